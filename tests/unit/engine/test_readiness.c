/* Tests for lib/engine/readiness.c: `selvedge check`.
 *
 * One baseline program that a factory would take seriously (BASE below: a premium legging,
 * two colours, its own cost sheet, complete tech pack, money for samples, 30% deposit, a
 * two-season growth plan, a launch date far enough out). Each test makes one change to it and
 * shows one rule: the change that triggers a code, and next to it the neighbouring change that
 * must not (just at the threshold). Thresholds are read from the reference data through the
 * public lookups, not typed in, so the tests follow the data when someone edits data/.
 *
 * The "today" of every check is fixed (2026-01-01): the engine takes no clock. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/costing.h"
#include "selvedge/plan.h"
#include "selvedge/readiness.h"

#include "../test_util.h"

static sv_refdata *g_rd;

static const sv_check_options g_opt = {.today = {2026, 1, 1}, .origin = ""};

/* The baseline. Its own cost sheet adds up to an FOB of 18.72 (worked out by hand in
 * test_costing.c), and the target FOB is that same figure, so the margin rule sees the same
 * landed cost as `selvedge cost`. 1,500 units from Portugal to the US. */
static const char BASE[] =
    "brand:\n"
    "  name: Baseline Athletics\n"
    "  positioning: premium\n"
    "  channels: [dtc]\n"
    "  currency: USD\n"
    "  funding: self-funded\n"
    "  team: { tech_design: freelancer, production_experience_years: 2 }\n"
    "  sampling_budget: 5000.00\n"
    "  payment_terms: { deposit_pct: 30, balance: before-shipment }\n"
    "  growth_plan:\n"
    "    - { season: FW27, units: 3000 }\n"
    "    - { season: SS28, units: 6000 }\n"
    "program:\n"
    "  name: SS27 launch\n"
    "  destination: US\n"
    "  launch_date: 2027-09-01\n"
    "  origin_preference: [PT]\n"
    "  styles:\n"
    "    - code: BL-LEG-01\n"
    "      name: High-rise legging\n"
    "      category: leggings\n"
    "      gender: women\n"
    "      construction: knit\n"
    "      fabric: { composition: \"78% nylon, 22% elastane\", weight_gsm: 250 }\n"
    "      retail_price: 98.00\n"
    "      target_fob: 18.72\n"
    "      sizes: [XS, S, M, L, XL]\n"
    "      colors:\n"
    "        - { name: Black, units: 800 }\n"
    "        - { name: Moss, units: 700 }\n"
    "      tech_pack: { sketch: true, bom: true, measurements: true, grading: true, "
    "construction: true, labels: true, packaging: true }\n"
    "      cost:\n"
    "        fabric: { consumption_m: 0.9, price_per_m: 8.20, wastage_pct: 6 }\n"
    "        trims: 0.80\n"
    "        cmt: 6.50\n"
    "        packaging: 0.35\n"
    "        overhead_pct: 8\n"
    "        factory_margin_pct: 12\n";

#define STYLE "BL-LEG-01"
#define COSTBLOCK                                                                                  \
    "      cost:\n"                                                                              \
    "        fabric: { consumption_m: 0.9, price_per_m: 8.20, wastage_pct: 6 }\n"                \
    "        trims: 0.80\n"                                                                      \
    "        cmt: 6.50\n"                                                                        \
    "        packaging: 0.35\n"                                                                  \
    "        overhead_pct: 8\n"                                                                  \
    "        factory_margin_pct: 12\n"
#define COLORS "        - { name: Black, units: 800 }\n        - { name: Moss, units: 700 }\n"

/* The baseline's two colours with other quantities. */
static const char *two_colors(int64_t a, int64_t b)
{
    return tu_fmt("        - { name: Black, units: %lld }\n        - { name: Moss, units: %lld }\n",
                  (long long)a, (long long)b);
}

/* A program and its readiness; the findings point into the program, so they go together. */
typedef struct run {
    sv_program *p;
    sv_readiness *r;
} run;

static run check_text(const char *yaml, const sv_check_options *opt)
{
    run x = {tu_parse(yaml), NULL};
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_readiness_check(x.p, g_rd, opt, &x.r, &e);
    if (rc != SV_OK) {
        char buf[1024];
        fail_msg("sv_readiness_check failed: %s", sv_err_format(&e, buf, sizeof buf));
    }
    assert_non_null(x.r);
    return x;
}

/* BASE with (find, replace) pairs applied, checked with opt. */
static run runv(const sv_check_options *opt, ...)
{
    va_list ap;
    va_start(ap, opt);
    char *yaml = tu_edit_v(BASE, ap);
    va_end(ap);
    run x = check_text(yaml, opt);
    free(yaml);
    return x;
}

#define RUN(...) runv(&g_opt, ##__VA_ARGS__, NULL)
#define RUN_OPT(opt, ...) runv((opt), ##__VA_ARGS__, NULL)

static void run_free(run *x)
{
    sv_readiness_free(x->r);
    sv_program_free(x->p);
    x->r = NULL;
    x->p = NULL;
}

static void dump(const sv_readiness *r)
{
    fprintf(stderr, "# score %d, verdict %s, %zu findings:\n", r->score,
            sv_verdict_name(r->verdict), r->n_findings);
    for (size_t i = 0; i < r->n_findings; i++) {
        const sv_finding *f = &r->findings[i];
        fprintf(stderr, "#   %-8s %-32s [%s] %s\n", sv_severity_name(f->severity), f->code,
                f->style ? f->style : "-", f->message);
    }
}

static bool same_style(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The finding with this code for this style (NULL: the whole program), or NULL. Unlike
 * sv_readiness_find, a NULL style here means "a program-level finding". */
static const sv_finding *find(const sv_readiness *r, const char *code, const char *style)
{
    for (size_t i = 0; i < r->n_findings; i++)
        if (strcmp(r->findings[i].code, code) == 0 && same_style(r->findings[i].style, style))
            return &r->findings[i];
    return NULL;
}

static size_t count_code(const sv_readiness *r, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_findings; i++)
        n += strcmp(r->findings[i].code, code) == 0;
    return n;
}

/* Expect a finding with everything the spec asks of it. need_facts: the finding is about a
 * quantity, so the numbers behind it must be there. */
static const sv_finding *expect_finding(const sv_readiness *r, const char *code, sv_severity sev,
                                        const char *style, bool need_facts)
{
    const sv_finding *f = find(r, code, style);
    if (!f) {
        dump(r);
        fail_msg("expected %s %s for %s", sv_severity_name(sev), code, style ? style : "(program)");
    }
    if (f->severity != sev) {
        dump(r);
        fail_msg("%s: expected severity %s, found %s", code, sv_severity_name(sev),
                 sv_severity_name(f->severity));
    }
    assert_true(strlen(f->message) > 20);
    assert_true(strlen(f->fix) > 10);
    if (style)
        assert_non_null(strstr(f->message, style));
    if (need_facts)
        assert_true(f->n_facts >= 1);
    assert_true(f->n_facts >= 0 && f->n_facts <= SV_MAX_FACTS);
    for (int i = 0; i < f->n_facts; i++) {
        assert_non_null(f->facts[i].name);
        assert_non_null(f->facts[i].unit);
        assert_true(f->facts[i].scale >= 0 && f->facts[i].scale <= 6);
    }
    return f;
}

#define EXPECT(r, code, sev, style) expect_finding((r), (code), (sev), (style), true)
#define EXPECT_NOFACTS(r, code, sev, style) expect_finding((r), (code), (sev), (style), false)

static void expect_none(const sv_readiness *r, const char *code)
{
    if (count_code(r, code)) {
        dump(r);
        fail_msg("expected no %s", code);
    }
}

static int64_t fact(const sv_finding *f, const char *name)
{
    for (int i = 0; i < f->n_facts; i++)
        if (strcmp(f->facts[i].name, name) == 0)
            return f->facts[i].value;
    fail_msg("%s has no fact %s", f->code, name);
    return 0;
}

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

/* ---- the baseline ---- */

static void test_baseline_is_ready(void **state)
{
    (void)state;
    run x = RUN();
    if (x.r->n_findings)
        dump(x.r);
    assert_int_equal(x.r->n_findings, 0);
    assert_int_equal(x.r->score, 100);
    for (int a = 0; a < SV_AREA__COUNT; a++)
        assert_int_equal(x.r->areas[a], 100);
    assert_int_equal(x.r->verdict, SV_VERDICT_READY);
    run_free(&x);
}

/* ---- positioning.undefined ---- */

static void test_positioning_undefined_fires(void **state)
{
    (void)state;
    run x = RUN("  positioning: premium\n", "");
    /* Nothing to count here: the finding is about a missing word, not a number. */
    const sv_finding *f =
        EXPECT_NOFACTS(x.r, "positioning.undefined", SV_SEV_WARNING, NULL);
    assert_int_equal(f->area, SV_AREA_CLARITY);
    run_free(&x);
}

static void test_positioning_defined_quiet(void **state)
{
    (void)state;
    /* a style's own tier does not stand in for the brand's positioning... */
    run x = RUN("  positioning: premium\n", "",
                "      category: leggings\n", "      category: leggings\n      tier: premium\n");
    assert_non_null(find(x.r, "positioning.undefined", NULL));
    run_free(&x);
    /* ...but any of the four tiers on the brand does */
    static const char *const tiers[] = {"value", "mid", "premium", "luxury"};
    for (int i = 0; i < 4; i++) {
        x = RUN("positioning: premium", tu_fmt("positioning: %s", tiers[i]));
        expect_none(x.r, "positioning.undefined");
        run_free(&x);
    }
}

/* ---- positioning.price_mismatch ---- */

static const sv_price_band *leg_premium(void)
{
    const sv_price_band *b = sv_refdata_band(g_rd, SV_CAT_LEGGINGS, SV_TIER_PREMIUM);
    assert_non_null(b);
    return b;
}

static void test_price_mismatch_low_fires(void **state)
{
    (void)state;
    /* a quarter under the tier's lowest retail price is where a buyer stops believing it */
    sv_minor edge = sv_muldiv(leg_premium()->retail_low, 75, 100);
    run x = RUN("retail_price: 98.00", tu_fmt("retail_price: %s", tu_amount(edge - 1, 2)));
    const sv_finding *f = EXPECT(x.r, "positioning.price_mismatch", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "retail_price"), edge - 1);
    assert_int_equal(fact(f, "tier_retail_low"), leg_premium()->retail_low);
    assert_int_equal(fact(f, "tier_retail_high"), leg_premium()->retail_high);
    assert_int_equal(f->area, SV_AREA_CLARITY);
    run_free(&x);
}

static void test_price_mismatch_low_edge_quiet(void **state)
{
    (void)state;
    sv_minor edge = sv_muldiv(leg_premium()->retail_low, 75, 100);
    run x = RUN("retail_price: 98.00", tu_fmt("retail_price: %s", tu_amount(edge, 2)));
    expect_none(x.r, "positioning.price_mismatch");
    run_free(&x);
}

static void test_price_mismatch_high(void **state)
{
    (void)state;
    sv_minor edge = sv_muldiv(leg_premium()->retail_high, 150, 100);
    run x = RUN("retail_price: 98.00", tu_fmt("retail_price: %s", tu_amount(edge, 2)));
    expect_none(x.r, "positioning.price_mismatch");
    run_free(&x);
    x = RUN("retail_price: 98.00", tu_fmt("retail_price: %s", tu_amount(edge + 1, 2)));
    const sv_finding *f = EXPECT(x.r, "positioning.price_mismatch", SV_SEV_WARNING, STYLE);
    assert_non_null(strstr(f->message, "above"));
    run_free(&x);
}

/* ---- range.undefined ---- */

static void test_range_undefined_no_category_is_blocker(void **state)
{
    (void)state;
    run x = RUN("      category: leggings\n", "");
    const sv_finding *f = EXPECT_NOFACTS(x.r, "range.undefined", SV_SEV_BLOCKER, STYLE);
    assert_non_null(strstr(f->message, "category"));
    assert_int_equal(x.r->verdict, SV_VERDICT_NOT_READY);
    run_free(&x);
}

static void test_range_undefined_no_gender_is_warning(void **state)
{
    (void)state;
    run x = RUN("      gender: women\n", "");
    const sv_finding *f = EXPECT_NOFACTS(x.r, "range.undefined", SV_SEV_WARNING, STYLE);
    assert_non_null(strstr(f->message, "gender"));
    assert_null(strstr(f->message, "category"));
    run_free(&x);
}

static void test_range_defined_quiet(void **state)
{
    (void)state;
    /* category, gender and construction all given: nothing, whatever else changes */
    run x = RUN("      gender: women\n", "      gender: unisex\n");
    expect_none(x.r, "range.undefined");
    run_free(&x);
}

static void test_no_styles(void **state)
{
    (void)state;
    size_t cut = (size_t)(strstr(BASE, "  styles:\n") - BASE);
    char *yaml = strndup(BASE, cut);
    run x = check_text(yaml, &g_opt);
    free(yaml);
    const sv_finding *f = EXPECT_NOFACTS(x.r, "range.undefined", SV_SEV_BLOCKER, NULL);
    assert_non_null(strstr(f->fix, "styles"));
    assert_int_equal(count_code(x.r, "range.undefined"), 1);
    /* nothing can be said about styles that do not exist */
    for (size_t i = 0; i < x.r->n_findings; i++)
        assert_null(x.r->findings[i].style);
    expect_none(x.r, "moq.total_below_typical");
    expect_none(x.r, "budget.sampling_unfunded");
    assert_int_equal(x.r->verdict, SV_VERDICT_NOT_READY);
    assert_true(x.r->score >= 0 && x.r->score <= 100);
    run_free(&x);
}

/* ---- range.too_broad ---- */

/* A small extra style in its own category, without tech pack or cost block (those findings
 * do not matter here). */
static const char *extra_style(const char *code, const char *category, const char *gender,
                               const char *construction, int64_t units)
{
    return tu_fmt("    - code: %s\n"
                  "      category: %s\n"
                  "      gender: %s\n"
                  "      construction: %s\n"
                  "      retail_price: 60.00\n"
                  "      target_fob: 12.00\n"
                  "      colors: [{ name: Black, units: %lld }]\n",
                  code, category, gender, construction, (long long)units);
}

static void test_range_too_broad_categories(void **state)
{
    (void)state;
    int64_t max_cat = sv_refdata_param(g_rd, "range_max_categories_small", 0);
    assert_int_equal(max_cat, 4); /* the styles below add up to max_cat + 1 categories */
    char extras[4096] = "  styles:\n";
    strcat(extras, extra_style("X-TEE", "t-shirt", "women", "knit", 100));
    strcat(extras, extra_style("X-HOOD", "hoodie", "women", "knit", 100));
    strcat(extras, extra_style("X-JOG", "joggers", "women", "knit", 100));
    run x = RUN("  styles:\n", extras);
    expect_none(x.r, "range.too_broad"); /* four categories: still a focused range */
    run_free(&x);

    strcat(extras, extra_style("X-BRA", "sports-bra", "women", "knit", 100));
    x = RUN("  styles:\n", extras);
    const sv_finding *f = EXPECT(x.r, "range.too_broad", SV_SEV_WARNING, NULL);
    assert_int_equal(fact(f, "categories"), 5);
    assert_int_equal(fact(f, "program_units"), 1900);
    assert_int_equal(f->area, SV_AREA_CLARITY);
    run_free(&x);
}

static void test_range_too_broad_not_on_a_big_order(void **state)
{
    (void)state;
    /* the same five categories at range_small_units units in all is no longer "small" */
    int64_t small = sv_refdata_param(g_rd, "range_small_units", 0);
    int64_t rest = small - 1500, each = rest / 4;
    assert_true(each > 0);
    char extras[4096] = "  styles:\n";
    strcat(extras, extra_style("X-TEE", "t-shirt", "women", "knit", each));
    strcat(extras, extra_style("X-HOOD", "hoodie", "women", "knit", each));
    strcat(extras, extra_style("X-JOG", "joggers", "women", "knit", each));
    strcat(extras, extra_style("X-BRA", "sports-bra", "women", "knit", rest - 3 * each));
    run x = RUN("  styles:\n", extras);
    assert_int_equal(sv_program_units(x.p), small);
    expect_none(x.r, "range.too_broad");
    run_free(&x);
}

static void test_range_too_broad_genders_and_constructions(void **state)
{
    (void)state;
    /* men's and women's: two fit blocks, common */
    char extras[4096] = "  styles:\n";
    strcat(extras, extra_style("X-MEN", "leggings", "men", "knit", 100));
    run x = RUN("  styles:\n", extras);
    expect_none(x.r, "range.too_broad");
    run_free(&x);
    /* men's, women's and kids': three */
    strcat(extras, extra_style("X-KID", "leggings", "kids", "knit", 100));
    x = RUN("  styles:\n", extras);
    const sv_finding *f = EXPECT(x.r, "range.too_broad", SV_SEV_WARNING, NULL);
    assert_int_equal(fact(f, "genders"), 3);
    run_free(&x);
    /* girls', boys' and babies' are children's wear: one fit block with kids', as when they
     * were all written kids */
    char kids[4096] = "  styles:\n";
    strcat(kids, extra_style("X-GIRL", "leggings", "girls", "knit", 100));
    strcat(kids, extra_style("X-BOY", "joggers", "boys", "knit", 100));
    strcat(kids, extra_style("X-BABY", "babywear", "baby", "knit", 100));
    x = RUN("gender: women", "gender: kids", "  styles:\n", kids);
    expect_none(x.r, "range.too_broad");
    run_free(&x);
    /* men's, women's and unisex: unisex is not a fit block of its own */
    char uni[4096] = "  styles:\n";
    strcat(uni, extra_style("X-MEN", "leggings", "men", "knit", 100));
    strcat(uni, extra_style("X-UNI", "leggings", "unisex", "knit", 100));
    x = RUN("  styles:\n", uni);
    expect_none(x.r, "range.too_broad");
    run_free(&x);
    /* knit, woven and denim: three construction families */
    char mixed[4096] = "  styles:\n";
    strcat(mixed, extra_style("X-SHORT", "shorts", "women", "woven", 100));
    strcat(mixed, extra_style("X-JEAN", "jeans", "women", "denim", 100));
    x = RUN("  styles:\n", mixed);
    f = EXPECT(x.r, "range.too_broad", SV_SEV_WARNING, NULL);
    assert_int_equal(fact(f, "constructions"), 3);
    run_free(&x);
}

/* ---- price.target_below_floor ---- */

static void test_target_at_floor_quiet(void **state)
{
    (void)state;
    sv_minor floor = leg_premium()->fob_low;
    run x = RUN("target_fob: 18.72", tu_fmt("target_fob: %s", tu_amount(floor, 2)));
    expect_none(x.r, "price.target_below_floor");
    run_free(&x);
}

static void test_target_below_floor_warning(void **state)
{
    (void)state;
    sv_minor floor = leg_premium()->fob_low;
    run x = RUN("target_fob: 18.72", tu_fmt("target_fob: %s", tu_amount(floor - 1, 2)));
    const sv_finding *f = EXPECT(x.r, "price.target_below_floor", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "target_fob"), floor - 1);
    assert_int_equal(fact(f, "floor_fob"), floor);
    assert_int_equal(fact(f, "typical_fob"), leg_premium()->fob_typical);
    assert_int_equal(f->area, SV_AREA_NUMBERS);
    assert_non_null(strstr(f->message, tu_amount(floor, 2)));
    run_free(&x);
}

static void test_target_below_floor_blocker_boundary(void **state)
{
    (void)state;
    sv_minor floor = leg_premium()->fob_low;
    sv_minor eighty = sv_muldiv(floor, 80, 100);
    /* exactly 80% of the floor: still a warning (hard haggling, not impossible) */
    run x = RUN("target_fob: 18.72", tu_fmt("target_fob: %s", tu_amount(eighty, 2)));
    EXPECT(x.r, "price.target_below_floor", SV_SEV_WARNING, STYLE);
    run_free(&x);
    /* a cent under: the construction cannot be made for it */
    x = RUN("target_fob: 18.72", tu_fmt("target_fob: %s", tu_amount(eighty - 1, 2)));
    EXPECT(x.r, "price.target_below_floor", SV_SEV_BLOCKER, STYLE);
    assert_int_equal(x.r->verdict, SV_VERDICT_NOT_READY);
    run_free(&x);
}

static void test_target_floor_follows_style_tier(void **state)
{
    (void)state;
    /* a value-tier style in a premium brand is judged against the value floor */
    const sv_price_band *v = sv_refdata_band(g_rd, SV_CAT_LEGGINGS, SV_TIER_VALUE);
    run x = RUN("target_fob: 18.72", tu_fmt("target_fob: %s", tu_amount(v->fob_low, 2)),
                "      category: leggings\n", "      category: leggings\n      tier: value\n");
    expect_none(x.r, "price.target_below_floor");
    run_free(&x);
}

static void test_target_floor_for_kids(void **state)
{
    (void)state;
    /* kids' garments are judged on their own band (price_bands.tsv, gender kids) */
    sv_price_band kb;
    assert_true(sv_refdata_band_for(g_rd, SV_CAT_LEGGINGS, SV_TIER_PREMIUM, SV_GENDER_KIDS, &kb));
    sv_minor floor = kb.fob_low;
    assert_true(floor < leg_premium()->fob_low);
    run x = RUN("gender: women", "gender: kids", "target_fob: 18.72",
                tu_fmt("target_fob: %s", tu_amount(floor, 2)));
    expect_none(x.r, "price.target_below_floor");
    run_free(&x);
    x = RUN("gender: women", "gender: kids", "target_fob: 18.72",
            tu_fmt("target_fob: %s", tu_amount(floor - 1, 2)));
    const sv_finding *f = EXPECT(x.r, "price.target_below_floor", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "floor_fob"), floor);
    run_free(&x);
    /* girls' is children's wear: the same floor as kids' */
    x = RUN("gender: women", "gender: girls", "target_fob: 18.72",
            tu_fmt("target_fob: %s", tu_amount(floor - 1, 2)));
    f = EXPECT(x.r, "price.target_below_floor", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "floor_fob"), floor);
    run_free(&x);
}

/* The floor is where the style can be made most cheaply: the bands price China's making
 * (cm_index 100), and a program that prefers India (50) has its floor's cut-make share at
 * India's labour cost, as the estimate works it; a dearer origin (PT) keeps the band's floor
 * (the premium rows already price a European make), a style's own origin counts first, and a
 * program with no preference is judged on the band as it is. */
static void test_target_floor_at_the_cheapest_origin(void **state)
{
    (void)state;
    sv_minor floor = leg_premium()->fob_low;
    const sv_category_info *ci = &g_rd->categories[SV_CAT_LEGGINGS];
    int64_t shares = ci->fabric_share_bp + ci->trims_share_bp + ci->cm_share_bp;
    sv_minor cm = sv_muldiv(floor, ci->cm_share_bp, shares);
    const sv_origin_info *in = sv_refdata_origin(g_rd, "IN");
    assert_non_null(in);
    assert_true(in->cm_index < 100);
    sv_minor floor_in = floor - cm + sv_muldiv(cm, in->cm_index, 100);
    assert_true(floor_in < floor);
    /* preferring India (with Portugal): the floor at India's making */
    run x = RUN("origin_preference: [PT]", "origin_preference: [PT, IN]", "target_fob: 18.72",
                tu_fmt("target_fob: %s", tu_amount(floor_in, 2)));
    expect_none(x.r, "price.target_below_floor");
    run_free(&x);
    x = RUN("origin_preference: [PT]", "origin_preference: [PT, IN]", "target_fob: 18.72",
            tu_fmt("target_fob: %s", tu_amount(floor_in - 1, 2)));
    const sv_finding *f = EXPECT(x.r, "price.target_below_floor", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "floor_fob"), floor_in);
    assert_non_null(strstr(f->message, "made in IN start at"));
    run_free(&x);
    /* Portugal alone: the band's floor, not raised */
    x = RUN("target_fob: 18.72", tu_fmt("target_fob: %s", tu_amount(floor_in, 2)));
    f = EXPECT(x.r, "price.target_below_floor", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "floor_fob"), floor);
    assert_null(strstr(f->message, "made in"));
    run_free(&x);
    /* the style made in India, the program preferring Portugal: India's floor */
    x = RUN("target_fob: 18.72",
            tu_fmt("target_fob: %s\n      origin: IN", tu_amount(floor_in, 2)));
    expect_none(x.r, "price.target_below_floor");
    run_free(&x);
}

/* Kids' bands at kidswear's levels, not 65% of the adult band (issue 9, item 4). A kids' tee
 * costs less fabric but the same trims and nearly the same sewing: a mid kids' tee's floor is
 * about 72% of the adult's (2.15 USD, at the small sizes' fabric), so a target at 70% of the
 * adult floor (2.10 USD against 3.00) is below it, where the flat 65% (1.95) passed it. And kids' clothes sell for a smaller share of the
 * adult price than they cost: a 25.00 USD mid kids' hoodie is a normal price, where 65% of
 * the adult hoodie band (35.75-61.75) called it well below mid. */
static void test_kids_bands_at_kidswear_levels(void **state)
{
    (void)state;
    const char *tee[] = {"  positioning: premium\n", "  positioning: mid\n",
                         "category: leggings",        "category: t-shirt",
                         "gender: women",             "gender: kids"};
    run x = RUN(tee[0], tee[1], tee[2], tee[3], tee[4], tee[5], "target_fob: 18.72",
                "target_fob: 2.10");
    const sv_finding *f = EXPECT(x.r, "price.target_below_floor", SV_SEV_WARNING, STYLE);
    sv_price_band kb;
    assert_true(sv_refdata_band_for(g_rd, SV_CAT_TSHIRT, SV_TIER_MID, SV_GENDER_KIDS, &kb));
    assert_int_equal(fact(f, "floor_fob"), kb.fob_low);
    assert_int_equal(kb.fob_low, 215);
    assert_non_null(strstr(f->message, "mid kids' t-shirt start at"));
    run_free(&x);
    /* at the kids' floor: no finding; boys' and girls' tees are kids' tees */
    x = RUN(tee[0], tee[1], tee[2], tee[3], tee[4], tee[5], "target_fob: 18.72",
            "target_fob: 2.15");
    expect_none(x.r, "price.target_below_floor");
    run_free(&x);
    x = RUN(tee[0], tee[1], tee[2], tee[3], tee[4], "gender: boys", "target_fob: 18.72",
            "target_fob: 2.10");
    EXPECT(x.r, "price.target_below_floor", SV_SEV_WARNING, STYLE);
    run_free(&x);
    /* a mid kids' hoodie at 25.00: inside what kidswear sells for */
    const char *hoodie[] = {"  positioning: premium\n", "  positioning: mid\n",
                            "category: leggings",        "category: hoodie",
                            "gender: women",             "gender: girls"};
    x = RUN(hoodie[0], hoodie[1], hoodie[2], hoodie[3], hoodie[4], hoodie[5],
            "retail_price: 98.00", "retail_price: 25.00");
    expect_none(x.r, "positioning.price_mismatch");
    run_free(&x);
    /* 12.00 is a value price still */
    x = RUN(hoodie[0], hoodie[1], hoodie[2], hoodie[3], hoodie[4], hoodie[5],
            "retail_price: 98.00", "retail_price: 12.00");
    f = EXPECT(x.r, "positioning.price_mismatch", SV_SEV_WARNING, STYLE);
    assert_true(sv_refdata_band_for(g_rd, SV_CAT_HOODIE, SV_TIER_MID, SV_GENDER_GIRLS, &kb));
    assert_int_equal(fact(f, "tier_retail_low"), kb.retail_low);
    assert_int_equal(kb.retail_low, 3025);
    assert_non_null(strstr(f->message, "for mid kids' hoodie"));
    run_free(&x);
}

/* A target on another incoterm than FOB (target_price with incoterm: DDP) is a target: no
 * price.target_undefined, though it is not compared with the FOB floors yet. */
static void test_target_on_other_incoterm(void **state)
{
    (void)state;
    run x = RUN("target_fob: 18.72", "target_price: 31.00\n      incoterm: DDP");
    expect_none(x.r, "price.target_undefined");
    expect_none(x.r, "price.target_below_floor");
    run_free(&x);
    x = RUN("target_fob: 18.72", "");
    EXPECT(x.r, "price.target_undefined", SV_SEV_WARNING, STYLE);
    run_free(&x);
}

static void test_target_below_any_floor_without_positioning(void **state)
{
    (void)state;
    /* No tier anywhere: the engine cannot pick a band, but the value tier's floor is the least
     * any construction of the category costs. Half of it is not a price a factory discusses. */
    const sv_price_band *v = sv_refdata_band(g_rd, SV_CAT_LEGGINGS, SV_TIER_VALUE);
    sv_minor target = sv_muldiv(v->fob_low, 50, 100);
    run x = RUN("  positioning: premium\n", "", "target_fob: 18.72",
                tu_fmt("target_fob: %s", tu_amount(target, 2)));
    if (!find(x.r, "price.target_below_floor", STYLE)) {
        dump(x.r);
        run_free(&x);
        fail_msg("a target of %s for leggings (value floor %s) passes without a finding when "
                 "the brand gives no positioning",
                 tu_amount(target, 2), tu_amount(v->fob_low, 2));
    }
    EXPECT(x.r, "price.target_below_floor", SV_SEV_BLOCKER, STYLE);
    run_free(&x);
}

/* A target just over the tier's bulk floor, for 300 units made in Portugal. selvedge's own
 * costing puts this legging at about 20.64 FOB in bulk from Portugal (labour index 250) and
 * about 29 at the planned 300 units: the target is 40% of what the brand will be quoted, and
 * at a realistic FOB the retail price no longer covers 2.5x landed. A factory answers "not at
 * that price"; the check must not call the program ready. */
static void test_target_far_below_own_estimate_is_flagged(void **state)
{
    (void)state;
    sv_minor floor = leg_premium()->fob_low;
    run x = RUN(COSTBLOCK, "", "target_fob: 18.72",
                tu_fmt("target_fob: %s", tu_amount(floor + 50, 2)), "retail_price: 98.00",
                "retail_price: 80.00", COLORS, two_colors(150, 150));
    const sv_finding *f = find(x.r, "price.target_below_floor", STYLE);
    if (!f)
        f = find(x.r, "price.margin_too_thin", STYLE);
    if (!f)
        f = find(x.r, "price.target_below_estimate", STYLE);
    if (!f || x.r->verdict == SV_VERDICT_READY) {
        dump(x.r);
        run_free(&x);
        fail_msg("a target of %s for premium leggings made in PT, 300 units, passes as %s",
                 tu_amount(floor + 50, 2), f ? "ready" : "unflagged");
    }
    run_free(&x);
}

/* ---- price.margin_too_thin ---- */

/* The landed cost of the baseline style as `selvedge cost` computes it. */
static sv_minor baseline_landed(const char *channels_edit)
{
    sv_program *p = channels_edit ? tu_parse_with(BASE, "channels: [dtc]", channels_edit, NULL)
                                  : tu_parse(BASE);
    sv_cost_report *c = NULL;
    sv_err e;
    sv_cost_options co = {.origin = "", .mode = SV_MODE_SEA};
    assert_int_equal(sv_cost_run(p, g_rd, &co, &c, &e), SV_OK);
    assert_true(c->styles[0].ok);
    assert_int_equal(c->styles[0].sheet.fob, 1872);
    sv_minor landed = c->styles[0].landed;
    sv_cost_report_free(c);
    sv_program_free(p);
    return landed;
}

static const char *retail_at(sv_minor landed, int64_t multiple_x100)
{
    return tu_fmt("retail_price: %s", tu_amount(sv_muldiv(landed, multiple_x100, 100), 2));
}

static void test_margin_dtc_boundaries(void **state)
{
    (void)state;
    sv_minor landed = baseline_landed(NULL);
    int64_t min = sv_refdata_param(g_rd, "dtc_min_multiple", 2);
    assert_true(min > 200);

    run x = RUN("retail_price: 98.00", retail_at(landed, min));
    expect_none(x.r, "price.margin_too_thin");
    run_free(&x);

    x = RUN("retail_price: 98.00", retail_at(landed, min - 1));
    const sv_finding *f = EXPECT(x.r, "price.margin_too_thin", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "landed_cost"), landed);
    assert_int_equal(fact(f, "retail_multiple"), min - 1);
    assert_int_equal(fact(f, "minimum_multiple"), min);
    assert_int_equal(f->area, SV_AREA_NUMBERS);
    run_free(&x);

    /* 2x landed: thin, not yet impossible */
    x = RUN("retail_price: 98.00", retail_at(landed, 200));
    EXPECT(x.r, "price.margin_too_thin", SV_SEV_WARNING, STYLE);
    run_free(&x);
    /* under 2x landed: the brand loses money once it pays for anything but the goods */
    x = RUN("retail_price: 98.00", retail_at(landed, 199));
    EXPECT(x.r, "price.margin_too_thin", SV_SEV_BLOCKER, STYLE);
    run_free(&x);
}

/* In the UK the shelf price includes 20% VAT the brand never keeps: a legging at 2.5x its
 * landed cost with VAT in is 2.08x on what the brand keeps, a thin margin; the same price in
 * the US (sales tax added at the till) is not. */
static void test_margin_net_of_vat(void **state)
{
    (void)state;
    sv_program *p = tu_parse_with(BASE, "destination: US", "destination: GB", NULL);
    sv_cost_report *c = NULL;
    sv_err e;
    sv_cost_options co = {.origin = "", .mode = SV_MODE_SEA};
    assert_int_equal(sv_cost_run(p, g_rd, &co, &c, &e), SV_OK);
    sv_minor landed = c->styles[0].landed;
    sv_cost_report_free(c);
    sv_program_free(p);
    int64_t min = sv_refdata_param(g_rd, "dtc_min_multiple", 2);
    run x = RUN("destination: US", "destination: GB", "retail_price: 98.00", retail_at(landed, min));
    const sv_finding *f = EXPECT(x.r, "price.margin_too_thin", SV_SEV_WARNING, STYLE);
    sv_minor gross = sv_muldiv(landed, min, 100);
    assert_int_equal(fact(f, "retail_price"), gross);
    assert_int_equal(fact(f, "retail_price_net"), sv_muldiv(gross, 10000, 12000));
    assert_non_null(strstr(f->message, "net of VAT"));
    run_free(&x);
    /* the US: at the multiple, fine */
    x = RUN("retail_price: 98.00", retail_at(baseline_landed(NULL), min));
    expect_none(x.r, "price.margin_too_thin");
    run_free(&x);
}

static void test_margin_wholesale_boundaries(void **state)
{
    (void)state;
    const char *both = "channels: [dtc, wholesale]";
    sv_minor landed = baseline_landed(both);
    int64_t min = sv_refdata_param(g_rd, "wholesale_min_multiple", 2);
    assert_true(min > 150);
#define WHS(m)                                                                                     \
    tu_fmt("retail_price: 98.00\n      wholesale_price: %s",                                     \
           tu_amount(sv_muldiv(landed, (m), 100), 2))

    run x = RUN("channels: [dtc]", both, "retail_price: 98.00", WHS(min));
    expect_none(x.r, "price.margin_too_thin");
    run_free(&x);

    x = RUN("channels: [dtc]", both, "retail_price: 98.00", WHS(min - 1));
    const sv_finding *f = EXPECT(x.r, "price.margin_too_thin", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "wholesale_multiple"), min - 1);
    assert_int_equal(fact(f, "landed_cost"), landed);
    run_free(&x);

    x = RUN("channels: [dtc]", both, "retail_price: 98.00", WHS(150));
    EXPECT(x.r, "price.margin_too_thin", SV_SEV_WARNING, STYLE);
    run_free(&x);
    x = RUN("channels: [dtc]", both, "retail_price: 98.00", WHS(149));
    EXPECT(x.r, "price.margin_too_thin", SV_SEV_BLOCKER, STYLE);
    run_free(&x);
#undef WHS
}

static void test_margin_wholesale_only_brand_not_judged_on_retail(void **state)
{
    (void)state;
    /* a wholesale-only brand's retail price is the stores' business, not its margin */
    sv_minor landed = baseline_landed("channels: [wholesale]");
    run x = RUN("channels: [dtc]", "channels: [wholesale]", "retail_price: 98.00",
                tu_fmt("retail_price: %s\n      wholesale_price: %s",
                       tu_amount(sv_muldiv(landed, 240, 100), 2),
                       tu_amount(sv_muldiv(landed, 210, 100), 2)));
    expect_none(x.r, "price.margin_too_thin");
    run_free(&x);
}

static void test_margin_judged_at_floor_when_target_is_below_it(void **state)
{
    (void)state;
    /* A target under the tier's floor cannot be bought at: the margin is judged at the floor,
     * not at the wishful target (which would make any retail price look healthy). */
    sv_minor floor = leg_premium()->fob_low;
    run x = RUN(COSTBLOCK, "", "target_fob: 18.72",
                tu_fmt("target_fob: %s", tu_amount(floor / 2, 2)), "retail_price: 98.00",
                tu_fmt("retail_price: %s", tu_amount(floor * 3, 2)));
    const sv_finding *f = EXPECT(x.r, "price.margin_too_thin", SV_SEV_WARNING, STYLE);
    assert_true(fact(f, "landed_cost") > floor);
    EXPECT(x.r, "price.target_below_floor", SV_SEV_BLOCKER, STYLE);
    run_free(&x);
}

static void test_margin_keystone_wholesale_is_checked(void **state)
{
    (void)state;
    /* no wholesale price: the keystone one (retail / 2) is what a retailer would pay */
    run x = RUN("channels: [dtc]", "channels: [dtc, wholesale]", "retail_price: 98.00",
                "retail_price: 90.00");
    const sv_finding *f = EXPECT(x.r, "price.margin_too_thin", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "wholesale_price"), 4500);
    assert_non_null(strstr(f->message, "keystone"));
    run_free(&x);
}

/* ---- moq.* ---- */

static const sv_origin_info *origin(const char *cc)
{
    const sv_origin_info *o = sv_refdata_origin(g_rd, cc);
    if (!o)
        fail_msg("no origin %s in the reference data", cc);
    return o;
}

static const char *one_color(int64_t a)
{
    return tu_fmt("        - { name: Black, units: %lld }\n", (long long)a);
}

static void test_moq_color_boundaries(void **state)
{
    (void)state;
    int64_t m = origin("TR")->moq_color_low;
    assert_true(m % 2 == 0 && m > 2);
    run x = RUN("[PT]", "[TR]", COLORS, two_colors(800, m));
    expect_none(x.r, "moq.per_color_below_typical");
    run_free(&x);

    x = RUN("[PT]", "[TR]", COLORS, two_colors(800, m - 1));
    const sv_finding *f = EXPECT(x.r, "moq.per_color_below_typical", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "units"), m - 1);
    assert_int_equal(fact(f, "typical_minimum"), m);
    assert_non_null(strstr(f->message, "Moss"));
    assert_non_null(strstr(f->fix, "Black")); /* fold the small colour into the big one */
    assert_int_equal(f->area, SV_AREA_NUMBERS);
    assert_int_equal(count_code(x.r, "moq.per_color_below_typical"), 1);
    run_free(&x);

    /* half the minimum: a flexible factory might still do it at a surcharge */
    x = RUN("[PT]", "[TR]", COLORS, two_colors(800, m / 2));
    EXPECT(x.r, "moq.per_color_below_typical", SV_SEV_WARNING, STYLE);
    run_free(&x);
    /* under half: nobody will */
    x = RUN("[PT]", "[TR]", COLORS, two_colors(800, m / 2 - 1));
    EXPECT(x.r, "moq.per_color_below_typical", SV_SEV_BLOCKER, STYLE);
    run_free(&x);
}

static void test_moq_color_some_origins_is_info(void **state)
{
    (void)state;
    /* under Turkey's minimum but over Portugal's: a note naming Turkey, not a warning */
    int64_t tr = origin("TR")->moq_color_low, pt = origin("PT")->moq_color_low;
    assert_true(pt < tr - 1);
    run x = RUN("[PT]", "[TR, PT]", COLORS, two_colors(800, tr - 1));
    const sv_finding *f = EXPECT(x.r, "moq.per_color_below_typical", SV_SEV_INFO, STYLE);
    assert_non_null(strstr(f->message, "TR"));
    run_free(&x);
}

/* The minimum fix names the minimum of the origin the style fails, not the lowest of the
 * judged origins: a style of 400 between TR's minimum and IN's, both preferred, is told to go
 * to IN's figure for IN, and that TR takes it as it is. (The old rule: "raise it to" TR's
 * figure, which the style already passes.) */
static void test_moq_fix_names_the_failing_origins_minimum(void **state)
{
    (void)state;
    const sv_origin_info *in = sv_refdata_origin(g_rd, "IN"), *tr = sv_refdata_origin(g_rd, "TR");
    assert_non_null(in);
    assert_non_null(tr);
    assert_true(tr->moq_style_low < in->moq_style_low);
    int64_t units = (tr->moq_style_low + in->moq_style_low) / 2;
    run x = RUN("origin_preference: [PT]", "origin_preference: [IN, TR]", COLORS,
                tu_fmt("        - { name: Black, units: %lld }\n", (long long)units));
    const sv_finding *f = EXPECT(x.r, "moq.per_style_below_typical", SV_SEV_INFO, STYLE);
    const char *want = tu_fmt("raise it to %lld units for IN.", (long long)in->moq_style_low);
    if (!strstr(f->fix, want))
        fail_msg("fix does not say \"%s\": %s", want, f->fix);
    assert_null(strstr(f->fix, tu_fmt("raise it to %lld units.", (long long)tr->moq_style_low)));
    assert_non_null(strstr(f->fix, "take it as it is: TR."));
    /* the message names the origin and its minimum readably: "in IN at 500", not "in IN 500" */
    want = tu_fmt("accept in IN at %lld;", (long long)in->moq_style_low);
    if (!strstr(f->message, want))
        fail_msg("message does not say \"%s\": %s", want, f->message);
    run_free(&x);
}

static void test_moq_style_boundaries(void **state)
{
    (void)state;
    int64_t m = origin("TR")->moq_style_low;
    assert_true(m % 2 == 0 && origin("TR")->moq_color_low <= m - 1);
    run x = RUN("[PT]", "[TR]", COLORS, one_color(m));
    expect_none(x.r, "moq.per_style_below_typical");
    run_free(&x);

    x = RUN("[PT]", "[TR]", COLORS, one_color(m - 1));
    const sv_finding *f = EXPECT(x.r, "moq.per_style_below_typical", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "units"), m - 1);
    assert_int_equal(fact(f, "typical_minimum"), m);
    run_free(&x);

    x = RUN("[PT]", "[TR]", COLORS, one_color(m / 2 - 1));
    EXPECT(x.r, "moq.per_style_below_typical", SV_SEV_BLOCKER, STYLE);
    run_free(&x);
}

static void test_moq_total_boundaries(void **state)
{
    (void)state;
    int64_t m = origin("TR")->moq_order_low;
    int64_t half = m / 2;
    /* colours and the style stay above their own minimums; only the order total moves */
    assert_true(half >= origin("TR")->moq_color_low);
    assert_true(m - 1 >= origin("TR")->moq_style_low);
    run x = RUN("[PT]", "[TR]", COLORS, two_colors(m - half, half));
    expect_none(x.r, "moq.total_below_typical");
    expect_none(x.r, "moq.per_color_below_typical");
    expect_none(x.r, "moq.per_style_below_typical");
    run_free(&x);

    x = RUN("[PT]", "[TR]", COLORS, two_colors(m - half, half - 1));
    const sv_finding *f = EXPECT(x.r, "moq.total_below_typical", SV_SEV_WARNING, NULL);
    assert_int_equal(fact(f, "units"), m - 1);
    assert_int_equal(fact(f, "typical_minimum"), m);
    run_free(&x);

    x = RUN("[PT]", "[TR]", COLORS, one_color(m / 2 - 1));
    EXPECT(x.r, "moq.total_below_typical", SV_SEV_BLOCKER, NULL);
    run_free(&x);
}

/* ---- budget.sampling_unfunded ---- */

/* Proto + the category's fit rounds + pre-production + one per size, at the category's
 * sample price: what the reference data says sampling the baseline style costs. */
static sv_minor sampling_need(void)
{
    const sv_category_info *ci = &g_rd->categories[SV_CAT_LEGGINGS];
    return (2 + ci->fit_rounds + 5) * ci->sample_cost;
}

static const char *budget(sv_minor v)
{
    return tu_fmt("sampling_budget: %s", tu_amount(v, 2));
}

static void test_sampling_unfunded_missing_or_zero(void **state)
{
    (void)state;
    run x = RUN("  sampling_budget: 5000.00\n", "");
    const sv_finding *f = EXPECT(x.r, "budget.sampling_unfunded", SV_SEV_BLOCKER, NULL);
    assert_int_equal(fact(f, "sampling_budget"), 0);
    assert_int_equal(fact(f, "estimated_sampling_cost"), sampling_need());
    assert_int_equal(f->area, SV_AREA_BUDGET);
    run_free(&x);
    x = RUN("sampling_budget: 5000.00", budget(0));
    EXPECT(x.r, "budget.sampling_unfunded", SV_SEV_BLOCKER, NULL);
    run_free(&x);
}

static void test_sampling_budget_boundaries(void **state)
{
    (void)state;
    sv_minor need = sampling_need();
    assert_true(need % 2 == 0 && need > 2);
    run x = RUN("sampling_budget: 5000.00", budget(need));
    expect_none(x.r, "budget.sampling_unfunded");
    run_free(&x);

    x = RUN("sampling_budget: 5000.00", budget(need - 1));
    const sv_finding *f = EXPECT(x.r, "budget.sampling_unfunded", SV_SEV_WARNING, NULL);
    assert_int_equal(fact(f, "sampling_budget"), need - 1);
    assert_int_equal(fact(f, "estimated_sampling_cost"), need);
    run_free(&x);

    x = RUN("sampling_budget: 5000.00", budget(need / 2));
    EXPECT(x.r, "budget.sampling_unfunded", SV_SEV_WARNING, NULL);
    run_free(&x);
    x = RUN("sampling_budget: 5000.00", budget(need / 2 - 1));
    EXPECT(x.r, "budget.sampling_unfunded", SV_SEV_BLOCKER, NULL);
    run_free(&x);
}

/* ---- techpack.incomplete ---- */

#define TECHPACK                                                                                   \
    "      tech_pack: { sketch: true, bom: true, measurements: true, grading: true, "             \
    "construction: true, labels: true, packaging: true }\n"

static void test_techpack_missing_is_blocker(void **state)
{
    (void)state;
    run x = RUN(TECHPACK, "");
    const sv_finding *f = EXPECT(x.r, "techpack.incomplete", SV_SEV_BLOCKER, STYLE);
    assert_int_equal(fact(f, "parts_missing"), 7);
    assert_int_equal(f->area, SV_AREA_DOCUMENTATION);
    run_free(&x);
}

static void test_techpack_core_part_missing_is_blocker(void **state)
{
    (void)state;
    run x = RUN("bom: true", "bom: false");
    const sv_finding *f = EXPECT(x.r, "techpack.incomplete", SV_SEV_BLOCKER, STYLE);
    assert_int_equal(fact(f, "parts_missing"), 1);
    assert_non_null(strstr(f->message, "bill of materials"));
    run_free(&x);
}

static void test_techpack_finishing_part_missing_is_warning(void **state)
{
    (void)state;
    run x = RUN("packaging: true }", "packaging: false }");
    const sv_finding *f = EXPECT(x.r, "techpack.incomplete", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "parts_missing"), 1);
    assert_non_null(strstr(f->fix, "packaging"));
    run_free(&x);
}

static void test_techpack_complete_quiet(void **state)
{
    (void)state;
    run x = RUN();
    expect_none(x.r, "techpack.incomplete");
    run_free(&x);
}

/* ---- payment.unrealistic ---- */

static const char *terms(const char *deposit, const char *balance)
{
    return tu_fmt("payment_terms: { deposit_pct: %s, balance: %s }", deposit, balance);
}

#define TERMS "payment_terms: { deposit_pct: 30, balance: before-shipment }"

static void test_payment_deposit_boundaries(void **state)
{
    (void)state;
    int64_t min = sv_refdata_param(g_rd, "deposit_pct_min_credible", 2);
    run x = RUN(TERMS, terms(tu_amount(min, 2), "before-shipment"));
    expect_none(x.r, "payment.unrealistic");
    run_free(&x);

    x = RUN(TERMS, terms(tu_amount(min - 1, 2), "before-shipment"));
    const sv_finding *f = EXPECT(x.r, "payment.unrealistic", SV_SEV_WARNING, NULL);
    assert_int_equal(fact(f, "deposit_pct"), min - 1);
    assert_int_equal(fact(f, "typical_deposit_pct"),
                     sv_refdata_param(g_rd, "deposit_pct_typical", 2));
    assert_int_equal(f->area, SV_AREA_BUDGET);
    run_free(&x);

    x = RUN(TERMS, terms("0", "before-shipment"));
    EXPECT(x.r, "payment.unrealistic", SV_SEV_BLOCKER, NULL);
    run_free(&x);
}

static void test_payment_open_terms(void **state)
{
    (void)state;
    /* net 30 from a new brand: a stretch; net 60/90: the factory would be financing it */
    run x = RUN(TERMS, terms("30", "net-30"));
    EXPECT(x.r, "payment.unrealistic", SV_SEV_WARNING, NULL);
    run_free(&x);
    x = RUN(TERMS, terms("30", "net-60"));
    const sv_finding *f = EXPECT(x.r, "payment.unrealistic", SV_SEV_BLOCKER, NULL);
    assert_int_equal(fact(f, "deposit_pct"), 3000);
    run_free(&x);
    x = RUN(TERMS, terms("30", "net-90"));
    EXPECT(x.r, "payment.unrealistic", SV_SEV_BLOCKER, NULL);
    run_free(&x);
}

static void test_payment_on_delivery(void **state)
{
    (void)state;
    int64_t typical = sv_refdata_param(g_rd, "deposit_pct_typical", 2);
    run x = RUN(TERMS, terms(tu_amount(typical, 2), "on-delivery"));
    expect_none(x.r, "payment.unrealistic");
    run_free(&x);
    x = RUN(TERMS, terms(tu_amount(typical - 100, 2), "on-delivery"));
    EXPECT(x.r, "payment.unrealistic", SV_SEV_WARNING, NULL);
    run_free(&x);
}

/* The terms of the market written as such: a letter of credit or documents against payment
 * are payment terms (no payment.undefined), and open account or documents against acceptance
 * at N days are credit as balance net-N is. */
static void test_payment_methods(void **state)
{
    (void)state;
    static const char *const given[] = {"payment_terms: { method: lc-at-sight }",
                                        "payment_terms: { method: lc-usance, days: 90 }",
                                        "payment_terms: { method: d/p }"};
    /* judged where they are the trade's terms (payment_terms.tsv): test_payment_documentary */
    for (size_t i = 0; i < sizeof given / sizeof given[0]; i++) {
        run x = RUN(TERMS, given[i], "origin_preference: [PT]", "origin_preference: [BD]");
        expect_none(x.r, "payment.undefined");
        expect_none(x.r, "payment.unrealistic");
        run_free(&x);
    }
    run x = RUN(TERMS, "payment_terms: { method: open-account, days: 30 }");
    EXPECT(x.r, "payment.unrealistic", SV_SEV_WARNING, NULL);
    run_free(&x);
    x = RUN(TERMS, "payment_terms: { method: open-account, days: 60 }");
    const sv_finding *f = EXPECT(x.r, "payment.unrealistic", SV_SEV_BLOCKER, NULL);
    assert_int_equal(fact(f, "balance_days_after_delivery"), 60);
    run_free(&x);
    x = RUN(TERMS, "payment_terms: { method: d/a, days: 45 }");
    EXPECT(x.r, "payment.unrealistic", SV_SEV_BLOCKER, NULL);
    run_free(&x);
    /* the method alone says nothing of deposit or balance: undefined, as {} is */
    x = RUN(TERMS, "payment_terms: { method: deposit-balance }");
    EXPECT_NOFACTS(x.r, "payment.undefined", SV_SEV_WARNING, NULL);
    run_free(&x);
}

/* A letter of credit or D/P judged as the market does (payment_terms.tsv): a 0% deposit with
 * an L/C at sight is the norm in BD, PK and IN (the old rule: a blocker, as any 0% deposit);
 * from a Portuguese factory a new brand is still asked a deposit (a warning, not a blocker:
 * the bank's promise secures the factory); a usance beyond what BD takes is a warning; with
 * BD and PT preferred, a note naming PT. */
static void test_payment_documentary(void **state)
{
    (void)state;
    const sv_payment_norm *bd = sv_refdata_payment_norm(g_rd, "BD", SV_PAY_LC_SIGHT);
    const sv_payment_norm *pt = sv_refdata_payment_norm(g_rd, "PT", SV_PAY_LC_SIGHT);
    const sv_payment_norm *bdu = sv_refdata_payment_norm(g_rd, "BD", SV_PAY_LC_USANCE);
    assert_non_null(bd);
    assert_non_null(pt);
    assert_non_null(bdu);
    assert_int_equal(bd->deposit_bp_min, 0);
    assert_true(pt->deposit_bp_min > 0);
    static const char *const bd_pk_in[] = {"origin_preference: [BD]", "origin_preference: [PK]",
                                           "origin_preference: [IN]"};
    for (size_t i = 0; i < 3; i++) {
        run x = RUN(TERMS, "payment_terms: { method: lc-at-sight, deposit_pct: 0 }",
                    "origin_preference: [PT]", bd_pk_in[i]);
        expect_none(x.r, "payment.unrealistic");
        run_free(&x);
    }
    run x = RUN(TERMS, "payment_terms: { method: lc-at-sight, deposit_pct: 0 }");
    const sv_finding *f = EXPECT(x.r, "payment.unrealistic", SV_SEV_WARNING, NULL);
    assert_int_equal(fact(f, "market_deposit_pct"), pt->deposit_bp_min);
    run_free(&x);
    x = RUN(TERMS, tu_fmt("payment_terms: { method: lc-at-sight, deposit_pct: %s }",
                          tu_amount(pt->deposit_bp_min, 2)));
    expect_none(x.r, "payment.unrealistic");
    run_free(&x);
    x = RUN(TERMS, "payment_terms: { method: lc-at-sight }", "origin_preference: [PT]",
            "origin_preference: [BD, PT]");
    f = EXPECT(x.r, "payment.unrealistic", SV_SEV_INFO, NULL);
    assert_non_null(strstr(f->message, "PT"));
    assert_non_null(strstr(f->fix, "BD"));
    run_free(&x);
    x = RUN(TERMS, tu_fmt("payment_terms: { method: lc-usance, days: %d }", bdu->credit_days_max),
            "origin_preference: [PT]", "origin_preference: [BD]");
    expect_none(x.r, "payment.unrealistic");
    run_free(&x);
    x = RUN(TERMS,
            tu_fmt("payment_terms: { method: lc-usance, days: %d }", bdu->credit_days_max + 1),
            "origin_preference: [PT]", "origin_preference: [BD]");
    f = EXPECT(x.r, "payment.unrealistic", SV_SEV_WARNING, NULL);
    assert_int_equal(fact(f, "market_usance_days_max"), bdu->credit_days_max);
    run_free(&x);
}

/* ---- timeline.too_short, timeline.tight ---- */

/* Days from today until the goods can be in the warehouse from one origin, as the T&A planner
 * (lib/engine/plan.c) schedules the baseline program: the readiness check must agree with it. */
static int64_t needed_days(const char *cc)
{
    run base = RUN();
    sv_plan_options po = {.today = g_opt.today, .mode = SV_MODE_SEA, .no_ways_out = true};
    memcpy(po.origin, cc, 3);
    sv_plan *pl = NULL;
    sv_err e;
    assert_int_equal(sv_plan_build(base.p, g_rd, &po, &pl, &e), SV_OK);
    int64_t need = pl->ready - pl->today;
    sv_plan_free(pl);
    run_free(&base);
    return need;
}

static const char *launch_in(int64_t days)
{
    char d[16];
    sv_date_format(sv_date_from_days(sv_date_to_days(g_opt.today) + days), d, sizeof d);
    return tu_fmt("launch_date: %s", d);
}

static void test_timeline_with_margin_quiet(void **state)
{
    (void)state;
    int64_t need = needed_days("PT");
    int64_t tight = sv_refdata_param(g_rd, "plan_tight_slack_days", 0);
    run x = RUN("launch_date: 2027-09-01", launch_in(need + tight));
    expect_none(x.r, "timeline.too_short");
    expect_none(x.r, "timeline.tight");
    run_free(&x);
}

static void test_timeline_on_the_day_is_tight(void **state)
{
    (void)state;
    int64_t need = needed_days("PT");
    run x = RUN("launch_date: 2027-09-01", launch_in(need));
    expect_none(x.r, "timeline.too_short");
    const sv_finding *f = EXPECT(x.r, "timeline.tight", SV_SEV_WARNING, NULL);
    assert_int_equal(fact(f, "slack_days"), 0);
    run_free(&x);
}

static void test_timeline_day_short_is_blocker(void **state)
{
    (void)state;
    int64_t need = needed_days("PT");
    run x = RUN("launch_date: 2027-09-01", launch_in(need - 1));
    const sv_finding *f = EXPECT(x.r, "timeline.too_short", SV_SEV_BLOCKER, NULL);
    assert_int_equal(fact(f, "days_available"), need - 1);
    assert_int_equal(fact(f, "days_needed"), need);
    assert_int_equal(fact(f, "slack_days"), -1);
    assert_true(fact(f, "brand_days_on_critical_path") > 0);
    assert_int_equal(f->area, SV_AREA_TIMELINE);
    assert_non_null(strstr(f->message, "PT"));
    assert_non_null(strstr(f->fix, "plan"));
    run_free(&x);
}

static void test_timeline_passed(void **state)
{
    (void)state;
    run x = RUN("launch_date: 2027-09-01", "launch_date: 2025-12-01");
    const sv_finding *f = EXPECT(x.r, "timeline.too_short", SV_SEV_BLOCKER, NULL);
    assert_true(fact(f, "days_available") < 0);
    assert_non_null(strstr(f->message, "passed"));
    run_free(&x);
}

/* A plan no calendar holds (80,000 units of the legging sewn at one a day: two centuries from
 * Portugal) is a blocker that says so, with the range and the style, not a warehouse date in
 * the 2240s. */
static void test_timeline_beyond_the_supported_dates(void **state)
{
    (void)state;
    run x = RUN("units: 800 }", "units: 80000 }", "      cost:\n",
                "      timeline: { output_per_day: 1 }\n      cost:\n");
    const sv_finding *f = EXPECT(x.r, "timeline.too_short", SV_SEV_BLOCKER, NULL);
    assert_non_null(strstr(f->message, "2099-12-31"));
    assert_non_null(strstr(f->message, STYLE));
    assert_null(strstr(f->message, "22")); /* no date of the 2200s */
    run_free(&x);
}

/* The day the timeline is judged from must be inside the supported dates too. */
static void test_today_outside_the_supported_dates(void **state)
{
    (void)state;
    sv_program *p = tu_parse(BASE);
    sv_check_options o = g_opt;
    o.today = (sv_date){9999, 12, 31};
    sv_readiness *r = NULL;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_readiness_check(p, g_rd, &o, &r, &e), SV_ERR_USAGE);
    assert_null(r);
    assert_non_null(strstr(e.msg, "2001-01-01 to 2099-12-31"));
    sv_program_free(p);
}

static void test_timeline_fastest_preferred_origin_counts(void **state)
{
    (void)state;
    /* Bangladesh cannot make it, Portugal can: the program is not impossible */
    assert_true(needed_days("BD") > needed_days("PT"));
    run x = RUN("[PT]", "[BD, PT]", "launch_date: 2027-09-01", launch_in(needed_days("PT")));
    expect_none(x.r, "timeline.too_short");
    run_free(&x);
}

/* ---- plan.single_season ---- */

#define GROWTH "  growth_plan:\n    - { season: FW27, units: 3000 }\n    - { season: SS28, units: 6000 }\n"

/* The same finding on several styles is one finding listing them, each style with its own
 * numbers; a finding that differs per style stays one a style. The score counts the grouped
 * finding once per style, as before; the verdict's "at most two warnings" too. (The old rule:
 * one price.cost_sheet_missing a style.) */
static const char *more_styles(const char *const *codes, size_t n, bool retail)
{
    const char *out = tu_fmt("%s", "");
    for (size_t i = 0; i < n; i++)
        out = tu_fmt("%s    - code: %s\n      name: Legging %zu\n      category: leggings\n"
                     "      gender: women\n      construction: knit\n"
                     "      fabric: { composition: \"78%% nylon, 22%% elastane\", "
                     "weight_gsm: 250 }\n%s      target_fob: 18.72\n      sizes: [S, M, L]\n"
                     "      colors:\n        - { name: Black, units: 800 }\n"
                     "      tech_pack: { sketch: true, bom: true, measurements: true, grading: "
                     "true, construction: true, labels: true, packaging: true }\n",
                     out, codes[i], i, retail ? "      retail_price: 98.00\n" : "");
    return out;
}

static void test_same_finding_on_many_styles_is_one(void **state)
{
    (void)state;
    const char *codes[] = {"BL-LEG-02", "BL-LEG-03"};
    const char *yaml = tu_fmt("%s%s", BASE, more_styles(codes, 2, true));
    run x = check_text(yaml, &g_opt);
    assert_int_equal(count_code(x.r, "price.cost_sheet_missing"), 1);
    const sv_finding *f = sv_readiness_find(x.r, "price.cost_sheet_missing", "BL-LEG-03");
    assert_non_null(f);
    assert_null(f->style);
    assert_int_equal(f->n_parts, 2);
    assert_string_equal(f->parts[0].style, "BL-LEG-02");
    assert_string_equal(f->parts[1].style, "BL-LEG-03");
    assert_int_equal(fact(f, "styles"), 2);
    /* the estimate and the units it is at (the FOB cost shows at the units planned) */
    assert_int_equal(f->parts[0].n_facts, 2);
    assert_string_equal(f->parts[0].facts[0].name, "estimated_fob");
    assert_string_equal(f->parts[0].facts[1].name, "planned_units");
    assert_true(f->parts[0].facts[0].value > 0);
    assert_non_null(strstr(f->message, "2 styles have no cost sheet"));
    assert_non_null(strstr(f->message, "BL-LEG-02 (est. "));
    assert_non_null(strstr(f->message, "BL-LEG-03 ("));
    /* one style alone keeps its own finding */
    run one = check_text(tu_fmt("%s%s", BASE, more_styles(codes, 1, true)), &g_opt);
    const sv_finding *g = find(one.r, "price.cost_sheet_missing", "BL-LEG-02");
    assert_non_null(g);
    assert_int_equal(g->n_parts, 0);
    run_free(&one);
    run_free(&x);
    /* three styles without a retail price: one warning, and not ready for it */
    const char *three[] = {"BL-LEG-02", "BL-LEG-03", "BL-LEG-04"};
    run w = check_text(tu_fmt("%s%s", BASE, more_styles(three, 3, false)), &g_opt);
    f = EXPECT(w.r, "positioning.price_points_missing", SV_SEV_WARNING, NULL);
    assert_int_equal(f->n_parts, 3);
    assert_int_equal(count_code(w.r, "positioning.price_points_missing"), 1);
    assert_int_not_equal(w.r->verdict, SV_VERDICT_READY);
    /* the score is that of a code on three styles: worst penalty plus 5 a repeat, capped */
    assert_int_equal(w.r->areas[SV_AREA_CLARITY], 100 - 15 - 7);
    run_free(&w);
}

/* A closure on the critical path that only eats slack is a note; one that makes the goods late
 * or leaves less than closure_warn_slack_days is a warning. The legging from CN crosses the
 * Lunar New Year; at several launch dates each closure_conflict's severity follows the plan's
 * delay and slack for that closure. (The old rule: a warning whatever the slack.) */
static void test_closure_severity_follows_slack(void **state)
{
    (void)state;
    int64_t warn_slack = sv_refdata_param(g_rd, "closure_warn_slack_days", 0);
    assert_true(warn_slack > 0);
    sv_check_options o = g_opt;
    memcpy(o.origin, "CN", 3);
    run base = RUN();
    sv_plan_options po = {.today = g_opt.today, .mode = SV_MODE_SEA, .no_ways_out = true};
    memcpy(po.origin, "CN", 3);
    sv_plan *pl = NULL;
    sv_err e;
    assert_int_equal(sv_plan_build(base.p, g_rd, &po, &pl, &e), SV_OK);
    int64_t need = pl->ready - pl->today;
    sv_plan_free(pl);
    run_free(&base);
    int notes = 0, warnings = 0;
    int64_t offsets[] = {-5, 0, warn_slack - 1, warn_slack, 60, 200};
    for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
        run x = RUN_OPT(&o, "launch_date: 2027-09-01", launch_in(need + offsets[k]));
        pl = NULL;
        assert_int_equal(sv_plan_build(x.p, g_rd, &po, &pl, &e), SV_OK);
        size_t want_warn = 0, want_note = 0;
        for (size_t i = 0; i < pl->n_hits; i++) {
            const sv_closure_hit *h = &pl->hits[i];
            if (!pl->ms[h->milestone].critical)
                continue;
            if (h->delay > 0 && h->slack < warn_slack)
                want_warn++;
            else
                want_note++;
        }
        size_t got_warn = 0, got_note = 0;
        for (size_t i = 0; i < x.r->n_findings; i++) {
            const sv_finding *f = &x.r->findings[i];
            if (strcmp(f->code, "timeline.closure_conflict") != 0)
                continue;
            if (f->severity == SV_SEV_WARNING) {
                got_warn++;
            } else {
                assert_int_equal(f->severity, SV_SEV_INFO);
                got_note++;
                if (fact(f, "delay_days") > 0)
                    assert_non_null(strstr(f->message, "days of slack"));
            }
        }
        if (got_warn != want_warn || got_note != want_note) {
            dump(x.r);
            fail_msg("launch need + %lld: plan says %zu warnings %zu notes, check %zu / %zu",
                     (long long)offsets[k], want_warn, want_note, got_warn, got_note);
        }
        notes += (int)got_note;
        warnings += (int)got_warn;
        sv_plan_free(pl);
        run_free(&x);
    }
    assert_true(notes > 0);
    assert_true(warnings > 0);
}

static void test_single_season_fires(void **state)
{
    (void)state;
    run x = RUN(GROWTH, "");
    const sv_finding *f = EXPECT(x.r, "plan.single_season", SV_SEV_WARNING, NULL);
    assert_int_equal(fact(f, "seasons_planned"), 0);
    assert_int_equal(f->area, SV_AREA_COMMITMENT);
    run_free(&x);
}

static void test_single_season_one_more_season_quiet(void **state)
{
    (void)state;
    run x = RUN(GROWTH, "  growth_plan:\n    - { season: FW27, units: 1500 }\n");
    expect_none(x.r, "plan.single_season");
    run_free(&x);
}

/* ---- plan.growth_unrealistic ---- */

/* Growth from a base under the smallest order the judged origins take is judged from that
 * minimum: a note while the next season stays within growth_max_multiple_per_season of it,
 * a warning beyond. (The old rule: plan.growth_unrealistic, a warning, from any base.) */
static void test_growth_from_small_base_is_a_note(void **state)
{
    (void)state;
    int64_t max = sv_refdata_param(g_rd, "growth_max_multiple_per_season", 2);
    const sv_origin_info *bd = sv_refdata_origin(g_rd, "BD");
    assert_non_null(bd);
    assert_true(bd->moq_order_low > 1500); /* the baseline's 1,500 units is under it */
    int64_t next = 1500 * max / 100 + 1, top = bd->moq_order_low * max / 100;
    assert_true(next <= top);
    run x = RUN("origin_preference: [PT]", "origin_preference: [BD]", "units: 3000 }",
                tu_fmt("units: %lld }", (long long)next), "units: 6000 }",
                tu_fmt("units: %lld }", (long long)top));
    expect_none(x.r, "plan.growth_unrealistic");
    const sv_finding *f = EXPECT(x.r, "plan.growth_from_small_base", SV_SEV_INFO, NULL);
    assert_int_equal(fact(f, "order_minimum"), bd->moq_order_low);
    run_free(&x);
    x = RUN("origin_preference: [PT]", "origin_preference: [BD]", "units: 3000 }",
            tu_fmt("units: %lld }", (long long)(top + 1)), "units: 6000 }",
            tu_fmt("units: %lld }", (long long)(top + 1)));
    EXPECT(x.r, "plan.growth_unrealistic", SV_SEV_WARNING, NULL);
    expect_none(x.r, "plan.growth_from_small_base");
    run_free(&x);
}

static void test_growth_boundaries_first_season(void **state)
{
    (void)state;
    int64_t max = sv_refdata_param(g_rd, "growth_max_multiple_per_season", 2);
    int64_t units = 1500, at = units * max / 100;
    assert_int_equal(units * max % 100, 0);
    run x = RUN("units: 3000 }", tu_fmt("units: %lld }", (long long)at), "units: 6000 }",
                tu_fmt("units: %lld }", (long long)at));
    expect_none(x.r, "plan.growth_unrealistic");
    run_free(&x);

    x = RUN("units: 3000 }", tu_fmt("units: %lld }", (long long)(at + 1)), "units: 6000 }",
            tu_fmt("units: %lld }", (long long)(at + 1)));
    const sv_finding *f = EXPECT(x.r, "plan.growth_unrealistic", SV_SEV_WARNING, NULL);
    assert_int_equal(fact(f, "from_units"), units);
    assert_int_equal(fact(f, "to_units"), at + 1);
    assert_non_null(strstr(f->message, "FW27"));
    assert_int_equal(count_code(x.r, "plan.growth_unrealistic"), 1);
    run_free(&x);
}

static void test_growth_boundaries_later_season(void **state)
{
    (void)state;
    int64_t max = sv_refdata_param(g_rd, "growth_max_multiple_per_season", 2);
    int64_t at = 3000 * max / 100;
    run x = RUN("units: 6000 }", tu_fmt("units: %lld }", (long long)at));
    expect_none(x.r, "plan.growth_unrealistic");
    run_free(&x);
    x = RUN("units: 6000 }", tu_fmt("units: %lld }", (long long)(at + 1)));
    const sv_finding *f = EXPECT(x.r, "plan.growth_unrealistic", SV_SEV_WARNING, NULL);
    assert_int_equal(fact(f, "from_units"), 3000);
    assert_non_null(strstr(f->message, "SS28"));
    run_free(&x);
}

/* ---- score, verdict, order ---- */

/* Everything a factory needs is missing. */
static const char WORST[] = "brand:\n"
                            "  name: Hobby\n"
                            "  currency: USD\n"
                            "  payment_terms: { deposit_pct: 0, balance: net-90 }\n"
                            "program:\n"
                            "  name: first drop\n"
                            "  destination: US\n"
                            "  launch_date: 2026-02-01\n"
                            "  origin_preference: [BD]\n"
                            "  styles:\n"
                            "    - code: H-TEE\n"
                            "      category: t-shirt\n"
                            "      retail_price: 9.00\n"
                            "      target_fob: 0.50\n"
                            "      colors: [{ name: White, units: 20 }, { name: Red, units: 5 }]\n"
                            "    - code: H-HOOD\n"
                            "      colors: [{ name: Grey, units: 10 }]\n"
                            "    - code: H-JEAN\n"
                            "      category: jeans\n"
                            "      gender: men\n"
                            "      construction: denim\n"
                            "      retail_price: 19.00\n"
                            "      colors: [{ name: Blue, units: 15 }]\n";

static void check_invariants(const sv_readiness *r)
{
    assert_true(r->score >= 0 && r->score <= 100);
    if (r->counts[SV_SEV_BLOCKER])
        assert_true(r->score < 60);
    for (int a = 0; a < SV_AREA__COUNT; a++)
        assert_true(r->areas[a] >= 0 && r->areas[a] <= 100);
    int counts[SV_SEV__COUNT] = {0};
    for (size_t i = 0; i < r->n_findings; i++) {
        counts[r->findings[i].severity]++;
        if (i)
            assert_true(r->findings[i - 1].severity <= r->findings[i].severity);
    }
    for (int s = 0; s < SV_SEV__COUNT; s++)
        assert_int_equal(r->counts[s], counts[s]);
    if (counts[SV_SEV_BLOCKER])
        assert_int_equal(r->verdict, SV_VERDICT_NOT_READY);
}

static void test_worst_program(void **state)
{
    (void)state;
    run x = check_text(WORST, &g_opt);
    check_invariants(x.r);
    assert_int_equal(x.r->verdict, SV_VERDICT_NOT_READY);
    assert_true(x.r->score < 50);
    assert_true(x.r->counts[SV_SEV_BLOCKER] >= 5);
    /* blockers first */
    assert_int_equal(x.r->findings[0].severity, SV_SEV_BLOCKER);
    assert_int_equal(x.r->findings[x.r->n_findings - 1].severity, SV_SEV_INFO);
    EXPECT_NOFACTS(x.r, "positioning.undefined", SV_SEV_WARNING, NULL);
    EXPECT_NOFACTS(x.r, "range.undefined", SV_SEV_BLOCKER, "H-HOOD");
    EXPECT(x.r, "budget.sampling_unfunded", SV_SEV_BLOCKER, NULL);
    EXPECT(x.r, "techpack.incomplete", SV_SEV_BLOCKER, "H-TEE");
    EXPECT(x.r, "timeline.too_short", SV_SEV_BLOCKER, NULL);
    EXPECT(x.r, "plan.single_season", SV_SEV_WARNING, NULL);
    EXPECT(x.r, "moq.total_below_typical", SV_SEV_BLOCKER, NULL);
    EXPECT(x.r, "moq.per_color_below_typical", SV_SEV_BLOCKER, "H-TEE");
    EXPECT(x.r, "moq.per_style_below_typical", SV_SEV_BLOCKER, "H-JEAN");
    /* a style with no category is not costed, and nothing crashes on it */
    assert_null(find(x.r, "price.margin_too_thin", "H-HOOD"));
    run_free(&x);
}

static void test_any_blocker_means_not_ready(void **state)
{
    (void)state;
    /* One blocker in an otherwise perfect program. The areas alone would average well over
     * 80; the blocker caps the score at 59, the top of not_ready (readiness.md). */
    run x = RUN("sampling_budget: 5000.00", budget(0));
    check_invariants(x.r);
    assert_int_equal(x.r->counts[SV_SEV_BLOCKER], 1);
    assert_int_equal(x.r->areas[SV_AREA_BUDGET], 100 - 45);
    assert_int_equal(x.r->areas[SV_AREA_NUMBERS], 100);
    int weighted = 0;
    static const int weight[SV_AREA__COUNT] = {15, 25, 15, 15, 15, 15};
    for (int a = 0; a < SV_AREA__COUNT; a++)
        weighted += x.r->areas[a] * weight[a];
    assert_true((weighted + 50) / 100 >= 80);
    assert_int_equal(x.r->score, 59);
    assert_int_equal(x.r->verdict, SV_VERDICT_NOT_READY);
    run_free(&x);
}

static void test_warnings_only_is_nearly(void **state)
{
    (void)state;
    run x = RUN("  positioning: premium\n", "", GROWTH, "", TERMS, terms("30", "net-30"));
    check_invariants(x.r);
    assert_int_equal(x.r->counts[SV_SEV_BLOCKER], 0);
    assert_true(x.r->counts[SV_SEV_WARNING] >= 3);
    assert_true(x.r->score < 100);
    assert_int_equal(x.r->verdict, SV_VERDICT_NEARLY);
    run_free(&x);
}

static void test_more_problems_never_score_higher(void **state)
{
    (void)state;
    run a = RUN("sampling_budget: 5000.00", budget(0));
    run b = RUN("sampling_budget: 5000.00", budget(0), GROWTH, "");
    run c = RUN("sampling_budget: 5000.00", budget(0), GROWTH, "", TECHPACK, "");
    assert_true(b.r->score <= a.r->score);
    assert_true(c.r->score <= b.r->score);
    assert_true(c.r->areas[SV_AREA_DOCUMENTATION] < 100);
    assert_true(b.r->areas[SV_AREA_COMMITMENT] < 100);
    run_free(&a);
    run_free(&b);
    run_free(&c);
}

static void test_sorted_blockers_first(void **state)
{
    (void)state;
    run x = RUN("  funding: self-funded\n", "", "sampling_budget: 5000.00", budget(0), TECHPACK,
                "", GROWTH, "", "target_fob: 18.72", "target_fob: 1.00");
    check_invariants(x.r);
    if (!(x.r->counts[SV_SEV_BLOCKER] >= 3 && x.r->counts[SV_SEV_WARNING] >= 2)) {
        dump(x.r);
        fail();
    }
    run_free(&x);
}

/* ---- cost grows with the findings, not their square ---- */

/* A range of n styles, each in 50 colours of 10 units with no cost sheet and no tech pack:
 * several findings a style and one a colour, as in the big programs that made `check` take
 * minutes. Returns malloc'd YAML. */
static char *many_findings_program(int n)
{
    size_t cap = (size_t)n * 50 * 40 + 4096, len = 0;
    char *y = malloc(cap);
    assert_non_null(y);
    len += (size_t)snprintf(y + len, cap - len,
                            "brand: { name: Wide Range, currency: USD, positioning: mid }\n"
                            "program:\n  name: Everything\n  destination: US\n"
                            "  launch_date: 2027-09-01\n  origin_preference: [PT]\n  styles:\n");
    for (int i = 0; i < n; i++) {
        len += (size_t)snprintf(y + len, cap - len,
                                "    - code: S%04d\n      category: t-shirt\n"
                                "      target_fob: 0.50\n      colors:\n", i);
        for (int k = 0; k < 50; k++)
            len += (size_t)snprintf(y + len, cap - len, "        - { name: c%d, units: 10 }\n", k);
    }
    assert_true(len < cap);
    return y;
}

static uint64_t work_for(int n_styles, size_t *n_findings)
{
    char *y = many_findings_program(n_styles);
    run x = check_text(y, &g_opt);
    free(y);
    assert_true(count_code(x.r, "moq.per_color_below_typical") >= (size_t)n_styles * 50);
    *n_findings = x.r->n_findings;
    uint64_t w = x.r->work;
    run_free(&x);
    return w;
}

/* Sorting, scoring and searching the findings take a bounded number of steps per finding:
 * four times the findings, about four times the work. The quadratic version took over a
 * thousand steps a finding on the larger program, and `check` minutes on the biggest. */
static void test_work_grows_with_the_findings(void **state)
{
    (void)state;
    size_t n1, n4;
    uint64_t w1 = work_for(40, &n1);
    uint64_t w4 = work_for(160, &n4);
    fprintf(stderr, "# %zu findings: %llu steps; %zu findings: %llu steps\n", n1,
            (unsigned long long)w1, n4, (unsigned long long)w4);
    assert_true(n4 >= 4 * n1 - 40);
    assert_true(w4 <= 64 * (uint64_t)n4);
    assert_true(w4 * n1 <= 5 * w1 * n4 / 4); /* per finding, at most a quarter more */
}

/* Every field inside its limit, totals beyond 64 bits (1,000 styles x 200 colours x
 * 10,000,000 units at the dearest prices, written with YAML aliases): check refuses it as cost
 * does, naming the style, rather than judging a negative FOB total. */
static void test_totals_beyond_64_bits_refused(void **state)
{
    (void)state;
    size_t cap = 200 * 48 + 1000 * 80 + 4096, len = 0;
    char *y = malloc(cap);
    assert_non_null(y);
    len += (size_t)snprintf(y, cap,
                            "brand: { name: Worst, currency: USD }\n"
                            "program:\n  name: Limits\n  destination: US\n  styles:\n"
                            "    - code: W0000\n      category: puffer\n"
                            "      target_fob: 100000000\n      colors: &colours\n");
    for (int k = 0; k < 200; k++)
        len += (size_t)snprintf(y + len, cap - len, "        - { name: c%d, units: 10000000 }\n",
                                k);
    len += (size_t)snprintf(y + len, cap - len,
                            "      cost: &cost\n"
                            "        fabric: { consumption_m: 20, price_per_m: 100000000 }\n"
                            "        trims: 100000000\n        cmt: 100000000\n");
    for (int i = 1; i < 1000; i++)
        len += (size_t)snprintf(y + len, cap - len,
                                "    - { code: W%04d, category: puffer, colors: *colours, "
                                "cost: *cost }\n", i);
    assert_true(len < cap);
    sv_program *p = tu_parse(y);
    free(y);
    sv_readiness *r = NULL;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_readiness_check(p, g_rd, &g_opt, &r, &e);
    if (rc == SV_OK)
        fail_msg("checked: score %d", r->score);
    assert_int_equal(rc, SV_ERR_SCHEMA);
    assert_null(r);
    assert_int_equal(strncmp(e.field, "program.styles[W0", 17), 0);
    assert_non_null(strstr(e.msg, "total FOB"));
    sv_program_free(p);
}

static void test_deterministic(void **state)
{
    (void)state;
    run a = check_text(WORST, &g_opt), b = check_text(WORST, &g_opt);
    assert_int_equal(a.r->score, b.r->score);
    assert_int_equal(a.r->verdict, b.r->verdict);
    assert_memory_equal(a.r->areas, b.r->areas, sizeof a.r->areas);
    assert_int_equal(a.r->n_findings, b.r->n_findings);
    for (size_t i = 0; i < a.r->n_findings; i++) {
        const sv_finding *x = &a.r->findings[i], *y = &b.r->findings[i];
        assert_string_equal(x->code, y->code);
        assert_int_equal(x->severity, y->severity);
        assert_int_equal(x->area, y->area);
        assert_true(same_style(x->style, y->style));
        assert_string_equal(x->message, y->message);
        assert_string_equal(x->fix, y->fix);
        assert_int_equal(x->n_facts, y->n_facts);
        for (int k = 0; k < x->n_facts; k++) {
            assert_string_equal(x->facts[k].name, y->facts[k].name);
            assert_int_equal(x->facts[k].value, y->facts[k].value);
        }
    }
    run_free(&a);
    run_free(&b);
}

static void test_find(void **state)
{
    (void)state;
    run x = check_text(WORST, &g_opt);
    const sv_finding *any = sv_readiness_find(x.r, "techpack.incomplete", NULL);
    assert_non_null(any);
    assert_string_equal(any->code, "techpack.incomplete");
    const sv_finding *jean = sv_readiness_find(x.r, "techpack.incomplete", "H-JEAN");
    assert_non_null(jean);
    assert_string_equal(jean->style, "H-JEAN");
    assert_null(sv_readiness_find(x.r, "techpack.incomplete", "NO-SUCH-STYLE"));
    assert_null(sv_readiness_find(x.r, "no.such.code", NULL));
    /* program-level findings are found with a NULL style, and not under a style */
    assert_non_null(sv_readiness_find(x.r, "plan.single_season", NULL));
    assert_null(sv_readiness_find(x.r, "plan.single_season", "H-TEE"));
    run_free(&x);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(sv_severity_name(SV_SEV_BLOCKER), "blocker");
    assert_string_equal(sv_severity_name(SV_SEV_WARNING), "warning");
    assert_string_equal(sv_severity_name(SV_SEV_INFO), "info");
    static const char *const areas[] = {"clarity",  "numbers",       "budget",
                                        "timeline", "documentation", "commitment"};
    for (int a = 0; a < SV_AREA__COUNT; a++)
        assert_string_equal(sv_area_name((sv_area)a), areas[a]);
    assert_string_equal(sv_verdict_name(SV_VERDICT_READY), "ready");
    assert_string_equal(sv_verdict_name(SV_VERDICT_NEARLY), "nearly");
    assert_string_equal(sv_verdict_name(SV_VERDICT_NOT_READY), "not_ready");
}

/* ---- currencies ---- */

/* BASE restated in another currency: every amount converted at the fx.tsv rate. */
static char *base_in(const char *code, const char *base)
{
    const sv_currency *cur = sv_currency_find(code);
    assert_non_null(cur);
    static const char *const amounts[] = {"sampling_budget: ", "retail_price: ",
                                           "wholesale_price: ", "target_fob: ",
                                           "price_per_m: ", "trims: ", "cmt: ", "packaging: "};
    char *text = tu_replace(base, "currency: USD", tu_fmt("currency: %s", code));
    for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
        /* the baseline writes each amount as "<prefix><d>.<dd>" followed by , or newline */
        const char *at = text;
        size_t pl = strlen(amounts[i]);
        while ((at = strstr(at, amounts[i])) && !(at[pl] >= '0' && at[pl] <= '9'))
            at++;
        if (!at)
            continue;
        const char *num = at + pl;
        size_t len = strspn(num, "0123456789.");
        char old[128], digits[64];
        snprintf(old, sizeof old, "%s%.*s", amounts[i], (int)len, num);
        snprintf(digits, sizeof digits, "%.*s", (int)len, num);
        sv_minor usd, local;
        assert_int_equal(sv_decimal_parse(digits, 2, &usd), SV_DEC_OK);
        assert_true(sv_refdata_from_usd(g_rd, usd, cur, &local));
        char *next = tu_replace(text, old,
                                tu_fmt("%s%s", amounts[i], tu_amount(local, cur->exponent)));
        free(text);
        text = next;
    }
    return text;
}

/* The codes (with their styles and severities) of a readiness, as one comparable string. */
static char *signature(const sv_readiness *r)
{
    char *s = calloc(1, 8192);
    assert_non_null(s);
    for (size_t i = 0; i < r->n_findings; i++) {
        const sv_finding *f = &r->findings[i];
        snprintf(s + strlen(s), 8192 - strlen(s), "%s/%s/%s;", f->code,
                 f->style ? f->style : "-", sv_severity_name(f->severity));
    }
    return s;
}

static void same_as_usd(const char *base)
{
    run usd = check_text(base, &g_opt);
    char *want = signature(usd.r);
    static const char *const codes[] = {"EUR", "JPY", "GBP"};
    for (size_t i = 0; i < 3; i++) {
        char *text = base_in(codes[i], base);
        run x = check_text(text, &g_opt);
        char *got = signature(x.r);
        if (strcmp(want, got) != 0) {
            dump(usd.r);
            dump(x.r);
            fail_msg("%s: findings differ from USD:\n  USD %s\n  %s %s", codes[i], want,
                     codes[i], got);
        }
        assert_int_equal(x.r->verdict, usd.r->verdict);
        assert_int_equal(x.r->score, usd.r->score);
        free(got);
        free(text);
        run_free(&x);
    }
    free(want);
    run_free(&usd);
}

static void test_currency_baseline_same_verdict(void **state)
{
    (void)state;
    same_as_usd(BASE);
}

static void test_currency_problems_same_findings(void **state)
{
    (void)state;
    char *bad = tu_edit(BASE, "target_fob: 18.72", "target_fob: 7.00", "sampling_budget: 5000.00",
                        "sampling_budget: 400.00", GROWTH, "", "retail_price: 98.00",
                        "retail_price: 45.00", NULL);
    same_as_usd(bad);
    free(bad);
}

static void test_currency_jpy_floor_boundary(void **state)
{
    (void)state;
    /* yen have no minor unit: the floor is whole yen, and a yen under it is under it */
    const sv_currency *jpy = sv_currency_find("JPY");
    assert_int_equal(jpy->exponent, 0);
    sv_minor floor;
    assert_true(sv_refdata_from_usd(g_rd, leg_premium()->fob_low, jpy, &floor));
    char *text = base_in("JPY", BASE);
    char *at = tu_replace(text, "target_fob: 2688", tu_fmt("target_fob: %lld", (long long)floor));
    run x = check_text(at, &g_opt);
    expect_none(x.r, "price.target_below_floor");
    run_free(&x);
    char *under =
        tu_replace(text, "target_fob: 2688", tu_fmt("target_fob: %lld", (long long)floor - 1));
    x = check_text(under, &g_opt);
    const sv_finding *f = EXPECT(x.r, "price.target_below_floor", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "floor_fob"), floor);
    for (int i = 0; i < f->n_facts; i++) {
        assert_string_equal(f->facts[i].unit, "JPY");
        assert_int_equal(f->facts[i].scale, 0);
    }
    char shown[64];
    sv_decimal_format(floor, 0, true, shown, sizeof shown);
    assert_non_null(strstr(f->message, tu_fmt("%s JPY", shown)));
    run_free(&x);
    free(under);
    free(at);
    free(text);
}

static void test_currency_eur_sampling_boundary(void **state)
{
    (void)state;
    const sv_currency *eur = sv_currency_find("EUR");
    sv_minor sample;
    const sv_category_info *ci = &g_rd->categories[SV_CAT_LEGGINGS];
    assert_true(sv_refdata_from_usd(g_rd, ci->sample_cost, eur, &sample));
    sv_minor need = sample * (2 + ci->fit_rounds + 5);
    char *text = base_in("EUR", BASE);
    char *ok = tu_replace(text, "sampling_budget: 4253.51",
                          tu_fmt("sampling_budget: %s", tu_amount(need, 2)));
    run x = check_text(ok, &g_opt);
    expect_none(x.r, "budget.sampling_unfunded");
    run_free(&x);
    char *short_ = tu_replace(text, "sampling_budget: 4253.51",
                              tu_fmt("sampling_budget: %s", tu_amount(need - 1, 2)));
    x = check_text(short_, &g_opt);
    const sv_finding *f = EXPECT(x.r, "budget.sampling_unfunded", SV_SEV_WARNING, NULL);
    assert_int_equal(fact(f, "estimated_sampling_cost"), need);
    assert_string_equal(f->facts[0].unit, "EUR");
    run_free(&x);
    free(short_);
    free(ok);
    free(text);
}

static void test_currency_without_rate_is_an_error(void **state)
{
    (void)state;
    /* KWD is a valid currency (3 decimals) with no row in the built-in fx.tsv */
    sv_program *p = tu_parse_with(BASE, "currency: USD", "currency: KWD", "sampling_budget: 5000.00",
                                  "sampling_budget: 1500.000", NULL);
    assert_int_equal(p->brand.currency->exponent, 3);
    sv_readiness *r = (sv_readiness *)1;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_readiness_check(p, g_rd, &g_opt, &r, &e), SV_ERR_NOTFOUND);
    assert_null(r);
    assert_non_null(strstr(e.msg, "KWD"));
    sv_program_free(p);
}

/* ---- --origin ---- */

static void test_origin_option_restricts_minimums(void **state)
{
    (void)state;
    int64_t bd = origin("BD")->moq_color_low, pt = origin("PT")->moq_color_low;
    int64_t units = bd - 1;
    assert_true(units >= pt && units * 2 >= bd);
    run x = RUN(COLORS, two_colors(800, units));
    expect_none(x.r, "moq.per_color_below_typical");
    run_free(&x);
    sv_check_options bd_only = g_opt;
    memcpy(bd_only.origin, "BD", 3);
    x = RUN_OPT(&bd_only, COLORS, two_colors(800, units));
    const sv_finding *f = EXPECT(x.r, "moq.per_color_below_typical", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "typical_minimum"), bd);
    assert_non_null(strstr(f->message, "BD"));
    run_free(&x);
}

static void test_origin_option_restricts_timeline(void **state)
{
    (void)state;
    int64_t pt = needed_days("PT"), bd = needed_days("BD");
    assert_true(bd > pt);
    sv_check_options bd_only = g_opt;
    memcpy(bd_only.origin, "BD", 3);
    run x = RUN_OPT(&bd_only, "launch_date: 2027-09-01", launch_in(pt));
    const sv_finding *f = EXPECT(x.r, "timeline.too_short", SV_SEV_BLOCKER, NULL);
    assert_int_equal(fact(f, "days_needed"), bd);
    assert_non_null(strstr(f->message, "BD"));
    run_free(&x);
    x = RUN_OPT(&bd_only, "launch_date: 2027-09-01", launch_in(bd));
    expect_none(x.r, "timeline.too_short");
    run_free(&x);
}

static void test_origin_option_unknown_is_an_error(void **state)
{
    (void)state;
    sv_program *p = tu_parse(BASE);
    sv_check_options zz = g_opt;
    memcpy(zz.origin, "ZZ", 3);
    sv_readiness *r = NULL;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_readiness_check(p, g_rd, &zz, &r, &e), SV_ERR_NOTFOUND);
    assert_null(r);
    assert_non_null(strstr(e.msg, "ZZ"));
    sv_program_free(p);
}

/* A preferred origin the reference data does not cover (Korea is a real apparel origin, just
 * not in origins.tsv) is skipped; the program is judged against the ones it knows. The
 * program file is valid, so `selvedge check` must still answer. */
static void test_preferred_origin_not_on_file_is_skipped(void **state)
{
    (void)state;
    assert_null(sv_refdata_origin(g_rd, "KR"));
    sv_program *p = tu_parse_with(BASE, "[PT]", "[KR, PT]", NULL);
    sv_readiness *r = NULL;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_readiness_check(p, g_rd, &g_opt, &r, &e);
    if (rc != SV_OK) {
        char buf[1024];
        sv_program_free(p);
        fail_msg("origin_preference [KR, PT] makes the whole check fail: %s",
                 sv_err_format(&e, buf, sizeof buf));
    }
    assert_int_equal(r->verdict, SV_VERDICT_READY);
    sv_readiness_free(r);
    sv_program_free(p);
}

/* A required certification selvedge does not know is said to be unchecked, not skipped; one
 * it knows, in any spelling, is checked. */
static void test_factory_certification_unchecked(void **state)
{
    (void)state;
    sv_factory f;
    sv_factory_init(&f);
    f.name = "Porto Knit";
    memcpy(f.country, "PT", 3);
    f.certifications = 1u << SV_CERT_GOTS;
    sv_check_options opt = g_opt;
    opt.factory = &f;
    run x = RUN_OPT(&opt, "  origin_preference: [PT]\n",
                    "  origin_preference: [PT]\n  certifications_required: "
                    "[Global Organic Textile Standard 7.0, ZDHC]\n");
    assert_null(sv_readiness_find(x.r, "factory.certification_missing", NULL));
    const sv_finding *u = sv_readiness_find(x.r, "factory.certification_unchecked", NULL);
    assert_non_null(u);
    assert_int_equal(u->severity, SV_SEV_INFO);
    assert_non_null(strstr(u->message, "ZDHC"));
    assert_non_null(strstr(u->message, "cannot check whether Porto Knit holds it"));
    run_free(&x);
    /* the factory claims it: said so, still not checked */
    f.other_certifications = "Higg FEM|zdhc";
    x = RUN_OPT(&opt, "  origin_preference: [PT]\n",
                "  origin_preference: [PT]\n  certifications_required: [ZDHC, OEKO-TEX 100]\n");
    u = sv_readiness_find(x.r, "factory.certification_unchecked", NULL);
    assert_non_null(u);
    assert_non_null(strstr(u->message, "Porto Knit claims it"));
    const sv_finding *m = sv_readiness_find(x.r, "factory.certification_missing", NULL);
    assert_non_null(m);
    assert_non_null(strstr(m->message, "OEKO-TEX 100"));
    run_free(&x);
}

/* A choice of certifications is met by any one of them (issue 8: "GOTS or OEKO-TEX 100"
 * required both); a choice with one selvedge does not know cannot be missed, only unchecked. */
/* check --factory judges the styles that factory would make, as match does: a style made in
 * another country (its own origin) or naming another factory is not held to this one's
 * minimums, categories or prices; one note lists them (a warning when none is left). And a
 * required OEKO-TEX 100 is met by certified fabric for the styles cut from it, a note saying
 * the garments still need their own certificate to carry the label. */
static void test_factory_judges_its_own_styles(void **state)
{
    (void)state;
    sv_factory f;
    sv_factory_init(&f);
    f.id = 7;
    f.name = "Porto Knit";
    memcpy(f.country, "PT", 3);
    f.moq_style = 2000; /* the legging's 1,500 units are under it */
    sv_check_options opt = g_opt;
    opt.factory = &f;
    run x = RUN_OPT(&opt, "target_fob: 18.72\n", "target_fob: 18.72\n");
    EXPECT(x.r, "moq.below_factory_minimum", SV_SEV_WARNING, STYLE);
    expect_none(x.r, "factory.styles_elsewhere");
    run_free(&x);
    /* made in Turkey: not this factory's style */
    x = RUN_OPT(&opt, "target_fob: 18.72\n", "target_fob: 18.72\n      origin: TR\n");
    expect_none(x.r, "moq.below_factory_minimum");
    const sv_finding *n = EXPECT(x.r, "factory.styles_elsewhere", SV_SEV_WARNING, NULL);
    assert_non_null(strstr(n->message, STYLE " is made in TR"));
    run_free(&x);
    /* naming another factory (id 9): the same; naming this one (7): judged here */
    int64_t other = 9, self = 7;
    opt.style_factory = &other;
    x = RUN_OPT(&opt, "target_fob: 18.72\n", "target_fob: 18.72\n      factory: nine\n");
    expect_none(x.r, "moq.below_factory_minimum");
    n = EXPECT(x.r, "factory.styles_elsewhere", SV_SEV_WARNING, NULL);
    assert_non_null(strstr(n->message, "by another factory (nine)"));
    run_free(&x);
    opt.style_factory = &self;
    x = RUN_OPT(&opt, "target_fob: 18.72\n", "target_fob: 18.72\n      factory: porto-knit\n");
    EXPECT(x.r, "moq.below_factory_minimum", SV_SEV_WARNING, STYLE);
    expect_none(x.r, "factory.styles_elsewhere");
    run_free(&x);
    opt.style_factory = NULL;
    /* OEKO-TEX 100 by certified fabric */
    f.moq_style = -1;
    static const char fab[] = "fabrics:\n"
                              "  - id: JER\n"
                              "    composition: \"78% nylon, 22% elastane\"\n"
                              "    construction: knit\n"
                              "    certifications: [oeko-tex-100]\n"
                              "program:\n";
    const char *inline_fabric = "      fabric: { composition: \"78% nylon, 22% elastane\", "
                                "weight_gsm: 250 }\n";
    const char *req = "  origin_preference: [PT]\n  certifications_required: [OEKO-TEX 100]\n";
    x = RUN_OPT(&opt, "  origin_preference: [PT]\n", req);
    assert_int_equal(sv_readiness_find(x.r, "factory.certification_missing", NULL)->severity,
                     SV_SEV_BLOCKER);
    run_free(&x);
    x = RUN_OPT(&opt, "  origin_preference: [PT]\n", req, "program:\n", fab, inline_fabric,
                "      fabric: JER\n");
    expect_none(x.r, "factory.certification_missing");
    n = EXPECT(x.r, "factory.certification_by_material", SV_SEV_INFO, NULL);
    assert_non_null(strstr(n->message, "JER"));
    run_free(&x);
    /* GOTS is a chain of custody: certified fabric does not make the factory certified */
    const char *gots = "  origin_preference: [PT]\n  certifications_required: [GOTS]\n";
    x = RUN_OPT(&opt, "  origin_preference: [PT]\n", gots, "program:\n",
                "fabrics:\n  - { id: JER, composition: \"100% cotton\", construction: knit, "
                "certifications: [GOTS] }\nprogram:\n",
                inline_fabric, "      fabric: JER\n");
    assert_int_equal(sv_readiness_find(x.r, "factory.certification_missing", NULL)->severity,
                     SV_SEV_BLOCKER);
    run_free(&x);
}

static void test_factory_certification_choice(void **state)
{
    (void)state;
    sv_factory f;
    sv_factory_init(&f);
    f.name = "Porto Knit";
    memcpy(f.country, "PT", 3);
    f.certifications = 1u << SV_CERT_OEKO_TEX_100;
    sv_check_options opt = g_opt;
    opt.factory = &f;
    const char *from = "  origin_preference: [PT]\n";
    run x =
        RUN_OPT(&opt, from,
                "  origin_preference: [PT]\n  certifications_required: [GOTS or OEKO-TEX 100]\n");
    assert_null(sv_readiness_find(x.r, "factory.certification_missing", NULL));
    assert_null(sv_readiness_find(x.r, "factory.certification_unchecked", NULL));
    run_free(&x);
    f.certifications = 1u << SV_CERT_WRAP;
    x = RUN_OPT(&opt, from,
                "  origin_preference: [PT]\n  certifications_required: [GOTS or OEKO-TEX 100]\n");
    const sv_finding *m = sv_readiness_find(x.r, "factory.certification_missing", NULL);
    assert_non_null(m);
    assert_int_equal(m->severity, SV_SEV_BLOCKER);
    if (!strstr(m->message, "GOTS or OEKO-TEX 100") || !strstr(m->message, "none of them"))
        fail_msg("%s", m->message);
    run_free(&x);
    /* "and": each one */
    f.certifications = 1u << SV_CERT_GOTS;
    x = RUN_OPT(&opt, from,
                "  origin_preference: [PT]\n  certifications_required: [GOTS and BSCI]\n");
    m = sv_readiness_find(x.r, "factory.certification_missing", NULL);
    assert_non_null(m);
    assert_non_null(strstr(m->message, "amfori BSCI"));
    assert_null(strstr(m->message, "GOTS"));
    run_free(&x);
    /* a choice with a name selvedge does not know: met by GOTS, else not checked */
    x = RUN_OPT(&opt, from,
                "  origin_preference: [PT]\n  certifications_required: [GOTS or Higg FEM]\n");
    assert_null(sv_readiness_find(x.r, "factory.certification_missing", NULL));
    assert_null(sv_readiness_find(x.r, "factory.certification_unchecked", NULL));
    run_free(&x);
    f.certifications = 1u << SV_CERT_WRAP;
    f.other_certifications = "higg fem";
    x = RUN_OPT(&opt, from,
                "  origin_preference: [PT]\n  certifications_required: [GOTS or Higg FEM]\n");
    assert_null(sv_readiness_find(x.r, "factory.certification_missing", NULL));
    const sv_finding *u = sv_readiness_find(x.r, "factory.certification_unchecked", NULL);
    assert_non_null(u);
    if (!strstr(u->message, "GOTS or Higg FEM") || !strstr(u->message, "claims Higg FEM"))
        fail_msg("%s", u->message);
    run_free(&x);
}

/* The sampling estimate, summed over the styles, beyond 64 bits: reachable with reference data
 * overrides at the edges of their ranges (sample_cost_usd 100,000, fit_rounds 10, a currency
 * of four decimals at a millionth of a dollar) and 129 styles of 60 sizes. The check is
 * refused, naming the file, the line and the field of the style where the sum stops fitting. */
static void test_sampling_estimate_overflow_names_the_style(void **state)
{
    (void)state;
    sv_refdata *rd = tu_refdata();
    rd->categories[SV_CAT_LEGGINGS].sample_cost = 10000000;
    rd->categories[SV_CAT_LEGGINGS].fit_rounds = 10;
    assert_true(rd->n_fx > 0);
    memcpy(rd->fx[0].currency, "CLF", 4); /* Unidad de Fomento: four decimals */
    rd->fx[0].usd_per_unit_micro = 1;
    char sizes[400] = "[";
    for (int k = 0; k < 60; k++) {
        size_t l = strlen(sizes);
        snprintf(sizes + l, sizeof sizes - l, "%sZ%d", k ? ", " : "", k);
    }
    strcat(sizes, "]");
    size_t cap = 1 << 20, len = 0;
    char *y = malloc(cap);
    assert_non_null(y);
    len += (size_t)snprintf(y, cap,
                            "brand: { name: Big, currency: CLF, sampling_budget: 1.0000 }\n"
                            "program:\n"
                            "  name: Wide\n"
                            "  destination: US\n"
                            "  origin_preference: [PT]\n"
                            "  styles:\n");
    for (int i = 0; i < 140; i++)
        len += (size_t)snprintf(y + len, cap - len,
                                "    - code: S%03d\n"
                                "      category: leggings\n"
                                "      construction: knit\n"
                                "      sizes: %s\n"
                                "      colors: [{ name: Black, units: 100 }]\n",
                                i, sizes);
    assert_true(len < cap);
    sv_program *p = tu_parse(y);
    sv_readiness *r = NULL;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_readiness_check(p, rd, &g_opt, &r, &e), SV_ERR_SCHEMA);
    assert_null(r);
    char buf[1024];
    print_message("# %s\n", sv_err_format(&e, buf, sizeof buf));
    /* 128 styles of 72 samples at 10^15 each fit; the 129th does not */
    assert_string_equal(e.file, "test.yaml");
    assert_int_equal(e.line, tu_line_of(y, "    - code: S128"));
    assert_string_equal(e.field, "program.styles[S128]");
    assert_non_null(strstr(e.msg, "sample_cost_usd"));
    sv_program_free(p);
    free(y);
    sv_refdata_free(rd);
}

/* ---- kids' product safety by destination (issue 9, item 4) ---- */

static const char *const SAFETY_CODES[] = {
    "safety.kids_drawstrings", "safety.kids_small_parts", "safety.kids_lead",
    "safety.kids_phthalates",  "safety.kids_tracking_label", "safety.kids_sleepwear",
    "safety.kids_chemicals"};

static void expect_no_safety(const sv_readiness *r)
{
    for (size_t i = 0; i < sizeof SAFETY_CODES / sizeof SAFETY_CODES[0]; i++)
        expect_none(r, SAFETY_CODES[i]);
}

/* The baseline made a children's hoodie, into dest. */
static run kids_hoodie(const char *dest, const char *extra_after_origins)
{
    return RUN("gender: women", "gender: kids", "category: leggings", "category: hoodie",
               "destination: US", tu_fmt("destination: %s", dest), "  origin_preference: [PT]\n",
               tu_fmt("  origin_preference: [PT]\n%s", extra_after_origins));
}

/* An adult program gets no kids' safety finding, whatever its destination. */
static void test_kids_safety_not_for_adults(void **state)
{
    (void)state;
    const char *dests[] = {"US", "GB", "DE", "CA", "AU"};
    for (size_t i = 0; i < 5; i++) {
        run x = RUN("destination: US", tu_fmt("destination: %s", dests[i]), "category: leggings",
                    "category: hoodie");
        expect_no_safety(x.r);
        run_free(&x);
    }
}

/* A kids' hoodie into the US: the drawstring rule of 16 CFR 1120 (a note, its numbers as facts),
 * the tracking label (a note), and the lead test of CPSIA s.101/102: a warning while no testing
 * is budgeted, a note once it is. Nothing for babies or sleepwear. */
static void test_kids_safety_us_hoodie(void **state)
{
    (void)state;
    run x = kids_hoodie("US", "");
    const sv_finding *f = EXPECT(x.r, "safety.kids_drawstrings", SV_SEV_INFO, NULL);
    assert_non_null(strstr(f->message, STYLE));
    assert_non_null(strstr(f->message, "A US rule for a children's style"));
    assert_non_null(strstr(f->fix, "16 CFR 1120"));
    assert_int_equal(fact(f, "styles"), 1);
    assert_int_equal(fact(f, "age_to"), 12);
    assert_int_equal(fact(f, "limit"), 75);
    f = EXPECT(x.r, "safety.kids_lead", SV_SEV_WARNING, NULL);
    assert_int_equal(fact(f, "limit"), 100);
    assert_non_null(strstr(f->fix, "CPSIA"));
    assert_non_null(strstr(f->fix, "testing_per_style"));
    EXPECT(x.r, "safety.kids_tracking_label", SV_SEV_INFO, NULL);
    expect_none(x.r, "safety.kids_phthalates");
    expect_none(x.r, "safety.kids_small_parts");
    expect_none(x.r, "safety.kids_sleepwear");
    expect_none(x.r, "safety.kids_chemicals");
    run_free(&x);
    /* testing budgeted for the program: the lead test is planned, a note */
    run t = kids_hoodie("US", "  costs: { testing_per_style: 220 }\n");
    EXPECT(t.r, "safety.kids_lead", SV_SEV_INFO, NULL);
    run_free(&t);
    /* a tee has no drawstrings rule in the US (upper outerwear only) */
    run tee = RUN("gender: women", "gender: girls", "category: leggings", "category: t-shirt");
    expect_none(tee.r, "safety.kids_drawstrings");
    EXPECT(tee.r, "safety.kids_lead", SV_SEV_WARNING, NULL);
    run_free(&tee);
}

/* Babies' sleepwear into the US: phthalates (child care article), flammability, small parts;
 * into GB: EN 14682, small parts, REACH lead and phthalates, the Nightwear Regulations; into an
 * EU member state the EU rows; into a destination without rows (JP), nothing. */
static void test_kids_safety_by_destination(void **state)
{
    (void)state;
    const char *edits[] = {"gender: women", "gender: baby", "category: leggings",
                           "category: sleepwear"};
    run us = RUN(edits[0], edits[1], edits[2], edits[3]);
    EXPECT(us.r, "safety.kids_phthalates", SV_SEV_WARNING, NULL);
    EXPECT(us.r, "safety.kids_sleepwear", SV_SEV_WARNING, NULL);
    const sv_finding *f = EXPECT(us.r, "safety.kids_small_parts", SV_SEV_INFO, NULL);
    assert_non_null(strstr(f->fix, "1501.3"));
    expect_none(us.r, "safety.kids_chemicals");
    run_free(&us);
    run gb = RUN(edits[0], edits[1], edits[2], edits[3], "destination: US", "destination: GB");
    f = EXPECT(gb.r, "safety.kids_drawstrings", SV_SEV_INFO, NULL);
    assert_int_equal(fact(f, "age_to"), 14);
    assert_non_null(strstr(f->fix, "EN 14682"));
    EXPECT(gb.r, "safety.kids_small_parts", SV_SEV_INFO, NULL);
    f = EXPECT(gb.r, "safety.kids_chemicals", SV_SEV_INFO, NULL);
    assert_int_equal(fact(f, "limit"), 500);
    f = EXPECT(gb.r, "safety.kids_sleepwear", SV_SEV_INFO, NULL);
    assert_non_null(strstr(f->message, "KEEP AWAY FROM FIRE"));
    expect_none(gb.r, "safety.kids_lead");
    expect_none(gb.r, "safety.kids_tracking_label");
    run_free(&gb);
    run de = RUN(edits[0], edits[1], edits[2], edits[3], "destination: US", "destination: DE");
    EXPECT(de.r, "safety.kids_drawstrings", SV_SEV_INFO, NULL);
    EXPECT(de.r, "safety.kids_chemicals", SV_SEV_INFO, NULL);
    expect_none(de.r, "safety.kids_sleepwear");
    run_free(&de);
    run jp = RUN(edits[0], edits[1], edits[2], edits[3], "destination: US", "destination: JP");
    expect_no_safety(jp.r);
    run_free(&jp);
}

/* One finding a rule, listing every style it concerns. */
static void test_kids_safety_one_finding_lists_the_styles(void **state)
{
    (void)state;
    const char *codes[] = {"BL-LEG-02", "BL-LEG-03"};
    char *boys = tu_edit(BASE, "gender: women", "gender: boys", NULL);
    run x = check_text(tu_fmt("%s%s", boys, more_styles(codes, 2, true)), &g_opt);
    free(boys);
    assert_int_equal(count_code(x.r, "safety.kids_lead"), 1);
    const sv_finding *f = find(x.r, "safety.kids_lead", NULL);
    assert_non_null(f);
    assert_int_equal(fact(f, "styles"), 1);
    run_free(&x);
    char *all = strdup(tu_fmt("%s%s", BASE, more_styles(codes, 2, true)));
    for (char *g; (g = strstr(all, "gender: women"));)
        memcpy(g, "gender: girls", 13);
    run y = check_text(all, &g_opt);
    assert_int_equal(count_code(y.r, "safety.kids_lead"), 1);
    f = find(y.r, "safety.kids_lead", NULL);
    assert_int_equal(fact(f, "styles"), 3);
    assert_non_null(strstr(f->message, "3 children's styles (BL-LEG-01, BL-LEG-02, BL-LEG-03)"));
    run_free(&y);
    free(all);
}

/* ---- a claim with no chain of custody required (issue 9, item 4) ---- */

#define NYLON "composition: \"78% nylon, 22% elastane\""

/* The baseline with its composition and name replaced and certifications_required (NULL: none). */
static run claimed(const char *composition, const char *name, const char *certs)
{
    return RUN(NYLON, tu_fmt("composition: \"%s\"", composition), "name: High-rise legging",
               tu_fmt("name: %s", name), "  origin_preference: [PT]\n",
               certs ? tu_fmt("  origin_preference: [PT]\n  certifications_required: %s\n", certs)
                     : "  origin_preference: [PT]\n");
}

static void expect_claim(const char *composition, const char *name, const char *certs,
                         const char *want)
{
    run x = claimed(composition, name, certs);
    if (!want) {
        expect_none(x.r, "claims.no_chain_of_custody");
    } else {
        const sv_finding *f = EXPECT(x.r, "claims.no_chain_of_custody", SV_SEV_WARNING, NULL);
        assert_non_null(strstr(f->message, STYLE));
        assert_int_equal(fact(f, "styles"), 1);
        if (!strstr(f->fix, want)) {
            dump(x.r);
            fail_msg("the fix should name %s: %s", want, f->fix);
        }
    }
    run_free(&x);
}

static void test_claim_recycled_needs_grs_or_rcs(void **state)
{
    (void)state;
    /* no claim, no finding */
    expect_claim("78% nylon, 22% elastane", "High-rise legging", NULL, NULL);
    expect_claim("78% recycled nylon, 22% elastane", "High-rise legging", NULL, "GRS or RCS");
    expect_claim("78% recycled nylon, 22% elastane", "High-rise legging", "[OEKO-TEX 100]",
                 "GRS or RCS");
    /* a choice a factory meets with OEKO-TEX alone proves nothing */
    expect_claim("78% recycled nylon, 22% elastane", "High-rise legging",
                 "[GRS or OEKO-TEX 100]", "GRS or RCS");
    expect_claim("78% recycled nylon, 22% elastane", "High-rise legging", "[GRS]", NULL);
    expect_claim("78% recycled nylon, 22% elastane", "High-rise legging", "[RCS, OEKO-TEX 100]",
                 NULL);
    expect_claim("78% recycled nylon, 22% elastane", "High-rise legging", "[GRS or RCS]", NULL);
    /* the claim in the name counts as much as in the composition */
    expect_claim("78% nylon, 22% elastane", "Recycled high-rise legging", "[OEKO-TEX 100]",
                 "GRS or RCS");
}

static void test_claim_organic_and_wool(void **state)
{
    (void)state;
    expect_claim("100% organic cotton", "High-rise legging", "[OEKO-TEX 100]", "GOTS or OCS");
    expect_claim("100% organic cotton", "High-rise legging", "[GOTS]", NULL);
    /* OCS is not a certification selvedge holds in a factory's profile; it is still asked for */
    expect_claim("100% organic cotton", "High-rise legging", "[OCS]", NULL);
    expect_claim("100% organic cotton", "High-rise legging", "[GOTS or OCS]", NULL);
    /* a whole word only */
    expect_claim("100% cotton", "Inorganic-look legging", NULL, NULL);
    /* two claims, one proven */
    expect_claim("60% organic cotton, 40% recycled polyester", "High-rise legging", "[GOTS]",
                 "GRS or RCS");
    /* RWS certifies sheep's wool, not cashmere */
    expect_claim("100% merino wool", "RWS merino crew", "[RWS]", NULL);
    expect_claim("100% merino wool", "Responsible wool crew", "[OEKO-TEX 100]", "RWS");
    expect_claim("100% cashmere", "RWS cashmere crew", "[RWS]", "Good Cashmere Standard");
    expect_claim("100% cashmere", "RWS cashmere crew", "[Good Cashmere Standard]", NULL);
    /* cashmere with no claim is no claim */
    expect_claim("100% cashmere", "Cashmere crew", "[RWS]", NULL);
}

/* One warning for a claim made by several styles, listing them. */
static void test_claim_one_finding_lists_the_styles(void **state)
{
    (void)state;
    const char *codes[] = {"BL-LEG-02", "BL-LEG-03"};
    /* every style's composition made "78% recycled nylon" */
    char *yaml = strdup(tu_fmt("%s%s", BASE, more_styles(codes, 2, true)));
    assert_non_null(yaml);
    char *out = malloc(strlen(yaml) * 2 + 1);
    assert_non_null(out);
    char *o = out;
    for (const char *q = yaml; *q;) {
        if (strncmp(q, "78% nylon", 9) == 0) {
            o += sprintf(o, "78%% recycled nylon");
            q += 9;
        } else {
            *o++ = *q++;
        }
    }
    *o = '\0';
    run x = check_text(out, &g_opt);
    assert_int_equal(count_code(x.r, "claims.no_chain_of_custody"), 1);
    const sv_finding *f = find(x.r, "claims.no_chain_of_custody", NULL);
    assert_int_equal(fact(f, "styles"), 3);
    assert_non_null(strstr(f->message, "3 styles make the claim \"recycled\" (BL-LEG-01, BL-LEG-02, "
                                       "BL-LEG-03)"));
    run_free(&x);
    free(out);
    free(yaml);
}

/* ---- the duty gap between the preferred origins (issue 9, item 4) ---- */

/* The legging into GB from TR (UK-Turkey agreement: free) or IN (MFN): a note with the gap a
 * unit and on the program, the costing engine's own duty at IN times the units; the rule of
 * origin of the TR preference in the fix. */
static void test_duty_gap_between_preferred_origins(void **state)
{
    (void)state;
    run x = RUN("destination: US", "destination: GB", "origin_preference: [PT]",
                "origin_preference: [TR, IN]");
    const sv_finding *f = EXPECT(x.r, "origin.duty_gap", SV_SEV_INFO, NULL);
    assert_non_null(strstr(f->message, "Made in TR"));
    assert_non_null(strstr(f->message, "made in IN"));
    assert_non_null(strstr(f->message, STYLE));
    assert_non_null(strstr(f->fix, "--origin TR"));
    const char *caveat = sv_cost_origin_caveat(g_rd, "TR", "GB", 0);
    assert_non_null(caveat);
    assert_non_null(strstr(f->fix, caveat));
    /* the gap is what the costing engine charges at IN */
    sv_cost_options co = {.mode = SV_MODE_SEA, .today = g_opt.today, .origin = "IN"};
    sv_cost_report *in = NULL;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_cost_run(x.p, g_rd, &co, &in, &e), SV_OK);
    sv_minor duty = in->styles[0].duty + in->styles[0].extra_total;
    assert_true(duty > 0);
    assert_null(in->styles[0].duty_scheme);
    assert_int_equal(fact(f, "duty_gap_per_unit"), duty);
    assert_int_equal(fact(f, "duty_gap_program"), duty * 1500);
    assert_int_equal(fact(f, "mfn_rate"), in->styles[0].duty_bp);
    sv_cost_report_free(in);
    run_free(&x);
    /* the same origins the other way round: the same note */
    run y = RUN("destination: US", "destination: GB", "origin_preference: [PT]",
                "origin_preference: [IN, TR]");
    EXPECT(y.r, "origin.duty_gap", SV_SEV_INFO, NULL);
    run_free(&y);
    /* both pay MFN (PT and TR into the US), one origin, or --origin given: no gap to say */
    run z = RUN("origin_preference: [PT]", "origin_preference: [PT, TR]");
    expect_none(z.r, "origin.duty_gap");
    run_free(&z);
    run one = RUN("destination: US", "destination: GB");
    expect_none(one.r, "origin.duty_gap");
    run_free(&one);
    sv_check_options o = g_opt;
    memcpy(o.origin, "IN", 3);
    run w = RUN_OPT(&o, "destination: US", "destination: GB", "origin_preference: [PT]",
                    "origin_preference: [TR, IN]");
    expect_none(w.r, "origin.duty_gap");
    run_free(&w);
}

/* ---- the quantity a FOB is for (issue 9, item 2): check judges what cost shows ---- */

/* The cost report of a program text, as `selvedge cost` makes it. */
static sv_cost_report *cost_of(const sv_program *p)
{
    sv_cost_report *c = NULL;
    sv_err e;
    sv_err_clear(&e);
    sv_cost_options co = {.origin = "", .mode = SV_MODE_SEA, .today = g_opt.today};
    assert_int_equal(sv_cost_run(p, g_rd, &co, &c, &e), SV_OK);
    return c;
}

/* A target under the tier's floor is margined at the floor price.target_below_floor names:
 * where the style is made most cheaply (India among the preferred origins), landed as cost
 * lands it; not the band's Chinese floor. */
static void test_margin_at_the_floor_of_the_cheapest_origin(void **state)
{
    (void)state;
    run x = RUN(COSTBLOCK, "", "target_fob: 18.72", "target_fob: 2.00",
                "  origin_preference: [PT]\n", "  origin_preference: [PT, IN]\n",
                "retail_price: 98.00", "retail_price: 20.00");
    const sv_finding *fl = EXPECT(x.r, "price.target_below_floor", SV_SEV_BLOCKER, STYLE);
    sv_minor floor_in = fact(fl, "floor_fob");
    assert_true(floor_in < leg_premium()->fob_low);
    const sv_finding *m = EXPECT(x.r, "price.margin_too_thin", SV_SEV_BLOCKER, STYLE);
    sv_cost_report *c = cost_of(x.p);
    sv_minor want = sv_cost_landed_at(c, &c->styles[0], g_rd, floor_in);
    assert_int_equal(fact(m, "landed_cost"), want);
    assert_non_null(strstr(m->message, "the lowest FOB this tier is made for"));
    sv_cost_report_free(c);
    run_free(&x);
}

/* A style without a sheet of its own: the estimate check quotes is the one cost shows, the
 * FOB at the planned units (an estimate is a bulk figure), not the bulk figure. */
static void test_estimate_is_the_one_cost_shows(void **state)
{
    (void)state;
    run x = RUN(COSTBLOCK, "", COLORS, two_colors(150, 150), "      target_fob: 18.72\n", "");
    sv_cost_report *c = cost_of(x.p);
    const sv_style_cost *sc = &c->styles[0];
    assert_true(sc->estimated && sc->fob_from_model);
    assert_true(sc->fob > sc->sheet.fob);
    const sv_finding *f = EXPECT(x.r, "price.cost_sheet_missing", SV_SEV_INFO, STYLE);
    assert_int_equal(fact(f, "estimated_fob"), sc->fob);
    assert_int_equal(fact(f, "planned_units"), 300);
    f = EXPECT(x.r, "price.target_undefined", SV_SEV_WARNING, STYLE);
    assert_int_equal(fact(f, "estimated_fob"), sc->fob);
    sv_cost_report_free(c);
    run_free(&x);
}

/* A sheet that is a bulk figure (basis: bulk) meets the target at the planned units: 300
 * units cost more a unit than the sheet's bulk 18.72, and a target of 18.72 is under it. The
 * same sheet as the price at the order (the default) meets the target exactly. */
static void test_bulk_sheet_target_at_planned_units(void **state)
{
    (void)state;
    run x = RUN("        overhead_pct: 8\n", "        basis: bulk\n        overhead_pct: 8\n", COLORS,
                two_colors(150, 150));
    sv_cost_report *c = cost_of(x.p);
    const sv_style_cost *sc = &c->styles[0];
    assert_int_equal(sc->sheet.fob, 1872);
    assert_true(sc->fob > 1872);
    const sv_finding *f = find(x.r, "price.target_below_cost", STYLE);
    if (!f) {
        dump(x.r);
        fail_msg("a target of 18.72 under a bulk sheet of 18.72 at 300 units (%lld) passes",
                 (long long)sc->fob);
    }
    assert_int_equal(fact(f, "cost_sheet_fob"), sc->fob);
    assert_int_equal(fact(f, "planned_units"), 300);
    assert_non_null(strstr(f->message, "bulk"));
    sv_cost_report_free(c);
    run_free(&x);

    x = RUN(COLORS, two_colors(150, 150));
    expect_none(x.r, "price.target_below_cost");
    run_free(&x);
}

/* Margins on the landed cost cost shows: an estimated style at its planned units. A retail
 * price that is the minimum multiple of the bulk landed cost is thin at the planned units. */
static void test_margin_on_the_planned_units(void **state)
{
    (void)state;
    const char *no_sheet[] = {COSTBLOCK, "", COLORS, two_colors(150, 150),
                              "      target_fob: 18.72\n", ""};
    char *yaml = tu_edit(BASE, no_sheet[0], no_sheet[1], no_sheet[2], no_sheet[3], no_sheet[4],
                         no_sheet[5], NULL);
    sv_program *p = tu_parse(yaml);
    sv_cost_report *c = cost_of(p);
    const sv_style_cost *sc = &c->styles[0];
    sv_minor bulk_landed = sv_cost_landed_at(c, sc, g_rd, sc->sheet.fob);
    sv_minor landed = sc->landed;
    assert_true(landed > bulk_landed);
    int64_t min = sv_refdata_param(g_rd, "dtc_min_multiple", 2);
    sv_cost_report_free(c);
    sv_program_free(p);
    free(yaml);

    run x = RUN(no_sheet[0], no_sheet[1], no_sheet[2], no_sheet[3], no_sheet[4], no_sheet[5],
                "retail_price: 98.00", retail_at(bulk_landed, min + 1));
    const sv_finding *f = find(x.r, "price.margin_too_thin", STYLE);
    if (!f) {
        dump(x.r);
        fail_msg("retail at %lld.%02lldx the bulk landed cost passes at 300 units", (long long)(min + 1) / 100,
                 (long long)(min + 1) % 100);
    }
    assert_int_equal(fact(f, "landed_cost"), landed);
    assert_non_null(strstr(f->message, "300 units"));
    run_free(&x);
}

/* A target on another incoterm than FOB is compared once worked to FOB by costing's rules
 * (sv_cost_fob_equivalent), and the finding says the conversion: a DDP target of 20.00 for the
 * baseline legging (PT to the US, 28.2% duty) stands for about 15 FOB once the freight,
 * insurance, duty, fees and brokerage to the door are taken off, under its own sheet's 18.72. */
static void test_target_on_other_incoterm_is_compared_as_fob(void **state)
{
    (void)state;
    run x = RUN("target_fob: 18.72", "target_price: 20.00\n      incoterm: DDP");
    sv_cost_report *c = cost_of(x.p);
    sv_minor as_fob = sv_cost_fob_equivalent(c, &c->styles[0], g_rd, 2000, SV_INCOTERM_DDP);
    assert_true(as_fob < 1872 && as_fob > 1000);
    const sv_finding *f = find(x.r, "price.target_below_cost", STYLE);
    if (!f) {
        dump(x.r);
        fail_msg("a DDP target of 20.00 (%lld as FOB) under a sheet of 18.72 passes",
                 (long long)as_fob);
    }
    assert_int_equal(fact(f, "target_fob"), as_fob);
    assert_int_equal(fact(f, "target_price"), 2000);
    assert_non_null(strstr(f->message, "20.00 USD DDP"));
    assert_non_null(strstr(f->message, "as FOB"));
    sv_cost_report_free(c);
    run_free(&x);
    /* a CIF target over the sheet once freight and insurance are off: nothing to say */
    x = RUN("target_fob: 18.72", "target_price: 19.50\n      incoterm: CIF");
    expect_none(x.r, "price.target_below_cost");
    expect_none(x.r, "price.target_undefined");
    run_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_baseline_is_ready),
        cmocka_unit_test(test_positioning_undefined_fires),
        cmocka_unit_test(test_positioning_defined_quiet),
        cmocka_unit_test(test_price_mismatch_low_fires),
        cmocka_unit_test(test_price_mismatch_low_edge_quiet),
        cmocka_unit_test(test_price_mismatch_high),
        cmocka_unit_test(test_range_undefined_no_category_is_blocker),
        cmocka_unit_test(test_range_undefined_no_gender_is_warning),
        cmocka_unit_test(test_range_defined_quiet),
        cmocka_unit_test(test_no_styles),
        cmocka_unit_test(test_range_too_broad_categories),
        cmocka_unit_test(test_range_too_broad_not_on_a_big_order),
        cmocka_unit_test(test_range_too_broad_genders_and_constructions),
        cmocka_unit_test(test_target_at_floor_quiet),
        cmocka_unit_test(test_target_below_floor_warning),
        cmocka_unit_test(test_target_below_floor_blocker_boundary),
        cmocka_unit_test(test_target_floor_follows_style_tier),
        cmocka_unit_test(test_target_floor_for_kids),
        cmocka_unit_test(test_target_floor_at_the_cheapest_origin),
        cmocka_unit_test(test_kids_bands_at_kidswear_levels),
        cmocka_unit_test(test_target_on_other_incoterm),
        cmocka_unit_test(test_target_below_any_floor_without_positioning),
        cmocka_unit_test(test_target_far_below_own_estimate_is_flagged),
        cmocka_unit_test(test_margin_dtc_boundaries),
        cmocka_unit_test(test_margin_net_of_vat),
        cmocka_unit_test(test_margin_wholesale_boundaries),
        cmocka_unit_test(test_margin_wholesale_only_brand_not_judged_on_retail),
        cmocka_unit_test(test_margin_judged_at_floor_when_target_is_below_it),
        cmocka_unit_test(test_margin_keystone_wholesale_is_checked),
        cmocka_unit_test(test_moq_color_boundaries),
        cmocka_unit_test(test_moq_color_some_origins_is_info),
        cmocka_unit_test(test_moq_style_boundaries),
        cmocka_unit_test(test_moq_fix_names_the_failing_origins_minimum),
        cmocka_unit_test(test_moq_total_boundaries),
        cmocka_unit_test(test_sampling_unfunded_missing_or_zero),
        cmocka_unit_test(test_sampling_budget_boundaries),
        cmocka_unit_test(test_techpack_missing_is_blocker),
        cmocka_unit_test(test_techpack_core_part_missing_is_blocker),
        cmocka_unit_test(test_techpack_finishing_part_missing_is_warning),
        cmocka_unit_test(test_techpack_complete_quiet),
        cmocka_unit_test(test_payment_deposit_boundaries),
        cmocka_unit_test(test_payment_open_terms),
        cmocka_unit_test(test_payment_on_delivery),
        cmocka_unit_test(test_payment_methods),
        cmocka_unit_test(test_payment_documentary),
        cmocka_unit_test(test_timeline_with_margin_quiet),
        cmocka_unit_test(test_timeline_on_the_day_is_tight),
        cmocka_unit_test(test_timeline_day_short_is_blocker),
        cmocka_unit_test(test_timeline_passed),
        cmocka_unit_test(test_timeline_beyond_the_supported_dates),
        cmocka_unit_test(test_today_outside_the_supported_dates),
        cmocka_unit_test(test_timeline_fastest_preferred_origin_counts),
        cmocka_unit_test(test_closure_severity_follows_slack),
        cmocka_unit_test(test_same_finding_on_many_styles_is_one),
        cmocka_unit_test(test_single_season_fires),
        cmocka_unit_test(test_single_season_one_more_season_quiet),
        cmocka_unit_test(test_growth_boundaries_first_season),
        cmocka_unit_test(test_growth_boundaries_later_season),
        cmocka_unit_test(test_growth_from_small_base_is_a_note),
        cmocka_unit_test(test_worst_program),
        cmocka_unit_test(test_any_blocker_means_not_ready),
        cmocka_unit_test(test_warnings_only_is_nearly),
        cmocka_unit_test(test_more_problems_never_score_higher),
        cmocka_unit_test(test_sorted_blockers_first),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_totals_beyond_64_bits_refused),
        cmocka_unit_test(test_work_grows_with_the_findings),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_currency_baseline_same_verdict),
        cmocka_unit_test(test_currency_problems_same_findings),
        cmocka_unit_test(test_currency_jpy_floor_boundary),
        cmocka_unit_test(test_currency_eur_sampling_boundary),
        cmocka_unit_test(test_currency_without_rate_is_an_error),
        cmocka_unit_test(test_origin_option_restricts_minimums),
        cmocka_unit_test(test_origin_option_restricts_timeline),
        cmocka_unit_test(test_origin_option_unknown_is_an_error),
        cmocka_unit_test(test_preferred_origin_not_on_file_is_skipped),
        cmocka_unit_test(test_factory_certification_unchecked),
        cmocka_unit_test(test_factory_certification_choice),
        cmocka_unit_test(test_factory_judges_its_own_styles),
        cmocka_unit_test(test_sampling_estimate_overflow_names_the_style),
        cmocka_unit_test(test_kids_safety_not_for_adults),
        cmocka_unit_test(test_kids_safety_us_hoodie),
        cmocka_unit_test(test_kids_safety_by_destination),
        cmocka_unit_test(test_kids_safety_one_finding_lists_the_styles),
        cmocka_unit_test(test_claim_recycled_needs_grs_or_rcs),
        cmocka_unit_test(test_claim_organic_and_wool),
        cmocka_unit_test(test_claim_one_finding_lists_the_styles),
        cmocka_unit_test(test_duty_gap_between_preferred_origins),
        cmocka_unit_test(test_margin_at_the_floor_of_the_cheapest_origin),
        cmocka_unit_test(test_estimate_is_the_one_cost_shows),
        cmocka_unit_test(test_bulk_sheet_target_at_planned_units),
        cmocka_unit_test(test_margin_on_the_planned_units),
        cmocka_unit_test(test_target_on_other_incoterm_is_compared_as_fob),
    };
    return cmocka_run_group_tests_name("engine/readiness", tests, setup, teardown);
}
