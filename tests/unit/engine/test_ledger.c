/* Tests for lib/engine/ledger.c: the states folded from a brand's and a factory's events,
 * corrections taking the place of what they correct, and the admission of a new event with
 * the refusals the issue names. Events are built here, field by field (no file, no store). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/aql.h"
#include "selvedge/ledger.h"

/* A history of up to 64 events, ids 1, 2, 3... in the order added. */
typedef struct hist {
    sv_ledger_event ev[64];
    const sv_ledger_event *v[64];
    size_t n;
} hist;

static int64_t T(const char *s)
{
    int64_t t = 0;
    if (!sv_ledger_time_parse(s, &t))
        fail_msg("bad time in test: %s", s);
    return t;
}

/* A day "2027-01-24" (days since 1970-01-01). */
static int64_t D(const char *s)
{
    char b[32];
    snprintf(b, sizeof b, "%sT12:00:00Z", s);
    return sv_ledger_day(T(b));
}

static sv_ledger_event mk(sv_ledger_kind kind, const char *at)
{
    sv_ledger_event ev;
    sv_ledger_event_init(&ev);
    ev.kind = kind;
    ev.by = sv_ledger_kind_by(kind) == SV_BY__COUNT ? SV_BY_BRAND : sv_ledger_kind_by(kind);
    ev.at = T(at);
    ev.brand = "northline";
    ev.factory = "pt-barcelos-sportmalha";
    return ev;
}

/* Check, admit, and add to h (failing the test with the refusal). */
static void add(hist *h, sv_ledger_event ev)
{
    sv_err e;
    sv_err_clear(&e);
    char buf[1024];
    if (sv_ledger_check(&ev, &e) != SV_OK)
        fail_msg("check refused %s: %s", sv_ledger_kind_name(ev.kind),
                 sv_err_format(&e, buf, sizeof buf));
    if (sv_ledger_admit(h->v, h->n, &ev, &e) != SV_OK)
        fail_msg("admit refused %s: %s", sv_ledger_kind_name(ev.kind),
                 sv_err_format(&e, buf, sizeof buf));
    assert_true(h->n < 64);
    ev.id = (int64_t)h->n + 1;
    h->ev[h->n] = ev;
    h->v[h->n] = &h->ev[h->n];
    h->n++;
}

/* The refusal of ev against h: its field and message, which must hold `want`. */
static void refused(hist *h, sv_ledger_event ev, const char *field, const char *want)
{
    sv_err e;
    sv_err_clear(&e);
    char buf[1024];
    if (sv_ledger_check(&ev, &e) != SV_OK)
        fail_msg("check refused %s: %s", sv_ledger_kind_name(ev.kind),
                 sv_err_format(&e, buf, sizeof buf));
    assert_int_equal(sv_ledger_admit(h->v, h->n, &ev, &e), SV_ERR_SCHEMA);
    if (!strstr(e.msg, want))
        fail_msg("message \"%s\" lacks \"%s\"", e.msg, want);
    assert_string_equal(e.field, field);
}

static sv_ledger_line rfq_lines[] = {{"TS01", NULL, NULL, 900, SV_LEDGER_UNSET},
                                     {"HD02", NULL, NULL, 400, SV_LEDGER_UNSET}};
static sv_ledger_break breaks[] = {{500, 680}, {1000, 620}};
static sv_ledger_quote_line qline = {"TS01", breaks, 2, 500, 150, 4500, 1, 21, 60};
static sv_ledger_line po_lines[] = {{"TS01", "Oat", "M", 300, 670}, {"TS01", "Oat", "L", 300, 670}};

static sv_ledger_event rfq_sent(const char *at)
{
    sv_ledger_event ev = mk(SV_EV_RFQ_SENT, at);
    ev.rfq = "R1";
    ev.due = D("2027-01-24");
    ev.lines = rfq_lines;
    ev.n_lines = 2;
    return ev;
}

static sv_ledger_event rfq_ev(sv_ledger_kind k, const char *at)
{
    sv_ledger_event ev = mk(k, at);
    ev.rfq = "R1";
    if (k == SV_EV_RFQ_DECLINED)
        ev.reason = SV_DECLINE_MOQ;
    if (k == SV_EV_QUOTE) {
        memcpy(ev.currency, "EUR", 4);
        ev.quote = &qline;
        ev.n_quote = 1;
    }
    return ev;
}

static sv_ledger_event sample(sv_ledger_kind k, const char *at, sv_sample_stage stage, int round)
{
    sv_ledger_event ev = mk(k, at);
    ev.style = "TS01";
    ev.stage = stage;
    ev.round = round;
    if (k == SV_EV_SAMPLE_REVIEWED)
        ev.verdict = SV_VERDICT_APPROVED;
    if (k == SV_EV_SAMPLE_FEE_INVOICED || k == SV_EV_SAMPLE_FEE_PAID) {
        memcpy(ev.currency, "EUR", 4);
        ev.amount = 4500;
    }
    return ev;
}

static sv_ledger_event order_ev(sv_ledger_kind k, const char *at, const char *ref)
{
    sv_ledger_event ev = mk(k, at);
    ev.order = ref;
    if (k == SV_EV_ORDER_ISSUED) {
        memcpy(ev.currency, "EUR", 4);
        ev.lines = po_lines;
        ev.n_lines = 2;
    }
    if (k == SV_EV_ORDER_COUNTERED)
        ev.text = "ex-factory two weeks later";
    return ev;
}

static sv_ledger_event payment(sv_ledger_kind k, const char *at, const char *due)
{
    sv_ledger_event ev = mk(k, at);
    ev.order = "PO-1";
    ev.milestone = "deposit";
    memcpy(ev.currency, "EUR", 4);
    ev.amount = 120600;
    if (due)
        ev.due = D(due);
    return ev;
}

static sv_ledger_event change(sv_ledger_kind k, const char *at)
{
    sv_ledger_event ev = mk(k, at);
    ev.change = "CR-1";
    if (k == SV_EV_CHANGE_REQUESTED) {
        ev.style = "TS01";
        ev.what = "body colour";
    }
    return ev;
}

/* ---- RFQs ---- */

static void test_rfq_states(void **state)
{
    (void)state;
    hist h = {0};
    sv_rfq_state r;
    sv_ledger_rfq(h.v, h.n, "R1", T("2027-01-11T00:00:00Z"), &r);
    assert_int_equal(r.status, SV_RFQ_NONE);
    add(&h, rfq_sent("2027-01-10T09:00:00Z"));
    sv_ledger_rfq(h.v, h.n, "R1", T("2027-01-11T00:00:00Z"), &r);
    assert_int_equal(r.status, SV_RFQ_SENT);
    /* the reply-by date passed with neither quote nor decline */
    sv_ledger_rfq(h.v, h.n, "R1", T("2027-01-25T00:00:00Z"), &r);
    assert_int_equal(r.status, SV_RFQ_EXPIRED);
    add(&h, rfq_ev(SV_EV_RFQ_ACKNOWLEDGED, "2027-01-11T08:00:00Z"));
    sv_ledger_rfq(h.v, h.n, "R1", T("2027-01-12T00:00:00Z"), &r);
    assert_int_equal(r.status, SV_RFQ_ACKNOWLEDGED);
    add(&h, rfq_ev(SV_EV_QUOTE, "2027-01-15T16:30:00Z"));
    sv_ledger_rfq(h.v, h.n, "R1", T("2027-02-01T00:00:00Z"), &r);
    assert_int_equal(r.status, SV_RFQ_QUOTED); /* quoted in time: not expired */
    assert_int_equal(r.n_quotes, 1);
    assert_ptr_equal(r.quote, &h.ev[2]);
    /* another RFQ of the same pair is untouched */
    sv_ledger_rfq(h.v, h.n, "R2", T("2027-02-01T00:00:00Z"), &r);
    assert_int_equal(r.status, SV_RFQ_NONE);
}

static void test_quote_on_declined_rfq_refused(void **state)
{
    (void)state;
    hist h = {0};
    add(&h, rfq_sent("2027-01-10T09:00:00Z"));
    add(&h, rfq_ev(SV_EV_RFQ_DECLINED, "2027-01-12T10:00:00Z"));
    sv_rfq_state r;
    sv_ledger_rfq(h.v, h.n, "R1", T("2027-01-13T00:00:00Z"), &r);
    assert_int_equal(r.status, SV_RFQ_DECLINED);
    refused(&h, rfq_ev(SV_EV_QUOTE, "2027-01-13T10:00:00Z"), "rfq",
            "no quote on RFQ R1: the factory declined it on 2027-01-12");
    refused(&h, rfq_ev(SV_EV_RFQ_ACKNOWLEDGED, "2027-01-13T10:00:00Z"), "rfq",
            "declined it on 2027-01-12");
}

static void test_rfq_refusals(void **state)
{
    (void)state;
    hist h = {0};
    refused(&h, rfq_ev(SV_EV_QUOTE, "2027-01-13T10:00:00Z"), "rfq",
            "a quote on RFQ R1, which was never sent to this factory");
    add(&h, rfq_sent("2027-01-10T09:00:00Z"));
    refused(&h, rfq_sent("2027-01-11T09:00:00Z"), "rfq", "RFQ R1 was already sent");
    refused(&h, rfq_ev(SV_EV_QUOTE, "2027-01-09T10:00:00Z"), "at",
            "quote is dated 2027-01-09T10:00:00Z, before the RFQ was sent (2027-01-10T09:00:00Z)");
    /* a style the RFQ did not ask for */
    sv_ledger_quote_line other = qline;
    other.style = "XX99";
    sv_ledger_event q = rfq_ev(SV_EV_QUOTE, "2027-01-13T10:00:00Z");
    q.quote = &other;
    refused(&h, q, "quote[0].style", "style XX99 is not in RFQ R1");
    add(&h, rfq_ev(SV_EV_QUOTE, "2027-01-13T10:00:00Z"));
    /* a second quote that does not say it revises the first */
    refused(&h, rfq_ev(SV_EV_QUOTE, "2027-01-14T10:00:00Z"), "supersedes",
            "RFQ R1 already has a quote (event 2");
}

/* ---- corrections ---- */

static void test_revised_quote_supersedes_and_both_stay(void **state)
{
    (void)state;
    hist h = {0};
    add(&h, rfq_sent("2027-01-10T09:00:00Z"));
    add(&h, rfq_ev(SV_EV_QUOTE, "2027-01-13T10:00:00Z"));
    sv_ledger_break cheaper[] = {{500, 670}};
    sv_ledger_quote_line ql = qline;
    ql.breaks = cheaper;
    ql.n_breaks = 1;
    sv_ledger_event rev = rfq_ev(SV_EV_QUOTE, "2027-01-14T10:00:00Z");
    rev.quote = &ql;
    rev.supersedes = 2;
    add(&h, rev);
    assert_int_equal(h.n, 3);
    assert_true(sv_ledger_superseded(h.v, h.n, 1));
    assert_false(sv_ledger_superseded(h.v, h.n, 2));
    sv_rfq_state r;
    sv_ledger_rfq(h.v, h.n, "R1", T("2027-01-15T00:00:00Z"), &r);
    assert_int_equal(r.n_quotes, 1);
    assert_int_equal(r.quote->id, 3);
    assert_int_equal(r.quote->quote[0].breaks[0].price, 670);
    /* the corrected one cannot be corrected again: the correction stands in its place */
    sv_ledger_event again = rev;
    again.supersedes = 2;
    refused(&h, again, "supersedes", "event 2 was already corrected");
    /* a correction is of the same kind and thing */
    sv_ledger_event ack = rfq_ev(SV_EV_RFQ_ACKNOWLEDGED, "2027-01-14T10:00:00Z");
    ack.supersedes = 1;
    ack.by = SV_BY_FACTORY;
    refused(&h, ack, "supersedes", "event 1 is a rfq.sent of rfq R1");
    sv_ledger_event nowhere = rev;
    nowhere.supersedes = 40;
    refused(&h, nowhere, "supersedes", "event 40 is not in the ledger of this brand");
}

static void test_correction_admitted_without_what_it_corrects(void **state)
{
    (void)state;
    hist h = {0};
    add(&h, order_ev(SV_EV_ORDER_ISSUED, "2027-02-20T09:00:00Z", "PO-1"));
    add(&h, payment(SV_EV_PAYMENT_DUE, "2027-02-21T09:00:00Z", "2027-02-28"));
    add(&h, payment(SV_EV_PAYMENT_PAID, "2027-03-06T14:00:00Z", NULL));
    /* the payment was entered with the wrong day: corrected, it is late by 2 days, not 6 */
    sv_ledger_event fix = payment(SV_EV_PAYMENT_PAID, "2027-03-02T14:00:00Z", NULL);
    fix.supersedes = 3;
    add(&h, fix);
    sv_payment_state p;
    sv_ledger_payment(h.v, h.n, "PO-1", "deposit", T("2027-04-01T00:00:00Z"), &p);
    assert_int_equal(p.status, SV_PAYMENT_PAID);
    assert_int_equal(p.paid->id, 4);
    assert_int_equal(p.days_late, 2);
}

/* ---- samples ---- */

static void test_sample_round(void **state)
{
    (void)state;
    hist h = {0};
    refused(&h, sample(SV_EV_SAMPLE_REVIEWED, "2027-02-11T15:00:00Z", SV_SAMPLE_FIT, 1), "round",
            "sample.reviewed of sample TS01 fit 1, which was never requested");
    add(&h, sample(SV_EV_SAMPLE_REQUESTED, "2027-01-18T09:00:00Z", SV_SAMPLE_FIT, 1));
    add(&h, sample(SV_EV_SAMPLE_SHIPPED, "2027-02-05T12:00:00Z", SV_SAMPLE_FIT, 1));
    refused(&h, sample(SV_EV_SAMPLE_REVIEWED, "2027-02-11T15:00:00Z", SV_SAMPLE_FIT, 1), "round",
            "a review of sample TS01 fit 1, which was never received");
    sv_round_state s;
    sv_ledger_round(h.v, h.n, "TS01", SV_SAMPLE_FIT, 1, &s);
    assert_int_equal(s.status, SV_ROUND_SHIPPED);
    refused(&h, sample(SV_EV_SAMPLE_RECEIVED, "2027-02-04T12:00:00Z", SV_SAMPLE_FIT, 1), "at",
            "before it was shipped");
    add(&h, sample(SV_EV_SAMPLE_RECEIVED, "2027-02-08T10:00:00Z", SV_SAMPLE_FIT, 1));
    sv_ledger_event rej = sample(SV_EV_SAMPLE_REVIEWED, "2027-02-11T15:00:00Z", SV_SAMPLE_FIT, 1);
    rej.verdict = SV_VERDICT_REJECTED;
    add(&h, rej);
    sv_ledger_round(h.v, h.n, "TS01", SV_SAMPLE_FIT, 1, &s);
    assert_int_equal(s.status, SV_ROUND_REVIEWED);
    assert_int_equal(s.verdict, SV_VERDICT_REJECTED);
    refused(&h, sample(SV_EV_SAMPLE_REVIEWED, "2027-02-12T15:00:00Z", SV_SAMPLE_FIT, 1), "round",
            "sample TS01 fit 1 was already reviewed on 2027-02-11");
    /* fit 3 before fit 2 */
    refused(&h, sample(SV_EV_SAMPLE_REQUESTED, "2027-02-12T09:00:00Z", SV_SAMPLE_FIT, 3), "round",
            "requested before round 2 of its stage");
    add(&h, sample(SV_EV_SAMPLE_REQUESTED, "2027-02-12T09:00:00Z", SV_SAMPLE_FIT, 2));
    sv_ledger_round(h.v, h.n, "TS01", SV_SAMPLE_FIT, 2, &s);
    assert_int_equal(s.status, SV_ROUND_REQUESTED);
    /* the fee */
    refused(&h, sample(SV_EV_SAMPLE_FEE_PAID, "2027-02-12T09:00:00Z", SV_SAMPLE_FIT, 1), "round",
            "a payment of the fee of sample TS01 fit 1, which was never invoiced");
    add(&h, sample(SV_EV_SAMPLE_FEE_INVOICED, "2027-02-12T09:00:00Z", SV_SAMPLE_FIT, 1));
    add(&h, sample(SV_EV_SAMPLE_FEE_PAID, "2027-02-13T09:00:00Z", SV_SAMPLE_FIT, 1));
    sv_ledger_round(h.v, h.n, "TS01", SV_SAMPLE_FIT, 1, &s);
    assert_non_null(s.fee_paid);
}

/* ---- orders and payments ---- */

static void test_order_states(void **state)
{
    (void)state;
    hist h = {0};
    refused(&h, order_ev(SV_EV_ORDER_CONFIRMED, "2027-02-21T09:00:00Z", "PO-1"), "order",
            "a confirmation of order PO-1, which does not exist");
    add(&h, order_ev(SV_EV_ORDER_ISSUED, "2027-02-20T09:00:00Z", "PO-1"));
    sv_order_state o;
    sv_ledger_order(h.v, h.n, "PO-1", &o);
    assert_int_equal(o.status, SV_ORDER_ISSUED);
    refused(&h, order_ev(SV_EV_ORDER_ISSUED, "2027-02-20T10:00:00Z", "PO-1"), "order",
            "order PO-1 was already issued on 2027-02-20");
    add(&h, order_ev(SV_EV_ORDER_COUNTERED, "2027-02-21T09:00:00Z", "PO-1"));
    sv_ledger_order(h.v, h.n, "PO-1", &o);
    assert_int_equal(o.status, SV_ORDER_COUNTERED);
    refused(&h, order_ev(SV_EV_ORDER_CONFIRMED, "2027-02-21T10:00:00Z", "PO-1"), "order",
            "order PO-1 was countered on 2027-02-21");
    /* the brand revises the order; the factory confirms the revision */
    sv_ledger_event rev = order_ev(SV_EV_ORDER_ISSUED, "2027-02-22T09:00:00Z", "PO-1");
    rev.supersedes = 1;
    rev.ex_factory = D("2027-05-29");
    add(&h, rev);
    sv_ledger_order(h.v, h.n, "PO-1", &o);
    assert_int_equal(o.status, SV_ORDER_ISSUED);
    assert_int_equal(o.issued->id, 3);
    add(&h, order_ev(SV_EV_ORDER_CONFIRMED, "2027-02-23T09:00:00Z", "PO-1"));
    sv_ledger_order(h.v, h.n, "PO-1", &o);
    assert_int_equal(o.status, SV_ORDER_CONFIRMED);
    refused(&h, order_ev(SV_EV_ORDER_CONFIRMED, "2027-02-24T09:00:00Z", "PO-1"), "order",
            "already confirmed on 2027-02-23");
}

static void test_payment_states(void **state)
{
    (void)state;
    hist h = {0};
    refused(&h, payment(SV_EV_PAYMENT_DUE, "2027-02-21T09:00:00Z", "2027-02-28"), "order",
            "payment on order PO-1, which does not exist");
    add(&h, order_ev(SV_EV_ORDER_ISSUED, "2027-02-20T09:00:00Z", "PO-1"));
    refused(&h, payment(SV_EV_PAYMENT_PAID, "2027-02-21T09:00:00Z", NULL), "milestone",
            "a payment of the deposit of order PO-1, which was never due");
    add(&h, payment(SV_EV_PAYMENT_DUE, "2027-02-21T09:00:00Z", "2027-02-28"));
    sv_payment_state p;
    sv_ledger_payment(h.v, h.n, "PO-1", "deposit", T("2027-02-27T00:00:00Z"), &p);
    assert_int_equal(p.status, SV_PAYMENT_DUE);
    assert_int_equal(p.days_late, 0);
    sv_ledger_payment(h.v, h.n, "PO-1", "deposit", T("2027-03-03T23:00:00Z"), &p);
    assert_int_equal(p.days_late, 3); /* due and unpaid, as of the 3rd */
    sv_ledger_event usd = payment(SV_EV_PAYMENT_PAID, "2027-03-06T14:00:00Z", NULL);
    memcpy(usd.currency, "USD", 4);
    refused(&h, usd, "currency", "the deposit of order PO-1 is due in EUR");
    add(&h, payment(SV_EV_PAYMENT_PAID, "2027-03-06T14:00:00Z", NULL));
    sv_ledger_payment(h.v, h.n, "PO-1", "deposit", T("2027-04-01T00:00:00Z"), &p);
    assert_int_equal(p.status, SV_PAYMENT_PAID);
    assert_int_equal(p.days_late, 6);
    refused(&h, payment(SV_EV_PAYMENT_PAID, "2027-03-07T14:00:00Z", NULL), "milestone",
            "already paid on 2027-03-06");
    /* paid early is 0 days late, never negative */
    hist h2 = {0};
    add(&h2, order_ev(SV_EV_ORDER_ISSUED, "2027-02-20T09:00:00Z", "PO-1"));
    add(&h2, payment(SV_EV_PAYMENT_DUE, "2027-02-21T09:00:00Z", "2027-02-28"));
    add(&h2, payment(SV_EV_PAYMENT_PAID, "2027-02-22T09:00:00Z", NULL));
    sv_ledger_payment(h2.v, h2.n, "PO-1", "deposit", T("2027-04-01T00:00:00Z"), &p);
    assert_int_equal(p.days_late, 0);
}

/* ---- changes ---- */

static void test_change_after_signoff(void **state)
{
    (void)state;
    hist h = {0};
    /* before any sign-off */
    add(&h, change(SV_EV_CHANGE_REQUESTED, "2027-01-20T09:00:00Z"));
    sv_change_state c;
    sv_ledger_change(h.v, h.n, "CR-1", &c);
    assert_int_equal(c.status, SV_CHANGE_REQUESTED);
    assert_null(c.after_signoff);
    refused(&h, change(SV_EV_CHANGE_ACCEPTED, "2027-01-21T09:00:00Z"), "change",
            "accepted once the factory has answered it");
    add(&h, change(SV_EV_CHANGE_WITHDRAWN, "2027-01-21T09:00:00Z"));
    sv_ledger_change(h.v, h.n, "CR-1", &c);
    assert_int_equal(c.status, SV_CHANGE_WITHDRAWN);
    refused(&h, change(SV_EV_CHANGE_ANSWERED, "2027-01-22T09:00:00Z"), "change",
            "change CR-1 was already withdrawn on 2027-01-21");
    /* fit approved, then a change: after sign-off */
    add(&h, sample(SV_EV_SAMPLE_REQUESTED, "2027-01-22T09:00:00Z", SV_SAMPLE_FIT, 1));
    add(&h, sample(SV_EV_SAMPLE_RECEIVED, "2027-02-08T10:00:00Z", SV_SAMPLE_FIT, 1));
    add(&h, sample(SV_EV_SAMPLE_REVIEWED, "2027-02-11T15:00:00Z", SV_SAMPLE_FIT, 1));
    sv_ledger_event cr2 = change(SV_EV_CHANGE_REQUESTED, "2027-02-14T09:00:00Z");
    cr2.change = "CR-2";
    add(&h, cr2);
    sv_ledger_change(h.v, h.n, "CR-2", &c);
    assert_non_null(c.after_signoff);
    assert_int_equal(c.after_signoff->kind, SV_EV_SAMPLE_REVIEWED);
    /* a change to another style came after no sign-off of its own */
    sv_ledger_event cr3 = change(SV_EV_CHANGE_REQUESTED, "2027-02-14T09:00:00Z");
    cr3.change = "CR-3";
    cr3.style = "HD02";
    add(&h, cr3);
    sv_ledger_change(h.v, h.n, "CR-3", &c);
    assert_null(c.after_signoff);
    /* a rejected proto is no sign-off; an order with the style is */
    hist h2 = {0};
    sv_ledger_event rej =
        sample(SV_EV_SAMPLE_REQUESTED, "2027-01-01T09:00:00Z", SV_SAMPLE_PROTO, 1);
    add(&h2, rej);
    add(&h2, sample(SV_EV_SAMPLE_RECEIVED, "2027-01-05T09:00:00Z", SV_SAMPLE_PROTO, 1));
    add(&h2, sample(SV_EV_SAMPLE_REVIEWED, "2027-01-06T09:00:00Z", SV_SAMPLE_PROTO, 1));
    add(&h2, change(SV_EV_CHANGE_REQUESTED, "2027-01-07T09:00:00Z"));
    sv_ledger_change(h2.v, h2.n, "CR-1", &c);
    assert_null(c.after_signoff); /* a proto approval is not a sign-off */
    add(&h2, order_ev(SV_EV_ORDER_ISSUED, "2027-02-20T09:00:00Z", "PO-1"));
    sv_ledger_event cr = change(SV_EV_CHANGE_REQUESTED, "2027-02-21T09:00:00Z");
    cr.change = "CR-2";
    add(&h2, cr);
    sv_ledger_change(h2.v, h2.n, "CR-2", &c);
    assert_non_null(c.after_signoff);
    assert_int_equal(c.after_signoff->kind, SV_EV_ORDER_ISSUED);
}

/* ---- messages, and the event on its own ---- */

static void test_message_needs_its_thing(void **state)
{
    (void)state;
    hist h = {0};
    sv_ledger_event m = mk(SV_EV_MESSAGE, "2027-01-10T09:00:00Z");
    m.order = "PO-9";
    m.text = "When do you ship?";
    refused(&h, m, "order", "a message on order PO-9, which does not exist");
    sv_ledger_event r = m;
    r.order = NULL;
    r.rfq = "R1";
    refused(&h, r, "rfq", "a message on RFQ R1, which was never sent to this factory");
    add(&h, rfq_sent("2027-01-09T09:00:00Z"));
    add(&h, r);
}

static void test_check_fields(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_ledger_event ev = rfq_ev(SV_EV_RFQ_DECLINED, "2027-01-12T10:00:00Z");
    assert_int_equal(sv_ledger_check(&ev, &e), SV_OK);
    ev.reason = SV_DECLINE_NONE;
    assert_int_equal(sv_ledger_check(&ev, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "reason");
    ev = rfq_ev(SV_EV_RFQ_ACKNOWLEDGED, "2027-01-12T10:00:00Z");
    ev.amount = 100;
    assert_int_equal(sv_ledger_check(&ev, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "amount");
    assert_non_null(strstr(e.msg, "not part of a rfq.acknowledged"));
    ev = rfq_ev(SV_EV_QUOTE, "2027-01-12T10:00:00Z");
    ev.by = SV_BY_BRAND;
    assert_int_equal(sv_ledger_check(&ev, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "by");
    ev = rfq_ev(SV_EV_RFQ_ACKNOWLEDGED, "2027-01-12T10:00:00Z");
    ev.rfq = "R1\x1b[2J";
    assert_int_equal(sv_ledger_check(&ev, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "rfq");
    ev.rfq = "R1/2";
    assert_int_equal(sv_ledger_check(&ev, &e), SV_ERR_SCHEMA);
    /* an order line with the same style, colour and size twice */
    sv_ledger_line dup[] = {{"TS01", "Oat", "M", 1, 100}, {"TS01", "Oat", "M", 2, 100}};
    ev = order_ev(SV_EV_ORDER_ISSUED, "2027-02-20T09:00:00Z", "PO-1");
    ev.lines = dup;
    assert_int_equal(sv_ledger_check(&ev, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "lines[1]");
    /* a message on two things at once */
    ev = mk(SV_EV_MESSAGE, "2027-01-10T09:00:00Z");
    ev.text = "hello";
    ev.rfq = "R1";
    ev.order = "PO-1";
    assert_int_equal(sv_ledger_check(&ev, &e), SV_ERR_SCHEMA);
}

static void test_times(void **state)
{
    (void)state;
    int64_t t;
    char buf[32];
    assert_true(sv_ledger_time_parse("2027-01-10T09:00:00Z", &t));
    assert_string_equal(sv_ledger_time_format(t, buf, sizeof buf), "2027-01-10T09:00:00Z");
    assert_int_equal(t % 86400, 9 * 3600);
    assert_false(sv_ledger_time_parse("2027-13-01T09:00:00Z", &t));
    assert_false(sv_ledger_time_parse("2027-02-29T09:00:00Z", &t));
    assert_false(sv_ledger_time_parse("2027-01-10T24:00:00Z", &t));
    assert_false(sv_ledger_time_parse("2027-01-10T09:00:00+01:00", &t));
    assert_false(sv_ledger_time_parse("2027-01-10 09:00:00Z", &t));
    assert_false(sv_ledger_time_parse("1999-01-10T09:00:00Z", &t));
}

/* A long history (more events than the fold marks on the stack): a chain of corrections of
 * one payment, the last standing, among two thousand messages. */
static void test_long_history_with_a_chain_of_corrections(void **state)
{
    (void)state;
    enum { N = 2100 };
    sv_ledger_event *ev = calloc(N, sizeof *ev);
    const sv_ledger_event **v = calloc(N, sizeof *v);
    assert_non_null(ev);
    assert_non_null(v);
    size_t n = 0;
    sv_err e;
    sv_err_clear(&e);
#define PUSH(x)                                                                                    \
    do {                                                                                           \
        ev[n] = (x);                                                                               \
        assert_int_equal(sv_ledger_admit(v, n, &ev[n], &e), SV_OK);                                \
        ev[n].id = (int64_t)n + 1;                                                                 \
        v[n] = &ev[n];                                                                             \
        n++;                                                                                       \
    } while (0)
    PUSH(order_ev(SV_EV_ORDER_ISSUED, "2027-02-20T09:00:00Z", "PO-1"));
    PUSH(payment(SV_EV_PAYMENT_DUE, "2027-02-21T09:00:00Z", "2027-02-28"));
    PUSH(payment(SV_EV_PAYMENT_PAID, "2027-03-10T09:00:00Z", NULL)); /* id 3 */
    for (int i = 0; i < 2000; i++) {
        sv_ledger_event m = mk(SV_EV_MESSAGE, "2027-03-11T09:00:00Z");
        m.order = "PO-1";
        m.text = "status?";
        PUSH(m);
    }
    int64_t last = 3;
    for (int k = 0; k < 5; k++) { /* each correction names the one before */
        sv_ledger_event fix = payment(SV_EV_PAYMENT_PAID, "2027-03-01T09:00:00Z", NULL);
        fix.at += k * 86400;
        fix.supersedes = last;
        PUSH(fix);
        last = ev[n - 1].id;
    }
#undef PUSH
    sv_payment_state p;
    assert_int_equal(sv_ledger_payment(v, n, "PO-1", "deposit", T("2027-04-01T00:00:00Z"), &p),
                     SV_OK);
    assert_int_equal(p.paid->id, last);
    assert_int_equal(p.days_late, 5); /* paid 2027-03-05, due 2027-02-28 */
    /* an earlier link of the chain cannot be corrected again */
    sv_ledger_event again = payment(SV_EV_PAYMENT_PAID, "2027-03-02T09:00:00Z", NULL);
    again.supersedes = 3;
    assert_int_equal(sv_ledger_admit(v, n, &again, &e), SV_ERR_SCHEMA);
    assert_non_null(strstr(e.msg, "event 3 was already corrected"));
    free(ev);
    free(v);
}

/* An inspection judged at AQLs: the ISO 2859-1 plan of each class (lot 600 at level II is
 * code J, 80 units: Ac 5 Re 6 at 2.5, Ac 7 Re 8 at 4.0), and a result that contradicts it
 * refused. */
static void test_order_prices_against_the_quote(void **state)
{
    (void)state;
    hist h = {0};
    add(&h, rfq_sent("2027-01-10T09:00:00Z"));
    add(&h, rfq_ev(SV_EV_QUOTE, "2027-01-13T10:00:00Z"));
    /* the revision stands: 6.70 from 500, 6.10 from 1000 */
    sv_ledger_break revised[] = {{500, 670}, {1000, 610}};
    sv_ledger_quote_line ql = qline;
    ql.breaks = revised;
    sv_ledger_event rev = rfq_ev(SV_EV_QUOTE, "2027-01-14T10:00:00Z");
    rev.quote = &ql;
    rev.supersedes = 2;
    add(&h, rev);
    /* 600 units of TS01: the 500 break; one line at 6.90, one at the quote, HD02 unquoted */
    sv_ledger_line lines[] = {{"TS01", "Oat", "M", 300, 670},
                              {"TS01", "Oat", "L", 300, 690},
                              {"HD02", "Black", "M", 100, 1490}};
    sv_ledger_event po = order_ev(SV_EV_ORDER_ISSUED, "2027-02-20T09:00:00Z", "PO-1");
    po.rfq = "R1";
    po.lines = lines;
    po.n_lines = 3;
    sv_price_check pc[3];
    assert_int_equal(sv_ledger_order_prices(h.v, h.n, &po, pc), SV_OK);
    assert_int_equal(pc[0].quote->id, 3);
    assert_int_equal(pc[0].break_qty, 500);
    assert_int_equal(pc[0].quoted, 670);
    assert_false(pc[0].differs);
    assert_true(pc[1].differs);
    assert_null(pc[2].quote);
    assert_false(pc[2].differs);
    /* 1,200 units: the 1000 break, so 6.70 differs; below every break, the first */
    lines[0].qty = 900;
    lines[1].price = 610;
    assert_int_equal(sv_ledger_order_prices(h.v, h.n, &po, pc), SV_OK);
    assert_int_equal(pc[0].break_qty, 1000);
    assert_true(pc[0].differs);
    assert_false(pc[1].differs);
    lines[0].qty = 100;
    lines[1].qty = 100;
    lines[1].price = 670;
    assert_int_equal(sv_ledger_order_prices(h.v, h.n, &po, pc), SV_OK);
    assert_int_equal(pc[1].break_qty, 500);
    assert_false(pc[1].differs);
    /* in another currency: flagged; of another RFQ: no quote */
    memcpy(po.currency, "USD", 4);
    assert_int_equal(sv_ledger_order_prices(h.v, h.n, &po, pc), SV_OK);
    assert_true(pc[1].differs);
    po.rfq = "R2";
    assert_int_equal(sv_ledger_order_prices(h.v, h.n, &po, pc), SV_OK);
    assert_null(pc[0].quote);
    /* no RFQ named: the latest quote of the style that stands */
    po.rfq = NULL;
    memcpy(po.currency, "EUR", 4);
    assert_int_equal(sv_ledger_order_prices(h.v, h.n, &po, pc), SV_OK);
    assert_int_equal(pc[0].quote->id, 3);
}

static void test_inspection_by_its_plans(void **state)
{
    (void)state;
    hist h = {0};
    add(&h, order_ev(SV_EV_ORDER_ISSUED, "2027-02-20T09:00:00Z", "PO-1"));
    sv_ledger_event in = mk(SV_EV_INSPECTION, "2027-05-10T10:00:00Z");
    in.order = "PO-1";
    in.lot = 600;
    in.level = SV_AQL_II;
    in.aql[0] = 0;
    in.aql[1] = 2500;
    in.aql[2] = 4000;
    in.defects[0] = 0;
    in.defects[1] = 6;
    in.defects[2] = 4;
    in.passed = 0;
    sv_inspection_verdict v;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_ledger_inspection(&in, &v, &e), SV_OK);
    assert_int_equal(v.sample[1], 80);
    assert_int_equal(v.accept[1], 5);
    assert_int_equal(v.reject[1], 6);
    assert_int_equal(v.reject[2], 8);
    assert_int_equal(v.pass[0], 1);
    assert_int_equal(v.pass[1], 0);
    assert_int_equal(v.pass[2], 1);
    assert_int_equal(v.lot_pass, 0);
    sv_ledger_event wrong = in;
    wrong.passed = 1;
    refused(&h, wrong, "result",
            "fail by its plan, not pass: 6 major defects reach the reject number (Re 6 in a "
            "sample of 80 at AQL 2.5)");
    add(&h, in);
    /* one critical defect fails a lot whose critical class accepts none */
    sv_ledger_event crit = in;
    crit.at = T("2027-05-13T10:00:00Z");
    crit.defects[0] = 1;
    crit.defects[1] = 1;
    crit.passed = 1;
    refused(&h, crit, "result", "the critical class accepts none (AQL 0)");
    /* a re-inspection within its numbers passes; said to fail, it is refused */
    sv_ledger_event re = in;
    re.at = T("2027-05-13T10:00:00Z");
    re.defects[1] = 5;
    re.defects[2] = 7;
    refused(&h, re, "result", "pass by its plans, not fail");
    re.passed = 1;
    add(&h, re);
    sv_order_state o;
    assert_int_equal(sv_ledger_order(h.v, h.n, "PO-1", &o), SV_OK);
    assert_int_equal(o.n_inspections, 2);
    /* without AQLs the result is the inspector's word */
    sv_ledger_event plain = mk(SV_EV_INSPECTION, "2027-05-14T10:00:00Z");
    plain.order = "PO-1";
    plain.lot = 600;
    plain.defects[0] = plain.defects[1] = plain.defects[2] = 0;
    plain.passed = 0;
    add(&h, plain);
    /* AQLs need their level */
    sv_ledger_event nolevel = in;
    nolevel.level = SV_LEDGER_UNSET;
    assert_int_equal(sv_ledger_check(&nolevel, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "level");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfq_states),
        cmocka_unit_test(test_quote_on_declined_rfq_refused),
        cmocka_unit_test(test_rfq_refusals),
        cmocka_unit_test(test_revised_quote_supersedes_and_both_stay),
        cmocka_unit_test(test_correction_admitted_without_what_it_corrects),
        cmocka_unit_test(test_sample_round),
        cmocka_unit_test(test_order_states),
        cmocka_unit_test(test_payment_states),
        cmocka_unit_test(test_change_after_signoff),
        cmocka_unit_test(test_message_needs_its_thing),
        cmocka_unit_test(test_check_fields),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_long_history_with_a_chain_of_corrections),
        cmocka_unit_test(test_inspection_by_its_plans),
        cmocka_unit_test(test_order_prices_against_the_quote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
