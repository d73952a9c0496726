/* Tests for lib/model/suggest.c: edit distance and "did you mean". */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "selvedge/suggest.h"

/* ---- sv_edit_distance ---------------------------------------------------------------- */

static void test_distance_identity_and_empty(void **state)
{
    (void)state;
    assert_int_equal(sv_edit_distance("", ""), 0);
    assert_int_equal(sv_edit_distance("abc", "abc"), 0);
    assert_int_equal(sv_edit_distance("abc", ""), 3);
    assert_int_equal(sv_edit_distance("", "abcd"), 4);
}

static void test_distance_classic(void **state)
{
    (void)state;
    assert_int_equal(sv_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(sv_edit_distance("flaw", "lawn"), 2);
    assert_int_equal(sv_edit_distance("a", "b"), 1);
    assert_int_equal(sv_edit_distance("ab", "abc"), 1);  /* insertion */
    assert_int_equal(sv_edit_distance("abc", "ab"), 1);  /* deletion */
    assert_int_equal(sv_edit_distance("abc", "axc"), 1); /* substitution */
}

static void test_distance_symmetric(void **state)
{
    (void)state;
    const char *w[] = {"",           "a",       "colors",  "colours",   "positioning",
                       "positoning", "premuim", "premium", "tech_pack", "techpack",
                       "kitten",     "sitting", "abdc",    "abcd"};
    size_t n = sizeof w / sizeof w[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            assert_int_equal(sv_edit_distance(w[i], w[j]), sv_edit_distance(w[j], w[i]));
}

static void test_distance_transposition_is_one_edit(void **state)
{
    (void)state;
    assert_int_equal(sv_edit_distance("abcd", "abdc"), 1);
    assert_int_equal(sv_edit_distance("ba", "ab"), 1);
    assert_int_equal(sv_edit_distance("premuim", "premium"), 1);
    assert_int_equal(sv_edit_distance("mdi", "mid"), 1);
    /* two separate transpositions */
    assert_int_equal(sv_edit_distance("badc", "abcd"), 2);
    /* Restricted (optimal string alignment) distance: a transposed pair is not edited
     * again, so "ca" -> "abc" costs 3, not the 2 of unrestricted Damerau-Levenshtein. */
    assert_int_equal(sv_edit_distance("ca", "abc"), 3);
}

static void test_distance_case_insensitive(void **state)
{
    (void)state;
    assert_int_equal(sv_edit_distance("ABC", "abc"), 0);
    assert_int_equal(sv_edit_distance("Premium", "premium"), 0);
    assert_int_equal(sv_edit_distance("PREMUIM", "premium"), 1);
    assert_int_equal(sv_edit_distance("Tech_Pack", "TECH_PACK"), 0);
    /* only letters fold: '-' and '_' stay different */
    assert_int_equal(sv_edit_distance("net-30", "net_30"), 1);
}

static void test_distance_spec_examples(void **state)
{
    (void)state;
    assert_int_equal(sv_edit_distance("positoning", "positioning"), 1);
    assert_int_equal(sv_edit_distance("colours", "colors"), 1);
    assert_int_equal(sv_edit_distance("colour", "colors"), 2);
    assert_int_equal(sv_edit_distance("woman", "women"), 1);
    assert_int_equal(sv_edit_distance("legging", "leggings"), 1);
    assert_int_equal(sv_edit_distance("knitted", "knit"), 3);
}

static void test_distance_long_strings_capped(void **state)
{
    (void)state;
    char a[200], b[200];
    memset(a, 'a', 150);
    a[150] = '\0';
    memset(b, 'a', 150);
    b[150] = '\0';
    assert_int_equal(sv_edit_distance(a, b), 0);
    /* only the first 64 bytes count: a difference beyond them is invisible */
    b[100] = 'b';
    assert_int_equal(sv_edit_distance(a, b), 0);
    /* within them it is seen */
    b[10] = 'b';
    assert_int_equal(sv_edit_distance(a, b), 1);
    /* a long string against a short one is at most 64 */
    assert_int_equal(sv_edit_distance(a, ""), 64);
    memset(b, 'z', 150);
    assert_int_equal(sv_edit_distance(a, b), 64);
}

static void test_distance_non_ascii_bytes(void **state)
{
    (void)state;
    /* UTF-8 bytes are compared as bytes, without crashing on high bytes */
    assert_int_equal(sv_edit_distance("T\xc3\xbcrkiye", "T\xc3\xbcrkiye"), 0);
    assert_int_equal(sv_edit_distance("T\xc3\xbcrkiye", "Turkiye"), 2);
    assert_int_equal(sv_edit_distance("\xff\xfe", "\xfe\xff"), 1);
}

/* ---- sv_suggest ---------------------------------------------------------------------- */

static const char *const tiers[] = {"value", "mid", "premium", "luxury", NULL};
static const char *const brand_keys[] = {
    "name", "positioning",     "channels",      "currency",    "funding",
    "team", "sampling_budget", "payment_terms", "growth_plan", NULL};
static const char *const style_keys[] = {"code",       "name",         "category",
                                         "tier",       "gender",       "construction",
                                         "fabric",     "retail_price", "wholesale_price",
                                         "target_fob", "sizes",        "colors",
                                         "tech_pack",  "cost",         NULL};

static void test_suggest_exact_and_case(void **state)
{
    (void)state;
    assert_string_equal(sv_suggest("premium", tiers, 0), "premium");
    assert_string_equal(sv_suggest("PREMIUM", tiers, 0), "premium");
    assert_string_equal(sv_suggest("Luxury", tiers, 0), "luxury");
}

static void test_suggest_returns_candidate_pointer(void **state)
{
    (void)state;
    /* the result is one of the candidates, not a copy */
    assert_ptr_equal(sv_suggest("premuim", tiers, 0), tiers[2]);
}

static void test_suggest_typos(void **state)
{
    (void)state;
    assert_string_equal(sv_suggest("premuim", tiers, 0), "premium");
    assert_string_equal(sv_suggest("luxary", tiers, 0), "luxury");
    assert_string_equal(sv_suggest("positoning", brand_keys, 0), "positioning");
    assert_string_equal(sv_suggest("currancy", brand_keys, 0), "currency");
    assert_string_equal(sv_suggest("sampling_budjet", brand_keys, 0), "sampling_budget");
    assert_string_equal(sv_suggest("colours", style_keys, 0), "colors");
    assert_string_equal(sv_suggest("colour", style_keys, 0), "colors");
    assert_string_equal(sv_suggest("retail_prise", style_keys, 0), "retail_price");
    assert_string_equal(sv_suggest("techpack", style_keys, 0), "tech_pack");
}

static void test_suggest_transposition(void **state)
{
    (void)state;
    assert_string_equal(sv_suggest("mdi", tiers, 0), "mid");
    assert_string_equal(sv_suggest("vaule", tiers, 0), "value");
}

static void test_suggest_nothing_when_far(void **state)
{
    (void)state;
    assert_null(sv_suggest("spaceship", tiers, 0));
    assert_null(sv_suggest("xyz", tiers, 0));
    assert_null(sv_suggest("budget", brand_keys, 0));
    assert_null(sv_suggest("quantity", style_keys, 0));
}

static void test_suggest_length_limits(void **state)
{
    (void)state;
    /* up to 3 letters: distance 1 only */
    const char *const short_c[] = {"abc", NULL};
    assert_string_equal(sv_suggest("abx", short_c, 0), "abc");
    assert_null(sv_suggest("axy", short_c, 0));
    const char *const women[] = {"women", NULL};
    assert_null(sv_suggest("men", women, 0)); /* distance 2 for a 3-letter word */

    /* 4 to 8 letters: distance 2 */
    const char *const c8[] = {"abcdefgh", NULL};
    assert_string_equal(sv_suggest("abcdefxy", c8, 0), "abcdefgh");
    assert_null(sv_suggest("abcdexyz", c8, 0));
    const char *const c4[] = {"abcd", NULL};
    assert_string_equal(sv_suggest("abxy", c4, 0), "abcd");
    assert_null(sv_suggest("axyz", c4, 0));

    /* 9 letters and more: distance 3 */
    const char *const c9[] = {"abcdefghi", NULL};
    assert_string_equal(sv_suggest("abcdefxyz", c9, 0), "abcdefghi");
    assert_null(sv_suggest("abcdewxyz", c9, 0));
}

static void test_suggest_closest_wins(void **state)
{
    (void)state;
    const char *const c[] = {"abcdef", "abcdxx", "abcdex", NULL};
    assert_string_equal(sv_suggest("abcdez", c, 0), "abcdef");
    const char *const d[] = {"abcdxx", "abcdex", "abcdef", NULL};
    assert_string_equal(sv_suggest("abcdeg", d, 0), "abcdex"); /* tie at 1: first listed */
    assert_string_equal(sv_suggest("abcdef", d, 0), "abcdef"); /* exact beats near */
}

static void test_suggest_prefix_rule(void **state)
{
    (void)state;
    /* "tech" is far from every key but a clear prefix of exactly one */
    assert_string_equal(sv_suggest("tech", style_keys, 0), "tech_pack");
    assert_string_equal(sv_suggest("TECH", style_keys, 0), "tech_pack");
    assert_string_equal(sv_suggest("wholesale", style_keys, 0), "wholesale_price");
    assert_string_equal(sv_suggest("sampling", brand_keys, 0), "sampling_budget");
    assert_string_equal(sv_suggest("payment", brand_keys, 0), "payment_terms");
    /* a prefix of two candidates is ambiguous */
    const char *const two[] = {"wholesale_price", "wholesome_thing", NULL};
    assert_null(sv_suggest("whole", two, 0));
    /* prefixes shorter than three letters do not count */
    const char *const one[] = {"abcdefgh", NULL};
    assert_null(sv_suggest("ab", one, 0));
    assert_string_equal(sv_suggest("abc", one, 0), "abcdefgh");
}

static void test_suggest_counted_array(void **state)
{
    (void)state;
    /* with n > 0 the array need not be NULL-terminated, and entries past n are ignored */
    const char *const c[] = {"value", "mid", "premium", "luxury"};
    assert_string_equal(sv_suggest("premuim", c, 4), "premium");
    assert_null(sv_suggest("premuim", c, 2));
    assert_string_equal(sv_suggest("vlaue", c, 1), "value");
}

static void test_suggest_degenerate_inputs(void **state)
{
    (void)state;
    assert_null(sv_suggest(NULL, tiers, 0));
    assert_null(sv_suggest("", tiers, 0));
    assert_null(sv_suggest("premium", NULL, 0));
    const char *const empty[] = {NULL};
    assert_null(sv_suggest("premium", empty, 0));
}

static void test_suggest_long_word(void **state)
{
    (void)state;
    char w[300];
    memset(w, 'q', sizeof w - 1);
    w[sizeof w - 1] = '\0';
    assert_null(sv_suggest(w, tiers, 0));
    assert_null(sv_suggest(w, style_keys, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance_identity_and_empty),
        cmocka_unit_test(test_distance_classic),
        cmocka_unit_test(test_distance_symmetric),
        cmocka_unit_test(test_distance_transposition_is_one_edit),
        cmocka_unit_test(test_distance_case_insensitive),
        cmocka_unit_test(test_distance_spec_examples),
        cmocka_unit_test(test_distance_long_strings_capped),
        cmocka_unit_test(test_distance_non_ascii_bytes),
        cmocka_unit_test(test_suggest_exact_and_case),
        cmocka_unit_test(test_suggest_returns_candidate_pointer),
        cmocka_unit_test(test_suggest_typos),
        cmocka_unit_test(test_suggest_transposition),
        cmocka_unit_test(test_suggest_nothing_when_far),
        cmocka_unit_test(test_suggest_length_limits),
        cmocka_unit_test(test_suggest_closest_wins),
        cmocka_unit_test(test_suggest_prefix_rule),
        cmocka_unit_test(test_suggest_counted_array),
        cmocka_unit_test(test_suggest_degenerate_inputs),
        cmocka_unit_test(test_suggest_long_word),
    };
    return cmocka_run_group_tests_name("model/suggest", tests, NULL, NULL);
}
