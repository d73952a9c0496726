/* The ledger's events of one brand or one factory (selvedge/party_store.h). Portable SQL: a
 * SELECT with ?1, a join on the brand's handle; the factory's id from the registry. */
#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "selvedge/aql.h"
#include "selvedge/party_store.h"

static sv_code walk(sv_store *s, const char *sql, const char *text, int64_t id,
                    sv_ledger_body_fn fn, void *ud, sv_err *e)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return st_fail(s, e, "ledger");
    if (text)
        sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 1, id);
    sv_code rc = SV_OK;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *body = (const char *)sqlite3_column_text(st, 1);
        if ((rc = fn(ud, sqlite3_column_int64(st, 0), body ? body : "", e)))
            break;
    }
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "ledger");
    sqlite3_finalize(st);
    return rc;
}

sv_code sv_store_ledger_party(sv_store *s, const char *brand, const char *factory,
                              sv_ledger_body_fn fn, void *ud, sv_err *e)
{
    if ((brand == NULL) == (factory == NULL))
        return sv_err_set(e, SV_ERR_INTERNAL, "a party is a brand or a factory");
    if (brand)
        return walk(s,
                    "SELECT e.id, e.body FROM ledger_event e JOIN brand b ON b.id = e.brand_id "
                    "WHERE b.handle = ?1 ORDER BY e.id",
                    brand, 0, fn, ud, e);
    int64_t fid = 0;
    sv_code rc = sv_store_find_handle(s, factory, &fid, e);
    if (rc || !fid)
        return rc;
    return walk(s, "SELECT id, body FROM ledger_event WHERE factory_id = ?1 ORDER BY id", NULL, fid,
                fn, ud, e);
}

sv_code sv_store_ledger_rfq(sv_store *s, const char *brand, const char *rfq, sv_ledger_body_fn fn,
                            void *ud, sv_err *e)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT e.id, e.body FROM ledger_event e JOIN brand b ON b.id = "
                           "e.brand_id WHERE b.handle = ?1 AND e.rfq = ?2 ORDER BY e.id",
                           -1, &st, NULL) != SQLITE_OK)
        return st_fail(s, e, "ledger");
    sqlite3_bind_text(st, 1, brand, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, rfq, -1, SQLITE_STATIC);
    sv_code rc = SV_OK;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *body = (const char *)sqlite3_column_text(st, 1);
        if ((rc = fn(ud, sqlite3_column_int64(st, 0), body ? body : "", e)))
            break;
    }
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "ledger");
    sqlite3_finalize(st);
    return rc;
}

static const char *col_str(sqlite3_stmt *st, int i, sv_pool *pool, bool *nomem)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    if (!v)
        return NULL;
    char *c = sv_pool_strdup(pool, v);
    if (!c)
        *nomem = true;
    return c;
}

static int64_t col_num(sqlite3_stmt *st, int i, int64_t unset)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? unset : sqlite3_column_int64(st, i);
}

static int col_name(sqlite3_stmt *st, int i, int (*parse)(const char *), int none)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? parse(v) : none;
}

/* The event's typed columns; the factory's handle as the event gave it (migration 8), and for
 * a row recorded before it (NULL), the registry's handle and the body, which are read only then.
 * The index ledger_event_factory_card covers the rest but days and reason, which only a
 * change.answered and an rfq.declined have (sv_ledger_check): read from the row for those
 * alone, a factory's read seeks no other row of the table. */
#define EVENT_COLS                                                                                 \
    "e.id, e.at, e.actor, e.kind, e.supersedes, e.rfq, e.order_ref, e.style, e.stage, e.round, "   \
    "e.change_ref, e.milestone, e.currency, e.amount, e.due_day, e.ex_factory_day, "               \
    "e.planned_day, e.valid_until_day, CASE WHEN e.kind = 'change.answered' THEN e.days END, "     \
    "e.deposit_bp, CASE WHEN e.kind = 'rfq.declined' THEN e.reason END, e.verdict, e.lot, "        \
    "e.critical, e.major, e.minor, e.passed, e.aql_level, e.aql_critical, e.aql_major, "           \
    "e.aql_minor, b.handle, e.factory_handle, CASE WHEN e.factory_handle IS NULL THEN "            \
    "(SELECT f.handle FROM factory f WHERE f.id = e.factory_id) END, CASE WHEN "                   \
    "e.factory_handle IS NULL THEN e.body END, e.brand_id"

#define QUOTE_COLS                                                                                 \
    "q.event_id, q.style, q.qty, q.price, q.moq_style, q.moq_color, q.sample_fee, "                \
    "q.fee_refunded, q.sampling_days, q.production_days"

/* The brands' handles read so far, one copy each in the pool, by brand id (open addressing):
 * a party's events share their counterparts' handles, which the scorecard compares a lot. */
typedef struct handles {
    struct handle_slot {
        int64_t id;
        const char *handle;
    } * v;
    size_t n, cap; /* cap a power of 2, at most half full */
} handles;

static size_t slot_of(const handles *h, int64_t id)
{
    size_t i = (size_t)((uint64_t)id * 0x9e3779b97f4a7c15u >> 32) & (h->cap - 1);
    while (h->v[i].handle && h->v[i].id != id)
        i = (i + 1) & (h->cap - 1);
    return i;
}

/* Column 31's brand handle, of the brand id in column 35: the copy already made, or a new one. */
static const char *brand_of(handles *h, sqlite3_stmt *st, sv_pool *pool, bool *nomem)
{
    int64_t id = sqlite3_column_int64(st, 35);
    if (h->cap) {
        size_t i = slot_of(h, id);
        if (h->v[i].handle)
            return h->v[i].handle;
    }
    const char *c = col_str(st, 31, pool, nomem);
    if (!c)
        return NULL;
    if (2 * (h->n + 1) > h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        handles g = {calloc(cap, sizeof *g.v), h->n, cap};
        if (!g.v)
            return c; /* not kept: the next event of this brand copies it again */
        for (size_t k = 0; k < h->cap; k++)
            if (h->v[k].handle)
                g.v[slot_of(&g, h->v[k].id)] = h->v[k];
        free(h->v);
        *h = g;
    }
    h->v[slot_of(h, id)] = (struct handle_slot){id, c};
    h->n++;
    return c;
}

/* A growing array in the pool: *v of *cap elements of size sz, room for one more. */
static bool room(sv_pool *pool, void **v, size_t n, size_t *cap, size_t sz)
{
    if (*v && n < *cap)
        return true;
    size_t c = n ? n * 2 : 8;
    void *w = sv_pool_alloc(pool, c * sz);
    if (!w)
        return false;
    if (n)
        memcpy(w, *v, n * sz);
    *v = w;
    *cap = c;
    return true;
}

/* The quote's lines as it gave them, from its rows of ledger_quote_line (one a style and
 * break, in order): a style's breaks are a run of rows, as a quote names a style once
 * (sv_ledger_check), its terms on each. *qr is the query's state, stepped past them. */
static bool quote_lines(sqlite3_stmt *qs, int *qr, sv_ledger_event *ev, sv_pool *pool)
{
    sv_ledger_quote_line *v = NULL;
    sv_ledger_break *br = NULL;
    size_t n = 0, cap = 0, nb = 0, bcap = 0;
    while (*qr == SQLITE_ROW && sqlite3_column_int64(qs, 0) < ev->id)
        *qr = sqlite3_step(qs);
    while (*qr == SQLITE_ROW && sqlite3_column_int64(qs, 0) == ev->id) {
        const char *style = (const char *)sqlite3_column_text(qs, 1);
        if (!style)
            style = "";
        if (!n || strcmp(v[n - 1].style, style) != 0) {
            if (!room(pool, (void **)&v, n, &cap, sizeof *v))
                return false;
            sv_ledger_quote_line *q = &v[n++];
            memset(q, 0, sizeof *q);
            if (!(q->style = sv_pool_strdup(pool, style)))
                return false;
            q->moq_style = col_num(qs, 4, SV_LEDGER_UNSET);
            q->moq_color = col_num(qs, 5, SV_LEDGER_UNSET);
            q->sample_fee = col_num(qs, 6, SV_LEDGER_UNSET);
            q->fee_refunded = (int)col_num(qs, 7, SV_LEDGER_UNSET);
            q->sampling_days = col_num(qs, 8, SV_LEDGER_UNSET);
            q->production_days = col_num(qs, 9, SV_LEDGER_UNSET);
            /* this style's breaks start a new array: the last style's keep theirs */
            br = NULL;
            nb = bcap = 0;
        }
        if (!room(pool, (void **)&br, nb, &bcap, sizeof *br))
            return false;
        br[nb++] = (sv_ledger_break){sqlite3_column_int64(qs, 2), sqlite3_column_int64(qs, 3)};
        v[n - 1].breaks = br;
        v[n - 1].n_breaks = nb;
        *qr = sqlite3_step(qs);
    }
    ev->quote = n ? v : NULL;
    ev->n_quote = n;
    return true;
}

sv_code sv_store_ledger_party_typed(sv_store *s, const char *brand, const char *factory,
                                    sv_pool *pool, sv_ledger_typed_fn fn, void *ud, sv_err *e)
{
    if ((brand == NULL) == (factory == NULL))
        return sv_err_set(e, SV_ERR_INTERNAL, "a party is a brand or a factory");
    int64_t fid = 0;
    if (factory) {
        sv_code rc = sv_store_find_handle(s, factory, &fid, e);
        if (rc || !fid)
            return rc;
    }
    /* the events, their lines and their quotes' lines, each in the order recorded: a
     * factory's by ledger_event_factory_card alone, in its order (no sort) */
    const char *evq =
        brand ? "SELECT " EVENT_COLS " FROM ledger_event e JOIN brand b ON b.id = e.brand_id "
                "WHERE b.handle = ?1 ORDER BY e.id"
              : "SELECT " EVENT_COLS " FROM ledger_event e JOIN brand b ON b.id = e.brand_id "
                "WHERE e.factory_id = ?1 ORDER BY e.id";
    const char *lq =
        brand ? "SELECT l.event_id, l.style, l.color, l.size, l.qty, l.price FROM ledger_line l "
                "JOIN ledger_event e ON e.id = l.event_id JOIN brand b ON b.id = e.brand_id "
                "WHERE b.handle = ?1 ORDER BY l.event_id, l.seq"
              : "SELECT l.event_id, l.style, l.color, l.size, l.qty, l.price FROM ledger_event e "
                "JOIN ledger_line l ON l.event_id = e.id WHERE e.factory_id = ?1 "
                "ORDER BY e.id, l.seq";
    const char *qq =
        brand ? "SELECT " QUOTE_COLS " FROM ledger_quote_line q JOIN ledger_event e ON "
                "e.id = q.event_id JOIN brand b ON b.id = e.brand_id WHERE b.handle = ?1 AND "
                "e.kind = 'quote' ORDER BY q.event_id, q.seq"
              : "SELECT " QUOTE_COLS " FROM ledger_event e JOIN ledger_quote_line q ON "
                "q.event_id = e.id WHERE e.factory_id = ?1 AND e.kind = 'quote' "
                "ORDER BY e.id, q.seq";
    sqlite3_stmt *st = NULL, *ls = NULL, *qs = NULL;
    if (sqlite3_prepare_v2(s->db, evq, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, lq, -1, &ls, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, qq, -1, &qs, NULL) != SQLITE_OK) {
        sv_code rc = st_fail(s, e, "ledger");
        sqlite3_finalize(st);
        sqlite3_finalize(ls);
        return rc;
    }
    for (int k = 0; k < 3; k++) {
        sqlite3_stmt *q = k == 0 ? st : k == 1 ? ls : qs;
        if (brand)
            sqlite3_bind_text(q, 1, brand, -1, SQLITE_STATIC);
        else
            sqlite3_bind_int64(q, 1, fid);
    }
    sv_code rc = SV_OK;
    bool nomem = false;
    int r, lr = sqlite3_step(ls), qr = sqlite3_step(qs);
    size_t cap = 0;
    handles brands = {NULL, 0, 0};
    const char *last_factory = NULL;
    while (rc == SV_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        sv_ledger_event ev;
        memset(&ev, 0, sizeof ev);
        ev.id = sqlite3_column_int64(st, 0);
        ev.at = sqlite3_column_int64(st, 1);
        ev.by = (sv_ledger_by)col_name(st, 2, sv_ledger_by_parse, 0);
        ev.kind = (sv_ledger_kind)col_name(st, 3, sv_ledger_kind_parse, 0);
        ev.supersedes = col_num(st, 4, 0);
        ev.rfq = col_str(st, 5, pool, &nomem);
        ev.order = col_str(st, 6, pool, &nomem);
        ev.style = col_str(st, 7, pool, &nomem);
        ev.stage = (sv_sample_stage)col_name(st, 8, sv_sample_stage_parse, SV_SAMPLE_NONE);
        ev.round = (int)col_num(st, 9, 0);
        ev.change = col_str(st, 10, pool, &nomem);
        ev.milestone = col_str(st, 11, pool, &nomem);
        const char *cur = (const char *)sqlite3_column_text(st, 12);
        if (cur)
            snprintf(ev.currency, sizeof ev.currency, "%s", cur);
        ev.amount = col_num(st, 13, SV_LEDGER_UNSET);
        ev.due = col_num(st, 14, SV_LEDGER_NO_DAY);
        ev.ex_factory = col_num(st, 15, SV_LEDGER_NO_DAY);
        ev.planned = col_num(st, 16, SV_LEDGER_NO_DAY);
        ev.valid_until = col_num(st, 17, SV_LEDGER_NO_DAY);
        ev.days = col_num(st, 18, SV_LEDGER_UNSET);
        ev.deposit_bp = col_num(st, 19, SV_LEDGER_UNSET);
        ev.reason = (sv_decline_reason)col_name(st, 20, sv_decline_reason_parse, SV_DECLINE_NONE);
        ev.verdict = (sv_sample_verdict)col_name(st, 21, sv_sample_verdict_parse, SV_VERDICT_NONE);
        ev.lot = col_num(st, 22, SV_LEDGER_UNSET);
        for (int i = 0; i < 3; i++)
            ev.defects[i] = col_num(st, 23 + i, SV_LEDGER_UNSET);
        ev.passed = (int)col_num(st, 26, SV_LEDGER_UNSET);
        ev.level = SV_LEDGER_UNSET;
        const char *lv = (const char *)sqlite3_column_text(st, 27);
        sv_aql_level level;
        sv_err le;
        sv_err_clear(&le);
        if (lv && sv_aql_level_parse(lv, &level, &le) == SV_OK)
            ev.level = (int)level;
        for (int i = 0; i < 3; i++)
            ev.aql[i] = (int)col_num(st, 28 + i, SV_LEDGER_UNSET);
        ev.brand = brand_of(&brands, st, pool, &nomem);
        /* the factory's handle as the event gave it: its column; in a row recorded before
         * the column, the value of the body's first "factory" key, the only one of a
         * canonical line (that sequence is never inside a string, where a quote is
         * escaped), taken when it is the registry's handle and has no escape; else the body
         * is the caller's to read */
        const char *body = NULL;
        if (sqlite3_column_type(st, 32) != SQLITE_NULL) {
            const char *fh = (const char *)sqlite3_column_text(st, 32);
            if (last_factory && fh && strcmp(last_factory, fh) == 0)
                ev.factory = last_factory;
            else
                ev.factory = last_factory = col_str(st, 32, pool, &nomem);
        } else {
            body = (const char *)sqlite3_column_text(st, 34);
            const char *fh = (const char *)sqlite3_column_text(st, 33);
            const char *k = body ? strstr(body, "\"factory\":\"") : NULL;
            size_t fl = fh ? strlen(fh) : 0;
            if (k && fh && strncmp(k + 11, fh, fl) == 0 && k[11 + fl] == '"' &&
                !memchr(fh, '\\', fl)) {
                ev.factory = col_str(st, 33, pool, &nomem);
                body = NULL;
            }
        }
        /* its lines: the line query's rows of this id, both in id order */
        size_t n = 0;
        sv_ledger_line *lines = NULL;
        while (lr == SQLITE_ROW && sqlite3_column_int64(ls, 0) < ev.id)
            lr = sqlite3_step(ls);
        while (lr == SQLITE_ROW && sqlite3_column_int64(ls, 0) == ev.id) {
            if (!room(pool, (void **)&lines, n, &cap, sizeof *lines)) {
                nomem = true;
                break;
            }
            sv_ledger_line *l = &lines[n++];
            memset(l, 0, sizeof *l);
            l->style = col_str(ls, 1, pool, &nomem);
            l->color = col_str(ls, 2, pool, &nomem);
            l->size = col_str(ls, 3, pool, &nomem);
            l->qty = sqlite3_column_int64(ls, 4);
            l->price = col_num(ls, 5, SV_LEDGER_UNSET);
            lr = sqlite3_step(ls);
        }
        ev.lines = n ? lines : NULL;
        ev.n_lines = n;
        if (!nomem && ev.kind == SV_EV_QUOTE && !quote_lines(qs, &qr, &ev, pool))
            nomem = true;
        if (nomem) {
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            break;
        }
        rc = fn(ud, &ev, body, e);
    }
    if (rc == SV_OK && (r != SQLITE_DONE || (lr != SQLITE_ROW && lr != SQLITE_DONE) ||
                        (qr != SQLITE_ROW && qr != SQLITE_DONE)))
        rc = st_fail(s, e, "ledger");
    sqlite3_finalize(st);
    sqlite3_finalize(ls);
    sqlite3_finalize(qs);
    free(brands.v);
    return rc;
}
