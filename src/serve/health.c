/* GET /api/health: the server answers and its store can be read. */
#include "selvedge/store.h"
#include "serve.h"

static int get_health(srv_req *rq, srv_res *rs)
{
    const char *msg = NULL;
    sv_store *s = rq->store(&msg);
    int version = s ? sv_store_schema_version(s) : -1;
    if (version < 0)
        return srv_error(rs, 503, "store_unavailable", "the store cannot be read: %s",
                         msg ? msg : "schema version unknown");
    rs->json = json_pack("{s:s,s:s,s:i,s:s}", "status", "ok", "store", "ok", "schema", version,
                         "version", "0.1.0");
    return 200;
}

static const srv_route routes[] = {
    {.method = "GET",
     .pattern = "/api/health",
     .fn = get_health,
     .summary = "The server is up and its store can be read",
     .response_schema =
         "{\"type\":\"object\",\"required\":[\"status\"],\"properties\":{\"status\":{\"type\":"
         "\"string\",\"enum\":[\"ok\"]},\"store\":{\"type\":\"string\"},\"schema\":{\"type\":"
         "\"integer\"},\"version\":{\"type\":\"string\"}}}"},
};
const srv_routes srv_health_routes = {routes, sizeof routes / sizeof routes[0]};
