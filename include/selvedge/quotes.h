/* Quote comparison (lib/engine/quotes.c, pure): for one RFQ of one brand, every factory it
 * was sent to and what it answered, the quotes that stand side by side per style and for the
 * program: FOB at the quantity the RFQ announced, landed cost at the brand's destination from
 * the factory's country by the cost engine (the frozen program costed with the quoted price as
 * each style's own sheet), margins at the brand's prices, what the minimums force beyond the
 * plan, each style's lead days against the launch, sample fees against the sampling budget,
 * the payment terms against the brand's; ranked by landed total. docs/internals/quotes.md. */
#ifndef SELVEDGE_QUOTES_H
#define SELVEDGE_QUOTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "selvedge/costing.h"
#include "selvedge/err.h"
#include "selvedge/ledger.h"
#include "selvedge/refdata.h"

typedef enum {
    SV_QA_QUOTED,
    SV_QA_DECLINED,
    SV_QA_UNANSWERED, /* sent or acknowledged, neither quote nor decline (yet) */
    SV_QA_EXPIRED,    /* reply-by passed with neither */
} sv_quote_answer;

/* One style of one quote. Money in the brand's currency (minor units) unless said. */
typedef struct sv_quote_style {
    const char *style;      /* as the RFQ's line names it */
    int64_t qty;            /* the units the RFQ announced */
    bool quoted;            /* false: the factory did not quote this style */
    int64_t break_qty;      /* the break the quantity reaches (the first when below all) */
    bool below_breaks;      /* the quantity is under the first break */
    sv_minor price_quoted;  /* in the quote's currency, on its incoterm */
    sv_minor fob;           /* brand currency, FOB (the cost engine's from the incoterm) */
    sv_minor freight, insurance, duty, fees, brokerage, landed; /* a unit */
    const char *duty_scheme; /* the preference applied, NULL: MFN */
    int64_t duty_bp;
    int64_t retail_margin_bp, wholesale_margin_bp; /* SV_UNSET when no price */
    int64_t moq_style, moq_color; /* SV_LEDGER_UNSET when not said */
    int64_t extra_units;    /* units beyond the plan the minimums force */
    sv_minor extra_cost;    /* extra_units at the landed cost */
    sv_minor sample_fee;    /* a round, brand currency; SV_LEDGER_UNSET none said */
    bool fee_refunded;      /* the quote says the fee is refunded on a bulk order */
    int64_t sampling_days, production_days; /* SV_LEDGER_UNSET when not said */
    int64_t slack_days; /* the style's days before the launch with its own quoted days
                         * (docs/internals/quotes.md, "The T&A verdict"): negative is
                         * late; SV_LEDGER_UNSET when no plan */
} sv_quote_style;

typedef struct sv_quote_row {
    const char *factory;
    char origin[3];              /* the factory's country ("" unknown) */
    sv_quote_answer answer;
    const sv_ledger_event *sent, *quote, *declined;
    int n_revisions;             /* quotes that stand after revisions: the last is used */
    sv_quote_style *styles;      /* one per line of the RFQ, in its order (quoted only) */
    size_t n_styles;
    int n_quoted;                /* styles quoted */
    bool complete;               /* every style of the RFQ quoted */
    sv_minor total_fob, total_landed; /* over the quoted styles at the RFQ's quantities */
    sv_minor extra_cost;         /* the minimums' extra units at landed */
    sv_minor sample_fees;        /* one round of each quoted style: paid up front, before
                                  * any order */
    sv_minor sample_fees_refunded; /* of those, the fees the quote refunds on a bulk order */
    sv_minor sample_fees_kept;     /* sample_fees less the refunded: the sampling's cost */
    bool over_budget;              /* sample_fees_kept over the brand's sampling budget */
    int64_t sampling_days, production_days; /* the longest the quote gives a style;
                                  * SV_LEDGER_UNSET when it gives none */
    int64_t lead_days;           /* sampling_days + production_days (SV_LEDGER_UNSET when the
                                  * quote gives neither) */
    int64_t ready_day;           /* the T&A planner's warehouse day (days since 1970) with
                                  * each style's own quoted days; SV_LEDGER_UNSET when there
                                  * is no plan (no launch date) */
    int64_t slack_days;          /* days before the launch on that plan: the latest style's
                                  * (the least of the styles' slack_days); negative is late;
                                  * SV_LEDGER_UNSET when no plan */
    const char *late_style;      /* that style (the first of equals); NULL when no plan */
    bool lapsed;                 /* the quote's valid_until is before the day compared on:
                                  * ranked, never the best fit */
    int64_t deposit_bp;          /* the quote's; SV_LEDGER_UNSET none */
    /* the payment terms against the brand's (payment_terms): harder is a deposit asked
     * beyond the brand's, the balance paid sooner (before shipment, at the documents: L/C at
     * sight or D/P, on delivery, N days after), or as soon by an L/C where the brand pays
     * without one; terms says so in words ("" when they agree or cannot be judged) */
    bool terms_harder;
    char terms[256];
    int rank;                    /* 1 = best; 0 not ranked (declined, unanswered, failed) */
    char note[256];              /* why not costed, when it could not be */
} sv_quote_row;

/* A quote whose payment terms are harder than the brand's is not the best fit when another,
 * as fit and on terms no harder, lands within this many per cent of it (the cost of paying
 * sooner: docs/internals/quotes.md, "Payment"). */
enum { SV_QUOTES_TERMS_MARGIN = 2 };

typedef struct sv_quotes {
    const char *rfq, *brand;
    const sv_currency *currency; /* the brand's */
    sv_minor sampling_budget;    /* SV_UNSET when not given */
    int64_t brand_deposit_bp;    /* SV_UNSET when not given */
    bool has_launch;
    sv_date launch;
    char destination[3];
    sv_quote_row *rows;          /* in the order the RFQ was sent */
    size_t n_rows;
    int best;                    /* index of the best fit, -1 none */
    char why[1024];              /* why it is the best fit */
} sv_quotes;

/* The factory's country by handle: false when unknown. */
typedef bool (*sv_quotes_origin_fn)(void *ud, const char *factory, char out[3]);

/* Compare the answers to rfq in hist (the brand's events, as recorded, any factory): program
 * is the text of the program as sent (rfq_snapshot), opt the cost options (origin ignored:
 * each factory's). now: seconds since 1970 (expiry, lead days from its day). Strings of *out
 * point into hist's events: keep them. SV_ERR_NOTFOUND when no rfq.sent of rfq is in hist;
 * SV_ERR_SCHEMA when the program does not parse. */
sv_code sv_quotes_compare(const sv_ledger_event *const *hist, size_t n, const char *rfq,
                          const char *program, const sv_refdata *rd, const sv_cost_options *opt,
                          sv_quotes_origin_fn origin, void *ud, int64_t now, sv_quotes **out,
                          sv_err *e);
void sv_quotes_free(sv_quotes *q);

const char *sv_quote_answer_name(sv_quote_answer a);

#endif
