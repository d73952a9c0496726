/* The prologue every handler shared (handler.h): the store, a pool, the caller, its side. */
#include <stdarg.h>
#include <stdio.h>

#include "handler.h"

sv_store *srv_store_of(srv_req *rq, srv_res *rs)
{
    const char *msg = NULL;
    sv_store *s = rq->store ? rq->store(&msg) : NULL;
    if (!s)
        srv_error(rs, 503, "store_unavailable", "the store cannot be read: %s",
                  msg ? msg : "no store");
    return s;
}

sv_principal srv_principal_of(const srv_req *rq)
{
    return (sv_principal){
        .account_id = rq->who.account, .org_id = rq->who.org, .role = sv_role_parse(rq->who.role)};
}

int srv_nomem(srv_res *rs)
{
    return srv_error(rs, 503, "out_of_memory", "the server is out of memory");
}

bool srv_may_write(const srv_req *rq, srv_res *rs, const char *what)
{
    if (sv_role_parse(rq->who.role) >= SV_ROLE_MEMBER)
        return true;
    srv_error(rs, 403, "forbidden", "a viewer cannot %s", what);
    return false;
}

int srv_invalid(srv_res *rs, const char *field, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    srv_error(rs, 422, "invalid", "%s", msg);
    json_object_set_new(json_object_get(rs->json, "error"), "field", json_string(field));
    return 422;
}

int srv_ctx_open(srv_req *rq, srv_res *rs, srv_ctx *c, unsigned needs)
{
    *c = (srv_ctx){.who = srv_principal_of(rq)};
    if (!(c->s = srv_store_of(rq, rs)))
        return rs->status;
    if ((needs & (SRV_CTX_POOL | SRV_CTX_PARTY)) && !(c->pool = sv_pool_create()))
        return srv_nomem(rs);
    if (needs & SRV_CTX_PARTY) {
        sv_err e;
        sv_err_clear(&e);
        if (sv_store_org_party(c->s, c->who.org_id, c->pool, &c->party, &e) != SV_OK) {
            srv_ctx_close(c);
            return srv_error_from(rs, &e, false);
        }
    }
    return 0;
}

void srv_ctx_close(srv_ctx *c)
{
    sv_pool_free(c->pool);
    c->pool = NULL;
}
