/* Cleaned keys and similarity of factory names and addresses, for de-duplication.
 *
 * sv_clean_key does what the Open Supply Hub's matcher does to a string (transliterate to
 * ASCII, drop punctuation, collapse spaces, lower case) and then goes further so that the
 * spellings one facility gets across brands' lists collapse to one key:
 *
 *   1. Unicode: NFKC, case folding, combining marks stripped (é -> e, fullwidth Ａ -> a),
 *      default-ignorable characters dropped, typographic punctuation lumped to ASCII
 *      (utf8proc). Letters that have no decomposition are folded by hand: đ ð -> d, ł -> l,
 *      ø -> o, æ -> ae, œ -> oe, ı -> i, þ -> th, ħ -> h, ŧ -> t, ĸ -> k, ŋ -> n (ß folds to
 *      "ss" already). Other scripts (Chinese, Thai, Cyrillic...) are kept as they are in
 *      UTF-8, case-folded: no transliteration table is available, so "深圳" stays "深圳".
 *      Invalid UTF-8 bytes are dropped. Pure ASCII input skips utf8proc altogether.
 *   2. Words: letters, digits and marks of any script make words; apostrophes vanish without
 *      splitting ("Hui'an" -> "huian"); every other punctuation, symbol or space separates
 *      words. Single letters written with full stops join ("S.A." -> "sa", "U.S.A." -> "usa")
 *      so abbreviations survive the dropping of punctuation.
 *   3. Words are normalised: "&", "+" and "and" are dropped (so "A & B" = "A and B" = "A B"),
 *      abbreviations spelt out (mfg -> manufacturing, intl/int'l -> international, gmt(s) ->
 *      garment, fty -> factory, inds -> industry, bros -> brothers, rd -> road, st/str ->
 *      street, ave -> avenue, bldg -> building, indl -> industrial, dist -> district), plurals
 *      of trade words made singular (garments -> garment, apparels -> apparel, textiles ->
 *      textile, industries -> industry, mills -> mill, shoes -> shoe, wears -> wear...), the
 *      Spanish and Turkish textil/tekstil read as textile, and "no" before a number dropped
 *      ("No. 99" = "99").
 *   4. Legal forms are dropped entirely: the canonical key has none. Always dropped: co,
 *      company, companies, ltd, limited, ltda, limitada, lda, inc, incorporated, llc, llp,
 *      plc, corp, corporation, pvt, pte, pty, gmbh, mbh, bhd, sdn, srl, sarl, spa, sac, sas,
 *      saic, jsc, tbk, ooo, sro, kft, doo, cia, ltee, sti. Words that are also ordinary words
 *      or initials (sa, as, ag, sl, bv, nv, cv, ab, oy, kg, pt, private, rl, s) are dropped
 *      only next to a dropped legal form, at the end of the name (with the "de" of "S.A. de
 *      C.V." and "S. de R.L. de C.V."), or, for pt and cv (Indonesian prefixes), at its
 *      start. Multi-word forms: "joint stock" before a legal word, Poland's "sp. z o.o.",
 *      Turkey's "san. ve tic.". Chinese legal suffixes (股份有限公司, 有限责任公司, 有限公司,
 *      公司) are cut from the end of a word. Dropping repeats until nothing more goes, so
 *      cleaning a key again gives the same key. When dropping would leave nothing, the legal
 *      words stay ("Company Limited" stays "company limited").
 *
 * The result is words separated by one space, without leading or trailing space.
 *
 * sv_similarity scores two keys: half token-set overlap (Sørensen-Dice over the distinct
 * words, 2|A∩B| / (|A| + |B|)), half character-bigram Dice (multiset, over the key padded
 * with a space on each side, so word starts and ends count), rounded to [0, 1000]. Only
 * identical keys score 1000 (a near-identical pair is capped at 999); keys with nothing in
 * common score 0. It allocates nothing: each key is read up to SV_SIM_MAX (256) bytes and
 * SV_SIM_WORDS (64) distinct words, on the stack. */
#include "selvedge/factory.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- step 1: Unicode normalisation -------------------------------------------------------- */

static bool all_ascii(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 0x80)
            return false;
    return true;
}

/* NFKC + case fold + marks stripped, as a malloc'd string; invalid UTF-8 bytes are dropped
 * first. NULL when out of memory. */
static unsigned char *unicode_fold(const char *text, size_t n)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
    unsigned char *valid = malloc(n + 1);
    if (!valid)
        return NULL;
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (l <= 0) {
            i++; /* not UTF-8: drop the byte */
            continue;
        }
        memcpy(valid + m, s + i, (size_t)l);
        m += (size_t)l;
        i += (size_t)l;
    }
    valid[m] = '\0';
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t r =
        utf8proc_map(valid, (utf8proc_ssize_t)m, &out,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                         UTF8PROC_STRIPMARK | UTF8PROC_IGNORE | UTF8PROC_LUMP);
    if (r < 0) {
        /* only out of memory can happen on valid UTF-8; keep the validated text otherwise */
        free(out);
        if (r == UTF8PROC_ERROR_NOMEM) {
            free(valid);
            return NULL;
        }
        return valid;
    }
    free(valid);
    return out;
}

/* Letters without a decomposition that have an obvious ASCII spelling. */
static const char *fold_letter(int32_t cp)
{
    switch (cp) {
    case 0x111: /* đ */
    case 0x110:
    case 0xF0: /* ð */
    case 0xD0:
        return "d";
    case 0x142: /* ł */
    case 0x141:
        return "l";
    case 0xF8: /* ø */
    case 0xD8:
        return "o";
    case 0xE6: /* æ */
    case 0xC6:
        return "ae";
    case 0x153: /* œ */
    case 0x152:
        return "oe";
    case 0x131: /* dotless ı */
        return "i";
    case 0xFE: /* þ */
    case 0xDE:
        return "th";
    case 0xDF: /* ß, should case folding not have made it "ss" */
        return "ss";
    case 0x127: /* ħ */
    case 0x126:
        return "h";
    case 0x167: /* ŧ */
    case 0x166:
        return "t";
    case 0x138: /* ĸ */
        return "k";
    case 0x14B: /* ŋ */
    case 0x14A:
        return "n";
    default:
        return NULL;
    }
}

/* ---- step 2: words ----------------------------------------------------------------------- */

typedef struct word {
    const char *s; /* into the word buffer, or a static replacement */
    size_t len;
    bool dot;       /* written with a full stop right after it */
    bool drop;      /* removed from the key */
    bool legal;     /* an unambiguous legal form */
    bool ambiguous; /* a legal form that is also an ordinary word or initials */
} word;

typedef struct words {
    char *buf; /* word bytes back to back, no separators */
    size_t len;
    word *w;
    size_t n;
    bool open; /* the last word is still being written */
} words;

static void word_break(words *ws)
{
    ws->open = false;
}

static void word_put(words *ws, const char *s, size_t n)
{
    if (!ws->open) {
        ws->w[ws->n] = (word){ws->buf + ws->len, 0, false, false, false, false};
        ws->n++;
        ws->open = true;
    }
    memcpy(ws->buf + ws->len, s, n);
    ws->len += n;
    ws->w[ws->n - 1].len += n;
}

static void word_whole(words *ws, const char *s)
{
    word_break(ws);
    word_put(ws, s, strlen(s));
    word_break(ws);
}

static bool is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == '`' || cp == 0xB4 || cp == 0x2018 || cp == 0x2019 || cp == 0x2BC;
}

/* Split folded text (NUL-terminated, valid UTF-8) into words. ws->buf and ws->w must have
 * room for the worst case (see sv_clean_key). */
static void split(const unsigned char *t, words *ws)
{
    size_t i = 0;
    for (;;) {
        unsigned c = t[i];
        if (c == 0)
            break;
        if (c < 0x80) {
            i++;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                char ch = (char)c;
                word_put(ws, &ch, 1);
            } else if (c >= 'A' && c <= 'Z') {
                char ch = (char)(c + ('a' - 'A'));
                word_put(ws, &ch, 1);
            } else if (is_apostrophe((int32_t)c)) {
                /* vanishes inside a word */
            } else if (c == '&' || c == '+') {
                word_whole(ws, "and");
            } else {
                if (c == '.' && ws->open)
                    ws->w[ws->n - 1].dot = true;
                word_break(ws);
            }
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate(t + i, -1, &cp);
        if (l <= 0) {
            i++;
            continue;
        }
        const char *f = fold_letter(cp);
        if (f) {
            word_put(ws, f, strlen(f));
        } else if (is_apostrophe(cp)) {
            /* vanishes */
        } else {
            utf8proc_category_t cat = utf8proc_category(cp);
            bool keep = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                        (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
                        (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
            if (keep)
                word_put(ws, (const char *)t + i, (size_t)l);
            else
                word_break(ws);
        }
        i += (size_t)l;
    }
    word_break(ws);
}

/* ---- step 3 and 4: word normalisation ------------------------------------------------------ */

static bool word_is(const word *w, const char *s)
{
    /* most words differ at the first letter: the lists are long, the cleaner runs per row */
    if (w->len == 0 || w->s[0] != s[0])
        return w->len == 0 && s[0] == '\0';
    size_t n = strlen(s);
    return w->len == n && memcmp(w->s, s, n) == 0;
}

static bool word_in(const word *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (word_is(w, list[i]))
            return true;
    return false;
}

static bool is_ascii_letter(char c)
{
    return c >= 'a' && c <= 'z';
}

/* "S.A.C." is three one-letter words with full stops: join them into "sac". Only ASCII
 * letters join; the words are adjacent in the buffer, so joining is extending the length. */
static void join_initials(words *ws)
{
    size_t out = 0;
    for (size_t i = 0; i < ws->n;) {
        word w = ws->w[i];
        size_t j = i + 1;
        if (w.len == 1 && w.dot && is_ascii_letter(w.s[0])) {
            while (j < ws->n && ws->w[j].len == 1 && ws->w[j - 1].dot &&
                   ws->w[j].s == w.s + w.len && is_ascii_letter(ws->w[j].s[0])) {
                w.len++;
                w.dot = ws->w[j].dot;
                j++;
            }
        }
        ws->w[out++] = w;
        i = j;
    }
    ws->n = out;
}

static const struct {
    const char *from, *to;
} synonyms[] = {
    {"mfg", "manufacturing"},  {"mfr", "manufacturer"},   {"mfrs", "manufacturer"},
    {"intl", "international"}, {"gmt", "garment"},        {"gmts", "garment"},
    {"fty", "factory"},        {"inds", "industry"},      {"bros", "brothers"},
    {"rd", "road"},            {"st", "street"},          {"str", "street"},
    {"ave", "avenue"},         {"bldg", "building"},      {"indl", "industrial"},
    {"dist", "district"},      {"garments", "garment"},   {"apparels", "apparel"},
    {"textiles", "textile"},   {"fabrics", "fabric"},     {"industries", "industry"},
    {"mills", "mill"},         {"knitwears", "knitwear"}, {"sweaters", "sweater"},
    {"exports", "export"},     {"exporters", "exporter"}, {"fashions", "fashion"},
    {"clothings", "clothing"}, {"designs", "design"},     {"accessories", "accessory"},
    {"enterprises", "enterprise"}, {"products", "product"}, {"factories", "factory"},
    {"knits", "knit"},         {"shoes", "shoe"},         {"sportswears", "sportswear"},
    {"embroideries", "embroidery"}, {"composites", "composite"}, {"creations", "creation"},
    {"manufacturers", "manufacturer"}, {"traders", "trader"}, {"holdings", "holding"},
    {"denims", "denim"},       {"hosieries", "hosiery"},  {"leathers", "leather"},
    {"footwears", "footwear"}, {"sons", "son"},           {"knittings", "knitting"},
    {"washings", "washing"},   {"dyeings", "dyeing"},     {"printings", "printing"},
    {"textil", "textile"},     {"tekstil", "textile"},    {"wears", "wear"},
};

static const char *const legal_always[] = {
    "co",   "company", "companies", "ltd",  "ltda", "lda",  "limited", "limitada", "inc",
    "incorporated", "llc", "llp",   "plc",  "corp", "corporation", "pvt", "pte", "pty",
    "gmbh", "mbh",  "bhd",     "sdn",       "srl",  "sarl", "spa",  "sac",     "sas",
    "saic", "jsc",  "tbk",     "ooo",       "sro",  "kft",  "doo",  "cia",     "ltee",
    "sti",
};

static const char *const legal_ambiguous[] = {"sa", "as", "ag", "sl", "bv", "nv",
                                              "cv", "ab", "oy", "kg", "pt", "private",
                                              "rl", "s"};

static const char *const cjk_legal[] = {
    "\xe8\x82\xa1\xe4\xbb\xbd\xe6\x9c\x89\xe9\x99\x90\xe5\x85\xac\xe5\x8f\xb8", /* 股份有限公司 */
    "\xe6\x9c\x89\xe9\x99\x90\xe8\xb4\xa3\xe4\xbb\xbb\xe5\x85\xac\xe5\x8f\xb8", /* 有限责任公司 */
    "\xe6\x9c\x89\xe9\x99\x90\xe5\x85\xac\xe5\x8f\xb8",                         /* 有限公司 */
    "\xe5\x85\xac\xe5\x8f\xb8",                                                 /* 公司 */
};

static bool starts_with_digit(const word *w)
{
    return w->len > 0 && w->s[0] >= '0' && w->s[0] <= '9';
}

/* Mark the legal forms among n words (w[i].legal); returns how many. */
static size_t mark_legal(word *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        w[i].legal = word_in(&w[i], legal_always, COUNT(legal_always)) ||
                     word_in(&w[i], cjk_legal, COUNT(cjk_legal));
        w[i].ambiguous = word_in(&w[i], legal_ambiguous, COUNT(legal_ambiguous));
    }
    for (size_t i = 0; i < n; i++) {
        if (w[i].legal || !w[i].ambiguous)
            continue;
        bool beside_legal = (i > 0 && w[i - 1].legal) || (i + 1 < n && w[i + 1].legal);
        bool lead = i == 0 && (word_is(&w[i], "pt") || word_is(&w[i], "cv"));
        if (beside_legal || lead)
            w[i].legal = true;
    }
    /* "joint stock company" (Vietnam's cong ty co phan) */
    for (size_t i = 0; i + 2 < n; i++)
        if (word_is(&w[i], "joint") && word_is(&w[i + 1], "stock") && w[i + 2].legal)
            w[i].legal = w[i + 1].legal = true;
    /* Turkey's "San. ve Tic. Ltd. Sti." (industry and trade limited company) */
    for (size_t i = 0; i + 2 < n; i++)
        if (word_is(&w[i], "san") && word_is(&w[i + 1], "ve") && word_is(&w[i + 2], "tic"))
            w[i].legal = w[i + 1].legal = w[i + 2].legal = true;
    /* Poland's "sp. z o.o." */
    for (size_t i = 0; i + 1 < n; i++) {
        if (!word_is(&w[i], "sp"))
            continue;
        if (word_is(&w[i + 1], "zoo"))
            w[i].legal = w[i + 1].legal = true;
        else if (i + 2 < n && word_is(&w[i + 1], "z") && word_is(&w[i + 2], "oo"))
            w[i].legal = w[i + 1].legal = w[i + 2].legal = true;
    }
    /* the trailing run: ambiguous forms, and the "de" of "sa de cv", dropped from the end */
    for (size_t i = n; i-- > 0;) {
        if (w[i].legal)
            continue;
        if (w[i].ambiguous) {
            w[i].legal = true;
            continue;
        }
        if (word_is(&w[i], "de") && i > 0 && w[i - 1].ambiguous && i + 1 < n && w[i + 1].legal) {
            w[i].legal = true;
            continue;
        }
        break;
    }
    /* not a legal form, but dropped the same way: "No. 99" is "99" */
    for (size_t i = 0; i + 1 < n; i++)
        if (word_is(&w[i], "no") && starts_with_digit(&w[i + 1]))
            w[i].legal = true;
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += w[i].legal;
    return count;
}

static void normalise_words(words *ws)
{
    size_t n = ws->n;
    for (size_t i = 0; i < n; i++) {
        word *w = &ws->w[i];
        /* Chinese legal suffixes at the end of a longer word */
        for (bool cut = true; cut;) {
            cut = false;
            for (size_t k = 0; k < COUNT(cjk_legal) && !cut; k++) {
                size_t l = strlen(cjk_legal[k]);
                if (w->len > l && memcmp(w->s + w->len - l, cjk_legal[k], l) == 0) {
                    w->len -= l;
                    cut = true;
                }
            }
        }
        for (size_t k = 0; k < COUNT(synonyms); k++) {
            if (word_is(w, synonyms[k].from)) {
                w->s = synonyms[k].to;
                w->len = strlen(synonyms[k].to);
                break;
            }
        }
        if (word_is(w, "and"))
            w->drop = true;
    }
    /* Drop the "and"s for good before looking at neighbours, so a second cleaning sees the
     * same neighbours as the first and the key is stable. */
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!ws->w[i].drop)
            ws->w[m++] = ws->w[i];
    n = ws->n = m;
    /* Legal forms, until none is left: dropping one can bring two words together that make
     * another ("x sp. ltd zoo"), and a second cleaning must find nothing more to drop. */
    while (n > 0 && mark_legal(ws->w, n)) {
        m = 0;
        for (size_t i = 0; i < n; i++)
            if (!ws->w[i].legal)
                ws->w[m++] = ws->w[i];
        if (m == 0)
            break; /* nothing but legal words: keep them, a key must say something */
        n = ws->n = m;
    }
}

char *sv_clean_key(const char *text)
{
    if (!text)
        text = "";
    size_t n = strlen(text);
    unsigned char *folded = NULL;
    const unsigned char *t = (const unsigned char *)text;
    if (!all_ascii(t, n)) {
        folded = unicode_fold(text, n);
        if (!folded)
            return NULL;
        t = folded;
        n = strlen((const char *)t);
    }
    /* Worst cases: every byte a letter of a word that expands ("&" -> "and", 3 bytes a byte;
     * a folded letter "þ" -> "th" is 2 bytes from 2); at most one word per input byte. */
    words ws = {0};
    ws.buf = malloc(3 * n + 1);
    ws.w = malloc((n + 1) * sizeof *ws.w);
    char *out = malloc(n * 4 + 16);
    if (!ws.buf || !ws.w || !out) {
        free(ws.buf);
        free(ws.w);
        free(out);
        free(folded);
        return NULL;
    }
    split(t, &ws);
    join_initials(&ws);
    normalise_words(&ws);

    size_t len = 0;
    for (size_t i = 0; i < ws.n; i++) {
        const word *w = &ws.w[i];
        if (w->drop || w->len == 0)
            continue;
        if (len > 0)
            out[len++] = ' ';
        memcpy(out + len, w->s, w->len);
        len += w->len;
    }
    out[len] = '\0';
    free(ws.buf);
    free(ws.w);
    free(folded);
    return out;
}

/* ---- similarity -------------------------------------------------------------------------- */

/* Distinct words of s (up to SV_SIM_WORDS) into k; returns their count. */
static size_t distinct_words(const char *s, size_t n, sv_sim_key *k)
{
    size_t count = 0;
    size_t i = 0;
    while (i < n && count < SV_SIM_WORDS) {
        while (i < n && s[i] == ' ')
            i++;
        size_t start = i;
        while (i < n && s[i] != ' ')
            i++;
        if (i == start)
            break;
        const char *w = s + start;
        size_t len = i - start;
        bool seen = false;
        for (size_t j = 0; j < count && !seen; j++)
            seen = k->words[j].len == len && memcmp(k->words[j].s, w, len) == 0;
        if (!seen) {
            k->words[count].s = w;
            k->words[count++].len = len;
        }
    }
    return count;
}

/* Bigrams of " s " as 16-bit values, sorted if asked; returns their count (n + 1). */
static size_t bigrams(const char *s, size_t n, uint16_t *out, bool sorted)
{
    size_t count = 0;
    unsigned prev = ' ';
    for (size_t i = 0; i <= n; i++) {
        unsigned c = i < n ? (unsigned char)s[i] : ' ';
        out[count++] = (uint16_t)(prev << 8 | c);
        prev = c;
    }
    for (size_t i = 1; sorted && i < count; i++) { /* insertion sort: keys are short */
        uint16_t v = out[i];
        size_t j = i;
        while (j > 0 && out[j - 1] > v) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = v;
    }
    return count;
}

void sv_sim_key_init(sv_sim_key *k, const char *clean)
{
    k->s = clean ? clean : "";
    k->n = strnlen(k->s, SV_SIM_MAX);
    k->n_words = distinct_words(k->s, k->n, k);
    k->n_grams = bigrams(k->s, k->n, k->grams, true);
}

/* The words part of the score; both keys non-empty. */
static double words_dice(const sv_sim_key *a, const sv_sim_key *b)
{
    size_t common = 0;
    for (size_t i = 0; i < a->n_words; i++)
        for (size_t k = 0; k < b->n_words; k++)
            if (a->words[i].len == b->words[k].len &&
                memcmp(a->words[i].s, b->words[k].s, a->words[i].len) == 0) {
                common++;
                break;
            }
    size_t ca = a->n_words, cb = b->n_words;
    return (ca + cb) ? 2.0 * (double)common / (double)(ca + cb) : 0.0;
}

static int combine(double word_part, size_t shared, size_t grams)
{
    double bigram_dice = 2.0 * (double)shared / (double)grams;
    int score = (int)(500.0 * word_part + 500.0 * bigram_dice + 0.5);
    if (score >= 1000)
        score = 999; /* 1000 is kept for identical keys */
    return score < 0 ? 0 : score;
}

void sv_sim_query_init(sv_sim_query *q, const char *clean)
{
    for (size_t i = 0; i < q->k.n_grams; i++) /* the last key's counts (zeroed at first) */
        q->count[q->k.grams[i]] = 0;
    sv_sim_key_init(&q->k, clean);
    for (size_t i = 0; i < q->k.n_grams; i++)
        q->count[q->k.grams[i]]++;
}

int sv_similarity_query(sv_sim_query *q, const char *b_clean)
{
    const sv_sim_key *a = &q->k;
    const char *b = b_clean ? b_clean : "";
    if (strcmp(a->s, b) == 0)
        return 1000;
    sv_sim_key k;
    k.s = b;
    k.n = strnlen(b, SV_SIM_MAX);
    if (a->n == 0 || k.n == 0)
        return 0;
    k.n_words = distinct_words(b, k.n, &k);
    /* shared bigrams (as a multiset) by counting off the query's, then putting them back */
    k.n_grams = bigrams(b, k.n, k.grams, false);
    uint16_t used[SV_SIM_MAX + 1];
    size_t shared = 0;
    for (size_t i = 0; i < k.n_grams; i++)
        if (q->count[k.grams[i]]) {
            q->count[k.grams[i]]--;
            used[shared++] = k.grams[i];
        }
    for (size_t i = 0; i < shared; i++)
        q->count[used[i]]++;
    return combine(words_dice(a, &k), shared, a->n_grams + k.n_grams);
}

int sv_similarity_keys(const sv_sim_key *a, const sv_sim_key *b)
{
    if (strcmp(a->s, b->s) == 0)
        return 1000;
    if (a->n == 0 || b->n == 0)
        return 0;
    size_t shared = 0;
    for (size_t i = 0, k = 0; i < a->n_grams && k < b->n_grams;) {
        if (a->grams[i] == b->grams[k]) {
            shared++;
            i++;
            k++;
        } else if (a->grams[i] < b->grams[k]) {
            i++;
        } else {
            k++;
        }
    }
    return combine(words_dice(a, b), shared, a->n_grams + b->n_grams);
}

int sv_similarity(const char *a_clean, const char *b_clean)
{
    sv_sim_key a, b;
    sv_sim_key_init(&a, a_clean);
    sv_sim_key_init(&b, b_clean);
    return sv_similarity_keys(&a, &b);
}
