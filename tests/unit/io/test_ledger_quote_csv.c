/* Tests for lib/io/ledger_quote_csv.c: a quote saved from a spreadsheet as CSV, read into a
 * quote event's figures (docs/ledger.md, "The quote as CSV"); every bad field refused by
 * file:line and its column; the limits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/ledger.h"
#include "selvedge/ledger_quote.h"
#include "selvedge/pool.h"
#include "selvedge/program.h" /* sv_date_to_days */

/* A spreadsheet's export: the columns in its own order, CRLF, a blank line, the terms filled
 * down, a text with a comma in quotes, a style's figures on its second row. */
static const char good[] =
    "price,qty,style,currency,deposit,balance,incoterm,valid_until,text,moq_style,moq_color,"
    "sample_fee,fee_refunded,sampling_days,production_days\r\n"
    "6.80,500,TS01,EUR,30%,before shipment,FOB,2027-03-31,\"Hangtags, polybags\",500,150,"
    "45.00,true,21,60\r\n"
    "6.20,1000,TS01,EUR,30%,before shipment,FOB,2027-03-31,\"Hangtags, polybags\",,,,,,\r\n"
    "\r\n"
    "14.90,300,HD02,,,,,,,,,,no,,75\r\n"
    "13.6,1000,HD02,,,,,,,300,,,,,\r\n";

static sv_code parse(const char *text, size_t len, sv_pool *pool, sv_ledger_event *ev, sv_err *e)
{
    sv_ledger_event_init(ev);
    sv_err_clear(e);
    return sv_ledger_quote_csv_parse(text, len, "q.csv", pool, ev, e);
}

static void reads_every_figure(void **state)
{
    (void)state;
    sv_pool *pool = sv_pool_create();
    sv_ledger_event ev;
    sv_err e;
    assert_int_equal(parse(good, strlen(good), pool, &ev, &e), SV_OK);
    assert_string_equal(ev.currency, "EUR");
    assert_int_equal(ev.deposit_bp, 3000);
    assert_string_equal(ev.balance, "before shipment");
    assert_string_equal(ev.incoterm, "FOB");
    assert_int_equal(ev.valid_until, sv_date_to_days((sv_date){2027, 3, 31}));
    assert_string_equal(ev.text, "Hangtags, polybags");
    assert_int_equal(ev.n_quote, 2);
    const sv_ledger_quote_line *q = &ev.quote[0];
    assert_string_equal(q->style, "TS01");
    assert_int_equal(q->n_breaks, 2);
    assert_int_equal(q->breaks[0].qty, 500);
    assert_int_equal(q->breaks[0].price, 680);
    assert_int_equal(q->breaks[1].qty, 1000);
    assert_int_equal(q->breaks[1].price, 620);
    assert_int_equal(q->moq_style, 500);
    assert_int_equal(q->moq_color, 150);
    assert_int_equal(q->sample_fee, 4500);
    assert_int_equal(q->fee_refunded, 1);
    assert_int_equal(q->sampling_days, 21);
    assert_int_equal(q->production_days, 60);
    /* HD02: its moq_style on its second row; what it leaves out unset */
    q = &ev.quote[1];
    assert_string_equal(q->style, "HD02");
    assert_int_equal(q->n_breaks, 2);
    assert_int_equal(q->breaks[0].price, 1490);
    assert_int_equal(q->breaks[1].price, 1360);
    assert_int_equal(q->moq_style, 300);
    assert_int_equal(q->moq_color, SV_LEDGER_UNSET);
    assert_int_equal(q->sample_fee, SV_LEDGER_UNSET);
    assert_int_equal(q->fee_refunded, 0);
    assert_int_equal(q->sampling_days, SV_LEDGER_UNSET);
    assert_int_equal(q->production_days, 75);
    /* and the event, figures and all, passes the ledger's check */
    ev.at = 1;
    ev.kind = SV_EV_QUOTE;
    ev.by = SV_BY_FACTORY;
    ev.brand = "northline";
    ev.factory = "pt-barcelos-sportmalha";
    ev.rfq = "R1";
    assert_int_equal(sv_ledger_check(&ev, &e), SV_OK);
    sv_pool_free(pool);
}

/* The smallest quote: the four columns needed, one row; LF, no final newline. */
static void the_least(void **state)
{
    (void)state;
    static const char t[] = "style,qty,price,currency\nTS01,1,0.5,JPY";
    sv_pool *pool = sv_pool_create();
    sv_ledger_event ev;
    sv_err e;
    /* JPY has no decimals */
    assert_int_equal(parse(t, strlen(t), pool, &ev, &e), SV_ERR_SCHEMA);
    assert_int_equal(e.line, 2);
    assert_string_equal(e.field, "price");
    assert_non_null(strstr(e.msg, "more than 0 decimals"));
    static const char u[] = "style,qty,price,currency\nTS01,1,5,JPY";
    assert_int_equal(parse(u, strlen(u), pool, &ev, &e), SV_OK);
    assert_int_equal(ev.n_quote, 1);
    assert_int_equal(ev.quote[0].breaks[0].price, 5);
    assert_int_equal(ev.deposit_bp, SV_LEDGER_UNSET);
    assert_null(ev.balance);
    assert_null(ev.text);
    sv_pool_free(pool);
}

/* text refused at `line`, column `field` (empty: the row or the header), with `words`. */
static void refused(const char *text, int line, const char *field, const char *words)
{
    sv_pool *pool = sv_pool_create();
    sv_ledger_event ev;
    sv_err e;
    sv_code rc = parse(text, strlen(text), pool, &ev, &e);
    if (rc == SV_OK)
        fail_msg("accepted: %s", text);
    if (strcmp(e.file, "q.csv") != 0 || e.line != line || strcmp(e.field, field) != 0 ||
        !strstr(e.msg, words))
        fail_msg("%s\nrefused as %s:%d: %s: %s\nexpected line %d, field '%s', words '%s'", text,
                 e.file, e.line, e.field, e.msg, line, field, words);
    sv_pool_free(pool);
}

#define H                                                                                          \
    "style,qty,price,currency,deposit,balance,incoterm,valid_until,text,moq_style,"                \
    "moq_color,sample_fee,fee_refunded,sampling_days,production_days\n"
#define ROW1 "TS01,500,6.80,EUR,,,,,,,,,,,\n"

static void every_bad_field(void **state)
{
    (void)state;
    /* the header */
    refused("style,qty,price,currency,colour\nTS01,1,1,EUR,x\n", 1, "", "unknown column colour");
    refused("style,qty,price,currency,qty\n", 1, "", "column qty twice");
    refused("style,qty,currency\nTS01,1,EUR\n", 1, "", "no column price");
    refused("qty,price,currency\n", 1, "", "no column style");
    refused("style,qty,price\n", 1, "", "no column currency");
    refused("", 1, "", "no quote");
    refused("\r\n\n", 2, "", "no quote");
    refused(H, 1, "", "no quote");
    /* the rows: each column */
    refused(H ",500,6.80,EUR,,,,,,,,,,,\n", 2, "style", "missing");
    refused(H ROW1 "HD02,300,1,EUR,,,,,,,,,,,\nTS01,900,6,,,,,,,,,,,,\n", 4, "style",
            "TS01 again after another style");
    refused(H "TS01,many,6.80,EUR,,,,,,,,,,,\n", 2, "qty", "not a whole number");
    refused(H "TS01,0,6.80,EUR,,,,,,,,,,,\n", 2, "qty", "from 1");
    refused(H "TS01,-5,6.80,EUR,,,,,,,,,,,\n", 2, "qty", "not a whole number");
    refused(H "TS01,,6.80,EUR,,,,,,,,,,,\n", 2, "qty", "not a whole number");
    refused(H ROW1 "TS01,300,6.90,,,,,,,,,,,,\n", 3, "qty",
            "breaks go up in quantity (300 after "
            "500)");
    refused(H ROW1 "TS01,500,6.90,,,,,,,,,,,,\n", 3, "qty", "breaks go up");
    refused(H "TS01,500,,EUR,,,,,,,,,,,\n", 2, "price", "missing");
    refused(H "TS01,500,6.805,EUR,,,,,,,,,,,\n", 2, "price", "6.805 has more than 2 decimals");
    refused(H "TS01,500,six,EUR,,,,,,,,,,,\n", 2, "price", "not an amount in EUR (six)");
    refused(H "TS01,500,-6.80,EUR,,,,,,,,,,,\n", 2, "price", "not an amount");
    refused(H "TS01,500,6.80,,,,,,,,,,,,\n", 2, "currency", "missing");
    refused(H "TS01,500,6.80,eur,,,,,,,,,,,\n", 2, "currency", "not a currency code, eur");
    refused(H "TS01,500,6.80,XXY,,,,,,,,,,,\n", 2, "currency", "not a currency code");
    refused(H "TS01,500,6.80,EUR,130,,,,,,,,,,\n", 2, "deposit", "not a percentage from 0 to 100");
    refused(H "TS01,500,6.80,EUR,thirty,,,,,,,,,,\n", 2, "deposit", "not a percentage");
    refused(H "TS01,500,6.80,EUR,,,,2027-02-30,,,,,,,\n", 2, "valid_until", "not a date");
    refused(H "TS01,500,6.80,EUR,,,,2100-01-01,,,,,,,\n", 2, "valid_until", "2001-01-01 to");
    refused(H "TS01,500,6.80,EUR,,,,,,x,,,,,\n", 2, "moq_style", "not a whole number");
    refused(H "TS01,500,6.80,EUR,,,,,,,-1,,,,\n", 2, "moq_color", "not a whole number");
    refused(H "TS01,500,6.80,EUR,,,,,,,,45.001,,,\n", 2, "sample_fee", "more than 2 decimals");
    refused(H "TS01,500,6.80,EUR,,,,,,,,,maybe,,\n", 2, "fee_refunded",
            "true or false, not "
            "maybe");
    refused(H "TS01,500,6.80,EUR,,,,,,,,,,3651,\n", 2, "sampling_days", "from 0 to 3650");
    refused(H "TS01,500,6.80,EUR,,,,,,,,,,,2w\n", 2, "production_days", "not a whole number");
    /* the terms: the first row's; a later row blank or the same */
    refused(H ROW1 "TS01,900,6.50,USD,,,,,,,,,,,\n", 3, "currency",
            "USD differs from the first row's (EUR)");
    refused(H "TS01,500,6.80,EUR,30,,,,,,,,,,\nTS01,900,6.50,,40,,,,,,,,,,\n", 3, "deposit",
            "40 differs from the first row's (30)");
    refused(H ROW1 "TS01,900,6.50,,,,CIF,,,,,,,,\n", 3, "incoterm", "CIF differs");
    /* a style's figures: once, or the same */
    refused(H "TS01,500,6.80,EUR,,,,,,500,,,,,\nTS01,900,6.50,,,,,,,400,,,,,\n", 3, "moq_style",
            "400 differs from the style's earlier row (500)");
    refused(H "TS01,500,6.80,EUR,,,,,,,,,true,,\nTS01,900,6.50,,,,,,,,,,false,,\n", 3,
            "fee_refunded", "false differs");
    /* the text of a line */
    refused("style,qty,price,currency\nTS01,500,\"6.80,EUR\n", 2, "", "");
    static const char nul[] = "style,qty,price,currency\nTS01,500,6.80,EUR\0x\n";
    sv_pool *pool = sv_pool_create();
    sv_ledger_event ev;
    sv_err e;
    assert_int_equal(parse(nul, sizeof nul - 1, pool, &ev, &e), SV_ERR_SYNTAX);
    assert_int_equal(e.line, 2);
    assert_non_null(strstr(e.msg, "NUL"));
    sv_pool_free(pool);
}

/* A buffer grown by printf. */
typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static void add(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->n + (size_t)k + 1 > b->cap) {
        b->cap = (b->n + (size_t)k + 1) * 2;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

static void limits(void **state)
{
    (void)state;
    sv_pool *pool = sv_pool_create();
    sv_ledger_event ev;
    sv_err e;
    /* 20 breaks a style, not 21 */
    buf b = {0};
    add(&b, "style,qty,price,currency\n");
    for (int k = 1; k <= 20; k++)
        add(&b, "TS01,%d,1.00,EUR\n", k * 10);
    assert_int_equal(parse(b.s, b.n, pool, &ev, &e), SV_OK);
    assert_int_equal(ev.quote[0].n_breaks, 20);
    add(&b, "TS01,999,1.00,EUR\n");
    assert_int_equal(parse(b.s, b.n, pool, &ev, &e), SV_ERR_SCHEMA);
    assert_int_equal(e.line, 22);
    assert_string_equal(e.field, "qty");
    assert_non_null(strstr(e.msg, "more than 20 breaks for style TS01"));
    free(b.s);

    /* 1,000 styles, not 1,001 */
    b = (buf){0};
    add(&b, "style,qty,price,currency\n");
    for (int k = 0; k < 1000; k++)
        add(&b, "S%d,1,1.00,EUR\n", k);
    assert_int_equal(parse(b.s, b.n, pool, &ev, &e), SV_OK);
    assert_int_equal(ev.n_quote, 1000);
    assert_string_equal(ev.quote[999].style, "S999");
    add(&b, "S1000,1,1.00,EUR\n");
    assert_int_equal(parse(b.s, b.n, pool, &ev, &e), SV_ERR_SCHEMA);
    assert_int_equal(e.line, 1002);
    assert_string_equal(e.field, "style");
    assert_non_null(strstr(e.msg, "more than 1000 styles"));
    free(b.s);

    /* 64 fields a line, not 65 */
    b = (buf){0};
    add(&b, "style,qty,price,currency\nTS01,1,1.00,EUR");
    for (int k = 4; k < 64; k++)
        add(&b, ",");
    add(&b, "\n");
    assert_int_equal(parse(b.s, b.n, pool, &ev, &e), SV_OK);
    b.n--; /* the newline */
    add(&b, ",\n");
    assert_int_equal(parse(b.s, b.n, pool, &ev, &e), SV_ERR_SCHEMA);
    assert_int_equal(e.line, 2);
    assert_non_null(strstr(e.msg, "more than 64 fields"));
    free(b.s);

    /* quantities to 10^9, amounts to 10^15 minor units, texts to 4,000 bytes, refs to 64 */
    static const char big[] = "style,qty,price,currency\nTS01,1000000000,10000000000000.00,EUR\n";
    assert_int_equal(parse(big, strlen(big), pool, &ev, &e), SV_OK);
    assert_int_equal(ev.quote[0].breaks[0].qty, SV_LEDGER_QTY_MAX);
    assert_int_equal(ev.quote[0].breaks[0].price, SV_LEDGER_AMOUNT_MAX);
    refused("style,qty,price,currency\nTS01,1000000001,1,EUR\n", 2, "qty", "1 to 1000000000");
    refused("style,qty,price,currency\nTS01,99999999999999999999999,1,EUR\n", 2, "qty",
            "not a whole number");
    refused("style,qty,price,currency\nTS01,1,10000000000000.01,EUR\n", 2, "price",
            "not an amount");
    b = (buf){0};
    add(&b, "style,qty,price,currency,text\nTS01,1,1,EUR,");
    for (int k = 0; k < 4000; k++)
        add(&b, "x");
    add(&b, "\n");
    assert_int_equal(parse(b.s, b.n, pool, &ev, &e), SV_OK);
    assert_int_equal(strlen(ev.text), 4000);
    b.n--;
    add(&b, "x\n");
    assert_int_equal(parse(b.s, b.n, pool, &ev, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "text");
    assert_non_null(strstr(e.msg, "longer than 4000 bytes"));
    free(b.s);
    b = (buf){0};
    add(&b, "style,qty,price,currency,incoterm\nTS01,1,1,EUR,");
    for (int k = 0; k < 65; k++)
        add(&b, "F");
    add(&b, "\n");
    assert_int_equal(parse(b.s, b.n, pool, &ev, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "incoterm");
    assert_non_null(strstr(e.msg, "longer than 64 bytes"));
    free(b.s);
    sv_pool_free(pool);
}

/* From a file: the file's name in the messages; a file that is not there, said so. */
static void from_a_file(void **state)
{
    (void)state;
    char path[] = "/tmp/selvedge-quote-csv-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    fputs(H ROW1 "TS01,900,6.50,USD,,,,,,,,,,,\n", f);
    fclose(f);
    sv_pool *pool = sv_pool_create();
    sv_ledger_event ev;
    sv_ledger_event_init(&ev);
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_ledger_quote_csv_load(path, pool, &ev, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.file, path);
    assert_int_equal(e.line, 3);
    assert_string_equal(e.field, "currency");
    remove(path);
    sv_err_clear(&e);
    assert_int_not_equal(sv_ledger_quote_csv_load(path, pool, &ev, &e), SV_OK);
    assert_string_equal(e.file, path);
    sv_pool_free(pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_every_figure), cmocka_unit_test(the_least),
        cmocka_unit_test(every_bad_field),    cmocka_unit_test(limits),
        cmocka_unit_test(from_a_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
