/* Tests for lib/io/factories_yaml.c: the capability file (examples/factories.yaml and files
 * like it). The example loads whole; every kind of mistake a person makes in such a file is
 * refused with file:line:column, the field, and a "did you mean" where one helps; the
 * Open Supply Hub's facility type names are read leniently. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/factories_yaml.h"
#include "selvedge/factory.h"
#include "../test_util.h"
#include "../cert_cases.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers --------------------------------------------------------------------------- */

static sv_factory_list *parse_ok(const char *yaml)
{
    sv_factory_list *l = NULL;
    sv_err e;
    sv_err_clear(&e);
    if (sv_factories_parse(yaml, strlen(yaml), "f.yaml", &l, &e) != SV_OK) {
        char buf[1024];
        fail_msg("factory file refused: %s\n--- file ---\n%s", sv_err_format(&e, buf, sizeof buf),
                 yaml);
    }
    assert_non_null(l);
    return l;
}

/* The file must be refused as a schema error at line:column, naming a field that contains
 * `field`, with every one of the NULL-terminated words in the message. */
static void expect_error(const char *yaml, sv_code code, int line, int column, const char *field,
                         ...)
{
    sv_factory_list *l = NULL;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_factories_parse(yaml, strlen(yaml), "f.yaml", &l, &e);
    char buf[1024];
    sv_err_format(&e, buf, sizeof buf);
    if (rc == SV_OK) {
        sv_factory_list_free(l);
        fail_msg("accepted, but should be refused:\n%s", yaml);
    }
    assert_null(l);
    if (rc != code)
        fail_msg("code %s, expected %s: %s", sv_code_name(rc), sv_code_name(code), buf);
    assert_string_equal(e.file, "f.yaml");
    if (e.line != line || (column && e.column != column))
        fail_msg("error at %d:%d, expected %d:%d: %s", e.line, e.column, line, column, buf);
    if (field && !strstr(e.field, field))
        fail_msg("field \"%s\" does not name \"%s\": %s", e.field, field, buf);
    va_list ap;
    va_start(ap, field);
    for (const char *w; (w = va_arg(ap, const char *));)
        if (!strstr(e.msg, w))
            fail_msg("message does not say \"%s\": %s", w, buf);
    va_end(ap);
}

/* 1-based line of the first line of a file that begins with prefix, or 0. */
static int line_in_file(const char *path, const char *prefix)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    char line[4096];
    int n = 0;
    size_t pl = strlen(prefix);
    while (fgets(line, sizeof line, f)) {
        n++;
        if (strncmp(line, prefix, pl) == 0) {
            fclose(f);
            return n;
        }
    }
    fclose(f);
    return 0;
}

/* A good one-factory file; tests append a line to it. */
#define BASE                                                                                       \
    "currency: USD\n"                                                                              \
    "factories:\n"                                                                                 \
    "  - id: pt-test-knit\n"                                                                       \
    "    name: Test Knit, Lda\n"                                                                   \
    "    country: PT\n"                                                                            \
    "    categories: [t-shirt, hoodie]\n"
/* the line a test appends to BASE */
enum { LINE7 = 7 };

/* ---- the example -------------------------------------------------------------------------- */

static void test_example_loads(void **state)
{
    (void)state;
    sv_factory_list *l = NULL;
    sv_err e;
    sv_err_clear(&e);
    const char *path = tu_source("examples/factories.yaml");
    if (sv_factories_load(path, &l, &e) != SV_OK) {
        char buf[1024];
        fail_msg("%s", sv_err_format(&e, buf, sizeof buf));
    }
    assert_int_equal(l->n, 73);
    assert_non_null(l->currency);
    assert_string_equal(l->currency->code, "USD");
    /* every profile has a unique handle, a name and a country; lines go down the file */
    for (size_t i = 0; i < l->n; i++) {
        const sv_factory *f = &l->items[i];
        assert_non_null(f->handle);
        assert_non_null(f->name);
        assert_int_equal(strlen(f->country), 2);
        assert_true(f->categories != 0);
        for (size_t j = 0; j < i; j++)
            if (strcmp(f->handle, l->items[j].handle) == 0)
                fail_msg("handle %s twice", f->handle);
        if (i)
            assert_true(l->lines[i] > l->lines[i - 1]);
        /* every price band is for a category it makes, low <= high */
        for (int c = 0; c < SV_CAT__COUNT; c++)
            if (f->price_low[c] >= 0) {
                assert_true(f->categories & (1u << c));
                assert_true(f->price_low[c] <= f->price_high[c]);
            }
    }
    /* one profile, field by field */
    const sv_factory *f = &l->items[0];
    assert_string_equal(f->handle, "pt-barcelos-sportmalha");
    assert_string_equal(f->name, "Sportmalha Cávado, Lda");
    assert_int_equal(f->n_other_names, 2);
    assert_string_equal(f->other_names[0], "Sportmalha Cavado Lda");
    assert_string_equal(f->other_names[1], "Sportmalha");
    assert_string_equal(f->address, "Rua de Santa Marta 218, Arcozelo, 4750-253 Barcelos");
    assert_string_equal(f->country, "PT");
    assert_true(f->has_coords);
    assert_true(f->lat > 41.5411 && f->lat < 41.5413);
    assert_true(f->lng > -8.6091 && f->lng < -8.6089);
    assert_int_equal(f->facility_types, SV_FACILITY_TEXTILE | SV_FACILITY_ASSEMBLY);
    assert_string_equal(f->processing_types,
                        "circular knitting|cutting|bonding|flatlock sewing|sublimation printing");
    assert_int_equal(f->categories, (1u << SV_CAT_LEGGINGS) | (1u << SV_CAT_SPORTS_BRA) |
                                        (1u << SV_CAT_SHORTS) | (1u << SV_CAT_TSHIRT));
    assert_int_equal(f->constructions, 1u << SV_CONSTR_KNIT);
    assert_int_equal(f->tiers, (1u << SV_TIER_MID) | (1u << SV_TIER_PREMIUM));
    assert_int_equal(f->moq_style, 500);
    assert_int_equal(f->moq_color, 500);
    assert_int_equal(f->moq_order, 800);
    assert_int_equal(f->price_low[SV_CAT_LEGGINGS], 1450);
    assert_int_equal(f->price_high[SV_CAT_LEGGINGS], 2100);
    assert_int_equal(f->price_low[SV_CAT_TSHIRT], 750);
    assert_int_equal(f->price_high[SV_CAT_TSHIRT], 1200);
    assert_int_equal(f->price_low[SV_CAT_HOODIE], SV_UNSET);
    assert_int_equal(f->sampling_days, 21);
    assert_int_equal(f->production_days, 45);
    assert_int_equal(f->monthly_capacity, 22000);
    assert_int_equal(f->sample_fee, 9500);
    assert_int_equal(f->deposit_bp, 4000);
    assert_int_equal(f->certifications,
                     (1u << SV_CERT_OEKO_TEX_100) | (1u << SV_CERT_GRS) | (1u << SV_CERT_ISO_9001));
    assert_int_equal(f->new_brands, 1);
    assert_int_equal(f->workers_min, 180);
    assert_int_equal(f->workers_max, 230);
    assert_string_equal(f->languages, "pt|en|es");
    assert_int_equal(l->lines[0], line_in_file(path, "  - id: pt-barcelos-sportmalha"));
    /* a profile that leaves fields out has them unknown */
    bool seen = false;
    for (size_t i = 0; i < l->n; i++) {
        const sv_factory *g = &l->items[i];
        if (strcmp(g->handle, "it-scandicci-vingone") != 0)
            continue;
        seen = true;
        assert_int_equal(g->moq_order, SV_UNSET);
        assert_int_equal(g->sampling_days, SV_UNSET);
        assert_int_equal(g->production_days, SV_UNSET);
        assert_int_equal(g->monthly_capacity, SV_UNSET);
        assert_int_equal(g->deposit_bp, SV_UNSET);
        assert_int_equal(g->certifications, 0);
        assert_null(g->os_id);
        assert_int_equal(g->n_other_names, 0);
    }
    assert_true(seen);
    /* ... and a profile that says it takes no new brands says so */
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].handle, "pt-santotirso-tirsomalha") == 0)
            assert_int_equal(l->items[i].new_brands, 0);
    sv_factory_list_free(l);
}

/* ---- values that read ---------------------------------------------------------------------- */

static void test_minimal_profile(void **state)
{
    (void)state;
    sv_factory_list *l = parse_ok("currency: USD\n"
                                  "factories:\n"
                                  "  - name: Nameless Knit\n"
                                  "    country: Portugal\n");
    assert_int_equal(l->n, 1);
    const sv_factory *f = &l->items[0];
    assert_null(f->handle);
    assert_string_equal(f->name, "Nameless Knit");
    assert_string_equal(f->country, "PT");
    assert_null(f->address);
    assert_false(f->has_coords);
    assert_int_equal(f->categories, 0);
    assert_int_equal(f->moq_style, SV_UNSET);
    assert_int_equal(f->moq_color, SV_UNSET);
    assert_int_equal(f->moq_order, SV_UNSET);
    assert_int_equal(f->sample_fee, SV_UNSET);
    assert_int_equal(f->deposit_bp, SV_UNSET);
    assert_int_equal(f->new_brands, -1);
    assert_int_equal(f->workers_min, SV_UNSET);
    for (int c = 0; c < SV_CAT__COUNT; c++)
        assert_int_equal(f->price_low[c], SV_UNSET);
    assert_string_equal(f->source, "f.yaml");
    sv_factory_list_free(l);

    /* no factories at all is a file, not an error */
    l = parse_ok("currency: EUR\nfactories: []\n");
    assert_int_equal(l->n, 0);
    assert_string_equal(l->currency->code, "EUR");
    sv_factory_list_free(l);
}

static void test_prices_in_file_currency(void **state)
{
    (void)state;
    /* the loader keeps the file's currency: conversion is the importer's job */
    sv_factory_list *l = parse_ok("currency: EUR\n"
                                  "factories:\n"
                                  "  - id: it-test\n"
                                  "    name: Maglificio Test\n"
                                  "    country: IT\n"
                                  "    categories: [knitwear]\n"
                                  "    prices: { knitwear: [45.00, 120.50] }\n"
                                  "    sample_fee: 140\n"
                                  "    deposit_pct: 12.5\n");
    assert_string_equal(l->currency->code, "EUR");
    assert_int_equal(l->items[0].price_low[SV_CAT_KNITWEAR], 4500);
    assert_int_equal(l->items[0].price_high[SV_CAT_KNITWEAR], 12050);
    assert_int_equal(l->items[0].sample_fee, 14000);
    assert_int_equal(l->items[0].deposit_bp, 1250);
    sv_factory_list_free(l);
    /* a currency without minor units takes whole amounts */
    l = parse_ok("currency: JPY\n"
                 "factories:\n"
                 "  - name: Okayama Denim\n"
                 "    country: JP\n"
                 "    categories: [jeans]\n"
                 "    prices: { jeans: [2500, 6000] }\n");
    assert_int_equal(l->items[0].price_low[SV_CAT_JEANS], 2500);
    sv_factory_list_free(l);
    expect_error("currency: JPY\n"
                 "factories:\n"
                 "  - name: Okayama Denim\n"
                 "    country: JP\n"
                 "    categories: [jeans]\n"
                 "    prices: { jeans: [2500.50, 6000] }\n",
                 SV_ERR_SCHEMA, 6, 0, "prices.jeans", "JPY", NULL);
}

/* The Open Supply Hub spells facility types several ways; all of them read. */
static void test_facility_types_lenient(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        uint32_t bit;
    } cases[] = {
        {"final product assembly", SV_FACILITY_ASSEMBLY},
        {"Final Product Assembly", SV_FACILITY_ASSEMBLY},
        {"CMT", SV_FACILITY_ASSEMBLY},
        {"cut and sew", SV_FACILITY_ASSEMBLY},
        {"printing/dyeing/laundering", SV_FACILITY_DYEING},
        {"\"Printing, Dyeing, and Laundering\"", SV_FACILITY_DYEING},
        {"\"Printing, Product Dyeing and Laundering\"", SV_FACILITY_DYEING},
        {"textile or material production", SV_FACILITY_TEXTILE},
        {"Textile Mill", SV_FACILITY_TEXTILE},
        {"raw materials", SV_FACILITY_RAW_MATERIAL},
        {"Raw Material Processing or Production", SV_FACILITY_RAW_MATERIAL},
        {"warehouse", SV_FACILITY_WAREHOUSE},
        {"Warehousing / Distribution", SV_FACILITY_WAREHOUSE},
        {"Office / HQ", SV_FACILITY_OFFICE},
        {"headquarters", SV_FACILITY_OFFICE},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        char *yaml = strdup(tu_fmt(BASE "    facility_types: [%s]\n", cases[i].text));
        sv_factory_list *l = parse_ok(yaml);
        if (l->items[0].facility_types != cases[i].bit)
            fail_msg("facility type %s read as %#x, expected %#x", cases[i].text,
                     l->items[0].facility_types, cases[i].bit);
        sv_factory_list_free(l);
        free(yaml);
    }
    /* several at once make a set; repeats do not matter */
    sv_factory_list *l = parse_ok(BASE "    facility_types: [CMT, warehousing, assembly]\n");
    assert_int_equal(l->items[0].facility_types, SV_FACILITY_ASSEMBLY | SV_FACILITY_WAREHOUSE);
    sv_factory_list_free(l);
    /* a misspelling is still refused, with the name it was probably meant to be */
    expect_error(BASE "    facility_types: [final product asembly]\n", SV_ERR_SCHEMA, LINE7, 22,
                 "facility_types[0]", "final product asembly", "did you mean",
                 "Final Product Assembly", NULL);
}

static void test_certification_spellings(void **state)
{
    (void)state;
    sv_factory_list *l = parse_ok(BASE "    certifications: [Oeko-Tex Standard 100, BSCI, SMETA, "
                                       "Global Organic Textile Standard, \"ISO 9001:2015\"]\n");
    assert_int_equal(l->items[0].certifications,
                     (1u << SV_CERT_OEKO_TEX_100) | (1u << SV_CERT_AMFORI_BSCI) |
                         (1u << SV_CERT_SEDEX_SMETA) | (1u << SV_CERT_GOTS) |
                         (1u << SV_CERT_ISO_9001));
    sv_factory_list_free(l);
}

/* ---- mistakes ------------------------------------------------------------------------------ */

static void test_unknown_key(void **state)
{
    (void)state;
    expect_error(BASE "    moqs: { per_style: 300 }\n", SV_ERR_SCHEMA, LINE7, 5, "moqs",
                 "unknown key", "moqs", "did you mean", "\"moq\"", NULL);
    expect_error(BASE "    moq: { per_colour: 300 }\n", SV_ERR_SCHEMA, LINE7, 12, "moq.per_colour",
                 "did you mean", "per_color", NULL);
    expect_error(BASE "    lead_days: { sample: 20 }\n", SV_ERR_SCHEMA, LINE7, 18,
                 "lead_days.sample", "sample", "sampling", "production", NULL);
    expect_error("currency: USD\nfactorys: []\n", SV_ERR_SCHEMA, 2, 1, "factorys", "did you mean",
                 "factories", NULL);
    /* a key given twice is a mistake too */
    expect_error(BASE "    country: ES\n", SV_ERR_SCHEMA, LINE7, 5, "country", "twice", NULL);
}

static void test_bad_category(void **state)
{
    (void)state;
    expect_error("currency: USD\n"
                 "factories:\n"
                 "  - id: pt-test-knit\n"
                 "    name: Test Knit, Lda\n"
                 "    country: PT\n"
                 "    categories: [t-shirt, tshirts]\n",
                 SV_ERR_SCHEMA, 6, 27, "categories[1]", "tshirts", "did you mean", "t-shirt", NULL);
    expect_error(BASE "    constructions: [knitted]\n", SV_ERR_SCHEMA, LINE7, 21,
                 "constructions[0]", "knitted", NULL);
    expect_error(BASE "    tiers: [premiun]\n", SV_ERR_SCHEMA, LINE7, 13, "tiers[0]",
                 "did you mean", "premium", NULL);
}

static void test_price_mistakes(void **state)
{
    (void)state;
    /* a price for a category the factory does not list */
    expect_error(BASE "    prices: { joggers: [10.00, 14.00] }\n", SV_ERR_SCHEMA, LINE7, 0,
                 "prices.joggers", "joggers", "not in categories", NULL);
    /* low above high */
    expect_error(BASE "    prices: { t-shirt: [7.00, 5.00] }\n", SV_ERR_SCHEMA, LINE7, 0,
                 "prices.t-shirt", "low price is above the high", NULL);
    /* a band is two numbers */
    expect_error(BASE "    prices: { t-shirt: [7.00] }\n", SV_ERR_SCHEMA, LINE7, 0,
                 "prices.t-shirt", "[low, high]", NULL);
    /* not a category at all */
    expect_error(BASE "    prices: { tshirt: [5.00, 7.00] }\n", SV_ERR_SCHEMA, LINE7, 0,
                 "prices.tshirt", "did you mean", "t-shirt", NULL);
    /* more decimals than the currency has */
    expect_error(BASE "    prices: { t-shirt: [5.005, 7.00] }\n", SV_ERR_SCHEMA, LINE7, 0,
                 "prices.t-shirt", "5.005", NULL);
    /* negative money */
    expect_error(BASE "    sample_fee: -40\n", SV_ERR_SCHEMA, LINE7, 17, "sample_fee", NULL);
}

/* A certification selvedge does not know is kept as written, not refused (a typo shows in
 * `factories show`); an item is one name. */
static void test_other_certifications(void **state)
{
    (void)state;
    sv_factory_list *l =
        parse_ok(BASE "    certifications: [GOTS, bluesine, ZDHC, zdhc, OEKO-TEX 100]\n");
    assert_int_equal(l->items[0].certifications,
                     (1u << SV_CERT_GOTS) | (1u << SV_CERT_OEKO_TEX_100));
    assert_string_equal(l->items[0].other_certifications, "bluesine|ZDHC");
    sv_factory_list_free(l);
    l = parse_ok(BASE "    certifications: [GOTS]\n");
    assert_null(l->items[0].other_certifications);
    sv_factory_list_free(l);
    expect_error(BASE "    certifications: [GOTS, \"ZDHC|Higg\"]\n", SV_ERR_SCHEMA, LINE7, 28,
                 "certifications[1]", "one certification", "|", NULL);
    expect_error(BASE "    certifications: [GOTS, \"\"]\n", SV_ERR_SCHEMA, LINE7, 28,
                 "certifications[1]", "empty", NULL);
}

/* Full-width names read as their ASCII selves and a full-width comma separates; a name in
 * another script is kept as text (issue 8: "GOTS，ＢＳＣＩ" lost ＢＳＣＩ). */
static void test_certifications_any_script(void **state)
{
    (void)state;
    /* full-width GOTS, "organic certification" in Chinese, GOTS and full-width BSCI after a
     * full-width comma, full-width HIGG */
    sv_factory_list *l =
        parse_ok(BASE "    certifications: [\"\xef\xbc\xa7\xef\xbc\xaf\xef\xbc\xb4\xef\xbc\xb3\", "
                      "\"\xe6\x9c\x89\xe6\x9c\xba\xe8\xae\xa4\xe8\xaf\x81\", "
                      "\"GOTS\xef\xbc\x8c\xef\xbc\xa2\xef\xbc\xb3\xef\xbc\xa3\xef\xbc\xa9\", "
                      "\"\xef\xbc\xa8\xef\xbc\xa9\xef\xbc\xa7\xef\xbc\xa7\", "
                      "\"WRAP, Higg FEM\", higg]\n");
    assert_int_equal(l->items[0].certifications,
                     (1u << SV_CERT_GOTS) | (1u << SV_CERT_AMFORI_BSCI) | (1u << SV_CERT_WRAP));
    assert_string_equal(l->items[0].other_certifications,
                        "\xe6\x9c\x89\xe6\x9c\xba\xe8\xae\xa4\xe8\xaf\x81|HIGG|Higg FEM");
    sv_factory_list_free(l);
}

/* Control characters from YAML escapes refuse the factory file, naming line and field. */
static void test_control_characters(void **state)
{
    (void)state;
    expect_error("currency: USD\nfactories:\n  - name: \"Evil\\e[2J\"\n    country: PT\n",
                 SV_ERR_SCHEMA, 3, 11, "name", "control character", "U+001B (ESC)", NULL);
    expect_error("currency: USD\nfactories:\n  - name: A\n    address: \"Rua\\x9b1\"\n"
                 "    country: PT\n",
                 SV_ERR_SCHEMA, 4, 14, "address", "U+009B", NULL);
    expect_error("currency: USD\nfactories:\n  - name: A\n    country: PT\n"
                 "    other_names: [B, \"C\\u0085\"]\n",
                 SV_ERR_SCHEMA, 5, 22, "other_names[1]", "U+0085", NULL);
    expect_error("currency: USD\nfactories:\n  - name: A\n    country: PT\n"
                 "    os_id: \"PT\\a1\"\n",
                 SV_ERR_SCHEMA, 5, 12, "os_id", "U+0007 (BEL)", NULL);
    expect_error("currency: USD\nfactories:\n  - name: \"A\\u2066B\"\n    country: PT\n",
                 SV_ERR_SCHEMA, 3, 11, "name", "isolate", NULL);
}

/* Every spelling of every certification, as a list item beside a name selvedge does not
 * know. */
static void test_cert_spellings(void **state)
{
    (void)state;
    size_t n;
    cert_case *cases = cert_cases_all(&n);
    size_t cap = 64 + n * 260;
    char *yaml = malloc(cap);
    assert_non_null(yaml);
    size_t o = (size_t)snprintf(yaml, cap, "currency: USD\nfactories:\n");
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(yaml + o, cap - o,
                              "  - name: Mill %zu\n    country: PT\n"
                              "    certifications: [\"Higg FEM\", \"%s\"]\n",
                              i, cases[i].text);
    sv_factory_list *l = parse_ok(yaml);
    assert_int_equal(l->n, n);
    for (size_t i = 0; i < n; i++)
        if (l->items[i].certifications != 1u << cases[i].cert ||
            strcmp(l->items[i].other_certifications, "Higg FEM") != 0)
            fail_msg("\"%s\": certifications %#x, other \"%s\"", cases[i].text,
                     l->items[i].certifications, l->items[i].other_certifications);
    sv_factory_list_free(l);
    o = (size_t)snprintf(yaml, cap, "currency: USD\nfactories:\n");
    size_t m = 0;
    for (const char *const *t = cert_not_known; *t; t++, m++)
        o += (size_t)snprintf(yaml + o, cap - o,
                              "  - name: Mill %zu\n    country: PT\n"
                              "    certifications: [GOTS, \"%s\"]\n",
                              m, *t);
    l = parse_ok(yaml);
    for (size_t i = 0; i < m; i++)
        if (l->items[i].certifications != 1u << SV_CERT_GOTS ||
            strcmp(l->items[i].other_certifications, cert_not_known[i]) != 0)
            fail_msg("\"%s\": certifications %#x, other \"%s\"", cert_not_known[i],
                     l->items[i].certifications, l->items[i].other_certifications);
    sv_factory_list_free(l);
    free(yaml);
    free(cases);
}

static void test_duplicate_id(void **state)
{
    (void)state;
    const char *yaml = BASE "  - id: pt-test-knit\n"
                            "    name: Another Knit\n"
                            "    country: PT\n";
    expect_error(yaml, SV_ERR_SCHEMA, LINE7, 5, "factories", "pt-test-knit", "twice", "line 3",
                 NULL);
    /* several ids repeated: the repeat that comes first in the file is named, with the
     * first place its id was given (ids in an order a sort would change) */
    expect_error("currency: USD\nfactories:\n"
                 "  - { id: zz, name: A, country: PT }\n"   /* line 3 */
                 "  - { id: aa, name: B, country: PT }\n"   /* line 4 */
                 "  - { id: mm, name: C, country: PT }\n"   /* line 5 */
                 "  - { id: zz, name: D, country: PT }\n"   /* line 6: the first repeat */
                 "  - { id: aa, name: E, country: PT }\n"   /* line 7 */
                 "  - { id: zz, name: F, country: PT }\n",  /* line 8 */
                 SV_ERR_SCHEMA, 6, 0, "factories", "\"zz\"", "twice", "line 3", NULL);
    expect_error("currency: USD\nfactories:\n"
                 "  - { id: zz, name: A, country: PT }\n"
                 "  - { id: aa, name: B, country: PT }\n"
                 "  - { id: aa, name: C, country: PT }\n"   /* line 5 */
                 "  - { id: zz, name: D, country: PT }\n",
                 SV_ERR_SCHEMA, 5, 0, "factories", "\"aa\"", "twice", "line 4", NULL);
    /* factories without ids are not duplicates of each other */
    sv_factory_list *l = parse_ok("currency: USD\nfactories:\n"
                                  "  - { name: A, country: PT }\n"
                                  "  - { name: A, country: PT }\n");
    assert_int_equal(l->n, 2);
    sv_factory_list_free(l);
    /* an id is a slug */
    expect_error("currency: USD\nfactories:\n  - id: PT Test\n    name: A\n    country: PT\n",
                 SV_ERR_SCHEMA, 3, 9, "id", "lower-case letters, digits, '-' and '_'", NULL);
    l = parse_ok("currency: USD\nfactories:\n  - { id: pt_test-2, name: A, country: PT }\n");
    sv_factory_list_free(l);
    /* the same OS ID twice: refused naming both lines, in any case (issue 8: the two were
     * merged into one factory and an id lost) */
    expect_error("currency: USD\nfactories:\n"
                 "  - { id: a, name: A, country: PT, os_id: PT2020ABC }\n" /* line 3 */
                 "  - { id: b, name: B, country: PT, os_id: PT2020XYZ }\n"
                 "  - { id: c, name: C, country: PT, os_id: pt2020abc }\n", /* line 5 */
                 SV_ERR_SCHEMA, 5, 0, "factories", "os_id", "\"pt2020abc\"", "twice", "line 3",
                 NULL);
    l = parse_ok("currency: USD\nfactories:\n"
                 "  - { id: a, name: A, country: PT, os_id: PT1 }\n"
                 "  - { id: b, name: B, country: PT }\n"
                 "  - { id: c, name: C, country: PT }\n");
    assert_int_equal(l->n, 3);
    sv_factory_list_free(l);
}

static void test_coordinates(void **state)
{
    (void)state;
    sv_factory_list *l = parse_ok(BASE "    coordinates: [-33.8688, 151.2093]\n");
    assert_true(l->items[0].has_coords);
    assert_true(l->items[0].lat < -33.8687 && l->items[0].lat > -33.8689);
    assert_true(l->items[0].lng > 151.2092 && l->items[0].lng < 151.2094);
    sv_factory_list_free(l);
    expect_error(BASE "    coordinates: [91.0, 10.0]\n", SV_ERR_SCHEMA, LINE7, 19, "coordinates",
                 "at most 90", NULL);
    expect_error(BASE "    coordinates: [-90.5, 10.0]\n", SV_ERR_SCHEMA, LINE7, 19, "coordinates",
                 "at least -90", NULL);
    expect_error(BASE "    coordinates: [41.0, 180.5]\n", SV_ERR_SCHEMA, LINE7, 25, "coordinates",
                 "at most 180", NULL);
    expect_error(BASE "    coordinates: [41.0]\n", SV_ERR_SCHEMA, LINE7, 18, "coordinates",
                 "[latitude, longitude]", NULL);
    expect_error(BASE "    coordinates: [41.0, -8.6, 3]\n", SV_ERR_SCHEMA, LINE7, 18, "coordinates",
                 NULL);
}

static void test_workers(void **state)
{
    (void)state;
    sv_factory_list *l = parse_ok(BASE "    workers: [100, 100]\n");
    assert_int_equal(l->items[0].workers_min, 100);
    assert_int_equal(l->items[0].workers_max, 100);
    sv_factory_list_free(l);
    expect_error(BASE "    workers: [200, 100]\n", SV_ERR_SCHEMA, LINE7, 14, "workers",
                 "wrong way round", NULL);
    expect_error(BASE "    workers: [0, 100]\n", SV_ERR_SCHEMA, LINE7, 15, "workers", NULL);
    expect_error(BASE "    workers: 150\n", SV_ERR_SCHEMA, LINE7, 14, "workers", NULL);
}

/* closed: true or false; not given, the file says nothing (-1) */
static void test_closed(void **state)
{
    (void)state;
    sv_factory_list *l = parse_ok(BASE "    closed: true\n");
    assert_int_equal(l->items[0].closed, 1);
    sv_factory_list_free(l);
    l = parse_ok(BASE "    closed: no\n");
    assert_int_equal(l->items[0].closed, 0);
    sv_factory_list_free(l);
    l = parse_ok(BASE);
    assert_int_equal(l->items[0].closed, -1);
    sv_factory_list_free(l);
    expect_error(BASE "    closed: sometimes\n", SV_ERR_SCHEMA, LINE7, 13, "closed",
                 "true or false", NULL);
}

static void test_other_mistakes(void **state)
{
    (void)state;
    /* required fields */
    expect_error("currency: USD\nfactories:\n  - id: x-y\n    country: PT\n", SV_ERR_SCHEMA, 3, 5,
                 "name", "required", "name", NULL);
    expect_error("currency: USD\nfactories:\n  - id: x-y\n    name: X\n", SV_ERR_SCHEMA, 3, 5,
                 "country", "required", NULL);
    expect_error("factories: []\n", SV_ERR_SCHEMA, 1, 1, NULL, "currency", NULL);
    /* values that do not read */
    expect_error(BASE "    new_brands: maybe\n", SV_ERR_SCHEMA, LINE7, 17, "new_brands",
                 "true or false", NULL);
    expect_error(BASE "    deposit_pct: 130\n", SV_ERR_SCHEMA, LINE7, 18, "deposit_pct", "100",
                 NULL);
    expect_error(BASE "    moq: { per_style: many }\n", SV_ERR_SCHEMA, LINE7, 23, "moq.per_style",
                 "whole number", NULL);
    expect_error(BASE "    moq: { per_color: 0 }\n", SV_ERR_SCHEMA, LINE7, 23, "moq.per_color",
                 "at least 1", NULL);
    expect_error(BASE "    lead_days: { production: 400 }\n", SV_ERR_SCHEMA, LINE7, 30,
                 "lead_days.production", "at most 365", NULL);
    expect_error(BASE "    other_names: [Test Knit, \"\"]\n", SV_ERR_SCHEMA, LINE7, 0,
                 "other_names[1]", "empty", NULL);
    expect_error("currency: USD\nfactories:\n  - name: A\n    country: Narnia\n", SV_ERR_SCHEMA, 4,
                 14, "country", "Narnia", NULL);
    expect_error("currency: XXX\nfactories: []\n", SV_ERR_SCHEMA, 1, 11, "currency", "XXX", NULL);
    expect_error("currency: USD\nfactories: { a: 1 }\n", SV_ERR_SCHEMA, 2, 0, "factories", "list",
                 NULL);
    /* the empty file, and one that is not YAML */
    sv_factory_list *l = NULL;
    sv_err e;
    sv_err_clear(&e);
    assert_int_not_equal(sv_factories_parse("", 0, "f.yaml", &l, &e), SV_OK);
    assert_null(l);
    assert_non_null(strstr(e.msg, "empty"));
    sv_err_clear(&e);
    const char *broken = "currency: USD\nfactories:\n  - name: [A\n";
    assert_int_equal(sv_factories_parse(broken, strlen(broken), "f.yaml", &l, &e), SV_ERR_SYNTAX);
    assert_string_equal(e.file, "f.yaml");
    assert_true(e.line >= 3);
    /* a file that is not there */
    sv_err_clear(&e);
    assert_int_equal(sv_factories_load("/nonexistent/factories.yaml", &l, &e), SV_ERR_IO);
    assert_null(l);
    assert_non_null(strstr(e.file, "/nonexistent/factories.yaml"));
}

/* The error's position for the second of two factories is that factory's line, and the field
 * path says which factory. */
/* Numbers read as in the program file (lib/io/yaml_walk.c): thousands grouped with commas or
 * spaces, and a whole number written "5.000" refused as ambiguous (it read as 5); a factory can
 * name the categories added in issue 9. */
static void test_numbers_and_new_categories(void **state)
{
    (void)state;
    sv_factory_list *l = parse_ok("currency: USD\nfactories:\n  - name: A\n    country: BD\n"
                                  "    moq:\n      per_order: 5,000\n      per_style: 1 500\n"
                                  "    monthly_capacity: 1,00,000\n"
                                  "    categories: [sleepwear, babywear, jacket-tailored, "
                                  "dress-knit]\n");
    const sv_factory *f = &l->items[0];
    assert_int_equal(f->moq_order, 5000);
    assert_int_equal(f->moq_style, 1500);
    assert_true(f->categories & (1u << SV_CAT_SLEEPWEAR));
    assert_true(f->categories & (1u << SV_CAT_DRESS_KNIT));
    sv_factory_list_free(l);
    expect_error("currency: USD\nfactories:\n  - name: A\n    country: BD\n"
                 "    moq:\n      per_order: 5.000\n",
                 SV_ERR_SCHEMA, 6, 18, "per_order", "\"5.000\" is ambiguous", NULL);
}

static void test_error_in_second_factory(void **state)
{
    (void)state;
    expect_error(BASE "  - id: pt-second\n"
                      "    name: Second\n"
                      "    country: PT\n"
                      "    categories: [hoodie]\n"
                      "    moq: { per_style: 300, per_color: 500, per_order: 0 }\n",
                 SV_ERR_SCHEMA, 11, 0, "factories[pt-second].moq.per_order", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_loads),
        cmocka_unit_test(test_minimal_profile),
        cmocka_unit_test(test_prices_in_file_currency),
        cmocka_unit_test(test_facility_types_lenient),
        cmocka_unit_test(test_certification_spellings),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_bad_category),
        cmocka_unit_test(test_price_mistakes),
        cmocka_unit_test(test_other_certifications),
        cmocka_unit_test(test_certifications_any_script),
        cmocka_unit_test(test_cert_spellings),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_duplicate_id),
        cmocka_unit_test(test_coordinates),
        cmocka_unit_test(test_workers),
        cmocka_unit_test(test_closed),
        cmocka_unit_test(test_other_mistakes),
        cmocka_unit_test(test_error_in_second_factory),
        cmocka_unit_test(test_numbers_and_new_categories),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
