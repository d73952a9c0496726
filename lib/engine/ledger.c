/* The states of the ledger's things, folded from their events, and the admission of a new
 * event against them (selvedge/ledger.h). Pure: the events come in, nothing is read or
 * written.
 *
 * Every fold walks the events of one brand and one factory in the order they were recorded
 * and keeps the events that stand. A correction takes the place of the event it supersedes:
 * the corrected event is skipped, the correction counted where it was recorded. Histories
 * between one brand and one factory are short (hundreds of events); which of them stand is
 * worked out once per fold or admission (mark), then each walk is linear. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/aql.h"
#include "selvedge/ledger.h"
#include "selvedge/program.h"

static bool eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* The index of the event with this id among hist[0..j), or j when there is none. Ids rise in
 * the order recorded: a binary search, checked, then a walk for a history out of order. */
static size_t find(const sv_ledger_event *const *hist, size_t j, int64_t id)
{
    size_t lo = 0, hi = j;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (hist[mid]->id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < j && hist[lo]->id == id)
        return lo;
    for (size_t i = 0; i < j; i++)
        if (hist[i]->id == id)
            return i;
    return j;
}

/* gone[i]: hist[i] does not stand, because a later event supersedes it or it is `skip` (the
 * event a correction being admitted takes the place of). Once per fold or admission, so a
 * fold is linear (n log n), not quadratic, in the pair's events. Into buf when n fits, else
 * malloc'ed; NULL when out of memory. Free with unmark. */
enum { MARK_BUF = 1024 };

static unsigned char *mark(const sv_ledger_event *const *hist, size_t n, int64_t skip,
                           unsigned char *buf)
{
    unsigned char *g = n <= MARK_BUF ? buf : malloc(n);
    if (!g)
        return NULL;
    memset(g, 0, n <= MARK_BUF ? MARK_BUF : n);
    for (size_t j = 0; j < n; j++) {
        if (skip && hist[j]->id == skip)
            g[j] = 1;
        if (hist[j]->supersedes) {
            size_t i = find(hist, j, hist[j]->supersedes);
            if (i < j)
                g[i] = 1;
        }
    }
    return g;
}

static void unmark(unsigned char *g, const unsigned char *buf)
{
    if (g != buf)
        free(g);
}

bool sv_ledger_superseded(const sv_ledger_event *const *hist, size_t n, size_t i)
{
    if (i >= n || !hist[i]->id)
        return false;
    for (size_t j = i + 1; j < n; j++)
        if (hist[j]->supersedes == hist[i]->id)
            return true;
    return false;
}

static char *day_text(int64_t t, char *buf, size_t n)
{
    sv_date d = sv_date_from_days(sv_ledger_day(t));
    return sv_date_format(d, buf, n);
}

/* ---- folds ---- */

static void fold_rfq(const sv_ledger_event *const *hist, size_t n, const char *rfq, int64_t now,
                     const unsigned char *gone, sv_rfq_state *o)
{
    memset(o, 0, sizeof *o);
    for (size_t i = 0; i < n; i++) {
        const sv_ledger_event *ev = hist[i];
        if (sv_ledger_kind_thing(ev->kind) != SV_THING_RFQ || !eq(ev->rfq, rfq) || gone[i])
            continue;
        switch (ev->kind) {
        case SV_EV_RFQ_SENT:
            o->sent = ev;
            break;
        case SV_EV_RFQ_ACKNOWLEDGED:
            o->acknowledged = ev;
            break;
        case SV_EV_RFQ_DECLINED:
            o->declined = ev;
            break;
        case SV_EV_QUOTE:
            o->quote = ev;
            o->n_quotes++;
            break;
        default:
            break;
        }
    }
    if (!o->sent)
        o->status = SV_RFQ_NONE;
    else if (o->declined)
        o->status = SV_RFQ_DECLINED;
    else if (o->quote)
        o->status = SV_RFQ_QUOTED;
    else if (o->sent->due != SV_LEDGER_NO_DAY && sv_ledger_day(now) > o->sent->due)
        o->status = SV_RFQ_EXPIRED;
    else if (o->acknowledged)
        o->status = SV_RFQ_ACKNOWLEDGED;
    else
        o->status = SV_RFQ_SENT;
}

sv_code sv_ledger_rfq(const sv_ledger_event *const *hist, size_t n, const char *rfq, int64_t now,
                      sv_rfq_state *out)
{
    unsigned char buf[MARK_BUF], *gone = mark(hist, n, 0, buf);
    if (!gone)
        return SV_ERR_NOMEM;
    fold_rfq(hist, n, rfq, now, gone, out);
    unmark(gone, buf);
    return SV_OK;
}

static void fold_round(const sv_ledger_event *const *hist, size_t n, const char *style,
                       sv_sample_stage stage, int round, const unsigned char *gone,
                       sv_round_state *o)
{
    memset(o, 0, sizeof *o);
    o->verdict = SV_VERDICT_NONE;
    for (size_t i = 0; i < n; i++) {
        const sv_ledger_event *ev = hist[i];
        if (sv_ledger_kind_thing(ev->kind) != SV_THING_SAMPLE || !eq(ev->style, style) ||
            ev->stage != stage || ev->round != round || gone[i])
            continue;
        switch (ev->kind) {
        case SV_EV_SAMPLE_REQUESTED:
            o->requested = ev;
            break;
        case SV_EV_SAMPLE_SHIPPED:
            o->shipped = ev;
            break;
        case SV_EV_SAMPLE_RECEIVED:
            o->received = ev;
            break;
        case SV_EV_SAMPLE_REVIEWED:
            o->reviewed = ev;
            o->verdict = ev->verdict;
            break;
        case SV_EV_SAMPLE_FEE_INVOICED:
            o->fee_invoiced = ev;
            break;
        case SV_EV_SAMPLE_FEE_PAID:
            o->fee_paid = ev;
            break;
        default:
            break;
        }
    }
    o->status = !o->requested ? SV_ROUND_NONE
                : o->reviewed ? SV_ROUND_REVIEWED
                : o->received ? SV_ROUND_RECEIVED
                : o->shipped  ? SV_ROUND_SHIPPED
                              : SV_ROUND_REQUESTED;
}

sv_code sv_ledger_round(const sv_ledger_event *const *hist, size_t n, const char *style,
                        sv_sample_stage stage, int round, sv_round_state *out)
{
    unsigned char buf[MARK_BUF], *gone = mark(hist, n, 0, buf);
    if (!gone)
        return SV_ERR_NOMEM;
    fold_round(hist, n, style, stage, round, gone, out);
    unmark(gone, buf);
    return SV_OK;
}

static void fold_order(const sv_ledger_event *const *hist, size_t n, const char *order,
                       const unsigned char *gone, sv_order_state *o)
{
    memset(o, 0, sizeof *o);
    for (size_t i = 0; i < n; i++) {
        const sv_ledger_event *ev = hist[i];
        if (sv_ledger_kind_thing(ev->kind) != SV_THING_ORDER || !eq(ev->order, order) || gone[i])
            continue;
        switch (ev->kind) {
        case SV_EV_ORDER_ISSUED: /* a revised order (a correction) is the order again */
            o->issued = ev;
            o->status = SV_ORDER_ISSUED;
            o->confirmed = o->countered = NULL;
            break;
        case SV_EV_ORDER_CONFIRMED:
            o->confirmed = ev;
            o->status = SV_ORDER_CONFIRMED;
            break;
        case SV_EV_ORDER_COUNTERED:
            o->countered = ev;
            o->status = SV_ORDER_COUNTERED;
            break;
        case SV_EV_INSPECTION:
            o->n_inspections++;
            o->last_inspection = ev;
            break;
        default:
            break;
        }
    }
    if (!o->issued)
        o->status = SV_ORDER_NONE;
}

sv_code sv_ledger_order(const sv_ledger_event *const *hist, size_t n, const char *order,
                        sv_order_state *out)
{
    unsigned char buf[MARK_BUF], *gone = mark(hist, n, 0, buf);
    if (!gone)
        return SV_ERR_NOMEM;
    fold_order(hist, n, order, gone, out);
    unmark(gone, buf);
    return SV_OK;
}

static void fold_payment(const sv_ledger_event *const *hist, size_t n, const char *order,
                         const char *milestone, int64_t now, const unsigned char *gone,
                         sv_payment_state *o)
{
    memset(o, 0, sizeof *o);
    o->days_late = SV_LEDGER_UNSET;
    for (size_t i = 0; i < n; i++) {
        const sv_ledger_event *ev = hist[i];
        if (sv_ledger_kind_thing(ev->kind) != SV_THING_PAYMENT || !eq(ev->order, order) ||
            !eq(ev->milestone, milestone) || gone[i])
            continue;
        if (ev->kind == SV_EV_PAYMENT_DUE)
            o->due = ev;
        else if (ev->kind == SV_EV_PAYMENT_PAID)
            o->paid = ev;
    }
    o->status = o->paid ? SV_PAYMENT_PAID : o->due ? SV_PAYMENT_DUE : SV_PAYMENT_NONE;
    if (o->due) {
        int64_t day = o->paid ? sv_ledger_day(o->paid->at) : sv_ledger_day(now);
        o->days_late = day > o->due->due ? day - o->due->due : 0;
    }
}

sv_code sv_ledger_payment(const sv_ledger_event *const *hist, size_t n, const char *order,
                          const char *milestone, int64_t now, sv_payment_state *out)
{
    unsigned char buf[MARK_BUF], *gone = mark(hist, n, 0, buf);
    if (!gone)
        return SV_ERR_NOMEM;
    fold_payment(hist, n, order, milestone, now, gone, out);
    unmark(gone, buf);
    return SV_OK;
}

static bool order_has_style(const sv_ledger_event *ev, const char *style)
{
    for (size_t i = 0; i < ev->n_lines; i++)
        if (eq(ev->lines[i].style, style))
            return true;
    return false;
}

static void fold_change(const sv_ledger_event *const *hist, size_t n, const char *change,
                        const unsigned char *gone, sv_change_state *o)
{
    memset(o, 0, sizeof *o);
    size_t at = n;
    for (size_t i = 0; i < n; i++) {
        const sv_ledger_event *ev = hist[i];
        if (sv_ledger_kind_thing(ev->kind) != SV_THING_CHANGE || !eq(ev->change, change) || gone[i])
            continue;
        switch (ev->kind) {
        case SV_EV_CHANGE_REQUESTED:
            o->requested = ev;
            at = i;
            break;
        case SV_EV_CHANGE_ANSWERED:
            o->answered = ev;
            break;
        case SV_EV_CHANGE_ACCEPTED:
        case SV_EV_CHANGE_WITHDRAWN:
            o->closed = ev;
            break;
        default:
            break;
        }
    }
    if (!o->requested) {
        o->status = SV_CHANGE_NONE;
        return;
    }
    o->status = o->closed     ? (o->closed->kind == SV_EV_CHANGE_ACCEPTED ? SV_CHANGE_ACCEPTED
                                                                          : SV_CHANGE_WITHDRAWN)
                : o->answered ? SV_CHANGE_ANSWERED
                              : SV_CHANGE_REQUESTED;
    /* the last sign-off of its style recorded before it and dated no later */
    const char *style = o->requested->style;
    for (size_t i = 0; i < at; i++) {
        const sv_ledger_event *ev = hist[i];
        if (gone[i] || ev->at > o->requested->at)
            continue;
        bool signoff = (ev->kind == SV_EV_SAMPLE_REVIEWED && eq(ev->style, style) &&
                        (ev->stage == SV_SAMPLE_FIT || ev->stage == SV_SAMPLE_PP) &&
                        (ev->verdict == SV_VERDICT_APPROVED ||
                         ev->verdict == SV_VERDICT_APPROVED_WITH_COMMENTS)) ||
                       (ev->kind == SV_EV_ORDER_ISSUED && order_has_style(ev, style));
        if (signoff)
            o->after_signoff = ev;
    }
}

sv_code sv_ledger_change(const sv_ledger_event *const *hist, size_t n, const char *change,
                         sv_change_state *out)
{
    unsigned char buf[MARK_BUF], *gone = mark(hist, n, 0, buf);
    if (!gone)
        return SV_ERR_NOMEM;
    fold_change(hist, n, change, gone, out);
    unmark(gone, buf);
    return SV_OK;
}

/* ---- admission ---- */

static sv_code refuse(sv_err *e, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static sv_code refuse(sv_err *e, const char *field, const char *fmt, ...)
{
    char msg[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, field, "%s", msg);
}

/* An event of a thing dated before the event that opened it. */
static sv_code not_before(const sv_ledger_event *ev, const sv_ledger_event *opened,
                          const char *what, sv_err *e)
{
    if (ev->at >= opened->at)
        return SV_OK;
    char a[32], b[32];
    return refuse(e, "at", "%s is dated %s, before %s (%s)", sv_ledger_kind_name(ev->kind),
                  sv_ledger_time_format(ev->at, a, sizeof a), what,
                  sv_ledger_time_format(opened->at, b, sizeof b));
}

static const char *sample_name(const sv_ledger_event *ev, char *buf, size_t n)
{
    static const char *const words[SV_SAMPLE__COUNT] = {"proto", "fit", "size set", "PP",
                                                        "shipment"};
    snprintf(buf, n, "%s %s %d", ev->style,
             ev->stage >= 0 && ev->stage < SV_SAMPLE__COUNT ? words[ev->stage] : "?", ev->round);
    return buf;
}

static sv_code admit_rfq(const sv_ledger_event *const *h, size_t n, const sv_ledger_event *ev,
                         const unsigned char *gone, sv_err *e)
{
    sv_rfq_state r;
    char d[16];
    fold_rfq(h, n, ev->rfq, ev->at, gone, &r);
    if (ev->kind == SV_EV_RFQ_SENT) {
        if (r.sent)
            return refuse(e, "rfq", "RFQ %s was already sent to this factory on %s", ev->rfq,
                          day_text(r.sent->at, d, sizeof d));
        return SV_OK;
    }
    const char *what = ev->kind == SV_EV_QUOTE          ? "a quote on"
                       : ev->kind == SV_EV_RFQ_DECLINED ? "a decline of"
                                                        : "an acknowledgement of";
    if (!r.sent)
        return refuse(e, "rfq", "%s RFQ %s, which was never sent to this factory", what, ev->rfq);
    sv_code rc = not_before(ev, r.sent, "the RFQ was sent", e);
    if (rc)
        return rc;
    if (r.declined)
        return refuse(e, "rfq", "no %s RFQ %s: the factory declined it on %s",
                      ev->kind == SV_EV_QUOTE          ? "quote on"
                      : ev->kind == SV_EV_RFQ_DECLINED ? "second decline of"
                                                       : "acknowledgement of",
                      ev->rfq, day_text(r.declined->at, d, sizeof d));
    if (ev->kind == SV_EV_RFQ_ACKNOWLEDGED) {
        if (r.acknowledged)
            return refuse(e, "rfq", "RFQ %s was already acknowledged on %s", ev->rfq,
                          day_text(r.acknowledged->at, d, sizeof d));
        if (r.quote)
            return refuse(e, "rfq", "RFQ %s was already quoted on %s", ev->rfq,
                          day_text(r.quote->at, d, sizeof d));
    }
    if (ev->kind == SV_EV_QUOTE) {
        if (r.quote && !ev->supersedes)
            return refuse(e, "supersedes",
                          "RFQ %s already has a quote (event %lld, %s): a revised quote names "
                          "the one it revises in supersedes",
                          ev->rfq, (long long)r.quote->id, day_text(r.quote->at, d, sizeof d));
        if (r.sent->n_lines)
            for (size_t i = 0; i < ev->n_quote; i++) {
                bool asked = false;
                for (size_t j = 0; j < r.sent->n_lines && !asked; j++)
                    asked = eq(r.sent->lines[j].style, ev->quote[i].style);
                if (!asked) {
                    char f[48];
                    snprintf(f, sizeof f, "quote[%zu].style", i);
                    return refuse(e, f, "style %s is not in RFQ %s", ev->quote[i].style, ev->rfq);
                }
            }
    }
    return SV_OK;
}

static sv_code admit_sample(const sv_ledger_event *const *h, size_t n, const sv_ledger_event *ev,
                            const unsigned char *gone, sv_err *e)
{
    sv_round_state s;
    char d[16], name[SV_LEDGER_REF_MAX + 32];
    sample_name(ev, name, sizeof name);
    fold_round(h, n, ev->style, ev->stage, ev->round, gone, &s);
    if (ev->kind == SV_EV_SAMPLE_REQUESTED) {
        if (s.requested)
            return refuse(e, "round", "sample %s was already requested on %s", name,
                          day_text(s.requested->at, d, sizeof d));
        if (ev->round > 1) {
            sv_round_state prev;
            fold_round(h, n, ev->style, ev->stage, ev->round - 1, gone, &prev);
            if (!prev.requested)
                return refuse(e, "round", "sample %s requested before round %d of its stage", name,
                              ev->round - 1);
        }
        if (ev->rfq) {
            sv_rfq_state r;
            fold_rfq(h, n, ev->rfq, ev->at, gone, &r);
            if (!r.sent)
                return refuse(e, "rfq",
                              "sample %s on RFQ %s, which was never sent to this "
                              "factory",
                              name, ev->rfq);
        }
        if (ev->order) {
            sv_order_state o;
            fold_order(h, n, ev->order, gone, &o);
            if (!o.issued)
                return refuse(e, "order", "sample %s on order %s, which does not exist", name,
                              ev->order);
        }
        return SV_OK;
    }
    if (!s.requested)
        return refuse(e, "round", "%s of sample %s, which was never requested",
                      sv_ledger_kind_name(ev->kind), name);
    sv_code rc = not_before(ev, s.requested, "the sample was requested", e);
    if (rc)
        return rc;
    switch (ev->kind) {
    case SV_EV_SAMPLE_SHIPPED:
        if (s.shipped)
            return refuse(e, "round", "sample %s was already shipped on %s", name,
                          day_text(s.shipped->at, d, sizeof d));
        break;
    case SV_EV_SAMPLE_RECEIVED:
        if (s.received)
            return refuse(e, "round", "sample %s was already received on %s", name,
                          day_text(s.received->at, d, sizeof d));
        if (s.shipped && (rc = not_before(ev, s.shipped, "it was shipped", e)))
            return rc;
        break;
    case SV_EV_SAMPLE_REVIEWED:
        if (!s.received)
            return refuse(e, "round", "a review of sample %s, which was never received", name);
        if (s.reviewed)
            return refuse(e, "round", "sample %s was already reviewed on %s", name,
                          day_text(s.reviewed->at, d, sizeof d));
        return not_before(ev, s.received, "it was received", e);
    case SV_EV_SAMPLE_FEE_INVOICED:
        if (s.fee_invoiced)
            return refuse(e, "round", "the fee of sample %s was already invoiced on %s", name,
                          day_text(s.fee_invoiced->at, d, sizeof d));
        break;
    case SV_EV_SAMPLE_FEE_PAID:
        if (!s.fee_invoiced)
            return refuse(e, "round",
                          "a payment of the fee of sample %s, which was never "
                          "invoiced",
                          name);
        if (s.fee_paid)
            return refuse(e, "round", "the fee of sample %s was already paid on %s", name,
                          day_text(s.fee_paid->at, d, sizeof d));
        if (strcmp(s.fee_invoiced->currency, ev->currency) != 0)
            return refuse(e, "currency", "the fee of sample %s was invoiced in %s", name,
                          s.fee_invoiced->currency);
        break;
    default:
        break;
    }
    return SV_OK;
}

static sv_code admit_change(const sv_ledger_event *const *h, size_t n, const sv_ledger_event *ev,
                            const unsigned char *gone, sv_err *e)
{
    sv_change_state c;
    char d[16];
    fold_change(h, n, ev->change, gone, &c);
    if (ev->kind == SV_EV_CHANGE_REQUESTED) {
        if (c.requested)
            return refuse(e, "change", "change %s was already requested on %s", ev->change,
                          day_text(c.requested->at, d, sizeof d));
        if (ev->order) {
            sv_order_state o;
            fold_order(h, n, ev->order, gone, &o);
            if (!o.issued)
                return refuse(e, "order", "change %s to order %s, which does not exist", ev->change,
                              ev->order);
        }
        return SV_OK;
    }
    if (!c.requested)
        return refuse(e, "change", "%s of change %s, which was never requested",
                      sv_ledger_kind_name(ev->kind), ev->change);
    sv_code rc = not_before(ev, c.requested, "the change was requested", e);
    if (rc)
        return rc;
    if (c.closed)
        return refuse(e, "change", "change %s was already %s on %s", ev->change,
                      c.closed->kind == SV_EV_CHANGE_ACCEPTED ? "accepted" : "withdrawn",
                      day_text(c.closed->at, d, sizeof d));
    if (ev->kind == SV_EV_CHANGE_ANSWERED && c.answered)
        return refuse(e, "change", "change %s was already answered on %s", ev->change,
                      day_text(c.answered->at, d, sizeof d));
    if (ev->kind == SV_EV_CHANGE_ACCEPTED && !c.answered)
        return refuse(e, "change",
                      "change %s is accepted once the factory has answered it "
                      "(its cost and days)",
                      ev->change);
    return SV_OK;
}

static sv_code admit_inspection(const sv_ledger_event *ev, sv_err *e);

static sv_code admit_order(const sv_ledger_event *const *h, size_t n, const sv_ledger_event *ev,
                           const unsigned char *gone, sv_err *e)
{
    sv_order_state o;
    char d[16];
    fold_order(h, n, ev->order, gone, &o);
    if (ev->kind == SV_EV_ORDER_ISSUED) {
        if (o.issued)
            return refuse(e, "order",
                          "order %s was already issued on %s: a revised order names "
                          "it in supersedes",
                          ev->order, day_text(o.issued->at, d, sizeof d));
        if (ev->rfq) {
            sv_rfq_state r;
            fold_rfq(h, n, ev->rfq, ev->at, gone, &r);
            if (!r.sent)
                return refuse(e, "rfq",
                              "order %s on RFQ %s, which was never sent to this "
                              "factory",
                              ev->order, ev->rfq);
            if (r.declined)
                return refuse(e, "rfq", "order %s on RFQ %s, which the factory declined on %s",
                              ev->order, ev->rfq, day_text(r.declined->at, d, sizeof d));
        }
        return SV_OK;
    }
    const char *what = ev->kind == SV_EV_ORDER_CONFIRMED   ? "a confirmation of"
                       : ev->kind == SV_EV_ORDER_COUNTERED ? "a counter to"
                       : ev->kind == SV_EV_INSPECTION      ? "an inspection of"
                                                           : "a milestone of";
    if (!o.issued)
        return refuse(e, "order", "%s order %s, which does not exist", what, ev->order);
    sv_code rc = not_before(ev, o.issued, "the order was issued", e);
    if (rc)
        return rc;
    if (ev->kind == SV_EV_ORDER_CONFIRMED || ev->kind == SV_EV_ORDER_COUNTERED) {
        if (o.status == SV_ORDER_CONFIRMED)
            return refuse(e, "order", "order %s was already confirmed on %s", ev->order,
                          day_text(o.confirmed->at, d, sizeof d));
        if (o.status == SV_ORDER_COUNTERED)
            return refuse(e, "order",
                          "order %s was countered on %s: the brand answers with a "
                          "revised order (order.issued superseding it) first",
                          ev->order, day_text(o.countered->at, d, sizeof d));
    }
    if (ev->kind == SV_EV_INSPECTION && (rc = admit_inspection(ev, e)))
        return rc;
    if (ev->kind == SV_EV_MILESTONE_ACTUAL && !ev->supersedes)
        for (size_t i = 0; i < n; i++)
            if (h[i]->kind == SV_EV_MILESTONE_ACTUAL && eq(h[i]->order, ev->order) &&
                eq(h[i]->milestone, ev->milestone) && !gone[i])
                return refuse(e, "milestone",
                              "milestone %s of order %s was already recorded "
                              "(event %lld): a correction names it in supersedes",
                              ev->milestone, ev->order, (long long)h[i]->id);
    return SV_OK;
}

sv_code sv_ledger_inspection(const sv_ledger_event *ev, sv_inspection_verdict *out, sv_err *e)
{
    out->lot_pass = SV_LEDGER_UNSET;
    for (int k = 0; k < 3; k++) {
        out->pass[k] = SV_LEDGER_UNSET;
        out->sample[k] = SV_LEDGER_UNSET;
        out->accept[k] = out->reject[k] = SV_LEDGER_UNSET;
        if (ev->aql[k] == SV_LEDGER_UNSET || ev->level == SV_LEDGER_UNSET || ev->lot < 1)
            continue;
        if (ev->aql[k] == 0) { /* none accepted */
            out->accept[k] = 0;
            out->reject[k] = 1;
        } else {
            sv_aql_plan plan;
            sv_err pe;
            sv_err_clear(&pe);
            if (sv_aql_plan_for(ev->lot, (sv_aql_level)ev->level, ev->aql[k], &plan, &pe) != SV_OK)
                return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "aql", "%s", pe.msg);
            out->sample[k] = plan.sample_size;
            out->accept[k] = plan.accept;
            out->reject[k] = plan.reject;
        }
        out->pass[k] = ev->defects[k] < out->reject[k];
        out->lot_pass =
            out->lot_pass == SV_LEDGER_UNSET ? out->pass[k] : out->lot_pass && out->pass[k];
    }
    return SV_OK;
}

static sv_code admit_inspection(const sv_ledger_event *ev, sv_err *e)
{
    static const char *const classes[3] = {"critical", "major", "minor"};
    sv_inspection_verdict v;
    sv_code rc = sv_ledger_inspection(ev, &v, e);
    if (rc || v.lot_pass == SV_LEDGER_UNSET || v.lot_pass == ev->passed)
        return rc;
    for (int k = 0; k < 3; k++) {
        if (v.pass[k] != 0)
            continue;
        if (ev->aql[k] == 0)
            return refuse(e, "result",
                          "fail by its plan, not pass: %lld %s defects, and the %s class accepts "
                          "none (AQL 0)",
                          (long long)ev->defects[k], classes[k], classes[k]);
        char a[16];
        return refuse(e, "result",
                      "fail by its plan, not pass: %lld %s defects reach the reject number "
                      "(Re %d in a sample of %lld at AQL %s)",
                      (long long)ev->defects[k], classes[k], v.reject[k], (long long)v.sample[k],
                      sv_ledger_aql_text(ev->aql[k], a, sizeof a));
    }
    return refuse(e, "result",
                  "pass by its plans, not fail: no class reaches its reject number (critical %lld, "
                  "major %lld, minor %lld found)",
                  (long long)ev->defects[0], (long long)ev->defects[1], (long long)ev->defects[2]);
}

static sv_code admit_payment(const sv_ledger_event *const *h, size_t n, const sv_ledger_event *ev,
                             const unsigned char *gone, sv_err *e)
{
    sv_order_state o;
    sv_payment_state p;
    char d[16];
    fold_order(h, n, ev->order, gone, &o);
    if (!o.issued)
        return refuse(e, "order", "payment on order %s, which does not exist", ev->order);
    fold_payment(h, n, ev->order, ev->milestone, ev->at, gone, &p);
    if (ev->kind == SV_EV_PAYMENT_DUE) {
        if (p.due)
            return refuse(e, "milestone", "the %s of order %s was already made due on %s",
                          ev->milestone, ev->order, day_text(p.due->at, d, sizeof d));
        return SV_OK;
    }
    if (!p.due)
        return refuse(e, "milestone", "a payment of the %s of order %s, which was never due",
                      ev->milestone, ev->order);
    if (p.paid)
        return refuse(e, "milestone", "the %s of order %s was already paid on %s", ev->milestone,
                      ev->order, day_text(p.paid->at, d, sizeof d));
    if (strcmp(p.due->currency, ev->currency) != 0)
        return refuse(e, "currency", "the %s of order %s is due in %s", ev->milestone, ev->order,
                      p.due->currency);
    return SV_OK;
}

static sv_code admit_message(const sv_ledger_event *const *h, size_t n, const sv_ledger_event *ev,
                             const unsigned char *gone, sv_err *e)
{
    if (ev->rfq) {
        sv_rfq_state r;
        fold_rfq(h, n, ev->rfq, ev->at, gone, &r);
        if (!r.sent)
            return refuse(e, "rfq", "a message on RFQ %s, which was never sent to this factory",
                          ev->rfq);
    } else if (ev->order) {
        sv_order_state o;
        fold_order(h, n, ev->order, gone, &o);
        if (!o.issued)
            return refuse(e, "order", "a message on order %s, which does not exist", ev->order);
    } else if (ev->change) {
        sv_change_state c;
        fold_change(h, n, ev->change, gone, &c);
        if (!c.requested)
            return refuse(e, "change", "a message on change %s, which was never requested",
                          ev->change);
    } else {
        sv_round_state s;
        char name[SV_LEDGER_REF_MAX + 32];
        fold_round(h, n, ev->style, ev->stage, ev->round, gone, &s);
        if (!s.requested)
            return refuse(e, "round", "a message on sample %s, which was never requested",
                          sample_name(ev, name, sizeof name));
    }
    return SV_OK;
}

sv_code sv_ledger_admit(const sv_ledger_event *const *hist, size_t n, const sv_ledger_event *ev,
                        sv_err *e)
{
    int64_t skip = 0;
    if (ev->supersedes) {
        size_t i = find(hist, n, ev->supersedes);
        if (i == n)
            return refuse(e, "supersedes",
                          "event %lld is not in the ledger of this brand and factory",
                          (long long)ev->supersedes);
        if (sv_ledger_superseded(hist, n, i))
            return refuse(e, "supersedes",
                          "event %lld was already corrected: a correction names the event that "
                          "stands (the last correction)",
                          (long long)ev->supersedes);
        char a[256], b[256];
        sv_ledger_thing_key(hist[i], a, sizeof a);
        sv_ledger_thing_key(ev, b, sizeof b);
        if (hist[i]->kind != ev->kind || hist[i]->by != ev->by || strcmp(a, b) != 0)
            return refuse(e, "supersedes",
                          "event %lld is a %s of %s %s: a correction is of the same kind and "
                          "thing",
                          (long long)ev->supersedes, sv_ledger_kind_name(hist[i]->kind),
                          sv_ledger_thing_name(sv_ledger_kind_thing(hist[i]->kind)), a);
        skip = ev->supersedes;
    }
    unsigned char buf[MARK_BUF], *gone = mark(hist, n, skip, buf);
    if (!gone)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    sv_code rc;
    switch (sv_ledger_kind_thing(ev->kind)) {
    case SV_THING_RFQ:
        rc = admit_rfq(hist, n, ev, gone, e);
        break;
    case SV_THING_SAMPLE:
        rc = admit_sample(hist, n, ev, gone, e);
        break;
    case SV_THING_CHANGE:
        rc = admit_change(hist, n, ev, gone, e);
        break;
    case SV_THING_ORDER:
        rc = admit_order(hist, n, ev, gone, e);
        break;
    case SV_THING_PAYMENT:
        rc = admit_payment(hist, n, ev, gone, e);
        break;
    default:
        rc = admit_message(hist, n, ev, gone, e);
        break;
    }
    unmark(gone, buf);
    return rc;
}

sv_code sv_ledger_order_prices(const sv_ledger_event *const *hist, size_t n,
                               const sv_ledger_event *ev, sv_price_check *out)
{
    unsigned char buf[MARK_BUF], *gone = mark(hist, n, 0, buf);
    if (!gone)
        return SV_ERR_NOMEM;
    for (size_t l = 0; l < ev->n_lines; l++) {
        const sv_ledger_line *line = &ev->lines[l];
        sv_price_check *o = &out[l];
        memset(o, 0, sizeof *o);
        const sv_ledger_quote_line *ql = NULL;
        for (size_t i = n; i-- > 0 && !ql;) {
            const sv_ledger_event *q = hist[i];
            if (q->kind != SV_EV_QUOTE || gone[i] || (ev->rfq && !eq(q->rfq, ev->rfq)))
                continue;
            for (size_t k = 0; k < q->n_quote && !ql; k++)
                if (eq(q->quote[k].style, line->style)) {
                    ql = &q->quote[k];
                    o->quote = q;
                }
        }
        if (!ql || !ql->n_breaks)
            continue;
        int64_t units = 0;
        for (size_t k = 0; k < ev->n_lines; k++)
            if (eq(ev->lines[k].style, line->style))
                units += ev->lines[k].qty;
        const sv_ledger_break *b = &ql->breaks[0];
        for (size_t k = 1; k < ql->n_breaks; k++)
            if (ql->breaks[k].qty <= units)
                b = &ql->breaks[k];
        o->break_qty = b->qty;
        o->quoted = b->price;
        o->differs = line->price != b->price || strcmp(ev->currency, o->quote->currency) != 0;
    }
    unmark(gone, buf);
    return SV_OK;
}
