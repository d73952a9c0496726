/* Tests for lib/io/program_fabric.c: fabrics named once at the top of a program file and used by
 * several styles (fabric: <id>). The spec: every key read as documented (docs/program.md
 * "fabrics"), a style takes its fabric's composition, weight and construction, a cost sheet its
 * price, and an unknown id or a bad value is refused naming file:line:column and the field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "selvedge/cert.h"
#include "../test_util.h"

#define BRAND "brand:\n  name: Acme\n  currency: EUR\n" /* lines 1-3 */

static int g_wrong; /* refusals not as expected, reported one by one, failed at the end */

/* The text must be refused with an error at line:col naming field, its message holding
 * phrase. */
static void refused(const char *yaml, int line, int col, const char *field, const char *phrase)
{
    if (!tu_refused("f.yaml", yaml, line, col, field, phrase))
        g_wrong++;
}

static const char DENIM[] = BRAND "fabrics:\n"                       /* 4 */
                                  "  - id: DEN-12\n"                 /* 5 */
                                  "    name: 12 oz selvedge denim\n" /* 6 */
                                  "    description: Ring-spun, right-hand twill, from Okayama\n"
                                  "    construction: denim\n"                      /* 8 */
                                  "    composition: 100% cotton\n"                 /* 9 */
                                  "    weight_gsm: 407\n"                          /* 10 */
                                  "    width_cm: 80\n"                             /* 11 */
                                  "    price_per_m: 14.50 USD\n"                   /* 12 */
                                  "    mill_origin: Japan\n"                       /* 13 */
                                  "    source: stock\n"                            /* 14 */
                                  "    washes: [rinse, one wash, vintage]\n"       /* 15 */
                                  "  - id: rib-1x1\n"                              /* 16 */
                                  "    construction: knit\n"                       /* 17 */
                                  "    composition: 95% cotton, 5% elastane\n"     /* 18 */
                                  "    bought_by: kg\n"                            /* 19 */
                                  "  - id: sock-yarn\n"                            /* 20 */
                                  "    knitted_to_shape: true\n"                   /* 21 */
                                  "    price_per_kg: 6.80\n"                       /* 22 */
                                  "program:\n"                                     /* 23 */
                                  "  name: P\n  destination: DE\n"                 /* 24-25 */
                                  "  styles:\n"                                    /* 26 */
                                  "    - code: J1\n"                               /* 27 */
                                  "      category: jeans\n"                        /* 28 */
                                  "      fabric: DEN-12\n"                         /* 29 */
                                  "      colors: [{ name: Indigo, units: 300 }]\n" /* 30 */
                                  "      cost:\n"                                  /* 31 */
                                  "        fabric: { consumption_m: 1.6 }\n"       /* 32 */
                                  "        trims: 2.10\n        cmt: 9.00\n"       /* 33-34 */
                                  "    - code: J2\n"                               /* 35 */
                                  "      construction: woven\n"                    /* 36 */
                                  "      fabric: den-12\n"                         /* 37 */
                                  "      colors: [{ name: Indigo, units: 200 }]\n" /* 38 */
                                  "      cost:\n"                                  /* 39 */
                                  "        fabric: { consumption_m: 1.5, price_per_m: 13.00 EUR }\n"
                                  "        trims: 2.10\n        cmt: 9.00\n";

static void test_fabrics_read(void **state)
{
    (void)state;
    sv_program *p = tu_parse(DENIM);
    assert_int_equal(p->n_fabrics, 3);
    const sv_fabric *d = &p->fabrics[0];
    assert_string_equal(d->id, "DEN-12");
    assert_string_equal(d->name, "12 oz selvedge denim");
    assert_string_equal(d->description, "Ring-spun, right-hand twill, from Okayama");
    assert_int_equal(d->construction, SV_CONSTR_DENIM);
    assert_string_equal(d->composition, "100% cotton");
    assert_int_equal(d->weight_gsm, 407);
    assert_int_equal(d->width_cm, 80);
    assert_int_equal(d->unit, SV_UNIT_M);
    assert_int_equal(d->price.amount, 1450);
    assert_string_equal(d->price.currency->code, "USD");
    assert_string_equal(d->mill_origin, "JP");
    assert_int_equal(d->source, SV_FABRIC_STOCK);
    assert_false(d->knitted_to_shape);
    assert_false(d->no_minimum);
    assert_int_equal(d->n_washes, 3);
    assert_string_equal(d->washes[1], "one wash");
    assert_int_equal(d->line, 5);
    const sv_fabric *r = &p->fabrics[1];
    assert_int_equal(r->unit, SV_UNIT_KG);
    assert_int_equal(r->price.amount, SV_UNSET);
    assert_null(r->price.currency);
    assert_int_equal(r->weight_gsm, SV_UNSET);
    assert_int_equal(r->width_cm, SV_UNSET);
    assert_string_equal(r->mill_origin, "");
    assert_int_equal(r->source, SV_FABRIC_UNSET);
    assert_int_equal(r->n_washes, 0);
    const sv_fabric *k = &p->fabrics[2];
    assert_true(k->knitted_to_shape);
    assert_true(k->no_minimum); /* knitted to shape: no fabric is bought by the metre */
    assert_int_equal(k->unit, SV_UNIT_KG);
    assert_string_equal(k->price.currency->code, "EUR");

    /* two styles cut from one fabric: each points at it, and takes what it says */
    const sv_style *j1 = &p->styles[0], *j2 = &p->styles[1];
    assert_ptr_equal(j1->fabric, d);
    assert_ptr_equal(j2->fabric, d); /* ids compare without case */
    assert_string_equal(j1->composition, "100% cotton");
    assert_int_equal(j1->weight_gsm, 407);
    assert_int_equal(j1->construction, SV_CONSTR_DENIM); /* the fabric's, not said by the style */
    assert_int_equal(j2->construction, SV_CONSTR_WOVEN); /* the style's own */
    /* J1's sheet takes the fabric's price, in its dollars: pending until converted */
    assert_true(p->fx_pending);
    assert_true(j1->cost_given.price_from_fabric);
    assert_int_equal(j1->cost_given.price_per_m, SV_UNSET);
    assert_false(j1->cost.present);
    /* J2's sheet gives its own price, in euros: ready */
    assert_false(j2->cost_given.price_from_fabric);
    assert_true(j2->cost.present);
    assert_int_equal(j2->cost.price_per_m, 1300);

    sv_refdata *rd = tu_refdata();
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_fx(p, rd, &e), SV_OK);
    assert_true(j1->cost.present);
    assert_string_equal(j1->cost.currency->code, "EUR");
    /* 14.50 USD = 14.50 / 1.1755 EUR = 12.335 -> 12.34 */
    assert_int_equal(j1->cost.price_per_m, 1234);
    assert_int_equal(j1->cost.trims, 210);
    assert_int_equal(j1->cost.consumption_mm, 1600);
    assert_int_equal(j2->cost.price_per_m, 1300);
    sv_refdata_free(rd);
    sv_program_free(p);
}

/* A fabric's price in the sheet's currency is copied into the sheet; a fabric bought by the
 * kilogram makes the sheet a kilogram sheet. */
static void test_fabric_price_into_sheet(void **state)
{
    (void)state;
    sv_program *p =
        tu_parse(BRAND "fabrics:\n  - { id: J1, price_per_kg: 7.20, construction: knit }\n"
                       "program:\n  name: P\n  destination: DE\n  styles:\n"
                       "    - code: T\n      fabric: J1\n"
                       "      colors: [{ name: x, units: 1 }]\n"
                       "      cost:\n        fabric: { consumption_kg: 0.25 }\n"
                       "        trims: 0.2\n        cmt: 1\n");
    assert_false(p->fx_pending);
    const sv_costsheet *k = &p->styles[0].cost;
    assert_true(k->present);
    assert_true(k->by_kg);
    assert_true(k->price_from_fabric);
    assert_int_equal(k->price_per_m, 720);
    assert_int_equal(k->consumption_mm, 250);
    sv_program_free(p);
}

#define PROG_S "program:\n  name: P\n  destination: DE\n  styles:\n    - code: S\n"
#define COL "      colors: [{ name: x, units: 1 }]\n"

static void test_fabric_errors(void **state)
{
    (void)state;
    /* an unknown id: its line, with the nearest */
    refused(BRAND "fabrics:\n  - id: DEN-12\n" PROG_S "      fabric: DEN-21\n" COL, 11, 15,
            "program.styles[S].fabric", "unknown fabric \"DEN-21\" (did you mean \"DEN-12\"?)");
    refused(BRAND PROG_S "      fabric: DEN-21\n" COL, 9, 15, "program.styles[S].fabric",
            "the file has no fabrics: list");
    refused(BRAND "fabrics:\n  - id: A\n  - id: a\n" PROG_S COL, 6, 5, "fabrics[1].id",
            "fabric id \"a\" is used twice (first on line 5)");
    refused(BRAND "fabrics:\n  - name: x\n" PROG_S COL, 5, 5, "fabrics[0].id",
            "required field \"id\" is missing");
    refused(BRAND "fabrics:\n  - { id: A, construction: jersy }\n" PROG_S COL, 5, 28,
            "fabrics[A].construction", "did you mean \"knit\"");
    refused(BRAND "fabrics:\n  - { id: A, price_per_m: 2, price_per_kg: 5 }\n" PROG_S COL, 5, 5,
            "fabrics[A]", "per metre or per kilogram, not both");
    refused(BRAND "fabrics:\n  - { id: A, price_per_m: 2, bought_by: kg }\n" PROG_S COL, 5, 41,
            "fabrics[A].bought_by", "price_per_m says per metre");
    refused(BRAND "fabrics:\n  - { id: A, bought_by: yard }\n" PROG_S COL, 5, 25,
            "fabrics[A].bought_by", "did you mean \"m\"");
    refused(BRAND "fabrics:\n  - { id: A, width_cm: 5 }\n" PROG_S COL, 5, 24, "fabrics[A].width_cm",
            "must be at least 20");
    refused(BRAND "fabrics:\n  - { id: A, weight_gsm: 5,000 }\n" PROG_S COL, 5, 28,
            "fabrics[0].000", "inside { } or [ ] a comma separates entries");
    refused(BRAND "fabrics:\n  - { id: A, mill_origin: EU }\n" PROG_S COL, 5, 27,
            "fabrics[A].mill_origin", "unknown country \"EU\"");
    refused(BRAND "fabrics:\n  - { id: A, source: stok }\n" PROG_S COL, 5, 22, "fabrics[A].source",
            "did you mean \"stock\"");
    refused(BRAND "fabrics:\n  - { id: A, washes: [rinse, Rinse] }\n" PROG_S COL, 5, 30,
            "fabrics[A].washes[1]", "wash \"Rinse\" is listed twice");
    refused(BRAND "fabrics:\n  - { id: A, knitted_to_shape: true, no_minimum: false }\n" PROG_S COL,
            5, 50, "fabrics[A].no_minimum", "knitted to shape has no fabric minimum");
    refused(BRAND "fabrics: { id: A }\n" PROG_S COL, 4, 10, "fabrics", "expected a list");
    refused(BRAND "fabrics:\n  - { id: A, price_per_m: $2 }\n" PROG_S COL, 5, 27,
            "fabrics[A].price_per_m", "this sign is the sign of several currencies");
    /* a style's sheet with a fabric: the fabric's unit, a price somewhere */
    refused(BRAND "fabrics:\n  - { id: A, price_per_kg: 7 }\n" PROG_S "      fabric: A\n" COL
                  "      cost:\n        fabric: { consumption_m: 1 }\n        trims: 1\n"
                  "        cmt: 1\n",
            14, 17, "program.styles[S].cost.fabric",
            "fabric A is bought by the kilogram: give consumption_kg");
    refused(BRAND "fabrics:\n  - { id: A }\n" PROG_S "      fabric: A\n" COL
                  "      cost:\n        fabric: { consumption_m: 1 }\n        trims: 1\n"
                  "        cmt: 1\n",
            14, 17, "program.styles[S].cost.fabric.price_per_m",
            "give price_per_m here, or on fabric A");
    refused(BRAND PROG_S COL "      cost:\n        fabric: { consumption_m: 1 }\n        trims: 1\n"
                             "        cmt: 1\n",
            11, 17, "program.styles[S].cost.fabric.price_per_m",
            "required field \"price_per_m\" is missing");
    assert_int_equal(g_wrong, 0);
}

/* Caps: 200 fabrics, 60 washes a fabric. */
static void test_fabric_caps(void **state)
{
    (void)state;
    size_t cap = 64 * 1024;
    char *y = malloc(cap);
    assert_non_null(y);
    size_t o = (size_t)snprintf(y, cap, BRAND "fabrics:\n");
    for (int i = 0; i < 201; i++)
        o += (size_t)snprintf(y + o, cap - o, "  - { id: F%d }\n", i);
    snprintf(y + o, cap - o, PROG_S COL);
    refused(y, 5, 3, "fabrics", "has 201 entries, at most 200");
    o = (size_t)snprintf(y, cap, BRAND "fabrics:\n  - id: A\n    washes: [");
    for (int i = 0; i < 61; i++)
        o += (size_t)snprintf(y + o, cap - o, "%sw%d", i ? ", " : "", i);
    snprintf(y + o, cap - o, "]\n" PROG_S COL);
    refused(y, 6, 13, "fabrics[A].washes", "has 61 entries, at most 60");
    free(y);
    assert_int_equal(g_wrong, 0);
}

/* A fabric's certifications (a product label its mill holds for it, such as OEKO-TEX 100),
 * read as selvedge's certification names; one it does not know is refused. */
static void test_fabric_certifications(void **state)
{
    (void)state;
    sv_program *p = tu_parse(BRAND "fabrics:\n"
                                   "  - { id: A, certifications: [oeko-tex-100, GOTS] }\n"
                                   "  - { id: B }\n" PROG_S "      fabric: A\n" COL);
    assert_non_null(p);
    assert_int_equal(p->fabrics[0].certifications,
                     (1u << SV_CERT_OEKO_TEX_100) | (1u << SV_CERT_GOTS));
    assert_int_equal(p->fabrics[1].certifications, 0);
    sv_program_free(p);
    g_wrong = 0;
    refused(BRAND "fabrics:\n  - { id: A, certifications: [oeko-tex-100, ecolabel] }\n" PROG_S COL,
            5, 45, "fabrics[A].certifications[1]", "not a certification selvedge knows");
    assert_int_equal(g_wrong, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fabrics_read),
        cmocka_unit_test(test_fabric_price_into_sheet),
        cmocka_unit_test(test_fabric_errors),
        cmocka_unit_test(test_fabric_caps),
        cmocka_unit_test(test_fabric_certifications),
    };
    return cmocka_run_group_tests_name("io/program_fabric", tests, NULL, NULL);
}
