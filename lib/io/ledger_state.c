/* The state of an event's thing after it, as the ledger's verbs report it (`--json`'s
 * "states") and the server answers a step (lib/io/ledger_state.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/ledger_state.h"
#include "selvedge/money.h"

static const char *rfq_status_name(sv_rfq_status s)
{
    static const char *const n[] = {"none",   "sent",     "acknowledged",
                                    "quoted", "declined", "expired"};
    return n[s];
}
static const char *round_status_name(sv_round_status s)
{
    static const char *const n[] = {"none", "requested", "shipped", "received", "reviewed"};
    return n[s];
}
static const char *order_status_name(sv_order_status s)
{
    static const char *const n[] = {"none", "issued", "confirmed", "countered"};
    return n[s];
}
static const char *payment_status_name(sv_payment_status s)
{
    static const char *const n[] = {"none", "due", "paid"};
    return n[s];
}
static const char *change_status_name(sv_change_status s)
{
    static const char *const n[] = {"none", "requested", "answered", "accepted", "withdrawn"};
    return n[s];
}

/* The state of ev's thing after it (hist holds it), into a JSON object, and as words into
 * buf. NULL when out of memory. */
json_t *sv_ledger_state_json(const sv_ledger_event *const *hist, size_t n,
                             const sv_ledger_event *ev, int64_t now, char *buf, size_t bn)
{
    json_t *s = json_object();
    if (!s)
        return NULL;
    char key[256];
    sv_ledger_thing t = sv_ledger_kind_thing(ev->kind);
    int bad = json_object_set_new(s, "thing", json_string(sv_ledger_thing_name(t)));
    bad |= json_object_set_new(s, "key", json_string(sv_ledger_thing_key(ev, key, sizeof key)));
    const char *status = NULL;
    sv_code rc = SV_OK;
    switch (t) {
    case SV_THING_RFQ: {
        sv_rfq_state st;
        if ((rc = sv_ledger_rfq(hist, n, ev->rfq, now, &st)) == SV_OK) {
            status = rfq_status_name(st.status);
            bad |= json_object_set_new(s, "quotes", json_integer(st.n_quotes));
        }
        break;
    }
    case SV_THING_SAMPLE: {
        sv_round_state st;
        if ((rc = sv_ledger_round(hist, n, ev->style, ev->stage, ev->round, &st)) == SV_OK) {
            status = round_status_name(st.status);
            if (st.verdict != SV_VERDICT_NONE)
                bad |= json_object_set_new(s, "verdict",
                                           json_string(sv_sample_verdict_name(st.verdict)));
            bad |= json_object_set_new(s, "fee",
                                       json_string(st.fee_paid       ? "paid"
                                                   : st.fee_invoiced ? "invoiced"
                                                                     : "none"));
        }
        break;
    }
    case SV_THING_CHANGE: {
        sv_change_state st;
        if ((rc = sv_ledger_change(hist, n, ev->change, &st)) == SV_OK) {
            status = change_status_name(st.status);
            bad |= json_object_set_new(s, "after_signoff",
                                       st.after_signoff ? json_integer(st.after_signoff->id)
                                                        : json_null());
        }
        break;
    }
    case SV_THING_ORDER: {
        sv_order_state st;
        if ((rc = sv_ledger_order(hist, n, ev->order, &st)) == SV_OK) {
            status = order_status_name(st.status);
            bad |= json_object_set_new(s, "inspections", json_integer(st.n_inspections));
            if (st.last_inspection && st.last_inspection->passed != SV_LEDGER_UNSET)
                bad |=
                    json_object_set_new(s, "last_inspection",
                                        json_string(st.last_inspection->passed ? "pass" : "fail"));
        }
        break;
    }
    case SV_THING_PAYMENT: {
        sv_payment_state st;
        if ((rc = sv_ledger_payment(hist, n, ev->order, ev->milestone, now, &st)) == SV_OK) {
            status = payment_status_name(st.status);
            bad |= json_object_set_new(
                s, "days_late",
                st.days_late == SV_LEDGER_UNSET ? json_null() : json_integer(st.days_late));
        }
        break;
    }
    default:
        status = "recorded";
        break;
    }
    if (rc || bad || (status && json_object_set_new(s, "status", json_string(status)))) {
        json_decref(s);
        return NULL;
    }
    snprintf(buf, bn, "%s %s: %s", sv_ledger_thing_name(t), key, status);
    return s;
}

static const char *money_text(sv_minor v, const char *currency, char *buf, size_t n)
{
    const sv_currency *cur = sv_currency_find(currency);
    return sv_decimal_format(v, cur ? cur->exponent : 2, false, buf, n);
}

bool sv_ledger_state_prices(const sv_ledger_event *const *hist, size_t n, const sv_ledger_event *ev,
                            json_t *st)
{
    if ((ev->kind != SV_EV_ORDER_ISSUED && ev->kind != SV_EV_ORDER_COUNTERED) || !ev->n_lines)
        return true;
    sv_price_check *pc = calloc(ev->n_lines, sizeof *pc);
    if (!pc || sv_ledger_order_prices(hist, n, ev, pc) != SV_OK) {
        free(pc);
        return false;
    }
    json_t *arr = json_array();
    bool ok = arr && json_object_set(st, "prices", arr) == 0;
    for (size_t i = 0; ok && i < ev->n_lines; i++) {
        const sv_ledger_line *l = &ev->lines[i];
        if (!pc[i].quote)
            continue;
        char a[40], b[40];
        money_text(l->price, ev->currency, a, sizeof a);
        money_text(pc[i].quoted, pc[i].quote->currency, b, sizeof b);
        json_t *o = json_object();
        ok = o && !json_object_set_new(o, "style", json_string(l->style)) &&
             !json_object_set_new(o, "color", json_string(l->color)) &&
             !json_object_set_new(o, "size", json_string(l->size)) &&
             !json_object_set_new(o, "price", json_string(a)) &&
             !json_object_set_new(o, "quoted", json_string(b)) &&
             !json_object_set_new(o, "quoted_currency", json_string(pc[i].quote->currency)) &&
             !json_object_set_new(o, "break_qty", json_integer(pc[i].break_qty)) &&
             !json_object_set_new(o, "quote_event", json_integer(pc[i].quote->id)) &&
             !json_object_set_new(o, "flagged", json_boolean(pc[i].differs)) &&
             !json_array_append(arr, o);
        json_decref(o);
    }
    json_decref(arr);
    free(pc);
    return ok;
}
