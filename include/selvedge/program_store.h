/* A brand organization's programs (lib/store/program_store.c): the YAML text as uploaded and
 * its readiness verdict and score as of the upload. Every call is scoped by organization:
 * another organization's program is SV_ERR_NOTFOUND, exactly as a missing one. */
#ifndef SELVEDGE_PROGRAM_STORE_H
#define SELVEDGE_PROGRAM_STORE_H

#include <stdint.h>

#include "selvedge/err.h"
#include "selvedge/org_store.h"
#include "selvedge/pool.h"
#include "selvedge/store.h"

typedef struct sv_program_row {
    int64_t id, org_id;
    const char *name, *yaml, *verdict; /* yaml NULL in a list */
    int score;                         /* -1 unknown */
    int64_t created, updated;
} sv_program_row;

/* The program's fields as uploaded: name (1 to 200 bytes, field "name"), the YAML text, the
 * readiness verdict (NULL unknown) and score (-1 unknown). */
typedef struct sv_program_in {
    const char *name, *yaml, *verdict;
    int score;
} sv_program_in;

/* A new program of actor's organization. Refused: SV_ERR_DENIED a viewer, SV_ERR_SCHEMA a
 * factory organization (field "org_kind") or a bad name. */
sv_code sv_store_program_create(sv_store *s, const sv_principal *actor, const sv_program_in *in,
                                int64_t now, int64_t *id, sv_err *e);
/* Program id of org_id, strings in pool. */
sv_code sv_store_program_get(sv_store *s, int64_t org_id, int64_t id, sv_pool *pool,
                             sv_program_row *out, sv_err *e);
typedef sv_code (*sv_program_row_fn)(void *ud, const sv_program_row *p, sv_err *e);
/* The programs of org_id by id, without their text; strings valid during the call. */
sv_code sv_store_program_list(sv_store *s, int64_t org_id, sv_program_row_fn fn, void *ud,
                              sv_err *e);
/* Replace program id of actor's organization with in (its updated time now). */
sv_code sv_store_program_replace(sv_store *s, const sv_principal *actor, int64_t id,
                                 const sv_program_in *in, int64_t now, sv_err *e);

#endif
