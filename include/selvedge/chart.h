/* Charts people look at: the T&A Gantt, the cost breakdown per style (FOB to landed) and the
 * small-run curve. Each is drawn with cairo on a cairo_t the caller gives, inside the box
 * (0,0)-(w,h) of its user space (clipped to it), text shaped by pango in the Noto Sans family
 * so that names in any script render: one drawing code for PDF, SVG and PNG. The library
 * opens nothing: the SVG wrappers write to the stream they are given.
 *
 * Names from the program are set as plain text (pango_layout_set_text, never markup) and
 * ellipsized to the room they have; no text is drawn outside the box. The model behind the
 * figures is the plan's and the cost report's (docs/charts.md). */
#ifndef SELVEDGE_CHART_H
#define SELVEDGE_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cairo.h>

#include "selvedge/costing.h"
#include "selvedge/err.h"
#include "selvedge/plan.h"

/* What a chart drew, for a caller that lays out a page and for the tests. */
typedef struct sv_chart_info {
    int bars;           /* Gantt: milestone bars (one a milestone drawn); cost: styles'
                         * stacked bars; small run: points on the curve */
    int texts;          /* text boxes drawn */
    int ellipsized;     /* of them, shortened to fit their room */
    int unknown_glyphs; /* characters no installed font could show (drawn as boxes):
                         * 0 when the Noto fonts cover every script used */
    /* the union of every text box's logical extents, in the chart's user space; inside
     * (0,0)-(w,h) when nothing is off the canvas */
    double text_x0, text_y0, text_x1, text_y1;
} sv_chart_info;

/* The milestone bars' fills, and nothing else's: one filled path a milestone (a bar, or a
 * diamond for a milestone of no days), in one of these colours (0xRRGGBB). Legends draw their
 * swatches as strokes, so a test can count a Gantt's bars in its SVG by fill colour. */
enum {
    SV_CHART_FILL_BRAND = 0x2f6fb2,   /* the brand's work: tech pack, reviews, approvals */
    SV_CHART_FILL_FACTORY = 0x3a9a6a, /* the factory's work and its closures */
    SV_CHART_FILL_OTHER = 0x8c7bb8,   /* couriers, inspections, fabric shipments, freight,
                                       * customs, warehouse (as "who holds the critical
                                       * path" counts them) */
    SV_CHART_FILL_LATE = 0xd9481c,    /* a milestone that ends after its latest end */
    /* the summary's phases of a style (sv_chart_gantt_opts.summary), one filled path a phase */
    SV_CHART_FILL_DEVELOP = 0x5a8fd0, /* development: tech pack to PP approval */
    SV_CHART_FILL_FABRIC = 0xc58b3c,  /* fabric: booking to its arrival at the factory */
    SV_CHART_FILL_MAKE = 0x2f8f5b     /* production: the runs and their inspections */
};

/* The summary's phases: every milestone of a style falls in one (sv_chart_phase_of). */
typedef enum { SV_PHASE_DEVELOP, SV_PHASE_FABRIC, SV_PHASE_MAKE, SV_PHASE_COUNT } sv_chart_phase;
/* The phase of a style's milestone kind: fabric_booking, fabric_stock, fabric_dyeing and
 * fabric_shipment (any kind starting "fabric_") are fabric; production, inline_inspection and
 * final_inspection (any kind starting "production" or ending "_inspection") production; every
 * other kind (tech pack, quotation, lab dips, proto, fits, size set, PP sample, their
 * reviews and couriers) development. */
sv_chart_phase sv_chart_phase_of(const char *kind);

/* Which rows of the Gantt to draw: one row a milestone and one heading a group (the
 * factory's bookings, each style, shipping), in the plan's order. first and count select a
 * slice, for a page that continues on the next (count 0: every row from first).
 * summary: one row a style instead, its phases (development, fabric, production) as one bar
 * each from the phase's first start to its last end, the factory's bookings and shipping
 * still a row a milestone under their headings: rows and slices then count the summary's
 * rows (sv_chart_gantt_summary_rows). */
typedef struct sv_chart_gantt_opts {
    size_t first_row;
    size_t n_rows;
    bool summary;
} sv_chart_gantt_opts;

/* The Gantt's rows (milestones and group headings), and the height in points that gives each
 * row of a slice (opts; every row when NULL) its natural size, title, axis and legend
 * included. */
size_t sv_chart_gantt_rows(const sv_plan *plan);
size_t sv_chart_gantt_summary_rows(const sv_plan *plan);
double sv_chart_gantt_height(const sv_plan *plan, const sv_chart_gantt_opts *opts);
/* What that row shows: the index in plan->ms of its milestone, or of the first milestone of
 * the group it heads (the factory's bookings, a style, shipping) with *heading true; -1 past
 * the last row. For a caller paging the chart: where a group starts, whose rows a slice
 * continues. heading may be NULL. */
long sv_chart_gantt_row(const sv_plan *plan, size_t row, bool *heading);

/* The T&A Gantt of the plan: a bar a milestone from its earliest start to its end, coloured
 * by who does the work (the brand, the factory, the rest), late ones in a warning colour,
 * the critical path outlined, the closures met shaded, today, the ex-factory days, the
 * warehouse date, the delivery dates and the launch marked, a month axis and a legend. All
 * deliveries are in one chart, each delivery's date marked. opts may be NULL (all rows).
 * Refused (SV_ERR_SCHEMA) as `plan` refuses: a program with no styles, a plan with dates out
 * of the supported range; SV_ERR_USAGE for a box that is not a positive finite size or a NULL
 * argument. info may be NULL. */
sv_code sv_chart_gantt(cairo_t *cr, double w, double h, const sv_program *p, const sv_plan *plan,
                       const sv_chart_gantt_opts *opts, sv_chart_info *info, sv_err *e);

/* The cost breakdown: a stacked horizontal bar per style from FOB to landed (FOB, freight,
 * insurance, duty with the additional duties, customs fees, brokerage, agent commission,
 * testing, development: the parts of sv_style_cost.landed), the landed figure at its end in
 * the report's currency, formatted as the text report formats money. A style that could not
 * be costed is said so on its row. */
double sv_chart_cost_height(const sv_cost_report *r);
sv_code sv_chart_cost(cairo_t *cr, double w, double h, const sv_program *p, const sv_cost_report *r,
                      sv_chart_info *info, sv_err *e);
/* The same for the styles first .. first + count - 1 (count 0: to the last), for a page that
 * continues on the next: the scale and the legend are the whole report's, so the pages
 * compare. SV_ERR_USAGE when first is past the last style. Then the natural height of n
 * styles' rows, title, axis and legend included. */
sv_code sv_chart_cost_slice(cairo_t *cr, double w, double h, const sv_program *p,
                            const sv_cost_report *r, size_t first, size_t count,
                            sv_chart_info *info, sv_err *e);
double sv_chart_cost_height_for(size_t n_styles);

/* The small-run curve of one style (index into r->styles): unit FOB against the run's units
 * on a logarithmic axis, from the cost report's small-run rows, the planned quantity marked.
 * SV_ERR_USAGE for an index out of range; SV_ERR_SCHEMA for a style not costed. */
sv_code sv_chart_small_run(cairo_t *cr, double w, double h, const sv_program *p,
                           const sv_cost_report *r, size_t style, sv_chart_info *info, sv_err *e);

/* The charts as SVG documents written to out (cairo's SVG surface on the stream; units are
 * points). Every write is checked: a failed write is SV_ERR_IO. Nothing else is opened.
 * - gantt: the whole plan, at its natural height, 1000 points wide.
 * - cost: the breakdown of every style on top, then the small-run curve of each costed
 *   style, two to a row, in one document 900 points wide. */
sv_code sv_chart_svg_gantt(FILE *out, const sv_program *p, const sv_plan *plan, sv_err *e);
/* - gantt summary: the same, one row a style (sv_chart_gantt_opts.summary). */
sv_code sv_chart_svg_gantt_summary(FILE *out, const sv_program *p, const sv_plan *plan, sv_err *e);
sv_code sv_chart_svg_cost(FILE *out, const sv_program *p, const sv_cost_report *r, sv_err *e);

/* Drops the font map pango keeps for the life of the process once text has been drawn,
 * and the fonts and glyphs it holds, so that a leak checker sees what is the program's.
 * Call it once, after the last chart or page of the process; a chart drawn after it makes a
 * new one. fontconfig's own configuration stays (tests/lsan.supp). */
void sv_chart_release(void);

#endif
