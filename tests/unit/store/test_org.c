/* Tests for lib/store/org.c: handles that never take a ledger's brand; a factory claimed by
 * one organization only; roles, with an owner always left; invitations accepted once and
 * only before they expire; another organization's members not found. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "selvedge/session_store.h"
#include "accounts_fixture.h"

static void handles(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    /* a brand the ledger knows from the command line: not taken over by a new organization */
    assert_int_equal(sqlite3_exec(sv_store_db(st), "INSERT INTO brand (handle) VALUES ('linen')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sv_principal a = signup("a@example.com", "Linen", SV_ORG_BRAND);
    sv_principal b = signup("b@example.com", "LINEN!", SV_ORG_FACTORY);
    sv_principal c = signup("c@example.com", "日本", SV_ORG_BRAND);
    sv_pool *pool = sv_pool_create();
    sv_org o;
    must(sv_store_org_get(st, a.org_id, pool, &o, &e), &e);
    assert_string_equal(o.handle, "linen-2");
    assert_string_equal(o.name, "Linen");
    assert_int_equal(o.kind, SV_ORG_BRAND);
    must(sv_store_org_get(st, b.org_id, pool, &o, &e), &e);
    assert_string_equal(o.handle, "linen-3");
    assert_int_equal(o.kind, SV_ORG_FACTORY);
    assert_int_equal(o.factory_id, 0);
    must(sv_store_org_get(st, c.org_id, pool, &o, &e), &e);
    assert_string_equal(o.handle, "org");
    assert_int_equal(sv_store_org_get(st, 999, pool, &o, &e), SV_ERR_NOTFOUND);
    sv_pool_free(pool);
    /* the brand organization holds a brand of its own; the factory one none */
    assert_int_equal(rows("SELECT count(*) FROM brand"), 3);
}

static int64_t a_factory(const char *handle)
{
    char q[256];
    snprintf(q, sizeof q,
             "INSERT INTO factory (handle, name, name_key, country) VALUES ('%s', 'F', 'f', 'PT')",
             handle);
    assert_int_equal(sqlite3_exec(sv_store_db(st), q, NULL, NULL, NULL), SQLITE_OK);
    return sqlite3_last_insert_rowid(sv_store_db(st));
}

static void claims(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    int64_t f1 = a_factory("porto-knit"), f2 = a_factory("braga-knit");
    sv_principal fa = signup("a@example.com", "Porto Knit", SV_ORG_FACTORY);
    sv_principal fb = signup("b@example.com", "Impostor", SV_ORG_FACTORY);
    sv_principal br = signup("c@example.com", "Linen", SV_ORG_BRAND);
    assert_int_equal(sv_store_org_claim(st, &fa, 9999, &e), SV_ERR_NOTFOUND);
    assert_string_equal(e.field, "factory");
    must(sv_store_org_claim(st, &fa, f1, &e), &e);
    /* taken */
    assert_int_equal(sv_store_org_claim(st, &fb, f1, &e), SV_ERR_CONFLICT);
    assert_string_equal(e.field, "factory");
    assert_non_null(strstr(e.msg, "another organization"));
    /* one factory per organization */
    assert_int_equal(sv_store_org_claim(st, &fa, f2, &e), SV_ERR_CONFLICT);
    /* a brand does not claim */
    assert_int_equal(sv_store_org_claim(st, &br, f2, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "org_kind");
    /* a member who is no owner does not claim for its organization */
    sv_principal m = signup("d@example.com", "Elsewhere", SV_ORG_BRAND);
    must(sv_store_org_member_add(st, fb.org_id, m.account_id, SV_ROLE_MEMBER, T0, &e), &e);
    sv_principal as_member = {.account_id = m.account_id,
                              .org_id = fb.org_id,
                              .role = SV_ROLE_OWNER}; /* the role claimed is not trusted */
    assert_int_equal(sv_store_org_claim(st, &as_member, f2, &e), SV_ERR_DENIED);
    must(sv_store_org_claim(st, &fb, f2, &e), &e);
    assert_int_equal(rows("SELECT count(*) FROM org WHERE factory_id IS NOT NULL"), 2);
}

static sv_code count_member(void *ud, const sv_member *m, sv_err *e)
{
    (void)m;
    (void)e;
    ++*(int *)ud;
    return SV_OK;
}

static void roles_and_the_last_owner(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_principal own = signup("a@example.com", "Linen", SV_ORG_BRAND);
    sv_principal other = signup("b@example.com", "Other", SV_ORG_BRAND);
    sv_role r;
    must(sv_store_org_role(st, own.account_id, own.org_id, &r, &e), &e);
    assert_int_equal(r, SV_ROLE_OWNER);
    must(sv_store_org_role(st, other.account_id, own.org_id, &r, &e), &e);
    assert_int_equal(r, SV_ROLE_NONE);
    /* the last owner cannot step down nor be removed */
    assert_int_equal(sv_store_org_member_set(st, &own, own.account_id, SV_ROLE_MEMBER, &e),
                     SV_ERR_CONFLICT);
    assert_string_equal(e.field, "role");
    assert_int_equal(sv_store_org_member_remove(st, &own, own.account_id, &e), SV_ERR_CONFLICT);
    /* another organization's account is not a member here: not found */
    assert_int_equal(sv_store_org_member_remove(st, &own, other.account_id, &e), SV_ERR_NOTFOUND);
    /* nor may the other organization's owner touch this one's members */
    sv_principal intruder = {
        .account_id = other.account_id, .org_id = own.org_id, .role = SV_ROLE_OWNER};
    assert_int_equal(sv_store_org_member_remove(st, &intruder, own.account_id, &e), SV_ERR_DENIED);
    must(sv_store_org_member_add(st, own.org_id, other.account_id, SV_ROLE_VIEWER, T0, &e), &e);
    assert_int_equal(
        sv_store_org_member_add(st, own.org_id, other.account_id, SV_ROLE_MEMBER, T0, &e),
        SV_ERR_CONFLICT);
    /* a viewer is no owner */
    sv_principal viewer = {
        .account_id = other.account_id, .org_id = own.org_id, .role = SV_ROLE_VIEWER};
    assert_int_equal(sv_store_org_member_set(st, &viewer, other.account_id, SV_ROLE_OWNER, &e),
                     SV_ERR_DENIED);
    /* two owners: either may step down */
    must(sv_store_org_member_set(st, &own, other.account_id, SV_ROLE_OWNER, &e), &e);
    must(sv_store_org_member_set(st, &own, own.account_id, SV_ROLE_MEMBER, &e), &e);
    sv_principal other_here = {
        .account_id = other.account_id, .org_id = own.org_id, .role = SV_ROLE_OWNER};
    assert_int_equal(sv_store_org_member_remove(st, &other_here, other.account_id, &e),
                     SV_ERR_CONFLICT);
    /* a removed member's sessions in the organization go with it */
    char tok[SV_TOKEN_LEN];
    sv_session ss;
    must(sv_store_session_create(st, own.account_id, own.org_id, T0, tok, &ss, &e), &e);
    must(sv_store_org_member_remove(st, &other_here, own.account_id, &e), &e);
    assert_int_equal(sv_store_session_lookup(st, tok, T0, &ss, &e), SV_ERR_DENIED);
    int n = 0;
    must(sv_store_org_members(st, own.org_id, count_member, &n, &e), &e);
    assert_int_equal(n, 1);
    assert_int_equal(sv_role_parse("owner"), SV_ROLE_OWNER);
    assert_int_equal(sv_role_parse("admin"), SV_ROLE_NONE);
    assert_string_equal(sv_role_name(SV_ROLE_VIEWER), "viewer");
}

static void invitations(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_principal own = signup("a@example.com", "Linen", SV_ORG_BRAND);
    sv_principal bob = signup("b@example.com", "Bob's", SV_ORG_BRAND);
    sv_principal cat = signup("c@example.com", "Cat's", SV_ORG_BRAND);
    char tok[SV_TOKEN_LEN], tok2[SV_TOKEN_LEN];
    int64_t id;
    must(sv_store_org_invite(st, &own, SV_ROLE_MEMBER, T0, 7 * 86400, tok, &id, &e), &e);
    /* the token is kept only as its hash */
    char q[256];
    snprintf(q, sizeof q, "SELECT count(*) FROM invitation WHERE token_hash = '%s'", tok);
    assert_int_equal(rows(q), 0);
    sv_principal got;
    assert_int_equal(sv_store_org_accept(st, "no-such-token", bob.account_id, T0, &got, &e),
                     SV_ERR_NOTFOUND);
    must(sv_store_org_accept(st, tok, bob.account_id, T0 + 60, &got, &e), &e);
    assert_int_equal(got.org_id, own.org_id);
    assert_int_equal(got.role, SV_ROLE_MEMBER);
    /* used once */
    assert_int_equal(sv_store_org_accept(st, tok, cat.account_id, T0 + 120, &got, &e),
                     SV_ERR_DENIED);
    assert_string_equal(e.field, "token");
    assert_non_null(strstr(e.msg, "accepted"));
    /* expired */
    must(sv_store_org_invite(st, &own, SV_ROLE_VIEWER, T0, 3600, tok2, &id, &e), &e);
    assert_int_equal(sv_store_org_accept(st, tok2, cat.account_id, T0 + 3600, &got, &e),
                     SV_ERR_DENIED);
    assert_non_null(strstr(e.msg, "expired"));
    sv_role r;
    must(sv_store_org_role(st, cat.account_id, own.org_id, &r, &e), &e);
    assert_int_equal(r, SV_ROLE_NONE);
    /* only an owner invites */
    sv_principal bob_here = {
        .account_id = bob.account_id, .org_id = own.org_id, .role = SV_ROLE_OWNER};
    assert_int_equal(sv_store_org_invite(st, &bob_here, SV_ROLE_OWNER, T0, 3600, tok2, &id, &e),
                     SV_ERR_DENIED);
    assert_int_equal(sv_store_org_invite(st, &own, SV_ROLE_NONE, T0, 3600, tok2, &id, &e),
                     SV_ERR_SCHEMA);
    int64_t first;
    must(sv_store_org_first(st, bob.account_id, &first, &e), &e);
    assert_int_equal(first, bob.org_id);
}

typedef struct pending {
    int n;
    int64_t ids[8];
    sv_role roles[8];
    char by[8][64];
} pending;

static sv_code one_pending(void *ud, const sv_invitation *v, sv_err *e)
{
    (void)e;
    pending *p = ud;
    if (p->n < 8) {
        p->ids[p->n] = v->id;
        p->roles[p->n] = v->role;
        snprintf(p->by[p->n], sizeof p->by[p->n], "%s", v->created_by);
    }
    p->n++;
    return SV_OK;
}

/* The pending invitations listed (newest first, not the accepted nor the expired ones),
 * taken back by the owner only, and looked at by their token before they are accepted. */
static void pending_invitations(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_principal own = signup("a@example.com", "Linen", SV_ORG_BRAND);
    sv_principal bob = signup("b@example.com", "Bob's", SV_ORG_FACTORY);
    char t1[SV_TOKEN_LEN], t2[SV_TOKEN_LEN], t3[SV_TOKEN_LEN];
    int64_t i1, i2, i3;
    must(sv_store_org_invite(st, &own, SV_ROLE_MEMBER, T0, 3600, t1, &i1, &e), &e);
    must(sv_store_org_invite(st, &own, SV_ROLE_VIEWER, T0 + 1, 7200, t2, &i2, &e), &e);
    must(sv_store_org_invite(st, &own, SV_ROLE_OWNER, T0 + 2, 7200, t3, &i3, &e), &e);
    sv_principal got;
    must(sv_store_org_accept(st, t3, bob.account_id, T0 + 10, &got, &e), &e);
    pending p = {0};
    must(sv_store_org_invitations(st, own.org_id, T0 + 20, one_pending, &p, &e), &e);
    assert_int_equal(p.n, 2);
    assert_int_equal(p.ids[0], i2);
    assert_int_equal(p.roles[0], SV_ROLE_VIEWER);
    assert_string_equal(p.by[0], "a@example.com");
    assert_int_equal(p.ids[1], i1);
    /* expired: no longer pending */
    memset(&p, 0, sizeof p);
    must(sv_store_org_invitations(st, own.org_id, T0 + 3600, one_pending, &p, &e), &e);
    assert_int_equal(p.n, 1);
    /* another organization's list holds none of them */
    memset(&p, 0, sizeof p);
    must(sv_store_org_invitations(st, bob.org_id, T0 + 20, one_pending, &p, &e), &e);
    assert_int_equal(p.n, 0);
    /* looked at before accepting */
    sv_pool *pool = sv_pool_create();
    sv_invitation_peek v;
    must(sv_store_org_invitation_peek(st, t2, pool, &v, &e), &e);
    assert_int_equal(v.org_id, own.org_id);
    assert_string_equal(v.org_name, "Linen");
    assert_int_equal(v.org_kind, SV_ORG_BRAND);
    assert_int_equal(v.role, SV_ROLE_VIEWER);
    assert_int_equal(v.expires, T0 + 1 + 7200);
    assert_int_equal(v.accepted, 0);
    must(sv_store_org_invitation_peek(st, t3, pool, &v, &e), &e);
    assert_int_equal(v.accepted, T0 + 10);
    assert_int_equal(sv_store_org_invitation_peek(st, "nope", pool, &v, &e), SV_ERR_NOTFOUND);
    assert_string_equal(e.field, "token");
    /* taken back: by the owner only; then refused as expired, and not pending any more */
    sv_principal bob_here = {
        .account_id = bob.account_id, .org_id = own.org_id, .role = SV_ROLE_OWNER};
    must(sv_store_org_member_set(st, &own, bob.account_id, SV_ROLE_MEMBER, &e), &e);
    assert_int_equal(sv_store_org_uninvite(st, &bob_here, i2, T0 + 30, &e), SV_ERR_DENIED);
    sv_principal other = bob;
    assert_int_equal(sv_store_org_uninvite(st, &other, i2, T0 + 30, &e), SV_ERR_NOTFOUND);
    must(sv_store_org_uninvite(st, &own, i2, T0 + 30, &e), &e);
    assert_int_equal(sv_store_org_uninvite(st, &own, i2, T0 + 31, &e), SV_ERR_NOTFOUND);
    assert_int_equal(sv_store_org_uninvite(st, &own, i3, T0 + 31, &e), SV_ERR_NOTFOUND);
    sv_principal cat = signup("c@example.com", "Cat's", SV_ORG_BRAND);
    assert_int_equal(sv_store_org_accept(st, t2, cat.account_id, T0 + 40, &got, &e), SV_ERR_DENIED);
    assert_non_null(strstr(e.msg, "expired"));
    memset(&p, 0, sizeof p);
    must(sv_store_org_invitations(st, own.org_id, T0 + 40, one_pending, &p, &e), &e);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.ids[0], i1);
    sv_pool_free(pool);
}

typedef struct seen {
    int n;
    int64_t org[4];
    sv_role role[4];
    char name[4][32];
} seen;

static sv_code one_membership(void *ud, const sv_membership *m, sv_err *e)
{
    (void)e;
    seen *s = ud;
    assert_true(s->n < 4);
    s->org[s->n] = m->org_id;
    s->role[s->n] = m->role;
    snprintf(s->name[s->n], sizeof s->name[0], "%s", m->name);
    s->n++;
    return SV_OK;
}

/* An account's memberships, by when it joined: what a login or a switch may open. */
static void memberships(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_principal p = signup("cleo@example.com", "Agency", SV_ORG_BRAND);
    sv_principal q = signup("ana@example.com", "Northline", SV_ORG_BRAND);
    sv_principal r = signup("bo@example.com", "Malhas", SV_ORG_FACTORY);
    must(sv_store_org_member_add(st, r.org_id, p.account_id, SV_ROLE_MEMBER, T0 + 20, &e), &e);
    must(sv_store_org_member_add(st, q.org_id, p.account_id, SV_ROLE_VIEWER, T0 + 10, &e), &e);
    seen s = {0};
    must(sv_store_org_memberships(st, p.account_id, one_membership, &s, &e), &e);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.org[0], p.org_id);
    assert_int_equal(s.role[0], SV_ROLE_OWNER);
    assert_int_equal(s.org[1], q.org_id);
    assert_int_equal(s.role[1], SV_ROLE_VIEWER);
    assert_string_equal(s.name[1], "Northline");
    assert_int_equal(s.org[2], r.org_id);
    assert_int_equal(s.role[2], SV_ROLE_MEMBER);
    seen none = {0};
    must(sv_store_org_memberships(st, 987654, one_membership, &none, &e), &e);
    assert_int_equal(none.n, 0);
    seen ana = {0};
    must(sv_store_org_memberships(st, q.account_id, one_membership, &ana, &e), &e);
    assert_int_equal(ana.n, 1);
    assert_int_equal(ana.org[0], q.org_id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(handles, setup, teardown),
        cmocka_unit_test_setup_teardown(claims, setup, teardown),
        cmocka_unit_test_setup_teardown(roles_and_the_last_owner, setup, teardown),
        cmocka_unit_test_setup_teardown(invitations, setup, teardown),
        cmocka_unit_test_setup_teardown(pending_invitations, setup, teardown),
        cmocka_unit_test_setup_teardown(memberships, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
