/* selvedge scorecard: a brand as its factories see it, a factory as its brands see it, from
 * the ledger alone (selvedge/scorecard.h, docs/internals/scorecard.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "selvedge/ledger_import.h"
#include "selvedge/ledger_jsonl.h"
#include "selvedge/ledger_store.h"
#include "selvedge/party_store.h"
#include "selvedge/pool.h"
#include "selvedge/report.h"
#include "selvedge/scorecard.h"
#include "selvedge/scorecard_json.h"
#include "selvedge/store.h"

static const char help[] =
    "Usage: selvedge [--db PATH] scorecard --brand HANDLE | --factory HANDLE\n"
    "                [--from DATE] [--to DATE] [--as-of DATE] [--json]\n"
    "\n"
    "  --brand HANDLE     the brand as its factories see it (brand.* measures, grouped\n"
    "                     under Better Buying's purchasing-practice categories)\n"
    "  --factory HANDLE   the factory as its brands see it (factory.* measures)\n"
    "                     both: the two scorecards of that brand and factory together\n"
    "  --from, --to       the period [from, to), YYYY-MM-DD; each thing is counted by its\n"
    "                     own day (a payment by its due date, a review by its day...)\n"
    "  --as-of DATE       the day things due and not done are judged late at, and a\n"
    "                     message not answered counts as answered (default: today,\n"
    "                     or --to when that is earlier)\n"
    "  --json             the scorecard as JSON\n"
    "Every measure shows its value, how many events it rests on and which (their ids in\n"
    "`ledger export`); a measure with no events says so and is left out of the overall\n"
    "score. A handle the ledger has never seen is an error naming it (exit 1), not an\n"
    "empty scorecard. Weights: data/scorecard_weights.tsv (docs/data.md).\n";

typedef struct loader {
    sv_pool *pool;
    const char *brand, *factory;
    const sv_ledger_event **v;
    size_t n, cap;
} loader;

static sv_code keep_event(loader *l, const sv_ledger_event *in, sv_err *e);

static sv_code keep(void *ud, int64_t id, const char *body, sv_err *e)
{
    loader *l = ud;
    sv_ledger_event ev;
    sv_code rc = sv_ledger_event_parse(body, strlen(body), l->pool, &ev, e);
    if (rc != SV_OK)
        return rc;
    ev.id = id;
    return keep_event(l, &ev, e);
}

/* A party's event from the typed columns; from its body when the read hands one over (an
 * event of a store written before migration 8 whose factory's handle changed since). */
static sv_code keep_typed(void *ud, const sv_ledger_event *in, const char *body, sv_err *e)
{
    return body ? keep(ud, in->id, body, e) : keep_event(ud, in, e);
}

static sv_code keep_event(loader *l, const sv_ledger_event *in, sv_err *e)
{
    sv_ledger_event ev = *in;
    if ((l->brand && (!ev.brand || strcmp(ev.brand, l->brand) != 0)) ||
        (l->factory && (!ev.factory || strcmp(ev.factory, l->factory) != 0)))
        return SV_OK;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        const sv_ledger_event **p = realloc(l->v, cap * sizeof *p);
        if (!p)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        l->v = p;
        l->cap = cap;
    }
    sv_ledger_event *c = sv_pool_alloc(l->pool, sizeof *c);
    if (!c)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    *c = ev;
    l->v[l->n++] = c;
    return SV_OK;
}

static sv_code count_one(void *ud, int64_t id, const char *body, sv_err *e)
{
    (void)id;
    (void)body;
    (void)e;
    ++*(size_t *)ud;
    return SV_OK;
}

static char *day_text(int64_t d, char *buf, size_t n)
{
    if (d == SV_LEDGER_NO_DAY) {
        snprintf(buf, n, "-");
        return buf;
    }
    return sv_date_format(sv_date_from_days(d), buf, n);
}

static void print_measure(const sv_sc_measure *m, int width)
{
    if (m->has)
        printf("  %-34s %8.1f %-9s score %5.1f  weight %lld\n", sv_sc_code_name(m->code), m->value,
               m->unit, m->score, (long long)m->weight);
    else
        printf("  %-34s %8s %-9s not scored  weight %lld\n", sv_sc_code_name(m->code), "-", m->unit,
               (long long)m->weight);
    sv_report_wrap(stdout, m->text, 6, 8, width);
    if (m->n_events) {
        /* "N events: 1 2 3", wrapped */
        size_t cap = 32 + m->n_events * 21, len = 0;
        char *t = malloc(cap);
        if (t) {
            len +=
                (size_t)snprintf(t, cap, "%zu event%s:", m->n_events, m->n_events == 1 ? "" : "s");
            for (size_t i = 0; i < m->n_events && len < cap; i++)
                len += (size_t)snprintf(t + len, cap - len, " %lld", (long long)m->ids[i]);
            sv_report_wrap(stdout, t, 6, 8, width);
            free(t);
        }
    }
    if (m->has && m->score < 100) { /* nothing to fix at full marks */
        char fix[300];
        snprintf(fix, sizeof fix, "fix: %s", m->fix);
        sv_report_wrap(stdout, fix, 6, 11, width);
    }
}

static void print_card(const sv_scorecard *sc, const sv_sc_params *p, int width)
{
    char a[16], b[16], c[16];
    bool brand = sc->side == SV_SC_BRAND;
    char title[256];
    snprintf(title, sizeof title, "Scorecard of %s %s, as its %s see it: %zu event%s",
             brand ? "brand" : "factory", sc->who, brand ? "factories" : "brands", sc->n_events,
             sc->n_events == 1 ? "" : "s");
    sv_report_wrap(stdout, title, 0, 2, width);
    if (p->from == SV_LEDGER_NO_DAY && p->to == SV_LEDGER_NO_DAY)
        printf("Every event; things due and not done judged late as of %s\n",
               day_text(p->asof, c, sizeof c));
    else
        printf("From %s to %s (exclusive); things due and not done judged late as of %s\n",
               p->from == SV_LEDGER_NO_DAY ? "the start" : day_text(p->from, a, sizeof a),
               p->to == SV_LEDGER_NO_DAY ? "now" : day_text(p->to, b, sizeof b),
               day_text(p->asof, c, sizeof c));
    int scored = 0;
    for (int k = 0; k < sc->n_m; k++)
        scored += sc->m[k].has;
    if (sc->has_overall)
        printf("Overall %.1f / 100 over %d of %d measures\n\n", sc->overall, scored, sc->n_m);
    else
        printf("Overall: not scored (no measure rests on events)\n\n");
    if (brand) {
        for (int cat = 0; cat < SV_PPI__COUNT; cat++) {
            printf("%s\n", sv_ppi_name((sv_ppi_category)cat));
            bool any = false;
            for (int k = 0; k < sc->n_m; k++)
                if (sv_sc_code_ppi(sc->m[k].code) == cat) {
                    print_measure(&sc->m[k], width);
                    any = true;
                }
            if (!any)
                printf("  (no measure from the ledger yet)\n");
        }
    } else {
        for (int k = 0; k < sc->n_m; k++)
            print_measure(&sc->m[k], width);
    }
    if (sc->n_by) {
        const char *them = brand ? "factory" : "brand";
        printf("\nStanding with each %s, over the events with it alone:\n", them);
        printf("  %-32s %-16s  %s\n", them, "scores this", "its own score");
        for (size_t i = 0; i < sc->n_by; i++) {
            const sv_sc_standing *s = &sc->by[i];
            char x[32], y[32];
            if (s->has)
                snprintf(x, sizeof x, "%5.1f  %d of %zu", s->overall, s->rank, sc->n_ranked);
            else
                snprintf(x, sizeof x, "    -  not scored");
            if (s->own_has)
                snprintf(y, sizeof y, "%5.1f  %d of %zu", s->own, s->own_rank, sc->n_own_ranked);
            else
                snprintf(y, sizeof y, "    -  not scored");
            printf("  %-32s %-16s  %s\n", cli_term(s->handle), x, y);
        }
    }
}

static int date_opt(cli *c, int argc, char **argv, int *i, const char *name, int64_t *out)
{
    const char *v = cli_value(c, "scorecard", argc, argv, i, name);
    if (!v)
        return EXIT_USAGE;
    sv_date d;
    if (!sv_date_parse(v, &d) || !sv_date_supported(d))
        return cli_usage(c, "scorecard", "%s wants a real date as YYYY-MM-DD, not '%s'", name, v);
    *out = sv_date_to_days(d);
    return 0;
}

int cmd_scorecard(cli *c, int argc, char **argv)
{
    const char *brand = NULL, *factory = NULL;
    int64_t asof = SV_LEDGER_NO_DAY;
    sv_sc_params p = {SV_LEDGER_NO_DAY, SV_LEDGER_NO_DAY, 0, 0, 0, NULL, 0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int rc = 0;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, stdout);
            return 0;
        } else if (strcmp(a, "--json") == 0) {
            c->json = true;
        } else if (cli_is(a, "--brand")) {
            if (!(brand = cli_value(c, "scorecard", argc, argv, &i, "--brand")))
                return EXIT_USAGE;
        } else if (cli_is(a, "--factory")) {
            if (!(factory = cli_value(c, "scorecard", argc, argv, &i, "--factory")))
                return EXIT_USAGE;
        } else if (cli_is(a, "--from")) {
            rc = date_opt(c, argc, argv, &i, "--from", &p.from);
        } else if (cli_is(a, "--to")) {
            rc = date_opt(c, argc, argv, &i, "--to", &p.to);
        } else if (cli_is(a, "--as-of")) {
            rc = date_opt(c, argc, argv, &i, "--as-of", &asof);
        } else {
            return cli_usage(c, "scorecard", "unknown argument %s", a);
        }
        if (rc)
            return rc;
    }
    if (!brand && !factory)
        return cli_usage(c, "scorecard", "whose? --brand HANDLE or --factory HANDLE");
    if (p.from != SV_LEDGER_NO_DAY && p.to != SV_LEDGER_NO_DAY && p.to <= p.from)
        return cli_usage(c, "scorecard", "--to must come after --from");
    if (asof == SV_LEDGER_NO_DAY) {
        asof = sv_date_to_days(cli_today());
        if (p.to != SV_LEDGER_NO_DAY && p.to < asof)
            asof = p.to;
    }
    p.asof = asof;

    sv_refdata *rd = NULL;
    int code = cli_load_refdata(c, &rd);
    if (code)
        return code;
    sv_sc_weight w[SV_SC__COUNT];
    for (size_t i = 0; i < rd->n_scorecard_weights && i < SV_SC__COUNT; i++)
        w[i] = (sv_sc_weight){rd->scorecard_weights[i].code, rd->scorecard_weights[i].weight,
                              rd->scorecard_weights[i].target};
    p.weights = w;
    p.n_weights = rd->n_scorecard_weights < SV_SC__COUNT ? rd->n_scorecard_weights : SV_SC__COUNT;
    p.review_days = sv_refdata_lead_days(rd, SV_STAGE_SAMPLE_REVIEW, NULL, 0);
    p.quote_days = sv_refdata_lead_days(rd, SV_STAGE_QUOTATION, NULL, 0);

    sv_store *s = NULL;
    if ((code = cli_open_store(c, &s))) {
        sv_refdata_free(rd);
        return code;
    }
    sv_err e;
    sv_err_clear(&e);
    loader l = {sv_pool_create(), brand, factory, NULL, 0, 0};
    sv_code rc = l.pool ? SV_OK : sv_err_set(&e, SV_ERR_NOMEM, "out of memory");
    if (rc == SV_OK)
        rc = brand && factory
                 ? sv_store_ledger_pair(s, brand, factory, keep, &l, &e)
                 : sv_store_ledger_party_typed(s, brand, factory, l.pool, keep_typed, &l, &e);
    /* a handle the ledger has never seen is an error, not an empty card; a brand and a
     * factory both seen but never together are scored (nothing) */
    for (int k = 0; rc == SV_OK && l.n == 0 && k < 2; k++) {
        const char *h = k == 0 ? brand : factory;
        if (!h)
            continue;
        size_t seen = 0; /* one party alone: none loaded, so never seen */
        if (brand && factory &&
            (rc = sv_store_ledger_party(s, k == 0 ? h : NULL, k == 0 ? NULL : h, count_one, &seen,
                                        &e)))
            break;
        if (!seen)
            rc = sv_err_at(&e, SV_ERR_NOTFOUND, NULL, 0, 0, k == 0 ? "brand" : "factory",
                           "no events of %s %s in the ledger: a handle it has never seen "
                           "(`ledger import` or a verb records a history)",
                           k == 0 ? "brand" : "factory", h);
    }
    sv_store_close(s);
    sv_scorecard cards[2];
    int n_cards = 0;
    if (rc == SV_OK && brand) {
        rc = sv_scorecard_compute(l.v, l.n, SV_SC_BRAND, brand, &p, &cards[n_cards]);
        if (rc == SV_OK)
            n_cards++;
    }
    if (rc == SV_OK && factory) {
        rc = sv_scorecard_compute(l.v, l.n, SV_SC_FACTORY, factory, &p, &cards[n_cards]);
        if (rc == SV_OK)
            n_cards++;
    }
    if (rc != SV_OK && !e.code)
        sv_err_set(&e, rc, "out of memory");
    if (rc == SV_OK) {
        if (c->json) {
            json_t *arr = n_cards > 1 ? json_array() : NULL;
            json_t *one = NULL;
            for (int k = 0; k < n_cards; k++) {
                json_t *j = sv_json_scorecard(&cards[k], &p);
                if (arr)
                    json_array_append_new(arr, j);
                else
                    one = j;
            }
            code = cli_print_json(c, arr ? arr : one);
        } else {
            for (int k = 0; k < n_cards; k++) {
                if (k)
                    printf("\n");
                print_card(&cards[k], &p, c->text.width ? c->text.width : 80);
            }
            if (l.n == 0)
                printf("\nNo events of %s%s%s%s%s in the ledger (`ledger import` records a "
                       "history).\n",
                       brand ? "brand " : "", brand ? cli_term(brand) : "",
                       brand && factory ? " with " : "", factory ? "factory " : "",
                       factory ? cli_term(factory) : "");
        }
    } else {
        code = cli_fail(c, &e);
    }
    for (int k = 0; k < n_cards; k++)
        sv_scorecard_free(&cards[k]);
    free(l.v);
    sv_pool_free(l.pool);
    sv_refdata_free(rd);
    return code;
}
