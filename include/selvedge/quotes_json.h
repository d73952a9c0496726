/* An RFQ's quotes compared, as JSON (lib/io/quotes_json.c): `quotes compare --json`'s
 * document (docs/ledger.md), and the server's GET /api/rfqs/{id}/compare. */
#ifndef SELVEDGE_QUOTES_JSON_H
#define SELVEDGE_QUOTES_JSON_H

#include <jansson.h>

#include "selvedge/quotes.h"

/* {"rfq", "brand", "currency", ..., "factories": [...], "best", "why"}; NULL when out of
 * memory. */
json_t *sv_json_quotes(const sv_quotes *q);

#endif
