/* A factory organization's capability profile: the registry's row of the factory it claimed,
 * found by the organization's id (selvedge/org_profile.h). */
#include <string.h>

#include "internal.h"
#include "selvedge/org_profile.h"

/* The factory org_id claimed (0: none, or not a factory organization). */
static sv_code claimed(sv_store *s, int64_t org_id, int64_t *factory_id, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = st_prepare(s,
                            "SELECT factory_id FROM org WHERE id = ?1 AND kind = 'factory' "
                            "AND factory_id IS NOT NULL",
                            &st, "organization", e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, org_id);
    int r = sqlite3_step(st);
    *factory_id = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = st_fail(s, e, "organization");
    sqlite3_finalize(st);
    if (rc == SV_OK && *factory_id <= 0)
        rc = sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "factory",
                       "this organization has claimed no factory");
    return rc;
}

sv_code sv_store_org_profile_get(sv_store *s, int64_t org_id, sv_pool *pool, sv_factory *out,
                                 sv_err *e)
{
    int64_t id = 0;
    sv_code rc = claimed(s, org_id, &id, e);
    return rc ? rc : sv_store_factory_get(s, id, pool, out, e);
}

static sv_code put(sv_store *s, const sv_principal *actor, const sv_factory *caps, sv_err *e)
{
    sv_role role = SV_ROLE_NONE;
    sv_code rc = sv_store_org_role(s, actor->account_id, actor->org_id, &role, e);
    if (rc == SV_OK && role < SV_ROLE_MEMBER)
        rc = sv_err_at(e, SV_ERR_DENIED, NULL, 0, 0, "role", "this needs the role member");
    int64_t id = 0;
    if (rc == SV_OK)
        rc = claimed(s, actor->org_id, &id, e);
    sv_pool *pool = rc == SV_OK ? sv_pool_create() : NULL;
    if (rc == SV_OK && !pool)
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    sv_factory f;
    if (rc == SV_OK)
        rc = sv_store_factory_get(s, id, pool, &f, e);
    if (rc == SV_OK) {
        f.categories = caps->categories;
        f.constructions = caps->constructions;
        f.tiers = caps->tiers;
        f.moq_style = caps->moq_style;
        f.moq_color = caps->moq_color;
        f.moq_order = caps->moq_order;
        memcpy(f.price_low, caps->price_low, sizeof f.price_low);
        memcpy(f.price_high, caps->price_high, sizeof f.price_high);
        f.sampling_days = caps->sampling_days;
        f.production_days = caps->production_days;
        f.monthly_capacity = caps->monthly_capacity;
        f.sample_fee = caps->sample_fee;
        f.deposit_bp = caps->deposit_bp;
        f.certifications = caps->certifications;
        f.other_certifications = caps->other_certifications;
        f.new_brands = caps->new_brands;
        rc = sv_store_factory_put(s, &f, e);
    }
    sv_pool_free(pool);
    return rc;
}

sv_code sv_store_org_profile_put(sv_store *s, const sv_principal *actor, const sv_factory *caps,
                                 sv_err *e)
{
    bool own;
    sv_code rc = st_tx_begin(s, &own, e);
    return rc ? rc : st_tx_end(s, own, put(s, actor, caps, e), e);
}
