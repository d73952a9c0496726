#include "selvedge/report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "selvedge/term.h"
#include "selvedge/utf8.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_YELLOW "\033[33m"
#define C_GREEN "\033[32m"
#define C_DIM "\033[2m"

static const char *col(const sv_text_opts *o, const char *code)
{
    return o && o->color ? code : "";
}

static int width_of(const sv_text_opts *o)
{
    return o && o->width >= 40 ? o->width : 80;
}

void sv_report_wrap(FILE *out, const char *text, int first, int indent, int width)
{
    fprintf(out, "%*s", first, "");
    sv_report_wrap_from(out, text, first, indent, width);
}

void sv_report_title(FILE *out, const sv_program *p, bool color, int width)
{
    size_t n = strlen(p->brand.name ? p->brand.name : "") + strlen(p->name ? p->name : "") + 4;
    char *t = malloc(n);
    if (color)
        fputs(C_BOLD, out);
    if (t) {
        snprintf(t, n, "%s - %s", p->brand.name ? p->brand.name : "", p->name ? p->name : "");
        /* wrapped without its last newline, so the bold ends before it */
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        if (m) {
            sv_report_wrap(m, t, 0, 2, width > 0 ? width : 80);
            fclose(m);
            if (len && buf[len - 1] == '\n')
                buf[--len] = '\0';
            fputs(buf, out);
        }
        free(buf);
        free(t);
    }
    fputs(color ? C_RESET "\n" : "\n", out);
}

/* Whether the word needs no escape: printable ASCII only (the common case, written as it
 * is, a column a byte). */
static bool plain_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7E)
            return false;
    return true;
}

/* One character of a word as the terminal is shown it: the character itself, in the columns
 * it takes (two for a wide one, none for a combining mark), or, for one a terminal acts on
 * or a byte that is not UTF-8, its escape (selvedge/term.h), a column a byte of it. The
 * bytes to write into *out and *len (in the word, or in esc); returns the bytes of the word
 * it takes. */
static size_t shown_char(const char *p, size_t left, char esc[24], const char **out, size_t *len,
                         int *cols)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)left, &cp);
    if (n > 0 && !sv_utf8_is_control((uint32_t)cp)) {
        int w = utf8proc_charwidth(cp);
        *out = p;
        *len = (size_t)n;
        *cols = w > 0 ? w : 0;
        return (size_t)n;
    }
    size_t take = n > 0 ? (size_t)n : 1;
    char one[8] = {0};
    memcpy(one, p, take);
    sv_term_safe(one, esc, 24);
    *out = esc;
    *len = strlen(esc);
    *cols = (int)*len;
    return take;
}

/* The columns the n bytes of a word take once shown. */
static int word_columns(const char *w, size_t n)
{
    if (plain_ascii(w, n))
        return (int)n;
    int cols = 0;
    for (size_t i = 0; i < n;) {
        char esc[24];
        const char *out;
        size_t len;
        int c;
        i += shown_char(w + i, n - i, esc, &out, &len, &c);
        cols += c;
    }
    return cols;
}

void sv_report_wrap_from(FILE *out, const char *text, int pos, int indent, int width)
{
    const char *p = text;
    int begin = pos; /* where the text of this line begins */
    bool empty = true;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t wl = strcspn(p, " ");
        /* measured as the terminal will show it: wide characters take two columns, a control
         * character (from a name in a YAML escape or an imported CSV) its escape's */
        int cols = word_columns(p, wl);
        if (!empty && pos + 1 + cols > width) {
            fprintf(out, "\n%*s", indent, "");
            pos = begin = indent;
            empty = true;
        }
        if (!empty) {
            fputc(' ', out);
            pos++;
        }
        if (pos + cols <= width && plain_ascii(p, wl)) {
            fwrite(p, 1, wl, out);
            pos += cols;
        } else {
            /* character by character: escapes as shown, and a word wider than a whole line
             * (a web address, an address in a script written without spaces) cut where the
             * line ends, never inside a character or an escape */
            for (size_t i = 0; i < wl;) {
                char esc[24];
                const char *bytes;
                size_t len;
                int c;
                i += shown_char(p + i, wl - i, esc, &bytes, &len, &c);
                if (pos + c > width && pos > begin) {
                    fprintf(out, "\n%*s", indent, "");
                    pos = begin = indent;
                }
                fwrite(bytes, 1, len, out);
                pos += c;
            }
        }
        p += wl;
        empty = false;
    }
    fputc('\n', out);
}

/* Text from the program or the reference data, anywhere it is not wrapped: escaped for a
 * terminal (selvedge/term.h). */
static void put(FILE *out, const char *s)
{
    sv_term_puts(s ? s : "", out);
}

static void bar(FILE *out, int value, const sv_text_opts *o)
{
    int n = (value + 5) / 10;
    const char *c = value >= 80 ? C_GREEN : value >= 50 ? C_YELLOW : C_RED;
    fprintf(out, "%s", col(o, c));
    for (int i = 0; i < 10; i++)
        fputc(i < n ? '#' : '.', out);
    fprintf(out, "%s", col(o, C_RESET));
}

static const char *verdict_text(sv_verdict v)
{
    switch (v) {
    case SV_VERDICT_READY:
        return "READY";
    case SV_VERDICT_NEARLY:
        return "NEARLY READY";
    default:
        return "NOT READY";
    }
}

void sv_report_readiness(FILE *out, const sv_program *p, const sv_readiness *r,
                         const sv_text_opts *o)
{
    int w = width_of(o);
    const char *vc = r->verdict == SV_VERDICT_READY    ? C_GREEN
                     : r->verdict == SV_VERDICT_NEARLY ? C_YELLOW
                                                       : C_RED;
    sv_report_title(out, p, o->color, o->width);
    char launch[16] = "";
    if (p->has_launch_date)
        sv_date_format(p->launch_date, launch, sizeof launch);
    fprintf(out, "%zu style%s, %lld units, to ", p->n_styles, p->n_styles == 1 ? "" : "s",
            (long long)sv_program_units(p));
    put(out, p->destination);
    fprintf(out, "%s%s\n", launch[0] ? " by " : "", launch);
    fprintf(out, "\nReadiness %s%d/100  %s%s", col(o, C_BOLD), r->score, col(o, vc),
            verdict_text(r->verdict));
    fprintf(out, "%s   (%d blocker%s, %d warning%s, %d note%s)\n\n", col(o, C_RESET),
            r->counts[SV_SEV_BLOCKER], r->counts[SV_SEV_BLOCKER] == 1 ? "" : "s",
            r->counts[SV_SEV_WARNING], r->counts[SV_SEV_WARNING] == 1 ? "" : "s",
            r->counts[SV_SEV_INFO], r->counts[SV_SEV_INFO] == 1 ? "" : "s");
    for (int a = 0; a < SV_AREA__COUNT; a++) {
        fprintf(out, "  %-14s %3d  ", sv_area_name((sv_area)a), r->areas[a]);
        bar(out, r->areas[a], o);
        fputc('\n', out);
    }
    for (size_t i = 0; i < r->n_findings; i++) {
        const sv_finding *f = &r->findings[i];
        const char *sc = f->severity == SV_SEV_BLOCKER   ? C_RED
                         : f->severity == SV_SEV_WARNING ? C_YELLOW
                                                         : C_DIM;
        const char *label = f->severity == SV_SEV_BLOCKER   ? "BLOCKER"
                            : f->severity == SV_SEV_WARNING ? "WARNING"
                                                            : "NOTE   ";
        fprintf(out, "\n%s%s%s %s%s", col(o, sc), col(o, C_BOLD), label, f->code, col(o, C_RESET));
        if (f->style) {
            fputs("  [", out);
            put(out, f->style);
            fputc(']', out);
        } else if (f->n_parts) {
            fprintf(out, "  [%zu styles]", f->n_parts);
        }
        fputc('\n', out);
        sv_report_wrap(out, f->message, 2, 2, w);
        char fixbuf[560];
        snprintf(fixbuf, sizeof fixbuf, "Fix: %s", f->fix);
        sv_report_wrap(out, fixbuf, 2, 7, w);
    }
    fputc('\n', out);
    if (r->counts[SV_SEV_BLOCKER])
        sv_report_wrap(out,
                       "Next: fix the blockers first - each one alone can stop a factory from "
                       "answering - then run selvedge check again. `--json` gives every finding "
                       "with its numbers.",
                       0, 6, w);
    else if (r->verdict == SV_VERDICT_NEARLY)
        sv_report_wrap(out,
                       "Next: clear the warnings you can, then run `selvedge cost` to check "
                       "the numbers style by style.",
                       0, 6, w);
    else
        sv_report_wrap(out,
                       "Next: this program is ready to send to factories. Run `selvedge cost` "
                       "for the cost sheets you will negotiate from.",
                       0, 6, w);
}

static void money(char *buf, size_t n, sv_minor v, int exp)
{
    sv_decimal_format(v, exp, true, buf, n);
}

/* What the MFN rate assumed, said: the fibre when the composition names none (or one without a
 * rate of its own), and how an unclear gender was read. */
static void cost_duty_notes(FILE *out, const sv_style_cost *s, int width)
{
    char note[400], b[32], m[32];
    if (s->duty_scheme)
        return;
    sv_decimal_format(s->duty_bp, 2, false, b, sizeof b);
    sv_decimal_format(s->fiber_max_bp, 2, false, m, sizeof m);
    const char *of = s->fiber_rate_of >= 0 ? sv_fiber_name((sv_fiber)s->fiber_rate_of) : NULL;
    if (s->fiber_unknown && s->fiber_assumed)
        snprintf(note, sizeof note,
                 "fibre unknown: %s rate assumed (%s%%); another fibre could pay up to %s%%: "
                 "give the composition",
                 of ? of : "the general", b, m);
    else if (s->fiber_unknown)
        snprintf(note, sizeof note, "fibre unknown: the rate is the same for every fibre here");
    else if (s->fiber_assumed)
        snprintf(note, sizeof note,
                 "no rate on file for this fibre: %s rate assumed (%s%%), others up to %s%%",
                 of ? of : "the general", b, m);
    else
        note[0] = '\0';
    if (note[0])
        sv_report_wrap(out, note, 6, 8, width);
    if (s->gender_note)
        sv_report_wrap(out, s->gender_note, 6, 8, width);
}

/* "applied: Section 301 List 4A (China), +7.50%, from 2020-02-14: in force since..." */
static void cost_extra_line(const sv_extra_line *l, const sv_cost_report *r, char *buf, size_t n)
{
    const sv_extra_duty *x = l->row;
    char rate[32] = "", from[16] = "", until[16] = "", entry[16] = "", days[48] = "";
    if (x->kind != SV_EXTRA_WATCH) {
        char d[24];
        sv_decimal_format(x->rate_bp, 2, false, d, sizeof d);
        if (x->topup)
            snprintf(rate, sizeof rate, ", to %s%% all in", d);
        else
            snprintf(rate, sizeof rate, ", +%s%%", d);
    }
    if (x->from)
        sv_day_format(x->from, from, sizeof from);
    if (x->until)
        sv_day_format(x->until, until, sizeof until);
    if (x->from && x->until)
        snprintf(days, sizeof days, ", %s to %s", from, until);
    else if (x->from)
        snprintf(days, sizeof days, ", from %s", from);
    else if (x->until)
        snprintf(days, sizeof days, ", to %s", until);
    if (r->entry_day)
        sv_day_format(r->entry_day, entry, sizeof entry);
    const char *what = l->status == SV_EXTRA_APPLIED ? "applied"
                       : x->kind == SV_EXTRA_WATCH   ? "watch"
                                                     : "not applied";
    char why[160] = "";
    switch (l->status) {
    case SV_EXTRA_ENDED:
        snprintf(why, sizeof why, "ended before the goods enter (%s); ", entry);
        break;
    case SV_EXTRA_NOT_YET:
        snprintf(why, sizeof why, "starts after the goods enter (%s); ", entry);
        break;
    case SV_EXTRA_SWITCHED_OFF:
        snprintf(why, sizeof why, "switched off (--us-surcharges=off); ");
        break;
    case SV_EXTRA_PREFERENCE:
        snprintf(why, sizeof why, "not charged on goods entered under the lane's preference; ");
        break;
    case SV_EXTRA_UNDATED:
        snprintf(why, sizeof why, "dated, and no entry day to read it for; ");
        break;
    default:
        break;
    }
    snprintf(buf, n, "%s: %s%s%s: %s%s", what, x->name, rate, days, why, x->status);
}

/* What the destination calls its sales tax. */
static const char *tax_name(const char *dest)
{
    return strcmp(dest, "AU") == 0 ? "GST" : strcmp(dest, "JP") == 0 ? "consumption tax" : "VAT";
}

/* A percentage in basis points without trailing zeros: "20", "25.5", "0.3464" (scale 4). */
static const char *pct_text(int64_t v, int scale, char *buf, size_t n)
{
    sv_decimal_format(v, scale, false, buf, n);
    if (strchr(buf, '.')) {
        char *e = buf + strlen(buf) - 1;
        while (*e == '0')
            *e-- = '\0';
        if (*e == '.')
            *e = '\0';
    }
    return buf;
}

/* The basis of the margins: the shelf prices' sales tax, said once for the report. */
static void cost_price_basis(FILE *out, const sv_cost_report *r, int width)
{
    const sv_vat *v = r->vat, *child = NULL;
    for (size_t i = 0; i < r->n_styles; i++)
        if (r->styles[i].ok && r->styles[i].vat && r->styles[i].vat->children && !child)
            child = r->styles[i].vat;
    char line[400], a[24], b[24];
    const char *tax = tax_name(r->destination);
    if (!v) {
        snprintf(line, sizeof line,
                 "Prices: no sales-tax rule on file for %s (vat.tsv): retail prices are taken as "
                 "they are, as if net.",
                 r->destination);
    } else if (!v->in_shelf_price) {
        snprintf(line, sizeof line,
                 "Prices: %s shelf prices exclude sales tax (added at the till): margins are on "
                 "the retail price as given.",
                 r->destination);
    } else {
        char kids[120] = "";
        if (child && child->rate_bp != v->rate_bp)
            snprintf(kids, sizeof kids, "; children's clothing %s%%, taken for the kids' styles",
                     pct_text(child->rate_bp, 2, b, sizeof b));
        snprintf(line, sizeof line,
                 "Prices: %s shelf prices include %s (%s%%%s%s): margins are on the retail price "
                 "net of it, and wholesale is worked back from the net price.",
                 r->destination, tax, pct_text(v->rate_bp, 2, a, sizeof a), kids,
                 strcmp(v->destination, "EU") == 0 ? ", assumed: name a member state for its own"
                                                   : "");
    }
    sv_report_wrap(out, line, 0, 0, width);
}

void sv_report_cost(FILE *out, const sv_program *p, const sv_cost_report *r,
                    const sv_text_opts *o)
{
    int exp = r->currency->exponent;
    char a[48], b[48], c[48], d[48];
    sv_report_title(out, p, o->color, o->width);
    char head[300], transit[40] = "";
    if (r->transit_days_high)
        snprintf(transit, sizeof transit, " (%d-%d days)", r->transit_days_low,
                 r->transit_days_high);
    snprintf(head, sizeof head, "Costs in %s, made in %s%s, shipped by %s to %s%s.",
             r->currency->code, r->origin,
             r->origin_assumed ? " (assumed: the program names no origin; try --origin)" : "",
             sv_mode_name(r->mode), r->destination, transit);
    sv_report_wrap(out, head, 0, 0, width_of(o));
    if (r->freight_minimum) {
        char kg[32], mk[32];
        snprintf(head, sizeof head,
                 "Freight: the program ships %s kg, under the %s lane's minimum of %s kg a "
                 "shipment; it is charged as %s kg, so freight per unit is %s times the per-kg "
                 "rate.",
                 sv_decimal_format(sv_muldiv(r->shipment_g, 1, 1000), 0, true, kg, sizeof kg),
                 sv_mode_name(r->mode),
                 sv_decimal_format(sv_muldiv(r->freight_min_g, 1, 1000), 0, true, mk, sizeof mk),
                 mk,
                 sv_decimal_format(sv_muldiv(r->chargeable_g, 100, r->shipment_g), 2, false, a,
                                   sizeof a));
        sv_report_wrap(out, head, 0, 0, width_of(o));
    }
    if (r->fx && strcmp(r->currency->code, "USD") != 0) {
        char rate[32];
        snprintf(head, sizeof head,
                 "Exchange rate: 1 %s = %s USD (fx.tsv, as of %s); the reference figures in USD "
                 "are converted at it.",
                 r->currency->code, pct_text(r->fx->usd_per_unit_micro, 6, rate, sizeof rate),
                 r->fx->as_of);
        sv_report_wrap(out, head, 0, 0, width_of(o));
    }
    cost_price_basis(out, r, width_of(o));
    if (r->entry_day) {
        char day[16];
        sv_day_format(r->entry_day, day, sizeof day);
        snprintf(head, sizeof head, "Duty rules as in force on %s (%s).", day, r->entry_basis);
        sv_report_wrap(out, head, 0, 0, width_of(o));
    }
    if (r->valuation_assumed) {
        snprintf(head, sizeof head,
                 "Customs value: no rule on file for %s (customs_valuation.tsv); duty is charged "
                 "on CIF, as most countries do.",
                 r->destination);
        sv_report_wrap(out, head, 0, 0, width_of(o));
    }
    if (r->pending) {
        char rate[32];
        pct_text(r->pending->rate_bp, 2, rate, sizeof rate);
        snprintf(head, sizeof head,
                 r->pending_applied
                     ? "Applied as asked (--with-pending): %s, %s%%, signed but not in force."
                     : "Not applied: %s would make this lane %s%% once in force; run with "
                       "--with-pending to see it.",
                 r->pending->scheme, rate);
        sv_report_wrap(out, head, 0, 0, width_of(o));
    }
    if (r->n_extra) {
        snprintf(head, sizeof head,
                 "Additional duties on file for goods of %s into %s (additional_duties.tsv; "
                 "later changes are not on file):",
                 r->origin, r->destination);
        sv_report_wrap(out, head, 0, 0, width_of(o));
        for (int k = 0; k < r->n_extra; k++) {
            char line[900];
            cost_extra_line(&r->extra[k], r, line, sizeof line);
            sv_report_wrap(out, line, 2, 4, width_of(o));
        }
        sv_report_wrap(out,
                       r->surcharges_off
                           ? "Surcharges left out as asked (--us-surcharges=off); duties stay."
                           : "Surcharges in force on the entry day are applied "
                             "(--us-surcharges=off leaves them out).",
                       2, 4, width_of(o));
    }
    for (int k = 0; k < r->n_fees; k++) {
        const sv_fee_line *l = &r->fees[k];
        char rate[32], lo[48] = "", hi[48] = "", ent[48];
        pct_text(l->row->rate_ppm, 4, rate, sizeof rate);
        if (l->row->min_usd >= 0 && l->row->max_usd >= 0) {
            sv_decimal_format(l->row->min_usd, 2, true, a, sizeof a);
            sv_decimal_format(l->row->max_usd, 2, true, b, sizeof b);
            snprintf(lo, sizeof lo, ", %s to %s USD an entry", a, b);
        }
        const char *modes = l->row->modes[SV_MODE_SEA] && l->row->modes[SV_MODE_AIR] ? ""
                            : l->row->modes[SV_MODE_SEA] ? ", by sea only"
                                                         : "";
        if (l->applied) {
            money(ent, sizeof ent, l->entry, exp);
            snprintf(hi, sizeof hi, ": %s %s an entry%s", ent, r->currency->code,
                     l->at_min   ? " (the minimum)"
                     : l->at_max ? " (the maximum)"
                                 : "");
        } else {
            snprintf(hi, sizeof hi, ": %s",
                     l->waived                 ? "waived for goods under the lane's preference"
                     : !l->row->modes[r->mode] ? "not on this mode"
                                               : "no entry");
        }
        snprintf(head, sizeof head, "Customs fee %s: %s%% of the entered value%s%s%s.",
                 l->row->name, rate, lo, modes, hi);
        sv_report_wrap(out, head, 0, 4, width_of(o));
    }
    for (size_t i = 0; i < r->n_styles; i++) {
        const sv_style_cost *s = &r->styles[i];
        const sv_style *st = s->style;
        fprintf(out, "\n%s", col(o, C_BOLD));
        put(out, st->code);
        fputs(col(o, C_RESET), out);
        if (st->name) {
            fputs("  ", out);
            put(out, st->name);
        }
        fprintf(out, "  (%lld units)\n", (long long)sv_style_units(st));
        if (strcmp(s->origin, r->origin) != 0)
            fprintf(out, "  Made in %s, its own origin: costed from there, sent by %s and entered "
                         "apart\n", s->origin, sv_mode_name(s->mode));
        if (!s->ok) {
            fprintf(out, "  not costed: the style has no category\n");
            continue;
        }
        fprintf(out, "  Cost sheet per unit%s\n",
                s->estimated ? " - ESTIMATE from reference data, not a quote" : " (yours)");
        const struct {
            const char *label;
            sv_minor v;
        } lines[] = {{s->sheet.yarn ? "yarn" : "fabric", s->sheet.fabric},       {"trims", s->sheet.trims},
                     {"cut, make, trim", s->sheet.cmt},  {"wash, print", s->sheet.wash_print},
                     {"packaging", s->sheet.packaging}, {"overhead", s->sheet.overhead},
                     {"factory margin", s->sheet.margin}};
        for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
            money(a, sizeof a, lines[k].v, exp);
            fprintf(out, "    %-24s %10s\n", lines[k].label, a);
        }
        if (s->sheet.basis != SV_INCOTERM_FOB) {
            /* the sheet's price on its own incoterm, and what reaching FOB takes */
            char pl[40];
            snprintf(pl, sizeof pl, "price (%s)", sv_incoterm_name(s->sheet.basis));
            money(a, sizeof a, s->sheet.quoted, exp);
            fprintf(out, "    %-24s %10s\n", pl, a);
            if (s->sheet.origin_charges) {
                money(a, sizeof a, s->sheet.origin_charges, exp);
                fprintf(out, "    %-24s %10s\n", "+ to port, export clr.", a);
            }
            if (s->sheet.in_price) {
                money(a, sizeof a, -s->sheet.in_price, exp);
                fprintf(out, "    %-24s %10s\n",
                        s->sheet.basis == SV_INCOTERM_DDP ? "- all below, in price"
                        : s->sheet.basis == SV_INCOTERM_CFR || s->sheet.basis == SV_INCOTERM_CPT
                            ? "- freight in price"
                            : "- freight, ins. in price",
                        a);
            }
        }
        money(a, sizeof a, s->sheet.fob, exp);
        fprintf(out, "    %-24s %10s", s->sheet.basis == SV_INCOTERM_FOB ? "FOB" : "FOB equivalent", a);
        if (st->target_fob > 0) {
            money(b, sizeof b, st->target_fob, exp);
            fprintf(out, "   target %s", b);
        }
        fputc('\n', out);
        /* the quantity the sheet is priced at, and the FOB everything below is on */
        if (s->fob_from_model) {
            char l[48];
            snprintf(l, sizeof l, "FOB at %lld units", (long long)s->fob_units);
            money(a, sizeof a, s->fob, exp);
            fprintf(out, "    %-24s %10s\n", l, a);
            sv_report_wrap(out,
                           s->estimated ? "(the estimate is a bulk price: at the units planned "
                                          "by the small-run model below)"
                                        : "(your sheet says it is a bulk price, basis: bulk: at "
                                          "the units planned by the small-run model below)",
                           4, 5, width_of(o));
        } else if (s->fob_units > 0) {
            char note[160];
            snprintf(note, sizeof note,
                     "(your sheet is the price for the %lld units planned, basis: order; say "
                     "basis: bulk if it is a bulk price)",
                     (long long)s->fob_units);
            sv_report_wrap(out, note, 4, 5, width_of(o));
        }
        fputs("  Landed at ", out);
        put(out, r->destination);
        if (!s->imported)
            fprintf(out, " (no customs border: no duty, no entry)\n");
        else
            fprintf(out, " (duty on the %s value%s)\n", sv_basis_name(r->valuation),
                    r->valuation == SV_BASIS_CIF ? ": goods, freight, insurance" : ": the goods");
        money(a, sizeof a, s->fob, exp);
        fprintf(out, "    %-24s %10s\n", s->fob_from_model ? "FOB at the units planned" : "FOB", a);
        money(a, sizeof a, s->freight, exp);
        fprintf(out, "    %-24s %10s\n", "freight", a);
        money(a, sizeof a, s->insurance, exp);
        fprintf(out, "    %-24s %10s\n", "insurance", a);
        char dl[80], note[400];
        sv_decimal_format(s->duty_bp, 2, false, b, sizeof b);
        snprintf(dl, sizeof dl, "duty %s%% of %s", b, sv_basis_name(r->valuation));
        money(a, sizeof a, s->duty, exp);
        fprintf(out, "    %-24s %10s\n", dl, a);
        /* what the duty stands on: the customs value, and the rate's rule */
        money(c, sizeof c, s->customs_value, exp);
        if (!s->imported) {
            snprintf(note, sizeof note, "(%s)", s->duty_scheme);
        } else if (s->duty_scheme) {
            snprintf(note, sizeof note, "(customs value %s; %s)", c, s->duty_scheme);
        } else {
            char line_of[40] = "";
            if (s->duty_gender)
                snprintf(line_of, sizeof line_of, ", %s line",
                         strcmp(s->duty_gender, "baby") == 0    ? "babies'"
                         : strcmp(s->duty_gender, "men") == 0   ? "men's"
                         : strcmp(s->duty_gender, "women") == 0 ? "women's"
                         : strcmp(s->duty_gender, "girls") == 0 ? "girls'"
                                                                : "boys'");
            snprintf(note, sizeof note, "(customs value %s; MFN rate, %s%s)", c,
                     s->fiber_unknown             ? "fibre unknown"
                     : s->fiber == SV_FIBER_OTHER ? "other fibre"
                                                  : sv_fiber_name(s->fiber),
                     line_of);
        }
        sv_report_wrap(out, note, 6, 6, width_of(o));
        cost_duty_notes(out, s, width_of(o));
        if (s->duty_caveat) {
            snprintf(note, sizeof note, "rule of origin: %s", s->duty_caveat);
            sv_report_wrap(out, note, 6, 8, width_of(o));
        }
        if (s->withdrawn) {
            snprintf(note, sizeof note, "%s: the MFN rate applies", s->withdrawn);
            sv_report_wrap(out, note, 6, 8, width_of(o));
        }
        for (int k = 0; k < r->n_extra; k++) {
            if (r->extra[k].status != SV_EXTRA_APPLIED)
                continue;
            sv_decimal_format(s->extra_bp[k], 2, false, b, sizeof b);
            snprintf(dl, sizeof dl, "additional +%s%%", b);
            money(a, sizeof a, s->extra[k], exp);
            fprintf(out, "    %-24s %10s\n", dl, a);
            snprintf(note, sizeof note, "(%s)", r->extra[k].row->name);
            sv_report_wrap(out, note, 6, 6, width_of(o));
        }
        if (s->extra_total) {
            int64_t all = s->duty_bp;
            for (int k = 0; k < r->n_extra; k++)
                all += s->extra_bp[k];
            sv_decimal_format(all, 2, false, b, sizeof b);
            snprintf(note, sizeof note, "(duty in all: %s%% of %s)", b,
                     sv_basis_name(r->valuation));
            sv_report_wrap(out, note, 6, 6, width_of(o));
        }
        if (s->fees_total) {
            char names[80] = "";
            for (int k = 0; k < r->n_fees; k++)
                if (r->fees[k].applied && s->fee[k])
                    snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                             names[0] ? ", " : "", r->fees[k].row->name);
            snprintf(dl, sizeof dl, "customs fees (%s)", names);
            money(a, sizeof a, s->fees_total, exp);
            fprintf(out, "    %-24s %10s\n", dl, a);
        }
        money(a, sizeof a, s->brokerage, exp);
        fprintf(out, "    %-24s %10s\n", "brokerage", a);
        if (s->commission) {
            sv_decimal_format(s->commission_bp, 2, false, b, sizeof b);
            snprintf(dl, sizeof dl, "agent commission %s%%", b);
            money(a, sizeof a, s->commission, exp);
            fprintf(out, "    %-24s %10s\n", dl, a);
            sv_report_wrap(out, "(of FOB; a buying commission is not in the customs value)", 6, 6,
                           width_of(o));
        }
        if (s->testing) {
            money(a, sizeof a, s->testing, exp);
            fprintf(out, "    %-24s %10s\n", "testing", a);
        }
        if (s->development) {
            money(a, sizeof a, s->development, exp);
            fprintf(out, "    %-24s %10s\n", "development", a);
        }
        if (s->testing || s->development)
            sv_report_wrap(out, "(a style's testing and development over its planned units)", 6, 6,
                           width_of(o));
        money(a, sizeof a, s->landed, exp);
        fprintf(out, "    %s%-24s %10s%s\n", col(o, C_BOLD), "landed cost", a, col(o, C_RESET));
        if (s->retail > 0) {
            money(a, sizeof a, s->retail, exp);
            sv_decimal_format(s->retail_margin_bp, 2, false, b, sizeof b);
            sv_decimal_format(s->retail_multiple_x100, 2, false, c, sizeof c);
            char net[120] = "";
            if (s->vat && s->vat->in_shelf_price && s->vat->rate_bp > 0) {
                money(d, sizeof d, s->retail_net, exp);
                char rate[24];
                snprintf(net, sizeof net, " (%s net of %s%% %s)", d,
                         pct_text(s->vat->rate_bp, 2, rate, sizeof rate), tax_name(r->destination));
            } else if (s->vat && s->vat->in_shelf_price && s->vat->children) {
                snprintf(net, sizeof net, " (zero-rated children's clothing)");
            }
            char line[300];
            snprintf(line, sizeof line, "Margin at retail %s%s: %s%% (%sx landed)", a, net, b, c);
            sv_report_wrap(out, line, 2, 4, width_of(o));
        }
        if (s->wholesale > 0) {
            money(a, sizeof a, s->wholesale, exp);
            sv_decimal_format(s->wholesale_margin_bp, 2, false, b, sizeof b);
            fprintf(out, "  Margin at wholesale %s%s: %s%%\n", a,
                    !s->wholesale_derived        ? ""
                    : s->retail_net != s->retail ? " (keystone on the net retail)"
                                                 : " (keystone)",
                    b);
        }
        fprintf(out, "  What a run really costs per unit (FOB, small-run model%s)\n",
                s->fob_from_model || s->fob_units <= 0 ? "" : ", to your sheet's price");
        fprintf(out, "    %8s %12s %10s %10s %8s\n", "units", "per unit", "set-up", "fabric min",
                "x bulk");
        bool any_stock = false;
        for (int k = 0; k < s->n_runs; k++) {
            const sv_run_cost *rc = &s->runs[k];
            money(a, sizeof a, rc->unit_fob, exp);
            money(b, sizeof b, rc->setup_per_unit, exp);
            money(c, sizeof c, rc->fabric_minimum_per_unit, exp);
            sv_decimal_format(rc->vs_bulk_bp / 100, 2, false, d, sizeof d);
            fprintf(out, "    %8lld %12s %10s %10s %8s%s%s\n", (long long)rc->units, a, b, c, d,
                    rc->stock_fabric ? "  stock" : "", rc->planned ? "  <- planned" : "");
            any_stock |= rc->stock_fabric;
        }
        if (any_stock) {
            char pct[32], why[400];
            sv_decimal_format(r->stock_premium_bp / 100, 0, false, pct, sizeof pct);
            snprintf(why, sizeof why,
                     "(stock: a run this small buys no dye lot: the estimate buys %s, no "
                     "minimum, at %s%% over the mill's price, where that costs less than the "
                     "minimum; fabric min is then that premium)",
                     s->sheet.yarn ? "stock-service yarn" : "stock fabric", pct);
            sv_report_wrap(out, why, 4, 5, width_of(o));
        }
    }
    money(a, sizeof a, r->total_fob, exp);
    money(b, sizeof b, r->total_landed, exp);
    fprintf(out, "\nProgram: %lld units, FOB %s %s, landed %s %s\n", (long long)r->program_units,
            a, r->currency->code, b, r->currency->code);
    sv_report_wrap(out,
                   "(the sum over the styles of the FOB and landed cost a unit shown, at the "
                   "units planned, times the units)",
                   2, 3, width_of(o));
    sv_report_wrap(out,
                   "Next: send these sheets with your brief and compare factory quotes line by "
                   "line; the model behind the small-run table is in docs/internals/costing.md.",
                   0, 6, width_of(o));
}

void sv_report_aql(FILE *out, int64_t lot, sv_aql_level level, int aql_milli,
                   const sv_aql_plan *plan, const sv_text_opts *o)
{
    char aq[16];
    sv_decimal_format(aql_milli, 3, false, aq, sizeof aq);
    /* "2.500" -> "2.5" */
    char *e = aq + strlen(aq) - 1;
    while (e > aq && *e == '0')
        *e-- = '\0';
    if (*e == '.')
        *e = '\0';
    fprintf(out, "  AQL %-6s code %c", aq, plan->code_letter);
    if (plan->arrow_followed)
        fprintf(out, " (arrow from %c)", plan->table_letter);
    fprintf(out, "  inspect %lld%s  accept %d  reject %d\n", (long long)plan->sample_size,
            plan->full_inspection ? " (100%)" : "", plan->accept, plan->reject);
    (void)lot;
    (void)level;
    (void)o;
}

static const char *plan_verdict_text(sv_plan_verdict v)
{
    switch (v) {
    case SV_PLAN_ON_TRACK:
        return "ON TRACK";
    case SV_PLAN_TIGHT:
        return "TIGHT";
    case SV_PLAN_INFEASIBLE:
        return "INFEASIBLE";
    default:
        return "NO LAUNCH DATE";
    }
}

static void milestone_row(FILE *out, const sv_milestone *m, const sv_text_opts *o)
{
    char s[16], e[16];
    sv_day_format(m->start, s, sizeof s);
    sv_day_format(m->end > m->start ? m->end - 1 : m->start, e, sizeof e);
    /* names are ASCII from the planner: byte width is column width */
    fprintf(out, "  %s%-30.30s%s %-7s %s %s %9d %5lld%s\n", m->critical ? col(o, C_BOLD) : "",
            m->name, m->critical ? col(o, C_RESET) : "", sv_owner_name(m->owner), s, e, m->duration,
            (long long)m->slack, m->critical ? " *" : "");
}

void sv_report_plan(FILE *out, const sv_program *p, const sv_plan *pl, const sv_refdata *rd,
                    const sv_text_opts *o)
{
    int w = width_of(o);
    char a[16], b[16], line[600];
    sv_report_title(out, p, o->color, o->width);
    sv_day_format(pl->today, a, sizeof a);
    if (pl->has_launch)
        sv_day_format(pl->launch, b, sizeof b);
    /* styles made elsewhere than the plan's origin: where, and which */
    char others[240] = "";
    size_t used = 0;
    for (size_t k = 0; k < pl->n_origins && used < sizeof others; k++) {
        const sv_plan_origin *po = &pl->origins[k];
        if (strcmp(po->country, pl->origin) == 0)
            continue;
        used += (size_t)snprintf(others + used, sizeof others - used, "; %zu style%s made in %s, %s "
                               "freight", po->n_styles, po->n_styles == 1 ? "" : "s",
                               po->country, sv_mode_name(po->lane_mode));
    }
    snprintf(line, sizeof line,
             "Time and action: made in %s%s, %s freight to %s%s; from %s%s%s.", pl->origin,
             pl->origin_assumed ? " (assumed; try --origin)" : "", sv_mode_name(pl->lane_mode),
             p->destination, others, a, pl->has_launch ? " to launch on " : ", no launch date",
             pl->has_launch ? b : "");
    sv_report_wrap(out, line, 0, 0, w);
    const char *vc = pl->verdict == SV_PLAN_ON_TRACK ? C_GREEN
                     : pl->verdict == SV_PLAN_TIGHT  ? C_YELLOW
                                                     : C_RED;
    sv_day_format(pl->ready, a, sizeof a);
    fprintf(out, "\n%s%s%s%s  ", col(o, C_BOLD), col(o, vc), plan_verdict_text(pl->verdict),
            col(o, C_RESET));
    if (!pl->has_launch)
        fprintf(out, "in the warehouse %s at the earliest\n", a);
    else if (pl->slack >= 0)
        fprintf(out, "in the warehouse %s, %lld days before the launch\n", a,
                (long long)pl->slack);
    else
        fprintf(out, "in the warehouse %s, %lld days after the launch\n", a,
                (long long)-pl->slack);
    /* several deliveries: each planned back from its own date */
    for (size_t d = 0; pl->n_deliveries > 1 && d < pl->n_deliveries; d++) {
        const sv_plan_delivery *dl = &pl->deliveries[d];
        char u[32];
        sv_day_format(dl->date, a, sizeof a);
        sv_day_format(dl->ready, b, sizeof b);
        snprintf(line, sizeof line, "Delivery %zu of %zu, %s, %s units: in the warehouse %s, "
                 "%lld days %s%s",
                 d + 1, pl->n_deliveries, a, sv_decimal_format(dl->units, 0, true, u, sizeof u), b,
                 (long long)(dl->slack < 0 ? -dl->slack : dl->slack),
                 dl->slack < 0 ? "late" : "ahead",
                 d == pl->binding && pl->binding > 0
                     ? ": the delivery that decides the verdict."
                     : ".");
        sv_report_wrap(out, line, 0, 2, w);
    }
    if (pl->has_launch) {
        sv_day_format(pl->latest_start, a, sizeof a);
        fprintf(out, "Latest day to start for the %s: %s%s\n",
                pl->n_deliveries > 1 ? "delivery dates" : "launch date", a,
                pl->latest_start < pl->today ? " (already past)" : "");
    }

    const char *style = "";
    bool shipping = false;
    for (size_t i = 0; i < pl->n; i++) {
        const sv_milestone *m = &pl->ms[i];
        if (m->style && strcmp(m->style, style) != 0) {
            style = m->style;
            fprintf(out, "\n%s", col(o, C_BOLD));
            put(out, style);
            if (pl->n_origins > 1)
                fprintf(out, ", made in %s", m->origin);
            fprintf(out, "%s\n", col(o, C_RESET));
            fprintf(out, "  %-30s %-7s %-10s %-10s %9s %5s\n", "milestone", "owner", "start", "end",
                    "work days", "slack");
        } else if (!m->style && !shipping && i > 0 && strcmp(m->kind, "capacity_booking") != 0) {
            shipping = true;
            fprintf(out, "\n%sShipping%s\n", col(o, C_BOLD), col(o, C_RESET));
        }
        if (!m->style && i == 0) {
            fprintf(out, "\n%sFactory%s\n", col(o, C_BOLD), col(o, C_RESET));
        }
        milestone_row(out, m, o);
    }
    fprintf(out, "  (* on the critical path; end is the last day of work; work days leave out\n"
                 "   the days a closure stops the factory, so a span can be longer)\n");

    /* shipping, counted once: what the freight figure holds, and why there is (no) customs;
     * one line an origin */
    fputc('\n', out);
    for (size_t k = 0; k < pl->n_origins; k++) {
        const sv_plan_origin *po = &pl->origins[k];
        int clear_days = -1;
        for (size_t i = 0; i < pl->n; i++)
            if (!pl->ms[i].style && strcmp(pl->ms[i].kind, "customs") == 0 &&
                strcmp(pl->ms[i].origin, po->country) == 0)
                clear_days = pl->ms[i].duration;
        char cust[240];
        if (clear_days >= 0 && po->customs_union)
            snprintf(cust, sizeof cust,
                     ", the customs clearance (%d days) inside it: %s and %s share "
                     "a customs union (%s) that still clears goods",
                     clear_days, po->country, p->destination, po->customs_union);
        else if (clear_days >= 0)
            snprintf(cust, sizeof cust, ", the customs clearance (%d days) inside it",
                     clear_days);
        else if (po->customs_union)
            snprintf(cust, sizeof cust,
                     "; no customs clearance: %s and %s are one customs territory "
                     "(%s)",
                     po->country, p->destination, po->customs_union);
        else
            snprintf(cust, sizeof cust, "; no customs clearance on a domestic lane");
        snprintf(line, sizeof line, "Shipping: %s freight %s to %s takes %d days door to door%s.",
                 sv_mode_name(po->lane_mode), po->country, p->destination,
                 po->transit_door_to_door, cust);
        sv_report_wrap(out, line, 0, 6, w);
    }

    /* samples: by courier to a brand in another region; where the brand is taken to be */
    char where[160] = "";
    if (pl->brand_location_assumed)
        snprintf(where, sizeof where,
                 " The brand is taken to be in %s, the destination: the "
                 "program does not say where it is.",
                 pl->brand_location);
    for (size_t k = 0; k < pl->n_origins; k++) {
        const sv_plan_origin *po = &pl->origins[k];
        bool last = k + 1 == pl->n_origins;
        if (po->courier_days > 0)
            snprintf(line, sizeof line,
                     "Samples: each goes from %s to the brand in %s by "
                     "international courier, %d days a round.%s",
                     po->country, pl->brand_location, po->courier_days, last ? where : "");
        else if (pl->n_origins > 1)
            snprintf(line, sizeof line,
                     "Samples: from %s, the brand in %s is in the factory's region, no "
                     "international courier.%s",
                     po->country, pl->brand_location, last ? where : "");
        else
            snprintf(line, sizeof line,
                     "Samples: the brand in %s is in the factory's region, no "
                     "international courier.%s",
                     pl->brand_location, where);
        sv_report_wrap(out, line, 0, 6, w);
    }

    int64_t horizon = pl->has_launch && pl->launch > pl->ready ? pl->launch : pl->ready;
    if (pl->closures_known_until && horizon > pl->closures_known_until) {
        char until[16];
        sv_day_format(pl->closures_known_until, until, sizeof until);
        snprintf(line, sizeof line,
                 "Note: factory closures are on file until %s; later ones are not in this "
                 "plan. Add them to holidays.tsv (--data).",
                 until);
        fputc('\n', out);
        sv_report_wrap(out, line, 0, 6, w);
    }
    if (pl->n_hits) {
        /* one paragraph a closure: when, what it costs the plan, and the work it holds up */
        fprintf(out, "\n%sClosures on the way%s\n", col(o, C_BOLD), col(o, C_RESET));
        for (size_t i = 0; i < pl->n_hits; i++) {
            const sv_closure_hit *h = &pl->hits[i];
            bool seen = false;
            for (size_t k = 0; k < i && !seen; k++)
                seen =
                    pl->hits[k].first == h->first && strcmp(pl->hits[k].country, h->country) == 0;
            if (seen)
                continue;
            /* a closure of the country the work is made in stops its factories; one of
             * another country stops the mills the fabric comes from */
            const char *who =
                strcmp(h->country, pl->ms[h->milestone].origin) == 0 ? "factories" : "the mills";
            sv_day_format(h->first, a, sizeof a);
            sv_day_format(h->last, b, sizeof b);
            int at = snprintf(line, sizeof line, "%s closes %s in %s %s to %s",
                              sv_holiday_label(h->holiday), who, h->country, a, b);
            int pct = 0, slow_days = 0;
            for (size_t k = i; k < pl->n_hits; k++)
                if (pl->hits[k].first == h->first && !strcmp(pl->hits[k].country, h->country) &&
                    pl->hits[k].capacity_pct) {
                    pct = pl->hits[k].capacity_pct;
                    slow_days = 1;
                }
            if (slow_days && at > 0 && (size_t)at < sizeof line)
                at += snprintf(line + at, sizeof line - (size_t)at,
                               ", and they restart at about %d%% of their output", pct);
            if (at > 0 && (size_t)at < sizeof line) {
                if (h->delay > 0 && h->delivery > 0) {
                    /* several deliveries: the one it holds up most, against its own date */
                    const sv_plan_delivery *dl = &pl->deliveries[h->delivery - 1];
                    at += snprintf(line + at, sizeof line - (size_t)at,
                                   ": delivery %d of %zu is in the warehouse %lld days later "
                                   "for it, %s %lld days %s its date.",
                                   h->delivery, pl->n_deliveries, (long long)h->delay,
                                   dl->slack >= 0 ? "still" : "now",
                                   (long long)(dl->slack >= 0 ? dl->slack : -dl->slack),
                                   dl->slack >= 0 ? "before" : "after");
                } else if (h->delay > 0 && pl->has_launch)
                    at += snprintf(line + at, sizeof line - (size_t)at,
                                   ": the goods are in the warehouse %lld days later for it, "
                                   "%s %lld days %s the launch.",
                                   (long long)h->delay, pl->slack >= 0 ? "still" : "now",
                                   (long long)(pl->slack >= 0 ? pl->slack : -pl->slack),
                                   pl->slack >= 0 ? "before" : "after");
                else if (h->delay > 0)
                    at += snprintf(line + at, sizeof line - (size_t)at,
                                   ": the goods are in the warehouse %lld days later for it.",
                                   (long long)h->delay);
                else
                    at += snprintf(line + at, sizeof line - (size_t)at,
                                   ": it only uses slack, the warehouse date does not move.");
            }
            sv_report_wrap(out, line, 2, 4, w);
            for (size_t k = i; k < pl->n_hits; k++) {
                const sv_closure_hit *g = &pl->hits[k];
                if (g->first != h->first || strcmp(g->country, h->country) != 0)
                    continue;
                const sv_milestone *m = &pl->ms[g->milestone];
                char slow[64] = "";
                if (g->slow_days)
                    snprintf(slow, sizeof slow, " (%d of them at reduced output)", g->slow_days);
                snprintf(line, sizeof line, "- %s%s%s: +%d days%s%s, %lld days %s.",
                         m->style ? m->style : "", m->style ? " " : "", m->name, g->days, slow,
                         m->critical ? ", on the critical path" : "",
                         (long long)(g->slack < 0 ? -g->slack : g->slack),
                         g->slack < 0 ? "late" : "of slack left");
                sv_report_wrap(out, line, 4, 6, w);
            }
        }
    }

    int64_t slow = sv_refdata_param(rd, "review_days_slow_example", 0);
    fprintf(out, "\n%sWho holds the critical path%s\n", col(o, C_BOLD), col(o, C_RESET));
    snprintf(line, sizeof line,
             "You (tech pack, reviews, approvals, bookings): %lld days; the factory (its work and "
             "closures): %lld days; inspections, shipping and customs: %lld days. %d of your "
             "reviews are on the critical path: if each takes %lld days longer, the goods "
             "arrive %lld days later.",
             (long long)pl->brand_days_critical, (long long)pl->factory_days_critical,
             (long long)pl->other_days_critical, pl->brand_reviews_critical, (long long)slow,
             (long long)(slow * pl->brand_reviews_critical));
    sv_report_wrap(out, line, 2, 2, w);

    if (pl->n_ways) {
        fprintf(out, "\n%sWays out%s\n", col(o, C_BOLD), col(o, C_RESET));
        for (int i = 0; i < pl->n_ways; i++) {
            snprintf(line, sizeof line, "%s %s", pl->ways[i].fits ? "[fits]    " : "[not enough]",
                     pl->ways[i].text);
            sv_report_wrap(out, line, 2, 15, w);
        }
    }
    fputc('\n', out);
    if (pl->verdict == SV_PLAN_INFEASIBLE)
        sv_report_wrap(out, "Next: pick a way out marked [fits], or agree a later launch with "
                            "your buyers, before you brief factories.", 0, 6, w);
    else if (pl->verdict == SV_PLAN_TIGHT)
        sv_report_wrap(out, "Next: protect the critical path: approve samples within days and "
                            "book fabric the day prices are agreed.", 0, 6, w);
    else
        sv_report_wrap(out, "Next: export the calendar (--format ics or xlsx -o FILE) and share "
                            "it with your factory.", 0, 6, w);
}
