/* Certifications (include/selvedge/cert.h): their names, and the table of the ways people write
 * them, data/certifications.tsv, built in and read once.
 *
 * Names compare in their squashed form (squash.h): "OEKO-TEX® STANDARD 100", "Oeko-Tex
 * Standard 100" and "oekotex 100" become "oekotexstandard100" or "oekotex100". A
 * certification is also found inside longer text, so text is read word by word and a
 * spelling matched against consecutive words joined: see "Text is read as words" below. */
#include "selvedge/cert.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/refdata.h"
#include "selvedge/tsv.h"
#include "squash.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const cert_names[SV_CERT__COUNT] = {
    [SV_CERT_GOTS] = "GOTS",
    [SV_CERT_OEKO_TEX_100] = "OEKO-TEX 100",
    [SV_CERT_OEKO_TEX_STEP] = "OEKO-TEX STeP",
    [SV_CERT_OEKO_TEX_MIG] = "OEKO-TEX Made in Green",
    [SV_CERT_BLUESIGN] = "bluesign",
    [SV_CERT_BCI] = "BCI",
    [SV_CERT_GRS] = "GRS",
    [SV_CERT_RCS] = "RCS",
    [SV_CERT_RWS] = "RWS",
    [SV_CERT_RDS] = "RDS",
    [SV_CERT_LWG] = "LWG",
    [SV_CERT_ISO_9001] = "ISO 9001",
    [SV_CERT_ISO_14001] = "ISO 14001",
    [SV_CERT_SA8000] = "SA8000",
    [SV_CERT_WRAP] = "WRAP",
    [SV_CERT_AMFORI_BSCI] = "amfori BSCI",
    [SV_CERT_FAIR_TRADE] = "Fair Trade",
    [SV_CERT_SEDEX_SMETA] = "Sedex/SMETA",
};

const char *sv_cert_name(sv_cert c)
{
    return (c >= 0 && c < SV_CERT__COUNT) ? cert_names[c] : "unknown";
}

/* Text is read as words: runs of letters or of digits, squashed (lower-case ASCII; accented
 * Latin letters to their base letter), so "SA8000" is the words "sa" "8000" and "Öko-Tex" is
 * "oko" "tex". A spelling of data/certifications.tsv is matched against consecutive words
 * joined, so the spaces, hyphens, dots and marks between them do not matter, but a word is
 * never split: "RCS" is not found in "sources". Hard separators (, ; | / ( ) [ ] & + line
 * ends and their full-width forms) end a run: no spelling spans one. "Std" is read as
 * "standard". */
enum { CERT_WORD = 64, CERT_SPELLING = 64, CERT_SPELLINGS = 256, CERT_RUN = 8 };

typedef struct cword {
    char s[CERT_WORD];
    size_t len;
    bool digits;
    bool hard;     /* a hard separator comes before it */
    char sep;      /* the last separator before it ('.', ':', ' ' for any other), 0 for none */
    bool too_long; /* longer than CERT_WORD: part of no name */
} cword;

typedef struct cert_spelling {
    char squashed[CERT_SPELLING];
    int cert;
    bool alone; /* read only when the whole entry is certification names */
    int line;
} cert_spelling;

typedef struct cert_table {
    cert_spelling s[CERT_SPELLINGS]; /* sorted by squashed */
    size_t n;
    size_t run; /* words in the longest spelling */
} cert_table;

static bool hard_sep(uint32_t cp)
{
    switch (cp) {
    case ',':
    case ';':
    case '|':
    case '/':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case '&':
    case '+':
    case '\n':
    case '\r':
    case 0x3001: /* ideographic comma */
    case 0xFF0C: /* full-width comma */
    case 0xFF1B: /* full-width semicolon */
    case 0xFF0F: /* full-width solidus */
    case 0xFF08: /* full-width parentheses */
    case 0xFF09:
    case 0x3010: /* lenticular brackets */
    case 0x3011:
        return true;
    default:
        return false;
    }
}

/* The next word at *pp (the text ends at end) into w; false at the end of the text. */
static bool next_word(const char **pp, const char *end_, cword *w)
{
    const unsigned char *s = (const unsigned char *)*pp, *end = (const unsigned char *)end_;
    const unsigned char *at = s;
    bool hard = false;
    char sep = 0, ch = 0;
    uint32_t cp;
    while (s < end && !(ch = sq_char(&s, end, &cp))) {
        hard |= hard_sep(cp);
        sep = cp == '.' || cp == ':' ? (char)cp : ' ';
    }
    if (!ch)
        return false;
    memset(w, 0, sizeof *w);
    w->digits = ch >= '0' && ch <= '9';
    w->hard = hard;
    w->sep = sep;
    for (;;) {
        if (w->len + 1 < sizeof w->s)
            w->s[w->len++] = ch;
        else
            w->too_long = true;
        at = s;
        if (s >= end)
            break;
        ch = sq_char(&s, end, &cp);
        if (!ch || (ch >= '0' && ch <= '9') != w->digits) {
            s = at; /* a separator, or a letter-digit boundary: the word ends */
            break;
        }
    }
    w->s[w->len] = '\0';
    if (!strcmp(w->s, "std")) /* "Std.", the usual abbreviation */
        w->len = (size_t)snprintf(w->s, sizeof w->s, "standard");
    *pp = (const char *)s;
    return true;
}

/* All the words of text joined into buf; the word count, or -1 when it does not fit. */
static int squash_words(const char *text, char *buf, size_t cap)
{
    cword w;
    size_t n = 0;
    int words = 0;
    const char *end = text + strlen(text);
    buf[0] = '\0';
    while (next_word(&text, end, &w)) {
        if (w.too_long || n + w.len + 1 > cap)
            return -1;
        memcpy(buf + n, w.s, w.len + 1);
        n += w.len;
        words++;
    }
    return words;
}

static int spelling_cmp(const void *a, const void *b)
{
    return strcmp(((const cert_spelling *)a)->squashed, ((const cert_spelling *)b)->squashed);
}

typedef struct table_load {
    cert_table *t;
    const char *file;
} table_load;

static sv_code table_row(void *ud, char **f, int line, sv_err *e)
{
    table_load *l = ud;
    cert_table *t = l->t;
    int cert = -1;
    for (int k = 0; k < SV_CERT__COUNT && cert < 0; k++)
        if (strcmp(f[0], cert_names[k]) == 0)
            cert = k;
    if (cert < 0)
        return sv_err_at(e, SV_ERR_SCHEMA, l->file, line, 0, "certification",
                         "\"%s\" is not one of the certifications selvedge knows", f[0]);
    if (strcmp(f[2], "text") != 0 && strcmp(f[2], "alone") != 0)
        return sv_err_at(e, SV_ERR_SCHEMA, l->file, line, 0, "where",
                         "\"%s\" is neither text nor alone", f[2]);
    if (t->n == CERT_SPELLINGS)
        return sv_err_at(e, SV_ERR_SCHEMA, l->file, line, 0, NULL, "more than %d spellings",
                         CERT_SPELLINGS);
    cert_spelling *sp = &t->s[t->n];
    memset(sp, 0, sizeof *sp);
    int words = squash_words(f[1], sp->squashed, sizeof sp->squashed);
    if (words < 0)
        return sv_err_at(e, SV_ERR_SCHEMA, l->file, line, 0, "spelling",
                         "\"%s\" is too long for a spelling", f[1]);
    if (words == 0)
        return sv_err_at(e, SV_ERR_SCHEMA, l->file, line, 0, "spelling",
                         "\"%s\" has no letters or digits", f[1]);
    if (words > CERT_RUN)
        return sv_err_at(e, SV_ERR_SCHEMA, l->file, line, 0, "spelling",
                         "\"%s\" has more than %d words", f[1], CERT_RUN);
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->s[i].squashed, sp->squashed) == 0)
            return sv_err_at(e, SV_ERR_SCHEMA, l->file, line, 0, "spelling",
                             "\"%s\" reads the same as the spelling on line %d", f[1],
                             t->s[i].line);
    sp->cert = cert;
    sp->alone = strcmp(f[2], "alone") == 0;
    sp->line = line;
    if ((size_t)words > t->run)
        t->run = (size_t)words;
    t->n++;
    return SV_OK;
}

static sv_code table_load_data(cert_table *t, const char *file, const char *data, size_t len,
                               sv_err *e)
{
    static const char *const cols[] = {"certification", "spelling", "where", "source", NULL};
    memset(t, 0, sizeof *t);
    table_load l = {.t = t, .file = file};
    sv_code rc = sv_tsv_parse(file, data, len, cols, table_row, &l, e);
    if (rc)
        return rc;
    qsort(t->s, t->n, sizeof t->s[0], spelling_cmp);
    /* every certification reads its own name, anywhere */
    for (int k = 0; k < SV_CERT__COUNT; k++) {
        char own[CERT_SPELLING];
        bool found = false;
        if (squash_words(cert_names[k], own, sizeof own) > 0)
            for (size_t i = 0; i < t->n && !found; i++)
                found = t->s[i].cert == k && !t->s[i].alone && !strcmp(t->s[i].squashed, own);
        if (!found)
            return sv_err_at(e, SV_ERR_SCHEMA, file, 0, 0, "spelling",
                             "no row spells %s as its own name with where \"text\"", cert_names[k]);
    }
    return SV_OK;
}

/* The built-in table, read once from the embedded data/certifications.tsv. */
static cert_table builtin;
static sv_err builtin_err;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void builtin_load(void)
{
    for (const sv_embedded_file *ef = sv_embedded_files; ef->name; ef++)
        if (strcmp(ef->name, "certifications.tsv") == 0) {
            if (table_load_data(&builtin, "data/certifications.tsv", ef->data, ef->len,
                                &builtin_err) != SV_OK)
                builtin.n = 0; /* nothing reads; sv_cert_data_check says why */
            return;
        }
    sv_err_set(&builtin_err, SV_ERR_INTERNAL, "data/certifications.tsv is not built in");
}

static const cert_table *table(void)
{
    pthread_once(&builtin_once, builtin_load);
    return &builtin;
}

sv_code sv_cert_data_check(const char *data, size_t len, sv_err *e)
{
    if (!data) {
        table();
        if (builtin_err.code != SV_OK) {
            if (e)
                *e = builtin_err;
            return builtin_err.code;
        }
        sv_err_clear(e);
        return SV_OK;
    }
    cert_table *t = malloc(sizeof *t);
    if (!t)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    sv_code rc = table_load_data(t, "certifications.tsv", data, len, e);
    free(t);
    return rc;
}

static int lookup(const cert_table *t, const char *squashed, bool alone)
{
    cert_spelling key;
    size_t n = strlen(squashed);
    if (n >= sizeof key.squashed)
        return -1;
    memcpy(key.squashed, squashed, n + 1);
    const cert_spelling *sp = bsearch(&key, t->s, t->n, sizeof t->s[0], spelling_cmp);
    return sp && (alone || !sp->alone) ? sp->cert : -1;
}

/* Words that may follow or precede a certification's name without changing which one it is. */
static const char *const cert_noise[] = {
    "certified", "certification", "certifications", "certificate", "certificates", "cert",
    "certs",     "audit",         "audits",         "audited",     "compliant",    "compliance",
    "member",    "membership",    "approved",       "accredited",  "registered",   "rated",
    "rating",    "standard",      "standards",      "and",         "or",           NULL};

static bool is_noise(const cword *w)
{
    for (const char *const *n = cert_noise; *n; n++)
        if (strcmp(w->s, *n) == 0)
            return true;
    return false;
}

/* How many words at w[0..n) are a version or a product class, 0 when w[0] starts none:
 * "7.0", "6.1.2", a year 1990-2099 (":2015"), "v6", "version 4.0", "class I". */
static size_t version_words(const cword *w, size_t n)
{
    if (w[0].digits) {
        if (w[0].len == 4) {
            int y = atoi(w[0].s);
            if (y >= 1990 && y <= 2099)
                return 1;
        }
        size_t k = 1;
        while (k < n && w[k].digits && !w[k].hard && w[k].sep == '.' && w[k - 1].len <= 2)
            k++;
        return k > 1 ? k : 0;
    }
    static const char *const markers[] = {"v", "ver", "version", "rev", "revision", "class", NULL};
    for (const char *const *m = markers; *m; m++)
        if (strcmp(w[0].s, *m) == 0 && n > 1 && !w[1].hard) {
            if (w[1].digits && w[1].len <= 2) {
                size_t k = 2;
                while (k < n && w[k].digits && !w[k].hard && w[k].sep == '.')
                    k++;
                return k;
            }
            if (!strcmp(*m, "class") && (!strcmp(w[1].s, "i") || !strcmp(w[1].s, "ii") ||
                                         !strcmp(w[1].s, "iii") || !strcmp(w[1].s, "iv")))
                return 2;
        }
    return 0;
}

/* The certifications named in text. alone: spellings marked "alone" count too. *whole: every
 * word of the text is part of a name, a version or a noise word, and there is a name. */
static uint32_t scan(const char *text, size_t len, bool alone, bool *whole)
{
    const cert_table *t = table();
    cword win[CERT_RUN + 2];
    size_t nwin = 0, want = t->run + 1 < COUNT(win) ? t->run + 1 : COUNT(win);
    bool more = true, all = true, iso = false;
    uint32_t bits = 0;
    const char *p = text ? text : "", *end = p + (text ? len : 0);
    for (;;) {
        while (more && nwin < want) {
            if (next_word(&p, end, &win[nwin]))
                nwin++;
            else
                more = false;
        }
        if (nwin == 0)
            break;
        size_t avail = 1; /* words of the run starting here */
        while (avail < nwin && avail < t->run && !win[avail].hard)
            avail++;
        size_t used = 0;
        for (size_t words = avail; words >= 1 && !used; words--) {
            char buf[CERT_SPELLING];
            size_t bl = 0;
            bool fits = true;
            for (size_t k = 0; k < words && fits; k++) {
                if (win[k].too_long || bl + win[k].len + 1 > sizeof buf)
                    fits = false;
                else {
                    memcpy(buf + bl, win[k].s, win[k].len);
                    bl += win[k].len;
                }
            }
            if (!fits)
                continue;
            buf[bl] = '\0';
            int c = lookup(t, buf, alone);
            if (c >= 0) {
                bits |= 1u << c;
                used = words;
                iso = strcmp(win[0].s, "iso") == 0;
            }
        }
        if (!used && iso && win[0].digits) {
            /* "ISO 9001/14001", "ISO 9001 and 14001": the family name said once */
            char buf[CERT_SPELLING];
            snprintf(buf, sizeof buf, "iso%s", win[0].s);
            int c = lookup(t, buf, alone);
            if (c >= 0) {
                bits |= 1u << c;
                used = 1;
            }
        }
        if (!used && (used = version_words(win, nwin)) == 0) {
            used = 1;
            if (win[0].too_long || !is_noise(&win[0])) {
                all = false;
                iso = false;
            }
        }
        memmove(win, win + used, (nwin - used) * sizeof win[0]);
        nwin -= used;
    }
    if (whole)
        *whole = all && bits != 0;
    return bits;
}

uint32_t sv_cert_parse_all(const char *text)
{
    return sv_cert_parse_all_n(text, text ? strlen(text) : 0);
}

uint32_t sv_cert_parse_all_n(const char *text, size_t len)
{
    bool whole;
    uint32_t bits = scan(text, len, true, &whole);
    return whole ? bits : 0;
}

int sv_cert_parse(const char *text)
{
    uint32_t bits = sv_cert_parse_all(text);
    if (!bits || (bits & (bits - 1)))
        return -1;
    int c = 0;
    while (!(bits & 1u)) {
        bits >>= 1;
        c++;
    }
    return c;
}

uint32_t sv_cert_find(const char *text)
{
    return sv_cert_find_n(text, text ? strlen(text) : 0);
}

uint32_t sv_cert_find_n(const char *text, size_t len)
{
    bool whole;
    uint32_t bits = scan(text, len, true, &whole);
    return whole ? bits : scan(text, len, false, NULL);
}

/* Words that say a certification named beside them is not held (sv_cert_negated_n). */
static const char *const not_held_words[] = {
    "not",         "non",          "never",     "pending",   "expired",    "lapsed",   "suspended",
    "withdrawn",   "revoked",      "cancelled", "canceled",  "terminated", "applying", "applied",
    "application", "applications", "towards",   "toward",    "awaiting",   "awaited",  "planned",
    "planning",    "ongoing",      "upcoming",  "preparing", "pursuing",   "seeking",  NULL};

/* Two words that say so together: "in progress", "under process", "to be" (certified). */
static const char *const not_held_pairs[][2] = {
    {"in", "progress"},      {"in", "process"},        {"in", "processing"},
    {"in", "preparation"},   {"under", "process"},     {"under", "progress"},
    {"under", "processing"}, {"under", "application"}, {"to", "be"},
};

bool sv_cert_negated_n(const char *text, size_t len)
{
    if (!text)
        return false;
    const char *p = text, *end = text + len;
    cword w[2];
    bool have = next_word(&p, end, &w[0]);
    while (have) {
        const char *after = p; /* just past w[0] */
        bool more = next_word(&p, end, &w[1]);
        const cword *a = &w[0], *b = more ? &w[1] : NULL;
        if (!strcmp(a->s, "no")) {
            /* "No. 5", "No: CU123", "No #12", "no 1234": a number */
            while (after < end && *after == ' ')
                after++;
            bool number = b && (b->digits ||
                                (after < end && (*after == '.' || *after == ':' || *after == '#')));
            if (!number)
                return true;
        } else {
            for (const char *const *k = not_held_words; *k; k++)
                if (!strcmp(a->s, *k))
                    return true;
            for (size_t k = 0; b && k < COUNT(not_held_pairs); k++)
                if (!strcmp(a->s, not_held_pairs[k][0]) && !strcmp(b->s, not_held_pairs[k][1]))
                    return true;
        }
        w[0] = w[1];
        have = more;
    }
    return false;
}
