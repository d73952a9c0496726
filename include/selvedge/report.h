/* Human-readable reports for an 80-column terminal. Colour only when asked (the CLI asks
 * on a TTY without NO_COLOR). Names, codes and addresses from the program, the reference
 * data or the registry are printed with their control characters escaped
 * (selvedge/term.h), and wrapped by the columns the escapes take. */
#ifndef SELVEDGE_REPORT_H
#define SELVEDGE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "selvedge/aql.h"
#include "selvedge/costing.h"
#include "selvedge/plan.h"
#include "selvedge/readiness.h"

typedef struct sv_text_opts {
    bool color;
    int width;                  /* columns; 80 when 0 */
} sv_text_opts;

void sv_report_readiness(FILE *out, const sv_program *p, const sv_readiness *r,
                         const sv_text_opts *o);
void sv_report_cost(FILE *out, const sv_program *p, const sv_cost_report *r,
                    const sv_text_opts *o);
void sv_report_plan(FILE *out, const sv_program *p, const sv_plan *plan, const sv_refdata *rd,
                    const sv_text_opts *o);
void sv_report_aql(FILE *out, int64_t lot, sv_aql_level level, int aql_milli,
                   const sv_aql_plan *plan, const sv_text_opts *o);

/* Write text wrapped at width, every line starting with `indent` spaces (the first with
 * `first` spaces). A control character, TAB or newline inside the text is written as its
 * escape (sv_term_safe) and counted as the columns it takes. */
void sv_report_wrap(FILE *out, const char *text, int first, int indent, int width);
/* A report's first line, "Brand - Program", bold when color, wrapped within width (80 when
 * 0) with the rest indented. */
void sv_report_title(FILE *out, const sv_program *p, bool color, int width);
/* The same, continuing a line already `pos` columns along. */
void sv_report_wrap_from(FILE *out, const char *text, int pos, int indent, int width);

#endif
