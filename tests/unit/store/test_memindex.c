/* Tests for lib/store/memindex.c, the in-memory look-ups of a bulk load: each answer against
 * a plain reference kept beside it (sorted arrays, linear searches), through seeded random
 * sequences like a load's (new factories with growing ids, names and addresses added to old
 * ones, words shared by many). The store's equivalence tests (test_store.c) compare whole
 * stores; these reach the corners those files do not: words with hundreds of factories,
 * names added out of order among and past the first ids a look-up asks for, hash tables
 * grown many times. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../lib/store/memindex.h"

enum { ORDERED = 64, N_WORDS = 40, N_FACTORIES = 3000 };

static uint64_t rnd_state;

static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 6364136223846793005u + 1442695040888963407u;
    return (unsigned)(rnd_state >> 33) % n;
}

/* the reference: for each word, the ids that have it (a bitmap over factory ids) */
static unsigned char has[N_WORDS][N_FACTORIES + 1];

static void word_name(int w, char *buf, size_t n)
{
    snprintf(buf, n, "w%02d", w);
}

/* The first ORDERED ids of each word, ascending and unique: the smallest of all. */
static void check_words(memindex *m, const char *country)
{
    for (int w = 0; w < N_WORDS; w++) {
        char word[16];
        word_name(w, word, sizeof word);
        int64_t got[ORDERED];
        size_t n = mi_token_ids(m, country, word, got, ORDERED);
        size_t want_n = 0;
        for (int id = 1; id <= N_FACTORIES && want_n < ORDERED; id++)
            if (has[w][id]) {
                if (want_n >= n || got[want_n] != id)
                    fail_msg("word %s: id %d expected at %zu, got %lld (%zu ids)", word, id, want_n,
                             want_n < n ? (long long)got[want_n] : -1LL, n);
                want_n++;
            }
        assert_int_equal(n, want_n);
    }
}

typedef struct written {
    size_t rows;
    unsigned char seen[N_WORDS][N_FACTORIES + 1];
    char last[32];
} written;

static bool on_token(void *ud, const char *country, const char *token, int64_t id)
{
    written *wr = ud;
    char key[32];
    snprintf(key, sizeof key, "%s %s", country, token);
    /* by country and word */
    if (strcmp(key, wr->last) < 0)
        fail_msg("tokens out of order: %s after %s", key, wr->last);
    snprintf(wr->last, sizeof wr->last, "%s", key);
    int w = atoi(token + 1);
    assert_true(w >= 0 && w < N_WORDS && id >= 1 && id <= N_FACTORIES);
    wr->seen[w][id] = 1;
    wr->rows++;
    return true;
}

static void test_token_lists(void **state)
{
    (void)state;
    rnd_state = 42;
    memset(has, 0, sizeof has);
    memindex *m = mi_new(ORDERED);
    assert_non_null(m);
    int next = 0;
    for (int step = 0; step < 20000; step++) {
        int id;
        if (next < N_FACTORIES && (next == 0 || rnd(4))) {
            id = ++next; /* a new factory: the largest id yet */
            assert_true(mi_factory(m, id, "BD"));
        } else {
            id = 1 + (int)rnd((unsigned)next); /* a name added to an older one */
        }
        /* a few words, the low ones common (shared by hundreds), some twice in a name */
        int words = 1 + (int)rnd(3);
        for (int k = 0; k < words; k++) {
            int w = rnd(3) ? (int)rnd(6) : (int)rnd(N_WORDS);
            char word[16];
            word_name(w, word, sizeof word);
            assert_true(mi_add_token(m, "BD", word, id));
            if (rnd(5) == 0)
                assert_true(mi_add_token(m, "BD", word, id));
            has[w][id] = 1;
        }
        if (step % 997 == 0)
            check_words(m, "BD");
    }
    check_words(m, "BD");
    /* another country shares nothing */
    int64_t got[4];
    assert_int_equal(mi_token_ids(m, "VN", "w00", got, 4), 0);
    /* the words written out: every (word, id) pair, by word */
    written *wr = calloc(1, sizeof *wr);
    assert_non_null(wr);
    assert_true(mi_each_token(m, on_token, wr));
    for (int w = 0; w < N_WORDS; w++)
        for (int id = 1; id <= N_FACTORIES; id++)
            if (has[w][id] != wr->seen[w][id])
                fail_msg("word %d, id %d: %d in the index, written %d", w, id, has[w][id],
                         wr->seen[w][id]);
    free(wr);
    mi_free(m);
}

/* Exact look-ups: the smallest id with a name (and address) in a country, as SQL's ORDER BY
 * id LIMIT 1 would give; names and addresses in the order added; OS IDs and handles. A name or
 * address is added to an older factory one time in four: to any of them, or with crowd, to
 * one of the first crowd factories, which then have hundreds of names and addresses each (past
 * the few that a factory's own list is searched for; then a table is). */
static void exact_lookups(uint64_t seed, int crowd)
{
    rnd_state = seed;
    memindex *m = mi_new(ORDERED);
    assert_non_null(m);
    enum { N = 2000, KEYS = 300 };
    static char country[N + 1][3];
    static unsigned char name_of[N + 1][KEYS], addr_of[N + 1][KEYS];
    /* the keys of each factory in the order added: the first name, the first address */
    static short order[N + 1][KEYS], n_order[N + 1], first_addr[N + 1];
    memset(name_of, 0, sizeof name_of);
    memset(addr_of, 0, sizeof addr_of);
    memset(n_order, 0, sizeof n_order);
    memset(first_addr, -1, sizeof first_addr);
    static const char *const countries[] = {"BD", "VN", "PT"};
    for (int id = 1; id <= N; id++) {
        snprintf(country[id], 3, "%s", countries[rnd(3)]);
        assert_true(mi_factory(m, id, country[id]));
        if (rnd(2)) {
            char os[32];
            snprintf(os, sizeof os, "OS%06d", id);
            assert_true(mi_set_os_id(m, id, os));
        }
        for (int k = 0; k < 3; k++) {
            /* names and addresses, some added later to older factories */
            int older = crowd && id > crowd ? crowd : id;
            int target = rnd(4) ? id : 1 + (int)rnd((unsigned)older);
            char key[32];
            int nk = (int)rnd(KEYS);
            snprintf(key, sizeof key, "name %d", nk);
            if (!name_of[target][nk]) {
                assert_true(mi_add_name(m, target, key));
                name_of[target][nk] = 1;
                order[target][n_order[target]++] = (short)nk;
            }
            if (rnd(2)) {
                int ak = (int)rnd(KEYS);
                snprintf(key, sizeof key, "addr %d", ak);
                if (!addr_of[target][ak]) {
                    assert_true(mi_add_address(m, target, key));
                    addr_of[target][ak] = 1;
                    if (first_addr[target] < 0)
                        first_addr[target] = (short)ak;
                }
            }
        }
    }
    for (int c = 0; c < 3; c++)
        for (int nk = 0; nk < KEYS; nk++) {
            char name[32];
            snprintf(name, sizeof name, "name %d", nk);
            int want = 0;
            for (int id = 1; id <= N && !want; id++)
                if (name_of[id][nk] && strcmp(country[id], countries[c]) == 0)
                    want = id;
            assert_int_equal(mi_find_exact(m, countries[c], name, NULL), want);
            for (int ak = 0; ak < KEYS; ak += 17) {
                char addr[32];
                snprintf(addr, sizeof addr, "addr %d", ak);
                int want_a = 0;
                for (int id = 1; id <= N && !want_a; id++)
                    if (name_of[id][nk] && addr_of[id][ak] &&
                        strcmp(country[id], countries[c]) == 0)
                        want_a = id;
                assert_int_equal(mi_find_exact(m, countries[c], name, addr), want_a);
            }
        }
    int most = 0;
    for (int id = 1; id <= N; id++) {
        char os[32];
        snprintf(os, sizeof os, "OS%06d", id);
        int64_t got = mi_find_os_id(m, os);
        assert_true(got == 0 || got == id);
        bool any = false;
        for (int ak = 0; ak < KEYS; ak++)
            any |= addr_of[id][ak] != 0;
        assert_int_equal(mi_has_address(m, id), any);
        assert_true(mi_same_country(m, id, country[id]));
        /* its names in the order added, then none */
        for (int k = 0; k < n_order[id]; k++) {
            char name[32];
            snprintf(name, sizeof name, "name %d", order[id][k]);
            const char *key = mi_name_key(m, id, (size_t)k);
            assert_non_null(key);
            assert_string_equal(key, name);
        }
        assert_null(mi_name_key(m, id, (size_t)n_order[id]));
        if (first_addr[id] >= 0) {
            char addr[32];
            snprintf(addr, sizeof addr, "addr %d", first_addr[id]);
            assert_string_equal(mi_first_address(m, id), addr);
        } else {
            assert_null(mi_first_address(m, id));
        }
        if (n_order[id] > most)
            most = n_order[id];
    }
    if (crowd)
        assert_true(most > 100); /* the crowd did get crowded */
    assert_int_equal(mi_find_os_id(m, "OS999999"), 0);
    assert_int_equal(mi_find_handle(m, "nobody"), 0);
    assert_true(mi_set_handle(m, 5, "bd-five"));
    assert_true(mi_set_handle(m, 5, "bd-other")); /* the first one is kept */
    assert_int_equal(mi_find_handle(m, "bd-five"), 5);
    assert_int_equal(mi_find_handle(m, "bd-other"), 0);
    mi_free(m);
}

static void test_exact_lookups(void **state)
{
    (void)state;
    exact_lookups(7, 0);
}

static void test_exact_lookups_crowded(void **state)
{
    (void)state;
    exact_lookups(11, 5);
}

/* Names come back in the order added; the first address is the first added. */
static void test_name_order(void **state)
{
    (void)state;
    memindex *m = mi_new(ORDERED);
    assert_true(mi_factory(m, 1, "TR"));
    assert_null(mi_name_key(m, 1, 0));
    assert_null(mi_first_address(m, 1));
    assert_true(mi_add_name(m, 1, "anatolia denim"));
    assert_true(mi_add_name(m, 1, "anatolia jeans"));
    assert_true(mi_add_address(m, 1, "organize sanayi 4"));
    assert_true(mi_add_address(m, 1, "organize sanayi 5"));
    assert_string_equal(mi_name_key(m, 1, 0), "anatolia denim");
    assert_string_equal(mi_name_key(m, 1, 1), "anatolia jeans");
    assert_null(mi_name_key(m, 1, 2));
    assert_string_equal(mi_first_address(m, 1), "organize sanayi 4");
    assert_int_equal(mi_find_exact(m, "TR", "anatolia jeans", "organize sanayi 5"), 1);
    assert_int_equal(mi_find_exact(m, "PT", "anatolia jeans", NULL), 0);
    /* an id never given is no factory */
    assert_null(mi_name_key(m, 99, 0));
    assert_false(mi_add_name(m, 99, "x"));
    mi_free(m);
}

/* A facility listed under thousands of spellings: the index grows with its names plus its
 * addresses, not their product (a table of every name with every address made a load of such
 * a registry take gigabytes), and the exact look-ups still find it. */
static void test_many_spellings_linear(void **state)
{
    (void)state;
    enum { K = 3000 };
    memindex *m = mi_new(ORDERED);
    assert_true(mi_factory(m, 1, "CN"));
    assert_true(mi_factory(m, 2, "CN"));
    assert_true(mi_add_name(m, 2, "name 7"));       /* another factory with a shared name */
    assert_true(mi_add_address(m, 2, "address 9")); /* and a shared address */
    for (int k = 0; k < K; k++) {
        char key[32];
        snprintf(key, sizeof key, "name %d", k);
        assert_true(mi_add_name(m, 1, key));
        snprintf(key, sizeof key, "address %d", k);
        assert_true(mi_add_address(m, 1, key));
    }
    size_t bytes = mi_memory(m);
    print_message("# %d names and %d addresses of one factory: %zu bytes\n", K, K, bytes);
    if (bytes > 2u << 20) /* 2 MiB: a few hundred bytes a name or address */
        fail_msg("%zu bytes for %d names and %d addresses", bytes, K, K);
    assert_int_equal(mi_find_exact(m, "CN", "name 2999", "address 0"), 1);
    assert_int_equal(mi_find_exact(m, "CN", "name 0", "address 2999"), 1);
    assert_int_equal(mi_find_exact(m, "CN", "name 7", "address 9"), 1); /* the smallest */
    assert_true(mi_add_address(m, 2, "address 2"));
    assert_int_equal(mi_find_exact(m, "CN", "name 7", "address 2"), 1);
    assert_int_equal(mi_find_exact(m, "CN", "name 7", NULL), 1);
    assert_int_equal(mi_find_exact(m, "CN", "name 7", "address nowhere"), 0);
    assert_int_equal(mi_find_exact(m, "VN", "name 7", "address 9"), 0);
    /* a name and an address of two different factories are no match */
    assert_true(mi_factory(m, 3, "CN"));
    assert_true(mi_add_name(m, 3, "only three"));
    assert_true(mi_add_address(m, 3, "address 0"));
    assert_int_equal(mi_find_exact(m, "CN", "only three", "address 0"), 3);
    assert_int_equal(mi_find_exact(m, "CN", "only three", "address 1"), 0);
    mi_free(m);
}

/* What a bulk load of ordinary factories costs: each with a handle, one in two with an OS ID,
 * a name of about 30 characters and an address of about 35 (each its own), and three
 * blocking words from a vocabulary of a few thousand. The bytes the index holds, its unused
 * room included, stay within a bound a factory: the memory target of a million-row import
 * rests on it. About 240 bytes here (230 to 265 at other sizes, with the tables at other
 * points of their growth); the index that kept a second copy of every key and tables of
 * every (factory, key) and (country, name) took 430 to 550. */
static void test_bytes_a_factory(void **state)
{
    (void)state;
    enum { N = 50000, BOUND = 280 };
    rnd_state = 3;
    memindex *m = mi_new(ORDERED);
    assert_non_null(m);
    for (int id = 1; id <= N; id++) {
        char text[64], w[3][16];
        assert_true(mi_factory(m, id, "CN"));
        snprintf(text, sizeof text, "cn-%07d", id);
        assert_true(mi_set_handle(m, id, text));
        if (id % 2) {
            snprintf(text, sizeof text, "CN2019%07dX", id);
            assert_true(mi_set_os_id(m, id, text));
        }
        for (int k = 0; k < 3; k++) {
            snprintf(w[k], sizeof w[k], "word%u", rnd(4000));
            assert_true(mi_add_token(m, "CN", w[k], id));
        }
        snprintf(text, sizeof text, "%s %s %s apparel %d", w[0], w[1], w[2], id);
        assert_true(mi_add_name(m, id, text));
        snprintf(text, sizeof text, "plot %u avenue %u shaoxing %d", rnd(500), rnd(90), id);
        assert_true(mi_add_address(m, id, text));
    }
    size_t bytes = mi_memory(m);
    print_message("# %d factories: %zu bytes, %zu a factory\n", N, bytes, bytes / N);
    if (bytes / N > BOUND)
        fail_msg("%zu bytes a factory, more than %d", bytes / N, BOUND);
    assert_int_equal(mi_find_exact(m, "CN", mi_name_key(m, 777, 0), mi_first_address(m, 777)), 777);
    mi_free(m);
}

static bool collect_fts(void *ud, int64_t id)
{
    int64_t *got = ud;
    got[++got[0]] = id;
    return true;
}

/* The factories whose search rows wait for the end of the load, each once, ascending. */
static void test_fts_later(void **state)
{
    (void)state;
    memindex *m = mi_new(ORDERED);
    int64_t got[16] = {0};
    assert_true(mi_each_fts(m, collect_fts, got));
    assert_int_equal(got[0], 0);
    assert_true(mi_fts_later(m, 900));
    assert_true(mi_fts_later(m, 3));
    assert_true(mi_fts_later(m, 900));
    assert_true(mi_fts_later(m, 64));
    assert_false(mi_fts_later(m, 0));
    assert_true(mi_each_fts(m, collect_fts, got));
    assert_int_equal(got[0], 3);
    assert_int_equal(got[1], 3);
    assert_int_equal(got[2], 64);
    assert_int_equal(got[3], 900);
    mi_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_lists),
        cmocka_unit_test(test_exact_lookups),
        cmocka_unit_test(test_exact_lookups_crowded),
        cmocka_unit_test(test_name_order),
        cmocka_unit_test(test_many_spellings_linear),
        cmocka_unit_test(test_bytes_a_factory),
        cmocka_unit_test(test_fts_later),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
