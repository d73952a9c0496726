/* A whole ledger history in and out of the store as one JSON-lines file (docs/ledger.md).
 *
 * Import is one transaction: each event is read (sv_ledger_event_parse), admitted against
 * the history of its brand and factory as it stands so far, the store's and the file's
 * earlier lines (sv_ledger_admit), and recorded (sv_store_ledger_add), in file order. The
 * first event refused stops it with file:line and the field, and nothing of the file is
 * kept. Export writes every event's canonical line in the order recorded, so exporting what
 * an import made gives the same bytes again. */
#ifndef SELVEDGE_LEDGER_IMPORT_H
#define SELVEDGE_LEDGER_IMPORT_H

#include <stdint.h>
#include <stdio.h>

#include "selvedge/err.h"
#include "selvedge/ledger.h"
#include "selvedge/pool.h"
#include "selvedge/store.h"

/* Largest file an import reads. */
#define SV_LEDGER_FILE_MAX ((size_t)1 << 31)

/* Import the file at path (name: how messages call it; NULL for path). *n: the events
 * recorded. */
sv_code sv_ledger_import(sv_store *s, const char *path, int64_t *n, sv_err *e);
/* The same from a buffer of len bytes, named `name` in messages. */
sv_code sv_ledger_import_buf(sv_store *s, const char *buf, size_t len, const char *name, int64_t *n,
                             sv_err *e);

/* The events between one brand and one factory (handles), in the order recorded, as the
 * states fold them (selvedge/ledger.h): *events an array of *n pointers (malloc'ed: free it),
 * the events and their strings in pool. None (*n 0) when either is unknown. */
sv_code sv_ledger_pair_load(sv_store *s, const char *brand, const char *factory, sv_pool *pool,
                            const sv_ledger_event ***events, size_t *n, sv_err *e);

/* Record the events a verb built (evs[0..n), each passing sv_ledger_check, ids 0) in one
 * transaction, as an import records its lines: each admitted against the history of its
 * brand and factory (the store's, then the earlier of evs), numbered next and added. After
 * each is added, after(ud, ev, e) runs inside the transaction (NULL: none; the RFQ's snapshot
 * is written there), and its error undoes all. The first refusal (sv_ledger_admit's message
 * and field) stops it and nothing is kept. On SV_OK each evs[i].id holds its number. */
typedef sv_code (*sv_ledger_recorded_fn)(void *ud, const sv_ledger_event *ev, sv_err *e);
sv_code sv_ledger_record(sv_store *s, sv_ledger_event *evs, size_t n, sv_ledger_recorded_fn after,
                         void *ud, sv_err *e);

/* Every event, one line each, to out. *n: how many. */
sv_code sv_ledger_export(sv_store *s, FILE *out, int64_t *n, sv_err *e);

#endif
