/* The fabrics of a program file: named once at the top (fabrics:) and used by several styles
 * (fabric: <id>). Two styles cut from one fabric share it, and the washes of one denim are
 * washes of one fabric, so the engines can see one fabric, one minimum, across styles. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "program_read.h"
#include "program_words.h"

#include "selvedge/cert.h"
#include "selvedge/suggest.h"

enum { MAX_FABRICS = 200, MAX_WASHES = 60, MAX_FABRIC_CERTS = 20 };

/* A list of distinct texts (washes), at most max, into *out. what names one in a message. */
sv_code pr_text_list(ctx *c, const yaml_node_t *n, const char *path, size_t max, const char *what,
                     const char ***out, size_t *count)
{
    size_t cnt;
    TRY(yw_list(c, n, path, max, &cnt));
    const char **v;
    NEW_ARRAY(v, cnt);
    for (size_t i = 0; i < cnt; i++) {
        char q[PATH_LEN];
        snprintf(q, sizeof q, "%s[%zu]", path, i);
        TRY(yw_text(c, yw_item(c, n, i), q, &v[i]));
        for (size_t j = 0; j < i; j++)
            if (strcasecmp(v[j], v[i]) == 0)
                return yw_fail(c, yw_item(c, n, i), q, "%s \"%s\" is listed twice", what, v[i]);
    }
    *out = v;
    *count = cnt;
    return SV_OK;
}

static sv_code parse_fabric(ctx *c, const yaml_node_t *m, size_t idx, sv_fabric *f)
{
    static const char *const keys[] = {
        "id",           "name",       "description", "construction",
        "composition",  "weight_gsm", "width_cm",    "price_per_m",
        "price_per_kg", "bought_by",  "mill_origin", "knitted_to_shape",
        "no_minimum",   "source",     "washes",      "certifications", NULL};
    char path[PATH_LEN], p[PATH_LEN];
    yaml_node_t *n;
    snprintf(path, sizeof path, "fabrics[%zu]", idx);
    TRY(yw_check_keys(c, m, path, keys));
    f->line = (int)m->start_mark.line + 1;
    snprintf(p, sizeof p, "%s.id", path);
    TRY(yw_required(c, m, path, "id", &n));
    TRY(yw_text(c, n, p, &f->id));
    snprintf(path, sizeof path, "fabrics[%s]", f->id); /* named by its id from here on */
    const char **texts[] = {&f->name, &f->description, &f->composition};
    static const char *const text_keys[] = {"name", "description", "composition"};
    for (int i = 0; i < 3; i++)
        if ((n = yw_get(c, m, text_keys[i]))) {
            snprintf(p, sizeof p, "%s.%s", path, text_keys[i]);
            TRY(yw_text(c, n, p, texts[i]));
        }
    f->construction = SV_CONSTR_UNSET;
    if ((n = yw_get(c, m, "construction"))) {
        ENUM_NAMES(names, SV_CONSTR__COUNT, sv_construction_name);
        int x;
        snprintf(p, sizeof p, "%s.construction", path);
        TRY(yw_choice_syn(c, n, p, names, SV_CONSTR__COUNT, pw_construction, &x));
        f->construction = (sv_construction)x;
    }
    f->weight_gsm = f->width_cm = SV_UNSET;
    if ((n = yw_get(c, m, "weight_gsm"))) {
        snprintf(p, sizeof p, "%s.weight_gsm", path);
        TRY(yw_whole(c, n, p, 10, 2000, &f->weight_gsm));
    }
    if ((n = yw_get(c, m, "width_cm"))) {
        snprintf(p, sizeof p, "%s.width_cm", path);
        TRY(yw_whole(c, n, p, 20, 400, &f->width_cm));
    }
    /* how it is bought: the price's key says, or bought_by when there is no price */
    yaml_node_t *pm = yw_get(c, m, "price_per_m"), *pk = yw_get(c, m, "price_per_kg");
    if (pm && pk)
        return yw_fail(c, m, path,
                       "give price_per_m or price_per_kg: a fabric is bought per "
                       "metre or per kilogram, not both");
    f->unit = pm ? SV_UNIT_M : pk ? SV_UNIT_KG : SV_UNIT_UNSET;
    if ((n = yw_get(c, m, "bought_by"))) {
        ENUM_NAMES(names, SV_UNIT__COUNT, sv_fabric_unit_name);
        int x;
        snprintf(p, sizeof p, "%s.bought_by", path);
        TRY(yw_choice_syn(c, n, p, names, SV_UNIT__COUNT, pw_fabric_unit, &x));
        if (f->unit != SV_UNIT_UNSET && x != (int)f->unit)
            return yw_fail(c, n, p, "%s says per %s: leave bought_by out or make them agree",
                           pm ? "price_per_m" : "price_per_kg", pm ? "metre" : "kilogram");
        f->unit = (sv_fabric_unit)x;
    }
    f->price = (sv_price){.amount = SV_UNSET, .incoterm = SV_INCOTERM_UNSET};
    if ((n = pm ? pm : pk)) {
        snprintf(p, sizeof p, "%s.%s", path, pm ? "price_per_m" : "price_per_kg");
        TRY(pr_amount(c, n, p, PROG(c)->brand.currency, NULL, NULL, &f->price.amount,
                      &f->price.currency));
        f->price.line = (int)n->start_mark.line + 1;
    }
    if ((n = yw_get(c, m, "mill_origin"))) {
        snprintf(p, sizeof p, "%s.mill_origin", path);
        TRY(yw_parse_country(c, n, p, false, f->mill_origin));
    }
    if ((n = yw_get(c, m, "knitted_to_shape"))) {
        snprintf(p, sizeof p, "%s.knitted_to_shape", path);
        TRY(yw_boolean(c, n, p, &f->knitted_to_shape));
    }
    f->no_minimum = f->knitted_to_shape;
    if ((n = yw_get(c, m, "no_minimum"))) {
        bool v;
        snprintf(p, sizeof p, "%s.no_minimum", path);
        TRY(yw_boolean(c, n, p, &v));
        if (!v && f->knitted_to_shape)
            return yw_fail(c, n, p,
                           "a fabric knitted to shape has no fabric minimum (no "
                           "fabric is bought to cut): leave no_minimum out");
        f->no_minimum = v;
    }
    f->source = SV_FABRIC_UNSET;
    if ((n = yw_get(c, m, "source"))) {
        snprintf(p, sizeof p, "%s.source", path);
        TRY(pr_fabric_source(c, n, p, &f->source));
    }
    if ((n = yw_get(c, m, "washes"))) {
        snprintf(p, sizeof p, "%s.washes", path);
        TRY(pr_text_list(c, n, p, MAX_WASHES, "wash", &f->washes, &f->n_washes));
    }
    /* product labels the mill holds for the fabric: OEKO-TEX 100 is met by the material */
    if ((n = yw_get(c, m, "certifications"))) {
        const char **certs;
        size_t cnt;
        snprintf(p, sizeof p, "%s.certifications", path);
        TRY(pr_text_list(c, n, p, MAX_FABRIC_CERTS, "certification", &certs, &cnt));
        for (size_t i = 0; i < cnt; i++) {
            int k = sv_cert_parse(certs[i]);
            if (k < 0) {
                char q[PATH_LEN];
                snprintf(q, sizeof q, "%s[%zu]", p, i);
                return yw_fail(c, yw_item(c, n, i), q,
                               "\"%s\" is not a certification selvedge knows "
                               "(data/certifications.tsv: OEKO-TEX 100, GOTS, GRS...)",
                               certs[i]);
            }
            f->certifications |= 1u << k;
        }
    }
    return SV_OK;
}

sv_code pr_fabrics(ctx *c, const yaml_node_t *n)
{
    sv_program *pr = PROG(c);
    size_t cnt;
    TRY(yw_list(c, n, "fabrics", MAX_FABRICS, &cnt));
    NEW_ARRAY(pr->fabrics, cnt);
    for (size_t i = 0; i < cnt; i++) {
        yaml_node_t *m = yw_item(c, n, i);
        TRY(parse_fabric(c, m, i, &pr->fabrics[i]));
        for (size_t j = 0; j < i; j++)
            if (strcasecmp(pr->fabrics[j].id, pr->fabrics[i].id) == 0) {
                char p[PATH_LEN];
                snprintf(p, sizeof p, "fabrics[%zu].id", i);
                return yw_fail(c, m, p, "fabric id \"%s\" is used twice (first on line %d)",
                               pr->fabrics[i].id, pr->fabrics[j].line);
            }
        pr->n_fabrics = i + 1;
    }
    return SV_OK;
}

sv_code pr_fabric_ref(ctx *c, const yaml_node_t *n, const char *path, const sv_fabric **out)
{
    const sv_program *pr = PROG(c);
    const char *id;
    TRY(yw_text(c, n, path, &id));
    for (size_t i = 0; i < pr->n_fabrics; i++)
        if (strcmp(pr->fabrics[i].id, id) == 0) {
            *out = &pr->fabrics[i];
            return SV_OK;
        }
    for (size_t i = 0; i < pr->n_fabrics; i++)
        if (strcasecmp(pr->fabrics[i].id, id) == 0) {
            *out = &pr->fabrics[i];
            return SV_OK;
        }
    if (!pr->n_fabrics)
        return yw_fail(c, n, path,
                       "unknown fabric \"%s\": the file has no fabrics: list (name the fabric "
                       "there with its id, or describe it here as { composition, weight_gsm })",
                       id);
    const char *ids[MAX_FABRICS];
    for (size_t i = 0; i < pr->n_fabrics; i++)
        ids[i] = pr->fabrics[i].id;
    const char *near = sv_suggest(id, ids, pr->n_fabrics);
    char list[300] = "";
    size_t used = 0;
    for (size_t i = 0; i < pr->n_fabrics && used < sizeof list - 40; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", ids[i]);
    if (near)
        return yw_fail(c, n, path, "unknown fabric \"%s\" (did you mean \"%s\"?); fabrics: %s", id,
                       near, list);
    return yw_fail(c, n, path, "unknown fabric \"%s\"; fabrics: %s", id, list);
}
