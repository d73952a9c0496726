/* RFQ snapshots (migration 7; selvedge/rfq_snapshot.h): inserted and read, never updated or
 * deleted. Portable SQL. A verb records a handful of RFQs at a time: the statements are
 * prepared per call. */
#include "selvedge/rfq_snapshot.h"

#include <sqlite3.h>

#include "internal.h"

sv_code sv_store_rfq_snapshot_add(sv_store *s, int64_t event_id, const char *program_text,
                                  const char *readiness_json, sv_err *e)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO rfq_snapshot (event_id, program_text, readiness_json) "
                           "VALUES (?1, ?2, ?3)",
                           -1, &st, NULL) != SQLITE_OK)
        return st_fail(s, e, "rfq snapshot");
    sqlite3_bind_int64(st, 1, event_id);
    sqlite3_bind_text(st, 2, program_text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, readiness_json, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    sv_code rc = SV_OK;
    if ((r & 0xff) == SQLITE_CONSTRAINT)
        rc = sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "rfq",
                       "event %lld has its RFQ snapshot already", (long long)event_id);
    else if (r != SQLITE_DONE)
        rc = st_fail(s, e, "rfq snapshot");
    sqlite3_finalize(st);
    return rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

sv_code sv_store_rfq_snapshots(sv_store *s, const char *brand, const char *rfq,
                               sv_rfq_snapshot_fn fn, void *ud, sv_err *e)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT ev.id, f.handle, ev.body, sn.program_text, sn.readiness_json "
                           "FROM rfq_snapshot sn "
                           "JOIN ledger_event ev ON ev.id = sn.event_id "
                           "JOIN brand b ON b.id = ev.brand_id "
                           "JOIN factory f ON f.id = ev.factory_id "
                           "WHERE b.handle = ?1 AND ev.rfq = ?2 AND ev.kind = 'rfq.sent' "
                           "ORDER BY ev.id",
                           -1, &st, NULL) != SQLITE_OK)
        return st_fail(s, e, "rfq snapshot");
    sqlite3_bind_text(st, 1, brand, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, rfq, -1, SQLITE_STATIC);
    sv_code rc = SV_OK;
    int r;
    while (rc == SV_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(ud, sqlite3_column_int64(st, 0), col(st, 1), col(st, 2), col(st, 3), col(st, 4), e);
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "rfq snapshot");
    sqlite3_finalize(st);
    return rc;
}

sv_code sv_store_rfq_snapshot_get(sv_store *s, int64_t event_id, sv_rfq_snapshot_one_fn fn,
                                  void *ud, sv_err *e)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT program_text, readiness_json FROM rfq_snapshot "
                           "WHERE event_id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return st_fail(s, e, "rfq snapshot");
    sqlite3_bind_int64(st, 1, event_id);
    sv_code rc = SV_OK;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        rc = fn(ud, col(st, 0), col(st, 1), e);
    else if (r != SQLITE_DONE)
        rc = st_fail(s, e, "rfq snapshot");
    sqlite3_finalize(st);
    return rc;
}
