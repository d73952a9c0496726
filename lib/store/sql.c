/* Running statements on the registry's connection, and its errors in words a user can act on
 * (internal.h). */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "selvedge/utf8.h"

/* An error from the connection in words a user can act on. */
sv_code st_fail_msg(sv_store *s, sv_err *e, const char *what, const char *msg)
{
    int code = sqlite3_extended_errcode(s->db), base = code & 0xff;
    const char *sep = what ? ": " : "";
    what = what ? what : "";
    if ((base == SQLITE_BUSY || base == SQLITE_LOCKED) && s->gave_up)
        return sv_err_set(e, SV_ERR_IO,
                          "database: %s%sthe registry is busy: another command (an import?) "
                          "has been writing to it for over %d s; try again when it is done",
                          what, sep, s->wait_ms / 1000);
    if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
        return sv_err_set(e, SV_ERR_IO,
                          "database: %s%sthe registry is busy: another command (an import?) "
                          "is writing to it; try again when it is done",
                          what, sep);
    if (base == SQLITE_NOTADB)
        return sv_err_set(e, SV_ERR_IO,
                          "not a selvedge registry: the file is not an SQLite database");
    if (base == SQLITE_READONLY && !s->read)
        return sv_err_set(e, SV_ERR_IO,
                          "database: %s%sit cannot be written here (a read-only file or "
                          "directory)",
                          what, sep);
    return sv_err_set(e, SV_ERR_IO, "database: %s%s%s", what, sep,
                      msg ? msg : sqlite3_errmsg(s->db));
}

sv_code st_fail(sv_store *s, sv_err *e, const char *what)
{
    return st_fail_msg(s, e, what, NULL);
}

sv_code st_exec(sv_store *s, const char *text, sv_err *e)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, text, NULL, NULL, &msg) != SQLITE_OK) {
        st_fail_msg(s, e, NULL, msg);
        sqlite3_free(msg);
        return SV_ERR_IO;
    }
    return SV_OK;
}

sv_code st_query_text(sv_store *s, const char *q, char **out, sv_err *e)
{
    sqlite3_stmt *st;
    *out = NULL;
    if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK)
        return st_fail(s, e, NULL);
    int r = sqlite3_step(st);
    sv_code rc = SV_OK;
    if (r == SQLITE_ROW && sqlite3_column_text(st, 0) &&
        !(*out = strdup((const char *)sqlite3_column_text(st, 0))))
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    if (rc == SV_OK && r == SQLITE_ROW)
        r = sqlite3_step(st); /* to its end: a statement that also writes (a pragma) is done */
    if (rc == SV_OK && r != SQLITE_DONE && r != SQLITE_ROW)
        rc = st_fail(s, e, NULL);
    sqlite3_finalize(st);
    if (rc) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

void st_texts_free(st_texts *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i]);
    free(t->v);
    memset(t, 0, sizeof *t);
}

sv_code st_collect(sv_store *s, sqlite3_stmt *st, int col, size_t max, st_texts *out,
                   const char *what, sv_err *e)
{
    sv_code rc = SV_OK;
    int r = SQLITE_DONE;
    while ((!max || out->n < max) && (r = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 8;
            char **grown = realloc(out->v, cap * sizeof *grown);
            if (!grown) {
                rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
                break;
            }
            out->v = grown;
            out->cap = cap;
        }
        const unsigned char *v = sqlite3_column_text(st, col);
        if (!(out->v[out->n++] = strdup(v ? (const char *)v : ""))) {
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            break;
        }
    }
    /* a query stopped at max rows is done; any other end but SQLITE_DONE is a failure, never
     * the end of the rows */
    if (rc == SV_OK && (!max || out->n < max) && r != SQLITE_DONE)
        rc = st_fail(s, e, what);
    sqlite3_reset(st);
    return rc;
}

sv_code st_collect_query(sv_store *s, const char *q, int64_t param, st_texts *out, const char *what,
                         sv_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK)
        return st_fail(s, e, what);
    sqlite3_bind_int64(st, 1, param);
    sv_code rc = st_collect(s, st, 0, 0, out, what, e);
    sqlite3_finalize(st);
    return rc;
}

sv_code st_tx_begin(sv_store *s, bool *own, sv_err *e)
{
    *own = !s->in_tx;
    return *own ? sv_store_begin(s, e) : SV_OK;
}

sv_code st_tx_end(sv_store *s, bool own, sv_code rc, sv_err *e)
{
    if (!own)
        return rc;
    if (rc == SV_OK)
        rc = sv_store_commit(s, e);
    if (rc != SV_OK && s->in_tx)
        sv_store_rollback(s);
    return rc;
}

sv_code st_prepare(sv_store *s, const char *q, sqlite3_stmt **st, const char *what, sv_err *e)
{
    if (sqlite3_prepare_v2(s->db, q, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return st_fail(s, e, what);
    }
    return SV_OK;
}

sv_code st_run(sv_store *s, sqlite3_stmt *st, const char *what, sv_err *e)
{
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        ;
    sv_code rc = r == SQLITE_DONE ? SV_OK : st_fail(s, e, what);
    sqlite3_finalize(st);
    return rc;
}

sv_code st_check_text(const char *text, size_t max, const char *field, sv_err *e)
{
    size_t n = text ? strlen(text) : 0;
    if (n == 0)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, field, "must not be empty");
    if (n > max)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, field, "must be at most %zu bytes", max);
    int32_t cp;
    if (sv_utf8_unsafe(text, n, 0, &cp) < n)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, field,
                         cp < 0 ? "must be valid UTF-8" : "must not hold control characters");
    return SV_OK;
}
