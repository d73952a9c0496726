/* What a handler starts with, made by one call (handler.c): the worker's store, a pool for the
 * request's strings, the caller as the library's principal and, for the ledger, the caller's
 * side of it; and the errors every handler answers alike (out of memory, a field that is not
 * what it should be, a viewer's write). A handler opens its context, does its work, closes
 * it:
 *
 *     srv_ctx c;
 *     if (srv_ctx_open(rq, rs, &c, SRV_CTX_POOL))
 *         return rs->status;
 *     ...
 *     srv_ctx_close(&c);
 */
#ifndef SELVEDGE_SERVE_HANDLER_H
#define SELVEDGE_SERVE_HANDLER_H

#include "selvedge/org_ledger.h"
#include "selvedge/org_store.h"
#include "selvedge/pool.h"
#include "selvedge/store.h"
#include "serve.h"

enum srv_ctx_needs {
    SRV_CTX_POOL = 1 << 0,  /* a pool for the request, freed by srv_ctx_close */
    SRV_CTX_PARTY = 1 << 1, /* the caller's side of the ledger (its strings in the pool) */
};

typedef struct srv_ctx {
    sv_store *s;        /* the worker's store */
    sv_pool *pool;      /* SRV_CTX_POOL or SRV_CTX_PARTY; else NULL */
    sv_principal who;   /* the caller: its account, organization and role */
    sv_org_party party; /* SRV_CTX_PARTY: the caller's side of the ledger */
} srv_ctx;

/* Fill c with what needs asks for: 0, or the status after the error set in rs (503
 * store_unavailable, 503 out_of_memory, or the party's error as srv_error_from maps it: 409
 * for a factory organization that claimed no factory). c is closed after an error; after a
 * success the caller closes it (srv_ctx_close), also when its own work fails. */
int srv_ctx_open(srv_req *rq, srv_res *rs, srv_ctx *c, unsigned needs);
void srv_ctx_close(srv_ctx *c);

/* The worker's store; NULL with rs set to a 503 (store_unavailable) when it cannot be read. */
sv_store *srv_store_of(srv_req *rq, srv_res *rs);

/* The caller as the library's principal. */
sv_principal srv_principal_of(const srv_req *rq);

/* Whether the caller may write (a member or the owner); false with rs set to a 403 "a viewer
 * cannot <what>". */
bool srv_may_write(const srv_req *rq, srv_res *rs, const char *what);

/* rs set to 503 out_of_memory; returns 503. */
int srv_nomem(srv_res *rs);

/* rs set to 422 "invalid" naming field, the message as printf; returns 422. */
int srv_invalid(srv_res *rs, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
