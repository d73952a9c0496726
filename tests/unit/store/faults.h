/* Failing one SQLite statement at a time, for the store's tests: an operation run once for
 * each statement it runs, that statement failing (SQLITE_INTERRUPT, through SQLite's progress
 * handler: the error a statement gets when it is interrupted, real, not a mock), must either
 * fail leaving the database as it was, or succeed with the result it has without the fault.
 * A loop that stops at the first result that is not a row and carries on as if the query
 * were done turns such a failure into a partial change, or a wrong answer, that succeeds.
 *
 * The statements are counted as SQLite starts them (sqlite3_trace_v2, SQLITE_TRACE_STMT: the
 * library's own statements, those it runs for FTS5, BEGIN and COMMIT); the fault fires at the
 * first progress callback once the chosen one has started. */
#ifndef SELVEDGE_TEST_STORE_FAULTS_H
#define SELVEDGE_TEST_STORE_FAULTS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "selvedge/store.h"

typedef struct fault {
    int64_t target;  /* the statement to fail, counting from 1 */
    int64_t started; /* statements started so far */
    bool armed, fired;
    char sql[160]; /* the failed statement's text, for the message */
} fault;

static int fault_trace_(unsigned type, void *ud, void *p, void *x)
{
    fault *f = ud;
    (void)x;
    if (type == SQLITE_TRACE_STMT && ++f->started == f->target) {
        f->armed = true;
        const char *q = sqlite3_sql(p);
        snprintf(f->sql, sizeof f->sql, "%s", q ? q : "?");
    }
    return 0;
}

static int fault_progress_(void *ud)
{
    fault *f = ud;
    if (f->armed && !f->fired) {
        f->fired = true;
        return 1; /* the running statement fails with SQLITE_INTERRUPT */
    }
    return 0;
}

static inline void fault_arm(sv_store *s, fault *f, int64_t target)
{
    memset(f, 0, sizeof *f);
    f->target = target;
    sqlite3_trace_v2(sv_store_db(s), SQLITE_TRACE_STMT, fault_trace_, f);
    sqlite3_progress_handler(sv_store_db(s), 1, fault_progress_, f);
}

static inline void fault_off(sv_store *s)
{
    sqlite3_trace_v2(sv_store_db(s), 0, NULL, NULL);
    sqlite3_progress_handler(sv_store_db(s), 0, NULL, NULL);
}

/* The rows of each query, as text (malloc'ed). */
static inline char *fault_state(sv_store *s, const char *const *queries, size_t n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out)
        abort();
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st;
        fprintf(out, "-- %s\n", queries[i]);
        if (sqlite3_prepare_v2(sv_store_db(s), queries[i], -1, &st, NULL) != SQLITE_OK) {
            fprintf(out, "(%s)\n", sqlite3_errmsg(sv_store_db(s)));
            continue;
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const unsigned char *v = sqlite3_column_text(st, c);
                fprintf(out, "%s%s", c ? "|" : "", v ? (const char *)v : "NULL");
            }
            fputc('\n', out);
        }
        sqlite3_finalize(st);
    }
    fclose(out);
    return text;
}

/* Every table of a registry in a fixed order, the decisions without their time (a run in
 * another second is the same decision). */
static const char *const fault_registry_queries[] = {
    "SELECT * FROM factory ORDER BY id",
    "SELECT factory_id, name, name_key FROM factory_name ORDER BY id",
    "SELECT factory_id, address, address_key FROM factory_address ORDER BY id",
    "SELECT * FROM factory_price ORDER BY factory_id, category",
    "SELECT * FROM factory_token ORDER BY country, token, factory_id",
    "SELECT * FROM review_pair ORDER BY a, b",
    "SELECT rowid, names, addresses FROM factory_fts ORDER BY rowid",
    "SELECT id, kind, a, b, decided_by, undone_at IS NULL, undone_by FROM review_decision "
    "ORDER BY id",
    "SELECT * FROM merge_change ORDER BY decision, seq",
    "PRAGMA integrity_check",
};

static inline char *fault_registry(sv_store *s)
{
    return fault_state(s, fault_registry_queries,
                       sizeof fault_registry_queries / sizeof fault_registry_queries[0]);
}

/* A byte-for-byte copy of a closed database file. */
static inline void fault_copy(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    if (!in || !out)
        abort();
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            abort();
    fclose(in);
    if (fclose(out) != 0)
        abort();
    char side[4200];
    snprintf(side, sizeof side, "%s-wal", to);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", to);
    unlink(side);
}

#endif
