/* An RFQ as it was sent (lib/store/rfq_snapshot.c): the program's YAML text and its
 * readiness report (check --json) frozen with the rfq.sent event, inserted in the
 * transaction that records the event and never changed. */
#ifndef SELVEDGE_RFQ_SNAPSHOT_H
#define SELVEDGE_RFQ_SNAPSHOT_H

#include <stdint.h>

#include "selvedge/err.h"
#include "selvedge/store.h"

/* Freeze the program text and readiness JSON of the rfq.sent event event_id (recorded in
 * the same transaction). SV_ERR_SCHEMA, field "rfq", when the event has one already. */
sv_code sv_store_rfq_snapshot_add(sv_store *s, int64_t event_id, const char *program_text,
                                  const char *readiness_json, sv_err *e);

/* Each rfq.sent of the brand (handle) with the ref rfq that has a snapshot, in the order
 * recorded: fn(ud, event id, factory handle, event body, program text, readiness json).
 * Nothing when none. fn's error stops the walk and is returned. */
typedef sv_code (*sv_rfq_snapshot_fn)(void *ud, int64_t id, const char *factory, const char *body,
                                      const char *program_text, const char *readiness_json,
                                      sv_err *e);
sv_code sv_store_rfq_snapshots(sv_store *s, const char *brand, const char *rfq,
                               sv_rfq_snapshot_fn fn, void *ud, sv_err *e);

/* The snapshot of the rfq.sent event_id: fn(ud, program text, readiness json) once, or no
 * call when it has none. fn's error is returned. */
typedef sv_code (*sv_rfq_snapshot_one_fn)(void *ud, const char *program_text,
                                          const char *readiness_json, sv_err *e);
sv_code sv_store_rfq_snapshot_get(sv_store *s, int64_t event_id, sv_rfq_snapshot_one_fn fn,
                                  void *ud, sv_err *e);

#endif
