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
        if (rd->kid_bands[c][t].source) {
            *out = rd->kid_bands[c][t];
            return true;
        }
        int64_t k = sv_refdata_param(rd, "kids_price_factor_pct", 2); /* bp */
        out->fob_low = sv_money_mul_bp(b->fob_low, k);
        out->fob_typical = sv_money_mul_bp(b->fob_typical, k);
        out->fob_high = sv_money_mul_bp(b->fob_high, k);
        out->retail_low = sv_money_mul_bp(b->retail_low, k);
        out->retail_high = sv_money_mul_bp(b->retail_high, k);
    }
    return true;
}

/* The row of one gender ("" for any) at the most specific of the four levels. */
static const sv_duty_rate *duty_at(const sv_refdata *rd, const char *d, sv_category c, int f,
                                   const char *gender)
{
    const int want[4][2] = {{(int)c, f}, {(int)c, -1}, {-1, f}, {-1, -1}};
    for (int k = 0; k < 4; k++) {
        if (f < 0 && (k == 0 || k == 2))
            continue; /* fibre unknown: only the rows for any fibre */
        for (size_t i = 0; i < rd->n_duties; i++) {
            const sv_duty_rate *r = &rd->duties[i];
            if (strcmp(r->destination, d) == 0 && r->category == want[k][0] &&
                r->fiber == want[k][1] && strcmp(r->gender, gender) == 0)
                return r;
        }
    }
    return NULL;
}

const sv_duty_rate *sv_refdata_duty_for(const sv_refdata *rd, const char *dest, sv_category c,
                                        int fiber, const char *const *genders)
{
    const char *d = sv_country_in_eu(dest) ? "EU" : dest;
    for (size_t g = 0; genders && genders[g]; g++) {
        const sv_duty_rate *r = duty_at(rd, d, c, fiber, genders[g]);
        if (r)
            return r;
    }
    return duty_at(rd, d, c, fiber, "");
}

const sv_duty_rate *sv_refdata_duty(const sv_refdata *rd, const char *dest, sv_category c,
                                    sv_fiber f)
{
    return sv_refdata_duty_for(rd, dest, c, (int)f, NULL);
}

const sv_duty_pref *sv_refdata_duty_pref_on(const sv_refdata *rd, const char *origin,
                                            const char *dest, int category, int64_t day,
                                            bool pending)
{
    static const sv_duty_pref domestic = {
        .scheme = "domestic: no import", .source = "no customs border", .category = -1};
    static const sv_duty_pref single_market = {.origin = "EU",
                                               .destination = "EU",
                                               .scheme = "EU single market: no import",
                                               .source = "no customs border inside the EU",
                                               .category = -1};
    bool o_eu = sv_country_in_eu(origin) || strcmp(origin, "EU") == 0;
    bool d_eu = sv_country_in_eu(dest) || strcmp(dest, "EU") == 0;
    if (strcmp(origin, dest) == 0)
        return o_eu ? &single_market : &domestic;
    if (o_eu && d_eu)
        return &single_market;
    const sv_duty_pref *any = NULL;
    for (size_t i = 0; i < rd->n_duty_prefs; i++) {
        const sv_duty_pref *p = &rd->duty_prefs[i];
        bool om = strcmp(p->origin, "EU") == 0 ? o_eu : strcmp(p->origin, origin) == 0;
        bool dm = strcmp(p->destination, "EU") == 0 ? d_eu : strcmp(p->destination, dest) == 0;
        if (!om || !dm || (p->pending && !pending))
            continue;
        /* the day: inside the row's days; no day, the rows with no end */
        if (day ? (p->from && day < p->from) || (p->until && day > p->until) : p->until != 0)
            continue;
        if (category >= 0 && p->category == category)
            return p;
        if (p->category < 0 && !any)
            any = p;
    }
    return any;
}

const sv_duty_pref *sv_refdata_duty_pref(const sv_refdata *rd, const char *origin, const char *dest)
{
    return sv_refdata_duty_pref_on(rd, origin, dest, -1, 0, false);
}

const char *sv_mode_name(sv_mode m)
{
    return m == SV_MODE_AIR ? "air" : m == SV_MODE_ROAD ? "road" : "sea";
}

const sv_freight_rate *sv_refdata_freight(const sv_refdata *rd, const char *origin,
                                          const char *dest, sv_mode mode)
{
    const sv_origin_info *o = sv_refdata_origin(rd, origin);
    const char *region = o ? o->region : "";
    const char *d = sv_country_in_eu(dest) ? "EU" : dest;
    const char *pairs[4][2] = {{origin, d}, {origin, "*"}, {region, d}, {region, "*"}};
    for (int k = 0; k < 4; k++) {
        const sv_freight_rate *surface = NULL;
        for (size_t i = 0; i < rd->n_freight; i++) {
            const sv_freight_rate *r = &rd->freight[i];
            if (strcmp(r->origin, pairs[k][0]) != 0 || strcmp(r->destination, pairs[k][1]) != 0)
                continue;
            if (r->mode == mode)
                return r;
            /* sea asked for on a trucked lane: the lane's surface option is the road */
            if (mode == SV_MODE_SEA && r->mode == SV_MODE_ROAD && !surface)
                surface = r;
        }
        if (surface)
            return surface;
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

const sv_valuation *sv_refdata_valuation(const sv_refdata *rd, const char *dest)
{
    const char *d = sv_country_in_eu(dest) ? "EU" : dest;
    for (size_t i = 0; i < rd->n_valuations; i++)
        if (strcmp(rd->valuations[i].destination, d) == 0)
            return &rd->valuations[i];
    return NULL;
}

static const sv_vat *vat_row_of(const sv_refdata *rd, const char *dest, bool children)
{
    for (size_t i = 0; i < rd->n_vats; i++)
        if (strcmp(rd->vats[i].destination, dest) == 0 && rd->vats[i].children == children)
            return &rd->vats[i];
    return NULL;
}

const sv_vat *sv_refdata_vat(const sv_refdata *rd, const char *dest, sv_gender g)
{
    /* children's clothing by the gender's name: kids today, girls, boys and baby to come */
    const char *name = (int)g >= 0 ? sv_gender_name(g) : "";
    bool child = strcmp(name, "kids") == 0 || strcmp(name, "girls") == 0 ||
                 strcmp(name, "boys") == 0 || strcmp(name, "baby") == 0;
    /* a member state's own row, else the EU's */
    const char *places[2] = {dest, sv_country_in_eu(dest) ? "EU" : NULL};
    for (int k = 0; k < 2 && places[k]; k++) {
        const sv_vat *v = child ? vat_row_of(rd, places[k], true) : NULL;
        if (!v)
            v = vat_row_of(rd, places[k], false);
        if (v)
            return v;
    }
    return NULL;
}

const char *sv_extra_kind_name(sv_extra_kind k)
{
    return k == SV_EXTRA_SURCHARGE ? "surcharge" : k == SV_EXTRA_WATCH ? "watch" : "duty";
}

const char *sv_basis_name(sv_basis b)
{
    return b == SV_BASIS_FOB ? "FOB" : "CIF";
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

/* A union member matches a country, or every EU member state when it is "EU". */
static bool union_member(const sv_customs_union *u, const char *code)
{
    if (strcmp(u->member, code) == 0)
        return true;
    return strcmp(u->member, "EU") == 0 && sv_country_in_eu(code);
}

const sv_customs_union *sv_refdata_customs_union(const sv_refdata *rd, const char *origin,
                                                 const char *dest)
{
    if (strcmp(origin, dest) == 0)
        return NULL;
    const sv_customs_union *best = NULL;
    for (size_t i = 0; i < rd->n_customs_unions; i++) {
        const sv_customs_union *a = &rd->customs_unions[i];
        if (!union_member(a, origin))
            continue;
        for (size_t k = 0; k < rd->n_customs_unions; k++) {
            const sv_customs_union *b = &rd->customs_unions[k];
            if (strcmp(a->name, b->name) != 0 || !union_member(b, dest))
                continue;
            if (!best || (best->clears && !a->clears))
                best = a;
        }
    }
    return best;
}

static int cmp_span(const void *a, const void *b)
{
    const sv_cal_span *x = a, *y = b;
    return x->first < y->first ? -1 : x->first > y->first;
}

bool sv_refdata_calendar(const sv_refdata *rd, const char *country, sv_cal_span **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t n_rules = 0, n_ramps = 0;
    for (size_t r = 0; r < rd->n_closure_rules; r++)
        n_rules += strcmp(rd->closure_rules[r].country, country) == 0;
    for (size_t r = 0; r < rd->n_restarts; r++)
        if (strcmp(rd->restarts[r].country, country) == 0)
            for (size_t h = 0; h < rd->n_holidays; h++)
                n_ramps += strcmp(rd->holidays[h].id, rd->restarts[r].holiday) == 0;
    if (!n_rules)
        return true;
    size_t cap_c = n_rules * (rd->n_holidays ? rd->n_holidays : 1);
    sv_closure *cl = malloc(cap_c * sizeof *cl);
    sv_cal_span *ramps = malloc((n_ramps ? n_ramps : 1) * sizeof *ramps);
    if (!cl || !ramps) {
        free(cl);
        free(ramps);
        return false;
    }
    size_t nc = sv_refdata_closures(rd, country, INT64_MIN, INT64_MAX, cl, cap_c);
    /* the reduced output after each closure of a holiday with a restart row: from the day the
     * (merged) closure holding the holiday's own window ends */
    size_t nr = 0;
    for (size_t r = 0; r < rd->n_restarts; r++) {
        const sv_restart *rs = &rd->restarts[r];
        if (strcmp(rs->country, country) != 0)
            continue;
        const sv_closure_rule *rule = NULL;
        for (size_t k = 0; k < rd->n_closure_rules; k++)
            if (strcmp(rd->closure_rules[k].country, country) == 0 &&
                strcmp(rd->closure_rules[k].holiday, rs->holiday) == 0)
                rule = &rd->closure_rules[k];
        if (!rule) /* the loader requires one; an engine test may build data by hand */
            continue;
        for (size_t h = 0; h < rd->n_holidays; h++) {
            const sv_holiday *hd = &rd->holidays[h];
            if (strcmp(hd->id, rs->holiday) != 0)
                continue;
            int64_t own_last = sv_date_to_days(hd->date) + rule->days_after;
            for (size_t k = 0; k < nc; k++)
                if (cl[k].first <= own_last && own_last <= cl[k].last) {
                    ramps[nr++] =
                        (sv_cal_span){cl[k].last + 1, cl[k].last + rs->days, rs->capacity_pct,
                                      hd->id,         cl[k].first,           cl[k].last};
                    break;
                }
        }
    }
    qsort(ramps, nr, sizeof *ramps, cmp_span);
    /* where two reduced spans meet, the earlier one's days stand */
    int64_t prev_last = INT64_MIN;
    size_t keep = 0;
    for (size_t i = 0; i < nr; i++) {
        if (ramps[i].first <= prev_last)
            ramps[i].first = prev_last + 1;
        if (ramps[i].first > ramps[i].last)
            continue;
        prev_last = ramps[i].last;
        ramps[keep++] = ramps[i];
    }
    nr = keep;
    /* closures, and the reduced spans cut around them: each closure splits a span at most in
     * two, so there are at most nc + 2 nr pieces */
    sv_cal_span *all = malloc((nc + 2 * nr + 1) * sizeof *all);
    if (!all) {
        free(cl);
        free(ramps);
        return false;
    }
    size_t m = 0;
    for (size_t k = 0; k < nc; k++)
        all[m++] =
            (sv_cal_span){cl[k].first, cl[k].last, 0, cl[k].holiday, cl[k].first, cl[k].last};
    for (size_t i = 0; i < nr; i++) {
        sv_cal_span piece = ramps[i];
        for (size_t k = 0; k < nc && piece.first <= piece.last; k++) {
            if (cl[k].last < piece.first || cl[k].first > piece.last)
                continue;
            if (cl[k].first > piece.first) { /* the part before the closure */
                sv_cal_span before = piece;
                before.last = cl[k].first - 1;
                all[m++] = before;
            }
            piece.first = cl[k].last + 1;
        }
        if (piece.first <= piece.last)
            all[m++] = piece;
    }
    qsort(all, m, sizeof *all, cmp_span);
    free(cl);
    free(ramps);
    *out = all;
    *n = m;
    return true;
}

const sv_fabric_source_row *sv_refdata_fabric_source(const sv_refdata *rd, const char *country,
                                                     sv_construction c)
{
    const sv_origin_info *o = sv_refdata_origin(rd, country);
    const char *places[2] = {country, o ? o->region : ""};
    for (int p = 0; p < 2; p++)
        for (int any = 0; any < 2; any++)
            for (size_t i = 0; i < rd->n_fabric_sources; i++) {
                const sv_fabric_source_row *f = &rd->fabric_sources[i];
                if (strcmp(f->origin, places[p]) == 0 && f->construction == (any ? -1 : (int)c) &&
                    (any || (int)c >= 0))
                    return f;
            }
    return NULL;
}

const char *sv_refdata_region_of(const sv_refdata *rd, const char *country)
{
    const sv_origin_info *o = sv_refdata_origin(rd, country);
    if (o)
        return o->region;
    if (strcmp(country, "EU") == 0 || sv_country_in_eu(country))
        return "europe";
    return NULL;
}

const sv_courier *sv_refdata_courier(const sv_refdata *rd, const char *origin, const char *brand)
{
    const char *oreg = sv_refdata_region_of(rd, origin);
    const char *breg = sv_refdata_region_of(rd, brand);
    const char *pairs[7][2] = {{origin, brand}, {origin, breg}, {origin, "*"}, {oreg, brand},
                               {oreg, breg},    {oreg, "*"},    {"*", "*"}};
    for (int k = 0; k < 7; k++) {
        if (!pairs[k][0] || !pairs[k][1])
            continue;
        for (size_t i = 0; i < rd->n_couriers; i++) {
            const sv_courier *c = &rd->couriers[i];
            if (strcmp(c->from, pairs[k][0]) == 0 && strcmp(c->to, pairs[k][1]) == 0)
                return c;
        }
    }
    return NULL;
}

const sv_payment_norm *sv_refdata_payment_norm(const sv_refdata *rd, const char *origin,
                                               sv_payment_method method)
{
    const sv_payment_norm *any = NULL;
    for (size_t i = 0; i < rd->n_payment_norms; i++) {
        const sv_payment_norm *n = &rd->payment_norms[i];
        if (n->method != method)
            continue;
        if (origin && strcmp(n->origin, origin) == 0)
            return n;
        if (!n->origin[0])
            any = n;
    }
    return any;
}
