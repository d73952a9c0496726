/* selvedge factories import|list|show|search|review: the factory registry. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "selvedge/country.h"
#include "selvedge/factory_import.h"
#include "selvedge/json_out.h"
#include "selvedge/store.h"
#include "selvedge/term.h"

static const char help[] =
    "Usage: selvedge [--db PATH] factories COMMAND\n"
    "\n"
    "  import FILE...       Open Supply Hub CSV (list or download format), or a\n"
    "                       capability file (.yaml, or .csv with its columns); one\n"
    "                       transaction per file; duplicates merged, unsure pairs kept\n"
    "                       for review; bad rows reported with file:line and skipped\n"
    "  list [FILTERS]       factories by name\n"
    "  search TEXT [FILTERS] full-text search over every name and address\n"
    "  show ID              one profile, every name and address it is known by\n"
    "  review               pairs that may be the same facility, for a person to confirm\n"
    "\n"
    "Filters: --country CC  --category C  --construction C  --certification C\n"
    "         --max-moq-color N  --limit N  --json\n"
    "The database is --db PATH, else $SELVEDGE_DB, else ./selvedge.db.\n";

static const char *db_path(const cli *c)
{
    if (c->db_path)
        return c->db_path;
    const char *env = getenv("SELVEDGE_DB");
    return env && *env ? env : "selvedge.db";
}

/* Said once on stderr when the registry is held by another command (a bulk import holds the
 * whole file until it commits). */
static void waiting(void *ud, const char *path)
{
    const cli *c = ud;
    fprintf(stderr, "%s: %s is busy (another import?): waiting for it to finish...\n", c->prog,
            path);
}

static int open_store(const cli *c, bool read, sv_store **s)
{
    sv_err e;
    sv_err_clear(&e);
    sv_store_opts o = {.read = read, .waiting = waiting, .ud = (void *)c};
    sv_code rc = sv_store_open_with(db_path(c), &o, s, &e);
    if (rc == SV_OK)
        return 0;
    int code = cli_fail(c, &e);
    if (rc == SV_ERR_NOTFOUND) /* a read never creates one */
        fprintf(stderr, "No factory registry there. `%s --db %s factories import FILE...` "
                        "makes one.\n",
                c->prog, db_path(c));
    return code;
}

int cli_open_store(const cli *c, sv_store **s)
{
    return open_store(c, true, s);
}

int cli_open_store_write(const cli *c, sv_store **s)
{
    return open_store(c, false, s);
}

typedef struct progress {
    const cli *c;
    const char *file;
    bool tty;
} progress;

static void bad_row(void *ud, const sv_err *e)
{
    progress *p = ud;
    char buf[1200];
    if (p->tty)
        fputs("\r\033[K", stderr);
    fprintf(stderr, "%s: skipped: %s\n", p->c->prog, sv_err_format(e, buf, sizeof buf));
}

/* On a terminal: the file, a bar of the bytes read, the percentage and the rows so far,
 * redrawn in place within 80 columns. */
static void tick(void *ud, int64_t rows, int64_t done, int64_t total)
{
    progress *p = ud;
    if (!p->tty)
        return;
    const char *base = strrchr(p->file, '/');
    base = base ? base + 1 : p->file;
    char num[32];
    sv_decimal_format(rows, 0, true, num, sizeof num);
    if (total <= 0) {
        fprintf(stderr, "\r\033[K%.40s: %s rows", base, num);
        return;
    }
    enum { WIDTH = 24 };
    int pct = (int)(done >= total ? 100 : done * 100 / total);
    int fill = pct * WIDTH / 100;
    char bar[WIDTH + 1];
    for (int k = 0; k < WIDTH; k++)
        bar[k] = k < fill ? '#' : '.';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\r\033[K%.30s [%s] %3d%%  %s rows", base, bar, pct, num);
}

static bool wants_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

static int cmd_import(cli *c, int argc, char **argv)
{
    if (argc < 1)
        return cli_usage(c, "factories import", "which files? e.g. factories import list.csv");
    sv_store *s = NULL;
    sv_refdata *rd = NULL;
    int rc = cli_load_refdata(c, &rd);
    if (rc || (rc = cli_open_store_write(c, &s))) {
        sv_refdata_free(rd);
        return rc;
    }
    int failed = 0;
    sv_import_stats total = {0};
    for (int i = 0; i < argc; i++) {
        sv_err e;
        sv_err_clear(&e);
        progress pr = {c, argv[i], isatty(STDERR_FILENO) != 0};
        sv_import_hooks hooks = {.bad_row = bad_row, .progress = tick, .ud = &pr};
        sv_import_stats st;
        if (sv_factories_import(s, rd, argv[i], &hooks, &st, &e) != SV_OK) {
            if (pr.tty)
                fputs("\r\033[K", stderr);
            cli_fail(c, &e);
            fprintf(stderr, "%s: %s: nothing imported from this file\n", c->prog, argv[i]);
            failed = 1;
            continue;
        }
        if (pr.tty)
            fputs("\r\033[K", stderr);
        /* the file on a line of its own: paths are long, the counts stay on one line */
        printf("%s\n  %lld rows: %lld new, %lld known, %lld updated, %lld to review, "
               "%lld skipped\n",
               argv[i], (long long)st.rows, (long long)st.added, (long long)st.merged,
               (long long)st.updated, (long long)st.review, (long long)st.bad);
        total.rows += st.rows;
        total.added += st.added;
        total.merged += st.merged;
        total.updated += st.updated;
        total.review += st.review;
        total.bad += st.bad;
    }
    int64_t n = 0;
    sv_err e;
    sv_store_factory_count(s, &n, &e);
    if (argc > 1)
        printf("total: %lld rows: %lld new, %lld known, %lld to review, %lld skipped\n",
               (long long)total.rows, (long long)total.added, (long long)total.merged,
               (long long)total.review, (long long)total.bad);
    char line[1200];
    snprintf(line, sizeof line, "%lld factories in %s.%s", (long long)n, db_path(c),
             total.review ? " `selvedge factories review` lists the pairs to confirm." : "");
    sv_report_wrap(stdout, line, 0, 0, 80);
    sv_store_close(s);
    sv_refdata_free(rd);
    return failed ? EXIT_INPUT : 0;
}

typedef struct lister {
    cli *c;
    json_t *arr;
    int64_t count;
} lister;

static sv_code list_row(void *ud, const sv_factory *f, sv_err *e)
{
    lister *l = ud;
    l->count++;
    if (l->arr) {
        json_array_append_new(l->arr, sv_json_factory(f, false));
        return SV_OK;
    }
    char cats[200];
    sv_factory_bits_text(f->categories, SV_CAT__COUNT, sv_factory_category_name, cats, sizeof cats);
    char moq[40] = "";
    if (f->moq_color >= 0)
        snprintf(moq, sizeof moq, "  MOQ %lld/colour", (long long)f->moq_color);
    printf("%6lld  %-2s  ", (long long)f->id, f->country);
    sv_term_puts(f->name, stdout);
    printf("%s%s\n", moq, f->closed > 0 ? "  [closed]" : "");
    if (cats[0]) {
        char line[300];
        snprintf(line, sizeof line, "%s", cats);
        sv_report_wrap(stdout, line, 12, 12, 80);
    }
    (void)e;
    return SV_OK;
}

static int parse_filters(cli *c, const char *cmd, int argc, char **argv, sv_factory_filter *f,
                         const char **text)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "--json") == 0) {
            c->json = true;
        } else if (cli_is(a, "--country")) {
            if (!(v = cli_value(c, cmd, argc, argv, &i, "--country")))
                return EXIT_USAGE;
            const sv_country *k = sv_country_find(v);
            if (!k)
                return cli_usage(c, cmd, "--country: unknown country '%s'", v);
            memcpy(f->country, k->alpha2, 3);
        } else if (cli_is(a, "--category")) {
            if (!(v = cli_value(c, cmd, argc, argv, &i, "--category")))
                return EXIT_USAGE;
            if ((f->category = sv_category_parse(v)) < 0)
                return cli_usage(c, cmd, "--category: unknown category '%s'", v);
        } else if (cli_is(a, "--construction")) {
            if (!(v = cli_value(c, cmd, argc, argv, &i, "--construction")))
                return EXIT_USAGE;
            if ((f->construction = sv_construction_parse(v)) < 0)
                return cli_usage(c, cmd, "--construction: unknown construction '%s'", v);
        } else if (cli_is(a, "--certification")) {
            if (!(v = cli_value(c, cmd, argc, argv, &i, "--certification")))
                return EXIT_USAGE;
            if ((f->certification = sv_cert_parse(v)) < 0)
                return cli_usage(c, cmd, "--certification: unknown certification '%s'", v);
        } else if (cli_is(a, "--max-moq-color") || cli_is(a, "--limit")) {
            bool lim = cli_is(a, "--limit");
            if (!(v = cli_value(c, cmd, argc, argv, &i, lim ? "--limit" : "--max-moq-color")))
                return EXIT_USAGE;
            int64_t n;
            if (sv_decimal_parse(v, 0, &n) != SV_DEC_OK || n < 0)
                return cli_usage(c, cmd, "%s wants a whole number, not '%s'", a, v);
            if (lim)
                f->limit = n;
            else
                f->max_moq_color = n;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage(c, cmd, "unknown option %s", a);
        } else if (text && !*text) {
            *text = a;
        } else {
            return cli_usage(c, cmd, "unexpected argument '%s'", a);
        }
    }
    return 0;
}

static int cmd_list(cli *c, const char *cmd, int argc, char **argv, bool search)
{
    sv_factory_filter f;
    sv_factory_filter_init(&f);
    const char *text = NULL;
    int rc = parse_filters(c, cmd, argc, argv, &f, search ? &text : NULL);
    if (rc)
        return rc;
    if (search && !text)
        return cli_usage(c, cmd, "search for what? e.g. factories search \"knit barcelos\"");
    f.text = text;
    sv_store *s;
    if ((rc = cli_open_store(c, &s)))
        return rc;
    lister l = {c, c->json ? json_array() : NULL, 0};
    sv_err e;
    sv_err_clear(&e);
    if (sv_store_factory_list(s, &f, list_row, &l, &e) != SV_OK)
        rc = cli_fail(c, &e);
    else if (l.arr)
        sv_json_print(l.arr, stdout);
    else if (l.count == 0)
        printf("No factories match. `selvedge factories import FILE` adds some.\n");
    json_decref(l.arr);
    sv_store_close(s);
    return rc;
}

static int cmd_show(cli *c, int argc, char **argv)
{
    const char *id_s = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            c->json = true;
        else if (!id_s)
            id_s = argv[i];
        else
            return cli_usage(c, "factories show", "one id at a time");
    }
    int64_t id;
    if (!id_s || sv_decimal_parse(id_s, 0, &id) != SV_DEC_OK || id <= 0)
        return cli_usage(c, "factories show", "which factory? give its id (from list/search)");
    sv_store *s;
    int rc = cli_open_store(c, &s);
    if (rc)
        return rc;
    sv_pool *pool = sv_pool_create();
    sv_factory f;
    sv_err e;
    sv_err_clear(&e);
    if (!pool || sv_store_factory_get(s, id, pool, &f, &e) != SV_OK) {
        rc = cli_fail(c, &e);
    } else if (c->json) {
        json_t *j = sv_json_factory(&f, true);
        sv_json_print(j, stdout);
        json_decref(j);
    } else {
        char buf[400];
        printf("%s  (id %lld%s%s)\n", f.name, (long long)f.id, f.handle ? ", " : "",
               f.handle ? f.handle : "");
        if (f.closed > 0)
            printf("  CLOSED: the facility has closed; kept for its history, never matched\n");
        for (size_t k = 0; k < f.n_other_names; k++)
            printf("  also: %s\n", f.other_names[k]);
        const sv_country *ct = sv_country_by_alpha2(f.country);
        printf("  %s%s%s\n", f.address ? f.address : "", f.address ? ", " : "",
               ct ? ct->common ? ct->common : ct->name : f.country);
        for (size_t k = 0; k < f.n_other_addresses; k++)
            printf("  also at: %s\n", f.other_addresses[k]);
        if (f.os_id)
            printf("  Open Supply Hub: %s\n", f.os_id);
        sv_factory_bits_text(f.categories, SV_CAT__COUNT, sv_factory_category_name, buf,
                             sizeof buf);
        if (buf[0])
            printf("  makes: %s\n", buf);
        sv_factory_bits_text(f.constructions, SV_CONSTR__COUNT, sv_factory_construction_name, buf,
                             sizeof buf);
        if (buf[0])
            printf("  constructions: %s\n", buf);
        sv_factory_bits_text(f.tiers, SV_TIER__COUNT, sv_factory_tier_name, buf, sizeof buf);
        if (buf[0])
            printf("  tiers: %s\n", buf);
        if (f.moq_style >= 0 || f.moq_color >= 0 || f.moq_order >= 0) {
            /* only what is known: an unknown minimum is not a minimum of -1 */
            char moq[160] = "";
            const struct {
                int64_t v;
                const char *what;
            } parts[] = {{f.moq_style, "per style"}, {f.moq_color, "per colour"},
                         {f.moq_order, "per order"}};
            for (int k = 0; k < 3; k++)
                if (parts[k].v >= 0) {
                    size_t len = strlen(moq);
                    snprintf(moq + len, sizeof moq - len, "%s%lld %s", len ? ", " : "",
                             (long long)parts[k].v, parts[k].what);
                }
            printf("  minimums: %s\n", moq);
        }
        for (int k = 0; k < SV_CAT__COUNT; k++)
            if (f.price_low[k] >= 0) {
                char lo[32], hi[32];
                printf("  FOB %s: %s - %s USD\n", sv_category_name((sv_category)k),
                       sv_decimal_format(f.price_low[k], 2, true, lo, sizeof lo),
                       sv_decimal_format(f.price_high[k], 2, true, hi, sizeof hi));
            }
        if (f.sampling_days >= 0)
            printf("  sampling: %lld days\n", (long long)f.sampling_days);
        if (f.production_days >= 0)
            printf("  production: %lld days\n", (long long)f.production_days);
        if (f.monthly_capacity >= 0)
            printf("  capacity: %lld units a month\n", (long long)f.monthly_capacity);
        if (f.sample_fee >= 0) {
            char fee[32];
            printf("  sample fee: %s USD\n", sv_decimal_format(f.sample_fee, 2, true, fee,
                                                              sizeof fee));
        }
        if (f.deposit_bp >= 0)
            printf("  deposit asked: %lld%%\n", (long long)(f.deposit_bp / 100));
        sv_factory_bits_text(f.certifications, SV_CERT__COUNT, sv_factory_cert_name, buf,
                             sizeof buf);
        if (buf[0])
            printf("  certifications: %s\n", buf);
        if (f.new_brands >= 0)
            printf("  takes new brands: %s\n", f.new_brands ? "yes" : "no");
        if (f.workers_min >= 0 && f.workers_max >= 0)
            printf("  workers: %lld-%lld\n", (long long)f.workers_min, (long long)f.workers_max);
        if (f.source)
            printf("  source: %s\n", f.source);
    }
    sv_pool_free(pool);
    sv_store_close(s);
    return rc;
}

static sv_code review_row(void *ud, const sv_review_pair *p, sv_err *e)
{
    int *n = ud;
    (*n)++;
    char line[600];
    snprintf(line, sizeof line, "%5.1f%%  %lld %s", p->similarity / 10.0, (long long)p->a,
             p->a_name);
    sv_report_wrap(stdout, line, 0, 12, 80);
    snprintf(line, sizeof line, "%lld %s", (long long)p->b, p->b_name);
    sv_report_wrap(stdout, line, 8, 12, 80);
    (void)e;
    return SV_OK;
}

static int cmd_review(cli *c)
{
    sv_store *s;
    int rc = cli_open_store(c, &s);
    if (rc)
        return rc;
    int n = 0;
    sv_err e;
    sv_err_clear(&e);
    if (sv_store_review_list(s, review_row, &n, &e) != SV_OK)
        rc = cli_fail(c, &e);
    else if (!n)
        printf("No pairs to review.\n");
    else
        printf("%d pair%s that may be one facility: compare them with\n`selvedge factories "
               "show ID`.\n", n, n == 1 ? "" : "s");
    sv_store_close(s);
    return rc;
}

int cmd_factories(cli *c, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(help, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : 0;
    }
    const char *sub = argv[1];
    if (wants_help(argc - 2, argv + 2)) {
        fputs(help, stdout);
        return 0;
    }
    if (strcmp(sub, "import") == 0)
        return cmd_import(c, argc - 2, argv + 2);
    if (strcmp(sub, "list") == 0)
        return cmd_list(c, "factories list", argc - 2, argv + 2, false);
    if (strcmp(sub, "search") == 0)
        return cmd_list(c, "factories search", argc - 2, argv + 2, true);
    if (strcmp(sub, "show") == 0)
        return cmd_show(c, argc - 2, argv + 2);
    if (strcmp(sub, "review") == 0)
        return cmd_review(c);
    return cli_usage(c, "factories", "unknown command '%s'", sub);
}
