/* selvedge match FILE: the factories that fit a program, with reasons and near misses. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "selvedge/json_out.h"
#include "selvedge/match.h"
#include "selvedge/store.h"

static const char help[] =
    "Usage: selvedge [--db PATH] match FILE [--top N] [--today YYYY-MM-DD] [--threads N]\n"
    "                                       [--json]\n"
    "\n"
    "Checks every factory in the registry against the program: hard constraints\n"
    "(category and construction, tier, minimums at or under your units, capacity,\n"
    "required certifications, takes new brands), then a score out of 100 from the\n"
    "price band against your target, both landed at your destination (freight and\n"
    "duty from each factory's country), lead time against your launch,\n"
    "specialization, sample fee against your sampling budget, payment terms and\n"
    "transit. Gives the best matches with their reasons, the near misses that fail\n"
    "one constraint with what you would change (else the closest factories with all\n"
    "their gaps), and a split into groups when no one factory makes every style. A\n"
    "style with its own origin or factory is matched there only.\n"
    "\n"
    "  --top N        how many matches and near misses (default 5)\n"
    "  --today DATE   judge lead times from this day instead of the system date\n"
    "  --threads N    split the registry over N threads (default: one per core);\n"
    "                 the result is the same for any N\n"
    "  --json         one JSON object: matches, near misses, groups\n";

typedef struct names {
    sv_store *s;
    sv_pool *pool;
} names;

/* The stored profile of a reported factory (strings in the pool), or NULL. */
static const sv_factory *profile(names *n, int64_t id, sv_factory *f)
{
    sv_err e;
    return sv_store_factory_get(n->s, id, n->pool, f, &e) == SV_OK ? f : NULL;
}

static void styles_text(const sv_program *p, const bool *on, char *buf, size_t n)
{
    buf[0] = '\0';
    for (size_t s = 0; s < p->n_styles; s++)
        if (on[s]) {
            size_t len = strlen(buf);
            snprintf(buf + len, n - len, "%s%s", len ? ", " : "", p->styles[s].code);
        }
}

static void print_match(names *nm, const sv_program *p, const sv_match *m, int rank, bool near,
                        const sv_text_opts *o)
{
    sv_factory f;
    const sv_factory *fp = profile(nm, m->factory_id, &f);
    char line[600], st[300];
    if (near) {
        snprintf(line, sizeof line, "%s (%s, id %lld%s): %s.", fp ? fp->name : "?",
                 fp ? fp->country : "?", (long long)m->factory_id,
                 p->n_origins && !m->preferred_origin ? ", not a preferred origin" : "",
                 m->change);
        sv_report_wrap(stdout, line, 2, 4, 80);
        return;
    }
    styles_text(p, m->styles, st, sizeof st);
    printf("%2d. %s%3d/100%s  %s (%s, id %lld)%s\n", rank, o->color ? "\033[1m" : "", m->score,
           o->color ? "\033[0m" : "", fp ? cli_term(fp->name) : "?",
           fp ? cli_term(fp->country) : "?", (long long)m->factory_id,
           m->preferred_origin ? "" : "  [not a preferred origin]");
    if ((size_t)m->n_styles < p->n_styles) {
        snprintf(line, sizeof line, "makes %s", st);
        sv_report_wrap(stdout, line, 6, 6, 80);
    }
    for (int k = 0; k < SV_MATCH_REASONS; k++) {
        printf("      %-15s%2d/%-2d  ", m->reasons[k].code, m->reasons[k].points,
               m->reasons[k].max);
        sv_report_wrap_from(stdout, m->reasons[k].text, 28, 28, 80);
    }
    if (m->cert_note[0]) {
        printf("      %-22s", "certification");
        sv_report_wrap_from(stdout, m->cert_note, 28, 28, 80);
    }
}

/* The required certifications selvedge does not know (data/certifications.tsv), alone or in
 * a choice ("GOTS or Higg FEM"): the matcher cannot rule a factory out on them, and the report
 * says so. "" when none; the groups joined by ", " into buf. */
static const char *unchecked_certs(const sv_program *p, char *buf, size_t n, json_t *list)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < p->n_cert_groups; k++) {
        const sv_cert_group *g = &p->cert_groups[k];
        if (!g->unknown)
            continue;
        if (list)
            json_array_append_new(list, json_string(g->text));
        int w = snprintf(buf + o, n - o, "%s%s", o ? ", " : "", g->text);
        if (w < 0 || (size_t)w >= n - o)
            break;
        o += (size_t)w;
    }
    return buf;
}

/* The program's preferred origins, "PT, TR". */
static const char *origins_text(const sv_program *p, char *buf, size_t n)
{
    buf[0] = '\0';
    for (size_t k = 0; k < p->n_origins; k++) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s", len ? ", " : "", p->origins[k]);
    }
    return buf;
}

/* How the preferred origins ordered a list, when it holds factories outside them: "" else.
 * The list is ordered by preference first, so a factory outside them that scores above the
 * best inside is said. */
static void preference_note(names *nm, const sv_program *p, const sv_match *list, size_t n,
                            char *buf, size_t len)
{
    buf[0] = '\0';
    if (!p->n_origins || !n)
        return;
    char orig[100];
    origins_text(p, orig, sizeof orig);
    const sv_match *best_in = NULL, *best_out = NULL;
    for (size_t k = 0; k < n; k++) {
        const sv_match *m = &list[k];
        if (m->preferred_origin && (!best_in || m->score > best_in->score))
            best_in = m;
        if (!m->preferred_origin && (!best_out || m->score > best_out->score))
            best_out = m;
    }
    if (!best_out)
        return;
    if (!best_in) {
        snprintf(buf, len, "None of these is in your preferred origins (%s).", orig);
        return;
    }
    if (best_out->score > best_in->score) {
        sv_factory f;
        const sv_factory *fp = profile(nm, best_out->factory_id, &f);
        snprintf(buf, len,
                 "Your preferred origins (%s) are listed first: %s (%s) scores %d outside "
                 "them, above the best in them (%d).",
                 orig, fp ? fp->name : "?", fp ? fp->country : "?", best_out->score,
                 best_in->score);
        return;
    }
    snprintf(buf, len, "Your preferred origins (%s) are listed first.", orig);
}

/* The stored profile of a reported factory, for sv_json_match. */
static const sv_factory *profile_of(void *ud, int64_t id, sv_factory *f)
{
    return profile(ud, id, f);
}

static int print_json(const cli *c, names *nm, const sv_program *p, const sv_match_result *r,
                      const int64_t *fid)
{
    return cli_print_json(c, sv_json_match(p, r, fid, profile_of, nm));
}

/* What the styles with their own origin or factory were matched against. */
static void print_pins(names *nm, const sv_program *p, const int64_t *fid)
{
    char line[1200];
    size_t o = 0;
    line[0] = '\0';
    for (size_t s = 0; s < p->n_styles; s++) {
        if (fid && fid[s])
            continue;
        if (p->styles[s].origin[0] && o < sizeof line)
            o += (size_t)snprintf(line + o, sizeof line - o, "%s%s (%s)", o ? ", " : "",
                                  p->styles[s].code, p->styles[s].origin);
    }
    if (o && o < sizeof line - 120) {
        snprintf(line + o, sizeof line - o,
                 ": made in their own origin, matched against factories there only.");
        sv_report_wrap(stdout, line, 0, 0, 80);
    }
    for (size_t s = 0; fid && s < p->n_styles; s++) {
        if (!fid[s])
            continue;
        if (fid[s] < 0) {
            snprintf(line, sizeof line,
                     "%s names its factory, %s, which is not on file: no factory is matched "
                     "for it.",
                     p->styles[s].code, p->styles[s].factory);
        } else {
            sv_factory f;
            const sv_factory *fp = profile(nm, fid[s], &f);
            snprintf(line, sizeof line,
                     "%s names its factory, %s (%s, id %lld): matched against it only.",
                     p->styles[s].code, fp ? fp->name : "?", fp ? fp->country : "?",
                     (long long)fid[s]);
        }
        sv_report_wrap(stdout, line, 0, 0, 80);
    }
}

static void print_text(names *nm, const sv_program *p, const sv_match_result *r, const cli *c,
                       const int64_t *fid)
{
    sv_report_title(stdout, p, c->text.color, 80);
    char head[300], closed[100] = "";
    if (r->closed)
        snprintf(closed, sizeof closed, " %zu closed %s not considered.", r->closed,
                 r->closed == 1 ? "facility" : "facilities");
    snprintf(head, sizeof head, "%zu factories on file, %zu make some of these categories.%s",
             r->scanned, r->candidates, closed);
    sv_report_wrap(stdout, head, 0, 0, 80);
    print_pins(nm, p, fid);
    char certs[600];
    if (*unchecked_certs(p, certs, sizeof certs, NULL)) {
        char line[800];
        snprintf(line, sizeof line,
                 "Not checked: the program requires %s, which selvedge does not know; no "
                 "factory was ruled in or out on it. Ask each one for the certificate.",
                 certs);
        sv_report_wrap(stdout, line, 0, 0, 80);
    }
    if (r->n_top) {
        printf("\nFactories that can make the whole program\n");
        char note[400];
        preference_note(nm, p, r->top, r->n_top, note, sizeof note);
        if (*note)
            sv_report_wrap(stdout, note, 0, 0, 80);
        for (size_t k = 0; k < r->n_top; k++)
            print_match(nm, p, &r->top[k], (int)k + 1, false, &c->text);
    } else if (r->n_groups) {
        printf("\nNo single factory makes the whole program; split it:\n");
        for (size_t k = 0; k < r->n_groups; k++) {
            sv_factory f;
            const sv_factory *fp = profile(nm, r->groups[k].factory_id, &f);
            char st[300], line[500];
            styles_text(p, r->groups[k].styles, st, sizeof st);
            snprintf(line, sizeof line, "Group %zu: %s (%s, id %lld, %d/100): %s", k + 1,
                     fp ? fp->name : "?", fp ? fp->country : "?",
                     (long long)r->groups[k].factory_id, r->groups[k].score, st);
            sv_report_wrap(stdout, line, 2, 4, 80);
        }
        printf("\nBest partial matches\n");
        char note[400];
        preference_note(nm, p, r->partial, r->n_partial, note, sizeof note);
        if (*note)
            sv_report_wrap(stdout, note, 0, 0, 80);
        for (size_t k = 0; k < r->n_partial; k++)
            print_match(nm, p, &r->partial[k], (int)k + 1, false, &c->text);
    }
    if (r->n_uncovered) {
        char st[300], line[400];
        styles_text(p, r->uncovered, st, sizeof st);
        snprintf(line, sizeof line, "No factory on file can make %s as planned.", st);
        printf("\n");
        sv_report_wrap(stdout, line, 0, 0, 80);
    }
    if (r->n_near) {
        printf("\nNear misses: one change away\n");
        for (size_t k = 0; k < r->n_near; k++)
            print_match(nm, p, &r->near[k], 0, true, &c->text);
    }
    if (r->n_closest) {
        printf("\nNo factory is one change away. The closest, with all their gaps:\n");
        for (size_t k = 0; k < r->n_closest; k++)
            print_match(nm, p, &r->closest[k], 0, true, &c->text);
    }
    printf("\n");
    sv_report_wrap(stdout,
                   "Next: `selvedge factories show ID` for a profile, `selvedge check FILE "
                   "--factory ID` to check the program against one factory.",
                   0, 6, 80);
}

/* After the program is read: the registry, the matcher, the report. */
static int run(cli *c, const cli_job *j, const sv_program *p, const sv_refdata *rd)
{
    sv_store *s = NULL;
    sv_factory_table *t = NULL;
    sv_match_result *r = NULL;
    sv_pool *pool = NULL;
    int64_t *fid = NULL;
    sv_err e;
    sv_err_clear(&e);
    int rc = cli_open_store(c, &s);
    if (rc)
        goto out;
    /* the factories the styles name, by their registry ids */
    sv_match_options opt = *(const sv_match_options *)j->arg;
    if ((rc = cli_style_factories(c, s, p, &fid)))
        goto out;
    opt.style_factory = fid;
    if (sv_store_factory_table(s, &t, &e) != SV_OK || sv_match_run(p, rd, t, &opt, &r, &e)) {
        rc = cli_fail(c, &e);
        goto out;
    }
    if (!(pool = sv_pool_create())) {
        sv_err_set(&e, SV_ERR_NOMEM, "out of memory");
        rc = cli_fail(c, &e);
        goto out;
    }
    names nm = {s, pool};
    if (c->json)
        rc = print_json(c, &nm, p, r, fid);
    else
        print_text(&nm, p, r, c, fid);
out:
    free(fid);
    sv_pool_free(pool);
    sv_match_result_free(r);
    sv_factory_table_free(t);
    sv_store_close(s);
    return rc;
}

int cmd_match(cli *c, int argc, char **argv)
{
    const char *file = NULL;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    sv_match_options opt = {.top = 5, .near = 5, .today = cli_today(),
                            .threads = cores > 1 ? (int)(cores < 64 ? cores : 64) : 1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, stdout);
            return 0;
        } else if (strcmp(a, "--json") == 0) {
            c->json = true;
        } else if (cli_is(a, "--top")) {
            if (!(v = cli_value(c, "match", argc, argv, &i, "--top")))
                return EXIT_USAGE;
            int64_t n;
            if (sv_decimal_parse(v, 0, &n) != SV_DEC_OK || n < 1 || n > 1000)
                return cli_usage(c, "match", "--top wants a number from 1 to 1000, not '%s'", v);
            opt.top = opt.near = (int)n;
        } else if (cli_is(a, "--threads")) {
            if (!(v = cli_value(c, "match", argc, argv, &i, "--threads")))
                return EXIT_USAGE;
            int64_t n;
            if (sv_decimal_parse(v, 0, &n) != SV_DEC_OK || n < 1 || n > 64)
                return cli_usage(c, "match", "--threads wants a number from 1 to 64, not '%s'",
                                 v);
            opt.threads = (int)n;
        } else if (cli_is(a, "--today")) {
            if (cli_opt_date(c, "match", argc, argv, &i, &opt.today))
                return EXIT_USAGE;
        } else if (cli_arg_file(c, "match", a, &file)) {
            return EXIT_USAGE;
        }
    }
    if (cli_need_file(c, "match", file))
        return EXIT_USAGE;
    return cli_run(c, &(cli_job){.cmd = "match", .file = file, .run = run, .arg = &opt});
}
