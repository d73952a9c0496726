/* Internal to lib/model: the "squashed" form in which certification and facility type names
 * are compared. ASCII letters and digits only, in lower case; the Latin-1 letters to their
 * base letter (é -> e, Ö -> o); full-width and half-width forms as the character they are a
 * form of (Ｇ -> g, the full-width comma a comma); everything else (spaces, hyphens, "®",
 * dots, slashes, other scripts) dropped. "OEKO-TEX® STANDARD 100" and "Oeko-Tex Standard 100" both
 * squash to "oekotexstandard100". */
#ifndef SELVEDGE_SQUASH_H
#define SELVEDGE_SQUASH_H

#include <stddef.h>
#include <stdint.h>

/* The character at *sp (the text ends at end, *sp < end): its squashed letter or digit, or 0
 * for any other character, whose code point goes to *cp (U+FFFD for a byte that is not
 * UTF-8, decoded by utf8proc). Advances *sp past it. */
char sq_char(const unsigned char **sp, const unsigned char *end, uint32_t *cp);

/* The squashed letters and digits of text, NUL-terminated, into buf of cap bytes. Returns
 * the length, or -1 when the result does not fit. */
int sq_text(const char *text, char *buf, size_t cap);

#endif
