/* A review decision as data: what a person decided about two factories the import could not
 * tell apart, when and by whom (selvedge/review.h makes, undoes and lists them in the store;
 * selvedge/json_out.h encodes one). A model type: it needs no store to be read or written. */
#ifndef SELVEDGE_REVIEW_DECISION_H
#define SELVEDGE_REVIEW_DECISION_H

#include <stdint.h>

typedef enum { SV_REVIEW_MERGE, SV_REVIEW_DISTINCT } sv_review_kind;

typedef struct sv_review_decision {
    int64_t id;
    sv_review_kind kind;
    int64_t a, b;               /* merge: a kept, b merged into it; distinct: the two */
    const char *a_name, *b_name;
    const char *decided_at;     /* UTC, ISO 8601: "2026-03-01T09:30:00Z" */
    const char *decided_by;
    const char *undone_at, *undone_by; /* NULL while the decision stands */
} sv_review_decision;

const char *sv_review_kind_name(sv_review_kind k); /* "merge", "distinct" */

#endif
