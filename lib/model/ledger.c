/* The ledger's event: its codes, its timestamps, and what each kind needs and takes
 * (selvedge/ledger.h). */
#include "selvedge/ledger.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "selvedge/aql.h"
#include "selvedge/program.h" /* sv_date, sv_incoterm_parse */
#include "selvedge/term.h"

static const char *const kind_names[SV_EV__COUNT] = {
    "rfq.sent",        "rfq.acknowledged", "rfq.declined",
    "quote",           "sample.requested", "sample.shipped",
    "sample.received", "sample.reviewed",  "sample.fee_invoiced",
    "sample.fee_paid", "change.requested", "change.answered",
    "change.accepted", "change.withdrawn", "order.issued",
    "order.confirmed", "order.countered",  "payment.due",
    "payment.paid",    "milestone.actual", "inspection",
    "message",
};
static const char *const by_names[SV_BY__COUNT] = {"brand", "factory"};
static const char *const reason_names[SV_DECLINE__COUNT] = {
    "moq", "price", "capacity", "category", "timeline", "terms", "other"};
static const char *const stage_names[SV_SAMPLE__COUNT] = {"proto", "fit", "size_set", "pp",
                                                          "shipment"};
static const char *const verdict_names[SV_VERDICT__COUNT] = {"approved", "approved_with_comments",
                                                             "rejected"};
static const char *const thing_names[SV_THING__COUNT] = {"rfq",   "sample",  "change",
                                                         "order", "payment", "thread"};

static int lookup(const char *const *names, int n, const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

#define NAME(names, n, v) ((int)(v) >= 0 && (int)(v) < (n) ? (names)[v] : "?")

const char *sv_ledger_kind_name(sv_ledger_kind k)
{
    return NAME(kind_names, SV_EV__COUNT, k);
}
int sv_ledger_kind_parse(const char *s)
{
    return lookup(kind_names, SV_EV__COUNT, s);
}
const char *sv_ledger_by_name(sv_ledger_by b)
{
    return NAME(by_names, SV_BY__COUNT, b);
}
int sv_ledger_by_parse(const char *s)
{
    return lookup(by_names, SV_BY__COUNT, s);
}
const char *sv_decline_reason_name(sv_decline_reason r)
{
    return NAME(reason_names, SV_DECLINE__COUNT, r);
}
int sv_decline_reason_parse(const char *s)
{
    return lookup(reason_names, SV_DECLINE__COUNT, s);
}
const char *sv_sample_stage_name(sv_sample_stage s)
{
    return NAME(stage_names, SV_SAMPLE__COUNT, s);
}
int sv_sample_stage_parse(const char *s)
{
    return lookup(stage_names, SV_SAMPLE__COUNT, s);
}
const char *sv_sample_verdict_name(sv_sample_verdict v)
{
    return NAME(verdict_names, SV_VERDICT__COUNT, v);
}
int sv_sample_verdict_parse(const char *s)
{
    return lookup(verdict_names, SV_VERDICT__COUNT, s);
}
const char *sv_ledger_thing_name(sv_ledger_thing t)
{
    return NAME(thing_names, SV_THING__COUNT, t);
}

void sv_ledger_event_init(sv_ledger_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->kind = SV_EV__COUNT;
    ev->by = SV_BY__COUNT;
    ev->stage = SV_SAMPLE_NONE;
    ev->amount = SV_LEDGER_UNSET;
    ev->due = ev->ex_factory = ev->planned = ev->valid_until = SV_LEDGER_NO_DAY;
    ev->days = SV_LEDGER_UNSET;
    ev->deposit_bp = SV_LEDGER_UNSET;
    ev->reason = SV_DECLINE_NONE;
    ev->verdict = SV_VERDICT_NONE;
    ev->lot = SV_LEDGER_UNSET;
    ev->defects[0] = ev->defects[1] = ev->defects[2] = SV_LEDGER_UNSET;
    ev->passed = SV_LEDGER_UNSET;
    ev->level = SV_LEDGER_UNSET;
    ev->aql[0] = ev->aql[1] = ev->aql[2] = SV_LEDGER_UNSET;
}

sv_ledger_thing sv_ledger_kind_thing(sv_ledger_kind k)
{
    switch (k) {
    case SV_EV_RFQ_SENT:
    case SV_EV_RFQ_ACKNOWLEDGED:
    case SV_EV_RFQ_DECLINED:
    case SV_EV_QUOTE:
        return SV_THING_RFQ;
    case SV_EV_SAMPLE_REQUESTED:
    case SV_EV_SAMPLE_SHIPPED:
    case SV_EV_SAMPLE_RECEIVED:
    case SV_EV_SAMPLE_REVIEWED:
    case SV_EV_SAMPLE_FEE_INVOICED:
    case SV_EV_SAMPLE_FEE_PAID:
        return SV_THING_SAMPLE;
    case SV_EV_CHANGE_REQUESTED:
    case SV_EV_CHANGE_ANSWERED:
    case SV_EV_CHANGE_ACCEPTED:
    case SV_EV_CHANGE_WITHDRAWN:
        return SV_THING_CHANGE;
    case SV_EV_ORDER_ISSUED:
    case SV_EV_ORDER_CONFIRMED:
    case SV_EV_ORDER_COUNTERED:
    case SV_EV_MILESTONE_ACTUAL:
    case SV_EV_INSPECTION:
        return SV_THING_ORDER;
    case SV_EV_PAYMENT_DUE:
    case SV_EV_PAYMENT_PAID:
        return SV_THING_PAYMENT;
    case SV_EV_MESSAGE:
    case SV_EV__COUNT:
        break;
    }
    return SV_THING_THREAD;
}

sv_ledger_by sv_ledger_kind_by(sv_ledger_kind k)
{
    switch (k) {
    case SV_EV_RFQ_SENT:
    case SV_EV_SAMPLE_REQUESTED:
    case SV_EV_SAMPLE_RECEIVED:
    case SV_EV_SAMPLE_REVIEWED:
    case SV_EV_SAMPLE_FEE_PAID:
    case SV_EV_CHANGE_REQUESTED:
    case SV_EV_CHANGE_ACCEPTED:
    case SV_EV_CHANGE_WITHDRAWN:
    case SV_EV_ORDER_ISSUED:
    case SV_EV_PAYMENT_PAID:
        return SV_BY_BRAND;
    case SV_EV_RFQ_ACKNOWLEDGED:
    case SV_EV_RFQ_DECLINED:
    case SV_EV_QUOTE:
    case SV_EV_SAMPLE_SHIPPED:
    case SV_EV_SAMPLE_FEE_INVOICED:
    case SV_EV_CHANGE_ANSWERED:
    case SV_EV_ORDER_CONFIRMED:
    case SV_EV_ORDER_COUNTERED:
    case SV_EV_MILESTONE_ACTUAL:
        return SV_BY_FACTORY;
    case SV_EV_PAYMENT_DUE: /* the brand's schedule or the factory's invoice */
    case SV_EV_INSPECTION:  /* the brand's inspector or the factory's own */
    case SV_EV_MESSAGE:
    case SV_EV__COUNT:
        break;
    }
    return SV_BY__COUNT;
}

char *sv_ledger_thing_key(const sv_ledger_event *ev, char *buf, size_t n)
{
    switch (sv_ledger_kind_thing(ev->kind)) {
    case SV_THING_RFQ:
        snprintf(buf, n, "%s", ev->rfq ? ev->rfq : "");
        break;
    case SV_THING_SAMPLE:
        snprintf(buf, n, "%s/%s/%d", ev->style ? ev->style : "", sv_sample_stage_name(ev->stage),
                 ev->round);
        break;
    case SV_THING_CHANGE:
        snprintf(buf, n, "%s", ev->change ? ev->change : "");
        break;
    case SV_THING_ORDER:
        snprintf(buf, n, "%s", ev->order ? ev->order : "");
        break;
    case SV_THING_PAYMENT:
        snprintf(buf, n, "%s/%s", ev->order ? ev->order : "", ev->milestone ? ev->milestone : "");
        break;
    case SV_THING_THREAD:
    case SV_THING__COUNT:
        if (ev->stage != SV_SAMPLE_NONE)
            snprintf(buf, n, "sample %s/%s/%d", ev->style ? ev->style : "",
                     sv_sample_stage_name(ev->stage), ev->round);
        else if (ev->order)
            snprintf(buf, n, "order %s", ev->order);
        else if (ev->change)
            snprintf(buf, n, "change %s", ev->change);
        else
            snprintf(buf, n, "rfq %s", ev->rfq ? ev->rfq : "");
        break;
    }
    return buf;
}

/* ---- timestamps ---- */

bool sv_ledger_time_parse(const char *s, int64_t *out)
{
    /* YYYY-MM-DDTHH:MM:SSZ, exactly */
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    if (!s || strlen(s) != sizeof shape - 1)
        return false;
    for (size_t i = 0; shape[i]; i++) {
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
            return false;
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int mo = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    int h = (s[11] - '0') * 10 + (s[12] - '0'), mi = (s[14] - '0') * 10 + (s[15] - '0');
    int se = (s[17] - '0') * 10 + (s[18] - '0');
    if (!sv_date_valid(y, mo, d) || h > 23 || mi > 59 || se > 59)
        return false;
    sv_date dt = {y, mo, d};
    if (!sv_date_supported(dt))
        return false;
    *out = sv_date_to_days(dt) * 86400 + h * 3600 + mi * 60 + se;
    return true;
}

int64_t sv_ledger_day(int64_t t)
{
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

char *sv_ledger_time_format(int64_t t, char *buf, size_t n)
{
    int64_t day = sv_ledger_day(t), sec = t - day * 86400;
    sv_date d = sv_date_from_days(day);
    snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day, (int)(sec / 3600),
             (int)(sec / 60 % 60), (int)(sec % 60));
    return buf;
}

char *sv_ledger_aql_text(int milli, char *buf, size_t n)
{
    int frac = milli % 1000, digits = 3;
    while (frac && frac % 10 == 0) {
        frac /= 10;
        digits--;
    }
    if (frac)
        snprintf(buf, n, "%d.%0*d", milli / 1000, digits, frac);
    else
        snprintf(buf, n, "%d", milli / 1000);
    return buf;
}

/* ---- what each kind needs and takes ---- */

enum {
    F_RFQ,
    F_ORDER,
    F_STYLE,
    F_STAGE,
    F_ROUND,
    F_CHANGE,
    F_MILESTONE,
    F_CURRENCY,
    F_AMOUNT,
    F_DUE,
    F_EX_FACTORY,
    F_PLANNED,
    F_VALID_UNTIL,
    F_DAYS,
    F_DEPOSIT,
    F_BALANCE,
    F_INCOTERM,
    F_REASON,
    F_VERDICT,
    F_COURIER,
    F_TRACKING,
    F_WHAT,
    F_FROM,
    F_TO,
    F_LOT,
    F_DEFECTS,
    F_RESULT,
    F_LEVEL,
    F_AQL,
    F_TEXT,
    F_LINES,
    F_QUOTE,
    F__COUNT
};
static const char *const field_names[F__COUNT] = {
    "rfq",      "order",   "style",    "stage",      "round",   "change",      "milestone",
    "currency", "amount",  "due",      "ex_factory", "planned", "valid_until", "days",
    "deposit",  "balance", "incoterm", "reason",     "verdict", "courier",     "tracking",
    "what",     "from",    "to",       "lot",        "defects", "result",      "level",
    "aql",      "text",    "lines",    "quote",
};

#define B(f) (UINT64_C(1) << (f))
#define SAMPLE (B(F_STYLE) | B(F_STAGE) | B(F_ROUND))
#define MONEY (B(F_AMOUNT) | B(F_CURRENCY))
#define TERMS (B(F_DEPOSIT) | B(F_BALANCE) | B(F_INCOTERM))

static const struct {
    uint64_t need, take; /* take includes need */
} rules[SV_EV__COUNT] = {
    [SV_EV_RFQ_SENT] = {B(F_RFQ), B(F_DUE) | B(F_LINES) | B(F_TEXT)},
    [SV_EV_RFQ_ACKNOWLEDGED] = {B(F_RFQ), B(F_TEXT)},
    [SV_EV_RFQ_DECLINED] = {B(F_RFQ) | B(F_REASON), B(F_TEXT)},
    [SV_EV_QUOTE] = {B(F_RFQ) | B(F_CURRENCY) | B(F_QUOTE), TERMS | B(F_VALID_UNTIL) | B(F_TEXT)},
    [SV_EV_SAMPLE_REQUESTED] = {SAMPLE, B(F_RFQ) | B(F_ORDER) | B(F_DUE) | MONEY | B(F_TEXT)},
    [SV_EV_SAMPLE_SHIPPED] = {SAMPLE, B(F_COURIER) | B(F_TRACKING) | B(F_TEXT)},
    [SV_EV_SAMPLE_RECEIVED] = {SAMPLE, B(F_TEXT)},
    [SV_EV_SAMPLE_REVIEWED] = {SAMPLE | B(F_VERDICT), B(F_TEXT)},
    [SV_EV_SAMPLE_FEE_INVOICED] = {SAMPLE | MONEY, B(F_DUE) | B(F_TEXT)},
    [SV_EV_SAMPLE_FEE_PAID] = {SAMPLE | MONEY, B(F_TEXT)},
    [SV_EV_CHANGE_REQUESTED] = {B(F_CHANGE) | B(F_STYLE) | B(F_WHAT),
                                B(F_FROM) | B(F_TO) | B(F_ORDER) | B(F_TEXT)},
    [SV_EV_CHANGE_ANSWERED] = {B(F_CHANGE), MONEY | B(F_DAYS) | B(F_TEXT)},
    [SV_EV_CHANGE_ACCEPTED] = {B(F_CHANGE), B(F_TEXT)},
    [SV_EV_CHANGE_WITHDRAWN] = {B(F_CHANGE), B(F_TEXT)},
    [SV_EV_ORDER_ISSUED] = {B(F_ORDER) | B(F_CURRENCY) | B(F_LINES),
                            B(F_RFQ) | TERMS | B(F_EX_FACTORY) | B(F_TEXT)},
    [SV_EV_ORDER_CONFIRMED] = {B(F_ORDER), B(F_EX_FACTORY) | B(F_TEXT)},
    [SV_EV_ORDER_COUNTERED] = {B(F_ORDER) | B(F_TEXT),
                               B(F_LINES) | B(F_CURRENCY) | B(F_EX_FACTORY) | TERMS},
    [SV_EV_PAYMENT_DUE] = {B(F_ORDER) | B(F_MILESTONE) | B(F_DUE) | MONEY, B(F_TEXT)},
    [SV_EV_PAYMENT_PAID] = {B(F_ORDER) | B(F_MILESTONE) | MONEY, B(F_TEXT)},
    [SV_EV_MILESTONE_ACTUAL] = {B(F_ORDER) | B(F_MILESTONE), B(F_PLANNED) | B(F_TEXT)},
    [SV_EV_INSPECTION] = {B(F_ORDER) | B(F_LOT) | B(F_DEFECTS) | B(F_RESULT),
                          B(F_LEVEL) | B(F_AQL) | B(F_TEXT)},
    [SV_EV_MESSAGE] = {B(F_TEXT), B(F_RFQ) | B(F_ORDER) | B(F_CHANGE) | SAMPLE},
};

static uint64_t given(const sv_ledger_event *ev)
{
    uint64_t g = 0;
#define GIVEN(f, cond)                                                                             \
    if (cond)                                                                                      \
    g |= B(f)
    GIVEN(F_RFQ, ev->rfq);
    GIVEN(F_ORDER, ev->order);
    GIVEN(F_STYLE, ev->style);
    GIVEN(F_STAGE, ev->stage != SV_SAMPLE_NONE);
    GIVEN(F_ROUND, ev->round != 0);
    GIVEN(F_CHANGE, ev->change);
    GIVEN(F_MILESTONE, ev->milestone);
    GIVEN(F_CURRENCY, ev->currency[0]);
    GIVEN(F_AMOUNT, ev->amount != SV_LEDGER_UNSET);
    GIVEN(F_DUE, ev->due != SV_LEDGER_NO_DAY);
    GIVEN(F_EX_FACTORY, ev->ex_factory != SV_LEDGER_NO_DAY);
    GIVEN(F_PLANNED, ev->planned != SV_LEDGER_NO_DAY);
    GIVEN(F_VALID_UNTIL, ev->valid_until != SV_LEDGER_NO_DAY);
    GIVEN(F_DAYS, ev->days != SV_LEDGER_UNSET);
    GIVEN(F_DEPOSIT, ev->deposit_bp != SV_LEDGER_UNSET);
    GIVEN(F_BALANCE, ev->balance);
    GIVEN(F_INCOTERM, ev->incoterm);
    GIVEN(F_REASON, ev->reason != SV_DECLINE_NONE);
    GIVEN(F_VERDICT, ev->verdict != SV_VERDICT_NONE);
    GIVEN(F_COURIER, ev->courier);
    GIVEN(F_TRACKING, ev->tracking);
    GIVEN(F_WHAT, ev->what);
    GIVEN(F_FROM, ev->from);
    GIVEN(F_TO, ev->to);
    GIVEN(F_LOT, ev->lot != SV_LEDGER_UNSET);
    GIVEN(F_DEFECTS, ev->defects[0] != SV_LEDGER_UNSET);
    GIVEN(F_RESULT, ev->passed != SV_LEDGER_UNSET);
    GIVEN(F_LEVEL, ev->level != SV_LEDGER_UNSET);
    GIVEN(F_AQL, ev->aql[0] != SV_LEDGER_UNSET || ev->aql[1] != SV_LEDGER_UNSET ||
                     ev->aql[2] != SV_LEDGER_UNSET);
    GIVEN(F_TEXT, ev->text);
    GIVEN(F_LINES, ev->n_lines > 0);
    GIVEN(F_QUOTE, ev->n_quote > 0);
#undef GIVEN
    return g;
}

static sv_code bad(sv_err *e, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static sv_code bad(sv_err *e, const char *field, const char *fmt, ...)
{
    char msg[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, field, "%s", msg);
}

/* A handle, ref, style...: 1 to SV_LEDGER_REF_MAX bytes, nothing a terminal acts on, no TAB or
 * newline, no '/' (the keys of things are joined with it). */
static sv_code check_ref(const char *s, const char *field, sv_err *e)
{
    if (!s)
        return SV_OK;
    size_t n = strlen(s);
    if (n == 0)
        return bad(e, field, "empty");
    if (n > SV_LEDGER_REF_MAX)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, field, "longer than %d bytes",
                         SV_LEDGER_REF_MAX);
    if (sv_term_unsafe(s) || strpbrk(s, "\t\n/"))
        return bad(e, field, "holds a control character, a tab, a newline or '/'");
    return SV_OK;
}

static sv_code check_text(const char *s, const char *field, sv_err *e)
{
    if (!s)
        return SV_OK;
    if (strlen(s) > SV_LEDGER_TEXT_MAX)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, field, "longer than %d bytes",
                         SV_LEDGER_TEXT_MAX);
    if (sv_term_unsafe(s))
        return bad(e, field, "holds a control character");
    return SV_OK;
}

static bool amount_ok(int64_t v)
{
    return v >= 0 && v <= SV_LEDGER_AMOUNT_MAX;
}

sv_code sv_ledger_check(const sv_ledger_event *ev, sv_err *e)
{
    char f[64];
    if ((int)ev->kind < 0 || ev->kind >= SV_EV__COUNT)
        return bad(e, "kind", "missing");
    const char *kn = sv_ledger_kind_name(ev->kind);
    if ((int)ev->by < 0 || ev->by >= SV_BY__COUNT)
        return bad(e, "by", "missing: brand or factory");
    sv_ledger_by who = sv_ledger_kind_by(ev->kind);
    if (who != SV_BY__COUNT && who != ev->by)
        return bad(e, "by", "a %s is recorded by the %s", kn, sv_ledger_by_name(who));
    if (!ev->brand)
        return bad(e, "brand", "missing: the brand's handle");
    if (!ev->factory)
        return bad(e, "factory", "missing: the factory's handle in the registry");
    if (ev->id < 0)
        return bad(e, "id", "must be a positive whole number");
    if (ev->supersedes < 0 || (ev->supersedes && ev->id && ev->supersedes >= ev->id))
        return bad(e, "supersedes", "must name an earlier event (a smaller id)");
    sv_code rc;
    if ((rc = check_ref(ev->brand, "brand", e)) || (rc = check_ref(ev->factory, "factory", e)) ||
        (rc = check_ref(ev->rfq, "rfq", e)) || (rc = check_ref(ev->order, "order", e)) ||
        (rc = check_ref(ev->style, "style", e)) || (rc = check_ref(ev->change, "change", e)) ||
        (rc = check_ref(ev->milestone, "milestone", e)) ||
        (rc = check_ref(ev->incoterm, "incoterm", e)))
        return rc;
    if ((rc = check_text(ev->text, "text", e)) || (rc = check_text(ev->balance, "balance", e)) ||
        (rc = check_text(ev->courier, "courier", e)) ||
        (rc = check_text(ev->tracking, "tracking", e)) || (rc = check_text(ev->what, "what", e)) ||
        (rc = check_text(ev->from, "from", e)) || (rc = check_text(ev->to, "to", e)))
        return rc;

    uint64_t g = given(ev), need = rules[ev->kind].need, take = need | rules[ev->kind].take;
    for (int i = 0; i < F__COUNT; i++) {
        if ((need & B(i)) && !(g & B(i)))
            return bad(e, field_names[i], "missing: a %s needs it", kn);
        if ((g & B(i)) && !(take & B(i)))
            return bad(e, field_names[i], "not part of a %s", kn);
    }
    /* a message is on one thing: an RFQ, an order, a change or a sample round */
    if (ev->kind == SV_EV_MESSAGE) {
        int on = !!ev->rfq + !!ev->order + !!ev->change + (ev->stage != SV_SAMPLE_NONE);
        if (on != 1)
            return bad(e, "rfq",
                       "a message is on one thing: give one of rfq, order, change, or "
                       "style, stage and round");
        if ((ev->stage != SV_SAMPLE_NONE) != (ev->style != NULL) ||
            (ev->stage != SV_SAMPLE_NONE) != (ev->round != 0))
            return bad(e, "style", "a message on a sample gives its style, stage and round");
    }
    if (ev->round != 0 && (ev->round < 1 || ev->round > SV_LEDGER_ROUND_MAX))
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "round", "must be from 1 to %d",
                         SV_LEDGER_ROUND_MAX);
    const sv_currency *cur = NULL;
    if (ev->currency[0] && !(cur = sv_currency_find(ev->currency)))
        return bad(e, "currency", "not an ISO 4217 currency (%s)", ev->currency);
    if ((g & B(F_AMOUNT)) && !amount_ok(ev->amount))
        return bad(e, "amount", "out of range");
    if ((g & B(F_AMOUNT)) && !cur)
        return bad(e, "currency", "missing: an amount needs its currency");
    if (ev->days != SV_LEDGER_UNSET && (ev->days < 0 || ev->days > SV_LEDGER_DAYS_MAX))
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "days", "must be from 0 to %d",
                         SV_LEDGER_DAYS_MAX);
    if (ev->deposit_bp != SV_LEDGER_UNSET && (ev->deposit_bp < 0 || ev->deposit_bp > 10000))
        return bad(e, "deposit", "must be a percentage from 0 to 100");
    if (ev->incoterm && sv_incoterm_parse(ev->incoterm) < 0)
        return bad(e, "incoterm", "not an Incoterm (%s): FOB, EXW, FCA, CIF, DDP...", ev->incoterm);
    if (ev->lot != SV_LEDGER_UNSET && (ev->lot < 1 || ev->lot > SV_LEDGER_QTY_MAX))
        return bad(e, "lot", "must be a positive whole number of units");
    for (int i = 0; i < 3; i++)
        if ((g & B(F_DEFECTS)) && (ev->defects[i] < 0 || ev->defects[i] > SV_LEDGER_QTY_MAX))
            return bad(e, "defects", "each class is a whole number of defects, 0 or more");
    if ((g & B(F_AQL)) && !(g & B(F_LEVEL)))
        return bad(e, "level",
                   "missing: an inspection judged at AQLs gives its inspection level "
                   "(II, the usual; I, III, S-1 to S-4)");
    if ((g & B(F_LEVEL)) && !(g & B(F_AQL)))
        return bad(e, "aql", "missing: an inspection level is given with the AQLs it judges at");
    if ((g & B(F_LEVEL)) && (ev->level < SV_AQL_S1 || ev->level > SV_AQL_III))
        return bad(e, "level", "not an inspection level");
    for (int i = 0; i < 3; i++)
        if (ev->aql[i] != SV_LEDGER_UNSET && (ev->aql[i] < 0 || ev->aql[i] > 10000))
            return bad(e, "aql", "an AQL is from 0 to 10 (percent)");
    if (ev->n_lines > SV_LEDGER_LINES_MAX)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "lines", "more than %d lines",
                         SV_LEDGER_LINES_MAX);
    bool order_lines = ev->kind != SV_EV_RFQ_SENT;
    for (size_t i = 0; i < ev->n_lines; i++) {
        const sv_ledger_line *l = &ev->lines[i];
        snprintf(f, sizeof f, "lines[%zu].style", i);
        if (!l->style)
            return bad(e, f, "missing");
        if ((rc = check_ref(l->style, f, e)))
            return rc;
        snprintf(f, sizeof f, "lines[%zu].color", i);
        if (order_lines && !l->color)
            return bad(e, f, "missing: an order line is a style, colour and size");
        if (!order_lines && l->color)
            return bad(e, f, "not part of an RFQ line (style and qty)");
        if ((rc = check_ref(l->color, f, e)))
            return rc;
        snprintf(f, sizeof f, "lines[%zu].size", i);
        if (order_lines && !l->size)
            return bad(e, f, "missing: an order line is a style, colour and size");
        if (!order_lines && l->size)
            return bad(e, f, "not part of an RFQ line (style and qty)");
        if ((rc = check_ref(l->size, f, e)))
            return rc;
        snprintf(f, sizeof f, "lines[%zu].qty", i);
        if (l->qty < 1 || l->qty > SV_LEDGER_QTY_MAX)
            return bad(e, f, "must be a whole number of units from 1 to 1000000000");
        snprintf(f, sizeof f, "lines[%zu].price", i);
        if (order_lines && l->price == SV_LEDGER_UNSET)
            return bad(e, f, "missing: an order line has its unit price");
        if (!order_lines && l->price != SV_LEDGER_UNSET)
            return bad(e, f, "not part of an RFQ line (style and qty)");
        if (l->price != SV_LEDGER_UNSET && !amount_ok(l->price))
            return bad(e, f, "out of range");
        for (size_t j = 0; j < i; j++)
            if (strcmp(ev->lines[j].style, l->style) == 0 &&
                (!l->color || strcmp(ev->lines[j].color, l->color) == 0) &&
                (!l->size || strcmp(ev->lines[j].size, l->size) == 0)) {
                snprintf(f, sizeof f, "lines[%zu]", i);
                return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, f, "the same %s as lines[%zu]",
                                 order_lines ? "style, colour and size" : "style", j);
            }
    }
    if (ev->kind == SV_EV_ORDER_COUNTERED && ev->n_lines && !cur)
        return bad(e, "currency", "missing: the lines' prices need their currency");
    if (ev->n_quote > SV_LEDGER_QUOTE_MAX)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "quote", "more than %d styles",
                         SV_LEDGER_QUOTE_MAX);
    for (size_t i = 0; i < ev->n_quote; i++) {
        const sv_ledger_quote_line *q = &ev->quote[i];
        snprintf(f, sizeof f, "quote[%zu].style", i);
        if (!q->style)
            return bad(e, f, "missing");
        if ((rc = check_ref(q->style, f, e)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(ev->quote[j].style, q->style) == 0)
                return bad(e, f, "%s is quoted twice", q->style);
        snprintf(f, sizeof f, "quote[%zu].breaks", i);
        if (q->n_breaks < 1 || q->n_breaks > SV_LEDGER_BREAKS_MAX)
            return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, f, "from 1 to %d quantity breaks",
                             SV_LEDGER_BREAKS_MAX);
        for (size_t k = 0; k < q->n_breaks; k++) {
            snprintf(f, sizeof f, "quote[%zu].breaks[%zu].qty", i, k);
            if (q->breaks[k].qty < 1 || q->breaks[k].qty > SV_LEDGER_QTY_MAX)
                return bad(e, f, "must be a whole number of units from 1 to 1000000000");
            if (k > 0 && q->breaks[k].qty <= q->breaks[k - 1].qty)
                return bad(e, f, "breaks go up in quantity");
            snprintf(f, sizeof f, "quote[%zu].breaks[%zu].price", i, k);
            if (!amount_ok(q->breaks[k].price))
                return bad(e, f, "out of range");
        }
        snprintf(f, sizeof f, "quote[%zu]", i);
        if ((q->moq_style != SV_LEDGER_UNSET &&
             (q->moq_style < 1 || q->moq_style > SV_LEDGER_QTY_MAX)) ||
            (q->moq_color != SV_LEDGER_UNSET &&
             (q->moq_color < 1 || q->moq_color > SV_LEDGER_QTY_MAX)))
            return bad(e, f, "a minimum is a whole number of units from 1 to 1000000000");
        if (q->sample_fee != SV_LEDGER_UNSET && !amount_ok(q->sample_fee))
            return bad(e, f, "sample_fee out of range");
        if ((q->sampling_days != SV_LEDGER_UNSET &&
             (q->sampling_days < 0 || q->sampling_days > SV_LEDGER_DAYS_MAX)) ||
            (q->production_days != SV_LEDGER_UNSET &&
             (q->production_days < 0 || q->production_days > SV_LEDGER_DAYS_MAX)))
            return bad(e, f, "lead days are from 0 to 3650");
    }
    return SV_OK;
}
