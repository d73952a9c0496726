#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "selvedge/country.h"
#include "selvedge/out_file.h"
#include "selvedge/program_yaml.h"
#include "selvedge/term.h"

/* Messages quote what the user gave (a value, a path, a cell of a file): escaped for the
 * terminal, whatever it holds. */
int cli_fail(const cli *c, const sv_err *e)
{
    char buf[1200];
    fprintf(stderr, "%s: ", c->prog);
    sv_term_puts(sv_err_format(e, buf, sizeof buf), stderr);
    fputc('\n', stderr);
    return e->code == SV_ERR_USAGE ? EXIT_USAGE : EXIT_INPUT;
}

int cli_usage(const cli *c, const char *cmd, const char *fmt, ...)
{
    char buf[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    /* cmd "" for the options before the command: "selvedge: ...", "Try 'selvedge --help'" */
    const char *sp = cmd[0] ? " " : "";
    fprintf(stderr, "%s%s%s: ", c->prog, sp, cmd);
    sv_term_puts(buf, stderr);
    fprintf(stderr, "\nTry '%s%s%s --help'.\n", c->prog, sp, cmd);
    return EXIT_USAGE;
}

/* The escaped copies handed out last, freed as the ring turns. */
enum { TERM_RING = 16 };
static char *term_ring[TERM_RING];
static unsigned term_next;

const char *cli_term(const char *s)
{
    if (!s)
        return "";
    if (!sv_term_unsafe(s) && !strpbrk(s, "\t\n"))
        return s;
    size_t n = 4 * strlen(s) + 1; /* an escape is at most 4 bytes a byte */
    char *copy = malloc(n);
    if (!copy)
        return "?";
    sv_term_safe(s, copy, n);
    char **slot = &term_ring[term_next++ % TERM_RING];
    free(*slot);
    *slot = copy;
    return copy;
}

int cli_load_refdata(const cli *c, sv_refdata **rd)
{
    sv_err e;
    sv_err_clear(&e);
    if (sv_refdata_load(c->data_dir, rd, &e) == SV_OK)
        return 0;
    int rc = cli_fail(c, &e);
    if (c->data_dir && c->data_from && strcmp(e.file, c->data_dir) == 0)
        fprintf(stderr, "It is the directory %s names: %s.\n", c->data_from,
                strcmp(c->data_from, "SELVEDGE_DATA") == 0
                    ? "set it to a directory of data files, or unset it for the built-in data"
                    : "give a directory of data files, or leave --data out for the built-in data");
    return rc;
}

int cli_run(cli *c, const cli_job *j)
{
    sv_refdata *rd = NULL;
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    int rc = cli_load_refdata(c, &rd);
    if (rc)
        return rc;
    if (j->prepare && (rc = j->prepare(c, j)))
        goto out;
    if (j->origin && j->origin[0] && !sv_refdata_origin(rd, j->origin)) {
        rc = cli_usage(c, j->cmd,
                       "--origin %s: no reference figures for this country in "
                       "origins.tsv",
                       j->origin);
        goto out;
    }
    /* amounts given in another currency than the brand's, into the brand's for the engines */
    if (sv_program_load(j->file, &p, &e) != SV_OK || sv_program_fx(p, rd, &e) != SV_OK) {
        rc = cli_fail(c, &e);
        goto out;
    }
    rc = j->run(c, j, p, rd);
out:
    sv_program_free(p);
    sv_refdata_free(rd);
    return rc;
}

int cli_print_json(const cli *c, json_t *j)
{
    if (!j) { /* a report's builder gives NULL only when memory runs out */
        fprintf(stderr, "%s: out of memory: the report could not be made\n", c->prog);
        return EXIT_INPUT;
    }
    int printed = sv_json_print(j, stdout);
    json_decref(j);
    /* flushed here: a short report would otherwise fail only at exit, unnoticed; a write
     * error is said there, the one way for every command */
    int rc = cli_stdout_flush(c->prog);
    if (rc == 0 && printed != 0) { /* jansson failed without a write error: memory */
        fprintf(stderr, "%s: cannot write the report: out of memory\n", c->prog);
        rc = EXIT_INPUT;
    }
    return rc;
}

void cli_std_fds(void)
{
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        /* Closed: the next open() would take this number, and the registry could receive
         * the report. Fill it with a descriptor open the other way round, so the number is
         * taken and a write to it fails (EBADF) as it would have on the closed one. For
         * stdout and stderr, the read end of a pipe of our own (its other end closed): no
         * other file is the same, so `-o /dev/stdout` is known for the closed descriptor it
         * is (lib/io/out_file.c) and a link to /dev/null is not. Stdin gets /dev/null
         * opened for writing: a pipe's write end opened again by /proc/self/fd/0 would wait
         * for a reader that never comes. */
        int n = -1, p[2];
        if (fd != STDIN_FILENO && pipe(p) == 0) {
            close(p[1]);
            n = p[0];
        }
        if (n < 0)
            n = open("/dev/null", (fd == STDIN_FILENO ? O_WRONLY : O_RDONLY) | O_NOCTTY);
        if (n < 0)
            n = open("/", O_RDONLY | O_DIRECTORY);
        if (n >= 0 && n != fd) {
            dup2(n, fd);
            close(n);
        }
    }
}

/* Set once the write error is reported: one message, however many places check. */
static bool stdout_failed;

int cli_stdout_flush(const char *prog)
{
    if (stdout_failed)
        return EXIT_INPUT;
    errno = 0;
    bool flush_failed = fflush(stdout) != 0;
    int err = errno;
    if (!flush_failed && !ferror(stdout))
        return 0;
    stdout_failed = true;
    /* a failed fflush keeps the unwritten bytes, so its errno is the write's own */
    if (flush_failed && err)
        fprintf(stderr, "%s: cannot write to standard output: %s\n", prog, strerror(err));
    else
        fprintf(stderr, "%s: cannot write to standard output\n", prog);
    return EXIT_INPUT;
}

int cli_finish(const char *prog, int rc)
{
    int w = cli_stdout_flush(prog);
    return rc ? rc : w;
}

int cli_arg_file(const cli *c, const char *cmd, const char *arg, const char **file)
{
    if (arg[0] == '-' && arg[1])
        return cli_usage(c, cmd, "unknown option %s", arg);
    if (*file)
        return cli_usage(c, cmd, "one program file at a time (got %s and %s)", *file, arg);
    *file = arg;
    return 0;
}

int cli_need_file(const cli *c, const char *cmd, const char *file)
{
    if (file)
        return 0;
    return cli_usage(c, cmd, "which program file? e.g. %s %s program.yaml", c->prog, cmd);
}

bool cli_is(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

const char *cli_value(const cli *c, const char *cmd, int argc, char **argv, int *i,
                      const char *name)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (arg[n] == '=')
        return arg + n + 1;
    if (*i + 1 >= argc) {
        cli_usage(c, cmd, "%s needs a value", name);
        return NULL;
    }
    return argv[++*i];
}

sv_date cli_today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    sv_date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return d;
}

int cli_opt_date(cli *c, const char *cmd, int argc, char **argv, int *i, sv_date *out)
{
    const char *v = cli_value(c, cmd, argc, argv, i, "--today");
    if (!v)
        return EXIT_USAGE;
    if (!sv_date_parse(v, out))
        return cli_usage(c, cmd, "--today wants a real date as YYYY-MM-DD, not '%s'", v);
    if (!sv_date_supported(*out))
        return cli_usage(c, cmd, "--today %s is outside the dates selvedge plans in (%s)", v,
                         SV_DATE_RANGE_TEXT);
    return 0;
}

int cli_opt_country(cli *c, const char *cmd, int argc, char **argv, int *i, char out[3])
{
    const char *v = cli_value(c, cmd, argc, argv, i, "--origin");
    if (!v)
        return EXIT_USAGE;
    const sv_country *k = sv_country_find(v);
    if (!k)
        return cli_usage(c, cmd, "--origin: unknown country '%s'", v);
    memcpy(out, k->alpha2, 3);
    return 0;
}

int cli_opt_mode(cli *c, const char *cmd, int argc, char **argv, int *i, sv_mode *out)
{
    const char *v = cli_value(c, cmd, argc, argv, i, "--mode");
    if (!v)
        return EXIT_USAGE;
    if (strcmp(v, "sea") == 0)
        *out = SV_MODE_SEA;
    else if (strcmp(v, "air") == 0)
        *out = SV_MODE_AIR;
    else
        return cli_usage(c, cmd, "--mode is sea or air, not '%s'", v);
    return 0;
}

/* Descriptor 2 to /dev/null: the one to put back, or -1 when it could not (then
 * libxlsxwriter's line shows, and nothing else is lost). The command line owns descriptor 2
 * and prints from one thread. */
static int stderr_off(void)
{
    fflush(stderr);
    int saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved < 0 || null < 0 || dup2(null, STDERR_FILENO) < 0) {
        if (null >= 0)
            close(null);
        if (saved >= 0)
            close(saved);
        return -1;
    }
    close(null);
    return saved;
}

static void stderr_on(int saved)
{
    if (saved < 0)
        return;
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
}

int cli_write_workbook(const cli *c, const char *out, cli_workbook_fn write, const void *arg)
{
    sv_err e;
    sv_err_clear(&e);
    sv_outfile *of = NULL;
    bool dash = strcmp(out, "-") == 0;
    if ((dash ? sv_outfile_open_stdout(&of, &e) : sv_outfile_open(out, &of, &e)) != SV_OK)
        return cli_fail(c, &e);
    const char *path = sv_outfile_path(of, &e);
    sv_code rc = e.code;
    if (path) {
        int saved = stderr_off();
        rc = write(path, arg, &e);
        stderr_on(saved);
    }
    if (rc == SV_OK)
        rc = sv_outfile_commit(of, &e);
    else
        sv_outfile_discard(of);
    if (rc == SV_OK)
        return 0;
    if (!e.file[0] && !dash)
        snprintf(e.file, sizeof e.file, "%s", out);
    return cli_fail(c, &e);
}
