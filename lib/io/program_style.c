/* A style of the program file: its options, prices, sizes and colours, tech pack, cost sheet
 * and timeline. Errors name file:line:column and the field, as everywhere in the reader. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "program_read.h"
#include "program_words.h"

static sv_code parse_techpack(ctx *c, const yaml_node_t *n, const char *path, sv_techpack *t)
{
    static const char *const keys[] = {"sketch",       "bom",    "measurements", "grading",
                                       "construction", "labels", "packaging",    NULL};
    bool *fields[] = {&t->sketch,       &t->bom,    &t->measurements, &t->grading,
                      &t->construction, &t->labels, &t->packaging};
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

/* The brand's cost sheet at path; fab is the style's program fabric (NULL), whose unit and
 * price the sheet's fabric line takes when it gives none. */
static sv_code parse_cost(ctx *c, const yaml_node_t *n, const char *path, const sv_fabric *fab,
                          sv_costsheet *k)
{
    static const char *const keys[] = {"fabric",
                                       "trims",
                                       "cmt",
                                       "wash_print",
                                       "packaging",
                                       "overhead_pct",
                                       "factory_margin_pct",
                                       "currency",
                                       "incoterm",
                                       "basis",
                                       "agent_commission_pct",
                                       "testing_per_unit",
                                       "testing_per_style",
                                       "development_per_style",
                                       NULL};
    static const char *const fkeys[] = {"consumption_m", "price_per_m", "consumption_kg",
                                        "price_per_kg",  "wastage_pct", NULL};
    char p[PATH_LEN], q[PATH_LEN];
    yaml_node_t *v, *f;
    TRY(yw_check_keys(c, n, path, keys));
    k->present = true;
    k->line = (int)n->start_mark.line + 1;
    /* the sheet's currency: the factory's quote may be in US dollars in a sterling program */
    k->currency = PROG(c)->brand.currency;
    if ((v = yw_get(c, n, "currency"))) {
        const char *code;
        snprintf(q, sizeof q, "%s.currency", path);
        TRY(yw_scalar(c, v, q, "a currency code", &code));
        if (!(k->currency = sv_currency_find(code)))
            return yw_fail(c, v, q,
                           "unknown currency \"%s\" (use an ISO 4217 code such as USD, "
                           "EUR, GBP)",
                           code);
    }
    k->incoterm = SV_INCOTERM_FOB;
    if ((v = yw_get(c, n, "incoterm"))) {
        ENUM_NAMES(names, SV_INCOTERM__COUNT, sv_incoterm_name);
        int x;
        snprintf(q, sizeof q, "%s.incoterm", path);
        TRY(yw_choice_syn(c, v, q, names, SV_INCOTERM__COUNT, pw_incoterm, &x));
        k->incoterm = (sv_incoterm)x;
    }
    /* the quantity the sheet is priced at: the order's (the planned units, as a quote is at a
     * stated quantity) unless it says it is a bulk figure */
    if ((v = yw_get(c, n, "basis"))) {
        static const char *const bases[] = {"order", "bulk"};
        static const yw_synonym bsyn[] = {
            {"planned", "order"}, {"quantity", "order"},  {"quote", "order"}, {"moq", "order"},
            {"volume", "bulk"},   {"production", "bulk"}, {NULL, NULL}};
        int x;
        snprintf(q, sizeof q, "%s.basis", path);
        TRY(yw_choice_syn(c, v, q, bases, 2, bsyn, &x));
        k->bulk = x == 1;
    }
    char why[160];
    snprintf(why, sizeof why, "the sheet is in %s%s: write every line of it in %s",
             k->currency->code, yw_get(c, n, "currency") ? "" : ", the brand's currency",
             k->currency->code);
    const sv_currency *got;
    snprintf(p, sizeof p, "%s.fabric", path);
    TRY(yw_required(c, n, path, "fabric", &f));
    TRY(yw_check_keys(c, f, p, fkeys));
    /* woven and knit fabric is bought by the metre, knitwear yarn by the kilogram */
    bool m = yw_get(c, f, "consumption_m") || yw_get(c, f, "price_per_m");
    bool kg = yw_get(c, f, "consumption_kg") || yw_get(c, f, "price_per_kg");
    if (m && kg)
        return yw_fail(c, f, p,
                       "give either consumption_m and price_per_m (fabric) or "
                       "consumption_kg and price_per_kg (yarn), not both");
    if (fab && fab->unit != SV_UNIT_UNSET && (m || kg) && kg != (fab->unit == SV_UNIT_KG))
        return yw_fail(c, f, p,
                       "fabric %s is bought by the %s: give consumption_%s and "
                       "price_per_%s here",
                       fab->id, fab->unit == SV_UNIT_KG ? "kilogram" : "metre",
                       fab->unit == SV_UNIT_KG ? "kg" : "m", fab->unit == SV_UNIT_KG ? "kg" : "m");
    if (!m && !kg && fab && fab->unit == SV_UNIT_KG)
        kg = true;
    k->by_kg = kg;
    const char *ck = kg ? "consumption_kg" : "consumption_m";
    const char *pk = kg ? "price_per_kg" : "price_per_m";
    snprintf(q, sizeof q, "%s.%s", p, ck);
    TRY(yw_required(c, f, p, ck, &v));
    TRY(yw_fixed(c, v, q, 3, 1, 20000, kg ? " kg" : " m", &k->consumption_mm));
    snprintf(q, sizeof q, "%s.%s", p, pk);
    if ((v = yw_get(c, f, pk))) {
        TRY(pr_amount(c, v, q, k->currency, k->currency, why, &k->price_per_m, &got));
    } else if (fab && fab->price.amount >= 0) {
        /* the fabric's price; in the sheet's currency, or brought into the brand's later */
        k->price_from_fabric = true;
        k->price_per_m = fab->price.currency == k->currency ? fab->price.amount : SV_UNSET;
    } else if (fab) {
        return yw_fail(c, f, q, "give %s here, or on fabric %s (line %d)", pk, fab->id, fab->line);
    } else {
        TRY(yw_required(c, f, p, pk, &v));
    }
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
        TRY(pr_amount(c, v, q, k->currency, k->currency, why, amounts[i].dst, &got));
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
    TRY(pr_extra_costs(c, n, path, k->currency, why, &k->extra));
    return SV_OK;
}

sv_code pr_fabric_source(ctx *c, const yaml_node_t *n, const char *path, sv_fabric_source *out)
{
    ENUM_NAMES(names, SV_FABRIC__COUNT, sv_fabric_source_name);
    int x;
    TRY(yw_choice_syn(c, n, path, names, SV_FABRIC__COUNT, pw_fabric_source, &x));
    *out = (sv_fabric_source)x;
    return SV_OK;
}

/* timeline: what the brand's factory told it about durations, for the T&A calendar. */
sv_code pr_timeline(ctx *c, const yaml_node_t *n, const char *path, sv_timeline *t)
{
    static const char *const keys[] = {"fabric",         "fit_rounds", "lab_dip_rounds",
                                       "output_per_day", "days",       NULL};
    char p[PATH_LEN];
    yaml_node_t *v;
    TRY(yw_check_keys(c, n, path, keys));
    t->present = true;
    if ((v = yw_get(c, n, "fabric"))) {
        snprintf(p, sizeof p, "%s.fabric", path);
        TRY(pr_fabric_source(c, v, p, &t->fabric));
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

/* target_fob, or target_price with its incoterm: in the brand's currency or another. */
static sv_code parse_target(ctx *c, const yaml_node_t *m, const char *path, sv_style *s)
{
    yaml_node_t *fob = yw_get(c, m, "target_fob"), *price = yw_get(c, m, "target_price"),
                *term = yw_get(c, m, "incoterm");
    char p[PATH_LEN];
    s->target = (sv_price){.amount = SV_UNSET, .incoterm = SV_INCOTERM_UNSET};
    if (fob && price) {
        snprintf(p, sizeof p, "%s.target_price", path);
        return yw_fail(c, price, p,
                       "give target_fob or target_price, not both (target_fob is "
                       "target_price on FOB)");
    }
    sv_incoterm t = SV_INCOTERM_FOB;
    if (term) {
        ENUM_NAMES(names, SV_INCOTERM__COUNT, sv_incoterm_name);
        int x;
        snprintf(p, sizeof p, "%s.incoterm", path);
        TRY(yw_choice_syn(c, term, p, names, SV_INCOTERM__COUNT, pw_incoterm, &x));
        t = (sv_incoterm)x;
        if (!fob && !price)
            return yw_fail(c, term, p,
                           "incoterm is the basis of target_price: give the "
                           "target_price it applies to");
        if (fob && t != SV_INCOTERM_FOB)
            return yw_fail(c, term, p,
                           "target_fob is a price on FOB; for a target on %s write "
                           "target_price with incoterm: %s",
                           sv_incoterm_name(t), sv_incoterm_name(t));
    }
    yaml_node_t *n = fob ? fob : price;
    if (!n)
        return SV_OK;
    snprintf(p, sizeof p, "%s.%s", path, fob ? "target_fob" : "target_price");
    const sv_currency *brand = PROG(c)->brand.currency;
    TRY(pr_amount(c, n, p, brand, NULL, NULL, &s->target.amount, &s->target.currency));
    if (s->target.amount == 0)
        return yw_fail(c, n, p, "must be more than zero");
    s->target.incoterm = t;
    s->target.line = (int)n->start_mark.line + 1;
    if (t == SV_INCOTERM_FOB) {
        if (s->target.currency == brand)
            s->target_fob = s->target.amount;
        else
            PROG(c)->fx_pending = true;
    }
    return SV_OK;
}

sv_code pr_style(ctx *c, const yaml_node_t *m, size_t idx, sv_style *s)
{
    static const char *const keys[] = {
        "code",      "name",         "category",        "tier",       "gender",  "construction",
        "fabric",    "retail_price", "wholesale_price", "target_fob", "sizes",   "colors",
        "tech_pack", "cost",         "timeline",        "origin",     "factory", "target_price",
        "incoterm",  "washes",       "size_ratio",      "deliveries", NULL};
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

    if ((n = yw_get(c, m, "origin"))) {
        snprintf(p, sizeof p, "%s.origin", path);
        TRY(yw_parse_country(c, n, p, false, s->origin));
    }
    if ((n = yw_get(c, m, "factory"))) {
        snprintf(p, sizeof p, "%s.factory", path);
        TRY(yw_text(c, n, p, &s->factory));
    }

#define STYLE_ENUM(key, field, type, count, namefn, unset, words)                                  \
    do {                                                                                           \
        s->field = unset;                                                                          \
        if ((n = yw_get(c, m, key))) {                                                             \
            ENUM_NAMES(names, count, namefn);                                                      \
            int v_;                                                                                \
            snprintf(p, sizeof p, "%s.%s", path, key);                                             \
            TRY(yw_choice_syn(c, n, p, names, count, words, &v_));                                 \
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
    if ((n = yw_get(c, m, "fabric")) && n->type == YAML_SCALAR_NODE) {
        /* a fabric of the program's fabrics: list, by its id */
        snprintf(p, sizeof p, "%s.fabric", path);
        TRY(pr_fabric_ref(c, n, p, &s->fabric));
        s->composition = s->fabric->composition;
        s->weight_gsm = s->fabric->weight_gsm;
        if (s->construction == SV_CONSTR_UNSET)
            s->construction = s->fabric->construction;
    } else if (n) {
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
    } prices[] = {{"retail_price", &s->retail_price}, {"wholesale_price", &s->wholesale_price}};
    for (size_t i = 0; i < 2; i++) {
        if ((n = yw_get(c, m, prices[i].key))) {
            snprintf(p, sizeof p, "%s.%s", path, prices[i].key);
            TRY(pr_money(c, n, p, prices[i].dst));
            if (*prices[i].dst == 0)
                return yw_fail(c, n, p, "must be more than zero");
        }
    }
    TRY(parse_target(c, m, path, s));
    TRY(pr_colors(c, m, path, s));
    if ((n = yw_get(c, m, "deliveries"))) {
        const sv_program *pr = PROG(c);
        snprintf(p, sizeof p, "%s.deliveries", path);
        TRY(pr_deliveries_read(c, n, p, &s->deliveries, &s->n_deliveries));
        TRY(pr_deliveries_total(c, n, p, "the style", sv_style_units(s), s->deliveries,
                                s->n_deliveries));
        if (s->n_deliveries && pr->has_launch_date &&
            sv_date_to_days(s->deliveries[0].date) < sv_date_to_days(pr->launch_date)) {
            char a[16], b[16], q[PATH_LEN];
            snprintf(q, sizeof q, "%s[0]", p);
            return yw_fail(c, yw_item(c, n, 0), q,
                           "%s is before the launch (%s, line %d): the launch is the program's "
                           "first delivery",
                           sv_date_format(s->deliveries[0].date, a, sizeof a),
                           sv_date_format(pr->launch_date, b, sizeof b), pr->launch_date_line);
        }
    }
    if ((n = yw_get(c, m, "tech_pack"))) {
        snprintf(p, sizeof p, "%s.tech_pack", path);
        TRY(parse_techpack(c, n, p, &s->tech_pack));
    }
    if ((n = yw_get(c, m, "cost"))) {
        snprintf(p, sizeof p, "%s.cost", path);
        TRY(parse_cost(c, n, p, s->fabric, &s->cost_given));
        if (s->cost_given.currency == PROG(c)->brand.currency && s->cost_given.price_per_m >= 0)
            s->cost = s->cost_given;
        else
            PROG(c)->fx_pending = true; /* sv_program_fx brings it into the brand's */
    }
    sv_timeline_init(&s->timeline);
    if ((n = yw_get(c, m, "timeline"))) {
        snprintf(p, sizeof p, "%s.timeline", path);
        TRY(pr_timeline(c, n, p, &s->timeline));
    }
    return SV_OK;
}
