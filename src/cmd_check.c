/* selvedge check FILE: the readiness report. */
#include <string.h>

#include "cli.h"
#include "selvedge/json_out.h"
#include "selvedge/program_yaml.h"
#include "selvedge/readiness.h"
#include "selvedge/store.h"

static const char help[] =
    "Usage: selvedge check FILE [--today YYYY-MM-DD] [--origin CC] [--json]\n"
    "\n"
    "Reads a sourcing program (YAML) and checks it as a factory would: a\n"
    "readiness score 0-100, a score per area (clarity, numbers, budget, timeline,\n"
    "documentation, commitment), a verdict (ready, nearly, not_ready) and every\n"
    "finding with its code, severity, numbers, message and fix.\n"
    "\n"
    "  --today DATE   judge the timeline from this day instead of the system date\n"
    "  --origin CC    judge minimums and lead times for this origin only\n"
    "  --factory ID   also check against this factory's own minimums, price bands,\n"
    "                 certifications and terms (an id or handle from the registry)\n"
    "  --json         one JSON object: score, verdict, areas, findings\n";

int cmd_check(cli *c, int argc, char **argv)
{
    const char *file = NULL, *factory = NULL;
    sv_check_options opt = {.today = cli_today()};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, stdout);
            return 0;
        } else if (strcmp(a, "--json") == 0) {
            c->json = true;
        } else if (cli_is(a, "--today")) {
            if (cli_opt_date(c, "check", argc, argv, &i, &opt.today))
                return EXIT_USAGE;
        } else if (cli_is(a, "--origin")) {
            if (cli_opt_country(c, "check", argc, argv, &i, opt.origin))
                return EXIT_USAGE;
        } else if (cli_is(a, "--factory")) {
            if (!(factory = cli_value(c, "check", argc, argv, &i, "--factory")))
                return EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage(c, "check", "unknown option %s", a);
        } else if (file) {
            return cli_usage(c, "check", "one program file at a time (got %s and %s)", file, a);
        } else {
            file = a;
        }
    }
    if (!file)
        return cli_usage(c, "check", "which program file? e.g. selvedge check program.yaml");
    sv_refdata *rd = NULL;
    sv_program *p = NULL;
    sv_readiness *r = NULL;
    sv_store *store = NULL;
    sv_pool *pool = NULL;
    sv_factory fac;
    sv_err e;
    sv_err_clear(&e);
    int rc = cli_load_refdata(c, &rd);
    if (rc)
        return rc;
    if (factory) {
        int64_t id = 0;
        if ((rc = cli_open_store(c, &store)))
            goto out;
        if (!(pool = sv_pool_create())) {
            rc = cli_fail(c, &(sv_err){.code = SV_ERR_NOMEM, .msg = "out of memory"});
            goto out;
        }
        if (sv_decimal_parse(factory, 0, &id) != SV_DEC_OK &&
            sv_store_find_handle(store, factory, &id, &e) != SV_OK) {
            rc = cli_fail(c, &e);
            goto out;
        }
        if (id <= 0 || sv_store_factory_get(store, id, pool, &fac, &e) != SV_OK) {
            rc = cli_usage(c, "check", "--factory %s: no such factory in the registry "
                                       "(`selvedge factories search` finds ids)", factory);
            goto out;
        }
        opt.factory = &fac;
    }
    if (opt.origin[0] && !sv_refdata_origin(rd, opt.origin)) {
        rc = cli_usage(c, "check", "--origin %s: no reference figures for this country in "
                                   "origins.tsv", opt.origin);
        goto out;
    }
    if (sv_program_load(file, &p, &e) != SV_OK || sv_readiness_check(p, rd, &opt, &r, &e) != SV_OK) {
        rc = cli_fail(c, &e);
        goto out;
    }
    if (c->json) {
        json_t *j = sv_json_readiness(p, r);
        if (sv_json_print(j, stdout) != 0) {
            fprintf(stderr, "%s: cannot write the report\n", c->prog);
            rc = EXIT_INPUT;
        }
        json_decref(j);
    } else {
        sv_report_readiness(stdout, p, r, &c->text);
    }
out:
    sv_pool_free(pool);
    sv_store_close(store);
    sv_readiness_free(r);
    sv_program_free(p);
    sv_refdata_free(rd);
    return rc;
}
