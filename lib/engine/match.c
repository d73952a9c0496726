/* The matcher. One pass over the compact factory table: a category screen, the hard
 * constraints per style, a score for those that pass, the near misses that fail exactly one
 * constraint. Explanations are written only for the factories that are reported, so the
 * pass itself does no string work. The model: docs/internals/match.md. */
#include "selvedge/match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/factory.h"

enum { KEEP_PARTIAL = 256 };

/* Score weights; they add up to 100. */
enum { W_PRICE = 25, W_LEAD = 20, W_SPECIAL = 20, W_SAMPLE = 10, W_PAYMENT = 10, W_TRANSIT = 15 };

typedef struct best best;

typedef struct style_need {
    uint32_t cat, constr, tier;  /* bits; 0 when the style does not say */
    int category;
    int64_t units;
    int64_t min_color;           /* the smallest colour's units */
    int smallest, biggest;       /* colour indices */
    int32_t target_usd;          /* cents, -1 unknown */
} style_need;

typedef struct prep {
    const sv_program *p;
    const sv_refdata *rd;
    const sv_factory_table *t;
    size_t n;                    /* styles */
    style_need *s;
    uint32_t cats;               /* all categories of the program */
    uint32_t certs;              /* required */
    int64_t days_available;      /* to the launch; -1 unknown */
    int64_t samples;             /* development samples the program needs */
    int64_t budget_usd;          /* sampling budget in USD cents; -1 unknown */
    int64_t deposit_bp;          /* the brand's; -1 unknown */
    char (*origins)[3];          /* the program's preferred origins */
    size_t n_origins;
    /* sea days from each origin country to the destination, looked up once per country:
     * the freight table is searched by string, far too slow to do per factory */
    int16_t transit[26 * 26];
} prep;

/* Factories in the brand's preferred origins are listed first; the score itself is the
 * same wherever the factory is. */
static bool preferred(const prep *pp, const char *country2)
{
    for (size_t k = 0; k < pp->n_origins; k++)
        if (pp->origins[k][0] == country2[0] && pp->origins[k][1] == country2[1])
            return true;
    return false;
}

const char *sv_miss_code(sv_miss m)
{
    static const char *const n[] = {"category",       "construction", "tier",
                                    "moq.per_style",  "moq.per_color", "moq.per_order",
                                    "capacity",       "certification", "new_brands"};
    return (int)m >= 0 && m < SV_MISS__COUNT ? n[m] : "?";
}

static int transit_for(const prep *pp, const char *country2)
{
    int a = country2[0] - 'A', b = country2[1] - 'A';
    int16_t *slot = a >= 0 && a < 26 && b >= 0 && b < 26 ? (int16_t *)&pp->transit[a * 26 + b]
                                                          : NULL;
    if (slot && *slot != -2)
        return *slot;
    char c[3] = {country2[0], country2[1], '\0'};
    const sv_freight_rate *fr = sv_refdata_freight(pp->rd, c, pp->p->destination, SV_MODE_SEA);
    int days = fr ? (fr->transit_days_low + fr->transit_days_high + 1) / 2 : -1;
    if (slot)
        *slot = (int16_t)days;
    return days;
}

/* Every hard constraint style s fails at factory i, as bits of sv_miss (0: it can make it).
 * All of them, not the first: a near miss must fail exactly one. */
static uint32_t style_misses(const prep *pp, size_t i, size_t s)
{
    const sv_factory_table *t = pp->t;
    const style_need *n = &pp->s[s];
    if (!(t->categories[i] & n->cat))
        return 1u << SV_MISS_CATEGORY;
    uint32_t m = 0;
    if (n->constr && t->constructions[i] && !(t->constructions[i] & n->constr))
        m |= 1u << SV_MISS_CONSTRUCTION;
    if (n->tier && t->tiers[i] && !(t->tiers[i] & n->tier))
        m |= 1u << SV_MISS_TIER;
    if (t->moq_style[i] >= 0 && n->units < t->moq_style[i])
        m |= 1u << SV_MISS_MOQ_STYLE;
    if (t->moq_color[i] >= 0 && n->min_color < t->moq_color[i])
        m |= 1u << SV_MISS_MOQ_COLOR;
    if ((t->certifications[i] & pp->certs) != pp->certs)
        m |= 1u << SV_MISS_CERTIFICATION;
    if (t->new_brands[i] == 0)
        m |= 1u << SV_MISS_NEW_BRANDS;
    return m;
}

/* The order a factory would get (these units): its minimum, then its capacity; -1 when
 * both are met. */
static int order_check(const sv_factory_table *t, size_t i, int64_t units);

/* Units a factory can take on in its production window (a month at least). */
static int64_t capacity_limit(const sv_factory_table *t, size_t i)
{
    if (t->monthly_capacity[i] < 0)
        return INT64_MAX;
    int64_t months_x10 = t->production_days[i] > 0 ? t->production_days[i] * 10 / 30 : 15;
    if (months_x10 < 10)
        months_x10 = 10;
    return (int64_t)t->monthly_capacity[i] * months_x10 / 10;
}

static int order_check(const sv_factory_table *t, size_t i, int64_t units)
{
    if (t->moq_order[i] >= 0 && units < t->moq_order[i])
        return SV_MISS_MOQ_ORDER;
    if (units > capacity_limit(t, i))
        return SV_MISS_CAPACITY;
    return -1;
}

static const int32_t *band_of(const sv_factory_table *t, size_t i, int category, int32_t *hi)
{
    for (uint32_t k = t->price_at[i]; k < t->price_at[i + 1]; k++)
        if (t->price_cat[k] == category) {
            *hi = t->price_hi[k];
            return &t->price_lo[k];
        }
    return NULL;
}

/* Score components in thousandths of their weight; text only when asked. */
typedef struct parts {
    int price, lead, special, sample, payment, transit; /* 0..1000 */
    int total;                                          /* 0..100 */
} parts;

static int popcount32(uint32_t v)
{
    return __builtin_popcount(v);
}

/* Specialization, in thousandths: how much of the program, and how focused the factory is. */
static int special(const prep *pp, size_t i, int n_ok)
{
    int focus = popcount32(pp->t->categories[i]);
    int focus_v = focus <= 3 ? 1000 : focus <= 6 ? 600 : 300;
    return (int)((int64_t)n_ok * 600 / (int64_t)(pp->n ? pp->n : 1)) + focus_v * 4 / 10;
}

/* The most a factory can score when it makes n_ok styles: every other part at its weight.
 * Lets the scan skip scoring factories that cannot enter a full list. */
static int score_bound(const prep *pp, size_t i, int n_ok);

/* Whether a factory with this best possible rank can still enter the list. */
static bool may_enter(const best *b, int rank_bound);

/* A part's points: its thousandths of the weight, rounded to the nearest point. */
static int points(int thousandths, int weight)
{
    return (thousandths * weight + 500) / 1000;
}

static parts score(const prep *pp, size_t i, const bool *ok, int n_ok)
{
    const sv_factory_table *t = pp->t;
    parts x;
    /* price: the brand's target against the factory's band for each style it makes */
    int64_t sum = 0, cnt = 0;
    for (size_t s = 0; s < pp->n; s++) {
        if (!ok[s])
            continue;
        int32_t hi;
        const int32_t *lo = band_of(t, i, pp->s[s].category, &hi);
        int32_t target = pp->s[s].target_usd;
        int v;
        if (!lo || target < 0)
            v = 500;
        else if (target >= hi)
            v = 1000;
        else if (target < *lo)
            v = 0;
        else
            v = 500 + (int)((int64_t)(target - *lo) * 500 / (hi - *lo > 0 ? hi - *lo : 1));
        sum += v;
        cnt++;
    }
    x.price = cnt ? (int)(sum / cnt) : 500;

    /* lead time: sampling, production and transit against the days to the launch */
    int tr = transit_for(pp, t->country[i]);
    if (pp->days_available < 0 || t->sampling_days[i] < 0 || t->production_days[i] < 0 ||
        tr < 0) {
        x.lead = 500;
    } else {
        int64_t need = t->sampling_days[i] + t->production_days[i] + tr;
        if (pp->days_available >= need)
            x.lead = 1000;
        else {
            int64_t late = need - pp->days_available;
            x.lead = late >= 60 ? 0 : (int)(1000 - late * 1000 / 60);
        }
    }

    x.special = special(pp, i, n_ok);

    /* sample fees against the sampling budget */
    if (t->sample_fee[i] < 0)
        x.sample = 500;
    else if (pp->budget_usd < 0)
        x.sample = 500; /* no budget given: unknown, like any other missing figure */
    else if (pp->budget_usd == 0)
        x.sample = 0;
    else {
        int64_t cost = (int64_t)t->sample_fee[i] * pp->samples;
        x.sample = cost <= pp->budget_usd ? 1000 : (int)(pp->budget_usd * 1000 / cost);
    }

    /* payment: the deposit it asks against the brand's offer */
    if (t->deposit_bp[i] < 0 || pp->deposit_bp < 0)
        x.payment = 500;
    else if (t->deposit_bp[i] <= pp->deposit_bp)
        x.payment = 1000;
    else {
        int64_t gap = t->deposit_bp[i] - pp->deposit_bp;
        x.payment = gap >= 3000 ? 0 : (int)(1000 - gap * 1000 / 3000);
    }

    /* transit to the destination */
    if (tr < 0)
        x.transit = 500;
    else
        x.transit = tr <= 7 ? 1000 : tr >= 40 ? 0 : (int)(1000 - (tr - 7) * 1000 / 33);

    /* the total is the sum of the points shown, so the reasons add up to the score */
    x.total = points(x.price, W_PRICE) + points(x.lead, W_LEAD) + points(x.special, W_SPECIAL) +
              points(x.sample, W_SAMPLE) + points(x.payment, W_PAYMENT) +
              points(x.transit, W_TRANSIT);
    return x;
}

static void money_usd(int64_t cents, char *buf, size_t n)
{
    char d[32];
    snprintf(buf, n, "%s USD", sv_decimal_format(cents, 2, true, d, sizeof d));
}

/* The reasons behind a score, written for the factories that are reported. */
static void explain(const prep *pp, sv_match *m, const parts *x)
{
    const sv_factory_table *t = pp->t;
    size_t i = m->row;
    char a[40], b[40];
    sv_reason *r = m->reasons;

    /* price */
    int below = 0, within = 0, above = 0, unknown = 0;
    const char *worst = NULL;
    int32_t worst_lo = 0, worst_target = 0;
    for (size_t s = 0; s < pp->n; s++) {
        if (!m->styles[s])
            continue;
        int32_t hi;
        const int32_t *lo = band_of(t, i, pp->s[s].category, &hi);
        int32_t target = pp->s[s].target_usd;
        if (!lo || target < 0)
            unknown++;
        else if (target >= hi)
            above++;
        else if (target < *lo) {
            below++;
            if (!worst) {
                worst = pp->p->styles[s].code;
                worst_lo = *lo;
                worst_target = target;
            }
        } else
            within++;
    }
    r[0] = (sv_reason){"price", points(x->price, W_PRICE), W_PRICE, ""};
    if (below) {
        money_usd(worst_target, a, sizeof a);
        money_usd(worst_lo, b, sizeof b);
        snprintf(r[0].text, sizeof r[0].text,
                 "%d style%s under its price band: %s targets %s, it starts at %s", below,
                 below == 1 ? "" : "s", worst, a, b);
    } else if (within + above)
        snprintf(r[0].text, sizeof r[0].text, "your targets are %s its price band%s",
                 above && !within ? "at or above" : "within", unknown ? " where it quotes" : "");
    else
        snprintf(r[0].text, sizeof r[0].text, "no price band on file for these categories");

    /* lead time */
    int tr = transit_for(pp, t->country[i]);
    r[1] = (sv_reason){"lead_time", points(x->lead, W_LEAD), W_LEAD, ""};
    if (pp->days_available < 0)
        snprintf(r[1].text, sizeof r[1].text, "no launch date to judge lead time against");
    else if (t->sampling_days[i] < 0 || t->production_days[i] < 0)
        snprintf(r[1].text, sizeof r[1].text, "its lead times are not on file");
    else if (tr < 0)
        snprintf(r[1].text, sizeof r[1].text, "no freight lane on file to %s",
                 pp->p->destination);
    else {
        int64_t need = t->sampling_days[i] + t->production_days[i] + tr;
        snprintf(r[1].text, sizeof r[1].text,
                 "sampling %d + production %d + transit %d = %lld days, %lld to your launch",
                 t->sampling_days[i], t->production_days[i], tr, (long long)need,
                 (long long)pp->days_available);
    }

    /* specialization */
    r[2] = (sv_reason){"specialization", points(x->special, W_SPECIAL), W_SPECIAL, ""};
    snprintf(r[2].text, sizeof r[2].text, "makes %d of your %zu styles; %d categor%s in all",
             m->n_styles, pp->n, popcount32(t->categories[i]),
             popcount32(t->categories[i]) == 1 ? "y" : "ies");

    /* samples */
    r[3] = (sv_reason){"sample_fee", points(x->sample, W_SAMPLE), W_SAMPLE, ""};
    if (t->sample_fee[i] < 0)
        snprintf(r[3].text, sizeof r[3].text, "its sample fee is not on file");
    else {
        money_usd((int64_t)t->sample_fee[i] * pp->samples, a, sizeof a);
        if (pp->budget_usd > 0) {
            money_usd(pp->budget_usd, b, sizeof b);
            snprintf(r[3].text, sizeof r[3].text, "%lld samples at its fee: %s, budget %s",
                     (long long)pp->samples, a, b);
        } else {
            snprintf(r[3].text, sizeof r[3].text, "%lld samples at its fee: %s, no budget set",
                     (long long)pp->samples, a);
        }
    }

    /* payment */
    r[4] = (sv_reason){"payment", points(x->payment, W_PAYMENT), W_PAYMENT, ""};
    if (t->deposit_bp[i] < 0 || pp->deposit_bp < 0)
        snprintf(r[4].text, sizeof r[4].text, "deposit terms not known on both sides");
    else
        snprintf(r[4].text, sizeof r[4].text, "asks %d%% deposit, you offer %lld%%",
                 t->deposit_bp[i] / 100, (long long)(pp->deposit_bp / 100));

    /* transit */
    r[5] = (sv_reason){"transit", points(x->transit, W_TRANSIT), W_TRANSIT, ""};
    if (tr < 0)
        snprintf(r[5].text, sizeof r[5].text, "no freight lane on file");
    else
        snprintf(r[5].text, sizeof r[5].text, "%c%c to %s: about %d days by sea",
                 t->country[i][0], t->country[i][1], pp->p->destination, tr);
}

/* How far a near miss is, 0..100: the shortfall as a share of the minimum for quantities,
 * a fixed distance for what the brand cannot simply add units to. */
static int near_gap(const prep *pp, size_t i, int kind, const uint32_t *masks, int64_t units)
{
    const sv_factory_table *t = pp->t;
    int64_t worst = 0;
    switch ((sv_miss)kind) {
    case SV_MISS_MOQ_STYLE:
    case SV_MISS_MOQ_COLOR:
        for (size_t s = 0; s < pp->n; s++) {
            if (!(masks[s] & (1u << kind)))
                continue;
            int64_t need = kind == SV_MISS_MOQ_STYLE ? t->moq_style[i] : t->moq_color[i];
            int64_t have = kind == SV_MISS_MOQ_STYLE ? pp->s[s].units : pp->s[s].min_color;
            int64_t g = need > 0 ? (need - have) * 100 / need : 0;
            if (g > worst)
                worst = g;
        }
        return (int)worst;
    case SV_MISS_MOQ_ORDER:
        return t->moq_order[i] > 0 ? (int)((t->moq_order[i] - units) * 100 / t->moq_order[i])
                                   : 0;
    case SV_MISS_CAPACITY:
        return units > 0 ? (int)((units - capacity_limit(t, i)) * 100 / units) : 0;
    case SV_MISS_NEW_BRANDS:
        return 20;
    default:
        return 30;
    }
}

/* What the brand would have to change for a near miss. */
static void describe_change(const prep *pp, sv_match *m, int miss, int style, int64_t units_ok)
{
    const sv_factory_table *t = pp->t;
    size_t i = m->row;
    const sv_style *st = style >= 0 ? &pp->p->styles[style] : NULL;
    const style_need *sn = style >= 0 ? &pp->s[style] : NULL;
    m->miss = miss;
    m->miss_style = st ? st->code : NULL;
    switch ((sv_miss)miss) {
    case SV_MISS_MOQ_COLOR: {
        const sv_color *small = &st->colors[sn->smallest], *big = &st->colors[sn->biggest];
        if (sn->biggest != sn->smallest)
            snprintf(m->change, sizeof m->change,
                     "minimum per colour %d, you plan %lld in %s: merge %s into %s or raise it "
                     "to %d",
                     t->moq_color[i], (long long)small->units, small->name, small->name,
                     big->name, t->moq_color[i]);
        else
            snprintf(m->change, sizeof m->change,
                     "minimum per colour %d, you plan %lld in %s: raise it to %d",
                     t->moq_color[i], (long long)small->units, small->name, t->moq_color[i]);
        break;
    }
    case SV_MISS_MOQ_STYLE:
        snprintf(m->change, sizeof m->change,
                 "minimum per style %d, %s plans %lld: add %lld units or merge it with a "
                 "similar style",
                 t->moq_style[i], st->code, (long long)sn->units,
                 (long long)(t->moq_style[i] - sn->units));
        break;
    case SV_MISS_MOQ_ORDER:
        snprintf(m->change, sizeof m->change,
                 "minimum order %d units, it would make %lld of yours: add %lld units or give "
                 "it more of the range",
                 t->moq_order[i], (long long)units_ok, (long long)(t->moq_order[i] - units_ok));
        break;
    case SV_MISS_CAPACITY:
        snprintf(m->change, sizeof m->change,
                 "makes about %d units a month; %lld is more than its production window "
                 "holds: split the order or allow a longer window",
                 t->monthly_capacity[i], (long long)units_ok);
        break;
    case SV_MISS_CERTIFICATION: {
        char lack[160] = "";
        for (int k = 0; k < SV_CERT__COUNT; k++)
            if ((pp->certs & (1u << k)) && !(t->certifications[i] & (1u << k))) {
                size_t len = strlen(lack);
                snprintf(lack + len, sizeof lack - len, "%s%s", len ? ", " : "",
                         sv_cert_name((sv_cert)k));
            }
        snprintf(m->change, sizeof m->change,
                 "lacks %s: ask whether it is certifying, or drop the requirement", lack);
        break;
    }
    case SV_MISS_NEW_BRANDS:
        snprintf(m->change, sizeof m->change,
                 "does not take new brands: approach it through a sourcing agent, or after a "
                 "season with another factory");
        break;
    case SV_MISS_CONSTRUCTION:
        snprintf(m->change, sizeof m->change, "does not do %s for %s",
                 sv_construction_name(st->construction), st->code);
        break;
    case SV_MISS_TIER: {
        char tiers[64] = "";
        for (int k = 0; k < SV_TIER__COUNT; k++)
            if (t->tiers[i] & (1u << k)) {
                size_t len = strlen(tiers);
                snprintf(tiers + len, sizeof tiers - len, "%s%s", len ? "/" : "",
                         sv_tier_name((sv_tier)k));
            }
        snprintf(m->change, sizeof m->change, "works at %s, not %s: %s would need another tier",
                 tiers, sv_tier_name(sv_style_tier(pp->p, st)), st->code);
        break;
    }
    default:
        snprintf(m->change, sizeof m->change, "does not make %s",
                 st ? sv_category_name(st->category) : "these categories");
    }
}

/* ---- bounded best-first lists ---- */

struct best {
    sv_match *items;
    size_t n, cap;
};

static int score_bound(const prep *pp, size_t i, int n_ok)
{
    return W_PRICE + W_LEAD + W_SAMPLE + W_PAYMENT + W_TRANSIT +
           points(special(pp, i, n_ok), W_SPECIAL);
}

static bool may_enter(const best *b, int rank_bound)
{
    /* equal ranks can still enter on the tie-breaks, so only a lower bound is out */
    return b->n < b->cap || rank_bound >= b->items[b->cap - 1].rank;
}

/* Insert keeping the list sorted by rank (preferred origin first, then score), then more
 * styles, then lower id; returns the slot, or NULL when it does not make the cut. */
static sv_match *keep(best *b, int rank, int n_styles, int64_t id)
{
    size_t at = b->n;
    while (at > 0) {
        const sv_match *o = &b->items[at - 1];
        if (o->rank > rank || (o->rank == rank && o->n_styles > n_styles) ||
            (o->rank == rank && o->n_styles == n_styles && o->factory_id < id))
            break;
        at--;
    }
    if (at >= b->cap)
        return NULL;
    /* the slot that falls off the end (or the first unused one) lends its styles array */
    bool *spare = b->n == b->cap ? b->items[b->n - 1].styles : b->items[b->n].styles;
    size_t last = b->n == b->cap ? b->cap - 1 : b->n;
    memmove(&b->items[at + 1], &b->items[at], (last - at) * sizeof *b->items);
    if (b->n < b->cap)
        b->n++;
    memset(&b->items[at], 0, sizeof b->items[at]);
    b->items[at].styles = spare;
    return &b->items[at];
}

static bool setup(prep *pp, const sv_program *p, const sv_refdata *rd, const sv_factory_table *t,
                  const sv_match_options *o, sv_err *e)
{
    memset(pp, 0, sizeof *pp);
    pp->p = p;
    pp->rd = rd;
    pp->t = t;
    pp->n = p->n_styles;
    pp->s = calloc(pp->n ? pp->n : 1, sizeof *pp->s);
    if (!pp->s) {
        sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return false;
    }
    for (size_t s = 0; s < pp->n; s++) {
        const sv_style *st = &p->styles[s];
        style_need *n = &pp->s[s];
        n->category = st->category;
        n->cat = (int)st->category >= 0 ? 1u << st->category : 0;
        /* "other" says nothing a factory could fail to meet */
        n->constr = (int)st->construction >= 0 && st->construction != SV_CONSTR_OTHER
                        ? 1u << st->construction
                        : 0;
        sv_tier tier = sv_style_tier(p, st);
        n->tier = (int)tier >= 0 ? 1u << tier : 0;
        n->units = sv_style_units(st);
        n->min_color = INT64_MAX;
        for (size_t k = 0; k < st->n_colors; k++) {
            if (st->colors[k].units < n->min_color) {
                n->min_color = st->colors[k].units;
                n->smallest = (int)k;
            }
            if (st->colors[k].units > st->colors[n->biggest].units)
                n->biggest = (int)k;
        }
        sv_minor usd;
        n->target_usd = st->target_fob > 0 &&
                                sv_refdata_to_usd(rd, st->target_fob, p->brand.currency, &usd)
                            ? (int32_t)usd
                            : -1;
        pp->cats |= n->cat;
        if ((int)st->category >= 0)
            pp->samples += 2 + rd->categories[st->category].fit_rounds +
                           (int64_t)(st->n_sizes ? st->n_sizes : 1);
    }
    for (size_t k = 0; k < p->n_certifications; k++) {
        int c = sv_cert_parse(p->certifications[k]);
        if (c >= 0)
            pp->certs |= 1u << c;
    }
    pp->days_available = p->has_launch_date ? sv_date_to_days(p->launch_date) -
                                                  sv_date_to_days(o->today)
                                            : -1;
    sv_minor usd;
    pp->budget_usd = p->brand.sampling_budget >= 0 &&
                             sv_refdata_to_usd(rd, p->brand.sampling_budget, p->brand.currency,
                                               &usd)
                         ? usd
                         : -1;
    pp->deposit_bp = p->brand.deposit_bp;
    pp->origins = p->origins;
    pp->n_origins = p->n_origins;
    for (size_t k = 0; k < 26 * 26; k++)
        pp->transit[k] = -2; /* not looked up yet */
    return true;
}

static sv_code fill(best *b, size_t n_styles, sv_err *e)
{
    for (size_t k = 0; k < b->cap; k++) {
        b->items[k].styles = calloc(n_styles ? n_styles : 1, sizeof(bool));
        if (!b->items[k].styles)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    return SV_OK;
}

static void free_best(best *b)
{
    for (size_t k = 0; k < b->cap && b->items; k++)
        free(b->items[k].styles);
    free(b->items);
}

sv_code sv_match_run(const sv_program *p, const sv_refdata *rd, const sv_factory_table *t,
                     const sv_match_options *o, sv_match_result **out, sv_err *e)
{
    *out = NULL;
    sv_match_options defaults = {.top = 10, .near = 10, .today = {2026, 1, 1}};
    if (!o)
        o = &defaults;
    prep pp;
    if (!setup(&pp, p, rd, t, o, e))
        return SV_ERR_NOMEM;
    sv_code rc = SV_OK;
    best top = {0}, part = {0}, near = {0};
    top.cap = (size_t)(o->top > 0 ? o->top : 10);
    near.cap = (size_t)(o->near > 0 ? o->near : 10);
    part.cap = KEEP_PARTIAL;
    uint32_t *masks = calloc(pp.n ? pp.n : 1, sizeof *masks);
    bool *ok = calloc(pp.n ? pp.n : 1, sizeof *ok);
    sv_match_result *r = calloc(1, sizeof *r);
    top.items = calloc(top.cap, sizeof *top.items);
    near.items = calloc(near.cap, sizeof *near.items);
    part.items = calloc(part.cap, sizeof *part.items);
    if (!masks || !ok || !r || !top.items || !near.items || !part.items) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto out;
    }
    if ((rc = fill(&top, pp.n, e)) || (rc = fill(&near, pp.n, e)) || (rc = fill(&part, pp.n, e)))
        goto out;
    r->n_styles = pp.n;
    r->scanned = t->n;

    for (size_t i = 0; i < t->n; i++) {
        if (!(t->categories[i] & pp.cats))
            continue;
        r->candidates++;
        int n_ok = 0;
        uint32_t kinds_mask = 0; /* constraints failed, besides categories it does not make */
        int64_t units_ok = 0;
        for (size_t s = 0; s < pp.n; s++) {
            masks[s] = style_misses(&pp, i, s);
            ok[s] = masks[s] == 0;
            if (ok[s]) {
                n_ok++;
                units_ok += pp.s[s].units;
            } else if (!(masks[s] & (1u << SV_MISS_CATEGORY))) {
                kinds_mask |= masks[s];
            }
        }
        /* what it can make as planned: the whole program, or part of it */
        int pref_bonus = preferred(&pp, t->country[i]) ? 1000 : 0;
        if (n_ok > 0 && order_check(t, i, units_ok) < 0 &&
            may_enter(n_ok == (int)pp.n ? &top : &part,
                      score_bound(&pp, i, n_ok) + pref_bonus)) {
            parts x = score(&pp, i, ok, n_ok);
            best *b = n_ok == (int)pp.n ? &top : &part;
            int rank = x.total + pref_bonus;
            sv_match *m = keep(b, rank, n_ok, t->id[i]);
            if (m) {
                m->factory_id = t->id[i];
                m->row = i;
                m->score = x.total;
                m->rank = rank;
                m->preferred_origin = rank >= 1000;
                m->n_styles = n_ok;
                m->miss = -1;
                memcpy(m->styles, ok, pp.n * sizeof *ok);
            }
            if (n_ok == (int)pp.n)
                continue;
        }
        /* a near miss: one kind of constraint stands between it and the styles whose
         * category it makes. Another construction is not a near miss: the garment would
         * change, not the order. */
        int kinds = popcount32(kinds_mask);
        if (kinds > 1 || (kinds_mask & (1u << SV_MISS_CONSTRUCTION)))
            continue;
        int the_miss = kinds == 1 ? __builtin_ctz(kinds_mask) : -1, miss_style = -1;
        int could = 0;
        int64_t units_could = 0;
        for (size_t s = 0; s < pp.n; s++) {
            ok[s] = masks[s] == 0 || (the_miss >= 0 && masks[s] == (1u << the_miss));
            if (ok[s]) {
                could++;
                units_could += pp.s[s].units;
            }
            if (masks[s] && ok[s] && miss_style < 0)
                miss_style = (int)s;
        }
        if (!could || !may_enter(&near, score_bound(&pp, i, could) + pref_bonus))
            continue;
        int order_miss = order_check(t, i, units_could);
        if (the_miss >= 0 && order_miss >= 0)
            continue; /* two changes, not one */
        if (the_miss < 0 && order_miss < 0)
            continue; /* nothing stands in the way: it was a match above */
        parts x = score(&pp, i, ok, could);
        /* the smaller the change, the nearer the miss: a few units short ranks above a
         * different tier, which ranks above doubling a style */
        int kind = the_miss >= 0 ? the_miss : order_miss;
        int gap = near_gap(&pp, i, kind, masks, units_could);
        int rank = x.total - gap + pref_bonus;
        sv_match *m = keep(&near, rank, could, t->id[i]);
        if (m) {
            m->factory_id = t->id[i];
            m->row = i;
            m->score = x.total;
            m->rank = rank;
            m->preferred_origin = rank >= 1000;
            m->n_styles = could;
            memcpy(m->styles, ok, pp.n * sizeof *ok);
            describe_change(&pp, m, kind, the_miss >= 0 ? miss_style : -1, units_could);
        }
    }

    /* explanations, only for what is reported */
    for (size_t k = 0; k < top.n; k++) {
        parts x = score(&pp, top.items[k].row, top.items[k].styles, top.items[k].n_styles);
        explain(&pp, &top.items[k], &x);
    }
    for (size_t k = 0; k < near.n; k++) {
        parts x = score(&pp, near.items[k].row, near.items[k].styles, near.items[k].n_styles);
        explain(&pp, &near.items[k], &x);
    }
    for (size_t k = 0; k < part.n; k++) {
        parts x = score(&pp, part.items[k].row, part.items[k].styles, part.items[k].n_styles);
        explain(&pp, &part.items[k], &x);
    }

    /* no single factory: cover the styles greedily, most styles first, then score */
    r->uncovered = calloc(pp.n ? pp.n : 1, sizeof(bool));
    if (!r->uncovered) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (top.n == 0 && part.n > 0) {
        bool *covered = calloc(pp.n ? pp.n : 1, sizeof(bool));
        r->groups = calloc(pp.n ? pp.n : 1, sizeof *r->groups);
        if (!covered || !r->groups) {
            free(covered);
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            goto out;
        }
        for (;;) {
            int best_gain = 0;
            size_t pick = 0;
            for (size_t k = 0; k < part.n; k++) {
                int gain = 0;
                for (size_t s = 0; s < pp.n; s++)
                    gain += part.items[k].styles[s] && !covered[s];
                if (gain > best_gain) {
                    best_gain = gain;
                    pick = k;
                }
            }
            if (!best_gain)
                break;
            sv_match_group *g = &r->groups[r->n_groups++];
            g->factory_id = part.items[pick].factory_id;
            g->row = part.items[pick].row;
            g->score = part.items[pick].score;
            g->styles = calloc(pp.n, sizeof(bool));
            if (!g->styles) {
                free(covered);
                rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
                goto out;
            }
            for (size_t s = 0; s < pp.n; s++)
                if (part.items[pick].styles[s] && !covered[s]) {
                    g->styles[s] = covered[s] = true;
                    g->n_styles++;
                }
        }
        for (size_t s = 0; s < pp.n; s++)
            if (!covered[s]) {
                r->uncovered[s] = true;
                r->n_uncovered++;
            }
        free(covered);
    } else if (top.n == 0) {
        for (size_t s = 0; s < pp.n; s++) {
            r->uncovered[s] = true;
            r->n_uncovered++;
        }
    }

    /* hand the lists over */
    r->top = top.items;
    r->n_top = top.n;
    r->near = near.items;
    r->n_near = near.n;
    r->partial = part.items;
    r->n_partial = top.n ? 0 : (part.n < top.cap ? part.n : top.cap);
    /* free the style arrays of slots not handed over */
    for (size_t k = top.n; k < top.cap; k++)
        free(top.items[k].styles);
    for (size_t k = near.n; k < near.cap; k++)
        free(near.items[k].styles);
    for (size_t k = r->n_partial; k < part.cap; k++) {
        free(part.items[k].styles);
        part.items[k].styles = NULL;
    }
    top.items = near.items = part.items = NULL;
    *out = r;
    r = NULL;
out:
    free_best(&top);
    free_best(&near);
    free_best(&part);
    free(masks);
    free(ok);
    free(pp.s);
    sv_match_result_free(r);
    return rc;
}

void sv_match_result_free(sv_match_result *r)
{
    if (!r)
        return;
    for (size_t k = 0; k < r->n_top; k++)
        free(r->top[k].styles);
    for (size_t k = 0; k < r->n_near; k++)
        free(r->near[k].styles);
    for (size_t k = 0; k < r->n_partial; k++)
        free(r->partial[k].styles);
    for (size_t k = 0; k < r->n_groups; k++)
        free(r->groups[k].styles);
    free(r->top);
    free(r->near);
    free(r->partial);
    free(r->groups);
    free(r->uncovered);
    free(r);
}
