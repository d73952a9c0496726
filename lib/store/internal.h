/* Internal to lib/store: the connection (open.c), the statement helpers (sql.c), what store.c
 * lends review.c and review.c lends store.c. Not part of the library's interface. */
#ifndef SELVEDGE_STORE_INTERNAL_H
#define SELVEDGE_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "selvedge/err.h"
#include "selvedge/factory.h"
#include "selvedge/pool.h"
#include "selvedge/store.h"

/* The page cache, in KiB (negative): 64 MB. */
#define ST_CACHE "-65536"

/* How many statements a connection keeps prepared (store.c's list). */
enum { ST_STATEMENTS = 32 };
/* How many the ledger keeps (ledger.c's list). */
enum { ST_LEDGER_STATEMENTS = 16 };

/* A connection to the registry: opened and closed by open.c, used by store.c and review.c. */
struct sv_store {
    sqlite3 *db;
    sqlite3_stmt *q[ST_STATEMENTS]; /* store.c's statements, each prepared once */
    sqlite3_stmt *lq[ST_LEDGER_STATEMENTS]; /* ledger.c's */
    bool in_tx;
    /* a bulk load (sv_store_begin_bulk): the de-duplication look-ups answered from memory,
     * the blocking words and the secondary indexes written at commit */
    struct memindex *bulk;
    char *bulk_indexes;          /* the CREATE INDEX statements dropped for the load */
    /* in any other transaction, the factories whose search rows are written at commit (each
     * once, however many spellings it gained since) */
    int64_t *fts_later;
    size_t n_fts_later, cap_fts_later;
    bool bulk_journal;           /* the journal was switched from WAL for the load */
    /* opening and waiting (sv_store_open_with) */
    char *path;
    bool read;                   /* opened for reading only */
    int wait_ms;
    void (*waiting)(void *ud, const char *path);
    void *wait_ud;
    bool told;                   /* waiting() was called */
    bool gave_up;                /* the last wait ran out */
    /* a registry that held nothing when it was opened for writing: made here (it was not
     * there) or found empty (0 bytes). Its journal stays a rollback journal until the first
     * commit (switching to WAL writes the file); closed without a commit, the file is left as
     * it was found (open.c, leave_as_found) */
    bool made, empty;
    bool alone;                  /* the schema was made here, into the file still empty */
    bool kept;                   /* a transaction of this connection's committed: it stays */
    int64_t at_schema;           /* data_version when the schema was made */
    int dir_fd;                  /* the directory, locked shared while open (open.c) */
    dev_t dev;                   /* the file opened, to know it is still the one at path */
    ino_t ino;
    /* the factory merged into another being written (store.c, through): its names get no
     * blocking words and it gets no search row; 0 none */
    int64_t merged_away;
    /* in this transaction, whether any standing decision says two factories are distinct:
     * -1 not asked yet (an import proposes thousands of pairs, most registries have none) */
    int any_distinct;
    struct timespec busy_since;  /* when the current wait began */
    /* sv_store_factory_count's last answer, good while neither another connection committed
     * (PRAGMA data_version) nor this one changed a row (sqlite3_total_changes64) */
    bool count_known;
    int64_t count_n, count_dv, count_changes;
    uint64_t serial; /* this connection among the process's, from 1 (sv_store_mark) */
};

/* open.c */

/* A transaction of the caller's committed: the file stays, and a file that held nothing
 * when opened goes over to WAL now. */
void st_committed(sv_store *s);

/* sql.c: running statements */

/* The connection's last error, in words a user can act on ("database: what: ..."); msg, when
 * given, instead of SQLite's own. */
sv_code st_fail_msg(sv_store *s, sv_err *e, const char *what, const char *msg);
/* The connection's last error, in words a user can act on ("database: what: ..."). */
sv_code st_fail(sv_store *s, sv_err *e, const char *what);
/* Run statements with no result (sqlite3_exec). */
sv_code st_exec(sv_store *s, const char *text, sv_err *e);
/* The first row's answer of a statement as text into *out (malloc'ed; NULL when there is no
 * row, or the value is NULL), the statement run to its end. A failure is an error, never "no
 * row". */
sv_code st_query_text(sv_store *s, const char *q, char **out, sv_err *e);

/* Strings copied out of the rows of a query. */
typedef struct st_texts {
    char **v;
    size_t n, cap;
} st_texts;
void st_texts_free(st_texts *t);
/* Column col of the rows of st (prepared and bound by the caller) added to *out, at most max
 * of them (0: all; NULL as ""). Fails, with the connection's error in the words of `what`,
 * unless the query ran to its end or gave max rows: a failed read is never a short list. st is
 * reset, not finalized. */
sv_code st_collect(sv_store *s, sqlite3_stmt *st, int col, size_t max, st_texts *out,
                   const char *what, sv_err *e);
/* The same for query q with one integer parameter ?1 (column 0, every row), prepared and
 * finalized here. */
sv_code st_collect_query(sv_store *s, const char *q, int64_t param, st_texts *out, const char *what,
                         sv_err *e);

/* A transaction for one call of the accounts' functions (accounts.c, org.c, session.c,
 * program_store.c): begun here when the caller has none open (*own set), else the caller's.
 * st_tx_end commits what st_tx_begin began when rc is SV_OK, else rolls it back; returns the
 * code of the call (or of the commit). */
sv_code st_tx_begin(sv_store *s, bool *own, sv_err *e);
sv_code st_tx_end(sv_store *s, bool own, sv_code rc, sv_err *e);
/* Prepare q into *st (the connection's error in the words of what). */
sv_code st_prepare(sv_store *s, const char *q, sqlite3_stmt **st, const char *what, sv_err *e);
/* Step st to its end (a write): the connection's error in the words of what; st finalized. */
sv_code st_run(sv_store *s, sqlite3_stmt *st, const char *what, sv_err *e);
/* Whether text is 1..max bytes of UTF-8 without control characters: else SV_ERR_SCHEMA with
 * field. */
sv_code st_check_text(const char *text, size_t max, const char *field, sv_err *e);

/* store.c */

/* Factory id as stored (resolve false) or the one it was merged into (true). */
sv_code st_get(sv_store *s, int64_t id, bool resolve, sv_pool *pool, sv_factory *out, sv_err *e);
/* A name (with its blocking words) or an address for a factory; *added false when it had it. */
sv_code st_add_name(sv_store *s, int64_t id, const char *country, const char *name, bool *added,
                    sv_err *e);
sv_code st_add_address(sv_store *s, int64_t id, const char *address, bool *added, sv_err *e);
/* The blocking words and search row of a factory again from its names and addresses; live
 * false drops both (a merged-away factory is found through the one it is in). */
sv_code st_reindex(sv_store *s, int64_t id, bool live, sv_err *e);
/* Two '|'-joined lists as one: a's items, then those of b that a does not have, each once
 * (compared without regard to ASCII case or the spaces around them; the first spelling kept),
 * empty ones left out. Malloc'ed; NULL when there is no item, or (*nomem set) no memory. */
char *st_list_union(const char *a, const char *b, bool *nomem);

/* review.c */

/* Whether a standing decision says factories a and b (in either order) are two facilities. */
sv_code rv_decided_distinct(sv_store *s, int64_t a, int64_t b, bool *yes, sv_err *e);
/* The standing merge decision that merged factory b into a (*decision 0: none, as for a
 * merge written into the file some other way). */
sv_code rv_merge_decision(sv_store *s, int64_t b, int64_t a, int64_t *decision, sv_err *e);
/* Record what a later change of factory a's profile added under merge decision d, as the
 * merge's own changes are (merge_change, after them), for an undo to take it away: kind
 * 'field' (the column, its value before and after as text), 'name', 'address' (the text) or
 * 'price' (the category; the band "low-high" as new_value). */
sv_code rv_record(sv_store *s, int64_t d, const char *kind, const char *item, const char *old_value,
                  const char *new_value, sv_err *e);

#endif
