/* The brief a factory reads: the program as a PDF of three or four pages, drawn with cairo and
 * pango on a stream the caller gives (no other I/O). What it holds, page by page:
 * docs/brief.md. Names in any script render (Noto Sans, Noto Sans CJK and the other Noto
 * fonts fontconfig finds); a table that does not fit continues on the next page with its
 * header repeated; every page says "page N of M". */
#ifndef SELVEDGE_BRIEF_H
#define SELVEDGE_BRIEF_H

#include <stdio.h>

#include "selvedge/costing.h"
#include "selvedge/err.h"
#include "selvedge/plan.h"
#include "selvedge/program.h"

struct _cairo;

typedef enum { SV_PAPER_A4, SV_PAPER_LETTER, SV_PAPER__COUNT } sv_paper;

/* "a4" or "letter" (any case); -1 otherwise. */
int sv_paper_parse(const char *s);
const char *sv_paper_name(sv_paper p);
/* The page in PostScript points (1/72 inch): A4 595.28 x 841.89, Letter 612 x 792. */
void sv_brief_paper_size(sv_paper p, double *width, double *height);

typedef struct sv_brief_options {
    sv_paper paper;
    const char *factory; /* the factory it is addressed to (a cover line); NULL */
    const sv_plan *plan; /* the calendar for the timeline; NULL leaves it out */
    sv_date today;       /* the brief's date */
    /* The cost report (sv_cost_run) the price points read: a brand selling wholesale that
     * gives no wholesale price has it from the keystone multiple, said as an estimate, and the
     * sales tax in or beside the shelf price is named. NULL: the program's prices alone. The
     * brief shows no costs from it: the landed cost is the brand's own business. */
    const sv_cost_report *cost;
    /* Draws the time-and-action chart into the box at (x, y), w x h points, of the page's
     * cairo context (saved and restored around the call); NULL leaves the box with a note
     * pointing to the milestone tables. */
    void (*chart)(struct _cairo *cr, double x, double y, double w, double h, const sv_plan *plan,
                  void *arg);
    void *chart_arg;
} sv_brief_options;

/* Writes the brief of p (its amounts in the brand's currency: sv_program_fx done) to out as
 * PDF. out is only written (fwrite), not flushed or closed. SV_ERR_IO when a write fails,
 * SV_ERR_NOMEM when cairo runs out of memory; nothing else is looked at. */
sv_code sv_brief_write_pdf(FILE *out, const sv_program *p, const sv_brief_options *o, sv_err *e);

/* ---- pure pieces of the layout, for the tests ---- */

/* Column widths for a table `avail` wide: each column its natural width (the widest cell
 * unwrapped) when they all fit, the room left shared in proportion to them; else the columns
 * shrink toward their minimum in proportion to what they can give; when even the minimums do
 * not fit, the minimums scaled down. out[i] adds up to avail (within rounding) when the
 * naturals do not, and to the naturals' sum spread to avail otherwise. */
void sv_brief_columns(const double *natural, const double *min, size_t n, double avail,
                      double *out);

/* Which page each row of a table lands on: rows of the given heights laid from a first page
 * with `first` points left, then pages of `page` points, each page's part headed by a header
 * of `header` points. A row taller than a page gets a page of its own (the caller caps row
 * heights so that none is). page_of[i] is 0 for the first page; returns the pages used. */
int sv_brief_paginate(const double *heights, size_t n, double first, double page, double header,
                      int *page_of);

/* Units of the program split one way: by category, by gender or by construction. */
typedef enum { SV_SPLIT_CATEGORY, SV_SPLIT_GENDER, SV_SPLIT_CONSTRUCTION } sv_split_by;
typedef struct sv_brief_part {
    const char *label; /* the category's name ("leggings"), or "not said" */
    size_t styles;
    int64_t units;
    int64_t share_bp; /* of the program's units, rounded */
} sv_brief_part;
/* At most cap parts into out, most units first (equal units in the enum's order); returns how
 * many there are (more than cap when they did not all fit). */
size_t sv_brief_split(const sv_program *p, sv_split_by by, sv_brief_part *out, size_t cap);

/* The payment terms offered, in words: "30% deposit, balance before shipment", "letter of
 * credit at 60 days", "not stated". Returns buf. */
char *sv_brief_terms_text(const sv_brand *b, char *buf, size_t n);

/* What a style's tech pack holds, in words: "complete", "lacks packaging, grading", "none". */
char *sv_brief_techpack_text(const sv_techpack *t, char *buf, size_t n);

#endif
