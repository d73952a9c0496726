/* Reference data: the industry's typical figures, each row with its source.
 *
 * Loaded from the .tsv files in data/. The files are compiled into the binary, and a user can replace any
 * of them by putting a file of the same name in a directory named by --data or SELVEDGE_DATA.
 * All money here is US dollars in cents; percentages are basis points. */
#ifndef SELVEDGE_REFDATA_H
#define SELVEDGE_REFDATA_H

#include <stddef.h>
#include <stdint.h>

#include "selvedge/err.h"
#include "selvedge/money.h"
#include "selvedge/program.h"

typedef struct sv_embedded_file {
    const char *name;
    const char *data;
    size_t len;
} sv_embedded_file;

/* NULL-terminated; generated at build time from data/. */
extern const sv_embedded_file sv_embedded_files[];

typedef struct sv_category_info {
    sv_category category;
    const char *label;
    sv_construction default_construction;
    int complexity;             /* 1 basic, 2 moderate, 3 complex */
    int64_t unit_weight_g;      /* packed shipping weight per unit */
    int64_t fabric_mm;          /* typical fabric metres x 1000 per unit */
    int fit_rounds;
    sv_minor sample_cost;       /* one development sample, USD cents */
    int64_t fabric_share_bp, trims_share_bp, cm_share_bp; /* of FOB */
    const char *source;
} sv_category_info;

typedef struct sv_price_band {
    sv_category category;
    sv_tier tier;
    sv_minor fob_low, fob_typical, fob_high; /* USD cents */
    sv_minor retail_low, retail_high;        /* USD cents */
    const char *source;
} sv_price_band;

typedef struct sv_origin_info {
    char country[3];
    const char *region;
    int64_t moq_color_low, moq_color_high;
    int64_t moq_style_low, moq_style_high;
    int64_t moq_order_low;
    int sampling_days_low, sampling_days_high;
    int production_days_low, production_days_high;
    int new_brand_extra_days;
    int cm_index;               /* labour cost index, CN = 100 */
    const char *source;
} sv_origin_info;

typedef struct sv_duty_rate {
    char destination[3];
    int category;               /* sv_category, or -1 for any */
    int fiber;                  /* sv_fiber, or -1 for any */
    char gender[8];             /* "men", "women", "girls", "boys", "baby", or "" for any */
    int64_t rate_bp;
    const char *source;
} sv_duty_rate;

/* A trade agreement or preference scheme that replaces the MFN rate on one lane. */
typedef struct sv_duty_pref {
    char origin[3];             /* alpha-2 or "EU" */
    char destination[3];        /* alpha-2 or "EU" */
    int64_t rate_bp;
    bool customs_entry;         /* false: no import entry, no broker */
    const char *scheme;
    const char *source;
    int category;               /* sv_category, or -1 for any */
    bool withdrawn;             /* rate "-": the preference does not apply, MFN does */
    int64_t from, until;        /* days since 1970-01-01 it applies, both included; 0: open */
    bool pending;               /* signed, not in force: applied only when asked for */
    const char *caveat;         /* the rule of origin a program may not meet, or NULL */
} sv_duty_pref;

/* How goods travel. A program asks for sea (the cheap, slow surface option) or air; a lane
 * that is trucked (Turkey, Portugal, Eastern Europe, Morocco to the EU) answers a request for
 * sea with its road row, and every output names the mode the lane really uses. */
typedef enum { SV_MODE_SEA, SV_MODE_AIR, SV_MODE_ROAD } sv_mode;

/* "sea", "air", "road". */
const char *sv_mode_name(sv_mode m);

/* How long a stage of the T&A calendar takes, by origin and category complexity. */
typedef struct sv_lead_time {
    sv_stage stage;
    char origin[16];            /* alpha-2, a region, or "*" */
    int complexity;             /* 1..3, or 0 for any */
    int64_t days;               /* units per day for SV_STAGE_OUTPUT_PER_DAY */
    const char *source;
} sv_lead_time;

/* One occurrence of a holiday that closes factories somewhere. */
typedef struct sv_holiday {
    char id[24];                /* "lunar-new-year" */
    sv_date date;
    const char *source;
} sv_holiday;

/* How long factories of a country stop around a holiday. */
typedef struct sv_closure_rule {
    char country[3];
    char holiday[24];
    int days_before, days_after;
    const char *source;
} sv_closure_rule;

/* A closure window in days since 1970-01-01, both ends inclusive. */
typedef struct sv_closure {
    int64_t first, last;
    const char *holiday;        /* holiday id */
} sv_closure;

/* ---- the T&A calendar's own tables (issue 9) ---- */

/* A member of a customs union, and whether goods between its members are still cleared. */
typedef struct sv_customs_union {
    char name[16];  /* "EU", "EAEU", "EU-TR"... */
    char member[3]; /* alpha-2, or "EU" for every EU member state */
    bool clears;    /* true: still declared and cleared at the internal border */
    const char *source;
} sv_customs_union;

/* The weeks of reduced output after a closure of a country (restart_capacity.tsv). */
typedef struct sv_restart {
    char country[3];
    char holiday[24];
    int days;         /* calendar days from the first open day after the closure */
    int capacity_pct; /* 1-99: the share of a normal day's work done on each */
    const char *source;
} sv_restart;

/* What factories of an origin take with a way of paying (payment_terms.tsv): a letter of
 * credit or documents against payment. */
typedef struct sv_payment_norm {
    char origin[3];           /* alpha-2; "" for every origin without a row of its own ("*") */
    sv_payment_method method; /* lc-at-sight, lc-usance or d/p */
    int64_t deposit_bp_min;   /* the smallest deposit taken with it, basis points (0: none) */
    int credit_days_max;      /* the longest usance taken; 0 for methods without days */
    const char *source;
} sv_payment_norm;

/* A span of a country's factory calendar: closed (capacity 0), or working at reduced output
 * after a closure. Days outside every span work at 100%. */
typedef struct sv_cal_span {
    int64_t first, last;                 /* days since 1970-01-01, inclusive */
    int capacity_pct;                    /* 0: closed; 1-99: reduced output after a closure */
    const char *holiday;                 /* the holiday id of the closure (the one it follows) */
    int64_t closure_first, closure_last; /* the closure window: its own, or the one it follows */
} sv_cal_span;

/* Where a style's bulk fabric is made and how long it takes (fabric_sources.tsv). */
typedef struct sv_fabric_source_row {
    char origin[16];             /* alpha-2 or a region */
    int construction;            /* sv_construction, or -1 for any */
    char mill[3];                /* the mill's country */
    int stock_days, custom_days; /* at the mill */
    int ship_days;               /* mill to the garment factory, calendar days; 0 at home */
    const char *source;
} sv_fabric_source_row;

/* International express courier for samples, by the factory's place and the brand's. */
typedef struct sv_courier {
    char from[16]; /* alpha-2, a region, or "*" */
    char to[16];   /* alpha-2, "EU", a region, or "*" */
    int days_low, days_high;
    const char *source;
} sv_courier;

typedef struct sv_freight_rate {
    char origin[16];            /* alpha-2 country, or a region name */
    char destination[3];        /* alpha-2, "EU", or "*" */
    sv_mode mode;
    sv_minor per_kg;            /* USD cents per kg */
    int64_t min_g;              /* chargeable minimum a shipment, grams (LCL: 1 CBM) */
    int transit_days_low, transit_days_high;
    const char *source;
} sv_freight_rate;

/* ---- the landed-cost rules of issue 9: customs value, additional duties, fees, VAT ---- */

/* What a destination charges duty on: FOB (the goods) or CIF (goods, freight and insurance to
 * the border). customs_valuation.tsv. */
typedef enum { SV_BASIS_CIF, SV_BASIS_FOB } sv_basis;

typedef struct sv_valuation {
    char destination[3];        /* alpha-2 or "EU" */
    sv_basis basis;
    const char *source;
} sv_valuation;

/* An additional duty by origin on top of the rate (US Section 301, surcharges), dated.
 * additional_duties.tsv. */
typedef enum { SV_EXTRA_DUTY, SV_EXTRA_SURCHARGE, SV_EXTRA_WATCH } sv_extra_kind;

typedef struct sv_extra_duty {
    char destination[3];        /* alpha-2 */
    char origin[3];             /* alpha-2, "EU" or "*" */
    sv_extra_kind kind;         /* duty: always in the rate; surcharge: switchable; watch: no rate */
    const char *name;           /* rows of one name are one tariff over time */
    int64_t rate_bp;            /* 0 for a watch line */
    bool topup;                 /* brings the rate up to rate_bp all in, instead of adding */
    int64_t from, until;        /* entry days it applies (days since 1970), both included; 0: open */
    bool non_preferential;      /* not charged on goods entered under a preference */
    const char *status;         /* legal status in words */
    const char *source;
} sv_extra_duty;

/* A fee customs charges on an entry besides duty (US MPF, HMF). customs_fees.tsv. */
typedef struct sv_customs_fee {
    char destination[3];        /* alpha-2 or "EU" */
    const char *name;
    int64_t rate_ppm;           /* of the entered value, in millionths (0.3464% = 3464) */
    sv_minor min_usd, max_usd;  /* an entry, USD cents; -1: none */
    bool modes[3];              /* by sv_mode: applies to that freight mode */
    const char *waived_for;     /* origins (space-separated) whose preferential goods pay none */
    const char *source;
} sv_customs_fee;

/* The sales tax in a destination's shelf prices. vat.tsv. */
typedef struct sv_vat {
    char destination[3];        /* alpha-2 or "EU" */
    bool children;              /* the row for children's clothing (kids, girls, boys, baby) */
    int64_t rate_bp;
    bool in_shelf_price;        /* false: added at the till (US, CA) */
    const char *source;
} sv_vat;

typedef struct sv_fx_rate {
    char currency[4];
    int64_t usd_per_unit_micro; /* USD x 1e6 for one unit of the currency */
    const char *as_of;
    const char *source;
} sv_fx_rate;

typedef struct sv_param {
    const char *key;
    int64_t value_micro;        /* the decimal value x 1e6 */
    const char *unit;
    const char *source;
} sv_param;

typedef struct sv_small_run {
    int64_t units;
    int64_t cm_pct_bp;          /* CM per unit at this run length, % of bulk, in bp */
    int64_t trims_pct_bp;
    const char *source;
} sv_small_run;

/* small-run set-up by category (issue 9, item 2): setup.tsv */
typedef struct sv_setup_cost {
    int category;       /* sv_category */
    sv_minor per_style; /* USD cents: pattern, grading, marker or knitting programme,
                         * line set-up, a style */
    sv_minor per_color; /* USD cents: a colour's lay, threads or yarn change */
    const char *source;
} sv_setup_cost;

/* findings (issue 9, item 4): kids' product safety and product claims */
/* The rules of kids_safety.tsv; each is a finding, safety.kids_<rule>. New ones at the end. */
typedef enum { SV_KIDS_DRAWSTRINGS, SV_KIDS_SMALL_PARTS, SV_KIDS_LEAD, SV_KIDS_PHTHALATES,
               SV_KIDS_TRACKING_LABEL, SV_KIDS_SLEEPWEAR, SV_KIDS_CHEMICALS,
               SV_KIDS__COUNT } sv_kids_rule;

/* A safety rule children's garments meet in a destination. kids_safety.tsv. */
typedef struct sv_kids_safety {
    char destination[3];        /* alpha-2 or "EU" (every member state) */
    sv_kids_rule rule;
    bool genders[SV_GENDER__COUNT]; /* the children's genders it applies to */
    bool categories[SV_CAT__COUNT]; /* the categories it applies to */
    int age_from, age_to;       /* years */
    int64_t limit;              /* the rule's number; -1 when it has none */
    const char *limit_unit;     /* "ppm", "mm"; NULL when it has none */
    bool test;                  /* the law asks for a test report before sale */
    const char *text;
    const char *source;
} sv_kids_safety;

/* A claim a garment's composition or name makes, and the chain-of-custody standards that prove
 * it. claims.tsv. */
typedef struct sv_claim_rule {
    const char *claim;          /* a word or words, matched whole and without case */
    const char *fibre;          /* a fibre word the text must also name; NULL: any */
    const char *standards;      /* the standards that certify it, canonical names '|'-joined */
    const char *text;           /* why, for the finding's message */
    const char *source;
} sv_claim_rule;

/* The weight of a scorecard measure in its side's overall score (scorecard_weights.tsv), and
 * its target where it has one (hours, for the response times; 0 otherwise). */
typedef struct sv_scorecard_weight_row {
    char code[40]; /* "brand.pays_on_time" */
    int64_t weight; /* 0 to 100 */
    int64_t target;
    const char *source;
} sv_scorecard_weight_row;

typedef struct sv_refdata {
    sv_pool *pool;
    sv_category_info categories[SV_CAT__COUNT];
    sv_price_band bands[SV_CAT__COUNT][SV_TIER__COUNT];
    /* price_bands.tsv's rows of gender kids: children's garments' own bands; source NULL
     * where the file gives none (a file without the gender column gives none) */
    sv_price_band kid_bands[SV_CAT__COUNT][SV_TIER__COUNT];
    sv_origin_info *origins;
    size_t n_origins;
    sv_duty_rate *duties;
    size_t n_duties;
    sv_duty_pref *duty_prefs;
    size_t n_duty_prefs;
    sv_freight_rate *freight;
    size_t n_freight;
    sv_fx_rate *fx;
    size_t n_fx;
    /* issue 9 landed-cost tables */
    sv_valuation *valuations;
    size_t n_valuations;
    sv_extra_duty *extra_duties;
    size_t n_extra_duties;
    sv_customs_fee *fees;
    size_t n_fees;
    sv_vat *vats;
    size_t n_vats;
    sv_param *params;
    size_t n_params;
    sv_small_run *small_runs;   /* sorted by units */
    size_t n_small_runs;
    sv_setup_cost *setup_costs; /* one row a category at most; a missing one: params.tsv */
    size_t n_setup_costs;
    sv_lead_time *lead_times;
    size_t n_lead_times;
    sv_holiday *holidays;
    size_t n_holidays;
    sv_closure_rule *closure_rules;
    size_t n_closure_rules;
    /* the T&A calendar's own tables (issue 9) */
    sv_customs_union *customs_unions;
    size_t n_customs_unions;
    sv_restart *restarts;
    size_t n_restarts;
    sv_fabric_source_row *fabric_sources;
    size_t n_fabric_sources;
    sv_courier *couriers;
    size_t n_couriers;
    /* findings (issue 9, item 4) */
    sv_payment_norm *payment_norms;
    size_t n_payment_norms;
    sv_kids_safety *kids_safety;
    size_t n_kids_safety;
    sv_claim_rule *claim_rules; /* in the file's order: the first that matches a claim wins */
    size_t n_claim_rules;
    /* scorecards (issue 10) */
    sv_scorecard_weight_row *scorecard_weights; /* one per measure code */
    size_t n_scorecard_weights;
} sv_refdata;

/* Load every reference file: from override_dir when it holds a file of that name (NULL: none),
 * else the built-in copy. Every row is validated; an error names file:line and the column.
 * An override_dir that does not exist, is not a directory or cannot be read is SV_ERR_IO
 * naming it; an empty name is SV_ERR_USAGE. */
sv_code sv_refdata_load(const char *override_dir, sv_refdata **out, sv_err *e);
void sv_refdata_free(sv_refdata *rd);

/* Lookups. Each returns NULL when nothing applies. */
const sv_origin_info *sv_refdata_origin(const sv_refdata *rd, const char *country);
const sv_price_band *sv_refdata_band(const sv_refdata *rd, sv_category c, sv_tier t);
/* The band that applies to a garment: children's garments (kids, girls, boys, baby) take the
 * category's kids row of price_bands.tsv, or, where the file gives none, the adult band scaled
 * by kids_price_factor_pct (params.tsv); babywear's bands are babies' prices and apply to
 * every gender. False when category or tier is unset. */
bool sv_refdata_band_for(const sv_refdata *rd, sv_category c, sv_tier t, sv_gender g,
                         sv_price_band *out);
/* Most specific of (dest, category, fiber), (dest, category, any), (dest, any, fiber),
 * (dest, any, any). EU member states use the EU rows. */
const sv_duty_rate *sv_refdata_duty(const sv_refdata *rd, const char *dest, sv_category c,
                                    sv_fiber f);
/* The same for a garment of a gender: for each name of `genders` in turn (most specific first,
 * NULL-terminated; NULL for none), its rows at the four levels above, then the rows for any
 * gender. A gender's row at any level beats a row for any gender: babies' garments have their
 * own headings (US 6111, 6209) whatever the category. fiber -1: only rows for any fibre. */
const sv_duty_rate *sv_refdata_duty_for(const sv_refdata *rd, const char *dest, sv_category c,
                                        int fiber, const char *const *genders);
/* The preference for goods made in origin and imported into dest, or NULL for MFN. Goods
 * that never cross a customs border (same country, or both in the EU) get a built-in row:
 * no duty, no entry. This is the in-force row for any category with no end date. */
const sv_duty_pref *sv_refdata_duty_pref(const sv_refdata *rd, const char *origin,
                                         const char *dest);
/* The preference on a lane for a category (-1: any) on a day (days since 1970-01-01; 0: the
 * rows with no end date), a category's row before the * row; a pending row only when
 * `pending` is set. A withdrawn row is returned as it is (the caller applies MFN and says
 * why). NULL: MFN. */
const sv_duty_pref *sv_refdata_duty_pref_on(const sv_refdata *rd, const char *origin,
                                            const char *dest, int category, int64_t day,
                                            bool pending);
/* (origin, dest), (origin, *), (origin's region, dest), (region, *). A request for sea takes
 * the lane's road row where the lane has no sea row at that level (a trucked lane). */
const sv_freight_rate *sv_refdata_freight(const sv_refdata *rd, const char *origin,
                                          const char *dest, sv_mode mode);
const sv_fx_rate *sv_refdata_fx(const sv_refdata *rd, const char *currency);
/* The customs value basis of a destination (EU member states use the EU row), or NULL. */
const sv_valuation *sv_refdata_valuation(const sv_refdata *rd, const char *dest);
/* "CIF", "FOB". */
const char *sv_basis_name(sv_basis b);
/* The sales tax row for a destination (its own, a member state's, or the EU's) and a gender
 * (children's clothing where it has a row), or NULL. */
const sv_vat *sv_refdata_vat(const sv_refdata *rd, const char *dest, sv_gender g);
/* "duty", "surcharge", "watch". */
const char *sv_extra_kind_name(sv_extra_kind k);
/* A parameter's value scaled: scale 0 -> whole units, 2 -> cents or basis points of a
 * percent... Missing keys are refused at load time, so this always finds the key. */
int64_t sv_refdata_param(const sv_refdata *rd, const char *key, int scale);
/* What factories of `origin` take with `method` (payment_terms.tsv): its own row, else the
 * "*" row, else NULL (a method the file does not judge). */
const sv_payment_norm *sv_refdata_payment_norm(const sv_refdata *rd, const char *origin,
                                               sv_payment_method method);
/* Interpolated small-run multipliers at a run of `units`, in bp of the bulk price. */
void sv_refdata_small_run(const sv_refdata *rd, int64_t units, int64_t *cm_bp,
                          int64_t *trims_bp);

/* USD cents to minor units of a currency using fx.tsv; false when there is no rate. */
bool sv_refdata_from_usd(const sv_refdata *rd, sv_minor usd_cents, const sv_currency *to,
                         sv_minor *out);
bool sv_refdata_to_usd(const sv_refdata *rd, sv_minor amount, const sv_currency *from,
                       sv_minor *usd_cents);

/* Days a stage takes (units a day for SV_STAGE_OUTPUT_PER_DAY) in a country for a category
 * complexity, most specific row first: (country, complexity), (country, any), (region,
 * complexity), (region, any), (any, complexity), (any, any). The loader guarantees the last. */
int64_t sv_refdata_lead_days(const sv_refdata *rd, sv_stage stage, const char *country,
                             int complexity);

/* The factory closures of a country that overlap [from, to] (days since 1970-01-01), sorted
 * by start and merged where they overlap (before the range is applied, so a window keeps its
 * whole length). Writes at most max into out; returns how many. */
size_t sv_refdata_closures(const sv_refdata *rd, const char *country, int64_t from, int64_t to,
                           sv_closure *out, size_t max);

/* The whole factory calendar of a country: its merged closures (as sv_refdata_closures) and
 * the reduced-output spans after them (restart_capacity.tsv), sorted and never overlapping: a
 * reduced span is cut where a closure holds the day, and where two meet the earlier one's
 * days stand. *out is malloc'd (free it); false when out of memory. A country with no rule
 * gets *n = 0 and *out NULL. */
bool sv_refdata_calendar(const sv_refdata *rd, const char *country, sv_cal_span **out, size_t *n);

/* Where the bulk fabric of a garment made in `country` of a construction comes from:
 * (country, construction), (country, any), (region, construction), (region, any); NULL when
 * no row applies (the fabric is made at the origin, lead_times.tsv's days). */
const sv_fabric_source_row *sv_refdata_fabric_source(const sv_refdata *rd, const char *country,
                                                     sv_construction c);

/* The region of a place (origins.tsv's regions): its row in origins.tsv, "europe" for an EU
 * member state or "EU"; NULL when not known. */
const char *sv_refdata_region_of(const sv_refdata *rd, const char *country);

/* The courier for samples from a factory in `origin` to a brand in `brand` (alpha-2 or "EU"):
 * (origin, brand), (origin, brand's region), (origin, *), (origin's region, brand), (region,
 * brand's region), (region, *), (*, *); NULL when none. */
const sv_courier *sv_refdata_courier(const sv_refdata *rd, const char *origin, const char *brand);

/* The customs union that origin and destination (alpha-2 or "EU") share, or NULL. One with
 * no internal clearance wins over one that still clears ("EU" over "EU-TR"). The same country
 * twice is no union: the caller knows that lane is domestic. */
const sv_customs_union *sv_refdata_customs_union(const sv_refdata *rd, const char *origin,
                                                 const char *dest);

/* The origin to cost and plan a program for: `requested` when given (may be unknown: the
 * caller reports it), else the first preferred origin with reference figures, else CN with
 * *assumed set. out gets the alpha-2 code. */
void sv_refdata_pick_origin(const sv_refdata *rd, const sv_program *p, const char *requested,
                            char out[3], bool *assumed);

/* "drawstrings", "small_parts"... as kids_safety.tsv names a rule. */
const char *sv_kids_rule_name(sv_kids_rule r);
/* Whether a kids_safety.tsv row applies to a destination (a member state takes the EU rows). */
bool sv_kids_safety_applies(const sv_kids_safety *k, const char *dest);

/* EU member states (alpha-2), for duty lookups and destinations. */
bool sv_country_in_eu(const char *alpha2);

#endif
