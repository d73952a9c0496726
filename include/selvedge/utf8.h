/* The characters selvedge refuses in text, judged one way everywhere: when a file is read,
 * when a review decision is recorded, when a name is printed.
 *
 * Text is decoded by utf8proc (utf8proc_iterate), the one decoder of the project: a character
 * is a well-formed sequence of 1 to 4 bytes; an overlong form, a surrogate (U+D800..U+DFFF), a
 * code point above U+10FFFF and a sequence cut short are bytes that are not UTF-8.
 *
 * Refused are the characters a terminal acts on: the C0 controls (U+0000..U+001F: ESC, BEL,
 * CR...), DEL, the C1 controls (U+0080..U+009F: CSI, OSC...), and the bidirectional
 * overrides and isolates (U+202A..U+202E, U+2066..U+2069), which reorder what is shown. TAB,
 * line feed and carriage return are among them; a caller allows them where a field may hold
 * them. */
#ifndef SELVEDGE_UTF8_H
#define SELVEDGE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What sv_utf8_unsafe lets through besides text without controls. */
enum {
    SV_UTF8_TAB = 1 << 0,                    /* TAB */
    SV_UTF8_LF = 1 << 1,                     /* line feed */
    SV_UTF8_CR = 1 << 2,                     /* carriage return */
    SV_UTF8_LINES = SV_UTF8_LF | SV_UTF8_CR, /* line ends of either kind */
    SV_UTF8_NOT_UTF8 = 1 << 3,               /* bytes that are not UTF-8, passed over */
};

/* Whether a terminal acts on the code point: one of the refused characters above, TAB, line
 * feed and carriage return included. */
bool sv_utf8_is_control(uint32_t cp);

/* The first character of the n bytes at s that is refused, given what allow (SV_UTF8_* bits)
 * lets through: its offset, with its code point in *cp, or -1 in *cp for a byte that is not
 * UTF-8. n when there is none (*cp is then -1). A NUL byte is U+0000, refused. */
size_t sv_utf8_unsafe(const char *s, size_t n, unsigned allow, int32_t *cp);

/* "U+001B (ESC)", "U+202E (a bidirectional override)", "a byte that is not UTF-8" (cp < 0):
 * for messages, into buf of size bytes; returns buf. */
const char *sv_utf8_describe(int32_t cp, char *buf, size_t size);

#endif
