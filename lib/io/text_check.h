/* Internal to lib/io: the characters the readers refuse in text (names, addresses, codes, any
 * value), because a terminal would act on them. The set is selvedge/utf8.h's, the one every
 * part of selvedge applies (sv_term_unsafe, review decisions); the readers allow TAB, and
 * line ends where a field may hold several lines. docs/factories.md and docs/program.md say
 * what each field allows. */
#ifndef SELVEDGE_TEXT_CHECK_H
#define SELVEDGE_TEXT_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The first character of the n bytes at s that is refused, as a code point; -1 when none.
 * line_ends: LF and CR are allowed. Bytes that are not UTF-8 are not judged here (the CSV
 * reader takes them for Windows-1252; libyaml refuses them). */
int32_t tc_control(const char *s, size_t n, bool line_ends);

/* "U+001B (ESC)", "U+202E (a bidirectional override)": for messages, into buf. */
const char *tc_describe(int32_t cp, char *buf, size_t size);

#endif
