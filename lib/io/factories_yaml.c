/* The capability file: a currency and a list of factory profiles. Read with the same schema
 * walker as the program file, so errors read the same. */
#include "selvedge/factories_yaml.h"

#include "selvedge/claims.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "capability.h"
#include "yaml_walk.h"

enum { MAX_FACTORIES = 100000, MAX_ITEMS = 64 };

typedef yw ctx;

/* A whole number in the range of a figure (capability.h, the CSV reader's too). */
static sv_code figure(ctx *c, const yaml_node_t *n, const char *path, cap_figure f, int64_t *out)
{
    return yw_whole(c, n, path, cap_ranges[f].min, cap_ranges[f].max, out);
}

/* An amount in the file's currency, in the range of an amount. */
static sv_code amount(ctx *c, const yaml_node_t *n, const char *path, sv_minor *out)
{
    TRY(yw_money(c, n, path, out));
    if (!cap_in_range_scaled(CAP_MONEY, *out, c->exponent)) {
        char span[64];
        return yw_fail(c, n, path, "must be %s",
                       cap_range_text(CAP_MONEY, c->exponent, span, sizeof span));
    }
    return SV_OK;
}

/* A list of strings, or a single string, into a NULL-free array in the pool. */
static sv_code strings(ctx *c, const yaml_node_t *n, const char *path, const char ***out,
                       size_t *count)
{
    size_t cnt;
    TRY(yw_list(c, n, path, MAX_ITEMS, &cnt));
    const char **arr;
    NEW_ARRAY(arr, cnt);
    for (size_t i = 0; i < cnt; i++) {
        char p[PATH_LEN];
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        TRY(yw_text(c, yw_item(c, n, i), p, &arr[i]));
    }
    *out = arr;
    *count = cnt;
    return SV_OK;
}

/* Words joined by '|' (processing types, languages). */
static sv_code joined(ctx *c, const yaml_node_t *n, const char *path, const char **out)
{
    const char **arr;
    size_t cnt;
    TRY(strings(c, n, path, &arr, &cnt));
    size_t len = 1;
    for (size_t i = 0; i < cnt; i++)
        len += strlen(arr[i]) + 1;
    char *s = sv_pool_alloc(c->pool, len);
    if (!s)
        return sv_err_set(c->err, SV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < cnt; i++) {
        if (i)
            strcat(s, "|");
        strcat(s, arr[i]);
    }
    *out = cnt ? s : NULL;
    return SV_OK;
}

/* A list of enum names into a bit set. */
static sv_code bits(ctx *c, const yaml_node_t *n, const char *path, const char *const *names,
                    int count, uint32_t *out)
{
    size_t cnt;
    TRY(yw_list(c, n, path, MAX_ITEMS, &cnt));
    for (size_t i = 0; i < cnt; i++) {
        char p[PATH_LEN];
        int v;
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        TRY(yw_choice(c, yw_item(c, n, i), p, names, count, &v));
        *out |= 1u << v;
    }
    return SV_OK;
}

/* The certifications of a factory selvedge does not know, '|'-joined into buf, each once
 * whatever its case. What is kept is never longer than the items it comes from. */
typedef struct others {
    char *buf;
    size_t len, cap;
} others;

static void keep_other(void *ud, const char *s, size_t n)
{
    others *o = ud;
    for (const char *p = o->buf; *p;) {
        size_t l = strcspn(p, "|");
        if (l == n && strncasecmp(p, s, n) == 0)
            return;
        p += l + (p[l] == '|');
    }
    if (o->len + n + 2 > o->cap)
        return;
    if (o->len)
        o->buf[o->len++] = '|';
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static sv_code parse_factory(ctx *c, const yaml_node_t *m, size_t idx, sv_factory *f)
{
    static const char *const keys[] = {
        "id",           "name",          "other_names",      "address",
        "other_addresses", "country",    "coordinates",      "os_id",
        "facility_types", "processing_types", "categories",  "constructions",
        "tiers",        "moq",           "prices",           "lead_days",
        "monthly_capacity", "sample_fee", "deposit_pct",     "certifications",
        "new_brands",   "workers",       "languages",        "closed",
        NULL};
    char path[PATH_LEN], p[PATH_LEN];
    yaml_node_t *n;
    sv_factory_init(f);
    f->source = c->file;
    snprintf(path, sizeof path, "factories[%zu]", idx);
    TRY(yw_check_keys(c, m, path, keys));
    if ((n = yw_get(c, m, "id"))) {
        snprintf(p, sizeof p, "%s.id", path);
        TRY(yw_text(c, n, p, &f->handle));
        if (!cap_handle_ok(f->handle))
            return yw_fail(c, n, p,
                           "an id is " CAP_HANDLE_RULE " only, like "
                           "pt-barcelos-activeknit");
        snprintf(path, sizeof path, "factories[%s]", f->handle);
    }
    snprintf(p, sizeof p, "%s.name", path);
    TRY(yw_required(c, m, path, "name", &n));
    TRY(yw_text(c, n, p, &f->name));
    if ((n = yw_get(c, m, "other_names"))) {
        snprintf(p, sizeof p, "%s.other_names", path);
        TRY(strings(c, n, p, &f->other_names, &f->n_other_names));
    }
    if ((n = yw_get(c, m, "address"))) {
        snprintf(p, sizeof p, "%s.address", path);
        TRY(yw_text(c, n, p, &f->address));
    }
    if ((n = yw_get(c, m, "other_addresses"))) {
        snprintf(p, sizeof p, "%s.other_addresses", path);
        TRY(strings(c, n, p, &f->other_addresses, &f->n_other_addresses));
    }
    snprintf(p, sizeof p, "%s.country", path);
    TRY(yw_required(c, m, path, "country", &n));
    TRY(yw_parse_country(c, n, p, false, f->country));
    if ((n = yw_get(c, m, "coordinates"))) {
        size_t cnt;
        snprintf(p, sizeof p, "%s.coordinates", path);
        TRY(yw_list(c, n, p, 2, &cnt));
        if (cnt != 2)
            return yw_fail(c, n, p, "coordinates are [latitude, longitude]");
        int64_t lat, lng;
        TRY(yw_fixed(c, yw_item(c, n, 0), p, 6, -90000000, 90000000, "", &lat));
        TRY(yw_fixed(c, yw_item(c, n, 1), p, 6, -180000000, 180000000, "", &lng));
        f->has_coords = true;
        f->lat = (double)lat / 1e6;
        f->lng = (double)lng / 1e6;
    }
    if ((n = yw_get(c, m, "os_id"))) {
        snprintf(p, sizeof p, "%s.os_id", path);
        TRY(yw_text(c, n, p, &f->os_id));
    }
    if ((n = yw_get(c, m, "facility_types"))) {
        /* the Open Supply Hub's names, read leniently ("printing/dyeing/laundering") */
        size_t cnt;
        snprintf(p, sizeof p, "%s.facility_types", path);
        TRY(yw_list(c, n, p, MAX_ITEMS, &cnt));
        for (size_t i = 0; i < cnt; i++) {
            char q[PATH_LEN];
            const char *v;
            snprintf(q, sizeof q, "%s[%zu]", p, i);
            TRY(yw_scalar(c, yw_item(c, n, i), q, "a facility type", &v));
            uint32_t bit = sv_facility_parse(v);
            if (!bit) {
                const char *names[SV_FACILITY__COUNT];
                for (int k = 0; k < SV_FACILITY__COUNT; k++)
                    names[k] = sv_facility_name((sv_facility_type)(1u << k));
                int x;
                TRY(yw_choice(c, yw_item(c, n, i), q, names, SV_FACILITY__COUNT, &x));
                bit = 1u << x;
            }
            f->facility_types |= bit;
        }
    }
    if ((n = yw_get(c, m, "processing_types"))) {
        snprintf(p, sizeof p, "%s.processing_types", path);
        TRY(joined(c, n, p, &f->processing_types));
    }
    if ((n = yw_get(c, m, "categories"))) {
        ENUM_NAMES(names, SV_CAT__COUNT, sv_category_name);
        snprintf(p, sizeof p, "%s.categories", path);
        TRY(bits(c, n, p, names, SV_CAT__COUNT, &f->categories));
    }
    if ((n = yw_get(c, m, "constructions"))) {
        ENUM_NAMES(names, SV_CONSTR__COUNT, sv_construction_name);
        snprintf(p, sizeof p, "%s.constructions", path);
        TRY(bits(c, n, p, names, SV_CONSTR__COUNT, &f->constructions));
    }
    if ((n = yw_get(c, m, "tiers"))) {
        ENUM_NAMES(names, SV_TIER__COUNT, sv_tier_name);
        snprintf(p, sizeof p, "%s.tiers", path);
        TRY(bits(c, n, p, names, SV_TIER__COUNT, &f->tiers));
    }
    if ((n = yw_get(c, m, "moq"))) {
        static const char *const mk[] = {"per_style", "per_color", "per_order", NULL};
        int64_t *dst[] = {&f->moq_style, &f->moq_color, &f->moq_order};
        snprintf(p, sizeof p, "%s.moq", path);
        TRY(yw_check_keys(c, n, p, mk));
        for (int i = 0; mk[i]; i++) {
            yaml_node_t *v = yw_get(c, n, mk[i]);
            if (!v)
                continue;
            char q[PATH_LEN];
            snprintf(q, sizeof q, "%s.%s", p, mk[i]);
            TRY(figure(c, v, q, CAP_MOQ, dst[i]));
        }
    }
    if ((n = yw_get(c, m, "prices"))) {
        snprintf(p, sizeof p, "%s.prices", path);
        if (n->type != YAML_MAPPING_NODE)
            return yw_fail(c, n, p, "expected a mapping of category: [low, high]");
        ENUM_NAMES(names, SV_CAT__COUNT, sv_category_name);
        const char *known[SV_CAT__COUNT + 1];
        memcpy(known, names, sizeof names);
        known[SV_CAT__COUNT] = NULL;
        TRY(yw_check_keys(c, n, p, known));
        for (int k = 0; k < SV_CAT__COUNT; k++) {
            yaml_node_t *v = yw_get(c, n, names[k]);
            if (!v)
                continue;
            char q[PATH_LEN];
            size_t cnt;
            snprintf(q, sizeof q, "%s.%s", p, names[k]);
            TRY(yw_list(c, v, q, 2, &cnt));
            if (cnt != 2)
                return yw_fail(c, v, q, "a price band is [low, high]");
            TRY(amount(c, yw_item(c, v, 0), q, &f->price_low[k]));
            TRY(amount(c, yw_item(c, v, 1), q, &f->price_high[k]));
            if (f->price_low[k] > f->price_high[k])
                return yw_fail(c, v, q, "the low price is above the high one");
            if (!(f->categories & (1u << k)))
                return yw_fail(c, v, q, "a price for %s, which is not in categories",
                               names[k]);
        }
    }
    if ((n = yw_get(c, m, "lead_days"))) {
        static const char *const lk[] = {"sampling", "production", NULL};
        snprintf(p, sizeof p, "%s.lead_days", path);
        TRY(yw_check_keys(c, n, p, lk));
        yaml_node_t *v;
        char q[PATH_LEN];
        if ((v = yw_get(c, n, "sampling"))) {
            snprintf(q, sizeof q, "%s.sampling", p);
            TRY(figure(c, v, q, CAP_LEAD_DAYS, &f->sampling_days));
        }
        if ((v = yw_get(c, n, "production"))) {
            snprintf(q, sizeof q, "%s.production", p);
            TRY(figure(c, v, q, CAP_LEAD_DAYS, &f->production_days));
        }
    }
    if ((n = yw_get(c, m, "monthly_capacity"))) {
        snprintf(p, sizeof p, "%s.monthly_capacity", path);
        TRY(figure(c, n, p, CAP_CAPACITY, &f->monthly_capacity));
    }
    if ((n = yw_get(c, m, "sample_fee"))) {
        snprintf(p, sizeof p, "%s.sample_fee", path);
        TRY(amount(c, n, p, &f->sample_fee));
    }
    if ((n = yw_get(c, m, "deposit_pct"))) {
        snprintf(p, sizeof p, "%s.deposit_pct", path);
        TRY(yw_percent(c, n, p, cap_ranges[CAP_DEPOSIT].max, &f->deposit_bp));
    }
    if ((n = yw_get(c, m, "certifications"))) {
        /* a name selvedge does not know is kept as written in other_certifications, once */
        const char **arr;
        size_t cnt, len = 1;
        snprintf(p, sizeof p, "%s.certifications", path);
        TRY(strings(c, n, p, &arr, &cnt));
        for (size_t i = 0; i < cnt; i++) {
            if (strchr(arr[i], '|')) {
                char q[PATH_LEN];
                snprintf(q, sizeof q, "%s[%zu]", p, i);
                return yw_fail(c, yw_item(c, n, i), q,
                               "one certification a list item: \"%s\" holds a '|'", arr[i]);
            }
            len += strlen(arr[i]) + 1;
        }
        others o = {.buf = sv_pool_alloc(c->pool, len), .cap = len};
        if (!o.buf)
            return sv_err_set(c->err, SV_ERR_NOMEM, "out of memory");
        o.buf[0] = '\0';
        for (size_t i = 0; i < cnt; i++)
            f->certifications |= sv_parse_certs_list(arr[i], keep_other, &o);
        f->other_certifications = o.buf[0] ? o.buf : NULL;
    }
    if ((n = yw_get(c, m, "new_brands"))) {
        bool b;
        snprintf(p, sizeof p, "%s.new_brands", path);
        TRY(yw_boolean(c, n, p, &b));
        f->new_brands = b;
    }
    if ((n = yw_get(c, m, "closed"))) {
        bool b;
        snprintf(p, sizeof p, "%s.closed", path);
        TRY(yw_boolean(c, n, p, &b));
        f->closed = b;
    }
    if ((n = yw_get(c, m, "workers"))) {
        size_t cnt;
        snprintf(p, sizeof p, "%s.workers", path);
        TRY(yw_list(c, n, p, 2, &cnt));
        if (cnt != 2)
            return yw_fail(c, n, p, "workers is a range [fewest, most]");
        TRY(figure(c, yw_item(c, n, 0), p, CAP_WORKERS, &f->workers_min));
        TRY(figure(c, yw_item(c, n, 1), p, CAP_WORKERS, &f->workers_max));
        if (f->workers_min > f->workers_max)
            return yw_fail(c, n, p, "the range is the wrong way round");
    }
    if ((n = yw_get(c, m, "languages"))) {
        snprintf(p, sizeof p, "%s.languages", path);
        TRY(joined(c, n, p, &f->languages));
    }
    return SV_OK;
}

/* What two factories of one file may not share: the id, and the OS ID (in any case: the Open
 * Supply Hub writes them in upper case). */
typedef struct key_kind {
    const char *name;                      /* for the message */
    const char *(*of)(const sv_factory *); /* NULL when the factory has none */
    int (*cmp)(const char *, const char *);
} key_kind;

static const char *id_of(const sv_factory *f)
{
    return f->handle;
}

static const char *os_id_of(const sv_factory *f)
{
    return f->os_id;
}

typedef struct sort_by {
    const sv_factory_list *l;
    const key_kind *k;
} sort_by;

/* Items by key, then by place in the file: the same key's items sit together, the first
 * first. */
static int by_key(const void *a, const void *b, void *ud)
{
    const sort_by *s = ud;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int k = s->k->cmp(s->k->of(&s->l->items[i]), s->k->of(&s->l->items[j]));
    return k ? k : (i > j) - (i < j);
}

/* A key given to two factories is refused, naming the first repeat in the file and where the
 * key was first given. Sorted, not compared pairwise: a file may hold 100,000 factories. */
static sv_code refuse_twice(ctx *c, yaml_node_t *list, const sv_factory_list *l, size_t cnt,
                            const key_kind *kind)
{
    size_t *idx = malloc(sizeof *idx * (cnt ? cnt : 1)), n = 0;
    if (!idx)
        return sv_err_set(c->err, SV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < cnt; i++)
        if (kind->of(&l->items[i]))
            idx[n++] = i;
    sort_by s = {l, kind};
    qsort_r(idx, n, sizeof *idx, by_key, &s);
    size_t repeat = SIZE_MAX, first = 0;
    for (size_t k = 1; k < n; k++)
        if (kind->cmp(kind->of(&l->items[idx[k]]), kind->of(&l->items[idx[k - 1]])) == 0 &&
            idx[k] < repeat) {
            repeat = idx[k];
            first = idx[k - 1];
            while (k + 1 < n &&
                   kind->cmp(kind->of(&l->items[idx[k + 1]]), kind->of(&l->items[idx[k]])) == 0)
                k++; /* later repeats of this key come after this one in the file */
        }
    free(idx);
    if (repeat == SIZE_MAX)
        return SV_OK;
    /* the earliest repeat of its key is the second in the file: first is the one before it */
    return yw_fail(c, yw_item(c, list, repeat), "factories",
                   "%s \"%s\" is used twice (first on line %d)", kind->name,
                   kind->of(&l->items[repeat]), l->lines[first]);
}

sv_code sv_factories_parse(const char *text, size_t len, const char *name,
                           sv_factory_list **out, sv_err *e)
{
    yaml_document_t doc;
    *out = NULL;
    if (!name)
        name = "<input>";
    sv_code rc = yw_load(text, len, name, &doc, e,
                         "the file is empty: a factory file needs currency: and factories:");
    if (rc)
        return rc;
    sv_factory_list *l = calloc(1, sizeof *l);
    if (!l || !(l->pool = sv_pool_create())) {
        free(l);
        yaml_document_delete(&doc);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    l->path = sv_pool_strdup(l->pool, name);
    ctx c = {.file = l->path, .doc = &doc, .pool = l->pool, .err = e, .user = l};
    yaml_node_t *root = yaml_document_get_root_node(&doc), *n;
    static const char *const keys[] = {"currency", "factories", NULL};
    const char *cur;
    size_t cnt = 0;
    if ((rc = yw_check_keys(&c, root, "", keys)) ||
        (rc = yw_required(&c, root, "", "currency", &n)) ||
        (rc = yw_scalar(&c, n, "currency", "a currency code", &cur)))
        goto out;
    if (!(l->currency = sv_currency_find(cur))) {
        rc = yw_fail(&c, n, "currency", "unknown currency \"%s\"", cur);
        goto out;
    }
    c.exponent = l->currency->exponent;
    c.currency = l->currency->code;
    if ((rc = yw_required(&c, root, "", "factories", &n)) ||
        (rc = yw_list(&c, n, "factories", MAX_FACTORIES, &cnt)))
        goto out;
    l->items = sv_pool_alloc(l->pool, sizeof *l->items * (cnt ? cnt : 1));
    l->lines = sv_pool_alloc(l->pool, sizeof *l->lines * (cnt ? cnt : 1));
    if (!l->items || !l->lines) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < cnt; i++) {
        yaml_node_t *m = yw_item(&c, n, i);
        l->lines[i] = (int)m->start_mark.line + 1;
        if ((rc = parse_factory(&c, m, i, &l->items[i])))
            goto out;
    }
    static const key_kind ids = {"id", id_of, strcmp}, os_ids = {"os_id", os_id_of, strcasecmp};
    if ((rc = refuse_twice(&c, n, l, cnt, &ids)) || (rc = refuse_twice(&c, n, l, cnt, &os_ids)))
        goto out;
    l->n = cnt;
    *out = l;
    l = NULL;
out:
    sv_factory_list_free(l);
    yaml_document_delete(&doc);
    return rc;
}

sv_code sv_factories_load(const char *path, sv_factory_list **out, sv_err *e)
{
    char *buf;
    size_t len;
    *out = NULL;
    sv_code rc = yw_read_file(path, SV_FACTORIES_MAX_BYTES, &buf, &len, e);
    if (rc)
        return rc;
    rc = sv_factories_parse(buf, len, path, out, e);
    free(buf);
    return rc;
}

void sv_factory_list_free(sv_factory_list *l)
{
    if (!l)
        return;
    sv_pool_free(l->pool);
    free(l);
}
