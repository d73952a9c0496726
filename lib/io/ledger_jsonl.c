/* The ledger's JSON-lines file: reading an event strictly, writing it canonically
 * (selvedge/ledger_jsonl.h, docs/ledger.md). */
#include "selvedge/ledger_jsonl.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/aql.h"
#include "selvedge/money.h"
#include "selvedge/program.h"
#include "selvedge/suggest.h"

/* Every field an event may have, in the order the writer puts them. */
static const char *const fields[] = {
    "id",       "supersedes", "at",       "by",         "kind",    "brand",       "factory",
    "rfq",      "order",      "change",   "style",      "stage",   "round",       "milestone",
    "currency", "amount",     "due",      "ex_factory", "planned", "valid_until", "days",
    "deposit",  "balance",    "incoterm", "reason",     "verdict", "courier",     "tracking",
    "what",     "from",       "to",       "lot",        "level",   "aql",         "defects",
    "result",   "lines",      "quote",    "text",       "program", "readiness",   NULL,
};
static const char *const line_fields[] = {"style", "color", "size", "qty", "price", NULL};
static const char *const quote_fields[] = {"style",         "breaks",          "moq_style",
                                           "moq_color",     "sample_fee",      "fee_refunded",
                                           "sampling_days", "production_days", NULL};
static const char *const break_fields[] = {"qty", "price", NULL};
static const char *const defect_fields[] = {"critical", "major", "minor", NULL};

typedef struct rd {
    sv_pool *pool;
    sv_err *e;
    int exponent; /* of the event's currency; -1 none */
} rd;

static sv_code bad(rd *r, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static sv_code bad(rd *r, const char *field, const char *fmt, ...)
{
    char msg[sizeof r->e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, field, "%s", msg);
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "a list";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "true or false";
    case JSON_NULL:
        return "null";
    }
    return "?";
}

/* Keys of o not in known: refused, with the nearest known one. */
static sv_code known_keys(rd *r, const json_t *o, const char *const *known, const char *prefix)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)o, k, v)
    {
        size_t i = 0;
        while (known[i] && strcmp(known[i], k) != 0)
            i++;
        if (known[i])
            continue;
        char f[160];
        snprintf(f, sizeof f, "%s%.100s", prefix, k);
        const char *near = sv_suggest(k, known, 0);
        if (near)
            return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, f,
                             "unknown field (did you mean \"%s\"?)", near);
        return bad(r, f, "unknown field");
    }
    return SV_OK;
}

static sv_code str(rd *r, const json_t *v, const char *f, const char **out)
{
    if (!v)
        return SV_OK;
    if (!json_is_string(v))
        return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, f, "must be a string, not %s",
                         type_name(v));
    if (strlen(json_string_value(v)) != json_string_length(v))
        return bad(r, f, "holds a NUL character");
    if (!(*out = sv_pool_strdup(r->pool, json_string_value(v))))
        return sv_err_set(r->e, SV_ERR_NOMEM, "out of memory");
    return SV_OK;
}

static sv_code whole(rd *r, const json_t *v, const char *f, int64_t min, int64_t max, int64_t *out)
{
    if (!v)
        return SV_OK;
    if (!json_is_integer(v))
        return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, f, "must be a whole number, not %s",
                         type_name(v));
    json_int_t x = json_integer_value(v);
    if (x < min || x > max)
        return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, f, "must be from %lld to %lld",
                         (long long)min, (long long)max);
    *out = x;
    return SV_OK;
}

static sv_code day(rd *r, const json_t *v, const char *f, int64_t *out)
{
    const char *s = NULL;
    sv_code rc = str(r, v, f, &s);
    if (rc || !s)
        return rc;
    sv_date d;
    if (!sv_date_parse(s, &d) || !sv_date_supported(d))
        return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, f,
                         "not a date (%.40s): YYYY-MM-DD, " SV_DATE_RANGE_TEXT, s);
    *out = sv_date_to_days(d);
    return SV_OK;
}

/* An amount: a string of a plain decimal, with at most the currency's decimals. */
static sv_code money(rd *r, const json_t *v, const char *f, sv_minor *out)
{
    const char *s = NULL;
    sv_code rc = str(r, v, f, &s);
    if (rc || !s)
        return rc;
    if (r->exponent < 0)
        return bad(r, "currency", "missing: an amount needs its currency");
    int64_t x;
    switch (sv_decimal_parse(s, r->exponent, &x)) {
    case SV_DEC_OK:
        break;
    case SV_DEC_TOO_PRECISE:
        return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, f,
                         "more decimals than the currency has (%.40s)", s);
    default:
        return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, f,
                         "not an amount (%.40s): a decimal in a string, \"1250.00\"", s);
    }
    if (x < 0 || x > SV_LEDGER_AMOUNT_MAX)
        return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, f, "out of range (%.40s)", s);
    *out = x;
    return SV_OK;
}

/* A code from a list of names. */
static sv_code code(rd *r, const json_t *v, const char *f, int (*parse)(const char *),
                    const char *const *names, const char *list, int *out)
{
    const char *s = NULL;
    sv_code rc = str(r, v, f, &s);
    if (rc || !s)
        return rc;
    int c = parse(s);
    if (c < 0) {
        const char *near = names ? sv_suggest(s, names, 0) : NULL;
        if (near)
            return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, f,
                             "unknown (%.40s): did you mean \"%s\"?", s, near);
        return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, f, "unknown (%.40s): one of %s", s, list);
    }
    *out = c;
    return SV_OK;
}

static const char *const kind_list[] = {"rfq.sent",
                                        "rfq.acknowledged",
                                        "rfq.declined",
                                        "quote",
                                        "sample.requested",
                                        "sample.shipped",
                                        "sample.received",
                                        "sample.reviewed",
                                        "sample.fee_invoiced",
                                        "sample.fee_paid",
                                        "change.requested",
                                        "change.answered",
                                        "change.accepted",
                                        "change.withdrawn",
                                        "order.issued",
                                        "order.confirmed",
                                        "order.countered",
                                        "payment.due",
                                        "payment.paid",
                                        "milestone.actual",
                                        "inspection",
                                        "message",
                                        NULL};
static const char *const stage_list[] = {"proto", "fit", "size_set", "pp", "shipment", NULL};
static const char *const verdict_list[] = {"approved", "approved_with_comments", "rejected", NULL};
static const char *const reason_list[] = {"moq",      "price", "capacity", "category",
                                          "timeline", "terms", "other",    NULL};

static sv_code array(rd *r, const json_t *v, const char *f, size_t max, size_t *n)
{
    if (!json_is_array(v))
        return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, f, "must be a list, not %s",
                         type_name(v));
    *n = json_array_size(v);
    if (*n == 0)
        return bad(r, f, "empty: leave it out");
    if (*n > max)
        return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, f, "more than %zu items", max);
    return SV_OK;
}

static sv_code object(rd *r, const json_t *v, const char *f)
{
    if (!json_is_object(v))
        return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, f, "must be an object, not %s",
                         type_name(v));
    return SV_OK;
}

#define TRY(x)                                                                                     \
    do {                                                                                           \
        sv_code rc_ = (x);                                                                         \
        if (rc_)                                                                                   \
            return rc_;                                                                            \
    } while (0)

static sv_code lines(rd *r, const json_t *v, sv_ledger_event *ev)
{
    size_t n;
    TRY(array(r, v, "lines", SV_LEDGER_LINES_MAX, &n));
    if (!(ev->lines = sv_pool_alloc(r->pool, n * sizeof *ev->lines)))
        return sv_err_set(r->e, SV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(v, i);
        sv_ledger_line *l = &ev->lines[i];
        char p[48], f[64];
        snprintf(p, sizeof p, "lines[%zu]", i);
        TRY(object(r, o, p));
        snprintf(p, sizeof p, "lines[%zu].", i);
        TRY(known_keys(r, o, line_fields, p));
        l->price = SV_LEDGER_UNSET;
#define F(name) (snprintf(f, sizeof f, "%s" name, p), f)
        TRY(str(r, json_object_get(o, "style"), F("style"), &l->style));
        TRY(str(r, json_object_get(o, "color"), F("color"), &l->color));
        TRY(str(r, json_object_get(o, "size"), F("size"), &l->size));
        if (!json_object_get(o, "qty"))
            return bad(r, F("qty"), "missing");
        TRY(whole(r, json_object_get(o, "qty"), F("qty"), 1, SV_LEDGER_QTY_MAX, &l->qty));
        TRY(money(r, json_object_get(o, "price"), F("price"), &l->price));
    }
    ev->n_lines = n;
    return SV_OK;
}

static sv_code quote(rd *r, const json_t *v, sv_ledger_event *ev)
{
    size_t n;
    TRY(array(r, v, "quote", SV_LEDGER_QUOTE_MAX, &n));
    if (!(ev->quote = sv_pool_alloc(r->pool, n * sizeof *ev->quote)))
        return sv_err_set(r->e, SV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(v, i);
        sv_ledger_quote_line *q = &ev->quote[i];
        char p[48], f[80];
        snprintf(p, sizeof p, "quote[%zu]", i);
        TRY(object(r, o, p));
        snprintf(p, sizeof p, "quote[%zu].", i);
        TRY(known_keys(r, o, quote_fields, p));
        q->moq_style = q->moq_color = q->sample_fee = SV_LEDGER_UNSET;
        q->sampling_days = q->production_days = SV_LEDGER_UNSET;
        q->fee_refunded = SV_LEDGER_UNSET;
        TRY(str(r, json_object_get(o, "style"), F("style"), &q->style));
        const json_t *b = json_object_get(o, "breaks");
        if (!b)
            return bad(r, F("breaks"), "missing: at least one {\"qty\", \"price\"}");
        size_t nb;
        TRY(array(r, b, F("breaks"), SV_LEDGER_BREAKS_MAX, &nb));
        if (!(q->breaks = sv_pool_alloc(r->pool, nb * sizeof *q->breaks)))
            return sv_err_set(r->e, SV_ERR_NOMEM, "out of memory");
        for (size_t k = 0; k < nb; k++) {
            const json_t *bo = json_array_get(b, k);
            char bp[64];
            snprintf(bp, sizeof bp, "%sbreaks[%zu]", p, k);
            TRY(object(r, bo, bp));
            snprintf(bp, sizeof bp, "%sbreaks[%zu].", p, k);
            TRY(known_keys(r, bo, break_fields, bp));
            snprintf(f, sizeof f, "%sqty", bp);
            if (!json_object_get(bo, "qty"))
                return bad(r, f, "missing");
            TRY(whole(r, json_object_get(bo, "qty"), f, 1, SV_LEDGER_QTY_MAX, &q->breaks[k].qty));
            snprintf(f, sizeof f, "%sprice", bp);
            if (!json_object_get(bo, "price"))
                return bad(r, f, "missing");
            TRY(money(r, json_object_get(bo, "price"), f, &q->breaks[k].price));
        }
        q->n_breaks = nb;
        TRY(whole(r, json_object_get(o, "moq_style"), F("moq_style"), 1, SV_LEDGER_QTY_MAX,
                  &q->moq_style));
        TRY(whole(r, json_object_get(o, "moq_color"), F("moq_color"), 1, SV_LEDGER_QTY_MAX,
                  &q->moq_color));
        TRY(money(r, json_object_get(o, "sample_fee"), F("sample_fee"), &q->sample_fee));
        const json_t *fr = json_object_get(o, "fee_refunded");
        if (fr && !json_is_boolean(fr))
            return sv_err_at(r->e, SV_ERR_SCHEMA, NULL, 0, 0, F("fee_refunded"),
                             "must be true or false, not %s", type_name(fr));
        if (fr)
            q->fee_refunded = json_is_true(fr);
        TRY(whole(r, json_object_get(o, "sampling_days"), F("sampling_days"), 0, SV_LEDGER_DAYS_MAX,
                  &q->sampling_days));
        TRY(whole(r, json_object_get(o, "production_days"), F("production_days"), 0,
                  SV_LEDGER_DAYS_MAX, &q->production_days));
#undef F
    }
    ev->n_quote = n;
    return SV_OK;
}

/* An rfq.sent's snapshot: the program's text (a string) and its readiness report (an
 * object, kept as compact canonical JSON), both or neither, bounded. */
static sv_code snapshot(rd *r, const json_t *prog, const json_t *ready, sv_ledger_event *ev)
{
    if (!prog && !ready)
        return SV_OK;
    const char *f = prog ? "program" : "readiness";
    if (ev->kind != SV_EV_RFQ_SENT)
        return bad(r, f, "not part of %s: only an rfq.sent carries the RFQ's snapshot",
                   sv_ledger_kind_name(ev->kind));
    if (!prog)
        return bad(r, "program", "missing: the program's text, given with its readiness");
    if (!ready)
        return bad(r, "readiness", "missing: the program's readiness report, given with its text");
    TRY(str(r, prog, "program", &ev->program));
    if (strlen(ev->program) > SV_LEDGER_PROGRAM_MAX)
        return bad(r, "program", "longer than %d bytes", SV_LEDGER_PROGRAM_MAX);
    TRY(object(r, ready, "readiness"));
    char *j = json_dumps(ready, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    if (!j)
        return sv_err_set(r->e, SV_ERR_NOMEM, "out of memory");
    size_t n = strlen(j);
    if (n > SV_LEDGER_READINESS_MAX) {
        free(j);
        return bad(r, "readiness", "longer than %d bytes", SV_LEDGER_READINESS_MAX);
    }
    ev->readiness = sv_pool_strdup(r->pool, j);
    free(j);
    if (!ev->readiness)
        return sv_err_set(r->e, SV_ERR_NOMEM, "out of memory");
    return SV_OK;
}

static sv_code event(rd *r, const json_t *o, sv_ledger_event *ev)
{
    sv_ledger_event_init(ev);
    TRY(known_keys(r, o, fields, ""));
#define G(k) json_object_get(o, k)
    TRY(whole(r, G("id"), "id", 1, INT64_MAX / 2, &ev->id));
    TRY(whole(r, G("supersedes"), "supersedes", 1, INT64_MAX / 2, &ev->supersedes));
    const char *s = NULL;
    if (!G("at"))
        return bad(r, "at", "missing: when it happened, \"2027-01-10T09:00:00Z\" (UTC)");
    TRY(str(r, G("at"), "at", &s));
    if (!sv_ledger_time_parse(s, &ev->at))
        return bad(r, "at", "not a time (%.40s): YYYY-MM-DDTHH:MM:SSZ, in UTC, " SV_DATE_RANGE_TEXT,
                   s);
    int c;
    if (!G("by"))
        return bad(r, "by", "missing: brand or factory");
    TRY(code(r, G("by"), "by", sv_ledger_by_parse, NULL, "brand, factory", &c));
    ev->by = (sv_ledger_by)c;
    if (!G("kind"))
        return bad(r, "kind", "missing: what happened (rfq.sent, quote, order.issued...)");
    TRY(code(r, G("kind"), "kind", sv_ledger_kind_parse, kind_list, "rfq.sent, quote...", &c));
    ev->kind = (sv_ledger_kind)c;
    TRY(str(r, G("brand"), "brand", &ev->brand));
    TRY(str(r, G("factory"), "factory", &ev->factory));
    TRY(str(r, G("rfq"), "rfq", &ev->rfq));
    TRY(str(r, G("order"), "order", &ev->order));
    TRY(str(r, G("change"), "change", &ev->change));
    TRY(str(r, G("style"), "style", &ev->style));
    if (G("stage")) {
        TRY(code(r, G("stage"), "stage", sv_sample_stage_parse, stage_list,
                 "proto, fit, size_set, pp, shipment", &c));
        ev->stage = (sv_sample_stage)c;
    }
    int64_t x = 0;
    TRY(whole(r, G("round"), "round", 1, SV_LEDGER_ROUND_MAX, &x));
    ev->round = (int)x;
    TRY(str(r, G("milestone"), "milestone", &ev->milestone));
    r->exponent = -1;
    if (G("currency")) {
        const char *cur = NULL;
        TRY(str(r, G("currency"), "currency", &cur));
        const sv_currency *cc = sv_currency_find(cur);
        if (!cc || strcmp(cc->code, cur) != 0)
            return bad(r, "currency", "not an ISO 4217 currency code in capitals (%.40s)", cur);
        memcpy(ev->currency, cc->code, 4);
        r->exponent = cc->exponent;
    }
    TRY(money(r, G("amount"), "amount", &ev->amount));
    TRY(day(r, G("due"), "due", &ev->due));
    TRY(day(r, G("ex_factory"), "ex_factory", &ev->ex_factory));
    TRY(day(r, G("planned"), "planned", &ev->planned));
    TRY(day(r, G("valid_until"), "valid_until", &ev->valid_until));
    TRY(whole(r, G("days"), "days", 0, SV_LEDGER_DAYS_MAX, &ev->days));
    if (G("deposit")) {
        TRY(str(r, G("deposit"), "deposit", &s));
        int64_t bp;
        if (sv_decimal_parse(s, 2, &bp) != SV_DEC_OK || bp < 0 || bp > 10000)
            return bad(r, "deposit", "not a percentage from 0 to 100 (%.40s): \"30\"", s);
        ev->deposit_bp = bp;
    }
    TRY(str(r, G("balance"), "balance", &ev->balance));
    TRY(str(r, G("incoterm"), "incoterm", &ev->incoterm));
    if (G("reason")) {
        TRY(code(r, G("reason"), "reason", sv_decline_reason_parse, reason_list,
                 "moq, price, capacity, category, timeline, terms, other", &c));
        ev->reason = (sv_decline_reason)c;
    }
    if (G("verdict")) {
        TRY(code(r, G("verdict"), "verdict", sv_sample_verdict_parse, verdict_list,
                 "approved, approved_with_comments, rejected", &c));
        ev->verdict = (sv_sample_verdict)c;
    }
    TRY(str(r, G("courier"), "courier", &ev->courier));
    TRY(str(r, G("tracking"), "tracking", &ev->tracking));
    TRY(str(r, G("what"), "what", &ev->what));
    TRY(str(r, G("from"), "from", &ev->from));
    TRY(str(r, G("to"), "to", &ev->to));
    TRY(whole(r, G("lot"), "lot", 1, SV_LEDGER_QTY_MAX, &ev->lot));
    if (G("defects")) {
        TRY(object(r, G("defects"), "defects"));
        TRY(known_keys(r, G("defects"), defect_fields, "defects."));
        for (int i = 0; i < 3; i++) {
            char f[32];
            snprintf(f, sizeof f, "defects.%s", defect_fields[i]);
            const json_t *d = json_object_get(G("defects"), defect_fields[i]);
            if (!d)
                return bad(r, f, "missing: each class is counted, 0 when none");
            TRY(whole(r, d, f, 0, SV_LEDGER_QTY_MAX, &ev->defects[i]));
        }
    }
    if (G("level")) {
        TRY(str(r, G("level"), "level", &s));
        sv_aql_level lv;
        sv_err le;
        if (sv_aql_level_parse(s, &lv, &le) != SV_OK)
            return bad(r, "level", "not an inspection level (%.40s): II, I, III, S-1 to S-4", s);
        ev->level = (int)lv;
    }
    if (G("aql")) {
        TRY(object(r, G("aql"), "aql"));
        TRY(known_keys(r, G("aql"), defect_fields, "aql."));
        if (json_object_size(G("aql")) == 0)
            return bad(r, "aql", "empty: give the AQL of the classes judged");
        for (int i = 0; i < 3; i++) {
            char f[32];
            snprintf(f, sizeof f, "aql.%s", defect_fields[i]);
            const json_t *a = json_object_get(G("aql"), defect_fields[i]);
            const char *t = NULL;
            TRY(str(r, a, f, &t));
            if (!t)
                continue;
            int milli;
            sv_err le;
            if (strcmp(t, "0") == 0)
                milli = 0;
            else if (sv_aql_value_parse(t, &milli, &le) != SV_OK)
                return bad(r, f,
                           "not an AQL of the table (%.40s): 0 (none accepted), 0.065 ... 2.5, "
                           "4.0, 6.5, 10",
                           t);
            ev->aql[i] = milli;
        }
    }
    if (G("result")) {
        TRY(str(r, G("result"), "result", &s));
        if (strcmp(s, "pass") != 0 && strcmp(s, "fail") != 0)
            return bad(r, "result", "pass or fail, not %.40s", s);
        ev->passed = strcmp(s, "pass") == 0;
    }
    if (G("lines"))
        TRY(lines(r, G("lines"), ev));
    if (G("quote"))
        TRY(quote(r, G("quote"), ev));
    TRY(str(r, G("text"), "text", &ev->text));
    TRY(snapshot(r, G("program"), G("readiness"), ev));
#undef G
    return sv_ledger_check(ev, r->e);
}

sv_code sv_ledger_event_parse(const char *text, size_t n, sv_pool *pool, sv_ledger_event *ev,
                              sv_err *e)
{
    json_error_t je;
    json_t *o = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
    if (!o)
        return sv_err_at(e, SV_ERR_SYNTAX, NULL, 0, je.column > 0 ? je.column : 0, NULL,
                         "not JSON: %s", je.text);
    rd r = {.pool = pool, .e = e, .exponent = -1};
    sv_code rc = json_is_object(o)
                     ? event(&r, o, ev)
                     : sv_err_set(e, SV_ERR_SYNTAX, "an event is a JSON object, one a line");
    json_decref(o);
    return rc;
}

/* ---- writing ---- */

static int put_money(json_t *o, const char *k, sv_minor v, int exp)
{
    char b[48];
    return json_object_set_new(o, k, json_string(sv_decimal_format(v, exp, false, b, sizeof b)));
}

static int put_day(json_t *o, const char *k, int64_t day)
{
    char b[16];
    return json_object_set_new(o, k,
                               json_string(sv_date_format(sv_date_from_days(day), b, sizeof b)));
}

static int put_str(json_t *o, const char *k, const char *s)
{
    return s ? json_object_set_new(o, k, json_string(s)) : 0;
}

static json_t *build(const sv_ledger_event *ev)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    const sv_currency *cur = ev->currency[0] ? sv_currency_find(ev->currency) : NULL;
    int exp = cur ? cur->exponent : 2;
    char b[48];
    int bad = 0;
    if (ev->id)
        bad |= json_object_set_new(o, "id", json_integer(ev->id));
    if (ev->supersedes)
        bad |= json_object_set_new(o, "supersedes", json_integer(ev->supersedes));
    bad |= json_object_set_new(o, "at", json_string(sv_ledger_time_format(ev->at, b, sizeof b)));
    bad |= put_str(o, "by", sv_ledger_by_name(ev->by));
    bad |= put_str(o, "kind", sv_ledger_kind_name(ev->kind));
    bad |= put_str(o, "brand", ev->brand);
    bad |= put_str(o, "factory", ev->factory);
    bad |= put_str(o, "rfq", ev->rfq);
    bad |= put_str(o, "order", ev->order);
    bad |= put_str(o, "change", ev->change);
    bad |= put_str(o, "style", ev->style);
    if (ev->stage != SV_SAMPLE_NONE)
        bad |= put_str(o, "stage", sv_sample_stage_name(ev->stage));
    if (ev->round)
        bad |= json_object_set_new(o, "round", json_integer(ev->round));
    bad |= put_str(o, "milestone", ev->milestone);
    if (ev->currency[0])
        bad |= put_str(o, "currency", ev->currency);
    if (ev->amount != SV_LEDGER_UNSET)
        bad |= put_money(o, "amount", ev->amount, exp);
    if (ev->due != SV_LEDGER_NO_DAY)
        bad |= put_day(o, "due", ev->due);
    if (ev->ex_factory != SV_LEDGER_NO_DAY)
        bad |= put_day(o, "ex_factory", ev->ex_factory);
    if (ev->planned != SV_LEDGER_NO_DAY)
        bad |= put_day(o, "planned", ev->planned);
    if (ev->valid_until != SV_LEDGER_NO_DAY)
        bad |= put_day(o, "valid_until", ev->valid_until);
    if (ev->days != SV_LEDGER_UNSET)
        bad |= json_object_set_new(o, "days", json_integer(ev->days));
    if (ev->deposit_bp != SV_LEDGER_UNSET)
        bad |= put_str(o, "deposit", sv_decimal_format(ev->deposit_bp, 2, false, b, sizeof b));
    bad |= put_str(o, "balance", ev->balance);
    bad |= put_str(o, "incoterm", ev->incoterm);
    if (ev->reason != SV_DECLINE_NONE)
        bad |= put_str(o, "reason", sv_decline_reason_name(ev->reason));
    if (ev->verdict != SV_VERDICT_NONE)
        bad |= put_str(o, "verdict", sv_sample_verdict_name(ev->verdict));
    bad |= put_str(o, "courier", ev->courier);
    bad |= put_str(o, "tracking", ev->tracking);
    bad |= put_str(o, "what", ev->what);
    bad |= put_str(o, "from", ev->from);
    bad |= put_str(o, "to", ev->to);
    if (ev->lot != SV_LEDGER_UNSET)
        bad |= json_object_set_new(o, "lot", json_integer(ev->lot));
    if (ev->defects[0] != SV_LEDGER_UNSET)
        bad |= json_object_set_new(
            o, "defects",
            json_pack("{s:I,s:I,s:I}", "critical", (json_int_t)ev->defects[0], "major",
                      (json_int_t)ev->defects[1], "minor", (json_int_t)ev->defects[2]));
    if (ev->level != SV_LEDGER_UNSET)
        bad |= put_str(o, "level", sv_aql_level_name((sv_aql_level)ev->level));
    if (ev->aql[0] != SV_LEDGER_UNSET || ev->aql[1] != SV_LEDGER_UNSET ||
        ev->aql[2] != SV_LEDGER_UNSET) {
        json_t *a = json_object();
        bad |= json_object_set_new(o, "aql", a);
        for (int i = 0; a && i < 3; i++)
            if (ev->aql[i] != SV_LEDGER_UNSET)
                bad |= put_str(a, defect_fields[i], sv_ledger_aql_text(ev->aql[i], b, sizeof b));
    }
    if (ev->passed != SV_LEDGER_UNSET)
        bad |= put_str(o, "result", ev->passed ? "pass" : "fail");
    if (ev->n_lines) {
        json_t *a = json_array();
        bad |= json_object_set_new(o, "lines", a);
        for (size_t i = 0; a && i < ev->n_lines; i++) {
            const sv_ledger_line *l = &ev->lines[i];
            json_t *lo = json_object();
            bad |= json_array_append_new(a, lo);
            if (!lo)
                break;
            bad |= put_str(lo, "style", l->style);
            bad |= put_str(lo, "color", l->color);
            bad |= put_str(lo, "size", l->size);
            bad |= json_object_set_new(lo, "qty", json_integer(l->qty));
            if (l->price != SV_LEDGER_UNSET)
                bad |= put_money(lo, "price", l->price, exp);
        }
    }
    if (ev->n_quote) {
        json_t *a = json_array();
        bad |= json_object_set_new(o, "quote", a);
        for (size_t i = 0; a && i < ev->n_quote; i++) {
            const sv_ledger_quote_line *q = &ev->quote[i];
            json_t *qo = json_object(), *br = json_array();
            bad |= json_array_append_new(a, qo);
            if (!qo) {
                json_decref(br);
                break;
            }
            bad |= put_str(qo, "style", q->style);
            bad |= json_object_set_new(qo, "breaks", br);
            for (size_t k = 0; br && k < q->n_breaks; k++) {
                json_t *bo = json_object();
                bad |= json_array_append_new(br, bo);
                if (!bo)
                    break;
                bad |= json_object_set_new(bo, "qty", json_integer(q->breaks[k].qty));
                bad |= put_money(bo, "price", q->breaks[k].price, exp);
            }
            if (q->moq_style != SV_LEDGER_UNSET)
                bad |= json_object_set_new(qo, "moq_style", json_integer(q->moq_style));
            if (q->moq_color != SV_LEDGER_UNSET)
                bad |= json_object_set_new(qo, "moq_color", json_integer(q->moq_color));
            if (q->sample_fee != SV_LEDGER_UNSET)
                bad |= put_money(qo, "sample_fee", q->sample_fee, exp);
            if (q->fee_refunded != SV_LEDGER_UNSET)
                bad |= json_object_set_new(qo, "fee_refunded", json_boolean(q->fee_refunded));
            if (q->sampling_days != SV_LEDGER_UNSET)
                bad |= json_object_set_new(qo, "sampling_days", json_integer(q->sampling_days));
            if (q->production_days != SV_LEDGER_UNSET)
                bad |= json_object_set_new(qo, "production_days", json_integer(q->production_days));
        }
    }
    bad |= put_str(o, "text", ev->text);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

char *sv_ledger_event_json(const sv_ledger_event *ev)
{
    json_t *o = build(ev);
    if (!o)
        return NULL;
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    json_decref(o);
    return s;
}

char *sv_ledger_event_json_snapshot(const char *body, const char *program, const char *readiness)
{
    size_t bn = strlen(body);
    if (bn < 2 || body[bn - 1] != '}')
        return NULL;
    json_error_t je;
    json_t *ps = json_string(program);
    json_t *ro = json_loads(readiness, JSON_REJECT_DUPLICATES, &je);
    char *p = ps ? json_dumps(ps, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
    char *rj = json_is_object(ro)
                   ? json_dumps(ro, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII)
                   : NULL;
    json_decref(ps);
    json_decref(ro);
    char *out = NULL;
    if (p && rj) {
        size_t n = bn - 1 + strlen(",\"program\":") + strlen(p) + strlen(",\"readiness\":") +
                   strlen(rj) + 2;
        if ((out = malloc(n)))
            snprintf(out, n, "%.*s,\"program\":%s,\"readiness\":%s}", (int)(bn - 1), body, p, rj);
    }
    free(p);
    free(rj);
    return out;
}

sv_code sv_ledger_jsonl_parse(const char *buf, size_t len, const char *file, sv_pool *pool,
                              sv_ledger_event_fn fn, void *ud, sv_err *e)
{
    size_t pos = 0;
    int line = 0;
    long events = 0;
    while (pos < len) {
        line++;
        const char *start = buf + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        pos += n + (nl ? 1 : 0);
        if (n > 0 && start[n - 1] == '\r')
            n--;
        size_t k = 0;
        while (k < n && (start[k] == ' ' || start[k] == '\t'))
            k++;
        if (k == n)
            continue; /* a blank line */
        if (n > SV_LEDGER_LINE_MAX)
            return sv_err_at(e, SV_ERR_SCHEMA, file, line, 0, NULL,
                             "the line is longer than %d bytes", SV_LEDGER_LINE_MAX);
        if (++events > SV_LEDGER_FILE_EVENTS_MAX)
            return sv_err_at(e, SV_ERR_SCHEMA, file, line, 0, NULL,
                             "more than %d events in one file", SV_LEDGER_FILE_EVENTS_MAX);
        if (memchr(start, '\0', n))
            return sv_err_at(e, SV_ERR_SYNTAX, file, line, 0, NULL, "a NUL byte in the line");
        sv_ledger_event ev;
        sv_err le;
        sv_err_clear(&le);
        sv_code rc = sv_ledger_event_parse(start, n, pool, &ev, &le);
        if (rc == SV_OK)
            rc = fn(ud, line, &ev, &le);
        if (rc) {
            if (e) {
                *e = le;
                if (!e->file[0] && file) {
                    snprintf(e->file, sizeof e->file, "%s", file);
                    e->line = line;
                }
            }
            return rc;
        }
    }
    return SV_OK;
}
