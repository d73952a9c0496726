/* Tests for lib/io/refdata_load.c and the lookups of lib/model/refdata.c.
 *
 * The built-in data must load and hang together (every band ordered, every origin's minimums
 * ordered, a freight row reachable from every origin). Lookups fall back in their documented
 * order. A user's override file replaces the built-in one, and when it is wrong the error
 * names the override file, the line and the column, so the user can go straight to the cell. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "selvedge/refdata.h"
#include "selvedge/scorecard.h"

#include "../test_util.h"

static sv_refdata *g_rd;

static int setup(void **state)
{
    (void)state;
    g_rd = tu_refdata();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sv_refdata_free(g_rd);
    g_rd = NULL;
    return 0;
}

/* ---- the built-in data ---- */

static void test_builtin_loads(void **state)
{
    (void)state;
    assert_true(g_rd->n_origins >= 10);
    assert_true(g_rd->n_duties > 0);
    assert_true(g_rd->n_freight > 0);
    assert_true(g_rd->n_fx > 0);
    assert_true(g_rd->n_params > 0);
    assert_true(g_rd->n_small_runs >= 2);
    for (int c = 0; c < SV_CAT__COUNT; c++) {
        const sv_category_info *ci = &g_rd->categories[c];
        assert_non_null(ci->label);
        assert_int_equal(ci->category, c);
        assert_true(ci->complexity >= 1 && ci->complexity <= 3);
        assert_true(ci->unit_weight_g > 0);
        assert_true(ci->sample_cost > 0);
        assert_true(ci->fabric_share_bp + ci->trims_share_bp + ci->cm_share_bp <= 9500);
        assert_true(ci->source && ci->source[0]);
    }
}

static void test_builtin_bands(void **state)
{
    (void)state;
    for (int c = 0; c < SV_CAT__COUNT; c++) {
        for (int t = 0; t < SV_TIER__COUNT; t++) {
            const sv_price_band *b = sv_refdata_band(g_rd, (sv_category)c, (sv_tier)t);
            assert_non_null(b);
            assert_int_equal(b->category, c);
            assert_int_equal(b->tier, t);
            assert_true(b->fob_low > 0);
            assert_true(b->fob_low <= b->fob_typical);
            assert_true(b->fob_typical <= b->fob_high);
            assert_true(b->retail_low <= b->retail_high);
            assert_true(b->source && b->source[0]);
            /* a tier up is never cheaper to make */
            if (t) {
                const sv_price_band *lo = sv_refdata_band(g_rd, (sv_category)c, (sv_tier)(t - 1));
                assert_true(b->fob_typical > lo->fob_typical);
                assert_true(b->retail_high > lo->retail_high);
            }
            /* the tier's shelf price covers its cost at least twice (DTC 2.5-4x landed) */
            if (b->retail_low < 2 * b->fob_low)
                fail_msg("%s/%s: retail_low %lld under twice fob_low %lld",
                         sv_category_name((sv_category)c), sv_tier_name((sv_tier)t),
                         (long long)b->retail_low, (long long)b->fob_low);
        }
    }
}

static void test_builtin_origins(void **state)
{
    (void)state;
    static const char *const dests[] = {"US", "EU", "DE", "GB", "CA", "AU", "JP"};
    for (size_t i = 0; i < g_rd->n_origins; i++) {
        const sv_origin_info *o = &g_rd->origins[i];
        assert_ptr_equal(sv_refdata_origin(g_rd, o->country), o);
        assert_true(o->moq_color_low <= o->moq_color_high);
        assert_true(o->moq_style_low <= o->moq_style_high);
        /* a style is at least one colour, an order at least one style */
        assert_true(o->moq_color_low <= o->moq_style_low);
        assert_true(o->moq_style_low <= o->moq_order_low);
        assert_true(o->sampling_days_low <= o->sampling_days_high);
        assert_true(o->production_days_low <= o->production_days_high);
        assert_true(o->cm_index > 0);
        /* every origin reaches every destination by sea and by air, by some fallback */
        for (size_t d = 0; d < sizeof dests / sizeof dests[0]; d++) {
            if (!sv_refdata_freight(g_rd, o->country, dests[d], SV_MODE_SEA) ||
                !sv_refdata_freight(g_rd, o->country, dests[d], SV_MODE_AIR))
                fail_msg("no freight from %s to %s", o->country, dests[d]);
        }
    }
    const sv_origin_info *cn = sv_refdata_origin(g_rd, "CN");
    assert_non_null(cn);
    assert_string_equal(cn->region, "asia");
    assert_int_equal(cn->cm_index, 100); /* the labour index base */
    assert_string_equal(sv_refdata_origin(g_rd, "PT")->region, "europe");
    assert_null(sv_refdata_origin(g_rd, "ZZ"));
    assert_null(sv_refdata_origin(g_rd, ""));
}

static void test_band_lookup_edges(void **state)
{
    (void)state;
    assert_null(sv_refdata_band(g_rd, SV_CAT_UNSET, SV_TIER_MID));
    assert_null(sv_refdata_band(g_rd, SV_CAT_TSHIRT, SV_TIER_UNSET));
    assert_null(sv_refdata_band(g_rd, SV_CAT__COUNT, SV_TIER_MID));
    assert_null(sv_refdata_band(g_rd, SV_CAT_TSHIRT, SV_TIER__COUNT));
    const sv_price_band *b = sv_refdata_band(g_rd, SV_CAT_TSHIRT, SV_TIER_MID);
    assert_int_equal(b->fob_low, 300);
    assert_int_equal(b->fob_typical, 450);
}

/* The categories of issue 9 have their rows: the US tariff lines of their own (sleepwear 6108,
 * babies' garments 6111, suit-type jackets 6203.3x, knit dresses 6104.4x), the bands of a
 * babies' garment not scaled again by the kids' factor, and girls' bands those of kids'. */
static void test_new_categories_rows(void **state)
{
    (void)state;
    struct {
        sv_category c;
        sv_fiber f;
        int64_t bp;
    } us[] = {{SV_CAT_SLEEPWEAR, SV_FIBER_COTTON, 850},
              {SV_CAT_SLEEPWEAR, SV_FIBER_SYNTHETIC, 1600},
              {SV_CAT_BABYWEAR, SV_FIBER_COTTON, 810},
              {SV_CAT_BABYWEAR, SV_FIBER_SYNTHETIC, 1600},
              {SV_CAT_JACKET_TAILORED, SV_FIBER_WOOL, 1750},
              {SV_CAT_JACKET_TAILORED, SV_FIBER_COTTON, 940},
              {SV_CAT_JACKET_TAILORED, SV_FIBER_SYNTHETIC, 2730},
              {SV_CAT_DRESS_KNIT, SV_FIBER_COTTON, 1150},
              {SV_CAT_DRESS_KNIT, SV_FIBER_SYNTHETIC, 1600}};
    for (size_t i = 0; i < sizeof us / sizeof us[0]; i++) {
        const sv_duty_rate *d = sv_refdata_duty(g_rd, "US", us[i].c, us[i].f);
        assert_non_null(d);
        assert_int_equal(d->category, us[i].c);
        assert_int_equal(d->rate_bp, us[i].bp);
    }
    assert_int_equal(sv_refdata_duty(g_rd, "JP", SV_CAT_JACKET_TAILORED, SV_FIBER_WOOL)->rate_bp,
                     910);
    sv_price_band kid, girl, baby, baby_adult;
    assert_true(sv_refdata_band_for(g_rd, SV_CAT_TSHIRT, SV_TIER_MID, SV_GENDER_KIDS, &kid));
    assert_true(sv_refdata_band_for(g_rd, SV_CAT_TSHIRT, SV_TIER_MID, SV_GENDER_GIRLS, &girl));
    assert_int_equal(kid.fob_low, girl.fob_low);
    assert_int_equal(kid.retail_high, girl.retail_high);
    assert_true(kid.fob_low < sv_refdata_band(g_rd, SV_CAT_TSHIRT, SV_TIER_MID)->fob_low);
    assert_true(sv_refdata_band_for(g_rd, SV_CAT_BABYWEAR, SV_TIER_MID, SV_GENDER_BABY, &baby));
    assert_true(
        sv_refdata_band_for(g_rd, SV_CAT_BABYWEAR, SV_TIER_MID, SV_GENDER_UNISEX, &baby_adult));
    assert_int_equal(baby.fob_low, baby_adult.fob_low);
    assert_int_equal(baby.fob_low, sv_refdata_band(g_rd, SV_CAT_BABYWEAR, SV_TIER_MID)->fob_low);
}

/* ---- duty ---- */

static void test_duty_builtin(void **state)
{
    (void)state;
    /* most specific row first */
    const sv_duty_rate *d = sv_refdata_duty(g_rd, "US", SV_CAT_LEGGINGS, SV_FIBER_SYNTHETIC);
    assert_non_null(d);
    assert_int_equal(d->category, SV_CAT_LEGGINGS);
    assert_int_equal(d->fiber, SV_FIBER_SYNTHETIC);
    assert_int_equal(d->rate_bp, 2820);
    /* no wool leggings row: the category's any-fibre row */
    d = sv_refdata_duty(g_rd, "US", SV_CAT_LEGGINGS, SV_FIBER_WOOL);
    assert_int_equal(d->category, SV_CAT_LEGGINGS);
    assert_int_equal(d->fiber, -1);
    /* EU: one rate for nearly all apparel */
    d = sv_refdata_duty(g_rd, "EU", SV_CAT_TSHIRT, SV_FIBER_COTTON);
    assert_int_equal(d->category, -1);
    assert_int_equal(d->fiber, -1);
    assert_int_equal(d->rate_bp, 1200);
    /* member states use the EU rows */
    assert_ptr_equal(sv_refdata_duty(g_rd, "DE", SV_CAT_TSHIRT, SV_FIBER_COTTON), d);
    assert_ptr_equal(sv_refdata_duty(g_rd, "PT", SV_CAT_TSHIRT, SV_FIBER_COTTON), d);
    /* leather bags into the EU have their own row, textile ones the bag row */
    assert_int_equal(sv_refdata_duty(g_rd, "FR", SV_CAT_BAG, SV_FIBER_OTHER)->rate_bp, 300);
    assert_int_equal(sv_refdata_duty(g_rd, "FR", SV_CAT_BAG, SV_FIBER_COTTON)->rate_bp, 270);
    /* the UK left: its own tariff */
    assert_string_equal(sv_refdata_duty(g_rd, "GB", SV_CAT_TSHIRT, SV_FIBER_COTTON)->destination,
                        "GB");
    /* a destination with no tariff on file */
    assert_null(sv_refdata_duty(g_rd, "XX", SV_CAT_TSHIRT, SV_FIBER_COTTON));
}

static void test_eu_membership(void **state)
{
    (void)state;
    static const char *const in[] = {"DE", "FR", "IT", "ES", "PT", "NL", "PL", "RO", "BG", "IE"};
    static const char *const out[] = {"GB", "CH", "NO", "TR", "US", "EU", "MA", ""};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        assert_true(sv_country_in_eu(in[i]));
    for (size_t i = 0; i < sizeof out / sizeof out[0]; i++)
        assert_false(sv_country_in_eu(out[i]));
}

/* ---- freight ---- */

static void test_freight_fallbacks(void **state)
{
    (void)state;
    /* (country, dest) */
    const sv_freight_rate *r = sv_refdata_freight(g_rd, "CN", "US", SV_MODE_SEA);
    assert_string_equal(r->origin, "CN");
    assert_string_equal(r->destination, "US");
    assert_int_equal(r->mode, SV_MODE_SEA);
    const sv_freight_rate *air = sv_refdata_freight(g_rd, "CN", "US", SV_MODE_AIR);
    assert_int_equal(air->mode, SV_MODE_AIR);
    assert_true(air->per_kg > r->per_kg);
    assert_true(air->transit_days_high < r->transit_days_low);
    /* a member state uses the EU row */
    r = sv_refdata_freight(g_rd, "CN", "DE", SV_MODE_SEA);
    assert_string_equal(r->origin, "CN");
    assert_string_equal(r->destination, "EU");
    /* no CN row for Canada: the region's */
    r = sv_refdata_freight(g_rd, "CN", "CA", SV_MODE_SEA);
    assert_string_equal(r->origin, "asia");
    assert_string_equal(r->destination, "CA");
    /* Cambodia has no country rows at all */
    r = sv_refdata_freight(g_rd, "KH", "US", SV_MODE_SEA);
    assert_string_equal(r->origin, "asia");
    assert_string_equal(r->destination, "US");
    r = sv_refdata_freight(g_rd, "KH", "BR", SV_MODE_SEA);
    assert_string_equal(r->origin, "asia");
    assert_string_equal(r->destination, "*");
    r = sv_refdata_freight(g_rd, "TR", "JP", SV_MODE_AIR);
    assert_string_equal(r->origin, "europe");
    assert_string_equal(r->destination, "*");
    assert_int_equal(r->mode, SV_MODE_AIR);
    /* an origin not on file has no region to fall back to */
    assert_null(sv_refdata_freight(g_rd, "ZZ", "US", SV_MODE_SEA));
}

/* ---- fx ---- */

static void test_fx(void **state)
{
    (void)state;
    const sv_fx_rate *usd = sv_refdata_fx(g_rd, "USD");
    assert_non_null(usd);
    assert_int_equal(usd->usd_per_unit_micro, 1000000);
    const sv_fx_rate *eur = sv_refdata_fx(g_rd, "EUR");
    assert_non_null(eur);
    assert_true(eur->usd_per_unit_micro > 0);
    assert_null(sv_refdata_fx(g_rd, "KWD"));
    assert_null(sv_refdata_fx(g_rd, "XYZ"));
    for (size_t i = 0; i < g_rd->n_fx; i++) {
        assert_true(g_rd->fx[i].usd_per_unit_micro > 0);
        assert_non_null(sv_currency_find(g_rd->fx[i].currency));
    }

    sv_minor v;
    assert_true(sv_refdata_from_usd(g_rd, 1234, sv_currency_find("USD"), &v));
    assert_int_equal(v, 1234);
    /* 100.00 EUR worth of dollars comes back as 100.00 EUR */
    assert_true(sv_refdata_from_usd(g_rd, sv_muldiv(10000, eur->usd_per_unit_micro, 1000000),
                                    sv_currency_find("EUR"), &v));
    assert_int_equal(v, 10000);
    /* yen: no minor unit. 1.00 USD = 1 / usd_per_yen yen, rounded to the yen */
    const sv_fx_rate *jpy = sv_refdata_fx(g_rd, "JPY");
    assert_true(sv_refdata_from_usd(g_rd, 100, sv_currency_find("JPY"), &v));
    assert_int_equal(v, sv_muldiv(1000000, 1, jpy->usd_per_unit_micro));
    /* and back, to within a cent */
    sv_minor back;
    for (sv_minor usd_cents = 100; usd_cents <= 1000000; usd_cents *= 10) {
        static const char *const codes[] = {"EUR", "JPY", "GBP", "INR", "KRW"};
        for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
            const sv_currency *c = sv_currency_find(codes[i]);
            assert_true(sv_refdata_from_usd(g_rd, usd_cents, c, &v));
            assert_true(sv_refdata_to_usd(g_rd, v, c, &back));
            /* a won is a tenth of a cent, a yen under a cent: within one cent (KRW, JPY) or
             * within the precision of the rate */
            if (back < usd_cents - 1 || back > usd_cents + 1)
                fail_msg("%s: %lld cents -> %lld -> %lld cents", codes[i], (long long)usd_cents,
                         (long long)v, (long long)back);
        }
    }
    /* no rate: refused, not zero */
    assert_false(sv_refdata_from_usd(g_rd, 100, sv_currency_find("KWD"), &v));
    assert_false(sv_refdata_to_usd(g_rd, 100, sv_currency_find("KWD"), &v));
}

/* ---- params ---- */

static void test_params(void **state)
{
    (void)state;
    /* "0.40" percent: 40 at scale 2 (basis points), 400000 at scale 6 */
    assert_int_equal(sv_refdata_param(g_rd, "insurance_pct", 2), 40);
    assert_int_equal(sv_refdata_param(g_rd, "insurance_pct", 6), 400000);
    assert_int_equal(sv_refdata_param(g_rd, "dtc_min_multiple", 2), 250);
    assert_int_equal(sv_refdata_param(g_rd, "range_small_units", 0), 3000);
    /* metres at scale 3 are millimetres */
    assert_int_equal(sv_refdata_param(g_rd, "fabric_min_m_per_color", 3), 200000);
    assert_int_equal(sv_refdata_param(g_rd, "deposit_pct_min_credible", 2), 2000);
    for (size_t i = 0; i < g_rd->n_params; i++) {
        assert_true(g_rd->params[i].key && g_rd->params[i].key[0]);
        assert_true(g_rd->params[i].value_micro >= 0);
    }
}

/* ---- small runs ---- */

static void test_small_run_rows(void **state)
{
    (void)state;
    const sv_small_run *r = g_rd->small_runs;
    size_t n = g_rd->n_small_runs;
    for (size_t i = 1; i < n; i++) {
        assert_true(r[i].units > r[i - 1].units);
        assert_true(r[i].cm_pct_bp <= r[i - 1].cm_pct_bp);
        assert_true(r[i].trims_pct_bp <= r[i - 1].trims_pct_bp);
    }
    /* the last row is bulk */
    assert_int_equal(r[n - 1].cm_pct_bp, 10000);
    assert_int_equal(r[n - 1].trims_pct_bp, 10000);
}

static void test_small_run_interpolation(void **state)
{
    (void)state;
    const sv_small_run *r = g_rd->small_runs;
    size_t n = g_rd->n_small_runs;
    int64_t cm, tr;
    /* on a row: that row */
    for (size_t i = 0; i < n; i++) {
        sv_refdata_small_run(g_rd, r[i].units, &cm, &tr);
        assert_int_equal(cm, r[i].cm_pct_bp);
        assert_int_equal(tr, r[i].trims_pct_bp);
    }
    /* before the first row: the first row; one unit is not cheaper than 25 */
    sv_refdata_small_run(g_rd, 1, &cm, &tr);
    assert_int_equal(cm, r[0].cm_pct_bp);
    assert_int_equal(tr, r[0].trims_pct_bp);
    /* after the last: the last */
    sv_refdata_small_run(g_rd, r[n - 1].units * 10, &cm, &tr);
    assert_int_equal(cm, r[n - 1].cm_pct_bp);
    assert_int_equal(tr, r[n - 1].trims_pct_bp);
    /* between two rows: on the straight line between them */
    for (size_t i = 1; i < n; i++) {
        int64_t span = r[i].units - r[i - 1].units;
        int64_t mid = r[i - 1].units + span / 2;
        sv_refdata_small_run(g_rd, mid, &cm, &tr);
        assert_int_equal(cm, r[i - 1].cm_pct_bp + sv_muldiv(r[i].cm_pct_bp - r[i - 1].cm_pct_bp,
                                                            mid - r[i - 1].units, span));
        assert_int_equal(tr, r[i - 1].trims_pct_bp +
                                 sv_muldiv(r[i].trims_pct_bp - r[i - 1].trims_pct_bp,
                                           mid - r[i - 1].units, span));
        assert_true(cm <= r[i - 1].cm_pct_bp && cm >= r[i].cm_pct_bp);
    }
    /* by hand with today's rows: 200 units, halfway from 100 (180%, 145%) to 300 (140%,
     * 120%): 160% and 132.5% */
    if (r[2].units == 100 && r[3].units == 300 && r[2].cm_pct_bp == 18000 &&
        r[3].cm_pct_bp == 14000 && r[2].trims_pct_bp == 14500 && r[3].trims_pct_bp == 12000) {
        sv_refdata_small_run(g_rd, 200, &cm, &tr);
        assert_int_equal(cm, 16000);
        assert_int_equal(tr, 13250);
    }
    /* never rising with the run length */
    int64_t pcm = INT64_MAX, ptr = INT64_MAX;
    for (int64_t u = 1; u <= 6000; u += 7) {
        sv_refdata_small_run(g_rd, u, &cm, &tr);
        assert_true(cm <= pcm && tr <= ptr);
        pcm = cm;
        ptr = tr;
    }
}

/* ---- overrides ---- */

/* Load with one override file written into a fresh directory. The directory is returned in
 * *dir (free with tu_rmtree) so the caller can check that the error names it. */
static sv_code load_one(const char *name, const char *text, sv_refdata **rd, sv_err *e,
                        char **dir)
{
    *dir = tu_tempdir();
    tu_write_file(*dir, name, text);
    sv_err_clear(e);
    *rd = NULL;
    return sv_refdata_load(*dir, rd, e);
}

/* Expect the load to fail with a schema error at this file, line and column. line 0: the
 * error is about the whole file. field NULL: not checked. */
static void expect_schema_error(const char *name, const char *text, int line, const char *field)
{
    sv_refdata *rd;
    sv_err e;
    char *dir;
    sv_code rc = load_one(name, text, &rd, &e, &dir);
    char buf[1024];
    sv_err_format(&e, buf, sizeof buf);
    if (rc != SV_ERR_SCHEMA) {
        sv_refdata_free(rd);
        tu_rmtree(dir);
        fail_msg("%s: expected a schema error, got %s: %s", name, sv_code_name(rc), buf);
    }
    assert_null(rd);
    char want_file[4200];
    snprintf(want_file, sizeof want_file, "%s/%s", dir, name);
    if (strcmp(e.file, want_file) != 0) {
        tu_rmtree(dir);
        fail_msg("%s: error names file \"%s\", expected the override %s", name, e.file,
                 want_file);
    }
    if (e.line != line) {
        tu_rmtree(dir);
        fail_msg("%s: error at line %d, expected line %d (%s)", name, e.line, line, buf);
    }
    if (field && strcmp(e.field, field) != 0) {
        tu_rmtree(dir);
        fail_msg("%s: error names field \"%s\", expected \"%s\" (%s)", name, e.field, field, buf);
    }
    assert_true(strlen(e.msg) > 0);
    tu_rmtree(dir);
}

/* ---- kids' price bands (issue 9, item 4) ---- */

/* price_bands.tsv without its kids rows and, with drop_column, without its gender column:
 * the file an existing user's override looks like. */
static char *without_kids(const char *tsv, bool drop_column)
{
    char *out = malloc(strlen(tsv) + 1);
    assert_non_null(out);
    char *o = out;
    bool header = false;
    for (const char *p = tsv; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
        const char *t1 = *p == '#' ? NULL : memchr(p, '\t', n);
        const char *t2 = t1 ? memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - p)) : NULL;
        if (!t2) {
            memcpy(o, p, n); /* a comment or a blank line */
            o += n;
        } else if (!(header && strncmp(t2 + 1, "kids\t", 5) == 0)) {
            const char *cut = drop_column ? strchr(t2 + 1, '\t') : t2;
            memcpy(o, p, (size_t)(t2 - p));
            o += t2 - p;
            memcpy(o, cut, n - (size_t)(cut - p));
            o += n - (size_t)(cut - p);
        }
        if (t2)
            header = true;
        p += n;
    }
    *o = '\0';
    return out;
}

/* The built-in file gives every category but babywear kids' rows at every tier, and they
 * are not the flat 65%: a kids' FOB keeps its trims and most of its sewing (about 70% of the
 * adult's at the floor, more above), its retail is a smaller share; each row says it is an estimate and from what. */
static void test_kids_bands_builtin(void **state)
{
    (void)state;
    int64_t k = sv_refdata_param(g_rd, "kids_price_factor_pct", 2);
    for (int c = 0; c < SV_CAT__COUNT; c++)
        for (int t = 0; t < SV_TIER__COUNT; t++) {
            const sv_price_band *a = sv_refdata_band(g_rd, (sv_category)c, (sv_tier)t);
            sv_price_band kb;
            assert_true(sv_refdata_band_for(g_rd, (sv_category)c, (sv_tier)t, SV_GENDER_KIDS,
                                            &kb));
            if (c == SV_CAT_BABYWEAR) {
                assert_null(g_rd->kid_bands[c][t].source);
                assert_int_equal(kb.fob_low, a->fob_low);
                continue;
            }
            assert_non_null(g_rd->kid_bands[c][t].source);
            assert_non_null(strstr(kb.source, "estimate"));
            assert_true(kb.fob_low > sv_muldiv(a->fob_low, k, 10000));
            assert_true(kb.fob_low >= sv_muldiv(a->fob_low, 69, 100));
            assert_true(kb.fob_high < a->fob_high);
            assert_true(kb.retail_low < a->retail_low);
            if (t > 0) {
                sv_price_band lo;
                sv_refdata_band_for(g_rd, (sv_category)c, (sv_tier)(t - 1), SV_GENDER_BOYS, &lo);
                assert_true(lo.fob_low <= kb.fob_low);
                assert_true(lo.retail_low <= kb.retail_low);
            }
        }
    /* the mid kids' tee: 71.8%, 78.2%, 84.6% of 3.00 / 4.50 / 6.50; retail 55% of 20-35 */
    sv_price_band tee;
    sv_refdata_band_for(g_rd, SV_CAT_TSHIRT, SV_TIER_MID, SV_GENDER_BABY, &tee);
    assert_int_equal(tee.fob_low, 215);
    assert_int_equal(tee.fob_typical, 352);
    assert_int_equal(tee.fob_high, 550);
    assert_int_equal(tee.retail_low, 1100);
    assert_int_equal(tee.retail_high, 1925);
}

/* An override written before the gender column (an existing user's file) loads as it did:
 * kids' bands are its rows scaled by kids_price_factor_pct. With the column, its kids rows
 * are used, and a category and tier without one falls back to the factor. */
static void test_kids_bands_override(void **state)
{
    (void)state;
    char *bands = tu_embedded("price_bands.tsv");
    char *old = without_kids(bands, true);
    assert_null(strstr(old, "\tkids\t"));
    sv_refdata *rd;
    sv_err e;
    char *dir;
    assert_int_equal(load_one("price_bands.tsv", old, &rd, &e, &dir), SV_OK);
    int64_t k = sv_refdata_param(rd, "kids_price_factor_pct", 2);
    for (int c = 0; c < SV_CAT__COUNT; c++) {
        const sv_price_band *a = sv_refdata_band(rd, (sv_category)c, SV_TIER_MID);
        assert_int_equal(a->fob_low, sv_refdata_band(g_rd, (sv_category)c, SV_TIER_MID)->fob_low);
        sv_price_band kb;
        assert_true(sv_refdata_band_for(rd, (sv_category)c, SV_TIER_MID, SV_GENDER_KIDS, &kb));
        bool scaled = c != SV_CAT_BABYWEAR;
        assert_int_equal(kb.fob_low, scaled ? sv_money_mul_bp(a->fob_low, k) : a->fob_low);
        assert_int_equal(kb.retail_high,
                         scaled ? sv_money_mul_bp(a->retail_high, k) : a->retail_high);
    }
    sv_refdata_free(rd);
    tu_rmtree(dir);
    /* the new column with one kids row of the user's own */
    char *mine = without_kids(bands, false);
    char *rows = malloc(strlen(mine) + 200);
    assert_non_null(rows);
    sprintf(rows, "%st-shirt\tmid\tkids\t2.00\t3.00\t4.00\t10.00\t18.00\tmy own quotes\n", mine);
    assert_int_equal(load_one("price_bands.tsv", rows, &rd, &e, &dir), SV_OK);
    sv_price_band kb;
    sv_refdata_band_for(rd, SV_CAT_TSHIRT, SV_TIER_MID, SV_GENDER_GIRLS, &kb);
    assert_int_equal(kb.fob_low, 200);
    assert_int_equal(kb.retail_high, 1800);
    assert_string_equal(kb.source, "my own quotes");
    /* no kids row for the premium tee: the factor */
    sv_refdata_band_for(rd, SV_CAT_TSHIRT, SV_TIER_PREMIUM, SV_GENDER_GIRLS, &kb);
    assert_int_equal(kb.fob_low,
                     sv_money_mul_bp(sv_refdata_band(rd, SV_CAT_TSHIRT, SV_TIER_PREMIUM)->fob_low,
                                     sv_refdata_param(rd, "kids_price_factor_pct", 2)));
    /* men's and unisex keep the * row */
    sv_refdata_band_for(rd, SV_CAT_TSHIRT, SV_TIER_MID, SV_GENDER_UNISEX, &kb);
    assert_int_equal(kb.fob_low, 300);
    sv_refdata_free(rd);
    tu_rmtree(dir);
    free(rows);
    free(mine);
    free(old);
    free(bands);
}

/* A wrong gender, a kids row for babywear (its rows are babies' garments already), a kids row
 * given twice: refused at the line and column. */
static void test_kids_bands_errors(void **state)
{
    (void)state;
    char *bands = tu_embedded("price_bands.tsv");
    char *bad = tu_replace(bands, "hoodie\tmid\tkids\t", "hoodie\tmid\tkid\t");
    expect_schema_error("price_bands.tsv", bad, tu_line_of(bands, "hoodie\tmid\tkids\t"),
                        "gender");
    free(bad);
    bad = tu_replace(bands, "hoodie\tmid\t*\t", "hoodie\tmid\tgirls\t");
    expect_schema_error("price_bands.tsv", bad, tu_line_of(bands, "hoodie\tmid\t*\t"), "gender");
    free(bad);
    char *more = malloc(strlen(bands) + 256);
    assert_non_null(more);
    int lines = 0;
    sprintf(more, "%sbabywear\tmid\tkids\t2.00\t3.00\t4.00\t10.00\t18.00\tx\n", bands);
    for (const char *p = more; *p; p++)
        lines += *p == '\n';
    expect_schema_error("price_bands.tsv", more, lines, "gender");
    sprintf(more, "%sjeans\tmid\tkids\t7.00\t9.00\t12.00\t30.00\t60.00\tagain\n", bands);
    expect_schema_error("price_bands.tsv", more, lines, "tier");
    free(more);
    free(bands);
}

/* scorecard_weights.tsv: every measure once, weights 0-100; an override's weights are used. */
static void test_scorecard_weights(void **state)
{
    (void)state;
    assert_int_equal(g_rd->n_scorecard_weights, SV_SC__COUNT);
    int64_t brand = 0, factory = 0;
    for (size_t i = 0; i < g_rd->n_scorecard_weights; i++)
        *(strncmp(g_rd->scorecard_weights[i].code, "brand.", 6) == 0 ? &brand : &factory) +=
            g_rd->scorecard_weights[i].weight;
    assert_int_equal(brand, 100);
    assert_int_equal(factory, 100);

    /* the whole file written out, row 2 onwards one measure each */
    char text[4096] = "code\tweight\ttarget\tsource\n";
    for (int c = 0; c < SV_SC__COUNT; c++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s\t%d\t%d\tmine\n",
                 sv_sc_code_name((sv_sc_code)c), c == 0 ? 60 : 5, c == 5 ? 48 : 0);
    sv_refdata *rd;
    sv_err e;
    char *dir;
    assert_int_equal(load_one("scorecard_weights.tsv", text, &rd, &e, &dir), SV_OK);
    assert_string_equal(rd->scorecard_weights[0].code, "brand.pays_on_time");
    assert_int_equal(rd->scorecard_weights[0].weight, 60);
    assert_int_equal(rd->scorecard_weights[5].target, 48);
    sv_refdata_free(rd);
    tu_rmtree(dir);

    char *bad = tu_replace(text, "brand.repeat_orders\t5", "brand.repeat_order\t5");
    expect_schema_error("scorecard_weights.tsv", bad, 8, "code");
    free(bad);
    bad = tu_replace(text, "brand.repeat_orders\t5", "brand.pays_on_time\t5");
    expect_schema_error("scorecard_weights.tsv", bad, 8, "code");
    free(bad);
    bad = tu_replace(text, "brand.repeat_orders\t5", "brand.repeat_orders\t101");
    expect_schema_error("scorecard_weights.tsv", bad, 8, "weight");
    free(bad);
    bad = tu_replace(text, "factory.response_time\t5\t0\tmine\n", "");
    expect_schema_error("scorecard_weights.tsv", bad, 0, NULL);
    free(bad);
}

static void test_override_value_is_used(void **state)
{
    (void)state;
    char *params = tu_embedded("params.tsv");
    char *changed = tu_replace(params, "insurance_pct\t0.40\t", "insurance_pct\t1.25\t");
    sv_refdata *rd;
    sv_err e;
    char *dir;
    assert_int_equal(load_one("params.tsv", changed, &rd, &e, &dir), SV_OK);
    assert_int_equal(sv_refdata_param(rd, "insurance_pct", 2), 125);
    /* the other keys and the other files are the built-in ones */
    assert_int_equal(sv_refdata_param(rd, "dtc_min_multiple", 2),
                     sv_refdata_param(g_rd, "dtc_min_multiple", 2));
    assert_int_equal(rd->n_origins, g_rd->n_origins);
    assert_int_equal(rd->n_duties, g_rd->n_duties);
    sv_refdata_free(rd);
    tu_rmtree(dir);
    free(changed);
    free(params);
}

static void test_override_several_files(void **state)
{
    (void)state;
    /* a user's own Chinese minimums and t-shirt prices */
    char *origins = tu_embedded("origins.tsv");
    char *o2 = tu_replace(origins, "CN\tasia\t100\t600\t300\t1500\t1000\t",
                          "CN\tasia\t250\t600\t500\t1500\t2000\t");
    char *bands = tu_embedded("price_bands.tsv");
    char *b2 = tu_replace(bands, "t-shirt\tmid\t*\t3.00\t4.50\t6.50\t",
                          "t-shirt\tmid\t*\t3.20\t4.80\t6.50\t");
    char *dir = tu_tempdir();
    tu_write_file(dir, "origins.tsv", o2);
    tu_write_file(dir, "price_bands.tsv", b2);
    sv_refdata *rd = NULL;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_refdata_load(dir, &rd, &e), SV_OK);
    const sv_origin_info *cn = sv_refdata_origin(rd, "CN");
    assert_int_equal(cn->moq_color_low, 250);
    assert_int_equal(cn->moq_style_low, 500);
    assert_int_equal(cn->moq_order_low, 2000);
    assert_int_equal(sv_refdata_band(rd, SV_CAT_TSHIRT, SV_TIER_MID)->fob_typical, 480);
    assert_int_equal(sv_refdata_band(rd, SV_CAT_TSHIRT, SV_TIER_PREMIUM)->fob_typical,
                     sv_refdata_band(g_rd, SV_CAT_TSHIRT, SV_TIER_PREMIUM)->fob_typical);
    sv_refdata_free(rd);
    tu_rmtree(dir);
    free(o2);
    free(origins);
    free(b2);
    free(bands);
}

static void test_override_duty_order(void **state)
{
    (void)state;
    /* all four levels of the duty lookup, in a user's duty.tsv */
    static const char duty[] = "# a user's own duty file\n"
                               "destination\tcategory\tfiber\tgender\trate_pct\tsource\n"
                               "US\t*\t*\t*\t5\tany\n"
                               "US\t*\tcotton\t*\t10\tcotton anything\n"
                               "US\tt-shirt\t*\t*\t15\tany tee\n"
                               "US\tt-shirt\tsynthetic\t*\t20\tsynthetic tee\n"
                               "US\t*\t*\twomen\t7\twomen's anything\n"
                               "US\t*\t*\tbaby\t3\tbabies' anything\n"
                               "EU\t*\t*\t*\t12\tEU\n";
    sv_refdata *rd;
    sv_err e;
    char *dir;
    assert_int_equal(load_one("duty.tsv", duty, &rd, &e, &dir), SV_OK);
    assert_int_equal(rd->n_duties, 7);
    assert_int_equal(sv_refdata_duty(rd, "US", SV_CAT_TSHIRT, SV_FIBER_SYNTHETIC)->rate_bp, 2000);
    assert_int_equal(sv_refdata_duty(rd, "US", SV_CAT_TSHIRT, SV_FIBER_COTTON)->rate_bp, 1500);
    assert_int_equal(sv_refdata_duty(rd, "US", SV_CAT_HOODIE, SV_FIBER_COTTON)->rate_bp, 1000);
    assert_int_equal(sv_refdata_duty(rd, "US", SV_CAT_HOODIE, SV_FIBER_WOOL)->rate_bp, 500);
    assert_int_equal(sv_refdata_duty(rd, "IT", SV_CAT_HOODIE, SV_FIBER_WOOL)->rate_bp, 1200);
    assert_null(sv_refdata_duty(rd, "GB", SV_CAT_HOODIE, SV_FIBER_WOOL));
    /* a gender's row at any level beats the rows for any gender */
    static const char *const women[] = {"women", NULL}, *const baby[] = {"baby", NULL},
                             *const boys[] = {"boys", "men", NULL};
    assert_int_equal(
        sv_refdata_duty_for(rd, "US", SV_CAT_TSHIRT, SV_FIBER_SYNTHETIC, women)->rate_bp, 700);
    assert_int_equal(sv_refdata_duty_for(rd, "US", SV_CAT_TSHIRT, SV_FIBER_COTTON, baby)->rate_bp,
                     300);
    assert_int_equal(sv_refdata_duty_for(rd, "US", SV_CAT_TSHIRT, SV_FIBER_COTTON, boys)->rate_bp,
                     1500);
    /* fibre unknown (-1): the rows for any fibre only */
    assert_int_equal(sv_refdata_duty_for(rd, "US", SV_CAT_HOODIE, -1, boys)->rate_bp, 500);
    sv_refdata_free(rd);
    tu_rmtree(dir);
}

static void test_override_freight_order(void **state)
{
    (void)state;
    static const char freight[] = "origin\tdestination\tmode\tusd_per_kg\tmin_kg\t"
                                  "transit_days_low\ttransit_days_high\tsource\n"
                                  "CN\tUS\tsea\t1.00\t200\t20\t30\tcountry and destination\n"
                                  "CN\t*\tsea\t2.00\t200\t25\t40\tcountry, anywhere\n"
                                  "asia\tCA\tsea\t3.00\t200\t25\t40\tregion and destination\n"
                                  "asia\t*\tsea\t4.00\t200\t25\t50\tregion, anywhere\n"
                                  "TR\tEU\troad\t0.80\t100\t4\t8\ttrucked\n"
                                  "TR\tEU\tair\t3.00\t45\t2\t5\tflown\n"
                                  "PT\tEU\troad\t0.60\t100\t2\t5\ttrucked\n"
                                  "PT\tEU\tsea\t0.50\t200\t6\t9\tshort sea\n";
    sv_refdata *rd;
    sv_err e;
    char *dir;
    assert_int_equal(load_one("freight.tsv", freight, &rd, &e, &dir), SV_OK);
    assert_int_equal(sv_refdata_freight(rd, "CN", "US", SV_MODE_SEA)->per_kg, 100);
    /* the country's any-destination row beats the region's row for the destination */
    assert_int_equal(sv_refdata_freight(rd, "CN", "CA", SV_MODE_SEA)->per_kg, 200);
    assert_int_equal(sv_refdata_freight(rd, "VN", "CA", SV_MODE_SEA)->per_kg, 300);
    assert_int_equal(sv_refdata_freight(rd, "VN", "US", SV_MODE_SEA)->per_kg, 400);
    /* no air rows at all */
    assert_null(sv_refdata_freight(rd, "CN", "US", SV_MODE_AIR));
    assert_null(sv_refdata_freight(rd, "PT", "US", SV_MODE_SEA));
    /* a trucked lane answers sea with its road row, and the minimum is read in grams */
    const sv_freight_rate *tr = sv_refdata_freight(rd, "TR", "DE", SV_MODE_SEA);
    assert_int_equal(tr->mode, SV_MODE_ROAD);
    assert_int_equal(tr->min_g, 100000);
    assert_int_equal(sv_refdata_freight(rd, "TR", "DE", SV_MODE_AIR)->per_kg, 300);
    assert_int_equal(sv_refdata_freight(rd, "TR", "DE", SV_MODE_ROAD)->per_kg, 80);
    /* a lane with both keeps sea for sea and road for road */
    assert_int_equal(sv_refdata_freight(rd, "PT", "FR", SV_MODE_SEA)->per_kg, 50);
    assert_int_equal(sv_refdata_freight(rd, "PT", "FR", SV_MODE_ROAD)->per_kg, 60);
    sv_refdata_free(rd);
    tu_rmtree(dir);
}

static void test_override_windows_line_endings(void **state)
{
    (void)state;
    /* a file saved from a spreadsheet on Windows */
    char *params = tu_embedded("params.tsv");
    size_t n = strlen(params);
    char *crlf = malloc(2 * n + 1), *q = crlf;
    assert_non_null(crlf);
    for (const char *p = params; *p; p++) {
        if (*p == '\n')
            *q++ = '\r';
        *q++ = *p;
    }
    *q = '\0';
    sv_refdata *rd;
    sv_err e;
    char *dir;
    sv_code rc = load_one("params.tsv", crlf, &rd, &e, &dir);
    if (rc != SV_OK) {
        char buf[1024];
        fail_msg("CRLF params.tsv refused: %s", sv_err_format(&e, buf, sizeof buf));
    }
    assert_int_equal(sv_refdata_param(rd, "insurance_pct", 2), 40);
    assert_string_equal(rd->params[0].source, g_rd->params[0].source);
    sv_refdata_free(rd);
    tu_rmtree(dir);
    free(crlf);
    free(params);
}

/* An override directory that is not there, or not a directory, or cannot be read, is an
 * error naming it: a mistyped --data or SELVEDGE_DATA must not run on the built-in data as
 * if the user's figures were in use. An empty name is no directory at all. */
static void test_override_dir_must_exist(void **state)
{
    (void)state;
    sv_refdata *rd = (sv_refdata *)1;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_refdata_load("/nonexistent/selvedge-data-dir", &rd, &e), SV_ERR_IO);
    assert_null(rd);
    assert_string_equal(e.file, "/nonexistent/selvedge-data-dir");
    assert_non_null(strstr(e.msg, "No such file or directory"));
    assert_non_null(strstr(e.msg, "reference data"));

    char *dir = tu_tempdir();
    tu_write_file(dir, "params.tsv", "");
    char path[1024];
    snprintf(path, sizeof path, "%s/params.tsv", dir);
    assert_int_equal(sv_refdata_load(path, &rd, &e), SV_ERR_IO);
    assert_null(rd);
    assert_string_equal(e.file, path);
    assert_non_null(strstr(e.msg, "Not a directory"));

    rd = (sv_refdata *)1;
    assert_int_equal(sv_refdata_load("", &rd, &e), SV_ERR_USAGE);
    assert_null(rd);
    tu_rmtree(dir);

    /* an empty directory overrides nothing: the built-in data */
    dir = tu_tempdir();
    assert_int_equal(sv_refdata_load(dir, &rd, &e), SV_OK);
    assert_int_equal(rd->n_freight, g_rd->n_freight);
    assert_int_equal(rd->n_params, g_rd->n_params);
    sv_refdata_free(rd);
    tu_rmtree(dir);
}

/* A directory the user may not read (as root, who reads anything, in a child that became
 * nobody): refused with the reason, not taken for one without overrides. */
static int refuses_unreadable(const char *dir)
{
    sv_refdata *rd = NULL;
    sv_err e;
    sv_err_clear(&e);
    if (sv_refdata_load(dir, &rd, &e) != SV_ERR_IO) {
        sv_refdata_free(rd);
        return 1;
    }
    if (strcmp(e.file, dir) != 0 || !strstr(e.msg, "Permission denied"))
        return 2;
    return 0;
}

static void test_override_dir_unreadable(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char sub[1024];
    snprintf(sub, sizeof sub, "%s/data", dir);
    for (int mode = 0; mode < 2; mode++) {
        /* nothing at all, then listed but not searched (its files cannot be opened) */
        assert_int_equal(mkdir(sub, mode ? 0444 : 0), 0);
        int rc;
        if (geteuid() != 0) {
            rc = refuses_unreadable(sub);
        } else {
            assert_int_equal(chmod(dir, 0755), 0);
            fflush(NULL);
            pid_t pid = fork();
            assert_true(pid >= 0);
            if (pid == 0)
                _exit(setgid(65534) || setuid(65534) ? 3 : refuses_unreadable(sub));
            int status;
            assert_int_equal(waitpid(pid, &status, 0), pid);
            assert_true(WIFEXITED(status));
            rc = WEXITSTATUS(status);
        }
        assert_int_equal(rc, 0);
        assert_int_equal(rmdir(sub), 0);
    }
    tu_rmtree(dir);
}

/* ---- override errors: file, line, column ---- */

#define PARAMS_HEAD "# my parameters\nkey\tvalue\tunit\tsource\n"

static void test_error_bad_number(void **state)
{
    (void)state;
    char *params = tu_embedded("params.tsv");
    /* a decimal comma, as a European spreadsheet writes it */
    char *bad = tu_replace(params, "insurance_pct\t0.40\t", "insurance_pct\t0,40\t");
    expect_schema_error("params.tsv", bad, tu_line_of(params, "insurance_pct\t"), "value");
    free(bad);
    bad = tu_replace(params, "qc_days\t3\t", "qc_days\tthree\t");
    expect_schema_error("params.tsv", bad, tu_line_of(params, "qc_days\t"), "value");
    free(bad);
    free(params);

    char *fx = tu_embedded("fx.tsv");
    /* more decimals than the column holds */
    bad = tu_replace(fx, "EUR\t1.175500\t", "EUR\t1.1755001\t");
    expect_schema_error("fx.tsv", bad, tu_line_of(fx, "EUR\t"), "usd_per_unit");
    free(bad);
    free(fx);

    char *origins = tu_embedded("origins.tsv");
    bad = tu_replace(origins, "VN\tasia\t200\t600\t", "VN\tasia\t200\t6OO\t");
    expect_schema_error("origins.tsv", bad, tu_line_of(origins, "VN\t"), "moq_color_high");
    free(bad);
    /* out of range: a minimum above its own high end */
    bad = tu_replace(origins, "VN\tasia\t200\t600\t", "VN\tasia\t800\t600\t");
    expect_schema_error("origins.tsv", bad, tu_line_of(origins, "VN\t"), "moq_color_high");
    free(bad);
    free(origins);

    char *small = tu_embedded("small_run.tsv");
    /* a multiplier under 100%: a small run cheaper than bulk */
    bad = tu_replace(small, "500\t125\t110\t", "500\t95\t110\t");
    expect_schema_error("small_run.tsv", bad, tu_line_of(small, "500\t"), "cm_multiplier_pct");
    free(bad);
    free(small);
}

/* Absurd values in an override (production of a billion days, a negative closure, duty of
 * 10^12 %, an exchange rate of 0 or below, ...) are refused at load, at their file, line and
 * column, with the range the column takes: they used to hang `check` and `plan` or turn every
 * figure into nonsense. */
static void test_error_absurd_overrides(void **state)
{
    (void)state;
    static const struct {
        const char *file, *find, *repl, *line_of, *column, *in_message;
    } cases[] = {
        {"params.tsv", "production_min_days\t21\t", "production_min_days\t1000000000\t",
         "production_min_days\t", "value", "production_min_days 1000000000 is outside 0..365 days"},
        {"params.tsv", "insurance_pct\t0.40\t", "insurance_pct\t1000000000000\t", "insurance_pct\t",
         "value", "outside"},
        {"params.tsv", "insurance_pct\t0.40\t", "insurance_pct\t12\t", "insurance_pct\t", "value",
         "insurance_pct 12 is outside 0..10 %"},
        {"params.tsv", "qc_days\t3\t", "qc_days\t-5\t", "qc_days\t", "value", "outside"},
        {"params.tsv", "plan_tight_slack_days\t14\t", "plan_tight_slack_days\t100000\t",
         "plan_tight_slack_days\t", "value", "0..365 days"},
        {"params.tsv", "keystone_multiple\t2.0\t", "keystone_multiple\t0\t", "keystone_multiple\t",
         "value", "keystone_multiple 0 is outside 1..10 x"},
        {"params.tsv", "lab_dip_rounds\t2\t", "lab_dip_rounds\t1000000\t", "lab_dip_rounds\t",
         "value", "0..8 rounds"},
        {"params.tsv", "growth_max_multiple_per_season\t3.0\t",
         "growth_max_multiple_per_season\t1000000000\t", "growth_max_multiple_per_season\t",
         "value", "1..100 x"},
        {"params.tsv", "setup_usd_per_style\t300\t", "setup_usd_per_style\t900000000\t",
         "setup_usd_per_style\t", "value", "0..100000 USD"},
        {"fx.tsv", "EUR\t1.175500\t", "EUR\t0\t", "EUR\t", "usd_per_unit", "outside"},
        {"fx.tsv", "EUR\t1.175500\t", "EUR\t0.000000\t", "EUR\t", "usd_per_unit", "outside"},
        {"fx.tsv", "EUR\t1.175500\t", "EUR\t-1.1755\t", "EUR\t", "usd_per_unit", "outside"},
        {"fx.tsv", "EUR\t1.175500\t", "EUR\t1000000\t", "EUR\t", "usd_per_unit", "outside"},
        {"categories.tsv", "t-shirt\tT-shirt\tknit\t1\t0.200\t1.200\t2\t35.00\t",
         "t-shirt\tT-shirt\tknit\t1\t0.200\t1.200\t2\t1000000.00\t", "t-shirt\t", "sample_cost_usd",
         "outside"},
        {"lead_times.tsv", "final_qc\t*\t*\t3\t", "final_qc\t*\t*\t-1\t", "final_qc\t*\t*\t",
         "days", "outside"},
        {"lead_times.tsv", "final_qc\t*\t*\t3\t", "final_qc\t*\t*\t1000000000\t",
         "final_qc\t*\t*\t", "days", "outside"},
        {"lead_times.tsv", "output_per_day\t*\t3\t90\t", "output_per_day\t*\t3\t0\t",
         "output_per_day\t*\t3\t", "days", "outside"},
        {"closure_rules.tsv", "CN\tlunar-new-year\t7\t14\t", "CN\tlunar-new-year\t7\t-3\t",
         "CN\tlunar-new-year\t", "days_after", "outside"},
        {"closure_rules.tsv", "CN\tlunar-new-year\t7\t14\t", "CN\tlunar-new-year\t7\t1000000\t",
         "CN\tlunar-new-year\t", "days_after", "outside"},
        {"holidays.tsv", "christmas\t2030\t2030-12-25\t", "christmas\t2150\t2150-12-25\t",
         "christmas\t2030\t", "year", "outside"},
        {"origins.tsv", "VN\tasia\t200\t600\t500\t1500\t1500\t25\t45\t40\t70\t",
         "VN\tasia\t200\t600\t500\t1500\t1500\t25\t45\t40\t1000000000\t", "VN\t",
         "production_days_high", "outside"},
        {"freight.tsv", "CN\tUS\tsea\t1.20\t200\t20\t40\t", "CN\tUS\tsea\t1.20\t200\t20\t100000\t",
         "CN\tUS\tsea\t", "transit_days_high", "outside"},
        {"freight.tsv", "CN\tUS\tsea\t1.20\t200\t20\t40\t", "CN\tUS\tsea\t1.20\t-1\t20\t40\t",
         "CN\tUS\tsea\t", "min_kg", "outside"},
        {"freight.tsv", "CN\tUS\tsea\t1.20\t200\t20\t40\t", "CN\tUS\tsea\t1.20\t90000\t20\t40\t",
         "CN\tUS\tsea\t", "min_kg", "outside"},
        {"duty.tsv", "US\t*\t*\t*\t16.5\t", "US\t*\t*\t*\t1000000000000\t", "US\t*\t*\t*\t",
         "rate_pct", "outside"},
        {"small_run.tsv", "500\t125\t110\t", "500\t1000000000000\t110\t", "500\t",
         "cm_multiplier_pct", "outside"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *orig = tu_embedded(cases[k].file);
        char *text = tu_replace(orig, cases[k].find, cases[k].repl);
        sv_refdata *rd;
        sv_err e;
        char *dir;
        sv_code rc = load_one(cases[k].file, text, &rd, &e, &dir);
        char buf[1024];
        sv_err_format(&e, buf, sizeof buf);
        fprintf(stderr, "# %s\n", strstr(buf, cases[k].file) ? strstr(buf, cases[k].file) : buf);
        if (rc != SV_ERR_SCHEMA) {
            sv_refdata_free(rd);
            fail_msg("%s: %s accepted (%s)", cases[k].file, cases[k].repl, buf);
        }
        assert_int_equal(e.line, tu_line_of(orig, cases[k].line_of));
        assert_string_equal(e.field, cases[k].column);
        if (!strstr(e.msg, cases[k].in_message))
            fail_msg("%s: message \"%s\" lacks \"%s\"", cases[k].file, e.msg, cases[k].in_message);
        tu_rmtree(dir);
        free(text);
        free(orig);
    }
}

/* The edges of the new ranges are accepted: the ranges refuse the absurd, not the unusual. */
static void test_override_edges_accepted(void **state)
{
    (void)state;
    static const struct {
        const char *file, *find, *repl;
    } cases[] = {
        {"params.tsv", "production_min_days\t21\t", "production_min_days\t365\t"},
        {"params.tsv", "production_min_days\t21\t", "production_min_days\t0\t"},
        {"params.tsv", "insurance_pct\t0.40\t", "insurance_pct\t10\t"},
        {"params.tsv", "dtc_min_multiple\t2.5\t", "dtc_min_multiple\t99\t"},
        {"fx.tsv", "EUR\t1.175500\t", "EUR\t0.000001\t"},
        {"fx.tsv", "EUR\t1.175500\t", "EUR\t10000\t"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *orig = tu_embedded(cases[k].file);
        char *text = tu_replace(orig, cases[k].find, cases[k].repl);
        sv_refdata *rd;
        sv_err e;
        char *dir;
        sv_code rc = load_one(cases[k].file, text, &rd, &e, &dir);
        if (rc != SV_OK)
            fail_msg("%s: %s refused: %s", cases[k].file, cases[k].repl, e.msg);
        sv_refdata_free(rd);
        tu_rmtree(dir);
        free(text);
        free(orig);
    }
}

static void test_error_bad_values(void **state)
{
    (void)state;
    char *duty = tu_embedded("duty.tsv");
    char *bad = tu_replace(duty, "US\tleggings\tsynthetic\t", "US\tlegging\tsynthetic\t");
    expect_schema_error("duty.tsv", bad, tu_line_of(duty, "US\tleggings\tsynthetic\t"),
                        "category");
    free(bad);
    bad = tu_replace(duty, "US\tleggings\tsynthetic\t", "US\tleggings\tsilk\t");
    expect_schema_error("duty.tsv", bad, tu_line_of(duty, "US\tleggings\tsynthetic\t"), "fiber");
    free(bad);
    bad = tu_replace(duty, "US\tleggings\tsynthetic\t*\t", "US\tleggings\tsynthetic\tgirl\t");
    expect_schema_error("duty.tsv", bad, tu_line_of(duty, "US\tleggings\tsynthetic\t"), "gender");
    free(bad);
    bad = tu_replace(duty, "US\tshirt-woven\tcotton\twomen\t", "US\tshirt-woven\tcotton\t*\t");
    expect_schema_error("duty.tsv", bad, tu_line_of(duty, "US\tshirt-woven\tcotton\twomen\t"),
                        "destination");
    free(bad);
    bad = tu_replace(duty, "US\tleggings\tsynthetic\t", "USA\tleggings\tsynthetic\t");
    expect_schema_error("duty.tsv", bad, tu_line_of(duty, "US\tleggings\tsynthetic\t"),
                        "destination");
    free(bad);
    free(duty);

    char *freight = tu_embedded("freight.tsv");
    bad = tu_replace(freight, "CN\tUS\tair\t", "CN\tUS\trail\t");
    expect_schema_error("freight.tsv", bad, tu_line_of(freight, "CN\tUS\tair\t"), "mode");
    free(bad);
    free(freight);

    char *bands = tu_embedded("price_bands.tsv");
    bad = tu_replace(bands, "hoodie\tmid\t*\t9.00\t13.00\t", "hoodie\tmid\t*\t14.00\t13.00\t");
    expect_schema_error("price_bands.tsv", bad, tu_line_of(bands, "hoodie\tmid\t"),
                        "fob_typical");
    free(bad);
    free(bands);
}

static void test_error_missing_field_in_row(void **state)
{
    (void)state;
    /* the row stops before its source: the column missing is "source" */
    char text[] = PARAMS_HEAD "insurance_pct\t0.40\tpct\n";
    expect_schema_error("params.tsv", text, 3, "source");
}

static void test_error_empty_field(void **state)
{
    (void)state;
    char text[] = PARAMS_HEAD "insurance_pct\t\tpct\tmy broker\n";
    expect_schema_error("params.tsv", text, 3, "value");
}

static void test_error_wrong_header(void **state)
{
    (void)state;
    char text[] = "# my parameters\nkey\tvalu\tunit\tsource\ninsurance_pct\t0.40\tpct\tx\n";
    expect_schema_error("params.tsv", text, 2, "value");
    char *small = tu_embedded("small_run.tsv");
    char *bad = tu_replace(small, "units\tcm_multiplier_pct\t", "units\tcm_multiplier\t");
    expect_schema_error("small_run.tsv", bad, tu_line_of(small, "units\t"), "cm_multiplier_pct");
    free(bad);
    free(small);
}

static void test_error_header_missing_column(void **state)
{
    (void)state;
    /* a header without its last column: "source" is the one missing */
    char text[] = "key\tvalue\tunit\ninsurance_pct\t0.40\tpct\n";
    expect_schema_error("params.tsv", text, 1, "source");
}

/* A params.tsv override need not give every key: one it leaves out keeps its built-in value
 * (an override written for an older selvedge, or one with only the figures the user changes),
 * and the keys it gives are the user's. It was refused whole ("required parameter is
 * missing") whenever selvedge learnt a new parameter. */
static void test_params_override_missing_key_keeps_builtin(void **state)
{
    (void)state;
    char *params = tu_embedded("params.tsv");
    char *changed = tu_replace(params, "insurance_pct\t0.40\t", "insurance_pct\t1.25\t");
    /* drop the qc_days line */
    char *start = strstr(changed, "qc_days\t");
    assert_non_null(start);
    char *end = strchr(start, '\n');
    memmove(start, end + 1, strlen(end + 1) + 1);
    sv_refdata *rd;
    sv_err e;
    char *dir;
    assert_int_equal(load_one("params.tsv", changed, &rd, &e, &dir), SV_OK);
    assert_int_equal(sv_refdata_param(rd, "insurance_pct", 2), 125);
    assert_int_equal(sv_refdata_param(rd, "qc_days", 0), sv_refdata_param(g_rd, "qc_days", 0));
    assert_int_equal(rd->n_params, g_rd->n_params);
    sv_refdata_free(rd);
    tu_rmtree(dir);
    /* only the keys it changes: the rest built in */
    assert_int_equal(
        load_one("params.tsv", "key\tvalue\tunit\tsource\nqc_days\t9\tdays\tmine\n", &rd, &e, &dir),
        SV_OK);
    assert_int_equal(sv_refdata_param(rd, "qc_days", 0), 9);
    assert_int_equal(sv_refdata_param(rd, "insurance_pct", 2),
                     sv_refdata_param(g_rd, "insurance_pct", 2));
    assert_int_equal(rd->n_params, g_rd->n_params);
    sv_refdata_free(rd);
    tu_rmtree(dir);
    free(changed);
    free(params);
}

static void test_error_duplicate_rows(void **state)
{
    (void)state;
    char *params = tu_embedded("params.tsv");
    size_t n = strlen(params);
    char *dup = malloc(n + 64);
    assert_non_null(dup);
    sprintf(dup, "%sinsurance_pct\t0.50\tpct\tagain\n", params);
    int last = tu_line_of(dup, "insurance_pct\t0.50");
    expect_schema_error("params.tsv", dup, last, "key");
    free(dup);
    free(params);

    char *origins = tu_embedded("origins.tsv");
    const char *cn = strstr(origins, "\nCN\t") + 1;
    size_t cnlen = (size_t)(strchr(cn, '\n') - cn) + 1;
    dup = malloc(strlen(origins) + cnlen + 1);
    assert_non_null(dup);
    sprintf(dup, "%s%.*s", origins, (int)cnlen, cn);
    int lines = 0;
    for (const char *p = dup; *p; p++)
        lines += *p == '\n';
    expect_schema_error("origins.tsv", dup, lines, "country");
    free(dup);
    free(origins);

    char *bands = tu_embedded("price_bands.tsv");
    dup = malloc(strlen(bands) + 128);
    assert_non_null(dup);
    sprintf(dup, "%sjeans\tmid\t*\t9.00\t12.00\t16.00\t60.00\t120.00\tagain\n", bands);
    lines = 0;
    for (const char *p = dup; *p; p++)
        lines += *p == '\n';
    expect_schema_error("price_bands.tsv", dup, lines, "tier");
    free(dup);
    free(bands);

    char *cats = tu_embedded("categories.tsv");
    const char *tee = strstr(cats, "\nt-shirt\t") + 1;
    size_t teelen = (size_t)(strchr(tee, '\n') - tee) + 1;
    dup = malloc(strlen(cats) + teelen + 1);
    assert_non_null(dup);
    sprintf(dup, "%s%.*s", cats, (int)teelen, tee);
    lines = 0;
    for (const char *p = dup; *p; p++)
        lines += *p == '\n';
    expect_schema_error("categories.tsv", dup, lines, "category");
    free(dup);
    free(cats);
}

static void test_error_small_run_order(void **state)
{
    (void)state;
    static const char unsorted[] = "units\tcm_multiplier_pct\ttrims_multiplier_pct\tsource\n"
                                   "# run length, CM and trims multipliers\n"
                                   "100\t180\t145\tx\n"
                                   "50\t220\t170\tx\n"
                                   "3000\t100\t100\tx\n";
    expect_schema_error("small_run.tsv", unsorted, 4, "units");
    static const char repeated[] = "units\tcm_multiplier_pct\ttrims_multiplier_pct\tsource\n"
                                   "100\t180\t145\tx\n"
                                   "100\t170\t140\tx\n";
    expect_schema_error("small_run.tsv", repeated, 3, "units");
    /* a longer run dearer than a shorter one */
    static const char rising[] = "units\tcm_multiplier_pct\ttrims_multiplier_pct\tsource\n"
                                 "100\t180\t145\tx\n"
                                 "300\t190\t120\tx\n";
    expect_schema_error("small_run.tsv", rising, 3, "cm_multiplier_pct");
}

static void test_error_incomplete_files(void **state)
{
    (void)state;
    /* no rows at all */
    expect_schema_error("small_run.tsv",
                        "units\tcm_multiplier_pct\ttrims_multiplier_pct\tsource\n", 0, NULL);
    /* no header */
    expect_schema_error("params.tsv", "# nothing here\n\n", 0, NULL);
    /* fx without the USD row everything is converted through */
    expect_schema_error("fx.tsv",
                        "currency\tusd_per_unit\tas_of\tsource\nEUR\t1.17\t2025-07-02\tx\n", 0,
                        NULL);
    /* a category left out */
    char *cats = tu_embedded("categories.tsv");
    char *start = strstr(cats, "\nbag\t") + 1;
    *start = '\0';
    expect_schema_error("categories.tsv", cats, 0, NULL);
    free(cats);
    /* a tier left out */
    char *bands = tu_embedded("price_bands.tsv");
    char *row = strstr(bands, "\nsocks\tluxury\t") + 1;
    char *end = strchr(row, '\n');
    memmove(row, end + 1, strlen(end + 1) + 1);
    expect_schema_error("price_bands.tsv", bands, 0, NULL);
    free(bands);
}

static void test_error_duty_preferences(void **state)
{
    (void)state;
    static const char head[] = "origin\tdestination\tcategory\trate_pct\tfrom\tuntil\tstatus\t"
                               "customs_entry\tscheme\tcaveat\tsource\n";
    char text[2048];
    snprintf(text, sizeof text, "%sTR\tEU\t*\t0\t-\t-\tin-force\tmaybe\tcu\t-\tx\n", head);
    expect_schema_error("duty_preferences.tsv", text, 2, "customs_entry");
    snprintf(text, sizeof text,
             "%sTR\tEU\t*\t0\t-\t-\tin-force\tyes\tcu\t-\tx\nTR\tEU\t*\t0\t-\t-\tin-force\tyes"
             "\tcu\t-\tx\n",
             head);
    expect_schema_error("duty_preferences.tsv", text, 3, "origin");
    snprintf(text, sizeof text, "%sTR\tEU\t*\t0\t-\t-\tsigned\tyes\tcu\t-\tx\n", head);
    expect_schema_error("duty_preferences.tsv", text, 2, "status");
    snprintf(text, sizeof text, "%sVN\tEU\t*\t3\t2025-01-01\t2025-13-01\tin-force\tyes\tv\t-\tx\n",
             head);
    expect_schema_error("duty_preferences.tsv", text, 2, "until");
    snprintf(text, sizeof text, "%sVN\tEU\t*\t3\t2025-01-01\t2024-12-31\tin-force\tyes\tv\t-\tx\n",
             head);
    expect_schema_error("duty_preferences.tsv", text, 2, "until");
    snprintf(text, sizeof text, "%sKH\tEU\tbags\t-\t-\t-\tin-force\tyes\tv\t-\tx\n", head);
    expect_schema_error("duty_preferences.tsv", text, 2, "category");
    /* two phased rows whose days overlap */
    snprintf(text, sizeof text,
             "%sVN\tEU\t*\t3\t2025-01-01\t2025-12-31\tin-force\tyes\tv\t-\tx\n"
             "VN\tEU\t*\t1.5\t2025-12-31\t2026-12-31\tin-force\tyes\tv\t-\tx\n",
             head);
    expect_schema_error("duty_preferences.tsv", text, 3, "origin");
    /* a valid file of the user's own replaces the built-in schemes */
    snprintf(text, sizeof text,
             "%sVN\tEU\t*\t3\t2025-01-01\t2025-12-31\tin-force\tyes\tEVFTA\tfabric from VN\tx\n"
             "VN\tEU\t*\t0\t2026-01-01\t-\tin-force\tyes\tEVFTA\tfabric from VN\tx\n"
             "VN\tEU\tbag\t-\t-\t-\tin-force\tyes\tnot bags\t-\tx\n"
             "IN\tGB\t*\t0\t-\t-\tpending\tyes\tCETA\t-\tx\n",
             head);
    sv_refdata *rd;
    sv_err e;
    char *dir;
    assert_int_equal(load_one("duty_preferences.tsv", text, &rd, &e, &dir), SV_OK);
    assert_int_equal(rd->n_duty_prefs, 4);
    int64_t d2025 = sv_date_to_days((sv_date){2025, 6, 1}),
            d2026 = sv_date_to_days((sv_date){2026, 6, 1});
    const sv_duty_pref *p = sv_refdata_duty_pref_on(rd, "VN", "DE", SV_CAT_TSHIRT, d2025, false);
    assert_int_equal(p->rate_bp, 300);
    assert_string_equal(p->caveat, "fabric from VN");
    p = sv_refdata_duty_pref_on(rd, "VN", "DE", SV_CAT_TSHIRT, d2026, false);
    assert_int_equal(p->rate_bp, 0);
    /* no day: the rows with no end */
    assert_int_equal(sv_refdata_duty_pref(rd, "VN", "DE")->rate_bp, 0);
    /* a category's row beats the * row */
    p = sv_refdata_duty_pref_on(rd, "VN", "DE", SV_CAT_BAG, d2026, false);
    assert_true(p->withdrawn);
    assert_null(p->caveat);
    /* before the first row: MFN */
    assert_null(sv_refdata_duty_pref_on(rd, "VN", "DE", SV_CAT_TSHIRT,
                                        sv_date_to_days((sv_date){2024, 6, 1}), false));
    /* pending: only when asked */
    assert_null(sv_refdata_duty_pref_on(rd, "IN", "GB", -1, d2026, false));
    p = sv_refdata_duty_pref_on(rd, "IN", "GB", -1, d2026, true);
    assert_true(p->pending);
    assert_null(sv_refdata_duty_pref(rd, "TR", "DE"));
    sv_refdata_free(rd);
    tu_rmtree(dir);
}

/* customs_valuation.tsv: what each destination charges duty on. */
static void test_valuation(void **state)
{
    (void)state;
    static const struct {
        const char *dest;
        sv_basis basis;
    } want[] = {{"US", SV_BASIS_FOB}, {"CA", SV_BASIS_FOB}, {"AU", SV_BASIS_FOB},
                {"EU", SV_BASIS_CIF}, {"FR", SV_BASIS_CIF}, {"GB", SV_BASIS_CIF},
                {"JP", SV_BASIS_CIF}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const sv_valuation *v = sv_refdata_valuation(g_rd, want[i].dest);
        if (!v || v->basis != want[i].basis)
            fail_msg("%s: expected duty on %s", want[i].dest, sv_basis_name(want[i].basis));
        assert_true(v->source && v->source[0]);
    }
    assert_null(sv_refdata_valuation(g_rd, "NO"));
    static const char head[] = "destination\tbasis\tsource\n";
    char text[512];
    snprintf(text, sizeof text, "%sUS\tFOB\tx\nGB\tDDP\tx\n", head);
    expect_schema_error("customs_valuation.tsv", text, 3, "basis");
    snprintf(text, sizeof text, "%sUS\tFOB\tx\nUS\tCIF\tx\n", head);
    expect_schema_error("customs_valuation.tsv", text, 3, "destination");
    snprintf(text, sizeof text, "%sXX\tFOB\tx\n", head);
    expect_schema_error("customs_valuation.tsv", text, 2, "destination");
}

/* additional_duties.tsv: dated lines by origin; each mistake named at its cell. */
static void test_additional_duties(void **state)
{
    (void)state;
    /* the built-in file: Section 301 on China, the dated surcharges */
    bool s301 = false, s122 = false;
    for (size_t i = 0; i < g_rd->n_extra_duties; i++) {
        const sv_extra_duty *x = &g_rd->extra_duties[i];
        assert_true(x->status && x->status[0] && x->source && x->source[0]);
        if (strcmp(x->name, "Section 301 List 4A (China)") == 0) {
            s301 = true;
            assert_int_equal(x->kind, SV_EXTRA_DUTY);
            assert_int_equal(x->rate_bp, 750);
            assert_string_equal(x->origin, "CN");
        }
        if (strcmp(x->name, "Section 122 import surcharge") == 0) {
            s122 = true;
            assert_int_equal(x->kind, SV_EXTRA_SURCHARGE);
            assert_true(x->non_preferential);
            assert_int_equal(x->until, sv_date_to_days((sv_date){2026, 7, 23}));
        }
    }
    assert_true(s301 && s122);
    static const char head[] = "destination\torigin\tkind\tname\trate_pct\tbasis\tfrom\tuntil\t"
                               "scope\tlegal_status\tsource\n";
    static const struct {
        const char *row, *field;
    } bad[] = {
        {"US\tCN\ttariff\tX\t7.5\tadd\t-\t-\tall\tin force\tx\n", "kind"},
        {"US\tCN\twatch\tX\t7.5\tadd\t-\t-\tall\tin force\tx\n", "rate_pct"},
        {"US\tCN\tduty\tX\t-\tadd\t-\t-\tall\tin force\tx\n", "rate_pct"},
        {"US\tCN\tduty\tX\t7.5\tplus\t-\t-\tall\tin force\tx\n", "basis"},
        {"US\tCN\tduty\tX\t7.5\tadd\t2026-01-01\t2025-01-01\tall\tin force\tx\n", "until"},
        {"US\tCN\tduty\tX\t7.5\tadd\t-\t-\tsome\tin force\tx\n", "scope"},
        {"US\tCN\tduty\tX\t300\tadd\t-\t-\tall\tin force\tx\n", "rate_pct"},
        {"US\tXX\tduty\tX\t7.5\tadd\t-\t-\tall\tin force\tx\n", "origin"},
        {"EU\tCN\tduty\tX\t7.5\tadd\t-\t-\tall\tin force\tx\n", "destination"},
    };
    char text[1024];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text, "%s%s", head, bad[i].row);
        expect_schema_error("additional_duties.tsv", text, 2, bad[i].field);
    }
    /* one tariff over days that overlap */
    snprintf(text, sizeof text,
             "%sUS\tCN\tsurcharge\tX\t10\tadd\t2025-01-01\t2025-12-31\tall\ts\tx\n"
             "US\tCN\tsurcharge\tX\t20\tadd\t2025-06-01\t-\tall\ts\tx\n",
             head);
    expect_schema_error("additional_duties.tsv", text, 3, "name");
}

/* customs_fees.tsv: the US MPF (FY2026 figures) and HMF; mistakes named at their cell. */
static void test_customs_fees(void **state)
{
    (void)state;
    bool mpf = false, hmf = false;
    for (size_t i = 0; i < g_rd->n_fees; i++) {
        const sv_customs_fee *f = &g_rd->fees[i];
        if (strcmp(f->name, "MPF") == 0) {
            mpf = true;
            assert_int_equal(f->rate_ppm, 3464);
            assert_int_equal(f->min_usd, 3358);
            assert_int_equal(f->max_usd, 65150);
            assert_true(f->modes[SV_MODE_SEA] && f->modes[SV_MODE_AIR] && f->modes[SV_MODE_ROAD]);
            assert_non_null(strstr(f->waived_for, "MX"));
        }
        if (strcmp(f->name, "HMF") == 0) {
            hmf = true;
            assert_int_equal(f->rate_ppm, 1250);
            assert_true(f->modes[SV_MODE_SEA] && !f->modes[SV_MODE_AIR] && !f->modes[SV_MODE_ROAD]);
            assert_int_equal(f->min_usd, -1);
        }
    }
    assert_true(mpf && hmf);
    static const char head[] =
        "destination\tname\trate_pct\tmin_usd\tmax_usd\tmodes\twaived_for\tsource\n";
    static const struct {
        const char *row, *field;
    } bad[] = {
        {"US\tMPF\t0.34641\t1\t2\t*\t-\tx\n", "rate_pct"},
        {"US\tMPF\t0.3464\t5\t2\t*\t-\tx\n", "max_usd"},
        {"US\tMPF\t0.3464\t1\t2\trail\t-\tx\n", "modes"},
        {"US\tMPF\t0.3464\t1\t2\t*\tMX MEX\tx\n", "waived_for"},
        {"US\tMPF\t0.3464\t1\t2\t*\t-\tx\nUS\tMPF\t0.3\t1\t2\t*\t-\tx\n", "name"},
    };
    char text[1024];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text, "%s%s", head, bad[i].row);
        expect_schema_error("customs_fees.tsv", text,
                            strchr(strchr(bad[i].row, '\n') + 1, '\n') ? 3 : 2, bad[i].field);
    }
}

/* vat.tsv: the sales tax in shelf prices, by destination and for children's clothing. */
static void test_vat(void **state)
{
    (void)state;
    const sv_vat *v = sv_refdata_vat(g_rd, "GB", SV_GENDER_WOMEN);
    assert_int_equal(v->rate_bp, 2000);
    assert_true(v->in_shelf_price);
    v = sv_refdata_vat(g_rd, "GB", SV_GENDER_KIDS);
    assert_int_equal(v->rate_bp, 0);
    assert_true(v->children);
    /* a member state's own rate, not the EU's assumed one; the EU row for "EU" */
    assert_int_equal(sv_refdata_vat(g_rd, "DE", SV_GENDER_MEN)->rate_bp, 1900);
    assert_int_equal(sv_refdata_vat(g_rd, "FI", SV_GENDER_MEN)->rate_bp, 2550);
    assert_int_equal(sv_refdata_vat(g_rd, "DE", SV_GENDER_KIDS)->rate_bp, 1900);
    assert_string_equal(sv_refdata_vat(g_rd, "EU", SV_GENDER_UNSET)->destination, "EU");
    assert_false(sv_refdata_vat(g_rd, "US", SV_GENDER_MEN)->in_shelf_price);
    assert_int_equal(sv_refdata_vat(g_rd, "AU", SV_GENDER_MEN)->rate_bp, 1000);
    assert_null(sv_refdata_vat(g_rd, "NO", SV_GENDER_MEN));
    /* every member state has its own row */
    static const char members[][3] = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI",
                                      "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
                                      "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
        assert_string_equal(sv_refdata_vat(g_rd, members[i], SV_GENDER_MEN)->destination,
                            members[i]);
    static const char head[] = "destination\tgender\trate_pct\tin_shelf_price\tsource\n";
    char text[512];
    snprintf(text, sizeof text, "%sGB\tkids\t0\tyes\tx\n", head);
    expect_schema_error("vat.tsv", text, 2, "gender");
    snprintf(text, sizeof text, "%sGB\t*\t20\tsometimes\tx\n", head);
    expect_schema_error("vat.tsv", text, 2, "in_shelf_price");
    snprintf(text, sizeof text, "%sGB\t*\t80\tyes\tx\n", head);
    expect_schema_error("vat.tsv", text, 2, "rate_pct");
    snprintf(text, sizeof text, "%sGB\t*\t20\tyes\tx\nGB\t*\t17.5\tyes\tx\n", head);
    expect_schema_error("vat.tsv", text, 3, "destination");
}

static void test_duty_preferences_builtin(void **state)
{
    (void)state;
    /* made and sold in one customs territory: no duty, no entry */
    const sv_duty_pref *p = sv_refdata_duty_pref(g_rd, "PT", "DE");
    assert_non_null(p);
    assert_int_equal(p->rate_bp, 0);
    assert_false(p->customs_entry);
    p = sv_refdata_duty_pref(g_rd, "US", "US");
    assert_non_null(p);
    assert_false(p->customs_entry);
    /* a customs union: no duty, but the goods still clear customs */
    p = sv_refdata_duty_pref(g_rd, "TR", "DE");
    assert_non_null(p);
    assert_int_equal(p->rate_bp, 0);
    assert_true(p->customs_entry);
    /* no scheme: MFN */
    assert_null(sv_refdata_duty_pref(g_rd, "CN", "US"));
    assert_null(sv_refdata_duty_pref(g_rd, "CN", "DE"));
    /* the UK is outside the EU: Portugal to Britain is an import (under the TCA) */
    p = sv_refdata_duty_pref(g_rd, "PT", "GB");
    assert_true(!p || p->customs_entry);
}

/* ---- the T&A reference files: lead_times.tsv, holidays.tsv, closure_rules.tsv ---- */

/* The days of the row exactly (stage, origin, complexity), 0 standing for "*"; -1 if none. */
static int64_t lead_row(const sv_refdata *rd, sv_stage st, const char *origin, int cx)
{
    for (size_t i = 0; i < rd->n_lead_times; i++) {
        const sv_lead_time *t = &rd->lead_times[i];
        if (t->stage == st && t->complexity == cx && strcmp(t->origin, origin) == 0)
            return t->days;
    }
    return -1;
}

/* The documented lookup order, written out: (country, cx), (country, *), (region, cx),
 * (region, *), (*, cx), (*, *). */
static int64_t lead_expected(const sv_refdata *rd, sv_stage st, const char *country, int cx)
{
    const sv_origin_info *o = sv_refdata_origin(rd, country);
    const char *places[3] = {country, o ? o->region : NULL, "*"};
    for (int p = 0; p < 3; p++) {
        if (!places[p])
            continue;
        int64_t d = cx ? lead_row(rd, st, places[p], cx) : -1;
        if (d < 0)
            d = lead_row(rd, st, places[p], 0);
        if (d >= 0)
            return d;
    }
    return -1;
}

static void test_lead_times_builtin(void **state)
{
    (void)state;
    assert_true(g_rd->n_lead_times > SV_STAGE__COUNT);
    /* every stage has its default row, and every stage name round-trips */
    for (int st = 0; st < SV_STAGE__COUNT; st++) {
        if (lead_row(g_rd, (sv_stage)st, "*", 0) < 0)
            fail_msg("stage %s has no (*, *) row", sv_stage_name((sv_stage)st));
        assert_int_equal(sv_stage_parse(sv_stage_name((sv_stage)st)), st);
    }
    for (size_t i = 0; i < g_rd->n_lead_times; i++) {
        const sv_lead_time *t = &g_rd->lead_times[i];
        assert_true(t->source && t->source[0]);
        assert_true(t->complexity >= 0 && t->complexity <= 3);
        if (t->days <= 0)
            fail_msg("lead_times.tsv: %s %s %d takes %lld days", sv_stage_name(t->stage), t->origin,
                     t->complexity, (long long)t->days);
        /* a country row is for a country the planner can plan for */
        if (strcmp(t->origin, "*") != 0 && strlen(t->origin) == 2 &&
            !sv_refdata_origin(g_rd, t->origin))
            fail_msg("lead_times.tsv: a row for %s, which origins.tsv does not have", t->origin);
    }
    /* the lookup follows the documented order for every origin, stage and complexity */
    for (size_t o = 0; o < g_rd->n_origins; o++) {
        const char *c = g_rd->origins[o].country;
        for (int st = 0; st < SV_STAGE__COUNT; st++)
            for (int cx = 0; cx <= 3; cx++) {
                int64_t got = sv_refdata_lead_days(g_rd, (sv_stage)st, c, cx);
                int64_t want = lead_expected(g_rd, (sv_stage)st, c, cx);
                if (got != want)
                    fail_msg("lead days of %s in %s at complexity %d: %lld, expected %lld",
                             sv_stage_name((sv_stage)st), c, cx, (long long)got, (long long)want);
            }
    }
    /* spot checks of each step of the order */
    assert_int_equal(sv_refdata_lead_days(g_rd, SV_STAGE_FABRIC_STOCK, "CN", 2),
                     lead_row(g_rd, SV_STAGE_FABRIC_STOCK, "CN", 0)); /* the country */
    assert_true(lead_row(g_rd, SV_STAGE_FABRIC_STOCK, "CN", 0) !=
                lead_row(g_rd, SV_STAGE_FABRIC_STOCK, "*", 0));
    assert_int_equal(sv_refdata_lead_days(g_rd, SV_STAGE_FABRIC_STOCK, "MA", 2),
                     lead_row(g_rd, SV_STAGE_FABRIC_STOCK, "africa", 0)); /* region, any */
    assert_int_equal(sv_refdata_lead_days(g_rd, SV_STAGE_PROTO, "CN", 3),
                     lead_row(g_rd, SV_STAGE_PROTO, "*", 3)); /* no Asian row: any, complexity */
    assert_int_equal(sv_refdata_lead_days(g_rd, SV_STAGE_SAMPLE_REVIEW, "CN", 3),
                     lead_row(g_rd, SV_STAGE_SAMPLE_REVIEW, "*", 3)); /* any, complexity */
    assert_int_equal(sv_refdata_lead_days(g_rd, SV_STAGE_CUSTOMS, "PT", 1),
                     lead_row(g_rd, SV_STAGE_CUSTOMS, "*", 0)); /* the default */
    /* a country without figures falls through to the defaults */
    assert_int_equal(sv_refdata_lead_days(g_rd, SV_STAGE_PROTO, "ZZ", 2),
                     lead_row(g_rd, SV_STAGE_PROTO, "*", 2));
    /* what the figures say: making a sample takes as long in Asia as in Turkey (the courier to
     * a brand in another region is a leg of its own, courier.tsv), complex styles take longer
     * and sew slower */
    for (int cx = 1; cx <= 3; cx++) {
        assert_int_equal(sv_refdata_lead_days(g_rd, SV_STAGE_PROTO, "CN", cx),
                         sv_refdata_lead_days(g_rd, SV_STAGE_PROTO, "TR", cx));
        assert_int_equal(sv_refdata_lead_days(g_rd, SV_STAGE_FIT_SAMPLE, "VN", cx),
                         sv_refdata_lead_days(g_rd, SV_STAGE_FIT_SAMPLE, "PT", cx));
    }
    assert_true(sv_refdata_lead_days(g_rd, SV_STAGE_OUTPUT_PER_DAY, "CN", 1) >
                sv_refdata_lead_days(g_rd, SV_STAGE_OUTPUT_PER_DAY, "CN", 2));
    assert_true(sv_refdata_lead_days(g_rd, SV_STAGE_OUTPUT_PER_DAY, "CN", 2) >
                sv_refdata_lead_days(g_rd, SV_STAGE_OUTPUT_PER_DAY, "CN", 3));
    assert_true(sv_refdata_lead_days(g_rd, SV_STAGE_FABRIC_CUSTOM, "BD", 2) >
                sv_refdata_lead_days(g_rd, SV_STAGE_FABRIC_CUSTOM, "CN", 2));
}

static const char *const HOLIDAY_IDS[] = {"lunar-new-year",       "eid-al-fitr",
                                          "eid-al-adha",          "diwali",
                                          "summer-shutdown",      "christmas",
                                          "golden-week",          "reunification-day",
                                          "vietnam-national-day", "sinhala-tamil-new-year",
                                          "khmer-new-year",       "thingyan"};
enum { N_HOLIDAY_IDS = sizeof HOLIDAY_IDS / sizeof HOLIDAY_IDS[0] };

static void test_holidays_builtin(void **state)
{
    (void)state;
    assert_true(g_rd->n_holidays >= N_HOLIDAY_IDS * 11);
    for (size_t i = 0; i < g_rd->n_holidays; i++) {
        const sv_holiday *h = &g_rd->holidays[i];
        assert_true(h->source && h->source[0]);
        assert_true(sv_date_valid(h->date.year, h->date.month, h->date.day));
        bool known = false;
        for (size_t k = 0; k < N_HOLIDAY_IDS; k++)
            known |= strcmp(h->id, HOLIDAY_IDS[k]) == 0;
        if (!known)
            fail_msg("holidays.tsv: unknown holiday id %s", h->id);
    }
    /* every holiday in every year 2025-2035 */
    for (size_t k = 0; k < N_HOLIDAY_IDS; k++)
        for (int y = 2025; y <= 2035; y++) {
            int n = 0;
            for (size_t i = 0; i < g_rd->n_holidays; i++)
                n += strcmp(g_rd->holidays[i].id, HOLIDAY_IDS[k]) == 0 &&
                     g_rd->holidays[i].date.year == y;
            if (n == 0)
                fail_msg("holidays.tsv: no %s in %d", HOLIDAY_IDS[k], y);
            /* Eid al-Fitr comes twice in 2033, everything else once a year */
            int want = strcmp(HOLIDAY_IDS[k], "eid-al-fitr") == 0 && y == 2033 ? 2 : 1;
            if (n != want)
                fail_msg("holidays.tsv: %d rows of %s in %d, expected %d", n, HOLIDAY_IDS[k], y,
                         want);
        }
    int64_t prev_lny = 0, prev_fitr = 0;
    for (size_t i = 0; i < g_rd->n_holidays; i++) {
        const sv_holiday *h = &g_rd->holidays[i];
        int64_t d = sv_date_to_days(h->date);
        char ds[16];
        sv_date_format(h->date, ds, sizeof ds);
        if (strcmp(h->id, "lunar-new-year") == 0) {
            /* between 21 January and 20 February (DOMAIN.md) */
            int md = h->date.month * 100 + h->date.day;
            if (md < 121 || md > 220)
                fail_msg("lunar-new-year %s is outside 21 Jan - 20 Feb", ds);
            /* twelve or thirteen lunar months after the last one */
            if (prev_lny && !((d - prev_lny >= 353 && d - prev_lny <= 356) ||
                              (d - prev_lny >= 383 && d - prev_lny <= 385)))
                fail_msg("lunar-new-year %s is %lld days after the previous one", ds,
                         (long long)(d - prev_lny));
            prev_lny = d;
        } else if (strcmp(h->id, "eid-al-fitr") == 0) {
            /* one lunar year after the last one */
            if (prev_fitr && (d - prev_fitr < 353 || d - prev_fitr > 356))
                fail_msg("eid-al-fitr %s is %lld days after the previous one", ds,
                         (long long)(d - prev_fitr));
            prev_fitr = d;
        } else if (strcmp(h->id, "eid-al-adha") == 0) {
            /* 10 Dhu al-Hijjah: two months and nine days after 1 Shawwal */
            int64_t fitr = 0;
            for (size_t k = 0; k < g_rd->n_holidays; k++) {
                int64_t f = sv_date_to_days(g_rd->holidays[k].date);
                if (strcmp(g_rd->holidays[k].id, "eid-al-fitr") == 0 && f < d && f > fitr)
                    fitr = f;
            }
            if (fitr && (d - fitr < 66 || d - fitr > 71))
                fail_msg("eid-al-adha %s is %lld days after eid-al-fitr", ds,
                         (long long)(d - fitr));
        } else if (strcmp(h->id, "christmas") == 0) {
            assert_int_equal(h->date.month, 12);
            assert_int_equal(h->date.day, 25);
        } else if (strcmp(h->id, "summer-shutdown") == 0) {
            assert_int_equal(h->date.month, 8);
            assert_int_equal(h->date.day, 15);
        } else if (strcmp(h->id, "diwali") == 0) {
            assert_true(h->date.month == 10 || h->date.month == 11);
        } else if (strcmp(h->id, "golden-week") == 0) {
            /* China's National Day, 1 October */
            assert_int_equal(h->date.month * 100 + h->date.day, 1001);
        } else if (strcmp(h->id, "reunification-day") == 0) {
            assert_int_equal(h->date.month * 100 + h->date.day, 430);
        } else if (strcmp(h->id, "vietnam-national-day") == 0) {
            assert_int_equal(h->date.month * 100 + h->date.day, 902);
        } else if (strcmp(h->id, "sinhala-tamil-new-year") == 0 ||
                   strcmp(h->id, "khmer-new-year") == 0 || strcmp(h->id, "thingyan") == 0) {
            /* the solar new years of South and South-East Asia: 13 or 14 April */
            int md = h->date.month * 100 + h->date.day;
            if (md != 413 && md != 414)
                fail_msg("%s %s is not 13 or 14 April", h->id, ds);
        }
    }
}

static const sv_closure_rule *find_rule(const sv_refdata *rd, const char *country,
                                        const char *holiday)
{
    for (size_t i = 0; i < rd->n_closure_rules; i++)
        if (strcmp(rd->closure_rules[i].country, country) == 0 &&
            strcmp(rd->closure_rules[i].holiday, holiday) == 0)
            return &rd->closure_rules[i];
    return NULL;
}

/* Whether factories of a country are closed on a day (a closure window holds it). */
static bool closed_on(const char *country, int y, int m, int d)
{
    sv_closure w[4];
    int64_t day = sv_date_to_days((sv_date){y, m, d});
    return sv_refdata_closures(g_rd, country, day, day, w, 4) > 0;
}

/* The closures a merchandiser plans around that the first files missed (issue 9): China's
 * National Day week, Vietnam's 30 April-1 May and 2 September, the April new years of Sri
 * Lanka, Cambodia and Myanmar, and Diwali running on through Chhath in North India. Each
 * holds in every year on file (2025-2035); the days below are 2027's. */
static void test_closures_of_the_year_builtin(void **state)
{
    (void)state;
    for (int y = 2025; y <= 2035; y++) {
        for (int d = 1; d <= 7; d++)
            if (!closed_on("CN", y, 10, d))
                fail_msg("CN factories work on %d-10-%02d, in the National Day week", y, d);
        assert_true(closed_on("VN", y, 4, 30));
        assert_true(closed_on("VN", y, 5, 1));
        assert_true(closed_on("VN", y, 9, 2));
        assert_true(closed_on("LK", y, 4, 13));
        assert_true(closed_on("LK", y, 4, 14));
        assert_true(closed_on("MM", y, 4, 13));
        assert_true(closed_on("MM", y, 4, 17)); /* the Myanmar New Year's Day */
    }
    /* Khmer New Year: the three official days, wherever the year puts them */
    for (size_t i = 0; i < g_rd->n_holidays; i++) {
        const sv_holiday *h = &g_rd->holidays[i];
        int64_t day = sv_date_to_days(h->date);
        sv_closure w[4];
        if (strcmp(h->id, "khmer-new-year") == 0) {
            for (int k = 0; k < 3; k++)
                assert_int_equal(sv_refdata_closures(g_rd, "KH", day + k, day + k, w, 4), 1);
        } else if (strcmp(h->id, "diwali") == 0) {
            /* Chhath Puja: the sixth day after Diwali, its dawn offering the next morning;
             * migrant workers from Bihar and Uttar Pradesh are home until then */
            for (int k = 0; k <= 7; k++)
                if (sv_refdata_closures(g_rd, "IN", day + k, day + k, w, 4) != 1)
                    fail_msg("IN factories work %d days after Diwali %d, before Chhath ends", k,
                             h->date.year);
        }
    }
    /* and the neighbours keep working: no Golden Week in Vietnam, no Thingyan in China */
    assert_false(closed_on("VN", 2027, 10, 4));
    assert_false(closed_on("CN", 2027, 4, 15));
}

static void test_closure_rules_builtin(void **state)
{
    (void)state;
    assert_true(g_rd->n_closure_rules > 0);
    for (size_t i = 0; i < g_rd->n_closure_rules; i++) {
        const sv_closure_rule *r = &g_rd->closure_rules[i];
        assert_true(r->source && r->source[0]);
        assert_true(r->days_before >= 0 && r->days_before <= 60);
        assert_true(r->days_after >= 0 && r->days_after <= 60);
        bool known = false;
        for (size_t k = 0; k < g_rd->n_holidays; k++)
            known |= strcmp(g_rd->holidays[k].id, r->holiday) == 0;
        assert_true(known);
        assert_ptr_equal(find_rule(g_rd, r->country, r->holiday), r); /* each pair once */
    }
    /* Chinese New Year closes factories in China 2-4 weeks (DOMAIN.md), and Tet in Vietnam */
    const sv_closure_rule *cn = find_rule(g_rd, "CN", "lunar-new-year");
    assert_non_null(cn);
    int cn_days = cn->days_before + cn->days_after + 1;
    assert_true(cn_days >= 14 && cn_days <= 28);
    assert_non_null(find_rule(g_rd, "VN", "lunar-new-year"));
    /* Portugal does not stop for it, but does in August and at Christmas */
    assert_null(find_rule(g_rd, "PT", "lunar-new-year"));
    assert_non_null(find_rule(g_rd, "PT", "summer-shutdown"));
    assert_non_null(find_rule(g_rd, "PT", "christmas"));
    assert_non_null(find_rule(g_rd, "BD", "eid-al-fitr"));
    assert_non_null(find_rule(g_rd, "IN", "diwali"));

    /* the windows they make: Chinese New Year 2027 (6 February) in China */
    sv_closure w[8];
    size_t n = sv_refdata_closures(g_rd, "CN", sv_date_to_days((sv_date){2027, 1, 1}),
                                   sv_date_to_days((sv_date){2027, 3, 31}), w, 8);
    assert_int_equal(n, 1);
    int64_t lny = sv_date_to_days((sv_date){2027, 2, 6});
    assert_int_equal(w[0].first, lny - cn->days_before);
    assert_int_equal(w[0].last, lny + cn->days_after);
    assert_string_equal(w[0].holiday, "lunar-new-year");
    /* nothing in Portugal then */
    assert_int_equal(sv_refdata_closures(g_rd, "PT", sv_date_to_days((sv_date){2027, 1, 10}),
                                         sv_date_to_days((sv_date){2027, 3, 31}), w, 8),
                     0);
    /* a country with no rules never closes */
    assert_int_equal(
        sv_refdata_closures(g_rd, "ZZ", 0, sv_date_to_days((sv_date){2040, 1, 1}), w, 8), 0);
}

#define LEAD_HEAD "stage\torigin\tcomplexity\tdays\tsource\n"

static void test_lead_times_override(void **state)
{
    (void)state;
    char *lead = tu_embedded("lead_times.tsv");
    /* a changed figure is used, and only that one */
    char *changed = tu_replace(lead, "\nproto\t*\t2\t9\t", "\nproto\t*\t2\t14\t");
    sv_refdata *rd;
    sv_err e;
    char *dir;
    assert_int_equal(load_one("lead_times.tsv", changed, &rd, &e, &dir), SV_OK);
    assert_int_equal(sv_refdata_lead_days(rd, SV_STAGE_PROTO, "TR", 2), 14);
    assert_int_equal(sv_refdata_lead_days(rd, SV_STAGE_LAB_DIP, "BD", 2),
                     sv_refdata_lead_days(g_rd, SV_STAGE_LAB_DIP, "BD", 2));
    assert_int_equal(rd->n_lead_times, g_rd->n_lead_times);
    sv_refdata_free(rd);
    tu_rmtree(dir);
    free(changed);

    /* a file of defaults only is complete */
    char small[4096] = LEAD_HEAD;
    for (int st = 0; st < SV_STAGE__COUNT; st++)
        snprintf(small + strlen(small), sizeof small - strlen(small), "%s\t*\t*\t%d\tmine\n",
                 sv_stage_name((sv_stage)st), st == SV_STAGE_OUTPUT_PER_DAY ? 100 : 7);
    assert_int_equal(load_one("lead_times.tsv", small, &rd, &e, &dir), SV_OK);
    assert_int_equal(sv_refdata_lead_days(rd, SV_STAGE_PROTO, "CN", 3), 7);
    assert_int_equal(sv_refdata_lead_days(rd, SV_STAGE_OUTPUT_PER_DAY, "CN", 3), 100);
    sv_refdata_free(rd);
    tu_rmtree(dir);

    int line = tu_line_of(lead, "proto\t*\t2\t9\t");
    assert_true(line > 0);
    static const char *const bad[][2] = {
        {"proto\t*\t2\t9\t", "protoo\t*\t2\t9\t"},    /* stage */
        {"proto\t*\t2\t9\t", "proto\tasiaa\t2\t9\t"}, /* origin */
        {"proto\t*\t2\t9\t", "proto\tXX\t2\t9\t"},    /* origin */
        {"proto\t*\t2\t9\t", "proto\t*\t4\t9\t"},     /* complexity */
        {"proto\t*\t2\t9\t", "proto\t*\t2\tnine\t"},  /* days */
        {"proto\t*\t2\t9\t", "proto\t*\t2\t400\t"},   /* days */
        {"proto\t*\t2\t9\t", "proto\t*\t2\t-1\t"},    /* days */
        {"proto\t*\t2\t9\t", "proto\t*\t2\t9.5\t"},   /* days */
    };
    static const char *const field[] = {"stage", "origin", "origin", "complexity",
                                        "days",  "days",   "days",   "days"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *b = tu_replace(lead, bad[i][0], bad[i][1]);
        expect_schema_error("lead_times.tsv", b, line, field[i]);
        free(b);
    }
    /* units a day of 0 would divide by zero */
    int opd = tu_line_of(lead, "output_per_day\t*\t*\t");
    char *b = tu_replace(lead, "\noutput_per_day\t*\t*\t250\t", "\noutput_per_day\t*\t*\t0\t");
    expect_schema_error("lead_times.tsv", b, opd, "days");
    free(b);
    /* the same (stage, origin, complexity) twice: the second is refused */
    char *dup = malloc(strlen(lead) + 64);
    assert_non_null(dup);
    sprintf(dup, "%sproto\t*\t2\t10\tagain\n", lead);
    int lines = 0;
    for (const char *q = dup; *q; q++)
        lines += *q == '\n';
    expect_schema_error("lead_times.tsv", dup, lines, "stage");
    free(dup);
    /* a stage without its default row: about the whole file */
    char *start = strstr(lead, "\nfinal_qc\t*\t*\t") + 1;
    char *end = strchr(start, '\n');
    memmove(start, end + 1, strlen(end + 1) + 1);
    expect_schema_error("lead_times.tsv", lead, 0, NULL);
    free(lead);
}

#define HOLIDAY_HEAD "holiday\tyear\tdate\tsource\n"

static void test_holidays_override(void **state)
{
    (void)state;
    char *hol = tu_embedded("holidays.tsv");
    int line = tu_line_of(hol, "lunar-new-year\t2027\t");
    assert_true(line > 0);
    static const char *const bad[][2] = {
        {"lunar-new-year\t2027\t2027-02-06\t", "lunar-new-year\t2027\t2028-02-06\t"},
        {"lunar-new-year\t2027\t2027-02-06\t", "lunar-new-year\t2027\t2027-02-30\t"},
        {"lunar-new-year\t2027\t2027-02-06\t", "lunar-new-year\t2027\t06/02/2027\t"},
        {"lunar-new-year\t2027\t2027-02-06\t", "lunar-new-year\t20x7\t2027-02-06\t"},
        {"lunar-new-year\t2027\t2027-02-06\t",
         "lunar-new-year-in-the-year-of-the-goat\t2027\t2027-02-06\t"},
    };
    static const char *const field[] = {"date", "date", "date", "year", "holiday"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *b = tu_replace(hol, bad[i][0], bad[i][1]);
        expect_schema_error("holidays.tsv", b, line, field[i]);
        free(b);
    }
    /* a moved date moves the closure */
    char *moved =
        tu_replace(hol, "lunar-new-year\t2027\t2027-02-06\t", "lunar-new-year\t2027\t2027-02-10\t");
    sv_refdata *rd;
    sv_err e;
    char *dir;
    assert_int_equal(load_one("holidays.tsv", moved, &rd, &e, &dir), SV_OK);
    const sv_closure_rule *cn = find_rule(rd, "CN", "lunar-new-year");
    assert_non_null(cn);
    sv_closure w[4];
    size_t n = sv_refdata_closures(rd, "CN", sv_date_to_days((sv_date){2027, 1, 1}),
                                   sv_date_to_days((sv_date){2027, 3, 31}), w, 4);
    assert_int_equal(n, 1);
    assert_int_equal(w[0].first, sv_date_to_days((sv_date){2027, 2, 10}) - cn->days_before);
    sv_refdata_free(rd);
    tu_rmtree(dir);
    free(moved);

    /* a holidays file without a holiday the (built-in) rules name is refused, not ignored */
    char small[] = HOLIDAY_HEAD "lunar-new-year\t2027\t2027-02-06\tmine\n";
    assert_int_not_equal(load_one("holidays.tsv", small, &rd, &e, &dir), SV_OK);
    assert_null(rd);
    /* the rule that names a missing holiday is the one pointed at */
    size_t fl = strlen(e.file);
    assert_true(fl >= 17 && strcmp(e.file + fl - 17, "closure_rules.tsv") == 0);
    assert_string_equal(e.field, "holiday");
    assert_true(e.line > 0);
    assert_non_null(strstr(e.msg, "holidays.tsv"));
    tu_rmtree(dir);
    free(hol);
}

#define RULE_HEAD "country\tholiday\tdays_before\tdays_after\tsource\n"

/* customs_unions.tsv: a member is a country or EU, clearance none or border, one of each. */
static void test_customs_unions_override(void **state)
{
    (void)state;
    const char *head = "union\tmember\tclearance\tsource\n";
    char text[1024];
    snprintf(text, sizeof text, "%sEU\tEU\tnone\tx\nX\tXX\tnone\tx\n", head);
    expect_schema_error("customs_unions.tsv", text, 3, "member");
    snprintf(text, sizeof text, "%sEU\tEU\tsome\tx\n", head);
    expect_schema_error("customs_unions.tsv", text, 2, "clearance");
    snprintf(text, sizeof text, "%sU\tRU\tnone\tx\nU\tRU\tnone\tx\n", head);
    expect_schema_error("customs_unions.tsv", text, 3, "member");
    snprintf(text, sizeof text, "%sU\tRU\tnone\tx\nU\tKZ\tborder\tx\n", head);
    expect_schema_error("customs_unions.tsv", text, 3, "clearance");
    snprintf(text, sizeof text, "%sA-NAME-FAR-TOO-LONG\tRU\tnone\tx\n", head);
    expect_schema_error("customs_unions.tsv", text, 2, "union");
    /* a union of the user's own: Portugal and Britain, no border between them */
    snprintf(text, sizeof text, "%sPT-GB\tPT\tnone\tx\nPT-GB\tGB\tnone\tx\n", head);
    sv_refdata *rd;
    sv_err e;
    char *dir;
    assert_int_equal(load_one("customs_unions.tsv", text, &rd, &e, &dir), SV_OK);
    assert_string_equal(sv_refdata_customs_union(rd, "PT", "GB")->name, "PT-GB");
    assert_null(sv_refdata_customs_union(rd, "PT", "DE")); /* the built-in EU row is replaced */
    sv_refdata_free(rd);
    tu_rmtree(dir);
}

/* restart_capacity.tsv: the reduced output after a closure, checked on load; the calendar it
 * makes: the closure, then the reduced span from the first open day. */
static void test_restart_capacity(void **state)
{
    (void)state;
    const char *head = "country\tholiday\tdays\tcapacity_pct\tsource\n";
    char text[1024];
    snprintf(text, sizeof text, "%sCN\tlunar-newyear\t14\t60\tx\n", head);
    expect_schema_error("restart_capacity.tsv", text, 2, "holiday");
    snprintf(text, sizeof text, "%sCN\tlunar-new-year\t0\t60\tx\n", head);
    expect_schema_error("restart_capacity.tsv", text, 2, "days");
    snprintf(text, sizeof text, "%sCN\tlunar-new-year\t14\t100\tx\n", head);
    expect_schema_error("restart_capacity.tsv", text, 2, "capacity_pct");
    snprintf(text, sizeof text, "%sCN\tlunar-new-year\t14\t0\tx\n", head);
    expect_schema_error("restart_capacity.tsv", text, 2, "capacity_pct");
    snprintf(text, sizeof text, "%sCN\tlunar-new-year\t14\t60\tx\nCN\tlunar-new-year\t7\t50\tx\n",
             head);
    expect_schema_error("restart_capacity.tsv", text, 3, "holiday");

    /* built in: Chinese New Year 2027 in China, 7 days before and 14 after 6 February, then
     * the reduced output from the first open day */
    const sv_closure_rule *cn = find_rule(g_rd, "CN", "lunar-new-year");
    const sv_restart *rs = NULL;
    for (size_t i = 0; i < g_rd->n_restarts; i++)
        if (!strcmp(g_rd->restarts[i].country, "CN") &&
            !strcmp(g_rd->restarts[i].holiday, "lunar-new-year"))
            rs = &g_rd->restarts[i];
    assert_non_null(cn);
    assert_non_null(rs);
    assert_true(rs->source && rs->source[0]);
    sv_cal_span *s = NULL;
    size_t n = 0;
    assert_true(sv_refdata_calendar(g_rd, "CN", &s, &n));
    int64_t lny = sv_date_to_days((sv_date){2027, 2, 6});
    bool found = false;
    for (size_t i = 0; i + 1 < n; i++) {
        assert_true(s[i].last < s[i + 1].first); /* sorted, never overlapping */
        if (s[i].first == lny - cn->days_before) {
            found = true;
            assert_int_equal(s[i].capacity_pct, 0);
            assert_int_equal(s[i].last, lny + cn->days_after);
            assert_int_equal(s[i + 1].first, s[i].last + 1);
            assert_int_equal(s[i + 1].last, s[i].last + rs->days);
            assert_int_equal(s[i + 1].capacity_pct, rs->capacity_pct);
            assert_int_equal(s[i + 1].closure_first, s[i].first);
            assert_string_equal(s[i + 1].holiday, "lunar-new-year");
        }
    }
    assert_true(found);
    free(s);
    /* Portugal has closures but no reduced output; a country with no rules has nothing */
    assert_true(sv_refdata_calendar(g_rd, "PT", &s, &n));
    for (size_t i = 0; i < n; i++)
        assert_int_equal(s[i].capacity_pct, 0);
    free(s);
    assert_true(sv_refdata_calendar(g_rd, "ZZ", &s, &n));
    assert_int_equal(n, 0);
    assert_null(s);
}

/* fabric_sources.tsv: origin a country or region, a known construction or *, a mill country;
 * fabric made at home is not shipped; one row a pair. */
static void test_fabric_sources(void **state)
{
    (void)state;
    const char *head = "origin\tconstruction\tmill_country\tstock_days\tcustom_days\t"
                       "ship_days\tsource\n";
    char text[1024];
    snprintf(text, sizeof text, "%sBD\tknitted\tBD\t7\t15\t0\tx\n", head);
    expect_schema_error("fabric_sources.tsv", text, 2, "construction");
    snprintf(text, sizeof text, "%sBD\tknit\tChina\t7\t15\t0\tx\n", head);
    expect_schema_error("fabric_sources.tsv", text, 2, "mill_country");
    snprintf(text, sizeof text, "%sBD\tknit\tBD\t7\t15\t5\tx\n", head);
    expect_schema_error("fabric_sources.tsv", text, 2, "ship_days");
    snprintf(text, sizeof text, "%sBD\twoven\tCN\t0\t15\t5\tx\n", head);
    expect_schema_error("fabric_sources.tsv", text, 2, "stock_days");
    snprintf(text, sizeof text, "%sBD\twoven\tCN\t7\t15\t5\tx\nBD\twoven\tIN\t7\t15\t5\tx\n", head);
    expect_schema_error("fabric_sources.tsv", text, 3, "construction");
    /* the built-in rows: Bangladesh knits at home, weaves in China; the lookup falls back from
     * the construction to any, and from the country to its region */
    const sv_fabric_source_row *r = sv_refdata_fabric_source(g_rd, "BD", SV_CONSTR_KNIT);
    assert_non_null(r);
    assert_string_equal(r->mill, "BD");
    assert_string_equal(sv_refdata_fabric_source(g_rd, "BD", SV_CONSTR_WOVEN)->mill, "CN");
    assert_null(sv_refdata_fabric_source(g_rd, "BD", SV_CONSTR_LEATHER));
    assert_string_equal(sv_refdata_fabric_source(g_rd, "KH", SV_CONSTR_KNIT)->origin, "KH");
    assert_string_equal(sv_refdata_fabric_source(g_rd, "JO", SV_CONSTR_WOVEN)->origin,
                        "middle-east");
    assert_null(sv_refdata_fabric_source(g_rd, "PT", SV_CONSTR_KNIT));
    for (size_t i = 0; i < g_rd->n_fabric_sources; i++)
        assert_true(g_rd->fabric_sources[i].source && g_rd->fabric_sources[i].source[0]);
}

static void test_closure_rules_override(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text, "%sCN\tlunar-newyear\t7\t14\tx\n", RULE_HEAD);
    expect_schema_error("closure_rules.tsv", text, 2, "holiday");
    snprintf(text, sizeof text, "%sCN\tlunar-new-year\t7\t14\tx\nCN\tlunar-new-year\t3\t3\tx\n",
             RULE_HEAD);
    expect_schema_error("closure_rules.tsv", text, 3, "holiday");
    snprintf(text, sizeof text, "%sCN\tlunar-new-year\t61\t14\tx\n", RULE_HEAD);
    expect_schema_error("closure_rules.tsv", text, 2, "days_before");
    snprintf(text, sizeof text, "%sCN\tlunar-new-year\t7\t-1\tx\n", RULE_HEAD);
    expect_schema_error("closure_rules.tsv", text, 2, "days_after");
    snprintf(text, sizeof text, "%sChina\tlunar-new-year\t7\t14\tx\n", RULE_HEAD);
    expect_schema_error("closure_rules.tsv", text, 2, "country");

    /* a factory that closes only on the day itself; rules of the user's own replace the
     * built-in ones, so Portugal no longer stops for Christmas */
    snprintf(text, sizeof text, "%sCN\tlunar-new-year\t0\t0\tmy factory\n", RULE_HEAD);
    sv_refdata *rd;
    sv_err e;
    char *dir;
    assert_int_equal(load_one("closure_rules.tsv", text, &rd, &e, &dir), SV_OK);
    assert_int_equal(rd->n_closure_rules, 1);
    sv_closure w[4];
    size_t n = sv_refdata_closures(rd, "CN", sv_date_to_days((sv_date){2027, 1, 1}),
                                   sv_date_to_days((sv_date){2027, 3, 31}), w, 4);
    assert_int_equal(n, 1);
    assert_int_equal(w[0].first, sv_date_to_days((sv_date){2027, 2, 6}));
    assert_int_equal(w[0].last, w[0].first);
    assert_int_equal(sv_refdata_closures(rd, "PT", sv_date_to_days((sv_date){2026, 12, 1}),
                                         sv_date_to_days((sv_date){2027, 1, 31}), w, 4),
                     0);
    sv_refdata_free(rd);
    tu_rmtree(dir);
}

/* ---- kids_safety.tsv, claims.tsv (issue 9, item 4) ---- */

#define KIDS_HEAD "destination\trule\tgenders\tcategories\tages\tlimit\tlimit_unit\tkind\ttext\tsource\n"
#define KIDS_OK "US\tlead\t*\t*\t0-12\t100\tppm\ttest\tlead\tCPSIA s.101\n"

static void test_kids_safety_built_in(void **state)
{
    (void)state;
    const sv_kids_safety *us = NULL, *eu = NULL;
    for (size_t i = 0; i < g_rd->n_kids_safety; i++) {
        const sv_kids_safety *k = &g_rd->kids_safety[i];
        assert_non_null(k->source);
        assert_true(strlen(k->source) > 10);
        if (k->rule == SV_KIDS_DRAWSTRINGS && strcmp(k->destination, "US") == 0)
            us = k;
        if (k->rule == SV_KIDS_DRAWSTRINGS && strcmp(k->destination, "EU") == 0)
            eu = k;
    }
    assert_non_null(us);
    assert_non_null(eu);
    /* 16 CFR 1120: upper outerwear to size 12, 3 in at the waist; EN 14682: all to 14 */
    assert_int_equal(us->age_to, 12);
    assert_int_equal(us->limit, 75);
    assert_string_equal(us->limit_unit, "mm");
    assert_true(us->categories[SV_CAT_HOODIE]);
    assert_false(us->categories[SV_CAT_TSHIRT]);
    assert_false(us->genders[SV_GENDER_BABY]);
    assert_false(us->genders[SV_GENDER_MEN]);
    assert_int_equal(eu->age_to, 14);
    assert_true(eu->genders[SV_GENDER_BABY]);
    assert_true(sv_kids_safety_applies(eu, "DE"));
    assert_true(sv_kids_safety_applies(eu, "EU"));
    assert_false(sv_kids_safety_applies(eu, "GB"));
    assert_false(sv_kids_safety_applies(us, "CA"));
    assert_string_equal(sv_kids_rule_name(SV_KIDS_TRACKING_LABEL), "tracking_label");
    assert_true(g_rd->n_claim_rules > 0);
}

static void test_kids_safety_bad_rows(void **state)
{
    (void)state;
    expect_schema_error("kids_safety.tsv", KIDS_HEAD "US\tcords\t*\t*\t0-12\t-\t-\trule\tt\ts\n",
                        2, "rule");
    expect_schema_error("kids_safety.tsv", KIDS_HEAD "US\tlead\tmen\t*\t0-12\t-\t-\trule\tt\ts\n",
                        2, "genders");
    expect_schema_error("kids_safety.tsv",
                        KIDS_HEAD "US\tlead\t*\ttee\t0-12\t-\t-\trule\tt\ts\n", 2, "categories");
    expect_schema_error("kids_safety.tsv", KIDS_HEAD "US\tlead\t*\t*\t12-3\t-\t-\trule\tt\ts\n",
                        2, "ages");
    expect_schema_error("kids_safety.tsv", KIDS_HEAD "US\tlead\t*\t*\t0-12\t100\t%\trule\tt\ts\n",
                        2, "limit_unit");
    expect_schema_error("kids_safety.tsv", KIDS_HEAD "US\tlead\t*\t*\t0-12\t-\t-\tmaybe\tt\ts\n",
                        2, "kind");
    expect_schema_error("kids_safety.tsv", KIDS_HEAD "US\tlead\t*\t*\t0-12\t-\t-\trule\tt\t\n",
                        2, "source");
    expect_schema_error("kids_safety.tsv", KIDS_HEAD "XX\tlead\t*\t*\t0-12\t-\t-\trule\tt\ts\n",
                        2, "destination");
    expect_schema_error("kids_safety.tsv", KIDS_HEAD KIDS_OK KIDS_OK, 3, "rule");
    /* a good override replaces the built-in rows */
    sv_refdata *rd;
    sv_err e;
    char *dir;
    assert_int_equal(load_one("kids_safety.tsv", KIDS_HEAD KIDS_OK, &rd, &e, &dir), SV_OK);
    assert_int_equal(rd->n_kids_safety, 1);
    assert_true(rd->kids_safety[0].test);
    sv_refdata_free(rd);
    tu_rmtree(dir);
}

static void test_claims_bad_rows(void **state)
{
    (void)state;
    const char *head = "claim\tfibre\tstandards\ttext\tsource\n";
    expect_schema_error("claims.tsv", tu_fmt("%sorganic\t*\tGOTS||OCS\tt\ts\n", head), 2,
                        "standards");
    expect_schema_error("claims.tsv", tu_fmt("%s\t*\tGOTS\tt\ts\n", head), 2, "claim");
    expect_schema_error("claims.tsv", tu_fmt("%sorg*nic\t*\tGOTS\tt\ts\n", head), 2, "claim");
    expect_schema_error("claims.tsv", tu_fmt("%sorganic\t*\tGOTS\tt\t\n", head), 2, "source");
}

/* ---- setup.tsv: small-run set-up by category (issue 9, item 2) ---- */

/* Every category has its row, with a source; an override without a category loads (that
 * category takes params.tsv's figures); a bad row is refused at its line and column. */
static void test_setup_by_category_rows(void **state)
{
    (void)state;
    bool seen[SV_CAT__COUNT] = {false};
    for (size_t i = 0; i < g_rd->n_setup_costs; i++) {
        const sv_setup_cost *r = &g_rd->setup_costs[i];
        assert_true(r->category >= 0 && r->category < SV_CAT__COUNT);
        assert_false(seen[r->category]);
        seen[r->category] = true;
        assert_true(r->per_style > 0 && r->per_color > 0);
        assert_true(r->source && strstr(r->source, "estimate"));
    }
    for (int c = 0; c < SV_CAT__COUNT; c++)
        if (!seen[c])
            fail_msg("setup.tsv: no row for %s", sv_category_name((sv_category)c));
    /* an override of two categories loads; the others are absent */
    sv_refdata *rd;
    sv_err e;
    char *dir;
    assert_int_equal(load_one("setup.tsv",
                              "category\tper_style_usd\tper_color_usd\tsource\n"
                              "socks\t40\t10\tmy factory\nt-shirt\t100\t20\tmy factory\n",
                              &rd, &e, &dir),
                     SV_OK);
    assert_int_equal(rd->n_setup_costs, 2);
    assert_int_equal(rd->setup_costs[0].per_style, 4000);
    sv_refdata_free(rd);
    tu_rmtree(dir);
    char *setup = tu_embedded("setup.tsv");
    char *bad = tu_replace(setup, "socks\t60\t", "sock\t60\t");
    expect_schema_error("setup.tsv", bad, tu_line_of(setup, "socks\t"), "category");
    free(bad);
    bad = tu_replace(setup, "socks\t60\t15\t", "socks\t60\t-15\t");
    expect_schema_error("setup.tsv", bad, tu_line_of(setup, "socks\t"), "per_color_usd");
    free(bad);
    bad = tu_replace(setup, "socks\t60\t", "socks\t1000000\t");
    expect_schema_error("setup.tsv", bad, tu_line_of(setup, "socks\t"), "per_style_usd");
    free(bad);
    /* a category twice: refused at the second */
    bad = tu_replace(setup, "hoodie\t", "socks\t");
    expect_schema_error("setup.tsv", bad, tu_line_of(setup, "socks\t"), "category");
    free(bad);
    free(setup);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_loads),
        cmocka_unit_test(test_builtin_bands),
        cmocka_unit_test(test_builtin_origins),
        cmocka_unit_test(test_band_lookup_edges),
        cmocka_unit_test(test_new_categories_rows),
        cmocka_unit_test(test_kids_bands_builtin),
        cmocka_unit_test(test_kids_bands_override),
        cmocka_unit_test(test_kids_bands_errors),
        cmocka_unit_test(test_duty_builtin),
        cmocka_unit_test(test_eu_membership),
        cmocka_unit_test(test_freight_fallbacks),
        cmocka_unit_test(test_valuation),
        cmocka_unit_test(test_additional_duties),
        cmocka_unit_test(test_customs_fees),
        cmocka_unit_test(test_vat),
        cmocka_unit_test(test_fx),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_small_run_rows),
        cmocka_unit_test(test_small_run_interpolation),
        cmocka_unit_test(test_override_value_is_used),
        cmocka_unit_test(test_scorecard_weights),
        cmocka_unit_test(test_override_several_files),
        cmocka_unit_test(test_override_duty_order),
        cmocka_unit_test(test_override_freight_order),
        cmocka_unit_test(test_override_windows_line_endings),
        cmocka_unit_test(test_override_dir_must_exist),
        cmocka_unit_test(test_override_dir_unreadable),
        cmocka_unit_test(test_error_bad_number),
        cmocka_unit_test(test_error_bad_values),
        cmocka_unit_test(test_error_absurd_overrides),
        cmocka_unit_test(test_override_edges_accepted),
        cmocka_unit_test(test_error_missing_field_in_row),
        cmocka_unit_test(test_error_empty_field),
        cmocka_unit_test(test_error_wrong_header),
        cmocka_unit_test(test_error_header_missing_column),
        cmocka_unit_test(test_params_override_missing_key_keeps_builtin),
        cmocka_unit_test(test_error_duplicate_rows),
        cmocka_unit_test(test_error_small_run_order),
        cmocka_unit_test(test_error_incomplete_files),
        cmocka_unit_test(test_error_duty_preferences),
        cmocka_unit_test(test_duty_preferences_builtin),
        cmocka_unit_test(test_lead_times_builtin),
        cmocka_unit_test(test_holidays_builtin),
        cmocka_unit_test(test_closure_rules_builtin),
        cmocka_unit_test(test_closures_of_the_year_builtin),
        cmocka_unit_test(test_customs_unions_override),
        cmocka_unit_test(test_restart_capacity),
        cmocka_unit_test(test_fabric_sources),
        cmocka_unit_test(test_lead_times_override),
        cmocka_unit_test(test_holidays_override),
        cmocka_unit_test(test_closure_rules_override),
        cmocka_unit_test(test_kids_safety_built_in),
        cmocka_unit_test(test_kids_safety_bad_rows),
        cmocka_unit_test(test_claims_bad_rows),
        cmocka_unit_test(test_setup_by_category_rows),
    };
    return cmocka_run_group_tests_name("io/refdata_load", tests, setup, teardown);
}
