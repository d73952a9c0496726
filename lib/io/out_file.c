/* Writing the file a user names: whole through a temporary file, through to a pipe or a
 * device, or refused. The rules are in include/selvedge/out_file.h; the reasons are here. */
#include "selvedge/out_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct sv_outfile {
    char *path;   /* as the user gave it: every message names it */
    char *target; /* whole: the file renamed over (path, or where its links lead) */
    char *tmp;    /* whole: the temporary file beside target; through: a scratch file made
                     for a writer by name, or NULL */
    int fd;       /* whole: tmp's; through: the pipe's or the device's */
    FILE *fp;     /* over fd, once a writer asked for a stream */
    bool through;
    int std; /* through a copy of standard output (1) or error (2); else 0 */
};

static sv_code fail(sv_err *e, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static sv_code fail(sv_err *e, const char *path, const char *fmt, ...)
{
    char msg[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sv_err_at(e, SV_ERR_IO, path, 0, 0, NULL, "%s", msg);
}

/* "cannot write: REASON", saying so when the target is standard output or error: writing
 * there fails as writing to them does. err 0: no reason known. */
static sv_code write_fail(sv_err *e, const sv_outfile *o, int err)
{
    return fail(e, o->path, "cannot write%s: %s",
                o->std == STDOUT_FILENO   ? " to standard output"
                : o->std == STDERR_FILENO ? " to standard error"
                                          : "",
                err ? strerror(err) : "write error");
}

/* Six characters no other file in the directory is likely to end with; O_EXCL settles the
 * rest. Safe from any thread: the kernel's random bytes, else (entropy not ready yet) the
 * time, the process and a counter each call takes a number of its own from. */
static void random_suffix(char out[7])
{
    static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static _Atomic uint64_t counter;
    unsigned char r[6];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        uint64_t n = atomic_fetch_add(&counter, 1) + 1;
        uint64_t x = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 20) ^ (n * 0x9E3779B97F4A7C15u);
        for (int i = 0; i < 6; i++, x >>= 8)
            r[i] = (unsigned char)x;
    }
    for (int i = 0; i < 6; i++)
        out[i] = set[r[i] % (sizeof set - 1)];
    out[6] = '\0';
}

/* A new file "<file>.tmp-XXXXXX" beside file (or "selvedge.tmp-XXXXXX" in its directory when
 * the name is too long to take the suffix), created with O_EXCL so it is never an existing
 * file nor a link, with mode (less the umask). Its name in *name (the caller frees), its
 * descriptor returned; -1 with errno on failure. */
static int create_beside(const char *file, mode_t mode, char **name)
{
    const char *slash = strrchr(file, '/');
    size_t dir_len = slash ? (size_t)(slash - file) + 1 : 0;
    const char *base = file + dir_len;
    if (strlen(base) + sizeof ".tmp-XXXXXX" > NAME_MAX)
        base = "selvedge";
    size_t n = dir_len + strlen(base) + sizeof ".tmp-XXXXXX";
    char *s = malloc(n);
    if (!s) {
        errno = ENOMEM;
        return -1;
    }
    int fd = -1;
    for (int tries = 0; tries < 100; tries++) {
        char suffix[7];
        random_suffix(suffix);
        snprintf(s, n, "%.*s%s.tmp-%s", (int)dir_len, file, base, suffix);
        fd = open(s, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
        if (fd >= 0 || errno != EEXIST)
            break;
    }
    if (fd < 0) {
        int saved = errno;
        free(s);
        errno = saved;
        return -1;
    }
    *name = s;
    return fd;
}

static void drop(sv_outfile *o)
{
    if (o->fp)
        fclose(o->fp);
    else if (o->fd >= 0)
        close(o->fd);
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->target);
    free(o->path);
    free(o);
}

static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "is a directory: name a file inside it";
    if (S_ISBLK(m))
        return "is a block device (a disk or a partition): selvedge writes only to files, "
               "pipes and character devices such as /dev/null";
    if (S_ISSOCK(m))
        return "is a socket: selvedge writes only to files, pipes and character devices";
    return "is not a file selvedge can write: only files, pipes and character devices";
}

/* A pipe or a device, opened as it is: no O_CREAT, no O_TRUNC, nothing it could mistake for
 * a request. It must still be the node that was looked at. */
static sv_code open_through(sv_outfile *o, const struct stat *st, sv_err *e)
{
    int fd = open(o->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return fail(e, o->path, "cannot open: %s", strerror(errno));
    struct stat now;
    if (fstat(fd, &now) != 0 || now.st_dev != st->st_dev || now.st_ino != st->st_ino ||
        (now.st_mode & S_IFMT) != (st->st_mode & S_IFMT)) {
        close(fd);
        return fail(e, o->path, "changed while it was being opened; nothing written");
    }
    o->fd = fd;
    o->through = true;
    return SV_OK;
}

/* -o /dev/stdout (a link that resolves to what descriptor 1 or 2 holds): written through
 * that descriptor, never by opening the path again. A file stays open as the shell opened
 * it, perhaps to append, so `>>` stays an append. A descriptor the caller closed, which the
 * command line fills with the read end of a pipe of its own (src/cli.c), fails as writing to
 * it fails; opened again by its name it would be a pipe only this process reads, and the
 * report would be lost (or, past the pipe's buffer, the write would wait for ever). */
static bool through_std(sv_outfile *o, const struct stat *st)
{
    for (int std = STDOUT_FILENO; std <= STDERR_FILENO; std++) {
        struct stat s;
        if (fstat(std, &s) == 0 && s.st_dev == st->st_dev && s.st_ino == st->st_ino) {
            int fd = fcntl(std, F_DUPFD_CLOEXEC, 3);
            if (fd < 0)
                return false;
            o->fd = fd;
            o->through = true;
            o->std = std;
            return true;
        }
    }
    return false;
}

/* The temporary file beside the target. A new file gets 0666 less the umask (and any
 * default ACL of the directory), as any program's would; an existing one is copied its
 * mode, and its owner when that is allowed. A file the user may not write is refused: the
 * rename would replace it all the same, where the shell's > would not write it. */
static sv_code open_whole(sv_outfile *o, const struct stat *existing, sv_err *e)
{
    if (existing && faccessat(AT_FDCWD, o->target, W_OK, AT_EACCESS) != 0)
        return fail(e, o->path, "cannot write: %s", strerror(errno));
    int fd = create_beside(o->target, existing ? 0600 : 0666, &o->tmp);
    if (fd < 0)
        return fail(e, o->path, "cannot create: %s", strerror(errno));
    o->fd = fd;
    if (existing) {
        /* the owner first: chown clears the set-id bits a chmod would have set. Both are
         * best effort: a file system without owners or modes (a FAT stick) refuses them,
         * and the file is still written. */
        if (existing->st_uid != geteuid() || existing->st_gid != getegid())
            (void)!fchown(fd, existing->st_uid, existing->st_gid);
        (void)!fchmod(fd, existing->st_mode & 0777);
    }
    return SV_OK;
}

sv_code sv_outfile_open(const char *path, sv_outfile **out, sv_err *e)
{
    *out = NULL;
    if (!path || !*path)
        return sv_err_set(e, SV_ERR_USAGE, "no file name to write to");
    sv_outfile *o = calloc(1, sizeof *o);
    if (!o || !(o->path = strdup(path))) {
        free(o);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    o->fd = -1;
    sv_code rc = SV_OK;
    struct stat ls, st;
    if (lstat(path, &ls) != 0) {
        if (errno != ENOENT) {
            rc = fail(e, path, "cannot create: %s", strerror(errno));
            goto out;
        }
        /* a new file */
        if (!(o->target = strdup(path))) {
            rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
            goto out;
        }
        rc = open_whole(o, NULL, e);
        goto out;
    }
    bool link = S_ISLNK(ls.st_mode);
    if (!link) {
        st = ls;
    } else if (stat(path, &st) != 0) {
        if (errno != ENOENT) {
            rc = fail(e, path, "cannot follow the link: %s", strerror(errno));
            goto out;
        }
        char to[PATH_MAX];
        ssize_t n = readlink(path, to, sizeof to - 1);
        to[n > 0 ? n : 0] = '\0';
        rc = fail(e, path,
                  "is a symbolic link to %s, which does not exist: name the file itself, or "
                  "remove the link",
                  n > 0 ? to : "a file");
        goto out;
    }
    bool writable = S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode);
    if (writable && link && through_std(o, &st)) {
        /* one not open for writing (closed by the caller) fails now, as a write would */
        int fl = fcntl(o->fd, F_GETFL);
        rc = fl >= 0 && (fl & O_ACCMODE) != O_RDONLY ? SV_OK : write_fail(e, o, EBADF);
    } else if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
        rc = open_through(o, &st, e);
    } else if (!S_ISREG(st.st_mode)) {
        rc = fail(e, path, "%s", kind_of(st.st_mode));
    } else {
        /* a regular file, or a link to one: replaced where it really is */
        o->target = link ? realpath(path, NULL) : strdup(path);
        if (!o->target)
            rc = link ? fail(e, path, "cannot follow the link: %s", strerror(errno))
                      : sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        else
            rc = open_whole(o, &st, e);
    }
out:
    if (rc != SV_OK) {
        drop(o);
        return rc;
    }
    *out = o;
    return SV_OK;
}

sv_code sv_outfile_open_stdout(sv_outfile **out, sv_err *e)
{
    *out = NULL;
    sv_outfile *o = calloc(1, sizeof *o);
    if (!o || !(o->path = strdup(""))) { /* no file to name: messages say standard output */
        free(o);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    o->through = true;
    o->std = STDOUT_FILENO;
    o->fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    int fl = o->fd >= 0 ? fcntl(o->fd, F_GETFL) : -1;
    if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY) { /* closed by the caller, or read-only */
        sv_code rc = write_fail(e, o, fl < 0 && o->fd < 0 ? errno : EBADF);
        drop(o);
        return rc;
    }
    *out = o;
    return SV_OK;
}

FILE *sv_outfile_stream(sv_outfile *o, sv_err *e)
{
    if (!o->fp && !(o->fp = fdopen(o->fd, "w")))
        fail(e, o->path, "cannot write: %s", strerror(errno));
    return o->fp;
}

const char *sv_outfile_path(sv_outfile *o, sv_err *e)
{
    if (!o->through || o->tmp)
        return o->tmp;
    /* a pipe or a device cannot be opened twice: the writer fills a scratch file, which
     * commit copies through */
    const char *env = getenv("TMPDIR");
    const char *dir = env && *env ? env : "/tmp";
    char *base = NULL;
    if (asprintf(&base, "%s/selvedge", dir) < 0) {
        sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return NULL;
    }
    int fd = create_beside(base, 0600, &o->tmp);
    int saved = errno;
    free(base);
    if (fd < 0) {
        /* the directory is named: the user never gave it on the command line */
        fail(e, o->path, "cannot make a scratch file in %s%s: %s", dir,
             dir == env ? " ($TMPDIR)" : "", strerror(saved));
        return NULL;
    }
    close(fd);
    return o->tmp;
}

bool sv_outfile_through(const sv_outfile *o)
{
    return o->through;
}

/* Writes all n bytes to fd, through short writes and signals. */
static bool write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static sv_code copy_scratch(sv_outfile *o, sv_err *e)
{
    int in = open(o->tmp, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return fail(e, o->path, "cannot read back the scratch file: %s", strerror(errno));
    char buf[65536];
    sv_code rc = SV_OK;
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = fail(e, o->path, "cannot read back the scratch file: %s", strerror(errno));
            break;
        }
        if (n == 0)
            break;
        if (!write_all(o->fd, buf, (size_t)n)) {
            rc = write_fail(e, o, errno);
            break;
        }
    }
    close(in);
    return rc;
}

/* Closes the stream or the descriptor, reporting any write that failed on the way. */
static sv_code close_out(sv_outfile *o, sv_err *e)
{
    sv_code rc = SV_OK;
    int fd = o->fd;
    o->fd = -1;
    if (o->fp) {
        FILE *fp = o->fp;
        o->fp = NULL;
        errno = 0;
        if (fflush(fp) != 0 || ferror(fp))
            rc = write_fail(e, o, errno);
        else if (!o->through && fsync(fd) != 0 && errno != EINVAL)
            rc = write_fail(e, o, errno);
        if (fclose(fp) != 0 && rc == SV_OK)
            rc = write_fail(e, o, errno);
        return rc;
    }
    if (!o->through && fsync(fd) != 0 && errno != EINVAL)
        rc = write_fail(e, o, errno);
    if (close(fd) != 0 && rc == SV_OK && errno != EINTR)
        rc = write_fail(e, o, errno);
    return rc;
}

sv_code sv_outfile_commit(sv_outfile *o, sv_err *e)
{
    sv_code rc = SV_OK;
    if (o->through && o->tmp)
        rc = copy_scratch(o, e);
    sv_code closed = close_out(o, e);
    if (rc == SV_OK)
        rc = closed;
    if (rc == SV_OK && !o->through) {
        /* never rename over anything but a file: the path is looked at again now */
        struct stat st;
        if (lstat(o->target, &st) == 0 && !S_ISREG(st.st_mode))
            rc = fail(e, o->path,
                      "is no longer a file (it changed while selvedge wrote); "
                      "left as it is");
        else if (rename(o->tmp, o->target) != 0)
            rc = fail(e, o->path, "cannot replace: %s", strerror(errno));
        else {
            free(o->tmp); /* in place: nothing to remove */
            o->tmp = NULL;
        }
    }
    drop(o);
    return rc;
}

void sv_outfile_discard(sv_outfile *o)
{
    if (o)
        drop(o);
}
