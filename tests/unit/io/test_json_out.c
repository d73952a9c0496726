/* Tests for lib/io/json_out.c: a report built while jansson runs out of memory is whole or
 * not made at all (NULL), never an object missing a part, which a command would print and
 * exit 0. jansson's allocator is made to fail here, each allocation in turn. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/aql.h"
#include "selvedge/json_out.h"
#include "selvedge/program.h"

#include "../test_util.h"

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

/* One document built by a builder from fixed inputs. */
typedef json_t *(*build_fn)(void *arg);

/* The builder gives the whole document, or NULL, whichever allocation fails (each in turn):
 * never one with a key or an element missing, which a command would print and exit 0 with. */
static void whole_or_nothing(const char *what, build_fn build, void *arg)
{
    json_t *whole = build(arg);
    assert_non_null(whole);
    char *want = json_dumps(whole, JSON_PRESERVE_ORDER | JSON_SORT_KEYS);
    assert_non_null(want);
    json_decref(whole);
    long fail_at = 0;
    for (;; fail_at++) {
        left = fail_at;
        json_set_alloc_funcs(counted_malloc, free);
        json_t *j = build(arg);
        bool spent = left == 0;
        left = -1;
        json_set_alloc_funcs(malloc, free);
        if (j) {
            char *got = json_dumps(j, JSON_PRESERVE_ORDER | JSON_SORT_KEYS);
            if (!got || strcmp(got, want) != 0)
                fail_msg("%s, allocation %ld failed: a document unlike the whole one", what,
                         fail_at);
            free(got);
        }
        json_decref(j);
        if (!spent) /* it needed fewer allocations: it was made whole */
            break;
    }
    free(want);
    assert_true(fail_at > 20); /* the loop did fail the builder's allocations in turn */
}

typedef struct reports {
    sv_refdata *rd;
    sv_program *p;
    sv_readiness *r;
    sv_cost_report *cost;
    sv_plan *plan;
} reports;

static json_t *b_readiness(void *a)
{
    reports *x = a;
    return sv_json_readiness(x->p, x->r);
}
static json_t *b_cost(void *a)
{
    reports *x = a;
    return sv_json_cost(x->p, x->cost);
}
static json_t *b_plan(void *a)
{
    reports *x = a;
    return sv_json_plan(x->p, x->plan, x->rd);
}
static json_t *b_factory(void *a)
{
    return sv_json_factory(a, true);
}

static void reports_out_of_memory(void **state)
{
    (void)state;
    reports x = {tu_refdata(), NULL, NULL, NULL, NULL};
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_load(tu_source("examples/kids-two-origins.yaml"), &x.p, &e), SV_OK);
    assert_int_equal(sv_program_fx(x.p, x.rd, &e), SV_OK);
    sv_check_options co = {.today = {2026, 11, 25}};
    assert_int_equal(sv_readiness_check(x.p, x.rd, &co, &x.r, &e), SV_OK);
    sv_cost_options ko = {.mode = SV_MODE_SEA, .today = {2026, 11, 25}};
    assert_int_equal(sv_cost_run(x.p, x.rd, &ko, &x.cost, &e), SV_OK);
    sv_plan_options po = {.today = {2026, 11, 25}, .mode = SV_MODE_SEA};
    assert_int_equal(sv_plan_build(x.p, x.rd, &po, &x.plan, &e), SV_OK);
    whole_or_nothing("check --json", b_readiness, &x);
    whole_or_nothing("cost --json", b_cost, &x);
    whole_or_nothing("plan --json", b_plan, &x);
    sv_factory f;
    sv_factory_init(&f);
    f.id = 3;
    f.name = "Fábrica Têxtil Exemplo, Lda";
    memcpy(f.country, "PT", 3);
    f.handle = "pt-exemplo";
    f.categories = 7;
    whole_or_nothing("factories show --json", b_factory, &f);
    sv_plan_free(x.plan);
    sv_cost_report_free(x.cost);
    sv_readiness_free(x.r);
    sv_program_free(x.p);
    sv_refdata_free(x.rd);
}

/* The server builds reports on several workers at once: each document whole and the same as
 * one thread's, and jansson's allocator the process's own again after. */
typedef struct worker {
    reports *x;
    const char *want;
    int bad;
} worker;

static void *build_many(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < 100; i++) {
        json_t *j = sv_json_cost(w->x->p, w->x->cost);
        char *got = j ? json_dumps(j, JSON_COMPACT) : NULL;
        if (!got || strcmp(got, w->want) != 0)
            w->bad++;
        free(got);
        json_decref(j);
    }
    return NULL;
}

static void reports_on_threads(void **state)
{
    (void)state;
    reports x = {tu_refdata(), NULL, NULL, NULL, NULL};
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_load(tu_source("examples/northline.yaml"), &x.p, &e), SV_OK);
    assert_int_equal(sv_program_fx(x.p, x.rd, &e), SV_OK);
    sv_cost_options ko = {.mode = SV_MODE_SEA, .today = {2026, 11, 25}};
    assert_int_equal(sv_cost_run(x.p, x.rd, &ko, &x.cost, &e), SV_OK);
    json_t *one = sv_json_cost(x.p, x.cost);
    assert_non_null(one);
    char *want = json_dumps(one, JSON_COMPACT);
    json_decref(one);
    enum { N = 4 };
    pthread_t th[N];
    worker w[N];
    for (int i = 0; i < N; i++) {
        w[i] = (worker){&x, want, 0};
        assert_int_equal(pthread_create(&th[i], NULL, build_many, &w[i]), 0);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(w[i].bad, 0);
    }
    json_malloc_t m;
    json_free_t f;
    json_get_alloc_funcs(&m, &f);
    assert_ptr_equal(m, malloc);
    assert_ptr_equal(f, free);
    free(want);
    sv_cost_report_free(x.cost);
    sv_program_free(x.p);
    sv_refdata_free(x.rd);
}

/* One worker's allocation failure is its own document's: a report built on one thread while
 * another thread is inside a guard is still whole or nothing, and the other's document is not
 * dropped for it. */
static void *build_failing(void *arg)
{
    reports *x = arg;
    left = 5; /* the sixth allocation fails */
    json_t *j = sv_json_cost(x->p, x->cost);
    left = -1;
    return j;
}

static void guards_per_thread(void **state)
{
    (void)state;
    reports x = {tu_refdata(), NULL, NULL, NULL, NULL};
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_load(tu_source("examples/northline.yaml"), &x.p, &e), SV_OK);
    assert_int_equal(sv_program_fx(x.p, x.rd, &e), SV_OK);
    sv_cost_options ko = {.mode = SV_MODE_SEA, .today = {2026, 11, 25}};
    assert_int_equal(sv_cost_run(x.p, x.rd, &ko, &x.cost, &e), SV_OK);
    left = -1;
    json_set_alloc_funcs(counted_malloc, free);
    sv_json_guard_begin(); /* this thread is building a document */
    json_t *mine = json_pack("{s:s}", "a", "b");
    pthread_t th;
    void *other = NULL;
    assert_int_equal(pthread_create(&th, NULL, build_failing, &x), 0);
    pthread_join(th, &other);
    assert_null(other); /* the failing one: dropped, not a report missing a part */
    mine = sv_json_guard_end(mine);
    assert_non_null(mine); /* and this one whole */
    json_decref(mine);
    json_set_alloc_funcs(malloc, free);
    sv_cost_report_free(x.cost);
    sv_program_free(x.p);
    sv_refdata_free(x.rd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(aql_out_of_memory),
        cmocka_unit_test(reports_out_of_memory),
        cmocka_unit_test(reports_on_threads),
        cmocka_unit_test(guards_per_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
