/* Tokens (selvedge/auth.h): sessions', API tokens', invitations' and the CSRF cookie's, 32
 * bytes from the system's random source in base64url. The store keeps only a token's BLAKE2b
 * hash, so a copy of the database opens no session; the hash is looked up by equality (it is
 * of a secret with 256 bits, so the time of that look-up tells nothing), and tokens held in
 * the clear (the CSRF token) are compared in constant time. */
#include <sodium.h>
#include <string.h>

#include "selvedge/auth.h"

sv_code sv_auth_token_new(char out[SV_TOKEN_LEN], sv_err *e)
{
    sv_code rc = sv_auth_init(e);
    if (rc)
        return rc;
    unsigned char raw[SV_TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    _Static_assert(SV_TOKEN_LEN == sodium_base64_ENCODED_LEN(
                                       SV_TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                   "a token's text and its NUL");
    sodium_bin2base64(out, SV_TOKEN_LEN, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    return SV_OK;
}

void sv_auth_token_hash(const char *token, char out[SV_TOKEN_HASH_LEN])
{
    unsigned char h[32];
    (void)sv_auth_init(NULL);
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, SV_TOKEN_HASH_LEN, h, sizeof h);
}

bool sv_auth_token_equal(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    size_t n = strlen(a);
    if (n != strlen(b) || n == 0)
        return false;
    (void)sv_auth_init(NULL);
    return sodium_memcmp(a, b, n) == 0;
}
