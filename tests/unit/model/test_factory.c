/* Tests for lib/model/factory.c: the empty profile, facility type names and their variants, a
 * profile's sets as names (the bit-index name functions and sv_factory_bits_text: no bits,
 * several, bits past the count, a buffer too small). Certifications: test_cert.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "selvedge/factory.h"

#include "../cert_cases.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_init(void **state)
{
    (void)state;
    sv_factory f;
    memset(&f, 0x5A, sizeof f);
    sv_factory_init(&f);
    assert_int_equal(f.id, 0);
    assert_null(f.handle);
    assert_null(f.name);
    assert_null(f.other_names);
    assert_int_equal(f.n_other_names, 0);
    assert_null(f.address);
    assert_int_equal(f.n_other_addresses, 0);
    assert_string_equal(f.country, "");
    assert_false(f.has_coords);
    assert_null(f.os_id);
    assert_int_equal(f.facility_types, 0);
    assert_null(f.processing_types);
    assert_int_equal(f.categories, 0);
    assert_int_equal(f.constructions, 0);
    assert_int_equal(f.tiers, 0);
    assert_int_equal(f.moq_style, SV_UNSET);
    assert_int_equal(f.moq_color, SV_UNSET);
    assert_int_equal(f.moq_order, SV_UNSET);
    for (int i = 0; i < SV_CAT__COUNT; i++) {
        assert_int_equal(f.price_low[i], SV_UNSET);
        assert_int_equal(f.price_high[i], SV_UNSET);
    }
    assert_int_equal(f.sampling_days, SV_UNSET);
    assert_int_equal(f.production_days, SV_UNSET);
    assert_int_equal(f.monthly_capacity, SV_UNSET);
    assert_int_equal(f.sample_fee, SV_UNSET);
    assert_int_equal(f.deposit_bp, SV_UNSET);
    assert_int_equal(f.certifications, 0);
    assert_int_equal(f.new_brands, -1);
    assert_int_equal(f.workers_min, SV_UNSET);
    assert_int_equal(f.workers_max, SV_UNSET);
    assert_null(f.languages);
    assert_null(f.source);
}

static void test_facility_names(void **state)
{
    (void)state;
    assert_string_equal(sv_facility_name(SV_FACILITY_RAW_MATERIAL),
                        "Raw Material Processing or Production");
    assert_string_equal(sv_facility_name(SV_FACILITY_TEXTILE), "Textile or Material Production");
    assert_string_equal(sv_facility_name(SV_FACILITY_DYEING),
                        "Printing, Product Dyeing and Laundering");
    assert_string_equal(sv_facility_name(SV_FACILITY_ASSEMBLY), "Final Product Assembly");
    assert_string_equal(sv_facility_name(SV_FACILITY_WAREHOUSE), "Warehousing / Distribution");
    assert_string_equal(sv_facility_name(SV_FACILITY_OFFICE), "Office / HQ");
    assert_string_equal(sv_facility_name((sv_facility_type)0), "unknown");
    assert_string_equal(sv_facility_name((sv_facility_type)(SV_FACILITY_OFFICE | 1)), "unknown");
    for (int i = 0; i < SV_FACILITY__COUNT; i++) {
        uint32_t bit = 1u << i;
        assert_int_equal(sv_facility_parse(sv_facility_name((sv_facility_type)bit)), bit);
    }
}

static void test_facility_variants(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        uint32_t bit;
    } cases[] = {
        {"Final Product Assembly", SV_FACILITY_ASSEMBLY},
        {"final product assembly", SV_FACILITY_ASSEMBLY},
        {"FINAL PRODUCT ASSEMBLY", SV_FACILITY_ASSEMBLY},
        {"Assembly", SV_FACILITY_ASSEMBLY},
        {"Cut and Sew", SV_FACILITY_ASSEMBLY},
        {"Printing, Product Dyeing and Laundering", SV_FACILITY_DYEING},
        {"Printing, Dyeing, and Laundering", SV_FACILITY_DYEING},
        {"printing/dyeing/laundering", SV_FACILITY_DYEING},
        {"Textile or Material Production", SV_FACILITY_TEXTILE},
        {"textile or material production", SV_FACILITY_TEXTILE},
        {"Textile Mill", SV_FACILITY_TEXTILE},
        {"Raw Material Processing or Production", SV_FACILITY_RAW_MATERIAL},
        {"raw material processing", SV_FACILITY_RAW_MATERIAL},
        {"Warehousing / Distribution", SV_FACILITY_WAREHOUSE},
        {"Warehousing/Distribution", SV_FACILITY_WAREHOUSE},
        {"Warehouse", SV_FACILITY_WAREHOUSE},
        {"Office / HQ", SV_FACILITY_OFFICE},
        {"office/hq", SV_FACILITY_OFFICE},
        {"Headquarters", SV_FACILITY_OFFICE},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        uint32_t got = sv_facility_parse(cases[i].text);
        if (got != cases[i].bit)
            fail_msg("\"%s\" parsed as %#x, expected %#x", cases[i].text, got, cases[i].bit);
    }
    assert_int_equal(sv_facility_parse(NULL), 0);
    assert_int_equal(sv_facility_parse(""), 0);
    assert_int_equal(sv_facility_parse("Sewing"), 0); /* a processing type, not a facility */
    assert_int_equal(sv_facility_parse("Factory"), 0);
}

/* ---- a profile's sets as names ------------------------------------------------------------ */

static void test_bit_names(void **state)
{
    (void)state;
    for (int k = 0; k < SV_CAT__COUNT; k++)
        assert_string_equal(sv_factory_category_name(k), sv_category_name((sv_category)k));
    for (int k = 0; k < SV_CONSTR__COUNT; k++)
        assert_string_equal(sv_factory_construction_name(k),
                            sv_construction_name((sv_construction)k));
    for (int k = 0; k < SV_TIER__COUNT; k++)
        assert_string_equal(sv_factory_tier_name(k), sv_tier_name((sv_tier)k));
    for (int k = 0; k < SV_CERT__COUNT; k++)
        assert_string_equal(sv_factory_cert_name(k), sv_cert_name((sv_cert)k));
    /* facility types are bits themselves: index k names the type 1 << k */
    for (int k = 0; k < SV_FACILITY__COUNT; k++)
        assert_string_equal(sv_factory_facility_name(k),
                            sv_facility_name((sv_facility_type)(1u << k)));
    assert_string_equal(sv_factory_category_name(SV_CAT_HOODIE), "hoodie");
    assert_string_equal(sv_factory_construction_name(SV_CONSTR_DENIM), "denim");
    assert_string_equal(sv_factory_tier_name(SV_TIER_PREMIUM), "premium");
    assert_string_equal(sv_factory_cert_name(SV_CERT_GOTS), "GOTS");
    assert_string_equal(sv_factory_facility_name(3), "Final Product Assembly");
    /* out of range: the wrapped function's fallback, never a neighbour's name */
    assert_string_equal(sv_factory_category_name(-1), "unset");
    assert_string_equal(sv_factory_category_name(SV_CAT__COUNT), "unset");
    assert_string_equal(sv_factory_tier_name(SV_TIER__COUNT), "unset");
    assert_string_equal(sv_factory_cert_name(SV_CERT__COUNT), "unknown");
    assert_string_equal(sv_factory_cert_name(-1), "unknown");
    assert_string_equal(sv_factory_facility_name(SV_FACILITY__COUNT), "unknown");
    assert_string_equal(sv_factory_facility_name(-1), "unknown");
    assert_string_equal(sv_factory_facility_name(40), "unknown");
}

static void test_bits_text_none(void **state)
{
    (void)state;
    char buf[64];
    memset(buf, 'X', sizeof buf);
    assert_ptr_equal(sv_factory_bits_text(0, SV_CAT__COUNT, sv_factory_category_name, buf,
                                          sizeof buf),
                     buf);
    assert_string_equal(buf, "");
    /* bits at or past the count are not members */
    memset(buf, 'X', sizeof buf);
    sv_factory_bits_text(1u << SV_TIER__COUNT | 1u << 31, SV_TIER__COUNT, sv_factory_tier_name,
                         buf, sizeof buf);
    assert_string_equal(buf, "");
    /* a count of 0 looks at no bit */
    sv_factory_bits_text(0xFFFFFFFFu, 0, sv_factory_tier_name, buf, sizeof buf);
    assert_string_equal(buf, "");
}

static void test_bits_text_several(void **state)
{
    (void)state;
    char buf[400];
    sv_factory_bits_text(1u << SV_CAT_TSHIRT, SV_CAT__COUNT, sv_factory_category_name, buf,
                         sizeof buf);
    assert_string_equal(buf, "t-shirt"); /* one name, no separator */
    /* lowest bit first, whatever order they were set in */
    sv_factory_bits_text(1u << SV_CAT_BAG | 1u << SV_CAT_HOODIE | 1u << SV_CAT_TSHIRT,
                         SV_CAT__COUNT, sv_factory_category_name, buf, sizeof buf);
    assert_string_equal(buf, "t-shirt, hoodie, bag");
    sv_factory_bits_text(1u << SV_CONSTR_KNIT | 1u << SV_CONSTR_WOVEN, SV_CONSTR__COUNT,
                         sv_factory_construction_name, buf, sizeof buf);
    assert_string_equal(buf, "knit, woven");
    sv_factory_bits_text(1u << SV_TIER_MID | 1u << SV_TIER_LUXURY, SV_TIER__COUNT,
                         sv_factory_tier_name, buf, sizeof buf);
    assert_string_equal(buf, "mid, luxury");
    sv_factory_bits_text(1u << SV_CERT_GOTS | 1u << SV_CERT_BLUESIGN | 1u << SV_CERT_SEDEX_SMETA,
                         SV_CERT__COUNT, sv_factory_cert_name, buf, sizeof buf);
    assert_string_equal(buf, "GOTS, bluesign, Sedex/SMETA");
    sv_factory_bits_text(SV_FACILITY_ASSEMBLY | SV_FACILITY_OFFICE, SV_FACILITY__COUNT,
                         sv_factory_facility_name, buf, sizeof buf);
    assert_string_equal(buf, "Final Product Assembly, Office / HQ");

    /* every category: each name once, in enum order, ", " between */
    char want[400] = "";
    for (int k = 0; k < SV_CAT__COUNT; k++) {
        size_t len = strlen(want);
        snprintf(want + len, sizeof want - len, "%s%s", k ? ", " : "",
                 sv_category_name((sv_category)k));
    }
    sv_factory_bits_text((1u << SV_CAT__COUNT) - 1, SV_CAT__COUNT, sv_factory_category_name, buf,
                         sizeof buf);
    assert_string_equal(buf, want);
}

static void test_bits_text_truncates(void **state)
{
    (void)state;
    const uint32_t bits = 1u << SV_CAT_TSHIRT | 1u << SV_CAT_HOODIE | 1u << SV_CAT_BAG;
    const char *full = "t-shirt, hoodie, bag";
    const size_t fl = strlen(full);
    char buf[64];

    /* every size from exactly enough down to 1: a NUL-terminated prefix of the full text, and
     * not a byte written past n */
    for (size_t n = fl + 1; n >= 1; n--) {
        memset(buf, 'X', sizeof buf);
        sv_factory_bits_text(bits, SV_CAT__COUNT, sv_factory_category_name, buf, n);
        size_t got = strlen(buf);
        if (got != (n - 1 < fl ? n - 1 : fl))
            fail_msg("n %zu: \"%s\" is %zu long", n, buf, got);
        assert_memory_equal(buf, full, got);
        for (size_t i = n; i < sizeof buf; i++)
            if (buf[i] != 'X')
                fail_msg("n %zu: byte %zu written", n, i);
    }

    /* cut inside the separator and inside a name */
    sv_factory_bits_text(bits, SV_CAT__COUNT, sv_factory_category_name, buf, 9);
    assert_string_equal(buf, "t-shirt,");
    sv_factory_bits_text(bits, SV_CAT__COUNT, sv_factory_category_name, buf, 13);
    assert_string_equal(buf, "t-shirt, hoo");
    sv_factory_bits_text(bits, SV_CAT__COUNT, sv_factory_category_name, buf, 1);
    assert_string_equal(buf, "");

    /* a zero-sized buffer is left alone */
    memset(buf, 'X', sizeof buf);
    assert_ptr_equal(sv_factory_bits_text(bits, SV_CAT__COUNT, sv_factory_category_name, buf, 0),
                     buf);
    assert_int_equal(buf[0], 'X');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_facility_names),
        cmocka_unit_test(test_facility_variants),
        cmocka_unit_test(test_bit_names),
        cmocka_unit_test(test_bits_text_none),
        cmocka_unit_test(test_bits_text_several),
        cmocka_unit_test(test_bits_text_truncates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
