/* AQL: ISO 2859-1 (= ANSI/ASQ Z1.4, MIL-STD-105E) single sampling plans, normal inspection.
 *
 * Table I gives the sample size code letter from the lot size and the inspection level;
 * Table II-A gives, per code letter and AQL, the sample size and the accept (Ac) and reject
 * (Re) numbers. Where Table II-A has an arrow, the plan the arrow points to is used, with
 * that plan's own sample size (and so its own code letter). When the sample size is equal to
 * or larger than the lot, every unit is inspected (100% inspection). */
#ifndef SELVEDGE_AQL_H
#define SELVEDGE_AQL_H

#include <stdbool.h>
#include <stdint.h>

#include "selvedge/err.h"

typedef enum {
    SV_AQL_S1,
    SV_AQL_S2,
    SV_AQL_S3,
    SV_AQL_S4,
    SV_AQL_I,
    SV_AQL_II,
    SV_AQL_III
} sv_aql_level;

typedef struct sv_aql_plan {
    char table_letter;  /* code letter from Table I for the lot size and level */
    char code_letter;   /* code letter of the plan used (differs when an arrow was followed) */
    int64_t sample_size;/* units to inspect; equals the lot size when full_inspection */
    int accept;         /* Ac: accept the lot with this many defectives or fewer */
    int reject;         /* Re: reject the lot with this many defectives or more */
    bool arrow_followed;/* true when Table II-A pointed to another plan */
    bool full_inspection; /* true when the sample reached the lot: inspect 100% */
} sv_aql_plan;

/* Parse "S-1".."S-4", "I", "II", "III" (case-insensitive; "S1" also accepted). */
sv_code sv_aql_level_parse(const char *text, sv_aql_level *out, sv_err *e);
const char *sv_aql_level_name(sv_aql_level level);

/* The AQL values of Table II-A, in percent x 1000 (0.065% -> 65, 2.5% -> 2500, 10% -> 10000),
 * up to 10%. Parse accepts "2.5", "0.065", "10" and refuses values not in the table. */
sv_code sv_aql_value_parse(const char *text, int *aql_milli, sv_err *e);

/* The plan for a lot of lot_size units (>= 1) at this level and AQL (per-mille-of-percent
 * as above). Returns SV_ERR_USAGE with a message for a lot < 1 or an AQL not in the table. */
sv_code sv_aql_plan_for(int64_t lot_size, sv_aql_level level, int aql_milli, sv_aql_plan *out,
                        sv_err *e);

#endif
