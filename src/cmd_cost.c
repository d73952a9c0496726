/* selvedge cost FILE: cost sheets, landed cost, margins, small-run costs. */
#include <string.h>

#include "cli.h"
#include "selvedge/costing.h"
#include "selvedge/json_out.h"
#include "selvedge/program_yaml.h"

static const char help[] =
    "Usage: selvedge cost FILE [--origin CC] [--mode sea|air] [--json]\n"
    "\n"
    "Per style: the cost sheet (yours from the cost: block, else estimated from\n"
    "reference data and labelled so), FOB, landed cost at the destination (freight,\n"
    "insurance, duty on FOB, brokerage), margins at retail and wholesale, and the\n"
    "unit cost at 50, 100, 300, 500, 1000 and 3000 units from the small-run model\n"
    "(docs/internals/costing.md).\n"
    "\n"
    "  --origin CC    where the goods are made (default: the first of\n"
    "                 origin_preference, else CN)\n"
    "  --mode MODE    sea (default) or air freight\n"
    "  --json         one JSON object; money in integer minor units\n";

int cmd_cost(cli *c, int argc, char **argv)
{
    const char *file = NULL;
    sv_cost_options opt = {.mode = SV_MODE_SEA};
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
        } else if (a[0] == '-' && a[1]) {
            return cli_usage(c, "cost", "unknown option %s", a);
        } else if (file) {
            return cli_usage(c, "cost", "one program file at a time (got %s and %s)", file, a);
        } else {
            file = a;
        }
    }
    if (!file)
        return cli_usage(c, "cost", "which program file? e.g. selvedge cost program.yaml");
    sv_refdata *rd = NULL;
    sv_program *p = NULL;
    sv_cost_report *r = NULL;
    sv_err e;
    sv_err_clear(&e);
    int rc = cli_load_refdata(c, &rd);
    if (rc)
        return rc;
    if (sv_program_load(file, &p, &e) != SV_OK || sv_cost_run(p, rd, &opt, &r, &e) != SV_OK) {
        rc = cli_fail(c, &e);
        goto out;
    }
    if (c->json) {
        json_t *j = sv_json_cost(p, r);
        if (sv_json_print(j, stdout) != 0) {
            fprintf(stderr, "%s: cannot write the report\n", c->prog);
            rc = EXIT_INPUT;
        }
        json_decref(j);
    } else {
        sv_report_cost(stdout, p, r, &c->text);
    }
out:
    sv_cost_report_free(r);
    sv_program_free(p);
    sv_refdata_free(rd);
    return rc;
}
