/* Tests for lib/store/accounts.c: sign-up writes the account, its organization and its
 * ownership together or nothing; emails are one however they are cased; login refuses an
 * unknown email and a wrong password alike, and the throttle locks an account and an address
 * after five failures in fifteen minutes, for fifteen minutes; a password change revokes the
 * other sessions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <string.h>

#include "selvedge/session_store.h"
#include "accounts_fixture.h"

static void emails_normalized(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    char out[SV_EMAIL_MAX + 1];
    must(sv_account_email_normalize("  Ana.Silva@Example.COM ", out, &e), &e);
    assert_string_equal(out, "ana.silva@example.com");
    const char *bad[] = {"",
                         "   ",
                         "ana",
                         "@example.com",
                         "ana@",
                         "a@b@c",
                         "ana silva@x.com",
                         "ana\x01@x.com",
                         "ana\xff@x.com"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(sv_account_email_normalize(bad[i], out, &e), SV_ERR_SCHEMA);
        assert_string_equal(e.field, "email");
    }
    char big[300];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    big[10] = '@';
    assert_int_equal(sv_account_email_normalize(big, out, &e), SV_ERR_SCHEMA);
}

static void signup_writes_all_three(void **state)
{
    (void)state;
    sv_principal p = signup("Ana@Example.com", "Linen & Co", SV_ORG_BRAND);
    assert_true(p.account_id > 0 && p.org_id > 0);
    assert_int_equal(p.role, SV_ROLE_OWNER);
    assert_int_equal(rows("SELECT count(*) FROM account WHERE email = 'ana@example.com'"), 1);
    assert_int_equal(rows("SELECT count(*) FROM member WHERE role = 'owner'"), 1);
    /* the brand organization's handle is the ledger's brand */
    assert_int_equal(rows("SELECT count(*) FROM org o JOIN brand b ON b.id = o.brand_id "
                          "WHERE o.handle = 'linen-co' AND b.handle = 'linen-co'"),
                     1);
    /* the password is kept only as its hash */
    assert_int_equal(rows("SELECT count(*) FROM account WHERE password_hash LIKE '$argon2id$%' "
                          "AND instr(password_hash, 'correct horse') = 0"),
                     1);
}

static void duplicate_email_refused_and_nothing_written(void **state)
{
    (void)state;
    signup("ana@example.com", "Linen", SV_ORG_BRAND);
    sv_err e;
    sv_err_clear(&e);
    sv_signup in = {.email = " ANA@example.COM",
                    .password = "another password",
                    .org_name = "Second",
                    .org_kind = SV_ORG_FACTORY};
    sv_principal p;
    assert_int_equal(sv_store_account_signup(st, &in, T0, &p, &e), SV_ERR_CONFLICT);
    assert_string_equal(e.field, "email");
    assert_int_equal(rows("SELECT count(*) FROM account"), 1);
    assert_int_equal(rows("SELECT count(*) FROM org"), 1);
    assert_int_equal(rows("SELECT count(*) FROM member"), 1);
}

static void signup_refusals_name_their_field(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_principal p;
    sv_signup in = {.email = "ana@example.com",
                    .password = "short",
                    .org_name = "Linen",
                    .org_kind = SV_ORG_BRAND};
    assert_int_equal(sv_store_account_signup(st, &in, T0, &p, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "password");
    in.password = "ANA@example.com";
    assert_int_equal(sv_store_account_signup(st, &in, T0, &p, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "password");
    in.password = "correct horse";
    in.org_name = "";
    assert_int_equal(sv_store_account_signup(st, &in, T0, &p, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "org_name");
    in.org_name = "Linen";
    in.org_kind = (sv_org_kind)7;
    assert_int_equal(sv_store_account_signup(st, &in, T0, &p, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "org_kind");
    in.email = "nobody";
    assert_int_equal(sv_store_account_signup(st, &in, T0, &p, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "email");
    assert_int_equal(rows("SELECT count(*) FROM account"), 0);
    assert_int_equal(rows("SELECT count(*) FROM org"), 0);
}

static void login(void **state)
{
    (void)state;
    sv_principal p = signup("ana@example.com", "Linen", SV_ORG_BRAND);
    sv_err e;
    sv_err_clear(&e);
    int64_t id = -1;
    must(sv_store_account_login(st, "  Ana@EXAMPLE.com", "correct horse battery", "10.0.0.1", T0,
                                &id, NULL, &e),
         &e);
    assert_int_equal(id, p.account_id);
    /* a wrong password and an unknown email: one answer */
    char m1[512], m2[512];
    assert_int_equal(sv_store_account_login(st, "ana@example.com", "wrong password!", "10.0.0.1",
                                            T0, &id, NULL, &e),
                     SV_ERR_DENIED);
    assert_int_equal(id, 0);
    strcpy(m1, e.msg);
    assert_int_equal(sv_store_account_login(st, "bob@example.com", "correct horse battery",
                                            "10.0.0.2", T0, &id, NULL, &e),
                     SV_ERR_DENIED);
    strcpy(m2, e.msg);
    assert_string_equal(m1, m2);
    assert_string_equal(e.field, "password");
}

static void five_failures_lock_the_account(void **state)
{
    (void)state;
    sv_principal p = signup("ana@example.com", "Linen", SV_ORG_BRAND);
    sv_err e;
    sv_err_clear(&e);
    int64_t id, retry = 0;
    /* four failures from four addresses: not locked */
    char addr[32];
    for (int i = 0; i < 4; i++) {
        snprintf(addr, sizeof addr, "10.0.0.%d", i + 1);
        assert_int_equal(sv_store_account_login(st, "ana@example.com", "wrong password!", addr,
                                                T0 + i * 60, &id, NULL, &e),
                         SV_ERR_DENIED);
    }
    must(sv_store_account_login(st, "ana@example.com", "correct horse battery", "10.0.0.9",
                                T0 + 300, &id, NULL, &e),
         &e);
    /* a success forgets the account's failures: five more are needed */
    for (int i = 0; i < 5; i++) {
        snprintf(addr, sizeof addr, "10.0.1.%d", i + 1);
        assert_int_equal(sv_store_account_login(st, "ana@example.com", "wrong password!", addr,
                                                T0 + 400 + i * 60, &id, NULL, &e),
                         SV_ERR_DENIED);
    }
    /* the fifth was at T0 + 640: locked until T0 + 1540, even with the right password */
    assert_int_equal(sv_store_account_login(st, "ana@example.com", "correct horse battery",
                                            "10.0.0.9", T0 + 700, &id, &retry, &e),
                     SV_ERR_LIMITED);
    assert_string_equal(e.field, "email");
    assert_int_equal(retry, 840);
    assert_int_equal(id, 0);
    assert_int_equal(sv_store_account_login(st, "ana@example.com", "correct horse battery",
                                            "10.0.0.9", T0 + 1539, &id, &retry, &e),
                     SV_ERR_LIMITED);
    assert_int_equal(retry, 1);
    /* knocking while locked does not lengthen the lock */
    must(sv_store_account_login(st, "ana@example.com", "correct horse battery", "10.0.0.9",
                                T0 + 1540, &id, NULL, &e),
         &e);
    assert_int_equal(id, p.account_id);
}

static void failures_spread_out_do_not_lock(void **state)
{
    (void)state;
    signup("ana@example.com", "Linen", SV_ORG_BRAND);
    sv_err e;
    sv_err_clear(&e);
    int64_t id;
    /* five failures, but never five within fifteen minutes */
    for (int i = 0; i < 5; i++)
        assert_int_equal(sv_store_account_login(st, "ana@example.com", "wrong password!", NULL,
                                                T0 + i * 240, &id, NULL, &e),
                         SV_ERR_DENIED);
    /* 0, 240, 480, 720, 960: the first and fifth 960 s apart */
    must(sv_store_account_login(st, "ana@example.com", "correct horse battery", NULL, T0 + 961, &id,
                                NULL, &e),
         &e);
}

static void five_failures_lock_the_address(void **state)
{
    (void)state;
    signup("ana@example.com", "Linen", SV_ORG_BRAND);
    sv_err e;
    sv_err_clear(&e);
    int64_t id;
    char email[64];
    /* one address trying five emails, none of which exist */
    for (int i = 0; i < 5; i++) {
        snprintf(email, sizeof email, "guess%d@example.com", i);
        assert_int_equal(sv_store_account_login(st, email, "wrong password!", "192.0.2.7", T0 + i,
                                                &id, NULL, &e),
                         SV_ERR_DENIED);
    }
    assert_int_equal(sv_store_account_login(st, "ana@example.com", "correct horse battery",
                                            "192.0.2.7", T0 + 10, &id, NULL, &e),
                     SV_ERR_LIMITED);
    assert_string_equal(e.field, "address");
    /* another address is not locked */
    must(sv_store_account_login(st, "ana@example.com", "correct horse battery", "192.0.2.8",
                                T0 + 10, &id, NULL, &e),
         &e);
    /* an unknown email's failures are counted against it all the same */
    assert_int_equal(rows("SELECT count(*) FROM login_failure WHERE key = "
                          "'account:guess0@example.com'"),
                     1);
}

static void password_change_revokes_other_sessions(void **state)
{
    (void)state;
    sv_principal p = signup("ana@example.com", "Linen", SV_ORG_BRAND);
    sv_err e;
    sv_err_clear(&e);
    char t1[SV_TOKEN_LEN], t2[SV_TOKEN_LEN];
    sv_session s1, s2, got;
    must(sv_store_session_create(st, p.account_id, p.org_id, T0, t1, &s1, &e), &e);
    must(sv_store_session_create(st, p.account_id, p.org_id, T0, t2, &s2, &e), &e);
    assert_int_equal(sv_store_account_password(st, p.account_id, "wrong password!",
                                               "a new password here", s1.id, T0, NULL, &e),
                     SV_ERR_DENIED);
    assert_string_equal(e.field, "old_password");
    assert_int_equal(sv_store_account_password(st, p.account_id, "correct horse battery", "short",
                                               s1.id, T0, NULL, &e),
                     SV_ERR_SCHEMA);
    assert_string_equal(e.field, "new_password");
    /* nothing changed yet: both sessions stand */
    must(sv_store_session_lookup(st, t2, T0 + 1, &got, &e), &e);
    must(sv_store_account_password(st, p.account_id, "correct horse battery", "a new password here",
                                   s1.id, T0, NULL, &e),
         &e);
    must(sv_store_session_lookup(st, t1, T0 + 1, &got, &e), &e);
    assert_int_equal(sv_store_session_lookup(st, t2, T0 + 1, &got, &e), SV_ERR_DENIED);
    int64_t id;
    assert_int_equal(sv_store_account_login(st, "ana@example.com", "correct horse battery", NULL,
                                            T0 + 2, &id, NULL, &e),
                     SV_ERR_DENIED);
    must(sv_store_account_login(st, "ana@example.com", "a new password here", NULL, T0 + 3, &id,
                                NULL, &e),
         &e);
}

static void password_change_is_throttled(void **state)
{
    (void)state;
    sv_principal p = signup("ana@example.com", "Linen", SV_ORG_BRAND);
    sv_err e;
    sv_err_clear(&e);
    for (int i = 0; i < 5; i++)
        assert_int_equal(sv_store_account_password(st, p.account_id, "wrong password!",
                                                   "a new password here", 0, T0 + i, NULL, &e),
                         SV_ERR_DENIED);
    /* locked: even the right password is not tried; the seconds left are the lock's */
    int64_t retry = 0;
    assert_int_equal(sv_store_account_password(st, p.account_id, "correct horse battery",
                                               "a new password here", 0, T0 + 10, &retry, &e),
                     SV_ERR_LIMITED);
    assert_string_equal(e.field, "old_password");
    assert_int_equal(retry, T0 + 4 + SV_LOGIN_LOCK - (T0 + 10));
    /* and the login is locked with it: one key for the account */
    int64_t id;
    assert_int_equal(sv_store_account_login(st, "ana@example.com", "correct horse battery", NULL,
                                            T0 + 10, &id, NULL, &e),
                     SV_ERR_LIMITED);
    must(sv_store_account_password(st, p.account_id, "correct horse battery", "a new password here",
                                   0, T0 + 4 + SV_LOGIN_LOCK, NULL, &e),
         &e);
}

static void signups_limited_per_address(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_principal p;
    int64_t retry = -1;
    char email[64];
    sv_signup in = {.password = "correct horse battery",
                    .org_name = "Linen",
                    .org_kind = SV_ORG_BRAND,
                    .address = "192.0.2.7",
                    .retry_after = &retry};
    for (int i = 0; i < SV_SIGNUP_PER_HOUR; i++) {
        snprintf(email, sizeof email, "a%d@example.com", i);
        in.email = email;
        must(sv_store_account_signup(st, &in, T0 + i, &p, &e), &e);
        assert_int_equal(retry, 0);
    }
    /* the next one from the address is refused, nothing written, the seconds left said */
    in.email = "late@example.com";
    assert_int_equal(sv_store_account_signup(st, &in, T0 + 100, &p, &e), SV_ERR_LIMITED);
    assert_string_equal(e.field, "address");
    assert_int_equal(retry, T0 + SV_SIGNUP_WINDOW - (T0 + 100));
    assert_int_equal(rows("SELECT count(*) FROM account"), SV_SIGNUP_PER_HOUR);
    /* another address, or none, is not */
    in.address = "192.0.2.8";
    must(sv_store_account_signup(st, &in, T0 + 100, &p, &e), &e);
    in.address = NULL;
    in.email = "none@example.com";
    must(sv_store_account_signup(st, &in, T0 + 100, &p, &e), &e);
    /* an hour after the first, one more from the first address */
    in.address = "192.0.2.7";
    in.email = "later@example.com";
    must(sv_store_account_signup(st, &in, T0 + SV_SIGNUP_WINDOW, &p, &e), &e);
    in.email = "later2@example.com";
    assert_int_equal(sv_store_account_signup(st, &in, T0 + SV_SIGNUP_WINDOW, &p, &e),
                     SV_ERR_LIMITED);
    assert_int_equal(retry, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(emails_normalized),
        cmocka_unit_test_setup_teardown(signup_writes_all_three, setup, teardown),
        cmocka_unit_test_setup_teardown(duplicate_email_refused_and_nothing_written, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(signup_refusals_name_their_field, setup, teardown),
        cmocka_unit_test_setup_teardown(login, setup, teardown),
        cmocka_unit_test_setup_teardown(five_failures_lock_the_account, setup, teardown),
        cmocka_unit_test_setup_teardown(failures_spread_out_do_not_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(five_failures_lock_the_address, setup, teardown),
        cmocka_unit_test_setup_teardown(password_change_revokes_other_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(password_change_is_throttled, setup, teardown),
        cmocka_unit_test_setup_teardown(signups_limited_per_address, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
