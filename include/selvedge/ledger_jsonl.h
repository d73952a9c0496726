/* The ledger's file format: JSON lines, one event an object a line (docs/ledger.md).
 *
 * Reading is strict: an unknown field, a duplicate key, a wrong type, a date that does not
 * exist or an amount with more decimals than its currency has is refused with file:line and
 * the field. Writing is canonical: the same event always gives the same bytes (fields in one
 * order, amounts with their currency's decimals, non-ASCII as \u escapes), so a history
 * exported and imported again exports byte for byte the same. */
#ifndef SELVEDGE_LEDGER_JSONL_H
#define SELVEDGE_LEDGER_JSONL_H

#include <stddef.h>

#include "selvedge/err.h"
#include "selvedge/ledger.h"
#include "selvedge/pool.h"

/* Bytes of one line, and lines of one file. */
enum { SV_LEDGER_LINE_MAX = 1 << 20 };
#define SV_LEDGER_FILE_EVENTS_MAX 10000000

/* One event from the JSON text of one line (n bytes), its strings and arrays in pool.
 * Checked with sv_ledger_check. SV_ERR_SYNTAX (not JSON, not an object; e->column set) or
 * SV_ERR_SCHEMA with e->field; no file or line. */
sv_code sv_ledger_event_parse(const char *text, size_t n, sv_pool *pool, sv_ledger_event *ev,
                              sv_err *e);

/* The event's canonical line, without the newline; malloc'ed, NULL when out of memory. */
char *sv_ledger_event_json(const sv_ledger_event *ev);

/* An rfq.sent's canonical line body (sv_ledger_event_json's) with its RFQ snapshot after
 * its last field: "program" (the text, non-ASCII and controls as \u escapes) and
 * "readiness" (the JSON object, compact, in its own key order); malloc'ed, NULL when out of
 * memory or when readiness is not a JSON object. */
char *sv_ledger_event_json_snapshot(const char *body, const char *program, const char *readiness);

/* Each event of a JSON-lines buffer, in order, handed to fn with its line number (blank lines
 * are skipped), its memory in pool. The first error, the reader's or fn's, stops the walk and
 * is returned with file and line set (fn's own file, if it set one, is kept). */
typedef sv_code (*sv_ledger_event_fn)(void *ud, int line, sv_ledger_event *ev, sv_err *e);
sv_code sv_ledger_jsonl_parse(const char *buf, size_t len, const char *file, sv_pool *pool,
                              sv_ledger_event_fn fn, void *ud, sv_err *e);

#endif
