/* The store: factories (and later the relationship) in SQLite. The only code that speaks
 * SQL is lib/store/; the SQL stays portable enough for a PostgreSQL backend to follow.
 *
 * Every write happens inside a transaction the caller opens with sv_store_begin (an import
 * is one transaction per file), so a failure leaves nothing half-written. */
#ifndef SELVEDGE_STORE_H
#define SELVEDGE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "selvedge/err.h"
#include "selvedge/factory.h"
#include "selvedge/factory_table.h"
#include "selvedge/pool.h"

typedef struct sv_store sv_store;

/* Open (creating if needed) the database at path, in WAL mode, and bring its schema to the
 * current version with the migrations in lib/store/migrations.c, under the write lock (two
 * first opens of one new file at once both succeed). An empty path is SV_ERR_USAGE; a schema
 * newer than this selvedge's, one no selvedge writes (negative) and a file that is not a
 * registry are refused with a message saying so. Same as sv_store_open_with(path, NULL). */
sv_code sv_store_open(const char *path, sv_store **out, sv_err *e);

/* How a store is opened (sv_store_open_with). */
typedef struct sv_store_opts {
    bool read;                  /* for reading only: never created (a missing file is
                                   SV_ERR_NOTFOUND, "no such database file"), and no statement
                                   of the caller's writes (query_only, or SQLite's read-only
                                   mode where the file or its directory cannot be written;
                                   immutable in a directory where the -wal and -shm files
                                   cannot be made). Where the file can be written, opening it
                                   does what any opening does before that: rolls back an
                                   import that was killed, and brings a schema older than this
                                   selvedge's up to date (one transaction under the write lock,
                                   the version read again once it is held: safe with other
                                   readers and writers at work; the data is not changed).
                                   Where it cannot, an older schema is refused, saying so */
    int wait_ms;                /* how long a statement waits for another connection's lock
                                   before it fails ("the registry is busy"); 0: the default,
                                   2 minutes to read, 10 to write (a bulk load holds the file
                                   until it commits) */
    void (*waiting)(void *ud, const char *path); /* called once, when a wait passes a second */
    void *ud;
} sv_store_opts;
sv_code sv_store_open_with(const char *path, const sv_store_opts *o, sv_store **out, sv_err *e);
/* Closing a store opened for writing on a file that was not there, or was empty, and to
 * which nothing has been committed since (a first import that failed) leaves the path as it
 * was found: the file removed, or emptied again; only when no other connection wrote to it
 * meanwhile (see lib/store/open.c). */
void sv_store_close(sv_store *s);
/* Whether closing s now leaves its file as it was found: it was not there or empty when
 * opened for writing, and nothing has been committed to it since. */
bool sv_store_untouched(const sv_store *s);
int sv_store_schema_version(sv_store *s);

sv_code sv_store_begin(sv_store *s, sv_err *e);
/* Begin a transaction for a large load. Into an empty store (*bulk set true) the
 * de-duplication look-ups below are answered from memory for the rest of the transaction,
 * the blocking words and secondary indexes are written once at commit, and a rollback
 * journal replaces the WAL for the load; the answers are those the database would give.
 * Into a store that has factories it is sv_store_begin. */
sv_code sv_store_begin_bulk(sv_store *s, bool *bulk, sv_err *e);
sv_code sv_store_commit(sv_store *s, sv_err *e);
void sv_store_rollback(sv_store *s);

/* Insert a factory (f->id == 0: f->id is set) or replace the profile of an existing one
 * (f->id > 0). Names and addresses are added to those it already has, never removed. */
sv_code sv_store_factory_put(sv_store *s, sv_factory *f, sv_err *e);
/* The same with the name's and address's keys (sv_clean_key) already worked out. */
sv_code sv_store_factory_put_keyed(sv_store *s, sv_factory *f, const char *name_key,
                                   const char *address_key, sv_err *e);

/* Add a name and/or address (either may be NULL) a factory is also known by; no-op when it
 * already has it. */
sv_code sv_store_factory_alias(sv_store *s, int64_t id, const char *name, const char *address,
                               sv_err *e);

/* Merge f, a duplicate, into factory `id` (one a review decision merged into another: as
 * sv_store_factory_into_merged, below):
 * f's names and addresses are added; the profile's empty fields are filled from f (numbers,
 * texts, coordinates, OS ID, handle, price bands in categories it has none in), sets of bits
 * and the certifications selvedge does not know unioned (each once, whatever its case), and
 * the closed status is f's when f says one; its name, country, source and what it
 * knows stay. Reads only the profile's own columns (not its names, addresses or prices) and
 * writes only what changes, nothing when f brings nothing new: the cost does not grow with the
 * spellings a factory has. */
sv_code sv_store_factory_merge_into(sv_store *s, int64_t id, const sv_factory *f, sv_err *e);
/* Row f of factory `holder`, which a review decision merged into another (the row is known by
 * the holder's handle or OS ID): the holder's own profile takes it as it would if it stood
 * (replace: replaced by f, as a capability row known by its handle; else merged in), and each
 * factory up the chain of merges takes it as a duplicate, what it changes there recorded under
 * the decision, so that undoing the decision gives each factory what its own sources say. The
 * identifiers stay with the holder. sv_store_factory_merge_into of a merged-away id does the
 * same (not replacing). */
sv_code sv_store_factory_into_merged(sv_store *s, int64_t holder, sv_factory *f, bool replace,
                                     sv_err *e);

/* One factory, strings in pool. SV_ERR_NOTFOUND when there is none. A factory merged into
 * another (selvedge/review.h) gives the one it was merged into: out->id says which. */
sv_code sv_store_factory_get(sv_store *s, int64_t id, sv_pool *pool, sv_factory *out, sv_err *e);

/* Look-ups for de-duplication: by OS ID, by handle, by exact cleaned name + country (+ the
 * cleaned address when given). 0 when nothing matches. */
sv_code sv_store_find_os_id(sv_store *s, const char *os_id, int64_t *id, sv_err *e);
sv_code sv_store_find_handle(sv_store *s, const char *handle, int64_t *id, sv_err *e);
sv_code sv_store_find_exact(sv_store *s, const char *country, const char *name_key,
                            const char *address_key, int64_t *id, sv_err *e);

/* The factory a merge put factory id into (review decisions: selvedge/review.h), following
 * merges to the one that stands; id itself when it was never merged away. SV_ERR_NOTFOUND
 * when there is no factory id. */
sv_code sv_store_factory_resolve(sv_store *s, int64_t id, int64_t *live, sv_err *e);

/* The registry id of the factory each style of p names (sv_style.factory: an id, a handle or
 * an Open Supply Hub ID): *out is NULL when no style names one, else [p->n_styles] (free)
 * with the live id, 0 for a style naming none, -1 for one not on file. */
struct sv_program;
sv_code sv_store_style_factories(sv_store *s, const struct sv_program *p, int64_t **out,
                                 sv_err *e);

/* Whether a factory has any address on file. */
sv_code sv_store_factory_has_address(sv_store *s, int64_t id, bool *has, sv_err *e);

/* Candidates for a fuzzy match: factories in the same country that share at least one
 * significant word of the cleaned name (blocking, so a million factories are not compared
 * pairwise). The callback gets each candidate's id and its best-matching known name key and
 * address key. */
typedef sv_code (*sv_candidate_fn)(void *ud, int64_t id, const char *name_key,
                                   const char *address_key, sv_err *e);
sv_code sv_store_candidates(sv_store *s, const char *country, const char *name_key,
                            sv_candidate_fn fn, void *ud, sv_err *e);

/* Pairs a person should confirm: kept until decided (selvedge/review.h), never merged
 * silently; a pair decided to be two facilities is not added again. The list gives the open
 * ones, best first; a pair one of whose factories was merged into another since is given
 * for that one (and left out when nothing is left to ask). */
sv_code sv_store_review_add(sv_store *s, int64_t a, int64_t b, int similarity, const char *why,
                            sv_err *e);
typedef struct sv_review_pair {
    int64_t a, b;
    int similarity;             /* 0..1000 */
    const char *a_name, *b_name, *why;
} sv_review_pair;
typedef sv_code (*sv_review_fn)(void *ud, const sv_review_pair *p, sv_err *e);
sv_code sv_store_review_list(sv_store *s, sv_review_fn fn, void *ud, sv_err *e);

/* Listing and search, over the factories that stand (not those merged into another).
 * Fields left at their zero/-1 values do not filter. */
typedef struct sv_factory_filter {
    char country[3];            /* "" any */
    int category;               /* sv_category or -1 */
    int construction;           /* sv_construction or -1 */
    int certification;          /* sv_cert or -1 */
    int64_t max_moq_color;      /* SV_UNSET any: factories whose per-colour minimum is known
                                   and at most this */
    const char *text;           /* full-text search over every name and address, or NULL */
    int64_t limit, offset;      /* limit 0: no limit */
} sv_factory_filter;

void sv_factory_filter_init(sv_factory_filter *f);

typedef sv_code (*sv_factory_fn)(void *ud, const sv_factory *f, sv_err *e);
/* Factories matching the filter, by name (by relevance with text), strings valid during
 * the call only. */
sv_code sv_store_factory_list(sv_store *s, const sv_factory_filter *flt, sv_factory_fn fn,
                              void *ud, sv_err *e);
sv_code sv_store_factory_count(sv_store *s, int64_t *n, sv_err *e);

/* What the store holds as this connection sees it, to keep an answer while it is unchanged:
 * two marks are equal only when taken on the same connection (never two connections of the
 * process, even one opened where another was closed) with no commit by any connection (PRAGMA
 * data_version) and no write by this one (its total changes) in between. False when it
 * cannot tell (inside a transaction, or the pragma failed): keep nothing then. */
typedef struct sv_store_mark {
    uint64_t store;
    int64_t data_version, changes;
} sv_store_mark;
bool sv_store_mark_get(sv_store *s, sv_store_mark *m);

/* ---- the matcher's table ---- */

/* Every factory in the compact columns the matcher scans (selvedge/factory_table.h), loaded
 * once. Free with sv_factory_table_free. */
sv_code sv_store_factory_table(sv_store *s, sv_factory_table **out, sv_err *e);

/* The raw connection, for the benchmark's plain-SQL comparison only. */
struct sqlite3 *sv_store_db(sv_store *s);

#endif
