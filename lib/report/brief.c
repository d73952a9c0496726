/* The brief as PDF: cairo draws, pango shapes the text (any script, through fontconfig's
 * fallback), cairo_pdf_surface_create_for_stream writes to the caller's stream. The document
 * is laid out twice: once to count its pages (written nowhere), once for real, so every page
 * can say "page N of M". What goes where: docs/brief.md. */
#include "selvedge/brief.h"
#include "selvedge/chart.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FONT "Noto Sans, Noto Sans CJK SC, sans-serif"

/* Type sizes (points) and the page's margins. */
#define SZ_TITLE 20.0
#define SZ_SUB 12.0
#define SZ_HEAD 12.5
#define SZ_BODY 9.0
#define SZ_CELL 7.8
#define SZ_SMALL 7.0
#define MARGIN 46.0
#define FOOT 22.0
#define PAD 3.0
#define CELL_LINES 16 /* a cell holds at most this many lines, the last ellipsized */
#define PARA_LINES 12 /* a paragraph the program's text fills: as many */
#define CHART_H 150.0

/* ---- the pure pieces ---- */

int sv_paper_parse(const char *s)
{
    if (!s)
        return -1;
    if (strcasecmp(s, "a4") == 0)
        return SV_PAPER_A4;
    if (strcasecmp(s, "letter") == 0)
        return SV_PAPER_LETTER;
    return -1;
}

const char *sv_paper_name(sv_paper p)
{
    return p == SV_PAPER_LETTER ? "letter" : "a4";
}

void sv_brief_paper_size(sv_paper p, double *width, double *height)
{
    if (p == SV_PAPER_LETTER) {
        *width = 612.0;
        *height = 792.0;
    } else { /* 210 x 297 mm */
        *width = 210.0 / 25.4 * 72.0;
        *height = 297.0 / 25.4 * 72.0;
    }
}

void sv_brief_columns(const double *natural, const double *min, size_t n, double avail, double *out)
{
    double nat = 0, mins = 0, give = 0;
    for (size_t i = 0; i < n; i++) {
        double m = min[i] < natural[i] ? min[i] : natural[i];
        nat += natural[i];
        mins += m;
        give += natural[i] - m;
    }
    if (n == 0)
        return;
    if (nat <= avail) { /* all fit: the room left shared in proportion */
        for (size_t i = 0; i < n; i++)
            out[i] = nat > 0 ? natural[i] * avail / nat : avail / (double)n;
        return;
    }
    if (mins >= avail || give <= 0) { /* not even the minimums: scaled down */
        for (size_t i = 0; i < n; i++) {
            double m = min[i] < natural[i] ? min[i] : natural[i];
            out[i] = mins > 0 ? m * avail / mins : avail / (double)n;
        }
        return;
    }
    double cut = nat - avail; /* taken from each in proportion to what it can give */
    for (size_t i = 0; i < n; i++) {
        double m = min[i] < natural[i] ? min[i] : natural[i];
        out[i] = natural[i] - (natural[i] - m) * cut / give;
    }
}

int sv_brief_paginate(const double *heights, size_t n, double first, double page, double header,
                      int *page_of)
{
    int pg = 0;
    double left = first - header;
    bool empty = true; /* no row on this page yet */
    for (size_t i = 0; i < n; i++) {
        if (heights[i] > left && !(empty && pg > 0)) {
            pg++;
            left = page - header;
            empty = true;
        }
        page_of[i] = pg;
        left -= heights[i];
        empty = false;
    }
    return pg + 1;
}

static const char *split_label(sv_split_by by, int v)
{
    if (v < 0)
        return "not said";
    switch (by) {
    case SV_SPLIT_CATEGORY:
        return sv_category_name((sv_category)v);
    case SV_SPLIT_GENDER:
        return sv_gender_name((sv_gender)v);
    default:
        return sv_construction_name((sv_construction)v);
    }
}

size_t sv_brief_split(const sv_program *p, sv_split_by by, sv_brief_part *out, size_t cap)
{
    enum { SLOTS = SV_CAT__COUNT + 1 }; /* the longest enum, and "not said" in slot 0 */
    size_t styles[SLOTS] = {0};
    int64_t units[SLOTS] = {0};
    bool seen[SLOTS] = {false};
    int64_t total = 0;
    for (size_t i = 0; i < p->n_styles; i++) {
        const sv_style *s = &p->styles[i];
        int v = by == SV_SPLIT_CATEGORY ? (int)s->category
                : by == SV_SPLIT_GENDER ? (int)s->gender
                                        : (int)s->construction;
        int slot = v < 0 || v >= SLOTS - 1 ? 0 : v + 1;
        int64_t u = sv_style_units(s);
        seen[slot] = true;
        styles[slot]++;
        units[slot] += u;
        total += u;
    }
    size_t k = 0;
    /* most units first; equal units in the enum's order, "not said" last */
    for (;;) {
        int best = -1;
        for (int s = 1; s <= SLOTS; s++) {
            int slot = s % SLOTS;
            if (seen[slot] && (best < 0 || units[slot] > units[best]))
                best = slot;
        }
        if (best < 0)
            break;
        seen[best] = false;
        if (k < cap) {
            out[k].label = split_label(by, best - 1);
            out[k].styles = styles[best];
            out[k].units = units[best];
            out[k].share_bp = total > 0 ? sv_muldiv(units[best], 10000, total) : 0;
        }
        k++;
    }
    return k;
}

/* A percentage in basis points as people write it: "30%", "32.5%". */
static char *pct(int64_t bp, char *buf, size_t n)
{
    sv_decimal_format(bp, 2, false, buf, n);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf);
        while (end > dot && (end[-1] == '0' || end[-1] == '.')) {
            bool was_dot = end[-1] == '.';
            *--end = '\0';
            if (was_dot)
                break;
        }
    }
    size_t l = strlen(buf);
    if (l + 1 < n) {
        buf[l] = '%';
        buf[l + 1] = '\0';
    }
    return buf;
}

char *sv_brief_terms_text(const sv_brand *b, char *buf, size_t n)
{
    char d[32];
    size_t used = 0;
    buf[0] = '\0';
#define ADD(...)                                                                                   \
    do {                                                                                           \
        if (used < n)                                                                              \
            used += (size_t)snprintf(buf + used, n - used, __VA_ARGS__);                           \
    } while (0)
    if (!b->has_payment_terms || b->payment_method == SV_PAY_UNSET) {
        snprintf(buf, n, "not stated");
        return buf;
    }
    if (b->deposit_bp >= 0)
        ADD("%s deposit", pct(b->deposit_bp, d, sizeof d));
    const char *sep = used ? ", " : "";
    long long days = (long long)b->payment_days;
    switch (b->payment_method) {
    case SV_PAY_DEPOSIT_BALANCE:
        switch (b->balance) {
        case SV_BALANCE_BEFORE_SHIPMENT:
            ADD("%sbalance before shipment", sep);
            break;
        case SV_BALANCE_ON_DELIVERY:
            ADD("%sbalance on delivery", sep);
            break;
        case SV_BALANCE_NET30:
            ADD("%sbalance 30 days after delivery (net 30)", sep);
            break;
        case SV_BALANCE_NET60:
            ADD("%sbalance 60 days after delivery (net 60)", sep);
            break;
        case SV_BALANCE_NET90:
            ADD("%sbalance 90 days after delivery (net 90)", sep);
            break;
        default:
            if (!used)
                ADD("deposit and balance, the split not stated");
            else
                ADD("%sthe balance's date not stated", sep);
        }
        break;
    case SV_PAY_LC_SIGHT:
        ADD("%sletter of credit at sight", sep);
        break;
    case SV_PAY_LC_USANCE:
        if (days > 0)
            ADD("%sletter of credit at %lld days", sep, days);
        else
            ADD("%susance letter of credit", sep);
        break;
    case SV_PAY_DP:
        ADD("%sdocuments against payment (D/P)", sep);
        break;
    case SV_PAY_DA:
        if (days > 0)
            ADD("%sdocuments against acceptance (D/A) at %lld days", sep, days);
        else
            ADD("%sdocuments against acceptance (D/A)", sep);
        break;
    case SV_PAY_OPEN_ACCOUNT:
        if (days > 0)
            ADD("%sopen account, %lld days", sep, days);
        else
            ADD("%sopen account", sep);
        break;
    default:
        break;
    }
#undef ADD
    return buf;
}

char *sv_brief_techpack_text(const sv_techpack *t, char *buf, size_t n)
{
    static const char *const names[] = {"sketch",       "BOM",    "measurements", "grading",
                                        "construction", "labels", "packaging"};
    bool have[] = {t->sketch,       t->bom,    t->measurements, t->grading,
                   t->construction, t->labels, t->packaging};
    size_t k = sizeof have / sizeof have[0], missing = 0;
    for (size_t i = 0; i < k; i++)
        missing += !have[i];
    if (!t->present || missing == k) {
        snprintf(buf, n, "none");
        return buf;
    }
    if (!missing) {
        snprintf(buf, n, "complete");
        return buf;
    }
    size_t used = (size_t)snprintf(buf, n, "lacks ");
    const char *sep = "";
    for (size_t i = 0; i < k && used < n; i++)
        if (!have[i]) {
            used += (size_t)snprintf(buf + used, n - used, "%s%s", sep, names[i]);
            sep = ", ";
        }
    return buf;
}

/* ---- drawing ---- */

typedef struct sink {
    FILE *out; /* NULL: the counting pass, written nowhere */
    int err;   /* errno of the first failed write; -1 when errno said none */
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    sink *s = closure;
    if (!s->out || len == 0)
        return CAIRO_STATUS_SUCCESS;
    errno = 0;
    if (fwrite(data, 1, len, s->out) != len) {
        if (!s->err)
            s->err = errno ? errno : -1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

typedef struct doc {
    cairo_t *cr;
    PangoContext *pc; /* of the brief's own font map, set to draw on cr */
    const sv_program *p;
    const sv_brief_options *o;
    int exp;         /* the brand's currency's decimals */
    const char *cur; /* its code */
    double pw, ph, left, right, top, bottom, y;
    int page, total; /* total: 0 in the counting pass */
    double tw;       /* the width of the table being drawn */
} doc;

static PangoLayout *lay(doc *d, const char *text, double size, bool bold, double width,
                        int max_lines)
{
    PangoLayout *l = pango_layout_new(d->pc);
    PangoFontDescription *f = pango_font_description_from_string(FONT);
    pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
    if (bold)
        pango_font_description_set_weight(f, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, f);
    pango_font_description_free(f);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    if (max_lines > 0) {
        pango_layout_set_height(l, -max_lines);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    }
    /* the program's text is UTF-8 already; a stray byte would make pango drop the text */
    char *v = g_utf8_make_valid(text ? text : "", -1);
    pango_layout_set_text(l, v, -1);
    g_free(v);
    /* a word broken to fit its cell is not given a hyphen: the name stays the name, also
     * for a reader that extracts the text (a code, an email) */
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
    return l;
}

static double lay_h(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return h / (double)PANGO_SCALE;
}

static double lay_w(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return w / (double)PANGO_SCALE;
}

static void lay_show(doc *d, PangoLayout *l, double x, double y, double grey)
{
    cairo_set_source_rgb(d->cr, grey, grey, grey);
    cairo_move_to(d->cr, x, y);
    pango_cairo_show_layout(d->cr, l);
}

static void money(doc *d, sv_minor v, char *buf, size_t n)
{
    char a[48];
    sv_decimal_format(v, d->exp, true, a, sizeof a);
    snprintf(buf, n, "%s %s", a, d->cur);
}

static void day_text(int64_t day, char *buf, size_t n)
{
    sv_day_format(day, buf, n);
}

/* A milestone's last day of work: end is exclusive */
static int64_t last_day(const sv_milestone *m)
{
    return m->end > m->start ? m->end - 1 : m->start;
}

static void footer(doc *d)
{
    char left[160], right[48];
    char date[16];
    sv_date_format(d->o->today, date, sizeof date);
    snprintf(left, sizeof left, "Sourcing brief, %s", date);
    if (d->total)
        snprintf(right, sizeof right, "page %d of %d", d->page, d->total);
    else
        snprintf(right, sizeof right, "page %d of %d", d->page, d->page);
    double w = d->right - d->left;
    PangoLayout *r = lay(d, right, SZ_SMALL, false, 0, 0);
    double rw = lay_w(r);
    char *who = g_strdup_printf("%s - %s. %s", d->p->brand.name ? d->p->brand.name : "",
                                d->p->name ? d->p->name : "", left);
    PangoLayout *l = lay(d, who, SZ_SMALL, false, w - rw - 12, 1);
    g_free(who);
    double y = d->ph - MARGIN + 6;
    cairo_set_source_rgb(d->cr, 0.75, 0.75, 0.75);
    cairo_set_line_width(d->cr, 0.5);
    cairo_move_to(d->cr, d->left, y - 4);
    cairo_line_to(d->cr, d->right, y - 4);
    cairo_stroke(d->cr);
    lay_show(d, l, d->left, y, 0.4);
    lay_show(d, r, d->right - rw, y, 0.4);
    g_object_unref(l);
    g_object_unref(r);
}

static void page_begin(doc *d)
{
    d->page++;
    d->y = d->top;
    if (d->page > 1) { /* the running head: whose brief this is */
        char *t = g_strdup_printf("%s - %s", d->p->brand.name ? d->p->brand.name : "",
                                  d->p->name ? d->p->name : "");
        PangoLayout *l = lay(d, t, SZ_SMALL, false, d->right - d->left, 1);
        g_free(t);
        lay_show(d, l, d->left, d->top - 16, 0.4);
        g_object_unref(l);
    }
}

static void page_break(doc *d)
{
    footer(d);
    cairo_show_page(d->cr);
    page_begin(d);
}

/* Room for h points, or a new page (never a new page for an empty one). */
static void need(doc *d, double h)
{
    if (d->y + h > d->bottom && d->y > d->top + 0.5)
        page_break(d);
}

static void heading(doc *d, const char *text)
{
    PangoLayout *l = lay(d, text, SZ_HEAD, true, d->right - d->left, 2);
    double h = lay_h(l);
    need(d, h + 36); /* a heading is not left alone at the foot of a page */
    if (d->y > d->top + 0.5)
        d->y += 10;
    lay_show(d, l, d->left, d->y, 0.1);
    d->y += h + 1;
    cairo_set_source_rgb(d->cr, 0.55, 0.1, 0.1);
    cairo_set_line_width(d->cr, 0.8);
    cairo_move_to(d->cr, d->left, d->y);
    cairo_line_to(d->cr, d->left + 40, d->y);
    cairo_stroke(d->cr);
    d->y += 5;
    g_object_unref(l);
}

static void para(doc *d, const char *text, double size, bool bold, double grey)
{
    PangoLayout *l = lay(d, text, size, bold, d->right - d->left, PARA_LINES);
    double h = lay_h(l);
    need(d, h);
    lay_show(d, l, d->left, d->y, grey);
    d->y += h + 3;
    g_object_unref(l);
}

/* "key   value": a line of a fact sheet, the value wrapped beside its key. */
#define KEY_W 130.0
static void kv(doc *d, const char *key, const char *value)
{
    PangoLayout *k = lay(d, key, SZ_BODY, true, KEY_W - 8, 2);
    PangoLayout *v = lay(d, value, SZ_BODY, false, d->right - d->left - KEY_W, PARA_LINES);
    double h = lay_h(v) > lay_h(k) ? lay_h(v) : lay_h(k);
    need(d, h);
    lay_show(d, k, d->left, d->y, 0.3);
    lay_show(d, v, d->left + KEY_W, d->y, 0.05);
    d->y += h + 2.5;
    g_object_unref(k);
    g_object_unref(v);
}

/* A bullet point. */
static void bullet(doc *d, const char *text)
{
    PangoLayout *b = lay(d, "\xe2\x80\xa2", SZ_BODY, false, 0, 0);
    PangoLayout *v = lay(d, text, SZ_BODY, false, d->right - d->left - 12, PARA_LINES);
    double h = lay_h(v);
    need(d, h);
    lay_show(d, b, d->left + 1, d->y, 0.3);
    lay_show(d, v, d->left + 12, d->y, 0.05);
    d->y += h + 3;
    g_object_unref(b);
    g_object_unref(v);
}

/* ---- tables ---- */

typedef struct tcol {
    const char *head;
    double min; /* the narrowest it may get, points */
    bool right; /* numbers: aligned right */
} tcol;

typedef struct table {
    const char *title;   /* said again on a page it continues on */
    const char *caption; /* said above it, kept with its first row; NULL */
    bool fill;           /* spread to the page's width; else as wide as it needs */
    const tcol *cols;
    size_t nc;
    GPtrArray *cells; /* row after row, nc strings a row (g_free'd) */
} table;

static void cell(table *t, char *s) /* takes s (g_strdup'd) */
{
    g_ptr_array_add(t->cells, s ? s : g_strdup(""));
}

static PangoLayout *cell_lay(doc *d, const char *text, bool head, bool right, double w)
{
    PangoLayout *l = lay(d, text, SZ_CELL, head, w - 2 * PAD, CELL_LINES);
    if (right)
        pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
    return l;
}

static double row_draw(doc *d, const table *t, const double *w, char *const *texts, bool head,
                       bool shade, bool draw)
{
    PangoLayout *ls[16];
    double h = 0;
    size_t nc = t->nc < 16 ? t->nc : 16;
    for (size_t c = 0; c < nc; c++) {
        ls[c] = cell_lay(d, head ? t->cols[c].head : texts[c], head, t->cols[c].right, w[c]);
        double lh = lay_h(ls[c]);
        if (lh > h)
            h = lh;
    }
    h += 2 * PAD;
    if (draw) {
        if (head || shade) {
            double g = head ? 0.86 : 0.955;
            cairo_set_source_rgb(d->cr, g, g, g);
            cairo_rectangle(d->cr, d->left, d->y, d->tw, h);
            cairo_fill(d->cr);
        }
        double x = d->left;
        for (size_t c = 0; c < nc; c++) {
            lay_show(d, ls[c], x + PAD, d->y + PAD, head ? 0.1 : 0.05);
            x += w[c];
        }
        d->y += h;
    }
    for (size_t c = 0; c < nc; c++)
        g_object_unref(ls[c]);
    return h;
}

/* The width of the widest word of text, padded as a cell. */
static double longest_word(doc *d, const char *text, bool bold)
{
    double best = 0;
    while (text && *text) {
        size_t n = strcspn(text, " ");
        if (n) {
            char *word = g_strndup(text, n);
            PangoLayout *l = lay(d, word, SZ_CELL, bold, 0, 0);
            if (lay_w(l) + 2 * PAD > best)
                best = lay_w(l) + 2 * PAD;
            g_object_unref(l);
            g_free(word);
        }
        text += n;
        text += strspn(text, " ");
    }
    return best;
}

static void table_draw(doc *d, table *t)
{
    size_t nc = t->nc < 16 ? t->nc : 16;
    size_t rows = t->cells->len / t->nc;
    double avail = d->right - d->left, nat[16] = {0}, min[16] = {0}, w[16] = {0};
    for (size_t c = 0; c < nc; c++) { /* natural: the widest cell unwrapped */
        PangoLayout *l = lay(d, t->cols[c].head, SZ_CELL, true, 0, 0);
        nat[c] = lay_w(l) + 2 * PAD;
        g_object_unref(l);
        for (size_t r = 0; r < rows; r++) {
            l = lay(d, g_ptr_array_index(t->cells, r * t->nc + c), SZ_CELL, false, 0, 0);
            double x = lay_w(l) + 2 * PAD;
            if (x > nat[c])
                nat[c] = x;
            g_object_unref(l);
        }
        if (nat[c] > avail * 0.4)
            nat[c] = avail * 0.4;
        /* no narrower than its heading's longest word, so headings do not break */
        /* no narrower than its heading's longest word, so headings do not break, nor than a
         * cell's longest word up to a limit (a long one breaks rather than crowd the rest) */
        double hw = longest_word(d, t->cols[c].head, true);
        for (size_t r = 0; r < rows; r++) {
            double x = longest_word(d, g_ptr_array_index(t->cells, r * t->nc + c), false);
            if (x > hw && x <= 64)
                hw = x;
        }
        min[c] = t->cols[c].min > hw ? t->cols[c].min : hw;
        if (nat[c] < min[c])
            nat[c] = min[c];
    }
    double sum = 0;
    for (size_t c = 0; c < nc; c++)
        sum += nat[c] + (t->fill ? 0 : 12);
    sv_brief_columns(nat, min, nc, t->fill || sum > avail ? avail : sum, w);
    double tw = 0;
    for (size_t c = 0; c < nc; c++)
        tw += w[c];
    double *hs = g_new(double, rows ? rows : 1);
    int *pg = g_new(int, rows ? rows : 1);
    for (size_t r = 0; r < rows; r++)
        hs[r] = row_draw(d, t, w, (char **)t->cells->pdata + r * t->nc, false, false, false);
    double hh = row_draw(d, t, w, NULL, true, false, false);
    PangoLayout *cont = NULL;
    char *ct = g_strdup_printf("%s (continued)", t->title);
    cont = lay(d, ct, SZ_BODY, true, avail, 1);
    g_free(ct);
    double conth = lay_h(cont) + 4;
    PangoLayout *cap = t->caption ? lay(d, t->caption, SZ_BODY, true, avail, 2) : NULL;
    double caph = cap ? lay_h(cap) + 3 : 0;
    sv_brief_paginate(hs, rows, d->bottom - d->y - caph, d->bottom - d->top - conth, hh, pg);
    int at = 0;
    if (rows && pg[0] > 0) {
        page_break(d);
        at = pg[0];
    }
    if (cap) {
        lay_show(d, cap, d->left, d->y, 0.2);
        d->y += caph;
        g_object_unref(cap);
    }
    d->tw = tw;
    row_draw(d, t, w, NULL, true, false, true);
    for (size_t r = 0; r < rows; r++) {
        if (pg[r] != at) {
            page_break(d);
            lay_show(d, cont, d->left, d->y, 0.3);
            d->y += conth;
            row_draw(d, t, w, NULL, true, false, true);
            at = pg[r];
        }
        row_draw(d, t, w, (char **)t->cells->pdata + r * t->nc, false, r % 2 == 1, true);
    }
    cairo_set_source_rgb(d->cr, 0.7, 0.7, 0.7);
    cairo_set_line_width(d->cr, 0.5);
    cairo_move_to(d->cr, d->left, d->y);
    cairo_line_to(d->cr, d->left + tw, d->y);
    cairo_stroke(d->cr);
    d->y += 6;
    g_object_unref(cont);
    g_free(hs);
    g_free(pg);
}

static table table_new(const char *title, const tcol *cols, size_t nc, bool fill)
{
    return (table){.title = title,
                   .cols = cols,
                   .nc = nc,
                   .fill = fill,
                   .cells = g_ptr_array_new_with_free_func(g_free)};
}

static void table_done(doc *d, table *t)
{
    table_draw(d, t);
    g_ptr_array_free(t->cells, TRUE);
}

/* ---- the sections ---- */

static const char *channel_text(sv_channel c)
{
    switch (c) {
    case SV_CHANNEL_DTC:
        return "direct to consumer";
    case SV_CHANNEL_WHOLESALE:
        return "wholesale";
    default:
        return "marketplaces";
    }
}

/* The range of the styles' retail (or wholesale) prices: "98.00 USD", "49.00 to 120.00 USD".
 * Wholesale prices the program does not give are the cost report's (keystone) when there is
 * one; *derived says whether any was. */
static void range_of(doc *d, bool retail, char *buf, size_t n, bool *derived)
{
    sv_minor lo = SV_UNSET, hi = SV_UNSET;
    const sv_cost_report *r = d->o->cost;
    if (derived)
        *derived = false;
    for (size_t i = 0; i < d->p->n_styles; i++) {
        const sv_style *s = &d->p->styles[i];
        sv_minor v = retail ? s->retail_price : s->wholesale_price;
        if (v < 0 && !retail && r && i < r->n_styles && r->styles[i].style == s &&
            r->styles[i].wholesale_derived && r->styles[i].wholesale > 0) {
            v = r->styles[i].wholesale;
            if (derived)
                *derived = true;
        }
        if (v < 0)
            continue;
        if (lo < 0 || v < lo)
            lo = v;
        if (hi < 0 || v > hi)
            hi = v;
    }
    buf[0] = '\0';
    if (lo < 0)
        return;
    char a[64], b[64];
    money(d, lo, a, sizeof a);
    if (lo == hi) {
        snprintf(buf, n, "%s", a);
    } else {
        money(d, hi, b, sizeof b);
        snprintf(buf, n, "%s to %s", a, b);
    }
}

/* The price points: the retail prices (with the sales tax in them, or added at the till) and
 * the wholesale prices, given or, for a brand that sells wholesale, estimated at keystone. */
static void price_points(doc *d, char *buf, size_t n)
{
    char x[160], y[160], tax[96] = "";
    bool derived = false;
    range_of(d, true, x, sizeof x, NULL);
    range_of(d, false, y, sizeof y, &derived);
    if (derived && !d->p->brand.channels[SV_CHANNEL_WHOLESALE])
        y[0] = '\0'; /* no wholesale channel: no wholesale price point to estimate */
    const sv_vat *v = d->o->cost ? d->o->cost->vat : NULL;
    if (x[0] && v && v->rate_bp > 0) {
        char r[32];
        if (v->in_shelf_price)
            snprintf(tax, sizeof tax, " (including %s sales tax)", pct(v->rate_bp, r, sizeof r));
        else
            snprintf(tax, sizeof tax, " (before sales tax)");
    }
    buf[0] = '\0';
    size_t used = 0;
    if (x[0])
        used += (size_t)snprintf(buf, n, "retail %s%s", x, tax);
    if (y[0] && used < n)
        snprintf(buf + used, n - used, "%swholesale %s%s", used ? "; " : "", y,
                 derived ? " (an estimate: the retail at the keystone multiple)" : "");
}

static void cover(doc *d)
{
    const sv_program *p = d->p;
    double w = d->right - d->left;
    PangoLayout *l = lay(d, p->brand.name, SZ_TITLE, true, w, 3);
    lay_show(d, l, d->left, d->y, 0.05);
    d->y += lay_h(l) + 2;
    g_object_unref(l);
    char *t = g_strdup_printf("Sourcing brief: %s", p->name ? p->name : "");
    l = lay(d, t, SZ_SUB, false, w, 3);
    g_free(t);
    lay_show(d, l, d->left, d->y, 0.25);
    d->y += lay_h(l) + 6;
    g_object_unref(l);
    if (d->o->factory && d->o->factory[0]) {
        t = g_strdup_printf("Prepared for %s", d->o->factory);
        para(d, t, SZ_BODY + 1.5, true, 0.1);
        g_free(t);
    }
    char date[16], launch[16] = "", units[32];
    sv_date_format(d->o->today, date, sizeof date);
    if (p->has_launch_date)
        sv_date_format(p->launch_date, launch, sizeof launch);
    t = g_strdup_printf("%s. %zu style%s, %s units, to %s%s%s.", date, p->n_styles,
                        p->n_styles == 1 ? "" : "s",
                        sv_decimal_format(sv_program_units(p), 0, true, units, sizeof units),
                        p->destination[0] ? p->destination : "a destination not said",
                        launch[0] ? ", in the warehouse by " : "", launch);
    para(d, t, SZ_BODY, false, 0.3);
    g_free(t);
}

static void brand_section(doc *d)
{
    const sv_brand *b = &d->p->brand;
    char buf[512];
    heading(d, "The brand");
    kv(d, "Brand", b->name);
    if (b->positioning != SV_TIER_UNSET)
        kv(d, "Positioning", sv_tier_name(b->positioning));
    if (b->n_channels) {
        size_t used = 0;
        buf[0] = '\0';
        for (int c = 0; c < SV_CHANNEL__COUNT; c++)
            if (b->channels[c])
                used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", used ? ", " : "",
                                         channel_text((sv_channel)c));
        kv(d, "Channels", buf);
    }
    price_points(d, buf, sizeof buf);
    if (buf[0])
        kv(d, "Price points", buf);
    kv(d, "Currency", b->currency ? b->currency->code : "");
    if (b->location[0])
        kv(d, "Based in", b->location);
    if (b->funding != SV_FUNDING_UNSET)
        kv(d, "Funding", sv_funding_name(b->funding));
    if (b->tech_design != SV_STAFF_UNSET || b->production_experience_years >= 0) {
        size_t used = 0;
        buf[0] = '\0';
        if (b->tech_design != SV_STAFF_UNSET)
            used += (size_t)snprintf(buf, sizeof buf, "tech design: %s",
                                     sv_staffing_name(b->tech_design));
        if (b->production_experience_years >= 0)
            snprintf(buf + used, sizeof buf - used, "%s%lld year%s of production experience",
                     used ? "; " : "", (long long)b->production_experience_years,
                     b->production_experience_years == 1 ? "" : "s");
        kv(d, "Team", buf);
    }
}

static void order_section(doc *d)
{
    const sv_program *p = d->p;
    char buf[1024], u[32];
    heading(d, "The order");
    size_t colours = 0;
    for (size_t i = 0; i < p->n_styles; i++)
        colours += p->styles[i].n_colors;
    snprintf(buf, sizeof buf, "%s units: %zu style%s in %zu colourway%s",
             sv_decimal_format(sv_program_units(p), 0, true, u, sizeof u), p->n_styles,
             p->n_styles == 1 ? "" : "s", colours, colours == 1 ? "" : "s");
    kv(d, "Total order", buf);
    kv(d, "Destination", p->destination[0] ? p->destination : "not said");
    if (p->n_origins) {
        size_t used = 0;
        for (size_t i = 0; i < p->n_origins && used < sizeof buf; i++)
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? ", " : "",
                                     p->origins[i]);
        kv(d, "Preferred origins", buf);
    }
    if (p->n_certifications) {
        GString *s = g_string_new(NULL);
        for (size_t i = 0; i < p->n_certifications; i++)
            g_string_append_printf(s, "%s%s", i ? "; " : "", p->certifications[i]);
        kv(d, "Certifications", s->str);
        g_string_free(s, TRUE);
    }
    static const tcol cols[] = {{"Split by", 50, false},
                                {"", 60, false},
                                {"Styles", 30, true},
                                {"Units", 40, true},
                                {"Share", 34, true}};
    table t = table_new("How the order splits", cols, 5, false);
    static const char *const by_name[] = {"category", "gender", "construction"};
    for (int by = 0; by < 3; by++) {
        sv_brief_part parts[SV_CAT__COUNT + 1];
        size_t n = sv_brief_split(p, (sv_split_by)by, parts, SV_CAT__COUNT + 1);
        for (size_t i = 0; i < n && i < SV_CAT__COUNT + 1; i++) {
            char sh[32];
            cell(&t, g_strdup(i == 0 ? by_name[by] : ""));
            cell(&t, g_strdup(parts[i].label));
            cell(&t, g_strdup_printf("%zu", parts[i].styles));
            cell(&t, g_strdup(sv_decimal_format(parts[i].units, 0, true, u, sizeof u)));
            /* to a tenth of a percent: 45.5%, 100% */
            cell(&t, g_strdup(pct(sv_muldiv(parts[i].share_bp, 1, 10) * 10, sh, sizeof sh)));
        }
    }
    d->y += 3;
    table_done(d, &t);
}

static char *fabric_text(const sv_style *s)
{
    GString *g = g_string_new(NULL);
    if (s->fabric && s->fabric->name)
        g_string_append(g, s->fabric->name);
    else if (s->fabric)
        g_string_append(g, s->fabric->id);
    if (s->composition)
        g_string_append_printf(g, "%s%s", g->len ? ", " : "", s->composition);
    if (s->weight_gsm >= 0)
        g_string_append_printf(g, "%s%lld gsm", g->len ? ", " : "", (long long)s->weight_gsm);
    if (s->fabric && s->fabric->source != SV_FABRIC_UNSET)
        g_string_append_printf(g, "%s%s", g->len ? ", " : "",
                               sv_fabric_source_name(s->fabric->source));
    if (!g->len)
        g_string_append(g, "not said");
    return g_string_free(g, FALSE);
}

static void range_section(doc *d)
{
    const sv_program *p = d->p;
    heading(d, "The range");
    static const tcol cols[] = {
        {"Code", 44, false},   {"Name", 70, false},      {"Category", 50, false},
        {"Fabric", 70, false}, {"Sizes", 34, false},     {"Colours (units)", 70, false},
        {"Units", 32, true},   {"Target FOB", 44, true}, {"Tech pack", 44, false}};
    table t = table_new("The range", cols, sizeof cols / sizeof cols[0], true);
    for (size_t i = 0; i < p->n_styles; i++) {
        const sv_style *s = &p->styles[i];
        char u[32], m[64], tp[160];
        cell(&t, g_strdup(s->code));
        cell(&t, g_strdup(s->name ? s->name : ""));
        /* what it is: category, for whom, how it is made */
        GString *what = g_string_new(sv_category_name(s->category));
        if (s->gender != SV_GENDER_UNSET)
            g_string_append_printf(what, ", %s", sv_gender_name(s->gender));
        if (s->construction != SV_CONSTR_UNSET)
            g_string_append_printf(what, ", %s", sv_construction_name(s->construction));
        cell(&t, g_string_free(what, FALSE));
        cell(&t, fabric_text(s));
        GString *g = g_string_new(NULL);
        for (size_t k = 0; k < s->n_sizes; k++)
            g_string_append_printf(g, "%s%s", k ? " " : "", s->sizes[k]);
        cell(&t, g_string_free(g, FALSE));
        g = g_string_new(NULL);
        for (size_t k = 0; k < s->n_colors; k++) {
            const sv_color *c = &s->colors[k];
            g_string_append_printf(g, "%s%s", k ? "; " : "", c->name ? c->name : "");
            if (c->wash)
                g_string_append_printf(g, " (%s)", c->wash);
            g_string_append_printf(g, " %s", sv_decimal_format(c->units, 0, true, u, sizeof u));
        }
        cell(&t, g_string_free(g, FALSE));
        cell(&t, g_strdup(sv_decimal_format(sv_style_units(s), 0, true, u, sizeof u)));
        if (s->target_fob >= 0) {
            money(d, s->target_fob, m, sizeof m);
            cell(&t, g_strdup(m));
        } else if (s->target.amount >= 0 && s->target.currency) {
            char a[48];
            sv_decimal_format(s->target.amount, s->target.currency->exponent, true, a, sizeof a);
            cell(&t, g_strdup_printf("%s %s %s", a, s->target.currency->code,
                                     s->target.incoterm != SV_INCOTERM_UNSET
                                         ? sv_incoterm_name(s->target.incoterm)
                                         : ""));
        } else {
            cell(&t, g_strdup("to quote"));
        }
        cell(&t, g_strdup(sv_brief_techpack_text(&s->tech_pack, tp, sizeof tp)));
    }
    table_done(d, &t);
}

/* The milestone of this kind of a style: its first (or last) one; NULL. */
static const sv_milestone *ms_of(const sv_plan *pl, const char *style, const char *kind, bool last)
{
    const sv_milestone *found = NULL;
    for (size_t i = 0; i < pl->n; i++) {
        const sv_milestone *m = &pl->ms[i];
        if (strcmp(m->kind, kind) != 0)
            continue;
        if ((style == NULL) != (m->style == NULL) || (style && strcmp(style, m->style) != 0))
            continue;
        if (!last)
            return m;
        found = m;
    }
    return found;
}

static char *ms_day(const sv_milestone *m, bool end)
{
    char b[16];
    if (!m)
        return g_strdup("-");
    day_text(end ? last_day(m) : m->start, b, sizeof b);
    return g_strdup(b);
}

/* The fewest rows of the Gantt a page starts with: fewer, and the chart goes to the next page */
#define GANTT_MIN_ROWS 6
/* The width the Gantt is drawn at, in points, before it is scaled to the page's */
#define GANTT_W 620.0
/* The full Gantt up to this many pages of height (about three styles: the ready example's
 * three keep theirs); a taller one gives way to the summary */
#define GANTT_FULL_PAGES 2.0

/* The time-and-action chart: the caller's (sv_brief_options.chart) in a box, or the Gantt of
 * the plan (lib/report/chart.c) at its natural row height, the page's width, continued on the
 * next page in slices of rows (each slice with the chart's title, axis and legend, and a
 * caption saying which rows it holds) when it does not fit. */
static void chart_box(doc *d)
{
    double x = d->left, w = d->right - d->left;
    const sv_plan *pl = d->o->plan;
    if (d->o->chart) {
        need(d, CHART_H + 8);
        cairo_save(d->cr);
        d->o->chart(d->cr, x, d->y, w, CHART_H, pl, d->o->chart_arg);
        cairo_restore(d->cr);
        d->y += CHART_H + 8;
        return;
    }
    /* drawn GANTT_W wide and scaled to the page: the month labels and the plan's line fit */
    double sc = w < GANTT_W ? w / GANTT_W : 1, cw = w / sc;
    /* the full chart when it fits on about a page; else a row a style, its phases as bars,
     * and where the full calendar is */
    bool summary = sc * sv_chart_gantt_height(pl, NULL) > GANTT_FULL_PAGES * (d->bottom - d->top);
    size_t n = summary ? sv_chart_gantt_summary_rows(pl) : sv_chart_gantt_rows(pl);
    if (!n)
        return;
    /* a row's height and what a slice adds to its rows (title, axis, legend) */
    double h1 = sc * sv_chart_gantt_height(pl, &(sv_chart_gantt_opts){0, 1, summary});
    double row =
        n > 1 ? sc * sv_chart_gantt_height(pl, &(sv_chart_gantt_opts){0, 2, summary}) - h1 : h1;
    double over = h1 - row;
    if (summary) {
        char note[200];
        snprintf(note, sizeof note,
                 "A row a style: its development, fabric and production (%zu milestones in "
                 "all). The full calendar: selvedge plan --format svg",
                 pl->n);
        PangoLayout *l = lay(d, note, SZ_SMALL, false, w, 2);
        double nh = lay_h(l) + 3;
        /* the whole summary on one page when a page holds it */
        double all = nh + lay_h(l) + over + (double)n * row;
        if (all <= d->bottom - d->top)
            need(d, all);
        else
            need(d, nh + over + GANTT_MIN_ROWS * row);
        lay_show(d, l, x, d->y, 0.25);
        g_object_unref(l);
        d->y += nh;
    }
    size_t first = 0;
    while (first < n) {
        char cap[160];
        const char *what = summary ? "Time-and-action summary" : "Time-and-action chart";
        snprintf(cap, sizeof cap, "%s%s", what, first ? " (continued)" : "");
        PangoLayout *l = lay(d, cap, SZ_SMALL + 1, true, w, 1);
        double caph = lay_h(l) + 3;
        size_t left = n - first, want = left < GANTT_MIN_ROWS ? left : GANTT_MIN_ROWS;
        need(d, caph + over + (double)want * row);
        double avail = d->bottom - d->y - caph - over;
        size_t k = avail > 0 ? (size_t)(avail / row) : 0;
        if (k > left)
            k = left;
        if (k == 0) { /* a page too short for even a row: never drawn off it */
            g_object_unref(l);
            page_break(d);
            continue;
        }
        if (k < left) { /* a style's heading is not left with a few of its rows at the foot
                         * of a page: the slice ends before it when it is in the last quarter */
            for (size_t j = k; j > k - k / 4; j--) {
                bool head = false;
                if (!summary && sv_chart_gantt_row(pl, first + j, &head) >= 0 && head) {
                    k = j;
                    break;
                }
            }
        }
        if (first) { /* the caption names the rows of this slice, and the style they go on
                      * with when the slice starts inside one */
            bool head = false;
            long m = summary ? -1 : sv_chart_gantt_row(pl, first, &head);
            const sv_milestone *ms = m >= 0 && !head ? &pl->ms[m] : NULL;
            snprintf(cap, sizeof cap, "%s (continued): rows %zu to %zu of %zu%s%s", what, first + 1,
                     first + k, n, ms && ms->style ? ", " : "", ms && ms->style ? ms->style : "");
        } else if (k < left) {
            snprintf(cap, sizeof cap, "%s: rows 1 to %zu of %zu (continued on the next page)", what,
                     k, n);
        }
        pango_layout_set_text(l, cap, -1);
        lay_show(d, l, x, d->y, 0.25);
        g_object_unref(l);
        d->y += caph;
        double h = over + (double)k * row;
        cairo_save(d->cr);
        cairo_translate(d->cr, x, d->y);
        cairo_scale(d->cr, sc, sc);
        sv_err e;
        sv_err_clear(&e);
        sv_chart_gantt(d->cr, cw, h / sc, d->p, pl, &(sv_chart_gantt_opts){first, k, summary}, NULL,
                       &e);
        cairo_restore(d->cr);
        d->y += h + 8;
        first += k;
        if (first < n)
            page_break(d);
    }
}

static void timeline_section(doc *d)
{
    const sv_program *p = d->p;
    const sv_plan *pl = d->o->plan;
    char a[16], b[16], buf[512];
    heading(d, "Timeline");
    if (p->has_launch_date) {
        sv_date_format(p->launch_date, a, sizeof a);
        kv(d, "Launch (in the warehouse)", a);
    } else {
        kv(d, "Launch", "no date set yet");
    }
    if (p->n_deliveries > 1) {
        GString *g = g_string_new(NULL);
        for (size_t i = 0; i < p->n_deliveries; i++) {
            sv_date_format(p->deliveries[i].date, a, sizeof a);
            char u[32];
            g_string_append_printf(g, "%s%s: %s units", i ? "; " : "", a,
                                   sv_decimal_format(p->deliveries[i].units, 0, true, u, sizeof u));
        }
        kv(d, "Deliveries", g->str);
        g_string_free(g, TRUE);
    }
    if (!pl)
        return;
    /* the ex-factory dates the launch needs: the latest each shipment may leave */
    GString *g = g_string_new(NULL);
    for (size_t i = 0; i < pl->n; i++) {
        const sv_milestone *m = &pl->ms[i];
        if (strcmp(m->kind, "ex_factory") != 0)
            continue;
        day_text(m->latest_start, a, sizeof a);
        day_text(m->start, b, sizeof b);
        g_string_append_printf(g, "%s%s%s%s (earliest %s)", g->len ? "; " : "", a,
                               m->origin[0] ? " from " : "", m->origin, b);
    }
    if (g->len && pl->has_launch)
        kv(d, "Ex-factory needed by", g->str);
    else if (g->len)
        kv(d, "Ex-factory at the earliest", g->str);
    g_string_free(g, TRUE);
    /* each origin's lane: a style made elsewhere than the plan's origin ships from there */
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < pl->n_origins && used < sizeof buf; i++) {
        const sv_plan_origin *po = &pl->origins[i];
        used += (size_t)snprintf(buf + used, sizeof buf - used,
                                 "%smade in %s, %s freight to %s, %d days door to door",
                                 i ? "; " : "", po->country, sv_mode_name(po->lane_mode),
                                 p->destination, po->transit_door_to_door);
    }
    if (!pl->n_origins)
        snprintf(buf, sizeof buf, "made in %s, %s freight to %s, %d days door to door", pl->origin,
                 sv_mode_name(pl->lane_mode), p->destination, pl->transit_door_to_door);
    kv(d, "Shipping", buf);
    chart_box(d);

    static const tcol cols[] = {{"Style", 44, false},           {"Tech pack final", 44, false},
                                {"Proto sample", 44, false},    {"Fit approved", 44, false},
                                {"PP approval", 44, false},     {"Bulk production", 70, false},
                                {"Final inspection", 44, false}};
    table t = table_new("Key dates by style", cols, sizeof cols / sizeof cols[0], false);
    t.caption = "Key dates by style (the last day of each, at the earliest):";
    for (size_t i = 0; i < p->n_styles; i++) {
        const char *code = p->styles[i].code;
        cell(&t, g_strdup(code));
        cell(&t, ms_day(ms_of(pl, code, "tech_pack", false), true));
        cell(&t, ms_day(ms_of(pl, code, "proto", false), true));
        cell(&t, ms_day(ms_of(pl, code, "fit_approval", true), true));
        cell(&t, ms_day(ms_of(pl, code, "pp_approval", true), true));
        const sv_milestone *p0 = ms_of(pl, code, "production", false),
                           *p1 = ms_of(pl, code, "production", true);
        if (p0 && p1) {
            day_text(p0->start, a, sizeof a);
            day_text(last_day(p1), b, sizeof b);
            cell(&t, g_strdup_printf("%s to %s", a, b));
        } else {
            cell(&t, g_strdup("-"));
        }
        cell(&t, ms_day(ms_of(pl, code, "final_inspection", true), true));
    }
    table_done(d, &t);

    static const tcol scols[] = {{"Milestone", 90, false},
                                 {"Owner", 36, false},
                                 {"Start", 44, false},
                                 {"End", 44, false},
                                 {"Latest end", 44, false}};
    table s = table_new("The shipment", scols, 5, false);
    s.caption = "The shipment:";
    for (size_t i = 0; i < pl->n; i++) {
        const sv_milestone *m = &pl->ms[i];
        if (m->style)
            continue;
        cell(&s, g_strdup(m->name));
        cell(&s, g_strdup(sv_owner_name(m->owner)));
        cell(&s, ms_day(m, false));
        cell(&s, ms_day(m, true));
        day_text(m->latest_end > m->latest_start ? m->latest_end - 1 : m->latest_start, a,
                 sizeof a);
        cell(&s, g_strdup(pl->has_launch ? a : "-"));
    }
    table_done(d, &s);
}

static void terms_section(doc *d)
{
    const sv_brand *b = &d->p->brand;
    char buf[256], m[64];
    heading(d, "Sampling and payment");
    if (b->sampling_budget >= 0) {
        money(d, b->sampling_budget, m, sizeof m);
        kv(d, "Sampling budget", m);
    } else {
        kv(d, "Sampling budget", "not stated");
    }
    kv(d, "Payment terms offered", sv_brief_terms_text(b, buf, sizeof buf));
}

static void growth_section(doc *d)
{
    const sv_program *p = d->p;
    const sv_brand *b = &p->brand;
    heading(d, "Growth plan");
    if (!b->n_growth) {
        para(d, "No plan beyond this program is stated.", SZ_BODY, false, 0.1);
        return;
    }
    static const tcol cols[] = {
        {"Season", 60, false}, {"Units", 50, true}, {"Against this order", 60, true}};
    table t = table_new("Growth plan", cols, 3, false);
    int64_t now = sv_program_units(p);
    char u[32];
    cell(&t, g_strdup(p->name ? p->name : "this program"));
    cell(&t, g_strdup(sv_decimal_format(now, 0, true, u, sizeof u)));
    cell(&t, g_strdup("1.00x"));
    for (size_t i = 0; i < b->n_growth; i++) {
        cell(&t, g_strdup(b->growth[i].season));
        cell(&t, g_strdup(sv_decimal_format(b->growth[i].units, 0, true, u, sizeof u)));
        cell(&t, now > 0 ? g_strdup_printf(
                               "%sx", sv_decimal_format(sv_muldiv(b->growth[i].units, 100, now), 2,
                                                        false, u, sizeof u))
                         : g_strdup("-"));
    }
    table_done(d, &t);
}

static void asks_section(doc *d)
{
    const sv_program *p = d->p;
    char a[16], b[16], m[64], terms[256];
    heading(d, "What we ask of you");
    bullet(d, "A quote per style: your FOB price at the units planned, and your minimums per "
              "style and per colour.");
    if (p->brand.sampling_budget >= 0) {
        money(d, p->brand.sampling_budget, m, sizeof m);
        char *t = g_strdup_printf("Your sample fees and lead times for proto, fit, size set and "
                                  "PP samples; our sampling budget is %s.",
                                  m);
        bullet(d, t);
        g_free(t);
    } else {
        bullet(d, "Your sample fees and lead times for proto, fit, size set and PP samples.");
    }
    /* the first shipment that must leave: the earliest of the ex-factory dates needed */
    const sv_milestone *ex = NULL;
    for (size_t i = 0; d->o->plan && i < d->o->plan->n; i++) {
        const sv_milestone *x = &d->o->plan->ms[i];
        if (!x->style && strcmp(x->kind, "ex_factory") == 0 &&
            (!ex || x->latest_start < ex->latest_start))
            ex = x;
    }
    if (ex && d->o->plan->has_launch && p->has_launch_date) {
        day_text(ex->latest_start, a, sizeof a);
        sv_date_format(p->launch_date, b, sizeof b);
        char *t = g_strdup_printf("Your production lead time, and whether the goods can leave "
                                  "your factory by %s for our launch on %s.",
                                  a, b);
        bullet(d, t);
        g_free(t);
    } else {
        bullet(d, "Your production lead time from PP approval to ex-factory.");
    }
    if (p->n_certifications) {
        GString *g = g_string_new("Your certificates for: ");
        for (size_t i = 0; i < p->n_certifications; i++)
            g_string_append_printf(g, "%s%s", i ? "; " : "", p->certifications[i]);
        g_string_append(g, ".");
        bullet(d, g->str);
        g_string_free(g, TRUE);
    }
    char *t = g_strdup_printf("Your payment terms, where they differ from ours (%s).",
                              sv_brief_terms_text(&p->brand, terms, sizeof terms));
    bullet(d, t);
    g_free(t);
    if (p->brand.n_growth)
        bullet(d, "Whether you have the capacity to grow with us, as the growth plan says.");
}

static void contact_section(doc *d)
{
    const sv_brand *b = &d->p->brand;
    heading(d, "Contact");
    kv(d, "Brand", b->name);
    if (b->contact.name)
        kv(d, "Name", b->contact.name);
    if (b->contact.email)
        kv(d, "Email", b->contact.email);
    if (b->contact.phone)
        kv(d, "Phone", b->contact.phone);
    if (!b->contact.name && !b->contact.email && !b->contact.phone)
        para(d, "Reply to the sender of this brief.", SZ_BODY, false, 0.1);
}

static void draw(doc *d)
{
    page_begin(d);
    cover(d);
    brand_section(d);
    order_section(d);
    range_section(d);
    timeline_section(d);
    terms_section(d);
    growth_section(d);
    asks_section(d);
    contact_section(d);
    footer(d);
}

/* One pass: the whole document onto a PDF surface writing to s. The pages it took, or -1
 * with e set. */
static int render(sink *s, PangoFontMap *fm, const sv_program *p, const sv_brief_options *o,
                  int total, sv_err *e)
{
    double pw, ph;
    sv_brief_paper_size(o->paper, &pw, &ph);
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(sink_write, s, pw, ph);
    cairo_t *cr = cairo_create(surf);
    PangoContext *pc = pango_font_map_create_context(fm);
    pango_cairo_update_context(cr, pc);
    doc d = {.cr = cr,
             .pc = pc,
             .p = p,
             .o = o,
             .exp = p->brand.currency ? p->brand.currency->exponent : 2,
             .cur = p->brand.currency ? p->brand.currency->code : "",
             .pw = pw,
             .ph = ph,
             .left = MARGIN,
             .right = pw - MARGIN,
             .top = MARGIN,
             .bottom = ph - MARGIN - FOOT,
             .total = total};
    if (cairo_status(cr) == CAIRO_STATUS_SUCCESS) {
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, p->name ? p->name : "");
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR,
                                       p->brand.name ? p->brand.name : "");
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "selvedge");
        draw(&d);
    }
    cairo_status_t st = cairo_status(cr);
    g_object_unref(pc);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (s->err || st == CAIRO_STATUS_WRITE_ERROR) {
        sv_err_set(e, SV_ERR_IO, "cannot write the brief: %s",
                   s->err > 0 ? strerror(s->err) : "write error");
        return -1;
    }
    if (st == CAIRO_STATUS_NO_MEMORY) {
        sv_err_set(e, SV_ERR_NOMEM, "cannot make the brief: out of memory");
        return -1;
    }
    if (st != CAIRO_STATUS_SUCCESS) {
        sv_err_set(e, SV_ERR_IO, "cannot make the brief: %s", cairo_status_to_string(st));
        return -1;
    }
    return d.page;
}

sv_code sv_brief_write_pdf(FILE *out, const sv_program *p, const sv_brief_options *o, sv_err *e)
{
    /* a font map of its own, not pango's process-wide one: what it loads is let go when the
     * brief is written */
    PangoFontMap *fm = pango_cairo_font_map_new();
    /* the charts (lib/report/chart.c) lay out their text on the thread's default font map:
     * the brief's own for the time it is drawn, so that what they load goes with it too */
    pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(fm));
    sink count = {.out = NULL};
    int pages = render(&count, fm, p, o, 0, e);
    sink real = {.out = out};
    if (pages >= 0)
        pages = render(&real, fm, p, o, pages, e);
    pango_cairo_font_map_set_default(NULL);
    g_object_unref(fm);
    return pages < 0 ? e->code : SV_OK;
}
