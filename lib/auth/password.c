/* Passwords: Argon2id through libsodium's crypto_pwhash_str (selvedge/auth.h).
 *
 * The moderate limits (3 passes over 256 MiB, about 0.7 s here) are the default; the
 * test setting, libsodium's minimum, only when a program asks for it by name. A login for an
 * email nobody has verifies against a dummy hash made at the same cost, so the two take the
 * same time. */
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "selvedge/auth.h"
#include "selvedge/utf8.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc = -1;
static sv_pwhash_cost cost = SV_PWHASH_MODERATE;

static void start(void)
{
    init_rc = sodium_init(); /* 0 started, 1 already started, -1 failed */
}

sv_code sv_auth_init(sv_err *e)
{
    pthread_once(&once, start);
    if (init_rc < 0)
        return sv_err_set(e, SV_ERR_INTERNAL, "libsodium could not be started");
    return SV_OK;
}

void sv_auth_password_cost(sv_pwhash_cost c)
{
    cost = c;
}

sv_pwhash_cost sv_auth_password_cost_get(void)
{
    return cost;
}

static void limits(sv_pwhash_cost c, unsigned long long *ops, size_t *mem)
{
    if (c == SV_PWHASH_TEST) {
        *ops = crypto_pwhash_OPSLIMIT_MIN;
        *mem = crypto_pwhash_MEMLIMIT_MIN;
    } else {
        *ops = crypto_pwhash_OPSLIMIT_MODERATE;
        *mem = crypto_pwhash_MEMLIMIT_MODERATE;
    }
}

sv_code sv_auth_password_rules(const char *password, const char *email, sv_err *e)
{
    size_t n = password ? strlen(password) : 0;
    if (n < SV_PASSWORD_MIN)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "password", "must be at least %d bytes long",
                         SV_PASSWORD_MIN);
    if (n > SV_PASSWORD_MAX)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "password", "must be at most %d bytes long",
                         SV_PASSWORD_MAX);
    int32_t cp;
    if (sv_utf8_unsafe(password, n, 0, &cp) < n)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "password",
                         cp < 0 ? "must be valid UTF-8" : "must not hold control characters");
    if (email && strcasecmp(password, email) == 0)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "password", "must not be the email address");
    return SV_OK;
}

static sv_code hash_at(const char *password, sv_pwhash_cost c, char out[SV_PWHASH_LEN], sv_err *e)
{
    unsigned long long ops;
    size_t mem;
    limits(c, &ops, &mem);
    _Static_assert(SV_PWHASH_LEN >= crypto_pwhash_STRBYTES, "room for the hash string");
    if (crypto_pwhash_str(out, password, strlen(password), ops, mem) != 0)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory: a password hash needs %zu MiB",
                          mem >> 20);
    return SV_OK;
}

sv_code sv_auth_password_hash(const char *password, char out[SV_PWHASH_LEN], sv_err *e)
{
    sv_code rc = sv_auth_init(e);
    return rc ? rc : hash_at(password, cost, out, e);
}

/* A hash of no account's password at each cost, made once. */
static char dummy[2][SV_PWHASH_LEN];
static pthread_once_t dummy_once[2] = {PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT};

static void make_dummy(sv_pwhash_cost c)
{
    unsigned char raw[16];
    char text[33];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(text, sizeof text, raw, sizeof raw);
    if (hash_at(text, c, dummy[c], NULL) != SV_OK)
        dummy[c][0] = '\0';
}
static void make_dummy_moderate(void)
{
    make_dummy(SV_PWHASH_MODERATE);
}
static void make_dummy_test(void)
{
    make_dummy(SV_PWHASH_TEST);
}

void sv_auth_password_warm(void)
{
    if (sv_auth_init(NULL) != SV_OK)
        return;
    sv_pwhash_cost c = cost;
    pthread_once(&dummy_once[c], c == SV_PWHASH_TEST ? make_dummy_test : make_dummy_moderate);
}

bool sv_auth_password_verify(const char *hash, const char *password)
{
    if (sv_auth_init(NULL) != SV_OK || !password)
        return false;
    if (!hash) {
        sv_pwhash_cost c = cost;
        sv_auth_password_warm();
        /* the answer is thrown away: only the work is wanted */
        volatile int sink =
            dummy[c][0] ? crypto_pwhash_str_verify(dummy[c], password, strlen(password)) : 0;
        (void)sink;
        return false;
    }
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
