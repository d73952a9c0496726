/* Importing factory lists into the store: Open Supply Hub CSVs and selvedge's capability
 * files (YAML or CSV). One transaction per file: a file imports whole or not at all, except
 * for bad rows, which are reported with file and line and skipped.
 *
 * De-duplication, in order: the same OS ID; the same handle (a capability file's id, whose
 * profile replaces the stored one); the same cleaned name in the same country (and the same
 * cleaned address when both have one) - merged; otherwise the most similar factory among
 * those sharing a significant name word in the same country: merged at a similarity of
 * SV_MERGE_AT and above, listed for review between SV_REVIEW_AT and SV_MERGE_AT (both are
 * kept, never merged silently), new below. */
#ifndef SELVEDGE_FACTORY_IMPORT_H
#define SELVEDGE_FACTORY_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "selvedge/err.h"
#include "selvedge/refdata.h"
#include "selvedge/store.h"

#define SV_MERGE_AT 850
#define SV_REVIEW_AT 600

typedef struct sv_import_stats {
    int64_t rows;               /* records read, bad ones included */
    int64_t added;              /* new factories */
    int64_t merged;             /* records that were a factory already known */
    int64_t updated;            /* capability profiles replaced by handle */
    int64_t review;             /* new pairs listed for review */
    int64_t bad;                /* rows reported and skipped */
} sv_import_stats;

/* Called for every bad row (to print it) and, when not NULL, every 1,000 rows with the rows
 * and bytes read so far and the file's size (0 when unknown), for a progress bar. A file
 * imported into an empty store is loaded in bulk (see sv_store_begin_bulk), with the same
 * result; row_by_row asks for the ordinary path. */
typedef struct sv_import_hooks {
    void (*bad_row)(void *ud, const sv_err *e);
    void (*progress)(void *ud, int64_t rows, int64_t done_bytes, int64_t total_bytes);
    void *ud;
    bool row_by_row;
} sv_import_hooks;

sv_code sv_factories_import(sv_store *s, const sv_refdata *rd, const char *path,
                            const sv_import_hooks *hooks, sv_import_stats *stats, sv_err *e);

#endif
