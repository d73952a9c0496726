/* Tests for lib/store/session.c: a session found by its token until it expires or is revoked,
 * its CSRF token checked; API tokens shown once, kept as hashes, listed and revoked by their
 * organization only, refused once revoked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <string.h>

#include "selvedge/session_store.h"
#include "accounts_fixture.h"

static void sessions(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_principal p = signup("a@example.com", "Linen", SV_ORG_BRAND);
    sv_principal q = signup("b@example.com", "Other", SV_ORG_BRAND);
    char tok[SV_TOKEN_LEN];
    sv_session ss, got;
    /* not a member of that organization */
    assert_int_equal(sv_store_session_create(st, p.account_id, q.org_id, T0, tok, &ss, &e),
                     SV_ERR_DENIED);
    must(sv_store_session_create(st, p.account_id, p.org_id, T0, tok, &ss, &e), &e);
    assert_int_equal(ss.expires, T0 + SV_SESSION_TTL);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM session WHERE token_hash = '%s'", tok);
    assert_int_equal(rows(sql), 0); /* only the hash is kept */
    must(sv_store_session_lookup(st, tok, T0 + 10, &got, &e), &e);
    assert_int_equal(got.id, ss.id);
    assert_int_equal(got.who.account_id, p.account_id);
    assert_int_equal(got.who.org_id, p.org_id);
    assert_int_equal(got.who.role, SV_ROLE_OWNER);
    assert_string_equal(got.csrf, ss.csrf);
    assert_true(sv_session_csrf_ok(&got, ss.csrf));
    assert_false(sv_session_csrf_ok(&got, tok));
    assert_false(sv_session_csrf_ok(&got, NULL));
    assert_false(sv_session_csrf_ok(&got, ""));
    /* touch: written once a minute at most */
    must(sv_store_session_touch(st, &got, T0 + 30, &e), &e);
    assert_int_equal(rows("SELECT last_seen FROM session"), T0);
    must(sv_store_session_touch(st, &got, T0 + 90, &e), &e);
    assert_int_equal(rows("SELECT last_seen FROM session"), T0 + 90);
    /* expired */
    assert_int_equal(sv_store_session_lookup(st, tok, T0 + SV_SESSION_TTL, &got, &e),
                     SV_ERR_DENIED);
    assert_string_equal(e.field, "session");
    assert_non_null(strstr(e.msg, "expired"));
    assert_int_equal(got.who.account_id, 0);
    must(sv_store_session_lookup(st, tok, T0 + SV_SESSION_TTL - 1, &got, &e), &e);
    /* unknown, empty */
    assert_int_equal(sv_store_session_lookup(st, "nope", T0, &got, &e), SV_ERR_DENIED);
    assert_int_equal(sv_store_session_lookup(st, "", T0, &got, &e), SV_ERR_DENIED);
    /* logged out */
    must(sv_store_session_revoke(st, tok, &e), &e);
    assert_int_equal(sv_store_session_lookup(st, tok, T0 + 20, &got, &e), SV_ERR_DENIED);
    must(sv_store_session_revoke(st, tok, &e), &e); /* twice: no error */
    /* the sweep deletes the expired */
    char t2[SV_TOKEN_LEN];
    must(sv_store_session_create(st, p.account_id, p.org_id, T0, t2, &ss, &e), &e);
    must(sv_store_session_sweep(st, T0 + SV_SESSION_TTL - 1, &e), &e);
    assert_int_equal(rows("SELECT count(*) FROM session"), 1);
    must(sv_store_session_sweep(st, T0 + SV_SESSION_TTL, &e), &e);
    assert_int_equal(rows("SELECT count(*) FROM session"), 0);
}

/* One account in several organizations: its session moves from one to another, the old one
 * deleted; an organization it is not a member of is not found, nothing changed. */
static void switches(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_principal p = signup("cleo@example.com", "Agency", SV_ORG_BRAND);
    sv_principal q = signup("ana@example.com", "Northline", SV_ORG_BRAND);
    sv_principal r = signup("bo@example.com", "Southpeak", SV_ORG_BRAND);
    must(sv_store_org_member_add(st, q.org_id, p.account_id, SV_ROLE_VIEWER, T0, &e), &e);
    char tok[SV_TOKEN_LEN], moved[SV_TOKEN_LEN];
    sv_session ss, to, got;
    must(sv_store_session_create(st, p.account_id, p.org_id, T0, tok, &ss, &e), &e);
    /* not a member: not found, the same whether the organization exists or not */
    assert_int_equal(sv_store_session_switch(st, tok, r.org_id, T0 + 1, moved, &to, &e),
                     SV_ERR_NOTFOUND);
    assert_string_equal(e.field, "org");
    char msg[sizeof e.msg];
    snprintf(msg, sizeof msg, "%s", e.msg);
    assert_int_equal(sv_store_session_switch(st, tok, 987654, T0 + 1, moved, &to, &e),
                     SV_ERR_NOTFOUND);
    assert_string_equal(e.msg, msg);
    must(sv_store_session_lookup(st, tok, T0 + 2, &got, &e), &e); /* still there */
    assert_int_equal(got.who.org_id, p.org_id);
    assert_int_equal(rows("SELECT count(*) FROM session"), 1);
    /* an unknown session moves nowhere */
    assert_int_equal(sv_store_session_switch(st, "nope", q.org_id, T0 + 1, moved, &to, &e),
                     SV_ERR_DENIED);
    /* the move */
    must(sv_store_session_switch(st, tok, q.org_id, T0 + 3, moved, &to, &e), &e);
    assert_int_equal(to.who.account_id, p.account_id);
    assert_int_equal(to.who.org_id, q.org_id);
    assert_int_equal(to.who.role, SV_ROLE_VIEWER);
    assert_int_equal(to.expires, T0 + 3 + SV_SESSION_TTL);
    assert_string_not_equal(to.csrf, ss.csrf);
    assert_string_not_equal(moved, tok);
    assert_int_equal(sv_store_session_lookup(st, tok, T0 + 4, &got, &e), SV_ERR_DENIED);
    must(sv_store_session_lookup(st, moved, T0 + 4, &got, &e), &e);
    assert_int_equal(got.who.org_id, q.org_id);
    assert_int_equal(rows("SELECT count(*) FROM session"), 1);
    /* removed from Northline: the session there ends, and the account cannot switch back */
    sv_principal owner = {.account_id = q.account_id, .org_id = q.org_id, .role = SV_ROLE_OWNER};
    must(sv_store_org_member_remove(st, &owner, p.account_id, &e), &e);
    assert_int_equal(sv_store_session_lookup(st, moved, T0 + 5, &got, &e), SV_ERR_DENIED);
    must(sv_store_session_create(st, p.account_id, p.org_id, T0 + 6, tok, &ss, &e), &e);
    assert_int_equal(sv_store_session_switch(st, tok, q.org_id, T0 + 7, moved, &to, &e),
                     SV_ERR_NOTFOUND);
    must(sv_store_session_lookup(st, tok, T0 + 8, &got, &e), &e);
    assert_int_equal(got.who.org_id, p.org_id);
}

typedef struct listed {
    int n;
    int64_t ids[8];
    int64_t revoked[8];
} listed;

static sv_code list_one(void *ud, const sv_api_token *t, sv_err *e)
{
    (void)e;
    listed *l = ud;
    assert_true(l->n < 8);
    l->ids[l->n] = t->id;
    l->revoked[l->n++] = t->revoked;
    assert_string_equal(t->name, t->id % 2 ? "ci" : "laptop");
    return SV_OK;
}

static void api_tokens(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_principal p = signup("a@example.com", "Linen", SV_ORG_BRAND);
    sv_principal q = signup("b@example.com", "Other", SV_ORG_BRAND);
    char s1[SV_TOKEN_LEN], s2[SV_TOKEN_LEN];
    int64_t id1, id2;
    assert_int_equal(sv_store_api_token_create(st, &p, "", T0, s1, &id1, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "name");
    must(sv_store_api_token_create(st, &p, "ci", T0, s1, &id1, &e), &e);
    must(sv_store_api_token_create(st, &p, "laptop", T0, s2, &id2, &e), &e);
    /* a principal that is not a member is refused */
    sv_principal wrong = {.account_id = q.account_id, .org_id = p.org_id, .role = SV_ROLE_OWNER};
    char s3[SV_TOKEN_LEN];
    int64_t id3;
    assert_int_equal(sv_store_api_token_create(st, &wrong, "x", T0, s3, &id3, &e), SV_ERR_DENIED);
    sv_principal got;
    must(sv_store_api_token_lookup(st, s1, T0 + 100, &got, &e), &e);
    assert_int_equal(got.account_id, p.account_id);
    assert_int_equal(got.org_id, p.org_id);
    assert_int_equal(got.role, SV_ROLE_OWNER);
    assert_int_equal(rows("SELECT count(*) FROM api_token WHERE last_used IS NOT NULL"), 1);
    /* listed by their organization only, newest first */
    listed l = {0};
    must(sv_store_api_token_list(st, p.org_id, list_one, &l, &e), &e);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.ids[0], id2);
    listed none = {0};
    must(sv_store_api_token_list(st, q.org_id, list_one, &none, &e), &e);
    assert_int_equal(none.n, 0);
    /* another organization cannot revoke it: not found */
    assert_int_equal(sv_store_api_token_revoke(st, q.org_id, id1, T0 + 200, &e), SV_ERR_NOTFOUND);
    must(sv_store_api_token_lookup(st, s1, T0 + 201, &got, &e), &e);
    must(sv_store_api_token_revoke(st, p.org_id, id1, T0 + 300, &e), &e);
    /* a token revoked already is not found again, and keeps its first revocation */
    assert_int_equal(sv_store_api_token_revoke(st, p.org_id, id1, T0 + 400, &e), SV_ERR_NOTFOUND);
    assert_int_equal(sv_store_api_token_lookup(st, s1, T0 + 301, &got, &e), SV_ERR_DENIED);
    assert_string_equal(e.field, "token");
    assert_non_null(strstr(e.msg, "revoked"));
    assert_int_equal(got.account_id, 0);
    must(sv_store_api_token_lookup(st, s2, T0 + 301, &got, &e), &e);
    assert_int_equal(sv_store_api_token_lookup(st, "nope", T0, &got, &e), SV_ERR_DENIED);
    memset(&l, 0, sizeof l);
    must(sv_store_api_token_list(st, p.org_id, list_one, &l, &e), &e);
    assert_int_equal(l.revoked[1], T0 + 300);
    assert_int_equal(l.revoked[0], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(switches, setup, teardown),
        cmocka_unit_test_setup_teardown(api_tokens, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
