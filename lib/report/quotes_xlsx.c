/* The quote comparison as an Excel workbook (selvedge/quotes_xlsx.h): one sheet, a row a
 * factory and style (a row a factory that did not quote), the best fit and why below; every
 * text cell a string, never a formula; money as numbers in the brand's currency with its
 * decimals (the quoted price in the quote's). docs/internals/quotes.md. */
#include "selvedge/quotes_xlsx.h"

#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

/* what the factory answered, as the text says it (a workbook cell needs no escaping) */
static const char *answer_text(const sv_quote_row *row, char *buf, size_t n)
{
    if (row->answer == SV_QA_DECLINED && row->declined)
        snprintf(buf, n, "declined (%s)%s%s",
                 row->declined->reason != SV_DECLINE_NONE
                     ? sv_decline_reason_name(row->declined->reason)
                     : "no reason given",
                 row->declined->text ? ": " : "", row->declined->text ? row->declined->text : "");
    else
        snprintf(buf, n, "%s", sv_quote_answer_name(row->answer));
    return buf;
}

sv_code sv_quotes_write_xlsx(const char *path, const sv_quotes *q, sv_err *e)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Quotes");
    lxw_format *bold = workbook_add_format(wb);
    lxw_format *num = workbook_add_format(wb);
    lxw_error err = ws && bold && num ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (!err) {
        format_set_bold(bold);
        char nf[32];
        snprintf(nf, sizeof nf, "#,##0%s%.*s", q->currency->exponent ? "." : "",
                 q->currency->exponent, "000000");
        format_set_num_format(num, nf);
    }
    static const char *const head[] = {"rank",
                                       "factory",
                                       "origin",
                                       "answer",
                                       "style",
                                       "qty",
                                       "break",
                                       "quoted",
                                       "fob",
                                       "freight",
                                       "insurance",
                                       "duty",
                                       "fees",
                                       "brokerage",
                                       "landed",
                                       "retail_margin_%",
                                       "extra_units",
                                       "extra_cost",
                                       "sample_fee",
                                       "sampling_days",
                                       "production_days",
                                       "days_before_launch",
                                       "fee_refunded",
                                       "terms"};
    enum { NH = sizeof head / sizeof *head };
    double scale = 1;
    for (int k = 0; k < q->currency->exponent; k++)
        scale *= 10;
    lxw_row_t r = 0;
    char t[512];
    snprintf(t, sizeof t, "RFQ %s (%s), %s", q->rfq, q->brand ? q->brand : "", q->currency->code);
    if (!err)
        err = worksheet_write_string(ws, r++, 0, t, bold);
    for (int k = 0; !err && k < NH; k++)
        err = worksheet_write_string(ws, r, (lxw_col_t)k, head[k], bold);
    r++;
    for (size_t i = 0; !err && i < q->n_rows; i++) {
        const sv_quote_row *row = &q->rows[i];
        size_t n = row->answer == SV_QA_QUOTED && !row->note[0] ? row->n_styles : 0;
        for (size_t s = 0; !err && s < (n ? n : 1); s++, r++) {
            if (row->rank)
                err = worksheet_write_number(ws, r, 0, row->rank, NULL);
            if (!err)
                err = worksheet_write_string(ws, r, 1, row->factory, NULL);
            if (!err)
                err = worksheet_write_string(ws, r, 2, row->origin, NULL);
            if (!err)
                err = worksheet_write_string(ws, r, 3, answer_text(row, t, sizeof t), NULL);
            if (!n || err)
                continue;
            const sv_quote_style *x = &row->styles[s];
            err = worksheet_write_string(ws, r, 4, x->style, NULL);
            if (!err)
                err = worksheet_write_number(ws, r, 5, (double)x->qty, NULL);
            if (err || !x->quoted)
                continue;
            const sv_currency *qc =
                row->quote->currency[0] ? sv_currency_find(row->quote->currency) : NULL;
            double qscale = 1;
            for (int k = 0; k < (qc ? qc->exponent : q->currency->exponent); k++)
                qscale *= 10;
            const double v[] = {(double)x->break_qty, x->price_quoted / qscale, x->fob / scale,
                                x->freight / scale,   x->insurance / scale,     x->duty / scale,
                                x->fees / scale,      x->brokerage / scale,     x->landed / scale};
            for (int k = 0; !err && k < 9; k++)
                err = worksheet_write_number(ws, r, (lxw_col_t)(6 + k), v[k], k ? num : NULL);
            if (!err && x->retail_margin_bp != SV_UNSET)
                err = worksheet_write_number(ws, r, 15, x->retail_margin_bp / 100.0, NULL);
            if (!err)
                err = worksheet_write_number(ws, r, 16, (double)x->extra_units, NULL);
            if (!err)
                err = worksheet_write_number(ws, r, 17, x->extra_cost / scale, num);
            if (!err && x->sample_fee != SV_LEDGER_UNSET)
                err = worksheet_write_number(ws, r, 18, x->sample_fee / scale, num);
            if (!err && x->sampling_days != SV_LEDGER_UNSET)
                err = worksheet_write_number(ws, r, 19, (double)x->sampling_days, NULL);
            if (!err && x->production_days != SV_LEDGER_UNSET)
                err = worksheet_write_number(ws, r, 20, (double)x->production_days, NULL);
            /* the style's own days before the launch on the T&A plan (negative: late) */
            if (!err && x->slack_days != SV_LEDGER_UNSET)
                err = worksheet_write_number(ws, r, 21, (double)x->slack_days, NULL);
            if (!err && x->sample_fee != SV_LEDGER_UNSET && x->fee_refunded)
                err = worksheet_write_string(ws, r, 22, "refunded on a bulk order", NULL);
            if (!err && row->terms[0]) {
                snprintf(t, sizeof t, "%s%s", row->terms_harder ? "HARDER: " : "", row->terms);
                err = worksheet_write_string(ws, r, 23, t, NULL);
            }
        }
    }
    if (!err && q->best >= 0) {
        r++;
        err = worksheet_write_string(ws, r, 0, "Best fit", bold);
        if (!err)
            err = worksheet_write_string(ws, r, 1, q->why, NULL);
    }
    if (err) {
        lxw_workbook_free(wb);
        return sv_err_set(e, SV_ERR_IO, "cannot write the workbook: %s", lxw_strerror(err));
    }
    err = workbook_close(wb);
    if (err) {
        if (err != LXW_ERROR_CREATING_XLSX_FILE)
            remove(path);
        return sv_err_set(e, SV_ERR_IO, "cannot write the workbook: %s", lxw_strerror(err));
    }
    return SV_OK;
}
