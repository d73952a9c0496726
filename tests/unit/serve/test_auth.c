/* src/serve/auth.c's pure parts: a cookie read from a Cookie header, a library error as
 * HTTP (status, code, field, line, column), the CSRF hook against the session's stored csrf
 * (never the cookie), and the cookies a session sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "selvedge/err.h"
#include "serve.h"

static void cookie_get(void **state)
{
    char v[64];
    assert_true(srv_cookie_get("session=abc", "session", v, sizeof v));
    assert_string_equal(v, "abc");
    assert_true(srv_cookie_get("csrf=x; session=abc ;theme=dark", "session", v, sizeof v));
    assert_string_equal(v, "abc");
    /* a cookie whose name only ends or starts with the name is another one */
    assert_false(srv_cookie_get("xsession=abc; sessionx=d", "session", v, sizeof v));
    assert_false(srv_cookie_get("session=", "session", v, sizeof v));
    assert_false(srv_cookie_get(NULL, "session", v, sizeof v));
    assert_false(srv_cookie_get("", "session", v, sizeof v));
    /* too long for the buffer: none, never cut */
    assert_false(srv_cookie_get("session=0123456789", "session", v, 5));
}

static const char *member(const srv_res *rs, const char *name)
{
    return json_string_value(json_object_get(json_object_get(rs->json, "error"), name));
}

static void errors_as_http(void **state)
{
    sv_err e;
    srv_res rs = {0};
    sv_err_clear(&e);
    sv_err_at(&e, SV_ERR_SCHEMA, "profile", 8, 5, "factories[0].moq.per_style", "not a number");
    assert_int_equal(srv_error_from(&rs, &e, false), 422);
    assert_string_equal(member(&rs, "code"), "invalid");
    assert_string_equal(member(&rs, "field"), "factories[0].moq.per_style");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(rs.json, "error"), "line")),
                     8);
    struct {
        sv_code code;
        bool unauth;
        int status;
        const char *name;
    } map[] = {
        {SV_ERR_CONFLICT, false, 409, "conflict"},
        {SV_ERR_DENIED, false, 403, "forbidden"},
        {SV_ERR_DENIED, true, 401, "unauthenticated"},
        {SV_ERR_LIMITED, true, 429, "too_many_attempts"},
        {SV_ERR_NOTFOUND, false, 404, "not_found"},
        {SV_ERR_IO, false, 500, "internal"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        sv_err_clear(&e);
        sv_err_set(&e, map[i].code, "m");
        assert_int_equal(srv_error_from(&rs, &e, map[i].unauth), map[i].status);
        assert_int_equal(rs.status, map[i].status);
        assert_string_equal(member(&rs, "code"), map[i].name);
        assert_null(member(&rs, "field"));
    }
    json_decref(rs.json);
}

static void csrf_against_the_session(void **state)
{
    srv_principal who = {.by_cookie = true};
    strcpy(who.csrf, "Abc-def_0123456789012345678901234567890123");
    assert_true(srv_csrf_hook(NULL, &who, NULL, who.csrf));
    /* the cookie's value is not what is compared */
    assert_false(srv_csrf_hook(NULL, &who, "csrf=evil", "evil"));
    assert_false(srv_csrf_hook(NULL, &who, NULL, NULL));
    assert_false(srv_csrf_hook(NULL, &who, NULL, ""));
    assert_false(srv_csrf_hook(NULL, &who, NULL, "Abc-def_012345678901234567890123456789012"));
    /* a principal by token has no session to compare with */
    srv_principal tok = {.by_cookie = false};
    assert_false(srv_csrf_hook(NULL, &tok, NULL, ""));
}

static void session_cookies(void **state)
{
    srv_auth_cfg plain = {0}, tls = {.secure_cookies = true};
    srv_hooks h = {.ud = &plain};
    srv_req rq = {.hooks = &h};
    srv_res rs = {0};
    srv_session_cookies(&rq, &rs, "TOK", "CS", 60);
    assert_string_equal(rs.cookie[0], "session=TOK; Path=/; Max-Age=60; HttpOnly; SameSite=Lax");
    assert_string_equal(rs.cookie[1], "csrf=CS; Path=/; Max-Age=60; SameSite=Lax");
    h.ud = &tls;
    srv_session_cookies(&rq, &rs, "TOK", "CS", 60);
    assert_non_null(strstr(rs.cookie[0], "; Secure"));
    assert_non_null(strstr(rs.cookie[1], "; Secure"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cookie_get),
        cmocka_unit_test(errors_as_http),
        cmocka_unit_test(csrf_against_the_session),
        cmocka_unit_test(session_cookies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
