/* Accounts and sessions over HTTP: the auth and CSRF hooks, sign-up, login, logout, the
 * caller, a password change and API tokens. The handlers parse, call the library
 * (selvedge/account_store.h, session_store.h, org_store.h) and render; the rules are the
 * library's. The password hashes (Argon2id: 256 MiB and about 0.7 s each at the default cost)
 * run at most a few at once, behind a semaphore, so that a burst of logins cannot take the
 * machine's memory. */
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "selvedge/account_store.h"
#include "selvedge/auth.h"
#include "selvedge/org_store.h"
#include "selvedge/session_store.h"
#include "handler.h"
#include "serve.h"

static sem_t hash_slots;
static bool hash_limited;

void srv_auth_start(unsigned slots)
{
    if (!hash_limited && sem_init(&hash_slots, 0, slots ? slots : 1) == 0)
        hash_limited = true;
}

static void hash_enter(void)
{
    if (hash_limited)
        while (sem_wait(&hash_slots) != 0)
            ;
}

static void hash_leave(void)
{
    if (hash_limited)
        sem_post(&hash_slots);
}

bool srv_cookie_get(const char *cookie, const char *name, char *out, size_t size)
{
    size_t nl = strlen(name);
    for (const char *p = cookie; p && *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            size_t vl = len - nl - 1;
            while (vl && p[nl + 1 + vl - 1] == ' ')
                vl--;
            if (vl >= size)
                return false;
            memcpy(out, p + nl + 1, vl);
            out[vl] = '\0';
            return vl > 0;
        }
        p = end;
    }
    return false;
}

int srv_error_from(srv_res *res, const sv_err *e, bool unauth)
{
    int status;
    const char *code;
    switch (e->code) {
    case SV_ERR_SCHEMA:
    case SV_ERR_SYNTAX:
        status = 422, code = "invalid";
        break;
    case SV_ERR_CONFLICT:
        status = 409, code = "conflict";
        break;
    case SV_ERR_DENIED:
        status = unauth ? 401 : 403, code = unauth ? "unauthenticated" : "forbidden";
        break;
    case SV_ERR_LIMITED:
        status = 429, code = "too_many_attempts";
        break;
    case SV_ERR_NOTFOUND:
        status = 404, code = "not_found";
        break;
    case SV_ERR_NOMEM:
        status = 503, code = "out_of_memory";
        break;
    default:
        status = 500, code = "internal";
    }
    srv_error(res, status, code, "%s", e->msg);
    json_t *o = json_object_get(res->json, "error");
    if (o && e->field[0])
        json_object_set_new(o, "field", json_string(e->field));
    if (o && e->line > 0) {
        json_object_set_new(o, "line", json_integer(e->line));
        json_object_set_new(o, "column", json_integer(e->column));
    }
    return status;
}

/* The principals of API tokens lately looked up, by the token's hash (never the secret):
 * a request by a token seen in the last TOKEN_TTL seconds is not asked of the store again
 * (a BLAKE2b of the secret, kept as its 32 bytes, and a lock instead of a query). Anything that
 * could change what a token stands for in this process (a token revoked, a member's role set or a
 * member removed, a password changed) forgets them all at once: srv_token_cache_forget bumps
 * token_gen, and a lookup begun before it (which may have read the store before the change) does
 * not keep its answer. Another process's change is seen within TOKEN_TTL. Only successes are kept.
 * Direct-mapped, TOKEN_SLOTS entries. */
enum { TOKEN_SLOTS = 256, TOKEN_TTL = 5 };
enum { TOKEN_HASH = 32 };
typedef struct token_slot {
    unsigned char hash[TOKEN_HASH];
    int64_t at; /* when looked up in the store; 0: empty */
    sv_principal p;
} token_slot;
static pthread_mutex_t token_mu = PTHREAD_MUTEX_INITIALIZER;
static token_slot token_cache[TOKEN_SLOTS];
static uint64_t token_gen;

void srv_token_cache_forget(void)
{
    pthread_mutex_lock(&token_mu);
    token_gen++;
    memset(token_cache, 0, sizeof token_cache);
    pthread_mutex_unlock(&token_mu);
}

static size_t token_slot_of(const unsigned char *hash)
{
    uint64_t h;
    memcpy(&h, hash, sizeof h); /* a digest's bytes: spread already */
    return (size_t)(h % TOKEN_SLOTS);
}

/* The principal of the token whose hash is hash, if kept and fresh; *gen the generation the
 * store's answer would be kept under. */
static bool token_cached(const unsigned char *hash, int64_t now, sv_principal *p, uint64_t *gen)
{
    bool hit = false;
    pthread_mutex_lock(&token_mu);
    const token_slot *c = &token_cache[token_slot_of(hash)];
    if (c->at && now >= c->at && now - c->at < TOKEN_TTL &&
        memcmp(c->hash, hash, TOKEN_HASH) == 0) {
        *p = c->p;
        hit = true;
    }
    *gen = token_gen;
    pthread_mutex_unlock(&token_mu);
    return hit;
}

static void token_keep(const unsigned char *hash, int64_t now, const sv_principal *p, uint64_t gen)
{
    pthread_mutex_lock(&token_mu);
    if (gen == token_gen) {
        token_slot *c = &token_cache[token_slot_of(hash)];
        memcpy(c->hash, hash, TOKEN_HASH);
        c->at = now;
        c->p = *p;
    }
    pthread_mutex_unlock(&token_mu);
}

/* The hooks. */

bool srv_auth_hook(void *ud, struct sv_store *s, const char *cookie, const char *bearer,
                   srv_principal *who)
{
    (void)ud;
    sv_err e;
    sv_err_clear(&e);
    int64_t now = (int64_t)time(NULL);
    *who = (srv_principal){0};
    if (bearer) { /* a token given is the one looked at: no falling back on the cookie */
        sv_principal p;
        unsigned char hash[TOKEN_HASH];
        uint64_t gen;
        crypto_generichash(hash, sizeof hash, (const unsigned char *)bearer, strlen(bearer), NULL,
                           0);
        if (!token_cached(hash, now, &p, &gen)) {
            if (sv_store_api_token_lookup(s, bearer, now, &p, &e) != SV_OK)
                return false;
            token_keep(hash, now, &p, gen);
        }
        who->account = p.account_id, who->org = p.org_id;
        const char *role = sv_role_name(p.role); /* "owner", "member", "viewer": they fit */
        size_t rl = strnlen(role, sizeof who->role - 1);
        memcpy(who->role, role, rl);
        who->role[rl] = '\0';
        return true;
    }
    char token[SV_TOKEN_LEN + 8];
    if (!srv_cookie_get(cookie, "session", token, sizeof token))
        return false;
    sv_session ss;
    if (sv_store_session_lookup(s, token, now, &ss, &e) != SV_OK)
        return false;
    sv_store_session_touch(s, &ss, now, &e); /* a failed touch refuses nothing */
    who->account = ss.who.account_id, who->org = ss.who.org_id;
    snprintf(who->role, sizeof who->role, "%s", sv_role_name(ss.who.role));
    who->by_cookie = true;
    who->session = ss.id;
    snprintf(who->csrf, sizeof who->csrf, "%s", ss.csrf);
    return true;
}

bool srv_csrf_hook(void *ud, const srv_principal *who, const char *cookie, const char *csrf_header)
{
    (void)ud, (void)cookie;
    if (!who || !who->by_cookie || !csrf_header)
        return false;
    sv_session ss = {0};
    snprintf(ss.csrf, sizeof ss.csrf, "%s", who->csrf);
    return sv_session_csrf_ok(&ss, csrf_header);
}

/* Helpers of the handlers. */

/* A required string member of the body: NULL after a 422 naming it. */
static const char *need(srv_req *rq, srv_res *rs, const char *name)
{
    json_t *v = json_object_get(rq->json, name);
    const char *s = json_string_value(v);
    if (!s) {
        srv_error(rs, 422, "invalid", v ? "%s must be a string" : "%s is required", name);
        json_object_set_new(json_object_get(rs->json, "error"), "field", json_string(name));
    }
    return s;
}

static bool secure(const srv_req *rq)
{
    const srv_auth_cfg *cfg = rq->hooks ? rq->hooks->ud : NULL;
    return cfg && cfg->secure_cookies;
}

/* The session and csrf cookies of a new session (max_age 0 and empty values: cleared). */
void srv_session_cookies(const srv_req *rq, srv_res *rs, const char *token, const char *csrf,
                         int max_age)
{
    const char *sec = secure(rq) ? "; Secure" : "";
    snprintf(rs->cookie[0], sizeof rs->cookie[0],
             "session=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s", token, max_age, sec);
    snprintf(rs->cookie[1], sizeof rs->cookie[1], "csrf=%s; Path=/; Max-Age=%d; SameSite=Lax%s",
             csrf, max_age, sec);
}

/* A new session of account in org, its cookies set and the body rendered. */
static int open_session(srv_req *rq, srv_res *rs, sv_store *s, int64_t account, int64_t org,
                        int64_t now)
{
    sv_err e;
    sv_err_clear(&e);
    char token[SV_TOKEN_LEN];
    sv_session ss;
    if (sv_store_session_create(s, account, org, now, token, &ss, &e) != SV_OK)
        return srv_error_from(rs, &e, true);
    srv_session_cookies(rq, rs, token, ss.csrf, SV_SESSION_TTL);
    rs->json = json_pack("{s:I,s:I,s:s,s:s,s:I}", "account", (json_int_t)account, "org",
                         (json_int_t)org, "role", sv_role_name(ss.who.role), "csrf", ss.csrf,
                         "expires", (json_int_t)ss.expires);
    memset(token, 0, sizeof token);
    return rs->status;
}

/* POST /api/signup */
static int post_signup(srv_req *rq, srv_res *rs)
{
    const char *email = need(rq, rs, "email"), *password, *name, *kind;
    if (!email || !(password = need(rq, rs, "password")) || !(name = need(rq, rs, "org_name")) ||
        !(kind = need(rq, rs, "org_kind")))
        return rs->status;
    int64_t retry = 0;
    sv_signup in = {.email = email,
                    .password = password,
                    .org_name = name,
                    .address = rq->address,
                    .retry_after = &retry};
    if (strcmp(kind, "brand") == 0)
        in.org_kind = SV_ORG_BRAND;
    else if (strcmp(kind, "factory") == 0)
        in.org_kind = SV_ORG_FACTORY;
    else {
        srv_error(rs, 422, "invalid", "org_kind must be \"brand\" or \"factory\"");
        json_object_set_new(json_object_get(rs->json, "error"), "field", json_string("org_kind"));
        return rs->status;
    }
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    int64_t now = (int64_t)time(NULL);
    sv_principal p;
    hash_enter();
    sv_code rc = sv_store_account_signup(s, &in, now, &p, &e);
    hash_leave();
    if (rc == SV_ERR_LIMITED)
        rs->retry_after = retry > 0 ? (int)retry : 1;
    if (rc != SV_OK)
        return srv_error_from(rs, &e, false);
    return open_session(rq, rs, s, p.account_id, p.org_id, now);
}

/* POST /api/login */
static int post_login(srv_req *rq, srv_res *rs)
{
    const char *email = need(rq, rs, "email"), *password;
    if (!email || !(password = need(rq, rs, "password")))
        return rs->status;
    json_t *want = json_object_get(rq->json, "org"); /* one of the account's: that one opens */
    if (want && (!json_is_integer(want) || json_integer_value(want) <= 0)) {
        srv_error(rs, 422, "invalid",
                  "org is the id (a number) of one of the account's "
                  "organizations");
        json_object_set_new(json_object_get(rs->json, "error"), "field", json_string("org"));
        return rs->status;
    }
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    int64_t now = (int64_t)time(NULL), account = 0, retry = 0, org = 0;
    hash_enter();
    sv_code rc = sv_store_account_login(s, email, password, rq->address, now, &account, &retry, &e);
    hash_leave();
    if (rc == SV_ERR_LIMITED)
        rs->retry_after = retry > 0 ? (int)retry : 1;
    if (rc != SV_OK)
        return srv_error_from(rs, &e, true);
    if (want) {
        sv_role role = SV_ROLE_NONE;
        org = (int64_t)json_integer_value(want);
        if (sv_store_org_role(s, account, org, &role, &e) != SV_OK)
            return srv_error_from(rs, &e, true);
        if (role == SV_ROLE_NONE) { /* the same answer whether it exists or not */
            srv_error(rs, 404, "not_found", "no such organization");
            json_object_set_new(json_object_get(rs->json, "error"), "field", json_string("org"));
            return rs->status;
        }
    } else if (sv_store_org_first(s, account, &org, &e) != SV_OK)
        return srv_error_from(rs, &e, true);
    return open_session(rq, rs, s, account, org, now);
}

/* POST /api/logout */
static int post_logout(srv_req *rq, srv_res *rs)
{
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    char token[SV_TOKEN_LEN + 8];
    if (rq->who.by_cookie && srv_cookie_get(rq->cookie, "session", token, sizeof token)) {
        sv_err e;
        sv_err_clear(&e);
        if (sv_store_session_revoke(s, token, &e) != SV_OK)
            return srv_error_from(rs, &e, false);
        srv_session_cookies(rq, rs, "", "", 0);
    }
    rs->status = 204;
    return 204;
}

/* POST /api/logout/others: every other session of the caller's account ends (by a token,
 * every session: a token has none to keep); API tokens stay. */
static int post_logout_others(srv_req *rq, srv_res *rs)
{
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    if (sv_store_session_revoke_account(s, rq->who.account, rq->who.by_cookie ? rq->who.session : 0,
                                        &e) != SV_OK)
        return srv_error_from(rs, &e, false);
    rs->status = 204;
    return 204;
}

/* GET /api/me */
static int get_me(srv_req *rq, srv_res *rs)
{
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    char email[SV_EMAIL_MAX + 1];
    sv_pool *pool = sv_pool_create();
    sv_org org;
    if (!pool)
        return srv_error(rs, 503, "out_of_memory", "the server is out of memory");
    if (sv_store_account_email(s, rq->who.account, email, &e) != SV_OK ||
        sv_store_org_get(s, rq->who.org, pool, &org, &e) != SV_OK) {
        sv_pool_free(pool);
        return srv_error_from(rs, &e, false);
    }
    rs->json = json_pack("{s:{s:I,s:s},s:{s:I,s:s,s:s,s:s,s:I},s:s,s:s,s:s}", "account", "id",
                         (json_int_t)rq->who.account, "email", email, "org", "id",
                         (json_int_t)org.id, "name", org.name, "handle", org.handle, "kind",
                         org.kind == SV_ORG_BRAND ? "brand" : "factory", "factory_id",
                         (json_int_t)org.factory_id, "role", rq->who.role, "kind",
                         org.kind == SV_ORG_BRAND ? "brand" : "factory", "by",
                         rq->who.by_cookie ? "session" : "token");
    sv_pool_free(pool);
    return rs->status;
}

/* POST /api/password */
static int post_password(srv_req *rq, srv_res *rs)
{
    const char *old = need(rq, rs, "old_password"), *new;
    if (!old || !(new = need(rq, rs, "new_password")))
        return rs->status;
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    int64_t retry = 0;
    hash_enter();
    sv_code rc = sv_store_account_password(s, rq->who.account, old, new, rq->who.session,
                                           (int64_t)time(NULL), &retry, &e);
    hash_leave();
    if (rc == SV_OK)
        srv_token_cache_forget();
    if (rc == SV_ERR_LIMITED)
        rs->retry_after = retry > 0 ? (int)retry : 1;
    if (rc != SV_OK)
        return srv_error_from(rs, &e, false);
    rs->status = 204;
    return 204;
}

/* POST /api/tokens */
static int post_token(srv_req *rq, srv_res *rs)
{
    const char *name = need(rq, rs, "name");
    if (!name)
        return rs->status;
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    sv_principal p = srv_principal_of(rq);
    char secret[SV_TOKEN_LEN];
    int64_t id = 0;
    if (sv_store_api_token_create(s, &p, name, (int64_t)time(NULL), secret, &id, &e) != SV_OK)
        return srv_error_from(rs, &e, false);
    rs->json = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "name", name, "secret", secret);
    memset(secret, 0, sizeof secret);
    return rs->status;
}

static sv_code token_row(void *ud, const sv_api_token *t, sv_err *e)
{
    json_t *row =
        json_pack("{s:I,s:I,s:s,s:I}", "id", (json_int_t)t->id, "account",
                  (json_int_t)t->account_id, "name", t->name, "created", (json_int_t)t->created);
    if (!row)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    json_object_set_new(row, "last_used", t->last_used ? json_integer(t->last_used) : json_null());
    json_object_set_new(row, "revoked", t->revoked ? json_integer(t->revoked) : json_null());
    json_array_append_new(ud, row);
    return SV_OK;
}

/* GET /api/tokens */
static int get_tokens(srv_req *rq, srv_res *rs)
{
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    json_t *list = json_array();
    if (sv_store_api_token_list(s, rq->who.org, token_row, list, &e) != SV_OK) {
        json_decref(list);
        return srv_error_from(rs, &e, false);
    }
    rs->json = json_pack("{s:o}", "tokens", list);
    return rs->status;
}

/* An id in a path: NULL after a 404 (not a number is not a thing). */
static bool path_id(srv_req *rq, srv_res *rs, const char *name, int64_t *id)
{
    const char *v = srv_param(rq, name);
    char *end;
    long long n = v ? strtoll(v, &end, 10) : 0;
    if (!v || !*v || *end || n <= 0) {
        srv_error(rs, 404, "not_found", "no such %s", name);
        return false;
    }
    *id = n;
    return true;
}

/* The account of token id among an organization's live tokens (0: none such). */
typedef struct token_owner {
    int64_t id, account;
} token_owner;

static sv_code token_owner_row(void *ud, const sv_api_token *t, sv_err *e)
{
    (void)e;
    token_owner *o = ud;
    if (t->id == o->id && !t->revoked)
        o->account = t->account_id;
    return SV_OK;
}

/* DELETE /api/tokens/{id}: a member or owner revokes any of the organization's tokens, a
 * viewer those of its own account; a token revoked already is 404, as a missing one. */
static int delete_token(srv_req *rq, srv_res *rs)
{
    int64_t id;
    if (!path_id(rq, rs, "id", &id))
        return rs->status;
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    if (sv_role_parse(rq->who.role) < SV_ROLE_MEMBER) { /* a viewer: its own account's only */
        token_owner who = {.id = id};
        if (sv_store_api_token_list(s, rq->who.org, token_owner_row, &who, &e) != SV_OK)
            return srv_error_from(rs, &e, false);
        if (who.account && who.account != rq->who.account)
            return srv_error(rs, 403, "forbidden",
                             "a viewer revokes its own account's tokens only");
    }
    if (sv_store_api_token_revoke(s, rq->who.org, id, (int64_t)time(NULL), &e) != SV_OK)
        return srv_error_from(rs, &e, false);
    srv_token_cache_forget(); /* refused from the next request on */
    rs->status = 204;
    return 204;
}

#define STR "{\"type\":\"string\"}"
#define INT "{\"type\":\"integer\"}"
#define SESSION_RES                                                                                \
    "{\"type\":\"object\",\"properties\":{\"account\":" INT ",\"org\":" INT ",\"role\":" STR       \
    ",\"csrf\":" STR ",\"expires\":" INT "}}"

static const char *const signup_fields[] = {"email", "password", "org_name", "org_kind", NULL};
static const char *const login_fields[] = {"email", "password", "org", NULL};
static const char *const password_fields[] = {"old_password", "new_password", NULL};
static const char *const token_fields[] = {"name", NULL};

static const srv_route routes[] = {
    {.method = "POST",
     .pattern = "/api/signup",
     .fn = post_signup,
     .body = SRV_BODY_JSON,
     .fields = signup_fields,
     .status = 201,
     .summary =
         "Sign up: a new account, its organization (brand or factory) as owner, and a "
         "session (cookies session and csrf); 429 with Retry-After after 10 sign-ups in an hour "
         "from the address",
     .request_schema = "{\"type\":\"object\",\"required\":[\"email\",\"password\",\"org_name\","
                       "\"org_kind\"],\"properties\":{\"email\":" STR ",\"password\":" STR
                       ",\"org_name\":" STR ",\"org_kind\":{\"type\":\"string\",\"enum\":["
                       "\"brand\",\"factory\"]}}}",
     .response_schema = SESSION_RES},
    {.method = "POST",
     .pattern = "/api/login",
     .fn = post_login,
     .body = SRV_BODY_JSON,
     .fields = login_fields,
     .summary = "Log in: a session (cookies session and csrf) in the account's first "
                "organization, or in org (one of its organizations; another is 404); 429 with "
                "Retry-After after five failures in 15 minutes",
     .request_schema = "{\"type\":\"object\",\"required\":[\"email\",\"password\"],"
                       "\"properties\":{\"email\":" STR ",\"password\":" STR ",\"org\":" INT "}}",
     .response_schema = SESSION_RES},
    {.method = "POST",
     .pattern = "/api/logout",
     .fn = post_logout,
     .flags = SRV_SESSION | SRV_WRITES,
     .status = 204,
     .summary = "Log out: the session is no more"},
    {.method = "POST",
     .pattern = "/api/logout/others",
     .fn = post_logout_others,
     .flags = SRV_SESSION | SRV_WRITES,
     .status = 204,
     .summary = "Log out everywhere else: every other session of the caller's account ends "
                "(by an API token, every session); API tokens stay"},
    {.method = "GET",
     .pattern = "/api/me",
     .fn = get_me,
     .flags = SRV_SESSION,
     .summary = "The caller: account, organization, role",
     .response_schema =
         "{\"type\":\"object\",\"properties\":{\"account\":{\"type\":\"object\"},\"org\":{"
         "\"type\":\"object\"},\"role\":" STR ",\"kind\":" STR ",\"by\":" STR "}}"},
    {.method = "POST",
     .pattern = "/api/password",
     .fn = post_password,
     .flags = SRV_SESSION | SRV_WRITES,
     .body = SRV_BODY_JSON,
     .fields = password_fields,
     .status = 204,
     .summary = "Change the password: every other session of the account is revoked",
     .request_schema = "{\"type\":\"object\",\"required\":[\"old_password\",\"new_password\"],"
                       "\"properties\":{\"old_password\":" STR ",\"new_password\":" STR "}}"},
    {.method = "POST",
     .pattern = "/api/tokens",
     .fn = post_token,
     .flags = SRV_SESSION | SRV_WRITES,
     .body = SRV_BODY_JSON,
     .fields = token_fields,
     .status = 201,
     .summary = "A new API token (Authorization: Bearer): its secret is shown this once",
     .request_schema =
         "{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":" STR "}}",
     .response_schema = "{\"type\":\"object\",\"properties\":{\"id\":" INT ",\"name\":" STR
                        ",\"secret\":" STR "}}"},
    {.method = "GET",
     .pattern = "/api/tokens",
     .fn = get_tokens,
     .flags = SRV_SESSION,
     .summary = "The organization's API tokens (no secrets), revoked ones included",
     .response_schema = "{\"type\":\"object\",\"properties\":{\"tokens\":{\"type\":\"array\","
                        "\"items\":{\"type\":\"object\"}}}}"},
    {.method = "DELETE",
     .pattern = "/api/tokens/{id}",
     .fn = delete_token,
     .flags = SRV_SESSION | SRV_WRITES,
     .status = 204,
     .summary = "Revoke an API token of the organization (a viewer: of its own account "
                "only); a token revoked already is 404"},
};
const srv_routes srv_auth_routes = {routes, sizeof routes / sizeof routes[0]};
