/* Sessions and API tokens (lib/store/session.c): how a request says who makes it.
 *
 * A session is a browser's: a token sent as a cookie, a CSRF token the browser sends back in
 * a header, an absolute expiry. An API token is a script's or the CLI's: named, shown once,
 * kept until revoked. The store keeps only their hashes (selvedge/auth.h). A look-up gives
 * the principal with its role as it is now: a member removed since is refused at once. */
#ifndef SELVEDGE_SESSION_STORE_H
#define SELVEDGE_SESSION_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "selvedge/auth.h"
#include "selvedge/err.h"
#include "selvedge/org_store.h"
#include "selvedge/pool.h"
#include "selvedge/store.h"

/* A session lives 14 days from its creation; a touch writes last_seen at most once a minute. */
enum { SV_SESSION_TTL = 14 * 24 * 3600, SV_SESSION_TOUCH = 60 };

typedef struct sv_session {
    int64_t id;
    sv_principal who;
    char csrf[SV_TOKEN_LEN];
    int64_t created, expires, last_seen;
} sv_session;

/* A new session of account in org (a member: else SV_ERR_DENIED); its token into token, the
 * rest into *out. */
sv_code sv_store_session_create(sv_store *s, int64_t account_id, int64_t org_id, int64_t now,
                                char token[SV_TOKEN_LEN], sv_session *out, sv_err *e);
/* The session of old_token moves to org_id (one account in several organizations): in one
 * transaction, a new session of the same account in org_id (its token into token, the rest
 * into *out) and the old one deleted. Refused, nothing changed: SV_ERR_DENIED (field
 * "session") when old_token is no live session; SV_ERR_NOTFOUND (field "org") when its account
 * is not a member of org_id, the same whether org_id exists or not. */
sv_code sv_store_session_switch(sv_store *s, const char *old_token, int64_t org_id, int64_t now,
                                char token[SV_TOKEN_LEN], sv_session *out, sv_err *e);
/* The session of token. Refused: SV_ERR_DENIED (field "session") for an unknown, expired or
 * revoked session, or one whose account is no longer a member of its organization. */
sv_code sv_store_session_lookup(sv_store *s, const char *token, int64_t now, sv_session *out,
                                sv_err *e);
/* Note that the session was used at now (written when a minute has passed since the last). */
sv_code sv_store_session_touch(sv_store *s, const sv_session *ss, int64_t now, sv_err *e);
/* Log out: the session of token is no more (no error when there is none). */
sv_code sv_store_session_revoke(sv_store *s, const char *token, sv_err *e);
/* Every session of account but keep (0: all), as a password change does. */
sv_code sv_store_session_revoke_account(sv_store *s, int64_t account_id, int64_t keep, sv_err *e);
/* Expired sessions deleted (housekeeping; lookups refuse them anyway). */
sv_code sv_store_session_sweep(sv_store *s, int64_t now, sv_err *e);
/* Whether the X-CSRF-Token header's value is the session's (constant time). */
bool sv_session_csrf_ok(const sv_session *ss, const char *header);

/* API tokens. create: a token named name (1 to 100 bytes of text, field "name") for actor's
 * account in actor's organization; any member may make one, and it acts with its account's
 * role as that is when it is used. The secret into secret: shown once. */
sv_code sv_store_api_token_create(sv_store *s, const sv_principal *actor, const char *name,
                                  int64_t now, char secret[SV_TOKEN_LEN], int64_t *id, sv_err *e);
typedef struct sv_api_token {
    int64_t id, account_id;
    const char *name;
    int64_t created, last_used, revoked; /* 0: never */
} sv_api_token;
typedef sv_code (*sv_api_token_fn)(void *ud, const sv_api_token *t, sv_err *e);
/* The tokens of org_id, newest first, revoked ones included; strings valid during the call. */
sv_code sv_store_api_token_list(sv_store *s, int64_t org_id, sv_api_token_fn fn, void *ud,
                                sv_err *e);
/* Revoke token id of org_id (SV_ERR_NOTFOUND when org_id has none such, or it is revoked
 * already: its first revocation stays). */
sv_code sv_store_api_token_revoke(sv_store *s, int64_t org_id, int64_t id, int64_t now, sv_err *e);
/* The principal of a token's secret, its last use set to now. Refused: SV_ERR_DENIED (field
 * "token") unknown, revoked, or its account no longer a member. */
sv_code sv_store_api_token_lookup(sv_store *s, const char *secret, int64_t now, sv_principal *out,
                                  sv_err *e);

#endif
