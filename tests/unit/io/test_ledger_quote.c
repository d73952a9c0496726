/* Tests for lib/io/ledger_quote.c: the quote file a factory fills in, read into a quote
 * event's figures, refused by file:line:column and field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "selvedge/ledger.h"
#include "selvedge/ledger_quote.h"
#include "selvedge/pool.h"

static const char good[] = "currency: EUR\n"
                           "deposit: 30\n"
                           "balance: before shipment\n"
                           "incoterm: FOB\n"
                           "valid_until: 2027-03-31\n"
                           "styles:\n"
                           "  - style: TS01\n"
                           "    breaks:\n"
                           "      - { qty: 500, price: 6.80 }\n"
                           "      - { qty: 1000, price: 6.20 }\n"
                           "    moq_style: 500\n"
                           "    moq_color: 150\n"
                           "    sample_fee: 45.00\n"
                           "    fee_refunded: false\n"
                           "    sampling_days: 21\n"
                           "    production_days: 60\n"
                           "  - style: HD02\n"
                           "    breaks: [{ qty: 300, price: 14.90 }]\n";

static void test_reads_the_figures(void **state)
{
    (void)state;
    sv_pool *pool = sv_pool_create();
    sv_ledger_event ev;
    sv_ledger_event_init(&ev);
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_ledger_quote_parse(good, strlen(good), "q.yaml", pool, &ev, &e), SV_OK);
    assert_string_equal(ev.currency, "EUR");
    assert_int_equal(ev.deposit_bp, 3000);
    assert_string_equal(ev.balance, "before shipment");
    assert_string_equal(ev.incoterm, "FOB");
    assert_int_equal(ev.n_quote, 2);
    const sv_ledger_quote_line *q = &ev.quote[0];
    assert_string_equal(q->style, "TS01");
    assert_int_equal(q->n_breaks, 2);
    assert_int_equal(q->breaks[1].qty, 1000);
    assert_int_equal(q->breaks[1].price, 620);
    assert_int_equal(q->moq_color, 150);
    assert_int_equal(q->sample_fee, 4500);
    assert_int_equal(q->fee_refunded, 0);
    assert_int_equal(q->production_days, 60);
    /* what the factory left out is unset */
    q = &ev.quote[1];
    assert_int_equal(q->moq_style, SV_LEDGER_UNSET);
    assert_int_equal(q->sample_fee, SV_LEDGER_UNSET);
    assert_int_equal(q->fee_refunded, SV_LEDGER_UNSET);
    assert_int_equal(q->breaks[0].price, 1490);
    sv_pool_free(pool);
}

static void refused(const char *old, const char *new, int line, const char *field,
                    const char *words)
{
    char text[2048];
    const char *at = strstr(good, old);
    assert_non_null(at);
    snprintf(text, sizeof text, "%.*s%s%s", (int)(at - good), good, new, at + strlen(old));
    sv_pool *pool = sv_pool_create();
    sv_ledger_event ev;
    sv_ledger_event_init(&ev);
    sv_err e;
    sv_err_clear(&e);
    assert_int_not_equal(sv_ledger_quote_parse(text, strlen(text), "q.yaml", pool, &ev, &e), SV_OK);
    assert_string_equal(e.file, "q.yaml");
    assert_int_equal(e.line, line);
    assert_string_equal(e.field, field);
    if (!strstr(e.msg, words))
        fail_msg("message \"%s\" lacks \"%s\"", e.msg, words);
    sv_pool_free(pool);
}

static void test_refused_by_line_and_field(void **state)
{
    (void)state;
    refused("price: 6.20", "price: 6.205", 10, "styles[0].breaks[1].price", "decimals");
    refused("qty: 1000", "qty: 500", 10, "styles[0].breaks[1].qty", "breaks go up");
    refused("deposit: 30", "deposit: 130", 2, "deposit", "");
    refused("valid_until: 2027-03-31", "valid_until: 2027-02-30", 5, "valid_until", "not a date");
    refused("currency: EUR", "currency: XYZ", 1, "currency", "ISO 4217");
    refused("style: HD02", "style: TS01", 17, "styles[1].style", "quoted twice");
    refused("    breaks: [{ qty: 300, price: 14.90 }]\n", "    breaks: []\n", 18,
            "styles[1].breaks", "at least one");
    refused("fee_refunded: false", "fee_refunded: maybe", 14, "styles[0].fee_refunded", "");
    refused("moq_color: 150", "moq_colour: 150", 12, "styles[0].moq_colour", "unknown key");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_the_figures),
        cmocka_unit_test(test_refused_by_line_and_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
