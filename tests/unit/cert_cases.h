/* Every spelling of every certification, for the tests of each place a certification name is
 * read (lib/model/cert.c, the claim fields, the capability CSV and YAML, the program file).
 *
 * The spellings are the rows of the built-in data/certifications.tsv, each in the variants
 * people write: as listed, upper and lower case, hyphens for spaces and spaces for hyphens,
 * no spaces at all, "Std." for "Standard", a mark after the first word, a version year, a
 * version number, "certified" after it; and the spellings the brief of issue 8 names. Each
 * case says whether the spelling is one read only alone (data/certifications.tsv, `where`).
 *
 * Include after <cmocka.h>. Free the cases with free(). */
#ifndef SELVEDGE_TEST_CERT_CASES_H
#define SELVEDGE_TEST_CERT_CASES_H

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/factory.h"
#include "selvedge/refdata.h"
#include "selvedge/tsv.h"

typedef struct cert_case {
    char text[160];
    int cert;   /* sv_cert */
    bool alone; /* read only as a whole entry */
} cert_case;

typedef struct cert_cases {
    cert_case *c;
    size_t n, cap;
} cert_cases;

static inline void cc_add(cert_cases *l, const char *text, int cert, bool alone)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->c[i].text, text) == 0)
            return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->c = realloc(l->c, l->cap * sizeof *l->c);
        assert_non_null(l->c);
    }
    cert_case *c = &l->c[l->n++];
    assert_true(strlen(text) < sizeof c->text);
    snprintf(c->text, sizeof c->text, "%s", text);
    c->cert = cert;
    c->alone = alone;
}

/* text with every occurrence of from (any case) replaced by to, into out */
static inline void cc_replace(const char *text, const char *from, const char *to, char *out,
                              size_t n)
{
    size_t o = 0, fl = strlen(from);
    for (const char *p = text; *p && o + 1 < n;) {
        if (strncasecmp(p, from, fl) == 0) {
            for (const char *t = to; *t && o + 1 < n; t++)
                out[o++] = *t;
            p += fl;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
}

static inline void cc_variants(cert_cases *l, const char *s, int cert, bool alone)
{
    char v[160];
    cc_add(l, s, cert, alone);
    size_t n = strlen(s);
    for (size_t i = 0; i <= n; i++)
        v[i] = (char)toupper((unsigned char)s[i]);
    cc_add(l, v, cert, alone);
    for (size_t i = 0; i <= n; i++)
        v[i] = (char)tolower((unsigned char)s[i]);
    cc_add(l, v, cert, alone);
    cc_replace(s, "-", " ", v, sizeof v);
    cc_add(l, v, cert, alone);
    cc_replace(s, " ", "-", v, sizeof v);
    cc_add(l, v, cert, alone);
    char w[160];
    cc_replace(s, " ", "", w, sizeof w);
    cc_replace(w, "-", "", v, sizeof v);
    cc_add(l, v, cert, alone);
    if (strcasestr(s, "standard")) {
        cc_replace(s, "standard", "Std.", v, sizeof v);
        cc_add(l, v, cert, alone);
        cc_replace(s, "standard", "STD", v, sizeof v);
        cc_add(l, v, cert, alone);
    }
    const char *sp = strchr(s, ' ');
    if (sp) { /* "OEKO-TEX® STANDARD 100" */
        snprintf(v, sizeof v, "%.*s\xc2\xae%s", (int)(sp - s), s, sp);
        cc_add(l, v, cert, alone);
    }
    snprintf(v, sizeof v, "%s 2023", s);
    cc_add(l, v, cert, alone);
    snprintf(v, sizeof v, "%s:2015", s);
    cc_add(l, v, cert, alone);
    snprintf(v, sizeof v, "%s 7.0", s);
    cc_add(l, v, cert, alone);
    snprintf(v, sizeof v, "%s certified", s);
    cc_add(l, v, cert, alone);
}

static inline sv_code cc_row(void *ud, char **f, int line, sv_err *e)
{
    (void)line;
    (void)e;
    int cert = -1;
    for (int k = 0; k < SV_CERT__COUNT; k++)
        if (strcmp(f[0], sv_cert_name((sv_cert)k)) == 0)
            cert = k;
    if (cert < 0)
        fail_msg("data/certifications.tsv:%d: %s is no certification", line, f[0]);
    cc_variants(ud, f[1], cert, strcmp(f[2], "alone") == 0);
    return SV_OK;
}

/* The cases; *n their count. */
static inline cert_case *cert_cases_all(size_t *n)
{
    cert_cases l = {0};
    const sv_embedded_file *ef = sv_embedded_files;
    while (ef->name && strcmp(ef->name, "certifications.tsv") != 0)
        ef++;
    if (!ef->name)
        fail_msg("data/certifications.tsv is not built in");
    static const char *const cols[] = {"certification", "spelling", "where", "source", NULL};
    sv_err e;
    if (sv_tsv_parse("data/certifications.tsv", ef->data, ef->len, cols, cc_row, &l, &e) != SV_OK) {
        char buf[512];
        fail_msg("%s", sv_err_format(&e, buf, sizeof buf));
    }
    /* the spellings issue 8 names, and others seen in the wild */
    static const struct {
        const char *text;
        int cert;
    } named[] = {
        {"OEKO-TEX 100", SV_CERT_OEKO_TEX_100},
        {"Oeko-Tex 100", SV_CERT_OEKO_TEX_100},
        {"OEKO-TEX Standard 100", SV_CERT_OEKO_TEX_100},
        {"Oeko-Tex Std. 100", SV_CERT_OEKO_TEX_100},
        {"OEKO-TEX\xc2\xae STANDARD 100", SV_CERT_OEKO_TEX_100},
        {"STANDARD 100 by OEKO-TEX", SV_CERT_OEKO_TEX_100},
        {"STANDARD 100 by OEKO-TEX\xc2\xae", SV_CERT_OEKO_TEX_100},
        {"\xc3\x96KO-TEX Standard 100", SV_CERT_OEKO_TEX_100},
        {"Oeko-Tex Standard 100, Class I", SV_CERT_OEKO_TEX_100},
        {"OEKO-TEX 100 class II", SV_CERT_OEKO_TEX_100},
        {"STeP by OEKO-TEX\xc2\xae", SV_CERT_OEKO_TEX_STEP},
        {"Made in Green by Oeko-Tex", SV_CERT_OEKO_TEX_MIG},
        {"GOTS 7.0", SV_CERT_GOTS},
        {"GOTS V6", SV_CERT_GOTS},
        {"GOTS version 6.0", SV_CERT_GOTS},
        {"Global Organic Textile Standard", SV_CERT_GOTS},
        {"Global Organic Textile Standard (GOTS)", SV_CERT_GOTS},
        {"G.O.T.S.", SV_CERT_GOTS},
        {"GOTS certified", SV_CERT_GOTS},
        {"Better Cotton Initiative", SV_CERT_BCI},
        {"Better Cotton Initiative (BCI) member", SV_CERT_BCI},
        {"Leather Working Group", SV_CERT_LWG},
        {"LWG Gold rated", SV_CERT_LWG},
        {"ISO 9001:2015", SV_CERT_ISO_9001},
        {"ISO9001:2008", SV_CERT_ISO_9001},
        {"iso 9001", SV_CERT_ISO_9001},
        {"ISO 14001:2015", SV_CERT_ISO_14001},
        {"ISO-14001", SV_CERT_ISO_14001},
        {"SA 8000", SV_CERT_SA8000},
        {"SA8000:2014", SV_CERT_SA8000},
        {"SA-8000", SV_CERT_SA8000},
        {"GRS 4.0", SV_CERT_GRS},
        {"Global Recycled Standard (GRS) 4.0", SV_CERT_GRS},
        {"RCS 2.0", SV_CERT_RCS},
        {"RCS-100", SV_CERT_RCS},
        {"Fairtrade", SV_CERT_FAIR_TRADE},
        {"FAIRTRADE", SV_CERT_FAIR_TRADE},
        {"Fair-Trade", SV_CERT_FAIR_TRADE},
        {"Fair Trade Certified", SV_CERT_FAIR_TRADE},
        {"BSCI", SV_CERT_AMFORI_BSCI},
        {"amfori BSCI", SV_CERT_AMFORI_BSCI},
        {"Amfori-BSCI", SV_CERT_AMFORI_BSCI},
        {"BSCI audit", SV_CERT_AMFORI_BSCI},
        {"Sedex/SMETA", SV_CERT_SEDEX_SMETA},
        {"SMETA 4 Pillar", SV_CERT_SEDEX_SMETA},
        {"Sedex Members Ethical Trade Audit (SMETA)", SV_CERT_SEDEX_SMETA},
        {"bluesign\xc2\xae system partner", SV_CERT_BLUESIGN},
        {"WRAP Gold", SV_CERT_WRAP},
        {"Worldwide Responsible Accredited Production (WRAP)", SV_CERT_WRAP},
        {"Responsible Down Standard (RDS)", SV_CERT_RDS},
        {"RWS certified", SV_CERT_RWS},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        cc_add(&l, named[i].text, named[i].cert, false);
    *n = l.n;
    return l.c;
}

/* Names that are no certification selvedge knows, or that must not be read as the one they
 * look like: kept as text by the readers. */
static const char *const cert_not_known[] = {
    "Organic Content Standard",
    "OCS 100",
    "Organic Content Standard 100", /* not OEKO-TEX STANDARD 100 */
    "OEKO-TEX LEATHER STANDARD",    /* not OEKO-TEX STANDARD 100 */
    "OEKO-TEX ECO PASSPORT",
    "ISO 45001",
    "ISO 9999",
    "Higg FEM",
    "ZDHC",
    "FSC",
    "C2C Certified",
    "RCSX",
    "ARCS",
    "Sources",
    "GOTSS",
    "BSCI 2",
    NULL,
};

/* Entries that name a certification and say it is not held: applied for, worked towards,
 * pending, in progress, expired, or plainly not (issue 8, and more seen in the wild). Every
 * reader keeps them as text and sets no certification. */
static const char *const cert_not_held[] = {
    "applying for GOTS",
    "not GOTS",
    "GOTS pending",
    "GOTS (expired 2022)",
    "WRAP expired",
    "SA8000 in progress",
    "OEKO-TEX 100 (pending)",
    "no GOTS",
    "working towards BSCI",
    "GOTS in process",
    "GOTS: no",
    "Applied for OEKO-TEX Standard 100",
    "BSCI audit pending",
    "GOTS - not yet",
    "GOTS (in progress)",
    "WRAP was revoked",
    "WRAP certificate expired in 2021",
    "GOTS application submitted",
    "under process: GOTS",
    "GOTS suspended",
    "GOTS to be certified",
    "Non GOTS",
    "planning GRS 2025",
    "awaiting SMETA audit",
    "GOTS and OEKO-TEX 100 pending",
    NULL,
};

/* Entries that look like those but say the certification is held. */
static const struct {
    const char *text;
    int cert;
} cert_held_lookalikes[] = {
    {"GOTS certified", SV_CERT_GOTS},
    {"GOTS 7.0", SV_CERT_GOTS},
    {"GOTS (valid until 2027)", SV_CERT_GOTS},
    {"GOTS certificate No. CU123456", SV_CERT_GOTS},
    {"GOTS Cert No: 824015", SV_CERT_GOTS},
    {"GOTS (scope certificate no 1234)", SV_CERT_GOTS},
    {"WRAP Gold (expires 2027)", SV_CERT_WRAP},
    {"BSCI audit completed, grade A", SV_CERT_AMFORI_BSCI},
    {"SA8000 since 2015", SV_CERT_SA8000},
    {"Certified: OEKO-TEX Standard 100 (Class I)", SV_CERT_OEKO_TEX_100},
    {"amfori BSCI (formerly BSCI)", SV_CERT_AMFORI_BSCI},
    {"GOTS: yes", SV_CERT_GOTS},
    {NULL, 0},
};

#endif
