/* selvedge factories import|list|show|search|review: the factory registry. */
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "selvedge/country.h"
#include "selvedge/factory_import.h"
#include "selvedge/json_out.h"
#include "selvedge/readiness.h"
#include "selvedge/review.h"
#include "selvedge/store.h"

static const char help[] =
    "Usage: selvedge [--db PATH] factories COMMAND\n"
    "\n"
    "  import FILE...       Open Supply Hub CSV (list or download format), or a\n"
    "                       capability file (.yaml, or .csv with its columns); one\n"
    "                       transaction per file; duplicates merged, unsure pairs kept\n"
    "                       for review; bad rows reported with file:line and skipped\n"
    "  list [FILTERS]       factories by name\n"
    "  search TEXT [FILTERS] full-text search over every name and address\n"
    "  show FACTORY         one profile, every name and address it is known by\n"
    "  review [list]        pairs that may be the same facility, for a person to decide\n"
    "  review merge KEEP OTHER [--force]\n"
    "                       one facility: OTHER's names, addresses, price bands and the\n"
    "                       figures KEEP lacks go to KEEP; OTHER's id, OS ID and handle\n"
    "                       lead to KEEP (--force: even in two countries)\n"
    "  review distinct A B  two facilities: the pair is never proposed again\n"
    "  review undo DECISION both profiles back as they were / the pair back on the list\n"
    "  review history       every decision, when (UTC) and by whom, newest first\n"
    "                       (decisions: --by NAME, default the login name; --json)\n"
    "A FACTORY is its id, its handle (capability files) or its Open Supply Hub ID.\n"
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

/* A line made as printf makes it, wrapped within 80 columns by sv_report_wrap, which escapes
 * what a terminal acts on word by word: names from the registry go in raw and whole (not
 * through cli_term, which would escape them once more, nor through a fixed buffer). false
 * when out of memory. */
static bool wrapf(int first, int indent, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool wrapf(int first, int indent, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *line = NULL;
    int n = vasprintf(&line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return false;
    sv_report_wrap(stdout, line, first, indent, 80);
    free(line);
    return true;
}

/* Said once on stderr when the registry is held by another command (a bulk import holds the
 * whole file until it commits). */
static void waiting(void *ud, const char *path)
{
    const cli *c = ud;
    fprintf(stderr, "%s: %s is busy (another import?): waiting for it to finish...\n", c->prog,
            cli_term(path));
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
                c->prog, cli_term(db_path(c)));
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

int cli_factory_arg(const cli *c, sv_store *s, const char *arg, int64_t *id)
{
    sv_err e;
    sv_err_clear(&e);
    *id = 0;
    int64_t n;
    if (sv_decimal_parse(arg, 0, &n) == SV_DEC_OK) {
        /* a number is an id; one merged into another is still found, the caller says so */
        int64_t live;
        sv_code rc = n > 0 ? sv_store_factory_resolve(s, n, &live, &e) : SV_ERR_NOTFOUND;
        if (rc == SV_OK)
            *id = n;
        else if (rc != SV_ERR_NOTFOUND)
            return cli_fail(c, &e);
    } else if (*arg) {
        /* a handle (as written), else an Open Supply Hub ID (as written, then in capitals,
         * as Open Supply Hub writes them) */
        if (sv_store_find_handle(s, arg, id, &e) != SV_OK ||
            (!*id && sv_store_find_os_id(s, arg, id, &e) != SV_OK))
            return cli_fail(c, &e);
        char upper[64];
        size_t len = strlen(arg);
        if (!*id && len < sizeof upper) {
            for (size_t k = 0; k <= len; k++)
                upper[k] = arg[k] >= 'a' && arg[k] <= 'z' ? (char)(arg[k] - 'a' + 'A') : arg[k];
            if (strcmp(upper, arg) != 0 && sv_store_find_os_id(s, upper, id, &e) != SV_OK)
                return cli_fail(c, &e);
        }
    }
    if (*id > 0)
        return 0;
    fprintf(stderr,
            "%s: %s: no such factory in the registry (an id, a handle or an Open Supply Hub "
            "ID; `selvedge factories search` finds them)\n",
            c->prog, cli_term(arg));
    return EXIT_INPUT;
}

int cli_style_factories(const cli *c, sv_store *s, const sv_program *p, int64_t **out)
{
    sv_err e;
    sv_err_clear(&e);
    return sv_store_style_factories(s, p, out, &e) == SV_OK ? 0 : cli_fail(c, &e);
}

int cli_factory_profile(const cli *c, const char *arg, sv_store **s, sv_pool **pool,
                        sv_factory *fac)
{
    int64_t id = 0;
    sv_err e;
    sv_err_clear(&e);
    int rc = cli_open_store(c, s);
    if (rc)
        return rc;
    if (!(*pool = sv_pool_create()))
        return cli_fail(c, &(sv_err){.code = SV_ERR_NOMEM, .msg = "out of memory"});
    if ((rc = cli_factory_arg(c, *s, arg, &id)))
        return rc;
    if (sv_store_factory_get(*s, id, *pool, fac, &e) != SV_OK)
        return cli_fail(c, &e);
    return 0;
}

int cli_readiness(const cli *c, sv_store *s, const sv_program *p, const sv_refdata *rd,
                  const sv_check_options *opt, sv_readiness **out)
{
    int64_t *fid = NULL;
    sv_err e;
    sv_err_clear(&e);
    int rc = s ? cli_style_factories(c, s, p, &fid) : 0;
    if (rc)
        return rc;
    sv_check_options o = *opt;
    o.style_factory = fid;
    if (sv_readiness_check(p, rd, &o, out, &e) != SV_OK)
        rc = cli_fail(c, &e);
    free(fid);
    return rc;
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
    fprintf(stderr, "%s: skipped: %s\n", p->c->prog, cli_term(sv_err_format(e, buf, sizeof buf)));
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
        fprintf(stderr, "\r\033[K%.40s: %s rows", cli_term(base), num);
        return;
    }
    enum { WIDTH = 24 };
    int pct = (int)(done >= total ? 100 : done * 100 / total);
    int fill = pct * WIDTH / 100;
    char bar[WIDTH + 1];
    for (int k = 0; k < WIDTH; k++)
        bar[k] = k < fill ? '#' : '.';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\r\033[K%.30s [%s] %3d%%  %s rows", cli_term(base), bar, pct, num);
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
            fprintf(stderr, "%s: %s: nothing imported from this file\n", c->prog,
                    cli_term(argv[i]));
            failed = 1;
            continue;
        }
        if (pr.tty)
            fputs("\r\033[K", stderr);
        /* the file on a line of its own: paths are long, the counts stay on one line */
        printf("%s\n  %lld rows: %lld new, %lld known, %lld updated, %lld to review, "
               "%lld skipped\n",
               cli_term(argv[i]), (long long)st.rows, (long long)st.added, (long long)st.merged,
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
    /* nothing imported into a registry this command made (or found empty): it is not left
     * behind, empty, for the next command to stumble on */
    bool untouched = sv_store_untouched(s);
    if (!(untouched ? wrapf(0, 0, "Nothing imported: %s is left as it was.",
                            db_path(c))
                    : wrapf(0, 0, "%lld factories in %s.%s", (long long)n, db_path(c),
                            total.review ? " `selvedge factories review` lists the pairs to "
                                           "confirm."
                                         : ""))) {
        fprintf(stderr, "%s: out of memory\n", c->prog);
        failed = 1;
    }
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
        if (json_array_append_new(l->arr, sv_json_factory(f, false)) != 0)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return SV_OK;
    }
    char cats[400]; /* every category's name fits */
    sv_factory_bits_text(f->categories, SV_CAT__COUNT, sv_factory_category_name, cats, sizeof cats);
    char moq[40] = "";
    if (f->moq_color >= 0)
        snprintf(moq, sizeof moq, "  MOQ %lld/colour", (long long)f->moq_color);
    printf("%6lld  %-2s  %s%s%s\n", (long long)f->id, cli_term(f->country), cli_term(f->name), moq,
           f->closed > 0 ? "  [closed]" : "");
    if (cats[0])
        sv_report_wrap(stdout, cats, 12, 12, 80);
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
    sv_json_guard_begin(); /* whole or nothing: any allocation failing drops the list */
    lister l = {c, c->json ? json_array() : NULL, 0};
    sv_err e;
    sv_err_clear(&e);
    sv_code lrc = c->json && !l.arr ? SV_OK : sv_store_factory_list(s, &f, list_row, &l, &e);
    json_t *doc = sv_json_guard_end(l.arr);
    if (lrc != SV_OK) {
        json_decref(doc);
        rc = cli_fail(c, &e);
    } else if (c->json) {
        rc = cli_print_json(c, doc); /* NULL: out of memory, said there */
    } else if (l.count == 0) {
        printf("No factories match. `selvedge factories import FILE` adds some.\n");
    }
    sv_store_close(s);
    return rc;
}

/* "2026-03-01T09:30:00Z" as "2026-03-01 09:30 UTC", for people. */
static const char *when(const char *iso, char buf[32])
{
    if (!iso || strlen(iso) < 16)
        return iso ? iso : "";
    snprintf(buf, 32, "%.10s %.5s UTC", iso, iso + 11);
    return buf;
}

/* The factories merged into the one shown: as JSON, or as lines. */
typedef struct merged {
    json_t *arr;
    int n;
} merged;

static sv_code merged_row(void *ud, const sv_review_decision *d, const sv_factory *f, sv_err *e)
{
    merged *m = ud;
    m->n++;
    if (m->arr) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(f->id));
        json_object_set_new(o, "name", json_string(f->name));
        json_object_set_new(o, "os_id", f->os_id ? json_string(f->os_id) : json_null());
        json_object_set_new(o, "handle", f->handle ? json_string(f->handle) : json_null());
        json_object_set_new(o, "source", f->source ? json_string(f->source) : json_null());
        json_object_set_new(o, "decision", json_integer(d->id));
        json_object_set_new(o, "decided_at", json_string(d->decided_at));
        json_object_set_new(o, "decided_by", json_string(d->decided_by));
        if (json_array_append_new(m->arr, o) != 0)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return SV_OK;
    }
    char at[32];
    if (!wrapf(2, 4, "merged from: %lld %s%s%s, from %s (decision %lld, %s, by %s)",
               (long long)f->id, f->name, f->os_id ? ", Open Supply Hub " : "",
               f->os_id ? f->os_id : "", f->source ? f->source : "?", (long long)d->id,
               when(d->decided_at, at), d->decided_by))
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    return SV_OK;
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
    if (!id_s || !*id_s)
        return cli_usage(c, "factories show",
                         "which factory? give its id, handle or Open Supply Hub ID (from "
                         "list/search)");
    sv_store *s;
    int rc = cli_open_store(c, &s);
    if (rc)
        return rc;
    if ((rc = cli_factory_arg(c, s, id_s, &id))) {
        sv_store_close(s);
        return rc;
    }
    sv_pool *pool = sv_pool_create();
    sv_factory f;
    sv_err e;
    sv_err_clear(&e);
    merged m = {NULL, 0};
    if (!pool || sv_store_factory_get(s, id, pool, &f, &e) != SV_OK) {
        rc = cli_fail(c, &e);
    } else if (c->json) {
        sv_json_guard_begin(); /* whole or nothing, the merged rows with the profile */
        json_t *j = sv_json_factory(&f, true);
        m.arr = json_array();
        sv_code mrc = sv_review_merged_into(s, f.id, merged_row, &m, &e);
        if (mrc == SV_OK)
            json_object_set_new(j, "merged_from", m.arr); /* taken, even on failure */
        else
            json_decref(m.arr);
        m.arr = NULL;
        j = sv_json_guard_end(j);
        if (mrc != SV_OK) {
            json_decref(j);
            rc = cli_fail(c, &e);
        } else {
            rc = cli_print_json(c, j);
        }
    } else {
        char buf[400];
        bool ok = true; /* every wrapped line made (false: out of memory) */
        if (f.id != id) {
            /* a factory merged into another by a review decision: shown as the one it is in */
            sv_review_decision d;
            bool found = false;
            char at[32];
            if (sv_review_merge_of(s, id, pool, &d, &found, &e) == SV_OK && found)
                ok &= wrapf(0, 2, "Factory %lld was merged into %lld (decision %lld, %s, by %s):",
                            (long long)id, (long long)f.id, (long long)d.id, when(d.decided_at, at),
                            d.decided_by);
            else
                printf("Factory %lld was merged into %lld:\n", (long long)id, (long long)f.id);
        }
        /* names and addresses as long as a registry holds them: wrapped at words within 80
         * columns, the lines after the first hanging under it (wrapf escapes what a terminal
         * acts on; the text goes in raw) */
        ok &= wrapf(0, 4, "%s  (id %lld%s%s)", f.name, (long long)f.id, f.handle ? ", " : "",
                    f.handle ? f.handle : "");
        if (f.closed > 0)
            printf("  CLOSED: the facility has closed; kept for its history, never matched\n");
        for (size_t k = 0; k < f.n_other_names; k++)
            ok &= wrapf(2, 4, "also: %s", f.other_names[k]);
        const sv_country *ct = sv_country_by_alpha2(f.country);
        ok &= wrapf(2, 4, "%s%s%s", f.address ? f.address : "", f.address ? ", " : "",
                    ct ? ct->common ? ct->common : ct->name : f.country);
        for (size_t k = 0; k < f.n_other_addresses; k++)
            ok &= wrapf(2, 4, "also at: %s", f.other_addresses[k]);
        if (f.os_id)
            printf("  Open Supply Hub: %s\n", cli_term(f.os_id));
        sv_factory_bits_text(f.categories, SV_CAT__COUNT, sv_factory_category_name, buf,
                             sizeof buf);
        if (buf[0])
            ok &= wrapf(2, 4, "makes: %s", buf);
        sv_factory_bits_text(f.constructions, SV_CONSTR__COUNT, sv_factory_construction_name, buf,
                             sizeof buf);
        if (buf[0])
            ok &= wrapf(2, 4, "constructions: %s", buf);
        sv_factory_bits_text(f.tiers, SV_TIER__COUNT, sv_factory_tier_name, buf, sizeof buf);
        if (buf[0])
            ok &= wrapf(2, 4, "tiers: %s", buf);
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
            ok &= wrapf(2, 4, "certifications: %s", buf);
        if (f.other_certifications) {
            /* claimed, but not one selvedge knows: kept as written, never matched on; the
             * names are joined by '|' in the store, by ", " here */
            char *line = NULL;
            size_t len = 0;
            FILE *ms = open_memstream(&line, &len);
            if (ms) {
                fputs("also claims (not checked by selvedge): ", ms);
                for (const char *p = f.other_certifications; *p; p++)
                    if (*p == '|')
                        fputs(", ", ms);
                    else
                        fputc(*p, ms);
            }
            if (!ms || fclose(ms) != 0 || !line) {
                free(line);
                sv_err_set(&e, SV_ERR_NOMEM, "out of memory");
                rc = cli_fail(c, &e);
                goto out;
            }
            sv_report_wrap(stdout, line, 2, 4, 80);
            free(line);
        }
        if (f.new_brands >= 0)
            printf("  takes new brands: %s\n", f.new_brands ? "yes" : "no");
        if (f.workers_min >= 0 && f.workers_max >= 0)
            printf("  workers: %lld-%lld\n", (long long)f.workers_min, (long long)f.workers_max);
        if (f.source)
            ok &= wrapf(2, 4, "source: %s", f.source);
        if (sv_review_merged_into(s, f.id, merged_row, &m, &e) != SV_OK) {
            rc = cli_fail(c, &e);
        } else if (!ok) {
            sv_err_set(&e, SV_ERR_NOMEM, "out of memory");
            rc = cli_fail(c, &e);
        }
    }
out:
    sv_pool_free(pool);
    sv_store_close(s);
    return rc;
}

/* ---- review: the pairs, and the decisions on them ---- */

typedef struct pair_lister {
    int n;
    json_t *arr;
} pair_lister;

static sv_code review_row(void *ud, const sv_review_pair *p, sv_err *e)
{
    pair_lister *l = ud;
    l->n++;
    if (l->arr) {
        json_t *o = json_object();
        json_object_set_new(o, "a", json_integer(p->a));
        json_object_set_new(o, "a_name", json_string(p->a_name));
        json_object_set_new(o, "b", json_integer(p->b));
        json_object_set_new(o, "b_name", json_string(p->b_name));
        json_object_set_new(o, "similarity", json_real(p->similarity / 1000.0));
        json_object_set_new(o, "why", p->why ? json_string(p->why) : json_null());
        if (json_array_append_new(l->arr, o) != 0)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        return SV_OK;
    }
    if (!wrapf(0, 12, "%5.1f%%  %lld %s", p->similarity / 10.0, (long long)p->a, p->a_name) ||
        !wrapf(8, 12, "%lld %s", (long long)p->b, p->b_name))
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    return SV_OK;
}

static int review_list(cli *c)
{
    sv_store *s;
    int rc = cli_open_store(c, &s);
    if (rc)
        return rc;
    sv_json_guard_begin(); /* whole or nothing: any allocation failing drops the list */
    pair_lister l = {0, c->json ? json_array() : NULL};
    sv_err e;
    sv_err_clear(&e);
    /* no array (out of memory): nothing listed, as text or otherwise */
    sv_code lrc = c->json && !l.arr ? SV_OK : sv_store_review_list(s, review_row, &l, &e);
    json_t *doc = sv_json_guard_end(l.arr);
    l.arr = NULL;
    if (lrc != SV_OK) {
        json_decref(doc);
        rc = cli_fail(c, &e);
    } else if (c->json) {
        rc = cli_print_json(c, doc); /* NULL: out of memory, said there */
    } else if (!l.n)
        printf("No pairs to review.\n");
    else
        printf("%d pair%s that may be one facility: compare them with\n`selvedge factories "
               "show ID`, then decide: `selvedge factories review merge KEEP\nOTHER` (one "
               "facility) or `selvedge factories review distinct A B` (two).\n",
               l.n, l.n == 1 ? "" : "s");
    json_decref(l.arr);
    sv_store_close(s);
    return rc;
}

/* A decision in words; false when out of memory. */
static bool print_decision(const sv_review_decision *d, bool history)
{
    char at[32], un[32];
    const char *kind = d->kind == SV_REVIEW_MERGE ? "merge" : "distinct";
    if (history) {
        if (!wrapf(0, 2, "Decision %lld, %s, by %s: %s", (long long)d->id, when(d->decided_at, at),
                   d->decided_by, kind))
            return false;
        if (!(d->kind == SV_REVIEW_MERGE
                  ? wrapf(2, 4, "%lld %s merged into %lld %s", (long long)d->b, d->b_name,
                          (long long)d->a, d->a_name)
                  : wrapf(2, 4, "%lld %s and %lld %s are two facilities", (long long)d->a,
                          d->a_name, (long long)d->b, d->b_name)))
            return false;
        return !d->undone_at ||
               wrapf(2, 4, "undone %s by %s", when(d->undone_at, un), d->undone_by);
    }
    bool ok = d->kind == SV_REVIEW_MERGE
                  ? wrapf(0, 0,
                          "Decision %lld: %lld %s merged into %lld %s, by %s, %s. Its names, "
                          "addresses and price bands are on %lld now; its id, OS ID and handle "
                          "lead there.",
                          (long long)d->id, (long long)d->b, d->b_name, (long long)d->a, d->a_name,
                          d->decided_by, when(d->decided_at, at), (long long)d->a)
                  : wrapf(0, 0,
                          "Decision %lld: %lld %s and %lld %s are two facilities, by %s, %s. "
                          "The pair will not be proposed again.",
                          (long long)d->id, (long long)d->a, d->a_name, (long long)d->b, d->b_name,
                          d->decided_by, when(d->decided_at, at));
    if (ok)
        printf("`selvedge factories review undo %lld` undoes it.\n", (long long)d->id);
    return ok;
}

static sv_code history_row(void *ud, const sv_review_decision *d, sv_err *e)
{
    pair_lister *l = ud;
    l->n++;
    if (l->arr) {
        if (json_array_append_new(l->arr, sv_json_review_decision(d)) != 0)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    } else if (!print_decision(d, true))
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    return SV_OK;
}

static int review_history(cli *c)
{
    sv_store *s;
    int rc = cli_open_store(c, &s);
    if (rc)
        return rc;
    sv_json_guard_begin(); /* whole or nothing: any allocation failing drops the list */
    pair_lister l = {0, c->json ? json_array() : NULL};
    sv_err e;
    sv_err_clear(&e);
    /* no array (out of memory): nothing listed, as text or otherwise */
    sv_code lrc = c->json && !l.arr ? SV_OK : sv_review_history(s, history_row, &l, &e);
    json_t *doc = sv_json_guard_end(l.arr);
    l.arr = NULL;
    if (lrc != SV_OK) {
        json_decref(doc);
        rc = cli_fail(c, &e);
    } else if (c->json) {
        rc = cli_print_json(c, doc); /* NULL: out of memory, said there */
    } else if (!l.n)
        printf("No decisions yet.\n");
    json_decref(l.arr);
    sv_store_close(s);
    return rc;
}

/* Who decides, when --by does not say: the login name. */
static const char *login_name(void)
{
    static char buf[256];
    if (getlogin_r(buf, sizeof buf) == 0 && buf[0])
        return buf;
    struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name && pw->pw_name[0]) {
        snprintf(buf, sizeof buf, "%s", pw->pw_name);
        return buf;
    }
    const char *u = getenv("USER");
    return u && *u ? u : "unknown";
}

static int review_decide(cli *c, const char *verb, int argc, char **argv)
{
    const char *cmd = strcmp(verb, "merge") == 0      ? "factories review merge"
                      : strcmp(verb, "distinct") == 0 ? "factories review distinct"
                                                      : "factories review undo";
    bool merge = verb[0] == 'm', undo = verb[0] == 'u', force = false;
    const char *by = NULL, *args[3];
    int n = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            c->json = true;
        } else if (cli_is(a, "--by")) {
            if (!(by = cli_value(c, cmd, argc, argv, &i, "--by")))
                return EXIT_USAGE;
            if (!*by)
                return cli_usage(c, cmd, "--by wants a name");
        } else if (merge && strcmp(a, "--force") == 0) {
            force = true;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage(c, cmd, "unknown option %s", a);
        } else if (n < 3) {
            args[n++] = a;
        } else {
            n++;
        }
    }
    int want = undo ? 1 : 2;
    if (n != want)
        return cli_usage(c, cmd, "%s", undo  ? "which decision? e.g. factories review undo 3 "
                                               "(`factories review history` lists them)"
                                     : merge ? "which two? e.g. factories review merge 7 12 "
                                               "(7 is kept, 12 merged into it)"
                                             : "which two? e.g. factories review distinct 7 12");
    int64_t decision = 0;
    if (undo && (sv_decimal_parse(args[0], 0, &decision) != SV_DEC_OK || decision <= 0))
        return cli_usage(c, cmd, "a decision is a number, not '%s'", args[0]);
    if (!by)
        by = login_name();
    sv_store *s;
    int rc = cli_open_store_write(c, &s);
    if (rc)
        return rc;
    int64_t a = 0, b = 0;
    if (!undo &&
        ((rc = cli_factory_arg(c, s, args[0], &a)) || (rc = cli_factory_arg(c, s, args[1], &b)))) {
        sv_store_close(s);
        return rc;
    }
    if (!undo && a == b) {
        sv_store_close(s);
        return cli_usage(c, cmd, "%s and %s are the same factory: give two", args[0], args[1]);
    }
    sv_err e;
    sv_err_clear(&e);
    sv_code r = undo    ? sv_review_undo(s, decision, by, &e)
                : merge ? sv_review_merge(s, a, b, by, force, &decision, &e)
                        : sv_review_distinct(s, a, b, by, &decision, &e);
    sv_pool *pool = sv_pool_create();
    sv_review_decision d;
    if (r == SV_OK && !pool)
        r = sv_err_set(&e, SV_ERR_NOMEM, "out of memory");
    if (r == SV_OK)
        r = sv_review_get(s, decision, pool, &d, &e);
    if (r != SV_OK) {
        rc = cli_fail(c, &e);
    } else if (c->json) {
        rc = cli_print_json(c, sv_json_review_decision(&d));
    } else if (undo) {
        char at[32];
        bool ok = d.kind == SV_REVIEW_MERGE
                      ? wrapf(0, 0,
                              "Decision %lld undone, by %s, %s: %lld %s and %lld %s are two "
                              "profiles again, as they were before the merge; the pair is back "
                              "on the review list if it was there.",
                              (long long)d.id, d.undone_by, when(d.undone_at, at), (long long)d.b,
                              d.b_name, (long long)d.a, d.a_name)
                      : wrapf(0, 0,
                              "Decision %lld undone, by %s, %s: %lld %s and %lld %s may be "
                              "proposed as one facility again.",
                              (long long)d.id, d.undone_by, when(d.undone_at, at), (long long)d.a,
                              d.a_name, (long long)d.b, d.b_name);
        if (!ok) {
            sv_err_set(&e, SV_ERR_NOMEM, "out of memory");
            rc = cli_fail(c, &e);
        }
    } else if (!print_decision(&d, false)) {
        sv_err_set(&e, SV_ERR_NOMEM, "out of memory");
        rc = cli_fail(c, &e);
    }
    sv_pool_free(pool);
    sv_store_close(s);
    return rc;
}

static int cmd_review(cli *c, int argc, char **argv)
{
    /* factories review [list|history] [--json]; merge/distinct/undo decide */
    const char *verb = argc > 0 && argv[0][0] != '-' ? argv[0] : "list";
    int first = argc > 0 && argv[0][0] != '-' ? 1 : 0;
    if (strcmp(verb, "merge") == 0 || strcmp(verb, "distinct") == 0 || strcmp(verb, "undo") == 0)
        return review_decide(c, verb, argc - first, argv + first);
    bool history = strcmp(verb, "history") == 0;
    if (!history && strcmp(verb, "list") != 0)
        return cli_usage(c, "factories review",
                         "unknown command '%s': list (the default), merge, distinct, undo or "
                         "history",
                         verb);
    for (int i = first; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            c->json = true;
        else if (argv[i][0] == '-')
            return cli_usage(c, "factories review", "unknown option %s", argv[i]);
        else
            return cli_usage(c, "factories review", "unexpected argument '%s'", argv[i]);
    }
    return history ? review_history(c) : review_list(c);
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
        return cmd_review(c, argc - 2, argv + 2);
    return cli_usage(c, "factories", "unknown command '%s'", sub);
}
