/* selvedge check FILE: the readiness report. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "selvedge/json_out.h"
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
    "  --factory F    also check against this factory's own minimums, price bands,\n"
    "                 certifications, terms, capacity and lead times (its id, handle\n"
    "                 or Open Supply Hub ID in the registry); a style made in\n"
    "                 another country or naming another factory is not judged\n"
    "                 against it\n"
    "  --json         one JSON object: score, verdict, areas, findings\n";

typedef struct check_job {
    sv_check_options opt;
    const char *factory;        /* --factory, or NULL */
    sv_store *store;
    sv_pool *pool;
    sv_factory fac;
} check_job;

/* --factory: the profile from the registry, found before the program is read. */
static int find_factory(cli *c, const cli_job *j)
{
    check_job *k = j->arg;
    if (!k->factory)
        return 0;
    int rc = cli_factory_profile(c, k->factory, &k->store, &k->pool, &k->fac);
    if (rc == 0)
        k->opt.factory = &k->fac;
    return rc;
}

static int run(cli *c, const cli_job *j, const sv_program *p, const sv_refdata *rd)
{
    const check_job *k = j->arg;
    sv_readiness *r = NULL;
    int rc = cli_readiness(c, k->store, p, rd, &k->opt, &r);
    if (rc)
        return rc;
    if (c->json)
        rc = cli_print_json(c, sv_json_readiness(p, r));
    else
        sv_report_readiness(stdout, p, r, &c->text);
    sv_readiness_free(r);
    return rc;
}

int cmd_check(cli *c, int argc, char **argv)
{
    const char *file = NULL;
    check_job k = {.opt = {.today = cli_today()}};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, stdout);
            return 0;
        } else if (strcmp(a, "--json") == 0) {
            c->json = true;
        } else if (cli_is(a, "--today")) {
            if (cli_opt_date(c, "check", argc, argv, &i, &k.opt.today))
                return EXIT_USAGE;
        } else if (cli_is(a, "--origin")) {
            if (cli_opt_country(c, "check", argc, argv, &i, k.opt.origin))
                return EXIT_USAGE;
        } else if (cli_is(a, "--factory")) {
            if (!(k.factory = cli_value(c, "check", argc, argv, &i, "--factory")))
                return EXIT_USAGE;
        } else if (cli_arg_file(c, "check", a, &file)) {
            return EXIT_USAGE;
        }
    }
    if (cli_need_file(c, "check", file))
        return EXIT_USAGE;
    int rc = cli_run(c, &(cli_job){.cmd = "check", .file = file, .origin = k.opt.origin,
                                   .prepare = find_factory, .run = run, .arg = &k});
    sv_pool_free(k.pool);
    sv_store_close(k.store);
    return rc;
}
