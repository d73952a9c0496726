/* The cost report as an Excel workbook (selvedge/cost_xlsx.h). */
#include "selvedge/cost_xlsx.h"

#include <stdio.h>

#include <xlsxwriter.h>

#include "selvedge/refdata.h"

typedef struct book {
    lxw_worksheet *ws;
    lxw_format *money, *pct, *bold;
    double scale;
    lxw_error err;
} book;

static void text(book *b, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    if (!b->err && s)
        b->err = worksheet_write_string(b->ws, r, c, s, f);
}

static void number(book *b, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    if (!b->err)
        b->err = worksheet_write_number(b->ws, r, c, v, f);
}

static void money(book *b, lxw_row_t r, lxw_col_t c, sv_minor v)
{
    if (v != SV_UNSET)
        number(b, r, c, (double)v / b->scale, b->money);
}

static void bp(book *b, lxw_row_t r, lxw_col_t c, int64_t v)
{
    if (v != SV_UNSET)
        number(b, r, c, (double)v / 10000.0, b->pct);
}

static void cost_sheet(book *b, const sv_program *p, const sv_cost_report *r)
{
    static const char *const head[] = {"style",       "name",
                                       "origin",      "mode",
                                       "estimated",   "units",
                                       "fob",         "freight",
                                       "insurance",   "duty_rate",
                                       "duty",        "additional_duties",
                                       "fees",        "brokerage",
                                       "commission",  "testing",
                                       "development", "landed",
                                       "retail",      "retail_margin",
                                       "wholesale",   "wholesale_margin"};
    enum { NH = sizeof head / sizeof *head };
    char t[512];
    snprintf(t, sizeof t, "%s: cost sheet in %s, from %s to %s", p->name ? p->name : "program",
             r->currency->code, r->origin, r->destination);
    lxw_row_t row = 0;
    text(b, row++, 0, t, b->bold);
    for (int k = 0; k < NH; k++)
        text(b, row, (lxw_col_t)k, head[k], b->bold);
    row++;
    for (size_t i = 0; i < r->n_styles; i++, row++) {
        const sv_style_cost *s = &r->styles[i];
        text(b, row, 0, s->style && s->style->code ? s->style->code : "", NULL);
        text(b, row, 1, s->style ? s->style->name : NULL, NULL);
        text(b, row, 2, s->origin, NULL);
        text(b, row, 3, sv_mode_name(s->mode), NULL);
        if (!s->ok) {
            text(b, row, 4, "not costed: the style has no category", NULL);
            continue;
        }
        text(b, row, 4, s->estimated ? "yes" : "no", NULL);
        number(b, row, 5, (double)s->fob_units, NULL);
        money(b, row, 6, s->fob);
        money(b, row, 7, s->freight);
        money(b, row, 8, s->insurance);
        bp(b, row, 9, s->duty_bp);
        money(b, row, 10, s->duty);
        money(b, row, 11, s->extra_total);
        money(b, row, 12, s->fees_total);
        money(b, row, 13, s->brokerage);
        money(b, row, 14, s->commission);
        money(b, row, 15, s->testing);
        money(b, row, 16, s->development);
        money(b, row, 17, s->landed);
        money(b, row, 18, s->retail);
        if (s->retail != SV_UNSET)
            bp(b, row, 19, s->retail_margin_bp);
        money(b, row, 20, s->wholesale);
        if (s->wholesale != SV_UNSET)
            bp(b, row, 21, s->wholesale_margin_bp);
    }
    row++;
    text(b, row, 0, "program", b->bold);
    number(b, row, 5, (double)r->program_units, NULL);
    money(b, row, 6, r->total_fob);
    money(b, row, 17, r->total_landed);
    if (!b->err)
        b->err = worksheet_set_column(b->ws, 0, 1, 18, NULL);
}

static void runs_sheet(book *b, const sv_cost_report *r)
{
    static const char *const head[] = {
        "style",   "units",  "unit_fob", "setup_per_unit", "fabric_minimum_per_unit",
        "vs_bulk", "planned"};
    lxw_row_t row = 0;
    for (int k = 0; k < 7; k++)
        text(b, row, (lxw_col_t)k, head[k], b->bold);
    row++;
    for (size_t i = 0; i < r->n_styles; i++) {
        const sv_style_cost *s = &r->styles[i];
        for (int k = 0; s->ok && k < s->n_runs; k++, row++) {
            const sv_run_cost *x = &s->runs[k];
            text(b, row, 0, s->style && s->style->code ? s->style->code : "", NULL);
            number(b, row, 1, (double)x->units, NULL);
            money(b, row, 2, x->unit_fob);
            money(b, row, 3, x->setup_per_unit);
            money(b, row, 4, x->fabric_minimum_per_unit);
            bp(b, row, 5, x->vs_bulk_bp);
            text(b, row, 6, x->planned ? "planned" : "", NULL);
        }
    }
}

sv_code sv_cost_write_xlsx(const char *path, const sv_program *p, const sv_cost_report *r,
                           sv_err *e)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    book b = {.ws = workbook_add_worksheet(wb, "Cost"),
              .money = workbook_add_format(wb),
              .pct = workbook_add_format(wb),
              .bold = workbook_add_format(wb),
              .scale = 1};
    lxw_worksheet *runs = workbook_add_worksheet(wb, "Small runs");
    b.err =
        b.ws && runs && b.money && b.pct && b.bold ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (!b.err) {
        char nf[32];
        snprintf(nf, sizeof nf, "#,##0%s%.*s", r->currency->exponent ? "." : "",
                 r->currency->exponent, "000000");
        format_set_num_format(b.money, nf);
        format_set_num_format(b.pct, "0.0%");
        format_set_bold(b.bold);
        for (int k = 0; k < r->currency->exponent; k++)
            b.scale *= 10;
        cost_sheet(&b, p, r);
        b.ws = runs;
        runs_sheet(&b, r);
    }
    if (b.err) {
        lxw_workbook_free(wb);
        return sv_err_set(e, SV_ERR_IO, "cannot write the workbook: %s", lxw_strerror(b.err));
    }
    lxw_error err = workbook_close(wb);
    if (err) {
        if (err != LXW_ERROR_CREATING_XLSX_FILE)
            remove(path);
        return sv_err_set(e, SV_ERR_IO, "cannot write the workbook: %s", lxw_strerror(err));
    }
    return SV_OK;
}
