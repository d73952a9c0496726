/* Loading the .tsv files of data/ into sv_refdata. Every value is checked; an error names the file, the
 * line and the column, because users are invited to edit and override these files. */
#include "selvedge/refdata.h"
#include "selvedge/scorecard.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "selvedge/country.h"
#include "selvedge/tsv.h"

typedef struct loader {
    sv_refdata *rd;
    const char *file;
    const char *const *cols;
    /* growable arrays are counted first into these, then copied into the pool */
    void *items;
    size_t n, cap, size;
    bool seen[SV_CAT__COUNT][SV_TIER__COUNT];
    bool kid_seen[SV_CAT__COUNT][SV_TIER__COUNT];
    bool gendered; /* price_bands.tsv with its optional gender column */
    /* params.tsv: reading the built-in file after an override, to fill the keys the override
     * does not give; a key it gives is kept and the built-in row skipped */
    bool fill_missing;
} loader;

static sv_code bad(loader *l, int line, int col, sv_err *e, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static sv_code bad(loader *l, int line, int col, sv_err *e, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sv_err_at(e, SV_ERR_SCHEMA, l->file, line, 0, l->cols[col], "%s", msg);
}

static sv_code num(loader *l, char **f, int col, int line, int scale, int64_t min, int64_t max,
                   int64_t *out, sv_err *e)
{
    sv_dec_result r = sv_decimal_parse(f[col], scale, out);
    if (r == SV_DEC_TOO_PRECISE)
        return bad(l, line, col, e, "\"%s\" has more than %d decimals", f[col], scale);
    if (r != SV_DEC_OK)
        return bad(l, line, col, e, "expected a number, found \"%s\"", f[col]);
    if (*out < min || *out > max) {
        char a[40], b[40];
        return bad(l, line, col, e, "%s is outside %s..%s", f[col],
                   sv_decimal_format(min, scale, false, a, sizeof a),
                   sv_decimal_format(max, scale, false, b, sizeof b));
    }
    return SV_OK;
}

static sv_code inum(loader *l, char **f, int col, int line, int min, int max, int *out, sv_err *e)
{
    int64_t v;
    sv_code rc = num(l, f, col, line, 0, min, max, &v, e);
    *out = (int)v;
    return rc;
}

static void *push(loader *l, sv_err *e)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        void *p = realloc(l->items, cap * l->size);
        if (!p) {
            sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            return NULL;
        }
        l->items = p;
        l->cap = cap;
    }
    void *it = (char *)l->items + l->n++ * l->size;
    memset(it, 0, l->size);
    return it;
}

static const char *keep(loader *l, const char *s)
{
    return sv_pool_strdup(l->rd->pool, s);
}

#define TRY(x)                                                                                     \
    do {                                                                                           \
        sv_code rc_ = (x);                                                                         \
        if (rc_)                                                                                   \
            return rc_;                                                                            \
    } while (0)

static sv_code category_col(loader *l, char **f, int col, int line, bool allow_any, int *out,
                            sv_err *e)
{
    if (allow_any && strcmp(f[col], "*") == 0) {
        *out = -1;
        return SV_OK;
    }
    *out = sv_category_parse(f[col]);
    if (*out < 0)
        return bad(l, line, col, e, "unknown category \"%s\"", f[col]);
    return SV_OK;
}

static sv_code country_col(loader *l, char **f, int col, int line, bool allow_eu, char out[3],
                           sv_err *e)
{
    if (allow_eu && strcmp(f[col], "EU") == 0) {
        memcpy(out, "EU", 3);
        return SV_OK;
    }
    const sv_country *c = strlen(f[col]) == 2 ? sv_country_by_alpha2(f[col]) : NULL;
    if (!c)
        return bad(l, line, col, e, "\"%s\" is not an ISO 3166 alpha-2 code", f[col]);
    memcpy(out, c->alpha2, 3);
    return SV_OK;
}

static const char *const regions[] = {"asia", "europe", "americas", "africa", "middle-east", NULL};

static bool is_region(const char *s)
{
    for (int i = 0; regions[i]; i++)
        if (strcmp(regions[i], s) == 0)
            return true;
    return false;
}

/* ---- categories.tsv ---- */
static const char *const cat_cols[] = {
    "category",      "label",     "default_construction", "complexity",
    "unit_weight_kg", "fabric_m", "fit_rounds",           "sample_cost_usd",
    "fabric_share_pct", "trims_share_pct", "cm_share_pct", "source", NULL};

static sv_code cat_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    int c;
    TRY(category_col(l, f, 0, line, false, &c, e));
    sv_category_info *ci = &l->rd->categories[c];
    if (ci->label)
        return bad(l, line, 0, e, "category \"%s\" appears twice", f[0]);
    ci->category = (sv_category)c;
    ci->label = keep(l, f[1]);
    ci->default_construction = sv_construction_parse(f[2]);
    if ((int)ci->default_construction < 0)
        return bad(l, line, 2, e, "unknown construction \"%s\"", f[2]);
    TRY(inum(l, f, 3, line, 1, 3, &ci->complexity, e));
    TRY(num(l, f, 4, line, 3, 1, 20000, &ci->unit_weight_g, e));
    TRY(num(l, f, 5, line, 3, 0, 20000, &ci->fabric_mm, e));
    TRY(inum(l, f, 6, line, 0, 10, &ci->fit_rounds, e));
    TRY(num(l, f, 7, line, 2, 0, 10000000, &ci->sample_cost, e)); /* $100,000 */
    TRY(num(l, f, 8, line, 2, 0, 10000, &ci->fabric_share_bp, e));
    TRY(num(l, f, 9, line, 2, 0, 10000, &ci->trims_share_bp, e));
    TRY(num(l, f, 10, line, 2, 0, 10000, &ci->cm_share_bp, e));
    if (ci->fabric_share_bp + ci->trims_share_bp + ci->cm_share_bp > 9500)
        return bad(l, line, 10, e, "fabric, trims and CM shares add up to more than 95%%");
    ci->source = keep(l, f[11]);
    return SV_OK;
}

/* ---- price_bands.tsv ---- */
static const char *const band_cols[] = {"category",  "tier",       "fob_low", "fob_typical",
                                        "fob_high",  "retail_low", "retail_high", "source",
                                        NULL};
/* The same with the optional gender column after the tier: "*" for the category's row, "kids"
 * for children's garments. A file without it (an override written before it) has no kids rows:
 * children's garments take its rows scaled by kids_price_factor_pct. */
static const char *const band_cols_gender[] = {
    "category",   "tier",       "gender",      "fob_low", "fob_typical",
    "fob_high",   "retail_low", "retail_high", "source",  NULL};

/* Whether the header line of a price_bands.tsv names the gender column third. */
static bool bands_have_gender(const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        if (*p != '#' && p + strspn(p, " \t\r") < eol) {
            static const char want[] = "category\ttier\tgender\t";
            return (size_t)(eol - p) > sizeof want - 1 && memcmp(p, want, sizeof want - 1) == 0;
        }
        p = eol + 1;
    }
    return false;
}

static sv_code band_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    int c;
    TRY(category_col(l, f, 0, line, false, &c, e));
    sv_tier t = sv_tier_parse(f[1]);
    if ((int)t < 0)
        return bad(l, line, 1, e, "unknown tier \"%s\"", f[1]);
    bool kids = false;
    int o = 0; /* the columns after the tier move one right with the gender column */
    if (l->gendered) {
        o = 1;
        if (strcmp(f[2], "kids") == 0)
            kids = true;
        else if (strcmp(f[2], "*") != 0)
            return bad(l, line, 2, e,
                       "unknown gender \"%s\" (* for the category's row, kids for children's "
                       "garments)",
                       f[2]);
        if (kids && c == SV_CAT_BABYWEAR)
            return bad(l, line, 2, e,
                       "babywear's rows are babies' garments already: give them as gender *");
    }
    bool (*seen)[SV_TIER__COUNT] = kids ? l->kid_seen : l->seen;
    if (seen[c][t])
        return bad(l, line, 1, e, "%s/%s%s appears twice", f[0], f[1], kids ? "/kids" : "");
    seen[c][t] = true;
    sv_price_band *b = kids ? &l->rd->kid_bands[c][t] : &l->rd->bands[c][t];
    b->category = (sv_category)c;
    b->tier = t;
    const int64_t max = 10000000; /* $100,000 */
    TRY(num(l, f, 2 + o, line, 2, 1, max, &b->fob_low, e));
    TRY(num(l, f, 3 + o, line, 2, 1, max, &b->fob_typical, e));
    TRY(num(l, f, 4 + o, line, 2, 1, max, &b->fob_high, e));
    TRY(num(l, f, 5 + o, line, 2, 1, max, &b->retail_low, e));
    TRY(num(l, f, 6 + o, line, 2, 1, max, &b->retail_high, e));
    if (!(b->fob_low <= b->fob_typical && b->fob_typical <= b->fob_high))
        return bad(l, line, 3 + o, e, "expected fob_low <= fob_typical <= fob_high");
    if (b->retail_low > b->retail_high)
        return bad(l, line, 6 + o, e, "retail_high is below retail_low");
    b->source = keep(l, f[7 + o]);
    return SV_OK;
}

/* ---- origins.tsv ---- */
static const char *const origin_cols[] = {
    "country",           "region",          "moq_color_low",     "moq_color_high",
    "moq_style_low",     "moq_style_high",  "moq_order_low",     "sampling_days_low",
    "sampling_days_high", "production_days_low", "production_days_high",
    "new_brand_extra_days", "cm_index",     "source",            NULL};

static sv_code origin_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_origin_info *o = push(l, e);
    if (!o)
        return SV_ERR_NOMEM;
    TRY(country_col(l, f, 0, line, false, o->country, e));
    for (size_t i = 0; i + 1 < l->n; i++)
        if (strcmp(((sv_origin_info *)l->items)[i].country, o->country) == 0)
            return bad(l, line, 0, e, "%s appears twice", o->country);
    if (!is_region(f[1]))
        return bad(l, line, 1, e, "unknown region \"%s\" (asia, europe, americas, africa, "
                                  "middle-east)", f[1]);
    o->region = keep(l, f[1]);
    const int64_t max = 1000000;
    TRY(num(l, f, 2, line, 0, 1, max, &o->moq_color_low, e));
    TRY(num(l, f, 3, line, 0, 1, max, &o->moq_color_high, e));
    TRY(num(l, f, 4, line, 0, 1, max, &o->moq_style_low, e));
    TRY(num(l, f, 5, line, 0, 1, max, &o->moq_style_high, e));
    TRY(num(l, f, 6, line, 0, 1, max, &o->moq_order_low, e));
    TRY(inum(l, f, 7, line, 1, 365, &o->sampling_days_low, e));
    TRY(inum(l, f, 8, line, 1, 365, &o->sampling_days_high, e));
    TRY(inum(l, f, 9, line, 1, 365, &o->production_days_low, e));
    TRY(inum(l, f, 10, line, 1, 365, &o->production_days_high, e));
    TRY(inum(l, f, 11, line, 0, 365, &o->new_brand_extra_days, e));
    TRY(inum(l, f, 12, line, 1, 10000, &o->cm_index, e));
    if (o->moq_color_low > o->moq_color_high)
        return bad(l, line, 3, e, "moq_color_high is below moq_color_low");
    if (o->moq_style_low > o->moq_style_high)
        return bad(l, line, 5, e, "moq_style_high is below moq_style_low");
    if (o->sampling_days_low > o->sampling_days_high)
        return bad(l, line, 8, e, "sampling_days_high is below sampling_days_low");
    if (o->production_days_low > o->production_days_high)
        return bad(l, line, 10, e, "production_days_high is below production_days_low");
    o->source = keep(l, f[13]);
    return SV_OK;
}

/* ---- duty.tsv ---- */
static const char *const duty_cols[] = {"destination", "category", "fiber", "gender",
                                        "rate_pct",    "source",   NULL};

/* The genders a duty row may name: the tariff's own split (men's or boys', women's or girls',
 * babies'). Keyed by name, so the program's genders map onto them in the costing engine. */
static const char *const duty_genders[] = {"men", "women", "girls", "boys", "baby", NULL};

static sv_code duty_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_duty_rate *d = push(l, e);
    if (!d)
        return SV_ERR_NOMEM;
    TRY(country_col(l, f, 0, line, true, d->destination, e));
    TRY(category_col(l, f, 1, line, true, &d->category, e));
    d->fiber = -1;
    if (strcmp(f[2], "*") != 0) {
        for (int i = 0; i < SV_FIBER__COUNT; i++)
            if (strcmp(f[2], sv_fiber_name((sv_fiber)i)) == 0)
                d->fiber = i;
        if (d->fiber < 0)
            return bad(l, line, 2, e, "unknown fiber \"%s\" (cotton, synthetic, wool, other, *)",
                       f[2]);
    }
    if (strcmp(f[3], "*") != 0) {
        bool known = false;
        for (int i = 0; duty_genders[i]; i++)
            if (strcmp(f[3], duty_genders[i]) == 0)
                known = true;
        if (!known)
            return bad(l, line, 3, e, "unknown gender \"%s\" (men, women, girls, boys, baby, *)",
                       f[3]);
        snprintf(d->gender, sizeof d->gender, "%s", f[3]);
    }
    TRY(num(l, f, 4, line, 2, 0, 10000, &d->rate_bp, e));
    d->source = keep(l, f[5]);
    for (size_t i = 0; i + 1 < l->n; i++) {
        const sv_duty_rate *o = &((sv_duty_rate *)l->items)[i];
        if (strcmp(o->destination, d->destination) == 0 && o->category == d->category &&
            o->fiber == d->fiber && strcmp(o->gender, d->gender) == 0)
            return bad(l, line, 0, e, "%s %s %s %s appears twice", f[0], f[1], f[2], f[3]);
    }
    return SV_OK;
}

/* ---- duty_preferences.tsv ---- */
static const char *const pref_cols[] = {"origin", "destination", "category", "rate_pct",
                                        "from",   "until",       "status",   "customs_entry",
                                        "scheme", "caveat",      "source",   NULL};

/* A day column: YYYY-MM-DD, or "-" for open (0). */
static sv_code day_col(loader *l, char **f, int col, int line, int64_t *out, sv_err *e)
{
    *out = 0;
    if (strcmp(f[col], "-") == 0)
        return SV_OK;
    sv_date d;
    if (!sv_date_parse(f[col], &d) || !sv_date_supported(d))
        return bad(l, line, col, e,
                   "expected a date YYYY-MM-DD in " SV_DATE_RANGE_TEXT ", or -, found \"%s\"",
                   f[col]);
    *out = sv_date_to_days(d);
    return SV_OK;
}

static sv_code pref_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_duty_pref *d = push(l, e);
    if (!d)
        return SV_ERR_NOMEM;
    TRY(country_col(l, f, 0, line, true, d->origin, e));
    TRY(country_col(l, f, 1, line, true, d->destination, e));
    if (strcmp(d->origin, d->destination) == 0)
        return bad(l, line, 1, e, "origin and destination are the same: no import, no row");
    TRY(category_col(l, f, 2, line, true, &d->category, e));
    if (strcmp(f[3], "-") == 0)
        d->withdrawn = true;
    else
        TRY(num(l, f, 3, line, 2, 0, 10000, &d->rate_bp, e));
    TRY(day_col(l, f, 4, line, &d->from, e));
    TRY(day_col(l, f, 5, line, &d->until, e));
    if (d->from && d->until && d->until < d->from)
        return bad(l, line, 5, e, "until is before from");
    if (strcmp(f[6], "pending") == 0)
        d->pending = true;
    else if (strcmp(f[6], "in-force") != 0)
        return bad(l, line, 6, e, "status is in-force or pending, not \"%s\"", f[6]);
    if (strcmp(f[7], "yes") == 0)
        d->customs_entry = true;
    else if (strcmp(f[7], "no") != 0)
        return bad(l, line, 7, e, "customs_entry is yes or no, not \"%s\"", f[7]);
    d->scheme = keep(l, f[8]);
    d->caveat = strcmp(f[9], "-") == 0 ? NULL : keep(l, f[9]);
    d->source = keep(l, f[10]);
    /* two rows of a lane and category may not both apply on one day */
    for (size_t i = 0; i + 1 < l->n; i++) {
        const sv_duty_pref *o = &((sv_duty_pref *)l->items)[i];
        if (strcmp(o->origin, d->origin) != 0 || strcmp(o->destination, d->destination) != 0 ||
            o->category != d->category || o->pending != d->pending)
            continue;
        bool apart = (o->until && d->from && d->from > o->until) ||
                     (d->until && o->from && o->from > d->until);
        if (!apart)
            return bad(l, line, 0, e, "%s to %s (%s) appears twice for the same days", d->origin,
                       d->destination, f[2]);
    }
    return SV_OK;
}

/* ---- freight.tsv ---- */
static const char *const freight_cols[] = {
    "origin",           "destination",       "mode",   "usd_per_kg", "min_kg",
    "transit_days_low", "transit_days_high", "source", NULL};

static sv_code freight_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_freight_rate *r = push(l, e);
    if (!r)
        return SV_ERR_NOMEM;
    if (is_region(f[0]))
        snprintf(r->origin, sizeof r->origin, "%s", f[0]);
    else
        TRY(country_col(l, f, 0, line, false, r->origin, e));
    if (strcmp(f[1], "*") == 0)
        memcpy(r->destination, "*", 2);
    else
        TRY(country_col(l, f, 1, line, true, r->destination, e));
    if (strcmp(f[2], "sea") == 0)
        r->mode = SV_MODE_SEA;
    else if (strcmp(f[2], "air") == 0)
        r->mode = SV_MODE_AIR;
    else if (strcmp(f[2], "road") == 0)
        r->mode = SV_MODE_ROAD;
    else
        return bad(l, line, 2, e, "mode must be sea, air or road, found \"%s\"", f[2]);
    TRY(num(l, f, 3, line, 2, 1, 100000, &r->per_kg, e));
    /* up to a full container's worth of apparel (some 20 t) */
    TRY(num(l, f, 4, line, 3, 0, 20000000, &r->min_g, e));
    TRY(inum(l, f, 5, line, 1, 120, &r->transit_days_low, e));
    TRY(inum(l, f, 6, line, 1, 120, &r->transit_days_high, e));
    if (r->transit_days_low > r->transit_days_high)
        return bad(l, line, 6, e, "transit_days_high is below transit_days_low");
    r->source = keep(l, f[7]);
    return SV_OK;
}

/* ---- fx.tsv ---- */
static const char *const fx_cols[] = {"currency", "usd_per_unit", "as_of", "source", NULL};

static sv_code fx_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_fx_rate *r = push(l, e);
    if (!r)
        return SV_ERR_NOMEM;
    const sv_currency *c = sv_currency_find(f[0]);
    if (!c)
        return bad(l, line, 0, e, "unknown currency \"%s\"", f[0]);
    memcpy(r->currency, c->code, 4);
    /* from a millionth of a dollar (below the weakest currency in use) to 10,000 (above the
     * strongest, and above an ounce of gold): never 0, never negative */
    TRY(num(l, f, 1, line, 6, 1, INT64_C(10000000000), &r->usd_per_unit_micro, e));
    sv_date d;
    if (!sv_date_parse(f[2], &d))
        return bad(l, line, 2, e, "expected a date YYYY-MM-DD, found \"%s\"", f[2]);
    r->as_of = keep(l, f[2]);
    r->source = keep(l, f[3]);
    return SV_OK;
}

/* ---- customs_valuation.tsv ---- */
static const char *const valuation_cols[] = {"destination", "basis", "source", NULL};

static sv_code valuation_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_valuation *v = push(l, e);
    if (!v)
        return SV_ERR_NOMEM;
    TRY(country_col(l, f, 0, line, true, v->destination, e));
    if (strcmp(f[1], "CIF") == 0)
        v->basis = SV_BASIS_CIF;
    else if (strcmp(f[1], "FOB") == 0)
        v->basis = SV_BASIS_FOB;
    else
        return bad(l, line, 1, e, "basis is CIF or FOB, not \"%s\"", f[1]);
    for (size_t i = 0; i + 1 < l->n; i++)
        if (strcmp(((sv_valuation *)l->items)[i].destination, v->destination) == 0)
            return bad(l, line, 0, e, "%s appears twice", v->destination);
    v->source = keep(l, f[2]);
    return SV_OK;
}

/* ---- additional_duties.tsv ---- */
static const char *const extra_cols[] = {"destination", "origin",       "kind",   "name",
                                         "rate_pct",    "basis",        "from",   "until",
                                         "scope",       "legal_status", "source", NULL};

static sv_code extra_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_extra_duty *x = push(l, e);
    if (!x)
        return SV_ERR_NOMEM;
    TRY(country_col(l, f, 0, line, false, x->destination, e));
    if (strcmp(f[1], "*") == 0)
        memcpy(x->origin, "*", 2);
    else
        TRY(country_col(l, f, 1, line, true, x->origin, e));
    if (strcmp(f[2], "duty") == 0)
        x->kind = SV_EXTRA_DUTY;
    else if (strcmp(f[2], "surcharge") == 0)
        x->kind = SV_EXTRA_SURCHARGE;
    else if (strcmp(f[2], "watch") == 0)
        x->kind = SV_EXTRA_WATCH;
    else
        return bad(l, line, 2, e, "kind is duty, surcharge or watch, not \"%s\"", f[2]);
    x->name = keep(l, f[3]);
    if (x->kind == SV_EXTRA_WATCH) {
        if (strcmp(f[4], "-") != 0)
            return bad(l, line, 4, e, "a watch line has no rate yet: -, not \"%s\"", f[4]);
    } else {
        TRY(num(l, f, 4, line, 2, 0, 20000, &x->rate_bp, e)); /* up to 200% */
    }
    if (strcmp(f[5], "topup") == 0)
        x->topup = true;
    else if (strcmp(f[5], "add") != 0)
        return bad(l, line, 5, e, "basis is add or topup, not \"%s\"", f[5]);
    TRY(day_col(l, f, 6, line, &x->from, e));
    TRY(day_col(l, f, 7, line, &x->until, e));
    if (x->from && x->until && x->until < x->from)
        return bad(l, line, 7, e, "until is before from");
    if (strcmp(f[8], "non-preferential") == 0)
        x->non_preferential = true;
    else if (strcmp(f[8], "all") != 0)
        return bad(l, line, 8, e, "scope is all or non-preferential, not \"%s\"", f[8]);
    x->status = keep(l, f[9]);
    x->source = keep(l, f[10]);
    for (size_t i = 0; i + 1 < l->n; i++) {
        const sv_extra_duty *o = &((sv_extra_duty *)l->items)[i];
        if (strcmp(o->destination, x->destination) != 0 || strcmp(o->origin, x->origin) != 0 ||
            strcmp(o->name, x->name) != 0)
            continue;
        bool apart = (o->until && x->from && x->from > o->until) ||
                     (x->until && o->from && o->from > x->until);
        if (!apart)
            return bad(l, line, 3, e, "%s from %s: \"%s\" appears twice for the same days",
                       x->destination, f[1], x->name);
    }
    return SV_OK;
}

/* ---- customs_fees.tsv ---- */
static const char *const fee_cols[] = {
    "destination", "name", "rate_pct", "min_usd", "max_usd", "modes", "waived_for", "source", NULL};

static sv_code fee_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_customs_fee *x = push(l, e);
    if (!x)
        return SV_ERR_NOMEM;
    TRY(country_col(l, f, 0, line, true, x->destination, e));
    x->name = keep(l, f[1]);
    TRY(num(l, f, 2, line, 4, 0, 100000, &x->rate_ppm, e)); /* up to 10% */
    x->min_usd = x->max_usd = -1;
    if (strcmp(f[3], "-") != 0)
        TRY(num(l, f, 3, line, 2, 0, 10000000, &x->min_usd, e));
    if (strcmp(f[4], "-") != 0)
        TRY(num(l, f, 4, line, 2, 0, 10000000, &x->max_usd, e));
    if (x->min_usd >= 0 && x->max_usd >= 0 && x->max_usd < x->min_usd)
        return bad(l, line, 4, e, "max_usd is below min_usd");
    if (strcmp(f[5], "*") == 0) {
        x->modes[SV_MODE_SEA] = x->modes[SV_MODE_AIR] = x->modes[SV_MODE_ROAD] = true;
    } else {
        char *save = NULL, *m = strtok_r(f[5], " ", &save);
        if (!m)
            return bad(l, line, 5, e, "name the modes (sea, air, road) or *");
        for (; m; m = strtok_r(NULL, " ", &save)) {
            if (strcmp(m, "sea") == 0)
                x->modes[SV_MODE_SEA] = true;
            else if (strcmp(m, "air") == 0)
                x->modes[SV_MODE_AIR] = true;
            else if (strcmp(m, "road") == 0)
                x->modes[SV_MODE_ROAD] = true;
            else
                return bad(l, line, 5, e, "unknown mode \"%s\" (sea, air, road, *)", m);
        }
    }
    if (strcmp(f[6], "-") != 0) {
        char copy[256];
        snprintf(copy, sizeof copy, "%s", f[6]);
        char *save = NULL;
        for (char *c = strtok_r(copy, " ", &save); c; c = strtok_r(NULL, " ", &save))
            if (strlen(c) != 2 || !sv_country_by_alpha2(c))
                return bad(l, line, 6, e, "\"%s\" is not an ISO 3166 alpha-2 code", c);
        x->waived_for = keep(l, f[6]);
    }
    x->source = keep(l, f[7]);
    for (size_t i = 0; i + 1 < l->n; i++) {
        const sv_customs_fee *o = &((sv_customs_fee *)l->items)[i];
        if (strcmp(o->destination, x->destination) == 0 && strcmp(o->name, x->name) == 0)
            return bad(l, line, 1, e, "%s %s appears twice", x->destination, x->name);
    }
    return SV_OK;
}

/* ---- vat.tsv ---- */
static const char *const vat_cols[] = {"destination",    "gender", "rate_pct",
                                       "in_shelf_price", "source", NULL};

static sv_code vat_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_vat *v = push(l, e);
    if (!v)
        return SV_ERR_NOMEM;
    TRY(country_col(l, f, 0, line, true, v->destination, e));
    if (strcmp(f[1], "children") == 0)
        v->children = true;
    else if (strcmp(f[1], "*") != 0)
        return bad(l, line, 1, e, "gender is * or children, not \"%s\"", f[1]);
    TRY(num(l, f, 2, line, 2, 0, 5000, &v->rate_bp, e)); /* up to 50% */
    if (strcmp(f[3], "yes") == 0)
        v->in_shelf_price = true;
    else if (strcmp(f[3], "no") != 0)
        return bad(l, line, 3, e, "in_shelf_price is yes or no, not \"%s\"", f[3]);
    v->source = keep(l, f[4]);
    for (size_t i = 0; i + 1 < l->n; i++) {
        const sv_vat *o = &((sv_vat *)l->items)[i];
        if (strcmp(o->destination, v->destination) == 0 && o->children == v->children)
            return bad(l, line, 0, e, "%s %s appears twice", f[0], f[1]);
    }
    return SV_OK;
}

/* ---- params.tsv ---- */
static const char *const param_cols[] = {"key", "value", "unit", "source", NULL};

/* Every key the engines read, with the range a value may take: what the trade does, with a
 * wide margin (docs/data.md). A file without one of them is refused at load, and so is a
 * value outside its range, which could otherwise stall the planner (production taking a
 * billion days) or make nonsense of every figure. Ranges in whole units of the key. */
static const struct param_spec {
    const char *key;
    int64_t min, max;
    const char *unit;
} params_known[] = {
    {"insurance_pct", 0, 10, "%"},
    {"brokerage_usd_per_entry", 0, 100000, "USD"},
    {"origin_charges_usd_per_entry", 0, 100000, "USD"},
    {"entries_per_program", 0, 1000, "entries"},
    {"dtc_min_multiple", 0, 100, "x"},
    {"keystone_multiple", 1, 10, "x"},
    {"wholesale_min_multiple", 0, 100, "x"},
    {"overhead_pct_default", 0, 100, "%"},
    {"factory_margin_pct_default", 0, 100, "%"},
    {"wastage_pct_default", 0, 50, "%"},
    {"rejection_allowance_pct", 0, 50, "%"},
    {"setup_usd_per_style", 0, 100000, "USD"},
    {"setup_usd_per_color", 0, 100000, "USD"},
    {"fabric_min_m_per_color", 0, 100000, "m"},
    {"yarn_min_kg_per_color", 0, 100000, "kg"},
    {"knit_fabric_min_kg_per_color", 0, 100000, "kg"},
    {"stock_fabric_premium_pct", 0, 500, "%"},
    {"lab_dip_rounds", 0, 8, "rounds"},
    {"deposit_pct_typical", 0, 100, "%"},
    {"deposit_pct_min_credible", 0, 100, "%"},
    {"qc_days", 0, 365, "days"},
    {"customs_days", 0, 365, "days"},
    {"grading_marker_days", 0, 365, "days"},
    {"growth_max_multiple_per_season", 1, 100, "x"},
    {"range_max_categories_small", 0, SV_CAT__COUNT, "categories"},
    {"range_small_units", 0, 100000000, "units"},
    {"kids_price_factor_pct", 1, 200, "%"},
    {"kids_size_factor_pct", 1, 200, "%"},
    {"plan_tight_slack_days", 0, 365, "days"},
    {"review_days_slow_example", 0, 365, "days"},
    {"production_min_days", 0, 365, "days"},
    /* readiness (issue 9, item 4) */
    {"closure_warn_slack_days", 0, 365, "days"},
};

/* Keys kept in the file that no engine reads (kg_per_cbm_apparel, for reading freight quotes
 * by hand): checked for a sane number only. */
static const struct param_spec params_other[] = {
    {"kg_per_cbm_apparel", 1, 2000, "kg/cbm"},
};

static const struct param_spec *param_spec_of(const char *key)
{
    for (size_t i = 0; i < sizeof params_known / sizeof params_known[0]; i++)
        if (strcmp(params_known[i].key, key) == 0)
            return &params_known[i];
    for (size_t i = 0; i < sizeof params_other / sizeof params_other[0]; i++)
        if (strcmp(params_other[i].key, key) == 0)
            return &params_other[i];
    return NULL;
}

static sv_code param_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(((sv_param *)l->items)[i].key, f[0]) == 0) {
            if (l->fill_missing)
                return SV_OK;
            return bad(l, line, 0, e, "key \"%s\" appears twice", f[0]);
        }
    sv_param *p = push(l, e);
    if (!p)
        return SV_ERR_NOMEM;
    p->key = keep(l, f[0]);
    const struct param_spec *ps = param_spec_of(f[0]);
    if (!ps) /* a key of the user's own, read by nothing: any sane number */
        TRY(num(l, f, 1, line, 6, 0, INT64_C(1000000000000000), &p->value_micro, e));
    else {
        TRY(num(l, f, 1, line, 6, INT64_MIN, INT64_MAX, &p->value_micro, e));
        if (p->value_micro < ps->min * 1000000 || p->value_micro > ps->max * 1000000)
            return bad(l, line, 1, e, "%s %s is outside %lld..%lld %s", f[0], f[1],
                       (long long)ps->min, (long long)ps->max, ps->unit);
    }
    p->unit = keep(l, f[2]);
    p->source = keep(l, f[3]);
    return SV_OK;
}

/* ---- small_run.tsv ---- */
static const char *const small_cols[] = {"units", "cm_multiplier_pct", "trims_multiplier_pct",
                                         "source", NULL};

static sv_code small_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_small_run *r = push(l, e);
    if (!r)
        return SV_ERR_NOMEM;
    TRY(num(l, f, 0, line, 0, 1, 10000000, &r->units, e));
    TRY(num(l, f, 1, line, 2, 10000, 100000, &r->cm_pct_bp, e));
    TRY(num(l, f, 2, line, 2, 10000, 100000, &r->trims_pct_bp, e));
    if (l->n > 1) {
        sv_small_run *prev = r - 1;
        if (prev->units >= r->units)
            return bad(l, line, 0, e, "rows must be sorted by units, ascending");
        if (r->cm_pct_bp > prev->cm_pct_bp || r->trims_pct_bp > prev->trims_pct_bp)
            return bad(l, line, 1, e, "multipliers must not grow with the run length");
    }
    r->source = keep(l, f[3]);
    return SV_OK;
}

/* ---- setup.tsv (issue 9, item 2) ---- */
static const char *const setup_cols[] = {"category", "per_style_usd", "per_color_usd", "source",
                                         NULL};

static sv_code setup_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    int c;
    TRY(category_col(l, f, 0, line, false, &c, e));
    for (size_t i = 0; i < l->n; i++)
        if (((sv_setup_cost *)l->items)[i].category == c)
            return bad(l, line, 0, e, "category \"%s\" appears twice", f[0]);
    sv_setup_cost *r = push(l, e);
    if (!r)
        return SV_ERR_NOMEM;
    r->category = c;
    TRY(num(l, f, 1, line, 2, 0, 10000000, &r->per_style, e));
    TRY(num(l, f, 2, line, 2, 0, 10000000, &r->per_color, e));
    r->source = keep(l, f[3]);
    return SV_OK;
}

/* ---- lead_times.tsv ---- */
static const char *const lead_cols[] = {"stage", "origin", "complexity", "days", "source", NULL};

static sv_code lead_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_lead_time *t = push(l, e);
    if (!t)
        return SV_ERR_NOMEM;
    t->stage = sv_stage_parse(f[0]);
    if ((int)t->stage < 0)
        return bad(l, line, 0, e, "unknown stage \"%s\"", f[0]);
    if (strcmp(f[1], "*") == 0 || is_region(f[1]))
        snprintf(t->origin, sizeof t->origin, "%s", f[1]);
    else
        TRY(country_col(l, f, 1, line, false, t->origin, e));
    if (strcmp(f[2], "*") == 0)
        t->complexity = 0;
    else
        TRY(inum(l, f, 2, line, 1, 3, &t->complexity, e));
    int64_t max = t->stage == SV_STAGE_OUTPUT_PER_DAY ? 100000 : 365;
    TRY(num(l, f, 3, line, 0, t->stage == SV_STAGE_OUTPUT_PER_DAY ? 1 : 0, max, &t->days, e));
    t->source = keep(l, f[4]);
    for (size_t i = 0; i + 1 < l->n; i++) {
        const sv_lead_time *o = &((sv_lead_time *)l->items)[i];
        if (o->stage == t->stage && o->complexity == t->complexity &&
            strcmp(o->origin, t->origin) == 0)
            return bad(l, line, 0, e, "%s for %s at complexity %s appears twice", f[0], f[1],
                       f[2]);
    }
    return SV_OK;
}

/* ---- holidays.tsv ---- */
static const char *const holiday_cols[] = {"holiday", "year", "date", "source", NULL};

static sv_code holiday_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_holiday *h = push(l, e);
    if (!h)
        return SV_ERR_NOMEM;
    if (strlen(f[0]) >= sizeof h->id)
        return bad(l, line, 0, e, "holiday id is too long");
    snprintf(h->id, sizeof h->id, "%s", f[0]);
    int year;
    TRY(inum(l, f, 1, line, SV_DATE_FIRST_YEAR, SV_DATE_LAST_YEAR, &year, e));
    if (!sv_date_parse(f[2], &h->date))
        return bad(l, line, 2, e, "expected a real date YYYY-MM-DD, found \"%s\"", f[2]);
    if (!sv_date_supported(h->date))
        return bad(l, line, 2, e, "%s is outside the dates selvedge plans in (" SV_DATE_RANGE_TEXT
                   ")", f[2]);
    if (h->date.year != year)
        return bad(l, line, 2, e, "%s is not in %d", f[2], year);
    h->source = keep(l, f[3]);
    return SV_OK;
}

/* ---- closure_rules.tsv ---- */
static const char *const rule_cols[] = {"country", "holiday", "days_before", "days_after",
                                        "source", NULL};

static sv_code rule_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_closure_rule *r = push(l, e);
    if (!r)
        return SV_ERR_NOMEM;
    TRY(country_col(l, f, 0, line, false, r->country, e));
    bool known = false;
    for (size_t i = 0; i < l->rd->n_holidays; i++)
        if (strcmp(l->rd->holidays[i].id, f[1]) == 0)
            known = true;
    if (!known)
        return bad(l, line, 1, e, "no holiday \"%s\" in holidays.tsv", f[1]);
    snprintf(r->holiday, sizeof r->holiday, "%s", f[1]);
    TRY(inum(l, f, 2, line, 0, 60, &r->days_before, e));
    TRY(inum(l, f, 3, line, 0, 60, &r->days_after, e));
    r->source = keep(l, f[4]);
    for (size_t i = 0; i + 1 < l->n; i++) {
        const sv_closure_rule *o = &((sv_closure_rule *)l->items)[i];
        if (strcmp(o->country, r->country) == 0 && strcmp(o->holiday, r->holiday) == 0)
            return bad(l, line, 1, e, "%s %s appears twice", r->country, r->holiday);
    }
    return SV_OK;
}

/* ---- the T&A calendar's own tables (issue 9) ---- */

/* ---- customs_unions.tsv ---- */
static const char *const union_cols[] = {"union", "member", "clearance", "source", NULL};

static sv_code union_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_customs_union *u = push(l, e);
    if (!u)
        return SV_ERR_NOMEM;
    if (strlen(f[0]) >= sizeof u->name)
        return bad(l, line, 0, e, "union name \"%s\" is longer than %zu characters", f[0],
                   sizeof u->name - 1);
    snprintf(u->name, sizeof u->name, "%s", f[0]);
    TRY(country_col(l, f, 1, line, true, u->member, e));
    if (strcmp(f[2], "border") == 0)
        u->clears = true;
    else if (strcmp(f[2], "none") != 0)
        return bad(l, line, 2, e, "clearance is none or border, not \"%s\"", f[2]);
    u->source = keep(l, f[3]);
    for (size_t i = 0; i + 1 < l->n; i++) {
        const sv_customs_union *o = &((sv_customs_union *)l->items)[i];
        if (strcmp(o->name, u->name) != 0)
            continue;
        if (strcmp(o->member, u->member) == 0)
            return bad(l, line, 1, e, "%s is listed twice in %s", u->member, u->name);
        if (o->clears != u->clears)
            return bad(l, line, 2, e, "%s says %s here and %s on an earlier line", u->name, f[2],
                       o->clears ? "border" : "none");
    }
    return SV_OK;
}

/* ---- restart_capacity.tsv ---- */
static const char *const restart_cols[] = {"country",      "holiday", "days",
                                           "capacity_pct", "source",  NULL};

static sv_code restart_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_restart *r = push(l, e);
    if (!r)
        return SV_ERR_NOMEM;
    TRY(country_col(l, f, 0, line, false, r->country, e));
    /* the holiday must be one on file (a typo would never apply); a country whose closure
     * rules (perhaps the user's own) do not close it for that holiday has nothing to follow,
     * and the row does nothing */
    bool known = false;
    for (size_t i = 0; i < l->rd->n_holidays; i++)
        known |= strcmp(l->rd->holidays[i].id, f[1]) == 0;
    if (!known)
        return bad(l, line, 1, e, "no holiday \"%s\" in holidays.tsv", f[1]);
    snprintf(r->holiday, sizeof r->holiday, "%s", f[1]);
    TRY(inum(l, f, 2, line, 1, 60, &r->days, e));
    TRY(inum(l, f, 3, line, 1, 99, &r->capacity_pct, e));
    r->source = keep(l, f[4]);
    for (size_t i = 0; i + 1 < l->n; i++) {
        const sv_restart *o = &((sv_restart *)l->items)[i];
        if (strcmp(o->country, r->country) == 0 && strcmp(o->holiday, r->holiday) == 0)
            return bad(l, line, 1, e, "%s %s appears twice", r->country, r->holiday);
    }
    return SV_OK;
}

/* ---- fabric_sources.tsv ---- */
static const char *const fabric_cols[] = {
    "origin",      "construction", "mill_country", "stock_days",
    "custom_days", "ship_days",    "source",       NULL};

static sv_code fabric_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_fabric_source_row *r = push(l, e);
    if (!r)
        return SV_ERR_NOMEM;
    if (is_region(f[0]))
        snprintf(r->origin, sizeof r->origin, "%s", f[0]);
    else
        TRY(country_col(l, f, 0, line, false, r->origin, e));
    r->construction = -1;
    if (strcmp(f[1], "*") != 0) {
        r->construction = sv_construction_parse(f[1]);
        if (r->construction < 0)
            return bad(l, line, 1, e,
                       "unknown construction \"%s\" (knit, woven, sweater-knit, "
                       "denim, leather, other, *)",
                       f[1]);
    }
    TRY(country_col(l, f, 2, line, false, r->mill, e));
    TRY(inum(l, f, 3, line, 1, 365, &r->stock_days, e));
    TRY(inum(l, f, 4, line, 1, 365, &r->custom_days, e));
    TRY(inum(l, f, 5, line, 0, 120, &r->ship_days, e));
    if (strcmp(r->mill, r->origin) == 0 && r->ship_days != 0)
        return bad(l, line, 5, e, "fabric made at home (%s) is not shipped: ship_days is 0",
                   r->mill);
    r->source = keep(l, f[6]);
    for (size_t i = 0; i + 1 < l->n; i++) {
        const sv_fabric_source_row *o = &((sv_fabric_source_row *)l->items)[i];
        if (strcmp(o->origin, r->origin) == 0 && o->construction == r->construction)
            return bad(l, line, 1, e, "%s %s appears twice", f[0], f[1]);
    }
    return SV_OK;
}

/* ---- courier.tsv ---- */
static const char *const courier_cols[] = {"from", "to", "days_low", "days_high", "source", NULL};

static sv_code courier_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_courier *c = push(l, e);
    if (!c)
        return SV_ERR_NOMEM;
    if (strcmp(f[0], "*") == 0 || is_region(f[0]))
        snprintf(c->from, sizeof c->from, "%s", f[0]);
    else
        TRY(country_col(l, f, 0, line, false, c->from, e));
    if (strcmp(f[1], "*") == 0 || is_region(f[1]))
        snprintf(c->to, sizeof c->to, "%s", f[1]);
    else
        TRY(country_col(l, f, 1, line, true, c->to, e));
    TRY(inum(l, f, 2, line, 1, 60, &c->days_low, e));
    TRY(inum(l, f, 3, line, 1, 60, &c->days_high, e));
    if (c->days_low > c->days_high)
        return bad(l, line, 3, e, "days_high is below days_low");
    c->source = keep(l, f[4]);
    for (size_t i = 0; i + 1 < l->n; i++) {
        const sv_courier *o = &((sv_courier *)l->items)[i];
        if (strcmp(o->from, c->from) == 0 && strcmp(o->to, c->to) == 0)
            return bad(l, line, 1, e, "%s to %s appears twice", f[0], f[1]);
    }
    return SV_OK;
}

/* ---- payment_terms.tsv ---- */
static const char *const payterm_cols[] = {"origin",          "method", "deposit_pct_min",
                                           "credit_days_max", "source", NULL};

static sv_code payterm_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_payment_norm *r = push(l, e);
    if (!r)
        return SV_ERR_NOMEM;
    if (strcmp(f[0], "*") != 0)
        TRY(country_col(l, f, 0, line, false, r->origin, e));
    r->method = sv_payment_method_parse(f[1]);
    if (r->method != SV_PAY_LC_SIGHT && r->method != SV_PAY_LC_USANCE && r->method != SV_PAY_DP)
        return bad(l, line, 1, e, "method must be lc-at-sight, lc-usance or d/p, not \"%s\"", f[1]);
    TRY(num(l, f, 2, line, 2, 0, 10000, &r->deposit_bp_min, e));
    TRY(inum(l, f, 3, line, 0, 365, &r->credit_days_max, e));
    if (r->method == SV_PAY_LC_USANCE && r->credit_days_max == 0)
        return bad(l, line, 3, e, "an lc-usance row needs its longest usance (1-365 days)");
    if (r->method != SV_PAY_LC_USANCE && r->credit_days_max != 0)
        return bad(l, line, 3, e, "only lc-usance has days: 0 here");
    r->source = keep(l, f[4]);
    for (size_t i = 0; i + 1 < l->n; i++) {
        const sv_payment_norm *o = &((sv_payment_norm *)l->items)[i];
        if (strcmp(o->origin, r->origin) == 0 && o->method == r->method)
            return bad(l, line, 1, e, "%s %s appears twice", f[0], f[1]);
    }
    return SV_OK;
}

/* ---- findings (issue 9, item 4): kids_safety.tsv, claims.tsv ---- */
static const char *const kids_rule_names[SV_KIDS__COUNT] = {
    "drawstrings", "small_parts", "lead", "phthalates", "tracking_label", "sleepwear", "chemicals"};

const char *sv_kids_rule_name(sv_kids_rule r)
{
    return (int)r >= 0 && r < SV_KIDS__COUNT ? kids_rule_names[r] : "?";
}

bool sv_kids_safety_applies(const sv_kids_safety *k, const char *dest)
{
    if (strcmp(k->destination, dest) == 0)
        return true;
    return strcmp(k->destination, "EU") == 0 && sv_country_in_eu(dest);
}

static const char *const kids_cols[] = {"destination", "rule",       "genders", "categories",
                                        "ages",        "limit",      "limit_unit", "kind",
                                        "text",        "source",     NULL};

static sv_code kids_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_kids_safety *k = push(l, e);
    if (!k)
        return SV_ERR_NOMEM;
    TRY(country_col(l, f, 0, line, true, k->destination, e));
    k->rule = SV_KIDS__COUNT;
    for (int r = 0; r < SV_KIDS__COUNT; r++)
        if (strcmp(f[1], kids_rule_names[r]) == 0)
            k->rule = (sv_kids_rule)r;
    if (k->rule == SV_KIDS__COUNT)
        return bad(l, line, 1, e,
                   "unknown rule \"%s\" (drawstrings, small_parts, lead, phthalates, "
                   "tracking_label, sleepwear, chemicals)",
                   f[1]);
    char copy[512];
    char *save = NULL;
    if (strcmp(f[2], "*") == 0) {
        for (int g = 0; g < SV_GENDER__COUNT; g++)
            k->genders[g] = sv_gender_is_child((sv_gender)g);
    } else {
        snprintf(copy, sizeof copy, "%s", f[2]);
        for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
            while (*w == ' ')
                w++;
            sv_gender g = sv_gender_parse(w);
            if ((int)g < 0 || !sv_gender_is_child(g))
                return bad(l, line, 2, e, "\"%s\" is not a children's gender (kids, girls, boys, "
                                          "baby) or *", w);
            k->genders[g] = true;
        }
    }
    if (strcmp(f[3], "*") == 0) {
        for (int c = 0; c < SV_CAT__COUNT; c++)
            k->categories[c] = true;
    } else {
        if (strlen(f[3]) >= sizeof copy)
            return bad(l, line, 3, e, "the list is too long");
        snprintf(copy, sizeof copy, "%s", f[3]);
        save = NULL;
        for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
            while (*w == ' ')
                w++;
            sv_category c = sv_category_parse(w);
            if ((int)c < 0)
                return bad(l, line, 3, e, "unknown category \"%s\"", w);
            k->categories[c] = true;
        }
    }
    int from = -1, to = -1, used = 0;
    if (sscanf(f[4], "%d-%d%n", &from, &to, &used) != 2 || f[4][used] || from < 0 || to > 18 ||
        from > to)
        return bad(l, line, 4, e, "ages are years as from-to within 0-18 (\"0-12\"), not \"%s\"",
                   f[4]);
    k->age_from = from;
    k->age_to = to;
    k->limit = -1;
    if (strcmp(f[5], "-") != 0) {
        TRY(num(l, f, 5, line, 0, 0, 1000000, &k->limit, e));
        if (strcmp(f[6], "ppm") != 0 && strcmp(f[6], "mm") != 0)
            return bad(l, line, 6, e, "limit_unit is ppm or mm, not \"%s\"", f[6]);
        k->limit_unit = keep(l, f[6]);
    } else if (strcmp(f[6], "-") != 0) {
        return bad(l, line, 6, e, "a row without a limit has limit_unit -");
    }
    if (strcmp(f[7], "test") == 0)
        k->test = true;
    else if (strcmp(f[7], "rule") != 0)
        return bad(l, line, 7, e, "kind is test or rule, not \"%s\"", f[7]);
    if (!f[8][0])
        return bad(l, line, 8, e, "the rule needs its text");
    if (!f[9][0])
        return bad(l, line, 9, e, "the rule needs its source");
    k->text = keep(l, f[8]);
    k->source = keep(l, f[9]);
    for (size_t i = 0; i + 1 < l->n; i++) {
        const sv_kids_safety *o = &((sv_kids_safety *)l->items)[i];
        if (strcmp(o->destination, k->destination) == 0 && o->rule == k->rule)
            return bad(l, line, 1, e, "%s %s appears twice", f[0], f[1]);
    }
    return SV_OK;
}

static const char *const claim_cols[] = {"claim", "fibre", "standards", "text", "source", NULL};

static sv_code claim_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_claim_rule *r = push(l, e);
    if (!r)
        return SV_ERR_NOMEM;
    for (int col = 0; col < 5; col++)
        if (!f[col][0])
            return bad(l, line, col, e, "is empty");
    for (const char *p = f[0]; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == ' ' || *p == '-'))
            return bad(l, line, 0, e, "a claim is words (letters, spaces, hyphens), not \"%s\"",
                       f[0]);
    r->claim = keep(l, f[0]);
    r->fibre = strcmp(f[1], "*") == 0 ? NULL : keep(l, f[1]);
    if (f[2][0] == '|' || f[2][strlen(f[2]) - 1] == '|' || strstr(f[2], "||"))
        return bad(l, line, 2, e, "standards are names joined by '|', not \"%s\"", f[2]);
    r->standards = keep(l, f[2]);
    r->text = keep(l, f[3]);
    r->source = keep(l, f[4]);
    return SV_OK;
}

typedef struct file_spec {
    const char *name;
    const char *const *cols;
    sv_tsv_row_fn fn;
    size_t item_size;           /* 0: rows go into fixed tables of sv_refdata */
    size_t items_at, count_at;  /* offsets in sv_refdata of the array and its count */
} file_spec;

#define LIST(type, items, count)                                                                   \
    sizeof(type), offsetof(sv_refdata, items), offsetof(sv_refdata, count)

/* ---- scorecard_weights.tsv ---- */
static const char *const scw_cols[] = {"code", "weight", "target", "source", NULL};

static sv_code scw_row(void *ud, char **f, int line, sv_err *e)
{
    loader *l = ud;
    sv_scorecard_weight_row *w = push(l, e);
    if (!w)
        return SV_ERR_NOMEM;
    if (sv_sc_code_parse(f[0]) < 0)
        return bad(l, line, 0, e, "unknown measure \"%s\"", f[0]);
    snprintf(w->code, sizeof w->code, "%s", f[0]);
    for (size_t i = 0; i + 1 < l->n; i++)
        if (strcmp(((sv_scorecard_weight_row *)l->items)[i].code, w->code) == 0)
            return bad(l, line, 0, e, "%s appears twice", f[0]);
    TRY(num(l, f, 1, line, 0, 0, 100, &w->weight, e));
    TRY(num(l, f, 2, line, 0, 0, 8760, &w->target, e));
    w->source = keep(l, f[3]);
    return SV_OK;
}

static const file_spec specs[] = {
    {"categories.tsv", cat_cols, cat_row, 0, 0, 0},
    {"price_bands.tsv", band_cols, band_row, 0, 0, 0},
    {"origins.tsv", origin_cols, origin_row, LIST(sv_origin_info, origins, n_origins)},
    {"duty.tsv", duty_cols, duty_row, LIST(sv_duty_rate, duties, n_duties)},
    {"duty_preferences.tsv", pref_cols, pref_row, LIST(sv_duty_pref, duty_prefs, n_duty_prefs)},
    {"freight.tsv", freight_cols, freight_row, LIST(sv_freight_rate, freight, n_freight)},
    {"fx.tsv", fx_cols, fx_row, LIST(sv_fx_rate, fx, n_fx)},
    /* issue 9 landed-cost tables */
    {"customs_valuation.tsv", valuation_cols, valuation_row,
     LIST(sv_valuation, valuations, n_valuations)},
    {"additional_duties.tsv", extra_cols, extra_row,
     LIST(sv_extra_duty, extra_duties, n_extra_duties)},
    {"customs_fees.tsv", fee_cols, fee_row, LIST(sv_customs_fee, fees, n_fees)},
    {"vat.tsv", vat_cols, vat_row, LIST(sv_vat, vats, n_vats)},
    {"params.tsv", param_cols, param_row, LIST(sv_param, params, n_params)},
    {"small_run.tsv", small_cols, small_row, LIST(sv_small_run, small_runs, n_small_runs)},
    /* small-run set-up by category (issue 9, item 2) */
    {"setup.tsv", setup_cols, setup_row, LIST(sv_setup_cost, setup_costs, n_setup_costs)},
    {"lead_times.tsv", lead_cols, lead_row, LIST(sv_lead_time, lead_times, n_lead_times)},
    /* holidays before the rules that name them */
    {"holidays.tsv", holiday_cols, holiday_row, LIST(sv_holiday, holidays, n_holidays)},
    {"closure_rules.tsv", rule_cols, rule_row,
     LIST(sv_closure_rule, closure_rules, n_closure_rules)},
    /* the T&A calendar's own tables (issue 9) */
    {"customs_unions.tsv", union_cols, union_row,
     LIST(sv_customs_union, customs_unions, n_customs_unions)},
    /* after the closure rules it follows */
    {"restart_capacity.tsv", restart_cols, restart_row, LIST(sv_restart, restarts, n_restarts)},
    {"fabric_sources.tsv", fabric_cols, fabric_row,
     LIST(sv_fabric_source_row, fabric_sources, n_fabric_sources)},
    {"courier.tsv", courier_cols, courier_row, LIST(sv_courier, couriers, n_couriers)},
    /* findings (issue 9, item 4) */
    {"payment_terms.tsv", payterm_cols, payterm_row,
     LIST(sv_payment_norm, payment_norms, n_payment_norms)},
    {"kids_safety.tsv", kids_cols, kids_row, LIST(sv_kids_safety, kids_safety, n_kids_safety)},
    {"claims.tsv", claim_cols, claim_row, LIST(sv_claim_rule, claim_rules, n_claim_rules)},
    /* scorecards (issue 10) */
    {"scorecard_weights.tsv", scw_cols, scw_row,
     LIST(sv_scorecard_weight_row, scorecard_weights, n_scorecard_weights)},
};

/* Checks that need a whole file: every category, every category x tier, every parameter
 * the engines read, at least one small-run row, a USD rate. */
static sv_code complete(const sv_refdata *rd, const file_spec *spec, const loader *l,
                        const char *path, sv_err *e)
{
    if (spec->fn == cat_row) {
        for (int c = 0; c < SV_CAT__COUNT; c++)
            if (!rd->categories[c].label)
                return sv_err_at(e, SV_ERR_SCHEMA, path, 0, 0, NULL, "category \"%s\" is missing",
                                 sv_category_name((sv_category)c));
    } else if (spec->fn == band_row) {
        for (int c = 0; c < SV_CAT__COUNT; c++)
            for (int t = 0; t < SV_TIER__COUNT; t++)
                if (!l->seen[c][t])
                    return sv_err_at(e, SV_ERR_SCHEMA, path, 0, 0, NULL,
                                     "no row for %s at tier %s", sv_category_name((sv_category)c),
                                     sv_tier_name((sv_tier)t));
    } else if (spec->fn == param_row) {
        for (size_t k = 0; k < sizeof params_known / sizeof params_known[0]; k++) {
            bool found = false;
            for (size_t i = 0; i < rd->n_params; i++)
                if (strcmp(rd->params[i].key, params_known[k].key) == 0)
                    found = true;
            if (!found)
                return sv_err_at(e, SV_ERR_SCHEMA, path, 0, 0, params_known[k].key,
                                 "required parameter is missing");
        }
    } else if (spec->fn == small_row && rd->n_small_runs == 0) {
        return sv_err_at(e, SV_ERR_SCHEMA, path, 0, 0, NULL, "has no rows");
    } else if (spec->fn == fx_row && !sv_refdata_fx(rd, "USD")) {
        return sv_err_at(e, SV_ERR_SCHEMA, path, 0, 0, NULL, "has no USD row");
    } else if (spec->fn == lead_row) {
        for (int st = 0; st < SV_STAGE__COUNT; st++) {
            bool found = false;
            for (size_t i = 0; i < rd->n_lead_times; i++)
                if ((int)rd->lead_times[i].stage == st && rd->lead_times[i].complexity == 0 &&
                    strcmp(rd->lead_times[i].origin, "*") == 0)
                    found = true;
            if (!found)
                return sv_err_at(e, SV_ERR_SCHEMA, path, 0, 0, NULL,
                                 "stage %s needs a default row (origin *, complexity *)",
                                 sv_stage_name((sv_stage)st));
        }
    } else if (spec->fn == scw_row) {
        for (int c = 0; c < SV_SC__COUNT; c++) {
            bool found = false;
            for (size_t i = 0; i < rd->n_scorecard_weights; i++)
                if (strcmp(rd->scorecard_weights[i].code, sv_sc_code_name((sv_sc_code)c)) == 0)
                    found = true;
            if (!found)
                return sv_err_at(e, SV_ERR_SCHEMA, path, 0, 0, NULL, "measure %s is missing",
                                 sv_sc_code_name((sv_sc_code)c));
        }
    } else if (spec->fn == origin_row && rd->n_origins == 0) {
        return sv_err_at(e, SV_ERR_SCHEMA, path, 0, 0, NULL, "has no rows");
    }
    return SV_OK;
}

/* The bytes of one reference file: the override when present, else the embedded copy.
 * *owned is set when the caller must free *data. */
static sv_code read_source(const char *dir, const char *name, char *path, size_t pathlen,
                           const char **data, size_t *len, char **owned, sv_err *e)
{
    *owned = NULL;
    if (dir) {
        snprintf(path, pathlen, "%s/%s", dir, name);
        FILE *f = fopen(path, "rb");
        if (f) {
            char *buf = NULL;
            size_t cap = 0, n = 0;
            for (;;) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 65536;
                    if (cap > (64u << 20)) {
                        free(buf);
                        fclose(f);
                        return sv_err_at(e, SV_ERR_IO, path, 0, 0, NULL, "file is too large");
                    }
                    char *nb = realloc(buf, cap);
                    if (!nb) {
                        free(buf);
                        fclose(f);
                        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
                    }
                    buf = nb;
                }
                size_t got = fread(buf + n, 1, cap - n, f);
                n += got;
                if (got == 0)
                    break;
            }
            bool failed = ferror(f);
            fclose(f);
            if (failed) {
                free(buf);
                return sv_err_at(e, SV_ERR_IO, path, 0, 0, NULL, "cannot read: %s",
                                 strerror(errno));
            }
            *data = buf ? buf : "";
            *len = n;
            *owned = buf;
            return SV_OK;
        }
        if (errno != ENOENT)
            return sv_err_at(e, SV_ERR_IO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    }
    for (const sv_embedded_file *ef = sv_embedded_files; ef->name; ef++) {
        if (strcmp(ef->name, name) == 0) {
            snprintf(path, pathlen, "data/%s", name);
            *data = ef->data;
            *len = ef->len;
            return SV_OK;
        }
    }
    return sv_err_set(e, SV_ERR_INTERNAL, "reference file %s is not built in", name);
}

/* Whether the file read for a reference table came from the override directory (its path is
 * under dir) rather than from the built-in copy ("data/NAME"). */
static bool owned_or_override(const char *dir, const char *path)
{
    size_t n = dir ? strlen(dir) : 0;
    return dir && strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* The override directory must be one the user can read: a mistyped name would otherwise
 * run on the built-in figures as if the user's were in use. An empty one holds no files and
 * overrides nothing, which is fine. */
static sv_code check_dir(const char *dir, sv_err *e)
{
    if (!*dir)
        return sv_err_set(e, SV_ERR_USAGE, "no directory of reference data given (an empty name)");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int err = fd < 0 ? errno : 0;
    if (fd >= 0) {
        close(fd);
        /* listed, but its files could not be opened: the search permission */
        if (faccessat(AT_FDCWD, dir, R_OK | X_OK, AT_EACCESS) != 0)
            err = errno;
    }
    if (err)
        return sv_err_at(e, SV_ERR_IO, dir, 0, 0, NULL,
                         "cannot read this directory of reference data: %s", strerror(err));
    return SV_OK;
}

sv_code sv_refdata_load(const char *dir, sv_refdata **out, sv_err *e)
{
    sv_code rc = SV_OK;
    *out = NULL;
    if (dir && (rc = check_dir(dir, e)) != SV_OK)
        return rc;
    sv_refdata *rd = calloc(1, sizeof *rd);
    if (!rd || !(rd->pool = sv_pool_create())) {
        free(rd);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++) {
        char path[1024];
        const char *data = NULL;
        size_t len = 0;
        char *owned = NULL;
        if ((rc = read_source(dir, specs[s].name, path, sizeof path, &data, &len, &owned, e)))
            goto out;
        loader l = {.rd = rd, .file = path, .cols = specs[s].cols, .size = specs[s].item_size};
        if (specs[s].fn == band_row && bands_have_gender(data, len)) {
            l.cols = band_cols_gender;
            l.gendered = true;
        }
        rc = sv_tsv_parse(path, data, len, l.cols, specs[s].fn, &l, e);
        free(owned);
        /* An override of params.tsv need not give every key: one it leaves out keeps its
         * built-in value (a parameter added by a newer selvedge, or one the user has no view
         * on). The other files are tables and are replaced whole. */
        if (rc == SV_OK && specs[s].fn == param_row && owned_or_override(dir, path)) {
            const char *bdata = NULL;
            size_t blen = 0;
            char *bowned = NULL, bpath[1024];
            rc = read_source(NULL, specs[s].name, bpath, sizeof bpath, &bdata, &blen, &bowned, e);
            if (rc == SV_OK) {
                l.fill_missing = true;
                rc = sv_tsv_parse(bpath, bdata, blen, specs[s].cols, specs[s].fn, &l, e);
                l.fill_missing = false;
            }
        }
        if (rc == SV_OK && l.n) {
            void *copy = sv_pool_alloc(rd->pool, l.n * l.size);
            if (!copy)
                rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            else {
                memcpy(copy, l.items, l.n * l.size);
                *(void **)((char *)rd + specs[s].items_at) = copy;
                *(size_t *)((char *)rd + specs[s].count_at) = l.n;
            }
        }
        if (rc == SV_OK)
            rc = complete(rd, &specs[s], &l, path, e);
        free(l.items);
        if (rc)
            goto out;
    }
    *out = rd;
    rd = NULL;
out:
    sv_refdata_free(rd);
    return rc;
}

void sv_refdata_free(sv_refdata *rd)
{
    if (!rd)
        return;
    sv_pool_free(rd->pool);
    free(rd);
}
