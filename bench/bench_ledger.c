/* bench_ledger: the relationship ledger at scale (issue 10, item 6), against SQL over the
 * same store in the same run.
 *
 *   bench_ledger N SEED FACTORIES.csv DIR [RUNS]
 *
 * 1. A fresh DIR/ledger.db; the factories of FACTORIES.csv (gen_factories) imported into it
 *    (sv_factories_import): the registry the events name, its first 10,000 handles.
 * 2. A ledger of N events written to DIR/ledger-N-SEED.jsonl: 2,000 brands, each with
 *    factories of its own (a few factories many brands share), three seasons of RFQ cycles
 *    (an RFQ to one factory, messages, a quote, sample rounds with fees, changes, an order,
 *    sometimes countered and revised, its confirmation, deposit and balance due and paid, the
 *    ex-factory milestone, an inspection), each valid under admission. splitmix64 +
 *    xoshiro256**: the same N and SEED give the same bytes (and, with the same registry, the
 *    same ledger).
 * 3. The file loaded through the real import (sv_ledger_import), timed.
 * 4. Recording one event durably (sv_ledger_record: a message on an RFQ of a pair with a
 *    full history, one transaction each, the store's synchronous setting as it is) RUNS times.
 * 5. The scorecard of the factory with the most brands over all of them, and of the brand
 *    with the most factories over all of them, as `selvedge scorecard` makes them (the
 *    party's events read from the store's typed columns, sv_scorecard_compute), RUNS/10 times each;
 *    interleaved with each, the same party's brand.pays_on_time or factory.delivery_on_time
 *    computed by one SQL query over the same store, and checked equal to the engine's.
 *
 * Prints `key=value` lines (shell-safe, for bench/ledger.sh to source) on stdout and a
 * readable account on stderr. */
#include <inttypes.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "selvedge/factory_import.h"
#include "selvedge/ledger.h"
#include "selvedge/ledger_import.h"
#include "selvedge/ledger_jsonl.h"
#include "selvedge/party_store.h"
#include "selvedge/pool.h"
#include "selvedge/quotes.h"
#include "selvedge/rfq_inputs.h"
#include "selvedge/rfq_snapshot.h"
#include "selvedge/refdata.h"
#include "selvedge/scorecard.h"
#include "selvedge/store.h"

enum { N_BRANDS = 2000, N_FACTORIES = 10000, N_SEASONS = 3 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double pct(double *v, size_t n, double p)
{
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

static void die(const char *what, const sv_err *e)
{
    char buf[1024];
    fprintf(stderr, "bench_ledger: %s: %s\n", what, e ? sv_err_format(e, buf, sizeof buf) : "");
    exit(1);
}

/* ---- the generator's random numbers: splitmix64 seeds xoshiro256** ---- */

static uint64_t rs[4];

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rnd(void)
{
    uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;
    rs[2] ^= rs[0];
    rs[3] ^= rs[1];
    rs[1] ^= rs[2];
    rs[0] ^= rs[3];
    rs[2] ^= t;
    rs[3] = rotl(rs[3], 45);
    return r;
}

/* 0 .. n-1 */
static int64_t below(int64_t n) { return (int64_t)(rnd() % (uint64_t)n); }
/* a .. b */
static int64_t between(int64_t a, int64_t b) { return a + below(b - a + 1); }
/* true one time in `in` per 100 */
static int chance(int in100) { return below(100) < in100; }

/* ---- days and times ---- */

/* days since 1970-01-01 to y-m-d (Howard Hinnant's civil_from_days) */
static void civil(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static const char *dstr(int64_t days, char *buf)
{
    int y, m, d;
    civil(days, &y, &m, &d);
    snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
    return buf;
}

static const char *tstr(int64_t secs, char *buf)
{
    int64_t days = secs / 86400, s = secs % 86400;
    int y, m, d;
    civil(days, &y, &m, &d);
    snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(s / 3600), (int)(s / 60 % 60),
            (int)(s % 60));
    return buf;
}

static const char *money(int64_t minor, char *buf)
{
    snprintf(buf, 32, "%" PRId64 ".%02" PRId64, minor / 100, minor % 100);
    return buf;
}

/* 2026-01-05, 2026-05-04, 2026-09-07: the three seasons' first RFQs */
static const int64_t season_start[N_SEASONS] = {20458, 20577, 20703};
/* judged as of 2027-09-30, when every cycle is over */
#define AS_OF 21457

/* ---- the ledger generator ---- */

typedef struct gen {
    FILE *out;
    int64_t id; /* the last event's id (the store's ledger starts empty) */
    const char *b, *f;
    char head[200]; /* "brand":...,"factory":... */
} gen;

/* Start an event line: id, at, by, kind, the pair. */
static void ev(gen *g, int64_t at, const char *by, const char *kind)
{
    char t[32];
    g->id++;
    fprintf(g->out, "{\"at\":\"%s\",\"by\":\"%s\",\"kind\":\"%s\",%s", tstr(at, t), by, kind,
            g->head);
}

static const char *colours[] = {"Black", "White", "Navy", "Grey", "Red", "Olive", "Sand"};
static const char *sizes[] = {"XS", "S", "M", "L", "XL"};
static const char *reasons[] = {"moq", "price", "capacity", "category", "timeline", "terms"};
static const char *whats[] = {"print placement", "trim colour", "fabric weight", "label",
                              "packaging", "zip"};

/* One sample round of style st: requested at *t, shipped, received, perhaps a fee invoiced
 * and paid, reviewed. The verdict is returned. */
static int sample_round(gen *g, const char *st, const char *stage, int round, int64_t *t, int fee)
{
    char d[16], m[32];
    int64_t due_days = between(10, 21);
    int64_t due = *t / 86400 + due_days;
    ev(g, *t, "brand", "sample.requested");
    fprintf(g->out, ",\"style\":\"%s\",\"stage\":\"%s\",\"round\":%d,\"due\":\"%s\"}\n", st, stage,
            round, dstr(due, d));
    /* received on time two times in three, else 1-10 days late */
    int64_t recv_day = chance(67) ? due - between(0, 4) : due + between(1, 10);
    int64_t recv = recv_day * 86400 + between(8, 17) * 3600;
    if (recv <= *t + 86400)
        recv = *t + 2 * 86400;
    ev(g, recv - 2 * 86400, "factory", "sample.shipped");
    fprintf(g->out, ",\"style\":\"%s\",\"stage\":\"%s\",\"round\":%d,\"courier\":\"DHL\"}\n", st,
            stage, round);
    ev(g, recv, "brand", "sample.received");
    fprintf(g->out, ",\"style\":\"%s\",\"stage\":\"%s\",\"round\":%d}\n", st, stage, round);
    if (fee) {
        int64_t amount = between(20, 80) * 100;
        ev(g, recv - 86400, "factory", "sample.fee_invoiced");
        fprintf(g->out,
                ",\"style\":\"%s\",\"stage\":\"%s\",\"round\":%d,\"currency\":\"USD\","
                "\"amount\":\"%s\",\"due\":\"%s\"}\n",
                st, stage, round, money(amount, m), dstr(recv / 86400 + 20, d));
        if (chance(80)) {
            ev(g, recv + between(5, 30) * 86400, "brand", "sample.fee_paid");
            fprintf(g->out,
                    ",\"style\":\"%s\",\"stage\":\"%s\",\"round\":%d,\"currency\":\"USD\","
                    "\"amount\":\"%s\"}\n",
                    st, stage, round, m);
        }
    }
    int verdict = (int)below(100);
    verdict = verdict < 65 ? 0 : verdict < 82 ? 1 : 2;
    static const char *vn[] = {"approved", "approved_with_comments", "rejected"};
    *t = recv + between(1, 8) * 86400 + between(0, 8) * 3600;
    ev(g, *t, "brand", "sample.reviewed");
    fprintf(g->out, ",\"style\":\"%s\",\"stage\":\"%s\",\"round\":%d,\"verdict\":\"%s\"}\n", st,
            stage, round, vn[verdict]);
    return verdict;
}

/* A message on thread `on` (`"rfq":"R1"`), one side then the other's answer. */
static void exchange(gen *g, int64_t *t, const char *on, const char *first)
{
    const char *second = strcmp(first, "brand") == 0 ? "factory" : "brand";
    ev(g, *t, first, "message");
    fprintf(g->out, ",%s,\"text\":\"Could you confirm the details?\"}\n", on);
    *t += between(1, 60) * 3600;
    ev(g, *t, second, "message");
    fprintf(g->out, ",%s,\"text\":\"Confirmed.\"}\n", on);
}

/* One RFQ cycle of the pair, opened at t0 (seconds): its events, in the order they happen.
 * c: the cycle's number (refs unique in the whole ledger). */
static void cycle(gen *g, int64_t c, int64_t t0)
{
    char d[16], d2[16], m[32], on[80];
    int n_st = (int)between(1, 4);
    char st[4][24];
    int64_t qty[4], price[4], prod[4];
    for (int i = 0; i < n_st; i++) {
        snprintf(st[i], sizeof st[i], "S%" PRId64 "-%d", c, i + 1);
        qty[i] = between(3, 40) * 100;
        price[i] = between(250, 3500); /* cents */
        prod[i] = between(45, 90);
    }
    int64_t t = t0;
    ev(g, t, "brand", "rfq.sent");
    fprintf(g->out, ",\"rfq\":\"R%" PRId64 "\",\"due\":\"%s\",\"lines\":[", c,
            dstr(t / 86400 + 14, d));
    for (int i = 0; i < n_st; i++)
        fprintf(g->out, "%s{\"style\":\"%s\",\"qty\":%" PRId64 "}", i ? "," : "", st[i], qty[i]);
    fputs("]}\n", g->out);
    snprintf(on, sizeof on, "\"rfq\":\"R%" PRId64 "\"", c);
    if (chance(10)) {
        ev(g, t + between(1, 10) * 86400, "factory", "rfq.declined");
        fprintf(g->out, ",\"rfq\":\"R%" PRId64 "\",\"reason\":\"%s\"}\n", c, reasons[below(6)]);
        return;
    }
    t += between(4, 48) * 3600;
    if (chance(70))
        exchange(g, &t, on, "factory");
    t += between(1, 10) * 86400;
    ev(g, t, "factory", "quote");
    fprintf(g->out, ",\"rfq\":\"R%" PRId64 "\",\"currency\":\"USD\",\"quote\":[", c);
    for (int i = 0; i < n_st; i++)
        fprintf(g->out,
                "%s{\"style\":\"%s\",\"breaks\":[{\"qty\":%" PRId64 ",\"price\":\"%s\"},"
                "{\"qty\":%" PRId64 ",\"price\":\"%s\"}],\"production_days\":%" PRId64 "}",
                i ? "," : "", st[i], qty[i] / 2, money(price[i], m), qty[i] * 2,
                money(price[i] * 9 / 10, d2), prod[i]);
    fputs("]}\n", g->out);
    /* samples: a fit round for each style, a second when the first is rejected; then PP */
    int64_t ts = t + between(1, 5) * 86400, tmax = ts;
    for (int i = 0; i < n_st; i++) {
        int64_t ti = ts + i * 600;
        int v = sample_round(g, st[i], "fit", 1, &ti, chance(25));
        if (v == 2) {
            ti += 86400;
            sample_round(g, st[i], "fit", 2, &ti, 0);
        }
        if (chance(40)) {
            char th[80];
            snprintf(th, sizeof th, "\"style\":\"%s\",\"stage\":\"fit\",\"round\":1", st[i]);
            int64_t tm = ti + 3600;
            exchange(g, &tm, th, "brand");
            if (tm > ti)
                ti = tm;
        }
        if (ti > tmax)
            tmax = ti;
    }
    t = tmax + 86400;
    /* a change after sign-off, one cycle in five */
    if (chance(20)) {
        ev(g, t, "brand", "change.requested");
        fprintf(g->out,
                ",\"change\":\"CR%" PRId64 "\",\"style\":\"%s\",\"what\":\"%s\",\"from\":\"A\","
                "\"to\":\"B\"}\n",
                c, st[0], whats[below(6)]);
        t += between(1, 4) * 86400;
        ev(g, t, "factory", "change.answered");
        fprintf(g->out, ",\"change\":\"CR%" PRId64 "\",\"days\":%" PRId64 "}\n", c, between(0, 10));
        t += between(2, 30) * 3600;
        ev(g, t, "brand", chance(85) ? "change.accepted" : "change.withdrawn");
        fprintf(g->out, ",\"change\":\"CR%" PRId64 "\"}\n", c);
    }
    if (!chance(80))
        return; /* not ordered */
    /* the order: each style in one or two colours and three sizes, at the quote's price
     * mostly, sometimes below it */
    int64_t total = 0;
    char lines[4096];
    size_t pos = 0;
    int64_t maxprod = 0;
    for (int i = 0; i < n_st; i++) {
        int nc = (int)between(1, 2);
        int64_t p = price[i];
        if (chance(15))
            p = p * 97 / 100;
        int64_t per = qty[i] / (nc * 3);
        if (per < 1)
            per = 1;
        for (int k = 0; k < nc; k++)
            for (int z = 1; z <= 3; z++) {
                pos += (size_t)snprintf(lines + pos, sizeof lines - pos,
                                        "%s{\"style\":\"%s\",\"color\":\"%s\",\"size\":\"%s\","
                                        "\"qty\":%" PRId64 ",\"price\":\"%s\"}",
                                        pos ? "," : "", st[i], colours[(i + k) % 7], sizes[z],
                                        per, money(p, m));
                total += per * p;
            }
        if (prod[i] > maxprod)
            maxprod = prod[i];
    }
    int64_t exf = t / 86400 + maxprod + between(-5, 15);
    ev(g, t, "brand", "order.issued");
    fprintf(g->out,
            ",\"order\":\"PO%" PRId64 "\",\"rfq\":\"R%" PRId64 "\",\"currency\":\"USD\","
            "\"ex_factory\":\"%s\",\"lines\":[%s]}\n",
            c, c, dstr(exf, d), lines);
    int64_t issued = g->id;
    t += between(4, 30) * 3600;
    if (chance(8)) {
        ev(g, t, "factory", "order.countered");
        exf += between(3, 10);
        fprintf(g->out, ",\"order\":\"PO%" PRId64 "\",\"ex_factory\":\"%s\",\"text\":\"We need more time\"}\n",
                c, dstr(exf, d));
        t += between(4, 30) * 3600;
        ev(g, t, "brand", "order.issued");
        fprintf(g->out,
                ",\"supersedes\":%" PRId64 ",\"order\":\"PO%" PRId64 "\",\"rfq\":\"R%" PRId64
                "\",\"currency\":\"USD\",\"ex_factory\":\"%s\",\"lines\":[%s]}\n",
                issued, c, c, dstr(exf, d), lines);
        t += between(4, 30) * 3600;
    }
    ev(g, t, "factory", "order.confirmed");
    fprintf(g->out, ",\"order\":\"PO%" PRId64 "\",\"ex_factory\":\"%s\"}\n", c, dstr(exf, d));
    /* the deposit, 30%, due in a week */
    int64_t dep = total * 30 / 100, bal = total - dep;
    int64_t due = t / 86400 + 7;
    ev(g, t + 3600, "factory", "payment.due");
    fprintf(g->out,
            ",\"order\":\"PO%" PRId64 "\",\"milestone\":\"deposit\",\"due\":\"%s\","
            "\"currency\":\"USD\",\"amount\":\"%s\"}\n",
            c, dstr(due, d), money(dep, m));
    int64_t paid = (chance(72) ? due - between(0, 3) : due + between(1, 25)) * 86400 + 36000;
    if (paid <= t + 3600)
        paid = t + 7200;
    ev(g, paid, "brand", "payment.paid");
    fprintf(g->out,
            ",\"order\":\"PO%" PRId64 "\",\"milestone\":\"deposit\",\"currency\":\"USD\","
            "\"amount\":\"%s\"}\n",
            c, m);
    if (chance(50)) {
        int64_t tm = paid + between(1, 20) * 86400;
        snprintf(on, sizeof on, "\"order\":\"PO%" PRId64 "\"", c);
        exchange(g, &tm, on, chance(50) ? "brand" : "factory");
    }
    /* out of the factory: on time two times in three */
    int64_t out_day = chance(66) ? exf - between(0, 3) : exf + between(1, 14);
    int64_t lot = total / (price[0] ? price[0] : 1);
    ev(g, (out_day - 2) * 86400 + 36000, "brand", "inspection");
    int pass = chance(85);
    fprintf(g->out,
            ",\"order\":\"PO%" PRId64 "\",\"lot\":%" PRId64 ",\"defects\":{\"critical\":0,"
            "\"major\":%d,\"minor\":%d},\"result\":\"%s\"}\n",
            c, lot > 0 ? lot : 1, pass ? (int)below(3) : (int)between(6, 12), (int)below(8),
            pass ? "pass" : "fail");
    ev(g, out_day * 86400 + 50000, "factory", "milestone.actual");
    fprintf(g->out, ",\"order\":\"PO%" PRId64 "\",\"milestone\":\"ex_factory\",\"planned\":\"%s\"}\n",
            c, dstr(exf, d));
    /* the balance, due 30 days after the goods left */
    due = out_day + 30;
    ev(g, out_day * 86400 + 60000, "factory", "payment.due");
    fprintf(g->out,
            ",\"order\":\"PO%" PRId64 "\",\"milestone\":\"balance\",\"due\":\"%s\","
            "\"currency\":\"USD\",\"amount\":\"%s\"}\n",
            c, dstr(due, d), money(bal, m));
    if (chance(95)) {
        paid = (chance(65) ? due - between(0, 5) : due + between(1, 40)) * 86400 + 36000;
        ev(g, paid, "brand", "payment.paid");
        fprintf(g->out,
                ",\"order\":\"PO%" PRId64 "\",\"milestone\":\"balance\",\"currency\":\"USD\","
                "\"amount\":\"%s\"}\n",
                c, m);
    }
}

typedef struct pairs {
    int *b, *f; /* brand and factory index of each pair */
    size_t n;
} pairs;

/* Each brand works with 2-12 factories (a few with 30), drawn with a skew so that some
 * factories serve many brands. */
static void make_pairs(pairs *p)
{
    size_t cap = N_BRANDS * 32;
    p->b = malloc(cap * sizeof *p->b);
    p->f = malloc(cap * sizeof *p->f);
    p->n = 0;
    for (int b = 0; b < N_BRANDS; b++) {
        int k = chance(3) ? 30 : (int)between(2, 12);
        int start = (int)p->n;
        for (int i = 0; i < k; i++) {
            double u = (double)(rnd() >> 11) * 0x1.0p-53;
            int f = (int)(u * u * N_FACTORIES);
            int dup = 0;
            for (int j = start; j < (int)p->n && !dup; j++)
                dup = p->f[j] == f;
            if (dup)
                continue;
            p->b[p->n] = b;
            p->f[p->n] = f;
            p->n++;
        }
    }
}

/* Write about n events (it stops after the cycle that reaches n). Returns the count. */
static int64_t generate(int64_t n, uint64_t seed, char **handles, const char *path)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        rs[i] = splitmix(&x);
    gen g = {fopen(path, "w"), 0, NULL, NULL, {0}};
    if (!g.out) {
        perror(path);
        exit(1);
    }
    pairs p;
    make_pairs(&p);
    int64_t c = 0;
    for (int s = 0; s < N_SEASONS; s++) {
        int64_t target = n * (s + 1) / N_SEASONS;
        while (g.id < target) {
            size_t k = (size_t)below((int64_t)p.n);
            char bh[32];
            snprintf(bh, sizeof bh, "brand-%04d", p.b[k]);
            snprintf(g.head, sizeof g.head, "\"brand\":\"%s\",\"factory\":\"%s\"", bh,
                     handles[p.f[k]]);
            int64_t t0 = (season_start[s] + between(0, 60)) * 86400 + between(8, 17) * 3600;
            cycle(&g, ++c, t0);
        }
    }
    fclose(g.out);
    free(p.b);
    free(p.f);
    return g.id;
}

/* ---- measuring ---- */

typedef struct loader {
    sv_pool *pool;
    const sv_ledger_event **v;
    size_t n, cap;
} loader;

/* A party's event from the typed columns, as `selvedge scorecard` reads them; from its body
 * when the read hands one over (an event of a store written before migration 8 whose
 * factory's handle changed since; none here). */
static sv_code keep(void *ud, const sv_ledger_event *in, const char *body, sv_err *e)
{
    loader *l = ud;
    sv_ledger_event ev = *in;
    if (body) {
        sv_code rc = sv_ledger_event_parse(body, strlen(body), l->pool, &ev, e);
        if (rc != SV_OK)
            return rc;
        ev.id = in->id;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        const sv_ledger_event **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        l->v = v;
        l->cap = cap;
    }
    sv_ledger_event *c = sv_pool_alloc(l->pool, sizeof *c);
    if (!c)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    *c = ev;
    l->v[l->n++] = c;
    return SV_OK;
}

/* One scorecard as `selvedge scorecard` makes it: read, parse, compute. The measure `code`'s
 * num/den and days late are returned; *events the party's events. */
static double scorecard(sv_store *s, const sv_sc_params *p, sv_sc_side side, const char *who,
                        sv_sc_code code, int64_t *num, int64_t *den, double *late,
                        size_t *events, double *compute)
{
    double t0 = now();
    sv_err e;
    sv_err_clear(&e);
    loader l = {sv_pool_create(), NULL, 0, 0};
    if (sv_store_ledger_party_typed(s, side == SV_SC_BRAND ? who : NULL,
                                    side == SV_SC_FACTORY ? who : NULL, l.pool, keep, &l, &e))
        die("reading the party's events", &e);
    sv_scorecard sc;
    double t1 = now();
    if (sv_scorecard_compute(l.v, l.n, side, who, p, &sc))
        die("scorecard", NULL);
    double t = now() - t0;
    *compute = now() - t1;
    for (int k = 0; k < sc.n_m; k++)
        if (sc.m[k].code == code) {
            *num = sc.m[k].num;
            *den = sc.m[k].den;
            *late = sc.m[k].days_late;
        }
    *events = l.n;
    sv_scorecard_free(&sc);
    free(l.v);
    sv_pool_free(l.pool);
    return t;
}

/* brand.pays_on_time over all the brand's factories: each payment.due that stands, its last
 * standing payment.paid of the same order and milestone (same factory); counted when paid or
 * due before the day judged at; on time when paid on or before its due day. */
static const char sql_pays_on_time[] =
    "WITH ev AS (SELECT e.* FROM ledger_event e WHERE e.brand_id = "
    "    (SELECT id FROM brand WHERE handle = ?1) "
    "    AND NOT EXISTS (SELECT 1 FROM ledger_event s WHERE s.supersedes = e.id)),"
    " due AS (SELECT id, factory_id, order_ref, milestone, due_day FROM ev "
    "    WHERE kind = 'payment.due'),"
    " paid AS (SELECT d.due_day, (SELECT p.at / 86400 FROM ev p WHERE p.kind = 'payment.paid'"
    "    AND p.factory_id = d.factory_id AND p.order_ref = d.order_ref"
    "    AND p.milestone = d.milestone ORDER BY p.id DESC LIMIT 1) AS day FROM due d),"
    " counted AS (SELECT MAX(0, COALESCE(day, ?2) - due_day) AS late FROM paid"
    "    WHERE day IS NOT NULL OR due_day < ?2)"
    "SELECT SUM(late = 0), COUNT(*), AVG(late) FROM counted";

/* factory.delivery_on_time over all the factory's brands: each order.issued that stands and
 * has an order.confirmed (the last standing one of its order), the date confirmed (else the
 * order's), the last standing milestone.actual ex_factory of the order; counted when out or
 * due before the day judged at; on time when out on or before the date. */
static const char sql_delivery_on_time[] =
    "WITH ev AS (SELECT e.* FROM ledger_event e WHERE e.factory_id = "
    "    (SELECT id FROM factory WHERE handle = ?1) "
    "    AND NOT EXISTS (SELECT 1 FROM ledger_event s WHERE s.supersedes = e.id)),"
    " o AS (SELECT i.brand_id, i.order_ref, COALESCE((SELECT c.ex_factory_day FROM ev c"
    "    WHERE c.kind = 'order.confirmed' AND c.brand_id = i.brand_id"
    "    AND c.order_ref = i.order_ref ORDER BY c.id DESC LIMIT 1), i.ex_factory_day) AS date,"
    "    (SELECT m.at / 86400 FROM ev m WHERE m.kind = 'milestone.actual'"
    "    AND m.milestone = 'ex_factory' AND m.brand_id = i.brand_id"
    "    AND m.order_ref = i.order_ref ORDER BY m.id DESC LIMIT 1) AS day"
    "    FROM ev i WHERE i.kind = 'order.issued' AND EXISTS (SELECT 1 FROM ev c"
    "    WHERE c.kind = 'order.confirmed' AND c.brand_id = i.brand_id"
    "    AND c.order_ref = i.order_ref)),"
    " counted AS (SELECT MAX(0, COALESCE(day, ?2) - date) AS late FROM o"
    "    WHERE date IS NOT NULL AND (day IS NOT NULL OR date < ?2))"
    "SELECT SUM(late = 0), COUNT(*), AVG(late) FROM counted";

static double run_sql(sqlite3 *db, const char *q, const char *who, int64_t *num, int64_t *den,
                      double *late)
{
    double t0 = now();
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_ledger: SQL: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
    sqlite3_bind_text(st, 1, who, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, AS_OF);
    if (sqlite3_step(st) != SQLITE_ROW) {
        fprintf(stderr, "bench_ledger: SQL: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
    *num = sqlite3_column_int64(st, 0);
    *den = sqlite3_column_int64(st, 1);
    *late = sqlite3_column_double(st, 2);
    sqlite3_finalize(st);
    return now() - t0;
}

static char *query_text(sqlite3 *db, const char *q)
{
    sqlite3_stmt *st;
    char *r = NULL;
    if (sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        r = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (!r) {
        fprintf(stderr, "bench_ledger: %s: %s\n", q, sqlite3_errmsg(db));
        exit(1);
    }
    return r;
}

/* The scorecard of `who` RUNS times interleaved with the SQL; key=value lines under `key`. */
static void measure_card(sv_store *s, const sv_sc_params *p, sv_sc_side side, const char *who,
                         int runs, const char *key)
{
    sqlite3 *db = sv_store_db(s);
    sv_sc_code code = side == SV_SC_BRAND ? SV_SC_BRAND_PAYS_ON_TIME : SV_SC_FACTORY_DELIVERY_ON_TIME;
    const char *q = side == SV_SC_BRAND ? sql_pays_on_time : sql_delivery_on_time;
    double *tc = malloc((size_t)runs * sizeof *tc), *tq = malloc((size_t)runs * sizeof *tq);
    double *tk = malloc((size_t)runs * sizeof *tk), tkx;
    int64_t en = 0, ed = 0, qn = 0, qd = 0;
    double el = 0, ql = 0;
    size_t events = 0;
    for (int i = 0; i < 3; i++) /* warm-up */
        scorecard(s, p, side, who, code, &en, &ed, &el, &events, &tkx);
    for (int i = 0; i < runs; i++) {
        tc[i] = scorecard(s, p, side, who, code, &en, &ed, &el, &events, &tk[i]) * 1e3;
        tk[i] *= 1e3;
        tq[i] = run_sql(db, q, who, &qn, &qd, &ql) * 1e3;
    }
    int same = en == qn && ed == qd && fabs(el - ql) < 1e-9;
    double c50 = pct(tc, (size_t)runs, 0.5), c99 = pct(tc, (size_t)runs, 0.99);
    double q50 = pct(tq, (size_t)runs, 0.5), k50 = pct(tk, (size_t)runs, 0.5);
    fprintf(stderr,
            "  %s %s: %zu events, p50 %.2f ms, p99 %.2f ms; SQL %s p50 %.2f ms; engine %lld/%lld "
            "%.3f days late, SQL %lld/%lld %.3f: %s; sv_scorecard_compute alone p50 %.2f ms\n",
            key, who, events, c50, c99, sv_sc_code_name(code), q50, (long long)en, (long long)ed,
            el, (long long)qn, (long long)qd, ql, same ? "same" : "DIFFERENT", k50);
    printf("%s_compute_p50_ms=%.3f\n", key, k50);
    printf("%s_who='%s'\n%s_events=%zu\n%s_p50_ms=%.3f\n%s_p99_ms=%.3f\n%s_sql_p50_ms=%.3f\n"
           "%s_measure=%s\n%s_engine='%lld/%lld, %.2f days late'\n%s_sql='%lld/%lld, %.2f days "
           "late'\n%s_same=%s\n",
           key, who, key, events, key, c50, key, c99, key, q50, key, sv_sc_code_name(code), key,
           (long long)en, (long long)ed, el, key, (long long)qn, (long long)qd, ql, key,
           same ? "yes" : "no");
    free(tc);
    free(tq);
    free(tk);
}

/* ---- the RFQ comparison (10 quotes x 20 styles) ---- */

enum { CMP_FACTORIES = 10, CMP_STYLES = 20 };
#define CMP_RFQ "RFQ-BENCH"
/* sent 2027-10-01 (after every cycle), compared 2027-10-20 for a launch on 2028-06-01 */
#define CMP_SENT 21458
#define CMP_TODAY 21477

static const char *cmp_categories[] = {"t-shirt",  "polo",   "hoodie",      "sweatshirt", "joggers",
                                       "leggings", "shorts", "shirt-woven", "trousers",   "jeans"};

/* The 20-style program the RFQ freezes: each style in two or three colours. */
static char *cmp_program(void)
{
    size_t cap = 1 << 16, pos = 0;
    char *p = malloc(cap);
    pos += (size_t)snprintf(p + pos, cap - pos,
                            "brand:\n  name: Bench Brand\n  currency: USD\n"
                            "  sampling_budget: 1500.00\n"
                            "  payment_terms: { deposit_pct: 30, balance: before-shipment }\n"
                            "program:\n  name: Bench program\n  destination: US\n"
                            "  launch_date: 2028-06-01\n  styles:\n");
    for (int i = 0; i < CMP_STYLES; i++) {
        const char *cat = cmp_categories[i % 10];
        pos += (size_t)snprintf(p + pos, cap - pos,
                                "    - code: BS%02d\n      name: Bench style %d\n"
                                "      category: %s\n      gender: women\n"
                                "      retail_price: %d.00\n      sizes: [S, M, L]\n"
                                "      colors:\n",
                                i + 1, i + 1, cat, 30 + 5 * i);
        int nc = 2 + i % 2;
        for (int k = 0; k < nc; k++)
            pos += (size_t)snprintf(p + pos, cap - pos, "        - { name: %s, units: %d }\n",
                                    colours[k], k == 0 ? 400 + 50 * (i % 7) : 150 + 25 * (i % 5));
    }
    return p;
}

static int64_t cmp_units(int i)
{
    int nc = 2 + i % 2;
    int64_t u = 400 + 50 * (i % 7);
    for (int k = 1; k < nc; k++)
        u += 150 + 25 * (i % 5);
    return u;
}

static const char *cmp_program_text;

/* rfq send's snapshot, frozen in the transaction that records each rfq.sent */
static sv_code cmp_after(void *ud, const sv_ledger_event *ev, sv_err *e)
{
    if (ev->kind != SV_EV_RFQ_SENT)
        return SV_OK;
    return sv_store_rfq_snapshot_add(ud, ev->id, cmp_program_text, "{}", e);
}

/* The RFQ sent to ten of the brand's factories, each quoting every style (one revising its
 * quote), recorded as the verbs record them (rfq send freezes the program with each). */
static void cmp_generate(sv_store *s, const char *brand, char **factories)
{
    sv_err e;
    sv_err_clear(&e);
    sv_pool *pool = sv_pool_create();
    sv_ledger_event evs[2 * CMP_FACTORIES + 1];
    size_t n = 0;
    char t[32], d[16], m[32], m2[32], m3[32], m4[32];
    size_t cap = 1 << 16;
    char *line = malloc(cap);
    for (int f = 0; f < CMP_FACTORIES; f++) {
        size_t pos = (size_t)snprintf(
            line, cap,
            "{\"at\":\"%s\",\"by\":\"brand\",\"kind\":\"rfq.sent\",\"brand\":\"%s\","
            "\"factory\":\"%s\",\"rfq\":\"" CMP_RFQ "\",\"due\":\"%s\",\"lines\":[",
            tstr((int64_t)CMP_SENT * 86400 + 36000 + f * 60, t), brand, factories[f],
            dstr(CMP_SENT + 14, d));
        for (int i = 0; i < CMP_STYLES; i++)
            pos += (size_t)snprintf(line + pos, cap - pos, "%s{\"style\":\"BS%02d\",\"qty\":%lld}",
                                    i ? "," : "", i + 1, (long long)cmp_units(i));
        snprintf(line + pos, cap - pos, "]}");
        sv_ledger_event_init(&evs[n]);
        if (sv_ledger_event_parse(line, strlen(line), pool, &evs[n++], &e))
            die("the RFQ's rfq.sent", &e);
    }
    for (int f = 0; f < CMP_FACTORIES; f++) {
        size_t pos = (size_t)snprintf(
            line, cap,
            "{\"at\":\"%s\",\"by\":\"factory\",\"kind\":\"quote\",\"brand\":\"%s\","
            "\"factory\":\"%s\",\"rfq\":\"" CMP_RFQ "\",\"currency\":\"USD\",\"deposit\":\"%d\","
            "\"balance\":\"before shipment\",\"incoterm\":\"FOB\",\"valid_until\":\"2028-01-31\","
            "\"quote\":[",
            tstr((int64_t)(CMP_SENT + 3 + f % 5) * 86400 + 36000 + f * 60, t), brand, factories[f],
            f % 3 == 0 ? 50 : 30);
        for (int i = 0; i < CMP_STYLES; i++) {
            int64_t price = 400 + 90 * i + 37 * f + (int64_t)below(60);
            pos += (size_t)snprintf(
                line + pos, cap - pos,
                "%s{\"style\":\"BS%02d\",\"breaks\":[{\"qty\":300,\"price\":\"%s\"},"
                "{\"qty\":1000,\"price\":\"%s\"},{\"qty\":3000,\"price\":\"%s\"}],"
                "\"moq_style\":%d,\"moq_color\":%d,\"sample_fee\":\"%s\",\"fee_refunded\":%s,"
                "\"sampling_days\":%d,\"production_days\":%d}",
                i ? "," : "", i + 1, money(price, m), money(price * 93 / 100, m2),
                money(price * 88 / 100, m3), 500 + 100 * (f % 4), 150 + 50 * (f % 3),
                money(2500 + 500 * (i % 4), m4), f % 2 ? "true" : "false",
                14 + (int)((f + i) % 4) * 7, 45 + (int)((f * 7 + i) % 6) * 10);
        }
        snprintf(line + pos, cap - pos, "]}");
        sv_ledger_event_init(&evs[n]);
        if (sv_ledger_event_parse(line, strlen(line), pool, &evs[n++], &e))
            die("the RFQ's quote", &e);
    }
    if (sv_ledger_record(s, evs, n, cmp_after, s, &e))
        die("recording the RFQ", &e);
    /* the first factory revises its quote: 3% off every price */
    {
        sv_ledger_event rev;
        sv_ledger_event_init(&rev);
        /* the revision is the last quote with its prices lowered, superseding it */
        char *body = sv_ledger_event_json(&evs[CMP_FACTORIES]);
        if (!body || sv_ledger_event_parse(body, strlen(body), pool, &rev, &e))
            die("the revision", &e);
        free(body);
        rev.id = 0;
        rev.at += 86400;
        rev.supersedes = evs[CMP_FACTORIES].id;
        for (size_t i = 0; i < rev.n_quote; i++)
            for (size_t k = 0; k < rev.quote[i].n_breaks; k++)
                rev.quote[i].breaks[k].price = rev.quote[i].breaks[k].price * 97 / 100;
        if (sv_ledger_record(s, &rev, 1, NULL, NULL, &e))
            die("recording the revision", &e);
    }
    free(line);
    sv_pool_free(pool);
}

/* One comparison as `quotes compare` makes it: the RFQ's events and program read from the
 * store (sv_store_rfq_inputs), compared; *alone the time of sv_quotes_compare in it. With
 * keep_q, the comparison and its inputs are kept for the caller (who frees both). */
static double cmp_whole(sv_store *s, const sv_refdata *rd, const char *brand, double *alone,
                        size_t *events, sv_quotes **keep_q, sv_rfq_inputs *keep_in)
{
    double t0 = now();
    sv_err e;
    sv_err_clear(&e);
    sv_rfq_inputs in;
    if (sv_store_rfq_inputs(s, brand, CMP_RFQ, &in, &e) || !in.program)
        die("reading the RFQ", &e);
    sv_cost_options opt = {.mode = SV_MODE_SEA, .today = sv_date_from_days(CMP_TODAY)};
    sv_quotes *q;
    double t1 = now();
    if (sv_quotes_compare(in.ev, in.n, CMP_RFQ, in.program, rd, &opt, sv_rfq_inputs_origin, &in,
                          (int64_t)CMP_TODAY * 86400 + 86399, &q, &e))
        die("quotes compare", &e);
    double t = now() - t0;
    *alone = now() - t1;
    *events = in.n;
    if (keep_q) {
        *keep_q = q;
        *keep_in = in;
        return t;
    }
    sv_quotes_free(q);
    sv_rfq_inputs_free(&in);
    return t;
}

/* Each standing quote's FOB total at the RFQ's quantities by SQL: for each line of the
 * factory's rfq.sent, the last break (in the quote's order) at or below the quantity, the
 * first when below all; summed per quote, in the order the RFQ was sent. */
static const char sql_rfq_fob[] =
    "WITH b AS (SELECT id FROM brand WHERE handle = ?1),"
    " sent AS (SELECT e.id, e.factory_id FROM ledger_event e, b WHERE e.brand_id = b.id"
    "    AND e.kind = 'rfq.sent' AND e.rfq = ?2),"
    " q AS (SELECT e.id, e.factory_id FROM ledger_event e, b WHERE e.brand_id = b.id"
    "    AND e.kind = 'quote' AND e.rfq = ?2"
    "    AND NOT EXISTS (SELECT 1 FROM ledger_event s WHERE s.supersedes = e.id)),"
    " lines AS (SELECT q.id AS quote, sent.id AS sent, q.factory_id, l.style, l.qty"
    "    FROM q JOIN sent ON sent.factory_id = q.factory_id"
    "    JOIN ledger_line l ON l.event_id = sent.id),"
    " priced AS (SELECT lines.*, COALESCE((SELECT ql.price FROM ledger_quote_line ql"
    "    WHERE ql.event_id = lines.quote AND ql.style = lines.style AND ql.qty <= lines.qty"
    "    ORDER BY ql.seq DESC LIMIT 1), (SELECT ql.price FROM ledger_quote_line ql"
    "    WHERE ql.event_id = lines.quote AND ql.style = lines.style ORDER BY ql.seq LIMIT 1))"
    "    AS price FROM lines)"
    "SELECT f.handle, SUM(priced.qty * priced.price) FROM priced"
    " JOIN factory f ON f.id = priced.factory_id"
    " GROUP BY priced.quote ORDER BY MIN(priced.sent)";

static double cmp_sql(sqlite3 *db, const char *brand, char handles[][80], int64_t *fob, int *n)
{
    double t0 = now();
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql_rfq_fob, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_ledger: SQL: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
    sqlite3_bind_text(st, 1, brand, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, CMP_RFQ, -1, SQLITE_STATIC);
    *n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && *n < CMP_FACTORIES) {
        snprintf(handles[*n], 80, "%s", (const char *)sqlite3_column_text(st, 0));
        fob[(*n)++] = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return now() - t0;
}

static void measure_rfq(sv_store *s, const sv_refdata *rd, const char *brand, int runs)
{
    sqlite3 *db = sv_store_db(s);
    /* ten of the brand's factories (those it has worked with, by id) */
    char *factories[CMP_FACTORIES];
    int k = 0;
    {
        sqlite3_stmt *q;
        sqlite3_prepare_v2(db,
                           "SELECT DISTINCT f.handle FROM ledger_event e JOIN factory f ON "
                           "f.id = e.factory_id WHERE e.brand_id = (SELECT id FROM brand "
                           "WHERE handle = ?1) ORDER BY f.id LIMIT 10",
                           -1, &q, NULL);
        sqlite3_bind_text(q, 1, brand, -1, SQLITE_STATIC);
        while (sqlite3_step(q) == SQLITE_ROW && k < CMP_FACTORIES)
            factories[k++] = strdup((const char *)sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
    }
    if (k < CMP_FACTORIES) {
        fprintf(stderr, "bench_ledger: %s has %d factories, 10 needed\n", brand, k);
        exit(1);
    }
    cmp_program_text = cmp_program();
    cmp_generate(s, brand, factories);
    fprintf(stderr,
            "ledger: quotes compare %s of %s (%d factories x %d styles), %d runs, "
            "interleaved with the SQL...\n",
            CMP_RFQ, brand, CMP_FACTORIES, CMP_STYLES, runs);
    double *tw = malloc((size_t)runs * sizeof *tw), *ta = malloc((size_t)runs * sizeof *ta);
    double *tq = malloc((size_t)runs * sizeof *tq), *tr = malloc((size_t)runs * sizeof *tr);
    size_t events = 0;
    double a;
    sv_quotes *q = NULL;
    sv_rfq_inputs in;
    for (int i = 0; i < 3; i++) /* warm-up */
        cmp_whole(s, rd, brand, &a, &events, NULL, NULL);
    cmp_whole(s, rd, brand, &a, &events, &q, &in);
    char handles[CMP_FACTORIES][80];
    int64_t fob[CMP_FACTORIES];
    int nq = 0;
    /* sv_quotes_compare alone on the events and program already read */
    sv_err e;
    sv_err_clear(&e);
    sv_cost_options opt = {.mode = SV_MODE_SEA, .today = sv_date_from_days(CMP_TODAY)};
    for (int i = 0; i < runs; i++) {
        tw[i] = cmp_whole(s, rd, brand, &a, &events, NULL, NULL) * 1e3;
        double t0 = now();
        sv_quotes *q2;
        if (sv_quotes_compare(in.ev, in.n, CMP_RFQ, in.program, rd, &opt,
                              sv_rfq_inputs_origin, &in, (int64_t)CMP_TODAY * 86400 + 86399, &q2, &e))
            die("quotes compare", &e);
        ta[i] = (now() - t0) * 1e3;
        sv_quotes_free(q2);
        tq[i] = cmp_sql(db, brand, handles, fob, &nq) * 1e3;
        tr[i] = a * 1e3;
    }
    /* the SQL's FOB totals against the engine's, factory by factory */
    int same = nq == (int)q->n_rows, ranked = 0, complete = 0;
    for (size_t r = 0; r < q->n_rows; r++) {
        const sv_quote_row *row = &q->rows[r];
        ranked += row->rank > 0;
        complete += row->complete;
        if ((int)r >= nq || strcmp(handles[r], row->factory) != 0 || fob[r] != row->total_fob) {
            same = 0;
            fprintf(stderr, "  %s: engine FOB %lld (%s), SQL %s %lld\n", row->factory,
                    (long long)row->total_fob, row->note[0] ? row->note : "costed",
                    (int)r < nq ? handles[r] : "-", (long long)((int)r < nq ? fob[r] : 0));
        }
    }
    double w50 = pct(tw, (size_t)runs, 0.5), w99 = pct(tw, (size_t)runs, 0.99);
    double a50 = pct(ta, (size_t)runs, 0.5), a99 = pct(ta, (size_t)runs, 0.99);
    double q50 = pct(tq, (size_t)runs, 0.5);
    const char *best = q->best >= 0 ? q->rows[q->best].factory : "none";
    fprintf(stderr,
            "  read + compare (%zu events of the brand): p50 %.2f ms, p99 %.2f ms; "
            "sv_quotes_compare alone p50 %.2f ms, p99 %.2f ms; SQL FOB totals p50 %.2f ms; "
            "%d ranked, %d quoting every style, best fit %s; FOB totals: %s\n",
            events, w50, w99, a50, a99, q50, ranked, complete, best, same ? "same" : "DIFFERENT");
    printf("rfq_compare=measured\nrfq_runs=%d\nrfq_events=%zu\nrfq_p50_ms=%.3f\nrfq_p99_ms=%.3f\n"
           "rfq_alone_p50_ms=%.3f\nrfq_alone_p99_ms=%.3f\nrfq_sql_p50_ms=%.3f\nrfq_ranked=%d\n"
           "rfq_complete=%d\nrfq_best='%s'\nrfq_same=%s\nrfq_fob_first='%s %lld'\n",
           runs, events, w50, w99, a50, a99, q50, ranked, complete, best, same ? "yes" : "no",
           nq ? handles[0] : "-", (long long)(nq ? fob[0] : 0));
    sv_quotes_free(q);
    sv_rfq_inputs_free(&in);
    free(tw);
    free(ta);
    free(tq);
    free(tr);
    for (int i = 0; i < CMP_FACTORIES; i++)
        free(factories[i]);
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: bench_ledger N SEED FACTORIES.csv DIR [RUNS]\n");
        return 2;
    }
    int64_t n = strtoll(argv[1], NULL, 10);
    uint64_t seed = strtoull(argv[2], NULL, 10);
    const char *csv = argv[3], *dir = argv[4];
    int runs = argc > 5 ? atoi(argv[5]) : 200;
    if (runs < 10)
        runs = 10;
    char db[4096], jsonl[4096];
    snprintf(db, sizeof db, "%s/ledger.db", dir);
    snprintf(jsonl, sizeof jsonl, "%s/ledger-%lld-%llu.jsonl", dir, (long long)n,
             (unsigned long long)seed);
    for (const char *sfx = ""; sfx; sfx = *sfx ? (sfx[1] == 'w' ? "-shm" : NULL) : "-wal") {
        char f[4200];
        snprintf(f, sizeof f, "%s%s", db, sfx);
        unlink(f);
    }

    sv_err e;
    sv_err_clear(&e);
    sv_refdata *rd;
    if (sv_refdata_load(NULL, &rd, &e))
        die("reference data", &e);
    sv_store *s;
    fprintf(stderr, "ledger: the registry from %s...\n", csv);
    double t0 = now();
    if (sv_store_open(db, &s, &e))
        die("opening the store", &e);
    sv_import_stats st;
    sv_import_hooks hooks = {0};
    if (sv_factories_import(s, rd, csv, &hooks, &st, &e))
        die("importing the factories", &e);
    sqlite3 *sq = sv_store_db(s);
    char **handles = calloc(N_FACTORIES, sizeof *handles);
    {
        sqlite3_stmt *q;
        sqlite3_prepare_v2(sq, "SELECT handle FROM factory WHERE handle IS NOT NULL ORDER BY id LIMIT 10000", -1, &q, NULL);
        int k = 0;
        while (sqlite3_step(q) == SQLITE_ROW && k < N_FACTORIES)
            handles[k++] = strdup((const char *)sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
        if (k < N_FACTORIES) {
            fprintf(stderr, "bench_ledger: the registry has %d factories, 10000 needed\n", k);
            return 1;
        }
    }
    fprintf(stderr, "  %.2f s\n", now() - t0);

    fprintf(stderr, "ledger: generating about %lld events...\n", (long long)n);
    t0 = now();
    int64_t written = generate(n, seed, handles, jsonl);
    double gen_s = now() - t0;
    fprintf(stderr, "  %lld events in %.2f s: %s\n", (long long)written, gen_s, jsonl);

    fprintf(stderr, "ledger: sv_ledger_import...\n");
    t0 = now();
    int64_t imported = 0;
    if (sv_ledger_import(s, jsonl, &imported, &e))
        die("importing the ledger", &e);
    double import_s = now() - t0;
    fprintf(stderr, "  %lld events in %.2f s\n", (long long)imported, import_s);
    printf("ledger_events=%lld\nledger_gen_s=%.2f\nledger_import_s=%.2f\n", (long long)imported,
           gen_s, import_s);
    printf("ledger_pairs=%s\n",
           query_text(sq, "SELECT COUNT(*) FROM (SELECT DISTINCT brand_id, factory_id FROM "
                          "ledger_event)"));

    /* the busiest factory and brand */
    char *factory = query_text(
        sq, "SELECT f.handle FROM factory f JOIN (SELECT factory_id, COUNT(DISTINCT brand_id) n, "
            "COUNT(*) m FROM ledger_event GROUP BY factory_id ORDER BY n DESC, m DESC, "
            "factory_id LIMIT 1) x ON x.factory_id = f.id");
    char *brand = query_text(
        sq, "SELECT b.handle FROM brand b JOIN (SELECT brand_id, COUNT(DISTINCT factory_id) n, "
            "COUNT(*) m FROM ledger_event GROUP BY brand_id ORDER BY n DESC, m DESC, brand_id "
            "LIMIT 1) x ON x.brand_id = b.id");
    char *fb = query_text(sq, "SELECT COUNT(DISTINCT brand_id) FROM ledger_event WHERE "
                              "factory_id = (SELECT id FROM factory WHERE handle = "
                              "(SELECT f.handle FROM factory f JOIN (SELECT factory_id, "
                              "COUNT(DISTINCT brand_id) n, COUNT(*) m FROM ledger_event GROUP BY "
                              "factory_id ORDER BY n DESC, m DESC, factory_id LIMIT 1) x ON "
                              "x.factory_id = f.id))");
    printf("ledger_factory_brands=%s\n", fb);

    /* recording one event durably: a message on the first RFQ of the busiest brand's
     * busiest pair */
    char *rfq = query_text(sq, "SELECT e.rfq || char(9) || f.handle FROM ledger_event e JOIN "
                               "factory f ON f.id = e.factory_id JOIN brand b ON b.id = "
                               "e.brand_id WHERE b.handle = (SELECT b2.handle FROM brand b2 "
                               "JOIN (SELECT brand_id, COUNT(*) m FROM ledger_event GROUP BY "
                               "brand_id, factory_id ORDER BY m DESC LIMIT 1) x ON x.brand_id = "
                               "b2.id) AND e.kind = 'rfq.sent' ORDER BY (SELECT COUNT(*) FROM "
                               "ledger_event z WHERE z.brand_id = e.brand_id AND z.factory_id = "
                               "e.factory_id) DESC, e.id LIMIT 1");
    char *tab = strchr(rfq, '\t');
    *tab = 0;
    const char *rec_factory = tab + 1;
    char *rec_brand = query_text(sq, "SELECT b.handle FROM brand b JOIN (SELECT brand_id, "
                                     "COUNT(*) m FROM ledger_event GROUP BY brand_id, factory_id "
                                     "ORDER BY m DESC LIMIT 1) x ON x.brand_id = b.id");
    int64_t pair_events = 0;
    {
        sqlite3_stmt *q;
        sqlite3_prepare_v2(sq, "SELECT COUNT(*) FROM ledger_event e JOIN brand b ON b.id = "
                               "e.brand_id JOIN factory f ON f.id = e.factory_id WHERE b.handle "
                               "= ?1 AND f.handle = ?2", -1, &q, NULL);
        sqlite3_bind_text(q, 1, rec_brand, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, rec_factory, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW)
            pair_events = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    fprintf(stderr, "ledger: sv_ledger_record, one message at a time on %s's RFQ %s to %s "
                    "(%lld events in the pair), %d runs...\n",
            rec_brand, rfq, rec_factory, (long long)pair_events, runs);
    double *tr = malloc((size_t)runs * sizeof *tr);
    int64_t at = (int64_t)AS_OF * 86400;
    for (int i = -5; i < runs; i++) {
        sv_ledger_event evt;
        sv_ledger_event_init(&evt);
        evt.at = at++;
        evt.by = (i & 1) ? SV_BY_FACTORY : SV_BY_BRAND;
        evt.kind = SV_EV_MESSAGE;
        evt.brand = rec_brand;
        evt.factory = rec_factory;
        evt.rfq = rfq;
        evt.text = "Next season: the same again?";
        double t = now();
        if (sv_ledger_record(s, &evt, 1, NULL, NULL, &e))
            die("recording", &e);
        if (i >= 0)
            tr[i] = (now() - t) * 1e3;
    }
    char *sync = query_text(sq, "PRAGMA synchronous");
    double r50 = pct(tr, (size_t)runs, 0.5), r99 = pct(tr, (size_t)runs, 0.99);
    fprintf(stderr, "  p50 %.3f ms, p99 %.3f ms (PRAGMA synchronous = %s)\n", r50, r99, sync);
    printf("record_p50_ms=%.3f\nrecord_p99_ms=%.3f\nrecord_runs=%d\nrecord_pair_events=%lld\n"
           "record_synchronous=%s\n",
           r50, r99, runs, (long long)pair_events, sync);
    free(tr);

    /* the scorecards, as `selvedge scorecard` makes them */
    sv_sc_weight w[SV_SC__COUNT];
    for (size_t i = 0; i < rd->n_scorecard_weights && i < SV_SC__COUNT; i++)
        w[i] = (sv_sc_weight){rd->scorecard_weights[i].code, rd->scorecard_weights[i].weight,
                              rd->scorecard_weights[i].target};
    sv_sc_params p = {SV_LEDGER_NO_DAY, SV_LEDGER_NO_DAY, AS_OF, 0, 0, w,
                      rd->n_scorecard_weights < SV_SC__COUNT ? rd->n_scorecard_weights
                                                              : SV_SC__COUNT};
    p.review_days = sv_refdata_lead_days(rd, SV_STAGE_SAMPLE_REVIEW, NULL, 0);
    p.quote_days = sv_refdata_lead_days(rd, SV_STAGE_QUOTATION, NULL, 0);
    int card_runs = runs / 10 > 10 ? runs / 10 : 10;
    fprintf(stderr, "ledger: scorecards, %d runs each, interleaved with the SQL...\n", card_runs);
    measure_card(s, &p, SV_SC_FACTORY, factory, card_runs, "card_factory");
    measure_card(s, &p, SV_SC_BRAND, brand, card_runs, "card_brand");

    /* the RFQ comparison, 10 quotes x 20 styles, on the busiest brand */
    measure_rfq(s, rd, brand, card_runs);

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("ledger_rss_kb=%ld\n", ru.ru_maxrss);
    sv_store_close(s);
    sv_refdata_free(rd);
    return 0;
}
