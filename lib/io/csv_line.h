/* One text line of a small CSV file at a time, so that every error names its line: the order
 * lines (ledger_lines.c) and a factory's quote (ledger_quote_csv.c). libcsv, strict. */
#ifndef SELVEDGE_IO_CSV_LINE_H
#define SELVEDGE_IO_CSV_LINE_H

#include <stdbool.h>
#include <stddef.h>

#include "selvedge/err.h"

enum { CSV_LINE_FIELDS_MAX = 64 };

/* A line's fields: the first CSV_LINE_FIELDS_MAX kept (malloc'ed), n counting every one. */
typedef struct csv_line {
    char *f[CSV_LINE_FIELDS_MAX];
    size_t n;
    bool nomem;
} csv_line;

/* The text line of buf that starts at *i: *s and *l without its "\n" or "\r\n", *line
 * counted, *i moved past it. False when buf is read to its end. */
bool csv_line_next(const char *buf, size_t len, size_t *i, const char **s, size_t *l, int *line);

/* The fields of one text line (s, len), into r (csv_line_free it); an unclosed quote or a
 * stray one is a syntax error at name:line. */
sv_code csv_line_split(const char *s, size_t len, csv_line *r, const char *name, int line,
                       sv_err *e);
void csv_line_free(csv_line *r);

#endif
