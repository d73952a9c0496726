/* Internal to lib/store: what store.c lends review.c, and review.c lends store.c. Not part
 * of the library's interface. */
#ifndef SELVEDGE_STORE_INTERNAL_H
#define SELVEDGE_STORE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "selvedge/err.h"
#include "selvedge/factory.h"
#include "selvedge/pool.h"
#include "selvedge/store.h"

/* store.c */

/* The connection's last error, in words a user can act on ("database: what: ..."). */
sv_code st_fail(sv_store *s, sv_err *e, const char *what);
/* Factory id as stored (resolve false) or the one it was merged into (true). */
sv_code st_get(sv_store *s, int64_t id, bool resolve, sv_pool *pool, sv_factory *out, sv_err *e);
/* A name (with its blocking words) or an address for a factory; *added false when it had it. */
sv_code st_add_name(sv_store *s, int64_t id, const char *country, const char *name, bool *added,
                    sv_err *e);
sv_code st_add_address(sv_store *s, int64_t id, const char *address, bool *added, sv_err *e);
/* The blocking words and search row of a factory again from its names and addresses; live
 * false drops both (a merged-away factory is found through the one it is in). */
sv_code st_reindex(sv_store *s, int64_t id, bool live, sv_err *e);

/* review.c */

/* Whether a standing decision says factories a and b (in either order) are two facilities. */
sv_code rv_decided_distinct(sv_store *s, int64_t a, int64_t b, bool *yes, sv_err *e);

#endif
