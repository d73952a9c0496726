/* The server (selvedge serve): the route table, the request a handler sees, and the hooks
 * the accounts plug into. The path is one way down: request -> session (the auth hook) ->
 * organization (the principal) -> handler (parse, call the library, render) -> store.
 *
 * http.c speaks HTTP (libmicrohttpd); everything in this header but srv_run is pure, so
 * the routing, the body checks and the OpenAPI document are tested without a socket. */
#ifndef SELVEDGE_SERVE_H
#define SELVEDGE_SERVE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sv_store;
struct sv_err;

/* Who a request comes from, as the auth hook found it. */
typedef struct srv_principal {
    int64_t account; /* the account's id */
    int64_t org;     /* the organization it acts for */
    char role[16];   /* "owner", "member", "viewer" */
    bool by_cookie;  /* authenticated by the session cookie (CSRF applies), not a
                        bearer token */
    int64_t session; /* by cookie: the session's id (0 by token) */
    char csrf[64];   /* by cookie: the session's stored CSRF token, for the CSRF hook */
} srv_principal;

/* The authentication hook: given the request's Cookie header and the token of an
 * "Authorization: Bearer TOKEN" header (either may be NULL), fill *who and return true, or
 * return false (no session, expired, unknown token). It may read the store (the worker's
 * own connection). ud is srv_hooks.ud. */
typedef bool (*srv_auth_fn)(void *ud, struct sv_store *s, const char *cookie, const char *bearer,
                            srv_principal *who);
/* The CSRF hook: called for a state-changing route when the principal came by cookie; given
 * the principal the auth hook filled (its session's stored csrf), the Cookie header and the
 * X-CSRF-Token header (either may be NULL), true when they agree. */
typedef bool (*srv_csrf_fn)(void *ud, const srv_principal *who, const char *cookie,
                            const char *csrf_header);

typedef struct srv_hooks {
    srv_auth_fn auth; /* NULL until the accounts land: no session route then */
    srv_csrf_fn csrf;
    void *ud;
} srv_hooks;

enum { SRV_MAX_PARAMS = 8 };

/* One request as a handler sees it; nothing in it outlives the request. */
typedef struct srv_req {
    const char *method;
    const char *path; /* without the query string */
    const char *param_name[SRV_MAX_PARAMS];
    char *param[SRV_MAX_PARAMS]; /* the {params} of the route's pattern, in order */
    int nparams;
    const char *content_type;  /* NULL when none */
    const char *cookie;        /* the Cookie header, NULL when none */
    const char *authorization; /* the Authorization header, NULL when none */
    const char *csrf;          /* the X-CSRF-Token header, NULL when none */
    const char *address;       /* the client's address (the connection's), NULL unknown */
    const char *body;          /* the body as received (not NUL-terminated), body_len bytes */
    size_t body_len;
    json_t *json; /* a JSON route's body, checked against its fields; borrowed */
    bool authed;
    srv_principal who; /* when authed */
    const char *db_path;
    /* The worker's store, opened on first use (lazily: a request that never reads it never
     * opens it); NULL with *msg set when it cannot be opened. */
    struct sv_store *(*store)(const char **msg);
    const srv_hooks *hooks;
    /* The query string's arguments: query(conn, name) is the value of ?name= (decoded), NULL
     * when absent; both NULL when the request has no connection (the unit tests). */
    const char *(*query)(void *conn, const char *name);
    void *conn;
} srv_req;

/* The query argument name of the request, NULL when absent. */
const char *srv_query(const srv_req *rq, const char *name);

/* The value of the route parameter name, NULL when the route has none of that name. */
const char *srv_param(const srv_req *rq, const char *name);

/* How a JSON document is written on the wire: the members in the order they were set and
 * reals to 15 digits, as the command line's --json prints them. */
#define SRV_JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* What a handler answers: a status and a JSON document (owned by the response: freed after
 * it is sent; NULL for none, as with 204). Or, instead of json, raw: the document already
 * written (SRV_JSON_FLAGS), raw_len bytes from malloc, owned by the response (a cached
 * document answered without building it again); json is ignored when raw is set. */
typedef struct srv_res {
    int status;
    json_t *json;
    char *raw;
    size_t raw_len;
    char allow[64];      /* a 405's Allow header */
    char cookie[2][200]; /* Set-Cookie headers ("" for none) */
    int retry_after;     /* a 429's Retry-After in seconds (0: none) */
    const char *type;    /* raw's Content-Type when it is not JSON (a download); NULL: JSON */
    char disposition[160]; /* a download's Content-Disposition ("" for none) */
} srv_res;

/* Set res to the error document {"error": {"code", "message"}} with status; fmt as printf.
 * Returns status. More members may be added to the "error" object afterwards. */
int srv_error(srv_res *res, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

typedef int (*srv_handler)(srv_req *rq, srv_res *rs);

enum srv_flags {
    SRV_SESSION = 1 << 0, /* needs a principal: 401 without one */
    SRV_WRITES = 1 << 1,  /* changes state: CSRF checked when the principal came by cookie */
};

typedef enum srv_body {
    SRV_BODY_NONE, /* a body is refused (415) */
    SRV_BODY_JSON, /* application/json, an object of the route's fields */
    SRV_BODY_YAML, /* application/yaml, given to the handler as received */
} srv_body;

/* One route: the one source of the routing and of GET /api/openapi.json. */
typedef struct srv_route {
    const char *method;  /* "GET", "POST"... */
    const char *pattern; /* "/api/programs/{id}": a {param} is one path segment */
    srv_handler fn;
    unsigned flags; /* enum srv_flags */
    srv_body body;
    const char *const *fields; /* SRV_BODY_JSON: the members allowed, NULL-terminated */
    /* The documentation, kept next to the route: a summary, and the schemas of the request
     * body and of the success response as JSON text (OpenAPI 3.0 Schema objects); status is
     * the success status (0: 200). */
    const char *summary;
    const char *request_schema;
    const char *response_schema;
    int status;
    const char *produces; /* the success response's media type (NULL: application/json) */
} srv_route;

/* A resource's routes: each file src/serve/<resource>.c defines one of these, and
 * routes.c lists them. */
typedef struct srv_routes {
    const srv_route *route;
    size_t n;
} srv_routes;

/* Every route of the server, in the order of routes.c. */
const srv_routes *srv_route_tables(size_t *n);

/* Whether path matches pattern ({param} is one non-empty segment); on a match, the params'
 * values are copied into rq->param (freed by srv_req_clear) when rq is not NULL. */
bool srv_path_match(const char *pattern, const char *path, srv_req *rq);
void srv_req_clear(srv_req *rq);

/* The route for method and path among the tables: found, or NULL with *status 404 (no route
 * has that path) or 405 (some do, with other methods: their methods in allow, ", "-joined). */
const srv_route *srv_route_find(const srv_routes *t, size_t nt, const char *method,
                                const char *path, srv_req *rq, int *status, char *allow,
                                size_t allow_size);

/* Parse a JSON body as an object with only the members in fields (NULL-terminated): the
 * object (a new reference), or NULL with rs set to a 400: "malformed_json" with the line
 * and column, "not_an_object", or "unknown_field" naming the field. */
json_t *srv_json_body(const char *body, size_t len, const char *const *fields, srv_res *rs);

/* Route the request and run its handler: 404/405, 401 (no principal for a session route),
 * 403 (CSRF), 415 (content type), 400 (body), then the handler. rs is reset first (what it
 * held is dropped) and filled in every case (never a 500 for bad input). */
void srv_dispatch(const srv_routes *t, size_t nt, srv_req *rq, srv_res *rs);

/* The OpenAPI 3.0 document of the tables (a new reference; NULL when out of memory). */
json_t *srv_openapi(const srv_routes *t, size_t nt);

/* The resources' tables. */
extern const srv_routes srv_health_routes;
extern const srv_routes srv_openapi_routes;
extern const srv_routes srv_auth_routes;
extern const srv_routes srv_org_routes;
extern const srv_routes srv_profile_routes;
extern const srv_routes srv_ledger_routes;

/* The accounts' hooks (auth.c): srv_auth_hook finds the principal by the session cookie or
 * a bearer token, srv_csrf_hook compares the X-CSRF-Token header with the session's stored
 * csrf. Their ud is a srv_auth_cfg. */
typedef struct srv_auth_cfg {
    bool secure_cookies; /* --secure-cookies: the cookies carry Secure (behind TLS) */
} srv_auth_cfg;
/* Forget the API tokens' principals kept by srv_auth_hook (a token revoked, a role set, a
 * member removed, a password changed): the next request by any token asks the store. */
void srv_token_cache_forget(void);
bool srv_auth_hook(void *ud, struct sv_store *s, const char *cookie, const char *bearer,
                   srv_principal *who);
bool srv_csrf_hook(void *ud, const srv_principal *who, const char *cookie, const char *csrf_header);
/* The password hashes (Argon2id, 256 MiB each at the default cost) at most slots at once:
 * call once before the workers start. */
void srv_auth_start(unsigned slots);
/* The Set-Cookie headers of a session into res: session (HttpOnly) and csrf (readable by
 * scripts), SameSite=Lax, Path=/, Secure when the server was told so; max_age 0 and empty
 * values clear them. */
void srv_session_cookies(const srv_req *rq, srv_res *res, const char *token, const char *csrf,
                         int max_age);
/* The value of cookie name in a Cookie header into out; false when it has none. */
bool srv_cookie_get(const char *cookie, const char *name, char *out, size_t size);
/* Set res to the error of a library call: SCHEMA/SYNTAX 422 (with field, line, column),
 * CONFLICT 409, DENIED 403 (401 when unauth), LIMITED 429, NOTFOUND 404, else 500/503. */
int srv_error_from(srv_res *res, const struct sv_err *e, bool unauth);

extern const srv_routes srv_programs_routes;
extern const srv_routes srv_registry_routes;

/* The registry changed (an import through the server): the matcher's shared factory table
 * (programs.c) is loaded again by the next request that needs it. */
void srv_registry_changed(void);
/* The reference data (the built-in data), loaded once per process and shared read-only;
 * NULL with res set to a 503 when it cannot be read. */
struct sv_refdata;
const struct sv_refdata *srv_refdata(srv_res *res);
/* The operator: the account of this email may POST /api/factories/import (selvedge serve
 * --operator EMAIL). 0, or -1 with msg set when it is no email. */
int srv_registry_operator(const char *email, char *msg, size_t n);

/* How the server runs (cmd_serve.c fills it from the command line). */
typedef struct srv_opts {
    const char *db_path;
    const char *listen; /* "HOST:PORT", "[V6]:PORT" */
    unsigned threads;
    size_t max_body;
    const srv_hooks *hooks;
} srv_opts;

#endif
