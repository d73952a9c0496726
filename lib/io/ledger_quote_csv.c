/* The quote a factory fills in as a spreadsheet, saved as CSV (selvedge/ledger_quote.h,
 * docs/ledger.md "The quote as CSV"): one text line a row, so that each error names its
 * line, read with libcsv as an order's lines are (ledger_lines.c). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/ledger_quote.h"
#include "selvedge/money.h"
#include "selvedge/program.h" /* sv_date_parse */
#include "csv_line.h"
#include "yaml_walk.h"        /* yw_read_file */

enum {
    C_STYLE,
    C_QTY,
    C_PRICE,
    C_MOQ_STYLE,
    C_MOQ_COLOR,
    C_SAMPLE_FEE,
    C_FEE_REFUNDED,
    C_SAMPLING_DAYS,
    C_PRODUCTION_DAYS,
    C_CURRENCY, /* the quote's terms from here: the first row's */
    C_DEPOSIT,
    C_BALANCE,
    C_INCOTERM,
    C_VALID_UNTIL,
    C_TEXT,
    NCOL,
    C_FIRST_TERM = C_CURRENCY,
};
static const char *const names[NCOL] = {
    "style",      "qty",          "price",         "moq_style",       "moq_color",
    "sample_fee", "fee_refunded", "sampling_days", "production_days", "currency",
    "deposit",    "balance",      "incoterm",      "valid_until",     "text",
};

/* A line's fields, at most CSV_LINE_FIELDS_MAX of them. */
static sv_code split(const char *s, size_t len, csv_line *r, const char *name, int line, sv_err *e)
{
    sv_code rc = csv_line_split(s, len, r, name, line, e);
    if (rc == SV_OK && r->n > CSV_LINE_FIELDS_MAX) {
        csv_line_free(r);
        return sv_err_at(e, SV_ERR_SCHEMA, name, line, 0, "", "more than %d fields",
                         CSV_LINE_FIELDS_MAX);
    }
    return rc;
}

static bool whole(const char *s, int64_t max, int64_t *out)
{
    if (!*s)
        return false;
    int64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > max)
            return false;
        v = v * 10 + (*s - '0');
    }
    if (v > max)
        return false;
    *out = v;
    return true;
}

typedef struct rd {
    const char *name;
    int line;
    sv_pool *pool;
    sv_err *e;
    const sv_currency *cur;
} rd;

static sv_code fail(rd *r, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static sv_code fail(rd *r, int col, const char *fmt, ...)
{
    char msg[sizeof r->e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sv_err_at(r->e, SV_ERR_SCHEMA, r->name, r->line, 0, names[col], "%s", msg);
}

static sv_code money(rd *r, int col, const char *v, sv_minor *out)
{
    sv_dec_result d = sv_decimal_parse(v, r->cur->exponent, out);
    if (d == SV_DEC_TOO_PRECISE) {
        char ex[16];
        snprintf(ex, sizeof ex, "%d", r->cur->exponent);
        return fail(r, col, "%.40s has more than %s decimals", v, ex);
    }
    if (d != SV_DEC_OK || *out < 0 || *out > SV_LEDGER_AMOUNT_MAX)
        return fail(r, col, "not an amount in %2$s (%1$.40s): 6.70", v, r->cur->code);
    return SV_OK;
}

static sv_code count(rd *r, int col, const char *v, int64_t min, int64_t max, int64_t *out)
{
    char lim[64];
    snprintf(lim, sizeof lim, "%lld to %lld", (long long)min, (long long)max);
    if (!whole(v, max, out) || *out < min)
        return fail(r, col, "not a whole number from %2$s (%1$.40s)", v, lim);
    return SV_OK;
}

static sv_code text(rd *r, int col, const char *v, size_t max, const char **out)
{
    if (strlen(v) > max) {
        char lim[32];
        snprintf(lim, sizeof lim, "%zu", max);
        return fail(r, col, "longer than %2$s bytes (%1$.20s...)", v, lim);
    }
    if (!(*out = sv_pool_strdup(r->pool, v)))
        return sv_err_set(r->e, SV_ERR_NOMEM, "out of memory");
    return SV_OK;
}

/* The quote's terms, from the first row. */
static sv_code terms(rd *r, const int *at, csv_line *w, sv_ledger_event *ev)
{
#define V(c) (at[c] >= 0 && (size_t)at[c] < w->n ? w->f[at[c]] : "")
    const char *v = V(C_CURRENCY);
    const sv_currency *cur = sv_currency_find(v);
    if (!cur || strlen(v) != 3 || v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z' ||
        v[2] < 'A' || v[2] > 'Z')
        return fail(r, C_CURRENCY, "%s%.40s: the first row's, an ISO 4217 code in capitals: EUR",
                    *v ? "not a currency code, " : "missing", v);
    memcpy(ev->currency, cur->code, 4);
    r->cur = cur;
    if (*(v = V(C_DEPOSIT))) {
        sv_minor bp;
        const char *p = v;
        char num[48];
        snprintf(num, sizeof num, "%.40s", p);
        size_t n = strlen(num);
        if (n && num[n - 1] == '%')
            num[n - 1] = 0;
        if (sv_decimal_parse(num, 2, &bp) != SV_DEC_OK || bp < 0 || bp > 10000)
            return fail(r, C_DEPOSIT, "not a percentage from 0 to 100 (%.40s): 30%s", v, "");
        ev->deposit_bp = bp;
    }
    if (*(v = V(C_BALANCE)))
        TRY(text(r, C_BALANCE, v, SV_LEDGER_TEXT_MAX, &ev->balance));
    if (*(v = V(C_INCOTERM)))
        TRY(text(r, C_INCOTERM, v, SV_LEDGER_REF_MAX, &ev->incoterm));
    if (*(v = V(C_VALID_UNTIL))) {
        sv_date d;
        if (!sv_date_parse(v, &d) || d.year < 2001 || d.year > 2099)
            return fail(r, C_VALID_UNTIL,
                        "not a date (%.40s): YYYY-MM-DD, 2001-01-01 to 2099-12-31%s", v, "");
        ev->valid_until = sv_date_to_days(d);
    }
    if (*(v = V(C_TEXT)))
        TRY(text(r, C_TEXT, v, SV_LEDGER_TEXT_MAX, &ev->text));
    return SV_OK;
}

/* A field of a style given on more than one of its rows: the same each time. */
static sv_code same_or_set(rd *r, int col, const char *v, const char **first)
{
    if (!*v)
        return SV_OK;
    if (*first && strcmp(*first, v) != 0)
        return fail(r, col, "%.40s differs from the style's earlier row (%.40s): give it once", v,
                    *first);
    if (!*first && !(*first = sv_pool_strdup(r->pool, v)))
        return sv_err_set(r->e, SV_ERR_NOMEM, "out of memory");
    return SV_OK;
}

sv_code sv_ledger_quote_csv_parse(const char *buf, size_t len, const char *name, sv_pool *pool,
                                  sv_ledger_event *ev, sv_err *e)
{
    if (!name)
        name = "<input>";
    rd r = {.name = name, .pool = pool, .e = e};
    int at[NCOL];
    for (int k = 0; k < NCOL; k++)
        at[k] = -1;
    bool header = false, first = true;
    size_t cap = 0, ns = 0;
    sv_ledger_quote_line *q = NULL;
    /* the raw text of each style field of the current style, once given */
    const char *given[NCOL] = {0};
    const char *term0[NCOL] = {0};
    const char *s;
    size_t l;
    for (size_t i = 0; csv_line_next(buf, len, &i, &s, &l, &r.line);) {
        if (l == 0)
            continue;
        if (memchr(s, '\0', l))
            return sv_err_at(e, SV_ERR_SYNTAX, name, r.line, 0, "", "a NUL byte in the line");
        csv_line w;
        TRY(split(s, l, &w, name, r.line, e));
        sv_code rc = SV_OK;
        if (!header) {
            for (size_t k = 0; rc == SV_OK && k < w.n; k++) {
                int c = 0;
                while (c < NCOL && strcmp(names[c], w.f[k]) != 0)
                    c++;
                if (c == NCOL)
                    rc = sv_err_at(e, SV_ERR_SCHEMA, name, r.line, 0, "",
                                   "unknown column %.40s: the columns are style, qty, price, "
                                   "moq_style, moq_color, sample_fee, fee_refunded, "
                                   "sampling_days, production_days, currency, deposit, "
                                   "balance, incoterm, valid_until, text",
                                   w.f[k]);
                else if (at[c] >= 0)
                    rc = sv_err_at(e, SV_ERR_SCHEMA, name, r.line, 0, "", "column %s twice",
                                   names[c]);
                else
                    at[c] = (int)k;
            }
            static const int needed[] = {C_STYLE, C_QTY, C_PRICE, C_CURRENCY};
            for (size_t k = 0; rc == SV_OK && k < 4; k++)
                if (at[needed[k]] < 0)
                    rc = sv_err_at(e, SV_ERR_SCHEMA, name, r.line, 0, "",
                                   "no column %s: a header row with at least style, qty, price "
                                   "and currency",
                                   names[needed[k]]);
            csv_line_free(&w);
            if (rc)
                return rc;
            header = true;
            continue;
        }
        const char *v[NCOL];
        for (int c = 0; c < NCOL; c++)
            v[c] = at[c] >= 0 && (size_t)at[c] < w.n ? w.f[at[c]] : "";
        if (first) {
            rc = terms(&r, at, &w, ev);
            for (int c = C_FIRST_TERM; rc == SV_OK && c < NCOL; c++)
                if (!(term0[c] = sv_pool_strdup(pool, v[c])))
                    rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            first = false;
        } else {
            /* the terms are the first row's: a later row leaves them blank or repeats them */
            for (int c = C_FIRST_TERM; rc == SV_OK && c < NCOL; c++)
                if (*v[c] && strcmp(v[c], term0[c]) != 0)
                    rc = fail(&r, c,
                              "%.40s differs from the first row's (%.40s): the quote's terms "
                              "are given once, on its first row",
                              v[c], term0[c]);
        }
        /* a new style, or the next break of the one before */
        if (rc == SV_OK && !*v[C_STYLE])
            rc = fail(&r, C_STYLE, "missing%s%s: the style's reference, on every row", "", "");
        bool fresh = rc == SV_OK && (ns == 0 || strcmp(q[ns - 1].style, v[C_STYLE]) != 0);
        if (fresh) {
            for (size_t k = 0; rc == SV_OK && k < ns; k++)
                if (strcmp(q[k].style, v[C_STYLE]) == 0)
                    rc = fail(&r, C_STYLE,
                              "%.40s again after another style: a style's rows go together%s",
                              v[C_STYLE], "");
            if (rc == SV_OK && ns == SV_LEDGER_QUOTE_MAX)
                rc = fail(&r, C_STYLE, "more than %s styles%s", "1000", "");
            if (rc == SV_OK && ns == cap) {
                size_t nc = cap ? 2 * cap : 16;
                sv_ledger_quote_line *nq = sv_pool_alloc(pool, nc * sizeof *nq);
                if (!nq)
                    rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
                else {
                    if (ns)
                        memcpy(nq, q, ns * sizeof *q);
                    q = nq;
                    cap = nc;
                }
            }
            if (rc == SV_OK) {
                sv_ledger_quote_line *x = &q[ns];
                memset(x, 0, sizeof *x);
                x->moq_style = x->moq_color = x->sample_fee = SV_LEDGER_UNSET;
                x->sampling_days = x->production_days = SV_LEDGER_UNSET;
                x->fee_refunded = SV_LEDGER_UNSET;
                x->breaks = sv_pool_alloc(pool, SV_LEDGER_BREAKS_MAX * sizeof *x->breaks);
                if (!x->breaks || !(x->style = sv_pool_strdup(pool, v[C_STYLE])))
                    rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
                ns++;
                memset(given, 0, sizeof given);
            }
        }
        sv_ledger_quote_line *x = rc == SV_OK ? &q[ns - 1] : NULL;
        if (rc == SV_OK && x->n_breaks == SV_LEDGER_BREAKS_MAX)
            rc = fail(&r, C_QTY, "more than %s breaks for style %.40s", "20", x->style);
        if (rc == SV_OK) {
            sv_ledger_break *b = &x->breaks[x->n_breaks];
            rc = count(&r, C_QTY, v[C_QTY], 1, SV_LEDGER_QTY_MAX, &b->qty);
            if (rc == SV_OK && x->n_breaks && b->qty <= x->breaks[x->n_breaks - 1].qty) {
                char prev[32];
                snprintf(prev, sizeof prev, "%lld", (long long)x->breaks[x->n_breaks - 1].qty);
                rc = fail(&r, C_QTY, "breaks go up in quantity (%.40s after %s)", v[C_QTY], prev);
            }
            if (rc == SV_OK && !*v[C_PRICE])
                rc = fail(&r, C_PRICE, "missing%s%s: the unit price from this quantity up", "", "");
            if (rc == SV_OK)
                rc = money(&r, C_PRICE, v[C_PRICE], &b->price);
            if (rc == SV_OK)
                x->n_breaks++;
        }
        for (int c = C_MOQ_STYLE; rc == SV_OK && c < C_FIRST_TERM; c++) {
            if (!*v[c])
                continue;
            bool again = given[c] != NULL;
            if ((rc = same_or_set(&r, c, v[c], &given[c])) || again)
                continue;
            switch (c) {
            case C_MOQ_STYLE:
                rc = count(&r, c, v[c], 0, SV_LEDGER_QTY_MAX, &x->moq_style);
                break;
            case C_MOQ_COLOR:
                rc = count(&r, c, v[c], 0, SV_LEDGER_QTY_MAX, &x->moq_color);
                break;
            case C_SAMPLING_DAYS:
                rc = count(&r, c, v[c], 0, SV_LEDGER_DAYS_MAX, &x->sampling_days);
                break;
            case C_PRODUCTION_DAYS:
                rc = count(&r, c, v[c], 0, SV_LEDGER_DAYS_MAX, &x->production_days);
                break;
            case C_SAMPLE_FEE:
                rc = money(&r, c, v[c], &x->sample_fee);
                break;
            case C_FEE_REFUNDED:
                if (strcmp(v[c], "true") == 0 || strcmp(v[c], "yes") == 0)
                    x->fee_refunded = 1;
                else if (strcmp(v[c], "false") == 0 || strcmp(v[c], "no") == 0)
                    x->fee_refunded = 0;
                else
                    rc = fail(&r, c, "true or false, not %.40s%s", v[c], "");
                break;
            }
        }
        csv_line_free(&w);
        if (rc)
            return rc;
    }
    if (!header || ns == 0)
        return sv_err_at(e, SV_ERR_SCHEMA, name, r.line ? r.line : 1, 0, "",
                         "no quote: a header row (style,qty,price,currency...), then a row per "
                         "style and quantity break");
    ev->quote = q;
    ev->n_quote = ns;
    return SV_OK;
}

sv_code sv_ledger_quote_csv_load(const char *path, sv_pool *pool, sv_ledger_event *ev, sv_err *e)
{
    char *buf;
    size_t len;
    sv_code rc = yw_read_file(path, SV_LEDGER_QUOTE_FILE_MAX, &buf, &len, e);
    if (rc)
        return rc;
    rc = sv_ledger_quote_csv_parse(buf, len, path, pool, ev, e);
    free(buf);
    return rc;
}
