/* Tests for lib/engine/scorecard.c: both scorecards of a history written by hand
 * (tests/data/ledger/scorecard.jsonl: northline and kestrel with pt-barcelos-sportmalha,
 * northline's RFQ declined by tr-bursa-devinim), each measure against the figures counted by
 * hand, with the ids of the events it rests on; a measure with no events said and left out;
 * the period; the standing among counterparts. The counts are written out in
 * docs/internals/scorecard.md ("The worked example"). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "selvedge/ledger.h"
#include "selvedge/ledger_jsonl.h"
#include "selvedge/scorecard.h"
#include "../test_util.h"

#define A "pt-barcelos-sportmalha"

typedef struct hist {
    sv_pool *pool;
    const sv_ledger_event *v[256];
    size_t n;
} hist;

static sv_code keep(void *ud, int line, sv_ledger_event *ev, sv_err *e)
{
    hist *h = ud;
    (void)line;
    (void)e;
    assert_true(h->n < 256);
    sv_ledger_event *c = sv_pool_alloc(h->pool, sizeof *c);
    assert_non_null(c);
    *c = *ev;
    h->v[h->n++] = c;
    return SV_OK;
}

static hist *load(void)
{
    static hist h;
    if (h.pool)
        return &h;
    h.pool = sv_pool_create();
    FILE *f = fopen(tu_source("tests/data/ledger/scorecard.jsonl"), "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    sv_err e;
    sv_err_clear(&e);
    char msg[1024];
    if (sv_ledger_jsonl_parse(buf, len, "scorecard.jsonl", h.pool, keep, &h, &e) != SV_OK)
        fail_msg("%s", sv_err_format(&e, msg, sizeof msg));
    assert_int_equal(h.n, 55);
    return &h;
}

static int64_t day(const char *s)
{
    char b[32];
    int64_t t = 0;
    snprintf(b, sizeof b, "%sT00:00:00Z", s);
    assert_true(sv_ledger_time_parse(b, &t));
    return sv_ledger_day(t);
}

static sv_sc_weight weights[SV_SC__COUNT];

/* The built-in weights, the T&A's review (4) and quotation (8) days, as of 2027-06-30. */
static sv_sc_params params(void)
{
    sv_refdata *rd = tu_refdata();
    assert_int_equal(rd->n_scorecard_weights, SV_SC__COUNT);
    static char codes[SV_SC__COUNT][40];
    for (size_t i = 0; i < rd->n_scorecard_weights; i++) {
        snprintf(codes[i], sizeof codes[i], "%s", rd->scorecard_weights[i].code);
        weights[i] = (sv_sc_weight){codes[i], rd->scorecard_weights[i].weight,
                                    rd->scorecard_weights[i].target};
    }
    assert_int_equal(sv_refdata_lead_days(rd, SV_STAGE_SAMPLE_REVIEW, "PT", 0), 4);
    assert_int_equal(sv_refdata_lead_days(rd, SV_STAGE_QUOTATION, "PT", 0), 8);
    sv_refdata_free(rd);
    return (sv_sc_params){SV_LEDGER_NO_DAY, SV_LEDGER_NO_DAY, day("2027-06-30"), 4, 8,
                          weights,          SV_SC__COUNT};
}

static const sv_sc_measure *get(const sv_scorecard *sc, sv_sc_code c)
{
    for (int k = 0; k < sc->n_m; k++)
        if (sc->m[k].code == c)
            return &sc->m[k];
    fail_msg("no measure %s", sv_sc_code_name(c));
    return NULL;
}

#define near(a, b) assert_true(fabs((a) - (b)) < 0.005)

/* The measure's events are exactly these ids (ascending, ended by 0). */
static void ids(const sv_sc_measure *m, ...)
{
    va_list ap;
    va_start(ap, m);
    size_t i = 0;
    for (int64_t id; (id = va_arg(ap, int)) != 0; i++) {
        if (i >= m->n_events)
            fail_msg("%s: only %zu events, expected event %lld", sv_sc_code_name(m->code),
                     m->n_events, (long long)id);
        if (m->ids[i] != id)
            fail_msg("%s: event %zu is %lld, expected %lld", sv_sc_code_name(m->code), i,
                     (long long)m->ids[i], (long long)id);
    }
    va_end(ap);
    assert_int_equal(m->n_events, i);
}

static void brand_northline(void **state)
{
    (void)state;
    hist *h = load();
    sv_sc_params p = params();
    sv_scorecard sc;
    assert_int_equal(sv_scorecard_compute(h->v, h->n, SV_SC_BRAND, "northline", &p, &sc), SV_OK);
    assert_int_equal(sc.n_events, 42);

    const sv_sc_measure *m = get(&sc, SV_SC_BRAND_PAYS_ON_TIME);
    /* deposit due 03-15 paid 03-20 (5 days late); balance due 05-25 paid 05-25 */
    assert_true(m->has);
    assert_int_equal(m->num, 1);
    assert_int_equal(m->den, 2);
    near(m->value, 50.0);
    near(m->days_late, 2.5);
    ids(m, 27, 30, 33, 38, 0);
    assert_non_null(strstr(m->text, "1 of 2 payments paid by their due date"));

    /* CR-1 after TS01 fit 2 approved (19); CR-2 after HD02 fit 1 approved (9) or the order
     * (25); over TS01 and HD02 ordered (order 25, revised; 39 adds no new style) */
    m = get(&sc, SV_SC_BRAND_CHANGES_AFTER_SIGNOFF);
    assert_true(m->has);
    assert_int_equal(m->num, 2);
    assert_int_equal(m->den, 2);
    near(m->value, 1.0);
    near(m->score, 50.0);
    assert_string_equal(m->unit, "per style");

    /* received -> reviewed: HD02 fit 1 2 days, TS01 fit 1 5, TS01 fit 2 6: median 5 of 4 */
    m = get(&sc, SV_SC_BRAND_REVIEW_TURNAROUND);
    near(m->value, 5.0);
    near(m->score, 80.0);
    assert_int_equal(m->n_items, 3);
    ids(m, 8, 9, 11, 13, 18, 19, 0);

    /* the TS01 fit 1 fee invoiced, never paid */
    m = get(&sc, SV_SC_BRAND_SAMPLE_FEES_PAID);
    assert_int_equal(m->num, 0);
    assert_int_equal(m->den, 1);
    near(m->value, 0.0);
    assert_true(m->has);
    ids(m, 12, 0);

    /* R1 announced 1,500 units to sportmalha; PO-1 as revised orders 1,100 on it (PO-2 is on
     * no RFQ; R1 to devinim was declined: no order, not counted) */
    m = get(&sc, SV_SC_BRAND_FORECAST_KEPT);
    assert_int_equal(m->num, 1100);
    assert_int_equal(m->den, 1500);
    near(m->value, 73.333);
    ids(m, 1, 25, 0);

    /* answers: 3 to 2 on R1 after 30 h, 35 to 34 on PO-1 after 6 h; 55, the factory's
     * question on PO-2 (06-01 10:00), never answered: counted as answered at the as-of (06-30
     * 00:00), 686 h, a lower bound: the median of 6, 30 and 686 is 30 h (of 24: score 80).
     * 15 and 36, the factory's replies to the brand's 14 and 35, await nothing */
    m = get(&sc, SV_SC_BRAND_RESPONSE_TIME);
    near(m->value, 30.0);
    near(m->score, 80.0);
    assert_int_equal(m->n_items, 3);
    assert_int_equal(m->n_unanswered, 1);
    near(m->oldest_unanswered, 686.0);
    ids(m, 2, 3, 34, 35, 55, 0);
    assert_non_null(strstr(m->text, "median 30.0 hours to answer over 2 answers and 1 message "
                                    "unanswered as of 2027-06-30 (the oldest 686.0 hours old), "
                                    "counted as answered then: a lower bound"));

    /* PO-1 first, PO-2 a repeat */
    m = get(&sc, SV_SC_BRAND_REPEAT_ORDERS);
    assert_int_equal(m->num, 1);
    assert_int_equal(m->den, 2);
    ids(m, 25, 39, 0);

    /* PO-1 as revised: TS01 at 6.80 (the quote's for 800), HD02 at 15.20 (14.90 quoted) */
    m = get(&sc, SV_SC_BRAND_PRICE_AGREED);
    assert_int_equal(m->num, 2);
    assert_int_equal(m->den, 2);
    ids(m, 4, 25, 0);

    /* PO-1 issued 03-07 for ex-factory 05-20: 74 days, against HD02's 75 production days
     * quoted (TS01's 60): one day short */
    m = get(&sc, SV_SC_BRAND_LEAD_TIME_ALLOWED);
    assert_int_equal(m->num, 0);
    assert_int_equal(m->den, 1);
    near(m->days_late, 1.0);
    ids(m, 4, 25, 0);
    assert_string_equal(sv_ppi_name((sv_ppi_category)sv_sc_code_ppi(m->code)),
                        "sourcing and order placement");

    /* (20x50 + 15x50 + 10x80 + 5x0 + 15x73.33 + 10x80 + 5x50 + 10x100 + 10x0) / 100 */
    assert_true(sc.has_overall);
    assert_int_equal(sc.n_m, SV_SC_BRAND_N);
    near(sc.overall, 57.0);
    /* devinim only declined: nothing to score northline on */
    assert_int_equal(sc.n_by, 2);
    assert_int_equal(sc.n_ranked, 1);
    assert_string_equal(sc.by[0].handle, A);
    assert_int_equal(sc.by[0].rank, 1);
    near(sc.by[0].overall, 57.0);
    assert_string_equal(sc.by[1].handle, "tr-bursa-devinim");
    assert_false(sc.by[1].has);
    assert_int_equal(sc.by[1].rank, 0);
    /* and the factories by their own scores over the pair: sportmalha 40 (as northline alone
     * scores it, below), devinim nothing to score (a decline: no quote) */
    assert_true(sc.by[0].own_has);
    near(sc.by[0].own, 40.0);
    assert_int_equal(sc.by[0].own_rank, 1);
    assert_false(sc.by[1].own_has);
    assert_int_equal(sc.by[1].own_rank, 0);
    assert_int_equal(sc.n_own_ranked, 1);
    sv_scorecard_free(&sc);
}

static void factory_sportmalha(void **state)
{
    (void)state;
    hist *h = load();
    sv_sc_params p = params();
    sv_scorecard sc;
    assert_int_equal(sv_scorecard_compute(h->v, h->n, SV_SC_FACTORY, A, &p, &sc), SV_OK);
    assert_int_equal(sc.n_events, 53);

    /* R1 01-04 -> 01-09: 5 days; R7 02-01 -> 02-03: 2 days; median 3.5, the T&A allows 8 */
    const sv_sc_measure *m = get(&sc, SV_SC_FACTORY_QUOTE_TURNAROUND);
    near(m->value, 3.5);
    near(m->score, 100.0);
    ids(m, 1, 4, 40, 41, 0);

    /* TS01 fit 1 due 02-01 received 02-04 (3 late); HD02 fit 1, TS01 fit 2, JK01 proto on
     * time */
    m = get(&sc, SV_SC_FACTORY_SAMPLES_ON_TIME);
    assert_int_equal(m->num, 3);
    assert_int_equal(m->den, 4);
    near(m->days_late, 0.75);
    ids(m, 5, 6, 8, 11, 16, 18, 42, 44, 0);

    /* first rounds: HD02 fit 1 approved, TS01 fit 1 rejected, JK01 proto approved with
     * comments */
    m = get(&sc, SV_SC_FACTORY_SAMPLES_RIGHT_FIRST_TIME);
    assert_int_equal(m->num, 2);
    assert_int_equal(m->den, 3);
    near(m->value, 66.667);
    ids(m, 9, 13, 45, 0);

    /* PO-1 confirmed for 05-20, out 05-24 (4 late); PO-7 04-30 on the day */
    m = get(&sc, SV_SC_FACTORY_DELIVERY_ON_TIME);
    assert_int_equal(m->num, 1);
    assert_int_equal(m->den, 2);
    near(m->days_late, 2.0);
    ids(m, 26, 37, 47, 51, 0);

    /* PO-1 failed its first inspection (passed the second), PO-7 passed */
    m = get(&sc, SV_SC_FACTORY_INSPECTION_PASS_RATE);
    assert_int_equal(m->num, 1);
    assert_int_equal(m->den, 2);
    ids(m, 31, 50, 0);

    /* PO-1 as revised after the counter: TS01 800 at 6.80 (the 500 break) kept, HD02 at 15.20
     * against 14.90 not; PO-7 JK01 at 30.00 kept */
    m = get(&sc, SV_SC_FACTORY_PRICE_KEPT);
    assert_int_equal(m->num, 2);
    assert_int_equal(m->den, 3);
    ids(m, 4, 25, 41, 46, 0);

    /* answers: 15 to 14 after 21 h, 36 to 35 after 18 h: median 19.5; northline's 3, a
     * reply to the factory's 2, awaits nothing */
    m = get(&sc, SV_SC_FACTORY_RESPONSE_TIME);
    near(m->value, 19.5);
    assert_int_equal(m->n_unanswered, 0);
    near(m->oldest_unanswered, -1.0);
    ids(m, 14, 15, 35, 36, 0);

    /* (10x100 + 15x75 + 15x66.67 + 25x50 + 20x50 + 5x66.67 + 10x100) / 100 */
    near(sc.overall, 67.0833);
    /* kestrel alone: every measure 100 (no messages: left out); northline alone 40 */
    assert_int_equal(sc.n_ranked, 2);
    assert_string_equal(sc.by[0].handle, "kestrel");
    near(sc.by[0].overall, 100.0);
    assert_string_equal(sc.by[1].handle, "northline");
    near(sc.by[1].overall, 40.0);
    assert_int_equal(sc.by[1].rank, 2);
    /* the brands by their own brand.* scores: kestrel 82.35, northline 59 (all their events
     * are with sportmalha but devinim's decline, which scores nothing) */
    near(sc.by[0].own, 7000.0 / 85.0);
    assert_int_equal(sc.by[0].own_rank, 1);
    near(sc.by[1].own, 57.0);
    assert_int_equal(sc.by[1].own_rank, 2);
    assert_int_equal(sc.n_own_ranked, 2);
    sv_scorecard_free(&sc);
}

/* kestrel's balance, due 05-20 and unpaid, is late by the as-of day: 41 days at 06-30; not
 * yet counted at 05-01 */
static void unpaid_is_late_as_of(void **state)
{
    (void)state;
    hist *h = load();
    sv_sc_params p = params();
    sv_scorecard sc;
    assert_int_equal(sv_scorecard_compute(h->v, h->n, SV_SC_BRAND, "kestrel", &p, &sc), SV_OK);
    const sv_sc_measure *m = get(&sc, SV_SC_BRAND_PAYS_ON_TIME);
    assert_int_equal(m->num, 1);
    assert_int_equal(m->den, 2);
    near(m->days_late, 20.5);
    ids(m, 48, 49, 52, 0);
    /* no message, no change, no fee: said, and out of the overall */
    m = get(&sc, SV_SC_BRAND_RESPONSE_TIME);
    assert_false(m->has);
    assert_int_equal(m->n_events, 0);
    assert_non_null(strstr(m->text, "no events in the period: not scored"));
    m = get(&sc, SV_SC_BRAND_SAMPLE_FEES_PAID);
    assert_false(m->has);
    sv_scorecard_free(&sc);

    p.asof = day("2027-05-01");
    assert_int_equal(sv_scorecard_compute(h->v, h->n, SV_SC_BRAND, "kestrel", &p, &sc), SV_OK);
    m = get(&sc, SV_SC_BRAND_PAYS_ON_TIME);
    assert_int_equal(m->num, 1);
    assert_int_equal(m->den, 1);
    near(m->days_late, 0.0);
    sv_scorecard_free(&sc);
}

/* A measure with no events is left out of the overall: kestrel's overall is the weighted
 * mean of the measures it has, not pulled to 0 by the others. */
static void no_events_left_out(void **state)
{
    (void)state;
    hist *h = load();
    sv_sc_params p = params();
    sv_scorecard sc;
    assert_int_equal(sv_scorecard_compute(h->v, h->n, SV_SC_BRAND, "kestrel", &p, &sc), SV_OK);
    /* pays 50 (w20), changes: none, 1 style ordered: 0 per style, 100 (w15), review 1 day of
     * 4: 100 (w10), forecast 200 of 200: 100 (w15), repeat 0 of 1 (w5), price 30.00 as
     * quoted: 100 (w10), PO-7 03-01 to 04-30 allows 60 days of 45: 100 (w10); fees and
     * response time (w5, w10) left out */
    near(get(&sc, SV_SC_BRAND_REVIEW_TURNAROUND)->value, 1.0);
    near(get(&sc, SV_SC_BRAND_FORECAST_KEPT)->value, 100.0);
    near(get(&sc, SV_SC_BRAND_CHANGES_AFTER_SIGNOFF)->value, 0.0);
    near(get(&sc, SV_SC_BRAND_REPEAT_ORDERS)->value, 0.0);
    near(get(&sc, SV_SC_BRAND_PRICE_AGREED)->value, 100.0);
    near(get(&sc, SV_SC_BRAND_LEAD_TIME_ALLOWED)->value, 100.0);
    near(get(&sc, SV_SC_BRAND_LEAD_TIME_ALLOWED)->days_late, 0.0);
    near(sc.overall,
         (20 * 50.0 + 15 * 100.0 + 10 * 100.0 + 15 * 100.0 + 5 * 0.0 + 10 * 100.0 + 10 * 100.0) /
             85.0);
    sv_scorecard_free(&sc);

    /* a party with no events at all: every measure said, no overall */
    assert_int_equal(sv_scorecard_compute(h->v, h->n, SV_SC_BRAND, "nobody", &p, &sc), SV_OK);
    assert_false(sc.has_overall);
    assert_int_equal(sc.n_m, SV_SC_BRAND_N);
    for (int k = 0; k < sc.n_m; k++)
        assert_false(sc.m[k].has);
    assert_int_equal(sc.n_by, 0);
    sv_scorecard_free(&sc);
}

/* The period [from, to) counts each thing by its own day: from 2027-05-01, northline's
 * deposit (due 03-15) and its reviews are out, the balance (05-25) and PO-2 in. */
static void period(void **state)
{
    (void)state;
    hist *h = load();
    sv_sc_params p = params();
    p.from = day("2027-05-01");
    sv_scorecard sc;
    assert_int_equal(sv_scorecard_compute(h->v, h->n, SV_SC_BRAND, "northline", &p, &sc), SV_OK);
    const sv_sc_measure *m = get(&sc, SV_SC_BRAND_PAYS_ON_TIME);
    assert_int_equal(m->num, 1);
    assert_int_equal(m->den, 1);
    ids(m, 33, 38, 0);
    assert_false(get(&sc, SV_SC_BRAND_REVIEW_TURNAROUND)->has);
    assert_false(get(&sc, SV_SC_BRAND_FORECAST_KEPT)->has);
    /* 35 answers 34 in 6 h; 55, sent 06-01 and never answered, is in the period: 686 h */
    m = get(&sc, SV_SC_BRAND_RESPONSE_TIME);
    near(m->value, (6.0 + 686.0) / 2);
    assert_int_equal(m->n_unanswered, 1);
    m = get(&sc, SV_SC_BRAND_REPEAT_ORDERS);
    assert_int_equal(m->num, 1);
    assert_int_equal(m->den, 1);
    sv_scorecard_free(&sc);

    /* to 2027-03-01 (exclusive): CR-1 and the orders are out */
    p.from = SV_LEDGER_NO_DAY;
    p.to = day("2027-03-01");
    assert_int_equal(sv_scorecard_compute(h->v, h->n, SV_SC_BRAND, "northline", &p, &sc), SV_OK);
    assert_false(get(&sc, SV_SC_BRAND_CHANGES_AFTER_SIGNOFF)->has);
    assert_false(get(&sc, SV_SC_BRAND_PAYS_ON_TIME)->has);
    near(get(&sc, SV_SC_BRAND_REVIEW_TURNAROUND)->value, 5.0);
    sv_scorecard_free(&sc);
}

/* A message unanswered counts from when it was sent to the start of the as-of day: as of
 * 2027-06-02, northline's 55 (06-01 10:00) is 14 h old; as of 06-01 it was sent after the
 * as-of (10:00 that day) and is not counted. In a period that leaves its day out, it is not
 * counted either. */
static void unanswered_as_of(void **state)
{
    (void)state;
    hist *h = load();
    sv_sc_params p = params();
    p.asof = day("2027-06-02");
    sv_scorecard sc;
    assert_int_equal(sv_scorecard_compute(h->v, h->n, SV_SC_BRAND, "northline", &p, &sc), SV_OK);
    const sv_sc_measure *m = get(&sc, SV_SC_BRAND_RESPONSE_TIME);
    near(m->value, 14.0); /* 6, 14, 30 */
    assert_int_equal(m->n_unanswered, 1);
    near(m->oldest_unanswered, 14.0);
    assert_non_null(strstr(m->text, "as of 2027-06-02 (the oldest 14.0 hours old)"));
    sv_scorecard_free(&sc);

    p.asof = day("2027-06-01");
    assert_int_equal(sv_scorecard_compute(h->v, h->n, SV_SC_BRAND, "northline", &p, &sc), SV_OK);
    m = get(&sc, SV_SC_BRAND_RESPONSE_TIME);
    near(m->value, 18.0); /* 6, 30 */
    assert_int_equal(m->n_unanswered, 0);
    near(m->oldest_unanswered, -1.0);
    ids(m, 2, 3, 34, 35, 0);
    assert_null(strstr(m->text, "unanswered"));
    sv_scorecard_free(&sc);

    /* no as-of day: nothing is judged unanswered (as nothing is judged late) */
    p.asof = SV_LEDGER_NO_DAY;
    assert_int_equal(sv_scorecard_compute(h->v, h->n, SV_SC_BRAND, "northline", &p, &sc), SV_OK);
    m = get(&sc, SV_SC_BRAND_RESPONSE_TIME);
    assert_int_equal(m->n_unanswered, 0);
    near(m->value, 18.0);
    sv_scorecard_free(&sc);

    p.asof = day("2027-06-30");
    p.to = day("2027-06-01");
    assert_int_equal(sv_scorecard_compute(h->v, h->n, SV_SC_BRAND, "northline", &p, &sc), SV_OK);
    m = get(&sc, SV_SC_BRAND_RESPONSE_TIME);
    assert_int_equal(m->n_unanswered, 0);
    near(m->value, 18.0);
    sv_scorecard_free(&sc);
}

static void codes(void **state)
{
    (void)state;
    for (int c = 0; c < SV_SC__COUNT; c++)
        assert_int_equal(sv_sc_code_parse(sv_sc_code_name((sv_sc_code)c)), c);
    assert_int_equal(sv_sc_code_parse("brand.nothing"), -1);
    assert_string_equal(sv_ppi_name((sv_ppi_category)sv_sc_code_ppi(SV_SC_BRAND_PAYS_ON_TIME)),
                        "payment and terms");
    assert_int_equal(sv_sc_code_ppi(SV_SC_FACTORY_PRICE_KEPT), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(brand_northline),
        cmocka_unit_test(factory_sportmalha),
        cmocka_unit_test(unpaid_is_late_as_of),
        cmocka_unit_test(no_events_left_out),
        cmocka_unit_test(period),
        cmocka_unit_test(unanswered_as_of),
        cmocka_unit_test(codes),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    hist *h = load();
    sv_pool_free(h->pool);
    return rc;
}
