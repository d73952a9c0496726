/* The ledger in the store (lib/store/ledger.c): brands as parties, events append-only.
 *
 * Events are only ever inserted: this file holds no UPDATE or DELETE statement. A correction
 * is a new event naming the one it corrects. Like every write of the store, an insert runs
 * inside the caller's transaction (sv_store_begin): an import of a file is one. */
#ifndef SELVEDGE_LEDGER_STORE_H
#define SELVEDGE_LEDGER_STORE_H

#include <stdint.h>

#include "selvedge/err.h"
#include "selvedge/ledger.h"
#include "selvedge/store.h"

/* Record ev, checked (sv_ledger_check) and admitted (sv_ledger_admit) by the caller, with its
 * canonical line `body` (sv_ledger_event_json), which holds its id: the caller numbers the
 * event first, above every id in the ledger (sv_store_ledger_count's max_id + 1: the ledger's
 * order is its ids'), in the transaction it records it in. An id of 0 is SV_ERR_INTERNAL; one
 * at or below the highest SV_ERR_SCHEMA, field "id". The brand is added to the parties at its
 * first event. A factory not in the registry by its handle is SV_ERR_NOTFOUND, field
 * "factory", naming the handle; a supersedes naming no event SV_ERR_SCHEMA. */
sv_code sv_store_ledger_add(sv_store *s, const sv_ledger_event *ev, const char *body, sv_err *e);

/* Each event's id and canonical line, in the order recorded (id). fn's error stops the walk
 * and is returned. */
typedef sv_code (*sv_ledger_body_fn)(void *ud, int64_t id, const char *body, sv_err *e);
/* Every event of the ledger (the export). */
sv_code sv_store_ledger_each(sv_store *s, sv_ledger_body_fn fn, void *ud, sv_err *e);
/* The events between one brand and one factory (both by handle): what the states fold.
 * Nothing (no call) when either is unknown. */
sv_code sv_store_ledger_pair(sv_store *s, const char *brand, const char *factory,
                             sv_ledger_body_fn fn, void *ud, sv_err *e);

/* The events between one brand and one factory (both by handle) that are of one of the n
 * things (thing name and ref, as sv_store_ledger_add keeps them: the ledger_event_thing index),
 * and those of the thing of the event numbered id when it is theirs (0: none; the event a
 * correction names, and what corrects it): what admitting one event needs. Each thing's events
 * in the order recorded; an event met twice comes twice.
 * Nothing (no call) when either party is unknown. */
sv_code sv_store_ledger_things(sv_store *s, const char *brand, const char *factory, int64_t id,
                               const char *const *things, const char *const *refs, size_t n,
                               sv_ledger_body_fn fn, void *ud, sv_err *e);

/* How many events the ledger holds (a walk of the table: ask only when wanted), and the
 * highest id (0 when empty; a seek). Either pointer may be NULL. */
sv_code sv_store_ledger_count(sv_store *s, int64_t *n, int64_t *max_id, sv_err *e);

#endif
