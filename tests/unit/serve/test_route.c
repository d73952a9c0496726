/* src/serve/route.c: path matching, route lookup (404/405 and Allow), the JSON body
 * checker, and the checks srv_dispatch makes before a handler runs, on a table of this
 * test's own (none of its routes is registered in the server). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "serve.h"

static void path_match_literal_and_params(void **state)
{
    srv_req rq = {0};
    assert_true(srv_path_match("/api/health", "/api/health", &rq));
    assert_int_equal(rq.nparams, 0);
    assert_false(srv_path_match("/api/health", "/api/health/", NULL));
    assert_false(srv_path_match("/api/health", "/api/healt", NULL));
    assert_false(srv_path_match("/api/health", "/api/healthz", NULL));
    assert_false(srv_path_match("/api/health", "", NULL));

    assert_true(srv_path_match("/api/programs/{id}", "/api/programs/42", &rq));
    assert_int_equal(rq.nparams, 1);
    assert_string_equal(srv_param(&rq, "id"), "42");
    assert_null(srv_param(&rq, "i"));
    assert_null(srv_param(&rq, "idx"));
    /* a param is one non-empty segment */
    assert_false(srv_path_match("/api/programs/{id}", "/api/programs/", NULL));
    assert_false(srv_path_match("/api/programs/{id}", "/api/programs/4/2", NULL));
    assert_false(srv_path_match("/api/programs/{id}", "/api/programs", NULL));

    assert_true(srv_path_match("/api/rfqs/{rfq}/quotes/{quote}", "/api/rfqs/7/quotes/q-1", &rq));
    assert_int_equal(rq.nparams, 2);
    assert_string_equal(srv_param(&rq, "rfq"), "7");
    assert_string_equal(srv_param(&rq, "quote"), "q-1");
    /* a failed match leaves the request's params as they were */
    assert_false(srv_path_match("/api/rfqs/{rfq}", "/api/x/7", &rq));
    assert_int_equal(rq.nparams, 2);
    srv_req_clear(&rq);
    assert_int_equal(rq.nparams, 0);
}

static int called;
static int ok_handler(srv_req *rq, srv_res *rs)
{
    called++;
    rs->json = json_pack("{s:s}", "id", srv_param(rq, "id") ? srv_param(rq, "id") : "-");
    return rs->status;
}

static const char *const fields[] = {"email", "password", NULL};
static const srv_route routes[] = {
    {.method = "GET", .pattern = "/t/things", .fn = ok_handler},
    {.method = "POST",
     .pattern = "/t/things",
     .fn = ok_handler,
     .body = SRV_BODY_JSON,
     .fields = fields,
     .status = 201},
    {.method = "GET", .pattern = "/t/things/{id}", .fn = ok_handler},
    {.method = "PUT", .pattern = "/t/things/{id}", .fn = ok_handler, .body = SRV_BODY_YAML},
    {.method = "GET", .pattern = "/t/mine", .fn = ok_handler, .flags = SRV_SESSION},
    {.method = "POST",
     .pattern = "/t/mine",
     .fn = ok_handler,
     .flags = SRV_SESSION | SRV_WRITES,
     .body = SRV_BODY_JSON,
     .fields = fields},
};
static const srv_routes table = {routes, sizeof routes / sizeof routes[0]};

static void find_404_405_allow(void **state)
{
    int status = 0;
    char allow[64];
    srv_req rq = {0};
    assert_ptr_equal(
        srv_route_find(&table, 1, "GET", "/t/things/9", &rq, &status, allow, sizeof allow),
        &routes[2]);
    assert_string_equal(srv_param(&rq, "id"), "9");
    srv_req_clear(&rq);
    /* asked again (the thread's last route): the same route, its own params each time */
    for (int i = 0; i < 2; i++) {
        assert_ptr_equal(
            srv_route_find(&table, 1, "GET", "/t/things/9", &rq, &status, allow, sizeof allow),
            &routes[2]);
        assert_string_equal(srv_param(&rq, "id"), "9");
        assert_int_equal(rq.nparams, 1);
    }
    static const srv_route other[] = {{.method = "GET", .pattern = "/t/{x}/9", .fn = ok_handler}};
    static const srv_routes other_table = {other, 1};
    assert_ptr_equal(
        srv_route_find(&other_table, 1, "GET", "/t/things/9", &rq, &status, allow, sizeof allow),
        &other[0]); /* another table: its own route, not the last one found */
    assert_string_equal(srv_param(&rq, "x"), "things");
    srv_req_clear(&rq);
    assert_ptr_equal(
        srv_route_find(&table, 1, "GET", "/t/things/10", &rq, &status, allow, sizeof allow),
        &routes[2]);
    assert_string_equal(srv_param(&rq, "id"), "10");
    srv_req_clear(&rq);
    assert_null(srv_route_find(&table, 1, "POST", "/t/things/10", &rq, &status, allow,
                               sizeof allow)); /* another method: not the last one's */
    assert_int_equal(status, 405);
    /* a later route of the method, past another method's of the same path; params kept */
    assert_ptr_equal(
        srv_route_find(&table, 1, "PUT", "/t/things/x7", &rq, &status, allow, sizeof allow),
        &routes[3]);
    assert_string_equal(srv_param(&rq, "id"), "x7");
    assert_int_equal(rq.nparams, 1);
    srv_req_clear(&rq);
    assert_null(srv_route_find(&table, 1, "GET", "/t/things/", &rq, &status, allow, sizeof allow));
    assert_int_equal(status, 404); /* an empty segment is no {id} */
    assert_null(srv_route_find(&table, 1, "GET", "/t/nothing", &rq, &status, allow, sizeof allow));
    assert_int_equal(status, 404);
    assert_null(
        srv_route_find(&table, 1, "DELETE", "/t/things", &rq, &status, allow, sizeof allow));
    assert_int_equal(status, 405);
    assert_string_equal(allow, "GET, POST");
    /* an Allow that does not fit is cut at a whole method */
    char small[8];
    assert_null(
        srv_route_find(&table, 1, "DELETE", "/t/things", &rq, &status, small, sizeof small));
    assert_string_equal(small, "GET");
}

static const char *err_code(const srv_res *rs)
{
    return json_string_value(json_object_get(json_object_get(rs->json, "error"), "code"));
}

static void json_body_checker(void **state)
{
    srv_res rs = {0};
    const char *good = "{\"email\":\"a@b\",\"password\":\"x\"}";
    json_t *j = srv_json_body(good, strlen(good), fields, &rs);
    assert_non_null(j);
    assert_null(rs.json);
    json_decref(j);

    const char *bad = "{\"email\": \"a@b\",\n \"pass";
    assert_null(srv_json_body(bad, strlen(bad), fields, &rs));
    assert_int_equal(rs.status, 400);
    assert_string_equal(err_code(&rs), "malformed_json");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(rs.json, "error"), "line")),
                     2);

    assert_null(srv_json_body("[1,2]", 5, fields, &rs));
    assert_string_equal(err_code(&rs), "not_an_object");
    assert_null(srv_json_body("", 0, fields, &rs));
    assert_string_equal(err_code(&rs), "malformed_json");
    assert_null(srv_json_body("{\"email\":1,\"email\":2}", 21, fields, &rs));
    assert_string_equal(err_code(&rs), "malformed_json"); /* a member given twice */

    const char *unknown = "{\"email\":\"a\",\"role\":\"owner\"}";
    assert_null(srv_json_body(unknown, strlen(unknown), fields, &rs));
    assert_int_equal(rs.status, 400);
    assert_string_equal(err_code(&rs), "unknown_field");
    json_t *e = json_object_get(rs.json, "error");
    assert_string_equal(json_string_value(json_object_get(e, "field")), "role");
    assert_non_null(strstr(json_string_value(json_object_get(e, "message")), "\"role\""));

    /* a long name with many-byte characters is cut at a character in the message */
    char name[200] = "{\"";
    for (int i = 0; i < 40; i++)
        strcat(name, "\xc3\xa9"); /* é, 2 bytes: 80 bytes */
    strcat(name, "\":1}");
    assert_null(srv_json_body(name, strlen(name), fields, &rs));
    assert_string_equal(err_code(&rs), "unknown_field");
    assert_non_null(
        json_string_value(json_object_get(json_object_get(rs.json, "error"), "message")));
    /* a NUL in the body is malformed, not a short string */
    assert_null(srv_json_body("{\"email\":\"a\\u0000b\"}\0x", 22, fields, &rs));
    json_decref(rs.json);
}

static bool auth_yes(void *ud, struct sv_store *s, const char *cookie, const char *bearer,
                     srv_principal *who)
{
    if (bearer && strcmp(bearer, "good") == 0) {
        *who = (srv_principal){.account = 1, .org = 2, .role = "owner", .by_cookie = false};
        return true;
    }
    if (cookie && strstr(cookie, "session=s1")) {
        *who = (srv_principal){.account = 1, .org = 2, .role = "owner", .by_cookie = true};
        return true;
    }
    return false;
}

static bool csrf_match(void *ud, const srv_principal *who, const char *cookie, const char *header)
{
    return cookie && header && strstr(cookie, "csrf=") &&
           strcmp(strstr(cookie, "csrf=") + 5, header) == 0;
}

static struct sv_store *fake_store(const char **msg)
{
    return (struct sv_store *)&called; /* never read by these hooks */
}

static int dispatch(srv_req *rq, srv_res *rs)
{
    srv_dispatch(&table, 1, rq, rs);
    srv_req_clear(rq);
    return rs->status;
}

static void dispatch_checks(void **state)
{
    srv_hooks none = {0}, hooks = {.auth = auth_yes, .csrf = csrf_match};
    srv_res rs = {0};
    srv_req rq = {.method = "GET", .path = "/t/things/5", .hooks = &none, .store = fake_store};
    called = 0;
    assert_int_equal(dispatch(&rq, &rs), 200);
    assert_int_equal(called, 1);
    assert_string_equal(json_string_value(json_object_get(rs.json, "id")), "5");

    rq =
        (srv_req){.method = "GET", .path = "/t/things", .body = "x", .body_len = 1, .hooks = &none};
    assert_int_equal(dispatch(&rq, &rs), 415);

    const char *b = "{\"email\":\"a\"}";
    rq = (srv_req){.method = "POST",
                   .path = "/t/things",
                   .body = b,
                   .body_len = strlen(b),
                   .content_type = "text/plain",
                   .hooks = &none};
    assert_int_equal(dispatch(&rq, &rs), 415);
    rq.content_type = "application/jsonx";
    assert_int_equal(dispatch(&rq, &rs), 415);
    rq.content_type = "Application/JSON; charset=utf-8";
    assert_int_equal(dispatch(&rq, &rs), 201);
    rq.body = "{\"email\":\"a\",\"admin\":true}";
    rq.body_len = strlen(rq.body);
    assert_int_equal(dispatch(&rq, &rs), 400);
    assert_string_equal(err_code(&rs), "unknown_field");

    rq = (srv_req){.method = "PUT",
                   .path = "/t/things/1",
                   .body = "a: 1",
                   .body_len = 4,
                   .content_type = "application/json",
                   .hooks = &none};
    assert_int_equal(dispatch(&rq, &rs), 415);
    rq.content_type = "application/yaml";
    assert_int_equal(dispatch(&rq, &rs), 200);

    /* a session route with no hook, or no principal: 401, the handler never runs */
    called = 0;
    rq = (srv_req){.method = "GET", .path = "/t/mine", .hooks = &none, .store = fake_store};
    assert_int_equal(dispatch(&rq, &rs), 401);
    assert_string_equal(err_code(&rs), "unauthenticated");
    rq = (srv_req){.method = "GET",
                   .path = "/t/mine",
                   .hooks = &hooks,
                   .store = fake_store,
                   .authorization = "Bearer bad"};
    assert_int_equal(dispatch(&rq, &rs), 401);
    assert_int_equal(called, 0);
    rq.authorization = "Bearer good";
    assert_int_equal(dispatch(&rq, &rs), 200);
    assert_int_equal(called, 1);

    /* state-changing by cookie: the CSRF header must match; by token: not asked */
    rq = (srv_req){.method = "POST",
                   .path = "/t/mine",
                   .hooks = &hooks,
                   .store = fake_store,
                   .cookie = "session=s1; csrf=abc",
                   .content_type = "application/json",
                   .body = "{}",
                   .body_len = 2};
    assert_int_equal(dispatch(&rq, &rs), 403);
    rq.csrf = "abd";
    assert_int_equal(dispatch(&rq, &rs), 403);
    assert_string_equal(err_code(&rs), "csrf");
    rq.csrf = "abc";
    assert_int_equal(dispatch(&rq, &rs), 200);
    rq = (srv_req){.method = "POST",
                   .path = "/t/mine",
                   .hooks = &hooks,
                   .store = fake_store,
                   .authorization = "Bearer good",
                   .content_type = "application/json",
                   .body = "{}",
                   .body_len = 2};
    assert_int_equal(dispatch(&rq, &rs), 200);
    json_decref(rs.json);
}

/* Shared bytes: a copy of what was given; what the HTTP side attached is kept once (the
 * first attach wins) and freed once, with the last reference. */
static int freed;
static void count_free(void *h)
{
    freed++;
    free(h);
}

static void bytes_shared(void **state)
{
    (void)state;
    char text[] = "{\"a\":1}";
    srv_bytes *b = srv_bytes_new(text, 7);
    assert_non_null(b);
    text[0] = 'x'; /* copied: the caller's buffer is its own */
    assert_int_equal(srv_bytes_len(b), 7);
    assert_memory_equal(srv_bytes_data(b), "{\"a\":1}", 7);
    assert_null(srv_bytes_http(b));
    void *h1 = malloc(1), *h2 = malloc(1);
    assert_ptr_equal(srv_bytes_attach(b, h1, count_free), h1);
    assert_ptr_equal(srv_bytes_attach(b, h2, count_free), h1); /* the first kept */
    free(h2);
    assert_ptr_equal(srv_bytes_http(b), h1);
    assert_ptr_equal(srv_bytes_ref(b), b);
    srv_bytes_unref(b);
    assert_int_equal(freed, 0); /* one reference left */
    srv_bytes_unref(b);
    assert_int_equal(freed, 1);
    srv_bytes_unref(NULL);
    srv_res rs = {.shared = srv_bytes_new("x", 1)}; /* an error drops what the response held */
    srv_error(&rs, 404, "not_found", "no");
    assert_null(rs.shared);
    json_decref(rs.json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(path_match_literal_and_params),
        cmocka_unit_test(find_404_405_allow),
        cmocka_unit_test(json_body_checker),
        cmocka_unit_test(dispatch_checks),
        cmocka_unit_test(bytes_shared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
