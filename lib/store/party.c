/* The ledger's events of one brand or one factory (selvedge/party_store.h). Portable SQL: a
 * SELECT with ?1, a join on the brand's handle; the factory's id from the registry. */
#include <sqlite3.h>

#include "internal.h"
#include "selvedge/party_store.h"

static sv_code walk(sv_store *s, const char *sql, const char *text, int64_t id,
                    sv_ledger_body_fn fn, void *ud, sv_err *e)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return st_fail(s, e, "ledger");
    if (text)
        sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 1, id);
    sv_code rc = SV_OK;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *body = (const char *)sqlite3_column_text(st, 1);
        if ((rc = fn(ud, sqlite3_column_int64(st, 0), body ? body : "", e)))
            break;
    }
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "ledger");
    sqlite3_finalize(st);
    return rc;
}

sv_code sv_store_ledger_party(sv_store *s, const char *brand, const char *factory,
                              sv_ledger_body_fn fn, void *ud, sv_err *e)
{
    if ((brand == NULL) == (factory == NULL))
        return sv_err_set(e, SV_ERR_INTERNAL, "a party is a brand or a factory");
    if (brand)
        return walk(s,
                    "SELECT e.id, e.body FROM ledger_event e JOIN brand b ON b.id = e.brand_id "
                    "WHERE b.handle = ?1 ORDER BY e.id",
                    brand, 0, fn, ud, e);
    int64_t fid = 0;
    sv_code rc = sv_store_find_handle(s, factory, &fid, e);
    if (rc || !fid)
        return rc;
    return walk(s, "SELECT id, body FROM ledger_event WHERE factory_id = ?1 ORDER BY id", NULL, fid,
                fn, ud, e);
}
