/* An order's lines from a CSV file (`order issue --lines FILE`): a header row
 * `style,color,size,qty,price`, then one line of units per style x colour x size, the unit
 * price in the order's currency. */
#ifndef SELVEDGE_LEDGER_LINES_H
#define SELVEDGE_LEDGER_LINES_H

#include <stddef.h>

#include "selvedge/err.h"
#include "selvedge/ledger.h"
#include "selvedge/pool.h"

/* Largest lines file read. */
#define SV_LEDGER_LINES_FILE_MAX ((size_t)16 << 20)

/* The lines of the CSV text (len bytes, named `name` in messages), prices in minor units of
 * currency, into *out (n of them, at most SV_LEDGER_LINES_MAX) and the file line of each into
 * *lines_at; all in pool. Quoted fields may not span lines; blank lines are skipped. An error
 * names file:line and the column's name (field "qty"). */
sv_code sv_ledger_lines_parse(const char *text, size_t len, const char *name, const char *currency,
                              sv_pool *pool, sv_ledger_line **out, int **lines_at, size_t *n,
                              sv_err *e);
/* The same from the file at path. */
sv_code sv_ledger_lines_load(const char *path, const char *currency, sv_pool *pool,
                             sv_ledger_line **out, int **lines_at, size_t *n, sv_err *e);

#endif
