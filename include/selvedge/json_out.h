/* JSON encodings of engine results (jansson). Each returns a new reference the caller owns
 * (json_decref), or NULL when out of memory: never a document missing a part. Money is given as integer minor units with the
 * currency and its exponent alongside, and also as a decimal string for people. */
#ifndef SELVEDGE_JSON_OUT_H
#define SELVEDGE_JSON_OUT_H

#include <jansson.h>

#include "selvedge/aql.h"
#include "selvedge/costing.h"
#include "selvedge/factory.h"
#include "selvedge/plan.h"
#include "selvedge/readiness.h"
#include "selvedge/review_decision.h"

json_t *sv_json_readiness(const sv_program *p, const sv_readiness *r);
json_t *sv_json_cost(const sv_program *p, const sv_cost_report *r);
json_t *sv_json_plan(const sv_program *p, const sv_plan *plan, const sv_refdata *rd);
/* A factory profile; full adds every other name and address and the price bands. */
json_t *sv_json_factory(const sv_factory *f, bool full);
/* A review decision: id, kind, the two factories (kept and merged for a merge), when and by
 * whom, and when and by whom it was undone (null while it stands). */
json_t *sv_json_review_decision(const sv_review_decision *d);
/* The profile of factory id into *f (its strings the callee's), or NULL when it is not on
 * file: how sv_json_match names the factories it reports. */
typedef const sv_factory *(*sv_json_profile_fn)(void *ud, int64_t id, sv_factory *f);
struct sv_match_result;
/* A match result, as `selvedge match --json` prints it: the matches, near misses, groups,
 * closest factories and pinned styles (fid: the registry id each style names, as
 * sv_match_options.style_factory, or NULL), each factory named through profile. */
json_t *sv_json_match(const sv_program *p, const struct sv_match_result *r, const int64_t *fid,
                      sv_json_profile_fn profile, void *ud);
/* An AQL plan; NULL when out of memory (never an object missing a field). */
json_t *sv_json_aql(int64_t lot, sv_aql_level level, int aql_milli, const sv_aql_plan *plan);

/* A guard around building a document with jansson (the builders above use it; a command that
 * builds its own, as match and factories do, wraps it the same way): begin, build, then end
 * with the document, which comes back as it is, or NULL (dropped) when any allocation made
 * in between failed. Guards nest; a thread's outermost decides for it, and threads build at
 * once (the server's workers): a failure is the document of the thread it happened on. */
void sv_json_guard_begin(void);
json_t *sv_json_guard_end(json_t *j);

/* Dump with the project's settings (indent 2, keys in insertion order, exact decimals) to a
 * stream, followed by a newline. Returns 0 on success. */
int sv_json_print(json_t *j, FILE *out);

#endif
