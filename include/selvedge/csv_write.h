/* CSV as selvedge writes it, for every export: RFC 4180 (CRLF line ends; a cell holding a
 * comma, a quote or a line break is quoted, its quotes doubled), and safe to open in a
 * spreadsheet.
 *
 * Spreadsheets read a cell that begins with = + - or @ as a formula, and some also one
 * that begins with a TAB or a CR. A style code such as =HYPERLINK("http://...";"click") in
 * a T&A calendar would become a live link in the factory's Excel (formula injection, also
 * called CSV injection). A text cell that begins with one of those is written the way
 * OWASP recommends: a single quote before it and the cell in double quotes,
 * "'=HYPERLINK(""http://..."";""click"")", which every spreadsheet shows as the text it is.
 * Numbers selvedge works out itself are written with sv_csv_int and stay numbers, negative
 * ones too. */
#ifndef SELVEDGE_CSV_WRITE_H
#define SELVEDGE_CSV_WRITE_H

#include <stdint.h>
#include <stdio.h>

typedef struct sv_csv_writer {
    FILE *out;
    int cells; /* written on the current row */
} sv_csv_writer;

void sv_csv_writer_init(sv_csv_writer *w, FILE *out);
/* A text cell (NULL is an empty one), neutralised when a spreadsheet would take it for a
 * formula. */
void sv_csv_text(sv_csv_writer *w, const char *s);
/* A number selvedge computed: written as digits, with its minus sign. */
void sv_csv_int(sv_csv_writer *w, int64_t v);
/* Ends the row (CRLF). Write errors stay on the stream: check it with ferror or fflush. */
void sv_csv_end_row(sv_csv_writer *w);

#endif
