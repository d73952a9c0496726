/* Tests for lib/io/claims.c: the free-text claim readers (minimums, lead times, head counts,
 * product words, processing types, certifications). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/claims.h"
#include "selvedge/factory.h"

#include "../cert_cases.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_moq_claims(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        int64_t style, color, order;
    } cases[] = {
        {"500 pcs/style/color", true, SV_UNSET, 500, SV_UNSET},
        {"MOQ: 300 pieces per colour, 1200 per style", true, 1200, 300, SV_UNSET},
        {"MOQ 500 pcs per style / 300 per color", true, 500, 300, SV_UNSET},
        {"1000", true, SV_UNSET, SV_UNSET, 1000},
        {"1,500 units", true, SV_UNSET, SV_UNSET, 1500},
        {"1.500 pcs", true, SV_UNSET, SV_UNSET, 1500},
        {"2k pcs per order", true, SV_UNSET, SV_UNSET, 2000},
        {"100 dozen per style", true, 1200, SV_UNSET, SV_UNSET},
        {"500-1000 pcs", true, SV_UNSET, SV_UNSET, 500},
        {"per colour: 200pcs", true, SV_UNSET, 200, SV_UNSET},
        {"Style MOQ 800", true, 800, SV_UNSET, SV_UNSET},
        {"300 PCS PER COLOR PER STYLE", true, SV_UNSET, 300, SV_UNSET},
        {"Minimum 3000 meters of fabric, 500 pcs per order", true, SV_UNSET, SV_UNSET, 500},
        {"30% deposit, 1000 pcs", true, SV_UNSET, SV_UNSET, 1000},
        {"No MOQ", true, SV_UNSET, SV_UNSET, 0},
        {"no minimum order", true, SV_UNSET, SV_UNSET, 0},
        {"Negotiable", false, SV_UNSET, SV_UNSET, SV_UNSET},
        {"Small orders welcome", false, SV_UNSET, SV_UNSET, SV_UNSET},
        {"USD 5000 per order", false, SV_UNSET, SV_UNSET, SV_UNSET},
        {"", false, SV_UNSET, SV_UNSET, SV_UNSET},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        int64_t s = 7, c = 7, o = 7;
        bool ok = sv_parse_moq_claim(cases[i].text, &s, &c, &o);
        if (ok != cases[i].ok || s != cases[i].style || c != cases[i].color || o != cases[i].order)
            fail_msg("\"%s\": ok %d style %lld color %lld order %lld", cases[i].text, ok,
                     (long long)s, (long long)c, (long long)o);
    }
    int64_t s, c, o;
    assert_false(sv_parse_moq_claim(NULL, &s, &c, &o));
    assert_int_equal(s, SV_UNSET);
    assert_true(sv_parse_moq_claim("300 per colour", NULL, &c, NULL)); /* NULLs allowed */
    assert_int_equal(c, 300);
}

static void test_days_claims(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        int64_t days;
    } cases[] = {
        {"30 days", true, 30},
        {"45-60 days", true, 53},
        {"45 - 60 days", true, 53},
        {"45 to 60 days", true, 53},
        {"45~60 days", true, 53},
        {"30\xe2\x80\x93"
         "45 days",
         true, 38}, /* en dash; 37.5 rounds up */
        {"6-8 weeks", true, 49},
        {"4 wks", true, 28},
        {"2 months", true, 60},
        {"1.5 months", true, 45},
        {"60 working days", true, 84},
        {"within 2 weeks", true, 14},
        {"60-90", true, 75},
        {"Sample: 7 days, bulk: 45 days", true, 45},
        {"90 days after PP sample approval", true, 90},
        {"Negotiable", false, SV_UNSET},
        {"Since 2010", false, SV_UNSET},
        {"500 pcs", false, SV_UNSET},
        {"", false, SV_UNSET},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        int64_t d = 7;
        bool ok = sv_parse_days_claim(cases[i].text, &d);
        if (ok != cases[i].ok || d != cases[i].days)
            fail_msg("\"%s\": ok %d days %lld, expected %d %lld", cases[i].text, ok, (long long)d,
                     cases[i].ok, (long long)cases[i].days);
    }
    int64_t d;
    assert_false(sv_parse_days_claim(NULL, &d));
    assert_int_equal(d, SV_UNSET);
}

static void test_workers_claims(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        int64_t min, max;
    } cases[] = {
        {"350", true, 350, 350},
        {"100-500", true, 100, 500},
        {"1001-5000", true, 1001, 5000},
        {"less than 1000", true, SV_UNSET, 1000},
        {"under 1000", true, SV_UNSET, 1000},
        {"< 1000", true, SV_UNSET, 1000},
        {"up to 1000", true, SV_UNSET, 1000},
        {"1000+", true, 1000, SV_UNSET},
        {"More than 5000", true, 5000, SV_UNSET},
        {"over 5000", true, 5000, SV_UNSET},
        {"Unknown|250", true, 250, 250},
        {"many", false, 7, 7},
        {"", false, 7, 7},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        int64_t lo = 7, hi = 7;
        bool ok = sv_parse_workers_claim(cases[i].text, &lo, &hi);
        if (ok != cases[i].ok || lo != cases[i].min || hi != cases[i].max)
            fail_msg("\"%s\": ok %d min %lld max %lld", cases[i].text, ok, (long long)lo,
                     (long long)hi);
    }
}

static void test_products_claims(void **state)
{
    (void)state;
    uint32_t cats = 0, constrs = 0;
    sv_parse_products_claim("T-shirts, Hoodies | denim jeans; Dresses", &cats, &constrs);
    assert_int_equal(cats, (1u << SV_CAT_TSHIRT) | (1u << SV_CAT_HOODIE) | (1u << SV_CAT_JEANS) |
                               (1u << SV_CAT_DRESS));
    assert_int_equal(constrs, (1u << SV_CONSTR_KNIT) | (1u << SV_CONSTR_DENIM));
    /* "t shirt" is not read as a woven shirt */
    cats = constrs = 0;
    sv_parse_products_claim("tee shirt", &cats, &constrs);
    assert_int_equal(cats, 1u << SV_CAT_TSHIRT);
    cats = constrs = 0;
    sv_parse_products_claim(NULL, &cats, &constrs);
    sv_parse_products_claim("Apparel", &cats, &constrs);
    assert_int_equal(cats, 0);
    assert_int_equal(constrs, 0);
}

/* The categories of sleepwear, babywear, tailored jackets and knit dresses in product words:
 * "blazer" is tailoring, not a casual jacket; a jersey or knit dress is a knit dress, not a
 * (woven) dress; a track suit is not a suit. */
static void test_products_claims_new_categories(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        uint32_t cats, constrs;
    } cases[] = {
        {"Pyjamas", 1u << SV_CAT_SLEEPWEAR, 0},
        {"pajama sets, nightwear", 1u << SV_CAT_SLEEPWEAR, 0},
        {"Sleepwear", 1u << SV_CAT_SLEEPWEAR, 0},
        {"Baby clothing", 1u << SV_CAT_BABYWEAR, 0},
        {"infant rompers; bodysuits", 1u << SV_CAT_BABYWEAR, 0},
        {"Blazers", 1u << SV_CAT_JACKET_TAILORED, 1u << SV_CONSTR_WOVEN},
        {"Men's suits", 1u << SV_CAT_JACKET_TAILORED, 1u << SV_CONSTR_WOVEN},
        {"tailored jackets", 1u << SV_CAT_JACKET_TAILORED, 1u << SV_CONSTR_WOVEN},
        {"Jersey dresses", 1u << SV_CAT_DRESS_KNIT, 1u << SV_CONSTR_KNIT},
        {"knit dress", 1u << SV_CAT_DRESS_KNIT, 1u << SV_CONSTR_KNIT},
        {"track suits", 1u << SV_CAT_JOGGERS, 1u << SV_CONSTR_KNIT},
        {"Dresses", 1u << SV_CAT_DRESS, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        uint32_t cats = 0, constrs = 0;
        sv_parse_products_claim(cases[k].text, &cats, &constrs);
        if (cats != cases[k].cats || constrs != cases[k].constrs)
            fail_msg("\"%s\": categories %#x, constructions %#x; expected %#x, %#x",
                     cases[k].text, cats, constrs, cases[k].cats, cases[k].constrs);
    }
}

static void test_processing_claims(void **state)
{
    (void)state;
    assert_int_equal(sv_parse_processing_claim("Sewing"), SV_FACILITY_ASSEMBLY);
    assert_int_equal(sv_parse_processing_claim("Garment dyeing"), SV_FACILITY_DYEING);
    assert_int_equal(sv_parse_processing_claim("Knitting and sewing"),
                     SV_FACILITY_TEXTILE | SV_FACILITY_ASSEMBLY);
    assert_int_equal(sv_parse_processing_claim("Quality control"), 0);
}

/* What a claim reader hands over: the certifications it knows, and the rest as written. */
typedef struct others {
    char joined[1024];
    int n;
} others;

static void keep(void *ud, const char *s, size_t n)
{
    others *o = ud;
    size_t l = strlen(o->joined);
    snprintf(o->joined + l, sizeof o->joined - l, "%s%.*s", o->n++ ? "|" : "", (int)n, s);
}

static uint32_t claim(const char *text, others *o)
{
    memset(o, 0, sizeof *o);
    return sv_parse_certs_claim(text, keep, o);
}

static void test_certs_claims(void **state)
{
    (void)state;
    others o;
    assert_int_equal(claim("BSCI, Oeko-Tex Standard 100 and WRAP; GOTS certified", &o),
                     (1u << SV_CERT_AMFORI_BSCI) | (1u << SV_CERT_OEKO_TEX_100) |
                         (1u << SV_CERT_WRAP) | (1u << SV_CERT_GOTS));
    assert_string_equal(o.joined, "");
    assert_int_equal(claim("ISO 9001:2015 | SA8000 | SMETA 4-Pillar", &o),
                     (1u << SV_CERT_ISO_9001) | (1u << SV_CERT_SA8000) |
                         (1u << SV_CERT_SEDEX_SMETA));
    /* issue 8: the hyphen of OEKO-TEX no longer splits the name */
    assert_int_equal(claim("OEKO-TEX 100", &o), 1u << SV_CERT_OEKO_TEX_100);
    assert_int_equal(claim("GOTS, OEKO-TEX 100, GRS", &o),
                     (1u << SV_CERT_GOTS) | (1u << SV_CERT_OEKO_TEX_100) | (1u << SV_CERT_GRS));
    /* names selvedge does not know are kept, as written, in order */
    assert_int_equal(claim("GOTS; Organic Content Standard (OCS) | Higg FEM and ZDHC", &o),
                     1u << SV_CERT_GOTS);
    assert_string_equal(o.joined, "Organic Content Standard (OCS)|Higg FEM|ZDHC");
    assert_int_equal(o.n, 3);
    /* "none" and the like are not names */
    assert_int_equal(claim("none", &o), 0);
    assert_int_equal(o.n, 0);
    assert_int_equal(claim("N/A", &o), 0);
    assert_int_equal(claim(" - ; n/a | Not applicable | No certification", &o), 0);
    assert_int_equal(o.n, 0);
    assert_int_equal(claim(NULL, &o), 0);
    assert_int_equal(claim("", &o), 0);
    /* the ISO family said once */
    assert_int_equal(claim("ISO 9001/14001", &o),
                     (1u << SV_CERT_ISO_9001) | (1u << SV_CERT_ISO_14001));
    assert_int_equal(claim("ISO 9001:2015 and 14001:2015, 45001", &o),
                     (1u << SV_CERT_ISO_9001) | (1u << SV_CERT_ISO_14001));
    assert_string_equal(o.joined, "45001");
    /* a bare number is not ISO without an ISO before it */
    assert_int_equal(claim("14001", &o), 0);
    assert_string_equal(o.joined, "14001");
    /* a spelling read only alone is read as a whole entry, not inside one */
    assert_int_equal(claim("STeP, WRAP", &o), (1u << SV_CERT_OEKO_TEX_STEP) | (1u << SV_CERT_WRAP));
    assert_int_equal(claim("We improve step by step", &o), 0);
    assert_string_equal(o.joined, "We improve step by step");
    assert_int_equal(claim("OEKO-TEX LEATHER STANDARD", &o), 0);
    assert_string_equal(o.joined, "OEKO-TEX LEATHER STANDARD");
    /* a NULL callback is allowed */
    assert_int_equal(sv_parse_certs_claim("GOTS, ZDHC", NULL, NULL), 1u << SV_CERT_GOTS);
    /* full-width separators and other line ends */
    assert_int_equal(claim("GOTS\xef\xbc\x8cGRS\xe3\x80\x81RCS\r\nRWS\nZDHC", &o),
                     (1u << SV_CERT_GOTS) | (1u << SV_CERT_GRS) | (1u << SV_CERT_RCS) |
                         (1u << SV_CERT_RWS));
    assert_string_equal(o.joined, "ZDHC");
    /* a version or class after a name is not another name */
    assert_int_equal(claim("Oeko-Tex Standard 100, Class I; GOTS, 7.0, ISO 9001, 2015", &o),
                     (1u << SV_CERT_OEKO_TEX_100) | (1u << SV_CERT_GOTS) |
                         (1u << SV_CERT_ISO_9001));
    assert_int_equal(o.n, 0);
    assert_int_equal(claim("Class I, 7.0", &o), 0);
    assert_string_equal(o.joined, "Class I|7.0");
}

/* An entry that says the certification is not held (applied for, pending, expired, not)
 * sets nothing and is kept as written: it says something true about the factory. Look-alikes
 * that say it is held still set it. Issue 8: each of these counted as held. */
static void test_certs_claims_not_held(void **state)
{
    (void)state;
    others o;
    for (const char *const *t = cert_not_held; *t; t++) {
        uint32_t got = claim(*t, &o);
        if (got != 0 || strcmp(o.joined, *t) != 0)
            fail_msg("\"%s\": %#x and \"%s\", expected nothing held and the entry kept", *t, got,
                     o.joined);
        /* beside a certification that is held, in one claim */
        char text[200];
        snprintf(text, sizeof text, "ISO 9001; %s | ZDHC", *t);
        got = claim(text, &o);
        char want[220];
        snprintf(want, sizeof want, "%s|ZDHC", *t);
        if (got != 1u << SV_CERT_ISO_9001 || strcmp(o.joined, want) != 0)
            fail_msg("\"%s\": %#x and \"%s\"", text, got, o.joined);
    }
    for (size_t i = 0; cert_held_lookalikes[i].text; i++) {
        const char *t = cert_held_lookalikes[i].text;
        uint32_t got = claim(t, &o);
        if (got != 1u << cert_held_lookalikes[i].cert)
            fail_msg("\"%s\": %#x, expected %#x", t, got, 1u << cert_held_lookalikes[i].cert);
    }
    /* each entry on its own: GOTS held, BSCI not */
    assert_int_equal(claim("certified: GOTS, not yet BSCI", &o), 1u << SV_CERT_GOTS);
    assert_string_equal(o.joined, "not yet BSCI");
    assert_int_equal(claim("GOTS; OEKO-TEX 100 (pending); WRAP expired; BSCI", &o),
                     (1u << SV_CERT_GOTS) | (1u << SV_CERT_AMFORI_BSCI));
    assert_string_equal(o.joined, "OEKO-TEX 100 (pending)|WRAP expired");
    /* "none" still says there is nothing */
    assert_int_equal(claim("No certification", &o), 0);
    assert_int_equal(o.n, 0);
}

/* Names in full-width forms (what Chinese, Japanese and Korean input methods type) read as
 * their ASCII selves, full-width separators separate, and an entry in another script is kept
 * as text: issue 8 dropped "有机认证", "ＧＯＴＳ" and "ＨＩＧＧ" as if they said "none". */
static void test_certs_claims_any_script(void **state)
{
    (void)state;
    others o;
    assert_int_equal(claim("\xe6\x9c\x89\xe6\x9c\xba\xe8\xae\xa4\xe8\xaf\x81", &o),
                     0); /* 有机认证 */
    assert_string_equal(o.joined, "\xe6\x9c\x89\xe6\x9c\xba\xe8\xae\xa4\xe8\xaf\x81");
    assert_int_equal(claim("\xef\xbc\xa7\xef\xbc\xaf\xef\xbc\xb4\xef\xbc\xb3", &o), /* ＧＯＴＳ */
                     1u << SV_CERT_GOTS);
    assert_int_equal(o.n, 0);
    assert_int_equal(claim("\xef\xbc\xa8\xef\xbc\xa9\xef\xbc\xa7\xef\xbc\xa7", &o),
                     0); /* ＨＩＧＧ */
    assert_string_equal(o.joined, "HIGG");
    /* GOTS，ＢＳＣＩ */
    assert_int_equal(claim("GOTS\xef\xbc\x8c\xef\xbc\xa2\xef\xbc\xb3\xef\xbc\xa3\xef\xbc\xa9", &o),
                     (1u << SV_CERT_GOTS) | (1u << SV_CERT_AMFORI_BSCI));
    assert_int_equal(o.n, 0);
    /* GOTS、有机认证；ＢＳＣＩ｜ＷＲＡＰ＆ＲＣＳ＋ＧＲＳ */
    assert_int_equal(claim("GOTS\xe3\x80\x81\xe6\x9c\x89\xe6\x9c\xba\xe8\xae\xa4\xe8\xaf\x81"
                           "\xef\xbc\x9b\xef\xbc\xa2\xef\xbc\xb3\xef\xbc\xa3\xef\xbc\xa9"
                           "\xef\xbd\x9c\xef\xbc\xb7\xef\xbc\xb2\xef\xbc\xa1\xef\xbc\xb0"
                           "\xef\xbc\x86\xef\xbc\xb2\xef\xbc\xa3\xef\xbc\xb3"
                           "\xef\xbc\x8b\xef\xbc\xa7\xef\xbc\xb2\xef\xbc\xb3",
                           &o),
                     (1u << SV_CERT_GOTS) | (1u << SV_CERT_AMFORI_BSCI) | (1u << SV_CERT_WRAP) |
                         (1u << SV_CERT_RCS) | (1u << SV_CERT_GRS));
    assert_string_equal(o.joined, "\xe6\x9c\x89\xe6\x9c\xba\xe8\xae\xa4\xe8\xaf\x81");
    /* ＯＥＫＯ－ＴＥＸ １００ (full-width hyphen and digits, ideographic space) */
    assert_int_equal(claim("\xef\xbc\xaf\xef\xbc\xa5\xef\xbc\xab\xef\xbc\xaf\xef\xbc\x8d"
                           "\xef\xbc\xb4\xef\xbc\xa5\xef\xbc\xb8\xe3\x80\x80"
                           "\xef\xbc\x91\xef\xbc\x90\xef\xbc\x90",
                           &o),
                     1u << SV_CERT_OEKO_TEX_100);
    /* ＧＯＴＳ ｐｅｎｄｉｎｇ: not held, kept in ASCII */
    assert_int_equal(claim("\xef\xbc\xa7\xef\xbc\xaf\xef\xbc\xb4\xef\xbc\xb3 "
                           "\xef\xbd\x90\xef\xbd\x85\xef\xbd\x8e\xef\xbd\x84\xef\xbd\x89"
                           "\xef\xbd\x8e\xef\xbd\x87",
                           &o),
                     0);
    assert_string_equal(o.joined, "GOTS pending");
    /* a mark stays a mark: GOTS™ is GOTS, not "GOTSTM" */
    assert_int_equal(claim("GOTS\xe2\x84\xa2, WRAP\xc2\xae", &o),
                     (1u << SV_CERT_GOTS) | (1u << SV_CERT_WRAP));
    assert_int_equal(o.n, 0);
    /* an entry with no letter or digit in any script still says nothing: "—", "★" */
    assert_int_equal(claim("\xe2\x80\x94 ; \xe2\x98\x85 | GOTS", &o), 1u << SV_CERT_GOTS);
    assert_int_equal(o.n, 0);
    /* Korean and Japanese too; Cyrillic */
    assert_int_equal(
        claim("\xec\x9c\xa0\xea\xb8\xb0\xeb\x86\x8d, \xd0\x93\xd0\x9e\xd0\xa1\xd0\xa2", &o), 0);
    assert_int_equal(o.n, 2);
}

/* Every spelling of every certification, in a claim between other entries. */
static void test_certs_claims_every_spelling(void **state)
{
    (void)state;
    size_t n;
    cert_case *cases = cert_cases_all(&n);
    for (size_t i = 0; i < n; i++) {
        const cert_case *c = &cases[i];
        char text[400];
        others o;
        uint32_t bit = 1u << c->cert;
        snprintf(text, sizeof text, "Acme Quality Mark, %s; N/A", c->text);
        uint32_t got = claim(text, &o);
        /* "Sedex/SMETA", "ISO 9001/14001": a '/' cuts entries, and each half is read */
        if (got != bit || strcmp(o.joined, "Acme Quality Mark") != 0)
            fail_msg("\"%s\": %#x and \"%s\", expected %#x and \"Acme Quality Mark\"", text, got,
                     o.joined, bit);
        if (!c->alone && !strchr(c->text, ',')) {
            snprintf(text, sizeof text, "We are %s since 2015 | WRAP", c->text);
            got = claim(text, &o);
            if (got != (bit | 1u << SV_CERT_WRAP) || o.n != 0)
                fail_msg("\"%s\": %#x and \"%s\"", text, got, o.joined);
        }
    }
    free(cases);
    for (const char *const *t = cert_not_known; *t; t++) {
        others o;
        char text[200];
        snprintf(text, sizeof text, "GOTS | %s", *t);
        uint32_t got = claim(text, &o);
        bool bsci = strcmp(*t, "BSCI 2") == 0; /* free text: BSCI, whatever follows */
        if (got != ((1u << SV_CERT_GOTS) | (bsci ? 1u << SV_CERT_AMFORI_BSCI : 0)) ||
            strcmp(o.joined, bsci ? "" : *t) != 0)
            fail_msg("\"%s\": %#x and \"%s\"", text, got, o.joined);
    }
}

/* A cell at the CSV reader's cap (64 KiB of free text) in a script selvedge has no words for:
 * every reader goes through it to the claim at its end. The lexer decodes each character
 * within the text's end, found once; it measured the rest of the text again at each
 * character, so a cell of Chinese took time in the square of its length. */
static void test_claims_at_the_cell_cap(void **state)
{
    (void)state;
    static const char *const tails[] = {" MOQ 500 pcs per color", " 45-60 days", " 350",
                                        " T-shirts", " GOTS", " Sewing"};
    for (size_t k = 0; k < COUNT(tails); k++) {
        size_t cap = 64 << 10, tail = strlen(tails[k]), n = 0;
        char *text = malloc(cap + 1);
        assert_non_null(text);
        while (n + 3 + tail <= cap) {
            memcpy(text + n, "\xe4\xb8\xad", 3); /* U+4E2D */
            n += 3;
        }
        memcpy(text + n, tails[k], tail + 1);
        assert_true(strlen(text) > cap - 3);
        int64_t style, color, order, days, lo = -1, hi = -1;
        uint32_t cats = 0, constrs = 0;
        switch (k) {
        case 0:
            assert_true(sv_parse_moq_claim(text, &style, &color, &order));
            assert_int_equal(color, 500);
            break;
        case 1:
            assert_true(sv_parse_days_claim(text, &days));
            assert_int_equal(days, 53);
            break;
        case 2:
            assert_true(sv_parse_workers_claim(text, &lo, &hi));
            assert_int_equal(lo, 350);
            break;
        case 3:
            sv_parse_products_claim(text, &cats, &constrs);
            assert_int_equal(cats, 1u << SV_CAT_TSHIRT);
            break;
        case 4:
            assert_int_equal(sv_parse_certs_claim(text, NULL, NULL), 1u << SV_CERT_GOTS);
            break;
        case 5:
            assert_int_equal(sv_parse_processing_claim(text), SV_FACILITY_ASSEMBLY);
            break;
        }
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moq_claims),
        cmocka_unit_test(test_days_claims),
        cmocka_unit_test(test_workers_claims),
        cmocka_unit_test(test_products_claims),
        cmocka_unit_test(test_products_claims_new_categories),
        cmocka_unit_test(test_processing_claims),
        cmocka_unit_test(test_certs_claims),
        cmocka_unit_test(test_certs_claims_not_held),
        cmocka_unit_test(test_certs_claims_any_script),
        cmocka_unit_test(test_certs_claims_every_spelling),
        cmocka_unit_test(test_claims_at_the_cell_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
