/* Review decisions: what a person decides about the pairs of factories the import could not
 * tell apart (`factories review`), recorded as Open Supply Hub's moderation records them:
 * what was decided, when (UTC) and by whom, and when and by whom it was undone.
 *
 * - merge: the two are one facility. The other factory's names, addresses, price bands,
 *   the certifications selvedge does not know and the figures the kept profile lacks go to
 *   the kept one; the other stays on file as it was, pointing at the kept one (its id, OS ID
 *   and handle keep leading there: the store's sv_store_factory_get and
 *   sv_store_factory_resolve, and the import), out of lists, searches and the matcher's
 *   table.
 * - distinct: the two are two facilities; the pair is not proposed again, by any import.
 * - undo: a merge undone gives both profiles back exactly as they were (what the merge added
 *   to the kept one is recorded and taken away); a distinct undone puts the pair back on the
 *   list. Decisions are undone newest first where they touch the same factories.
 *
 * Each decision is one transaction. The design and the rules: docs/factories.md. */
#ifndef SELVEDGE_REVIEW_H
#define SELVEDGE_REVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "selvedge/err.h"
#include "selvedge/factory.h"
#include "selvedge/pool.h"
#include "selvedge/review_decision.h" /* sv_review_decision, sv_review_kind */
#include "selvedge/store.h"

/* Merge factory other into factory keep, by whom (a name: not empty, no control characters,
 * at most 100 bytes). Refused (SV_ERR_SCHEMA, a message saying why and what to do): either
 * one merged into another already, a standing decision that they are distinct, and, unless
 * force, two countries. SV_ERR_USAGE: keep == other, a bad name; SV_ERR_NOTFOUND: no such
 * factory. *decision: the new decision's id. */
sv_code sv_review_merge(sv_store *s, int64_t keep, int64_t other, const char *by, bool force,
                        int64_t *decision, sv_err *e);

/* Record that factories a and b are two facilities. Refused as a merge is, and when a
 * standing decision says so already. */
sv_code sv_review_distinct(sv_store *s, int64_t a, int64_t b, const char *by, int64_t *decision,
                           sv_err *e);

/* Undo a decision. Refused: no such decision (SV_ERR_NOTFOUND), one undone already, and a
 * merge that a later standing merge builds on (the message names it: undo that first). */
sv_code sv_review_undo(sv_store *s, int64_t decision, const char *by, sv_err *e);

/* One decision; strings in pool. SV_ERR_NOTFOUND when there is none. */
sv_code sv_review_get(sv_store *s, int64_t decision, sv_pool *pool, sv_review_decision *out,
                      sv_err *e);

typedef sv_code (*sv_review_decision_fn)(void *ud, const sv_review_decision *d, sv_err *e);
/* Every decision, newest first; strings valid during the call. */
sv_code sv_review_history(sv_store *s, sv_review_decision_fn fn, void *ud, sv_err *e);

/* The standing merges into factory kept, oldest first, each with the merged-away profile as
 * it is stored (its own names, addresses, OS ID, source); valid during the call. */
typedef sv_code (*sv_review_merged_fn)(void *ud, const sv_review_decision *d,
                                       const sv_factory *merged, sv_err *e);
sv_code sv_review_merged_into(sv_store *s, int64_t kept, sv_review_merged_fn fn, void *ud,
                              sv_err *e);

/* The standing merge that put factory id into another: *found false when there is none. */
sv_code sv_review_merge_of(sv_store *s, int64_t id, sv_pool *pool, sv_review_decision *out,
                           bool *found, sv_err *e);

#endif
