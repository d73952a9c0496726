/* Text from files and the registry made safe for a terminal.
 *
 * Names, addresses and codes come from YAML escapes and imported CSV; a byte such as ESC,
 * BEL, CR or a C1 control would steer the user's terminal (colours, titles, hidden text,
 * OSC 8 links). Loaders refuse them; whatever is printed still goes through these, so a
 * store written by an older version, or a message quoting bad input, cannot reach the
 * terminal raw. */
#ifndef SELVEDGE_TERM_H
#define SELVEDGE_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Whether s holds a byte or character a terminal would act on: one of the characters of
 * selvedge/utf8.h other than TAB and newline (a C0 control, DEL, a C1 control, a
 * bidirectional override or isolate), or bytes that are not UTF-8. */
bool sv_term_unsafe(const char *s);

/* s with each such character, and TAB and newline, written as a visible escape: \t, \n,
 * \r, \e, \xHH for another control byte or a stray byte, \u{202E} for a character. Into
 * buf of n bytes, cut short at a whole character or escape and always NUL-terminated
 * (nothing when n is 0); returns buf. s NULL gives "". */
char *sv_term_safe(const char *s, char *buf, size_t n);

/* The same written to out, whole; returns what fputs would (EOF on a write error). */
int sv_term_puts(const char *s, FILE *out);

#endif
