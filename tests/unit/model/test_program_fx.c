/* Tests for lib/model/program_fx.c: amounts a program gives in another currency than the
 * brand's, brought into the brand's with fx.tsv. The spec: one rounding per amount, no drift
 * beyond a minor unit there and back, the amounts as given kept, and a currency without a rate
 * refused naming the file, line and field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "../test_util.h"

static sv_refdata *g_rd;

static int setup(void **state)
{
    (void)state;
    g_rd = tu_refdata();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sv_refdata_free(g_rd);
    return 0;
}

static const sv_currency *cur(const char *code)
{
    const sv_currency *k = sv_currency_find(code);
    assert_non_null(k);
    return k;
}

/* fx.tsv as built in: USD 1, GBP 1.370251, JPY 0.006964 US dollars a unit. */
static void test_convert(void **state)
{
    (void)state;
    sv_minor out;
    /* the same currency is the same amount, rate or no rate */
    assert_true(sv_price_convert(g_rd, 420, cur("USD"), cur("USD"), &out));
    assert_int_equal(out, 420);
    assert_true(sv_price_convert(g_rd, 777, cur("KES"), cur("KES"), &out));
    assert_int_equal(out, 777);
    /* 4.20 USD = 4.20 / 1.370251 GBP = 3.0651 -> 3.07 */
    assert_true(sv_price_convert(g_rd, 420, cur("USD"), cur("GBP"), &out));
    assert_int_equal(out, 307);
    /* 3.07 GBP = 4.2067 USD -> 4.21: one minor unit there and back, no more */
    assert_true(sv_price_convert(g_rd, 307, cur("GBP"), cur("USD"), &out));
    assert_int_equal(out, 421);
    /* exponents: 1,000 JPY (no minor unit) = 6.964 USD -> 6.96 */
    assert_true(sv_price_convert(g_rd, 1000, cur("JPY"), cur("USD"), &out));
    assert_int_equal(out, 696);
    /* 6.96 USD in yen: 999.43 -> 999 */
    assert_true(sv_price_convert(g_rd, 696, cur("USD"), cur("JPY"), &out));
    assert_int_equal(out, 999);
    /* GBP to JPY directly, not through US cents: 1.00 GBP = 196.76 -> 197 yen */
    assert_true(sv_price_convert(g_rd, 100, cur("GBP"), cur("JPY"), &out));
    assert_int_equal(out, 197);
    /* no rate for KES (Kenyan shilling) in the built-in fx.tsv */
    assert_false(sv_price_convert(g_rd, 100, cur("KES"), cur("USD"), &out));
    assert_false(sv_price_convert(g_rd, 100, cur("USD"), cur("KES"), &out));
    /* every amount up to a thousand cents, USD -> GBP -> USD, within a penny's worth */
    for (sv_minor v = 0; v <= 1000; v++) {
        sv_minor g, back;
        assert_true(sv_price_convert(g_rd, v, cur("USD"), cur("GBP"), &g));
        assert_true(sv_price_convert(g_rd, g, cur("GBP"), cur("USD"), &back));
        assert_true(back - v <= 1 && v - back <= 1);
    }
}

#define GBP_BRAND "brand:\n  name: Acme\n  currency: GBP\nprogram:\n  name: P\n  destination: GB\n"

/* A GBP program with a USD target and a USD cost sheet: the engines' view is in pounds once
 * sv_program_fx has run, the amounts as given stay in dollars. */
static void test_program_fx(void **state)
{
    (void)state;
    sv_program *p =
        tu_parse(GBP_BRAND "  styles:\n    - code: A\n      target_fob: 4.20 USD\n"
                           "      colors: [{ name: x, units: 1 }]\n"
                           "      cost:\n        currency: USD\n"
                           "        fabric: { consumption_m: 1.2, price_per_m: 2.74 }\n"
                           "        trims: 0.30\n        cmt: 1.10 USD\n"
                           "        testing_per_style: 137.03\n"
                           "    - code: B\n      target_fob: 3.10\n"
                           "      colors: [{ name: x, units: 1 }]\n"
                           "      cost:\n        fabric: { consumption_m: 1, price_per_m: 2 }\n"
                           "        trims: 0.30\n        cmt: 1.10\n");
    assert_true(p->fx_pending);
    sv_style *a = &p->styles[0], *b = &p->styles[1];
    assert_int_equal(a->target_fob, SV_UNSET);
    assert_int_equal(a->target.amount, 420);
    assert_string_equal(a->target.currency->code, "USD");
    assert_int_equal(a->target.incoterm, SV_INCOTERM_FOB);
    assert_false(a->cost.present); /* not in pounds yet */
    assert_true(a->cost_given.present);
    assert_string_equal(a->cost_given.currency->code, "USD");
    assert_int_equal(a->cost_given.price_per_m, 274);
    assert_int_equal(b->target_fob, 310); /* pounds already */
    assert_true(b->cost.present);
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_fx(p, g_rd, &e), SV_OK);
    assert_false(p->fx_pending);
    assert_int_equal(a->target_fob, 307);
    assert_true(a->cost.present);
    assert_string_equal(a->cost.currency->code, "GBP");
    assert_int_equal(a->cost.price_per_m, 200); /* 2.74 / 1.370251 = 1.9996 */
    assert_int_equal(a->cost.trims, 22);        /* 0.30 / 1.370251 = 0.2189 */
    assert_int_equal(a->cost.cmt, 80);          /* 1.10 / 1.370251 = 0.8028 */
    assert_int_equal(a->cost.consumption_mm, 1200);
    assert_int_equal(a->cost.extra.testing_per_style, 10000); /* 137.03 / 1.370251 = 100.00 */
    assert_int_equal(a->cost.extra.testing_per_unit, SV_UNSET);
    assert_int_equal(a->cost_given.extra.testing_per_style, 13703);
    assert_int_equal(a->cost_given.price_per_m, 274); /* as given, still */
    assert_int_equal(a->target.amount, 420);
    assert_int_equal(b->target_fob, 310);
    assert_int_equal(b->cost.price_per_m, 200);
    /* a second run changes nothing */
    assert_int_equal(sv_program_fx(p, g_rd, &e), SV_OK);
    assert_int_equal(a->target_fob, 307);
    sv_program_free(p);
}

/* A target on another incoterm than FOB is kept as given and is no FOB target. */
static void test_target_other_incoterm(void **state)
{
    (void)state;
    sv_program *p = tu_parse(GBP_BRAND "  styles:\n    - code: A\n      target_price: 6.50 USD\n"
                                       "      incoterm: DDP\n"
                                       "      colors: [{ name: x, units: 1 }]\n");
    assert_false(p->fx_pending);
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_fx(p, g_rd, &e), SV_OK);
    assert_int_equal(p->styles[0].target_fob, SV_UNSET);
    assert_int_equal(p->styles[0].target.amount, 650);
    assert_int_equal(p->styles[0].target.incoterm, SV_INCOTERM_DDP);
    sv_program_free(p);
}

/* A currency fx.tsv has no rate for: refused, naming the line and the field. */
static void test_no_rate(void **state)
{
    (void)state;
    sv_program *p = tu_parse(GBP_BRAND "  styles:\n    - code: A\n"
                                       "      colors: [{ name: x, units: 1 }]\n"
                                       "      target_fob: 80 KES\n");
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_fx(p, g_rd, &e), SV_ERR_SCHEMA);
    assert_int_equal(e.line, 10);
    assert_string_equal(e.field, "program.styles[A].target_fob");
    assert_non_null(strstr(e.msg, "no exchange rate for KES"));
    assert_non_null(strstr(e.msg, "give it in GBP"));
    sv_program_free(p);
    p = tu_parse(GBP_BRAND "  styles:\n    - code: A\n"
                           "      colors: [{ name: x, units: 1 }]\n"
                           "      cost:\n        currency: KES\n"
                           "        fabric: { consumption_m: 1, price_per_m: 20 }\n"
                           "        trims: 3\n        cmt: 10\n");
    sv_err_clear(&e);
    assert_int_equal(sv_program_fx(p, g_rd, &e), SV_ERR_SCHEMA);
    assert_int_equal(e.line, 11);
    assert_string_equal(e.field, "program.styles[A].cost");
    assert_false(p->styles[0].cost.present);
    sv_program_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_convert),
        cmocka_unit_test(test_program_fx),
        cmocka_unit_test(test_target_other_incoterm),
        cmocka_unit_test(test_no_rate),
    };
    return cmocka_run_group_tests_name("model/program_fx", tests, setup, teardown);
}
