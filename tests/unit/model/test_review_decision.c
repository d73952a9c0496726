/* Tests for lib/model/review_decision.c: a review decision is a model type. Its header and
 * the JSON encoder's reach no store header (the io layer does not see the store), and a
 * decision made by hand, without a registry, encodes to JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "selvedge/json_out.h"
#include "selvedge/review_decision.h"

#ifdef SELVEDGE_STORE_H
#error "selvedge/json_out.h or selvedge/review_decision.h includes selvedge/store.h"
#endif

static void test_kind_names(void **state)
{
    (void)state;
    assert_string_equal(sv_review_kind_name(SV_REVIEW_MERGE), "merge");
    assert_string_equal(sv_review_kind_name(SV_REVIEW_DISTINCT), "distinct");
}

static void test_json_without_a_store(void **state)
{
    (void)state;
    sv_review_decision d = {.id = 7,
                            .kind = SV_REVIEW_MERGE,
                            .a = 1,
                            .b = 2,
                            .a_name = "Kept Knit",
                            .b_name = "Other Knit",
                            .decided_at = "2026-03-01T09:30:00Z",
                            .decided_by = "ana"};
    json_t *j = sv_json_review_decision(&d);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 7);
    assert_string_equal(json_string_value(json_object_get(j, "kind")), "merge");
    assert_true(json_is_null(json_object_get(j, "undone_at")));
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_json_without_a_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
