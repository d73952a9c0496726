/* Tests for lib/io/program_color.c: a style's colours, told apart from their wash and print,
 * with quantities per size or a size ratio. The spec (docs/program.md "A colour"): the old
 * { name, units } reads as before; a colour's sizes add up to its units or are refused saying
 * both numbers; a ratio splits the units whole, adding up to them; washes and sizes are the
 * style's (or its fabric's); every refusal names file:line:column and the field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "../test_util.h"

static int g_wrong;

static void refused(const char *yaml, int line, int col, const char *field, const char *phrase)
{
    if (!tu_refused("c.yaml", yaml, line, col, field, phrase))
        g_wrong++;
}

#define HEAD                                                                                       \
    "brand:\n  name: Acme\n  currency: USD\nprogram:\n  name: P\n  destination: US\n"              \
    "  styles:\n    - code: S\n" /* lines 1-8 */

static const sv_color *color(const sv_style *s, size_t i)
{
    assert_true(i < s->n_colors);
    return &s->colors[i];
}

static void test_sizes_and_ratio(void **state)
{
    (void)state;
    sv_program *p = tu_parse(HEAD "      sizes: [S, M, L, XL]\n"
                                  "      colors:\n"
                                  "        - name: Black\n"
                                  "          sizes: { S: 100, M: 200, L: 200, XL: 100 }\n"
                                  "        - name: Moss\n"
                                  "          units: 500\n"
                                  "          sizes: { s: 80, M: 170, L: 170, XL: 80 }\n"
                                  "        - name: Oat\n"
                                  "          units: 500\n"
                                  "          size_ratio: { S: 1, M: 2, L: 2, XL: 1 }\n"
                                  "        - { name: Sand, units: 300 }\n");
    const sv_style *s = &p->styles[0];
    const sv_color *b = color(s, 0), *m = color(s, 1), *o = color(s, 2), *d = color(s, 3);
    /* units from the sizes when not given */
    assert_int_equal(b->units, 600);
    assert_int_equal(b->n_sizes, 4);
    assert_string_equal(b->sizes[2].size, "L");
    assert_int_equal(b->sizes[2].units, 200);
    assert_int_equal(b->sizes[2].ratio, SV_UNSET);
    assert_false(b->by_ratio);
    /* sizes compare without case and take the style's spelling */
    assert_int_equal(m->units, 500);
    assert_string_equal(m->sizes[0].size, "S");
    /* 500 in 1:2:2:1 is 83.3, 166.7, 166.7, 83.3: the largest remainders get the units left,
     * so the sizes add up to 500 */
    assert_true(o->by_ratio);
    assert_int_equal(o->units, 500);
    int64_t want[] = {83, 167, 167, 83}, sum = 0;
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(o->sizes[i].units, want[i]);
        sum += o->sizes[i].units;
    }
    assert_int_equal(sum, 500);
    assert_int_equal(o->sizes[1].ratio, 2);
    /* no breakdown: as before */
    assert_int_equal(d->units, 300);
    assert_int_equal(d->n_sizes, 0);
    assert_int_equal(sv_style_units(s), 1900);
    sv_program_free(p);
}

/* A style without a sizes: list takes the sizes its colours name, in the order first named;
 * a style's size_ratio applies to every colour without sizes of its own. */
static void test_sizes_from_colors_and_style_ratio(void **state)
{
    (void)state;
    sv_program *p = tu_parse(HEAD "      size_ratio: { 2Y: 1, 3Y: 1, 4Y: 2 }\n"
                                  "      colors:\n"
                                  "        - { name: Oat, units: 400 }\n"
                                  "        - name: Fern\n"
                                  "          sizes: { 2Y: 50, 3Y: 50, 5Y: 100 }\n");
    const sv_style *s = &p->styles[0];
    assert_int_equal(s->n_sizes, 4);
    assert_string_equal(s->sizes[0], "2Y");
    assert_string_equal(s->sizes[2], "4Y");
    assert_string_equal(s->sizes[3], "5Y");
    assert_int_equal(s->n_size_ratio, 3);
    const sv_color *o = color(s, 0);
    assert_true(o->by_ratio);
    assert_int_equal(o->sizes[2].units, 200);
    assert_int_equal(color(s, 1)->units, 200);
    sv_program_free(p);
}

/* Colour, wash and print told apart: one colour in two washes is two entries; the wash is one of
 * the style's (or its fabric's) washes. */
static void test_wash_and_print(void **state)
{
    (void)state;
    sv_program *p =
        tu_parse("brand:\n  name: Acme\n  currency: EUR\n"
                 "fabrics:\n  - { id: DEN, construction: denim, washes: [rinse, stone, vintage] }\n"
                 "program:\n  name: P\n  destination: DE\n  styles:\n"
                 "    - code: J\n      fabric: DEN\n"
                 "      colors:\n"
                 "        - { name: Indigo, wash: rinse, units: 300 }\n"
                 "        - { name: Indigo, wash: Stone, units: 200 }\n"
                 "        - { name: Ecru, units: 100 }\n"
                 "    - code: T\n      washes: [garment dye]\n"
                 "      colors:\n"
                 "        - { name: White, print: Leaf AOP, units: 300 }\n"
                 "        - { name: White, units: 100 }\n"
                 "        - { name: Clay, wash: garment dye, print: Leaf AOP, units: 100 }\n");
    const sv_style *j = &p->styles[0], *t = &p->styles[1];
    assert_string_equal(color(j, 0)->wash, "rinse");
    assert_string_equal(color(j, 1)->wash, "stone"); /* the fabric's spelling */
    assert_null(color(j, 2)->wash);
    assert_null(color(j, 0)->print);
    assert_int_equal(t->n_washes, 1);
    assert_string_equal(color(t, 0)->print, "Leaf AOP");
    assert_null(color(t, 1)->print);
    assert_string_equal(color(t, 2)->wash, "garment dye");
    sv_program_free(p);
}

#define COLS "      colors:\n"

static void test_color_errors(void **state)
{
    (void)state;
    g_wrong = 0;
    /* both numbers when sizes and units disagree */
    refused(HEAD COLS "        - name: Black\n          units: 600\n"
                      "          sizes: { S: 100, M: 200, L: 180, XL: 100 }\n",
            10, 11, "program.styles[S].colors[0]",
            "units is 600 but its sizes add up to 580 (S 100, M 200, L 180, XL 100)");
    refused(HEAD COLS "        - { name: Black, sizes: { S: 1 }, size_ratio: { S: 1 } }\n", 10, 11,
            "program.styles[S].colors[0]", "give sizes (units a size) or size_ratio, not both");
    refused(HEAD COLS "        - { name: Black, size_ratio: { S: 1, M: 2 } }\n", 10, 11,
            "program.styles[S].colors[0]", "a size ratio splits the colour's units: give units");
    refused(HEAD COLS "        - { name: Black }\n", 10, 11, "program.styles[S].colors[0].units",
            "required field \"units\" is missing");
    refused(HEAD "      sizes: [S, M, L]\n" COLS
                 "        - { name: Black, sizes: { S: 10, XL: 10 } }\n",
            11, 42, "program.styles[S].colors[0].sizes.XL",
            "size \"XL\" is not one of the style's sizes (S, M, L)");
    refused(HEAD "      sizes: [S, M, L]\n" COLS
                 "        - { name: Black, sizes: { S: 10, Mm: 10 } }\n",
            11, 42, "program.styles[S].colors[0].sizes.Mm", "did you mean \"M\"");
    refused(HEAD COLS "        - { name: Black, sizes: { S: 10, s: 10 } }\n", 10, 42,
            "program.styles[S].colors[0].sizes.s", "size \"s\" is given twice");
    refused(HEAD COLS "        - { name: Black, sizes: { S: 0 } }\n", 10, 33,
            "program.styles[S].colors[0].sizes", "the sizes add up to no units");
    refused(HEAD COLS "        - { name: Black, sizes: { S: many } }\n", 10, 38,
            "program.styles[S].colors[0].sizes.S", "expected a whole number");
    refused(HEAD COLS "        - { name: Black, sizes: [S, M] }\n", 10, 33,
            "program.styles[S].colors[0].sizes", "expected a mapping of sizes to units");
    refused(HEAD COLS "        - { name: Black, units: 10, size_ratio: { S: 0, M: 0 } }\n", 10, 49,
            "program.styles[S].colors[0].size_ratio", "the ratio adds up to nothing");
    refused(HEAD COLS "        - { name: Black, units: 10, size_ratio: { S: 1001 } }\n", 10, 54,
            "program.styles[S].colors[0].size_ratio.S", "must be at most 1000");
    refused(HEAD COLS "        - name: Black\n          sizes: { S: 6000000, M: 6000000 }\n", 11,
            18, "program.styles[S].colors[0].sizes",
            "the sizes add up to 12000000 units, more than 10000000 a colour");
    /* washes */
    refused(HEAD "      washes: [rinse, stone]\n" COLS
                 "        - { name: Indigo, wash: stonewash, units: 1 }\n",
            11, 33, "program.styles[S].colors[0].wash",
            "wash \"stonewash\" is not one of the style's washes (rinse, stone)");
    refused("brand:\n  name: Acme\n  currency: EUR\n"
            "fabrics:\n  - { id: DEN, washes: [rinse] }\n"
            "program:\n  name: P\n  destination: DE\n  styles:\n"
            "    - code: J\n      fabric: DEN\n      washes: [rinse, acid]\n" COLS
            "        - { name: Indigo, units: 1 }\n",
            12, 23, "program.styles[J].washes[1]",
            "wash \"acid\" is not one of fabric DEN's washes (rinse)");
    refused(HEAD COLS "        - { name: Indigo, wash: rinse, units: 1 }\n"
                      "        - { name: indigo, wash: Rinse, units: 1 }\n",
            11, 11, "program.styles[S].colors[1]",
            "colour \"indigo\" (wash Rinse) is listed twice (line 10)");
    refused(HEAD COLS "        - { name: Indigo, print: [a] }\n", 10, 34,
            "program.styles[S].colors[0].print", "expected text");
    assert_int_equal(g_wrong, 0);
}

/* Caps: 60 sizes in a colour's breakdown, as in a style's list. */
static void test_color_caps(void **state)
{
    (void)state;
    g_wrong = 0;
    char y[8192];
    size_t o = (size_t)snprintf(y, sizeof y, HEAD COLS "        - name: Black\n          sizes: {");
    for (int i = 0; i < 61; i++)
        o += (size_t)snprintf(y + o, sizeof y - o, "%sZ%d: 1", i ? ", " : " ", i);
    snprintf(y + o, sizeof y - o, " }\n");
    refused(y, 11, 18, "program.styles[S].colors[0].sizes", "has 61 sizes, at most 60");
    assert_int_equal(g_wrong, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes_and_ratio),
        cmocka_unit_test(test_sizes_from_colors_and_style_ratio),
        cmocka_unit_test(test_wash_and_print),
        cmocka_unit_test(test_color_errors),
        cmocka_unit_test(test_color_caps),
    };
    return cmocka_run_group_tests_name("io/program_color", tests, NULL, NULL);
}
