/* The T&A exports: CSV, iCalendar and Excel, from a plan built by hand so that every date is
 * known and the tests do not move when the planner's reference data does. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libical/ical.h>

#include "selvedge/plan_export.h"

enum { N_MS = 6, CSV_COLS = 17, MAX_ROWS = 16 };

/* A name with a comma and a quote (CSV quoting), and one of many UTF-8 bytes (line folding
 * in iCalendar must not cut a character in two). */
#define PROTO_NAME "Proto \"rush\", sample"
#define SIZE_NAME "Größenmuster-Prüfung nach der Änderung, Runde 2"

typedef struct fixture {
    sv_program prog;
    sv_plan plan;
    sv_milestone ms[N_MS];
    int deps[8];
    sv_closure_hit hit;
    sv_plan_origin origins[2];
    int64_t t; /* today: Monday 2025-03-03 */
    char *dir; /* scratch directory */
} fixture;

static void milestone(sv_milestone *m, int id, const char *style, const char *kind,
                      const char *name, sv_owner owner, int64_t start, int duration)
{
    memset(m, 0, sizeof *m);
    m->id = id;
    m->style = style;
    m->kind = kind;
    m->seq = 1; /* each kind once per style in this fixture */
    snprintf(m->name, sizeof m->name, "%s", name);
    m->owner = owner;
    m->duration = duration;
    m->start = start;
    m->end = start + duration;
    m->latest_start = m->start;
    m->latest_end = m->end;
}

/* Capacity booking (program) and two styles feeding ex-factory and the launch:
 *   0 capacity booking   T    .. T+30   factory, 10 days of slack
 *   1 ST-01 tech pack    T    .. T+5    brand, critical
 *   2 ST-01 proto        T+5  .. T+22   factory, critical, 3 days of Qingming closure
 *   3 ST-02 size review  T+30 .. T+40   brand, critical, waits for 2 (other style) and 0
 *   4 ex-factory         T+40 (0 days)  waits for 2 and 3
 *   5 launch             T+75 (0 days); launch date T+80, so 5 days of slack: tight */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    int64_t t = f->t = sv_date_to_days((sv_date){2025, 3, 3});
    f->prog.brand.name = "Acme & Co";
    f->prog.brand.currency = sv_currency_find("USD");
    f->prog.name = "SS26 Core, Tees";

    sv_milestone *ms = f->ms;
    milestone(&ms[0], 0, NULL, "capacity_booking", "Capacity booking (first order)",
              SV_OWNER_FACTORY, t, 30);
    ms[0].latest_start = t + 10;
    ms[0].latest_end = t + 40;
    ms[0].slack = 10;
    milestone(&ms[1], 1, "ST-01", "tech_pack", "Tech pack final", SV_OWNER_BRAND, t, 5);
    milestone(&ms[2], 2, "ST-01", "proto", PROTO_NAME, SV_OWNER_FACTORY, t + 5, 14);
    ms[2].end = t + 22;
    ms[2].latest_end = t + 22;
    ms[2].factory_calendar = true;
    ms[2].pushed = 3;
    ms[2].pushed_by = "qingming";
    milestone(&ms[3], 3, "ST-02", "size_set_approval", SIZE_NAME, SV_OWNER_BRAND, t + 30, 10);
    milestone(&ms[4], 4, NULL, "ex_factory", "Ex-factory", SV_OWNER_FACTORY, t + 40, 0);
    milestone(&ms[5], 5, NULL, "launch", "Launch", SV_OWNER_BRAND, t + 75, 0);
    ms[5].latest_start = ms[5].latest_end = t + 80;
    ms[5].slack = 5;
    for (int i = 1; i < N_MS; i++)
        ms[i].critical = true;
    /* made in VN, but ST-02 in Turkey; the launch is from nowhere */
    for (int i = 0; i < N_MS - 1; i++)
        memcpy(ms[i].origin, i == 3 ? "TR" : "VN", 3);

    int *d = f->deps;
    d[0] = 1;           /* 2 waits for 1 */
    d[1] = 2, d[2] = 0; /* 3 waits for 2 and 0 */
    d[3] = 2, d[4] = 3; /* 4 waits for 2 and 3 */
    d[5] = 4;           /* 5 waits for 4 */
    ms[2].deps = &d[0], ms[2].n_deps = 1;
    ms[3].deps = &d[1], ms[3].n_deps = 2;
    ms[4].deps = &d[3], ms[4].n_deps = 2;
    ms[5].deps = &d[5], ms[5].n_deps = 1;

    f->hit = (sv_closure_hit){
        .milestone = 2, .holiday = "qingming", .first = t + 10, .last = t + 12, .days = 3};

    sv_plan *pl = &f->plan;
    memcpy(pl->origin, "VN", 3);
    pl->mode = SV_MODE_SEA;
    pl->today = t;
    pl->launch = t + 80;
    pl->has_launch = true;
    pl->ms = f->ms;
    pl->n = N_MS;
    pl->launch_id = 5;
    pl->ready = t + 75;
    pl->slack = 5;
    pl->tight_days = 14;
    pl->verdict = SV_PLAN_TIGHT;
    pl->hits = &f->hit;
    pl->n_hits = 1;
    f->origins[0] = (sv_plan_origin){.country = "VN", .n_styles = 1, .ready = t + 75};
    f->origins[1] = (sv_plan_origin){.country = "TR", .n_styles = 1, .ready = t + 75};
    pl->origins = f->origins;
    pl->n_origins = 2;
    pl->ways[0] = (sv_way_out){.code = "air_freight",
                               .days_saved = 12,
                               .extra_per_unit = 135,
                               .new_ready = t + 63,
                               .fits = true,
                               .text = "Ship by air: 12 days sooner for about 1.35 USD more."};
    pl->ways[1] = (sv_way_out){.code = "nearer_origin",
                               .days_saved = 4,
                               .extra_per_unit = SV_UNSET,
                               .new_ready = t + 71,
                               .origin = "BD",
                               .text = "Make it in BD."};
    pl->ways[2] = (sv_way_out){.code = "cheaper_origin",
                               .days_saved = 2,
                               .extra_per_unit = -250,
                               .fits = true,
                               .text = "Make it somewhere cheaper."};
    pl->n_ways = 3;

    const char *base = getenv("TMPDIR");
    if (asprintf(&f->dir, "%s/selvedge-plan-export-XXXXXX", base && *base ? base : "/tmp") < 0) {
        free(f);
        return -1;
    }
    if (!mkdtemp(f->dir)) {
        free(f->dir);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    DIR *d = opendir(f->dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
                char path[4096];
                snprintf(path, sizeof path, "%s/%s", f->dir, de->d_name);
                unlink(path);
            }
        }
        closedir(d);
    }
    rmdir(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static char *path_in(const fixture *f, const char *name)
{
    char *p = NULL;
    assert_true(asprintf(&p, "%s/%s", f->dir, name) > 0);
    return p;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static const char *day(int64_t d)
{
    static char bufs[4][16];
    static int next;
    char *b = bufs[next++ & 3];
    return sv_day_format(d, b, 16);
}

typedef sv_code (*stream_writer)(FILE *, const sv_program *, const sv_plan *, sv_err *);

/* What a writer prints, NUL-terminated; the code it returned in *rc. */
static char *capture(stream_writer w, const sv_program *p, const sv_plan *plan, sv_err *e,
                     sv_code *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    sv_err_clear(e);
    *rc = w(out, p, plan, e);
    assert_int_equal(fclose(out), 0);
    return buf;
}

static char *write_ok(stream_writer w, const fixture *f)
{
    sv_err e;
    sv_code rc;
    char *text = capture(w, &f->prog, &f->plan, &e, &rc);
    if (rc != SV_OK)
        fail_msg("export failed: %s", e.msg);
    return text;
}

/* ---- CSV ---- */

typedef struct csv_table {
    char *cell[MAX_ROWS][CSV_COLS];
    int rows;
} csv_table;

/* A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes, every record
 * CSV_COLS fields. Fails the test on anything else. */
static void csv_parse(const char *s, csv_table *t)
{
    memset(t, 0, sizeof *t);
    while (*s) {
        assert_true(t->rows < MAX_ROWS);
        for (int c = 0;; c++) {
            assert_true(c < CSV_COLS);
            char *field = malloc(strlen(s) + 1), *o = field;
            assert_non_null(field);
            if (*s == '"') {
                for (s++;; s++) {
                    assert_true(*s != '\0');
                    if (*s == '"' && s[1] == '"')
                        *o++ = *s++;
                    else if (*s == '"')
                        break;
                    else
                        *o++ = *s;
                }
                s++;
            } else {
                while (*s && *s != ',' && *s != '\r' && *s != '\n' && *s != '"')
                    *o++ = *s++;
                assert_true(*s != '"');
            }
            *o = '\0';
            t->cell[t->rows][c] = field;
            if (*s == ',') {
                s++;
                continue;
            }
            assert_int_equal(c, CSV_COLS - 1);
            assert_true(s[0] == '\r' && s[1] == '\n'); /* CRLF, per RFC 4180 */
            s += 2;
            break;
        }
        t->rows++;
    }
}

static void csv_free(csv_table *t)
{
    for (int r = 0; r < t->rows; r++)
        for (int c = 0; c < CSV_COLS; c++)
            free(t->cell[r][c]);
}

static void csv_header_and_rows(void **state)
{
    fixture *f = *state;
    char *text = write_ok(sv_plan_write_csv, f);
    assert_true(strncmp(text,
                        "style,milestone,kind,owner,start,end,calendar_days,work_days,"
                        "waits_for,latest_start,latest_end,slack_days,critical,pushed_days,"
                        "pushed_by,origin,delivery\r\n",
                        strlen("style,milestone,kind,owner,start,end,calendar_days,work_days,"
                               "waits_for,latest_start,latest_end,slack_days,critical,"
                               "pushed_days,pushed_by,origin,delivery\r\n")) == 0);
    csv_table t;
    csv_parse(text, &t);
    assert_int_equal(t.rows, 1 + N_MS);
    /* program-level milestones have no style */
    assert_string_equal(t.cell[1][0], "");
    assert_string_equal(t.cell[1][1], "Capacity booking (first order)");
    assert_string_equal(t.cell[1][2], "capacity_booking");
    assert_string_equal(t.cell[1][3], "factory");
    assert_string_equal(t.cell[1][11], "10");
    assert_string_equal(t.cell[1][12], "no");
    assert_string_equal(t.cell[2][0], "ST-01");
    assert_string_equal(t.cell[2][3], "brand");
    assert_string_equal(t.cell[2][12], "yes");
    /* the last column: where the work is done; a style made elsewhere says so */
    assert_string_equal(t.cell[0][15], "origin");
    assert_string_equal(t.cell[1][15], "VN");
    assert_string_equal(t.cell[2][15], "VN");
    assert_string_equal(t.cell[4][15], "TR");
    assert_string_equal(t.cell[6][15], "");
    /* and for which delivery, when there are several: none in this plan */
    assert_string_equal(t.cell[0][16], "delivery");
    assert_string_equal(t.cell[2][16], "");
    csv_free(&t);
    free(text);
}

static void csv_quotes_commas_and_quotes(void **state)
{
    fixture *f = *state;
    char *text = write_ok(sv_plan_write_csv, f);
    /* the raw text: quoted, inner quotes doubled */
    assert_non_null(strstr(text, ",\"Proto \"\"rush\"\", sample\",proto,"));
    assert_non_null(strstr(text, ",\"" SIZE_NAME "\","));
    csv_table t;
    csv_parse(text, &t);
    assert_string_equal(t.cell[3][1], PROTO_NAME);
    assert_string_equal(t.cell[4][1], SIZE_NAME);
    csv_free(&t);
    free(text);
}

/* Formula injection: a style code a spreadsheet would run is written as text, with a
 * leading quote, in the style column and where other milestones name it; selvedge's own
 * negative slack stays a number. */
static void csv_formula_cells_are_neutralised(void **state)
{
    fixture *f = *state;
    static const char dde[] = "=cmd|' /C calc'!A0";
    f->ms[1].style = dde;
    f->ms[2].style = dde;
    f->ms[4].slack = -3;
    char *text = write_ok(sv_plan_write_csv, f);
    assert_non_null(strstr(text, "\r\n\"'=cmd|' /C calc'!A0\",Tech pack final,"));
    /* the size review waits for the proto of that style: "=cmd...: Proto..." */
    csv_table t;
    csv_parse(text, &t);
    assert_string_equal(t.cell[2][0], "'=cmd|' /C calc'!A0");
    assert_true(strncmp(t.cell[4][8], "'=cmd|' /C calc'!A0: Proto", 26) == 0);
    assert_string_equal(t.cell[5][11], "-3");
    assert_non_null(strstr(text, ",-3,"));
    for (int r = 0; r < t.rows; r++)
        for (int c = 0; c < CSV_COLS; c++)
            assert_true(!strchr("=+@", t.cell[r][c][0]) || !t.cell[r][c][0]);
    csv_free(&t);
    free(text);
    f->ms[1].style = f->ms[2].style = "ST-01";
}

static void csv_end_is_the_last_day_of_work(void **state)
{
    fixture *f = *state;
    char *text = write_ok(sv_plan_write_csv, f);
    csv_table t;
    csv_parse(text, &t);
    /* tech pack: 5 days from Monday 3 March, so the last day is Friday 7 March */
    assert_string_equal(t.cell[2][4], "2025-03-03");
    assert_string_equal(t.cell[2][5], "2025-03-07");
    assert_string_equal(t.cell[2][6], "5");
    /* proto: 17 calendar days for 14 of work, the closure in between */
    assert_string_equal(t.cell[3][4], day(f->t + 5));
    assert_string_equal(t.cell[3][5], day(f->t + 21));
    assert_string_equal(t.cell[3][6], "17");
    assert_string_equal(t.cell[3][13], "3");
    assert_string_equal(t.cell[3][14], "qingming");
    /* latest dates follow the same rule: capacity booking latest T+10 .. T+40 exclusive */
    assert_string_equal(t.cell[1][9], day(f->t + 10));
    assert_string_equal(t.cell[1][10], day(f->t + 39));
    csv_free(&t);
    free(text);
}

static void csv_zero_day_milestone_ends_when_it_starts(void **state)
{
    fixture *f = *state;
    char *text = write_ok(sv_plan_write_csv, f);
    csv_table t;
    csv_parse(text, &t);
    assert_string_equal(t.cell[5][1], "Ex-factory");
    assert_string_equal(t.cell[5][4], day(f->t + 40));
    assert_string_equal(t.cell[5][5], day(f->t + 40));
    assert_string_equal(t.cell[5][6], "0");
    assert_string_equal(t.cell[6][4], "2025-05-17");
    assert_string_equal(t.cell[6][5], "2025-05-17");
    assert_string_equal(t.cell[6][9], "2025-05-22");
    assert_string_equal(t.cell[6][10], "2025-05-22");
    csv_free(&t);
    free(text);
}

static void csv_waits_for_names_where_deps_live(void **state)
{
    fixture *f = *state;
    char *text = write_ok(sv_plan_write_csv, f);
    csv_table t;
    csv_parse(text, &t);
    assert_string_equal(t.cell[1][8], "");
    assert_string_equal(t.cell[3][8], "Tech pack final"); /* same style: no prefix */
    assert_string_equal(t.cell[4][8],
                        "ST-01: " PROTO_NAME "; program: Capacity booking (first order)");
    assert_string_equal(t.cell[5][8], "ST-01: " PROTO_NAME "; ST-02: " SIZE_NAME);
    assert_string_equal(t.cell[6][8], "Ex-factory"); /* program to program: no prefix */
    csv_free(&t);
    free(text);
}

/* ---- iCalendar ---- */

/* The readable part of the UID the exporter gives a milestone: style slug (or "program"),
 * kind, and the kind's ordinal in its style, so that adding a round elsewhere changes no
 * other UID. A hash of the exact names follows it (uid_id_in). */
static void expected_uid(const sv_milestone *m, char *buf, size_t n)
{
    char style[32] = "program";
    if (m->style) {
        size_t k = 0;
        for (const char *c = m->style; *c && k + 1 < sizeof style; c++)
            style[k++] = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
        style[k] = '\0';
    }
    snprintf(buf, n, "%s-%s-%d-", style, m->kind, m->seq);
}

/* Whether uid is the readable part, 16 lower-case hex digits and "@selvedge". */
static bool uid_is(const char *uid, const char *readable)
{
    size_t n = strlen(readable);
    if (strncmp(uid, readable, n) != 0 || strlen(uid) != n + 16 + strlen("@selvedge"))
        return false;
    for (size_t k = n; k < n + 16; k++)
        if (!((uid[k] >= '0' && uid[k] <= '9') || (uid[k] >= 'a' && uid[k] <= 'f')))
            return false;
    return strcmp(uid + n + 16, "@selvedge") == 0;
}

static int uid_id_in(const sv_milestone *ms, const char *uid)
{
    for (int i = 0; i < N_MS; i++) {
        char want[160];
        expected_uid(&ms[i], want, sizeof want);
        if (uid_is(uid, want))
            return i;
    }
    return -1;
}

static void assert_date(struct icaltimetype t, int64_t d)
{
    sv_date want = sv_date_from_days(d);
    assert_true(t.is_date);
    assert_int_equal(t.year, want.year);
    assert_int_equal(t.month, want.month);
    assert_int_equal(t.day, want.day);
}

static void ics_parses_back_one_event_per_milestone(void **state)
{
    fixture *f = *state;
    char *text = write_ok(sv_plan_write_ics, f);
    icalcomponent *cal = icalparser_parse_string(text);
    assert_non_null(cal);
    assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
    assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), N_MS);
    assert_non_null(strstr(text, "\r\nPRODID:-//selvedge//T&A calendar//EN\r\n"));
    assert_non_null(strstr(text, "\r\nVERSION:2.0\r\n"));
    assert_non_null(strstr(text, "\r\nCALSCALE:GREGORIAN\r\n"));
    icalproperty *x = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY);
    assert_non_null(x);
    assert_string_equal(icalproperty_get_x_name(x), "X-WR-CALNAME");
    assert_string_equal(icalproperty_get_x(x), "Acme & Co - SS26 Core, Tees T&A");

    bool seen[N_MS] = {0};
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        int id = uid_id_in(f->ms, icalcomponent_get_uid(ev));
        assert_true(id >= 0 && id < N_MS);
        assert_false(seen[id]);
        seen[id] = true;
        const sv_milestone *m = &f->ms[id];

        icalproperty *ds = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
        assert_non_null(ds);
        icalparameter *vp = icalproperty_get_first_parameter(ds, ICAL_VALUE_PARAMETER);
        assert_non_null(vp);
        assert_int_equal(icalparameter_get_value(vp), ICAL_VALUE_DATE);
        assert_date(icalproperty_get_dtstart(ds), m->start);
        icalproperty *de = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
        assert_non_null(de);
        vp = icalproperty_get_first_parameter(de, ICAL_VALUE_PARAMETER);
        assert_non_null(vp);
        assert_int_equal(icalparameter_get_value(vp), ICAL_VALUE_DATE);
        /* exclusive end; a 0-day milestone takes its one day */
        assert_date(icalproperty_get_dtend(de), m->end > m->start ? m->end : m->start + 1);

        struct icaltimetype stamp = icalcomponent_get_dtstamp(ev);
        assert_false(stamp.is_date);
        assert_true(icaltime_is_utc(stamp));
        assert_int_equal(stamp.year, 2025);
        assert_int_equal(stamp.month, 3);
        assert_int_equal(stamp.day, 3);
        assert_int_equal(stamp.hour, 0);
        assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);
        icalproperty *cat = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY);
        assert_non_null(cat);
        assert_string_equal(icalproperty_get_categories(cat), sv_owner_name(m->owner));
    }
    for (int i = 0; i < N_MS; i++)
        assert_true(seen[i]);
    icalcomponent_free(cal);
    free(text);
}

static icalcomponent *event_of(const sv_milestone *ms, icalcomponent *cal, int id)
{
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
        if (uid_id_in(ms, icalcomponent_get_uid(ev)) == id)
            return ev;
    fail_msg("no event for milestone %d", id);
    return NULL;
}

static void ics_summary_and_description(void **state)
{
    fixture *f = *state;
    char *text = write_ok(sv_plan_write_ics, f);
    icalcomponent *cal = icalparser_parse_string(text);
    assert_non_null(cal);
    /* folded over several lines and escaped (comma, quote, UTF-8): it comes back whole */
    assert_string_equal(icalcomponent_get_summary(event_of(f->ms, cal, 2)), "ST-01: " PROTO_NAME);
    assert_string_equal(icalcomponent_get_summary(event_of(f->ms, cal, 3)), "ST-02: " SIZE_NAME);
    assert_string_equal(icalcomponent_get_summary(event_of(f->ms, cal, 0)),
                        "Capacity booking (first order)");
    assert_string_equal(icalcomponent_get_summary(event_of(f->ms, cal, 5)), "Launch");

    const char *d = icalcomponent_get_description(event_of(f->ms, cal, 2));
    assert_non_null(strstr(d, "Owner: factory\n"));
    assert_non_null(strstr(d, "Made in: VN\n"));
    assert_non_null(strstr(icalcomponent_get_description(event_of(f->ms, cal, 3)),
                           "Made in: TR\n"));
    assert_null(strstr(icalcomponent_get_description(event_of(f->ms, cal, 5)), "Made in"));
    assert_non_null(strstr(d, "14 work days on the factory's calendar (17 calendar days: closed "
                              "days do not count)"));
    assert_non_null(strstr(d, "Closures: 3 days added by qingming\n"));
    assert_non_null(strstr(d, "Waits for: Tech pack final\n"));
    assert_non_null(strstr(d, "critical path"));
    d = icalcomponent_get_description(event_of(f->ms, cal, 0));
    assert_non_null(strstr(d, "Waits for: nothing\n"));
    assert_non_null(strstr(d, "Slack: 10 days"));
    assert_null(strstr(d, "critical path"));
    d = icalcomponent_get_description(event_of(f->ms, cal, 3));
    assert_non_null(
        strstr(d, "Waits for: ST-01: " PROTO_NAME "; program: Capacity booking (first order)\n"));
    icalcomponent_free(cal);
    free(text);
}

/* RFC 5545 TEXT escaping of what the user wrote: a style code with a formula, a semicolon,
 * a comma and a backslash is escaped on the line (\; \, \\) and comes back whole. */
static void ics_escapes_text_values(void **state)
{
    fixture *f = *state;
    static const char code[] = "=HYPERLINK(\"http://x\";\"y\"),a\\b";
    f->ms[1].style = code;
    char *text = write_ok(sv_plan_write_ics, f);
    assert_non_null(
        strstr(text, "\r\nSUMMARY:=HYPERLINK(\"http://x\"\\;\"y\")\\,a\\\\b: Tech pack"));
    icalcomponent *cal = icalparser_parse_string(text);
    assert_non_null(cal);
    int found = 0;
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
        found += strcmp(icalcomponent_get_summary(ev),
                        "=HYPERLINK(\"http://x\";\"y\"),a\\b: Tech pack final") == 0;
    assert_int_equal(found, 1);
    icalcomponent_free(cal);
    free(text);
    f->ms[1].style = "ST-01";
}

static void ics_uids_unique_and_stable(void **state)
{
    fixture *f = *state;
    char *a = write_ok(sv_plan_write_ics, f);
    char *b = write_ok(sv_plan_write_ics, f);
    /* same plan, same bytes: DTSTAMP is the plan's today, not the clock */
    assert_string_equal(a, b);
    /* the same from one version to the next: a calendar that imported the file before
     * updates its events instead of doubling them */
    assert_non_null(strstr(a, "\r\nUID:program-capacity_booking-1-b71df016fb2c9718@selvedge\r\n"));
    assert_non_null(strstr(a, "\r\nUID:st-01-tech_pack-1-83d8a5f6b2fc61f5@selvedge\r\n"));

    icalcomponent *cal = icalparser_parse_string(a);
    assert_non_null(cal);
    const char *uids[N_MS];
    int n = 0;
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        assert_true(n < N_MS);
        uids[n] = icalcomponent_get_uid(ev);
        for (int k = 0; k < n; k++)
            assert_string_not_equal(uids[k], uids[n]);
        n++;
    }
    assert_int_equal(n, N_MS);
    icalcomponent_free(cal);
    free(a);
    free(b);
}

/* Style codes a slug cannot tell apart (punctuation, letters outside ASCII) keep events of
 * their own: a calendar app takes two events with one UID for one, and merges or drops
 * them. Re-exported, every UID is the same again. */
static void ics_uids_apart_when_slugs_are_not(void **state)
{
    fixture *f = *state;
    static const char *const codes[] = {"A-1", "A_1", "\u6b3e\u5f0f-1", "\u88e4\u5b50-1",
                                        "A-1 in a code long enough to be cut before the kind"};
    /* five styles, the same milestone each: slugs "a-1", "a-1", "1", "1", "a-1-in-a-..." */
    for (int i = 0; i < 5; i++) {
        f->ms[i].style = codes[i];
        f->ms[i].kind = "tech_pack";
        f->ms[i].seq = 1;
    }
    char *a = write_ok(sv_plan_write_ics, f);
    char *b = write_ok(sv_plan_write_ics, f);
    assert_string_equal(a, b);
    /* a UID is one line, never folded: libical folds a value without spaces badly */
    for (const char *u = strstr(a, "\r\nUID:"); u; u = strstr(u + 1, "\r\nUID:")) {
        const char *end = strstr(u + 2, "\r\n");
        assert_non_null(end);
        assert_true(end - (u + 2) <= 74);
        assert_true(end[2] != ' ' && end[2] != '\t');
    }
    icalcomponent *cal = icalparser_parse_string(a);
    assert_non_null(cal);
    const char *uids[N_MS];
    int n = 0;
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        assert_true(n < N_MS);
        uids[n] = icalcomponent_get_uid(ev);
        for (int k = 0; k < n; k++)
            if (strcmp(uids[k], uids[n]) == 0)
                fail_msg("two events share UID %s", uids[n]);
        n++;
    }
    assert_int_equal(n, N_MS);
    /* another program of the same slug ("SS26 core tees") has UIDs of its own */
    f->prog.name = "SS26 core tees";
    char *c = write_ok(sv_plan_write_ics, f);
    for (int k = 0; k < n; k++) {
        char line[300];
        snprintf(line, sizeof line, "\r\nUID:%s\r\n", uids[k]);
        assert_null(strstr(c, line));
    }
    icalcomponent_free(cal);
    free(a);
    free(b);
    free(c);
}

static void ics_lines_crlf_and_folded(void **state)
{
    fixture *f = *state;
    char *text = write_ok(sv_plan_write_ics, f);
    size_t len = strlen(text);
    assert_true(len > 2);
    assert_true(text[len - 2] == '\r' && text[len - 1] == '\n');
    int folded = 0;
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        assert_non_null(nl);
        assert_true(nl > line && nl[-1] == '\r');
        size_t octets = (size_t)(nl - 1 - line);
        if (octets > 75)
            fail_msg("line of %zu octets: %.*s", octets, (int)octets, line);
        if (*line == ' ')
            folded++;
        /* a folded line never starts inside a UTF-8 character */
        if (*line == ' ')
            assert_true(((unsigned char)line[1] & 0xC0) != 0x80);
        line = nl + 1;
    }
    assert_true(folded > 0); /* the check above saw long lines */
    free(text);
}

/* ---- Excel ---- */

static void xlsx_is_a_zip(void **state)
{
    fixture *f = *state;
    char *path = path_in(f, "plan.xlsx");
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_plan_write_xlsx(path, &f->prog, &f->plan, &e);
    if (rc != SV_OK)
        fail_msg("xlsx: %s", e.msg);
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    unsigned char magic[4] = {0};
    assert_int_equal(fread(magic, 1, 4, in), 4);
    fclose(in);
    assert_memory_equal(magic, "PK\x03\x04", 4);
    free(path);
}

/* Lists a workbook's parts with Python's zipfile (python3 is there: meson needs it). */
static const char check_py[] =
    "import re, sys, zipfile\n"
    "import xml.etree.ElementTree as ET\n"
    "M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'\n"
    "z = zipfile.ZipFile(sys.argv[1])\n"
    "for n in z.namelist(): print('member', n)\n"
    "for s in ET.fromstring(z.read('xl/workbook.xml')).iter(M + 'sheet'):\n"
    "    print('sheet', s.get('name'))\n"
    "for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(M + 'si'):\n"
    "    print('string', ''.join(t.text or '' for t in si.iter(M + 't')))\n"
    "s1 = z.read('xl/worksheets/sheet1.xml').decode()\n"
    "print('dimension', re.search(r'<dimension ref=\"([^\"]+)\"', s1).group(1))\n"
    "p = re.search(r'<pane [^>]*>', s1)\n"
    "print('pane', p.group(0) if p else '')\n"
    "print('values', ' '.join(re.findall(r'<v>([^<]*)</v>', s1)) + ' ')\n";

static char *inspect_xlsx(const fixture *f, const char *xlsx)
{
    char *script = path_in(f, "check.py");
    FILE *s = fopen(script, "w");
    assert_non_null(s);
    fputs(check_py, s);
    assert_int_equal(fclose(s), 0);
    char *cmd = NULL;
    assert_true(asprintf(&cmd, "python3 '%s' '%s'", script, xlsx) > 0);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char *out = NULL;
    size_t cap = 0, len = 0;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
        memcpy(out + len, chunk, n);
        len += n;
    }
    int status = pclose(p);
    if (!WIFEXITED(status) || WEXITSTATUS(status) == 127)
        fail_msg("python3 (which meson needs too) did not run: cannot read the workbook");
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_non_null(out);
    out[len] = '\0';
    free(cmd);
    free(script);
    return out;
}

static void assert_line(const char *out, const char *line)
{
    char *want = NULL;
    assert_true(asprintf(&want, "\n%s\n", line) > 0);
    if (!strstr(out, want) && strncmp(out, want + 1, strlen(want + 1)) != 0)
        fail_msg("no line \"%s\" in:\n%s", line, out);
    free(want);
}

static void xlsx_sheets_and_strings(void **state)
{
    fixture *f = *state;
    char *path = path_in(f, "plan.xlsx");
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_plan_write_xlsx(path, &f->prog, &f->plan, &e), SV_OK);
    char *out = inspect_xlsx(f, path);

    assert_line(out, "member xl/workbook.xml");
    assert_line(out, "member xl/worksheets/sheet1.xml");
    assert_line(out, "member xl/worksheets/sheet2.xml");
    assert_line(out, "member xl/worksheets/sheet3.xml");
    assert_line(out, "member xl/sharedStrings.xml");
    assert_line(out, "sheet T&A");
    assert_line(out, "sheet Closures");
    assert_line(out, "sheet Ways out");
    for (int i = 0; i < N_MS; i++) {
        char line[128];
        snprintf(line, sizeof line, "string %s", f->ms[i].name);
        assert_line(out, line);
    }
    assert_line(out, "string Acme & Co");
    assert_line(out, "string SS26 Core, Tees");
    assert_line(out, "string VN; TR for 1 style");
    assert_line(out, "string Origin");
    assert_line(out, "string TR");
    assert_line(out, "string sea freight");
    assert_line(out, "string tight: 5 days of slack");
    assert_line(out, "string End (inclusive)");
    /* both durations, each named for what it counts */
    assert_line(out, "string Calendar days");
    assert_line(out, "string Work days");
    assert_line(out, "string qingming");
    assert_line(out, "string air_freight");
    assert_line(out, "string Extra per unit (USD)");
    assert_line(out, "string 1.35");
    assert_line(out, "string unknown");
    assert_line(out, "string -2.50");

    /* 10 fixed columns and 12 weeks (3 March to the launch week of 19 May): A..V; the header
     * on row 8 and one row per milestone */
    assert_line(out, "dimension A1:V14");
    assert_non_null(strstr(out, "xSplit=\"10\""));
    assert_non_null(strstr(out, "ySplit=\"8\""));
    assert_non_null(strstr(out, "state=\"frozen\""));
    /* dates are Excel serial numbers, not text: 2025-03-03 is 45719, the tech pack's last
     * day 2025-03-07 is 45723, the launch week's Monday 2025-05-19 is 45796 */
    assert_non_null(strstr(out, " 45719 "));
    assert_non_null(strstr(out, " 45723 "));
    assert_non_null(strstr(out, " 45796 "));
    assert_null(strstr(out, "string 2025-03-03"));
    free(out);
    free(path);
}

/* A later delivery that binds: the workbook's verdict is its, and names it. */
static void xlsx_verdict_of_a_late_second_delivery(void **state)
{
    fixture *f = *state;
    sv_plan_delivery dl[2] = {
        {.date = f->t + 80, .units = 100, .ready = f->t + 75, .slack = 5, .milestone = 5},
        {.date = f->t + 81, .units = 50, .ready = f->t + 84, .slack = -3, .milestone = 5}};
    f->plan.deliveries = dl;
    f->plan.n_deliveries = 2;
    f->plan.binding = 1;
    f->plan.verdict = SV_PLAN_INFEASIBLE;
    char *path = path_in(f, "late.xlsx");
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_plan_write_xlsx(path, &f->prog, &f->plan, &e), SV_OK);
    char *out = inspect_xlsx(f, path);
    assert_line(out, "string infeasible: delivery 2 of 2, 3 days late");
    assert_null(strstr(out, "string infeasible: 5 days of slack"));
    free(out);
    free(path);
    f->plan.deliveries = NULL;
    f->plan.n_deliveries = 0;
    f->plan.binding = 0;
}

static void xlsx_is_reproducible(void **state)
{
    fixture *f = *state;
    char *a = path_in(f, "a.xlsx"), *b = path_in(f, "b.xlsx");
    sv_err e;
    assert_int_equal(sv_plan_write_xlsx(a, &f->prog, &f->plan, &e), SV_OK);
    assert_int_equal(sv_plan_write_xlsx(b, &f->prog, &f->plan, &e), SV_OK);
    char *cmd = NULL;
    assert_true(asprintf(&cmd, "cmp -s '%s' '%s'", a, b) > 0);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(a);
    free(b);
}

/* sv_plan_write_xlsx(path) with fd 2 sent to a file: what was printed on stderr (free it). */
static char *xlsx_stderr(const fixture *f, const char *path, sv_err *e, sv_code *rc)
{
    char *log = path_in(f, "stderr.txt");
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    assert_true(dup2(fd, STDERR_FILENO) >= 0);
    close(fd);
    sv_err_clear(e);
    *rc = sv_plan_write_xlsx(path, &f->prog, &f->plan, e);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    FILE *in = fopen(log, "r");
    assert_non_null(in);
    char *text = calloc(1, 4096);
    assert_non_null(text);
    size_t n = fread(text, 1, 4095, in);
    text[n] = '\0';
    fclose(in);
    unlink(log);
    free(log);
    return text;
}

/* The error says what failed in selvedge's words, with no path (the caller's may be a
 * temporary name). The library leaves the process's stderr alone: libxlsxwriter's own line
 * reaches descriptor 2 (the command line silences it, src/cmd_plan.c); the library pointed
 * descriptor 2 at /dev/null, for every thread of the process, while libxlsxwriter ran. */
static void xlsx_missing_directory_is_an_io_error(void **state)
{
    fixture *f = *state;
    char *path = path_in(f, "no/such/dir/plan.xlsx");
    sv_err e;
    sv_code rc;
    char *err = xlsx_stderr(f, path, &e, &rc);
    assert_int_equal(rc, SV_ERR_IO);
    assert_int_equal(e.code, SV_ERR_IO);
    assert_string_equal(e.msg, "cannot create the workbook: No such file or directory");
    assert_non_null(strstr(err, "[ERROR]"));
    assert_false(exists(path));
    free(err);
    free(path);
}

static void xlsx_failure_while_filling_leaves_no_file(void **state)
{
    fixture *f = *state;
    /* a cell holds at most 32767 characters: libxlsxwriter refuses this style code */
    size_t n = 40000;
    char *code = malloc(n + 1);
    assert_non_null(code);
    memset(code, 'X', n);
    code[n] = '\0';
    f->ms[1].style = code;
    char *path = path_in(f, "plan.xlsx");
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_plan_write_xlsx(path, &f->prog, &f->plan, &e), SV_ERR_IO);
    assert_non_null(strstr(e.msg, "cannot write the workbook: "));
    assert_null(strstr(e.msg, path));
    assert_false(exists(path));
    f->ms[1].style = "ST-01";
    free(code);
    free(path);
}

/* ---- all three ---- */

static void bad_dep_is_refused_before_writing(void **state)
{
    fixture *f = *state;
    f->deps[0] = 99;
    sv_err e;
    sv_code rc;
    char *text = capture(sv_plan_write_csv, &f->prog, &f->plan, &e, &rc);
    assert_int_equal(rc, SV_ERR_INTERNAL);
    assert_string_equal(text, "");
    free(text);
    text = capture(sv_plan_write_ics, &f->prog, &f->plan, &e, &rc);
    assert_int_equal(rc, SV_ERR_INTERNAL);
    assert_string_equal(text, "");
    free(text);
    char *path = path_in(f, "plan.xlsx");
    assert_int_equal(sv_plan_write_xlsx(path, &f->prog, &f->plan, &e), SV_ERR_INTERNAL);
    assert_false(exists(path));
    free(path);
    f->deps[0] = 1;
}

/* A date outside 2001-01-01 to 2099-12-31 anywhere in the plan (an end in the year 12978,
 * a latest start in 1912) is refused by every writer before a byte is written: no
 * DTSTART:00000000T000000 in a calendar. The planner never makes such a plan. */
static void dates_outside_the_range_are_refused_before_writing(void **state)
{
    fixture *f = *state;
    int64_t *fields[] = {&f->ms[3].end, &f->ms[5].end, &f->ms[0].latest_start, &f->plan.ready,
                         &f->plan.today, &f->hit.last};
    int64_t far[] = {sv_date_to_days((sv_date){12978, 1, 1}), SV_DAY_LAST + 1,
                     sv_date_to_days((sv_date){1912, 6, 1}), SV_DAY_LAST + 1, SV_DAY_FIRST - 1,
                     SV_DAY_LAST + 1};
    for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
        int64_t keep = *fields[k];
        *fields[k] = far[k];
        sv_err e;
        sv_code rc;
        char *text = capture(sv_plan_write_csv, &f->prog, &f->plan, &e, &rc);
        assert_int_equal(rc, SV_ERR_INTERNAL);
        assert_non_null(strstr(e.msg, "2001-01-01 to 2099-12-31"));
        assert_string_equal(text, "");
        free(text);
        text = capture(sv_plan_write_ics, &f->prog, &f->plan, &e, &rc);
        assert_int_equal(rc, SV_ERR_INTERNAL);
        assert_string_equal(text, "");
        free(text);
        char *path = path_in(f, "plan.xlsx");
        assert_int_equal(sv_plan_write_xlsx(path, &f->prog, &f->plan, &e), SV_ERR_INTERNAL);
        assert_false(exists(path));
        free(path);
        *fields[k] = keep;
    }
    /* the last day itself is fine, and so is a calendar event on it, which ends (exclusively,
     * as RFC 5545 has it) the next day */
    f->ms[5].start = f->ms[5].end = f->ms[5].latest_start = f->ms[5].latest_end = SV_DAY_LAST;
    f->plan.launch = f->plan.ready = SV_DAY_LAST;
    f->plan.tight_days = 0;
    sv_err e;
    sv_code rc;
    char *text = capture(sv_plan_write_ics, &f->prog, &f->plan, &e, &rc);
    assert_int_equal(rc, SV_OK);
    assert_non_null(strstr(text, "DTSTART;VALUE=DATE:20991231"));
    free(text);
}

static void full_disk_is_an_io_error(void **state)
{
    fixture *f = *state;
    FILE *out = fopen("/dev/full", "w");
    if (!out) {
        print_message("# no /dev/full here: not checked\n");
        return;
    }
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_plan_write_csv(out, &f->prog, &f->plan, &e), SV_ERR_IO);
    clearerr(out);
    sv_err_clear(&e);
    assert_int_equal(sv_plan_write_ics(out, &f->prog, &f->plan, &e), SV_ERR_IO);
    fclose(out);
}

static void empty_plan_without_launch(void **state)
{
    fixture *f = *state;
    sv_plan empty = {.today = f->t, .ready = f->t, .verdict = SV_PLAN_NO_LAUNCH_DATE};
    memcpy(empty.origin, "CN", 3);
    empty.origin_assumed = true;
    sv_err e;
    sv_code rc;
    char *text = capture(sv_plan_write_csv, &f->prog, &empty, &e, &rc);
    assert_int_equal(rc, SV_OK);
    csv_table t;
    csv_parse(text, &t);
    assert_int_equal(t.rows, 1);
    csv_free(&t);
    free(text);

    text = capture(sv_plan_write_ics, &f->prog, &empty, &e, &rc);
    assert_int_equal(rc, SV_OK);
    icalcomponent *cal = icalparser_parse_string(text);
    assert_non_null(cal);
    assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 0);
    icalcomponent_free(cal);
    free(text);

    char *path = path_in(f, "empty.xlsx");
    assert_int_equal(sv_plan_write_xlsx(path, &f->prog, &empty, &e), SV_OK);
    char *out = inspect_xlsx(f, path);
    assert_line(out, "string none set");
    assert_line(out, "string no_launch_date: the earliest dates only");
    assert_line(out, "string CN (assumed: no origin given)");
    assert_line(out, "string No factory closure falls on the earliest schedule.");
    free(out);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(csv_header_and_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_quotes_commas_and_quotes, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_formula_cells_are_neutralised, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_end_is_the_last_day_of_work, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_zero_day_milestone_ends_when_it_starts, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(csv_waits_for_names_where_deps_live, setup, teardown),
        cmocka_unit_test_setup_teardown(ics_parses_back_one_event_per_milestone, setup, teardown),
        cmocka_unit_test_setup_teardown(ics_summary_and_description, setup, teardown),
        cmocka_unit_test_setup_teardown(ics_escapes_text_values, setup, teardown),
        cmocka_unit_test_setup_teardown(ics_uids_unique_and_stable, setup, teardown),
        cmocka_unit_test_setup_teardown(ics_uids_apart_when_slugs_are_not, setup, teardown),
        cmocka_unit_test_setup_teardown(ics_lines_crlf_and_folded, setup, teardown),
        cmocka_unit_test_setup_teardown(xlsx_is_a_zip, setup, teardown),
        cmocka_unit_test_setup_teardown(xlsx_sheets_and_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(xlsx_verdict_of_a_late_second_delivery, setup, teardown),
        cmocka_unit_test_setup_teardown(xlsx_is_reproducible, setup, teardown),
        cmocka_unit_test_setup_teardown(xlsx_missing_directory_is_an_io_error, setup, teardown),
        cmocka_unit_test_setup_teardown(xlsx_failure_while_filling_leaves_no_file, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_dep_is_refused_before_writing, setup, teardown),
        cmocka_unit_test_setup_teardown(dates_outside_the_range_are_refused_before_writing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(full_disk_is_an_io_error, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_plan_without_launch, setup, teardown),
    };
    return cmocka_run_group_tests_name("report/plan_export", tests, NULL, NULL);
}
