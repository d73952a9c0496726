/* The SQLite store: factories, their look-ups, listing and the matcher's table (opening the
 * connection is open.c's). Every statement is prepared once per connection and kept: an import
 * of a million rows runs the same handful of statements a million times. */
#include "selvedge/store.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "memindex.h"

enum {
    Q_INSERT,
    Q_UPDATE,
    Q_ADD_NAME,
    Q_ADD_ADDRESS,
    Q_ADD_TOKEN,
    Q_PRICE_DEL,
    Q_PRICE_ADD,
    Q_FTS_DEL,
    Q_FTS_ADD,
    Q_NAMES_OF,
    Q_ADDRESSES_OF,
    Q_FIND_OS_ID,
    Q_FIND_HANDLE,
    Q_FIND_EXACT,
    Q_FIND_EXACT_ADDR,
    Q_TOKEN_IDS,
    Q_GET,
    Q_PRICES_OF,
    Q_REVIEW_ADD,
    Q_MERGED_INTO,
    Q_MERGE_READ,
    Q_PRICE_FILL,
    Q_HOLDS_ANY,
    Q_NAME_OWNER,
    Q_DATA_VERSION,
    Q__COUNT
};
_Static_assert((int)Q__COUNT <= (int)ST_STATEMENTS, "internal.h: ST_STATEMENTS");

static const char *const sql[Q__COUNT] = {
    [Q_DATA_VERSION] = "PRAGMA data_version",
    [Q_INSERT] = "INSERT INTO factory (handle, os_id, name, name_key, address, address_key, "
                 "country, lat, lng, facility_types, processing_types, categories, "
                 "constructions, tiers, moq_style, moq_color, moq_order, sampling_days, "
                 "production_days, monthly_capacity, sample_fee, deposit_bp, certifications, "
                 "new_brands, workers_min, workers_max, languages, source, "
                 "other_certifications, closed) VALUES "
                 "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,"
                 "?22,?23,?24,?25,?26,?27,?28,?29,coalesce(?30, 0))",
    [Q_UPDATE] = "UPDATE factory SET handle=?1, os_id=?2, name=?3, name_key=?4, address=?5, "
                 "address_key=?6, country=?7, lat=?8, lng=?9, facility_types=?10, "
                 "processing_types=?11, categories=?12, constructions=?13, tiers=?14, "
                 "moq_style=?15, moq_color=?16, moq_order=?17, sampling_days=?18, "
                 "production_days=?19, monthly_capacity=?20, sample_fee=?21, deposit_bp=?22, "
                 "certifications=?23, new_brands=?24, workers_min=?25, workers_max=?26, "
                 "languages=?27, source=?28, other_certifications=?29, "
                 "closed=coalesce(?30, closed) WHERE id=?31",
    [Q_ADD_NAME] = "INSERT OR IGNORE INTO factory_name (factory_id, name, name_key) "
                   "VALUES (?1, ?2, ?3)",
    [Q_ADD_ADDRESS] = "INSERT OR IGNORE INTO factory_address (factory_id, address, address_key) "
                      "VALUES (?1, ?2, ?3)",
    [Q_ADD_TOKEN] = "INSERT OR IGNORE INTO factory_token (country, token, factory_id) "
                    "VALUES (?1, ?2, ?3)",
    [Q_PRICE_DEL] = "DELETE FROM factory_price WHERE factory_id = ?1",
    [Q_PRICE_ADD] = "INSERT INTO factory_price (factory_id, category, fob_low, fob_high) "
                    "VALUES (?1, ?2, ?3, ?4)",
    [Q_FTS_DEL] = "DELETE FROM factory_fts WHERE rowid = ?1",
    [Q_FTS_ADD] = "INSERT INTO factory_fts (rowid, names, addresses) VALUES (?1, ?2, ?3)",
    [Q_NAMES_OF] = "SELECT name, name_key FROM factory_name WHERE factory_id = ?1 "
                   "ORDER BY id",
    [Q_ADDRESSES_OF] = "SELECT address, address_key FROM factory_address WHERE factory_id = ?1 "
                       "ORDER BY id",
    [Q_FIND_OS_ID] = "SELECT id FROM factory WHERE os_id = ?1",
    [Q_FIND_HANDLE] = "SELECT id FROM factory WHERE handle = ?1",
    /* the factories known by a cleaned name, each once (one seek of the index on
     * (name_key, factory_id) per factory, however many of its spellings share the key),
     * then the first in the country that stands, with the cleaned address too for the second */
    [Q_FIND_EXACT] = "WITH RECURSIVE ids(id) AS ("
                     "SELECT min(factory_id) FROM factory_name WHERE name_key = ?2 "
                     "UNION ALL SELECT (SELECT min(factory_id) FROM factory_name "
                     "WHERE name_key = ?2 AND factory_id > ids.id) FROM ids "
                     "WHERE ids.id IS NOT NULL) "
                     "SELECT f.id FROM ids JOIN factory f ON f.id = ids.id "
                     "WHERE f.country = ?1 AND f.merged_into IS NULL ORDER BY f.id LIMIT 1",
    [Q_FIND_EXACT_ADDR] = "WITH RECURSIVE ids(id) AS ("
                          "SELECT min(factory_id) FROM factory_name WHERE name_key = ?2 "
                          "UNION ALL SELECT (SELECT min(factory_id) FROM factory_name "
                          "WHERE name_key = ?2 AND factory_id > ids.id) FROM ids "
                          "WHERE ids.id IS NOT NULL) "
                          "SELECT f.id FROM ids JOIN factory f ON f.id = ids.id "
                          "WHERE f.country = ?1 AND f.merged_into IS NULL AND EXISTS ("
                          "SELECT 1 FROM factory_address a WHERE a.factory_id = f.id "
                          "AND a.address_key = ?3) ORDER BY f.id LIMIT 1",
    [Q_TOKEN_IDS] = "SELECT factory_id FROM factory_token WHERE country = ?1 AND token = ?2 "
                    "LIMIT ?3",
    [Q_GET] = "SELECT id, handle, os_id, name, address, country, lat, lng, facility_types, "
              "processing_types, categories, constructions, tiers, moq_style, moq_color, "
              "moq_order, sampling_days, production_days, monthly_capacity, sample_fee, "
              "deposit_bp, certifications, new_brands, workers_min, workers_max, languages, "
              "source, other_certifications, closed, merged_into FROM factory WHERE id = ?1",
    [Q_PRICES_OF] = "SELECT category, fob_low, fob_high FROM factory_price WHERE factory_id = ?1",
    [Q_REVIEW_ADD] = "INSERT OR IGNORE INTO review_pair (a, b, similarity, why) "
                     "VALUES (?1, ?2, ?3, ?4)",
    [Q_MERGED_INTO] = "SELECT merged_into FROM factory WHERE id = ?1",
    /* what a merge reads of the kept profile (the M_ columns below) */
    [Q_MERGE_READ] = "SELECT merged_into, country, handle, os_id, address, lat, lng, "
                     "facility_types, processing_types, categories, constructions, tiers, "
                     "moq_style, moq_color, moq_order, sampling_days, production_days, "
                     "monthly_capacity, sample_fee, deposit_bp, certifications, new_brands, "
                     "workers_min, workers_max, languages, other_certifications, closed "
                     "FROM factory WHERE id = ?1",
    [Q_PRICE_FILL] = "INSERT INTO factory_price (factory_id, category, fob_low, fob_high) "
                     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
    /* whether any factory was merged into ?1 (the index on merged_into) */
    [Q_HOLDS_ANY] = "SELECT 1 FROM factory WHERE merged_into = ?1 LIMIT 1",
    /* of ?1 and the factories merged into it at any depth, the one whose own name (not one a
     * standing merge decision into it added, review.c's merge_change) has the key ?2: ?1 first */
    [Q_NAME_OWNER] = "WITH RECURSIVE tree(id) AS (SELECT ?1 UNION "
                     "SELECT f.id FROM factory f JOIN tree ON f.merged_into = tree.id) "
                     "SELECT n.factory_id FROM tree JOIN factory_name n ON n.factory_id = tree.id "
                     "WHERE n.name_key = ?2 AND NOT EXISTS (SELECT 1 FROM review_decision d "
                     "JOIN merge_change c ON c.decision = d.id WHERE d.a = n.factory_id "
                     "AND d.kind = 'merge' AND d.undone_at IS NULL AND c.kind = 'name' "
                     "AND c.item = n.name) "
                     "ORDER BY n.factory_id <> ?1, n.factory_id LIMIT 1",
};

/* The page cache during a bulk load, in KiB (negative): 8 MB. */
#define BULK_CACHE "-8192"

/* How many factories a fuzzy match compares a new one with, at most: those sharing the most
 * significant words of its name. Common words would otherwise bring thousands. */
enum { MAX_CANDIDATES = 24, PER_WORD = 64 };

static sqlite3_stmt *stmt(sv_store *s, int q, sv_err *e)
{
    if (!s->q[q] && sqlite3_prepare_v3(s->db, sql[q], -1, SQLITE_PREPARE_PERSISTENT, &s->q[q],
                                       NULL) != SQLITE_OK) {
        st_fail(s, e, "prepare");
        return NULL;
    }
    sqlite3_reset(s->q[q]);
    sqlite3_clear_bindings(s->q[q]);
    return s->q[q];
}

sv_code sv_store_begin(sv_store *s, sv_err *e)
{
    sv_code rc = st_exec(s, "BEGIN IMMEDIATE", e);
    if (rc == SV_OK)
        s->in_tx = true;
    s->any_distinct = -1; /* decisions change between transactions, never inside one */
    return rc;
}

/* ---- bulk loads ---- */

static sv_code step_done(sv_store *s, sqlite3_stmt *st, sv_err *e, const char *what);

typedef struct token_writer {
    sv_store *s;
    sv_err *e;
    sv_code rc;
} token_writer;

static bool write_token(void *ud, const char *country, const char *token, int64_t id);
static bool write_fts(void *ud, int64_t id);
static void bulk_discard(sv_store *s);

/* Leave bulk mode inside the open transaction: the blocking words kept in memory are
 * written (in key order, so each lands at the end of its index) and the indexes dropped for
 * the load are built again. */
static sv_code bulk_finish(sv_store *s, sv_err *e)
{
    if (!s->bulk)
        return SV_OK;
    token_writer w = {s, e, SV_OK};
    bool ok = mi_each_token(s->bulk, write_token, &w) && mi_each_fts(s->bulk, write_fts, &w);
    sv_code rc = w.rc ? w.rc : ok ? SV_OK : sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    /* the memory index goes before the indexes are built: they want the memory */
    char *indexes = s->bulk_indexes;
    s->bulk_indexes = NULL;
    bulk_discard(s);
    if (rc == SV_OK && indexes)
        rc = st_exec(s, indexes, e);
    free(indexes);
    return rc;
}

/* Leave bulk mode without writing what it kept; the page cache back to its size. */
static void bulk_discard(sv_store *s)
{
    if (s->bulk)
        sqlite3_exec(s->db, "PRAGMA cache_size = " ST_CACHE, NULL, NULL, NULL);
    mi_free(s->bulk);
    s->bulk = NULL;
    free(s->bulk_indexes);
    s->bulk_indexes = NULL;
}

/* Back to the store's usual settings after a load (outside a transaction). */
static void settings_back(sv_store *s)
{
    /* a file that held nothing when opened stays out of WAL until a commit (st_committed) */
    if (s->bulk_journal && !s->empty)
        sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    s->bulk_journal = false;
    sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
}

sv_code sv_store_begin_bulk(sv_store *s, bool *bulk, sv_err *e)
{
    *bulk = false;
    char *any = NULL;
    sv_code rc = st_query_text(s, "SELECT 1 FROM factory LIMIT 1", &any, e);
    if (rc || any) {
        free(any);
        return rc ? rc : sv_store_begin(s, e);
    }
    /* backend plumbing from here on (journal mode, pragmas, the schema table): SQLite's way
     * to load in bulk. A rollback journal while loading: in WAL every new page is written
     * twice, to the log and back; with a journal, pages past the end of the file are not
     * journaled at all. Not possible while another connection has the database open: then
     * WAL it is (SQLite answers with the mode it keeps, or an error: either way the load goes
     * on in WAL). */
    char *mode = NULL;
    sv_err ignored;
    st_query_text(s, "PRAGMA journal_mode = DELETE", &mode, &ignored);
    s->bulk_journal = mode && strcmp(mode, "delete") == 0;
    free(mode);
    /* every reference a load writes is to a factory it has just inserted: checking each one
     * (a look-up in the factory table per name, address, price and blocking word, most of
     * them out of cache while the words are written) proves nothing. Set outside the
     * transaction, as SQLite requires; back on at commit or rollback. */
    sqlite3_exec(s->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
    if ((rc = sv_store_begin(s, e))) {
        settings_back(s);
        return rc;
    }
    /* only into an empty store (checked under the write lock): nothing on file to look up */
    if ((rc = st_query_text(s, "SELECT 1 FROM factory LIMIT 1", &any, e)) || any) {
        free(any);
        if (rc)
            sv_store_rollback(s);
        return rc;
    }
    /* the indexes the look-ups would use are built once at the end instead of row by row */
    char *drop = NULL;
    rc = st_query_text(s,
                       "SELECT group_concat(sql, ';') FROM sqlite_master "
                       "WHERE type = 'index' AND sql IS NOT NULL "
                       "AND tbl_name IN ('factory', 'factory_name', 'factory_address')",
                       &s->bulk_indexes, e);
    if (rc == SV_OK)
        rc = st_query_text(s,
                           "SELECT group_concat('DROP INDEX ' || name, ';') "
                           "FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                           "AND tbl_name IN ('factory', 'factory_name', 'factory_address')",
                           &drop, e);
    if (rc == SV_OK && !(s->bulk = mi_new(PER_WORD)))
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    /* the index in memory is the bulk of a load's memory: a smaller page cache meanwhile
     * (rows are appended; at 300k rows 60 MB less resident with 16 MB than with 64, no slower
     * measured; 8 MB: 11 MB less at a million rows, user time the same at 200k) */
    if (rc == SV_OK)
        sqlite3_exec(s->db, "PRAGMA cache_size = " BULK_CACHE, NULL, NULL, NULL);
    if (rc == SV_OK && drop)
        rc = st_exec(s, drop, e);
    free(drop);
    if (rc) {
        sv_store_rollback(s); /* the indexes dropped come back with it */
        return rc;
    }
    *bulk = true;
    return SV_OK;
}

static sv_code fts_flush(sv_store *s, sv_err *e);

sv_code sv_store_commit(sv_store *s, sv_err *e)
{
    sv_code rc = bulk_finish(s, e);
    if (rc == SV_OK)
        rc = fts_flush(s, e);
    if (rc == SV_OK)
        rc = st_exec(s, "COMMIT", e);
    if (rc == SV_OK) {
        s->in_tx = false;
        st_committed(s);
        settings_back(s);
    }
    return rc;
}

void sv_store_rollback(sv_store *s)
{
    /* ROLLBACK can fail only when interrupted: tried again while a transaction is open */
    for (int i = 0; i < 3 && !sqlite3_get_autocommit(s->db); i++)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = false;
    s->n_fts_later = 0;
    bulk_discard(s);
    settings_back(s);
}

/* ---- binding helpers ---- */

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void bind_num(sqlite3_stmt *st, int i, int64_t v)
{
    if (v < 0)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int64(st, i, v);
}

static int64_t col_num(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? SV_UNSET : sqlite3_column_int64(st, i);
}

static const char *col_text(sqlite3_stmt *st, int i, sv_pool *pool)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? sv_pool_strdup(pool, (const char *)t) : NULL;
}

static sv_code step_done(sv_store *s, sqlite3_stmt *st, sv_err *e, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return st_fail(s, e, what);
    sqlite3_reset(st);
    return SV_OK;
}

/* A blocking word of a factory, in the table. */
static sv_code insert_token(sv_store *s, const char *country, const char *token, int64_t id,
                            sv_err *e)
{
    sqlite3_stmt *st = stmt(s, Q_ADD_TOKEN, e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_text(st, 1, country, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, token, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, id);
    return step_done(s, st, e, "indexing a name");
}

static bool write_token(void *ud, const char *country, const char *token, int64_t id)
{
    token_writer *w = ud;
    return (w->rc = insert_token(w->s, country, token, id, w->e)) == SV_OK;
}

/* Words of a cleaned name that say little about which factory it is. */
static bool generic_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "and",       "the",        "of",          "for",        "garment",   "garments",
        "textile",   "textiles",   "apparel",     "apparels",   "industry",  "industries",
        "industrial", "fashion",   "fashions",    "clothing",   "clothes",   "knit",
        "knits",     "knitting",   "knitwear",    "manufacturing", "manufacturer",
        "international", "group",  "company",     "factory",    "export",    "exports",
        "fabrics",   "fabric",     "mill",        "mills",      "enterprise", "enterprises",
        "trading",   "wear",       "sportswear",  "limited",    "ltd",       "pvt",
        "private",   "inc",        "llc",         "corporation", "corp",     "holdings",
        "production", "products",  "global",      "world",      "new",       "branch",
        "unit",      "plant",      "sewing",      "dyeing",     "washing",   "printing"};
    if (n < 3)
        return true;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
            return true;
    return false;
}

/* The next blocking word of a cleaned key after *p into word (64 bytes): a word that says
 * something (not generic, not too long). false at the end of the key. */
static bool next_word(const char **p, char word[64])
{
    while (**p) {
        while (**p == ' ')
            (*p)++;
        size_t n = strcspn(*p, " ");
        const char *w = *p;
        *p += n;
        if (n && !generic_word(w, n) && n < 64) {
            memcpy(word, w, n);
            word[n] = '\0';
            return true;
        }
    }
    return false;
}

static sv_code add_tokens(sv_store *s, int64_t id, const char *country, const char *key,
                          sv_err *e)
{
    const char *p = key;
    char word[64];
    while (next_word(&p, word)) {
        sv_code rc = SV_OK;
        if (s->bulk)
            rc = mi_add_token(s->bulk, country, word, id)
                     ? SV_OK
                     : sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        else
            rc = insert_token(s, country, word, id, e);
        if (rc)
            return rc;
    }
    return SV_OK;
}

/* Record a name (and its blocking words) for a factory. */
static sv_code add_name(sv_store *s, int64_t id, const char *country, const char *name,
                        const char *known_key, sv_err *e)
{
    /* the key when the caller has not cleaned the name already */
    char *own = known_key ? NULL : sv_clean_key(name);
    const char *key = known_key ? known_key : own;
    if (!key)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st = stmt(s, Q_ADD_NAME, e);
    sv_code rc = SV_ERR_IO;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
        rc = step_done(s, st, e, "adding a name");
        if (rc == SV_OK && sqlite3_changes(s->db) > 0) {
            if (s->bulk && !mi_add_name(s->bulk, id, key))
                rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            /* a factory merged into another is found through that one: no blocking words */
            if (rc == SV_OK && id != s->merged_away)
                rc = add_tokens(s, id, country, key, e);
        }
    }
    free(own);
    return rc;
}

static sv_code add_address(sv_store *s, int64_t id, const char *address,
                           const char *known_key, sv_err *e)
{
    /* the key when the caller has not cleaned the address already */
    char *own = known_key ? NULL : sv_clean_key(address);
    const char *key = known_key ? known_key : own;
    if (!key)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st = stmt(s, Q_ADD_ADDRESS, e);
    sv_code rc = SV_ERR_IO;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, address, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
        rc = step_done(s, st, e, "adding an address");
        if (rc == SV_OK && s->bulk && sqlite3_changes(s->db) > 0 &&
            !mi_add_address(s->bulk, id, key))
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    free(own);
    return rc;
}

/* The search row of a factory: every name and address it is known by, and their cleaned
 * forms so that "co ltd" finds "Co., Ltd.". */
static sv_code fts_write(sv_store *s, int64_t id, sv_err *e)
{
    sv_code rc = SV_OK;
    char *names = NULL, *addresses = NULL;
    size_t nl = 0, al = 0;
    FILE *fn = open_memstream(&names, &nl), *fa = open_memstream(&addresses, &al);
    if (!fn || !fa) {
        if (fn)
            fclose(fn);
        if (fa)
            fclose(fa);
        free(names);
        free(addresses);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    sqlite3_stmt *st = stmt(s, Q_NAMES_OF, e);
    if (!st)
        rc = SV_ERR_IO;
    else {
        sqlite3_bind_int64(st, 1, id);
        int r;
        while ((r = sqlite3_step(st)) == SQLITE_ROW)
            fprintf(fn, "%s | %s\n", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
        if (r != SQLITE_DONE)
            rc = st_fail(s, e, "reading names");
        sqlite3_reset(st);
    }
    if (rc == SV_OK && (st = stmt(s, Q_ADDRESSES_OF, e))) {
        sqlite3_bind_int64(st, 1, id);
        int r;
        while ((r = sqlite3_step(st)) == SQLITE_ROW)
            fprintf(fa, "%s\n", sqlite3_column_text(st, 0));
        if (r != SQLITE_DONE)
            rc = st_fail(s, e, "reading addresses");
        sqlite3_reset(st);
    } else if (rc == SV_OK) {
        rc = SV_ERR_IO;
    }
    fclose(fn);
    fclose(fa);
    if (rc == SV_OK && (st = stmt(s, Q_FTS_DEL, e))) {
        sqlite3_bind_int64(st, 1, id);
        rc = step_done(s, st, e, "updating the search index");
    }
    if (rc == SV_OK && (st = stmt(s, Q_FTS_ADD, e))) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, names, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, addresses, -1, SQLITE_STATIC);
        rc = step_done(s, st, e, "updating the search index");
    }
    free(names);
    free(addresses);
    return rc;
}

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* A factory's names or addresses changed. In a transaction its search row is written once,
 * at the commit (bulk_finish during a bulk load, fts_flush otherwise): rewritten from every
 * name and address at every new spelling, it made an import of a facility listed hundreds of
 * times quadratic. */
static sv_code refresh_fts(sv_store *s, int64_t id, sv_err *e)
{
    if (id == s->merged_away) /* found through the one it is in: no search row */
        return SV_OK;
    if (s->bulk)
        return mi_fts_later(s->bulk, id) ? SV_OK : sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    if (!s->in_tx)
        return fts_write(s, id, e);
    if (s->n_fts_later && s->fts_later[s->n_fts_later - 1] == id)
        return SV_OK;
    if (s->n_fts_later == s->cap_fts_later) {
        size_t cap = s->cap_fts_later ? s->cap_fts_later * 2 : 256;
        int64_t *grown = realloc(s->fts_later, cap * sizeof *grown);
        if (!grown)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        s->fts_later = grown;
        s->cap_fts_later = cap;
    }
    s->fts_later[s->n_fts_later++] = id;
    return SV_OK;
}

/* A factory no longer searched for itself (merged into another): no row written for it at
 * the commit. */
static void fts_forget(sv_store *s, int64_t id)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n_fts_later; i++)
        if (s->fts_later[i] != id)
            s->fts_later[k++] = s->fts_later[i];
    s->n_fts_later = k;
}

/* The search rows put off until the commit, each factory's once, in id order. */
static sv_code fts_flush(sv_store *s, sv_err *e)
{
    sv_code rc = SV_OK;
    if (s->n_fts_later)
        qsort(s->fts_later, s->n_fts_later, sizeof *s->fts_later, by_id);
    for (size_t i = 0; rc == SV_OK && i < s->n_fts_later; i++)
        if (i == 0 || s->fts_later[i] != s->fts_later[i - 1])
            rc = fts_write(s, s->fts_later[i], e);
    if (rc == SV_OK)
        s->n_fts_later = 0;
    return rc;
}

static bool write_fts(void *ud, int64_t id)
{
    token_writer *w = ud;
    w->rc = fts_write(w->s, id, w->e);
    return w->rc == SV_OK;
}

/* ---- lent to review.c (internal.h) ---- */

sv_code st_add_name(sv_store *s, int64_t id, const char *country, const char *name, bool *added,
                    sv_err *e)
{
    int before = sqlite3_total_changes(s->db);
    sv_code rc = add_name(s, id, country, name, NULL, e);
    *added = rc == SV_OK && sqlite3_total_changes(s->db) != before;
    return rc;
}

sv_code st_add_address(sv_store *s, int64_t id, const char *address, bool *added, sv_err *e)
{
    int before = sqlite3_total_changes(s->db);
    sv_code rc = add_address(s, id, address, NULL, e);
    *added = rc == SV_OK && sqlite3_total_changes(s->db) != before;
    return rc;
}

/* The blocking words and the search row of a factory, again from the names and addresses it
 * has now; live false: neither (a merged-away factory is found through the one it is in). */
sv_code st_reindex(sv_store *s, int64_t id, bool live, sv_err *e)
{
    sqlite3_stmt *st;
    sv_code rc = SV_OK;
    char country[3] = "";
    if (sqlite3_prepare_v2(s->db, "SELECT country FROM factory WHERE id = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return st_fail(s, e, "reindexing a factory");
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        snprintf(country, sizeof country, "%s", (const char *)sqlite3_column_text(st, 0));
    else
        rc = r == SQLITE_DONE
                 ? sv_err_set(e, SV_ERR_NOTFOUND, "no factory with id %lld", (long long)id)
                 : st_fail(s, e, "reindexing a factory");
    sqlite3_finalize(st);
    if (rc)
        return rc;
    if (sqlite3_prepare_v2(s->db, "DELETE FROM factory_token WHERE factory_id = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return st_fail(s, e, "reindexing a factory");
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = st_fail(s, e, "reindexing a factory");
    sqlite3_finalize(st);
    if (rc)
        return rc;
    if (!live) {
        fts_forget(s, id);
        if (!(st = stmt(s, Q_FTS_DEL, e)))
            return SV_ERR_IO;
        sqlite3_bind_int64(st, 1, id);
        return step_done(s, st, e, "updating the search index");
    }
    /* the keys are copied out: add_tokens runs statements of its own */
    st_texts keys = {0};
    rc = st_collect_query(s, "SELECT name_key FROM factory_name WHERE factory_id = ?1", id, &keys,
                          "reindexing a factory", e);
    for (size_t i = 0; rc == SV_OK && i < keys.n; i++)
        rc = add_tokens(s, id, country, keys.v[i], e);
    st_texts_free(&keys);
    if (rc == SV_OK)
        rc = refresh_fts(s, id, e);
    return rc;
}

/* The search row of a factory just inserted: built from the profile itself, with no query
 * back (the common case of an import). The same text as fts_write's. */
static sv_code fts_new(sv_store *s, int64_t id, const sv_factory *f, const char *name_key,
                       sv_err *e)
{
    char *names = NULL, *addrs = NULL;
    size_t nl = 0, al = 0;
    FILE *fn = open_memstream(&names, &nl), *fa = open_memstream(&addrs, &al);
    sv_code rc = fn && fa ? SV_OK : sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == SV_OK && i <= f->n_other_names; i++) {
        const char *n = i == 0 ? f->name : f->other_names[i - 1];
        char *own = i == 0 ? NULL : sv_clean_key(n);
        const char *key = i == 0 ? name_key : own;
        if (!key)
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        else
            fprintf(fn, "%s | %s\n", n, key); /* the key may be the longer ("mfg": manufacturing) */
        free(own);
    }
    if (rc == SV_OK && f->address)
        fprintf(fa, "%s\n", f->address);
    for (size_t i = 0; rc == SV_OK && i < f->n_other_addresses; i++)
        fprintf(fa, "%s\n", f->other_addresses[i]);
    if (fn && fclose(fn) != 0 && rc == SV_OK)
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    if (fa && fclose(fa) != 0 && rc == SV_OK)
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st;
    if (rc == SV_OK && (st = stmt(s, Q_FTS_ADD, e))) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, names, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, addrs, -1, SQLITE_STATIC);
        rc = step_done(s, st, e, "indexing for search");
    } else if (rc == SV_OK) {
        rc = SV_ERR_IO;
    }
    free(names);
    free(addrs);
    return rc;
}

static void bind_profile(sqlite3_stmt *st, const sv_factory *f, const char *name_key,
                         const char *address_key)
{
    bind_text(st, 1, f->handle);
    bind_text(st, 2, f->os_id);
    bind_text(st, 3, f->name);
    bind_text(st, 4, name_key);
    bind_text(st, 5, f->address);
    bind_text(st, 6, address_key);
    sqlite3_bind_text(st, 7, f->country, -1, SQLITE_TRANSIENT);
    if (f->has_coords) {
        sqlite3_bind_double(st, 8, f->lat);
        sqlite3_bind_double(st, 9, f->lng);
    } else {
        sqlite3_bind_null(st, 8);
        sqlite3_bind_null(st, 9);
    }
    sqlite3_bind_int64(st, 10, f->facility_types);
    bind_text(st, 11, f->processing_types);
    sqlite3_bind_int64(st, 12, f->categories);
    sqlite3_bind_int64(st, 13, f->constructions);
    sqlite3_bind_int64(st, 14, f->tiers);
    bind_num(st, 15, f->moq_style);
    bind_num(st, 16, f->moq_color);
    bind_num(st, 17, f->moq_order);
    bind_num(st, 18, f->sampling_days);
    bind_num(st, 19, f->production_days);
    bind_num(st, 20, f->monthly_capacity);
    bind_num(st, 21, f->sample_fee);
    bind_num(st, 22, f->deposit_bp);
    sqlite3_bind_int64(st, 23, f->certifications);
    bind_num(st, 24, f->new_brands);
    bind_num(st, 25, f->workers_min);
    bind_num(st, 26, f->workers_max);
    bind_text(st, 27, f->languages);
    bind_text(st, 28, f->source);
    bind_text(st, 29, f->other_certifications);
    /* not said (-1): open for a new factory, unchanged for a known one */
    if (f->closed >= 0)
        sqlite3_bind_int(st, 30, f->closed != 0);
    else
        sqlite3_bind_null(st, 30);
}

static sv_code put_prices(sv_store *s, int64_t id, const sv_factory *f, sv_err *e)
{
    sqlite3_stmt *st = stmt(s, Q_PRICE_DEL, e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    if (step_done(s, st, e, "replacing prices"))
        return SV_ERR_IO;
    for (int c = 0; c < SV_CAT__COUNT; c++) {
        if (f->price_low[c] < 0 || f->price_high[c] < 0)
            continue;
        if (!(st = stmt(s, Q_PRICE_ADD, e)))
            return SV_ERR_IO;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, c);
        sqlite3_bind_int64(st, 3, f->price_low[c]);
        sqlite3_bind_int64(st, 4, f->price_high[c]);
        if (step_done(s, st, e, "adding a price band"))
            return SV_ERR_IO;
    }
    return SV_OK;
}

/* A profile stored during a bulk load: the look-ups learn it. A profile that moves to
 * another country (a handle given twice in one file) would leave the exact-name look-up
 * behind: the load goes on without the memory index then. */
static sv_code bulk_put(sv_store *s, const sv_factory *f, bool inserted, sv_err *e)
{
    if (!inserted && !mi_same_country(s->bulk, f->id, f->country))
        return bulk_finish(s, e);
    if ((inserted && !mi_factory(s->bulk, f->id, f->country)) ||
        !mi_set_os_id(s->bulk, f->id, f->os_id) || !mi_set_handle(s->bulk, f->id, f->handle))
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    return SV_OK;
}

sv_code sv_store_factory_put(sv_store *s, sv_factory *f, sv_err *e)
{
    return sv_store_factory_put_keyed(s, f, NULL, NULL, e);
}

sv_code sv_store_factory_put_keyed(sv_store *s, sv_factory *f, const char *name_key,
                                   const char *address_key, sv_err *e)
{
    char *own_nk = name_key ? NULL : sv_clean_key(f->name);
    char *own_ak = address_key || !f->address ? NULL : sv_clean_key(f->address);
    const char *nk = name_key ? name_key : own_nk;
    const char *ak = f->address ? (address_key ? address_key : own_ak) : NULL;
    sv_code rc = SV_OK;
    if (!nk || (f->address && !ak)) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto out;
    }
    sqlite3_stmt *st = stmt(s, f->id > 0 ? Q_UPDATE : Q_INSERT, e);
    if (!st) {
        rc = SV_ERR_IO;
        goto out;
    }
    bind_profile(st, f, nk, ak);
    bool inserted = f->id <= 0;
    if (!inserted)
        sqlite3_bind_int64(st, 31, f->id);
    /* the new id: backend plumbing. INSERT ... RETURNING id (SQLite 3.35+, PostgreSQL), as a
     * review decision is inserted, made a bulk load of 200,000 factories 40% slower here
     * (SQLite 3.40: 14.2 s against 10.1 s), so SQLite's last rowid is read instead */
    int r = sqlite3_step(st);
    if (inserted && r == SQLITE_DONE)
        f->id = sqlite3_last_insert_rowid(s->db);
    if (r != SQLITE_DONE) {
        rc = sv_err_set(e, SV_ERR_IO, "database: storing %s: %s", f->name, sqlite3_errmsg(s->db));
        sqlite3_reset(st);
        goto out;
    }
    sqlite3_reset(st);
    if (s->bulk && (rc = bulk_put(s, f, inserted, e)))
        goto out;
    rc = add_name(s, f->id, f->country, f->name, nk, e);
    for (size_t i = 0; rc == SV_OK && i < f->n_other_names; i++)
        rc = add_name(s, f->id, f->country, f->other_names[i], NULL, e);
    if (rc == SV_OK && f->address)
        rc = add_address(s, f->id, f->address, ak, e);
    for (size_t i = 0; rc == SV_OK && i < f->n_other_addresses; i++)
        rc = add_address(s, f->id, f->other_addresses[i], NULL, e);
    if (rc == SV_OK)
        rc = put_prices(s, f->id, f, e);
    if (rc == SV_OK)
        rc = inserted ? fts_new(s, f->id, f, nk, e) : refresh_fts(s, f->id, e);
out:
    free(own_nk);
    free(own_ak);
    return rc;
}

sv_code sv_store_factory_alias(sv_store *s, int64_t id, const char *name, const char *address,
                               sv_err *e)
{
    sqlite3_stmt *st;
    char country[3] = "";
    if (!(st = stmt(s, Q_GET, e)))
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW) {
        sqlite3_reset(st);
        return r == SQLITE_DONE ? sv_err_set(e, SV_ERR_NOTFOUND, "no factory %lld", (long long)id)
                                : st_fail(s, e, "reading a factory");
    }
    snprintf(country, sizeof country, "%s", (const char *)sqlite3_column_text(st, 5));
    sqlite3_reset(st);
    int before = sqlite3_total_changes(s->db);
    sv_code rc = SV_OK;
    if (name)
        rc = add_name(s, id, country, name, NULL, e);
    if (rc == SV_OK && address)
        rc = add_address(s, id, address, NULL, e);
    if (rc == SV_OK && sqlite3_total_changes(s->db) != before)
        rc = refresh_fts(s, id, e);
    return rc;
}

/* ---- reading ---- */

/* A factory's names or addresses (statement q) but the primary one, into pool. */
static sv_code others(sv_store *s, int q, int64_t id, const char *primary, sv_pool *pool,
                      const char ***out, size_t *n, sv_err *e)
{
    sqlite3_stmt *st = stmt(s, q, e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    st_texts all = {0};
    sv_code rc = st_collect(s, st, 0, 0, &all, "reading names and addresses", e);
    *out = NULL;
    *n = 0;
    if (rc == SV_OK && all.n && !(*out = sv_pool_alloc(pool, all.n * sizeof **out)))
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == SV_OK && i < all.n; i++)
        if ((!primary || strcmp(all.v[i], primary) != 0) &&
            !((*out)[(*n)++] = sv_pool_strdup(pool, all.v[i])))
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    st_texts_free(&all);
    return rc;
}

static sv_code read_profile(sv_store *s, sqlite3_stmt *st, sv_pool *pool, sv_factory *f,
                            sv_err *e)
{
    sv_factory_init(f);
    f->id = sqlite3_column_int64(st, 0);
    f->handle = col_text(st, 1, pool);
    f->os_id = col_text(st, 2, pool);
    f->name = col_text(st, 3, pool);
    f->address = col_text(st, 4, pool);
    snprintf(f->country, sizeof f->country, "%s", (const char *)sqlite3_column_text(st, 5));
    if (sqlite3_column_type(st, 6) != SQLITE_NULL && sqlite3_column_type(st, 7) != SQLITE_NULL) {
        f->has_coords = true;
        f->lat = sqlite3_column_double(st, 6);
        f->lng = sqlite3_column_double(st, 7);
    }
    f->facility_types = (uint32_t)sqlite3_column_int64(st, 8);
    f->processing_types = col_text(st, 9, pool);
    f->categories = (uint32_t)sqlite3_column_int64(st, 10);
    f->constructions = (uint32_t)sqlite3_column_int64(st, 11);
    f->tiers = (uint32_t)sqlite3_column_int64(st, 12);
    f->moq_style = col_num(st, 13);
    f->moq_color = col_num(st, 14);
    f->moq_order = col_num(st, 15);
    f->sampling_days = col_num(st, 16);
    f->production_days = col_num(st, 17);
    f->monthly_capacity = col_num(st, 18);
    f->sample_fee = col_num(st, 19);
    f->deposit_bp = col_num(st, 20);
    f->certifications = (uint32_t)sqlite3_column_int64(st, 21);
    f->new_brands = (int)col_num(st, 22);
    f->workers_min = col_num(st, 23);
    f->workers_max = col_num(st, 24);
    f->languages = col_text(st, 25, pool);
    f->source = col_text(st, 26, pool);
    f->other_certifications = col_text(st, 27, pool);
    f->closed = sqlite3_column_int(st, 28) != 0;

    /* other names and addresses: all but the primary one */
    sv_code rc = others(s, Q_NAMES_OF, f->id, f->name, pool, &f->other_names, &f->n_other_names, e);
    if (rc == SV_OK)
        rc = others(s, Q_ADDRESSES_OF, f->id, f->address, pool, &f->other_addresses,
                    &f->n_other_addresses, e);
    if (rc)
        return rc;
    sqlite3_stmt *q;
    if (!(q = stmt(s, Q_PRICES_OF, e)))
        return SV_ERR_IO;
    sqlite3_bind_int64(q, 1, f->id);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        int c = sqlite3_column_int(q, 0);
        if (c >= 0 && c < SV_CAT__COUNT) {
            f->price_low[c] = sqlite3_column_int64(q, 1);
            f->price_high[c] = sqlite3_column_int64(q, 2);
        }
    }
    rc = r == SQLITE_DONE ? SV_OK : st_fail(s, e, "reading price bands");
    sqlite3_reset(q);
    return rc;
}

/* The factory a chain of merges leads to from factory `next` (one merged into another leads
 * on: id -> next -> ... -> *live, which stands), however long the chain: a merge takes two
 * factories that stand (lib/store/review.c), so the chains it makes never close into a circle;
 * one written into the file some other way is found (Brent's method: in as many steps as the
 * chain has, with two ids of memory) and is an error, not a hang or a factory still merged
 * away. `id` is the factory the chain was entered from, for the messages. */
static sv_code follow(sv_store *s, int64_t id, int64_t next, int64_t *live, sv_err *e)
{
    int64_t mark = id, power = 1, steps = 0;
    for (int64_t at = next;;) {
        if (at == mark)
            return sv_err_set(e, SV_ERR_IO,
                              "database: the merges of factory %lld go round in a circle "
                              "(through factory %lld), which no review decision makes: the "
                              "registry was changed by another program",
                              (long long)id, (long long)at);
        sqlite3_stmt *st = stmt(s, Q_MERGED_INTO, e);
        if (!st)
            return SV_ERR_IO;
        sqlite3_bind_int64(st, 1, at);
        int r = sqlite3_step(st);
        int64_t to = r == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL
                         ? sqlite3_column_int64(st, 0)
                         : 0;
        sqlite3_reset(st);
        if (r == SQLITE_DONE)
            return sv_err_set(e, SV_ERR_NOTFOUND,
                              "no factory with id %lld (factory %lld was merged into it)",
                              (long long)at, (long long)id);
        if (r != SQLITE_ROW)
            return st_fail(s, e, "reading a factory");
        if (!to) {
            *live = at;
            return SV_OK;
        }
        if (++steps == power) {
            mark = at;
            power *= 2;
            steps = 0;
        }
        at = to;
    }
}

/* Factory id as stored; resolve: the factory it was merged into instead, if it was (a chain
 * of merges followed to its end). */
sv_code st_get(sv_store *s, int64_t id, bool resolve, sv_pool *pool, sv_factory *out, sv_err *e)
{
    for (int reads = 0;; reads++) {
        sqlite3_stmt *st = stmt(s, Q_GET, e);
        if (!st)
            return SV_ERR_IO;
        sqlite3_bind_int64(st, 1, id);
        int r = sqlite3_step(st);
        if (r != SQLITE_ROW) {
            sqlite3_reset(st);
            if (r == SQLITE_DONE)
                return sv_err_set(e, SV_ERR_NOTFOUND, "no factory with id %lld", (long long)id);
            return st_fail(s, e, "reading a factory");
        }
        if (resolve && reads == 0 && sqlite3_column_type(st, 29) != SQLITE_NULL) {
            /* merged into another: the one the chain ends at, read instead */
            int64_t next = sqlite3_column_int64(st, 29);
            sqlite3_reset(st);
            sv_code rc = follow(s, id, next, &id, e);
            if (rc)
                return rc;
            continue;
        }
        /* read_profile runs other statements: copy this row out first by reading it now */
        sv_code rc = read_profile(s, st, pool, out, e);
        sqlite3_reset(st);
        return rc;
    }
}

sv_code sv_store_factory_get(sv_store *s, int64_t id, sv_pool *pool, sv_factory *out, sv_err *e)
{
    return st_get(s, id, true, pool, out, e);
}

sv_code sv_store_factory_resolve(sv_store *s, int64_t id, int64_t *live, sv_err *e)
{
    *live = 0;
    sqlite3_stmt *st = stmt(s, Q_MERGED_INTO, e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    int64_t next = r == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL
                       ? sqlite3_column_int64(st, 0)
                       : 0;
    sqlite3_reset(st);
    if (r == SQLITE_DONE)
        return sv_err_set(e, SV_ERR_NOTFOUND, "no factory with id %lld", (long long)id);
    if (r != SQLITE_ROW)
        return st_fail(s, e, "reading a factory");
    if (!next) {
        *live = id;
        return SV_OK;
    }
    return follow(s, id, next, live, e);
}

static sv_code find_id(sv_store *s, int q, const char *a, const char *b, const char *c,
                       int64_t *id, sv_err *e)
{
    *id = 0;
    sqlite3_stmt *st = stmt(s, q, e);
    if (!st)
        return SV_ERR_IO;
    bind_text(st, 1, a);
    if (b)
        bind_text(st, 2, b);
    if (c)
        bind_text(st, 3, c);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? SV_OK : st_fail(s, e, "looking up a factory");
}

sv_code sv_store_find_os_id(sv_store *s, const char *os_id, int64_t *id, sv_err *e)
{
    if (s->bulk) {
        *id = mi_find_os_id(s->bulk, os_id);
        return SV_OK;
    }
    return find_id(s, Q_FIND_OS_ID, os_id, NULL, NULL, id, e);
}

sv_code sv_store_find_handle(sv_store *s, const char *handle, int64_t *id, sv_err *e)
{
    if (s->bulk) {
        *id = mi_find_handle(s->bulk, handle);
        return SV_OK;
    }
    return find_id(s, Q_FIND_HANDLE, handle, NULL, NULL, id, e);
}

/* Whose a cleaned name known by factory `id`, which stands, is: factories merged into it
 * brought their names, and a row known by one of those (and by none of its own) is of the
 * factory merged away (sv_store_factory_merge_into then goes through it, so that an undo of the
 * decision takes the row's changes away from `id`). *owner: `id` itself when one of its own
 * names (not one a standing merge decision into it added) has the key, or it holds no other
 * factory; else the first factory merged into it, at any depth, with such a name of its own. */
static sv_code owner_by_name(sv_store *s, int64_t id, const char *name_key, int64_t *owner,
                             sv_err *e)
{
    *owner = id;
    sqlite3_stmt *st = stmt(s, Q_HOLDS_ANY, e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r == SQLITE_DONE) /* the common case: nothing merged into it */
        return SV_OK;
    if (r != SQLITE_ROW)
        return st_fail(s, e, "looking up a factory");
    if (!(st = stmt(s, Q_NAME_OWNER, e)))
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, name_key, -1, SQLITE_STATIC);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *owner = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? SV_OK : st_fail(s, e, "looking up a factory");
}

sv_code sv_store_find_exact(sv_store *s, const char *country, const char *name_key,
                            const char *address_key, int64_t *id, sv_err *e)
{
    if (s->bulk) { /* into an empty store: no decision made yet */
        *id = mi_find_exact(s->bulk, country, name_key, address_key);
        return SV_OK;
    }
    sv_code rc = address_key && *address_key
                     ? find_id(s, Q_FIND_EXACT_ADDR, country, name_key, address_key, id, e)
                     : find_id(s, Q_FIND_EXACT, country, name_key, NULL, id, e);
    if (rc == SV_OK && *id)
        rc = owner_by_name(s, *id, name_key, id, e);
    return rc;
}

sv_code sv_store_factory_has_address(sv_store *s, int64_t id, bool *has, sv_err *e)
{
    if (s->bulk) {
        *has = mi_has_address(s->bulk, id);
        return SV_OK;
    }
    sqlite3_stmt *st = stmt(s, Q_ADDRESSES_OF, e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    *has = r == SQLITE_ROW;
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? SV_OK : st_fail(s, e, "reading addresses");
}

typedef struct hit {
    int64_t id;
    int words;
} hit;


static int by_words_then_id(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->words != y->words)
        return y->words - x->words;
    return (x->id > y->id) - (x->id < y->id);
}

sv_code sv_store_candidates(sv_store *s, const char *country, const char *name_key,
                            sv_candidate_fn fn, void *ud, sv_err *e)
{
    /* every id met under each word (once per word), then counted */
    int64_t met[16 * PER_WORD];
    size_t n_met = 0;
    const char *p = name_key;
    char word[64];
    for (int nwords = 0; nwords < 16 && next_word(&p, word); nwords++) {
        /* the first PER_WORD factories (by id) sharing the word */
        int64_t ids[PER_WORD];
        size_t n_ids = 0;
        if (s->bulk) {
            n_ids = mi_token_ids(s->bulk, country, word, ids, PER_WORD);
        } else {
            sqlite3_stmt *st = stmt(s, Q_TOKEN_IDS, e);
            if (!st)
                return SV_ERR_IO;
            sqlite3_bind_text(st, 1, country, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, word, -1, SQLITE_STATIC);
            sqlite3_bind_int(st, 3, PER_WORD);
            int r;
            while ((r = sqlite3_step(st)) == SQLITE_ROW && n_ids < PER_WORD)
                ids[n_ids++] = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
            if (r != SQLITE_DONE && r != SQLITE_ROW)
                return st_fail(s, e, "looking up candidates");
        }
        memcpy(met + n_met, ids, n_ids * sizeof *ids);
        n_met += n_ids;
    }
    /* candidate ids with the number of the name's words each shares: sorted, then counted */
    qsort(met, n_met, sizeof *met, by_id);
    hit hits[16 * PER_WORD];
    size_t n = 0;
    for (size_t i = 0; i < n_met; i++) {
        if (n && hits[n - 1].id == met[i])
            hits[n - 1].words++;
        else
            hits[n++] = (hit){met[i], 1};
    }
    /* most shared words first, then oldest */
    qsort(hits, n, sizeof *hits, by_words_then_id);
    if (n > MAX_CANDIDATES)
        n = MAX_CANDIDATES;
    for (size_t k = 0; k < n; k++) {
        /* every known name of the candidate, with its first address */
        if (s->bulk) {
            /* straight from memory: the callback does not write to the store */
            const char *a = mi_first_address(s->bulk, hits[k].id), *key;
            for (size_t i = 0; i < 8 && (key = mi_name_key(s->bulk, hits[k].id, i)); i++) {
                sv_code rc = fn(ud, hits[k].id, key, a ? a : "", e);
                if (rc)
                    return rc;
            }
            continue;
        }
        /* copy the keys out: the callback may run statements of its own */
        st_texts addr = {0}, keys = {0};
        sqlite3_stmt *st = stmt(s, Q_ADDRESSES_OF, e);
        if (!st)
            return SV_ERR_IO;
        sqlite3_bind_int64(st, 1, hits[k].id);
        sv_code rc = st_collect(s, st, 1, 1, &addr, "reading a candidate", e);
        if (rc == SV_OK && !(st = stmt(s, Q_NAMES_OF, e)))
            rc = SV_ERR_IO;
        if (rc == SV_OK) {
            sqlite3_bind_int64(st, 1, hits[k].id);
            rc = st_collect(s, st, 1, 8, &keys, "reading a candidate", e);
        }
        for (size_t i = 0; rc == SV_OK && i < keys.n; i++)
            rc = fn(ud, hits[k].id, keys.v[i], addr.n ? addr.v[0] : "", e);
        st_texts_free(&keys);
        st_texts_free(&addr);
        if (rc)
            return rc;
    }
    return SV_OK;
}

sv_code sv_store_review_add(sv_store *s, int64_t a, int64_t b, int similarity, const char *why,
                            sv_err *e)
{
    /* a pair decided to be two facilities is not proposed again (review.c) */
    if (s->any_distinct < 0 || !s->in_tx) {
        char *any = NULL;
        sv_code rc = st_query_text(s,
                                   "SELECT 1 FROM review_decision WHERE kind = 'distinct' "
                                   "AND undone_at IS NULL LIMIT 1",
                                   &any, e);
        bool yes = any != NULL;
        free(any);
        if (rc)
            return rc;
        s->any_distinct = yes;
    }
    bool distinct = false;
    sv_code rc = s->any_distinct ? rv_decided_distinct(s, a, b, &distinct, e) : SV_OK;
    if (rc || distinct)
        return rc;
    sqlite3_stmt *st = stmt(s, Q_REVIEW_ADD, e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, a < b ? a : b);
    sqlite3_bind_int64(st, 2, a < b ? b : a);
    sqlite3_bind_int(st, 3, similarity);
    bind_text(st, 4, why);
    return step_done(s, st, e, "recording a pair to review");
}

typedef struct open_pair {
    int64_t a, b;
    int similarity;
    char *a_name, *b_name, *why;
    bool moved;                  /* a side was merged into another factory since */
} open_pair;

static int by_pair(const void *x, const void *y)
{
    const open_pair *p = x, *q = y;
    if (p->a != q->a)
        return (p->a > q->a) - (p->a < q->a);
    return (p->b > q->b) - (p->b < q->b);
}

/* The name of factory id into *out (malloc'ed). */
static sv_code name_of(sv_store *s, int64_t id, char **out, sv_err *e)
{
    st_texts n = {0};
    *out = NULL;
    sv_code rc = st_collect_query(s, "SELECT name FROM factory WHERE id = ?1", id, &n,
                                  "reading a factory", e);
    if (rc == SV_OK && n.n != 1)
        rc = sv_err_set(e, SV_ERR_NOTFOUND, "no factory with id %lld", (long long)id);
    if (rc == SV_OK) {
        *out = n.v[0];
        n.v[0] = NULL;
    }
    st_texts_free(&n);
    return rc;
}

/* A pair one of whose factories was merged into another since it was proposed: the question
 * is about that one now. false when nothing is left to ask (the two are one now, or decided
 * to be two). */
static sv_code repoint(sv_store *s, open_pair *p, bool *ask, sv_err *e)
{
    int64_t a, b;
    sv_code rc = sv_store_factory_resolve(s, p->a, &a, e);
    if (rc == SV_OK)
        rc = sv_store_factory_resolve(s, p->b, &b, e);
    *ask = rc == SV_OK && a != b;
    if (!*ask)
        return rc;
    bool distinct = false;
    if ((rc = rv_decided_distinct(s, a, b, &distinct, e)) || distinct) {
        *ask = false;
        return rc;
    }
    p->a = a < b ? a : b;
    p->b = a < b ? b : a;
    free(p->a_name);
    free(p->b_name);
    p->a_name = p->b_name = NULL;
    if ((rc = name_of(s, p->a, &p->a_name, e)) == SV_OK)
        rc = name_of(s, p->b, &p->b_name, e);
    return rc;
}

sv_code sv_store_review_list(sv_store *s, sv_review_fn fn, void *ud, sv_err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT r.a, r.b, r.similarity, fa.name, fb.name, r.why, "
                           "fa.merged_into IS NOT NULL OR fb.merged_into IS NOT NULL "
                           "FROM review_pair r JOIN factory fa ON fa.id = r.a "
                           "JOIN factory fb ON fb.id = r.b WHERE r.status = 'open' "
                           "ORDER BY r.similarity DESC, r.a, r.b",
                           -1, &st, NULL) != SQLITE_OK)
        return st_fail(s, e, "listing pairs to review");
    open_pair *ps = NULL;
    size_t n = 0, cap = 0;
    sv_code rc = SV_OK;
    int r;
    while (rc == SV_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            open_pair *grown = realloc(ps, cap * sizeof *ps);
            if (!grown) {
                rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
                break;
            }
            ps = grown;
        }
        const char *why = (const char *)sqlite3_column_text(st, 5);
        open_pair *p = &ps[n++];
        *p = (open_pair){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                         sqlite3_column_int(st, 2),
                         strdup((const char *)sqlite3_column_text(st, 3)),
                         strdup((const char *)sqlite3_column_text(st, 4)),
                         why ? strdup(why) : NULL, sqlite3_column_int(st, 6) != 0};
        if (!p->a_name || !p->b_name || (why && !p->why))
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "listing pairs to review");
    sqlite3_finalize(st);
    /* the pairs as they stand, sorted, to find a re-pointed pair asked already */
    open_pair *standing = NULL;
    size_t n_standing = 0;
    if (rc == SV_OK && n && !(standing = malloc(n * sizeof *standing)))
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == SV_OK && i < n; i++)
        if (!ps[i].moved)
            standing[n_standing++] = ps[i];
    if (rc == SV_OK && n_standing)
        qsort(standing, n_standing, sizeof *standing, by_pair);
    for (size_t i = 0; rc == SV_OK && i < n; i++) {
        open_pair *p = &ps[i];
        if (p->moved) {
            bool ask;
            if ((rc = repoint(s, p, &ask, e)) || !ask)
                continue;
            bool seen = bsearch(p, standing, n_standing, sizeof *standing, by_pair) != NULL;
            for (size_t j = 0; !seen && j < i; j++)
                seen = ps[j].moved && ps[j].a == p->a && ps[j].b == p->b;
            if (seen)
                continue;
        }
        sv_review_pair rp = {p->a, p->b, p->similarity, p->a_name, p->b_name, p->why};
        rc = fn(ud, &rp, e);
    }
    for (size_t i = 0; i < n; i++) {
        free(ps[i].a_name);
        free(ps[i].b_name);
        free(ps[i].why);
    }
    free(standing);
    free(ps);
    return rc;
}

void sv_factory_filter_init(sv_factory_filter *f)
{
    memset(f, 0, sizeof *f);
    f->category = f->construction = f->certification = -1;
    f->max_moq_color = SV_UNSET;
}

static sv_code factory_count_now(sv_store *s, int64_t *n, sv_err *e);

/* The count again only when the file may have changed: counting a million factories' index
 * takes tens of milliseconds, and the server asks before every match (programs.c: is its
 * table still the registry's?). Another connection's commit changes PRAGMA data_version;
 * this connection's own writes change its total changes. Inside a transaction it always
 * counts and keeps nothing (a rollback takes rows away and changes no total). */
sv_code sv_store_factory_count(sv_store *s, int64_t *n, sv_err *e)
{
    sqlite3_stmt *st;
    *n = 0;
    int64_t dv = -1, changes = sqlite3_total_changes64(s->db);
    if (sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            dv = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    bool in_tx = !sqlite3_get_autocommit(s->db);
    if (!in_tx && s->count_known && dv >= 0 && dv == s->count_dv && changes == s->count_changes) {
        *n = s->count_n;
        return SV_OK;
    }
    s->count_known = false;
    sv_code got = factory_count_now(s, n, e);
    if (got == SV_OK && dv >= 0 && !in_tx)
        s->count_known = true, s->count_n = *n, s->count_dv = dv, s->count_changes = changes;
    return got;
}

bool sv_store_mark_get(sv_store *s, sv_store_mark *m)
{
    sv_err e;
    sv_err_clear(&e);
    sqlite3_stmt *st = sqlite3_get_autocommit(s->db) ? stmt(s, Q_DATA_VERSION, &e) : NULL;
    if (!st || sqlite3_step(st) != SQLITE_ROW) {
        if (st)
            sqlite3_reset(st);
        return false;
    }
    m->store = s->serial;
    m->data_version = sqlite3_column_int64(st, 0);
    m->changes = sqlite3_total_changes64(s->db);
    sqlite3_reset(st); /* no statement left running: the read transaction ends here */
    return true;
}

static sv_code factory_count_now(sv_store *s, int64_t *n, sv_err *e)
{
    sqlite3_stmt *st;
    *n = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM factory WHERE merged_into IS NULL", -1,
                           &st, NULL) != SQLITE_OK)
        return st_fail(s, e, "counting factories");
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    sv_code rc = r == SQLITE_ROW ? SV_OK : st_fail(s, e, "counting factories");
    sqlite3_finalize(st);
    return rc;
}

/* FTS5 query from what a person types: each word quoted (so punctuation and operators are
 * taken literally) and prefix-matched. */
static char *fts_query(const char *text)
{
    char *key = sv_clean_key(text);
    if (!key)
        return NULL;
    size_t cap = strlen(key) * 4 + 16;
    char *q = malloc(cap), *w = q;
    if (!q) {
        free(key);
        return NULL;
    }
    *w = '\0';
    for (char *tok = strtok(key, " "); tok; tok = strtok(NULL, " "))
        w += sprintf(w, "%s\"%s\"*", w == q ? "" : " ", tok);
    free(key);
    return q;
}

sv_code sv_store_factory_list(sv_store *s, const sv_factory_filter *flt, sv_factory_fn fn,
                              void *ud, sv_err *e)
{
    char where[1024] = "f.merged_into IS NULL"; /* a merged-away factory lives on in another */
    size_t wl = strlen(where);
#define W(...) wl += (size_t)snprintf(where + wl, sizeof where - wl, __VA_ARGS__)
    if (flt->country[0])
        W(" AND f.country = :country");
    if (flt->category >= 0)
        W(" AND (f.categories & :cat) != 0");
    if (flt->construction >= 0)
        W(" AND (f.constructions & :constr) != 0");
    if (flt->certification >= 0)
        W(" AND (f.certifications & :cert) != 0");
    if (flt->max_moq_color >= 0)
        W(" AND f.moq_color IS NOT NULL AND f.moq_color <= :moq");
#undef W
    char *q = NULL, *match = NULL;
    int64_t id = 0;
    if (flt->text && *flt->text) {
        /* an Open Supply Hub ID or a handle, exactly: that factory, or the one a review
         * decision merged it into, under the same filters and page as a search (names and
         * addresses are searched below) */
        char id_text[64];
        size_t n = strlen(flt->text);
        sv_code rc = SV_OK;
        if (n < sizeof id_text && !strchr(flt->text, ' ')) {
            for (size_t i = 0; i <= n; i++)
                id_text[i] = (char)toupper((unsigned char)flt->text[i]);
            /* a handle is a slug: a plain word ("porto") is searched as a word */
            if ((rc = find_id(s, Q_FIND_OS_ID, id_text, NULL, NULL, &id, e)) == SV_OK && !id &&
                strchr(flt->text, '-'))
                rc = find_id(s, Q_FIND_HANDLE, flt->text, NULL, NULL, &id, e);
        }
        if (rc == SV_OK && id)
            rc = sv_store_factory_resolve(s, id, &id, e);
        if (rc)
            return rc;
    }
    if (id) {
        wl += (size_t)snprintf(where + wl, sizeof where - wl, " AND f.id = :id");
    } else if (flt->text && *flt->text) {
        match = fts_query(flt->text);
        if (!match)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        if (!*match) {
            free(match);
            return SV_OK; /* nothing searchable in the text */
        }
    }
    int len = asprintf(&q,
                       "SELECT f.id, f.handle, f.os_id, f.name, f.address, f.country, f.lat, "
                       "f.lng, f.facility_types, f.processing_types, f.categories, "
                       "f.constructions, f.tiers, f.moq_style, f.moq_color, f.moq_order, "
                       "f.sampling_days, f.production_days, f.monthly_capacity, f.sample_fee, "
                       "f.deposit_bp, f.certifications, f.new_brands, f.workers_min, "
                       "f.workers_max, f.languages, f.source, f.other_certifications, "
                       "f.closed FROM factory f %s WHERE %s%s "
                       "ORDER BY %s LIMIT :limit OFFSET :offset",
                       match ? "JOIN factory_fts t ON t.rowid = f.id" : "", where,
                       match ? " AND factory_fts MATCH :match" : "",
                       match ? "t.rank, f.name, f.id" : "f.name COLLATE NOCASE, f.id");
    if (len < 0) {
        free(match);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK) {
        free(q);
        free(match);
        return st_fail(s, e, "listing factories");
    }
    free(q);
    int i;
    if ((i = sqlite3_bind_parameter_index(st, ":country")))
        sqlite3_bind_text(st, i, flt->country, -1, SQLITE_TRANSIENT);
    if ((i = sqlite3_bind_parameter_index(st, ":cat")))
        sqlite3_bind_int64(st, i, (int64_t)1 << flt->category);
    if ((i = sqlite3_bind_parameter_index(st, ":constr")))
        sqlite3_bind_int64(st, i, (int64_t)1 << flt->construction);
    if ((i = sqlite3_bind_parameter_index(st, ":cert")))
        sqlite3_bind_int64(st, i, (int64_t)1 << flt->certification);
    if ((i = sqlite3_bind_parameter_index(st, ":moq")))
        sqlite3_bind_int64(st, i, flt->max_moq_color);
    if ((i = sqlite3_bind_parameter_index(st, ":match")))
        sqlite3_bind_text(st, i, match, -1, SQLITE_TRANSIENT);
    if ((i = sqlite3_bind_parameter_index(st, ":id")))
        sqlite3_bind_int64(st, i, id);
    /* backend plumbing: SQLite's "no limit" is -1 (PostgreSQL: LIMIT ALL) */
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":limit"),
                       flt->limit > 0 ? flt->limit : -1);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":offset"),
                       flt->offset > 0 ? flt->offset : 0);
    free(match);
    sv_code rc = SV_OK;
    int r;
    while (rc == SV_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        sv_pool *pool = sv_pool_create();
        if (!pool) {
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            break;
        }
        sv_factory f;
        rc = read_profile(s, st, pool, &f, e);
        if (rc == SV_OK)
            rc = fn(ud, &f, e);
        sv_pool_free(pool);
    }
    if (rc == SV_OK && r != SQLITE_DONE)
        rc = st_fail(s, e, "listing factories");
    sqlite3_finalize(st);
    return rc;
}

/* ---- the matcher's table ---- */

static int32_t clamp32(sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return -1;
    int64_t v = sqlite3_column_int64(st, i);
    return v > INT32_MAX ? INT32_MAX : v < 0 ? -1 : (int32_t)v;
}

static int16_t clamp16(sqlite3_stmt *st, int i)
{
    int32_t v = clamp32(st, i);
    return v > INT16_MAX ? INT16_MAX : (int16_t)v;
}

static sv_code load_table(sv_store *s, sv_factory_table **out, sv_err *e)
{
    *out = NULL;
    int64_t n;
    sv_code rc = sv_store_factory_count(s, &n, e);
    if (rc)
        return rc;
    int64_t np = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT count(*) FROM factory_price p JOIN factory f "
                           "ON f.id = p.factory_id WHERE f.merged_into IS NULL",
                           -1, &st, NULL) != SQLITE_OK)
        return st_fail(s, e, "counting prices");
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        np = sqlite3_column_int64(st, 0);
    rc = r == SQLITE_ROW ? SV_OK : st_fail(s, e, "counting prices");
    sqlite3_finalize(st);
    if (rc)
        return rc;

    size_t cap = (size_t)n, pcap = (size_t)np;
    sv_factory_table *t = sv_factory_table_new(cap, pcap);
    if (!t)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory loading %lld factories", (long long)n);
    /* one pass over factories joined with their (ordered) prices */
    if (sqlite3_prepare_v2(s->db,
                           "SELECT f.id, f.country, f.categories, f.constructions, f.tiers, "
                           "f.certifications, f.moq_style, f.moq_color, f.moq_order, "
                           "f.monthly_capacity, f.sampling_days, f.production_days, "
                           "f.sample_fee, f.deposit_bp, f.new_brands, p.category, p.fob_low, "
                           "p.fob_high, f.closed FROM factory f LEFT JOIN factory_price p "
                           "ON p.factory_id = f.id WHERE f.merged_into IS NULL "
                           "ORDER BY f.id, p.category",
                           -1, &st, NULL) != SQLITE_OK) {
        sv_factory_table_free(t);
        return st_fail(s, e, "loading factories");
    }
    size_t i = 0, k = 0;
    int64_t last = -1;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id != last) {
            if (i >= cap)
                break; /* rows added since the count: picked up next time */
            last = id;
            t->id[i] = id;
            const unsigned char *c = sqlite3_column_text(st, 1);
            t->country[i][0] = c && c[0] ? (char)c[0] : '?';
            t->country[i][1] = c && c[0] ? (char)c[1] : '?';
            t->categories[i] = (uint32_t)sqlite3_column_int64(st, 2);
            t->constructions[i] = (uint32_t)sqlite3_column_int64(st, 3);
            t->tiers[i] = (uint32_t)sqlite3_column_int64(st, 4);
            t->certifications[i] = (uint32_t)sqlite3_column_int64(st, 5);
            t->moq_style[i] = clamp32(st, 6);
            t->moq_color[i] = clamp32(st, 7);
            t->moq_order[i] = clamp32(st, 8);
            t->monthly_capacity[i] = clamp32(st, 9);
            t->sampling_days[i] = clamp16(st, 10);
            t->production_days[i] = clamp16(st, 11);
            t->sample_fee[i] = clamp32(st, 12);
            t->deposit_bp[i] = clamp16(st, 13);
            t->new_brands[i] = (int8_t)(sqlite3_column_type(st, 14) == SQLITE_NULL
                                            ? -1
                                            : sqlite3_column_int(st, 14) != 0);
            t->closed[i] = sqlite3_column_int(st, 18) != 0;
            t->price_at[i] = (uint32_t)k;
            i++;
        }
        if (sqlite3_column_type(st, 15) != SQLITE_NULL && k < pcap) {
            t->price_cat[k] = (uint8_t)sqlite3_column_int(st, 15);
            t->price_lo[k] = clamp32(st, 16);
            t->price_hi[k] = clamp32(st, 17);
            k++;
        }
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE) {
        sqlite3_finalize(st);
        sv_factory_table_free(t);
        return st_fail(s, e, "loading factories");
    }
    sqlite3_finalize(st);
    t->n = i;
    t->price_at[i] = (uint32_t)k;
    t->n_prices = k;
    *out = t;
    return SV_OK;
}

sv_code sv_store_factory_table(sv_store *s, sv_factory_table **out, sv_err *e)
{
    /* the counts and the rows read from one snapshot (one read transaction): an import
     * committing in between would otherwise leave factories or price bands out */
    bool own = sqlite3_get_autocommit(s->db);
    sv_code rc = own ? st_exec(s, "BEGIN", e) : SV_OK;
    if (rc == SV_OK)
        rc = load_table(s, out, e);
    if (own && rc == SV_OK && (rc = st_exec(s, "COMMIT", e))) {
        sv_factory_table_free(*out);
        *out = NULL;
    }
    if (own && rc)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* ---- merging a duplicate ---- */

char *st_list_union(const char *a, const char *b, bool *nomem)
{
    size_t cap = (a ? strlen(a) : 0) + (b ? strlen(b) : 0) + 1, len = 0;
    char *out = malloc(cap);
    if (!out) {
        *nomem = true;
        return NULL;
    }
    out[0] = '\0';
    for (int side = 0; side < 2; side++) {
        for (const char *p = side ? b : a; p && *p;) {
            const char *end = strchr(p, '|');
            size_t n = end ? (size_t)(end - p) : strlen(p);
            const char *item = p;
            p = end ? end + 1 : p + n;
            while (n && isspace((unsigned char)*item))
                item++, n--;
            while (n && isspace((unsigned char)item[n - 1]))
                n--;
            bool seen = n == 0;
            for (const char *q = out; !seen && *q;) {
                size_t m = strcspn(q, "|");
                seen = m == n && strncasecmp(q, item, n) == 0;
                q += m + (q[m] == '|');
            }
            if (seen)
                continue;
            if (len)
                out[len++] = '|';
            memcpy(out + len, item, n);
            len += n;
            out[len] = '\0';
        }
    }
    if (!len) {
        free(out);
        return NULL;
    }
    return out;
}

/* A column of the kept profile a merge changes, its new value, and (to record the change
 * under a review decision) the value it had. */
typedef struct change {
    const char *col;
    char type;                  /* I integer (NULL below 0), R real, T text (NULL for NULL) */
    int64_t i;
    double r;
    const char *t;
    bool was_null;              /* the old value: NULL, or that of the type below */
    int64_t was_i;
    double was_r;
    const char *was_t;
} change;

/* A value of a change as review.c records it (integers in decimal, reals with every digit),
 * into buf; NULL for NULL. */
static const char *change_text(char type, bool null, int64_t i, double r, const char *t,
                               char buf[64])
{
    if (null || (type == 'I' && i < 0) || (type == 'T' && !t))
        return NULL;
    if (type == 'T')
        return t;
    if (type == 'I')
        snprintf(buf, 64, "%lld", (long long)i);
    else
        snprintf(buf, 64, "%.17g", r);
    return buf;
}

static sv_code record_change(sv_store *s, int64_t decision, const change *c, sv_err *e)
{
    char was[64], now[64];
    return rv_record(s, decision, "field", c->col,
                     change_text(c->type, c->was_null, c->was_i, c->was_r, c->was_t, was),
                     change_text(c->type, false, c->i, c->r, c->t, now), e);
}

enum { MAX_CHANGES = 32 };

/* The kept profile's columns as the merge reads them: merge.col[i] for Q_MERGE_READ's column i. */
enum {
    M_MERGED_INTO,
    M_COUNTRY,
    M_HANDLE,
    M_OS_ID,
    M_ADDRESS,
    M_LAT,
    M_LNG,
    M_FACILITY_TYPES,
    M_PROCESSING_TYPES,
    M_CATEGORIES,
    M_CONSTRUCTIONS,
    M_TIERS,
    M_MOQ_STYLE,
    M_MOQ_COLOR,
    M_MOQ_ORDER,
    M_SAMPLING_DAYS,
    M_PRODUCTION_DAYS,
    M_MONTHLY_CAPACITY,
    M_SAMPLE_FEE,
    M_DEPOSIT_BP,
    M_CERTIFICATIONS,
    M_NEW_BRANDS,
    M_WORKERS_MIN,
    M_WORKERS_MAX,
    M_LANGUAGES,
    M_OTHER_CERTIFICATIONS,
    M_CLOSED
};

/* One UPDATE of the columns that change, by name; nothing when none does. */
static sv_code write_changes(sv_store *s, int64_t id, const change *c, size_t n, sv_err *e)
{
    if (!n)
        return SV_OK;
    char q[2048];
    size_t len = (size_t)snprintf(q, sizeof q, "UPDATE factory SET ");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(q + len, sizeof q - len, "%s%s = ?%zu", i ? ", " : "", c[i].col,
                                i + 2);
    snprintf(q + len, sizeof q - len, " WHERE id = ?1");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK)
        return st_fail(s, e, "merging a duplicate");
    sqlite3_bind_int64(st, 1, id);
    for (size_t i = 0; i < n; i++) {
        int at = (int)i + 2;
        if (c[i].type == 'I')
            bind_num(st, at, c[i].i);
        else if (c[i].type == 'R')
            sqlite3_bind_double(st, at, c[i].r);
        else
            bind_text(st, at, c[i].t);
    }
    sv_code rc = sqlite3_step(st) == SQLITE_DONE ? SV_OK : st_fail(s, e, "merging a duplicate");
    sqlite3_finalize(st);
    return rc;
}

/* Merge f into factory id, which stands or is merged away (as the profile of its own that it
 * keeps); decision: a review decision merged the factory the row is of into this one, and what
 * f changes here is recorded under it (review.c's merge_change), so that undoing the decision
 * takes it away again. *away set (nothing done) when id is merged into another and the caller
 * goes through the chain instead (away NULL: written as it is). */
static sv_code merge_one(sv_store *s, int64_t id, const sv_factory *f, int64_t decision, bool *away,
                         sv_err *e)
{
    /* the kept profile's own columns only: reading its names, addresses and prices (which
     * grow with every spelling merged) made a facility listed k times cost k^2 */
    sqlite3_stmt *st;
    if (!(st = stmt(s, Q_MERGE_READ, e)))
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW) {
        sqlite3_reset(st);
        return r == SQLITE_DONE
                   ? sv_err_set(e, SV_ERR_NOTFOUND, "no factory with id %lld", (long long)id)
                   : st_fail(s, e, "reading a factory");
    }
    if (away && sqlite3_column_type(st, M_MERGED_INTO) != SQLITE_NULL) {
        sqlite3_reset(st);
        *away = true;
        return SV_OK;
    }
    change c[MAX_CHANGES];
    size_t n = 0;
    bool nomem = false;
    char country[3];
    snprintf(country, sizeof country, "%s", (const char *)sqlite3_column_text(st, M_COUNTRY));
    bool null[M_CLOSED + 1];
    int64_t v[M_CLOSED + 1];
    for (int i = 0; i <= M_CLOSED; i++) {
        int type = sqlite3_column_type(st, i);
        null[i] = type == SQLITE_NULL;
        v[i] = type == SQLITE_INTEGER ? sqlite3_column_int64(st, i) : 0;
    }
    /* the kept profile wins where it knows; the duplicate fills the gaps */
#define FILL(at, field)                                                                            \
    if (null[at] && f->field >= 0)                                                                 \
    c[n++] = (change){#field, 'I', f->field, 0, NULL, true, 0, 0, NULL}
    FILL(M_MOQ_STYLE, moq_style);
    FILL(M_MOQ_COLOR, moq_color);
    FILL(M_MOQ_ORDER, moq_order);
    FILL(M_SAMPLING_DAYS, sampling_days);
    FILL(M_PRODUCTION_DAYS, production_days);
    FILL(M_MONTHLY_CAPACITY, monthly_capacity);
    FILL(M_SAMPLE_FEE, sample_fee);
    FILL(M_DEPOSIT_BP, deposit_bp);
    FILL(M_NEW_BRANDS, new_brands);
    FILL(M_WORKERS_MIN, workers_min);
    FILL(M_WORKERS_MAX, workers_max);
#undef FILL
    /* sets of bits: both sides' */
#define UNION(at, field)                                                                           \
    if ((v[at] | (int64_t)f->field) != v[at])                                                      \
    c[n++] = (change){#field, 'I', v[at] | (int64_t)f->field, 0, NULL, false, v[at], 0, NULL}
    UNION(M_FACILITY_TYPES, facility_types);
    UNION(M_CATEGORIES, categories);
    UNION(M_CONSTRUCTIONS, constructions);
    UNION(M_TIERS, tiers);
    UNION(M_CERTIFICATIONS, certifications);
#undef UNION
    /* the status is the newest source's that says one (a re-opened facility is open) */
    if (f->closed >= 0 && (f->closed != 0) != (v[M_CLOSED] != 0))
        c[n++] = (change){"closed", 'I', f->closed != 0, 0, NULL, false, v[M_CLOSED] != 0, 0, NULL};
    bool new_os_id = null[M_OS_ID] && f->os_id, new_handle = null[M_HANDLE] && f->handle;
    if (new_os_id)
        c[n++] = (change){"os_id", 'T', 0, 0, f->os_id, true, 0, 0, NULL};
    if (new_handle)
        c[n++] = (change){"handle", 'T', 0, 0, f->handle, true, 0, 0, NULL};
    char *address_key = NULL, *certs = NULL, *had = NULL;
    if (null[M_ADDRESS] && f->address) {
        nomem |= !(address_key = sv_clean_key(f->address));
        c[n++] = (change){"address", 'T', 0, 0, f->address, true, 0, 0, NULL};
        c[n++] = (change){"address_key", 'T', 0, 0, address_key, true, 0, 0, NULL};
    }
    if ((null[M_LAT] || null[M_LNG]) && f->has_coords) {
        c[n++] = (change){
            "lat", 'R', 0, f->lat, NULL, null[M_LAT], 0, sqlite3_column_double(st, M_LAT), NULL};
        c[n++] = (change){
            "lng", 'R', 0, f->lng, NULL, null[M_LNG], 0, sqlite3_column_double(st, M_LNG), NULL};
    }
    if (null[M_PROCESSING_TYPES] && f->processing_types)
        c[n++] = (change){"processing_types", 'T', 0, 0, f->processing_types, true, 0, 0, NULL};
    if (null[M_LANGUAGES] && f->languages)
        c[n++] = (change){"languages", 'T', 0, 0, f->languages, true, 0, 0, NULL};
    /* certifications selvedge does not know: every one either side names, once */
    if (f->other_certifications) {
        const char *was = (const char *)sqlite3_column_text(st, M_OTHER_CERTIFICATIONS);
        nomem |= was && !(had = strdup(was));
        certs = st_list_union(had, f->other_certifications, &nomem);
        if (certs && (!had || strcmp(certs, had) != 0))
            c[n++] = (change){"other_certifications", 'T', 0, 0, certs, !had, 0, 0, had};
    }
    sqlite3_reset(st);
    sv_code rc =
        nomem ? sv_err_set(e, SV_ERR_NOMEM, "out of memory") : write_changes(s, id, c, n, e);
    for (size_t i = 0; rc == SV_OK && decision && i < n; i++)
        rc = record_change(s, decision, &c[i], e);
    free(address_key);
    free(certs);
    free(had);
    if (rc == SV_OK && s->bulk &&
        ((new_os_id && !mi_set_os_id(s->bulk, id, f->os_id)) ||
         (new_handle && !mi_set_handle(s->bulk, id, f->handle))))
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    /* price bands in categories it has none in */
    for (int k = 0; rc == SV_OK && k < SV_CAT__COUNT; k++) {
        if (f->price_low[k] < 0 || f->price_high[k] < 0)
            continue;
        if (!(st = stmt(s, Q_PRICE_FILL, e)))
            return SV_ERR_IO;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, k);
        sqlite3_bind_int64(st, 3, f->price_low[k]);
        sqlite3_bind_int64(st, 4, f->price_high[k]);
        rc = step_done(s, st, e, "adding a price band");
        if (rc == SV_OK && decision && sqlite3_changes(s->db) > 0) {
            char cat[24], band[48];
            snprintf(cat, sizeof cat, "%d", k);
            snprintf(band, sizeof band, "%lld-%lld", (long long)f->price_low[k],
                     (long long)f->price_high[k]);
            rc = rv_record(s, decision, "price", cat, NULL, band, e);
        }
    }
    /* its names and addresses, as aliases; the search row again only when one is new */
    int before = sqlite3_total_changes(s->db);
    const char *const *names[2] = {(const char *const *)f->other_names,
                                   (const char *const *)f->other_addresses};
    size_t counts[2] = {f->n_other_names, f->n_other_addresses};
    const char *firsts[2] = {f->name, f->address};
    for (int kind = 0; kind < 2; kind++) {
        for (size_t i = 0; rc == SV_OK && i <= counts[kind]; i++) {
            const char *text = i == 0 ? firsts[kind] : names[kind][i - 1];
            if (!text)
                continue;
            int was = sqlite3_total_changes(s->db);
            rc = kind == 0 ? add_name(s, id, country, text, NULL, e)
                           : add_address(s, id, text, NULL, e);
            if (rc == SV_OK && decision && sqlite3_total_changes(s->db) != was)
                rc = rv_record(s, decision, kind == 0 ? "name" : "address", text, NULL, NULL, e);
        }
    }
    if (rc == SV_OK && sqlite3_total_changes(s->db) != before)
        rc = refresh_fts(s, id, e);
    return rc;
}

/* Factory id's OS ID and handle, malloc'ed (NULL for none) into ids[0] and ids[1]. */
static sv_code own_ids(sv_store *s, int64_t id, char *ids[2], sv_err *e)
{
    sqlite3_stmt *st = stmt(s, Q_MERGE_READ, e);
    if (!st)
        return SV_ERR_IO;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    bool nomem = false;
    for (int k = 0; r == SQLITE_ROW && k < 2; k++) {
        const char *t = (const char *)sqlite3_column_text(st, k == 0 ? M_OS_ID : M_HANDLE);
        nomem |= t && !(ids[k] = strdup(t));
    }
    sqlite3_reset(st);
    if (nomem)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    return r == SQLITE_ROW ? SV_OK
           : r == SQLITE_DONE
               ? sv_err_set(e, SV_ERR_NOTFOUND, "no factory with id %lld", (long long)id)
               : st_fail(s, e, "reading a factory");
}

/* Row f of factory `holder`, which a review decision merged into another (known by its OS ID,
 * its handle or a name of its own). The holder's own profile takes it as it would standing
 * (replace: f replaces it, as a capability row known by its handle does, else merged in), so
 * that it has what its source says when the decision is undone; then each factory up the chain
 * of merges takes it as a duplicate, the changes recorded under the decision that merged the
 * one below into it, so that undoing that decision takes them away again: the kept factory is
 * not left closed (or open, or with another's certifications) by the other's source. The
 * identifiers stay with the holder; the merged-away profiles get no blocking words and no
 * search row (they are found through the one they are in). */
static sv_code through(sv_store *s, int64_t holder, sv_factory *f, bool replace, sv_err *e)
{
    int64_t live = 0, id = 0;
    sv_code rc = sv_store_factory_resolve(s, holder, &live, e); /* also: no circle */
    if (rc)
        return rc;
    sv_factory own = *f;
    /* an identifier another factory holds is that one's: the holder keeps its own */
    char *ids[2] = {NULL, NULL};
    bool taken[2] = {false, false};
    if (own.os_id && (rc = sv_store_find_os_id(s, own.os_id, &id, e)) == SV_OK)
        taken[0] = id && id != holder;
    if (rc == SV_OK && own.handle && (rc = sv_store_find_handle(s, own.handle, &id, e)) == SV_OK)
        taken[1] = id && id != holder;
    if (rc == SV_OK && replace && (taken[0] || taken[1]))
        rc = own_ids(s, holder, ids, e);
    if (taken[0])
        own.os_id = ids[0];
    if (taken[1])
        own.handle = ids[1];
    s->merged_away = holder == live ? 0 : holder;
    if (rc == SV_OK && replace) {
        own.id = holder;
        rc = sv_store_factory_put(s, &own, e);
    } else if (rc == SV_OK) {
        rc = merge_one(s, holder, &own, 0, NULL, e);
    }
    sv_factory up = *f;
    up.os_id = NULL;
    up.handle = NULL;
    for (int64_t below = holder; rc == SV_OK && below != live;) {
        sqlite3_stmt *st = stmt(s, Q_MERGED_INTO, e);
        if (!st) {
            rc = SV_ERR_IO;
            break;
        }
        sqlite3_bind_int64(st, 1, below);
        int r = sqlite3_step(st);
        int64_t next = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        if (r != SQLITE_ROW || !next) {
            rc = r == SQLITE_ROW || r == SQLITE_DONE
                     ? sv_err_set(e, SV_ERR_INTERNAL, "factory %lld: its chain of merges changed",
                                  (long long)below)
                     : st_fail(s, e, "reading a factory");
            break;
        }
        int64_t decision = 0;
        s->merged_away = next == live ? 0 : next;
        if ((rc = rv_merge_decision(s, below, next, &decision, e)) == SV_OK)
            rc = merge_one(s, next, &up, decision, NULL, e);
        below = next;
    }
    s->merged_away = 0;
    free(ids[0]);
    free(ids[1]);
    return rc;
}

sv_code sv_store_factory_into_merged(sv_store *s, int64_t holder, sv_factory *f, bool replace,
                                     sv_err *e)
{
    return through(s, holder, f, replace, e);
}

sv_code sv_store_factory_merge_into(sv_store *s, int64_t id, const sv_factory *f, sv_err *e)
{
    bool away = false;
    sv_code rc = merge_one(s, id, f, 0, &away, e);
    if (rc == SV_OK && away) {
        sv_factory copy = *f;
        rc = through(s, id, &copy, false, e);
    }
    return rc;
}
