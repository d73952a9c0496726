/* src/serve/openapi.c: the document has every route of the table, and every operation it
 * documents is a route (found by srv_route_find), with a summary and responses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "serve.h"

static void every_route_documented_and_back(void **state)
{
    size_t nt;
    const srv_routes *t = srv_route_tables(&nt);
    json_t *doc = srv_openapi(t, nt);
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
    json_t *paths = json_object_get(doc, "paths");
    size_t routes = 0, ops = 0;
    for (size_t i = 0; i < nt; i++)
        for (size_t k = 0; k < t[i].n; k++) {
            const srv_route *r = &t[i].route[k];
            routes++;
            char m[16];
            size_t n = 0;
            for (; r->method[n]; n++)
                m[n] = (char)(r->method[n] | 0x20);
            m[n] = '\0';
            json_t *op = json_object_get(json_object_get(paths, r->pattern), m);
            assert_non_null(op);
            assert_non_null(json_string_value(json_object_get(op, "summary")));
            assert_true(r->summary != NULL);
            if (r->flags & SRV_SESSION)
                assert_non_null(json_object_get(op, "security"));
        }
    const char *path;
    json_t *item;
    json_object_foreach(paths, path, item)
    {
        const char *method;
        json_t *op;
        json_object_foreach(item, method, op)
        {
            char m[16];
            size_t n = 0;
            for (; method[n] && n < 15; n++)
                m[n] = (char)(method[n] & ~0x20);
            m[n] = '\0';
            int status = 0;
            char allow[64];
            srv_req rq = {0};
            const srv_route *r = srv_route_find(t, nt, m, path, &rq, &status, allow, sizeof allow);
            srv_req_clear(&rq);
            assert_non_null(r);
            assert_string_equal(r->pattern, path);
            assert_non_null(json_object_get(json_object_get(op, "responses"), "default"));
            ops++;
        }
    }
    assert_int_equal(routes, ops);
    assert_true(routes >= 2);
    json_decref(doc);
}

static void schemas_kept_next_to_the_routes_are_json(void **state)
{
    size_t nt;
    const srv_routes *t = srv_route_tables(&nt);
    for (size_t i = 0; i < nt; i++)
        for (size_t k = 0; k < t[i].n; k++) {
            const srv_route *r = &t[i].route[k];
            const char *texts[] = {r->request_schema, r->response_schema};
            for (int x = 0; x < 2; x++)
                if (texts[x]) {
                    json_t *j = json_loads(texts[x], 0, NULL);
                    if (!j)
                        fail_msg("%s %s: a schema that is not JSON", r->method, r->pattern);
                    json_decref(j);
                }
            /* a route that takes JSON lists its fields */
            if (r->body == SRV_BODY_JSON)
                assert_non_null(r->fields);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_route_documented_and_back),
        cmocka_unit_test(schemas_kept_next_to_the_routes_are_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
