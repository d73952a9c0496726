/* Small helpers shared by the unit tests: programs from inline YAML, the built-in reference
 * data, one-change edits of a baseline text, and scratch directories for override files.
 *
 * Include after <cmocka.h>. Everything here is static inline so a test file that uses only
 * part of it does not trip -Wunused-function. Every helper fails the running test (through
 * cmocka's fail_msg) instead of returning an error: a test that cannot even set up is a
 * failed test. */
#ifndef SELVEDGE_TEST_UTIL_H
#define SELVEDGE_TEST_UTIL_H

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "selvedge/err.h"
#include "selvedge/money.h"
#include "selvedge/program.h"
#include "selvedge/program_yaml.h"
#include "selvedge/refdata.h"

/* The built-in reference data (no override directory). Free with sv_refdata_free. */
static inline sv_refdata *tu_refdata(void)
{
    sv_refdata *rd = NULL;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_refdata_load(NULL, &rd, &e);
    if (rc != SV_OK) {
        char buf[1024];
        fail_msg("built-in reference data does not load: %s",
                 sv_err_format(&e, buf, sizeof buf));
    }
    assert_non_null(rd);
    return rd;
}

/* Parse YAML text into a program, failing the test with the parser's message if it is
 * refused. Free with sv_program_free. */
static inline sv_program *tu_parse(const char *yaml)
{
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_program_parse(yaml, strlen(yaml), "test.yaml", &p, &e);
    if (rc != SV_OK) {
        char buf[1024];
        fail_msg("test program does not parse: %s\n--- program ---\n%s",
                 sv_err_format(&e, buf, sizeof buf), yaml);
    }
    assert_non_null(p);
    return p;
}

/* A copy of text with the one occurrence of `find` replaced by `repl`. `find` must occur
 * exactly once, so a test's single change cannot silently miss or hit twice. */
static inline char *tu_replace(const char *text, const char *find, const char *repl)
{
    const char *at = strstr(text, find);
    if (!at)
        fail_msg("tu_replace: \"%s\" is not in the text", find);
    if (strstr(at + 1, find))
        fail_msg("tu_replace: \"%s\" occurs more than once", find);
    size_t tl = strlen(text), fl = strlen(find), rl = strlen(repl);
    char *out = malloc(tl - fl + rl + 1);
    assert_non_null(out);
    size_t pre = (size_t)(at - text);
    memcpy(out, text, pre);
    memcpy(out + pre, repl, rl);
    memcpy(out + pre + rl, at + fl, tl - pre - fl + 1);
    return out;
}

/* Apply (find, replace) pairs, NULL-terminated, to a copy of text. Returns malloc'd text. */
static inline char *tu_edit_v(const char *text, va_list ap)
{
    char *cur = strdup(text);
    assert_non_null(cur);
    for (;;) {
        const char *find = va_arg(ap, const char *);
        if (!find)
            break;
        const char *repl = va_arg(ap, const char *);
        assert_non_null(repl);
        char *next = tu_replace(cur, find, repl);
        free(cur);
        cur = next;
    }
    return cur;
}

static inline char *tu_edit(const char *text, ...)
{
    va_list ap;
    va_start(ap, text);
    char *out = tu_edit_v(text, ap);
    va_end(ap);
    return out;
}

/* Parse text after applying (find, replace) pairs, NULL-terminated. */
static inline sv_program *tu_parse_with(const char *text, ...)
{
    va_list ap;
    va_start(ap, text);
    char *yaml = tu_edit_v(text, ap);
    va_end(ap);
    sv_program *p = tu_parse(yaml);
    free(yaml);
    return p;
}

/* printf into a static rotating buffer: handy to build one replacement string inline.
 * Eight buffers, so up to eight results can be alive in one expression. */
static inline const char *tu_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline const char *tu_fmt(const char *fmt, ...)
{
    static char bufs[8][4096];
    static int next;
    char *b = bufs[next++ & 7];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof bufs[0], fmt, ap);
    va_end(ap);
    return b;
}

/* An amount in minor units as YAML writes it: 1850 at exponent 2 -> "18.50", 1580 at 0 ->
 * "1580". Rotating static buffers as tu_fmt. */
static inline const char *tu_amount(int64_t minor, int exponent)
{
    char d[48];
    sv_decimal_format(minor, exponent, false, d, sizeof d);
    return tu_fmt("%s", d);
}

/* The built-in copy of a reference file, NUL-terminated in a malloc'd buffer. */
static inline char *tu_embedded(const char *name)
{
    for (const sv_embedded_file *f = sv_embedded_files; f->name; f++) {
        if (strcmp(f->name, name) == 0) {
            char *s = malloc(f->len + 1);
            assert_non_null(s);
            memcpy(s, f->data, f->len);
            s[f->len] = '\0';
            return s;
        }
    }
    fail_msg("no built-in reference file %s", name);
    return NULL;
}

/* 1-based line number of the first line of text that begins with `prefix`, or 0. */
static inline int tu_line_of(const char *text, const char *prefix)
{
    int line = 1;
    size_t pl = strlen(prefix);
    for (const char *p = text; *p; line++) {
        if (strncmp(p, prefix, pl) == 0)
            return line;
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
    return 0;
}

/* A new empty scratch directory under $TMPDIR (or /tmp); malloc'd path. */
static inline char *tu_tempdir(void)
{
    const char *base = getenv("TMPDIR");
    char *tmpl = malloc(4096);
    assert_non_null(tmpl);
    snprintf(tmpl, 4096, "%s/selvedge-test-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpl))
        fail_msg("mkdtemp(%s) failed", tmpl);
    return tmpl;
}

/* Write text as dir/name. */
static inline void tu_write_file(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot create %s", path);
    size_t n = strlen(text);
    assert_int_equal(fwrite(text, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* Remove the regular files in dir (one level; the tests make no subdirectories), then dir,
 * and free the path. */
static inline void tu_rmtree(char *dir)
{
    if (!dir)
        return;
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
    free(dir);
}

#endif
