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
} sv_duty_pref;

typedef enum { SV_MODE_SEA, SV_MODE_AIR } sv_mode;

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

typedef struct sv_freight_rate {
    char origin[16];            /* alpha-2 country, or a region name */
    char destination[3];        /* alpha-2, "EU", or "*" */
    sv_mode mode;
    sv_minor per_kg;            /* USD cents per kg */
    int transit_days_low, transit_days_high;
    const char *source;
} sv_freight_rate;

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

typedef struct sv_refdata {
    sv_pool *pool;
    sv_category_info categories[SV_CAT__COUNT];
    sv_price_band bands[SV_CAT__COUNT][SV_TIER__COUNT];
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
    sv_param *params;
    size_t n_params;
    sv_small_run *small_runs;   /* sorted by units */
    size_t n_small_runs;
    sv_lead_time *lead_times;
    size_t n_lead_times;
    sv_holiday *holidays;
    size_t n_holidays;
    sv_closure_rule *closure_rules;
    size_t n_closure_rules;
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
 * adult band scaled by kids_price_factor_pct (params.tsv), except babywear, whose bands are
 * babies' prices. False when category or tier is unset. */
bool sv_refdata_band_for(const sv_refdata *rd, sv_category c, sv_tier t, sv_gender g,
                         sv_price_band *out);
/* Most specific of (dest, category, fiber), (dest, category, any), (dest, any, fiber),
 * (dest, any, any). EU member states use the EU rows. */
const sv_duty_rate *sv_refdata_duty(const sv_refdata *rd, const char *dest, sv_category c,
                                    sv_fiber f);
/* The preference for goods made in origin and imported into dest, or NULL for MFN. Goods
 * that never cross a customs border (same country, or both in the EU) get a built-in row:
 * no duty, no entry. */
const sv_duty_pref *sv_refdata_duty_pref(const sv_refdata *rd, const char *origin,
                                         const char *dest);
/* (origin, dest), (origin, *), (origin's region, dest), (region, *). */
const sv_freight_rate *sv_refdata_freight(const sv_refdata *rd, const char *origin,
                                          const char *dest, sv_mode mode);
const sv_fx_rate *sv_refdata_fx(const sv_refdata *rd, const char *currency);
/* A parameter's value scaled: scale 0 -> whole units, 2 -> cents or basis points of a
 * percent... Missing keys are refused at load time, so this always finds the key. */
int64_t sv_refdata_param(const sv_refdata *rd, const char *key, int scale);
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

/* The origin to cost and plan a program for: `requested` when given (may be unknown: the
 * caller reports it), else the first preferred origin with reference figures, else CN with
 * *assumed set. out gets the alpha-2 code. */
void sv_refdata_pick_origin(const sv_refdata *rd, const sv_program *p, const char *requested,
                            char out[3], bool *assumed);

/* EU member states (alpha-2), for duty lookups and destinations. */
bool sv_country_in_eu(const char *alpha2);

#endif
