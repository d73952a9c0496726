/* Tests for lib/engine/aql.c: ISO 2859-1 single sampling, normal inspection.
 *
 * The expected values here are typed in from sources other than the one the engine's
 * tables were checked against where possible, and in a different shape: Table I as one
 * string of seven letters per lot range, and Table II-A *resolved* (the code letter and Ac
 * that each cell ends up at, arrows already followed). A mistake in an arrow of the engine's
 * table therefore shows up here as a wrong letter, not as the same mistake twice. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "selvedge/aql.h"

static const sv_aql_level all_levels[] = {SV_AQL_S1, SV_AQL_S2, SV_AQL_S3, SV_AQL_S4,
                                          SV_AQL_I,  SV_AQL_II, SV_AQL_III};

static const char letters[] = "ABCDEFGHJKLMNPQR";
static const int64_t sizes[] = {2,  3,   5,   8,   13,  20,  32,   50,
                                80, 125, 200, 315, 500, 800, 1250, 2000};

static int64_t size_of(char letter)
{
    const char *p = strchr(letters, letter);
    assert_non_null(p);
    return sizes[p - letters];
}

/* Table I: lot range and the letter for S-1 S-2 S-3 S-4 I II III, in that order. */
/* clang-format off */
static const struct {
    int64_t lo, hi;
    const char *by_level;
} table_i[] = {
    {2, 8, "AAAAAAB"},
    {9, 15, "AAAAABC"},
    {16, 25, "AABBBCD"},
    {26, 50, "ABBCCDE"},
    {51, 90, "BBCCCEF"},
    {91, 150, "BBCDDFG"},
    {151, 280, "BCDEEGH"},
    {281, 500, "BCDEFHJ"},
    {501, 1200, "CCEFGJK"},
    {1201, 3200, "CDEGHKL"},
    {3201, 10000, "CDFGJLM"},
    {10001, 35000, "CDFHKMN"},
    {35001, 150000, "DEGJLNP"},
    {150001, 500000, "DEGJMPQ"},
    {500001, INT64_MAX, "DEHKNQR"},
};
/* clang-format on */

/* The AQL columns, as the engine represents them and as the standard prints them. */
static const int aql_values[12] = {65,   100,  150,  250,  400,  650,
                                   1000, 1500, 2500, 4000, 6500, 10000};

/* clang-format off */
/* Table II-A resolved: for each table letter, the code letter of the plan used at each AQL
 * column (0.065 .. 10) and that plan's Ac (Re is always Ac + 1 in single sampling). */
static const struct {
    char letter;
    const char *plan_letter;
    int ac[12];
} resolved[] = {
    {'A', "LKJHGFEDCBAC", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
    {'B', "LKJHGFEDCBAC", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
    {'C', "LKJHGFEDCBDC", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1}},
    {'D', "LKJHGFEDCEDD", {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2}},
    {'E', "LKJHGFEDFEEE", {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3}},
    {'F', "LKJHGFEGFFFF", {0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 5}},
    {'G', "LKJHGFHGGGGG", {0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 5, 7}},
    {'H', "LKJHGJHHHHHH", {0, 0, 0, 0, 0, 1, 1, 2, 3, 5, 7, 10}},
    {'J', "LKJHKJJJJJJJ", {0, 0, 0, 0, 1, 1, 2, 3, 5, 7, 10, 14}},
    {'K', "LKJLKKKKKKKK", {0, 0, 0, 1, 1, 2, 3, 5, 7, 10, 14, 21}},
    {'L', "LKMLLLLLLLLK", {0, 0, 1, 1, 2, 3, 5, 7, 10, 14, 21, 21}},
    {'M', "LNMMMMMMMMLK", {0, 1, 1, 2, 3, 5, 7, 10, 14, 21, 21, 21}},
    {'N', "PNNNNNNNNMLK", {1, 1, 2, 3, 5, 7, 10, 14, 21, 21, 21, 21}},
    {'P', "PPPPPPPPNMLK", {1, 2, 3, 5, 7, 10, 14, 21, 21, 21, 21, 21}},
    {'Q', "QQQQQQQPNMLK", {2, 3, 5, 7, 10, 14, 21, 21, 21, 21, 21, 21}},
    {'R', "RRRRRRQPNMLK", {3, 5, 7, 10, 14, 21, 21, 21, 21, 21, 21, 21}},
};
/* clang-format on */

/* A (lot, level) whose Table I letter is `letter`: the largest lot of the highest range
 * giving it at level II, or at level III for R. Large lots keep most plans clear of 100%
 * inspection; where they do not, the callers expect it. */
static void lot_for_letter(char letter, int64_t *lot, sv_aql_level *level)
{
    for (int lv = 5; lv <= 6; lv++) {
        for (int r = (int)(sizeof table_i / sizeof table_i[0]) - 1; r >= 0; r--) {
            if (table_i[r].by_level[lv] == letter) {
                *lot = table_i[r].hi;
                *level = all_levels[lv];
                return;
            }
        }
    }
    fail_msg("no lot gives letter %c", letter);
}

static sv_aql_plan plan_ok(int64_t lot, sv_aql_level level, int aql)
{
    sv_aql_plan p;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_aql_plan_for(lot, level, aql, &p, &e);
    if (rc != SV_OK)
        fail_msg("lot %lld level %s aql %d: %s", (long long)lot, sv_aql_level_name(level), aql,
                 e.msg);
    return p;
}

static void assert_plan(sv_aql_plan p, char table, char code, int64_t n, int ac, int re, bool arrow,
                        bool full)
{
    assert_int_equal(p.table_letter, table);
    assert_int_equal(p.code_letter, code);
    assert_int_equal(p.sample_size, n);
    assert_int_equal(p.accept, ac);
    assert_int_equal(p.reject, re);
    assert_int_equal(p.arrow_followed, arrow);
    assert_int_equal(p.full_inspection, full);
}

/* ---- Table I ------------------------------------------------------------------------- */

static void test_table_i_every_boundary_every_level(void **state)
{
    (void)state;
    for (size_t r = 0; r < sizeof table_i / sizeof table_i[0]; r++) {
        int64_t ends[2] = {table_i[r].lo, table_i[r].hi};
        for (int k = 0; k < 2; k++) {
            for (int lv = 0; lv < 7; lv++) {
                sv_aql_plan p = plan_ok(ends[k], all_levels[lv], 1000);
                if (p.table_letter != table_i[r].by_level[lv])
                    fail_msg("lot %lld level %s: got %c, want %c", (long long)ends[k],
                             sv_aql_level_name(all_levels[lv]), p.table_letter,
                             table_i[r].by_level[lv]);
            }
        }
    }
}

static void test_lot_of_one_uses_first_row_and_inspects_it(void **state)
{
    (void)state;
    for (int lv = 0; lv < 7; lv++) {
        sv_aql_plan p = plan_ok(1, all_levels[lv], 2500);
        assert_int_equal(p.table_letter, table_i[0].by_level[lv]);
        assert_true(p.full_inspection);
        assert_int_equal(p.sample_size, 1);
    }
}

static void test_huge_lots_do_not_overflow(void **state)
{
    (void)state;
    /* 500001 and over: Q (1250) at level II, R (2000) at level III. At 2.5 both rows are
     * past the last plan (21/22) and point up to N. */
    assert_plan(plan_ok(1000000000000LL, SV_AQL_II, 65), 'Q', 'Q', 1250, 2, 3, false, false);
    assert_plan(plan_ok(1000000000000LL, SV_AQL_II, 2500), 'Q', 'N', 500, 21, 22, true, false);
    assert_plan(plan_ok(1000000000000LL, SV_AQL_III, 2500), 'R', 'N', 500, 21, 22, true, false);
    assert_plan(plan_ok(1000000000000LL, SV_AQL_III, 65), 'R', 'R', 2000, 3, 4, false, false);
    assert_plan(plan_ok(INT64_MAX, SV_AQL_III, 400), 'R', 'R', 2000, 14, 15, false, false);
    assert_plan(plan_ok(INT64_MAX, SV_AQL_S1, 10000), 'D', 'D', 8, 2, 3, false, false);
    assert_plan(plan_ok(500001, SV_AQL_II, 65), 'Q', 'Q', 1250, 2, 3, false, false);
    assert_plan(plan_ok(500000, SV_AQL_II, 65), 'P', 'P', 800, 1, 2, false, false);
}

/* ---- Table II-A ---------------------------------------------------------------------- */

static void test_known_plans_lot_3000_level_ii(void **state)
{
    (void)state;
    assert_plan(plan_ok(3000, SV_AQL_II, 2500), 'K', 'K', 125, 7, 8, false, false);
    assert_plan(plan_ok(3000, SV_AQL_II, 4000), 'K', 'K', 125, 10, 11, false, false);
    assert_plan(plan_ok(3000, SV_AQL_II, 1500), 'K', 'K', 125, 5, 6, false, false);
    assert_plan(plan_ok(3000, SV_AQL_II, 650), 'K', 'K', 125, 2, 3, false, false);
    assert_plan(plan_ok(3000, SV_AQL_II, 1000), 'K', 'K', 125, 3, 4, false, false);
    assert_plan(plan_ok(3000, SV_AQL_II, 6500), 'K', 'K', 125, 14, 15, false, false);
    assert_plan(plan_ok(3000, SV_AQL_II, 10000), 'K', 'K', 125, 21, 22, false, false);
    assert_plan(plan_ok(3000, SV_AQL_II, 100), 'K', 'K', 125, 0, 1, false, false);
}

static void test_arrow_down_changes_sample_size(void **state)
{
    (void)state;
    /* K at 0.065 points down; the first plan below is L: 200 units, 0/1. */
    assert_plan(plan_ok(3000, SV_AQL_II, 65), 'K', 'L', 200, 0, 1, true, false);
    /* K at 0.25 points down too, to L at 1/2. */
    assert_plan(plan_ok(3000, SV_AQL_II, 250), 'K', 'L', 200, 1, 2, true, false);
    /* N at 0.065 points down to P: 800 units, 1/2. */
    assert_plan(plan_ok(35000, SV_AQL_III, 65), 'N', 'P', 800, 1, 2, true, false);
    /* A long walk: F at 0.065 goes down five rows to L. */
    assert_plan(plan_ok(150, SV_AQL_II, 65), 'F', 'L', 150, 0, 1, true, true);
    assert_plan(plan_ok(10000, SV_AQL_I, 65), 'J', 'L', 200, 0, 1, true, false);
}

static void test_arrow_up_changes_sample_size(void **state)
{
    (void)state;
    /* D (lot 50, level II) at 2.5 points up to C: 5 units, 0/1. */
    assert_plan(plan_ok(50, SV_AQL_II, 2500), 'D', 'C', 5, 0, 1, true, false);
    /* M at 0.065 points up to L: 200 units, 0/1. */
    assert_plan(plan_ok(10000, SV_AQL_III, 65), 'M', 'L', 200, 0, 1, true, false);
    /* Past 21/22 every cell points up: L..R at AQL 10 all use K, 125, 21/22. */
    assert_plan(plan_ok(10000, SV_AQL_II, 10000), 'L', 'K', 125, 21, 22, true, false);
    assert_plan(plan_ok(1000000, SV_AQL_III, 10000), 'R', 'K', 125, 21, 22, true, false);
    assert_plan(plan_ok(1000000, SV_AQL_III, 4000), 'R', 'M', 315, 21, 22, true, false);
}

static void test_edge_cell_row_a_aql_10_points_down(void **state)
{
    (void)state;
    /* Row A at AQL 10 sits where the pattern would put an up arrow, but there is no row
     * above A: the standard points down, through B, to C (5 units, 1/2). */
    assert_plan(plan_ok(8, SV_AQL_II, 10000), 'A', 'C', 5, 1, 2, true, false);
    assert_plan(plan_ok(15, SV_AQL_I, 10000), 'A', 'C', 5, 1, 2, true, false);
    assert_plan(plan_ok(15, SV_AQL_II, 10000), 'B', 'C', 5, 1, 2, true, false);
}

static void test_arrow_column_transitions(void **state)
{
    (void)state;
    /* Around each 0/1 plan: the last down arrow above it, the plan, the up arrow below
     * it, and the down arrow under that which jumps to 1/2. One column per AQL. */
    static const struct {
        int aql;
        char above, plan, up, down; /* table letters */
        char down_to;               /* where the down arrow under the up arrow lands */
    } cases[] = {
        {65, 'K', 'L', 'M', 'N', 'P'},   {100, 'J', 'K', 'L', 'M', 'N'},
        {150, 'H', 'J', 'K', 'L', 'M'},  {250, 'G', 'H', 'J', 'K', 'L'},
        {400, 'F', 'G', 'H', 'J', 'K'},  {650, 'E', 'F', 'G', 'H', 'J'},
        {1000, 'D', 'E', 'F', 'G', 'H'}, {1500, 'C', 'D', 'E', 'F', 'G'},
        {2500, 'B', 'C', 'D', 'E', 'F'}, {4000, 'A', 'B', 'C', 'D', 'E'},
        {6500, '-', 'A', 'B', 'C', 'D'},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t lot = 0;
        sv_aql_level level = SV_AQL_II;
        char plan = cases[i].plan;
        int64_t n = size_of(plan);

        if (cases[i].above != '-') {
            lot_for_letter(cases[i].above, &lot, &level);
            sv_aql_plan p = plan_ok(lot, level, cases[i].aql);
            assert_int_equal(p.code_letter, plan);
            assert_true(p.arrow_followed);
            assert_int_equal(p.accept, 0);
        }
        lot_for_letter(plan, &lot, &level);
        assert_plan(plan_ok(lot, level, cases[i].aql), plan, plan, n >= lot ? lot : n, 0, 1, false,
                    n >= lot);
        lot_for_letter(cases[i].up, &lot, &level);
        assert_plan(plan_ok(lot, level, cases[i].aql), cases[i].up, plan, n >= lot ? lot : n, 0, 1,
                    true, n >= lot);
        lot_for_letter(cases[i].down, &lot, &level);
        n = size_of(cases[i].down_to);
        assert_plan(plan_ok(lot, level, cases[i].aql), cases[i].down, cases[i].down_to,
                    n >= lot ? lot : n, 1, 2, true, n >= lot);
    }
}

static void test_every_cell_of_table_ii_a(void **state)
{
    (void)state;
    int checked = 0;
    for (size_t r = 0; r < sizeof resolved / sizeof resolved[0]; r++) {
        int64_t lot = 0;
        sv_aql_level level = SV_AQL_II;
        lot_for_letter(resolved[r].letter, &lot, &level);
        for (int c = 0; c < 12; c++) {
            sv_aql_plan p = plan_ok(lot, level, aql_values[c]);
            char want = resolved[r].plan_letter[c];
            int64_t n = size_of(want);
            if (p.table_letter != resolved[r].letter || p.code_letter != want ||
                p.accept != resolved[r].ac[c])
                fail_msg("%c at AQL %d: got %c %d/%d, want %c %d/%d", resolved[r].letter,
                         aql_values[c], p.code_letter, p.accept, p.reject, want, resolved[r].ac[c],
                         resolved[r].ac[c] + 1);
            assert_int_equal(p.reject, p.accept + 1);
            assert_int_equal(p.arrow_followed, want != resolved[r].letter);
            assert_int_equal(p.full_inspection, n >= lot);
            assert_int_equal(p.sample_size, n >= lot ? lot : n);
            checked++;
        }
    }
    assert_int_equal(checked, 16 * 12);
}

/* ---- 100% inspection ----------------------------------------------------------------- */

static void test_full_inspection_when_sample_exceeds_lot(void **state)
{
    (void)state;
    /* Lot 5, level II: A; 0.065 points down to L (200) > 5: inspect all 5, Ac 0 Re 1. */
    assert_plan(plan_ok(5, SV_AQL_II, 65), 'A', 'L', 5, 0, 1, true, true);
    /* Ac/Re stay those of the plan when every unit is inspected: lot 3 at level III is B,
     * AQL 10 points down to C (5 units, 1/2), so all 3 are inspected and 1 may fail. */
    assert_plan(plan_ok(3, SV_AQL_III, 10000), 'B', 'C', 3, 1, 2, true, true);
    assert_plan(plan_ok(10, SV_AQL_III, 10000), 'C', 'C', 5, 1, 2, false, false);
    /* A lot of 2 at A, 6.5: its own plan of 2 units is the whole lot. */
    assert_plan(plan_ok(2, SV_AQL_II, 6500), 'A', 'A', 2, 0, 1, false, true);
    /* Lot 40 (D) at 0.65 goes down to F (20 units): a sample again. */
    assert_plan(plan_ok(40, SV_AQL_II, 650), 'D', 'F', 20, 0, 1, true, false);
    /* Lot 150 (F) at 0.065 goes down to L (200 units): all 150. */
    assert_plan(plan_ok(150, SV_AQL_II, 65), 'F', 'L', 150, 0, 1, true, true);
}

static void test_full_inspection_when_sample_equals_lot(void **state)
{
    (void)state;
    /* Lot 8, level II: A; 1.5 points down to D, 8 units = the lot. */
    assert_plan(plan_ok(8, SV_AQL_II, 1500), 'A', 'D', 8, 0, 1, true, true);
    /* One more unit (lot 9, B) and the same plan is a true sample. */
    assert_plan(plan_ok(9, SV_AQL_II, 1500), 'B', 'D', 8, 0, 1, true, false);
    /* Lot 3, level III: B, 3 units at 4.0: exactly the lot. */
    assert_plan(plan_ok(3, SV_AQL_III, 4000), 'B', 'B', 3, 0, 1, false, true);
}

/* ---- plan_for errors ----------------------------------------------------------------- */

static void test_lot_below_one_is_an_error(void **state)
{
    (void)state;
    const int64_t bad[] = {0, -1, -3000, INT64_MIN};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sv_aql_plan p;
        sv_err e;
        sv_err_clear(&e);
        memset(&p, 0x5a, sizeof p);
        assert_int_equal(sv_aql_plan_for(bad[i], SV_AQL_II, 2500, &p, &e), SV_ERR_USAGE);
        assert_int_equal(e.code, SV_ERR_USAGE);
        assert_non_null(strstr(e.msg, "lot size must be at least 1"));
        assert_int_equal(p.sample_size, 0);
        assert_int_equal(p.code_letter, 0);
    }
    sv_err e;
    sv_aql_plan p;
    assert_int_equal(sv_aql_plan_for(0, SV_AQL_II, 2500, &p, &e), SV_ERR_USAGE);
    assert_non_null(strstr(e.msg, "got 0"));
}

static void test_plan_refuses_aql_not_in_table(void **state)
{
    (void)state;
    /* 10, 15, 25, 40 are the standard's 0.010..0.040 columns, outside this engine's range;
     * 3000 (3.0%) is in no column at all. */
    const int bad[] = {0, 10, 15, 25, 40, 64, 66, 3000, 15000, -65, INT_MAX, INT_MIN};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sv_aql_plan p;
        sv_err e;
        assert_int_equal(sv_aql_plan_for(3000, SV_AQL_II, bad[i], &p, &e), SV_ERR_USAGE);
        assert_non_null(strstr(e.msg, "Table II-A"));
    }
}

static void test_plan_refuses_unknown_level(void **state)
{
    (void)state;
    sv_aql_plan p;
    sv_err e;
    assert_int_equal(sv_aql_plan_for(3000, (sv_aql_level)7, 2500, &p, &e), SV_ERR_USAGE);
    assert_non_null(strstr(e.msg, "inspection level"));
    assert_int_equal(sv_aql_plan_for(3000, (sv_aql_level)-1, 2500, &p, &e), SV_ERR_USAGE);
}

static void test_plan_null_arguments(void **state)
{
    (void)state;
    sv_aql_plan p;
    sv_err e;
    /* No sv_err: the code still comes back. */
    assert_int_equal(sv_aql_plan_for(3000, SV_AQL_II, 2500, &p, NULL), SV_OK);
    assert_int_equal(p.accept, 7);
    assert_int_equal(sv_aql_plan_for(0, SV_AQL_II, 2500, &p, NULL), SV_ERR_USAGE);
    /* No output: refused, not dereferenced. */
    assert_int_equal(sv_aql_plan_for(3000, SV_AQL_II, 2500, NULL, &e), SV_ERR_INTERNAL);
}

/* ---- level parse --------------------------------------------------------------------- */

static void test_level_parse_accepts_all_spellings(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        sv_aql_level want;
    } ok[] = {
        {"S-1", SV_AQL_S1},  {"s-1", SV_AQL_S1}, {"S1", SV_AQL_S1},  {"s1", SV_AQL_S1},
        {"S-2", SV_AQL_S2},  {"s2", SV_AQL_S2},  {"S-3", SV_AQL_S3}, {"S3", SV_AQL_S3},
        {"S-4", SV_AQL_S4},  {"s-4", SV_AQL_S4}, {"I", SV_AQL_I},    {"i", SV_AQL_I},
        {"II", SV_AQL_II},   {"ii", SV_AQL_II},  {"Ii", SV_AQL_II},  {"III", SV_AQL_III},
        {"iii", SV_AQL_III},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        sv_aql_level lv = SV_AQL_II;
        sv_err e;
        sv_err_clear(&e);
        if (sv_aql_level_parse(ok[i].text, &lv, &e) != SV_OK)
            fail_msg("\"%s\": %s", ok[i].text, e.msg);
        assert_int_equal(lv, ok[i].want);
    }
}

static void test_level_parse_errors(void **state)
{
    (void)state;
    const char *bad[] = {"IV",   "",    "IIII", "S-5", "S-0", "S5", "S",    "S-",
                         "S--1", "I I", " II",  "II ", "G2",  "2",  "S-11", "general"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sv_aql_level lv = SV_AQL_III;
        sv_err e;
        sv_err_clear(&e);
        if (sv_aql_level_parse(bad[i], &lv, &e) != SV_ERR_USAGE)
            fail_msg("\"%s\" was accepted", bad[i]);
        assert_int_equal(lv, SV_AQL_III); /* untouched on error */
        assert_non_null(strstr(e.msg, "S-1, S-2, S-3, S-4, I, II or III"));
    }
    sv_aql_level lv = SV_AQL_III;
    sv_err e;
    assert_int_equal(sv_aql_level_parse(NULL, &lv, &e), SV_ERR_USAGE);
    assert_non_null(strstr(e.msg, "no inspection level"));
    assert_int_equal(sv_aql_level_parse(NULL, &lv, NULL), SV_ERR_USAGE);
    assert_int_equal(sv_aql_level_parse("II", NULL, &e), SV_ERR_INTERNAL);
}

static void test_level_name_round_trips(void **state)
{
    (void)state;
    static const char *names[] = {"S-1", "S-2", "S-3", "S-4", "I", "II", "III"};
    for (int i = 0; i < 7; i++) {
        sv_aql_level lv;
        assert_string_equal(sv_aql_level_name(all_levels[i]), names[i]);
        assert_int_equal(sv_aql_level_parse(names[i], &lv, NULL), SV_OK);
        assert_int_equal(lv, all_levels[i]);
    }
    assert_string_equal(sv_aql_level_name((sv_aql_level)7), "?");
    assert_string_equal(sv_aql_level_name((sv_aql_level)-1), "?");
}

/* ---- AQL parse ----------------------------------------------------------------------- */

static void test_aql_parse_accepts_every_column(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int want;
    } ok[] = {
        {"0.065", 65}, {"0.10", 100},   {"0.1", 100},   {"0.15", 150},  {"0.25", 250},
        {"0.40", 400}, {"0.4", 400},    {"0.65", 650},  {"1.0", 1000},  {"1", 1000},
        {"1.5", 1500}, {"2.5", 2500},   {"4.0", 4000},  {"4", 4000},    {"6.5", 6500},
        {"10", 10000}, {"10.0", 10000}, {"2.50", 2500}, {"0.100", 100}, {"0.0650", 65},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int v = -1;
        sv_err e;
        sv_err_clear(&e);
        if (sv_aql_value_parse(ok[i].text, &v, &e) != SV_OK)
            fail_msg("\"%s\": %s", ok[i].text, e.msg);
        assert_int_equal(v, ok[i].want);
        /* and every parsed value is one the planner takes */
        sv_aql_plan p;
        assert_int_equal(sv_aql_plan_for(3000, SV_AQL_II, v, &p, NULL), SV_OK);
    }
}

static void test_aql_parse_refuses_values_not_in_table(void **state)
{
    (void)state;
    const char *bad[] = {"3.0",
                         "0.01",
                         "0.010",
                         "0.040",
                         "15",
                         "25",
                         "0.0651",
                         "0.5",
                         "0",
                         "0.0",
                         "100",
                         "1000",
                         "1000000000000000000000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int v = -1;
        sv_err e;
        sv_err_clear(&e);
        if (sv_aql_value_parse(bad[i], &v, &e) != SV_ERR_USAGE)
            fail_msg("\"%s\" was accepted as %d", bad[i], v);
        assert_int_equal(v, -1);
        assert_non_null(strstr(e.msg, "is not a supported ISO 2859-1 Table II-A column"));
    }
}

static void test_aql_parse_refuses_non_numbers(void **state)
{
    (void)state;
    const char *bad[] = {"abc", "-1", "",   "1e1", "2.5x", ".65", "1.",
                         "+1",  " 1", "1 ", "2,5", "2.5%", "--",  "."};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int v = -1;
        sv_err e;
        sv_err_clear(&e);
        if (sv_aql_value_parse(bad[i], &v, &e) != SV_ERR_USAGE)
            fail_msg("\"%s\" was accepted as %d", bad[i], v);
        assert_int_equal(v, -1);
        assert_true(strlen(e.msg) > 0);
    }
    int v = -1;
    sv_err e;
    assert_int_equal(sv_aql_value_parse(NULL, &v, &e), SV_ERR_USAGE);
    assert_non_null(strstr(e.msg, "no AQL given"));
    assert_int_equal(sv_aql_value_parse(NULL, &v, NULL), SV_ERR_USAGE);
    assert_int_equal(sv_aql_value_parse("abc", &v, NULL), SV_ERR_USAGE);
    assert_int_equal(sv_aql_value_parse("2.5", NULL, &e), SV_ERR_INTERNAL);
    assert_int_equal(v, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_i_every_boundary_every_level),
        cmocka_unit_test(test_lot_of_one_uses_first_row_and_inspects_it),
        cmocka_unit_test(test_huge_lots_do_not_overflow),
        cmocka_unit_test(test_known_plans_lot_3000_level_ii),
        cmocka_unit_test(test_arrow_down_changes_sample_size),
        cmocka_unit_test(test_arrow_up_changes_sample_size),
        cmocka_unit_test(test_edge_cell_row_a_aql_10_points_down),
        cmocka_unit_test(test_arrow_column_transitions),
        cmocka_unit_test(test_every_cell_of_table_ii_a),
        cmocka_unit_test(test_full_inspection_when_sample_exceeds_lot),
        cmocka_unit_test(test_full_inspection_when_sample_equals_lot),
        cmocka_unit_test(test_lot_below_one_is_an_error),
        cmocka_unit_test(test_plan_refuses_aql_not_in_table),
        cmocka_unit_test(test_plan_refuses_unknown_level),
        cmocka_unit_test(test_plan_null_arguments),
        cmocka_unit_test(test_level_parse_accepts_all_spellings),
        cmocka_unit_test(test_level_parse_errors),
        cmocka_unit_test(test_level_name_round_trips),
        cmocka_unit_test(test_aql_parse_accepts_every_column),
        cmocka_unit_test(test_aql_parse_refuses_values_not_in_table),
        cmocka_unit_test(test_aql_parse_refuses_non_numbers),
    };
    return cmocka_run_group_tests_name("aql", tests, NULL, NULL);
}
