/* Costing engine. Pure: takes the program and reference data, returns numbers.
 * The model, with its assumptions, is written up in docs/internals/costing.md. */
#include "selvedge/costing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Reference USD cents in the brand's currency. Callers check the rate exists first. */
static sv_minor local(const sv_refdata *rd, const sv_program *p, sv_minor usd_cents)
{
    sv_minor v = 0;
    sv_refdata_from_usd(rd, usd_cents, p->brand.currency, &v);
    return v;
}

/* Overhead and factory margin on top of the direct costs, as factories build a quote. */
static void close_sheet(sv_cost_sheet *c)
{
    sv_minor direct = c->fabric + c->trims + c->cmt + c->wash_print + c->packaging;
    c->overhead = sv_money_mul_bp(direct, c->overhead_bp);
    c->margin = sv_money_mul_bp(direct + c->overhead, c->margin_bp) + c->margin_rounding;
    c->quoted = direct + c->overhead + c->margin;
    c->fob = c->quoted + c->origin_charges - c->in_price;
}

/* A sheet by the kilogram buys knit fabric only for a cut-and-sew knit (construction knit:
 * jersey, fleece, rib sold by the kilo by the knitting mill, or knitted and dyed in-house by a
 * vertical factory), whose minimum is the dye lot, not the spinner's. Every other sheet by the
 * kilogram buys yarn, as before: knitwear (sweater knit), socks, hats, goods knitted to shape,
 * and any construction not said to be knit. */
bool sv_cost_buys_yarn(const sv_style *s, bool by_kg)
{
    if (!by_kg)
        return false;
    if (s->construction != SV_CONSTR_KNIT)
        return true;
    if (s->category == SV_CAT_KNITWEAR || s->category == SV_CAT_SOCKS ||
        s->category == SV_CAT_HEADWEAR)
        return true;
    return s->fabric && s->fabric->knitted_to_shape;
}

/* A figure of the category's row (unit weight, fabric a unit) for this style: a child's garment
 * is smaller, kids_size_factor_pct of the adult's (params.tsv; babywear's row is babies'
 * garments already). */
static int64_t sized(const sv_refdata *rd, const sv_style *s, int64_t adult)
{
    if (sv_gender_is_child(s->gender) && s->category != SV_CAT_BABYWEAR)
        return sv_muldiv(adult, sv_refdata_param(rd, "kids_size_factor_pct", 2), 10000);
    return adult;
}

bool sv_cost_sheet_for(const sv_program *p, const sv_style *s, const sv_refdata *rd,
                       const char *origin, sv_cost_sheet *out, bool *estimated)
{
    memset(out, 0, sizeof *out);
    *estimated = false;
    out->basis = SV_INCOTERM_FOB;
    if (!sv_refdata_fx(rd, p->brand.currency->code))
        return false;
    const sv_costsheet *own = &s->cost;
    if (own->present) {
        if ((int)own->incoterm >= 0)
            out->basis = own->incoterm;
        out->consumption_mm = own->consumption_mm;
        out->by_kg = own->by_kg;
        out->yarn = sv_cost_buys_yarn(s, own->by_kg);
        out->price_per_m = own->price_per_m;
        out->wastage_bp = own->wastage_bp >= 0 ? own->wastage_bp
                                               : sv_refdata_param(rd, "wastage_pct_default", 2);
        out->overhead_bp = own->overhead_bp >= 0
                               ? own->overhead_bp
                               : sv_refdata_param(rd, "overhead_pct_default", 2);
        out->margin_bp = own->margin_bp >= 0
                             ? own->margin_bp
                             : sv_refdata_param(rd, "factory_margin_pct_default", 2);
        /* fabric = metres x price x (1 + wastage) */
        out->fabric = sv_muldiv(own->price_per_m, own->consumption_mm * (10000 + out->wastage_bp),
                                1000 * 10000);
        out->trims = own->trims;
        out->cmt = own->cmt;
        out->wash_print = own->wash_print;
        out->packaging = own->packaging;
        close_sheet(out);
        return true;
    }
    sv_tier tier = sv_style_tier(p, s);
    if ((int)s->category < 0)
        return false;
    if ((int)tier < 0)
        tier = SV_TIER_MID;
    sv_price_band band;
    sv_refdata_band_for(rd, s->category, tier, s->gender, &band);
    const sv_price_band *b = &band;
    const sv_category_info *ci = &rd->categories[s->category];
    *estimated = true;
    out->wastage_bp = sv_refdata_param(rd, "wastage_pct_default", 2);
    out->overhead_bp = sv_refdata_param(rd, "overhead_pct_default", 2);
    out->margin_bp = sv_refdata_param(rd, "factory_margin_pct_default", 2);
    out->consumption_mm = sized(rd, s, ci->fabric_mm);
    /* A garment knitted from yarn (knitwear, socks, a fabric knitted to shape) cuts no cloth:
     * its estimate buys yarn by the kilogram, about its own weight a unit, and meets the
     * spinner's minimum, not a fabric mill's metres. */
    if (s->category == SV_CAT_KNITWEAR || s->category == SV_CAT_SOCKS ||
        (s->fabric && s->fabric->knitted_to_shape)) {
        out->by_kg = out->yarn = true;
        out->consumption_mm = sized(rd, s, ci->unit_weight_g); /* kg x 1000: grams */
    }
    /* The band's typical FOB is a whole quote; take overhead and margin back out of it and
     * split the direct cost by the category's shares. CM follows the origin's labour cost. */
    sv_minor fob = local(rd, p, b->fob_typical);
    sv_minor direct = sv_muldiv(fob, INT64_C(100000000),
                                (10000 + out->overhead_bp) * (10000 + out->margin_bp));
    int64_t shares = ci->fabric_share_bp + ci->trims_share_bp + ci->cm_share_bp;
    if (shares <= 0)
        shares = 1;
    out->fabric = sv_muldiv(direct, ci->fabric_share_bp, shares);
    out->trims = sv_muldiv(direct, ci->trims_share_bp, shares);
    out->cmt = direct - out->fabric - out->trims;
    const sv_origin_info *o = origin ? sv_refdata_origin(rd, origin) : NULL;
    if (o)
        out->cmt = sv_muldiv(out->cmt, o->cm_index, 100);
    if (out->consumption_mm > 0)
        out->price_per_m = sv_muldiv(out->fabric, INT64_C(1000) * 10000,
                                     out->consumption_mm * (10000 + out->wastage_bp));
    close_sheet(out);
    /* At the labour index base the estimate is the reference price itself: the cent or two
     * the lines' rounding loses or gains is the factory's margin, as a factory rounds its
     * margin to the price it quotes, so the estimate and the band's typical FOB agree to the
     * cent. */
    if (!o || o->cm_index == 100) {
        out->margin_rounding = fob - out->fob;
        close_sheet(out);
    }
    return true;
}

/* n / d rounded half away from zero (d > 0), as sv_muldiv rounds, in 128 bits. */
static __int128 div_round128(__int128 n, __int128 d)
{
    __int128 q = n / d, r = n % d;
    if (r < 0)
        r = -r;
    if (2 * r >= d)
        q += n < 0 ? -1 : 1;
    return q;
}

/* The same for a quotient that is a per-unit amount: a 64-bit one whatever the totals, since
 * the loader's limits bound every amount a unit; clamped all the same. */
static int64_t div_round(__int128 n, __int128 d)
{
    __int128 q = div_round128(n, d);
    return q > INT64_MAX ? INT64_MAX : q < INT64_MIN ? INT64_MIN : (int64_t)q;
}

/* The fabric the program's other styles cut from s's program fabric need in colour `name`
 * (metres, or kg when by_kg, x 1000), at their planned units: what shares s's dye lot. None
 * when s has no program fabric or the colour has no name. */
static __int128 shared_need(const sv_program *p, const sv_style *s, const sv_refdata *rd,
                            bool by_kg, const char *name)
{
    __int128 need = 0;
    if (!s->fabric || !name)
        return 0;
    for (size_t i = 0; i < p->n_styles; i++) {
        const sv_style *t = &p->styles[i];
        if (t->fabric != s->fabric || strcmp(t->code, s->code) == 0)
            continue;
        sv_cost_sheet c;
        bool est;
        if (!sv_cost_sheet_for(p, t, rd, NULL, &c, &est) || c.by_kg != by_kg)
            continue;
        int64_t per_unit = sv_muldiv(c.consumption_mm, 10000 + c.wastage_bp, 10000);
        for (size_t k = 0; k < t->n_colors; k++)
            if (t->colors[k].name && strcasecmp(t->colors[k].name, name) == 0)
                need += (__int128)t->colors[k].units * per_unit;
    }
    return need;
}

int64_t sv_cost_bulk_units(const sv_refdata *rd)
{
    int64_t bulk = 0;
    for (size_t i = rd->n_small_runs; i-- > 0;) {
        const sv_small_run *r = &rd->small_runs[i];
        if (r->cm_pct_bp > 10000 || r->trims_pct_bp > 10000)
            break;
        bulk = r->units;
    }
    if (!bulk && rd->n_small_runs)
        bulk = rd->small_runs[rd->n_small_runs - 1].units;
    return bulk;
}

const sv_setup_cost *sv_cost_setup_of(const sv_refdata *rd, int category)
{
    for (size_t i = 0; i < rd->n_setup_costs; i++)
        if (rd->setup_costs[i].category == category)
            return &rd->setup_costs[i];
    return NULL;
}

sv_run_cost sv_cost_small_run(const sv_program *p, const sv_style *s, const sv_refdata *rd,
                              const sv_cost_sheet *bulk, int64_t units)
{
    sv_run_cost r = {.units = units};
    if (units <= 0)
        return r;
    int64_t style_units = sv_style_units(s);
    size_t ncol = s->n_colors ? s->n_colors : 1;
    int64_t cm_bp, trims_bp;
    sv_refdata_small_run(rd, units, &cm_bp, &trims_bp);

    /* Fabric: each colour is dyed and bought separately, and a mill sells no less than its
     * minimum per colour (a knitting mill its dye lot, a spinner its yarn minimum, both in kg);
     * below it the brand pays for fabric it does not use. The colours keep the program's split.
     * None for a program fabric with no minimum (a stock fabric), and no fabric minimum for goods
     * knitted to shape (socks, seamless: no fabric is cut); a spinner's yarn minimum (a sheet by
     * kg) still applies to those. */
    const sv_fabric *fab = s->fabric;
    bool no_min = fab && (fab->no_minimum || (fab->knitted_to_shape && !bulk->yarn));
    const char *min_key = !bulk->by_kg ? "fabric_min_m_per_color"
                          : bulk->yarn ? "yarn_min_kg_per_color"
                                       : "knit_fabric_min_kg_per_color";
    int64_t min_mm = no_min ? 0 : sv_refdata_param(rd, min_key, 3);
    /* an estimate: no sheet of the brand's, so no fabric chosen yet, unless the program says
     * its fabric is dyed to order (the style's timeline, its program fabric's source, the
     * program's timeline, the first that says): then the dye lot is chosen, minimum and all */
    sv_fabric_source said = s->timeline.fabric;
    if (said == SV_FABRIC_UNSET && fab)
        said = fab->source;
    if (said == SV_FABRIC_UNSET)
        said = p->timeline.fabric;
    bool estimate = !s->cost.present && said != SV_FABRIC_CUSTOM;
    int64_t stock_bp = sv_refdata_param(rd, "stock_fabric_premium_pct", 2);
    int64_t need_mm_per_unit = sv_muldiv(bulk->consumption_mm, 10000 + bulk->wastage_bp, 10000);
    /* Over the run the fabric bought can be far beyond 64 bits (two billion units of a dear
     * cloth); per unit it is not. The totals are kept in 128 bits, exactly, and only the
     * per-unit figures come back to 64. */
    __int128 fabric_total = 0, fabric_needed = 0;
    /* A dye lot is a fabric and a colour: the colourways of one colour name are one lot (a wash
     * or a print is finished after the fabric is bought), and the styles cut from the same
     * program fabric in that colour share it, at their planned units. Each style buys its
     * share of the lot's purchase in proportion to the fabric it needs. */
    for (size_t i = 0; i < ncol; i++) {
        const char *name = s->n_colors ? s->colors[i].name : NULL;
        bool seen = false;
        for (size_t h = 0; name && h < i && !seen; h++)
            seen = s->colors[h].name && strcasecmp(s->colors[h].name, name) == 0;
        if (seen)
            continue; /* counted with the first colourway of its colour */
        __int128 need = 0;
        for (size_t k = i; k < ncol; k++) {
            if (k != i && !(name && s->colors[k].name && strcasecmp(s->colors[k].name, name) == 0))
                continue;
            int64_t u = s->n_colors
                            ? (style_units > 0 ? sv_muldiv(units, s->colors[k].units, style_units)
                                               : units / (int64_t)ncol)
                            : units;
            need += (__int128)u * need_mm_per_unit;
        }
        __int128 lot = need + (min_mm > 0 ? shared_need(p, s, rd, bulk->by_kg, name) : 0);
        __int128 buy = need;
        if (lot < min_mm)
            buy = lot > 0 ? div_round128(need * min_mm, lot) : min_mm;
        /* each lot's fabric to the cent, as the mill invoices it */
        __int128 needed = div_round128(need * bulk->price_per_m, 1000);
        __int128 bought = div_round128(buy * bulk->price_per_m, 1000);
        /* An estimate's lot under the minimum: a small brand buys stock fabric (or
         * stock-service yarn), no minimum, at a higher price, where that costs less. */
        if (estimate && buy > need) {
            __int128 stock =
                div_round128(need * bulk->price_per_m * (10000 + stock_bp), (__int128)1000 * 10000);
            if (stock < bought) {
                bought = stock;
                r.stock_fabric = true;
            }
        }
        fabric_needed += needed;
        fabric_total += bought;
    }
    /* The fabric line is the bulk sheet's, to the cent, plus the fabric bought and not used:
     * not the metre or kilo price times the run's need, whose rounding (a price per metre kept
     * to the cent) made a run with no minimum to meet differ from bulk by a cent or two. */
    r.fabric_minimum_per_unit =
        bulk->price_per_m > 0 ? div_round(fabric_total - fabric_needed, units) : 0;
    sv_minor fabric_unit = bulk->fabric + r.fabric_minimum_per_unit;

    /* Set-up: a bulk price already carries its set-up, spread over the bulk run (the run from
     * which small_run.tsv's multipliers stay at 100%); a shorter run pays what it spreads over
     * fewer units beyond that, a bulk run or a longer one nothing more. */
    /* by category (setup.tsv: a sock's programme is not a tailored jacket's pattern and
     * line), else the one figure of params.tsv */
    const sv_setup_cost *sc = sv_cost_setup_of(rd, (int)s->category);
    sv_minor per_style = sc ? sc->per_style : sv_refdata_param(rd, "setup_usd_per_style", 2);
    sv_minor per_color = sc ? sc->per_color : sv_refdata_param(rd, "setup_usd_per_color", 2);
    sv_minor setup = local(rd, p, per_style) + (sv_minor)ncol * local(rd, p, per_color);
    int64_t bulk_units = sv_cost_bulk_units(rd);
    r.setup_per_unit =
        units < bulk_units ? sv_muldiv(setup, 1, units) - sv_muldiv(setup, 1, bulk_units) : 0;

    sv_cost_sheet c = *bulk;
    c.fabric = fabric_unit;
    c.cmt = sv_money_mul_bp(bulk->cmt, cm_bp);
    c.trims = sv_money_mul_bp(bulk->trims, trims_bp);
    c.wash_print += r.setup_per_unit; /* set-up is charged like a value-adding line */
    close_sheet(&c);
    r.unit_fob = c.fob;
    r.vs_bulk_bp = bulk->fob > 0 ? sv_muldiv(c.fob, 10000, bulk->fob) : 0;
    return r;
}

/* The weight a program ships and what the forwarder charges for it: the program goes in
 * entries_per_program consolidations (at least one), each charged for at least the lane's
 * minimum (LCL: 1 CBM), so a small shipment is not priced per kilo. */
typedef struct shipping {
    int64_t total_g; /* packed weight of every planned unit */
    int64_t shipments;
    int64_t shipment_g;   /* one shipment, rounded up */
    int64_t chargeable_g; /* max(shipment_g, the lane's minimum) */
} shipping;

static shipping shipping_of(const sv_program *p, const sv_refdata *rd, const sv_freight_rate *fr)
{
    shipping sh = {0, 1, 0, 0};
    __int128 g = 0;
    for (size_t i = 0; i < p->n_styles; i++) {
        const sv_style *s = &p->styles[i];
        if ((int)s->category >= 0)
            g += (__int128)sv_style_units(s) *
                 sized(rd, s, rd->categories[s->category].unit_weight_g);
    }
    sh.total_g = g > INT64_MAX ? INT64_MAX : (int64_t)g;
    int64_t n = sv_refdata_param(rd, "entries_per_program", 0);
    sh.shipments = n > 0 ? n : 1;
    sh.shipment_g = sh.total_g / sh.shipments + (sh.total_g % sh.shipments != 0);
    sh.chargeable_g = sh.shipment_g;
    if (fr && sh.shipment_g > 0 && sh.chargeable_g < fr->min_g)
        sh.chargeable_g = fr->min_g;
    return sh;
}

/* Freight of one unit weighing `grams`, USD cents: its share of what the shipment is charged. */
static sv_minor unit_freight_usd(const sv_freight_rate *fr, const shipping *sh, int64_t grams)
{
    if (sh->shipment_g <= 0)
        return sv_muldiv(fr->per_kg, grams, 1000);
    return div_round((__int128)fr->per_kg * grams * sh->chargeable_g,
                     (__int128)1000 * sh->shipment_g);
}

bool sv_cost_freight_per_unit(const sv_program *p, const sv_refdata *rd, const char *origin,
                              sv_mode mode, sv_minor *out)
{
    const sv_freight_rate *fr = sv_refdata_freight(rd, origin, p->destination, mode);
    int64_t units = sv_program_units(p);
    if (!fr || units <= 0)
        return false;
    shipping sh = shipping_of(p, rd, fr);
    /* every shipment charged, over every unit */
    sv_minor usd =
        div_round((__int128)fr->per_kg * sh.chargeable_g * sh.shipments, (__int128)1000 * units);
    if (sh.shipment_g <= 0)
        usd = 0;
    return sv_refdata_from_usd(rd, usd, p->brand.currency, out);
}

/* The tariff's genders a program's gender reads as, most specific first (duty.tsv header).
 * Keyed by name, so genders the program file adds (girls, boys, baby) read as the data says
 * without a change here. *note gets how an unclear gender was read. */
static const char *const *duty_genders(sv_gender g, const char **note)
{
    static const char *const men[] = {"men", NULL}, *const women[] = {"women", NULL},
                             *const girls[] = {"girls", "women", NULL},
                             *const boys[] = {"boys", "men", NULL}, *const baby[] = {"baby", NULL};
    const char *name = (int)g >= 0 ? sv_gender_name(g) : "";
    *note = NULL;
    if (strcmp(name, "men") == 0)
        return men;
    if (strcmp(name, "women") == 0)
        return women;
    if (strcmp(name, "girls") == 0)
        return girls;
    if (strcmp(name, "boys") == 0)
        return boys;
    if (strcmp(name, "baby") == 0)
        return baby;
    /* HS chapter 61 note 9, chapter 62 note 8: a garment that cannot be identified as men's
     * or boys' (or as women's or girls') goes in the women's or girls' heading */
    if (strcmp(name, "kids") == 0) {
        *note = "kids: girls' lines assumed (HS chapter 61 note 9, chapter 62 note 8: a garment "
                "not identifiable as boys' is classed as girls'); set gender: boys if it is";
        return girls;
    }
    *note = strcmp(name, "unisex") == 0
                ? "unisex: women's lines (HS chapter 61 note 9, chapter 62 note 8: a garment "
                  "not identifiable as men's is classed as women's)"
                : "gender not given: women's lines assumed (HS chapter 61 note 9, chapter 62 "
                  "note 8)";
    return women;
}

/* Fibres the tariff classes as "other" that a composition may name: a known fibre, not an
 * unknown one. */
static bool names_other_fiber(const char *comp)
{
    static const char *const words[] = {"silk",    "linen", "flax",    "hemp",   "ramie", "jute",
                                        "leather", "down",  "feather", "bamboo", NULL};
    for (int i = 0; words[i]; i++)
        if (strcasestr(comp, words[i]))
            return true;
    return false;
}

/* The MFN row for a style, with what it stands on: the gender read, and whether the fibre's
 * rate had to be assumed (no composition, or no row for the fibre where fibres differ). */
static const sv_duty_rate *mfn_row(const sv_refdata *rd, const char *dest, const sv_style *s,
                                   sv_style_cost *out)
{
    const char *note;
    const char *const *genders = duty_genders(s->gender, &note);
    int f = out->fiber_unknown ? -1 : (int)out->fiber;
    const sv_duty_rate *d = sv_refdata_duty_for(rd, dest, s->category, f, genders);
    out->fiber_rate_of = -1;
    if (!d)
        return NULL;
    if (d->gender[0]) {
        out->duty_gender = d->gender;
        out->gender_note = note;
    }
    /* does the fibre decide the rate here, and whose rate is this? */
    static const sv_fiber fibres[] = {SV_FIBER_COTTON, SV_FIBER_SYNTHETIC, SV_FIBER_WOOL};
    bool differ = false;
    int same = -1;
    out->fiber_max_bp = d->rate_bp;
    for (size_t i = 0; i < sizeof fibres / sizeof fibres[0]; i++) {
        const sv_duty_rate *r = sv_refdata_duty_for(rd, dest, s->category, (int)fibres[i], genders);
        if (!r)
            continue;
        if (r->rate_bp != d->rate_bp)
            differ = true;
        else if (same < 0)
            same = (int)fibres[i];
        if (r->rate_bp > out->fiber_max_bp)
            out->fiber_max_bp = r->rate_bp;
    }
    if (d->fiber < 0 && differ) {
        out->fiber_assumed = true;
        out->fiber_rate_of = same;
    }
    return d;
}

/* Whether an additional-duty row speaks of this origin: its own code, the EU for a member, or
 * every origin. */
static bool extra_origin(const sv_extra_duty *x, const char *origin)
{
    if (strcmp(x->origin, "*") == 0)
        return true;
    if (strcmp(x->origin, "EU") == 0)
        return sv_country_in_eu(origin);
    return strcmp(x->origin, origin) == 0;
}

static bool extra_on(const sv_extra_duty *x, int64_t day)
{
    if (!day)
        return x->until == 0;
    return (!x->from || day >= x->from) && (!x->until || day <= x->until);
}

/* Every additional duty on file for the lane, one line a name: the row in force on the entry
 * day (an origin's own before the * row), else the latest row, with why it does not apply. */
static void extra_lines(const sv_refdata *rd, sv_cost_report *r, const sv_duty_pref *lane_pref)
{
    const char *dest = r->destination;
    for (size_t i = 0; i < rd->n_extra_duties && r->n_extra < SV_MAX_EXTRA; i++) {
        const sv_extra_duty *x = &rd->extra_duties[i];
        if (strcmp(x->destination, dest) != 0 || !extra_origin(x, r->origin))
            continue;
        bool seen = false;
        for (int k = 0; k < r->n_extra; k++)
            seen |= strcmp(r->extra[k].row->name, x->name) == 0;
        if (seen)
            continue;
        /* the rows of this name: in force (own, then *), else the latest (own, then *) */
        const sv_extra_duty *on_own = NULL, *on_any = NULL, *last_own = NULL, *last_any = NULL;
        for (size_t j = i; j < rd->n_extra_duties; j++) {
            const sv_extra_duty *y = &rd->extra_duties[j];
            if (strcmp(y->destination, dest) != 0 || !extra_origin(y, r->origin) ||
                strcmp(y->name, x->name) != 0)
                continue;
            bool own = strcmp(y->origin, "*") != 0;
            if (extra_on(y, r->entry_day)) {
                if (own && !on_own)
                    on_own = y;
                if (!own && !on_any)
                    on_any = y;
            }
            const sv_extra_duty **last = own ? &last_own : &last_any;
            if (!*last ||
                (y->until ? y->until : INT64_MAX) > ((*last)->until ? (*last)->until : INT64_MAX))
                *last = y;
        }
        sv_extra_line *l = &r->extra[r->n_extra++];
        l->row = on_own ? on_own : on_any ? on_any : last_own ? last_own : last_any;
        if (!on_own && !on_any)
            l->status = !r->entry_day                                 ? SV_EXTRA_UNDATED
                        : l->row->from && r->entry_day < l->row->from ? SV_EXTRA_NOT_YET
                                                                      : SV_EXTRA_ENDED;
        else if (l->row->kind == SV_EXTRA_WATCH)
            l->status = SV_EXTRA_NO_RATE;
        else if (l->row->rate_bp == 0)
            l->status = SV_EXTRA_EXEMPT;
        else if (l->row->kind == SV_EXTRA_SURCHARGE && r->surcharges_off)
            l->status = SV_EXTRA_SWITCHED_OFF;
        else if (l->row->non_preferential && lane_pref && !lane_pref->withdrawn)
            l->status = SV_EXTRA_PREFERENCE;
        else
            l->status = SV_EXTRA_APPLIED;
    }
}

/* The additional rate a line adds to a style whose own rate is base_bp. */
static int64_t extra_rate(const sv_extra_duty *x, int64_t base_bp)
{
    if (!x->topup)
        return x->rate_bp;
    return x->rate_bp > base_bp ? x->rate_bp - base_bp : 0;
}

/* Landed cost with the customs fees, and the margins on it. */
/* Landed cost with the customs fees, and the margins on it: on the retail price net of the
 * VAT/GST the destination's shelf prices include, wholesale worked back from that net. */
static void finish_style(const sv_refdata *rd, const sv_cost_report *rep, sv_style_cost *out)
{
    sv_cost_sheet *c = &out->sheet;
    if (c->basis == SV_INCOTERM_DDP) {
        /* landed already: the duties, fees and brokerage are inside the price too (worked on
         * the price less freight and insurance: an estimate of the FOB inside) */
        sv_minor inside = out->duty + out->extra_total + out->fees_total + out->brokerage;
        c->in_price += inside;
        close_sheet(c);
        for (int k = 0; k < out->n_runs; k++) {
            sv_run_cost *run = &out->runs[k];
            run->unit_fob -= inside;
            run->vs_bulk_bp = c->fob > 0 ? sv_muldiv(run->unit_fob, 10000, c->fob) : 0;
        }
        out->fob -= inside;
    }
    out->landed = out->fob + out->freight + out->insurance + out->duty + out->extra_total +
                  out->fees_total + out->brokerage + out->commission + out->testing +
                  out->development;

    const sv_vat *v = sv_refdata_vat(rd, rep->destination, out->style->gender);
    out->vat = v;
    out->retail_net = out->retail;
    if (v && v->in_shelf_price && out->retail > 0)
        out->retail_net = sv_muldiv(out->retail, 10000, 10000 + v->rate_bp);
    if (out->wholesale < 0 && out->retail > 0) {
        int64_t k = sv_refdata_param(rd, "keystone_multiple", 2);
        if (k > 0) {
            out->wholesale = sv_muldiv(out->retail_net, 100, k);
            out->wholesale_derived = true;
        }
    }
    out->retail_margin_bp = out->wholesale_margin_bp = SV_UNSET;
    out->retail_multiple_x100 = out->wholesale_multiple_x100 = SV_UNSET;
    if (out->retail_net > 0 && out->landed > 0) {
        out->retail_margin_bp = sv_muldiv(out->retail_net - out->landed, 10000, out->retail_net);
        out->retail_multiple_x100 = sv_muldiv(out->retail_net, 100, out->landed);
    }
    if (out->wholesale > 0 && out->landed > 0) {
        out->wholesale_margin_bp = sv_muldiv(out->wholesale - out->landed, 10000, out->wholesale);
        out->wholesale_multiple_x100 = sv_muldiv(out->wholesale, 100, out->landed);
    }
}

/* The small-run table of a style, and the FOB a unit at its planned quantity (out->fob). A
 * bulk figure (an estimate, or a sheet with basis: bulk) is brought to the planned quantity by
 * the small-run model. The brand's sheet as written is the price at the planned quantity: its
 * rows are the model's ratio to the planned run applied to the sheet, so the planned row is
 * the sheet's FOB and a longer run is cheaper than the quote. */
static void small_runs(const sv_program *p, const sv_style *s, const sv_refdata *rd,
                       sv_style_cost *out)
{
    const sv_cost_sheet *c = &out->sheet;
    static const int64_t ladder[] = {50, 100, 300, 500, 1000, 3000};
    int64_t planned = sv_style_units(s);
    bool planned_done = false;
    for (size_t i = 0; i < sizeof ladder / sizeof ladder[0]; i++) {
        if (!planned_done && planned > 0 && planned <= ladder[i]) {
            if (planned != ladder[i]) {
                out->runs[out->n_runs] = sv_cost_small_run(p, s, rd, c, planned);
                out->runs[out->n_runs++].planned = true;
            }
            planned_done = true;
        }
        out->runs[out->n_runs] = sv_cost_small_run(p, s, rd, c, ladder[i]);
        out->runs[out->n_runs].planned = ladder[i] == planned;
        out->n_runs++;
    }
    if (!planned_done && planned > 0) {
        out->runs[out->n_runs] = sv_cost_small_run(p, s, rd, c, planned);
        out->runs[out->n_runs++].planned = true;
    }
    out->fob = c->fob;
    out->fob_units = planned > 0 ? planned : 0;
    out->fob_from_model = false;
    const sv_run_cost *at = NULL;
    for (int k = 0; k < out->n_runs; k++)
        if (out->runs[k].planned)
            at = &out->runs[k];
    if (!at || at->unit_fob <= 0)
        return;
    out->fob_stock_fabric = at->stock_fabric;
    if (out->estimated || s->cost.bulk) {
        out->fob = at->unit_fob;
        out->fob_from_model = true;
        return;
    }
    sv_minor model = at->unit_fob;
    for (int k = 0; k < out->n_runs; k++) {
        sv_run_cost *r = &out->runs[k];
        /* the planned row exactly the sheet, not the ratio's rounding; x bulk stays the
         * model's ratio */
        r->unit_fob = r->planned ? c->fob : sv_muldiv(r->unit_fob, c->fob, model);
        r->setup_per_unit = sv_muldiv(r->setup_per_unit, c->fob, model);
        r->fabric_minimum_per_unit = sv_muldiv(r->fabric_minimum_per_unit, c->fob, model);
    }
}

static void cost_style(const sv_program *p, const sv_style *s, const sv_refdata *rd,
                       const sv_cost_report *rep, const shipping *sh, sv_minor brokerage_total,
                       sv_minor origin_total, sv_style_cost *out)
{
    out->style = s;
    memcpy(out->origin, rep->origin, 3);
    out->retail = s->retail_price;
    out->wholesale = s->wholesale_price;
    out->fiber = sv_fiber_of(s->composition);
    out->fiber_unknown =
        !s->composition || (out->fiber == SV_FIBER_OTHER && !names_other_fiber(s->composition));
    out->mode = rep->mode; /* the lane's mode, looked up once for the report (sv_cost_run) */
    if (!sv_cost_sheet_for(p, s, rd, rep->origin, &out->sheet, &out->estimated))
        return;
    out->ok = true;
    const sv_cost_sheet *c = &out->sheet;

    /* Landed: FOB + freight + insurance + duty on FOB + brokerage shared over the units. */
    const sv_freight_rate *fr =
        sv_refdata_freight(rd, rep->origin, rep->destination, rep->mode_requested);
    if ((int)s->category >= 0 && fr) {
        int64_t grams = sized(rd, s, rd->categories[s->category].unit_weight_g);
        out->freight = local(rd, p, unit_freight_usd(fr, sh, grams));
    }
    /* The sheet's incoterm: what its price holds beyond FOB comes out (the freight a CFR price
     * holds is taken as the lane's freight here, the insurance a CIF price holds as
     * insurance_pct of the CIF value), what it lacks (EXW: the origin's charges) goes in. */
    int64_t ins_bp = sv_refdata_param(rd, "insurance_pct", 2);
    sv_minor ins_in = -1;
    switch (out->sheet.basis) {
    case SV_INCOTERM_EXW:
        out->sheet.origin_charges =
            rep->program_units > 0 ? sv_muldiv(origin_total, 1, rep->program_units) : 0;
        break;
    case SV_INCOTERM_CFR:
    case SV_INCOTERM_CPT:
        out->sheet.in_price = out->freight;
        break;
    case SV_INCOTERM_CIF:
    case SV_INCOTERM_CIP:
    case SV_INCOTERM_DAP:
    case SV_INCOTERM_DPU:
    case SV_INCOTERM_DDP:
        ins_in = sv_muldiv(c->quoted, ins_bp, 10000 + ins_bp);
        out->sheet.in_price = out->freight + ins_in;
        break;
    default: /* FOB, FCA, FAS: the seller clears export; FOB for the buyer */
        break;
    }
    close_sheet(&out->sheet);
    small_runs(p, s, rd, out);
    out->insurance = ins_in >= 0 ? ins_in : sv_money_mul_bp(out->fob + out->freight, ins_bp);
    /* Duty is charged on the customs value of the destination: the goods alone (FOB: US, CA,
     * AU) or the goods with freight and insurance to the border (CIF: EU, GB, JP). */
    out->customs_value =
        rep->valuation == SV_BASIS_FOB ? out->fob : out->fob + out->freight + out->insurance;
    const sv_duty_pref *pref = sv_refdata_duty_pref_on(
        rd, rep->origin, rep->destination, (int)s->category, rep->entry_day, rep->pending_applied);
    if (pref && pref->withdrawn) {
        out->withdrawn = pref->scheme; /* MFN applies, and the report says why */
        pref = NULL;
    }
    if (pref) {
        out->duty_caveat = pref->caveat;
        out->duty_bp = pref->rate_bp;
        out->duty_scheme = pref->scheme;
        out->duty_source = pref->source;
        out->duty = sv_money_mul_bp(out->customs_value, pref->rate_bp);
    } else if ((int)s->category >= 0) {
        const sv_duty_rate *d = mfn_row(rd, rep->destination, s, out);
        if (d) {
            out->duty_bp = d->rate_bp;
            out->duty_source = d->source;
            out->duty = sv_money_mul_bp(out->customs_value, d->rate_bp);
        }
    }
    /* the additional duties applied on the lane, on the same customs value */
    for (int k = 0; k < rep->n_extra; k++) {
        if (rep->extra[k].status != SV_EXTRA_APPLIED)
            continue;
        out->extra_bp[k] = extra_rate(rep->extra[k].row, out->duty_bp);
        out->extra[k] = sv_money_mul_bp(out->customs_value, out->extra_bp[k]);
        out->extra_total += out->extra[k];
    }
    bool entry = !pref || pref->customs_entry;
    out->imported = entry;
    out->brokerage =
        entry && rep->program_units > 0 ? sv_muldiv(brokerage_total, 1, rep->program_units) : 0;
    /* beside the factory's price: commission on FOB, not in the customs value (a buying
     * commission is not part of it: 19 U.S.C. 1401a(b)(1), UCC art. 71(1)(a)(i)); testing and
     * development a style shared over its planned units */
    sv_extra_costs x = sv_style_extra_costs(p, s);
    int64_t su = sv_style_units(s);
    out->commission_bp = x.agent_commission_bp > 0 ? x.agent_commission_bp : 0;
    out->commission = sv_money_mul_bp(out->fob, out->commission_bp);
    out->testing = (x.testing_per_unit > 0 ? x.testing_per_unit : 0) +
                   (x.testing_per_style > 0 && su > 0 ? sv_muldiv(x.testing_per_style, 1, su) : 0);
    out->development =
        x.development_per_style > 0 && su > 0 ? sv_muldiv(x.development_per_style, 1, su) : 0;
}

static bool in_list(const char *list, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = list; p && (p = strstr(p, code)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
}

/* The customs fees of the destination on the program's entries, shared over the units by
 * their customs value. */
static void customs_fees(const sv_program *p, const sv_refdata *rd, sv_cost_report *r,
                         const sv_duty_pref *lane_pref)
{
    const char *d = sv_country_in_eu(r->destination) ? "EU" : r->destination;
    __int128 value = 0;
    for (size_t i = 0; i < r->n_styles; i++)
        if (r->styles[i].ok)
            value += (__int128)sv_style_units(&p->styles[i]) * r->styles[i].customs_value;
    for (size_t f = 0; f < rd->n_fees && r->n_fees < SV_MAX_FEES; f++) {
        const sv_customs_fee *x = &rd->fees[f];
        if (strcmp(x->destination, d) != 0)
            continue;
        sv_fee_line *l = &r->fees[r->n_fees++];
        l->row = x;
        l->waived = lane_pref && !lane_pref->withdrawn && in_list(x->waived_for, r->origin);
        /* no entry when the goods never cross a border */
        bool entry = !lane_pref || lane_pref->customs_entry;
        l->applied = entry && x->modes[r->mode] && !l->waived && value > 0;
        if (!l->applied)
            continue;
        __int128 per_entry = div_round128(value * x->rate_ppm, (__int128)1000000 * r->entries);
        sv_minor lo = x->min_usd >= 0 ? local(rd, p, x->min_usd) : -1;
        sv_minor hi = x->max_usd >= 0 ? local(rd, p, x->max_usd) : -1;
        if (lo >= 0 && per_entry < lo) {
            per_entry = lo;
            l->at_min = true;
        }
        if (hi >= 0 && per_entry > hi) {
            per_entry = hi;
            l->at_max = true;
        }
        l->entry = per_entry > INT64_MAX ? INT64_MAX : (sv_minor)per_entry;
        __int128 total = per_entry * r->entries;
        int k = r->n_fees - 1;
        for (size_t i = 0; i < r->n_styles; i++) {
            sv_style_cost *s = &r->styles[i];
            if (!s->ok)
                continue;
            s->fee[k] = div_round(total * s->customs_value, value);
            s->fees_total += s->fee[k];
        }
    }
}

const char *sv_cost_origin_caveat(const sv_refdata *rd, const char *origin, const char *dest,
                                  int64_t day)
{
    const sv_duty_pref *p = sv_refdata_duty_pref_on(rd, origin, dest, -1, day, false);
    return p && !p->withdrawn ? p->caveat : NULL;
}

sv_minor sv_cost_landed_at(const sv_cost_report *r, const sv_style_cost *s, const sv_refdata *rd,
                           sv_minor fob)
{
    /* at the FOB costed, the landed cost costed, to the cent (fees shared by the entry) */
    if (s->ok && fob == s->fob)
        return s->landed;
    sv_minor insurance =
        sv_money_mul_bp(fob + s->freight, sv_refdata_param(rd, "insurance_pct", 2));
    sv_minor cv = r->valuation == SV_BASIS_FOB ? fob : fob + s->freight + insurance;
    sv_minor extra = 0;
    for (int k = 0; k < r->n_extra; k++)
        extra += sv_money_mul_bp(cv, s->extra_bp[k]);
    /* a fee kept at its minimum or maximum is fixed an entry; else it follows the value */
    sv_minor fees = 0;
    for (int k = 0; k < r->n_fees; k++) {
        const sv_fee_line *l = &r->fees[k];
        if (!l->applied)
            continue;
        fees += l->at_min || l->at_max ? s->fee[k] : sv_muldiv(cv, l->row->rate_ppm, 1000000);
    }
    return fob + s->freight + insurance + sv_money_mul_bp(cv, s->duty_bp) + extra + fees +
           s->brokerage + sv_money_mul_bp(fob, s->commission_bp) + s->testing + s->development;
}

sv_minor sv_cost_fob_equivalent(const sv_cost_report *r, const sv_style_cost *s,
                                const sv_refdata *rd, sv_minor amount, sv_incoterm basis)
{
    int64_t ins_bp = sv_refdata_param(rd, "insurance_pct", 2);
    switch (basis) {
    case SV_INCOTERM_EXW:
        return amount + r->origin_charges_per_unit;
    case SV_INCOTERM_CFR:
    case SV_INCOTERM_CPT:
        return amount - s->freight;
    case SV_INCOTERM_CIF:
    case SV_INCOTERM_CIP:
    case SV_INCOTERM_DAP:
    case SV_INCOTERM_DPU:
        return amount - s->freight - sv_muldiv(amount, ins_bp, 10000 + ins_bp);
    case SV_INCOTERM_DDP: {
        /* the destination's costs worked on the price less freight and insurance */
        sv_minor ins = sv_muldiv(amount, ins_bp, 10000 + ins_bp);
        sv_minor fob0 = amount - s->freight - ins;
        sv_minor dest = sv_cost_landed_at(r, s, rd, fob0) - fob0 - s->freight -
                        sv_money_mul_bp(fob0 + s->freight, ins_bp) -
                        sv_money_mul_bp(fob0, s->commission_bp) - s->testing - s->development;
        return fob0 - dest;
    }
    default:
        return amount;
    }
}

static sv_code cost_run_one(const sv_program *p, const sv_refdata *rd,
                            const sv_cost_options *opt, sv_cost_report **out, sv_err *e)
{
    *out = NULL;
    if (!sv_refdata_fx(rd, p->brand.currency->code))
        return sv_err_set(e, SV_ERR_NOTFOUND,
                          "no exchange rate for %s in fx.tsv: add a row to a copy of fx.tsv in "
                          "the directory given by --data or SELVEDGE_DATA",
                          p->brand.currency->code);
    sv_cost_report *r = calloc(1, sizeof *r);
    if (!r)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    r->currency = p->brand.currency;
    r->fx = sv_refdata_fx(rd, p->brand.currency->code);
    r->vat = sv_refdata_vat(rd, p->destination, SV_GENDER_UNSET);
    r->mode = r->mode_requested = opt ? opt->mode : SV_MODE_SEA;
    sv_refdata_pick_origin(rd, p, opt ? opt->origin : NULL, r->origin, &r->origin_assumed);
    if (!sv_refdata_origin(rd, r->origin)) {
        sv_err_set(e, SV_ERR_NOTFOUND,
                   "no reference figures for origin %s in origins.tsv; choose another origin or "
                   "add a row", r->origin);
        sv_cost_report_free(r);
        return SV_ERR_NOTFOUND;
    }
    memcpy(r->destination, p->destination, 3);
    /* the day the goods enter: the launch date, else the day given */
    if (p->has_launch_date) {
        r->entry_day = sv_date_to_days(p->launch_date);
        r->entry_basis = "the launch date";
    } else if (opt && sv_date_valid(opt->today.year, opt->today.month, opt->today.day)) {
        r->entry_day = sv_date_to_days(opt->today);
        r->entry_basis = "today";
    }
    /* a signed agreement not in force: said, applied only when asked */
    const sv_duty_pref *in_force =
        sv_refdata_duty_pref_on(rd, r->origin, r->destination, -1, r->entry_day, false);
    const sv_duty_pref *with =
        sv_refdata_duty_pref_on(rd, r->origin, r->destination, -1, r->entry_day, true);
    if (with && with->pending && with != in_force) {
        r->pending = with;
        r->pending_applied = opt && opt->with_pending;
    }
    r->surcharges_off = opt && opt->surcharges_off;
    extra_lines(rd, r,
                sv_refdata_duty_pref_on(rd, r->origin, r->destination, -1, r->entry_day,
                                        r->pending_applied));
    const sv_valuation *val = sv_refdata_valuation(rd, r->destination);
    r->valuation = val ? val->basis : SV_BASIS_CIF;
    r->valuation_assumed = !val;
    r->valuation_source = val ? val->source : NULL;
    const sv_freight_rate *fr = sv_refdata_freight(rd, r->origin, r->destination, r->mode);
    if (fr) {
        r->mode = fr->mode;
        r->transit_days_low = fr->transit_days_low;
        r->transit_days_high = fr->transit_days_high;
        r->freight_source = fr->source;
    }
    shipping sh = shipping_of(p, rd, fr);
    r->shipment_g = sh.shipment_g;
    r->chargeable_g = sh.chargeable_g;
    r->freight_min_g = fr ? fr->min_g : 0;
    r->freight_minimum = sh.chargeable_g > sh.shipment_g;
    r->program_units = sv_program_units(p);
    r->stock_premium_bp = sv_refdata_param(rd, "stock_fabric_premium_pct", 2);
    r->styles = calloc(p->n_styles ? p->n_styles : 1, sizeof *r->styles);
    if (!r->styles) {
        sv_cost_report_free(r);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    r->n_styles = p->n_styles;
    sv_minor brokerage = local(rd, p, sv_refdata_param(rd, "brokerage_usd_per_entry", 2) *
                                          sv_refdata_param(rd, "entries_per_program", 0));
    int64_t entries = sv_refdata_param(rd, "entries_per_program", 0);
    r->entries = entries > 0 ? entries : 1;
    /* an EXW price: carriage to the port and export clearance, a shipment (params.tsv) */
    sv_minor origin_charges =
        local(rd, p, sv_refdata_param(rd, "origin_charges_usd_per_entry", 2) * r->entries);
    r->origin_charges_per_unit =
        r->program_units > 0 ? sv_muldiv(origin_charges, 1, r->program_units) : 0;
    /* Units x price over a thousand styles can leave 64 bits with every field inside its
     * limit (the loader bounds each amount, not their product): the totals are checked, and
     * a program whose totals do not fit is refused at the style where they stop fitting. */
    for (size_t i = 0; i < p->n_styles; i++)
        cost_style(p, &p->styles[i], rd, r, &sh, brokerage, origin_charges, &r->styles[i]);
    customs_fees(p, rd, r,
                 sv_refdata_duty_pref_on(rd, r->origin, r->destination, -1, r->entry_day,
                                         r->pending_applied));
    sv_sum fob = {0}, landed = {0};
    for (size_t i = 0; i < p->n_styles; i++) {
        const sv_style *s = &p->styles[i];
        if (!r->styles[i].ok)
            continue;
        finish_style(rd, r, &r->styles[i]);
        int64_t u = sv_style_units(s);
        sv_sum_add_product(&fob, r->styles[i].fob, u);
        sv_sum_add_product(&landed, r->styles[i].landed, u);
        if (fob.overflow || landed.overflow) {
            char path[160], units[32], unit_fob[48];
            snprintf(path, sizeof path, "program.styles[%s]", s->code);
            sv_err_at(e, SV_ERR_SCHEMA, p->path, s->line, 0, path,
                      "the program's total %s (units x the price a unit, added over the "
                      "styles) is beyond what selvedge can add up once this style is counted: "
                      "%s units at %s %s a unit; no apparel program comes near, so check the "
                      "units and the prices",
                      fob.overflow ? "FOB" : "landed cost",
                      sv_decimal_format(u, 0, true, units, sizeof units),
                      sv_decimal_format(r->styles[i].fob, r->currency->exponent, true, unit_fob,
                                        sizeof unit_fob),
                      r->currency->code);
            sv_cost_report_free(r);
            return SV_ERR_SCHEMA;
        }
    }
    r->total_fob = fob.v;
    r->total_landed = landed.v;
    *out = r;
    return SV_OK;
}

void sv_cost_report_free(sv_cost_report *r)
{
    if (!r)
        return;
    free(r->styles);
    free(r);
}

/* The styles of one origin as a program of their own: the styles copied into tmp (their
 * pointers into the program's pool stay valid), their places in the program in idx. */
static size_t group_of(const sv_program *p, const char *origin, const char *main_origin,
                       sv_style *tmp, size_t *idx)
{
    size_t k = 0;
    for (size_t i = 0; i < p->n_styles; i++) {
        const char *o = p->styles[i].origin[0] ? p->styles[i].origin : main_origin;
        if (strcmp(o, origin) == 0) {
            tmp[k] = p->styles[i];
            idx[k++] = i;
        }
    }
    return k;
}

/* Moves the style costs of a group's report g into the program's (all), its additional-duty
 * and fee lines joined to r's by name. */
static void merge_group(sv_cost_report *r, sv_cost_report *g, const sv_program *p,
                        const size_t *idx, sv_style_cost *all)
{
    int map[SV_MAX_EXTRA];
    for (int k = 0; k < g->n_extra; k++) {
        map[k] = -1;
        for (int m = 0; m < r->n_extra && map[k] < 0; m++)
            if (strcmp(r->extra[m].row->name, g->extra[k].row->name) == 0)
                map[k] = m;
        if (map[k] < 0 && r->n_extra < SV_MAX_EXTRA) {
            r->extra[r->n_extra] = g->extra[k];
            map[k] = r->n_extra++;
        }
    }
    /* the fee lines are the destination's, in the same order whatever the origin */
    for (int k = 0; k < g->n_fees && k < r->n_fees; k++)
        if (!r->fees[k].applied && g->fees[k].applied)
            r->fees[k] = g->fees[k];
    for (size_t j = 0; j < g->n_styles; j++) {
        sv_style_cost c = g->styles[j];
        memset(c.extra_bp, 0, sizeof c.extra_bp);
        memset(c.extra, 0, sizeof c.extra);
        for (int k = 0; k < g->n_extra; k++)
            if (map[k] >= 0) {
                c.extra_bp[map[k]] = g->styles[j].extra_bp[k];
                c.extra[map[k]] = g->styles[j].extra[k];
            }
        c.style = &p->styles[idx[j]];
        all[idx[j]] = c;
    }
}

sv_code sv_cost_run(const sv_program *p, const sv_refdata *rd, const sv_cost_options *opt,
                    sv_cost_report **out, sv_err *e)
{
    *out = NULL;
    char main_origin[3];
    bool assumed;
    sv_refdata_pick_origin(rd, p, opt ? opt->origin : NULL, main_origin, &assumed);
    bool others = false;
    for (size_t i = 0; i < p->n_styles; i++)
        others |= p->styles[i].origin[0] && strcmp(p->styles[i].origin, main_origin) != 0;
    if (!others)
        return cost_run_one(p, rd, opt, out, e);

    sv_style *tmp = malloc(p->n_styles * sizeof *tmp);
    size_t *idx = malloc(p->n_styles * sizeof *idx);
    sv_style_cost *all = calloc(p->n_styles, sizeof *all);
    sv_cost_report *r = NULL;
    sv_code rc = SV_OK;
    if (!tmp || !idx || !all) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto done;
    }
    sv_program q = *p;
    q.styles = tmp;
    q.n_styles = group_of(p, main_origin, main_origin, tmp, idx);
    if ((rc = cost_run_one(&q, rd, opt, &r, e)) != SV_OK)
        goto done;
    for (size_t j = 0; j < r->n_styles; j++) {
        all[idx[j]] = r->styles[j];
        all[idx[j]].style = &p->styles[idx[j]];
    }
    for (size_t i = 0; i < p->n_styles; i++) {
        const sv_style *s = &p->styles[i];
        if (!s->origin[0] || strcmp(s->origin, main_origin) == 0)
            continue;
        bool done_before = false;
        for (size_t h = 0; h < i; h++)
            done_before |= strcmp(p->styles[h].origin, s->origin) == 0;
        if (done_before)
            continue;
        char path[160];
        snprintf(path, sizeof path, "program.styles[%s].origin", s->code);
        if (!sv_refdata_origin(rd, s->origin)) {
            rc = sv_err_at(e, SV_ERR_NOTFOUND, p->path, s->line, 0, path,
                           "no reference figures for origin %s in origins.tsv; choose another "
                           "origin or add a row", s->origin);
            goto done;
        }
        sv_cost_options o = {.mode = SV_MODE_SEA};
        if (opt)
            o = *opt;
        snprintf(o.origin, sizeof o.origin, "%s", s->origin);
        q.n_styles = group_of(p, s->origin, main_origin, tmp, idx);
        sv_cost_report *g = NULL;
        if ((rc = cost_run_one(&q, rd, &o, &g, e)) != SV_OK)
            goto done;
        merge_group(r, g, p, idx, all);
        sv_cost_report_free(g);
    }
    free(r->styles);
    r->styles = all;
    all = NULL;
    r->n_styles = p->n_styles;
    r->program_units = sv_program_units(p);
    r->stock_premium_bp = sv_refdata_param(rd, "stock_fabric_premium_pct", 2);
    /* the program's totals over every origin: the sum of what is shown (each group's own
     * totals were checked to fit; their sum is checked here) */
    sv_sum fob = {0}, landed = {0};
    for (size_t i = 0; i < r->n_styles; i++) {
        if (!r->styles[i].ok)
            continue;
        int64_t u = sv_style_units(&p->styles[i]);
        sv_sum_add_product(&fob, r->styles[i].fob, u);
        sv_sum_add_product(&landed, r->styles[i].landed, u);
    }
    if (fob.overflow || landed.overflow) {
        rc = sv_err_at(e, SV_ERR_SCHEMA, p->path, 0, 0, "program.styles",
                       "the program's total %s over its origins is beyond what selvedge can add "
                       "up; no apparel program comes near, so check the units and the prices",
                       fob.overflow ? "FOB" : "landed cost");
        goto done;
    }
    r->total_fob = fob.v;
    r->total_landed = landed.v;
    *out = r;
    r = NULL;
done:
    sv_cost_report_free(r);
    free(all);
    free(idx);
    free(tmp);
    return rc;
}
