/* The charts (lib/report/chart.c): drawn from real plans and cost reports of the examples.
 *
 * How bars are counted: cairo's SVG has no classes or ids, so the charts reserve the milestone
 * bars' fill colours (SV_CHART_FILL_*: nothing else is filled with them, legend swatches are
 * strokes) and the test counts the <path> elements filled with one of them; each milestone is
 * one filled path. What a chart says it drew (sv_chart_info) is checked against the same
 * numbers, and its text boxes (pango's logical extents, after ellipsizing) against the box. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "selvedge/chart.h"
#include "selvedge/program_yaml.h"

static const char *root(void)
{
    const char *r = getenv("SELVEDGE_SOURCE_ROOT");
    return r ? r : ".";
}

static sv_program *load(const char *name)
{
    char path[1024];
    sv_err e;
    sv_program *p = NULL;
    snprintf(path, sizeof path, "%s/examples/%s", root(), name);
    assert_int_equal(sv_program_load(path, &p, &e), SV_OK);
    return p;
}

/* The built-in reference data, loaded once for the group (group_setup). */
static sv_refdata *RD;

static int group_setup(void **state)
{
    (void)state;
    sv_err e;
    return sv_refdata_load(NULL, &RD, &e) == SV_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    sv_refdata_free(RD);
    RD = NULL;
    return 0;
}

static sv_plan *plan_of(const sv_program *p, const sv_refdata *rd, sv_date today)
{
    sv_plan *pl = NULL;
    sv_err e;
    sv_plan_options o = {.today = today, .mode = SV_MODE_SEA};
    assert_int_equal(sv_plan_build(p, rd, &o, &pl, &e), SV_OK);
    return pl;
}

static sv_cost_report *cost_of(const sv_program *p, const sv_refdata *rd)
{
    sv_cost_report *r = NULL;
    sv_err e;
    sv_cost_options o = {.mode = SV_MODE_SEA, .today = {2026, 1, 5}};
    assert_int_equal(sv_cost_run(p, rd, &o, &r, &e), SV_OK);
    return r;
}

/* The fill of a <path>'s style as 0xRRGGBB (cairo writes "fill:rgb(R%,G%,B%)"), or -1. */
static long path_fill(const char *path_start, const char *path_end)
{
    const char *f = strstr(path_start, "fill:rgb(");
    if (!f || f > path_end)
        return -1;
    double c[3];
    if (sscanf(f, "fill:rgb(%lf%%,%lf%%,%lf%%)", &c[0], &c[1], &c[2]) != 3)
        return -1;
    long v = 0;
    for (int i = 0; i < 3; i++)
        v = v << 8 | lround(c[i] * 255 / 100);
    return v;
}

/* <path> elements filled with `color`. */
static int count_fills(const char *svg, long color)
{
    int n = 0;
    for (const char *s = strstr(svg, "<path"); s; s = strstr(s + 5, "<path")) {
        const char *end = strchr(s, '>');
        assert_non_null(end);
        if (path_fill(s, end) == color)
            n++;
    }
    return n;
}

static int count_bars(const char *svg)
{
    return count_fills(svg, SV_CHART_FILL_BRAND) + count_fills(svg, SV_CHART_FILL_FACTORY) +
           count_fills(svg, SV_CHART_FILL_OTHER) + count_fills(svg, SV_CHART_FILL_LATE);
}

/* The document is one <svg> element after the XML declaration, closed at the end, with no
 * stray '<' or '&' in text (what a parser would refuse first; the integration test parses it
 * with a real one). */
static void assert_svg_document(const char *svg)
{
    assert_true(strncmp(svg, "<?xml", 5) == 0);
    assert_non_null(strstr(svg, "<svg"));
    const char *end = svg + strlen(svg);
    while (end > svg && (end[-1] == '\n' || end[-1] == ' '))
        end--;
    assert_true(end - svg > 6 && strncmp(end - 6, "</svg>", 6) == 0);
    assert_null(strstr(svg, "&&"));
}

/* A chart's SVG written to memory: the full Gantt, its summary, or the cost charts. */
typedef enum svg_kind { SVG_GANTT, SVG_SUMMARY, SVG_COST } svg_kind;

static char *svg_of(svg_kind kind, const sv_program *p, const sv_plan *pl, const sv_cost_report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = kind == SVG_GANTT     ? sv_chart_svg_gantt(f, p, pl, &e)
                 : kind == SVG_SUMMARY ? sv_chart_svg_gantt_summary(f, p, pl, &e)
                                       : sv_chart_svg_cost(f, p, r, &e);
    if (rc != SV_OK)
        fprintf(stderr, "# %s\n", e.msg);
    assert_int_equal(rc, SV_OK);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static char *gantt_svg(const sv_program *p, const sv_plan *pl)
{
    return svg_of(SVG_GANTT, p, pl, NULL);
}

/* Draws on a recording surface (no page: nothing is cut off by the surface itself). */
typedef struct canvas {
    cairo_surface_t *sf;
    cairo_t *cr;
} canvas;

static canvas canvas_new(void)
{
    canvas c;
    c.sf = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    c.cr = cairo_create(c.sf);
    return c;
}

static void canvas_free(canvas c)
{
    cairo_destroy(c.cr);
    cairo_surface_destroy(c.sf);
}

static void assert_text_inside(const sv_chart_info *in, double w, double h)
{
    assert_true(in->texts > 0);
    assert_true(in->text_x0 >= 0 && in->text_y0 >= 0);
    assert_true(in->text_x1 <= w + 1e-6 && in->text_y1 <= h + 1e-6);
}

/* ---- The Gantt ---- */

static void gantt_one_bar_per_milestone(void **state)
{
    (void)state;
    static const char *const examples[] = {"northline.yaml", "kids-two-origins.yaml",
                                           "bd-basics-lc.yaml", "hobby.yaml"};
    const sv_refdata *rd = RD;
    for (size_t k = 0; k < sizeof examples / sizeof examples[0]; k++) {
        sv_program *p = load(examples[k]);
        sv_plan *pl = plan_of(p, rd, (sv_date){2026, 1, 5});
        char *svg = gantt_svg(p, pl);
        assert_svg_document(svg);
        assert_int_equal(count_bars(svg), (int)pl->n);
        /* on a cairo_t of the caller's, the same count */
        canvas c = canvas_new();
        sv_chart_info in;
        sv_err e;
        double h = sv_chart_gantt_height(pl, NULL);
        assert_int_equal(sv_chart_gantt(c.cr, 1000, h, p, pl, NULL, &in, &e), SV_OK);
        assert_int_equal(in.bars, (int)pl->n);
        assert_text_inside(&in, 1000, h);
        assert_int_equal(in.unknown_glyphs, 0);
        canvas_free(c);
        free(svg);
        sv_plan_free(pl);
        sv_program_free(p);
    }
}

/* A plan that misses its launch: the late milestones in the warning colour, and only they. */
static void gantt_late_milestones_in_the_warning_colour(void **state)
{
    (void)state;
    const sv_refdata *rd = RD;
    sv_program *p = load("northline.yaml");
    sv_plan *pl = plan_of(p, rd, (sv_date){2027, 1, 4});
    assert_int_equal(pl->verdict, SV_PLAN_INFEASIBLE);
    int late = 0;
    for (size_t i = 0; i < pl->n; i++)
        late += pl->ms[i].slack < 0;
    assert_true(late > 0);
    char *svg = gantt_svg(p, pl);
    assert_int_equal(count_fills(svg, SV_CHART_FILL_LATE), late);
    assert_int_equal(count_bars(svg), (int)pl->n);
    free(svg);
    /* on track: none */
    sv_plan_free(pl);
    pl = plan_of(p, rd, (sv_date){2026, 1, 5});
    svg = gantt_svg(p, pl);
    assert_int_equal(count_fills(svg, SV_CHART_FILL_LATE), 0);
    free(svg);
    sv_plan_free(pl);
    sv_program_free(p);
}

/* Rows sliced for pages: every milestone in exactly one slice. */
static void gantt_slices_cover_every_milestone_once(void **state)
{
    (void)state;
    const sv_refdata *rd = RD;
    sv_program *p = load("kids-two-origins.yaml");
    sv_plan *pl = plan_of(p, rd, (sv_date){2026, 1, 5});
    size_t rows = sv_chart_gantt_rows(pl);
    assert_true(rows > pl->n);
    int bars = 0;
    for (size_t first = 0; first < rows; first += 40) {
        sv_chart_gantt_opts o = {.first_row = first, .n_rows = 40};
        double h = sv_chart_gantt_height(pl, &o);
        canvas c = canvas_new();
        sv_chart_info in;
        sv_err e;
        assert_int_equal(sv_chart_gantt(c.cr, 500, h, p, pl, &o, &in, &e), SV_OK);
        assert_text_inside(&in, 500, h);
        bars += in.bars;
        canvas_free(c);
    }
    assert_int_equal(bars, (int)pl->n);
    sv_plan_free(pl);
    sv_program_free(p);
}

/* What each row shows: every milestone once, in the plan's order, a heading before each group
 * naming its first milestone; nothing past the last row. */
static void gantt_rows_name_their_milestones(void **state)
{
    (void)state;
    const sv_refdata *rd = RD;
    sv_program *p = load("kids-two-origins.yaml");
    sv_plan *pl = plan_of(p, rd, (sv_date){2026, 1, 5});
    size_t rows = sv_chart_gantt_rows(pl);
    long next = 0;
    size_t heads = 0;
    for (size_t r = 0; r < rows; r++) {
        bool head = true;
        long m = sv_chart_gantt_row(pl, r, &head);
        if (head) {
            assert_int_equal(m, next); /* a group's heading names the milestone after it */
            heads++;
        } else {
            assert_int_equal(m, next++);
        }
    }
    assert_int_equal(next, (long)pl->n);
    assert_int_equal(heads, rows - pl->n);
    assert_true(sv_chart_gantt_row(pl, 0, NULL) == 0);
    bool head = true;
    assert_int_equal(sv_chart_gantt_row(pl, rows, &head), -1);
    assert_false(head);
    assert_int_equal(sv_chart_gantt_row(NULL, 0, NULL), -1);
    sv_plan_free(pl);
    sv_program_free(p);
}

/* ---- The summary: a row a style ---- */

static int count_phase_bars(const char *svg)
{
    return count_fills(svg, SV_CHART_FILL_DEVELOP) + count_fills(svg, SV_CHART_FILL_FABRIC) +
           count_fills(svg, SV_CHART_FILL_MAKE);
}

/* What the summary should draw, counted from the plan itself: a bar for each phase a style
 * has a milestone in, a bar for each milestone of the program's own (bookings, shipping);
 * late: those with a milestone past its latest end. */
typedef struct expect {
    int bars, late, styles, shared;
} expect;

static expect summary_expected(const sv_plan *pl)
{
    expect x = {0, 0, 0, 0};
    const char *codes[256];
    unsigned seen[256] = {0}, late[256] = {0};
    int n = 0;
    for (size_t i = 0; i < pl->n; i++) {
        const sv_milestone *m = &pl->ms[i];
        bool is_late = pl->has_launch && m->slack < 0;
        if (!m->style) {
            x.shared++;
            x.bars++;
            x.late += is_late;
            continue;
        }
        int k = 0;
        while (k < n && strcmp(codes[k], m->style) != 0)
            k++;
        if (k == n) {
            assert_true(n < 256);
            codes[n++] = m->style;
        }
        unsigned bit = 1u << sv_chart_phase_of(m->kind);
        seen[k] |= bit;
        if (is_late)
            late[k] |= bit;
    }
    for (int k = 0; k < n; k++)
        for (int ph = 0; ph < SV_PHASE_COUNT; ph++) {
            x.bars += (seen[k] >> ph) & 1;
            x.late += (late[k] >> ph) & 1;
        }
    x.styles = n;
    return x;
}

static char *summary_svg(const sv_program *p, const sv_plan *pl)
{
    return svg_of(SVG_SUMMARY, p, pl, NULL);
}

/* The phases: every kind a plan has falls in the phase docs/charts.md gives it. */
static void summary_phases_of_kinds(void **state)
{
    (void)state;
    static const char *const dev[] = {
        "tech_pack",      "quotation",  "lab_dip",      "lab_dip_approval", "proto",
        "proto_review",   "fit_sample", "fit_approval", "size_set",         "size_set_approval",
        "sample_courier", "pp_sample",  "pp_approval"};
    for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
        assert_int_equal(sv_chart_phase_of(dev[i]), SV_PHASE_DEVELOP);
    static const char *const fab[] = {"fabric_booking", "fabric_stock", "fabric_dyeing",
                                      "fabric_shipment"};
    for (size_t i = 0; i < sizeof fab / sizeof fab[0]; i++)
        assert_int_equal(sv_chart_phase_of(fab[i]), SV_PHASE_FABRIC);
    static const char *const make[] = {"production", "inline_inspection", "final_inspection"};
    for (size_t i = 0; i < sizeof make / sizeof make[0]; i++)
        assert_int_equal(sv_chart_phase_of(make[i]), SV_PHASE_MAKE);
    assert_int_equal(sv_chart_phase_of(NULL), SV_PHASE_DEVELOP);
}

/* A row a style and a bar a phase it has; the program's milestones a row and a bar each; the
 * same count in the SVG (by the reserved fills) as the chart says it drew. */
static void summary_bar_per_style_phase(void **state)
{
    (void)state;
    static const char *const examples[] = {"northline.yaml", "kids-two-origins.yaml",
                                           "bd-basics-lc.yaml", "hobby.yaml", "ready.yaml"};
    const sv_refdata *rd = RD;
    for (size_t k = 0; k < sizeof examples / sizeof examples[0]; k++) {
        sv_program *p = load(examples[k]);
        sv_plan *pl = plan_of(p, rd, (sv_date){2026, 1, 5});
        expect x = summary_expected(pl);
        assert_true(x.bars > x.styles);   /* more than one phase a style */
        assert_true(x.bars < (int)pl->n); /* and fewer bars than the full chart */
        /* rows: a style each, the program's milestones each, the same group headings as
         * the full chart has for the bookings and shipping */
        size_t full_heads = sv_chart_gantt_rows(pl) - pl->n;
        size_t shared_heads = full_heads - (size_t)x.styles;
        assert_int_equal(sv_chart_gantt_summary_rows(pl),
                         (size_t)x.styles + (size_t)x.shared + shared_heads);
        char *svg = summary_svg(p, pl);
        assert_svg_document(svg);
        assert_int_equal(count_phase_bars(svg) + count_bars(svg), x.bars);
        canvas c = canvas_new();
        sv_chart_info in;
        sv_err e;
        sv_chart_gantt_opts o = {.summary = true};
        double h = sv_chart_gantt_height(pl, &o);
        assert_true(h < sv_chart_gantt_height(pl, NULL));
        assert_int_equal(sv_chart_gantt(c.cr, 1000, h, p, pl, &o, &in, &e), SV_OK);
        assert_int_equal(in.bars, x.bars);
        assert_text_inside(&in, 1000, h);
        assert_int_equal(in.unknown_glyphs, 0);
        canvas_free(c);
        free(svg);
        sv_plan_free(pl);
        sv_program_free(p);
    }
}

/* A late plan: the phases with a late milestone in the warning colour, and only they. */
static void summary_late_phases_in_the_warning_colour(void **state)
{
    (void)state;
    const sv_refdata *rd = RD;
    sv_program *p = load("northline.yaml");
    sv_plan *pl = plan_of(p, rd, (sv_date){2027, 1, 4});
    assert_int_equal(pl->verdict, SV_PLAN_INFEASIBLE);
    expect x = summary_expected(pl);
    assert_true(x.late > 0);
    char *svg = summary_svg(p, pl);
    assert_int_equal(count_fills(svg, SV_CHART_FILL_LATE), x.late);
    assert_int_equal(count_phase_bars(svg) + count_bars(svg), x.bars);
    free(svg);
    sv_plan_free(pl);
    pl = plan_of(p, rd, (sv_date){2026, 1, 5});
    svg = summary_svg(p, pl);
    assert_int_equal(count_fills(svg, SV_CHART_FILL_LATE), 0);
    free(svg);
    sv_plan_free(pl);
    sv_program_free(p);
}

/* Names long enough to overflow any room, in several scripts. */
#define LONG_NAME                                                                                                                                                       \
    "Ультрамягкий свитшот с начёсом 超柔软加绒卫衣 সুপার নরম সোয়েটশার্ট Áo nỉ siêu mềm " \
    "Süper yumuşak sweatshirt, garment-dyed, brushed back, with a very long description "                                                                             \
    "that no chart could ever hold on one line at any size"

/* 50 styles with long names in several scripts, and a long brand: every text stays in the
 * box, the long ones ellipsized, every glyph found in a font. */
static void fifty_styles_and_long_names_lay_out(void **state)
{
    (void)state;
    const sv_refdata *rd = RD;
    sv_program *p = load("northline.yaml");
    enum { N = 50 };
    sv_style *keep = p->styles;
    size_t keep_n = p->n_styles;
    sv_style *many = calloc(N, sizeof *many);
    char codes[N][32];
    for (int i = 0; i < N; i++) {
        many[i] = keep[i % keep_n];
        snprintf(codes[i], sizeof codes[i], "LONG-STYLE-CODE-%02d", i);
        many[i].code = codes[i];
        many[i].name = LONG_NAME;
    }
    const char *brand = p->brand.name;
    p->brand.name = LONG_NAME;
    p->styles = many;
    p->n_styles = N;

    sv_plan *pl = plan_of(p, rd, (sv_date){2026, 1, 5});
    sv_cost_report *r = cost_of(p, rd);
    sv_err e;
    sv_chart_info in;
    /* the Gantt squeezed into an A4 page's box, and at its natural height */
    double boxes[][2] = {{523, 770}, {1000, sv_chart_gantt_height(pl, NULL)}};
    for (size_t b = 0; b < 2; b++) {
        canvas c = canvas_new();
        assert_int_equal(sv_chart_gantt(c.cr, boxes[b][0], boxes[b][1], p, pl, NULL, &in, &e),
                         SV_OK);
        assert_int_equal(in.bars, (int)pl->n);
        assert_text_inside(&in, boxes[b][0], boxes[b][1]);
        assert_true(in.ellipsized > 0);
        assert_int_equal(in.unknown_glyphs, 0);
        canvas_free(c);
    }
    /* the summary: a row a style, on an A4 page's box (the brief draws it 620 points wide
     * scaled to 523) at a row height that reads, the long names ellipsized; and in slices,
     * every bar once */
    {
        expect x = summary_expected(pl);
        assert_int_equal(x.styles, N);
        sv_chart_gantt_opts o = {.summary = true};
        double sh = sv_chart_gantt_height(pl, &o);
        assert_true(sh * 523.0 / 620.0 <= 770);
        size_t rows = sv_chart_gantt_summary_rows(pl);
        double h1 = sv_chart_gantt_height(pl, &(sv_chart_gantt_opts){0, 1, true});
        double row = sv_chart_gantt_height(pl, &(sv_chart_gantt_opts){0, 2, true}) - h1;
        assert_true(row * 523.0 / 620.0 >= 9); /* points on the page: 6.5-point labels */
        assert_true(rows >= N);
        canvas c = canvas_new();
        assert_int_equal(sv_chart_gantt(c.cr, 620, sh, p, pl, &o, &in, &e), SV_OK);
        assert_int_equal(in.bars, x.bars);
        assert_text_inside(&in, 620, sh);
        assert_true(in.ellipsized >= N); /* every style's long name */
        assert_int_equal(in.unknown_glyphs, 0);
        canvas_free(c);
        int sbars = 0;
        for (size_t first = 0; first < rows; first += 20) {
            sv_chart_gantt_opts so = {.first_row = first, .n_rows = 20, .summary = true};
            double hh = sv_chart_gantt_height(pl, &so);
            canvas cs = canvas_new();
            assert_int_equal(sv_chart_gantt(cs.cr, 523, hh, p, pl, &so, &in, &e), SV_OK);
            assert_text_inside(&in, 523, hh);
            sbars += in.bars;
            canvas_free(cs);
        }
        assert_int_equal(sbars, x.bars);
    }
    /* the cost breakdown in a small box and at its natural height */
    double cboxes[][2] = {{400, 500}, {900, sv_chart_cost_height(r)}};
    for (size_t b = 0; b < 2; b++) {
        canvas c = canvas_new();
        assert_int_equal(sv_chart_cost(c.cr, cboxes[b][0], cboxes[b][1], p, r, &in, &e), SV_OK);
        assert_int_equal(in.bars, N);
        assert_text_inside(&in, cboxes[b][0], cboxes[b][1]);
        assert_true(in.ellipsized > 0);
        assert_int_equal(in.unknown_glyphs, 0);
        canvas_free(c);
    }
    /* the breakdown in slices of 20 for pages: every style's bar once, text inside */
    int bars = 0;
    for (size_t first = 0; first < N; first += 20) {
        double h = sv_chart_cost_height_for(20);
        canvas c = canvas_new();
        assert_int_equal(sv_chart_cost_slice(c.cr, 523, h, p, r, first, 20, &in, &e), SV_OK);
        assert_text_inside(&in, 523, h);
        bars += in.bars;
        canvas_free(c);
    }
    assert_int_equal(bars, N);
    canvas c = canvas_new();
    assert_int_equal(sv_chart_cost_slice(c.cr, 523, 300, p, r, N, 1, &in, &e), SV_ERR_USAGE);
    assert_int_equal(sv_chart_small_run(c.cr, 300, 200, p, r, 49, &in, &e), SV_OK);
    assert_int_equal(in.bars, r->styles[49].n_runs);
    assert_text_inside(&in, 300, 200);
    assert_true(in.ellipsized > 0);
    canvas_free(c);

    sv_cost_report_free(r);
    sv_plan_free(pl);
    p->styles = keep;
    p->n_styles = keep_n;
    p->brand.name = brand;
    free(many);
    sv_program_free(p);
}

/* ---- Cost ---- */

static char *cost_svg(const sv_program *p, const sv_cost_report *r)
{
    return svg_of(SVG_COST, p, NULL, r);
}

static void cost_bar_per_style_point_per_run(void **state)
{
    (void)state;
    const sv_refdata *rd = RD;
    sv_program *p = load("kids-two-origins.yaml");
    sv_cost_report *r = cost_of(p, rd);
    char *svg = cost_svg(p, r);
    assert_svg_document(svg);
    free(svg);
    canvas c = canvas_new();
    sv_chart_info in;
    sv_err e;
    assert_int_equal(sv_chart_cost(c.cr, 900, sv_chart_cost_height(r), p, r, &in, &e), SV_OK);
    assert_int_equal(in.bars, (int)r->n_styles);
    assert_int_equal(in.ellipsized, 0);
    for (size_t i = 0; i < r->n_styles; i++) {
        assert_int_equal(sv_chart_small_run(c.cr, 450, 240, p, r, i, &in, &e), SV_OK);
        assert_int_equal(in.bars, r->styles[i].n_runs);
        assert_text_inside(&in, 450, 240);
    }
    canvas_free(c);
    sv_cost_report_free(r);
    sv_program_free(p);
}

/* ---- Bad input ---- */

static void bad_input_refused(void **state)
{
    (void)state;
    const sv_refdata *rd = RD;
    sv_program *p = load("northline.yaml");
    sv_plan *pl = plan_of(p, rd, (sv_date){2026, 1, 5});
    sv_cost_report *r = cost_of(p, rd);
    canvas c = canvas_new();
    sv_err e;
    sv_chart_info in;
    /* a box of no size, or not a number */
    assert_int_equal(sv_chart_gantt(c.cr, 0, 100, p, pl, NULL, &in, &e), SV_ERR_USAGE);
    assert_int_equal(sv_chart_cost(c.cr, 100, NAN, p, r, &in, &e), SV_ERR_USAGE);
    assert_int_equal(sv_chart_small_run(c.cr, -1, 100, p, r, 0, &in, &e), SV_ERR_USAGE);
    assert_int_equal(sv_chart_gantt(NULL, 100, 100, p, pl, NULL, &in, &e), SV_ERR_USAGE);
    assert_int_equal(sv_chart_gantt(c.cr, 100, 100, p, NULL, NULL, &in, &e), SV_ERR_USAGE);
    /* a style that is not in the report */
    assert_int_equal(sv_chart_small_run(c.cr, 100, 100, p, r, r->n_styles, &in, &e), SV_ERR_USAGE);
    /* a style not costed has no curve */
    r->styles[0].ok = false;
    assert_int_equal(sv_chart_small_run(c.cr, 100, 100, p, r, 0, &in, &e), SV_ERR_SCHEMA);
    r->styles[0].ok = true;
    /* no styles: refused as plan and cost refuse it, and nothing written */
    size_t n = p->n_styles;
    p->n_styles = 0;
    assert_int_equal(sv_chart_gantt(c.cr, 100, 100, p, pl, NULL, &in, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "program.styles");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(sv_chart_svg_gantt(f, p, pl, &e), SV_ERR_SCHEMA);
    fclose(f);
    assert_int_equal(len, 0);
    free(buf);
    p->n_styles = n;
    /* a plan with a day out of the supported range (as sv_plan_dates_ok refuses it) */
    int64_t keep = pl->ms[1].end;
    pl->ms[1].end = SV_DAY_LAST + 400;
    assert_int_equal(sv_chart_gantt(c.cr, 100, 100, p, pl, NULL, &in, &e), SV_ERR_SCHEMA);
    pl->ms[1].end = keep;
    /* a cairo_t already in error */
    cairo_surface_t *bad = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, -1, -1);
    cairo_t *bcr = cairo_create(bad);
    assert_int_not_equal(sv_chart_gantt(bcr, 100, 100, p, pl, NULL, &in, &e), SV_OK);
    cairo_destroy(bcr);
    cairo_surface_destroy(bad);
    canvas_free(c);
    sv_cost_report_free(r);
    sv_plan_free(pl);
    sv_program_free(p);
}

/* A stream that cannot take the bytes: the SVG writers say so. */
static void write_errors_are_errors(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    setvbuf(full, NULL, _IONBF, 0);
    const sv_refdata *rd = RD;
    sv_program *p = load("northline.yaml");
    sv_plan *pl = plan_of(p, rd, (sv_date){2026, 1, 5});
    sv_cost_report *r = cost_of(p, rd);
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_chart_svg_gantt(full, p, pl, &e), SV_ERR_IO);
    assert_non_null(strstr(e.msg, "cannot write"));
    clearerr(full);
    sv_err_clear(&e);
    assert_int_equal(sv_chart_svg_cost(full, p, r, &e), SV_ERR_IO);
    assert_non_null(strstr(e.msg, "cannot write"));
    fclose(full);
    sv_cost_report_free(r);
    sv_plan_free(pl);
    sv_program_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gantt_one_bar_per_milestone),
        cmocka_unit_test(gantt_late_milestones_in_the_warning_colour),
        cmocka_unit_test(gantt_slices_cover_every_milestone_once),
        cmocka_unit_test(gantt_rows_name_their_milestones),
        cmocka_unit_test(summary_phases_of_kinds),
        cmocka_unit_test(summary_bar_per_style_phase),
        cmocka_unit_test(summary_late_phases_in_the_warning_colour),
        cmocka_unit_test(fifty_styles_and_long_names_lay_out),
        cmocka_unit_test(cost_bar_per_style_point_per_run),
        cmocka_unit_test(bad_input_refused),
        cmocka_unit_test(write_errors_are_errors),
    };
    int failed = cmocka_run_group_tests(tests, group_setup, group_teardown);
    sv_chart_release();
    return failed;
}
