/* selvedge ledger import|export: the relationship ledger as one JSON-lines file
 * (docs/ledger.md). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "selvedge/ledger_import.h"
#include "selvedge/out_file.h"
#include "selvedge/store.h"

static const char help[] =
    "Usage: selvedge [--db PATH] ledger COMMAND\n"
    "\n"
    "  import FILE          a history of events between brands and factories, JSON lines\n"
    "                       (docs/ledger.md); one transaction: an event refused is\n"
    "                       reported with file:line and field, and nothing of the file\n"
    "                       is kept. The factories must be in the registry (by handle)\n"
    "  export [-o FILE]     every event, one JSON line each, in the order recorded\n"
    "                       (to standard output without -o); imported into an empty\n"
    "                       registry of the same factories, it exports the same bytes\n"
    "The database is --db PATH, else $SELVEDGE_DB, else ./selvedge.db.\n";

static int import(cli *c, int argc, char **argv)
{
    const char *file = NULL;
    for (int i = 0; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1])
            return cli_usage(c, "ledger import", "unknown option %s", argv[i]);
        if (file)
            return cli_usage(c, "ledger import", "one file at a time");
        file = argv[i];
    }
    if (!file)
        return cli_usage(c, "ledger import", "which file? e.g. ledger import season.jsonl");
    sv_store *s = NULL;
    int code = cli_open_store_write(c, &s);
    if (code)
        return code;
    sv_err e;
    sv_err_clear(&e);
    int64_t n = 0;
    sv_code rc = sv_ledger_import(s, file, &n, &e);
    sv_store_close(s);
    if (rc) {
        code = cli_fail(c, &e);
        if (rc == SV_ERR_NOTFOUND && strcmp(e.field, "factory") == 0)
            fprintf(stderr,
                    "Nothing was recorded. A factory is named by its handle in the "
                    "registry: `%s factories import FILE` adds it.\n",
                    c->prog);
        return code;
    }
    printf("%s: %lld event%s recorded\n", cli_term(file), (long long)n, n == 1 ? "" : "s");
    return 0;
}

static int export(cli *c, int argc, char **argv)
{
    const char *out = NULL;
    for (int i = 0; i < argc; i++) {
        if (cli_is(argv[i], "-o") || cli_is(argv[i], "--output")) {
            if (!(out = cli_value(c, "ledger export", argc, argv, &i,
                                  cli_is(argv[i], "-o") ? "-o" : "--output")))
                return EXIT_USAGE;
        } else {
            return cli_usage(c, "ledger export", "unknown argument %s", argv[i]);
        }
    }
    sv_store *s = NULL;
    int code = cli_open_store(c, &s);
    if (code)
        return code;
    sv_err e;
    sv_err_clear(&e);
    sv_outfile *of = NULL;
    FILE *fp = stdout;
    if (out && strcmp(out, "-") != 0) {
        if (sv_outfile_open(out, &of, &e) != SV_OK || !(fp = sv_outfile_stream(of, &e))) {
            sv_outfile_discard(of);
            sv_store_close(s);
            return cli_fail(c, &e);
        }
    }
    sv_code rc = sv_ledger_export(s, fp, NULL, &e);
    sv_store_close(s);
    if (!of)
        return ferror(stdout) ? cli_stdout_flush(c->prog) : rc ? cli_fail(c, &e) : 0;
    if (rc == SV_OK)
        rc = sv_outfile_commit(of, &e);
    else
        sv_outfile_discard(of);
    return rc ? cli_fail(c, &e) : 0;
}

int cmd_ledger(cli *c, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(help, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : 0;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help, stdout);
            return 0;
        }
    if (strcmp(argv[1], "import") == 0)
        return import(c, argc - 2, argv + 2);
    if (strcmp(argv[1], "export") == 0)
        return export(c, argc - 2, argv + 2);
    return cli_usage(c, "ledger", "unknown command '%s'", argv[1]);
}
