/* selvedge cost FILE: cost sheets, landed cost, margins, small-run costs. */
#include <string.h>

#include "cli.h"
#include "selvedge/costing.h"
#include "selvedge/json_out.h"

static const char help[] =
    "Usage: selvedge cost FILE [--origin CC] [--mode sea|air] [--today YYYY-MM-DD]\n"
    "                          [--with-pending] [--us-surcharges=on|off] [--json]\n"
    "\n"
    "Per style: the cost sheet (yours from the cost: block, else estimated from\n"
    "reference data and labelled so), FOB, landed cost at the destination (freight,\n"
    "insurance, duty on the destination's customs value, brokerage), margins at\n"
    "retail and wholesale, and the unit cost at 50, 100, 300, 500, 1000 and 3000\n"
    "units from the small-run model (docs/internals/costing.md).\n"
    "\n"
    "  --origin CC      where the goods are made (default: the first of\n"
    "                   origin_preference, else CN)\n"
    "  --mode MODE      sea (default; a trucked lane goes by road) or air freight\n"
    "  --today DATE     the day the goods are taken to enter when the program has\n"
    "                   no launch_date (default: today); duty rules of that day\n"
    "  --with-pending   apply agreements signed but not yet in force (always shown)\n"
    "  --us-surcharges=on|off\n"
    "                   on (default): the surcharges of additional_duties.tsv in\n"
    "                   force on the entry day apply; off: none do (all are listed)\n"
    "  --json           one JSON object; money in integer minor units\n";

static int run(cli *c, const cli_job *j, const sv_program *p, const sv_refdata *rd)
{
    sv_cost_report *r = NULL;
    sv_err e;
    sv_err_clear(&e);
    int rc = 0;
    if (sv_cost_run(p, rd, j->arg, &r, &e) != SV_OK)
        rc = cli_fail(c, &e);
    else if (c->json)
        rc = cli_print_json(c, sv_json_cost(p, r));
    else
        sv_report_cost(stdout, p, r, &c->text);
    sv_cost_report_free(r);
    return rc;
}

int cmd_cost(cli *c, int argc, char **argv)
{
    const char *file = NULL;
    sv_cost_options opt = {.mode = SV_MODE_SEA, .today = cli_today()};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, stdout);
            return 0;
        } else if (strcmp(a, "--json") == 0) {
            c->json = true;
        } else if (cli_is(a, "--origin")) {
            if (cli_opt_country(c, "cost", argc, argv, &i, opt.origin))
                return EXIT_USAGE;
        } else if (cli_is(a, "--mode")) {
            if (cli_opt_mode(c, "cost", argc, argv, &i, &opt.mode))
                return EXIT_USAGE;
        } else if (cli_is(a, "--today")) {
            if (cli_opt_date(c, "cost", argc, argv, &i, &opt.today))
                return EXIT_USAGE;
        } else if (strcmp(a, "--with-pending") == 0) {
            opt.with_pending = true;
        } else if (strcmp(a, "--us-surcharges=on") == 0) {
            opt.surcharges_off = false;
        } else if (strcmp(a, "--us-surcharges=off") == 0) {
            opt.surcharges_off = true;
        } else if (strncmp(a, "--us-surcharges", 15) == 0) {
            cli_usage(c, "cost",
                      "--us-surcharges is --us-surcharges=on or --us-surcharges=off, "
                      "not '%s'",
                      a);
            return EXIT_USAGE;
        } else if (cli_arg_file(c, "cost", a, &file)) {
            return EXIT_USAGE;
        }
    }
    if (cli_need_file(c, "cost", file))
        return EXIT_USAGE;
    return cli_run(c, &(cli_job){.cmd = "cost", .file = file, .run = run, .arg = &opt});
}
