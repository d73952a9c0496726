/* A factory organization's capability profile over HTTP: GET /api/org/profile renders what
 * the matcher reads of the factory it claimed; PUT /api/org/profile takes the capability file
 * format (examples/factories.yaml) with one factory, read and validated by the same reader as
 * `factories import` (errors with line, column and field), and writes its capability to that
 * factory only (selvedge/org_profile.h). */
#include <string.h>

#include "selvedge/factories_yaml.h"
#include "selvedge/org_profile.h"
#include "handler.h"

static json_t *names(uint32_t bits, int count, const char *(*name)(int k))
{
    json_t *a = json_array();
    for (int k = 0; k < count; k++)
        if (bits & (1u << k))
            json_array_append_new(a, json_string(name(k)));
    return a;
}

static json_t *num(int64_t v)
{
    return v == SV_UNSET ? json_null() : json_integer(v);
}

static json_t *profile_json(const sv_factory *f)
{
    json_t *prices = json_object();
    for (int k = 0; k < SV_CAT__COUNT; k++)
        if (f->price_low[k] != SV_UNSET || f->price_high[k] != SV_UNSET)
            json_object_set_new(prices, sv_factory_category_name(k),
                                json_pack("[o,o]", num(f->price_low[k]), num(f->price_high[k])));
    json_t *j = json_pack(
        "{s:{s:I,s:s?,s:s,s:s},s:o,s:o,s:o,s:{s:o,s:o,s:o},s:o,s:{s:o,s:o},s:o,s:o,s:o,s:o,s:s?}",
        "factory", "id", (json_int_t)f->id, "handle", f->handle, "name", f->name, "country",
        f->country, "categories", names(f->categories, SV_CAT__COUNT, sv_factory_category_name),
        "constructions", names(f->constructions, SV_CONSTR__COUNT, sv_factory_construction_name),
        "tiers", names(f->tiers, SV_TIER__COUNT, sv_factory_tier_name), "moq", "per_style",
        num(f->moq_style), "per_color", num(f->moq_color), "per_order", num(f->moq_order),
        "prices_usd_cents", prices, "lead_days", "sampling", num(f->sampling_days), "production",
        num(f->production_days), "monthly_capacity", num(f->monthly_capacity),
        "sample_fee_usd_cents", num(f->sample_fee), "deposit_bp", num(f->deposit_bp),
        "certifications", names(f->certifications, SV_CERT__COUNT, sv_factory_cert_name),
        "other_certifications", f->other_certifications);
    if (j)
        json_object_set_new(j, "new_brands",
                            f->new_brands < 0 ? json_null() : json_boolean(f->new_brands));
    return j;
}

/* GET /api/org/profile */
static int get_profile(srv_req *rq, srv_res *rs)
{
    srv_ctx c;
    if (srv_ctx_open(rq, rs, &c, SRV_CTX_POOL))
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    sv_factory f;
    if (sv_store_org_profile_get(c.s, c.who.org_id, c.pool, &f, &e) != SV_OK)
        srv_error_from(rs, &e, false);
    else
        rs->json = profile_json(&f);
    srv_ctx_close(&c);
    return rs->status;
}

/* PUT /api/org/profile: a viewer is refused before its body is read (403, whatever it holds,
 * as for every other write of a viewer). */
static int put_profile(srv_req *rq, srv_res *rs)
{
    if (!srv_may_write(rq, rs, "change the profile"))
        return rs->status;
    sv_err e;
    sv_err_clear(&e);
    sv_factory_list *l = NULL;
    if (sv_factories_parse(rq->body ? rq->body : "", rq->body_len, "profile", &l, &e) != SV_OK)
        return srv_error_from(rs, &e, false);
    if (l->n != 1) {
        size_t n = l->n;
        sv_factory_list_free(l);
        return srv_invalid(rs, "factories", "the profile is one factory under factories:, not %zu",
                           n);
    }
    if (!l->currency || strcmp(l->currency->code, "USD") != 0) {
        sv_factory_list_free(l);
        return srv_invalid(rs, "currency",
                           "a profile's prices and fees are in USD (currency: USD)");
    }
    sv_store *s = srv_store_of(rq, rs);
    sv_principal p = srv_principal_of(rq);
    if (s && sv_store_org_profile_put(s, &p, &l->items[0], &e) != SV_OK)
        srv_error_from(rs, &e, false);
    sv_factory_list_free(l);
    if (s && rs->status == 200)
        return get_profile(rq, rs);
    return rs->status;
}

#define PROFILE                                                                                    \
    "{\"type\":\"object\",\"properties\":{\"factory\":{\"type\":\"object\"},\"categories\":{"      \
    "\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"moq\":{\"type\":\"object\"},"           \
    "\"prices_usd_cents\":{\"type\":\"object\"},\"lead_days\":{\"type\":\"object\"},"              \
    "\"certifications\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}"

static const srv_route routes[] = {
    {.method = "GET",
     .pattern = "/api/org/profile",
     .fn = get_profile,
     .flags = SRV_SESSION,
     .summary = "The capability profile of the factory the organization claimed (what the "
                "matcher reads)",
     .response_schema = PROFILE},
    {.method = "PUT",
     .pattern = "/api/org/profile",
     .fn = put_profile,
     .flags = SRV_SESSION | SRV_WRITES,
     .body = SRV_BODY_YAML,
     .summary = "Replace the claimed factory's capability: the capability file format "
                "(currency: USD, factories: one entry), validated as factories import does; "
                "the registry's name, address and identifiers stay",
     .request_schema = "{\"type\":\"string\",\"description\":\"a capability file with one "
                       "factory (examples/factories.yaml)\"}",
     .response_schema = PROFILE},
};
const srv_routes srv_profile_routes = {routes, sizeof routes / sizeof routes[0]};
