/* A scorecard as JSON (lib/io/scorecard_json.c): `scorecard --json`'s document, and the
 * server's GET /api/scorecard. */
#ifndef SELVEDGE_SCORECARD_JSON_H
#define SELVEDGE_SCORECARD_JSON_H

#include <jansson.h>

#include "selvedge/scorecard.h"

/* {"side", "who", "from", "to", "as_of", "events", "overall", "measures": [...], "standing":
 * [...], "ranked", "its_ranked"} (docs/ledger.md); NULL when out of memory. */
json_t *sv_json_scorecard(const sv_scorecard *sc, const sv_sc_params *p);

#endif
