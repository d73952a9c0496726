/* Charts on a cairo_t: the T&A Gantt, the cost breakdown, the small-run curve (chart.h).
 * Everything is drawn inside (0,0)-(w,h), clipped there; text goes through one routine that
 * sets it as plain text, ellipsizes it to its room and keeps it inside the box. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-svg.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "selvedge/chart.h"

#define FONT_FAMILY "Noto Sans"

typedef struct rgb {
    double r, g, b;
} rgb;

static rgb hex(unsigned v)
{
    return (rgb){((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0};
}

static void set_rgb(cairo_t *cr, unsigned v)
{
    rgb c = hex(v);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

enum {
    C_TEXT = 0x222222,
    C_MUTED = 0x666666,
    C_GRID = 0xdddddd,
    C_AXIS = 0x888888,
    C_ROW_ALT = 0xf4f4f4,
    C_HEAD_BG = 0xe8ecf2,
    C_CRITICAL = 0x111111,
    C_CLOSED = 0xf2c14e, /* a closure: the factory stops */
    C_SLOW = 0xf7e3a8,   /* the reduced output after it */
    C_TODAY = 0x9a9a9a,
    C_EXF = 0x444444,
    C_READY = 0x1b7f8c,
    C_DUE = 0x7a3fa0,
    C_LAUNCH = 0xc0174b,
    C_CURVE = 0x2f6fb2,
    C_PLANNED = 0xc0174b,
};

typedef enum { AL_LEFT, AL_RIGHT, AL_CENTER } align;

/* The drawing context of one chart: the box, the layout text is set with, and what was
 * drawn. */
typedef struct ch {
    cairo_t *cr;
    double w, h;
    PangoLayout *lay;
    sv_chart_info info;
} ch;

static bool ch_begin(ch *c, cairo_t *cr, double w, double h)
{
    memset(c, 0, sizeof *c);
    c->cr = cr;
    c->w = w;
    c->h = h;
    c->info.text_x0 = c->info.text_y0 = HUGE_VAL;
    c->info.text_x1 = c->info.text_y1 = -HUGE_VAL;
    c->lay = pango_cairo_create_layout(cr);
    if (!c->lay)
        return false;
    pango_layout_set_single_paragraph_mode(c->lay, TRUE);
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, w, h);
    cairo_clip(cr);
    cairo_new_path(cr);
    return true;
}

static sv_code ch_end(ch *c, sv_chart_info *info, sv_err *e, const char *what)
{
    cairo_restore(c->cr);
    g_object_unref(c->lay);
    if (c->info.texts == 0)
        c->info.text_x0 = c->info.text_y0 = c->info.text_x1 = c->info.text_y1 = 0;
    if (info)
        *info = c->info;
    cairo_status_t st = cairo_status(c->cr);
    if (st != CAIRO_STATUS_SUCCESS)
        return sv_err_set(e, st == CAIRO_STATUS_NO_MEMORY ? SV_ERR_NOMEM : SV_ERR_IO,
                          "cannot draw the %s: %s", what, cairo_status_to_string(st));
    return SV_OK;
}

/* Text at (x, y) (its top; x its left, right or centre by al), in at most maxw points,
 * ellipsized at the end when longer; size in points. Returns the width it took. The box is
 * kept inside the chart: a text that would cross an edge is moved in. Invalid UTF-8 is shown
 * with replacement characters, never handed to pango as it is. */
static double text(ch *c, const char *s, double x, double y, double maxw, align al, double size,
                   bool bold, unsigned color)
{
    if (!s || !*s || size < 2.5 || maxw < size)
        return 0;
    char *valid = g_utf8_validate(s, -1, NULL) ? NULL : g_utf8_make_valid(s, -1);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, FONT_FAMILY);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(c->lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(c->lay, valid ? valid : s, -1);
    g_free(valid);
    if (maxw > c->w)
        maxw = c->w;
    pango_layout_set_width(c->lay, (int)(maxw * PANGO_SCALE));
    pango_layout_set_ellipsize(c->lay, PANGO_ELLIPSIZE_END);
    PangoRectangle ink, log;
    pango_layout_get_extents(c->lay, &ink, &log);
    double tw = (double)log.width / PANGO_SCALE, th = (double)log.height / PANGO_SCALE;
    if (tw > maxw)
        tw = maxw;
    if (pango_layout_is_ellipsized(c->lay))
        c->info.ellipsized++;
    c->info.unknown_glyphs += pango_layout_get_unknown_glyphs_count(c->lay);
    double x0 = al == AL_LEFT ? x : al == AL_RIGHT ? x - tw : x - tw / 2;
    if (x0 + tw > c->w)
        x0 = c->w - tw;
    if (x0 < 0)
        x0 = 0;
    if (y + th > c->h)
        y = c->h - th;
    if (y < 0)
        y = 0;
    /* a layout with a width draws its lines from the left of that width; the logical
     * rectangle says where the text is in it */
    double lx = (double)log.x / PANGO_SCALE;
    set_rgb(c->cr, color);
    cairo_move_to(c->cr, x0 - lx, y);
    pango_cairo_show_layout(c->cr, c->lay);
    cairo_new_path(c->cr);
    c->info.texts++;
    if (x0 < c->info.text_x0)
        c->info.text_x0 = x0;
    if (y < c->info.text_y0)
        c->info.text_y0 = y;
    if (x0 + tw > c->info.text_x1)
        c->info.text_x1 = x0 + tw;
    if (y + th > c->info.text_y1)
        c->info.text_y1 = y + th;
    return tw;
}

/* The width a text takes at this size, unbounded. */
static double text_width(ch *c, const char *s, double size, bool bold)
{
    if (!s || !*s)
        return 0;
    char *valid = g_utf8_validate(s, -1, NULL) ? NULL : g_utf8_make_valid(s, -1);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, FONT_FAMILY);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(c->lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(c->lay, valid ? valid : s, -1);
    g_free(valid);
    pango_layout_set_width(c->lay, -1);
    PangoRectangle log;
    pango_layout_get_extents(c->lay, NULL, &log);
    return (double)log.width / PANGO_SCALE;
}

static void rect_fill(cairo_t *cr, double x, double y, double w, double h, unsigned color)
{
    set_rgb(cr, color);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
}

static void line(cairo_t *cr, double x0, double y0, double x1, double y1, double width,
                 unsigned color, double dash)
{
    set_rgb(cr, color);
    cairo_set_line_width(cr, width);
    if (dash > 0)
        cairo_set_dash(cr, (double[]){dash, dash * 0.7}, 2, 0);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

/* A legend swatch: a short thick stroke (never a fill: the fills of bars are counted). */
static void swatch(cairo_t *cr, double x, double y, double len, double thick, unsigned color,
                   double dash)
{
    set_rgb(cr, color);
    cairo_set_line_width(cr, thick);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    if (dash > 0)
        cairo_set_dash(cr, (double[]){dash, dash * 0.7}, 2, 0);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + len, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

/* A legend laid out in lines: each entry a swatch and its text, wrapped at the box's width.
 * Returns the height used (or that would be, with draw false). */
typedef struct legend_item {
    unsigned color;
    double thick; /* the swatch's stroke: 8 a block, 1.5 a line */
    double dash;
    const char *label;
} legend_item;

static double legend(ch *c, const legend_item *it, int n, double x, double y, double maxw,
                     double size, bool draw)
{
    double cx = x, lh = size * 1.9, sw = 14;
    double used = lh;
    for (int i = 0; i < n; i++) {
        double tw = text_width(c, it[i].label, size, false);
        if (tw > maxw - sw - 4)
            tw = maxw - sw - 4;
        double need = sw + 4 + tw + 12;
        if (cx > x && cx + need > x + maxw) {
            cx = x;
            y += lh;
            used += lh;
        }
        if (draw) {
            swatch(c->cr, cx, y + lh / 2, sw, it[i].thick, it[i].color, it[i].dash);
            text(c, it[i].label, cx + sw + 4, y + (lh - size * 1.35) / 2, tw + 1, AL_LEFT, size,
                 false, C_TEXT);
        }
        cx += need;
    }
    return used;
}

static bool box_ok(cairo_t *cr, double w, double h, sv_err *e)
{
    if (!cr) {
        sv_err_set(e, SV_ERR_USAGE, "no cairo context to draw on");
        return false;
    }
    if (!(isfinite(w) && isfinite(h) && w > 0 && h > 0)) {
        sv_err_set(e, SV_ERR_USAGE, "a chart needs a box of positive size, not %g x %g", w, h);
        return false;
    }
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        sv_err_set(e, SV_ERR_IO, "cannot draw: %s", cairo_status_to_string(cairo_status(cr)));
        return false;
    }
    return true;
}

static const sv_style *style_of(const sv_program *p, const char *code)
{
    for (size_t i = 0; code && i < p->n_styles; i++)
        if (p->styles[i].code && strcmp(p->styles[i].code, code) == 0)
            return &p->styles[i];
    return NULL;
}

static void title_of(const sv_program *p, char *buf, size_t n)
{
    const char *b = p->brand.name ? p->brand.name : "";
    const char *g = p->name ? p->name : "";
    snprintf(buf, n, "%s%s%s", b, *b && *g ? " - " : "", g);
}

/* ---- The Gantt ---------------------------------------------------------------------- */

/* day -> (year, month, day) (days since 1970-01-01; proleptic Gregorian) */
static void civil(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

static int64_t days_of(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* A row: a milestone (ms >= 0), a group's heading (ms < 0, the group's first milestone at
 * -ms - 1), or in the summary a style (style true, ms its first milestone). */
typedef struct grow {
    int ms;
    bool style;
} grow;

static bool is_other(const sv_milestone *m)
{
    return !strcmp(m->kind, "transit") || !strcmp(m->kind, "customs") ||
           !strcmp(m->kind, "warehouse") || !strcmp(m->kind, "sample_courier") ||
           !strcmp(m->kind, "fabric_shipment") || strstr(m->kind, "inspection");
}

static unsigned bar_fill(const sv_plan *pl, const sv_milestone *m)
{
    if (pl->has_launch && m->slack < 0)
        return SV_CHART_FILL_LATE;
    if (is_other(m))
        return SV_CHART_FILL_OTHER;
    return m->owner == SV_OWNER_BRAND ? SV_CHART_FILL_BRAND : SV_CHART_FILL_FACTORY;
}

/* The rows as the text report groups them: the factory's bookings, each style, shipping.
 * The summary gives a style one row of its own in place of its heading and milestones. */
static size_t gantt_rows(const sv_plan *pl, grow *out, bool summary)
{
    size_t n = 0;
    const char *style = "";
    bool shipping = false;
    for (size_t i = 0; i < pl->n; i++) {
        const sv_milestone *m = &pl->ms[i];
        bool head = false;
        if (m->style && strcmp(m->style, style) != 0) {
            style = m->style;
            head = true;
        } else if (!m->style && !shipping && i > 0 && strcmp(m->kind, "capacity_booking") != 0) {
            shipping = true;
            head = true;
        } else if (!m->style && i == 0) {
            head = true;
        }
        if (summary && m->style) {
            if (head) {
                if (out)
                    out[n] = (grow){(int)i, true};
                n++;
            }
            continue;
        }
        if (head) {
            if (out)
                out[n] = (grow){-(int)i - 1, false};
            n++;
        }
        if (out)
            out[n] = (grow){(int)i, false};
        n++;
    }
    return n;
}

sv_chart_phase sv_chart_phase_of(const char *kind)
{
    if (!kind)
        return SV_PHASE_DEVELOP;
    size_t n = strlen(kind);
    if (strncmp(kind, "fabric_", 7) == 0)
        return SV_PHASE_FABRIC;
    if (strncmp(kind, "production", 10) == 0 ||
        (n >= 11 && strcmp(kind + n - 11, "_inspection") == 0))
        return SV_PHASE_MAKE;
    return SV_PHASE_DEVELOP;
}

size_t sv_chart_gantt_summary_rows(const sv_plan *plan)
{
    return plan ? gantt_rows(plan, NULL, true) : 0;
}

size_t sv_chart_gantt_rows(const sv_plan *plan)
{
    return plan ? gantt_rows(plan, NULL, false) : 0;
}

long sv_chart_gantt_row(const sv_plan *plan, size_t row, bool *heading)
{
    if (heading)
        *heading = false;
    if (!plan || !plan->n)
        return -1;
    size_t n = gantt_rows(plan, NULL, false);
    if (row >= n)
        return -1;
    grow *g = malloc(n * sizeof *g);
    if (!g)
        return -1;
    gantt_rows(plan, g, false);
    int ms = g[row].ms;
    free(g);
    if (heading)
        *heading = ms < 0;
    return ms < 0 ? -(long)ms - 1 : (long)ms;
}

enum { G_ROW = 13, G_SROW = 11 }; /* a row's natural height, points: full, summary */
static const double G_TITLE = 40, G_AXIS = 30, G_PAD = 10, G_LEGEND = 64;

static void slice(const sv_plan *pl, const sv_chart_gantt_opts *o, size_t *first, size_t *count)
{
    size_t n = gantt_rows(pl, NULL, o && o->summary);
    size_t f = o ? o->first_row : 0;
    if (f > n)
        f = n;
    size_t k = o && o->n_rows ? o->n_rows : n - f;
    if (k > n - f)
        k = n - f;
    *first = f;
    *count = k;
}

double sv_chart_gantt_height(const sv_plan *plan, const sv_chart_gantt_opts *opts)
{
    if (!plan)
        return 0;
    size_t f, k;
    slice(plan, opts, &f, &k);
    return G_PAD + G_TITLE + G_AXIS + (double)k * (opts && opts->summary ? G_SROW : G_ROW) +
           G_LEGEND + G_PAD;
}

/* The Gantt's legend at y: what the colours and lines say, the closures met by name.
 * Returns its height (nothing drawn without draw). */
static double gantt_legend(ch *c, const sv_plan *pl, double y, bool draw, bool summary)
{
    double pad = G_PAD;
    char a[16];
    char exf[80] = "Ex-factory", ready[80], launch[80] = "", due[120] = "", today[40];
    int n_exf = 0;
    for (size_t i = 0; i < pl->n; i++)
        if (strcmp(pl->ms[i].kind, "ex_factory") == 0 && n_exf++ == 0) {
            sv_day_format(pl->ms[i].start, a, sizeof a);
            snprintf(exf, sizeof exf, "Ex-factory %s", a);
        }
    if (n_exf > 1)
        snprintf(exf, sizeof exf, "Ex-factory days (%d)", n_exf);
    sv_day_format(pl->ready, a, sizeof a);
    snprintf(ready, sizeof ready, "In the warehouse %s", a);
    sv_day_format(pl->today, a, sizeof a);
    snprintf(today, sizeof today, "Today %s", a);
    if (pl->has_launch) {
        sv_day_format(pl->launch, a, sizeof a);
        snprintf(launch, sizeof launch, "Launch %s", a);
    }
    if (pl->n_deliveries > 1)
        snprintf(due, sizeof due, "Later delivery dates (%zu deliveries)", pl->n_deliveries);
    legend_item it[20];
    int n = 0;
    if (summary) {
        it[n++] =
            (legend_item){SV_CHART_FILL_DEVELOP, 8, 0, "Development: tech pack to PP approval"};
        it[n++] = (legend_item){SV_CHART_FILL_FABRIC, 8, 0, "Fabric: booking to the factory"};
        it[n++] = (legend_item){SV_CHART_FILL_MAKE, 8, 0, "Production to final inspection"};
        it[n++] = (legend_item){SV_CHART_FILL_FACTORY, 8, 0, "Factory"};
        it[n++] = (legend_item){SV_CHART_FILL_OTHER, 8, 0, "Freight, customs, warehouse"};
        it[n++] = (legend_item){SV_CHART_FILL_BRAND, 8, 0, "Brand"};
    } else {
        it[n++] = (legend_item){SV_CHART_FILL_BRAND, 8, 0, "Brand"};
        it[n++] = (legend_item){SV_CHART_FILL_FACTORY, 8, 0, "Factory"};
        it[n++] =
            (legend_item){SV_CHART_FILL_OTHER, 8, 0, "Couriers, inspections, freight, customs"};
    }
    bool late = false;
    for (size_t i = 0; pl->has_launch && i < pl->n && !late; i++)
        late = pl->ms[i].slack < 0;
    if (late)
        it[n++] = (legend_item){SV_CHART_FILL_LATE, 8, 0,
                                summary ? "Late (a milestone in it past its latest end)"
                                        : "Late (past its latest end)"};
    it[n++] = (legend_item){C_CRITICAL, 1.5, 0, "Critical path (outlined)"};
    if (pl->n_hits)
        it[n++] = (legend_item){C_CLOSED, 8, 0, "Closure (factory shut)"};
    for (size_t k = 0; k < pl->n_hits; k++)
        if (pl->hits[k].slow_days > 0) {
            it[n++] = (legend_item){C_SLOW, 8, 0, "Reduced output after it"};
            break;
        }
    it[n++] = (legend_item){C_TODAY, 1.5, 2, today};
    it[n++] = (legend_item){C_EXF, 1.5, 3, exf};
    it[n++] = (legend_item){C_READY, 1.5, 4, ready};
    if (due[0])
        it[n++] = (legend_item){C_DUE, 1.5, 1.5, due};
    if (launch[0])
        it[n++] = (legend_item){C_LAUNCH, 2, 0, launch};
    double used = legend(c, it, n, pad, y, c->w - 2 * pad, 7.5, draw);
    /* the closures by name, on a line of their own */
    char names[400] = "";
    size_t len = 0;
    for (size_t k = 0; k < pl->n_hits && len < sizeof names; k++) {
        const char *lab = sv_holiday_label(pl->hits[k].holiday);
        char one[160];
        if (!lab)
            continue;
        snprintf(one, sizeof one, "%s (%s)", lab, pl->hits[k].country);
        if (strstr(names, one))
            continue;
        len += (size_t)snprintf(names + len, sizeof names - len, "%s%s",
                                len ? ", " : "Closures met: ", one);
    }
    if (names[0]) {
        if (draw)
            text(c, names, pad, y + used + 1, c->w - 2 * pad, AL_LEFT, 7.5, false, C_MUTED);
        used += 13;
    }
    return used;
}

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* A style's row of the summary: its code and name, then a bar a phase met from the phase's
 * first start to its last end, late when a milestone in it is, outlined when one is on the
 * critical path. Fabric runs beside development: its bar is drawn narrower, over it. */
static void style_row(ch *c, const sv_program *p, const sv_plan *pl, const sv_milestone *m0,
                      double y, double row_h, double fs, double ty, double pad, double label_w,
                      double px0, int64_t d0, double ppd)
{
    cairo_t *cr = c->cr;
    int64_t s[SV_PHASE_COUNT], en[SV_PHASE_COUNT];
    bool met[SV_PHASE_COUNT] = {false}, late[SV_PHASE_COUNT] = {false},
         crit[SV_PHASE_COUNT] = {false};
    bool any_late = false;
    for (size_t i = 0; i < pl->n; i++) {
        const sv_milestone *m = &pl->ms[i];
        if (!m->style || strcmp(m->style, m0->style) != 0)
            continue;
        sv_chart_phase ph = sv_chart_phase_of(m->kind);
        if (!met[ph] || m->start < s[ph])
            s[ph] = m->start;
        if (!met[ph] || m->end > en[ph])
            en[ph] = m->end;
        met[ph] = true;
        if (pl->has_launch && m->slack < 0)
            late[ph] = any_late = true;
        crit[ph] |= m->critical;
    }
    const sv_style *st = style_of(p, m0->style);
    char lab[400];
    snprintf(lab, sizeof lab, "%s%s%s%s%s", m0->style, st && st->name ? "  " : "",
             st && st->name ? st->name : "", pl->n_origins > 1 ? ", made in " : "",
             pl->n_origins > 1 ? m0->origin : "");
    text(c, lab, pad + 2, ty, label_w - 2, AL_LEFT, fs, false,
         any_late ? SV_CHART_FILL_LATE : C_TEXT);
    static const unsigned fill[SV_PHASE_COUNT] = {SV_CHART_FILL_DEVELOP, SV_CHART_FILL_FABRIC,
                                                  SV_CHART_FILL_MAKE};
    /* development and production first, fabric over development */
    static const sv_chart_phase order[SV_PHASE_COUNT] = {SV_PHASE_DEVELOP, SV_PHASE_MAKE,
                                                         SV_PHASE_FABRIC};
    double bh = row_h * 0.66, by = y + (row_h - bh) / 2;
    for (int k = 0; k < SV_PHASE_COUNT; k++) {
        sv_chart_phase ph = order[k];
        if (!met[ph])
            continue;
        double h = ph == SV_PHASE_FABRIC ? bh * 0.5 : bh, yy = by + (bh - h) / 2;
        double x0 = px0 + (double)(s[ph] - d0) * ppd;
        double bw = (double)(en[ph] - s[ph]) * ppd;
        if (bw < 1.2)
            bw = 1.2;
        set_rgb(cr, late[ph] ? SV_CHART_FILL_LATE : fill[ph]);
        cairo_rectangle(cr, x0, yy, bw, h);
        cairo_fill_preserve(cr);
        c->info.bars++;
        if (crit[ph]) {
            set_rgb(cr, C_CRITICAL);
            cairo_set_line_width(cr, row_h > 6 ? 1.1 : 0.5);
        } else { /* a white edge keeps the fabric's bar apart from development's */
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_set_line_width(cr, ph == SV_PHASE_FABRIC ? 0.8 : 0.01);
        }
        cairo_stroke(cr);
    }
}

sv_code sv_chart_gantt(cairo_t *cr, double w, double h, const sv_program *p, const sv_plan *pl,
                       const sv_chart_gantt_opts *opts, sv_chart_info *info, sv_err *e)
{
    if (info)
        memset(info, 0, sizeof *info);
    if (!box_ok(cr, w, h, e))
        return e ? e->code : SV_ERR_USAGE;
    if (!p || !pl)
        return sv_err_set(e, SV_ERR_USAGE, "a Gantt chart needs a program and its plan");
    if (p->n_styles == 0)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "program.styles",
                         "the program has no styles: there is nothing to plan");
    int64_t bad;
    const char *what;
    if (pl->n == 0 || !sv_plan_dates_ok(pl, &bad, &what)) {
        char d[16] = "";
        if (pl->n)
            sv_day_format(bad, d, sizeof d);
        return sv_err_set(e, SV_ERR_SCHEMA, "cannot chart the plan: %s%s%s",
                          pl->n ? what : "it has no milestones", pl->n ? " falls on " : "", d);
    }
    bool summary = opts && opts->summary;
    size_t nrows = gantt_rows(pl, NULL, summary);
    grow *rows = malloc(nrows * sizeof *rows);
    if (!rows)
        return sv_err_set(e, SV_ERR_NOMEM, "cannot draw the Gantt chart: out of memory");
    gantt_rows(pl, rows, summary);
    size_t first, count;
    slice(pl, opts, &first, &count);

    ch c;
    if (!ch_begin(&c, cr, w, h)) {
        free(rows);
        return sv_err_set(e, SV_ERR_NOMEM, "cannot draw the Gantt chart: out of memory");
    }

    /* the days shown: today (or the first start) to the last day any mark needs */
    int64_t d0 = pl->today, d1 = pl->today + 1;
    for (size_t i = 0; i < pl->n; i++) {
        if (pl->ms[i].start < d0)
            d0 = pl->ms[i].start;
        if (pl->ms[i].end > d1)
            d1 = pl->ms[i].end;
    }
    if (pl->has_launch && pl->launch + 1 > d1)
        d1 = pl->launch + 1;
    if (pl->ready + 1 > d1)
        d1 = pl->ready + 1;
    for (size_t k = 0; k < pl->n_deliveries; k++)
        if (pl->deliveries[k].date + 1 > d1)
            d1 = pl->deliveries[k].date + 1;
    { /* whole months */
        int y, m, d;
        civil(d0, &y, &m, &d);
        d0 = days_of(y, m, 1);
        civil(d1 - 1, &y, &m, &d);
        d1 = m == 12 ? days_of(y + 1, 1, 1) : days_of(y, m + 1, 1);
    }

    /* title and the plan in one line */
    double pad = G_PAD;
    char t[600], a[16], b[16], sub[400];
    title_of(p, t, sizeof t);
    char full[700];
    snprintf(full, sizeof full, "%s: %s", summary ? "Time and action, by style" : "Time and action",
             t);
    text(&c, full, pad, pad, w - 2 * pad, AL_LEFT, 13, true, C_TEXT);
    sv_day_format(pl->today, a, sizeof a);
    sv_day_format(pl->ready, b, sizeof b);
    const char *verdict = pl->verdict == SV_PLAN_ON_TRACK     ? "on track"
                          : pl->verdict == SV_PLAN_TIGHT      ? "tight"
                          : pl->verdict == SV_PLAN_INFEASIBLE ? "late"
                                                              : "no launch date";
    if (pl->has_launch) {
        char l[16];
        sv_day_format(pl->launch, l, sizeof l);
        snprintf(sub, sizeof sub,
                 "Made in %s, %s freight to %s. From %s; in the warehouse %s; launch %s: %s "
                 "(%lld days %s).",
                 pl->origin, sv_mode_name(pl->lane_mode), p->destination, a, b, l, verdict,
                 (long long)llabs(pl->slack), pl->slack < 0 ? "late" : "ahead");
    } else {
        snprintf(sub, sizeof sub,
                 "Made in %s, %s freight to %s. From %s; in the warehouse %s at the earliest "
                 "(no launch date).",
                 pl->origin, sv_mode_name(pl->lane_mode), p->destination, a, b);
    }
    text(&c, sub, pad, pad + 19, w - 2 * pad, AL_LEFT, 8.5, false,
         pl->verdict == SV_PLAN_INFEASIBLE ? SV_CHART_FILL_LATE : C_MUTED);

    /* the frame: labels left, the plot right */
    double legend_h = gantt_legend(&c, pl, 0, false, summary) + 12;
    double top = pad + G_TITLE + G_AXIS;
    double bottom = h - pad - legend_h;
    if (bottom < top + 1)
        bottom = top + 1;
    double row_h = count ? (bottom - top) / (double)count : 0;
    if (row_h > (summary ? G_SROW : G_ROW) * 1.6)
        row_h = (summary ? G_SROW : G_ROW) * 1.6;
    double label_w = w * 0.3 > 260 ? 260 : w * 0.3;
    double px0 = pad + label_w + 6, px1 = w - pad;
    if (px1 < px0 + 10)
        px1 = px0 + 10;
    double span = (double)(d1 - d0);
    double ppd = (px1 - px0) / span;
#define XD(day) (px0 + (double)((day)-d0) * ppd)
    double fs = row_h * 0.68 > 8 ? 8 : row_h * 0.68;
    double plot_bottom = top + row_h * (double)count;

    /* alternate rows and the group headings' band */
    for (size_t r = 0; r < count; r++) {
        const grow *g = &rows[first + r];
        double y = top + row_h * (double)r;
        if (g->ms < 0)
            rect_fill(cr, pad, y, px1 - pad, row_h, C_HEAD_BG);
        else if (g->style && r % 2 == 0)
            rect_fill(cr, pad, y, px1 - pad, row_h, C_ROW_ALT);
        else if (r % 2)
            rect_fill(cr, pad, y, px1 - pad, row_h, C_ROW_ALT);
    }

    /* the closures met, shaded over the plot: each window once (and the slower days after) */
    for (size_t k = 0; k < pl->n_hits; k++) {
        const sv_closure_hit *hk = &pl->hits[k];
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++)
            seen = pl->hits[j].first == hk->first && pl->hits[j].last == hk->last &&
                   pl->hits[j].slow_first == hk->slow_first &&
                   pl->hits[j].slow_last == hk->slow_last;
        if (seen)
            continue;
        if (hk->slow_days > 0 && hk->slow_first && hk->slow_last >= hk->slow_first) {
            cairo_set_source_rgba(cr, hex(C_SLOW).r, hex(C_SLOW).g, hex(C_SLOW).b, 0.55);
            cairo_rectangle(cr, XD(hk->slow_first), top,
                            (double)(hk->slow_last - hk->slow_first + 1) * ppd, plot_bottom - top);
            cairo_fill(cr);
        }
        cairo_set_source_rgba(cr, hex(C_CLOSED).r, hex(C_CLOSED).g, hex(C_CLOSED).b, 0.5);
        cairo_rectangle(cr, XD(hk->first), top, (double)(hk->last - hk->first + 1) * ppd,
                        plot_bottom - top);
        cairo_fill(cr);
    }

    /* months: a grid line at each first, the name between, the year at January and at the
     * start; fewer labels when months are narrow */
    {
        int y, m, d;
        civil(d0, &y, &m, &d);
        double month_w = 30.4 * ppd;
        int every = month_w >= 24 ? 1 : month_w >= 12 ? 2 : month_w >= 6 ? 3 : 6;
        int k = 0;
        for (int64_t day = d0; day < d1; k++) {
            int64_t next = m == 12 ? days_of(y + 1, 1, 1) : days_of(y, m + 1, 1);
            double x = XD(day);
            line(cr, x, top - 4, x, plot_bottom, 0.5, C_GRID, 0);
            if (k % every == 0) {
                char lab[16];
                if (m == 1 || k == 0)
                    snprintf(lab, sizeof lab, "%s %d", month_abbr[m - 1], y);
                else
                    snprintf(lab, sizeof lab, "%s", month_abbr[m - 1]);
                text(&c, lab, x + 2, top - 15, month_w * every - 3, AL_LEFT, 7.5, m == 1 || k == 0,
                     C_MUTED);
            }
            day = next;
            if (++m == 13) {
                m = 1;
                y++;
            }
        }
        line(cr, px0, top - 0.5, px1, top - 0.5, 0.8, C_AXIS, 0);
    }

    /* the labels and the bars */
    double last_head = -HUGE_VAL;
    for (size_t r = 0; r < count; r++) {
        const grow *g = &rows[first + r];
        double y = top + row_h * (double)r;
        double ty = y + (row_h - fs * 1.35) / 2;
        if (g->ms < 0) {
            const sv_milestone *m0 = &pl->ms[-g->ms - 1];
            char head[400];
            if (m0->style) {
                const sv_style *st = style_of(p, m0->style);
                snprintf(head, sizeof head, "%s%s%s%s%s", m0->style, st && st->name ? "  " : "",
                         st && st->name ? st->name : "", pl->n_origins > 1 ? ", made in " : "",
                         pl->n_origins > 1 ? m0->origin : "");
            } else {
                snprintf(head, sizeof head, "%s",
                         strcmp(m0->kind, "capacity_booking") == 0 ? "Factory" : "Shipping");
            }
            /* rows too thin for their labels: a heading still says which style begins
             * there, at a readable size, where it does not run into the one before */
            double hs = fs < 6 ? 6 : fs;
            if (y >= last_head) {
                text(&c, head, pad + 2, fs < 6 ? y : ty, label_w - 2, AL_LEFT, hs, true, C_TEXT);
                last_head = (fs < 6 ? y : ty) + hs * 1.4;
            }
            continue;
        }
        if (g->style) {
            style_row(&c, p, pl, &pl->ms[g->ms], y, row_h, fs, ty, pad, label_w, px0, d0, ppd);
            continue;
        }
        const sv_milestone *m = &pl->ms[g->ms];
        text(&c, m->name, pad + 10, ty, label_w - 10, AL_LEFT, fs, m->critical,
             pl->has_launch && m->slack < 0 ? SV_CHART_FILL_LATE : C_TEXT);
        double bh = row_h * 0.62, by = y + (row_h - bh) / 2;
        set_rgb(cr, bar_fill(pl, m));
        if (m->end > m->start) {
            double x0 = XD(m->start), bw = (double)(m->end - m->start) * ppd;
            if (bw < 1.2)
                bw = 1.2;
            cairo_rectangle(cr, x0, by, bw, bh);
            cairo_fill_preserve(cr);
        } else { /* a day, not work: a diamond */
            double cx = XD(m->start), r2 = bh * 0.62;
            cairo_move_to(cr, cx, by + bh / 2 - r2);
            cairo_line_to(cr, cx + r2, by + bh / 2);
            cairo_line_to(cr, cx, by + bh / 2 + r2);
            cairo_line_to(cr, cx - r2, by + bh / 2);
            cairo_close_path(cr);
            cairo_fill_preserve(cr);
        }
        c.info.bars++;
        if (m->critical) {
            set_rgb(cr, C_CRITICAL);
            cairo_set_line_width(cr, row_h > 6 ? 1.3 : 0.6);
            cairo_stroke(cr);
        } else {
            cairo_new_path(cr);
        }
    }

    /* the marks: today, each ex-factory day, each delivery's date, the warehouse, the launch */
    line(cr, XD(pl->today), top - 4, XD(pl->today), plot_bottom, 0.8, C_TODAY, 2);
    for (size_t i = 0; i < pl->n; i++)
        if (strcmp(pl->ms[i].kind, "ex_factory") == 0)
            line(cr, XD(pl->ms[i].start), top, XD(pl->ms[i].start), plot_bottom, 1, C_EXF, 3);
    line(cr, XD(pl->ready), top, XD(pl->ready), plot_bottom, 1.2, C_READY, 4);
    for (size_t k = 0; pl->n_deliveries > 1 && k < pl->n_deliveries; k++)
        if (!pl->has_launch || pl->deliveries[k].date != pl->launch)
            line(cr, XD(pl->deliveries[k].date), top - 4, XD(pl->deliveries[k].date), plot_bottom,
                 1.2, C_DUE, 1.5);
    if (pl->has_launch)
        line(cr, XD(pl->launch), top - 4, XD(pl->launch), plot_bottom, 1.8, C_LAUNCH, 0);

    gantt_legend(&c, pl, plot_bottom + 8, true, summary);
#undef XD
    free(rows);
    return ch_end(&c, info, e, "Gantt chart");
}

/* ---- Money: the cost breakdown and the small-run curve ------------------------------- */

static void money(char *buf, size_t n, sv_minor v, int exp)
{
    sv_decimal_format(v, exp, true, buf, n);
}

/* A step of 1, 2 or 5 times a power of ten (in minor units) that cuts 0..max into about
 * `parts`. */
static sv_minor nice_step(sv_minor max, int parts)
{
    if (max <= 0)
        return 1;
    double raw = (double)max / parts;
    double p10 = pow(10, floor(log10(raw)));
    double f = raw / p10;
    double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p10;
    return step < 1 ? 1 : (sv_minor)llround(step);
}

/* A tick's label: money with the decimals only when the step needs them. */
static void tick_label(char *buf, size_t n, sv_minor v, sv_minor step, int exp)
{
    sv_minor unit = 1;
    for (int i = 0; i < exp; i++)
        unit *= 10;
    if (step % unit == 0)
        sv_decimal_format(v / unit, 0, true, buf, n);
    else
        money(buf, n, v, exp);
}

typedef struct part {
    const char *label;
    unsigned color;
} part;

enum { N_PARTS = 9 };
static const part parts[N_PARTS] = {
    {"FOB", 0x2f6fb2},
    {"Freight", 0x4fb0c6},
    {"Insurance", 0x9bd3ae},
    {"Duty", 0xe07b39},
    {"Customs fees", 0xf2b134},
    {"Brokerage", 0xa77bca},
    {"Agent commission", 0x7f8c8d},
    {"Testing", 0xc9a27e},
    {"Development", 0xd96c8a},
};

static void parts_of(const sv_style_cost *s, sv_minor v[N_PARTS])
{
    v[0] = s->fob;
    v[1] = s->freight;
    v[2] = s->insurance;
    v[3] = s->duty + s->extra_total;
    v[4] = s->fees_total;
    v[5] = s->brokerage;
    v[6] = s->commission;
    v[7] = s->testing;
    v[8] = s->development;
}

enum { K_ROW = 20 };
static const double K_TOP = 56, K_AXIS = 22, K_LEGEND = 40, K_PAD = 10;

double sv_chart_cost_height_for(size_t n_styles)
{
    return K_PAD + K_TOP + (double)n_styles * K_ROW + K_AXIS + K_LEGEND + K_PAD;
}

double sv_chart_cost_height(const sv_cost_report *r)
{
    return r ? sv_chart_cost_height_for(r->n_styles) : 0;
}

static bool report_ok(const sv_program *p, const sv_cost_report *r, sv_err *e)
{
    if (!p || !r || !r->currency) {
        sv_err_set(e, SV_ERR_USAGE, "a cost chart needs a program and its cost report");
        return false;
    }
    if (r->n_styles == 0 || p->n_styles == 0) {
        sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "program.styles",
                  "the program has no styles: there is nothing to cost");
        return false;
    }
    return true;
}

sv_code sv_chart_cost(cairo_t *cr, double w, double h, const sv_program *p, const sv_cost_report *r,
                      sv_chart_info *info, sv_err *e)
{
    return sv_chart_cost_slice(cr, w, h, p, r, 0, 0, info, e);
}

sv_code sv_chart_cost_slice(cairo_t *cr, double w, double h, const sv_program *p,
                            const sv_cost_report *r, size_t first, size_t count,
                            sv_chart_info *info, sv_err *e)
{
    if (info)
        memset(info, 0, sizeof *info);
    if (!box_ok(cr, w, h, e))
        return e ? e->code : SV_ERR_USAGE;
    if (!report_ok(p, r, e))
        return e ? e->code : SV_ERR_SCHEMA;
    if (first > r->n_styles)
        first = r->n_styles;
    if (count == 0 || count > r->n_styles - first)
        count = r->n_styles - first;
    if (count == 0)
        return sv_err_set(e, SV_ERR_USAGE, "no styles from %zu: the report has %zu", first + 1,
                          r->n_styles);
    int exp = r->currency->exponent;
    /* the scale, the parts listed and the figures' room are the whole report's, so that the
     * slices of one report drawn on several pages share one scale */
    /* the scale: the largest landed cost (or sum of parts, should a part be negative) */
    sv_minor max = 0;
    bool used[N_PARTS] = {false};
    for (size_t i = 0; i < r->n_styles; i++) {
        const sv_style_cost *s = &r->styles[i];
        if (!s->ok)
            continue;
        sv_minor v[N_PARTS], sum = 0;
        parts_of(s, v);
        for (int k = 0; k < N_PARTS; k++)
            if (v[k] > 0) {
                sum += v[k];
                used[k] = true;
            }
        if (sum > max)
            max = sum;
        if (s->landed > max)
            max = s->landed;
    }
    ch c;
    if (!ch_begin(&c, cr, w, h))
        return sv_err_set(e, SV_ERR_NOMEM, "cannot draw the cost chart: out of memory");
    double pad = K_PAD;
    char t[600], full[700], a[64], b[64];
    title_of(p, t, sizeof t);
    snprintf(full, sizeof full, "Landed cost per unit, FOB to landed: %s", t);
    text(&c, full, pad, pad, w - 2 * pad, AL_LEFT, 13, true, C_TEXT);
    money(a, sizeof a, r->total_landed, exp);
    money(b, sizeof b, r->total_fob, exp);
    char sub[400];
    snprintf(sub, sizeof sub,
             "In %s, made in %s, %s freight to %s, at the units planned. Program: %lld units, "
             "FOB %s %s, landed %s %s.",
             r->currency->code, r->origin, sv_mode_name(r->mode), r->destination,
             (long long)r->program_units, b, r->currency->code, a, r->currency->code);
    text(&c, sub, pad, pad + 19, w - 2 * pad, AL_LEFT, 8.5, false, C_MUTED);

    legend_item it[N_PARTS];
    int nl = 0;
    for (int k = 0; k < N_PARTS; k++)
        if (used[k])
            it[nl++] = (legend_item){parts[k].color, 8, 0, parts[k].label};
    double legend_h = legend(&c, it, nl, pad, 0, w - 2 * pad, 7.5, false) + 8;
    double top = pad + K_TOP - 16;
    double bottom = h - pad - legend_h - K_AXIS;
    if (bottom < top + 1)
        bottom = top + 1;
    double row_h = (bottom - top) / (double)count;
    if (row_h > K_ROW * 1.5)
        row_h = K_ROW * 1.5;
    double fs = row_h * 0.5 > 8.5 ? 8.5 : row_h * 0.5;
    double label_w = w * 0.28 > 230 ? 230 : w * 0.28;
    /* the landed figure's room at the bar's end: the widest label */
    double fig_w = 0;
    for (size_t i = 0; i < r->n_styles; i++) {
        money(a, sizeof a, r->styles[i].landed, exp);
        snprintf(b, sizeof b, "%s %s", a, r->currency->code);
        double tw = text_width(&c, b, fs, true);
        if (tw > fig_w)
            fig_w = tw;
    }
    if (fig_w > w * 0.25)
        fig_w = w * 0.25;
    double px0 = pad + label_w + 6, px1 = w - pad - fig_w - 8;
    if (px1 < px0 + 10)
        px1 = px0 + 10;
    sv_minor step = nice_step(max, 5);
    sv_minor scale_max = max <= 0 ? step : ((max + step - 1) / step) * step;
    double ppm = (px1 - px0) / (double)scale_max;
    double plot_bottom = top + row_h * (double)count;

    /* the grid and the axis */
    for (sv_minor v = 0; v <= scale_max; v += step) {
        double x = px0 + (double)v * ppm;
        line(cr, x, top, x, plot_bottom, 0.5, C_GRID, 0);
        tick_label(a, sizeof a, v, step, exp);
        text(&c, a, x, plot_bottom + 3, step * ppm, AL_CENTER, 7.5, false, C_MUTED);
    }
    snprintf(a, sizeof a, "%s a unit", r->currency->code);
    text(&c, a, px1, plot_bottom + 13, px1 - px0, AL_RIGHT, 7.5, false, C_MUTED);

    for (size_t i = first; i < first + count; i++) {
        const sv_style_cost *s = &r->styles[i];
        const sv_style *st = s->style;
        double y = top + row_h * (double)(i - first);
        double ty = y + (row_h - fs * 1.35) / 2;
        char lab[400];
        bool own = strcmp(s->origin, r->origin) != 0;
        snprintf(lab, sizeof lab, "%s%s%s%s%s%s", st && st->code ? st->code : "", own ? " (" : "",
                 own ? s->origin : "", own ? ")" : "", st && st->name ? "  " : "",
                 st && st->name ? st->name : "");
        text(&c, lab, pad, ty, label_w, AL_LEFT, fs, false, C_TEXT);
        if (!s->ok) {
            text(&c, "not costed: the style has no category", px0 + 2, ty, px1 - px0, AL_LEFT, fs,
                 false, C_MUTED);
            continue;
        }
        sv_minor v[N_PARTS];
        parts_of(s, v);
        double x = px0, bh = row_h * 0.6, by = y + (row_h - bh) / 2;
        for (int k = 0; k < N_PARTS; k++) {
            if (v[k] <= 0)
                continue;
            double bw = (double)v[k] * ppm;
            rect_fill(cr, x, by, bw, bh, parts[k].color);
            x += bw;
        }
        c.info.bars++;
        money(a, sizeof a, s->landed, exp);
        snprintf(b, sizeof b, "%s %s", a, r->currency->code);
        text(&c, b, x + 4, ty, w - pad - x - 4, AL_LEFT, fs, true, C_TEXT);
    }
    legend(&c, it, nl, pad, plot_bottom + K_AXIS + 4, w - 2 * pad, 7.5, true);
    return ch_end(&c, info, e, "cost chart");
}

static int by_units(const void *x, const void *y)
{
    const sv_run_cost *a = x, *b = y;
    return (a->units > b->units) - (a->units < b->units);
}

sv_code sv_chart_small_run(cairo_t *cr, double w, double h, const sv_program *p,
                           const sv_cost_report *r, size_t style, sv_chart_info *info, sv_err *e)
{
    if (info)
        memset(info, 0, sizeof *info);
    if (!box_ok(cr, w, h, e))
        return e ? e->code : SV_ERR_USAGE;
    if (!report_ok(p, r, e))
        return e ? e->code : SV_ERR_SCHEMA;
    if (style >= r->n_styles)
        return sv_err_set(e, SV_ERR_USAGE, "no style %zu: the report has %zu", style + 1,
                          r->n_styles);
    const sv_style_cost *s = &r->styles[style];
    const char *code = s->style && s->style->code ? s->style->code : "";
    if (!s->ok || s->n_runs < 1)
        return sv_err_set(e, SV_ERR_SCHEMA, "%s was not costed: no small-run curve", code);
    sv_run_cost runs[SV_RUN_ROWS];
    int n = s->n_runs > SV_RUN_ROWS ? SV_RUN_ROWS : s->n_runs;
    memcpy(runs, s->runs, (size_t)n * sizeof runs[0]);
    qsort(runs, (size_t)n, sizeof runs[0], by_units);
    int exp = r->currency->exponent;
    int64_t u0 = runs[0].units, u1 = runs[n - 1].units;
    sv_minor max = 0;
    for (int k = 0; k < n; k++)
        if (runs[k].unit_fob > max)
            max = runs[k].unit_fob;
    if (u0 < 1)
        u0 = 1;
    if (u1 <= u0)
        u1 = u0 * 10;

    ch c;
    if (!ch_begin(&c, cr, w, h))
        return sv_err_set(e, SV_ERR_NOMEM, "cannot draw the small-run curve: out of memory");
    double pad = 8;
    char t[600], a[64], b[64];
    const char *name = s->style && s->style->name ? s->style->name : "";
    snprintf(t, sizeof t, "%s%s%s", code, *name ? "  " : "", name);
    text(&c, t, pad, pad, w - 2 * pad, AL_LEFT, 10, true, C_TEXT);
    text(&c, "Unit FOB by the run's units (small-run model)", pad, pad + 14, w - 2 * pad, AL_LEFT,
         7.5, false, C_MUTED);
    double px0 = pad + 46, px1 = w - pad - 10, top = pad + 34, bottom = h - pad - 30;
    if (px1 < px0 + 10)
        px1 = px0 + 10;
    if (bottom < top + 10)
        bottom = top + 10;
    sv_minor step = nice_step(max, 4);
    sv_minor ymax = max <= 0 ? step : ((max + step - 1) / step) * step;
    double lu0 = log10((double)u0), lu1 = log10((double)u1);
#define XU(u) (px0 + (log10((double)(u)) - lu0) / (lu1 - lu0) * (px1 - px0))
#define YV(v) (bottom - (double)(v) / (double)ymax * (bottom - top))
    /* the value axis */
    for (sv_minor v = 0; v <= ymax; v += step) {
        double y = YV(v);
        line(cr, px0, y, px1, y, 0.5, C_GRID, 0);
        tick_label(a, sizeof a, v, step, exp);
        text(&c, a, px0 - 4, y - 5, px0 - pad - 4, AL_RIGHT, 7, false, C_MUTED);
    }
    snprintf(a, sizeof a, "%s a unit", r->currency->code);
    text(&c, a, px0, top - 11, px1 - px0, AL_LEFT, 7, false, C_MUTED);
    line(cr, px0, bottom, px1, bottom, 0.8, C_AXIS, 0);
    /* the units axis: each run of the table */
    double last_x = -HUGE_VAL;
    for (int k = 0; k < n; k++) {
        double x = XU(runs[k].units);
        line(cr, x, bottom, x, bottom + 3, 0.8, C_AXIS, 0);
        sv_decimal_format(runs[k].units, 0, true, a, sizeof a);
        double tw = text_width(&c, a, 7, false);
        if (x - tw / 2 > last_x + 3 && !runs[k].planned) {
            text(&c, a, x, bottom + 4, 60, AL_CENTER, 7, false, C_MUTED);
            last_x = x + tw / 2;
        }
    }
    text(&c, "units in the run (logarithmic)", (px0 + px1) / 2, bottom + 16, px1 - px0, AL_CENTER,
         7.5, false, C_MUTED);
    /* the curve, and a point at each run */
    set_rgb(cr, C_CURVE);
    cairo_set_line_width(cr, 1.6);
    for (int k = 0; k < n; k++)
        (k ? cairo_line_to : cairo_move_to)(cr, XU(runs[k].units), YV(runs[k].unit_fob));
    cairo_stroke(cr);
    for (int k = 0; k < n; k++) {
        set_rgb(cr, runs[k].planned ? C_PLANNED : C_CURVE);
        cairo_arc(cr, XU(runs[k].units), YV(runs[k].unit_fob), runs[k].planned ? 3.5 : 2.3, 0,
                  2 * M_PI);
        cairo_fill(cr);
        c.info.bars++;
    }
    /* the planned quantity */
    for (int k = 0; k < n; k++) {
        if (!runs[k].planned)
            continue;
        double x = XU(runs[k].units), y = YV(runs[k].unit_fob);
        line(cr, x, top, x, bottom, 1, C_PLANNED, 3);
        sv_decimal_format(runs[k].units, 0, true, a, sizeof a);
        money(b, sizeof b, runs[k].unit_fob, exp);
        snprintf(t, sizeof t, "planned %s: %s %s", a, b, r->currency->code);
        double tw = text_width(&c, t, 7.5, true);
        bool left = x + 6 + tw > px1;
        /* along the dashed line, at the end away from the curve: the curve falls from the
         * left, so a point high in the plot has room under it, a low one above */
        double ly = y < (top + bottom) / 2 ? bottom - 14 : top + 2;
        text(&c, t, left ? x - 5 : x + 5, ly, w - 2 * pad, left ? AL_RIGHT : AL_LEFT, 7.5, true,
             C_PLANNED);
    }
#undef XU
#undef YV
    return ch_end(&c, info, e, "small-run curve");
}

/* ---- SVG documents on a stream -------------------------------------------------------- */

typedef struct sink {
    FILE *out;
    bool failed;
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    sink *k = closure;
    if (k->failed || (len && fwrite(data, 1, len, k->out) != len)) {
        k->failed = true;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* Finish the document and say whether every byte reached the stream. */
static sv_code svg_finish(cairo_surface_t *sf, cairo_t *cr, sink *k, sv_code rc, sv_err *e)
{
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    cairo_status_t st = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    if (rc != SV_OK)
        return rc;
    if (k->failed || st == CAIRO_STATUS_WRITE_ERROR || fflush(k->out) != 0 || ferror(k->out))
        return sv_err_set(e, SV_ERR_IO, "cannot write the chart: write error");
    if (st != CAIRO_STATUS_SUCCESS)
        return sv_err_set(e, st == CAIRO_STATUS_NO_MEMORY ? SV_ERR_NOMEM : SV_ERR_IO,
                          "cannot write the chart: %s", cairo_status_to_string(st));
    return SV_OK;
}

static sv_code svg_begin(FILE *out, double w, double h, sink *k, cairo_surface_t **sf, cairo_t **cr,
                         sv_err *e)
{
    if (!out)
        return sv_err_set(e, SV_ERR_USAGE, "no stream to write the chart to");
    k->out = out;
    k->failed = false;
    *sf = cairo_svg_surface_create_for_stream(sink_write, k, w, h);
    *cr = cairo_create(*sf);
    if (cairo_status(*cr) != CAIRO_STATUS_SUCCESS) {
        cairo_destroy(*cr);
        cairo_surface_destroy(*sf);
        return sv_err_set(e, SV_ERR_NOMEM, "cannot make the chart: out of memory");
    }
    cairo_svg_surface_restrict_to_version(*sf, CAIRO_SVG_VERSION_1_1);
    /* a white page: a viewer's dark background would hide the text */
    cairo_set_source_rgb(*cr, 1, 1, 1);
    cairo_paint(*cr);
    return SV_OK;
}

static sv_code svg_gantt(FILE *out, const sv_program *p, const sv_plan *plan, bool summary,
                         sv_err *e)
{
    if (!p || !plan)
        return sv_err_set(e, SV_ERR_USAGE, "a Gantt chart needs a program and its plan");
    /* refuse before anything is written */
    if (p->n_styles == 0)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "program.styles",
                         "the program has no styles: there is nothing to plan");
    sv_chart_gantt_opts o = {.summary = summary};
    double w = 1000, h = sv_chart_gantt_height(plan, &o);
    sink k;
    cairo_surface_t *sf;
    cairo_t *cr;
    sv_code rc = svg_begin(out, w, h, &k, &sf, &cr, e);
    if (rc != SV_OK)
        return rc;
    rc = sv_chart_gantt(cr, w, h, p, plan, &o, NULL, e);
    return svg_finish(sf, cr, &k, rc, e);
}

sv_code sv_chart_svg_gantt(FILE *out, const sv_program *p, const sv_plan *plan, sv_err *e)
{
    return svg_gantt(out, p, plan, false, e);
}

sv_code sv_chart_svg_gantt_summary(FILE *out, const sv_program *p, const sv_plan *plan, sv_err *e)
{
    return svg_gantt(out, p, plan, true, e);
}

enum { RUN_W = 450, RUN_H = 240 };

sv_code sv_chart_svg_cost(FILE *out, const sv_program *p, const sv_cost_report *r, sv_err *e)
{
    if (!report_ok(p, r, e))
        return e ? e->code : SV_ERR_SCHEMA;
    size_t curves = 0;
    for (size_t i = 0; i < r->n_styles; i++)
        curves += r->styles[i].ok && r->styles[i].n_runs > 0;
    double w = 2 * RUN_W, top_h = sv_chart_cost_height(r);
    double h = top_h + (double)((curves + 1) / 2) * RUN_H + 10;
    sink k;
    cairo_surface_t *sf;
    cairo_t *cr;
    sv_code rc = svg_begin(out, w, h, &k, &sf, &cr, e);
    if (rc != SV_OK)
        return rc;
    rc = sv_chart_cost(cr, w, top_h, p, r, NULL, e);
    size_t at = 0;
    for (size_t i = 0; rc == SV_OK && i < r->n_styles; i++) {
        if (!r->styles[i].ok || r->styles[i].n_runs < 1)
            continue;
        cairo_save(cr);
        cairo_translate(cr, (double)(at % 2) * RUN_W, top_h + (double)(at / 2) * RUN_H);
        rc = sv_chart_small_run(cr, RUN_W, RUN_H, p, r, i, NULL, e);
        cairo_restore(cr);
        at++;
    }
    return svg_finish(sf, cr, &k, rc, e);
}

/* Only the font map: cairo_debug_reset_static_data asserts that no font is alive and
 * FcFini that no cache is, and pango may still hold one from its font-loading thread. What
 * fontconfig keeps after this (a few hundred bytes) is its own; the sanitizer runs of the
 * tests suppress it (tests/lsan.supp). */
void sv_chart_release(void)
{
    pango_cairo_font_map_set_default(NULL);
}
