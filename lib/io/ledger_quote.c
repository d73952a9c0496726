/* The quote file a factory fills in (selvedge/ledger_quote.h). */
#include "selvedge/ledger_quote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/program.h" /* sv_date_parse */
#include "yaml_walk.h"

static sv_code date_days(yw *c, const yaml_node_t *n, const char *path, int64_t *out)
{
    const char *v;
    sv_date d;
    TRY(yw_scalar(c, n, path, "a date (YYYY-MM-DD)", &v));
    if (!sv_date_parse(v, &d) || d.year < 2001 || d.year > 2099)
        return yw_fail(c, n, path, "not a date (%.40s): YYYY-MM-DD, 2001-01-01 to 2099-12-31", v);
    *out = sv_date_to_days(d);
    return SV_OK;
}

static sv_code opt_whole(yw *c, const yaml_node_t *map, const char *path, const char *key,
                         int64_t max, int64_t *out)
{
    yaml_node_t *n = yw_get(c, map, key);
    char f[PATH_LEN];
    snprintf(f, sizeof f, "%s.%s", path, key);
    return n ? yw_whole(c, n, f, 0, max, out) : SV_OK;
}

static sv_code one_style(yw *c, const yaml_node_t *m, size_t i, sv_ledger_quote_line *q)
{
    char path[PATH_LEN], f[PATH_LEN];
    snprintf(path, sizeof path, "styles[%zu]", i);
    static const char *const keys[] = {"style",         "breaks",          "moq_style",
                                       "moq_color",     "sample_fee",      "fee_refunded",
                                       "sampling_days", "production_days", NULL};
    yaml_node_t *n;
    size_t nb = 0;
    q->moq_style = q->moq_color = q->sample_fee = SV_LEDGER_UNSET;
    q->sampling_days = q->production_days = SV_LEDGER_UNSET;
    q->fee_refunded = SV_LEDGER_UNSET;
    TRY(yw_check_keys(c, m, path, keys));
    TRY(yw_required(c, m, path, "style", &n));
    snprintf(f, sizeof f, "%s.style", path);
    TRY(yw_text(c, n, f, &q->style));
    TRY(yw_required(c, m, path, "breaks", &n));
    snprintf(f, sizeof f, "%s.breaks", path);
    TRY(yw_list(c, n, f, SV_LEDGER_BREAKS_MAX, &nb));
    if (nb == 0)
        return yw_fail(c, n, f, "at least one quantity break: - { qty: 500, price: 6.80 }");
    NEW_ARRAY(q->breaks, nb);
    for (size_t k = 0; k < nb; k++) {
        yaml_node_t *b = yw_item(c, n, k), *v;
        char bp[PATH_LEN];
        snprintf(bp, sizeof bp, "%s.breaks[%zu]", path, k);
        static const char *const bkeys[] = {"qty", "price", NULL};
        TRY(yw_check_keys(c, b, bp, bkeys));
        TRY(yw_required(c, b, bp, "qty", &v));
        snprintf(f, sizeof f, "%s.qty", bp);
        TRY(yw_whole(c, v, f, 1, SV_LEDGER_QTY_MAX, &q->breaks[k].qty));
        if (k > 0 && q->breaks[k].qty <= q->breaks[k - 1].qty)
            return yw_fail(c, v, f, "breaks go up in quantity (%lld after %lld)",
                           (long long)q->breaks[k].qty, (long long)q->breaks[k - 1].qty);
        TRY(yw_required(c, b, bp, "price", &v));
        snprintf(f, sizeof f, "%s.price", bp);
        TRY(yw_money(c, v, f, &q->breaks[k].price));
    }
    q->n_breaks = nb;
    TRY(opt_whole(c, m, path, "moq_style", SV_LEDGER_QTY_MAX, &q->moq_style));
    TRY(opt_whole(c, m, path, "moq_color", SV_LEDGER_QTY_MAX, &q->moq_color));
    TRY(opt_whole(c, m, path, "sampling_days", SV_LEDGER_DAYS_MAX, &q->sampling_days));
    TRY(opt_whole(c, m, path, "production_days", SV_LEDGER_DAYS_MAX, &q->production_days));
    if ((n = yw_get(c, m, "sample_fee"))) {
        snprintf(f, sizeof f, "%s.sample_fee", path);
        TRY(yw_money(c, n, f, &q->sample_fee));
    }
    if ((n = yw_get(c, m, "fee_refunded"))) {
        bool b;
        snprintf(f, sizeof f, "%s.fee_refunded", path);
        TRY(yw_boolean(c, n, f, &b));
        q->fee_refunded = b;
    }
    return SV_OK;
}

static sv_code quote(yw *c, const yaml_node_t *root, sv_ledger_event *ev)
{
    static const char *const keys[] = {"currency",    "deposit", "balance", "incoterm",
                                       "valid_until", "styles",  "text",    NULL};
    yaml_node_t *n;
    const char *v;
    TRY(yw_check_keys(c, root, "", keys));
    TRY(yw_required(c, root, "", "currency", &n));
    TRY(yw_scalar(c, n, "currency", "a currency code", &v));
    const sv_currency *cur = sv_currency_find(v);
    if (!cur || strlen(v) != 3 || v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z' ||
        v[2] < 'A' || v[2] > 'Z')
        return yw_fail(c, n, "currency", "not an ISO 4217 code in capitals (%.40s): EUR, USD", v);
    memcpy(ev->currency, cur->code, 4);
    c->exponent = cur->exponent;
    c->currency = cur->code;
    if ((n = yw_get(c, root, "deposit")))
        TRY(yw_percent(c, n, "deposit", 100, &ev->deposit_bp));
    if ((n = yw_get(c, root, "balance")))
        TRY(yw_text(c, n, "balance", &ev->balance));
    if ((n = yw_get(c, root, "incoterm")))
        TRY(yw_text(c, n, "incoterm", &ev->incoterm));
    if ((n = yw_get(c, root, "valid_until")))
        TRY(date_days(c, n, "valid_until", &ev->valid_until));
    if ((n = yw_get(c, root, "text"))) {
        TRY(yw_scalar(c, n, "text", "text", &v));
        if (strlen(v) > SV_LEDGER_TEXT_MAX)
            return yw_fail(c, n, "text", "at most %d bytes", SV_LEDGER_TEXT_MAX);
        if (!(ev->text = sv_pool_strdup(c->pool, v)))
            return sv_err_set(c->err, SV_ERR_NOMEM, "out of memory");
    }
    size_t ns = 0;
    TRY(yw_required(c, root, "", "styles", &n));
    TRY(yw_list(c, n, "styles", SV_LEDGER_QUOTE_MAX, &ns));
    if (ns == 0)
        return yw_fail(c, n, "styles", "at least one style quoted");
    NEW_ARRAY(ev->quote, ns);
    for (size_t i = 0; i < ns; i++) {
        TRY(one_style(c, yw_item(c, n, i), i, &ev->quote[i]));
        for (size_t k = 0; k < i; k++)
            if (strcmp(ev->quote[k].style, ev->quote[i].style) == 0) {
                char f[PATH_LEN];
                snprintf(f, sizeof f, "styles[%zu].style", i);
                return yw_fail(c, yw_item(c, n, i), f, "style %s is quoted twice",
                               ev->quote[i].style);
            }
    }
    ev->n_quote = ns;
    return SV_OK;
}

sv_code sv_ledger_quote_parse(const char *text, size_t len, const char *name, sv_pool *pool,
                              sv_ledger_event *ev, sv_err *e)
{
    yaml_document_t doc;
    if (!name)
        name = "<input>";
    sv_code rc =
        yw_load(text, len, name, &doc, e, "the file is empty: a quote needs currency: and styles:");
    if (rc)
        return rc;
    const char *file = sv_pool_strdup(pool, name);
    if (!file) {
        yaml_document_delete(&doc);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    yw c = {.file = file, .doc = &doc, .pool = pool, .err = e};
    rc = quote(&c, yaml_document_get_root_node(&doc), ev);
    yaml_document_delete(&doc);
    return rc;
}

sv_code sv_ledger_quote_load(const char *path, sv_pool *pool, sv_ledger_event *ev, sv_err *e)
{
    char *buf;
    size_t len;
    sv_code rc = yw_read_file(path, SV_LEDGER_QUOTE_FILE_MAX, &buf, &len, e);
    if (rc)
        return rc;
    rc = sv_ledger_quote_parse(buf, len, path, pool, ev, e);
    free(buf);
    return rc;
}
