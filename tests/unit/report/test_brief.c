/* The brief's pure pieces: paper sizes, column widths, where table rows break, how the order
 * splits, terms and tech packs in words; and that a brief written to a stream is a PDF, and
 * a failing stream an error. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/brief.h"
#include "selvedge/chart.h"
#include "selvedge/program_yaml.h"

static void test_paper(void **state)
{
    (void)state;
    double w, h;
    assert_int_equal(sv_paper_parse("a4"), SV_PAPER_A4);
    assert_int_equal(sv_paper_parse("A4"), SV_PAPER_A4);
    assert_int_equal(sv_paper_parse("Letter"), SV_PAPER_LETTER);
    assert_int_equal(sv_paper_parse("a3"), -1);
    assert_int_equal(sv_paper_parse(""), -1);
    assert_int_equal(sv_paper_parse(NULL), -1);
    sv_brief_paper_size(SV_PAPER_A4, &w, &h);
    assert_true(fabs(w - 595.28) < 0.01 && fabs(h - 841.89) < 0.01);
    sv_brief_paper_size(SV_PAPER_LETTER, &w, &h);
    assert_true(w == 612.0 && h == 792.0);
    assert_string_equal(sv_paper_name(SV_PAPER_LETTER), "letter");
}

static double sum(const double *v, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s;
}

static void test_columns_fit(void **state)
{
    (void)state;
    double nat[] = {50, 100, 50}, min[] = {20, 20, 20}, out[3];
    sv_brief_columns(nat, min, 3, 400, out); /* room to spare: shared in proportion */
    assert_true(fabs(sum(out, 3) - 400) < 1e-9);
    assert_true(fabs(out[0] - 100) < 1e-9 && fabs(out[1] - 200) < 1e-9);
    sv_brief_columns(nat, min, 3, 200, out); /* exactly */
    assert_true(fabs(out[1] - 100) < 1e-9);
}

static void test_columns_shrink(void **state)
{
    (void)state;
    /* 300 wanted in 200: the wide column gives most, none below its minimum */
    double nat[] = {40, 220, 40}, min[] = {30, 60, 30}, out[3];
    sv_brief_columns(nat, min, 3, 200, out);
    assert_true(fabs(sum(out, 3) - 200) < 1e-9);
    for (int i = 0; i < 3; i++)
        assert_true(out[i] >= min[i] - 1e-9 && out[i] <= nat[i] + 1e-9);
    assert_true(nat[1] - out[1] > nat[0] - out[0]);
    /* not even the minimums: scaled down, still adding up */
    double tight[3];
    sv_brief_columns(nat, min, 3, 60, tight);
    assert_true(fabs(sum(tight, 3) - 60) < 1e-9);
    assert_true(fabs(tight[1] - 30) < 1e-9); /* 60 of 120 minimums: half each */
    /* a minimum above the natural width counts as the natural */
    double nat2[] = {10, 100}, min2[] = {50, 20}, o2[2];
    sv_brief_columns(nat2, min2, 2, 80, o2);
    assert_true(fabs(sum(o2, 2) - 80) < 1e-9);
    assert_true(fabs(o2[0] - 10) < 1e-9);
}

static void test_paginate(void **state)
{
    (void)state;
    int pg[6];
    double h[] = {10, 10, 10, 10, 10, 10};
    /* first page: 35 left, 5 of header -> 3 rows; then pages of 25, 5 of header -> 2 rows */
    assert_int_equal(sv_brief_paginate(h, 6, 35, 25, 5, pg), 3);
    int want[] = {0, 0, 0, 1, 1, 2};
    for (int i = 0; i < 6; i++)
        assert_int_equal(pg[i], want[i]);
    /* no room for the first row: the table starts on the next page */
    assert_int_equal(sv_brief_paginate(h, 2, 12, 100, 5, pg), 2);
    assert_int_equal(pg[0], 1);
    assert_int_equal(pg[1], 1);
    /* a row taller than a page gets a page of its own, and the next row the next */
    double tall[] = {5, 200, 5};
    assert_int_equal(sv_brief_paginate(tall, 3, 100, 100, 5, pg), 3);
    assert_int_equal(pg[0], 0);
    assert_int_equal(pg[1], 1);
    assert_int_equal(pg[2], 2);
    /* nothing: one page */
    assert_int_equal(sv_brief_paginate(h, 0, 100, 100, 5, pg), 1);
}

#define BRAND "brand:\n  name: B\n  currency: USD\n"
#define STYLE(code, cat, gender, constr, units)                                                    \
    "    - code: " code "\n      category: " cat "\n" gender "      construction: " constr         \
    "\n      colors: [{ name: Black, units: " units " }]\n"

static sv_program *parse(const char *text)
{
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    if (sv_program_parse(text, strlen(text), "t.yaml", &p, &e) != SV_OK)
        fail_msg("%s", e.msg);
    return p;
}

static void test_split(void **state)
{
    (void)state;
    sv_program *p = parse(BRAND "program:\n  name: P\n  destination: US\n  styles:\n" STYLE(
        "A", "t-shirt", "      gender: women\n", "knit", "300")
                              STYLE("B", "hoodie", "", "knit", "600")
                                  STYLE("C", "t-shirt", "      gender: men\n", "woven", "100"));
    sv_brief_part parts[8];
    size_t n = sv_brief_split(p, SV_SPLIT_CATEGORY, parts, 8);
    assert_int_equal(n, 2);
    assert_string_equal(parts[0].label, "hoodie");
    assert_int_equal(parts[0].units, 600);
    assert_int_equal(parts[0].share_bp, 6000);
    assert_string_equal(parts[1].label, "t-shirt");
    assert_int_equal(parts[1].styles, 2);
    assert_int_equal(parts[1].units, 400);
    n = sv_brief_split(p, SV_SPLIT_GENDER, parts, 8);
    assert_int_equal(n, 3);
    assert_string_equal(parts[0].label, "not said");
    assert_string_equal(parts[1].label, "women");
    assert_string_equal(parts[2].label, "men");
    n = sv_brief_split(p, SV_SPLIT_CONSTRUCTION, parts, 1); /* more than cap: counted */
    assert_int_equal(n, 2);
    assert_string_equal(parts[0].label, "knit");
    assert_int_equal(parts[0].units, 900);
    sv_program_free(p);
}

static void test_terms(void **state)
{
    (void)state;
    char buf[200];
    sv_brand b = {.has_payment_terms = false, .payment_method = SV_PAY_UNSET, .deposit_bp = -1};
    assert_string_equal(sv_brief_terms_text(&b, buf, sizeof buf), "not stated");
    b = (sv_brand){.has_payment_terms = true,
                   .payment_method = SV_PAY_DEPOSIT_BALANCE,
                   .deposit_bp = 3000,
                   .balance = SV_BALANCE_BEFORE_SHIPMENT,
                   .payment_days = -1};
    assert_string_equal(sv_brief_terms_text(&b, buf, sizeof buf),
                        "30% deposit, balance before shipment");
    b.deposit_bp = 3250;
    b.balance = SV_BALANCE_NET60;
    assert_string_equal(sv_brief_terms_text(&b, buf, sizeof buf),
                        "32.5% deposit, balance 60 days after delivery (net 60)");
    b = (sv_brand){.has_payment_terms = true,
                   .payment_method = SV_PAY_LC_USANCE,
                   .deposit_bp = -1,
                   .balance = SV_BALANCE_UNSET,
                   .payment_days = 60};
    assert_string_equal(sv_brief_terms_text(&b, buf, sizeof buf), "letter of credit at 60 days");
    b.payment_method = SV_PAY_OPEN_ACCOUNT;
    b.payment_days = 30;
    assert_string_equal(sv_brief_terms_text(&b, buf, sizeof buf), "open account, 30 days");
    char small[8];
    sv_brief_terms_text(&b, small, sizeof small); /* cut, terminated */
    assert_true(strlen(small) < sizeof small);
}

static void test_techpack(void **state)
{
    (void)state;
    char buf[120];
    sv_techpack t = {0};
    assert_string_equal(sv_brief_techpack_text(&t, buf, sizeof buf), "none");
    t = (sv_techpack){true, true, true, true, true, true, true, true};
    assert_string_equal(sv_brief_techpack_text(&t, buf, sizeof buf), "complete");
    t.packaging = false;
    t.bom = false;
    assert_string_equal(sv_brief_techpack_text(&t, buf, sizeof buf), "lacks BOM, packaging");
}

/* The whole brief to a memory stream: a PDF, its pages numbered; to a stream that fails: an
 * I/O error. */
static void test_write(void **state)
{
    (void)state;
    sv_program *p = parse(
        BRAND "  sampling_budget: 500\nprogram:\n  name: P\n  destination: US\n  styles:\n" STYLE(
            "A", "t-shirt", "", "knit", "300"));
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sv_err e;
    sv_err_clear(&e);
    sv_brief_options o = {.paper = SV_PAPER_LETTER, .today = {2026, 9, 1}};
    assert_int_equal(sv_brief_write_pdf(f, p, &o, &e), SV_OK);
    fclose(f);
    assert_true(len > 1000);
    assert_memory_equal(buf, "%PDF-", 5);
    free(buf);

    FILE *full = fopen("/dev/full", "w");
    if (full) {
        setvbuf(full, NULL, _IONBF, 0); /* every write reaches the device, and fails */
        sv_err_clear(&e);
        assert_int_equal(sv_brief_write_pdf(full, p, &o, &e), SV_ERR_IO);
        assert_non_null(strstr(e.msg, "cannot write the brief"));
        fclose(full);
    }
    sv_program_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paper),          cmocka_unit_test(test_columns_fit),
        cmocka_unit_test(test_columns_shrink), cmocka_unit_test(test_paginate),
        cmocka_unit_test(test_split),          cmocka_unit_test(test_terms),
        cmocka_unit_test(test_techpack),       cmocka_unit_test(test_write),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    sv_chart_release();
    return failed;
}
