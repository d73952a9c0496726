/* Running statements on the registry's connection, and its errors in words a user can act on
 * (internal.h). */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

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

/* The one-row answer of a statement as text (NULL when none), malloc'ed. */
char *st_query_text(sv_store *s, const char *q)
{
    sqlite3_stmt *st;
    char *v = NULL;
    if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}
