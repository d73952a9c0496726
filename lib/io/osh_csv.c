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
#include <utf8proc.h>

#include "selvedge/claims.h"
#include "selvedge/country.h"
#include "selvedge/suggest.h"

#include "capability.h"
#include "text_check.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Sizes. A cell longer than CELL_MAX is cut there while it is read (libcsv would otherwise
 * hold all of it): the rest is counted for line numbers and dropped, and a cut cell of a
 * column selvedge reads makes its row bad. The limits a cell of each column has
 * (docs/factories.md, "Limits") are below CELL_MAX. Memory is bounded whatever the file:
 * one CHUNK, libcsv's cell of at most CELL_MAX + SLICE, the record's read columns. */
enum {
    CHUNK = 1 << 20,
    SLICE = 64 << 10, /* libcsv is given a chunk this much at a time */
    MAX_FIELDS = 4096,
    CELL_MAX = 64 << 10,   /* free text: claims, product and processing types */
    LIST_MAX = 16 << 10,   /* a capability cell of several values */
    LINE_MAX_ = 4096,      /* a name, an address, a code, a number */
    HEADER_MAX = 64 << 10, /* the header line, all names */
};

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

/* Keys seen in a file, with the line of each: open addressing. A capability file of a million
 * rows has a million handles, so they are kept compact: each key once in one arena, after
 * the line it was first seen on, and the table holds its offset with a byte of its hash
 * beside it (up to seven eighths full; the hashes computed again from the keys when it
 * grows), in blocks that leave no holes in the heap as they grow (sv_block_resize). */
typedef struct seen_set {
    uint32_t *off; /* cap offsets into the arena */
    uint8_t *tag;  /* beside each (after them, in one allocation): 0 empty, else 0x80 and seven
                      bits of the key's hash */
    size_t n, cap;
    char *arena; /* from offset 1: the line (an int, unaligned), then the key, NUL-terminated */
    size_t len, size;
} seen_set;

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

    int *col_of; /* column of each field of the header, -1 when not read */

    /* the record being read: field bytes back to back, each NUL-terminated; the fields of
     * columns selvedge does not read are kept empty */
    char *buf;
    size_t len, cap;
    size_t *off;
    int *fline; /* line each field begins on */
    size_t nf, fcap;
    int line;        /* line the parser is on, 1-based */
    int row_start;   /* line the current record began on */
    bool last_cr;    /* the last row end was a CR: an LF right after it is the same newline */
    bool unterminated; /* the last record ends inside an open quote */
    bool unread;       /* the record has text in a column selvedge does not read */
    bool cut;          /* the cell libcsv is reading was cut at CELL_MAX */
    int cut_col;       /* the first read column of the record whose cell was cut, or -1 */
    int cut_lines;     /* line ends in the dropped part of the cell being read */

    /* the handles and OS IDs (lower case) of a capability file, for refusing one given
     * twice */
    seen_set handles, os_ids;

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

/* Whether s is UTF-8 by utf8proc's rules (no overlong form, surrogate or code point past
 * U+10FFFF). */
static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (l <= 0)
            return false;
        i += (size_t)l;
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
        utf8proc_int32_t c;
        utf8proc_ssize_t l = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &c);
        if (l > 0) {
            memcpy(out + o, p + i, (size_t)l);
            o += (size_t)l;
            i += (size_t)l;
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

/* A whole number >= 0, with optional thousands commas ("12,000"); one past INT64_MAX reads
 * as INT64_MAX, which no range holds. */
static bool parse_count(const char *s, int64_t *out)
{
    int64_t v = 0;
    int digits = 0, group = -1;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            v = v > (INT64_MAX - 9) / 10 ? INT64_MAX : v * 10 + (*p - '0');
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

/* An amount in US dollars (cents into *v), in the range of an amount (capability.h). */
typedef enum { AMOUNT_OK, AMOUNT_NOT, AMOUNT_OUTSIDE } amount;

static amount amount_of(const char *s, int64_t *v)
{
    sv_dec_result dr = sv_decimal_parse(s, 2, v);
    if (dr == SV_DEC_OVERFLOW && s[0] != '-')
        return AMOUNT_OUTSIDE;
    if (dr != SV_DEC_OK || *v < 0)
        return AMOUNT_NOT;
    return cap_in_range_scaled(CAP_MONEY, *v, 2) ? AMOUNT_OK : AMOUNT_OUTSIDE;
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
    if ((int)c < 0) {
        field = NULL;
    } else if (r->at[c] >= 0) {
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
    "t-shirt",    "polo",     "shirt-woven", "sweatshirt",    "hoodie",
    "joggers",    "leggings", "sports-bra",  "shorts",        "dress",
    "skirt",      "trousers", "jeans",       "jacket-casual", "outerwear-technical",
    "puffer",     "knitwear", "swimwear",    "underwear",     "socks",
    "headwear",   "bag",      "sleepwear",   "babywear",      "jacket-tailored",
    "dress-knit", NULL};

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

static uint32_t hash_text(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (uint32_t)(h >> 32) ^ (uint32_t)h;
}

static uint8_t seen_tag(uint32_t h)
{
    return (uint8_t)(0x80 | h >> 25);
}

/* the empty slot for a key of hash h */
static size_t seen_free_slot(const seen_set *set, uint32_t h)
{
    size_t k = h & (set->cap - 1);
    while (set->tag[k])
        k = (k + 1) & (set->cap - 1);
    return k;
}

/* The line key was first seen on in set, 0 when this row is the first (it is then remembered
 * with line), -1 when out of memory. */
static int seen_before(seen_set *set, const char *key, int line)
{
    if (8 * (set->n + 1) > 7 * set->cap) { /* at most seven eighths full */
        seen_set g = *set;
        g.cap = set->cap ? set->cap * 2 : 256;
        if (!(g.off = sv_block_resize(NULL, 0, g.cap * (sizeof *g.off + 1))))
            return -1;
        g.tag = (uint8_t *)(g.off + g.cap);
        memset(g.tag, 0, g.cap);
        for (size_t i = 0; i < set->cap; i++) {
            if (!set->tag[i])
                continue;
            uint32_t h = hash_text(set->arena + set->off[i] + sizeof line);
            size_t k = seen_free_slot(&g, h);
            g.tag[k] = seen_tag(h);
            g.off[k] = set->off[i];
        }
        sv_block_free(set->off, set->cap * (sizeof *set->off + 1));
        *set = g;
    }
    uint32_t h = hash_text(key);
    uint8_t tag = seen_tag(h);
    for (size_t k = h & (set->cap - 1); set->tag[k]; k = (k + 1) & (set->cap - 1)) {
        const char *at = set->arena + set->off[k];
        if (set->tag[k] == tag && strcmp(at + sizeof line, key) == 0) {
            memcpy(&line, at, sizeof line);
            return line;
        }
    }
    size_t n = strlen(key), need = set->len + sizeof line + n + 1;
    if (!set->len)
        need++; /* offset 0 stays unused */
    if (need > UINT32_MAX)
        return -1;
    if (need > set->size) {
        size_t size = set->size ? set->size : 4096;
        while (size < need)
            size += size / 2;
        char *a = sv_block_resize(set->arena, set->size, size);
        if (!a)
            return -1;
        set->arena = a;
        set->size = size;
    }
    if (!set->len)
        set->len = 1;
    memcpy(set->arena + set->len, &line, sizeof line);
    memcpy(set->arena + set->len + sizeof line, key, n + 1);
    size_t k = seen_free_slot(set, h);
    set->tag[k] = tag;
    set->off[k] = (uint32_t)set->len;
    set->len = need;
    set->n++;
    return 0;
}

static void seen_free(seen_set *set)
{
    sv_block_free(set->off, set->cap * (sizeof *set->off + 1));
    sv_block_free(set->arena, set->size);
}

/* A handle or an OS ID a capability file gave on an earlier row refuses the file, as the YAML
 * format refuses it (false); the key is remembered otherwise. The OS ID in any case: the Open
 * Supply Hub writes it in upper case. */
static bool once_in_file(reader *r, col c, const char *what, const char *value)
{
    char low[LINE_MAX_ + 1];
    const char *key = value;
    seen_set *set = &r->handles;
    if (c == C_OS_ID) {
        size_t n = strlen(value);
        if (n > LINE_MAX_)
            n = LINE_MAX_;
        for (size_t i = 0; i < n; i++)
            low[i] = (char)tolower((unsigned char)value[i]);
        low[n] = '\0';
        key = low;
        set = &r->os_ids;
    }
    int first = seen_before(set, key, r->row_start);
    if (first < 0) {
        stop_nomem(r);
        return false;
    }
    if (first > 0) {
        r->stop = sv_err_at(r->e, SV_ERR_SCHEMA, r->path, r->row_start, 0, r->hname[r->at[c]],
                            "%s \"%s\" is used twice (first on line %d)", what, value, first);
        return false;
    }
    return true;
}

/* The certifications of a claim that selvedge does not know, kept as written. */
typedef struct other_certs {
    reader *r;
    joiner j;
    bool nomem;
} other_certs;

static void keep_other_cert(void *ud, const char *s, size_t n)
{
    other_certs *oc = ud;
    sv_pool *pool = row_pool(oc->r);
    char *copy = pool ? sv_pool_strndup(pool, s, n) : NULL;
    if (!copy)
        oc->nomem = true;
    else
        join_add(&oc->j, copy);
}

/* The capability format's own columns. Strict: a value that does not read is a bad row. */
static bool capability_fields(row_ctx *x)
{
    reader *r = x->r;
    sv_factory *f = &x->f;
    char *items[64];
    size_t n;

    if (x->v[C_HANDLE]) {
        /* the YAML format's rule for an id (capability.h) */
        if (!cap_handle_ok(x->v[C_HANDLE]))
            return bad_row(r, C_HANDLE,
                           "\"%s\" is not a handle: " CAP_HANDLE_RULE ", like porto-knit",
                           x->v[C_HANDLE]);
        f->handle = x->v[C_HANDLE];
        if (!once_in_file(r, C_HANDLE, "handle", f->handle))
            return false;
    }
    if (f->os_id && !once_in_file(r, C_OS_ID, "os_id", f->os_id))
        return false;
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
    /* the ranges are the YAML format's (capability.h) */
    static const struct {
        col c;
        size_t off;
        cap_figure fig;
    } counts[] = {
        {C_MOQ_STYLE, offsetof(sv_factory, moq_style), CAP_MOQ},
        {C_MOQ_COLOR, offsetof(sv_factory, moq_color), CAP_MOQ},
        {C_MOQ_ORDER, offsetof(sv_factory, moq_order), CAP_MOQ},
        {C_SAMPLING_DAYS, offsetof(sv_factory, sampling_days), CAP_LEAD_DAYS},
        {C_PRODUCTION_DAYS, offsetof(sv_factory, production_days), CAP_LEAD_DAYS},
        {C_MONTHLY_CAPACITY, offsetof(sv_factory, monthly_capacity), CAP_CAPACITY},
        {C_WORKERS_MIN, offsetof(sv_factory, workers_min), CAP_WORKERS},
        {C_WORKERS_MAX, offsetof(sv_factory, workers_max), CAP_WORKERS},
    };
    char span[64];
    for (size_t i = 0; i < COUNT(counts); i++) {
        const char *s = x->v[counts[i].c];
        if (!s)
            continue;
        int64_t v;
        if (!parse_count(s, &v))
            return bad_row(r, counts[i].c, "\"%s\" is not a whole number", s);
        if (!cap_in_range(counts[i].fig, v))
            return bad_row(r, counts[i].c, "\"%s\" is outside %s", s,
                           cap_range_text(counts[i].fig, 0, span, sizeof span));
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
            amount al = lo_s ? amount_of(lo_s, &lo) : AMOUNT_NOT;
            amount ah = hi_s ? amount_of(hi_s, &hi) : AMOUNT_NOT;
            if (al == AMOUNT_NOT || ah == AMOUNT_NOT)
                return bad_row(r, C_PRICES,
                               "%s: the price is not an amount in US dollars or a range of two "
                               "(e.g. 4.50-7.00)",
                               cat_s);
            if (al == AMOUNT_OUTSIDE || ah == AMOUNT_OUTSIDE)
                return bad_row(r, C_PRICES, "%s: %s is outside %s US dollars", cat_s,
                               al == AMOUNT_OUTSIDE ? lo_s : hi_s,
                               cap_range_text(CAP_MONEY, 2, span, sizeof span));
            if (lo > hi)
                return bad_row(r, C_PRICES, "%s: the low price is above the high one", cat_s);
            f->price_low[c] = lo;
            f->price_high[c] = hi;
            f->categories |= 1u << c;
        }
    }
    if (x->v[C_SAMPLE_FEE]) {
        int64_t v;
        amount a = amount_of(x->v[C_SAMPLE_FEE], &v);
        if (a == AMOUNT_NOT)
            return bad_row(r, C_SAMPLE_FEE, "\"%s\" is not an amount in US dollars",
                           x->v[C_SAMPLE_FEE]);
        if (a == AMOUNT_OUTSIDE)
            return bad_row(r, C_SAMPLE_FEE, "\"%s\" is outside %s US dollars", x->v[C_SAMPLE_FEE],
                           cap_range_text(CAP_MONEY, 2, span, sizeof span));
        f->sample_fee = v;
    }
    if (x->v[C_DEPOSIT_PCT]) {
        int64_t v;
        char *s = x->v[C_DEPOSIT_PCT];
        size_t l = strlen(s);
        if (l > 0 && s[l - 1] == '%')
            s[--l] = '\0';
        if (sv_decimal_parse(s, 2, &v) != SV_DEC_OK || !cap_in_range_scaled(CAP_DEPOSIT, v, 2))
            return bad_row(r, C_DEPOSIT_PCT, "\"%s\" is not a percentage from %lld to %lld", s,
                           (long long)cap_ranges[CAP_DEPOSIT].min,
                           (long long)cap_ranges[CAP_DEPOSIT].max);
        f->deposit_bp = v;
    }
    if (x->v[C_CERTIFICATIONS]) {
        /* a name selvedge does not know is kept as written, not refused; '|' is one of the
         * separators of a list (claims.h) */
        other_certs oc = {.r = r};
        f->certifications |= sv_parse_certs_list(x->v[C_CERTIFICATIONS], keep_other_cert, &oc);
        if (oc.nomem || (oc.j.n && !(f->other_certifications = join_done(r, &oc.j)))) {
            stop_nomem(r);
            return false;
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
        *fac |= bit ? bit : sv_parse_processing_claim(items[i]);
        join_add(proc, items[i]);
    }
}

/* Free text (a claim, product or processing types) may run over lines and be long; a list of
 * a capability file is one line; everything else (a name, an address, a code, a number) is one
 * short line, except that an address may hold line breaks. */
static bool free_text(col c)
{
    switch (c) {
    case C_SECTOR:
    case C_PRODUCT_TYPE:
    case C_FACILITY_TYPE:
    case C_PROCESSING_TYPE:
    case C_WORKERS:
    case C_CLAIM_MOQ:
    case C_CLAIM_LEAD:
    case C_CLAIM_CERTS:
    case C_CLAIM_PRODUCT_TYPES:
    case C_CLAIM_PROCESSING_TYPES:
    case C_CLAIM_WORKERS:
    case C_CLAIM_LOCATION_TYPES:
        return true;
    default:
        return false;
    }
}

static size_t cell_cap(col c)
{
    switch (c) {
    case C_OTHER_NAMES:
    case C_CATEGORIES:
    case C_CONSTRUCTIONS:
    case C_TIERS:
    case C_PRICES:
    case C_CERTIFICATIONS:
    case C_LANGUAGES:
        return LIST_MAX;
    default:
        return free_text(c) ? CELL_MAX : LINE_MAX_;
    }
}

/* ---- rows read into a cell ------------------------------------------------------------------ */

/* A quote that opens a cell and is not closed where it was meant to reads the next rows into
 * the cell, up to the next quote that ends a cell (the closing quote of a later row's quoted
 * cell: its opening quote is then inside this cell, as a character). In a column that may hold
 * line breaks (an address, free text) those rows are told from a long address by their shape:
 *  - a whole line of the cell after its first (the rest of the line the quote opened on) and
 *    before its last, read as a line of the file, is a row of it: the column count of the
 *    header or of this record, a country in the country column and a name in the name column;
 *    and a quote follows the cell's first line (the mark of the later row whose quote closed
 *    the cell: a correct address holds one only where the file doubles it);
 *  - or a line of the cell whose last field opens a quote it does not close (that later row's
 *    quoted cell, running to this cell's end), read with the record's cells after this one (the
 *    rest of that row), is such a row.
 * Lines of a correct address, however many commas they hold, do not put a country where the
 * file has its country with a name where it has its name in the file's column count, and rarely
 * hold a quote at all. */

/* The fields of one line of a cell read as a line of the file: split at commas outside quotes
 * (a field that begins with a quote runs to a quote followed by a comma; "" inside it is one
 * quote), trimmed, in place; *open says the last one begins with a quote the line does not
 * close. Returns the field count (the first cap fields are kept). */
static size_t split_line(char *line, char **fields, size_t cap, bool *open)
{
    size_t n = 0;
    char *p = line;
    *open = false;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        char *start = p, *o = p;
        bool quoted = *p == '"';
        if (quoted) {
            p++;
            start = o = p;
            for (;;) {
                if (!*p) {
                    *open = true;
                    break;
                }
                if (*p == '"' && p[1] == '"') {
                    *o++ = '"';
                    p += 2;
                } else if (*p == '"' && (p[1] == ',' || !p[1])) {
                    p++;
                    break;
                } else {
                    *o++ = *p++;
                }
            }
        }
        while (*p && *p != ',')
            *o++ = *p++;
        bool more = *p == ',';
        *o = '\0';
        if (n < cap)
            fields[n] = trim(start);
        n++;
        if (!more)
            break;
        p++;
    }
    return n;
}

/* The cell at column i of a row made of the n fields of a line and the record's cells from
 * field after_from on; NULL when the row is shorter. */
static const char *cell_at(reader *r, char **fields, size_t n, size_t after_from, size_t i)
{
    if (i < n)
        return fields[i];
    size_t k = after_from + (i - n);
    return k < r->nf ? trim(r->buf + r->off[k]) : NULL;
}

/* Whether the fields of a line, with the record's cells from field after_from on after them,
 * make a row of the file: the column count, a country in the country column, a name in the
 * name column. */
static bool row_shaped(reader *r, char **fields, size_t n, size_t after_from)
{
    size_t count = n + (after_from < r->nf ? r->nf - after_from : 0);
    if (count != r->n_header && count != r->nf)
        return false;
    int name = r->at[C_NAME];
    const char *nv = name >= 0 ? cell_at(r, fields, n, after_from, (size_t)name) : NULL;
    if (!nv || !*nv)
        return false;
    static const col countries[] = {C_COUNTRY, C_COUNTRY_CODE, C_COUNTRY_NAME};
    for (size_t k = 0; k < COUNT(countries); k++) {
        int at = r->at[countries[k]];
        const char *cv = at >= 0 ? cell_at(r, fields, n, after_from, (size_t)at) : NULL;
        if (cv && *cv && country_of(r, cv))
            return true;
    }
    return false;
}

/* Whether the multi-line cell v of column c holds no row of the file; when it holds one, the
 * row is reported bad (false). */
static bool rows_inside(reader *r, col c, const char *v)
{
    int field = r->at[c];
    if (field < 0 || (size_t)field >= r->nf)
        return true;
    sv_pool *pool = row_pool(r);
    char *copy = pool ? sv_pool_strdup(pool, v) : NULL;
    if (!copy) {
        stop_nomem(r);
        return false;
    }
    /* both shapes need a quote after the first line */
    char *second = copy + strcspn(copy, "\r\n");
    if (!strchr(second, '"'))
        return true;
    char *fields[MAX_FIELDS];
    /* the line the cell's text begins on: its field's, after the line ends trimmed off */
    int opens = r->fline[field], line = opens;
    for (const char *q = r->buf + r->off[field]; is_space((unsigned char)*q); q++)
        line += *q == '\n' || (*q == '\r' && q[1] != '\n');
    char *p = second; /* on the end of the cell's first line */
    while (*p) {
        p += p[0] == '\r' && p[1] == '\n' ? 2 : 1; /* LF, CRLF or CR */
        line++;
        char *text = p;
        p += strcspn(p, "\r\n");
        char end = *p;
        *p = '\0'; /* split_line writes within the line only */
        bool open;
        size_t k = split_line(text, fields, COUNT(fields), &open);
        bool row = k <= COUNT(fields) && (open ? row_shaped(r, fields, k, (size_t)field + 1)
                                               : end && row_shaped(r, fields, k, r->nf));
        if (row)
            return bad_row(r, c,
                           "line %d, inside the cell, reads like a row of the file: a quote (\") "
                           "that opens the cell on line %d is probably not closed, so the rows "
                           "after it were read into it",
                           line, opens);
        if (open)
            break; /* the rest of the cell is inside that row's quoted cell */
        *p = end;
    }
    return true;
}

static const char quote_hint[] =
    "a quote (\") that opens the cell is probably not closed, so the rows after it were "
    "read into it";

/* A cell's size, line breaks and control characters. TAB in a one-line cell becomes a
 * space. false: reported as a bad row. */
static bool cell_ok(reader *r, col c, char *v)
{
    size_t n = v ? strlen(v) : 0;
    size_t cap = cell_cap(c);
    if ((int)c == r->cut_col || n > cap)
        return bad_row(r, c, "is longer than %zu bytes", cap);
    bool lines = free_text(c) || c == C_ADDRESS;
    if (!lines && strchr(v, '\n')) {
        int count = 1;
        for (const char *p = v; *p; p++)
            count += *p == '\n';
        return bad_row(r, c, "holds a line break (the cell runs over %d lines): %s", count,
                       quote_hint);
    }
    int32_t cp = tc_control(v, n, lines);
    if (cp >= 0) {
        char what[48];
        return bad_row(r, c, "holds a control character, %s: remove it",
                       tc_describe(cp, what, sizeof what));
    }
    if (!lines) {
        for (char *p = v; *p; p++)
            if (*p == '\t')
                *p = ' ';
    } else if ((strchr(v, '\n') || strchr(v, '\r')) && !rows_inside(r, c, v)) {
        return false;
    }
    return true;
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
    if (!any && !r->unread)
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
        /* the cell still open is the record's last */
        int open = r->nf && r->nf - 1 < r->n_header ? r->col_of[r->nf - 1] : -1;
        bad_row(r, open >= 0 ? (col)open : C_NAME,
                "a quote (\") opens a cell on line %d that is never closed: the rest of the "
                "file, to line %d, was read into it",
                r->row_start, r->line);
        return;
    }
    for (int c = 0; c < C__COUNT; c++)
        if ((x.v[c] || c == r->cut_col) && !cell_ok(r, (col)c, x.v[c]))
            return;

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
        sv_parse_products_claim(x.v[C_PRODUCT_TYPE], &f->categories, &f->constructions);
        sv_parse_products_claim(x.v[C_CLAIM_PRODUCT_TYPES], &f->categories, &f->constructions);
        sv_parse_products_claim(x.v[C_SECTOR], &f->categories, &f->constructions);
        if (x.v[C_CLAIM_MOQ])
            sv_parse_moq_claim(x.v[C_CLAIM_MOQ], &f->moq_style, &f->moq_color, &f->moq_order);
        if (x.v[C_CLAIM_LEAD])
            sv_parse_days_claim(x.v[C_CLAIM_LEAD], &f->production_days);
        if (x.v[C_CLAIM_CERTS]) {
            other_certs oc = {.r = r};
            f->certifications |= sv_parse_certs_claim(x.v[C_CLAIM_CERTS], keep_other_cert, &oc);
            if (oc.nomem || (oc.j.n && !(f->other_certifications = join_done(r, &oc.j)))) {
                stop_nomem(r);
                return;
            }
        }
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
        if (w && !sv_parse_workers_claim(w, &f->workers_min, &f->workers_max) &&
            r->fmt == SV_CSV_CAPABILITY) {
            bad_row(r, C_WORKERS,
                    "\"%s\" is not a number of workers from %lld to %lld (e.g. 350 or 100-500)", w,
                    (long long)cap_ranges[CAP_WORKERS].min, (long long)cap_ranges[CAP_WORKERS].max);
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
    r->col_of = malloc((r->nf ? r->nf : 1) * sizeof *r->col_of);
    if (!r->header || !r->hname || !r->col_of) {
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
    for (size_t i = 0; i < r->nf; i++)
        r->col_of[i] = -1;
    for (int c = 0; c < C__COUNT; c++)
        if (r->at[c] >= 0)
            r->col_of[r->at[c]] = c;
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
        r->unread = false;
        r->cut_col = -1;
    }
    r->last_cr = false;
    int first_line = r->line;
    const char *s = data;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
            r->line++;
    r->line += r->cut_lines;
    r->cut_lines = 0;
    bool cut = r->cut;
    r->cut = false;
    if (r->nf >= MAX_FIELDS)
        return;
    if (r->have_header) {
        /* only the columns selvedge reads are kept */
        int c = r->nf < r->n_header ? r->col_of[r->nf] : -1;
        if (c < 0) {
            r->unread |= len > 0;
            len = 0;
        } else if (cut && r->cut_col < 0) {
            r->cut_col = c;
        }
    } else if (cut || r->len + len > HEADER_MAX) {
        r->stop = sv_err_at(r->e, SV_ERR_SCHEMA, r->path, r->row_start, 0, NULL,
                            "not a factory CSV file: the header line is longer than %d bytes",
                            HEADER_MAX);
        return;
    }
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
        if (o)
            r->off = o;
        int *fl = o ? realloc(r->fline, cap * sizeof *fl) : NULL;
        if (fl)
            r->fline = fl;
        if (!o || !fl) {
            stop_nomem(r);
            return;
        }
        r->fcap = cap;
    }
    r->fline[r->nf] = first_line;
    r->off[r->nf++] = r->len;
    if (len)
        memcpy(r->buf + r->len, data, len);
    r->len += len;
    r->buf[r->len++] = '\0';
}

/* Line ends in s[0..n): an LF, or a CR not followed by an LF (the byte at s[n] is looked at
 * and must exist). */
static int count_lines(const unsigned char *s, size_t n)
{
    int lines = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n'))
            lines++;
    return lines;
}

/* After each slice: a cell libcsv holds beyond CELL_MAX is cut. Its bytes up to the last few
 * are counted for line ends and replaced by CELL_MAX placeholder bytes; the last few stay, as
 * libcsv trims them at the cell's end (the spaces it counted, and the closing quote). The
 * cell's content no longer matters: a cut cell of a read column makes its row bad. This
 * works on libcsv's state, which its header makes public (as does the end-of-file check). */
static void cut_cell(reader *r, struct csv_parser *p)
{
    if (p->entry_pos <= CELL_MAX + 64)
        return;
    size_t spaces = p->spaces < 16 ? p->spaces : 16;
    size_t tail = spaces + (p->pstate == 3) + 1; /* FIELD_MIGHT_HAVE_ENDED keeps the quote */
    size_t drop_end = p->entry_pos - tail;
    r->cut_lines += count_lines(p->entry_buf, drop_end);
    memset(p->entry_buf, 'x', CELL_MAX);
    memmove(p->entry_buf + CELL_MAX, p->entry_buf + drop_end, tail);
    p->entry_pos = CELL_MAX + tail;
    p->spaces = spaces;
    r->cut = true;
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
    csv_set_blk_size(&p, 4096);
    r->cut_col = -1;

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
            if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
                s += 3;
                n -= 3;
            }
        }
        total += n;
        /* a NUL anywhere (not only in the first chunk): the rows up to it are read, then
         * the file is refused, naming the line */
        const unsigned char *nul = memchr(s, '\0', n);
        size_t upto = nul ? (size_t)(nul - s) : n;
        for (size_t at = 0; at < upto;) {
            size_t len = upto - at < SLICE ? upto - at : SLICE;
            if (csv_parse(&p, s + at, len, on_field, on_row, r) != len) {
                rc = sv_err_at(e, SV_ERR_NOMEM, path, r->line, 0, NULL, "reading CSV: %s",
                               csv_strerror(csv_error(&p)));
                goto out;
            }
            if (r->stop != SV_OK) {
                rc = r->stop;
                goto out;
            }
            cut_cell(r, &p);
            at += len;
        }
        if (nul) {
            /* the line: the parser's, plus the line ends of the cell it is in */
            int line = r->line + r->cut_lines;
            for (size_t i = 0; i < p.entry_pos; i++)
                if (p.entry_buf[i] == '\n' ||
                    (p.entry_buf[i] == '\r' &&
                     (i + 1 == p.entry_pos || p.entry_buf[i + 1] != '\n')))
                    line++;
            rc = sv_err_at(e, SV_ERR_SCHEMA, path, line, 0, NULL,
                           "not a CSV text file: a NUL byte on line %d (a spreadsheet, an "
                           "archive or a damaged file; save it as CSV UTF-8)",
                           line);
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
        free(r->fline);
        free(r->header);
        free(r->hname);
        free(r->col_of);
        seen_free(&r->handles);
        seen_free(&r->os_ids);
        free(r);
    }
    free(chunk);
    fclose(fp);
    return rc;
}
