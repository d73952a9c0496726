/* An order's lines from CSV (selvedge/ledger_lines.h), one text line a row so that each error
 * names its line. */
#include "selvedge/ledger_lines.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/money.h"
#include "yaml_walk.h" /* yw_read_file */

enum { COLS = 5 };
static const char *const cols[COLS] = {"style", "color", "size", "qty", "price"};

typedef struct row {
    char *f[COLS];
    size_t n; /* fields seen, may pass COLS */
    bool nomem;
} row;

static void on_field(void *s, size_t len, void *ud)
{
    row *r = ud;
    if (r->n < COLS && !r->nomem) {
        char *v = malloc(len + 1);
        if (!v) {
            r->nomem = true;
        } else {
            memcpy(v, s, len);
            v[len] = 0;
            r->f[r->n] = v;
        }
    }
    r->n++;
}

static void on_row(int c, void *ud)
{
    (void)c;
    (void)ud;
}

static void row_free(row *r)
{
    for (size_t i = 0; i < COLS; i++)
        free(r->f[i]);
    memset(r, 0, sizeof *r);
}

/* The fields of one text line. */
static sv_code split(const char *s, size_t len, row *r, const char *name, int line, sv_err *e)
{
    struct csv_parser p;
    memset(r, 0, sizeof *r);
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    size_t done = csv_parse(&p, s, len, on_field, on_row, r);
    int bad = done != len || csv_fini(&p, on_field, on_row, r) != 0;
    csv_free(&p);
    if (r->nomem) {
        row_free(r);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    if (bad) {
        row_free(r);
        return sv_err_at(e, SV_ERR_SYNTAX, name, line, 0, "", "not a CSV row (a quote left open?)");
    }
    return SV_OK;
}

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
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        size_t l = j - i;
        if (l && text[i + l - 1] == '\r')
            l--;
        line++;
        const char *s = text + i;
        i = j + 1;
        if (l == 0)
            continue;
        row r;
        sv_code rc = split(s, l, &r, name, line, e);
        if (rc)
            return rc;
        if (!header) {
            bool ok = r.n == COLS;
            for (size_t k = 0; ok && k < COLS; k++)
                ok = strcmp(r.f[k], cols[k]) == 0;
            row_free(&r);
            if (!ok)
                return sv_err_at(e, SV_ERR_SCHEMA, name, line, 0, "",
                                 "the header is style,color,size,qty,price");
            header = true;
            continue;
        }
        if (r.n != COLS) {
            size_t got = r.n;
            row_free(&r);
            return sv_err_at(e, SV_ERR_SCHEMA, name, line, 0, "",
                             "%zu fields, not 5: style,color,size,qty,price", got);
        }
        if (cnt == SV_LEDGER_LINES_MAX) {
            row_free(&r);
            return sv_err_at(e, SV_ERR_SCHEMA, name, line, 0, "", "more than %d lines",
                             SV_LEDGER_LINES_MAX);
        }
        if (cnt == cap) {
            sv_ledger_line *nv = sv_pool_alloc(pool, 2 * cap * sizeof *nv);
            int *na = sv_pool_alloc(pool, 2 * cap * sizeof *na);
            if (!nv || !na) {
                row_free(&r);
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
            row_free(&r);
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
        row_free(&r);
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
