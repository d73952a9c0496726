/* Reading the free text of factory claims (include/selvedge/claims.h): a small lexer for
 * numbers, words and punctuation, and the readers of minimums, lead times, head counts,
 * product words, processing types and certifications built on it. */
#include "selvedge/claims.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "selvedge/factory.h"

#include "capability.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- free text: a tiny lexer for claims ------------------------------------------------- */

typedef enum { T_NUM, T_WORD, T_PUNCT } tok_kind;

typedef struct tok {
    tok_kind kind;
    int64_t tenths; /* T_NUM: value x 10 */
    char word[24];  /* T_WORD: lower case, truncated */
    char c;         /* T_PUNCT: the character ('-' for any dash, '~' and "–" included) */
} tok;

enum { MAX_TOKS = 128 };

/* Digits past this many read as this many: far beyond every range a figure has (capability.h),
 * and small enough that "k" and "dozen" multiply it without overflowing. */
#define NUM_CAP ((int64_t)1000000000000)

/* Numbers: "1500", "1,500" (groups of three), "1.5", "1.500" (three digits after a single
 * point: a European thousands separator), "2k". */
static size_t lex(const char *text, tok *t, size_t cap)
{
    const unsigned char *s = (const unsigned char *)text;
    const unsigned char *end = s + strlen(text); /* once: a character is decoded within it */
    size_t n = 0;
    while (*s && n < cap) {
        unsigned c = *s;
        if (isdigit(c)) {
            int64_t v = 0;
            int frac = -1;
            while (*s) {
                if (isdigit(*s)) {
                    v = v < NUM_CAP ? v * 10 + (*s - '0') : NUM_CAP;
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
            else if (c >= 0x80) {
                /* an en or em dash is a dash; any other character, or a byte that is not
                 * UTF-8, separates words */
                utf8proc_int32_t cp;
                utf8proc_ssize_t l = utf8proc_iterate(s, end - s, &cp);
                skip = l > 0 ? (size_t)l : 1;
                p = cp == 0x2013 || cp == 0x2014 ? '-' : ' ';
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
    return t->kind == T_PUNCT &&
           (t->c == ',' || t->c == ';' || t->c == '|' || t->c == '(' || t->c == ')');
}

static void put64(int64_t *p, int64_t v)
{
    if (p)
        *p = v;
}

enum scope { SC_NONE, SC_STYLE, SC_COLOR, SC_ORDER };

static const char *const style_words[] = {"style",     "styles", "design", "designs", "article",
                                          "articles",  "model",  "models", "item",    "items",
                                          "reference", "ref",    NULL};
static const char *const color_words[] = {
    "color",      "colors", "colour", "colours", "colorway", "colorways", "colourway",
    "colourways", "col",    "shade",  "shades",  "sku",      "skus",      NULL};
static const char *const order_words[] = {"order", "orders", "po", "shipment",
                                          "total", "lot",    NULL};
static const char *const not_units[] = {
    "m",   "meter", "meters", "metre", "metres", "yard",  "yards",  "yd",  "yds",    "kg",
    "kgs", "day",   "days",   "week",  "weeks",  "month", "months", "usd", "dollar", "dollars",
    "eur", "gsm",   "g",      "cm",    "mm",     "year",  "years",  "lbs", "lb",     NULL};

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
        if (!cap_in_range(CAP_MOQ, units))
            continue; /* not a minimum: a typing mistake, a phone or licence number */
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

static const char *const sample_words[] = {"sample",    "samples",    "sampling",    "proto",
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
        if (!cap_in_range(CAP_LEAD_DAYS, d)) /* not a lead time: a year, a quantity */
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
bool sv_parse_workers_claim(const char *text, int64_t *min, int64_t *max)
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
        if ((!below && !cap_in_range(CAP_WORKERS, lo / 10)) ||
            (!(above && lo == hi) && !cap_in_range(CAP_WORKERS, hi / 10))) {
            i = j - 1; /* not a head count: the next number may be */
            continue;
        }
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
    {"jersey", "dress", SV_CAT_DRESS_KNIT, SV_CONSTR_KNIT},
    {"knit", "dress", SV_CAT_DRESS_KNIT, SV_CONSTR_KNIT},
    {"knitted", "dress", SV_CAT_DRESS_KNIT, SV_CONSTR_KNIT},
    {"tailored", "jacket", SV_CAT_JACKET_TAILORED, SV_CONSTR_WOVEN},
    /* suits that are not tailoring */
    {"track", "suit", SV_CAT_JOGGERS, SV_CONSTR_KNIT},
    {"jogging", "suit", SV_CAT_JOGGERS, SV_CONSTR_KNIT},
    {"sweat", "suit", SV_CAT_JOGGERS, SV_CONSTR_KNIT},
    {"jump", "suit", -1, -1},
    {"boiler", "suit", -1, -1},
    {"wet", "suit", -1, -1},
    {"swim", "suit", SV_CAT_SWIMWEAR, SV_CONSTR_KNIT},
    {"night", "wear", SV_CAT_SLEEPWEAR, -1},
    {"sleep", "wear", SV_CAT_SLEEPWEAR, -1},
    {"baby", "wear", SV_CAT_BABYWEAR, -1},
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
    {"blazer", NULL, SV_CAT_JACKET_TAILORED, SV_CONSTR_WOVEN},
    {"suit", NULL, SV_CAT_JACKET_TAILORED, SV_CONSTR_WOVEN},
    {"tailored", NULL, SV_CAT_JACKET_TAILORED, SV_CONSTR_WOVEN},
    {"tailoring", NULL, SV_CAT_JACKET_TAILORED, SV_CONSTR_WOVEN},
    {"sleepwear", NULL, SV_CAT_SLEEPWEAR, -1},
    {"nightwear", NULL, SV_CAT_SLEEPWEAR, -1},
    {"pyjama", NULL, SV_CAT_SLEEPWEAR, -1},
    {"pajama", NULL, SV_CAT_SLEEPWEAR, -1},
    {"babywear", NULL, SV_CAT_BABYWEAR, -1},
    {"baby", NULL, SV_CAT_BABYWEAR, -1},
    {"infant", NULL, SV_CAT_BABYWEAR, -1},
    {"romper", NULL, SV_CAT_BABYWEAR, -1},
    {"bodysuit", NULL, SV_CAT_BABYWEAR, -1},
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

void sv_parse_products_claim(const char *text, uint32_t *cats, uint32_t *constrs)
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
    {"sewing", SV_FACILITY_ASSEMBLY},      {"cutting", SV_FACILITY_ASSEMBLY},
    {"assembly", SV_FACILITY_ASSEMBLY},    {"packing", SV_FACILITY_ASSEMBLY},
    {"packaging", SV_FACILITY_ASSEMBLY},   {"ironing", SV_FACILITY_ASSEMBLY},
    {"linking", SV_FACILITY_ASSEMBLY},     {"finishing", SV_FACILITY_ASSEMBLY},
    {"dyeing", SV_FACILITY_DYEING},        {"printing", SV_FACILITY_DYEING},
    {"washing", SV_FACILITY_DYEING},       {"laundering", SV_FACILITY_DYEING},
    {"laundry", SV_FACILITY_DYEING},       {"embroidery", SV_FACILITY_DYEING},
    {"weaving", SV_FACILITY_TEXTILE},      {"knitting", SV_FACILITY_TEXTILE},
    {"spinning", SV_FACILITY_TEXTILE},     {"tanning", SV_FACILITY_RAW_MATERIAL},
    {"ginning", SV_FACILITY_RAW_MATERIAL}, {"warehousing", SV_FACILITY_WAREHOUSE},
};

uint32_t sv_parse_processing_claim(const char *item)
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

/* Certifications in free text ("BSCI, Oeko-Tex Standard 100 and WRAP; GOTS certified"). The
 * text is cut into entries at , ; | / & + line ends (and their full-width forms), and at the
 * word "and" unless a name spans it ("Sustainable Textile and Leather Production"); each
 * entry is searched with sv_cert_find. An entry that names no certification selvedge knows
 * is handed to other() as written, unless it says there is none ("N/A", "None"). A bare
 * number after an ISO entry is that ISO standard ("ISO 9001/14001"). */

static bool is_word_byte(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* The length of the entry separator at s (0 for none). */
static size_t entry_sep(const unsigned char *s)
{
    switch (s[0]) {
    case ',':
    case ';':
    case '|':
    case '/':
    case '&':
    case '+':
    case '\n':
    case '\r':
        return 1;
    case 0xEF: /* full-width , ; / */
        return s[1] == 0xBC && (s[2] == 0x8C || s[2] == 0x9B || s[2] == 0x8F) ? 3 : 0;
    case 0xE3: /* ideographic comma */
        return s[1] == 0x80 && s[2] == 0x81 ? 3 : 0;
    default:
        return 0;
    }
}

/* The word "and" at s[i] of an entry of n bytes. */
static bool and_at(const unsigned char *s, size_t i, size_t n)
{
    return i + 3 <= n && (i == 0 || !is_word_byte(s[i - 1])) && (s[i] | 0x20) == 'a' &&
           (s[i + 1] | 0x20) == 'n' && (s[i + 2] | 0x20) == 'd' &&
           (i + 3 == n || !is_word_byte(s[i + 3]));
}

/* Whether the n bytes at s hold a letter or a digit of any script. */
static bool has_letter(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (l <= 0) {
            i++;
            continue;
        }
        i += (size_t)l;
        switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO:
        case UTF8PROC_CATEGORY_ND:
        case UTF8PROC_CATEGORY_NL:
        case UTF8PROC_CATEGORY_NO:
            return true;
        default:
            break;
        }
    }
    return false;
}

/* An entry that says there is nothing: "N/A" (cut at '/': "N", "A"), "None", "-". */
static bool says_none(const unsigned char *s, size_t n)
{
    static const char *const none[] = {"none",
                                       "na",
                                       "n",
                                       "a",
                                       "nil",
                                       "no",
                                       "null",
                                       "nan",
                                       "nothing",
                                       "notapplicable",
                                       "notavailable",
                                       "unknown",
                                       "other",
                                       "others",
                                       "nocertification",
                                       "nocertifications",
                                       "nocertificate",
                                       "nocertificates",
                                       "0",
                                       NULL};
    char sq[32];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isalnum(s[i]))
            continue;
        if (k + 1 >= sizeof sq)
            return false;
        sq[k++] = (char)tolower(s[i]);
    }
    sq[k] = '\0';
    if (k == 0)
        return !has_letter(s, n); /* "-", "*", "—" say nothing; "有机认证" says something */
    for (const char *const *w = none; *w; w++)
        if (strcmp(sq, *w) == 0)
            return true;
    return false;
}

/* An entry that is only a version or product class of the name before it ("GOTS, 7.0",
 * "OEKO-TEX 100, Class I"). */
static bool only_version(const unsigned char *s, size_t n)
{
    char sq[32];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == ':')
            continue;
        if ((!isalnum(s[i]) && s[i] != '.') || k + 1 >= sizeof sq)
            return false;
        sq[k++] = (char)tolower(s[i]);
    }
    sq[k] = '\0';
    const char *p = sq;
    if (!strncmp(p, "class", 5)) {
        p += 5;
        return !strcmp(p, "i") || !strcmp(p, "ii") || !strcmp(p, "iii") || !strcmp(p, "iv") ||
               (p[0] >= '1' && p[0] <= '4' && !p[1]);
    }
    bool marked = false;
    if (!strncmp(p, "version", 7)) {
        p += 7;
        marked = true;
    } else if (*p == 'v') {
        p++;
        marked = true;
    }
    size_t digits = 0, dots = 0;
    for (const char *q = p; *q; q++) {
        if (isdigit((unsigned char)*q))
            digits++;
        else if (*q == '.' && q > p && q[1])
            dots++;
        else
            return false;
    }
    if (!digits)
        return false;
    int year = dots == 0 && digits == 4 ? atoi(p) : 0;
    return marked || dots > 0 || (year >= 1990 && year <= 2099);
}

typedef struct certs_state {
    sv_claim_other_fn other;
    void *ud;
    bool strict; /* a list: an entry is read when it is nothing but names (sv_cert_parse_all) */
    uint32_t bits;
    bool after_iso;
    bool after_cert; /* the entry before named a certification */
} certs_state;

/* [*a, *b) trimmed of spaces and bullets. */
static void trim_entry(const unsigned char **a, const unsigned char **b)
{
    while (*a < *b && (isspace(**a) || **a == '-' || **a == '*' || **a == '.' || **a == ':'))
        (*a)++;
    while (*b > *a && (isspace((*b)[-1]) || (*b)[-1] == '.' || (*b)[-1] == ':'))
        (*b)--;
}

/* The certifications the n bytes at a name: anywhere in them (free text), or when they are
 * nothing but names (a list). */
static uint32_t names_in(const certs_state *st, const unsigned char *a, size_t n)
{
    return st->strict ? sv_cert_parse_all_n((const char *)a, n)
                      : sv_cert_find_n((const char *)a, n);
}

/* The certifications of one entry, ISO said once included. */
static uint32_t entry_certs(const certs_state *st, const unsigned char *a, size_t n)
{
    uint32_t found = names_in(st, a, n);
    if (found || !st->after_iso || n >= 24)
        return found;
    for (size_t i = 0; i < n; i++)
        if (!isdigit(a[i]) && a[i] != ':' && a[i] != ' ')
            return 0;
    char iso[32];
    int l = snprintf(iso, sizeof iso, "ISO %.*s", (int)n, (const char *)a);
    return names_in(st, (const unsigned char *)iso, (size_t)l);
}

static void entry_done(certs_state *st, const unsigned char *a, const unsigned char *b)
{
    trim_entry(&a, &b);
    size_t n = (size_t)(b - a);
    if (!n)
        return;
    uint32_t found = entry_certs(st, a, n);
    const uint32_t iso = (1u << SV_CERT_ISO_9001) | (1u << SV_CERT_ISO_14001);
    bool version = !found && st->after_cert && only_version(a, n);
    st->bits |= found;
    st->after_iso = (found & iso) != 0 || (version && st->after_iso);
    st->after_cert = found != 0 || version;
    if (!found && !version && st->other && !says_none(a, n))
        st->other(st->ud, (const char *)a, n);
}

/* One entry between punctuation: cut again at "and" when no name spans it. An entry that
 * names a certification and says it is not held ("applying for GOTS", "GOTS and WRAP
 * pending") names none held: it is kept as written, whole, as what it says is true of the
 * factory. */
static void entry(certs_state *st, const unsigned char *a, const unsigned char *b)
{
    trim_entry(&a, &b);
    size_t n = (size_t)(b - a);
    if (n && sv_cert_find_n((const char *)a, n) && sv_cert_negated_n((const char *)a, n)) {
        st->after_iso = st->after_cert = false;
        if (st->other)
            st->other(st->ud, (const char *)a, n);
        return;
    }
    bool has_and = false;
    for (size_t i = 0; i < n && !has_and; i++)
        has_and = and_at(a, i, n);
    if (has_and) {
        uint32_t whole = names_in(st, a, n), parts = 0;
        size_t from = 0;
        for (size_t i = 0; i <= n; i++)
            if (i == n || and_at(a, i, n)) {
                const unsigned char *pa = a + from, *pb = a + i;
                trim_entry(&pa, &pb);
                if (pb > pa)
                    parts |= entry_certs(st, pa, (size_t)(pb - pa));
                from = i + 3;
                i += 2;
            }
        if (parts == whole) {
            from = 0;
            for (size_t i = 0; i <= n; i++)
                if (i == n || and_at(a, i, n)) {
                    entry_done(st, a + from, a + i);
                    from = i + 3;
                    i += 2;
                }
            return;
        }
    }
    entry_done(st, a, b);
}

/* text with its full-width and half-width forms as the characters they are forms of (NFKC's
 * <wide> and <narrow> mappings: ＧＯＴＳ is GOTS, the full-width comma a comma, the ideographic
 * space a space), malloc'd; NULL when it has none (or memory ran out: it is then read as it
 * is). Only those: NFKC's other mappings would turn a mark into letters, ™ into "TM". */
static char *fold_width(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text);
    char *out = NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp, d[4];
        utf8proc_ssize_t l =
            s[i] < 0x80 ? 1 : utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        int bound = 0;
        if (l > 1) {
            utf8proc_propval_t t = utf8proc_get_property(cp)->decomp_type;
            if ((t == UTF8PROC_DECOMP_TYPE_WIDE || t == UTF8PROC_DECOMP_TYPE_NARROW) &&
                utf8proc_decompose_char(cp, d, 4, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &bound) ==
                    1) {
                if (!out) {
                    /* a form is 3 bytes and what it is a form of at most 3 */
                    if (!(out = malloc(n + 1)))
                        return NULL;
                    memcpy(out, text, i);
                    o = i;
                }
                o += (size_t)utf8proc_encode_char(d[0], (utf8proc_uint8_t *)out + o);
                i += (size_t)l;
                continue;
            }
        }
        size_t step = l > 0 ? (size_t)l : 1;
        if (out)
            memcpy(out + o, s + i, step);
        o += step;
        i += step;
    }
    if (out)
        out[o] = '\0';
    return out;
}

static uint32_t read_certs(const char *text, bool strict, sv_claim_other_fn other, void *ud)
{
    if (!text)
        return 0;
    char *folded = fold_width(text);
    certs_state st = {.other = other, .ud = ud, .strict = strict};
    const unsigned char *s = (const unsigned char *)(folded ? folded : text);
    for (;;) {
        const unsigned char *e = s;
        size_t sep = 0;
        while (*e && !(sep = entry_sep(e)))
            e++;
        entry(&st, s, e);
        if (!*e)
            break;
        s = e + sep;
    }
    free(folded);
    return st.bits;
}

uint32_t sv_parse_certs_claim(const char *text, sv_claim_other_fn other, void *ud)
{
    return read_certs(text, false, other, ud);
}

uint32_t sv_parse_certs_list(const char *text, sv_claim_other_fn other, void *ud)
{
    return read_certs(text, true, other, ud);
}
