/* Quote comparison: selvedge/quotes.h, docs/internals/quotes.md. Pure: reads the events, the
 * program text and the reference data it is given. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/plan.h"
#include "selvedge/program.h"
#include "selvedge/program_yaml.h"
#include "selvedge/quotes.h"

const char *sv_quote_answer_name(sv_quote_answer a)
{
    switch (a) {
    case SV_QA_QUOTED:
        return "quoted";
    case SV_QA_DECLINED:
        return "declined";
    case SV_QA_UNANSWERED:
        return "unanswered";
    case SV_QA_EXPIRED:
        return "expired";
    }
    return "?";
}

void sv_quotes_free(sv_quotes *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->n_rows; i++)
        free(q->rows[i].styles);
    free(q->rows);
    free(q);
}

static const sv_ledger_quote_line *quote_line(const sv_ledger_event *q, const char *style)
{
    for (size_t i = 0; i < q->n_quote; i++)
        if (q->quote[i].style && strcmp(q->quote[i].style, style) == 0)
            return &q->quote[i];
    return NULL;
}

static sv_style *program_style(sv_program *p, const char *code)
{
    for (size_t i = 0; i < p->n_styles; i++)
        if (p->styles[i].code && strcmp(p->styles[i].code, code) == 0)
            return &p->styles[i];
    return NULL;
}

static void judge_terms(const sv_quotes *q, const sv_program *p, sv_quote_row *row);

/* A style's figures on the plan: its typical development span (proto, its review, the first
 * fit sample) and bulk span (the bulk fabric, its shipment from a mill abroad, production), as
 * the matcher reads them (sv_match_calendar_for), and the day its last milestone ends. */
typedef struct style_span {
    int64_t dev, bulk, finish;
} style_span;

/* Every style's, in the program's order, in one pass over the plan (milestones of a style
 * follow one another: the last style found is tried first). */
static void style_spans(const sv_program *p, const sv_plan *plan, style_span *out)
{
    memset(out, 0, p->n_styles * sizeof *out);
    size_t cur = 0;
    for (size_t k = 0; k < plan->n; k++) {
        const sv_milestone *m = &plan->ms[k];
        if (!m->style)
            continue;
        if (!p->styles[cur].code || strcmp(p->styles[cur].code, m->style) != 0) {
            size_t i = 0;
            while (i < p->n_styles && (!p->styles[i].code || strcmp(p->styles[i].code, m->style)))
                i++;
            if (i == p->n_styles)
                continue;
            cur = i;
        }
        style_span *s = &out[cur];
        if (m->end > s->finish)
            s->finish = m->end;
        const char *kd = m->kind;
        if (!strcmp(kd, "proto") || !strcmp(kd, "proto_review") ||
            (!strcmp(kd, "fit_sample") && m->seq == 1))
            s->dev += m->duration;
        else if (!strcmp(kd, "fabric_dyeing") || !strcmp(kd, "fabric_stock") ||
                 !strcmp(kd, "fabric_shipment") || !strcmp(kd, "production"))
            s->bulk += m->duration;
    }
}

/* The T&A verdict, style by style: the planner's calendar for the program made in the
 * factory's country from the day compared on (typical stage times), as match and check
 * --factory judge a factory's lead time; each quoted style's days before the launch are the
 * plan's, plus the days its own work ends before the latest style's (the shipment waits for
 * that one), less its quoted sampling and production days beyond its own typical spans (more
 * when shorter; a figure not quoted leaves the typical span). The program is as late as its
 * latest style, which is named. */
static void judge_lead(const sv_program *p, const sv_refdata *rd, const sv_cost_options *opt,
                       sv_quote_row *row)
{
    sv_plan_options po = {.today = opt->today, .mode = SV_MODE_SEA, .no_ways_out = true};
    snprintf(po.origin, sizeof po.origin, "%.2s", row->origin);
    sv_plan *plan = NULL;
    sv_err e;
    sv_err_clear(&e);
    if (sv_plan_build(p, rd, &po, &plan, &e) != SV_OK || !plan->has_launch ||
        plan->origin_assumed) {
        sv_plan_free(plan);
        return;
    }
    style_span *sp = p->n_styles ? malloc(p->n_styles * sizeof *sp) : NULL;
    if (!sp) {
        sv_plan_free(plan);
        return; /* out of memory, or no style: no verdict */
    }
    style_spans(p, plan, sp);
    int64_t last = 0;
    for (size_t k = 0; k < p->n_styles; k++)
        if (sp[k].finish > last)
            last = sp[k].finish;
    for (size_t i = 0; i < row->n_styles; i++) {
        sv_quote_style *qs = &row->styles[i];
        if (!qs->quoted)
            continue;
        size_t k = 0;
        while (k < p->n_styles && (!p->styles[k].code || strcmp(p->styles[k].code, qs->style)))
            k++;
        if (k == p->n_styles)
            continue;
        int64_t slack = plan->slack + last - sp[k].finish;
        if (qs->sampling_days != SV_LEDGER_UNSET)
            slack -= qs->sampling_days - sp[k].dev;
        if (qs->production_days != SV_LEDGER_UNSET)
            slack -= qs->production_days - sp[k].bulk;
        qs->slack_days = slack;
        if (!row->late_style || slack < row->slack_days) {
            row->slack_days = slack;
            row->late_style = qs->style;
        }
    }
    if (row->late_style)
        row->ready_day = plan->ready + plan->slack - row->slack_days;
    free(sp);
    sv_plan_free(plan);
}

/* *acc += a * b; false when it does not fit in 64 bits */
static bool mul_add(sv_minor *acc, sv_minor a, int64_t b)
{
    sv_minor m;
    return !__builtin_mul_overflow(a, b, &m) && !__builtin_add_overflow(*acc, m, acc);
}

/* Cost one quote: the program parsed anew, each quoted style's sheet its quoted price alone
 * (cmt; nothing else) on the quote's incoterm, in the brand's currency, so the cost engine
 * works FOB and landed from it exactly as `selvedge cost --origin` of that program does. */
static sv_code cost_row(sv_quotes *q, sv_quote_row *row, const char *program, const sv_refdata *rd,
                        const sv_cost_options *opt, int64_t now, sv_err *e)
{
    const sv_ledger_event *qe = row->quote;
    sv_program *p = NULL;
    sv_code rc = sv_program_parse(program, strlen(program), "the RFQ's program", &p, e);
    if (rc == SV_OK)
        rc = sv_program_fx(p, rd, e);
    if (rc != SV_OK) {
        sv_program_free(p);
        return rc;
    }
    const sv_currency *bc = p->brand.currency;
    const sv_currency *qc = qe->currency[0] ? sv_currency_find(qe->currency) : bc;
    sv_incoterm term = qe->incoterm ? sv_incoterm_parse(qe->incoterm) : SV_INCOTERM_FOB;
    if (!qc) {
        snprintf(row->note, sizeof row->note, "the quote's currency %s is unknown", qe->currency);
        sv_program_free(p);
        return SV_OK;
    }
    for (size_t i = 0; i < row->n_styles; i++) {
        sv_quote_style *qs = &row->styles[i];
        const sv_ledger_quote_line *l = quote_line(qe, qs->style);
        if (!l || l->n_breaks == 0)
            continue;
        size_t b = 0;
        for (size_t k = 0; k < l->n_breaks; k++)
            if (l->breaks[k].qty <= qs->qty)
                b = k;
        qs->below_breaks = qs->qty < l->breaks[0].qty;
        qs->break_qty = l->breaks[b].qty;
        qs->price_quoted = l->breaks[b].price;
        qs->moq_style = l->moq_style;
        qs->moq_color = l->moq_color;
        qs->sampling_days = l->sampling_days;
        qs->production_days = l->production_days;
        sv_minor price;
        if (!sv_price_convert(rd, qs->price_quoted, qc, bc, &price)) {
            snprintf(row->note, sizeof row->note, "no exchange rate for %s to %s in fx.tsv",
                     qc->code, bc->code);
            sv_program_free(p);
            return SV_OK;
        }
        if (l->sample_fee != SV_LEDGER_UNSET &&
            !sv_price_convert(rd, l->sample_fee, qc, bc, &qs->sample_fee))
            qs->sample_fee = SV_LEDGER_UNSET;
        qs->fee_refunded = l->fee_refunded == 1;
        sv_style *s = program_style(p, qs->style);
        if (!s)
            continue; /* a style the RFQ names and the program lacks: not costed */
        sv_extra_costs extra = s->cost.extra;
        if (!s->cost.present)
            extra = (sv_extra_costs){SV_UNSET, SV_UNSET, SV_UNSET, SV_UNSET};
        int line = s->cost.line ? s->cost.line : s->line;
        memset(&s->cost, 0, sizeof s->cost);
        s->cost.present = true;
        s->cost.currency = bc;
        s->cost.incoterm = term == SV_INCOTERM_UNSET ? SV_INCOTERM_FOB : term;
        s->cost.line = line;
        s->cost.cmt = price;
        s->cost.extra = extra;
        qs->quoted = true;
        row->n_quoted++;
    }
    row->complete = row->n_quoted == (int)row->n_styles;
    sv_cost_options o = *opt;
    memcpy(o.origin, row->origin, 3);
    sv_cost_report *r = NULL;
    sv_err ce;
    sv_err_clear(&ce);
    if (sv_cost_run(p, rd, &o, &r, &ce) != SV_OK) {
        snprintf(row->note, sizeof row->note, "not costed: %s", ce.msg);
        sv_program_free(p);
        return SV_OK;
    }
    memcpy(q->destination, r->destination, 3);
    bool overflow = false;
    for (size_t i = 0; i < row->n_styles; i++) {
        sv_quote_style *qs = &row->styles[i];
        if (!qs->quoted)
            continue;
        const sv_style_cost *sc = NULL;
        for (size_t k = 0; k < r->n_styles; k++)
            if (r->styles[k].style->code && strcmp(r->styles[k].style->code, qs->style) == 0)
                sc = &r->styles[k];
        if (!sc || !sc->ok) {
            qs->quoted = false;
            row->n_quoted--;
            row->complete = false;
            continue;
        }
        qs->fob = sc->fob;
        qs->freight = sc->freight;
        qs->insurance = sc->insurance;
        qs->duty = sc->duty + sc->extra_total;
        qs->fees = sc->fees_total;
        qs->brokerage = sc->brokerage;
        qs->landed = sc->landed;
        qs->duty_bp = sc->duty_bp;
        qs->duty_scheme = sc->duty_scheme;
        qs->retail_margin_bp = sc->retail != SV_UNSET ? sc->retail_margin_bp : SV_UNSET;
        qs->wholesale_margin_bp = sc->wholesale != SV_UNSET ? sc->wholesale_margin_bp : SV_UNSET;
        if (!mul_add(&row->total_fob, qs->fob, qs->qty) ||
            !mul_add(&row->total_landed, qs->landed, qs->qty))
            overflow = true;
        /* minimums: each colour raised to the colour minimum, then the style to its own */
        const sv_style *s = sc->style;
        int64_t extra = 0, planned = 0;
        if (qs->moq_color != SV_LEDGER_UNSET)
            for (size_t c = 0; c < s->n_colors; c++)
                if (s->colors[c].units < qs->moq_color)
                    extra += qs->moq_color - s->colors[c].units;
        for (size_t c = 0; c < s->n_colors; c++)
            planned += s->colors[c].units;
        if (s->n_colors == 0)
            planned = qs->qty;
        if (qs->moq_style != SV_LEDGER_UNSET && planned + extra < qs->moq_style)
            extra = qs->moq_style - planned;
        qs->extra_units = extra;
        if (__builtin_mul_overflow(extra, qs->landed, &qs->extra_cost) ||
            !mul_add(&row->extra_cost, qs->extra_cost, 1) ||
            (qs->sample_fee != SV_LEDGER_UNSET &&
             (!mul_add(&row->sample_fees, qs->sample_fee, 1) ||
              (qs->fee_refunded && !mul_add(&row->sample_fees_refunded, qs->sample_fee, 1)))))
            overflow = true;
        if (qs->sampling_days > row->sampling_days)
            row->sampling_days = qs->sampling_days;
        if (qs->production_days > row->production_days)
            row->production_days = qs->production_days;
    }
    if (overflow) {
        /* quantities and prices within the ledger's bounds can still multiply past 64 bits */
        snprintf(row->note, sizeof row->note, "not costed: its totals are too large to count");
        sv_cost_report_free(r);
        sv_program_free(p);
        return SV_OK;
    }
    if (row->sampling_days != SV_LEDGER_UNSET || row->production_days != SV_LEDGER_UNSET)
        row->lead_days = (row->sampling_days > 0 ? row->sampling_days : 0) +
                         (row->production_days > 0 ? row->production_days : 0);
    judge_lead(p, rd, opt, row);
    /* a fee refunded on a bulk order is cash before the order, not a cost the sampling
     * budget keeps */
    row->sample_fees_kept = row->sample_fees - row->sample_fees_refunded;
    row->over_budget = q->sampling_budget != SV_UNSET && row->sample_fees_kept > q->sampling_budget;
    judge_terms(q, p, row);
    sv_cost_report_free(r);
    sv_program_free(p);
    return SV_OK;
}

static char *money(sv_minor v, const sv_currency *c, char *buf, size_t n)
{
    char d[40];
    snprintf(buf, n, "%s %s", c->code, sv_decimal_format(v, c->exponent, true, d, sizeof d));
    return buf;
}

/* Terms of payment as the buyer weighs them: the method, when the balance is paid (the day
 * after shipment, roughly: before shipment -1; at the documents, an L/C at sight or D/P, 0; on
 * delivery 1; an L/C at N days, D/A at N days, open account or net N: N), and whether the
 * buyer opens a letter of credit (its bank's fees and credit line). A balance word of the
 * program (before-shipment, on-delivery, net-30/60/90) is kept as such too. */
typedef struct terms {
    sv_payment_method m;
    sv_balance bal; /* SV_BALANCE_UNSET when the terms are no balance word */
    int days;       /* the day the balance is paid, as above */
} terms;

static bool opens_lc(const terms *t)
{
    return t->m == SV_PAY_LC_SIGHT || t->m == SV_PAY_LC_USANCE;
}

static terms balance_terms(sv_balance b)
{
    terms t = {SV_PAY_DEPOSIT_BALANCE, b, b == SV_BALANCE_BEFORE_SHIPMENT ? -1 : 1};
    if (b == SV_BALANCE_NET30 || b == SV_BALANCE_NET60 || b == SV_BALANCE_NET90) {
        t.m = SV_PAY_OPEN_ACCOUNT;
        t.days = b == SV_BALANCE_NET30 ? 30 : b == SV_BALANCE_NET60 ? 60 : 90;
    }
    return t;
}

/* whether b (normalised) is `word` followed by a number of days ("-90" or "-90-days"); *days */
static bool with_days(const char *b, const char *word, int *days)
{
    size_t w = strlen(word);
    int used = 0;
    if (strncmp(b, word, w) != 0 || b[w] != '-' || sscanf(b + w + 1, "%d%n", days, &used) != 1)
        return false;
    const char *rest = b + w + 1 + used;
    return *days >= 1 && *days <= 365 && (!*rest || strcmp(rest, "-days") == 0);
}

/* The terms a quote writes as its balance ("before shipment", "Net 30", "30 days after
 * shipment", "L/C at sight", "LC 90 days", "D/P", "D/A 60 days", "open account 45 days",
 * "T/T before shipment"); false when it is none of them. */
static bool terms_of_quote(const char *text, terms *out)
{
    char b[64];
    size_t n = 0;
    for (const char *c = text; *c && n + 1 < sizeof b; c++)
        b[n++] = *c == ' ' || *c == '_' ? '-' : (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
    b[n] = '\0';
    char *s = b;
    if (strncmp(s, "t/t-", 4) == 0 || strncmp(s, "tt-", 3) == 0) /* by transfer */
        s += s[1] == '/' ? 4 : 3;
    int days = 0, used = 0;
    /* "30 days after shipment" (or delivery, or invoice) is open account: net 30 */
    if (sscanf(s, "%d-days-after-%*[a-z]%n", &days, &used) == 1 && used > 0 &&
        (size_t)used == strlen(s) && days >= 1 && days <= 365) {
        sv_balance nb = days == 30   ? SV_BALANCE_NET30
                        : days == 60 ? SV_BALANCE_NET60
                        : days == 90 ? SV_BALANCE_NET90
                                     : SV_BALANCE_UNSET;
        *out = nb != SV_BALANCE_UNSET ? balance_terms(nb)
                                      : (terms){SV_PAY_OPEN_ACCOUNT, SV_BALANCE_UNSET, days};
        return true;
    }
    sv_balance bal = sv_balance_parse(s);
    if (bal != SV_BALANCE_UNSET) {
        *out = balance_terms(bal);
        return true;
    }
    *out = (terms){SV_PAY_UNSET, SV_BALANCE_UNSET, 0};
    if (!strcmp(s, "l/c-at-sight") || !strcmp(s, "lc-at-sight") || !strcmp(s, "sight-l/c") ||
        !strcmp(s, "l/c") || !strcmp(s, "lc"))
        *out = (terms){SV_PAY_LC_SIGHT, SV_BALANCE_UNSET, 0};
    else if (!strcmp(s, "d/p") || !strcmp(s, "dp") || !strcmp(s, "cad") ||
             !strcmp(s, "cash-against-documents") || !strcmp(s, "documents-against-payment"))
        *out = (terms){SV_PAY_DP, SV_BALANCE_UNSET, 0};
    else if (with_days(s, "l/c", &days) || with_days(s, "lc", &days) ||
             with_days(s, "lc-usance", &days) || with_days(s, "l/c-usance", &days) ||
             with_days(s, "usance-l/c", &days) || with_days(s, "l/c-at", &days) ||
             with_days(s, "lc-at", &days))
        *out = (terms){SV_PAY_LC_USANCE, SV_BALANCE_UNSET, days};
    else if (with_days(s, "d/a", &days) || with_days(s, "da", &days))
        *out = (terms){SV_PAY_DA, SV_BALANCE_UNSET, days};
    else if (with_days(s, "open-account", &days) || with_days(s, "net", &days))
        *out = (terms){SV_PAY_OPEN_ACCOUNT, SV_BALANCE_UNSET, days};
    return out->m != SV_PAY_UNSET;
}

/* The brand's (payment_terms); false when it says no method and no balance. */
static bool terms_of_brand(const sv_brand *b, terms *out)
{
    switch (b->payment_method) {
    case SV_PAY_DEPOSIT_BALANCE:
        if (b->balance == SV_BALANCE_UNSET)
            return false;
        *out = balance_terms(b->balance);
        return true;
    case SV_PAY_LC_SIGHT:
    case SV_PAY_DP:
        *out = (terms){b->payment_method, SV_BALANCE_UNSET, 0};
        return true;
    case SV_PAY_LC_USANCE:
    case SV_PAY_DA:
    case SV_PAY_OPEN_ACCOUNT:
        *out = (terms){b->payment_method, SV_BALANCE_UNSET,
                       b->payment_days != SV_UNSET ? (int)b->payment_days : 30};
        return true;
    default:
        return false;
    }
}

static const char *terms_text(const terms *t, char *buf, size_t n)
{
    switch (t->m) {
    case SV_PAY_LC_SIGHT:
        return "an L/C at sight";
    case SV_PAY_DP:
        return "D/P";
    case SV_PAY_LC_USANCE:
        snprintf(buf, n, "an L/C at %d days", t->days);
        return buf;
    case SV_PAY_DA:
        snprintf(buf, n, "D/A at %d days", t->days);
        return buf;
    case SV_PAY_OPEN_ACCOUNT:
        snprintf(buf, n, "open account at %d days", t->days);
        return buf;
    default:
        snprintf(buf, n, "balance %s", sv_balance_name(t->bal));
        return buf;
    }
}

/* The quote's terms against the brand's: the deposit asked beyond the brand's, the balance
 * paid earlier, or on the same documents with a letter of credit to open, is harder. */
static void judge_terms(const sv_quotes *q, const sv_program *p, sv_quote_row *row)
{
    char dep[32], mine[32];
    int len = 0;
    if (row->deposit_bp != SV_LEDGER_UNSET && q->brand_deposit_bp != SV_UNSET &&
        row->deposit_bp != q->brand_deposit_bp) {
        sv_decimal_format(row->deposit_bp, 2, false, dep, sizeof dep);
        sv_decimal_format(q->brand_deposit_bp, 2, false, mine, sizeof mine);
        len = snprintf(row->terms, sizeof row->terms, "a deposit of %s%% against your %s%%", dep,
                       mine);
        row->terms_harder = row->deposit_bp > q->brand_deposit_bp;
    }
    const char *bt = row->quote ? row->quote->balance : NULL;
    terms bk, qt;
    if (!bt || !terms_of_brand(&p->brand, &bk) || len < 0 || (size_t)len >= sizeof row->terms)
        return;
    char *w = row->terms + len;
    size_t room = sizeof row->terms - (size_t)len;
    const char *sep = len ? "; " : "";
    char a[48], b[48];
    if (!terms_of_quote(bt, &qt)) {
        snprintf(w, room,
                 "%sthe balance '%s' is not compared with your %s (selvedge reads "
                 "before-shipment, on-delivery, net-30, N days after shipment, L/C at sight, "
                 "L/C N days, D/P, D/A N days, open account N days)",
                 sep, bt, terms_text(&bk, b, sizeof b));
        return;
    }
    bool lc_q = opens_lc(&qt), lc_b = opens_lc(&bk);
    if (qt.days == bk.days && lc_q == lc_b)
        return; /* the same terms, whatever the words (net-30 is open account at 30 days) */
    bool harder = qt.days < bk.days || (qt.days == bk.days && lc_q && !lc_b);
    if (qt.bal != SV_BALANCE_UNSET && bk.bal != SV_BALANCE_UNSET)
        snprintf(w, room, "%sthe balance %s, %s than your %s", sep, sv_balance_name(qt.bal),
                 harder ? "earlier" : "later", sv_balance_name(bk.bal));
    else if (qt.days != bk.days)
        snprintf(w, room, "%spaid by %s, %s than your %s", sep, terms_text(&qt, a, sizeof a),
                 harder ? "earlier" : "later", terms_text(&bk, b, sizeof b));
    else
        snprintf(w, room, "%spaid by %s, on the documents as your %s, %s", sep,
                 terms_text(&qt, a, sizeof a), terms_text(&bk, b, sizeof b),
                 lc_q ? "with a letter of credit to open" : "without the letter of credit");
    if (harder)
        row->terms_harder = true;
}

static int cmp_landed(const sv_quote_row *a, const sv_quote_row *b)
{
    if (a->complete != b->complete)
        return a->complete ? -1 : 1;
    if (a->total_landed != b->total_landed)
        return a->total_landed < b->total_landed ? -1 : 1;
    return 0;
}

sv_code sv_quotes_compare(const sv_ledger_event *const *hist, size_t n, const char *rfq,
                          const char *program, const sv_refdata *rd, const sv_cost_options *opt,
                          sv_quotes_origin_fn origin, void *ud, int64_t now, sv_quotes **out,
                          sv_err *e)
{
    *out = NULL;
    sv_quotes *q = calloc(1, sizeof *q);
    const sv_ledger_event **sub = malloc((n ? n : 1) * sizeof *sub);
    if (!q || !sub) {
        free(q);
        free(sub);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    q->rfq = rfq;
    q->best = -1;
    /* the brand's figures, from the program as sent */
    sv_program *p = NULL;
    sv_code rc = sv_program_parse(program, strlen(program), "the RFQ's program", &p, e);
    if (rc == SV_OK)
        rc = sv_program_fx(p, rd, e);
    if (rc != SV_OK) {
        sv_program_free(p);
        free(sub);
        sv_quotes_free(q);
        return rc;
    }
    q->currency = p->brand.currency;
    q->sampling_budget = p->brand.sampling_budget;
    q->brand_deposit_bp = p->brand.deposit_bp;
    q->has_launch = p->has_launch_date;
    q->launch = p->launch_date;
    sv_program_free(p);
    /* the factories the RFQ went to, first sent first */
    for (size_t i = 0; i < n; i++) {
        const sv_ledger_event *ev = hist[i];
        if (ev->kind != SV_EV_RFQ_SENT || !ev->rfq || strcmp(ev->rfq, rfq) != 0 || !ev->factory)
            continue;
        bool seen = false;
        for (size_t k = 0; k < q->n_rows && !seen; k++)
            seen = strcmp(q->rows[k].factory, ev->factory) == 0;
        if (seen)
            continue;
        sv_quote_row *rows = realloc(q->rows, (q->n_rows + 1) * sizeof *rows);
        if (!rows) {
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            goto fail;
        }
        q->rows = rows;
        sv_quote_row *row = &q->rows[q->n_rows++];
        memset(row, 0, sizeof *row);
        row->factory = ev->factory;
        if (!q->brand)
            q->brand = ev->brand;
        row->lead_days = row->slack_days = row->deposit_bp = SV_LEDGER_UNSET;
        row->sampling_days = row->production_days = row->ready_day = SV_LEDGER_UNSET;
    }
    if (q->n_rows == 0) {
        rc = sv_err_set(e, SV_ERR_NOTFOUND, "no RFQ %s of this brand in the ledger", rfq);
        goto fail;
    }
    for (size_t r = 0; r < q->n_rows; r++) {
        sv_quote_row *row = &q->rows[r];
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (hist[i]->factory && strcmp(hist[i]->factory, row->factory) == 0)
                sub[m++] = hist[i];
        sv_rfq_state st;
        if (sv_ledger_rfq(sub, m, rfq, now, &st) != SV_OK) {
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            goto fail;
        }
        row->sent = st.sent;
        row->quote = st.quote;
        row->declined = st.declined;
        row->n_revisions = st.n_quotes;
        row->answer = st.status == SV_RFQ_QUOTED     ? SV_QA_QUOTED
                      : st.status == SV_RFQ_DECLINED ? SV_QA_DECLINED
                      : st.status == SV_RFQ_EXPIRED  ? SV_QA_EXPIRED
                                                     : SV_QA_UNANSWERED;
        if (row->answer != SV_QA_QUOTED || !row->quote)
            continue;
        row->deposit_bp = row->quote->deposit_bp;
        row->lapsed = row->quote->valid_until != SV_LEDGER_NO_DAY &&
                      row->quote->valid_until < sv_ledger_day(now);
        if (!origin || !origin(ud, row->factory, row->origin)) {
            snprintf(row->note, sizeof row->note,
                     "no country for %s in the registry: not costed", row->factory);
            continue;
        }
        row->n_styles = row->sent ? row->sent->n_lines : 0;
        row->styles = calloc(row->n_styles ? row->n_styles : 1, sizeof *row->styles);
        if (!row->styles) {
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            goto fail;
        }
        for (size_t i = 0; i < row->n_styles; i++) {
            sv_quote_style *qs = &row->styles[i];
            qs->style = row->sent->lines[i].style;
            qs->qty = row->sent->lines[i].qty;
            qs->moq_style = qs->moq_color = qs->sample_fee = SV_LEDGER_UNSET;
            qs->sampling_days = qs->production_days = qs->slack_days = SV_LEDGER_UNSET;
            qs->retail_margin_bp = qs->wholesale_margin_bp = SV_UNSET;
        }
        rc = cost_row(q, row, program, rd, opt, now, e);
        if (rc != SV_OK)
            goto fail;
    }
    /* rank the costed quotes: every style quoted first, then by landed total */
    int ranked = 0;
    for (;;) {
        int pick = -1;
        for (size_t r = 0; r < q->n_rows; r++) {
            const sv_quote_row *row = &q->rows[r];
            if (row->rank || row->answer != SV_QA_QUOTED || row->n_quoted == 0 || row->note[0])
                continue;
            if (pick < 0 || cmp_landed(row, &q->rows[pick]) < 0)
                pick = (int)r;
        }
        if (pick < 0)
            break;
        q->rows[pick].rank = ++ranked;
    }
    /* the best fit: the first by rank that quotes every style, is still valid and meets the
     * launch (or has no launch to judge by); else the first by rank, said so */
    int first = -1;
    for (int k = 1; k <= ranked && q->best < 0; k++)
        for (size_t r = 0; r < q->n_rows; r++) {
            const sv_quote_row *row = &q->rows[r];
            if (row->rank != k)
                continue;
            if (k == 1)
                first = (int)r;
            if (row->complete && !row->lapsed &&
                (row->slack_days == SV_LEDGER_UNSET || row->slack_days >= 0))
                q->best = (int)r;
        }
    bool fallback = q->best < 0 && first >= 0;
    if (fallback)
        q->best = first;
    /* harder terms than the brand's are worth a little: a quote asking them is passed over
     * for the cheapest of those that are as fit and ask no harder, within SV_QUOTES_TERMS_MARGIN
     * (per cent of its landed total) of it */
    int passed = -1;
    if (q->best >= 0 && !fallback && q->rows[q->best].terms_harder) {
        const sv_quote_row *h = &q->rows[q->best];
        int alt = -1;
        for (size_t r = 0; r < q->n_rows; r++) {
            const sv_quote_row *o = &q->rows[r];
            if (!o->rank || (int)r == q->best || o->terms_harder || !o->complete || o->lapsed ||
                (o->slack_days != SV_LEDGER_UNSET && o->slack_days < 0) ||
                (o->total_landed - h->total_landed) * 100 >
                    h->total_landed * SV_QUOTES_TERMS_MARGIN)
                continue;
            if (alt < 0 || o->rank < q->rows[alt].rank)
                alt = (int)r;
        }
        if (alt >= 0) {
            passed = q->best;
            q->best = alt;
        }
    }
    if (q->best >= 0) {
        const sv_quote_row *b = &q->rows[q->best];
        char a[64], c[64];
        int len;
        if (passed >= 0)
            len = snprintf(q->why, sizeof q->why,
                           "%s: lands at %s, within %d%% of the cheapest fit quote, on payment "
                           "terms no harder than yours",
                           b->factory, money(b->total_landed, q->currency, a, sizeof a),
                           SV_QUOTES_TERMS_MARGIN);
        else if (b->rank == 1)
            len = snprintf(q->why, sizeof q->why, "%s: the lowest landed total%s, %s", b->factory,
                           b->complete ? " of the quotes for every style" : "",
                           money(b->total_landed, q->currency, a, sizeof a));
        else
            len = snprintf(q->why, sizeof q->why,
                           "%s: the lowest landed total, %s, of the quotes for every style that "
                           "meet the launch",
                           b->factory, money(b->total_landed, q->currency, a, sizeof a));
        for (size_t r = 0; r < q->n_rows && len > 0 && (size_t)len < sizeof q->why; r++) {
            const sv_quote_row *o = &q->rows[r];
            if (!o->rank || (int)r == q->best || o->rank > b->rank + 1)
                continue;
            char late[320] = "";
            if (o->slack_days < 0 && o->late_style)
                snprintf(late, sizeof late, " but is late for the launch (%s by %lld days)",
                         o->late_style, (long long)-o->slack_days);
            else if ((int)r == passed)
                snprintf(late, sizeof late,
                         " but asks harder payment terms (%s), within %d%% of it", o->terms,
                         SV_QUOTES_TERMS_MARGIN);
            len += snprintf(q->why + len, sizeof q->why - (size_t)len, "; %s %s %s%s", o->factory,
                            o->rank < b->rank ? "is cheaper at" : "lands at",
                            money(o->total_landed, q->currency, c, sizeof c),
                            o->rank > b->rank ? ""
                            : !o->complete    ? " but does not quote every style"
                            : o->lapsed       ? " but its quote has lapsed"
                            : o->slack_days < 0 || (int)r == passed ? late
                                                                    : "");
        }
        if (len > 0 && (size_t)len < sizeof q->why && b->slack_days != SV_LEDGER_UNSET)
            len += snprintf(q->why + len, sizeof q->why - (size_t)len,
                            b->slack_days >= 0 ? "; meets the launch with %lld days to spare"
                                               : "; but %lld days late for the launch (%s)",
                            (long long)(b->slack_days >= 0 ? b->slack_days : -b->slack_days),
                            b->late_style ? b->late_style : "?");
        if (len > 0 && (size_t)len < sizeof q->why && b->terms_harder)
            len += snprintf(q->why + len, sizeof q->why - (size_t)len,
                            "; its payment terms are harder than yours: %s", b->terms);
        if (len > 0 && (size_t)len < sizeof q->why && b->extra_cost > 0)
            len += snprintf(q->why + len, sizeof q->why - (size_t)len,
                            "; its minimums add %s beyond the plan",
                            money(b->extra_cost, q->currency, c, sizeof c));
        if (len > 0 && (size_t)len < sizeof q->why && fallback)
            snprintf(q->why + len, sizeof q->why - (size_t)len,
                     "; no valid quote for every style meets the launch");
    }
    free(sub);
    *out = q;
    return SV_OK;
fail:
    free(sub);
    sv_quotes_free(q);
    return rc;
}
