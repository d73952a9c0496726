/* Tests for lib/io/ledger_lines.c: an order's lines from CSV, each error at its line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "selvedge/ledger_lines.h"
#include "selvedge/pool.h"

static sv_code parse(const char *text, const char *currency, sv_ledger_line **out, int **at,
                     size_t *n, sv_err *e, sv_pool *pool)
{
    sv_err_clear(e);
    return sv_ledger_lines_parse(text, strlen(text), "po.csv", currency, pool, out, at, n, e);
}

static void test_reads_lines_with_their_line_numbers(void **state)
{
    (void)state;
    sv_pool *pool = sv_pool_create();
    sv_ledger_line *l;
    int *at;
    size_t n;
    sv_err e;
    assert_int_equal(parse("style,color,size,qty,price\r\n"
                           "TS01,\"Oat, melange\",M,300,6.7\r\n"
                           "\r\n"
                           "TS01,Oat,L,1000000000,0.05\n",
                           "EUR", &l, &at, &n, &e, pool),
                     SV_OK);
    assert_int_equal(n, 2);
    assert_string_equal(l[0].color, "Oat, melange");
    assert_int_equal(l[0].qty, 300);
    assert_int_equal(l[0].price, 670);
    assert_int_equal(at[0], 2);
    assert_int_equal(at[1], 4);
    assert_int_equal(l[1].qty, 1000000000);
    assert_int_equal(l[1].price, 5);
    /* JPY has no decimals */
    assert_int_equal(
        parse("style,color,size,qty,price\nTS01,Oat,M,3,670\n", "JPY", &l, &at, &n, &e, pool),
        SV_OK);
    assert_int_equal(l[0].price, 670);
    sv_pool_free(pool);
}

static void refused(const char *text, int line, const char *field, const char *words)
{
    sv_pool *pool = sv_pool_create();
    sv_ledger_line *l;
    int *at;
    size_t n;
    sv_err e;
    assert_int_not_equal(parse(text, "EUR", &l, &at, &n, &e, pool), SV_OK);
    assert_int_equal(e.line, line);
    assert_string_equal(e.field, field);
    if (!strstr(e.msg, words))
        fail_msg("message \"%s\" lacks \"%s\"", e.msg, words);
    sv_pool_free(pool);
}

static void test_refused_at_their_line(void **state)
{
    (void)state;
    refused("style,color,size,qty,price\nTS01,Oat,M,300,6.705\n", 2, "price", "2 decimals");
    refused("style,color,size,qty,price\nTS01,Oat,M,0,6.70\n", 2, "qty", "whole number");
    refused("style,color,size,qty,price\nTS01,Oat,M,1000000001,6.70\n", 2, "qty", "whole");
    refused("style,color,size,qty,price\nTS01,Oat,M,-3,6.70\n", 2, "qty", "whole");
    refused("style,color,size,qty,price\nTS01,Oat,M,3,-1\n", 2, "price", "not a price");
    refused("style,color,size,qty,price\nTS01,Oat,M,3,6.70,x\n", 2, "", "6 fields");
    refused("style,color,size,qty,price\nTS01,\"Oat,M,3,6.70\n", 2, "", "not a CSV row");
    refused("style,size,color,qty,price\n", 1, "", "the header");
    refused("", 1, "", "no lines");
    sv_pool *pool = sv_pool_create();
    sv_ledger_line *l;
    int *at;
    size_t n;
    sv_err e;
    assert_int_equal(parse("style,color,size,qty,price\n", NULL, &l, &at, &n, &e, pool),
                     SV_ERR_USAGE);
    sv_pool_free(pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_lines_with_their_line_numbers),
        cmocka_unit_test(test_refused_at_their_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
