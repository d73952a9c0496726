/* The matcher. One pass over the compact factory table: a category screen, the hard
 * constraints per style, a score for those that pass, the near misses that fail exactly one
 * constraint. Explanations are written only for the factories that are reported, so the
 * pass itself does no string work.
 *
 * The constraints are checked for all styles at once, as sets of styles (bits in 64-bit
 * words): the program is turned once into tables (the styles of each category, the styles a
 * factory with given construction or tier bits can do, the styles under each distinct
 * quantity), and a factory's row then costs a few table look-ups and ANDs, not a branchy
 * check per style. The rows can be split over threads, each with its own lists, merged at the
 * end; the lists' order is total, so the result does not depend on the split. The model:
 * docs/internals/match.md. */
#include "selvedge/match.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/costing.h"
#include "selvedge/factory.h"
#include "selvedge/plan.h"

enum { KEEP_PARTIAL = 256 };

/* Score weights; they add up to 100. */
enum { W_PRICE = 25, W_LEAD = 20, W_SPECIAL = 20, W_SAMPLE = 10, W_PAYMENT = 10, W_TRANSIT = 15 };

typedef struct best best;
typedef uint64_t word; /* a set of styles, 64 a word */

/* A factory's categories are looked up in two halves of CAT_HALF bits. */
enum { CAT_HALF = (SV_CAT__COUNT + 1) / 2 };
#define CAT_LOW_MASK ((1u << CAT_HALF) - 1)

typedef struct style_need {
    uint32_t cat, constr, tier;  /* bits; 0 when the style does not say */
    int category;
    int64_t units;
    int64_t min_color;           /* the smallest colour's units */
    int smallest, biggest;       /* colour indices */
    int32_t target_usd;          /* cents, -1 unknown */
    int32_t samples;             /* its development samples: proto, fit rounds, PP, size set */
    sv_minor target_landed;      /* the target FOB landed from the reference origin (brand
                                    currency), -1 unknown */
} style_need;

typedef struct prep {
    const sv_program *p;
    const sv_refdata *rd;
    const sv_factory_table *t;
    size_t n;                    /* styles */
    style_need *s;
    uint32_t cats;               /* all categories of the program */
    uint32_t certs;              /* required, each: the groups of one certification */
    bool cert_choices;           /* a group is a choice of several (program.h): certs_met */
    int64_t days_available;      /* to the launch; -1 unknown */
    int64_t budget_usd;          /* sampling budget in USD cents; -1 unknown */
    int64_t deposit_bp;          /* the brand's; -1 unknown */
    char (*origins)[3];          /* the program's preferred origins */
    size_t n_origins;
    /* sea days from each origin country to the destination, looked up once per country:
     * the freight table is searched by string, far too slow to do per factory */
    int16_t transit[26 * 26];
    sv_date today;
    struct tna_cache *tna;       /* the T&A and costing per origin country, shared by the
                                    threads */
    sv_cost_report *ref;         /* the program costed from its reference origin (its first
                                    preferred origin, else selvedge cost's default), or NULL */
    /* the constraints as sets of styles, W words a set (read-only, shared by the threads) */
    size_t W;
    word *cat_set;               /* [SV_CAT__COUNT][W]: the styles of each category */
    word *cat_lo, *cat_hi;       /* [1 << CAT_HALF][W]: the styles of the categories in the low
                                    and high CAT_HALF bits of a factory's categories */
    word *all;                   /* [W]: every style */
    word *constr_ok;             /* [1 << SV_CONSTR__COUNT][W]: the styles a factory with these
                                    construction bits can do; [0] all (it says nothing) */
    word *tier_ok;               /* [1 << SV_TIER__COUNT][W]: the same for tiers */
    int64_t *unit_v, *color_v;   /* distinct style units and smallest-colour units, ascending */
    size_t n_unit_v, n_color_v;
    /* the same as int32 (clamped: a minimum is an int32), padded with INT32_MAX to a multiple
     * of 8, so counting the values under a minimum is a branch-free, vectorised loop */
    int32_t *unit_v32, *color_v32;
    size_t n_unit_pad, n_color_pad;
    uint8_t pref[26 * 26];       /* preferred origins, by country code */
    word *unit_under;            /* [n_unit_v + 1][W]: [j] the styles under unit_v[j] */
    word *color_under;           /* [n_color_v + 1][W]: the same for the smallest colour */
    word *sets;                  /* the one allocation behind the tables */
    /* styles with their own origin or factory (sv_style.origin, sv_match_options
     * .style_factory): pinned, made only there; each group is a country or a factory id
     * with the set of its styles */
    bool pinned;
    word *pin_any;               /* [W]: every pinned style */
    size_t n_pin;
    char (*pin_country)[2];      /* [n_pin]: a group's country, or "\0\0" */
    int64_t *pin_id;             /* [n_pin]: a group's factory id, or 0 */
    word *pin_sets;              /* [n_pin][W] */
    int *pin_count;              /* [n_pin]: the styles of each group */
    int n_free;                  /* styles pinned nowhere */
    /* OEKO-TEX 100 met by material: the styles cut from a program fabric certified to it */
    bool has_mat;
    word *mat_ok;                /* [W] */
} prep;


const char *sv_miss_code(sv_miss m)
{
    static const char *const n[] = {"category",       "construction", "tier",
                                    "moq.per_style",  "moq.per_color", "moq.per_order",
                                    "capacity",       "certification", "new_brands"};
    return (int)m >= 0 && m < SV_MISS__COUNT ? n[m] : "?";
}

/* Whether a factory holding these certifications meets every group the program requires. */
static bool certs_met(const prep *pp, uint32_t held)
{
    if ((held & pp->certs) != pp->certs)
        return false;
    const sv_program *p = pp->p;
    for (size_t k = 0; pp->cert_choices && k < p->n_cert_groups; k++)
        if (!p->cert_groups[k].unknown && !sv_cert_group_met(&p->cert_groups[k], held))
            return false;
    return true;
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

/* The order a factory would get (these units): its minimum, then its capacity; -1 when
 * both are met. */
static int order_check(const sv_factory_table *t, size_t i, int64_t units);

int64_t sv_match_capacity(int64_t monthly_capacity, int64_t production_days)
{
    if (monthly_capacity < 0)
        return INT64_MAX;
    int64_t months_x10 = production_days > 0 ? production_days / 3 : 15; /* days * 10 / 30 */
    if (months_x10 < 10)
        months_x10 = 10;
    int64_t units;
    if (__builtin_mul_overflow(monthly_capacity, months_x10, &units))
        return INT64_MAX;
    return units / 10;
}

/* Units a factory can take on in its production window (a month at least). */
static int64_t capacity_limit(const sv_factory_table *t, size_t i)
{
    return sv_match_capacity(t->monthly_capacity[i], t->production_days[i]);
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

/* ---- the T&A calendar per origin country ----
 *
 * The lead time is judged on the time-and-action calendar (lib/engine/plan.c) of the program
 * made in the factory's country: the days it leaves before the launch with that country's
 * typical stage times, moved by the difference between the factory's own lead days and the
 * spans of the plan they stand for. A factory's sampling days are its development sample's
 * turnaround (the plan's proto, its review and the first fit sample); its production days,
 * bulk fabric and sewing (the plan's bulk fabric, its shipment from a mill abroad and
 * production), as factories quote them (DOMAIN.md: development 30-60 d and bulk 30-60 d
 * against Brosan's stages):
 * sv_match_calendar_for. One plan per country met (about 0.2 ms for a 12-style program), kept
 * for the match and shared by its threads, each country planned by the first thread to meet
 * it. */

typedef struct tna {
    int state;                   /* 0 not yet, 2 being worked out, 1 done (atomic) */
    bool ok;                     /* a calendar: a launch date and a plan for the country */
    sv_match_calendar cal;
    sv_cost_report *cost;        /* the program costed from the country (sv_cost_run, sea),
                                    for the landed price; NULL when it cannot be */
    sv_minor *lin;               /* [styles][2]: a style's landed cost from the country at a
                                    FOB of 0 and of LIN_USD (in the brand's currency), -1 when
                                    it cannot be landed from there: sv_cost_landed_at is
                                    linear in the FOB, so a band is landed in two products */
} tna;

enum { LIN_USD = 10000000 }; /* 100,000.00 USD in cents */

typedef struct tna_cache {
    tna c[26 * 26];
} tna_cache;

/* The days of a style's milestones of these kinds (the first fit sample only). */
static int plan_span(const sv_plan *plan, const char *style, const char *const *kinds)
{
    int sum = 0;
    for (size_t k = 0; k < plan->n; k++) {
        const sv_milestone *m = &plan->ms[k];
        if (!m->style || strcmp(m->style, style) != 0)
            continue;
        for (const char *const *kd = kinds; *kd; kd++)
            if (strcmp(m->kind, *kd) == 0 && (strcmp(*kd, "fit_sample") != 0 || m->seq == 1))
                sum += m->duration;
    }
    return sum;
}

bool sv_match_calendar_for(const sv_program *p, const sv_refdata *rd, sv_date today,
                           const char *country, sv_match_calendar *out)
{
    static const char *const dev[] = {"proto", "proto_review", "fit_sample", NULL};
    static const char *const bulk[] = {"fabric_dyeing", "fabric_stock", "fabric_shipment",
                                       "production", NULL};
    memset(out, 0, sizeof *out);
    sv_plan_options po = {.today = today, .mode = SV_MODE_SEA, .no_ways_out = true};
    snprintf(po.origin, sizeof po.origin, "%.2s", country);
    sv_plan *plan = NULL;
    sv_err e;
    sv_err_clear(&e);
    bool ok = sv_plan_build(p, rd, &po, &plan, &e) == SV_OK && plan->has_launch &&
              !plan->origin_assumed;
    if (ok) {
        out->ready = plan->ready;
        out->slack = plan->slack;
        for (size_t k = 0; k < p->n_styles; k++) {
            int d = plan_span(plan, p->styles[k].code, dev);
            int u = plan_span(plan, p->styles[k].code, bulk);
            if (d > out->development)
                out->development = d;
            if (u > out->bulk)
                out->bulk = u;
        }
    }
    sv_plan_free(plan);
    return ok;
}

/* The program costed from a country by sea, as `selvedge cost --origin CC` costs it, or
 * NULL when the reference data cannot (no such origin on file). */
static sv_cost_report *cost_from(const prep *pp, const char *country)
{
    sv_cost_options co = {.mode = SV_MODE_SEA, .today = pp->p->has_launch_date
                                                           ? pp->p->launch_date
                                                           : pp->today};
    if (country)
        snprintf(co.origin, sizeof co.origin, "%.2s", country);
    if (country && !sv_refdata_origin(pp->rd, co.origin))
        return NULL;
    sv_cost_report *r = NULL;
    sv_err e;
    sv_err_clear(&e);
    if (sv_cost_run(pp->p, pp->rd, &co, &r, &e) != SV_OK) {
        sv_cost_report_free(r);
        return NULL;
    }
    return r;
}

static const tna *tna_for(const prep *pp, const char *country2)
{
    static const tna none = {.state = 1};
    unsigned a = (unsigned)(country2[0] - 'A'), b = (unsigned)(country2[1] - 'A');
    if (a >= 26 || b >= 26 || !pp->tna)
        return &none;
    tna *t = &pp->tna->c[a * 26 + b];
    /* the first thread to meet a country works its plan out; another meeting it meanwhile
     * waits, and threads meeting different countries plan them at the same time */
    int st = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE), zero = 0;
    if (st == 1)
        return t;
    if (st == 0 &&
        __atomic_compare_exchange_n(&t->state, &zero, 2, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
        char c[3] = {country2[0], country2[1], '\0'};
        t->ok = sv_match_calendar_for(pp->p, pp->rd, pp->today, c, &t->cal);
        t->cost = cost_from(pp, c);
        sv_minor top;
        if (t->cost && (t->lin = malloc(2 * (pp->n ? pp->n : 1) * sizeof *t->lin)))
            for (size_t s = 0; s < pp->n; s++) {
                const sv_style_cost *sc = s < t->cost->n_styles ? &t->cost->styles[s] : NULL;
                bool here = sc && sc->ok && strncmp(sc->origin, c, 2) == 0 &&
                            sv_refdata_from_usd(pp->rd, LIN_USD, pp->p->brand.currency, &top);
                t->lin[2 * s] = here ? sv_cost_landed_at(t->cost, sc, pp->rd, 0) : -1;
                t->lin[2 * s + 1] = here ? sv_cost_landed_at(t->cost, sc, pp->rd, top) : -1;
            }
        __atomic_store_n(&t->state, 1, __ATOMIC_RELEASE);
        return t;
    }
    while (__atomic_load_n(&t->state, __ATOMIC_ACQUIRE) != 1)
        sched_yield();
    return t;
}

int64_t sv_match_lead_slack(const sv_match_calendar *cal, int64_t sampling_days,
                            int64_t production_days, int64_t *ready)
{
    int64_t slack = cal->slack;
    if (sampling_days >= 0)
        slack -= sampling_days - cal->development;
    if (production_days >= 0)
        slack -= production_days - cal->bulk;
    if (ready)
        *ready = cal->ready + cal->slack - slack;
    return slack;
}

/* The factory's days before the launch on that calendar (negative when late). */
static int64_t tna_slack(const prep *pp, const tna *t, size_t i)
{
    return sv_match_lead_slack(&t->cal, pp->t->sampling_days[i], pp->t->production_days[i],
                               NULL);
}

/* Score components in thousandths of their weight; text only when asked. */
typedef struct parts {
    int price, lead, special, sample, payment, transit; /* 0..1000 */
    int total;                                          /* 0..100 */
} parts;

/* Bit counts without -mpopcnt, where __builtin_popcount is a call into libgcc. */
static inline int popcount64(uint64_t v)
{
    v = v - ((v >> 1) & 0x5555555555555555u);
    v = (v & 0x3333333333333333u) + ((v >> 2) & 0x3333333333333333u);
    v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fu;
    return (int)((v * 0x0101010101010101u) >> 56);
}

static inline int popcount32(uint32_t v)
{
    return popcount64(v);
}

/* The styles open to factory i: those pinned nowhere and those pinned to its country or to
 * it (the groups are disjoint). */
static int open_count(const prep *pp, size_t i)
{
    if (!pp->pinned)
        return (int)pp->n;
    int n = pp->n_free;
    for (size_t g = 0; g < pp->n_pin; g++)
        if (pp->pin_id[g] ? pp->pin_id[g] == pp->t->id[i]
                          : memcmp(pp->pin_country[g], pp->t->country[i], 2) == 0)
            n += pp->pin_count[g];
    return n;
}

/* Specialization, in thousandths: how much of the program open to it (the styles not made
 * elsewhere), and how focused the factory is. */
static int special(const prep *pp, size_t i, int n_ok)
{
    int focus = popcount32(pp->t->categories[i]);
    int focus_v = focus <= 3 ? 1000 : focus <= 6 ? 600 : 300;
    int open = open_count(pp, i);
    return (int)((int64_t)n_ok * 600 / (int64_t)(open ? open : 1)) + focus_v * 4 / 10;
}

/* Whether a factory with this best possible rank can still enter the list. */
static bool may_enter(const best *b, int rank_bound);

/* A part's points: its thousandths of the weight, rounded to the nearest point. */
static int points(int thousandths, int weight)
{
    return (thousandths * weight + 500) / 1000;
}

/* A style's figures for the price part: its target against the factory's band, both landed
 * at the destination when the costing serves them (the target from the reference origin, the
 * band from the factory's country), else both FOB (USD). false when either is unknown. */
typedef struct price_view {
    bool landed;
    sv_minor lo, hi, target;     /* landed: brand currency; else USD cents */
    int32_t lo_usd, hi_usd;      /* the band as quoted */
    const sv_cost_report *cr;    /* the program costed from the factory's country (landed) */
    const sv_style_cost *sc;     /* the style in it */
} price_view;

static bool price_of(const prep *pp, size_t i, size_t s, price_view *v)
{
    int32_t hi;
    const int32_t *lo = band_of(pp->t, i, pp->s[s].category, &hi);
    if (!lo || pp->s[s].target_usd < 0)
        return false;
    memset(v, 0, sizeof *v);
    v->lo = v->lo_usd = *lo;
    v->hi = v->hi_usd = hi;
    v->target = pp->s[s].target_usd;
    const char *cc = pp->t->country[i];
    const sv_style *st = &pp->p->styles[s];
    if (pp->s[s].target_landed < 0 || (st->origin[0] && strncmp(st->origin, cc, 2) != 0))
        return true;
    const tna *ta = tna_for(pp, cc);
    if (!ta->lin || ta->lin[2 * s] < 0)
        return true;
    sv_minor l0 = ta->lin[2 * s], slope = ta->lin[2 * s + 1] - l0;
    v->landed = true;
    v->cr = ta->cost;
    v->sc = &ta->cost->styles[s];
    v->lo = l0 + sv_muldiv(slope, *lo, LIN_USD);
    v->hi = l0 + sv_muldiv(slope, hi, LIN_USD);
    v->target = pp->s[s].target_landed;
    return true;
}

/* A style's price part, in thousandths: at or above the top of the band, full; inside, half
 * to full along it; under it, none; unknown, half. */
static int price_value(const price_view *v, bool known)
{
    if (!known)
        return 500;
    if (v->target >= v->hi)
        return 1000;
    if (v->target < v->lo)
        return 0;
    sv_minor span = v->hi - v->lo > 0 ? v->hi - v->lo : 1;
    return 500 + (int)((v->target - v->lo) * 500 / span);
}

/* The price part: the brand's target against the factory's band for each style it makes,
 * landed at the destination. */
static int score_price(const prep *pp, size_t i, const bool *ok)
{
    int64_t sum = 0, cnt = 0;
    for (size_t s = 0; s < pp->n; s++) {
        if (!ok[s])
            continue;
        price_view v;
        sum += price_value(&v, price_of(pp, i, s, &v));
        cnt++;
    }
    return cnt ? (int)(sum / cnt) : 500;
}

/* The development samples of a set of styles (the styles a factory would make). */
static int64_t set_samples(const prep *pp, const bool *ok)
{
    int64_t n = 0;
    for (size_t s = 0; s < pp->n; s++)
        if (ok[s])
            n += pp->s[s].samples;
    return n;
}

/* Every part but the price, and the points they add up to: with the price counted as full,
 * the most the factory can score, which lets the pass skip pricing factories that cannot
 * enter a full list. samples: those of the styles it would make (set_samples). */
static int score_rest(const prep *pp, size_t i, int n_ok, int64_t samples, parts *xp)
{
    const sv_factory_table *t = pp->t;
    parts x = *xp;
    /* lead time: the T&A calendar from its country, with its own lead days */
    int tr = transit_for(pp, t->country[i]);
    const tna *ta = pp->days_available < 0 ? NULL : tna_for(pp, t->country[i]);
    if (!ta || !ta->ok) {
        x.lead = 500;
    } else {
        int64_t slack = tna_slack(pp, ta, i);
        x.lead = slack >= 0 ? 1000 : -slack >= 60 ? 0 : (int)(1000 + slack * 1000 / 60);
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
        int64_t cost = (int64_t)t->sample_fee[i] * samples;
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

    *xp = x;
    return points(x.lead, W_LEAD) + points(x.special, W_SPECIAL) + points(x.sample, W_SAMPLE) +
           points(x.payment, W_PAYMENT) + points(x.transit, W_TRANSIT);
}

static parts score(const prep *pp, size_t i, const bool *ok, int n_ok)
{
    parts x = {0};
    int rest = score_rest(pp, i, n_ok, set_samples(pp, ok), &x);
    x.price = score_price(pp, i, ok);
    /* the total is the sum of the points shown, so the reasons add up to the score */
    x.total = rest + points(x.price, W_PRICE);
    return x;
}

static void money_usd(int64_t cents, char *buf, size_t n)
{
    char d[32];
    snprintf(buf, n, "%s USD", sv_decimal_format(cents, 2, true, d, sizeof d));
}

/* An amount in the brand's currency, without its code. */
static const char *money_in(const prep *pp, sv_minor v, char *buf, size_t n)
{
    return sv_decimal_format(v, pp->p->brand.currency->exponent, true, buf, n);
}

/* A rate in basis points as a percentage: "12", "7.5". */
static const char *pct(int64_t bp, char *buf, size_t n)
{
    char d[32];
    if (bp % 100 == 0)
        snprintf(buf, n, "%lld", (long long)(bp / 100));
    else if (bp % 10 == 0)
        snprintf(buf, n, "%s", sv_decimal_format(bp / 10, 1, false, d, sizeof d));
    else
        snprintf(buf, n, "%s", sv_decimal_format(bp, 2, false, d, sizeof d));
    return buf;
}

/* The landed figures of one style, for the price reason: "LEG: its band 13.50-19.50 FOB lands
 * at 16.60-23.40 from IN (+3.10 with duty 12%, freight and fees); your 18.50 target lands
 * at 20.10 from BD (USD)". */
static void landed_text(const prep *pp, size_t i, size_t s, const price_view *v, char *buf,
                        size_t n)
{
    char a[32], b[32], c[32], d[32], add[32], tg[32], tl[32], rate[16];
    sv_minor lo_fob = 0, hi_fob = 0;
    sv_refdata_from_usd(pp->rd, v->lo_usd, pp->p->brand.currency, &lo_fob);
    sv_refdata_from_usd(pp->rd, v->hi_usd, pp->p->brand.currency, &hi_fob);
    /* the figures said are worked exactly (the score's, on the linear form, may differ by a
     * cent's rounding) */
    sv_minor lo = sv_cost_landed_at(v->cr, v->sc, pp->rd, lo_fob),
             hi = sv_cost_landed_at(v->cr, v->sc, pp->rd, hi_fob);
    int64_t duty_bp = v->sc->duty_bp;
    for (int k = 0; k < SV_MAX_EXTRA; k++)
        duty_bp += v->sc->extra_bp[k];
    sv_minor target_fob = pp->p->styles[s].target_fob;
    const char *from = pp->ref->styles[s].origin;
    snprintf(buf, n,
             "%s: its band %s-%s FOB lands at %s-%s from %c%c (+%s with duty %s%%, freight and "
             "fees); your %s target lands at %s from %s (%s)",
             pp->p->styles[s].code, money_in(pp, lo_fob, a, sizeof a),
             money_in(pp, hi_fob, b, sizeof b), money_in(pp, lo, c, sizeof c),
             money_in(pp, hi, d, sizeof d), pp->t->country[i][0], pp->t->country[i][1],
             money_in(pp, lo - lo_fob, add, sizeof add), pct(duty_bp, rate, sizeof rate),
             money_in(pp, target_fob, tg, sizeof tg), money_in(pp, v->target, tl, sizeof tl),
             from, pp->p->brand.currency->code);
}

/* The reasons behind a score, written for the factories that are reported. */
static void explain(const prep *pp, sv_match *m, const parts *x)
{
    const sv_factory_table *t = pp->t;
    size_t i = m->row;
    char a[40], b[40];
    sv_reason *r = m->reasons;

    /* price: the first style under the band, else the first priced, said with its landed
     * figures when it was judged landed */
    int below = 0, within = 0, above = 0, unknown = 0;
    int shown = -1;
    price_view sv = {0};
    for (size_t s = 0; s < pp->n; s++) {
        if (!m->styles[s])
            continue;
        price_view v;
        if (!price_of(pp, i, s, &v)) {
            unknown++;
            continue;
        }
        bool under = v.target < v.lo;
        if (v.target >= v.hi)
            above++;
        else if (under)
            below++;
        else
            within++;
        if (shown < 0 || (under && below == 1)) {
            shown = (int)s;
            sv = v;
        }
    }
    r[0] = (sv_reason){"price", points(x->price, W_PRICE), W_PRICE, ""};
    char head[100], detail[240] = "";
    if (below)
        snprintf(head, sizeof head, "%d style%s under its price band%s", below,
                 below == 1 ? "" : "s", sv.landed ? " landed" : "");
    else if (within + above)
        snprintf(head, sizeof head, "your targets are %s its price band%s%s",
                 above && !within ? "at or above" : "within", sv.landed ? " landed" : "",
                 unknown ? " where it quotes" : "");
    else
        snprintf(head, sizeof head, "no price band on file for these categories");
    if (shown >= 0 && sv.landed)
        landed_text(pp, i, (size_t)shown, &sv, detail, sizeof detail);
    else if (shown >= 0 && below) {
        money_usd(sv.target, a, sizeof a);
        money_usd(sv.lo, b, sizeof b);
        snprintf(detail, sizeof detail, "%s targets %s, it starts at %s",
                 pp->p->styles[shown].code, a, b);
    }
    snprintf(r[0].text, sizeof r[0].text, "%s%s%s", head,
             !*detail ? "" : sv.landed ? "; " : ": ", detail);

    /* lead time */
    int tr = transit_for(pp, t->country[i]);
    r[1] = (sv_reason){"lead_time", points(x->lead, W_LEAD), W_LEAD, ""};
    const tna *ta = pp->days_available < 0 ? NULL : tna_for(pp, t->country[i]);
    if (pp->days_available < 0)
        snprintf(r[1].text, sizeof r[1].text, "no launch date to judge lead time against");
    else if (!ta->ok && tr < 0)
        snprintf(r[1].text, sizeof r[1].text, "no freight lane on file to %s",
                 pp->p->destination);
    else if (!ta->ok)
        snprintf(r[1].text, sizeof r[1].text, "no T&A calendar for %c%c: lead times not on file",
                 t->country[i][0], t->country[i][1]);
    else {
        int64_t ready;
        int64_t slack = sv_match_lead_slack(&ta->cal, t->sampling_days[i], t->production_days[i],
                                            &ready);
        char day[16], own[80];
        sv_day_format(ready, day, sizeof day);
        if (t->sampling_days[i] >= 0 && t->production_days[i] >= 0)
            snprintf(own, sizeof own, "its sampling %d and production %d days (typical %d, %d)",
                     t->sampling_days[i], t->production_days[i], ta->cal.development,
                     ta->cal.bulk);
        else if (t->sampling_days[i] >= 0)
            snprintf(own, sizeof own, "its sampling %d days (typical %d)", t->sampling_days[i],
                     ta->cal.development);
        else if (t->production_days[i] >= 0)
            snprintf(own, sizeof own, "its production %d days (typical %d)",
                     t->production_days[i], ta->cal.bulk);
        else
            snprintf(own, sizeof own, "typical lead times (its own not on file)");
        snprintf(r[1].text, sizeof r[1].text,
                 "T&A from %c%c with %s: in the warehouse %s, %lld days %s your launch",
                 t->country[i][0], t->country[i][1], own, day,
                 (long long)(slack < 0 ? -slack : slack), slack < 0 ? "after" : "before");
    }

    /* specialization */
    r[2] = (sv_reason){"specialization", points(x->special, W_SPECIAL), W_SPECIAL, ""};
    int open = open_count(pp, i);
    if ((size_t)open < pp->n)
        snprintf(r[2].text, sizeof r[2].text,
                 "makes %d of the %d style%s not made elsewhere (of your %zu); %d categor%s in "
                 "all",
                 m->n_styles, open, open == 1 ? "" : "s", pp->n, popcount32(t->categories[i]),
                 popcount32(t->categories[i]) == 1 ? "y" : "ies");
    else
        snprintf(r[2].text, sizeof r[2].text, "makes %d of your %zu styles; %d categor%s in all",
                 m->n_styles, pp->n, popcount32(t->categories[i]),
                 popcount32(t->categories[i]) == 1 ? "y" : "ies");

    /* samples */
    r[3] = (sv_reason){"sample_fee", points(x->sample, W_SAMPLE), W_SAMPLE, ""};
    if (t->sample_fee[i] < 0)
        snprintf(r[3].text, sizeof r[3].text, "its sample fee is not on file");
    else {
        int64_t samples = set_samples(pp, m->styles);
        money_usd((int64_t)t->sample_fee[i] * samples, a, sizeof a);
        if (pp->budget_usd > 0) {
            money_usd(pp->budget_usd, b, sizeof b);
            snprintf(r[3].text, sizeof r[3].text, "%lld samples at its fee: %s, budget %s",
                     (long long)samples, a, b);
        } else {
            snprintf(r[3].text, sizeof r[3].text, "%lld samples at its fee: %s, no budget set",
                     (long long)samples, a);
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
    else {
        /* the lane's own mode: a lane on file by road only (TR to GB) is trucked */
        char c[3] = {t->country[i][0], t->country[i][1], '\0'};
        const sv_freight_rate *fr = sv_refdata_freight(pp->rd, c, pp->p->destination, SV_MODE_SEA);
        snprintf(r[5].text, sizeof r[5].text, "%c%c to %s: about %d days by %s",
                 t->country[i][0], t->country[i][1], pp->p->destination, tr,
                 fr && fr->mode == SV_MODE_ROAD ? "road" : "sea");
    }
}

/* How far a near miss is, 0..100: the shortfall as a share of the minimum for quantities,
 * a fixed distance for what the brand cannot simply add units to. */
static int near_gap(const prep *pp, size_t i, int kind, const bool *could, int64_t units)
{
    const sv_factory_table *t = pp->t;
    int64_t worst = 0;
    switch ((sv_miss)kind) {
    case SV_MISS_MOQ_STYLE:
    case SV_MISS_MOQ_COLOR:
        for (size_t s = 0; s < pp->n; s++) {
            int64_t need = kind == SV_MISS_MOQ_STYLE ? t->moq_style[i] : t->moq_color[i];
            int64_t have = kind == SV_MISS_MOQ_STYLE ? pp->s[s].units : pp->s[s].min_color;
            if (!could[s] || need < 0 || have >= need)
                continue;
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
        const sv_program *p = pp->p;
        for (size_t k = 0; k < p->n_cert_groups; k++)
            if (!p->cert_groups[k].unknown &&
                !sv_cert_group_met(&p->cert_groups[k], t->certifications[i])) {
                size_t len = strlen(lack);
                snprintf(lack + len, sizeof lack - len, "%s%s", len ? ", " : "",
                         p->cert_groups[k].text);
            }
        /* OEKO-TEX 100 alone lacking, with certified fabric for some styles: the others */
        char uncut[120] = "";
        if (pp->has_mat && certs_met(pp, t->certifications[i] | 1u << SV_CERT_OEKO_TEX_100))
            for (size_t s = 0; s < pp->n; s++)
                if (m->styles[s] && !((pp->mat_ok[s / 64] >> (s % 64)) & 1)) {
                    size_t l = strlen(uncut);
                    snprintf(uncut + l, sizeof uncut - l, "%s%s", l ? ", " : "",
                             p->styles[s].code);
                }
        if (uncut[0])
            snprintf(m->change, sizeof m->change,
                     "lacks %s: cut %s from certified fabric as the other styles are, ask "
                     "whether it is certifying, or drop the requirement",
                     lack, uncut);
        else
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

/* A factory kept in a list while scanning: small, so that keeping the list in order moves
 * a few bytes; the sv_match with its texts is made only for what is reported. */
typedef struct kept {
    int64_t id;
    int rank, score, n_styles;
    int kind;                    /* sv_miss of a near miss, -1 for a match */
    bool pref;                   /* in a preferred origin of the program */
    int miss_style;
    size_t row;
    int64_t units;               /* the units it would make (for the change text) */
    word *set;                   /* the styles, W words */
} kept;

struct best {
    kept *items;
    size_t n, cap;
    word *sets;                  /* the items' sets, W words each */
};

static bool may_enter(const best *b, int rank_bound)
{
    /* equal ranks can still enter on the tie-breaks, so only a lower bound is out */
    return b->n < b->cap || rank_bound >= b->items[b->cap - 1].rank;
}

/* Insert keeping the list sorted by rank (preferred origin first, then score), then more
 * styles, then lower id; returns the slot, or NULL when it does not make the cut. */
static kept *keep(best *b, int rank, int n_styles, int64_t id)
{
    size_t at = b->n;
    while (at > 0) {
        const kept *o = &b->items[at - 1];
        if (o->rank > rank || (o->rank == rank && o->n_styles > n_styles) ||
            (o->rank == rank && o->n_styles == n_styles && o->id < id))
            break;
        at--;
    }
    if (at >= b->cap)
        return NULL;
    /* the slot that falls off the end (or the first unused one) lends its set */
    word *spare = b->n == b->cap ? b->items[b->n - 1].set : b->items[b->n].set;
    size_t last = b->n == b->cap ? b->cap - 1 : b->n;
    memmove(&b->items[at + 1], &b->items[at], (last - at) * sizeof *b->items);
    if (b->n < b->cap)
        b->n++;
    b->items[at] = (kept){.id = id, .rank = rank, .n_styles = n_styles, .set = spare};
    return &b->items[at];
}

/* The distinct values of v, ascending, into out (n is a program's style count: small). */
static size_t distinct_sorted(const int64_t *v, size_t n, int64_t *out)
{
    size_t k = 0;
    for (size_t s = 0; s < n; s++) {
        size_t at = 0;
        while (at < k && out[at] < v[s])
            at++;
        if (at < k && out[at] == v[s])
            continue;
        memmove(&out[at + 1], &out[at], (k - at) * sizeof *out);
        out[at] = v[s];
        k++;
    }
    return k;
}

/* The program's constraints as tables of style sets (see the top of this file). */
static bool build_sets(prep *pp, sv_err *e)
{
    size_t n = pp->n, W = n ? (n + 63) / 64 : 1;
    enum { NC = 1u << SV_CONSTR__COUNT, NT = 1u << SV_TIER__COUNT };
    pp->W = W;
    int64_t *units = calloc(2 * (n ? n : 1), sizeof *units);
    pp->unit_v = calloc(n ? n : 1, sizeof *pp->unit_v);
    pp->color_v = calloc(n ? n : 1, sizeof *pp->color_v);
    if (!units || !pp->unit_v || !pp->color_v) {
        free(units);
        sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return false;
    }
    int64_t *colors = units + (n ? n : 1);
    for (size_t s = 0; s < n; s++) {
        units[s] = pp->s[s].units;
        colors[s] = pp->s[s].min_color;
    }
    pp->n_unit_v = distinct_sorted(units, n, pp->unit_v);
    pp->n_color_v = distinct_sorted(colors, n, pp->color_v);
    pp->n_unit_pad = (pp->n_unit_v + 7) / 8 * 8;
    pp->n_color_pad = (pp->n_color_v + 7) / 8 * 8;
    pp->unit_v32 = malloc((pp->n_unit_pad ? pp->n_unit_pad : 1) * sizeof *pp->unit_v32);
    pp->color_v32 = malloc((pp->n_color_pad ? pp->n_color_pad : 1) * sizeof *pp->color_v32);
    if (!pp->unit_v32 || !pp->color_v32) {
        free(units);
        sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return false;
    }
    for (size_t k = 0; k < pp->n_unit_pad; k++)
        pp->unit_v32[k] = k < pp->n_unit_v && pp->unit_v[k] < INT32_MAX ? (int32_t)pp->unit_v[k]
                                                                           : INT32_MAX;
    for (size_t k = 0; k < pp->n_color_pad; k++)
        pp->color_v32[k] = k < pp->n_color_v && pp->color_v[k] < INT32_MAX
                               ? (int32_t)pp->color_v[k]
                               : INT32_MAX;
    for (size_t k = 0; k < pp->n_origins; k++) {
        unsigned a = (unsigned)(pp->origins[k][0] - 'A'), b = (unsigned)(pp->origins[k][1] - 'A');
        if (a < 26 && b < 26)
            pp->pref[a * 26 + b] = 1;
    }
    free(units);
    size_t words =
        W * (SV_CAT__COUNT + 2 * (1u << CAT_HALF) + 1 + NC + NT + pp->n_unit_v + 1 + pp->n_color_v + 1);
    if (!(pp->sets = calloc(words, sizeof *pp->sets))) {
        sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return false;
    }
    pp->cat_set = pp->sets;
    pp->cat_lo = pp->cat_set + W * SV_CAT__COUNT;
    pp->cat_hi = pp->cat_lo + W * (1u << CAT_HALF);
    pp->all = pp->cat_hi + W * (1u << CAT_HALF);
    pp->constr_ok = pp->all + W;
    pp->tier_ok = pp->constr_ok + W * NC;
    pp->unit_under = pp->tier_ok + W * NT;
    pp->color_under = pp->unit_under + W * (pp->n_unit_v + 1);
    for (size_t s = 0; s < n; s++) {
        const style_need *sn = &pp->s[s];
        size_t w = s / 64;
        word bit = (word)1 << (s % 64);
        pp->all[w] |= bit;
        if (sn->category >= 0)
            pp->cat_set[(size_t)sn->category * W + w] |= bit;
        for (unsigned m = 0; m < NC; m++)
            if (m == 0 || !sn->constr || (sn->constr & m))
                pp->constr_ok[m * W + w] |= bit;
        for (unsigned m = 0; m < NT; m++)
            if (m == 0 || !sn->tier || (sn->tier & m))
                pp->tier_ok[m * W + w] |= bit;
        /* [j]: the styles under the j-th distinct value; the last, all of them */
        for (size_t j = 0; j <= pp->n_unit_v; j++)
            if (j == pp->n_unit_v || sn->units < pp->unit_v[j])
                pp->unit_under[j * W + w] |= bit;
        for (size_t j = 0; j <= pp->n_color_v; j++)
            if (j == pp->n_color_v || sn->min_color < pp->color_v[j])
                pp->color_under[j * W + w] |= bit;
    }
    /* the styles of any set of categories, in two look-ups of half the bits each */
    for (unsigned m = 0; m < (1u << CAT_HALF); m++)
        for (unsigned b = 0; b < CAT_HALF; b++)
            for (size_t w = 0; m >> b & 1 && w < W; w++) {
                pp->cat_lo[m * W + w] |= pp->cat_set[b * W + w];
                if (b + CAT_HALF < SV_CAT__COUNT)
                    pp->cat_hi[m * W + w] |= pp->cat_set[(b + CAT_HALF) * W + w];
            }
    return true;
}

/* The styles pinned to a country (their own origin) or a factory (the one they name), in
 * groups of one country or factory each. */
static bool build_pins(prep *pp, const sv_match_options *o, sv_err *e)
{
    const sv_program *p = pp->p;
    size_t n = pp->n, W = pp->W;
    pp->pin_any = calloc(W * (n + 1), sizeof *pp->pin_any);
    pp->pin_country = calloc(n ? n : 1, sizeof *pp->pin_country);
    pp->pin_id = calloc(n ? n : 1, sizeof *pp->pin_id);
    pp->pin_count = calloc(n ? n : 1, sizeof *pp->pin_count);
    if (!pp->pin_any || !pp->pin_country || !pp->pin_id || !pp->pin_count) {
        sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return false;
    }
    pp->pin_sets = pp->pin_any + W;
    for (size_t s = 0; s < n; s++) {
        int64_t fid = o && o->style_factory ? o->style_factory[s] : 0;
        const char *cc = p->styles[s].origin;
        if (!fid && !cc[0]) {
            pp->n_free++;
            continue;
        }
        pp->pinned = true;
        word bit = (word)1 << (s % 64);
        pp->pin_any[s / 64] |= bit;
        if (fid < 0)
            continue; /* names a factory not on file: no one makes it */
        size_t g = 0;
        while (g < pp->n_pin && (fid ? pp->pin_id[g] != fid
                                     : pp->pin_id[g] || memcmp(pp->pin_country[g], cc, 2) != 0))
            g++;
        if (g == pp->n_pin) {
            pp->n_pin++;
            pp->pin_id[g] = fid;
            if (!fid)
                memcpy(pp->pin_country[g], cc, 2);
        }
        pp->pin_sets[g * W + s / 64] |= bit;
        pp->pin_count[g]++;
    }
    /* the styles cut from fabric certified to OEKO-TEX 100 */
    if (!(pp->mat_ok = calloc(W, sizeof *pp->mat_ok))) {
        sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return false;
    }
    for (size_t s = 0; s < n; s++) {
        const sv_fabric *fab = p->styles[s].fabric;
        if (fab && (fab->certifications & (1u << SV_CERT_OEKO_TEX_100))) {
            pp->mat_ok[s / 64] |= (word)1 << (s % 64);
            pp->has_mat = true;
        }
    }
    return true;
}

static void prep_free(prep *pp)
{
    for (size_t k = 0; pp->tna && k < 26 * 26; k++) {
        sv_cost_report_free(pp->tna->c[k].cost);
        free(pp->tna->c[k].lin);
    }
    free(pp->tna);
    sv_cost_report_free(pp->ref);
    free(pp->s);
    free(pp->unit_v);
    free(pp->color_v);
    free(pp->unit_v32);
    free(pp->color_v32);
    free(pp->sets);
    free(pp->pin_any);
    free(pp->pin_country);
    free(pp->pin_id);
    free(pp->pin_count);
    free(pp->mat_ok);
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
        /* a target past 32 bits of cents is above every band the table can hold */
        n->target_usd = st->target_fob > 0 &&
                                sv_refdata_to_usd(rd, st->target_fob, p->brand.currency, &usd)
                            ? (int32_t)(usd < INT32_MAX ? usd : INT32_MAX)
                            : -1;
        pp->cats |= n->cat;
        if ((int)st->category >= 0)
            n->samples = 2 + rd->categories[st->category].fit_rounds +
                         (int32_t)(st->n_sizes ? st->n_sizes : 1);
    }
    /* a group naming one selvedge does not know rules no factory out */
    for (size_t k = 0; k < p->n_cert_groups; k++) {
        const sv_cert_group *g = &p->cert_groups[k];
        if (g->unknown)
            continue;
        if (g->any & (g->any - 1))
            pp->cert_choices = true;
        else
            pp->certs |= g->any;
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
    pp->today = o->today;
    if (!(pp->tna = calloc(1, sizeof *pp->tna))) {
        sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return false;
    }
    /* the brand's targets landed from its reference origin: its first preferred origin, else
     * the one `selvedge cost` assumes; a style with its own origin from there (sv_cost_run
     * costs it so) */
    pp->ref = cost_from(pp, p->n_origins ? p->origins[0] : NULL);
    for (size_t s = 0; s < pp->n; s++) {
        const sv_style_cost *sc = pp->ref && s < pp->ref->n_styles ? &pp->ref->styles[s] : NULL;
        pp->s[s].target_landed = sc && sc->ok && p->styles[s].target_fob > 0
                                     ? sv_cost_landed_at(pp->ref, sc, rd, p->styles[s].target_fob)
                                     : -1;
    }
    return build_sets(pp, e) && build_pins(pp, o, e);
}

static sv_code best_init(best *b, size_t cap, size_t W, sv_err *e)
{
    b->cap = cap;
    b->n = 0;
    b->items = calloc(cap, sizeof *b->items);
    b->sets = calloc(cap * W, sizeof *b->sets);
    if (!b->items || !b->sets)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < cap; k++)
        b->items[k].set = b->sets + k * W;
    return SV_OK;
}

static void free_best(best *b)
{
    free(b->items);
    free(b->sets);
    b->items = NULL;
    b->sets = NULL;
}

/* ---- the pass ---- */

/* One thread's share of the rows, with its own lists and transit cache. */
typedef struct lane {
    prep pp;                     /* a copy: the transit cache is the lane's own */
    size_t lo, hi;               /* rows */
    best top, part, near;
    size_t candidates;
    size_t closed;               /* closed rows met: counted, never considered */
    word *cat, *ok;              /* [W] scratch: the styles of its categories, those it makes */
    word *allow;                 /* [W] scratch: the styles not pinned elsewhere */
    bool *okb;                   /* [n] the same as flags, for a factory being scored */
} lane;

/* The index of the style set under a minimum: how many distinct values are below it. */
/* (GCC/Clang vector extensions: four compares at a time on any target) */
typedef int32_t v4i32 __attribute__((vector_size(16)));

static inline size_t under_index(const int32_t *v, size_t padded, int32_t minimum)
{
    v4i32 m = {minimum, minimum, minimum, minimum}, acc = {0, 0, 0, 0};
    for (size_t k = 0; k < padded; k += 4) {
        v4i32 x;
        memcpy(&x, v + k, sizeof x);
        acc += (v4i32)(x < m); /* -1 where under */
    }
    return (size_t)-(acc[0] + acc[1] + acc[2] + acc[3]);
}

/* Factories in the brand's preferred origins are listed first; the score itself is the
 * same wherever the factory is. */
static inline bool preferred_at(const prep *pp, const char *country2)
{
    unsigned a = (unsigned)(country2[0] - 'A'), b = (unsigned)(country2[1] - 'A');
    return a < 26 && b < 26 && pp->pref[a * 26 + b];
}

static int64_t set_units(const prep *pp, const word *set)
{
    int64_t u = 0;
    for (size_t w = 0; w < pp->W; w++)
        for (word b = set[w]; b; b &= b - 1)
            u += pp->s[w * 64 + (size_t)__builtin_ctzll(b)].units;
    return u;
}

static void set_flags(const prep *pp, const word *set, bool *flags)
{
    for (size_t s = 0; s < pp->n; s++)
        flags[s] = (set[s / 64] >> (s % 64)) & 1;
}

static inline int set_count(const word *set, size_t W)
{
    int c = 0;
    for (size_t w = 0; w < W; w++)
        c += popcount64(set[w]);
    return c;
}

static int set_first(const prep *pp, const word *set)
{
    for (size_t w = 0; w < pp->W; w++)
        if (set[w])
            return (int)(w * 64 + (size_t)__builtin_ctzll(set[w]));
    return -1;
}

/* The styles factory i may make at all, into allow[W]: every style but those pinned to
 * another country or factory. */
static void pinned_allow(const prep *pp, size_t i, word *allow)
{
    const sv_factory_table *t = pp->t;
    for (size_t w = 0; w < pp->W; w++)
        allow[w] = ~pp->pin_any[w];
    for (size_t g = 0; g < pp->n_pin; g++) {
        bool mine = pp->pin_id[g] ? pp->pin_id[g] == t->id[i]
                                  : memcmp(pp->pin_country[g], t->country[i], 2) == 0;
        for (size_t w = 0; mine && w < pp->W; w++)
            allow[w] |= pp->pin_sets[g * pp->W + w];
    }
}

/* Scores factory i on a set of styles and keeps it in list b if it makes the cut; for a near
 * miss (kind >= 0) the rank is lowered by how far the miss is, and the change is described. */
static void offer(lane *L, best *b, size_t i, const word *set, int n_set, int pref, int kind,
                  int miss_style, int64_t units)
{
    prep *pp = &L->pp;
    /* first the cheap bound (only specialization known), then every part but the price */
    if (!may_enter(b, W_PRICE + W_LEAD + W_SAMPLE + W_PAYMENT + W_TRANSIT +
                          points(special(pp, i, n_set), W_SPECIAL) + pref))
        return;
    parts x = {0};
    int64_t samples = 0;
    for (size_t w = 0; w < pp->W; w++)
        for (word v = set[w]; v; v &= v - 1)
            samples += pp->s[w * 64 + (size_t)__builtin_ctzll(v)].samples;
    int rest = score_rest(pp, i, n_set, samples, &x);
    if (!may_enter(b, rest + W_PRICE + pref))
        return;
    set_flags(pp, set, L->okb);
    x.price = score_price(pp, i, L->okb);
    x.total = rest + points(x.price, W_PRICE);
    int rank = x.total + pref;
    if (kind >= 0)
        rank -= near_gap(pp, i, kind, L->okb, units);
    kept *k = keep(b, rank, n_set, pp->t->id[i]);
    if (!k)
        return;
    k->score = x.total;
    k->pref = pref > 0;
    k->kind = kind;
    k->miss_style = miss_style;
    k->row = i;
    k->units = units;
    memcpy(k->set, set, pp->W * sizeof *set);
}

/* The pass over rows [lo, hi). W is a constant in each of the two instances (one word, the
 * common case, and any number), so the one-word loops unroll away. */
static inline __attribute__((always_inline)) void scan_rows(lane *L, const size_t W)
{
    const prep *pp = &L->pp;
    const sv_factory_table *t = pp->t;
    const uint32_t cmask = (1u << SV_CONSTR__COUNT) - 1, tmask = (1u << SV_TIER__COUNT) - 1;
    const int n = (int)pp->n;
    word *S = L->cat, *OK = L->ok, *allow = L->allow;
    for (size_t i = L->lo; i < L->hi; i++) {
        if (t->closed[i]) {
            L->closed++; /* on file for its history, never a match */
            continue;
        }
        uint32_t fc = t->categories[i] & pp->cats;
        if (!fc)
            continue;
        L->candidates++;
        if (pp->pinned)
            pinned_allow(pp, i, allow);
        const word *cok = &pp->constr_ok[(t->constructions[i] & cmask) * W];
        const word *tok = &pp->tier_ok[(t->tiers[i] & tmask) * W];
        const word *ms =
            t->moq_style[i] >= 0
                ? &pp->unit_under[under_index(pp->unit_v32, pp->n_unit_pad, t->moq_style[i]) * W]
                : NULL;
        const word *mc =
            t->moq_color[i] >= 0
                ? &pp->color_under[under_index(pp->color_v32, pp->n_color_pad, t->moq_color[i]) *
                                   W]
                : NULL;
        /* the hard constraints, each as the set of the styles it fails; kinds: the
         * constraints failed by some style of a category it makes */
        uint32_t kinds = 0;
        word any_ok = 0, any_c = 0;
        bool full = true;
        for (size_t w = 0; w < W; w++) {
            word c = pp->cat_lo[(fc & CAT_LOW_MASK) * W + w] | pp->cat_hi[(fc >> CAT_HALF) * W + w];
            if (pp->pinned)
                c &= allow[w];
            word f_con = c & ~cok[w], f_tier = c & ~tok[w];
            word f_ms = ms ? c & ms[w] : 0, f_mc = mc ? c & mc[w] : 0;
            kinds |= (uint32_t)(f_con != 0) << SV_MISS_CONSTRUCTION |
                     (uint32_t)(f_tier != 0) << SV_MISS_TIER |
                     (uint32_t)(f_ms != 0) << SV_MISS_MOQ_STYLE |
                     (uint32_t)(f_mc != 0) << SV_MISS_MOQ_COLOR;
            S[w] = c;
            any_c |= c;
            OK[w] = c & ~(f_con | f_tier | f_ms | f_mc);
            any_ok |= OK[w];
            full &= OK[w] == pp->all[w];
        }
        if (!any_c)
            continue; /* its categories' styles are all made elsewhere (pinned) */
        /* certification and new brands hold for every style or none, but OEKO-TEX 100, a
         * product label, which certified fabric meets for the styles cut from it */
        bool no_cert = !certs_met(pp, t->certifications[i]);
        if (no_cert && pp->has_mat &&
            certs_met(pp, t->certifications[i] | 1u << SV_CERT_OEKO_TEX_100)) {
            no_cert = false;
            any_ok = 0;
            full = true;
            for (size_t w = 0; w < W; w++) {
                if (S[w] & ~pp->mat_ok[w])
                    kinds |= 1u << SV_MISS_CERTIFICATION;
                OK[w] &= pp->mat_ok[w];
                any_ok |= OK[w];
                full &= OK[w] == pp->all[w];
            }
        }
        if (no_cert || t->new_brands[i] == 0) {
            kinds |= (uint32_t)no_cert << SV_MISS_CERTIFICATION |
                     (uint32_t)(t->new_brands[i] == 0) << SV_MISS_NEW_BRANDS;
            for (size_t w = 0; w < W; w++)
                OK[w] = 0;
            any_ok = 0;
            full = false;
        }
        int pref = preferred_at(pp, t->country[i]) ? 1000 : 0;

        /* what it can make as planned: the whole program, or part of it */
        if (any_ok && order_check(t, i, set_units(pp, OK)) < 0) {
            if (full) {
                offer(L, &L->top, i, OK, n, pref, -1, -1, 0);
                continue;
            }
            offer(L, &L->part, i, OK, set_count(OK, W), pref, -1, -1, 0);
        }

        /* a near miss: one kind of constraint stands between it and the styles whose
         * category it makes; with one kind, every style of those categories fails that
         * kind only, so it could make them all. Another construction is not a near miss:
         * the garment would change, not the order. */
        int n_kinds = popcount32(kinds);
        if (n_kinds > 1 || (kinds & (1u << SV_MISS_CONSTRUCTION)))
            continue;
        int the_miss = n_kinds == 1 ? __builtin_ctz(kinds) : -1;
        if (!may_enter(&L->near, W_PRICE + W_LEAD + W_SAMPLE + W_PAYMENT + W_TRANSIT + W_SPECIAL +
                                     pref))
            continue;
        int64_t units_could = set_units(pp, S);
        int order_miss = order_check(t, i, units_could);
        if (the_miss >= 0 && order_miss >= 0)
            continue; /* two changes, not one */
        if (the_miss < 0 && order_miss < 0)
            continue; /* nothing stands in the way: it was a match above */
        int miss_style = -1;
        if (the_miss >= 0) {
            for (size_t w = 0; w < W; w++)
                OK[w] = S[w] & ~OK[w]; /* the styles that fail it */
            miss_style = set_first(pp, OK);
        }
        offer(L, &L->near, i, S, set_count(S, W), pref, the_miss >= 0 ? the_miss : order_miss,
              miss_style, units_could);
    }
}

/* ---- the closest factories, with all their gaps ---- */

enum { N_CLOSEST = 3 };

/* One gap of factory i named with its numbers, appended to buf ("; " between gaps): the
 * worst style where it is a style's. could: the styles of its categories; units, theirs. */
static void gap_text(const prep *pp, size_t i, int kind, const bool *could, int64_t units,
                     char *buf, size_t n)
{
    const sv_factory_table *t = pp->t;
    size_t len = strlen(buf);
    if (len >= n - 1)
        return;
    char *o = buf + len;
    size_t room = n - len;
    const char *sep = len ? "; " : "";
    int worst = -1;
    for (size_t s = 0; s < pp->n && (kind == SV_MISS_MOQ_STYLE || kind == SV_MISS_MOQ_COLOR); s++) {
        int64_t have = kind == SV_MISS_MOQ_STYLE ? pp->s[s].units : pp->s[s].min_color;
        int64_t need = kind == SV_MISS_MOQ_STYLE ? t->moq_style[i] : t->moq_color[i];
        int64_t least = worst < 0 ? INT64_MAX
                                 : kind == SV_MISS_MOQ_STYLE ? pp->s[worst].units
                                                             : pp->s[worst].min_color;
        if (could[s] && have < need && have < least)
            worst = (int)s;
    }
    const sv_style *st = worst >= 0 ? &pp->p->styles[worst] : NULL;
    switch ((sv_miss)kind) {
    case SV_MISS_CONSTRUCTION: {
        for (size_t s = 0; s < pp->n; s++)
            if (could[s] && pp->s[s].constr && !(t->constructions[i] & pp->s[s].constr)) {
                snprintf(o, room, "%sdoes not do %s for %s", sep,
                         sv_construction_name(pp->p->styles[s].construction),
                         pp->p->styles[s].code);
                return;
            }
        break;
    }
    case SV_MISS_TIER: {
        char tiers[64] = "";
        for (int k = 0; k < SV_TIER__COUNT; k++)
            if (t->tiers[i] & (1u << k)) {
                size_t l = strlen(tiers);
                snprintf(tiers + l, sizeof tiers - l, "%s%s", l ? "/" : "",
                         sv_tier_name((sv_tier)k));
            }
        for (size_t s = 0; s < pp->n; s++)
            if (could[s] && pp->s[s].tier && !(t->tiers[i] & pp->s[s].tier)) {
                snprintf(o, room, "%sworks at %s, not %s", sep, tiers,
                         sv_tier_name(sv_style_tier(pp->p, &pp->p->styles[s])));
                return;
            }
        break;
    }
    case SV_MISS_MOQ_STYLE:
        if (st)
            snprintf(o, room, "%sminimum per style %d, %s plans %lld", sep, t->moq_style[i],
                     st->code, (long long)pp->s[worst].units);
        break;
    case SV_MISS_MOQ_COLOR:
        if (st)
            snprintf(o, room, "%sminimum per colour %d, you plan %lld in %s", sep,
                     t->moq_color[i], (long long)pp->s[worst].min_color,
                     st->colors[pp->s[worst].smallest].name);
        break;
    case SV_MISS_MOQ_ORDER:
        snprintf(o, room, "%sminimum order %d units, it would make %lld", sep, t->moq_order[i],
                 (long long)units);
        break;
    case SV_MISS_CAPACITY:
        snprintf(o, room, "%smakes about %d units a month, more than its production window "
                          "holds of your %lld",
                 sep, t->monthly_capacity[i], (long long)units);
        break;
    case SV_MISS_CERTIFICATION: {
        char lack[160] = "";
        const sv_program *p = pp->p;
        for (size_t k = 0; k < p->n_cert_groups; k++)
            if (!p->cert_groups[k].unknown &&
                !sv_cert_group_met(&p->cert_groups[k], t->certifications[i])) {
                size_t l = strlen(lack);
                snprintf(lack + l, sizeof lack - l, "%s%s", l ? ", " : "",
                         p->cert_groups[k].text);
            }
        snprintf(o, room, "%slacks %s", sep, lack);
        break;
    }
    case SV_MISS_NEW_BRANDS:
        snprintf(o, room, "%sdoes not take new brands", sep);
        break;
    default:
        break;
    }
}

typedef struct far_one {
    size_t row;
    bool pref;
    int n_kinds, dist, n_styles;
    int64_t id;
    uint32_t kinds;
    int64_t units;
} far_one;

static bool far_before(const far_one *a, const far_one *b)
{
    if (a->pref != b->pref)
        return a->pref;
    if (a->n_kinds != b->n_kinds)
        return a->n_kinds < b->n_kinds;
    if (a->dist != b->dist)
        return a->dist < b->dist;
    if (a->n_styles != b->n_styles)
        return a->n_styles > b->n_styles;
    return a->id < b->id;
}

/* A second pass, only when nothing else is to be shown: every factory making a category of
 * the program, its failing constraints as kinds (the rules of the main pass, per style), and
 * the N_CLOSEST: in a preferred origin first (as the other lists), then the fewest kinds,
 * then the smallest distance (near_gap summed). */
static sv_match *closest_pass(const prep *pp, size_t *n_out)
{
    const sv_factory_table *t = pp->t;
    size_t W = pp->W;
    far_one keep_[N_CLOSEST];
    size_t n_keep = 0;
    word *c = calloc(2 * W, sizeof *c), *allow = c ? c + W : NULL;
    bool *could = calloc(pp->n ? pp->n : 1, sizeof *could);
    *n_out = 0;
    if (!c || !could) {
        free(c);
        free(could);
        return NULL;
    }
    const uint32_t cmask = (1u << SV_CONSTR__COUNT) - 1, tmask = (1u << SV_TIER__COUNT) - 1;
    for (size_t i = 0; i < t->n; i++) {
        uint32_t fc = t->categories[i] & pp->cats;
        if (t->closed[i] || !fc)
            continue;
        if (pp->pinned)
            pinned_allow(pp, i, allow);
        const word *cok = &pp->constr_ok[(t->constructions[i] & cmask) * W];
        const word *tok = &pp->tier_ok[(t->tiers[i] & tmask) * W];
        const word *ms =
            t->moq_style[i] >= 0
                ? &pp->unit_under[under_index(pp->unit_v32, pp->n_unit_pad, t->moq_style[i]) * W]
                : NULL;
        const word *mc =
            t->moq_color[i] >= 0
                ? &pp->color_under[under_index(pp->color_v32, pp->n_color_pad, t->moq_color[i]) *
                                   W]
                : NULL;
        uint32_t kinds = 0;
        word any = 0;
        for (size_t w = 0; w < W; w++) {
            word x = pp->cat_lo[(fc & CAT_LOW_MASK) * W + w] | pp->cat_hi[(fc >> CAT_HALF) * W + w];
            if (pp->pinned)
                x &= allow[w];
            c[w] = x;
            any |= x;
            kinds |= (uint32_t)((x & ~cok[w]) != 0) << SV_MISS_CONSTRUCTION |
                     (uint32_t)((x & ~tok[w]) != 0) << SV_MISS_TIER |
                     (uint32_t)(ms && (x & ms[w])) << SV_MISS_MOQ_STYLE |
                     (uint32_t)(mc && (x & mc[w])) << SV_MISS_MOQ_COLOR;
        }
        if (!any)
            continue;
        bool no_cert = !certs_met(pp, t->certifications[i]);
        if (no_cert && pp->has_mat &&
            certs_met(pp, t->certifications[i] | 1u << SV_CERT_OEKO_TEX_100)) {
            no_cert = false; /* met by certified fabric, for the styles cut from it */
            for (size_t w = 0; w < W; w++)
                no_cert |= (c[w] & ~pp->mat_ok[w]) != 0;
        }
        kinds |= (uint32_t)no_cert << SV_MISS_CERTIFICATION |
                 (uint32_t)(t->new_brands[i] == 0) << SV_MISS_NEW_BRANDS;
        int64_t units = set_units(pp, c);
        if (t->moq_order[i] >= 0 && units < t->moq_order[i])
            kinds |= 1u << SV_MISS_MOQ_ORDER;
        if (units > capacity_limit(t, i))
            kinds |= 1u << SV_MISS_CAPACITY;
        if (!kinds)
            continue;
        set_flags(pp, c, could);
        far_one f = {.row = i,
                     .pref = preferred_at(pp, t->country[i]),
                     .n_kinds = popcount32(kinds),
                     .n_styles = set_count(c, W),
                     .id = t->id[i],
                     .kinds = kinds,
                     .units = units};
        for (uint32_t k = kinds; k; k &= k - 1)
            f.dist += near_gap(pp, i, __builtin_ctz(k), could, units);
        size_t at = n_keep;
        while (at > 0 && far_before(&f, &keep_[at - 1]))
            at--;
        if (at >= N_CLOSEST)
            continue;
        size_t last = n_keep < N_CLOSEST ? n_keep : N_CLOSEST - 1;
        memmove(&keep_[at + 1], &keep_[at], (last - at) * sizeof *keep_);
        keep_[at] = f;
        if (n_keep < N_CLOSEST)
            n_keep++;
    }
    sv_match *out = calloc(n_keep ? n_keep : 1, sizeof *out);
    for (size_t k = 0; out && k < n_keep; k++) {
        const far_one *f = &keep_[k];
        sv_match *m = &out[k];
        m->factory_id = f->id;
        m->row = f->row;
        m->miss = -1;
        m->gaps = f->kinds;
        m->preferred_origin = preferred_at(pp, t->country[f->row]);
        if (!(m->styles = calloc(pp->n ? pp->n : 1, sizeof *m->styles))) {
            for (size_t j = 0; j < k; j++)
                free(out[j].styles);
            free(out);
            out = NULL;
            break;
        }
        /* the styles of its categories it could take, again */
        uint32_t fc = t->categories[f->row] & pp->cats;
        if (pp->pinned)
            pinned_allow(pp, f->row, allow);
        for (size_t w = 0; w < W; w++) {
            c[w] = pp->cat_lo[(fc & CAT_LOW_MASK) * W + w] | pp->cat_hi[(fc >> CAT_HALF) * W + w];
            if (pp->pinned)
                c[w] &= allow[w];
        }
        set_flags(pp, c, m->styles);
        m->n_styles = f->n_styles;
        for (uint32_t b = f->kinds; b; b &= b - 1)
            gap_text(pp, f->row, __builtin_ctz(b), m->styles, f->units, m->change,
                     sizeof m->change);
    }
    free(c);
    free(could);
    *n_out = out ? n_keep : 0;
    return out;
}

static void *scan_lane(void *arg)
{
    lane *L = arg;
    if (L->pp.W == 1)
        scan_rows(L, 1);
    else
        scan_rows(L, L->pp.W);
    return NULL;
}

static sv_code lane_init(lane *L, const prep *pp, const sv_match_options *o, sv_err *e)
{
    L->pp = *pp;
    sv_code rc;
    if ((rc = best_init(&L->top, (size_t)(o->top > 0 ? o->top : 10), pp->W, e)) ||
        (rc = best_init(&L->near, (size_t)(o->near > 0 ? o->near : 10), pp->W, e)) ||
        (rc = best_init(&L->part, KEEP_PARTIAL, pp->W, e)))
        return rc;
    L->cat = calloc(3 * pp->W, sizeof *L->cat);
    L->okb = calloc(pp->n ? pp->n : 1, sizeof *L->okb);
    if (!L->cat || !L->okb)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    L->ok = L->cat + pp->W;
    L->allow = L->ok + pp->W;
    return SV_OK;
}

static void lane_free(lane *L)
{
    free_best(&L->top);
    free_best(&L->near);
    free_best(&L->part);
    free(L->cat);
    free(L->okb);
}

/* Another lane's list into this one: the order is total, so the merged list is the one a
 * single pass would have kept. */
static void merge_into(best *to, const best *from, size_t W)
{
    for (size_t k = 0; k < from->n; k++) {
        const kept *src = &from->items[k];
        kept *m = keep(to, src->rank, src->n_styles, src->id);
        if (!m)
            continue;
        word *set = m->set;
        *m = *src;
        m->set = set;
        memcpy(set, src->set, W * sizeof *set);
    }
}

/* A required OEKO-TEX 100 met by certified fabric, said: the fabrics, and what labelling the
 * garment would still take. STANDARD 100 certifies products at any stage, and a ready-made
 * article's certificate recognises certified components without re-testing them; the
 * garment maker needs its own certificate (its own test number) to put the label on the
 * garment (OEKO-TEX, "Modular system" and "Ready-made articles", oeko-tex.com). */
static void material_note(const prep *pp, sv_match *m)
{
    char ids[120] = "";
    for (size_t s = 0; s < pp->n; s++) {
        const sv_fabric *fab = pp->p->styles[s].fabric;
        if (!m->styles[s] || !fab || strstr(ids, fab->id))
            continue;
        size_t l = strlen(ids);
        snprintf(ids + l, sizeof ids - l, "%s%s", l ? ", " : "", fab->id);
    }
    snprintf(m->cert_note, sizeof m->cert_note,
             "OEKO-TEX 100 met by certified fabric (%s): it holds no certificate of its own; "
             "to label the garments it needs one, which certified fabric makes quicker (no "
             "re-testing of certified components)",
             ids);
}

/* The reported form of a kept factory: its styles as flags, the change for a near miss, the
 * reasons. false: out of memory. */
static bool report(const prep *pp, const kept *k, sv_match *m)
{
    memset(m, 0, sizeof *m);
    m->factory_id = k->id;
    m->row = k->row;
    m->score = k->score;
    m->rank = k->rank;
    m->preferred_origin = k->pref;
    m->n_styles = k->n_styles;
    m->miss = -1;
    if (!(m->styles = calloc(pp->n ? pp->n : 1, sizeof *m->styles)))
        return false;
    set_flags(pp, k->set, m->styles);
    if (k->kind >= 0)
        describe_change(pp, m, k->kind, k->miss_style, k->units);
    if (pp->has_mat && k->kind != SV_MISS_CERTIFICATION &&
        !certs_met(pp, pp->t->certifications[m->row]))
        material_note(pp, m);
    parts x = score(pp, m->row, m->styles, m->n_styles);
    explain(pp, m, &x);
    return true;
}

/* A list's first n as reported matches, or NULL. */
static sv_match *report_list(const prep *pp, const best *b, size_t n)
{
    sv_match *out = calloc(n ? n : 1, sizeof *out);
    for (size_t k = 0; out && k < n; k++)
        if (!report(pp, &b->items[k], &out[k])) {
            for (size_t j = 0; j < k; j++)
                free(out[j].styles);
            free(out);
            out = NULL;
        }
    return out;
}

enum { MAX_THREADS = 64 };

sv_code sv_match_run(const sv_program *p, const sv_refdata *rd, const sv_factory_table *t,
                     const sv_match_options *o, sv_match_result **out, sv_err *e)
{
    *out = NULL;
    sv_match_options defaults = {.top = 10, .near = 10, .today = {2026, 1, 1}};
    if (!o)
        o = &defaults;
    prep pp;
    if (!setup(&pp, p, rd, t, o, e)) {
        prep_free(&pp);
        return SV_ERR_NOMEM;
    }
    sv_code rc = SV_OK;
    best top = {0}, part = {0}, near = {0};
    /* threads: as asked, but not more than there are rows worth splitting */
    size_t n_lanes = o->threads > 1 ? (size_t)o->threads : 1;
    if (n_lanes > MAX_THREADS)
        n_lanes = MAX_THREADS;
    if (n_lanes > 1 && t->n / n_lanes < 4096)
        n_lanes = t->n / 4096 > 1 ? t->n / 4096 : 1;
    lane *lanes = calloc(n_lanes, sizeof *lanes);
    sv_match_result *r = calloc(1, sizeof *r);
    if (!lanes || !r) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < n_lanes; k++) {
        if ((rc = lane_init(&lanes[k], &pp, o, e)))
            goto out;
        lanes[k].lo = t->n * k / n_lanes;
        lanes[k].hi = t->n * (k + 1) / n_lanes;
    }
    r->n_styles = pp.n;
    r->scanned = t->n;

    pthread_t tid[MAX_THREADS];
    size_t started = 1;
    for (; started < n_lanes; started++)
        if (pthread_create(&tid[started], NULL, scan_lane, &lanes[started]) != 0)
            break;
    /* a thread that could not start: its rows are scanned here */
    for (size_t k = started; k < n_lanes; k++)
        scan_lane(&lanes[k]);
    scan_lane(&lanes[0]);
    for (size_t k = 1; k < started; k++)
        pthread_join(tid[k], NULL);
    top = lanes[0].top;
    part = lanes[0].part;
    near = lanes[0].near;
    r->candidates = lanes[0].candidates;
    r->closed = lanes[0].closed;
    for (size_t k = 1; k < n_lanes; k++) {
        merge_into(&top, &lanes[k].top, pp.W);
        merge_into(&part, &lanes[k].part, pp.W);
        merge_into(&near, &lanes[k].near, pp.W);
        r->candidates += lanes[k].candidates;
        r->closed += lanes[k].closed;
    }
    lanes[0].top = lanes[0].part = lanes[0].near = (best){0};
    /* the transit cache the explanations use is lane 0's */
    memcpy(pp.transit, lanes[0].pp.transit, sizeof pp.transit);

    /* the reported lists, with their texts. Partial matches are reported (as many as the
     * full list would have) only when no factory makes everything; the rest only feed the
     * split into groups. */
    size_t n_partial = top.n ? 0 : (part.n < top.cap ? part.n : top.cap);
    r->uncovered = calloc(pp.n ? pp.n : 1, sizeof(bool));
    r->top = report_list(&pp, &top, top.n);
    r->n_top = r->top ? top.n : 0;
    r->near = report_list(&pp, &near, near.n);
    r->n_near = r->near ? near.n : 0;
    r->partial = report_list(&pp, &part, n_partial);
    r->n_partial = r->partial ? n_partial : 0;
    if (!r->uncovered || !r->top || !r->near || !r->partial) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto out;
    }
    /* nothing one change away and no one for the whole program: the closest, all gaps said */
    if (!r->n_near && !r->n_top &&
        !(r->closest = closest_pass(&pp, &r->n_closest))) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto out;
    }

    /* no single factory: cover the styles greedily, most styles first, then score */
    if (top.n == 0 && part.n > 0) {
        word *covered = calloc(pp.W, sizeof *covered);
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
                for (size_t w = 0; w < pp.W; w++)
                    gain += popcount64(part.items[k].set[w] & ~covered[w]);
                if (gain > best_gain) {
                    best_gain = gain;
                    pick = k;
                }
            }
            if (!best_gain)
                break;
            const kept *k = &part.items[pick];
            sv_match_group *g = &r->groups[r->n_groups++];
            g->factory_id = k->id;
            g->row = k->row;
            g->score = k->score;
            g->styles = calloc(pp.n, sizeof(bool));
            if (!g->styles) {
                free(covered);
                rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
                goto out;
            }
            for (size_t st = 0; st < pp.n; st++)
                if ((k->set[st / 64] >> (st % 64) & 1) && !(covered[st / 64] >> (st % 64) & 1)) {
                    g->styles[st] = true;
                    g->n_styles++;
                }
            for (size_t w = 0; w < pp.W; w++)
                covered[w] |= k->set[w];
        }
        for (size_t st = 0; st < pp.n; st++)
            if (!(covered[st / 64] >> (st % 64) & 1)) {
                r->uncovered[st] = true;
                r->n_uncovered++;
            }
        free(covered);
    } else if (top.n == 0) {
        for (size_t st = 0; st < pp.n; st++) {
            r->uncovered[st] = true;
            r->n_uncovered++;
        }
    }
    *out = r;
    r = NULL;
out:
    free_best(&top);
    free_best(&near);
    free_best(&part);
    for (size_t k = 0; lanes && k < n_lanes; k++)
        lane_free(&lanes[k]);
    free(lanes);
    prep_free(&pp);
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
    for (size_t k = 0; k < r->n_closest; k++)
        free(r->closest[k].styles);
    free(r->closest);
    for (size_t k = 0; k < r->n_groups; k++)
        free(r->groups[k].styles);
    free(r->top);
    free(r->near);
    free(r->partial);
    free(r->groups);
    free(r->uncovered);
    free(r);
}
