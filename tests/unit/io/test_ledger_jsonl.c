/* Tests for lib/io/ledger_jsonl.c: the ledger's JSON-lines format. Reading is strict (each
 * refusal names the line and the field), writing canonical (the same event, the same bytes),
 * and every line of the example history reads and writes back to itself. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/ledger_jsonl.h"
#include "../test_util.h"

static const char quote_line[] =
    "{\"at\":\"2027-01-15T16:30:00Z\",\"by\":\"factory\",\"kind\":\"quote\",\"brand\":"
    "\"northline\",\"factory\":\"pt-barcelos-sportmalha\",\"rfq\":\"R1\",\"currency\":\"EUR\","
    "\"deposit\":\"30\",\"incoterm\":\"FOB\",\"valid_until\":\"2027-03-31\",\"quote\":[{\"style\":"
    "\"TS01\",\"breaks\":[{\"qty\":500,\"price\":\"6.8\"},{\"qty\":1000,\"price\":\"6.20\"}],"
    "\"moq_style\":500,\"sample_fee\":\"45\",\"fee_refunded\":true,\"production_days\":60}]}";

/* Parse one line, failing the test when it is refused. */
static sv_ledger_event parse_ok(sv_pool *pool, const char *text)
{
    sv_ledger_event ev;
    sv_err e;
    sv_err_clear(&e);
    if (sv_ledger_event_parse(text, strlen(text), pool, &ev, &e) != SV_OK) {
        char buf[1024];
        fail_msg("refused: %s\n%s", sv_err_format(&e, buf, sizeof buf), text);
    }
    return ev;
}

/* The refusal of a line: its field, and a message holding want. */
static void parse_bad(const char *text, const char *field, const char *want)
{
    sv_pool *pool = sv_pool_create();
    sv_ledger_event ev;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_ledger_event_parse(text, strlen(text), pool, &ev, &e);
    sv_pool_free(pool);
    if (rc == SV_OK)
        fail_msg("accepted: %s", text);
    if (field)
        assert_string_equal(e.field, field);
    if (!strstr(e.msg, want))
        fail_msg("message \"%s\" lacks \"%s\"", e.msg, want);
}

static void test_quote_reads(void **state)
{
    (void)state;
    sv_pool *pool = sv_pool_create();
    sv_ledger_event ev = parse_ok(pool, quote_line);
    assert_int_equal(ev.kind, SV_EV_QUOTE);
    assert_int_equal(ev.by, SV_BY_FACTORY);
    assert_string_equal(ev.currency, "EUR");
    assert_int_equal(ev.deposit_bp, 3000);
    assert_int_equal(ev.n_quote, 1);
    assert_int_equal(ev.quote[0].n_breaks, 2);
    assert_int_equal(ev.quote[0].breaks[0].price, 680);
    assert_int_equal(ev.quote[0].sample_fee, 4500);
    assert_int_equal(ev.quote[0].fee_refunded, 1);
    assert_int_equal(ev.quote[0].moq_color, SV_LEDGER_UNSET);
    char *json = sv_ledger_event_json(&ev);
    assert_non_null(json);
    /* canonical: amounts with the currency's decimals, the deposit as a percentage, the
     * fields in one order */
    assert_non_null(strstr(json, "\"price\":\"6.80\""));
    assert_non_null(strstr(json, "\"sample_fee\":\"45.00\""));
    assert_non_null(strstr(json, "\"deposit\":\"30.00\""));
    assert_true(strncmp(json,
                        "{\"at\":\"2027-01-15T16:30:00Z\",\"by\":\"factory\",\"kind\":\"quote\"",
                        58) == 0);
    sv_ledger_event again = parse_ok(pool, json);
    char *json2 = sv_ledger_event_json(&again);
    assert_string_equal(json, json2);
    free(json);
    free(json2);
    sv_pool_free(pool);
}

static void test_refusals_name_the_field(void **state)
{
    (void)state;
    const char *head = "{\"at\":\"2027-01-10T09:00:00Z\",\"by\":\"brand\",\"brand\":\"nl\","
                       "\"factory\":\"f1\",";
#define L(rest) tu_fmt("%s%s}", head, rest)
    parse_bad(L("\"kind\":\"payment.due\",\"order\":\"PO-1\",\"milestone\":\"deposit\","
                "\"currency\":\"EUR\",\"amount\":\"10.00\",\"due\":\"2027-13-01\""),
              "due", "not a date (2027-13-01)");
    parse_bad(L("\"kind\":\"rfq.sent\",\"rfq\":\"R1\",\"tex\":\"hi\""), "tex",
              "unknown field (did you mean \"text\"?)");
    parse_bad(L("\"kind\":\"rfq.snet\",\"rfq\":\"R1\""), "kind", "did you mean \"rfq.sent\"?");
    parse_bad(L("\"kind\":\"rfq.sent\",\"rfq\":\"R1\",\"rfq\":\"R2\""), NULL, "duplicate");
    parse_bad(L("\"kind\":\"rfq.sent\",\"rfq\":7"), "rfq", "must be a string, not a number");
    parse_bad(L("\"kind\":\"rfq.declined\",\"rfq\":\"R1\",\"by\":\"factory\""), NULL, "duplicate");
    parse_bad("{\"at\":\"2027-01-10T09:00:00Z\",\"by\":\"factory\",\"brand\":\"nl\","
              "\"factory\":\"f1\",\"kind\":\"rfq.declined\",\"rfq\":\"R1\",\"reason\":\"money\"}",
              "reason", "one of moq, price, capacity, category, timeline, terms, other");
    parse_bad("{\"at\":\"2027-01-10T09:00:00Z\",\"by\":\"factory\",\"brand\":\"nl\","
              "\"factory\":\"f1\",\"kind\":\"rfq.declined\",\"rfq\":\"R1\"}",
              "reason", "missing: a rfq.declined needs it");
    /* yen have no decimals */
    parse_bad(L("\"kind\":\"payment.due\",\"order\":\"PO-1\",\"milestone\":\"deposit\","
                "\"currency\":\"JPY\",\"amount\":\"10.50\",\"due\":\"2027-03-01\""),
              "amount", "more decimals than the currency has");
    parse_bad(L("\"kind\":\"payment.due\",\"order\":\"PO-1\",\"milestone\":\"deposit\","
                "\"currency\":\"EUR\",\"amount\":10.5,\"due\":\"2027-03-01\""),
              "amount", "must be a string");
    parse_bad(L("\"kind\":\"payment.due\",\"order\":\"PO-1\",\"milestone\":\"deposit\","
                "\"currency\":\"EUR\",\"amount\":\"99999999999999999999\",\"due\":\"2027-03-01\""),
              "amount", "not an amount");
    parse_bad(L("\"kind\":\"payment.due\",\"order\":\"PO-1\",\"milestone\":\"deposit\","
                "\"currency\":\"eur\",\"amount\":\"1\",\"due\":\"2027-03-01\""),
              "currency", "ISO 4217");
    parse_bad(L("\"kind\":\"order.issued\",\"order\":\"PO-1\",\"currency\":\"EUR\","
                "\"lines\":[{\"style\":\"TS01\",\"color\":\"Oat\",\"size\":\"M\",\"qty\":0,"
                "\"price\":\"1.00\"}]"),
              "lines[0].qty", "must be from 1 to 1000000000");
    parse_bad(L("\"kind\":\"order.issued\",\"order\":\"PO-1\",\"currency\":\"EUR\","
                "\"lines\":[{\"style\":\"TS01\",\"size\":\"M\",\"qty\":3,\"price\":\"1.00\"}]"),
              "lines[0].color", "missing");
    parse_bad(L("\"kind\":\"message\",\"rfq\":\"R1\",\"text\":\"\\u001b[31mred\""), "text",
              "control character");
    parse_bad(L("\"kind\":\"message\",\"rfq\":\"R1\",\"text\":\"a\\u0000b\""), NULL, "u0000");
    parse_bad(L("\"kind\":\"inspection\",\"order\":\"PO-1\",\"lot\":600,\"level\":\"II\","
                "\"aql\":{\"major\":\"3.0\"},\"defects\":{\"critical\":0,\"major\":0,"
                "\"minor\":0},\"result\":\"pass\""),
              "aql.major", "not an AQL of the table (3.0)");
    parse_bad(L("\"kind\":\"inspection\",\"order\":\"PO-1\",\"lot\":600,\"level\":\"IV\","
                "\"aql\":{\"major\":\"2.5\"},\"defects\":{\"critical\":0,\"major\":0,"
                "\"minor\":0},\"result\":\"pass\""),
              "level", "not an inspection level (IV)");
    parse_bad(L("\"kind\":\"inspection\",\"order\":\"PO-1\",\"lot\":600,\"level\":\"II\","
                "\"aql\":{\"majr\":\"2.5\"},\"defects\":{\"critical\":0,\"major\":0,"
                "\"minor\":0},\"result\":\"pass\""),
              "aql.majr", "did you mean \"major\"");
    parse_bad("[1,2]", NULL, "an event is a JSON object");
    parse_bad("{\"at\":", NULL, "not JSON");
    parse_bad(
        L("\"kind\":\"quote\",\"rfq\":\"R1\",\"currency\":\"EUR\",\"quote\":[{\"style\":"
          "\"TS01\",\"breaks\":[{\"qty\":500,\"price\":\"1\"},{\"qty\":400,\"price\":\"2\"}]}]"),
        "by", "a quote is recorded by the factory");
#undef L
}

typedef struct seen {
    int lines[8];
    int n;
    int fail_at;
} seen;

static sv_code note(void *ud, int line, sv_ledger_event *ev, sv_err *e)
{
    seen *s = ud;
    (void)ev;
    if (line == s->fail_at)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "rfq", "refused by the caller");
    if (s->n < 8)
        s->lines[s->n++] = line;
    return SV_OK;
}

static void test_lines_numbered_and_errors_placed(void **state)
{
    (void)state;
    const char *ok = "{\"at\":\"2027-01-10T09:00:00Z\",\"by\":\"brand\",\"kind\":\"rfq.sent\","
                     "\"brand\":\"nl\",\"factory\":\"f1\",\"rfq\":\"R1\"}";
    char *text = strdup(tu_fmt("%s\n\n  \n%s\r\n%s", ok, ok, ok)); /* no newline at the end */
    sv_pool *pool = sv_pool_create();
    seen s = {.fail_at = 0};
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_ledger_jsonl_parse(text, strlen(text), "h.jsonl", pool, note, &s, &e),
                     SV_OK);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.lines[0], 1);
    assert_int_equal(s.lines[1], 4);
    assert_int_equal(s.lines[2], 5);
    /* the caller's refusal is placed at its line */
    seen s2 = {.fail_at = 4};
    assert_int_equal(sv_ledger_jsonl_parse(text, strlen(text), "h.jsonl", pool, note, &s2, &e),
                     SV_ERR_SCHEMA);
    char buf[1024];
    assert_string_equal(sv_err_format(&e, buf, sizeof buf),
                        "h.jsonl:4: rfq: refused by the caller");
    assert_int_equal(s2.n, 1);
    free(text);
    /* a bad line: its number, and nothing after it is read */
    text = strdup(tu_fmt("%s\n{\"at\":\"2027-01-10T09:00:00Z\",\"by\":\"brand\",\"kind\":"
                         "\"payment.due\",\"brand\":\"nl\",\"factory\":\"f1\",\"order\":\"P\","
                         "\"milestone\":\"d\",\"currency\":\"EUR\",\"amount\":\"1\",\"due\":"
                         "\"2027-13-01\"}\n%s\n",
                         ok, ok));
    seen s3 = {0};
    assert_int_equal(sv_ledger_jsonl_parse(text, strlen(text), "events.jsonl", pool, note, &s3, &e),
                     SV_ERR_SCHEMA);
    assert_string_equal(sv_err_format(&e, buf, sizeof buf),
                        "events.jsonl:2: due: not a date (2027-13-01): YYYY-MM-DD, "
                        "2001-01-01 to 2099-12-31");
    assert_int_equal(s3.n, 1);
    free(text);
    sv_pool_free(pool);
}

static void test_long_line_refused(void **state)
{
    (void)state;
    size_t n = SV_LEDGER_LINE_MAX + 10;
    char *text = malloc(n + 1);
    memset(text, ' ', n);
    text[0] = '{';
    text[n - 1] = '}';
    text[n] = '\0';
    sv_pool *pool = sv_pool_create();
    seen s = {0};
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_ledger_jsonl_parse(text, n, "big.jsonl", pool, note, &s, &e),
                     SV_ERR_SCHEMA);
    assert_int_equal(e.line, 1);
    assert_non_null(strstr(e.msg, "longer than"));
    free(text);
    sv_pool_free(pool);
}

static void test_aql_written_as_the_table_writes_it(void **state)
{
    (void)state;
    sv_pool *pool = sv_pool_create();
    sv_ledger_event ev =
        parse_ok(pool, "{\"at\":\"2027-05-10T10:00:00Z\",\"by\":\"brand\",\"kind\":\"inspection\","
                       "\"brand\":\"nl\",\"factory\":\"f1\",\"order\":\"PO-1\",\"lot\":600,"
                       "\"level\":\"s2\",\"aql\":{\"critical\":\"0\",\"major\":\"0.10\","
                       "\"minor\":\"4.0\"},\"defects\":{\"critical\":0,\"major\":0,\"minor\":1},"
                       "\"result\":\"pass\"}");
    assert_int_equal(ev.aql[1], 100);
    char *json = sv_ledger_event_json(&ev);
    assert_non_null(strstr(json, "\"level\":\"S-2\",\"aql\":{\"critical\":\"0\","
                                 "\"major\":\"0.1\",\"minor\":\"4\"}"));
    sv_ledger_event back = parse_ok(pool, json);
    assert_int_equal(back.aql[1], 100);
    assert_int_equal(back.aql[2], 4000);
    assert_int_equal(back.level, ev.level);
    free(json);
    sv_pool_free(pool);
}

static void test_non_ascii_escaped_on_output(void **state)
{
    (void)state;
    sv_pool *pool = sv_pool_create();
    sv_ledger_event ev = parse_ok(
        pool,
        "{\"at\":\"2027-01-10T09:00:00Z\",\"by\":\"brand\",\"kind\":\"rfq.sent\","
        "\"brand\":\"nl\",\"factory\":\"f1\",\"rfq\":\"R1\",\"text\":\"Größe — line\\ntwo\"}");
    char *json = sv_ledger_event_json(&ev);
    assert_non_null(strstr(json, "Gr\\u00F6\\u00DFe \\u2014 line\\ntwo"));
    for (const char *p = json; *p; p++)
        assert_true((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f);
    free(json);
    sv_pool_free(pool);
}

typedef struct rewrite {
    const char *text;
    int n;
} rewrite;

/* Each event of the example history written and read back gives the same line. */
static sv_code same_again(void *ud, int line, sv_ledger_event *ev, sv_err *e)
{
    rewrite *r = ud;
    (void)e;
    char *a = sv_ledger_event_json(ev);
    sv_pool *pool = sv_pool_create();
    sv_ledger_event back = parse_ok(pool, a);
    char *b = sv_ledger_event_json(&back);
    if (strcmp(a, b) != 0)
        fail_msg("line %d does not write back to itself:\n%s\n%s", line, a, b);
    free(a);
    free(b);
    sv_pool_free(pool);
    r->n++;
    return SV_OK;
}

static void test_example_history_round_trips(void **state)
{
    (void)state;
    FILE *f = fopen(tu_source("tests/data/ledger/good.jsonl"), "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    sv_pool *pool = sv_pool_create();
    rewrite r = {buf, 0};
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_ledger_jsonl_parse(buf, n, "good.jsonl", pool, same_again, &r, &e), SV_OK);
    assert_int_equal(r.n, 24);
    sv_pool_free(pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quote_reads),
        cmocka_unit_test(test_refusals_name_the_field),
        cmocka_unit_test(test_lines_numbered_and_errors_placed),
        cmocka_unit_test(test_long_line_refused),
        cmocka_unit_test(test_non_ascii_escaped_on_output),
        cmocka_unit_test(test_aql_written_as_the_table_writes_it),
        cmocka_unit_test(test_example_history_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
