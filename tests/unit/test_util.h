/* Small helpers shared by the unit tests: programs from inline YAML, the built-in reference
 * data, one-change edits of a baseline text, scratch directories for override files, objects
 * a test owns until its teardown, and factory stores (on disk or in memory) with imports.
 *
 * Include after <cmocka.h>. Everything here is static inline so a test file that uses only
 * part of it does not trip -Wunused-function. Every helper fails the running test (through
 * cmocka's fail_msg) instead of returning an error: a test that cannot even set up is a
 * failed test. */
#ifndef SELVEDGE_TEST_UTIL_H
#define SELVEDGE_TEST_UTIL_H

#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "selvedge/err.h"
#include "selvedge/money.h"
#include "selvedge/pool.h"
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

/* Whether the YAML text, read as the program file `file`, is refused as a test expects: a
 * schema error at line:col naming field, its message holding phrase. When it is not, says
 * what was got against what was expected (print_error) and returns false, so a test can
 * report every wrong refusal of a table before it fails. */
static inline bool tu_refused(const char *file, const char *yaml, int line, int col,
                              const char *field, const char *phrase)
{
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_program_parse(yaml, strlen(yaml), file, &p, &e);
    if (rc == SV_OK) {
        sv_program_free(p);
        print_error("accepted, must be refused:\n%s\n", yaml);
        return false;
    }
    assert_null(p);
    char buf[1024];
    sv_err_format(&e, buf, sizeof buf);
    if (e.code != SV_ERR_SCHEMA || e.line != line || e.column != col ||
        strcmp(e.field, field) != 0 || !strstr(e.msg, phrase)) {
        print_error("got      %s\nexpected %s:%d:%d: %s: ...%s...\n--- program ---\n%s\n", buf,
                    file, line, col, field, phrase, yaml);
        return false;
    }
    return true;
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

/* ---- what a test owns, freed by its teardown even when it fails half-way -------------------- */

/* A test hands what it allocates to tu_own with the function that frees it and the teardown
 * calls tu_release_all, so a test that fails half-way (cmocka jumps out of it) leaks nothing
 * under AddressSanitizer. One list per test program. */
typedef struct tu_owned {
    void (*fn)(void *);
    void *p;
} tu_owned;

enum { TU_OWNED_MAX = 1024 };

typedef struct tu_owner_ {
    tu_owned live[TU_OWNED_MAX];
    size_t n;
} tu_owner_;

static inline tu_owner_ *tu_owner_get_(void)
{
    static tu_owner_ owner;
    return &owner;
}

/* Own p (NULL is let through and not owned); returns p. */
static inline void *tu_own(void *p, void (*fn)(void *))
{
    tu_owner_ *o = tu_owner_get_();
    if (p) {
        if (o->n == TU_OWNED_MAX)
            fail_msg("own: too many live objects");
        o->live[o->n].fn = fn;
        o->live[o->n].p = p;
        o->n++;
    }
    return p;
}

/* Free an owned object now. */
static inline void tu_release(void *p)
{
    tu_owner_ *o = tu_owner_get_();
    for (size_t i = o->n; i-- > 0;)
        if (o->live[i].p == p) {
            tu_owned w = o->live[i];
            memmove(&o->live[i], &o->live[i + 1], (o->n - i - 1) * sizeof o->live[0]);
            o->n--;
            w.fn(w.p);
            return;
        }
    fail_msg("release: %p is not owned", p);
}

/* Free everything owned, the latest first: for a teardown. */
static inline void tu_release_all(void)
{
    tu_owner_ *o = tu_owner_get_();
    while (o->n) {
        tu_owned w = o->live[--o->n];
        w.fn(w.p);
    }
}

/* Freeing functions of the shape tu_own takes. */
static inline void tu_free_pool(void *p)
{
    sv_pool_free(p);
}

static inline void tu_free_refdata(void *p)
{
    sv_refdata_free(p);
}

/* ---- the factory registry: stores in scratch directories, imports, the shared OSH lists ---- */

#include "selvedge/factory_import.h"
#include "selvedge/store.h"

/* "dir/name" in one of tu_fmt's rotating buffers. */
static inline const char *tu_path(const char *dir, const char *name)
{
    return tu_fmt("%s/%s", dir, name);
}

/* A file of the source tree: $SELVEDGE_SOURCE_ROOT/rel, or ./rel when it is not set.
 * Rotating buffer as tu_fmt. */
static inline const char *tu_source(const char *rel)
{
    const char *root = getenv("SELVEDGE_SOURCE_ROOT");
    return tu_fmt("%s/%s", root && *root ? root : ".", rel);
}

/* Open (creating) the store dir/name, failing the test when it does not open. Close with
 * sv_store_close. */
static inline sv_store *tu_store_open(const char *dir, const char *name)
{
    sv_store *s = NULL;
    sv_err e;
    sv_err_clear(&e);
    const char *path = tu_path(dir, name);
    if (sv_store_open(path, &s, &e) != SV_OK) {
        char buf[1024];
        fail_msg("store %s does not open: %s", path, sv_err_format(&e, buf, sizeof buf));
    }
    assert_non_null(s);
    return s;
}

/* A new empty store in memory: the same schema as on disk, without a file to sync (for tests
 * that build many small registries). Close with sv_store_close. */
static inline sv_store *tu_store_memory(void)
{
    sv_store *s = NULL;
    sv_err e;
    sv_err_clear(&e);
    if (sv_store_open(":memory:", &s, &e) != SV_OK) {
        char buf[1024];
        fail_msg("in-memory store: %s", sv_err_format(&e, buf, sizeof buf));
    }
    assert_non_null(s);
    return s;
}

static inline void tu_free_store(void *p)
{
    sv_store_close(p);
}

/* Factories in the store. */
static inline int64_t tu_store_count(sv_store *s)
{
    int64_t n = -1;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_store_factory_count(s, &n, &e), SV_OK);
    return n;
}

/* Import a file that must import (bad rows aside: they are counted in the stats). */
static inline sv_import_stats tu_import(sv_store *s, const sv_refdata *rd, const char *path)
{
    sv_import_stats st;
    sv_err e;
    sv_err_clear(&e);
    memset(&st, 0, sizeof st);
    if (sv_factories_import(s, rd, path, NULL, &st, &e) != SV_OK) {
        char buf[1024];
        fail_msg("%s does not import: %s", path, sv_err_format(&e, buf, sizeof buf));
    }
    return st;
}

/* Write text as dir/name (a .yaml capability file, or a .csv list) and import it. */
static inline sv_import_stats tu_import_text(sv_store *s, const sv_refdata *rd, const char *dir,
                                             const char *name, const char *text)
{
    tu_write_file(dir, name, text);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return tu_import(s, rd, path);
}

/* The id of the factory with this handle, failing the test when there is none. */
static inline int64_t tu_handle_id(sv_store *s, const char *handle)
{
    int64_t id = 0;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_store_find_handle(s, handle, &id, &e), SV_OK);
    if (id <= 0)
        fail_msg("no factory with handle %s in the store", handle);
    return id;
}

/* The 28 real Open Supply Hub lists: $SELVEDGE_SHARED_DATA (the shared data directory, holding
 * osh/lists, or the lists directory itself), else ../shared/data/osh/lists beside
 * $SELVEDGE_SOURCE_ROOT (or the current directory). NULL when they are not there: the caller
 * skips. */
static inline const char *tu_osh_lists_dir(void)
{
    static char dir[4096];
    struct stat st;
    const char *shared = getenv("SELVEDGE_SHARED_DATA");
    if (shared && *shared) {
        snprintf(dir, sizeof dir, "%s/osh/lists", shared);
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            return dir;
        snprintf(dir, sizeof dir, "%s/contributed-2.csv", shared);
        if (stat(dir, &st) == 0) {
            snprintf(dir, sizeof dir, "%s", shared);
            return dir;
        }
    }
    const char *root = getenv("SELVEDGE_SOURCE_ROOT");
    snprintf(dir, sizeof dir, "%s/../shared/data/osh/lists", root && *root ? root : ".");
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return dir;
    return NULL;
}

static inline int tu_cmp_str_(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of dir whose names end in suffix (".csv"), as malloc'd full paths in name order;
 * returns how many. Free with tu_free_files. */
static inline size_t tu_list_files(const char *dir, const char *suffix, char ***out)
{
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot open directory %s", dir);
    char **files = NULL;
    size_t n = 0, cap = 0, sl = strlen(suffix);
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l <= sl || strcmp(de->d_name + l - sl, suffix) != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            files = realloc(files, cap * sizeof *files);
            assert_non_null(files);
        }
        files[n] = malloc(strlen(dir) + l + 2);
        assert_non_null(files[n]);
        sprintf(files[n], "%s/%s", dir, de->d_name);
        n++;
    }
    closedir(d);
    if (n)
        qsort(files, n, sizeof *files, tu_cmp_str_);
    *out = files;
    return n;
}

static inline void tu_free_files(char **files, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
}

#endif
