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
} variant;

typedef struct builder {
    const sv_program *p;
    const sv_refdata *rd;
    sv_plan *plan;
    sv_pool *pool;
    size_t cap;
    sv_closure *closures;       /* the origin's, sorted and merged: apart by an open day */
    size_t n_closures;
    /* lead_times.tsv for the plan's origin by stage and complexity (0: the program's own) */
    int64_t lead[SV_STAGE__COUNT][4];
    bool nomem;
    sv_err *e;
    bool failed;                /* *e holds why the plan cannot be made */
} builder;

/* ---- the calendar ----
 *
 * Closures are few (a handful a year) and work is long, so the calendar jumps from closure to
 * closure rather than walking day by day: the time to place a milestone follows the
 * closures it meets, not its length. */

/* The first closure that ends on or after `day`, or n_closures. */
static size_t closure_from(const builder *b, int64_t day)
{
    size_t lo = 0, hi = b->n_closures;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->closures[mid].last < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Schedule `dur` days of work from `start`; returns the exclusive end. On a factory calendar
 * closed days do not count, and work due to begin in a closure begins after it. */
static int64_t advance(builder *b, sv_milestone *m, int64_t start, int64_t dur,
                       int64_t *real_start)
{
    int64_t d = start, pushed = 0;
    const char *why = NULL;
    m->pushed = 0;
    m->pushed_by = NULL;
    b->plan->work++;
    if (!m->factory_calendar) {
        *real_start = d;
        return d + dur;
    }
    size_t i = closure_from(b, d);
    if (i < b->n_closures && b->closures[i].first <= d) { /* due to begin in a closure */
        pushed += b->closures[i].last + 1 - d;
        why = b->closures[i].holiday;
        d = b->closures[i].last + 1;
        i++;
    }
    *real_start = d;
    for (int64_t left = dur; left > 0; i++) {
        b->plan->work++;
        /* open days before the next closure: at least one, closures being merged */
        int64_t open = i < b->n_closures ? b->closures[i].first - d : INT64_MAX;
        if (left <= open) {
            d += left;
            break;
        }
        left -= open;
        pushed += b->closures[i].last - b->closures[i].first + 1;
        if (!why)
            why = b->closures[i].holiday;
        d = b->closures[i].last + 1;
    }
    m->pushed = (int)pushed;
    m->pushed_by = pushed ? why : NULL;
    return d;
}

/* The latest start for work that must end (exclusively) by `end`. */
static int64_t retreat(builder *b, const sv_milestone *m, int64_t end, int64_t dur,
                       int64_t *real_end)
{
    int64_t d = end;
    b->plan->work++;
    if (!m->factory_calendar) {
        *real_end = d;
        return d - dur;
    }
    /* a closure holding the day before `end`: the work ends before it */
    size_t i = closure_from(b, d - 1);
    if (i < b->n_closures && b->closures[i].first <= d - 1)
        d = b->closures[i].first;
    *real_end = d;
    for (int64_t left = dur; left > 0;) {
        b->plan->work++;
        /* the closure before d, and the open days between it and d */
        size_t k = closure_from(b, d);
        int64_t open = k > 0 ? d - (b->closures[k - 1].last + 1) : INT64_MAX;
        if (left <= open) {
            d -= left;
            break;
        }
        left -= open;
        d = b->closures[k - 1].first;
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
    return b->lead[st][complexity >= 0 && complexity <= 3 ? complexity : 0];
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

static sv_fabric_source fabric_of(const builder *b, const sv_style *s, const variant *v)
{
    if (v->stock_fabric)
        return SV_FABRIC_STOCK;
    if (s->timeline.fabric != SV_FABRIC_UNSET)
        return s->timeline.fabric;
    if (b->p->timeline.fabric != SV_FABRIC_UNSET)
        return b->p->timeline.fabric;
    return SV_FABRIC_CUSTOM;
}

/* The milestones of one style; returns the id of its final inspection. */
static int style_graph(builder *b, const sv_style *s, int onboarding, const variant *v)
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
        sv_milestone *r = add(b, "lab_dip_approval", sc, SV_OWNER_BRAND,
                              days(b, s, SV_STAGE_LAB_DIP_REVIEW, cx), false,
                              "Lab dips round %d review", k);
        after(b, r, id_of(m));
        prev = last_dip = id_of(r);
    }

    /* samples: proto, fit rounds, size set; each made by the factory, reviewed by the brand */
    sv_milestone *proto = add(b, "proto", sc, SV_OWNER_FACTORY, days(b, s, SV_STAGE_PROTO, cx),
                              true, "Proto sample");
    after(b, proto, id_of(tp));
    sv_milestone *rev = add(b, "proto_review", sc, SV_OWNER_BRAND,
                            days(b, s, SV_STAGE_SAMPLE_REVIEW, cx), false, "Proto review");
    after(b, rev, id_of(proto));
    prev = id_of(rev);
    int fits = fit_rounds(b, s, cx, v);
    for (int k = 1; k <= fits; k++) {
        m = add(b, "fit_sample", sc, SV_OWNER_FACTORY, days(b, s, SV_STAGE_FIT_SAMPLE, cx),
                true, "Fit sample %d", k);
        after(b, m, prev);
        sv_milestone *r = add(b, "fit_approval", sc, SV_OWNER_BRAND,
                              days(b, s, SV_STAGE_SAMPLE_REVIEW, cx), false,
                              "Fit sample %d review", k);
        after(b, r, id_of(m));
        prev = id_of(r);
    }
    int fit_done = prev;
    m = add(b, "size_set", sc, SV_OWNER_FACTORY, days(b, s, SV_STAGE_SIZE_SET, cx), true,
            "Size set");
    after(b, m, prev);
    sv_milestone *ssr = add(b, "size_set_approval", sc, SV_OWNER_BRAND,
                            days(b, s, SV_STAGE_SAMPLE_REVIEW, cx), false, "Size set review");
    after(b, ssr, id_of(m));

    /* fabric and trims: booked once the price and the colours are agreed */
    sv_milestone *book = add(b, "fabric_booking", sc, SV_OWNER_BRAND,
                             days(b, s, SV_STAGE_FABRIC_BOOKING, cx), false,
                             "Fabric and trims booking");
    int book_deps[2] = {id_of(quote), last_dip};
    wait_for(b, book, 2, book_deps);
    sv_milestone *fabric =
        add(b, fab == SV_FABRIC_STOCK ? "fabric_stock" : "fabric_dyeing", sc, SV_OWNER_FACTORY,
            days(b, s, fab == SV_FABRIC_STOCK ? SV_STAGE_FABRIC_STOCK : SV_STAGE_FABRIC_CUSTOM,
                      cx),
            true, fab == SV_FABRIC_STOCK ? "Bulk fabric from stock" : "Greige and dyeing (custom)");
    after(b, fabric, id_of(book));

    /* pre-production sample in bulk fabric once the fit is approved; the size set (grading
     * checked in every size) runs beside it, and bulk waits for both */
    sv_milestone *pp = add(b, "pp_sample", sc, SV_OWNER_FACTORY,
                           days(b, s, SV_STAGE_PP_SAMPLE, cx), true, "PP sample");
    int pp_deps[2] = {fit_done, id_of(fabric)};
    wait_for(b, pp, 2, pp_deps);
    sv_milestone *ppa = add(b, "pp_approval", sc, SV_OWNER_BRAND,
                            days(b, s, SV_STAGE_SAMPLE_REVIEW, cx), false, "PP approval");
    after(b, ppa, id_of(pp));

    int64_t units = sv_style_units(s);
    int64_t per_day = days(b, s, SV_STAGE_OUTPUT_PER_DAY, cx);
    if (per_day <= 0)
        per_day = 1;
    int64_t sew = (units + per_day - 1) / per_day;
    int64_t setup = days(b, s, SV_STAGE_PRODUCTION_SETUP, cx);
    int64_t total = setup + sew;
    int64_t floor_days = sv_refdata_param(b->rd, "production_min_days", 0);
    if (s->timeline.days[SV_STAGE_OUTPUT_PER_DAY] < 0 &&
        b->p->timeline.days[SV_STAGE_OUTPUT_PER_DAY] < 0 && total < floor_days)
        total = floor_days; /* a factory's own figures in timeline: replace the floor */
    if (total > MAX_SPAN) {
        /* no calendar holds it: say why, in the numbers that make it */
        char t[32], u[32], d[32], mx[32];
        refuse(b, sc, NULL,
               "production of %s would take %s days (%s units at %s a day, after %lld days of "
               "set-up), more than the %s days from " SV_DATE_RANGE_TEXT " that selvedge plans "
               "in: check the colours' units and output_per_day",
               sc, sv_decimal_format(total, 0, true, t, sizeof t),
               sv_decimal_format(units, 0, true, u, sizeof u),
               sv_decimal_format(per_day, 0, true, d, sizeof d), (long long)setup,
               sv_decimal_format(MAX_SPAN, 0, true, mx, sizeof mx));
        total = MAX_SPAN;
    }
    /* inline inspection at about 40% of output: production is split around it */
    int64_t first = (total * 4 + 9) / 10, rest = total - first;
    sv_milestone *pa = add(b, "production", sc, SV_OWNER_FACTORY, first, true,
                           "Production, first 40%%");
    int pa_deps[3] = {id_of(ppa), id_of(ssr), onboarding};
    wait_for(b, pa, 3, pa_deps);
    sv_milestone *inl = add(b, "inline_inspection", sc, SV_OWNER_BRAND, 1, true,
                            "Inline inspection");
    after(b, inl, id_of(pa));
    sv_milestone *pb = add(b, "production", sc, SV_OWNER_FACTORY, rest, true,
                           "Production, the rest");
    after(b, pb, id_of(pa));
    sv_milestone *fin = add(b, "final_inspection", sc, SV_OWNER_BRAND,
                            days(b, s, SV_STAGE_FINAL_QC, cx), true,
                            "Final inspection (AQL)");
    int fin_deps[2] = {id_of(pb), id_of(inl)};
    wait_for(b, fin, 2, fin_deps);
    return id_of(fin);
}

static int transit_days(const sv_refdata *rd, const char *origin, const char *dest, sv_mode mode)
{
    const sv_freight_rate *fr = sv_refdata_freight(rd, origin, dest, mode);
    if (!fr)
        return mode == SV_MODE_AIR ? 8 : 35; /* no lane on file: the usual Asia-to-West figures */
    return (fr->transit_days_low + fr->transit_days_high + 1) / 2;
}

/* "Sea", "Air" or "Road": the mode the lane really uses (a trucked lane answers "sea"). */
static const char *lane_mode_label(const sv_refdata *rd, const sv_plan *pl, const sv_program *p)
{
    const sv_freight_rate *fr = sv_refdata_freight(rd, pl->origin, p->destination, pl->mode);
    sv_mode m = fr ? fr->mode : pl->mode;
    return m == SV_MODE_AIR ? "Air" : m == SV_MODE_ROAD ? "Road" : "Sea";
}

/* ---- scheduling ---- */

static void forward(builder *b)
{
    sv_plan *pl = b->plan;
    for (size_t i = 0; i < pl->n; i++) {
        sv_milestone *m = &pl->ms[i];
        int64_t es = pl->today;
        for (int k = 0; k < m->n_deps; k++)
            if (pl->ms[m->deps[k]].end > es)
                es = pl->ms[m->deps[k]].end;
        /* the launch happens on its date when the goods are there in time */
        if ((int)i == pl->launch_id && pl->has_launch && pl->launch > es)
            es = pl->launch;
        m->end = advance(b, m, es, m->duration, &m->start);
    }
}

static void backward(builder *b, int64_t target)
{
    sv_plan *pl = b->plan;
    for (size_t i = 0; i < pl->n; i++)
        pl->ms[i].latest_end = INT64_MAX;
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

/* Build and schedule one variant of the plan, without ways out. */
static sv_code build_core(const sv_program *p, const sv_refdata *rd, const sv_plan_options *opt,
                          const variant *v, sv_plan **out, sv_err *e)
{
    *out = NULL;
    sv_plan *pl = calloc(1, sizeof *pl);
    builder b = {.p = p, .rd = rd, .plan = pl, .e = e};
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
    for (int st = 0; st < SV_STAGE__COUNT; st++)
        for (int cx = 0; cx <= 3; cx++)
            b.lead[st][cx] = sv_refdata_lead_days(rd, (sv_stage)st, pl->origin, cx);
    /* per style at most 20 fixed milestones and two per lab dip and fit round; a few for
     * the program */
    b.cap = p->n_styles * (20 + 2 * MAX_ROUNDS + 2 * MAX_ROUNDS) + 8;
    pl->ms = calloc(b.cap, sizeof *pl->ms);
    /* every closure of the origin in the supported dates (one a holiday row at most), cut to
     * them: a plan never holds a day outside */
    b.closures = malloc((rd->n_holidays ? rd->n_holidays : 1) * sizeof *b.closures);
    if (!pl->ms || !b.closures) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto fail;
    }
    b.n_closures = sv_refdata_closures(rd, pl->origin, SV_DAY_FIRST, SV_DAY_LAST, b.closures,
                                       rd->n_holidays);
    for (size_t i = 0; i < b.n_closures; i++) {
        if (b.closures[i].first < SV_DAY_FIRST)
            b.closures[i].first = SV_DAY_FIRST;
        if (b.closures[i].last > SV_DAY_LAST)
            b.closures[i].last = SV_DAY_LAST;
    }
    /* past the last holiday on file closures are unknown, not absent: say so */
    pl->closures_known_until = 0;
    for (size_t i = 0; i < rd->n_holidays; i++) {
        int64_t d = sv_date_to_days(rd->holidays[i].date);
        if (d > pl->closures_known_until)
            pl->closures_known_until = d;
    }

    /* A factory books capacity for a new brand only after a while: the first order with a new
     * factory takes longer (origins.tsv new_brand_extra_days). It runs beside sampling. */
    int onboarding = -1;
    if (p->n_styles) {
        sv_milestone *ob = add(&b, "capacity_booking", NULL, SV_OWNER_FACTORY,
                               oi->new_brand_extra_days, false,
                               "Capacity booking (first order)");
        wait_for(&b, ob, 0, NULL);
        onboarding = id_of(ob);
    }
    int *finals = sv_pool_alloc(b.pool, sizeof(int) * (p->n_styles ? p->n_styles : 1));
    if (!finals)
        b.nomem = true;
    for (size_t i = 0; i < p->n_styles && !b.nomem; i++)
        finals[i] = style_graph(&b, &p->styles[i], onboarding, v);
    sv_milestone *exf = add(&b, "ex_factory", NULL, SV_OWNER_FACTORY, 0, true, "Ex-factory");
    wait_for(&b, exf, (int)p->n_styles, finals);
    sv_milestone *tr = add(&b, "transit", NULL, SV_OWNER_BRAND,
                           transit_days(rd, pl->origin, p->destination, pl->mode), false,
                           "%s freight %s to %s", lane_mode_label(rd, pl, p), pl->origin,
                           p->destination);
    after(&b, tr, id_of(exf));
    sv_milestone *cu = add(&b, "customs", NULL, SV_OWNER_BRAND,
                           days(&b, NULL, SV_STAGE_CUSTOMS, 0), false, "Customs clearance");
    after(&b, cu, id_of(tr));
    sv_milestone *wh = add(&b, "warehouse", NULL, SV_OWNER_BRAND,
                           days(&b, NULL, SV_STAGE_WAREHOUSE, 0), false, "Warehouse receipt");
    after(&b, wh, id_of(cu));
    sv_milestone *la = add(&b, "launch", NULL, SV_OWNER_BRAND, 0, false, "Launch");
    after(&b, la, id_of(wh));
    if (b.nomem) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto fail;
    }
    if (b.failed) {
        rc = SV_ERR_SCHEMA;
        goto fail;
    }
    pl->launch_id = id_of(la);

    forward(&b);
    pl->ready = pl->ms[id_of(wh)].end;
    int64_t target = pl->has_launch ? pl->launch : pl->ready;
    backward(&b, target);
    pl->slack = target - pl->ready;
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
    for (int id = pl->launch_id; id >= 0;) {
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
        if (!m->critical || (int)i == pl->launch_id)
            continue;
        /* from the end of what it waited for: days spent waiting out a closure before the
         * work could start are the factory's too */
        int64_t from = m->n_deps ? INT64_MIN : pl->today;
        for (int k = 0; k < m->n_deps; k++)
            if (pl->ms[m->deps[k]].end > from)
                from = pl->ms[m->deps[k]].end;
        int64_t span = m->end - from;
        if (!strcmp(m->kind, "transit") || !strcmp(m->kind, "customs") ||
            !strcmp(m->kind, "warehouse") || strstr(m->kind, "inspection"))
            pl->other_days_critical += span;
        else if (m->owner == SV_OWNER_BRAND)
            pl->brand_days_critical += span;
        else
            pl->factory_days_critical += span;
        if (strstr(m->kind, "approval") || strstr(m->kind, "review"))
            pl->brand_reviews_critical++;
    }

    /* closures met on the earliest schedule */
    size_t nh = 0;
    for (size_t i = 0; i < pl->n; i++)
        if (pl->ms[i].pushed)
            nh++;
    pl->hits = nh ? calloc(nh, sizeof *pl->hits) : NULL;
    for (size_t i = 0; i < pl->n && pl->hits; i++) {
        const sv_milestone *m = &pl->ms[i];
        if (!m->pushed)
            continue;
        sv_closure_hit *h = &pl->hits[pl->n_hits++];
        h->milestone = m->id;
        h->holiday = m->pushed_by;
        h->days = m->pushed;
        for (size_t k = 0; k < b.n_closures; k++)
            if (b.closures[k].last >= m->start - m->pushed && b.closures[k].first < m->end &&
                b.closures[k].holiday == m->pushed_by) {
                h->first = b.closures[k].first;
                h->last = b.closures[k].last;
                break;
            }
    }

    if (!pl->has_launch)
        pl->verdict = SV_PLAN_NO_LAUNCH_DATE;
    else if (pl->slack < 0)
        pl->verdict = SV_PLAN_INFEASIBLE;
    else if (pl->slack < pl->tight_days)
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
    sv_pool_free(b.pool);
    free(b.closures);
    *out = pl;
    return SV_OK;

fail:
    sv_pool_free(b.pool);
    free(b.closures);
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
 * compare on the same footing (the brand's own sheet was made for one origin). */
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

static sv_code variant_ready(const sv_program *p, const sv_refdata *rd, const sv_plan_options *o,
                             const variant *v, int64_t *ready, sv_err *e)
{
    sv_plan *alt = NULL;
    sv_code rc = build_core(p, rd, o, v, &alt, e);
    if (rc == SV_OK)
        *ready = alt->ready;
    sv_plan_free(alt);
    return rc;
}

typedef struct cand {
    const char *country;
    int64_t ready;
    size_t order;               /* row in origins.tsv, to break ties */
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

    /* air freight */
    if (pl->mode == SV_MODE_SEA) {
        o.mode = SV_MODE_AIR;
        if (variant_ready(p, rd, &o, &none, &ready, &e) == SV_OK) {
            sv_way_out *w = way(pl, "air_freight");
            sv_minor sea, air;
            w->new_ready = ready;
            w->days_saved = pl->ready - ready;
            w->fits = ready <= pl->launch;
            w->extra_per_unit = SV_UNSET;
            if (freight_per_unit(p, rd, pl->origin, SV_MODE_SEA, &sea) &&
                freight_per_unit(p, rd, pl->origin, SV_MODE_AIR, &air))
                w->extra_per_unit = air - sea;
            date_str(ready, d1, sizeof d1);
            sv_decimal_format(w->extra_per_unit > 0 ? w->extra_per_unit : 0, exp, true, m1,
                              sizeof m1);
            snprintf(w->text, sizeof w->text,
                     "Ship by air: %lld days sooner (in the warehouse %s) for about %s %s more "
                     "per unit in freight.",
                     (long long)w->days_saved, d1, m1, cur);
        }
        o.mode = pl->mode;
    }

    /* stock fabric instead of custom dyeing */
    bool any_custom = false;
    for (size_t i = 0; i < p->n_styles; i++) {
        const sv_style *s = &p->styles[i];
        sv_fabric_source f = s->timeline.fabric != SV_FABRIC_UNSET ? s->timeline.fabric
                                                                   : p->timeline.fabric;
        if (f != SV_FABRIC_STOCK)
            any_custom = true;
    }
    if (any_custom) {
        variant v = {.stock_fabric = true};
        if (variant_ready(p, rd, &o, &v, &ready, &e) == SV_OK && ready < pl->ready) {
            sv_way_out *w = way(pl, "stock_fabric");
            w->new_ready = ready;
            w->days_saved = pl->ready - ready;
            w->fits = ready <= pl->launch;
            date_str(ready, d1, sizeof d1);
            snprintf(w->text, sizeof w->text,
                     "Use the mill's stock fabric and shades instead of custom dyeing: %lld days "
                     "sooner (%s), no lab dips; the price is the choice of colours.",
                     (long long)w->days_saved, d1);
        }
    }

    /* one fit round less, where the category allows it */
    {
        variant v = {.fewer_fits = true};
        if (variant_ready(p, rd, &o, &v, &ready, &e) == SV_OK && ready < pl->ready) {
            sv_way_out *w = way(pl, "fewer_fit_rounds");
            w->new_ready = ready;
            w->days_saved = pl->ready - ready;
            w->fits = ready <= pl->launch;
            date_str(ready, d1, sizeof d1);
            snprintf(w->text, sizeof w->text,
                     "One fit round less on the styles whose category allows it (not "
                     "activewear, swimwear or complex tailoring): %lld days sooner (%s), at the "
                     "risk of fit problems in bulk.",
                     (long long)w->days_saved, d1);
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
        if (!single_fits && variant_ready(p, rd, &o, &v, &ready, &e) == SV_OK) {
            sv_way_out *w = way(pl, "air_and_stock_fabric");
            w->new_ready = ready;
            w->days_saved = pl->ready - ready;
            w->fits = ready <= pl->launch;
            date_str(ready, d1, sizeof d1);
            snprintf(w->text, sizeof w->text,
                     "Stock fabric and air freight together: %lld days sooner (%s).",
                     (long long)w->days_saved, d1);
        }
        o.mode = pl->mode;
    }

    /* a nearer origin: the three that reach the warehouse first, with their landed cost */
    sv_minor here = 0;
    bool have_here = landed_estimate(p, rd, pl->origin, &here);
    cand *all = calloc(rd->n_origins ? rd->n_origins : 1, sizeof *all);
    size_t nc = 0;
    for (size_t i = 0; all && i < rd->n_origins; i++) {
        const char *c = rd->origins[i].country;
        if (!strcmp(c, pl->origin))
            continue;
        memcpy(o.origin, c, 3);
        if (variant_ready(p, rd, &o, &none, &ready, &e) == SV_OK && ready < pl->ready)
            all[nc++] = (cand){c, ready, i};
    }
    if (all)
        qsort(all, nc, sizeof *all, cmp_cand);
    memcpy(o.origin, pl->origin, 3);
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
        w->days_saved = pl->ready - best[i].ready;
        w->fits = best[i].ready <= pl->launch;
        w->extra_per_unit = SV_UNSET;
        sv_minor there;
        if (have_here && landed_estimate(p, rd, best[i].country, &there))
            w->extra_per_unit = there - here;
        date_str(best[i].ready, d1, sizeof d1);
        if (w->extra_per_unit != SV_UNSET) {
            sv_minor diff = w->extra_per_unit;
            sv_decimal_format(diff < 0 ? -diff : diff, exp, true, m1, sizeof m1);
            snprintf(w->text, sizeof w->text,
                     "Make it in %s: in the warehouse %s (%lld days sooner); estimated landed "
                     "cost %s %s %s per unit.",
                     best[i].country, d1, (long long)w->days_saved, diff < 0 ? "lower by" : "higher by",
                     m1, cur);
            /* a landed cost resting on a preference holds only under its rule of origin */
            const char *rule = sv_cost_origin_caveat(rd, best[i].country, p->destination,
                                                     pl->has_launch ? pl->launch : 0);
            size_t used = strlen(w->text);
            if (rule && used < sizeof w->text)
                snprintf(w->text + used, sizeof w->text - used,
                         " Duty-free only if the rule of origin is met: %s.", rule);
        } else {
            snprintf(w->text, sizeof w->text, "Make it in %s: in the warehouse %s (%lld days "
                     "sooner).", best[i].country, d1, (long long)w->days_saved);
        }
    }

    /* a later launch */
    {
        sv_way_out *w = way(pl, "later_launch");
        if (w) {
            w->new_ready = pl->ready;
            w->fits = true;
            date_str(pl->ready + pl->tight_days, d1, sizeof d1);
            snprintf(w->text, sizeof w->text,
                     "Launch on %s or later: the plan as it stands, with %d days of margin.", d1,
                     pl->tight_days);
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
                  {"christmas", "Christmas to New Year"}};
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
