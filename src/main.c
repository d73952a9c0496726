/* selvedge: the command line. Each command lives in src/cmd_<name>.c. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void usage(FILE *out)
{
    fputs("selvedge - prepare an apparel brand's sourcing program the way factories want it\n"
          "\n"
          "Usage: selvedge [--data DIR] COMMAND [ARGS]\n"
          "\n"
          "Commands:\n"
          "  check FILE [--today YYYY-MM-DD] [--origin CC] [--json]\n"
          "                 readiness score, verdict and findings, as a factory sees them\n"
          "  cost FILE [--origin CC] [--mode sea|air] [--json]\n"
          "                 cost sheet, landed cost, margins and small-run costs per style\n"
          "  plan FILE [--today YYYY-MM-DD] [--origin CC] [--mode sea|air]\n"
          "       [--format text|json|csv|ics|xlsx] [-o OUT]\n"
          "                 time-and-action calendar back from the launch date\n"
          "  brief FILE -o OUT.pdf [--paper a4|letter] [--factory F] [--force]\n"
          "                 the brief a factory reads, as PDF (refused with blockers)\n"
          "  factories import FILE... | list | search TEXT | show FACTORY | review\n"
          "                 the factory registry (Open Supply Hub lists, capability files)\n"
          "  match FILE [--top N] [--json]\n"
          "                 the factories that fit the program, why, and the near misses\n"
          "  aql --lot N [--level II] [--aql 2.5] [--json]\n"
          "                 ISO 2859-1 sampling plan for a final inspection\n"
          "  ledger import FILE | export [-o FILE]\n"
          "                 the relationship ledger (RFQs, quotes, samples, changes,\n"
          "                 orders, payments, inspections, messages) as JSON lines\n"
          "  scorecard --brand HANDLE | --factory HANDLE [--from DATE] [--to DATE] [--json]\n"
          "                 a brand as its factories see it, a factory as its brands see\n"
          "                 it, from the ledger: every measure with the events it rests on\n"
          "  quotes compare RFQ --brand HANDLE [--json] [--format xlsx -o FILE]\n"
          "                 the quotes on an RFQ side by side: FOB, landed, margins,\n"
          "                 minimums, lead days, fees, terms; ranked, with the best fit\n"
          "  rfq send|show|ack|decline, quote add,\n"
          "  sample request|ship|receive|review|invoice|pay,\n"
          "  change request|answer|accept|withdraw, order issue|confirm|counter,\n"
          "  pay due|paid, progress, inspect, message\n"
          "                 record one step between a brand and a factory (each --help)\n"
          "  serve --db PATH --listen HOST:PORT [--threads N] [--max-body BYTES]\n"
          "                 the HTTP server: JSON over the same library (GET /api/health,\n"
          "                 GET /api/openapi.json)\n"
          "\n"
          "Options:\n"
          "  --db PATH      the registry of factories and the ledger (also $SELVEDGE_DB;\n"
          "                 default ./selvedge.db)\n"
          "  --data DIR     reference data overrides (also $SELVEDGE_DATA): any file of\n"
          "                 data/ placed there replaces the built-in one\n"
          "  --no-color     plain output (colour is used only on a terminal, never with\n"
          "                 NO_COLOR set)\n"
          "  --version, --help\n"
          "\n"
          "Exit status: 0 done, 1 input refused (the message names file:line:column),\n"
          "2 usage error.\n",
          out);
}

static int selvedge(int argc, char **argv)
{
    cli c = {.prog = "selvedge"};
    const char *nc = getenv("NO_COLOR");
    c.text.color = isatty(STDOUT_FILENO) && !(nc && nc[0]);
    c.text.width = 80;
    const char *env = getenv("SELVEDGE_DATA");
    if (env && *env) { /* an empty one is as unset, as SELVEDGE_DB is */
        c.data_dir = env;
        c.data_from = "SELVEDGE_DATA";
    }
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("selvedge 0.1.0\n");
            return 0;
        } else if (strcmp(a, "--no-color") == 0) {
            c.text.color = false;
        } else if (cli_is(a, "--db")) {
            if (!(c.db_path = cli_value(&c, "", argc, argv, &i, "--db")))
                return EXIT_USAGE;
            if (!*c.db_path) {
                fprintf(stderr, "selvedge: --db wants the path of the factory registry, not an "
                                "empty one\nTry 'selvedge --help'.\n");
                return EXIT_USAGE;
            }
        } else if (cli_is(a, "--data")) {
            if (!(c.data_dir = cli_value(&c, "", argc, argv, &i, "--data")))
                return EXIT_USAGE;
            if (!*c.data_dir) {
                fprintf(stderr, "selvedge: --data wants a directory of reference data, not an "
                                "empty name\nTry 'selvedge --help'.\n");
                return EXIT_USAGE;
            }
            c.data_from = "--data";
        } else {
            fprintf(stderr, "selvedge: unknown option %s\nTry 'selvedge --help'.\n", cli_term(a));
            return EXIT_USAGE;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[i];
    int sub_argc = argc - i;
    char **sub_argv = argv + i;
    if (strcmp(cmd, "check") == 0)
        return cmd_check(&c, sub_argc, sub_argv);
    if (strcmp(cmd, "cost") == 0)
        return cmd_cost(&c, sub_argc, sub_argv);
    if (strcmp(cmd, "factories") == 0)
        return cmd_factories(&c, sub_argc, sub_argv);
    if (strcmp(cmd, "match") == 0)
        return cmd_match(&c, sub_argc, sub_argv);
    if (strcmp(cmd, "plan") == 0)
        return cmd_plan(&c, sub_argc, sub_argv);
    if (strcmp(cmd, "brief") == 0)
        return cmd_brief(&c, sub_argc, sub_argv);
    if (strcmp(cmd, "aql") == 0)
        return cmd_aql(&c, sub_argc, sub_argv);
    if (strcmp(cmd, "ledger") == 0)
        return cmd_ledger(&c, sub_argc, sub_argv);
    if (strcmp(cmd, "scorecard") == 0)
        return cmd_scorecard(&c, sub_argc, sub_argv);
    if (strcmp(cmd, "quotes") == 0)
        return cmd_quotes(&c, sub_argc, sub_argv);
    if (strcmp(cmd, "serve") == 0)
        return cmd_serve(&c, sub_argc, sub_argv);
    static const struct {
        const char *name;
        int (*fn)(cli *, int, char **);
    } steps[] = {{"rfq", cmd_rfq},         {"sample", cmd_sample},   {"change", cmd_change},
                 {"order", cmd_order},     {"pay", cmd_pay},         {"progress", cmd_progress},
                 {"inspect", cmd_inspect}, {"message", cmd_message}, {"quote", cmd_quote}};
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++)
        if (strcmp(cmd, steps[k].name) == 0)
            return steps[k].fn(&c, sub_argc, sub_argv);
    if (strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "selvedge: unknown command '%s'\nTry 'selvedge --help'.\n", cli_term(cmd));
    return EXIT_USAGE;
}

/* Every command's output is checked here, once, after it returns: a full disk or a closed
 * stdout is an error (exit 1), not a silent success. */
int main(int argc, char **argv)
{
    cli_std_fds();
    return cli_finish("selvedge", selvedge(argc, argv));
}
