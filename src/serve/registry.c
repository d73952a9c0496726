/* /api/factories: the factory registry, read as `factories search` and `factories show`
 * read it (the same filters, the same JSON of selvedge/json_out.h). Any signed-in account
 * reads the registry; it is everyone's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "selvedge/cert.h"
#include "selvedge/country.h"
#include "selvedge/account_store.h"
#include "selvedge/factory.h"
#include "selvedge/factory_import.h"
#include "selvedge/json_out.h"
#include "selvedge/money.h"
#include "selvedge/program.h"
#include "selvedge/store.h"
#include "handler.h"

static int bad_query(srv_res *rs, const char *name, const char *what, const char *v)
{
    srv_error(rs, 400, "bad_query", "%s: %s '%s'", name, what, v);
    json_t *o = rs->json ? json_object_get(rs->json, "error") : NULL;
    if (o)
        json_object_set_new(o, "field", json_string(name));
    return 400;
}

/* The query's filters, as `factories search`'s options: q (the text), country, category,
 * construction, certification, max_moq_color, limit, offset. 0, or 400 with rs set. */
static int filters(srv_req *rq, srv_res *rs, sv_factory_filter *f)
{
    const char *v;
    int64_t n;
    if ((v = srv_query(rq, "q")) && *v)
        f->text = v;
    if ((v = srv_query(rq, "country"))) {
        const sv_country *k = sv_country_find(v);
        if (!k)
            return bad_query(rs, "country", "unknown country", v);
        memcpy(f->country, k->alpha2, 3);
    }
    if ((v = srv_query(rq, "category")) && (f->category = sv_category_parse(v)) < 0)
        return bad_query(rs, "category", "unknown category", v);
    if ((v = srv_query(rq, "construction")) && (f->construction = sv_construction_parse(v)) < 0)
        return bad_query(rs, "construction", "unknown construction", v);
    if ((v = srv_query(rq, "certification")) && (f->certification = sv_cert_parse(v)) < 0)
        return bad_query(rs, "certification", "unknown certification", v);
    static const char *const nums[] = {"max_moq_color", "limit", "offset"};
    for (int i = 0; i < 3; i++) {
        if (!(v = srv_query(rq, nums[i])))
            continue;
        if (sv_decimal_parse(v, 0, &n) != SV_DEC_OK || n < 0)
            return bad_query(rs, nums[i], "wants a whole number, not", v);
        *(i == 0 ? &f->max_moq_color : i == 1 ? &f->limit : &f->offset) = n;
    }
    return 0;
}

static sv_code list_row(void *ud, const sv_factory *f, sv_err *e)
{
    if (json_array_append_new(ud, sv_json_factory(f, false)) != 0)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    return SV_OK;
}

static int search(srv_req *rq, srv_res *rs)
{
    sv_factory_filter f;
    sv_factory_filter_init(&f);
    sv_store *s = srv_store_of(rq, rs);
    if (!s || filters(rq, rs, &f))
        return rs->status;
    sv_json_guard_begin(); /* whole or nothing */
    json_t *arr = json_array();
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = arr ? sv_store_factory_list(s, &f, list_row, arr, &e) : SV_OK;
    arr = sv_json_guard_end(arr);
    if (rc != SV_OK) {
        json_decref(arr);
        return srv_error(rs, 503, "store_unavailable", "%s", e.msg);
    }
    if (!arr || !(rs->json = json_pack("{s:o}", "factories", arr)))
        return srv_nomem(rs);
    return rs->status;
}

static int show(srv_req *rq, srv_res *rs)
{
    srv_ctx c;
    if (srv_ctx_open(rq, rs, &c, SRV_CTX_POOL))
        return rs->status;
    const char *v = srv_param(rq, "id");
    int64_t id, live;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = !v || sv_decimal_parse(v, 0, &id) != SV_DEC_OK || id <= 0
                     ? SV_ERR_NOTFOUND
                     : sv_store_factory_resolve(c.s, id, &live, &e);
    sv_factory f;
    if (rc == SV_OK)
        rc = sv_store_factory_get(c.s, id, c.pool, &f, &e);
    if (rc == SV_OK && !(rs->json = sv_json_factory(&f, true)))
        rc = SV_ERR_NOMEM;
    srv_ctx_close(&c);
    if (rc == SV_ERR_NOTFOUND)
        return srv_error(rs, 404, "not_found", "no such factory");
    if (rc == SV_ERR_NOMEM)
        return srv_nomem(rs);
    if (rc != SV_OK)
        return srv_error(rs, 503, "store_unavailable", "%s", e.msg);
    return rs->status;
}

/* The operator: the one account (by email) that may import into the registry, named by
 * `selvedge serve --operator EMAIL`; none when empty. Set before the workers start. */
static char operator_email[SV_EMAIL_MAX + 1];

int srv_registry_operator(const char *email, char *msg, size_t n)
{
    sv_err e;
    sv_err_clear(&e);
    if (sv_account_email_normalize(email, operator_email, &e) != SV_OK) {
        operator_email[0] = '\0';
        snprintf(msg, n, "%s", e.msg);
        return -1;
    }
    return 0;
}

/* The rows an import skipped, as {"file","line","column","field","message"}. */
typedef struct import_ctx {
    json_t *skipped;
    const char *name;
} import_ctx;

static json_t *err_json(const sv_err *e, const char *name)
{
    return json_pack("{s:s,s:o,s:o,s:o,s:s}", "file", name, "line",
                     e->line ? json_integer(e->line) : json_null(), "column",
                     e->column ? json_integer(e->column) : json_null(), "field",
                     e->field[0] ? json_string(e->field) : json_null(), "message", e->msg);
}

static void bad_row(void *ud, const sv_err *e)
{
    import_ctx *x = ud;
    json_array_append_new(x->skipped, err_json(e, x->name));
}

/* POST /api/factories/import: a capability file (YAML, as `factories import FILE.yaml`)
 * into the registry, the operator's only: one transaction, whole or not at all but for bad
 * rows, which are listed and skipped. ?name= is the file's name in the messages. */
static int import(srv_req *rq, srv_res *rs)
{
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    char email[SV_EMAIL_MAX + 1];
    sv_err e;
    sv_err_clear(&e);
    if (!operator_email[0] || sv_store_account_email(s, rq->who.account, email, &e) != SV_OK ||
        strcmp(email, operator_email) != 0)
        return srv_error(rs, 403, "forbidden", "only the operator imports into the registry");
    const sv_refdata *rd = srv_refdata(rs);
    if (!rd)
        return rs->status;
    const char *name = srv_query(rq, "name");
    if (!name || !*name)
        name = "factories.yaml";
    /* the importer reads a file: the body into a private temporary one, removed after */
    const char *tmp = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/selvedge-import-XXXXXX.yaml", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemps(path, 5);
    if (fd < 0)
        return srv_error(rs, 503, "store_unavailable", "cannot hold the upload: %s",
                         strerror(errno));
    FILE *f = fdopen(fd, "wb");
    bool ok = f && fwrite(rq->body, 1, rq->body_len, f) == rq->body_len;
    ok = (f ? fclose(f) == 0 : (close(fd), false)) && ok;
    if (!ok) {
        unlink(path);
        return srv_error(rs, 503, "store_unavailable", "cannot hold the upload");
    }
    import_ctx x = {json_array(), name};
    sv_import_hooks hooks = {.bad_row = bad_row, .ud = &x, .row_by_row = true};
    sv_import_stats st;
    sv_code rc = x.skipped ? sv_factories_import(s, rd, path, &hooks, &st, &e)
                           : sv_err_set(&e, SV_ERR_NOMEM, "out of memory");
    unlink(path);
    if (rc == SV_OK) {
        srv_registry_changed();
        rs->json =
            json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:o}", "file", name, "rows",
                      (json_int_t)st.rows, "added", (json_int_t)st.added, "merged",
                      (json_int_t)st.merged, "updated", (json_int_t)st.updated, "review",
                      (json_int_t)st.review, "bad", (json_int_t)st.bad, "skipped", x.skipped);
        if (!rs->json)
            return srv_nomem(rs);
        return rs->status;
    }
    json_decref(x.skipped);
    if (rc == SV_ERR_SYNTAX || rc == SV_ERR_SCHEMA) {
        srv_error(rs, 422, rc == SV_ERR_SYNTAX ? "syntax" : "schema", "%s", e.msg);
        json_t *o = rs->json ? json_object_get(rs->json, "error") : NULL;
        json_t *where = err_json(&e, name);
        if (o && where) {
            json_object_set(o, "file", json_object_get(where, "file"));
            json_object_set(o, "line", json_object_get(where, "line"));
            json_object_set(o, "column", json_object_get(where, "column"));
            json_object_set(o, "field", json_object_get(where, "field"));
        }
        json_decref(where);
        return 422;
    }
    if (rc == SV_ERR_NOMEM)
        return srv_nomem(rs);
    return srv_error(rs, 503, "store_unavailable", "%s", e.msg);
}

static const srv_route routes[] = {
    {.method = "GET",
     .pattern = "/api/factories",
     .fn = search,
     .flags = SRV_SESSION,
     .summary = "Search the registry as `factories search`: ?q= (name and address), "
                "?country=, ?category=, ?construction=, ?certification=, ?max_moq_color=, "
                "?limit=, ?offset=",
     .response_schema = "{\"type\":\"object\",\"properties\":{\"factories\":{\"type\":\"array\","
                        "\"items\":{\"type\":\"object\"}}}}"},
    {.method = "GET",
     .pattern = "/api/factories/{id}",
     .fn = show,
     .flags = SRV_SESSION,
     .summary = "One factory's profile, as `factories show --json` (a factory merged into "
                "another is shown as the one it is in)",
     .response_schema = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
                        "\"name\":{\"type\":\"string\"}}}"},
    {.method = "POST",
     .pattern = "/api/factories/import",
     .fn = import,
     .flags = SRV_SESSION | SRV_WRITES,
     .body = SRV_BODY_YAML,
     .summary = "The operator only (serve --operator EMAIL): import a capability file (YAML) "
                "as `factories import`, one transaction; bad rows listed and skipped, a file "
                "that does not read is 422 naming line and field (?name= names it)",
     .request_schema = "{\"type\":\"string\",\"description\":\"a capability file "
                       "(YAML)\"}",
     .response_schema = "{\"type\":\"object\",\"properties\":{\"rows\":{\"type\":"
                        "\"integer\"},\"added\":{\"type\":\"integer\"},\"skipped\":{"
                        "\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}"},
};
const srv_routes srv_registry_routes = {routes, sizeof routes / sizeof routes[0]};
