/* Tests for lib/auth/password.c: the rules a password must follow, an Argon2id hash that
 * verifies its password and no other, the cost asked for by name, and the verification of
 * no hash (an email with no account) that still refuses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "selvedge/auth.h"
#include "../test_util.h"

static void rules(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_auth_password_rules("correct horse", "a@b.example", &e), SV_OK);
    assert_int_equal(sv_auth_password_rules("123456789", NULL, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "password");
    assert_non_null(strstr(e.msg, "at least 10"));
    assert_int_equal(sv_auth_password_rules(NULL, NULL, &e), SV_ERR_SCHEMA);
    assert_int_equal(sv_auth_password_rules("1234567890", NULL, &e), SV_OK); /* exactly 10 */
    char big[1026];
    memset(big, 'x', sizeof big - 1);
    big[1024] = '\0';
    assert_int_equal(sv_auth_password_rules(big, NULL, &e), SV_OK); /* exactly 1024 */
    big[1024] = 'x';
    big[1025] = '\0';
    assert_int_equal(sv_auth_password_rules(big, NULL, &e), SV_ERR_SCHEMA);
    assert_non_null(strstr(e.msg, "at most 1024"));
    assert_int_equal(sv_auth_password_rules("Long.Name@Example.COM", "long.name@example.com", &e),
                     SV_ERR_SCHEMA);
    assert_non_null(strstr(e.msg, "email"));
    assert_int_equal(sv_auth_password_rules("abc\xff\xfe"
                                            "defghij",
                                            NULL, &e),
                     SV_ERR_SCHEMA);
    assert_non_null(strstr(e.msg, "UTF-8"));
    assert_int_equal(sv_auth_password_rules("abc\x1b"
                                            "defghijk",
                                            NULL, &e),
                     SV_ERR_SCHEMA);
    assert_int_equal(sv_auth_password_rules("pässwörter-über", NULL, &e), SV_OK);
}

static void hash_verifies(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_auth_password_cost(SV_PWHASH_TEST);
    char h[SV_PWHASH_LEN], h2[SV_PWHASH_LEN];
    assert_int_equal(sv_auth_password_hash("correct horse", h, &e), SV_OK);
    assert_int_equal(strncmp(h, "$argon2id$", 10), 0);
    assert_true(sv_auth_password_verify(h, "correct horse"));
    assert_false(sv_auth_password_verify(h, "correct horsE"));
    assert_false(sv_auth_password_verify(h, ""));
    /* salted: the same password hashes differently each time */
    assert_int_equal(sv_auth_password_hash("correct horse", h2, &e), SV_OK);
    assert_string_not_equal(h, h2);
    assert_true(sv_auth_password_verify(h2, "correct horse"));
    /* no hash: refused, whatever the password, the dummy made beforehand or not */
    assert_false(sv_auth_password_verify(NULL, "correct horse"));
    sv_auth_password_warm();
    assert_false(sv_auth_password_verify(NULL, "correct horse"));
    assert_false(sv_auth_password_verify(h, NULL));
}

static void cost_by_name(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    /* the default is the moderate cost: its parameters are in the string */
    sv_auth_password_cost(SV_PWHASH_MODERATE);
    assert_int_equal(sv_auth_password_cost_get(), SV_PWHASH_MODERATE);
    char h[SV_PWHASH_LEN];
    assert_int_equal(sv_auth_password_hash("correct horse", h, &e), SV_OK);
    assert_non_null(strstr(h, "m=262144,t=3,"));
    assert_true(sv_auth_password_verify(h, "correct horse"));
    sv_auth_password_cost(SV_PWHASH_TEST);
    char t[SV_PWHASH_LEN];
    assert_int_equal(sv_auth_password_hash("correct horse", t, &e), SV_OK);
    assert_null(strstr(t, "m=262144"));
    /* a hash of either cost verifies at the other */
    assert_true(sv_auth_password_verify(h, "correct horse"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rules),
        cmocka_unit_test(hash_verifies),
        cmocka_unit_test(cost_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
