/* Shared pieces of the command line: options common to every command, reference data,
 * output colour, and the one way errors are printed. */
#ifndef SELVEDGE_CLI_H
#define SELVEDGE_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "selvedge/err.h"
#include "selvedge/json_out.h"
#include "selvedge/program.h"
#include "selvedge/refdata.h"
#include "selvedge/report.h"

/* Exit codes: 0 done, 1 the input was refused (bad file, bad data), 2 usage error. */
enum { EXIT_INPUT = 1, EXIT_USAGE = 2 };

typedef struct cli {
    const char *prog;      /* "selvedge" */
    const char *data_dir;  /* --data, else $SELVEDGE_DATA, else NULL */
    const char *data_from; /* which of the two gave data_dir: "--data", "SELVEDGE_DATA" */
    const char *db_path;   /* --db, else $SELVEDGE_DB, else ./selvedge.db */
    bool json;
    sv_text_opts text;
} cli;

/* Prints "selvedge: file:line:col: field: message" (control characters escaped: it may
 * quote the input) and returns the exit code for e. */
int cli_fail(const cli *c, const sv_err *e);
/* Prints "selvedge CMD: message" (control characters escaped) plus a hint to --help;
 * returns EXIT_USAGE. */
int cli_usage(const cli *c, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int cli_load_refdata(const cli *c, sv_refdata **rd);
/* s as a terminal may show it: s itself when it holds no control character, TAB or newline,
 * else a copy with those escaped (selvedge/term.h). A copy lives until 16 more are made:
 * enough for the arguments of one printf. NULL gives "". For names and addresses from the
 * registry and arguments quoted back to the user. */
const char *cli_term(const char *s);
/* Value of an option that takes one ("--lot 3000" or "--lot=3000"); advances *i. NULL and a
 * usage message when the value is missing. */
const char *cli_value(const cli *c, const char *cmd, int argc, char **argv, int *i,
                      const char *name);
bool cli_is(const char *arg, const char *name);
/* An argument that is not a known option: the program file, once. 0, or EXIT_USAGE after
 * "unknown option" (it starts with '-') or "one program file at a time". */
int cli_arg_file(const cli *c, const char *cmd, const char *arg, const char **file);
/* After the options: 0, or EXIT_USAGE after "which program file?" when none was given. */
int cli_need_file(const cli *c, const char *cmd, const char *file);

/* Today's date on this machine (the commands' default for --today). */
sv_date cli_today(void);
/* The value of --today, --origin or --mode at argv[*i]; 0, or EXIT_USAGE after a message. */
int cli_opt_date(cli *c, const char *cmd, int argc, char **argv, int *i, sv_date *out);
int cli_opt_country(cli *c, const char *cmd, int argc, char **argv, int *i, char out[3]);
int cli_opt_mode(cli *c, const char *cmd, int argc, char **argv, int *i, sv_mode *out);

/* What is left of a command that reads one program file once its options are parsed. */
typedef struct cli_job cli_job;
struct cli_job {
    const char *cmd;    /* "check": names the command in messages */
    const char *file;   /* the program file */
    const char *origin; /* --origin to look up in origins.tsv; NULL or "" for none */
    /* Optional, run after the reference data is loaded and before --origin is checked and
     * the program read (check finds its --factory here): 0, or an exit code after a
     * message. Whatever it acquires into arg, the command frees after cli_run. */
    int (*prepare)(cli *c, const cli_job *j);
    /* The engine and the output: 0, or an exit code after a message (cli_fail). Frees
     * what it made. */
    int (*run)(cli *c, const cli_job *j, const sv_program *p, const sv_refdata *rd);
    void *arg; /* the command's own options and state */
};
/* Loads the reference data (--data), calls prepare, checks --origin, loads the program and
 * calls run; frees the program and the data. Each error is printed once, with
 * file:line:column and field where it has them; returns the exit code. */
int cli_run(cli *c, const cli_job *j);
/* Prints a JSON report to stdout and drops the reference; EXIT_INPUT after a message when
 * it cannot be written or j is NULL (its builder ran out of memory), else 0. */
int cli_print_json(const cli *c, json_t *j);

/* Standard output is checked in one place for every command: main() ends with cli_finish.
 *
 * At start-up, cli_std_fds makes sure descriptors 0, 1 and 2 are open: one closed by the
 * caller (`>&-`) gets a descriptor open the other way round (stdout and stderr the read end
 * of a pipe of their own, stdin /dev/null for writing), so no file the command opens (the
 * registry) takes its number, and writing to it still fails, also through -o /dev/stdout. */
void cli_std_fds(void);
/* Flushes stdout: 0, or EXIT_INPUT after "PROG: cannot write to standard output: REASON"
 * on stderr (printed once per process, however many times this is called). */
int cli_stdout_flush(const char *prog);

/* A workbook (.xlsx, written by libxlsxwriter to a file name) to -o OUT, as every -o writes
 * (selvedge/out_file.h): a file whole or not at all, - standard output when it is not a
 * terminal. libxlsxwriter prints its own failures on stderr ("[ERROR] workbook_close(): Error
 * creating 'x.xlsx.tmp-1a2B3c'"), with no switch to turn that off and names the user never
 * gave: descriptor 2 points at /dev/null while it writes, and the writer's sv_err says what
 * failed in selvedge's words, the file the one named. 0, or an exit code after the error. */
typedef sv_code (*cli_workbook_fn)(const char *path, const void *arg, sv_err *e);
int cli_write_workbook(const cli *c, const char *out, cli_workbook_fn write, const void *arg);
/* What main returns: rc, or EXIT_INPUT when rc is 0 and stdout could not be written. */
int cli_finish(const char *prog, int rc);

int cmd_check(cli *c, int argc, char **argv);
int cmd_cost(cli *c, int argc, char **argv);
int cmd_aql(cli *c, int argc, char **argv);
int cmd_plan(cli *c, int argc, char **argv);
int cmd_brief(cli *c, int argc, char **argv);
int cmd_factories(cli *c, int argc, char **argv);
int cmd_match(cli *c, int argc, char **argv);
int cmd_ledger(cli *c, int argc, char **argv);
int cmd_scorecard(cli *c, int argc, char **argv);
int cmd_quotes(cli *c, int argc, char **argv);
int cmd_rfq(cli *c, int argc, char **argv);
int cmd_quote(cli *c, int argc, char **argv);
int cmd_sample(cli *c, int argc, char **argv);
int cmd_change(cli *c, int argc, char **argv);
int cmd_order(cli *c, int argc, char **argv);
int cmd_pay(cli *c, int argc, char **argv);
int cmd_progress(cli *c, int argc, char **argv);
int cmd_inspect(cli *c, int argc, char **argv);
int cmd_message(cli *c, int argc, char **argv);
int cmd_serve(cli *c, int argc, char **argv); /* src/serve/cmd_serve.c */

struct sv_store;
/* Open the registry (--db, $SELVEDGE_DB, ./selvedge.db) for reading: never created, never
 * written, waiting a while for an import that holds it; prints the error itself. */
int cli_open_store(const cli *c, struct sv_store **s);
/* The same for a command that writes (import, review decisions): created when missing. */
int cli_open_store_write(const cli *c, struct sv_store **s);
/* A factory named on the command line (show, check --factory, review), the one way for all:
 * a number is its id (one merged into another too: the caller says where it went), else its
 * handle, else its Open Supply Hub ID in any case. 0 with *id, or EXIT_INPUT after "ARG: no
 * such factory in the registry" (or the store's error). */
int cli_factory_arg(const cli *c, struct sv_store *s, const char *arg, int64_t *id);
struct sv_program;
/* The registry ids of the factories a program's styles name (sv_style.factory: an id, a handle
 * or an OS ID, read as cli_factory_arg reads one, quietly): *out NULL when no style names one,
 * else an array of the style count to free (0: names none, -1: not on file). 0, or an exit
 * code after the store's error is printed. */
int cli_style_factories(const cli *c, struct sv_store *s, const struct sv_program *p,
                        int64_t **out);
struct sv_pool;
struct sv_factory;
/* --factory F of check and brief: the store opened (kept in *s for cli_readiness), F found as
 * cli_factory_arg finds it and its profile read into *fac, its strings in a new *pool (both
 * for the caller to close and free, also after an error). 0, or an exit code after the error
 * is printed. */
int cli_factory_profile(const cli *c, const char *arg, struct sv_store **s, struct sv_pool **pool,
                        struct sv_factory *fac);
struct sv_check_options;
struct sv_readiness;
/* The readiness check of check and brief: with a store (--factory), a style its program places
 * at another factory is not judged against this one, as match places it. 0 with *out, or an
 * exit code after the error is printed. */
int cli_readiness(const cli *c, struct sv_store *s, const struct sv_program *p,
                  const sv_refdata *rd, const struct sv_check_options *opt,
                  struct sv_readiness **out);

#endif
