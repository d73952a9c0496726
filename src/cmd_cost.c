/* selvedge cost FILE: cost sheets, landed cost, margins, small-run costs. */
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "selvedge/chart.h"
#include "selvedge/costing.h"
#include "selvedge/cost_xlsx.h"
#include "selvedge/json_out.h"
#include "selvedge/out_file.h"

static const char help[] =
    "Usage: selvedge cost FILE [--origin CC] [--mode sea|air] [--today YYYY-MM-DD]\n"
    "                          [--with-pending] [--us-surcharges=on|off] [--json]\n"
    "                          [--format text|json|xlsx] [--chart svg] [-o OUT]\n"
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
    "  --json           one JSON object; money in integer minor units\n"
    "  --format F       text (default), json (as --json), or xlsx: the workbook a\n"
    "                   merchandiser keeps (a sheet \"Cost\", a row a style from FOB\n"
    "                   to landed with its margins, the totals; a sheet \"Small\n"
    "                   runs\"), to -o FILE.xlsx\n"
    "  --chart svg      instead of the report, one SVG to -o OUT: the cost breakdown\n"
    "                   of every style (a stacked bar from FOB to landed, the landed\n"
    "                   figure at its end), then the small-run curve of each style\n"
    "                   (unit FOB against the run's units, the planned quantity\n"
    "                   marked), two to a row\n"
    "  -o, --output OUT the chart's or the workbook's file (required with --chart\n"
    "                   and --format xlsx); - is standard\n"
    "                   output. Written as plan -o writes: whole or not at all\n";

typedef struct cost_job {
    sv_cost_options opt;
    const char *chart;    /* "svg", or NULL for the report */
    bool xlsx;            /* --format xlsx */
    const char *out_path; /* -o */
} cost_job;

/* The chart through the one output-file routine (selvedge/out_file.h), as plan -o writes:
 * a file whole or not at all, a pipe or a device written through. */
static int write_chart(cli *c, const char *out_path, const sv_program *p, const sv_cost_report *r)
{
    sv_err e;
    sv_err_clear(&e);
    sv_outfile *of = NULL;
    bool dash = strcmp(out_path, "-") == 0;
    if ((dash ? sv_outfile_open_stdout(&of, &e) : sv_outfile_open(out_path, &of, &e)) != SV_OK)
        return cli_fail(c, &e);
    FILE *fp = sv_outfile_stream(of, &e);
    sv_code rc = fp ? sv_chart_svg_cost(fp, p, r, &e) : e.code;
    sv_chart_release(); /* the one chart of the process: the font caches go with it */
    if (rc == SV_OK)
        rc = sv_outfile_commit(of, &e);
    else
        sv_outfile_discard(of);
    if (rc == SV_OK)
        return 0;
    if (!e.file[0] && !dash)
        snprintf(e.file, sizeof e.file, "%s", out_path);
    return cli_fail(c, &e);
}

/* The workbook, by file name (cli_write_workbook). */
typedef struct cost_book {
    const sv_program *p;
    const sv_cost_report *r;
} cost_book;

static sv_code write_book(const char *path, const void *arg, sv_err *e)
{
    const cost_book *b = arg;
    return sv_cost_write_xlsx(path, b->p, b->r, e);
}

static int run(cli *c, const cli_job *j, const sv_program *p, const sv_refdata *rd)
{
    const cost_job *k = j->arg;
    sv_cost_report *r = NULL;
    sv_err e;
    sv_err_clear(&e);
    int rc = 0;
    if (sv_cost_run(p, rd, &k->opt, &r, &e) != SV_OK)
        rc = cli_fail(c, &e);
    else if (k->chart && p->n_styles == 0) {
        sv_err_at(&e, SV_ERR_SCHEMA, j->file, 0, 0, "program.styles",
                  "the program has no styles: there is nothing to chart");
        rc = cli_fail(c, &e);
    } else if (k->chart)
        rc = write_chart(c, k->out_path, p, r);
    else if (k->xlsx)
        rc = cli_write_workbook(c, k->out_path, write_book, &(cost_book){p, r});
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
    cost_job k = {.opt = {.mode = SV_MODE_SEA, .today = cli_today()}};
    sv_cost_options *opt = &k.opt;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, stdout);
            return 0;
        } else if (strcmp(a, "--json") == 0) {
            c->json = true;
        } else if (cli_is(a, "--origin")) {
            if (cli_opt_country(c, "cost", argc, argv, &i, opt->origin))
                return EXIT_USAGE;
        } else if (cli_is(a, "--mode")) {
            if (cli_opt_mode(c, "cost", argc, argv, &i, &opt->mode))
                return EXIT_USAGE;
        } else if (cli_is(a, "--today")) {
            if (cli_opt_date(c, "cost", argc, argv, &i, &opt->today))
                return EXIT_USAGE;
        } else if (strcmp(a, "--with-pending") == 0) {
            opt->with_pending = true;
        } else if (strcmp(a, "--us-surcharges=on") == 0) {
            opt->surcharges_off = false;
        } else if (strcmp(a, "--us-surcharges=off") == 0) {
            opt->surcharges_off = true;
        } else if (strncmp(a, "--us-surcharges", 15) == 0) {
            cli_usage(c, "cost",
                      "--us-surcharges is --us-surcharges=on or --us-surcharges=off, "
                      "not '%s'",
                      a);
            return EXIT_USAGE;
        } else if (cli_is(a, "--format")) {
            const char *v = cli_value(c, "cost", argc, argv, &i, "--format");
            if (!v)
                return EXIT_USAGE;
            if (strcmp(v, "json") == 0)
                c->json = true;
            else if (strcmp(v, "xlsx") == 0)
                k.xlsx = true;
            else if (strcmp(v, "text") != 0)
                return cli_usage(c, "cost", "--format is text, json or xlsx, not '%s'", v);
        } else if (cli_is(a, "--chart")) {
            if (!(k.chart = cli_value(c, "cost", argc, argv, &i, "--chart")))
                return EXIT_USAGE;
            if (strcmp(k.chart, "svg") != 0)
                return cli_usage(c, "cost", "--chart is svg, not '%s'", k.chart);
        } else if (cli_is(a, "-o") || cli_is(a, "--output")) {
            if (!(k.out_path =
                      cli_value(c, "cost", argc, argv, &i, a[1] == 'o' ? "-o" : "--output")))
                return EXIT_USAGE;
        } else if (cli_arg_file(c, "cost", a, &file)) {
            return EXIT_USAGE;
        }
    }
    if (cli_need_file(c, "cost", file))
        return EXIT_USAGE;
    if (k.chart && (c->json || k.xlsx))
        return cli_usage(c, "cost", "--chart and --format %s: give one of them",
                         k.xlsx ? "xlsx" : "json");
    if (k.xlsx && c->json)
        return cli_usage(c, "cost", "--format xlsx and --json: give one of them");
    if (k.out_path && !k.chart && !k.xlsx)
        return cli_usage(c, "cost",
                         "-o writes a chart or a workbook: give --chart svg or "
                         "--format xlsx (the report goes to standard output)");
    if (k.chart && !k.out_path)
        return cli_usage(c, "cost", "--chart svg writes a file: give -o FILE.svg");
    if (k.xlsx && !k.out_path)
        return cli_usage(c, "cost", "--format xlsx writes a workbook: give -o FILE.xlsx");
    if (k.xlsx && strcmp(k.out_path, "-") == 0 && isatty(STDOUT_FILENO))
        return cli_usage(c, "cost",
                         "--format xlsx -o - would print a workbook on the terminal: "
                         "redirect standard output, or give -o FILE.xlsx");
    return cli_run(c, &(cli_job){.cmd = "cost", .file = file, .run = run, .arg = &k});
}
