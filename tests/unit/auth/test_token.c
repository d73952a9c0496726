/* Tests for lib/auth/token.c: tokens of 43 base64url characters, each new; their stored
 * hash, the same for the same token and another for another; equality only of equal tokens. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "selvedge/auth.h"
#include "../test_util.h"

static void tokens(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    char a[SV_TOKEN_LEN], b[SV_TOKEN_LEN];
    assert_int_equal(sv_auth_token_new(a, &e), SV_OK);
    assert_int_equal(sv_auth_token_new(b, &e), SV_OK);
    assert_int_equal(strlen(a), 43);
    assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                     43);
    assert_string_not_equal(a, b);
}

static void hashes(void **state)
{
    (void)state;
    char h1[SV_TOKEN_HASH_LEN], h2[SV_TOKEN_HASH_LEN], h3[SV_TOKEN_HASH_LEN];
    sv_auth_token_hash("abc", h1);
    sv_auth_token_hash("abc", h2);
    sv_auth_token_hash("abd", h3);
    assert_int_equal(strlen(h1), 64);
    assert_string_equal(h1, h2);
    assert_string_not_equal(h1, h3);
    /* BLAKE2b-256 of "abc" (RFC 7693's function, 32-byte output, no key) */
    assert_string_equal(h1, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

static void equality(void **state)
{
    (void)state;
    assert_true(sv_auth_token_equal("abcdef", "abcdef"));
    assert_false(sv_auth_token_equal("abcdef", "abcdeg"));
    assert_false(sv_auth_token_equal("abcdef", "abcde"));
    assert_false(sv_auth_token_equal("abcdef", NULL));
    assert_false(sv_auth_token_equal(NULL, NULL));
    assert_false(sv_auth_token_equal("", ""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokens),
        cmocka_unit_test(hashes),
        cmocka_unit_test(equality),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
