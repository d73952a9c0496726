/* Tests for lib/io/json_out.c: a report built while jansson runs out of memory is whole or
 * not made at all (NULL), never an object missing a part, which a command would print and
 * exit 0. jansson's allocator is made to fail here, each allocation in turn. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/aql.h"
#include "selvedge/json_out.h"

/* jansson's allocator: fails once `left` allocations are spent (-1: never). */
static long left = -1;

static void *counted_malloc(size_t n)
{
    if (left == 0)
        return NULL;
    if (left > 0)
        left--;
    return malloc(n);
}

/* The AQL plan's report has every one of its fields, each of its type. */
static void expect_whole_aql(json_t *j, const sv_aql_plan *plan)
{
    static const char *const ints[] = {"lot_size", "sample_size", "accept", "reject"};
    static const char *const texts[] = {"level", "table_letter", "code_letter"};
    static const char *const bools[] = {"arrow_followed", "full_inspection"};
    assert_true(json_is_object(j));
    assert_int_equal(json_object_size(j), 10);
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        if (!json_is_integer(json_object_get(j, ints[i])))
            fail_msg("\"%s\" is missing or not a number", ints[i]);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (!json_is_string(json_object_get(j, texts[i])))
            fail_msg("\"%s\" is missing or not text", texts[i]);
    for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++)
        if (!json_is_boolean(json_object_get(j, bools[i])))
            fail_msg("\"%s\" is missing or not true or false", bools[i]);
    assert_true(json_is_number(json_object_get(j, "aql")));
    assert_int_equal(json_integer_value(json_object_get(j, "sample_size")), plan->sample_size);
}

static void aql_out_of_memory(void **state)
{
    (void)state;
    sv_aql_plan plan;
    sv_err e;
    assert_int_equal(sv_aql_plan_for(3000, SV_AQL_II, 2500, &plan, &e), SV_OK);
    json_t *whole = sv_json_aql(3000, SV_AQL_II, 2500, &plan);
    expect_whole_aql(whole, &plan);
    json_decref(whole);
    long fail_at = 0;
    for (;; fail_at++) {
        left = fail_at;
        json_set_alloc_funcs(counted_malloc, free);
        json_t *j = sv_json_aql(3000, SV_AQL_II, 2500, &plan);
        bool spent = left == 0;
        left = -1;
        json_set_alloc_funcs(malloc, free);
        if (!spent) { /* it needed fewer allocations: made whole */
            expect_whole_aql(j, &plan);
            json_decref(j);
            break;
        }
        if (j) /* an allocation failed: no report, or (it was not needed) a whole one */
            expect_whole_aql(j, &plan);
        json_decref(j);
    }
    assert_true(fail_at > 10); /* every part was made, and each failed in turn */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(aql_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
