/* An organization's side of the ledger (lib/store/org_ledger.c): who it is in the ledger,
 * and the events it may read, found by its id. A brand organization is the ledger's brand of
 * its handle; a factory organization is the factory it claimed (none claimed: it has no side
 * yet, SV_ERR_CONFLICT "claim your factory first"). Every read here starts from the
 * organization's id: what another organization's events are, it cannot name. */
#ifndef SELVEDGE_ORG_LEDGER_H
#define SELVEDGE_ORG_LEDGER_H

#include <stdint.h>

#include "selvedge/err.h"
#include "selvedge/ledger.h"
#include "selvedge/ledger_store.h"
#include "selvedge/org_store.h"
#include "selvedge/party_store.h"
#include "selvedge/pool.h"
#include "selvedge/store.h"

/* The organization's party: its kind, and its handle in the ledger (a brand's handle, the
 * claimed factory's handle in the registry), in pool. SV_ERR_NOTFOUND no such organization;
 * SV_ERR_CONFLICT (field "factory") a factory organization that claimed none. */
typedef struct sv_org_party {
    int64_t org_id;
    sv_org_kind kind;
    sv_ledger_by by;    /* the side it records as */
    const char *handle; /* the brand's, or the claimed factory's */
    int64_t factory_id; /* a factory organization's claimed factory */
} sv_org_party;
sv_code sv_store_org_party(sv_store *s, int64_t org_id, sv_pool *pool, sv_org_party *out,
                           sv_err *e);

/* The events of org_id's side with counterpart (a factory's handle for a brand organization,
 * a brand's for a factory organization), or with every counterpart when counterpart is NULL,
 * in the order recorded: fn(ud, id, canonical line). Nothing (no call) when none. Errors as
 * sv_store_org_party. */
sv_code sv_store_org_events(sv_store *s, int64_t org_id, const char *counterpart,
                            sv_ledger_body_fn fn, void *ud, sv_err *e);

/* The record of counterpart (a factory's handle for a brand organization, a brand's for a
 * factory organization) with parties other than org_id's side: fn(ud, ev, body) for each of
 * its events with them, typed as sv_store_ledger_party_typed gives them (strings in pool), in
 * the order recorded; what an aggregate of its record elsewhere folds, never shown by name.
 * Only when org_id's side has a history with counterpart (else *n_others 0 and no call: one
 * cannot look up a party it never dealt with) and counterpart's other parties number
 * min_others or more (else *n_others says how many and no call). Errors as
 * sv_store_org_party. */
sv_code sv_store_org_elsewhere(sv_store *s, int64_t org_id, const char *counterpart,
                               size_t min_others, sv_pool *pool, sv_ledger_typed_fn fn, void *ud,
                               size_t *n_others, sv_err *e);

#endif
