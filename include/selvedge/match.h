/* Matching a program against the factory registry: hard constraints, a weighted score with
 * its reasons, the near misses and what the brand would have to change, and a split into
 * groups when no single factory makes the whole program. Pure: works on the compact
 * sv_factory_table (selvedge/factory_table.h), which the store fills. The model: docs/internals/match.md. */
#ifndef SELVEDGE_MATCH_H
#define SELVEDGE_MATCH_H

#include <stdbool.h>

#include "selvedge/err.h"
#include "selvedge/program.h"
#include "selvedge/refdata.h"
#include "selvedge/factory_table.h"

/* The hard constraints, in the order they are checked. */
typedef enum {
    SV_MISS_CATEGORY,           /* does not make the category */
    SV_MISS_CONSTRUCTION,       /* does not do the construction */
    SV_MISS_TIER,               /* works at other tiers */
    SV_MISS_MOQ_STYLE,          /* style units under its minimum per style */
    SV_MISS_MOQ_COLOR,          /* a colour under its minimum per colour */
    SV_MISS_MOQ_ORDER,          /* the order it would get is under its minimum per order */
    SV_MISS_CAPACITY,           /* more units than it can make in its production window */
    SV_MISS_CERTIFICATION,      /* lacks a required certification */
    SV_MISS_NEW_BRANDS,         /* does not take new brands */
    SV_MISS__COUNT
} sv_miss;

const char *sv_miss_code(sv_miss m); /* stable: "moq.per_color", "certification"... */

/* One score component with its explanation. */
typedef struct sv_reason {
    const char *code;           /* "price", "lead_time", "specialization", "sample_fee",
                                   "payment", "transit" */
    int points, max;
    char text[360];
} sv_reason;

enum { SV_MATCH_REASONS = 6 };

typedef struct sv_match {
    int64_t factory_id;
    size_t row;                 /* in the factory table */
    int score;                  /* 0..100 */
    int rank;                   /* the order of the lists: score, plus 1000 in a preferred
                                   origin of the program */
    bool preferred_origin;
    sv_reason reasons[SV_MATCH_REASONS];
    int n_styles;               /* styles of the program it can make */
    bool *styles;               /* [program style count]: which ones (owned by the result) */
    /* for near misses: the one constraint that fails, and what would change it */
    int miss;                   /* sv_miss, or -1 for a match */
    const char *miss_style;     /* style concerned, or NULL */
    char change[300];
    /* a required OEKO-TEX 100 met by the program's certified fabric, the factory holding no
     * certificate of its own: what the report says of it; "" otherwise */
    char cert_note[240];
    /* for the closest factories: every constraint that fails (bits of sv_miss), named with
     * its numbers in change ("works at value, not premium; lacks OEKO-TEX 100") */
    uint32_t gaps;
} sv_match;

typedef struct sv_match_group {
    int64_t factory_id;
    size_t row;
    int score;
    bool *styles;               /* the styles this group's factory takes */
    int n_styles;
} sv_match_group;

typedef struct sv_match_options {
    int top;                    /* how many matches (default 10) */
    int near;                   /* how many near misses (default 10) */
    sv_date today;              /* for lead time against the launch date */
    int threads;                /* rows split over this many threads (0 or 1: the caller's
                                   thread only); the result is the same for any count */
    const int64_t *style_factory; /* [program style count] or NULL: the registry id of the
                                   factory a style names (sv_style.factory), 0 when it names
                                   none, -1 when the one it names is not on file; such a style
                                   is matched against that factory only */
} sv_match_options;

typedef struct sv_match_result {
    size_t n_styles;
    size_t scanned, candidates; /* factories looked at, and passing the category screen */
    size_t closed;              /* of those looked at, closed facilities: not considered */
    sv_match *top;              /* factories making every style, best first */
    size_t n_top;
    sv_match *partial;          /* making some styles, best first (when top is short) */
    size_t n_partial;
    sv_match *near;             /* failing exactly one constraint */
    size_t n_near;
    sv_match *closest;          /* when there is no near miss and no factory makes the whole
                                   program: the few with the fewest and smallest gaps, each
                                   gap named (gaps, change); no score or reasons */
    size_t n_closest;
    sv_match_group *groups;     /* when no factory makes everything: a cover of the styles */
    size_t n_groups;
    bool *uncovered;            /* styles no factory can make */
    size_t n_uncovered;
} sv_match_result;

/* The T&A calendar lead time is judged on, for the program made in one country: the plan's
 * warehouse day and days before the launch with the country's typical stage times, and the
 * typical spans a factory's own lead days stand for (sampling: proto, its review and the first
 * fit sample; production: bulk fabric, its shipment from a mill abroad and production; the
 * longest style's). false when there is none (no launch date, or no plan for the country).
 * docs/internals/match.md. */
typedef struct sv_match_calendar {
    int64_t ready, slack;
    int development, bulk;
} sv_match_calendar;
bool sv_match_calendar_for(const sv_program *p, const sv_refdata *rd, sv_date today,
                           const char *country, sv_match_calendar *out);
/* A factory's days before the launch on that calendar (negative: after it): the plan's
 * slack, less its own sampling and production days beyond the typical spans (more when
 * shorter; negative days are unknown: the typical spans stand). *ready, when not NULL, the
 * day its goods would be in the warehouse. The matcher's lead time, and check --factory's. */
int64_t sv_match_lead_slack(const sv_match_calendar *cal, int64_t sampling_days,
                            int64_t production_days, int64_t *ready);
/* The units a factory can take on in its production window: its monthly capacity over its
 * production days (a month at least; a month and a half when they are unknown). INT64_MAX
 * when its capacity is unknown (negative). Above it, the matcher's capacity constraint fails,
 * and check --factory says so. */
int64_t sv_match_capacity(int64_t monthly_capacity, int64_t production_days);

sv_code sv_match_run(const sv_program *p, const sv_refdata *rd, const sv_factory_table *t,
                     const sv_match_options *o, sv_match_result **out, sv_err *e);
void sv_match_result_free(sv_match_result *r);

#endif
