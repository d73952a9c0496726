/* Tests for lib/model/country.c: the ISO 3166-1 table and the normalisation of what people and
 * registries write for a country. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "selvedge/country.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A spelling and the alpha-2 code it must resolve to, or NULL when it must match nothing. */
struct case_ {
    const char *text;
    const char *alpha2;
};

static void expect_find(const char *text, const char *alpha2)
{
    const sv_country *c = sv_country_find(text);
    if (!alpha2) {
        if (c)
            fail_msg("\"%s\" matched %s, expected nothing", text, c->alpha2);
        return;
    }
    if (!c)
        fail_msg("\"%s\" matched nothing, expected %s", text, alpha2);
    if (strcmp(c->alpha2, alpha2) != 0)
        fail_msg("\"%s\" matched %s, expected %s", text, c->alpha2, alpha2);
}

static void expect_all(const struct case_ *cases, size_t n)
{
    for (size_t i = 0; i < n; i++)
        expect_find(cases[i].text, cases[i].alpha2);
}

static int is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static void test_count_and_index(void **state)
{
    (void)state;
    assert_int_equal(sv_country_count(), 249);
    assert_null(sv_country_at(-1));
    assert_null(sv_country_at(249));
    assert_null(sv_country_at(1000));
    assert_non_null(sv_country_at(0));
    assert_non_null(sv_country_at(248));
}

/* Codes are well formed and unique (alpha-2 strictly ascending, which is what bsearch needs);
 * names are present, and a common name only where it differs. */
static void test_table_well_formed(void **state)
{
    (void)state;
    int n = sv_country_count();
    for (int i = 0; i < n; i++) {
        const sv_country *c = sv_country_at(i);
        assert_non_null(c);
        assert_int_equal(strlen(c->alpha2), 2);
        assert_true(is_upper(c->alpha2[0]) && is_upper(c->alpha2[1]));
        assert_int_equal(strlen(c->alpha3), 3);
        assert_true(is_upper(c->alpha3[0]) && is_upper(c->alpha3[1]) && is_upper(c->alpha3[2]));
        assert_non_null(c->name);
        assert_true(strlen(c->name) > 0);
        if (c->common)
            assert_string_not_equal(c->common, c->name);
        if (i > 0)
            assert_true(strcmp(sv_country_at(i - 1)->alpha2, c->alpha2) < 0);
        for (int j = 0; j < i; j++)
            if (strcmp(sv_country_at(j)->alpha3, c->alpha3) == 0)
                fail_msg("alpha-3 %s used by %s and %s", c->alpha3, sv_country_at(j)->alpha2,
                         c->alpha2);
    }
}

/* Every entry is found by each of its codes and names, in any ASCII case. */
static void test_every_entry_round_trips(void **state)
{
    (void)state;
    int n = sv_country_count();
    for (int i = 0; i < n; i++) {
        const sv_country *c = sv_country_at(i);
        char lower2[3] = {(char)(c->alpha2[0] | 0x20), (char)(c->alpha2[1] | 0x20), '\0'};
        char lower3[4] = {(char)(c->alpha3[0] | 0x20), (char)(c->alpha3[1] | 0x20),
                          (char)(c->alpha3[2] | 0x20), '\0'};
        assert_ptr_equal(sv_country_by_alpha2(c->alpha2), c);
        assert_ptr_equal(sv_country_by_alpha2(lower2), c);
        expect_find(c->alpha2, c->alpha2);
        expect_find(lower2, c->alpha2);
        expect_find(c->alpha3, c->alpha2);
        expect_find(lower3, c->alpha2);
        expect_find(c->name, c->alpha2);
        if (c->common)
            expect_find(c->common, c->alpha2);

        char upper[128];
        assert_true(strlen(c->name) < sizeof upper);
        strcpy(upper, c->name);
        for (char *p = upper; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - ('a' - 'A'));
        expect_find(upper, c->alpha2);
    }
}

static void test_by_alpha2(void **state)
{
    (void)state;
    const sv_country *vn = sv_country_by_alpha2("VN");
    assert_non_null(vn);
    assert_string_equal(vn->alpha3, "VNM");
    assert_string_equal(vn->name, "Viet Nam");
    assert_string_equal(vn->common, "Vietnam");
    assert_ptr_equal(sv_country_by_alpha2("vn"), vn);
    assert_ptr_equal(sv_country_by_alpha2("vN"), vn);

    assert_null(sv_country_by_alpha2(NULL));
    assert_null(sv_country_by_alpha2(""));
    assert_null(sv_country_by_alpha2("V"));
    assert_null(sv_country_by_alpha2("VNM"));
    assert_null(sv_country_by_alpha2("VN "));
    assert_null(sv_country_by_alpha2(" VN"));
    assert_null(sv_country_by_alpha2("V1"));
    assert_null(sv_country_by_alpha2("ZZ"));
    assert_null(sv_country_by_alpha2("EU"));
    assert_null(sv_country_by_alpha2("UK")); /* a name, not a code: sv_country_find knows it */
}

static void test_names_and_common_names(void **state)
{
    (void)state;
    const struct {
        const char *alpha2, *alpha3, *name, *common;
    } want[] = {
        {"VN", "VNM", "Viet Nam", "Vietnam"},
        {"TR", "TUR", "Türkiye", "Turkey"},
        {"KR", "KOR", "Korea, Republic of", "South Korea"},
        {"KP", "PRK", "Korea, Democratic People's Republic of", "North Korea"},
        {"GB", "GBR", "United Kingdom of Great Britain and Northern Ireland", "United Kingdom"},
        {"US", "USA", "United States of America", "United States"},
        {"TW", "TWN", "Taiwan, Province of China", "Taiwan"},
        {"LA", "LAO", "Lao People's Democratic Republic", "Laos"},
        {"CZ", "CZE", "Czechia", "Czech Republic"},
        {"MO", "MAC", "Macao", "Macau"},
        {"CI", "CIV", "Côte d'Ivoire", "Ivory Coast"},
        {"SZ", "SWZ", "Eswatini", "Swaziland"},
        {"MM", "MMR", "Myanmar", "Burma"},
        {"CV", "CPV", "Cabo Verde", "Cape Verde"},
        {"RU", "RUS", "Russian Federation", "Russia"},
        {"HK", "HKG", "Hong Kong", NULL},
        {"MK", "MKD", "North Macedonia", NULL},
        {"DE", "DEU", "Germany", NULL},
    };
    for (size_t i = 0; i < COUNT(want); i++) {
        const sv_country *c = sv_country_by_alpha2(want[i].alpha2);
        assert_non_null(c);
        assert_string_equal(c->alpha3, want[i].alpha3);
        assert_string_equal(c->name, want[i].name);
        if (want[i].common)
            assert_string_equal(c->common, want[i].common);
        else
            assert_null(c->common);
    }
}

static void test_case_space_punctuation(void **state)
{
    (void)state;
    const struct case_ cases[] = {
        {"Viet Nam", "VN"},
        {"VIET NAM", "VN"},
        {"viet nam", "VN"},
        {"  viet-nam ", "VN"},
        {"Viet  Nam", "VN"},
        {"\tViet\nNam\r\n", "VN"},
        {"Viet\u00a0Nam", "VN"}, /* no-break space */
        {"Vietnam", "VN"},
        {"VIETNAM", "VN"},
        {"VNM", "VN"},
        {"vnm", "VN"},
        {" vn ", "VN"},
        {"Socialist Republic of Viet Nam", "VN"},
        {"Guinea-Bissau", "GW"},
        {"Guinea Bissau", "GW"},
        {"Guinea\u2013Bissau", "GW"}, /* en dash */
        {"Timor-Leste", "TL"},
        {"Timor Leste", "TL"},
        {"Korea, Republic of", "KR"},
        {"Korea (Republic of)", "KR"},
        {"Cocos (Keeling) Islands", "CC"},
        {"Cocos Keeling Islands", "CC"},
        {"Lao People's Democratic Republic", "LA"},
        {"Lao People\u2019s Democratic Republic", "LA"}, /* typographic apostrophe */
        {"Lao Peoples Democratic Republic", "LA"},
        {"Trinidad & Tobago", "TT"},
        {"Trinidad&Tobago", "TT"},
        {"Bosnia & Herzegovina", "BA"},
        {"Antigua & Barbuda", "AG"},
        {"St. Kitts & Nevis", "KN"},
        {"Saint Vincent & the Grenadines", "VC"},
        {"St. Lucia", "LC"},
        {"The Gambia", "GM"},
        {"THE BAHAMAS", "BS"},
        {"the Netherlands", "NL"},
        {"Virgin Islands, U.S.", "VI"},
        {"U.S. Virgin Islands", "VI"},
        {"Virgin Islands, British", "VG"},
    };
    expect_all(cases, COUNT(cases));
}

static void test_accents(void **state)
{
    (void)state;
    const struct case_ cases[] = {
        {"Türkiye", "TR"},
        {"turkiye", "TR"},
        {"TÜRKİYE", "TR"}, /* U+0130 capital I with dot above */
        {"TÜRKIYE", "TR"},
        {"türkıye", "TR"}, /* U+0131 dotless i */
        {"Republic of Türkiye", "TR"},
        {"côte d'ivoire", "CI"},
        {"Côte d\u2019Ivoire", "CI"},
        {"CÔTE D'IVOIRE", "CI"},
        {"Cote d'Ivoire", "CI"},
        {"Cote dIvoire", "CI"},
        {"Curaçao", "CW"},
        {"CURAÇAO", "CW"},
        {"Curacao", "CW"},
        {"Réunion", "RE"},
        {"Reunion", "RE"},
        {"Åland Islands", "AX"},
        {"Aland Islands", "AX"},
        {"Saint Barthélemy", "BL"},
        {"Saint Barthelemy", "BL"},
        {"São Tomé and Príncipe", "ST"},
        {"Sao Tome & Principe", "ST"},
        /* Letters across Latin Extended-A and Romanian comma-below, on ASCII names. */
        {"ĆĤĪŇĀ", "CN"},
        {"ŁĄŐŞ", "LA"},
        {"Ţogo", "TG"},
        {"Țogo", "TG"},
        {"Ŧonga", "TO"},
        {"Ĵapan", "JP"},
        {"Ĝreece", "GR"},
        {"Ħaiti", "HT"},
        {"Đenmark", "DK"},
        {"Ķenya", "KE"},
        {"Ŗwanda", "RW"},
        {"Ųganda", "UG"},
        {"Ŵales", "GB"},
        {"Ŷemen", "YE"},
        {"Žambia", "ZM"},
        {"Øman", "OM"},
        {"Ñiger", "NE"},
        {"ÿemen", "YE"},
    };
    expect_all(cases, COUNT(cases));
}

static void test_codes(void **state)
{
    (void)state;
    const struct case_ cases[] = {
        {"USA", "US"}, {"usa", "US"}, {"US", "US"},  {"us", "US"},  {"U.S.", "US"},
        {"gbr", "GB"}, {"GBR", "GB"}, {"GB", "GB"},  {"DEU", "DE"}, {"de", "DE"},
        {"CHN", "CN"}, {"BGD", "BD"}, {"KHM", "KH"}, {"PRK", "KP"}, {"KOR", "KR"},
    };
    expect_all(cases, COUNT(cases));
}

static void test_aliases(void **state)
{
    (void)state;
    const struct case_ cases[] = {
        {"U.S.A.", "US"},
        {"United States", "US"},
        {"United States of America", "US"},
        {"the United States", "US"},
        {"UK", "GB"},
        {"uk", "GB"},
        {"U.K.", "GB"},
        {"United Kingdom", "GB"},
        {"Great Britain", "GB"},
        {"England", "GB"},
        {"Scotland", "GB"},
        {"Wales", "GB"},
        {"Northern Ireland", "GB"},
        {"Turkey", "TR"},
        {"South Korea", "KR"},
        {"Korea", "KR"},
        {"Republic of Korea", "KR"},
        {"Korea, South", "KR"},
        {"North Korea", "KP"},
        {"DPRK", "KP"},
        {"Hong Kong", "HK"},
        {"Hong Kong SAR", "HK"},
        {"Hong Kong S.A.R.", "HK"},
        {"Hong Kong SAR China", "HK"},
        {"Hong Kong SAR, China", "HK"},
        {"Hong Kong, China", "HK"},
        {"Macau", "MO"},
        {"Macao", "MO"},
        {"Macao SAR", "MO"},
        {"Taiwan", "TW"},
        {"Chinese Taipei", "TW"},
        {"Taiwan (R.O.C.)", "TW"},
        {"China", "CN"},
        {"PRC", "CN"},
        {"P.R.C.", "CN"},
        {"P.R. China", "CN"},
        {"Mainland China", "CN"},
        {"People's Republic of China", "CN"},
        {"Czech Republic", "CZ"},
        {"Czechia", "CZ"},
        {"Holland", "NL"},
        {"The Netherlands", "NL"},
        {"Burma", "MM"},
        {"Myanmar", "MM"},
        {"Ivory Coast", "CI"},
        {"Swaziland", "SZ"},
        {"Eswatini", "SZ"},
        {"Russia", "RU"},
        {"Iran", "IR"},
        {"Syria", "SY"},
        {"Laos", "LA"},
        {"Lao PDR", "LA"},
        {"Bolivia", "BO"},
        {"Venezuela", "VE"},
        {"Tanzania", "TZ"},
        {"Moldova", "MD"},
        {"Macedonia", "MK"},
        {"North Macedonia", "MK"},
        {"Palestine", "PS"},
        {"State of Palestine", "PS"},
        {"Brunei", "BN"},
        {"Cape Verde", "CV"},
        {"Cabo Verde", "CV"},
        {"East Timor", "TL"},
        {"Vatican", "VA"},
        {"Vatican City", "VA"},
        {"Holy See", "VA"},
        {"UAE", "AE"},
        {"DR Congo", "CD"},
        {"Democratic Republic of the Congo", "CD"},
        {"Congo", "CG"},
        {"Republic of the Congo", "CG"},
        {"Micronesia", "FM"},
        {"Falkland Islands", "FK"},
    };
    expect_all(cases, COUNT(cases));
}

static void test_unknown(void **state)
{
    (void)state;
    assert_null(sv_country_find(NULL));
    char long_text[400];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    const struct case_ cases[] = {
        {"Atlantis", NULL},
        {"", NULL},
        {"   ", NULL},
        {"X", NULL},
        {"ZZ", NULL},
        {"ZZZ", NULL},
        {"EU", NULL}, /* a destination, not a country: see sv_destination_is_eu */
        {"Europe", NULL},
        {"America", NULL},
        {"the", NULL},
        {"The ", NULL},
        {".", NULL},
        {"-", NULL},
        {"'", NULL},
        {"Viet", NULL},
        {"Nam Viet", NULL},
        {"Viet Nam Viet Nam", NULL},
        {"Vietnamm", NULL},
        {"V N", NULL},
        {"Korea Republic", NULL},
        {"Ελλάδα", NULL},                           /* other scripts are not transliterated */
        {"\xf0\x9f\x87\xbb\xf0\x9f\x87\xb3", NULL}, /* flag emoji, four-byte sequences */
        {"\xff\xfe", NULL},                         /* not UTF-8 */
        {"Viet\xc3", NULL},                         /* truncated sequence */
        {"\xce\xb1", NULL},                         /* Greek alpha: two bytes, but no code */
        {long_text, NULL},
    };
    expect_all(cases, COUNT(cases));
}

static void test_destination_is_eu(void **state)
{
    (void)state;
    assert_true(sv_destination_is_eu("EU"));
    assert_true(sv_destination_is_eu("eu"));
    assert_true(sv_destination_is_eu("Eu"));
    assert_false(sv_destination_is_eu(NULL));
    assert_false(sv_destination_is_eu(""));
    assert_false(sv_destination_is_eu("E"));
    assert_false(sv_destination_is_eu("EU "));
    assert_false(sv_destination_is_eu("EUR"));
    assert_false(sv_destination_is_eu("DE"));
    assert_false(sv_destination_is_eu("European Union"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_and_index),
        cmocka_unit_test(test_table_well_formed),
        cmocka_unit_test(test_every_entry_round_trips),
        cmocka_unit_test(test_by_alpha2),
        cmocka_unit_test(test_names_and_common_names),
        cmocka_unit_test(test_case_space_punctuation),
        cmocka_unit_test(test_accents),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_destination_is_eu),
    };
    return cmocka_run_group_tests_name("country", tests, NULL, NULL);
}
