/* The files selvedge writes for the user: what is at the path decides between a whole
 * replacement, a write through, and a refusal; modes, owners, links and devices survive.
 * Real files, links, FIFOs and device nodes in a scratch directory (nodes only as root). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "selvedge/out_file.h"

static char dir[512];
static char buf[4096];

static const char *at(const char *name)
{
    static char paths[4][1024];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, sizeof paths[0], "%s/%s", dir, name);
    return p;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int setup(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/selvedge-out-XXXXXX", base && *base ? base : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void put(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(path, mode), 0);
}

static const char *get(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* The names in the scratch directory (sub, or the top when NULL), sorted, joined with ' '. */
static const char *names(const char *sub)
{
    static char out[2048];
    struct dirent **list;
    int n = scandir(sub ? at(sub) : dir, &list, NULL, alphasort);
    assert_true(n >= 0);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, "..")) {
            strcat(out, out[0] ? " " : "");
            strcat(out, list[i]->d_name);
        }
        free(list[i]);
    }
    free(list);
    return out;
}

/* Writes text to path through the routine, as a stream or by name; the commit's code. */
static sv_code write_to(const char *path, const char *text, bool by_name, sv_err *e)
{
    sv_outfile *o;
    sv_code rc = sv_outfile_open(path, &o, e);
    if (rc != SV_OK) {
        assert_null(o);
        return rc;
    }
    if (by_name) {
        const char *tmp = sv_outfile_path(o, e);
        assert_non_null(tmp);
        /* the way libxlsxwriter opens it */
        FILE *f = fopen(tmp, "wb");
        assert_non_null(f);
        fputs(text, f);
        assert_int_equal(fclose(f), 0);
    } else {
        FILE *f = sv_outfile_stream(o, e);
        assert_non_null(f);
        fputs(text, f);
    }
    return sv_outfile_commit(o, e);
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    return st.st_mode;
}

static void new_file_takes_the_umask(void **state)
{
    (void)state;
    sv_err e;
    mode_t old = umask(022);
    assert_int_equal(write_to(at("a.csv"), "one\n", false, &e), SV_OK);
    umask(077);
    assert_int_equal(write_to(at("b.csv"), "two\n", true, &e), SV_OK);
    umask(old);
    assert_int_equal(mode_of(at("a.csv")) & 07777, 0644);
    assert_int_equal(mode_of(at("b.csv")) & 07777, 0600);
    assert_string_equal(get(at("a.csv")), "one\n");
    assert_string_equal(get(at("b.csv")), "two\n");
    assert_string_equal(names(NULL), "a.csv b.csv");
}

static void existing_file_keeps_mode_and_owner(void **state)
{
    (void)state;
    sv_err e;
    put(at("shared.csv"), "old content, longer than the new\n", 0664);
    put(at("private.csv"), "old\n", 0600);
    bool root = geteuid() == 0;
    if (root)
        assert_int_equal(chown(at("shared.csv"), 4321, 4322), 0);
    mode_t old = umask(077);
    assert_int_equal(write_to(at("shared.csv"), "new\n", false, &e), SV_OK);
    umask(old);
    assert_int_equal(write_to(at("private.csv"), "new\n", true, &e), SV_OK);
    assert_int_equal(mode_of(at("shared.csv")) & 07777, 0664);
    assert_int_equal(mode_of(at("private.csv")) & 07777, 0600);
    assert_string_equal(get(at("shared.csv")), "new\n");
    if (root) {
        struct stat st;
        assert_int_equal(stat(at("shared.csv"), &st), 0);
        assert_int_equal(st.st_uid, 4321);
        assert_int_equal(st.st_gid, 4322);
    }
    assert_string_equal(names(NULL), "private.csv shared.csv");
}

static void symlink_is_followed_and_stays_a_link(void **state)
{
    (void)state;
    sv_err e;
    assert_int_equal(mkdir(at("real"), 0755), 0);
    put(at("real/plan.csv"), "old\n", 0640);
    assert_int_equal(symlink("real/plan.csv", at("link.csv")), 0);
    assert_int_equal(write_to(at("link.csv"), "through the link\n", false, &e), SV_OK);
    assert_true(S_ISLNK(mode_of(at("link.csv"))));
    assert_int_equal(mode_of(at("real/plan.csv")) & 07777, 0640);
    assert_string_equal(get(at("real/plan.csv")), "through the link\n");
    /* the temporary file was made beside the target and is gone */
    assert_string_equal(names("real"), "plan.csv");
    assert_string_equal(names(NULL), "link.csv real");
}

static void dangling_symlink_is_refused(void **state)
{
    (void)state;
    sv_err e;
    assert_int_equal(symlink("elsewhere/new.csv", at("dangling.csv")), 0);
    assert_int_equal(mkdir(at("elsewhere"), 0755), 0);
    assert_int_equal(write_to(at("dangling.csv"), "x\n", false, &e), SV_ERR_IO);
    assert_string_equal(e.file, at("dangling.csv"));
    assert_non_null(strstr(e.msg, "symbolic link to elsewhere/new.csv, which does not exist"));
    assert_string_equal(names("elsewhere"), "");
    assert_true(S_ISLNK(mode_of(at("dangling.csv"))));
}

static void directory_socket_are_refused(void **state)
{
    (void)state;
    sv_err e;
    assert_int_equal(mkdir(at("d"), 0755), 0);
    assert_int_equal(write_to(at("d"), "x\n", false, &e), SV_ERR_IO);
    assert_non_null(strstr(e.msg, "is a directory"));
    assert_string_equal(names("d"), "");

    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(s >= 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof a.sun_path, "%s", at("sock"));
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(write_to(at("sock"), "x\n", false, &e), SV_ERR_IO);
    assert_non_null(strstr(e.msg, "is a socket"));
    assert_true(S_ISSOCK(mode_of(at("sock"))));
    close(s);
    assert_string_equal(names(NULL), "d sock");
}

/* A reader on the FIFO in a child: what it read ends up in the file "got". */
static pid_t reader(const char *fifo)
{
    char out[1024];
    snprintf(out, sizeof out, "%s", at("got"));
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int in = open(fifo, O_RDONLY), fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        char b[512];
        ssize_t n;
        while (in >= 0 && fd >= 0 && (n = read(in, b, sizeof b)) > 0)
            if (write(fd, b, (size_t)n) != n)
                _exit(1);
        _exit(in >= 0 && fd >= 0 ? 0 : 1);
    }
    return pid;
}

static void fifo_is_written_through(void **state)
{
    (void)state;
    sv_err e;
    for (int by_name = 0; by_name < 2; by_name++) {
        assert_int_equal(mkfifo(at("pipe"), 0600), 0);
        pid_t pid = reader(at("pipe"));
        assert_int_equal(write_to(at("pipe"), "down the pipe\n", by_name, &e), SV_OK);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        assert_true(S_ISFIFO(mode_of(at("pipe"))));
        assert_string_equal(get(at("got")), "down the pipe\n");
        assert_string_equal(names(NULL), "got pipe");
        assert_int_equal(unlink(at("pipe")), 0);
        assert_int_equal(unlink(at("got")), 0);
    }
}

/* A private node of the null device (major 1, minor 3) as root, so nothing real is at risk;
 * /dev/null itself otherwise. */
static void char_device_is_written_through(void **state)
{
    (void)state;
    sv_err e;
    const char *null = "/dev/null";
    if (geteuid() == 0) {
        assert_int_equal(mknod(at("null"), S_IFCHR | 0666, makedev(1, 3)), 0);
        null = at("null");
    }
    struct stat before, after;
    assert_int_equal(stat(null, &before), 0);
    assert_int_equal(write_to(null, "nothing\n", false, &e), SV_OK);
    assert_int_equal(write_to(null, "nothing\n", true, &e), SV_OK);
    assert_int_equal(lstat(null, &after), 0);
    assert_true(S_ISCHR(after.st_mode));
    assert_int_equal(after.st_rdev, before.st_rdev);
    assert_int_equal(after.st_ino, before.st_ino);
    assert_int_equal(after.st_mode, before.st_mode);
}

/* Any block device node in /dev (a user cannot write there, so a refusal that failed could
 * harm nothing), or "" when there is none. */
static const char *system_block_device(void)
{
    static char path[300];
    DIR *d = opendir("/dev");
    path[0] = '\0';
    for (struct dirent *de; d && (de = readdir(d));) {
        struct stat st;
        snprintf(path, sizeof path, "/dev/%s", de->d_name);
        if (lstat(path, &st) == 0 && S_ISBLK(st.st_mode))
            break;
        path[0] = '\0';
    }
    if (d)
        closedir(d);
    return path;
}

/* As root, a node of a loop device made for the test: refused before it is opened, so it
 * need not exist. As another user, a block device of the system, which that user could
 * not harm anyway. */
static void block_device_is_refused_untouched(void **state)
{
    (void)state;
    sv_err e;
    const char *node = at("disk");
    if (geteuid() == 0)
        assert_int_equal(mknod(node, S_IFBLK | 0600, makedev(7, 250)), 0);
    else if (!*(node = system_block_device())) {
        /* a TAP diagnostic: the case is not tried here, and that is said, not a failure */
        print_message("# skipped: no block device to try (not root, none readable in /dev)\n");
        return;
    }
    struct stat before;
    assert_int_equal(lstat(node, &before), 0);
    sv_outfile *o = (sv_outfile *)1;
    assert_int_equal(sv_outfile_open(node, &o, &e), SV_ERR_IO);
    assert_null(o);
    assert_non_null(strstr(e.msg, "is a block device"));
    struct stat st;
    assert_int_equal(lstat(node, &st), 0);
    assert_true(S_ISBLK(st.st_mode));
    assert_int_equal(st.st_rdev, before.st_rdev);
    assert_int_equal(st.st_ino, before.st_ino);
    assert_string_equal(names(NULL), geteuid() == 0 ? "disk" : "");
}

static void discard_leaves_the_file_as_it_was(void **state)
{
    (void)state;
    sv_err e;
    put(at("plan.csv"), "the old plan\n", 0644);
    sv_outfile *o;
    assert_int_equal(sv_outfile_open(at("plan.csv"), &o, &e), SV_OK);
    FILE *f = sv_outfile_stream(o, &e);
    fputs("half a new plan", f);
    sv_outfile_discard(o);
    assert_string_equal(get(at("plan.csv")), "the old plan\n");
    assert_string_equal(names(NULL), "plan.csv");
    sv_outfile_discard(NULL);
}

/* The path turns into a FIFO while the file is written: the rename would replace it, so the
 * commit refuses, and removes its temporary file. */
static void never_renames_over_what_is_not_a_file(void **state)
{
    (void)state;
    sv_err e;
    sv_outfile *o;
    assert_int_equal(sv_outfile_open(at("plan.csv"), &o, &e), SV_OK);
    fputs("data", sv_outfile_stream(o, &e));
    assert_int_equal(mkfifo(at("plan.csv"), 0600), 0);
    assert_int_equal(sv_outfile_commit(o, &e), SV_ERR_IO);
    assert_non_null(strstr(e.msg, "no longer a file"));
    assert_true(S_ISFIFO(mode_of(at("plan.csv"))));
    assert_string_equal(names(NULL), "plan.csv");
}

/* The refusal of a file the user may not write, checked in this process or (as root, who
 * may write anything) in a child that became nobody: 0 when it was refused whole. */
static int refuses_read_only(const char *path)
{
    sv_err e;
    sv_outfile *o;
    if (sv_outfile_open(path, &o, &e) == SV_OK) {
        fputs("new\n", sv_outfile_stream(o, &e));
        sv_outfile_commit(o, &e);
        return 1;
    }
    if (!strstr(e.msg, "Permission denied"))
        return 2;
    return 0;
}

/* A file the user may not write is not replaced behind its back by a rename, as the
 * shell's > would not write it either; the directory is writable, so the rename could. */
static void read_only_file_is_refused(void **state)
{
    (void)state;
    put(at("locked.csv"), "keep me\n", 0444);
    int rc;
    if (geteuid() != 0) {
        rc = refuses_read_only(at("locked.csv"));
    } else {
        assert_int_equal(chmod(dir, 0777), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            _exit(setgid(65534) || setuid(65534) ? 3 : refuses_read_only(at("locked.csv")));
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        rc = WEXITSTATUS(status);
        chmod(dir, 0700);
    }
    assert_int_equal(rc, 0);
    assert_string_equal(get(at("locked.csv")), "keep me\n");
    assert_string_equal(names(NULL), "locked.csv");
}

static void missing_directory_names_the_path(void **state)
{
    (void)state;
    sv_err e;
    assert_int_equal(write_to(at("no/such/plan.csv"), "x", false, &e), SV_ERR_IO);
    assert_string_equal(e.file, at("no/such/plan.csv"));
    assert_non_null(strstr(e.msg, "No such file or directory"));
    assert_null(strstr(e.msg, ".tmp"));
    assert_string_equal(names(NULL), "");
    sv_outfile *o = (sv_outfile *)1;
    assert_int_equal(sv_outfile_open("", &o, &e), SV_ERR_USAGE);
    assert_null(o);
}

/* A write error is reported by the commit (the full device: a private node of it as root,
 * /dev/full otherwise), and the device stays what it is. */
static void write_error_is_reported(void **state)
{
    (void)state;
    const char *full = "/dev/full";
    if (geteuid() == 0) {
        assert_int_equal(mknod(at("full"), S_IFCHR | 0666, makedev(1, 7)), 0);
        full = at("full");
    } else if (access(full, W_OK) != 0) {
        print_message("# skipped: no full device to write to (not root, no /dev/full)\n");
        return;
    }
    sv_err e;
    sv_outfile *o;
    assert_int_equal(sv_outfile_open(full, &o, &e), SV_OK);
    assert_true(sv_outfile_through(o));
    FILE *f = sv_outfile_stream(o, &e);
    fputs("more than nothing", f);
    assert_int_equal(sv_outfile_commit(o, &e), SV_ERR_IO);
    assert_non_null(strstr(e.msg, "No space left on device"));
    assert_string_equal(e.file, full);
    assert_true(S_ISCHR(mode_of(full)));
}

/* In a child whose standard output is the read end of a pipe, as the command line leaves a
 * descriptor the caller closed (src/cli.c): what /proc/self/fd/1 (/dev/stdout) resolves to
 * is that pipe, and reopening it would give a pipe that only this process reads, where the
 * report is lost or, past the pipe's buffer, the write waits for ever. Written through the
 * descriptor itself, the write fails as writing to standard output does, and says so.
 * 0 when it did, else a code saying what happened. */
static int closed_stdout_child(bool by_name)
{
    int p[2];
    if (pipe(p) != 0 || dup2(p[0], STDOUT_FILENO) < 0)
        return 10;
    close(p[0]);
    close(p[1]);
    sv_err e;
    sv_outfile *o;
    const char *want = "cannot write to standard output: Bad file descriptor";
    if (sv_outfile_open("/proc/self/fd/1", &o, &e) != SV_OK)
        return e.code == SV_ERR_IO && strstr(e.msg, want) ? 0 : 11;
    if (by_name) {
        const char *tmp = sv_outfile_path(o, &e);
        FILE *f = tmp ? fopen(tmp, "wb") : NULL;
        if (!f)
            return 12;
        fputs("the calendar\n", f);
        if (fclose(f) != 0)
            return 13;
    } else {
        FILE *f = sv_outfile_stream(o, &e);
        if (!f)
            return 12;
        fputs("the calendar\n", f);
    }
    if (sv_outfile_commit(o, &e) == SV_OK)
        return 14; /* written somewhere nobody reads */
    if (e.code != SV_ERR_IO || strcmp(e.file, "/proc/self/fd/1") != 0 || !strstr(e.msg, want))
        return 15;
    return 0;
}

static void closed_stdout_is_not_reopened(void **state)
{
    (void)state;
    struct stat st;
    if (stat("/proc/self/fd/1", &st) != 0) {
        print_message("# skipped: no /proc/self/fd here\n");
        return;
    }
    for (int by_name = 0; by_name < 2; by_name++) {
        fflush(NULL);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            alarm(20); /* a write that waits for ever fails the test instead */
            _exit(closed_stdout_child(by_name));
        }
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_string_equal(names(NULL), "");
}

/* A pipe or a device written by name goes through a scratch file in $TMPDIR: when that
 * cannot be made, the message names the directory, which the user never gave on the
 * command line. */
static void scratch_dir_is_named(void **state)
{
    (void)state;
    char missing[1100];
    snprintf(missing, sizeof missing, "%s", at("no-such-tmp"));
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    assert_int_equal(setenv("TMPDIR", missing, 1), 0);
    assert_int_equal(mkfifo(at("pipe"), 0600), 0);
    pid_t pid = reader(at("pipe"));
    sv_err e;
    sv_outfile *o;
    assert_int_equal(sv_outfile_open(at("pipe"), &o, &e), SV_OK);
    assert_null(sv_outfile_path(o, &e));
    sv_outfile_discard(o);
    if (saved)
        setenv("TMPDIR", saved, 1);
    else
        unsetenv("TMPDIR");
    free(saved);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_string_equal(e.file, at("pipe"));
    assert_non_null(strstr(e.msg, missing));
    assert_non_null(strstr(e.msg, "TMPDIR"));
    assert_non_null(strstr(e.msg, "No such file or directory"));
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(new_file_takes_the_umask, setup, teardown),
        cmocka_unit_test_setup_teardown(existing_file_keeps_mode_and_owner, setup, teardown),
        cmocka_unit_test_setup_teardown(symlink_is_followed_and_stays_a_link, setup, teardown),
        cmocka_unit_test_setup_teardown(dangling_symlink_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(directory_socket_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(fifo_is_written_through, setup, teardown),
        cmocka_unit_test_setup_teardown(char_device_is_written_through, setup, teardown),
        cmocka_unit_test_setup_teardown(block_device_is_refused_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(discard_leaves_the_file_as_it_was, setup, teardown),
        cmocka_unit_test_setup_teardown(never_renames_over_what_is_not_a_file, setup, teardown),
        cmocka_unit_test_setup_teardown(read_only_file_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_directory_names_the_path, setup, teardown),
        cmocka_unit_test_setup_teardown(write_error_is_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(closed_stdout_is_not_reopened, setup, teardown),
        cmocka_unit_test_setup_teardown(scratch_dir_is_named, setup, teardown),
    };
    return cmocka_run_group_tests_name("io/out_file", tests, NULL, NULL);
}
