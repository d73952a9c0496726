/* /api/programs: a brand organization's sourcing programs, and what check, cost and plan
 * say of them, as the same JSON the command line's --json prints (the builders of
 * selvedge/json_out.h). Only the organization's members see its programs; another
 * organization's program answers 404 exactly as a missing one; a factory organization has
 * none (404). */
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "selvedge/brief.h"
#include "selvedge/chart.h"
#include "selvedge/cost_xlsx.h"
#include "selvedge/costing.h"
#include "selvedge/json_out.h"
#include "selvedge/match.h"
#include "selvedge/org_store.h"
#include "selvedge/plan.h"
#include "selvedge/plan_export.h"
#include "selvedge/program_store.h"
#include "selvedge/program_yaml.h"
#include "selvedge/readiness.h"
#include "selvedge/refdata.h"
#include "selvedge/store.h"
#include "handler.h"

/* The reference data: loaded once per process (the built-in data), shared read-only by the
 * workers; the engines only read it. */
static pthread_once_t rd_once = PTHREAD_ONCE_INIT;
static sv_refdata *rd_shared;
static sv_err rd_err;

static void rd_load(void)
{
    sv_err_clear(&rd_err);
    if (sv_refdata_load(NULL, &rd_shared, &rd_err) != SV_OK)
        rd_shared = NULL;
}

static const sv_refdata *refdata(srv_res *rs)
{
    pthread_once(&rd_once, rd_load);
    if (!rd_shared)
        srv_error(rs, 503, "refdata_unavailable", "the reference data cannot be read: %s",
                  rd_err.msg);
    return rd_shared;
}

const sv_refdata *srv_refdata(srv_res *rs)
{
    return refdata(rs);
}

static sv_date today_utc(void)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    return (sv_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

/* An sv_err as the API's error: the status of its code, with line, column and field. */
static int fail(srv_res *rs, const sv_err *e)
{
    int status;
    const char *code;
    switch (e->code) {
    case SV_ERR_SYNTAX:
    case SV_ERR_SCHEMA:
        status = 422, code = e->code == SV_ERR_SYNTAX ? "syntax" : "schema";
        break;
    case SV_ERR_USAGE:
        status = 400, code = "bad_request";
        break;
    case SV_ERR_NOTFOUND:
        status = 404, code = "not_found";
        break;
    case SV_ERR_CONFLICT:
        status = 409, code = "conflict";
        break;
    case SV_ERR_DENIED:
        status = 403, code = "forbidden";
        break;
    case SV_ERR_LIMITED:
        status = 429, code = "limited";
        break;
    case SV_ERR_NOMEM:
        return srv_nomem(rs);
    default:
        return srv_error(rs, 503, "store_unavailable", "%s", e->msg);
    }
    if (status == 404) /* the same body for another organization's thing as for none */
        return srv_error(rs, 404, "not_found", "no such program");
    srv_error(rs, status, code, "%s", e->msg);
    json_t *o = rs->json ? json_object_get(rs->json, "error") : NULL;
    if (o) {
        json_object_set_new(o, "line", e->line ? json_integer(e->line) : json_null());
        json_object_set_new(o, "column", e->column ? json_integer(e->column) : json_null());
        json_object_set_new(o, "field", e->field[0] ? json_string(e->field) : json_null());
    }
    return status;
}

static int not_found(srv_res *rs)
{
    return srv_error(rs, 404, "not_found", "no such program");
}

/* The request's context (the store, a pool, the caller) for a member of a brand
 * organization: 0, or the status after the error, c closed (a factory organization: 404, it
 * has no programs). */
static int brand_open(srv_req *rq, srv_res *rs, srv_ctx *c)
{
    if (srv_ctx_open(rq, rs, c, SRV_CTX_POOL))
        return rs->status;
    sv_org org;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_store_org_get(c->s, c->who.org_id, c->pool, &org, &e);
    if (rc == SV_OK && org.kind == SV_ORG_BRAND)
        return 0;
    srv_ctx_close(c);
    if (rc == SV_ERR_NOMEM || (rc != SV_OK && rc != SV_ERR_NOTFOUND))
        return fail(rs, &e);
    return not_found(rs);
}

/* The {id} parameter: a positive whole number, else 404 (no such program). */
static bool param_id(srv_req *rq, int64_t *id)
{
    const char *v = srv_param(rq, "id");
    if (!v || !*v || strlen(v) > 18)
        return false;
    int64_t n = 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        n = n * 10 + (*p - '0');
    }
    *id = n;
    return n > 0;
}

/* The body as a program: parsed (NULL with a 422 naming line, column and field), its
 * readiness as of today judged for the stored verdict and score. */
static sv_program *parse_body(srv_req *rq, srv_res *rs, const sv_refdata *rd, sv_program_in *in,
                              char **text)
{
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    if (rq->body_len > SV_PROGRAM_MAX_BYTES) {
        srv_error(rs, 413, "body_too_large", "a program is at most %u bytes", SV_PROGRAM_MAX_BYTES);
        return NULL;
    }
    if (!(*text = malloc(rq->body_len + 1))) {
        srv_nomem(rs);
        return NULL;
    }
    memcpy(*text, rq->body, rq->body_len);
    (*text)[rq->body_len] = '\0';
    if (memchr(*text, '\0', rq->body_len)) {
        sv_err_at(&e, SV_ERR_SYNTAX, "program.yaml", 0, 0, NULL, "the program holds a NUL byte");
        fail(rs, &e);
        return NULL;
    }
    if (sv_program_parse(*text, rq->body_len, "program.yaml", &p, &e) != SV_OK ||
        sv_program_fx(p, rd, &e) != SV_OK) {
        sv_program_free(p);
        fail(rs, &e);
        return NULL;
    }
    sv_readiness *r = NULL;
    sv_check_options opt = {.today = today_utc()};
    *in = (sv_program_in){.name = p->name, .yaml = *text, .score = -1};
    if (sv_readiness_check(p, rd, &opt, &r, &e) == SV_OK) {
        in->verdict = sv_verdict_name(r->verdict);
        in->score = r->score;
    }
    sv_readiness_free(r);
    return p;
}

/* POST /api/programs (replace false) and PUT /api/programs/{id} (true): the body judged and
 * stored, answered with its id, name, verdict and score. */
static int store_program(srv_req *rq, srv_res *rs, bool replace)
{
    srv_ctx c;
    int64_t id = 0;
    int st = brand_open(rq, rs, &c);
    if (!st && replace && !param_id(rq, &id))
        st = not_found(rs);
    const sv_refdata *rd = st ? NULL : refdata(rs);
    char *text = NULL;
    sv_program_in in;
    sv_program *p = rd ? parse_body(rq, rs, rd, &in, &text) : NULL;
    if (p) {
        sv_err e;
        sv_err_clear(&e);
        int64_t now = (int64_t)time(NULL);
        if ((replace ? sv_store_program_replace(c.s, &c.who, id, &in, now, &e)
                     : sv_store_program_create(c.s, &c.who, &in, now, &id, &e)) != SV_OK)
            fail(rs, &e);
        else
            rs->json = json_pack("{s:I,s:s,s:s?,s:i}", "id", (json_int_t)id, "name", in.name,
                                 "verdict", in.verdict, "score", in.score);
    }
    sv_program_free(p);
    free(text);
    srv_ctx_close(&c);
    return rs->status;
}

static int post_program(srv_req *rq, srv_res *rs)
{
    return store_program(rq, rs, false);
}

static int put_program(srv_req *rq, srv_res *rs)
{
    return store_program(rq, rs, true);
}

static json_t *row_json(const sv_program_row *r)
{
    json_t *o =
        json_pack("{s:I,s:s,s:s?,s:I,s:I}", "id", (json_int_t)r->id, "name", r->name, "verdict",
                  r->verdict, "created", (json_int_t)r->created, "updated", (json_int_t)r->updated);
    if (o)
        json_object_set_new(o, "score", r->score >= 0 ? json_integer(r->score) : json_null());
    if (o && r->yaml)
        json_object_set_new(o, "yaml", json_string(r->yaml));
    return o;
}

static sv_code list_row(void *ud, const sv_program_row *r, sv_err *e)
{
    if (json_array_append_new(ud, row_json(r)) != 0)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    return SV_OK;
}

static int list_programs(srv_req *rq, srv_res *rs)
{
    srv_ctx c;
    if (brand_open(rq, rs, &c))
        return rs->status;
    json_t *arr = json_array();
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = arr ? sv_store_program_list(c.s, c.who.org_id, list_row, arr, &e) : SV_ERR_NOMEM;
    if (rc != SV_OK) {
        json_decref(arr);
        if (rc == SV_ERR_NOMEM)
            sv_err_set(&e, SV_ERR_NOMEM, "out of memory");
        fail(rs, &e);
    } else
        rs->json = json_pack("{s:o}", "programs", arr);
    srv_ctx_close(&c);
    return rs->status;
}

/* The stored program {id} of the caller's organization into row (strings in c's pool), c
 * opened: false with rs set. The caller closes c in either case (a closed one is nothing to
 * close). */
static bool find_row(srv_req *rq, srv_res *rs, srv_ctx *c, sv_program_row *row)
{
    int64_t id;
    if (brand_open(rq, rs, c))
        return false;
    if (!param_id(rq, &id))
        return not_found(rs), false;
    sv_err e;
    sv_err_clear(&e);
    if (sv_store_program_get(c->s, c->who.org_id, id, c->pool, row, &e) != SV_OK)
        return fail(rs, &e), false;
    return true;
}

/* The stored program {id}, parsed, with the reference data; NULL with rs set. The caller
 * closes c in either case. */
static sv_program *load(srv_req *rq, srv_res *rs, srv_ctx *c, const sv_refdata **rd,
                        sv_program_row *row)
{
    if (!find_row(rq, rs, c, row) || !(*rd = refdata(rs)))
        return NULL;
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    if (sv_program_parse(row->yaml, strlen(row->yaml), row->name, &p, &e) != SV_OK ||
        sv_program_fx(p, *rd, &e) != SV_OK) {
        sv_program_free(p);
        fail(rs, &e);
        return NULL;
    }
    return p;
}

static int get_program(srv_req *rq, srv_res *rs)
{
    srv_ctx c;
    sv_program_row row;
    if (find_row(rq, rs, &c, &row) && !(rs->json = row_json(&row)))
        srv_nomem(rs);
    srv_ctx_close(&c);
    return rs->status;
}

/* ?name=YYYY-MM-DD into *d (absent: left as it is); false with a 400 when it is no date. */
static bool query_date(srv_req *rq, srv_res *rs, const char *name, sv_date *d)
{
    const char *v = srv_query(rq, name);
    if (v && !sv_date_parse(v, d)) {
        srv_error(rs, 400, "bad_query", "%s is a date YYYY-MM-DD, not '%s'", name, v);
        return false;
    }
    return true;
}

/* ?origin=CC into origin (absent: ""); false with a 400 when rd has no figures for it. */
static bool query_origin(srv_req *rq, srv_res *rs, const sv_refdata *rd, char origin[3])
{
    const char *v = srv_query(rq, "origin");
    if (!v)
        return true;
    if (strlen(v) != 2 || !sv_refdata_origin(rd, v)) {
        srv_error(rs, 400, "bad_query",
                  "origin: no reference figures for the country '%s' in origins.tsv", v);
        return false;
    }
    origin[0] = (char)(v[0] & ~0x20), origin[1] = (char)(v[1] & ~0x20), origin[2] = '\0';
    return true;
}

static bool query_mode(srv_req *rq, srv_res *rs, sv_mode *mode)
{
    const char *v = srv_query(rq, "mode");
    if (!v || strcmp(v, "sea") == 0)
        return true;
    if (strcmp(v, "air") == 0) {
        *mode = SV_MODE_AIR;
        return true;
    }
    srv_error(rs, 400, "bad_query", "mode is sea or air, not '%s'", v);
    return false;
}

/* The readiness documents last made, by the program's name and text, the day and the origin:
 * the report is a function of these and the built-in reference data alone, so a request
 * for the same program on the same day answers the document already made instead of parsing
 * and judging the program again (about 3 ms for a 12-style program). The document is kept
 * written (SRV_JSON_FLAGS) and shared (srv_bytes): a hit takes a reference, sent as it is
 * (srv_res.shared), with no JSON built, copied or written again. A program's edit changes its
 * text, hence the key: nothing to invalidate. Direct-mapped, READY_SLOTS documents at most, of
 * programs up to READY_MAX_YAML bytes (a larger one is judged each time). */
enum { READY_SLOTS = 64, READY_MAX_YAML = 256 * 1024 };
typedef struct ready_slot {
    uint64_t hash;
    char *name, *yaml;
    sv_date today;
    char origin[3];
    srv_bytes *doc; /* the document written */
} ready_slot;
static pthread_mutex_t ready_mu = PTHREAD_MUTEX_INITIALIZER;
static ready_slot ready_cache[READY_SLOTS];

static uint64_t ready_hash(const sv_program_row *row, const sv_check_options *opt)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (const char *t = row->name ? row->name : ""; *t; t++)
        h = (h ^ (unsigned char)*t) * 1099511628211u;
    h = (h ^ 0xff) * 1099511628211u;
    for (const char *t = row->yaml; *t; t++)
        h = (h ^ (unsigned char)*t) * 1099511628211u;
    int d[] = {opt->today.year, opt->today.month, opt->today.day, opt->origin[0], opt->origin[1]};
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        h = (h ^ (uint64_t)(unsigned)d[i]) * 1099511628211u;
    return h;
}

static bool ready_same(const ready_slot *c, uint64_t h, const sv_program_row *row,
                       const sv_check_options *opt)
{
    return c->doc && c->hash == h && c->today.year == opt->today.year &&
           c->today.month == opt->today.month && c->today.day == opt->today.day &&
           strcmp(c->origin, opt->origin) == 0 &&
           strcmp(c->name, row->name ? row->name : "") == 0 && strcmp(c->yaml, row->yaml) == 0;
}

/* A reference to the kept document's bytes; NULL when none. */
static srv_bytes *ready_get(uint64_t h, const sv_program_row *row, const sv_check_options *opt)
{
    srv_bytes *doc = NULL;
    pthread_mutex_lock(&ready_mu);
    const ready_slot *c = &ready_cache[h % READY_SLOTS];
    if (ready_same(c, h, row, opt))
        doc = srv_bytes_ref(c->doc);
    pthread_mutex_unlock(&ready_mu);
    return doc;
}

/* The document written and kept; a reference to its bytes, NULL when out of memory. */
static srv_bytes *ready_put(uint64_t h, const sv_program_row *row, const sv_check_options *opt,
                            const json_t *doc)
{
    ready_slot n = {.hash = h, .today = opt->today};
    memcpy(n.origin, opt->origin, sizeof n.origin);
    char *text = json_dumps(doc, SRV_JSON_FLAGS);
    if (!text || !(n.name = strdup(row->name ? row->name : "")) || !(n.yaml = strdup(row->yaml)) ||
        !(n.doc = srv_bytes_new(text, strlen(text)))) {
        free(text), free(n.name), free(n.yaml);
        return NULL;
    }
    free(text);
    srv_bytes *mine = srv_bytes_ref(n.doc);
    pthread_mutex_lock(&ready_mu);
    ready_slot old = ready_cache[h % READY_SLOTS];
    ready_cache[h % READY_SLOTS] = n;
    pthread_mutex_unlock(&ready_mu);
    free(old.name), free(old.yaml), srv_bytes_unref(old.doc);
    return mine;
}

/* The documents last answered by each worker (its own, FAST_SLOTS of them: no lock, no
 * worker waits for another), by the organization, the program, the day and the origin
 * asked: a hit reads no row, asks nothing of the organization, hashes no text. One is kept
 * while no request that may write has finished in this process since it was read
 * (srv_writes: a program replaced, a member removed, anything posted, put or deleted is seen
 * by the next request) and while the store is unchanged as the worker's connection sees it
 * (sv_store_mark_get: that connection, and no commit by any; a mark taken before the row was
 * read), which is asked again when the last answer is FAST_RECHECK_MS old: another process's
 * write to the store is seen within that. Who may read is the auth hook's, before this (a
 * revoked token never gets here). */
enum { FAST_SLOTS = 16, FAST_RECHECK_MS = 1000 };
typedef struct fast_key {
    int64_t org, id;
    sv_date today;
    char origin[3]; /* as asked ("" for none) */
} fast_key;
typedef struct fast_slot {
    fast_key k;
    uint64_t writes;
    sv_store_mark mark;
    int64_t checked; /* ms (CLOCK_MONOTONIC) the mark was last found the store's */
    srv_bytes *doc;
} fast_slot;
typedef struct fast_cache {
    struct fast_cache *next;
    fast_slot slot[FAST_SLOTS];
} fast_cache;
static _Thread_local fast_cache *tls_fast;
static pthread_mutex_t fast_mu = PTHREAD_MUTEX_INITIALIZER;
static fast_cache *fast_all; /* every worker's, kept for the process's life */

/* The worker's slot for k; NULL when out of memory. */
static fast_slot *fast_slot_of(const fast_key *k)
{
    if (!tls_fast) {
        if (!(tls_fast = calloc(1, sizeof *tls_fast)))
            return NULL;
        pthread_mutex_lock(&fast_mu);
        tls_fast->next = fast_all;
        fast_all = tls_fast;
        pthread_mutex_unlock(&fast_mu);
    }
    uint64_t h = 1469598103934665603u;
    int64_t v[] = {k->org, k->id, k->today.year * 512 + k->today.month * 32 + k->today.day,
                   (unsigned char)k->origin[0] << 8 | (unsigned char)k->origin[1]};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        h = (h ^ (uint64_t)v[i]) * 1099511628211u;
    return &tls_fast->slot[(h >> 17) % FAST_SLOTS];
}

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The request's key: false when it has none (what the slow path refuses, or answers anyway). */
static bool fast_key_of(srv_req *rq, fast_key *k)
{
    const char *t = srv_query(rq, "today"), *o = srv_query(rq, "origin");
    *k = (fast_key){.org = rq->who.org};
    if (!param_id(rq, &k->id) || (o && strlen(o) != 2))
        return false;
    if (o)
        memcpy(k->origin, o, 3);
    if (!t)
        k->today = today_utc();
    return !t || sv_date_parse(t, &k->today);
}

static bool fast_same(const fast_key *a, const fast_key *b)
{
    return a->org == b->org && a->id == b->id && a->today.year == b->today.year &&
           a->today.month == b->today.month && a->today.day == b->today.day &&
           strcmp(a->origin, b->origin) == 0;
}

static bool mark_same(const sv_store_mark *a, const sv_store_mark *b)
{
    return a->store == b->store && a->data_version == b->data_version && a->changes == b->changes;
}

/* The kept document for k, a reference; NULL when none holds. */
static srv_bytes *fast_get(sv_store *s, const fast_key *k, uint64_t writes)
{
    fast_slot *c = fast_slot_of(k);
    if (!c || !c->doc || c->writes != writes || !fast_same(&c->k, k))
        return NULL;
    int64_t now = now_ms();
    if (now - c->checked >= FAST_RECHECK_MS) { /* the store asked again */
        sv_store_mark m;
        if (!sv_store_mark_get(s, &m) || !mark_same(&m, &c->mark))
            return NULL;
        c->checked = now;
    }
    return srv_bytes_ref(c->doc);
}

static void fast_put(const fast_key *k, uint64_t writes, const sv_store_mark *m, int64_t at,
                     srv_bytes *doc)
{
    fast_slot *c = fast_slot_of(k);
    if (!c)
        return;
    srv_bytes_unref(c->doc);
    *c = (fast_slot){
        .k = *k, .writes = writes, .mark = *m, .checked = at, .doc = srv_bytes_ref(doc)};
}

static int get_readiness(srv_req *rq, srv_res *rs)
{
    const char *msg = NULL;
    sv_store *s = rq->store(&msg);
    fast_key k;
    uint64_t writes = srv_writes(); /* this and the mark taken before anything is read */
    bool keyed = s && fast_key_of(rq, &k);
    if (keyed && (rs->shared = fast_get(s, &k, writes)))
        return rs->status;
    sv_store_mark mark;
    int64_t marked_at = now_ms();
    keyed = keyed && sv_store_mark_get(s, &mark);
    srv_ctx c;
    sv_program_row row;
    const sv_refdata *rd = NULL;
    sv_program *p = NULL;
    sv_check_options opt = {.today = today_utc()};
    if (!find_row(rq, rs, &c, &row) || !(rd = refdata(rs)) ||
        !query_date(rq, rs, "today", &opt.today) || !query_origin(rq, rs, rd, opt.origin))
        goto out;
    bool cacheable = strlen(row.yaml) <= READY_MAX_YAML;
    uint64_t h = cacheable ? ready_hash(&row, &opt) : 0;
    if (cacheable && (rs->shared = ready_get(h, &row, &opt))) {
        if (keyed)
            fast_put(&k, writes, &mark, marked_at, rs->shared);
        goto out;
    }
    sv_err e;
    sv_err_clear(&e);
    if (sv_program_parse(row.yaml, strlen(row.yaml), row.name, &p, &e) != SV_OK ||
        sv_program_fx(p, rd, &e) != SV_OK) {
        fail(rs, &e);
        goto out;
    }
    sv_readiness *r = NULL;
    if (sv_readiness_check(p, rd, &opt, &r, &e) != SV_OK)
        fail(rs, &e);
    else if (!(rs->json = sv_json_readiness(p, r)))
        srv_nomem(rs);
    else if (cacheable && (rs->shared = ready_put(h, &row, &opt, rs->json))) {
        json_decref(rs->json); /* the same bytes, written once */
        rs->json = NULL;
        if (keyed)
            fast_put(&k, writes, &mark, marked_at, rs->shared);
    }
    sv_readiness_free(r);
out:
    sv_program_free(p);
    srv_ctx_close(&c);
    return rs->status;
}

/* A program's report or export, as the command line makes it: the stored program parsed
 * with the reference data, the request's options read (those of `opts`), then `make` builds
 * the answer. One path for every report and download but the readiness document (its own
 * handler keeps a cache). */
enum { Q_TODAY = 1, Q_ORIGIN = 2, Q_MODE = 4 };
typedef struct report_opts {
    sv_date today;
    char origin[3];
    sv_mode mode;
} report_opts;
typedef int (*report_fn)(srv_req *rq, srv_res *rs, const sv_program *p, const sv_refdata *rd,
                         const report_opts *o, int fmt);

static int report(srv_req *rq, srv_res *rs, unsigned opts, report_fn make, int fmt)
{
    srv_ctx c;
    sv_program_row row;
    const sv_refdata *rd = NULL;
    sv_program *p = load(rq, rs, &c, &rd, &row);
    report_opts o = {.today = today_utc(), .mode = SV_MODE_SEA};
    if (p && (!(opts & Q_TODAY) || query_date(rq, rs, "today", &o.today)) &&
        (!(opts & Q_ORIGIN) || query_origin(rq, rs, rd, o.origin)) &&
        (!(opts & Q_MODE) || query_mode(rq, rs, &o.mode)))
        make(rq, rs, p, rd, &o, fmt);
    sv_program_free(p);
    srv_ctx_close(&c);
    return rs->status;
}

/* A report's handler: its program's report made by make in the format fmt, with the request's
 * options among opts (Q_*). */
#define REPORT(handler, opts, make, fmt)                                                           \
    static int handler(srv_req *rq, srv_res *rs)                                                   \
    {                                                                                              \
        return report(rq, rs, opts, make, fmt);                                                    \
    }
enum { Q_ALL = Q_TODAY | Q_ORIGIN | Q_MODE };

/* A download: the bytes (from malloc, n) answered as they are, of this type, as an
 * attachment named after the program ("<name>-<what>"), the name made safe for a header and a
 * file system: ASCII letters, digits, '-' and '_' (any other run of characters one '-'). */
static int download(srv_res *rs, char *bytes, size_t n, const char *type, const sv_program *p,
                    const char *what)
{
    char name[96];
    size_t k = 0;
    for (const char *c = p->name ? p->name : ""; *c && k < 64; c++) {
        bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                  (*c >= '0' && *c <= '9') || *c == '-' || *c == '_';
        if (ok)
            name[k++] = *c;
        else if (k && name[k - 1] != '-')
            name[k++] = '-';
    }
    while (k && name[k - 1] == '-')
        k--;
    name[k] = '\0';
    json_decref(rs->json);
    rs->json = NULL;
    free(rs->raw);
    rs->raw = bytes, rs->raw_len = n;
    rs->type = type;
    snprintf(rs->disposition, sizeof rs->disposition, "attachment; filename=\"%s-%s\"",
             k ? name : "program", what);
    return rs->status;
}

/* What a writer wrote to fp (open_memstream(buf, n)), as a download; rc is the writer's.
 * *buf and *n are what fclose leaves there. */
static int stream_done(srv_res *rs, FILE *fp, char **buf, size_t *n, sv_code rc, sv_err *e,
                       const char *type, const sv_program *p, const char *what)
{
    if (fclose(fp) != 0 && rc == SV_OK)
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    if (rc != SV_OK) {
        free(*buf);
        return fail(rs, e);
    }
    return download(rs, *buf, *n, type, p, what);
}

/* A workbook written by file name (libxlsxwriter) into a temporary file, read back and
 * removed. */
typedef sv_code (*xlsx_fn)(const char *path, const sv_program *p, const void *a, sv_err *e);
static int xlsx_download(srv_res *rs, const sv_program *p, const char *what, xlsx_fn write,
                         const void *a)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/selvedge-XXXXXX.xlsx", dir && *dir ? dir : "/tmp");
    int fd = mkstemps(path, 5);
    if (fd < 0)
        return srv_error(rs, 503, "no_temporary_file", "the server cannot write a workbook");
    close(fd);
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = write(path, p, a, &e);
    char *buf = NULL;
    size_t n = 0;
    FILE *fp = rc == SV_OK ? fopen(path, "rb") : NULL;
    if (fp) {
        long len = fseek(fp, 0, SEEK_END) == 0 ? ftell(fp) : -1;
        if (len >= 0 && fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc(len ? (size_t)len : 1)) &&
            fread(buf, 1, (size_t)len, fp) == (size_t)len)
            n = (size_t)len;
        else
            free(buf), buf = NULL;
        fclose(fp);
    }
    unlink(path);
    if (rc != SV_OK)
        return fail(rs, &e);
    if (!buf)
        return srv_error(rs, 503, "out_of_memory", "the server cannot read the workbook back");
    return download(rs, buf, n, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    p, what);
}

static int no_styles(srv_res *rs, const char *what)
{
    return srv_error(rs, 422, "schema", "the program has no styles: there is nothing to %s", what);
}

/* ---- cost ---- */

enum { COST_JSON, COST_SVG, COST_XLSX }; /* make_cost's formats */
static sv_code write_cost_xlsx(const char *path, const sv_program *p, const void *r, sv_err *e)
{
    return sv_cost_write_xlsx(path, p, r, e);
}

static int make_cost(srv_req *rq, srv_res *rs, const sv_program *p, const sv_refdata *rd,
                     const report_opts *o, int f)
{
    sv_cost_options opt = {.mode = o->mode, .today = o->today};
    memcpy(opt.origin, o->origin, sizeof opt.origin);
    sv_cost_report *r = NULL;
    sv_err e;
    sv_err_clear(&e);
    if (sv_cost_run(p, rd, &opt, &r, &e) != SV_OK)
        fail(rs, &e);
    else if (f == COST_JSON) {
        if (!(rs->json = sv_json_cost(p, r)))
            srv_nomem(rs);
    } else if (p->n_styles == 0)
        no_styles(rs, "chart");
    else if (f == COST_XLSX)
        xlsx_download(rs, p, "cost.xlsx", write_cost_xlsx, r);
    else {
        char *buf = NULL;
        size_t n = 0;
        FILE *fp = open_memstream(&buf, &n);
        if (!fp)
            srv_nomem(rs);
        else {
            sv_code rc = sv_chart_svg_cost(fp, p, r, &e);
            sv_chart_release(); /* this thread's font map: made again by the next chart */
            stream_done(rs, fp, &buf, &n, rc, &e, "image/svg+xml", p, "cost.svg");
        }
    }
    sv_cost_report_free(r);
    return rs->status;
}

REPORT(get_cost, Q_ALL, make_cost, COST_JSON)
REPORT(get_cost_svg, Q_ALL, make_cost, COST_SVG)
REPORT(get_cost_xlsx, Q_ALL, make_cost, COST_XLSX)

/* ---- the calendar ---- */

enum { PLAN_JSON, PLAN_ICS, PLAN_CSV, PLAN_SVG, PLAN_XLSX }; /* make_plan's formats */
static sv_code write_plan_xlsx(const char *path, const sv_program *p, const void *pl, sv_err *e)
{
    return sv_plan_write_xlsx(path, p, pl, e);
}

static int make_plan(srv_req *rq, srv_res *rs, const sv_program *p, const sv_refdata *rd,
                     const report_opts *o, int f)
{
    sv_plan_options opt = {.mode = o->mode, .today = o->today};
    memcpy(opt.origin, o->origin, sizeof opt.origin);
    sv_plan *pl = NULL;
    sv_err e;
    sv_err_clear(&e);
    const char *summary = f == PLAN_SVG ? srv_query(rq, "summary") : NULL;
    if (summary && strcmp(summary, "0") != 0 && strcmp(summary, "1") != 0) {
        srv_error(rs, 400, "bad_query", "summary is 0 or 1, not '%s'", summary);
        return rs->status;
    }
    if (sv_plan_build(p, rd, &opt, &pl, &e) != SV_OK)
        fail(rs, &e);
    else if (p->n_styles == 0)
        no_styles(rs, "plan");
    else if (f == PLAN_JSON) {
        if (!(rs->json = sv_json_plan(p, pl, rd)))
            srv_nomem(rs);
    } else if (f == PLAN_XLSX)
        xlsx_download(rs, p, "plan.xlsx", write_plan_xlsx, pl);
    else {
        char *buf = NULL;
        size_t n = 0;
        FILE *fp = open_memstream(&buf, &n);
        sv_code rc;
        if (!fp)
            srv_nomem(rs);
        else if (f == PLAN_ICS) {
            rc = sv_plan_write_ics(fp, p, pl, &e);
            stream_done(rs, fp, &buf, &n, rc, &e, "text/calendar; charset=utf-8", p, "plan.ics");
        } else if (f == PLAN_CSV) {
            rc = sv_plan_write_csv(fp, p, pl, &e);
            stream_done(rs, fp, &buf, &n, rc, &e, "text/csv; charset=utf-8", p, "plan.csv");
        } else {
            bool sum = summary && strcmp(summary, "1") == 0;
            rc =
                sum ? sv_chart_svg_gantt_summary(fp, p, pl, &e) : sv_chart_svg_gantt(fp, p, pl, &e);
            sv_chart_release(); /* this thread's font map: made again by the next chart */
            stream_done(rs, fp, &buf, &n, rc, &e, "image/svg+xml", p,
                        sum ? "plan-summary.svg" : "plan.svg");
        }
    }
    sv_plan_free(pl);
    return rs->status;
}

REPORT(get_plan, Q_ALL, make_plan, PLAN_JSON)
REPORT(get_plan_ics, Q_ALL, make_plan, PLAN_ICS)
REPORT(get_plan_csv, Q_ALL, make_plan, PLAN_CSV)
REPORT(get_plan_svg, Q_ALL, make_plan, PLAN_SVG)
REPORT(get_plan_xlsx, Q_ALL, make_plan, PLAN_XLSX)

/* ---- the brief ---- */

/* The brief as `selvedge brief` writes it: the readiness check first; a program with
 * blockers is 409 "blockers" with them listed (as the readiness document lists findings),
 * unless ?force=1. */
static int brief_pdf(srv_req *rq, srv_res *rs, const sv_program *p, const sv_refdata *rd,
                     const report_opts *o, int fmt)
{
    const char *force = srv_query(rq, "force"), *paper = srv_query(rq, "paper");
    sv_brief_options bo = {.paper = SV_PAPER_A4, .today = o->today};
    if (force && strcmp(force, "0") != 0 && strcmp(force, "1") != 0)
        return srv_error(rs, 400, "bad_query", "force is 0 or 1, not '%s'", force);
    if (paper) {
        int pp = sv_paper_parse(paper);
        if (pp < 0)
            return srv_error(rs, 400, "bad_query", "paper is a4 or letter, not '%s'", paper);
        bo.paper = (sv_paper)pp;
    }
    sv_readiness *r = NULL;
    sv_plan *pl = NULL;
    sv_cost_report *cr = NULL;
    sv_err e;
    sv_err_clear(&e);
    sv_check_options co = {.today = o->today};
    if (sv_readiness_check(p, rd, &co, &r, &e) != SV_OK) {
        fail(rs, &e);
        goto out;
    }
    int blockers = r->counts[SV_SEV_BLOCKER];
    if (blockers && !(force && strcmp(force, "1") == 0)) {
        srv_error(rs, 409, "blockers",
                  "%d blocker%s a factory should not receive: fix %s, or ask with force=1 to "
                  "have the brief anyway",
                  blockers, blockers == 1 ? "" : "s", blockers == 1 ? "it" : "them");
        json_t *doc = sv_json_readiness(p, r), *list = json_array();
        json_t *all = doc ? json_object_get(doc, "findings") : NULL;
        size_t i;
        json_t *f;
        json_array_foreach(all, i, f)
        {
            const char *sev = json_string_value(json_object_get(f, "severity"));
            if (sev && strcmp(sev, "blocker") == 0)
                json_array_append(list, f);
        }
        json_object_set_new(json_object_get(rs->json, "error"), "blockers", list);
        json_decref(doc);
        goto out;
    }
    /* the calendar and the cost report as the command line makes them: a program the planner
     * or the costing refuses has a brief without them rather than no brief */
    sv_plan_options po = {.today = o->today, .mode = SV_MODE_SEA};
    if (p->n_styles && sv_plan_build(p, rd, &po, &pl, &e) != SV_OK)
        pl = NULL, sv_err_clear(&e);
    sv_cost_options cpo = {.today = o->today};
    if (p->n_styles && sv_cost_run(p, rd, &cpo, &cr, &e) != SV_OK)
        cr = NULL, sv_err_clear(&e);
    bo.plan = pl, bo.cost = cr;
    char *buf = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&buf, &n);
    if (!fp)
        srv_nomem(rs);
    else {
        sv_code rc = sv_brief_write_pdf(fp, p, &bo, &e);
        sv_chart_release(); /* this thread's font map: made again by the next page */
        stream_done(rs, fp, &buf, &n, rc, &e, "application/pdf", p, "brief.pdf");
    }
out:
    sv_cost_report_free(cr);
    sv_plan_free(pl);
    sv_readiness_free(r);
    return rs->status;
}

REPORT(get_brief_pdf, Q_TODAY, brief_pdf, 0)

/* The matcher's factory table: loaded once and shared read-only by the workers while the
 * registry stays as it was; a new one is loaded (by the first request that sees the change;
 * the others wait for it) when the server's own import changed the registry
 * (srv_registry_changed) or the number of live factories differs (an import or a merge from
 * the command line). A table is freed when the last request using it is done. */
typedef struct shared_table {
    sv_factory_table *t;
    int refs;      /* the requests using it, plus one while it is the current */
    int64_t count; /* live factories when it was loaded */
    unsigned gen;  /* registry_gen when it was loaded */
} shared_table;

static pthread_mutex_t table_mu = PTHREAD_MUTEX_INITIALIZER;
static shared_table *table_cur;
static unsigned registry_gen; /* under table_mu */

void srv_registry_changed(void)
{
    pthread_mutex_lock(&table_mu);
    registry_gen++;
    pthread_mutex_unlock(&table_mu);
}

static void table_drop(shared_table *x)
{
    if (x && --x->refs == 0) {
        sv_factory_table_free(x->t);
        free(x);
    }
}

static shared_table *table_get(sv_store *s, sv_err *e)
{
    int64_t count = 0;
    if (sv_store_factory_count(s, &count, e) != SV_OK)
        return NULL;
    pthread_mutex_lock(&table_mu);
    shared_table *x = table_cur;
    if (!x || x->count != count || x->gen != registry_gen) {
        shared_table *n = calloc(1, sizeof *n);
        if (!n) {
            sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            x = NULL;
        } else if (sv_store_factory_table(s, &n->t, e) != SV_OK) {
            free(n);
            x = NULL;
        } else {
            *n = (shared_table){.t = n->t, .refs = 1, .count = count, .gen = registry_gen};
            table_drop(table_cur);
            x = table_cur = n;
        }
    }
    if (x)
        x->refs++;
    pthread_mutex_unlock(&table_mu);
    return x;
}

static void table_put(shared_table *x)
{
    pthread_mutex_lock(&table_mu);
    table_drop(x);
    pthread_mutex_unlock(&table_mu);
}

/* A match over a large registry (MATCH_SPLIT factories or more) splits its rows over two
 * threads, the request's and one more, while a helper is free: at most half the cores' worth
 * (1 to 16) of such extra threads run at once in the process, so 64 matches at once make 64
 * plus that many, never 128; a match finding none free runs on its own thread, as before.
 * The result is the same for any count of threads (sv_match_options.threads). */
enum { MATCH_SPLIT = 50000 };
static atomic_int match_helpers = -1; /* free extra threads; -1: not yet counted */

static bool helper_take(void)
{
    int n = atomic_load(&match_helpers);
    if (n < 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        int want = c >= 4 ? (int)(c / 2 > 16 ? 16 : c / 2) : 1;
        atomic_compare_exchange_strong(&match_helpers, &n, want);
        n = atomic_load(&match_helpers);
    }
    while (n > 0)
        if (atomic_compare_exchange_weak(&match_helpers, &n, n - 1))
            return true;
    return false;
}

static void helper_give(void)
{
    atomic_fetch_add(&match_helpers, 1);
}

/* sv_match_run over t, on two threads when t is large and a helper is free. */
static sv_code match_run(const sv_program *p, const sv_refdata *rd, const shared_table *t,
                         sv_match_options *opt, sv_match_result **r, sv_err *e)
{
    bool helper = t->count >= MATCH_SPLIT && helper_take();
    opt->threads = helper ? 2 : 1;
    sv_code rc = sv_match_run(p, rd, t->t, opt, r, e);
    if (helper)
        helper_give();
    return rc;
}

/* The stored profile of a reported factory, for sv_json_match (ud: the store and a pool). */
typedef struct names {
    sv_store *s;
    sv_pool *pool;
} names;

static const sv_factory *profile_of(void *ud, int64_t id, sv_factory *f)
{
    names *n = ud;
    sv_err e;
    return sv_store_factory_get(n->s, id, n->pool, f, &e) == SV_OK ? f : NULL;
}

static int get_matches(srv_req *rq, srv_res *rs)
{
    srv_ctx c;
    sv_program_row row;
    const sv_refdata *rd = NULL;
    sv_program *p = load(rq, rs, &c, &rd, &row);
    sv_match_options opt = {.top = 5, .near = 5, .today = today_utc(), .threads = 1};
    const char *top = srv_query(rq, "top");
    if (p && top) {
        int n = 0;
        for (const char *d = top; n <= 1000 && *d >= '0' && *d <= '9'; d++)
            n = n * 10 + (*d - '0');
        if (n < 1 || n > 1000 || strspn(top, "0123456789") != strlen(top)) {
            srv_error(rs, 400, "bad_query", "top is a number from 1 to 1000, not '%s'", top);
            goto out;
        }
        opt.top = opt.near = n;
    }
    if (p && query_date(rq, rs, "today", &opt.today)) {
        sv_store *s = c.s;
        sv_err e;
        sv_err_clear(&e);
        int64_t *fid = NULL;
        sv_match_result *r = NULL;
        shared_table *t = NULL;
        if (sv_store_style_factories(s, p, &fid, &e) != SV_OK || !(t = table_get(s, &e)))
            fail(rs, &e);
        else if ((opt.style_factory = fid, match_run(p, rd, t, &opt, &r, &e)) != SV_OK)
            fail(rs, &e);
        else if (!(rs->json = sv_json_match(p, r, fid, profile_of, &(names){s, c.pool})))
            srv_nomem(rs);
        sv_match_result_free(r);
        if (t)
            table_put(t);
        free(fid);
    }
out:
    sv_program_free(p);
    srv_ctx_close(&c);
    return rs->status;
}

#define YAML_SCHEMA "{\"type\":\"string\",\"description\":\"the program file (YAML)\"}"
#define CREATED_SCHEMA                                                                             \
    "{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"integer\"},"    \
    "\"name\":{\"type\":\"string\"},\"verdict\":{\"type\":\"string\",\"nullable\":true},"          \
    "\"score\":{\"type\":\"integer\"}}}"
#define ROW_PROPS                                                                                  \
    "\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},\"verdict\":{\"type\":"          \
    "\"string\",\"nullable\":true},\"score\":{\"type\":\"integer\",\"nullable\":true},"            \
    "\"created\":{\"type\":\"integer\"},\"updated\":{\"type\":\"integer\"}"
#define BINARY_SCHEMA "{\"type\":\"string\",\"format\":\"binary\"}"
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define REPORT_SCHEMA(what)                                                                        \
    "{\"type\":\"object\",\"description\":\"the JSON of `selvedge " what " --json`\"}"

/* GET /api/programs/{id}<path>: a report or an export of the caller's program; type the
 * answer's media type (NULL: JSON). */
#define PROGRAM_GET(path, handler, what, schema, type)                                             \
    {                                                                                              \
        .method = "GET", .pattern = "/api/programs/{id}" path, .fn = handler,                      \
        .flags = SRV_SESSION, .summary = what, .response_schema = schema, .produces = type         \
    }

static const srv_route routes[] = {
    {.method = "POST",
     .pattern = "/api/programs",
     .fn = post_program,
     .flags = SRV_SESSION | SRV_WRITES,
     .body = SRV_BODY_YAML,
     .status = 201,
     .summary = "Upload a program (YAML): stored with its readiness verdict and score; 422 "
                "naming line, column and field when it does not read",
     .request_schema = YAML_SCHEMA,
     .response_schema = CREATED_SCHEMA},
    {.method = "GET",
     .pattern = "/api/programs",
     .fn = list_programs,
     .flags = SRV_SESSION,
     .summary = "The organization's programs: id, name, verdict, score, updated",
     .response_schema = "{\"type\":\"object\",\"properties\":{\"programs\":{\"type\":\"array\","
                        "\"items\":{\"type\":\"object\",\"properties\":{" ROW_PROPS "}}}}}"},
    {.method = "GET",
     .pattern = "/api/programs/{id}",
     .fn = get_program,
     .flags = SRV_SESSION,
     .summary = "One program: its row and its YAML",
     .response_schema =
         "{\"type\":\"object\",\"properties\":{" ROW_PROPS ",\"yaml\":{\"type\":\"string\"}}}"},
    {.method = "PUT",
     .pattern = "/api/programs/{id}",
     .fn = put_program,
     .flags = SRV_SESSION | SRV_WRITES,
     .body = SRV_BODY_YAML,
     .summary = "Replace a program's YAML (its verdict and score judged again)",
     .request_schema = YAML_SCHEMA,
     .response_schema = CREATED_SCHEMA},
    PROGRAM_GET("/readiness", get_readiness,
                "The readiness report (?today=YYYY-MM-DD, ?origin=CC), as check --json",
                REPORT_SCHEMA("check"), NULL),
    PROGRAM_GET("/cost", get_cost,
                "The cost report (?origin=CC, ?mode=sea|air, ?today=YYYY-MM-DD), as cost --json",
                REPORT_SCHEMA("cost"), NULL),
    PROGRAM_GET("/plan", get_plan,
                "The calendar (?today=YYYY-MM-DD, ?origin=CC, ?mode=sea|air), as plan --json",
                REPORT_SCHEMA("plan"), NULL),
    PROGRAM_GET("/cost.xlsx", get_cost_xlsx,
                "The cost sheet as a workbook (sheets Cost and Small runs; the cost report's "
                "options)",
                BINARY_SCHEMA, XLSX_TYPE),
    PROGRAM_GET("/cost.svg", get_cost_svg,
                "The cost charts (breakdown and small-run curves), as cost --chart svg (the "
                "cost report's options)",
                BINARY_SCHEMA, "image/svg+xml"),
    PROGRAM_GET("/plan.ics", get_plan_ics,
                "The calendar as iCalendar, an all-day event a milestone, as plan --format ics "
                "(the calendar's options)",
                BINARY_SCHEMA, "text/calendar"),
    PROGRAM_GET("/plan.csv", get_plan_csv,
                "The calendar as CSV, a row a milestone, as plan --format csv", BINARY_SCHEMA,
                "text/csv"),
    PROGRAM_GET("/plan.xlsx", get_plan_xlsx,
                "The calendar as a workbook (weeks shaded, the critical path marked), as plan "
                "--format xlsx",
                BINARY_SCHEMA, XLSX_TYPE),
    PROGRAM_GET("/plan.svg", get_plan_svg,
                "The Gantt chart, as plan --format svg (?summary=1: a row a style, as "
                "--summary)",
                BINARY_SCHEMA, "image/svg+xml"),
    PROGRAM_GET("/brief.pdf", get_brief_pdf,
                "The brief a factory reads, as brief -o OUT.pdf (?paper=a4|letter, "
                "?today=YYYY-MM-DD); a program with blockers is 409 listing them, unless "
                "?force=1",
                BINARY_SCHEMA, "application/pdf"),
    PROGRAM_GET("/matches", get_matches,
                "The factories of the registry that fit the program (?top=N, "
                "?today=YYYY-MM-DD), as match --json",
                REPORT_SCHEMA("match"), NULL),
};
const srv_routes srv_programs_routes = {routes, sizeof routes / sizeof routes[0]};
