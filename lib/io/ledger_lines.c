/* An order's lines from CSV (selvedge/ledger_lines.h), one text line a row so that each error
 * names its line. */
#include "selvedge/ledger_lines.h"

#include <stdlib.h>
#include <string.h>

#include "selvedge/money.h"
#include "csv_line.h"
#include "yaml_walk.h" /* yw_read_file */

enum { COLS = 5 };
static const char *const cols[COLS] = {"style", "color", "size", "qty", "price"};

static bool whole(const char *s, int64_t *out)
{
    if (!*s)
        return false;
    int64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > SV_LEDGER_QTY_MAX)
            return false;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return true;
}

sv_code sv_ledger_lines_parse(const char *text, size_t len, const char *name, const char *currency,
                              sv_pool *pool, sv_ledger_line **out, int **lines_at, size_t *n,
                              sv_err *e)
{
    *out = NULL;
    *lines_at = NULL;
    *n = 0;
    const sv_currency *cur = currency ? sv_currency_find(currency) : NULL;
    if (!cur)
        return sv_err_at(e, SV_ERR_USAGE, NULL, 0, 0, "currency",
                         "the order's currency first: --currency EUR");
    size_t cap = 16, cnt = 0;
    sv_ledger_line *v = sv_pool_alloc(pool, cap * sizeof *v);
    int *at = sv_pool_alloc(pool, cap * sizeof *at);
    if (!v || !at)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    bool header = false;
    int line = 0;
    const char *s;
    size_t l;
    for (size_t i = 0; csv_line_next(text, len, &i, &s, &l, &line);) {
        if (l == 0)
            continue;
        csv_line r;
        sv_code rc = csv_line_split(s, l, &r, name, line, e);
        if (rc)
            return rc;
        if (!header) {
            bool ok = r.n == COLS;
            for (size_t k = 0; ok && k < COLS; k++)
                ok = strcmp(r.f[k], cols[k]) == 0;
            csv_line_free(&r);
            if (!ok)
                return sv_err_at(e, SV_ERR_SCHEMA, name, line, 0, "",
                                 "the header is style,color,size,qty,price");
            header = true;
            continue;
        }
        if (r.n != COLS) {
            size_t got = r.n;
            csv_line_free(&r);
            return sv_err_at(e, SV_ERR_SCHEMA, name, line, 0, "",
                             "%zu fields, not 5: style,color,size,qty,price", got);
        }
        if (cnt == SV_LEDGER_LINES_MAX) {
            csv_line_free(&r);
            return sv_err_at(e, SV_ERR_SCHEMA, name, line, 0, "", "more than %d lines",
                             SV_LEDGER_LINES_MAX);
        }
        if (cnt == cap) {
            sv_ledger_line *nv = sv_pool_alloc(pool, 2 * cap * sizeof *nv);
            int *na = sv_pool_alloc(pool, 2 * cap * sizeof *na);
            if (!nv || !na) {
                csv_line_free(&r);
                return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            }
            memcpy(nv, v, cnt * sizeof *v);
            memcpy(na, at, cnt * sizeof *at);
            v = nv;
            at = na;
            cap *= 2;
        }
        sv_ledger_line *ln = &v[cnt];
        ln->style = sv_pool_strdup(pool, r.f[0]);
        ln->color = sv_pool_strdup(pool, r.f[1]);
        ln->size = sv_pool_strdup(pool, r.f[2]);
        if (!ln->style || !ln->color || !ln->size) {
            csv_line_free(&r);
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        }
        if (!whole(r.f[3], &ln->qty) || ln->qty < 1 || ln->qty > SV_LEDGER_QTY_MAX) {
            rc = sv_err_at(e, SV_ERR_SCHEMA, name, line, 0, "qty",
                           "not a whole number of units from 1 to 10^9 (%.40s)", r.f[3]);
        } else {
            sv_dec_result d = sv_decimal_parse(r.f[4], cur->exponent, &ln->price);
            if (d == SV_DEC_TOO_PRECISE)
                rc = sv_err_at(e, SV_ERR_SCHEMA, name, line, 0, "price",
                               "%.40s has more than %d decimals", r.f[4], cur->exponent);
            else if (d != SV_DEC_OK || ln->price < 0 || ln->price > SV_LEDGER_AMOUNT_MAX)
                rc = sv_err_at(e, SV_ERR_SCHEMA, name, line, 0, "price",
                               "not a price in %s (%.40s): 6.70", cur->code, r.f[4]);
        }
        csv_line_free(&r);
        if (rc)
            return rc;
        at[cnt++] = line;
    }
    if (!header || cnt == 0)
        return sv_err_at(e, SV_ERR_SCHEMA, name, line ? line : 1, 0, "",
                         "no lines: a header style,color,size,qty,price, then a line each");
    *out = v;
    *lines_at = at;
    *n = cnt;
    return SV_OK;
}

sv_code sv_ledger_lines_load(const char *path, const char *currency, sv_pool *pool,
                             sv_ledger_line **out, int **lines_at, size_t *n, sv_err *e)
{
    char *buf;
    size_t len;
    sv_code rc = yw_read_file(path, SV_LEDGER_LINES_FILE_MAX, &buf, &len, e);
    if (rc)
        return rc;
    rc = sv_ledger_lines_parse(buf, len, path, currency, pool, out, lines_at, n, e);
    free(buf);
    return rc;
}
