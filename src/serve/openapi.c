/* GET /api/openapi.json: the OpenAPI 3.0 document, generated from the route table and the
 * documentation each route keeps next to it, so the two cannot drift apart. */
#include <ctype.h>
#include <string.h>

#include "serve.h"

static const char error_schema[] =
    "{\"type\":\"object\",\"required\":[\"error\"],\"properties\":{\"error\":{\"type\":"
    "\"object\",\"required\":[\"code\",\"message\"],\"properties\":{\"code\":{\"type\":"
    "\"string\"},\"message\":{\"type\":\"string\"},\"field\":{\"type\":\"string\"},\"line\":"
    "{\"type\":\"integer\"},\"column\":{\"type\":\"integer\"}}}}}";

static json_t *schema(const char *text)
{
    json_t *j = text ? json_loads(text, 0, NULL) : NULL;
    return j ? j : json_object();
}

static json_t *error_response(const char *what)
{
    return json_pack("{s:s,s:{s:{s:{s:s}}}}", "description", what, "content", "application/json",
                     "schema", "$ref", "#/components/schemas/Error");
}

static json_t *operation(const srv_route *r)
{
    json_t *op = json_object(), *params = json_array(), *resp = json_object();
    json_object_set_new(op, "summary", json_string(r->summary ? r->summary : r->pattern));
    char id[128];
    size_t n = 0;
    for (const char *p = r->method; *p && n < 16; p++)
        id[n++] = (char)tolower((unsigned char)*p);
    for (const char *p = r->pattern; *p && n + 1 < sizeof id; p++)
        id[n++] = isalnum((unsigned char)*p) ? *p : '_';
    id[n] = '\0';
    json_object_set_new(op, "operationId", json_string(id));
    for (const char *p = strchr(r->pattern, '{'); p; p = strchr(p + 1, '{')) {
        const char *e = strchr(p, '}');
        if (!e)
            break;
        json_array_append_new(params, json_pack("{s:s%,s:s,s:b,s:{s:s}}", "name", p + 1,
                                                (size_t)(e - p - 1), "in", "path", "required", 1,
                                                "schema", "type", "string"));
    }
    if (json_array_size(params))
        json_object_set(op, "parameters", params);
    json_decref(params);
    if (r->body != SRV_BODY_NONE) {
        const char *type = r->body == SRV_BODY_JSON ? "application/json" : "application/yaml";
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b,s:{s:{s:o}}}", "required", 1, "content", type, "schema",
                                      schema(r->request_schema)));
    }
    char st[8];
    snprintf(st, sizeof st, "%d", r->status ? r->status : 200);
    json_object_set_new(resp, st,
                        json_pack("{s:s,s:{s:{s:o}}}", "description", "success", "content",
                                  r->produces ? r->produces : "application/json", "schema",
                                  schema(r->response_schema)));
    if (r->flags & SRV_SESSION) {
        json_object_set_new(resp, "401", error_response("no session or API token"));
        json_object_set_new(op, "security", json_pack("[{s:[]},{s:[]}]", "session", "token"));
    }
    if (r->flags & SRV_WRITES && r->flags & SRV_SESSION)
        json_object_set_new(resp, "403", error_response("CSRF token missing or wrong"));
    if (r->body != SRV_BODY_NONE) {
        json_object_set_new(resp, "400", error_response("malformed body or unknown field"));
        json_object_set_new(resp, "413", error_response("body over the limit"));
        json_object_set_new(resp, "415", error_response("wrong content type"));
    }
    json_object_set_new(resp, "default", error_response("an error"));
    json_object_set_new(op, "responses", resp);
    return op;
}

json_t *srv_openapi(const srv_routes *t, size_t nt)
{
    json_t *paths = json_object();
    for (size_t i = 0; i < nt; i++)
        for (size_t k = 0; k < t[i].n; k++) {
            const srv_route *r = &t[i].route[k];
            json_t *item = json_object_get(paths, r->pattern);
            if (!item) {
                item = json_object();
                json_object_set_new(paths, r->pattern, item);
            }
            char m[16];
            size_t n = 0;
            for (; r->method[n] && n + 1 < sizeof m; n++)
                m[n] = (char)tolower((unsigned char)r->method[n]);
            m[n] = '\0';
            json_object_set_new(item, m, operation(r));
        }
    json_t *doc = json_pack(
        "{s:s,s:{s:s,s:s,s:s},s:o,s:{s:{s:o},s:{s:{s:s,s:s,s:s},s:{s:s,s:s}}}}", "openapi", "3.0.3",
        "info", "title", "selvedge", "version", "0.1.0", "description",
        "The selvedge server: every error is {\"error\": {\"code\", \"message\", ...}}.", "paths",
        paths, "components", "schemas", "Error", schema(error_schema), "securitySchemes", "session",
        "type", "apiKey", "in", "cookie", "name", "session", "token", "type", "http", "scheme",
        "bearer");
    return doc;
}

static int get_openapi(srv_req *rq, srv_res *rs)
{
    size_t nt;
    const srv_routes *t = srv_route_tables(&nt);
    if (!(rs->json = srv_openapi(t, nt)))
        return srv_error(rs, 503, "out_of_memory", "the server is out of memory");
    return 200;
}

static const srv_route routes[] = {
    {.method = "GET",
     .pattern = "/api/openapi.json",
     .fn = get_openapi,
     .summary = "This document: every endpoint of the server (OpenAPI 3.0)",
     .response_schema = "{\"type\":\"object\",\"required\":[\"openapi\",\"paths\"]}"},
};
const srv_routes srv_openapi_routes = {routes, sizeof routes / sizeof routes[0]};
