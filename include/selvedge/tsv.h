/* Strict tab-separated files: `#` comment lines, one header line naming the columns, then
 * rows with exactly that many non-empty fields. Used for reference data. */
#ifndef SELVEDGE_TSV_H
#define SELVEDGE_TSV_H

#include <stddef.h>

#include "selvedge/err.h"

#define SV_TSV_MAX_COLS 24

/* Called once per data row with its fields (NUL-terminated copies, valid during the call)
 * and its 1-based line number. Return SV_OK to go on; any other code stops the parse, and
 * the callback is expected to have filled the sv_err it was given. */
typedef sv_code (*sv_tsv_row_fn)(void *ud, char **fields, int line, sv_err *e);

/* Parse data (len bytes, named `file` in messages). The header must list exactly `columns`
 * (NULL-terminated) in that order. */
sv_code sv_tsv_parse(const char *file, const char *data, size_t len, const char *const *columns,
                     sv_tsv_row_fn fn, void *ud, sv_err *e);

#endif
