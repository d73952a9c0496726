/* bench_match: the matcher and the import against their baselines, on the same data in the
 * same run (the machine is shared and noisy: only ratios measured side by side mean much).
 *
 *   bench_match import CSV DIR
 *       `sqlite3 DIR/bare.db ".mode csv" ".import CSV t"` (the baseline, before and after),
 *       then sv_factories_import of CSV into a fresh DIR/factories.db, timed from
 *       sv_store_open to sv_store_close (commit and WAL checkpoint included).
 *   bench_match match DB PROGRAM [RUNS]
 *       sv_store_factory_table once, then RUNS timed sv_match_run (after 10 warm-up runs);
 *       the memory floor (a loop reading every byte of the table's columns, as many times);
 *       the same filter and ranking as one SQL query on the same database, interleaved
 *       with the matcher runs, its top 10 checked against the matcher's.
 *
 * Both print `key=value` lines (shell-safe, for bench/run.sh to source) on stdout and a
 * readable account on stderr. */
#include <errno.h>
#include <inttypes.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "selvedge/factory.h"
#include "selvedge/factory_import.h"
#include "selvedge/match.h"
#include "selvedge/osh_csv.h"
#include "selvedge/program_yaml.h"
#include "selvedge/refdata.h"
#include "selvedge/store.h"

extern char **environ;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Current (not peak) resident size, from /proc. */
static long rss_now_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, res = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &res) != 2)
            res = 0;
        fclose(f);
    }
    return res * (sysconf(_SC_PAGESIZE) / 1024);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of n samples (left as they are). */
static double pct(const double *samples, size_t n, double p)
{
    double v[4096];
    if (n > 4096)
        n = 4096;
    memcpy(v, samples, n * sizeof *v);
    qsort(v, n, sizeof *v, cmp_double);
    size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);
    if (k < 1)
        k = 1;
    if (k > n)
        k = n;
    return v[k - 1];
}

static void die(const char *what, const sv_err *e)
{
    char buf[1024];
    fprintf(stderr, "bench_match: %s: %s\n", what, e ? sv_err_format(e, buf, sizeof buf) : "");
    exit(1);
}

static void remove_db(const char *path)
{
    char p[4096];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-journal", path);
    unlink(p);
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* ---- import ----------------------------------------------------------------------------- */

/* The baseline: the sqlite3 shell importing the file into a bare table it creates from the
 * header (every column TEXT, no index, one transaction). Wall time of the whole process. */
static double sqlite3_import(const char *csv, const char *db, long *child_rss)
{
    remove_db(db);
    char import[4200];
    snprintf(import, sizeof import, ".import %s t", csv);
    char *argv[] = {"sqlite3", (char *)db, ".mode csv", import, NULL};
    pid_t pid;
    double t0 = now();
    int rc = posix_spawnp(&pid, "sqlite3", NULL, NULL, argv, environ);
    if (rc != 0) {
        fprintf(stderr, "bench_match: cannot run sqlite3: %s (apt-get install sqlite3)\n",
                strerror(rc));
        exit(1);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench_match: sqlite3 .import failed\n");
        exit(1);
    }
    double t = now() - t0;
    *child_rss = ru.ru_maxrss;
    return t;
}

typedef struct progress {
    double t0;
    double at[64]; /* seconds at each 100,000 rows */
    int n;
} progress;

static void on_progress(void *ud, int64_t rows, int64_t done, int64_t total)
{
    (void)done;
    (void)total;
    progress *p = ud;
    if (rows % 100000 == 0 && p->n < 64) {
        p->at[p->n++] = now() - p->t0;
        fprintf(stderr, "  import: %lld rows, %.1f s\n", (long long)rows, p->at[p->n - 1]);
    }
}

static void on_bad(void *ud, const sv_err *e)
{
    static int shown;
    char buf[1024];
    if (shown++ < 5)
        fprintf(stderr, "  bad row: %s\n", sv_err_format(e, buf, sizeof buf));
}

static sv_code count_row(void *ud, const sv_factory *f, int line, sv_err *e)
{
    (void)f;
    (void)line;
    (void)e;
    ++*(int64_t *)ud;
    return SV_OK;
}

static sv_code skip_bad(void *ud, const sv_err *row_error)
{
    (void)ud;
    (void)row_error;
    return SV_OK;
}

static int cmd_import(const char *csv, const char *dir)
{
    char bare[4096], db[4096];
    snprintf(bare, sizeof bare, "%s/bare.db", dir);
    snprintf(db, sizeof db, "%s/factories.db", dir);
    sv_err e;
    sv_refdata *rd;
    if (sv_refdata_load(NULL, &rd, &e))
        die("reference data", &e);

    long bare_rss[2];
    fprintf(stderr, "import: sqlite3 .import baseline...\n");
    double base1 = sqlite3_import(csv, bare, &bare_rss[0]);
    long long bare_size = file_size(bare);
    fprintf(stderr, "  %.2f s\n", base1);

    /* how much of the import is reading the file: the CSV reader alone, rows dropped */
    fprintf(stderr, "import: the CSV reader alone (sv_csv_factories_read, rows dropped)...\n");
    int64_t parsed = 0;
    sv_csv_format fmt;
    double tp = now();
    if (sv_csv_factories_read(csv, &fmt, count_row, skip_bad, &parsed, &e))
        die("reading the CSV", &e);
    tp = now() - tp;
    fprintf(stderr, "  %.2f s, %lld rows\n", tp, (long long)parsed);

    fprintf(stderr, "import: sv_factories_import into a fresh database...\n");
    remove_db(db);
    progress pr = {.t0 = now()};
    sv_import_hooks hooks = {.bad_row = on_bad, .progress = on_progress, .ud = &pr};
    sv_import_stats st;
    double t0 = now();
    sv_store *s;
    if (sv_store_open(db, &s, &e))
        die("opening the store", &e);
    if (sv_factories_import(s, rd, csv, &hooks, &st, &e))
        die("import", &e);
    double t_import = now() - t0;
    sv_store_close(s);
    double t_total = now() - t0;
    long import_rss = rss_kb();
    fprintf(stderr, "  %.2f s (%.2f s to commit, then close)\n", t_total, t_import);

    fprintf(stderr, "import: sqlite3 .import baseline again...\n");
    double base2 = sqlite3_import(csv, bare, &bare_rss[1]);
    fprintf(stderr, "  %.2f s\n", base2);
    remove_db(bare);

    double base = base1 < base2 ? base1 : base2;
    printf("import_rows=%" PRId64 "\n", st.rows);
    printf("import_added=%" PRId64 "\n", st.added);
    printf("import_merged=%" PRId64 "\n", st.merged);
    printf("import_review=%" PRId64 "\n", st.review);
    printf("import_bad=%" PRId64 "\n", st.bad);
    printf("import_sv_s=%.3f\n", t_total);
    printf("import_sqlite3_s=%.3f\n", base);
    printf("import_sqlite3_runs='%.3f %.3f'\n", base1, base2);
    printf("import_ratio=%.2f\n", t_total / base);
    printf("import_parse_s=%.3f\n", tp);
    printf("import_rss_kb=%ld\n", import_rss);
    /* the first run's: ru_maxrss survives exec, so a child spawned once this process has
     * grown reports at least this process's size */
    printf("import_sqlite3_rss_kb=%ld\n", bare_rss[0]);
    printf("import_db_bytes=%lld\n", file_size(db));
    printf("import_bare_db_bytes=%lld\n", bare_size);
    printf("import_csv_bytes=%lld\n", file_size(csv));
    printf("import_progress='");
    for (int k = 0; k < pr.n; k++)
        printf("%s%.1f", k ? " " : "", pr.at[k]);
    printf("'\n");
    sv_refdata_free(rd);
    return 0;
}

/* ---- the memory floor ----------------------------------------------------------------------- */

typedef struct span {
    const void *p;
    size_t n;
} span;

/* Every byte of the columns the matcher's pass can read, summed 8 bytes at a time: what it
 * costs only to bring them through the memory system once. */
static size_t table_spans(const sv_factory_table *t, span *sp)
{
    size_t n = t->n, k = 0;
#define S(field, count) sp[k++] = (span){t->field, (count) * sizeof *t->field}
    S(id, n);
    S(country, n);
    S(categories, n);
    S(constructions, n);
    S(tiers, n);
    S(certifications, n);
    S(moq_style, n);
    S(moq_color, n);
    S(moq_order, n);
    S(monthly_capacity, n);
    S(sampling_days, n);
    S(production_days, n);
    S(sample_fee, n);
    S(deposit_bp, n);
    S(new_brands, n);
    S(price_at, n + 1);
    S(price_cat, t->n_prices);
    S(price_lo, t->n_prices);
    S(price_hi, t->n_prices);
#undef S
    return k;
}

static uint64_t scan(const span *sp, size_t k)
{
    uint64_t sum = 0;
    for (size_t j = 0; j < k; j++) {
        const unsigned char *p = sp[j].p;
        size_t n = sp[j].n, i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            sum += w;
        }
        for (; i < n; i++)
            sum += p[i];
    }
    return sum;
}

/* ---- the SQL baseline --------------------------------------------------------------------- */

typedef struct sbuf {
    char *p;
    size_t len, cap;
} sbuf;

static void sb(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void sb(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (b->p && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        b->cap = (b->cap + (size_t)n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p) {
            perror("bench_match");
            exit(1);
        }
    }
}

/* The matcher's hard constraints and score (docs/internals/match.md) as one query over the
 * store's tables, the way a web application would write it: the styles and the sea transit
 * per origin as VALUES, the price bands by a join on factory_price, the per-style checks
 * grouped by factory, the score in SQL arithmetic (integer, as the matcher computes it), and
 * ORDER BY ... LIMIT 10. Factories making every style first, then by the matcher's order:
 * rank (score, +1000 in a preferred origin), styles made, id. */
static char *match_sql(const sv_program *p, const sv_refdata *rd, sv_date today)
{
    sbuf b = {0};
    uint32_t cats = 0, certs = 0;
    int64_t samples = 0;
    sb(&b, "WITH st(cbit, cat, constr, tier, units, min_color, target) AS (VALUES ");
    for (size_t s = 0; s < p->n_styles; s++) {
        const sv_style *st = &p->styles[s];
        int64_t units = sv_style_units(st), minc = INT64_MAX;
        for (size_t k = 0; k < st->n_colors; k++)
            if (st->colors[k].units < minc)
                minc = st->colors[k].units;
        sv_tier tier = sv_style_tier(p, st);
        sv_minor usd = -1;
        if (!(st->target_fob > 0 && sv_refdata_to_usd(rd, st->target_fob, p->brand.currency, &usd)))
            usd = -1;
        sb(&b, "%s(%u, %d, %u, %u, %lld, %lld, %lld)", s ? ", " : "",
           (int)st->category >= 0 ? 1u << st->category : 0u, (int)st->category,
           (int)st->construction >= 0 && st->construction != SV_CONSTR_OTHER
               ? 1u << st->construction
               : 0u,
           (int)tier >= 0 ? 1u << tier : 0u, (long long)units, (long long)minc, (long long)usd);
        if ((int)st->category >= 0) {
            cats |= 1u << st->category;
            samples += 2 + rd->categories[st->category].fit_rounds +
                       (int64_t)(st->n_sizes ? st->n_sizes : 1);
        }
    }
    for (size_t k = 0; k < p->n_certifications; k++) {
        int c = sv_cert_parse(p->certifications[k]);
        if (c >= 0)
            certs |= 1u << c;
    }
    /* per origin country: sea transit, and the T&A calendar the matcher judges lead time on
     * (sv_match_calendar_for), worked out as an application would before its query */
    sb(&b, "), lane(country, tr) AS (VALUES ");
    for (size_t k = 0; k < rd->n_origins; k++) {
        const sv_freight_rate *fr =
            sv_refdata_freight(rd, rd->origins[k].country, p->destination, SV_MODE_SEA);
        int tr = fr ? (fr->transit_days_low + fr->transit_days_high + 1) / 2 : -1;
        sb(&b, "%s('%s', %d)", k ? ", " : "", rd->origins[k].country, tr);
    }
    sb(&b, "), tna(country, slack, dev, bulk) AS (VALUES ('--', 0, 0, 0)");
    for (int c0 = 'A'; c0 <= 'Z'; c0++)
        for (int c1 = 'A'; c1 <= 'Z'; c1++) {
            char c[3] = {(char)c0, (char)c1, '\0'};
            sv_match_calendar cal;
            if (sv_match_calendar_for(p, rd, today, c, &cal))
                sb(&b, ", ('%s', %lld, %d, %d)", c, (long long)cal.slack, cal.development,
                   cal.bulk);
        }
    int64_t days = p->has_launch_date
                       ? sv_date_to_days(p->launch_date) - sv_date_to_days(today)
                       : -1;
    sv_minor budget = -1;
    if (!(p->brand.sampling_budget >= 0 &&
          sv_refdata_to_usd(rd, p->brand.sampling_budget, p->brand.currency, &budget)))
        budget = -1;
    int64_t deposit = p->brand.deposit_bp;
    size_t n = p->n_styles;

    /* per factory and style: whether it can make it (every hard constraint met), and the
     * price part of the score */
    sb(&b, "), fs AS (SELECT f.id AS id, s.units AS units, CASE "
           "WHEN (f.categories & s.cbit) = 0 THEN 0 "
           "WHEN s.constr <> 0 AND f.constructions <> 0 AND (f.constructions & s.constr) = 0 "
           "THEN 0 "
           "WHEN s.tier <> 0 AND f.tiers <> 0 AND (f.tiers & s.tier) = 0 THEN 0 "
           "WHEN f.moq_style IS NOT NULL AND s.units < f.moq_style THEN 0 "
           "WHEN f.moq_color IS NOT NULL AND s.min_color < f.moq_color THEN 0 "
           "WHEN (f.certifications & %u) <> %u THEN 0 "
           "WHEN f.new_brands = 0 THEN 0 ELSE 1 END AS ok, "
           "CASE WHEN p.factory_id IS NULL OR s.target < 0 THEN 500 "
           "WHEN s.target >= p.fob_high THEN 1000 WHEN s.target < p.fob_low THEN 0 "
           "ELSE 500 + (s.target - p.fob_low) * 500 / max(p.fob_high - p.fob_low, 1) END AS pv "
           "FROM factory f CROSS JOIN st s "
           "LEFT JOIN factory_price p ON p.factory_id = f.id AND p.category = s.cat "
           "WHERE (f.categories & %u) <> 0), ",
       certs, certs, cats);
    sb(&b, "agg AS (SELECT id, sum(ok) AS n_ok, sum(ok * units) AS units_ok, "
           "sum(ok * pv) AS price_sum FROM fs GROUP BY id), ");
    /* the order as a whole: its minimum, and the capacity of the production window */
    sb(&b, "ok AS (SELECT f.id AS id, f.country AS country, f.categories AS categories, "
           "f.sampling_days AS sd, f.production_days AS pd, f.sample_fee AS fee, "
           "f.deposit_bp AS dep, a.n_ok AS n_ok, a.price_sum / a.n_ok AS price, "
           "coalesce(l.tr, -1) AS tr, t.slack AS slack, t.dev AS dev, t.bulk AS bulk "
           "FROM agg a JOIN factory f ON f.id = a.id LEFT JOIN lane l ON l.country = f.country "
           "LEFT JOIN tna t ON t.country = f.country "
           "WHERE a.n_ok > 0 "
           "AND NOT (f.moq_order IS NOT NULL AND a.units_ok < f.moq_order) "
           "AND NOT (f.monthly_capacity IS NOT NULL AND a.units_ok > f.monthly_capacity * "
           "max(CASE WHEN f.production_days > 0 THEN f.production_days * 10 / 30 ELSE 15 END, "
           "10) / 10)), ");
    /* the score's parts, in thousandths */
    sb(&b, "parts AS (SELECT id, country, n_ok, price, ");
    /* the factory's days before the launch on its country's calendar */
    sb(&b, "CASE WHEN %lld < 0 OR slack IS NULL THEN 500 "
           "WHEN slack - coalesce(sd - dev, 0) - coalesce(pd - bulk, 0) >= 0 THEN 1000 "
           "WHEN slack - coalesce(sd - dev, 0) - coalesce(pd - bulk, 0) <= -60 THEN 0 "
           "ELSE 1000 + (slack - coalesce(sd - dev, 0) - coalesce(pd - bulk, 0)) * 1000 / 60 "
           "END AS lead, ",
       (long long)days);
    sb(&b, "n_ok * 600 / %zu + (CASE WHEN (", n ? n : 1);
    for (int k = 0; k < SV_CAT__COUNT; k++)
        sb(&b, "%s((categories >> %d) & 1)", k ? " + " : "", k);
    sb(&b, ") <= 3 THEN 1000 WHEN (");
    for (int k = 0; k < SV_CAT__COUNT; k++)
        sb(&b, "%s((categories >> %d) & 1)", k ? " + " : "", k);
    sb(&b, ") <= 6 THEN 600 ELSE 300 END) * 4 / 10 AS special, ");
    sb(&b, "CASE WHEN fee IS NULL OR %lld < 0 THEN 500 WHEN %lld = 0 THEN 0 "
           "WHEN fee * %lld <= %lld THEN 1000 ELSE %lld * 1000 / (fee * %lld) END AS sample, ",
       (long long)budget, (long long)budget, (long long)samples, (long long)budget,
       (long long)budget, (long long)samples);
    sb(&b, "CASE WHEN dep IS NULL OR %lld < 0 THEN 500 WHEN dep <= %lld THEN 1000 "
           "WHEN dep - %lld >= 3000 THEN 0 ELSE 1000 - (dep - %lld) * 1000 / 3000 END "
           "AS payment, ",
       (long long)deposit, (long long)deposit, (long long)deposit, (long long)deposit);
    sb(&b, "CASE WHEN tr < 0 THEN 500 WHEN tr <= 7 THEN 1000 WHEN tr >= 40 THEN 0 "
           "ELSE 1000 - (tr - 7) * 1000 / 33 END AS transit FROM ok), ");
    /* each part's points rounded, the total their sum (so the reasons add up) */
    sb(&b, "scored AS (SELECT id, n_ok, (price * 25 + 500) / 1000 + (lead * 20 + 500) / 1000 + "
           "(special * 20 + 500) / 1000 + (sample * 10 + 500) / 1000 + "
           "(payment * 10 + 500) / 1000 + (transit * 15 + 500) / 1000 AS score, country "
           "FROM parts) ");
    sb(&b, "SELECT id, score, n_ok FROM scored ORDER BY n_ok = %zu DESC, "
           "score + (CASE WHEN country IN (",
       n);
    for (size_t k = 0; k < p->n_origins; k++)
        sb(&b, "%s'%s'", k ? ", " : "", p->origins[k]);
    if (!p->n_origins)
        sb(&b, "''");
    sb(&b, ") THEN 1000 ELSE 0 END) DESC, n_ok DESC, id LIMIT 10");
    return b.p;
}

typedef struct sql_row {
    int64_t id;
    int score, n_ok;
} sql_row;

static int run_sql(sqlite3 *db, const char *q, sql_row *rows)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_match: SQL: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
    int n = 0, r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW && n < 10) {
        rows[n].id = sqlite3_column_int64(st, 0);
        rows[n].score = sqlite3_column_int(st, 1);
        rows[n].n_ok = sqlite3_column_int(st, 2);
        n++;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE) {
        fprintf(stderr, "bench_match: SQL: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
    sqlite3_finalize(st);
    return n;
}

/* ---- match ---------------------------------------------------------------------------------- */

static int cmd_match(const char *dbpath, const char *progpath, int runs)
{
    sv_err e;
    sv_refdata *rd;
    sv_program *p;
    sv_store *s;
    if (sv_refdata_load(NULL, &rd, &e))
        die("reference data", &e);
    if (sv_program_load(progpath, &p, &e))
        die("program", &e);
    if (sv_store_open(dbpath, &s, &e))
        die("opening the store", &e);
    long rss_before = rss_now_kb();

    fprintf(stderr, "match: loading the factory table...\n");
    double t0 = now();
    sv_factory_table *t;
    if (sv_store_factory_table(s, &t, &e))
        die("loading the table", &e);
    double t_load = now() - t0;
    span sp[32];
    size_t nsp = table_spans(t, sp);
    size_t table_bytes = 0;
    for (size_t k = 0; k < nsp; k++)
        table_bytes += sp[k].n;
    long rss_loaded = rss_now_kb(), rss_load_peak = rss_kb();
    fprintf(stderr, "  %zu factories, %zu price bands, %.1f MB of columns, loaded in %.2f s; "
                    "resident %ld MB, peak while loading %ld MB\n",
            t->n, t->n_prices, (double)table_bytes / 1e6, t_load, rss_loaded / 1024,
            rss_load_peak / 1024);

    /* the matcher as `selvedge match` runs it (a thread per core, THREADS to change it), and
     * on one thread, interleaved: the split's gain measured side by side */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    const char *th = getenv("THREADS");
    int threads = th && atoi(th) > 0 ? atoi(th) : cores > 0 ? (int)cores : 1;
    sv_match_options opt = {.top = 10, .near = 10, .today = {2026, 11, 25}, .threads = threads};
    sv_match_options opt1 = opt;
    opt1.threads = 1;
    sv_match_result *r;
    const int warm = 10;
    for (int k = 0; k < warm; k++) {
        if (sv_match_run(p, rd, t, &opt, &r, &e))
            die("match", &e);
        if (k < warm - 1)
            sv_match_result_free(r);
    }
    /* keep the last warm-up result for the comparison with SQL */
    sv_match *list = r->n_top ? r->top : r->partial;
    size_t n_list = r->n_top ? r->n_top : r->n_partial;
    fprintf(stderr, "  %zu scanned, %zu pass the category screen, %zu match, %zu partial, "
                    "%zu near misses, %zu groups\n",
            r->scanned, r->candidates, r->n_top, r->n_partial, r->n_near, r->n_groups);
    size_t scanned = r->scanned, candidates = r->candidates, n_top = r->n_top,
           n_groups = r->n_groups;

    char *q = match_sql(p, rd, opt.today);
    sqlite3 *db = sv_store_db(s);
    int sql_runs = 5, per_block = runs / sql_runs;
    double *tm = calloc((size_t)runs, sizeof *tm), *tf = calloc((size_t)runs, sizeof *tf),
           *t1 = calloc((size_t)runs, sizeof *t1);
    /* one thread and `threads` threads must give the same lists */
    int same_threads = 1;
    {
        sv_match_result *one;
        if (sv_match_run(p, rd, t, &opt1, &one, &e))
            die("match", &e);
        same_threads = one->n_top == r->n_top && one->n_partial == r->n_partial &&
                       one->n_near == r->n_near && one->n_groups == r->n_groups &&
                       one->candidates == r->candidates;
        for (size_t k = 0; same_threads && k < r->n_top; k++)
            same_threads = one->top[k].factory_id == r->top[k].factory_id &&
                           one->top[k].rank == r->top[k].rank;
        for (size_t k = 0; same_threads && k < r->n_partial; k++)
            same_threads = one->partial[k].factory_id == r->partial[k].factory_id &&
                           one->partial[k].rank == r->partial[k].rank;
        for (size_t k = 0; same_threads && k < r->n_near; k++)
            same_threads = one->near[k].factory_id == r->near[k].factory_id &&
                           one->near[k].rank == r->near[k].rank &&
                           strcmp(one->near[k].change, r->near[k].change) == 0;
        for (size_t k = 0; same_threads && k < r->n_groups; k++)
            same_threads = one->groups[k].factory_id == r->groups[k].factory_id;
        sv_match_result_free(one);
        fprintf(stderr, "  %d threads against 1: %s lists\n", threads,
                same_threads ? "the same" : "DIFFERENT");
    }
    double ts[16];
    volatile uint64_t sink = 0;
    for (int k = 0; k < warm; k++)
        sink += scan(sp, nsp);
    long rss_match = 0;

    fprintf(stderr, "match: %d runs of the matcher and of the memory floor, %d of the SQL "
                    "query, interleaved...\n",
            runs, sql_runs);
    sql_row rows[10];
    int n_rows = 0;
    int done = 0;
    for (int b = 0; b < sql_runs; b++) {
        int upto = b == sql_runs - 1 ? runs : done + per_block;
        for (; done < upto; done++) {
            double a = now();
            sv_match_result *x;
            if (sv_match_run(p, rd, t, &opt, &x, &e))
                die("match", &e);
            sv_match_result_free(x);
            double m = now();
            sink += scan(sp, nsp);
            double f = now();
            if (sv_match_run(p, rd, t, &opt1, &x, &e))
                die("match", &e);
            sv_match_result_free(x);
            double o = now();
            tm[done] = m - a;
            tf[done] = f - m;
            t1[done] = o - f;
        }
        if (b == 0)
            rss_match = rss_kb(); /* peak so far: the table, the matcher, no SQL scan yet */
        double a = now();
        n_rows = run_sql(db, q, rows);
        ts[b] = now() - a;
        fprintf(stderr, "  SQL run %d: %.3f s\n", b + 1, ts[b]);
    }
    (void)sink;

    /* the same query with the database memory-mapped: SQLite's best case, not what a web
     * application gets by default (it reads pages with pread through a 2 MB cache) */
    double tmm[3];
    sqlite3_exec(db, "PRAGMA mmap_size = 4294967296", NULL, NULL, NULL);
    for (int k = 0; k < 3; k++) {
        double a = now();
        run_sql(db, q, rows);
        tmm[k] = now() - a;
        fprintf(stderr, "  SQL run with mmap %d: %.3f s\n", k + 1, tmm[k]);
    }
    sqlite3_exec(db, "PRAGMA mmap_size = 0", NULL, NULL, NULL);

    /* the SQL's top 10 against the matcher's list */
    int same = n_rows > 0 || n_list == 0;
    size_t cmp = (size_t)n_rows < n_list ? (size_t)n_rows : n_list;
    for (size_t k = 0; k < cmp; k++)
        if (rows[k].id != list[k].factory_id || rows[k].score != list[k].score)
            same = 0;
    fprintf(stderr, "  matcher vs SQL, first %zu:", cmp);
    for (size_t k = 0; k < cmp; k++)
        fprintf(stderr, " %lld/%lld", (long long)list[k].factory_id, (long long)rows[k].id);
    fprintf(stderr, " -> %s\n", same ? "same" : "DIFFERENT");

    double p50 = pct(tm, (size_t)runs, 50), p99 = pct(tm, (size_t)runs, 99),
           pmax = pct(tm, (size_t)runs, 100);
    double f50 = pct(tf, (size_t)runs, 50), f99 = pct(tf, (size_t)runs, 99);
    double s50 = pct(ts, (size_t)sql_runs, 50);
    printf("sqlite_lib_version=%s\n", sqlite3_libversion());
    printf("match_factories=%zu\n", t->n);
    printf("match_prices=%zu\n", t->n_prices);
    printf("match_table_bytes=%zu\n", table_bytes);
    printf("match_load_s=%.3f\n", t_load);
    printf("match_runs=%d\n", runs);
    printf("match_p50_ms=%.2f\n", p50 * 1e3);
    printf("match_p99_ms=%.2f\n", p99 * 1e3);
    printf("match_max_ms=%.2f\n", pmax * 1e3);
    printf("match_threads=%d\n", threads);
    printf("match_1thread_p50_ms=%.2f\n", pct(t1, (size_t)runs, 50) * 1e3);
    printf("match_1thread_p99_ms=%.2f\n", pct(t1, (size_t)runs, 99) * 1e3);
    printf("match_threads_same=%s\n", same_threads ? "yes" : "no");
    printf("match_scanned=%zu\n", scanned);
    printf("match_candidates=%zu\n", candidates);
    printf("match_top=%zu\n", n_top);
    printf("match_partial_top=%zu\n", n_list);
    printf("match_groups=%zu\n", n_groups);
    printf("floor_p50_ms=%.2f\n", f50 * 1e3);
    printf("floor_p99_ms=%.2f\n", f99 * 1e3);
    printf("floor_gbps=%.2f\n", (double)table_bytes / f50 / 1e9);
    printf("match_over_floor=%.2f\n", p50 / f50);
    printf("sql_runs=%d\n", sql_runs);
    printf("sql_p50_ms=%.1f\n", s50 * 1e3);
    printf("sql_all_s='");
    for (int k = 0; k < sql_runs; k++)
        printf("%s%.3f", k ? " " : "", ts[k]);
    printf("'\n");
    printf("sql_over_match=%.1f\n", s50 / p50);
    printf("sql_same_top=%s\n", same ? "yes" : "no");
    printf("sql_mmap_p50_ms=%.1f\n", pct(tmm, 3, 50) * 1e3);
    printf("sql_mmap_over_match=%.1f\n", pct(tmm, 3, 50) / p50);
    printf("match_rss_before_kb=%ld\n", rss_before);
    printf("match_rss_kb=%ld\n", rss_match);
    printf("match_rss_loaded_kb=%ld\n", rss_loaded);
    printf("match_rss_load_peak_kb=%ld\n", rss_load_peak);
    printf("match_rss_peak_kb=%ld\n", rss_kb());

    sv_match_result_free(r);
    free(q);
    free(tm);
    free(tf);
    free(t1);
    sv_factory_table_free(t);
    sv_store_close(s);
    sv_program_free(p);
    sv_refdata_free(rd);
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 4 && strcmp(argv[1], "import") == 0)
        return cmd_import(argv[2], argv[3]);
    if (argc >= 4 && strcmp(argv[1], "match") == 0) {
        int runs = argc >= 5 ? atoi(argv[4]) : 200;
        if (runs < 10)
            runs = 10;
        if (runs > 4096)
            runs = 4096;
        return cmd_match(argv[2], argv[3], runs);
    }
    fprintf(stderr, "usage: bench_match import CSV DIR\n"
                    "       bench_match match DB PROGRAM [RUNS]\n");
    return 2;
}
