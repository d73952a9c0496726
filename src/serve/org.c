/* Organizations over HTTP: the caller's organization, its members (the owner changes roles
 * and removes), invitations by link, a factory organization's claim of its registry factory.
 * Every call is the caller's organization's (the principal's org id, never one from the
 * request): another organization's member is not found, as a missing one. The rules (owner
 * only, an owner always left, one claim) are the library's (selvedge/org_store.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "selvedge/org_store.h"
#include "selvedge/session_store.h"
#include "selvedge/store.h"
#include "handler.h"
#include "serve.h"

/* An invitation's life unless the owner says otherwise, and the longest one may ask. */
enum { INVITE_TTL = 7 * 24 * 3600, INVITE_TTL_MAX = 30 * 24 * 3600 };

static int invalid(srv_res *rs, const char *field, const char *msg)
{
    srv_error(rs, 422, "invalid", "%s", msg);
    json_object_set_new(json_object_get(rs->json, "error"), "field", json_string(field));
    return 422;
}

static const char *kind_name(sv_org_kind k)
{
    return k == SV_ORG_BRAND ? "brand" : "factory";
}

/* The organization as rendered; NULL after an error set in rs. */
static json_t *org_json(sv_store *s, int64_t org_id, srv_res *rs)
{
    sv_err e;
    sv_err_clear(&e);
    sv_pool *pool = sv_pool_create();
    if (!pool) {
        srv_error(rs, 503, "out_of_memory", "the server is out of memory");
        return NULL;
    }
    sv_org o;
    json_t *j = NULL;
    if (sv_store_org_get(s, org_id, pool, &o, &e) != SV_OK)
        srv_error_from(rs, &e, false);
    else {
        j = json_pack("{s:I,s:s,s:s,s:s,s:I}", "id", (json_int_t)o.id, "name", o.name, "handle",
                      o.handle, "kind", kind_name(o.kind), "created", (json_int_t)o.created);
        if (j)
            json_object_set_new(j, "factory_id",
                                o.factory_id ? json_integer(o.factory_id) : json_null());
    }
    sv_pool_free(pool);
    return j;
}

/* GET /api/org */
static int get_org(srv_req *rq, srv_res *rs)
{
    sv_store *s = srv_store_of(rq, rs);
    json_t *j = s ? org_json(s, rq->who.org, rs) : NULL;
    if (j)
        rs->json = j;
    return rs->status;
}

static sv_code member_row(void *ud, const sv_member *m, sv_err *e)
{
    json_t *row =
        json_pack("{s:I,s:s,s:s,s:I}", "account", (json_int_t)m->account_id, "email", m->email,
                  "role", sv_role_name(m->role), "joined", (json_int_t)m->created);
    if (!row || json_array_append_new(ud, row) != 0)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    return SV_OK;
}

/* GET /api/org/members */
static int get_members(srv_req *rq, srv_res *rs)
{
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    json_t *list = json_array();
    if (sv_store_org_members(s, rq->who.org, member_row, list, &e) != SV_OK) {
        json_decref(list);
        return srv_error_from(rs, &e, false);
    }
    rs->json = json_pack("{s:o}", "members", list);
    return rs->status;
}

static bool account_param(srv_req *rq, srv_res *rs, int64_t *id)
{
    const char *v = srv_param(rq, "account");
    char *end;
    long long n = v ? strtoll(v, &end, 10) : 0;
    if (!v || !*v || *end || n <= 0) {
        srv_error(rs, 404, "not_found", "no such member");
        return false;
    }
    *id = n;
    return true;
}

/* PUT /api/org/members/{account} */
static int put_member(srv_req *rq, srv_res *rs)
{
    int64_t account;
    if (!account_param(rq, rs, &account))
        return rs->status;
    const char *name = json_string_value(json_object_get(rq->json, "role"));
    sv_role role = name ? sv_role_parse(name) : SV_ROLE_NONE;
    if (role == SV_ROLE_NONE)
        return invalid(rs, "role", "role must be \"owner\", \"member\" or \"viewer\"");
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    sv_principal p = srv_principal_of(rq);
    if (sv_store_org_member_set(s, &p, account, role, &e) != SV_OK)
        return srv_error_from(rs, &e, false);
    srv_token_cache_forget(); /* the member's tokens: their new role, or none */
    rs->json = json_pack("{s:I,s:s}", "account", (json_int_t)account, "role", sv_role_name(role));
    return rs->status;
}

/* DELETE /api/org/members/{account} */
static int delete_member(srv_req *rq, srv_res *rs)
{
    int64_t account;
    if (!account_param(rq, rs, &account))
        return rs->status;
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    sv_principal p = srv_principal_of(rq);
    if (sv_store_org_member_remove(s, &p, account, &e) != SV_OK)
        return srv_error_from(rs, &e, false);
    srv_token_cache_forget(); /* the member's tokens: their new role, or none */
    rs->status = 204;
    return 204;
}

/* POST /api/invitations */
static int post_invitation(srv_req *rq, srv_res *rs)
{
    const char *name = json_string_value(json_object_get(rq->json, "role"));
    sv_role role = name ? sv_role_parse(name) : SV_ROLE_NONE;
    if (role == SV_ROLE_NONE)
        return invalid(rs, "role", "role must be \"owner\", \"member\" or \"viewer\"");
    json_t *ttl_j = json_object_get(rq->json, "expires_in");
    json_int_t ttl = INVITE_TTL;
    if (ttl_j) {
        if (!json_is_integer(ttl_j) || (ttl = json_integer_value(ttl_j)) < 1 ||
            ttl > INVITE_TTL_MAX)
            return invalid(rs, "expires_in",
                           "expires_in is a number of seconds from 1 to 2592000 (30 days)");
    }
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    sv_principal p = srv_principal_of(rq);
    int64_t now = (int64_t)time(NULL), id = 0;
    char token[SV_TOKEN_LEN];
    if (sv_store_org_invite(s, &p, role, now, (int64_t)ttl, token, &id, &e) != SV_OK)
        return srv_error_from(rs, &e, false);
    rs->json = json_pack("{s:I,s:s,s:s,s:I}", "id", (json_int_t)id, "token", token, "role",
                         sv_role_name(role), "expires", (json_int_t)(now + ttl));
    memset(token, 0, sizeof token);
    return rs->status;
}

/* POST /api/invitations/accept: the caller's account joins; a browser's session moves to the
 * organization joined (a new session, the old one revoked). */
static int post_accept(srv_req *rq, srv_res *rs)
{
    const char *token = json_string_value(json_object_get(rq->json, "token"));
    if (!token)
        return invalid(rs, "token", "token is required: the invitation's");
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    int64_t now = (int64_t)time(NULL);
    sv_principal p;
    if (sv_store_org_accept(s, token, rq->who.account, now, &p, &e) != SV_OK)
        return srv_error_from(rs, &e, false);
    rs->json = json_pack("{s:I,s:I,s:s}", "account", (json_int_t)p.account_id, "org",
                         (json_int_t)p.org_id, "role", sv_role_name(p.role));
    char old[SV_TOKEN_LEN + 8], fresh[SV_TOKEN_LEN];
    sv_session ss;
    if (rq->who.by_cookie && srv_cookie_get(rq->cookie, "session", old, sizeof old) &&
        sv_store_session_create(s, p.account_id, p.org_id, now, fresh, &ss, &e) == SV_OK) {
        sv_store_session_revoke(s, old, &e);
        srv_session_cookies(rq, rs, fresh, ss.csrf, SV_SESSION_TTL);
        json_object_set_new(rs->json, "csrf", json_string(ss.csrf));
        memset(fresh, 0, sizeof fresh);
    }
    return rs->status;
}

static sv_code invitation_row(void *ud, const sv_invitation *v, sv_err *e)
{
    json_t *row = json_pack("{s:I,s:s,s:s,s:I,s:I}", "id", (json_int_t)v->id, "role",
                            sv_role_name(v->role), "created_by", v->created_by, "created",
                            (json_int_t)v->created, "expires", (json_int_t)v->expires);
    if (!row || json_array_append_new(ud, row) != 0)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    return SV_OK;
}

/* GET /api/invitations: the pending ones (any member reads them; no token is kept) */
static int get_invitations(srv_req *rq, srv_res *rs)
{
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    json_t *list = json_array();
    if (sv_store_org_invitations(s, rq->who.org, (int64_t)time(NULL), invitation_row, list, &e) !=
        SV_OK) {
        json_decref(list);
        return srv_error_from(rs, &e, false);
    }
    rs->json = json_pack("{s:o}", "invitations", list);
    return rs->status;
}

/* DELETE /api/invitations/{id}: the owner takes a pending invitation back */
static int delete_invitation(srv_req *rq, srv_res *rs)
{
    const char *v = srv_param(rq, "id");
    char *end;
    long long id = v ? strtoll(v, &end, 10) : 0;
    if (!v || !*v || *end || id <= 0)
        return srv_error(rs, 404, "not_found", "no such pending invitation");
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    sv_principal p = srv_principal_of(rq);
    if (sv_store_org_uninvite(s, &p, (int64_t)id, (int64_t)time(NULL), &e) != SV_OK)
        return srv_error_from(rs, &e, false);
    rs->status = 204;
    return 204;
}

/* POST /api/invitations/preview (public): what a link invites to, before it is accepted; with
 * a session or a token, whether the caller's account is a member already. The token is in
 * the body, never the path: the request log does not carry it. */
static int post_preview(srv_req *rq, srv_res *rs)
{
    const char *token = json_string_value(json_object_get(rq->json, "token"));
    if (!token)
        return invalid(rs, "token", "token is required: the invitation's");
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    sv_pool *pool = sv_pool_create();
    if (!pool)
        return srv_error(rs, 503, "out_of_memory", "the server is out of memory");
    sv_invitation_peek v;
    int64_t now = (int64_t)time(NULL);
    if (sv_store_org_invitation_peek(s, token, pool, &v, &e) != SV_OK) {
        sv_pool_free(pool);
        return srv_error_from(rs, &e, false);
    }
    const char *state = v.accepted ? "accepted" : now >= v.expires ? "expired" : "open";
    rs->json = json_pack("{s:{s:s,s:s},s:s,s:I,s:s}", "org", "name", v.org_name, "kind",
                         kind_name(v.org_kind), "role", sv_role_name(v.role), "expires",
                         (json_int_t)v.expires, "state", state);
    sv_pool_free(pool);
    const char *bearer = NULL;
    if (rq->authorization && strncasecmp(rq->authorization, "Bearer ", 7) == 0 &&
        rq->authorization[7])
        bearer = rq->authorization + 7;
    srv_principal who;
    sv_role role = SV_ROLE_NONE;
    if (rs->json && rq->hooks && rq->hooks->auth &&
        rq->hooks->auth(rq->hooks->ud, s, rq->cookie, bearer, &who)) {
        if (sv_store_org_role(s, who.account, v.org_id, &role, &e) == SV_OK)
            json_object_set_new(rs->json, "member", json_boolean(role != SV_ROLE_NONE));
    }
    return rs->status;
}

/* POST /api/org/claim */
static int post_claim(srv_req *rq, srv_res *rs)
{
    json_t *f = json_object_get(rq->json, "factory");
    sv_store *s = NULL;
    int64_t id = 0;
    sv_err e;
    sv_err_clear(&e);
    if (json_is_integer(f) && json_integer_value(f) > 0)
        id = json_integer_value(f);
    else if (json_is_string(f) && json_string_length(f) > 0) {
        if (!(s = srv_store_of(rq, rs)))
            return rs->status;
        if (sv_store_find_handle(s, json_string_value(f), &id, &e) != SV_OK)
            return srv_error_from(rs, &e, false);
        if (id <= 0) {
            srv_error(rs, 404, "not_found", "no factory with handle %s", json_string_value(f));
            json_object_set_new(json_object_get(rs->json, "error"), "field",
                                json_string("factory"));
            return 404;
        }
    } else
        return invalid(rs, "factory", "factory is the registry's id (a number) or handle");
    if (!s && !(s = srv_store_of(rq, rs)))
        return rs->status;
    sv_principal p = srv_principal_of(rq);
    if (sv_store_org_claim(s, &p, id, &e) != SV_OK)
        return srv_error_from(rs, &e, false);
    json_t *j = org_json(s, rq->who.org, rs);
    if (j)
        rs->json = j;
    return rs->status;
}

/* The memberships as listed: by a token, its own organization's only (a token belongs to one
 * organization: it does not tell of the account's others). */
typedef struct memberships {
    json_t *list;
    int64_t current;
    bool only_current;
} memberships;

static sv_code membership_row(void *ud, const sv_membership *m, sv_err *e)
{
    memberships *ms = ud;
    if (ms->only_current && m->org_id != ms->current)
        return SV_OK;
    json_t *row =
        json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:b}", "id", (json_int_t)m->org_id, "name", m->name,
                  "handle", m->handle, "kind", kind_name(m->kind), "role", sv_role_name(m->role),
                  "joined", (json_int_t)m->joined, "current", m->org_id == ms->current);
    if (!row || json_array_append_new(ms->list, row) != 0)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    return SV_OK;
}

/* GET /api/me/orgs */
static int get_my_orgs(srv_req *rq, srv_res *rs)
{
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    memberships ms = {
        .list = json_array(), .current = rq->who.org, .only_current = !rq->who.by_cookie};
    if (!ms.list)
        return srv_error(rs, 503, "out_of_memory", "the server is out of memory");
    if (sv_store_org_memberships(s, rq->who.account, membership_row, &ms, &e) != SV_OK) {
        json_decref(ms.list);
        return srv_error_from(rs, &e, false);
    }
    rs->json = json_pack("{s:o}", "orgs", ms.list);
    return rs->status;
}

/* POST /api/org/switch: a browser's session moves to another organization of its account (a
 * new session and csrf cookie, the old session revoked); a token belongs to one organization
 * (403); an organization the account is not a member of is 404, as a missing one. */
static int post_switch(srv_req *rq, srv_res *rs)
{
    json_t *o = json_object_get(rq->json, "org");
    if (!json_is_integer(o) || json_integer_value(o) <= 0)
        return invalid(rs, "org", "org is the id (a number) of one of the account's organizations");
    if (!rq->who.by_cookie)
        return srv_error(rs, 403, "forbidden",
                         "an API token belongs to one organization: it cannot switch");
    char old[SV_TOKEN_LEN + 8];
    if (!srv_cookie_get(rq->cookie, "session", old, sizeof old))
        return srv_error(rs, 401, "unauthenticated", "not logged in");
    sv_store *s = srv_store_of(rq, rs);
    if (!s)
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    char fresh[SV_TOKEN_LEN];
    sv_session ss;
    if (sv_store_session_switch(s, old, (int64_t)json_integer_value(o), (int64_t)time(NULL), fresh,
                                &ss, &e) != SV_OK)
        return srv_error_from(rs, &e, true);
    srv_session_cookies(rq, rs, fresh, ss.csrf, SV_SESSION_TTL);
    memset(fresh, 0, sizeof fresh);
    rs->json = json_pack("{s:I,s:I,s:s,s:s,s:I}", "account", (json_int_t)ss.who.account_id, "org",
                         (json_int_t)ss.who.org_id, "role", sv_role_name(ss.who.role), "csrf",
                         ss.csrf, "expires", (json_int_t)ss.expires);
    return rs->status;
}

#define STR "{\"type\":\"string\"}"
#define INT "{\"type\":\"integer\"}"
#define ROLE "{\"type\":\"string\",\"enum\":[\"owner\",\"member\",\"viewer\"]}"
#define ORG                                                                                        \
    "{\"type\":\"object\",\"properties\":{\"id\":" INT ",\"name\":" STR ",\"handle\":" STR         \
    ",\"kind\":{\"type\":\"string\",\"enum\":[\"brand\",\"factory\"]},\"factory_id\":{\"type\":"   \
    "\"integer\",\"nullable\":true},\"created\":" INT "}}"

static const char *const role_fields[] = {"role", NULL};
static const char *const invite_fields[] = {"role", "expires_in", NULL};
static const char *const accept_fields[] = {"token", NULL};
static const char *const claim_fields[] = {"factory", NULL};
static const char *const switch_fields[] = {"org", NULL};

static const srv_route routes[] = {
    {.method = "GET",
     .pattern = "/api/org",
     .fn = get_org,
     .flags = SRV_SESSION,
     .summary = "The caller's organization",
     .response_schema = ORG},
    {.method = "GET",
     .pattern = "/api/org/members",
     .fn = get_members,
     .flags = SRV_SESSION,
     .summary = "The organization's members, by when they joined",
     .response_schema =
         "{\"type\":\"object\",\"properties\":{\"members\":{\"type\":\"array\",\"items\":{"
         "\"type\":\"object\",\"properties\":{\"account\":" INT ",\"email\":" STR ",\"role\":" ROLE
         ",\"joined\":" INT "}}}}}"},
    {.method = "PUT",
     .pattern = "/api/org/members/{account}",
     .fn = put_member,
     .flags = SRV_SESSION | SRV_WRITES,
     .body = SRV_BODY_JSON,
     .fields = role_fields,
     .summary = "Change a member's role (owner only; an owner is always left)",
     .request_schema =
         "{\"type\":\"object\",\"required\":[\"role\"],\"properties\":{\"role\":" ROLE "}}",
     .response_schema =
         "{\"type\":\"object\",\"properties\":{\"account\":" INT ",\"role\":" ROLE "}}"},
    {.method = "DELETE",
     .pattern = "/api/org/members/{account}",
     .fn = delete_member,
     .flags = SRV_SESSION | SRV_WRITES,
     .status = 204,
     .summary = "Remove a member (owner only; an owner is always left)"},
    {.method = "POST",
     .pattern = "/api/invitations",
     .fn = post_invitation,
     .flags = SRV_SESSION | SRV_WRITES,
     .body = SRV_BODY_JSON,
     .fields = invite_fields,
     .status = 201,
     .summary = "Invite by link (owner only): the token is shown this once; it expires "
                "(expires_in seconds, default 7 days) and is accepted once",
     .request_schema = "{\"type\":\"object\",\"required\":[\"role\"],\"properties\":{\"role\":" ROLE
                       ",\"expires_in\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":"
                       "2592000}}}",
     .response_schema = "{\"type\":\"object\",\"properties\":{\"id\":" INT ",\"token\":" STR
                        ",\"role\":" ROLE ",\"expires\":" INT "}}"},
    {.method = "POST",
     .pattern = "/api/invitations/accept",
     .fn = post_accept,
     .flags = SRV_SESSION | SRV_WRITES,
     .body = SRV_BODY_JSON,
     .fields = accept_fields,
     .summary = "Accept an invitation: the caller's account joins its organization (a "
                "browser's session moves there)",
     .request_schema =
         "{\"type\":\"object\",\"required\":[\"token\"],\"properties\":{\"token\":" STR "}}",
     .response_schema = "{\"type\":\"object\",\"properties\":{\"account\":" INT ",\"org\":" INT
                        ",\"role\":" ROLE ",\"csrf\":" STR "}}"},
    {.method = "GET",
     .pattern = "/api/invitations",
     .fn = get_invitations,
     .flags = SRV_SESSION,
     .summary = "The organization's pending invitations (not accepted, not expired), newest "
                "first; no token (the store keeps its hash only)",
     .response_schema =
         "{\"type\":\"object\",\"properties\":{\"invitations\":{\"type\":"
         "\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"id\":" INT ",\"role\":" ROLE
         ",\"created_by\":" STR ",\"created\":" INT ",\"expires\":" INT "}}}}}"},
    {.method = "DELETE",
     .pattern = "/api/invitations/{id}",
     .fn = delete_invitation,
     .flags = SRV_SESSION | SRV_WRITES,
     .status = 204,
     .summary = "Take back a pending invitation (owner only): its link is refused from now on, "
                "as an expired one"},
    {.method = "POST",
     .pattern = "/api/invitations/preview",
     .fn = post_preview,
     .body = SRV_BODY_JSON,
     .fields = accept_fields,
     .summary = "What an invitation's link invites to (public): the organization's name and "
                "kind, the role, the expiry, its state (open, expired, accepted) and, for a "
                "caller logged in, whether its account is a member already",
     .request_schema =
         "{\"type\":\"object\",\"required\":[\"token\"],\"properties\":{\"token\":" STR "}}",
     .response_schema =
         "{\"type\":\"object\",\"properties\":{\"org\":{\"type\":\"object\",\"properties\":{"
         "\"name\":" STR ",\"kind\":" STR "}},\"role\":" ROLE ",\"expires\":" INT
         ",\"state\":{\"type\":\"string\",\"enum\":[\"open\",\"expired\",\"accepted\"]},"
         "\"member\":{\"type\":\"boolean\"}}}"},
    {.method = "POST",
     .pattern = "/api/org/claim",
     .fn = post_claim,
     .flags = SRV_SESSION | SRV_WRITES,
     .body = SRV_BODY_JSON,
     .fields = claim_fields,
     .summary = "A factory organization claims its factory of the registry (owner only; once; "
                "a factory nobody else has claimed)",
     .request_schema = "{\"type\":\"object\",\"required\":[\"factory\"],\"properties\":{"
                       "\"factory\":{\"oneOf\":[" INT "," STR "]}}}",
     .response_schema = ORG},
    {.method = "GET",
     .pattern = "/api/me/orgs",
     .fn = get_my_orgs,
     .flags = SRV_SESSION,
     .summary = "The caller's organizations (one account may belong to several), by when it "
                "joined, the current one marked; by an API token, the token's organization only",
     .response_schema =
         "{\"type\":\"object\",\"properties\":{\"orgs\":{\"type\":\"array\",\"items\":{"
         "\"type\":\"object\",\"properties\":{\"id\":" INT ",\"name\":" STR ",\"handle\":" STR
         ",\"kind\":{\"type\":\"string\",\"enum\":[\"brand\",\"factory\"]},\"role\":" ROLE
         ",\"joined\":" INT ",\"current\":{\"type\":\"boolean\"}}}}}}"},
    {.method = "POST",
     .pattern = "/api/org/switch",
     .fn = post_switch,
     .flags = SRV_SESSION | SRV_WRITES,
     .body = SRV_BODY_JSON,
     .fields = switch_fields,
     .summary = "Switch organization: the browser's session moves to another organization of "
                "its account (new session and csrf cookies, the old session revoked); 403 by an "
                "API token; 404 for an organization the account is not a member of",
     .request_schema =
         "{\"type\":\"object\",\"required\":[\"org\"],\"properties\":{\"org\":" INT "}}",
     .response_schema = "{\"type\":\"object\",\"properties\":{\"account\":" INT ",\"org\":" INT
                        ",\"role\":" ROLE ",\"csrf\":" STR ",\"expires\":" INT "}}"},
};
const srv_routes srv_org_routes = {routes, sizeof routes / sizeof routes[0]};
