/* selvedge brief FILE -o OUT.pdf: the brief a factory reads, as PDF. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "selvedge/brief.h"
#include "selvedge/chart.h"
#include "selvedge/costing.h"
#include "selvedge/out_file.h"
#include "selvedge/plan.h"
#include "selvedge/readiness.h"
#include "selvedge/store.h"
#include "selvedge/term.h"

static const char help[] =
    "Usage: selvedge brief FILE -o OUT.pdf [--paper a4|letter] [--factory F]\n"
    "                           [--force] [--today YYYY-MM-DD]\n"
    "\n"
    "Writes the brief a factory reads, as a PDF of three or four pages: the brand,\n"
    "its positioning, channels and price points; the range, style by style; the\n"
    "order and how it splits; the timeline back from the launch date, with the\n"
    "time-and-action Gantt chart; the sampling budget and payment terms; the\n"
    "growth plan; what the brand asks of the factory; the contact. Past three\n"
    "styles or so the Gantt is a summary, a row a style (the full calendar:\n"
    "selvedge plan --format svg).\n"
    "\n"
    "The readiness check runs first. A program with blockers is not written: the\n"
    "blockers are printed on standard error (exit 1), unless --force.\n"
    "\n"
    "  -o, --output OUT\n"
    "                 the PDF to write (required). A file is replaced whole or not\n"
    "                 at all; - is standard output, when it is not a terminal\n"
    "  --paper P      a4 (default) or letter\n"
    "  --factory F    address the brief to this factory (its id, handle or Open\n"
    "                 Supply Hub ID in the registry, --db) and check the program\n"
    "                 against its own figures too, as check --factory does\n"
    "  --force        write the brief even with blockers (standard error says so)\n"
    "  --today DATE   date the brief and plan from this day (default: today)\n";

typedef struct brief_job {
    sv_check_options opt;
    sv_brief_options bo;
    const char *out_path;
    const char *factory; /* --factory, or NULL */
    bool force;
    sv_store *store;
    sv_pool *pool;
    sv_factory fac;
} brief_job;

/* --factory: the profile from the registry, found before the program is read. */
static int find_factory(cli *c, const cli_job *j)
{
    brief_job *k = j->arg;
    if (!k->factory)
        return 0;
    int rc = cli_factory_profile(c, k->factory, &k->store, &k->pool, &k->fac);
    if (rc)
        return rc;
    k->opt.factory = &k->fac;
    k->bo.factory = k->fac.name;
    return 0;
}

/* The blockers on standard error, one a line with its style. */
static void say_blockers(const cli *c, const sv_readiness *r)
{
    for (size_t i = 0; i < r->n_findings; i++) {
        const sv_finding *f = &r->findings[i];
        if (f->severity != SV_SEV_BLOCKER)
            continue;
        fprintf(stderr, "%s brief: blocker %s", c->prog, f->code);
        if (f->style)
            fprintf(stderr, " [%s]", cli_term(f->style));
        fprintf(stderr, ": %s\n", cli_term(f->message));
    }
}

static int write_pdf(cli *c, const brief_job *k, const sv_program *p)
{
    sv_err e;
    sv_err_clear(&e);
    sv_outfile *of = NULL;
    bool dash = strcmp(k->out_path, "-") == 0;
    if ((dash ? sv_outfile_open_stdout(&of, &e) : sv_outfile_open(k->out_path, &of, &e)) != SV_OK)
        return cli_fail(c, &e);
    FILE *fp = sv_outfile_stream(of, &e);
    if (!fp) {
        sv_outfile_discard(of);
        return cli_fail(c, &e);
    }
    sv_code rc = sv_brief_write_pdf(fp, p, &k->bo, &e);
    if (rc == SV_OK)
        rc = sv_outfile_commit(of, &e);
    else
        sv_outfile_discard(of);
    if (rc == SV_OK)
        return 0;
    if (!e.file[0] && !dash)
        snprintf(e.file, sizeof e.file, "%s", k->out_path);
    return cli_fail(c, &e);
}

static int run(cli *c, const cli_job *j, const sv_program *p, const sv_refdata *rd)
{
    brief_job *k = j->arg;
    sv_readiness *r = NULL;
    sv_plan *pl = NULL;
    sv_cost_report *cr = NULL;
    sv_err e;
    sv_err_clear(&e);
    int rc = cli_readiness(c, k->store, p, rd, &k->opt, &r);
    if (rc)
        return rc;
    int blockers = r->counts[SV_SEV_BLOCKER];
    if (blockers) {
        say_blockers(c, r);
        if (!k->force) {
            fprintf(stderr,
                    "%s brief: not written: %d blocker%s a factory should not receive; fix "
                    "%s (selvedge check shows how), or give --force to write it anyway\n",
                    c->prog, blockers, blockers == 1 ? "" : "s", blockers == 1 ? "it" : "them");
            rc = EXIT_INPUT;
            goto out;
        }
    }
    /* the calendar for the timeline; a program the planner refuses has no timeline in the
     * brief rather than no brief (check has said what is wrong with its dates) */
    sv_plan_options po = {.today = k->opt.today, .mode = SV_MODE_SEA};
    if (p->n_styles && sv_plan_build(p, rd, &po, &pl, &e) != SV_OK) {
        pl = NULL;
        sv_err_clear(&e);
    }
    k->bo.plan = pl;
    /* the price points' wholesale estimate and sales tax; a program cost cannot run on keeps
     * its own prices */
    sv_cost_options co = {.today = k->opt.today};
    if (p->n_styles && sv_cost_run(p, rd, &co, &cr, &e) != SV_OK) {
        cr = NULL;
        sv_err_clear(&e);
    }
    k->bo.cost = cr;
    k->bo.today = k->opt.today;
    rc = write_pdf(c, k, p);
    if (rc == 0 && blockers)
        fprintf(stderr, "%s brief: written with %d blocker%s (--force): %s\n", c->prog, blockers,
                blockers == 1 ? "" : "s", cli_term(k->out_path));
out:
    k->bo.cost = NULL;
    sv_cost_report_free(cr);
    sv_plan_free(pl);
    sv_readiness_free(r);
    return rc;
}

int cmd_brief(cli *c, int argc, char **argv)
{
    const char *file = NULL;
    brief_job k = {.opt = {.today = cli_today()}, .bo = {.paper = SV_PAPER_A4}};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, stdout);
            return 0;
        } else if (strcmp(a, "--force") == 0) {
            k.force = true;
        } else if (cli_is(a, "-o") || cli_is(a, "--output")) {
            if (!(k.out_path =
                      cli_value(c, "brief", argc, argv, &i, a[1] == 'o' ? "-o" : "--output")))
                return EXIT_USAGE;
        } else if (cli_is(a, "--paper")) {
            const char *v = cli_value(c, "brief", argc, argv, &i, "--paper");
            if (!v)
                return EXIT_USAGE;
            int pp = sv_paper_parse(v);
            if (pp < 0)
                return cli_usage(c, "brief", "--paper is a4 or letter, not '%s'", v);
            k.bo.paper = (sv_paper)pp;
        } else if (cli_is(a, "--today")) {
            if (cli_opt_date(c, "brief", argc, argv, &i, &k.opt.today))
                return EXIT_USAGE;
        } else if (cli_is(a, "--factory")) {
            if (!(k.factory = cli_value(c, "brief", argc, argv, &i, "--factory")))
                return EXIT_USAGE;
        } else if (cli_arg_file(c, "brief", a, &file)) {
            return EXIT_USAGE;
        }
    }
    if (cli_need_file(c, "brief", file))
        return EXIT_USAGE;
    if (!k.out_path)
        return cli_usage(c, "brief", "the brief is a PDF: give -o FILE.pdf");
    /* a PDF on a terminal is noise: - is standard output only when it goes elsewhere */
    if (strcmp(k.out_path, "-") == 0 && isatty(STDOUT_FILENO))
        return cli_usage(c, "brief",
                         "-o - would print a PDF on the terminal: redirect "
                         "standard output, or give -o FILE.pdf");
    int rc = cli_run(
        c,
        &(cli_job){.cmd = "brief", .file = file, .prepare = find_factory, .run = run, .arg = &k});
    sv_pool_free(k.pool);
    sv_store_close(k.store);
    /* the charts' font map (the brief drops the one it set, this is for any other); cairo's
     * and fontconfig's process caches stay: freeing them (cairo_debug_reset_static_data,
     * FcFini) asserts and aborts when pango's font-loading thread still holds a font, after
     * the PDF was written (seen 1 run in 6 under a loaded machine) */
    sv_chart_release();
    return rc;
}
