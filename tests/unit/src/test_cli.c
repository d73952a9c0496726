/* Tests for src/cli.c, the command line's shared pieces, linked with the library: what a
 * command says when its JSON report cannot be made or written, and what stands in for a
 * standard descriptor the caller closed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* In a child with descriptor fd closed: cli_std_fds fills it with something of its own that a
 * write fails on (EBADF, as on the closed descriptor), and that is no other file: /dev/null
 * would be taken for standard output by `-o LINK` with LINK a link to /dev/null, and
 * refused. 0 when so, else a code saying what was found. */
static int stand_in_child(int fd)
{
    struct stat null_st, st;
    if (stat("/dev/null", &null_st) != 0)
        return 10;
    close(fd);
    cli_std_fds();
    if (fstat(fd, &st) != 0)
        return 11; /* still closed */
    if (st.st_dev == null_st.st_dev && st.st_ino == null_st.st_ino)
        return 12; /* the shared /dev/null */
    if (!S_ISFIFO(st.st_mode))
        return 13;
    errno = 0;
    if (write(fd, "x", 1) != -1 || errno != EBADF)
        return 14;
    return 0;
}

static void closed_stdout_gets_a_stand_in_of_its_own(void **state)
{
    (void)state;
    for (int fd = STDOUT_FILENO; fd <= STDERR_FILENO; fd++) {
        fflush(NULL);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            _exit(stand_in_child(fd));
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_print_json_null_is_out_of_memory),
        cmocka_unit_test(test_print_json_prints),
        cmocka_unit_test(closed_stdout_gets_a_stand_in_of_its_own),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
