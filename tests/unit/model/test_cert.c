/* Tests for lib/model/cert.c: certification names and every spelling of
 * data/certifications.tsv in its variants (whole, as a list entry, inside free text), names
 * that must not be read as the one they look like, and the checks on the certifications
 * table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "selvedge/cert.h"
#include "selvedge/refdata.h"

#include "../cert_cases.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The canonical names, exactly as DOMAIN.md and the brief spell them. */
static void test_cert_names(void **state)
{
    (void)state;
    static const char *const want[SV_CERT__COUNT] = {
        "GOTS", "OEKO-TEX 100", "OEKO-TEX STeP", "OEKO-TEX Made in Green", "bluesign", "BCI",
        "GRS",  "RCS",          "RWS",           "RDS",                    "LWG",      "ISO 9001",
        "ISO 14001", "SA8000",  "WRAP",          "amfori BSCI",            "Fair Trade",
        "Sedex/SMETA"};
    for (int c = 0; c < SV_CERT__COUNT; c++)
        assert_string_equal(sv_cert_name((sv_cert)c), want[c]);
    assert_string_equal(sv_cert_name((sv_cert)-1), "unknown");
    assert_string_equal(sv_cert_name(SV_CERT__COUNT), "unknown");
}

/* Every name parses back to its certification, also in other cases. */
static void test_cert_round_trip(void **state)
{
    (void)state;
    for (int c = 0; c < SV_CERT__COUNT; c++) {
        const char *name = sv_cert_name((sv_cert)c);
        assert_int_equal(sv_cert_parse(name), c);
        char upper[64];
        size_t n = strlen(name);
        assert_true(n < sizeof upper);
        for (size_t i = 0; i <= n; i++)
            upper[i] = (char)((name[i] >= 'a' && name[i] <= 'z') ? name[i] - 32 : name[i]);
        assert_int_equal(sv_cert_parse(upper), c);
    }
}

static void test_cert_aliases(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int cert;
    } cases[] = {
        {"Oeko-Tex Standard 100", SV_CERT_OEKO_TEX_100},
        {"OEKO-TEX\xc2\xae STANDARD 100", SV_CERT_OEKO_TEX_100},
        {"oekotex 100", SV_CERT_OEKO_TEX_100},
        {"OEKO TEX 100", SV_CERT_OEKO_TEX_100},
        {"\xc3\x96KO-TEX Standard 100", SV_CERT_OEKO_TEX_100}, /* ÖKO-TEX */
        {"Standard 100 by OEKO-TEX", SV_CERT_OEKO_TEX_100},
        {"OEKO-TEX", SV_CERT_OEKO_TEX_100},
        {"STeP", SV_CERT_OEKO_TEX_STEP},
        {"STeP by OEKO-TEX", SV_CERT_OEKO_TEX_STEP},
        {"oeko-tex step", SV_CERT_OEKO_TEX_STEP},
        {"Made in Green", SV_CERT_OEKO_TEX_MIG},
        {"MADE IN GREEN by OEKO-TEX\xc2\xae", SV_CERT_OEKO_TEX_MIG},
        {"BSCI", SV_CERT_AMFORI_BSCI},
        {"amfori BSCI", SV_CERT_AMFORI_BSCI},
        {"Amfori-BSCI", SV_CERT_AMFORI_BSCI},
        {"SMETA", SV_CERT_SEDEX_SMETA},
        {"Sedex", SV_CERT_SEDEX_SMETA},
        {"Sedex/SMETA", SV_CERT_SEDEX_SMETA},
        {"SMETA 4-Pillar", SV_CERT_SEDEX_SMETA},
        {"ISO9001", SV_CERT_ISO_9001},
        {"ISO 9001:2015", SV_CERT_ISO_9001},
        {"iso-14001", SV_CERT_ISO_14001},
        {"Global Recycled Standard", SV_CERT_GRS},
        {"Global Recycled Standard (GRS)", SV_CERT_GRS},
        {"Recycled Claim Standard", SV_CERT_RCS},
        {"Better Cotton", SV_CERT_BCI},
        {"BCI", SV_CERT_BCI},
        {"Better Cotton Initiative", SV_CERT_BCI},
        {"Fairtrade", SV_CERT_FAIR_TRADE},
        {"Fair Trade", SV_CERT_FAIR_TRADE},
        {"Fair Trade USA", SV_CERT_FAIR_TRADE},
        {"Responsible Wool Standard", SV_CERT_RWS},
        {"Responsible Down Standard", SV_CERT_RDS},
        {"Leather Working Group", SV_CERT_LWG},
        {"WRAP", SV_CERT_WRAP},
        {"wrap", SV_CERT_WRAP},
        {"SA8000", SV_CERT_SA8000},
        {"SA 8000", SV_CERT_SA8000},
        {"bluesign\xc2\xae", SV_CERT_BLUESIGN},
        {"bluesign\xc2\xae system partner", SV_CERT_BLUESIGN},
        {"GOTS", SV_CERT_GOTS},
        {"Global Organic Textile Standard", SV_CERT_GOTS},
        {"GOTS certified", SV_CERT_GOTS},
        {"  g.o.t.s.  ", SV_CERT_GOTS},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        int got = sv_cert_parse(cases[i].text);
        if (got != cases[i].cert)
            fail_msg("\"%s\" parsed as %d (%s), expected %s", cases[i].text, got,
                     got >= 0 ? sv_cert_name((sv_cert)got) : "nothing",
                     sv_cert_name((sv_cert)cases[i].cert));
    }
}

static void test_cert_unknown(void **state)
{
    (void)state;
    static const char *const texts[] = {"",    "   ",       "ISO",       "organic", "certified",
                                        "100", "Standard",  "OEKO-TEX 200", "BSCI 2", "GOTSS"};
    assert_int_equal(sv_cert_parse(NULL), -1);
    for (size_t i = 0; i < COUNT(texts); i++)
        if (sv_cert_parse(texts[i]) != -1)
            fail_msg("\"%s\" should not be a certification", texts[i]);
    /* far too long to be one: refused, not truncated into a match */
    char longtext[400];
    memset(longtext, 'a', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    memcpy(longtext, "GOTS", 4);
    assert_int_equal(sv_cert_parse(longtext), -1);
}

/* Every spelling of every certification, in the variants people write: read as itself
 * whole, and (unless it is read only alone) inside free text; an alone-only spelling is not
 * read inside longer text. */
static void test_cert_every_spelling(void **state)
{
    (void)state;
    size_t n;
    cert_case *cases = cert_cases_all(&n);
    assert_true(n > 500);
    for (size_t i = 0; i < n; i++) {
        const cert_case *c = &cases[i];
        uint32_t bit = 1u << c->cert;
        int got = sv_cert_parse(c->text);
        if (got != c->cert)
            fail_msg("\"%s\" parsed as %s, expected %s", c->text,
                     got >= 0 ? sv_cert_name((sv_cert)got) : "nothing",
                     sv_cert_name((sv_cert)c->cert));
        if (sv_cert_parse_all(c->text) != bit)
            fail_msg("\"%s\": sv_cert_parse_all gives %#x", c->text, sv_cert_parse_all(c->text));
        if (sv_cert_find(c->text) != bit)
            fail_msg("\"%s\": sv_cert_find gives %#x", c->text, sv_cert_find(c->text));
        char sentence[256];
        snprintf(sentence, sizeof sentence, "Our mill holds %s since 2015, audited yearly",
                 c->text);
        uint32_t found = sv_cert_find(sentence);
        if (found != (c->alone ? 0 : bit))
            fail_msg("\"%s\": sv_cert_find gives %#x, expected %#x", sentence, found,
                     c->alone ? 0 : bit);
        /* two names in one entry: both, and not one alone */
        snprintf(sentence, sizeof sentence, "%s & WRAP", c->text);
        if (sv_cert_parse_all(sentence) != (bit | 1u << SV_CERT_WRAP))
            fail_msg("\"%s\": sv_cert_parse_all gives %#x", sentence, sv_cert_parse_all(sentence));
        if (c->cert != SV_CERT_WRAP)
            assert_int_equal(sv_cert_parse(sentence), -1);
    }
    free(cases);
}

/* Full-width forms read as their ASCII selves: ＧＯＴＳ is GOTS, the full-width comma
 * separates. A name in another script is no name. */
static void test_cert_full_width(void **state)
{
    (void)state;
    assert_int_equal(sv_cert_parse("\xef\xbc\xa7\xef\xbc\xaf\xef\xbc\xb4\xef\xbc\xb3"),
                     SV_CERT_GOTS);
    assert_int_equal(
        sv_cert_parse_all("GOTS\xef\xbc\x8c\xef\xbc\xa2\xef\xbc\xb3\xef\xbc\xa3\xef\xbc\xa9"),
        (1u << SV_CERT_GOTS) | (1u << SV_CERT_AMFORI_BSCI));
    assert_int_equal(sv_cert_find("\xef\xbd\x87\xef\xbd\x8f\xef\xbd\x94\xef\xbd\x93 certified"),
                     1u << SV_CERT_GOTS);
    /* ＳＡ８０００ */
    assert_int_equal(
        sv_cert_parse("\xef\xbc\xb3\xef\xbc\xa1\xef\xbc\x98\xef\xbc\x90\xef\xbc\x90\xef\xbc\x90"),
        SV_CERT_SA8000);
    assert_int_equal(sv_cert_parse_all("\xef\xbc\xa8\xef\xbc\xa9\xef\xbc\xa7\xef\xbc\xa7"),
                     0);                                                 /* ＨＩＧＧ */
    assert_int_equal(sv_cert_parse("GOTS\xe2\x84\xa2"), SV_CERT_GOTS);   /* GOTS™ */
    assert_true(sv_cert_negated_n("\xef\xbd\x8e\xef\xbd\x8f GOTS", 10)); /* ｎｏ GOTS */
}

/* Entries that say a certification is not held, and look-alikes that say it is. */
static void test_cert_negated(void **state)
{
    (void)state;
    for (const char *const *t = cert_not_held; *t; t++)
        if (!sv_cert_negated_n(*t, strlen(*t)))
            fail_msg("\"%s\" reads as held", *t);
    for (size_t i = 0; cert_held_lookalikes[i].text; i++) {
        const char *t = cert_held_lookalikes[i].text;
        if (sv_cert_negated_n(t, strlen(t)))
            fail_msg("\"%s\" reads as not held", t);
    }
    /* within len only: "GOTS" then "pending" past the end */
    assert_false(sv_cert_negated_n("GOTS pending", 4));
    assert_false(sv_cert_negated_n(NULL, 0));
    assert_false(sv_cert_negated_n("", 0));
    /* the answer no, and no as a number */
    assert_true(sv_cert_negated_n("GOTS - No", 9));
    assert_false(sv_cert_negated_n("GOTS No 5", 9));
    assert_false(sv_cert_negated_n("GOTS No.#5", 10));
}

/* Names selvedge does not know, and names that look like one it knows. */
static void test_cert_look_alike(void **state)
{
    (void)state;
    for (const char *const *t = cert_not_known; *t; t++) {
        if (sv_cert_parse(*t) != -1 || sv_cert_parse_all(*t) != 0)
            fail_msg("\"%s\" should not be a certification", *t);
        if (strcmp(*t, "BSCI 2") != 0 && sv_cert_find(*t) != 0)
            fail_msg("\"%s\": sv_cert_find gives %#x", *t, sv_cert_find(*t));
    }
    /* ISO 9001 is not ISO 14001, and the family name may be said once */
    assert_int_equal(sv_cert_find("ISO 9001"), 1u << SV_CERT_ISO_9001);
    assert_int_equal(sv_cert_find("ISO 14001"), 1u << SV_CERT_ISO_14001);
    assert_int_equal(sv_cert_find("ISO 9001 quality, ISO 14001:2015 environment"),
                     (1u << SV_CERT_ISO_9001) | (1u << SV_CERT_ISO_14001));
    assert_int_equal(sv_cert_parse_all("ISO 9001/14001"),
                     (1u << SV_CERT_ISO_9001) | (1u << SV_CERT_ISO_14001));
    assert_int_equal(sv_cert_parse_all("ISO 9001:2015 and 14001:2015"),
                     (1u << SV_CERT_ISO_9001) | (1u << SV_CERT_ISO_14001));
    assert_int_equal(sv_cert_find("ISO 9001, 45001"), 1u << SV_CERT_ISO_9001);
    /* RCS only as a word */
    assert_int_equal(sv_cert_find("Open sources, ARCS, RCSX, forces"), 0);
    assert_int_equal(sv_cert_find("GRS/RCS"), (1u << SV_CERT_GRS) | (1u << SV_CERT_RCS));
    /* Fair Trade and Fairtrade, BSCI and amfori BSCI are one each */
    assert_int_equal(sv_cert_parse("Fairtrade"), sv_cert_parse("Fair Trade"));
    assert_int_equal(sv_cert_parse("BSCI"), sv_cert_parse("amfori BSCI"));
    assert_int_equal(sv_cert_find("amfori BSCI (formerly BSCI)"), 1u << SV_CERT_AMFORI_BSCI);
    /* OEKO-TEX labels other than STANDARD 100 are not read as it */
    assert_int_equal(sv_cert_find("OEKO-TEX STeP"), 1u << SV_CERT_OEKO_TEX_STEP);
    assert_int_equal(sv_cert_find("Made in Green by OEKO-TEX"), 1u << SV_CERT_OEKO_TEX_MIG);
    assert_int_equal(sv_cert_find("OEKO-TEX Sustainable Textile and Leather Production"),
                     1u << SV_CERT_OEKO_TEX_STEP);
    assert_int_equal(sv_cert_find("OEKO-TEX LEATHER STANDARD for our hides"), 0);
    assert_int_equal(sv_cert_find("quality step by step"), 0);
    /* a bounded read: the bytes past len are not looked at */
    assert_int_equal(sv_cert_find_n("GOTS WRAP", 4), 1u << SV_CERT_GOTS);
    assert_int_equal(sv_cert_find_n("GOTS", 0), 0);
}

static void check_table(const char *tsv, const char *want_field, const char *want_msg)
{
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_cert_data_check(tsv, strlen(tsv), &e);
    if (!want_msg) {
        if (rc != SV_OK) {
            char buf[512];
            fail_msg("refused: %s", sv_err_format(&e, buf, sizeof buf));
        }
        return;
    }
    assert_int_not_equal(rc, SV_OK);
    if (!strstr(e.msg, want_msg) || (want_field && strcmp(e.field, want_field) != 0))
        fail_msg("field %s message \"%s\"; expected %s and \"%s\"", e.field, e.msg,
                 want_field ? want_field : "-", want_msg);
}

/* The built-in table loads; a table that would read a name two ways, or not at all, does not. */
static void test_cert_table_checks(void **state)
{
    (void)state;
    sv_err e;
    assert_int_equal(sv_cert_data_check(NULL, 0, &e), SV_OK);
    const sv_embedded_file *ef = sv_embedded_files;
    while (ef->name && strcmp(ef->name, "certifications.tsv") != 0)
        ef++;
    assert_non_null(ef->name);
    check_table(ef->data, NULL, NULL);
    /* a minimal good table: every certification spells its own name */
    char good[4096] = "certification\tspelling\twhere\tsource\n";
    for (int k = 0; k < SV_CERT__COUNT; k++) {
        size_t l = strlen(good);
        snprintf(good + l, sizeof good - l, "%s\t%s\ttext\tx\n", sv_cert_name((sv_cert)k),
                 sv_cert_name((sv_cert)k));
    }
    check_table(good, NULL, NULL);
    char bad[4200];
    snprintf(bad, sizeof bad, "%sGOTZ\tGOTZ\ttext\tx\n", good);
    check_table(bad, "certification", "not one of the certifications");
    snprintf(bad, sizeof bad, "%sGOTS\tG-O-T-S\tsometimes\tx\n", good);
    check_table(bad, "where", "neither text nor alone");
    snprintf(bad, sizeof bad, "%sGRS\tg.o.t.s.\ttext\tx\n", good);
    check_table(bad, "spelling", "reads the same as the spelling on line 2");
    snprintf(bad, sizeof bad, "%sGOTS\t---\ttext\tx\n", good);
    check_table(bad, "spelling", "no letters or digits");
    snprintf(bad, sizeof bad, "%sGOTS\ta b c d e f g h i\ttext\tx\n", good);
    check_table(bad, "spelling", "more than 8 words");
    snprintf(bad, sizeof bad, "%sGOTS\t%0100d\ttext\tx\n", good, 1);
    check_table(bad, "spelling", "too long");
    check_table("certification\tspelling\twhere\tsource\nGOTS\tGOTS\ttext\tx\n", "spelling",
                "no row spells OEKO-TEX 100");
    check_table("certification\tspelling\twhere\tsource\nGOTS\tGOTS\talone\tx\n", "spelling",
                "no row spells GOTS");
    check_table("certification\tspelling\twhere\nGOTS\tGOTS\ttext\n", NULL, "header");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cert_names),          cmocka_unit_test(test_cert_round_trip),
        cmocka_unit_test(test_cert_aliases),        cmocka_unit_test(test_cert_unknown),
        cmocka_unit_test(test_cert_every_spelling), cmocka_unit_test(test_cert_look_alike),
        cmocka_unit_test(test_cert_negated),        cmocka_unit_test(test_cert_full_width),
        cmocka_unit_test(test_cert_table_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
