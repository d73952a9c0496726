/* Tests for lib/model/currency.c: ISO 4217 lookup and minor-unit exponents. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "selvedge/money.h"

static void expect_exponent(const char *code, int exponent)
{
    const sv_currency *c = sv_currency_find(code);
    if (!c)
        fail_msg("%s not found", code);
    assert_int_equal(c->exponent, exponent);
}

static void test_usd(void **state)
{
    (void)state;
    const sv_currency *c = sv_currency_find("USD");
    assert_non_null(c);
    assert_string_equal(c->code, "USD");
    assert_int_equal(c->exponent, 2);
    assert_string_equal(c->name, "US Dollar");
}

static void test_case_insensitive(void **state)
{
    (void)state;
    const sv_currency *usd = sv_currency_find("USD");
    assert_ptr_equal(sv_currency_find("usd"), usd);
    assert_ptr_equal(sv_currency_find("Usd"), usd);
    assert_ptr_equal(sv_currency_find("uSd"), usd);
    assert_string_equal(sv_currency_find("eur")->code, "EUR");
}

static void test_two_decimals(void **state)
{
    (void)state;
    const char *codes[] = {"USD", "EUR", "GBP", "CNY", "INR", "BDT", "HKD", "TWD", "THB", "MYR",
                           "PKR", "LKR", "KHR", "MMK", "TRY", "MXN", "BRL", "CAD", "AUD", "CHF",
                           "SEK", "HUF", "IDR", "MAD", "EGP", "ETB", "KES", "ZAR"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        expect_exponent(codes[i], 2);
}

static void test_zero_decimals(void **state)
{
    (void)state;
    const char *codes[] = {"JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF",
                           "XPF", "PYG", "RWF", "BIF", "DJF", "GNF", "KMF", "VUV"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        expect_exponent(codes[i], 0);
}

static void test_three_and_four_decimals(void **state)
{
    (void)state;
    const char *three[] = {"KWD", "BHD", "TND", "OMR", "JOD", "IQD", "LYD"};
    for (size_t i = 0; i < sizeof three / sizeof three[0]; i++)
        expect_exponent(three[i], 3);
    expect_exponent("CLF", 4);
    expect_exponent("UYW", 4);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(sv_currency_find("EUR")->name, "Euro");
    assert_string_equal(sv_currency_find("GBP")->name, "Pound Sterling");
    assert_string_equal(sv_currency_find("JPY")->name, "Yen");
    assert_string_equal(sv_currency_find("CNY")->name, "Yuan Renminbi");
    assert_string_equal(sv_currency_find("VND")->name, "Dong");
}

static void test_malformed(void **state)
{
    (void)state;
    assert_null(sv_currency_find(NULL));
    assert_null(sv_currency_find(""));
    assert_null(sv_currency_find("U"));
    assert_null(sv_currency_find("US"));
    assert_null(sv_currency_find("USDD"));
    assert_null(sv_currency_find("USD "));
    assert_null(sv_currency_find(" USD"));
    assert_null(sv_currency_find("U$D"));
    assert_null(sv_currency_find("US1"));
    assert_null(sv_currency_find("\xc3\xa9UR"));
}

static void test_unknown(void **state)
{
    (void)state;
    assert_null(sv_currency_find("ABC"));
    assert_null(sv_currency_find("ZZZ"));
    assert_null(sv_currency_find("AAA"));
    /* Codes that are no money a price is set in. */
    const char *left_out[] = {"XAU", "XAG", "XPT", "XPD", "XDR", "XTS", "XXX", "XBA", "XUA"};
    for (size_t i = 0; i < sizeof left_out / sizeof left_out[0]; i++)
        assert_null(sv_currency_find(left_out[i]));
    /* Withdrawn: Croatia uses the euro since 2023. */
    assert_null(sv_currency_find("HRK"));
    assert_null(sv_currency_find("DEM"));
}

/* Try every three-letter code: each one found names itself, and all 167 entries of the table
 * are found, which they would not all be if the table fell out of order for bsearch. */
static void test_table_consistent(void **state)
{
    (void)state;
    int n = 0;
    char code[4] = "AAA";
    for (int a = 0; a < 26; a++) {
        for (int b = 0; b < 26; b++) {
            for (int c = 0; c < 26; c++) {
                code[0] = (char)('A' + a);
                code[1] = (char)('A' + b);
                code[2] = (char)('A' + c);
                const sv_currency *cur = sv_currency_find(code);
                if (!cur)
                    continue;
                n++;
                assert_string_equal(cur->code, code);
                assert_true(cur->exponent >= 0 && cur->exponent <= 4);
                assert_non_null(cur->name);
                assert_true(strlen(cur->name) > 0);
            }
        }
    }
    assert_int_equal(n, 167);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usd),
        cmocka_unit_test(test_case_insensitive),
        cmocka_unit_test(test_two_decimals),
        cmocka_unit_test(test_zero_decimals),
        cmocka_unit_test(test_three_and_four_decimals),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_table_consistent),
    };
    return cmocka_run_group_tests_name("currency", tests, NULL, NULL);
}
