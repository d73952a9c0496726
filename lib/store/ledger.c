/* The ledger's tables (migration 6): brands as parties, events and their lines, inserted and
 * read, never updated or deleted (selvedge/ledger_store.h). Portable SQL: plain INSERT and
 * SELECT with ?n parameters, every event's id given (the body that is exported holds it), so
 * no numbering of SQLite's is relied on; brand ids are INTEGER PRIMARY KEY's (PostgreSQL: an
 * identity column). */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "selvedge/aql.h"
#include "selvedge/ledger_store.h"

enum {
    L_BRAND_FIND,
    L_BRAND_ADD,
    L_EVENT_ADD,
    L_LINE_ADD,
    L_QUOTE_ADD,
    L_EVENT_EXISTS,
    L_MAX_ID,
    L_COUNT,
    L_EACH,
    L_PAIR,
    L_THING,
    L_PAIR_ID,
    L__COUNT
};

static const char *const sql[L__COUNT] = {
    [L_BRAND_FIND] = "SELECT id FROM brand WHERE handle = ?1",
    [L_BRAND_ADD] = "INSERT INTO brand (handle) VALUES (?1)",
    [L_EVENT_ADD] =
        "INSERT INTO ledger_event (id, brand_id, factory_id, at, actor, kind, thing, ref, "
        "supersedes, rfq, order_ref, style, stage, round, change_ref, milestone, currency, "
        "amount, due_day, ex_factory_day, planned_day, valid_until_day, days, deposit_bp, "
        "reason, verdict, lot, critical, major, minor, passed, aql_level, aql_critical, "
        "aql_major, aql_minor, body, factory_handle) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, "
        "?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37)",
    [L_LINE_ADD] = "INSERT INTO ledger_line (event_id, seq, style, color, size, qty, price) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [L_QUOTE_ADD] = "INSERT INTO ledger_quote_line (event_id, seq, style, qty, price, "
                    "moq_style, moq_color, sample_fee, fee_refunded, sampling_days, "
                    "production_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [L_EVENT_EXISTS] = "SELECT brand_id, factory_id FROM ledger_event WHERE id = ?1",
    /* max(id) is a seek to the last row; count(*) walks the table, and is asked only when
     * wanted (never by an insert) */
    [L_MAX_ID] = "SELECT coalesce(max(id), 0) FROM ledger_event",
    [L_COUNT] = "SELECT count(*) FROM ledger_event",
    [L_EACH] = "SELECT id, body FROM ledger_event ORDER BY id",
    [L_PAIR] = "SELECT id, body FROM ledger_event WHERE brand_id = ?1 AND factory_id = ?2 "
               "ORDER BY id",
    [L_THING] = "SELECT id, body FROM ledger_event WHERE brand_id = ?1 AND factory_id = ?2 "
                "AND thing = ?3 AND ref = ?4 ORDER BY id",
    /* the events of the pair of the thing of event ?1, when it is theirs: it and its
     * corrections (one of the same kind and thing) */
    [L_PAIR_ID] = "SELECT id, body FROM ledger_event WHERE brand_id = ?2 AND factory_id = ?3 "
                  "AND thing = (SELECT thing FROM ledger_event WHERE id = ?1 AND brand_id = ?2 "
                  "AND factory_id = ?3) AND ref = (SELECT ref FROM ledger_event WHERE id = ?1) "
                  "ORDER BY id",
};

static sqlite3_stmt *stmt(sv_store *s, int q, sv_err *e)
{
    if (!s->lq[q] && sqlite3_prepare_v3(s->db, sql[q], -1, SQLITE_PREPARE_PERSISTENT, &s->lq[q],
                                        NULL) != SQLITE_OK) {
        st_fail(s, e, "ledger");
        return NULL;
    }
    sqlite3_reset(s->lq[q]);
    sqlite3_clear_bindings(s->lq[q]);
    return s->lq[q];
}

static sv_code done(sv_store *s, sqlite3_stmt *st, sv_err *e)
{
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    return r == SQLITE_DONE ? SV_OK : st_fail(s, e, "ledger");
}

static void text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static void num(sqlite3_stmt *st, int i, int64_t v, int64_t unset)
{
    if (v != unset)
        sqlite3_bind_int64(st, i, v);
}

static sv_code brand_id(sv_store *s, const char *handle, bool add, int64_t *id, sv_err *e)
{
    *id = 0;
    sqlite3_stmt *st = stmt(s, L_BRAND_FIND, e);
    if (!st)
        return SV_ERR_IO;
    text(st, 1, handle);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return st_fail(s, e, "ledger");
    if (*id || !add)
        return SV_OK;
    if (!(st = stmt(s, L_BRAND_ADD, e)))
        return SV_ERR_IO;
    text(st, 1, handle);
    sv_code rc = done(s, st, e);
    if (rc == SV_OK)
        *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static sv_code one_number(sv_store *s, int q, int64_t *out, sv_err *e)
{
    sqlite3_stmt *st = stmt(s, q, e);
    if (!st)
        return SV_ERR_IO;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return r == SQLITE_ROW ? SV_OK : st_fail(s, e, "ledger");
}

sv_code sv_store_ledger_count(sv_store *s, int64_t *n, int64_t *max_id, sv_err *e)
{
    sv_code rc = SV_OK;
    if (n)
        rc = one_number(s, L_COUNT, n, e);
    if (rc == SV_OK && max_id)
        rc = one_number(s, L_MAX_ID, max_id, e);
    return rc;
}

sv_code sv_store_ledger_add(sv_store *s, const sv_ledger_event *ev, const char *body, sv_err *e)
{
    if (ev->id <= 0) /* the body must hold the id the row gets */
        return sv_err_set(e, SV_ERR_INTERNAL, "ledger: an event is numbered before it is recorded");
    int64_t fid = 0, bid = 0, max_id = 0;
    sv_code rc = sv_store_find_handle(s, ev->factory, &fid, e);
    if (rc)
        return rc;
    if (!fid)
        return sv_err_at(e, SV_ERR_NOTFOUND, NULL, 0, 0, "factory",
                         "no factory with the handle %s in the registry", ev->factory);
    if ((rc = sv_store_ledger_count(s, NULL, &max_id, e)))
        return rc;
    if (ev->id <= max_id)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "id",
                         "%lld: the ledger already holds events up to %lld, and ids only grow "
                         "(leave id out and the event is numbered next)",
                         (long long)ev->id, (long long)max_id);
    if (ev->supersedes) {
        sqlite3_stmt *st = stmt(s, L_EVENT_EXISTS, e);
        if (!st)
            return SV_ERR_IO;
        sqlite3_bind_int64(st, 1, ev->supersedes);
        int r = sqlite3_step(st);
        sqlite3_reset(st);
        if (r != SQLITE_ROW && r != SQLITE_DONE)
            return st_fail(s, e, "ledger");
        if (r == SQLITE_DONE)
            return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "supersedes",
                             "event %lld is not in the ledger", (long long)ev->supersedes);
    }
    if ((rc = brand_id(s, ev->brand, true, &bid, e)))
        return rc;
    sqlite3_stmt *st = stmt(s, L_EVENT_ADD, e);
    if (!st)
        return SV_ERR_IO;
    char key[256];
    sqlite3_bind_int64(st, 1, ev->id);
    sqlite3_bind_int64(st, 2, bid);
    sqlite3_bind_int64(st, 3, fid);
    sqlite3_bind_int64(st, 4, ev->at);
    text(st, 5, sv_ledger_by_name(ev->by));
    text(st, 6, sv_ledger_kind_name(ev->kind));
    text(st, 7, sv_ledger_thing_name(sv_ledger_kind_thing(ev->kind)));
    text(st, 8, sv_ledger_thing_key(ev, key, sizeof key));
    num(st, 9, ev->supersedes, 0);
    text(st, 10, ev->rfq);
    text(st, 11, ev->order);
    text(st, 12, ev->style);
    if (ev->stage != SV_SAMPLE_NONE)
        text(st, 13, sv_sample_stage_name(ev->stage));
    num(st, 14, ev->round, 0);
    text(st, 15, ev->change);
    text(st, 16, ev->milestone);
    text(st, 17, ev->currency[0] ? ev->currency : NULL);
    num(st, 18, ev->amount, SV_LEDGER_UNSET);
    num(st, 19, ev->due, SV_LEDGER_NO_DAY);
    num(st, 20, ev->ex_factory, SV_LEDGER_NO_DAY);
    num(st, 21, ev->planned, SV_LEDGER_NO_DAY);
    num(st, 22, ev->valid_until, SV_LEDGER_NO_DAY);
    num(st, 23, ev->days, SV_LEDGER_UNSET);
    num(st, 24, ev->deposit_bp, SV_LEDGER_UNSET);
    if (ev->reason != SV_DECLINE_NONE)
        text(st, 25, sv_decline_reason_name(ev->reason));
    if (ev->verdict != SV_VERDICT_NONE)
        text(st, 26, sv_sample_verdict_name(ev->verdict));
    num(st, 27, ev->lot, SV_LEDGER_UNSET);
    for (int i = 0; i < 3; i++)
        num(st, 28 + i, ev->defects[i], SV_LEDGER_UNSET);
    num(st, 31, ev->passed, SV_LEDGER_UNSET);
    if (ev->level != SV_LEDGER_UNSET)
        text(st, 32, sv_aql_level_name((sv_aql_level)ev->level));
    for (int i = 0; i < 3; i++)
        num(st, 33 + i, ev->aql[i], SV_LEDGER_UNSET);
    text(st, 36, body);
    text(st, 37, ev->factory);
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r != SQLITE_DONE) {
        if ((sqlite3_extended_errcode(s->db) & 0xff) == SQLITE_CONSTRAINT && ev->supersedes)
            return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "supersedes",
                             "event %lld was already corrected", (long long)ev->supersedes);
        return st_fail(s, e, "ledger");
    }
    for (size_t i = 0; i < ev->n_lines; i++) {
        const sv_ledger_line *l = &ev->lines[i];
        if (!(st = stmt(s, L_LINE_ADD, e)))
            return SV_ERR_IO;
        sqlite3_bind_int64(st, 1, ev->id);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        text(st, 3, l->style);
        text(st, 4, l->color);
        text(st, 5, l->size);
        sqlite3_bind_int64(st, 6, l->qty);
        num(st, 7, l->price, SV_LEDGER_UNSET);
        if ((rc = done(s, st, e)))
            return rc;
    }
    int64_t seq = 0;
    for (size_t i = 0; i < ev->n_quote; i++) {
        const sv_ledger_quote_line *q = &ev->quote[i];
        for (size_t k = 0; k < q->n_breaks; k++) {
            if (!(st = stmt(s, L_QUOTE_ADD, e)))
                return SV_ERR_IO;
            sqlite3_bind_int64(st, 1, ev->id);
            sqlite3_bind_int64(st, 2, seq++);
            text(st, 3, q->style);
            sqlite3_bind_int64(st, 4, q->breaks[k].qty);
            sqlite3_bind_int64(st, 5, q->breaks[k].price);
            num(st, 6, q->moq_style, SV_LEDGER_UNSET);
            num(st, 7, q->moq_color, SV_LEDGER_UNSET);
            num(st, 8, q->sample_fee, SV_LEDGER_UNSET);
            num(st, 9, q->fee_refunded, SV_LEDGER_UNSET);
            num(st, 10, q->sampling_days, SV_LEDGER_UNSET);
            num(st, 11, q->production_days, SV_LEDGER_UNSET);
            if ((rc = done(s, st, e)))
                return rc;
        }
    }
    return SV_OK;
}

static sv_code walk(sv_store *s, sqlite3_stmt *st, sv_ledger_body_fn fn, void *ud, sv_err *e)
{
    sv_code rc = SV_OK;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *body = (const char *)sqlite3_column_text(st, 1);
        if ((rc = fn(ud, sqlite3_column_int64(st, 0), body ? body : "", e)))
            break;
    }
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "ledger");
    sqlite3_reset(st);
    return rc;
}

sv_code sv_store_ledger_each(sv_store *s, sv_ledger_body_fn fn, void *ud, sv_err *e)
{
    sqlite3_stmt *st = stmt(s, L_EACH, e);
    return st ? walk(s, st, fn, ud, e) : SV_ERR_IO;
}

sv_code sv_store_ledger_pair(sv_store *s, const char *brand, const char *factory,
                             sv_ledger_body_fn fn, void *ud, sv_err *e)
{
    int64_t bid, fid;
    sv_code rc = brand_id(s, brand, false, &bid, e);
    if (rc == SV_OK)
        rc = sv_store_find_handle(s, factory, &fid, e);
    if (rc || !bid || !fid)
        return rc;
    sqlite3_stmt *st = stmt(s, L_PAIR, e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, bid);
    sqlite3_bind_int64(st, 2, fid);
    return walk(s, st, fn, ud, e);
}

sv_code sv_store_ledger_things(sv_store *s, const char *brand, const char *factory, int64_t id,
                               const char *const *things, const char *const *refs, size_t n,
                               sv_ledger_body_fn fn, void *ud, sv_err *e)
{
    int64_t bid, fid;
    sv_code rc = brand_id(s, brand, false, &bid, e);
    if (rc == SV_OK)
        rc = sv_store_find_handle(s, factory, &fid, e);
    if (rc || !bid || !fid)
        return rc;
    sqlite3_stmt *st;
    if (id) {
        if (!(st = stmt(s, L_PAIR_ID, e)))
            return SV_ERR_IO;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, bid);
        sqlite3_bind_int64(st, 3, fid);
        if ((rc = walk(s, st, fn, ud, e)))
            return rc;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(st = stmt(s, L_THING, e)))
            return SV_ERR_IO;
        sqlite3_bind_int64(st, 1, bid);
        sqlite3_bind_int64(st, 2, fid);
        text(st, 3, things[i]);
        text(st, 4, refs[i]);
        if ((rc = walk(s, st, fn, ud, e)))
            return rc;
    }
    return SV_OK;
}
