/* The ledger's events of one party, read from the store (lib/store/party.c): what a scorecard
 * of one brand over all its factories, or of one factory over all its brands, folds
 * (selvedge/scorecard.h). A read beside ledger_store.h's walks of every event and of one
 * pair, by the indexes the ledger's migration made (brand_id, at) and (factory_id, at). */
#ifndef SELVEDGE_PARTY_STORE_H
#define SELVEDGE_PARTY_STORE_H

#include "selvedge/err.h"
#include "selvedge/ledger.h"
#include "selvedge/pool.h"
#include "selvedge/ledger_store.h"
#include "selvedge/store.h"

/* Each event of the brand (by handle), or of the factory (by handle in the registry), in the
 * order recorded (id), with its canonical line. Exactly one of brand and factory is given.
 * Nothing (no call) when the party is unknown. fn's error stops the walk and is returned. */
sv_code sv_store_ledger_party(sv_store *s, const char *brand, const char *factory,
                              sv_ledger_body_fn fn, void *ud, sv_err *e);

/* The brand's events of one RFQ (by its ref): every event that names it (its sends,
 * acknowledgements, quotes, declines and messages, and orders placed on it) of every
 * factory, in the order recorded, with its canonical line: what `quotes compare` folds, read
 * without the brand's other events. Nothing when neither is known. fn's error stops the walk
 * and is returned. */
sv_code sv_store_ledger_rfq(sv_store *s, const char *brand, const char *rfq, sv_ledger_body_fn fn,
                            void *ud, sv_err *e);

/* The same events from the typed columns (ledger_event's, with its ledger_line rows and a
 * quote's ledger_quote_line rows, a style's breaks a run of them), no body parsed: what a
 * scorecard reads of them. Strings and lines in pool. Free text (text, balance, incoterm,
 * courier, tracking, what, from, to) is not in the columns and is left NULL. The factory's
 * handle is the one the event was recorded with (its column, migration 8; in an event
 * recorded before, the body's, taken when it is still the registry's handle). body is NULL
 * but for such an older event whose factory's handle in the registry changed since: then
 * it is its canonical line, for the caller to read. fn's error stops the walk and is
 * returned. */
typedef sv_code (*sv_ledger_typed_fn)(void *ud, const sv_ledger_event *ev, const char *body,
                                      sv_err *e);
sv_code sv_store_ledger_party_typed(sv_store *s, const char *brand, const char *factory,
                                    sv_pool *pool, sv_ledger_typed_fn fn, void *ud, sv_err *e);

#endif
