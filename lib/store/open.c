/* Opening and closing the registry: created or not, the schema brought to this selvedge's
 * version under the write lock, reading where nothing may be written (read-only, immutable),
 * and waiting for another connection's lock (the busy handler). See store.h.
 *
 * Backend plumbing, SQLite's own throughout: the schema version is PRAGMA user_version (read
 * with pragma_user_version and sqlite_master), reading is PRAGMA query_only or an immutable
 * URI, the journal is WAL with its -wal and -shm files. A PostgreSQL backend opens its
 * connection its own way and keeps the version in a table. */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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

/* Whether the file at the store's path is still the one it opened, and empty (0 bytes). */
static bool still_empty(sv_store *s)
{
    struct stat st;
    return stat(s->path, &st) == 0 && st.st_dev == s->dev && st.st_ino == s->ino && st.st_size == 0;
}

/* PRAGMA data_version into *v: it changes when another connection commits to the file. */
static sv_code data_version(sv_store *s, int64_t *v, sv_err *e)
{
    char *dv = NULL;
    sv_code rc = st_query_text(s, "PRAGMA data_version", &dv, e);
    *v = rc == SV_OK && dv ? strtoll(dv, NULL, 10) : -1;
    free(dv);
    return rc;
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
    /* a file that held nothing when opened, and still holds nothing now that no one else can
     * write it: what this schema is, is this connection's alone */
    s->alone = rc == SV_OK && s->empty && still_empty(s);
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
    /* the commits of other connections counted from here, under the lock */
    if (rc == SV_OK && s->alone)
        rc = data_version(s, &s->at_schema, e);
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
    static atomic_uint_fast64_t serials;
    s->serial = atomic_fetch_add(&serials, 1) + 1;
    s->dir_fd = -1;
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

/* The lock every selvedge connection holds, shared, while it has a registry open: on the
 * directory the file is in (symbolic links resolved, so that another path to the file takes
 * the same one), with flock, which is apart from SQLite's locks on the file (and closing the
 * directory disturbs none of them, as closing another descriptor of the file would). Only a
 * connection that would remove the file it made takes it exclusively (leave_as_found), not
 * waiting. Where the directory cannot be opened or locked there is none, and nothing is
 * removed. */
static void dir_lock(sv_store *s)
{
    char *real = realpath(s->path, NULL), *dir = NULL;
    if (!real) {
        /* not there yet: the directory it would be made in */
        const char *slash = strrchr(s->path, '/');
        char *parent = !slash             ? strdup(".")
                       : slash == s->path ? strdup("/")
                                          : strndup(s->path, (size_t)(slash - s->path));
        dir = parent ? realpath(parent, NULL) : NULL;
        free(parent);
    } else {
        char *slash = strrchr(real, '/');
        if (slash)
            *(slash == real ? slash + 1 : slash) = '\0';
        dir = real;
        real = NULL;
    }
    if (dir)
        s->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    free(real);
    int r;
    while (s->dir_fd >= 0 && (r = flock(s->dir_fd, LOCK_SH)) != 0 && errno == EINTR)
        ;
    if (s->dir_fd >= 0 && r != 0) {
        close(s->dir_fd);
        s->dir_fd = -1;
    }
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

/* Opened for writing: the connection's settings, the schema brought up to date, WAL. A file
 * that held nothing, into which this connection made the schema, keeps a rollback journal
 * until the first commit (st_committed): switching to WAL writes the file and makes -wal and
 * -shm files beside it, and a first import that fails leaves the path as it found it
 * (leave_as_found). A rollback journal also keeps a connection of another program that has
 * such a file open from writing to it once it is removed: SQLite then refuses
 * (SQLITE_READONLY_DBMOVED), where in WAL mode it would write to the removed file. */
static sv_code open_write(sv_store *s, sv_err *e)
{
    /* a 64 MB page cache and rarer checkpoints: an import of a million rows otherwise
     * spends its time writing the same pages back */
    sv_code rc = st_exec(s,
                         "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; "
                         "PRAGMA temp_store = MEMORY; PRAGMA cache_size = " ST_CACHE "; "
                         "PRAGMA wal_autocheckpoint = 10000;",
                         e);
    if (rc == SV_OK)
        rc = migrate(s, e);
    if (rc == SV_OK && !s->alone) {
        /* found with a schema (made by another connection, if it was empty at first) */
        s->empty = false;
        rc = exec_retry(s, "PRAGMA journal_mode = WAL", e);
    }
    return rc;
}

/* The registry file for writing: made when it is not there (O_EXCL: this process made it,
 * no other), or found; which file it is, and whether it holds nothing, noted. */
static sv_code create_or_find(sv_store *s, bool exists, sv_err *e)
{
    s->made = false;
    /* Made when it is not there now, whatever the check before the directory's lock saw: a
     * first import that failed may have removed the file it made in between (it can only
     * while no other connection holds the lock, dir_lock); once the lock is held, a file
     * found stays. */
    (void)exists;
    {
        /* SQLite's own mode for a new database (0644 before the umask) */
        int fd = open(s->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0) {
            s->made = true;
            close(fd);
        } else if (errno != EEXIST) {
            return sv_err_set(e, SV_ERR_IO, "cannot make the database file: %s", strerror(errno));
        }
        /* EEXIST: another process made it a moment ago; it is opened as found */
    }
    struct stat st;
    if (stat(s->path, &st) != 0)
        return sv_err_set(e, SV_ERR_IO, "%s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return sv_err_set(e, SV_ERR_IO, "not a regular file but %s", node_kind(st.st_mode));
    s->dev = st.st_dev;
    s->ino = st.st_ino;
    s->empty = st.st_size == 0;
    return SV_OK;
}

static int on_commit(void *ud)
{
    ((sv_store *)ud)->kept = true;
    return 0;
}

/* A file that held nothing when it was opened for writing, closed with nothing committed by
 * this connection (a first import that failed): left as it was found, removed when this
 * connection made it, emptied again when it was found empty. Only when no other selvedge
 * connection has a registry of its directory open (the directory's lock taken exclusively,
 * not waiting: each holds it shared while open, dir_lock) and nothing else was written to it
 * since, judged under SQLite's write lock: it still is the file opened, and it is empty, or it
 * holds the schema this connection made into it and no other connection committed since
 * (data_version). The lock, because a connection still open on a removed file would take the
 * journal of a new file made at the same path for its own (SQLite finds a journal by its
 * name) and roll it back or delete it; the connection is closed before the lock goes
 * (sv_store_close). */
static void leave_as_found(sv_store *s)
{
    if (s->dir_fd < 0 || flock(s->dir_fd, LOCK_EX | LOCK_NB) != 0)
        return;
    if (s->db && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    if (s->db && sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return;
    struct stat st;
    int64_t dv;
    sv_err ignored;
    if (stat(s->path, &st) == 0 && st.st_dev == s->dev && st.st_ino == s->ino &&
        (st.st_size == 0 ||
         (s->db && s->alone && data_version(s, &dv, &ignored) == SV_OK && dv == s->at_schema)))
        (void)(s->made ? unlink(s->path) : truncate(s->path, 0));
    if (s->db)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

void st_committed(sv_store *s)
{
    s->kept = true;
    if (s->empty) {
        s->empty = false;
        sv_err ignored;
        /* failing (another connection holds the file), the next opening switches it */
        exec_retry(s, "PRAGMA journal_mode = WAL", &ignored);
    }
}

bool sv_store_untouched(const sv_store *s)
{
    return (s->made || s->empty) && !s->kept;
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
    if (rc == SV_OK && !memory)
        dir_lock(s);
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
    } else if (rc == SV_OK && memory) {
        rc = connect(s, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, e);
        if (rc == SV_OK)
            rc = open_write(s, e);
    } else if (rc == SV_OK) {
        if ((rc = create_or_find(s, exists, e)) == SV_OK &&
            (rc = connect(s, path, SQLITE_OPEN_READWRITE, e)) == SV_OK)
            rc = open_write(s, e);
        /* from here on, a commit of this connection's keeps a file that held nothing */
        if (rc == SV_OK && (s->made || s->empty))
            sqlite3_commit_hook(s->db, on_commit, s);
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
    for (int i = 0; i < ST_LEDGER_STATEMENTS; i++)
        sqlite3_finalize(s->lq[i]);
    if (!s->read && (s->made || s->empty) && !s->kept)
        leave_as_found(s);
    sqlite3_close(s->db);
    if (s->dir_fd >= 0)
        close(s->dir_fd); /* a directory: no lock of SQLite's is on it */
    free(s->fts_later);
    free(s->path);
    free(s);
}

sqlite3 *sv_store_db(sv_store *s)
{
    return s->db;
}
