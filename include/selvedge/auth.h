/* Passwords and tokens (lib/auth/): what the server's accounts rest on, with no SQL in it.
 *
 * Passwords are hashed with Argon2id (libsodium's crypto_pwhash_str), at libsodium's
 * "moderate" limits unless a program explicitly asks for the test setting; tokens are 32
 * random bytes in base64url, stored only as their BLAKE2b hash, compared in constant time.
 * docs/internals/accounts.md says why each number is what it is. */
#ifndef SELVEDGE_AUTH_H
#define SELVEDGE_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "selvedge/err.h"

/* Password rules: a length in bytes (UTF-8), inclusive. */
enum { SV_PASSWORD_MIN = 10, SV_PASSWORD_MAX = 1024 };
/* An Argon2id hash string ("$argon2id$v=19$m=...") with its NUL. */
enum { SV_PWHASH_LEN = 128 };
/* A token: 32 random bytes in base64url without padding (43 characters) and its NUL. */
enum { SV_TOKEN_BYTES = 32, SV_TOKEN_LEN = 44 };
/* A token's stored form: its BLAKE2b-256 hash in hexadecimal and its NUL. */
enum { SV_TOKEN_HASH_LEN = 65 };

/* The work a password hash costs. */
typedef enum {
    SV_PWHASH_MODERATE = 0, /* the default: crypto_pwhash_OPSLIMIT_MODERATE (3 passes) over
                               crypto_pwhash_MEMLIMIT_MODERATE (256 MiB) */
    SV_PWHASH_TEST          /* crypto_pwhash's minimum: for test suites only, never silent */
} sv_pwhash_cost;

/* libsodium started, once per process (safe from any thread, any number of times). */
sv_code sv_auth_init(sv_err *e);
/* Set the cost of the hashes made from now on, for the whole process; call it before any
 * thread hashes. A hash made at either cost verifies at either (the cost is in the string). */
void sv_auth_password_cost(sv_pwhash_cost cost);
sv_pwhash_cost sv_auth_password_cost_get(void);

/* Whether password may be used by the account of email (NULL: not compared): 10 to 1024
 * bytes, valid UTF-8, not the email itself (compared without regard to ASCII case).
 * SV_ERR_SCHEMA with field "password" saying which rule it breaks. */
sv_code sv_auth_password_rules(const char *password, const char *email, sv_err *e);
/* The Argon2id hash of password into out. SV_ERR_NOMEM when the memory the cost asks for
 * cannot be had. */
sv_code sv_auth_password_hash(const char *password, char out[SV_PWHASH_LEN], sv_err *e);
/* Whether password is the one hashed into hash. hash NULL: the same work is done against a
 * hash of no account's password and false returned, so that a login for an email with no
 * account takes as long as one with a wrong password. */
bool sv_auth_password_verify(const char *hash, const char *password);
/* Make the dummy hash of the current cost now (a server calls it at start, after choosing the
 * cost): else the first login for an unknown email also makes it, and takes twice as long. */
void sv_auth_password_warm(void);

/* A new random token (base64url, SV_TOKEN_LEN - 1 characters). */
sv_code sv_auth_token_new(char out[SV_TOKEN_LEN], sv_err *e);
/* The form a token is stored in: BLAKE2b-256 of its text, in hexadecimal. */
void sv_auth_token_hash(const char *token, char out[SV_TOKEN_HASH_LEN]);
/* Whether two tokens are the same, in time that does not depend on where they differ
 * (sodium_memcmp); NULL, or lengths that differ, are not the same. */
bool sv_auth_token_equal(const char *a, const char *b);

#endif
