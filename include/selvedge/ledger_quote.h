/* A quote as a factory fills it in: a YAML file (docs/ledger.md, "The quote file";
 * examples/quotes/northline-r1.yaml) read into the figures of a quote event. */
#ifndef SELVEDGE_LEDGER_QUOTE_H
#define SELVEDGE_LEDGER_QUOTE_H

#include <stddef.h>

#include "selvedge/err.h"
#include "selvedge/ledger.h"
#include "selvedge/pool.h"

/* Largest quote file read. */
#define SV_LEDGER_QUOTE_FILE_MAX ((size_t)16 << 20)

/* The quote's figures from the YAML text (len bytes, named `name` in messages) into ev, an
 * event the caller made (sv_ledger_event_init) and keeps the rest of: currency, deposit_bp,
 * balance, incoterm, valid_until, text, quote and n_quote; strings and arrays in pool. An
 * error names file:line:column and the field ("styles[0].breaks[1].price"). */
sv_code sv_ledger_quote_parse(const char *text, size_t len, const char *name, sv_pool *pool,
                              sv_ledger_event *ev, sv_err *e);
/* The same from the file at path. */
sv_code sv_ledger_quote_load(const char *path, sv_pool *pool, sv_ledger_event *ev, sv_err *e);

/* The same figures from a spreadsheet saved as CSV (docs/ledger.md, "The quote as CSV";
 * examples/quotes/northline-r1.csv): a header row naming the columns, then one row per style
 * and quantity break, the quote's terms on the first row. An error names file:line and the
 * column. */
sv_code sv_ledger_quote_csv_parse(const char *text, size_t len, const char *name, sv_pool *pool,
                                  sv_ledger_event *ev, sv_err *e);
sv_code sv_ledger_quote_csv_load(const char *path, sv_pool *pool, sv_ledger_event *ev, sv_err *e);

#endif
