/* Tests for src/cmd_aql.c, linked with src/cli.c and the library: a JSON report that cannot
 * be made (jansson out of memory, as its allocator is made to fail here) fails the command
 * with a message instead of printing nothing and exiting 0. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"

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

/* What cmd_aql(argv) returns, with what it wrote to stdout and stderr (into files). */
static int run_aql(int argc, char **argv, char *out, char *err, size_t n)
{
    cli c = {.prog = "selvedge"};
    FILE *o = tmpfile(), *e = tmpfile();
    assert_non_null(o);
    assert_non_null(e);
    fflush(stdout);
    fflush(stderr);
    int so = dup(STDOUT_FILENO), se = dup(STDERR_FILENO);
    assert_true(so >= 0 && se >= 0);
    assert_true(dup2(fileno(o), STDOUT_FILENO) >= 0 && dup2(fileno(e), STDERR_FILENO) >= 0);
    int rc = cmd_aql(&c, argc, argv);
    fflush(stdout);
    fflush(stderr);
    clearerr(stdout);
    assert_true(dup2(so, STDOUT_FILENO) >= 0 && dup2(se, STDERR_FILENO) >= 0);
    close(so);
    close(se);
    FILE *f[2] = {o, e};
    char *buf[2] = {out, err};
    for (int k = 0; k < 2; k++) {
        rewind(f[k]);
        size_t got = fread(buf[k], 1, n - 1, f[k]);
        buf[k][got] = '\0';
        fclose(f[k]);
    }
    return rc;
}

static void json_out_of_memory_fails(void **state)
{
    (void)state;
    char *lists[][5] = {{"aql", "--lot", "3000", "--json", NULL},
                        {"aql", "--lot", "3000", "--aql", "2.5"}};
    int counts[] = {4, 5};
    for (int k = 0; k < 2; k++) {
        char *argv[7] = {0};
        int argc = counts[k];
        memcpy(argv, lists[k], sizeof lists[k]);
        if (k == 1)
            argv[argc++] = "--json";
        /* every allocation fails, then each one in turn: never exit 0 with a report
           missing a part */
        for (long fail_at = 0; fail_at < 200; fail_at++) {
            char out[8192], err[1024];
            left = fail_at;
            json_set_alloc_funcs(counted_malloc, free);
            int rc = run_aql(argc, argv, out, err, sizeof out);
            bool spent = left == 0;
            left = -1;
            json_set_alloc_funcs(malloc, free);
            if (!spent) { /* the report needed fewer allocations: made whole */
                assert_int_equal(rc, 0);
                assert_non_null(strstr(out, "\"sample_size\""));
                break;
            }
            if (rc == 0) {
                /* the allocation that failed was not needed for the output: the report is
                 * whole, with every plan in it */
                json_error_t je;
                json_t *j = json_loads(out, 0, &je);
                if (!j)
                    fail_msg("--json, allocation %ld failed: exit 0 with %s", fail_at, out);
                assert_int_equal(json_is_array(j) ? json_array_size(j) : 1, k == 0 ? 3 : 1);
                json_decref(j);
                continue;
            }
            assert_int_equal(rc, EXIT_INPUT);
            if (!strstr(err, "out of memory"))
                fail_msg("allocation %ld failed: exit %d, stderr %s", fail_at, rc, err);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_out_of_memory_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
