/* Tests for lib/model/program.c: civil dates and the range of dates selvedge works in; the
 * groups a required certification makes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "selvedge/cert.h"
#include "selvedge/pool.h"
#include "selvedge/program.h"

/* Girls', boys' and babies' garments are children's wear, as kids' (children unspecified) is;
 * the names read back. */
static void test_genders(void **state)
{
    (void)state;
    const char *names[] = {"men", "women", "kids", "unisex", "girls", "boys", "baby"};
    bool child[] = {false, false, true, false, true, true, true};
    assert_int_equal(SV_GENDER__COUNT, 7);
    for (int g = 0; g < SV_GENDER__COUNT; g++) {
        assert_string_equal(sv_gender_name((sv_gender)g), names[g]);
        assert_int_equal(sv_gender_parse(names[g]), g);
        assert_int_equal(sv_gender_is_child((sv_gender)g), child[g]);
    }
    assert_false(sv_gender_is_child(SV_GENDER_UNSET));
}

/* The categories added for issue 9 keep the numbers of the others (a factory's categories are
 * stored as bits of these numbers). */
static void test_categories(void **state)
{
    (void)state;
    assert_int_equal(SV_CAT__COUNT, 26);
    assert_int_equal(sv_category_parse("bag"), 21);
    assert_int_equal(sv_category_parse("sleepwear"), SV_CAT_SLEEPWEAR);
    assert_int_equal(sv_category_parse("babywear"), SV_CAT_BABYWEAR);
    assert_int_equal(sv_category_parse("jacket-tailored"), SV_CAT_JACKET_TAILORED);
    assert_int_equal(sv_category_parse("dress-knit"), SV_CAT_DRESS_KNIT);
    assert_int_equal(SV_CAT_SLEEPWEAR, 22);
    assert_int_equal(SV_CAT_DRESS_KNIT, 25);
}

/* A date exists or not whatever selvedge plans in: 9999-12-31 exists, 2100-02-29 does not. */
static void test_dates_that_exist(void **state)
{
    (void)state;
    sv_date d;
    assert_true(sv_date_parse("9999-12-31", &d));
    assert_int_equal(d.year, 9999);
    assert_true(sv_date_parse("0001-01-01", &d));
    assert_true(sv_date_parse("2000-02-29", &d));
    assert_false(sv_date_parse("2100-02-29", &d));
    assert_false(sv_date_parse("1900-02-29", &d));
    assert_false(sv_date_parse("0000-01-01", &d));
    assert_false(sv_date_parse("2027-02-30", &d));
    assert_false(sv_date_parse("2027-13-01", &d));
    assert_false(sv_date_parse("2027-1-01", &d));
    assert_false(sv_date_parse("+027-01-01", &d));
}

/* The supported range is 2001-01-01 to 2099-12-31, and its two ends as days are the
 * constants the planner checks against; the first day is a Monday (weekly columns). */
static void test_supported_range(void **state)
{
    (void)state;
    assert_int_equal(sv_date_to_days((sv_date){2001, 1, 1}), SV_DAY_FIRST);
    assert_int_equal(sv_date_to_days((sv_date){2099, 12, 31}), SV_DAY_LAST);
    assert_int_equal(sv_date_to_days((sv_date){SV_DATE_FIRST_YEAR, 1, 1}), SV_DAY_FIRST);
    assert_int_equal(sv_date_to_days((sv_date){SV_DATE_LAST_YEAR + 1, 1, 1}), SV_DAY_LAST + 1);
    assert_int_equal(((SV_DAY_FIRST % 7) + 7 + 3) % 7, 0); /* 1970-01-01 was a Thursday */
    char buf[16];
    assert_string_equal(sv_date_format(sv_date_from_days(SV_DAY_FIRST), buf, sizeof buf),
                        SV_DATE_FIRST_TEXT);
    assert_string_equal(sv_date_format(sv_date_from_days(SV_DAY_LAST), buf, sizeof buf),
                        SV_DATE_LAST_TEXT);
    assert_true(sv_date_supported((sv_date){2001, 1, 1}));
    assert_true(sv_date_supported((sv_date){2099, 12, 31}));
    assert_false(sv_date_supported((sv_date){2000, 12, 31}));
    assert_false(sv_date_supported((sv_date){2100, 1, 1}));
    assert_false(sv_date_supported((sv_date){9999, 12, 31}));
    assert_false(sv_date_supported((sv_date){2027, 2, 30}));
    assert_true(sv_day_supported(SV_DAY_FIRST) && sv_day_supported(SV_DAY_LAST));
    assert_false(sv_day_supported(SV_DAY_FIRST - 1) || sv_day_supported(SV_DAY_LAST + 1));
}

/* Every day of the range goes to a date and back, and the dates follow one another. */
static void test_days_round_trip(void **state)
{
    (void)state;
    sv_date prev = sv_date_from_days(SV_DAY_FIRST - 1);
    for (int64_t day = SV_DAY_FIRST; day <= SV_DAY_LAST; day++) {
        sv_date d = sv_date_from_days(day);
        assert_true(sv_date_valid(d.year, d.month, d.day));
        assert_int_equal(sv_date_to_days(d), day);
        bool next = (d.year == prev.year && d.month == prev.month && d.day == prev.day + 1) ||
                    (d.year == prev.year && d.month == prev.month + 1 && d.day == 1) ||
                    (d.year == prev.year + 1 && d.month == 1 && d.day == 1);
        assert_true(next);
        prev = d;
    }
}

/* One entry of certifications_required: "or" is a choice (one group, any of it), "and", "&",
 * "+" and commas without an "or" make a group each; a name that spans "and" or '/' is one. */
static void test_cert_groups(void **state)
{
    (void)state;
    const uint32_t GOTS = 1u << SV_CERT_GOTS, OEKO = 1u << SV_CERT_OEKO_TEX_100,
                   BSCI = 1u << SV_CERT_AMFORI_BSCI, STEP = 1u << SV_CERT_OEKO_TEX_STEP,
                   I9 = 1u << SV_CERT_ISO_9001, I14 = 1u << SV_CERT_ISO_14001,
                   SMETA = 1u << SV_CERT_SEDEX_SMETA;
    static const struct {
        const char *entry;
        int n;
        struct {
            uint32_t any;
            const char *unknown, *text;
        } g[4];
    } cases[] = {
        {"GOTS or OEKO-TEX 100", 1, {{0, NULL, "GOTS or OEKO-TEX 100"}}},
        {"GOTS OR Oeko-Tex Standard 100", 1, {{0, NULL, "GOTS or OEKO-TEX 100"}}},
        {"GOTS and/or OEKO-TEX 100", 1, {{0, NULL, "GOTS or OEKO-TEX 100"}}},
        {"GOTS, OEKO-TEX 100 or BSCI", 1, {{0, NULL, "GOTS or OEKO-TEX 100 or amfori BSCI"}}},
        {"GOTS and OEKO-TEX 100", 2, {{0, NULL, "GOTS"}, {0, NULL, "OEKO-TEX 100"}}},
        {"GOTS & OEKO-TEX 100", 2, {{0, NULL, "GOTS"}, {0, NULL, "OEKO-TEX 100"}}},
        {"GOTS + BSCI", 2, {{0, NULL, "GOTS"}, {0, NULL, "amfori BSCI"}}},
        {"GOTS, BSCI", 2, {{0, NULL, "GOTS"}, {0, NULL, "amfori BSCI"}}},
        {"ISO 9001/14001", 2, {{0, NULL, "ISO 9001"}, {0, NULL, "ISO 14001"}}},
        {"Sedex/SMETA", 1, {{0, NULL, "Sedex/SMETA"}}},
        {"OEKO-TEX Sustainable Textile and Leather Production", 1, {{0, NULL, "OEKO-TEX STeP"}}},
        {"Sustainable Textile and Leather Production or GOTS",
         1,
         {{0, NULL, "OEKO-TEX STeP or GOTS"}}},
        {"Oeko-Tex Standard 100, Class I", 1, {{0, NULL, "OEKO-TEX 100"}}},
        {"Higg FEM", 1, {{0, "Higg FEM", "Higg FEM"}}},
        {"GOTS and Higg FEM", 2, {{0, NULL, "GOTS"}, {0, "Higg FEM", "Higg FEM"}}},
        {"GOTS or Higg FEM", 1, {{0, "Higg FEM", "GOTS or Higg FEM"}}},
        {"ZDHC or Higg FEM", 1, {{0, "ZDHC|Higg FEM", "ZDHC or Higg FEM"}}},
    };
    const uint32_t any[][4] = {
        {GOTS | OEKO}, {GOTS | OEKO}, {GOTS | OEKO}, {GOTS | OEKO | BSCI},
        {GOTS, OEKO},  {GOTS, OEKO},  {GOTS, BSCI},  {GOTS, BSCI},
        {I9, I14},     {SMETA},       {STEP},        {STEP | GOTS},
        {OEKO},        {0},           {GOTS, 0},     {GOTS},
        {0},
    };
    assert_int_equal(sizeof any / sizeof any[0], sizeof cases / sizeof cases[0]);
    sv_pool *pool = sv_pool_create();
    assert_non_null(pool);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sv_cert_group g[SV_CERT_GROUPS_MAX];
        char why[200];
        int n = sv_cert_groups_parse(cases[i].entry, pool, g, SV_CERT_GROUPS_MAX, why, sizeof why);
        if (n != cases[i].n)
            fail_msg("\"%s\": %d groups (%s)", cases[i].entry, n, n < 0 ? why : "");
        for (int k = 0; k < n; k++) {
            const char *unk = cases[i].g[k].unknown;
            if (g[k].any != any[i][k] || strcmp(g[k].text, cases[i].g[k].text) != 0 ||
                (unk ? !g[k].unknown || strcmp(g[k].unknown, unk) : g[k].unknown != NULL))
                fail_msg("\"%s\" group %d: %#x \"%s\" unknown \"%s\"", cases[i].entry, k, g[k].any,
                         g[k].text, g[k].unknown ? g[k].unknown : "(none)");
        }
    }
    /* what cannot be read as a requirement is refused, saying why */
    static const struct {
        const char *entry, *why;
    } bad[] = {
        {"GOTS or OEKO-TEX 100 and BSCI", "\"or\" and \"and\""},
        {"GOTS or OEKO-TEX 100 & BSCI", "\"or\" and \"and\""},
        {"GOTS or ISO 9001/14001", "several"},
        {"or", "names no certification"},
        {"GOTS or", "names no certification"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sv_cert_group g[SV_CERT_GROUPS_MAX];
        char why[200] = "";
        int n = sv_cert_groups_parse(bad[i].entry, pool, g, SV_CERT_GROUPS_MAX, why, sizeof why);
        if (n != -1 || !strstr(why, bad[i].why))
            fail_msg("\"%s\": %d groups, \"%s\"", bad[i].entry, n, why);
    }
    sv_pool_free(pool);
}

/* Whether a factory's certifications meet a group. */
static void test_cert_group_met(void **state)
{
    (void)state;
    sv_cert_group g = {.text = "GOTS or OEKO-TEX 100",
                       .any = (1u << SV_CERT_GOTS) | (1u << SV_CERT_OEKO_TEX_100)};
    assert_true(sv_cert_group_met(&g, 1u << SV_CERT_OEKO_TEX_100));
    assert_true(sv_cert_group_met(&g, 1u << SV_CERT_GOTS | 1u << SV_CERT_WRAP));
    assert_false(sv_cert_group_met(&g, 1u << SV_CERT_WRAP));
    assert_false(sv_cert_group_met(&g, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_genders),          cmocka_unit_test(test_categories),
        cmocka_unit_test(test_dates_that_exist), cmocka_unit_test(test_cert_groups),
        cmocka_unit_test(test_cert_group_met),   cmocka_unit_test(test_supported_range),
        cmocka_unit_test(test_days_round_trip),
    };
    return cmocka_run_group_tests_name("model/program", tests, NULL, NULL);
}
