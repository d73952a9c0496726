/* Lookups in the reference data. Loading lives in lib/io/refdata_load.c. */
#include "selvedge/refdata.h"

#include <stdlib.h>
#include <string.h>

/* The 27 member states of the European Union (customs union), as of 2026. */
static const char eu_members[][3] = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI",
                                     "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
                                     "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"};

bool sv_country_in_eu(const char *alpha2)
{
    for (size_t i = 0; i < sizeof eu_members / sizeof eu_members[0]; i++)
        if (strcmp(eu_members[i], alpha2) == 0)
            return true;
    return false;
}

void sv_refdata_pick_origin(const sv_refdata *rd, const sv_program *p, const char *requested,
                            char out[3], bool *assumed)
{
    *assumed = false;
    if (requested && requested[0]) {
        memcpy(out, requested, 3);
        return;
    }
    for (size_t i = 0; i < p->n_origins; i++) {
        if (sv_refdata_origin(rd, p->origins[i])) {
            memcpy(out, p->origins[i], 3);
            return;
        }
    }
    memcpy(out, "CN", 3);
    *assumed = true;
}

const sv_origin_info *sv_refdata_origin(const sv_refdata *rd, const char *country)
{
    for (size_t i = 0; i < rd->n_origins; i++)
        if (strcmp(rd->origins[i].country, country) == 0)
            return &rd->origins[i];
    return NULL;
}

const sv_price_band *sv_refdata_band(const sv_refdata *rd, sv_category c, sv_tier t)
{
    if ((int)c < 0 || c >= SV_CAT__COUNT || (int)t < 0 || t >= SV_TIER__COUNT)
        return NULL;
    return &rd->bands[c][t];
}

bool sv_refdata_band_for(const sv_refdata *rd, sv_category c, sv_tier t, sv_gender g,
                         sv_price_band *out)
{
    const sv_price_band *b = sv_refdata_band(rd, c, t);
    if (!b)
        return false;
    *out = *b;
    /* children's wear; babywear's bands are babies' prices already */
    if (sv_gender_is_child(g) && c != SV_CAT_BABYWEAR) {
        int64_t k = sv_refdata_param(rd, "kids_price_factor_pct", 2); /* bp */
        out->fob_low = sv_money_mul_bp(b->fob_low, k);
        out->fob_typical = sv_money_mul_bp(b->fob_typical, k);
        out->fob_high = sv_money_mul_bp(b->fob_high, k);
        out->retail_low = sv_money_mul_bp(b->retail_low, k);
        out->retail_high = sv_money_mul_bp(b->retail_high, k);
    }
    return true;
}

const sv_duty_rate *sv_refdata_duty(const sv_refdata *rd, const char *dest, sv_category c,
                                    sv_fiber f)
{
    const char *d = sv_country_in_eu(dest) ? "EU" : dest;
    const int want[4][2] = {{(int)c, (int)f}, {(int)c, -1}, {-1, (int)f}, {-1, -1}};
    for (int k = 0; k < 4; k++)
        for (size_t i = 0; i < rd->n_duties; i++) {
            const sv_duty_rate *r = &rd->duties[i];
            if (strcmp(r->destination, d) == 0 && r->category == want[k][0] &&
                r->fiber == want[k][1])
                return r;
        }
    return NULL;
}

const sv_duty_pref *sv_refdata_duty_pref(const sv_refdata *rd, const char *origin,
                                         const char *dest)
{
    static const sv_duty_pref domestic = {"", "", 0, false, "domestic: no import",
                                          "no customs border"};
    static const sv_duty_pref single_market = {"EU", "EU", 0, false,
                                               "EU single market: no import",
                                               "no customs border inside the EU"};
    bool o_eu = sv_country_in_eu(origin) || strcmp(origin, "EU") == 0;
    bool d_eu = sv_country_in_eu(dest) || strcmp(dest, "EU") == 0;
    if (strcmp(origin, dest) == 0)
        return o_eu ? &single_market : &domestic;
    if (o_eu && d_eu)
        return &single_market;
    for (size_t i = 0; i < rd->n_duty_prefs; i++) {
        const sv_duty_pref *p = &rd->duty_prefs[i];
        bool om = strcmp(p->origin, "EU") == 0 ? o_eu : strcmp(p->origin, origin) == 0;
        bool dm = strcmp(p->destination, "EU") == 0 ? d_eu : strcmp(p->destination, dest) == 0;
        if (om && dm)
            return p;
    }
    return NULL;
}

const sv_freight_rate *sv_refdata_freight(const sv_refdata *rd, const char *origin,
                                          const char *dest, sv_mode mode)
{
    const sv_origin_info *o = sv_refdata_origin(rd, origin);
    const char *region = o ? o->region : "";
    const char *d = sv_country_in_eu(dest) ? "EU" : dest;
    const char *pairs[4][2] = {{origin, d}, {origin, "*"}, {region, d}, {region, "*"}};
    for (int k = 0; k < 4; k++)
        for (size_t i = 0; i < rd->n_freight; i++) {
            const sv_freight_rate *r = &rd->freight[i];
            if (r->mode == mode && strcmp(r->origin, pairs[k][0]) == 0 &&
                strcmp(r->destination, pairs[k][1]) == 0)
                return r;
        }
    return NULL;
}

const sv_fx_rate *sv_refdata_fx(const sv_refdata *rd, const char *currency)
{
    for (size_t i = 0; i < rd->n_fx; i++)
        if (strcmp(rd->fx[i].currency, currency) == 0)
            return &rd->fx[i];
    return NULL;
}

int64_t sv_refdata_param(const sv_refdata *rd, const char *key, int scale)
{
    for (size_t i = 0; i < rd->n_params; i++) {
        if (strcmp(rd->params[i].key, key) == 0) {
            int64_t den = 1;
            for (int s = scale; s < 6; s++)
                den *= 10;
            return sv_muldiv(rd->params[i].value_micro, 1, den);
        }
    }
    return 0; /* unreachable for the keys the loader requires */
}

int64_t sv_refdata_lead_days(const sv_refdata *rd, sv_stage stage, const char *country,
                             int complexity)
{
    const sv_origin_info *o = country ? sv_refdata_origin(rd, country) : NULL;
    const char *places[3] = {country ? country : "", o ? o->region : "", "*"};
    for (int p = 0; p < 3; p++)
        for (int any = 0; any < 2; any++) {
            int want = any ? 0 : complexity;
            if (!any && complexity == 0)
                continue;
            for (size_t i = 0; i < rd->n_lead_times; i++) {
                const sv_lead_time *l = &rd->lead_times[i];
                if (l->stage == stage && l->complexity == want &&
                    strcmp(l->origin, places[p]) == 0)
                    return l->days;
            }
        }
    return 0; /* unreachable: the loader requires a (stage, *, *) row for every stage */
}

static int cmp_closure(const void *a, const void *b)
{
    const sv_closure *x = a, *y = b;
    return x->first < y->first ? -1 : x->first > y->first;
}

size_t sv_refdata_closures(const sv_refdata *rd, const char *country, int64_t from, int64_t to,
                           sv_closure *out, size_t max)
{
    /* every window of the country, merged, then the ones overlapping the range */
    size_t cap = 0, n = 0;
    for (size_t r = 0; r < rd->n_closure_rules; r++)
        if (strcmp(rd->closure_rules[r].country, country) == 0)
            cap += rd->n_holidays;
    if (!cap)
        return 0;
    sv_closure *all = malloc(cap * sizeof *all);
    if (!all)
        return 0;
    for (size_t r = 0; r < rd->n_closure_rules; r++) {
        const sv_closure_rule *cr = &rd->closure_rules[r];
        if (strcmp(cr->country, country) != 0)
            continue;
        for (size_t h = 0; h < rd->n_holidays; h++) {
            const sv_holiday *hd = &rd->holidays[h];
            if (strcmp(hd->id, cr->holiday) != 0)
                continue;
            int64_t d = sv_date_to_days(hd->date);
            all[n++] = (sv_closure){d - cr->days_before, d + cr->days_after, hd->id};
        }
    }
    qsort(all, n, sizeof *all, cmp_closure);
    /* two holidays close together (Christmas into New Year) become one stop */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && all[i].first <= all[m - 1].last + 1) {
            if (all[i].last > all[m - 1].last)
                all[m - 1].last = all[i].last;
        } else {
            all[m++] = all[i];
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < m && k < max; i++)
        if (all[i].last >= from && all[i].first <= to)
            out[k++] = all[i];
    free(all);
    return k;
}

void sv_refdata_small_run(const sv_refdata *rd, int64_t units, int64_t *cm_bp, int64_t *trims_bp)
{
    const sv_small_run *r = rd->small_runs;
    size_t n = rd->n_small_runs;
    if (units <= r[0].units) {
        *cm_bp = r[0].cm_pct_bp;
        *trims_bp = r[0].trims_pct_bp;
        return;
    }
    for (size_t i = 1; i < n; i++) {
        if (units <= r[i].units) {
            /* linear between the two rows around `units` */
            int64_t span = r[i].units - r[i - 1].units, at = units - r[i - 1].units;
            *cm_bp = r[i - 1].cm_pct_bp + sv_muldiv(r[i].cm_pct_bp - r[i - 1].cm_pct_bp, at, span);
            *trims_bp = r[i - 1].trims_pct_bp +
                        sv_muldiv(r[i].trims_pct_bp - r[i - 1].trims_pct_bp, at, span);
            return;
        }
    }
    *cm_bp = r[n - 1].cm_pct_bp;
    *trims_bp = r[n - 1].trims_pct_bp;
}

bool sv_refdata_from_usd(const sv_refdata *rd, sv_minor usd_cents, const sv_currency *to,
                         sv_minor *out)
{
    const sv_fx_rate *r = sv_refdata_fx(rd, to->code);
    if (!r || r->usd_per_unit_micro <= 0)
        return false;
    /* amount_to = usd / usd_per_unit; both sides in their minor units */
    int64_t num = 1000000, den = r->usd_per_unit_micro;
    for (int d = to->exponent - 2; d > 0; d--)
        num *= 10;
    for (int d = to->exponent - 2; d < 0; d++)
        den *= 10;
    *out = sv_muldiv(usd_cents, num, den);
    return true;
}

bool sv_refdata_to_usd(const sv_refdata *rd, sv_minor amount, const sv_currency *from,
                       sv_minor *usd_cents)
{
    const sv_fx_rate *r = sv_refdata_fx(rd, from->code);
    if (!r)
        return false;
    *usd_cents = sv_money_convert(amount, from->exponent, 2, r->usd_per_unit_micro);
    return true;
}
