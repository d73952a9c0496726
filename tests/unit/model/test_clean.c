/* Tests for lib/model/clean.c: cleaned keys of factory names and addresses, and their
 * similarity score. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/factory.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void expect_key(const char *text, const char *want)
{
    char *k = sv_clean_key(text);
    assert_non_null(k);
    if (strcmp(k, want) != 0) {
        char got[512];
        snprintf(got, sizeof got, "%s", k);
        free(k);
        fail_msg("sv_clean_key(\"%s\") = \"%s\", expected \"%s\"", text ? text : "(null)", got,
                 want);
    }
    free(k);
}

/* All spellings of a group clean to the same key. */
static void expect_same(const char *const *texts, size_t n)
{
    char *first = sv_clean_key(texts[0]);
    assert_non_null(first);
    for (size_t i = 1; i < n; i++) {
        char *k = sv_clean_key(texts[i]);
        assert_non_null(k);
        if (strcmp(k, first) != 0) {
            char a[512], b[512];
            snprintf(a, sizeof a, "%s", first);
            snprintf(b, sizeof b, "%s", k);
            free(k);
            free(first);
            fail_msg("\"%s\" -> \"%s\" but \"%s\" -> \"%s\"", texts[0], a, texts[i], b);
        }
        free(k);
    }
    free(first);
}

static int sim_text(const char *a, const char *b)
{
    char *ka = sv_clean_key(a), *kb = sv_clean_key(b);
    assert_non_null(ka);
    assert_non_null(kb);
    int s = sv_similarity(ka, kb);
    free(ka);
    free(kb);
    return s;
}

static void test_basics(void **state)
{
    (void)state;
    expect_key(NULL, "");
    expect_key("", "");
    expect_key("   ", "");
    expect_key("Hello", "hello");
    expect_key("  Two   Words  ", "two words");
    expect_key("A-B/C_D", "a b c d");
    expect_key("Block 4,5,7,8", "block 4 5 7 8");
    expect_key("Hui'an County", "huian county");
    expect_key("Hui\xe2\x80\x99"
               "an County",
               "huian county"); /* typographic apostrophe */
    expect_key("Shenzhen\tGuangdong\r\nChina", "shenzhen guangdong china");
    expect_key("NO.99 Jinhu Road", "99 jinhu road");
    expect_key("No 8, Shuangbao West Rd.", "8 shuangbao west road");
    expect_key("Industrial St. 598", "industrial street 598");
}

static void test_transliteration(void **state)
{
    (void)state;
    expect_key("Industrias Qu\xc3\xadmicas", "industrias quimicas");     /* í */
    expect_key("T\xc3\x9cRK\xc4\xb0YE", "turkiye");                      /* Ü, İ */
    expect_key("\xc4\x90\xe1\xbb\x93ng Nai", "dong nai");                /* Đồng */
    expect_key("\xc5\x81\xc3\xb3\x64\xc5\xba", "lodz");                  /* Łódź */
    expect_key("\xc3\x86r\xc3\xb8", "aero");                             /* Ærø */
    expect_key("Stra\xc3\x9f" "e", "strasse");                           /* Straße */
    expect_key("\xc5\x92uvre", "oeuvre");                                /* Œuvre */
    expect_key("Diyarbak\xc4\xb1r", "diyarbakir");                       /* dotless ı */
    expect_key("\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3 Garments", "abc garment"); /* fullwidth */
    expect_key("Caf\x65\xcc\x81", "cafe"); /* e + combining acute */
    /* other scripts are kept: no transliteration table */
    expect_key("\xe6\xb7\xb1\xe5\x9c\xb3 Textile", "\xe6\xb7\xb1\xe5\x9c\xb3 textile"); /* 深圳 */
    /* a Chinese legal suffix is cut: 深圳市服装有限公司 -> 深圳市服装 */
    expect_key("\xe6\xb7\xb1\xe5\x9c\xb3\xe5\xb8\x82\xe6\x9c\x8d\xe8\xa3\x85\xe6\x9c\x89\xe9\x99"
               "\x90\xe5\x85\xac\xe5\x8f\xb8",
               "\xe6\xb7\xb1\xe5\x9c\xb3\xe5\xb8\x82\xe6\x9c\x8d\xe8\xa3\x85");
    expect_key("\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", "\xd0\xbc\xd0\xbe\xd1\x81"
                                                                 "\xd0\xba\xd0\xb2\xd0\xb0");
}

/* Invalid UTF-8 never crashes; its bytes are dropped. */
static void test_invalid_utf8(void **state)
{
    (void)state;
    expect_key("\xff\xfe" "abc \xc3", "abc");
    expect_key("caf\xe9 du march\xe9", "caf du march"); /* Latin-1 bytes: dropped */
    expect_key("\xc0\xaf", "");                         /* overlong */
    expect_key("\xed\xa0\x80x", "x");                   /* surrogate */
    /* random bytes: a key comes back, valid UTF-8 or not, trimmed, single-spaced */
    unsigned seed = 12345;
    for (int round = 0; round < 20000; round++) {
        char buf[64];
        size_t n = (size_t)(round % 63);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (char)((seed >> 16) & 0xFF);
            if (buf[i] == 0)
                buf[i] = ' ';
        }
        buf[n] = '\0';
        char *k = sv_clean_key(buf);
        assert_non_null(k);
        size_t l = strlen(k);
        if (l) {
            assert_true(k[0] != ' ');
            assert_true(k[l - 1] != ' ');
            assert_null(strstr(k, "  "));
        }
        char *again = sv_clean_key(k); /* cleaning is idempotent */
        assert_non_null(again);
        assert_string_equal(again, k);
        free(again);
        free(k);
    }
}

/* Cleaning twice gives the same key as cleaning once, also for names built from the words the
 * rules look at (legal forms, "&", "no", initials with full stops). */
static void test_idempotent(void **state)
{
    (void)state;
    static const char *const vocab[] = {
        "co", "Co.", "Ltd", "ltd.", "limited", "company", "S.A.", "sa", "de", "C.V.", "cv",
        "PT", "pt.", "&", "and", "no", "No.", "12", "9", "s", "a.", "b.", "x", "R.L.",
        "Sp.", "z", "o.o.", "zoo", "joint", "stock", "san", "ve", "tic", "private", "pvt",
        "Garments", "apparel", "Intl", "mfg", "st.", "rd", "(pvt)", "-", ",", "as", "a.s.",
        "\xe6\x9c\x89\xe9\x99\x90\xe5\x85\xac\xe5\x8f\xb8", "Acme", "GmbH"};
    unsigned seed = 777;
    for (int round = 0; round < 50000; round++) {
        char buf[256];
        size_t len = 0;
        seed = seed * 1103515245u + 12345u;
        int words = 1 + (int)((seed >> 16) % 7);
        for (int i = 0; i < words; i++) {
            seed = seed * 1103515245u + 12345u;
            const char *w = vocab[(seed >> 16) % COUNT(vocab)];
            seed = seed * 1103515245u + 12345u;
            const char *sep = ((seed >> 16) % 3 == 0) ? "" : " ";
            int n = snprintf(buf + len, sizeof buf - len, "%s%s", w, sep);
            assert_true(n > 0 && (size_t)n < sizeof buf - len);
            len += (size_t)n;
        }
        char *k = sv_clean_key(buf);
        assert_non_null(k);
        char *again = sv_clean_key(k);
        assert_non_null(again);
        if (strcmp(k, again) != 0) {
            char a[300], b[300];
            snprintf(a, sizeof a, "%s", k);
            snprintf(b, sizeof b, "%s", again);
            free(k);
            free(again);
            fail_msg("\"%s\" -> \"%s\" -> \"%s\"", buf, a, b);
        }
        free(again);
        free(k);
    }
}

static void test_legal_forms(void **state)
{
    (void)state;
    static const char *const co_ltd[] = {
        "Acme Garments Co., Ltd",   "ACME GARMENTS CO.,LTD",   "Acme Garment Co Ltd",
        "Acme Garments Co.Ltd",     "Acme Garments Company Limited", "Acme Garments Ltd.",
        "Acme Garments Limited",    "Acme Garments (Pvt) Ltd", "Acme Garments Pvt. Ltd.",
        "Acme Garments Private Limited", "Acme Garments Inc.", "Acme Garments, LLC",
        "Acme Garments S.A.",       "Acme Garments SA",        "Acme Garments Lda",
        "Acme Garments a.s.",       "Acme Garments GmbH",      "PT. Acme Garments",
        "PT Acme Garment",          "Acme Garments S.A. de C.V.", "Acme Garments SA de CV",
        "Acme Garments S. de R.L. de C.V.", "Acme Garments Sdn. Bhd.", "Acme Garments Pty Ltd",
        "Acme Garments Co Pty Ltd", "Acme Garments Corporation", "Acme Garments Corp.",
        "Acme Garments Joint Stock Company", "Acme Garments JSC", "Acme Garments S.L.",
        "Acme Garments S.R.L.",     "Acme Garments Sp. z o.o.", "Acme Garments Sp. z.o.o.",
        "Acme Garments San. ve Tic. Ltd. \xc5\x9eti.", "Acme Garments Ltd. Ltd",
    };
    expect_same(co_ltd, COUNT(co_ltd));
    expect_key("Acme Garments Co., Ltd", "acme garment");
    /* a legal word in the middle goes too; an ordinary word that is also a form stays */
    expect_key("Acme Co., Ltd. (Unit 2)", "acme unit 2");
    expect_key("AS Garments", "as garment");
    expect_key("Private Label Apparel", "private label apparel");
    /* nothing but legal words: kept, a key must say something */
    expect_key("Company Limited", "company limited");
    expect_key("Co., Ltd.", "co ltd");
}

static void test_words(void **state)
{
    (void)state;
    static const char *const and[] = {"Zaber & Zubair Fabrics", "ZABER AND ZUBAIR FABRICS LTD",
                                      "Zaber and Zubair Fabric", "Zaber+Zubair Fabrics"};
    expect_same(and, COUNT(and));
    expect_key("Zaber & Zubair", "zaber zubair");
    static const char *const mfg[] = {"Delta Mfg. Co.", "Delta Manufacturing Company"};
    expect_same(mfg, COUNT(mfg));
    static const char *const intl[] = {"Orient Int'l", "Orient Intl.", "Orient International"};
    expect_same(intl, COUNT(intl));
    static const char *const plural[] = {"Sun Textiles & Garments", "Sun Textile and Garment",
                                         "Sun Textile Garment Industries Ltd",
                                         "Sun Textile Garment Industry"};
    expect_same(plural, 2);
    expect_same(plural + 2, 2);
    expect_key("Centro Textil S.A.", "centro textile");
    expect_key("Nersoy Tekstil", "nersoy textile");
    expect_key("U.S.A. Knits", "usa knit");
    expect_key("K.B.M. Apparels", "kbm apparel");
    expect_key("Bergman Riveria - Serflex S.A.C.", "bergman riveria serflex");
    expect_key("ABC Gmts", "abc garment");
}

/* Real spellings from the Open Supply Hub fixtures (tests/unit/io/test_osh_csv.c checks them
 * in the files themselves). */
static void test_real_variants(void **state)
{
    (void)state;
    static const char *const groups[][2] = {
        {"Shanghai Weijie Garment Co. Ltd", "Shanghai Weijie Garment Co., Ltd."},
        {"FUJIAN JINJIANG HUAMEI KNITTING AND CLOTHING CO LTD",
         "Fujian Jinjiang Huamei Knitting & Clothing Co Ltd"},
        {"ZHUCHENG HENGWEI CLOTHING CO.LTD", "Zhucheng Hengwei Clothing Co Ltd"},
        {"Regina Miracle Intimate Apparel (Shenzhen Ltd.)",
         "Regina Miracle Intimate Apparel (Shenzhen) Ltd."},
        {"Textiles Opico S.A de C.V", "Textiles Opico SA de CV"},
        {"GFSI Southwest S DE Rl DE CV", "GFSI Southwest S. de R.L. de C.V."},
        {"Nantong Jackbeanie Headwear & Garment Co. Ltd.",
         "Nantong Jackbeanie Headwear Garment Co. Ltd."},
        {"PT Glory Industrial Semarang - Demak", "PT. Glory Industrial Semarang-Demak Ltd."},
        {"Centro Textil S.A.", "Centro Textile"},
    };
    for (size_t i = 0; i < COUNT(groups); i++)
        expect_same(groups[i], 2);
}

/* The prepared forms give sv_similarity's scores exactly: one key against many (the import's
 * use), over names, addresses, repeated letters (a bigram many times), empty and long keys. */
static void test_similarity_prepared_same(void **state)
{
    (void)state;
    static const char *const keys[] = {
        "acme garment", "acme garments", "acme", "garment acme", "", "a", "aa", "aaaaaaaaaaaa",
        "aaaa aaaa aaaa", "noman terry towel mill", "plot 12 gazipur dhaka",
        "plot 12 gazipur", "yi chang tai shenzhen garment factory", "a b c d e f g h",
        "mississippi mississippi", "zzzz", "banana bandana"};
    char long1[600], long2[600];
    memset(long1, 'a', sizeof long1 - 1);
    long1[sizeof long1 - 1] = '\0';
    memcpy(long2, long1, sizeof long2);
    long2[400] = 'b'; /* differs past the 256 bytes read */
    sv_sim_query *q = calloc(1, sizeof *q);
    assert_non_null(q);
    for (size_t i = 0; i < COUNT(keys) + 2; i++) {
        const char *a = i < COUNT(keys) ? keys[i] : i == COUNT(keys) ? long1 : long2;
        sv_sim_query_init(q, a);
        for (size_t j = 0; j < COUNT(keys) + 2; j++) {
            const char *b = j < COUNT(keys) ? keys[j] : j == COUNT(keys) ? long1 : long2;
            sv_sim_key ka, kb;
            sv_sim_key_init(&ka, a);
            sv_sim_key_init(&kb, b);
            int want = sv_similarity(a, b);
            assert_int_equal(sv_similarity_keys(&ka, &kb), want);
            assert_int_equal(sv_similarity_query(q, b), want);
        }
        /* asking again gives the same: the counts are put back after each comparison */
        assert_int_equal(sv_similarity_query(q, "acme garment"), sv_similarity(a, "acme garment"));
    }
    free(q);
}

static void test_similarity_bounds(void **state)
{
    (void)state;
    assert_int_equal(sv_similarity("acme garment", "acme garment"), 1000);
    assert_int_equal(sv_similarity("", ""), 1000);
    assert_int_equal(sv_similarity(NULL, NULL), 1000);
    assert_int_equal(sv_similarity("acme", ""), 0);
    assert_int_equal(sv_similarity(NULL, "acme"), 0);
    assert_int_equal(sv_similarity("abc", "xyz"), 0);
    /* only identical keys reach 1000 */
    assert_true(sv_similarity("acme garment", "acme garment 2") < 1000);
    assert_true(sv_similarity("garment acme", "acme garment") < 1000);
    /* symmetric and in range over a mixed set */
    static const char *const keys[] = {"acme garment", "acme garments", "acme", "garment acme",
                                       "noman terry towel mill", "zaber zubair fabric",
                                       "yi chang tai shenzhen garment factory",
                                       "yi chang tai garment factory", "a", "ab", "a b c d e f"};
    for (size_t i = 0; i < COUNT(keys); i++) {
        for (size_t j = 0; j < COUNT(keys); j++) {
            int s = sv_similarity(keys[i], keys[j]);
            assert_true(s >= 0 && s <= 1000);
            assert_int_equal(s, sv_similarity(keys[j], keys[i]));
            if (i == j)
                assert_int_equal(s, 1000);
        }
    }
}

static void test_similarity_scores(void **state)
{
    (void)state;
    /* the same facility, spelt apart in real lists: high */
    assert_true(sim_text("Eclat Textile Co. Ltd. (Vietnam)", "Eclat Textile Co. Ltd.") >= 750);
    assert_true(sim_text("Yi Chang Tai (Shenzhen) Garment Factory",
                         "Yi Chang Tai Garment Factory") >= 850);
    assert_true(sim_text("Jiangsu Golden Empire Apparelparel Co.,Ltd",
                         "Jiangsu Golden Empire Apparel Co., Ltd") >= 800);
    assert_true(sim_text("Hirdaramani Garments Katunayake (pvt) Ltd (Cutting)",
                         "Hirdaramani Garments Katunayake (pvt) Ltd") >= 800);
    /* one typo in a word still scores well through the bigrams */
    assert_true(sim_text("Noman Terry Towel Mills", "Noman Tery Towel Mills") >= 700);
    /* unrelated names: low */
    assert_true(sim_text("NOMAN TERRY TOWEL MILLS LTD", "ZABER AND ZUBAIR FABRICS LTD") < 200);
    assert_true(sim_text("Box Ring", "Industrias Quimicas Perlacos, S.L.") < 150);
    assert_true(sim_text("Hanes France SAS TMD", "Dalian Sportech Apparel Co., Ltd.") < 200);
}

/* Long keys are compared on their first 256 bytes and never overrun anything. */
static void test_similarity_long(void **state)
{
    (void)state;
    char a[5000], b[5000];
    for (size_t i = 0; i < sizeof a - 1; i++) {
        a[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 26);
        b[i] = (i % 5 == 4) ? ' ' : (char)('a' + i % 26);
    }
    a[sizeof a - 1] = b[sizeof b - 1] = '\0';
    int s = sv_similarity(a, b);
    assert_true(s >= 0 && s < 1000);
    assert_int_equal(sv_similarity(a, a), 1000);
    char *k = sv_clean_key(a);
    assert_non_null(k);
    free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basics),
        cmocka_unit_test(test_transliteration),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_idempotent),
        cmocka_unit_test(test_legal_forms),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_real_variants),
        cmocka_unit_test(test_similarity_prepared_same),
        cmocka_unit_test(test_similarity_bounds),
        cmocka_unit_test(test_similarity_scores),
        cmocka_unit_test(test_similarity_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
