/* A factory organization's capability profile (lib/store/org_profile.c): what the matcher
 * reads of the registry's factory the organization claimed (minimums, price bands, lead
 * times, capacity, certifications, categories, constructions, tiers), read and written by
 * the organization's id, never by a factory id from the caller: an organization writes only
 * the factory it claimed (selvedge/org_store.h, sv_store_org_claim). */
#ifndef SELVEDGE_ORG_PROFILE_H
#define SELVEDGE_ORG_PROFILE_H

#include <stdint.h>

#include "selvedge/err.h"
#include "selvedge/factory.h"
#include "selvedge/org_store.h"
#include "selvedge/pool.h"
#include "selvedge/store.h"

/* The profile of the factory org_id claimed, strings in pool. SV_ERR_NOTFOUND (field
 * "factory") when org_id is not a factory organization with a claimed factory. */
sv_code sv_store_org_profile_get(sv_store *s, int64_t org_id, sv_pool *pool, sv_factory *out,
                                 sv_err *e);

/* Replace the capability of the factory actor's organization claimed by caps' (prices and
 * fees in USD cents): categories, constructions, tiers, the minimums, the price bands, the
 * lead times, the monthly capacity, the sample fee, the deposit, the certifications (known
 * and other), whether it takes new brands. The registry's identity of the factory (names,
 * addresses, country, coordinates, OS ID, handle) is kept. Refused: SV_ERR_DENIED a viewer,
 * SV_ERR_NOTFOUND (field "factory") no factory claimed. One transaction. */
sv_code sv_store_org_profile_put(sv_store *s, const sv_principal *actor, const sv_factory *caps,
                                 sv_err *e);

#endif
