/* Tests for src/serve/programs.c and src/serve/registry.c through srv_dispatch and the real
 * route tables, over a real store: a program that does not read is a 422 naming line and
 * field and nothing is stored; another organization's program is a 404 with the body of a
 * missing one; a factory organization has none; a viewer cannot replace one; the reports are
 * the JSON the command line prints. The principal comes from a test auth hook that reads
 * "Bearer ACCOUNT:ORG:ROLE" (the sessions themselves are the accounts' tests). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/factory_import.h"
#include "selvedge/json_out.h"
#include "selvedge/match.h"
#include "selvedge/program_store.h"
#include "selvedge/program_yaml.h"
#include "selvedge/readiness.h"
#include "../store/accounts_fixture.h"
#include "serve.h"

static bool test_auth(void *ud, sv_store *s, const char *cookie, const char *bearer,
                      srv_principal *who)
{
    (void)ud, (void)s, (void)cookie;
    long long a, o;
    char role[16];
    if (!bearer || sscanf(bearer, "%lld:%lld:%15s", &a, &o, role) != 3)
        return false;
    *who = (srv_principal){.account = a, .org = o};
    snprintf(who->role, sizeof who->role, "%s", role);
    return true;
}
static const srv_hooks hooks = {.auth = test_auth};

static sv_store *the_store(const char **msg)
{
    (void)msg;
    return st;
}

/* The query string of the request being made: "name=value&name=value". */
static const char *query_of;
static const char *test_query(void *conn, const char *name)
{
    (void)conn;
    static char val[64];
    size_t n = strlen(name);
    for (const char *q = query_of; q && *q;) {
        const char *amp = strchr(q, '&');
        size_t len = amp ? (size_t)(amp - q) : strlen(q);
        if (len > n && strncmp(q, name, n) == 0 && q[n] == '=') {
            snprintf(val, sizeof val, "%.*s", (int)(len - n - 1), q + n + 1);
            return val;
        }
        q = amp ? amp + 1 : NULL;
    }
    return NULL;
}

static srv_res res;

/* method path?query as principal p with role (NULL: none), a YAML body or NULL; the status */
static int call(const char *method, const char *path, const sv_principal *p, const char *role,
                const char *ctype, const char *body)
{
    char url[256], tok[64];
    snprintf(url, sizeof url, "%s", path);
    char *q = strchr(url, '?');
    if (q)
        *q++ = '\0';
    query_of = q;
    if (p)
        snprintf(tok, sizeof tok, "Bearer %lld:%lld:%s", (long long)p->account_id,
                 (long long)p->org_id, role);
    srv_req rq = {.method = method,
                  .path = url,
                  .content_type = ctype,
                  .authorization = p ? tok : NULL,
                  .body = body,
                  .body_len = body ? strlen(body) : 0,
                  .store = the_store,
                  .hooks = &hooks,
                  .query = test_query,
                  .conn = &rq};
    size_t nt;
    const srv_routes *t = srv_route_tables(&nt);
    srv_dispatch(t, nt, &rq, &res);
    srv_req_clear(&rq);
    return res.status;
}

static const char *err_code(void)
{
    return json_string_value(json_object_get(json_object_get(res.json, "error"), "code"));
}

static int64_t int_at(const char *key)
{
    return json_integer_value(json_object_get(res.json, key));
}

static char *northline(void)
{
    FILE *f = fopen(tu_source("examples/northline.yaml"), "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strdup(buf);
}

static const char *Y = "application/yaml";

static void upload_refused_then_fixed(void **state)
{
    (void)state;
    sv_principal a = signup("a@example.com", "Linen", SV_ORG_BRAND);
    char *good = northline();
    int line = tu_line_of(good, "  currency:");
    assert_true(line > 0);
    char *bad = tu_replace(good, "  currency: ", "  currency: [");
    assert_int_equal(call("POST", "/api/programs", &a, "owner", Y, bad), 422);
    json_t *e = json_object_get(res.json, "error");
    assert_non_null(json_object_get(e, "line"));
    assert_true(json_integer_value(json_object_get(e, "line")) >= line);
    assert_non_null(json_object_get(e, "field"));
    assert_int_equal(rows("SELECT count(*) FROM program"), 0); /* nothing stored */
    free(bad);
    /* a wrong field: named */
    bad = tu_replace(good, "  currency: ", "  curency: ");
    assert_int_equal(call("POST", "/api/programs", &a, "owner", Y, bad), 422);
    e = json_object_get(res.json, "error");
    assert_int_equal(json_integer_value(json_object_get(e, "line")), line);
    assert_non_null(strstr(json_string_value(json_object_get(e, "field")), "curency"));
    free(bad);
    /* not YAML: 415 */
    assert_int_equal(call("POST", "/api/programs", &a, "owner", "text/plain", good), 415);
    assert_int_equal(rows("SELECT count(*) FROM program"), 0);

    assert_int_equal(call("POST", "/api/programs", &a, "owner", Y, good), 201);
    int64_t id = int_at("id");
    assert_true(id > 0);
    assert_non_null(json_string_value(json_object_get(res.json, "verdict")));
    assert_int_equal(call("GET", "/api/programs", &a, "owner", NULL, NULL), 200);
    json_t *list = json_object_get(res.json, "programs");
    assert_int_equal(json_array_size(list), 1);
    assert_null(json_object_get(json_array_get(list, 0), "yaml"));
    assert_non_null(json_object_get(json_array_get(list, 0), "updated"));
    char path[64];
    snprintf(path, sizeof path, "/api/programs/%lld", (long long)id);
    assert_int_equal(call("GET", path, &a, "member", NULL, NULL), 200);
    assert_string_equal(json_string_value(json_object_get(res.json, "yaml")), good);
    free(good);
}

static void other_orgs_and_roles(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_principal a = signup("a@example.com", "Linen", SV_ORG_BRAND);
    sv_principal b = signup("b@example.com", "Other", SV_ORG_BRAND);
    sv_principal f = signup("f@example.com", "Mill", SV_ORG_FACTORY);
    sv_principal v = signup("v@example.com", "Own", SV_ORG_BRAND);
    must(sv_store_org_member_add(st, a.org_id, v.account_id, SV_ROLE_VIEWER, T0, &e), &e);
    v.org_id = a.org_id;
    char *good = northline();
    assert_int_equal(call("POST", "/api/programs", &a, "owner", Y, good), 201);
    int64_t id = int_at("id");
    char path[64], missing[64];
    snprintf(path, sizeof path, "/api/programs/%lld", (long long)id);
    snprintf(missing, sizeof missing, "/api/programs/%lld", (long long)id + 99);
    assert_int_equal(call("GET", missing, &a, "owner", NULL, NULL), 404);
    char *body404 = json_dumps(res.json, JSON_SORT_KEYS);
    /* another brand: the same 404 as a missing program, on every route */
    static const char *const tails[] = {"", "/readiness", "/cost", "/plan"};
    for (int i = 0; i < 4; i++) {
        char p2[96];
        snprintf(p2, sizeof p2, "%s%s", path, tails[i]);
        assert_int_equal(call("GET", p2, &b, "owner", NULL, NULL), 404);
        char *got = json_dumps(res.json, JSON_SORT_KEYS);
        assert_string_equal(got, body404);
        free(got);
    }
    assert_int_equal(call("PUT", path, &b, "owner", Y, good), 404);
    assert_int_equal(call("GET", "/api/programs", &b, "owner", NULL, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(res.json, "programs")), 0);
    /* a factory organization: 404 */
    assert_int_equal(call("GET", "/api/programs", &f, "owner", NULL, NULL), 404);
    assert_int_equal(call("GET", path, &f, "owner", NULL, NULL), 404);
    assert_int_equal(call("POST", "/api/programs", &f, "owner", Y, good), 404);
    /* a viewer reads but does not write */
    assert_int_equal(call("GET", path, &v, "viewer", NULL, NULL), 200);
    assert_int_equal(call("PUT", path, &v, "viewer", Y, good), 403);
    assert_int_equal(call("POST", "/api/programs", &v, "viewer", Y, good), 403);
    assert_int_equal(rows("SELECT count(*) FROM program"), 1);
    /* the owner replaces it */
    char *renamed = tu_replace(good, "name: SS27 launch", "name: SS27 relaunch");
    assert_int_equal(call("PUT", path, &a, "owner", Y, renamed), 200);
    assert_int_equal(call("GET", path, &a, "owner", NULL, NULL), 200);
    assert_string_equal(json_string_value(json_object_get(res.json, "yaml")), renamed);
    /* no session: 401 */
    assert_int_equal(call("GET", path, NULL, NULL, NULL, NULL), 401);
    free(renamed);
    free(body404);
    free(good);
}

/* /readiness is check --json's document: the same builder over the same program */
static void readiness_is_checks_json(void **state)
{
    (void)state;
    sv_principal a = signup("a@example.com", "Linen", SV_ORG_BRAND);
    char *good = northline();
    assert_int_equal(call("POST", "/api/programs", &a, "owner", Y, good), 201);
    char path[96];
    snprintf(path, sizeof path, "/api/programs/%lld/readiness?today=2026-03-01",
             (long long)int_at("id"));
    assert_int_equal(call("GET", path, &a, "viewer", NULL, NULL), 200);
    /* the document as it is sent: kept written, shared */
    assert_non_null(res.shared);
    char *got = strndup(srv_bytes_data(res.shared), srv_bytes_len(res.shared));
    assert_int_equal(call("GET", path, &a, "viewer", NULL, NULL), 200);
    assert_non_null(res.shared); /* asked again: the same bytes */
    assert_int_equal(srv_bytes_len(res.shared), strlen(got));
    assert_memory_equal(srv_bytes_data(res.shared), got, strlen(got));

    sv_refdata *rd = tu_refdata();
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    must(sv_program_parse(good, strlen(good), "x", &p, &e), &e);
    must(sv_program_fx(p, rd, &e), &e);
    sv_readiness *r = NULL;
    sv_check_options opt = {.today = {2026, 3, 1}};
    must(sv_readiness_check(p, rd, &opt, &r, &e), &e);
    json_t *want = sv_json_readiness(p, r);
    char *w = json_dumps(want, SRV_JSON_FLAGS);
    assert_string_equal(got, w);
    free(w);
    json_decref(want);
    sv_readiness_free(r);
    sv_program_free(p);
    sv_refdata_free(rd);
    free(got);
    /* bad query values: 400 */
    snprintf(path, sizeof path, "/api/programs/%lld/cost?mode=rail", (long long)1);
    assert_int_equal(call("GET", path, &a, "owner", NULL, NULL), 400);
    snprintf(path, sizeof path, "/api/programs/%lld/plan?today=2026-02-30", (long long)1);
    assert_int_equal(call("GET", path, &a, "owner", NULL, NULL), 400);
    snprintf(path, sizeof path, "/api/programs/%lld/cost?origin=PT&mode=air", (long long)1);
    assert_int_equal(call("GET", path, &a, "owner", NULL, NULL), 200);
    assert_non_null(json_object_get(res.json, "styles"));
    snprintf(path, sizeof path, "/api/programs/%lld/plan?today=2026-03-01", (long long)1);
    assert_int_equal(call("GET", path, &a, "owner", NULL, NULL), 200);
    free(good);
}

static void import_file(const char *path)
{
    sv_refdata *rd = tu_refdata();
    sv_import_stats stats;
    sv_err e;
    sv_err_clear(&e);
    must(sv_factories_import(st, rd, path, NULL, &stats, &e), &e);
    sv_refdata_free(rd);
}

typedef struct names_ {
    sv_pool *pool;
} names_;
static const sv_factory *profile_(void *ud, int64_t id, sv_factory *f)
{
    sv_err e;
    return sv_store_factory_get(st, id, ((names_ *)ud)->pool, f, &e) == SV_OK ? f : NULL;
}

/* /matches is match --json's document over the store's registry, and sees an import */
static void matches_over_the_registry(void **state)
{
    (void)state;
    sv_principal a = signup("a@example.com", "Linen", SV_ORG_BRAND);
    char *good = northline();
    assert_int_equal(call("POST", "/api/programs", &a, "owner", Y, good), 201);
    char path[96];
    snprintf(path, sizeof path, "/api/programs/%lld/matches?today=2026-03-01&top=3",
             (long long)int_at("id"));
    assert_int_equal(call("GET", path, &a, "viewer", NULL, NULL), 200);
    assert_int_equal(int_at("factories"), 0);
    assert_int_equal(json_array_size(json_object_get(res.json, "matches")), 0);
    import_file(tu_source("examples/factories.yaml"));
    assert_int_equal(call("GET", path, &a, "viewer", NULL, NULL), 200);
    assert_true(int_at("factories") > 0);
    assert_true(json_array_size(json_object_get(res.json, "matches")) > 0);
    char *got = json_dumps(res.json, JSON_SORT_KEYS);

    sv_refdata *rd = tu_refdata();
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    must(sv_program_parse(good, strlen(good), "x", &p, &e), &e);
    must(sv_program_fx(p, rd, &e), &e);
    sv_factory_table *t = NULL;
    must(sv_store_factory_table(st, &t, &e), &e);
    int64_t *fid = NULL;
    must(sv_store_style_factories(st, p, &fid, &e), &e);
    sv_match_options opt = {
        .top = 3, .near = 3, .today = {2026, 3, 1}, .threads = 1, .style_factory = fid};
    sv_match_result *r = NULL;
    must(sv_match_run(p, rd, t, &opt, &r, &e), &e);
    names_ nm = {sv_pool_create()};
    json_t *want = sv_json_match(p, r, fid, profile_, &nm);
    char *w = json_dumps(want, JSON_SORT_KEYS);
    assert_string_equal(got, w);
    free(w);
    json_decref(want);
    sv_pool_free(nm.pool);
    sv_match_result_free(r);
    free(fid);
    sv_factory_table_free(t);
    sv_program_free(p);
    sv_refdata_free(rd);
    free(got);
    /* ?top= out of range */
    snprintf(path, sizeof path, "/api/programs/%lld/matches?top=0", (long long)1);
    assert_int_equal(call("GET", path, &a, "viewer", NULL, NULL), 400);
    free(good);
}

static void registry_reads(void **state)
{
    (void)state;
    sv_principal a = signup("a@example.com", "Linen", SV_ORG_BRAND);
    assert_int_equal(call("GET", "/api/factories?q=knit", &a, "viewer", NULL, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(res.json, "factories")), 0);
    assert_int_equal(call("GET", "/api/factories?country=Atlantis", &a, "viewer", NULL, NULL), 400);
    assert_string_equal(err_code(), "bad_query");
    assert_int_equal(call("GET", "/api/factories?limit=-1", &a, "viewer", NULL, NULL), 400);
    assert_int_equal(call("GET", "/api/factories/1", &a, "viewer", NULL, NULL), 404);
    assert_int_equal(call("GET", "/api/factories/x", &a, "viewer", NULL, NULL), 404);
    assert_int_equal(call("GET", "/api/factories", NULL, NULL, NULL, NULL), 401);
    import_file(tu_source("examples/factories.yaml"));
    assert_int_equal(call("GET", "/api/factories?country=PT&limit=2", &a, "viewer", NULL, NULL),
                     200);
    json_t *list = json_object_get(res.json, "factories");
    assert_int_equal(json_array_size(list), 2);
    int64_t id = json_integer_value(json_object_get(json_array_get(list, 0), "id"));
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "country")),
                        "PT");
    char path[64];
    snprintf(path, sizeof path, "/api/factories/%lld", (long long)id);
    assert_int_equal(call("GET", path, &a, "viewer", NULL, NULL), 200);
    sv_pool *pool = sv_pool_create();
    sv_factory f;
    sv_err e;
    must(sv_store_factory_get(st, id, pool, &f, &e), &e);
    json_t *want = sv_json_factory(&f, true);
    assert_true(json_equal(want, res.json));
    json_decref(want);
    sv_pool_free(pool);
    assert_int_equal(call("GET", "/api/factories?q=sportmalha", &a, "viewer", NULL, NULL), 200);
    assert_true(json_array_size(json_object_get(res.json, "factories")) >= 1);
}

static int reset(void **state)
{
    json_decref(res.json);
    srv_bytes_unref(res.shared);
    res = (srv_res){0};
    return teardown(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(upload_refused_then_fixed, setup, reset),
        cmocka_unit_test_setup_teardown(other_orgs_and_roles, setup, reset),
        cmocka_unit_test_setup_teardown(readiness_is_checks_json, setup, reset),
        cmocka_unit_test_setup_teardown(matches_over_the_registry, setup, reset),
        cmocka_unit_test_setup_teardown(registry_reads, setup, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
