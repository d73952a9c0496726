/* Tests for lib/io/program_delivery.c: more than one delivery, for the program or a style.
 * The spec (docs/program.md "Deliveries"): a date and units or a share each, in date order;
 * units add up to the program's (or the style's), shares to 100%, or the file is refused saying
 * both numbers; the launch date is the first delivery. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "../test_util.h"

static int g_wrong;

static void refused(const char *yaml, int line, int col, const char *field, const char *phrase)
{
    if (!tu_refused("d.yaml", yaml, line, col, field, phrase))
        g_wrong++;
}

#define HEAD "brand:\n  name: Acme\n  currency: USD\nprogram:\n  name: P\n  destination: US\n"
/* two styles of 600 and 400 units, lines 7-13 */
#define STYLES                                                                                     \
    "  styles:\n"                                                                                  \
    "    - code: A\n      colors: [{ name: x, units: 600 }]\n"                                     \
    "    - code: B\n      colors: [{ name: x, units: 400 }]\n"

static void test_program_deliveries(void **state)
{
    (void)state;
    /* by share: the units worked out, adding up to the program's 1,000 */
    sv_program *p = tu_parse(HEAD STYLES "  deliveries:\n"
                                         "    - { date: 2027-03-01, share_pct: 33.33 }\n"
                                         "    - { date: 2027-04-15, share_pct: 33.33 }\n"
                                         "    - { date: 2027-06-01, share_pct: 33.34 }\n");
    assert_int_equal(p->n_deliveries, 3);
    assert_true(p->has_launch_date); /* the first delivery */
    assert_int_equal(p->launch_date.month, 3);
    assert_int_equal(p->launch_date.day, 1);
    assert_int_equal(p->launch_date_line, 13);
    const sv_delivery *d = p->deliveries;
    assert_true(d[0].by_share);
    assert_int_equal(d[0].share_bp, 3333);
    assert_int_equal(d[0].units + d[1].units + d[2].units, 1000);
    assert_int_equal(d[0].units, 333);
    assert_int_equal(d[2].units, 334);
    assert_int_equal(d[1].line, 14);
    sv_program_free(p);
    /* by units, with the launch date given and equal to the first */
    p = tu_parse(HEAD "  launch_date: 2027-03-01\n" STYLES "  deliveries:\n"
                      "    - { date: 2027-03-01, units: 700 }\n"
                      "    - date: 2027-05-01\n      units: 300\n");
    assert_false(p->deliveries[0].by_share);
    assert_int_equal(p->deliveries[0].units, 700);
    assert_int_equal(p->deliveries[0].share_bp, 7000);
    assert_int_equal(p->deliveries[1].share_bp, 3000);
    assert_int_equal(p->launch_date.day, 1);
    sv_program_free(p);
    /* none: as before */
    p = tu_parse(HEAD "  launch_date: 2027-03-01\n" STYLES);
    assert_int_equal(p->n_deliveries, 0);
    sv_program_free(p);
}

static void test_style_deliveries(void **state)
{
    (void)state;
    sv_program *p = tu_parse(HEAD "  launch_date: 2027-03-01\n"
                                  "  styles:\n"
                                  "    - code: A\n      colors: [{ name: x, units: 600 }]\n"
                                  "      deliveries:\n"
                                  "        - { date: 2027-03-01, units: 200 }\n"
                                  "        - { date: 2027-04-01, units: 400 }\n"
                                  "    - code: B\n      colors: [{ name: x, units: 400 }]\n");
    const sv_style *a = &p->styles[0];
    assert_int_equal(a->n_deliveries, 2);
    assert_int_equal(a->deliveries[1].units, 400);
    assert_int_equal(a->deliveries[1].share_bp, 6667);
    assert_int_equal(p->styles[1].n_deliveries, 0);
    assert_int_equal(p->n_deliveries, 0);
    sv_program_free(p);
    /* no launch date: the first delivery of any style */
    p = tu_parse(HEAD "  styles:\n"
                      "    - code: A\n      colors: [{ name: x, units: 600 }]\n"
                      "      deliveries: [{ date: 2027-04-01, share_pct: 100 }]\n"
                      "    - code: B\n      colors: [{ name: x, units: 400 }]\n"
                      "      deliveries: [{ date: 2027-03-20, share_pct: 100 }]\n");
    assert_true(p->has_launch_date);
    assert_int_equal(p->launch_date.month, 3);
    assert_int_equal(p->launch_date.day, 20);
    assert_int_equal(p->launch_date_line, 13);
    sv_program_free(p);
}

#define DL "  deliveries:\n"

static void test_delivery_errors(void **state)
{
    (void)state;
    g_wrong = 0;
    refused(HEAD STYLES DL "    - { date: 2027-03-01, share_pct: 60 }\n"
                           "    - { date: 2027-04-01, share_pct: 30 }\n",
            13, 5, "program.deliveries", "the shares add up to 90%, not 100%");
    refused(HEAD STYLES DL "    - { date: 2027-03-01, units: 600 }\n"
                           "    - { date: 2027-04-01, units: 300 }\n",
            13, 5, "program.deliveries",
            "the deliveries add up to 900 units, and the styles to 1000");
    refused(HEAD STYLES DL "    - { date: 2027-04-01, units: 600 }\n"
                           "    - { date: 2027-03-01, units: 400 }\n",
            14, 7, "program.deliveries[1]",
            "2027-03-01 comes before the delivery above it (2027-04-01, line 13)");
    refused(HEAD STYLES DL "    - { date: 2027-04-01, units: 600 }\n"
                           "    - { date: 2027-04-01, units: 400 }\n",
            14, 7, "program.deliveries[1]", "2027-04-01 is delivered twice");
    refused(HEAD STYLES DL "    - { date: 2027-03-01, units: 600 }\n"
                           "    - { date: 2027-04-01, share_pct: 40 }\n",
            14, 7, "program.deliveries[1]",
            "give every delivery units, or every delivery share_pct, not a mix");
    refused(HEAD STYLES DL "    - { date: 2027-03-01, units: 600, share_pct: 60 }\n", 13, 7,
            "program.deliveries[0]", "give units or share_pct, not both");
    refused(HEAD STYLES DL "    - { date: 2027-03-01 }\n", 13, 7, "program.deliveries[0]",
            "give its units or its share_pct");
    refused(HEAD STYLES DL "    - { units: 1000 }\n", 13, 7, "program.deliveries[0].date",
            "required field \"date\" is missing");
    refused(HEAD STYLES DL "    - { date: 2027-02-30, units: 1000 }\n", 13, 15,
            "program.deliveries[0].date", "2027-02-30 is not a date that exists");
    refused(HEAD STYLES DL "    - { date: 2100-01-01, units: 1000 }\n", 13, 15,
            "program.deliveries[0].date", "outside the dates selvedge plans in");
    refused(HEAD STYLES DL "    - { date: 2027-03-01, share_pct: 120 }\n", 13, 38,
            "program.deliveries[0].share_pct", "must be at most 100");
    refused(HEAD STYLES DL "    - { date: 2027-03-01, share: 100 }\n", 13, 27,
            "program.deliveries[0].share", "did you mean \"share_pct\"");
    /* the launch date is the first delivery */
    refused(HEAD "  launch_date: 2027-03-15\n" STYLES DL
                 "    - { date: 2027-03-01, units: 600 }\n    - { date: 2027-04-01, units: 400 }\n",
            7, 16, "program.launch_date",
            "launch_date 2027-03-15 is not the first delivery (2027-03-01, line 14)");
    /* a style's deliveries: its own units, not before the launch */
    refused(HEAD "  launch_date: 2027-03-01\n  styles:\n"
                 "    - code: A\n      colors: [{ name: x, units: 600 }]\n"
                 "      deliveries: [{ date: 2027-03-01, units: 500 }]\n",
            11, 19, "program.styles[A].deliveries",
            "the deliveries add up to 500 units, and the style to 600");
    refused(HEAD "  launch_date: 2027-03-01\n  styles:\n"
                 "    - code: A\n      colors: [{ name: x, units: 600 }]\n"
                 "      deliveries: [{ date: 2027-02-01, units: 600 }]\n",
            11, 20, "program.styles[A].deliveries[0]",
            "2027-02-01 is before the launch (2027-03-01, line 7)");
    refused(HEAD STYLES "  deliveries: { date: 2027-03-01 }\n", 12, 15, "program.deliveries",
            "expected a list");
    assert_int_equal(g_wrong, 0);
}

static void test_delivery_caps(void **state)
{
    (void)state;
    g_wrong = 0;
    char y[4096];
    size_t o = (size_t)snprintf(y, sizeof y, HEAD STYLES DL);
    for (int i = 0; i < 13; i++)
        o += (size_t)snprintf(y + o, sizeof y - o, "    - { date: 2027-%02d-01, units: 1 }\n",
                              i < 12 ? i + 1 : 12);
    refused(y, 13, 5, "program.deliveries", "has 13 entries, at most 12");
    assert_int_equal(g_wrong, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_program_deliveries),
        cmocka_unit_test(test_style_deliveries),
        cmocka_unit_test(test_delivery_errors),
        cmocka_unit_test(test_delivery_caps),
    };
    return cmocka_run_group_tests_name("io/program_delivery", tests, NULL, NULL);
}
