/* A brand organization's programs (selvedge/program_store.h): each statement carries the
 * organization, so another organization's program is not found, as a missing one. */
#include <sqlite3.h>
#include <string.h>

#include "internal.h"
#include "selvedge/program_store.h"

static sv_code check_in(const sv_program_in *in, sv_err *e)
{
    sv_code rc = st_check_text(in->name, 200, "name", e);
    if (rc == SV_OK && !in->yaml)
        rc = sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "yaml", "the program's text is missing");
    return rc;
}

/* actor may write its organization's programs: a member or owner, of a brand organization. */
static sv_code may_write(sv_store *s, const sv_principal *actor, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT o.kind, m.role FROM org o JOIN member m ON m.org_id = o.id "
                            "WHERE o.id = ?1 AND m.account_id = ?2",
                            &st, "organization", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, actor->org_id);
    sqlite3_bind_int64(st, 2, actor->account_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        sv_role role = sv_role_parse((const char *)sqlite3_column_text(st, 1));
        if (role < SV_ROLE_MEMBER)
            rc = sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "role", "a viewer cannot write");
        else if (strcmp((const char *)sqlite3_column_text(st, 0), "brand") != 0)
            rc = sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "org_kind",
                           "programs are a brand organization's");
    } else if (r == SQLITE_DONE) {
        rc = sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "role",
                       "the account is not a member of this organization");
    } else {
        rc = st_fail(s, e, "organization");
    }
    sqlite3_finalize(st);
    return rc;
}

static void bind_in(sqlite3_stmt *st, const sv_program_in *in, int64_t now)
{
    sqlite3_bind_text(st, 3, in->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, in->yaml, -1, SQLITE_STATIC);
    if (in->verdict)
        sqlite3_bind_text(st, 5, in->verdict, -1, SQLITE_STATIC);
    if (in->score >= 0)
        sqlite3_bind_int(st, 6, in->score);
    sqlite3_bind_int64(st, 7, now);
}

static sv_code create(sv_store *s, const sv_principal *actor, const sv_program_in *in, int64_t now,
                      int64_t *id, sv_err *e)
{
    sv_code rc = may_write(s, actor, e);
    sqlite3_stmt *st;
    if (rc == SV_OK &&
        !(rc = st_prepare(s,
                          "INSERT INTO program (org_id, name, yaml, verdict, score, created, "
                          "updated) VALUES (?1, ?3, ?4, ?5, ?6, ?7, ?7)",
                          &st, "program", e))) {
        sqlite3_bind_int64(st, 1, actor->org_id);
        bind_in(st, in, now);
        if (!(rc = st_run(s, st, "program", e)))
            *id = sqlite3_last_insert_rowid(s->db);
    }
    return rc;
}

sv_code sv_store_program_create(sv_store *s, const sv_principal *actor, const sv_program_in *in,
                                int64_t now, int64_t *id, sv_err *e)
{
    sv_code rc = check_in(in, e);
    bool own;
    if (rc || (rc = st_tx_begin(s, &own, e)))
        return rc;
    return st_tx_end(s, own, create(s, actor, in, now, id, e), e);
}

static sv_code not_found(sv_err *e)
{
    return sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "id", "no such program");
}

sv_code sv_store_program_get(sv_store *s, int64_t org_id, int64_t id, sv_pool *pool,
                             sv_program_row *out, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT name, yaml, verdict, score, created, updated FROM program "
                            "WHERE id = ?1 AND org_id = ?2",
                            &st, "program", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, org_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = id;
        out->org_id = org_id;
        out->name = sv_pool_strdup(pool, (const char *)sqlite3_column_text(st, 0));
        out->yaml = sv_pool_strdup(pool, (const char *)sqlite3_column_text(st, 1));
        if (sqlite3_column_type(st, 2) != SQLITE_NULL)
            out->verdict = sv_pool_strdup(pool, (const char *)sqlite3_column_text(st, 2));
        out->score = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3);
        out->created = sqlite3_column_int64(st, 4);
        out->updated = sqlite3_column_int64(st, 5);
        if (!out->name || !out->yaml ||
            (sqlite3_column_type(st, 2) != SQLITE_NULL && !out->verdict))
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    } else if (r == SQLITE_DONE) {
        rc = not_found(e);
    } else {
        rc = st_fail(s, e, "program");
    }
    sqlite3_finalize(st);
    return rc;
}

sv_code sv_store_program_list(sv_store *s, int64_t org_id, sv_program_row_fn fn, void *ud,
                              sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT id, name, verdict, score, created, updated FROM program "
                            "WHERE org_id = ?1 ORDER BY id",
                            &st, "programs", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, org_id);
    int r;
    while (rc == SV_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        sv_program_row p = {
            .id = sqlite3_column_int64(st, 0),
            .org_id = org_id,
            .name = (const char *)sqlite3_column_text(st, 1),
            .verdict = (const char *)sqlite3_column_text(st, 2),
            .score = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3),
            .created = sqlite3_column_int64(st, 4),
            .updated = sqlite3_column_int64(st, 5)};
        rc = fn(ud, &p, e);
    }
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "programs");
    sqlite3_finalize(st);
    return rc;
}

static sv_code replace(sv_store *s, const sv_principal *actor, int64_t id, const sv_program_in *in,
                       int64_t now, sv_err *e)
{
    sv_code rc = may_write(s, actor, e);
    sqlite3_stmt *st;
    if (rc == SV_OK &&
        !(rc = st_prepare(s,
                          "UPDATE program SET name = ?3, yaml = ?4, verdict = ?5, score = ?6, "
                          "updated = ?7 WHERE id = ?1 AND org_id = ?2",
                          &st, "program", e))) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, actor->org_id);
        bind_in(st, in, now);
        if (!(rc = st_run(s, st, "program", e)) && sqlite3_changes(s->db) == 0)
            rc = not_found(e);
    }
    return rc;
}

sv_code sv_store_program_replace(sv_store *s, const sv_principal *actor, int64_t id,
                                 const sv_program_in *in, int64_t now, sv_err *e)
{
    sv_code rc = check_in(in, e);
    bool own;
    if (rc || (rc = st_tx_begin(s, &own, e)))
        return rc;
    return st_tx_end(s, own, replace(s, actor, id, in, now, e), e);
}
