/* Reading factory CSV files: the Open Supply Hub's list upload and public download, and
 * selvedge's own capability CSV (docs/factories.md).
 *
 * The file is streamed through libcsv in 1 MiB chunks: a 200 MB download is never held in
 * memory. libcsv hands over each field and each row end through callbacks; a field's bytes
 * are copied into one reusable record buffer, and at the row end the record becomes an
 * sv_factory whose strings point into that buffer (or, for the few built strings, into a
 * pool created for the row and freed once the row callback returns). Nothing is allocated
 * per field.
 *
 * Line numbers: libcsv does not report positions, so the parser runs with CSV_REPALL_NL,
 * which reports every newline outside quotes as a row end (empty rows included), and the
 * newlines inside quoted fields are counted from the field bytes. A record's line is the line
 * counter when its first field arrives: no newline of the record has been counted yet then,
 * and those inside that first field are counted right after. A CRLF is one line: the LF that
 * follows a CR-terminated row arrives as an empty row and is not counted again. */
#include "selvedge/osh_csv.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>

#include <csv.h>

#include "selvedge/country.h"
#include "selvedge/suggest.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { CHUNK = 1 << 20, MAX_FIELDS = 4096 };

/* ---- columns ------------------------------------------------------------------------------ */

typedef enum {
    C_COUNTRY,
    C_NAME,
    C_ADDRESS,
    C_SECTOR,
    C_PRODUCT_TYPE,
    C_FACILITY_TYPE,
    C_PROCESSING_TYPE,
    C_WORKERS,
    C_LAT,
    C_LNG,
    C_OS_ID,
    C_COUNTRY_CODE,
    C_COUNTRY_NAME,
    C_CLAIM_MOQ,
    C_CLAIM_LEAD,
    C_CLAIM_CERTS,
    C_CLAIM_NATIVE_NAME,
    C_CLAIM_PRODUCT_TYPES,
    C_CLAIM_PROCESSING_TYPES,
    C_CLAIM_WORKERS,
    C_CLAIM_LOCATION_TYPES,
    C_CLOSED,
    /* the capability format's own columns */
    C_HANDLE,
    C_OTHER_NAMES,
    C_CATEGORIES,
    C_CONSTRUCTIONS,
    C_TIERS,
    C_MOQ_STYLE,
    C_MOQ_COLOR,
    C_MOQ_ORDER,
    C_PRICES,
    C_SAMPLING_DAYS,
    C_PRODUCTION_DAYS,
    C_MONTHLY_CAPACITY,
    C_SAMPLE_FEE,
    C_DEPOSIT_PCT,
    C_CERTIFICATIONS,
    C_NEW_BRANDS,
    C_WORKERS_MIN,
    C_WORKERS_MAX,
    C_LANGUAGES,
    C__COUNT
} col;

/* First capability-only column: a header with any of these (and name, country) is a
 * capability file. */
#define C_FIRST_CAPABILITY C_HANDLE

static const struct {
    const char *name;
    col c;
} column_names[] = {
    {"country", C_COUNTRY},
    {"name", C_NAME},
    {"address", C_ADDRESS},
    {"sector", C_SECTOR},
    {"product_type", C_PRODUCT_TYPE},
    {"facility_type", C_FACILITY_TYPE},
    {"facility_types", C_FACILITY_TYPE},
    {"processing_type", C_PROCESSING_TYPE},
    {"processing_types", C_PROCESSING_TYPE},
    {"number_of_workers", C_WORKERS},
    {"lat", C_LAT},
    {"latitude", C_LAT},
    {"lng", C_LNG},
    {"lon", C_LNG},
    {"longitude", C_LNG},
    {"os_id", C_OS_ID},
    {"country_code", C_COUNTRY_CODE},
    {"country_name", C_COUNTRY_NAME},
    {"claim_minimum_order_quantity", C_CLAIM_MOQ},
    {"claim_average_lead_time", C_CLAIM_LEAD},
    {"claim_certifications_standards_regulations", C_CLAIM_CERTS},
    {"claim_name_in_native_language", C_CLAIM_NATIVE_NAME},
    {"claim_product_types", C_CLAIM_PRODUCT_TYPES},
    {"claim_processing_types", C_CLAIM_PROCESSING_TYPES},
    {"claim_number_of_workers", C_CLAIM_WORKERS},
    {"claim_location_types", C_CLAIM_LOCATION_TYPES},
    {"is_closed", C_CLOSED},
    {"closed", C_CLOSED},
    {"handle", C_HANDLE},
    {"other_names", C_OTHER_NAMES},
    {"categories", C_CATEGORIES},
    {"constructions", C_CONSTRUCTIONS},
    {"tiers", C_TIERS},
    {"moq_per_style", C_MOQ_STYLE},
    {"moq_per_color", C_MOQ_COLOR},
    {"moq_per_colour", C_MOQ_COLOR},
    {"moq_per_order", C_MOQ_ORDER},
    {"prices", C_PRICES},
    {"sampling_days", C_SAMPLING_DAYS},
    {"production_days", C_PRODUCTION_DAYS},
    {"monthly_capacity", C_MONTHLY_CAPACITY},
    {"sample_fee", C_SAMPLE_FEE},
    {"deposit_pct", C_DEPOSIT_PCT},
    {"certifications", C_CERTIFICATIONS},
    {"new_brands", C_NEW_BRANDS},
    {"workers_min", C_WORKERS_MIN},
    {"workers_max", C_WORKERS_MAX},
    {"languages", C_LANGUAGES},
};

/* ---- the reader ------------------------------------------------------------------------- */

typedef struct country_slot {
    char text[40];
    char alpha2[3]; /* "" when the text is not a country */
    bool used;
} country_slot;

typedef struct reader {
    const char *path;
    sv_csv_format *format;
    sv_csv_row_fn row;
    sv_csv_bad_fn bad;
    void *ud;
    sv_err *e;

    bool have_header;
    sv_csv_format fmt;
    int at[C__COUNT];       /* field index of each column, -1 when absent */
    char *header;           /* the header's names, NUL-separated, as written */
    const char **hname;     /* name of each field of the header */
    size_t n_header;

    /* the record being read: field bytes back to back, each NUL-terminated */
    char *buf;
    size_t len, cap;
    size_t *off;
    size_t nf, fcap;
    int line;        /* line the parser is on, 1-based */
    int row_start;   /* line the current record began on */
    bool last_cr;    /* the last row end was a CR: an LF right after it is the same newline */
    bool unterminated; /* the last record ends inside an open quote */

    sv_pool *pool;   /* for the current row, created when first needed */
    sv_code stop;    /* set: stop reading and return this */
    country_slot countries[64];
} reader;

static sv_pool *row_pool(reader *r)
{
    if (!r->pool)
        r->pool = sv_pool_create();
    return r->pool;
}

static void stop_nomem(reader *r)
{
    if (r->stop == SV_OK)
        r->stop = sv_err_at(r->e, SV_ERR_NOMEM, r->path, r->row_start, 0, NULL,
                            "out of memory reading the file");
}

/* ---- small text helpers ------------------------------------------------------------------ */

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Trim ASCII white space in place; returns NULL for an empty result. */
static char *trim(char *s)
{
    if (!s)
        return NULL;
    while (is_space((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_space((unsigned char)s[n - 1]))
        n--;
    s[n] = '\0';
    return n ? s : NULL;
}

/* Length of a valid UTF-8 sequence at s (n bytes available), 0 when not valid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    uint32_t min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    uint32_t cp = c & (0x3F >> (len - 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t l = utf8_seq(p + i, n - i);
        if (!l)
            return false;
        i += l;
    }
    return true;
}

/* Windows-1252 0x80..0x9F; the rest of the high half is Latin-1. */
static const uint16_t cp1252[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

/* A field that is not UTF-8 is taken for Windows-1252 (what spreadsheets on Windows save) and
 * re-encoded; valid UTF-8 sequences inside it are kept. Returns s itself when it is valid,
 * the copy in the row's pool otherwise, NULL when out of memory. */
static char *fix_encoding(reader *r, char *s)
{
    if (!s || valid_utf8(s))
        return s;
    sv_pool *pool = row_pool(r);
    size_t n = strlen(s);
    char *out = pool ? sv_pool_alloc(pool, n * 3 + 1) : NULL;
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t l = utf8_seq(p + i, n - i);
        if (l) {
            memcpy(out + o, p + i, l);
            o += l;
            i += l;
            continue;
        }
        uint32_t cp = p[i] < 0xA0 ? cp1252[p[i] - 0x80] : p[i];
        if (cp < 0x800) {
            out[o++] = (char)(0xC0 | cp >> 6);
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[o++] = (char)(0xE0 | cp >> 12);
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        }
        i++;
    }
    out[o] = '\0';
    return out;
}

/* ---- free text: a tiny lexer for claims ------------------------------------------------- */

typedef enum { T_NUM, T_WORD, T_PUNCT } tok_kind;

typedef struct tok {
    tok_kind kind;
    int64_t tenths;  /* T_NUM: value x 10 */
    char word[24];   /* T_WORD: lower case, truncated */
    char c;          /* T_PUNCT: the character ('-' for any dash, '~' and "–" included) */
} tok;

enum { MAX_TOKS = 128 };

/* Numbers: "1500", "1,500" (groups of three), "1.5", "1.500" (three digits after a single
 * point: a European thousands separator), "2k". */
static size_t lex(const char *text, tok *t, size_t cap)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = 0;
    while (*s && n < cap) {
        unsigned c = *s;
        if (isdigit(c)) {
            int64_t v = 0;
            int frac = -1;
            while (*s) {
                if (isdigit(*s)) {
                    if (v < INT64_MAX / 100)
                        v = v * 10 + (*s - '0');
                    if (frac >= 0)
                        frac++;
                    s++;
                } else if (*s == ',' && frac < 0 && isdigit(s[1]) && isdigit(s[2]) &&
                           isdigit(s[3]) && !isdigit(s[4])) {
                    s++;
                } else if (*s == '.' && frac < 0 && isdigit(s[1])) {
                    if (isdigit(s[2]) && isdigit(s[3]) && !isdigit(s[4]) && s[4] != '.')
                        s++; /* 1.500: thousands */
                    else {
                        frac = 0;
                        s++;
                    }
                } else {
                    break;
                }
            }
            int64_t tenths = v * 10;
            if (frac > 0) {
                tenths = v;
                for (int i = 1; i < frac; i++)
                    tenths /= 10;
            }
            if ((*s == 'k' || *s == 'K') && !isalpha(s[1])) {
                tenths *= 1000;
                s++;
            }
            t[n].kind = T_NUM;
            t[n].tenths = tenths;
            n++;
        } else if (isalpha(c)) {
            size_t l = 0;
            while (isalpha(*s)) {
                if (l + 1 < sizeof t[n].word)
                    t[n].word[l++] = (char)tolower(*s);
                s++;
            }
            t[n].word[l] = '\0';
            t[n].kind = T_WORD;
            n++;
        } else if (c == ' ' || c == '\t') {
            s++;
        } else {
            char p = (char)c;
            size_t skip = 1;
            if (c == '~')
                p = '-';
            else if (c == '\r' || c == '\n')
                p = ';';
            else if (c == 0xE2 && s[1] == 0x80 && (s[2] == 0x93 || s[2] == 0x94)) {
                p = '-';
                skip = 3;
            } else if (c >= 0x80) {
                size_t l = utf8_seq(s, strlen((const char *)s));
                skip = l ? l : 1;
                p = ' ';
            }
            s += skip;
            if (p == ' ')
                continue;
            t[n].kind = T_PUNCT;
            t[n].c = p;
            n++;
        }
    }
    return n;
}

static bool tok_word(const tok *t, const char *w)
{
    return t->kind == T_WORD && strcmp(t->word, w) == 0;
}

static bool tok_word_in(const tok *t, const char *const *list)
{
    for (; *list; list++)
        if (tok_word(t, *list))
            return true;
    return false;
}

static bool tok_punct(const tok *t, char c)
{
    return t->kind == T_PUNCT && t->c == c;
}

/* A number possibly followed by a range "- 60", "to 60": returns the index after it and
 * the two ends (equal when there is no range). */
static size_t read_range(const tok *t, size_t n, size_t i, int64_t *lo, int64_t *hi)
{
    *lo = *hi = t[i].tenths;
    size_t j = i + 1;
    if (j + 1 < n && (tok_punct(&t[j], '-') || tok_word(&t[j], "to")) && t[j + 1].kind == T_NUM) {
        *hi = t[j + 1].tenths;
        j += 2;
    }
    if (*hi < *lo) {
        int64_t x = *lo;
        *lo = *hi;
        *hi = x;
    }
    return j;
}

static bool clause_end(const tok *t)
{
    return t->kind == T_PUNCT && (t->c == ',' || t->c == ';' || t->c == '|' || t->c == '(' ||
                                  t->c == ')');
}

static void put64(int64_t *p, int64_t v)
{
    if (p)
        *p = v;
}

enum scope { SC_NONE, SC_STYLE, SC_COLOR, SC_ORDER };

static const char *const style_words[] = {"style", "styles", "design", "designs", "article",
                                          "articles", "model", "models", "item", "items",
                                          "reference", "ref", NULL};
static const char *const color_words[] = {"color",     "colors",  "colour", "colours",
                                          "colorway",  "colorways", "colourway", "colourways",
                                          "col",       "shade",   "shades", "sku",
                                          "skus",      NULL};
static const char *const order_words[] = {"order", "orders", "po", "shipment", "total", "lot",
                                          NULL};
static const char *const not_units[] = {"m",     "meter", "meters", "metre",  "metres", "yard",
                                        "yards", "yd",    "yds",    "kg",     "kgs",    "day",
                                        "days",  "week",  "weeks",  "month",  "months", "usd",
                                        "dollar", "dollars", "eur", "gsm", "g", "cm", "mm",
                                        "year", "years", "lbs", "lb", NULL};

static enum scope scope_of(const tok *t)
{
    if (tok_word_in(t, style_words))
        return SC_STYLE;
    if (tok_word_in(t, color_words))
        return SC_COLOR;
    if (tok_word_in(t, order_words))
        return SC_ORDER;
    return SC_NONE;
}

bool sv_parse_moq_claim(const char *text, int64_t *per_style, int64_t *per_color,
                        int64_t *per_order)
{
    put64(per_style, SV_UNSET);
    put64(per_color, SV_UNSET);
    put64(per_order, SV_UNSET);
    if (!text)
        return false;
    tok t[MAX_TOKS];
    size_t n = lex(text, t, MAX_TOKS);
    int64_t got[4] = {SV_UNSET, SV_UNSET, SV_UNSET, SV_UNSET};
    bool any = false;
    size_t clause = 0; /* first token of the current clause */
    for (size_t i = 0; i < n;) {
        if (clause_end(&t[i])) {
            clause = ++i;
            continue;
        }
        if (t[i].kind != T_NUM) {
            i++;
            continue;
        }
        int64_t lo, hi;
        size_t j = read_range(t, n, i, &lo, &hi);
        bool style = false, color = false, order = false, skip = false;
        int64_t mult = 1;
        size_t k = j;
        for (; k < n && t[k].kind != T_NUM && !clause_end(&t[k]); k++) {
            if (k == j && (tok_punct(&t[k], '%') || tok_word_in(&t[k], not_units)))
                skip = true;
            if (k == j && (tok_word(&t[k], "dozen") || tok_word(&t[k], "dz") ||
                           tok_word(&t[k], "doz") || tok_word(&t[k], "dzn")))
                mult = 12;
            enum scope sc = scope_of(&t[k]);
            style |= sc == SC_STYLE;
            color |= sc == SC_COLOR;
            order |= sc == SC_ORDER;
        }
        if (i > 0 && (tok_punct(&t[i - 1], '$') || tok_word(&t[i - 1], "usd")))
            skip = true;
        if (!style && !color && !order) {
            /* "per colour: 300", "style MOQ 500": the words before, back to the clause start
             * or the previous number */
            for (size_t b = i; b-- > clause && t[b].kind != T_NUM;) {
                enum scope sc = scope_of(&t[b]);
                style |= sc == SC_STYLE;
                color |= sc == SC_COLOR;
                order |= sc == SC_ORDER;
            }
        }
        i = k;
        if (skip)
            continue;
        enum scope sc = color ? SC_COLOR : style ? SC_STYLE : SC_ORDER;
        int64_t units = lo / 10 * mult;
        if (got[sc] == SV_UNSET) {
            got[sc] = units;
            any = true;
        }
    }
    if (!any) {
        /* "No MOQ", "no minimum": a minimum of zero */
        for (size_t i = 0; i + 1 < n; i++) {
            if ((tok_word(&t[i], "no") || tok_word(&t[i], "without")) &&
                (tok_word(&t[i + 1], "moq") || tok_word(&t[i + 1], "minimum") ||
                 tok_word(&t[i + 1], "min") || tok_word(&t[i + 1], "minimums"))) {
                got[SC_ORDER] = 0;
                any = true;
                break;
            }
        }
    }
    if (!any)
        return false;
    put64(per_style, got[SC_STYLE]);
    put64(per_color, got[SC_COLOR]);
    put64(per_order, got[SC_ORDER]);
    return true;
}

static const char *const sample_words[] = {"sample", "samples", "sampling", "proto",
                                           "prototype", "prototypes", "development", NULL};

bool sv_parse_days_claim(const char *text, int64_t *days)
{
    put64(days, SV_UNSET);
    if (!text)
        return false;
    tok t[MAX_TOKS];
    size_t n = lex(text, t, MAX_TOKS);
    int64_t first = SV_UNSET, first_bulk = SV_UNSET;
    size_t clause = 0;
    for (size_t i = 0; i < n;) {
        if (clause_end(&t[i])) {
            clause = ++i;
            continue;
        }
        if (t[i].kind != T_NUM) {
            i++;
            continue;
        }
        int64_t lo, hi;
        size_t j = read_range(t, n, i, &lo, &hi);
        /* the unit: days unless said otherwise; "working days" count five a week */
        int64_t num = 1, den = 1;
        bool skip = false;
        size_t k = j;
        if (k < n && (tok_word(&t[k], "working") || tok_word(&t[k], "business"))) {
            num = 7;
            den = 5;
            k++;
        }
        if (k < n && t[k].kind == T_WORD) {
            const char *w = t[k].word;
            if (!strcmp(w, "week") || !strcmp(w, "weeks") || !strcmp(w, "wk") ||
                !strcmp(w, "wks") || !strcmp(w, "w"))
                num *= 7;
            else if (!strcmp(w, "month") || !strcmp(w, "months") || !strcmp(w, "mo") ||
                     !strcmp(w, "mos") || !strcmp(w, "mth") || !strcmp(w, "mths") ||
                     !strcmp(w, "mon"))
                num *= 30;
            else if (!strcmp(w, "day") || !strcmp(w, "days") || !strcmp(w, "d"))
                ;
            else if (!strcmp(w, "pcs") || !strcmp(w, "pieces") || !strcmp(w, "units") ||
                     !strcmp(w, "pc") || !strcmp(w, "usd"))
                skip = true;
        } else if (k < n && tok_punct(&t[k], '%')) {
            skip = true;
        }
        bool sample = false;
        size_t end = k;
        while (end < n && !clause_end(&t[end]) && t[end].kind != T_NUM)
            end++;
        for (size_t b = clause; b < end; b++)
            sample |= tok_word_in(&t[b], sample_words);
        i = end;
        if (skip)
            continue;
        /* the midpoint of the range: lo + hi is twice it in tenths; converted to calendar days
         * and rounded half up */
        int64_t d = ((lo + hi) * num + den * 10) / (den * 20);
        if (d <= 0 || d > 730) /* not a lead time: a year, a quantity */
            continue;
        if (first == SV_UNSET)
            first = d;
        if (!sample && first_bulk == SV_UNSET)
            first_bulk = d;
    }
    int64_t best = first_bulk != SV_UNSET ? first_bulk : first;
    if (best == SV_UNSET)
        return false;
    put64(days, best);
    return true;
}

/* "100-500", "1001-5000", "350", "less than 1000", "1000+", "More than 5000" -> min, max.
 * OSH downloads join several contributors' answers with '|': the first that reads wins. */
static bool parse_workers(const char *text, int64_t *min, int64_t *max)
{
    tok t[MAX_TOKS];
    size_t n = lex(text, t, MAX_TOKS);
    for (size_t i = 0; i < n; i++) {
        if (t[i].kind != T_NUM)
            continue;
        int64_t lo, hi;
        size_t j = read_range(t, n, i, &lo, &hi);
        bool below = false, above = false;
        for (size_t b = i; b-- > 0 && !tok_punct(&t[b], '|');) {
            if (tok_word(&t[b], "less") || tok_word(&t[b], "under") || tok_word(&t[b], "below") ||
                tok_word(&t[b], "up") || tok_word(&t[b], "fewer") || tok_punct(&t[b], '<'))
                below = true;
            if (tok_word(&t[b], "more") || tok_word(&t[b], "over") || tok_word(&t[b], "above") ||
                tok_punct(&t[b], '>'))
                above = true;
        }
        if (j < n && (tok_punct(&t[j], '+') || tok_word(&t[j], "plus")))
            above = true;
        *min = below ? SV_UNSET : lo / 10;
        *max = above && lo == hi ? SV_UNSET : hi / 10;
        return true;
    }
    return false;
}

/* ---- categories and constructions in product words ---------------------------------------- */

typedef struct kw {
    const char *w1, *w2; /* one or two words, singular */
    int cat;             /* sv_category or -1 */
    int constr;          /* sv_construction or -1 */
} kw;

/* Best effort: words that name one of selvedge's categories plainly. Two-word entries come
 * first so "t shirt" is not read as "shirt". Words are compared singular ("jeans" -> "jean"). */
static const kw product_words[] = {
    {"t", "shirt", SV_CAT_TSHIRT, SV_CONSTR_KNIT},
    {"tee", "shirt", SV_CAT_TSHIRT, SV_CONSTR_KNIT},
    {"polo", "shirt", SV_CAT_POLO, SV_CONSTR_KNIT},
    {"sweat", "shirt", SV_CAT_SWEATSHIRT, SV_CONSTR_KNIT},
    {"sweat", "pant", SV_CAT_JOGGERS, SV_CONSTR_KNIT},
    {"track", "pant", SV_CAT_JOGGERS, SV_CONSTR_KNIT},
    {"jogging", "pant", SV_CAT_JOGGERS, SV_CONSTR_KNIT},
    {"sport", "bra", SV_CAT_SPORTS_BRA, SV_CONSTR_KNIT},
    {"sports", "bra", SV_CAT_SPORTS_BRA, SV_CONSTR_KNIT},
    {"down", "jacket", SV_CAT_PUFFER, SV_CONSTR_WOVEN},
    {"swim", "wear", SV_CAT_SWIMWEAR, SV_CONSTR_KNIT},
    {"flat", "knit", SV_CAT_KNITWEAR, SV_CONSTR_SWEATER_KNIT},
    {"tshirt", NULL, SV_CAT_TSHIRT, SV_CONSTR_KNIT},
    {"tee", NULL, SV_CAT_TSHIRT, SV_CONSTR_KNIT},
    {"polo", NULL, SV_CAT_POLO, SV_CONSTR_KNIT},
    {"shirt", NULL, SV_CAT_SHIRT_WOVEN, SV_CONSTR_WOVEN},
    {"blouse", NULL, SV_CAT_SHIRT_WOVEN, SV_CONSTR_WOVEN},
    {"sweatshirt", NULL, SV_CAT_SWEATSHIRT, SV_CONSTR_KNIT},
    {"hoodie", NULL, SV_CAT_HOODIE, SV_CONSTR_KNIT},
    {"hoody", NULL, SV_CAT_HOODIE, SV_CONSTR_KNIT},
    {"jogger", NULL, SV_CAT_JOGGERS, SV_CONSTR_KNIT},
    {"sweatpant", NULL, SV_CAT_JOGGERS, SV_CONSTR_KNIT},
    {"legging", NULL, SV_CAT_LEGGINGS, SV_CONSTR_KNIT},
    {"shorts", NULL, SV_CAT_SHORTS, -1},
    {"dress", NULL, SV_CAT_DRESS, -1},
    {"skirt", NULL, SV_CAT_SKIRT, -1},
    {"trouser", NULL, SV_CAT_TROUSERS, SV_CONSTR_WOVEN},
    {"pant", NULL, SV_CAT_TROUSERS, SV_CONSTR_WOVEN},
    {"chino", NULL, SV_CAT_TROUSERS, SV_CONSTR_WOVEN},
    {"jean", NULL, SV_CAT_JEANS, SV_CONSTR_DENIM},
    {"denim", NULL, SV_CAT_JEANS, SV_CONSTR_DENIM},
    {"jacket", NULL, SV_CAT_JACKET_CASUAL, SV_CONSTR_WOVEN},
    {"blazer", NULL, SV_CAT_JACKET_CASUAL, SV_CONSTR_WOVEN},
    {"outerwear", NULL, SV_CAT_OUTERWEAR_TECHNICAL, SV_CONSTR_WOVEN},
    {"coat", NULL, SV_CAT_OUTERWEAR_TECHNICAL, SV_CONSTR_WOVEN},
    {"parka", NULL, SV_CAT_OUTERWEAR_TECHNICAL, SV_CONSTR_WOVEN},
    {"anorak", NULL, SV_CAT_OUTERWEAR_TECHNICAL, SV_CONSTR_WOVEN},
    {"rainwear", NULL, SV_CAT_OUTERWEAR_TECHNICAL, SV_CONSTR_WOVEN},
    {"puffer", NULL, SV_CAT_PUFFER, SV_CONSTR_WOVEN},
    {"knitwear", NULL, SV_CAT_KNITWEAR, SV_CONSTR_SWEATER_KNIT},
    {"sweater", NULL, SV_CAT_KNITWEAR, SV_CONSTR_SWEATER_KNIT},
    {"jumper", NULL, SV_CAT_KNITWEAR, SV_CONSTR_SWEATER_KNIT},
    {"cardigan", NULL, SV_CAT_KNITWEAR, SV_CONSTR_SWEATER_KNIT},
    {"pullover", NULL, SV_CAT_KNITWEAR, SV_CONSTR_SWEATER_KNIT},
    {"swimwear", NULL, SV_CAT_SWIMWEAR, SV_CONSTR_KNIT},
    {"swimsuit", NULL, SV_CAT_SWIMWEAR, SV_CONSTR_KNIT},
    {"bikini", NULL, SV_CAT_SWIMWEAR, SV_CONSTR_KNIT},
    {"beachwear", NULL, SV_CAT_SWIMWEAR, SV_CONSTR_KNIT},
    {"underwear", NULL, SV_CAT_UNDERWEAR, SV_CONSTR_KNIT},
    {"lingerie", NULL, SV_CAT_UNDERWEAR, -1},
    {"intimate", NULL, SV_CAT_UNDERWEAR, -1},
    {"brief", NULL, SV_CAT_UNDERWEAR, SV_CONSTR_KNIT},
    {"boxer", NULL, SV_CAT_UNDERWEAR, -1},
    {"bra", NULL, SV_CAT_UNDERWEAR, -1},
    {"sock", NULL, SV_CAT_SOCKS, SV_CONSTR_KNIT},
    {"hosiery", NULL, SV_CAT_SOCKS, SV_CONSTR_KNIT},
    {"headwear", NULL, SV_CAT_HEADWEAR, -1},
    {"hat", NULL, SV_CAT_HEADWEAR, -1},
    {"cap", NULL, SV_CAT_HEADWEAR, -1},
    {"beanie", NULL, SV_CAT_HEADWEAR, SV_CONSTR_KNIT},
    {"bag", NULL, SV_CAT_BAG, -1},
    {"backpack", NULL, SV_CAT_BAG, -1},
    {"handbag", NULL, SV_CAT_BAG, -1},
    {"luggage", NULL, SV_CAT_BAG, -1},
    {"knit", NULL, -1, SV_CONSTR_KNIT},
    {"knitted", NULL, -1, SV_CONSTR_KNIT},
    {"jersey", NULL, -1, SV_CONSTR_KNIT},
    {"woven", NULL, -1, SV_CONSTR_WOVEN},
    {"leather", NULL, -1, SV_CONSTR_LEATHER},
};

/* Singular of an English product word: "dresses" -> "dress", "jeans" -> "jean", "hoodies"
 * -> "hoodie"; "shorts" and words in -ss stay. In place. */
static void singular(char *w)
{
    size_t n = strlen(w);
    if (n < 3 || strcmp(w, "shorts") == 0)
        return;
    if (n > 4 && strcmp(w + n - 3, "ses") == 0 && w[n - 4] == 's')
        w[n - 2] = '\0'; /* dresses */
    else if (w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u')
        w[n - 1] = '\0';
}

static void product_scan(const char *text, uint32_t *cats, uint32_t *constrs)
{
    if (!text)
        return;
    tok t[MAX_TOKS];
    size_t n = lex(text, t, MAX_TOKS);
    for (size_t i = 0; i < n; i++)
        if (t[i].kind == T_WORD)
            singular(t[i].word);
    for (size_t i = 0; i < n; i++) {
        if (t[i].kind != T_WORD)
            continue;
        for (size_t k = 0; k < COUNT(product_words); k++) {
            const kw *p = &product_words[k];
            if (strcmp(t[i].word, p->w1) != 0)
                continue;
            if (p->w2) {
                /* "t-shirt": the hyphen is a token between the words */
                size_t j = i + 1;
                if (j < n && tok_punct(&t[j], '-'))
                    j++;
                if (j >= n || !tok_word(&t[j], p->w2))
                    continue;
                i = j;
            }
            if (p->cat >= 0)
                *cats |= 1u << p->cat;
            if (p->constr >= 0)
                *constrs |= 1u << p->constr;
            break;
        }
    }
}

/* Processing types (OSH taxonomy words) and the facility type they imply. */
static const struct {
    const char *word;
    uint32_t facility;
} processing_words[] = {
    {"sewing", SV_FACILITY_ASSEMBLY},       {"cutting", SV_FACILITY_ASSEMBLY},
    {"assembly", SV_FACILITY_ASSEMBLY},     {"packing", SV_FACILITY_ASSEMBLY},
    {"packaging", SV_FACILITY_ASSEMBLY},    {"ironing", SV_FACILITY_ASSEMBLY},
    {"linking", SV_FACILITY_ASSEMBLY},      {"finishing", SV_FACILITY_ASSEMBLY},
    {"dyeing", SV_FACILITY_DYEING},         {"printing", SV_FACILITY_DYEING},
    {"washing", SV_FACILITY_DYEING},        {"laundering", SV_FACILITY_DYEING},
    {"laundry", SV_FACILITY_DYEING},        {"embroidery", SV_FACILITY_DYEING},
    {"weaving", SV_FACILITY_TEXTILE},       {"knitting", SV_FACILITY_TEXTILE},
    {"spinning", SV_FACILITY_TEXTILE},      {"tanning", SV_FACILITY_RAW_MATERIAL},
    {"ginning", SV_FACILITY_RAW_MATERIAL},  {"warehousing", SV_FACILITY_WAREHOUSE},
};

static uint32_t processing_facility(const char *item)
{
    tok t[16];
    size_t n = lex(item, t, COUNT(t));
    uint32_t bits = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < COUNT(processing_words); k++)
            if (tok_word(&t[i], processing_words[k].word))
                bits |= processing_words[k].facility;
    return bits;
}

/* Certifications named anywhere in free text ("BSCI, Oeko-Tex Standard 100 and WRAP"): the
 * longest run of words (up to six) at each place that sv_cert_parse knows. */
static uint32_t certs_scan(const char *text)
{
    if (!text)
        return 0;
    tok t[MAX_TOKS];
    size_t n = lex(text, t, MAX_TOKS);
    uint32_t bits = 0;
    for (size_t i = 0; i < n;) {
        if (t[i].kind == T_PUNCT) {
            i++;
            continue;
        }
        size_t matched = 0;
        for (size_t len = 6; len >= 1 && !matched; len--) {
            if (i + len > n)
                continue;
            char buf[128];
            size_t bl = 0;
            bool ok = true;
            for (size_t k = i; k < i + len && ok; k++) {
                char num[32];
                const char *s = t[k].word;
                if (t[k].kind == T_PUNCT) {
                    ok = false;
                    break;
                }
                if (t[k].kind == T_NUM) {
                    snprintf(num, sizeof num, "%lld", (long long)(t[k].tenths / 10));
                    s = num;
                }
                size_t l = strlen(s);
                if (bl + l + 1 > sizeof buf) {
                    ok = false;
                    break;
                }
                memcpy(buf + bl, s, l);
                bl += l;
            }
            if (!ok)
                continue;
            buf[bl] = '\0';
            int c = sv_cert_parse(buf);
            if (c >= 0) {
                bits |= 1u << c;
                matched = len;
            }
        }
        i += matched ? matched : 1;
    }
    return bits;
}

/* ---- lists in cells ------------------------------------------------------------------------ */

/* Split s at '|' in place into trimmed non-empty items; returns how many (at most cap). */
static size_t split_bar(char *s, char **items, size_t cap)
{
    size_t n = 0;
    while (s && n < cap) {
        char *bar = strchr(s, '|');
        if (bar)
            *bar = '\0';
        char *item = trim(s);
        if (item)
            items[n++] = item;
        s = bar ? bar + 1 : NULL;
    }
    return n;
}

/* A '|'-joined string of the items in the row pool, skipping case-insensitive repeats. */
typedef struct joiner {
    char *buf;
    size_t len, cap;
    const char *items[64];
    size_t n;
} joiner;

static void join_add(joiner *j, const char *item)
{
    if (!item || j->n >= COUNT(j->items))
        return;
    for (size_t i = 0; i < j->n; i++)
        if (strcasecmp(j->items[i], item) == 0)
            return;
    j->items[j->n++] = item;
}

static const char *join_done(reader *r, joiner *j)
{
    if (j->n == 0)
        return NULL;
    size_t total = 0;
    for (size_t i = 0; i < j->n; i++)
        total += strlen(j->items[i]) + 1;
    sv_pool *pool = row_pool(r);
    char *out = pool ? sv_pool_alloc(pool, total) : NULL;
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < j->n; i++) {
        if (i)
            out[o++] = '|';
        size_t l = strlen(j->items[i]);
        memcpy(out + o, j->items[i], l);
        o += l;
    }
    out[o] = '\0';
    return out;
}

/* ---- numbers in capability cells --------------------------------------------------------- */

/* A whole number >= 0, with optional thousands commas ("12,000"). */
static bool parse_count(const char *s, int64_t *out)
{
    int64_t v = 0;
    int digits = 0, group = -1;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (v > (INT64_MAX - 9) / 10)
                return false;
            v = v * 10 + (*p - '0');
            digits++;
            if (group >= 0)
                group++;
        } else if (*p == ',' && digits > 0 && (group < 0 || group == 3)) {
            group = 0;
        } else {
            return false;
        }
    }
    if (digits == 0 || (group >= 0 && group != 3))
        return false;
    *out = v;
    return true;
}

static bool parse_coord(const char *s, double lim, double *out)
{
    if (!s)
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno != 0 || !isfinite(v) || fabs(v) > lim)
        return false;
    while (is_space((unsigned char)*end))
        end++;
    if (*end)
        return false;
    *out = v;
    return true;
}

/* ---- building a factory from a record ----------------------------------------------------- */

/* The country for a text, through a small cache: a list names the same few countries on every
 * row. code_first: the text is a download's country_code, tried as alpha-2 before names. */
static const char *country_of(reader *r, const char *text)
{
    size_t n = strlen(text);
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)text[i]) * 16777619u;
    country_slot *slot = &r->countries[h % COUNT(r->countries)];
    if (slot->used && strcmp(slot->text, text) == 0)
        return slot->alpha2[0] ? slot->alpha2 : NULL;
    const sv_country *c = sv_country_by_alpha2(text);
    if (!c)
        c = sv_country_find(text);
    if (n < sizeof slot->text) {
        memcpy(slot->text, text, n + 1);
        if (c)
            memcpy(slot->alpha2, c->alpha2, 3);
        else
            slot->alpha2[0] = '\0';
        slot->used = true;
    }
    return c ? c->alpha2 : NULL;
}

/* A bad row: report and go on (or stop when bad() says so). Returns false always, so the
 * caller can `return bad_row(...)`. */
static bool bad_row(reader *r, col c, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool bad_row(reader *r, col c, const char *fmt, ...)
{
    sv_err re;
    char msg[sizeof re.msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *field = NULL;
    if (r->at[c] >= 0) {
        field = r->hname[r->at[c]]; /* the column as the file names it */
    } else {
        for (size_t i = 0; i < COUNT(column_names) && !field; i++)
            if (column_names[i].c == c)
                field = column_names[i].name;
    }
    sv_err_at(&re, SV_ERR_SCHEMA, r->path, r->row_start, 0, field, "%s", msg);
    if (r->bad) {
        sv_code rc = r->bad(r->ud, &re);
        if (rc != SV_OK && r->stop == SV_OK) {
            if (r->e) {
                *r->e = re;
                r->e->code = rc;
            }
            r->stop = rc;
        }
    }
    return false;
}

typedef struct row_ctx {
    reader *r;
    char *v[C__COUNT]; /* trimmed values, NULL when absent or empty */
    sv_factory f;
} row_ctx;

static const char *const cat_names_list[SV_CAT__COUNT + 1] = {
    "t-shirt", "polo",   "shirt-woven", "sweatshirt", "hoodie",   "joggers", "leggings",
    "sports-bra", "shorts", "dress",    "skirt",      "trousers", "jeans",   "jacket-casual",
    "outerwear-technical", "puffer", "knitwear", "swimwear", "underwear", "socks", "headwear",
    "bag",     NULL};

/* A name in a closed list, case-insensitive: the index, or -1. For the capability format's
 * categories, constructions and tiers, which use sv_*_parse's lower-case names. */
static int parse_lower(const char *item, int (*parse)(const char *))
{
    char low[64];
    size_t n = strlen(item);
    if (n >= sizeof low)
        return -1;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)tolower((unsigned char)item[i]);
    return parse(low);
}

static int cat_parse_int(const char *s)
{
    return (int)sv_category_parse(s);
}
static int constr_parse_int(const char *s)
{
    return (int)sv_construction_parse(s);
}
static int tier_parse_int(const char *s)
{
    return (int)sv_tier_parse(s);
}

static bool unknown_item(reader *r, col c, const char *what, const char *item,
                         const char *const *known)
{
    const char *hint = known ? sv_suggest(item, known, 0) : NULL;
    if (hint)
        return bad_row(r, c, "\"%s\" is not a known %s; did you mean \"%s\"?", item, what, hint);
    return bad_row(r, c, "\"%s\" is not a known %s", item, what);
}

/* The capability format's own columns. Strict: a value that does not read is a bad row. */
static bool capability_fields(row_ctx *x)
{
    reader *r = x->r;
    sv_factory *f = &x->f;
    char *items[64];
    size_t n;

    if (x->v[C_HANDLE]) {
        for (const char *p = x->v[C_HANDLE]; *p; p++)
            if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
                return bad_row(r, C_HANDLE,
                               "\"%s\" is not a handle (letters, digits, '-', '_', '.')",
                               x->v[C_HANDLE]);
        f->handle = x->v[C_HANDLE];
    }
    if (x->v[C_OTHER_NAMES]) {
        n = split_bar(x->v[C_OTHER_NAMES], items, COUNT(items));
        sv_pool *pool = row_pool(r);
        const char **names = pool ? sv_pool_alloc(pool, (n ? n : 1) * sizeof *names) : NULL;
        if (!names) {
            stop_nomem(r);
            return false;
        }
        for (size_t i = 0; i < n; i++)
            names[i] = items[i];
        f->other_names = names;
        f->n_other_names = n;
    }
    if (x->v[C_CATEGORIES]) {
        n = split_bar(x->v[C_CATEGORIES], items, COUNT(items));
        for (size_t i = 0; i < n; i++) {
            int c = parse_lower(items[i], cat_parse_int);
            if (c < 0)
                return unknown_item(r, C_CATEGORIES, "category", items[i], cat_names_list);
            f->categories |= 1u << c;
        }
    }
    if (x->v[C_CONSTRUCTIONS]) {
        static const char *const names[] = {"knit", "woven", "sweater-knit", "denim",
                                            "leather", "other", NULL};
        n = split_bar(x->v[C_CONSTRUCTIONS], items, COUNT(items));
        for (size_t i = 0; i < n; i++) {
            int c = parse_lower(items[i], constr_parse_int);
            if (c < 0)
                return unknown_item(r, C_CONSTRUCTIONS, "construction", items[i], names);
            f->constructions |= 1u << c;
        }
    }
    if (x->v[C_TIERS]) {
        static const char *const names[] = {"value", "mid", "premium", "luxury", NULL};
        n = split_bar(x->v[C_TIERS], items, COUNT(items));
        for (size_t i = 0; i < n; i++) {
            int c = parse_lower(items[i], tier_parse_int);
            if (c < 0)
                return unknown_item(r, C_TIERS, "tier", items[i], names);
            f->tiers |= 1u << c;
        }
    }
    static const struct {
        col c;
        size_t off;
    } counts[] = {
        {C_MOQ_STYLE, offsetof(sv_factory, moq_style)},
        {C_MOQ_COLOR, offsetof(sv_factory, moq_color)},
        {C_MOQ_ORDER, offsetof(sv_factory, moq_order)},
        {C_SAMPLING_DAYS, offsetof(sv_factory, sampling_days)},
        {C_PRODUCTION_DAYS, offsetof(sv_factory, production_days)},
        {C_MONTHLY_CAPACITY, offsetof(sv_factory, monthly_capacity)},
        {C_WORKERS_MIN, offsetof(sv_factory, workers_min)},
        {C_WORKERS_MAX, offsetof(sv_factory, workers_max)},
    };
    for (size_t i = 0; i < COUNT(counts); i++) {
        const char *s = x->v[counts[i].c];
        if (!s)
            continue;
        int64_t v;
        if (!parse_count(s, &v))
            return bad_row(r, counts[i].c, "\"%s\" is not a whole number", s);
        *(int64_t *)((char *)f + counts[i].off) = v;
    }
    if (f->workers_min != SV_UNSET && f->workers_max != SV_UNSET &&
        f->workers_min > f->workers_max)
        return bad_row(r, C_WORKERS_MAX, "workers_max %lld is below workers_min %lld",
                       (long long)f->workers_max, (long long)f->workers_min);
    if (x->v[C_PRICES]) {
        n = split_bar(x->v[C_PRICES], items, COUNT(items));
        for (size_t i = 0; i < n; i++) {
            char *colon = strchr(items[i], ':');
            if (!colon)
                return bad_row(r, C_PRICES,
                               "\"%s\" is not category:low-high (e.g. t-shirt:4.50-7.00)",
                               items[i]);
            *colon = '\0';
            char *cat_s = trim(items[i]), *range = trim(colon + 1);
            int c = cat_s ? parse_lower(cat_s, cat_parse_int) : -1;
            if (c < 0)
                return unknown_item(r, C_PRICES, "category", cat_s ? cat_s : "",
                                    cat_names_list);
            if (!range)
                return bad_row(r, C_PRICES, "%s: no price given", cat_s);
            char *dash = strchr(range, '-');
            char *lo_s = range, *hi_s = range;
            if (dash) {
                *dash = '\0';
                lo_s = trim(range);
                hi_s = trim(dash + 1);
            }
            int64_t lo, hi;
            if (!lo_s || !hi_s || sv_decimal_parse(lo_s, 2, &lo) != SV_DEC_OK ||
                sv_decimal_parse(hi_s, 2, &hi) != SV_DEC_OK || lo < 0 || hi < 0)
                return bad_row(r, C_PRICES,
                               "%s: the price is not an amount in US dollars or a range of two "
                               "(e.g. 4.50-7.00)",
                               cat_s);
            if (lo > hi)
                return bad_row(r, C_PRICES, "%s: the low price is above the high one", cat_s);
            f->price_low[c] = lo;
            f->price_high[c] = hi;
            f->categories |= 1u << c;
        }
    }
    if (x->v[C_SAMPLE_FEE]) {
        int64_t v;
        if (sv_decimal_parse(x->v[C_SAMPLE_FEE], 2, &v) != SV_DEC_OK || v < 0)
            return bad_row(r, C_SAMPLE_FEE, "\"%s\" is not an amount in US dollars",
                           x->v[C_SAMPLE_FEE]);
        f->sample_fee = v;
    }
    if (x->v[C_DEPOSIT_PCT]) {
        int64_t v;
        char *s = x->v[C_DEPOSIT_PCT];
        size_t l = strlen(s);
        if (l > 0 && s[l - 1] == '%')
            s[--l] = '\0';
        if (sv_decimal_parse(s, 2, &v) != SV_DEC_OK || v < 0 || v > 10000)
            return bad_row(r, C_DEPOSIT_PCT, "\"%s\" is not a percentage from 0 to 100", s);
        f->deposit_bp = v;
    }
    if (x->v[C_CERTIFICATIONS]) {
        static const char *const names[] = {
            "GOTS",  "OEKO-TEX 100", "OEKO-TEX STeP", "OEKO-TEX Made in Green", "bluesign",
            "BCI",   "GRS",          "RCS",           "RWS",                    "RDS",
            "LWG",   "ISO 9001",     "ISO 14001",     "SA8000",                 "WRAP",
            "amfori BSCI", "Fair Trade", "Sedex/SMETA", NULL};
        n = split_bar(x->v[C_CERTIFICATIONS], items, COUNT(items));
        for (size_t i = 0; i < n; i++) {
            int c = sv_cert_parse(items[i]);
            if (c < 0)
                return unknown_item(r, C_CERTIFICATIONS, "certification", items[i], names);
            f->certifications |= 1u << c;
        }
    }
    if (x->v[C_NEW_BRANDS]) {
        const char *s = x->v[C_NEW_BRANDS];
        if (!strcasecmp(s, "yes") || !strcasecmp(s, "y") || !strcasecmp(s, "true") ||
            !strcmp(s, "1"))
            f->new_brands = 1;
        else if (!strcasecmp(s, "no") || !strcasecmp(s, "n") || !strcasecmp(s, "false") ||
                 !strcmp(s, "0"))
            f->new_brands = 0;
        else
            return bad_row(r, C_NEW_BRANDS, "\"%s\" is not yes or no", s);
    }
    if (x->v[C_LANGUAGES]) {
        joiner j = {0};
        n = split_bar(x->v[C_LANGUAGES], items, COUNT(items));
        for (size_t i = 0; i < n; i++) {
            char *s = items[i];
            if (strlen(s) != 2 || !isalpha((unsigned char)s[0]) || !isalpha((unsigned char)s[1]))
                return bad_row(r, C_LANGUAGES,
                               "\"%s\" is not a two-letter ISO 639-1 language code", s);
            s[0] = (char)tolower((unsigned char)s[0]);
            s[1] = (char)tolower((unsigned char)s[1]);
            join_add(&j, s);
        }
        f->languages = join_done(r, &j);
    }
    return true;
}

/* Facility and processing types from one cell of '|'-separated items. Items that are not
 * facility types are processing types; both imply facility types where the taxonomy says so. */
static void types_cell(char *cell, bool facility_col, uint32_t *fac, joiner *proc)
{
    char *items[64];
    size_t n = split_bar(cell, items, COUNT(items));
    for (size_t i = 0; i < n; i++) {
        uint32_t bit = facility_col ? sv_facility_parse(items[i]) : 0;
        if (bit) {
            *fac |= bit;
            continue;
        }
        bit = sv_facility_parse(items[i]);
        *fac |= bit ? bit : processing_facility(items[i]);
        join_add(proc, items[i]);
    }
}

static void end_record(reader *r)
{
    row_ctx x;
    memset(x.v, 0, sizeof x.v);
    x.r = r;
    char *field[MAX_FIELDS];
    bool any = false;
    for (size_t i = 0; i < r->nf; i++) {
        field[i] = r->buf + r->off[i];
        if (field[i][0])
            any = true;
    }
    if (!any)
        return; /* ",,,," and the like: an empty line */
    for (int c = 0; c < C__COUNT; c++)
        if (r->at[c] >= 0 && (size_t)r->at[c] < r->nf)
            x.v[c] = trim(field[r->at[c]]);
    for (int c = 0; c < C__COUNT; c++) {
        if (!x.v[c])
            continue;
        x.v[c] = fix_encoding(r, x.v[c]);
        if (!x.v[c]) {
            stop_nomem(r);
            return;
        }
    }
    if (r->unterminated) {
        bad_row(r, C_NAME, "a quoted field is not closed before the end of the file");
        return;
    }

    sv_factory *f = &x.f;
    sv_factory_init(f);
    f->source = r->path;
    if (!x.v[C_NAME]) {
        bad_row(r, C_NAME, "the name is empty");
        return;
    }
    f->name = x.v[C_NAME];

    /* country: a download's country_code first, then its country_name */
    col cc = r->fmt == SV_CSV_OSH_DOWNLOAD ? C_COUNTRY_CODE : C_COUNTRY;
    const char *alpha2 = NULL;
    const char *given = x.v[cc];
    if (given)
        alpha2 = country_of(r, given);
    if (!alpha2 && r->fmt == SV_CSV_OSH_DOWNLOAD && x.v[C_COUNTRY_NAME]) {
        alpha2 = country_of(r, x.v[C_COUNTRY_NAME]);
        if (!given) {
            given = x.v[C_COUNTRY_NAME];
            cc = C_COUNTRY_NAME;
        }
    }
    if (!alpha2) {
        if (!given)
            bad_row(r, cc, "no country given");
        else
            bad_row(r, cc, "\"%s\" is not a country (an ISO 3166 name or code)", given);
        return;
    }
    memcpy(f->country, alpha2, 3);

    f->address = x.v[C_ADDRESS];
    f->os_id = x.v[C_OS_ID];
    double lat, lng;
    bool lat_ok = parse_coord(x.v[C_LAT], 90.0, &lat);
    bool lng_ok = parse_coord(x.v[C_LNG], 180.0, &lng);
    if (r->fmt == SV_CSV_CAPABILITY && ((x.v[C_LAT] && !lat_ok) || (x.v[C_LNG] && !lng_ok))) {
        bad_row(r, x.v[C_LAT] && !lat_ok ? C_LAT : C_LNG,
                "\"%s\" is not a latitude (-90 to 90) or longitude (-180 to 180)",
                x.v[C_LAT] && !lat_ok ? x.v[C_LAT] : x.v[C_LNG]);
        return;
    }
    if (r->fmt == SV_CSV_CAPABILITY && lat_ok != lng_ok) {
        bad_row(r, lat_ok ? C_LNG : C_LAT, "lat and lng go together: give both or neither");
        return;
    }
    if (lat_ok && lng_ok && !(lat == 0.0 && lng == 0.0)) {
        f->has_coords = true;
        f->lat = lat;
        f->lng = lng;
    }

    /* closed: what OSH writes (True/False, 1/0, yes/no; empty is open); in a capability
     * file an empty cell is unknown, as in all its columns; no column says nothing */
    if (r->at[C_CLOSED] >= 0) {
        const char *v = x.v[C_CLOSED];
        if (!v)
            f->closed = r->fmt == SV_CSV_CAPABILITY ? -1 : 0;
        else if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "y") ||
                 !strcmp(v, "1"))
            f->closed = 1;
        else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "n") ||
                 !strcmp(v, "0"))
            f->closed = 0;
        else {
            bad_row(r, C_CLOSED, "\"%s\" is neither true nor false (is the facility closed?)",
                    v);
            return;
        }
    }

    joiner proc = {0};
    if (x.v[C_FACILITY_TYPE])
        types_cell(x.v[C_FACILITY_TYPE], true, &f->facility_types, &proc);
    if (x.v[C_CLAIM_LOCATION_TYPES])
        types_cell(x.v[C_CLAIM_LOCATION_TYPES], true, &f->facility_types, &proc);
    if (x.v[C_PROCESSING_TYPE])
        types_cell(x.v[C_PROCESSING_TYPE], false, &f->facility_types, &proc);
    if (x.v[C_CLAIM_PROCESSING_TYPES])
        types_cell(x.v[C_CLAIM_PROCESSING_TYPES], false, &f->facility_types, &proc);
    if (proc.n) {
        f->processing_types = join_done(r, &proc);
        if (!f->processing_types) {
            stop_nomem(r);
            return;
        }
    }

    if (r->fmt == SV_CSV_CAPABILITY) {
        if (!capability_fields(&x))
            return; /* reported as a bad row, or out of memory */
    } else {
        product_scan(x.v[C_PRODUCT_TYPE], &f->categories, &f->constructions);
        product_scan(x.v[C_CLAIM_PRODUCT_TYPES], &f->categories, &f->constructions);
        product_scan(x.v[C_SECTOR], &f->categories, &f->constructions);
        if (x.v[C_CLAIM_MOQ])
            sv_parse_moq_claim(x.v[C_CLAIM_MOQ], &f->moq_style, &f->moq_color, &f->moq_order);
        if (x.v[C_CLAIM_LEAD])
            sv_parse_days_claim(x.v[C_CLAIM_LEAD], &f->production_days);
        f->certifications |= certs_scan(x.v[C_CLAIM_CERTS]);
        const char *native = x.v[C_CLAIM_NATIVE_NAME];
        if (native && strcmp(native, f->name) != 0) {
            sv_pool *pool = row_pool(r);
            const char **names = pool ? sv_pool_alloc(pool, sizeof *names) : NULL;
            if (!names) {
                stop_nomem(r);
                return;
            }
            names[0] = native;
            f->other_names = names;
            f->n_other_names = 1;
        }
    }
    if (f->workers_min == SV_UNSET && f->workers_max == SV_UNSET) {
        const char *w = x.v[C_WORKERS] ? x.v[C_WORKERS] : x.v[C_CLAIM_WORKERS];
        if (w && !parse_workers(w, &f->workers_min, &f->workers_max) &&
            r->fmt == SV_CSV_CAPABILITY) {
            bad_row(r, C_WORKERS, "\"%s\" is not a number of workers (e.g. 350 or 100-500)", w);
            return;
        }
    }

    if (r->row) {
        sv_err re;
        sv_err_clear(&re);
        sv_code rc = r->row(r->ud, f, r->row_start, &re);
        if (rc != SV_OK && r->stop == SV_OK) {
            if (re.code == SV_OK)
                sv_err_at(&re, rc, r->path, r->row_start, 0, NULL, "the import was stopped");
            re.code = rc;
            if (r->e)
                *r->e = re;
            r->stop = rc;
        }
    }
}

/* ---- the header ----------------------------------------------------------------------------- */

static void read_header(reader *r)
{
    size_t total = r->len;
    r->header = malloc(total ? total : 1);
    r->hname = malloc((r->nf ? r->nf : 1) * sizeof *r->hname);
    if (!r->header || !r->hname) {
        stop_nomem(r);
        return;
    }
    memcpy(r->header, r->buf, total);
    r->n_header = r->nf;
    for (int c = 0; c < C__COUNT; c++)
        r->at[c] = -1;
    bool text_ok = true;
    for (size_t i = 0; i < r->nf; i++) {
        char *name = r->header + r->off[i];
        if (!valid_utf8(name))
            text_ok = false;
        char *t = trim(name);
        r->hname[i] = t ? t : "";
        if (!t)
            continue;
        for (size_t k = 0; k < COUNT(column_names); k++) {
            if (strcasecmp(t, column_names[k].name) == 0) {
                if (r->at[column_names[k].c] < 0)
                    r->at[column_names[k].c] = (int)i;
                break;
            }
        }
    }
    bool capability_col = false;
    for (int c = C_FIRST_CAPABILITY; c < C__COUNT; c++)
        capability_col |= r->at[c] >= 0;
    bool has_name = r->at[C_NAME] >= 0, has_country = r->at[C_COUNTRY] >= 0;
    if (text_ok && r->at[C_OS_ID] >= 0 && r->at[C_COUNTRY_CODE] >= 0 && has_name) {
        r->fmt = SV_CSV_OSH_DOWNLOAD;
    } else if (text_ok && has_name && has_country && capability_col) {
        r->fmt = SV_CSV_CAPABILITY;
    } else if (text_ok && has_name && has_country && r->at[C_ADDRESS] >= 0 &&
               r->at[C_OS_ID] < 0) {
        r->fmt = SV_CSV_OSH_LIST;
    } else {
        char seen[160];
        size_t o = 0;
        seen[0] = '\0';
        for (size_t i = 0; i < r->nf && o + 4 < sizeof seen; i++) {
            int w = snprintf(seen + o, sizeof seen - o, "%s%s", i ? "," : "",
                             text_ok ? r->hname[i] : "?");
            if (w < 0)
                break;
            o += (size_t)w;
        }
        if (o >= sizeof seen - 4)
            memcpy(seen + sizeof seen - 4, "...", 4);
        r->stop = sv_err_at(
            r->e, SV_ERR_SCHEMA, r->path, r->row_start, 0, NULL,
            "not a factory CSV file: the header (%s) is none of an Open Supply Hub list "
            "(country, name, address), an Open Supply Hub download (os_id, name, country_code) "
            "or a capability file (name, country and capability columns; see "
            "docs/factories.md)",
            seen);
        return;
    }
    r->have_header = true;
    if (r->format)
        *r->format = r->fmt;
}

/* ---- libcsv callbacks --------------------------------------------------------------------- */

static void on_field(void *data, size_t len, void *ud)
{
    reader *r = ud;
    if (r->stop != SV_OK)
        return;
    if (r->nf == 0) {
        r->row_start = r->line;
        r->len = 0;
    }
    r->last_cr = false;
    const char *s = data;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
            r->line++;
    if (r->nf >= MAX_FIELDS)
        return;
    if (r->len + len + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < r->len + len + 1)
            cap *= 2;
        char *b = realloc(r->buf, cap);
        if (!b) {
            stop_nomem(r);
            return;
        }
        r->buf = b;
        r->cap = cap;
    }
    if (r->nf >= r->fcap) {
        size_t cap = r->fcap ? r->fcap * 2 : 64;
        size_t *o = realloc(r->off, cap * sizeof *o);
        if (!o) {
            stop_nomem(r);
            return;
        }
        r->off = o;
        r->fcap = cap;
    }
    r->off[r->nf++] = r->len;
    if (len)
        memcpy(r->buf + r->len, data, len);
    r->len += len;
    r->buf[r->len++] = '\0';
}

static void on_row(int c, void *ud)
{
    reader *r = ud;
    if (c == '\n' && r->last_cr && r->nf == 0) {
        r->last_cr = false; /* the LF of a CRLF */
        return;
    }
    if (r->nf > 0 && r->stop == SV_OK) {
        if (!r->have_header) {
            bool any = false;
            for (size_t i = 0; i < r->nf && !any; i++)
                any = r->buf[r->off[i]] != '\0';
            if (any)
                read_header(r);
        } else {
            end_record(r);
        }
        if (r->pool) {
            sv_pool_free(r->pool);
            r->pool = NULL;
        }
    }
    r->nf = 0;
    r->len = 0;
    if (c != -1)
        r->line++;
    r->last_cr = c == '\r';
}

/* ---- the entry point ---------------------------------------------------------------------- */

sv_code sv_csv_factories_read(const char *path, sv_csv_format *format, sv_csv_row_fn row,
                              sv_csv_bad_fn bad, void *ud, sv_err *e)
{
    return sv_csv_factories_read_progress(path, format, row, bad, NULL, ud, e);
}

sv_code sv_csv_factories_read_progress(const char *path, sv_csv_format *format,
                                       sv_csv_row_fn row, sv_csv_bad_fn bad,
                                       sv_csv_progress_fn progress, void *ud, sv_err *e)
{
    sv_err_clear(e);
    if (!path)
        return sv_err_set(e, SV_ERR_USAGE, "no file to read");
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return sv_err_at(e, SV_ERR_IO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    struct stat fst;
    int64_t size = fstat(fileno(fp), &fst) == 0 && S_ISREG(fst.st_mode) ? (int64_t)fst.st_size
                                                                          : 0;
    int64_t done = 0;
    reader *r = calloc(1, sizeof *r);
    unsigned char *chunk = malloc(CHUNK);
    struct csv_parser p;
    bool parser = false;
    sv_code rc = SV_OK;
    if (!r || !chunk) {
        rc = sv_err_at(e, SV_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
        goto out;
    }
    r->path = path;
    r->format = format;
    r->row = row;
    r->bad = bad;
    r->ud = ud;
    r->e = e;
    r->line = 1;
    if (csv_init(&p, CSV_REPALL_NL) != 0) {
        rc = sv_err_at(e, SV_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
        goto out;
    }
    parser = true;

    bool first = true;
    size_t total = 0;
    for (;;) {
        size_t n = fread(chunk, 1, CHUNK, fp);
        if (n == 0)
            break;
        done += (int64_t)n;
        if (progress) /* before the block's rows are handed over: they are in it */
            progress(ud, done, size);
        unsigned char *s = chunk;
        if (first) {
            first = false;
            if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
                rc = sv_err_at(e, SV_ERR_SCHEMA, path, 1, 0, NULL,
                               "the file is UTF-16 text; save it as CSV UTF-8");
                goto out;
            }
            if (memchr(s, '\0', n)) {
                rc = sv_err_at(e, SV_ERR_SCHEMA, path, 1, 0, NULL,
                               "not a CSV text file (it contains NUL bytes)");
                goto out;
            }
            if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
                s += 3;
                n -= 3;
            }
        }
        total += n;
        if (csv_parse(&p, s, n, on_field, on_row, r) != n) {
            rc = sv_err_at(e, SV_ERR_NOMEM, path, r->line, 0, NULL, "reading CSV: %s",
                           csv_strerror(csv_error(&p)));
            goto out;
        }
        if (r->stop != SV_OK) {
            rc = r->stop;
            goto out;
        }
    }
    if (ferror(fp)) {
        rc = sv_err_at(e, SV_ERR_IO, path, r->line, 0, NULL, "read error: %s", strerror(errno));
        goto out;
    }
    /* libcsv keeps its state in the public struct: FIELD_BEGUN (2) with quoted set means the
     * file ended inside a quoted field */
    r->unterminated = p.pstate == 2 && p.quoted;
    csv_fini(&p, on_field, on_row, r);
    if (r->stop != SV_OK) {
        rc = r->stop;
        goto out;
    }
    if (!r->have_header) {
        rc = sv_err_at(e, SV_ERR_SCHEMA, path, 0, 0, NULL,
                       total == 0 ? "the file is empty" : "the file has no header line");
        goto out;
    }
out:
    if (parser)
        csv_free(&p);
    if (r) {
        if (r->pool)
            sv_pool_free(r->pool);
        free(r->buf);
        free(r->off);
        free(r->header);
        free(r->hname);
        free(r);
    }
    free(chunk);
    fclose(fp);
    return rc;
}
