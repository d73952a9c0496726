/* Walking a YAML document against a schema by hand, so that every error names
 * file:line:column and the field's dotted path. Internal to lib/io: the program file and
 * the factory capability file are read with it. */
#include "yaml_walk.h"

#include <errno.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "selvedge/country.h"
#include "selvedge/suggest.h"

#include "text_check.h"

yaml_node_t *yw_node_at(yw *c, int id)
{
    return yaml_document_get_node(c->doc, id);
}

sv_code yw_fail(yw *c, const yaml_node_t *n, const char *path, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = n ? (int)n->start_mark.line + 1 : 0;
    int col = n ? (int)n->start_mark.column + 1 : 0;
    return sv_err_at(c->err, SV_ERR_SCHEMA, c->file, line, col, path, "%s", msg);
}

const char *yw_kind_name(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE:
        return n->data.scalar.length ? "a value" : "an empty value";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_MAPPING_NODE:
        return "a mapping";
    default:
        return "nothing";
    }
}

bool yw_is_null_scalar(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = (const char *)n->data.scalar.value;
    return n->data.scalar.length == 0 || strcmp(v, "~") == 0 || strcasecmp(v, "null") == 0;
}

/* A scalar's text, or an error naming what was there instead. */
sv_code yw_scalar(yw *c, const yaml_node_t *n, const char *path, const char *want,
                      const char **out)
{
    if (n->type != YAML_SCALAR_NODE || yw_is_null_scalar(n))
        return yw_fail(c, n, path, "expected %s, found %s", want, yw_kind_name(n));
    if (strlen((const char *)n->data.scalar.value) != n->data.scalar.length)
        return yw_fail(c, n, path, "contains a NUL byte");
    *out = (const char *)n->data.scalar.value;
    return SV_OK;
}

sv_code yw_text(yw *c, const yaml_node_t *n, const char *path, const char **out)
{
    const char *v;
    sv_code rc = yw_scalar(c, n, path, "text", &v);
    if (rc)
        return rc;
    /* trim: "  Black " and "Black" are the same colour */
    while (*v == ' ' || *v == '\t')
        v++;
    size_t len = strlen(v);
    while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
        len--;
    if (len == 0)
        return yw_fail(c, n, path, "must not be empty");
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)v[i] & 0xC0) != 0x80;
    if (chars > 200)
        return yw_fail(c, n, path, "is too long (%zu characters, at most 200)", chars);
    char *copy = sv_pool_strndup(c->pool, v, len);
    if (!copy)
        return sv_err_set(c->err, SV_ERR_NOMEM, "out of memory");
    for (char *p = copy; *p; p++)
        if (*p == '\t') /* a TAB inside a name: a space */
            *p = ' ';
    *out = copy;
    return SV_OK;
}

/* ---- numbers as people write them ------------------------------------------------------
 *
 * A point is the decimal point. Thousands may be grouped with commas, spaces (a no-break or
 * a thin space too) or underscores, one kind in a number: "5,000", "5 000", "1,250.50",
 * "5_000", and the Indian lakh grouping "1,00,000". The groups must be whole: 1-3 digits, then
 * groups of 3 (or of 2 before the last 3, for lakhs). Anything else that looks like a
 * grouped or a continental number is refused with what to write instead:
 *   "1,5"        a comma as a decimal point: write 1.5
 *   "1.250.000"  points grouping thousands: write 1250000 (or 1,250,000)
 *   "1.250,50"   the continental form: write 1250.50
 *   "5.000"      in a whole-number field (units, days): 5 or 5000? refused as ambiguous;
 *                in an amount or a measure it is 5 with three decimals, as always. */

/* The separator at s (one of the grouping kinds), its length in *len; 0 when none. */
static int group_sep(const char *s, size_t *len)
{
    static const struct {
        const char *text;
        int kind;
    } seps[] = {
        {",", ','},           {" ", ' '}, {"_", '_'}, {"\xc2\xa0", ' '}, {"\xe2\x80\xaf", ' '},
        {"\xe2\x80\x89", ' '}};
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
        size_t l = strlen(seps[i].text);
        if (strncmp(s, seps[i].text, l) == 0) {
            *len = l;
            return seps[i].kind;
        }
    }
    return 0;
}

/* Whether digit groups of these lengths (first to last) group thousands: western 1-3 then
 * threes, or Indian 1-2 then twos then a last three. */
static bool groups_whole(const int *g, int n)
{
    if (n < 2 || g[n - 1] != 3)
        return false;
    bool western = g[0] >= 1 && g[0] <= 3, indian = g[0] >= 1 && g[0] <= 2;
    for (int i = 1; i < n - 1; i++) {
        western &= g[i] == 3;
        indian &= g[i] == 2;
    }
    return western || indian;
}

enum { NUM_TEXT = 96 };

/* Whether v reads as a number written with digits, points and commas only (and a sign). */
static bool numberish(const char *v)
{
    if (*v == '-' || *v == '+')
        v++;
    return *v && strspn(v, "0123456789.,") == strlen(v);
}

/* The number text v with its grouping taken out (into buf, or v itself when there is none to
 * take out), or an error that says how to write it. *grouped tells whether separators were
 * taken out. Text that is no number at all passes through: sv_decimal_parse says so. */
static sv_code number_text(yw *c, const yaml_node_t *n, const char *path, const char *v, bool whole,
                           char buf[NUM_TEXT], const char **out, bool *grouped)
{
    *out = v;
    *grouped = false;
    if (strlen(v) >= NUM_TEXT)
        return SV_OK;
    const char *s = v;
    size_t o = 0;
    if (*s == '-' || *s == '+')
        buf[o++] = *s++;
    int groups[NUM_TEXT], ng = 0, kind = 0, run = 0;
    const char *q = s;
    for (; *q; q++) {
        size_t len;
        int k;
        if (*q >= '0' && *q <= '9') {
            buf[o++] = *q;
            run++;
        } else if (run && (k = group_sep(q, &len)) && (!kind || k == kind) && q[len] >= '0' &&
                   q[len] <= '9') {
            kind = k;
            groups[ng++] = run;
            run = 0;
            q += len - 1;
        } else {
            break;
        }
    }
    if (kind)
        groups[ng++] = run;
    const char *dot = strchr(v, '.'), *comma = strchr(v, ',');
    if (numberish(v) && dot && (strchr(dot + 1, '.') || (comma && comma > dot)))
        return yw_fail(c, n, path,
                       "\"%s\": a point is the decimal point and cannot group thousands; write "
                       "the number without grouping (1250000, 1250.50) or group it with commas "
                       "(1,250,000.50)",
                       v);
    if ((kind == ',' && !groups_whole(groups, ng)) || (!kind && comma && numberish(v)))
        return yw_fail(c, n, path,
                       "\"%s\": a comma only groups thousands (5,000 or 1,250,000); write "
                       "decimals with a point (1.5)",
                       v);
    if (kind && !groups_whole(groups, ng))
        return yw_fail(c, n, path,
                       "\"%s\": the digits are not grouped by thousands (5 000, 1 250 000)", v);
    /* "5.000" where only whole numbers go: five, or five thousand written the continental way */
    if (whole && !kind && q[0] == '.' && strlen(q) == 4 && strspn(q + 1, "0123456789") == 3 &&
        run >= 1 && run <= 3 && s[0] != '0')
        return yw_fail(c, n, path,
                       "\"%s\" is ambiguous: %.*s or %.*s%s? A point is the decimal point; "
                       "for the thousands write %.*s%s (or %.*s,%s)",
                       v, run, s, run, s, q + 1, run, s, q + 1, run, s, q + 1);
    if (!kind)
        return SV_OK;
    snprintf(buf + o, NUM_TEXT - o, "%s", q);
    *out = buf;
    *grouped = true;
    return SV_OK;
}

sv_code yw_whole(yw *c, const yaml_node_t *n, const char *path, int64_t min, int64_t max,
                     int64_t *out)
{
    const char *raw;
    sv_code rc = yw_scalar(c, n, path, "a whole number", &raw);
    if (rc)
        return rc;
    char buf[NUM_TEXT];
    const char *v;
    bool grouped;
    TRY(number_text(c, n, path, raw, true, buf, &v, &grouped));
    int64_t x;
    sv_dec_result r = sv_decimal_parse(v, 0, &x);
    if (r == SV_DEC_TOO_PRECISE)
        return yw_fail(c, n, path, "must be a whole number, not %s", raw);
    if (r == SV_DEC_OVERFLOW)
        return yw_fail(c, n, path, "%s is far too large", raw);
    if (r != SV_DEC_OK)
        return yw_fail(c, n, path, "expected a whole number, found \"%s\"", raw);
    if (x < min)
        return yw_fail(c, n, path, "must be at least %lld, found %s", (long long)min, raw);
    if (x > max)
        return yw_fail(c, n, path, "must be at most %lld, found %s", (long long)max, raw);
    *out = x;
    return SV_OK;
}

/* A decimal at a fixed scale, within [min, max] (both at that scale), from its text. */
static sv_code fixed_text(yw *c, const yaml_node_t *n, const char *path, const char *raw, int scale,
                          int64_t min, int64_t max, const char *unit, int64_t *out)
{
    char buf[NUM_TEXT];
    const char *v;
    bool grouped;
    TRY(number_text(c, n, path, raw, false, buf, &v, &grouped));
    int64_t x;
    sv_dec_result r = sv_decimal_parse(v, scale, &x);
    char a[48], b[48];
    if (r == SV_DEC_TOO_PRECISE)
        return yw_fail(c, n, path, "%s has more than %d decimal%s", raw, scale,
                       scale == 1 ? "" : "s");
    if (r == SV_DEC_OVERFLOW)
        return yw_fail(c, n, path, "%s is far too large", raw);
    if (r != SV_DEC_OK)
        return yw_fail(c, n, path, "expected a number, found \"%s\"", raw);
    if (x < min)
        return yw_fail(c, n, path, "must be at least %s%s, found %s",
                       sv_decimal_format(min, scale, 0, a, sizeof a), unit, raw);
    if (x > max)
        return yw_fail(c, n, path, "must be at most %s%s, found %s%s",
                       sv_decimal_format(max, scale, 0, b, sizeof b), unit, raw,
                       grouped && strchr(raw, ',')
                           ? " (read as thousands: a comma groups thousands, and a point is "
                             "the decimal point)"
                           : "");
    *out = x;
    return SV_OK;
}

sv_code yw_fixed(yw *c, const yaml_node_t *n, const char *path, int scale, int64_t min, int64_t max,
                 const char *unit, int64_t *out)
{
    const char *v;
    TRY(yw_scalar(c, n, path, "a number", &v));
    return fixed_text(c, n, path, v, scale, min, max, unit, out);
}

sv_code yw_money_text(yw *c, const yaml_node_t *n, const char *path, const char *v,
                      const sv_currency *cur, sv_minor *out)
{
    /* a hundred million per unit or per budget line is beyond any apparel program */
    int64_t max = 100000000;
    for (int i = 0; i < cur->exponent; i++)
        max *= 10;
    int64_t probe;
    if (v[0] == '-' && (sv_decimal_parse(v, 18, &probe) != SV_DEC_SYNTAX || numberish(v)))
        return yw_fail(c, n, path, "must not be negative, found %s", v);
    if (cur->exponent == 0 && strchr(v, '.')) {
        int64_t tmp;
        if (sv_decimal_parse(v, 0, &tmp) == SV_DEC_TOO_PRECISE)
            return yw_fail(c, n, path, "%s has decimals, but %s has no minor unit", v, cur->code);
    }
    return fixed_text(c, n, path, v, cur->exponent, 0, max, "", out);
}

sv_code yw_money(yw *c, const yaml_node_t *n, const char *path, sv_minor *out)
{
    const char *v;
    TRY(yw_scalar(c, n, path, "an amount", &v));
    sv_currency cur = {.exponent = c->exponent};
    snprintf(cur.code, sizeof cur.code, "%s", c->currency ? c->currency : "");
    return yw_money_text(c, n, path, v, &cur, out);
}

sv_code yw_percent(yw *c, const yaml_node_t *n, const char *path, int64_t max_pct,
                       int64_t *bp)
{
    return yw_fixed(c, n, path, 2, 0, max_pct * 100, "%", bp);
}

sv_code yw_boolean(yw *c, const yaml_node_t *n, const char *path, bool *out)
{
    const char *v;
    sv_code rc = yw_scalar(c, n, path, "true or false", &v);
    if (rc)
        return rc;
    static const char *yes[] = {"true", "yes", "on"}, *no[] = {"false", "no", "off"};
    for (int i = 0; i < 3; i++) {
        if (strcasecmp(v, yes[i]) == 0) {
            *out = true;
            return SV_OK;
        }
        if (strcasecmp(v, no[i]) == 0) {
            *out = false;
            return SV_OK;
        }
    }
    return yw_fail(c, n, path, "expected true or false, found \"%s\"", v);
}

/* The letters and digits of s, lower case, into out (at most n - 1 of them). */
static void squash_word(const char *s, char *out, size_t n)
{
    size_t o = 0;
    for (; *s && o + 1 < n; s++)
        if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
            out[o++] = *s;
        else if (*s >= 'A' && *s <= 'Z')
            out[o++] = (char)(*s - 'A' + 'a');
    out[o] = '\0';
}

/* Whether a and b are one word in another spelling: the same letters and digits, or one of
 * them the other with an "s" ("legging", "tees"). */
static bool same_word(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (!la || !lb)
        return false;
    if (la == lb)
        return strcmp(a, b) == 0;
    if (la == lb + 1 && a[lb] == 's')
        return strncmp(a, b, lb) == 0;
    if (lb == la + 1 && b[la] == 's')
        return strncmp(a, b, la) == 0;
    return false;
}

const char *yw_nearest(const char *v, const char *const *names, int count, const yw_synonym *syn)
{
    char w[64], x[64];
    squash_word(v, w, sizeof w);
    /* the name in another spelling: "self funded", "T shirt", "legging" */
    for (int i = 0; i < count; i++) {
        squash_word(names[i], x, sizeof x);
        if (same_word(w, x))
            return names[i];
    }
    /* a word of the trade for it: "tee", "pyjamas", "letter of credit" */
    for (const yw_synonym *y = syn; y && y->word; y++) {
        squash_word(y->word, x, sizeof x);
        if (same_word(w, x))
            for (int i = 0; i < count; i++)
                if (strcmp(names[i], y->name) == 0)
                    return names[i];
    }
    /* a typo of a name */
    const char *near = sv_suggest(v, names, (size_t)count);
    if (near)
        return near;
    /* a typo of a word of the trade, by edit distance only (no prefixes: "retail" is no
     * channel) */
    size_t wl = strlen(w);
    int limit = wl <= 3 ? 0 : wl <= 8 ? 1 : 2, best = limit + 1;
    const char *best_name = NULL;
    for (const yw_synonym *y = syn; y && y->word && wl; y++) {
        squash_word(y->word, x, sizeof x);
        int d = sv_edit_distance(w, x);
        if (d < best)
            for (int i = 0; i < count; i++)
                if (strcmp(names[i], y->name) == 0) {
                    best = d;
                    best_name = names[i];
                }
    }
    return best_name;
}

/* One of a fixed set of names; the error lists them and suggests the closest. */
sv_code yw_choice(yw *c, const yaml_node_t *n, const char *path, const char *const *names,
                  int count, int *out)
{
    return yw_choice_syn(c, n, path, names, count, NULL, out);
}

sv_code yw_choice_syn(yw *c, const yaml_node_t *n, const char *path, const char *const *names,
                      int count, const yw_synonym *syn, int *out)
{
    const char *v;
    sv_code rc = yw_scalar(c, n, path, "a value", &v);
    if (rc)
        return rc;
    for (int i = 0; i < count; i++) {
        if (strcmp(v, names[i]) == 0) {
            *out = i;
            return SV_OK;
        }
    }
    for (int i = 0; i < count; i++) { /* "Premium" is clearly "premium" */
        if (strcasecmp(v, names[i]) == 0) {
            *out = i;
            return SV_OK;
        }
    }
    char list[400] = "";
    size_t used = 0;
    for (int i = 0; i < count && used < sizeof list - 40; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", names[i]);
    const char *near = yw_nearest(v, names, count, syn);
    if (near)
        return yw_fail(c, n, path, "unknown value \"%s\" (did you mean \"%s\"?); one of: %s", v,
                    near, list);
    return yw_fail(c, n, path, "unknown value \"%s\"; one of: %s", v, list);
}


/* Walk a mapping: check every key is known and not repeated. yw_get() then finds values. */
sv_code yw_check_keys(yw *c, const yaml_node_t *map, const char *path,
                          const char *const *known)
{
    if (map->type != YAML_MAPPING_NODE)
        return yw_fail(c, map, path, "expected a mapping of keys, found %s", yw_kind_name(map));
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yw_node_at(c, p->key);
        char kpath[PATH_LEN];
        if (!k || k->type != YAML_SCALAR_NODE)
            return yw_fail(c, k, path, "keys must be plain names");
        const char *key = (const char *)k->data.scalar.value;
        if (strlen(key) != k->data.scalar.length)
            return yw_fail(c, k, path, "a key contains a NUL byte");
        snprintf(kpath, sizeof kpath, "%s%s%s", path, *path ? "." : "", key);
        bool ok = false;
        for (int i = 0; known[i]; i++)
            if (strcmp(known[i], key) == 0)
                ok = true;
        if (!ok && p > map->data.mapping.pairs.start && strlen(key) == 3 &&
            strspn(key, "0123456789") == 3) {
            /* { units: 5,000 }: in a flow mapping the comma ended the number */
            yaml_node_t *prev = yw_node_at(c, p[-1].value);
            if (prev && prev->type == YAML_SCALAR_NODE &&
                prev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                strspn((const char *)prev->data.scalar.value, "0123456789") ==
                    prev->data.scalar.length)
                return yw_fail(c, k, kpath,
                               "\"%s\" looks like the end of a number grouped with a comma "
                               "(%s,%s): inside { } or [ ] a comma separates entries; write "
                               "%s%s, quote it (\"%s,%s\") or put the key on a line of its own",
                               key, (const char *)prev->data.scalar.value, key,
                               (const char *)prev->data.scalar.value, key,
                               (const char *)prev->data.scalar.value, key);
        }
        if (!ok) {
            const char *near = sv_suggest(key, known, 0);
            char list[300] = "";
            size_t used = 0;
            for (int i = 0; known[i] && used < sizeof list - 40; i++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                         known[i]);
            if (near)
                return yw_fail(c, k, kpath, "unknown key \"%s\" (did you mean \"%s\"?)", key, near);
            return yw_fail(c, k, kpath, "unknown key \"%s\"; known keys here: %s", key, list);
        }
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            yaml_node_t *k2 = yw_node_at(c, q->key);
            if (k2 && k2->type == YAML_SCALAR_NODE &&
                strcmp((const char *)k2->data.scalar.value, key) == 0)
                return yw_fail(c, k, kpath, "key \"%s\" appears twice (first on line %d)", key,
                            (int)k2->start_mark.line + 1);
        }
    }
    return SV_OK;
}

/* The value of key in a mapping already checked by check_keys, or NULL when absent or
 * explicitly null. */
yaml_node_t *yw_get(yw *c, const yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yw_node_at(c, p->key);
        if (k && strcmp((const char *)k->data.scalar.value, key) == 0) {
            yaml_node_t *v = yw_node_at(c, p->value);
            return (v && !yw_is_null_scalar(v)) ? v : NULL;
        }
    }
    return NULL;
}

sv_code yw_required(yw *c, const yaml_node_t *map, const char *path, const char *key,
                        yaml_node_t **out)
{
    *out = yw_get(c, map, key);
    if (*out)
        return SV_OK;
    char kpath[PATH_LEN];
    snprintf(kpath, sizeof kpath, "%s%s%s", path, *path ? "." : "", key);
    return yw_fail(c, map, kpath, "required field \"%s\" is missing", key);
}

sv_code yw_list(yw *c, const yaml_node_t *n, const char *path, size_t max, size_t *count)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return yw_fail(c, n, path, "expected a list, found %s", yw_kind_name(n));
    size_t len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (len > max)
        return yw_fail(c, n, path, "has %zu entries, at most %zu are accepted", len, max);
    *count = len;
    return SV_OK;
}

yaml_node_t *yw_item(yw *c, const yaml_node_t *seq, size_t i)
{
    return yw_node_at(c, seq->data.sequence.items.start[i]);
}



sv_code yw_parse_country(yw *c, const yaml_node_t *n, const char *path, bool allow_eu,
                             char out[3])
{
    const char *v;
    TRY(yw_scalar(c, n, path, "a country code", &v));
    if (allow_eu && sv_destination_is_eu(v)) {
        memcpy(out, "EU", 3);
        return SV_OK;
    }
    const sv_country *k = sv_country_find(v);
    if (!k)
        return yw_fail(c, n, path, "unknown country \"%s\" (use an ISO 3166 alpha-2 code such as "
                                "US, GB, PT%s)", v, allow_eu ? ", or EU" : "");
    memcpy(out, k->alpha2, 3);
    return SV_OK;
}

/* Line and column (1-based) of a byte offset, counting UTF-8 characters for the column. An
 * offset at or past the end (libyaml adds a virtual line break there) is placed just after the
 * last character, on the last line. */
void yw_position_of(const char *text, size_t len, size_t offset, int *line, int *col)
{
    if (offset > len)
        offset = len;
    if (offset == len && len > 0 && text[len - 1] == '\n')
        offset = len - 1; /* an error "after the end" belongs to the last line */
    int l = 1, c = 1;
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* Where libyaml gave up: reader errors (a NUL byte, invalid UTF-8) only set an offset. */
void yw_problem_position(const yaml_parser_t *ps, const char *text, size_t len, int *line,
                             int *col)
{
    size_t at = ps->error == YAML_READER_ERROR ? ps->problem_offset : ps->problem_mark.index;
    yw_position_of(text, len, at, line, col);
}

/* libyaml's parser slows down quadratically with flow nesting ([[[[...) and a file under the
 * size cap can nest a million deep; no program file nests more than a few levels. */

bool yw_too_deep(const char *text, size_t len, int *line, int *col)
{
    int depth = 0;
    char quote = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        if (quote) {
            if (ch == quote)
                quote = 0;
            else if (ch == '\\' && quote == '"' && i + 1 < len)
                i++;
            continue;
        }
        /* a quote opens a quoted scalar only where a token starts (not "Women's") */
        bool token_start = i == 0 || strchr(" \t\n:[{,-", text[i - 1]) != NULL;
        if (ch == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n')) {
            while (i < len && text[i] != '\n')
                i++;
        } else if ((ch == '"' || ch == '\'') && token_start) {
            quote = ch;
        } else if (ch == '[' || ch == '{') {
            if (++depth > MAX_FLOW_DEPTH) {
                yw_position_of(text, len, i, line, col);
                return true;
            }
        } else if ((ch == ']' || ch == '}') && depth > 0) {
            depth--;
        }
    }
    return false;
}

/* The key a node is the value of ("name"), or of whose list it is an item ("sizes[2]"); "" for
 * a key itself or the root. */
static void field_of(yaml_document_t *doc, int id, char *out, size_t size)
{
    snprintf(out, size, "%s", "");
    for (int pass = 0; pass < 2; pass++) {
        int want = id;
        size_t item = 0;
        if (pass == 1) { /* an item of a list: then the list's key */
            want = 0;
            for (yaml_node_t *n = doc->nodes.start; n < doc->nodes.top && !want; n++) {
                if (n->type != YAML_SEQUENCE_NODE)
                    continue;
                for (yaml_node_item_t *it = n->data.sequence.items.start;
                     it < n->data.sequence.items.top; it++)
                    if (*it == id) {
                        want = (int)(n - doc->nodes.start) + 1;
                        item = (size_t)(it - n->data.sequence.items.start);
                        break;
                    }
            }
            if (!want)
                return;
        }
        for (yaml_node_t *n = doc->nodes.start; n < doc->nodes.top; n++) {
            if (n->type != YAML_MAPPING_NODE)
                continue;
            for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
                 pr++) {
                if (pr->value != want)
                    continue;
                yaml_node_t *k = yaml_document_get_node(doc, pr->key);
                if (!k || k->type != YAML_SCALAR_NODE ||
                    tc_control((const char *)k->data.scalar.value, k->data.scalar.length, false) >=
                        0)
                    return;
                if (pass == 0)
                    snprintf(out, size, "%s", (const char *)k->data.scalar.value);
                else
                    snprintf(out, size, "%s[%zu]", (const char *)k->data.scalar.value, item);
                return;
            }
        }
    }
}

/* No scalar of the document, key or value, holds a character a terminal acts on (from
 * escapes: "\e", "\x1b", "\u009b"...; libyaml refuses them written raw, but not the
 * bidirectional overrides). No value selvedge reads is more than one line. A NUL is left to
 * yw_scalar, which says so. */
static sv_code check_controls(const char *name, yaml_document_t *doc, sv_err *e)
{
    for (yaml_node_t *n = doc->nodes.start; n < doc->nodes.top; n++) {
        if (n->type != YAML_SCALAR_NODE)
            continue;
        const char *v = (const char *)n->data.scalar.value;
        size_t len = n->data.scalar.length;
        int32_t cp = -1;
        for (size_t at = 0; at < len && cp < 0;) {
            const char *nul = memchr(v + at, '\0', len - at);
            size_t upto = nul ? (size_t)(nul - v) : len;
            cp = tc_control(v + at, upto - at, false);
            at = upto + 1;
        }
        if (cp < 0)
            continue;
        char field[PATH_LEN], what[48];
        field_of(doc, (int)(n - doc->nodes.start) + 1, field, sizeof field);
        bool key = !field[0] && n != doc->nodes.start;
        int line = (int)n->start_mark.line + 1, col = (int)n->start_mark.column + 1;
        if (cp == '\n')
            return sv_err_at(e, SV_ERR_SCHEMA, name, line, col, field,
                             "%s holds a line break: a value here is one line",
                             key ? "a key" : "the value");
        return sv_err_at(e, SV_ERR_SCHEMA, name, line, col, field,
                         "%s holds a control character, %s: remove it", key ? "a key" : "the value",
                         tc_describe(cp, what, sizeof what));
    }
    return SV_OK;
}

sv_code yw_load(const char *text, size_t len, const char *name, yaml_document_t *doc, sv_err *e,
                const char *empty_msg)
{
    yaml_parser_t parser;
    int dl, dc;
    if (yw_too_deep(text, len, &dl, &dc))
        return sv_err_at(e, SV_ERR_SYNTAX, name, dl, dc, NULL,
                         "lists and mappings nest more than %d deep here", MAX_FLOW_DEPTH);
    if (!yaml_parser_initialize(&parser))
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    sv_code rc = SV_OK;
    if (!yaml_parser_load(&parser, doc)) {
        /* libyaml reports where it gave up; where the construct it was reading began (an
         * unclosed bracket or quote) is the context mark, and is usually what to fix. */
        const char *what = parser.problem ? parser.problem : "malformed YAML";
        char ctxbuf[160] = "";
        if (parser.context)
            snprintf(ctxbuf, sizeof ctxbuf, " %s started at line %d, column %d", parser.context,
                     (int)parser.context_mark.line + 1, (int)parser.context_mark.column + 1);
        if (parser.problem_mark.index < len && text[parser.problem_mark.index] == '\t')
            snprintf(ctxbuf, sizeof ctxbuf, " (a tab: YAML indents with spaces only)");
        int pl, pc;
        yw_problem_position(&parser, text, len, &pl, &pc);
        rc = sv_err_at(e, SV_ERR_SYNTAX, name, pl, pc, NULL, "%s%s%s", what,
                       parser.context && ctxbuf[1] != '(' ? ";" : "", ctxbuf);
        yaml_parser_delete(&parser);
        return rc;
    }
    if (!yaml_document_get_root_node(doc)) {
        rc = sv_err_at(e, SV_ERR_SCHEMA, name, 1, 1, NULL, "%s", empty_msg);
        goto fail;
    }
    /* a second document in the same file is almost certainly a mistake */
    yaml_document_t extra;
    if (yaml_parser_load(&parser, &extra)) {
        bool more = yaml_document_get_root_node(&extra) != NULL;
        int line, col;
        yw_position_of(text, len, extra.start_mark.index, &line, &col);
        yaml_document_delete(&extra);
        if (more) {
            rc = sv_err_at(e, SV_ERR_SCHEMA, name, line, col, NULL,
                           "a second YAML document starts here; this file holds one");
            goto fail;
        }
        if ((rc = check_controls(name, doc, e)))
            goto fail;
    } else {
        int pl, pc;
        yw_problem_position(&parser, text, len, &pl, &pc);
        rc = sv_err_at(e, SV_ERR_SYNTAX, name, pl, pc, NULL, "%s",
                       parser.problem ? parser.problem : "malformed YAML");
        goto fail;
    }
    yaml_parser_delete(&parser);
    return SV_OK;
fail:
    yaml_document_delete(doc);
    yaml_parser_delete(&parser);
    return rc;
}

sv_code yw_read_file(const char *path, size_t max, char **buf, size_t *len, sv_err *e)
{
    *buf = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return sv_err_at(e, SV_ERR_IO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    /* size the buffer from the file, not the cap: most files are a few kilobytes */
    struct stat stt;
    size_t want = max + 1;
    if (fstat(fileno(f), &stt) == 0 && S_ISREG(stt.st_mode) && (size_t)stt.st_size < max)
        want = (size_t)stt.st_size + 1;
    char *b = malloc(want + 1);
    if (!b) {
        fclose(f);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    size_t n = fread(b, 1, want, f);
    if (n == want && want <= max) {
        /* the file grew since fstat: read the rest up to the cap */
        size_t cap = max + 1;
        char *nb = realloc(b, cap + 1);
        if (!nb) {
            free(b);
            fclose(f);
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        }
        b = nb;
        n += fread(b + n, 1, cap - n, f);
    }
    sv_code rc = SV_OK;
    if (ferror(f))
        rc = sv_err_at(e, SV_ERR_IO, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
    else if (n > max)
        rc = sv_err_at(e, SV_ERR_IO, path, 0, 0, NULL, "file is too large (more than %zu bytes)",
                       max);
    fclose(f);
    if (rc) {
        free(b);
        return rc;
    }
    *buf = b;
    *len = n;
    return SV_OK;
}
