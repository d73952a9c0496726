/* The relationship ledger: every step between one brand and one factory as a dated event,
 * and the state of each thing (an RFQ, a sample round, a change, an order, a payment)
 * worked out from its events.
 *
 * The ledger is append-only. A correction is a new event that names the one it corrects
 * (supersedes); the corrected event stays, and both are exported. The states below fold the
 * events that stand (those no later event supersedes).
 *
 * The model (this header, lib/model/ledger.c): the event, its kinds and codes. The states and
 * the admission of a new event (lib/engine/ledger.c) are pure: they read the events of one
 * brand and one factory and say what each thing is, or why a new event makes no sense. The
 * file format: docs/ledger.md; the design: docs/internals/ledger.md. */
#ifndef SELVEDGE_LEDGER_H
#define SELVEDGE_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "selvedge/err.h"
#include "selvedge/money.h"

/* Who did it. */
typedef enum { SV_BY_BRAND, SV_BY_FACTORY, SV_BY__COUNT } sv_ledger_by;

/* What happened. The names ("rfq.sent") are the file's and the store's. */
typedef enum {
    SV_EV_RFQ_SENT,
    SV_EV_RFQ_ACKNOWLEDGED,
    SV_EV_RFQ_DECLINED,
    SV_EV_QUOTE,
    SV_EV_SAMPLE_REQUESTED,
    SV_EV_SAMPLE_SHIPPED,
    SV_EV_SAMPLE_RECEIVED,
    SV_EV_SAMPLE_REVIEWED,
    SV_EV_SAMPLE_FEE_INVOICED,
    SV_EV_SAMPLE_FEE_PAID,
    SV_EV_CHANGE_REQUESTED,
    SV_EV_CHANGE_ANSWERED,
    SV_EV_CHANGE_ACCEPTED,
    SV_EV_CHANGE_WITHDRAWN,
    SV_EV_ORDER_ISSUED,
    SV_EV_ORDER_CONFIRMED,
    SV_EV_ORDER_COUNTERED,
    SV_EV_PAYMENT_DUE,
    SV_EV_PAYMENT_PAID,
    SV_EV_MILESTONE_ACTUAL,
    SV_EV_INSPECTION,
    SV_EV_MESSAGE,
    SV_EV__COUNT
} sv_ledger_kind;

/* The thing an event belongs to: the key its state is folded by. */
typedef enum {
    SV_THING_RFQ,     /* rfq.*, quote: the RFQ ref */
    SV_THING_SAMPLE,  /* sample.*: style, stage and round */
    SV_THING_CHANGE,  /* change.*: the change ref */
    SV_THING_ORDER,   /* order.*, milestone.actual, inspection: the order ref */
    SV_THING_PAYMENT, /* payment.*: the order ref and the milestone (deposit, balance...) */
    SV_THING_THREAD,  /* message: the RFQ, order or sample it is on */
    SV_THING__COUNT
} sv_ledger_thing;

/* Why a factory declined an RFQ. */
typedef enum {
    SV_DECLINE_NONE = -1,
    SV_DECLINE_MOQ,
    SV_DECLINE_PRICE,
    SV_DECLINE_CAPACITY,
    SV_DECLINE_CATEGORY,
    SV_DECLINE_TIMELINE,
    SV_DECLINE_TERMS,
    SV_DECLINE_OTHER,
    SV_DECLINE__COUNT
} sv_decline_reason;

/* The stages of sampling; a round counts from 1 within a stage (fit 1, fit 2...). */
typedef enum {
    SV_SAMPLE_NONE = -1,
    SV_SAMPLE_PROTO,
    SV_SAMPLE_FIT,
    SV_SAMPLE_SIZE_SET,
    SV_SAMPLE_PP,
    SV_SAMPLE_SHIPMENT,
    SV_SAMPLE__COUNT
} sv_sample_stage;

typedef enum {
    SV_VERDICT_NONE = -1,
    SV_VERDICT_APPROVED,
    SV_VERDICT_APPROVED_WITH_COMMENTS,
    SV_VERDICT_REJECTED,
    SV_VERDICT__COUNT
} sv_sample_verdict;

/* "Not given" for the optional whole numbers and amounts of an event (all of them are 0 or
 * more when given), and for the days. */
#define SV_LEDGER_UNSET (-1)
#define SV_LEDGER_NO_DAY INT64_MIN

/* Limits on what one event may hold (hostile input: sizes, counts and amounts bounded). */
enum {
    SV_LEDGER_REF_MAX = 64,      /* bytes of a handle, ref, style, colour, size, stage... */
    SV_LEDGER_TEXT_MAX = 4000,   /* bytes of a free text (a message, a comment) */
    SV_LEDGER_LINES_MAX = 10000, /* order or RFQ lines of one event */
    SV_LEDGER_QUOTE_MAX = 1000,  /* styles of one quote */
    SV_LEDGER_BREAKS_MAX = 20,   /* quantity breaks of one quoted style */
    SV_LEDGER_ROUND_MAX = 99,    /* rounds of one sample stage */
};
/* An rfq.sent's snapshot in the file: bytes of the program's text, and of its readiness
 * report written compactly. */
enum { SV_LEDGER_PROGRAM_MAX = 512 * 1024, SV_LEDGER_READINESS_MAX = 256 * 1024 };
#define SV_LEDGER_QTY_MAX INT64_C(1000000000)          /* units of one line */
#define SV_LEDGER_AMOUNT_MAX INT64_C(1000000000000000) /* minor units of one amount */
#define SV_LEDGER_DAYS_MAX 3650                        /* lead days, days a change adds */

/* A line of units: an RFQ's announced units per style (colour, size and price empty), an
 * order's units per style x colour x size at a unit price. */
typedef struct sv_ledger_line {
    const char *style;
    const char *color; /* NULL on an RFQ line */
    const char *size;  /* NULL on an RFQ line */
    int64_t qty;
    sv_minor price; /* unit price in the event's currency; SV_LEDGER_UNSET none */
} sv_ledger_line;

/* A quantity break: this unit price from this many units up. */
typedef struct sv_ledger_break {
    int64_t qty;
    sv_minor price;
} sv_ledger_break;

/* One style of a quote. Numbers SV_LEDGER_UNSET when the factory did not say. */
typedef struct sv_ledger_quote_line {
    const char *style;
    sv_ledger_break *breaks; /* at least one, quantities strictly increasing */
    size_t n_breaks;
    int64_t moq_style, moq_color;
    sv_minor sample_fee; /* per round */
    int fee_refunded;    /* on a bulk order: 1, 0, SV_LEDGER_UNSET unknown */
    int64_t sampling_days, production_days;
} sv_ledger_quote_line;

/* One event. Strings are NULL when not given; which fields a kind needs or allows is
 * sv_ledger_check's (lib/model/ledger.c) and docs/ledger.md's. */
typedef struct sv_ledger_event {
    int64_t id;         /* its number in the ledger; 0 before it is recorded */
    int64_t supersedes; /* the event it corrects; 0 none */
    int64_t at;         /* when it happened: seconds since 1970-01-01T00:00:00Z */
    sv_ledger_by by;
    sv_ledger_kind kind;
    const char *brand;   /* the brand's handle */
    const char *factory; /* the factory's handle in the registry */
    /* the thing it belongs to */
    const char *rfq, *order, *style, *change, *milestone;
    sv_sample_stage stage;
    int round; /* 0 when not given */
    /* its figures */
    char currency[4];     /* ISO 4217 of amount, fee and prices; "" none */
    sv_minor amount;      /* payment, sample fee, change cost; SV_LEDGER_UNSET none */
    int64_t due;          /* days since 1970-01-01: reply-by, sample or payment due */
    int64_t ex_factory;   /* order: the ex-factory date */
    int64_t planned;      /* milestone.actual: the date the T&A planned */
    int64_t valid_until;  /* quote */
    int64_t days;         /* change.answered: days it adds; SV_LEDGER_UNSET none */
    int64_t deposit_bp;   /* quote, order: deposit in basis points; SV_LEDGER_UNSET */
    const char *balance;  /* quote, order: when the balance is due, as agreed */
    const char *incoterm; /* quote, order: "FOB"... */
    sv_decline_reason reason;
    sv_sample_verdict verdict;
    const char *courier, *tracking;
    const char *what, *from, *to; /* change.requested */
    int64_t lot;                  /* inspection: lot size; SV_LEDGER_UNSET none */
    int64_t defects[3];           /* inspection: critical, major, minor found */
    int passed;                   /* inspection: 1 pass, 0 fail, SV_LEDGER_UNSET */
    int level;                    /* inspection: sv_aql_level (selvedge/aql.h); SV_LEDGER_UNSET */
    int aql[3];                   /* inspection: the AQL each class is judged at, thousandths of
                                     a percent as sv_aql_value_parse (2.5% -> 2500), 0 none
                                     accepted (critical, as usual); SV_LEDGER_UNSET not judged */
    const char *text;             /* a message, a decline's or review's comments */
    sv_ledger_line *lines;        /* rfq.sent (style, qty), order.issued/countered */
    size_t n_lines;
    sv_ledger_quote_line *quote;
    size_t n_quote;
    /* rfq.sent in a ledger file: the RFQ's snapshot (selvedge/rfq_snapshot.h), the program's
     * text and its readiness report (a JSON object's text); NULL none. Not part of the
     * event's canonical line (sv_ledger_event_json): export adds them from the snapshot. */
    const char *program, *readiness;
} sv_ledger_event;

/* An event with nothing given (ids 0, numbers unset, enums NONE). */
void sv_ledger_event_init(sv_ledger_event *ev);

/* Names of the codes, as the file writes them, and back (-1 when unknown; exact match). */
const char *sv_ledger_kind_name(sv_ledger_kind k);
int sv_ledger_kind_parse(const char *s);
const char *sv_ledger_by_name(sv_ledger_by b);
int sv_ledger_by_parse(const char *s);
const char *sv_decline_reason_name(sv_decline_reason r);
int sv_decline_reason_parse(const char *s);
const char *sv_sample_stage_name(sv_sample_stage s);
int sv_sample_stage_parse(const char *s);
const char *sv_sample_verdict_name(sv_sample_verdict v);
int sv_sample_verdict_parse(const char *s);
/* The thing a kind belongs to, and who may record it (SV_BY__COUNT: either side). */
sv_ledger_thing sv_ledger_kind_thing(sv_ledger_kind k);
sv_ledger_by sv_ledger_kind_by(sv_ledger_kind k);
const char *sv_ledger_thing_name(sv_ledger_thing t);

/* The key of the thing ev belongs to, within its brand and factory: "R1", "TS01/fit/2",
 * "CR-3", "PO-9", "PO-9/deposit", and for a message the thing it is on ("order PO-9").
 * Into buf of n bytes (at least 256); returns buf. */
char *sv_ledger_thing_key(const sv_ledger_event *ev, char *buf, size_t n);

/* Whether ev is complete and consistent on its own: the fields its kind needs are there,
 * none it does not take, codes and amounts within bounds. SV_ERR_SCHEMA naming the field
 * (e->field) otherwise; no file or line (the reader adds them). */
sv_code sv_ledger_check(const sv_ledger_event *ev, sv_err *e);

/* Timestamps as the file writes them: "2027-01-10T09:00:00Z" (UTC, to the second; years
 * 2001 to 2099). Parse is strict; false when s is not one. */
bool sv_ledger_time_parse(const char *s, int64_t *out);
char *sv_ledger_time_format(int64_t t, char *buf, size_t n);
/* An AQL in thousandths of a percent as ISO 2859-1's table writes it: 2500 "2.5", 65
 * "0.065", 10000 "10", 0 "0". Into buf of n bytes; returns buf. */
char *sv_ledger_aql_text(int milli, char *buf, size_t n);
/* The UTC day of a timestamp (days since 1970-01-01). */
int64_t sv_ledger_day(int64_t t);

/* ---- states (lib/engine/ledger.c, pure) ----
 *
 * Each fold reads the events of one brand and one factory, in the order they were recorded
 * (hist[0] first), skips those a later event supersedes, and keeps those of the one thing
 * asked for. A thing with no event is state NONE. Each returns SV_OK, or SV_ERR_NOMEM (out
 * of memory, *out untouched) for a history of over a thousand events. */

typedef enum {
    SV_RFQ_NONE,
    SV_RFQ_SENT,
    SV_RFQ_ACKNOWLEDGED,
    SV_RFQ_QUOTED,
    SV_RFQ_DECLINED,
    SV_RFQ_EXPIRED, /* reply-by passed with neither quote nor decline (as of `now`) */
} sv_rfq_status;

typedef struct sv_rfq_state {
    sv_rfq_status status;
    const sv_ledger_event *sent, *acknowledged, *declined;
    const sv_ledger_event *quote; /* the quote that stands (the last, revisions superseding) */
    int n_quotes;                 /* quotes that stand */
} sv_rfq_state;

typedef enum {
    SV_ROUND_NONE,
    SV_ROUND_REQUESTED,
    SV_ROUND_SHIPPED,
    SV_ROUND_RECEIVED,
    SV_ROUND_REVIEWED,
} sv_round_status;

typedef struct sv_round_state {
    sv_round_status status;
    const sv_ledger_event *requested, *shipped, *received, *reviewed;
    sv_sample_verdict verdict; /* when reviewed */
    const sv_ledger_event *fee_invoiced, *fee_paid;
} sv_round_state;

typedef enum {
    SV_ORDER_NONE,
    SV_ORDER_ISSUED,
    SV_ORDER_CONFIRMED,
    SV_ORDER_COUNTERED
} sv_order_status;

typedef struct sv_order_state {
    sv_order_status status;
    const sv_ledger_event *issued; /* the order as it stands */
    const sv_ledger_event *confirmed, *countered;
    int n_inspections; /* inspections that stand */
    const sv_ledger_event *last_inspection;
} sv_order_state;

typedef enum { SV_PAYMENT_NONE, SV_PAYMENT_DUE, SV_PAYMENT_PAID } sv_payment_status;

typedef struct sv_payment_state {
    sv_payment_status status;
    const sv_ledger_event *due, *paid;
    int64_t days_late; /* paid: the UTC day paid minus the day due (0 when on time or
                          early); due: as of `now`; SV_LEDGER_UNSET when unknown */
} sv_payment_state;

typedef enum {
    SV_CHANGE_NONE,
    SV_CHANGE_REQUESTED,
    SV_CHANGE_ANSWERED,
    SV_CHANGE_ACCEPTED,
    SV_CHANGE_WITHDRAWN,
} sv_change_status;

typedef struct sv_change_state {
    sv_change_status status;
    const sv_ledger_event *requested, *answered, *closed;
    /* the sign-off the change came after, if any: a fit or PP sample of its style approved
     * (with or without comments), or an order issued with a line of its style, before the
     * change was requested; NULL when it came before any */
    const sv_ledger_event *after_signoff;
} sv_change_state;

/* Whether hist[i] is superseded by a later event of hist. */
bool sv_ledger_superseded(const sv_ledger_event *const *hist, size_t n, size_t i);

sv_code sv_ledger_rfq(const sv_ledger_event *const *hist, size_t n, const char *rfq, int64_t now,
                      sv_rfq_state *out);
sv_code sv_ledger_round(const sv_ledger_event *const *hist, size_t n, const char *style,
                        sv_sample_stage stage, int round, sv_round_state *out);
sv_code sv_ledger_order(const sv_ledger_event *const *hist, size_t n, const char *order,
                        sv_order_state *out);
sv_code sv_ledger_payment(const sv_ledger_event *const *hist, size_t n, const char *order,
                          const char *milestone, int64_t now, sv_payment_state *out);
sv_code sv_ledger_change(const sv_ledger_event *const *hist, size_t n, const char *change,
                         sv_change_state *out);

/* An inspection's verdict per class (critical, major, minor) from its lot, level and AQLs,
 * with the ISO 2859-1 single sampling plan of each (selvedge/aql.h): pass[k] 1, 0, or
 * SV_LEDGER_UNSET for a class with no AQL. An AQL of 0 accepts no defect of the class at all
 * (sample[k] SV_LEDGER_UNSET). lot_pass: 1 when every judged class passes, 0 when one fails,
 * SV_LEDGER_UNSET when none is judged. SV_ERR_SCHEMA when the plan cannot be had. */
typedef struct sv_inspection_verdict {
    int pass[3];
    int64_t sample[3]; /* units inspected for the class (the plan's sample size) */
    int accept[3], reject[3];
    int lot_pass;
} sv_inspection_verdict;
sv_code sv_ledger_inspection(const sv_ledger_event *ev, sv_inspection_verdict *out, sv_err *e);

/* An order's prices against the quote (ev: an order.issued or order.countered, hist the
 * events of its brand and factory). For each line of ev, out[i]: the quote that stands and
 * quotes its style (of ev->rfq when the order names one, else the latest of any RFQ), the
 * break that applies at the units of that style the order holds (the last break at or
 * below them; the first when below all), and whether the line's price differs from it or
 * the order's currency from the quote's. quote NULL (and differs false) when no quote of the
 * style stands. SV_ERR_NOMEM as the folds. */
typedef struct sv_price_check {
    const sv_ledger_event *quote;
    int64_t break_qty;
    sv_minor quoted;
    bool differs;
} sv_price_check;
sv_code sv_ledger_order_prices(const sv_ledger_event *const *hist, size_t n,
                               const sv_ledger_event *ev, sv_price_check *out);

/* Whether ev may follow hist (the events of its brand and factory so far, in the order they
 * were recorded): SV_OK, or SV_ERR_SCHEMA with a message saying what the history makes of
 * it ("no quote on RFQ R-1: the factory declined it on 2027-01-12"; "payment on order PO-9,
 * which does not exist"; "a review of sample TS01 fit 1, which was never received") and the
 * field concerned. ev must pass sv_ledger_check first; its brand and factory are hist's. A
 * An inspection judged at AQLs must give the result its plans give (sv_ledger_inspection). A
 * correction (ev->supersedes) must name an event of hist that stands, of the same kind and
 * thing, and is admitted against the history without the event it corrects. */
sv_code sv_ledger_admit(const sv_ledger_event *const *hist, size_t n, const sv_ledger_event *ev,
                        sv_err *e);

#endif
