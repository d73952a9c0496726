/* Review decisions as data (see review_decision.h). */
#include "selvedge/review_decision.h"

const char *sv_review_kind_name(sv_review_kind k)
{
    return k == SV_REVIEW_MERGE ? "merge" : "distinct";
}
