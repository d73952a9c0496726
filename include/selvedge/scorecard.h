/* Scorecards both ways, from the ledger alone (lib/engine/scorecard.c, pure).
 *
 * The factory's view of a brand (brand.*) and the brand's view of a factory (factory.*): each
 * measure has a stable code, a value, how many events it rests on and which (their ids), a
 * sentence and a fix. A measure with no events says so and is left out of the overall score:
 * never a 0 or a 100 for no activity. Every code, its formula and its events:
 * docs/internals/scorecard.md. */
#ifndef SELVEDGE_SCORECARD_H
#define SELVEDGE_SCORECARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "selvedge/err.h"
#include "selvedge/ledger.h"

/* Who is scored. */
typedef enum { SV_SC_BRAND, SV_SC_FACTORY } sv_sc_side;

/* The measures, in the order a scorecard lists them. */
typedef enum {
    SV_SC_BRAND_PAYS_ON_TIME,
    SV_SC_BRAND_CHANGES_AFTER_SIGNOFF,
    SV_SC_BRAND_REVIEW_TURNAROUND,
    SV_SC_BRAND_SAMPLE_FEES_PAID,
    SV_SC_BRAND_FORECAST_KEPT,
    SV_SC_BRAND_RESPONSE_TIME,
    SV_SC_BRAND_REPEAT_ORDERS,
    SV_SC_BRAND_PRICE_AGREED,
    SV_SC_BRAND_LEAD_TIME_ALLOWED,
    SV_SC_FACTORY_QUOTE_TURNAROUND,
    SV_SC_FACTORY_SAMPLES_ON_TIME,
    SV_SC_FACTORY_SAMPLES_RIGHT_FIRST_TIME,
    SV_SC_FACTORY_DELIVERY_ON_TIME,
    SV_SC_FACTORY_INSPECTION_PASS_RATE,
    SV_SC_FACTORY_PRICE_KEPT,
    SV_SC_FACTORY_RESPONSE_TIME,
    SV_SC__COUNT
} sv_sc_code;
/* Measures of each side, and the most of either. */
enum { SV_SC_BRAND_N = 9, SV_SC_FACTORY_N = 7, SV_SC_MAX = 9 };

/* Better Buying's Purchasing Practices Index categories, under which the brand's measures
 * are grouped. */
typedef enum {
    SV_PPI_PLANNING,
    SV_PPI_DESIGN,
    SV_PPI_COST,
    SV_PPI_SOURCING,
    SV_PPI_PAYMENT,
    SV_PPI_MANAGEMENT,
    SV_PPI_PARTNERSHIP,
    SV_PPI__COUNT
} sv_ppi_category;

const char *sv_sc_code_name(sv_sc_code c);  /* "brand.pays_on_time" */
int sv_sc_code_parse(const char *s);        /* -1 when unknown */
const char *sv_ppi_name(sv_ppi_category c); /* "payment and terms" */
/* The category of a brand measure; -1 for a factory's. */
int sv_sc_code_ppi(sv_sc_code c);

typedef struct sv_sc_measure {
    sv_sc_code code;
    const char *unit; /* "%", "days", "hours", "per style" */
    bool has;         /* rests on at least one event; when false value and score mean nothing */
    double value;
    double days_late; /* pays_on_time, samples_on_time, delivery_on_time: mean days late over
                         the things counted (0 for those on time); lead_time_allowed: mean
                         days short of the production days quoted; -1 otherwise */
    int64_t num, den; /* the counts behind a share or a rate (num of den); 0 0 for medians */
    size_t n_items;   /* things counted: payments, changes, reviews, answers... */
    size_t n_unanswered;      /* the response times: messages unanswered as of the as-of day
                                 (in n_items, each counted as answered at the as-of) */
    double oldest_unanswered; /* hours since the oldest of them was sent; -1 when none */
    double score;     /* 0 to 100 (docs/internals/scorecard.md) */
    int64_t weight;   /* from scorecard_weights.tsv */
    int64_t *ids;     /* the events it rests on, ascending (malloc'ed) */
    size_t n_events;
    char text[320];
    const char *fix;
} sv_sc_measure;

/* A counterpart's standing, over the events of the pair alone: how it scores the party
 * (the party's overall there, ranked among the counterparts), and its own score (the other
 * side's overall: a brand's factories ranked by their factory.* scores, a factory's brands
 * by their brand.* scores). */
typedef struct sv_sc_standing {
    const char *handle; /* the counterpart's (points into the events) */
    bool has;
    double overall;
    int rank; /* 1 the best; 0 when it has no score */
    bool own_has;
    double own;   /* the counterpart's own overall over the pair */
    int own_rank; /* its rank among the counterparts by it; 0 when it has no score */
} sv_sc_standing;

typedef struct sv_scorecard {
    sv_sc_side side;
    const char *who;
    sv_sc_measure m[SV_SC_MAX];
    int n_m; /* SV_SC_BRAND_N or SV_SC_FACTORY_N */
    bool has_overall;
    double overall;
    size_t n_events;    /* events of the party considered (of any period) */
    sv_sc_standing *by; /* one per counterpart, best first then those without a score */
    size_t n_by, n_ranked, n_own_ranked;
} sv_scorecard;

/* A row of scorecard_weights.tsv. */
typedef struct sv_sc_weight {
    const char *code;
    int64_t weight; /* 0 to 100 */
    int64_t target; /* hours for a response time, 0 for the others */
} sv_sc_weight;

typedef struct sv_sc_params {
    int64_t from, to;    /* the period [from, to), days since 1970; SV_LEDGER_NO_DAY: open */
    int64_t asof;        /* the day things due and not done are judged late at */
    int64_t review_days; /* days the T&A allows a brand's sample review (lead_times.tsv) */
    int64_t quote_days;  /* days the T&A allows a quotation (lead_times.tsv) */
    const sv_sc_weight *weights;
    size_t n_weights;
} sv_sc_params;

/* The scorecard of `who` (a brand's handle for SV_SC_BRAND, a factory's for SV_SC_FACTORY)
 * from ev, the events in the order recorded (others' events are skipped; superseded ones do
 * not count). SV_ERR_NOMEM when memory runs out. Free with sv_scorecard_free. */
sv_code sv_scorecard_compute(const sv_ledger_event *const *ev, size_t n, sv_sc_side side,
                             const char *who, const sv_sc_params *p, sv_scorecard *out);
void sv_scorecard_free(sv_scorecard *sc);

#endif
