/* Tests for lib/io/program_yaml.c: the sourcing-program file.
 *
 * The spec: the example program loads unchanged; bad input gets a clear error naming
 * file:line:column and the field, with "did you mean" where close; nothing crashes on any
 * input. The error catalogue below pins the exact position, field path and a key phrase of
 * the message for each kind of mistake a founder makes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "selvedge/err.h"
#include "selvedge/money.h"
#include "selvedge/program.h"
#include "selvedge/program_yaml.h"

#include "../cert_cases.h"

/* ---- helpers ------------------------------------------------------------------------ */

static const char *source_root(void)
{
    const char *r = getenv("SELVEDGE_SOURCE_ROOT");
    return r && *r ? r : ".";
}

static char *source_path(const char *rel)
{
    char *p = malloc(4096);
    assert_non_null(p);
    snprintf(p, 4096, "%s/%s", source_root(), rel);
    return p;
}

/* The whole file in a malloc'd, NUL-terminated buffer. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
            assert_non_null(buf);
        }
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static sv_program *parse_ok(const char *yaml)
{
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_program_parse(yaml, strlen(yaml), "t.yaml", &p, &e);
    if (rc != SV_OK) {
        char buf[1024];
        fail_msg("program does not parse: %s\n--- program ---\n%s",
                 sv_err_format(&e, buf, sizeof buf), yaml);
    }
    assert_non_null(p);
    return p;
}

/* Parse text of length len that must be refused; returns the error. */
static sv_err parse_err_n(const char *yaml, size_t len)
{
    sv_program *p = (sv_program *)(uintptr_t)1; /* must be reset to NULL */
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_program_parse(yaml, len, "t.yaml", &p, &e);
    if (rc == SV_OK) {
        sv_program_free(p);
        fail_msg("program was accepted but must be refused:\n%s", yaml);
    }
    assert_null(p);
    assert_int_equal(e.code, rc);
    assert_true(e.msg[0] != '\0');
    return e;
}

static sv_err parse_err(const char *yaml)
{
    return parse_err_n(yaml, strlen(yaml));
}

static void check_err(const sv_err *e, const char *yaml, sv_code code, int line, int col,
                      const char *field, const char *phrase, const char *absent)
{
    char buf[1024];
    sv_err_format(e, buf, sizeof buf);
    if (e->code != code || e->line != line || e->column != col || strcmp(e->field, field) != 0 ||
        !strstr(e->msg, phrase) || (absent && strstr(e->msg, absent)))
        fail_msg("got      %s (code %d)\n"
                 "expected t.yaml:%d:%d: %s: ...%s... (code %d)%s%s\n--- program ---\n%s",
                 buf, (int)e->code, line, col, field, phrase, (int)code,
                 absent ? "\n  and without: " : "", absent ? absent : "", yaml);
    assert_string_equal(e->file, "t.yaml");
}

/* ---- the northline example ---------------------------------------------------------- */

static void check_northline(const sv_program *p)
{
    const sv_brand *b = &p->brand;
    assert_string_equal(b->name, "Northline Athletics");
    assert_int_equal(b->positioning, SV_TIER_PREMIUM);
    assert_true(b->channels[SV_CHANNEL_DTC]);
    assert_true(b->channels[SV_CHANNEL_WHOLESALE]);
    assert_false(b->channels[SV_CHANNEL_MARKETPLACE]);
    assert_int_equal(b->n_channels, 2);
    assert_non_null(b->currency);
    assert_string_equal(b->currency->code, "USD");
    assert_int_equal(b->currency->exponent, 2);
    assert_int_equal(b->funding, SV_FUNDING_SELF);
    assert_int_equal(b->tech_design, SV_STAFF_FREELANCER);
    assert_int_equal(b->production_experience_years, 2);
    assert_int_equal(b->sampling_budget, 450000);
    assert_true(b->has_payment_terms);
    assert_int_equal(b->deposit_bp, 3000);
    assert_int_equal(b->balance, SV_BALANCE_BEFORE_SHIPMENT);
    assert_int_equal(b->n_growth, 2);
    assert_string_equal(b->growth[0].season, "FW27");
    assert_int_equal(b->growth[0].units, 3000);
    assert_string_equal(b->growth[1].season, "SS28");
    assert_int_equal(b->growth[1].units, 6000);

    assert_string_equal(p->name, "SS27 launch");
    assert_string_equal(p->destination, "US");
    assert_true(p->has_launch_date);
    assert_int_equal(p->launch_date.year, 2027);
    assert_int_equal(p->launch_date.month, 3);
    assert_int_equal(p->launch_date.day, 15);
    assert_int_equal(p->n_origins, 3);
    assert_string_equal(p->origins[0], "PT");
    assert_string_equal(p->origins[1], "TR");
    assert_string_equal(p->origins[2], "VN");
    assert_int_equal(p->n_certifications, 1);
    assert_string_equal(p->certifications[0], "OEKO-TEX 100");

    assert_int_equal(p->n_styles, 1);
    const sv_style *s = &p->styles[0];
    assert_string_equal(s->code, "NL-LEG-01");
    assert_string_equal(s->name, "High-rise 7/8 legging");
    assert_int_equal(s->category, SV_CAT_LEGGINGS);
    assert_int_equal(s->tier, SV_TIER_UNSET);
    assert_int_equal(sv_style_tier(p, s), SV_TIER_PREMIUM);
    assert_int_equal(s->gender, SV_GENDER_WOMEN);
    assert_int_equal(s->construction, SV_CONSTR_KNIT);
    assert_string_equal(s->composition, "78% recycled nylon, 22% elastane");
    assert_int_equal(sv_fiber_of(s->composition), SV_FIBER_SYNTHETIC);
    assert_int_equal(s->weight_gsm, 250);
    assert_int_equal(s->retail_price, 9800);
    assert_int_equal(s->wholesale_price, SV_UNSET);
    assert_int_equal(s->target_fob, 1850);
    assert_int_equal(s->line, 22);

    const char *sizes[] = {"XS", "S", "M", "L", "XL"};
    assert_int_equal(s->n_sizes, 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(s->sizes[i], sizes[i]);

    assert_int_equal(s->n_colors, 2);
    assert_string_equal(s->colors[0].name, "Black");
    assert_int_equal(s->colors[0].units, 600);
    assert_int_equal(s->colors[0].line, 32);
    assert_string_equal(s->colors[1].name, "Moss");
    assert_int_equal(s->colors[1].units, 300);
    assert_int_equal(s->colors[1].line, 33);
    assert_int_equal(sv_style_units(s), 900);
    assert_int_equal(sv_program_units(p), 900);

    assert_true(s->tech_pack.present);
    assert_true(s->tech_pack.sketch);
    assert_true(s->tech_pack.bom);
    assert_true(s->tech_pack.measurements);
    assert_true(s->tech_pack.grading);
    assert_true(s->tech_pack.construction);
    assert_true(s->tech_pack.labels);
    assert_false(s->tech_pack.packaging);

    const sv_costsheet *k = &s->cost;
    assert_true(k->present);
    assert_int_equal(k->consumption_mm, 900);
    assert_int_equal(k->price_per_m, 820);
    assert_int_equal(k->wastage_bp, 600);
    assert_int_equal(k->trims, 80);
    assert_int_equal(k->cmt, 650);
    assert_int_equal(k->wash_print, 0);
    assert_int_equal(k->packaging, 35);
    assert_int_equal(k->overhead_bp, 800);
    assert_int_equal(k->margin_bp, 1200);
}

static void test_northline_loads(void **state)
{
    (void)state;
    char *path = source_path("examples/northline.yaml");
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_program_load(path, &p, &e);
    if (rc != SV_OK) {
        char buf[1024];
        fail_msg("%s does not load: %s", path, sv_err_format(&e, buf, sizeof buf));
    }
    assert_int_equal(e.code, SV_OK);
    assert_non_null(p);
    assert_string_equal(p->path, path);
    check_northline(p);
    sv_program_free(p);
    free(path);
}

/* Parsing from memory gives the same program, and never reads past len: the buffer here is
 * exactly the file's bytes, with no NUL after them (ASan catches any overread). */
static void test_northline_parse_exact_buffer(void **state)
{
    (void)state;
    char *path = source_path("examples/northline.yaml");
    size_t len;
    char *text = slurp(path, &len);
    char *exact = malloc(len);
    assert_non_null(exact);
    memcpy(exact, text, len);
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_parse(exact, len, "northline.yaml", &p, &e), SV_OK);
    assert_string_equal(p->path, "northline.yaml");
    check_northline(p);
    sv_program_free(p);
    free(exact);
    free(text);
    free(path);
}

/* The text after len is not part of the file. */
static void test_parse_respects_len(void **state)
{
    (void)state;
    const char *text = "brand:\n  name: Acme\n  currency: USD\nprogram:\n  name: P\n"
                       "  destination: US\nGARBAGE: [unclosed";
    size_t len = (size_t)(strstr(text, "GARBAGE") - text);
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_parse(text, len, "t.yaml", &p, &e), SV_OK);
    assert_string_equal(p->name, "P");
    sv_program_free(p);
}

static void test_northline_with_crlf(void **state)
{
    (void)state;
    char *path = source_path("examples/northline.yaml");
    size_t len;
    char *text = slurp(path, &len);
    char *crlf = malloc(2 * len + 1);
    assert_non_null(crlf);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n')
            crlf[n++] = '\r';
        crlf[n++] = text[i];
    }
    crlf[n] = '\0';
    sv_program *p = parse_ok(crlf);
    check_northline(p);
    sv_program_free(p);
    free(crlf);
    free(text);
    free(path);
}

/* ---- the error catalogue ------------------------------------------------------------ */

#define BRAND "brand:\n  name: Acme\n  currency: USD\n"                /* lines 1-3 */
#define PROG "program:\n  name: P\n  destination: US\n"                /* lines 4-6 */
#define STYLE "  styles:\n    - code: S1\n"                            /* lines 7-8 */
#define COLORS "      colors:\n        - { name: Black, units: 10 }\n" /* 2 lines */
#define HEAD BRAND PROG STYLE                                          /* lines 1-8 */
#define S1 "program.styles[S1]"

typedef struct err_case {
    const char *yaml;
    sv_code code;
    int line, col;
    const char *field, *phrase, *absent;
} err_case;

#define SCHEMA SV_ERR_SCHEMA
#define SYNTAX SV_ERR_SYNTAX

/* X(id, yaml, code, line, column, field, phrase in the message, phrase that must be absent) */
#define ERROR_CASES(X)                                                                             \
    /* unknown keys */                                                                             \
    X(top_unknown_key, BRAND PROG "extra: 1\n", SCHEMA, 7, 1, "extra", "unknown key \"extra\"",    \
      "did you mean")                                                                              \
    X(top_did_you_mean, BRAND "progam:\n  name: P\n  destination: US\n", SCHEMA, 4, 1, "progam",   \
      "did you mean \"program\"", NULL)                                                            \
    X(brand_did_you_mean, BRAND "  positoning: premium\n" PROG, SCHEMA, 4, 3, "brand.positoning",  \
      "unknown key \"positoning\" (did you mean \"positioning\"?)", NULL)                          \
    X(brand_unknown_lists_keys, BRAND "  colours: [red]\n" PROG, SCHEMA, 4, 3, "brand.colours",    \
      "known keys here: name, positioning", "did you mean")                                        \
    X(style_colours, HEAD "      colours:\n        - { name: Black, units: 10 }\n", SCHEMA, 9, 7,  \
      "program.styles[0].colours", "did you mean \"colors\"", NULL)                                \
    X(style_colour, HEAD "      colour: Black\n" COLORS, SCHEMA, 9, 7, "program.styles[0].colour", \
      "did you mean \"colors\"", NULL)                                                             \
    X(color_unknown, HEAD "      colors:\n        - { name: Black, units: 10, qty: 3 }\n", SCHEMA, \
      10, 37, S1 ".colors[0].qty", "unknown key \"qty\"", NULL)                                    \
    X(techpack_unknown, HEAD COLORS "      tech_pack: { sketch: true, spec: true }\n", SCHEMA, 11, \
      34, S1 ".tech_pack.spec", "unknown key \"spec\"", NULL)                                      \
    X(techpack_did_you_mean, HEAD COLORS "      tech_pack: { sketch: true, mesurements: true }\n", \
      SCHEMA, 11, 34, S1 ".tech_pack.mesurements", "did you mean \"measurements\"", NULL)          \
    X(cost_fabric_unknown,                                                                         \
      HEAD COLORS                                                                                  \
      "      cost:\n        fabric: { consumption_m: 1, price_per_m: 2, waste_pct: 3 }\n"          \
      "        trims: 1\n        cmt: 2\n",                                                        \
      SCHEMA, 12, 53, S1 ".cost.fabric.waste_pct", "did you mean \"wastage_pct\"", NULL)           \
    X(cost_unknown,                                                                                \
      HEAD COLORS "      cost:\n        fabric: { consumption_m: 1, price_per_m: 2 }\n"            \
                  "        trim: 1\n        cmt: 2\n",                                             \
      SCHEMA, 13, 9, S1 ".cost.trim", "did you mean \"trims\"", NULL)                              \
    X(payment_terms_prefix, BRAND "  payment_terms: { deposit: 30 }\n" PROG, SCHEMA, 4, 20,        \
      "brand.payment_terms.deposit", "did you mean \"deposit_pct\"", NULL)                         \
    X(growth_unknown, BRAND "  growth_plan:\n    - { season: FW27, unit: 3000 }\n" PROG, SCHEMA,   \
      5, 23, "brand.growth_plan[0].unit", "did you mean \"units\"", NULL)                          \
    X(team_unknown, BRAND "  team: { designer: none }\n" PROG, SCHEMA, 4, 11,                      \
      "brand.team.designer", "unknown key \"designer\"", NULL)                                     \
    /* wrong types */                                                                              \
    X(units_word, HEAD "      colors:\n        - { name: Black, units: many }\n", SCHEMA, 10, 33,  \
      S1 ".colors[0].units", "expected a whole number, found \"many\"", NULL)                      \
    X(units_list, HEAD "      colors:\n        - { name: Black, units: [1] }\n", SCHEMA, 10, 33,   \
      S1 ".colors[0].units", "expected a whole number, found a list", NULL)                        \
    X(colors_scalar, HEAD "      colors: Black\n", SCHEMA, 9, 15, S1 ".colors",                    \
      "expected a list, found a value", NULL)                                                      \
    X(color_entry_scalar, HEAD "      colors: [Black]\n", SCHEMA, 9, 16, S1 ".colors[0]",          \
      "expected a mapping", NULL)                                                                  \
    X(brand_list, "brand:\n  - name: Acme\n" PROG, SCHEMA, 2, 3, "brand",                          \
      "expected a mapping of keys, found a list", NULL)                                            \
    X(program_scalar, BRAND "program: hello\n", SCHEMA, 4, 10, "program",                          \
      "expected a mapping of keys, found a value", NULL)                                           \
    X(styles_mapping, BRAND PROG "  styles: { code: S1 }\n", SCHEMA, 7, 11, "program.styles",      \
      "expected a list, found a mapping", NULL)                                                    \
    X(retail_price_word, HEAD "      retail_price: abc\n" COLORS, SCHEMA, 9, 21,                   \
      S1 ".retail_price", "expected a number, found \"abc\"", NULL)                                \
    X(bom_maybe, HEAD COLORS "      tech_pack:\n        bom: maybe\n", SCHEMA, 12, 14,             \
      S1 ".tech_pack.bom", "expected true or false, found \"maybe\"", NULL)                        \
    X(sizes_scalar, HEAD "      sizes: M\n" COLORS, SCHEMA, 9, 14, S1 ".sizes",                    \
      "expected a list, found a value", NULL)                                                      \
    X(brand_name_list, "brand:\n  name: [a]\n  currency: USD\n" PROG, SCHEMA, 2, 9, "brand.name",  \
      "expected text, found a list", NULL)                                                         \
    X(currency_list, "brand:\n  name: Acme\n  currency: [USD]\n" PROG, SCHEMA, 3, 13,              \
      "brand.currency", "found a list", NULL)                                                      \
    X(weight_word, HEAD "      fabric: { weight_gsm: heavy }\n" COLORS, SCHEMA, 9, 29,             \
      S1 ".fabric.weight_gsm", "expected a whole number, found \"heavy\"", NULL)                   \
    X(launch_date_list, BRAND PROG "  launch_date: [2027]\n", SCHEMA, 7, 16,                       \
      "program.launch_date", "found a list", NULL)                                                 \
    X(complex_key, BRAND PROG "  ? [a]\n  : 1\n", SCHEMA, 7, 5, "program",                         \
      "keys must be plain names", NULL)                                                            \
    /* missing required fields */                                                                  \
    X(missing_brand_name, "brand:\n  currency: USD\n" PROG, SCHEMA, 2, 3, "brand.name",            \
      "required field \"name\" is missing", NULL)                                                  \
    X(null_brand_name, "brand:\n  name: ~\n  currency: USD\n" PROG, SCHEMA, 2, 3, "brand.name",    \
      "required field \"name\" is missing", NULL)                                                  \
    X(missing_currency, "brand:\n  name: Acme\n" PROG, SCHEMA, 2, 3, "brand.currency",             \
      "required field \"currency\" is missing", NULL)                                              \
    X(missing_destination, BRAND "program:\n  name: P\n", SCHEMA, 5, 3, "program.destination",     \
      "required field \"destination\" is missing", NULL)                                           \
    X(missing_program_name, BRAND "program:\n  destination: US\n", SCHEMA, 5, 3, "program.name",   \
      "required field \"name\" is missing", NULL)                                                  \
    X(missing_style_code, BRAND PROG "  styles:\n    - name: X\n" COLORS, SCHEMA, 8, 7,            \
      "program.styles[0].code", "required field \"code\" is missing", NULL)                        \
    X(missing_colors, HEAD "      name: X\n", SCHEMA, 8, 7, S1 ".colors",                          \
      "required field \"colors\" is missing", NULL)                                                \
    X(empty_colors, HEAD "      colors: []\n", SCHEMA, 9, 15, S1 ".colors", "at least one colour", \
      NULL)                                                                                        \
    X(missing_units, HEAD "      colors:\n        - { name: Black }\n", SCHEMA, 10, 11,            \
      S1 ".colors[0].units", "required field \"units\" is missing", NULL)                          \
    X(missing_color_name, HEAD "      colors:\n        - units: 5\n", SCHEMA, 10, 11,              \
      S1 ".colors[0].name", "required field \"name\" is missing", NULL)                            \
    X(missing_brand, PROG, SCHEMA, 1, 1, "brand", "required field \"brand\" is missing", NULL)     \
    X(missing_program, BRAND, SCHEMA, 1, 1, "program", "required field \"program\" is missing",    \
      NULL)                                                                                        \
    X(missing_cost_fabric, HEAD COLORS "      cost: { trims: 1, cmt: 2 }\n", SCHEMA, 11, 13,       \
      S1 ".cost.fabric", "required field \"fabric\" is missing", NULL)                             \
    /* impossible values */                                                                        \
    X(units_negative, HEAD "      colors:\n        - { name: Black, units: -5 }\n", SCHEMA, 10,    \
      33, S1 ".colors[0].units", "must be at least 1, found -5", NULL)                             \
    X(units_zero, HEAD "      colors:\n        - { name: Black, units: 0 }\n", SCHEMA, 10, 33,     \
      S1 ".colors[0].units", "must be at least 1, found 0", NULL)                                  \
    X(units_fraction, HEAD "      colors:\n        - { name: Black, units: 1.5 }\n", SCHEMA, 10,   \
      33, S1 ".colors[0].units", "must be a whole number, not 1.5", NULL)                          \
    X(units_too_many, HEAD "      colors:\n        - { name: Black, units: 10000001 }\n", SCHEMA,  \
      10, 33, S1 ".colors[0].units", "must be at most 10000000", NULL)                             \
    X(units_overflow,                                                                              \
      HEAD "      colors:\n        - { name: Black, units: 99999999999999999999 }\n", SCHEMA, 10,  \
      33, S1 ".colors[0].units", "far too large", NULL)                                            \
    X(currency_unknown, "brand:\n  name: Acme\n  currency: XYZ\n" PROG, SCHEMA, 3, 13,             \
      "brand.currency", "unknown currency \"XYZ\"", NULL)                                          \
    X(destination_unknown, BRAND "program:\n  name: P\n  destination: Narnia\n", SCHEMA, 6, 16,    \
      "program.destination", "unknown country \"Narnia\"", NULL)                                   \
    X(origin_unknown, BRAND PROG "  origin_preference: [PT, Narnia]\n", SCHEMA, 7, 27,             \
      "program.origin_preference[1]", "unknown country \"Narnia\"", NULL)                          \
    X(origin_eu_refused, BRAND PROG "  origin_preference: [EU]\n", SCHEMA, 7, 23,                  \
      "program.origin_preference[0]", "unknown country \"EU\"", NULL)                              \
    X(date_feb_30, BRAND PROG "  launch_date: 2027-02-30\n", SCHEMA, 7, 16, "program.launch_date", \
      "2027-02-30 is not a date that exists", NULL)                                                \
    X(date_month_13, BRAND PROG "  launch_date: 2027-13-01\n", SCHEMA, 7, 16,                      \
      "program.launch_date", "2027-13-01 is not a date that exists", NULL)                         \
    X(date_feb_29_common_year, BRAND PROG "  launch_date: 2027-02-29\n", SCHEMA, 7, 16,            \
      "program.launch_date", "is not a date that exists", NULL)                                    \
    X(date_far_future, BRAND PROG "  launch_date: 9999-12-31\n", SCHEMA, 7, 16,                    \
      "program.launch_date",                                                                       \
      "9999-12-31 is outside the dates selvedge plans in (2001-01-01 to 2099-12-31)", NULL)        \
    X(date_before_range, BRAND PROG "  launch_date: 2000-12-31\n", SCHEMA, 7, 16,                  \
      "program.launch_date", "2000-12-31 is outside the dates selvedge plans in", NULL)            \
    X(date_words, BRAND PROG "  launch_date: next spring\n", SCHEMA, 7, 16, "program.launch_date", \
      "expected a date as YYYY-MM-DD, found \"next spring\"", NULL)                                \
    X(date_signed_year, BRAND PROG "  launch_date: +027-01-01\n", SCHEMA, 7, 16,                   \
      "program.launch_date", "expected a date as YYYY-MM-DD", NULL)                                \
    X(date_unpadded, BRAND PROG "  launch_date: 2027-3-15\n", SCHEMA, 7, 16,                       \
      "program.launch_date", "expected a date as YYYY-MM-DD", NULL)                                \
    X(deposit_over_100, BRAND "  payment_terms: { deposit_pct: 120 }\n" PROG, SCHEMA, 4, 33,       \
      "brand.payment_terms.deposit_pct", "must be at most 100", NULL)                              \
    X(retail_negative, HEAD "      retail_price: -3\n" COLORS, SCHEMA, 9, 21, S1 ".retail_price",  \
      "must not be negative", NULL)                                                                \
    X(retail_minus_word, HEAD "      retail_price: -abc\n" COLORS, SCHEMA, 9, 21,                  \
      S1 ".retail_price", "expected a number, found \"-abc\"", "negative")                         \
    X(retail_zero, HEAD "      retail_price: 0\n" COLORS, SCHEMA, 9, 21, S1 ".retail_price",       \
      "must be more than zero", NULL)                                                              \
    X(retail_too_precise, HEAD "      retail_price: 18.505\n" COLORS, SCHEMA, 9, 21,               \
      S1 ".retail_price", "18.505 has more than 2 decimals", NULL)                                 \
    X(jpy_decimals,                                                                                \
      "brand:\n  name: Acme\n  currency: JPY\n" PROG STYLE "      retail_price: 1500.5\n" COLORS,  \
      SCHEMA, 9, 21, S1 ".retail_price", "has decimals, but JPY has no minor unit", NULL)          \
    X(kwd_too_precise,                                                                             \
      "brand:\n  name: Acme\n  currency: KWD\n" PROG STYLE "      target_fob: 1.2346\n" COLORS,    \
      SCHEMA, 9, 19, S1 ".target_fob", "1.2346 has more than 3 decimals", NULL)                    \
    X(wastage_over_50,                                                                             \
      HEAD COLORS                                                                                  \
      "      cost:\n        fabric: { consumption_m: 1, price_per_m: 2, wastage_pct: 60 }\n"       \
      "        trims: 1\n        cmt: 2\n",                                                        \
      SCHEMA, 12, 66, S1 ".cost.fabric.wastage_pct", "must be at most 50", NULL)                   \
    X(consumption_zero,                                                                            \
      HEAD COLORS "      cost:\n        fabric: { consumption_m: 0, price_per_m: 2 }\n"            \
                  "        trims: 1\n        cmt: 2\n",                                            \
      SCHEMA, 12, 34, S1 ".cost.fabric.consumption_m", "must be at least 0.001", NULL)             \
    X(weight_too_low, HEAD "      fabric: { weight_gsm: 5 }\n" COLORS, SCHEMA, 9, 29,              \
      S1 ".fabric.weight_gsm", "must be at least 10", NULL)                                        \
    X(experience_negative, BRAND "  team: { production_experience_years: -1 }\n" PROG, SCHEMA, 4,  \
      40, "brand.team.production_experience_years", "must be at least 0", NULL)                    \
    X(empty_name, "brand:\n  name: \"\"\n  currency: USD\n" PROG, SCHEMA, 2, 9, "brand.name",      \
      "must not be empty", NULL)                                                                   \
    X(blank_name, "brand:\n  name: \"   \"\n  currency: USD\n" PROG, SCHEMA, 2, 9, "brand.name",   \
      "must not be empty", NULL)                                                                   \
    X(nul_in_escaped_name, "brand:\n  name: \"Ac\\0me\"\n  currency: USD\n" PROG, SCHEMA, 2, 9,    \
      "brand.name", "NUL", NULL)                                                                   \
    /* duplicates */                                                                               \
    X(duplicate_style_code, HEAD COLORS "    - code: S1\n" COLORS, SCHEMA, 11, 7,                  \
      "program.styles[1].code", "style code \"S1\" is used twice (first on line 8)", NULL)         \
    X(duplicate_colour,                                                                            \
      HEAD "      colors:\n        - { name: Black, units: 10 }\n        - { name: black, units: " \
           "5 }\n",                                                                                \
      SCHEMA, 11, 11, S1 ".colors[1]", "is listed twice (line 10)", NULL)                          \
    X(duplicate_key, BRAND "program:\n  name: P\n  name: Q\n  destination: US\n", SCHEMA, 6, 3,    \
      "program.name", "key \"name\" appears twice (first on line 5)", NULL)                        \
    X(duplicate_top_key, BRAND "brand:\n  name: B\n", SCHEMA, 4, 1, "brand",                       \
      "key \"brand\" appears twice (first on line 1)", NULL)                                       \
    X(duplicate_size, HEAD "      sizes: [S, M, s]\n" COLORS, SCHEMA, 9, 21, S1 ".sizes[2]",       \
      "size \"s\" is listed twice", NULL)                                                          \
    X(duplicate_season,                                                                            \
      BRAND "  growth_plan:\n    - { season: FW27, units: 3000 }\n    - { season: fw27, units: "   \
            "6000 }\n" PROG,                                                                       \
      SCHEMA, 6, 7, "brand.growth_plan[1]", "season \"fw27\" is planned twice", NULL)              \
    X(duplicate_origin, BRAND PROG "  origin_preference: [PT, Portugal]\n", SCHEMA, 7, 27,         \
      "program.origin_preference[1]", "PT is listed twice", NULL)                                  \
    /* enum values */                                                                              \
    X(positioning_premuim, "brand:\n  name: Acme\n  positioning: premuim\n  currency: USD\n" PROG, \
      SCHEMA, 3, 16, "brand.positioning",                                                          \
      "unknown value \"premuim\" (did you mean \"premium\"?); one of: value, mid, premium, "       \
      "luxury",                                                                                    \
      NULL)                                                                                        \
    X(gender_woman, HEAD "      gender: woman\n" COLORS, SCHEMA, 9, 15, S1 ".gender",              \
      "did you mean \"women\"", NULL)                                                              \
    X(construction_knitted, HEAD "      construction: knitted\n" COLORS, SCHEMA, 9, 21,            \
      S1 ".construction", "did you mean \"knit\"", NULL)                                           \
    X(category_legging, HEAD "      category: legging\n" COLORS, SCHEMA, 9, 17, S1 ".category",    \
      "did you mean \"leggings\"", NULL)                                                           \
    X(category_far, HEAD "      category: spaceship\n" COLORS, SCHEMA, 9, 17, S1 ".category",      \
      "one of: t-shirt, polo", "did you mean")                                                     \
    X(tier_typo, HEAD "      tier: premum\n" COLORS, SCHEMA, 9, 13, S1 ".tier",                    \
      "did you mean \"premium\"", NULL)                                                            \
    X(channel_unknown, BRAND "  channels: [dtc, retail]\n" PROG, SCHEMA, 4, 19,                    \
      "brand.channels[1]", "unknown value \"retail\"; one of: dtc, wholesale, marketplace",        \
      "did you mean")                                                                              \
    X(balance_net30, BRAND "  payment_terms: { deposit_pct: 30, balance: net30 }\n" PROG, SCHEMA,  \
      4, 46, "brand.payment_terms.balance", "did you mean \"net-30\"", NULL)                       \
    X(funding_typo, BRAND "  funding: self funded\n" PROG, SCHEMA, 4, 12, "brand.funding",         \
      "did you mean \"self-funded\"", NULL)                                                        \
    /* numbers written with separators (docs/program.md "Numbers") */                              \
    X(units_point_thousands,                                                                       \
      HEAD "      colors:\n        - name: Black\n          units: 5.000\n", SCHEMA, 11, 18,       \
      S1 ".colors[0].units", "\"5.000\" is ambiguous: 5 or 5000?", NULL)                           \
    X(units_comma_decimal, HEAD "      colors:\n        - name: Black\n          units: 1,5\n",    \
      SCHEMA, 11, 18, S1 ".colors[0].units", "a comma only groups thousands", NULL)                \
    X(units_comma_two_digits,                                                                      \
      HEAD "      colors:\n        - name: Black\n          units: 5,00\n", SCHEMA, 11, 18,        \
      S1 ".colors[0].units", "write decimals with a point (1.5)", NULL)                            \
    X(units_points_grouping,                                                                       \
      HEAD "      colors:\n        - name: Black\n          units: 1.250.000\n", SCHEMA, 11, 18,   \
      S1 ".colors[0].units", "a point is the decimal point and cannot group", NULL)                \
    X(units_spaces_not_thousands,                                                                  \
      HEAD "      colors:\n        - name: Black\n          units: 5 00\n", SCHEMA, 11, 18,        \
      S1 ".colors[0].units", "not grouped by thousands", NULL)                                     \
    X(units_flow_comma, HEAD "      colors:\n        - { name: Black, units: 5,000 }\n", SCHEMA,   \
      10, 35, S1 ".colors[0].000", "inside { } or [ ] a comma separates entries", NULL)            \
    X(retail_comma_decimal, HEAD "      retail_price: 18,50\n" COLORS, SCHEMA, 9, 21,              \
      S1 ".retail_price", "\"18,50\": a comma only groups thousands", NULL)                        \
    X(retail_continental, HEAD "      retail_price: 1.250,50\n" COLORS, SCHEMA, 9, 21,             \
      S1 ".retail_price", "write the number without grouping (1250000, 1250.50)", NULL)            \
    X(budget_continental_thousands, BRAND "  sampling_budget: 4.500.000\n" PROG, SCHEMA, 4, 20,    \
      "brand.sampling_budget", "cannot group thousands", NULL)                                     \
    X(consumption_comma_thousands,                                                                 \
      HEAD COLORS "      cost:\n        fabric:\n          consumption_m: 1,500\n"                 \
                  "          price_per_m: 2\n        trims: 1\n        cmt: 2\n",                  \
      SCHEMA, 13, 26, S1 ".cost.fabric.consumption_m",                                             \
      "must be at most 20.000 m, found 1,500 (read as thousands", NULL)                            \
    X(negative_grouped, HEAD "      retail_price: -1,000\n" COLORS, SCHEMA, 9, 21,                 \
      S1 ".retail_price", "must not be negative", NULL)                                            \
    /* options: the words of the trade and other spellings are suggested, never taken */           \
    X(category_tee, HEAD "      category: tee\n" COLORS, SCHEMA, 9, 17, S1 ".category",            \
      "unknown value \"tee\" (did you mean \"t-shirt\"?)", NULL)                                   \
    X(category_tshirt_spelled, HEAD "      category: T Shirt\n" COLORS, SCHEMA, 9, 17,             \
      S1 ".category", "did you mean \"t-shirt\"", NULL)                                            \
    X(category_sweatpants, HEAD "      category: Sweatpants\n" COLORS, SCHEMA, 9, 17,              \
      S1 ".category", "did you mean \"joggers\"", NULL)                                            \
    X(category_chinos, HEAD "      category: chinos\n" COLORS, SCHEMA, 9, 17, S1 ".category",      \
      "did you mean \"trousers\"", NULL)                                                           \
    X(category_synonym_typo, HEAD "      category: sweatpnts\n" COLORS, SCHEMA, 9, 17,             \
      S1 ".category", "did you mean \"joggers\"", NULL)                                            \
    X(gender_womens, HEAD "      gender: womens\n" COLORS, SCHEMA, 9, 15, S1 ".gender",            \
      "did you mean \"women\"", NULL)                                                              \
    X(gender_ladies, HEAD "      gender: ladies\n" COLORS, SCHEMA, 9, 15, S1 ".gender",            \
      "did you mean \"women\"", NULL)                                                              \
    X(gender_apostrophe, HEAD "      gender: \"men's\"\n" COLORS, SCHEMA, 9, 15, S1 ".gender",     \
      "did you mean \"men\"", NULL)                                                                \
    X(gender_children, HEAD "      gender: children\n" COLORS, SCHEMA, 9, 15, S1 ".gender",        \
      "did you mean \"kids\"", NULL)                                                               \
    X(construction_jersey, HEAD "      construction: jersey\n" COLORS, SCHEMA, 9, 21,              \
      S1 ".construction", "did you mean \"knit\"", NULL)                                           \
    X(tier_budget, HEAD "      tier: budget\n" COLORS, SCHEMA, 9, 13, S1 ".tier",                  \
      "did you mean \"value\"", NULL)                                                              \
    X(channel_ecommerce, BRAND "  channels: [e-commerce]\n" PROG, SCHEMA, 4, 14,                   \
      "brand.channels[0]", "did you mean \"dtc\"", NULL)                                           \
    X(funding_bootstrapped, BRAND "  funding: bootstrapped\n" PROG, SCHEMA, 4, 12,                 \
      "brand.funding", "did you mean \"self-funded\"", NULL)                                       \
    X(staffing_freelance, BRAND "  team: { tech_design: freelance }\n" PROG, SCHEMA, 4, 24,        \
      "brand.team.tech_design", "did you mean \"freelancer\"", NULL)                               \
    X(balance_30_days, BRAND "  payment_terms: { balance: 30 days }\n" PROG, SCHEMA, 4, 29,        \
      "brand.payment_terms.balance", "did you mean \"net-30\"", NULL)                              \
    X(timeline_fabric_stock_shades, BRAND PROG "  timeline: { fabric: stock shades }\n", SCHEMA,   \
      7, 23, "program.timeline.fabric", "did you mean \"stock\"", NULL)                            \
    X(stage_typo, BRAND PROG "  timeline:\n    days: { proto_sample: 10 }\n", SCHEMA, 8, 13,       \
      "program.timeline.days.proto_sample", "did you mean \"proto\"", NULL)                        \
    X(category_pyjamas, HEAD "      category: pyjamas\n" COLORS, SCHEMA, 9, 17, S1 ".category",    \
      "did you mean \"sleepwear\"", NULL)                                                          \
    X(category_blazer, HEAD "      category: blazer\n" COLORS, SCHEMA, 9, 17, S1 ".category",      \
      "did you mean \"jacket-tailored\"", NULL)                                                    \
    X(category_knit_dress, HEAD "      category: knit dress\n" COLORS, SCHEMA, 9, 17,              \
      S1 ".category", "did you mean \"dress-knit\"", NULL)                                         \
    X(category_onesie, HEAD "      category: onesie\n" COLORS, SCHEMA, 9, 17, S1 ".category",      \
      "did you mean \"babywear\"", NULL)                                                           \
    X(gender_girl, HEAD "      gender: girl\n" COLORS, SCHEMA, 9, 15, S1 ".gender",                \
      "did you mean \"girls\"", NULL)                                                              \
    X(gender_infant, HEAD "      gender: infant\n" COLORS, SCHEMA, 9, 15, S1 ".gender",            \
      "did you mean \"baby\"", NULL)                                                               \
    /* where the brand is, where a style is made */                                                \
    X(location_unknown, BRAND "  location: Narnia\n" PROG, SCHEMA, 4, 13, "brand.location",        \
      "unknown country \"Narnia\"", NULL)                                                          \
    X(location_eu, BRAND "  location: EU\n" PROG, SCHEMA, 4, 13, "brand.location",                 \
      "unknown country \"EU\"", NULL)                                                              \
    X(contact_unknown_key, BRAND "  contact: { name: Ana, fax: 1 }\n" PROG, SCHEMA, 4, 25,         \
      "brand.contact.fax", "unknown key \"fax\"", NULL)                                             \
    X(contact_email_list, BRAND "  contact: { email: [a, b] }\n" PROG, SCHEMA, 4, 21,             \
      "brand.contact.email", "expected text, found a list", NULL)                                  \
    X(style_origin_unknown, HEAD "      origin: Atlantis\n" COLORS, SCHEMA, 9, 15, S1 ".origin",   \
      "unknown country \"Atlantis\"", NULL)                                                        \
    X(style_factory_list, HEAD "      factory: [a, b]\n" COLORS, SCHEMA, 9, 16, S1 ".factory",     \
      "expected text, found a list", NULL)                                                         \
    /* the currency and incoterm of a price */                                                     \
    X(target_dollar_sign, HEAD "      target_fob: $4.20\n" COLORS, SCHEMA, 9, 19,                  \
      S1 ".target_fob", "write the currency's code after the amount (4.20 USD", NULL)              \
    X(target_unknown_currency, HEAD "      target_fob: 4.20 XYZ\n" COLORS, SCHEMA, 9, 19,          \
      S1 ".target_fob", "unknown currency \"XYZ\" in \"4.20 XYZ\"", NULL)                          \
    X(retail_other_currency, HEAD "      retail_price: 98 EUR\n" COLORS, SCHEMA, 9, 21,            \
      S1 ".retail_price",                                                                          \
      "\"98 EUR\" is in EUR, but this amount is in the brand's currency (USD)", NULL)              \
    X(budget_other_currency, BRAND "  sampling_budget: GBP 4500\n" PROG, SCHEMA, 4, 20,            \
      "brand.sampling_budget", "is in GBP, but this amount is in the brand's currency (USD)",      \
      NULL)                                                                                        \
    X(target_fob_and_price, HEAD "      target_fob: 4\n      target_price: 5\n" COLORS, SCHEMA,    \
      10, 21, S1 ".target_price", "give target_fob or target_price, not both", NULL)               \
    X(target_fob_on_ddp, HEAD "      target_fob: 4\n      incoterm: DDP\n" COLORS, SCHEMA, 10, 17, \
      S1 ".incoterm", "for a target on DDP write target_price with incoterm: DDP", NULL)           \
    X(incoterm_alone, HEAD "      incoterm: EXW\n" COLORS, SCHEMA, 9, 17, S1 ".incoterm",          \
      "give the target_price it applies to", NULL)                                                 \
    X(incoterm_words, HEAD "      target_price: 5\n      incoterm: ex works\n" COLORS, SCHEMA, 10, \
      17, S1 ".incoterm", "did you mean \"EXW\"", NULL)                                            \
    X(incoterm_typo, HEAD "      target_price: 5\n      incoterm: D.D.P.\n" COLORS, SCHEMA, 10,    \
      17, S1 ".incoterm", "did you mean \"DDP\"", NULL)                                            \
    X(cost_currency_unknown,                                                                       \
      HEAD COLORS "      cost:\n        currency: dollars\n"                                       \
                  "        fabric: { consumption_m: 1, price_per_m: 2 }\n"                         \
                  "        trims: 1\n        cmt: 2\n",                                            \
      SCHEMA, 12, 19, S1 ".cost.currency", "unknown currency \"dollars\"", NULL)                   \
    X(cost_line_other_currency,                                                                    \
      HEAD COLORS "      cost:\n        currency: EUR\n"                                           \
                  "        fabric: { consumption_m: 1, price_per_m: 2 }\n"                         \
                  "        trims: 1\n        cmt: 2 USD\n",                                        \
      SCHEMA, 15, 14, S1 ".cost.cmt", "the sheet is in EUR: write every line of it in EUR", NULL)  \
    X(cost_incoterm_typo,                                                                          \
      HEAD COLORS "      cost:\n        incoterm: free on bord\n"                                  \
                  "        fabric: { consumption_m: 1, price_per_m: 2 }\n"                         \
                  "        trims: 1\n        cmt: 2\n",                                            \
      SCHEMA, 12, 19, S1 ".cost.incoterm", "did you mean \"FOB\"", NULL)                           \
    /* payment terms the market uses */                                                            \
    X(payment_lc_words, BRAND "  payment_terms: { method: L/C }\n" PROG, SCHEMA, 4, 28,            \
      "brand.payment_terms.method", "did you mean \"lc-at-sight\"", NULL)                          \
    X(payment_dp_words, BRAND "  payment_terms: { method: documents against payment }\n" PROG,     \
      SCHEMA, 4, 28, "brand.payment_terms.method", "did you mean \"d/p\"", NULL)                   \
    X(payment_usance_no_days, BRAND "  payment_terms: { method: lc-usance }\n" PROG, SCHEMA, 4,    \
      18, "brand.payment_terms.days", "lc-usance needs days", NULL)                                \
    X(payment_open_no_days, BRAND "  payment_terms: { method: open-account }\n" PROG, SCHEMA, 4,   \
      18, "brand.payment_terms.days", "open-account needs days", NULL)                             \
    X(payment_sight_days, BRAND "  payment_terms: { method: lc-at-sight, days: 60 }\n" PROG,       \
      SCHEMA, 4, 47, "brand.payment_terms.days", "write method: lc-usance, days: 60", NULL)        \
    X(payment_days_range, BRAND "  payment_terms: { method: d/a, days: 400 }\n" PROG, SCHEMA, 4,   \
      39, "brand.payment_terms.days", "must be at most 365", NULL)                                 \
    X(payment_balance_with_lc,                                                                     \
      BRAND "  payment_terms: { method: lc-at-sight, balance: before-shipment }\n" PROG, SCHEMA,   \
      4, 50, "brand.payment_terms.balance", "balance goes with a deposit", NULL)                   \
    X(payment_days_with_deposit, BRAND "  payment_terms: { deposit_pct: 30, days: 30 }\n" PROG,    \
      SCHEMA, 4, 43, "brand.payment_terms.days", "balance: net-30", NULL)                          \
    /* cost lines beside the factory's price */                                                    \
    X(commission_over, BRAND PROG "  costs: { agent_commission_pct: 60 }\n", SCHEMA, 7, 34,        \
      "program.costs.agent_commission_pct", "must be at most 50", NULL)                            \
    X(costs_typo, BRAND PROG "  costs: { testing: 0.10 }\n", SCHEMA, 7, 12,                        \
      "program.costs.testing", "unknown key \"testing\"", NULL)                                    \
    X(costs_other_currency, BRAND PROG "  costs: { development_per_style: 300 EUR }\n", SCHEMA, 7, \
      35, "program.costs.development_per_style", "is in EUR, but this amount is in the brand's",   \
      NULL)                                                                                        \
    X(sheet_testing_other_currency,                                                                \
      HEAD COLORS "      cost:\n        currency: USD\n"                                           \
                  "        fabric: { consumption_m: 1, price_per_m: 2 }\n"                         \
                  "        trims: 1\n        cmt: 2\n        testing_per_style: 150 GBP\n",        \
      SCHEMA, 16, 28, S1 ".cost.testing_per_style", "the sheet is in USD", NULL)                   \
    /* YAML syntax */                                                                              \
    X(syntax_indent_too_deep, "brand:\n  name: Acme\n   currency: USD\n" PROG, SYNTAX, 3, 12, "",  \
      "mapping values are not allowed", NULL)                                                      \
    X(syntax_indent_too_shallow, "brand:\n  name: Acme\n currency: USD\n" PROG, SYNTAX, 3, 2, "",  \
      "did not find expected key", NULL)                                                           \
    X(syntax_tab_indentation, "brand:\n\tname: Acme\n  currency: USD\n" PROG, SYNTAX, 2, 1, "",    \
      "cannot start any token", NULL)                                                              \
    X(syntax_tab_in_block, BRAND "program:\n  name: P\n\tdestination: US\n", SYNTAX, 6, 1, "",     \
      "tab character", NULL)                                                                       \
    X(syntax_undefined_alias, "brand:\n  name: *nope\n  currency: USD\n" PROG, SYNTAX, 2, 9, "",   \
      "undefined alias", NULL)                                                                     \
    X(syntax_duplicate_anchor, BRAND "program:\n  name: &a P\n  destination: &a US\n", SYNTAX, 6,  \
      16, "", "duplicate anchor", NULL)                                                            \
    X(syntax_yaml_2, "%YAML 2.0\n---\n" BRAND PROG, SYNTAX, 1, 1, "", "incompatible", NULL)        \
    /* whole-file shape */                                                                         \
    X(empty_file, "", SCHEMA, 1, 1, "", "the file is empty", NULL)                                 \
    X(only_comments, "# nothing here\n# at all\n", SCHEMA, 1, 1, "", "the file is empty", NULL)    \
    X(only_whitespace, "  \n\n   \n", SCHEMA, 1, 1, "", "the file is empty", NULL)                 \
    X(top_level_scalar, "hello\n", SCHEMA, 1, 1, "", "expected a mapping of keys, found a value",  \
      NULL)                                                                                        \
    X(top_level_list, "- brand\n- program\n", SCHEMA, 1, 1, "",                                    \
      "expected a mapping of keys, found a list", NULL)                                            \
    X(two_documents, BRAND PROG "---\nbrand: x\n", SCHEMA, 7, 1, "", "second YAML document", NULL) \
    X(trailing_document_marker, BRAND PROG "---\n", SCHEMA, 7, 1, "", "second YAML document", NULL)

#define DEF_CASE(id, y, c, l, co, f, p, a) static err_case case_##id = {y, c, l, co, f, p, a};
ERROR_CASES(DEF_CASE)

static void run_error_case(void **state)
{
    const err_case *c = *state;
    sv_err e = parse_err(c->yaml);
    check_err(&e, c->yaml, c->code, c->line, c->col, c->field, c->phrase, c->absent);
}

#define CASE_TEST(id, ...)                                                                         \
    {.name = "error_" #id, .test_func = run_error_case, .initial_state = &case_##id},

/* ---- errors that need more than the table ------------------------------------------- */

/* A raw NUL byte: libyaml refuses it in its reader, which reports a byte offset rather than a
 * mark. The error must still point at the byte: line 2, column 11. */
static void test_raw_nul_byte(void **state)
{
    (void)state;
    static const char text[] = "brand:\n  name: Ac\0me\n  currency: USD\n" PROG;
    sv_err e = parse_err_n(text, sizeof text - 1);
    check_err(&e, "(text with a NUL byte on line 2)", SV_ERR_SYNTAX, 2, 11, "",
              "control characters", NULL);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    static const char text[] = "brand:\n  name: Ac\xffme\n  currency: USD\n" PROG;
    sv_err e = parse_err(text);
    check_err(&e, text, SV_ERR_SYNTAX, 2, 11, "", "UTF-8", NULL);
}

/* libyaml notices an unclosed quote only at the end of the file. The user must learn where
 * the quote opened (2:9): as the position, or at least named in the message. */
static void test_unclosed_quote(void **state)
{
    (void)state;
    const char *text = "brand:\n  name: \"Acme\n  currency: USD\n" PROG;
    sv_err e = parse_err(text);
    char buf[1024];
    sv_err_format(&e, buf, sizeof buf);
    assert_int_equal(e.code, SV_ERR_SYNTAX);
    assert_string_equal(e.file, "t.yaml");
    assert_non_null(strstr(e.msg, "quoted scalar"));
    if (!(e.line == 2 && e.column == 9) && !strstr(e.msg, "line 2, column 9"))
        fail_msg("the opening quote at 2:9 is not named: %s", buf);
    assert_true(e.line >= 2 && e.line <= 7);
}

/* A file that ends without a newline in the middle of a key: libyaml adds a virtual line
 * break at the end of the stream, but the error must stay on a line the file has (3). */
static void test_error_at_end_without_newline(void **state)
{
    (void)state;
    const char *text = "brand:\n  name: Acme\n  curr";
    sv_err e = parse_err(text);
    char buf[1024];
    assert_int_equal(e.code, SV_ERR_SYNTAX);
    if (e.line != 3)
        fail_msg("error on line %d of a 3-line file: %s", e.line,
                 sv_err_format(&e, buf, sizeof buf));
    assert_true(e.column >= 3 && e.column <= 7);
}

/* libyaml notices a missing ']' only at the next line; either the opening bracket (4:13) or
 * the place it gave up (5:8) is a fair answer, as long as the line is one of the two. */
static void test_unclosed_bracket(void **state)
{
    (void)state;
    const char *text = BRAND "  channels: [dtc, wholesale\n" PROG;
    sv_err e = parse_err(text);
    assert_int_equal(e.code, SV_ERR_SYNTAX);
    assert_string_equal(e.file, "t.yaml");
    assert_true((e.line == 4 && e.column == 13) || (e.line == 5 && e.column == 8));
    assert_non_null(strstr(e.msg, "flow sequence"));
}

static void test_unclosed_brace(void **state)
{
    (void)state;
    const char *text = BRAND "  team: { tech_design: none\n" PROG;
    sv_err e = parse_err(text);
    assert_int_equal(e.code, SV_ERR_SYNTAX);
    assert_true(e.line == 4 || e.line == 5);
    assert_true(e.column >= 1);
}

/* A document of just "---" is as empty as an empty file. */
static void test_only_document_marker(void **state)
{
    (void)state;
    sv_err e = parse_err("---\n");
    assert_int_equal(e.code, SV_ERR_SCHEMA);
    assert_true(e.line == 1 || e.line == 2);
    assert_non_null(strstr(e.msg, "empty"));
}

static void test_name_too_long(void **state)
{
    (void)state;
    char name[202];
    memset(name, 'x', 201);
    name[201] = '\0';
    char text[512];
    snprintf(text, sizeof text, "brand:\n  name: %s\n  currency: USD\n" PROG, name);
    sv_err e = parse_err(text);
    check_err(&e, text, SV_ERR_SCHEMA, 2, 9, "brand.name", "too long (201 characters", NULL);
    /* 200 is fine */
    name[200] = '\0';
    snprintf(text, sizeof text, "brand:\n  name: %s\n  currency: USD\n" PROG, name);
    sv_program *p = parse_ok(text);
    assert_int_equal(strlen(p->brand.name), 200);
    sv_program_free(p);
}

/* The limit is stated in characters, so it counts characters, not UTF-8 bytes: 150 CJK
 * characters (450 bytes) are within "at most 200 characters". */
static void test_name_length_counts_characters(void **state)
{
    (void)state;
    char name[600] = "";
    for (int i = 0; i < 150; i++)
        strcat(name, "\xe6\x97\xa5"); /* U+65E5 */
    char text[1024];
    snprintf(text, sizeof text, "brand:\n  name: %s\n  currency: USD\n" PROG, name);
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    if (sv_program_parse(text, strlen(text), "t.yaml", &p, &e) != SV_OK) {
        char buf[1024];
        fail_msg("a 150-character name is refused: %s", sv_err_format(&e, buf, sizeof buf));
    }
    assert_string_equal(p->brand.name, name);
    sv_program_free(p);
}

/* A key with an escaped NUL is not the key before the NUL. */
static void test_key_with_nul(void **state)
{
    (void)state;
    const char *text = BRAND "  \"team\\0x\": { tech_design: none }\n" PROG;
    sv_err e = parse_err(text);
    char buf[1024];
    sv_err_format(&e, buf, sizeof buf);
    assert_int_equal(e.code, SV_ERR_SCHEMA);
    assert_int_equal(e.line, 4);
    assert_int_equal(e.column, 3);
    assert_true(strstr(e.msg, "NUL") || strstr(e.msg, "unknown key"));
}

/* The caps that keep a hostile file small are errors with the count. */
static void test_list_caps(void **state)
{
    (void)state;
    size_t cap = 64 * 1024;
    char *t = malloc(cap);
    assert_non_null(t);
    /* 61 sizes */
    int n = snprintf(t, cap, HEAD "      sizes: [");
    for (int i = 0; i < 61; i++)
        n += snprintf(t + n, cap - (size_t)n, "%sz%d", i ? ", " : "", i);
    snprintf(t + n, cap - (size_t)n, "]\n" COLORS);
    sv_err e = parse_err(t);
    check_err(&e, t, SV_ERR_SCHEMA, 9, 14, S1 ".sizes", "at most 60", NULL);
    /* 201 colours */
    n = snprintf(t, cap, HEAD "      colors:\n");
    for (int i = 0; i < 201; i++)
        n += snprintf(t + n, cap - (size_t)n, "        - { name: c%d, units: 1 }\n", i);
    e = parse_err(t);
    check_err(&e, t, SV_ERR_SCHEMA, 10, 9, S1 ".colors", "at most 200", NULL);
    /* 1001 styles */
    free(t);
    cap = 1 << 20;
    t = malloc(cap);
    assert_non_null(t);
    n = snprintf(t, cap, BRAND PROG "  styles:\n");
    for (int i = 0; i < 1001; i++)
        n += snprintf(t + n, cap - (size_t)n,
                      "    - { code: S%d, colors: [{ name: a, units: 1 }] }\n", i);
    e = parse_err(t);
    check_err(&e, t, SV_ERR_SCHEMA, 8, 5, "program.styles", "at most 1000", NULL);
    free(t);
}

/* The whole message, as the command line prints it. */
static void test_error_format(void **state)
{
    (void)state;
    const char *text = HEAD "      colors:\n        - { name: Black, units: -5 }\n";
    sv_err e = parse_err(text);
    char buf[512];
    assert_string_equal(sv_err_format(&e, buf, sizeof buf),
                        "t.yaml:10:33: program.styles[S1].colors[0].units: "
                        "must be at least 1, found -5");
}

static void test_error_on_crlf_text_has_right_position(void **state)
{
    (void)state;
    const char *text = "brand:\r\n  name: Acme\r\n  currency: USD\r\nprogram:\r\n  name: P\r\n"
                       "  destination: Narnia\r\n";
    sv_err e = parse_err(text);
    check_err(&e, text, SV_ERR_SCHEMA, 6, 16, "program.destination", "unknown country", NULL);
}

/* The first error wins, and the position is that of the first bad field in file order
 * within one section. */
static void test_first_error_reported(void **state)
{
    (void)state;
    const char *text = HEAD "      colors:\n        - { name: Black, units: -5 }\n"
                            "        - { name: Moss, units: many }\n";
    sv_err e = parse_err(text);
    assert_int_equal(e.line, 10);
    assert_string_equal(e.field, S1 ".colors[0].units");
}

static void test_null_err_and_name(void **state)
{
    (void)state;
    const char *bad = HEAD "      colors:\n        - { name: Black, units: -5 }\n";
    sv_program *p = (sv_program *)(uintptr_t)1;
    /* no sv_err: the code is still returned */
    assert_int_equal(sv_program_parse(bad, strlen(bad), "t.yaml", &p, NULL), SV_ERR_SCHEMA);
    assert_null(p);
    assert_int_equal(sv_program_parse("a: [", 4, "t.yaml", &p, NULL), SV_ERR_SYNTAX);
    assert_null(p);
    /* no name: a placeholder is used */
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_parse(bad, strlen(bad), NULL, &p, &e), SV_ERR_SCHEMA);
    assert_null(p);
    assert_true(e.file[0] != '\0');
    assert_int_equal(e.line, 10);
    /* a good program without a name */
    const char *good = BRAND PROG;
    assert_int_equal(sv_program_parse(good, strlen(good), NULL, &p, &e), SV_OK);
    assert_non_null(p);
    assert_non_null(p->path);
    sv_program_free(p);
    /* zero bytes from an empty buffer */
    assert_int_equal(sv_program_parse("", 0, "t.yaml", &p, &e), SV_ERR_SCHEMA);
    assert_null(p);
}

/* ---- leniencies that must load ------------------------------------------------------ */

static void test_country_names(void **state)
{
    (void)state;
    sv_program *p = parse_ok(BRAND "program:\n  name: P\n  destination: Portugal\n"
                                   "  origin_preference: [viet nam, Bangladesh, KHM]\n");
    assert_string_equal(p->destination, "PT");
    assert_int_equal(p->n_origins, 3);
    assert_string_equal(p->origins[0], "VN");
    assert_string_equal(p->origins[1], "BD");
    assert_string_equal(p->origins[2], "KH");
    sv_program_free(p);
    p = parse_ok(BRAND "program:\n  name: P\n  destination: usa\n"
                       "  origin_preference: [viet nam, \"T\xc3\xbcrkiye\", PRT, bd, China]\n");
    assert_string_equal(p->destination, "US");
    assert_int_equal(p->n_origins, 5);
    assert_string_equal(p->origins[0], "VN");
    assert_string_equal(p->origins[1], "TR");
    assert_string_equal(p->origins[2], "PT");
    assert_string_equal(p->origins[3], "BD");
    assert_string_equal(p->origins[4], "CN");
    sv_program_free(p);
}

/* Names of one country written differently are still one country. */
static void test_country_names_deduplicated(void **state)
{
    (void)state;
    sv_err e = parse_err(BRAND "program:\n  name: P\n  destination: US\n"
                               "  origin_preference: [viet nam, Vietnam]\n");
    assert_int_equal(e.code, SV_ERR_SCHEMA);
    assert_string_equal(e.field, "program.origin_preference[1]");
    assert_non_null(strstr(e.msg, "VN is listed twice"));
}

static void test_eu_destination(void **state)
{
    (void)state;
    const char *dest[] = {"EU", "eu", "Eu"};
    for (size_t i = 0; i < 3; i++) {
        char text[256];
        snprintf(text, sizeof text, BRAND "program:\n  name: P\n  destination: %s\n", dest[i]);
        sv_program *p = parse_ok(text);
        assert_string_equal(p->destination, "EU");
        sv_program_free(p);
    }
}

static void test_capitalised_enums(void **state)
{
    (void)state;
    sv_program *p =
        parse_ok("brand:\n  name: Acme\n  positioning: Premium\n  channels: [DTC, Wholesale, dtc]\n"
                 "  currency: usd\n  funding: SEED\n  team: { tech_design: In-House }\n"
                 "  payment_terms: { balance: Net-30 }\n" PROG STYLE
                 "      category: LEGGINGS\n      gender: Women\n      construction: Knit\n"
                 "      tier: LUXURY\n" COLORS);
    assert_int_equal(p->brand.positioning, SV_TIER_PREMIUM);
    assert_true(p->brand.channels[SV_CHANNEL_DTC]);
    assert_true(p->brand.channels[SV_CHANNEL_WHOLESALE]);
    assert_int_equal(p->brand.n_channels, 2); /* dtc twice counts once */
    assert_string_equal(p->brand.currency->code, "USD");
    assert_int_equal(p->brand.funding, SV_FUNDING_SEED);
    assert_int_equal(p->brand.tech_design, SV_STAFF_IN_HOUSE);
    assert_int_equal(p->brand.balance, SV_BALANCE_NET30);
    assert_int_equal(p->brand.deposit_bp, SV_UNSET);
    assert_int_equal(p->styles[0].category, SV_CAT_LEGGINGS);
    assert_int_equal(p->styles[0].gender, SV_GENDER_WOMEN);
    assert_int_equal(p->styles[0].construction, SV_CONSTR_KNIT);
    assert_int_equal(p->styles[0].tier, SV_TIER_LUXURY);
    sv_program_free(p);
}

static void test_quoted_numbers(void **state)
{
    (void)state;
    sv_program *p = parse_ok("brand:\n  name: Acme\n  currency: USD\n  sampling_budget: \"4500\"\n"
                             "  payment_terms: { deposit_pct: '30' }\n"
                             "  growth_plan: [{ season: \"2028\", units: \"100\" }]\n" PROG STYLE
                             "      retail_price: \"98.5\"\n      fabric: { weight_gsm: '180' }\n"
                             "      colors:\n        - { name: Black, units: \"600\" }\n");
    assert_int_equal(p->brand.sampling_budget, 450000);
    assert_int_equal(p->brand.deposit_bp, 3000);
    assert_string_equal(p->brand.growth[0].season, "2028");
    assert_int_equal(p->brand.growth[0].units, 100);
    assert_int_equal(p->styles[0].retail_price, 9850);
    assert_int_equal(p->styles[0].weight_gsm, 180);
    assert_int_equal(p->styles[0].colors[0].units, 600);
    sv_program_free(p);
}

static void test_optional_fields_absent(void **state)
{
    (void)state;
    sv_program *p = parse_ok(BRAND PROG STYLE COLORS);
    const sv_brand *b = &p->brand;
    assert_int_equal(b->positioning, SV_TIER_UNSET);
    assert_int_equal(b->n_channels, 0);
    assert_int_equal(b->funding, SV_FUNDING_UNSET);
    assert_int_equal(b->tech_design, SV_STAFF_UNSET);
    assert_int_equal(b->production_experience_years, SV_UNSET);
    assert_int_equal(b->sampling_budget, SV_UNSET);
    assert_false(b->has_payment_terms);
    assert_int_equal(b->deposit_bp, SV_UNSET);
    assert_int_equal(b->balance, SV_BALANCE_UNSET);
    assert_int_equal(b->n_growth, 0);
    assert_false(p->has_launch_date);
    assert_int_equal(p->n_origins, 0);
    assert_int_equal(p->n_certifications, 0);
    const sv_style *s = &p->styles[0];
    assert_null(s->name);
    assert_int_equal(s->category, SV_CAT_UNSET);
    assert_int_equal(s->tier, SV_TIER_UNSET);
    assert_int_equal(sv_style_tier(p, s), SV_TIER_UNSET);
    assert_int_equal(s->gender, SV_GENDER_UNSET);
    assert_int_equal(s->construction, SV_CONSTR_UNSET);
    assert_null(s->composition);
    assert_int_equal(s->weight_gsm, SV_UNSET);
    assert_int_equal(s->retail_price, SV_UNSET);
    assert_int_equal(s->wholesale_price, SV_UNSET);
    assert_int_equal(s->target_fob, SV_UNSET);
    assert_int_equal(s->n_sizes, 0);
    assert_false(s->tech_pack.present);
    assert_false(s->cost.present);
    sv_program_free(p);
}

static void test_optional_fields_null(void **state)
{
    (void)state;
    sv_program *p =
        parse_ok("brand:\n  name: Acme\n  positioning: ~\n  channels:\n  currency: USD\n"
                 "  funding: null\n  team: ~\n  sampling_budget: Null\n"
                 "  payment_terms:\n  growth_plan: ~\n"
                 "program:\n  name: P\n  destination: US\n  launch_date:\n"
                 "  origin_preference: ~\n  certifications_required:\n  styles: ~\n");
    assert_int_equal(p->brand.positioning, SV_TIER_UNSET);
    assert_int_equal(p->brand.sampling_budget, SV_UNSET);
    assert_false(p->brand.has_payment_terms);
    assert_false(p->has_launch_date);
    assert_int_equal(p->n_styles, 0);
    sv_program_free(p);
}

static void test_no_styles(void **state)
{
    (void)state;
    sv_program *p = parse_ok(BRAND PROG);
    assert_int_equal(p->n_styles, 0);
    assert_int_equal(sv_program_units(p), 0);
    sv_program_free(p);
    p = parse_ok(BRAND PROG "  styles: []\n");
    assert_int_equal(p->n_styles, 0);
    sv_program_free(p);
}

static void test_payment_terms_partial(void **state)
{
    (void)state;
    sv_program *p = parse_ok(BRAND "  payment_terms: { deposit_pct: 50.5 }\n" PROG);
    assert_true(p->brand.has_payment_terms);
    assert_int_equal(p->brand.deposit_bp, 5050);
    assert_int_equal(p->brand.balance, SV_BALANCE_UNSET);
    sv_program_free(p);
    p = parse_ok(BRAND "  payment_terms: {}\n" PROG);
    assert_true(p->brand.has_payment_terms);
    assert_int_equal(p->brand.deposit_bp, SV_UNSET);
    sv_program_free(p);
}

/* Thousands grouped with commas, spaces (a no-break space too) or underscores read as numbers,
 * and so does the lakh grouping; a point stays the decimal point in amounts and measures. */
static void test_numbers_grouped(void **state)
{
    (void)state;
    sv_program *p =
        parse_ok(BRAND "  sampling_budget: 4 500.00\n"
                       "  growth_plan:\n    - season: FW27\n      units: 1,00,000\n" PROG STYLE
                       "      retail_price: 1,250.50\n"
                       "      target_fob: 5.000\n"
                       "      colors:\n"
                       "        - name: Black\n          units: 5,000\n"
                       "        - name: Moss\n          units: 12 500\n"
                       "        - name: Oat\n          units: 1_000\n"
                       "        - name: Sand\n          units: \"2\xc2\xa0"
                       "000\"\n"
                       "        - name: Clay\n          units: \"5,000\"\n"
                       "        - { name: Rust, units: \"1,200\" }\n"
                       "      cost:\n        fabric: { consumption_m: 1.500, "
                       "price_per_m: 2 }\n        trims: 1\n        cmt: 2\n");
    assert_int_equal(p->brand.sampling_budget, 450000);
    assert_int_equal(p->brand.growth[0].units, 100000);
    const sv_style *s = &p->styles[0];
    assert_int_equal(s->retail_price, 125050);
    assert_int_equal(s->target_fob, 500); /* 5.000 dollars: a point is a decimal point */
    assert_int_equal(s->colors[0].units, 5000);
    assert_int_equal(s->colors[1].units, 12500);
    assert_int_equal(s->colors[2].units, 1000);
    assert_int_equal(s->colors[3].units, 2000);
    assert_int_equal(s->colors[4].units, 5000);
    assert_int_equal(s->colors[5].units, 1200);
    assert_int_equal(s->cost.consumption_mm, 1500);
    sv_program_free(p);
}

/* Girls, boys and baby are genders of their own, kids stays children unspecified; the
 * categories added in issue 9 read. */
static void test_genders_and_new_categories(void **state)
{
    (void)state;
    sv_program *p = parse_ok(
        BRAND PROG
        "  styles:\n"
        "    - { code: A, gender: girls, category: dress-knit, colors: [{ name: x, units: 1 }] }\n"
        "    - { code: B, gender: boys, category: sleepwear, colors: [{ name: x, units: 1 }] }\n"
        "    - { code: C, gender: baby, category: babywear, colors: [{ name: x, units: 1 }] }\n"
        "    - { code: D, gender: kids, category: jacket-tailored, colors: [{ name: x, units: 1 }] "
        "}\n"
        "    - { code: E, gender: Girls, colors: [{ name: x, units: 1 }] }\n");
    assert_int_equal(p->styles[0].gender, SV_GENDER_GIRLS);
    assert_int_equal(p->styles[0].category, SV_CAT_DRESS_KNIT);
    assert_int_equal(p->styles[1].gender, SV_GENDER_BOYS);
    assert_int_equal(p->styles[1].category, SV_CAT_SLEEPWEAR);
    assert_int_equal(p->styles[2].gender, SV_GENDER_BABY);
    assert_int_equal(p->styles[2].category, SV_CAT_BABYWEAR);
    assert_int_equal(p->styles[3].gender, SV_GENDER_KIDS);
    assert_int_equal(p->styles[3].category, SV_CAT_JACKET_TAILORED);
    assert_int_equal(p->styles[4].gender, SV_GENDER_GIRLS);
    sv_program_free(p);
}

/* The brand says where it is; a style may say where it is made and by which factory (an id, a
 * handle or an Open Supply Hub ID, kept as text). */
static void test_location_origin_factory(void **state)
{
    (void)state;
    sv_program *p =
        parse_ok("brand:\n  name: Acme\n  currency: GBP\n  location: United Kingdom\n" PROG
                 "  origin_preference: [PT, TR]\n  styles:\n"
                 "    - code: A\n      origin: Bangladesh\n"
                 "      factory: \"  BD2019123ABCDEF \"\n" COLORS "    - code: B\n" COLORS);
    assert_string_equal(p->brand.location, "GB");
    assert_string_equal(p->styles[0].origin, "BD");
    assert_string_equal(p->styles[0].factory, "BD2019123ABCDEF");
    assert_string_equal(p->styles[1].origin, "");
    assert_null(p->styles[1].factory);
    assert_int_equal(p->n_origins, 2); /* the preference stays the program's */
    sv_program_free(p);
    p = parse_ok(BRAND PROG);
    assert_string_equal(p->brand.location, "");
    assert_null(p->brand.contact.name);
    assert_null(p->brand.contact.email);
    assert_null(p->brand.contact.phone);
    sv_program_free(p);
}

/* Who a factory answers: brand.contact, each part optional, kept as written. */
static void test_contact(void **state)
{
    (void)state;
    sv_program *p = parse_ok(BRAND "  contact: { name: Zeynep Yılmaz, email: z@example.com, "
                                   "phone: \"+90 212 555 0100\" }\n" PROG);
    assert_string_equal(p->brand.contact.name, "Zeynep Yılmaz");
    assert_string_equal(p->brand.contact.email, "z@example.com");
    assert_string_equal(p->brand.contact.phone, "+90 212 555 0100");
    sv_program_free(p);
    p = parse_ok(BRAND "  contact: { email: z@example.com }\n" PROG);
    assert_null(p->brand.contact.name);
    assert_string_equal(p->brand.contact.email, "z@example.com");
    sv_program_free(p);
}

/* A price may be written with its currency, as a code before or after it or as an
 * unambiguous sign; the brand's currency is the same as none. */
static void test_amounts_with_currency(void **state)
{
    (void)state;
    sv_program *p =
        parse_ok("brand:\n  name: Acme\n  currency: GBP\n  sampling_budget: \xc2\xa3"
                 "900\n" PROG "  styles:\n"
                 "    - code: A\n      retail_price: 16.00 GBP\n      target_fob: USD 4.20\n" COLORS
                 "    - code: B\n      target_fob: 3.10gbp\n" COLORS
                 "    - code: C\n      target_price: 5,000 JPY\n      incoterm: fob\n" COLORS
                 "    - code: D\n      target_price: 6.50\n      incoterm: ddp\n" COLORS
                 "    - code: E\n      target_fob: 4.00 \xe2\x82\xac\n" COLORS
                 "    - code: F\n      target_price: 5\n" COLORS);
    assert_int_equal(p->brand.sampling_budget, 90000);
    const sv_style *s = p->styles;
    assert_int_equal(s[0].retail_price, 1600);
    assert_int_equal(s[0].target_fob, SV_UNSET);
    assert_int_equal(s[0].target.amount, 420);
    assert_string_equal(s[0].target.currency->code, "USD");
    assert_int_equal(s[0].target.incoterm, SV_INCOTERM_FOB);
    assert_int_equal(s[0].target.line, 11);
    assert_int_equal(s[1].target_fob, 310);
    assert_string_equal(s[1].target.currency->code, "GBP");
    assert_int_equal(s[2].target.amount, 5000);
    assert_string_equal(s[2].target.currency->code, "JPY");
    assert_int_equal(s[2].target.incoterm, SV_INCOTERM_FOB);
    assert_int_equal(s[3].target_fob, SV_UNSET); /* a DDP target is no FOB target */
    assert_int_equal(s[3].target.amount, 650);
    assert_int_equal(s[3].target.incoterm, SV_INCOTERM_DDP);
    assert_string_equal(s[4].target.currency->code, "EUR");
    assert_int_equal(s[4].target.amount, 400);
    assert_int_equal(s[5].target_fob, 500); /* target_price alone is on FOB */
    assert_int_equal(s[5].target.incoterm, SV_INCOTERM_FOB);
    assert_true(p->fx_pending);
    sv_program_free(p);
    /* all in the brand's currency: nothing to convert, the sheet as given is the sheet */
    p = parse_ok(BRAND PROG STYLE COLORS
                 "      target_fob: 4.20 usd\n"
                 "      cost:\n        incoterm: EXW\n"
                 "        fabric: { consumption_m: 1, price_per_m: 2 USD }\n"
                 "        trims: 1\n        cmt: 2\n");
    assert_false(p->fx_pending);
    assert_int_equal(p->styles[0].target_fob, 420);
    assert_true(p->styles[0].cost.present);
    assert_int_equal(p->styles[0].cost.incoterm, SV_INCOTERM_EXW);
    assert_int_equal(p->styles[0].cost.price_per_m, 200);
    assert_int_equal(p->styles[0].cost.line, 13); /* where its keys start */
    assert_ptr_equal(p->styles[0].cost_given.currency, p->brand.currency);
    sv_program_free(p);
}

/* Payment terms: the deposit and balance as before, and the methods of the market. */
static void test_payment_methods(void **state)
{
    (void)state;
    sv_program *p = parse_ok(BRAND "  payment_terms: { deposit_pct: 30, balance: net-30 }\n" PROG);
    assert_int_equal(p->brand.payment_method, SV_PAY_DEPOSIT_BALANCE);
    assert_int_equal(p->brand.payment_days, SV_UNSET);
    assert_int_equal(p->brand.deposit_bp, 3000);
    assert_int_equal(p->brand.balance, SV_BALANCE_NET30);
    sv_program_free(p);
    p = parse_ok(BRAND "  payment_terms: {}\n" PROG);
    assert_int_equal(p->brand.payment_method, SV_PAY_UNSET);
    sv_program_free(p);
    p = parse_ok(BRAND PROG);
    assert_int_equal(p->brand.payment_method, SV_PAY_UNSET);
    assert_int_equal(p->brand.payment_days, SV_UNSET);
    sv_program_free(p);
    struct {
        const char *yaml;
        sv_payment_method m;
        int64_t days, deposit;
    } cases[] = {
        {"{ method: lc-at-sight }", SV_PAY_LC_SIGHT, SV_UNSET, SV_UNSET},
        {"{ method: LC-at-sight, deposit_pct: 10 }", SV_PAY_LC_SIGHT, SV_UNSET, 1000},
        {"{ method: lc-usance, days: 90 }", SV_PAY_LC_USANCE, 90, SV_UNSET},
        {"{ method: d/p }", SV_PAY_DP, SV_UNSET, SV_UNSET},
        {"{ method: D/A, days: 60 }", SV_PAY_DA, 60, SV_UNSET},
        {"{ method: open-account, days: 30 }", SV_PAY_OPEN_ACCOUNT, 30, SV_UNSET},
        {"{ method: deposit-balance, deposit_pct: 30, balance: before-shipment }",
         SV_PAY_DEPOSIT_BALANCE, SV_UNSET, 3000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char yaml[512];
        snprintf(yaml, sizeof yaml, BRAND "  payment_terms: %s\n" PROG, cases[i].yaml);
        p = parse_ok(yaml);
        assert_true(p->brand.has_payment_terms);
        assert_int_equal(p->brand.payment_method, cases[i].m);
        assert_int_equal(p->brand.payment_days, cases[i].days);
        assert_int_equal(p->brand.deposit_bp, cases[i].deposit);
        sv_program_free(p);
    }
}

/* Cost lines beside the factory's price: an agent's commission (a share of FOB), testing (a
 * unit, a style) and development (a style), for the program and in a style's cost sheet; a
 * style takes its sheet's and, for those its sheet leaves out, the program's. */
static void test_extra_costs(void **state)
{
    (void)state;
    sv_program *p = parse_ok(
        BRAND PROG "  costs:\n    agent_commission_pct: 5\n"
                   "    testing_per_style: 150\n    development_per_style: 300\n" STYLE COLORS
                   "      cost:\n        fabric: { consumption_m: 1, "
                   "price_per_m: 2 }\n        trims: 1\n        cmt: 2\n"
                   "        agent_commission_pct: 7.5\n        testing_per_unit: 0.12\n"
                   "    - code: S2\n" COLORS);
    const sv_extra_costs *pc = &p->costs;
    assert_int_equal(pc->agent_commission_bp, 500);
    assert_int_equal(pc->testing_per_unit, SV_UNSET);
    assert_int_equal(pc->testing_per_style, 15000);
    assert_int_equal(pc->development_per_style, 30000);
    const sv_extra_costs *k = &p->styles[0].cost.extra;
    assert_int_equal(k->agent_commission_bp, 750);
    assert_int_equal(k->testing_per_unit, 12);
    assert_int_equal(k->testing_per_style, SV_UNSET);
    sv_extra_costs e = sv_style_extra_costs(p, &p->styles[0]);
    assert_int_equal(e.agent_commission_bp, 750); /* the sheet's */
    assert_int_equal(e.testing_per_unit, 12);     /* the sheet's */
    assert_int_equal(e.testing_per_style, 15000); /* the program's */
    assert_int_equal(e.development_per_style, 30000);
    e = sv_style_extra_costs(p, &p->styles[1]); /* no sheet: the program's */
    assert_int_equal(e.agent_commission_bp, 500);
    assert_int_equal(e.testing_per_unit, SV_UNSET);
    sv_program_free(p);
    p = parse_ok(BRAND PROG STYLE COLORS);
    e = sv_style_extra_costs(p, &p->styles[0]);
    assert_int_equal(e.agent_commission_bp, SV_UNSET);
    assert_int_equal(e.testing_per_unit, SV_UNSET);
    assert_int_equal(e.testing_per_style, SV_UNSET);
    assert_int_equal(e.development_per_style, SV_UNSET);
    sv_program_free(p);
}

static void test_style_tier_override(void **state)
{
    (void)state;
    sv_program *p =
        parse_ok("brand:\n  name: Acme\n  positioning: premium\n  currency: USD\n" PROG STYLE
                 "      tier: luxury\n" COLORS "    - code: S2\n" COLORS
                 "    - code: S3\n      tier: value\n" COLORS);
    assert_int_equal(p->n_styles, 3);
    assert_int_equal(p->styles[0].tier, SV_TIER_LUXURY);
    assert_int_equal(sv_style_tier(p, &p->styles[0]), SV_TIER_LUXURY);
    assert_int_equal(p->styles[1].tier, SV_TIER_UNSET);
    assert_int_equal(sv_style_tier(p, &p->styles[1]), SV_TIER_PREMIUM);
    assert_int_equal(sv_style_tier(p, &p->styles[2]), SV_TIER_VALUE);
    assert_int_equal(p->styles[0].line, 9);
    assert_int_equal(p->styles[1].line, 13);
    assert_int_equal(p->styles[2].line, 16);
    sv_program_free(p);
}

static void test_currency_exponent_0(void **state)
{
    (void)state;
    sv_program *p =
        parse_ok("brand:\n  name: Acme\n  currency: JPY\n  sampling_budget: 150000\n" PROG STYLE
                 "      retail_price: 12000\n      target_fob: 1500.0\n" COLORS
                 "      cost:\n        fabric: { consumption_m: 1.25, "
                 "price_per_m: 800 }\n        trims: 90\n        cmt: 700\n");
    assert_int_equal(p->brand.currency->exponent, 0);
    assert_int_equal(p->brand.sampling_budget, 150000);
    assert_int_equal(p->styles[0].retail_price, 12000);
    assert_int_equal(p->styles[0].target_fob, 1500); /* ".0" adds no precision */
    assert_int_equal(p->styles[0].cost.consumption_mm, 1250);
    assert_int_equal(p->styles[0].cost.price_per_m, 800);
    assert_int_equal(p->styles[0].cost.wastage_bp, SV_UNSET);
    sv_program_free(p);
}

static void test_currency_exponent_3(void **state)
{
    (void)state;
    sv_program *p =
        parse_ok("brand:\n  name: Acme\n  currency: KWD\n  sampling_budget: 1.5\n" PROG STYLE
                 "      retail_price: 12.345\n      target_fob: 3\n" COLORS);
    assert_int_equal(p->brand.currency->exponent, 3);
    assert_int_equal(p->brand.sampling_budget, 1500);
    assert_int_equal(p->styles[0].retail_price, 12345);
    assert_int_equal(p->styles[0].target_fob, 3000);
    sv_program_free(p);
}

static void test_booleans(void **state)
{
    (void)state;
    sv_program *p =
        parse_ok(HEAD COLORS "      tech_pack: { sketch: yes, bom: On, measurements: TRUE, "
                             "grading: no, construction: Off, labels: False }\n");
    const sv_techpack *t = &p->styles[0].tech_pack;
    assert_true(t->present);
    assert_true(t->sketch);
    assert_true(t->bom);
    assert_true(t->measurements);
    assert_false(t->grading);
    assert_false(t->construction);
    assert_false(t->labels);
    assert_false(t->packaging); /* absent is false */
    sv_program_free(p);
    p = parse_ok(HEAD COLORS "      tech_pack: {}\n");
    assert_true(p->styles[0].tech_pack.present);
    assert_false(p->styles[0].tech_pack.sketch);
    sv_program_free(p);
}

static void test_text_is_trimmed(void **state)
{
    (void)state;
    sv_program *p = parse_ok("brand:\n  name: \"  Acme  \"\n  currency: USD\n" PROG STYLE
                             "      colors:\n        - { name: \" Black \", units: 1 }\n");
    assert_string_equal(p->brand.name, "Acme");
    assert_string_equal(p->styles[0].colors[0].name, "Black");
    sv_program_free(p);
    /* so that a padded duplicate is still a duplicate */
    sv_err e = parse_err(HEAD "      colors:\n        - { name: Black, units: 1 }\n"
                              "        - { name: \" Black\", units: 2 }\n");
    assert_string_equal(e.field, S1 ".colors[1]");
}

static void test_document_markers_and_bom(void **state)
{
    (void)state;
    sv_program *p = parse_ok("---\n" BRAND PROG "...\n");
    assert_string_equal(p->name, "P");
    sv_program_free(p);
    p = parse_ok("%YAML 1.1\n---\n" BRAND PROG);
    sv_program_free(p);
    p = parse_ok("\xef\xbb\xbf" BRAND PROG);
    assert_string_equal(p->brand.name, "Acme");
    sv_program_free(p);
    /* comments and blank lines anywhere */
    p = parse_ok("# head\n\nbrand: # c\n  name: Acme # c\n\n  currency: USD\n# mid\nprogram:\n"
                 "  name: P\n  destination: US # c\n# tail\n");
    assert_string_equal(p->brand.name, "Acme");
    sv_program_free(p);
}

static void test_leap_day(void **state)
{
    (void)state;
    sv_program *p = parse_ok(BRAND PROG "  launch_date: 2028-02-29\n");
    assert_true(p->has_launch_date);
    assert_int_equal(p->launch_date.year, 2028);
    assert_int_equal(p->launch_date.month, 2);
    assert_int_equal(p->launch_date.day, 29);
    sv_program_free(p);
    p = parse_ok(BRAND PROG "  launch_date: \"2027-12-31\"\n");
    assert_int_equal(p->launch_date.month, 12);
    sv_program_free(p);
}

static void test_anchors_and_aliases(void **state)
{
    (void)state;
    sv_program *p =
        parse_ok(BRAND PROG "  styles:\n"
                            "    - code: S1\n      sizes: &sz [S, M, L]\n"
                            "      colors: &cols\n        - { name: Black, units: 100 }\n"
                            "        - { name: Moss, units: 50 }\n"
                            "    - code: S2\n      sizes: *sz\n      colors: *cols\n");
    assert_int_equal(p->n_styles, 2);
    assert_int_equal(p->styles[1].n_sizes, 3);
    assert_int_equal(p->styles[1].n_colors, 2);
    assert_string_equal(p->styles[1].colors[1].name, "Moss");
    assert_int_equal(sv_program_units(p), 300);
    sv_program_free(p);
}

static void test_multiple_styles_and_units(void **state)
{
    (void)state;
    sv_program *p = parse_ok(
        BRAND PROG "  styles:\n"
                   "    - code: A\n      colors: [{ name: x, units: 1 }, { name: y, units: 2 }]\n"
                   "    - code: B\n      colors: [{ name: x, units: 10000000 }]\n");
    assert_int_equal(sv_style_units(&p->styles[0]), 3);
    assert_int_equal(sv_style_units(&p->styles[1]), 10000000);
    assert_int_equal(sv_program_units(p), 10000003);
    sv_program_free(p);
}

static void test_limits_accepted(void **state)
{
    (void)state;
    sv_program *p =
        parse_ok("brand:\n  name: Acme\n  currency: USD\n  payment_terms: { deposit_pct: 100 }\n"
                 "  team: { production_experience_years: 0 }\n" PROG STYLE
                 "      fabric: { weight_gsm: 10 }\n" COLORS
                 "      cost:\n        fabric: { consumption_m: 0.001, price_per_m: 0, "
                 "wastage_pct: 50 }\n        trims: 0\n        cmt: 0\n"
                 "        overhead_pct: 0\n        factory_margin_pct: 100\n");
    assert_int_equal(p->brand.deposit_bp, 10000);
    assert_int_equal(p->brand.production_experience_years, 0);
    assert_int_equal(p->styles[0].weight_gsm, 10);
    assert_int_equal(p->styles[0].cost.consumption_mm, 1);
    assert_int_equal(p->styles[0].cost.wastage_bp, 5000);
    assert_int_equal(p->styles[0].cost.overhead_bp, 0);
    assert_int_equal(p->styles[0].cost.margin_bp, 10000);
    sv_program_free(p);
}

/* ---- file fixtures and sv_program_load ---------------------------------------------- */

static sv_program *load_ok(const char *rel)
{
    char *path = source_path(rel);
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    if (sv_program_load(path, &p, &e) != SV_OK) {
        char buf[1024];
        fail_msg("%s: %s", path, sv_err_format(&e, buf, sizeof buf));
    }
    assert_string_equal(p->path, path);
    free(path);
    return p;
}

static void test_fixture_minimal(void **state)
{
    (void)state;
    sv_program *p = load_ok("tests/data/programs/minimal.yaml");
    assert_string_equal(p->brand.name, "Minimal Co");
    assert_string_equal(p->brand.currency->code, "EUR");
    assert_string_equal(p->name, "First drop");
    assert_string_equal(p->destination, "EU");
    assert_int_equal(p->n_styles, 0);
    sv_program_free(p);
}

static void test_fixture_lenient(void **state)
{
    (void)state;
    sv_program *p = load_ok("tests/data/programs/lenient.yaml");
    const sv_brand *b = &p->brand;
    assert_string_equal(b->name, "Lenient Labs");
    assert_int_equal(b->positioning, SV_TIER_PREMIUM);
    assert_int_equal(b->n_channels, 2);
    assert_true(b->channels[SV_CHANNEL_DTC]);
    assert_true(b->channels[SV_CHANNEL_MARKETPLACE]);
    assert_string_equal(b->currency->code, "USD");
    assert_int_equal(b->funding, SV_FUNDING_SEED);
    assert_int_equal(b->tech_design, SV_STAFF_IN_HOUSE);
    assert_int_equal(b->production_experience_years, 0);
    assert_int_equal(b->sampling_budget, 250000);
    assert_int_equal(b->deposit_bp, 5050);
    assert_int_equal(b->balance, SV_BALANCE_NET60);
    assert_int_equal(b->n_growth, 0);
    assert_string_equal(p->destination, "PT");
    assert_int_equal(p->launch_date.year, 2028);
    assert_int_equal(p->launch_date.day, 29);
    assert_int_equal(p->n_origins, 4);
    assert_string_equal(p->origins[0], "VN");
    assert_string_equal(p->origins[1], "TR");
    assert_string_equal(p->origins[2], "PT");
    assert_string_equal(p->origins[3], "US");
    assert_int_equal(p->n_certifications, 0);
    assert_int_equal(p->n_styles, 2);
    const sv_style *s = &p->styles[0];
    assert_int_equal(s->tier, SV_TIER_LUXURY);
    assert_int_equal(s->gender, SV_GENDER_UNISEX);
    assert_int_equal(s->construction, SV_CONSTR_KNIT);
    assert_int_equal(s->category, SV_CAT_TSHIRT);
    assert_int_equal(s->retail_price, 4500);
    assert_string_equal(s->colors[0].name, "Black");
    assert_int_equal(s->colors[0].units, 1200);
    assert_string_equal(s->colors[1].name, "White");
    assert_int_equal(s->colors[1].units, 300);
    assert_true(s->tech_pack.sketch && s->tech_pack.bom && s->tech_pack.measurements);
    assert_false(s->tech_pack.grading || s->tech_pack.construction || s->tech_pack.labels);
    assert_int_equal(sv_style_tier(p, &p->styles[1]), SV_TIER_PREMIUM);
    assert_int_equal(p->styles[1].n_sizes, 3);
    assert_int_equal(sv_program_units(p), 2000);
    sv_program_free(p);
}

static void test_fixture_bad_units(void **state)
{
    (void)state;
    char *path = source_path("tests/data/programs/bad_units.yaml");
    sv_program *p = (sv_program *)(uintptr_t)1;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_load(path, &p, &e), SV_ERR_SCHEMA);
    assert_null(p);
    assert_string_equal(e.file, path);
    assert_int_equal(e.line, 10);
    assert_int_equal(e.column, 37);
    assert_string_equal(e.field, "program.styles[BU-TEE-01].colors[0].units");
    char buf[1024], want[1024];
    snprintf(want, sizeof want,
             "%s:10:37: program.styles[BU-TEE-01].colors[0].units: must be at least 1, found -5",
             path);
    assert_string_equal(sv_err_format(&e, buf, sizeof buf), want);
    free(path);
}

static void test_load_missing_file(void **state)
{
    (void)state;
    const char *path = "/nonexistent-selvedge-dir/no-such-program.yaml";
    sv_program *p = (sv_program *)(uintptr_t)1;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_load(path, &p, &e), SV_ERR_IO);
    assert_null(p);
    assert_int_equal(e.code, SV_ERR_IO);
    assert_string_equal(e.file, path);
    assert_non_null(strstr(e.msg, "cannot open"));
    assert_non_null(strstr(e.msg, strerror(ENOENT)));
}

static void test_load_directory(void **state)
{
    (void)state;
    char *path = source_path("examples");
    sv_program *p = (sv_program *)(uintptr_t)1;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_load(path, &p, &e), SV_ERR_IO);
    assert_null(p);
    assert_string_equal(e.file, path);
    assert_true(e.msg[0] != '\0');
    free(path);
}

static char *temp_file(const char *prefix, size_t size, const char *head)
{
    const char *base = getenv("TMPDIR");
    char *path = malloc(4096);
    assert_non_null(path);
    snprintf(path, 4096, "%s/%s-XXXXXX", base && *base ? base : "/tmp", prefix);
    int fd = mkstemp(path);
    if (fd < 0)
        fail_msg("mkstemp(%s): %s", path, strerror(errno));
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    size_t hl = strlen(head);
    assert_true(hl <= size);
    assert_int_equal(fwrite(head, 1, hl, f), hl);
    /* pad with comment lines of 64 bytes, then spaces */
    char line[64];
    memset(line, '#', sizeof line - 1);
    line[sizeof line - 1] = '\n';
    size_t left = size - hl;
    while (left >= sizeof line) {
        assert_int_equal(fwrite(line, 1, sizeof line, f), sizeof line);
        left -= sizeof line;
    }
    while (left--)
        assert_int_equal(fputc(' ', f), ' ');
    assert_int_equal(fclose(f), 0);
    return path;
}

static void test_load_too_large(void **state)
{
    (void)state;
    char *path = temp_file("selvedge-big", (size_t)SV_PROGRAM_MAX_BYTES + 1, BRAND PROG);
    sv_program *p = (sv_program *)(uintptr_t)1;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_load(path, &p, &e), SV_ERR_IO);
    assert_null(p);
    assert_string_equal(e.file, path);
    assert_non_null(strstr(e.msg, "too large"));
    unlink(path);
    free(path);
}

static void test_load_exactly_max_size(void **state)
{
    (void)state;
    char *path = temp_file("selvedge-max", (size_t)SV_PROGRAM_MAX_BYTES, BRAND PROG);
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_program_load(path, &p, &e);
    unlink(path);
    if (rc != SV_OK) {
        char buf[1024];
        fail_msg("a file of exactly %u bytes is refused: %s", SV_PROGRAM_MAX_BYTES,
                 sv_err_format(&e, buf, sizeof buf));
    }
    assert_string_equal(p->brand.name, "Acme");
    sv_program_free(p);
    free(path);
}

static void test_load_empty_file(void **state)
{
    (void)state;
    char *path = temp_file("selvedge-empty", 0, "");
    sv_program *p = (sv_program *)(uintptr_t)1;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_load(path, &p, &e), SV_ERR_SCHEMA);
    assert_null(p);
    assert_string_equal(e.file, path);
    assert_non_null(strstr(e.msg, "empty"));
    unlink(path);
    free(path);
}

static void test_parse_too_large(void **state)
{
    (void)state;
    size_t len = (size_t)SV_PROGRAM_MAX_BYTES + 1;
    char *big = malloc(len);
    assert_non_null(big);
    memset(big, '\n', len);
    memcpy(big, BRAND PROG, strlen(BRAND PROG));
    sv_program *p = (sv_program *)(uintptr_t)1;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_parse(big, len, "big.yaml", &p, &e), SV_ERR_IO);
    assert_null(p);
    assert_string_equal(e.file, "big.yaml");
    assert_non_null(strstr(e.msg, "too large"));
    free(big);
}

/* ---- robustness ---------------------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rng(void)
{
    /* xorshift64*: deterministic across platforms */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

static size_t rnd(size_t n)
{
    return n ? (size_t)(rng() % n) : 0;
}

static size_t count_lines(const char *t, size_t len)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += t[i] == '\n';
    return n;
}

static void dump_input(const char *t, size_t len)
{
    fprintf(stderr, "--- input (%zu bytes) ---\n", len);
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)t[i];
        if (ch == '\n' || (ch >= 0x20 && ch < 0x7f))
            fputc(ch, stderr);
        else
            fprintf(stderr, "\\x%02x", ch);
    }
    fprintf(stderr, "\n--- end ---\n");
}

/* Positions outside the file are counted rather than failing at once, so that a loop runs
 * to the end (and the sanitizers see every input); soft_check() then fails the test. */
static int soft_count;
static char soft_first[1024];

static void soft_reset(void)
{
    soft_count = 0;
    soft_first[0] = '\0';
}

static void soft_check(const char *what)
{
    if (soft_count)
        fail_msg("%d %s inputs got an error position outside the file; first: %s", soft_count, what,
                 soft_first);
}

/* Parse from an exact-size heap copy (no NUL after it) and check the contract: OK with a
 * program, or an input error with a message, a position inside the file and no program. */
static sv_code parse_checked(const char *text, size_t len, const char *what, long iter)
{
    char *exact = malloc(len ? len : 1);
    assert_non_null(exact);
    memcpy(exact, text, len);
    sv_program *p = (sv_program *)(uintptr_t)1;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_program_parse(exact, len, "fuzz.yaml", &p, &e);
    const char *problem = NULL;
    if (rc == SV_OK) {
        if (!p)
            problem = "OK without a program";
        else if (!p->brand.name || !p->brand.currency || !p->name || strlen(p->destination) != 2)
            problem = "OK with a required field missing";
        else
            for (size_t i = 0; i < p->n_styles && !problem; i++) {
                const sv_style *s = &p->styles[i];
                if (!s->code || s->n_colors == 0)
                    problem = "OK with a style without code or colours";
                for (size_t j = 0; j < s->n_colors && !problem; j++)
                    if (s->colors[j].units < 1 || !s->colors[j].name)
                        problem = "OK with a bad colour";
            }
        sv_program_free(p);
    } else {
        if (p)
            problem = "error with a program";
        else if (rc != SV_ERR_SYNTAX && rc != SV_ERR_SCHEMA)
            problem = "unexpected error code";
        else if (e.code != rc || e.msg[0] == '\0')
            problem = "error without a message";
        else if (strcmp(e.file, "fuzz.yaml") != 0)
            problem = "error without the file name";
        else if (e.line < 1 || (size_t)e.line > count_lines(exact, len) || e.column < 1) {
            if (!soft_count++) {
                char buf[512];
                dump_input(exact, len);
                snprintf(soft_first, sizeof soft_first, "%s %ld (%zu lines): %s", what, iter,
                         count_lines(exact, len), sv_err_format(&e, buf, sizeof buf));
            }
        }
    }
    if (problem) {
        char buf[1024];
        dump_input(exact, len);
        free(exact);
        fail_msg("%s %ld: %s (rc %d: %s)", what, iter, problem, (int)rc,
                 sv_err_format(&e, buf, sizeof buf));
    }
    free(exact);
    return rc;
}

static const char *const inserts[] = {":",
                                      "-",
                                      "[",
                                      "{",
                                      "]",
                                      "}",
                                      ",",
                                      "&a ",
                                      "*a",
                                      "\"",
                                      "'",
                                      "\t",
                                      "#",
                                      "\n",
                                      " ",
                                      "  ",
                                      "? ",
                                      "|",
                                      ">",
                                      "!",
                                      "!!int ",
                                      "%",
                                      "@",
                                      "`",
                                      "---\n",
                                      "...\n",
                                      "~",
                                      "-1",
                                      "0",
                                      "1e9",
                                      "99999999999999999999",
                                      "\xff",
                                      "\xc3",
                                      "\xe2\x80\xa8",
                                      "\\",
                                      "\0",
                                      "&b [*b]",
                                      "<<: ",
                                      "null",
                                      "yes",
                                      "- ",
                                      ": ",
                                      "\r",
                                      "\r\n",
                                      "*",
                                      "&",
                                      "1.005",
                                      "2027-02-30",
                                      "\xef\xbb\xbf"};

static void mutate(char *buf, size_t *len, size_t cap)
{
    size_t n = *len;
    switch (rnd(6)) {
    case 0: /* delete a run of bytes */
        if (n) {
            size_t at = rnd(n), k = 1 + rnd(4);
            if (k > n - at)
                k = n - at;
            memmove(buf + at, buf + at + k, n - at - k);
            n -= k;
        }
        break;
    case 1: /* duplicate a run of bytes */
        if (n) {
            size_t at = rnd(n), k = 1 + rnd(12);
            if (k > n - at)
                k = n - at;
            if (n + k <= cap) {
                memmove(buf + at + k, buf + at, n - at);
                n += k;
            }
        }
        break;
    case 2: /* replace a byte */
        if (n)
            buf[rnd(n)] = (char)rng();
        break;
    case 3: { /* swap two lines */
        size_t a = rnd(n), b = rnd(n);
        while (a > 0 && buf[a - 1] != '\n')
            a--;
        while (b > 0 && buf[b - 1] != '\n')
            b--;
        if (a > b) {
            size_t t = a;
            a = b;
            b = t;
        }
        size_t ae = a;
        while (ae < n && buf[ae] != '\n')
            ae++;
        if (ae >= b || ae >= n)
            break;
        size_t be = b;
        while (be < n && buf[be] != '\n')
            be++;
        /* [a, ae) line A, [ae, b) middle (starting with '\n'), [b, be) line B */
        size_t la = ae - a, lm = b - ae, lb = be - b;
        char *tmp = malloc(la + lm + lb + 1);
        assert_non_null(tmp);
        memcpy(tmp, buf + b, lb);
        memcpy(tmp + lb, buf + ae, lm);
        memcpy(tmp + lb + lm, buf + a, la);
        memcpy(buf + a, tmp, la + lm + lb);
        free(tmp);
        break;
    }
    default: { /* insert a token that means something to YAML */
        size_t i = rnd(sizeof inserts / sizeof inserts[0]);
        const char *s = inserts[i];
        size_t k = *s ? strlen(s) : 1; /* "\0" inserts one NUL byte */
        size_t at = rnd(n + 1);
        if (n + k <= cap) {
            memmove(buf + at + k, buf + at, n - at);
            memcpy(buf + at, s, k);
            n += k;
        }
        break;
    }
    }
    *len = n;
}

static void test_mutation_fuzz(void **state)
{
    (void)state;
    const char *env_base = getenv("SELVEDGE_FUZZ_BASE"); /* another starting file */
    char *path = env_base && *env_base ? strdup(env_base) : source_path("examples/northline.yaml");
    size_t base_len;
    char *base = slurp(path, &base_len);
    size_t cap = base_len * 2 + 256;
    char *buf = malloc(cap);
    assert_non_null(buf);
    /* fixed seed and count; SELVEDGE_FUZZ_SEED / SELVEDGE_FUZZ_ITERATIONS for longer hunts */
    const char *env_seed = getenv("SELVEDGE_FUZZ_SEED"),
               *env_iter = getenv("SELVEDGE_FUZZ_ITERATIONS");
    rng_state = env_seed && *env_seed ? strtoull(env_seed, NULL, 0) | 1 : 0x5e1ed6e5eed0001ULL;
    long iterations = env_iter && *env_iter ? strtol(env_iter, NULL, 10) : 3000;
    soft_reset();
    int ok = 0, syntax = 0, schema = 0;
    for (long iter = 0; iter < iterations; iter++) {
        memcpy(buf, base, base_len);
        size_t len = base_len;
        int rounds = 1 + (int)rnd(4);
        for (int r = 0; r < rounds; r++)
            mutate(buf, &len, cap);
        sv_code rc = parse_checked(buf, len, "mutation", iter);
        ok += rc == SV_OK;
        syntax += rc == SV_ERR_SYNTAX;
        schema += rc == SV_ERR_SCHEMA;
    }
    /* the mutations reach every layer: some survive, some break YAML, some break the schema */
    free(buf);
    free(base);
    free(path);
    if (iterations >= 3000 && !(env_base && *env_base)) {
        assert_true(ok > 50);
        assert_true(syntax > 50);
        assert_true(schema > 50);
    }
    soft_check("mutated");
}

/* Every simple value in the example replaced in turn by each hostile value. When the result
 * is well-formed YAML and refused by the schema, the error must be on the edited line unless
 * the value made a required field disappear. */
static void test_value_substitution(void **state)
{
    (void)state;
    static const char *const values[] = {"",
                                         "~",
                                         "null",
                                         "[]",
                                         "{}",
                                         "[1]",
                                         "{a: 1}",
                                         "abc",
                                         "-1",
                                         "0",
                                         "1.5",
                                         "1.23456",
                                         "99999999999999999999",
                                         "-0",
                                         "\"\"",
                                         "''",
                                         "yes",
                                         "2027-02-30",
                                         "\"\\0\"",
                                         "\"\\u00e9\"",
                                         "*x",
                                         "&x y",
                                         "!!binary aGk=",
                                         "1e3",
                                         "0x1F",
                                         ".inf",
                                         "\"  \"",
                                         "\"\xc3\xa9t\xc3\xa9\"",
                                         "\"a\\tb\"",
                                         "[a, [b, [c]]]"};
    char *path = source_path("examples/northline.yaml");
    size_t base_len;
    char *base = slurp(path, &base_len);
    size_t cap = base_len + 256;
    char *buf = malloc(cap);
    assert_non_null(buf);
    long iter = 0;
    int line = 1;
    soft_reset();
    for (size_t ls = 0; ls < base_len; line++) {
        size_t le = ls;
        while (le < base_len && base[le] != '\n')
            le++;
        /* a "key: value" line whose value is plain: find ": " not inside { } */
        const char *colon = NULL;
        for (size_t i = ls; i + 1 < le; i++) {
            if (base[i] == '{' || base[i] == '[' || base[i] == '#' || base[i] == '"')
                break;
            if (base[i] == ':' && base[i + 1] == ' ') {
                colon = base + i;
                break;
            }
        }
        if (colon) {
            size_t vs = (size_t)(colon - base) + 2;
            while (vs < le && base[vs] == ' ')
                vs++;
            size_t ve = vs;
            while (ve < le && !(base[ve] == ' ' && ve + 1 < le && base[ve + 1] == '#'))
                ve++;
            while (ve > vs && base[ve - 1] == ' ')
                ve--;
            if (ve > vs && base[vs] != '{' && base[vs] != '[') {
                for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
                    size_t vl = strlen(values[v]);
                    size_t len = vs + vl + (base_len - ve);
                    assert_true(len <= cap);
                    memcpy(buf, base, vs);
                    memcpy(buf + vs, values[v], vl);
                    memcpy(buf + vs + vl, base + ve, base_len - ve);
                    sv_err e;
                    sv_err_clear(&e);
                    sv_code rc = parse_checked(buf, len, "substitution", iter++);
                    if (rc != SV_ERR_SCHEMA)
                        continue;
                    /* parse again for the error details */
                    sv_program *p = NULL;
                    sv_program_parse(buf, len, "fuzz.yaml", &p, &e);
                    assert_null(p);
                    if (strstr(e.msg, "required field") || strstr(e.msg, "at least one colour"))
                        continue;
                    if (e.line != line) {
                        char eb[1024];
                        dump_input(buf, len);
                        fail_msg("value \"%s\" on line %d: error reported on line %d: %s",
                                 values[v], line, e.line, sv_err_format(&e, eb, sizeof eb));
                    }
                }
            }
        }
        ls = le + 1;
    }
    assert_true(iter > 300);
    free(buf);
    free(base);
    free(path);
    soft_check("substituted");
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Ten levels of ten aliases each: expanded, 10^10 nodes. The loader must not expand it. */
static void test_billion_laughs(void **state)
{
    (void)state;
    size_t cap = 1 << 16;
    char *t = malloc(cap);
    assert_non_null(t);
    soft_reset();
    /* at the top level, before and after the real sections */
    for (int h = 0; h < 2; h++) {
        int n = h ? snprintf(t, cap, BRAND PROG) : 0;
        n += snprintf(t + n, cap - (size_t)n,
                      "lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            n += snprintf(t + n, cap - (size_t)n, "lol%d: &a%d [", i, i);
            for (int j = 0; j < 10; j++)
                n += snprintf(t + n, cap - (size_t)n, "%s*a%d", j ? ", " : "", i - 1);
            n += snprintf(t + n, cap - (size_t)n, "]\n");
        }
        if (!h)
            n += snprintf(t + n, cap - (size_t)n, BRAND PROG);
        double t0 = now_seconds();
        assert_int_equal(parse_checked(t, (size_t)n, "laughs", h), SV_ERR_SCHEMA);
        assert_true(now_seconds() - t0 < 2.0);
    }
    /* inside a field the walk visits: the bomb is a list where a country belongs */
    int n = snprintf(t, cap,
                     BRAND "program:\n  name: P\n  destination: US\n"
                           "  certifications_required: &c0 [lol, lol, lol, lol, lol]\n"
                           "  origin_preference: [");
    for (int j = 0; j < 200; j++)
        n += snprintf(t + n, cap - (size_t)n, "%s*c0", j ? ", " : "");
    n += snprintf(t + n, cap - (size_t)n, "]\n");
    double t0 = now_seconds();
    assert_int_equal(parse_checked(t, (size_t)n, "laughs", 2), SV_ERR_SCHEMA);
    assert_true(now_seconds() - t0 < 2.0);
    free(t);
    soft_check("alias bomb");
}

/* Aliases can multiply real work only up to the caps: 1000 styles sharing one list of 200
 * colours and 60 sizes is a large but legal program. */
static void test_alias_amplification_within_caps(void **state)
{
    (void)state;
    size_t cap = 1 << 17;
    char *t = malloc(cap);
    assert_non_null(t);
    int n = snprintf(t, cap, BRAND PROG "  styles:\n    - { code: S0, sizes: &z [");
    for (int i = 0; i < 60; i++)
        n += snprintf(t + n, cap - (size_t)n, "%ss%d", i ? ", " : "", i);
    n += snprintf(t + n, cap - (size_t)n, "], colors: &c [");
    for (int i = 0; i < 200; i++)
        n += snprintf(t + n, cap - (size_t)n, "%s{ name: c%d, units: 1 }", i ? ", " : "", i);
    n += snprintf(t + n, cap - (size_t)n, "] }\n");
    for (int i = 1; i < 1000; i++)
        n += snprintf(t + n, cap - (size_t)n, "    - { code: S%d, sizes: *z, colors: *c }\n", i);
    assert_true((size_t)n < cap);
    double t0 = now_seconds();
    sv_program *p = parse_ok(t);
    double dt = now_seconds() - t0;
    assert_int_equal(p->n_styles, 1000);
    assert_int_equal(sv_program_units(p), 200000);
    sv_program_free(p);
    assert_true(dt < 30.0);
    free(t);
}

/* Deep nesting inside the size limit must be refused quickly, not parsed in quadratic
 * time. 50,000 levels is 100 KB, far under the 4 MiB cap. */
static void test_deep_nesting(void **state)
{
    (void)state;
    const char *open[] = {"[", "{a: "};
    const char *close[] = {"]", "}"};
    char slow[256] = "";
    soft_reset();
    for (size_t k = 0; k < 2; k++) {
        size_t depth = 50000, ol = strlen(open[k]);
        size_t cap = 16 + depth * (ol + 1) + 2;
        char *t = malloc(cap);
        assert_non_null(t);
        size_t n = 0;
        memcpy(t, "brand: ", 7);
        n = 7;
        for (size_t i = 0; i < depth; i++, n += ol)
            memcpy(t + n, open[k], ol);
        for (size_t i = 0; i < depth; i++)
            t[n++] = close[k][0];
        t[n++] = '\n';
        double t0 = now_seconds();
        sv_code rc = parse_checked(t, n, "nesting", (long)k);
        double dt = now_seconds() - t0;
        free(t);
        assert_int_not_equal(rc, SV_OK);
        if (dt > 1.0 && !slow[0])
            snprintf(slow, sizeof slow, "%zu levels of \"%s\" took %.1f s to refuse", depth,
                     open[k], dt);
        else if (dt > 1.0)
            snprintf(slow + strlen(slow), sizeof slow - strlen(slow), "; \"%s\" took %.1f s",
                     open[k], dt);
    }
    if (slow[0])
        fail_msg("%s", slow);
    soft_check("deeply nested");
}

/* Every prefix of the example: truncation anywhere is an error or a smaller program. */
static void test_every_truncation(void **state)
{
    (void)state;
    char *path = source_path("examples/northline.yaml");
    size_t len;
    char *base = slurp(path, &len);
    soft_reset();
    for (size_t i = 0; i <= len; i++)
        parse_checked(base, i, "truncation", (long)i);
    free(base);
    free(path);
    soft_check("truncated");
}

/* Control characters from YAML escapes ("\e", "\x1b", "\u009b", "\a", "\r") or written as
 * bidirectional overrides refuse the whole program, naming file:line:column and the field. */
static void test_control_characters(void **state)
{
    (void)state;
    static const struct {
        const char *yaml;
        int line, column;
        const char *field;
        const char *what;
    } cases[] = {
        {"brand:\n  name: \"Acme\\e[31m\"\n  currency: USD\n" PROG STYLE COLORS, 2, 9, "name",
         "U+001B (ESC)"},
        {"brand:\n  name: \"Acme\\x1b]8;;http://evil.test\\x1b\\\\link\"\n  currency: USD\n" PROG
             STYLE COLORS,
         2, 9, "name", "U+001B (ESC)"},
        {BRAND "program:\n  name: \"P\\u009b31m\"\n  destination: US\n" STYLE COLORS, 5, 9, "name",
         "U+009B (CSI)"},
        {BRAND "program:\n  name: \"P\\a\"\n  destination: US\n" STYLE COLORS, 5, 9, "name",
         "U+0007 (BEL)"},
        {BRAND "program:\n  name: \"P\\rQ\"\n  destination: US\n" STYLE COLORS, 5, 9, "name",
         "U+000D (CR)"},
        {BRAND "program:\n  name: \"P\\x7f\"\n  destination: US\n" STYLE COLORS, 5, 9, "name",
         "U+007F (DEL)"},
        {BRAND PROG STYLE "      name: \"Legging \\u202Egnip\"\n" COLORS, 9, 13, "name", "U+202E"},
        {BRAND PROG STYLE "      colors:\n        - { name: \"Bl\\eack\", units: 10 }\n", 10, 19,
         "name", "U+001B (ESC)"},
        {BRAND PROG "  certifications_required: [\"GOTS\\e\"]\n" STYLE COLORS, 7, 29,
         "certifications_required[0]", "U+001B (ESC)"},
        {BRAND PROG STYLE "      \"co\\edes\": x\n" COLORS, 9, 7, "", "a key"},
        {"brand:\n  name: \"Two\\nLines\"\n  currency: USD\n" PROG STYLE COLORS, 2, 9, "name",
         "line break"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sv_program *p = NULL;
        sv_err e;
        sv_err_clear(&e);
        sv_code rc = sv_program_parse(cases[i].yaml, strlen(cases[i].yaml), "c.yaml", &p, &e);
        char buf[1024];
        sv_err_format(&e, buf, sizeof buf);
        if (rc != SV_ERR_SCHEMA || e.line != cases[i].line || e.column != cases[i].column ||
            strcmp(e.field, cases[i].field) != 0 || !strstr(e.msg, cases[i].what))
            fail_msg("case %zu: %s (%s); expected %d:%d %s \"%s\"", i, buf, sv_code_name(rc),
                     cases[i].line, cases[i].column, cases[i].field, cases[i].what);
        assert_null(p);
    }
    /* TAB inside a name is a space */
    sv_program *p = NULL;
    sv_err e;
    const char *yaml = "brand:\n  name: \"Tab\\tName\"\n  currency: USD\n" PROG STYLE COLORS;
    assert_int_equal(sv_program_parse(yaml, strlen(yaml), "t.yaml", &p, &e), SV_OK);
    assert_string_equal(p->brand.name, "Tab Name");
    sv_program_free(p);
}

/* certifications_required is held as groups: "GOTS or OEKO-TEX 100" a choice (issue 8: it
 * required both), "GOTS and BSCI" two, each entry its own; the same group twice is one. An
 * entry that mixes "or" with "and" is refused, naming its line, column and field. */
static void test_certifications_required_groups(void **state)
{
    (void)state;
    const char *yaml = BRAND PROG "  certifications_required: [\"GOTS or OEKO-TEX 100\", "
                                  "GOTS and BSCI, Higg FEM, GOTS]\n" STYLE COLORS;
    sv_program *p = NULL;
    sv_err e;
    if (sv_program_parse(yaml, strlen(yaml), "p.yaml", &p, &e) != SV_OK) {
        char buf[1024];
        fail_msg("%s", sv_err_format(&e, buf, sizeof buf));
    }
    assert_int_equal(p->n_certifications, 4);
    assert_int_equal(p->n_cert_groups, 4);
    assert_int_equal(p->cert_groups[0].any, (1u << SV_CERT_GOTS) | (1u << SV_CERT_OEKO_TEX_100));
    assert_string_equal(p->cert_groups[0].text, "GOTS or OEKO-TEX 100");
    assert_int_equal(p->cert_groups[1].any, 1u << SV_CERT_GOTS);
    assert_int_equal(p->cert_groups[2].any, 1u << SV_CERT_AMFORI_BSCI);
    assert_int_equal(p->cert_groups[3].any, 0);
    assert_string_equal(p->cert_groups[3].unknown, "Higg FEM");
    sv_program_free(p);
    yaml = BRAND PROG
        "  certifications_required: [GOTS, \"GOTS or OEKO-TEX 100 and BSCI\"]\n" STYLE COLORS;
    assert_int_equal(sv_program_parse(yaml, strlen(yaml), "p.yaml", &p, &e), SV_ERR_SCHEMA);
    assert_null(p);
    assert_int_equal(e.line, 7);
    assert_int_equal(e.column, 35);
    assert_string_equal(e.field, "program.certifications_required[1]");
    if (!strstr(e.msg, "\"or\" and \"and\""))
        fail_msg("%s", e.msg);
}

/* certifications_required keeps every name as written: each spelling of each certification
 * reads as it (the engines read them with sv_cert_parse_all), and a name selvedge does not
 * know stays in the program for the engines to report as unchecked. */
static void test_certifications_required_spellings(void **state)
{
    (void)state;
    size_t n;
    cert_case *cases = cert_cases_all(&n);
    for (size_t from = 0; from < n; from += 150) {
        size_t to = from + 150 < n ? from + 150 : n;
        size_t cap = 512 + (to - from) * 200;
        char *yaml = malloc(cap);
        assert_non_null(yaml);
        size_t o = (size_t)snprintf(yaml, cap, BRAND PROG "  certifications_required:\n");
        for (size_t i = from; i < to; i++)
            o += (size_t)snprintf(yaml + o, cap - o, "    - \"%s\"\n", cases[i].text);
        o += (size_t)snprintf(yaml + o, cap - o, "    - ZDHC\n" STYLE COLORS);
        sv_program *p = NULL;
        sv_err e;
        if (sv_program_parse(yaml, o, "p.yaml", &p, &e) != SV_OK) {
            char buf[1024];
            fail_msg("%s", sv_err_format(&e, buf, sizeof buf));
        }
        assert_int_equal(p->n_certifications, to - from + 1);
        for (size_t i = from; i < to; i++) {
            const char *got = p->certifications[i - from];
            assert_string_equal(got, cases[i].text);
            if (sv_cert_parse_all(got) != 1u << cases[i].cert)
                fail_msg("\"%s\" reads as %#x", got, sv_cert_parse_all(got));
        }
        assert_string_equal(p->certifications[to - from], "ZDHC");
        assert_int_equal(sv_cert_parse_all("ZDHC"), 0);
        /* each spelling is one required certification (spellings of one are one group), ZDHC
         * one that cannot be checked */
        uint32_t want = 0, got = 0;
        for (size_t i = from; i < to; i++) {
            sv_cert_group g[SV_CERT_GROUPS_MAX];
            char why[300];
            int k = sv_cert_groups_parse(cases[i].text, p->pool, g, SV_CERT_GROUPS_MAX, why,
                                         sizeof why);
            if (k != 1 || g[0].any != 1u << cases[i].cert || g[0].unknown)
                fail_msg("\"%s\": %d groups, the first %#x", cases[i].text, k,
                         k > 0 ? g[0].any : 0);
            want |= 1u << cases[i].cert;
        }
        size_t certs = 0;
        for (uint32_t w = want; w; w &= w - 1)
            certs++;
        assert_int_equal(p->n_cert_groups, certs + 1);
        for (size_t k = 0; k < certs; k++) {
            assert_null(p->cert_groups[k].unknown);
            got |= p->cert_groups[k].any;
        }
        assert_int_equal(got, want);
        assert_int_equal(p->cert_groups[certs].any, 0);
        assert_string_equal(p->cert_groups[certs].unknown, "ZDHC");
        sv_program_free(p);
        free(yaml);
    }
    free(cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_northline_loads),
        cmocka_unit_test(test_northline_parse_exact_buffer),
        cmocka_unit_test(test_parse_respects_len),
        cmocka_unit_test(test_northline_with_crlf),
        ERROR_CASES(CASE_TEST) cmocka_unit_test(test_raw_nul_byte),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_unclosed_quote),
        cmocka_unit_test(test_error_at_end_without_newline),
        cmocka_unit_test(test_unclosed_bracket),
        cmocka_unit_test(test_unclosed_brace),
        cmocka_unit_test(test_only_document_marker),
        cmocka_unit_test(test_name_too_long),
        cmocka_unit_test(test_name_length_counts_characters),
        cmocka_unit_test(test_key_with_nul),
        cmocka_unit_test(test_list_caps),
        cmocka_unit_test(test_error_format),
        cmocka_unit_test(test_error_on_crlf_text_has_right_position),
        cmocka_unit_test(test_first_error_reported),
        cmocka_unit_test(test_null_err_and_name),
        cmocka_unit_test(test_country_names),
        cmocka_unit_test(test_country_names_deduplicated),
        cmocka_unit_test(test_eu_destination),
        cmocka_unit_test(test_capitalised_enums),
        cmocka_unit_test(test_quoted_numbers),
        cmocka_unit_test(test_optional_fields_absent),
        cmocka_unit_test(test_optional_fields_null),
        cmocka_unit_test(test_no_styles),
        cmocka_unit_test(test_payment_terms_partial),
        cmocka_unit_test(test_numbers_grouped),
        cmocka_unit_test(test_genders_and_new_categories),
        cmocka_unit_test(test_location_origin_factory),
        cmocka_unit_test(test_contact),
        cmocka_unit_test(test_amounts_with_currency),
        cmocka_unit_test(test_payment_methods),
        cmocka_unit_test(test_extra_costs),
        cmocka_unit_test(test_style_tier_override),
        cmocka_unit_test(test_currency_exponent_0),
        cmocka_unit_test(test_currency_exponent_3),
        cmocka_unit_test(test_booleans),
        cmocka_unit_test(test_text_is_trimmed),
        cmocka_unit_test(test_document_markers_and_bom),
        cmocka_unit_test(test_leap_day),
        cmocka_unit_test(test_anchors_and_aliases),
        cmocka_unit_test(test_multiple_styles_and_units),
        cmocka_unit_test(test_limits_accepted),
        cmocka_unit_test(test_fixture_minimal),
        cmocka_unit_test(test_fixture_lenient),
        cmocka_unit_test(test_fixture_bad_units),
        cmocka_unit_test(test_load_missing_file),
        cmocka_unit_test(test_load_directory),
        cmocka_unit_test(test_load_too_large),
        cmocka_unit_test(test_load_exactly_max_size),
        cmocka_unit_test(test_load_empty_file),
        cmocka_unit_test(test_parse_too_large),
        cmocka_unit_test(test_mutation_fuzz),
        cmocka_unit_test(test_value_substitution),
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_alias_amplification_within_caps),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_certifications_required_spellings),
        cmocka_unit_test(test_certifications_required_groups),
        cmocka_unit_test(test_control_characters),
    };
    return cmocka_run_group_tests_name("io/program_yaml", tests, NULL, NULL);
}
