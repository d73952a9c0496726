/* An organization's side of the ledger: its handle from its id, and its events
 * (selvedge/org_ledger.h). */
#include <sqlite3.h>
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
