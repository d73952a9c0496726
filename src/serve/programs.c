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
#include "serve.h"

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
        return srv_error(rs, 503, "out_of_memory", "the server is out of memory");
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

/* The worker's store and the caller, a member of a brand organization; NULL with rs set
 * (a factory organization: 404, it has no programs). */
static sv_store *brand_store(srv_req *rq, srv_res *rs, sv_principal *who)
{
    const char *msg = NULL;
    sv_store *s = rq->store(&msg);
    if (!s) {
        srv_error(rs, 503, "store_unavailable", "the store cannot be read: %s",
                  msg ? msg : "unknown");
        return NULL;
    }
    *who = (sv_principal){
        .account_id = rq->who.account, .org_id = rq->who.org, .role = sv_role_parse(rq->who.role)};
    sv_pool *pool = sv_pool_create();
    sv_org org;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = pool ? sv_store_org_get(s, who->org_id, pool, &org, &e) : SV_ERR_NOMEM;
    bool brand = rc == SV_OK && org.kind == SV_ORG_BRAND;
    sv_pool_free(pool);
    if (rc == SV_ERR_NOMEM || (rc != SV_OK && rc != SV_ERR_NOTFOUND)) {
        fail(rs, &e);
        return NULL;
    }
    if (!brand) {
        not_found(rs);
        return NULL;
    }
    return s;
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
        srv_error(rs, 503, "out_of_memory", "the server is out of memory");
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

static int post_program(srv_req *rq, srv_res *rs)
{
    sv_principal who;
    sv_store *s = brand_store(rq, rs, &who);
    const sv_refdata *rd = s ? refdata(rs) : NULL;
    if (!rd)
        return rs->status;
    char *text = NULL;
    sv_program_in in;
    sv_program *p = parse_body(rq, rs, rd, &in, &text);
    if (p) {
        int64_t id = 0;
        sv_err e;
        sv_err_clear(&e);
        if (sv_store_program_create(s, &who, &in, (int64_t)time(NULL), &id, &e) != SV_OK)
            fail(rs, &e);
        else
            rs->json = json_pack("{s:I,s:s,s:s?,s:i}", "id", (json_int_t)id, "name", in.name,
                                 "verdict", in.verdict, "score", in.score);
    }
    sv_program_free(p);
    free(text);
    return rs->status;
}

static int put_program(srv_req *rq, srv_res *rs)
{
    sv_principal who;
    int64_t id;
    sv_store *s = brand_store(rq, rs, &who);
    if (!s)
        return rs->status;
    if (!param_id(rq, &id))
        return not_found(rs);
    const sv_refdata *rd = refdata(rs);
    if (!rd)
        return rs->status;
    char *text = NULL;
    sv_program_in in;
    sv_program *p = parse_body(rq, rs, rd, &in, &text);
    if (p) {
        sv_err e;
        sv_err_clear(&e);
        if (sv_store_program_replace(s, &who, id, &in, (int64_t)time(NULL), &e) != SV_OK)
            fail(rs, &e);
        else
            rs->json = json_pack("{s:I,s:s,s:s?,s:i}", "id", (json_int_t)id, "name", in.name,
                                 "verdict", in.verdict, "score", in.score);
    }
    sv_program_free(p);
    free(text);
    return rs->status;
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
    sv_principal who;
    sv_store *s = brand_store(rq, rs, &who);
    if (!s)
        return rs->status;
    json_t *arr = json_array();
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = arr ? sv_store_program_list(s, who.org_id, list_row, arr, &e) : SV_ERR_NOMEM;
    if (rc != SV_OK) {
        json_decref(arr);
        if (rc == SV_ERR_NOMEM)
            sv_err_set(&e, SV_ERR_NOMEM, "out of memory");
        return fail(rs, &e);
    }
    rs->json = json_pack("{s:o}", "programs", arr);
    return rs->status;
}

/* The stored program {id} of the caller's organization into row (strings in *pool); false
 * with rs set. */
static bool find_row(srv_req *rq, srv_res *rs, sv_pool **pool, sv_program_row *row)
{
    sv_principal who;
    int64_t id;
    sv_store *s = brand_store(rq, rs, &who);
    if (!s)
        return false;
    if (!param_id(rq, &id))
        return not_found(rs), false;
    sv_err e;
    sv_err_clear(&e);
    if (!(*pool = sv_pool_create()))
        return srv_error(rs, 503, "out_of_memory", "the server is out of memory"), false;
    if (sv_store_program_get(s, who.org_id, id, *pool, row, &e) != SV_OK)
        return fail(rs, &e), false;
    return true;
}

/* The stored program {id}, parsed, with the reference data; NULL with rs set. */
static sv_program *load(srv_req *rq, srv_res *rs, const sv_refdata **rd, sv_pool **pool,
                        sv_program_row *row)
{
    if (!find_row(rq, rs, pool, row) || !(*rd = refdata(rs)))
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
    sv_pool *pool = NULL;
    sv_program_row row;
    if (find_row(rq, rs, &pool, &row) && !(rs->json = row_json(&row)))
        srv_error(rs, 503, "out_of_memory", "the server is out of memory");
    sv_pool_free(pool);
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
 * written (SRV_JSON_FLAGS): a hit is a copy of its bytes, sent as they are (srv_res.raw),
 * with no JSON built, copied or written again. A program's edit changes its text, hence the key: nothing to
 * invalidate. Direct-mapped, READY_SLOTS documents at most, of programs up to READY_MAX_YAML
 * bytes (a larger one is judged each time). The copy is made under the lock: no request
 * reads a document another is freeing. */
enum { READY_SLOTS = 64, READY_MAX_YAML = 256 * 1024 };
typedef struct ready_slot {
    uint64_t hash;
    char *name, *yaml;
    sv_date today;
    char origin[3];
    char *doc; /* the document written, doc_len bytes */
    size_t doc_len;
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
           strcmp(c->origin, opt->origin) == 0 && strcmp(c->name, row->name ? row->name : "") == 0 &&
           strcmp(c->yaml, row->yaml) == 0;
}

/* A copy of the cached document's bytes in rs->raw; false when none (or out of memory). */
static bool ready_get(uint64_t h, const sv_program_row *row, const sv_check_options *opt,
                      srv_res *rs)
{
    char *doc = NULL;
    size_t n = 0;
    pthread_mutex_lock(&ready_mu);
    const ready_slot *c = &ready_cache[h % READY_SLOTS];
    if (ready_same(c, h, row, opt) && (doc = malloc(c->doc_len ? c->doc_len : 1))) {
        memcpy(doc, c->doc, c->doc_len);
        n = c->doc_len;
    }
    pthread_mutex_unlock(&ready_mu);
    if (!doc)
        return false;
    json_decref(rs->json);
    rs->json = NULL;
    free(rs->raw);
    rs->raw = doc;
    rs->raw_len = n;
    return true;
}

static void ready_put(uint64_t h, const sv_program_row *row, const sv_check_options *opt,
                      const json_t *doc)
{
    ready_slot n = {.hash = h, .today = opt->today};
    memcpy(n.origin, opt->origin, sizeof n.origin);
    if (!(n.name = strdup(row->name ? row->name : "")) || !(n.yaml = strdup(row->yaml)) ||
        !(n.doc = json_dumps(doc, SRV_JSON_FLAGS))) {
        free(n.name), free(n.yaml);
        return;
    }
    n.doc_len = strlen(n.doc);
    pthread_mutex_lock(&ready_mu);
    ready_slot old = ready_cache[h % READY_SLOTS];
    ready_cache[h % READY_SLOTS] = n;
    pthread_mutex_unlock(&ready_mu);
    free(old.name), free(old.yaml), free(old.doc);
}

static int get_readiness(srv_req *rq, srv_res *rs)
{
    sv_pool *pool = NULL;
    sv_program_row row;
    const sv_refdata *rd = NULL;
    sv_program *p = NULL;
    sv_check_options opt = {.today = today_utc()};
    if (!find_row(rq, rs, &pool, &row) || !(rd = refdata(rs)) ||
        !query_date(rq, rs, "today", &opt.today) || !query_origin(rq, rs, rd, opt.origin))
        goto out;
    bool cacheable = strlen(row.yaml) <= READY_MAX_YAML;
    uint64_t h = cacheable ? ready_hash(&row, &opt) : 0;
    if (cacheable && ready_get(h, &row, &opt, rs))
        goto out;
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
        srv_error(rs, 503, "out_of_memory", "the server is out of memory");
    else if (cacheable)
        ready_put(h, &row, &opt, rs->json);
    sv_readiness_free(r);
out:
    sv_program_free(p);
    sv_pool_free(pool);
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
                         const report_opts *o);

static int report(srv_req *rq, srv_res *rs, unsigned opts, report_fn make)
{
    sv_pool *pool = NULL;
    sv_program_row row;
    const sv_refdata *rd = NULL;
    sv_program *p = load(rq, rs, &rd, &pool, &row);
    report_opts o = {.today = today_utc(), .mode = SV_MODE_SEA};
    if (p && (!(opts & Q_TODAY) || query_date(rq, rs, "today", &o.today)) &&
        (!(opts & Q_ORIGIN) || query_origin(rq, rs, rd, o.origin)) &&
        (!(opts & Q_MODE) || query_mode(rq, rs, &o.mode)))
        make(rq, rs, p, rd, &o);
    sv_program_free(p);
    sv_pool_free(pool);
    return rs->status;
}

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
typedef sv_code (*xlsx_fn)(const char *path, const void *a, sv_err *e);
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
    sv_code rc = write(path, a, &e);
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

typedef enum { COST_JSON, COST_SVG, COST_XLSX } cost_fmt;
typedef struct cost_xlsx_arg {
    const sv_program *p;
    const sv_cost_report *r;
} cost_xlsx_arg;

static sv_code write_cost_xlsx(const char *path, const void *a, sv_err *e)
{
    const cost_xlsx_arg *x = a;
    return sv_cost_write_xlsx(path, x->p, x->r, e);
}

static int make_cost(srv_res *rs, const sv_program *p, const sv_refdata *rd, const report_opts *o,
                     cost_fmt f)
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
            srv_error(rs, 503, "out_of_memory", "the server is out of memory");
    } else if (p->n_styles == 0)
        no_styles(rs, "chart");
    else if (f == COST_XLSX)
        xlsx_download(rs, p, "cost.xlsx", write_cost_xlsx, &(cost_xlsx_arg){p, r});
    else {
        char *buf = NULL;
        size_t n = 0;
        FILE *fp = open_memstream(&buf, &n);
        if (!fp)
            srv_error(rs, 503, "out_of_memory", "the server is out of memory");
        else {
            sv_code rc = sv_chart_svg_cost(fp, p, r, &e);
            sv_chart_release(); /* this thread's font map: made again by the next chart */
            stream_done(rs, fp, &buf, &n, rc, &e, "image/svg+xml", p, "cost.svg");
        }
    }
    sv_cost_report_free(r);
    return rs->status;
}

static int cost_json(srv_req *rq, srv_res *rs, const sv_program *p, const sv_refdata *rd,
                     const report_opts *o)
{
    (void)rq;
    return make_cost(rs, p, rd, o, COST_JSON);
}

static int cost_svg(srv_req *rq, srv_res *rs, const sv_program *p, const sv_refdata *rd,
                    const report_opts *o)
{
    (void)rq;
    return make_cost(rs, p, rd, o, COST_SVG);
}

static int cost_xlsx(srv_req *rq, srv_res *rs, const sv_program *p, const sv_refdata *rd,
                     const report_opts *o)
{
    (void)rq;
    return make_cost(rs, p, rd, o, COST_XLSX);
}

static int get_cost(srv_req *rq, srv_res *rs)
{
    return report(rq, rs, Q_TODAY | Q_ORIGIN | Q_MODE, cost_json);
}

static int get_cost_svg(srv_req *rq, srv_res *rs)
{
    return report(rq, rs, Q_TODAY | Q_ORIGIN | Q_MODE, cost_svg);
}

static int get_cost_xlsx(srv_req *rq, srv_res *rs)
{
    return report(rq, rs, Q_TODAY | Q_ORIGIN | Q_MODE, cost_xlsx);
}

/* ---- the calendar ---- */

typedef enum { PLAN_JSON, PLAN_ICS, PLAN_CSV, PLAN_SVG, PLAN_XLSX } plan_fmt;
typedef struct plan_xlsx_arg {
    const sv_program *p;
    const sv_plan *pl;
} plan_xlsx_arg;

static sv_code write_plan_xlsx(const char *path, const void *a, sv_err *e)
{
    const plan_xlsx_arg *x = a;
    return sv_plan_write_xlsx(path, x->p, x->pl, e);
}

static int make_plan(srv_req *rq, srv_res *rs, const sv_program *p, const sv_refdata *rd,
                     const report_opts *o, plan_fmt f)
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
            srv_error(rs, 503, "out_of_memory", "the server is out of memory");
    } else if (f == PLAN_XLSX)
        xlsx_download(rs, p, "plan.xlsx", write_plan_xlsx, &(plan_xlsx_arg){p, pl});
    else {
        char *buf = NULL;
        size_t n = 0;
        FILE *fp = open_memstream(&buf, &n);
        sv_code rc;
        if (!fp)
            srv_error(rs, 503, "out_of_memory", "the server is out of memory");
        else if (f == PLAN_ICS) {
            rc = sv_plan_write_ics(fp, p, pl, &e);
            stream_done(rs, fp, &buf, &n, rc, &e, "text/calendar; charset=utf-8", p, "plan.ics");
        } else if (f == PLAN_CSV) {
            rc = sv_plan_write_csv(fp, p, pl, &e);
            stream_done(rs, fp, &buf, &n, rc, &e, "text/csv; charset=utf-8", p, "plan.csv");
        } else {
            bool sum = summary && strcmp(summary, "1") == 0;
            rc = sum ? sv_chart_svg_gantt_summary(fp, p, pl, &e)
                     : sv_chart_svg_gantt(fp, p, pl, &e);
            sv_chart_release(); /* this thread's font map: made again by the next chart */
            stream_done(rs, fp, &buf, &n, rc, &e, "image/svg+xml", p,
                        sum ? "plan-summary.svg" : "plan.svg");
        }
    }
    sv_plan_free(pl);
    return rs->status;
}

#define PLAN_MAKER(fn, f)                                                                          \
    static int fn(srv_req *rq, srv_res *rs, const sv_program *p, const sv_refdata *rd,             \
                  const report_opts *o)                                                            \
    {                                                                                              \
        return make_plan(rq, rs, p, rd, o, f);                                                     \
    }
PLAN_MAKER(plan_json, PLAN_JSON)
PLAN_MAKER(plan_ics, PLAN_ICS)
PLAN_MAKER(plan_csv, PLAN_CSV)
PLAN_MAKER(plan_svg, PLAN_SVG)
PLAN_MAKER(plan_xlsx, PLAN_XLSX)

static int get_plan(srv_req *rq, srv_res *rs)
{
    return report(rq, rs, Q_TODAY | Q_ORIGIN | Q_MODE, plan_json);
}
static int get_plan_ics(srv_req *rq, srv_res *rs)
{
    return report(rq, rs, Q_TODAY | Q_ORIGIN | Q_MODE, plan_ics);
}
static int get_plan_csv(srv_req *rq, srv_res *rs)
{
    return report(rq, rs, Q_TODAY | Q_ORIGIN | Q_MODE, plan_csv);
}
static int get_plan_svg(srv_req *rq, srv_res *rs)
{
    return report(rq, rs, Q_TODAY | Q_ORIGIN | Q_MODE, plan_svg);
}
static int get_plan_xlsx(srv_req *rq, srv_res *rs)
{
    return report(rq, rs, Q_TODAY | Q_ORIGIN | Q_MODE, plan_xlsx);
}

/* ---- the brief ---- */

/* The brief as `selvedge brief` writes it: the readiness check first; a program with
 * blockers is 409 "blockers" with them listed (as the readiness document lists findings),
 * unless ?force=1. */
static int brief_pdf(srv_req *rq, srv_res *rs, const sv_program *p, const sv_refdata *rd,
                     const report_opts *o)
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
        srv_error(rs, 503, "out_of_memory", "the server is out of memory");
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

static int get_brief_pdf(srv_req *rq, srv_res *rs)
{
    return report(rq, rs, Q_TODAY, brief_pdf);
}

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
    sv_pool *pool = NULL;
    sv_program_row row;
    const sv_refdata *rd = NULL;
    sv_program *p = load(rq, rs, &rd, &pool, &row);
    sv_match_options opt = {.top = 5, .near = 5, .today = today_utc(), .threads = 1};
    const char *top = srv_query(rq, "top");
    if (p && top) {
        int n = 0;
        for (const char *c = top; n <= 1000 && *c >= '0' && *c <= '9'; c++)
            n = n * 10 + (*c - '0');
        if (n < 1 || n > 1000 || strspn(top, "0123456789") != strlen(top)) {
            srv_error(rs, 400, "bad_query", "top is a number from 1 to 1000, not '%s'", top);
            goto out;
        }
        opt.top = opt.near = n;
    }
    if (p && query_date(rq, rs, "today", &opt.today)) {
        const char *msg = NULL;
        sv_store *s = rq->store(&msg);
        sv_err e;
        sv_err_clear(&e);
        int64_t *fid = NULL;
        sv_match_result *r = NULL;
        shared_table *t = NULL;
        if (sv_store_style_factories(s, p, &fid, &e) != SV_OK || !(t = table_get(s, &e)))
            fail(rs, &e);
        else if ((opt.style_factory = fid, match_run(p, rd, t, &opt, &r, &e)) != SV_OK)
            fail(rs, &e);
        else if (!(rs->json = sv_json_match(p, r, fid, profile_of, &(names){s, pool})))
            srv_error(rs, 503, "out_of_memory", "the server is out of memory");
        sv_match_result_free(r);
        if (t)
            table_put(t);
        free(fid);
    }
out:
    sv_program_free(p);
    sv_pool_free(pool);
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
    {.method = "GET",
     .pattern = "/api/programs/{id}/readiness",
     .fn = get_readiness,
     .flags = SRV_SESSION,
     .summary = "The readiness report (?today=YYYY-MM-DD, ?origin=CC), as check --json",
     .response_schema = REPORT_SCHEMA("check")},
    {.method = "GET",
     .pattern = "/api/programs/{id}/cost",
     .fn = get_cost,
     .flags = SRV_SESSION,
     .summary = "The cost report (?origin=CC, ?mode=sea|air, ?today=YYYY-MM-DD), as cost --json",
     .response_schema = REPORT_SCHEMA("cost")},
    {.method = "GET",
     .pattern = "/api/programs/{id}/plan",
     .fn = get_plan,
     .flags = SRV_SESSION,
     .summary = "The calendar (?today=YYYY-MM-DD, ?origin=CC, ?mode=sea|air), as plan --json",
     .response_schema = REPORT_SCHEMA("plan")},
    {.method = "GET",
     .pattern = "/api/programs/{id}/cost.xlsx",
     .fn = get_cost_xlsx,
     .flags = SRV_SESSION,
     .summary = "The cost sheet as a workbook (sheets Cost and Small runs; the cost report's "
                "options)",
     .response_schema = BINARY_SCHEMA,
     .produces = XLSX_TYPE},
    {.method = "GET",
     .pattern = "/api/programs/{id}/cost.svg",
     .fn = get_cost_svg,
     .flags = SRV_SESSION,
     .summary = "The cost charts (breakdown and small-run curves), as cost --chart svg (the "
                "cost report's options)",
     .response_schema = BINARY_SCHEMA,
     .produces = "image/svg+xml"},
    {.method = "GET",
     .pattern = "/api/programs/{id}/plan.ics",
     .fn = get_plan_ics,
     .flags = SRV_SESSION,
     .summary = "The calendar as iCalendar, an all-day event a milestone, as plan --format ics "
                "(the calendar's options)",
     .response_schema = BINARY_SCHEMA,
     .produces = "text/calendar"},
    {.method = "GET",
     .pattern = "/api/programs/{id}/plan.csv",
     .fn = get_plan_csv,
     .flags = SRV_SESSION,
     .summary = "The calendar as CSV, a row a milestone, as plan --format csv",
     .response_schema = BINARY_SCHEMA,
     .produces = "text/csv"},
    {.method = "GET",
     .pattern = "/api/programs/{id}/plan.xlsx",
     .fn = get_plan_xlsx,
     .flags = SRV_SESSION,
     .summary = "The calendar as a workbook (weeks shaded, the critical path marked), as plan "
                "--format xlsx",
     .response_schema = BINARY_SCHEMA,
     .produces = XLSX_TYPE},
    {.method = "GET",
     .pattern = "/api/programs/{id}/plan.svg",
     .fn = get_plan_svg,
     .flags = SRV_SESSION,
     .summary = "The Gantt chart, as plan --format svg (?summary=1: a row a style, as "
                "--summary)",
     .response_schema = BINARY_SCHEMA,
     .produces = "image/svg+xml"},
    {.method = "GET",
     .pattern = "/api/programs/{id}/brief.pdf",
     .fn = get_brief_pdf,
     .flags = SRV_SESSION,
     .summary = "The brief a factory reads, as brief -o OUT.pdf (?paper=a4|letter, "
                "?today=YYYY-MM-DD); a program with blockers is 409 listing them, unless "
                "?force=1",
     .response_schema = BINARY_SCHEMA,
     .produces = "application/pdf"},
    {.method = "GET",
     .pattern = "/api/programs/{id}/matches",
     .fn = get_matches,
     .flags = SRV_SESSION,
     .summary = "The factories of the registry that fit the program (?top=N, "
                "?today=YYYY-MM-DD), as match --json",
     .response_schema = REPORT_SCHEMA("match")},
};
const srv_routes srv_programs_routes = {routes, sizeof routes / sizeof routes[0]};
