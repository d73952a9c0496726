/* The ledger over HTTP (docs/serve.md, "The ledger"): every step between a brand and a
 * factory recorded by the organization that did it, and what each side may read of it.
 *
 * An organization is one side of the ledger: a brand organization the brand of its handle, a
 * factory organization the factory it claimed (selvedge/org_ledger.h). A step's `by` is the
 * organization's side, its own handle is set by the server and the body names the other
 * side; the event is then read by the ledger file's reader and recorded by sv_ledger_record,
 * exactly as the verbs do (src/cmd_verbs.c): the same checks, the same admission against the
 * pair's history, the same messages. Every read starts from the organization's id: a factory
 * reads only its own pair's events, a brand only its own. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "selvedge/json_out.h"
#include "selvedge/ledger.h"
#include "selvedge/ledger_import.h"
#include "selvedge/ledger_jsonl.h"
#include "selvedge/ledger_state.h"
#include "selvedge/ledger_store.h"
#include "selvedge/org_ledger.h"
#include "selvedge/program.h"
#include "selvedge/program_store.h"
#include "selvedge/program_yaml.h"
#include "selvedge/quotes.h"
#include "selvedge/quotes_json.h"
#include "selvedge/quotes_xlsx.h"
#include "selvedge/readiness.h"
#include "selvedge/refdata.h"
#include "selvedge/rfq_inputs.h"
#include "selvedge/rfq_snapshot.h"
#include "selvedge/scorecard.h"
#include "selvedge/scorecard_json.h"
#include "selvedge/store.h"
#include "handler.h"

/* ---- common ---- */

static const char *side_name(sv_ledger_by by)
{
    return by == SV_BY_BRAND ? "brand" : "factory";
}

/* The answer to a recorded step: {"events": [canonical lines], "states": [the state of each
 * event's thing after it]}, as the verbs' --json. NULL when out of memory. */
static json_t *report(sv_store *s, const sv_ledger_event *evs, size_t n, sv_err *e, bool *failed)
{
    *failed = false;
    sv_pool *pool = sv_pool_create();
    json_t *out = json_object(), *events = json_array(), *states = json_array();
    bool ok = pool && out && events && states && !json_object_set(out, "events", events) &&
              !json_object_set(out, "states", states);
    for (size_t i = 0; ok && i < n; i++) {
        const sv_ledger_event **hist = NULL;
        size_t nh = 0;
        if (sv_ledger_pair_load(s, evs[i].brand, evs[i].factory, pool, &hist, &nh, e) != SV_OK) {
            *failed = true;
            ok = false;
            break;
        }
        char words[400];
        json_t *st =
            sv_ledger_state_json(hist, nh, &evs[i], (int64_t)time(NULL), words, sizeof words);
        if (st && !sv_ledger_state_prices(hist, nh, &evs[i], st)) {
            json_decref(st);
            st = NULL;
        }
        free(hist);
        char *line = sv_ledger_event_json(&evs[i]);
        json_error_t je;
        json_t *lj = line ? json_loads(line, 0, &je) : NULL;
        free(line);
        ok = st && lj && !json_array_append_new(events, lj) && !json_array_append(states, st);
        if (!ok)
            json_decref(lj);
        json_decref(st);
    }
    json_decref(events);
    json_decref(states);
    sv_pool_free(pool);
    if (!ok) {
        json_decref(out);
        return NULL;
    }
    return out;
}

/* Records evs[0..n) (after as sv_ledger_record's) and answers them: a factory the registry
 * lacks is 404, a step the history refuses 409 with the admission's message and field. */
static int record(sv_store *s, srv_res *rs, sv_ledger_event *evs, size_t n,
                  sv_ledger_recorded_fn after, void *ud)
{
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = SV_OK;
    for (size_t i = 0; rc == SV_OK && i < n; i++) {
        int64_t id = 0;
        if ((rc = sv_store_find_handle(s, evs[i].factory, &id, &e)) == SV_OK && id == 0)
            rc = sv_err_at(&e, SV_ERR_NOTFOUND, NULL, 0, 0, "factory",
                           "no factory with the handle %s in the registry", evs[i].factory);
    }
    if (rc == SV_OK && (rc = sv_ledger_record(s, evs, n, after, ud, &e)) == SV_ERR_SCHEMA) {
        /* the event passed its own checks: what refuses it now is the pair's history */
        srv_error_from(rs, &e, false);
        rs->status = 409;
        json_object_set_new(json_object_get(rs->json, "error"), "code", json_string("conflict"));
        return 409;
    }
    if (rc)
        return srv_error_from(rs, &e, false);
    bool failed;
    if (!(rs->json = report(s, evs, n, &e, &failed)))
        return failed ? srv_error_from(rs, &e, false) : srv_nomem(rs);
    return rs->status;
}

/* Sets o's key to the caller's own handle: 403 when the body names another. */
static int set_own(json_t *o, const char *key, const char *handle, srv_res *rs)
{
    json_t *v = json_object_get(o, key);
    if (v && (!json_is_string(v) || strcmp(json_string_value(v), handle) != 0))
        return srv_error(rs, 403, "forbidden", "you record as the %s %s", key, handle);
    if (json_object_set_new(o, key, json_string(handle)))
        return srv_nomem(rs);
    return 0;
}

/* The event of kind k that the JSON object o describes, for the caller's side p, read by the
 * ledger file's reader into *ev (strings in pool): 0 or the error's status. o gets the
 * server's members (brand or factory, by, kind, at). */
static int build(json_t *o, sv_ledger_kind k, const sv_org_party *p, sv_pool *pool,
                 sv_ledger_event *ev, srv_res *rs)
{
    sv_ledger_by fixed = sv_ledger_kind_by(k);
    if (fixed != SV_BY__COUNT && fixed != p->by)
        return srv_error(rs, 403, "forbidden", "%s is recorded by the %s, not the %s",
                         sv_ledger_kind_name(k), side_name(fixed), side_name(p->by));
    const char *own = side_name(p->by);
    const char *other = p->by == SV_BY_BRAND ? "factory" : "brand";
    int st = set_own(o, own, p->handle, rs);
    if (st)
        return st;
    json_t *cp = json_object_get(o, other);
    if (!cp || !json_is_string(cp))
        return srv_invalid(rs, other, "%s: which %s (its handle)?", other, other);
    char tb[32];
    if (json_object_set_new(o, "by", json_string(own)) ||
        json_object_set_new(o, "kind", json_string(sv_ledger_kind_name(k))) ||
        (!json_object_get(o, "at") &&
         json_object_set_new(
             o, "at", json_string(sv_ledger_time_format((int64_t)time(NULL), tb, sizeof tb)))))
        return srv_nomem(rs);
    /* an inspection judged at AQLs takes the result its plans give, as `inspect` does */
    bool judge =
        k == SV_EV_INSPECTION && json_object_get(o, "aql") && !json_object_get(o, "result");
    if (judge && json_object_set_new(o, "result", json_string("pass")))
        return srv_nomem(rs);
    char *text = json_dumps(o, JSON_COMPACT);
    if (!text)
        return srv_nomem(rs);
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_ledger_event_parse(text, strlen(text), pool, ev, &e);
    free(text);
    if (rc == SV_OK && judge) {
        sv_inspection_verdict iv;
        rc = sv_ledger_inspection(ev, &iv, &e);
        if (rc == SV_OK && iv.lot_pass != SV_LEDGER_UNSET)
            ev->passed = iv.lot_pass;
    }
    if (rc)
        return srv_error_from(rs, &e, false);
    return 0;
}

/* ---- the steps ---- */

/* An RFQ's id in a path: the ref for a brand, "BRAND:REF" for a factory (as its inbox gives
 * it). Into brand (SV_LEDGER_REF_MAX + 1 bytes: "" for a brand's) and *ref; false when a
 * factory's id has no brand. */
static bool rfq_id(const sv_org_party *p, const char *id, char *brand, const char **ref)
{
    brand[0] = 0;
    *ref = id;
    if (p->kind == SV_ORG_BRAND)
        return true;
    const char *colon = strchr(id, ':');
    if (!colon || colon == id || (size_t)(colon - id) > SV_LEDGER_REF_MAX || !colon[1])
        return false;
    memcpy(brand, id, (size_t)(colon - id));
    brand[colon - id] = 0;
    *ref = colon + 1;
    return true;
}

/* A step on the RFQ of the path (/api/rfqs/{id}/ack): its brand and ref into o; a body that
 * names others is 422. */
static int rfq_of_path(srv_req *rq, srv_res *rs, const sv_org_party *p, json_t *o)
{
    char brand[SV_LEDGER_REF_MAX + 1];
    const char *ref;
    if (!rfq_id(p, srv_param(rq, "id"), brand, &ref))
        return srv_error(rs, 404, "not_found", "no such RFQ");
    json_t *r = json_object_get(o, "rfq");
    if (r && (!json_is_string(r) || strcmp(json_string_value(r), ref) != 0))
        return srv_invalid(rs, "rfq", "rfq: the RFQ is the path's");
    json_t *b = json_object_get(o, "brand");
    if (brand[0] && b && (!json_is_string(b) || strcmp(json_string_value(b), brand) != 0))
        return srv_invalid(rs, "brand", "brand: the RFQ's brand is the path's");
    if (json_object_set_new(o, "rfq", json_string(ref)) ||
        (brand[0] && json_object_set_new(o, "brand", json_string(brand))))
        return srv_nomem(rs);
    return 0;
}

static int rfq_known(srv_req *rq, srv_res *rs, const srv_ctx *c, json_t *o);

/* POST /api/<thing>/<step>: one event of kind k. */
static int step(srv_req *rq, srv_res *rs, sv_ledger_kind k)
{
    srv_ctx c;
    if (!srv_may_write(rq, rs, "record a step") || srv_ctx_open(rq, rs, &c, SRV_CTX_PARTY))
        return rs->status;
    json_t *o = json_deep_copy(rq->json);
    int st = o ? 0 : srv_nomem(rs);
    sv_ledger_event ev;
    if (!st && srv_param(rq, "id"))
        st = rfq_of_path(rq, rs, &c.party, o);
    if (!st && srv_param(rq, "id") && c.party.kind == SV_ORG_FACTORY)
        st = rfq_known(rq, rs, &c, o);
    if (!st)
        st = build(o, k, &c.party, c.pool, &ev, rs);
    if (!st)
        st = record(c.s, rs, &ev, 1, NULL, NULL);
    json_decref(o);
    srv_ctx_close(&c);
    return st;
}

#define STEP(fn, kind)                                                                             \
    static int fn(srv_req *rq, srv_res *rs)                                                        \
    {                                                                                              \
        return step(rq, rs, kind);                                                                 \
    }
STEP(post_rfq_ack, SV_EV_RFQ_ACKNOWLEDGED)
STEP(post_rfq_decline, SV_EV_RFQ_DECLINED)
STEP(post_quote, SV_EV_QUOTE)
STEP(post_sample_request, SV_EV_SAMPLE_REQUESTED)
STEP(post_sample_ship, SV_EV_SAMPLE_SHIPPED)
STEP(post_sample_receive, SV_EV_SAMPLE_RECEIVED)
STEP(post_sample_review, SV_EV_SAMPLE_REVIEWED)
STEP(post_sample_invoice, SV_EV_SAMPLE_FEE_INVOICED)
STEP(post_sample_pay, SV_EV_SAMPLE_FEE_PAID)
STEP(post_change_request, SV_EV_CHANGE_REQUESTED)
STEP(post_change_answer, SV_EV_CHANGE_ANSWERED)
STEP(post_change_accept, SV_EV_CHANGE_ACCEPTED)
STEP(post_change_withdraw, SV_EV_CHANGE_WITHDRAWN)
STEP(post_order_issue, SV_EV_ORDER_ISSUED)
STEP(post_order_confirm, SV_EV_ORDER_CONFIRMED)
STEP(post_order_counter, SV_EV_ORDER_COUNTERED)
STEP(post_pay_due, SV_EV_PAYMENT_DUE)
STEP(post_pay_paid, SV_EV_PAYMENT_PAID)
STEP(post_progress, SV_EV_MILESTONE_ACTUAL)
STEP(post_inspection, SV_EV_INSPECTION)
STEP(post_message, SV_EV_MESSAGE)

/* ---- rfq send ---- */

typedef struct send_job {
    sv_store *s;
    const char *program_text;
    char *readiness;
} send_job;

static sv_code freeze(void *ud, const sv_ledger_event *ev, sv_err *e)
{
    send_job *k = ud;
    return sv_store_rfq_snapshot_add(k->s, ev->id, k->program_text, k->readiness, e);
}

/* The readiness report of program p as of day `at` (check --json), into k->readiness, and
 * its styles' units as the RFQ's lines into o. 0 or the error's status. */
static int readiness_of(const sv_program *p, const sv_refdata *rd, int64_t at, send_job *k,
                        json_t *o, srv_res *rs)
{
    sv_check_options copt = {.today = sv_date_from_days(sv_ledger_day(at))};
    sv_readiness *r = NULL;
    sv_err e;
    sv_err_clear(&e);
    if (sv_readiness_check(p, rd, &copt, &r, &e) != SV_OK)
        return srv_error_from(rs, &e, false);
    json_t *rj = sv_json_readiness(p, r);
    sv_readiness_free(r);
    k->readiness =
        rj ? json_dumps(rj, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(rj);
    json_t *lines = json_array();
    if (!k->readiness || !lines)
        return json_decref(lines), srv_nomem(rs);
    for (size_t i = 0; i < p->n_styles; i++) {
        int64_t u = sv_style_units(&p->styles[i]);
        if (u < 1)
            continue;
        json_t *l = json_pack("{s:s, s:I}", "style", p->styles[i].code, "qty", (json_int_t)u);
        if (!l || json_array_append_new(lines, l))
            return json_decref(lines), srv_nomem(rs);
    }
    int bad = json_array_size(lines) && json_object_set(o, "lines", lines);
    json_decref(lines);
    return bad ? srv_nomem(rs) : 0;
}

/* POST /api/rfqs: send a stored program to factories, freezing it and its readiness. */
static int post_rfq_send(srv_req *rq, srv_res *rs)
{
    if (!srv_may_write(rq, rs, "record a step"))
        return rs->status;
    json_t *ref = json_object_get(rq->json, "ref");
    json_t *prog = json_object_get(rq->json, "program");
    json_t *to = json_object_get(rq->json, "to");
    json_t *reply = json_object_get(rq->json, "reply_by");
    json_t *atj = json_object_get(rq->json, "at");
    if (!json_is_string(ref))
        return srv_invalid(rs, "ref", "ref: the RFQ's reference (R1)");
    if (!json_is_integer(prog))
        return srv_invalid(rs, "program", "program: the id of one of your programs");
    if (!json_is_array(to) || json_array_size(to) == 0 || json_array_size(to) > 100)
        return srv_invalid(rs, "to", "to: the factories' handles (1 to 100)");
    if (reply && !json_is_string(reply))
        return srv_invalid(rs, "reply_by", "reply_by: a date (YYYY-MM-DD)");
    int64_t at = (int64_t)time(NULL);
    if (atj && (!json_is_string(atj) || !sv_ledger_time_parse(json_string_value(atj), &at)))
        return srv_invalid(rs, "at", "at: a time, YYYY-MM-DDTHH:MM:SSZ");
    srv_ctx c;
    if (srv_ctx_open(rq, rs, &c, SRV_CTX_PARTY))
        return rs->status;
    sv_program_row row;
    sv_program *pg = NULL;
    const sv_refdata *rd = NULL;
    send_job k = {.s = c.s};
    json_t *o = json_object();
    sv_ledger_event *evs = calloc(json_array_size(to), sizeof *evs);
    sv_err e;
    sv_err_clear(&e);
    int st = o && evs ? 0 : srv_nomem(rs);
    if (!st && c.party.kind != SV_ORG_BRAND)
        st = srv_error(rs, 403, "forbidden", "rfq.sent is recorded by the brand, not the factory");
    if (!st && sv_store_program_get(c.s, rq->who.org, json_integer_value(prog), c.pool, &row, &e))
        st = srv_error_from(rs, &e, false);
    if (!st && !(rd = srv_refdata(rs)))
        st = rs->status;
    if (!st && (sv_program_parse(row.yaml, strlen(row.yaml), row.name, &pg, &e) ||
                sv_program_fx(pg, rd, &e)))
        st = srv_error_from(rs, &e, false);
    if (!st)
        st = readiness_of(pg, rd, at, &k, o, rs);
    k.program_text = st ? NULL : row.yaml;
    char tb[32];
    if (!st &&
        (json_object_set(o, "rfq", ref) ||
         json_object_set_new(o, "at", json_string(sv_ledger_time_format(at, tb, sizeof tb))) ||
         (reply && json_object_set(o, "due", reply))))
        st = srv_nomem(rs);
    size_t m = 0;
    for (size_t i = 0; !st && i < json_array_size(to); i++) {
        json_t *f = json_array_get(to, i);
        if (!json_is_string(f)) {
            st = srv_invalid(rs, "to", "to: the factories' handles (strings)");
            break;
        }
        for (size_t q = 0; !st && q < m; q++)
            if (strcmp(evs[q].factory, json_string_value(f)) == 0)
                st = srv_invalid(rs, "to", "to: a factory named twice");
        json_t *one = st ? NULL : json_deep_copy(o);
        if (!st && (!one || json_object_set(one, "factory", f)))
            st = srv_nomem(rs);
        if (!st)
            st = build(one, SV_EV_RFQ_SENT, &c.party, c.pool, &evs[m++], rs);
        json_decref(one);
    }
    if (!st)
        st = record(c.s, rs, evs, m, freeze, &k);
    free(evs);
    free(k.readiness);
    json_decref(o);
    sv_program_free(pg);
    srv_ctx_close(&c);
    return st;
}

/* ---- scorecards ---- */

/* The scorecard's parameters from the reference data (as `scorecard`): the weights into w,
 * the T&A's days, judged as of today over all time. */
static void sc_params(const sv_refdata *rd, sv_sc_params *p, sv_sc_weight w[SV_SC__COUNT])
{
    *p = (sv_sc_params){SV_LEDGER_NO_DAY, SV_LEDGER_NO_DAY, 0, 0, 0, NULL, 0};
    p->asof = sv_ledger_day((int64_t)time(NULL));
    size_t n = rd->n_scorecard_weights < SV_SC__COUNT ? rd->n_scorecard_weights : SV_SC__COUNT;
    for (size_t i = 0; i < n; i++)
        w[i] = (sv_sc_weight){rd->scorecard_weights[i].code, rd->scorecard_weights[i].weight,
                              rd->scorecard_weights[i].target};
    p->weights = w;
    p->n_weights = n;
    p->review_days = sv_refdata_lead_days(rd, SV_STAGE_SAMPLE_REVIEW, NULL, 0);
    p->quote_days = sv_refdata_lead_days(rd, SV_STAGE_QUOTATION, NULL, 0);
}

/* Events as a scorecard reads them: pointers into pool. */
typedef struct evlist {
    sv_pool *pool;
    const sv_ledger_event **v;
    size_t n, cap;
} evlist;

static sv_code evlist_add(evlist *l, const sv_ledger_event *ev, sv_err *e)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        const sv_ledger_event **m = realloc(l->v, cap * sizeof *m);
        if (!m)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        l->v = m, l->cap = cap;
    }
    sv_ledger_event *c = sv_pool_alloc(l->pool, sizeof *c);
    if (!c)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    *c = *ev;
    l->v[l->n++] = c;
    return SV_OK;
}

static sv_code evlist_typed(void *ud, const sv_ledger_event *ev, const char *body, sv_err *e)
{
    evlist *l = ud;
    if (!body)
        return evlist_add(l, ev, e);
    sv_ledger_event b;
    sv_code rc = sv_ledger_event_parse(body, strlen(body), l->pool, &b, e);
    if (rc)
        return rc;
    b.id = ev->id;
    return evlist_add(l, &b, e);
}

/* The scorecard of who (side) over ev[0..n) as JSON; aggregate: without the standings and the
 * events' ids (a record elsewhere names nobody). NULL with *e when out of memory. */
static json_t *card(const sv_ledger_event *const *ev, size_t n, sv_sc_side side, const char *who,
                    const sv_sc_params *p, bool aggregate, sv_err *e)
{
    sv_scorecard sc;
    if (sv_scorecard_compute(ev, n, side, who, p, &sc) != SV_OK) {
        sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return NULL;
    }
    json_t *j = sv_json_scorecard(&sc, p);
    sv_scorecard_free(&sc);
    if (!j) {
        sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (aggregate) {
        json_object_del(j, "standing");
        json_object_del(j, "ranked");
        json_object_del(j, "its_ranked");
        size_t i;
        json_t *m;
        json_array_foreach(json_object_get(j, "measures"), i, m) json_object_del(m, "event_ids");
    }
    return j;
}

/* The record of counterpart x (side) with the caller's others, in aggregate: {"counterparts":
 * N, "scorecard": {...}} when it rests on three or more, else JSON null. NULL on error (e). */
enum { ELSEWHERE_MIN = 3 };
static json_t *elsewhere(sv_store *s, int64_t org, const char *x, sv_sc_side side,
                         const sv_sc_params *p, sv_err *e)
{
    evlist l = {.pool = sv_pool_create()};
    if (!l.pool) {
        sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return NULL;
    }
    size_t others = 0;
    json_t *out = NULL;
    if (sv_store_org_elsewhere(s, org, x, ELSEWHERE_MIN, l.pool, evlist_typed, &l, &others, e) ==
        SV_OK) {
        if (others < ELSEWHERE_MIN) {
            out = json_null();
        } else {
            json_t *c = card(l.v, l.n, side, x, p, true, e);
            out = c ? json_pack("{s:I, s:o}", "counterparts", (json_int_t)others, "scorecard", c)
                    : NULL;
        }
    }
    free(l.v);
    sv_pool_free(l.pool);
    return out;
}

/* ---- reads ---- */

/* The events the caller may read, parsed, each kept when keep(ud, ev) says so. */
typedef bool (*keep_fn)(void *ud, const sv_ledger_event *ev);
typedef struct walk {
    sv_pool *pool;
    keep_fn keep;
    void *ud;
    sv_ledger_event *ev;
    size_t n, cap;
} walk;

static sv_code walk_one(void *ud, int64_t id, const char *body, sv_err *e)
{
    walk *w = ud;
    sv_ledger_event ev;
    sv_code rc = sv_ledger_event_parse(body, strlen(body), w->pool, &ev, e);
    if (rc)
        return rc;
    ev.id = id;
    if (w->keep && !w->keep(w->ud, &ev))
        return SV_OK;
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 32;
        sv_ledger_event *m = realloc(w->ev, cap * sizeof *m);
        if (!m)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        w->ev = m, w->cap = cap;
    }
    w->ev[w->n++] = ev;
    return SV_OK;
}

static int events_of(srv_req *rq, srv_res *rs, sv_store *s, const char *counterpart, walk *w)
{
    sv_err e;
    sv_err_clear(&e);
    if (sv_store_org_events(s, rq->who.org, counterpart, walk_one, w, &e) != SV_OK)
        return srv_error_from(rs, &e, false);
    return 0;
}

typedef struct sent_of {
    const char *ref;
} sent_of;

static bool is_sent_of(void *ud, const sv_ledger_event *ev)
{
    sent_of *k = ud;
    return ev->kind == SV_EV_RFQ_SENT && ev->rfq && strcmp(ev->rfq, k->ref) == 0;
}

/* A factory's step on the RFQ of its path (o's brand and rfq, set from the path): 404 as a
 * missing one unless that brand sent it this factory, looked up in the pair's own events
 * only, so that another pair's RFQ and one that does not exist answer alike. */
static int rfq_known(srv_req *rq, srv_res *rs, const srv_ctx *c, json_t *o)
{
    sent_of k = {json_string_value(json_object_get(o, "rfq"))};
    const char *brand = json_string_value(json_object_get(o, "brand"));
    if (!k.ref || !brand)
        return srv_error(rs, 404, "not_found", "no such RFQ");
    walk w = {.pool = c->pool, .keep = is_sent_of, .ud = &k};
    int st = events_of(rq, rs, c->s, brand, &w);
    if (!st && w.n == 0)
        st = srv_error(rs, 404, "not_found", "no such RFQ");
    free(w.ev);
    return st;
}

static json_t *event_json(const sv_ledger_event *ev)
{
    char *line = sv_ledger_event_json(ev);
    json_error_t je;
    json_t *j = line ? json_loads(line, 0, &je) : NULL;
    free(line);
    return j;
}

static bool is_sent(void *ud, const sv_ledger_event *ev)
{
    (void)ud;
    return ev->kind == SV_EV_RFQ_SENT;
}

/* What the frozen snapshot says of the brand: the readiness summary of the inbox. */
typedef struct summary {
    json_t *o;
} summary;

static sv_code summarize(void *ud, const char *program_text, const char *readiness_json, sv_err *e)
{
    summary *k = ud;
    json_error_t je;
    json_t *r = json_loads(readiness_json, 0, &je);
    json_t *o = json_object(), *blockers = json_array();
    if (!o || !blockers) {
        json_decref(r), json_decref(o), json_decref(blockers);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    json_object_set(o, "score", json_object_get(r, "score"));
    json_object_set(o, "verdict", json_object_get(r, "verdict"));
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(r, "findings"), i, f)
    {
        const char *sev = json_string_value(json_object_get(f, "severity"));
        if (sev && strcmp(sev, "blocker") == 0)
            json_array_append_new(blockers, json_pack("{s:O?, s:O?, s:O?}", "code",
                                                      json_object_get(f, "code"), "style",
                                                      json_object_get(f, "style"), "message",
                                                      json_object_get(f, "message")));
    }
    json_object_set_new(o, "blockers", blockers);
    json_decref(r);
    sv_program *p = NULL;
    sv_err pe;
    sv_err_clear(&pe);
    if (sv_program_parse(program_text, strlen(program_text), "program", &p, &pe) == SV_OK) {
        const sv_brand *b = &p->brand;
        const char *cur = b->currency ? b->currency->code : NULL;
        json_object_set_new(o, "currency", cur ? json_string(cur) : json_null());
        json_object_set_new(o, "sampling_budget",
                            b->sampling_budget == SV_UNSET ? json_null()
                                                           : json_integer(b->sampling_budget));
        json_t *pt = json_null();
        if (b->has_payment_terms)
            pt = json_pack(
                "{s:s, s:o, s:o}", "method", sv_payment_method_name(b->payment_method),
                "deposit_bp", b->deposit_bp == SV_UNSET ? json_null() : json_integer(b->deposit_bp),
                "days", b->payment_days == SV_UNSET ? json_null() : json_integer(b->payment_days));
        json_object_set_new(o, "payment_terms", pt ? pt : json_null());
        json_t *g = json_array();
        for (size_t s = 0; g && s < b->n_growth; s++)
            json_array_append_new(g, json_pack("{s:s, s:I}", "season", b->growth[s].season, "units",
                                               (json_int_t)b->growth[s].units));
        json_object_set_new(o, "growth_plan", g ? g : json_null());
        sv_program_free(p);
    }
    k->o = o;
    return SV_OK;
}

/* GET /api/rfqs: a brand's RFQs as sent, or a factory's inbox: each RFQ sent to it with the
 * brand's readiness summary from the frozen snapshot. */
static int get_rfqs(srv_req *rq, srv_res *rs)
{
    srv_ctx c;
    if (srv_ctx_open(rq, rs, &c, SRV_CTX_PARTY))
        return rs->status;
    walk w = {.pool = c.pool, .keep = is_sent};
    const sv_refdata *rd = NULL;
    sv_sc_params prm;
    sv_sc_weight wt[SV_SC__COUNT];
    int st = events_of(rq, rs, c.s, NULL, &w);
    json_t *list = st ? NULL : json_array();
    if (!st && !list)
        st = srv_nomem(rs);
    for (size_t i = 0; !st && i < w.n; i++) {
        const sv_ledger_event *ev = &w.ev[i];
        char id[2 * SV_LEDGER_REF_MAX + 2];
        snprintf(id, sizeof id, "%s:%s", ev->brand, ev->rfq);
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o}", "id",
                              c.party.kind == SV_ORG_BRAND ? ev->rfq : id, "ref", ev->rfq, "brand",
                              ev->brand, "factory", ev->factory, "event", (json_int_t)ev->id,
                              "sent", event_json(ev));
        if (!o || json_array_append_new(list, o)) {
            st = srv_nomem(rs);
            break;
        }
        if (c.party.kind == SV_ORG_FACTORY) {
            summary k = {0};
            sv_err e;
            sv_err_clear(&e);
            if (sv_store_rfq_snapshot_get(c.s, ev->id, summarize, &k, &e) != SV_OK) {
                st = srv_error_from(rs, &e, false);
                break;
            }
            json_object_set_new(o, "readiness", k.o ? k.o : json_null());
            if (!rd) {
                if (!(rd = srv_refdata(rs))) {
                    st = rs->status;
                    break;
                }
                sc_params(rd, &prm, wt);
            }
            json_t *rec = elsewhere(c.s, rq->who.org, ev->brand, SV_SC_BRAND, &prm, &e);
            if (!rec) {
                st = srv_error_from(rs, &e, false);
                break;
            }
            json_object_set_new(o, "record_elsewhere", rec);
        }
    }
    if (!st)
        rs->json = json_pack("{s:s, s:o}", "kind", c.party.kind == SV_ORG_BRAND ? "sent" : "inbox",
                             "rfqs", list);
    else
        json_decref(list);
    free(w.ev);
    srv_ctx_close(&c);
    return rs->status;
}

typedef struct of_rfq {
    const char *ref;
} of_rfq;

static bool is_of_rfq(void *ud, const sv_ledger_event *ev)
{
    of_rfq *k = ud;
    return ev->rfq && strcmp(ev->rfq, k->ref) == 0;
}

/* GET /api/rfqs/{id}: the RFQ's events the caller may read; a brand's id is the ref, a
 * factory's "BRAND:REF" (as its inbox gives it). Another's RFQ is 404, as a missing one. */
static int get_rfq(srv_req *rq, srv_res *rs)
{
    srv_ctx c;
    if (srv_ctx_open(rq, rs, &c, SRV_CTX_PARTY))
        return rs->status;
    int st = 0;
    char brand[SV_LEDGER_REF_MAX + 1] = "";
    of_rfq k = {0};
    if (!st && !rfq_id(&c.party, srv_param(rq, "id"), brand, &k.ref))
        st = srv_error(rs, 404, "not_found", "no such RFQ");
    walk w = {.pool = c.pool, .keep = is_of_rfq, .ud = &k};
    if (!st)
        st = events_of(rq, rs, c.s, c.party.kind == SV_ORG_FACTORY ? brand : NULL, &w);
    if (!st && w.n == 0)
        st = srv_error(rs, 404, "not_found", "no such RFQ");
    json_t *list = st ? NULL : json_array();
    for (size_t i = 0; list && i < w.n; i++)
        if (json_array_append_new(list, event_json(&w.ev[i]))) {
            json_decref(list);
            list = NULL;
        }
    if (!st && !list)
        st = srv_nomem(rs);
    if (!st)
        rs->json = json_pack("{s:s, s:o}", "ref", k.ref, "events", list);
    free(w.ev);
    srv_ctx_close(&c);
    return rs->status;
}

/* The brand's quotes on its RFQ ref compared into *q, as `quotes compare` (landed at each
 * factory's origin, sea freight, lead days from today), from *in (which *q points into), the
 * request's context opened into *c: the caller frees *q and *in and closes *c, also after an
 * error: 0, or the status after the error. A factory is 403; an RFQ the brand never sent is
 * 404. */
static int compare_of(srv_req *rq, srv_res *rs, srv_ctx *c, const char *ref, sv_rfq_inputs *in,
                      sv_quotes **q)
{
    *q = NULL;
    memset(in, 0, sizeof *in);
    int st = srv_ctx_open(rq, rs, c, SRV_CTX_PARTY);
    if (!st && c->party.kind != SV_ORG_BRAND)
        st = srv_error(rs, 403, "forbidden", "quotes are compared by the brand that asked");
    if (st)
        return st;
    const sv_refdata *rd = NULL;
    sv_err e;
    sv_err_clear(&e);
    if (sv_store_rfq_inputs(c->s, c->party.handle, ref, in, &e) != SV_OK)
        st = srv_error_from(rs, &e, false);
    else if (!in->sent)
        st = srv_error(rs, 404, "not_found", "no such RFQ");
    else if (!in->program)
        st = srv_error(rs, 409, "conflict",
                       "RFQ %s has no program frozen with it: it was not sent from a program", ref);
    else if (!(rd = srv_refdata(rs)))
        st = rs->status;
    if (!st) {
        int64_t today = sv_ledger_day((int64_t)time(NULL));
        sv_cost_options opt = {.mode = SV_MODE_SEA, .today = sv_date_from_days(today)};
        if (sv_quotes_compare(in->ev, in->n, ref, in->program, rd, &opt, sv_rfq_inputs_origin, in,
                              today * 86400 + 86399, q, &e) != SV_OK)
            st = srv_error_from(rs, &e, false);
    }
    return st;
}

/* GET /api/rfqs/{id}/compare: the brand's quotes on its RFQ compared, as `quotes compare
 * --json`. */
static int get_compare(srv_req *rq, srv_res *rs)
{
    srv_ctx c;
    sv_quotes *q = NULL;
    sv_rfq_inputs in;
    if (!compare_of(rq, rs, &c, srv_param(rq, "id"), &in, &q) && !(rs->json = sv_json_quotes(q)))
        srv_nomem(rs);
    sv_quotes_free(q);
    sv_rfq_inputs_free(&in);
    srv_ctx_close(&c);
    return rs->status;
}

/* The file at path into a malloc'd buffer, *n bytes; NULL when it cannot be read. */
static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *b = NULL;
    long len = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (b = malloc((size_t)len + 1)) && fread(b, 1, (size_t)len, f) != (size_t)len) {
        free(b);
        b = NULL;
    }
    if (f)
        fclose(f);
    *n = b ? (size_t)len : 0;
    return b;
}

/* GET /api/rfqs/{id}/compare.xlsx: the same comparison as `quotes compare --format xlsx`'s
 * workbook (sv_quotes_write_xlsx, written to a temporary file, read back and removed), an
 * attachment named after the RFQ (its ref made safe: letters, digits, - and _). */
static int get_compare_xlsx(srv_req *rq, srv_res *rs)
{
    srv_ctx c;
    const char *ref = srv_param(rq, "id");
    sv_quotes *q = NULL;
    sv_rfq_inputs in;
    if (!compare_of(rq, rs, &c, ref, &in, &q)) {
        const char *dir = getenv("TMPDIR");
        char path[4096];
        snprintf(path, sizeof path, "%s/selvedge-compare-XXXXXX",
                 dir && dir[0] && strlen(dir) < 4000 ? dir : "/tmp");
        int fd = mkstemp(path);
        sv_err e;
        sv_err_clear(&e);
        if (fd < 0) {
            srv_error(rs, 503, "store_unavailable", "no temporary file for the workbook");
        } else {
            close(fd);
            if (sv_quotes_write_xlsx(path, q, &e) != SV_OK)
                srv_error(rs, 503, "out_of_memory", "the workbook could not be written: %s", e.msg);
            else if (!(rs->raw = slurp(path, &rs->raw_len)))
                srv_error(rs, 503, "out_of_memory", "the workbook could not be read back");
            else {
                char safe[65];
                size_t n = 0;
                for (const char *ch = ref; *ch && n < sizeof safe - 1; ch++)
                    if ((*ch >= 'A' && *ch <= 'Z') || (*ch >= 'a' && *ch <= 'z') ||
                        (*ch >= '0' && *ch <= '9') || *ch == '-' || *ch == '_')
                        safe[n++] = *ch;
                safe[n] = '\0';
                rs->type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                snprintf(rs->disposition, sizeof rs->disposition,
                         "attachment; filename=\"%s-compare.xlsx\"", n ? safe : "rfq");
            }
            unlink(path);
        }
    }
    sv_quotes_free(q);
    sv_rfq_inputs_free(&in);
    srv_ctx_close(&c);
    return rs->status;
}

/* The state of thing o (its brand, factory and key; last the index of its last event in w)
 * folded over its pair's history in w, as the verbs' --json states: o's "state". false when
 * out of memory. */
static bool thing_state(const walk *w, size_t last, json_t *o)
{
    const sv_ledger_event *ev = &w->ev[last];
    const sv_ledger_event **hist = calloc(w->n + 1, sizeof *hist);
    if (!hist)
        return false;
    size_t nh = 0;
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->ev[i].brand, ev->brand) == 0 && strcmp(w->ev[i].factory, ev->factory) == 0)
            hist[nh++] = &w->ev[i];
    char words[400];
    json_t *st = sv_ledger_state_json(hist, nh, ev, (int64_t)time(NULL), words, sizeof words);
    free(hist);
    return st && json_object_set_new(o, "state", st) == 0;
}

/* GET /api/orders, /api/samples, /api/changes: each thing of the caller's pairs with its
 * events' ids, its last step and its state. */
static int things(srv_req *rq, srv_res *rs, sv_ledger_thing t)
{
    srv_ctx c;
    if (srv_ctx_open(rq, rs, &c, SRV_CTX_POOL))
        return rs->status;
    walk w = {.pool = c.pool};
    int st = events_of(rq, rs, c.s, NULL, &w);
    json_t *list = st ? NULL : json_array();
    json_t *index = st ? NULL : json_object();
    if (!st && (!list || !index))
        st = srv_nomem(rs);
    for (size_t i = 0; !st && i < w.n; i++) {
        const sv_ledger_event *ev = &w.ev[i];
        if (sv_ledger_kind_thing(ev->kind) != t)
            continue;
        char key[256], full[400];
        sv_ledger_thing_key(ev, key, sizeof key);
        snprintf(full, sizeof full, "%s\n%s\n%s", ev->brand, ev->factory, key);
        json_t *o = json_object_get(index, full);
        if (!o) {
            o = json_pack("{s:s, s:s, s:s, s:[]}", "brand", ev->brand, "factory", ev->factory,
                          "key", key, "events");
            if (!o || json_array_append_new(list, o) || json_object_set(index, full, o)) {
                st = srv_nomem(rs);
                break;
            }
        }
        char tb[32];
        if (json_array_append_new(json_object_get(o, "events"), json_integer(ev->id)) ||
            json_object_set_new(o, "last", json_string(sv_ledger_kind_name(ev->kind))) ||
            json_object_set_new(o, "at",
                                json_string(sv_ledger_time_format(ev->at, tb, sizeof tb))) ||
            json_object_set_new(o, "last_index", json_integer((json_int_t)i)))
            st = srv_nomem(rs);
    }
    for (size_t i = 0; !st && i < json_array_size(list); i++) {
        json_t *o = json_array_get(list, i);
        size_t last = (size_t)json_integer_value(json_object_get(o, "last_index"));
        json_object_del(o, "last_index");
        if (!thing_state(&w, last, o))
            st = srv_nomem(rs);
    }
    json_decref(index);
    if (!st)
        rs->json = json_pack("{s:s, s:o}", "thing", sv_ledger_thing_name(t), "items", list);
    else
        json_decref(list);
    free(w.ev);
    srv_ctx_close(&c);
    return rs->status;
}

static int get_orders(srv_req *rq, srv_res *rs)
{
    return things(rq, rs, SV_THING_ORDER);
}
static int get_samples(srv_req *rq, srv_res *rs)
{
    return things(rq, rs, SV_THING_SAMPLE);
}
static int get_changes(srv_req *rq, srv_res *rs)
{
    return things(rq, rs, SV_THING_CHANGE);
}

/* The kinds a list keeps: every one (NULL), one by name ("message"), or a family by its
 * prefix ("payment."). */
static bool is_kind(void *ud, const sv_ledger_event *ev)
{
    const char *want = ud;
    if (!want)
        return true;
    const char *k = sv_ledger_kind_name(ev->kind);
    size_t n = strlen(want);
    return n && want[n - 1] == '.' ? strncmp(k, want, n) == 0 : strcmp(k, want) == 0;
}

/* The caller's pairs' events of the kinds named by want (is_kind), in the order recorded,
 * each its event's line, as {member: [...]}. */
static int event_list(srv_req *rq, srv_res *rs, const char *want, const char *member)
{
    srv_ctx c;
    if (srv_ctx_open(rq, rs, &c, SRV_CTX_POOL))
        return rs->status;
    walk w = {.pool = c.pool, .keep = is_kind, .ud = (void *)want};
    int st = events_of(rq, rs, c.s, NULL, &w);
    json_t *list = st ? NULL : json_array();
    if (!st && !list)
        st = srv_nomem(rs);
    for (size_t i = 0; !st && i < w.n; i++)
        if (json_array_append_new(list, event_json(&w.ev[i])))
            st = srv_nomem(rs);
    if (!st)
        rs->json = json_pack("{s:o}", member, list);
    else
        json_decref(list);
    free(w.ev);
    srv_ctx_close(&c);
    return rs->status;
}

/* GET /api/messages: every message of the caller's pairs (its thread: the rfq, order,
 * change, or style, stage and round it names). */
static int get_messages(srv_req *rq, srv_res *rs)
{
    return event_list(rq, rs, "message", "messages");
}

/* GET /api/events: every event of the caller's pairs; ?kind= one kind ("inspection") or a
 * family ("payment."). */
static int get_events(srv_req *rq, srv_res *rs)
{
    const char *kind = srv_query(rq, "kind");
    if (kind) {
        bool known = false;
        size_t n = strlen(kind);
        for (int k = 0; k < SV_EV__COUNT && !known; k++) {
            const char *name = sv_ledger_kind_name((sv_ledger_kind)k);
            known = name && (n && kind[n - 1] == '.' ? strncmp(name, kind, n) == 0
                                                     : strcmp(name, kind) == 0);
        }
        if (!known) {
            srv_error(rs, 400, "bad_query", "kind: no event is of the kind \"%s\"", kind);
            json_object_set_new(json_object_get(rs->json, "error"), "field", json_string("kind"));
            return rs->status;
        }
    }
    return event_list(rq, rs, kind, "events");
}

/* GET /api/scorecard: for each counterpart of the caller, its scorecard over the pair's
 * history, and its record with the others in aggregate (three or more, no names). */
static int get_scorecard(srv_req *rq, srv_res *rs)
{
    srv_ctx c;
    if (srv_ctx_open(rq, rs, &c, SRV_CTX_PARTY))
        return rs->status;
    walk w = {.pool = c.pool};
    const sv_refdata *rd = NULL;
    sv_err e;
    sv_err_clear(&e);
    int st = events_of(rq, rs, c.s, NULL, &w);
    if (!st && !(rd = srv_refdata(rs)))
        st = rs->status;
    sv_sc_params prm;
    sv_sc_weight wt[SV_SC__COUNT];
    if (!st)
        sc_params(rd, &prm, wt);
    bool brand = !st && c.party.kind == SV_ORG_BRAND;
    sv_sc_side side = brand ? SV_SC_FACTORY : SV_SC_BRAND;
    json_t *list = st ? NULL : json_array();
    if (!st && !list)
        st = srv_nomem(rs);
    const sv_ledger_event **pair = st ? NULL : calloc(w.n + 1, sizeof *pair);
    if (!st && !pair)
        st = srv_nomem(rs);
    for (size_t i = 0; !st && i < w.n; i++) {
        const char *x = brand ? w.ev[i].factory : w.ev[i].brand;
        bool met = false;
        for (size_t j = 0; j < i && !met; j++)
            met = strcmp(brand ? w.ev[j].factory : w.ev[j].brand, x) == 0;
        if (met)
            continue;
        size_t n = 0;
        for (size_t j = i; j < w.n; j++)
            if (strcmp(brand ? w.ev[j].factory : w.ev[j].brand, x) == 0)
                pair[n++] = &w.ev[j];
        json_t *mine = card(pair, n, side, x, &prm, false, &e);
        json_t *else_ = mine ? elsewhere(c.s, rq->who.org, x, side, &prm, &e) : NULL;
        json_t *o = mine && else_ ? json_pack("{s:s, s:o, s:o}", "counterpart", x, "with_you", mine,
                                              "elsewhere", else_)
                                  : NULL;
        if (!o) {
            if (!mine || !else_) {
                json_decref(mine);
                json_decref(else_);
            }
            st = srv_error_from(rs, &e, false);
            break;
        }
        json_array_append_new(list, o);
    }
    if (!st)
        rs->json = json_pack("{s:s, s:o}", "side", brand ? "factory" : "brand", "scorecards", list);
    else
        json_decref(list);
    free(pair);
    free(w.ev);
    srv_ctx_close(&c);
    return rs->status;
}

/* ---- the table ---- */

/* The members a step's body may have: the ledger file's, but for by, kind and id (the
 * server's); which a kind takes is the reader's (docs/ledger.md). */
static const char *const step_fields[] = {
    "brand",  "factory",   "at",       "rfq",      "order",  "style",      "stage",   "round",
    "change", "milestone", "currency", "amount",   "due",    "ex_factory", "planned", "valid_until",
    "days",   "deposit",   "balance",  "incoterm", "reason", "verdict",    "courier", "tracking",
    "what",   "from",      "to",       "lot",      "level",  "result",     "text",    "supersedes",
    "lines",  "defects",   "aql",      "quote",    NULL};
static const char *const send_fields[] = {"ref", "program", "to", "reply_by", "at", NULL};

#define STEP_REQ                                                                                   \
    "{\"type\":\"object\",\"description\":\"the event's fields as a ledger file's line "           \
    "(docs/ledger.md) without by, kind and id; the caller's own brand or factory is set by the "   \
    "server, the other side is named by its handle\",\"additionalProperties\":true}"
#define STEP_RES                                                                                   \
    "{\"type\":\"object\",\"properties\":{\"events\":{\"type\":\"array\",\"items\":{\"type\":"     \
    "\"object\"}},\"states\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}"
#define SEND_REQ                                                                                   \
    "{\"type\":\"object\",\"required\":[\"ref\",\"program\",\"to\"],\"properties\":{\"ref\":{"     \
    "\"type\":\"string\"},\"program\":{\"type\":\"integer\"},\"to\":{\"type\":\"array\","          \
    "\"items\":{\"type\":\"string\"}},\"reply_by\":{\"type\":\"string\",\"format\":\"date\"},"     \
    "\"at\":{\"type\":\"string\",\"format\":\"date-time\"}}}"
#define RFQS_RES                                                                                   \
    "{\"type\":\"object\",\"properties\":{\"kind\":{\"type\":\"string\",\"enum\":[\"sent\","       \
    "\"inbox\"]},\"rfqs\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"     \
    "\"id\":{\"type\":\"string\"},\"ref\":{\"type\":\"string\"},\"brand\":{\"type\":\"string\"},"  \
    "\"factory\":{\"type\":\"string\"},\"event\":{\"type\":\"integer\"},\"sent\":{\"type\":"       \
    "\"object\"},\"readiness\":{\"type\":\"object\"}}}}}}"
#define RFQ_RES                                                                                    \
    "{\"type\":\"object\",\"properties\":{\"ref\":{\"type\":\"string\"},\"events\":{\"type\":"     \
    "\"array\",\"items\":{\"type\":\"object\"}}}}"
#define THINGS_RES                                                                                 \
    "{\"type\":\"object\",\"properties\":{\"thing\":{\"type\":\"string\"},\"items\":{\"type\":"    \
    "\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"brand\":{\"type\":\"string\"},"    \
    "\"factory\":{\"type\":\"string\"},\"key\":{\"type\":\"string\"},\"events\":{\"type\":"        \
    "\"array\",\"items\":{\"type\":\"integer\"}},\"last\":{\"type\":\"string\"},\"at\":{"          \
    "\"type\":\"string\"},\"state\":{\"type\":\"object\"}}}}}}"

#define SCORE_RES                                                                                  \
    "{\"type\":\"object\",\"properties\":{\"side\":{\"type\":\"string\"},\"scorecards\":{"         \
    "\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"counterpart\":{"          \
    "\"type\":\"string\"},\"with_you\":{\"type\":\"object\"},\"elsewhere\":{\"type\":"             \
    "\"object\",\"nullable\":true}}}}}}"

#define STEP_ROUTE(path, handler, what)                                                            \
    {                                                                                              \
        .method = "POST", .pattern = path, .fn = handler, .flags = SRV_SESSION | SRV_WRITES,       \
        .body = SRV_BODY_JSON, .fields = step_fields, .summary = what, .request_schema = STEP_REQ, \
        .response_schema = STEP_RES, .status = 201                                                 \
    }
#define READ_ROUTE(path, handler, what, schema)                                                    \
    {                                                                                              \
        .method = "GET", .pattern = path, .fn = handler, .flags = SRV_SESSION, .summary = what,    \
        .response_schema = schema                                                                  \
    }

static const srv_route routes[] = {
    {.method = "POST",
     .pattern = "/api/rfqs",
     .fn = post_rfq_send,
     .flags = SRV_SESSION | SRV_WRITES,
     .body = SRV_BODY_JSON,
     .fields = send_fields,
     .summary = "A brand sends one of its programs to factories as an RFQ (rfq.sent), the "
                "program and its readiness frozen",
     .request_schema = SEND_REQ,
     .response_schema = STEP_RES,
     .status = 201},
    READ_ROUTE("/api/rfqs", get_rfqs,
               "A brand's RFQs as sent, or a factory's inbox with each brand's readiness summary",
               RFQS_RES),
    READ_ROUTE("/api/rfqs/{id}", get_rfq,
               "An RFQ's events the caller may read (a factory's id is BRAND:REF)", RFQ_RES),
    READ_ROUTE("/api/rfqs/{id}/compare", get_compare,
               "A brand's quotes on its RFQ compared, landed and ranked (quotes compare --json)",
               "{\"type\":\"object\"}"),
    READ_ROUTE("/api/rfqs/{id}/compare.xlsx", get_compare_xlsx,
               "The comparison as an Excel workbook (quotes compare --format xlsx), an attachment",
               "{\"type\":\"string\",\"format\":\"binary\"}"),
    STEP_ROUTE("/api/rfqs/{id}/ack", post_rfq_ack,
               "A factory acknowledges an RFQ (rfq.acknowledged); its id is BRAND:REF"),
    STEP_ROUTE("/api/rfqs/{id}/decline", post_rfq_decline,
               "A factory declines an RFQ with a reason code (rfq.declined)"),
    STEP_ROUTE("/api/rfqs/{id}/quotes", post_quote, "A factory quotes on an RFQ (quote)"),
    STEP_ROUTE("/api/samples/request", post_sample_request,
               "A brand requests a sample round (sample.requested)"),
    STEP_ROUTE("/api/samples/ship", post_sample_ship,
               "A factory ships a sample round (sample.shipped)"),
    STEP_ROUTE("/api/samples/receive", post_sample_receive,
               "A brand receives a sample round (sample.received)"),
    STEP_ROUTE("/api/samples/review", post_sample_review,
               "A brand reviews a sample round (sample.reviewed)"),
    STEP_ROUTE("/api/samples/invoice", post_sample_invoice,
               "A factory invoices a sample fee (sample.fee_invoiced)"),
    STEP_ROUTE("/api/samples/pay", post_sample_pay, "A brand pays a sample fee (sample.fee_paid)"),
    STEP_ROUTE("/api/changes/request", post_change_request,
               "A brand requests a change (change.requested)"),
    STEP_ROUTE("/api/changes/answer", post_change_answer,
               "A factory answers a change with its cost and days (change.answered)"),
    STEP_ROUTE("/api/changes/accept", post_change_accept,
               "A brand accepts a change (change.accepted)"),
    STEP_ROUTE("/api/changes/withdraw", post_change_withdraw,
               "A brand withdraws a change (change.withdrawn)"),
    STEP_ROUTE("/api/orders/issue", post_order_issue, "A brand issues an order (order.issued)"),
    STEP_ROUTE("/api/orders/confirm", post_order_confirm,
               "A factory confirms an order (order.confirmed)"),
    STEP_ROUTE("/api/orders/counter", post_order_counter,
               "A factory counters an order (order.countered)"),
    STEP_ROUTE("/api/payments/due", post_pay_due, "A payment falls due (payment.due)"),
    STEP_ROUTE("/api/payments/paid", post_pay_paid, "A brand pays (payment.paid)"),
    STEP_ROUTE("/api/progress", post_progress,
               "A factory records a production milestone reached (milestone.actual)"),
    STEP_ROUTE("/api/inspections", post_inspection, "An inspection of an order's lot"),
    STEP_ROUTE("/api/messages", post_message, "A message on an RFQ, order, change or sample"),
    READ_ROUTE("/api/scorecard", get_scorecard,
               "The caller's counterparts' scorecards: over the pair's history, and their record "
               "with others in aggregate (three or more, no names)",
               SCORE_RES),
    READ_ROUTE("/api/orders", get_orders, "The orders of the caller's pairs", THINGS_RES),
    READ_ROUTE("/api/samples", get_samples, "The sample rounds of the caller's pairs", THINGS_RES),
    READ_ROUTE("/api/changes", get_changes, "The changes of the caller's pairs", THINGS_RES),
    READ_ROUTE("/api/messages", get_messages,
               "The messages of the caller's pairs, each its event's line, in the order recorded",
               "{\"type\":\"object\",\"properties\":{\"messages\":{\"type\":\"array\","
               "\"items\":{\"type\":\"object\"}}}}"),
    READ_ROUTE("/api/events", get_events,
               "The events of the caller's pairs, each its line, in the order recorded; ?kind= "
               "one kind or a family (payment.)",
               "{\"type\":\"object\",\"properties\":{\"events\":{\"type\":\"array\","
               "\"items\":{\"type\":\"object\"}}}}"),
};

const srv_routes srv_ledger_routes = {routes, sizeof routes / sizeof routes[0]};
