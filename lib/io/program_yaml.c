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

#include "program_words.h"
#include "yaml_walk.h"

#include "selvedge/country.h"
#include "selvedge/suggest.h"

/* Caps that keep a hostile file (aliases repeating a big list) from exploding the walk. */
enum { MAX_STYLES = 1000, MAX_COLORS = 200, MAX_SIZES = 60, MAX_LIST = 200 };

/* The walker's context; the program being filled is its user pointer. */
typedef yw ctx;
#define PROG(c) ((sv_program *)(c)->user)

static sv_code parse_brand(ctx *c, const yaml_node_t *m)
{
    static const char *const keys[] = {"name",          "positioning",   "channels",
                                       "currency",      "funding",       "team",
                                       "sampling_budget", "payment_terms", "growth_plan",
                                       NULL};
    sv_brand *b = &PROG(c)->brand;
    yaml_node_t *n;
    TRY(yw_check_keys(c, m, "brand", keys));
    TRY(yw_required(c, m, "brand", "name", &n));
    TRY(yw_text(c, n, "brand.name", &b->name));

    TRY(yw_required(c, m, "brand", "currency", &n));
    const char *cur;
    TRY(yw_scalar(c, n, "brand.currency", "a currency code", &cur));
    b->currency = sv_currency_find(cur);
    if (!b->currency)
        return yw_fail(c, n, "brand.currency",
                    "unknown currency \"%s\" (use an ISO 4217 code such as USD, EUR, GBP)", cur);
    c->exponent = b->currency->exponent;
    c->currency = b->currency->code;

    b->positioning = SV_TIER_UNSET;
    if ((n = yw_get(c, m, "positioning"))) {
        ENUM_NAMES(names, SV_TIER__COUNT, sv_tier_name);
        int v;
        TRY(yw_choice_syn(c, n, "brand.positioning", names, SV_TIER__COUNT, pw_tier, &v));
        b->positioning = (sv_tier)v;
    }
    if ((n = yw_get(c, m, "channels"))) {
        size_t cnt;
        TRY(yw_list(c, n, "brand.channels", MAX_LIST, &cnt));
        ENUM_NAMES(names, SV_CHANNEL__COUNT, sv_channel_name);
        for (size_t i = 0; i < cnt; i++) {
            char p[PATH_LEN];
            snprintf(p, sizeof p, "brand.channels[%zu]", i);
            int v;
            TRY(yw_choice_syn(c, yw_item(c, n, i), p, names, SV_CHANNEL__COUNT, pw_channel, &v));
            if (!b->channels[v])
                b->n_channels++;
            b->channels[v] = true;
        }
    }
    b->funding = SV_FUNDING_UNSET;
    if ((n = yw_get(c, m, "funding"))) {
        ENUM_NAMES(names, SV_FUNDING__COUNT, sv_funding_name);
        int v;
        TRY(yw_choice_syn(c, n, "brand.funding", names, SV_FUNDING__COUNT, pw_funding, &v));
        b->funding = (sv_funding)v;
    }
    b->tech_design = SV_STAFF_UNSET;
    b->production_experience_years = SV_UNSET;
    if ((n = yw_get(c, m, "team"))) {
        static const char *const tkeys[] = {"tech_design", "production_experience_years", NULL};
        TRY(yw_check_keys(c, n, "brand.team", tkeys));
        yaml_node_t *v;
        if ((v = yw_get(c, n, "tech_design"))) {
            ENUM_NAMES(names, SV_STAFF__COUNT, sv_staffing_name);
            int x;
            TRY(yw_choice_syn(c, v, "brand.team.tech_design", names, SV_STAFF__COUNT, pw_staffing,
                              &x));
            b->tech_design = (sv_staffing)x;
        }
        if ((v = yw_get(c, n, "production_experience_years")))
            TRY(yw_whole(c, v, "brand.team.production_experience_years", 0, 80,
                      &b->production_experience_years));
    }
    b->sampling_budget = SV_UNSET;
    if ((n = yw_get(c, m, "sampling_budget")))
        TRY(yw_money(c, n, "brand.sampling_budget", &b->sampling_budget));
    b->deposit_bp = SV_UNSET;
    b->balance = SV_BALANCE_UNSET;
    if ((n = yw_get(c, m, "payment_terms"))) {
        static const char *const pkeys[] = {"deposit_pct", "balance", NULL};
        TRY(yw_check_keys(c, n, "brand.payment_terms", pkeys));
        b->has_payment_terms = true;
        yaml_node_t *v;
        if ((v = yw_get(c, n, "deposit_pct")))
            TRY(yw_percent(c, v, "brand.payment_terms.deposit_pct", 100, &b->deposit_bp));
        if ((v = yw_get(c, n, "balance"))) {
            ENUM_NAMES(names, SV_BALANCE__COUNT, sv_balance_name);
            int x;
            TRY(yw_choice_syn(c, v, "brand.payment_terms.balance", names, SV_BALANCE__COUNT,
                              pw_balance, &x));
            b->balance = (sv_balance)x;
        }
    }
    if ((n = yw_get(c, m, "growth_plan"))) {
        size_t cnt;
        TRY(yw_list(c, n, "brand.growth_plan", 40, &cnt));
        NEW_ARRAY(b->growth, cnt);
        static const char *const gkeys[] = {"season", "units", NULL};
        for (size_t i = 0; i < cnt; i++) {
            char p[PATH_LEN], q[PATH_LEN];
            yaml_node_t *e = yw_item(c, n, i), *v;
            snprintf(p, sizeof p, "brand.growth_plan[%zu]", i);
            TRY(yw_check_keys(c, e, p, gkeys));
            TRY(yw_required(c, e, p, "season", &v));
            snprintf(q, sizeof q, "%s.season", p);
            TRY(yw_text(c, v, q, &b->growth[i].season));
            TRY(yw_required(c, e, p, "units", &v));
            snprintf(q, sizeof q, "%s.units", p);
            TRY(yw_whole(c, v, q, 1, 100000000, &b->growth[i].units));
            for (size_t j = 0; j < i; j++)
                if (strcasecmp(b->growth[j].season, b->growth[i].season) == 0)
                    return yw_fail(c, e, p, "season \"%s\" is planned twice", b->growth[i].season);
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
    TRY(yw_check_keys(c, n, path, keys));
    t->present = true;
    for (int i = 0; keys[i]; i++) {
        yaml_node_t *v = yw_get(c, n, keys[i]);
        if (!v)
            continue;
        char p[PATH_LEN];
        snprintf(p, sizeof p, "%s.%s", path, keys[i]);
        TRY(yw_boolean(c, v, p, fields[i]));
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
    TRY(yw_check_keys(c, n, path, keys));
    k->present = true;
    snprintf(p, sizeof p, "%s.fabric", path);
    TRY(yw_required(c, n, path, "fabric", &f));
    TRY(yw_check_keys(c, f, p, fkeys));
    /* woven and knit fabric is bought by the metre, knitwear yarn by the kilogram */
    bool m = yw_get(c, f, "consumption_m") || yw_get(c, f, "price_per_m");
    bool kg = yw_get(c, f, "consumption_kg") || yw_get(c, f, "price_per_kg");
    if (m && kg)
        return yw_fail(c, f, p, "give either consumption_m and price_per_m (fabric) or "
                             "consumption_kg and price_per_kg (yarn), not both");
    k->by_kg = kg;
    const char *ck = kg ? "consumption_kg" : "consumption_m";
    const char *pk = kg ? "price_per_kg" : "price_per_m";
    snprintf(q, sizeof q, "%s.%s", p, ck);
    TRY(yw_required(c, f, p, ck, &v));
    TRY(yw_fixed(c, v, q, 3, 1, 20000, kg ? " kg" : " m", &k->consumption_mm));
    snprintf(q, sizeof q, "%s.%s", p, pk);
    TRY(yw_required(c, f, p, pk, &v));
    TRY(yw_money(c, v, q, &k->price_per_m));
    k->wastage_bp = SV_UNSET;
    if ((v = yw_get(c, f, "wastage_pct"))) {
        snprintf(q, sizeof q, "%s.wastage_pct", p);
        TRY(yw_percent(c, v, q, 50, &k->wastage_bp));
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
            TRY(yw_required(c, n, path, amounts[i].key, &v));
        else if (!(v = yw_get(c, n, amounts[i].key))) {
            *amounts[i].dst = 0;
            continue;
        }
        TRY(yw_money(c, v, q, amounts[i].dst));
    }
    k->overhead_bp = k->margin_bp = SV_UNSET;
    if ((v = yw_get(c, n, "overhead_pct"))) {
        snprintf(q, sizeof q, "%s.overhead_pct", path);
        TRY(yw_percent(c, v, q, 100, &k->overhead_bp));
    }
    if ((v = yw_get(c, n, "factory_margin_pct"))) {
        snprintf(q, sizeof q, "%s.factory_margin_pct", path);
        TRY(yw_percent(c, v, q, 100, &k->margin_bp));
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
    TRY(yw_check_keys(c, n, path, keys));
    t->present = true;
    if ((v = yw_get(c, n, "fabric"))) {
        ENUM_NAMES(names, SV_FABRIC__COUNT, sv_fabric_source_name);
        int x;
        snprintf(p, sizeof p, "%s.fabric", path);
        TRY(yw_choice_syn(c, v, p, names, SV_FABRIC__COUNT, pw_fabric_source, &x));
        t->fabric = (sv_fabric_source)x;
    }
    if ((v = yw_get(c, n, "fit_rounds"))) {
        snprintf(p, sizeof p, "%s.fit_rounds", path);
        TRY(yw_whole(c, v, p, 0, 8, &t->fit_rounds));
    }
    if ((v = yw_get(c, n, "lab_dip_rounds"))) {
        snprintf(p, sizeof p, "%s.lab_dip_rounds", path);
        TRY(yw_whole(c, v, p, 0, 8, &t->lab_dip_rounds));
    }
    if ((v = yw_get(c, n, "output_per_day"))) {
        snprintf(p, sizeof p, "%s.output_per_day", path);
        TRY(yw_whole(c, v, p, 1, 100000, &t->days[SV_STAGE_OUTPUT_PER_DAY]));
    }
    if ((v = yw_get(c, n, "days"))) {
        const char *names[SV_STAGE__COUNT + 1];
        int k = 0;
        for (int i = 0; i < SV_STAGE__COUNT; i++)
            if (i != SV_STAGE_OUTPUT_PER_DAY)
                names[k++] = sv_stage_name((sv_stage)i);
        names[k] = NULL;
        snprintf(p, sizeof p, "%s.days", path);
        TRY(yw_check_keys(c, v, p, names));
        for (int i = 0; i < SV_STAGE__COUNT; i++) {
            yaml_node_t *d;
            if (i == SV_STAGE_OUTPUT_PER_DAY || !(d = yw_get(c, v, sv_stage_name((sv_stage)i))))
                continue;
            char q[PATH_LEN];
            snprintf(q, sizeof q, "%s.%s", p, sv_stage_name((sv_stage)i));
            TRY(yw_whole(c, d, q, 0, 365, &t->days[i]));
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
    TRY(yw_check_keys(c, m, path, keys));
    s->line = (int)m->start_mark.line + 1;
    snprintf(p, sizeof p, "%s.code", path);
    TRY(yw_required(c, m, path, "code", &n));
    TRY(yw_text(c, n, p, &s->code));
    snprintf(path, sizeof path, "program.styles[%s]", s->code); /* name it from here on */
    if ((n = yw_get(c, m, "name"))) {
        snprintf(p, sizeof p, "%s.name", path);
        TRY(yw_text(c, n, p, &s->name));
    }

#define STYLE_ENUM(key, field, type, count, namefn, unset, words)                                        \
    do {                                                                                           \
        s->field = unset;                                                                          \
        if ((n = yw_get(c, m, key))) {                                                                \
            ENUM_NAMES(names, count, namefn);                                                      \
            int v_;                                                                                \
            snprintf(p, sizeof p, "%s.%s", path, key);                                             \
            TRY(yw_choice_syn(c, n, p, names, count, words, &v_));                                               \
            s->field = (type)v_;                                                                   \
        }                                                                                          \
    } while (0)
    STYLE_ENUM("category", category, sv_category, SV_CAT__COUNT, sv_category_name, SV_CAT_UNSET,
               pw_category);
    STYLE_ENUM("tier", tier, sv_tier, SV_TIER__COUNT, sv_tier_name, SV_TIER_UNSET, pw_tier);
    STYLE_ENUM("gender", gender, sv_gender, SV_GENDER__COUNT, sv_gender_name, SV_GENDER_UNSET,
               pw_gender);
    STYLE_ENUM("construction", construction, sv_construction, SV_CONSTR__COUNT,
               sv_construction_name, SV_CONSTR_UNSET, pw_construction);
#undef STYLE_ENUM

    s->weight_gsm = SV_UNSET;
    if ((n = yw_get(c, m, "fabric"))) {
        static const char *const fkeys[] = {"composition", "weight_gsm", NULL};
        snprintf(p, sizeof p, "%s.fabric", path);
        TRY(yw_check_keys(c, n, p, fkeys));
        yaml_node_t *v;
        char q[PATH_LEN];
        if ((v = yw_get(c, n, "composition"))) {
            snprintf(q, sizeof q, "%s.composition", p);
            TRY(yw_text(c, v, q, &s->composition));
        }
        if ((v = yw_get(c, n, "weight_gsm"))) {
            snprintf(q, sizeof q, "%s.weight_gsm", p);
            TRY(yw_whole(c, v, q, 10, 2000, &s->weight_gsm));
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
        if ((n = yw_get(c, m, prices[i].key))) {
            snprintf(p, sizeof p, "%s.%s", path, prices[i].key);
            TRY(yw_money(c, n, p, prices[i].dst));
            if (*prices[i].dst == 0)
                return yw_fail(c, n, p, "must be more than zero");
        }
    }
    if ((n = yw_get(c, m, "sizes"))) {
        size_t cnt;
        snprintf(p, sizeof p, "%s.sizes", path);
        TRY(yw_list(c, n, p, MAX_SIZES, &cnt));
        NEW_ARRAY(s->sizes, cnt);
        for (size_t i = 0; i < cnt; i++) {
            char q[PATH_LEN];
            snprintf(q, sizeof q, "%s[%zu]", p, i);
            TRY(yw_text(c, yw_item(c, n, i), q, &s->sizes[i]));
            for (size_t j = 0; j < i; j++)
                if (strcasecmp(s->sizes[j], s->sizes[i]) == 0)
                    return yw_fail(c, yw_item(c, n, i), q, "size \"%s\" is listed twice", s->sizes[i]);
        }
        s->n_sizes = cnt;
    }
    snprintf(p, sizeof p, "%s.colors", path);
    TRY(yw_required(c, m, path, "colors", &n));
    size_t cnt;
    TRY(yw_list(c, n, p, MAX_COLORS, &cnt));
    if (cnt == 0)
        return yw_fail(c, n, p, "a style needs at least one colour with its units");
    NEW_ARRAY(s->colors, cnt);
    static const char *const ckeys[] = {"name", "units", NULL};
    for (size_t i = 0; i < cnt; i++) {
        char q[PATH_LEN], r[PATH_LEN];
        yaml_node_t *e = yw_item(c, n, i), *v;
        snprintf(q, sizeof q, "%s[%zu]", p, i);
        TRY(yw_check_keys(c, e, q, ckeys));
        s->colors[i].line = (int)e->start_mark.line + 1;
        TRY(yw_required(c, e, q, "name", &v));
        snprintf(r, sizeof r, "%s.name", q);
        TRY(yw_text(c, v, r, &s->colors[i].name));
        TRY(yw_required(c, e, q, "units", &v));
        snprintf(r, sizeof r, "%s.units", q);
        TRY(yw_whole(c, v, r, 1, 10000000, &s->colors[i].units));
        for (size_t j = 0; j < i; j++)
            if (strcasecmp(s->colors[j].name, s->colors[i].name) == 0)
                return yw_fail(c, e, q, "colour \"%s\" is listed twice (line %d): put all its units "
                                     "in one entry", s->colors[i].name, s->colors[j].line);
    }
    s->n_colors = cnt;
    if ((n = yw_get(c, m, "tech_pack"))) {
        snprintf(p, sizeof p, "%s.tech_pack", path);
        TRY(parse_techpack(c, n, p, &s->tech_pack));
    }
    if ((n = yw_get(c, m, "cost"))) {
        snprintf(p, sizeof p, "%s.cost", path);
        TRY(parse_cost(c, n, p, &s->cost));
    }
    sv_timeline_init(&s->timeline);
    if ((n = yw_get(c, m, "timeline"))) {
        snprintf(p, sizeof p, "%s.timeline", path);
        TRY(parse_timeline(c, n, p, &s->timeline));
    }
    return SV_OK;
}

/* Whether two groups require the same: one is left out. */
static bool same_group(const sv_cert_group *a, const sv_cert_group *b)
{
    return a->any == b->any &&
           (a->unknown ? b->unknown && !strcasecmp(a->unknown, b->unknown) : !b->unknown);
}

/* certifications_required: each entry as written, and the groups they make (program.h). */
static sv_code parse_cert_groups(ctx *c, const yaml_node_t *n, sv_program *pr)
{
    size_t cnt;
    TRY(yw_list(c, n, "program.certifications_required", MAX_LIST, &cnt));
    NEW_ARRAY(pr->certifications, cnt);
    size_t cap = cnt * 4 + 1, k = 0;
    sv_cert_group *all = malloc(cap * sizeof *all);
    if (!all)
        return sv_err_set(c->err, SV_ERR_NOMEM, "out of memory");
    sv_code rc = SV_OK;
    for (size_t i = 0; i < cnt && !rc; i++) {
        char p[PATH_LEN], why[300];
        sv_cert_group g[SV_CERT_GROUPS_MAX];
        snprintf(p, sizeof p, "program.certifications_required[%zu]", i);
        if ((rc = yw_text(c, yw_item(c, n, i), p, &pr->certifications[i])))
            break;
        int got = sv_cert_groups_parse(pr->certifications[i], c->pool, g, SV_CERT_GROUPS_MAX, why,
                                       sizeof why);
        if (got < 0) {
            rc = yw_fail(c, yw_item(c, n, i), p, "%s", why);
            break;
        }
        for (int j = 0; j < got; j++) {
            bool seen = false;
            for (size_t q = 0; q < k && !seen; q++)
                seen = same_group(&all[q], &g[j]);
            if (seen)
                continue;
            if (k == cap) {
                sv_cert_group *more = realloc(all, 2 * cap * sizeof *all);
                if (!more) {
                    rc = sv_err_set(c->err, SV_ERR_NOMEM, "out of memory");
                    break;
                }
                all = more;
                cap *= 2;
            }
            all[k++] = g[j];
        }
    }
    if (!rc) {
        pr->cert_groups = sv_pool_alloc(c->pool, (k ? k : 1) * sizeof *all);
        if (!pr->cert_groups)
            rc = sv_err_set(c->err, SV_ERR_NOMEM, "out of memory");
        else if (k)
            memcpy(pr->cert_groups, all, k * sizeof *all);
        pr->n_cert_groups = k;
        pr->n_certifications = cnt;
    }
    free(all);
    return rc;
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
    sv_program *pr = PROG(c);
    yaml_node_t *n;
    TRY(yw_check_keys(c, m, "program", keys));
    sv_timeline_init(&pr->timeline);
    if ((n = yw_get(c, m, "timeline")))
        TRY(parse_timeline(c, n, "program.timeline", &pr->timeline));
    TRY(yw_required(c, m, "program", "name", &n));
    TRY(yw_text(c, n, "program.name", &pr->name));
    TRY(yw_required(c, m, "program", "destination", &n));
    TRY(yw_parse_country(c, n, "program.destination", true, pr->destination));
    if ((n = yw_get(c, m, "launch_date"))) {
        const char *v;
        TRY(yw_scalar(c, n, "program.launch_date", "a date (YYYY-MM-DD)", &v));
        if (!sv_date_parse(v, &pr->launch_date)) {
            bool shaped = strlen(v) == 10 && v[4] == '-' && v[7] == '-';
            for (int i = 0; shaped && i < 10; i++)
                if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
                    shaped = false;
            if (shaped)
                return yw_fail(c, n, "program.launch_date", "%s is not a date that exists", v);
            return yw_fail(c, n, "program.launch_date", "expected a date as YYYY-MM-DD, found \"%s\"",
                        v);
        }
        if (!sv_date_supported(pr->launch_date))
            return yw_fail(c, n, "program.launch_date",
                           "%s is outside the dates selvedge plans in (" SV_DATE_RANGE_TEXT ")", v);
        pr->has_launch_date = true;
        pr->launch_date_line = (int)n->start_mark.line + 1;
    }
    if ((n = yw_get(c, m, "origin_preference"))) {
        size_t cnt;
        TRY(yw_list(c, n, "program.origin_preference", 60, &cnt));
        NEW_ARRAY(pr->origins, cnt);
        for (size_t i = 0; i < cnt; i++) {
            char p[PATH_LEN];
            snprintf(p, sizeof p, "program.origin_preference[%zu]", i);
            TRY(yw_parse_country(c, yw_item(c, n, i), p, false, pr->origins[i]));
            for (size_t j = 0; j < i; j++)
                if (strcmp(pr->origins[j], pr->origins[i]) == 0)
                    return yw_fail(c, yw_item(c, n, i), p, "%s is listed twice", pr->origins[i]);
        }
        pr->n_origins = cnt;
    }
    if ((n = yw_get(c, m, "certifications_required")))
        TRY(parse_cert_groups(c, n, pr));
    if ((n = yw_get(c, m, "styles"))) {
        size_t cnt;
        TRY(yw_list(c, n, "program.styles", MAX_STYLES, &cnt));
        NEW_ARRAY(pr->styles, cnt);
        for (size_t i = 0; i < cnt; i++) {
            TRY(parse_style(c, yw_item(c, n, i), i, &pr->styles[i]));
            for (size_t j = 0; j < i; j++)
                if (strcasecmp(pr->styles[j].code, pr->styles[i].code) == 0) {
                    char p[PATH_LEN];
                    snprintf(p, sizeof p, "program.styles[%zu].code", i);
                    return yw_fail(c, yw_item(c, n, i), p,
                                "style code \"%s\" is used twice (first on line %d)",
                                pr->styles[i].code, pr->styles[j].line);
                }
        }
        pr->n_styles = cnt;
    }
    return SV_OK;
}

sv_code sv_program_parse(const char *textbuf, size_t len, const char *name, sv_program **out,
                         sv_err *e)
{
    yaml_document_t doc;
    sv_program *prog = NULL;
    *out = NULL;
    if (!name)
        name = "<input>";
    if (len > SV_PROGRAM_MAX_BYTES)
        return sv_err_at(e, SV_ERR_IO, name, 0, 0, NULL, "file is too large (%zu bytes, at most %u)",
                         len, SV_PROGRAM_MAX_BYTES);
    sv_code rc = yw_load(textbuf, len, name, &doc, e,
                         "the file is empty: a program needs a brand: and a program: section");
    if (rc)
        return rc;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    prog = calloc(1, sizeof *prog);
    if (!prog || !(prog->pool = sv_pool_create())) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto out;
    }
    prog->path = sv_pool_strdup(prog->pool, name);
    ctx c = {.file = name, .doc = &doc, .pool = prog->pool, .err = e, .user = prog};
    static const char *const keys[] = {"brand", "program", NULL};
    yaml_node_t *n;
    if ((rc = yw_check_keys(&c, root, "", keys)))
        goto out;
    if ((rc = yw_required(&c, root, "", "brand", &n)) || (rc = parse_brand(&c, n)))
        goto out;
    if ((rc = yw_required(&c, root, "", "program", &n)) || (rc = parse_program(&c, n)))
        goto out;
    *out = prog;
    prog = NULL;
out:
    sv_program_free(prog);
    yaml_document_delete(&doc);
    return rc;
}

sv_code sv_program_load(const char *path, sv_program **out, sv_err *e)
{
    *out = NULL;
    char *buf;
    size_t len;
    sv_code rc = yw_read_file(path, SV_PROGRAM_MAX_BYTES, &buf, &len, e);
    if (rc)
        return rc;
    rc = sv_program_parse(buf, len, path, out, e);
    free(buf);
    return rc;
}
