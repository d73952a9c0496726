/* Internal to lib/io: the characters the readers refuse in text (names, addresses, codes, any
 * value), because a terminal would act on them: C0 controls (ESC, BEL, CR... TAB aside, and
 * line ends where a field may hold several lines), DEL, C1 controls (U+0080..U+009F), and
 * the bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069). The same set as
 * sv_term_unsafe (include/selvedge/term.h), but the reader is told which character and where,
 * for its message. docs/factories.md and docs/program.md say what each field allows. */
#ifndef SELVEDGE_TEXT_CHECK_H
#define SELVEDGE_TEXT_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The first character of the n bytes at s that is refused, as a code point; -1 when none.
 * line_ends: LF and CR are allowed. Bytes that are not UTF-8 are not judged here. */
int32_t tc_control(const char *s, size_t n, bool line_ends);

/* "U+001B (ESC)", "U+202E (a bidirectional override)": for messages, into buf. */
const char *tc_describe(int32_t cp, char *buf, size_t size);

#endif
