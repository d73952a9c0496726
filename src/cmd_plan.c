/* selvedge plan FILE: the time-and-action calendar. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "selvedge/chart.h"
#include "selvedge/json_out.h"
#include "selvedge/out_file.h"
#include "selvedge/plan.h"
#include "selvedge/plan_export.h"

static const char help[] =
    "Usage: selvedge plan FILE [--origin CC] [--mode sea|air] [--today YYYY-MM-DD]\n"
    "                          [--format text|json|csv|ics|xlsx|svg [--summary]]\n"
    "                          [-o OUT]\n"
    "\n"
    "Builds the time-and-action calendar: every milestone from tech pack to launch,\n"
    "per style and for the shipment, with who owns it and what it waits for;\n"
    "scheduled forwards from today and backwards from the launch date, with factory\n"
    "closures on the way. Gives the critical path, the latest day to start, the\n"
    "slack, a verdict (on_track, tight, infeasible) and, when it does not fit, the\n"
    "ways out with their price.\n"
    "\n"
    "  --origin CC    where the goods are made (default: the first of\n"
    "                 origin_preference, else CN); a style with its own origin\n"
    "                 stays there\n"
    "  --mode MODE    sea (default) or air freight\n"
    "  --today DATE   plan from this day instead of the system date\n"
    "  --format F     text (default), json, csv, ics (any calendar app), xlsx,\n"
    "                 svg (the Gantt chart: a bar a milestone by who does it, the\n"
    "                 critical path outlined, closures shaded, the launch marked;\n"
    "                 with several deliveries, all in one chart, each date marked)\n"
    "  --summary      with --format svg: a row a style instead of a row a milestone,\n"
    "                 the style's development (tech pack to PP approval), fabric\n"
    "                 (booking to the factory) and production (to final inspection)\n"
    "                 as a bar each; the bookings and shipping a row a milestone\n"
    "  -o, --output OUT\n"
    "                 write to this file (required for xlsx); - is standard output\n"
    "                 (./- a file named -). A file is replaced whole or not at all\n"
    "                 and keeps its permissions (a new one gets the umask's); a\n"
    "                 symbolic link is followed to its file and stays a link; a pipe\n"
    "                 or a character device (/dev/stdout) is written through. A\n"
    "                 directory, a disk (block device), a socket or a link to\n"
    "                 nothing is refused.\n";

typedef enum { FMT_TEXT, FMT_JSON, FMT_CSV, FMT_ICS, FMT_XLSX, FMT_SVG, FMT_SVG_SUMMARY } fmt;

/* The workbook is written by file name (cli_write_workbook). */
typedef struct plan_book {
    const sv_program *p;
    const sv_plan *pl;
} plan_book;

static sv_code write_book(const char *path, const void *arg, sv_err *e)
{
    const plan_book *b = arg;
    return sv_plan_write_xlsx(path, b->p, b->pl, e);
}

/* The calendar to standard output, or to -o OUT through the one output-file routine
 * (selvedge/out_file.h): a file is written whole or not at all, a pipe or a device is
 * written through, anything else is refused before it is opened. */
static int write_out(cli *c, const char *out_path, fmt f, const sv_program *p, const sv_plan *pl,
                     const sv_refdata *rd)
{
    if (f == FMT_XLSX)
        return cli_write_workbook(c, out_path, write_book, &(plan_book){p, pl});
    sv_err e;
    sv_err_clear(&e);
    sv_outfile *of = NULL;
    FILE *fp = stdout;
    if (out_path) {
        if (sv_outfile_open(out_path, &of, &e) != SV_OK)
            return cli_fail(c, &e);
        if (!(fp = sv_outfile_stream(of, &e))) {
            sv_outfile_discard(of);
            return cli_fail(c, &e);
        }
    }
    sv_code rc = SV_OK;
    switch (f) {
    case FMT_TEXT:
        sv_report_plan(fp, p, pl, rd, out_path ? &(sv_text_opts){.color = false} : &c->text);
        break;
    case FMT_JSON: {
        json_t *j = sv_json_plan(p, pl, rd);
        errno = 0;
        if (!j)
            rc = sv_err_set(&e, SV_ERR_NOMEM, "cannot make the calendar: out of memory");
        else if (sv_json_print(j, fp) != 0)
            /* a write that failed says why, as the other formats do; else jansson ran out of
             * memory */
            rc = ferror(fp) ? sv_err_set(&e, SV_ERR_IO, "cannot write the calendar: %s",
                                         errno ? strerror(errno) : "write error")
                            : sv_err_set(&e, SV_ERR_NOMEM,
                                         "cannot write the calendar: out of "
                                         "memory");
        json_decref(j);
        break;
    }
    case FMT_CSV:
        rc = sv_plan_write_csv(fp, p, pl, &e);
        break;
    case FMT_ICS:
        rc = sv_plan_write_ics(fp, p, pl, &e);
        break;
    case FMT_SVG:
    case FMT_SVG_SUMMARY:
        rc = f == FMT_SVG_SUMMARY ? sv_chart_svg_gantt_summary(fp, p, pl, &e)
                                  : sv_chart_svg_gantt(fp, p, pl, &e);
        sv_chart_release(); /* the one chart of the process: the font caches go with it */
        break;
    case FMT_XLSX: /* written above */
        break;
    }
    if (!of) /* standard output: its write errors are said one way for every command */
        return ferror(stdout) ? cli_stdout_flush(c->prog) : rc ? cli_fail(c, &e) : 0;
    if (rc == SV_OK)
        rc = sv_outfile_commit(of, &e);
    else
        sv_outfile_discard(of);
    if (rc == SV_OK)
        return 0;
    /* the writers say what failed; the file is the one the user named */
    if (!e.file[0])
        snprintf(e.file, sizeof e.file, "%s", out_path);
    return cli_fail(c, &e);
}

typedef struct plan_job {
    sv_plan_options opt;
    fmt f;
    const char *out_path; /* -o, or NULL for standard output */
    bool summary;         /* --summary: the Gantt a row a style (svg) */
} plan_job;

static int run(cli *c, const cli_job *j, const sv_program *p, const sv_refdata *rd)
{
    const plan_job *k = j->arg;
    sv_plan *pl = NULL;
    sv_err e;
    sv_err_clear(&e);
    int rc;
    if (sv_plan_build(p, rd, &k->opt, &pl, &e) != SV_OK) {
        rc = cli_fail(c, &e);
    } else if (p->n_styles == 0) {
        sv_err_at(&e, SV_ERR_SCHEMA, j->file, 0, 0, "program.styles",
                  "the program has no styles: there is nothing to plan");
        rc = cli_fail(c, &e);
    } else {
        rc = write_out(c, k->out_path, k->f, p, pl, rd);
    }
    sv_plan_free(pl);
    return rc;
}

int cmd_plan(cli *c, int argc, char **argv)
{
    const char *file = NULL;
    plan_job k = {.opt = {.today = cli_today(), .mode = SV_MODE_SEA}, .f = FMT_TEXT};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, stdout);
            return 0;
        } else if (strcmp(a, "--json") == 0) {
            k.f = FMT_JSON;
        } else if (strcmp(a, "--summary") == 0) {
            k.summary = true;
        } else if (cli_is(a, "--format")) {
            const char *v = cli_value(c, "plan", argc, argv, &i, "--format");
            if (!v)
                return EXIT_USAGE;
            static const char *const names[] = {"text", "json", "csv", "ics", "xlsx", "svg"};
            int n = 0;
            while (n < 6 && strcmp(names[n], v) != 0)
                n++;
            if (n == 6)
                return cli_usage(c, "plan",
                                 "--format is text, json, csv, ics, xlsx or svg, not '%s'", v);
            k.f = (fmt)n;
        } else if (cli_is(a, "-o") || cli_is(a, "--output")) {
            if (!(k.out_path =
                      cli_value(c, "plan", argc, argv, &i, a[1] == 'o' ? "-o" : "--output")))
                return EXIT_USAGE;
        } else if (cli_is(a, "--today")) {
            if (cli_opt_date(c, "plan", argc, argv, &i, &k.opt.today))
                return EXIT_USAGE;
        } else if (cli_is(a, "--origin")) {
            if (cli_opt_country(c, "plan", argc, argv, &i, k.opt.origin))
                return EXIT_USAGE;
        } else if (cli_is(a, "--mode")) {
            if (cli_opt_mode(c, "plan", argc, argv, &i, &k.opt.mode))
                return EXIT_USAGE;
        } else if (cli_arg_file(c, "plan", a, &file)) {
            return EXIT_USAGE;
        }
    }
    if (cli_need_file(c, "plan", file))
        return EXIT_USAGE;
    if (k.summary && k.f != FMT_SVG)
        return cli_usage(c, "plan", "--summary is a chart's: give it with --format svg");
    if (k.summary)
        k.f = FMT_SVG_SUMMARY;
    /* -o - is standard output, as for most tools (./- names a file called "-"); the text
     * formats print there as without -o, the workbook goes through the output routine */
    if (k.out_path && strcmp(k.out_path, "-") == 0 && k.f != FMT_XLSX)
        k.out_path = NULL;
    if (k.f == FMT_XLSX && !k.out_path)
        return cli_usage(c, "plan", "--format xlsx writes a workbook: give -o FILE.xlsx");
    if (k.f == FMT_XLSX && strcmp(k.out_path, "-") == 0 && isatty(STDOUT_FILENO))
        return cli_usage(c, "plan",
                         "--format xlsx -o - would print a workbook on the "
                         "terminal: redirect standard output, or give -o FILE.xlsx");
    return cli_run(
        c, &(cli_job){.cmd = "plan", .file = file, .origin = k.opt.origin, .run = run, .arg = &k});
}
