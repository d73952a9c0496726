/* Organizations, their members and invitations (lib/store/org.c): who may see and do what.
 *
 * An organization is a brand or a factory. A brand organization's handle is the ledger's
 * brand handle (the brand table), so the ledger's queries for it are by that handle; a
 * factory organization claims one factory of the registry, and no other organization may
 * claim it. Every function that reads or writes an organization's things takes its id and
 * puts it in its WHERE clause: another organization's thing is SV_ERR_NOTFOUND, exactly as
 * one that does not exist. Each function is its own transaction, or part of the caller's
 * when one is open (sv_store_begin). */
#ifndef SELVEDGE_ORG_STORE_H
#define SELVEDGE_ORG_STORE_H

#include <stdint.h>

#include "selvedge/auth.h"
#include "selvedge/err.h"
#include "selvedge/pool.h"
#include "selvedge/store.h"

typedef enum { SV_ORG_BRAND, SV_ORG_FACTORY } sv_org_kind;
/* Ordered: each role may do what the ones below it may. */
typedef enum { SV_ROLE_NONE = 0, SV_ROLE_VIEWER, SV_ROLE_MEMBER, SV_ROLE_OWNER } sv_role;

/* "owner", "member", "viewer" ("" for none); parse gives SV_ROLE_NONE for anything else. */
const char *sv_role_name(sv_role r);
sv_role sv_role_parse(const char *s);

/* Who makes a request: an account acting in one organization with its role there. */
typedef struct sv_principal {
    int64_t account_id, org_id;
    sv_role role;
} sv_principal;

typedef struct sv_org {
    int64_t id;
    const char *name, *handle;
    sv_org_kind kind;
    int64_t factory_id; /* a factory organization's claimed factory; 0 none yet */
    int64_t created;
} sv_org;

/* A new organization (the caller makes its first owner: sv_store_org_member_add, as sign-up
 * does). name: 1 to 200 bytes of text (field "org_name"). Its handle is made from the name
 * (lower-case letters, digits and '-'), with "-2", "-3"... when an organization or a brand of
 * the ledger already has it: a new brand organization never takes over a ledger's history
 * recorded under that handle. A brand organization's brand row is made with it. */
sv_code sv_store_org_create(sv_store *s, const char *name, sv_org_kind kind, int64_t now,
                            int64_t *org_id, sv_err *e);
/* Organization org_id, strings in pool; SV_ERR_NOTFOUND when there is none. */
sv_code sv_store_org_get(sv_store *s, int64_t org_id, sv_pool *pool, sv_org *out, sv_err *e);

/* The role of account in org (SV_ROLE_NONE when not a member), the principal the server
 * acts for. */
sv_code sv_store_org_role(sv_store *s, int64_t account_id, int64_t org_id, sv_role *role,
                          sv_err *e);
/* The first organization (the oldest membership) of an account: the one a login opens.
 * SV_ERR_NOTFOUND when it has none. */
sv_code sv_store_org_first(sv_store *s, int64_t account_id, int64_t *org_id, sv_err *e);

/* The memberships of an account, by when it joined (then by organization id): one call of fn
 * each, strings valid during the call. What a login or a switch may open. */
typedef struct sv_membership {
    int64_t org_id;
    const char *name, *handle;
    sv_org_kind kind;
    sv_role role;
    int64_t joined;
} sv_membership;
typedef sv_code (*sv_membership_fn)(void *ud, const sv_membership *m, sv_err *e);
sv_code sv_store_org_memberships(sv_store *s, int64_t account_id, sv_membership_fn fn, void *ud,
                                 sv_err *e);

/* The factory organization of actor (an owner) claims factory_id of the registry. Refused:
 * SV_ERR_DENIED not an owner, SV_ERR_SCHEMA a brand organization (field "org_kind"),
 * SV_ERR_NOTFOUND no such factory (field "factory"), SV_ERR_CONFLICT the factory is claimed
 * by another organization or this one already claimed one (field "factory"). */
sv_code sv_store_org_claim(sv_store *s, const sv_principal *actor, int64_t factory_id, sv_err *e);

/* Members. add: account becomes a member with role (SV_ERR_CONFLICT when it is one). The
 * others are the owner's (actor): set changes a member's role, remove takes one away; both
 * refuse (SV_ERR_CONFLICT, field "role") to leave the organization without an owner, and say
 * SV_ERR_NOTFOUND for an account that is not a member of actor's organization. */
sv_code sv_store_org_member_add(sv_store *s, int64_t org_id, int64_t account_id, sv_role role,
                                int64_t now, sv_err *e);
sv_code sv_store_org_member_set(sv_store *s, const sv_principal *actor, int64_t account_id,
                                sv_role role, sv_err *e);
sv_code sv_store_org_member_remove(sv_store *s, const sv_principal *actor, int64_t account_id,
                                   sv_err *e);
typedef struct sv_member {
    int64_t account_id;
    const char *email;
    sv_role role;
    int64_t created;
} sv_member;
typedef sv_code (*sv_member_fn)(void *ud, const sv_member *m, sv_err *e);
/* The members of org_id, by when they joined; strings valid during the call. */
sv_code sv_store_org_members(sv_store *s, int64_t org_id, sv_member_fn fn, void *ud, sv_err *e);

/* An invitation by link to actor's organization (actor an owner: else SV_ERR_DENIED) with
 * role, valid for ttl seconds from now: the token for the link into token (shown once; the
 * store keeps its hash). */
sv_code sv_store_org_invite(sv_store *s, const sv_principal *actor, sv_role role, int64_t now,
                            int64_t ttl, char token[SV_TOKEN_LEN], int64_t *invitation_id,
                            sv_err *e);
/* account accepts the invitation of token: it becomes a member with the invitation's role
 * (the principal into *out). Refused: SV_ERR_NOTFOUND no such invitation, SV_ERR_DENIED expired
 * or already accepted (field "token"), SV_ERR_CONFLICT already a member. */
sv_code sv_store_org_accept(sv_store *s, const char *token, int64_t account_id, int64_t now,
                            sv_principal *out, sv_err *e);

/* The pending invitations of org_id (not accepted, not expired at now), newest first; any
 * member may read them (no token: the store keeps only its hash). Strings valid during the
 * call. */
typedef struct sv_invitation {
    int64_t id;
    sv_role role;
    const char *created_by; /* the email of the account that made it */
    int64_t created, expires;
} sv_invitation;
typedef sv_code (*sv_invitation_fn)(void *ud, const sv_invitation *v, sv_err *e);
sv_code sv_store_org_invitations(sv_store *s, int64_t org_id, int64_t now, sv_invitation_fn fn,
                                 void *ud, sv_err *e);
/* The owner (actor) takes back pending invitation id: it expires now, so its link is refused
 * as an expired one. SV_ERR_DENIED not an owner; SV_ERR_NOTFOUND no pending invitation id in
 * actor's organization (another's, accepted, expired or taken back already). */
sv_code sv_store_org_uninvite(sv_store *s, const sv_principal *actor, int64_t id, int64_t now,
                              sv_err *e);
/* What the link of token invites to, before it is accepted: the organization, the role, when
 * it expires and when it was accepted (0: not yet). org_name in pool. SV_ERR_NOTFOUND (field
 * "token") for no such invitation. */
typedef struct sv_invitation_peek {
    int64_t org_id;
    const char *org_name;
    sv_org_kind org_kind;
    sv_role role;
    int64_t expires, accepted;
} sv_invitation_peek;
sv_code sv_store_org_invitation_peek(sv_store *s, const char *token, sv_pool *pool,
                                     sv_invitation_peek *out, sv_err *e);

#endif
