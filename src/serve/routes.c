/* Every route of the server: each resource file defines its table (srv_<resource>_routes,
 * declared in serve.h) and is listed here, once. This list is the routing and the OpenAPI
 * document both. */
#include "serve.h"

const srv_routes *srv_route_tables(size_t *n)
{
    static const srv_routes *const list[] = {
        &srv_health_routes,
        &srv_openapi_routes,
        &srv_auth_routes,
        &srv_org_routes,
        &srv_programs_routes,
        &srv_registry_routes,
        &srv_profile_routes,
        &srv_ledger_routes,
    };
    static srv_routes tables[sizeof list / sizeof list[0]];
    static bool filled; /* set before any thread starts: srv_run calls this first */
    if (!filled) {
        for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
            tables[i] = *list[i];
        filled = true;
    }
    *n = sizeof list / sizeof list[0];
    return tables;
}
