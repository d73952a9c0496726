/* Tests for lib/report/quotes_xlsx.c: the comparison of the worked example
 * (tests/data/ledger/quotes.jsonl against tests/data/ledger/quotes-program.yaml,
 * docs/internals/quotes.md) written as a workbook: a zip whose one sheet has a row a factory
 * and style, the answers of those that did not quote and the best fit said; a path that
 * cannot be written is an error naming the workbook, and nothing is left there. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include "selvedge/ledger_jsonl.h"
#include "selvedge/quotes.h"
#include "selvedge/quotes_xlsx.h"
#include "../test_util.h"

typedef struct hist {
    sv_pool *pool;
    const sv_ledger_event *v[64];
    size_t n;
} hist;

static sv_code keep(void *ud, int line, sv_ledger_event *ev, sv_err *e)
{
    hist *h = ud;
    (void)e;
    assert_true(h->n < 64);
    sv_ledger_event *c = sv_pool_alloc(h->pool, sizeof *c);
    assert_non_null(c);
    *c = *ev;
    c->id = line;
    h->v[h->n++] = c;
    return SV_OK;
}

static char *slurp(const char *rel)
{
    FILE *f = fopen(tu_source(rel), "rb");
    assert_non_null(f);
    char *b = malloc(1 << 16);
    assert_non_null(b);
    size_t n = fread(b, 1, (1 << 16) - 1, f);
    fclose(f);
    b[n] = '\0';
    return b;
}

static bool origin(void *ud, const char *factory, char out[3])
{
    (void)ud;
    memcpy(out, strncmp(factory, "pt-", 3) == 0 ? "PT" : "TR", 3);
    return true;
}

static sv_quotes *worked_example(sv_refdata *rd, hist *h)
{
    char *text = slurp("tests/data/ledger/quotes.jsonl");
    char *program = slurp("tests/data/ledger/quotes-program.yaml");
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(
        sv_ledger_jsonl_parse(text, strlen(text), "quotes.jsonl", h->pool, keep, h, &e), SV_OK);
    sv_cost_options opt = {.mode = SV_MODE_SEA, .today = {2027, 2, 1}};
    sv_quotes *q = NULL;
    int64_t now = sv_date_to_days((sv_date){2027, 2, 1}) * 86400 + 86399;
    assert_int_equal(
        sv_quotes_compare(h->v, h->n, "Q1", program, rd, &opt, origin, NULL, now, &q, &e), SV_OK);
    free(text);
    free(program);
    return q;
}

static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char *out = calloc(1, 1 << 16);
    assert_non_null(out);
    size_t n = fread(out, 1, (1 << 16) - 1, p);
    out[n] = '\0';
    assert_int_equal(pclose(p), 0);
    return out;
}

static void the_workbook(void **state)
{
    (void)state;
    sv_refdata *rd = tu_refdata();
    hist h = {.pool = sv_pool_create()};
    sv_quotes *q = worked_example(rd, &h);
    char *dir = tu_tempdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/q.xlsx", dir);
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_quotes_write_xlsx(path, q, &e), SV_OK);
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "python3 -c \"import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
             "print([n for n in z.namelist() if n.startswith('xl/worksheets/')]); "
             "print(z.read('xl/sharedStrings.xml').decode())\" '%s'",
             path);
    char *out = run(cmd);
    assert_non_null(strstr(out, "['xl/worksheets/sheet1.xml']"));
    static const char *const wants[] = {"RFQ Q1 (northline), USD",
                                        "pt-barcelos-sportmalha",
                                        "tr-bursa-devinim",
                                        "QT01",
                                        "QT02",
                                        "declined (capacity): Fully booked until July",
                                        "expired",
                                        "Best fit",
                                        "pt-barcelos-sportmalha: the lowest landed total",
                                        "days_before_launch",
                                        "fee_refunded",
                                        "refunded on a bulk order",
                                        "terms",
                                        "HARDER: a deposit of 50.00% against your 30.00%"};
    for (size_t i = 0; i < sizeof wants / sizeof *wants; i++)
        if (!strstr(out, wants[i]))
            fail_msg("the workbook does not say %s:\n%s", wants[i], out);
    free(out);
    /* a directory where the workbook goes: an error, nothing left */
    snprintf(path, sizeof path, "%s/no-such-dir/q.xlsx", dir);
    assert_int_equal(sv_quotes_write_xlsx(path, q, &e), SV_ERR_IO);
    assert_non_null(strstr(e.msg, "workbook"));
    struct stat st;
    assert_int_not_equal(stat(path, &st), 0);
    tu_rmtree(dir);
    sv_quotes_free(q);
    sv_pool_free(h.pool);
    sv_refdata_free(rd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_workbook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
