/* Readiness: the program as a factory sees it. A score 0-100, a score per area, a verdict,
 * and every finding with a stable code, its severity, the style it concerns, the numbers
 * behind it, a message and a fix. The codes and their rules: docs/internals/readiness.md. */
#ifndef SELVEDGE_READINESS_H
#define SELVEDGE_READINESS_H

#include "selvedge/costing.h"
#include "selvedge/err.h"
#include "selvedge/program.h"
#include "selvedge/refdata.h"

typedef enum { SV_SEV_BLOCKER, SV_SEV_WARNING, SV_SEV_INFO, SV_SEV__COUNT } sv_severity;

typedef enum {
    SV_AREA_CLARITY,
    SV_AREA_NUMBERS,
    SV_AREA_BUDGET,
    SV_AREA_TIMELINE,
    SV_AREA_DOCUMENTATION,
    SV_AREA_COMMITMENT,
    SV_AREA__COUNT
} sv_area;

typedef enum { SV_VERDICT_READY, SV_VERDICT_NEARLY, SV_VERDICT_NOT_READY } sv_verdict;

/* A number behind a finding: value / 10^scale, in `unit` ("USD", "units", "days", "%", "x"). */
typedef struct sv_fact {
    const char *name;
    int64_t value;
    int scale;
    const char *unit;
} sv_fact;

enum { SV_MAX_FACTS = 8 };

/* One style of a finding grouped over styles, with its own numbers. */
typedef struct sv_finding_part {
    const char *style;
    sv_fact facts[SV_MAX_FACTS];
    int n_facts;
} sv_finding_part;

typedef struct sv_finding {
    const char *code;           /* stable: "price.target_below_floor" */
    sv_severity severity;
    sv_area area;
    const char *style;          /* style code, or NULL for the whole program */
    char message[512];
    char fix[512];
    sv_fact facts[SV_MAX_FACTS];
    int n_facts;
    /* The same finding on several styles, said once (docs/internals/readiness.md, "Grouped
     * findings"): style is NULL, facts hold "styles" (how many), and each style with its own
     * numbers is a part. NULL and 0 for any other finding. */
    sv_finding_part *parts;
    size_t n_parts;
} sv_finding;

typedef struct sv_check_options {
    sv_date today;
    char origin[3];             /* "" = the program's preferred origins */
    const struct sv_factory *factory; /* check against this factory's own figures too */
    /* [the program's style count] or NULL: the registry id of the factory each style names
     * (sv_style.factory), 0 when it names none, -1 when it is not on file; a style naming
     * another factory than `factory` is not judged against it */
    const int64_t *style_factory;
} sv_check_options;

typedef struct sv_readiness {
    int score;
    int areas[SV_AREA__COUNT];
    sv_verdict verdict;
    int counts[SV_SEV__COUNT];
    sv_finding *findings;       /* sorted: blockers first, then warnings, then info */
    size_t n_findings;
    size_t cap;
    /* Steps the engine took over the findings once made: each time it compares, moves or
     * looks through one of them to sort, score or search. It grows in step with the findings,
     * not with their square; the tests hold it to that (a measure of work, not a timer). */
    uint64_t work;
} sv_readiness;

sv_code sv_readiness_check(const sv_program *p, const sv_refdata *rd, const sv_check_options *opt,
                           sv_readiness **out, sv_err *e);
void sv_readiness_free(sv_readiness *r);

/* The first finding with this code (and this style, unless style is NULL: a grouped finding
 * answers for each of its styles), or NULL. */
const sv_finding *sv_readiness_find(const sv_readiness *r, const char *code, const char *style);

const char *sv_severity_name(sv_severity s);
const char *sv_area_name(sv_area a);
const char *sv_verdict_name(sv_verdict v);

#endif
