/* Readiness engine: checks a program the way a factory's sales or merchandising manager
 * would before answering a new brand. Pure: no files, no clock (today comes in options).
 *
 * Each rule below adds findings; the score is computed from them at the end. The rules, their
 * thresholds and where the thresholds come from are in docs/internals/readiness.md; every
 * threshold that is an industry figure lives in the .tsv files of data/, not here. */
#include "selvedge/readiness.h"

#include "selvedge/factory.h"
#include "selvedge/match.h"
#include "selvedge/plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct ctx {
    const sv_program *p;
    const sv_refdata *rd;
    const sv_check_options *opt;
    sv_readiness *r;
    sv_cost_report *cost;
    const char *cur;            /* currency code */
    int exp;                    /* its exponent */
    /* the origins the program is judged against: --origin, else its preferences, else all */
    const sv_origin_info *origins[64];
    size_t n_origins;
    bool origins_are_all;
    bool nomem;
    const char *overflow;       /* a total that does not fit in 64 bits: the check fails */
    const sv_style *overflow_at; /* the style whose part it no longer fits with */
} ctx;

static sv_finding *add(ctx *c, const char *code, sv_severity sev, sv_area area, const char *style)
{
    sv_readiness *r = c->r;
    if (r->n_findings == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 32;
        sv_finding *nf = realloc(r->findings, cap * sizeof *nf);
        if (!nf) {
            c->nomem = true;
            static sv_finding sink; /* keeps callers simple; the run reports out of memory */
            memset(&sink, 0, sizeof sink);
            return &sink;
        }
        r->findings = nf;
        r->cap = cap;
    }
    sv_finding *f = &r->findings[r->n_findings++];
    memset(f, 0, sizeof *f);
    f->code = code;
    f->severity = sev;
    f->area = area;
    f->style = style;
    return f;
}

static void fact(sv_finding *f, const char *name, int64_t value, int scale, const char *unit)
{
    if (f->n_facts < SV_MAX_FACTS)
        f->facts[f->n_facts++] = (sv_fact){name, value, scale, unit};
}

static void msg(sv_finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void msg(sv_finding *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->message, sizeof f->message, fmt, ap);
    va_end(ap);
}

static void fix(sv_finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fix(sv_finding *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->fix, sizeof f->fix, fmt, ap);
    va_end(ap);
}

/* "18.50 USD" into buf */
typedef struct {
    char s[48];
} mbuf;

static mbuf money(const ctx *c, sv_minor v)
{
    mbuf b;
    char d[40];
    snprintf(b.s, sizeof b.s, "%s %s", sv_decimal_format(v, c->exp, true, d, sizeof d), c->cur);
    return b;
}

static mbuf pct(int64_t bp)
{
    mbuf b;
    char d[40];
    sv_decimal_format(bp, 2, false, d, sizeof d);
    /* "12.50" -> "12.5", "30.00" -> "30" */
    char *dot = strchr(d, '.');
    if (dot) {
        char *e = d + strlen(d) - 1;
        while (e > dot && *e == '0')
            *e-- = '\0';
        if (e == dot)
            *e = '\0';
    }
    snprintf(b.s, sizeof b.s, "%s%%", d);
    return b;
}

static sv_minor local(const ctx *c, sv_minor usd_cents)
{
    sv_minor v = 0;
    sv_refdata_from_usd(c->rd, usd_cents, c->p->brand.currency, &v);
    return v;
}

static int64_t units_of(const sv_style *s)
{
    return sv_style_units(s);
}

/* The category as the reference data labels it, lower-cased for the middle of a sentence
 * ("Technical outerwear" -> "technical outerwear"). */
typedef struct {
    char s[64];
} lbuf;

static lbuf rd_label(const ctx *c, const sv_style *s)
{
    lbuf b;
    snprintf(b.s, sizeof b.s, "%s",
             (int)s->category < 0 ? "garments" : c->rd->categories[s->category].label);
    if (b.s[0] >= 'A' && b.s[0] <= 'Z' && !(b.s[1] >= 'A' && b.s[1] <= 'Z'))
        b.s[0] = (char)(b.s[0] - 'A' + 'a');
    return b;
}

/* The category as a price band names it: a children's style is judged on the kids' rows
 * (sv_refdata_band_for), and the message says so ("mid kids' t-shirt"). */
static lbuf band_label(const ctx *c, const sv_style *s)
{
    lbuf l = rd_label(c, s), b;
    bool kids = sv_gender_is_child(s->gender) && s->category != SV_CAT_BABYWEAR;
    snprintf(b.s, sizeof b.s, "%s%s", kids ? "kids' " : "", l.s);
    return b;
}

/* ---- clarity: positioning, price points, range ---- */

static void check_positioning(ctx *c)
{
    const sv_brand *b = &c->p->brand;
    if (b->positioning == SV_TIER_UNSET) {
        sv_finding *f = add(c, "positioning.undefined", SV_SEV_WARNING, SV_AREA_CLARITY, NULL);
        msg(f, "The brand does not say where it sits in the market (value, mid, premium or "
               "luxury). A factory uses that to judge fabrics, finishes and whether your prices "
               "hold together.");
        fix(f, "Set brand.positioning to value, mid, premium or luxury, and keep retail prices "
               "and target FOBs consistent with it.");
    }
    if (b->n_channels == 0) {
        sv_finding *f = add(c, "positioning.channels_undefined", SV_SEV_INFO, SV_AREA_CLARITY, NULL);
        msg(f, "No sales channels given: a factory cannot tell whether you sell direct or to "
               "retailers, which sets your margins and your delivery windows.");
        fix(f, "List brand.channels: dtc, wholesale and/or marketplace.");
    }
    for (size_t i = 0; i < c->p->n_styles; i++) {
        const sv_style *s = &c->p->styles[i];
        sv_tier t = sv_style_tier(c->p, s);
        if (s->retail_price < 0) {
            sv_finding *f = add(c, "positioning.price_points_missing", SV_SEV_WARNING,
                                SV_AREA_CLARITY, s->code);
            msg(f, "%s has no retail price: without a price point nobody can check that the "
                   "cost works.", s->code);
            fix(f, "Set retail_price for %s (and wholesale_price if you sell to retailers).",
                s->code);
            continue;
        }
        if ((int)t < 0 || (int)s->category < 0)
            continue;
        sv_price_band bandv;
        sv_refdata_band_for(c->rd, s->category, t, s->gender, &bandv);
        const sv_price_band *band = &bandv;
        sv_minor lo = local(c, band->retail_low), hi = local(c, band->retail_high);
        /* a quarter beyond the band on either side is where a buyer stops believing the tier */
        bool low = s->retail_price < sv_muldiv(lo, 75, 100);
        bool high = s->retail_price > sv_muldiv(hi, 150, 100);
        if (!low && !high)
            continue;
        /* which tier does the price fit? */
        const char *fits = NULL;
        for (int k = 0; k < SV_TIER__COUNT; k++) {
            sv_price_band ov;
            sv_refdata_band_for(c->rd, s->category, (sv_tier)k, s->gender, &ov);
            const sv_price_band *o = &ov;
            if (s->retail_price >= local(c, o->retail_low) &&
                s->retail_price <= local(c, o->retail_high))
                fits = sv_tier_name((sv_tier)k);
        }
        sv_finding *f = add(c, "positioning.price_mismatch", SV_SEV_WARNING, SV_AREA_CLARITY,
                            s->code);
        fact(f, "retail_price", s->retail_price, c->exp, c->cur);
        fact(f, "tier_retail_low", lo, c->exp, c->cur);
        fact(f, "tier_retail_high", hi, c->exp, c->cur);
        msg(f, "%s retails at %s, %s the usual %s - %s for %s %s: the price and the %s "
               "positioning tell different stories.",
            s->code, money(c, s->retail_price).s, low ? "well below" : "well above",
            money(c, lo).s, money(c, hi).s, sv_tier_name(t), band_label(c, s).s, sv_tier_name(t));
        if (fits)
            fix(f, "Either price %s within %s - %s, or position it as %s (set tier: %s on the "
                   "style) and cost it accordingly.",
                s->code, money(c, lo).s, money(c, hi).s, fits, fits);
        else
            fix(f, "Price %s within %s - %s, or change its tier.", s->code, money(c, lo).s,
                money(c, hi).s);
    }
}

static void check_range(ctx *c)
{
    const sv_program *p = c->p;
    if (p->n_styles == 0) {
        sv_finding *f = add(c, "range.undefined", SV_SEV_BLOCKER, SV_AREA_CLARITY, NULL);
        msg(f, "The program has no styles: a factory cannot quote, sample or plan capacity for "
               "a range it cannot see.");
        fix(f, "List program.styles, each with its category, gender, construction, colours and "
               "units.");
        return;
    }
    /* unisex is not a fit block of its own: it is counted with neither */
    bool cats[SV_CAT__COUNT] = {0}, genders[SV_GENDER__COUNT] = {0},
         constr[SV_CONSTR__COUNT] = {0};
    int n_cat = 0, n_gender = 0, n_constr = 0;
    for (size_t i = 0; i < p->n_styles; i++) {
        const sv_style *s = &p->styles[i];
        const char *missing[3];
        int nm = 0;
        if ((int)s->category < 0)
            missing[nm++] = "category";
        if ((int)s->gender < 0)
            missing[nm++] = "gender";
        if ((int)s->construction < 0)
            missing[nm++] = "construction";
        if (nm) {
            char list[80] = "";
            for (int k = 0; k < nm; k++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                         k ? (k == nm - 1 ? " and " : ", ") : "", missing[k]);
            sv_finding *f = add(c, "range.undefined",
                                (int)s->category < 0 ? SV_SEV_BLOCKER : SV_SEV_WARNING,
                                SV_AREA_CLARITY, s->code);
            msg(f, "%s does not say its %s: a factory matches its lines and skills to these "
                   "before anything else.", s->code, list);
            if ((int)s->category >= 0 && (int)s->construction < 0)
                fix(f, "Set %s on %s (%s are usually %s).", list, s->code, rd_label(c, s).s,
                    sv_construction_name(c->rd->categories[s->category].default_construction));
            else
                fix(f, "Set %s on %s.", list, s->code);
        }
        if ((int)s->category >= 0 && !cats[s->category]) {
            cats[s->category] = true;
            n_cat++;
        }
        /* girls', boys' and babies' are children's wear: one fit block with kids' */
        int g = sv_gender_is_child(s->gender) ? SV_GENDER_KIDS : (int)s->gender;
        if (g >= 0 && g != SV_GENDER_UNISEX && !genders[g]) {
            genders[g] = true;
            n_gender++;
        }
        if ((int)s->construction >= 0 && !constr[s->construction]) {
            constr[s->construction] = true;
            n_constr++;
        }
    }
    int64_t units = sv_program_units(p);
    int64_t small = sv_refdata_param(c->rd, "range_small_units", 0);
    int64_t max_cat = sv_refdata_param(c->rd, "range_max_categories_small", 0);
    /* Men's, women's and kids' fits at once, or three unrelated constructions, on a small
     * first order spread the brand and the factory thin: few factories do all of them well. */
    bool broad_cat = n_cat > max_cat, broad_gender = n_gender >= 3, broad_constr = n_constr >= 3;
    if (units < small && (broad_cat || broad_gender || broad_constr)) {
        sv_finding *f = add(c, "range.too_broad", SV_SEV_WARNING, SV_AREA_CLARITY, NULL);
        fact(f, "categories", n_cat, 0, "categories");
        fact(f, "genders", n_gender, 0, "genders");
        fact(f, "constructions", n_constr, 0, "constructions");
        fact(f, "program_units", units, 0, "units");
        msg(f, "%lld units spread over %d categories, %d genders and %d constructions: "
               "factories specialise (knit or woven, men's or kids'), so a range this wide on a "
               "first order of under %lld units needs several factories, each getting a small "
               "order.",
            (long long)units, n_cat, n_gender, n_constr, (long long)small);
        fix(f, "Launch with the core: at most %lld categories in one construction family, and "
               "add the rest once the first season sells.",
            (long long)max_cat);
    }
}

/* ---- numbers: prices, margins, minimums ---- */

/* What a style's FOB (sv_style_cost.fob, the one `cost` shows) stands on, for the middle of a
 * sentence: "your cost sheet (the price at the 300 units planned)". */
typedef struct {
    char s[224];
} basisbuf;

static basisbuf fob_basis(const sv_style_cost *sc, const sv_cost_report *cr)
{
    basisbuf b;
    long long u = (long long)sc->fob_units;
    if (sc->estimated && sc->fob_stock_fabric)
        snprintf(b.s, sizeof b.s,
                 "the reference estimate at the %lld units planned, on %s from stock at %lld%% "
                 "over the mill's price: a run this small buys no dye lot",
                 u, sc->sheet.yarn ? "yarn" : "fabric", (long long)(cr->stock_premium_bp / 100));
    else if (sc->estimated)
        snprintf(b.s, sizeof b.s, "the reference estimate at the %lld units planned", u);
    else if (sc->fob_from_model)
        snprintf(b.s, sizeof b.s, "your bulk cost sheet at the %lld units planned", u);
    else if (u > 0)
        snprintf(b.s, sizeof b.s, "your cost sheet, as priced for the %lld units planned", u);
    else
        snprintf(b.s, sizeof b.s, "your cost sheet");
    return b;
}

/* A style's target as FOB, to compare with FOB figures: target_fob, or a target_price on another
 * incoterm brought into the brand's currency and worked to FOB by costing's rules
 * (sv_cost_fob_equivalent); SV_UNSET when there is none or it cannot be worked (the style not
 * costed, no rate). *price gets the target as given in the brand's currency, *w how to say it:
 * "18.50 USD" for an FOB target, "20.00 USD DDP (13.84 USD as FOB: ... taken off)" else. */
typedef struct {
    char s[200];
} twords;

static sv_minor target_as_fob(const ctx *c, size_t i, sv_minor *price, twords *w)
{
    const sv_style *s = &c->p->styles[i];
    const sv_style_cost *sc = &c->cost->styles[i];
    *price = SV_UNSET;
    w->s[0] = '\0';
    if (s->target_fob >= 0) {
        *price = s->target_fob;
        snprintf(w->s, sizeof w->s, "%s", money(c, s->target_fob).s);
        return s->target_fob;
    }
    if (s->target.amount < 0 || !sc->ok)
        return SV_UNSET;
    const sv_currency *brand = c->p->brand.currency;
    sv_minor amt;
    if (!sv_price_convert(c->rd, s->target.amount, s->target.currency ? s->target.currency : brand,
                          brand, &amt))
        return SV_UNSET;
    sv_incoterm t = s->target.incoterm;
    /* a price on the door too low to cover the costs to the door stands for nothing as FOB */
    sv_minor fob = sv_cost_fob_equivalent(c->cost, sc, c->rd, amt, t);
    if (fob < 0)
        fob = 0;
    const char *how = t == SV_INCOTERM_EXW ? "the origin's charges to the port added"
                      : t == SV_INCOTERM_CFR || t == SV_INCOTERM_CPT ? "the freight taken off"
                      : t == SV_INCOTERM_DDP ? "the freight, insurance, duty, fees and brokerage "
                                               "to the door taken off"
                      : t == SV_INCOTERM_CIF || t == SV_INCOTERM_CIP || t == SV_INCOTERM_DAP ||
                              t == SV_INCOTERM_DPU
                          ? "the freight and insurance taken off"
                          : "the same as FOB for the buyer";
    *price = amt;
    snprintf(w->s, sizeof w->s, "%s %s (%s as FOB: %s)", money(c, amt).s,
             (int)t >= 0 ? sv_incoterm_name(t) : "", money(c, fob).s, how);
    return fob;
}

/* The origin a style's price floor is read at: its own, else the judged origin with the
 * cheapest making (cm_index); NULL when the program prefers none (every origin on file is
 * judged): the bands' own base. */
static const sv_origin_info *floor_origin(const ctx *c, const sv_style *s)
{
    if (s->origin[0])
        return sv_refdata_origin(c->rd, s->origin);
    if (c->origins_are_all)
        return NULL;
    const sv_origin_info *best = NULL;
    for (size_t i = 0; i < c->n_origins; i++)
        if (!best || c->origins[i]->cm_index < best->cm_index)
            best = c->origins[i];
    return best;
}

/* A band's FOB (USD cents, China's making: cm_index 100) where making costs less: the
 * category's cut-make share at the origin's labour index, fabric and trims as they are, as
 * the estimate works it (sv_cost_sheet_for). Never raised: the premium and luxury rows
 * already price a European make, so a dearer origin keeps the band's figure. */
static sv_minor band_at(const ctx *c, const sv_style *s, const sv_origin_info *o, sv_minor fob)
{
    if (!o || o->cm_index >= 100)
        return fob;
    const sv_category_info *ci = &c->rd->categories[s->category];
    int64_t shares = ci->fabric_share_bp + ci->trims_share_bp + ci->cm_share_bp;
    if (shares <= 0)
        return fob;
    sv_minor cm = sv_muldiv(fob, ci->cm_share_bp, shares);
    return fob - cm + sv_muldiv(cm, o->cm_index, 100);
}

static void check_prices(ctx *c)
{
    for (size_t i = 0; i < c->p->n_styles; i++) {
        const sv_style *s = &c->p->styles[i];
        const sv_style_cost *sc = &c->cost->styles[i];
        sv_tier t = sv_style_tier(c->p, s);
        bool below_floor = false; /* price.target_below_floor made for this style */
        if ((int)s->category < 0)
            continue;
        sv_minor price;
        twords tw;
        /* the target as FOB: an FOB target, or one on another incoterm worked to FOB */
        sv_minor target_fob = target_as_fob(c, i, &price, &tw);
        bool converted = target_fob >= 0 && s->target_fob < 0;
        if (target_fob < 0 && s->target.amount >= 0) {
            /* a target on another incoterm that cannot be worked to FOB: given, not compared */
        } else if (target_fob < 0) {
            sv_finding *f = add(c, "price.target_undefined", SV_SEV_WARNING, SV_AREA_NUMBERS,
                                s->code);
            if (sc->ok) {
                fact(f, "estimated_fob", sc->fob, c->exp, c->cur);
                fact(f, "planned_units", sc->fob_units, 0, "units");
            }
            msg(f, "%s has no target FOB: a factory wants to know the price you are working "
                   "to before it samples.", s->code);
            if (sc->ok)
                fix(f, "Set target_fob for %s; %s is %s.", s->code,
                    s->cost.present ? "your cost sheet at the units planned"
                                    : "the reference estimate at the units planned",
                    money(c, sc->fob).s);
            else
                fix(f, "Set target_fob for %s.", s->code);
        } else {
            /* with no tier at all, nothing below the value tier's floor is credible */
            if ((int)t < 0)
                t = SV_TIER_VALUE;
            sv_price_band bv;
            sv_refdata_band_for(c->rd, s->category, t, s->gender, &bv);
            const sv_price_band *b = &bv;
            /* the floor where the style can be made most cheaply: its own origin, else
             * the cheapest the program prefers */
            const sv_origin_info *fo = floor_origin(c, s);
            bool at_origin = fo && fo->cm_index < 100;
            sv_minor floor = local(c, band_at(c, s, fo, b->fob_low)),
                     typical = local(c, band_at(c, s, fo, b->fob_typical));
            char made[16] = "";
            if (at_origin)
                snprintf(made, sizeof made, " made in %s", fo->country);
            if (target_fob < floor) {
                /* 80% of the floor: beyond haggling, the construction cannot be made for it */
                bool far = target_fob < sv_muldiv(floor, 80, 100);
                below_floor = true;
                sv_finding *f = add(c, "price.target_below_floor",
                                    far ? SV_SEV_BLOCKER : SV_SEV_WARNING, SV_AREA_NUMBERS,
                                    s->code);
                fact(f, "target_fob", target_fob, c->exp, c->cur);
                if (converted)
                    fact(f, "target_price", price, c->exp, c->cur);
                fact(f, "floor_fob", floor, c->exp, c->cur);
                fact(f, "typical_fob", typical, c->exp, c->cur);
                const char *cheaper = NULL;
                for (int k = (int)t - 1; k >= 0 && !cheaper; k--) {
                    sv_price_band kb;
                    sv_refdata_band_for(c->rd, s->category, (sv_tier)k, s->gender, &kb);
                    if (target_fob >= local(c, band_at(c, s, fo, kb.fob_low)))
                        cheaper = sv_tier_name((sv_tier)k);
                }
                msg(f,
                    "%s targets %s%s, below the %s that %s %s%s start at (typical "
                    "%s). Factories read that as a brand that does not know its costs.",
                    s->code, converted ? "" : "an FOB of ", tw.s, money(c, floor).s,
                    sv_tier_name(t), band_label(c, s).s, made, money(c, typical).s);
                if (cheaper)
                    fix(f, "Raise the target to at least %s (typical %s), or make it a %s "
                           "style: simpler construction and fabric.",
                        money(c, floor).s, money(c, typical).s, cheaper);
                else
                    fix(f, "Raise the target to at least %s (typical %s).", money(c, floor).s,
                        money(c, typical).s);
            }
        }
        /* the sheet at the quantity planned: as written (the order's price), or a bulk
         * sheet brought there by the small-run model (sv_style_cost.fob, as cost shows it) */
        if (s->cost.present && target_fob > 0 && sc->ok && sc->fob > target_fob) {
            /* like the floor: beyond 20% under its own sheet, the target is not a plan */
            bool far = target_fob < sv_muldiv(sc->fob, 80, 100);
            sv_finding *f = add(c, "price.target_below_cost", far ? SV_SEV_BLOCKER : SV_SEV_WARNING,
                                SV_AREA_NUMBERS, s->code);
            fact(f, "target_fob", target_fob, c->exp, c->cur);
            if (converted)
                fact(f, "target_price", price, c->exp, c->cur);
            fact(f, "cost_sheet_fob", sc->fob, c->exp, c->cur);
            fact(f, "planned_units", sc->fob_units, 0, "units");
            if (sc->fob_from_model) {
                fact(f, "bulk_sheet_fob", sc->sheet.fob, c->exp, c->cur);
                msg(f,
                    "Your own cost sheet for %s is a bulk price of %s; at the %lld units "
                    "planned (set-up, fabric minimums and a short line run included) it comes "
                    "to %s, above your target of %s.",
                    s->code, money(c, sc->sheet.fob).s, (long long)sc->fob_units,
                    money(c, sc->fob).s, tw.s);
            } else {
                msg(f,
                    "Your own cost sheet for %s adds up to %s for the %lld units planned, "
                    "above your target of %s.",
                    s->code, money(c, sc->fob).s, (long long)sc->fob_units, tw.s);
            }
            fix(f,
                "Bring the sheet and the target together before you ask for quotes: a cheaper "
                "fabric, fewer trims, or %s of %s.",
                converted ? "an FOB target" : "a target", money(c, sc->fob).s);
        }
        /* Without its own sheet, the target meets selvedge's estimate for the origin and the
         * quantity actually planned: bulk floors assume bulk. */
        if (!s->cost.present && target_fob > 0 && sc->ok && sc->fob_units > 0 &&
            target_fob < sv_muldiv(sc->fob, 80, 100) && !below_floor) {
            /* under half of it, no factory will quote near the target */
            bool far = target_fob * 2 < sc->fob;
            sv_finding *f = add(c, "price.target_below_estimate",
                                far ? SV_SEV_BLOCKER : SV_SEV_WARNING, SV_AREA_NUMBERS, s->code);
            fact(f, "target_fob", target_fob, c->exp, c->cur);
            if (converted)
                fact(f, "target_price", price, c->exp, c->cur);
            fact(f, "estimated_fob_at_planned_units", sc->fob, c->exp, c->cur);
            fact(f, "planned_units", sc->fob_units, 0, "units");
            msg(f,
                "%s targets %s, but made in %s in a run of %lld units it is estimated at %s "
                "a unit (set-up, fabric minimums and a short line run included).",
                s->code, tw.s, sc->origin[0] ? sc->origin : c->cost->origin,
                (long long)sc->fob_units, money(c, sc->fob).s);
            fix(f,
                "Raise the target toward %s, plan more units of fewer styles, or add your "
                "own cost: block if a factory has quoted lower.",
                money(c, sc->fob).s);
        }
        if (!s->cost.present && sc->ok) {
            sv_finding *f = add(c, "price.cost_sheet_missing", SV_SEV_INFO, SV_AREA_NUMBERS,
                                s->code);
            /* the estimate cost shows: at the units planned */
            fact(f, "estimated_fob", sc->fob, c->exp, c->cur);
            fact(f, "planned_units", sc->fob_units, 0, "units");
            if (sc->fob_stock_fabric)
                fact(f, "stock_fabric", 1, 0, "yes");
            msg(f,
                "%s has no cost sheet of your own; selvedge estimated %s from reference "
                "data, at the %lld units planned%s.",
                s->code, money(c, sc->fob).s, (long long)sc->fob_units,
                sc->fob_stock_fabric ? ", on stock fabric or yarn (a run this small buys no dye "
                                       "lot)"
                                     : "");
            fix(f, "Add a cost: block (fabric consumption and price, trims, CMT) so the numbers "
                   "are yours, not averages.");
        }
    }
}

static void check_margins(ctx *c)
{
    const sv_brand *b = &c->p->brand;
    int64_t dtc_min = sv_refdata_param(c->rd, "dtc_min_multiple", 2);
    int64_t whs_min = sv_refdata_param(c->rd, "wholesale_min_multiple", 2);
    bool sells_retail = b->channels[SV_CHANNEL_DTC] || b->channels[SV_CHANNEL_MARKETPLACE] ||
                        b->n_channels == 0;
    for (size_t i = 0; i < c->p->n_styles; i++) {
        const sv_style *s = &c->p->styles[i];
        sv_style_cost sc = c->cost->styles[i];
        if (!sc.ok || s->retail_price < 0)
            continue;
        /* Margins at the FOB the brand will really pay: its target, unless its own sheet
         * says more, or the target is under what the tier can be made for at all. */
        /* the FOB cost shows: at the units planned (sv_style_cost.fob) */
        sv_minor fob = sc.fob;
        basisbuf at = fob_basis(&sc, c->cost);
        const char *basis = at.s;
        sv_minor price;
        twords tw;
        sv_minor target_fob = target_as_fob(c, i, &price, &tw);
        if (target_fob > 0 && !(s->cost.present && sc.fob > target_fob)) {
            fob = target_fob;
            basis = s->target_fob > 0 ? "your target FOB" : "your target worked to FOB";
        }
        sv_tier t = sv_style_tier(c->p, s);
        if ((int)t >= 0 && (int)s->category >= 0) {
            sv_price_band fb;
            sv_refdata_band_for(c->rd, s->category, t, s->gender, &fb);
            /* the floor price.target_below_floor judges by: where it is made most cheaply */
            sv_minor floor = local(c, band_at(c, s, floor_origin(c, s), fb.fob_low));
            if (fob < floor) {
                fob = floor;
                basis = "the lowest FOB this tier is made for";
            }
        }
        /* by costing's own rules (customs value, duty lines, fees) at this FOB */
        sv_minor landed = sv_cost_landed_at(c->cost, &sc, c->rd, fob);
        if (landed <= 0)
            continue;
        /* on the price the brand keeps: net of the VAT/GST in the shelf price (costing) */
        sv_minor net = sc.retail_net > 0 ? sc.retail_net : s->retail_price;
        int64_t mult = sv_muldiv(net, 100, landed);
        if (sells_retail && mult < dtc_min) {
            bool severe = mult < 200;
            sv_finding *f = add(c, "price.margin_too_thin", severe ? SV_SEV_BLOCKER : SV_SEV_WARNING,
                                SV_AREA_NUMBERS, s->code);
            fact(f, "retail_price", s->retail_price, c->exp, c->cur);
            fact(f, "retail_price_net", net, c->exp, c->cur);
            fact(f, "landed_cost", landed, c->exp, c->cur);
            fact(f, "retail_multiple", mult, 2, "x");
            fact(f, "minimum_multiple", dtc_min, 2, "x");
            char m[16], mm[16], vat[64] = "";
            if (net != s->retail_price)
                snprintf(vat, sizeof vat, " (%s net of VAT)", money(c, net).s);
            msg(f, "%s sells at %s%s against a landed cost of %s (at %s): %sx, under the %sx a "
                   "brand needs to pay for marketing, returns and discounts.",
                s->code, money(c, s->retail_price).s, vat, money(c, landed).s, basis,
                sv_decimal_format(mult, 2, false, m, sizeof m),
                sv_decimal_format(dtc_min, 2, false, mm, sizeof mm));
            /* the shelf price that keeps the multiple, VAT put back in */
            fix(f, "Raise the retail price to %s or more, or cut the landed cost to %s.",
                money(c, sv_muldiv(sv_muldiv(landed, dtc_min, 100), s->retail_price, net)).s,
                money(c, sv_muldiv(net, 100, dtc_min)).s);
        }
        if (b->channels[SV_CHANNEL_WHOLESALE] && sc.wholesale > 0) {
            int64_t wm = sv_muldiv(sc.wholesale, 100, landed);
            if (wm < whs_min) {
                sv_finding *f = add(c, "price.margin_too_thin",
                                    wm < 150 ? SV_SEV_BLOCKER : SV_SEV_WARNING, SV_AREA_NUMBERS,
                                    s->code);
                fact(f, "wholesale_price", sc.wholesale, c->exp, c->cur);
                fact(f, "landed_cost", landed, c->exp, c->cur);
                fact(f, "wholesale_multiple", wm, 2, "x");
                fact(f, "minimum_multiple", whs_min, 2, "x");
                char m[16];
                msg(f, "%s at wholesale (%s%s) is only %sx its landed cost of %s (at %s): a "
                       "retailer's order would barely cover the goods.",
                    s->code, money(c, sc.wholesale).s,
                    sc.wholesale_derived ? sc.retail_net != s->retail_price
                                               ? ", net retail at keystone"
                                               : ", retail at keystone"
                                         : "",
                    sv_decimal_format(wm, 2, false, m, sizeof m), money(c, landed).s, basis);
                fix(f, "Wholesale needs at least %s per unit: raise the price, or lower the "
                       "cost.", money(c, sv_muldiv(landed, whs_min, 100)).s);
            }
        }
    }
}

/* Origins in the judged set whose typical minimum (read by get) is above `units`. */
typedef int64_t (*moq_get)(const sv_origin_info *o);
static int64_t get_color(const sv_origin_info *o)
{
    return o->moq_color_low;
}
static int64_t get_style(const sv_origin_info *o)
{
    return o->moq_style_low;
}
static int64_t get_order(const sv_origin_info *o)
{
    return o->moq_order_low;
}

/* Writes into buf the origins (of all in the reference data) that accept `units`. */
static void accepting(const ctx *c, moq_get get, int64_t units, char *buf, size_t n)
{
    buf[0] = '\0';
    int k = 0;
    for (size_t i = 0; i < c->rd->n_origins; i++) {
        if (get(&c->rd->origins[i]) <= units) {
            size_t len = strlen(buf);
            snprintf(buf + len, n - len, "%s%s", k ? ", " : "", c->rd->origins[i].country);
            k++;
        }
    }
}

/* The lowest typical minimum among the judged origins. */
static int64_t lowest_minimum(const ctx *c, moq_get get, const sv_origin_info **which)
{
    int64_t lowest = INT64_MAX;
    for (size_t i = 0; i < c->n_origins; i++) {
        if (get(c->origins[i]) < lowest) {
            lowest = get(c->origins[i]);
            if (which)
                *which = c->origins[i];
        }
    }
    return lowest;
}

/* One MOQ rule: below the typical minimum of every judged origin is a warning (a blocker
 * under half of it); below some of them is information naming those. */
static void moq_rule(ctx *c, const char *code, const char *what, moq_get get, int64_t units,
                     const char *style, const char *subject, const char *fix_extra, bool raise)
{
    const sv_origin_info *lowest_o = NULL;
    int64_t lowest = lowest_minimum(c, get, &lowest_o);
    char below[400] = "";
    int n_below = 0;
    for (size_t i = 0; i < c->n_origins; i++) {
        int64_t m = get(c->origins[i]);
        if (units < m) {
            size_t len = strlen(below);
            snprintf(below + len, sizeof below - len, "%s%s at %lld", n_below ? ", " : "",
                     c->origins[i]->country, (long long)m);
            n_below++;
        }
    }
    if (!lowest_o || n_below == 0)
        return;
    char ok[200];
    accepting(c, get, units, ok, sizeof ok);
    bool all = (size_t)n_below == c->n_origins;
    sv_severity sev = !all ? SV_SEV_INFO : units * 2 < lowest ? SV_SEV_BLOCKER : SV_SEV_WARNING;
    sv_finding *f = add(c, code, sev, SV_AREA_NUMBERS, style);
    fact(f, "units", units, 0, "units");
    fact(f, "typical_minimum", lowest, 0, "units");
    if (all && !c->origins_are_all)
        msg(f, "%s: %lld units %s, under what even flexible factories accept in every "
               "origin you prefer (%s).", subject, (long long)units, what, below);
    else if (all)
        msg(f, "%s: %lld units %s, under what even flexible factories accept in every "
               "origin on file (the lowest is %s at %lld).", subject, (long long)units, what, lowest_o->country,
            (long long)lowest);
    else if (!c->origins_are_all)
        msg(f, "%s: %lld units %s is under what flexible factories accept in %s; your "
               "other preferred origins take it.", subject, (long long)units, what, below);
    else
        msg(f, "%s: %lld units %s is under what flexible factories accept in %d of the "
               "%zu origins on file.", subject, (long long)units, what, n_below, c->n_origins);
    /* The raise names the minimum of each judged origin the quantity fails, lowest first,
     * never another origin's figure; then the judged origins that take it as it is. */
    char to[300] = "", judged_ok[200] = "";
    if (raise) {
        /* each distinct minimum once, lowest first, with the origins that ask it; every
         * origin on file judged: only the lowest (the nearest step up) */
        int64_t prev = -1;
        for (int groups = 0; groups < 8; groups++) {
            int64_t next = INT64_MAX;
            for (size_t i = 0; i < c->n_origins; i++) {
                int64_t m = get(c->origins[i]);
                if (units < m && m > prev && m < next)
                    next = m;
            }
            if (next == INT64_MAX || (groups > 0 && c->origins_are_all))
                break;
            size_t len = strlen(to);
            snprintf(to + len, sizeof to - len, "%s%lld%s for ", groups ? "; " : " to ",
                     (long long)next, groups ? "" : " units");
            for (size_t i = 0, k = 0; i < c->n_origins; i++)
                if (get(c->origins[i]) == next) {
                    len = strlen(to);
                    snprintf(to + len, sizeof to - len, "%s%s", k++ ? ", " : "",
                             c->origins[i]->country);
                }
            prev = next;
        }
    }
    for (size_t i = 0, k = 0; i < c->n_origins && !c->origins_are_all; i++)
        if (get(c->origins[i]) <= units) {
            size_t len = strlen(judged_ok);
            snprintf(judged_ok + len, sizeof judged_ok - len, "%s%s", k++ ? ", " : "",
                     c->origins[i]->country);
        }
    char head[600];
    snprintf(head, sizeof head, "%s%s%s%s%s%s%s", fix_extra, to, fix_extra[0] ? "." : "",
             judged_ok[0] ? " Your preferred origins that take it as it is: " : "", judged_ok,
             judged_ok[0] ? "." : "", fix_extra[0] || judged_ok[0] ? " " : "");
    if (ok[0])
        fix(f, "%sOrigins whose flexible factories take %lld: %s.", head, (long long)units, ok);
    else if (to[0])
        fix(f, "%.*sNo origin on file makes so few.", (int)strlen(head), head);
    else
        fix(f, "%sNo origin on file makes so few: the lowest typical minimum is %lld (%s).", head,
            (long long)lowest, lowest_o->country);
}

static void check_moq(ctx *c)
{
    if (c->n_origins == 0)
        return;
    for (size_t i = 0; i < c->p->n_styles; i++) {
        const sv_style *s = &c->p->styles[i];
        int64_t su = units_of(s);
        char subj[160], extra[300];
        snprintf(subj, sizeof subj, "%s", s->code);
        snprintf(extra, sizeof extra, "Merge it with a similar style, or raise it");
        moq_rule(c, "moq.per_style_below_typical", "in the style", get_style, su, s->code, subj,
                 extra, true);
        /* the biggest colour, and the biggest after it (first of equals), once a style */
        size_t big1 = 0, big2 = SIZE_MAX;
        for (size_t j = 1; j < s->n_colors; j++)
            if (s->colors[j].units > s->colors[big1].units)
                big1 = j;
        for (size_t j = 0; j < s->n_colors; j++)
            if (j != big1 && (big2 == SIZE_MAX || s->colors[j].units > s->colors[big2].units))
                big2 = j;
        for (size_t k = 0; k < s->n_colors; k++) {
            const sv_color *col = &s->colors[k];
            snprintf(subj, sizeof subj, "%s in %s", s->code, col->name);
            /* fold small colours into the biggest other one */
            size_t bj = k != big1 ? big1 : big2;
            const sv_color *big = bj != SIZE_MAX ? &s->colors[bj] : NULL;
            if (big && big->units > col->units)
                snprintf(extra, sizeof extra, "Merge %s into %s, or raise it", col->name,
                         big->name);
            else if (big)
                snprintf(extra, sizeof extra, "Fold the smaller colours into %s, or raise it",
                         col->name);
            else
                snprintf(extra, sizeof extra, "Raise the units of %s", col->name);
            moq_rule(c, "moq.per_color_below_typical", "in this colour", get_color, col->units,
                     s->code, subj, extra, true);
        }
    }
    if (c->p->n_styles)
        moq_rule(c, "moq.total_below_typical", "in the whole order", get_order,
                 sv_program_units(c->p), NULL, "The program",
                 "Fewer styles with more units each make a more attractive first order; or raise "
                 "the order",
                 true);
}

/* ---- budget ---- */

/* What sampling will cost, from the reference data: per style a proto, the category's fit
 * rounds, a pre-production sample, and a size set (one sample per size). */
static sv_minor sampling_estimate(ctx *c, int *samples)
{
    sv_sum total = {0};
    *samples = 0;
    for (size_t i = 0; i < c->p->n_styles; i++) {
        const sv_style *s = &c->p->styles[i];
        if ((int)s->category < 0)
            continue;
        const sv_category_info *ci = &c->rd->categories[s->category];
        int n = 2 + ci->fit_rounds + (int)(s->n_sizes ? s->n_sizes : 1);
        *samples += n;
        sv_sum_add_product(&total, local(c, ci->sample_cost), n);
        /* only with reference data overrides at the edges of their ranges (docs/data.md) and
         * a wide program; never a wrapped sum */
        if (total.overflow && !c->overflow) {
            c->overflow = "the sampling estimate (sample_cost_usd of categories.tsv in the "
                          "brand's currency, times the samples of every style)";
            c->overflow_at = s;
        }
    }
    return total.v;
}

static void check_budget(ctx *c)
{
    const sv_brand *b = &c->p->brand;
    int samples;
    sv_minor need = sampling_estimate(c, &samples);
    if (b->sampling_budget <= 0) {
        sv_finding *f = add(c, "budget.sampling_unfunded", SV_SEV_BLOCKER, SV_AREA_BUDGET, NULL);
        fact(f, "sampling_budget", b->sampling_budget > 0 ? b->sampling_budget : 0, c->exp, c->cur);
        fact(f, "estimated_sampling_cost", need, c->exp, c->cur);
        msg(f, "No money is set aside for sampling. Factories charge for development samples "
               "and treat a brand that will not pay for them as one that will not order.");
        fix(f, "Budget about %s for sampling (%d samples: proto, fit rounds, pre-production "
               "and size sets) and set brand.sampling_budget.",
            money(c, need).s, samples);
    } else if (need > 0 && b->sampling_budget < need) {
        bool severe = b->sampling_budget * 2 < need;
        sv_finding *f = add(c, "budget.sampling_unfunded", severe ? SV_SEV_BLOCKER : SV_SEV_WARNING,
                            SV_AREA_BUDGET, NULL);
        fact(f, "sampling_budget", b->sampling_budget, c->exp, c->cur);
        fact(f, "estimated_sampling_cost", need, c->exp, c->cur);
        msg(f, "The sampling budget of %s covers %lld%% of the %s that %d samples typically "
               "cost for this range.",
            money(c, b->sampling_budget).s, (long long)sv_muldiv(b->sampling_budget, 100, need),
            money(c, need).s, samples);
        fix(f, "Raise brand.sampling_budget to %s, or sample fewer styles first.",
            money(c, need).s);
    }
}

/* ---- documentation ---- */

static void check_techpacks(ctx *c)
{
    bool no_designer = c->p->brand.tech_design == SV_STAFF_NONE ||
                       c->p->brand.tech_design == SV_STAFF_UNSET;
    for (size_t i = 0; i < c->p->n_styles; i++) {
        const sv_style *s = &c->p->styles[i];
        const sv_techpack *t = &s->tech_pack;
        if (!t->present) {
            sv_finding *f = add(c, "techpack.incomplete", SV_SEV_BLOCKER, SV_AREA_DOCUMENTATION,
                                s->code);
            fact(f, "parts_missing", 7, 0, "parts");
            msg(f, "%s has no tech pack. Factories quote and sample from the tech pack; "
                   "without one you get guesses, and the guesses get charged.", s->code);
            fix(f, "Prepare a tech pack for %s: sketch, bill of materials, measurements, "
                   "grading, construction, labels and packaging%s.",
                s->code, no_designer ? " (a freelance technical designer can do this)" : "");
            continue;
        }
        struct {
            bool have;
            const char *name;
            bool core;
        } parts[] = {{t->sketch, "sketch", true},
                     {t->bom, "bill of materials", true},
                     {t->measurements, "measurements", true},
                     {t->construction, "construction details", true},
                     {t->grading, "grading", false},
                     {t->labels, "labels", false},
                     {t->packaging, "packaging", false}};
        char missing[200] = "";
        int n = 0;
        bool core = false;
        for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
            if (parts[k].have)
                continue;
            size_t len = strlen(missing);
            snprintf(missing + len, sizeof missing - len, "%s%s", n ? ", " : "", parts[k].name);
            n++;
            core |= parts[k].core;
        }
        if (!n)
            continue;
        sv_finding *f = add(c, "techpack.incomplete", core ? SV_SEV_BLOCKER : SV_SEV_WARNING,
                            SV_AREA_DOCUMENTATION, s->code);
        fact(f, "parts_missing", n, 0, "parts");
        msg(f, "The tech pack of %s lacks %s.%s", s->code, missing,
            core ? " A factory cannot cost or sample without these." :
                   " The factory will ask before bulk.");
        fix(f, "Complete the tech pack of %s: %s.", s->code, missing);
    }
}

/* ---- payment ---- */

/* A letter of credit (at sight or usance) or D/P, against what factories of each judged
 * origin take with it: the deposit they still ask, the longest usance. Every judged origin
 * refusing it is a warning (the bank's promise still secures the factory: never a blocker);
 * some of them is a note naming those. Every origin on file judged: the "*" row. */
static void check_documentary_terms(ctx *c)
{
    const sv_brand *b = &c->p->brand;
    int64_t deposit = b->deposit_bp > 0 ? b->deposit_bp : 0;
    int64_t days =
        b->payment_method == SV_PAY_LC_USANCE && b->payment_days > 0 ? b->payment_days : 0;
    const char *what = b->payment_method == SV_PAY_LC_SIGHT    ? "A letter of credit at sight"
                       : b->payment_method == SV_PAY_LC_USANCE ? "A usance letter of credit"
                                                               : "Documents against payment";
    char short_dep[300] = "", long_days[300] = "", fine[200] = "";
    int n_dep = 0, n_days = 0, n_fine = 0;
    int64_t ask_dep = 0, max_days = INT64_MAX;
    size_t n = c->origins_are_all ? 1 : c->n_origins;
    for (size_t i = 0; i < n; i++) {
        const char *cc = c->origins_are_all ? "" : c->origins[i]->country;
        const sv_payment_norm *nm = sv_refdata_payment_norm(c->rd, cc, b->payment_method);
        if (!nm)
            continue;
        const char *name = cc[0] ? cc : "most origins";
        bool ok = true;
        if (deposit < nm->deposit_bp_min) {
            size_t len = strlen(short_dep);
            snprintf(short_dep + len, sizeof short_dep - len, "%s%s %s", n_dep++ ? ", " : "", name,
                     pct(nm->deposit_bp_min).s);
            if (nm->deposit_bp_min > ask_dep)
                ask_dep = nm->deposit_bp_min;
            ok = false;
        }
        if (days > nm->credit_days_max && nm->credit_days_max > 0) {
            size_t len = strlen(long_days);
            snprintf(long_days + len, sizeof long_days - len, "%s%s %d days", n_days++ ? ", " : "",
                     name, nm->credit_days_max);
            if (nm->credit_days_max < max_days)
                max_days = nm->credit_days_max;
            ok = false;
        }
        if (ok && cc[0]) {
            size_t len = strlen(fine);
            snprintf(fine + len, sizeof fine - len, "%s%s", n_fine++ ? ", " : "", cc);
        }
    }
    if (n_dep) {
        bool all = n_fine == 0;
        sv_finding *f =
            add(c, "payment.unrealistic", all ? SV_SEV_WARNING : SV_SEV_INFO, SV_AREA_BUDGET, NULL);
        fact(f, "deposit_pct", deposit, 2, "%");
        fact(f, "market_deposit_pct", ask_dep, 2, "%");
        msg(f,
            "%s with a %s deposit: factories there ask a deposit with it from a new brand "
            "(%s), to buy the fabric before the bank pays%s%s%s.",
            what, pct(deposit).s, short_dep, n_fine ? "; in " : "", fine,
            n_fine ? " it is the usual term without one" : "");
        fix(f, "Offer a %s deposit by transfer with the %s%s%s.", pct(ask_dep).s,
            b->payment_method == SV_PAY_DP ? "D/P" : "L/C", n_fine ? ", or make it in " : "", fine);
    }
    if (n_days) {
        bool all = n_fine == 0;
        sv_finding *f =
            add(c, "payment.unrealistic", all ? SV_SEV_WARNING : SV_SEV_INFO, SV_AREA_BUDGET, NULL);
        fact(f, "usance_days", days, 0, "days");
        fact(f, "market_usance_days_max", max_days, 0, "days");
        msg(f,
            "A usance letter of credit at %lld days is longer than factories take (%s): they "
            "wait that long for their money or pay the bank to discount it.",
            (long long)days, long_days);
        fix(f, "Offer the L/C at %lld days or less, or at sight.", (long long)max_days);
    }
}

static void check_payment(ctx *c)
{
    const sv_brand *b = &c->p->brand;
    int64_t typical = sv_refdata_param(c->rd, "deposit_pct_typical", 2);
    int64_t min_credible = sv_refdata_param(c->rd, "deposit_pct_min_credible", 2);
    /* a letter of credit, documents against payment or acceptance, open account: terms */
    bool method = b->payment_method >= 0 && b->payment_method != SV_PAY_DEPOSIT_BALANCE;
    if (!b->has_payment_terms || (b->deposit_bp < 0 && b->balance < 0 && !method)) {
        sv_finding *f = add(c, "payment.undefined", SV_SEV_WARNING, SV_AREA_BUDGET, NULL);
        msg(f, "No payment terms are given: a factory will want to know you expect to pay a "
               "deposit and the balance before shipment.");
        fix(f, "Set brand.payment_terms, e.g. deposit_pct: %s and balance: before-shipment.",
            pct(typical).s);
        return;
    }
    /* credit to the buyer: a balance net-N, or open account or D/A at N days, judged alike */
    int64_t credit = b->balance == SV_BALANCE_NET30   ? 30
                     : b->balance == SV_BALANCE_NET60 ? 60
                     : b->balance == SV_BALANCE_NET90 ? 90
                                                      : 0;
    if ((b->payment_method == SV_PAY_OPEN_ACCOUNT || b->payment_method == SV_PAY_DA) &&
        b->payment_days > 0)
        credit = b->payment_days;
    if (credit > 0) {
        bool severe = credit > 30;
        sv_finding *f = add(c, "payment.unrealistic", severe ? SV_SEV_BLOCKER : SV_SEV_WARNING,
                            SV_AREA_BUDGET, NULL);
        if (b->deposit_bp >= 0)
            fact(f, "deposit_pct", b->deposit_bp, 2, "%");
        fact(f, "balance_days_after_delivery", credit, 0, "days");
        char terms[64];
        if (b->balance >= 0)
            snprintf(terms, sizeof terms, "Balance %s", sv_balance_name(b->balance));
        else
            snprintf(terms, sizeof terms, "%s at %lld days",
                     b->payment_method == SV_PAY_DA ? "Documents against acceptance"
                                                    : "Open account",
                     (long long)credit);
        msg(f,
            "%s asks the factory to finance your stock. Factories give open terms "
            "to buyers with years of orders behind them, not to a new brand.",
            terms);
        fix(f, "Offer %s deposit and the balance before shipment (or against documents); ask "
               "for better terms after a few on-time seasons.", pct(typical).s);
    }
    /* A letter of credit or D/P is judged by what factories of the judged origins take with
     * it (payment_terms.tsv): a 0% deposit on an L/C at sight is the norm in BD, PK and IN. */
    bool by_documents = b->payment_method == SV_PAY_LC_SIGHT ||
                        b->payment_method == SV_PAY_LC_USANCE || b->payment_method == SV_PAY_DP;
    if (by_documents) {
        check_documentary_terms(c);
    } else if (b->deposit_bp >= 0 && b->deposit_bp < min_credible) {
        sv_finding *f = add(c, "payment.unrealistic",
                            b->deposit_bp == 0 ? SV_SEV_BLOCKER : SV_SEV_WARNING, SV_AREA_BUDGET,
                            NULL);
        fact(f, "deposit_pct", b->deposit_bp, 2, "%");
        fact(f, "typical_deposit_pct", typical, 2, "%");
        msg(f, "A %s deposit does not cover the fabric the factory must buy for you; the usual "
               "deposit is %s.", pct(b->deposit_bp).s, pct(typical).s);
        fix(f, "Offer a %s deposit.", pct(typical).s);
    } else if (b->balance == SV_BALANCE_ON_DELIVERY && b->deposit_bp < typical) {
        sv_finding *f = add(c, "payment.unrealistic", SV_SEV_WARNING, SV_AREA_BUDGET, NULL);
        fact(f, "deposit_pct", b->deposit_bp > 0 ? b->deposit_bp : 0, 2, "%");
        msg(f, "Balance on delivery with a deposit under %s leaves the factory exposed for the "
               "whole voyage.", pct(typical).s);
        fix(f, "Pay the balance before shipment, or raise the deposit to %s.", pct(typical).s);
    }
    if (b->deposit_bp > 7000) {
        sv_finding *f = add(c, "payment.deposit_high", SV_SEV_INFO, SV_AREA_BUDGET, NULL);
        fact(f, "deposit_pct", b->deposit_bp, 2, "%");
        msg(f, "A %s deposit puts most of your money at risk before you see the goods.",
            pct(b->deposit_bp).s);
        fix(f, "%s deposit is usual; keep the balance for after inspection.", pct(typical).s);
    }
}

/* ---- timeline ---- */

/* The timeline is judged with the T&A planner: for each judged origin the earliest day the
 * goods can be in the warehouse, closures included; the best origin counts. */
static void check_timeline(ctx *c)
{
    const sv_program *p = c->p;
    if (!p->has_launch_date) {
        sv_finding *f = add(c, "timeline.undefined", SV_SEV_WARNING, SV_AREA_TIMELINE, NULL);
        msg(f, "No launch date: a factory plans capacity months ahead and needs to know when "
               "the goods must land.");
        fix(f, "Set program.launch_date (the day the goods must be in your warehouse).");
        return;
    }
    if (c->n_origins == 0 || p->n_styles == 0)
        return;
    sv_plan *best = NULL;
    sv_plan_options po = {.today = c->opt->today, .mode = SV_MODE_SEA, .no_ways_out = true};
    sv_err beyond; /* why an origin's plan could not be made inside the supported dates */
    bool any_beyond = false;
    for (size_t i = 0; i < c->n_origins; i++) {
        memcpy(po.origin, c->origins[i]->country, 3);
        sv_plan *pl = NULL;
        sv_err e;
        sv_err_clear(&e);
        if (sv_plan_build(p, c->rd, &po, &pl, &e) != SV_OK) {
            if (e.code == SV_ERR_NOMEM)
                c->nomem = true;
            if (e.code == SV_ERR_SCHEMA && !any_beyond) {
                beyond = e;
                any_beyond = true;
            }
            continue;
        }
        if (!best || pl->ready < best->ready) {
            sv_plan_free(best);
            best = pl;
        } else {
            sv_plan_free(pl);
        }
    }
    if (!best && any_beyond) {
        /* no origin gets the goods in before the last day selvedge plans: later than any
         * launch date, so too late, and the plan's reason says which step carries it there */
        sv_finding *f = add(c, "timeline.too_short", SV_SEV_BLOCKER, SV_AREA_TIMELINE,
                            NULL);
        fact(f, "days_available",
             sv_date_to_days(p->launch_date) - sv_date_to_days(c->opt->today), 0, "days");
        msg(f, "The time-and-action plan cannot be made: %s.", beyond.msg);
        fix(f, "Check the units and the output per day (a sewing line makes hundreds of units "
               "a day), and any days set in timeline:.");
        return;
    }
    if (!best)
        return;
    /* judged on the delivery that binds: the launch's, or a later one the plan cannot make
     * in time (docs/internals/plan.md) */
    char launch_s[16], ready_s[16], which[48] = "";
    int64_t due = best->launch, due_ready = best->ready, due_slack = best->slack;
    if (best->binding > 0 && best->binding < best->n_deliveries) {
        const sv_plan_delivery *dl = &best->deliveries[best->binding];
        due = dl->date;
        due_ready = dl->ready;
        due_slack = dl->slack;
        snprintf(which, sizeof which, " (delivery %zu of %zu)", best->binding + 1,
                 best->n_deliveries);
    }
    sv_day_format(due, launch_s, sizeof launch_s);
    sv_day_format(due_ready, ready_s, sizeof ready_s);
    int64_t available = due - best->today;
    int64_t needed = due_ready - best->today;
    const char *where = c->origins_are_all ? "the fastest origin on file" : "your fastest origin";

    if (best->verdict == SV_PLAN_INFEASIBLE || best->verdict == SV_PLAN_TIGHT) {
        /* the ways out, priced, from the full plan of the best origin */
        sv_plan *full = NULL;
        sv_err e;
        po.no_ways_out = false;
        memcpy(po.origin, best->origin, 3);
        char ways[400] = "";
        if (sv_plan_build(p, c->rd, &po, &full, &e) == SV_OK) {
            for (int k = 0; k < full->n_ways; k++)
                if (full->ways[k].fits && strcmp(full->ways[k].code, "later_launch") != 0) {
                    snprintf(ways, sizeof ways, "%s", full->ways[k].text);
                    break;
                }
        }
        sv_plan_free(full);
        bool late = best->verdict == SV_PLAN_INFEASIBLE;
        sv_finding *f = add(c, late ? "timeline.too_short" : "timeline.tight",
                            late ? SV_SEV_BLOCKER : SV_SEV_WARNING, SV_AREA_TIMELINE, NULL);
        fact(f, "days_available", available, 0, "days");
        fact(f, "days_needed", needed, 0, "days");
        fact(f, "slack_days", due_slack, 0, "days");
        fact(f, "brand_days_on_critical_path", best->brand_days_critical, 0, "days");
        if (available < 0)
            msg(f, "The %s %s has passed.", which[0] ? "delivery date" : "launch date", launch_s);
        else if (late)
            msg(f, "%lld days to %s%s, but the time-and-action plan from %s (%s) puts the goods "
                   "in the warehouse on %s at the earliest: %lld days late. %lld days of the "
                   "critical path are your own reviews and approvals.",
                (long long)available, launch_s, which, best->origin, where, ready_s,
                (long long)-due_slack, (long long)best->brand_days_critical);
        else
            msg(f, "%lld days to %s%s: from %s the goods are in the warehouse on %s, only %lld "
                   "days ahead; one slow approval or late sample round uses that up.",
                (long long)available, launch_s, which, best->origin, ready_s,
                (long long)due_slack);
        char later[16];
        sv_day_format(due_ready + best->tight_days, later, sizeof later);
        if (ways[0])
            fix(f, "%s Or %s on %s or later. `selvedge plan` shows every milestone.", ways,
                which[0] ? "deliver" : "launch", later);
        else
            fix(f, "%s on %s or later, or cut the range to styles on stock fabric; `selvedge "
                   "plan` shows every milestone and the ways out.",
                which[0] ? "Deliver" : "Launch", later);
    }
    for (size_t i = 0; i < best->n_hits; i++) {
        const sv_closure_hit *h = &best->hits[i];
        const sv_milestone *m = &best->ms[h->milestone];
        if (!m->critical)
            continue;
        char a[16], b2[16];
        sv_day_format(h->first, a, sizeof a);
        sv_day_format(h->last, b2, sizeof b2);
        /* A closure that only eats slack is a note; one that makes the goods late, or leaves
         * less than closure_warn_slack_days of slack, is a warning (params.tsv). */
        int64_t warn_slack = sv_refdata_param(c->rd, "closure_warn_slack_days", 0);
        bool warn = h->delay > 0 && h->slack < warn_slack;
        sv_finding *f = add(c, "timeline.closure_conflict", warn ? SV_SEV_WARNING : SV_SEV_INFO,
                            SV_AREA_TIMELINE, m->style);
        fact(f, "days_added", h->days, 0, "days");
        fact(f, "delay_days", h->delay, 0, "days");
        fact(f, "slack_days", h->slack, 0, "days");
        char what[256];
        snprintf(what, sizeof what,
                 "%s closes factories in %s from %s to %s, in the middle of %s%s%s: %d days "
                 "added to the critical path",
                 sv_holiday_label(h->holiday), h->country[0] ? h->country : best->origin, a, b2,
                 m->name, m->style ? " of " : "", m->style ? m->style : "", h->days);
        if (h->delay <= 0)
            msg(f, "%s, but the warehouse date does not move: other work takes as long.", what);
        else if (h->slack < 0)
            msg(f,
                "%s; the goods reach the warehouse %lld days later for it, %lld days after "
                "the launch.",
                what, (long long)h->delay, (long long)-h->slack);
        else
            msg(f,
                "%s; the goods reach the warehouse %lld days later for it: it eats %lld of "
                "the %lld days of slack, %lld left%s.",
                what, (long long)h->delay, (long long)h->delay, (long long)(h->slack + h->delay),
                (long long)h->slack, warn ? ", which one late sample round uses up" : "");
        if (warn)
            fix(f, "Plan the work before the closure (start earlier, or book fabric and "
                   "production slots now), or move it to an origin that does not close then.");
        else
            fix(f, "Nothing to change; book fabric and production slots before the closure so it "
                   "costs no more than this.");
    }
    sv_plan_free(best);
}

/* ---- commitment ---- */

static void check_plan(ctx *c)
{
    const sv_brand *b = &c->p->brand;
    int64_t units = sv_program_units(c->p);
    if (b->n_growth == 0) {
        sv_finding *f = add(c, "plan.single_season", SV_SEV_WARNING, SV_AREA_COMMITMENT, NULL);
        fact(f, "seasons_planned", 0, 0, "seasons");
        msg(f, "There is no plan beyond this season. A factory invests in samples, patterns "
               "and line time for a new brand on the promise of repeat orders.");
        fix(f, "Add brand.growth_plan: the next two or three seasons with their units.");
        return;
    }
    int64_t maxm = sv_refdata_param(c->rd, "growth_max_multiple_per_season", 2);
    /* A season under the smallest order the judged origins' flexible factories take is a
     * test run, not a base: growth from it is judged from that minimum (a note while the next
     * season stays within the multiple of it, as from the minimum it would be no finding). */
    const sv_origin_info *min_o = NULL;
    int64_t order_min = c->n_origins ? lowest_minimum(c, get_order, &min_o) : 0;
    int64_t prev = units;
    const char *prev_name = "this program";
    for (size_t i = 0; i < b->n_growth; i++) {
        const sv_season_plan *g = &b->growth[i];
        bool steep = prev > 0 && (__int128)g->units * 100 > (__int128)prev * maxm;
        if (steep && min_o && prev < order_min &&
            (__int128)g->units * 100 <= (__int128)order_min * maxm) {
            sv_finding *f =
                add(c, "plan.growth_from_small_base", SV_SEV_INFO, SV_AREA_COMMITMENT, NULL);
            fact(f, "from_units", prev, 0, "units");
            fact(f, "to_units", g->units, 0, "units");
            fact(f, "order_minimum", order_min, 0, "units");
            msg(f,
                "%s plans %lld units after %lld in %s: a steep step, but from a base under "
                "the smallest order flexible factories take (%lld in %s), so it is the step "
                "to a normal order, not a jump in sales.",
                g->season, (long long)g->units, (long long)prev, prev_name, (long long)order_min,
                min_o->country);
            fix(f, "Tell the factory the first season is a test run and what the next one "
                   "depends on (sell-through, funding).");
        } else if (steep) {
            sv_finding *f = add(c, "plan.growth_unrealistic", SV_SEV_WARNING, SV_AREA_COMMITMENT,
                                NULL);
            int64_t mult = sv_muldiv(g->units, 100, prev);
            char m[16], mm[16];
            fact(f, "from_units", prev, 0, "units");
            fact(f, "to_units", g->units, 0, "units");
            fact(f, "multiple", mult, 2, "x");
            /* 4,501 after 1,500 is 3.0007x: say "just over" rather than "3.00x, more than 3.00x" */
            if (mult <= maxm)
                msg(f, "%s plans %lld units after %lld in %s: just over %sx in one season, more "
                       "than a young brand can sell through and finance.",
                    g->season, (long long)g->units, (long long)prev, prev_name,
                    sv_decimal_format(maxm, 2, false, mm, sizeof mm));
            else
                msg(f, "%s plans %lld units after %lld in %s: %sx in one season, more than the "
                       "%sx a young brand can sell through and finance.",
                    g->season, (long long)g->units, (long long)prev, prev_name,
                    sv_decimal_format(mult, 2, false, m, sizeof m),
                    sv_decimal_format(maxm, 2, false, mm, sizeof mm));
            fix(f, "Plan %s at no more than %lld units, or show the orders and funding behind "
                   "the jump.", g->season, (long long)sv_muldiv(prev, maxm, 100));
        } else if ((__int128)g->units * 2 < prev) {
            sv_finding *f = add(c, "plan.shrinking", SV_SEV_INFO, SV_AREA_COMMITMENT, NULL);
            fact(f, "from_units", prev, 0, "units");
            fact(f, "to_units", g->units, 0, "units");
            msg(f, "%s plans %lld units, less than half of %s (%lld): a factory reads a "
                   "shrinking plan as a brand winding down.",
                g->season, (long long)g->units, prev_name, (long long)prev);
            fix(f, "Check the growth plan; if volumes drop because of a channel change, say "
                   "so in the brief.");
        }
        prev = g->units;
        prev_name = g->season;
    }
}

static void check_commitment(ctx *c)
{
    const sv_brand *b = &c->p->brand;
    bool no_design = b->tech_design == SV_STAFF_NONE || b->tech_design == SV_STAFF_UNSET;
    bool no_exp = b->production_experience_years <= 0;
    if (no_design && no_exp) {
        sv_finding *f = add(c, "commitment.experience_missing", SV_SEV_WARNING, SV_AREA_COMMITMENT,
                            NULL);
        msg(f, "Nobody on the team has production experience or does technical design: the "
               "factory would have to carry the development for you.");
        fix(f, "Bring in a freelance technical designer or a sourcing agent for the first "
               "season, and say so in the brief.");
    }
    if (b->funding == SV_FUNDING_UNSET) {
        sv_finding *f = add(c, "commitment.funding_undefined", SV_SEV_INFO, SV_AREA_COMMITMENT,
                            NULL);
        msg(f, "The brand does not say how it is funded; factories ask, to judge whether "
               "deposits and reorders will be paid.");
        fix(f, "Set brand.funding.");
    }
    /* What factories call a hobby: no plan, no money for samples, nobody who knows
     * production, an order too small for anyone, no terms. Three or more together. */
    int signals = 0;
    char list[300] = "";
#define SIGNAL(cond, text)                                                                         \
    if (cond) {                                                                                    \
        size_t len_ = strlen(list);                                                                \
        snprintf(list + len_, sizeof list - len_, "%s%s", signals ? "; " : "", text);              \
        signals++;                                                                                 \
    }
    int64_t lowest_order = INT64_MAX;
    for (size_t i = 0; i < c->n_origins; i++)
        if (c->origins[i]->moq_order_low < lowest_order)
            lowest_order = c->origins[i]->moq_order_low;
    SIGNAL(b->n_growth == 0, "no plan beyond this season")
    SIGNAL(b->sampling_budget <= 0, "no sampling budget")
    SIGNAL(no_design && no_exp, "no production know-how")
    SIGNAL(c->n_origins && sv_program_units(c->p) < lowest_order, "an order below any minimum")
    SIGNAL(!b->has_payment_terms, "no payment terms")
    SIGNAL(b->funding == SV_FUNDING_UNSET, "no stated funding")
#undef SIGNAL
    if (signals >= 3) {
        sv_finding *f = add(c, "commitment.hobby_signals", SV_SEV_WARNING, SV_AREA_COMMITMENT,
                            NULL);
        fact(f, "signals", signals, 0, "signals");
        msg(f, "To a factory this reads like a hobby, not a business: %s.", list);
        fix(f, "Fix these first; each one alone is common, together they get emails ignored.");
    }
}

/* ---- findings (issue 9, item 4): kids' product safety, claims without a chain of custody ---- */

/* The list "A, B and 2 more" of the styles in `which`, as much as fits in n bytes. */
static void style_list(const ctx *c, const bool *which, char *buf, size_t n)
{
    size_t len = 0, shown = 0, total = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < c->p->n_styles; i++)
        total += which[i];
    for (size_t i = 0; i < c->p->n_styles; i++) {
        if (!which[i])
            continue;
        const char *code = c->p->styles[i].code;
        /* room for ", and 999999 more" */
        if (len + strlen(code) + 2 + 24 >= n)
            break;
        len += (size_t)snprintf(buf + len, n - len, "%s%s", shown ? ", " : "", code);
        shown++;
    }
    if (shown < total)
        snprintf(buf + len, n - len, " and %zu more", total - shown);
}

/* One finding a rule: the code is spelled out for each, so that every code is a literal. */
static sv_finding *add_kids(ctx *c, sv_kids_rule rule, sv_severity sev)
{
    switch (rule) {
    case SV_KIDS_DRAWSTRINGS:
        return add(c, "safety.kids_drawstrings", sev, SV_AREA_DOCUMENTATION, NULL);
    case SV_KIDS_SMALL_PARTS:
        return add(c, "safety.kids_small_parts", sev, SV_AREA_DOCUMENTATION, NULL);
    case SV_KIDS_LEAD:
        return add(c, "safety.kids_lead", sev, SV_AREA_DOCUMENTATION, NULL);
    case SV_KIDS_PHTHALATES:
        return add(c, "safety.kids_phthalates", sev, SV_AREA_DOCUMENTATION, NULL);
    case SV_KIDS_TRACKING_LABEL:
        return add(c, "safety.kids_tracking_label", sev, SV_AREA_DOCUMENTATION, NULL);
    case SV_KIDS_SLEEPWEAR:
        return add(c, "safety.kids_sleepwear", sev, SV_AREA_DOCUMENTATION, NULL);
    case SV_KIDS_CHEMICALS:
    default:
        return add(c, "safety.kids_chemicals", sev, SV_AREA_DOCUMENTATION, NULL);
    }
}

/* Children's garments meet the safety rules of the destination (kids_safety.tsv): one finding
 * a rule, listing the styles it concerns. A rule that asks for a test report is a warning
 * while the program plans no testing cost for one of those styles, else a note; a rule of
 * design, labelling or materials is a note: the brand plans it, nothing is wrong yet. */
static void check_kids_safety(ctx *c)
{
    const sv_program *p = c->p;
    if (!p->n_styles || !p->destination[0])
        return;
    bool *which = calloc(p->n_styles, sizeof *which);
    if (!which) {
        c->nomem = true;
        return;
    }
    for (size_t k = 0; k < c->rd->n_kids_safety; k++) {
        const sv_kids_safety *row = &c->rd->kids_safety[k];
        if (!sv_kids_safety_applies(row, p->destination))
            continue;
        size_t n = 0;
        bool all_tested = true;
        for (size_t i = 0; i < p->n_styles; i++) {
            const sv_style *s = &p->styles[i];
            c->r->work++;
            which[i] = (int)s->gender >= 0 && sv_gender_is_child(s->gender) &&
                       row->genders[s->gender] && (int)s->category >= 0 &&
                       row->categories[s->category];
            if (!which[i])
                continue;
            n++;
            sv_extra_costs x = sv_style_extra_costs(p, s);
            if (x.testing_per_unit <= 0 && x.testing_per_style <= 0)
                all_tested = false;
        }
        if (!n)
            continue;
        bool warn = row->test && !all_tested;
        sv_finding *f = add_kids(c, row->rule, warn ? SV_SEV_WARNING : SV_SEV_INFO);
        fact(f, "styles", (int64_t)n, 0, "styles");
        fact(f, "age_from", row->age_from, 0, "years");
        fact(f, "age_to", row->age_to, 0, "years");
        if (row->limit >= 0)
            fact(f, "limit", row->limit, 0, row->limit_unit);
        char list[300];
        style_list(c, which, list, sizeof list);
        char many[32] = "a children's style";
        if (n > 1)
            snprintf(many, sizeof many, "%zu children's styles", n);
        msg(f, "A %s rule for %s (%s): %s.", p->destination, many, list, row->text);
        if (row->test && warn)
            fix(f, "Budget the lab test before bulk (testing_per_style or testing_per_unit under "
                   "program.costs or the cost sheets) and book a lab accepted for it. Rule: %s.",
                row->source);
        else if (row->test)
            fix(f, "The program budgets testing; make sure the lab's scope includes this test. "
                   "Rule: %s.",
                row->source);
        else
            fix(f, "Put it in the tech packs (trims, construction, labels) and have the factory "
                   "confirm it at proto. Rule: %s.",
                row->source);
    }
    free(which);
}

/* Whether text holds phrase as whole words, without case ("Organic cotton" holds "organic",
 * "inorganic" does not). */
static bool has_words(const char *text, const char *phrase)
{
    size_t n = strlen(phrase);
    if (!text || !n)
        return false;
    for (const char *t = text; *t; t++) {
        if (strncasecmp(t, phrase, n) != 0)
            continue;
        bool before = t == text || !((t[-1] >= 'a' && t[-1] <= 'z') ||
                                     (t[-1] >= 'A' && t[-1] <= 'Z') || (t[-1] >= '0' && t[-1] <= '9'));
        char a = t[n];
        bool after = !((a >= 'a' && a <= 'z') || (a >= 'A' && a <= 'Z') || (a >= '0' && a <= '9'));
        if (before && after)
            return true;
    }
    return false;
}

/* Whether name is one of the '|'-joined names of list, without case. */
static bool in_list(const char *list, const char *name, size_t len)
{
    for (const char *p = list; *p;) {
        const char *bar = strchr(p, '|');
        size_t l = bar ? (size_t)(bar - p) : strlen(p);
        if (l == len && strncasecmp(p, name, len) == 0)
            return true;
        if (!bar)
            break;
        p = bar + 1;
    }
    return false;
}

/* Whether an entry of certifications_required asks only for standards of the list: a factory
 * meeting it holds one of them, so the goods come with a transaction certificate. */
static bool claim_required(const sv_program *p, const char *standards)
{
    for (size_t i = 0; i < p->n_cert_groups; i++) {
        const sv_cert_group *g = &p->cert_groups[i];
        bool any = false, all = true;
        for (int b = 0; b < SV_CERT__COUNT; b++) {
            if (!(g->any & (1u << b)))
                continue;
            any = true;
            const char *name = sv_cert_name((sv_cert)b);
            if (!in_list(standards, name, strlen(name)))
                all = false;
        }
        for (const char *u = g->unknown; u && *u;) {
            const char *bar = strchr(u, '|');
            size_t l = bar ? (size_t)(bar - u) : strlen(u);
            any = true;
            if (!in_list(standards, u, l))
                all = false;
            if (!bar)
                break;
            u = bar + 1;
        }
        if (any && all)
            return true;
    }
    return false;
}

/* A claim on the product ("organic", "recycled", a standard's name) that the program does not
 * ask the chain of custody for (claims.tsv): one warning a set of standards, listing the
 * styles. A factory or a retailer asks for the transaction certificate, and an unprovable claim
 * is a legal risk where green claims are policed. */
static void check_claims(ctx *c)
{
    const sv_program *p = c->p;
    const sv_refdata *rd = c->rd;
    if (!p->n_styles || !rd->n_claim_rules)
        return;
    /* for each style, the rules that apply to it: the first row of each claim that matches */
    bool *hit = calloc(p->n_styles * rd->n_claim_rules, sizeof *hit);
    bool *which = calloc(p->n_styles, sizeof *which);
    bool *done = calloc(rd->n_claim_rules, sizeof *done);
    if (!hit || !which || !done) {
        free(hit);
        free(which);
        free(done);
        c->nomem = true;
        return;
    }
    for (size_t i = 0; i < p->n_styles; i++) {
        const sv_style *s = &p->styles[i];
        const char *texts[] = {s->composition, s->name, s->fabric ? s->fabric->name : NULL};
        for (size_t k = 0; k < rd->n_claim_rules; k++) {
            const sv_claim_rule *r = &rd->claim_rules[k];
            c->r->work++;
            bool claim = false, fibre = !r->fibre;
            for (size_t t = 0; t < 3; t++) {
                claim = claim || has_words(texts[t], r->claim);
                fibre = fibre || has_words(texts[t], r->fibre);
            }
            if (!claim || !fibre)
                continue;
            bool earlier = false;
            for (size_t j = 0; j < k && !earlier; j++)
                earlier = hit[i * rd->n_claim_rules + j] &&
                          strcasecmp(rd->claim_rules[j].claim, r->claim) == 0;
            if (!earlier)
                hit[i * rd->n_claim_rules + k] = true;
        }
    }
    /* one finding for each set of standards, in the file's order */
    for (size_t k = 0; k < rd->n_claim_rules; k++) {
        const sv_claim_rule *r = &rd->claim_rules[k];
        if (done[k])
            continue;
        char claims[160] = "";
        size_t n = 0;
        memset(which, 0, p->n_styles * sizeof *which);
        for (size_t j = k; j < rd->n_claim_rules; j++) {
            const sv_claim_rule *o = &rd->claim_rules[j];
            if (strcmp(o->standards, r->standards) != 0)
                continue;
            done[j] = true;
            bool used = false;
            for (size_t i = 0; i < p->n_styles; i++)
                if (hit[i * rd->n_claim_rules + j]) {
                    n += !which[i];
                    which[i] = used = true;
                }
            if (used && !strstr(claims, o->claim)) {
                size_t len = strlen(claims);
                snprintf(claims + len, sizeof claims - len, "%s\"%s\"", len ? ", " : "",
                         o->claim);
            }
        }
        if (!n || claim_required(p, r->standards))
            continue;
        char want[160];
        size_t w = 0;
        for (const char *q = r->standards; *q && w + 5 < sizeof want; q++) {
            if (*q == '|') {
                memcpy(want + w, " or ", 4);
                w += 4;
            } else {
                want[w++] = *q;
            }
        }
        want[w] = '\0';
        char list[300];
        style_list(c, which, list, sizeof list);
        sv_finding *f = add(c, "claims.no_chain_of_custody", SV_SEV_WARNING, SV_AREA_DOCUMENTATION,
                            NULL);
        fact(f, "styles", (int64_t)n, 0, "styles");
        char many[32] = "One style makes";
        if (n > 1)
            snprintf(many, sizeof many, "%zu styles make", n);
        msg(f, "%s the claim %s (%s), but certifications_required asks for no %s: %s; without a "
               "certified chain there is no transaction certificate to prove the claim.",
            many, claims, list, want, r->text);
        fix(f, "Require %s in certifications_required, or take the claim off the label and the "
               "product copy: unproven claims are a legal risk (EU Directive 2024/825 from 27 Sep "
               "2026, UK Green Claims Code, US FTC Green Guides). Standard: %s.",
            want, r->source);
    }
    free(hit);
    free(which);
    free(done);
}

/* The duty a unit of a costed style pays: the rate's and the additional duties'. */
static sv_minor duty_of(const sv_style_cost *sc)
{
    return sc->duty + sc->extra_total;
}

/* Between the program's preferred origins, one whose goods enter the destination duty-free (a
 * preference, or no customs border) and one that pays the MFN rate: the gap a unit and on the
 * program, for each style, costed at each origin by the costing engine (a style's own origin
 * set aside, so that each is costed at both). A note: the origin is the brand's choice, the
 * money is what it weighs, and the preference's rule of origin goes with it. */
static void check_duty_gap(ctx *c)
{
    const sv_program *p = c->p;
    if (c->opt->origin[0] || c->origins_are_all || c->n_origins < 2 || !p->n_styles)
        return;
    size_t n = c->n_origins;
    sv_cost_report **rep = calloc(n, sizeof *rep);
    sv_style *styles = malloc(p->n_styles * sizeof *styles);
    bool *which = calloc(p->n_styles, sizeof *which);
    if (!rep || !styles || !which) {
        free(rep);
        free(styles);
        free(which);
        c->nomem = true;
        return;
    }
    memcpy(styles, p->styles, p->n_styles * sizeof *styles);
    for (size_t i = 0; i < p->n_styles; i++)
        styles[i].origin[0] = '\0';
    sv_program at = *p;
    at.styles = styles;
    for (size_t k = 0; k < n; k++) {
        sv_cost_options co = {.mode = SV_MODE_SEA, .today = c->opt->today};
        memcpy(co.origin, c->origins[k]->country, 3);
        sv_err e;
        sv_err_clear(&e);
        if (sv_cost_run(&at, c->rd, &co, &rep[k], &e) == SV_ERR_NOMEM)
            c->nomem = true;
    }
    for (size_t a = 0; a < n && !c->nomem; a++) {
        for (size_t b = 0; b < n; b++) {
            if (a == b || !rep[a] || !rep[b])
                continue;
            sv_sum gap = {0};
            int64_t units = 0, rate_lo = INT64_MAX, rate_hi = 0, styles_n = 0;
            const char *scheme = NULL;
            memset(which, 0, p->n_styles * sizeof *which);
            for (size_t i = 0; i < p->n_styles && i < rep[a]->n_styles &&
                               i < rep[b]->n_styles;
                 i++) {
                const sv_style_cost *fa = &rep[a]->styles[i], *fb = &rep[b]->styles[i];
                c->r->work++;
                if (!fa->ok || !fb->ok)
                    continue;
                bool free_a = duty_of(fa) == 0 && (fa->duty_scheme || !fa->imported);
                bool mfn_b = fb->imported && !fb->duty_scheme && duty_of(fb) > 0;
                if (!free_a || !mfn_b)
                    continue;
                int64_t u = units_of(&p->styles[i]);
                which[i] = true;
                styles_n++;
                sv_sum_add_product(&gap, duty_of(fb), u);
                if (!sv_add_ok(units, u, &units))
                    gap.overflow = true;
                if (fb->duty_bp < rate_lo)
                    rate_lo = fb->duty_bp;
                if (fb->duty_bp > rate_hi)
                    rate_hi = fb->duty_bp;
                if (!scheme)
                    scheme = fa->duty_scheme;
            }
            if (!styles_n || units <= 0)
                continue;
            if (gap.overflow) {
                c->overflow = "the duty gap between the preferred origins";
                continue;
            }
            const char *from = rep[a]->origin, *to = rep[b]->origin;
            sv_minor per_unit = sv_muldiv(gap.v, 1, units);
            sv_finding *f = add(c, "origin.duty_gap", SV_SEV_INFO, SV_AREA_NUMBERS, NULL);
            fact(f, "styles", styles_n, 0, "styles");
            fact(f, "duty_gap_per_unit", per_unit, c->exp, c->cur);
            fact(f, "duty_gap_program", gap.v, c->exp, c->cur);
            fact(f, "mfn_rate", rate_hi, 2, "%");
            char list[300], rate[64];
            style_list(c, which, list, sizeof list);
            if (rate_lo == rate_hi)
                snprintf(rate, sizeof rate, "%s", pct(rate_hi).s);
            else
                snprintf(rate, sizeof rate, "%s to %s", pct(rate_lo).s, pct(rate_hi).s);
            char pending[200] = "";
            if (rep[b]->pending && !rep[b]->pending_applied)
                snprintf(pending, sizeof pending, " (%s would change this once in force)",
                         rep[b]->pending->scheme);
            msg(f, "Made in %s, %lld %s (%s) %s %s duty-free%s%s%s; made in %s %s the MFN duty "
                   "of %s%s: %s a unit on average, %s on the program.",
                from, (long long)styles_n, styles_n == 1 ? "style" : "styles", list,
                styles_n == 1 ? "enters" : "enter", p->destination, scheme ? " (" : "",
                scheme ? scheme : " (no customs border)", scheme ? ")" : "", to,
                styles_n == 1 ? "it pays" : "they pay", rate, pending, money(c, per_unit).s,
                money(c, gap.v).s);
            const char *caveat =
                sv_cost_origin_caveat(c->rd, from, p->destination, rep[a]->entry_day);
            if (caveat)
                fix(f, "Weigh %s against %s with the whole landed cost (selvedge cost --origin "
                       "%s). The duty-free rate holds only if the goods meet its rule of origin: "
                       "%s.",
                    from, to, from, caveat);
            else
                fix(f, "Weigh %s against %s with the whole landed cost (selvedge cost --origin "
                       "%s); the preference needs the proof of origin with each shipment.",
                    from, to, from);
        }
    }
    for (size_t k = 0; k < n; k++)
        sv_cost_report_free(rep[k]);
    free(rep);
    free(styles);
    free(which);
}

/* ---- one factory's own figures (check --factory) ---- */

/* Whether a factory's list of other certifications ('|'-joined) holds name, in any case. */
static bool claims_other(const sv_factory *fa, const char *name)
{
    size_t n = strlen(name);
    for (const char *s = fa->other_certifications; s && *s;) {
        const char *bar = strchr(s, '|');
        size_t l = bar ? (size_t)(bar - s) : strlen(s);
        if (l == n && strncasecmp(s, name, n) == 0)
            return true;
        s = bar ? bar + 1 : s + l;
    }
    return false;
}

/* The first alternative of a group selvedge does not know that the factory claims (among its
 * other certifications), into buf; false when it claims none. */
static bool claims_unknown(const sv_factory *fa, const sv_cert_group *g, char *buf, size_t n)
{
    for (const char *s = g->unknown; s && *s;) {
        size_t l = strcspn(s, "|");
        snprintf(buf, n, "%.*s", (int)l, s);
        if (claims_other(fa, buf))
            return true;
        s += l + (s[l] == '|');
    }
    return false;
}

/* A required certification selvedge does not know (data/certifications.tsv), alone or in a
 * choice the factory meets with none it knows: said, not skipped. */
static void cert_unchecked(ctx *c, const sv_factory *fa, const sv_cert_group *g)
{
    sv_finding *f =
        add(c, "factory.certification_unchecked", SV_SEV_INFO, SV_AREA_DOCUMENTATION, NULL);
    char claimed[200];
    bool claims = claims_unknown(fa, g, claimed, sizeof claimed);
    if (g->any && claims)
        msg(f,
            "The program requires %s; %s holds none of those selvedge knows and claims %s, "
            "which selvedge does not know and cannot check.",
            g->text, fa->name, claimed);
    else if (g->any)
        msg(f,
            "The program requires %s; %s holds none of those selvedge knows, and selvedge "
            "cannot check whether it holds the others.",
            g->text, fa->name);
    else if (claims)
        msg(f,
            "The program requires %s; %s claims it, but selvedge does not know this "
            "certification and cannot check the claim.",
            g->text, fa->name);
    else
        msg(f,
            "The program requires %s; selvedge does not know this certification and "
            "cannot check whether %s holds it.",
            g->text, fa->name);
    fix(f, "Ask %s for the certificate and check it with the body that issues it.", fa->name);
}

/* Capacity, by the matcher's rule (sv_match_capacity, lib/engine/match.c): the units of the
 * styles the factory makes against what its production window holds. Under half of them is a
 * blocker, as under half a minimum is. */
static void check_factory_capacity(ctx *c, const sv_factory *fa, int64_t units)
{
    int64_t window = sv_match_capacity(fa->monthly_capacity, fa->production_days);
    if (units <= window)
        return;
    bool far = window < units - window;
    sv_finding *f = add(c, "factory.capacity_short", far ? SV_SEV_BLOCKER : SV_SEV_WARNING,
                        SV_AREA_TIMELINE, NULL);
    fact(f, "units", units, 0, "units");
    fact(f, "factory_monthly_capacity", fa->monthly_capacity, 0, "units");
    if (fa->production_days >= 0)
        fact(f, "factory_production_days", fa->production_days, 0, "days");
    fact(f, "factory_window_units", window, 0, "units");
    char span[64];
    if (fa->production_days >= 0)
        snprintf(span, sizeof span, "its %lld days of production", (long long)fa->production_days);
    else
        snprintf(span, sizeof span, "a month and a half (its production days are not on file)");
    msg(f, "%s makes about %lld units a month: %s hold about %lld, and the styles it would make "
           "come to %lld.",
        fa->name, (long long)fa->monthly_capacity, span, (long long)window, (long long)units);
    int64_t days = 0;
    if (fa->monthly_capacity > 0 && !__builtin_mul_overflow(units, 30, &days))
        days = (days + fa->monthly_capacity - 1) / fa->monthly_capacity;
    if (days > 0)
        fix(f, "Split the order with another factory (`selvedge match` splits the program), or "
               "agree a longer production window: %lld units take %s about %lld days.",
            (long long)units, fa->name, (long long)days);
    else
        fix(f, "Place the program with a factory that has the capacity (`selvedge match` finds "
               "them), or ask %s what it can take on.",
            fa->name);
}

/* Lead time, by the matcher's rule: the time-and-action calendar made in the factory's
 * country, with its own sampling and production days in place of the typical spans
 * (sv_match_calendar_for, sv_match_lead_slack). Goods in the warehouse after the launch is a
 * blocker, as timeline.too_short is. No launch date, or no plan for its country: nothing to
 * judge against. */
static void check_factory_lead_time(ctx *c, const sv_factory *fa)
{
    const sv_program *p = c->p;
    sv_match_calendar cal;
    if (!p->has_launch_date || p->n_styles == 0 ||
        !sv_match_calendar_for(p, c->rd, c->opt->today, fa->country, &cal))
        return;
    int64_t ready;
    int64_t slack = sv_match_lead_slack(&cal, fa->sampling_days, fa->production_days, &ready);
    if (slack >= 0)
        return;
    sv_finding *f =
        add(c, "factory.lead_time_too_long", SV_SEV_BLOCKER, SV_AREA_TIMELINE, NULL);
    fact(f, "days_late", -slack, 0, "days");
    if (fa->sampling_days >= 0)
        fact(f, "factory_sampling_days", fa->sampling_days, 0, "days");
    fact(f, "typical_sampling_days", cal.development, 0, "days");
    if (fa->production_days >= 0)
        fact(f, "factory_production_days", fa->production_days, 0, "days");
    fact(f, "typical_production_days", cal.bulk, 0, "days");
    char own[160], day[16], launch[16];
    if (fa->sampling_days >= 0 && fa->production_days >= 0)
        snprintf(own, sizeof own, "its sampling %lld and production %lld days (typical %d and %d)",
                 (long long)fa->sampling_days, (long long)fa->production_days, cal.development,
                 cal.bulk);
    else if (fa->sampling_days >= 0)
        snprintf(own, sizeof own, "its sampling %lld days (typical %d; its production days are "
                                  "not on file)",
                 (long long)fa->sampling_days, cal.development);
    else if (fa->production_days >= 0)
        snprintf(own, sizeof own, "its production %lld days (typical %d; its sampling days are "
                                  "not on file)",
                 (long long)fa->production_days, cal.bulk);
    else
        snprintf(own, sizeof own, "typical lead times (its own are not on file)");
    sv_day_format(ready, day, sizeof day);
    sv_date_format(p->launch_date, launch, sizeof launch);
    msg(f, "Made by %s, the goods would be in the warehouse on %s, %lld days after your launch "
           "on %s: the time-and-action plan from %.2s with %s.",
        fa->name, day, (long long)-slack, launch, fa->country, own);
    fix(f, "Launch on %s or later, or agree lead times %lld days shorter in all with %s; "
           "`selvedge plan --origin %.2s` shows every milestone.",
        day, (long long)-slack, fa->name, fa->country);
}

/* Whether style i is made elsewhere than at this factory: in another country (its own
 * origin), or by another factory it names (sv_check_options.style_factory: -1, one not on
 * file, is another too). */
static bool made_elsewhere(const ctx *c, const sv_factory *fa, size_t i)
{
    const sv_style *s = &c->p->styles[i];
    if (s->origin[0] && strncmp(s->origin, fa->country, 2) != 0)
        return true;
    const int64_t *sf = c->opt->style_factory;
    return sf && sf[i] != 0 && sf[i] != fa->id;
}

/* The styles `check --factory` does not hold to this factory, said once: made in another
 * country or by another factory, as `match` places them. A warning when none is left. */
static void styles_elsewhere(ctx *c, const sv_factory *fa, size_t judged)
{
    char list[480] = "";
    size_t len = 0, n = 0, shown = 0;
    for (size_t i = 0; i < c->p->n_styles; i++) {
        if (!made_elsewhere(c, fa, i))
            continue;
        const sv_style *s = &c->p->styles[i];
        char one[200];
        if (s->origin[0] && strncmp(s->origin, fa->country, 2) != 0)
            snprintf(one, sizeof one, "%s%s is made in %s", n ? "; " : "", s->code, s->origin);
        else
            snprintf(one, sizeof one, "%s%s by another factory (%s)", n ? "; " : "", s->code,
                     s->factory ? s->factory : "named in the file");
        n++;
        if (len + strlen(one) + 24 < sizeof list) {
            memcpy(list + len, one, strlen(one) + 1);
            len += strlen(one);
            shown++;
        }
    }
    if (!n)
        return;
    if (shown < n)
        snprintf(list + len, sizeof list - len, " and %zu more", n - shown);
    sv_finding *f = add(c, "factory.styles_elsewhere", judged ? SV_SEV_INFO : SV_SEV_WARNING,
                        SV_AREA_CLARITY, NULL);
    fact(f, "styles", (int64_t)n, 0, "styles");
    if (judged)
        msg(f, "%s: not held to %s's minimums, categories and prices, as the file places them "
               "elsewhere.", list, fa->name);
    else
        msg(f, "%s: the file places every style elsewhere, so none is judged against %s.", list,
            fa->name);
    fix(f, "Check each against its own factory (`selvedge check FILE --factory ID`), or take "
           "the origin or factory off a style %s should make.", fa->name);
}

/* A required OEKO-TEX 100 the factory lacks, met by the program's certified fabric: every
 * style judged here cut from a fabric certified to it. OEKO-TEX 100 is a product label, so
 * certified materials spare the garment re-testing, but the garment needs a certificate of its
 * own to carry the label (oeko-tex.com, "Modular system" and "Ready-made articles"); a chain of
 * custody (GOTS, GRS) is the factory's own certificate and is not met this way. */
static bool oeko_by_material(ctx *c, const sv_factory *fa, const sv_cert_group *g)
{
    if (!(g->any & (1u << SV_CERT_OEKO_TEX_100)))
        return false;
    char fabrics[200] = "";
    size_t judged = 0;
    for (size_t i = 0; i < c->p->n_styles; i++) {
        if (made_elsewhere(c, fa, i))
            continue;
        const sv_style *s = &c->p->styles[i];
        judged++;
        if (!s->fabric || !(s->fabric->certifications & (1u << SV_CERT_OEKO_TEX_100)))
            return false;
        const char *id = s->fabric->id ? s->fabric->id : "";
        if (!strstr(fabrics, id)) {
            size_t len = strlen(fabrics);
            snprintf(fabrics + len, sizeof fabrics - len, "%s%s", len ? ", " : "", id);
        }
    }
    if (!judged)
        return false;
    sv_finding *f =
        add(c, "factory.certification_by_material", SV_SEV_INFO, SV_AREA_DOCUMENTATION, NULL);
    fact(f, "styles", (int64_t)judged, 0, "styles");
    msg(f, "The program requires %s; %s holds no certificate of its own, but every style it "
           "would make is cut from fabric certified to OEKO-TEX 100 (%s).",
        g->text, fa->name, fabrics);
    fix(f, "To put the OEKO-TEX label on the garments, have %s certify them (the certified "
           "fabric spares most of the testing), or label the fabric's certificate only.",
        fa->name);
    return true;
}

static void check_factory(ctx *c)
{
    const sv_factory *fa = c->opt->factory;
    if (!fa)
        return;
    if (fa->closed > 0) {
        /* nothing else about it matters: its minimums and prices are history */
        sv_finding *f = add(c, "factory.closed", SV_SEV_BLOCKER, SV_AREA_COMMITMENT, NULL);
        msg(f, "%s has closed, as its registry source says; it is kept on file for its history.",
            fa->name);
        fix(f, "Choose an open factory: `selvedge match` offers only those.");
        return;
    }
    const sv_program *p = c->p;
    int64_t total = 0;
    int64_t made = 0; /* the units of the styles whose category it makes, as the matcher
                         counts them (saturated: beyond any capacity) */
    size_t judged = 0;
    for (size_t i = 0; i < p->n_styles; i++) {
        const sv_style *s = &p->styles[i];
        if (made_elsewhere(c, fa, i))
            continue;
        judged++;
        total += units_of(s);
        if ((int)s->category >= 0 && (!fa->categories || (fa->categories & (1u << s->category))) &&
            __builtin_add_overflow(made, units_of(s), &made))
            made = INT64_MAX;
        if ((int)s->category >= 0 && fa->categories && !(fa->categories & (1u << s->category))) {
            sv_finding *f = add(c, "factory.category", SV_SEV_BLOCKER, SV_AREA_CLARITY, s->code);
            msg(f, "%s does not make %s; %s is one.", fa->name, rd_label(c, s).s, s->code);
            fix(f, "Place %s with another factory (`selvedge match` splits the program).",
                s->code);
            continue;
        }
        if ((int)s->construction >= 0 && fa->constructions &&
            !(fa->constructions & (1u << s->construction))) {
            sv_finding *f = add(c, "factory.construction", SV_SEV_BLOCKER, SV_AREA_CLARITY,
                                s->code);
            msg(f, "%s does not work %s; %s is %s.", fa->name,
                sv_construction_name(s->construction), s->code,
                sv_construction_name(s->construction));
            fix(f, "Place %s with a factory that does %s.", s->code,
                sv_construction_name(s->construction));
        }
        int64_t su = units_of(s);
        if (fa->moq_style >= 0 && su < fa->moq_style) {
            sv_finding *f = add(c, "moq.below_factory_minimum",
                                su * 2 < fa->moq_style ? SV_SEV_BLOCKER : SV_SEV_WARNING,
                                SV_AREA_NUMBERS, s->code);
            fact(f, "units", su, 0, "units");
            fact(f, "factory_minimum_per_style", fa->moq_style, 0, "units");
            msg(f, "%s asks at least %lld units a style; %s plans %lld.", fa->name,
                (long long)fa->moq_style, s->code, (long long)su);
            fix(f, "Raise %s to %lld units or merge it with a similar style.", s->code,
                (long long)fa->moq_style);
        }
        for (size_t k = 0; k < s->n_colors; k++) {
            const sv_color *col = &s->colors[k];
            if (fa->moq_color < 0 || col->units >= fa->moq_color)
                continue;
            sv_finding *f = add(c, "moq.below_factory_minimum",
                                col->units * 2 < fa->moq_color ? SV_SEV_BLOCKER : SV_SEV_WARNING,
                                SV_AREA_NUMBERS, s->code);
            fact(f, "units", col->units, 0, "units");
            fact(f, "factory_minimum_per_color", fa->moq_color, 0, "units");
            msg(f, "%s asks at least %lld units a colour; %s plans %lld in %s.", fa->name,
                (long long)fa->moq_color, s->code, (long long)col->units, col->name);
            fix(f, "Raise %s to %lld or fold it into another colour.", col->name,
                (long long)fa->moq_color);
        }
        if ((int)s->category >= 0 && s->target_fob > 0 && fa->price_low[s->category] >= 0) {
            sv_minor lo = local(c, fa->price_low[s->category]);
            sv_minor hi = local(c, fa->price_high[s->category]);
            if (s->target_fob < lo) {
                bool far = s->target_fob < sv_muldiv(lo, 80, 100);
                sv_finding *f = add(c, "price.target_below_factory_band",
                                    far ? SV_SEV_BLOCKER : SV_SEV_WARNING, SV_AREA_NUMBERS,
                                    s->code);
                fact(f, "target_fob", s->target_fob, c->exp, c->cur);
                fact(f, "factory_fob_low", lo, c->exp, c->cur);
                fact(f, "factory_fob_high", hi, c->exp, c->cur);
                msg(f, "%s quotes %s between %s and %s; %s targets %s.", fa->name,
                    rd_label(c, s).s, money(c, lo).s, money(c, hi).s, s->code,
                    money(c, s->target_fob).s);
                fix(f, "Budget at least %s for %s here, or simplify the style.",
                    money(c, lo).s, s->code);
            }
        }
    }
    if (fa->moq_order >= 0 && total < fa->moq_order) {
        sv_finding *f = add(c, "moq.below_factory_minimum",
                            total * 2 < fa->moq_order ? SV_SEV_BLOCKER : SV_SEV_WARNING,
                            SV_AREA_NUMBERS, NULL);
        fact(f, "units", total, 0, "units");
        fact(f, "factory_minimum_per_order", fa->moq_order, 0, "units");
        msg(f, "%s asks at least %lld units an order; the program has %lld.", fa->name,
            (long long)fa->moq_order, (long long)total);
        fix(f, "Add %lld units across the styles, or choose a factory with a lower minimum.",
            (long long)(fa->moq_order - total));
    }
    /* each group is met by any one of its certifications (program.h) */
    for (size_t k = 0; k < p->n_cert_groups; k++) {
        const sv_cert_group *g = &p->cert_groups[k];
        if (sv_cert_group_met(g, fa->certifications))
            continue;
        if (g->unknown) {
            cert_unchecked(c, fa, g);
            continue;
        }
        if (oeko_by_material(c, fa, g))
            continue;
        sv_finding *f =
            add(c, "factory.certification_missing", SV_SEV_BLOCKER, SV_AREA_DOCUMENTATION, NULL);
        if (g->any & (g->any - 1))
            msg(f, "The program requires %s; %s holds none of them.", g->text, fa->name);
        else
            msg(f, "The program requires %s; %s does not hold it.", g->text, fa->name);
        fix(f, "Ask whether it is certifying, choose a certified factory, or drop the "
               "requirement.");
    }
    if (fa->new_brands == 0) {
        sv_finding *f = add(c, "factory.no_new_brands", SV_SEV_BLOCKER, SV_AREA_COMMITMENT, NULL);
        msg(f, "%s does not take new brands.", fa->name);
        fix(f, "Approach it through a sourcing agent it works with, or after a season with "
               "another factory.");
    }
    styles_elsewhere(c, fa, judged);
    check_factory_capacity(c, fa, made);
    check_factory_lead_time(c, fa);
    if (fa->deposit_bp >= 0 && c->p->brand.deposit_bp >= 0 &&
        fa->deposit_bp > c->p->brand.deposit_bp) {
        sv_finding *f = add(c, "payment.below_factory_terms", SV_SEV_WARNING, SV_AREA_BUDGET,
                            NULL);
        fact(f, "deposit_pct", c->p->brand.deposit_bp, 2, "%");
        fact(f, "factory_deposit_pct", fa->deposit_bp, 2, "%");
        msg(f, "%s asks a %s deposit; you offer %s.", fa->name, pct(fa->deposit_bp).s,
            pct(c->p->brand.deposit_bp).s);
        fix(f, "Offer %s, or agree a smaller first order at your terms.", pct(fa->deposit_bp).s);
    }
}

/* ---- scoring ---- */

/* ---- grouped findings ---- */

/* Codes whose finding says the same of each style: on two styles or more they are one finding
 * listing the styles, each with its own numbers. Codes whose message and fix differ per style
 * (a different minimum, a different missing part, a different colour to merge) stay one
 * finding a style. */
static const struct group_rule {
    const char *code;
    const char *fact; /* the style's number shown in the list, or NULL */
    const char *said; /* "N styles <said>: A (est. 1.91 EUR), B (3.31 EUR)." */
    const char *fix;  /* the fix for all of them */
} group_rules[] = {
    {"price.cost_sheet_missing", "estimated_fob",
     "have no cost sheet of your own; selvedge estimated their FOB from reference data, at "
     "the units planned",
     "Add a cost: block to each (fabric consumption and price, trims, CMT) so the numbers are "
     "yours, not averages."},
    {"price.target_undefined", "estimated_fob",
     "have no target FOB: a factory wants to know the price you are working to before it "
     "samples",
     "Set target_fob for each of them; the estimates are selvedge's, from reference data, at "
     "the units planned."},
    {"positioning.price_points_missing", NULL,
     "have no retail price: without a price point nobody can check that the cost works",
     "Set retail_price for each (and wholesale_price if you sell to retailers)."},
};

static int group_rule_of(const sv_finding *f)
{
    if (!f->style)
        return -1;
    for (int k = 0; k < (int)(sizeof group_rules / sizeof group_rules[0]); k++)
        if (strcmp(f->code, group_rules[k].code) == 0)
            return k;
    return -1;
}

/* Say a grouped finding: its styles, each with its number, as many as the message holds. */
static void group_say(ctx *c, sv_finding *f, const struct group_rule *g)
{
    char list[480];
    size_t len = 0, shown = 0, stocked = 0;
    list[0] = '\0';
    for (size_t i = 0; i < f->n_parts; i++) {
        const sv_finding_part *pt = &f->parts[i];
        char one[160], num[64] = "";
        bool stock = false; /* estimated on stock fabric: a run too small for a dye lot */
        for (int k = 0; k < pt->n_facts; k++)
            if (strcmp(pt->facts[k].name, "stock_fabric") == 0 && pt->facts[k].value)
                stock = true;
        stocked += stock;
        for (int k = 0; g->fact && k < pt->n_facts; k++)
            if (strcmp(pt->facts[k].name, g->fact) == 0)
                snprintf(num, sizeof num, " (%s%s%s)", i == 0 ? "est. " : "",
                         money(c, pt->facts[k].value).s, stock ? ", stock fabric" : "");
        snprintf(one, sizeof one, "%s%s%s", i ? ", " : "", pt->style, num);
        /* room for ", and 999999 more" */
        if (len + strlen(one) + 24 >= sizeof list)
            break;
        memcpy(list + len, one, strlen(one) + 1);
        len += strlen(one);
        shown++;
    }
    if (shown < f->n_parts)
        snprintf(list + len, sizeof list - len, " and %zu more", f->n_parts - shown);
    msg(f, "%zu styles %s: %s.%s", f->n_parts, g->said, list,
        stocked ? " Stock fabric: a run too small for a dye lot is estimated on fabric or yarn "
                  "bought from stock, at a premium over the mill's price."
                : "");
    fix(f, "%s", g->fix);
}

/* Fold the findings of a grouped code and one severity into the first of them, in one pass
 * over the findings and one over the folded ones: linear, like the sort and the score. */
static void group_findings(ctx *c)
{
    sv_readiness *r = c->r;
    enum { G = sizeof group_rules / sizeof group_rules[0] };
    size_t count[G][SV_SEV__COUNT] = {{0}}, head[G][SV_SEV__COUNT];
    for (size_t i = 0; i < r->n_findings; i++) {
        int k = group_rule_of(&r->findings[i]);
        r->work++;
        if (k >= 0 && count[k][r->findings[i].severity]++ == 0)
            head[k][r->findings[i].severity] = i;
    }
    for (size_t k = 0; k < G; k++)
        for (int sv = 0; sv < SV_SEV__COUNT; sv++)
            if (count[k][sv] >= 2) {
                sv_finding *h = &r->findings[head[k][sv]];
                sv_finding_part *parts = calloc(count[k][sv], sizeof *parts);
                if (!parts) {
                    c->nomem = true;
                    return;
                }
                /* the head's own style is its first part; the folded ones follow */
                h->parts = parts;
            }
    /* where each head is once the findings before it have closed up */
    size_t at[G][SV_SEV__COUNT];
    size_t out = 0;
    for (size_t i = 0; i < r->n_findings; i++) {
        sv_finding *f = &r->findings[i];
        int k = f->style ? group_rule_of(f) : -1;
        r->work++;
        if (k >= 0 && count[k][f->severity] >= 2) {
            bool is_head = head[k][f->severity] == i;
            sv_finding *h = is_head ? f : &r->findings[at[k][f->severity]];
            sv_finding_part *pt = &h->parts[h->n_parts++];
            pt->style = f->style;
            memcpy(pt->facts, f->facts, sizeof pt->facts);
            pt->n_facts = f->n_facts;
            if (!is_head)
                continue; /* folded into its head, which sits earlier */
            at[k][f->severity] = out;
        }
        if (out != i)
            r->findings[out] = *f;
        out++;
    }
    r->n_findings = out;
    for (size_t i = 0; i < r->n_findings; i++) {
        sv_finding *f = &r->findings[i];
        if (!f->parts || !f->style)
            continue;
        r->work++;
        f->style = NULL;
        f->n_facts = 0;
        fact(f, "styles", (int64_t)f->n_parts, 0, "styles");
        for (size_t k = 0; k < G; k++)
            if (strcmp(f->code, group_rules[k].code) == 0)
                group_say(c, f, &group_rules[k]);
    }
}

/* ---- score ---- */

static const int area_weight[SV_AREA__COUNT] = {15, 25, 15, 15, 15, 15};
static const int sev_penalty[SV_SEV__COUNT] = {45, 15, 3};

/* The findings of each code in each area, gathered in one pass: a code belongs to one area
 * (each rule files its findings under one). */
typedef struct code_tally {
    const char *code;
    int area;
    int count, worst;
} code_tally;

static uint64_t hash_code(const char *s, int area)
{
    uint64_t h = 14695981039346656037u ^ (uint64_t)area; /* FNV-1a's offset basis */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Each code costs its area the penalty of its worst severity; repeats of the same code
 * (the same problem on more styles) add a little each, up to half again. Linear in the
 * findings: they are tallied by code in a hash table, not compared with each other. */
static sv_code score(sv_readiness *r)
{
    size_t slots = 64;
    while (slots < 2 * r->n_findings)
        slots *= 2;
    code_tally *t = calloc(slots, sizeof *t);
    if (!t)
        return SV_ERR_NOMEM;
    for (size_t i = 0; i < r->n_findings; i++) {
        const sv_finding *f = &r->findings[i];
        size_t k = (size_t)hash_code(f->code, (int)f->area) & (slots - 1);
        for (;; k = (k + 1) & (slots - 1)) {
            r->work++;
            if (!t[k].code) {
                t[k] = (code_tally){f->code, (int)f->area, 0, 0};
                break;
            }
            if (t[k].area == (int)f->area && strcmp(t[k].code, f->code) == 0)
                break;
        }
        /* a grouped finding counts once per style, as if said on each (score unchanged) */
        t[k].count += f->n_parts ? (int)f->n_parts : 1;
        if (sev_penalty[f->severity] > t[k].worst)
            t[k].worst = sev_penalty[f->severity];
    }
    int penalty[SV_AREA__COUNT] = {0};
    for (size_t k = 0; k < slots; k++) {
        if (!t[k].code)
            continue;
        int extra = (t[k].count - 1) * 5;
        if (extra > t[k].worst / 2)
            extra = t[k].worst / 2;
        penalty[t[k].area] += t[k].worst + extra;
    }
    free(t);
    for (int a = 0; a < SV_AREA__COUNT; a++)
        r->areas[a] = penalty[a] >= 100 ? 0 : 100 - penalty[a];
    int total = 0;
    for (int a = 0; a < SV_AREA__COUNT; a++)
        total += r->areas[a] * area_weight[a];
    r->score = (total + 50) / 100;
    /* the counts are of the findings as shown; the verdict's "at most two warnings" counts a
     * grouped warning once per style, so grouping does not make a program ready */
    size_t warnings_per_style = 0;
    for (size_t i = 0; i < r->n_findings; i++) {
        const sv_finding *f = &r->findings[i];
        r->counts[f->severity]++;
        if (f->severity == SV_SEV_WARNING)
            warnings_per_style += f->n_parts ? f->n_parts : 1;
    }
    /* One blocker can stop a factory from answering at all: the score must not read as
     * nearly ready while one stands. 59 is the top of not_ready. */
    if (r->counts[SV_SEV_BLOCKER] > 0 && r->score > 59)
        r->score = 59;
    if (r->counts[SV_SEV_BLOCKER] > 0 || r->score < 60)
        r->verdict = SV_VERDICT_NOT_READY;
    else if (r->score >= 80 && warnings_per_style <= 2)
        r->verdict = SV_VERDICT_READY;
    else
        r->verdict = SV_VERDICT_NEARLY;
    return SV_OK;
}

/* Blockers first, then warnings, then information; within a severity by area; equal ones
 * keep the order the rules made them in. A counting sort on the 18 (severity, area) keys,
 * then the findings moved into place along the cycles of the permutation: each is moved
 * once, with no second array of findings (they are a kilobyte each). */
static sv_code sort_findings(sv_readiness *r)
{
    enum { KEYS = SV_SEV__COUNT * SV_AREA__COUNT };
    size_t n = r->n_findings, at[KEYS] = {0};
    if (n < 2)
        return SV_OK;
    size_t *dest = malloc(n * sizeof *dest);
    if (!dest)
        return SV_ERR_NOMEM;
#define KEY(f) ((size_t)(f)->severity * SV_AREA__COUNT + (size_t)(f)->area)
    for (size_t i = 0; i < n; i++)
        at[KEY(&r->findings[i])]++;
    for (size_t k = 0, sum = 0; k < KEYS; k++) {
        size_t c = at[k];
        at[k] = sum;
        sum += c;
    }
    for (size_t i = 0; i < n; i++)
        dest[i] = at[KEY(&r->findings[i])]++;
#undef KEY
    for (size_t i = 0; i < n; i++) {
        while (dest[i] != i) {
            size_t j = dest[i];
            sv_finding tmp = r->findings[j];
            r->findings[j] = r->findings[i];
            r->findings[i] = tmp;
            dest[i] = dest[j];
            dest[j] = j;
            r->work++;
        }
    }
    free(dest);
    return SV_OK;
}

sv_code sv_readiness_check(const sv_program *p, const sv_refdata *rd, const sv_check_options *opt,
                           sv_readiness **out, sv_err *e)
{
    *out = NULL;
    sv_check_options defaults = {.today = {2026, 1, 1}};
    if (!opt)
        opt = &defaults;
    if (!sv_date_supported(opt->today)) {
        char d[16];
        return sv_err_set(e, SV_ERR_USAGE,
                          "today, %s, is outside the dates selvedge plans in (" SV_DATE_RANGE_TEXT
                          ")", sv_date_format(opt->today, d, sizeof d));
    }
    sv_cost_options co = {.mode = SV_MODE_SEA, .today = opt->today}; /* duty rules of that day */
    memcpy(co.origin, opt->origin, 3);
    sv_cost_report *cost = NULL;
    sv_code rc = sv_cost_run(p, rd, &co, &cost, e);
    if (rc)
        return rc;
    sv_readiness *r = calloc(1, sizeof *r);
    if (!r) {
        sv_cost_report_free(cost);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    ctx c = {.p = p, .rd = rd, .opt = opt, .r = r, .cost = cost,
             .cur = p->brand.currency->code, .exp = p->brand.currency->exponent};
    if (opt->origin[0]) {
        const sv_origin_info *o = sv_refdata_origin(rd, opt->origin);
        if (o)
            c.origins[c.n_origins++] = o;
    } else {
        for (size_t i = 0; i < p->n_origins && c.n_origins < 64; i++) {
            const sv_origin_info *o = sv_refdata_origin(rd, p->origins[i]);
            if (o)
                c.origins[c.n_origins++] = o;
        }
    }
    if (c.n_origins == 0) {
        c.origins_are_all = true;
        for (size_t i = 0; i < rd->n_origins && c.n_origins < 64; i++)
            c.origins[c.n_origins++] = &rd->origins[i];
    }
    check_positioning(&c);
    check_range(&c);
    check_prices(&c);
    check_margins(&c);
    check_moq(&c);
    check_budget(&c);
    check_techpacks(&c);
    check_payment(&c);
    check_timeline(&c);
    check_plan(&c);
    check_commitment(&c);
    check_kids_safety(&c);
    check_claims(&c);
    check_duty_gap(&c);
    check_factory(&c);
    sv_cost_report_free(cost);
    if (c.nomem) {
        sv_readiness_free(r);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    if (c.overflow) {
        sv_readiness_free(r);
        /* said at the style where the total stops fitting, as the costing does */
        const sv_style *s = c.overflow_at;
        char field[160] = "";
        if (s)
            snprintf(field, sizeof field, "program.styles[%s]", s->code);
        return sv_err_at(e, SV_ERR_SCHEMA, p->path, s ? s->line : 0, 0, s ? field : NULL,
                         "%s is too large to add up once this style is counted: check the "
                         "reference data overrides (categories.tsv, fx.tsv)",
                         c.overflow);
    }
    group_findings(&c);
    if (c.nomem || sort_findings(r) != SV_OK || score(r) != SV_OK) {
        sv_readiness_free(r);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    *out = r;
    return SV_OK;
}

void sv_readiness_free(sv_readiness *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_findings; i++)
        free(r->findings[i].parts);
    free(r->findings);
    free(r);
}

const sv_finding *sv_readiness_find(const sv_readiness *r, const char *code, const char *style)
{
    for (size_t i = 0; i < r->n_findings; i++) {
        const sv_finding *f = &r->findings[i];
        if (strcmp(f->code, code) != 0)
            continue;
        if (!style || (f->style && strcmp(f->style, style) == 0))
            return f;
        for (size_t k = 0; k < f->n_parts; k++)
            if (strcmp(f->parts[k].style, style) == 0)
                return f;
    }
    return NULL;
}

const char *sv_severity_name(sv_severity s)
{
    static const char *const n[] = {"blocker", "warning", "info"};
    return (int)s >= 0 && s < SV_SEV__COUNT ? n[s] : "?";
}

const char *sv_area_name(sv_area a)
{
    static const char *const n[] = {"clarity",  "numbers",       "budget",
                                    "timeline", "documentation", "commitment"};
    return (int)a >= 0 && a < SV_AREA__COUNT ? n[a] : "?";
}

const char *sv_verdict_name(sv_verdict v)
{
    static const char *const n[] = {"ready", "nearly", "not_ready"};
    return (int)v >= 0 && v <= SV_VERDICT_NOT_READY ? n[v] : "?";
}
