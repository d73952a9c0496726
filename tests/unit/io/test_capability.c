/* Tests for lib/io/capability.c: the rules the two capability formats share. Each figure's
 * range (the table) is held by the YAML and the CSV reader alike: both read its least and its
 * greatest value, and both refuse one past either end, naming the field; and the free-text
 * claims leave a number past the range unknown. The handle rule is one for both formats. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "selvedge/claims.h"
#include "selvedge/factories_yaml.h"
#include "selvedge/factory.h"
#include "selvedge/osh_csv.h"

#include "../../../lib/io/capability.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Where each figure is written in each format: a YAML snippet and a CSV column and cell, with
 * %s for the value, and where the reader puts it. */
typedef struct place {
    cap_figure fig;
    const char *yaml; /* the factory's keys after name and country, %s the value */
    const char *yaml_field;
    const char *csv_col;
    const char *csv_cell; /* %s the value */
    size_t off;           /* in sv_factory */
} place;

static const place places[] = {
    {CAP_MOQ, "    moq: { per_style: %s }\n", "moq.per_style", "moq_per_style", "%s",
     offsetof(sv_factory, moq_style)},
    {CAP_MOQ, "    moq: { per_color: %s }\n", "moq.per_color", "moq_per_color", "%s",
     offsetof(sv_factory, moq_color)},
    {CAP_MOQ, "    moq: { per_order: %s }\n", "moq.per_order", "moq_per_order", "%s",
     offsetof(sv_factory, moq_order)},
    {CAP_LEAD_DAYS, "    lead_days: { sampling: %s }\n", "lead_days.sampling", "sampling_days",
     "%s", offsetof(sv_factory, sampling_days)},
    {CAP_LEAD_DAYS, "    lead_days: { production: %s }\n", "lead_days.production",
     "production_days", "%s", offsetof(sv_factory, production_days)},
    {CAP_CAPACITY, "    monthly_capacity: %s\n", "monthly_capacity", "monthly_capacity", "%s",
     offsetof(sv_factory, monthly_capacity)},
    {CAP_WORKERS, "    workers: [1, %s]\n", "workers", "workers_max", "%s",
     offsetof(sv_factory, workers_max)},
    {CAP_MONEY, "    sample_fee: %s\n", "sample_fee", "sample_fee", "%s",
     offsetof(sv_factory, sample_fee)},
    {CAP_MONEY, "    categories: [t-shirt]\n    prices: { t-shirt: [0, %s] }\n", "prices.t-shirt",
     "prices", "t-shirt:0-%s", offsetof(sv_factory, price_high[SV_CAT_TSHIRT])},
    {CAP_DEPOSIT, "    deposit_pct: %s\n", "deposit_pct", "deposit_pct", "%s",
     offsetof(sv_factory, deposit_bp)},
};

static char scratch[256];

static int setup(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/selvedge-capability-XXXXXX",
             base && *base ? base : "/tmp");
    return mkdtemp(scratch) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof p, "%s/f.csv", scratch);
    unlink(p);
    rmdir(scratch);
    return 0;
}

/* templ with its one "%s" replaced by value, into buf */
static void fill(char *buf, size_t n, const char *templ, const char *value)
{
    const char *at = strstr(templ, "%s");
    assert_non_null(at);
    snprintf(buf, n, "%.*s%s%s", (int)(at - templ), templ, value, at + 2);
}

/* The value v (a whole number, or for money and percentages a decimal at two places, as
 * written) of a figure, as text. */
static void value_text(cap_figure fig, int64_t v, char *buf, size_t n)
{
    if (fig == CAP_MONEY || fig == CAP_DEPOSIT)
        snprintf(buf, n, "%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
    else
        snprintf(buf, n, "%lld", (long long)v);
}

/* Reads the figure from a YAML file: SV_OK and *got, or the error in e. */
static sv_code yaml_read(const place *p, const char *value, int64_t *got, sv_err *e)
{
    char body[256], text[512];
    fill(body, sizeof body, p->yaml, value);
    snprintf(text, sizeof text, "currency: USD\nfactories:\n  - name: A\n    country: PT\n%s",
             body);
    sv_factory_list *l = NULL;
    sv_err_clear(e);
    sv_code rc = sv_factories_parse(text, strlen(text), "f.yaml", &l, e);
    if (rc == SV_OK) {
        *got = *(const int64_t *)((const char *)&l->items[0] + p->off);
        sv_factory_list_free(l);
    }
    return rc;
}

typedef struct csv_got {
    int rows, bads;
    int64_t v;
    sv_err e;
} csv_got;

/* The place whose figure csv_row keeps. */
static const place *csv_place;

static sv_code csv_row(void *ud, const sv_factory *f, int line, sv_err *e)
{
    (void)line;
    (void)e;
    csv_got *g = ud;
    g->rows++;
    g->v = *(const int64_t *)((const char *)f + csv_place->off);
    return SV_OK;
}

static sv_code csv_bad(void *ud, const sv_err *e)
{
    csv_got *g = ud;
    g->bads++;
    g->e = *e;
    return SV_OK;
}

static void csv_read(const place *p, const char *value, csv_got *g)
{
    char cell[128], path[512];
    fill(cell, sizeof cell, p->csv_cell, value);
    snprintf(path, sizeof path, "%s/f.csv", scratch);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp, "handle,name,country,categories,%s\nh,A,PT,t-shirt,\"%s\"\n", p->csv_col, cell);
    assert_int_equal(fclose(fp), 0);
    memset(g, 0, sizeof *g);
    csv_place = p;
    sv_err e;
    assert_int_equal(sv_csv_factories_read(path, NULL, csv_row, csv_bad, g, &e), SV_OK);
}

/* Both formats read each figure at both ends of its range and refuse one past either end. */
static void test_ranges_in_both_formats(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(places); i++) {
        const place *p = &places[i];
        const cap_range *r = &cap_ranges[p->fig];
        int scale = p->fig == CAP_MONEY || p->fig == CAP_DEPOSIT ? 100 : 1;
        int64_t ends[] = {r->min * scale, r->max * scale};
        int64_t past[] = {r->min * scale - 1, r->max * scale + 1};
        for (int k = 0; k < 2; k++) {
            char v[64];
            int64_t got = -7;
            sv_err e;
            value_text(p->fig, ends[k], v, sizeof v);
            if (yaml_read(p, v, &got, &e) != SV_OK || got != ends[k])
                fail_msg("YAML %s %s: refused or read %lld: %s", p->yaml_field, v, (long long)got,
                         e.msg);
            csv_got g;
            csv_read(p, v, &g);
            if (g.rows != 1 || g.v != ends[k])
                fail_msg("CSV %s %s: %d rows, read %lld: %s", p->csv_col, v, g.rows, (long long)g.v,
                         g.bads ? g.e.msg : "");
            if (past[k] < 0)
                continue; /* a negative number is no number these columns read */
            value_text(p->fig, past[k], v, sizeof v);
            if (yaml_read(p, v, &got, &e) == SV_OK)
                fail_msg("YAML %s %s: read", p->yaml_field, v);
            if (!strstr(e.field, p->yaml_field))
                fail_msg("YAML %s %s: field %s", p->yaml_field, v, e.field);
            csv_read(p, v, &g);
            if (g.rows != 0 || g.bads != 1 || strcmp(g.e.field, p->csv_col) != 0)
                fail_msg("CSV %s %s: %d rows, %d bad, field %s", p->csv_col, v, g.rows, g.bads,
                         g.bads ? g.e.field : "");
            if (!strstr(g.e.msg, v) || !strstr(g.e.msg, " to "))
                fail_msg("CSV %s %s: \"%s\" gives neither the value nor the range", p->csv_col, v,
                         g.e.msg);
        }
    }
}

/* Issue 8: the figures of the acceptance test are refused in a capability CSV. */
static void test_absurd_figures(void **state)
{
    (void)state;
    static const struct {
        const char *col, *cell;
    } cases[] = {
        {"production_days", "99999999"},
        {"sampling_days", "99999999"},
        {"sample_fee", "92233720368547758.07"},
        {"monthly_capacity", "9223372036854775807"},
        {"moq_per_order", "\"10,000,001\""},
        {"prices", "t-shirt:1-92233720368547758.07"},
        {"workers_min", "99999999"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/f.csv", scratch);
        FILE *fp = fopen(path, "w");
        assert_non_null(fp);
        fprintf(fp, "handle,name,country,categories,%s\nh,A,PT,t-shirt,%s\n", cases[i].col,
                cases[i].cell);
        assert_int_equal(fclose(fp), 0);
        csv_got g;
        memset(&g, 0, sizeof g);
        csv_place = &places[0];
        sv_err e;
        assert_int_equal(sv_csv_factories_read(path, NULL, csv_row, csv_bad, &g, &e), SV_OK);
        if (g.rows != 0 || g.bads != 1 || strcmp(g.e.field, cases[i].col) != 0 || g.e.line != 2)
            fail_msg("%s %s: %d rows, %d bad (%s:%d %s)", cases[i].col, cases[i].cell, g.rows,
                     g.bads, g.e.field, g.e.line, g.e.msg);
    }
}

/* A number of a free-text claim past the range is no figure: left unknown, the next one read. */
static void test_claims_in_range(void **state)
{
    (void)state;
    int64_t s, c, o, d;
    /* issue 8: stored as 99,999,999,999,999,999 */
    assert_false(sv_parse_moq_claim("9,999,999,999,999,999,999 pcs", &s, &c, &o));
    assert_int_equal(o, SV_UNSET);
    assert_false(sv_parse_moq_claim("99999999999999999999999999k pcs", &s, &c, &o));
    assert_false(sv_parse_moq_claim("1000000000000000000 dozen per style", &s, &c, &o));
    char text[64];
    snprintf(text, sizeof text, "%lld pcs", (long long)cap_ranges[CAP_MOQ].max);
    assert_true(sv_parse_moq_claim(text, &s, &c, &o));
    assert_int_equal(o, cap_ranges[CAP_MOQ].max);
    snprintf(text, sizeof text, "%lld pcs", (long long)cap_ranges[CAP_MOQ].max + 1);
    assert_false(sv_parse_moq_claim(text, &s, &c, &o));
    assert_true(sv_parse_moq_claim("99999999999 pcs per style, 300 per colour", &s, &c, &o));
    assert_int_equal(s, SV_UNSET);
    assert_int_equal(c, 300);
    /* lead times */
    snprintf(text, sizeof text, "%lld days", (long long)cap_ranges[CAP_LEAD_DAYS].max);
    assert_true(sv_parse_days_claim(text, &d));
    assert_int_equal(d, cap_ranges[CAP_LEAD_DAYS].max);
    snprintf(text, sizeof text, "%lld days", (long long)cap_ranges[CAP_LEAD_DAYS].max + 1);
    assert_false(sv_parse_days_claim(text, &d));
    assert_int_equal(d, SV_UNSET);
    assert_false(sv_parse_days_claim("99999999 days", &d));
    assert_false(sv_parse_days_claim("18 months", &d));
    assert_false(sv_parse_days_claim("999999999999999999999999 weeks", &d));
    assert_true(sv_parse_days_claim("999999 days or 60 days", &d));
    assert_int_equal(d, 60);
    /* head counts */
    int64_t lo = 7, hi = 7;
    assert_false(sv_parse_workers_claim("99999999", &lo, &hi));
    assert_true(sv_parse_workers_claim("99999999|350", &lo, &hi));
    assert_int_equal(lo, 350);
    snprintf(text, sizeof text, "%lld", (long long)cap_ranges[CAP_WORKERS].max);
    assert_true(sv_parse_workers_claim(text, &lo, &hi));
    assert_int_equal(hi, cap_ranges[CAP_WORKERS].max);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranges_in_both_formats),
        cmocka_unit_test(test_absurd_figures),
        cmocka_unit_test(test_claims_in_range),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
