/* A style's sizes, washes and colours: a colour told apart from its wash and its print, and
 * its units given whole, per size (sizes: { S: 100, M: 200 }) or as a size ratio of its units
 * (size_ratio: { S: 1, M: 2 }). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "program_read.h"

#include "selvedge/suggest.h"

enum { MAX_UNITS = 10000000, MAX_RATIO = 1000 };

/* The names of a list, ", "-joined into buf. */
static const char *joined(const char *const *v, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used + 8 < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", v[i]);
    return buf;
}

/* The entry of v equal to t without case, or NULL. */
static const char *find_text(const char *const *v, size_t n, const char *t)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(v[i], t) == 0)
            return v[i];
    return NULL;
}

/* t is one of the n names of list (what and its plural ending: "wash", "es") (what: "size", "wash";
 * whose: "the style's"), as the list spells it into *out; else an error with the list and the
 * nearest. */
static sv_code one_of_n(ctx *c, const yaml_node_t *n, const char *path, const char *t,
                        const char *const *list, size_t cnt, const char *what, const char *plural,
                        const char *whose, const char **out)
{
    if ((*out = find_text(list, cnt, t)))
        return SV_OK;
    char names[300];
    joined(list, cnt, names, sizeof names);
    const char *near = sv_suggest(t, list, cnt);
    if (near)
        return yw_fail(c, n, path, "%s \"%s\" is not one of %s %s%s (%s); did you mean \"%s\"?",
                       what, t, whose, what, plural, names, near);
    return yw_fail(c, n, path, "%s \"%s\" is not one of %s %s%s (%s)", what, t, whose, what, plural,
                   names);
}

static sv_code one_of(ctx *c, const yaml_node_t *n, const char *path, const char *t,
                      const char *const *list, size_t cnt, const char *what, const char *whose,
                      const char **out)
{
    return one_of_n(c, n, path, t, list, cnt, what, strcmp(what, "wash") ? "s" : "es", whose, out);
}

/* A mapping of sizes to whole numbers (units, or shares of a ratio), in the order written. The
 * sizes are the style's when it lists them; else each new one is added to them. */
static sv_code size_map(ctx *c, const yaml_node_t *n, const char *path, bool ratio, sv_style *s,
                        size_t *cap_sizes, sv_size_qty **out, size_t *count)
{
    if (n->type != YAML_MAPPING_NODE)
        return yw_fail(c, n, path, "expected a mapping of sizes to %s ({ S: %s, M: %s }), found %s",
                       ratio ? "their shares" : "units", ratio ? "1" : "100", ratio ? "2" : "200",
                       yw_kind_name(n));
    size_t cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    if (cnt > MAX_SIZES)
        return yw_fail(c, n, path, "has %zu sizes, at most %d are accepted", cnt, MAX_SIZES);
    sv_size_qty *q;
    NEW_ARRAY(q, cnt);
    int64_t total = 0;
    for (size_t i = 0; i < cnt; i++) {
        yaml_node_pair_t *pr = &n->data.mapping.pairs.start[i];
        yaml_node_t *k = yw_node_at(c, pr->key), *v = yw_node_at(c, pr->value);
        const char *name;
        if (!k || k->type != YAML_SCALAR_NODE)
            return yw_fail(c, k, path, "a size must be a name (S, 2Y, 32/34)");
        char kp[PATH_LEN];
        snprintf(kp, sizeof kp, "%s.%s", path, (const char *)k->data.scalar.value);
        TRY(yw_text(c, k, kp, &name));
        for (size_t j = 0; j < i; j++)
            if (strcasecmp(q[j].size, name) == 0)
                return yw_fail(c, k, kp, "size \"%s\" is given twice", name);
        if (s->n_sizes && *cap_sizes == 0) {
            /* the style's sizes: one of them */
            TRY(one_of(c, k, kp, name, s->sizes, s->n_sizes, "size", "the style's", &q[i].size));
        } else if (!(q[i].size = find_text(s->sizes, s->n_sizes, name))) {
            /* no sizes: list: the colours name them */
            if (s->n_sizes == *cap_sizes) {
                if (*cap_sizes >= MAX_SIZES)
                    return yw_fail(c, k, kp, "the colours name more than %d sizes", MAX_SIZES);
                size_t ncap = *cap_sizes ? 2 * *cap_sizes : 8;
                if (ncap > MAX_SIZES)
                    ncap = MAX_SIZES;
                const char **more;
                NEW_ARRAY(more, ncap);
                if (s->n_sizes)
                    memcpy(more, s->sizes, s->n_sizes * sizeof *more);
                s->sizes = more;
                *cap_sizes = ncap;
            }
            q[i].size = s->sizes[s->n_sizes++] = name;
        }
        if (!v || yw_is_null_scalar(v))
            return yw_fail(c, k, kp, "size %s has no %s", name, ratio ? "share" : "units");
        int64_t x;
        TRY(yw_whole(c, v, kp, 0, ratio ? MAX_RATIO : MAX_UNITS, &x));
        if (ratio) {
            q[i].ratio = x;
            q[i].units = 0;
        } else {
            q[i].units = x;
            q[i].ratio = SV_UNSET;
        }
        total += x;
    }
    if (total == 0)
        return yw_fail(c, n, path,
                       ratio ? "the ratio adds up to nothing: give each size its "
                               "share, such as { S: 1, M: 2, L: 2, XL: 1 }"
                             : "the sizes add up to no units");
    if (!ratio && total > MAX_UNITS)
        return yw_fail(c, n, path, "the sizes add up to %lld units, more than %d a colour",
                       (long long)total, MAX_UNITS);
    *out = q;
    *count = cnt;
    return SV_OK;
}

/* units split by the shares of r into r[i].units, whole, adding up to units: each its floor,
 * and the units left one each to the largest remainders (the first of equal ones). */
static void split(int64_t units, sv_size_qty *r, size_t n)
{
    int64_t total = 0, given = 0;
    bool extra[MAX_SIZES] = {false};
    for (size_t i = 0; i < n; i++)
        total += r[i].ratio;
    for (size_t i = 0; i < n; i++) {
        r[i].units = units * r[i].ratio / total;
        given += r[i].units;
    }
    /* fewer than n units are left: each floor lost less than one */
    for (int64_t left = units - given; left > 0; left--) {
        size_t best = 0;
        int64_t best_rem = -1;
        for (size_t i = 0; i < n; i++) {
            int64_t rem = units * r[i].ratio % total;
            if (!extra[i] && rem > best_rem) {
                best_rem = rem;
                best = i;
            }
        }
        extra[best] = true;
        r[best].units++;
    }
}

static sv_code parse_color(ctx *c, const yaml_node_t *e, const char *q, sv_style *s,
                           size_t *cap_sizes, sv_color *k)
{
    static const char *const ckeys[] = {"name",  "units",      "wash", "print",
                                        "sizes", "size_ratio", NULL};
    char r[PATH_LEN];
    yaml_node_t *v;
    TRY(yw_check_keys(c, e, q, ckeys));
    k->line = (int)e->start_mark.line + 1;
    TRY(yw_required(c, e, q, "name", &v));
    snprintf(r, sizeof r, "%s.name", q);
    TRY(yw_text(c, v, r, &k->name));
    if ((v = yw_get(c, e, "wash"))) {
        const char *w;
        snprintf(r, sizeof r, "%s.wash", q);
        TRY(yw_text(c, v, r, &w));
        k->wash = w;
        if (s->n_washes)
            TRY(one_of(c, v, r, w, s->washes, s->n_washes, "wash",
                       s->fabric && s->washes == s->fabric->washes ? "its fabric's" : "the style's",
                       &k->wash));
    }
    if ((v = yw_get(c, e, "print"))) {
        snprintf(r, sizeof r, "%s.print", q);
        TRY(yw_text(c, v, r, &k->print));
    }
    yaml_node_t *sizes = yw_get(c, e, "sizes"), *ratio = yw_get(c, e, "size_ratio"),
                *units = yw_get(c, e, "units");
    if (sizes && ratio)
        return yw_fail(c, e, q, "give sizes (units a size) or size_ratio, not both");
    k->units = SV_UNSET;
    if (units) {
        snprintf(r, sizeof r, "%s.units", q);
        TRY(yw_whole(c, units, r, 1, MAX_UNITS, &k->units));
    }
    if (sizes) {
        snprintf(r, sizeof r, "%s.sizes", q);
        TRY(size_map(c, sizes, r, false, s, cap_sizes, &k->sizes, &k->n_sizes));
        int64_t sum = 0;
        for (size_t i = 0; i < k->n_sizes; i++)
            sum += k->sizes[i].units;
        if (k->units >= 0 && k->units != sum) {
            char list[400] = "";
            size_t used = 0;
            for (size_t i = 0; i < k->n_sizes && used + 40 < sizeof list; i++)
                used +=
                    (size_t)snprintf(list + used, sizeof list - used, "%s%s %lld", i ? ", " : "",
                                     k->sizes[i].size, (long long)k->sizes[i].units);
            return yw_fail(c, e, q,
                           "colour \"%s\": units is %lld but its sizes add up to %lld (%s): make "
                           "them agree, or leave units out",
                           k->name, (long long)k->units, (long long)sum, list);
        }
        k->units = sum;
    } else if (ratio || (s->n_size_ratio && k->units >= 0)) {
        if (k->units < 0)
            return yw_fail(c, e, q, "a size ratio splits the colour's units: give units");
        if (ratio) {
            snprintf(r, sizeof r, "%s.size_ratio", q);
            TRY(size_map(c, ratio, r, true, s, cap_sizes, &k->sizes, &k->n_sizes));
        } else {
            NEW_ARRAY(k->sizes, s->n_size_ratio);
            memcpy(k->sizes, s->size_ratio, s->n_size_ratio * sizeof *k->sizes);
            k->n_sizes = s->n_size_ratio;
        }
        k->by_ratio = true;
        split(k->units, k->sizes, k->n_sizes);
    }
    if (k->units < 0)
        return yw_required(c, e, q, "units", &v);
    return SV_OK;
}

sv_code pr_colors(ctx *c, const yaml_node_t *m, const char *path, sv_style *s)
{
    char p[PATH_LEN];
    yaml_node_t *n;
    size_t cap_sizes = 0; /* sizes the colours add to a style without a list: its room */
    if ((n = yw_get(c, m, "sizes"))) {
        snprintf(p, sizeof p, "%s.sizes", path);
        TRY(pr_text_list(c, n, p, MAX_SIZES, "size", &s->sizes, &s->n_sizes));
    }
    const sv_fabric *fab = s->fabric;
    if ((n = yw_get(c, m, "washes"))) {
        snprintf(p, sizeof p, "%s.washes", path);
        TRY(pr_text_list(c, n, p, MAX_SIZES, "wash", &s->washes, &s->n_washes));
        if (fab && fab->n_washes)
            for (size_t i = 0; i < s->n_washes; i++) {
                char q[PATH_LEN], whose[PATH_LEN];
                snprintf(q, sizeof q, "%s[%zu]", p, i);
                snprintf(whose, sizeof whose, "fabric %s's", fab->id);
                TRY(one_of(c, yw_item(c, n, i), q, s->washes[i], fab->washes, fab->n_washes, "wash",
                           whose, &s->washes[i]));
            }
    } else if (fab && fab->n_washes) {
        s->washes = fab->washes;
        s->n_washes = fab->n_washes;
    }
    if ((n = yw_get(c, m, "size_ratio"))) {
        snprintf(p, sizeof p, "%s.size_ratio", path);
        TRY(size_map(c, n, p, true, s, &cap_sizes, &s->size_ratio, &s->n_size_ratio));
    }
    snprintf(p, sizeof p, "%s.colors", path);
    TRY(yw_required(c, m, path, "colors", &n));
    size_t cnt;
    TRY(yw_list(c, n, p, MAX_COLORS, &cnt));
    if (cnt == 0)
        return yw_fail(c, n, p, "a style needs at least one colour with its units");
    NEW_ARRAY(s->colors, cnt);
    for (size_t i = 0; i < cnt; i++) {
        char q[PATH_LEN];
        yaml_node_t *e = yw_item(c, n, i);
        snprintf(q, sizeof q, "%s[%zu]", p, i);
        sv_color *k = &s->colors[i];
        TRY(parse_color(c, e, q, s, &cap_sizes, k));
        for (size_t j = 0; j < i; j++) {
            const sv_color *o = &s->colors[j];
            if (strcasecmp(o->name, k->name) != 0 ||
                (o->wash ? !k->wash || strcasecmp(o->wash, k->wash) : k->wash != NULL) ||
                (o->print ? !k->print || strcasecmp(o->print, k->print) : k->print != NULL))
                continue;
            char what[300];
            snprintf(what, sizeof what, "%s%s%s%s%s%s", k->wash || k->print ? " (" : "",
                     k->wash ? "wash " : "", k->wash ? k->wash : "",
                     k->wash && k->print ? ", print "
                     : k->print          ? "print "
                                         : "",
                     k->print ? k->print : "", k->wash || k->print ? ")" : "");
            return yw_fail(c, e, q,
                           "colour \"%s\"%s is listed twice (line %d): put all its units in "
                           "one entry",
                           k->name, what, o->line);
        }
    }
    s->n_colors = cnt;
    return SV_OK;
}
