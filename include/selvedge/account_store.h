/* Accounts (lib/store/accounts.c): sign up, log in, change password, with login attempts
 * limited per account and per address. Passwords are hashed by selvedge/auth.h, outside any
 * transaction (the hash takes about half a second: the write lock is not held meanwhile).
 * Times (now) are given by the caller, in seconds since 1970-01-01 UTC. */
#ifndef SELVEDGE_ACCOUNT_STORE_H
#define SELVEDGE_ACCOUNT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "selvedge/err.h"
#include "selvedge/org_store.h"
#include "selvedge/store.h"

/* Login throttling: SV_LOGIN_FAILURES failures of one key (the account's email, the client's
 * address) within SV_LOGIN_WINDOW seconds lock that key for SV_LOGIN_LOCK seconds after the
 * last of them. docs/internals/accounts.md says why. */
enum { SV_LOGIN_FAILURES = 5, SV_LOGIN_WINDOW = 15 * 60, SV_LOGIN_LOCK = 15 * 60 };
/* Sign-ups: at most SV_SIGNUP_PER_HOUR accounts made from one client address within
 * SV_SIGNUP_WINDOW seconds (each costs an Argon2id hash and makes an organization). */
enum { SV_SIGNUP_PER_HOUR = 10, SV_SIGNUP_WINDOW = 60 * 60 };
/* An email as stored: at most this many bytes and its NUL. */
enum { SV_EMAIL_MAX = 254 };

/* The email as the store keeps and compares it: spaces around it trimmed, ASCII letters in
 * lower case; refused (SV_ERR_SCHEMA, field "email") unless it is local@domain with no space
 * or control character, at most SV_EMAIL_MAX bytes. */
sv_code sv_account_email_normalize(const char *email, char out[SV_EMAIL_MAX + 1], sv_err *e);

typedef struct sv_signup {
    const char *email, *password, *org_name;
    sv_org_kind org_kind;
    const char *address;  /* the client's address (NULL or "": not limited) */
    int64_t *retry_after; /* when given: the seconds until the address may sign up again */
} sv_signup;
/* A new account, its organization and its membership as owner, in one transaction: all or
 * nothing. Refused: SV_ERR_LIMITED (field "address", the seconds left in *in->retry_after)
 * when SV_SIGNUP_PER_HOUR accounts were made from in->address within SV_SIGNUP_WINDOW
 * seconds, nothing tried; the email or password (selvedge/auth.h's rules) with their field
 * names, SV_ERR_CONFLICT (field "email") when an account has the email. The new principal
 * (owner) into *out. */
sv_code sv_store_account_signup(sv_store *s, const sv_signup *in, int64_t now, sv_principal *out,
                                sv_err *e);

/* The account whose email and password these are, for a client at address (NULL or "": no
 * address key). The same work is done whether or not the account exists. Refused: SV_ERR_LIMITED
 * (field "email" or "address", the seconds left in *retry_after when given) while either key is
 * locked, the password not even tried; SV_ERR_DENIED "wrong email or password" for an unknown
 * email or a wrong password alike, a failure counted against both keys. A success forgets the
 * account's failures. */
sv_code sv_store_account_login(sv_store *s, const char *email, const char *password,
                               const char *address, int64_t now, int64_t *account_id,
                               int64_t *retry_after, sv_err *e);

/* Change account's password: the old one must be right (SV_ERR_DENIED, field "old_password"),
 * the new one follow the rules. Every session of the account but keep_session (0: all) is
 * revoked in the same transaction; its API tokens stay (each is revoked by itself:
 * selvedge/session_store.h). A wrong current password counts as a failed login against the
 * account's key, and while that key is locked the change is refused (SV_ERR_LIMITED, field
 * "old_password", the seconds left in *retry_after when given), the password not tried. */
sv_code sv_store_account_password(sv_store *s, int64_t account_id, const char *old_password,
                                  const char *new_password, int64_t keep_session, int64_t now,
                                  int64_t *retry_after, sv_err *e);

/* The email of an account into out; SV_ERR_NOTFOUND when there is none. */
sv_code sv_store_account_email(sv_store *s, int64_t account_id, char out[SV_EMAIL_MAX + 1],
                               sv_err *e);

#endif
