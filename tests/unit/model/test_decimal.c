/* Tests for lib/model/decimal.c: fixed-point parse and format, rounding multiplication and
 * currency conversion. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "selvedge/money.h"

static void expect_parse(const char *text, int scale, int64_t want)
{
    int64_t v = 0x5a5a5a5a;
    sv_dec_result r = sv_decimal_parse(text, scale, &v);
    if (r != SV_DEC_OK)
        fail_msg("\"%s\" at scale %d: result %d, expected OK", text, scale, (int)r);
    if (v != want)
        fail_msg("\"%s\" at scale %d: %lld, expected %lld", text, scale, (long long)v,
                 (long long)want);
}

/* A refused text leaves *out untouched. */
static void expect_refused(const char *text, int scale, sv_dec_result want)
{
    int64_t v = 4242;
    sv_dec_result r = sv_decimal_parse(text, scale, &v);
    if (r != want)
        fail_msg("\"%s\" at scale %d: result %d, expected %d", text ? text : "(null)", scale,
                 (int)r, (int)want);
    assert_int_equal(v, 4242);
}

static void expect_format(int64_t v, int scale, bool group, const char *want)
{
    char buf[64];
    memset(buf, 'X', sizeof buf);
    char *r = sv_decimal_format(v, scale, group, buf, sizeof buf);
    assert_ptr_equal(r, buf);
    if (strcmp(buf, want) != 0)
        fail_msg("format(%lld, %d, %d) = \"%s\", expected \"%s\"", (long long)v, scale, group, buf,
                 want);
}

/* ---- parse ------------------------------------------------------------------------- */

static void test_parse_basic(void **state)
{
    (void)state;
    expect_parse("18.50", 2, 1850);
    expect_parse("18.5", 2, 1850);
    expect_parse("18", 2, 1800);
    expect_parse("0", 2, 0);
    expect_parse("0.01", 2, 1);
    expect_parse("98.00", 2, 9800);
    expect_parse("4500.00", 2, 450000);
    expect_parse("0.9", 3, 900);
    expect_parse("30", 2, 3000);
    expect_parse("1500", 0, 1500);
    expect_parse("12.345", 3, 12345);
}

static void test_parse_scales_0_to_6(void **state)
{
    (void)state;
    const int64_t want[] = {1, 12, 123, 1230, 12300, 123000, 1230000};
    for (int s = 0; s <= 6; s++) {
        if (s < 2)
            expect_refused("1.23", s, SV_DEC_TOO_PRECISE);
        else
            expect_parse("1.23", s, want[s]);
        int64_t one = 1;
        for (int i = 0; i < s; i++)
            one *= 10;
        expect_parse("1", s, one);
        expect_parse("-1", s, -one);
    }
    expect_parse("0.000001", 6, 1);
    expect_parse("123456.654321", 6, 123456654321);
    expect_refused("0.0000001", 6, SV_DEC_TOO_PRECISE);
}

static void test_parse_signs(void **state)
{
    (void)state;
    expect_parse("-3", 2, -300);
    expect_parse("-18.05", 2, -1805);
    expect_parse("+7.5", 2, 750);
    expect_parse("-0", 2, 0);
    expect_parse("-0.00", 2, 0);
    expect_refused("-", 2, SV_DEC_SYNTAX);
    expect_refused("+", 2, SV_DEC_SYNTAX);
    expect_refused("--1", 2, SV_DEC_SYNTAX);
    expect_refused("+-1", 2, SV_DEC_SYNTAX);
    expect_refused("1-", 2, SV_DEC_SYNTAX);
}

static void test_parse_trailing_zeros_beyond_scale(void **state)
{
    (void)state;
    expect_parse("18.500", 2, 1850);
    expect_parse("18.5000000000000000000000000", 2, 1850);
    expect_parse("7.0", 0, 7);
    expect_parse("7.000", 0, 7);
    expect_parse("-7.00", 0, -7);
}

static void test_parse_too_precise(void **state)
{
    (void)state;
    expect_refused("18.505", 2, SV_DEC_TOO_PRECISE);
    expect_refused("18.5001", 2, SV_DEC_TOO_PRECISE);
    expect_refused("18.5000001", 2, SV_DEC_TOO_PRECISE);
    expect_refused("1.5", 0, SV_DEC_TOO_PRECISE);
    expect_refused("1500.5", 0, SV_DEC_TOO_PRECISE);
    expect_refused("-0.001", 2, SV_DEC_TOO_PRECISE);
    expect_refused("1.2346", 3, SV_DEC_TOO_PRECISE);
}

/* ".5" and "5." are accepted, as YAML 1.1 floats are: a lone point is not. */
static void test_parse_bare_point(void **state)
{
    (void)state;
    expect_parse(".5", 2, 50);
    expect_parse("-.5", 2, -50);
    expect_parse("+.25", 2, 25);
    expect_parse("5.", 2, 500);
    expect_parse("5.", 0, 5);
    expect_parse("-5.", 1, -50);
    expect_parse(".0", 0, 0);
    expect_refused(".5", 0, SV_DEC_TOO_PRECISE);
    expect_refused(".", 2, SV_DEC_SYNTAX);
    expect_refused(".", 0, SV_DEC_SYNTAX);
    expect_refused("-.", 2, SV_DEC_SYNTAX);
    expect_refused("..5", 2, SV_DEC_SYNTAX);
    expect_refused("1..5", 2, SV_DEC_SYNTAX);
    expect_refused("1.5.", 2, SV_DEC_SYNTAX);
}

static void test_parse_syntax_errors(void **state)
{
    (void)state;
    const char *bad[] = {"",     "abc",   "1e3", "1E3", "1,000", "1 000",        " 1",  "1 ",
                         "0x10", "1_000", "12a", "a12", "18.5x", "$18",          "18$", "inf",
                         "nan",  ".inf",  "1/2", "\t1", "1\n",   "\xef\xbc\x91", "\xff"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_refused(bad[i], 2, SV_DEC_SYNTAX);
    expect_refused(NULL, 2, SV_DEC_SYNTAX);
}

static void test_parse_bad_scale(void **state)
{
    (void)state;
    expect_refused("1", -1, SV_DEC_SYNTAX);
    expect_refused("1", 19, SV_DEC_SYNTAX);
    expect_parse("1", 18, 1000000000000000000);
    expect_parse("9.223372036854775807", 18, INT64_MAX);
}

static void test_parse_leading_zeros(void **state)
{
    (void)state;
    expect_parse("007", 0, 7);
    expect_parse("0000000000000000000000000000000000000001", 0, 1);
    expect_parse("0000000000000000000000000000000000000001.50", 2, 150);
}

static void test_parse_overflow_near_int64_max(void **state)
{
    (void)state;
    expect_parse("9223372036854775807", 0, INT64_MAX);
    expect_parse("-9223372036854775807", 0, -INT64_MAX);
    expect_refused("9223372036854775808", 0, SV_DEC_OVERFLOW);
    expect_refused("99999999999999999999", 0, SV_DEC_OVERFLOW);
    expect_refused("99999999999999999999999999999999999999999999999999", 0, SV_DEC_OVERFLOW);
    expect_refused("-9223372036854775809", 0, SV_DEC_OVERFLOW);
    /* the scale counts: fits as an integer, not once scaled */
    expect_parse("92233720368547758.07", 2, INT64_MAX);
    expect_refused("92233720368547758.08", 2, SV_DEC_OVERFLOW);
    expect_parse("92233720368547758", 2, 9223372036854775800);
    expect_refused("92233720368547759", 2, SV_DEC_OVERFLOW);
    expect_refused("9223372036854775807", 1, SV_DEC_OVERFLOW);
    expect_refused("9223372036854775807.0", 1, SV_DEC_OVERFLOW);
    expect_parse("9223372036854775807.0", 0, INT64_MAX);
}

/* INT64_MIN fits in 64 bits, so by the header's own words it is not an overflow. */
static void test_parse_int64_min(void **state)
{
    (void)state;
    expect_parse("-9223372036854775808", 0, INT64_MIN);
    expect_parse("-92233720368547758.08", 2, INT64_MIN);
}

/* ---- format ------------------------------------------------------------------------ */

static void test_format_basic(void **state)
{
    (void)state;
    expect_format(1850, 2, false, "18.50");
    expect_format(9800, 2, false, "98.00");
    expect_format(5, 2, false, "0.05");
    expect_format(50, 2, false, "0.50");
    expect_format(0, 2, false, "0.00");
    expect_format(0, 0, false, "0");
    expect_format(7, 0, false, "7");
    expect_format(900, 3, false, "0.900");
    expect_format(1, 6, false, "0.000001");
    expect_format(1234567, 6, false, "1.234567");
}

static void test_format_negative(void **state)
{
    (void)state;
    expect_format(-5, 2, false, "-0.05");
    expect_format(-1850, 2, false, "-18.50");
    expect_format(-7, 0, false, "-7");
    expect_format(-1, 3, false, "-0.001");
    expect_format(INT64_MIN, 0, false, "-9223372036854775808");
    expect_format(INT64_MIN, 2, false, "-92233720368547758.08");
    expect_format(INT64_MAX, 2, false, "92233720368547758.07");
}

static void test_format_grouping(void **state)
{
    (void)state;
    expect_format(123456789, 2, true, "1,234,567.89");
    expect_format(-123456789, 2, true, "-1,234,567.89");
    expect_format(123450, 2, true, "1,234.50");
    expect_format(99999, 2, true, "999.99");
    expect_format(100000, 2, true, "1,000.00");
    expect_format(1000, 0, true, "1,000");
    expect_format(999, 0, true, "999");
    expect_format(100000, 0, true, "100,000");
    expect_format(1000000, 0, true, "1,000,000");
    expect_format(0, 0, true, "0");
    expect_format(5, 2, true, "0.05");
    expect_format(-1000, 0, true, "-1,000");
    expect_format(-100, 0, true, "-100");
    expect_format(1234567, 3, true, "1,234.567");
    expect_format(INT64_MAX, 0, true, "9,223,372,036,854,775,807");
    expect_format(INT64_MIN, 0, true, "-9,223,372,036,854,775,808");
}

static void test_format_small_buffer(void **state)
{
    (void)state;
    char buf[5];
    memset(buf, 'X', sizeof buf);
    sv_decimal_format(123450, 2, false, buf, sizeof buf);
    assert_string_equal(buf, "1234"); /* truncated, always NUL-terminated */
    char one[1] = {'X'};
    sv_decimal_format(123450, 2, true, one, sizeof one);
    assert_int_equal(one[0], '\0');
}

static void test_round_trip(void **state)
{
    (void)state;
    const int64_t vals[] = {0,
                            1,
                            -1,
                            7,
                            -7,
                            10,
                            99,
                            100,
                            101,
                            1850,
                            -1850,
                            123456789,
                            -123456789,
                            1000000000,
                            4503599627370497,
                            INT64_MAX,
                            -INT64_MAX,
                            INT64_MAX / 10,
                            -(INT64_MAX / 1000)};
    for (int s = 0; s <= 6; s++) {
        for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
            char buf[64];
            sv_decimal_format(vals[i], s, false, buf, sizeof buf);
            int64_t back = 0;
            sv_dec_result r = sv_decimal_parse(buf, s, &back);
            if (r != SV_DEC_OK || back != vals[i])
                fail_msg("%lld at scale %d -> \"%s\" -> result %d, %lld", (long long)vals[i], s,
                         buf, (int)r, (long long)back);
            /* exactly `scale` decimals */
            const char *dot = strchr(buf, '.');
            if (s == 0)
                assert_null(dot);
            else
                assert_int_equal(strlen(dot + 1), (size_t)s);
        }
    }
}

static void test_round_trip_text(void **state)
{
    (void)state;
    /* canonical texts survive parse then format unchanged */
    const struct {
        const char *text;
        int scale;
    } t[] = {{"18.50", 2}, {"0.05", 2},           {"-0.05", 2}, {"1500", 0}, {"12.345", 3},
             {"0.900", 3}, {"-123456.000001", 6}, {"0", 0},     {"0.0", 1}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int64_t v;
        char buf[64];
        assert_int_equal(sv_decimal_parse(t[i].text, t[i].scale, &v), SV_DEC_OK);
        sv_decimal_format(v, t[i].scale, false, buf, sizeof buf);
        assert_string_equal(buf, t[i].text);
    }
}

static void test_grouped_text_is_not_parsed(void **state)
{
    (void)state;
    /* formatting with grouping is for display only: the parser does not read it back */
    char buf[64];
    sv_decimal_format(123456789, 2, true, buf, sizeof buf);
    assert_string_equal(buf, "1,234,567.89");
    expect_refused(buf, 2, SV_DEC_SYNTAX);
}

/* ---- muldiv ------------------------------------------------------------------------ */

static void test_muldiv_exact(void **state)
{
    (void)state;
    assert_int_equal(sv_muldiv(10, 3, 5), 6);
    assert_int_equal(sv_muldiv(0, 3, 5), 0);
    assert_int_equal(sv_muldiv(9800, 3000, 10000), 2940);
    assert_int_equal(sv_muldiv(-10, 3, 5), -6);
    assert_int_equal(sv_muldiv(10, -3, 5), -6);
    assert_int_equal(sv_muldiv(-10, -3, 5), 6);
}

static void test_muldiv_half_away_from_zero(void **state)
{
    (void)state;
    /* exact halves */
    assert_int_equal(sv_muldiv(1, 1, 2), 1);   /* 0.5 */
    assert_int_equal(sv_muldiv(3, 1, 2), 2);   /* 1.5 */
    assert_int_equal(sv_muldiv(5, 1, 2), 3);   /* 2.5: not banker's 2 */
    assert_int_equal(sv_muldiv(-1, 1, 2), -1); /* -0.5 */
    assert_int_equal(sv_muldiv(-3, 1, 2), -2); /* -1.5 */
    assert_int_equal(sv_muldiv(-5, 1, 2), -3); /* -2.5 */
    assert_int_equal(sv_muldiv(5, -1, 2), -3);
    assert_int_equal(sv_muldiv(5, 1, -2), -3);
    assert_int_equal(sv_muldiv(-5, 1, -2), 3);
    assert_int_equal(sv_muldiv(-5, -1, -2), -3);
    /* below and above a half */
    assert_int_equal(sv_muldiv(1, 1, 3), 0); /* 0.333 */
    assert_int_equal(sv_muldiv(2, 1, 3), 1); /* 0.667 */
    assert_int_equal(sv_muldiv(-1, 1, 3), 0);
    assert_int_equal(sv_muldiv(-2, 1, 3), -1);
    assert_int_equal(sv_muldiv(4999, 1, 10000), 0);
    assert_int_equal(sv_muldiv(5000, 1, 10000), 1);
    assert_int_equal(sv_muldiv(-5000, 1, 10000), -1);
    assert_int_equal(sv_muldiv(-4999, 1, 10000), 0);
    assert_int_equal(sv_muldiv(14999, 1, 10000), 1);
    assert_int_equal(sv_muldiv(15000, 1, 10000), 2);
}

static void test_money_mul_bp(void **state)
{
    (void)state;
    assert_int_equal(sv_money_mul_bp(9800, 3000), 2940); /* 30% of 98.00 */
    assert_int_equal(sv_money_mul_bp(820, 600), 49);     /* 6% of 8.20 = 0.492 */
    assert_int_equal(sv_money_mul_bp(1, 5000), 1);       /* 0.5 cent up */
    assert_int_equal(sv_money_mul_bp(-1, 5000), -1);     /* and down */
    assert_int_equal(sv_money_mul_bp(1, 4999), 0);
    assert_int_equal(sv_money_mul_bp(12345, 10000), 12345);
    assert_int_equal(sv_money_mul_bp(12345, 0), 0);
    assert_int_equal(sv_money_mul_bp(25, 1250), 3); /* 3.125 */
    assert_int_equal(sv_money_mul_bp(-25, 1250), -3);
    assert_int_equal(sv_money_mul_bp(100, 50), 1); /* 0.5 */
    assert_int_equal(sv_money_mul_bp(-100, 50), -1);
}

static void test_muldiv_no_intermediate_overflow(void **state)
{
    (void)state;
    assert_int_equal(sv_muldiv(INT64_MAX, 2, 2), INT64_MAX);
    assert_int_equal(sv_muldiv(INT64_MAX, 10000, 10000), INT64_MAX);
    assert_int_equal(sv_muldiv(INT64_MIN, 3, 3), INT64_MIN);
    assert_int_equal(sv_muldiv(4000000000000000000, 4, 8), 2000000000000000000);
    assert_int_equal(sv_muldiv(INT64_MAX, INT64_MAX, INT64_MAX), INT64_MAX);
    /* results that do not fit saturate instead of wrapping */
    assert_int_equal(sv_muldiv(INT64_MAX, 3, 1), INT64_MAX);
    assert_int_equal(sv_muldiv(INT64_MAX, -3, 1), INT64_MIN);
    assert_int_equal(sv_muldiv(INT64_MIN, 2, 1), INT64_MIN);
}

/* ---- money conversion -------------------------------------------------------------- */

static void test_convert_same_exponent(void **state)
{
    (void)state;
    assert_int_equal(sv_money_convert(10000, 2, 2, 920000), 9200);   /* 100 USD at 0.92 */
    assert_int_equal(sv_money_convert(10000, 2, 2, 1000000), 10000); /* rate 1 */
    assert_int_equal(sv_money_convert(1, 2, 2, 500000), 1);          /* 0.5 cent rounds up */
    assert_int_equal(sv_money_convert(-1, 2, 2, 500000), -1);
    assert_int_equal(sv_money_convert(1, 2, 2, 499999), 0);
    assert_int_equal(sv_money_convert(0, 2, 2, 920000), 0);
}

static void test_convert_2_to_0(void **state)
{
    (void)state;
    /* 19.99 USD at 150.25 JPY = 3003.4975 -> 3003 yen */
    assert_int_equal(sv_money_convert(1999, 2, 0, 150250000), 3003);
    /* 1.00 USD at 150.5 -> 150.5 -> 151 (half away from zero) */
    assert_int_equal(sv_money_convert(100, 2, 0, 150500000), 151);
    assert_int_equal(sv_money_convert(-100, 2, 0, 150500000), -151);
    /* 100.00 USD at 150 */
    assert_int_equal(sv_money_convert(10000, 2, 0, 150000000), 15000);
}

static void test_convert_0_to_2(void **state)
{
    (void)state;
    /* 1500 JPY at 0.006655 USD = 9.9825 -> 9.98 */
    assert_int_equal(sv_money_convert(1500, 0, 2, 6655), 998);
    /* 1000 JPY at 0.0067 = 6.70 */
    assert_int_equal(sv_money_convert(1000, 0, 2, 6700), 670);
    /* 1 JPY at 0.005 = 0.005 USD -> half a cent -> 0.01 */
    assert_int_equal(sv_money_convert(1, 0, 2, 5000), 1);
}

static void test_convert_2_and_3(void **state)
{
    (void)state;
    /* 100.00 USD at 0.307 KWD = 30.700 KWD */
    assert_int_equal(sv_money_convert(10000, 2, 3, 307000), 30700);
    /* 1.000 KWD at 3.25 USD = 3.25 USD */
    assert_int_equal(sv_money_convert(1000, 3, 2, 3250000), 325);
    /* 0.005 KWD at 1 USD = 0.005 USD -> 0.01 */
    assert_int_equal(sv_money_convert(5, 3, 2, 1000000), 1);
    /* 0.004 KWD at 1 -> 0.00 */
    assert_int_equal(sv_money_convert(4, 3, 2, 1000000), 0);
    /* 1 JPY (0) to KWD (3) at 0.002 = 0.002 KWD */
    assert_int_equal(sv_money_convert(1, 0, 3, 2000), 2);
    /* 1.234 KWD (3) to JPY (0) at 490 = 604.66 -> 605 */
    assert_int_equal(sv_money_convert(1234, 3, 0, 490000000), 605);
}

static void test_convert_round_trip_close(void **state)
{
    (void)state;
    /* there and back at reciprocal rates stays within a minor unit */
    for (int64_t v = 1; v < 2000000; v = v * 3 + 7) {
        sv_minor eur = sv_money_convert(v, 2, 2, 800000);
        sv_minor back = sv_money_convert(eur, 2, 2, 1250000);
        assert_true(back - v <= 1 && v - back <= 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_basic),
        cmocka_unit_test(test_parse_scales_0_to_6),
        cmocka_unit_test(test_parse_signs),
        cmocka_unit_test(test_parse_trailing_zeros_beyond_scale),
        cmocka_unit_test(test_parse_too_precise),
        cmocka_unit_test(test_parse_bare_point),
        cmocka_unit_test(test_parse_syntax_errors),
        cmocka_unit_test(test_parse_bad_scale),
        cmocka_unit_test(test_parse_leading_zeros),
        cmocka_unit_test(test_parse_overflow_near_int64_max),
        cmocka_unit_test(test_parse_int64_min),
        cmocka_unit_test(test_format_basic),
        cmocka_unit_test(test_format_negative),
        cmocka_unit_test(test_format_grouping),
        cmocka_unit_test(test_format_small_buffer),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_round_trip_text),
        cmocka_unit_test(test_grouped_text_is_not_parsed),
        cmocka_unit_test(test_muldiv_exact),
        cmocka_unit_test(test_muldiv_half_away_from_zero),
        cmocka_unit_test(test_money_mul_bp),
        cmocka_unit_test(test_muldiv_no_intermediate_overflow),
        cmocka_unit_test(test_convert_same_exponent),
        cmocka_unit_test(test_convert_2_to_0),
        cmocka_unit_test(test_convert_0_to_2),
        cmocka_unit_test(test_convert_2_and_3),
        cmocka_unit_test(test_convert_round_trip_close),
    };
    return cmocka_run_group_tests_name("model/decimal", tests, NULL, NULL);
}
