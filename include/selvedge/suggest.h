/* "Did you mean": the closest known word to a misspelt one. */
#ifndef SELVEDGE_SUGGEST_H
#define SELVEDGE_SUGGEST_H

#include <stddef.h>

/* Levenshtein distance between a and b, case-insensitive for ASCII letters, with an
 * adjacent transposition counted as one edit. Long strings are capped at 64 bytes. */
int sv_edit_distance(const char *a, const char *b);

/* The candidate closest to word when close enough to be a likely typo (distance at most 1
 * for short words, 2 up to 8 letters, 3 beyond); else the one candidate that word is a prefix
 * of, or that is a prefix of word (3 letters at least: "knitted" -> "knit"); NULL otherwise. candidates is an array of n strings, or NULL-terminated when n == 0. */
const char *sv_suggest(const char *word, const char *const *candidates, size_t n);

#endif
