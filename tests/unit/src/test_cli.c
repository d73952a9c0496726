/* Tests for src/cli.c, the command line's shared pieces, linked with the library: what a
 * command says when its JSON report cannot be made or written. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* A stream's descriptor pointed at a scratch file while a call runs. */
typedef struct capture {
    FILE *f, *tmp;
    int fd, saved;
} capture;

static void capture_start(capture *k, FILE *f)
{
    fflush(f);
    k->f = f;
    k->fd = fileno(f);
    k->tmp = tmpfile();
    assert_non_null(k->tmp);
    k->saved = dup(k->fd);
    assert_true(k->saved >= 0);
    assert_true(dup2(fileno(k->tmp), k->fd) >= 0);
}

/* What was written, into buf of n bytes. */
static void capture_end(capture *k, char *buf, size_t n)
{
    fflush(k->f);
    clearerr(k->f);
    assert_true(dup2(k->saved, k->fd) >= 0);
    close(k->saved);
    rewind(k->tmp);
    size_t got = fread(buf, 1, n - 1, k->tmp);
    buf[got] = '\0';
    fclose(k->tmp);
}

/* What cli_print_json(j) returns, with what it wrote to stdout and stderr. */
static int print_json(json_t *j, char *out, char *err, size_t n)
{
    cli c = {.prog = "selvedge"};
    capture o, e;
    capture_start(&o, stdout);
    capture_start(&e, stderr);
    int rc = cli_print_json(&c, j);
    capture_end(&e, err, n);
    capture_end(&o, out, n);
    return rc;
}

/* A report builder gives NULL only when memory runs out: the command says so and fails,
 * instead of printing nothing and exiting 0. */
static void test_print_json_null_is_out_of_memory(void **state)
{
    (void)state;
    char out[512], err[512];
    assert_int_equal(print_json(NULL, out, err, sizeof out), EXIT_INPUT);
    assert_string_equal(err, "selvedge: out of memory: the report could not be made\n");
    assert_string_equal(out, "");
}

/* A report that is made is printed, and nothing is said. */
static void test_print_json_prints(void **state)
{
    (void)state;
    char out[512], err[512];
    json_t *j = json_pack("{s:i}", "ok", 1);
    assert_non_null(j);
    assert_int_equal(print_json(j, out, err, sizeof out), 0);
    assert_string_equal(out, "{\n  \"ok\": 1\n}\n");
    assert_string_equal(err, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_print_json_null_is_out_of_memory),
        cmocka_unit_test(test_print_json_prints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
