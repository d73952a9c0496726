/* The program file: YAML read with libyaml's document loader, then walked against the
 * schema by hand so that every error names file:line:column and the field's dotted path.
 *
 * Structural requirements (a brand with a name and a currency, a program with a
 * destination, each style's code, each colour's name and units) are errors here. What a
 * factory would judge (no positioning, no tech pack, no sampling budget, no styles) loads
 * fine and becomes a finding of `selvedge check`: a founder should see all of those at once,
 * not one parse error at a time. */
#include "selvedge/program_yaml.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "selvedge/country.h"
#include "selvedge/suggest.h"

/* Caps that keep a hostile file (aliases repeating a big list) from exploding the walk. */
enum { MAX_STYLES = 1000, MAX_COLORS = 200, MAX_SIZES = 60, MAX_LIST = 200, PATH_LEN = 128 };

typedef struct ctx {
    const char *file;
    yaml_document_t *doc;
    sv_program *prog;
    sv_err *err;
    int exponent; /* of the brand's currency */
} ctx;

static yaml_node_t *node_at(ctx *c, int id)
{
    return yaml_document_get_node(c->doc, id);
}

static sv_code fail(ctx *c, const yaml_node_t *n, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static sv_code fail(ctx *c, const yaml_node_t *n, const char *path, const char *fmt, ...)
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

static const char *kind_name(const yaml_node_t *n)
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

static bool is_null_scalar(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = (const char *)n->data.scalar.value;
    return n->data.scalar.length == 0 || strcmp(v, "~") == 0 || strcasecmp(v, "null") == 0;
}

/* A scalar's text, or an error naming what was there instead. */
static sv_code scalar(ctx *c, const yaml_node_t *n, const char *path, const char *want,
                      const char **out)
{
    if (n->type != YAML_SCALAR_NODE || is_null_scalar(n))
        return fail(c, n, path, "expected %s, found %s", want, kind_name(n));
    if (strlen((const char *)n->data.scalar.value) != n->data.scalar.length)
        return fail(c, n, path, "contains a NUL byte");
    *out = (const char *)n->data.scalar.value;
    return SV_OK;
}

static sv_code text(ctx *c, const yaml_node_t *n, const char *path, const char **out)
{
    const char *v;
    sv_code rc = scalar(c, n, path, "text", &v);
    if (rc)
        return rc;
    /* trim: "  Black " and "Black" are the same colour */
    while (*v == ' ' || *v == '\t')
        v++;
    size_t len = strlen(v);
    while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
        len--;
    if (len == 0)
        return fail(c, n, path, "must not be empty");
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)v[i] & 0xC0) != 0x80;
    if (chars > 200)
        return fail(c, n, path, "is too long (%zu characters, at most 200)", chars);
    *out = sv_pool_strndup(c->prog->pool, v, len);
    return *out ? SV_OK : sv_err_set(c->err, SV_ERR_NOMEM, "out of memory");
}

static sv_code whole(ctx *c, const yaml_node_t *n, const char *path, int64_t min, int64_t max,
                     int64_t *out)
{
    const char *v;
    sv_code rc = scalar(c, n, path, "a whole number", &v);
    if (rc)
        return rc;
    int64_t x;
    sv_dec_result r = sv_decimal_parse(v, 0, &x);
    if (r == SV_DEC_TOO_PRECISE)
        return fail(c, n, path, "must be a whole number, not %s", v);
    if (r == SV_DEC_OVERFLOW)
        return fail(c, n, path, "%s is far too large", v);
    if (r != SV_DEC_OK)
        return fail(c, n, path, "expected a whole number, found \"%s\"", v);
    if (x < min)
        return fail(c, n, path, "must be at least %lld, found %lld", (long long)min,
                    (long long)x);
    if (x > max)
        return fail(c, n, path, "must be at most %lld, found %lld", (long long)max,
                    (long long)x);
    *out = x;
    return SV_OK;
}

/* A decimal at a fixed scale, within [min, max] (both at that scale). */
static sv_code fixed(ctx *c, const yaml_node_t *n, const char *path, int scale, int64_t min,
                     int64_t max, const char *unit, int64_t *out)
{
    const char *v;
    sv_code rc = scalar(c, n, path, "a number", &v);
    if (rc)
        return rc;
    int64_t x;
    sv_dec_result r = sv_decimal_parse(v, scale, &x);
    char a[48], b[48];
    if (r == SV_DEC_TOO_PRECISE)
        return fail(c, n, path, "%s has more than %d decimal%s", v, scale, scale == 1 ? "" : "s");
    if (r == SV_DEC_OVERFLOW)
        return fail(c, n, path, "%s is far too large", v);
    if (r != SV_DEC_OK)
        return fail(c, n, path, "expected a number, found \"%s\"", v);
    if (x < min)
        return fail(c, n, path, "must be at least %s%s, found %s", sv_decimal_format(min, scale, 0, a, sizeof a), unit, v);
    if (x > max)
        return fail(c, n, path, "must be at most %s%s, found %s",
                    sv_decimal_format(max, scale, 0, b, sizeof b), unit, v);
    *out = x;
    return SV_OK;
}

static sv_code money(ctx *c, const yaml_node_t *n, const char *path, sv_minor *out)
{
    /* a hundred million per unit or per budget line is beyond any apparel program */
    int64_t max = 100000000;
    for (int i = 0; i < c->exponent; i++)
        max *= 10;
    const char *v;
    sv_code rc = scalar(c, n, path, "an amount", &v);
    if (rc)
        return rc;
    int64_t probe;
    if (v[0] == '-' && sv_decimal_parse(v, 18, &probe) != SV_DEC_SYNTAX)
        return fail(c, n, path, "must not be negative, found %s", v);
    if (c->exponent == 0 && strchr(v, '.')) {
        int64_t tmp;
        if (sv_decimal_parse(v, 0, &tmp) == SV_DEC_TOO_PRECISE)
            return fail(c, n, path, "%s has decimals, but %s has no minor unit", v,
                        c->prog->brand.currency->code);
    }
    return fixed(c, n, path, c->exponent, 0, max, "", out);
}

static sv_code percent(ctx *c, const yaml_node_t *n, const char *path, int64_t max_pct,
                       int64_t *bp)
{
    return fixed(c, n, path, 2, 0, max_pct * 100, "%", bp);
}

static sv_code boolean(ctx *c, const yaml_node_t *n, const char *path, bool *out)
{
    const char *v;
    sv_code rc = scalar(c, n, path, "true or false", &v);
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
    return fail(c, n, path, "expected true or false, found \"%s\"", v);
}

/* One of a fixed set of names; the error lists them and suggests the closest. */
static sv_code choice(ctx *c, const yaml_node_t *n, const char *path, const char *const *names,
                      int count, int *out)
{
    const char *v;
    sv_code rc = scalar(c, n, path, "a value", &v);
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
    const char *near = sv_suggest(v, names, (size_t)count);
    if (near)
        return fail(c, n, path, "unknown value \"%s\" (did you mean \"%s\"?); one of: %s", v,
                    near, list);
    return fail(c, n, path, "unknown value \"%s\"; one of: %s", v, list);
}

#define ENUM_NAMES(var, count, namefn)                                                             \
    const char *var[count];                                                                        \
    for (int i_ = 0; i_ < (count); i_++)                                                           \
        var[i_] = namefn(i_);

/* Walk a mapping: check every key is known and not repeated. get() then finds values. */
static sv_code check_keys(ctx *c, const yaml_node_t *map, const char *path,
                          const char *const *known)
{
    if (map->type != YAML_MAPPING_NODE)
        return fail(c, map, path, "expected a mapping of keys, found %s", kind_name(map));
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node_at(c, p->key);
        char kpath[PATH_LEN];
        if (!k || k->type != YAML_SCALAR_NODE)
            return fail(c, k, path, "keys must be plain names");
        const char *key = (const char *)k->data.scalar.value;
        if (strlen(key) != k->data.scalar.length)
            return fail(c, k, path, "a key contains a NUL byte");
        snprintf(kpath, sizeof kpath, "%s%s%s", path, *path ? "." : "", key);
        bool ok = false;
        for (int i = 0; known[i]; i++)
            if (strcmp(known[i], key) == 0)
                ok = true;
        if (!ok) {
            const char *near = sv_suggest(key, known, 0);
            char list[300] = "";
            size_t used = 0;
            for (int i = 0; known[i] && used < sizeof list - 40; i++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                         known[i]);
            if (near)
                return fail(c, k, kpath, "unknown key \"%s\" (did you mean \"%s\"?)", key, near);
            return fail(c, k, kpath, "unknown key \"%s\"; known keys here: %s", key, list);
        }
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            yaml_node_t *k2 = node_at(c, q->key);
            if (k2 && k2->type == YAML_SCALAR_NODE &&
                strcmp((const char *)k2->data.scalar.value, key) == 0)
                return fail(c, k, kpath, "key \"%s\" appears twice (first on line %d)", key,
                            (int)k2->start_mark.line + 1);
        }
    }
    return SV_OK;
}

/* The value of key in a mapping already checked by check_keys, or NULL when absent or
 * explicitly null. */
static yaml_node_t *get(ctx *c, const yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node_at(c, p->key);
        if (k && strcmp((const char *)k->data.scalar.value, key) == 0) {
            yaml_node_t *v = node_at(c, p->value);
            return (v && !is_null_scalar(v)) ? v : NULL;
        }
    }
    return NULL;
}

static sv_code required(ctx *c, const yaml_node_t *map, const char *path, const char *key,
                        yaml_node_t **out)
{
    *out = get(c, map, key);
    if (*out)
        return SV_OK;
    char kpath[PATH_LEN];
    snprintf(kpath, sizeof kpath, "%s%s%s", path, *path ? "." : "", key);
    return fail(c, map, kpath, "required field \"%s\" is missing", key);
}

static sv_code list(ctx *c, const yaml_node_t *n, const char *path, size_t max, size_t *count)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return fail(c, n, path, "expected a list, found %s", kind_name(n));
    size_t len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (len > max)
        return fail(c, n, path, "has %zu entries, at most %zu are accepted", len, max);
    *count = len;
    return SV_OK;
}

static yaml_node_t *item(ctx *c, const yaml_node_t *seq, size_t i)
{
    return node_at(c, seq->data.sequence.items.start[i]);
}

#define TRY(expr)                                                                                  \
    do {                                                                                           \
        sv_code rc_ = (expr);                                                                      \
        if (rc_)                                                                                   \
            return rc_;                                                                            \
    } while (0)

#define NEW_ARRAY(ptr, n)                                                                          \
    do {                                                                                           \
        (ptr) = sv_pool_alloc(c->prog->pool, sizeof *(ptr) * ((n) ? (n) : 1));                     \
        if (!(ptr))                                                                                \
            return sv_err_set(c->err, SV_ERR_NOMEM, "out of memory");                              \
    } while (0)

static sv_code parse_country(ctx *c, const yaml_node_t *n, const char *path, bool allow_eu,
                             char out[3])
{
    const char *v;
    TRY(scalar(c, n, path, "a country code", &v));
    if (allow_eu && sv_destination_is_eu(v)) {
        memcpy(out, "EU", 3);
        return SV_OK;
    }
    const sv_country *k = sv_country_find(v);
    if (!k)
        return fail(c, n, path, "unknown country \"%s\" (use an ISO 3166 alpha-2 code such as "
                                "US, GB, PT%s)", v, allow_eu ? ", or EU" : "");
    memcpy(out, k->alpha2, 3);
    return SV_OK;
}

static sv_code parse_brand(ctx *c, const yaml_node_t *m)
{
    static const char *const keys[] = {"name",          "positioning",   "channels",
                                       "currency",      "funding",       "team",
                                       "sampling_budget", "payment_terms", "growth_plan",
                                       NULL};
    sv_brand *b = &c->prog->brand;
    yaml_node_t *n;
    TRY(check_keys(c, m, "brand", keys));
    TRY(required(c, m, "brand", "name", &n));
    TRY(text(c, n, "brand.name", &b->name));

    TRY(required(c, m, "brand", "currency", &n));
    const char *cur;
    TRY(scalar(c, n, "brand.currency", "a currency code", &cur));
    b->currency = sv_currency_find(cur);
    if (!b->currency)
        return fail(c, n, "brand.currency",
                    "unknown currency \"%s\" (use an ISO 4217 code such as USD, EUR, GBP)", cur);
    c->exponent = b->currency->exponent;

    b->positioning = SV_TIER_UNSET;
    if ((n = get(c, m, "positioning"))) {
        ENUM_NAMES(names, SV_TIER__COUNT, sv_tier_name);
        int v;
        TRY(choice(c, n, "brand.positioning", names, SV_TIER__COUNT, &v));
        b->positioning = (sv_tier)v;
    }
    if ((n = get(c, m, "channels"))) {
        size_t cnt;
        TRY(list(c, n, "brand.channels", MAX_LIST, &cnt));
        ENUM_NAMES(names, SV_CHANNEL__COUNT, sv_channel_name);
        for (size_t i = 0; i < cnt; i++) {
            char p[PATH_LEN];
            snprintf(p, sizeof p, "brand.channels[%zu]", i);
            int v;
            TRY(choice(c, item(c, n, i), p, names, SV_CHANNEL__COUNT, &v));
            if (!b->channels[v])
                b->n_channels++;
            b->channels[v] = true;
        }
    }
    b->funding = SV_FUNDING_UNSET;
    if ((n = get(c, m, "funding"))) {
        ENUM_NAMES(names, SV_FUNDING__COUNT, sv_funding_name);
        int v;
        TRY(choice(c, n, "brand.funding", names, SV_FUNDING__COUNT, &v));
        b->funding = (sv_funding)v;
    }
    b->tech_design = SV_STAFF_UNSET;
    b->production_experience_years = SV_UNSET;
    if ((n = get(c, m, "team"))) {
        static const char *const tkeys[] = {"tech_design", "production_experience_years", NULL};
        TRY(check_keys(c, n, "brand.team", tkeys));
        yaml_node_t *v;
        if ((v = get(c, n, "tech_design"))) {
            ENUM_NAMES(names, SV_STAFF__COUNT, sv_staffing_name);
            int x;
            TRY(choice(c, v, "brand.team.tech_design", names, SV_STAFF__COUNT, &x));
            b->tech_design = (sv_staffing)x;
        }
        if ((v = get(c, n, "production_experience_years")))
            TRY(whole(c, v, "brand.team.production_experience_years", 0, 80,
                      &b->production_experience_years));
    }
    b->sampling_budget = SV_UNSET;
    if ((n = get(c, m, "sampling_budget")))
        TRY(money(c, n, "brand.sampling_budget", &b->sampling_budget));
    b->deposit_bp = SV_UNSET;
    b->balance = SV_BALANCE_UNSET;
    if ((n = get(c, m, "payment_terms"))) {
        static const char *const pkeys[] = {"deposit_pct", "balance", NULL};
        TRY(check_keys(c, n, "brand.payment_terms", pkeys));
        b->has_payment_terms = true;
        yaml_node_t *v;
        if ((v = get(c, n, "deposit_pct")))
            TRY(percent(c, v, "brand.payment_terms.deposit_pct", 100, &b->deposit_bp));
        if ((v = get(c, n, "balance"))) {
            ENUM_NAMES(names, SV_BALANCE__COUNT, sv_balance_name);
            int x;
            TRY(choice(c, v, "brand.payment_terms.balance", names, SV_BALANCE__COUNT, &x));
            b->balance = (sv_balance)x;
        }
    }
    if ((n = get(c, m, "growth_plan"))) {
        size_t cnt;
        TRY(list(c, n, "brand.growth_plan", 40, &cnt));
        NEW_ARRAY(b->growth, cnt);
        static const char *const gkeys[] = {"season", "units", NULL};
        for (size_t i = 0; i < cnt; i++) {
            char p[PATH_LEN], q[PATH_LEN];
            yaml_node_t *e = item(c, n, i), *v;
            snprintf(p, sizeof p, "brand.growth_plan[%zu]", i);
            TRY(check_keys(c, e, p, gkeys));
            TRY(required(c, e, p, "season", &v));
            snprintf(q, sizeof q, "%s.season", p);
            TRY(text(c, v, q, &b->growth[i].season));
            TRY(required(c, e, p, "units", &v));
            snprintf(q, sizeof q, "%s.units", p);
            TRY(whole(c, v, q, 1, 100000000, &b->growth[i].units));
            for (size_t j = 0; j < i; j++)
                if (strcasecmp(b->growth[j].season, b->growth[i].season) == 0)
                    return fail(c, e, p, "season \"%s\" is planned twice", b->growth[i].season);
        }
        b->n_growth = cnt;
    }
    return SV_OK;
}

static sv_code parse_techpack(ctx *c, const yaml_node_t *n, const char *path, sv_techpack *t)
{
    static const char *const keys[] = {"sketch", "bom",    "measurements", "grading",
                                       "construction", "labels", "packaging", NULL};
    bool *fields[] = {&t->sketch, &t->bom, &t->measurements, &t->grading, &t->construction,
                      &t->labels, &t->packaging};
    TRY(check_keys(c, n, path, keys));
    t->present = true;
    for (int i = 0; keys[i]; i++) {
        yaml_node_t *v = get(c, n, keys[i]);
        if (!v)
            continue;
        char p[PATH_LEN];
        snprintf(p, sizeof p, "%s.%s", path, keys[i]);
        TRY(boolean(c, v, p, fields[i]));
    }
    return SV_OK;
}

static sv_code parse_cost(ctx *c, const yaml_node_t *n, const char *path, sv_costsheet *k)
{
    static const char *const keys[] = {"fabric", "trims",        "cmt",
                                       "wash_print", "packaging", "overhead_pct",
                                       "factory_margin_pct", NULL};
    static const char *const fkeys[] = {"consumption_m",  "price_per_m", "consumption_kg",
                                        "price_per_kg",   "wastage_pct", NULL};
    char p[PATH_LEN], q[PATH_LEN];
    yaml_node_t *v, *f;
    TRY(check_keys(c, n, path, keys));
    k->present = true;
    snprintf(p, sizeof p, "%s.fabric", path);
    TRY(required(c, n, path, "fabric", &f));
    TRY(check_keys(c, f, p, fkeys));
    /* woven and knit fabric is bought by the metre, knitwear yarn by the kilogram */
    bool m = get(c, f, "consumption_m") || get(c, f, "price_per_m");
    bool kg = get(c, f, "consumption_kg") || get(c, f, "price_per_kg");
    if (m && kg)
        return fail(c, f, p, "give either consumption_m and price_per_m (fabric) or "
                             "consumption_kg and price_per_kg (yarn), not both");
    k->by_kg = kg;
    const char *ck = kg ? "consumption_kg" : "consumption_m";
    const char *pk = kg ? "price_per_kg" : "price_per_m";
    snprintf(q, sizeof q, "%s.%s", p, ck);
    TRY(required(c, f, p, ck, &v));
    TRY(fixed(c, v, q, 3, 1, 20000, kg ? " kg" : " m", &k->consumption_mm));
    snprintf(q, sizeof q, "%s.%s", p, pk);
    TRY(required(c, f, p, pk, &v));
    TRY(money(c, v, q, &k->price_per_m));
    k->wastage_bp = SV_UNSET;
    if ((v = get(c, f, "wastage_pct"))) {
        snprintf(q, sizeof q, "%s.wastage_pct", p);
        TRY(percent(c, v, q, 50, &k->wastage_bp));
    }
    struct {
        const char *key;
        sv_minor *dst;
        bool req;
    } amounts[] = {{"trims", &k->trims, true},
                   {"cmt", &k->cmt, true},
                   {"wash_print", &k->wash_print, false},
                   {"packaging", &k->packaging, false}};
    for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
        snprintf(q, sizeof q, "%s.%s", path, amounts[i].key);
        if (amounts[i].req)
            TRY(required(c, n, path, amounts[i].key, &v));
        else if (!(v = get(c, n, amounts[i].key))) {
            *amounts[i].dst = 0;
            continue;
        }
        TRY(money(c, v, q, amounts[i].dst));
    }
    k->overhead_bp = k->margin_bp = SV_UNSET;
    if ((v = get(c, n, "overhead_pct"))) {
        snprintf(q, sizeof q, "%s.overhead_pct", path);
        TRY(percent(c, v, q, 100, &k->overhead_bp));
    }
    if ((v = get(c, n, "factory_margin_pct"))) {
        snprintf(q, sizeof q, "%s.factory_margin_pct", path);
        TRY(percent(c, v, q, 100, &k->margin_bp));
    }
    return SV_OK;
}

/* timeline: what the brand's factory told it about durations, for the T&A calendar. */
static sv_code parse_timeline(ctx *c, const yaml_node_t *n, const char *path, sv_timeline *t)
{
    static const char *const keys[] = {"fabric", "fit_rounds", "lab_dip_rounds",
                                       "output_per_day", "days", NULL};
    char p[PATH_LEN];
    yaml_node_t *v;
    TRY(check_keys(c, n, path, keys));
    t->present = true;
    if ((v = get(c, n, "fabric"))) {
        ENUM_NAMES(names, SV_FABRIC__COUNT, sv_fabric_source_name);
        int x;
        snprintf(p, sizeof p, "%s.fabric", path);
        TRY(choice(c, v, p, names, SV_FABRIC__COUNT, &x));
        t->fabric = (sv_fabric_source)x;
    }
    if ((v = get(c, n, "fit_rounds"))) {
        snprintf(p, sizeof p, "%s.fit_rounds", path);
        TRY(whole(c, v, p, 0, 8, &t->fit_rounds));
    }
    if ((v = get(c, n, "lab_dip_rounds"))) {
        snprintf(p, sizeof p, "%s.lab_dip_rounds", path);
        TRY(whole(c, v, p, 0, 8, &t->lab_dip_rounds));
    }
    if ((v = get(c, n, "output_per_day"))) {
        snprintf(p, sizeof p, "%s.output_per_day", path);
        TRY(whole(c, v, p, 1, 100000, &t->days[SV_STAGE_OUTPUT_PER_DAY]));
    }
    if ((v = get(c, n, "days"))) {
        const char *names[SV_STAGE__COUNT + 1];
        int k = 0;
        for (int i = 0; i < SV_STAGE__COUNT; i++)
            if (i != SV_STAGE_OUTPUT_PER_DAY)
                names[k++] = sv_stage_name((sv_stage)i);
        names[k] = NULL;
        snprintf(p, sizeof p, "%s.days", path);
        TRY(check_keys(c, v, p, names));
        for (int i = 0; i < SV_STAGE__COUNT; i++) {
            yaml_node_t *d;
            if (i == SV_STAGE_OUTPUT_PER_DAY || !(d = get(c, v, sv_stage_name((sv_stage)i))))
                continue;
            char q[PATH_LEN];
            snprintf(q, sizeof q, "%s.%s", p, sv_stage_name((sv_stage)i));
            TRY(whole(c, d, q, 0, 365, &t->days[i]));
        }
    }
    return SV_OK;
}

static sv_code parse_style(ctx *c, const yaml_node_t *m, size_t idx, sv_style *s)
{
    static const char *const keys[] = {
        "code",        "name",  "category",  "tier",   "gender",    "construction",
        "fabric",      "retail_price", "wholesale_price", "target_fob", "sizes",
        "colors",      "tech_pack", "cost", "timeline", NULL};
    char path[PATH_LEN], p[PATH_LEN];
    yaml_node_t *n;
    snprintf(path, sizeof path, "program.styles[%zu]", idx);
    TRY(check_keys(c, m, path, keys));
    s->line = (int)m->start_mark.line + 1;
    snprintf(p, sizeof p, "%s.code", path);
    TRY(required(c, m, path, "code", &n));
    TRY(text(c, n, p, &s->code));
    snprintf(path, sizeof path, "program.styles[%s]", s->code); /* name it from here on */
    if ((n = get(c, m, "name"))) {
        snprintf(p, sizeof p, "%s.name", path);
        TRY(text(c, n, p, &s->name));
    }

#define STYLE_ENUM(key, field, type, count, namefn, unset)                                        \
    do {                                                                                           \
        s->field = unset;                                                                          \
        if ((n = get(c, m, key))) {                                                                \
            ENUM_NAMES(names, count, namefn);                                                      \
            int v_;                                                                                \
            snprintf(p, sizeof p, "%s.%s", path, key);                                             \
            TRY(choice(c, n, p, names, count, &v_));                                               \
            s->field = (type)v_;                                                                   \
        }                                                                                          \
    } while (0)
    STYLE_ENUM("category", category, sv_category, SV_CAT__COUNT, sv_category_name, SV_CAT_UNSET);
    STYLE_ENUM("tier", tier, sv_tier, SV_TIER__COUNT, sv_tier_name, SV_TIER_UNSET);
    STYLE_ENUM("gender", gender, sv_gender, SV_GENDER__COUNT, sv_gender_name, SV_GENDER_UNSET);
    STYLE_ENUM("construction", construction, sv_construction, SV_CONSTR__COUNT,
               sv_construction_name, SV_CONSTR_UNSET);
#undef STYLE_ENUM

    s->weight_gsm = SV_UNSET;
    if ((n = get(c, m, "fabric"))) {
        static const char *const fkeys[] = {"composition", "weight_gsm", NULL};
        snprintf(p, sizeof p, "%s.fabric", path);
        TRY(check_keys(c, n, p, fkeys));
        yaml_node_t *v;
        char q[PATH_LEN];
        if ((v = get(c, n, "composition"))) {
            snprintf(q, sizeof q, "%s.composition", p);
            TRY(text(c, v, q, &s->composition));
        }
        if ((v = get(c, n, "weight_gsm"))) {
            snprintf(q, sizeof q, "%s.weight_gsm", p);
            TRY(whole(c, v, q, 10, 2000, &s->weight_gsm));
        }
    }
    s->retail_price = s->wholesale_price = s->target_fob = SV_UNSET;
    struct {
        const char *key;
        sv_minor *dst;
    } prices[] = {{"retail_price", &s->retail_price},
                  {"wholesale_price", &s->wholesale_price},
                  {"target_fob", &s->target_fob}};
    for (size_t i = 0; i < 3; i++) {
        if ((n = get(c, m, prices[i].key))) {
            snprintf(p, sizeof p, "%s.%s", path, prices[i].key);
            TRY(money(c, n, p, prices[i].dst));
            if (*prices[i].dst == 0)
                return fail(c, n, p, "must be more than zero");
        }
    }
    if ((n = get(c, m, "sizes"))) {
        size_t cnt;
        snprintf(p, sizeof p, "%s.sizes", path);
        TRY(list(c, n, p, MAX_SIZES, &cnt));
        NEW_ARRAY(s->sizes, cnt);
        for (size_t i = 0; i < cnt; i++) {
            char q[PATH_LEN];
            snprintf(q, sizeof q, "%s[%zu]", p, i);
            TRY(text(c, item(c, n, i), q, &s->sizes[i]));
            for (size_t j = 0; j < i; j++)
                if (strcasecmp(s->sizes[j], s->sizes[i]) == 0)
                    return fail(c, item(c, n, i), q, "size \"%s\" is listed twice", s->sizes[i]);
        }
        s->n_sizes = cnt;
    }
    snprintf(p, sizeof p, "%s.colors", path);
    TRY(required(c, m, path, "colors", &n));
    size_t cnt;
    TRY(list(c, n, p, MAX_COLORS, &cnt));
    if (cnt == 0)
        return fail(c, n, p, "a style needs at least one colour with its units");
    NEW_ARRAY(s->colors, cnt);
    static const char *const ckeys[] = {"name", "units", NULL};
    for (size_t i = 0; i < cnt; i++) {
        char q[PATH_LEN], r[PATH_LEN];
        yaml_node_t *e = item(c, n, i), *v;
        snprintf(q, sizeof q, "%s[%zu]", p, i);
        TRY(check_keys(c, e, q, ckeys));
        s->colors[i].line = (int)e->start_mark.line + 1;
        TRY(required(c, e, q, "name", &v));
        snprintf(r, sizeof r, "%s.name", q);
        TRY(text(c, v, r, &s->colors[i].name));
        TRY(required(c, e, q, "units", &v));
        snprintf(r, sizeof r, "%s.units", q);
        TRY(whole(c, v, r, 1, 10000000, &s->colors[i].units));
        for (size_t j = 0; j < i; j++)
            if (strcasecmp(s->colors[j].name, s->colors[i].name) == 0)
                return fail(c, e, q, "colour \"%s\" is listed twice (line %d): put all its units "
                                     "in one entry", s->colors[i].name, s->colors[j].line);
    }
    s->n_colors = cnt;
    if ((n = get(c, m, "tech_pack"))) {
        snprintf(p, sizeof p, "%s.tech_pack", path);
        TRY(parse_techpack(c, n, p, &s->tech_pack));
    }
    if ((n = get(c, m, "cost"))) {
        snprintf(p, sizeof p, "%s.cost", path);
        TRY(parse_cost(c, n, p, &s->cost));
    }
    sv_timeline_init(&s->timeline);
    if ((n = get(c, m, "timeline"))) {
        snprintf(p, sizeof p, "%s.timeline", path);
        TRY(parse_timeline(c, n, p, &s->timeline));
    }
    return SV_OK;
}

static sv_code parse_program(ctx *c, const yaml_node_t *m)
{
    static const char *const keys[] = {"name",
                                       "destination",
                                       "launch_date",
                                       "origin_preference",
                                       "certifications_required",
                                       "styles",
                                       "timeline",
                                       NULL};
    sv_program *pr = c->prog;
    yaml_node_t *n;
    TRY(check_keys(c, m, "program", keys));
    sv_timeline_init(&pr->timeline);
    if ((n = get(c, m, "timeline")))
        TRY(parse_timeline(c, n, "program.timeline", &pr->timeline));
    TRY(required(c, m, "program", "name", &n));
    TRY(text(c, n, "program.name", &pr->name));
    TRY(required(c, m, "program", "destination", &n));
    TRY(parse_country(c, n, "program.destination", true, pr->destination));
    if ((n = get(c, m, "launch_date"))) {
        const char *v;
        TRY(scalar(c, n, "program.launch_date", "a date (YYYY-MM-DD)", &v));
        if (!sv_date_parse(v, &pr->launch_date)) {
            bool shaped = strlen(v) == 10 && v[4] == '-' && v[7] == '-';
            for (int i = 0; shaped && i < 10; i++)
                if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
                    shaped = false;
            if (shaped)
                return fail(c, n, "program.launch_date", "%s is not a date that exists", v);
            return fail(c, n, "program.launch_date", "expected a date as YYYY-MM-DD, found \"%s\"",
                        v);
        }
        pr->has_launch_date = true;
    }
    if ((n = get(c, m, "origin_preference"))) {
        size_t cnt;
        TRY(list(c, n, "program.origin_preference", 60, &cnt));
        NEW_ARRAY(pr->origins, cnt);
        for (size_t i = 0; i < cnt; i++) {
            char p[PATH_LEN];
            snprintf(p, sizeof p, "program.origin_preference[%zu]", i);
            TRY(parse_country(c, item(c, n, i), p, false, pr->origins[i]));
            for (size_t j = 0; j < i; j++)
                if (strcmp(pr->origins[j], pr->origins[i]) == 0)
                    return fail(c, item(c, n, i), p, "%s is listed twice", pr->origins[i]);
        }
        pr->n_origins = cnt;
    }
    if ((n = get(c, m, "certifications_required"))) {
        size_t cnt;
        TRY(list(c, n, "program.certifications_required", MAX_LIST, &cnt));
        NEW_ARRAY(pr->certifications, cnt);
        for (size_t i = 0; i < cnt; i++) {
            char p[PATH_LEN];
            snprintf(p, sizeof p, "program.certifications_required[%zu]", i);
            TRY(text(c, item(c, n, i), p, &pr->certifications[i]));
        }
        pr->n_certifications = cnt;
    }
    if ((n = get(c, m, "styles"))) {
        size_t cnt;
        TRY(list(c, n, "program.styles", MAX_STYLES, &cnt));
        NEW_ARRAY(pr->styles, cnt);
        for (size_t i = 0; i < cnt; i++) {
            TRY(parse_style(c, item(c, n, i), i, &pr->styles[i]));
            for (size_t j = 0; j < i; j++)
                if (strcasecmp(pr->styles[j].code, pr->styles[i].code) == 0) {
                    char p[PATH_LEN];
                    snprintf(p, sizeof p, "program.styles[%zu].code", i);
                    return fail(c, item(c, n, i), p,
                                "style code \"%s\" is used twice (first on line %d)",
                                pr->styles[i].code, pr->styles[j].line);
                }
        }
        pr->n_styles = cnt;
    }
    return SV_OK;
}

/* Line and column (1-based) of a byte offset, counting UTF-8 characters for the column. An
 * offset at or past the end (libyaml adds a virtual line break there) is placed just after the
 * last character, on the last line. */
static void position_of(const char *text, size_t len, size_t offset, int *line, int *col)
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
static void problem_position(const yaml_parser_t *ps, const char *text, size_t len, int *line,
                             int *col)
{
    size_t at = ps->error == YAML_READER_ERROR ? ps->problem_offset : ps->problem_mark.index;
    position_of(text, len, at, line, col);
}

/* libyaml's parser slows down quadratically with flow nesting ([[[[...) and a file under the
 * size cap can nest a million deep; no program file nests more than a few levels. */
enum { MAX_FLOW_DEPTH = 64 };

static bool too_deep(const char *text, size_t len, int *line, int *col)
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
                position_of(text, len, i, line, col);
                return true;
            }
        } else if ((ch == ']' || ch == '}') && depth > 0) {
            depth--;
        }
    }
    return false;
}

sv_code sv_program_parse(const char *textbuf, size_t len, const char *name, sv_program **out,
                         sv_err *e)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    bool have_doc = false;
    sv_code rc = SV_OK;
    sv_program *prog = NULL;
    *out = NULL;
    if (!name)
        name = "<input>";
    if (len > SV_PROGRAM_MAX_BYTES)
        return sv_err_at(e, SV_ERR_IO, name, 0, 0, NULL, "file is too large (%zu bytes, at most %u)",
                         len, SV_PROGRAM_MAX_BYTES);
    int dl, dc;
    if (too_deep(textbuf, len, &dl, &dc))
        return sv_err_at(e, SV_ERR_SYNTAX, name, dl, dc, NULL,
                         "lists and mappings nest more than %d deep here", MAX_FLOW_DEPTH);
    if (!yaml_parser_initialize(&parser))
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)textbuf, len);
    if (!yaml_parser_load(&parser, &doc)) {
        /* libyaml reports where it gave up; where the construct it was reading began (an
         * unclosed bracket or quote) is the context mark, and is usually what to fix. */
        const char *what = parser.problem ? parser.problem : "malformed YAML";
        char ctxbuf[160] = "";
        if (parser.context)
            snprintf(ctxbuf, sizeof ctxbuf, " %s started at line %d, column %d", parser.context,
                     (int)parser.context_mark.line + 1, (int)parser.context_mark.column + 1);
        if (parser.problem_mark.index < len && textbuf[parser.problem_mark.index] == '\t')
            snprintf(ctxbuf, sizeof ctxbuf, " (a tab: YAML indents with spaces only)");
        int pl, pc;
        problem_position(&parser, textbuf, len, &pl, &pc);
        rc = sv_err_at(e, SV_ERR_SYNTAX, name, pl, pc, NULL, "%s%s%s", what,
                       parser.context && ctxbuf[1] != '(' ? ";" : "", ctxbuf);
        goto out;
    }
    have_doc = true;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
        rc = sv_err_at(e, SV_ERR_SCHEMA, name, 1, 1, NULL,
                       "the file is empty: a program needs a brand: and a program: section");
        goto out;
    }
    {
        /* a second document in the same file is almost certainly a mistake */
        yaml_document_t extra;
        if (yaml_parser_load(&parser, &extra)) {
            bool more = yaml_document_get_root_node(&extra) != NULL;
            int line, col;
            position_of(textbuf, len, extra.start_mark.index, &line, &col);
            yaml_document_delete(&extra);
            if (more) {
                rc = sv_err_at(e, SV_ERR_SCHEMA, name, line, col, NULL,
                               "a second YAML document starts here; a program file holds one");
                goto out;
            }
        } else {
            int pl, pc;
            problem_position(&parser, textbuf, len, &pl, &pc);
            rc = sv_err_at(e, SV_ERR_SYNTAX, name, pl, pc, NULL, "%s",
                           parser.problem ? parser.problem : "malformed YAML");
            goto out;
        }
    }
    prog = calloc(1, sizeof *prog);
    if (!prog || !(prog->pool = sv_pool_create())) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto out;
    }
    prog->path = sv_pool_strdup(prog->pool, name);
    ctx c = {.file = name, .doc = &doc, .prog = prog, .err = e};
    static const char *const keys[] = {"brand", "program", NULL};
    yaml_node_t *n;
    if ((rc = check_keys(&c, root, "", keys)))
        goto out;
    if ((rc = required(&c, root, "", "brand", &n)) || (rc = parse_brand(&c, n)))
        goto out;
    if ((rc = required(&c, root, "", "program", &n)) || (rc = parse_program(&c, n)))
        goto out;
    *out = prog;
    prog = NULL;
out:
    sv_program_free(prog);
    if (have_doc)
        yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return rc;
}

sv_code sv_program_load(const char *path, sv_program **out, sv_err *e)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return sv_err_at(e, SV_ERR_IO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    char *buf = malloc(SV_PROGRAM_MAX_BYTES + 1);
    if (!buf) {
        fclose(f);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    size_t len = fread(buf, 1, SV_PROGRAM_MAX_BYTES + 1, f);
    sv_code rc;
    if (ferror(f))
        rc = sv_err_at(e, SV_ERR_IO, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
    else if (len > SV_PROGRAM_MAX_BYTES)
        rc = sv_err_at(e, SV_ERR_IO, path, 0, 0, NULL, "file is too large (more than %u bytes)",
                       SV_PROGRAM_MAX_BYTES);
    else
        rc = sv_program_parse(buf, len, path, out, e);
    free(buf);
    fclose(f);
    return rc;
}
