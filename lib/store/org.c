/* Organizations, members, invitations (selvedge/org_store.h). Every statement that touches an
 * organization's things names the organization in its WHERE clause: a thing of another one is
 * not found, never returned. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "selvedge/org_store.h"

static const char *const role_names[] = {"", "viewer", "member", "owner"};

const char *sv_role_name(sv_role r)
{
    return r >= SV_ROLE_NONE && r <= SV_ROLE_OWNER ? role_names[r] : "";
}

sv_role sv_role_parse(const char *s)
{
    for (int r = SV_ROLE_VIEWER; s && r <= SV_ROLE_OWNER; r++)
        if (strcmp(s, role_names[r]) == 0)
            return (sv_role)r;
    return SV_ROLE_NONE;
}

/* The handle a name gives: lower-case ASCII letters and digits, other runs as one '-', at
 * most 40 bytes; "org" when nothing is left. */
static void slug(const char *name, char out[48])
{
    size_t n = 0;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)name; *p && n < 40; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && n)
                out[n++] = '-';
            dash = false;
            if (n < 40)
                out[n++] = (char)c;
        } else {
            dash = true;
        }
    }
    out[n] = '\0';
    if (!n)
        strcpy(out, "org");
}

/* Whether an organization or a brand of the ledger has the handle. */
static sv_code handle_taken(sv_store *s, const char *h, bool *taken, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT 1 FROM org WHERE handle = ?1 "
                            "UNION ALL SELECT 1 FROM brand WHERE handle = ?1",
                            &st, "organization handle", e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, h, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    *taken = r == SQLITE_ROW;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = st_fail(s, e, "organization handle");
    sqlite3_finalize(st);
    return rc;
}

static sv_code create(sv_store *s, const char *name, sv_org_kind kind, int64_t now, int64_t *org_id,
                      sv_err *e)
{
    char base[48], h[64];
    slug(name, base);
    snprintf(h, sizeof h, "%s", base);
    bool taken = true;
    sv_code rc = SV_OK;
    for (int i = 2; rc == SV_OK; i++) {
        if ((rc = handle_taken(s, h, &taken, e)) || !taken)
            break;
        snprintf(h, sizeof h, "%s-%d", base, i);
    }
    if (rc)
        return rc;
    int64_t brand_id = 0;
    sqlite3_stmt *st;
    if (kind == SV_ORG_BRAND) {
        if ((rc = st_prepare(s, "INSERT INTO brand (handle) VALUES (?1)", &st, "brand", e)))
            return rc;
        sqlite3_bind_text(st, 1, h, -1, SQLITE_STATIC);
        if ((rc = st_run(s, st, "brand", e)))
            return rc;
        brand_id = sqlite3_last_insert_rowid(s->db);
    }
    if ((rc = st_prepare(s,
                         "INSERT INTO org (name, kind, handle, brand_id, created) "
                         "VALUES (?1, ?2, ?3, ?4, ?5)",
                         &st, "organization", e)))
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kind == SV_ORG_BRAND ? "brand" : "factory", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, h, -1, SQLITE_STATIC);
    if (brand_id)
        sqlite3_bind_int64(st, 4, brand_id);
    sqlite3_bind_int64(st, 5, now);
    if ((rc = st_run(s, st, "organization", e)))
        return rc;
    *org_id = sqlite3_last_insert_rowid(s->db);
    return SV_OK;
}

sv_code sv_store_org_create(sv_store *s, const char *name, sv_org_kind kind, int64_t now,
                            int64_t *org_id, sv_err *e)
{
    sv_code rc = st_check_text(name, 200, "org_name", e);
    if (rc)
        return rc;
    if (kind != SV_ORG_BRAND && kind != SV_ORG_FACTORY)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "org_kind",
                         "must be \"brand\" or \"factory\"");
    bool own;
    if ((rc = st_tx_begin(s, &own, e)))
        return rc;
    return st_tx_end(s, own, create(s, name, kind, now, org_id, e), e);
}

sv_code sv_store_org_get(sv_store *s, int64_t org_id, sv_pool *pool, sv_org *out, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT name, kind, handle, factory_id, created FROM org "
                            "WHERE id = ?1",
                            &st, "organization", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, org_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = org_id;
        out->name = sv_pool_strdup(pool, (const char *)sqlite3_column_text(st, 0));
        out->kind = strcmp((const char *)sqlite3_column_text(st, 1), "brand") == 0 ? SV_ORG_BRAND
                                                                                   : SV_ORG_FACTORY;
        out->handle = sv_pool_strdup(pool, (const char *)sqlite3_column_text(st, 2));
        out->factory_id = sqlite3_column_int64(st, 3);
        out->created = sqlite3_column_int64(st, 4);
        if (!out->name || !out->handle)
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    } else if (r == SQLITE_DONE) {
        rc = sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "org", "no such organization");
    } else {
        rc = st_fail(s, e, "organization");
    }
    sqlite3_finalize(st);
    return rc;
}

/* One integer answer of q bound to a and b (b < 0: not bound), 0 when there is no row. */
static sv_code one_int(sv_store *s, const char *q, int64_t a, int64_t b, int64_t *out,
                       const char *what, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s, q, &st, what, e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, a);
    if (b >= 0)
        sqlite3_bind_int64(st, 2, b);
    int r = sqlite3_step(st);
    *out = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = st_fail(s, e, what);
    sqlite3_finalize(st);
    return rc;
}

sv_code sv_store_org_role(sv_store *s, int64_t account_id, int64_t org_id, sv_role *role, sv_err *e)
{
    sqlite3_stmt *st;
    *role = SV_ROLE_NONE;
    sv_code rc = st_prepare(s, "SELECT role FROM member WHERE org_id = ?1 AND account_id = ?2", &st,
                            "membership", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, account_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *role = sv_role_parse((const char *)sqlite3_column_text(st, 0));
    else if (r != SQLITE_DONE)
        rc = st_fail(s, e, "membership");
    sqlite3_finalize(st);
    return rc;
}

sv_code sv_store_org_first(sv_store *s, int64_t account_id, int64_t *org_id, sv_err *e)
{
    sv_code rc = one_int(s,
                         "SELECT org_id FROM member WHERE account_id = ?1 "
                         "ORDER BY created, org_id LIMIT 1",
                         account_id, -1, org_id, "membership", e);
    if (rc == SV_OK && !*org_id)
        rc = sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "org", "the account has no organization");
    return rc;
}

sv_code sv_store_org_memberships(sv_store *s, int64_t account_id, sv_membership_fn fn, void *ud,
                                 sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT o.id, o.name, o.handle, o.kind, m.role, m.created "
                            "FROM member m JOIN org o ON o.id = m.org_id "
                            "WHERE m.account_id = ?1 ORDER BY m.created, m.org_id",
                            &st, "memberships", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, account_id);
    int r = SQLITE_DONE;
    while (rc == SV_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(st, 3);
        sv_membership m = {.org_id = sqlite3_column_int64(st, 0),
                           .name = (const char *)sqlite3_column_text(st, 1),
                           .handle = (const char *)sqlite3_column_text(st, 2),
                           .kind =
                               kind && strcmp(kind, "factory") == 0 ? SV_ORG_FACTORY : SV_ORG_BRAND,
                           .role = sv_role_parse((const char *)sqlite3_column_text(st, 4)),
                           .joined = sqlite3_column_int64(st, 5)};
        rc = fn(ud, &m, e);
    }
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "memberships");
    sqlite3_finalize(st);
    return rc;
}

/* Whether actor is, now, at least `need` in its organization (the role read again in the
 * transaction, not trusted from the session). */
static sv_code require(sv_store *s, const sv_principal *actor, sv_role need, sv_err *e)
{
    sv_role r;
    sv_code rc = sv_store_org_role(s, actor->account_id, actor->org_id, &r, e);
    if (rc == SV_OK && r < need)
        rc = sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "role", "this needs the role %s",
                       sv_role_name(need));
    return rc;
}

static sv_code claim(sv_store *s, const sv_principal *actor, int64_t factory_id, sv_err *e)
{
    sv_code rc = require(s, actor, SV_ROLE_OWNER, e);
    int64_t n = 0;
    if (rc == SV_OK &&
        !(rc = one_int(s, "SELECT kind = 'brand' FROM org WHERE id = ?1", actor->org_id, -1, &n,
                       "organization", e)) &&
        n)
        rc = sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "org_kind",
                       "a brand organization does not claim a factory");
    if (rc == SV_OK &&
        !(rc = one_int(s, "SELECT count(*) FROM factory WHERE id = ?1", factory_id, -1, &n,
                       "factory", e)) &&
        !n)
        rc = sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "factory", "no such factory");
    if (rc == SV_OK &&
        !(rc = one_int(s, "SELECT factory_id FROM org WHERE id = ?1", actor->org_id, -1, &n,
                       "organization", e)) &&
        n)
        rc = sv_err_at(e, SV_ERR_CONFLICT, NULL, 0, 0, "factory",
                       "this organization has claimed a factory already");
    if (rc == SV_OK &&
        !(rc = one_int(s, "SELECT count(*) FROM org WHERE factory_id = ?1", factory_id, -1, &n,
                       "organization", e)) &&
        n)
        rc = sv_err_at(e, SV_ERR_CONFLICT, NULL, 0, 0, "factory",
                       "the factory is claimed by another organization");
    sqlite3_stmt *st;
    if (rc == SV_OK &&
        !(rc = st_prepare(s, "UPDATE org SET factory_id = ?2 WHERE id = ?1", &st, "claim", e))) {
        sqlite3_bind_int64(st, 1, actor->org_id);
        sqlite3_bind_int64(st, 2, factory_id);
        rc = st_run(s, st, "claim", e);
    }
    return rc;
}

sv_code sv_store_org_claim(sv_store *s, const sv_principal *actor, int64_t factory_id, sv_err *e)
{
    bool own;
    sv_code rc = st_tx_begin(s, &own, e);
    return rc ? rc : st_tx_end(s, own, claim(s, actor, factory_id, e), e);
}

static sv_code member_add(sv_store *s, int64_t org_id, int64_t account_id, sv_role role,
                          int64_t now, sv_err *e)
{
    sv_role had;
    sv_code rc = sv_store_org_role(s, account_id, org_id, &had, e);
    if (rc == SV_OK && had != SV_ROLE_NONE)
        rc =
            sv_err_at(e, SV_ERR_CONFLICT, NULL, 0, 0, "account", "the account is a member already");
    sqlite3_stmt *st;
    if (rc == SV_OK && !(rc = st_prepare(s,
                                         "INSERT INTO member (org_id, account_id, role, created) "
                                         "VALUES (?1, ?2, ?3, ?4)",
                                         &st, "membership", e))) {
        sqlite3_bind_int64(st, 1, org_id);
        sqlite3_bind_int64(st, 2, account_id);
        sqlite3_bind_text(st, 3, sv_role_name(role), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, now);
        rc = st_run(s, st, "membership", e);
    }
    return rc;
}

sv_code sv_store_org_member_add(sv_store *s, int64_t org_id, int64_t account_id, sv_role role,
                                int64_t now, sv_err *e)
{
    if (role < SV_ROLE_VIEWER || role > SV_ROLE_OWNER)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "role",
                         "must be \"owner\", \"member\" or \"viewer\"");
    bool own;
    sv_code rc = st_tx_begin(s, &own, e);
    return rc ? rc : st_tx_end(s, own, member_add(s, org_id, account_id, role, now, e), e);
}

/* Change (role > NONE) or remove (NONE) a member of actor's organization, never its last
 * owner. */
static sv_code member_change(sv_store *s, const sv_principal *actor, int64_t account_id,
                             sv_role role, sv_err *e)
{
    sv_code rc = require(s, actor, SV_ROLE_OWNER, e);
    sv_role had = SV_ROLE_NONE;
    if (rc == SV_OK && !(rc = sv_store_org_role(s, account_id, actor->org_id, &had, e)) &&
        had == SV_ROLE_NONE)
        rc = sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "account",
                       "no such member of this organization");
    int64_t owners = 0;
    if (rc == SV_OK && had == SV_ROLE_OWNER && role != SV_ROLE_OWNER &&
        !(rc = one_int(s, "SELECT count(*) FROM member WHERE org_id = ?1 AND role = 'owner'",
                       actor->org_id, -1, &owners, "membership", e)) &&
        owners <= 1)
        rc = sv_err_at(e, SV_ERR_CONFLICT, NULL, 0, 0, "role",
                       "an organization keeps at least one owner: make another owner first");
    sqlite3_stmt *st;
    if (rc == SV_OK &&
        !(rc = st_prepare(s,
                          role == SV_ROLE_NONE
                              ? "DELETE FROM member WHERE org_id = ?1 AND account_id = ?2"
                              : "UPDATE member SET role = ?3 WHERE org_id = ?1 AND account_id = ?2",
                          &st, "membership", e))) {
        sqlite3_bind_int64(st, 1, actor->org_id);
        sqlite3_bind_int64(st, 2, account_id);
        if (role != SV_ROLE_NONE)
            sqlite3_bind_text(st, 3, sv_role_name(role), -1, SQLITE_STATIC);
        rc = st_run(s, st, "membership", e);
    }
    /* a member removed loses its sessions in this organization with it */
    if (rc == SV_OK && role == SV_ROLE_NONE &&
        !(rc = st_prepare(s, "DELETE FROM session WHERE org_id = ?1 AND account_id = ?2", &st,
                          "sessions", e))) {
        sqlite3_bind_int64(st, 1, actor->org_id);
        sqlite3_bind_int64(st, 2, account_id);
        rc = st_run(s, st, "sessions", e);
    }
    return rc;
}

sv_code sv_store_org_member_set(sv_store *s, const sv_principal *actor, int64_t account_id,
                                sv_role role, sv_err *e)
{
    if (role < SV_ROLE_VIEWER || role > SV_ROLE_OWNER)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "role",
                         "must be \"owner\", \"member\" or \"viewer\"");
    bool own;
    sv_code rc = st_tx_begin(s, &own, e);
    return rc ? rc : st_tx_end(s, own, member_change(s, actor, account_id, role, e), e);
}

sv_code sv_store_org_member_remove(sv_store *s, const sv_principal *actor, int64_t account_id,
                                   sv_err *e)
{
    bool own;
    sv_code rc = st_tx_begin(s, &own, e);
    return rc ? rc : st_tx_end(s, own, member_change(s, actor, account_id, SV_ROLE_NONE, e), e);
}

sv_code sv_store_org_members(sv_store *s, int64_t org_id, sv_member_fn fn, void *ud, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT m.account_id, a.email, m.role, m.created FROM member m "
                            "JOIN account a ON a.id = m.account_id WHERE m.org_id = ?1 "
                            "ORDER BY m.created, m.account_id",
                            &st, "members", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, org_id);
    int r;
    while (rc == SV_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        sv_member m = {.account_id = sqlite3_column_int64(st, 0),
                       .email = (const char *)sqlite3_column_text(st, 1),
                       .role = sv_role_parse((const char *)sqlite3_column_text(st, 2)),
                       .created = sqlite3_column_int64(st, 3)};
        rc = fn(ud, &m, e);
    }
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "members");
    sqlite3_finalize(st);
    return rc;
}

static sv_code invite(sv_store *s, const sv_principal *actor, sv_role role, int64_t now,
                      int64_t ttl, char token[SV_TOKEN_LEN], int64_t *id, sv_err *e)
{
    sv_code rc = require(s, actor, SV_ROLE_OWNER, e);
    char hash[SV_TOKEN_HASH_LEN];
    if (rc == SV_OK && !(rc = sv_auth_token_new(token, e)))
        sv_auth_token_hash(token, hash);
    sqlite3_stmt *st;
    if (rc == SV_OK &&
        !(rc = st_prepare(s,
                          "INSERT INTO invitation (org_id, token_hash, role, created_by, created, "
                          "expires) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                          &st, "invitation", e))) {
        sqlite3_bind_int64(st, 1, actor->org_id);
        sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, sv_role_name(role), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, actor->account_id);
        sqlite3_bind_int64(st, 5, now);
        sqlite3_bind_int64(st, 6, now + ttl);
        if (!(rc = st_run(s, st, "invitation", e)))
            *id = sqlite3_last_insert_rowid(s->db);
    }
    return rc;
}

sv_code sv_store_org_invite(sv_store *s, const sv_principal *actor, sv_role role, int64_t now,
                            int64_t ttl, char token[SV_TOKEN_LEN], int64_t *invitation_id,
                            sv_err *e)
{
    if (role < SV_ROLE_VIEWER || role > SV_ROLE_OWNER)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "role",
                         "must be \"owner\", \"member\" or \"viewer\"");
    if (ttl <= 0)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "expires", "must be in the future");
    bool own;
    sv_code rc = st_tx_begin(s, &own, e);
    return rc ? rc
              : st_tx_end(s, own, invite(s, actor, role, now, ttl, token, invitation_id, e), e);
}

static sv_code accept(sv_store *s, const char *token, int64_t account_id, int64_t now,
                      sv_principal *out, sv_err *e)
{
    char hash[SV_TOKEN_HASH_LEN];
    sv_auth_token_hash(token, hash);
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT id, org_id, role, expires, accepted FROM invitation "
                            "WHERE token_hash = ?1",
                            &st, "invitation", e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    int64_t id = 0, org = 0, expires = 0;
    bool accepted = false;
    sv_role role = SV_ROLE_NONE;
    if (r == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        org = sqlite3_column_int64(st, 1);
        role = sv_role_parse((const char *)sqlite3_column_text(st, 2));
        expires = sqlite3_column_int64(st, 3);
        accepted = sqlite3_column_type(st, 4) != SQLITE_NULL;
    } else if (r == SQLITE_DONE) {
        rc = sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "token", "no such invitation");
    } else {
        rc = st_fail(s, e, "invitation");
    }
    sqlite3_finalize(st);
    if (rc == SV_OK && accepted)
        rc = sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "token",
                       "the invitation has been accepted already");
    if (rc == SV_OK && now >= expires)
        rc = sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "token", "the invitation has expired");
    if (rc == SV_OK)
        rc = member_add(s, org, account_id, role, now, e);
    if (rc == SV_OK && !(rc = st_prepare(s,
                                         "UPDATE invitation SET accepted_by = ?3, accepted = ?4 "
                                         "WHERE id = ?1 AND org_id = ?2",
                                         &st, "invitation", e))) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, org);
        sqlite3_bind_int64(st, 3, account_id);
        sqlite3_bind_int64(st, 4, now);
        rc = st_run(s, st, "invitation", e);
    }
    if (rc == SV_OK)
        *out = (sv_principal){.account_id = account_id, .org_id = org, .role = role};
    return rc;
}

sv_code sv_store_org_accept(sv_store *s, const char *token, int64_t account_id, int64_t now,
                            sv_principal *out, sv_err *e)
{
    if (!token || !*token)
        return sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "token", "no such invitation");
    bool own;
    sv_code rc = st_tx_begin(s, &own, e);
    return rc ? rc : st_tx_end(s, own, accept(s, token, account_id, now, out, e), e);
}

sv_code sv_store_org_invitations(sv_store *s, int64_t org_id, int64_t now, sv_invitation_fn fn,
                                 void *ud, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT i.id, i.role, a.email, i.created, i.expires FROM invitation i "
                            "JOIN account a ON a.id = i.created_by WHERE i.org_id = ?1 "
                            "AND i.accepted IS NULL AND i.expires > ?2 "
                            "ORDER BY i.created DESC, i.id DESC",
                            &st, "invitations", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, now);
    int r;
    while (rc == SV_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        sv_invitation v = {.id = sqlite3_column_int64(st, 0),
                           .role = sv_role_parse((const char *)sqlite3_column_text(st, 1)),
                           .created_by = (const char *)sqlite3_column_text(st, 2),
                           .created = sqlite3_column_int64(st, 3),
                           .expires = sqlite3_column_int64(st, 4)};
        rc = fn(ud, &v, e);
    }
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "invitations");
    sqlite3_finalize(st);
    return rc;
}

static sv_code uninvite(sv_store *s, const sv_principal *actor, int64_t id, int64_t now, sv_err *e)
{
    sv_code rc = require(s, actor, SV_ROLE_OWNER, e);
    sqlite3_stmt *st;
    if (rc == SV_OK && !(rc = st_prepare(s,
                                         "UPDATE invitation SET expires = ?3 WHERE id = ?1 AND "
                                         "org_id = ?2 AND accepted IS NULL AND expires > ?3",
                                         &st, "invitation", e))) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, actor->org_id);
        sqlite3_bind_int64(st, 3, now);
        if (!(rc = st_run(s, st, "invitation", e)) && sqlite3_changes(s->db) == 0)
            rc = sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "invitation",
                           "no such pending invitation");
    }
    return rc;
}

sv_code sv_store_org_uninvite(sv_store *s, const sv_principal *actor, int64_t id, int64_t now,
                              sv_err *e)
{
    bool own;
    sv_code rc = st_tx_begin(s, &own, e);
    return rc ? rc : st_tx_end(s, own, uninvite(s, actor, id, now, e), e);
}

sv_code sv_store_org_invitation_peek(sv_store *s, const char *token, sv_pool *pool,
                                     sv_invitation_peek *out, sv_err *e)
{
    memset(out, 0, sizeof *out);
    if (!token || !*token)
        return sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "token", "no such invitation");
    char hash[SV_TOKEN_HASH_LEN];
    sv_auth_token_hash(token, hash);
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT i.org_id, o.name, o.kind, i.role, i.expires, i.accepted "
                            "FROM invitation i JOIN org o ON o.id = i.org_id "
                            "WHERE i.token_hash = ?1",
                            &st, "invitation", e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        out->org_id = sqlite3_column_int64(st, 0);
        out->org_name = sv_pool_strdup(pool, (const char *)sqlite3_column_text(st, 1));
        out->org_kind = strcmp((const char *)sqlite3_column_text(st, 2), "brand") == 0
                            ? SV_ORG_BRAND
                            : SV_ORG_FACTORY;
        out->role = sv_role_parse((const char *)sqlite3_column_text(st, 3));
        out->expires = sqlite3_column_int64(st, 4);
        out->accepted = sqlite3_column_type(st, 5) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 5);
        if (!out->org_name)
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    } else if (r == SQLITE_DONE) {
        rc = sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "token", "no such invitation");
    } else {
        rc = st_fail(s, e, "invitation");
    }
    sqlite3_finalize(st);
    return rc;
}
