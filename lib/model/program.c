#include "selvedge/program.h"

#include "selvedge/cert.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void sv_program_free(sv_program *p)
{
    if (!p)
        return;
    sv_pool_free(p->pool);
    free(p);
}

int64_t sv_style_units(const sv_style *s)
{
    int64_t n = 0;
    for (size_t i = 0; i < s->n_colors; i++)
        n += s->colors[i].units;
    return n;
}

int64_t sv_program_units(const sv_program *p)
{
    int64_t n = 0;
    for (size_t i = 0; i < p->n_styles; i++)
        n += sv_style_units(&p->styles[i]);
    return n;
}

sv_extra_costs sv_style_extra_costs(const sv_program *p, const sv_style *s)
{
    sv_extra_costs e = p->costs;
    if (!s->cost.present)
        return e;
    const sv_extra_costs *k = &s->cost.extra;
    if (k->agent_commission_bp >= 0)
        e.agent_commission_bp = k->agent_commission_bp;
    if (k->testing_per_unit >= 0)
        e.testing_per_unit = k->testing_per_unit;
    if (k->testing_per_style >= 0)
        e.testing_per_style = k->testing_per_style;
    if (k->development_per_style >= 0)
        e.development_per_style = k->development_per_style;
    return e;
}

sv_tier sv_style_tier(const sv_program *p, const sv_style *s)
{
    return s->tier != SV_TIER_UNSET ? s->tier : p->brand.positioning;
}

/* Fibre words grouped the way tariff schedules group them: cotton, wool and fine animal
 * hair, and man-made (synthetic and artificial) fibres. The dominant fibre is the one with
 * the largest percentage; without percentages, the first one named. */
static const struct {
    const char *word;
    sv_fiber fiber;
} fiber_words[] = {
    {"cotton", SV_FIBER_COTTON},       {"wool", SV_FIBER_WOOL},
    {"merino", SV_FIBER_WOOL},         {"cashmere", SV_FIBER_WOOL},
    {"alpaca", SV_FIBER_WOOL},         {"mohair", SV_FIBER_WOOL},
    {"polyester", SV_FIBER_SYNTHETIC}, {"nylon", SV_FIBER_SYNTHETIC},
    {"polyamide", SV_FIBER_SYNTHETIC}, {"elastane", SV_FIBER_SYNTHETIC},
    {"spandex", SV_FIBER_SYNTHETIC},   {"lycra", SV_FIBER_SYNTHETIC},
    {"acrylic", SV_FIBER_SYNTHETIC},   {"viscose", SV_FIBER_SYNTHETIC},
    {"rayon", SV_FIBER_SYNTHETIC},     {"modal", SV_FIBER_SYNTHETIC},
    {"lyocell", SV_FIBER_SYNTHETIC},   {"tencel", SV_FIBER_SYNTHETIC},
    {"polypropylene", SV_FIBER_SYNTHETIC},
};

sv_fiber sv_fiber_of(const char *composition)
{
    if (!composition)
        return SV_FIBER_OTHER;
    long pct[SV_FIBER__COUNT] = {0};
    int first = -1;
    const char *s = composition;
    while (*s) {
        /* each part: optional "NN%" then words up to a comma, slash or plus */
        long p = -1;
        while (*s && !isalnum((unsigned char)*s))
            s++;
        if (isdigit((unsigned char)*s)) {
            p = strtol(s, (char **)&s, 10);
            while (*s == '.' || isdigit((unsigned char)*s))
                s++;
        }
        const char *end = s + strcspn(s, ",/+;");
        for (size_t i = 0; i < sizeof fiber_words / sizeof fiber_words[0]; i++) {
            size_t wl = strlen(fiber_words[i].word);
            for (const char *q = s; q + wl <= end; q++) {
                if (strncasecmp(q, fiber_words[i].word, wl) == 0) {
                    sv_fiber f = fiber_words[i].fiber;
                    pct[f] += p >= 0 ? p : 0;
                    if (first < 0)
                        first = (int)f;
                    goto next_part;
                }
            }
        }
        if (p > 0)
            pct[SV_FIBER_OTHER] += p;
    next_part:
        s = *end ? end + 1 : end;
    }
    int best = -1;
    for (int f = 0; f < SV_FIBER__COUNT; f++)
        if (pct[f] > 0 && (best < 0 || pct[f] > pct[best]))
            best = f;
    if (best >= 0)
        return (sv_fiber)best;
    return first >= 0 ? (sv_fiber)first : SV_FIBER_OTHER;
}

static int lookup(const char *const *names, int n, const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

static const char *name_of(const char *const *names, int n, int v)
{
    return (v >= 0 && v < n) ? names[v] : "unset";
}

#define NAMES(type, prefix, count, ...)                                                            \
    static const char *const prefix##_names[] = {__VA_ARGS__};                                     \
    _Static_assert(sizeof prefix##_names / sizeof prefix##_names[0] == count, #prefix);            \
    const char *sv_##prefix##_name(type v)                                                         \
    {                                                                                              \
        return name_of(prefix##_names, count, (int)v);                                             \
    }

NAMES(sv_tier, tier, SV_TIER__COUNT, "value", "mid", "premium", "luxury")
NAMES(sv_channel, channel, SV_CHANNEL__COUNT, "dtc", "wholesale", "marketplace")
NAMES(sv_funding, funding, SV_FUNDING__COUNT, "self-funded", "friends-family", "angel", "seed",
      "venture", "profitable")
NAMES(sv_staffing, staffing, SV_STAFF__COUNT, "in-house", "freelancer", "none")
NAMES(sv_balance, balance, SV_BALANCE__COUNT, "before-shipment", "on-delivery", "net-30", "net-60",
      "net-90")
NAMES(sv_payment_method, payment_method, SV_PAY__COUNT, "deposit-balance", "lc-at-sight",
      "lc-usance", "d/p", "d/a", "open-account")
NAMES(sv_gender, gender, SV_GENDER__COUNT, "men", "women", "kids", "unisex", "girls", "boys",
      "baby")
NAMES(sv_construction, construction, SV_CONSTR__COUNT, "knit", "woven", "sweater-knit", "denim",
      "leather", "other")
NAMES(sv_category, category, SV_CAT__COUNT, "t-shirt", "polo", "shirt-woven", "sweatshirt",
      "hoodie", "joggers", "leggings", "sports-bra", "shorts", "dress", "skirt", "trousers",
      "jeans", "jacket-casual", "outerwear-technical", "puffer", "knitwear", "swimwear",
      "underwear", "socks", "headwear", "bag", "sleepwear", "babywear", "jacket-tailored",
      "dress-knit")
NAMES(sv_fiber, fiber, SV_FIBER__COUNT, "other", "cotton", "synthetic", "wool")
NAMES(sv_stage, stage, SV_STAGE__COUNT, "tech_pack_final", "quotation", "lab_dip", "lab_dip_review",
      "proto", "sample_review", "fit_sample", "size_set", "pp_sample", "fabric_booking",
      "fabric_stock", "fabric_custom", "production_setup", "output_per_day", "final_qc", "customs",
      "warehouse")
NAMES(sv_fabric_source, fabric_source, SV_FABRIC__COUNT, "custom", "stock")
NAMES(sv_fabric_unit, fabric_unit, SV_UNIT__COUNT, "m", "kg")
NAMES(sv_incoterm, incoterm, SV_INCOTERM__COUNT, "EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT",
      "CIP", "DAP", "DPU", "DDP")

sv_incoterm sv_incoterm_parse(const char *s)
{
    return (sv_incoterm)lookup(incoterm_names, SV_INCOTERM__COUNT, s);
}

sv_stage sv_stage_parse(const char *s)
{
    return (sv_stage)lookup(stage_names, SV_STAGE__COUNT, s);
}
sv_fabric_source sv_fabric_source_parse(const char *s)
{
    return (sv_fabric_source)lookup(fabric_source_names, SV_FABRIC__COUNT, s);
}

void sv_timeline_init(sv_timeline *t)
{
    t->present = false;
    t->fabric = SV_FABRIC_UNSET;
    t->fit_rounds = t->lab_dip_rounds = SV_UNSET;
    for (int i = 0; i < SV_STAGE__COUNT; i++)
        t->days[i] = SV_UNSET;
}

sv_tier sv_tier_parse(const char *s)
{
    return (sv_tier)lookup(tier_names, SV_TIER__COUNT, s);
}
int sv_channel_parse(const char *s)
{
    return lookup(channel_names, SV_CHANNEL__COUNT, s);
}
sv_funding sv_funding_parse(const char *s)
{
    return (sv_funding)lookup(funding_names, SV_FUNDING__COUNT, s);
}
sv_staffing sv_staffing_parse(const char *s)
{
    return (sv_staffing)lookup(staffing_names, SV_STAFF__COUNT, s);
}
sv_balance sv_balance_parse(const char *s)
{
    return (sv_balance)lookup(balance_names, SV_BALANCE__COUNT, s);
}
sv_payment_method sv_payment_method_parse(const char *s)
{
    return (sv_payment_method)lookup(payment_method_names, SV_PAY__COUNT, s);
}
sv_gender sv_gender_parse(const char *s)
{
    return (sv_gender)lookup(gender_names, SV_GENDER__COUNT, s);
}
bool sv_gender_is_child(sv_gender g)
{
    return g == SV_GENDER_KIDS || g == SV_GENDER_GIRLS || g == SV_GENDER_BOYS ||
           g == SV_GENDER_BABY;
}
sv_construction sv_construction_parse(const char *s)
{
    return (sv_construction)lookup(construction_names, SV_CONSTR__COUNT, s);
}
sv_category sv_category_parse(const char *s)
{
    return (sv_category)lookup(category_names, SV_CAT__COUNT, s);
}

/* Civil dates: proleptic Gregorian, days from civil after H. Hinnant's public-domain
 * algorithm (chrono-Compatible Low-Level Date Algorithms). */
bool sv_date_valid(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    int max = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        max = 29;
    return d <= max;
}

bool sv_date_supported(sv_date d)
{
    return sv_date_valid(d.year, d.month, d.day) && sv_day_supported(sv_date_to_days(d));
}

bool sv_date_parse(const char *s, sv_date *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (!sv_date_valid(y, m, d))
        return false;
    out->year = y;
    out->month = m;
    out->day = d;
    return true;
}

int64_t sv_date_to_days(sv_date dt)
{
    int64_t y = dt.year - (dt.month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (dt.month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + dt.day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

sv_date sv_date_from_days(int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    sv_date out = {(int)(y + (m <= 2)), (int)m, (int)d};
    return out;
}

char *sv_date_format(sv_date d, char *buf, size_t n)
{
    snprintf(buf, n, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

/* ---- the certifications a program requires ------------------------------------------------- */

/* A byte of a word: an ASCII letter or digit, or any byte of a character beyond ASCII. */
static bool word_byte(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* Whether the word w (lower case) stands whole at s[i] of an n-byte text. */
static bool word_at(const char *s, size_t n, size_t i, const char *w)
{
    size_t l = strlen(w);
    return i + l <= n && (i == 0 || !word_byte((unsigned char)s[i - 1])) &&
           (i + l == n || !word_byte((unsigned char)s[i + l])) && strncasecmp(s + i, w, l) == 0;
}

/* The separators of an entry: OR ("or", "and/or"), AND (the word, '&', '+'), LIST (',', ';',
 * which join as the entry's "or" or "and" does). */
typedef enum { SEP_NONE, SEP_OR, SEP_AND_WORD, SEP_AND, SEP_LIST } sep_kind;

/* The separator at s[i] and its length in *len. */
static sep_kind sep_at(const char *s, size_t n, size_t i, size_t *len)
{
    if (word_at(s, n, i, "and") && i + 4 < n && s[i + 3] == '/' && word_at(s, n, i + 4, "or")) {
        *len = 6;
        return SEP_OR;
    }
    if (word_at(s, n, i, "or")) {
        *len = 2;
        return SEP_OR;
    }
    if (word_at(s, n, i, "and")) {
        *len = 3;
        return SEP_AND_WORD;
    }
    *len = 1;
    switch (s[i]) {
    case '&':
    case '+':
        return SEP_AND;
    case ',':
    case ';':
        return SEP_LIST;
    default:
        return SEP_NONE;
    }
}

/* A piece of an entry between separators, trimmed, and the separator after it. */
typedef struct piece {
    size_t from, to;
    sep_kind after;
} piece;

enum { MAX_PIECES = 128 };

/* Cuts entry into pieces at the separators; -1 when there are more than MAX_PIECES. */
static int cut(const char *s, size_t n, piece *p)
{
    int k = 0;
    size_t from = 0;
    for (size_t i = 0; i <= n;) {
        size_t len = 0;
        sep_kind sep = i < n ? sep_at(s, n, i, &len) : SEP_NONE;
        if (i < n && sep == SEP_NONE) {
            i++;
            continue;
        }
        if (k == MAX_PIECES)
            return -1;
        size_t a = from, b = i;
        while (a < b && isspace((unsigned char)s[a]))
            a++;
        while (b > a && isspace((unsigned char)s[b - 1]))
            b--;
        p[k++] = (piece){a, b, sep};
        if (i == n)
            break;
        i += len;
        from = i;
    }
    return k;
}

static int bit_count(uint32_t x)
{
    int c = 0;
    for (; x; x &= x - 1)
        c++;
    return c;
}

/* Appends the group of each certification in bits to out; false when cap is reached. */
static bool one_each(uint32_t bits, sv_cert_group *out, size_t cap, size_t *n)
{
    for (int k = 0; k < SV_CERT__COUNT; k++) {
        if (!(bits & (1u << k)))
            continue;
        if (*n == cap)
            return false;
        out[(*n)++] = (sv_cert_group){.text = sv_cert_name((sv_cert)k), .any = 1u << k};
    }
    return true;
}

/* "GOTS or OEKO-TEX 100": one group, any of the alternatives. */
static int choice(const char *s, const piece *p, int np, sv_pool *pool, sv_cert_group *out,
                  char *why, size_t why_len)
{
    size_t n = strlen(s);
    char *text = sv_pool_alloc(pool, n + 26 * (size_t)np + 1);
    char *unknown = sv_pool_alloc(pool, n + 1);
    if (!text || !unknown) {
        snprintf(why, why_len, "out of memory");
        return -1;
    }
    text[0] = unknown[0] = '\0';
    sv_cert_group g = {.text = text};
    for (int i = 0; i < np;) {
        /* an alternative: pieces up to the next "or" or comma; "and" inside it must be part
         * of one name ("Sustainable Textile and Leather Production") */
        int j = i;
        while (j < np - 1 && p[j].after != SEP_OR && p[j].after != SEP_LIST)
            j++;
        size_t from = p[i].from, to = p[j].to;
        if (from == to) {
            snprintf(why, why_len, "one side of \"or\" names no certification");
            return -1;
        }
        uint32_t bits = sv_cert_parse_all_n(s + from, to - from);
        if (j > i && bit_count(bits) != 1) {
            snprintf(why, why_len,
                     "\"%.*s\" mixes \"or\" and \"and\": write each requirement as an entry of "
                     "its own, such as [GOTS or OEKO-TEX 100, amfori BSCI]",
                     (int)(to - from), s + from);
            return -1;
        }
        if (bit_count(bits) > 1) {
            snprintf(why, why_len,
                     "\"%.*s\" names several certifications; in a choice name one each side of "
                     "\"or\"",
                     (int)(to - from), s + from);
            return -1;
        }
        if (text[0])
            strcat(text, " or ");
        if (bits) {
            g.any |= bits;
            int k = 0;
            while (!(bits & (1u << k)))
                k++;
            strcat(text, sv_cert_name((sv_cert)k));
        } else {
            strncat(text, s + from, to - from);
            if (unknown[0])
                strcat(unknown, "|");
            strncat(unknown, s + from, to - from);
        }
        i = j + 1;
    }
    g.unknown = unknown[0] ? unknown : NULL;
    out[0] = g;
    return 1;
}

int sv_cert_groups_parse(const char *entry, sv_pool *pool, sv_cert_group *out, size_t cap,
                         char *why, size_t why_len)
{
    const char *s = entry ? entry : "";
    size_t n = strlen(s);
    piece p[MAX_PIECES];
    int np = cut(s, n, p);
    if (np < 0) {
        snprintf(why, why_len, "more than %d names", MAX_PIECES);
        return -1;
    }
    bool any_or = false, names = false;
    for (int i = 0; i < np; i++) {
        any_or |= p[i].after == SEP_OR;
        names |= p[i].to > p[i].from;
    }
    if (!names) {
        snprintf(why, why_len, "names no certification");
        return -1;
    }
    if (any_or)
        return cap ? choice(s, p, np, pool, out, why, why_len) : -1;
    size_t k = 0;
    uint32_t whole = sv_cert_parse_all_n(s, n);
    if (whole) {
        /* names only, each required: "GOTS & OEKO-TEX 100", "ISO 9001/14001" */
        if (!one_each(whole, out, cap, &k))
            goto full;
        return (int)k;
    }
    /* names and others: each piece, or the longest run of pieces joined by the word "and"
     * that is one name ("Sustainable Textile and Leather Production and Higg FEM") */
    for (int i = 0; i < np;) {
        int j = i, best = i;
        uint32_t bits = sv_cert_parse_all_n(s + p[i].from, p[i].to - p[i].from);
        while (j < np - 1 && p[j].after == SEP_AND_WORD) {
            j++;
            uint32_t b = sv_cert_parse_all_n(s + p[i].from, p[j].to - p[i].from);
            if (b) {
                bits = b;
                best = j;
            }
        }
        size_t from = p[i].from, to = p[best].to;
        i = best + 1;
        if (from == to)
            continue;
        if (bits) {
            if (!one_each(bits, out, cap, &k))
                goto full;
            continue;
        }
        char *t = sv_pool_strndup(pool, s + from, to - from);
        if (!t) {
            snprintf(why, why_len, "out of memory");
            return -1;
        }
        if (k == cap)
            goto full;
        out[k++] = (sv_cert_group){.text = t, .unknown = t};
    }
    return (int)k;
full:
    snprintf(why, why_len, "more than %zu certifications in one entry", cap);
    return -1;
}

bool sv_cert_group_met(const sv_cert_group *g, uint32_t certifications)
{
    return (certifications & g->any) != 0;
}
