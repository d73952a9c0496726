/* Tests for lib/io/claims.c: the free-text claim readers (minimums, lead times, head counts,
 * product words, processing types, certifications). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "selvedge/claims.h"
#include "selvedge/factory.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_moq_claims(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        int64_t style, color, order;
    } cases[] = {
        {"500 pcs/style/color", true, SV_UNSET, 500, SV_UNSET},
        {"MOQ: 300 pieces per colour, 1200 per style", true, 1200, 300, SV_UNSET},
        {"MOQ 500 pcs per style / 300 per color", true, 500, 300, SV_UNSET},
        {"1000", true, SV_UNSET, SV_UNSET, 1000},
        {"1,500 units", true, SV_UNSET, SV_UNSET, 1500},
        {"1.500 pcs", true, SV_UNSET, SV_UNSET, 1500},
        {"2k pcs per order", true, SV_UNSET, SV_UNSET, 2000},
        {"100 dozen per style", true, 1200, SV_UNSET, SV_UNSET},
        {"500-1000 pcs", true, SV_UNSET, SV_UNSET, 500},
        {"per colour: 200pcs", true, SV_UNSET, 200, SV_UNSET},
        {"Style MOQ 800", true, 800, SV_UNSET, SV_UNSET},
        {"300 PCS PER COLOR PER STYLE", true, SV_UNSET, 300, SV_UNSET},
        {"Minimum 3000 meters of fabric, 500 pcs per order", true, SV_UNSET, SV_UNSET, 500},
        {"30% deposit, 1000 pcs", true, SV_UNSET, SV_UNSET, 1000},
        {"No MOQ", true, SV_UNSET, SV_UNSET, 0},
        {"no minimum order", true, SV_UNSET, SV_UNSET, 0},
        {"Negotiable", false, SV_UNSET, SV_UNSET, SV_UNSET},
        {"Small orders welcome", false, SV_UNSET, SV_UNSET, SV_UNSET},
        {"USD 5000 per order", false, SV_UNSET, SV_UNSET, SV_UNSET},
        {"", false, SV_UNSET, SV_UNSET, SV_UNSET},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        int64_t s = 7, c = 7, o = 7;
        bool ok = sv_parse_moq_claim(cases[i].text, &s, &c, &o);
        if (ok != cases[i].ok || s != cases[i].style || c != cases[i].color ||
            o != cases[i].order)
            fail_msg("\"%s\": ok %d style %lld color %lld order %lld", cases[i].text, ok,
                     (long long)s, (long long)c, (long long)o);
    }
    int64_t s, c, o;
    assert_false(sv_parse_moq_claim(NULL, &s, &c, &o));
    assert_int_equal(s, SV_UNSET);
    assert_true(sv_parse_moq_claim("300 per colour", NULL, &c, NULL)); /* NULLs allowed */
    assert_int_equal(c, 300);
}

static void test_days_claims(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        int64_t days;
    } cases[] = {
        {"30 days", true, 30},
        {"45-60 days", true, 53},
        {"45 - 60 days", true, 53},
        {"45 to 60 days", true, 53},
        {"45~60 days", true, 53},
        {"30\xe2\x80\x93" "45 days", true, 38}, /* en dash; 37.5 rounds up */
        {"6-8 weeks", true, 49},
        {"4 wks", true, 28},
        {"2 months", true, 60},
        {"1.5 months", true, 45},
        {"60 working days", true, 84},
        {"within 2 weeks", true, 14},
        {"60-90", true, 75},
        {"Sample: 7 days, bulk: 45 days", true, 45},
        {"90 days after PP sample approval", true, 90},
        {"Negotiable", false, SV_UNSET},
        {"Since 2010", false, SV_UNSET},
        {"500 pcs", false, SV_UNSET},
        {"", false, SV_UNSET},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        int64_t d = 7;
        bool ok = sv_parse_days_claim(cases[i].text, &d);
        if (ok != cases[i].ok || d != cases[i].days)
            fail_msg("\"%s\": ok %d days %lld, expected %d %lld", cases[i].text, ok,
                     (long long)d, cases[i].ok, (long long)cases[i].days);
    }
    int64_t d;
    assert_false(sv_parse_days_claim(NULL, &d));
    assert_int_equal(d, SV_UNSET);
}

static void test_workers_claims(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        int64_t min, max;
    } cases[] = {
        {"350", true, 350, 350},
        {"100-500", true, 100, 500},
        {"1001-5000", true, 1001, 5000},
        {"less than 1000", true, SV_UNSET, 1000},
        {"under 1000", true, SV_UNSET, 1000},
        {"< 1000", true, SV_UNSET, 1000},
        {"up to 1000", true, SV_UNSET, 1000},
        {"1000+", true, 1000, SV_UNSET},
        {"More than 5000", true, 5000, SV_UNSET},
        {"over 5000", true, 5000, SV_UNSET},
        {"Unknown|250", true, 250, 250},
        {"many", false, 7, 7},
        {"", false, 7, 7},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        int64_t lo = 7, hi = 7;
        bool ok = sv_parse_workers_claim(cases[i].text, &lo, &hi);
        if (ok != cases[i].ok || lo != cases[i].min || hi != cases[i].max)
            fail_msg("\"%s\": ok %d min %lld max %lld", cases[i].text, ok, (long long)lo,
                     (long long)hi);
    }
}

static void test_products_claims(void **state)
{
    (void)state;
    uint32_t cats = 0, constrs = 0;
    sv_parse_products_claim("T-shirts, Hoodies | denim jeans; Dresses", &cats, &constrs);
    assert_int_equal(cats, (1u << SV_CAT_TSHIRT) | (1u << SV_CAT_HOODIE) |
                               (1u << SV_CAT_JEANS) | (1u << SV_CAT_DRESS));
    assert_int_equal(constrs, (1u << SV_CONSTR_KNIT) | (1u << SV_CONSTR_DENIM));
    /* "t shirt" is not read as a woven shirt */
    cats = constrs = 0;
    sv_parse_products_claim("tee shirt", &cats, &constrs);
    assert_int_equal(cats, 1u << SV_CAT_TSHIRT);
    cats = constrs = 0;
    sv_parse_products_claim(NULL, &cats, &constrs);
    sv_parse_products_claim("Apparel", &cats, &constrs);
    assert_int_equal(cats, 0);
    assert_int_equal(constrs, 0);
}

static void test_processing_claims(void **state)
{
    (void)state;
    assert_int_equal(sv_parse_processing_claim("Sewing"), SV_FACILITY_ASSEMBLY);
    assert_int_equal(sv_parse_processing_claim("Garment dyeing"), SV_FACILITY_DYEING);
    assert_int_equal(sv_parse_processing_claim("Knitting and sewing"),
                     SV_FACILITY_TEXTILE | SV_FACILITY_ASSEMBLY);
    assert_int_equal(sv_parse_processing_claim("Quality control"), 0);
}

static void test_certs_claims(void **state)
{
    (void)state;
    assert_int_equal(sv_parse_certs_claim("BSCI, Oeko-Tex Standard 100 and WRAP; GOTS certified"),
                     (1u << SV_CERT_AMFORI_BSCI) | (1u << SV_CERT_OEKO_TEX_100) |
                         (1u << SV_CERT_WRAP) | (1u << SV_CERT_GOTS));
    assert_int_equal(sv_parse_certs_claim("ISO 9001:2015 | SA8000 | SMETA 4-Pillar"),
                     (1u << SV_CERT_ISO_9001) | (1u << SV_CERT_SA8000) |
                         (1u << SV_CERT_SEDEX_SMETA));
    assert_int_equal(sv_parse_certs_claim("none"), 0);
    assert_int_equal(sv_parse_certs_claim(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moq_claims),
        cmocka_unit_test(test_days_claims),
        cmocka_unit_test(test_workers_claims),
        cmocka_unit_test(test_products_claims),
        cmocka_unit_test(test_processing_claims),
        cmocka_unit_test(test_certs_claims),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
