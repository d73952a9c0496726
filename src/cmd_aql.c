/* selvedge aql --lot N: ISO 2859-1 single sampling plans, normal inspection. */
#include <string.h>

#include "cli.h"
#include "selvedge/aql.h"
#include "selvedge/json_out.h"

static const char help[] =
    "Usage: selvedge aql --lot N [--level II] [--aql 2.5] [--json]\n"
    "\n"
    "The ISO 2859-1 (= ANSI/ASQ Z1.4) single sampling plan for normal inspection:\n"
    "code letter, sample size, accept and reject numbers, following the table's\n"
    "arrows. Without --aql, the garment industry's default: critical 0, major 2.5,\n"
    "minor 4.0.\n"
    "\n"
    "  --lot N        units in the lot (the shipment being inspected)\n"
    "  --level L      S-1, S-2, S-3, S-4, I, II (default), III\n"
    "  --aql A        0.065 0.10 0.15 0.25 0.40 0.65 1.0 1.5 2.5 4.0 6.5 10\n"
    "  --json         code_letter, sample_size, accept, reject (a list without --aql)\n";

int cmd_aql(cli *c, int argc, char **argv)
{
    const char *lot_s = NULL, *aql_s = NULL;
    sv_aql_level level = SV_AQL_II;
    sv_err e;
    sv_err_clear(&e);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, stdout);
            return 0;
        } else if (strcmp(a, "--json") == 0) {
            c->json = true;
        } else if (cli_is(a, "--lot")) {
            if (!(lot_s = cli_value(c, "aql", argc, argv, &i, "--lot")))
                return EXIT_USAGE;
        } else if (cli_is(a, "--aql")) {
            if (!(aql_s = cli_value(c, "aql", argc, argv, &i, "--aql")))
                return EXIT_USAGE;
        } else if (cli_is(a, "--level")) {
            const char *v = cli_value(c, "aql", argc, argv, &i, "--level");
            if (!v)
                return EXIT_USAGE;
            if (sv_aql_level_parse(v, &level, &e) != SV_OK)
                return cli_usage(c, "aql", "--level: %s", e.msg);
        } else {
            return cli_usage(c, "aql", "unexpected argument %s", a);
        }
    }
    if (!lot_s)
        return cli_usage(c, "aql", "--lot is required: how many units are in the lot?");
    int64_t lot;
    if (sv_decimal_parse(lot_s, 0, &lot) != SV_DEC_OK || lot < 1)
        return cli_usage(c, "aql", "--lot wants a whole number of units, at least 1, not '%s'",
                         lot_s);
    struct {
        const char *label;
        int aql;
    } plans[3];
    int n = 0;
    if (aql_s) {
        int v;
        if (sv_aql_value_parse(aql_s, &v, &e) != SV_OK)
            return cli_usage(c, "aql", "--aql: %s", e.msg);
        plans[n++] = (typeof(plans[0])){NULL, v};
    } else {
        plans[n++] = (typeof(plans[0])){"critical", 0};
        plans[n++] = (typeof(plans[0])){"major", 2500};
        plans[n++] = (typeof(plans[0])){"minor", 4000};
    }
    /* --json: one object with --aql, else a list of the three; made whole, then printed */
    json_t *arr = c->json && !aql_s ? json_array() : NULL, *one = NULL;
    bool nomem = c->json && !aql_s && !arr;
    if (!c->json)
        printf("Lot %lld, inspection level %s, normal inspection, single sampling "
               "(ISO 2859-1)\n",
               (long long)lot, sv_aql_level_name(level));
    for (int k = 0; k < n; k++) {
        sv_aql_plan plan;
        if (plans[k].aql == 0) {
            /* Critical defects: zero accepted. Inspect the same sample as the major plan. */
            if (sv_aql_plan_for(lot, level, 2500, &plan, &e) != SV_OK) {
                json_decref(arr);
                return cli_fail(c, &e);
            }
            plan.accept = 0;
            plan.reject = 1;
        } else if (sv_aql_plan_for(lot, level, plans[k].aql, &plan, &e) != SV_OK) {
            json_decref(arr);
            return cli_fail(c, &e);
        }
        if (c->json) {
            json_t *j = sv_json_aql(lot, level, plans[k].aql, &plan);
            if (!j || (plans[k].label &&
                       json_object_set_new(j, "defect_class", json_string(plans[k].label)) != 0))
                nomem = true;
            if (arr) {
                if (json_array_append_new(arr, j) != 0)
                    nomem = true;
            } else {
                one = j;
            }
        } else {
            if (plans[k].label)
                printf("%-9s", plans[k].label);
            if (plans[k].aql == 0)
                printf("  AQL 0      code %c  inspect %lld%s  accept 0  reject 1\n",
                       plan.code_letter, (long long)plan.sample_size,
                       plan.full_inspection ? " (100%)" : "");
            else
                sv_report_aql(stdout, lot, level, plans[k].aql, &plan, &c->text);
        }
    }
    if (c->json) {
        json_t *j = arr ? arr : one;
        if (nomem) { /* a report missing a part is no report: cli_print_json says so */
            json_decref(j);
            j = NULL;
        }
        return cli_print_json(c, j);
    }
    sv_report_wrap(stdout,
                   "Accept the lot when the defects found are at or below 'accept'; reject it "
                   "at 'reject' or more.",
                   0, 0, 80);
    return 0;
}
