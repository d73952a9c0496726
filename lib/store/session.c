/* Sessions and API tokens (selvedge/session_store.h). A token is found by its hash; the
 * membership is joined in the same statement, so a session or token whose account has left
 * the organization finds nothing. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "selvedge/session_store.h"

static sv_code session_create(sv_store *s, int64_t account_id, int64_t org_id, int64_t now,
                              char token[SV_TOKEN_LEN], sv_session *out, sv_err *e)
{
    sv_role role;
    sv_code rc = sv_store_org_role(s, account_id, org_id, &role, e);
    if (rc == SV_OK && role == SV_ROLE_NONE)
        rc = sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "org",
                       "the account is not a member of this organization");
    sv_session ss = {.who = {.account_id = account_id, .org_id = org_id, .role = role},
                     .created = now,
                     .expires = now + SV_SESSION_TTL,
                     .last_seen = now};
    char hash[SV_TOKEN_HASH_LEN];
    if (rc == SV_OK && !(rc = sv_auth_token_new(token, e)) && !(rc = sv_auth_token_new(ss.csrf, e)))
        sv_auth_token_hash(token, hash);
    sqlite3_stmt *st;
    if (rc == SV_OK &&
        !(rc = st_prepare(s,
                          "INSERT INTO session (token_hash, account_id, org_id, csrf, created, "
                          "expires, last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)",
                          &st, "session", e))) {
        sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, account_id);
        sqlite3_bind_int64(st, 3, org_id);
        sqlite3_bind_text(st, 4, ss.csrf, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, now);
        sqlite3_bind_int64(st, 6, ss.expires);
        if (!(rc = st_run(s, st, "session", e))) {
            ss.id = sqlite3_last_insert_rowid(s->db);
            *out = ss;
        }
    }
    return rc;
}

sv_code sv_store_session_create(sv_store *s, int64_t account_id, int64_t org_id, int64_t now,
                                char token[SV_TOKEN_LEN], sv_session *out, sv_err *e)
{
    bool own;
    sv_code rc = st_tx_begin(s, &own, e);
    return rc ? rc
              : st_tx_end(s, own, session_create(s, account_id, org_id, now, token, out, e), e);
}

static sv_code session_switch(sv_store *s, const char *old_token, int64_t org_id, int64_t now,
                              char token[SV_TOKEN_LEN], sv_session *out, sv_err *e)
{
    sv_session old;
    sv_code rc = sv_store_session_lookup(s, old_token, now, &old, e);
    if (rc)
        return rc;
    sv_role role;
    if ((rc = sv_store_org_role(s, old.who.account_id, org_id, &role, e)))
        return rc;
    if (role == SV_ROLE_NONE)
        return sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "org", "no such organization");
    if ((rc = session_create(s, old.who.account_id, org_id, now, token, out, e)))
        return rc;
    sqlite3_stmt *st;
    if ((rc = st_prepare(s, "DELETE FROM session WHERE id = ?1", &st, "session", e)))
        return rc;
    sqlite3_bind_int64(st, 1, old.id);
    return st_run(s, st, "session", e);
}

sv_code sv_store_session_switch(sv_store *s, const char *old_token, int64_t org_id, int64_t now,
                                char token[SV_TOKEN_LEN], sv_session *out, sv_err *e)
{
    bool own;
    sv_code rc = st_tx_begin(s, &own, e);
    return rc ? rc : st_tx_end(s, own, session_switch(s, old_token, org_id, now, token, out, e), e);
}

sv_code sv_store_session_lookup(sv_store *s, const char *token, int64_t now, sv_session *out,
                                sv_err *e)
{
    if (!token || !*token)
        return sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "session", "not logged in");
    char hash[SV_TOKEN_HASH_LEN];
    sv_auth_token_hash(token, hash);
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT s.id, s.account_id, s.org_id, m.role, s.csrf, s.created, "
                            "s.expires, s.last_seen FROM session s JOIN member m "
                            "ON m.org_id = s.org_id AND m.account_id = s.account_id "
                            "WHERE s.token_hash = ?1",
                            &st, "session", e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(st, 0);
        out->who.account_id = sqlite3_column_int64(st, 1);
        out->who.org_id = sqlite3_column_int64(st, 2);
        out->who.role = sv_role_parse((const char *)sqlite3_column_text(st, 3));
        snprintf(out->csrf, sizeof out->csrf, "%s", (const char *)sqlite3_column_text(st, 4));
        out->created = sqlite3_column_int64(st, 5);
        out->expires = sqlite3_column_int64(st, 6);
        out->last_seen = sqlite3_column_int64(st, 7);
        if (now >= out->expires)
            rc = sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "session",
                           "the session has expired: log in again");
    } else if (r == SQLITE_DONE) {
        rc = sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "session", "not logged in");
    } else {
        rc = st_fail(s, e, "session");
    }
    sqlite3_finalize(st);
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

sv_code sv_store_session_touch(sv_store *s, const sv_session *ss, int64_t now, sv_err *e)
{
    if (now - ss->last_seen < SV_SESSION_TOUCH)
        return SV_OK;
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s, "UPDATE session SET last_seen = ?3 WHERE id = ?1 AND org_id = ?2",
                            &st, "session", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, ss->id);
    sqlite3_bind_int64(st, 2, ss->who.org_id);
    sqlite3_bind_int64(st, 3, now);
    return st_run(s, st, "session", e);
}

sv_code sv_store_session_revoke(sv_store *s, const char *token, sv_err *e)
{
    if (!token || !*token)
        return SV_OK;
    char hash[SV_TOKEN_HASH_LEN];
    sv_auth_token_hash(token, hash);
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s, "DELETE FROM session WHERE token_hash = ?1", &st, "session", e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
    return st_run(s, st, "session", e);
}

sv_code sv_store_session_revoke_account(sv_store *s, int64_t account_id, int64_t keep, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc =
        st_prepare(s, "DELETE FROM session WHERE account_id = ?1 AND id <> ?2", &st, "sessions", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, account_id);
    sqlite3_bind_int64(st, 2, keep);
    return st_run(s, st, "sessions", e);
}

sv_code sv_store_session_sweep(sv_store *s, int64_t now, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s, "DELETE FROM session WHERE expires <= ?1", &st, "sessions", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, now);
    return st_run(s, st, "sessions", e);
}

bool sv_session_csrf_ok(const sv_session *ss, const char *header)
{
    return ss && ss->csrf[0] && sv_auth_token_equal(ss->csrf, header);
}

static sv_code token_create(sv_store *s, const sv_principal *actor, const char *name, int64_t now,
                            char secret[SV_TOKEN_LEN], int64_t *id, sv_err *e)
{
    sv_role role;
    sv_code rc = sv_store_org_role(s, actor->account_id, actor->org_id, &role, e);
    if (rc == SV_OK && role == SV_ROLE_NONE)
        rc = sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "org",
                       "the account is not a member of this organization");
    char hash[SV_TOKEN_HASH_LEN];
    if (rc == SV_OK && !(rc = sv_auth_token_new(secret, e)))
        sv_auth_token_hash(secret, hash);
    sqlite3_stmt *st;
    if (rc == SV_OK &&
        !(rc = st_prepare(s,
                          "INSERT INTO api_token (token_hash, org_id, account_id, name, created) "
                          "VALUES (?1, ?2, ?3, ?4, ?5)",
                          &st, "API token", e))) {
        sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, actor->org_id);
        sqlite3_bind_int64(st, 3, actor->account_id);
        sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, now);
        if (!(rc = st_run(s, st, "API token", e)))
            *id = sqlite3_last_insert_rowid(s->db);
    }
    return rc;
}

sv_code sv_store_api_token_create(sv_store *s, const sv_principal *actor, const char *name,
                                  int64_t now, char secret[SV_TOKEN_LEN], int64_t *id, sv_err *e)
{
    sv_code rc = st_check_text(name, 100, "name", e);
    bool own;
    if (rc || (rc = st_tx_begin(s, &own, e)))
        return rc;
    return st_tx_end(s, own, token_create(s, actor, name, now, secret, id, e), e);
}

sv_code sv_store_api_token_list(sv_store *s, int64_t org_id, sv_api_token_fn fn, void *ud,
                                sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT id, account_id, name, created, last_used, revoked "
                            "FROM api_token WHERE org_id = ?1 ORDER BY id DESC",
                            &st, "API tokens", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, org_id);
    int r;
    while (rc == SV_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        sv_api_token t = {.id = sqlite3_column_int64(st, 0),
                          .account_id = sqlite3_column_int64(st, 1),
                          .name = (const char *)sqlite3_column_text(st, 2),
                          .created = sqlite3_column_int64(st, 3),
                          .last_used = sqlite3_column_int64(st, 4),
                          .revoked = sqlite3_column_int64(st, 5)};
        rc = fn(ud, &t, e);
    }
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "API tokens");
    sqlite3_finalize(st);
    return rc;
}

sv_code sv_store_api_token_revoke(sv_store *s, int64_t org_id, int64_t id, int64_t now, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "UPDATE api_token SET revoked = ?3 "
                            "WHERE id = ?1 AND org_id = ?2 AND revoked IS NULL",
                            &st, "API token", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, org_id);
    sqlite3_bind_int64(st, 3, now);
    if ((rc = st_run(s, st, "API token", e)))
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "token", "no such API token");
    return SV_OK;
}

sv_code sv_store_api_token_lookup(sv_store *s, const char *secret, int64_t now, sv_principal *out,
                                  sv_err *e)
{
    memset(out, 0, sizeof *out);
    if (!secret || !*secret)
        return sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "token", "no such API token");
    char hash[SV_TOKEN_HASH_LEN];
    sv_auth_token_hash(secret, hash);
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT t.id, t.account_id, t.org_id, m.role, t.revoked, t.last_used "
                            "FROM api_token t JOIN member m "
                            "ON m.org_id = t.org_id AND m.account_id = t.account_id "
                            "WHERE t.token_hash = ?1",
                            &st, "API token", e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    int64_t id = 0, last_used = 0;
    if (r == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        out->account_id = sqlite3_column_int64(st, 1);
        out->org_id = sqlite3_column_int64(st, 2);
        out->role = sv_role_parse((const char *)sqlite3_column_text(st, 3));
        last_used = sqlite3_column_int64(st, 5);
        if (sqlite3_column_type(st, 4) != SQLITE_NULL)
            rc = sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "token", "the API token was revoked");
    } else if (r == SQLITE_DONE) {
        rc = sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "token", "no such API token");
    } else {
        rc = st_fail(s, e, "API token");
    }
    sqlite3_finalize(st);
    /* its last use, written at most once a minute as a session's */
    if (rc == SV_OK && now - last_used >= SV_SESSION_TOUCH &&
        !(rc = st_prepare(s, "UPDATE api_token SET last_used = ?3 WHERE id = ?1 AND org_id = ?2",
                          &st, "API token", e))) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, out->org_id);
        sqlite3_bind_int64(st, 3, now);
        rc = st_run(s, st, "API token", e);
    }
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}
