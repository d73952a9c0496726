/* Review decisions (selvedge/review.h): merge, distinct, undo, and their history.
 *
 * A merge keeps the merged-away factory's row as it is and points it at the kept one
 * (factory.merged_into); the store's look-ups, lists, searches and the matcher's table skip
 * such rows, and its blocking words and search row go, so no import proposes it again. What
 * the merge adds to the kept profile is recorded change by change in merge_change (a column's
 * value before and after, each name, address and price band added), and so is what a row of
 * the merged-away factory's imported later adds to it (store.c, through: the row is the merged
 * one's, its own profile takes it too); an undo takes exactly that away: a column goes back
 * only while it still holds what was put there, so what an import of the kept factory's own
 * changed since stays, and of a set or list the members that were added go.
 *
 * The SQL is plain (INTEGER, TEXT, no upserts; order by explicit columns, never rowid; a new
 * id by INSERT ... RETURNING and merges followed by WITH RECURSIVE, both SQLite 3.35+ and
 * PostgreSQL), for the PostgreSQL backend to follow. */
#include "selvedge/review.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "internal.h"
#include "selvedge/utf8.h"

/* The columns a merge fills in the kept profile: empty ones (NULL) from the other factory,
 * with their companion (the address with its key, the latitude with the longitude); sets of
 * bits are unioned, and so are '|'-joined lists (each item once, the kept one's spelling
 * first: st_list_union). Type: I integer, R real, T text. Never the name, handle, OS ID,
 * country, source or status: those are the kept factory's own. */
typedef enum { FILL, UNION, LIST } rule;

static const struct {
    const char *col;
    char type;
    rule rule;
    const char *with;
} fields[] = {
    {"address", 'T', FILL, "address_key"},
    {"lat", 'R', FILL, "lng"},
    {"facility_types", 'I', UNION, NULL},
    {"processing_types", 'T', FILL, NULL},
    {"categories", 'I', UNION, NULL},
    {"constructions", 'I', UNION, NULL},
    {"tiers", 'I', UNION, NULL},
    {"moq_style", 'I', FILL, NULL},
    {"moq_color", 'I', FILL, NULL},
    {"moq_order", 'I', FILL, NULL},
    {"sampling_days", 'I', FILL, NULL},
    {"production_days", 'I', FILL, NULL},
    {"monthly_capacity", 'I', FILL, NULL},
    {"sample_fee", 'I', FILL, NULL},
    {"deposit_bp", 'I', FILL, NULL},
    {"certifications", 'I', UNION, NULL},
    {"new_brands", 'I', FILL, NULL},
    {"workers_min", 'I', FILL, NULL},
    {"workers_max", 'I', FILL, NULL},
    {"languages", 'T', FILL, NULL},
    {"other_certifications", 'T', LIST, NULL},
};

enum { N_FIELDS = sizeof fields / sizeof fields[0], MAX_BY = 100 };

/* ---- small helpers ------------------------------------------------------------------------ */

static sqlite3_stmt *prep(sv_store *s, const char *q, sv_err *e)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sv_store_db(s), q, -1, &st, NULL) != SQLITE_OK) {
        st_fail(s, e, "review decisions");
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

/* Run a prepared statement to its end and finalize it. */
static sv_code done(sv_store *s, sqlite3_stmt *st, sv_err *e)
{
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        ;
    sv_code rc = r == SQLITE_DONE ? SV_OK : st_fail(s, e, "review decisions");
    sqlite3_finalize(st);
    return rc;
}

/* A column's value as text (integers in decimal, reals with every digit they need to come
 * back the same), malloc'ed; NULL for SQL NULL. *nomem when out of memory. */
static char *value_text(sqlite3_stmt *st, int i, bool *nomem)
{
    char buf[64];
    const char *t;
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL:
        return NULL;
    case SQLITE_INTEGER:
        snprintf(buf, sizeof buf, "%lld", (long long)sqlite3_column_int64(st, i));
        t = buf;
        break;
    case SQLITE_FLOAT:
        snprintf(buf, sizeof buf, "%.17g", sqlite3_column_double(st, i));
        t = buf;
        break;
    default:
        t = (const char *)sqlite3_column_text(st, i);
    }
    char *v = strdup(t ? t : "");
    *nomem |= !v;
    return v;
}

static void bind_value(sqlite3_stmt *st, int i, char type, const char *v)
{
    if (!v)
        sqlite3_bind_null(st, i);
    else if (type == 'I')
        sqlite3_bind_int64(st, i, strtoll(v, NULL, 10));
    else if (type == 'R')
        sqlite3_bind_double(st, i, strtod(v, NULL));
    else
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void utc_now(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static sv_code check_by(const char *by, sv_err *e)
{
    if (!by || !*by)
        return sv_err_set(e, SV_ERR_USAGE, "who decides? a decision is recorded with a name");
    if (strlen(by) > MAX_BY)
        return sv_err_set(e, SV_ERR_USAGE, "the name of who decides is longer than %d bytes",
                          MAX_BY);
    /* recorded, printed by history and shown by show: the characters refused in any name */
    int32_t cp;
    if (sv_utf8_unsafe(by, strlen(by), 0, &cp) < strlen(by)) {
        char what[48];
        return sv_err_set(e, SV_ERR_USAGE, "the name of who decides holds %s%s: remove it",
                          cp < 0 ? "" : "a control character, ",
                          sv_utf8_describe(cp, what, sizeof what));
    }
    return SV_OK;
}

/* ---- reading decisions ------------------------------------------------------------------ */

#define DECISION_COLUMNS                                                                           \
    "d.id, d.kind, d.a, d.b, fa.name, fb.name, d.decided_at, d.decided_by, d.undone_at, "          \
    "d.undone_by FROM review_decision d JOIN factory fa ON fa.id = d.a "                           \
    "JOIN factory fb ON fb.id = d.b"

static void read_decision(sqlite3_stmt *st, sv_review_decision *d)
{
    d->id = sqlite3_column_int64(st, 0);
    d->kind = strcmp((const char *)sqlite3_column_text(st, 1), "merge") == 0 ? SV_REVIEW_MERGE
                                                                             : SV_REVIEW_DISTINCT;
    d->a = sqlite3_column_int64(st, 2);
    d->b = sqlite3_column_int64(st, 3);
    d->a_name = (const char *)sqlite3_column_text(st, 4);
    d->b_name = (const char *)sqlite3_column_text(st, 5);
    d->decided_at = (const char *)sqlite3_column_text(st, 6);
    d->decided_by = (const char *)sqlite3_column_text(st, 7);
    d->undone_at = (const char *)sqlite3_column_text(st, 8);
    d->undone_by = (const char *)sqlite3_column_text(st, 9);
}

static const char *pooled(sv_pool *pool, const char *s)
{
    return s ? sv_pool_strdup(pool, s) : NULL;
}

static void copy_decision(sv_pool *pool, sv_review_decision *d)
{
    d->a_name = pooled(pool, d->a_name);
    d->b_name = pooled(pool, d->b_name);
    d->decided_at = pooled(pool, d->decided_at);
    d->decided_by = pooled(pool, d->decided_by);
    d->undone_at = pooled(pool, d->undone_at);
    d->undone_by = pooled(pool, d->undone_by);
}

sv_code sv_review_get(sv_store *s, int64_t decision, sv_pool *pool, sv_review_decision *out,
                      sv_err *e)
{
    sqlite3_stmt *st = prep(s, "SELECT " DECISION_COLUMNS " WHERE d.id = ?1", e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, decision);
    int r = sqlite3_step(st);
    sv_code rc = SV_OK;
    if (r == SQLITE_ROW) {
        read_decision(st, out);
        copy_decision(pool, out);
    } else {
        rc = r == SQLITE_DONE
                 ? sv_err_set(e, SV_ERR_NOTFOUND, "no decision %lld", (long long)decision)
                 : st_fail(s, e, "reading a decision");
    }
    sqlite3_finalize(st);
    return rc;
}

sv_code sv_review_history(sv_store *s, sv_review_decision_fn fn, void *ud, sv_err *e)
{
    sqlite3_stmt *st = prep(s, "SELECT " DECISION_COLUMNS " ORDER BY d.id DESC", e);
    if (!st)
        return SV_ERR_IO;
    sv_code rc = SV_OK;
    int r;
    while (rc == SV_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        sv_review_decision d;
        read_decision(st, &d);
        rc = fn(ud, &d, e);
    }
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "reading the decisions");
    sqlite3_finalize(st);
    return rc;
}

sv_code sv_review_merge_of(sv_store *s, int64_t id, sv_pool *pool, sv_review_decision *out,
                           bool *found, sv_err *e)
{
    *found = false;
    sqlite3_stmt *st = prep(s,
                            "SELECT " DECISION_COLUMNS " WHERE d.kind = 'merge' AND d.b = ?1 "
                            "AND d.undone_at IS NULL ORDER BY d.id DESC LIMIT 1",
                            e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        read_decision(st, out);
        copy_decision(pool, out);
        *found = true;
    }
    sqlite3_finalize(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? SV_OK : st_fail(s, e, "reading a decision");
}

sv_code sv_review_merged_into(sv_store *s, int64_t kept, sv_review_merged_fn fn, void *ud,
                              sv_err *e)
{
    sqlite3_stmt *st = prep(s,
                            "SELECT " DECISION_COLUMNS " WHERE d.kind = 'merge' AND d.a = ?1 "
                            "AND d.undone_at IS NULL ORDER BY d.id",
                            e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, kept);
    /* copied out first: reading each profile runs statements of its own */
    sv_pool *pool = sv_pool_create();
    sv_review_decision *ds = NULL;
    size_t n = 0, cap = 0;
    sv_code rc = pool ? SV_OK : sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    int r = SQLITE_DONE;
    while (rc == SV_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4;
            sv_review_decision *grown = realloc(ds, cap * sizeof *ds);
            if (!grown) {
                rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
                break;
            }
            ds = grown;
        }
        read_decision(st, &ds[n]);
        copy_decision(pool, &ds[n++]);
    }
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "reading the decisions");
    sqlite3_finalize(st);
    for (size_t i = 0; rc == SV_OK && i < n; i++) {
        sv_factory f;
        if ((rc = st_get(s, ds[i].b, false, pool, &f, e)) == SV_OK)
            rc = fn(ud, &ds[i], &f, e);
    }
    free(ds);
    sv_pool_free(pool);
    return rc;
}

/* The standing decision that factories a and b are distinct: one made about them, or about
 * factories merged into them since, at any depth (a decision about 1 and 5 holds for 3 and 5
 * once 1 is merged into 3). *decision 0 when there is none. One statement: the factories that
 * are a now and those that are b, each through the merged_into index, then the decisions about
 * any of the one side through review_decision's index. */
static sv_code distinct_between(sv_store *s, int64_t a, int64_t b, int64_t *decision, sv_err *e)
{
    *decision = 0;
    sqlite3_stmt *st = prep(s,
                            "WITH RECURSIVE "
                            "ma(id) AS (SELECT ?1 UNION SELECT f.id FROM factory f "
                            "  JOIN ma ON f.merged_into = ma.id), "
                            "mb(id) AS (SELECT ?2 UNION SELECT f.id FROM factory f "
                            "  JOIN mb ON f.merged_into = mb.id) "
                            "SELECT max(id) FROM ("
                            "  SELECT d.id FROM ma JOIN review_decision d ON d.a = ma.id "
                            "  WHERE d.b IN (SELECT id FROM mb) AND d.kind = 'distinct' "
                            "  AND d.undone_at IS NULL "
                            "  UNION ALL "
                            "  SELECT d.id FROM mb JOIN review_decision d ON d.a = mb.id "
                            "  WHERE d.b IN (SELECT id FROM ma) AND d.kind = 'distinct' "
                            "  AND d.undone_at IS NULL)",
                            e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        *decision = sqlite3_column_int64(st, 0);
    if (r == SQLITE_ROW)
        r = sqlite3_step(st);
    sv_code rc = r == SQLITE_DONE ? SV_OK : st_fail(s, e, "reading the decisions");
    sqlite3_finalize(st);
    return rc;
}

sv_code rv_decided_distinct(sv_store *s, int64_t a, int64_t b, bool *yes, sv_err *e)
{
    int64_t d = 0;
    sv_code rc = distinct_between(s, a, b, &d, e);
    *yes = d != 0;
    return rc;
}

sv_code rv_merge_decision(sv_store *s, int64_t b, int64_t a, int64_t *decision, sv_err *e)
{
    *decision = 0;
    sqlite3_stmt *st = prep(s,
                            "SELECT max(id) FROM review_decision WHERE kind = 'merge' AND b = ?1 "
                            "AND a = ?2 AND undone_at IS NULL",
                            e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, b);
    sqlite3_bind_int64(st, 2, a);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        *decision = sqlite3_column_int64(st, 0);
    if (r == SQLITE_ROW)
        r = sqlite3_step(st);
    sv_code rc = r == SQLITE_DONE ? SV_OK : st_fail(s, e, "reading the decisions");
    sqlite3_finalize(st);
    return rc;
}

sv_code rv_record(sv_store *s, int64_t d, const char *kind, const char *item, const char *old_value,
                  const char *new_value, sv_err *e)
{
    sqlite3_stmt *st = prep(s,
                            "INSERT INTO merge_change (decision, seq, kind, item, old_value, "
                            "new_value) SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4, ?5 "
                            "FROM merge_change WHERE decision = ?1",
                            e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, d);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, item, -1, SQLITE_TRANSIENT);
    if (old_value)
        sqlite3_bind_text(st, 4, old_value, -1, SQLITE_TRANSIENT);
    if (new_value)
        sqlite3_bind_text(st, 5, new_value, -1, SQLITE_TRANSIENT);
    return done(s, st, e);
}

/* ---- checks before a decision ----------------------------------------------------------- */

/* Factory id exists and stands (not merged into another); its country into country. */
static sv_code standing(sv_store *s, int64_t id, char country[3], sv_err *e)
{
    sqlite3_stmt *st = prep(s, "SELECT country, merged_into FROM factory WHERE id = ?1", e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    sv_code rc = SV_OK;
    int64_t into = 0;
    if (r == SQLITE_ROW) {
        snprintf(country, 3, "%s", (const char *)sqlite3_column_text(st, 0));
        into = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 1);
    } else {
        rc = r == SQLITE_DONE
                 ? sv_err_set(e, SV_ERR_NOTFOUND, "no factory with id %lld", (long long)id)
                 : st_fail(s, e, "reading a factory");
    }
    sqlite3_finalize(st);
    if (rc || !into)
        return rc;
    sv_pool *pool = sv_pool_create();
    sv_review_decision d;
    bool found = false;
    if (!pool)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    rc = sv_review_merge_of(s, id, pool, &d, &found, e);
    if (rc == SV_OK)
        rc = found ? sv_err_set(e, SV_ERR_SCHEMA,
                                "factory %lld was merged into %lld (decision %lld): decide on "
                                "%lld, or undo decision %lld first",
                                (long long)id, (long long)into, (long long)d.id, (long long)into,
                                (long long)d.id)
                   : sv_err_set(e, SV_ERR_SCHEMA, "factory %lld was merged into %lld",
                                (long long)id, (long long)into);
    sv_pool_free(pool);
    return rc;
}

/* The standing distinct decision about a and b, as a refusal; SV_OK when there is none. */
static sv_code not_decided_distinct(sv_store *s, int64_t a, int64_t b, sv_err *e)
{
    int64_t d = 0;
    sv_code rc = distinct_between(s, a, b, &d, e);
    if (rc || !d)
        return rc;
    sv_pool *pool = sv_pool_create();
    sv_review_decision rd;
    if (!pool)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    if ((rc = sv_review_get(s, d, pool, &rd, e)) == SV_OK)
        rc = sv_err_set(e, SV_ERR_SCHEMA,
                        "decision %lld (%s, by %s) says %lld and %lld are two facilities: "
                        "undo it first",
                        (long long)d, rd.decided_at, rd.decided_by, (long long)rd.a,
                        (long long)rd.b);
    sv_pool_free(pool);
    return rc;
}

/* Both factories exist and stand, are two, and (unless force) in one country. */
static sv_code check_pair(sv_store *s, int64_t a, int64_t b, bool force, const char *by, sv_err *e)
{
    sv_code rc = check_by(by, e);
    if (rc)
        return rc;
    if (a == b)
        return sv_err_set(e, SV_ERR_USAGE, "%lld and %lld are the same factory: give two",
                          (long long)a, (long long)b);
    char ca[3], cb[3];
    if ((rc = standing(s, a, ca, e)) || (rc = standing(s, b, cb, e)))
        return rc;
    if (!force && strcmp(ca, cb) != 0)
        return sv_err_set(e, SV_ERR_SCHEMA,
                          "%lld is in %s and %lld in %s: one facility is in one country. If "
                          "one of them is recorded in the wrong country, repeat with --force "
                          "(the kept factory's country stays)",
                          (long long)a, ca, (long long)b, cb);
    return not_decided_distinct(s, a, b, e);
}

static sv_code insert_decision(sv_store *s, const char *kind, int64_t a, int64_t b, const char *by,
                               int64_t *id, sv_err *e)
{
    char at[32];
    utc_now(at);
    sqlite3_stmt *st = prep(s,
                            "INSERT INTO review_decision (kind, a, b, decided_at, decided_by) "
                            "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                            e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, a);
    sqlite3_bind_int64(st, 3, b);
    sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, by, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        r = sqlite3_step(st); /* to the end: the row is written */
    }
    sv_code rc = r == SQLITE_DONE ? SV_OK : st_fail(s, e, "review decisions");
    sqlite3_finalize(st);
    return rc;
}

/* The review pair of a and b, if one was proposed, from status `from` to `to`. */
static sv_code pair_status(sv_store *s, int64_t a, int64_t b, const char *from, const char *to,
                           sv_err *e)
{
    sqlite3_stmt *st = prep(s,
                            "UPDATE review_pair SET status = ?3 WHERE a = ?1 AND b = ?2 "
                            "AND status = ?4",
                            e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, a < b ? a : b);
    sqlite3_bind_int64(st, 2, a < b ? b : a);
    sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, from, -1, SQLITE_STATIC);
    return done(s, st, e);
}

/* ---- merge ---------------------------------------------------------------------------------- */

typedef struct merger {
    sv_store *s;
    int64_t decision, keep, other;
    int seq;
} merger;

static sv_code record(merger *m, const char *kind, const char *item, const char *old_value,
                      const char *new_value, sv_err *e)
{
    sqlite3_stmt *st = prep(m->s,
                            "INSERT INTO merge_change (decision, seq, kind, item, old_value, "
                            "new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, m->decision);
    sqlite3_bind_int(st, 2, ++m->seq);
    sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, item, -1, SQLITE_TRANSIENT);
    if (old_value)
        sqlite3_bind_text(st, 5, old_value, -1, SQLITE_TRANSIENT);
    if (new_value)
        sqlite3_bind_text(st, 6, new_value, -1, SQLITE_TRANSIENT);
    return done(m->s, st, e);
}

/* The columns of fields[] for factory id, as text (malloc'ed, NULL for NULL), companions
 * after them: vals[2 * N_FIELDS]. */
static sv_code read_fields(sv_store *s, int64_t id, char **vals, sv_err *e)
{
    char q[2048] = "SELECT ";
    size_t n = strlen(q);
    for (size_t i = 0; i < N_FIELDS; i++)
        n += (size_t)snprintf(q + n, sizeof q - n, "%s%s, %s", i ? ", " : "", fields[i].col,
                              fields[i].with ? fields[i].with : "NULL");
    snprintf(q + n, sizeof q - n, " FROM factory WHERE id = ?1");
    sqlite3_stmt *st = prep(s, q, e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    bool nomem = false;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        for (int i = 0; i < 2 * N_FIELDS; i++)
            vals[i] = value_text(st, i, &nomem);
    sqlite3_finalize(st);
    if (r != SQLITE_ROW)
        return st_fail(s, e, "reading a factory");
    return nomem ? sv_err_set(e, SV_ERR_NOMEM, "out of memory") : SV_OK;
}

static sv_code set_column(sv_store *s, int64_t id, const char *col, char type, const char *v,
                          sv_err *e)
{
    char q[200];
    snprintf(q, sizeof q, "UPDATE factory SET %s = ?2 WHERE id = ?1", col);
    sqlite3_stmt *st = prep(s, q, e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    bind_value(st, 2, type, v);
    return done(s, st, e);
}

/* A column of the kept profile to a new value, recorded. */
static sv_code change(merger *m, const char *col, char type, const char *old_value,
                      const char *new_value, sv_err *e)
{
    sv_code rc = set_column(m->s, m->keep, col, type, new_value, e);
    return rc ? rc : record(m, "field", col, old_value, new_value, e);
}

/* The companion column's type: the address key is text, the longitude real. */
static char with_type(size_t i)
{
    return fields[i].type;
}

static sv_code merge_fields(merger *m, sv_err *e)
{
    char *k[2 * N_FIELDS] = {0}, *o[2 * N_FIELDS] = {0};
    sv_code rc = read_fields(m->s, m->keep, k, e);
    if (rc == SV_OK)
        rc = read_fields(m->s, m->other, o, e);
    for (size_t i = 0; rc == SV_OK && i < N_FIELDS; i++) {
        char *kv = k[2 * i], *ov = o[2 * i];
        if (fields[i].rule == UNION) {
            long long bits = (kv ? strtoll(kv, NULL, 10) : 0) | (ov ? strtoll(ov, NULL, 10) : 0);
            char nv[32];
            snprintf(nv, sizeof nv, "%lld", bits);
            if (!same(kv, nv))
                rc = change(m, fields[i].col, 'I', kv, nv, e);
        } else if (fields[i].rule == LIST) {
            bool nomem = false;
            char *nv = st_list_union(kv, ov, &nomem);
            if (nomem)
                rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            else if (nv && !same(kv, nv))
                rc = change(m, fields[i].col, 'T', kv, nv, e);
            free(nv);
        } else if (!kv && ov) {
            rc = change(m, fields[i].col, fields[i].type, kv, ov, e);
            if (rc == SV_OK && fields[i].with && !same(k[2 * i + 1], o[2 * i + 1]))
                rc = change(m, fields[i].with, with_type(i), k[2 * i + 1], o[2 * i + 1], e);
        }
    }
    for (size_t i = 0; i < 2 * N_FIELDS; i++) {
        free(k[i]);
        free(o[i]);
    }
    return rc;
}

/* Every name or address of the other factory onto the kept one; those it did not have are
 * recorded. */
static sv_code merge_texts(merger *m, bool names, const char *country, sv_err *e)
{
    st_texts texts = {0};
    sv_code rc = st_collect_query(m->s,
                                  names ? "SELECT name FROM factory_name WHERE factory_id = ?1 "
                                          "ORDER BY id"
                                        : "SELECT address FROM factory_address "
                                          "WHERE factory_id = ?1 ORDER BY id",
                                  m->other, &texts, "review decisions", e);
    for (size_t i = 0; rc == SV_OK && i < texts.n; i++) {
        bool added = false;
        rc = names ? st_add_name(m->s, m->keep, country, texts.v[i], &added, e)
                   : st_add_address(m->s, m->keep, texts.v[i], &added, e);
        if (rc == SV_OK && added)
            rc = record(m, names ? "name" : "address", texts.v[i], NULL, NULL, e);
    }
    st_texts_free(&texts);
    return rc;
}

/* The price bands of the other factory in categories the kept one has none in. */
static sv_code merge_prices(merger *m, sv_err *e)
{
    sqlite3_stmt *st = prep(m->s,
                            "SELECT category, fob_low, fob_high FROM factory_price p "
                            "WHERE factory_id = ?2 AND NOT EXISTS (SELECT 1 FROM factory_price "
                            "q WHERE q.factory_id = ?1 AND q.category = p.category) "
                            "ORDER BY category",
                            e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, m->keep);
    sqlite3_bind_int64(st, 2, m->other);
    /* one band a category: at most SV_CAT__COUNT rows */
    int64_t bands[SV_CAT__COUNT][3];
    size_t n = 0;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW && n < SV_CAT__COUNT) {
        for (int j = 0; j < 3; j++)
            bands[n][j] = sqlite3_column_int64(st, j);
        n++;
    }
    sv_code rc = r == SQLITE_DONE ? SV_OK
                 : r == SQLITE_ROW
                     ? sv_err_set(e, SV_ERR_INTERNAL,
                                  "factory %lld has more price bands than there are categories",
                                  (long long)m->other)
                     : st_fail(m->s, e, "review decisions");
    sqlite3_finalize(st);
    for (size_t i = 0; rc == SV_OK && i < n; i++) {
        if (!(st = prep(m->s,
                        "INSERT INTO factory_price (factory_id, category, fob_low, fob_high) "
                        "VALUES (?1, ?2, ?3, ?4)",
                        e)))
            return SV_ERR_IO;
        sqlite3_bind_int64(st, 1, m->keep);
        for (int j = 0; j < 3; j++)
            sqlite3_bind_int64(st, j + 2, bands[i][j]);
        rc = done(m->s, st, e);
        char cat[24], band[48];
        snprintf(cat, sizeof cat, "%lld", (long long)bands[i][0]);
        snprintf(band, sizeof band, "%lld-%lld", (long long)bands[i][1], (long long)bands[i][2]);
        if (rc == SV_OK)
            rc = record(m, "price", cat, NULL, band, e);
    }
    return rc;
}

static sv_code set_merged_into(sv_store *s, int64_t id, int64_t into, sv_err *e)
{
    sqlite3_stmt *st = prep(s, "UPDATE factory SET merged_into = ?2 WHERE id = ?1", e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    if (into)
        sqlite3_bind_int64(st, 2, into);
    else
        sqlite3_bind_null(st, 2);
    return done(s, st, e);
}

sv_code sv_review_merge(sv_store *s, int64_t keep, int64_t other, const char *by, bool force,
                        int64_t *decision, sv_err *e)
{
    *decision = 0;
    sv_code rc = sv_store_begin(s, e);
    if (rc)
        return rc;
    char country[3];
    merger m = {s, 0, keep, other, 0};
    /* checked under the write lock: nothing decides in between */
    if ((rc = check_pair(s, keep, other, force, by, e)) == SV_OK &&
        (rc = standing(s, keep, country, e)) == SV_OK &&
        (rc = insert_decision(s, "merge", keep, other, by, &m.decision, e)) == SV_OK &&
        (rc = merge_fields(&m, e)) == SV_OK && (rc = merge_texts(&m, true, country, e)) == SV_OK &&
        (rc = merge_texts(&m, false, country, e)) == SV_OK && (rc = merge_prices(&m, e)) == SV_OK &&
        (rc = set_merged_into(s, other, keep, e)) == SV_OK &&
        (rc = st_reindex(s, other, false, e)) == SV_OK &&
        (rc = st_reindex(s, keep, true, e)) == SV_OK)
        rc = pair_status(s, keep, other, "open", "merged", e);
    if (rc == SV_OK)
        rc = sv_store_commit(s, e);
    if (rc) {
        sv_store_rollback(s);
        return rc;
    }
    *decision = m.decision;
    return SV_OK;
}

/* ---- distinct ------------------------------------------------------------------------------- */

sv_code sv_review_distinct(sv_store *s, int64_t a, int64_t b, const char *by, int64_t *decision,
                           sv_err *e)
{
    *decision = 0;
    sv_code rc = sv_store_begin(s, e);
    if (rc)
        return rc;
    /* two countries are surely two facilities: no --force needed to say so */
    if ((rc = check_pair(s, a, b, true, by, e)) == SV_OK &&
        (rc = insert_decision(s, "distinct", a, b, by, decision, e)) == SV_OK)
        rc = pair_status(s, a, b, "open", "distinct", e);
    if (rc == SV_OK)
        rc = sv_store_commit(s, e);
    if (rc) {
        sv_store_rollback(s);
        *decision = 0;
    }
    return rc;
}

/* ---- undo ------------------------------------------------------------------------------------ */

/* The type of a column a merge, or an import after it (the status), changes, and its rule. */
static char field_type(const char *col, rule *how)
{
    *how = FILL;
    if (strcmp(col, "closed") == 0)
        return 'I';
    for (size_t i = 0; i < N_FIELDS; i++) {
        if (strcmp(fields[i].col, col) == 0) {
            *how = fields[i].rule;
            return fields[i].type;
        }
        if (fields[i].with && strcmp(fields[i].with, col) == 0)
            return with_type(i);
    }
    return 0;
}

/* Item `item` (n bytes, trimmed) is in list ('|'-joined), compared as st_list_union compares:
 * without regard to ASCII case or the spaces around an item. */
static bool has_item(const char *list, const char *item, size_t n)
{
    for (const char *p = list; p && *p;) {
        size_t m = strcspn(p, "|");
        const char *q = p;
        p += m + (p[m] == '|');
        while (m && isspace((unsigned char)*q))
            q++, m--;
        while (m && isspace((unsigned char)q[m - 1]))
            m--;
        if (m == n && strncasecmp(q, item, n) == 0)
            return true;
    }
    return false;
}

/* The items of list `now` ('|'-joined) without those `added` has and `before` has not;
 * malloc'ed, NULL when none is left (*nomem when out of memory). */
static char *list_without(const char *now, const char *before, const char *added, bool *nomem)
{
    char *out = malloc(strlen(now ? now : "") + 1);
    if (!out) {
        *nomem = true;
        return NULL;
    }
    size_t len = 0;
    for (const char *p = now; p && *p;) {
        size_t n = strcspn(p, "|");
        const char *item = p;
        p += n + (p[n] == '|');
        while (n && isspace((unsigned char)*item))
            item++, n--;
        while (n && isspace((unsigned char)item[n - 1]))
            n--;
        if (!n || (has_item(added, item, n) && !has_item(before, item, n)))
            continue;
        if (len)
            out[len++] = '|';
        memcpy(out + len, item, n);
        len += n;
    }
    out[len] = '\0';
    if (!len) {
        free(out);
        return NULL;
    }
    return out;
}

/* A column the merge (or an import through it) changed goes back: a figure or the status while
 * it holds what was put there (what an import of the kept factory's own changed since stays);
 * of a set, the members the change added are taken away, whatever was added since (the kept
 * factory's own stay); of a list, the items. */
static sv_code undo_field(sv_store *s, int64_t keep, const char *col, const char *old_value,
                          const char *new_value, sv_err *e)
{
    rule how;
    char type = field_type(col, &how);
    if (!type)
        return sv_err_set(e, SV_ERR_INTERNAL, "a merge changed an unknown column %s", col);
    char q[200];
    snprintf(q, sizeof q, "SELECT %s FROM factory WHERE id = ?1", col);
    sqlite3_stmt *st = prep(s, q, e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, keep);
    bool nomem = false;
    int r = sqlite3_step(st);
    char *now = r == SQLITE_ROW ? value_text(st, 0, &nomem) : NULL;
    sv_code rc = nomem             ? sv_err_set(e, SV_ERR_NOMEM, "out of memory")
                 : r == SQLITE_ROW ? SV_OK
                 : r == SQLITE_DONE
                     ? sv_err_set(e, SV_ERR_NOTFOUND, "no factory with id %lld", (long long)keep)
                     : st_fail(s, e, "review decisions");
    sqlite3_finalize(st);
    if (rc == SV_OK && how == UNION) {
        long long had = old_value ? strtoll(old_value, NULL, 10) : 0,
                  put = new_value ? strtoll(new_value, NULL, 10) : 0,
                  is = now ? strtoll(now, NULL, 10) : 0;
        char back[32];
        snprintf(back, sizeof back, "%lld", is & ~(put & ~had));
        if (!same(now, back))
            rc = set_column(s, keep, col, type, back, e);
    } else if (rc == SV_OK && how == LIST) {
        bool nm = false;
        char *back = list_without(now, old_value, new_value, &nm);
        if (nm)
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        else if (!same(now, back))
            rc = set_column(s, keep, col, type, back, e);
        free(back);
    } else if (rc == SV_OK && same(now, new_value)) {
        rc = set_column(s, keep, col, type, old_value, e);
    }
    free(now);
    return rc;
}

/* A name or address the merge added goes, unless it has become the kept profile's own. */
static sv_code undo_text(sv_store *s, int64_t keep, bool name, const char *text, sv_err *e)
{
    sqlite3_stmt *st = prep(s,
                            name ? "DELETE FROM factory_name WHERE factory_id = ?1 AND name = ?2 "
                                   "AND NOT EXISTS (SELECT 1 FROM factory WHERE id = ?1 AND "
                                   "name = ?2)"
                                 : "DELETE FROM factory_address WHERE factory_id = ?1 AND "
                                   "address = ?2 AND NOT EXISTS (SELECT 1 FROM factory WHERE "
                                   "id = ?1 AND address = ?2)",
                            e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, keep);
    sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
    return done(s, st, e);
}

static sv_code undo_price(sv_store *s, int64_t keep, const char *cat, const char *band, sv_err *e)
{
    long long lo = 0, hi = 0;
    if (!band || sscanf(band, "%lld-%lld", &lo, &hi) != 2)
        return sv_err_set(e, SV_ERR_INTERNAL, "a merge recorded a price band as \"%s\"",
                          band ? band : "");
    sqlite3_stmt *st = prep(s,
                            "DELETE FROM factory_price WHERE factory_id = ?1 AND category = ?2 "
                            "AND fob_low = ?3 AND fob_high = ?4",
                            e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, keep);
    sqlite3_bind_int64(st, 2, strtoll(cat, NULL, 10));
    sqlite3_bind_int64(st, 3, lo);
    sqlite3_bind_int64(st, 4, hi);
    return done(s, st, e);
}

/* What merge decision d added to factory keep, taken away, newest change first. */
static sv_code unmerge(sv_store *s, int64_t d, int64_t keep, sv_err *e)
{
    sqlite3_stmt *st = prep(s,
                            "SELECT kind, item, old_value, new_value FROM merge_change "
                            "WHERE decision = ?1 ORDER BY seq DESC",
                            e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, d);
    /* copied out: each change runs statements of its own */
    typedef struct {
        char *kind, *item, *old_value, *new_value;
    } chg;
    chg *cs = NULL;
    size_t n = 0, cap = 0;
    sv_code rc = SV_OK;
    int r = SQLITE_DONE;
    while (rc == SV_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            chg *grown = realloc(cs, cap * sizeof *cs);
            if (!grown) {
                rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
                break;
            }
            cs = grown;
        }
        bool nomem = false;
        chg *c = &cs[n++];
        c->kind = value_text(st, 0, &nomem);
        c->item = value_text(st, 1, &nomem);
        c->old_value = value_text(st, 2, &nomem);
        c->new_value = value_text(st, 3, &nomem);
        if (nomem)
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "review decisions");
    sqlite3_finalize(st);
    for (size_t i = 0; rc == SV_OK && i < n; i++) {
        const chg *c = &cs[i];
        if (strcmp(c->kind, "field") == 0)
            rc = undo_field(s, keep, c->item, c->old_value, c->new_value, e);
        else if (strcmp(c->kind, "name") == 0 || strcmp(c->kind, "address") == 0)
            rc = undo_text(s, keep, c->kind[0] == 'n', c->item, e);
        else if (strcmp(c->kind, "price") == 0)
            rc = undo_price(s, keep, c->item, c->new_value, e);
    }
    for (size_t i = 0; i < n; i++) {
        free(cs[i].kind);
        free(cs[i].item);
        free(cs[i].old_value);
        free(cs[i].new_value);
    }
    free(cs);
    return rc;
}

/* A later standing merge touching a or b builds on this one: undone first. */
static sv_code nothing_builds_on(sv_store *s, const sv_review_decision *d, sv_err *e)
{
    sqlite3_stmt *st = prep(s,
                            "SELECT id FROM review_decision WHERE kind = 'merge' AND "
                            "undone_at IS NULL AND id > ?1 AND (a IN (?2, ?3) OR b IN (?2, ?3)) "
                            "ORDER BY id DESC LIMIT 1",
                            e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, d->id);
    sqlite3_bind_int64(st, 2, d->a);
    sqlite3_bind_int64(st, 3, d->b);
    int r = sqlite3_step(st);
    sv_code rc = SV_OK;
    if (r == SQLITE_ROW) {
        long long later = sqlite3_column_int64(st, 0);
        rc = sv_err_set(e, SV_ERR_SCHEMA,
                        "decision %lld, a later merge, builds on decision %lld: undo %lld "
                        "first",
                        later, (long long)d->id, later);
    } else if (r != SQLITE_DONE) {
        rc = st_fail(s, e, "reading the decisions");
    }
    sqlite3_finalize(st);
    return rc;
}

sv_code sv_review_undo(sv_store *s, int64_t decision, const char *by, sv_err *e)
{
    sv_code rc = check_by(by, e);
    if (rc || (rc = sv_store_begin(s, e)))
        return rc;
    sv_pool *pool = sv_pool_create();
    sv_review_decision d;
    if (!pool)
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    else
        rc = sv_review_get(s, decision, pool, &d, e);
    if (rc == SV_OK && d.undone_at)
        rc = sv_err_set(e, SV_ERR_SCHEMA, "decision %lld was undone already (%s, by %s)",
                        (long long)decision, d.undone_at, d.undone_by ? d.undone_by : "?");
    if (rc == SV_OK && d.kind == SV_REVIEW_MERGE) {
        if ((rc = nothing_builds_on(s, &d, e)) == SV_OK &&
            (rc = unmerge(s, d.id, d.a, e)) == SV_OK &&
            (rc = set_merged_into(s, d.b, 0, e)) == SV_OK &&
            (rc = st_reindex(s, d.a, true, e)) == SV_OK &&
            (rc = st_reindex(s, d.b, true, e)) == SV_OK)
            rc = pair_status(s, d.a, d.b, "merged", "open", e);
    } else if (rc == SV_OK) {
        rc = pair_status(s, d.a, d.b, "distinct", "open", e);
    }
    if (rc == SV_OK) {
        char at[32];
        utc_now(at);
        sqlite3_stmt *st = prep(s,
                                "UPDATE review_decision SET undone_at = ?2, undone_by = ?3 "
                                "WHERE id = ?1",
                                e);
        if (!st) {
            rc = SV_ERR_IO;
        } else {
            sqlite3_bind_int64(st, 1, decision);
            sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 3, by, -1, SQLITE_TRANSIENT);
            rc = done(s, st, e);
        }
    }
    sv_pool_free(pool);
    if (rc == SV_OK)
        rc = sv_store_commit(s, e);
    if (rc)
        sv_store_rollback(s);
    return rc;
}
