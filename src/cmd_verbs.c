/* The ledger's verbs: each records one step between a brand and a factory (docs/ledger.md)
 * as `ledger import` would record the same line.
 *
 * A verb turns its options into the event's JSON object and reads it with the file's reader
 * (sv_ledger_event_parse), so a date, an amount or a code is checked exactly as in a file;
 * what the reader or sv_ledger_check refuses is a usage error (exit 2) naming the option.
 * The event is then recorded by sv_ledger_record: admitted against the pair's history in one
 * transaction, and refused with the admission's message (exit 1), nothing written. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli.h"
#include "selvedge/json_out.h"
#include "selvedge/ledger.h"
#include "selvedge/ledger_import.h"
#include "selvedge/ledger_jsonl.h"
#include "selvedge/ledger_lines.h"
#include "selvedge/ledger_quote.h"
#include "selvedge/ledger_state.h"
#include "selvedge/money.h"
#include "selvedge/pool.h"
#include "selvedge/readiness.h"
#include "selvedge/rfq_snapshot.h"
#include "selvedge/store.h"

/* An option that sets a field of the event: --ex-factory sets ex_factory. */
typedef enum { O_STR, O_INT } otype;
typedef struct opt {
    const char *name; /* without the dashes */
    const char *field;
    otype type;
} opt;

static const opt opts[] = {
    {"brand", "brand", O_STR},
    {"factory", "factory", O_STR},
    {"at", "at", O_STR},
    {"by", "by", O_STR},
    {"rfq", "rfq", O_STR},
    {"order", "order", O_STR},
    {"style", "style", O_STR},
    {"stage", "stage", O_STR},
    {"round", "round", O_INT},
    {"change", "change", O_STR},
    {"milestone", "milestone", O_STR},
    {"currency", "currency", O_STR},
    {"amount", "amount", O_STR},
    {"due", "due", O_STR},
    {"ex-factory", "ex_factory", O_STR},
    {"planned", "planned", O_STR},
    {"valid-until", "valid_until", O_STR},
    {"days", "days", O_INT},
    {"deposit", "deposit", O_STR},
    {"balance", "balance", O_STR},
    {"incoterm", "incoterm", O_STR},
    {"reason", "reason", O_STR},
    {"verdict", "verdict", O_STR},
    {"courier", "courier", O_STR},
    {"tracking", "tracking", O_STR},
    {"what", "what", O_STR},
    {"from", "from", O_STR},
    {"to", "to", O_STR},
    {"lot", "lot", O_INT},
    {"level", "level", O_STR},
    {"result", "result", O_STR},
    {"text", "text", O_STR},
    {"supersedes", "supersedes", O_INT},
};

/* A verb: the command's words and the kind it records. */
typedef struct verb {
    const char *family, *name; /* "sample", "ship"; name NULL for a one-word verb */
    sv_ledger_kind kind;
    const char *synopsis;
} verb;

static const verb verbs[] = {
    {"rfq", "ack", SV_EV_RFQ_ACKNOWLEDGED, "--rfq R"},
    {"rfq", "decline", SV_EV_RFQ_DECLINED,
     "--rfq R --reason moq|price|capacity|category|timeline|terms|other [--text T]"},
    {"sample", "request", SV_EV_SAMPLE_REQUESTED,
     "--style S --stage proto|fit|size_set|pp|shipment --round N [--due DATE] [--amount FEE "
     "--currency C] [--rfq R | --order PO]"},
    {"sample", "ship", SV_EV_SAMPLE_SHIPPED,
     "--style S --stage STAGE --round N [--courier C] [--tracking T]"},
    {"sample", "receive", SV_EV_SAMPLE_RECEIVED, "--style S --stage STAGE --round N"},
    {"sample", "review", SV_EV_SAMPLE_REVIEWED,
     "--style S --stage STAGE --round N --verdict approved|approved_with_comments|rejected "
     "[--text COMMENTS]"},
    {"sample", "invoice", SV_EV_SAMPLE_FEE_INVOICED,
     "--style S --stage STAGE --round N --amount A --currency C [--due DATE]"},
    {"sample", "pay", SV_EV_SAMPLE_FEE_PAID,
     "--style S --stage STAGE --round N --amount A --currency C"},
    {"change", "request", SV_EV_CHANGE_REQUESTED,
     "--change CR --style S --what W [--from X] [--to Y] [--order PO]"},
    {"change", "answer", SV_EV_CHANGE_ANSWERED, "--change CR [--amount A --currency C] [--days N]"},
    {"change", "accept", SV_EV_CHANGE_ACCEPTED, "--change CR"},
    {"change", "withdraw", SV_EV_CHANGE_WITHDRAWN, "--change CR"},
    {"order", "issue", SV_EV_ORDER_ISSUED,
     "--order PO --currency C (--line STYLE:COLOR:SIZE:QTY:PRICE... | --lines FILE.csv) "
     "[--rfq R] [--deposit PCT] "
     "[--balance TEXT] [--incoterm FOB] [--ex-factory DATE]"},
    {"order", "confirm", SV_EV_ORDER_CONFIRMED, "--order PO [--ex-factory DATE]"},
    {"order", "counter", SV_EV_ORDER_COUNTERED,
     "--order PO --text T [--line ... --currency C] [--ex-factory DATE] [--deposit PCT] "
     "[--balance TEXT] [--incoterm I]"},
    {"pay", "due", SV_EV_PAYMENT_DUE,
     "--by brand|factory --order PO --milestone M --due DATE --amount A --currency C"},
    {"pay", "paid", SV_EV_PAYMENT_PAID, "--order PO --milestone M --amount A --currency C"},
    {"progress", NULL, SV_EV_MILESTONE_ACTUAL, "--order PO --milestone M [--planned DATE]"},
    {"inspect", NULL, SV_EV_INSPECTION,
     "--by brand|factory --order PO --lot N --critical N --major N --minor N\n"
     "(--level II --aql-critical 0 --aql-major 2.5 --aql-minor 4.0 | --result pass|fail)"},
    {"message", NULL, SV_EV_MESSAGE,
     "--by brand|factory --text T (--rfq R | --order PO | --change CR | --style S --stage "
     "STAGE --round N)"},
};
enum { N_VERBS = sizeof verbs / sizeof verbs[0] };

static const char common_help[] =
    "Every step also takes --brand B --factory F (the factory's handle in the\n"
    "registry), --at YYYY-MM-DDTHH:MM:SSZ (when it happened, UTC; default now; also\n"
    "YYYY-MM-DD, 12:00 UTC that day, or YYYY-MM-DDTHH:MM:SS+HH:MM, a local time and\n"
    "its offset), --supersedes ID (a correction) and --json (the event's line and the\n"
    "thing's new state). A step the history refuses (a quote on a declined RFQ, a\n"
    "review of a sample never received) records nothing and exits 1; a usage error\n"
    "exits 2. The database is --db PATH, else $SELVEDGE_DB, else ./selvedge.db.\n"
    "Fields and values: docs/ledger.md.\n";

/* text after `col` columns already written, wrapped within 80 at spaces, continued lines
 * indented by 6; ends the line. */
static void wrap(FILE *out, const char *text, size_t col)
{
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == '\n')
            p++;
        size_t w = strcspn(p, " \n");
        if (!w)
            break;
        if (col + 1 + w > 80 && col > 6) {
            fputs("\n      ", out);
            col = 6;
        } else {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, w, out);
        col += w;
        p += w;
    }
    fputc('\n', out);
}

static void family_help(const char *family, FILE *out)
{
    fprintf(out, "Usage: selvedge [--db PATH] %s", family);
    bool one = false;
    for (size_t i = 0; i < N_VERBS; i++)
        if (strcmp(verbs[i].family, family) == 0 && !verbs[i].name)
            one = true;
    fputs(one ? " OPTIONS\n\n" : " COMMAND OPTIONS\n\n", out);
    if (strcmp(family, "quote") == 0)
        fputs("  add --rfq R --file QUOTE.yaml|QUOTE.csv [--format yaml|csv]\n"
              "  add --rfq R --style S --price P --qty Q --currency C [--moq-style N]\n"
              "      [--moq-color N] [--sample-fee F] [--sampling-days N]\n"
              "      [--production-days N] [--deposit PCT] [--balance WHEN] [--incoterm I]\n"
              "      [--valid-until DATE]\n"
              "      records a quote (the factory's): the YAML a factory fills in, per style\n"
              "      FOB at quantity breaks, minimums, sample fee, lead days, and the terms\n"
              "      (docs/ledger.md; examples/quotes/northline-r1.yaml), or a spreadsheet\n"
              "      saved as CSV, a row per style and break (.csv, or --format csv;\n"
              "      examples/quotes/northline-r1.csv), or one style typed: its price from\n"
              "      --qty units up; a revised quote supersedes the one that stands\n",
              out);
    if (strcmp(family, "rfq") == 0)
        fputs("  send PROGRAM --brand B --to F1[,F2...] --ref R --reply-by DATE [--text T]\n"
              "      records one rfq.sent per factory, in one transaction: the units of each\n"
              "      style of the program announced, the program's text and its readiness\n"
              "      report (check --json, as of the day sent) frozen with it\n"
              "  show R --brand B [--json]\n"
              "      the RFQ R as it was sent: to whom, the program and its readiness\n",
              out);
    for (size_t i = 0; i < N_VERBS; i++)
        if (strcmp(verbs[i].family, family) == 0) {
            fprintf(out, "%s%s", verbs[i].name ? "  " : " ", verbs[i].name ? verbs[i].name : "");
            wrap(out, verbs[i].synopsis, verbs[i].name ? 2 + strlen(verbs[i].name) : 1);
            fprintf(out, "      records %s\n", sv_ledger_kind_name(verbs[i].kind));
        }
    fputc('\n', out);
    fputs(common_help, out);
}

/* ---- building the event from the command line ---- */

static bool whole(const char *s, long long *out)
{
    if (!*s || (*s != '-' && (*s < '0' || *s > '9')))
        return false;
    errno = 0;
    char *end;
    long long x = strtoll(s, &end, 10);
    if (errno || *end)
        return false;
    *out = x;
    return true;
}

/* STYLE:COLOR:SIZE:QTY:PRICE into {"style", "color", "size", "qty", "price"}. */
static int add_line(cli *c, const char *cmd, json_t *lines, const char *arg)
{
    char buf[1024];
    if (strlen(arg) >= sizeof buf)
        return cli_usage(c, cmd, "--line: too long");
    strcpy(buf, arg);
    char *part[5];
    size_t n = 0;
    char *p = buf;
    for (;;) {
        if (n == 5)
            return cli_usage(c, cmd, "--line %s: STYLE:COLOR:SIZE:QTY:PRICE, five parts", arg);
        part[n++] = p;
        char *colon = strchr(p, ':');
        if (!colon)
            break;
        *colon = 0;
        p = colon + 1;
    }
    long long qty;
    if (n != 5)
        return cli_usage(c, cmd, "--line %s: STYLE:COLOR:SIZE:QTY:PRICE, five parts", arg);
    if (!whole(part[3], &qty))
        return cli_usage(c, cmd, "--line %s: the quantity is not a whole number (%s)", arg,
                         part[3]);
    json_t *o = json_object();
    if (!o || json_object_set_new(o, "style", json_string(part[0])) ||
        json_object_set_new(o, "color", json_string(part[1])) ||
        json_object_set_new(o, "size", json_string(part[2])) ||
        json_object_set_new(o, "qty", json_integer(qty)) ||
        json_object_set_new(o, "price", json_string(part[4])) || json_array_append_new(lines, o)) {
        fprintf(stderr, "%s: out of memory\n", c->prog);
        return EXIT_INPUT;
    }
    return 0;
}

/* The option a field of the reader's message comes from. */
static const char *option_of(const char *field, char *buf, size_t n)
{
    if (strncmp(field, "lines", 5) == 0)
        return "--line";
    if (strncmp(field, "defects", 7) == 0)
        return "--critical/--major/--minor";
    if (strncmp(field, "aql", 3) == 0)
        return "--aql-critical/--aql-major/--aql-minor";
    if (strncmp(field, "quote[0].", 9) == 0) {
        /* quote add's one style typed: quote[0].breaks[0].price is --price */
        const char *last = strrchr(field, '.') + 1;
        snprintf(buf, n, "--%s", last);
        for (char *q = buf; *q; q++)
            if (*q == '_')
                *q = '-';
        return buf;
    }
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        if (strcmp(opts[i].field, field) == 0) {
            snprintf(buf, n, "--%s", opts[i].name);
            return buf;
        }
    snprintf(buf, n, "%s", field);
    return buf;
}

/* The option of a verb recording kind k that a field of the event comes from: rfq send's
 * --ref, --reply-by and --to for rfq, due and factory; else as option_of. */
static const char *verb_option(sv_ledger_kind k, const char *field, char *buf, size_t n)
{
    if (k == SV_EV_RFQ_SENT && strcmp(field, "due") == 0)
        return "--reply-by";
    if (k == SV_EV_RFQ_SENT && strcmp(field, "rfq") == 0)
        return "--ref";
    if (k == SV_EV_RFQ_SENT && strcmp(field, "factory") == 0)
        return "--to";
    return option_of(field, buf, n);
}

/* --at as the ledger's time, YYYY-MM-DDTHH:MM:SSZ, into out: that, a date alone (12:00 UTC
 * that day, so that its UTC day is the date's), or a local time with its offset from UTC,
 * YYYY-MM-DDTHH:MM:SS+HH:MM or -HH:MM (at most 14 hours), turned to UTC. false for any other
 * text, or a time outside 2001 to 2099 in UTC. */
static bool at_value(const char *v, char *out, size_t n)
{
    int64_t t;
    size_t len = strlen(v);
    char b[32];
    if (len == 10) { /* a date alone */
        snprintf(b, sizeof b, "%.10sT12:00:00Z", v);
        if (!sv_ledger_time_parse(b, &t))
            return false;
    } else if (len == 25 && (v[19] == '+' || v[19] == '-')) {
        /* dd:dd after the sign */
        const char *o = v + 20;
        for (int i = 0; i < 5; i++)
            if (i == 2 ? o[i] != ':' : (o[i] < '0' || o[i] > '9'))
                return false;
        int oh = (o[0] - '0') * 10 + (o[1] - '0'), om = (o[3] - '0') * 10 + (o[4] - '0');
        if (oh > 14 || om > 59 || (oh == 14 && om > 0))
            return false;
        snprintf(b, sizeof b, "%.19sZ", v);
        int64_t local;
        if (!sv_ledger_time_parse(b, &local))
            return false;
        int64_t off = (int64_t)oh * 3600 + (int64_t)om * 60;
        t = v[19] == '+' ? local - off : local + off;
        sv_ledger_time_format(t, b, sizeof b);
        if (!sv_ledger_time_parse(b, &t)) /* out of the years the ledger holds */
            return false;
    } else if (!sv_ledger_time_parse(v, &t)) {
        return false;
    }
    sv_ledger_time_format(t, out, n);
    return true;
}

#define AT_FORMS                                                                                   \
    "YYYY-MM-DD (12:00 UTC that day), YYYY-MM-DDTHH:MM:SSZ (UTC) or YYYY-MM-DDTHH:MM:SS+HH:MM "    \
    "(a local time and its offset), 2001-01-01 to 2099-12-31"

static const char *now_text(char *buf, size_t n)
{
    return sv_ledger_time_format((int64_t)time(NULL), buf, n);
}

/* What a verb was given. */
typedef struct given {
    json_t *o;              /* the event's fields so far */
    json_t *lines;          /* --line */
    json_t *defects;        /* --critical/--major/--minor */
    json_t *aql;            /* --aql-* */
    const char *lines_file; /* --lines */
    bool json;
} given;

static void given_free(given *g)
{
    json_decref(g->o);
    json_decref(g->lines);
    json_decref(g->defects);
    json_decref(g->aql);
}

/* Reads the options of cmd into g: the fields (opts[]), --line, --lines, the defects and AQLs
 * per class, --json. A verb's own options (rfq send's --to, quote add's --file) are taken
 * out before. 0, or an exit code after a message. */
static int read_opts(cli *c, const char *cmd, int argc, char **argv, given *g)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            g->json = true;
            continue;
        }
        if (a[0] != '-' || a[1] != '-')
            return cli_usage(c, cmd, "unexpected argument %s", a);
        const char *name = a + 2;
        size_t len = strcspn(name, "=");
        const char *v = NULL;
        const opt *o = NULL;
        for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++)
            if (strlen(opts[k].name) == len && strncmp(opts[k].name, name, len) == 0)
                o = &opts[k];
        json_t **into = NULL;
        const char *key = NULL;
        bool is_int = o && o->type == O_INT;
        if (len == 5 && strncmp(name, "lines", 5) == 0) {
            if (!(v = cli_value(c, cmd, argc, argv, &i, "--lines")))
                return EXIT_USAGE;
            if (g->lines_file)
                return cli_usage(c, cmd, "--lines given twice");
            g->lines_file = v;
            continue;
        }
        if (len == 4 && strncmp(name, "line", 4) == 0) {
            if (!(v = cli_value(c, cmd, argc, argv, &i, "--line")))
                return EXIT_USAGE;
            if (!g->lines && !(g->lines = json_array()))
                return EXIT_INPUT;
            int rc = add_line(c, cmd, g->lines, v);
            if (rc)
                return rc;
            continue;
        }
        static const char *const classes[] = {"critical", "major", "minor"};
        for (int k = 0; k < 3; k++) {
            char nm[32];
            snprintf(nm, sizeof nm, "%s", classes[k]);
            if (strlen(nm) == len && strncmp(name, nm, len) == 0) {
                into = &g->defects;
                key = classes[k];
                is_int = true;
            }
            snprintf(nm, sizeof nm, "aql-%s", classes[k]);
            if (strlen(nm) == len && strncmp(name, nm, len) == 0) {
                into = &g->aql;
                key = classes[k];
            }
        }
        if (!o && !into)
            return cli_usage(c, cmd, "unknown option %s", a);
        char optname[48];
        snprintf(optname, sizeof optname, "--%.*s", (int)len, name);
        if (!(v = cli_value(c, cmd, argc, argv, &i, optname)))
            return EXIT_USAGE;
        if (!into) {
            into = &g->o;
            key = o->field;
        }
        if (!*into && !(*into = json_object()))
            return EXIT_INPUT;
        if (json_object_get(*into, key))
            return cli_usage(c, cmd, "%s given twice", optname);
        json_t *val;
        long long x;
        char atb[32];
        if (is_int) {
            if (!whole(v, &x))
                return cli_usage(c, cmd, "%s: not a whole number (%s)", optname, v);
            val = json_integer(x);
        } else if (into == &g->o && strcmp(key, "at") == 0) {
            if (!at_value(v, atb, sizeof atb))
                return cli_usage(c, cmd, "--at: not a time (%s): " AT_FORMS, v);
            val = json_string(atb);
        } else {
            val = json_string(v);
        }
        if (!val) /* not UTF-8 */
            return cli_usage(c, cmd, "%s: not UTF-8 text", optname);
        if (json_object_set_new(*into, key, val))
            return EXIT_INPUT;
    }
    return 0;
}

/* The event g describes, of kind k, read as the file's reader reads a line, into ev (its
 * strings in pool). 0, or EXIT_USAGE after a message naming the option. */
static int build_event(cli *c, const char *cmd, given *g, sv_ledger_kind k, sv_pool *pool,
                       sv_ledger_event *ev)
{
    if (!g->o && !(g->o = json_object()))
        return EXIT_INPUT;
    json_t *o = g->o;
    char tb[32];
    const char *fixed =
        sv_ledger_kind_by(k) == SV_BY__COUNT ? NULL : sv_ledger_by_name(sv_ledger_kind_by(k));
    if (fixed && json_object_get(o, "by") &&
        strcmp(json_string_value(json_object_get(o, "by")), fixed) != 0)
        return cli_usage(c, cmd, "--by: %s is recorded by the %s", sv_ledger_kind_name(k), fixed);
    if (!fixed && !json_object_get(o, "by"))
        return cli_usage(c, cmd, "--by brand or --by factory: either side records a %s",
                         sv_ledger_kind_name(k));
    if (!json_object_get(o, "brand"))
        return cli_usage(c, cmd, "--brand: which brand?");
    if (!json_object_get(o, "factory"))
        return cli_usage(c, cmd, "--factory: which factory (its handle in the registry)?");
    if ((fixed && json_object_set_new(o, "by", json_string(fixed))) ||
        json_object_set_new(o, "kind", json_string(sv_ledger_kind_name(k))) ||
        (!json_object_get(o, "at") &&
         json_object_set_new(o, "at", json_string(now_text(tb, sizeof tb)))) ||
        (g->lines && json_object_set(o, "lines", g->lines)) ||
        (g->defects && json_object_set(o, "defects", g->defects)) ||
        (g->aql && json_object_set(o, "aql", g->aql)))
        return EXIT_INPUT;
    /* --lines FILE: the lines of a CSV file, each error at its line */
    int *lines_at = NULL;
    if (g->lines_file) {
        if (g->lines)
            return cli_usage(c, cmd, "--line or --lines FILE, not both");
        json_t *cj = json_object_get(o, "currency");
        sv_ledger_line *ls;
        size_t nl;
        sv_err le;
        sv_err_clear(&le);
        sv_code lrc = sv_ledger_lines_load(g->lines_file, cj ? json_string_value(cj) : NULL, pool,
                                           &ls, &lines_at, &nl, &le);
        if (lrc == SV_ERR_USAGE)
            return cli_usage(c, cmd, "--%s: %s", le.field, le.msg);
        if (lrc)
            return cli_fail(c, &le);
        if (!(g->lines = json_array()))
            return EXIT_INPUT;
        const sv_currency *cur = sv_currency_find(json_string_value(cj));
        for (size_t i = 0; i < nl; i++) {
            char pb[40];
            json_t *lo =
                json_pack("{s:s, s:s, s:s, s:I, s:s}", "style", ls[i].style, "color", ls[i].color,
                          "size", ls[i].size, "qty", (json_int_t)ls[i].qty, "price",
                          sv_decimal_format(ls[i].price, cur->exponent, false, pb, sizeof pb));
            if (!lo || json_array_append_new(g->lines, lo))
                return EXIT_INPUT;
        }
        if (json_object_set(o, "lines", g->lines))
            return EXIT_INPUT;
    }
    /* an inspection judged at AQLs takes the result its plans give */
    bool judge = k == SV_EV_INSPECTION && g->aql && !json_object_get(o, "result");
    if (judge && json_object_set_new(o, "result", json_string("pass")))
        return EXIT_INPUT;
    char *text = json_dumps(o, JSON_COMPACT);
    if (!text)
        return EXIT_INPUT;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_ledger_event_parse(text, strlen(text), pool, ev, &e);
    free(text);
    if (rc == SV_OK && judge) {
        sv_inspection_verdict iv;
        rc = sv_ledger_inspection(ev, &iv, &e);
        if (rc == SV_OK && iv.lot_pass != SV_LEDGER_UNSET)
            ev->passed = iv.lot_pass;
    }
    if (rc == SV_ERR_NOMEM) {
        fprintf(stderr, "%s: out of memory\n", c->prog);
        return EXIT_INPUT;
    }
    if (rc && lines_at && strncmp(e.field, "lines[", 6) == 0) {
        /* a line of the file: its line and column name */
        size_t i = strtoul(e.field + 6, NULL, 10);
        const char *dot = strchr(e.field, '.');
        sv_err fe;
        sv_err_clear(&fe);
        sv_err_at(&fe, SV_ERR_SCHEMA, g->lines_file, lines_at[i], 0, dot ? dot + 1 : "", "%s",
                  e.msg);
        return cli_fail(c, &fe);
    }
    if (rc) {
        char ob[64];
        return cli_usage(c, cmd, "%s: %s", verb_option(k, e.field, ob, sizeof ob), e.msg);
    }
    return 0;
}

static const char *money_text(sv_minor v, const char *currency, char *buf, size_t n)
{
    const sv_currency *cur = sv_currency_find(currency);
    return sv_decimal_format(v, cur ? cur->exponent : 2, false, buf, n);
}

/* An order's lines against the quote that stands for each style: the comparison of each line
 * into st's "prices" (json: sv_ledger_state_prices, as the server answers), else FLAGGED on
 * stdout where the price differs. false when out of memory. */
static bool order_prices(const sv_ledger_event *const *hist, size_t nh, const sv_ledger_event *ev,
                         json_t *st, bool json)
{
    if (json)
        return sv_ledger_state_prices(hist, nh, ev, st);
    if ((ev->kind != SV_EV_ORDER_ISSUED && ev->kind != SV_EV_ORDER_COUNTERED) || !ev->n_lines)
        return true;
    sv_price_check *pc = calloc(ev->n_lines, sizeof *pc);
    if (!pc || sv_ledger_order_prices(hist, nh, ev, pc) != SV_OK) {
        free(pc);
        return false;
    }
    for (size_t i = 0; i < ev->n_lines; i++) {
        const sv_ledger_line *l = &ev->lines[i];
        if (!pc[i].quote || !pc[i].differs)
            continue;
        char a[40], b[40];
        money_text(l->price, ev->currency, a, sizeof a);
        money_text(pc[i].quoted, pc[i].quote->currency, b, sizeof b);
        printf("FLAGGED: %s %s %s at %s %s, the quote says %s %s from %lld units (event %lld, "
               "RFQ %s)\n",
               cli_term(l->style), cli_term(l->color), cli_term(l->size), a, ev->currency, b,
               pc[i].quote->currency, (long long)pc[i].break_qty, (long long)pc[i].quote->id,
               cli_term(pc[i].quote->rfq));
    }
    free(pc);
    return true;
}

/* Prints what was recorded: the events' lines and the state of the first one's thing
 * (`--json`: {"events": [...], "state": {...}}), read back from the store. */
static int report(cli *c, sv_store *s, const sv_ledger_event *evs, size_t n, bool json)
{
    sv_pool *pool = sv_pool_create();
    if (!pool) {
        fprintf(stderr, "%s: out of memory\n", c->prog);
        return EXIT_INPUT;
    }
    json_t *out = json ? json_object() : NULL;
    json_t *events = json ? json_array() : NULL;
    json_t *states = json ? json_array() : NULL;
    int code = 0;
    if (json && (!out || !events || !states || json_object_set(out, "events", events) ||
                 json_object_set(out, "states", states)))
        code = EXIT_INPUT;
    for (size_t i = 0; code == 0 && i < n; i++) {
        const sv_ledger_event *ev = &evs[i];
        const sv_ledger_event **hist = NULL;
        size_t nh = 0;
        sv_err e;
        sv_err_clear(&e);
        if (sv_ledger_pair_load(s, ev->brand, ev->factory, pool, &hist, &nh, &e) != SV_OK) {
            code = cli_fail(c, &e);
            break;
        }
        char words[400];
        json_t *st = sv_ledger_state_json(hist, nh, ev, (int64_t)time(NULL), words, sizeof words);
        if (!json && st)
            printf("%s: event %lld recorded (%s, %s): %s\n", sv_ledger_kind_name(ev->kind),
                   (long long)ev->id, cli_term(ev->brand), cli_term(ev->factory), cli_term(words));
        if (st && !order_prices(hist, nh, ev, st, json)) {
            json_decref(st);
            st = NULL;
        }
        free(hist);
        char *line = sv_ledger_event_json(ev);
        if (!st || !line) {
            json_decref(st);
            free(line);
            code = EXIT_INPUT;
            break;
        }
        if (json) {
            json_error_t je;
            json_t *lj = json_loads(line, 0, &je);
            if (!lj || json_array_append_new(events, lj) || json_array_append(states, st))
                code = EXIT_INPUT;
        }
        json_decref(st);
        free(line);
    }
    json_decref(events);
    json_decref(states);
    sv_pool_free(pool);
    if (code) {
        json_decref(out);
        if (code == EXIT_INPUT)
            fprintf(stderr, "%s: out of memory: recorded, but the report could not be made\n",
                    c->prog);
        return code;
    }
    return json ? cli_print_json(c, out) : 0;
}

/* Records evs and reports them. */
static int record_from(cli *c, sv_ledger_event *evs, size_t n, sv_ledger_recorded_fn after,
                       void *ud, sv_store **slot, bool json, const char *quote_file);

static int record(cli *c, sv_ledger_event *evs, size_t n, sv_ledger_recorded_fn after, void *ud,
                  sv_store **slot, bool json)
{
    return record_from(c, evs, n, after, ud, slot, json, NULL);
}

/* record, for a quote read from quote_file (not NULL; "" typed on the command line): a
 * refusal of one of its styles ("quote[1].style") names the file and the file's key
 * (styles[1].style), or the option. */
static int record_from(cli *c, sv_ledger_event *evs, size_t n, sv_ledger_recorded_fn after,
                       void *ud, sv_store **slot, bool json, const char *quote_file)
{
    sv_store *s = NULL;
    int code = cli_open_store_write(c, &s);
    if (code)
        return code;
    if (slot)
        *slot = s;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = SV_OK;
    /* a factory the registry lacks is said as such, before its history (none) refuses the
     * step for something else */
    for (size_t i = 0; rc == SV_OK && i < n; i++) {
        int64_t id = 0;
        if ((rc = sv_store_find_handle(s, evs[i].factory, &id, &e)) == SV_OK && id == 0)
            rc = sv_err_at(&e, SV_ERR_NOTFOUND, NULL, 0, 0, "factory",
                           "no factory with the handle %s in the registry", evs[i].factory);
    }
    if (rc == SV_OK)
        rc = sv_ledger_record(s, evs, n, after, ud, &e);
    bool no_factory = rc == SV_ERR_NOTFOUND && strcmp(e.field, "factory") == 0;
    if (rc && quote_file && !*quote_file && strncmp(e.field, "quote[0].", 9) == 0) {
        /* a quote typed ("" for its file): the option */
        char ob[64];
        snprintf(e.field, sizeof e.field, "%s", option_of(e.field, ob, sizeof ob));
    } else if (rc && quote_file && strncmp(e.field, "quote[", 6) == 0) {
        char field[sizeof e.field];
        snprintf(field, sizeof field, "styles%s", e.field + 5);
        snprintf(e.field, sizeof e.field, "%s", field);
        snprintf(e.file, sizeof e.file, "%s", quote_file);
    } else if (rc && e.field[0] && !e.file[0]) {
        /* a field of the event refused by the history: the option it was given by */
        char ob[64], on[sizeof e.field];
        snprintf(on, sizeof on, "%s", verb_option(evs[0].kind, e.field, ob, sizeof ob));
        snprintf(e.field, sizeof e.field, "%s", on);
    }
    if (rc) {
        sv_store_close(s);
        code = cli_fail(c, &e);
        if (no_factory)
            fprintf(stderr,
                    "Nothing was recorded. A factory is named by its handle in the "
                    "registry: `%s factories import FILE` adds it.\n",
                    c->prog);
        return code;
    }
    code = report(c, s, evs, n, json);
    sv_store_close(s);
    return code;
}

/* One verb of the table: options to event to store. */
static int run_verb(cli *c, const verb *v, int argc, char **argv)
{
    char cmd[64];
    snprintf(cmd, sizeof cmd, "%s%s%s", v->family, v->name ? " " : "", v->name ? v->name : "");
    given g = {0};
    g.json = c->json;
    int code = read_opts(c, cmd, argc, argv, &g);
    sv_pool *pool = NULL;
    sv_ledger_event ev;
    if (code == 0 && !(pool = sv_pool_create()))
        code = EXIT_INPUT;
    if (code == 0)
        code = build_event(c, cmd, &g, v->kind, pool, &ev);
    if (code == 0)
        code = record(c, &ev, 1, NULL, NULL, NULL, g.json);
    given_free(&g);
    sv_pool_free(pool);
    return code;
}

/* ---- quote add ---- */

/* quote add's options for one style typed on the command line. */
static bool typed_opt(const char *a)
{
    static const char *const names[] = {"--style",         "--price",           "--qty",
                                        "--moq-style",     "--moq-color",       "--sample-fee",
                                        "--sampling-days", "--production-days", NULL};
    for (size_t i = 0; names[i]; i++)
        if (cli_is(a, names[i]))
            return true;
    return false;
}

static int quote_add(cli *c, int argc, char **argv)
{
    const char *cmd = "quote add", *file = NULL, *format = NULL;
    json_t *ql = NULL; /* one style typed: its fields */
    given g = {0};
    g.json = c->json;
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0, code = rest ? 0 : EXIT_INPUT;
    for (int i = 0; code == 0 && i < argc; i++) {
        if (cli_is(argv[i], "--file")) {
            if (!(file = cli_value(c, cmd, argc, argv, &i, "--file")))
                code = EXIT_USAGE;
        } else if (typed_opt(argv[i])) {
            /* one style's quote typed: --style --price --qty and its figures */
            char on[40];
            snprintf(on, sizeof on, "%.*s", (int)strcspn(argv[i], "="), argv[i]);
            const char *v = cli_value(c, cmd, argc, argv, &i, on);
            const char *key = on + 2;
            char k[32];
            snprintf(k, sizeof k, "%s", key);
            for (char *q = k; *q; q++)
                if (*q == '-')
                    *q = '_';
            long long x;
            json_t *val = NULL;
            if (!v)
                code = EXIT_USAGE;
            else if (!ql && !(ql = json_object()))
                code = EXIT_INPUT;
            else if (json_object_get(ql, k))
                code = cli_usage(c, cmd, "%s given twice", on);
            else if (strcmp(k, "style") == 0 || strcmp(k, "price") == 0 ||
                     strcmp(k, "sample_fee") == 0)
                val = json_string(v);
            else if (!whole(v, &x))
                code = cli_usage(c, cmd, "%s: not a whole number (%s)", on, v);
            else
                val = json_integer(x);
            if (code == 0 && (!val || json_object_set_new(ql, k, val)))
                code = val ? EXIT_INPUT : cli_usage(c, cmd, "%s: not UTF-8 text", on);
        } else if (cli_is(argv[i], "--format")) {
            if (!(format = cli_value(c, cmd, argc, argv, &i, "--format")))
                code = EXIT_USAGE;
            else if (strcmp(format, "yaml") != 0 && strcmp(format, "csv") != 0)
                code = cli_usage(c, cmd, "--format: yaml or csv, not %s", format);
        } else {
            rest[nrest++] = argv[i];
        }
    }
    if (code == 0)
        code = read_opts(c, cmd, nrest, rest, &g);
    free(rest);
    if (code == 0 && file && ql)
        code =
            cli_usage(c, cmd, "--file or one style typed (--style, --price, --qty...), not both");
    if (code == 0 && !file && !ql)
        code = cli_usage(c, cmd,
                         "--file: the quote the factory filled in (YAML or CSV: docs/ledger.md), "
                         "or one style typed: --style S --price P --qty Q --currency C");
    for (size_t k = 0; code == 0 && ql && k < 3; k++) {
        static const char *const need[] = {"style", "price", "qty"};
        if (!json_object_get(ql, need[k]))
            code =
                cli_usage(c, cmd, "--%s: a typed quote needs --style, --price and --qty", need[k]);
    }
    if (code == 0 && ql && !(g.o && json_object_get(g.o, "currency")))
        code = cli_usage(c, cmd, "--currency: the currency of the price (EUR, USD...)");
    if (code == 0 && g.o && !json_object_get(g.o, "rfq"))
        code = cli_usage(c, cmd, "--rfq: which RFQ does it quote?");
    /* the event without its figures, read as a line is; then the figures from the file */
    json_t *stub = NULL;
    if (code == 0 && ql) {
        /* the style typed: its one break, then its figures, as a line holds them */
        json_t *br = json_pack("[{s:O, s:O}]", "qty", json_object_get(ql, "qty"), "price",
                               json_object_get(ql, "price"));
        json_object_del(ql, "qty");
        json_object_del(ql, "price");
        json_t *q = json_pack("{s:O, s:o}", "style", json_object_get(ql, "style"), "breaks", br);
        json_object_del(ql, "style");
        if (q && json_object_update(q, ql) == 0)
            stub = json_pack("[o]", q);
        if (!stub || json_object_set(g.o, "quote", stub))
            code = EXIT_INPUT;
    } else if (code == 0) {
        stub = json_pack("[{s:s, s:[{s:i, s:s}]}]", "style", "-", "breaks", "qty", 1, "price", "1");
        if (!stub || (!g.o && !(g.o = json_object())) ||
            json_object_set_new(g.o, "currency", json_string("USD")) ||
            json_object_set(g.o, "quote", stub))
            code = EXIT_INPUT;
    }
    json_decref(stub);
    json_decref(ql);
    sv_pool *pool = code == 0 ? sv_pool_create() : NULL;
    if (code == 0 && !pool)
        code = EXIT_INPUT;
    sv_ledger_event ev, fig;
    if (code == 0)
        code = build_event(c, cmd, &g, SV_EV_QUOTE, pool, &ev);
    sv_err e;
    sv_err_clear(&e);
    if (code == 0 && !file) {
        /* typed: the event is whole already */
    } else if (code == 0) {
        sv_ledger_event_init(&fig);
        /* the reader by --format, else by the file's extension: .csv is a spreadsheet's */
        size_t fl = strlen(file);
        bool csv =
            format ? strcmp(format, "csv") == 0 : fl > 4 && strcasecmp(file + fl - 4, ".csv") == 0;
        if ((csv ? sv_ledger_quote_csv_load : sv_ledger_quote_load)(file, pool, &fig, &e) != SV_OK)
            code = cli_fail(c, &e);
    }
    if (code == 0 && file) {
        memcpy(ev.currency, fig.currency, sizeof ev.currency);
        ev.quote = fig.quote;
        ev.n_quote = fig.n_quote;
        ev.deposit_bp = fig.deposit_bp;
        ev.balance = fig.balance;
        ev.incoterm = fig.incoterm;
        ev.valid_until = fig.valid_until;
        if (fig.text && ev.text)
            code = cli_usage(c, cmd, "--text: the file has its own text:");
        else if (fig.text)
            ev.text = fig.text;
    }
    if (code == 0 && sv_ledger_check(&ev, &e) != SV_OK) {
        /* the file's figures, as a line holds them: quote[i] is the file's styles[i] */
        char field[160];
        if (strncmp(e.field, "quote", 5) == 0)
            snprintf(field, sizeof field, "styles%s", e.field + 5);
        else
            snprintf(field, sizeof field, "%s", e.field);
        sv_err fe;
        sv_err_clear(&fe);
        sv_err_at(&fe, SV_ERR_SCHEMA, file, 0, 0, field, "%s", e.msg);
        code = cli_fail(c, &fe);
    }
    /* a revised quote supersedes the one that stands */
    if (code == 0 && !ev.supersedes) {
        sv_store *s = NULL;
        const sv_ledger_event **hist = NULL;
        size_t nh = 0;
        sv_rfq_state st;
        code = cli_open_store_write(c, &s);
        if (code == 0 && sv_ledger_pair_load(s, ev.brand, ev.factory, pool, &hist, &nh, &e))
            code = cli_fail(c, &e);
        if (code == 0 && sv_ledger_rfq(hist, nh, ev.rfq, ev.at, &st) != SV_OK)
            code = EXIT_INPUT;
        if (code == 0 && st.quote)
            ev.supersedes = st.quote->id;
        free(hist);
        sv_store_close(s);
    }
    if (code == 0)
        code = record_from(c, &ev, 1, NULL, NULL, NULL, g.json, file ? file : "");
    given_free(&g);
    sv_pool_free(pool);
    return code;
}

/* ---- rfq send, rfq show ---- */

enum { PROGRAM_TEXT_MAX = 16 << 20 };

typedef struct send_job {
    given g;
    char *to; /* --to, split at commas */
    const char *ref, *reply_by;
    char *program_text;
    char *readiness;
    sv_store *s;
} send_job;

static sv_code freeze(void *ud, const sv_ledger_event *ev, sv_err *e)
{
    send_job *k = ud;
    return sv_store_rfq_snapshot_add(k->s, ev->id, k->program_text, k->readiness, e);
}

static int read_text(cli *c, const char *path, char **out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        sv_err e;
        sv_err_clear(&e);
        sv_err_at(&e, SV_ERR_IO, path, 0, 0, "", "cannot read: %s", strerror(errno));
        return cli_fail(c, &e);
    }
    char *buf = malloc(PROGRAM_TEXT_MAX + 1);
    size_t n = buf ? fread(buf, 1, PROGRAM_TEXT_MAX + 1, f) : 0;
    bool bad = !buf || ferror(f) || n > PROGRAM_TEXT_MAX;
    fclose(f);
    if (bad) {
        free(buf);
        fprintf(stderr, "%s: %s: cannot read it whole (at most 16 MiB)\n", c->prog, cli_term(path));
        return EXIT_INPUT;
    }
    buf[n] = 0;
    *out = buf;
    return 0;
}

static int send_run(cli *c, const cli_job *j, const sv_program *p, const sv_refdata *rd)
{
    send_job *k = j->arg;
    json_t *o = k->g.o;
    char tb[32];
    if (!json_object_get(o, "at") &&
        json_object_set_new(o, "at", json_string(now_text(tb, sizeof tb))))
        return EXIT_INPUT;
    int64_t at;
    if (!sv_ledger_time_parse(json_string_value(json_object_get(o, "at")), &at))
        return cli_usage(c, "rfq send", "--at: not a time (%s): " AT_FORMS,
                         json_string_value(json_object_get(o, "at")));
    /* the readiness report as check --json gives it on the day sent */
    sv_check_options copt = {.today = sv_date_from_days(sv_ledger_day(at))};
    sv_readiness *r = NULL;
    sv_err e;
    sv_err_clear(&e);
    if (sv_readiness_check(p, rd, &copt, &r, &e) != SV_OK)
        return cli_fail(c, &e);
    json_t *rj = sv_json_readiness(p, r);
    sv_readiness_free(r);
    k->readiness =
        rj ? json_dumps(rj, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(rj);
    json_t *lines = json_array();
    if (!k->readiness || !lines)
        return json_decref(lines), EXIT_INPUT;
    for (size_t i = 0; i < p->n_styles; i++) {
        int64_t u = sv_style_units(&p->styles[i]);
        if (u < 1)
            continue;
        json_t *l = json_object();
        if (!l || json_object_set_new(l, "style", json_string(p->styles[i].code)) ||
            json_object_set_new(l, "qty", json_integer(u)) || json_array_append_new(lines, l)) {
            json_decref(lines);
            return EXIT_INPUT;
        }
    }
    if (json_array_size(lines) && json_object_set(o, "lines", lines)) {
        json_decref(lines);
        return EXIT_INPUT;
    }
    json_decref(lines);
    if (json_object_set_new(o, "rfq", json_string(k->ref)) ||
        (k->reply_by && json_object_set_new(o, "due", json_string(k->reply_by))))
        return EXIT_INPUT;
    size_t n = 1;
    for (const char *t = k->to; *t; t++)
        n += *t == ',';
    sv_pool *pool = sv_pool_create();
    sv_ledger_event *evs = calloc(n, sizeof *evs);
    int code = pool && evs ? 0 : EXIT_INPUT;
    char *save = NULL;
    size_t m = 0;
    for (char *f = strtok_r(k->to, ",", &save); code == 0 && f; f = strtok_r(NULL, ",", &save)) {
        for (size_t q = 0; q < m; q++)
            if (strcmp(evs[q].factory, f) == 0)
                code = cli_usage(c, "rfq send", "--to: %s named twice", f);
        if (code == 0 && json_object_set_new(o, "factory", json_string(f)))
            code = EXIT_INPUT;
        if (code == 0)
            code = build_event(c, "rfq send", &k->g, SV_EV_RFQ_SENT, pool, &evs[m++]);
    }
    if (code == 0 && m == 0)
        code = cli_usage(c, "rfq send", "--to: which factories?");
    if (code == 0)
        code = record(c, evs, m, freeze, k, &k->s, k->g.json);
    free(evs);
    sv_pool_free(pool);
    return code;
}

static int rfq_send(cli *c, int argc, char **argv)
{
    send_job k = {0};
    k.g.json = c->json;
    const char *file = NULL, *to = NULL;
    /* send's own options first; the rest are the verbs' */
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0, code = rest ? 0 : EXIT_INPUT;
    for (int i = 0; code == 0 && i < argc; i++) {
        const char *a = argv[i];
        if (cli_is(a, "--to")) {
            if (!(to = cli_value(c, "rfq send", argc, argv, &i, "--to")))
                code = EXIT_USAGE;
        } else if (cli_is(a, "--ref")) {
            if (!(k.ref = cli_value(c, "rfq send", argc, argv, &i, "--ref")))
                code = EXIT_USAGE;
        } else if (cli_is(a, "--reply-by")) {
            if (!(k.reply_by = cli_value(c, "rfq send", argc, argv, &i, "--reply-by")))
                code = EXIT_USAGE;
        } else if (cli_is(a, "--factory") || cli_is(a, "--rfq") || cli_is(a, "--due") ||
                   cli_is(a, "--line")) {
            code = cli_usage(c, "rfq send",
                             "%s: the RFQ is given by --to, --ref, --reply-by "
                             "and the program's styles",
                             a);
        } else if (a[0] != '-') {
            if (file)
                code = cli_usage(c, "rfq send", "one program file at a time");
            file = a;
        } else {
            rest[nrest++] = argv[i];
            if (strcmp(a, "--json") != 0 && !strchr(a, '=') && i + 1 < argc)
                rest[nrest++] = argv[++i];
        }
    }
    if (code == 0)
        code = read_opts(c, "rfq send", nrest, rest, &k.g);
    free(rest);
    if (code == 0 && !file)
        code = cli_usage(c, "rfq send", "which program file? e.g. rfq send program.yaml");
    if (code == 0 && (!to || !*to))
        code = cli_usage(c, "rfq send", "--to: which factories (handles, comma-separated)?");
    if (code == 0 && !k.ref)
        code = cli_usage(c, "rfq send", "--ref: the RFQ's reference (R1)");
    if (code == 0 && !(k.to = strdup(to)))
        code = EXIT_INPUT;
    if (code == 0 && !k.g.o && !(k.g.o = json_object()))
        code = EXIT_INPUT;
    if (code == 0)
        code = read_text(c, file, &k.program_text);
    if (code == 0)
        code = cli_run(c, &(cli_job){.cmd = "rfq send", .file = file, .run = send_run, .arg = &k});
    given_free(&k.g);
    free(k.to);
    free(k.program_text);
    free(k.readiness);
    return code;
}

typedef struct show_job {
    bool json;
    json_t *sent;
    int n;
} show_job;

static sv_code show_one(void *ud, int64_t id, const char *factory, const char *body,
                        const char *program_text, const char *readiness_json, sv_err *e)
{
    show_job *k = ud;
    k->n++;
    if (!k->json) {
        printf("%s== event %lld, to %s ==\n%s\n-- the program as sent --\n", k->n > 1 ? "\n" : "",
               (long long)id, cli_term(factory), body);
        fputs(program_text, stdout);
        if (*program_text && program_text[strlen(program_text) - 1] != '\n')
            fputc('\n', stdout);
        printf("-- its readiness (check --json) as sent --\n%s\n", readiness_json);
        return SV_OK;
    }
    json_error_t je;
    json_t *o = json_object();
    json_t *ev = json_loads(body, 0, &je), *rj = json_loads(readiness_json, 0, &je);
    if (!o || !ev || !rj || json_object_set_new(o, "factory", json_string(factory)) ||
        json_object_set(o, "event", ev) ||
        json_object_set_new(o, "program", json_string(program_text)) ||
        json_object_set(o, "readiness", rj) || json_array_append(k->sent, o)) {
        json_decref(o);
        json_decref(ev);
        json_decref(rj);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    json_decref(o);
    json_decref(ev);
    json_decref(rj);
    return SV_OK;
}

static int rfq_show(cli *c, int argc, char **argv)
{
    const char *ref = NULL, *brand = NULL;
    show_job k = {.json = c->json};
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            k.json = true;
        } else if (cli_is(argv[i], "--brand")) {
            if (!(brand = cli_value(c, "rfq show", argc, argv, &i, "--brand")))
                return EXIT_USAGE;
        } else if (argv[i][0] == '-' || ref) {
            return cli_usage(c, "rfq show", "unexpected argument %s", argv[i]);
        } else {
            ref = argv[i];
        }
    }
    if (!ref || !brand)
        return cli_usage(c, "rfq show", "which RFQ? rfq show R1 --brand B");
    sv_store *s = NULL;
    int code = cli_open_store(c, &s);
    if (code)
        return code;
    if (k.json && !(k.sent = json_array())) {
        sv_store_close(s);
        return EXIT_INPUT;
    }
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_store_rfq_snapshots(s, brand, ref, show_one, &k, &e);
    sv_store_close(s);
    if (rc) {
        json_decref(k.sent);
        return cli_fail(c, &e);
    }
    if (k.n == 0) {
        json_decref(k.sent);
        fprintf(stderr, "%s: no RFQ %s of %s sent by `rfq send` in the ledger\n", c->prog,
                cli_term(ref), cli_term(brand));
        return EXIT_INPUT;
    }
    if (!k.json)
        return 0;
    json_t *out = json_object();
    if (!out || json_object_set_new(out, "rfq", json_string(ref)) ||
        json_object_set_new(out, "brand", json_string(brand)) ||
        json_object_set(out, "sent", k.sent)) {
        json_decref(out);
        out = NULL;
    }
    json_decref(k.sent);
    return cli_print_json(c, out);
}

static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

/* selvedge FAMILY [VERB] OPTIONS, argv[0] the family. */
static int family(cli *c, int argc, char **argv)
{
    const char *fam = argv[0];
    if (wants_help(argc, argv)) {
        family_help(fam, stdout);
        return 0;
    }
    if (strcmp(fam, "rfq") == 0 && argc > 1 && strcmp(argv[1], "send") == 0)
        return rfq_send(c, argc - 2, argv + 2);
    if (strcmp(fam, "quote") == 0 && argc > 1 && strcmp(argv[1], "add") == 0)
        return quote_add(c, argc - 2, argv + 2);
    if (strcmp(fam, "rfq") == 0 && argc > 1 && strcmp(argv[1], "show") == 0)
        return rfq_show(c, argc - 2, argv + 2);
    for (size_t i = 0; i < N_VERBS; i++) {
        const verb *v = &verbs[i];
        if (strcmp(v->family, fam) != 0)
            continue;
        if (!v->name)
            return run_verb(c, v, argc - 1, argv + 1);
        if (argc > 1 && strcmp(argv[1], v->name) == 0)
            return run_verb(c, v, argc - 2, argv + 2);
    }
    if (argc < 2) {
        family_help(fam, stderr);
        return EXIT_USAGE;
    }
    return cli_usage(c, fam, "unknown command '%s'", argv[1]);
}

int cmd_sample(cli *c, int argc, char **argv)
{
    return family(c, argc, argv);
}
int cmd_change(cli *c, int argc, char **argv)
{
    return family(c, argc, argv);
}
int cmd_order(cli *c, int argc, char **argv)
{
    return family(c, argc, argv);
}
int cmd_pay(cli *c, int argc, char **argv)
{
    return family(c, argc, argv);
}
int cmd_progress(cli *c, int argc, char **argv)
{
    return family(c, argc, argv);
}
int cmd_inspect(cli *c, int argc, char **argv)
{
    return family(c, argc, argv);
}
int cmd_message(cli *c, int argc, char **argv)
{
    return family(c, argc, argv);
}
int cmd_rfq(cli *c, int argc, char **argv)
{
    return family(c, argc, argv);
}
int cmd_quote(cli *c, int argc, char **argv)
{
    return family(c, argc, argv);
}
