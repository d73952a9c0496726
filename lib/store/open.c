/* Opening and closing the registry: created or not, the schema brought to this selvedge's
 * version under the write lock, reading where nothing may be written (read-only, immutable),
 * and waiting for another connection's lock (the busy handler). See store.h.
 *
 * Backend plumbing, SQLite's own throughout: the schema version is PRAGMA user_version (read
 * with pragma_user_version and sqlite_master), reading is PRAGMA query_only or an immutable
 * URI, the journal is WAL with its -wal and -shm files. A PostgreSQL backend opens its
 * connection its own way and keeps the version in a table. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "migrations.h"

/* How long a statement waits for another connection's lock before it fails, in ms. A bulk
 * load holds the whole file until it commits (a million rows: over a minute): a reader waits
 * for it, an import waits longer for another import. After TELL_AFTER the caller is told
 * once (the command line says it is waiting). */
enum { WAIT_READ = 120000, WAIT_WRITE = 600000, TELL_AFTER = 1000 };

/* The schema version (PRAGMA user_version) and whether the file holds any table, read
 * together (one statement, one snapshot: another process may be making the schema), or an
 * error when they cannot be read. */
static sv_code read_schema(sv_store *s, int *v, bool *tables, sv_err *e)
{
    sqlite3_stmt *st;
    *v = 0;
    *tables = false;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT user_version, (SELECT count(*) FROM sqlite_master) "
                           "FROM pragma_user_version",
                           -1, &st, NULL) != SQLITE_OK)
        return st_fail(s, e, "reading the schema version");
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *v = sqlite3_column_int(st, 0);
        *tables = sqlite3_column_int64(st, 1) > 0;
    }
    sv_code rc = r == SQLITE_ROW ? SV_OK : st_fail(s, e, "reading the schema version");
    sqlite3_finalize(st);
    return rc;
}

static sv_code read_version(sv_store *s, int *v, sv_err *e)
{
    bool tables;
    return read_schema(s, v, &tables, e);
}

int sv_store_schema_version(sv_store *s)
{
    int v;
    sv_err e;
    return read_version(s, &v, &e) == SV_OK ? v : -1;
}

/* A version this selvedge can open: 0 (a new file, nothing in it) up to its own. */
static sv_code check_version(int have, bool tables, sv_err *e)
{
    int want = (int)sv_migration_count();
    if (have > want)
        return sv_err_set(e, SV_ERR_IO,
                          "database schema version %d is newer than this selvedge (%d): "
                          "upgrade selvedge",
                          have, want);
    if (have < 0)
        return sv_err_set(e, SV_ERR_IO,
                          "database schema version %d is not one selvedge writes (1 to %d): "
                          "not a selvedge registry, or one another program changed; import "
                          "into a new --db",
                          have, want);
    if (have == 0 && tables)
        return sv_err_set(e, SV_ERR_IO,
                          "not a selvedge registry: an SQLite database of "
                          "another program (tables, no selvedge schema)");
    return SV_OK;
}

static sv_code migrate(sv_store *s, sv_err *e)
{
    int have, want = (int)sv_migration_count();
    bool tables;
    sv_code rc = read_schema(s, &have, &tables, e);
    if (rc == SV_OK)
        rc = check_version(have, tables, e);
    if (rc || have == want)
        return rc;
    /* foreign keys off while tables are rebuilt (dropping the old one must not cascade to
     * the rows that refer to it), checked before the commit; SQLite takes the setting only
     * outside a transaction */
    sqlite3_exec(s->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
    rc = st_exec(s, "BEGIN IMMEDIATE", e);
    /* under the write lock, again: another process may have brought the schema up (two
     * first imports into one new file) while this one waited */
    if (rc == SV_OK && (rc = read_schema(s, &have, &tables, e)) == SV_OK)
        rc = check_version(have, tables, e);
    for (int i = have; rc == SV_OK && i < want; i++)
        rc = st_exec(s, sv_migration_sql((size_t)i), e);
    if (rc == SV_OK && have < want) {
        char *bad = NULL;
        rc = st_query_text(s, "SELECT count(*) FROM pragma_foreign_key_check", &bad, e);
        if (rc == SV_OK && (!bad || strcmp(bad, "0") != 0))
            rc = sv_err_set(e, SV_ERR_IO,
                            "database: the schema update leaves %s rows "
                            "referring to nothing",
                            bad ? bad : "some");
        free(bad);
    }
    if (rc == SV_OK && have < want) {
        char v[64];
        snprintf(v, sizeof v, "PRAGMA user_version = %d", want);
        rc = st_exec(s, v, e);
    }
    if (rc == SV_OK)
        rc = st_exec(s, "COMMIT", e);
    else
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    return rc;
}

static int64_t ms_between(struct timespec a, struct timespec b)
{
    return (int64_t)(b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
}

/* SQLite's busy handler: wait for the lock a while, with short naps, telling the caller once
 * when the wait gets long; give up (SQLITE_BUSY) after wait_ms. */
static int on_busy(void *ud, int count)
{
    sv_store *s = ud;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (count == 0)
        s->busy_since = now;
    int64_t ms = ms_between(s->busy_since, now);
    s->gave_up = ms >= s->wait_ms;
    if (s->gave_up)
        return 0;
    if (ms >= TELL_AFTER && !s->told) {
        s->told = true;
        if (s->waiting)
            s->waiting(s->wait_ud, s->path);
    }
    long nap = count < 7 ? 1L << count : 100; /* 1, 2, 4 ... 64 ms, then 100 */
    struct timespec ts = {0, nap * 1000000L};
    nanosleep(&ts, NULL);
    return 1;
}

/* A statement run outside a transaction, again while SQLite answers "busy" without waiting
 * itself: it does so, to avoid a deadlock, when a connection that reads wants to write while
 * another holds the write lock (changing the journal mode of a file a bulk load holds, say).
 * Nothing is held between tries, so waiting here is safe; as long as the busy handler would
 * wait. */
static sv_code exec_retry(sv_store *s, const char *text, sv_err *e)
{
    for (int count = 0;; count++) {
        char *msg = NULL;
        int r = sqlite3_exec(s->db, text, NULL, NULL, &msg);
        if (r == SQLITE_OK)
            return SV_OK;
        if ((r & 0xff) != SQLITE_BUSY || !on_busy(s, count)) {
            st_fail_msg(s, e, NULL, msg);
            sqlite3_free(msg);
            return SV_ERR_IO;
        }
        sqlite3_free(msg);
    }
}

static sv_store *store_new(const char *path, const sv_store_opts *o, sv_err *e)
{
    sv_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return NULL;
    }
    s->read = o && o->read;
    s->wait_ms = o && o->wait_ms > 0 ? o->wait_ms : s->read ? WAIT_READ : WAIT_WRITE;
    s->waiting = o ? o->waiting : NULL;
    s->wait_ud = o ? o->ud : NULL;
    return s;
}

static sv_code connect(sv_store *s, const char *name, int flags, sv_err *e)
{
    if (sqlite3_open_v2(name, &s->db, flags, NULL) != SQLITE_OK)
        return sv_err_set(e, SV_ERR_IO, "cannot open the database: %s",
                          s->db ? sqlite3_errmsg(s->db) : "out of memory");
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_handler(s->db, on_busy, s);
    return SV_OK;
}

/* Whether the directory holding path can be written (SQLite puts its -wal, -shm and
 * -journal files there). */
static bool dir_writable(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return access(".", W_OK) == 0;
    if (slash == path)
        return access("/", W_OK) == 0;
    char *d = strndup(path, (size_t)(slash - path));
    bool ok = d && access(d, W_OK) == 0;
    free(d);
    return ok;
}

/* "file:PATH?immutable=1", the path percent-encoded, malloc'ed. */
static char *immutable_uri(const char *path)
{
    size_t n = strlen(path);
    char *u = malloc(n * 3 + 32), *w = u;
    if (!u)
        return NULL;
    w += sprintf(w, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p))
            *w++ = (char)*p;
        else
            w += sprintf(w, "%%%02X", *p);
    }
    strcpy(w, "?immutable=1");
    return u;
}

static bool file_has_bytes(const char *path, const char *suffix)
{
    char *f = NULL;
    struct stat st;
    bool has = asprintf(&f, "%s%s", path, suffix) >= 0 && stat(f, &st) == 0 && st.st_size > 0;
    free(f);
    return has;
}

/* Reading, where nothing may be written: SQLite's read-only mode. A WAL database needs its
 * -shm and -wal files, and creates them when they are missing (https://sqlite.org/wal.html,
 * "Read-Only Databases"); in a directory that cannot be written it cannot, and then, when no
 * -wal holds changes not yet in the file (no writer can be at work there either), the file
 * is opened as immutable: read as it is, without locks. */
static sv_code open_read_only(sv_store *s, sv_err *e)
{
    sv_code rc = connect(s, s->path, SQLITE_OPEN_READONLY, e);
    int have = 0;
    bool tables = false;
    if (rc == SV_OK)
        rc = read_schema(s, &have, &tables, e);
    int code = rc ? sqlite3_extended_errcode(s->db) : SQLITE_OK;
    if (rc && (code == SQLITE_READONLY_DIRECTORY || code == SQLITE_READONLY_CANTINIT ||
               (code & 0xff) == SQLITE_CANTOPEN)) {
        if (file_has_bytes(s->path, "-wal"))
            return sv_err_set(e, SV_ERR_IO,
                              "the last changes are still in %s-wal, and this directory "
                              "cannot be written: open the registry once where it can "
                              "(any selvedge command) to fold them in",
                              s->path);
        char *uri = immutable_uri(s->path);
        if (!uri)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        sqlite3_close(s->db);
        s->db = NULL;
        rc = connect(s, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, e);
        free(uri);
        if (rc == SV_OK)
            rc = read_schema(s, &have, &tables, e);
    } else if (rc && code == SQLITE_READONLY_ROLLBACK) {
        return sv_err_set(e, SV_ERR_IO,
                          "an import was interrupted and left %s-journal to roll back, which "
                          "cannot be done here (read-only): run any selvedge command on the "
                          "registry where it can be written",
                          s->path);
    }
    if (rc == SV_OK)
        rc = check_version(have, tables, e);
    if (rc == SV_OK && have != (int)sv_migration_count())
        rc = have == 0 ? sv_err_set(e, SV_ERR_IO,
                                    "an empty database, not a selvedge registry "
                                    "yet (an import makes it one)")
                       : sv_err_set(e, SV_ERR_IO,
                                    "database schema version %d is older than this "
                                    "selvedge's (%d) and cannot be updated here (read-only): "
                                    "run any selvedge command on it where it can be written",
                                    have, (int)sv_migration_count());
    return rc;
}

/* Reading a file that can be written: opened read-write (never created), the schema brought
 * up to date and a crashed import's journal rolled back as a write would, then query_only:
 * no statement of this connection changes the data. Opening read-write lets SQLite remove
 * the -wal and -shm files at close, as a read-only connection cannot. */
static sv_code open_read_writable(sv_store *s, sv_err *e)
{
    sv_code rc = connect(s, s->path, SQLITE_OPEN_READWRITE, e);
    int have = 0;
    bool tables = false;
    if (rc == SV_OK)
        rc = read_schema(s, &have, &tables, e);
    if (rc == SV_OK && have == 0 && (rc = check_version(have, tables, e)) == SV_OK)
        return sv_err_set(e, SV_ERR_IO,
                          "an empty database, not a selvedge registry yet (an import makes it "
                          "one)");
    if (rc == SV_OK)
        rc = migrate(s, e);
    if (rc == SV_OK)
        rc = st_exec(s, "PRAGMA query_only = ON", e);
    return rc;
}

/* What a node that is not a regular file is, for messages. */
static const char *node_kind(mode_t m)
{
    return S_ISDIR(m)    ? "a directory"
           : S_ISFIFO(m) ? "a FIFO"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISSOCK(m) ? "a socket"
                         : "not a file";
}

/* What is at path + suffix, before SQLite opens it (path itself, or its -wal, -shm or
 * -journal, which SQLite opens read-write, creates and truncates): nothing (*exists false),
 * a regular file, or a symbolic link to one. Anything else is refused: SQLite would open a
 * device node, a FIFO or a socket read-write and write its pages into it. A symbolic link to
 * nothing is refused too: writing would create a file wherever it points. */
static sv_code check_node(const char *path, const char *suffix, bool *exists, sv_err *e)
{
    char *full = NULL;
    *exists = false;
    if (asprintf(&full, "%s%s", path, suffix) < 0)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    struct stat st;
    sv_code rc = SV_OK;
    /* the caller names the registry's path in its message: a file beside it is named here */
    const char *name = *suffix ? full : "the path";
    if (lstat(full, &st) != 0) {
        if (errno != ENOENT && errno != ENOTDIR)
            rc = sv_err_set(e, SV_ERR_IO, "%s: %s", name, strerror(errno));
    } else if (S_ISLNK(st.st_mode) && stat(full, &st) != 0) {
        rc = errno == ENOENT || errno == ENOTDIR
                 ? sv_err_set(e, SV_ERR_IO,
                              "%s is a symbolic link to nothing: give the path of the registry "
                              "itself",
                              name)
                 : sv_err_set(e, SV_ERR_IO, "%s: %s", name, strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        rc = *suffix ? sv_err_set(e, SV_ERR_IO,
                                  "%s is not a regular file but %s, where SQLite keeps the "
                                  "registry's %s file: remove it",
                                  full, node_kind(st.st_mode), suffix + 1)
                     : sv_err_set(e, SV_ERR_IO,
                                  "not a regular file but %s: a registry is a file (give the "
                                  "path of one, or of a new one to make)",
                                  node_kind(st.st_mode));
    } else {
        *exists = true;
    }
    free(full);
    return rc;
}

/* The registry's path and the files SQLite keeps beside it, checked (check_node); *exists:
 * whether the registry itself is there. */
static sv_code check_nodes(const char *path, bool *exists, sv_err *e)
{
    static const char *const beside[] = {"-wal", "-shm", "-journal"};
    sv_code rc = check_node(path, "", exists, e);
    for (size_t i = 0; rc == SV_OK && i < sizeof beside / sizeof beside[0]; i++) {
        bool there;
        rc = check_node(path, beside[i], &there, e);
    }
    return rc;
}

sv_code sv_store_open_with(const char *path, const sv_store_opts *o, sv_store **out, sv_err *e)
{
    *out = NULL;
    if (!path || !*path)
        return sv_err_set(e, SV_ERR_USAGE, "no database path (an empty --db?)");
    sv_store *s = store_new(path, o, e);
    if (!s)
        return SV_ERR_NOMEM;
    sv_code rc = SV_OK;
    bool memory = strcmp(path, ":memory:") == 0, exists = false;
    if (!memory)
        rc = check_nodes(path, &exists, e);
    if (rc == SV_OK && s->read && !memory) {
        /* a read never creates: a mistyped path is not a new, empty registry */
        struct stat st;
        if (!exists || stat(path, &st) != 0) {
            int err = exists ? errno : ENOENT;
            sv_err_at(e, err == ENOENT || err == ENOTDIR ? SV_ERR_NOTFOUND : SV_ERR_IO, path, 0, 0,
                      NULL, "%s",
                      err == ENOENT || err == ENOTDIR ? "no such database file" : strerror(err));
            sv_store_close(s);
            return e ? e->code : SV_ERR_IO;
        }
        if (access(path, W_OK) == 0 && dir_writable(path))
            rc = open_read_writable(s, e);
        else
            rc = open_read_only(s, e);
        if (rc == SV_OK)
            rc = st_exec(s, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = " ST_CACHE ";", e);
    } else if (rc == SV_OK && s->read) {
        rc = connect(s, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, e);
        if (rc == SV_OK)
            rc = migrate(s, e);
    } else if (rc == SV_OK) {
        rc = connect(s, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, e);
        /* a 64 MB page cache and rarer checkpoints: an import of a million rows otherwise
         * spends its time writing the same pages back */
        if (rc == SV_OK)
            rc = exec_retry(s, "PRAGMA journal_mode = WAL", e);
        if (rc == SV_OK)
            rc = st_exec(s,
                         "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; "
                         "PRAGMA temp_store = MEMORY; PRAGMA cache_size = " ST_CACHE "; "
                         "PRAGMA wal_autocheckpoint = 10000;",
                         e);
        if (rc == SV_OK)
            rc = migrate(s, e);
    }
    if (rc != SV_OK) {
        char msg[sizeof e->msg];
        sv_code code = e && e->code ? e->code : rc;
        snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
        sv_err_at(e, code == SV_ERR_NOMEM ? code : SV_ERR_IO, path, 0, 0, NULL, "%s", msg);
        sv_store_close(s);
        return code == SV_ERR_NOMEM ? code : SV_ERR_IO;
    }
    *out = s;
    return SV_OK;
}

sv_code sv_store_open(const char *path, sv_store **out, sv_err *e)
{
    return sv_store_open_with(path, NULL, out, e);
}

void sv_store_close(sv_store *s)
{
    if (!s)
        return;
    for (int i = 0; i < ST_STATEMENTS; i++)
        sqlite3_finalize(s->q[i]);
    sqlite3_close(s->db);
    free(s->fts_later);
    free(s->path);
    free(s);
}

sqlite3 *sv_store_db(sv_store *s)
{
    return s->db;
}
