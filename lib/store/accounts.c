/* Accounts (selvedge/account_store.h): sign-up, login with its throttle, password change.
 *
 * The throttle is a sliding window over the failures kept in login_failure, one key for the
 * account's email (even one with no account: the answer must not say which exist) and one for
 * the client's address: SV_LOGIN_FAILURES failures within SV_LOGIN_WINDOW seconds lock the key
 * until SV_LOGIN_LOCK seconds after the last of them. A locked key's attempts are not counted
 * (the lock does not grow while someone keeps knocking) and the password is not tried (no
 * guess is answered while locked). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "selvedge/account_store.h"
#include "selvedge/auth.h"
#include "selvedge/session_store.h"
#include "selvedge/utf8.h"

sv_code sv_account_email_normalize(const char *email, char out[SV_EMAIL_MAX + 1], sv_err *e)
{
    const char *p = email ? email : "";
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (n == 0)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "email", "must not be empty");
    if (n > SV_EMAIL_MAX)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "email", "must be at most %d bytes",
                         SV_EMAIL_MAX);
    int32_t cp;
    if (sv_utf8_unsafe(p, n, 0, &cp) < n)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "email",
                         cp < 0 ? "must be valid UTF-8" : "must not hold control characters");
    size_t at = n, ats = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == ' ')
            return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "email", "must not hold spaces");
        if (c == '@') {
            at = i;
            ats++;
        }
        out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = '\0';
    if (ats != 1 || at == 0 || at == n - 1)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "email", "must be an address: name@domain");
    return SV_OK;
}

static sv_code insert_account(sv_store *s, const char *email, const char *hash, int64_t now,
                              int64_t *id, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s, "SELECT 1 FROM account WHERE email = ?1", &st, "account", e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        rc = sv_err_at(e, SV_ERR_CONFLICT, NULL, 0, 0, "email",
                       "an account with this email exists already");
    else if (r != SQLITE_DONE)
        rc = st_fail(s, e, "account");
    sqlite3_finalize(st);
    if (rc == SV_OK && !(rc = st_prepare(s,
                                         "INSERT INTO account (email, password_hash, created) "
                                         "VALUES (?1, ?2, ?3)",
                                         &st, "account", e))) {
        sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, now);
        if (!(rc = st_run(s, st, "account", e)))
            *id = sqlite3_last_insert_rowid(s->db);
    }
    return rc;
}

/* The sign-ups of an address are kept in login_failure under the key "signup:ADDRESS" (one
 * row a sign-up made, at its time): the same sliding window, no table of its own. Until when
 * key may not sign up (0: it may), from its sign-ups of the last SV_SIGNUP_WINDOW seconds. */
static sv_code signup_wait(sv_store *s, const char *key, int64_t now, int64_t *until, sv_err *e)
{
    *until = 0;
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT at FROM login_failure WHERE key = ?1 AND at > ?2 "
                            "ORDER BY at DESC LIMIT 1 OFFSET ?3",
                            &st, "sign-ups", e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now - SV_SIGNUP_WINDOW);
    sqlite3_bind_int(st, 3, SV_SIGNUP_PER_HOUR - 1);
    int r = sqlite3_step(st);
    /* the SV_SIGNUP_PER_HOUR-th latest sign-up within the window: one more when it leaves it */
    if (r == SQLITE_ROW)
        *until = sqlite3_column_int64(st, 0) + SV_SIGNUP_WINDOW;
    else if (r != SQLITE_DONE)
        rc = st_fail(s, e, "sign-ups");
    sqlite3_finalize(st);
    return rc;
}

static sv_code note_signup(sv_store *s, const char *key, int64_t now, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc =
        st_prepare(s, "DELETE FROM login_failure WHERE key = ?1 AND at <= ?2", &st, "sign-ups", e);
    if (rc == SV_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, now - SV_SIGNUP_WINDOW);
        rc = st_run(s, st, "sign-ups", e);
    }
    if (rc == SV_OK && !(rc = st_prepare(s, "INSERT INTO login_failure (key, at) VALUES (?1, ?2)",
                                         &st, "sign-ups", e))) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, now);
        rc = st_run(s, st, "sign-ups", e);
    }
    return rc;
}

sv_code sv_store_account_signup(sv_store *s, const sv_signup *in, int64_t now, sv_principal *out,
                                sv_err *e)
{
    char email[SV_EMAIL_MAX + 1], hash[SV_PWHASH_LEN], skey[128];
    bool by_address = in->address && *in->address;
    if (in->retry_after)
        *in->retry_after = 0;
    if (by_address) {
        snprintf(skey, sizeof skey, "signup:%.100s", in->address);
        int64_t until;
        sv_code rc = signup_wait(s, skey, now, &until, e);
        if (rc)
            return rc;
        if (until > now) {
            if (in->retry_after)
                *in->retry_after = until - now;
            return sv_err_at(e, SV_ERR_LIMITED, NULL, 0, 0, "address",
                             "too many sign-ups from this address: try again in %lld minutes",
                             (long long)((until - now + 59) / 60));
        }
    }
    sv_code rc = sv_account_email_normalize(in->email, email, e);
    if (rc == SV_OK)
        rc = sv_auth_password_rules(in->password, email, e);
    if (rc == SV_OK)
        rc = st_check_text(in->org_name, 200, "org_name", e);
    if (rc == SV_OK && in->org_kind != SV_ORG_BRAND && in->org_kind != SV_ORG_FACTORY)
        rc =
            sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "org_kind", "must be \"brand\" or \"factory\"");
    if (rc == SV_OK) /* before the transaction: the write lock is not held while it hashes */
        rc = sv_auth_password_hash(in->password, hash, e);
    bool own;
    if (rc || (rc = st_tx_begin(s, &own, e)))
        return rc;
    int64_t account = 0, org = 0;
    rc = insert_account(s, email, hash, now, &account, e);
    if (rc == SV_OK)
        rc = sv_store_org_create(s, in->org_name, in->org_kind, now, &org, e);
    if (rc == SV_OK)
        rc = sv_store_org_member_add(s, org, account, SV_ROLE_OWNER, now, e);
    if (rc == SV_OK && by_address)
        rc = note_signup(s, skey, now, e);
    rc = st_tx_end(s, own, rc, e);
    if (rc == SV_OK)
        *out = (sv_principal){.account_id = account, .org_id = org, .role = SV_ROLE_OWNER};
    return rc;
}

/* Until when key is locked (0: it is not), from its failures in the last two windows. */
static sv_code locked_until(sv_store *s, const char *key, int64_t now, int64_t *until, sv_err *e)
{
    *until = 0;
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT at FROM login_failure WHERE key = ?1 AND at > ?2 "
                            "ORDER BY at",
                            &st, "login attempts", e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now - SV_LOGIN_WINDOW - SV_LOGIN_LOCK);
    /* the times of the last SV_LOGIN_FAILURES failures, a ring */
    int64_t ring[SV_LOGIN_FAILURES];
    size_t n = 0;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t at = sqlite3_column_int64(st, 0);
        ring[n % SV_LOGIN_FAILURES] = at;
        n++;
        /* SV_LOGIN_FAILURES failures within a window, ending with this one: locked after it */
        if (n >= SV_LOGIN_FAILURES && at - ring[n % SV_LOGIN_FAILURES] < SV_LOGIN_WINDOW &&
            at + SV_LOGIN_LOCK > *until)
            *until = at + SV_LOGIN_LOCK;
    }
    if (r != SQLITE_DONE)
        rc = st_fail(s, e, "login attempts");
    sqlite3_finalize(st);
    if (*until <= now)
        *until = 0;
    return rc;
}

static sv_code note_failure(sv_store *s, const char *key, int64_t now, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s, "DELETE FROM login_failure WHERE key = ?1 AND at <= ?2", &st,
                            "login attempts", e);
    if (rc == SV_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, now - SV_LOGIN_WINDOW - SV_LOGIN_LOCK);
        rc = st_run(s, st, "login attempts", e);
    }
    if (rc == SV_OK && !(rc = st_prepare(s, "INSERT INTO login_failure (key, at) VALUES (?1, ?2)",
                                         &st, "login attempts", e))) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, now);
        rc = st_run(s, st, "login attempts", e);
    }
    return rc;
}

static sv_code forget_failures(sv_store *s, const char *key, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc =
        st_prepare(s, "DELETE FROM login_failure WHERE key = ?1", &st, "login attempts", e);
    if (rc == SV_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        rc = st_run(s, st, "login attempts", e);
    }
    return rc;
}

/* The account's id and password hash (malloc'ed) by normalized email; 0 and NULL when none. */
static sv_code find(sv_store *s, const char *email, int64_t *id, char **hash, sv_err *e)
{
    sqlite3_stmt *st;
    *id = 0;
    *hash = NULL;
    sv_code rc =
        st_prepare(s, "SELECT id, password_hash FROM account WHERE email = ?1", &st, "account", e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        if (!(*hash = strdup((const char *)sqlite3_column_text(st, 1))))
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    } else if (r != SQLITE_DONE) {
        rc = st_fail(s, e, "account");
    }
    sqlite3_finalize(st);
    return rc;
}

sv_code sv_store_account_login(sv_store *s, const char *email, const char *password,
                               const char *address, int64_t now, int64_t *account_id,
                               int64_t *retry_after, sv_err *e)
{
    char norm[SV_EMAIL_MAX + 1], akey[SV_EMAIL_MAX + 16], ikey[128];
    *account_id = 0;
    if (retry_after)
        *retry_after = 0;
    sv_code rc = sv_account_email_normalize(email, norm, e);
    if (rc)
        return rc;
    snprintf(akey, sizeof akey, "account:%s", norm);
    bool by_address = address && *address;
    if (by_address)
        snprintf(ikey, sizeof ikey, "address:%.100s", address);
    int64_t until = 0, until2 = 0;
    if ((rc = locked_until(s, akey, now, &until, e)) ||
        (by_address && (rc = locked_until(s, ikey, now, &until2, e))))
        return rc;
    if (until || until2) {
        int64_t later = until > until2 ? until : until2;
        if (retry_after)
            *retry_after = later - now;
        return sv_err_at(e, SV_ERR_LIMITED, NULL, 0, 0, until ? "email" : "address",
                         "too many failed logins: try again in %lld minutes",
                         (long long)((later - now + 59) / 60));
    }
    int64_t id;
    char *hash;
    if ((rc = find(s, norm, &id, &hash, e)))
        return rc;
    /* an unknown email is verified against a dummy hash: the same work either way */
    bool ok = sv_auth_password_verify(hash, password ? password : "") && id;
    free(hash);
    bool own;
    if ((rc = st_tx_begin(s, &own, e)))
        return rc;
    if (ok) {
        rc = forget_failures(s, akey, e);
    } else {
        rc = note_failure(s, akey, now, e);
        if (rc == SV_OK && by_address)
            rc = note_failure(s, ikey, now, e);
    }
    if ((rc = st_tx_end(s, own, rc, e)))
        return rc;
    if (!ok)
        return sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "password", "wrong email or password");
    *account_id = id;
    return SV_OK;
}

static sv_code current_hash(sv_store *s, int64_t account_id, char **hash, sv_err *e)
{
    sqlite3_stmt *st;
    *hash = NULL;
    sv_code rc =
        st_prepare(s, "SELECT password_hash FROM account WHERE id = ?1", &st, "account", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, account_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        if (!(*hash = strdup((const char *)sqlite3_column_text(st, 0))))
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    } else if (r == SQLITE_DONE) {
        rc = sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "account", "no such account");
    } else {
        rc = st_fail(s, e, "account");
    }
    sqlite3_finalize(st);
    return rc;
}

/* A wrong current password counted against the account's key, in a transaction of its own. */
static sv_code count_failure(sv_store *s, const char *akey, int64_t now, sv_err *e)
{
    bool own;
    sv_code rc = st_tx_begin(s, &own, e);
    return rc ? rc : st_tx_end(s, own, note_failure(s, akey, now, e), e);
}

sv_code sv_store_account_password(sv_store *s, int64_t account_id, const char *old_password,
                                  const char *new_password, int64_t keep_session, int64_t now,
                                  int64_t *retry_after, sv_err *e)
{
    char email[SV_EMAIL_MAX + 1], akey[SV_EMAIL_MAX + 16], *old_hash, hash[SV_PWHASH_LEN];
    int64_t until = 0;
    if (retry_after)
        *retry_after = 0;
    sv_code rc = sv_store_account_email(s, account_id, email, e);
    if (rc == SV_OK) {
        /* the login's throttle: a stolen session does not make the password guessable */
        snprintf(akey, sizeof akey, "account:%s", email);
        if (!(rc = locked_until(s, akey, now, &until, e)) && until && retry_after)
            *retry_after = until - now;
        if (rc == SV_OK && until)
            rc = sv_err_at(e, SV_ERR_LIMITED, NULL, 0, 0, "old_password",
                           "too many failed attempts: try again in %lld minutes",
                           (long long)((until - now + 59) / 60));
    }
    if (rc == SV_OK && !(rc = current_hash(s, account_id, &old_hash, e))) {
        bool ok = sv_auth_password_verify(old_hash, old_password ? old_password : "");
        free(old_hash);
        if (!ok && !(rc = count_failure(s, akey, now, e)))
            rc = sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "old_password",
                           "the current password is wrong");
    }
    if (rc == SV_OK && (rc = sv_auth_password_rules(new_password, email, e)) && e &&
        strcmp(e->field, "password") == 0)
        snprintf(e->field, sizeof e->field, "new_password");
    if (rc == SV_OK)
        rc = sv_auth_password_hash(new_password, hash, e);
    bool own;
    if (rc || (rc = st_tx_begin(s, &own, e)))
        return rc;
    sqlite3_stmt *st;
    if (!(rc = st_prepare(s, "UPDATE account SET password_hash = ?2 WHERE id = ?1", &st, "account",
                          e))) {
        sqlite3_bind_int64(st, 1, account_id);
        sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
        rc = st_run(s, st, "account", e);
    }
    if (rc == SV_OK)
        rc = forget_failures(s, akey, e);
    if (rc == SV_OK)
        rc = sv_store_session_revoke_account(s, account_id, keep_session, e);
    return st_tx_end(s, own, rc, e);
}

sv_code sv_store_account_email(sv_store *s, int64_t account_id, char out[SV_EMAIL_MAX + 1],
                               sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s, "SELECT email FROM account WHERE id = ?1", &st, "account", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, account_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        snprintf(out, SV_EMAIL_MAX + 1, "%s", (const char *)sqlite3_column_text(st, 0));
    else if (r == SQLITE_DONE)
        rc = sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "account", "no such account");
    else
        rc = st_fail(s, e, "account");
    sqlite3_finalize(st);
    return rc;
}
