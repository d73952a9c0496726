/* What the tests of the server's accounts share (tests/unit/store/test_accounts.c, test_org.c,
 * test_session.c, test_program_store.c): a real store in a temp dir, the test cost of password
 * hashing asked for by name, and sign-ups that fail the test when they fail. */
#ifndef SELVEDGE_TEST_ACCOUNTS_FIXTURE_H
#define SELVEDGE_TEST_ACCOUNTS_FIXTURE_H

#include "selvedge/account_store.h"
#include "selvedge/auth.h"
#include "selvedge/org_store.h"
#include "selvedge/store.h"
#include "../test_util.h"

static char *dir;
static sv_store *st;

/* 2026-12-05 00:00:00 UTC: the tests' clock, moved by hand */
enum { T0 = 1796428800 };

static int setup(void **state)
{
    (void)state;
    sv_auth_password_cost(SV_PWHASH_TEST);
    dir = tu_tempdir();
    st = tu_store_open(dir, "accounts.db");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sv_store_close(st);
    st = NULL;
    tu_rmtree(dir);
    dir = NULL;
    return 0;
}

static inline void must(sv_code rc, const sv_err *e)
{
    if (rc != SV_OK) {
        char buf[1024];
        fail_msg("%s", sv_err_format(e, buf, sizeof buf));
    }
}

/* A new account owning a new organization. */
static inline sv_principal signup(const char *email, const char *org, sv_org_kind kind)
{
    sv_err e;
    sv_err_clear(&e);
    sv_signup in = {
        .email = email, .password = "correct horse battery", .org_name = org, .org_kind = kind};
    sv_principal p;
    must(sv_store_account_signup(st, &in, T0, &p, &e), &e);
    return p;
}

/* count(*) of q */
static inline int64_t rows(const char *q)
{
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(sv_store_db(st), q, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

#endif
