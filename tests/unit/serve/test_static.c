/* src/serve/static.c: the embedded table of web/ (sorted, typed, tagged), its lookup (an exact
 * match: no path reaches anything but the table), If-None-Match, and the answer to a path
 * outside /api/ (asset, index.html for the app's routes, 404, 405, 304). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "static.h"

static void table_sorted_typed_tagged(void **state)
{
    assert_true(srv_web_nfiles >= 6);
    for (size_t i = 0; i < srv_web_nfiles; i++) {
        const srv_web_file *f = &srv_web_files[i];
        if (i)
            assert_true(strcmp(srv_web_files[i - 1].path, f->path) < 0);
        assert_non_null(f->type);
        assert_true(f->type[0] != '\0');
        /* a strong ETag: quoted, no W/ */
        size_t n = strlen(f->etag);
        assert_true(n > 2 && f->etag[0] == '"' && f->etag[n - 1] == '"');
        assert_int_equal(f->data[f->len], 0);
        assert_ptr_equal(srv_web_find(f->path), f);
    }
}

static void lookup_exact(void **state)
{
    const srv_web_file *f = srv_web_find("index.html");
    assert_non_null(f);
    assert_string_equal(f->type, "text/html; charset=utf-8");
    f = srv_web_find("js/app.js");
    assert_non_null(f);
    assert_string_equal(f->type, "text/javascript; charset=utf-8");
    f = srv_web_find("css/app.css");
    assert_non_null(f);
    assert_string_equal(f->type, "text/css; charset=utf-8");
    assert_null(srv_web_find(""));
    assert_null(srv_web_find("/index.html"));
    assert_null(srv_web_find("js/../index.html"));
    assert_null(srv_web_find("../index.html"));
    assert_null(srv_web_find("js"));
    assert_null(srv_web_find("js/"));
    assert_null(srv_web_find("index.html/"));
    assert_null(srv_web_find("INDEX.HTML"));
    assert_null(srv_web_find("zzz"));
    assert_null(srv_web_find("a"));
}

static void api_paths(void **state)
{
    assert_true(srv_is_api_path("/api"));
    assert_true(srv_is_api_path("/api/"));
    assert_true(srv_is_api_path("/api/health"));
    assert_false(srv_is_api_path("/"));
    assert_false(srv_is_api_path("/apis"));
    assert_false(srv_is_api_path("/api-docs"));
    assert_false(srv_is_api_path("/programs/api"));
    assert_false(srv_is_api_path("/assets/js/api.js"));
}

static void if_none_match(void **state)
{
    const char *tag = "\"abc123\"";
    assert_false(srv_etag_matches(NULL, tag));
    assert_false(srv_etag_matches("", tag));
    assert_true(srv_etag_matches("\"abc123\"", tag));
    assert_true(srv_etag_matches("W/\"abc123\"", tag));
    assert_true(srv_etag_matches("*", tag));
    assert_true(srv_etag_matches("\"x\", \"abc123\"", tag));
    assert_true(srv_etag_matches("\"x\",W/\"abc123\" ", tag));
    assert_false(srv_etag_matches("\"abc12\"", tag));
    assert_false(srv_etag_matches("\"abc1234\"", tag));
    assert_false(srv_etag_matches("abc123", tag));
    assert_false(srv_etag_matches("\"x\", \"y\"", tag));
    assert_false(srv_etag_matches("**", tag));
}

static void answers(void **state)
{
    srv_static_res r;
    const srv_web_file *index = srv_web_find("index.html"), *app = srv_web_find("js/app.js");
    srv_static("GET", "/", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_ptr_equal(r.file, index);
    srv_static("HEAD", "/programs/3/plan", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_ptr_equal(r.file, index);
    srv_static("GET", "/assets/js/app.js", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_ptr_equal(r.file, app);
    srv_static("GET", "/assets/js/app.js", app->etag, &r);
    assert_int_equal(r.status, 304);
    assert_ptr_equal(r.file, app);
    srv_static("GET", "/assets/js/app.js", index->etag, &r);
    assert_int_equal(r.status, 200);
    srv_static("GET", "/assets/nope.js", NULL, &r);
    assert_int_equal(r.status, 404);
    assert_null(r.file);
    srv_static("GET", "/assets/../index.html", NULL, &r);
    assert_int_equal(r.status, 404);
    srv_static("GET", "/assets/js/../index.html", NULL, &r);
    assert_int_equal(r.status, 404);
    srv_static("GET", "/assets/", NULL, &r);
    assert_int_equal(r.status, 404);
    srv_static("POST", "/", NULL, &r);
    assert_int_equal(r.status, 405);
    assert_null(r.file);
    srv_static("PUT", "/assets/js/app.js", NULL, &r);
    assert_int_equal(r.status, 405);
    srv_static("get", "/", NULL, &r);
    assert_int_equal(r.status, 405);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_sorted_typed_tagged),
        cmocka_unit_test(lookup_exact),
        cmocka_unit_test(api_paths),
        cmocka_unit_test(if_none_match),
        cmocka_unit_test(answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
