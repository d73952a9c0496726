/* An organization's side of the ledger: its handle from its id, and its events
 * (selvedge/org_ledger.h). */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "selvedge/org_ledger.h"
#include "selvedge/party_store.h"

sv_code sv_store_org_party(sv_store *s, int64_t org_id, sv_pool *pool, sv_org_party *out, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT o.kind, o.handle, o.factory_id, f.handle FROM org o "
                            "LEFT JOIN factory f ON f.id = o.factory_id WHERE o.id = ?1",
                            &st, "organization", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, org_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->org_id = org_id;
        bool brand = strcmp((const char *)sqlite3_column_text(st, 0), "brand") == 0;
        out->kind = brand ? SV_ORG_BRAND : SV_ORG_FACTORY;
        out->by = brand ? SV_BY_BRAND : SV_BY_FACTORY;
        out->factory_id = brand ? 0 : sqlite3_column_int64(st, 2);
        const unsigned char *h = sqlite3_column_text(st, brand ? 1 : 3);
        if (!h)
            rc = sv_err_at(e, SV_ERR_CONFLICT, NULL, 0, 0, "factory",
                           "claim your factory first: a factory organization records and reads "
                           "the ledger as the registry's factory it claimed");
        else if (!(out->handle = sv_pool_strdup(pool, (const char *)h)))
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    } else if (r == SQLITE_DONE) {
        rc = sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "org", "no such organization");
    } else {
        rc = st_fail(s, e, "organization");
    }
    sqlite3_finalize(st);
    return rc;
}

sv_code sv_store_org_events(sv_store *s, int64_t org_id, const char *counterpart,
                            sv_ledger_body_fn fn, void *ud, sv_err *e)
{
    sv_pool *pool = sv_pool_create();
    if (!pool)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    sv_org_party p;
    sv_code rc = sv_store_org_party(s, org_id, pool, &p, e);
    if (rc == SV_OK) {
        bool brand = p.kind == SV_ORG_BRAND;
        if (counterpart)
            rc = sv_store_ledger_pair(s, brand ? p.handle : counterpart,
                                      brand ? counterpart : p.handle, fn, ud, e);
        else
            rc = sv_store_ledger_party(s, brand ? p.handle : NULL, brand ? NULL : p.handle, fn, ud,
                                       e);
    }
    sv_pool_free(pool);
    return rc;
}

static sv_code count_body(void *ud, int64_t id, const char *body, sv_err *e)
{
    (void)id, (void)body, (void)e;
    ++*(size_t *)ud;
    return SV_OK;
}

typedef struct others {
    const sv_org_party *p;
    sv_pool *pool;
    const char **seen; /* the other parties met, distinct */
    size_t n, cap;
    sv_ledger_typed_fn fn; /* the second walk: NULL in the first */
    void *ud;
} others;

/* The handle of ev on the caller's side of the ledger (whom the counterpart dealt with). */
static const char *other_of(const others *k, const sv_ledger_event *ev)
{
    return k->p->kind == SV_ORG_BRAND ? ev->brand : ev->factory;
}

static sv_code other_one(void *ud, const sv_ledger_event *ev, const char *body, sv_err *e)
{
    others *k = ud;
    const char *h = other_of(k, ev);
    if (!h || strcmp(h, k->p->handle) == 0)
        return SV_OK; /* the caller's own pair: not elsewhere */
    if (k->fn)
        return k->fn(k->ud, ev, body, e);
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->seen[i], h) == 0)
            return SV_OK;
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 16;
        const char **m = realloc(k->seen, cap * sizeof *m);
        if (!m)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        k->seen = m, k->cap = cap;
    }
    if (!(k->seen[k->n] = sv_pool_strdup(k->pool, h)))
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    k->n++;
    return SV_OK;
}

sv_code sv_store_org_elsewhere(sv_store *s, int64_t org_id, const char *counterpart,
                               size_t min_others, sv_pool *pool, sv_ledger_typed_fn fn, void *ud,
                               size_t *n_others, sv_err *e)
{
    *n_others = 0;
    sv_org_party p;
    sv_code rc = sv_store_org_party(s, org_id, pool, &p, e);
    size_t together = 0;
    bool brand = rc == SV_OK && p.kind == SV_ORG_BRAND;
    if (rc == SV_OK)
        rc = sv_store_ledger_pair(s, brand ? p.handle : counterpart, brand ? counterpart : p.handle,
                                  count_body, &together, e);
    if (rc || !together)
        return rc;
    /* counterpart's side of the walk: a brand organization's counterpart is a factory */
    const char *as_brand = brand ? NULL : counterpart, *as_factory = brand ? counterpart : NULL;
    others k = {.p = &p, .pool = pool};
    sv_pool *scratch = sv_pool_create();
    if (!scratch)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    rc = sv_store_ledger_party_typed(s, as_brand, as_factory, scratch, other_one, &k, e);
    sv_pool_free(scratch);
    *n_others = k.n;
    free(k.seen);
    k.seen = NULL;
    if (rc || k.n < min_others)
        return rc;
    k.fn = fn, k.ud = ud;
    return sv_store_ledger_party_typed(s, as_brand, as_factory, pool, other_one, &k, e);
}
