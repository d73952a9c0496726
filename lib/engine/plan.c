/* The time-and-action planner. Pure: program, reference data and today in; plan out.
 *
 * A critical-path schedule over a small graph of milestones per style plus the shared
 * shipping legs. Factory work stops during the origin's closures, so durations are counted
 * in working days on a factory calendar; brand work and transit run on calendar days. The
 * model and its assumptions: docs/internals/plan.md. */
#include "selvedge/plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/costing.h"
#include "selvedge/pool.h"

enum { MAX_ROUNDS = 10 };

/* The longest a single milestone may be: the whole supported range of dates. Longer work
 * (production of a vast quantity at a few units a day) cannot end inside it anyway, and the
 * bound keeps every sum of durations far from overflowing. */
enum { MAX_SPAN = SV_DAY_LAST - SV_DAY_FIRST + 1 };

/* What-if switches used to price the ways out. */
typedef struct variant {
    bool stock_fabric;          /* every style on stock fabric */
    bool fewer_fits;            /* one fit round less where the category allows */
    bool quick;                 /* a what-if: only its warehouse date is read */
} variant;

/* A country's factory calendar: closed spans and reduced-output spans, sorted and apart. */
typedef struct cal {
    char country[3];
    sv_cal_span *s;
    size_t n;
} cal;

/* What one span did to the work placed by the last advance (when tracing). */
typedef struct span_use {
    const cal *c;
    size_t span;
    int64_t closed; /* days the work waited or stopped in it */
    int64_t lost;   /* work lost to reduced output, in hundredths of a day */
} span_use;

enum { MAX_CALS = 16 };

/* The styles made in one country: its lead times, its courier to the brand, its capacity
 * booking, and the final inspections its shipment waits for. */
typedef struct group {
    char country[3];
    int64_t lead[SV_STAGE__COUNT][4]; /* lead_times.tsv by stage and complexity */
    int courier_days;                 /* a sample's courier to the brand; 0 in its region */
    int onboarding;                   /* its capacity booking, or -1 */
    size_t n_styles;
} group;

/* A style's final inspection of one delivery's units: what that delivery's shipment from the
 * style's origin waits for. */
typedef struct final_insp {
    int group, date, id;
    int64_t units;
} final_insp;


typedef struct builder {
    const sv_program *p;
    const sv_refdata *rd;
    sv_plan *plan;
    sv_pool *pool;
    size_t cap;
    cal cals[MAX_CALS]; /* the calendars of the countries the work runs in */
    int n_cals;
    /* a closure left out, to price what it costs: its country and first day ("": none) */
    char skip_country[3];
    int64_t skip_first;
    /* what the spans did to the last milestone placed, when tracing */
    bool tracing;
    span_use *trace;
    size_t n_trace, cap_trace;
    group *groups;    /* one per origin the styles are made in, the plan's first */
    int n_groups;
    group *g;         /* the origin of the milestones being added */
    /* the delivery dates, distinct and in order: the program's and the styles' (the launch
     * date the first when there are none; none without a launch date) */
    int64_t *dates;
    int n_dates;
    final_insp *finals; /* every style's final inspection of each of its deliveries */
    size_t n_finals;
    bool nomem;
    sv_err *e;
    bool failed;                /* *e holds why the plan cannot be made */
} builder;

/* ---- the calendar ----
 *
 * Closures are few (a handful a year) and work is long, so the calendar jumps from closure to
 * closure rather than walking day by day: the time to place a milestone follows the
 * closures it meets, not its length. */

/* The calendar of a country, loaded the first time it is asked for; NULL when out of memory
 * (b->nomem says so). Spans are cut to the supported dates: a plan never holds a day outside. */
static const cal *cal_of(builder *b, const char *country)
{
    for (int i = 0; i < b->n_cals; i++)
        if (strcmp(b->cals[i].country, country) == 0)
            return &b->cals[i];
    cal *c = b->n_cals < MAX_CALS ? &b->cals[b->n_cals] : NULL;
    if (!c || !sv_refdata_calendar(b->rd, country, &c->s, &c->n)) {
        b->nomem = true;
        return NULL;
    }
    memcpy(c->country, country, 3);
    b->n_cals++;
    for (size_t i = 0; i < c->n; i++) {
        sv_cal_span *sp = &c->s[i];
        sp->first = sp->first < SV_DAY_FIRST ? SV_DAY_FIRST : sp->first;
        sp->last = sp->last > SV_DAY_LAST ? SV_DAY_LAST : sp->last;
        sp->closure_first = sp->closure_first < SV_DAY_FIRST ? SV_DAY_FIRST : sp->closure_first;
        sp->closure_last = sp->closure_last > SV_DAY_LAST ? SV_DAY_LAST : sp->closure_last;
    }
    return c;
}

/* The first span that ends on or after `day`, or c->n. */
static size_t span_from(const cal *c, int64_t day)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->s[mid].last < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The share of a day's work done in a span, in percent: 0 closed; reduced output slows only
 * the factory's own work (`slows`), not the brand's inspector; a closure being priced (left
 * out) and what follows it work as any day. */
static int capacity(const builder *b, const cal *c, const sv_cal_span *sp, bool slows)
{
    if (b->skip_country[0] && sp->closure_first == b->skip_first &&
        strcmp(c->country, b->skip_country) == 0)
        return 100;
    if (sp->capacity_pct == 0)
        return 0;
    return slows ? sp->capacity_pct : 100;
}

static void note(builder *b, const cal *c, size_t span, int64_t closed, int64_t lost,
                 const char **why)
{
    if (!*why)
        *why = c->s[span].holiday;
    if (!b->tracing)
        return;
    if (b->n_trace == b->cap_trace) {
        size_t cap = b->cap_trace ? 2 * b->cap_trace : 16;
        span_use *t = realloc(b->trace, cap * sizeof *t);
        if (!t) {
            b->nomem = true;
            return;
        }
        b->trace = t;
        b->cap_trace = cap;
    }
    b->trace[b->n_trace++] = (span_use){c, span, closed, lost};
}

/* Schedule `dur` days of work from `start`; returns the exclusive end. On a factory calendar
 * (the milestone's country) closed days do not count, a day of reduced output counts for its
 * share of a day, and work due to begin in a closure begins after it. The spans are jumped,
 * never walked day by day: the steps follow the spans met, not the length of the work. */
static int64_t advance(builder *b, sv_milestone *m, int64_t start, int64_t dur,
                       int64_t *real_start)
{
    m->pushed = 0;
    m->pushed_by = NULL;
    b->plan->work++;
    b->n_trace = 0;
    const cal *c = m->calendar[0] ? cal_of(b, m->calendar) : NULL;
    if (!c) {
        *real_start = start;
        return start + dur;
    }
    bool slows = m->owner == SV_OWNER_FACTORY;
    const char *why = NULL;
    int64_t d = start;
    size_t i = span_from(c, d);
    /* due to begin in a closure: it begins after it (closures are apart by an open day) */
    if (i < c->n && c->s[i].first <= d && capacity(b, c, &c->s[i], slows) == 0) {
        note(b, c, i, c->s[i].last + 1 - d, 0, &why);
        d = c->s[i].last + 1;
        i++;
    }
    *real_start = d;
    int64_t left = dur * 100; /* hundredths of a day of work */
    size_t last_slow = SIZE_MAX;
    while (left > 0) {
        b->plan->work++;
        if (i < c->n && c->s[i].first <= d) { /* inside span i */
            const sv_cal_span *sp = &c->s[i];
            int pct = capacity(b, c, sp, slows);
            int64_t avail = sp->last - d + 1;
            if (pct == 0) {
                note(b, c, i, avail, 0, &why);
            } else if (left <= avail * pct) {
                int64_t k = (left + pct - 1) / pct;
                if (pct < 100)
                    note(b, c, i, 0, k * 100 - left, &why);
                d += k;
                break;
            } else {
                if (pct < 100) {
                    note(b, c, i, 0, avail * (100 - pct), &why);
                    last_slow = i;
                }
                left -= avail * pct;
            }
            d = sp->last + 1;
            i++;
        } else { /* open days before the next span */
            int64_t open = i < c->n ? c->s[i].first - d : INT64_MAX;
            if (open == INT64_MAX || left <= open * 100) {
                int64_t k = (left + 99) / 100;
                if (k * 100 > left && last_slow != SIZE_MAX) /* a part-day after slow days */
                    note(b, c, last_slow, 0, k * 100 - left, &why);
                d += k;
                break;
            }
            left -= open * 100;
            d = c->s[i].first;
        }
    }
    int64_t pushed = d - start - dur;
    m->pushed = (int)pushed;
    m->pushed_by = pushed > 0 ? why : NULL;
    return d;
}

/* The latest start for work that must end (exclusively) by `end`: the same calendar, from the
 * other side. */
static int64_t retreat(builder *b, const sv_milestone *m, int64_t end, int64_t dur,
                       int64_t *real_end)
{
    int64_t d = end;
    b->plan->work++;
    const cal *c = m->calendar[0] ? cal_of(b, m->calendar) : NULL;
    if (!c) {
        *real_end = d;
        return d - dur;
    }
    bool slows = m->owner == SV_OWNER_FACTORY;
    /* a closure holding the day before `end`: the work ends before it */
    size_t i = span_from(c, d - 1);
    if (i < c->n && c->s[i].first <= d - 1 && capacity(b, c, &c->s[i], slows) == 0)
        d = c->s[i].first;
    *real_end = d;
    for (int64_t left = dur * 100; left > 0;) {
        b->plan->work++;
        i = span_from(c, d - 1);
        if (i < c->n && c->s[i].first <= d - 1) { /* the day before d is in span i */
            const sv_cal_span *sp = &c->s[i];
            int pct = capacity(b, c, sp, slows);
            int64_t avail = d - sp->first;
            if (pct > 0 && left <= avail * pct) {
                d -= (left + pct - 1) / pct;
                break;
            }
            left -= avail * pct;
            d = sp->first;
        } else { /* open days after the span before */
            int64_t open = i > 0 ? d - (c->s[i - 1].last + 1) : INT64_MAX;
            if (open == INT64_MAX || left <= open * 100) {
                d -= (left + 99) / 100;
                break;
            }
            left -= open * 100;
            d = c->s[i - 1].last + 1;
        }
    }
    return d;
}

/* ---- the graph ---- */

/* The style of this code, for an error's line; NULL for the program's own milestones. */
static const sv_style *style_named(const builder *b, const char *code)
{
    for (size_t i = 0; code && i < b->p->n_styles; i++)
        if (b->p->styles[i].code == code)
            return &b->p->styles[i];
    return NULL;
}

/* The first reason the plan cannot be made, with the style it comes from (or none). */
static void refuse(builder *b, const char *code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void refuse(builder *b, const char *code, const char *field, const char *fmt, ...)
{
    if (b->failed)
        return;
    b->failed = true;
    char msg[400], path[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const sv_style *s = style_named(b, code);
    int line = s ? s->line : 0;
    if (s && !field) {
        snprintf(path, sizeof path, "program.styles[%s]", s->code);
        field = path;
    } else if (!s && !field && b->p->has_launch_date) {
        /* a step of the whole program that cannot be placed: what places the program's
         * steps is its launch date */
        field = "program.launch_date";
    }
    if (!s && field && strcmp(field, "program.launch_date") == 0)
        line = b->p->launch_date_line;
    sv_err_at(b->e, SV_ERR_SCHEMA, b->p->path, line, 0, field, "%s", msg);
}

static sv_milestone *add(builder *b, const char *kind, const char *style, sv_owner owner,
                         int64_t dur, bool factory_calendar, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static sv_milestone *add(builder *b, const char *kind, const char *style, sv_owner owner,
                         int64_t dur, bool factory_calendar, const char *fmt, ...)
{
    sv_plan *pl = b->plan;
    /* The array is sized for the whole graph before the first add (see build_core), so
     * the pointers handed out here stay valid while the graph is built. */
    if (pl->n == b->cap) {
        b->nomem = true;
        return NULL;
    }
    sv_milestone *m = &pl->ms[pl->n];
    memset(m, 0, sizeof *m);
    m->id = (int)pl->n++;
    m->kind = kind;
    m->style = style;
    /* a style's milestones are added together: look back only while the style is the same */
    m->seq = 1;
    for (int i = m->id - 1; i >= 0 && pl->ms[i].style == style; i--)
        if (strcmp(pl->ms[i].kind, kind) == 0)
            m->seq++;
    m->owner = owner;
    m->factory_calendar = factory_calendar;
    if (b->g)
        memcpy(m->origin, b->g->country, 3);
    if (factory_calendar)
        memcpy(m->calendar, m->origin, 3);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->name, sizeof m->name, fmt, ap);
    va_end(ap);
    if (dur > MAX_SPAN) {
        char d[32], mx[32];
        refuse(b, style, NULL, "%s%s%s would take %s days, more than the %s days from "
               SV_DATE_RANGE_TEXT " that selvedge plans in", m->name, style ? " of " : "",
               style ? style : "", sv_decimal_format(dur, 0, true, d, sizeof d),
               sv_decimal_format(MAX_SPAN, 0, true, mx, sizeof mx));
        dur = MAX_SPAN;
    }
    m->duration = dur < 0 ? 0 : (int)dur;
    return m;
}

/* Milestones are added after what they wait for, so ids are a topological order. */
static void wait_for(builder *b, sv_milestone *m, int n, const int *ids)
{
    if (!m)
        return;
    m->deps = sv_pool_alloc(b->pool, sizeof(int) * (size_t)(n ? n : 1));
    if (!m->deps) {
        b->nomem = true;
        return;
    }
    for (int i = 0; i < n; i++)
        if (ids[i] >= 0)
            m->deps[m->n_deps++] = ids[i];
}

static void after(builder *b, sv_milestone *m, int id)
{
    wait_for(b, m, 1, &id);
}

static int id_of(const sv_milestone *m)
{
    return m ? m->id : -1;
}

/* A stage's days for a style: the style's timeline, the program's, the reference data. */
static int64_t days(const builder *b, const sv_style *s, sv_stage st, int complexity)
{
    if (s && s->timeline.days[st] >= 0)
        return s->timeline.days[st];
    if (b->p->timeline.days[st] >= 0)
        return b->p->timeline.days[st];
    return b->g->lead[st][complexity >= 0 && complexity <= 3 ? complexity : 0];
}

/* Categories whose fit cannot be rushed: stretch garments fitted on the body, and the
 * complex tailored or technical ones. */
static bool fit_rounds_fixed(const sv_style *s, int complexity)
{
    return complexity >= 3 || s->category == SV_CAT_LEGGINGS ||
           s->category == SV_CAT_SPORTS_BRA || s->category == SV_CAT_SWIMWEAR;
}

static int fit_rounds(const builder *b, const sv_style *s, int complexity, const variant *v)
{
    int64_t n = s->timeline.fit_rounds >= 0      ? s->timeline.fit_rounds
                : b->p->timeline.fit_rounds >= 0 ? b->p->timeline.fit_rounds
                : (int)s->category >= 0          ? b->rd->categories[s->category].fit_rounds
                                                 : 2;
    if (v->fewer_fits && !fit_rounds_fixed(s, complexity) && n > 1)
        n--;
    return n > MAX_ROUNDS ? MAX_ROUNDS : (int)n;
}

/* How a style's bulk fabric is had, as the file says: the style's timeline, else its program
 * fabric's `source`, else the program's timeline; custom dyeing when nothing says. */
static sv_fabric_source fabric_said(const sv_program *p, const sv_style *s)
{
    if (s->timeline.fabric != SV_FABRIC_UNSET)
        return s->timeline.fabric;
    if (s->fabric && s->fabric->source != SV_FABRIC_UNSET)
        return s->fabric->source;
    if (p->timeline.fabric != SV_FABRIC_UNSET)
        return p->timeline.fabric;
    return SV_FABRIC_CUSTOM;
}

static sv_fabric_source fabric_of(const builder *b, const sv_style *s, const variant *v)
{
    return v->stock_fabric ? SV_FABRIC_STOCK : fabric_said(b->p, s);
}

/* A sample made by the factory goes to the brand for review: by international courier when
 * the brand is in another region (courier.tsv), a leg of its own on calendar days. Returns
 * what the review waits for: the courier, or the sample itself. */
static int to_the_brand(builder *b, const char *style, int sample, const char *what)
{
    if (b->g->courier_days <= 0 || sample < 0)
        return sample;
    sv_milestone *c = add(b, "sample_courier", style, SV_OWNER_FACTORY, b->g->courier_days, false,
                          "%s by courier", what);
    after(b, c, sample);
    return c ? c->id : sample;
}

/* The index in b->dates of a delivery date. */
static int date_index(const builder *b, int64_t day)
{
    int lo = 0, hi = b->n_dates;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (b->dates[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < b->n_dates ? lo : 0;
}

static int cmp_day(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* How many deliveries a style's production is split into: its own, else the program's. */
static size_t drops_of(const sv_program *p, const sv_style *s)
{
    return s->n_deliveries ? s->n_deliveries : p->n_deliveries > 1 ? p->n_deliveries : 1;
}

/* A style's deliveries: its own, else the program's (its units split by their shares, the
 * rounding kept whole: the cumulative share rounded), else all its units at the launch.
 * Returns how many; the units and the index of each date in b->dates. */
static int style_drops(const builder *b, const sv_style *s, int64_t *units, int *date)
{
    const sv_program *p = b->p;
    int64_t total = sv_style_units(s);
    if (s->n_deliveries) {
        int n = (int)s->n_deliveries;
        for (int k = 0; k < n; k++) {
            units[k] = s->deliveries[k].units;
            date[k] = date_index(b, sv_date_to_days(s->deliveries[k].date));
        }
        return n;
    }
    if (p->n_deliveries > 1) {
        int n = (int)p->n_deliveries;
        int64_t cum = 0, given = 0;
        for (int k = 0; k < n; k++) {
            cum += p->deliveries[k].share_bp;
            int64_t upto = k == n - 1 ? total : (int64_t)(((__int128)total * cum + 5000) / 10000);
            units[k] = upto - given;
            given = upto;
            date[k] = date_index(b, sv_date_to_days(p->deliveries[k].date));
        }
        return n;
    }
    units[0] = total;
    date[0] = 0;
    return 1;
}

/* The milestones of one style: development once, then production and inspections for each
 * of its deliveries (b->finals gets each final inspection). */
static void style_graph(builder *b, const sv_style *s, int onboarding, const variant *v)
{
    int cx = (int)s->category >= 0 ? b->rd->categories[s->category].complexity : 2;
    const char *sc = s->code;
    sv_milestone *m;

    sv_milestone *tp = add(b, "tech_pack", sc, SV_OWNER_BRAND,
                           days(b, s, SV_STAGE_TECH_PACK_FINAL, cx), false,
                           "Tech pack final");
    wait_for(b, tp, 0, NULL);
    sv_milestone *quote = add(b, "quotation", sc, SV_OWNER_FACTORY,
                              days(b, s, SV_STAGE_QUOTATION, cx), true,
                              "Quotation and costing");
    after(b, quote, id_of(tp));

    /* lab dips and strike-offs: custom colours only; stock shades need none */
    int last_dip = -1;
    sv_fabric_source fab = fabric_of(b, s, v);
    int64_t dip_rounds = s->timeline.lab_dip_rounds >= 0 ? s->timeline.lab_dip_rounds
                         : b->p->timeline.lab_dip_rounds >= 0
                             ? b->p->timeline.lab_dip_rounds
                             : sv_refdata_param(b->rd, "lab_dip_rounds", 0);
    if (fab == SV_FABRIC_STOCK)
        dip_rounds = 0;
    if (dip_rounds > MAX_ROUNDS)
        dip_rounds = MAX_ROUNDS;
    int prev = id_of(tp);
    for (int k = 1; k <= dip_rounds; k++) {
        m = add(b, "lab_dip", sc, SV_OWNER_FACTORY, days(b, s, SV_STAGE_LAB_DIP, cx), true,
                "Lab dips round %d", k);
        after(b, m, prev);
        char what[32];
        snprintf(what, sizeof what, "Lab dips %d", k);
        int sent = to_the_brand(b, sc, id_of(m), what);
        sv_milestone *r = add(b, "lab_dip_approval", sc, SV_OWNER_BRAND,
                              days(b, s, SV_STAGE_LAB_DIP_REVIEW, cx), false,
                              "Lab dips round %d review", k);
        after(b, r, sent);
        prev = last_dip = id_of(r);
    }

    /* samples: proto, fit rounds, size set; each made by the factory, reviewed by the brand */
    sv_milestone *proto = add(b, "proto", sc, SV_OWNER_FACTORY, days(b, s, SV_STAGE_PROTO, cx),
                              true, "Proto sample");
    after(b, proto, id_of(tp));
    int sent = to_the_brand(b, sc, id_of(proto), "Proto");
    sv_milestone *rev = add(b, "proto_review", sc, SV_OWNER_BRAND,
                            days(b, s, SV_STAGE_SAMPLE_REVIEW, cx), false, "Proto review");
    after(b, rev, sent);
    prev = id_of(rev);
    int fits = fit_rounds(b, s, cx, v);
    for (int k = 1; k <= fits; k++) {
        m = add(b, "fit_sample", sc, SV_OWNER_FACTORY, days(b, s, SV_STAGE_FIT_SAMPLE, cx),
                true, "Fit sample %d", k);
        after(b, m, prev);
        char what[32];
        snprintf(what, sizeof what, "Fit sample %d", k);
        sent = to_the_brand(b, sc, id_of(m), what);
        sv_milestone *r = add(b, "fit_approval", sc, SV_OWNER_BRAND,
                              days(b, s, SV_STAGE_SAMPLE_REVIEW, cx), false,
                              "Fit sample %d review", k);
        after(b, r, sent);
        prev = id_of(r);
    }
    int fit_done = prev;
    m = add(b, "size_set", sc, SV_OWNER_FACTORY, days(b, s, SV_STAGE_SIZE_SET, cx), true,
            "Size set");
    after(b, m, prev);
    sent = to_the_brand(b, sc, id_of(m), "Size set");
    sv_milestone *ssr = add(b, "size_set_approval", sc, SV_OWNER_BRAND,
                            days(b, s, SV_STAGE_SAMPLE_REVIEW, cx), false, "Size set review");
    after(b, ssr, sent);

    /* fabric and trims: booked once the price and the colours are agreed */
    sv_milestone *book = add(b, "fabric_booking", sc, SV_OWNER_BRAND,
                             days(b, s, SV_STAGE_FABRIC_BOOKING, cx), false,
                             "Fabric and trims booking");
    int book_deps[2] = {id_of(quote), last_dip};
    wait_for(b, book, 2, book_deps);
    /* bulk fabric where it is made (fabric_sources.tsv): at home at the origin's speed (a
     * vertical knitter at knit speed), or at a mill abroad on that country's calendar (its
     * closures stop the fabric, not the factory), then shipped to the factory. A program's
     * own figure for the stage (timeline:) is the whole stage, on the mill's calendar. */
    sv_stage fst = fab == SV_FABRIC_STOCK ? SV_STAGE_FABRIC_STOCK : SV_STAGE_FABRIC_CUSTOM;
    sv_construction con = (int)s->construction >= 0 ? s->construction
                          : (int)s->category >= 0
                              ? b->rd->categories[s->category].default_construction
                              : SV_CONSTR_UNSET;
    const char *origin = b->g->country;
    const sv_fabric_source_row *src = sv_refdata_fabric_source(b->rd, origin, con);
    /* the program's own fabric says where its mill is (fabrics: mill_origin): that mill, with
     * the table's days at a mill, and shipped as the table ships imported fabric to the origin
     * (no row for the origin: the longest shipment on file, an estimate); none when at home */
    sv_fabric_source_row mill_row;
    if (s->fabric && s->fabric->mill_origin[0] &&
        (!src || strcmp(src->mill, s->fabric->mill_origin) != 0)) {
        if (src) {
            mill_row = *src;
        } else {
            memset(&mill_row, 0, sizeof mill_row);
            mill_row.stock_days = (int)days(b, s, SV_STAGE_FABRIC_STOCK, cx);
            mill_row.custom_days = (int)days(b, s, SV_STAGE_FABRIC_CUSTOM, cx);
            for (size_t i = 0; i < b->rd->n_fabric_sources; i++)
                if (b->rd->fabric_sources[i].ship_days > mill_row.ship_days)
                    mill_row.ship_days = b->rd->fabric_sources[i].ship_days;
        }
        memcpy(mill_row.mill, s->fabric->mill_origin, 3);
        if (strcmp(mill_row.mill, origin) == 0)
            mill_row.ship_days = 0;
        src = &mill_row;
    }
    bool own = s->timeline.days[fst] >= 0 || b->p->timeline.days[fst] >= 0;
    int64_t mill_days = own || !src              ? days(b, s, fst, cx)
                        : fab == SV_FABRIC_STOCK ? src->stock_days
                                                 : src->custom_days;
    bool abroad = src && strcmp(src->mill, origin) != 0;
    sv_milestone *fabric;
    if (abroad)
        fabric = add(b, fab == SV_FABRIC_STOCK ? "fabric_stock" : "fabric_dyeing", sc,
                     SV_OWNER_FACTORY, mill_days, true, "%s, %s mill",
                     fab == SV_FABRIC_STOCK ? "Stock fabric" : "Greige and dyeing", src->mill);
    else
        fabric =
            add(b, fab == SV_FABRIC_STOCK ? "fabric_stock" : "fabric_dyeing", sc, SV_OWNER_FACTORY,
                mill_days, true, "%s",
                fab == SV_FABRIC_STOCK ? "Bulk fabric from stock" : "Greige and dyeing (custom)");
    after(b, fabric, id_of(book));
    if (fabric && src)
        memcpy(fabric->calendar, src->mill, 3);
    if (abroad && !own && src->ship_days > 0) {
        sv_milestone *ship = add(b, "fabric_shipment", sc, SV_OWNER_FACTORY, src->ship_days, false,
                                 "Fabric shipped %s to %s", src->mill, origin);
        after(b, ship, id_of(fabric));
        fabric = ship;
    }

    /* pre-production sample in bulk fabric once the fit is approved; the size set (grading
     * checked in every size) runs beside it, and bulk waits for both */
    sv_milestone *pp = add(b, "pp_sample", sc, SV_OWNER_FACTORY,
                           days(b, s, SV_STAGE_PP_SAMPLE, cx), true, "PP sample");
    int pp_deps[2] = {fit_done, id_of(fabric)};
    wait_for(b, pp, 2, pp_deps);
    sent = to_the_brand(b, sc, id_of(pp), "PP sample");
    sv_milestone *ppa = add(b, "pp_approval", sc, SV_OWNER_BRAND,
                            days(b, s, SV_STAGE_SAMPLE_REVIEW, cx), false, "PP approval");
    after(b, ppa, sent);

    /* production and the inspections once a delivery, in the order of the deliveries: the
     * line makes one drop after the other */
    size_t nd = drops_of(b->p, s);
    int64_t *units_of = sv_pool_alloc(b->pool, sizeof(int64_t) * nd);
    int *date_of = sv_pool_alloc(b->pool, sizeof(int) * nd);
    if (!units_of || !date_of) {
        b->nomem = true;
        return;
    }
    int drops = style_drops(b, s, units_of, date_of);
    int prev_run = -1;
    for (int k = 0; k < drops; k++) {
        char of[24] = "";
        if (drops > 1)
            snprintf(of, sizeof of, " (%d of %d)", k + 1, drops);
        int64_t units = units_of[k];
        int64_t per_day = days(b, s, SV_STAGE_OUTPUT_PER_DAY, cx);
        if (per_day <= 0)
            per_day = 1;
        int64_t sew = (units + per_day - 1) / per_day;
        int64_t setup = days(b, s, SV_STAGE_PRODUCTION_SETUP, cx);
        int64_t total = setup + sew;
        int64_t floor_days = sv_refdata_param(b->rd, "production_min_days", 0);
        /* the floor is the first order's wait for a place on the lines; a later drop of the
         * same style follows on the line it was made on. A factory's own figures in
         * timeline: replace the floor. */
        if (k == 0 && s->timeline.days[SV_STAGE_OUTPUT_PER_DAY] < 0 &&
            b->p->timeline.days[SV_STAGE_OUTPUT_PER_DAY] < 0 && total < floor_days)
            total = floor_days;
        if (total > MAX_SPAN) {
            /* no calendar holds it: say why, in the numbers that make it */
            char t[32], u[32], d[32], mx[32];
            refuse(b, sc, NULL,
                   "production of %s would take %s days (%s units at %s a day, after %lld days "
                   "of set-up), more than the %s days from " SV_DATE_RANGE_TEXT " that selvedge "
                   "plans in: check the colours' units and output_per_day",
                   sc, sv_decimal_format(total, 0, true, t, sizeof t),
                   sv_decimal_format(units, 0, true, u, sizeof u),
                   sv_decimal_format(per_day, 0, true, d, sizeof d), (long long)setup,
                   sv_decimal_format(MAX_SPAN, 0, true, mx, sizeof mx));
            total = MAX_SPAN;
        }
        /* inline inspection at about 40% of output: production is split around it */
        int64_t first = (total * 4 + 9) / 10, rest = total - first;
        sv_milestone *pa = add(b, "production", sc, SV_OWNER_FACTORY, first, true,
                               "Production, first 40%%%s", of);
        /* the first run waits for the approvals and a place on the lines; a later one for
         * the run before it (which waited for them) */
        int pa_deps[3] = {id_of(ppa), id_of(ssr), onboarding};
        if (prev_run >= 0)
            wait_for(b, pa, 1, &prev_run);
        else
            wait_for(b, pa, 3, pa_deps);
        sv_milestone *inl = add(b, "inline_inspection", sc, SV_OWNER_BRAND, 1, true,
                                "Inline inspection%s", of);
        after(b, inl, id_of(pa));
        sv_milestone *pb = add(b, "production", sc, SV_OWNER_FACTORY, rest, true,
                               "Production, the rest%s", of);
        after(b, pb, id_of(pa));
        prev_run = id_of(pb);
        sv_milestone *fin = add(b, "final_inspection", sc, SV_OWNER_BRAND,
                                days(b, s, SV_STAGE_FINAL_QC, cx), true, "%s%s",
                                drops > 1 ? "Final inspection AQL" : "Final inspection (AQL)", of);
        int fin_deps[2] = {id_of(pb), id_of(inl)};
        wait_for(b, fin, 2, fin_deps);
        if (fin) {
            fin->delivery = k + 1;
            fin->n_deliveries = drops;
        }
        if (pa) {
            pa->delivery = inl->delivery = pb->delivery = k + 1;
            pa->n_deliveries = inl->n_deliveries = pb->n_deliveries = drops;
        }
        b->finals[b->n_finals++] =
            (final_insp){(int)(b->g - b->groups), date_of[k], id_of(fin), units};
    }
}

static int transit_days(const sv_refdata *rd, const char *origin, const char *dest, sv_mode mode)
{
    const sv_freight_rate *fr = sv_refdata_freight(rd, origin, dest, mode);
    if (!fr)
        return mode == SV_MODE_AIR ? 8 : 35; /* no lane on file: the usual Asia-to-West figures */
    return (fr->transit_days_low + fr->transit_days_high + 1) / 2;
}

/* "Sea", "Air" or "Road": the mode the lane really uses (pl->lane_mode). */
static const char *lane_mode_label(sv_mode mode)
{
    return mode == SV_MODE_AIR    ? "Air"
           : mode == SV_MODE_ROAD ? "Road"
                                  : "Sea";
}

/* A style's own origin when it is made elsewhere than the plan's origin, else NULL: with
 * one_origin (a what-if of the whole program at one origin) every style is at the plan's. */
static const char *style_origin(const sv_program *p, const sv_plan_options *opt, size_t i,
                                const char *plan_origin)
{
    const char *o = p->styles[i].origin;
    return !opt->one_origin && o[0] && strcmp(o, plan_origin) != 0 ? o : NULL;
}

static void new_group(builder *b, const char *country)
{
    group *g = &b->groups[b->n_groups++];
    memset(g, 0, sizeof *g);
    memcpy(g->country, country, 3);
    g->onboarding = -1;
}

/* The day the goods a date's last milestone (the launch, a delivery) waits for are in. */
static int64_t terminal_ready(const sv_plan *pl, int id)
{
    const sv_milestone *t = &pl->ms[id];
    int64_t ready = INT64_MIN;
    for (int k = 0; k < t->n_deps; k++)
        if (pl->ms[t->deps[k]].end > ready)
            ready = pl->ms[t->deps[k]].end;
    return ready == INT64_MIN ? t->start : ready;
}

/* The day every origin's goods are in the warehouse: the last receipt the launch waits for. */
static int64_t goods_ready(const sv_plan *pl)
{
    const sv_milestone *la = &pl->ms[pl->launch_id];
    int64_t ready = INT64_MIN;
    for (int k = 0; k < la->n_deps; k++)
        if (pl->ms[la->deps[k]].end > ready)
            ready = pl->ms[la->deps[k]].end;
    return ready;
}

/* ---- scheduling ---- */

/* The day a milestone could start: when everything it waits for has ended. */
static int64_t earliest(const builder *b, const sv_milestone *m)
{
    const sv_plan *pl = b->plan;
    int64_t es = pl->today;
    for (int k = 0; k < m->n_deps; k++)
        if (pl->ms[m->deps[k]].end > es)
            es = pl->ms[m->deps[k]].end;
    /* the launch happens on its date when the goods are there in time, and so does each
     * later delivery */
    if (m->id == pl->launch_id && pl->has_launch && pl->launch > es)
        es = pl->launch;
    else if (m->delivery > 0 && !strcmp(m->kind, "delivery") && b->dates[m->delivery - 1] > es)
        es = b->dates[m->delivery - 1];
    return es;
}

static void forward(builder *b)
{
    sv_plan *pl = b->plan;
    for (size_t i = 0; i < pl->n; i++) {
        sv_milestone *m = &pl->ms[i];
        m->end = advance(b, m, earliest(b, m), m->duration, &m->start);
    }
}

static void backward(builder *b, int64_t target)
{
    sv_plan *pl = b->plan;
    for (size_t i = 0; i < pl->n; i++)
        pl->ms[i].latest_end = INT64_MAX;
    /* each later delivery is due on its own date: what it waits for is planned back from it */
    for (size_t i = 0; i < pl->n; i++)
        if (pl->ms[i].delivery > 0 && !strcmp(pl->ms[i].kind, "delivery"))
            pl->ms[i].latest_end = b->dates[pl->ms[i].delivery - 1];
    for (size_t i = pl->n; i-- > 0;) {
        sv_milestone *m = &pl->ms[i];
        if (m->latest_end == INT64_MAX) /* nothing waits for it: it must be done by the target */
            m->latest_end = target;
        int64_t le;
        m->latest_start = retreat(b, m, m->latest_end, m->duration, &le);
        m->latest_end = le;
        m->slack = m->latest_start - m->start;
        for (int k = 0; k < m->n_deps; k++) {
            sv_milestone *d = &pl->ms[m->deps[k]];
            if (m->latest_start < d->latest_end)
                d->latest_end = m->latest_start;
        }
    }
}

/* The earliest and the latest day seen so far, and whose they are. */
typedef struct extremes {
    int64_t lo, hi;
    const char *lo_what, *hi_what;
} extremes;

static void see(extremes *sp, int64_t day, const char *what)
{
    if (day < sp->lo) {
        sp->lo = day;
        sp->lo_what = what;
    }
    if (day > sp->hi) {
        sp->hi = day;
        sp->hi_what = what;
    }
}

bool sv_plan_dates_ok(const sv_plan *pl, int64_t *day, const char **what)
{
    extremes sp = {INT64_MAX, INT64_MIN, NULL, NULL};
    see(&sp, pl->today, "today");
    if (pl->has_launch)
        see(&sp, pl->launch, "the launch date");
    see(&sp, pl->ready, "the warehouse date");
    see(&sp, pl->ready + pl->tight_days, "the later launch date");
    for (size_t i = 0; i < pl->n; i++) {
        const sv_milestone *m = &pl->ms[i];
        see(&sp, m->start, m->name);
        see(&sp, m->end, m->name);
        see(&sp, m->latest_start, m->name);
        see(&sp, m->latest_end, m->name);
    }
    for (size_t i = 0; i < pl->n_hits; i++) {
        see(&sp, pl->hits[i].first, "a closure");
        see(&sp, pl->hits[i].last, "a closure");
    }
    if (sp.lo >= SV_DAY_FIRST && sp.hi <= SV_DAY_LAST)
        return true;
    bool past = sp.hi > SV_DAY_LAST;
    if (day)
        *day = past ? sp.hi : sp.lo;
    if (what)
        *what = past ? sp.hi_what : sp.lo_what;
    return false;
}

/* A plan with a day outside the supported dates is refused, naming its longest step, which
 * is what usually carries it out (a vast quantity sewn at a few units a day). */
static void check_dates(builder *b)
{
    const sv_plan *pl = b->plan;
    int64_t day;
    if (sv_plan_dates_ok(pl, &day, NULL))
        return;
    const sv_milestone *longest = NULL;
    for (size_t i = 0; i < pl->n; i++)
        if (!longest || pl->ms[i].duration > longest->duration)
            longest = &pl->ms[i];
    char when[16], launch[16], step[120];
    snprintf(step, sizeof step, "%s%s%s, %d days", longest->name, longest->style ? " of " : "",
             longest->style ? longest->style : "", longest->duration);
    sv_day_format(day, when, sizeof when);
    if (day > SV_DAY_LAST) {
        refuse(b, longest->style, NULL,
               "the plan from %s runs to %s, past " SV_DATE_LAST_TEXT
               ", the last day selvedge plans (" SV_DATE_RANGE_TEXT "); its longest step is %s",
               pl->origin, when, step);
    } else {
        sv_day_format(pl->launch, launch, sizeof launch);
        refuse(b, NULL, "program.launch_date",
               "the plan from %s would have to start on %s to make the launch "
               "on %s, before " SV_DATE_FIRST_TEXT ", the first day selvedge plans ("
               SV_DATE_RANGE_TEXT "); its longest step is %s",
               pl->origin, when, launch, step);
    }
}

static void builder_free(builder *b)
{
    sv_pool_free(b->pool);
    for (int i = 0; i < b->n_cals; i++)
        free(b->cals[i].s);
    free(b->trace);
}

/* The warehouse date with one closure of a country (and the reduced output after it) left
 * out: what that closure costs the plan. The schedule is put back as it was. */
static bool ready_without(builder *b, const char *country, int64_t first, int64_t *delay,
                          int *which)
{
    sv_plan *pl = b->plan;
    sv_milestone *saved = malloc(pl->n * sizeof *saved);
    if (!saved)
        return false;
    memcpy(saved, pl->ms, pl->n * sizeof *saved);
    memcpy(b->skip_country, country, 3);
    b->skip_first = first;
    forward(b);
    /* the most any delivery moves: a closure may hold a later drop and not the first */
    *delay = pl->ready - goods_ready(pl);
    *which = pl->n_deliveries > 1 ? 1 : 0;
    for (size_t d = 1; d < pl->n_deliveries; d++) {
        int64_t moved = pl->deliveries[d].ready - terminal_ready(pl, pl->deliveries[d].milestone);
        if (moved > *delay) {
            *delay = moved;
            *which = (int)d + 1;
        }
    }
    b->skip_country[0] = '\0';
    memcpy(pl->ms, saved, pl->n * sizeof *saved);
    free(saved);
    return true;
}

/* One entry per milestone and closure met on the earliest schedule, the reduced output after
 * the closure counted with it; its days add up to the milestone's push. With `price`, each
 * closure's delay to the warehouse date (the plan again without it). False: out of memory. */
static bool closure_hits(builder *b, bool price)
{
    sv_plan *pl = b->plan;
    size_t cap = 0;
    /* placing again to trace, and pricing, are not placing: sv_plan.work counts the schedule */
    uint64_t work = pl->work;
    for (size_t i = 0; i < pl->n; i++) {
        sv_milestone *m = &pl->ms[i];
        if (!m->pushed)
            continue;
        /* place it again, tracing the spans it meets */
        int64_t rs;
        b->tracing = true;
        advance(b, m, earliest(b, m), m->duration, &rs);
        b->tracing = false;
        if (b->nomem)
            return false;
        size_t first_hit = pl->n_hits;
        int64_t closed_total = 0;
        for (size_t t = 0; t < b->n_trace; t++) {
            const span_use *u = &b->trace[t];
            const sv_cal_span *sp = &u->c->s[u->span];
            sv_closure_hit *h = NULL;
            for (size_t k = first_hit; k < pl->n_hits; k++)
                if (pl->hits[k].first == sp->closure_first &&
                    strcmp(pl->hits[k].country, u->c->country) == 0)
                    h = &pl->hits[k];
            if (!h) {
                if (pl->n_hits == cap) {
                    cap = cap ? 2 * cap : 16;
                    sv_closure_hit *nh = realloc(pl->hits, cap * sizeof *nh);
                    if (!nh)
                        return false;
                    pl->hits = nh;
                }
                h = &pl->hits[pl->n_hits++];
                memset(h, 0, sizeof *h);
                h->milestone = m->id;
                h->holiday = sp->holiday;
                h->first = sp->closure_first;
                h->last = sp->closure_last;
                memcpy(h->country, u->c->country, 3);
                h->slack = m->slack;
            }
            h->closed_days += (int)u->closed;
            closed_total += u->closed;
            if (u->lost > 0) {
                /* slow_days is filled below, from the hundredths lost (kept in delay now) */
                h->delay += u->lost;
                h->capacity_pct = sp->capacity_pct;
                int64_t from = sp->first > m->start ? sp->first : m->start;
                int64_t to = sp->last < m->end - 1 ? sp->last : m->end - 1;
                if (!h->slow_first || from < h->slow_first)
                    h->slow_first = from;
                if (to > h->slow_last)
                    h->slow_last = to;
            }
        }
        /* whole days to the reduced output, the part-days to the last hit that had one */
        int64_t slow_total = m->pushed - closed_total, given = 0;
        sv_closure_hit *last = NULL;
        for (size_t k = first_hit; k < pl->n_hits; k++) {
            sv_closure_hit *h = &pl->hits[k];
            if (h->delay > 0) {
                h->slow_days = (int)(h->delay / 100);
                given += h->slow_days;
                last = h;
            }
            h->delay = 0;
        }
        if (last)
            last->slow_days += (int)(slow_total - given);
        for (size_t k = first_hit; k < pl->n_hits; k++)
            pl->hits[k].days = pl->hits[k].closed_days + pl->hits[k].slow_days;
    }
    pl->work = work;
    if (!price)
        return true;
    /* what each closure costs: the warehouse date without it */
    for (size_t k = 0; k < pl->n_hits; k++) {
        sv_closure_hit *h = &pl->hits[k];
        bool done = false;
        for (size_t j = 0; j < k && !done; j++)
            if (pl->hits[j].first == h->first && strcmp(pl->hits[j].country, h->country) == 0) {
                h->delay = pl->hits[j].delay;
                h->delivery = pl->hits[j].delivery;
                done = true;
            }
        int64_t delay;
        if (done)
            continue;
        if (!ready_without(b, h->country, h->first, &delay, &h->delivery))
            return false;
        h->delay = delay;
    }
    pl->work = work;
    return true;
}

/* Where the brand is, which is where its samples go for review: brand.location when the
 * program gives it; else the brand is taken to be where the goods go (the destination, alpha-2
 * or "EU"), and the plan says so (sv_plan.brand_location_assumed). */
static const char *brand_location(const sv_program *p, bool *assumed)
{
    *assumed = p->brand.location[0] == '\0';
    return *assumed ? p->destination : p->brand.location;
}

/* Days of international courier for a sample to the brand: none when the brand is in the
 * factory's region (the sample stages hold a courier within the region), else the middle of
 * courier.tsv's range for the lane. */
static int courier_days(const sv_refdata *rd, const char *origin, const char *brand)
{
    if (strcmp(origin, brand) == 0)
        return 0;
    const char *oreg = sv_refdata_region_of(rd, origin), *breg = sv_refdata_region_of(rd, brand);
    if (oreg && breg && strcmp(oreg, breg) == 0)
        return 0;
    const sv_courier *c = sv_refdata_courier(rd, origin, brand);
    return c ? (c->days_low + c->days_high + 1) / 2 : 4; /* no row at all: ~4 d express */
}

/* Build and schedule one variant of the plan, without ways out. */
static sv_code build_core(const sv_program *p, const sv_refdata *rd, const sv_plan_options *opt,
                          const variant *v, sv_plan **out, sv_err *e)
{
    *out = NULL;
    sv_plan *pl = calloc(1, sizeof *pl);
    builder b = {.p = p, .rd = rd, .plan = pl, .e = e};
    if (pl)
        pl->launch_id = -1;
    sv_code rc = SV_OK;
    char when[16];
    if (!pl || !(b.pool = sv_pool_create())) {
        free(pl);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    pl->mode = opt->mode;
    sv_refdata_pick_origin(rd, p, opt->origin, pl->origin, &pl->origin_assumed);
    const sv_origin_info *oi = sv_refdata_origin(rd, pl->origin);
    if (!oi) {
        rc = sv_err_set(e, SV_ERR_NOTFOUND,
                        "no reference figures for origin %s in origins.tsv; choose another origin "
                        "or add a row", pl->origin);
        goto fail;
    }
    if (!sv_date_supported(opt->today)) {
        rc = sv_err_set(e, SV_ERR_USAGE,
                        "today, %s, is outside the dates selvedge plans in (" SV_DATE_RANGE_TEXT
                        ")", sv_date_format(opt->today, when, sizeof when));
        goto fail;
    }
    if (p->has_launch_date && !sv_date_supported(p->launch_date)) {
        rc = sv_err_at(e, SV_ERR_SCHEMA, p->path, p->launch_date_line, 0, "program.launch_date",
                       "%s is outside the dates selvedge plans in (" SV_DATE_RANGE_TEXT ")",
                       sv_date_format(p->launch_date, when, sizeof when));
        goto fail;
    }
    pl->today = sv_date_to_days(opt->today);
    pl->has_launch = p->has_launch_date;
    pl->launch = p->has_launch_date ? sv_date_to_days(p->launch_date) : 0;
    pl->tight_days = (int)sv_refdata_param(rd, "plan_tight_slack_days", 0);
    /* the origins the styles are made in: the plan's first (when a style is made there),
     * then each style's own in the order the styles name them */
    const char *brand = brand_location(p, &pl->brand_location_assumed);
    snprintf(pl->brand_location, sizeof pl->brand_location, "%s", brand);
    b.groups = sv_pool_alloc(b.pool, sizeof(group) * (p->n_styles + 1));
    pl->origins = calloc(p->n_styles + 1, sizeof *pl->origins);
    size_t *style_group = sv_pool_alloc(b.pool, sizeof(size_t) * (p->n_styles ? p->n_styles : 1));
    if (!b.groups || !pl->origins || !style_group) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto fail;
    }
    bool main_used = p->n_styles == 0;
    for (size_t i = 0; i < p->n_styles; i++)
        main_used |= !style_origin(p, opt, i, pl->origin);
    if (main_used)
        new_group(&b, pl->origin);
    for (size_t i = 0; i < p->n_styles; i++) {
        const char *so = style_origin(p, opt, i, pl->origin);
        const char *c = so ? so : pl->origin;
        int k = 0;
        while (k < b.n_groups && strcmp(b.groups[k].country, c) != 0)
            k++;
        if (k == b.n_groups) {
            if (!sv_refdata_origin(rd, c)) {
                char path[160];
                snprintf(path, sizeof path, "program.styles[%s].origin", p->styles[i].code);
                rc = sv_err_at(e, SV_ERR_NOTFOUND, p->path, p->styles[i].line, 0, path,
                               "no reference figures for origin %s in origins.tsv; choose "
                               "another origin or add a row", c);
                goto fail;
            }
            new_group(&b, c);
        }
        style_group[i] = (size_t)k;
        b.groups[k].n_styles++;
    }
    for (int k = 0; k < b.n_groups; k++) {
        group *g = &b.groups[k];
        for (int st = 0; st < SV_STAGE__COUNT; st++)
            for (int cx = 0; cx <= 3; cx++)
                g->lead[st][cx] = sv_refdata_lead_days(rd, (sv_stage)st, g->country, cx);
        /* samples to the brand: by courier when it is in another region */
        g->courier_days = courier_days(rd, g->country, brand);
        pl->origins[k].n_styles = g->n_styles;
    }
    /* the delivery dates: the launch date first, then the program's and the styles' own
     * later ones, distinct and in order (the loader puts no delivery before the launch) */
    size_t drops_total = 1, runs = 0;
    for (size_t i = 0; i < p->n_styles; i++) {
        drops_total += p->styles[i].n_deliveries;
        runs += drops_of(p, &p->styles[i]);
    }
    drops_total += p->n_deliveries;
    b.dates = sv_pool_alloc(b.pool, sizeof(int64_t) * drops_total);
    if (!b.dates) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto fail;
    }
    if (pl->has_launch) {
        b.dates[b.n_dates++] = pl->launch;
        for (size_t i = 0; i <= p->n_styles; i++) {
            const sv_delivery *d = i < p->n_styles ? p->styles[i].deliveries : p->deliveries;
            size_t n = i < p->n_styles ? p->styles[i].n_deliveries : p->n_deliveries;
            for (size_t k = 0; k < n; k++)
                b.dates[b.n_dates++] = sv_date_to_days(d[k].date);
        }
        qsort(b.dates, (size_t)b.n_dates, sizeof *b.dates, cmp_day);
        int u = 0;
        for (int k = 0; k < b.n_dates; k++)
            if (u == 0 || b.dates[k] != b.dates[u - 1])
                b.dates[u++] = b.dates[k];
        b.n_dates = u;
    }
    b.finals = sv_pool_alloc(b.pool, sizeof(final_insp) * (runs ? runs : 1));
    pl->deliveries = calloc((size_t)(b.n_dates ? b.n_dates : 1), sizeof *pl->deliveries);
    if (!b.finals || !pl->deliveries) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto fail;
    }
    pl->n_origins = (size_t)b.n_groups;
    pl->courier_days = courier_days(rd, pl->origin, brand);
    /* per style at most 20 fixed milestones (a fabric shipment among them) and two per lab
     * dip and fit round, three with a courier; four a delivery; for each origin a capacity
     * booking; four a shipment, one an origin and a date with goods (at most a shipment a
     * run, or one an origin with no style); a milestone a date */
    size_t nd = (size_t)(b.n_dates ? b.n_dates : 1);
    b.cap = p->n_styles * (20 + 3 * MAX_ROUNDS + 3 * MAX_ROUNDS) + 4 * runs +
            (size_t)b.n_groups + 4 * (runs + (size_t)b.n_groups) + nd + 2;
    pl->ms = calloc(b.cap, sizeof *pl->ms);
    if (!pl->ms) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto fail;
    }
    /* past the last holiday on file closures are unknown, not absent: say so */
    pl->closures_known_until = 0;
    for (size_t i = 0; i < rd->n_holidays; i++) {
        int64_t d = sv_date_to_days(rd->holidays[i].date);
        if (d > pl->closures_known_until)
            pl->closures_known_until = d;
    }
    bool many = b.n_groups > 1;

    /* A factory books capacity for a new brand only after a while: the first order with a new
     * factory takes longer (origins.tsv new_brand_extra_days), in each origin. It runs beside
     * sampling. */
    for (int k = 0; k < b.n_groups && p->n_styles; k++) {
        b.g = &b.groups[k];
        const sv_origin_info *gi = sv_refdata_origin(rd, b.g->country);
        sv_milestone *ob = many ? add(&b, "capacity_booking", NULL, SV_OWNER_FACTORY,
                                      gi->new_brand_extra_days, false,
                                      "Capacity booking %s, 1st order", b.g->country)
                                : add(&b, "capacity_booking", NULL, SV_OWNER_FACTORY,
                                      gi->new_brand_extra_days, false,
                                      "Capacity booking (first order)");
        wait_for(&b, ob, 0, NULL);
        b.g->onboarding = id_of(ob);
    }
    for (size_t i = 0; i < p->n_styles && !b.nomem; i++) {
        b.g = &b.groups[style_group[i]];
        style_graph(&b, &p->styles[i], b.g->onboarding, v);
    }
    /* Shipping, per origin, transit counted once: freight.tsv's transit is door to door
     * (factory to the warehouse door, customs clearance included where the lane has one). The
     * clearance is shown as its own milestone carved out of that figure, so a lane with no
     * customs border (the same country, or a customs union whose members do not clear goods
     * between them, customs_unions.tsv) is visibly without one; then the warehouse receives
     * the goods. Each origin's goods travel and are received on their own. */
    /* one shipment an origin and a delivery date; each date's last milestone waits for its
     * receipts: the launch for the launch date, a delivery milestone for a later one */
    int nds = b.n_dates ? b.n_dates : 1;
    int *received = sv_pool_alloc(b.pool, sizeof(int) * (size_t)(b.n_groups * nds + 1));
    int *n_received = sv_pool_alloc(b.pool, sizeof(int) * (size_t)nds);
    int *fins = sv_pool_alloc(b.pool, sizeof(int) * (b.n_finals + 1));
    /* the final inspections by date (a counting sort), so each shipment finds its own */
    size_t *by_date = sv_pool_alloc(b.pool, sizeof(size_t) * (b.n_finals + 1));
    size_t *date_at = sv_pool_alloc(b.pool, sizeof(size_t) * (size_t)(nds + 1));
    int64_t *clear_of = sv_pool_alloc(b.pool, sizeof(int64_t) * (size_t)(b.n_groups + 1));
    if (!received || !n_received || !fins || !by_date || !date_at || !clear_of)
        b.nomem = true;
    for (int d = 0; d <= nds && !b.nomem; d++)
        date_at[d] = 0;
    for (size_t f = 0; f < b.n_finals && !b.nomem; f++)
        date_at[b.finals[f].date + 1]++;
    for (int d = 0; d < nds && !b.nomem; d++)
        date_at[d + 1] += date_at[d];
    for (size_t f = 0; f < b.n_finals && !b.nomem; f++)
        by_date[date_at[b.finals[f].date]++] = f;
    for (int d = nds; d > 0 && !b.nomem; d--) /* back to the start of each date's run */
        date_at[d] = date_at[d - 1];
    if (!b.nomem)
        date_at[0] = 0;
    for (int d = 0; d < nds && !b.nomem; d++)
        n_received[d] = 0;
    for (int k = 0; k < b.n_groups && !b.nomem; k++) {
        b.g = &b.groups[k];
        sv_plan_origin *po = &pl->origins[k];
        const char *c = b.g->country;
        memcpy(po->country, c, 3);
        po->courier_days = b.g->courier_days;
        int d2d = transit_days(rd, c, p->destination, pl->mode);
        const sv_freight_rate *lane = sv_refdata_freight(rd, c, p->destination, pl->mode);
        po->lane_mode = lane ? lane->mode : pl->mode;
        const sv_customs_union *cu_row = sv_refdata_customs_union(rd, c, p->destination);
        po->transit_door_to_door = d2d;
        po->customs_union = cu_row ? cu_row->name : NULL;
        po->customs_cleared = strcmp(c, p->destination) != 0 && (!cu_row || cu_row->clears);
        int64_t clear = po->customs_cleared ? days(&b, NULL, SV_STAGE_CUSTOMS, 0) : 0;
        if (clear > d2d - 1) /* a short lane: the freight keeps a day, the clearance the rest */
            clear = d2d > 1 ? d2d - 1 : 0;
        if (strcmp(c, pl->origin) == 0) {
            pl->lane_mode = po->lane_mode;
            pl->transit_door_to_door = po->transit_door_to_door;
            pl->customs_union = po->customs_union;
            pl->customs_cleared = po->customs_cleared;
        }
        clear_of[k] = clear;
    }
    /* the shipments, delivery by delivery, each origin's in turn */
    for (int d = 0; d < nds && !b.nomem; d++) {
        for (int k = 0; k < b.n_groups && !b.nomem; k++) {
            b.g = &b.groups[k];
            const sv_plan_origin *po = &pl->origins[k];
            const char *c = b.g->country;
            int64_t clear = clear_of[k];
            int d2d = po->transit_door_to_door;
            int nf = 0;
            for (size_t at = date_at[d]; at < date_at[d + 1]; at++)
                if (b.finals[by_date[at]].group == k)
                    fins[nf++] = b.finals[by_date[at]].id;
            if (!nf && (d > 0 || b.g->n_styles))
                continue; /* nothing from here on that date */
            char of[24] = "";
            if (b.n_dates > 1)
                snprintf(of, sizeof of, " (%d of %d)", d + 1, b.n_dates);
            char tag[32]; /* "TR goods" with several origins, "TR, 2 of 3" with dates too */
            if (many && b.n_dates > 1)
                snprintf(tag, sizeof tag, " (%s, %d of %d)", c, d + 1, b.n_dates);
            else if (many)
                snprintf(tag, sizeof tag, " (%s goods)", c);
            else
                snprintf(tag, sizeof tag, "%s", of);
            sv_milestone *exf = add(&b, "ex_factory", NULL, SV_OWNER_FACTORY, 0, true,
                                    "Ex-factory%s%s%s", many ? " " : "", many ? c : "", of);
            wait_for(&b, exf, nf, fins);
            sv_milestone *tr = add(&b, "transit", NULL, SV_OWNER_BRAND, d2d - clear, false,
                                   "%s freight %s to %s%s", lane_mode_label(po->lane_mode), c,
                                   p->destination, of);
            after(&b, tr, id_of(exf));
            int last_leg = id_of(tr);
            if (po->customs_cleared) {
                sv_milestone *cu = add(&b, "customs", NULL, SV_OWNER_BRAND, clear, false,
                                       "Customs clearance%s", tag);
                after(&b, cu, last_leg);
                last_leg = id_of(cu);
            }
            sv_milestone *wh = add(&b, "warehouse", NULL, SV_OWNER_BRAND,
                                   days(&b, NULL, SV_STAGE_WAREHOUSE, 0), false,
                                   "Warehouse receipt%s", tag);
            after(&b, wh, last_leg);
            sv_milestone *legs[4] = {exf, tr, NULL, wh};
            if (last_leg != id_of(tr))
                legs[2] = &pl->ms[last_leg];
            for (int l = 0; l < 4; l++)
                if (legs[l] && b.n_dates > 1) {
                    legs[l]->delivery = d + 1;
                    legs[l]->n_deliveries = b.n_dates;
                }
            received[d * b.n_groups + n_received[d]++] = id_of(wh);
        }
    }
    if (!main_used) {
        /* no style is made at the plan's origin: its lane is still the one it names */
        int d2d = transit_days(rd, pl->origin, p->destination, pl->mode);
        const sv_freight_rate *lane = sv_refdata_freight(rd, pl->origin, p->destination, pl->mode);
        const sv_customs_union *cu_row = sv_refdata_customs_union(rd, pl->origin, p->destination);
        pl->lane_mode = lane ? lane->mode : pl->mode;
        pl->transit_door_to_door = d2d;
        pl->customs_union = cu_row ? cu_row->name : NULL;
        pl->customs_cleared =
            strcmp(pl->origin, p->destination) != 0 && (!cu_row || cu_row->clears);
    }
    b.g = NULL;
    /* a later delivery's milestone on its date, then the launch, last */
    for (int d = 1; d < b.n_dates && !b.nomem; d++) {
        sv_milestone *dm = add(&b, "delivery", NULL, SV_OWNER_BRAND, 0, false,
                               "Delivery %d of %d", d + 1, b.n_dates);
        wait_for(&b, dm, n_received[d], &received[d * b.n_groups]);
        if (dm) {
            dm->delivery = d + 1;
            dm->n_deliveries = b.n_dates;
            pl->deliveries[d].milestone = dm->id;
        }
    }
    sv_milestone *la = add(&b, "launch", NULL, SV_OWNER_BRAND, 0, false, "Launch");
    /* the launch waits for the goods due on its date; when every style is due later, for
     * the first that are */
    int first_due = 0;
    while (!b.nomem && first_due + 1 < nds && n_received[first_due] == 0)
        first_due++;
    wait_for(&b, la, b.nomem ? 0 : n_received[first_due], &received[first_due * b.n_groups]);
    if (la && b.n_dates > 1) {
        la->delivery = 1;
        la->n_deliveries = b.n_dates;
    }
    if (b.nomem) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto fail;
    }
    if (b.failed) {
        rc = SV_ERR_SCHEMA;
        goto fail;
    }
    pl->launch_id = id_of(la);

    pl->deliveries[0].milestone = pl->launch_id;
    pl->n_deliveries = (size_t)b.n_dates;

    forward(&b);
    pl->ready = goods_ready(pl);
    for (int k = 0; k < b.n_groups; k++) {
        pl->origins[k].ready = INT64_MIN;
        for (size_t i = 0; i < pl->n; i++)
            if (!strcmp(pl->ms[i].kind, "warehouse") &&
                !strcmp(pl->ms[i].origin, pl->origins[k].country) &&
                pl->ms[i].end > pl->origins[k].ready)
                pl->origins[k].ready = pl->ms[i].end;
    }
    int64_t target = pl->has_launch ? pl->launch : pl->ready;
    backward(&b, target);
    pl->slack = target - pl->ready;
    /* each delivery: its units, when they are in, its slack; the binding one has the least */
    for (int d = 0; d < b.n_dates; d++) {
        sv_plan_delivery *dl = &pl->deliveries[d];
        dl->date = b.dates[d];
        dl->ready = terminal_ready(pl, dl->milestone);
        dl->slack = dl->date - dl->ready;
        for (size_t f = 0; f < b.n_finals; f++)
            if (b.finals[f].date == d)
                dl->units += b.finals[f].units;
        if (dl->slack < pl->deliveries[pl->binding].slack)
            pl->binding = (size_t)d;
    }
    check_dates(&b);
    if (b.failed) {
        rc = SV_ERR_SCHEMA;
        goto fail;
    }
    pl->latest_start = pl->ms[0].latest_start;
    for (size_t i = 0; i < pl->n; i++)
        if (pl->ms[i].latest_start < pl->latest_start)
            pl->latest_start = pl->ms[i].latest_start;

    /* The critical path: from the launch back, the milestone that each one waited for last
     * (the one whose end set its start). With closures in the calendar, slack alone does
     * not trace a clean chain: the same closure lengthens different work forwards and
     * backwards. */
    int from_id = pl->n_deliveries ? pl->deliveries[pl->binding].milestone : pl->launch_id;
    for (int id = from_id; id >= 0;) {
        sv_milestone *m = &pl->ms[id];
        m->critical = true;
        int next = -1;
        int64_t latest = INT64_MIN;
        for (int k = 0; k < m->n_deps; k++) {
            const sv_milestone *d = &pl->ms[m->deps[k]];
            if (d->end > latest) {
                latest = d->end;
                next = d->id;
            }
        }
        id = next;
    }
    for (size_t i = 0; i < pl->n; i++) {
        sv_milestone *m = &pl->ms[i];
        if (!m->critical || (int)i == pl->launch_id || !strcmp(m->kind, "delivery"))
            continue;
        /* from the end of what it waited for: days spent waiting out a closure before the
         * work could start are the factory's too */
        int64_t from = m->n_deps ? INT64_MIN : pl->today;
        for (int k = 0; k < m->n_deps; k++)
            if (pl->ms[m->deps[k]].end > from)
                from = pl->ms[m->deps[k]].end;
        int64_t span = m->end - from;
        if (!strcmp(m->kind, "transit") || !strcmp(m->kind, "customs") ||
            !strcmp(m->kind, "warehouse") || !strcmp(m->kind, "sample_courier") ||
            !strcmp(m->kind, "fabric_shipment") || strstr(m->kind, "inspection"))
            pl->other_days_critical += span;
        else if (m->owner == SV_OWNER_BRAND)
            pl->brand_days_critical += span;
        else
            pl->factory_days_critical += span;
        if (strstr(m->kind, "approval") || strstr(m->kind, "review"))
            pl->brand_reviews_critical++;
    }

    /* closures met on the earliest schedule, each with what it costs */
    if (!closure_hits(&b, !v->quick) || b.nomem) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto fail;
    }

    int64_t worst = pl->n_deliveries ? pl->deliveries[pl->binding].slack : pl->slack;
    if (!pl->has_launch)
        pl->verdict = SV_PLAN_NO_LAUNCH_DATE;
    else if (worst < 0)
        pl->verdict = SV_PLAN_INFEASIBLE;
    else if (worst < pl->tight_days)
        pl->verdict = SV_PLAN_TIGHT;
    else
        pl->verdict = SV_PLAN_ON_TRACK;

    /* the pool holds only the deps arrays; hand them to the plan by copying into one block */
    size_t total = 0;
    for (size_t i = 0; i < pl->n; i++)
        total += (size_t)pl->ms[i].n_deps;
    int *deps = malloc(sizeof(int) * (total ? total : 1));
    if (!deps) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto fail;
    }
    pl->deps_store = deps;
    size_t at = 0;
    for (size_t i = 0; i < pl->n; i++) {
        memcpy(deps + at, pl->ms[i].deps, sizeof(int) * (size_t)pl->ms[i].n_deps);
        pl->ms[i].deps = deps + at;
        at += (size_t)pl->ms[i].n_deps;
    }
    builder_free(&b);
    *out = pl;
    return SV_OK;

fail:
    builder_free(&b);
    sv_plan_free(pl);
    return rc;
}

/* ---- ways out ---- */

static void date_str(int64_t day, char *buf, size_t n)
{
    sv_date_format(sv_date_from_days(day), buf, n);
}

static sv_way_out *way(sv_plan *pl, const char *code)
{
    if (pl->n_ways >= SV_MAX_WAYS)
        return NULL;
    sv_way_out *w = &pl->ways[pl->n_ways++];
    memset(w, 0, sizeof *w);
    w->code = code;
    return w;
}

/* Average freight per unit (brand currency) of the program by one mode, as costing charges it
 * (the lane's minimum a shipment included). */
static bool freight_per_unit(const sv_program *p, const sv_refdata *rd, const char *origin,
                             sv_mode mode, sv_minor *out)
{
    return sv_cost_freight_per_unit(p, rd, origin, mode, out);
}

/* Average landed cost per unit at an origin, from estimated cost sheets so that origins
 * compare on the same footing (the brand's own sheet was made for one origin), with every
 * style made there: the plan moves the whole program, a style with its own origin too. */
static bool landed_estimate(const sv_program *p, const sv_refdata *rd, const char *origin,
                            sv_minor *out)
{
    sv_cost_options co = {.mode = SV_MODE_SEA};
    memcpy(co.origin, origin, 3);
    sv_cost_report *r = NULL;
    /* cost a copy of the program whose styles have no cost block */
    sv_program copy = *p;
    sv_style *styles = calloc(p->n_styles ? p->n_styles : 1, sizeof *styles);
    if (!styles)
        return false;
    for (size_t i = 0; i < p->n_styles; i++) {
        styles[i] = p->styles[i];
        styles[i].cost.present = false;
        styles[i].origin[0] = '\0';
    }
    copy.styles = styles;
    sv_err e;
    bool ok = sv_cost_run(&copy, rd, &co, &r, &e) == SV_OK && r->program_units > 0;
    if (ok)
        *out = sv_muldiv(r->total_landed, 1, r->program_units);
    sv_cost_report_free(r);
    free(styles);
    return ok;
}

/* A what-if's warehouse date for the delivery `bd` (the binding one of the plan it is
 * weighed against: the launch's with one), and whether it makes every delivery (*fits, may
 * be NULL). */
static sv_code variant_ready(const sv_program *p, const sv_refdata *rd, const sv_plan_options *o,
                             const variant *v, size_t bd, int64_t *ready, bool *fits, sv_err *e)
{
    sv_plan *alt = NULL;
    variant quick = *v;
    quick.quick = true; /* only its warehouse dates are read */
    sv_code rc = build_core(p, rd, o, &quick, &alt, e);
    if (rc == SV_OK) {
        *ready = bd < alt->n_deliveries ? alt->deliveries[bd].ready : alt->ready;
        bool all = true;
        for (size_t d = 0; d < alt->n_deliveries; d++)
            all &= alt->deliveries[d].slack >= 0;
        if (fits)
            *fits = all;
    }
    sv_plan_free(alt);
    return rc;
}

typedef struct cand {
    const char *country;
    int64_t ready;
    size_t order;               /* row in origins.tsv, to break ties */
    bool fits;                  /* every delivery met */
} cand;

/* earliest first; equal dates keep the order of origins.tsv */
static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->ready != y->ready)
        return x->ready < y->ready ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static void ways_out(const sv_program *p, const sv_refdata *rd, const sv_plan_options *opt,
                     sv_plan *pl)
{
    const char *cur = p->brand.currency->code;
    int exp = p->brand.currency->exponent;
    char d1[16], m1[40];
    sv_plan_options o = *opt;
    memcpy(o.origin, pl->origin, 3);
    sv_err e;
    variant none = {0};
    int64_t ready;
    bool fits;
    /* the delivery that binds: the launch's, or a later one with less slack; the ways out are
     * weighed on it, and fit when every delivery is met */
    size_t bd = pl->binding < pl->n_deliveries ? pl->binding : 0;
    int64_t base = bd < pl->n_deliveries ? pl->deliveries[bd].ready : pl->ready;
    char which[48] = "";
    if (bd > 0)
        snprintf(which, sizeof which, " for delivery %zu of %zu", bd + 1, pl->n_deliveries);

    /* air freight */
    if (pl->mode == SV_MODE_SEA) {
        o.mode = SV_MODE_AIR;
        if (variant_ready(p, rd, &o, &none, bd, &ready, &fits, &e) == SV_OK) {
            sv_way_out *w = way(pl, "air_freight");
            sv_minor sea, air;
            w->new_ready = ready;
            w->days_saved = base - ready;
            w->fits = fits;
            w->extra_per_unit = SV_UNSET;
            if (freight_per_unit(p, rd, pl->origin, SV_MODE_SEA, &sea) &&
                freight_per_unit(p, rd, pl->origin, SV_MODE_AIR, &air))
                w->extra_per_unit = air - sea;
            date_str(ready, d1, sizeof d1);
            sv_decimal_format(w->extra_per_unit > 0 ? w->extra_per_unit : 0, exp, true, m1,
                              sizeof m1);
            snprintf(w->text, sizeof w->text,
                     "Ship by air: %lld days sooner (in the warehouse %s%s) for about %s %s more "
                     "per unit in freight.",
                     (long long)w->days_saved, d1, which, m1, cur);
        }
        o.mode = pl->mode;
    }

    /* stock fabric instead of custom dyeing */
    bool any_custom = false;
    for (size_t i = 0; i < p->n_styles; i++) {
        if (fabric_said(p, &p->styles[i]) != SV_FABRIC_STOCK)
            any_custom = true;
    }
    if (any_custom) {
        variant v = {.stock_fabric = true};
        if (variant_ready(p, rd, &o, &v, bd, &ready, &fits, &e) == SV_OK && ready < base) {
            sv_way_out *w = way(pl, "stock_fabric");
            w->new_ready = ready;
            w->days_saved = base - ready;
            w->fits = fits;
            date_str(ready, d1, sizeof d1);
            snprintf(w->text, sizeof w->text,
                     "Use the mill's stock fabric and shades instead of custom dyeing: %lld days "
                     "sooner (%s%s), no lab dips; the price is the choice of colours.",
                     (long long)w->days_saved, d1, which);
        }
    }

    /* one fit round less, where the category allows it */
    {
        variant v = {.fewer_fits = true};
        if (variant_ready(p, rd, &o, &v, bd, &ready, &fits, &e) == SV_OK && ready < base) {
            sv_way_out *w = way(pl, "fewer_fit_rounds");
            w->new_ready = ready;
            w->days_saved = base - ready;
            w->fits = fits;
            date_str(ready, d1, sizeof d1);
            snprintf(w->text, sizeof w->text,
                     "One fit round less on the styles whose category allows it (not "
                     "activewear, swimwear or complex tailoring): %lld days sooner (%s%s), at "
                     "the risk of fit problems in bulk.",
                     (long long)w->days_saved, d1, which);
        }
    }

    /* both at once, when neither alone is enough */
    bool stock_helps = false;
    for (int i = 0; i < pl->n_ways; i++)
        stock_helps |= !strcmp(pl->ways[i].code, "stock_fabric");
    if (pl->mode == SV_MODE_SEA && stock_helps) {
        bool single_fits = false;
        for (int i = 0; i < pl->n_ways; i++)
            single_fits |= pl->ways[i].fits;
        variant v = {.stock_fabric = true};
        o.mode = SV_MODE_AIR;
        if (!single_fits && variant_ready(p, rd, &o, &v, bd, &ready, &fits, &e) == SV_OK) {
            sv_way_out *w = way(pl, "air_and_stock_fabric");
            w->new_ready = ready;
            w->days_saved = base - ready;
            w->fits = fits;
            date_str(ready, d1, sizeof d1);
            snprintf(w->text, sizeof w->text,
                     "Stock fabric and air freight together: %lld days sooner (%s%s).",
                     (long long)w->days_saved, d1, which);
        }
        o.mode = pl->mode;
    }

    /* a nearer origin: the three that reach the warehouse first, with their landed cost */
    sv_minor here = 0;
    bool have_here = landed_estimate(p, rd, pl->origin, &here);
    cand *all = calloc(rd->n_origins ? rd->n_origins : 1, sizeof *all);
    size_t nc = 0;
    o.one_origin = true; /* the whole program moved there, a style with its own origin too */
    for (size_t i = 0; all && i < rd->n_origins; i++) {
        const char *c = rd->origins[i].country;
        if (!strcmp(c, pl->origin))
            continue;
        memcpy(o.origin, c, 3);
        if (variant_ready(p, rd, &o, &none, bd, &ready, &fits, &e) == SV_OK && ready < base)
            all[nc++] = (cand){c, ready, i, fits};
    }
    if (all)
        qsort(all, nc, sizeof *all, cmp_cand);
    memcpy(o.origin, pl->origin, 3);
    o.one_origin = opt->one_origin;
    cand best[3];
    int nb = nc < 3 ? (int)nc : 3;
    for (int i = 0; i < nb; i++)
        best[i] = all[i];
    free(all);
    for (int i = 0; i < nb; i++) {
        sv_way_out *w = way(pl, "nearer_origin");
        if (!w)
            break;
        memcpy(w->origin, best[i].country, 3);
        w->new_ready = best[i].ready;
        w->days_saved = base - best[i].ready;
        w->fits = best[i].fits;
        w->extra_per_unit = SV_UNSET;
        sv_minor there;
        if (have_here && landed_estimate(p, rd, best[i].country, &there))
            w->extra_per_unit = there - here;
        date_str(best[i].ready, d1, sizeof d1);
        if (w->extra_per_unit != SV_UNSET) {
            sv_minor diff = w->extra_per_unit;
            sv_decimal_format(diff < 0 ? -diff : diff, exp, true, m1, sizeof m1);
            snprintf(w->text, sizeof w->text,
                     "Make it in %s: in the warehouse %s%s (%lld days sooner); estimated "
                     "landed cost %s %s %s per unit.",
                     best[i].country, d1, which, (long long)w->days_saved,
                     diff < 0 ? "lower by" : "higher by", m1, cur);
            /* a landed cost resting on a preference holds only under its rule of origin */
            const char *rule = sv_cost_origin_caveat(rd, best[i].country, p->destination,
                                                     pl->has_launch ? pl->launch : 0);
            size_t used = strlen(w->text);
            if (rule && used < sizeof w->text)
                snprintf(w->text + used, sizeof w->text - used,
                         " Duty-free only if the rule of origin is met: %s.", rule);
        } else {
            snprintf(w->text, sizeof w->text, "Make it in %s: in the warehouse %s%s (%lld days "
                     "sooner).", best[i].country, d1, which, (long long)w->days_saved);
        }
    }

    /* a later launch */
    {
        sv_way_out *w = way(pl, "later_launch");
        if (w) {
            w->new_ready = base;
            w->fits = true;
            date_str(base + pl->tight_days, d1, sizeof d1);
            if (bd > 0)
                snprintf(w->text, sizeof w->text,
                         "Move delivery %zu of %zu to %s or later: the plan as it stands, with %d "
                         "days of margin.",
                         bd + 1, pl->n_deliveries, d1, pl->tight_days);
            else
                snprintf(w->text, sizeof w->text,
                         "Launch on %s or later: the plan as it stands, with %d days of margin.",
                         d1, pl->tight_days);
        }
    }
}

sv_code sv_plan_build(const sv_program *p, const sv_refdata *rd, const sv_plan_options *opt,
                      sv_plan **out, sv_err *e)
{
    variant none = {0};
    sv_code rc = build_core(p, rd, opt, &none, out, e);
    if (rc == SV_OK && !opt->no_ways_out && (*out)->has_launch &&
        (*out)->verdict != SV_PLAN_ON_TRACK)
        ways_out(p, rd, opt, *out);
    return rc;
}

void sv_plan_free(sv_plan *pl)
{
    if (!pl)
        return;
    free(pl->deps_store);
    free(pl->ms);
    free(pl->hits);
    free(pl->origins);
    free(pl->deliveries);
    free(pl);
}

const char *sv_plan_verdict_name(sv_plan_verdict v)
{
    static const char *const n[] = {"on_track", "tight", "infeasible", "no_launch_date"};
    return (int)v >= 0 && v <= SV_PLAN_NO_LAUNCH_DATE ? n[v] : "?";
}

char *sv_day_format(int64_t day, char *buf, size_t n)
{
    return sv_date_format(sv_date_from_days(day), buf, n);
}

const char *sv_holiday_label(const char *id)
{
    static const struct {
        const char *id, *label;
    } labels[] = {{"lunar-new-year", "Chinese New Year (Tet in Vietnam)"},
                  {"eid-al-fitr", "Eid al-Fitr"},
                  {"eid-al-adha", "Eid al-Adha"},
                  {"diwali", "Diwali"},
                  {"summer-shutdown", "The August shutdown"},
                  {"christmas", "Christmas to New Year"},
                  {"golden-week", "China's National Day week (Golden Week)"},
                  {"reunification-day", "Reunification Day and Labour Day (30 April-1 May)"},
                  {"vietnam-national-day", "Vietnam's National Day (2 September)"},
                  {"sinhala-tamil-new-year", "The Sinhala and Tamil New Year"},
                  {"khmer-new-year", "Khmer New Year"},
                  {"thingyan", "Thingyan (Myanmar New Year)"}};
    if (!id)
        return "A closure";
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].id, id) == 0)
            return labels[i].label;
    return id;
}

const char *sv_owner_name(sv_owner o)
{
    return o == SV_OWNER_BRAND ? "brand" : "factory";
}
