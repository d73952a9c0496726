/* The T&A calendar as files people open elsewhere: CSV for any tool, iCalendar for calendar
 * apps, an Excel workbook for the meeting with the factory.
 *
 * The three writers read the plan the same way:
 * - the plan's `end` days are exclusive. CSV and the workbook print the last day of work,
 *   which is what people say ("proto sample 3 to 7 March"); iCalendar keeps DTEND exclusive
 *   because RFC 5545 defines all-day events that way.
 * - a milestone of 0 days (ex-factory, launch) is a point in time: its last day is its start,
 *   and in a calendar it takes that one day, or no calendar app would show it.
 * - nothing depends on the clock, the locale or the machine, so the same plan gives the same
 *   bytes: DTSTAMP and the workbook's creation date are the plan's `today`, and UIDs are
 *   stable so that importing a calendar again updates its events instead of doubling them.
 *
 * The formats are described in docs/internals/plan_exports.md. */
#include "selvedge/plan_export.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>
#include <xlsxwriter.h>

#include "selvedge/csv_write.h"

/* ---- shared ---- */

/* Cap on one generated text (a description, a list of what a milestone waits for): far above
 * anything a real plan produces, low enough that a corrupt plan cannot eat the memory. */
enum { MAX_TEXT = 1 << 20 };

/* A growing string. Once an append fails the buffer stays failed, so a sequence of appends
 * needs one check at the end. */
typedef struct dbuf {
    char *s;
    size_t len, cap;
    bool failed;
} dbuf;

static void db_printf(dbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void db_printf(dbuf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || b->len + (size_t)n + 1 > MAX_TEXT) {
        b->failed = true;
        return;
    }
    size_t need = b->len + (size_t)n + 1;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < need)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = true;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void db_reset(dbuf *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = '\0';
}

static const char *db_str(const dbuf *b)
{
    return b->s ? b->s : "";
}

static const char *str(const char *s)
{
    return s ? s : "";
}

static const char *plural(int64_t n)
{
    return n == 1 || n == -1 ? "" : "s";
}

/* The last day of work of [start, end): the day before the exclusive end, or the start itself
 * for a milestone of 0 days. */
static int64_t last_day(int64_t start, int64_t end)
{
    return end > start ? end - 1 : start;
}

static bool same_style(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The plan comes from sv_plan_build, or from a caller who built it by hand; the writers index
 * with its ids, so a bad one is refused here rather than read out of bounds later. */
/* Every day the plan holds is inside the supported dates (the planner refuses a plan that
 * would leave them; sv_plan_dates_ok is its check): no writer puts a date of the year 12978,
 * or 0000, in a file. An all-day event on the last day ends, exclusively as RFC 5545 has it,
 * on the day after. */
static sv_code check_dates(const sv_plan *plan, sv_err *e)
{
    const char *what = NULL;
    int64_t bad = 0;
    if (sv_plan_dates_ok(plan, &bad, &what))
        return SV_OK;
    char d[24];
    snprintf(d, sizeof d, "%lld", (long long)bad);
    if (bad > -3000000 && bad < 3000000) /* a date with a year of at most 5 digits */
        sv_day_format(bad, d, sizeof d);
    return sv_err_set(e, SV_ERR_INTERNAL,
                      "plan export: %s is dated %s, outside the dates selvedge plans in ("
                      SV_DATE_RANGE_TEXT ")", what, d);
}

static sv_code check_plan(const sv_program *p, const sv_plan *plan, sv_err *e)
{
    if (!p || !plan || (plan->n && !plan->ms))
        return sv_err_set(e, SV_ERR_INTERNAL, "plan export: no program or no plan");
    for (size_t i = 0; i < plan->n; i++) {
        const sv_milestone *m = &plan->ms[i];
        if (!memchr(m->name, '\0', sizeof m->name))
            return sv_err_set(e, SV_ERR_INTERNAL, "plan export: milestone %zu has no name", i);
        if (m->n_deps < 0 || (m->n_deps && !m->deps))
            return sv_err_set(e, SV_ERR_INTERNAL, "plan export: milestone %zu has bad deps", i);
        for (int k = 0; k < m->n_deps; k++)
            if (m->deps[k] < 0 || (size_t)m->deps[k] >= plan->n)
                return sv_err_set(e, SV_ERR_INTERNAL,
                                  "plan export: milestone %zu waits for %d, not in the plan", i,
                                  m->deps[k]);
        if (m->end < m->start)
            return sv_err_set(e, SV_ERR_INTERNAL,
                              "plan export: milestone %zu ends before it starts", i);
    }
    if (plan->n_hits && !plan->hits)
        return sv_err_set(e, SV_ERR_INTERNAL, "plan export: closure hits missing");
    for (size_t i = 0; i < plan->n_hits; i++)
        if (plan->hits[i].milestone < 0 || (size_t)plan->hits[i].milestone >= plan->n)
            return sv_err_set(e, SV_ERR_INTERNAL,
                              "plan export: closure hit %zu is on milestone %d, not in the plan", i,
                              plan->hits[i].milestone);
    if (plan->n_ways < 0 || plan->n_ways > SV_MAX_WAYS)
        return sv_err_set(e, SV_ERR_INTERNAL, "plan export: %d ways out", plan->n_ways);
    return check_dates(plan, e);
}

/* What m waits for, "; "-separated. A milestone of another style, or one of the program's
 * shared milestones seen from a style, is prefixed with where it lives: "PP approval" alone
 * would read as the style's own. */
static void waits_for(dbuf *b, const sv_plan *plan, const sv_milestone *m)
{
    for (int k = 0; k < m->n_deps; k++) {
        const sv_milestone *d = &plan->ms[m->deps[k]];
        const char *where = same_style(d->style, m->style) ? NULL : d->style ? d->style : "program";
        db_printf(b, "%s%s%s%s", k ? "; " : "", str(where), where ? ": " : "", d->name);
    }
}


/* "tight: 5 days of slack", "infeasible: 12 days late". */
static void verdict_text(const sv_plan *plan, char *buf, size_t n)
{
    const char *v = sv_plan_verdict_name(plan->verdict);
    long long s = (long long)plan->slack;
    char which[48] = "";
    /* a later delivery that binds: the verdict is its, and says so */
    if (plan->binding > 0 && plan->binding < plan->n_deliveries) {
        s = (long long)plan->deliveries[plan->binding].slack;
        snprintf(which, sizeof which, "delivery %zu of %zu, ", plan->binding + 1,
                 plan->n_deliveries);
    }
    if (plan->verdict == SV_PLAN_NO_LAUNCH_DATE)
        snprintf(buf, n, "%s: the earliest dates only", v);
    else if (s < 0)
        snprintf(buf, n, "%s: %s%lld day%s late", v, which, -s, plural(s));
    else
        snprintf(buf, n, "%s: %s%lld day%s of slack", v, which, s, plural(s));
}

/* The stream may be buffered: flush so that a full disk shows up here, not at fclose. */
static sv_code finish(FILE *out, const char *what, sv_err *e)
{
    if (fflush(out) != 0 || ferror(out))
        return sv_err_set(e, SV_ERR_IO, "cannot write the %s: %s", what,
                          errno ? strerror(errno) : "write error");
    return SV_OK;
}

/* ---- CSV ---- */

enum { CSV_COLUMNS = 17 };

/* Every cell through the one CSV writer (selvedge/csv_write.h): RFC 4180 quoting, and a
 * style code or name a spreadsheet would run as a formula written as text. The numbers are
 * selvedge's own and stay numbers. */
sv_code sv_plan_write_csv(FILE *out, const sv_program *p, const sv_plan *plan, sv_err *e)
{
    static const char *const header[CSV_COLUMNS] = {
        "style",      "milestone",     "kind",      "owner",       "start",
        "end",        "calendar_days", "work_days", "waits_for",   "latest_start",
        "latest_end", "slack_days",    "critical",  "pushed_days", "pushed_by",
        "origin",     "delivery"};
    sv_code rc = check_plan(p, plan, e);
    if (rc != SV_OK)
        return rc;
    if (!out)
        return sv_err_set(e, SV_ERR_INTERNAL, "plan export: no stream for the CSV");

    dbuf deps = {0};
    sv_csv_writer w;
    sv_csv_writer_init(&w, out);
    errno = 0;
    for (int i = 0; i < CSV_COLUMNS; i++)
        sv_csv_text(&w, header[i]);
    sv_csv_end_row(&w);
    for (size_t i = 0; i < plan->n; i++) {
        const sv_milestone *m = &plan->ms[i];
        char start[16], end[16], lstart[16], lend[16];
        db_reset(&deps);
        waits_for(&deps, plan, m);
        if (deps.failed) {
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            goto out;
        }
        sv_day_format(m->start, start, sizeof start);
        sv_day_format(last_day(m->start, m->end), end, sizeof end);
        sv_day_format(m->latest_start, lstart, sizeof lstart);
        sv_day_format(last_day(m->latest_start, m->latest_end), lend, sizeof lend);
        sv_csv_text(&w, m->style);
        sv_csv_text(&w, m->name);
        sv_csv_text(&w, m->kind);
        sv_csv_text(&w, sv_owner_name(m->owner));
        sv_csv_text(&w, start);
        sv_csv_text(&w, end);
        sv_csv_int(&w, m->end - m->start);
        sv_csv_int(&w, m->duration);
        sv_csv_text(&w, db_str(&deps));
        sv_csv_text(&w, lstart);
        sv_csv_text(&w, lend);
        sv_csv_int(&w, m->slack);
        sv_csv_text(&w, m->critical ? "yes" : "no");
        sv_csv_int(&w, m->pushed);
        sv_csv_text(&w, m->pushed_by);
        sv_csv_text(&w, m->origin);
        if (m->delivery)
            sv_csv_int(&w, m->delivery);
        else
            sv_csv_text(&w, "");
        sv_csv_end_row(&w);
    }
    rc = finish(out, "CSV", e);
out:
    free(deps.s);
    return rc;
}

/* ---- iCalendar ---- */

static struct icaltimetype ical_day(int64_t day)
{
    sv_date d = sv_date_from_days(day);
    struct icaltimetype t = icaltime_null_date(); /* is_date: serialised as VALUE=DATE */
    t.year = d.year;
    t.month = d.month;
    t.day = d.day;
    return t;
}

/* libical constructors return NULL when out of memory; adding NULL would be a silent no-op. */
static bool add_prop(icalcomponent *c, icalproperty *prop)
{
    if (!prop)
        return false;
    icalcomponent_add_property(c, prop);
    return true;
}

static icalproperty *x_prop(const char *name, const char *value)
{
    icalproperty *prop = icalproperty_new_x(value);
    if (prop)
        icalproperty_set_x_name(prop, name);
    return prop;
}

/* Lower-case ASCII letters and digits; every run of anything else is one '-', none at either
 * end: "SS26 Core, Tees" -> "ss26-core-tees". Bytes only, never the locale, so UIDs do not
 * change from one machine to the next. */
static void slug(const char *s, const char *fallback, char *buf, size_t n)
{
    size_t len = 0;
    bool dash = false;
    for (; s && *s && len + 2 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && len)
                buf[len++] = '-';
            buf[len++] = (char)c;
            dash = false;
        } else {
            dash = true;
        }
    }
    buf[len] = '\0';
    if (!len)
        snprintf(buf, n, "%s", fallback);
}

/* FNV-1a, 64 bits, over n bytes: the same on every machine, and never changed, or every
 * calendar that imported a plan would get its events twice. */
static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t k = 0; k < n; k++) {
        h ^= b[k];
        h *= 0x100000001b3u;
    }
    return h;
}

/* The longest UID: "UID:", it and CRLF stay under 75 octets, so libical never folds the
 * line. It folds a line without a space, ';' or ':' near its end badly: the break can fall
 * between the value and its CRLF, leaving a bare CR and an empty continuation line. */
enum { UID_MAX = 68 };

/* An event's UID (RFC 5545 3.8.4.7): unique within the file and the same in every export of
 * the same program, so that importing it again updates its events. The readable part is
 * "<style slug | program>-<kind>-<seq>"; slugs can make codes alike ("A-1" and "A_1" are both
 * "a-1", every code in Chinese is its digits) and a long one is cut, so the 16 hex digits
 * after it are a hash of the exact brand name, program name, style code, kind and seq: no
 * two events of a file share a UID, nor (but for a 64-bit collision) two programs' events. */
static void event_uid(const sv_program *p, const sv_milestone *m, char *buf, size_t n)
{
    char seq[16];
    int seq_len = snprintf(seq, sizeof seq, "%d", m->seq);
    const char *brand = str(p->brand.name), *name = str(p->name);
    /* from the offset basis; each name with its NUL: "ab" + "c" is not "a" + "bc" */
    uint64_t h = 0xcbf29ce484222325u;
    h = fnv1a(h, brand, strlen(brand) + 1);
    h = fnv1a(h, name, strlen(name) + 1);
    if (m->style)
        h = fnv1a(h, m->style, strlen(m->style) + 1);
    else
        h = fnv1a(h, "\x1e", 2); /* the program's own: no style code is a control character */
    h = fnv1a(h, m->kind, strlen(m->kind) + 1);
    h = fnv1a(h, seq, (size_t)seq_len);
    char tail[96];
    int tail_len = snprintf(tail, sizeof tail, "-%s-%d-%016llx@selvedge", m->kind, m->seq,
                            (unsigned long long)h);
    /* the style's slug takes what the rest leaves, cut where it must (not after a '-') */
    char style[UID_MAX + 1];
    int room = UID_MAX - tail_len;
    if (room < 8)
        room = 8; /* a kind of selvedge's own is never so long */
    if (room > UID_MAX)
        room = UID_MAX;
    slug(m->style ? m->style : "program", "style", style, (size_t)room + 1);
    size_t len = strlen(style);
    while (len > 1 && style[len - 1] == '-')
        style[--len] = '\0';
    snprintf(buf, n, "%s%s", style, tail);
}

/* The event's DESCRIPTION: everything a calendar user needs without opening the plan.
 * Lines are joined with '\n'; libical escapes them. */
static void describe(dbuf *b, const sv_plan *plan, const sv_milestone *m)
{
    char d1[16], d2[16];
    db_printf(b, "Owner: %s\n", sv_owner_name(m->owner));
    if (m->origin[0])
        db_printf(b, "Made in: %.2s\n", m->origin);
    sv_day_format(m->start, d1, sizeof d1);
    if (m->end > m->start) {
        sv_day_format(m->end - 1, d2, sizeof d2);
        int64_t span = m->end - m->start;
        if (m->factory_calendar && span != m->duration)
            db_printf(b,
                      "Dates: %s to %s, %d work day%s on the factory's calendar (%lld "
                      "calendar days: closed days do not count)\n",
                      d1, d2, m->duration, plural(m->duration), (long long)span);
        else
            db_printf(b, "Dates: %s to %s, %d %s day%s\n", d1, d2, m->duration,
                      m->factory_calendar ? "work" : "calendar", plural(m->duration));
    } else {
        db_printf(b, "Date: %s (a milestone, no duration)\n", d1);
    }
    if (m->pushed)
        db_printf(b, "Closures: %d day%s added by %s\n", m->pushed, plural(m->pushed),
                  m->pushed_by ? m->pushed_by : "a factory closure");
    for (size_t i = 0; i < plan->n_hits; i++) {
        const sv_closure_hit *h = &plan->hits[i];
        if (h->milestone != m->id || !h->slow_days)
            continue;
        db_printf(b, "Of these, %d day%s of reduced output after %s (%d%% of a day's work)\n",
                  h->slow_days, plural(h->slow_days), h->holiday ? h->holiday : "a closure",
                  h->capacity_pct);
    }
    db_printf(b, "Waits for: ");
    if (m->n_deps)
        waits_for(b, plan, m);
    else
        db_printf(b, "nothing");
    sv_day_format(m->latest_start, d1, sizeof d1);
    if (m->slack < 0)
        db_printf(b, "\nSlack: none, %lld day%s late (latest start %s)", (long long)-m->slack,
                  plural(m->slack), d1);
    else
        db_printf(b, "\nSlack: %lld day%s (latest start %s)", (long long)m->slack, plural(m->slack),
                  d1);
    if (m->critical)
        db_printf(b, "\nOn the critical path: a day lost here is a day later in the warehouse.");
}

sv_code sv_plan_write_ics(FILE *out, const sv_program *p, const sv_plan *plan, sv_err *e)
{
    sv_code rc = check_plan(p, plan, e);
    if (rc != SV_OK)
        return rc;
    if (!out)
        return sv_err_set(e, SV_ERR_INTERNAL, "plan export: no stream for the calendar");

    icalcomponent *cal = NULL;
    char *text = NULL;
    dbuf d = {0}, summary = {0};
    char uid[UID_MAX + 96];

    /* DTSTAMP is when the event was made; the plan's today keeps the file reproducible */
    sv_date today = sv_date_from_days(plan->today);
    struct icaltimetype stamp = icaltime_null_time(); /* not ical_day: its time parts are -1 */
    stamp.year = today.year;
    stamp.month = today.month;
    stamp.day = today.day;
    stamp.zone = icaltimezone_get_utc_timezone();

    cal = icalcomponent_new_vcalendar();
    if (!cal)
        goto nomem;
    db_printf(&summary, "%s - %s T&A", str(p->brand.name), str(p->name));
    if (summary.failed)
        goto nomem;
    if (!add_prop(cal, icalproperty_new_version("2.0")) ||
        !add_prop(cal, icalproperty_new_prodid("-//selvedge//T&A calendar//EN")) ||
        !add_prop(cal, icalproperty_new_calscale("GREGORIAN")) ||
        !add_prop(cal, x_prop("X-WR-CALNAME", db_str(&summary))))
        goto nomem;

    for (size_t i = 0; i < plan->n; i++) {
        const sv_milestone *m = &plan->ms[i];
        icalcomponent *ev = icalcomponent_new_vevent();
        if (!ev)
            goto nomem;
        icalcomponent_add_component(cal, ev); /* cal owns it from here */

        event_uid(p, m, uid, sizeof uid);
        db_reset(&summary);
        if (m->style)
            db_printf(&summary, "%s: %s", m->style, m->name);
        else
            db_printf(&summary, "%s", m->name);
        db_reset(&d);
        describe(&d, plan, m);
        if (summary.failed || d.failed)
            goto nomem;
        /* an all-day event ends (exclusively) the day after its last day; a 0-day milestone
         * takes its one day */
        int64_t end = m->end > m->start ? m->end : m->start + 1;
        if (!add_prop(ev, icalproperty_new_uid(uid)) ||
            !add_prop(ev, icalproperty_new_dtstamp(stamp)) ||
            !add_prop(ev, icalproperty_new_dtstart(ical_day(m->start))) ||
            !add_prop(ev, icalproperty_new_dtend(ical_day(end))) ||
            !add_prop(ev, icalproperty_new_summary(db_str(&summary))) ||
            !add_prop(ev, icalproperty_new_description(db_str(&d))) ||
            !add_prop(ev, icalproperty_new_categories(sv_owner_name(m->owner))) ||
            !add_prop(ev, icalproperty_new_status(ICAL_STATUS_CONFIRMED)) ||
            /* weeks of factory work should not show the user as busy */
            !add_prop(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT)))
            goto nomem;
    }

    /* CRLF line ends and lines folded at 75 octets come from libical */
    text = icalcomponent_as_ical_string_r(cal);
    if (!text)
        goto nomem;
    errno = 0;
    fputs(text, out);
    rc = finish(out, "calendar", e);
    goto out;

nomem:
    rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
out:
    if (text)
        icalmemory_free_buffer(text);
    if (cal)
        icalcomponent_free(cal);
    free(d.s);
    free(summary.s);
    return rc;
}

/* ---- Excel ---- */

/* Style, Origin, Milestone, Owner, Start, End, Days, Slack, Critical; then one column per
 * week. */
enum { XL_FIXED = 10, XL_HEADER_ROW = 7 };

enum {
    XL_BRAND_RGB = 0x9BC2E6,    /* blue */
    XL_FACTORY_RGB = 0xA9D08E,  /* green */
    XL_CRITICAL_RGB = 0xE06666, /* red: wins over the owner's colour */
    XL_HEAD_RGB = 0xD9D9D9,
    XL_LABEL_RGB = 0x595959
};

typedef struct xl {
    lxw_workbook *wb;
    lxw_format *title, *bold, *label, *date, *date_bold, *head, *week, *week_launch, *slack;
    lxw_format *bar_brand, *bar_factory, *bar_critical, *wrap, *top, *money;
} xl;

/* Every libxlsxwriter call that can fail is checked: a workbook missing a row is worse than
 * no workbook. */
#define TRY(call)                                                                                  \
    do {                                                                                           \
        lxw_error err_ = (call);                                                                   \
        if (err_ != LXW_NO_ERROR)                                                                  \
            return err_;                                                                           \
    } while (0)

#define NEW_FORMAT(f)                                                                              \
    do {                                                                                           \
        if (!((f) = workbook_add_format(x->wb)))                                                   \
            return LXW_ERROR_MEMORY_MALLOC_FAILED;                                                 \
    } while (0)

static lxw_datetime xl_day(int64_t day)
{
    sv_date d = sv_date_from_days(day);
    lxw_datetime t = {d.year, d.month, d.day, 0, 0, 0.0};
    return t;
}

static lxw_error xl_date(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t day, lxw_format *f)
{
    lxw_datetime t = xl_day(day);
    return worksheet_write_datetime(ws, r, c, &t, f);
}

/* The Monday of the week of a day (1970-01-01 was a Thursday). */
static int64_t monday_of(int64_t day)
{
    int64_t wd = ((day + 3) % 7 + 7) % 7;
    return day - wd;
}

/* The days the chart covers: from the first start to the launch or the last day of work,
 * whichever is later. */
static void chart_span(const sv_plan *plan, int64_t *first, int64_t *last)
{
    *first = plan->ms[0].start;
    *last = last_day(plan->ms[0].start, plan->ms[0].end);
    for (size_t i = 1; i < plan->n; i++) {
        const sv_milestone *m = &plan->ms[i];
        if (m->start < *first)
            *first = m->start;
        if (last_day(m->start, m->end) > *last)
            *last = last_day(m->start, m->end);
    }
    if (plan->has_launch && plan->launch > *last)
        *last = plan->launch;
}

static lxw_error xl_formats(xl *x)
{
    NEW_FORMAT(x->title);
    format_set_bold(x->title);
    format_set_font_size(x->title, 14);
    NEW_FORMAT(x->bold);
    format_set_bold(x->bold);
    NEW_FORMAT(x->label);
    format_set_font_color(x->label, XL_LABEL_RGB);
    NEW_FORMAT(x->date);
    format_set_num_format(x->date, "yyyy-mm-dd");
    format_set_align(x->date, LXW_ALIGN_LEFT);
    NEW_FORMAT(x->date_bold);
    format_set_num_format(x->date_bold, "yyyy-mm-dd");
    format_set_align(x->date_bold, LXW_ALIGN_LEFT);
    format_set_bold(x->date_bold);
    NEW_FORMAT(x->head);
    format_set_bold(x->head);
    format_set_bg_color(x->head, XL_HEAD_RGB);
    format_set_bottom(x->head, LXW_BORDER_THIN);
    NEW_FORMAT(x->week);
    format_set_bold(x->week);
    format_set_num_format(x->week, "d-mmm");
    format_set_align(x->week, LXW_ALIGN_CENTER);
    format_set_bg_color(x->week, XL_HEAD_RGB);
    format_set_bottom(x->week, LXW_BORDER_THIN);
    NEW_FORMAT(x->week_launch);
    format_set_bold(x->week_launch);
    format_set_num_format(x->week_launch, "d-mmm");
    format_set_align(x->week_launch, LXW_ALIGN_CENTER);
    format_set_bg_color(x->week_launch, XL_CRITICAL_RGB);
    format_set_font_color(x->week_launch, LXW_COLOR_WHITE);
    format_set_bottom(x->week_launch, LXW_BORDER_THIN);
    NEW_FORMAT(x->slack);
    format_set_num_format(x->slack, "0;[Red]-0");
    NEW_FORMAT(x->bar_brand);
    format_set_bg_color(x->bar_brand, XL_BRAND_RGB);
    NEW_FORMAT(x->bar_factory);
    format_set_bg_color(x->bar_factory, XL_FACTORY_RGB);
    NEW_FORMAT(x->bar_critical);
    format_set_bg_color(x->bar_critical, XL_CRITICAL_RGB);
    NEW_FORMAT(x->wrap);
    format_set_text_wrap(x->wrap);
    format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
    NEW_FORMAT(x->top);
    format_set_align(x->top, LXW_ALIGN_VERTICAL_TOP);
    NEW_FORMAT(x->money);
    format_set_align(x->money, LXW_ALIGN_RIGHT);
    format_set_align(x->money, LXW_ALIGN_VERTICAL_TOP);
    return LXW_NO_ERROR;
}

/* The workbook's properties, with the plan's today as its creation date: libxlsxwriter would
 * otherwise stamp the current time and no two exports would be the same bytes. */
static lxw_error xl_properties(xl *x, const sv_program *p, const sv_plan *plan)
{
    char title[320], author[] = "selvedge";
    snprintf(title, sizeof title, "%s - %s: T&A calendar", str(p->brand.name), str(p->name));
    lxw_doc_properties props = {
        .title = title, .author = author, .created = (time_t)(plan->today * 86400)};
    return workbook_set_properties(x->wb, &props);
}

static lxw_error xl_chart(xl *x, const sv_program *p, const sv_plan *plan, int64_t first_week,
                          int n_weeks)
{
    static const char *const head[XL_FIXED] = {
        "Style",         "Origin",    "Milestone", "Owner",   "Start", "End (inclusive)",
        "Calendar days", "Work days", "Slack",     "Critical"};
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "T&A");
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    char buf[160];

    /* the title block: what is planned, from where, and how it looks; a legend beside it */
    TRY(worksheet_write_string(ws, 0, 0, "Brand", x->label));
    TRY(worksheet_write_string(ws, 0, 1, str(p->brand.name), x->title));
    TRY(worksheet_write_string(ws, 1, 0, "Program", x->label));
    TRY(worksheet_write_string(ws, 1, 1, str(p->name), x->bold));
    TRY(worksheet_write_string(ws, 2, 0, "Origin", x->label));
    int at = snprintf(buf, sizeof buf, "%.2s%s", plan->origin,
                      plan->origin_assumed ? " (assumed: no origin given)" : "");
    /* the styles made elsewhere: each origin with how many */
    for (size_t k = 0; k < plan->n_origins && at > 0 && (size_t)at < sizeof buf; k++)
        if (strcmp(plan->origins[k].country, plan->origin) != 0)
            at += snprintf(buf + at, sizeof buf - (size_t)at, "; %.2s for %zu style%s",
                           plan->origins[k].country, plan->origins[k].n_styles,
                           plan->origins[k].n_styles == 1 ? "" : "s");
    TRY(worksheet_write_string(ws, 2, 1, buf, NULL));
    TRY(worksheet_write_string(ws, 3, 0, "Mode", x->label));
    snprintf(buf, sizeof buf, "%s freight", sv_mode_name(plan->lane_mode));
    TRY(worksheet_write_string(ws, 3, 1, buf, NULL));
    TRY(worksheet_write_string(ws, 4, 0, "Launch", x->label));
    if (plan->has_launch)
        TRY(xl_date(ws, 4, 1, plan->launch, x->date_bold));
    else
        TRY(worksheet_write_string(ws, 4, 1, "none set", NULL));
    TRY(worksheet_write_string(ws, 5, 0, "In warehouse", x->label));
    TRY(xl_date(ws, 5, 1, plan->ready, x->date));
    TRY(worksheet_write_string(ws, 6, 0, "Verdict", x->label));
    verdict_text(plan, buf, sizeof buf);
    TRY(worksheet_write_string(ws, 6, 1, buf, x->bold));
    TRY(worksheet_write_string(ws, 1, 2, "Bars", x->label));
    TRY(worksheet_write_string(ws, 2, 2, "Brand", x->bar_brand));
    TRY(worksheet_write_string(ws, 3, 2, "Factory", x->bar_factory));
    TRY(worksheet_write_string(ws, 4, 2, "Critical", x->bar_critical));

    for (lxw_col_t c = 0; c < XL_FIXED; c++)
        TRY(worksheet_write_string(ws, XL_HEADER_ROW, c, head[c], x->head));
    for (int w = 0; w < n_weeks; w++) {
        int64_t monday = first_week + 7 * (int64_t)w;
        bool launch_week = plan->has_launch && plan->launch >= monday && plan->launch < monday + 7;
        TRY(xl_date(ws, XL_HEADER_ROW, (lxw_col_t)(XL_FIXED + w), monday,
                    launch_week ? x->week_launch : x->week));
    }

    for (size_t i = 0; i < plan->n; i++) {
        const sv_milestone *m = &plan->ms[i];
        lxw_row_t r = (lxw_row_t)(XL_HEADER_ROW + 1 + i);
        int64_t last = last_day(m->start, m->end);
        if (m->style)
            TRY(worksheet_write_string(ws, r, 0, m->style, NULL));
        if (m->origin[0]) {
            char o2[3] = {m->origin[0], m->origin[1], '\0'};
            TRY(worksheet_write_string(ws, r, 1, o2, NULL));
        }
        TRY(worksheet_write_string(ws, r, 2, m->name, m->critical ? x->bold : NULL));
        TRY(worksheet_write_string(ws, r, 3, sv_owner_name(m->owner), NULL));
        TRY(xl_date(ws, r, 4, m->start, x->date));
        TRY(xl_date(ws, r, 5, last, x->date));
        TRY(worksheet_write_number(ws, r, 6, (double)(m->end - m->start), NULL));
        TRY(worksheet_write_number(ws, r, 7, (double)m->duration, NULL));
        TRY(worksheet_write_number(ws, r, 8, (double)m->slack, x->slack));
        TRY(worksheet_write_string(ws, r, 9, m->critical ? "yes" : "no",
                                   m->critical ? x->bold : NULL));
        lxw_format *bar = m->critical                  ? x->bar_critical
                          : m->owner == SV_OWNER_BRAND ? x->bar_brand
                                                       : x->bar_factory;
        int64_t w0 = (monday_of(m->start) - first_week) / 7;
        int64_t w1 = (monday_of(last) - first_week) / 7;
        for (int64_t w = w0; w <= w1; w++)
            TRY(worksheet_write_blank(ws, r, (lxw_col_t)(XL_FIXED + w), bar));
    }

    TRY(worksheet_set_column(ws, 0, 0, 13, NULL));
    TRY(worksheet_set_column(ws, 1, 1, 7, NULL));
    TRY(worksheet_set_column(ws, 2, 2, 36, NULL));
    TRY(worksheet_set_column(ws, 3, 3, 9, NULL));
    TRY(worksheet_set_column(ws, 4, 4, 11, NULL));
    TRY(worksheet_set_column(ws, 5, 5, 14, NULL));
    TRY(worksheet_set_column(ws, 6, 7, 9, NULL));
    TRY(worksheet_set_column(ws, 8, 8, 6, NULL));
    TRY(worksheet_set_column(ws, 9, 9, 8, NULL));
    if (n_weeks)
        TRY(worksheet_set_column(ws, XL_FIXED, (lxw_col_t)(XL_FIXED + n_weeks - 1), 6.5, NULL));
    worksheet_freeze_panes(ws, XL_HEADER_ROW + 1, XL_FIXED);
    if (plan->n)
        TRY(worksheet_autofilter(ws, XL_HEADER_ROW, 0, (lxw_row_t)(XL_HEADER_ROW + plan->n),
                                 XL_FIXED - 1));
    /* printed, it is a wide chart: landscape, one page wide, the header on every page */
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    TRY(worksheet_repeat_rows(ws, XL_HEADER_ROW, XL_HEADER_ROW));
    return LXW_NO_ERROR;
}

static lxw_error xl_closures(xl *x, const sv_plan *plan)
{
    /* what each closure met does to its milestone, and what it costs the plan */
    static const char *const head[] = {"Style",       "Milestone",  "Holiday",     "Country",
                                       "Closed from", "Closed to",  "Days closed", "Days slow",
                                       "Output (%)",  "Days added", "Slack left",  "Delay (days)"};
    enum { NC = sizeof head / sizeof head[0] };
    static const char none[] = "No factory closure falls on the earliest schedule.";
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Closures");
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    for (lxw_col_t c = 0; c < NC; c++)
        TRY(worksheet_write_string(ws, 0, c, head[c], x->head));
    for (size_t i = 0; i < plan->n_hits; i++) {
        const sv_closure_hit *h = &plan->hits[i];
        const sv_milestone *m = &plan->ms[h->milestone];
        lxw_row_t r = (lxw_row_t)(1 + i);
        if (m->style)
            TRY(worksheet_write_string(ws, r, 0, m->style, NULL));
        TRY(worksheet_write_string(ws, r, 1, m->name, NULL));
        TRY(worksheet_write_string(ws, r, 2, str(h->holiday), NULL));
        TRY(worksheet_write_string(ws, r, 3, h->country[0] ? h->country : plan->origin, NULL));
        TRY(xl_date(ws, r, 4, h->first, x->date));
        TRY(xl_date(ws, r, 5, h->last, x->date));
        TRY(worksheet_write_number(ws, r, 6, h->closed_days, NULL));
        TRY(worksheet_write_number(ws, r, 7, h->slow_days, NULL));
        if (h->capacity_pct)
            TRY(worksheet_write_number(ws, r, 8, h->capacity_pct, NULL));
        TRY(worksheet_write_number(ws, r, 9, h->days, NULL));
        TRY(worksheet_write_number(ws, r, 10, (double)h->slack, x->slack));
        TRY(worksheet_write_number(ws, r, 11, (double)h->delay, NULL));
    }
    if (!plan->n_hits)
        TRY(worksheet_write_string(ws, 1, 0, none, NULL));
    TRY(worksheet_set_column(ws, 0, 0, 13, NULL));
    TRY(worksheet_set_column(ws, 1, 1, 36, NULL));
    TRY(worksheet_set_column(ws, 2, 2, 22, NULL));
    TRY(worksheet_set_column(ws, 3, 3, 8, NULL));
    TRY(worksheet_set_column(ws, 4, 5, 12, NULL));
    TRY(worksheet_set_column(ws, 6, 11, 11, NULL));
    worksheet_freeze_panes(ws, 1, 0);
    return LXW_NO_ERROR;
}

static lxw_error xl_ways(xl *x, const sv_program *p, const sv_plan *plan)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Ways out");
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    const sv_currency *cur = p->brand.currency;
    char extra[64], money[48];
    snprintf(extra, sizeof extra, "Extra per unit (%s)", cur ? cur->code : "?");
    const char *head[] = {"Way out", "Fits", "Days saved", extra, "What it means"};
    for (lxw_col_t c = 0; c < 5; c++)
        TRY(worksheet_write_string(ws, 0, c, head[c], x->head));
    for (int i = 0; i < plan->n_ways; i++) {
        const sv_way_out *w = &plan->ways[i];
        lxw_row_t r = (lxw_row_t)(1 + i);
        TRY(worksheet_write_string(ws, r, 0, str(w->code), x->top));
        TRY(worksheet_write_string(ws, r, 1, w->fits ? "yes" : "no", x->top));
        TRY(worksheet_write_number(ws, r, 2, (double)w->days_saved, x->top));
        /* money is never a float: the amount is written as the text the rest of selvedge
         * prints, in the currency's own decimals */
        if (w->extra_per_unit == SV_UNSET)
            snprintf(money, sizeof money, "unknown");
        else
            sv_decimal_format(w->extra_per_unit, cur->exponent, true, money, sizeof money);
        TRY(worksheet_write_string(ws, r, 3, money, x->money));
        TRY(worksheet_write_string(ws, r, 4, w->text, x->wrap));
    }
    if (!plan->n_ways)
        TRY(worksheet_write_string(ws, 1, 0,
                                   plan->verdict == SV_PLAN_ON_TRACK
                                       ? "None needed: the plan meets the launch date."
                                       : "None computed for this plan.",
                                   NULL));
    TRY(worksheet_set_column(ws, 0, 0, 22, NULL));
    TRY(worksheet_set_column(ws, 1, 1, 6, NULL));
    TRY(worksheet_set_column(ws, 2, 2, 11, NULL));
    TRY(worksheet_set_column(ws, 3, 3, 20, NULL));
    TRY(worksheet_set_column(ws, 4, 4, 90, NULL));
    worksheet_freeze_panes(ws, 1, 0);
    return LXW_NO_ERROR;
}

/* libxlsxwriter's codes in selvedge's words. No path: the caller may have given a
 * temporary name, and it names the file the user asked for. */
static sv_code xl_fail(sv_err *e, lxw_error err, int saved_errno)
{
    switch (err) {
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    case LXW_ERROR_CREATING_XLSX_FILE:
        return sv_err_set(e, SV_ERR_IO, "cannot create the workbook: %s",
                          saved_errno ? strerror(saved_errno) : "permission denied?");
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE:
        /* libxlsxwriter assembles the zip from files in the system's temporary directory */
        return sv_err_set(e, SV_ERR_IO,
                          "cannot write the workbook: its scratch files in the "
                          "temporary directory failed: %s",
                          saved_errno ? strerror(saved_errno) : "unknown error");
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
        if (saved_errno)
            return sv_err_set(e, SV_ERR_IO, "cannot write the workbook: %s", strerror(saved_errno));
        break;
    default:
        break;
    }
    return sv_err_set(e, SV_ERR_IO, "cannot write the workbook: %s", lxw_strerror(err));
}

static sv_code write_xlsx(const char *path, const sv_program *p, const sv_plan *plan, sv_err *e)
{
    int64_t first = 0, last = 0, n_weeks = 0;
    if (plan->n) {
        chart_span(plan, &first, &last);
        n_weeks = (monday_of(last) - monday_of(first)) / 7 + 1;
    }
    if (n_weeks > LXW_COL_MAX - XL_FIXED || plan->n > LXW_ROW_MAX - XL_HEADER_ROW - 1)
        return sv_err_set(e, SV_ERR_INTERNAL,
                          "plan export: %lld weeks and %zu milestones do not fit in a sheet",
                          (long long)n_weeks, plan->n);

    xl x = {0};
    x.wb = workbook_new(path);
    if (!x.wb)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    lxw_error err = xl_formats(&x);
    if (!err)
        err = xl_properties(&x, p, plan);
    if (!err)
        err = xl_chart(&x, p, plan, monday_of(first), (int)n_weeks);
    if (!err)
        err = xl_closures(&x, plan);
    if (!err)
        err = xl_ways(&x, p, plan);
    if (err) {
        /* nothing is on disk yet: libxlsxwriter creates the file in workbook_close */
        lxw_workbook_free(x.wb);
        return xl_fail(e, err, 0);
    }
    errno = 0;
    err = workbook_close(x.wb); /* frees the workbook, whatever happens */
    int saved = errno;
    if (err) {
        /* The zip is created before anything is written into it, so any failure but the
         * creation itself leaves a broken file behind. */
        if (err != LXW_ERROR_CREATING_XLSX_FILE)
            remove(path);
        return xl_fail(e, err, saved);
    }
    return SV_OK;
}

sv_code sv_plan_write_xlsx(const char *path, const sv_program *p, const sv_plan *plan, sv_err *e)
{
    sv_code rc = check_plan(p, plan, e);
    if (rc != SV_OK)
        return rc;
    if (!path || !*path)
        return sv_err_set(e, SV_ERR_USAGE, "no file name for the workbook");
    if (plan->n_ways && !p->brand.currency)
        return sv_err_set(e, SV_ERR_INTERNAL, "plan export: the brand has no currency");
    return write_xlsx(path, p, plan, e);
}
