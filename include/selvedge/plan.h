/* The time-and-action (T&A) calendar: every milestone from tech pack to launch, scheduled
 * forwards from today and backwards from the launch date, with the factory closures on the
 * way, the critical path, the brand's own share of it, and the ways out when it does not fit.
 * The model is written up in docs/internals/plan.md. */
#ifndef SELVEDGE_PLAN_H
#define SELVEDGE_PLAN_H

#include <stdbool.h>

#include "selvedge/err.h"
#include "selvedge/program.h"
#include "selvedge/refdata.h"

typedef enum { SV_OWNER_BRAND, SV_OWNER_FACTORY } sv_owner;

typedef enum {
    SV_PLAN_ON_TRACK,
    SV_PLAN_TIGHT,
    SV_PLAN_INFEASIBLE,
    SV_PLAN_NO_LAUNCH_DATE      /* nothing to judge against: the earliest dates only */
} sv_plan_verdict;

/* Dates are days since 1970-01-01; `end` days are exclusive (the day after the last day of
 * work), so a milestone of 0 days has start == end. */
typedef struct sv_milestone {
    int id;                     /* index in sv_plan.ms */
    const char *kind;           /* stable id: "fit_sample", "pp_approval", "transit"... */
    int seq;                    /* 1 for the first milestone of this kind in its style (or in
                                   the program), 2 for the second...: with style and kind, a
                                   key that survives adding a round elsewhere */
    char name[64];              /* "Fit sample 2" */
    const char *style;          /* style code, or NULL for the program (shipping) */
    char origin[3];             /* where the work is done: the style's origin (its own, else
                                   the plan's); for the program's milestones the origin whose
                                   goods they book, ship and clear; "" for the launch */
    sv_owner owner;
    int *deps;                  /* ids of the milestones it waits for (owned by the plan) */
    int n_deps;
    int duration;               /* days of work */
    bool factory_calendar;      /* stops during the closures of `calendar` */
    char calendar[3];           /* the country whose factory calendar it runs on: the origin,
                                   or the mill's country for fabric made abroad; "" for
                                   calendar days (the brand's work, shipping) */
    int64_t start, end;         /* earliest, forwards from today */
    int64_t latest_start, latest_end; /* latest, backwards from the launch */
    int64_t slack;              /* latest_start - start */
    bool critical;
    int pushed;                 /* days added by closures met on the earliest schedule */
    const char *pushed_by;      /* holiday id of the first closure met, or NULL */
    int delivery;               /* with several deliveries: which this milestone is for, 1
                                   for the first; a style's production and inspections count
                                   the style's own deliveries, shipping the program's dates
                                   (sv_plan.deliveries); 0 for work done once */
    int n_deliveries;           /* of how many (0 with delivery 0) */
} sv_milestone;

/* A closure that lengthens a milestone: one per milestone and closure met, the reduced
 * output after the closure counted with it. What it cost and what slack is left, so that a
 * finding can grade it (a closure that only eats slack is not a delay). */
typedef struct sv_closure_hit {
    int milestone;
    const char *holiday;
    int64_t first, last;        /* the closure window (inclusive) */
    int days;                   /* days it adds to the milestone: closed_days + slow_days */
    char country[3];            /* whose closure: the origin's, or the fabric mill's country */
    int closed_days;            /* days the work waited for it or stopped in it */
    int slow_days;              /* days lost to reduced output after it (restart_capacity.tsv) */
    int capacity_pct;           /* that output, in percent of a normal day; 0 when none met */
    int64_t slow_first, slow_last; /* the reduced-output days met (inclusive); 0 when none */
    int64_t slack;                 /* the milestone's slack, this closure counted */
    int64_t delay;                 /* days later in the warehouse because of this closure (all it
                                      does to the plan; 0: it only eats slack) */
    int delivery;                  /* with several deliveries, the one it delays most (1 for the
                                      first); 0 with one */
} sv_closure_hit;

/* A way to make a tight or infeasible plan fit, with its price. */
typedef struct sv_way_out {
    const char *code;           /* "air_freight", "stock_fabric", "fewer_fit_rounds",
                                   "nearer_origin", "later_launch" */
    char text[400];
    int64_t days_saved;         /* earlier warehouse date than the plan's */
    sv_minor extra_per_unit;    /* in the brand's currency; 0 when none, SV_UNSET unknown */
    int64_t new_ready;          /* the warehouse date with this way out */
    bool fits;                  /* the launch date is then met */
    char origin[3];             /* for nearer_origin */
} sv_way_out;

enum { SV_MAX_WAYS = 12 };

typedef struct sv_plan_options {
    sv_date today;
    char origin[3];             /* "" = the first preferred origin, else CN */
    sv_mode mode;
    bool no_ways_out;           /* skip the what-ifs (used when computing them) */
    bool one_origin;            /* every style at `origin`, a style's own origin set aside (the
                                   what-if of a nearer origin); else a style with its own
                                   origin is planned there */
} sv_plan_options;

/* The styles made in one country and their shipment: a plan has one for the plan's origin
 * (when a style is made there) and one for each other origin its styles name. */
typedef struct sv_plan_origin {
    char country[3];
    size_t n_styles;            /* styles made there */
    sv_mode lane_mode;          /* as sv_plan.lane_mode, for this origin's lane */
    int transit_door_to_door;   /* as sv_plan.transit_door_to_door */
    bool customs_cleared;
    const char *customs_union;
    int courier_days;           /* a sample's courier leg to the brand; 0 in its region */
    int64_t ready;              /* this origin's goods in the warehouse */
} sv_plan_origin;

/* One delivery date of the program: the goods due then and when they are in. */
typedef struct sv_plan_delivery {
    int64_t date;               /* the day they are due in the warehouse */
    int64_t units;              /* the units due then, every style's */
    int64_t ready;              /* the day they are in the warehouse at the earliest */
    int64_t slack;              /* date - ready; negative when late */
    int milestone;              /* its last milestone: the launch for the launch date, else a
                                   "delivery" milestone on its date */
} sv_plan_delivery;

typedef struct sv_plan {
    char origin[3];             /* the plan's origin: --origin, else the program's first
                                   preferred; styles without their own origin are made there */
    bool origin_assumed;
    sv_mode mode;               /* the mode asked for: sea or air */
    sv_mode lane_mode;          /* the mode the lane uses: road where a lane asked for sea is
                                 * trucked (freight.tsv) */
    int64_t today, launch;      /* launch is 0 when the program has none */
    bool has_launch;
    sv_milestone *ms;
    size_t n;
    int launch_id;              /* the launch milestone */
    int64_t ready;              /* earliest day the goods are in the warehouse */
    int64_t latest_start;       /* latest day to start for the launch date */
    int64_t slack;              /* launch - ready; negative when late */
    /* Every delivery date (program.deliveries and the styles' own), the launch date first;
     * one, the launch, when there are none; none without a launch date. Each is planned
     * backwards from its own date. The verdict and the critical path are the binding
     * delivery's: the one with the least slack (the first of equals). */
    sv_plan_delivery *deliveries;
    size_t n_deliveries;
    size_t binding;
    int tight_days;             /* slack under this is tight (params.tsv) */
    sv_plan_verdict verdict;    /* the binding delivery's: a late second delivery is late */
    /* the critical path by who holds it, from today to the warehouse: the brand (tech pack,
     * reviews, approvals, bookings), the factory (its work and its closures), and the rest
     * (inspections, couriers, fabric shipments, transit, customs, warehouse) */
    int64_t brand_days_critical, factory_days_critical, other_days_critical;
    int brand_reviews_critical; /* brand reviews on the critical path */
    sv_closure_hit *hits;
    size_t n_hits;
    sv_way_out ways[SV_MAX_WAYS];
    int n_ways;
    int64_t closures_known_until; /* the last holiday on file: later closures are unknown */
    /* Samples to the brand: by international courier when the brand is in another region */
    char brand_location[3];      /* where the samples go: alpha-2, or "EU" */
    bool brand_location_assumed; /* no brand.location: the destination is taken */
    int courier_days;            /* a sample's courier leg; 0: the brand is in the region */
    /* Shipping, transit counted once (docs/internals/plan.md): */
    int transit_door_to_door;  /* freight.tsv's door-to-door days, customs included: the
                                  freight and customs milestones add up to it */
    bool customs_cleared;      /* a customs clearance milestone is in the plan */
    const char *customs_union; /* the customs union origin and destination share, or NULL
                                  (customs_unions.tsv; "EU-TR" still clears, "EU" does not) */
    /* Every origin the plan makes goods in, the plan's own first when a style is made there;
     * the fields above (lane_mode, courier_days, transit_door_to_door, customs_*) are the
     * plan's origin's. One entry when no style has an origin of its own. */
    sv_plan_origin *origins;
    size_t n_origins;
    /* Steps the calendar took to place the milestones (closures crossed, days looked at):
     * it follows the closures met, not the length of the work; the tests hold it to that. */
    uint64_t work;
    int *deps_store;            /* private: the block every milestone's deps point into */
} sv_plan;

/* Build the calendar for the program. *out is new (sv_plan_free). */
sv_code sv_plan_build(const sv_program *p, const sv_refdata *rd, const sv_plan_options *opt,
                      sv_plan **out, sv_err *e);
void sv_plan_free(sv_plan *plan);

/* Whether every day the plan holds lies in the dates selvedge plans in (SV_DAY_FIRST to
 * SV_DAY_LAST, program.h): today, the launch date (when there is one), the warehouse date
 * and the later launch date the plan may offer (ready + tight_days), every milestone's
 * earliest and latest start and end (ends exclusive), every closure met. When not, *day is
 * the day furthest out, the latest past the range before the earliest before it, and *what
 * whose day it is ("today", "the launch date", a milestone's name...); either may be NULL.
 * The planner refuses such a plan; the exports check a plan a caller may have built. */
bool sv_plan_dates_ok(const sv_plan *plan, int64_t *day, const char **what);

const char *sv_plan_verdict_name(sv_plan_verdict v);
/* Days since 1970-01-01 as YYYY-MM-DD. */
char *sv_day_format(int64_t day, char *buf, size_t n);
const char *sv_owner_name(sv_owner o);
/* A holiday id as people say it ("lunar-new-year" -> "Chinese New Year / Tet"). */
const char *sv_holiday_label(const char *id);

#endif
