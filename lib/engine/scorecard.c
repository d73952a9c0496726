/* Scorecards both ways from the ledger (selvedge/scorecard.h). Pure: events in, measures out.
 *
 * The events of the scored party are taken pair by pair (the party and one counterpart), in
 * the order recorded; within a pair, an event a later one supersedes does not count. Each
 * measure counts the things whose defining day falls in the period (docs/internals/
 * scorecard.md): a payment by its due day, a review by the day it was made... */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/program.h"
#include "selvedge/scorecard.h"

/* "s" for a count that is not one: "1 answer", "2 answers". */
#define PL(n) ((n) == 1 ? "" : "s")

static const char *const code_names[SV_SC__COUNT] = {
    "brand.pays_on_time",       "brand.changes_after_signoff",  "brand.review_turnaround",
    "brand.sample_fees_paid",   "brand.forecast_kept",          "brand.response_time",
    "brand.repeat_orders",      "brand.price_agreed",           "brand.lead_time_allowed",
    "factory.quote_turnaround", "factory.samples_on_time",      "factory.samples_right_first_time",
    "factory.delivery_on_time", "factory.inspection_pass_rate", "factory.price_kept",
    "factory.response_time",
};

static const int code_ppi[SV_SC__COUNT] = {
    SV_PPI_PAYMENT,
    SV_PPI_DESIGN,
    SV_PPI_DESIGN,
    SV_PPI_PAYMENT,
    SV_PPI_PLANNING,
    SV_PPI_MANAGEMENT,
    SV_PPI_PARTNERSHIP,
    SV_PPI_COST,
    SV_PPI_SOURCING,
    -1,
    -1,
    -1,
    -1,
    -1,
    -1,
    -1,
};

static const char *const ppi_names[SV_PPI__COUNT] = {
    "planning and forecasting",  "design and development",
    "cost and cost negotiation", "sourcing and order placement",
    "payment and terms",         "management of the purchasing process",
    "win-win partnership",
};

static const char *const fixes[SV_SC__COUNT] = {
    "pay each milestone by its due date; agree dates you can keep",
    "sign off only what is final; bundle changes before fit or PP approval",
    "review samples within the days the T&A allows, or plan the days you need",
    "pay sample fees when invoiced",
    "announce in the RFQ the units you will order",
    "answer the factory's messages within the target hours",
    "come back to factories that served you well",
    "order at the price quoted for the quantity, or negotiate before the order, not in it",
    "allow at least the production days quoted between the order and the ex-factory date",
    "quote within the days the T&A allows, or acknowledge and say when",
    "ship samples so that they arrive by their due date",
    "check the tech pack and ask before sampling; approve at the first round",
    "ship by the ex-factory date confirmed, or warn and agree a new one early",
    "inline and pre-final inspections before the final one",
    "confirm orders at the quoted price, or revise the quote before the order",
    "answer the brand's messages within the target hours",
};

const char *sv_sc_code_name(sv_sc_code c)
{
    return (unsigned)c < SV_SC__COUNT ? code_names[c] : "?";
}

int sv_sc_code_parse(const char *s)
{
    for (int i = 0; s && i < SV_SC__COUNT; i++)
        if (strcmp(s, code_names[i]) == 0)
            return i;
    return -1;
}

const char *sv_ppi_name(sv_ppi_category c)
{
    return (unsigned)c < SV_PPI__COUNT ? ppi_names[c] : "?";
}

int sv_sc_code_ppi(sv_sc_code c)
{
    return (unsigned)c < SV_SC__COUNT ? code_ppi[c] : -1;
}

/* Equal text; the same pointer is the same text (a store's read gives one copy of a handle) */
static bool eq(const char *a, const char *b)
{
    return a && b && (a == b || strcmp(a, b) == 0);
}

static bool eqn(const char *a, const char *b)
{
    return (!a && !b) || eq(a, b);
}

/* ---- the working state of one measure ---- */

typedef struct acc {
    int64_t num, den;
    double late_sum;
    size_t n_items;
    size_t n_unanswered;      /* the response times' messages not answered as of the as-of */
    double oldest_unanswered; /* hours */
    double *vals; /* for medians */
    size_t n_vals, cap_vals;
    int64_t *ids;
    size_t n_ids, cap_ids;
    bool nomem;
} acc;

static void add_id(acc *a, int64_t id)
{
    if (a->n_ids == a->cap_ids) {
        size_t cap = a->cap_ids ? a->cap_ids * 2 : 16;
        int64_t *p = realloc(a->ids, cap * sizeof *p);
        if (!p) {
            a->nomem = true;
            return;
        }
        a->ids = p;
        a->cap_ids = cap;
    }
    a->ids[a->n_ids++] = id;
}

static void add_val(acc *a, double v)
{
    if (a->n_vals == a->cap_vals) {
        size_t cap = a->cap_vals ? a->cap_vals * 2 : 16;
        double *p = realloc(a->vals, cap * sizeof *p);
        if (!p) {
            a->nomem = true;
            return;
        }
        a->vals = p;
        a->cap_vals = cap;
    }
    a->vals[a->n_vals++] = v;
}

/* ---- one pair ---- */

typedef struct pair {
    const sv_ledger_event **h; /* the pair's events in the order recorded */
    size_t n;
    unsigned char *gone; /* superseded */
    const sv_sc_params *p;
    int64_t asof;
} pair;

static bool in(const pair *pr, int64_t day)
{
    return (pr->p->from == SV_LEDGER_NO_DAY || day >= pr->p->from) &&
           (pr->p->to == SV_LEDGER_NO_DAY || day < pr->p->to);
}

static int64_t day(const sv_ledger_event *ev)
{
    return sv_ledger_day(ev->at);
}

static bool same_round(const sv_ledger_event *a, const sv_ledger_event *b)
{
    return eq(a->style, b->style) && a->stage == b->stage && a->round == b->round;
}

/* The last standing event of kind k matching ev by `match`, or NULL. */
typedef bool (*match_fn)(const sv_ledger_event *a, const sv_ledger_event *b);

static const sv_ledger_event *last_of(const pair *pr, sv_ledger_kind k, const sv_ledger_event *ev,
                                      match_fn match)
{
    const sv_ledger_event *r = NULL;
    for (size_t i = 0; i < pr->n; i++)
        if (!pr->gone[i] && pr->h[i]->kind == k && match(pr->h[i], ev))
            r = pr->h[i];
    return r;
}

static bool same_payment(const sv_ledger_event *a, const sv_ledger_event *b)
{
    return eq(a->order, b->order) && eq(a->milestone, b->milestone);
}

static bool same_order(const sv_ledger_event *a, const sv_ledger_event *b)
{
    return eq(a->order, b->order);
}

static bool same_rfq(const sv_ledger_event *a, const sv_ledger_event *b)
{
    return eq(a->rfq, b->rfq);
}

/* A thing due on a day, done on another or not yet: counted late or on time. */
static void due_done(const pair *pr, acc *a, int64_t due, const sv_ledger_event *opened,
                     const sv_ledger_event *done)
{
    if (!in(pr, due))
        return;
    int64_t late;
    if (done)
        late = day(done) - due;
    else if (due < pr->asof)
        late = pr->asof - due;
    else
        return; /* not due yet */
    if (late < 0)
        late = 0;
    a->den++;
    a->n_items++;
    if (late == 0)
        a->num++;
    a->late_sum += (double)late;
    add_id(a, opened->id);
    if (done)
        add_id(a, done->id);
}

/* A message and the key of its thread, for sorting a pair's messages thread by thread. */
typedef struct msg {
    char key[256];
    size_t i;
} msg;

static int cmp_msg(const void *a, const void *b)
{
    const msg *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* A message of the other side awaiting an answer (see responses()) and not answered counts
 * as answered at the start of the as-of day, a lower bound of the hours it will take, when it
 * was sent before then and on a day of the period. */
static void unanswered(const pair *pr, acc *a, const sv_ledger_event *q)
{
    if (!q || pr->asof == SV_LEDGER_NO_DAY) /* no day to judge at */
        return;
    int64_t asof = pr->asof * 86400;
    if (q->at >= asof || !in(pr, day(q)))
        return;
    double h = (double)(asof - q->at) / 3600.0;
    add_val(a, h);
    a->n_items++;
    if (!a->n_unanswered++ || h > a->oldest_unanswered)
        a->oldest_unanswered = h;
    add_id(a, q->id);
}

/* Answers by the scored side to the other's messages, thread by thread: each message of `by`
 * on a thread answers the first message of the other side there since `by`'s previous one.
 * One left without an answer counts as answered at the as-of (unanswered()): the first of
 * the other side's since `by`'s last that is not itself a reply to it (right after it on the
 * thread: "Noted", "Thank you" await nothing; the ledger does not say which messages ask for
 * an answer). The messages are sorted by thread, then walked once: n log n in the pair's. */
static void responses(const pair *pr, acc *a, sv_ledger_by by)
{
    size_t n = 0;
    for (size_t i = 0; i < pr->n; i++)
        n += !pr->gone[i] && pr->h[i]->kind == SV_EV_MESSAGE;
    if (!n)
        return;
    msg *ms = malloc(n * sizeof *ms);
    if (!ms) {
        a->nomem = true;
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < pr->n; i++)
        if (!pr->gone[i] && pr->h[i]->kind == SV_EV_MESSAGE) {
            sv_ledger_thing_key(pr->h[i], ms[k].key, sizeof ms[k].key);
            ms[k++].i = i;
        }
    qsort(ms, n, sizeof *ms, cmp_msg);
    const sv_ledger_event *q = NULL, *waits = NULL;
    bool after_ours = false; /* the thread's message before was the scored side's */
    for (size_t j = 0; j < n; j++) {
        if (j && strcmp(ms[j].key, ms[j - 1].key) != 0) {
            unanswered(pr, a, waits); /* the thread before ended without an answer to it */
            q = waits = NULL;         /* a new thread */
            after_ours = false;
        }
        const sv_ledger_event *m = pr->h[ms[j].i];
        if (m->by != by) {
            if (!q)
                q = m;
            if (!waits && !after_ours)
                waits = m;
            after_ours = false;
            continue;
        }
        if (q && in(pr, day(m))) {
            add_val(a, (double)(m->at - q->at) / 3600.0);
            a->n_items++;
            add_id(a, q->id);
            add_id(a, m->id);
        }
        q = waits = NULL;
        after_ours = true;
    }
    unanswered(pr, a, waits);
    free(ms);
}

/* The unit price a quoted style gives at qty: the highest break at or below it (the first
 * break when qty is below all). */
static sv_minor quoted_price(const sv_ledger_quote_line *q, int64_t qty)
{
    sv_minor p = q->breaks[0].price;
    for (size_t b = 0; b < q->n_breaks; b++)
        if (q->breaks[b].qty <= qty)
            p = q->breaks[b].price;
    return p;
}

static void pair_brand(const pair *pr, acc *m)
{
    /* brand.pays_on_time */
    for (size_t i = 0; i < pr->n; i++) {
        const sv_ledger_event *ev = pr->h[i];
        if (pr->gone[i] || ev->kind != SV_EV_PAYMENT_DUE)
            continue;
        due_done(pr, &m[0], ev->due, ev, last_of(pr, SV_EV_PAYMENT_PAID, ev, same_payment));
    }
    /* brand.changes_after_signoff: changes after a sign-off, over the styles ordered */
    for (size_t i = 0; i < pr->n; i++) {
        const sv_ledger_event *ev = pr->h[i];
        if (pr->gone[i] || !in(pr, day(ev)))
            continue;
        if (ev->kind == SV_EV_CHANGE_REQUESTED) {
            sv_change_state st;
            if (sv_ledger_change(pr->h, pr->n, ev->change, &st) != SV_OK) {
                m[1].nomem = true;
                return;
            }
            if (st.after_signoff) {
                m[1].num++;
                m[1].n_items++;
                add_id(&m[1], ev->id);
                add_id(&m[1], st.after_signoff->id);
            }
        } else if (ev->kind == SV_EV_ORDER_ISSUED) {
            bool any = false;
            for (size_t l = 0; l < ev->n_lines; l++) {
                bool seen = false; /* the style on an earlier line or order of the period */
                for (size_t k = 0; k < l && !seen; k++)
                    seen = eq(ev->lines[k].style, ev->lines[l].style);
                for (size_t o = 0; o < i && !seen; o++) {
                    const sv_ledger_event *e2 = pr->h[o];
                    if (pr->gone[o] || e2->kind != SV_EV_ORDER_ISSUED || !in(pr, day(e2)))
                        continue;
                    for (size_t k = 0; k < e2->n_lines && !seen; k++)
                        seen = eq(e2->lines[k].style, ev->lines[l].style);
                }
                if (!seen) {
                    m[1].den++;
                    any = true;
                }
            }
            if (any)
                add_id(&m[1], ev->id);
        }
    }
    for (size_t i = 0; i < pr->n; i++) {
        const sv_ledger_event *ev = pr->h[i];
        if (pr->gone[i])
            continue;
        /* brand.review_turnaround */
        if (ev->kind == SV_EV_SAMPLE_REVIEWED && in(pr, day(ev))) {
            const sv_ledger_event *rec = last_of(pr, SV_EV_SAMPLE_RECEIVED, ev, same_round);
            if (rec) {
                add_val(&m[2], (double)(day(ev) - day(rec)));
                m[2].n_items++;
                add_id(&m[2], rec->id);
                add_id(&m[2], ev->id);
            }
        }
        /* brand.sample_fees_paid */
        if (ev->kind == SV_EV_SAMPLE_FEE_INVOICED && in(pr, day(ev))) {
            const sv_ledger_event *paid = last_of(pr, SV_EV_SAMPLE_FEE_PAID, ev, same_round);
            m[3].den++;
            m[3].n_items++;
            add_id(&m[3], ev->id);
            if (paid) {
                m[3].num++;
                add_id(&m[3], paid->id);
            }
        }
        /* brand.forecast_kept: units ordered on an RFQ against the units it announced */
        if (ev->kind == SV_EV_RFQ_SENT && ev->n_lines && in(pr, day(ev))) {
            int64_t ordered = 0, announced = 0;
            bool any = false;
            for (size_t k = 0; k < pr->n; k++) {
                const sv_ledger_event *o = pr->h[k];
                if (pr->gone[k] || o->kind != SV_EV_ORDER_ISSUED || !eq(o->rfq, ev->rfq))
                    continue;
                if (!any)
                    add_id(&m[4], ev->id);
                any = true;
                add_id(&m[4], o->id);
                for (size_t l = 0; l < o->n_lines; l++)
                    ordered += o->lines[l].qty;
            }
            if (any) {
                for (size_t l = 0; l < ev->n_lines; l++)
                    announced += ev->lines[l].qty;
                m[4].num += ordered;
                m[4].den += announced;
                m[4].n_items++;
            }
        }
        /* brand.repeat_orders: an order to a factory that had an earlier one */
        if (ev->kind == SV_EV_ORDER_ISSUED && in(pr, day(ev))) {
            bool repeat = false;
            for (size_t k = 0; k < i && !repeat; k++)
                repeat = !pr->gone[k] && pr->h[k]->kind == SV_EV_ORDER_ISSUED &&
                         !eq(pr->h[k]->order, ev->order);
            m[6].den++;
            m[6].n_items++;
            if (repeat)
                m[6].num++;
            add_id(&m[6], ev->id);
        }
    }
    responses(pr, &m[5], SV_BY_BRAND);
    for (size_t i = 0; i < pr->n; i++) {
        const sv_ledger_event *ev = pr->h[i];
        if (pr->gone[i] || ev->kind != SV_EV_ORDER_ISSUED || !ev->rfq || !in(pr, day(ev)))
            continue;
        const sv_ledger_event *quote = last_of(pr, SV_EV_QUOTE, ev, same_rfq);
        if (!quote || strcmp(ev->currency, quote->currency) != 0)
            continue;
        /* brand.price_agreed: each quoted style ordered at or above its quoted price;
         * brand.lead_time_allowed: the days from the order to its ex-factory date against
         * the most production days quoted for its styles */
        bool priced = false;
        int64_t needed = -1;
        for (size_t q = 0; q < quote->n_quote; q++) {
            const sv_ledger_quote_line *ql = &quote->quote[q];
            int64_t qty = 0;
            for (size_t l = 0; l < ev->n_lines; l++)
                if (eq(ev->lines[l].style, ql->style))
                    qty += ev->lines[l].qty;
            if (!qty)
                continue;
            if (ql->production_days != SV_LEDGER_UNSET && ql->production_days > needed)
                needed = ql->production_days;
            if (!ql->n_breaks)
                continue;
            sv_minor price = quoted_price(ql, qty);
            bool agreed = true;
            for (size_t l = 0; l < ev->n_lines; l++)
                if (eq(ev->lines[l].style, ql->style) && ev->lines[l].price < price)
                    agreed = false;
            m[7].den++;
            m[7].n_items++;
            if (agreed)
                m[7].num++;
            priced = true;
        }
        if (priced) {
            add_id(&m[7], quote->id);
            add_id(&m[7], ev->id);
        }
        if (needed >= 0 && ev->ex_factory != SV_LEDGER_NO_DAY) {
            int64_t allowed = ev->ex_factory - day(ev);
            m[8].den++;
            m[8].n_items++;
            if (allowed >= needed)
                m[8].num++;
            else
                m[8].late_sum += (double)(needed - allowed);
            add_id(&m[8], quote->id);
            add_id(&m[8], ev->id);
        }
    }
}

static void pair_factory(const pair *pr, acc *m)
{
    for (size_t i = 0; i < pr->n; i++) {
        const sv_ledger_event *ev = pr->h[i];
        if (pr->gone[i])
            continue;
        /* factory.quote_turnaround: to the first quote, revised or not */
        if (ev->kind == SV_EV_RFQ_SENT) {
            for (size_t k = i + 1; k < pr->n; k++) {
                const sv_ledger_event *q = pr->h[k];
                if (q->kind != SV_EV_QUOTE || !eq(q->rfq, ev->rfq))
                    continue;
                if (in(pr, day(q))) {
                    add_val(&m[0], (double)(day(q) - day(ev)));
                    m[0].n_items++;
                    add_id(&m[0], ev->id);
                    add_id(&m[0], q->id);
                }
                break;
            }
        }
        /* factory.samples_on_time: received by the day due */
        if (ev->kind == SV_EV_SAMPLE_REQUESTED && ev->due != SV_LEDGER_NO_DAY)
            due_done(pr, &m[1], ev->due, ev, last_of(pr, SV_EV_SAMPLE_RECEIVED, ev, same_round));
        /* factory.samples_right_first_time */
        if (ev->kind == SV_EV_SAMPLE_REVIEWED && ev->round == 1 && in(pr, day(ev))) {
            m[2].den++;
            m[2].n_items++;
            if (ev->verdict != SV_VERDICT_REJECTED)
                m[2].num++;
            add_id(&m[2], ev->id);
        }
        if (ev->kind == SV_EV_ORDER_ISSUED) {
            /* factory.delivery_on_time: milestone ex_factory against the date confirmed */
            const sv_ledger_event *conf = last_of(pr, SV_EV_ORDER_CONFIRMED, ev, same_order);
            if (conf) {
                int64_t date =
                    conf->ex_factory != SV_LEDGER_NO_DAY ? conf->ex_factory : ev->ex_factory;
                const sv_ledger_event *shipped = NULL;
                for (size_t k = 0; k < pr->n; k++)
                    if (!pr->gone[k] && pr->h[k]->kind == SV_EV_MILESTONE_ACTUAL &&
                        eq(pr->h[k]->order, ev->order) && eq(pr->h[k]->milestone, "ex_factory"))
                        shipped = pr->h[k];
                if (date != SV_LEDGER_NO_DAY)
                    due_done(pr, &m[3], date, conf, shipped);
            }
            /* factory.inspection_pass_rate: the order's first inspection */
            for (size_t k = 0; k < pr->n; k++) {
                const sv_ledger_event *x = pr->h[k];
                if (pr->gone[k] || x->kind != SV_EV_INSPECTION || !eq(x->order, ev->order))
                    continue;
                if (in(pr, day(x))) {
                    m[4].den++;
                    m[4].n_items++;
                    if (x->passed == 1)
                        m[4].num++;
                    add_id(&m[4], x->id);
                }
                break;
            }
            /* factory.price_kept: the order's prices as they stand against the quote */
            const sv_ledger_event *quote = ev->rfq ? last_of(pr, SV_EV_QUOTE, ev, same_rfq) : NULL;
            if (quote && in(pr, day(ev))) {
                const sv_ledger_event *stands = ev;
                for (size_t k = 0; k < pr->n; k++) {
                    const sv_ledger_event *x = pr->h[k];
                    if (pr->gone[k] || !eq(x->order, ev->order))
                        continue;
                    if (x->kind == SV_EV_ORDER_COUNTERED && x->n_lines)
                        stands = x;
                    else if (x->kind == SV_EV_ORDER_ISSUED)
                        stands = x;
                }
                bool counted = false;
                for (size_t q = 0; q < quote->n_quote; q++) {
                    const sv_ledger_quote_line *ql = &quote->quote[q];
                    if (strcmp(stands->currency, quote->currency) != 0 || !ql->n_breaks)
                        continue;
                    int64_t qty = 0;
                    for (size_t l = 0; l < stands->n_lines; l++)
                        if (eq(stands->lines[l].style, ql->style))
                            qty += stands->lines[l].qty;
                    if (!qty)
                        continue;
                    sv_minor price = quoted_price(ql, qty);
                    bool kept = true;
                    for (size_t l = 0; l < stands->n_lines; l++)
                        if (eq(stands->lines[l].style, ql->style) && stands->lines[l].price > price)
                            kept = false;
                    m[5].den++;
                    m[5].n_items++;
                    if (kept)
                        m[5].num++;
                    counted = true;
                }
                if (counted) {
                    add_id(&m[5], quote->id);
                    add_id(&m[5], stands->id);
                }
            }
        }
    }
    responses(pr, &m[6], SV_BY_FACTORY);
}

/* ---- the whole set ---- */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static const sv_sc_weight *weight_of(const sv_sc_params *p, sv_sc_code c)
{
    for (size_t i = 0; i < p->n_weights; i++)
        if (eq(p->weights[i].code, code_names[c]))
            return &p->weights[i];
    return NULL;
}

static double time_score(double median, double target)
{
    if (target <= 0 || median <= target)
        return 100.0;
    return 100.0 * target / median;
}

static void finish(sv_sc_measure *m, acc *a, sv_sc_code code, const sv_sc_params *p)
{
    memset(m, 0, sizeof *m);
    m->code = code;
    m->days_late = -1;
    const sv_sc_weight *w = weight_of(p, code);
    m->weight = w ? w->weight : 0;
    int64_t target = w ? w->target : 0;
    m->fix = fixes[code];
    if (a->n_ids)
        qsort(a->ids, a->n_ids, sizeof *a->ids, cmp_i64);
    size_t u = 0;
    for (size_t i = 0; i < a->n_ids; i++)
        if (!u || a->ids[u - 1] != a->ids[i])
            a->ids[u++] = a->ids[i];
    m->ids = a->ids;
    m->n_events = u;
    a->ids = NULL;
    m->num = a->num;
    m->den = a->den;
    m->n_items = a->n_items;
    m->n_unanswered = a->n_unanswered;
    m->oldest_unanswered = a->n_unanswered ? a->oldest_unanswered : -1;
    const char *name = code_names[code];
    bool median = false;
    switch (code) {
    case SV_SC_BRAND_REVIEW_TURNAROUND:
    case SV_SC_FACTORY_QUOTE_TURNAROUND:
        m->unit = "days";
        median = true;
        break;
    case SV_SC_BRAND_RESPONSE_TIME:
    case SV_SC_FACTORY_RESPONSE_TIME:
        m->unit = "hours";
        median = true;
        break;
    case SV_SC_BRAND_CHANGES_AFTER_SIGNOFF:
        m->unit = "per style";
        break;
    default:
        m->unit = "%";
    }
    if (median) {
        m->num = m->den = 0;
        m->has = a->n_vals > 0;
        if (m->has) {
            qsort(a->vals, a->n_vals, sizeof *a->vals, cmp_dbl);
            size_t h = a->n_vals / 2;
            m->value = a->n_vals % 2 ? a->vals[h] : (a->vals[h - 1] + a->vals[h]) / 2.0;
        }
    } else {
        m->has = a->den > 0;
        if (m->has)
            m->value = code == SV_SC_BRAND_CHANGES_AFTER_SIGNOFF
                           ? (double)a->num / (double)a->den
                           : 100.0 * (double)a->num / (double)a->den;
    }
    bool lateness = code == SV_SC_BRAND_PAYS_ON_TIME || code == SV_SC_FACTORY_SAMPLES_ON_TIME ||
                    code == SV_SC_FACTORY_DELIVERY_ON_TIME || code == SV_SC_BRAND_LEAD_TIME_ALLOWED;
    if (lateness && m->has)
        m->days_late = a->late_sum / (double)a->den;
    if (!m->has) {
        if (code == SV_SC_BRAND_CHANGES_AFTER_SIGNOFF && a->num)
            snprintf(m->text, sizeof m->text,
                     "%s: %lld change%s after sign-off but no style ordered in the period: "
                     "not scored",
                     name, (long long)a->num, PL(a->num));
        else
            snprintf(m->text, sizeof m->text, "%s: no events in the period: not scored", name);
        return;
    }
    switch (code) {
    case SV_SC_BRAND_PAYS_ON_TIME:
        m->score = m->value;
        snprintf(m->text, sizeof m->text,
                 "%lld of %lld payments paid by their due date (%.1f%%); %.1f days late on "
                 "average",
                 (long long)m->num, (long long)m->den, m->value, m->days_late);
        break;
    case SV_SC_BRAND_CHANGES_AFTER_SIGNOFF:
        m->score = 100.0 / (1.0 + m->value);
        snprintf(m->text, sizeof m->text,
                 "%lld change%s after sign-off over %lld style%s ordered: %.2f per style",
                 (long long)m->num, PL(m->num), (long long)m->den, PL(m->den), m->value);
        break;
    case SV_SC_BRAND_REVIEW_TURNAROUND:
        m->score = time_score(m->value, (double)p->review_days);
        snprintf(m->text, sizeof m->text,
                 "median %.1f days from a sample received to its review over %zu review%s; "
                 "the T&A allows %lld",
                 m->value, m->n_items, PL(m->n_items), (long long)p->review_days);
        break;
    case SV_SC_BRAND_SAMPLE_FEES_PAID:
        m->score = m->value;
        snprintf(m->text, sizeof m->text, "%lld of %lld sample fees invoiced were paid (%.1f%%)",
                 (long long)m->num, (long long)m->den, m->value);
        break;
    case SV_SC_BRAND_FORECAST_KEPT:
        m->score = m->value > 100.0 ? 100.0 : m->value;
        snprintf(m->text, sizeof m->text,
                 "%lld units ordered of %lld announced over %zu RFQ%s ordered on (%.1f%%)",
                 (long long)m->num, (long long)m->den, m->n_items, PL(m->n_items), m->value);
        break;
    case SV_SC_BRAND_RESPONSE_TIME:
    case SV_SC_FACTORY_RESPONSE_TIME:
        m->score = time_score(m->value, (double)target);
        if (m->n_unanswered) {
            size_t answers = m->n_items - m->n_unanswered;
            char asof[16];
            sv_date_format(sv_date_from_days(p->asof), asof, sizeof asof);
            snprintf(m->text, sizeof m->text,
                     "median %.1f hours to answer over %zu answer%s and %zu message%s "
                     "unanswered as of %s (the oldest %.1f hours old), counted as answered "
                     "then: a lower bound; the target is %lld",
                     m->value, answers, PL(answers), m->n_unanswered, PL(m->n_unanswered), asof,
                     m->oldest_unanswered, (long long)target);
        } else
            snprintf(m->text, sizeof m->text,
                     "median %.1f hours to answer over %zu answer%s; the target is %lld", m->value,
                     m->n_items, PL(m->n_items), (long long)target);
        break;
    case SV_SC_BRAND_REPEAT_ORDERS:
        m->score = m->value;
        snprintf(m->text, sizeof m->text,
                 "%lld of %lld orders went to a factory ordered from before (%.1f%%)",
                 (long long)m->num, (long long)m->den, m->value);
        break;
    case SV_SC_BRAND_PRICE_AGREED:
        m->score = m->value;
        snprintf(m->text, sizeof m->text,
                 "%lld of %lld styles ordered at or above the price quoted for the quantity "
                 "(%.1f%%)",
                 (long long)m->num, (long long)m->den, m->value);
        break;
    case SV_SC_BRAND_LEAD_TIME_ALLOWED:
        m->score = m->value;
        snprintf(m->text, sizeof m->text,
                 "%lld of %lld orders allowed the production days quoted before their "
                 "ex-factory date (%.1f%%); %.1f days short on average",
                 (long long)m->num, (long long)m->den, m->value, m->days_late);
        break;
    case SV_SC_FACTORY_QUOTE_TURNAROUND:
        m->score = time_score(m->value, (double)p->quote_days);
        snprintf(m->text, sizeof m->text,
                 "median %.1f days from RFQ to quote over %zu quote%s; the T&A allows %lld",
                 m->value, m->n_items, PL(m->n_items), (long long)p->quote_days);
        break;
    case SV_SC_FACTORY_SAMPLES_ON_TIME:
        m->score = m->value;
        snprintf(m->text, sizeof m->text,
                 "%lld of %lld samples received by their due date (%.1f%%); %.1f days late on "
                 "average",
                 (long long)m->num, (long long)m->den, m->value, m->days_late);
        break;
    case SV_SC_FACTORY_SAMPLES_RIGHT_FIRST_TIME:
        m->score = m->value;
        snprintf(m->text, sizeof m->text,
                 "%lld of %lld stages approved at their first round (%.1f%%)", (long long)m->num,
                 (long long)m->den, m->value);
        break;
    case SV_SC_FACTORY_DELIVERY_ON_TIME:
        m->score = m->value;
        snprintf(m->text, sizeof m->text,
                 "%lld of %lld orders ex-factory by the date confirmed (%.1f%%); %.1f days late "
                 "on average",
                 (long long)m->num, (long long)m->den, m->value, m->days_late);
        break;
    case SV_SC_FACTORY_INSPECTION_PASS_RATE:
        m->score = m->value;
        snprintf(m->text, sizeof m->text,
                 "%lld of %lld orders passed their first inspection (%.1f%%)", (long long)m->num,
                 (long long)m->den, m->value);
        break;
    case SV_SC_FACTORY_PRICE_KEPT:
        m->score = m->value;
        snprintf(m->text, sizeof m->text,
                 "%lld of %lld styles ordered at or below the quoted price (%.1f%%)",
                 (long long)m->num, (long long)m->den, m->value);
        break;
    default:
        break;
    }
}

static void overall(const sv_sc_measure *m, int n_m, bool *has, double *out)
{
    double sw = 0, s = 0;
    for (int k = 0; k < n_m; k++)
        if (m[k].has && m[k].weight > 0) {
            sw += (double)m[k].weight;
            s += (double)m[k].weight * m[k].score;
        }
    *has = sw > 0;
    *out = sw > 0 ? s / sw : 0;
}

static const char *counterpart(const sv_ledger_event *ev, sv_sc_side side)
{
    return side == SV_SC_BRAND ? ev->factory : ev->brand;
}

/* The id of h[0..n) (in the order recorded, ids ascending) equal to id, or n. */
static size_t find_id(const sv_ledger_event **h, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h[mid]->id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && h[lo]->id == id)
        return lo;
    for (size_t j = 0; j < n; j++) /* ids not ascending (events not from a store) */
        if (h[j]->id == id)
            return j;
    return n;
}

/* One pair's events (h, k: a counterpart's, in the order recorded) into a, its measures'
 * working state; gone has room for k flags. */
static void pair_into(const sv_ledger_event **h, size_t k, sv_sc_side side, const sv_sc_params *p,
                      unsigned char *gone, acc *a)
{
    memset(gone, 0, k);
    for (size_t i = 0; i < k; i++)
        if (h[i]->supersedes) {
            size_t j = find_id(h, i, h[i]->supersedes);
            if (j < i)
                gone[j] = 1;
        }
    pair pr = {h, k, gone, p, p->asof};
    if (side == SV_SC_BRAND)
        pair_brand(&pr, a);
    else
        pair_factory(&pr, a);
}

/* b's counts and items added to a's, after a's: the measures over several pairs are those of
 * each pair in turn (every sum is of whole numbers, exact in any order) */
static void acc_add(acc *a, const acc *b)
{
    a->num += b->num;
    a->den += b->den;
    a->late_sum += b->late_sum;
    a->n_items += b->n_items;
    if (b->n_unanswered && (!a->n_unanswered || b->oldest_unanswered > a->oldest_unanswered))
        a->oldest_unanswered = b->oldest_unanswered;
    a->n_unanswered += b->n_unanswered;
    for (size_t i = 0; i < b->n_vals; i++)
        add_val(a, b->vals[i]);
    for (size_t i = 0; i < b->n_ids; i++)
        add_id(a, b->ids[i]);
    if (b->nomem)
        a->nomem = true;
}

/* The measures of side from their working states a (rc the error so far), into m; a freed. */
static sv_code finish_all(acc *a, sv_sc_side side, const sv_sc_params *p, sv_sc_measure *m,
                          sv_code rc)
{
    int n_m = side == SV_SC_BRAND ? SV_SC_BRAND_N : SV_SC_FACTORY_N;
    for (int k = 0; k < n_m; k++)
        if (a[k].nomem)
            rc = SV_ERR_NOMEM;
    for (int k = 0; k < n_m; k++) {
        if (rc == SV_OK)
            finish(&m[k], &a[k],
                   (sv_sc_code)(k + (side == SV_SC_BRAND ? 0 : SV_SC_FACTORY_QUOTE_TURNAROUND)), p);
        free(a[k].ids);
        free(a[k].vals);
        a[k].ids = NULL;
        a[k].vals = NULL;
    }
    return rc;
}

/* The measures over the pairs of sel (the party's events, grouped by counterpart: each
 * counterpart's events contiguous, in the order recorded), into m. Events without a
 * counterpart are in no pair. */
static sv_code measures(const sv_ledger_event **sel, size_t n, sv_sc_side side,
                        const sv_sc_params *p, sv_sc_measure *m)
{
    acc a[SV_SC_MAX];
    memset(a, 0, sizeof a);
    unsigned char *gone = calloc(n ? n : 1, 1);
    sv_code rc = SV_OK;
    if (!gone)
        rc = SV_ERR_NOMEM;
    for (size_t start = 0, end; rc == SV_OK && start < n; start = end) {
        const char *cp = counterpart(sel[start], side);
        for (end = start + 1; end < n && eqn(counterpart(sel[end], side), cp); end++)
            ;
        if (cp)
            pair_into(sel + start, end - start, side, p, gone, a);
    }
    rc = finish_all(a, side, p, m, rc);
    free(gone);
    return rc;
}

/* An event of the party and where it was among them, for grouping by counterpart. */
typedef struct grouped {
    const sv_ledger_event *ev;
    const char *cp;
    size_t i;
} grouped;

static int cmp_grouped(const void *a, const void *b)
{
    const grouped *x = a, *y = b;
    if (!x->cp != !y->cp)
        return x->cp ? -1 : 1;
    int c = x->cp && x->cp != y->cp ? strcmp(x->cp, y->cp) : 0;
    if (c)
        return c;
    return (x->i > y->i) - (x->i < y->i);
}

static int cmp_standing(const void *a, const void *b)
{
    const sv_sc_standing *x = a, *y = b;
    if (x->has != y->has)
        return x->has ? -1 : 1;
    if (x->has && x->overall != y->overall)
        return x->overall > y->overall ? -1 : 1;
    return strcmp(x->handle, y->handle);
}

static int cmp_own(const void *a, const void *b)
{
    const sv_sc_standing *x = a, *y = b;
    if (x->own_has != y->own_has)
        return x->own_has ? -1 : 1;
    if (x->own_has && x->own != y->own)
        return x->own > y->own ? -1 : 1;
    return strcmp(x->handle, y->handle);
}

void sv_scorecard_free(sv_scorecard *sc)
{
    if (!sc)
        return;
    for (int k = 0; k < SV_SC_MAX; k++) {
        free(sc->m[k].ids);
        sc->m[k].ids = NULL;
    }
    free(sc->by);
    sc->by = NULL;
}

sv_code sv_scorecard_compute(const sv_ledger_event *const *ev, size_t n, sv_sc_side side,
                             const char *who, const sv_sc_params *p, sv_scorecard *out)
{
    memset(out, 0, sizeof *out);
    out->side = side;
    out->who = who;
    out->n_m = side == SV_SC_BRAND ? SV_SC_BRAND_N : SV_SC_FACTORY_N;
    const sv_ledger_event **sel = malloc((n ? n : 1) * sizeof *sel);
    const char **cps = calloc(n ? n : 1, sizeof *cps);
    if (!sel || !cps) {
        free(sel);
        free(cps);
        return SV_ERR_NOMEM;
    }
    /* the party's events grouped by counterpart (sorted by it, in the order recorded within
     * each): a pair's events are a run of sel, found once (was a walk of every event for
     * each counterpart, quadratic in the counterparts) */
    grouped *g = malloc((n ? n : 1) * sizeof *g);
    if (!g) {
        free(sel);
        free(cps);
        return SV_ERR_NOMEM;
    }
    size_t k = 0, n_cp = 0;
    for (size_t i = 0; i < n; i++) {
        const char *mine = side == SV_SC_BRAND ? ev[i]->brand : ev[i]->factory;
        if (!eq(mine, who))
            continue;
        g[k] = (grouped){ev[i], counterpart(ev[i], side), k};
        k++;
    }
    qsort(g, k, sizeof *g, cmp_grouped);
    size_t *run = malloc((k + 1) * sizeof *run); /* where each counterpart's run starts */
    if (!run) {
        free(g);
        free(sel);
        free(cps);
        return SV_ERR_NOMEM;
    }
    for (size_t i = 0; i < k; i++) {
        sel[i] = g[i].ev;
        if (g[i].cp && (i == 0 || !eqn(g[i - 1].cp, g[i].cp))) {
            run[n_cp] = i;
            cps[n_cp++] = g[i].cp;
        }
    }
    run[n_cp] = k;
    if (n_cp) { /* the last run ends where the events with a counterpart end */
        size_t last = run[n_cp - 1];
        while (last < k && g[last].cp)
            last++;
        run[n_cp] = last;
    }
    free(g);
    out->n_events = k;
    /* each pair scored both ways; the party's measures are its pairs' added up (what
     * measures() over sel gives, without going over every pair a second time) */
    acc whole[SV_SC_MAX];
    memset(whole, 0, sizeof whole);
    unsigned char *gone = malloc(k ? k : 1);
    out->by = calloc(n_cp ? n_cp : 1, sizeof *out->by);
    sv_code rc = gone && out->by ? SV_OK : SV_ERR_NOMEM;
    sv_sc_side other = side == SV_SC_BRAND ? SV_SC_FACTORY : SV_SC_BRAND;
    int n_other = other == SV_SC_BRAND ? SV_SC_BRAND_N : SV_SC_FACTORY_N;
    for (size_t c = 0; rc == SV_OK && c < n_cp; c++) {
        const sv_ledger_event **sub = sel + run[c];
        size_t ns = run[c + 1] - run[c];
        acc a[SV_SC_MAX];
        memset(a, 0, sizeof a);
        pair_into(sub, ns, side, p, gone, a);
        for (int j = 0; j < out->n_m; j++)
            acc_add(&whole[j], &a[j]);
        sv_sc_measure m[SV_SC_MAX], o[SV_SC_MAX];
        rc = finish_all(a, side, p, m, rc);
        if (rc != SV_OK)
            break;
        sv_sc_standing *s = &out->by[out->n_by++];
        s->handle = cps[c];
        overall(m, out->n_m, &s->has, &s->overall);
        for (int j = 0; j < out->n_m; j++)
            free(m[j].ids);
        rc = measures(sub, ns, other, p, o);
        if (rc != SV_OK)
            break;
        overall(o, n_other, &s->own_has, &s->own);
        for (int j = 0; j < n_other; j++)
            free(o[j].ids);
    }
    free(gone);
    rc = finish_all(whole, side, p, out->m, rc);
    if (rc == SV_OK)
        overall(out->m, out->n_m, &out->has_overall, &out->overall);
    free(run);
    if (rc == SV_OK) {
        /* ranked by their own scores first, then listed by how they score the party */
        qsort(out->by, out->n_by, sizeof *out->by, cmp_own);
        for (size_t c = 0; c < out->n_by; c++)
            if (out->by[c].own_has)
                out->by[c].own_rank = (int)++out->n_own_ranked;
        qsort(out->by, out->n_by, sizeof *out->by, cmp_standing);
        for (size_t c = 0; c < out->n_by; c++)
            if (out->by[c].has)
                out->by[c].rank = (int)++out->n_ranked;
    }
    free(sel);
    free(cps);
    if (rc != SV_OK)
        sv_scorecard_free(out);
    return rc;
}
