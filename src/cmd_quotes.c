/* selvedge quotes compare: the quotes that stand on one RFQ side by side (selvedge/quotes.h,
 * docs/internals/quotes.md), as text, JSON or an XLSX workbook. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "selvedge/factory.h"
#include "selvedge/ledger_jsonl.h"
#include "selvedge/quotes_json.h"
#include "selvedge/ledger_store.h"
#include "selvedge/out_file.h"
#include "selvedge/party_store.h"
#include "selvedge/pool.h"
#include "selvedge/report.h"
#include "selvedge/quotes.h"
#include "selvedge/quotes_xlsx.h"
#include "selvedge/rfq_inputs.h"
#include "selvedge/store.h"

static const char help[] =
    "Usage: selvedge [--db PATH] quotes compare RFQ --brand HANDLE [--json]\n"
    "                [--format text|json|xlsx] [-o FILE] [--today YYYY-MM-DD]\n"
    "                [--program FILE] [--mode sea|air]\n"
    "\n"
    "Every answer to the RFQ: the quotes that stand (a revision replacing its\n"
    "original) side by side per style and for the program, FOB at the quantity the\n"
    "RFQ announced and landed cost at the brand's destination from each factory's\n"
    "country (the cost engine, with the quoted price as the style's own sheet),\n"
    "margins at the brand's prices, the units the minimums force beyond the plan,\n"
    "each style's lead days against the launch, sample fees against the sampling\n"
    "budget, the payment terms (deposit, balance, method) against the brand's;\n"
    "ranked by landed total, with the best fit and why.\n"
    "Declined and unanswered factories are said.\n"
    "\n"
    "  --brand HANDLE   the brand whose RFQ it is\n"
    "  --format FMT     text (default), json, or xlsx (needs -o)\n"
    "  -o FILE          where the workbook goes (- for standard output)\n"
    "  --today DATE     the day lead days count from (default: today)\n"
    "  --program FILE   the program, when the RFQ was imported without the one\n"
    "                   `rfq send` freezes\n"
    "  --mode MODE      sea (default) or air freight\n";

enum { FMT_TEXT, FMT_JSON, FMT_XLSX };

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap + 1);
    while (b) {
        size_t k = fread(b + n, 1, cap - n, f);
        n += k;
        if (n < cap)
            break;
        char *nb = realloc(b, cap * 2 + 1);
        if (!nb) {
            free(b);
            b = NULL;
            break;
        }
        b = nb;
        cap *= 2;
    }
    if (b && ferror(f)) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b)
        b[n] = '\0';
    return b;
}

static char *money(sv_minor v, const sv_currency *c, char *buf, size_t n)
{
    char d[48];
    snprintf(buf, n, "%s", sv_decimal_format(v, c->exponent, true, d, sizeof d));
    return buf;
}

static char *pct(int64_t bp, char *buf, size_t n)
{
    if (bp == SV_UNSET)
        snprintf(buf, n, "-");
    else
        sv_decimal_format(bp, 2, false, buf, n), strncat(buf, "%", n - strlen(buf) - 1);
    return buf;
}

static const char *answer_text(const sv_quote_row *row, char *buf, size_t n)
{
    if (row->answer == SV_QA_DECLINED && row->declined)
        snprintf(buf, n, "declined (%s)%s%s",
                 row->declined->reason != SV_DECLINE_NONE
                     ? sv_decline_reason_name(row->declined->reason)
                     : "no reason given",
                 row->declined->text ? ": " : "",
                 row->declined->text ? cli_term(row->declined->text) : "");
    else
        snprintf(buf, n, "%s", sv_quote_answer_name(row->answer));
    return buf;
}

/* text after a lead, wrapped at words within 78 columns, continued indented by two */
static void wrap(const char *lead, const char *text)
{
    printf("\n%s", lead);
    size_t col = strlen(lead);
    const char *p = text;
    while (*p) {
        size_t w = strcspn(p, " ");
        if (col > 2 && col + w > 78) {
            printf("\n ");
            col = 1;
        }
        printf(" %.*s", (int)w, p);
        col += w + 1;
        p += w;
        while (*p == ' ')
            p++;
    }
    printf("\n");
}

static void print_text(const sv_quotes *q)
{
    const sv_currency *c = q->currency;
    char a[64], b[64], d[64], f[64];
    printf("RFQ %s of %s: %zu factor%s; %s a unit unless said, landed at %s\n",
           cli_term(q->rfq), cli_term(q->brand ? q->brand : "?"), q->n_rows,
           q->n_rows == 1 ? "y" : "ies", c->code, q->destination[0] ? q->destination : "?");
    /* the ranked first, by rank; then the rest in the order the RFQ was sent */
    size_t *order = malloc((q->n_rows ? q->n_rows : 1) * sizeof *order), n = 0;
    if (!order)
        return;
    for (int k = 1; k <= (int)q->n_rows; k++)
        for (size_t r = 0; r < q->n_rows; r++)
            if (q->rows[r].rank == k)
                order[n++] = r;
    for (size_t r = 0; r < q->n_rows; r++)
        if (!q->rows[r].rank)
            order[n++] = r;
    for (size_t o = 0; o < n; o++) {
        const sv_quote_row *row = &q->rows[order[o]];
        char ans[512];
        printf("\n%s%s  %s%s%s\n", row->rank ? "#" : "", row->rank ? (snprintf(a, sizeof a, "%d", row->rank), a) : "-",
               cli_term(row->factory), row->origin[0] ? " " : "", row->origin);
        printf("  answer: %s", answer_text(row, ans, sizeof ans));
        if (row->answer == SV_QA_QUOTED && row->quote)
            printf(" (event %lld%s%.0lld, %s %s)", (long long)row->quote->id,
                   row->quote->supersedes ? ", revising event " : "",
                   (long long)row->quote->supersedes,
                   row->quote->currency[0] ? row->quote->currency : c->code,
                   row->quote->incoterm ? row->quote->incoterm : "FOB");
        printf("\n");
        if (row->quote && row->quote->valid_until != SV_LEDGER_NO_DAY) {
            char day[16];
            sv_date_format(sv_date_from_days(row->quote->valid_until), day, sizeof day);
            printf("  valid until %s%s\n", day, row->lapsed ? ": LAPSED" : "");
        }
        if (row->note[0])
            printf("  note: %s\n", row->note);
        if (row->answer != SV_QA_QUOTED || row->note[0])
            continue;
        printf("  %-8s %6s %7s %9s %9s %9s %7s %7s %6s\n", "style", "qty", "break", "quoted",
               "FOB", "landed", "retail", "whsale", "+units");
        for (size_t i = 0; i < row->n_styles; i++) {
            const sv_quote_style *s = &row->styles[i];
            if (!s->quoted) {
                printf("  %-8s %6lld   not quoted\n", cli_term(s->style), (long long)s->qty);
                continue;
            }
            char pq[48], ex[32];
            const sv_currency *qc =
                row->quote->currency[0] ? sv_currency_find(row->quote->currency) : NULL;
            sv_decimal_format(s->price_quoted, qc ? qc->exponent : c->exponent, true, pq,
                              sizeof pq);
            snprintf(ex, sizeof ex, "%lld", (long long)s->extra_units);
            printf("  %-8s %6lld %6lld%s %9s %9s %9s %7s %7s %6s\n", cli_term(s->style),
                   (long long)s->qty, (long long)s->break_qty, s->below_breaks ? "<" : " ", pq,
                   money(s->fob, c, a, sizeof a), money(s->landed, c, b, sizeof b),
                   pct(s->retail_margin_bp, d, sizeof d),
                   pct(s->wholesale_margin_bp, f, sizeof f), ex);
        }
        printf("  total: FOB %s, landed %s (%d of %zu styles quoted)\n",
               money(row->total_fob, c, a, sizeof a), money(row->total_landed, c, b, sizeof b),
               row->n_quoted, row->n_styles);
        if (row->extra_cost)
            printf("  minimums: buying beyond the plan costs %s landed\n",
                   money(row->extra_cost, c, a, sizeof a));
        if (row->lead_days != SV_LEDGER_UNSET)
            printf("  lead: sampling %s, production %s days\n",
                   row->sampling_days != SV_LEDGER_UNSET
                       ? (snprintf(a, sizeof a, "%lld", (long long)row->sampling_days), a)
                       : "not said",
                   row->production_days != SV_LEDGER_UNSET
                       ? (snprintf(b, sizeof b, "%lld", (long long)row->production_days), b)
                       : "not said");
        if (row->slack_days != SV_LEDGER_UNSET) {
            char day[16];
            sv_date_format(sv_date_from_days(row->ready_day), day, sizeof day);
            printf(row->slack_days >= 0 ? "  launch: in the warehouse %s on the T&A plan, "
                                          "%lld days to spare\n"
                                        : "  launch: in the warehouse %s on the T&A plan, "
                                          "LATE by %lld days\n",
                   day, (long long)(row->slack_days >= 0 ? row->slack_days : -row->slack_days));
            printf("    (each style's own days on its plan: the latest style %s)\n",
                   cli_term(row->late_style));
        }
        printf("  sample fees (a round of each style): %s", money(row->sample_fees, c, a, sizeof a));
        if (row->sample_fees_refunded)
            printf(" paid up front,\n    %s of it refunded on a bulk order: %s kept",
                   money(row->sample_fees_refunded, c, a, sizeof a),
                   money(row->sample_fees_kept, c, b, sizeof b));
        if (q->sampling_budget != SV_UNSET)
            printf(" against a budget of %s%s", money(q->sampling_budget, c, b, sizeof b),
                   row->over_budget ? ": OVER" : "");
        printf("\n");
        printf("  terms: deposit %s, balance %s",
               row->deposit_bp == SV_LEDGER_UNSET ? "not said" : pct(row->deposit_bp, a, sizeof a),
               row->quote && row->quote->balance ? cli_term(row->quote->balance) : "not said");
        if (row->terms[0]) {
            char said[sizeof row->terms + 16];
            snprintf(said, sizeof said, "%s%s", row->terms_harder ? "HARDER: " : "", row->terms);
            printf(":\n");
            sv_report_wrap(stdout, said, 4, 6, 80); /* escapes what a terminal would obey */
        } else {
            if (q->brand_deposit_bp != SV_UNSET)
                printf(", as yours");
            printf("\n");
        }
    }
    free(order);
    if (q->best >= 0)
        wrap("Best fit:", cli_term(q->why));
    else
        printf("\nNo quote could be ranked.\n");
}

static int compare(cli *c, int argc, char **argv)
{
    const char *ref = NULL, *brand = NULL, *out = NULL, *program_file = NULL;
    int fmt = c->json ? FMT_JSON : FMT_TEXT;
    sv_cost_options opt = {.mode = SV_MODE_SEA, .today = cli_today()};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            fmt = FMT_JSON;
        } else if (cli_is(a, "--brand")) {
            if (!(brand = cli_value(c, "quotes compare", argc, argv, &i, "--brand")))
                return EXIT_USAGE;
        } else if (cli_is(a, "--program")) {
            if (!(program_file = cli_value(c, "quotes compare", argc, argv, &i, "--program")))
                return EXIT_USAGE;
        } else if (cli_is(a, "--format")) {
            const char *f = cli_value(c, "quotes compare", argc, argv, &i, "--format");
            if (!f)
                return EXIT_USAGE;
            if (strcmp(f, "text") == 0)
                fmt = FMT_TEXT;
            else if (strcmp(f, "json") == 0)
                fmt = FMT_JSON;
            else if (strcmp(f, "xlsx") == 0)
                fmt = FMT_XLSX;
            else
                return cli_usage(c, "quotes compare", "--format is text, json or xlsx, not '%s'",
                                 cli_term(f));
        } else if (strcmp(a, "-o") == 0 || cli_is(a, "--output")) {
            if (!(out = cli_value(c, "quotes compare", argc, argv, &i, a)))
                return EXIT_USAGE;
        } else if (cli_is(a, "--today")) {
            if (cli_opt_date(c, "quotes compare", argc, argv, &i, &opt.today))
                return EXIT_USAGE;
        } else if (cli_is(a, "--mode")) {
            if (cli_opt_mode(c, "quotes compare", argc, argv, &i, &opt.mode))
                return EXIT_USAGE;
        } else if (a[0] == '-' || ref) {
            return cli_usage(c, "quotes compare", "unexpected argument %s", cli_term(a));
        } else {
            ref = a;
        }
    }
    if (!ref || !brand)
        return cli_usage(c, "quotes compare", "which RFQ? quotes compare R1 --brand B");
    if (fmt == FMT_XLSX && !out)
        return cli_usage(c, "quotes compare", "--format xlsx writes a file: give -o FILE");
    if (fmt != FMT_XLSX && out)
        return cli_usage(c, "quotes compare", "-o is for --format xlsx");

    sv_refdata *rd = NULL;
    int code = cli_load_refdata(c, &rd);
    if (code)
        return code;
    sv_store *s = NULL;
    if ((code = cli_open_store(c, &s))) {
        sv_refdata_free(rd);
        return code;
    }
    sv_err e;
    sv_err_clear(&e);
    sv_rfq_inputs in;
    sv_quotes *q = NULL;
    if (sv_store_rfq_inputs(s, brand, ref, &in, &e) != SV_OK) {
        code = cli_fail(c, &e);
        goto done;
    }
    if (!in.sent) {
        fprintf(stderr, "%s: quotes compare: no RFQ %s of %s in the ledger\n", c->prog,
                cli_term(ref), cli_term(brand));
        code = EXIT_INPUT;
        goto done;
    }
    if (program_file) {
        free(in.program);
        if (!(in.program = read_file(program_file))) {
            fprintf(stderr, "%s: quotes compare: cannot read %s\n", c->prog,
                    cli_term(program_file));
            code = EXIT_INPUT;
            goto done;
        }
    } else if (!in.program) {
        fprintf(stderr,
                "%s: quotes compare: RFQ %s has no program frozen with it (it was not sent "
                "by `rfq send`): give the program with --program FILE\n",
                c->prog, cli_term(ref));
        code = EXIT_INPUT;
        goto done;
    }
    int64_t now = sv_date_to_days(opt.today) * 86400 + 86399;
    if (sv_quotes_compare(in.ev, in.n, ref, in.program, rd, &opt, sv_rfq_inputs_origin, &in, now,
                          &q, &e) != SV_OK) {
        code = cli_fail(c, &e);
        goto done;
    }
    int quoted = 0;
    for (size_t r = 0; r < q->n_rows; r++)
        quoted += q->rows[r].answer == SV_QA_QUOTED;
    if (!quoted) {
        fprintf(stderr, "%s: quotes compare: no quote stands on RFQ %s:", c->prog, cli_term(ref));
        for (size_t r = 0; r < q->n_rows; r++) {
            char ans[512];
            fprintf(stderr, "%s %s %s", r ? ";" : "", cli_term(q->rows[r].factory),
                    answer_text(&q->rows[r], ans, sizeof ans));
        }
        fputc('\n', stderr);
        code = EXIT_INPUT;
        goto done;
    }
    if (fmt == FMT_JSON) {
        code = cli_print_json(c, sv_json_quotes(q));
    } else if (fmt == FMT_TEXT) {
        print_text(q);
    } else {
        sv_outfile *of = NULL;
        const char *path = NULL;
        bool dash = strcmp(out, "-") == 0;
        if ((dash ? sv_outfile_open_stdout(&of, &e) : sv_outfile_open(out, &of, &e)) != SV_OK ||
            !(path = sv_outfile_path(of, &e)) || sv_quotes_write_xlsx(path, q, &e) != SV_OK) {
            sv_outfile_discard(of);
            code = cli_fail(c, &e);
        } else if (sv_outfile_commit(of, &e) != SV_OK) {
            code = cli_fail(c, &e);
        }
    }
done:
    sv_quotes_free(q);
    sv_rfq_inputs_free(&in);
    sv_store_close(s);
    sv_refdata_free(rd);
    return code;
}

int cmd_quotes(cli *c, int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help, stdout);
            return 0;
        }
    if (argc < 2 || strcmp(argv[1], "compare") != 0)
        return cli_usage(c, "quotes", "quotes compare RFQ --brand HANDLE");
    return compare(c, argc - 2, argv + 2);
}
