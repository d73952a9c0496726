/* What a quote comparison of one RFQ is made of, read from the store (lib/store/rfq_inputs.c):
 * the RFQ's events parsed, the program frozen with its first rfq.sent, and each factory's
 * country from the registry. `quotes compare`, the server's GET /api/rfqs/{id}/compare (and
 * its workbook) and the ledger's bench read it so, and hand it to sv_quotes_compare. */
#ifndef SELVEDGE_RFQ_INPUTS_H
#define SELVEDGE_RFQ_INPUTS_H

#include <stdbool.h>
#include <stddef.h>

#include "selvedge/err.h"
#include "selvedge/ledger.h"
#include "selvedge/pool.h"
#include "selvedge/store.h"

typedef struct sv_rfq_inputs {
    sv_store *store;               /* the store read (origins are asked of it) */
    sv_pool *pool;                 /* the events' strings and lines, and origins' scratch */
    const sv_ledger_event **ev;    /* the brand's events of the RFQ, in the order recorded */
    size_t n, cap;
    char *program;                 /* the program frozen with its first rfq.sent; NULL if none */
    bool sent;                     /* an rfq.sent of that ref is among them */
} sv_rfq_inputs;

/* The brand's (handle) RFQ ref into *in (zeroed first; free it with sv_rfq_inputs_free,
 * also after an error): every event naming it (sv_store_ledger_rfq), each parsed, and the
 * program text of its first snapshot (sv_store_rfq_snapshots). An RFQ never sent leaves
 * n 0 and sent false; that is not an error. */
sv_code sv_store_rfq_inputs(sv_store *s, const char *brand, const char *ref, sv_rfq_inputs *in,
                            sv_err *e);

void sv_rfq_inputs_free(sv_rfq_inputs *in);

/* sv_quotes_origin_fn over ud, an sv_rfq_inputs: the registry's country of the factory of
 * that handle, false when unknown. */
bool sv_rfq_inputs_origin(void *ud, const char *factory, char out[3]);

#endif
