/* Costing: the cost sheet of each style, its landed cost at the destination, the margins at
 * the price points, and what small runs really cost per unit.
 *
 * All money is in minor units of the brand's currency; reference figures (USD) are converted
 * with fx.tsv. The model is documented in docs/internals/costing.md. */
#ifndef SELVEDGE_COSTING_H
#define SELVEDGE_COSTING_H

#include <stdbool.h>

#include "selvedge/err.h"
#include "selvedge/program.h"
#include "selvedge/refdata.h"

/* One unit's cost sheet: the price it comes to (quoted = direct costs + overhead + factory
 * margin) on its incoterm, and the FOB that price stands for: fob = quoted + origin_charges
 * (EXW: carriage to the port and export clearance) - in_price (CFR/CPT: the freight; CIF,
 * CIP, DAP, DPU: freight and insurance; DDP: those and the duties, fees and brokerage). FOB,
 * FCA and FAS are FOB for the buyer. An estimate is on FOB. */
typedef struct sv_cost_sheet {
    sv_minor fabric, trims, cmt, wash_print, packaging;
    sv_minor overhead, margin;
    sv_minor margin_rounding;   /* in margin: the cent an estimate's margin takes up so that it
                                 * is its reference price exactly (0 for the brand's sheet) */
    sv_incoterm basis;          /* the sheet's incoterm: the brand's, FOB when unsaid */
    sv_minor quoted;            /* the sheet's total, on basis */
    sv_minor origin_charges;    /* EXW only: what reaching FOB adds a unit */
    sv_minor in_price;          /* what the quote holds beyond FOB, a unit */
    sv_minor fob;
    bool by_kg;                 /* bought by weight: consumption and price are per kg */
    bool yarn;                  /* by_kg and what is bought is yarn (knitwear, goods knitted to
                                 * shape), not knit fabric sold by the kilo (jersey, fleece) */
    int64_t consumption_mm;     /* fabric metres (or yarn kg) x 1000 per unit, before wastage */
    int64_t wastage_bp, overhead_bp, margin_bp;
    sv_minor price_per_m;
} sv_cost_sheet;

/* One additional duty on the lane (additional_duties.tsv), as the report shows it: applied to
 * the styles, or why not. */
enum { SV_MAX_EXTRA = 8 };
typedef enum {
    SV_EXTRA_APPLIED,
    SV_EXTRA_ENDED,             /* its days ended before the goods enter */
    SV_EXTRA_NOT_YET,           /* its days start after */
    SV_EXTRA_SWITCHED_OFF,      /* a surcharge, with --us-surcharges=off */
    SV_EXTRA_PREFERENCE,        /* not charged on goods entered under the lane's preference */
    SV_EXTRA_EXEMPT,            /* a rate of 0 for this origin */
    SV_EXTRA_NO_RATE,           /* a watch line: announced or under investigation */
    SV_EXTRA_UNDATED,           /* dated, and no entry day to read it for */
} sv_extra_status;

typedef struct sv_extra_line {
    const sv_extra_duty *row;   /* the row in force on the entry day, else the latest */
    sv_extra_status status;
} sv_extra_line;

/* A fee customs charges on each entry (customs_fees.tsv: US MPF, HMF), as applied to the
 * program: one entry pays rate x its entered value, kept between the fee's minimum and maximum,
 * and the units pay it by their share of the value. */
enum { SV_MAX_FEES = 4 };
typedef struct sv_fee_line {
    const sv_customs_fee *row;
    bool applied;               /* false: another freight mode, or waived */
    bool waived;                /* goods under the lane's preference pay none */
    sv_minor entry;             /* what one entry pays, brand currency */
    bool at_min, at_max;        /* the entry pays the fee's minimum or maximum */
} sv_fee_line;

/* Unit cost at a run length, from the small-run model. */
typedef struct sv_run_cost {
    int64_t units;
    sv_minor unit_fob;          /* per unit, all in */
    sv_minor setup_per_unit;    /* part of unit_fob: pattern, grading, marker, colour set-up */
    sv_minor fabric_minimum_per_unit; /* part of unit_fob: fabric bought but not used, or
                                       * the stock price's premium (stock_fabric) */
    int64_t vs_bulk_bp;         /* unit_fob / bulk FOB, in bp (10000 = same) */
    bool planned;               /* the row for the quantity the program plans */
    bool stock_fabric;          /* an estimate whose lot (a fabric and colour) is under the
                                 * mill's minimum bought as stock fabric or stock-service yarn
                                 * at stock_fabric_premium_pct over the mill price, as a small
                                 * brand buys, where that costs less than the minimum */
} sv_run_cost;

enum { SV_RUN_ROWS = 7 };       /* 50, 100, 300, 500, 1000, 3000 and the planned quantity */

typedef struct sv_style_cost {
    const sv_style *style;
    char origin[3];             /* where it is costed from: its own origin, else the report's */
    sv_mode mode;               /* how it travels from there: its lane's mode (road where a
                                 * "sea" lane is trucked) */
    bool ok;                    /* false: style has no category, nothing could be costed */
    bool estimated;             /* sheet from reference data, not the brand's own */
    sv_cost_sheet sheet;
    /* The FOB a unit at the quantity the program plans: what landed, the margins, the checks'
     * verdicts and the program's totals are on. The brand's own sheet is the price at the
     * planned quantity unless it says it is a bulk figure (cost: basis: bulk); an estimate is
     * a bulk figure (price_bands.tsv). A bulk figure is brought to the planned quantity by the
     * small-run model (fob_from_model), the sheet as written is taken as it is. Equal to the
     * planned row of runs; the sheet's FOB when nothing is planned. */
    sv_minor fob;
    bool fob_from_model;
    bool fob_stock_fabric;      /* the planned run's estimate assumed stock fabric (sv_run_cost) */
    int64_t fob_units;          /* the planned quantity fob is for (0: none planned) */
    sv_minor freight, insurance, duty, brokerage, landed;
    /* What the brand pays beside the factory's price, a unit (sv_style_extra_costs): the
     * buying agent's commission on FOB (outside the customs value), testing a unit plus a
     * style's, development a style's, each style's shared over its planned units. */
    int64_t commission_bp;      /* 0 when none */
    sv_minor commission, testing, development;
    sv_minor customs_value;     /* what duty is charged on: FOB, or FOB + freight + insurance */
    bool imported;              /* false: no customs border (domestic, EU single market) */
    int64_t duty_bp;
    const char *duty_source;
    const char *duty_scheme;    /* the preference applied, or NULL for the MFN rate */
    const char *duty_caveat;    /* the preference's rule of origin the program may not meet */
    /* the additional duties, by line of the report: effective rate (a top-up is what it adds
     * to this style's rate) and amount, on the customs value */
    int64_t extra_bp[SV_MAX_EXTRA];
    sv_minor extra[SV_MAX_EXTRA];
    sv_minor extra_total;
    sv_minor fee[SV_MAX_FEES];  /* each customs fee a unit, by line of the report */
    sv_minor fees_total;
    const char *withdrawn;      /* a preference withdrawn for this category: MFN, and why */
    sv_fiber fiber;
    /* What the MFN rate stands on, said in the report rather than assumed quietly. */
    bool fiber_unknown;         /* the composition names no fibre selvedge knows (or none) */
    bool fiber_assumed;         /* the rate is another fibre's: none on file for this one */
    int fiber_rate_of;          /* the sv_fiber whose rate applies when assumed, else -1 */
    int64_t fiber_max_bp;       /* the highest rate a fibre has for this garment there */
    const char *duty_gender;    /* the tariff line's gender ("women", "baby"), NULL: any */
    const char *gender_note;    /* how the program's gender was read, when a line decided */
    sv_minor retail, wholesale; /* SV_UNSET when unknown; wholesale is net of sales tax */
    const sv_vat *vat;          /* the destination's sales tax for this style, or NULL */
    sv_minor retail_net;        /* retail less the VAT/GST in it (= retail when none is) */
    bool wholesale_derived;     /* from the net retail and the keystone multiple */
    int64_t retail_margin_bp, wholesale_margin_bp; /* (net price - landed) / net price */
    int64_t retail_multiple_x100, wholesale_multiple_x100; /* net price / landed x 100 */
    sv_run_cost runs[SV_RUN_ROWS];
    int n_runs;
} sv_style_cost;

typedef struct sv_cost_options {
    char origin[3];             /* "" = the program's first preferred origin, else CN */
    sv_mode mode;
    /* The day the goods are taken to enter, for the duty rules in force then (phased
     * preferences, dated surcharges): the program's launch date, else this day; {0}: none
     * (the rules with no end date). */
    sv_date today;
    bool with_pending;          /* apply agreements signed but not in force (duty_preferences) */
    bool surcharges_off;        /* leave out the surcharges of additional_duties.tsv (they are
                                 * listed, marked off); duties such as Section 301 stay */
} sv_cost_options;

typedef struct sv_cost_report {
    const sv_currency *currency;
    const sv_fx_rate *fx;       /* the brand currency's rate (fx.tsv), with its date */
    const sv_vat *vat;          /* the destination's sales tax for adults' clothing, or NULL */
    char origin[3];
    bool origin_assumed;        /* no preference and no --origin: CN assumed */
    char destination[3];
    sv_mode mode;               /* the lane's mode: road where a "sea" lane is trucked */
    sv_mode mode_requested;     /* what was asked for: sea or air */
    int transit_days_low, transit_days_high;
    const char *freight_source;
    sv_extra_line extra[SV_MAX_EXTRA]; /* every additional duty on file for the lane */
    int n_extra;
    bool surcharges_off;        /* --us-surcharges=off */
    sv_fee_line fees[SV_MAX_FEES]; /* every customs fee of the destination */
    int n_fees;
    int64_t entries;            /* import entries the program is cleared in (params.tsv) */
    int64_t entry_day;          /* the day duty rules are read for (days since 1970), 0: none */
    const char *entry_basis;    /* "the launch date", "today" */
    const sv_duty_pref *pending; /* a signed agreement on the lane not in force, or NULL */
    bool pending_applied;       /* ... applied because with_pending was asked */
    sv_basis valuation;         /* the destination's customs value: CIF or FOB */
    bool valuation_assumed;     /* no row in customs_valuation.tsv: CIF assumed */
    const char *valuation_source;
    /* Freight is charged by the shipment: the program goes in entries_per_program
     * consolidations (at least one), each charged for at least the lane's minimum. */
    int64_t shipment_g;         /* actual packed weight of one shipment, grams */
    int64_t chargeable_g;       /* what one shipment is charged for: max(actual, minimum) */
    int64_t freight_min_g;      /* the lane's minimum a shipment (freight.tsv min_kg) */
    bool freight_minimum;       /* the minimum applies: a small shipment pays for more */
    int64_t program_units;
    int64_t stock_premium_bp;         /* params.tsv stock_fabric_premium_pct: an estimate's stock
                                       * fabric over the mill price (sv_run_cost.stock_fabric) */
    sv_minor origin_charges_per_unit; /* what an EXW price lacks to reach FOB, a unit */
    sv_style_cost *styles;
    size_t n_styles;
    sv_minor total_fob, total_landed; /* over all planned units */
} sv_cost_report;

/* Cost every style of the program. *out is a new report (sv_cost_report_free). Fails only
 * when the reference data cannot serve the program (no exchange rate, unknown origin).
 * A style with its own origin (sv_style.origin) is costed from there, with the styles of the
 * same origin as one shipment and entry of their own (freight, duty, preferences, additional
 * duties, fees, brokerage); the report's lane fields (origin, transit, freight minimum,
 * pending agreement, fee lines' minimums) are the program origin's; r->extra lists the lines
 * of every origin (the first origin's status where two share a name). */
sv_code sv_cost_run(const sv_program *p, const sv_refdata *rd, const sv_cost_options *opt,
                    sv_cost_report **out, sv_err *e);
void sv_cost_report_free(sv_cost_report *r);

/* The bulk cost sheet of one style: the brand's own when given, else estimated (and *estimated
 * set). Returns false when the style cannot be costed (no category, no exchange rate). */
/* Whether a sheet bought by the kilogram buys yarn (the spinner's minimum) rather than knit
 * fabric sold by the kilo (the dye lot's): knit fabric only for a cut-and-sew knit style
 * (construction knit; not knitwear, socks, hats or goods knitted to shape). False for a sheet
 * by the metre. */
bool sv_cost_buys_yarn(const sv_style *s, bool by_kg);

bool sv_cost_sheet_for(const sv_program *p, const sv_style *s, const sv_refdata *rd,
                       const char *origin, sv_cost_sheet *out, bool *estimated);

/* The bulk run: the fewest units from which small_run.tsv's multipliers are 100% (3,000 in the
 * shipped table; its last row if they never reach it). A bulk price is the price of this run,
 * set-up included: the small-run model's row there is the bulk sheet, to the cent. */
int64_t sv_cost_bulk_units(const sv_refdata *rd);

/* The set-up row of setup.tsv for a category (USD cents), or NULL when the table has none:
 * the small-run model then takes params.tsv's setup_usd_per_style and setup_usd_per_color. */
const sv_setup_cost *sv_cost_setup_of(const sv_refdata *rd, int category);

/* Unit FOB of a style made in a run of `units`, with the small-run model. */
sv_run_cost sv_cost_small_run(const sv_program *p, const sv_style *s, const sv_refdata *rd,
                              const sv_cost_sheet *bulk, int64_t units);

/* The landed cost a unit of this style of the report would have at another FOB, by the same
 * rules (freight as costed, insurance, duty and additional duties on the destination's
 * customs value): what the
 * readiness checks use to judge margins at the brand's target FOB. */
sv_minor sv_cost_landed_at(const sv_cost_report *r, const sv_style_cost *s, const sv_refdata *rd,
                           sv_minor fob);

/* The FOB a price on an incoterm stands for, for a unit of this style of the report, by the
 * rules a cost sheet on that incoterm is worked with (docs/internals/costing.md): what a
 * target on CIF, DDP or EXW (sv_style.target) is as FOB, to compare with FOB figures. FOB,
 * FCA, FAS and SV_INCOTERM_UNSET give the amount back. */
sv_minor sv_cost_fob_equivalent(const sv_cost_report *r, const sv_style_cost *s,
                                const sv_refdata *rd, sv_minor amount, sv_incoterm basis);

/* The rule of origin the preference on a lane carries on a day (days since 1970; 0: the rows
 * with no end), or NULL: what anything offering that origin must say with its landed cost. */
const char *sv_cost_origin_caveat(const sv_refdata *rd, const char *origin, const char *dest,
                                  int64_t day);

/* Freight a unit, averaged over the program's units (brand currency), shipped from origin by
 * mode with the lane's minimum a shipment applied, as sv_cost_run charges it. False when no
 * lane or rate serves it or the program has no units. */
bool sv_cost_freight_per_unit(const sv_program *p, const sv_refdata *rd, const char *origin,
                              sv_mode mode, sv_minor *out);

#endif
