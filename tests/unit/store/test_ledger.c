/* Tests for lib/store/ledger.c (and the import and export over it, lib/io/ledger_import.c):
 * brands as parties, events append-only, a correction beside what it corrects, the typed
 * columns and line tables, ids that only grow, a factory that must be in the registry, and an
 * import that keeps nothing of a file with one bad event. Real SQLite, on disk. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/factory_import.h"
#include "selvedge/ledger_import.h"
#include "selvedge/ledger_jsonl.h"
#include "selvedge/party_store.h"
#include "selvedge/pool.h"
#include "selvedge/refdata.h"
#include "selvedge/scorecard.h"
#include "selvedge/rfq_snapshot.h"
#include "selvedge/ledger_store.h"
#include "selvedge/store.h"
#include "../test_util.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = tu_tempdir();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_release_all();
    tu_rmtree(dir);
    dir = NULL;
    return 0;
}

/* A registry of the example factories. */
static sv_store *registry(const char *name)
{
    sv_store *s = tu_store_open(dir, name);
    sv_refdata *rd = tu_refdata();
    tu_import(s, rd, tu_source("examples/factories.yaml"));
    sv_refdata_free(rd);
    return s;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    static char buf[1 << 17];
    *n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[*n] = '\0';
    return strdup(buf);
}

/* The export, as text (malloc'ed). */
static char *export_text(sv_store *s)
{
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_ledger_export(s, f, NULL, &e), SV_OK);
    fclose(f);
    return text;
}

static int64_t count(sv_store *s, const char *q)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(sv_store_db(s), q, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void import_ok(sv_store *s, const char *text, int64_t want)
{
    sv_err e;
    sv_err_clear(&e);
    int64_t n = -1;
    if (sv_ledger_import_buf(s, text, strlen(text), "t.jsonl", &n, &e) != SV_OK) {
        char buf[1024];
        fail_msg("import refused: %s", sv_err_format(&e, buf, sizeof buf));
    }
    assert_int_equal(n, want);
}

static void import_bad(sv_store *s, const char *text, const char *want)
{
    sv_err e;
    sv_err_clear(&e);
    int64_t n = -1;
    assert_int_not_equal(sv_ledger_import_buf(s, text, strlen(text), "t.jsonl", &n, &e), SV_OK);
    char buf[1024];
    sv_err_format(&e, buf, sizeof buf);
    if (!strstr(buf, want))
        fail_msg("message \"%s\" lacks \"%s\"", buf, want);
}

static void test_history_imports_and_exports_byte_for_byte(void **state)
{
    (void)state;
    sv_store *s = registry("a.db");
    size_t n;
    char *good = slurp(tu_source("tests/data/ledger/good.jsonl"), &n);
    import_ok(s, good, 24);
    assert_int_equal(count(s, "SELECT count(*) FROM brand"), 1);
    char *out = export_text(s);
    sv_store_close(s);
    /* the export into another registry of the same factories exports the same bytes */
    sv_store *t = registry("b.db");
    import_ok(t, out, 24);
    char *again = export_text(t);
    assert_string_equal(out, again);
    /* ids come with the export: imported again, they are refused (ids only grow) */
    import_bad(t, out, "t.jsonl:1: id: 1: the ledger already holds events up to 24");
    assert_int_equal(count(t, "SELECT count(*) FROM ledger_event"), 24);
    sv_store_close(t);
    free(good);
    free(out);
    free(again);
}

static void test_correction_keeps_the_old_event(void **state)
{
    (void)state;
    sv_store *s = registry("c.db");
    size_t n;
    char *good = slurp(tu_source("tests/data/ledger/good.jsonl"), &n);
    import_ok(s, good, 24);
    /* event 6 is the revised quote: event 5 is still there, both in the export */
    assert_int_equal(count(s, "SELECT count(*) FROM ledger_event WHERE kind = 'quote'"), 2);
    assert_int_equal(count(s, "SELECT supersedes FROM ledger_event WHERE id = 6"), 5);
    char *out = export_text(s);
    assert_non_null(strstr(out, "{\"id\":5,\"at\":\"2027-01-15T16:30:00Z\""));
    assert_non_null(strstr(out, "{\"id\":6,\"supersedes\":5,"));
    /* a correction of the payment's day: a new event; the old one stays */
    import_ok(s,
              "{\"supersedes\":19,\"at\":\"2027-03-02T14:00:00Z\",\"by\":\"brand\",\"kind\":"
              "\"payment.paid\",\"brand\":\"northline\",\"factory\":\"pt-barcelos-sportmalha\","
              "\"order\":\"PO-1\",\"milestone\":\"deposit\",\"currency\":\"EUR\",\"amount\":"
              "\"1206.00\"}\n",
              1);
    assert_int_equal(count(s, "SELECT count(*) FROM ledger_event WHERE kind = 'payment.paid'"), 2);
    char *out2 = export_text(s);
    assert_true(strncmp(out, out2, strlen(out)) == 0); /* the history before, unchanged */
    assert_non_null(strstr(out2, "{\"id\":25,\"supersedes\":19,"));
    /* the same event cannot be corrected twice */
    import_bad(s,
               "{\"supersedes\":19,\"at\":\"2027-03-03T14:00:00Z\",\"by\":\"brand\",\"kind\":"
               "\"payment.paid\",\"brand\":\"northline\",\"factory\":\"pt-barcelos-sportmalha\","
               "\"order\":\"PO-1\",\"milestone\":\"deposit\",\"currency\":\"EUR\",\"amount\":"
               "\"1206.00\"}\n",
               "supersedes: event 19 was already corrected");
    sv_store_close(s);
    free(good);
    free(out);
    free(out2);
}

/* The ledger's source holds no UPDATE or DELETE: append-only by construction. */
static void test_no_update_or_delete_in_the_ledger_store(void **state)
{
    (void)state;
    size_t n;
    char *src = slurp(tu_source("lib/store/ledger.c"), &n);
    for (char *p = src; *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    assert_null(strstr(src, "UPDATE "));
    assert_null(strstr(src, "DELETE "));
    assert_null(strstr(src, "REPLACE "));
    assert_non_null(strstr(src, "INSERT INTO LEDGER_EVENT"));
    free(src);
}

static void test_typed_columns_and_lines(void **state)
{
    (void)state;
    sv_store *s = registry("d.db");
    size_t n;
    char *good = slurp(tu_source("tests/data/ledger/good.jsonl"), &n);
    import_ok(s, good, 24);
    /* 2027-02-28 is day 20877 */
    assert_int_equal(count(s, "SELECT due_day FROM ledger_event WHERE kind = 'payment.due'"),
                     20877);
    assert_int_equal(count(s, "SELECT amount FROM ledger_event WHERE kind = 'payment.paid'"),
                     120600);
    assert_int_equal(count(s, "SELECT count(*) FROM ledger_event WHERE stage = 'fit' AND "
                              "round = 1 AND style = 'TS01'"),
                     6);
    assert_int_equal(count(s, "SELECT count(*) FROM ledger_event WHERE verdict = "
                              "'approved_with_comments'"),
                     1);
    assert_int_equal(count(s, "SELECT count(*) FROM ledger_event WHERE thing = 'rfq' AND ref = "
                              "'R1'"),
                     6);
    /* two quotes of three breaks each; RFQ lines 3, order lines 2 */
    assert_int_equal(count(s, "SELECT count(*) FROM ledger_quote_line"), 6);
    assert_int_equal(count(s, "SELECT sum(qty) FROM ledger_line l JOIN ledger_event v ON "
                              "v.id = l.event_id WHERE v.kind = 'order.issued'"),
                     600);
    assert_int_equal(count(s, "SELECT count(*) FROM ledger_event WHERE kind = 'inspection' AND "
                              "passed = 0 AND major = 6"),
                     1);
    assert_int_equal(count(s, "SELECT count(*) FROM ledger_event WHERE aql_level = 'II' AND "
                              "aql_critical = 0 AND aql_major = 2500 AND aql_minor = 4000"),
                     2);
    /* the indexes the measures will read through */
    assert_int_equal(count(s, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                              "name IN ('ledger_event_pair', 'ledger_event_thing', "
                              "'ledger_event_factory', 'ledger_event_brand')"),
                     4);
    sv_store_close(s);
    free(good);
}

static void test_bad_file_keeps_nothing(void **state)
{
    (void)state;
    sv_store *s = registry("e.db");
    size_t n;
    char *good = slurp(tu_source("tests/data/ledger/good.jsonl"), &n);
    /* line 19 pays the deposit of an order that does not exist */
    char *bad = tu_replace(good, "\"order\":\"PO-1\",\"milestone\":\"deposit\",\"currency\"",
                           "\"order\":\"PO-9\",\"milestone\":\"deposit\",\"currency\"");
    import_bad(s, bad, "t.jsonl:19: order: payment on order PO-9, which does not exist");
    assert_int_equal(count(s, "SELECT count(*) FROM ledger_event"), 0);
    assert_int_equal(count(s, "SELECT count(*) FROM brand"), 0);
    assert_int_equal(count(s, "SELECT count(*) FROM ledger_line"), 0);
    /* a factory not in the registry: refused by handle */
    import_bad(s,
               "{\"at\":\"2027-01-10T09:00:00Z\",\"by\":\"brand\",\"kind\":\"rfq.sent\","
               "\"brand\":\"northline\",\"factory\":\"xx-nowhere\",\"rfq\":\"R1\"}",
               "t.jsonl:1: factory: no factory with the handle xx-nowhere in the registry");
    assert_int_equal(count(s, "SELECT count(*) FROM brand"), 0);
    /* the good file still imports whole afterwards */
    import_ok(s, good, 24);
    sv_store_close(s);
    free(good);
    free(bad);
}

static void test_history_spans_imports(void **state)
{
    (void)state;
    sv_store *s = registry("f.db");
    import_ok(s,
              "{\"at\":\"2027-01-10T09:00:00Z\",\"by\":\"brand\",\"kind\":\"rfq.sent\",\"brand\":"
              "\"northline\",\"factory\":\"tr-bursa-devinim\",\"rfq\":\"R1\"}\n"
              "{\"at\":\"2027-01-12T10:00:00Z\",\"by\":\"factory\",\"kind\":\"rfq.declined\","
              "\"brand\":\"northline\",\"factory\":\"tr-bursa-devinim\",\"rfq\":\"R1\","
              "\"reason\":\"capacity\"}\n",
              2);
    /* a later file is admitted against what the store holds */
    import_bad(s,
               "{\"at\":\"2027-01-13T10:00:00Z\",\"by\":\"factory\",\"kind\":\"quote\",\"brand\":"
               "\"northline\",\"factory\":\"tr-bursa-devinim\",\"rfq\":\"R1\",\"currency\":"
               "\"USD\",\"quote\":[{\"style\":\"A\",\"breaks\":[{\"qty\":1,\"price\":\"1\"}]}]}",
               "t.jsonl:1: rfq: no quote on RFQ R1: the factory declined it on 2027-01-12");
    /* the same RFQ ref with another factory is another RFQ */
    import_ok(s,
              "{\"at\":\"2027-01-10T09:00:00Z\",\"by\":\"brand\",\"kind\":\"rfq.sent\",\"brand\":"
              "\"northline\",\"factory\":\"pt-barcelos-sportmalha\",\"rfq\":\"R1\"}\n"
              "{\"at\":\"2027-01-13T10:00:00Z\",\"by\":\"factory\",\"kind\":\"quote\",\"brand\":"
              "\"northline\",\"factory\":\"pt-barcelos-sportmalha\",\"rfq\":\"R1\",\"currency\":"
              "\"USD\",\"quote\":[{\"style\":\"A\",\"breaks\":[{\"qty\":1,\"price\":\"1\"}]}]}\n",
              2);
    int64_t total = 0, max = 0;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_store_ledger_count(s, &total, &max, &e), SV_OK);
    assert_int_equal(total, 4);
    assert_int_equal(max, 4);
    sv_store_close(s);
}

/* A file of many pairs (300 brands with one factory, past the index's first sizes): each quote is
 * admitted against its own pair's RFQ, met in another order than sent, and a quote for a pair
 * whose RFQ was declined is refused by its own history, not another pair's. */
static void test_many_pairs_each_its_own_history(void **state)
{
    (void)state;
    sv_store *s = registry("p.db");
    enum { N = 300 };
    size_t cap = (size_t)N * 2 * 400 + 1024, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (int b = 0; b < N; b++)
        len += (size_t)snprintf(text + len, cap - len,
                                "{\"at\":\"2027-01-10T09:00:00Z\",\"by\":\"brand\",\"kind\":"
                                "\"rfq.sent\",\"brand\":\"b%03d\",\"factory\":"
                                "\"pt-barcelos-sportmalha\",\"rfq\":\"R%d\"}\n",
                                b, b);
    for (int b = N - 1; b >= 0; b--)
        len += (size_t)snprintf(text + len, cap - len,
                                "{\"at\":\"2027-01-13T10:00:00Z\",\"by\":\"factory\",\"kind\":"
                                "\"quote\",\"brand\":\"b%03d\",\"factory\":"
                                "\"pt-barcelos-sportmalha\",\"rfq\":\"R%d\",\"currency\":"
                                "\"USD\",\"quote\":[{\"style\":\"A\",\"breaks\":[{\"qty\":1,"
                                "\"price\":\"1\"}]}]}\n",
                                b, b);
    import_ok(s, text, 2 * N);
    free(text);
    /* b007 quoted on R7 only: a quote on b008's RFQ ref is not b007's */
    import_bad(s,
               "{\"at\":\"2027-01-14T10:00:00Z\",\"by\":\"factory\",\"kind\":\"quote\","
               "\"brand\":\"b007\",\"factory\":\"pt-barcelos-sportmalha\",\"rfq\":\"R8\","
               "\"currency\":\"USD\",\"quote\":[{\"style\":\"A\",\"breaks\":[{\"qty\":1,"
               "\"price\":\"1\"}]}]}\n",
               "R8");
    sv_store_close(s);
}

/* The example history read back from the store and folded gives what a person counts in the
 * file by hand. */
static void test_states_of_the_example_history(void **state)
{
    (void)state;
    sv_store *s = registry("g.db");
    size_t n;
    char *good = slurp(tu_source("tests/data/ledger/good.jsonl"), &n);
    import_ok(s, good, 24);
    sv_pool *pool = sv_pool_create();
    const sv_ledger_event **h = NULL, **d = NULL;
    size_t nh = 0, nd = 0;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(
        sv_ledger_pair_load(s, "northline", "pt-barcelos-sportmalha", pool, &h, &nh, &e), SV_OK);
    assert_int_equal(nh, 22);
    assert_int_equal(sv_ledger_pair_load(s, "northline", "tr-bursa-devinim", pool, &d, &nd, &e),
                     SV_OK);
    assert_int_equal(nd, 2);
    int64_t now = 0;
    assert_true(sv_ledger_time_parse("2027-06-01T00:00:00Z", &now));
    sv_rfq_state r;
    assert_int_equal(sv_ledger_rfq(h, nh, "R1", now, &r), SV_OK);
    assert_int_equal(r.status, SV_RFQ_QUOTED);
    assert_int_equal(r.n_quotes, 1); /* the revision stands in place of the first */
    assert_int_equal(r.quote->id, 6);
    assert_int_equal(r.quote->quote[0].breaks[0].price, 670);
    assert_int_equal(sv_ledger_rfq(d, nd, "R1", now, &r), SV_OK);
    assert_int_equal(r.status, SV_RFQ_DECLINED);
    assert_int_equal(r.declined->reason, SV_DECLINE_MOQ);
    sv_round_state rs;
    assert_int_equal(sv_ledger_round(h, nh, "TS01", SV_SAMPLE_FIT, 1, &rs), SV_OK);
    assert_int_equal(rs.status, SV_ROUND_REVIEWED);
    assert_int_equal(rs.verdict, SV_VERDICT_APPROVED_WITH_COMMENTS);
    assert_non_null(rs.fee_paid);
    /* shipped 5 Feb, due 8 Feb: on time; received the 8th, reviewed the 11th */
    assert_true(sv_ledger_day(rs.shipped->at) <= rs.requested->due);
    assert_int_equal(sv_ledger_day(rs.reviewed->at) - sv_ledger_day(rs.received->at), 3);
    sv_change_state c;
    assert_int_equal(sv_ledger_change(h, nh, "CR-1", &c), SV_OK);
    assert_int_equal(c.status, SV_CHANGE_ACCEPTED);
    assert_non_null(c.after_signoff); /* the fit was approved on 11 Feb, the change asked 14 Feb */
    assert_int_equal(c.after_signoff->kind, SV_EV_SAMPLE_REVIEWED);
    assert_int_equal(c.answered->days, 7);
    sv_order_state o;
    assert_int_equal(sv_ledger_order(h, nh, "PO-1", &o), SV_OK);
    assert_int_equal(o.status, SV_ORDER_CONFIRMED);
    assert_int_equal(o.n_inspections, 2);
    assert_int_equal(o.last_inspection->passed, 1);
    sv_payment_state p;
    assert_int_equal(sv_ledger_payment(h, nh, "PO-1", "deposit", now, &p), SV_OK);
    assert_int_equal(p.status, SV_PAYMENT_PAID);
    assert_int_equal(p.days_late, 6); /* due 28 Feb, paid 6 Mar */
    /* an unknown pair has no history */
    const sv_ledger_event **none = NULL;
    size_t nn = 9;
    assert_int_equal(sv_ledger_pair_load(s, "nobody", "tr-bursa-devinim", pool, &none, &nn, &e),
                     SV_OK);
    assert_int_equal(nn, 0);
    free(h);
    free(d);
    free(none);
    sv_pool_free(pool);
    sv_store_close(s);
    free(good);
}

/* Through the store's own interface: an event is numbered before it is recorded (its body
 * holds the id), above every id held. */
/* An event as a verb builds it: one JSON line read by the file's reader. */
static void event(sv_pool *pool, const char *line, sv_ledger_event *ev)
{
    sv_err e;
    sv_err_clear(&e);
    if (sv_ledger_event_parse(line, strlen(line), pool, ev, &e) != SV_OK) {
        char buf[1024];
        fail_msg("event refused: %s", sv_err_format(&e, buf, sizeof buf));
    }
}

#define SENT(f)                                                                                    \
    "{\"at\":\"2027-01-10T09:00:00Z\",\"by\":\"brand\",\"kind\":\"rfq.sent\",\"brand\":"           \
    "\"northline\",\"factory\":\"" f "\",\"rfq\":\"R1\"}"
#define DECLINED(f)                                                                                \
    "{\"at\":\"2027-01-12T10:00:00Z\",\"by\":\"factory\",\"kind\":\"rfq.declined\",\"brand\":"     \
    "\"northline\",\"factory\":\"" f "\",\"rfq\":\"R1\",\"reason\":\"moq\"}"

static int snapshots_taken;
static sv_store *snap_store;
static sv_code snapshot(void *ud, const sv_ledger_event *ev, sv_err *e)
{
    snapshots_taken++;
    return sv_store_rfq_snapshot_add(snap_store, ev->id, "program", (const char *)ud, e);
}

static sv_code refuse(void *ud, const sv_ledger_event *ev, sv_err *e)
{
    (void)ud;
    (void)ev;
    return sv_err_set(e, SV_ERR_SCHEMA, "no");
}

static void test_record_numbers_admits_and_keeps_nothing_refused(void **state)
{
    (void)state;
    sv_store *s = registry("a.db");
    sv_pool *pool = sv_pool_create();
    sv_err e;
    sv_err_clear(&e);
    /* two RFQs sent in one transaction, numbered in turn, each with its snapshot */
    sv_ledger_event evs[2];
    event(pool, SENT("pt-barcelos-sportmalha"), &evs[0]);
    event(pool, SENT("tr-bursa-devinim"), &evs[1]);
    snap_store = s;
    assert_int_equal(sv_ledger_record(s, evs, 2, snapshot, "{}", &e), SV_OK);
    assert_int_equal(evs[0].id, 1);
    assert_int_equal(evs[1].id, 2);
    assert_int_equal(snapshots_taken, 2);
    assert_int_equal(count(s, "SELECT count(*) FROM rfq_snapshot"), 2);
    /* a decline, then a second decline of the same RFQ in a batch with a good one: the
     * admission's message, and neither kept */
    sv_ledger_event d[2];
    event(pool, DECLINED("tr-bursa-devinim"), &d[0]);
    assert_int_equal(sv_ledger_record(s, d, 1, NULL, NULL, &e), SV_OK);
    assert_int_equal(d[0].id, 3);
    event(pool, DECLINED("pt-barcelos-sportmalha"), &d[0]);
    event(pool, DECLINED("tr-bursa-devinim"), &d[1]);
    assert_int_equal(sv_ledger_record(s, d, 2, NULL, NULL, &e), SV_ERR_SCHEMA);
    assert_non_null(strstr(e.msg, "declined it on 2027-01-12"));
    assert_int_equal(d[0].id, 0);
    assert_int_equal(count(s, "SELECT count(*) FROM ledger_event"), 3);
    /* the hook's error undoes the event it follows */
    sv_ledger_event again;
    event(pool, SENT("pt-barcelos-sportmalha"), &again);
    again.rfq = "R2";
    sv_err_clear(&e);
    assert_int_equal(sv_ledger_record(s, &again, 1, refuse, NULL, &e), SV_ERR_SCHEMA);
    assert_int_equal(again.id, 0);
    assert_int_equal(count(s, "SELECT count(*) FROM ledger_event"), 3);
    assert_int_equal(count(s, "SELECT count(*) FROM rfq_snapshot"), 2);
    /* a second snapshot of one event is refused */
    assert_int_equal(sv_store_begin(s, &e), SV_OK);
    assert_int_equal(sv_store_rfq_snapshot_add(s, 1, "p", "{}", &e), SV_ERR_SCHEMA);
    sv_store_rollback(s);
    sv_pool_free(pool);
    sv_store_close(s);
}

typedef struct seen {
    int n;
    int64_t ids[4];
    char factory[4][64];
} seen;

static sv_code see(void *ud, int64_t id, const char *factory, const char *body,
                   const char *program_text, const char *readiness_json, sv_err *e)
{
    (void)body;
    (void)e;
    seen *x = ud;
    assert_string_equal(program_text, "program");
    assert_string_equal(readiness_json, "{}");
    x->ids[x->n] = id;
    snprintf(x->factory[x->n++], 64, "%s", factory);
    return SV_OK;
}

static void test_rfq_snapshots_read_back_by_brand_and_ref(void **state)
{
    (void)state;
    sv_store *s = registry("a.db");
    sv_pool *pool = sv_pool_create();
    sv_err e;
    sv_err_clear(&e);
    sv_ledger_event evs[2];
    event(pool, SENT("pt-barcelos-sportmalha"), &evs[0]);
    event(pool, SENT("tr-bursa-devinim"), &evs[1]);
    snap_store = s;
    assert_int_equal(sv_ledger_record(s, evs, 2, snapshot, "{}", &e), SV_OK);
    seen x = {0};
    assert_int_equal(sv_store_rfq_snapshots(s, "northline", "R1", see, &x, &e), SV_OK);
    assert_int_equal(x.n, 2);
    assert_int_equal(x.ids[1], 2);
    assert_string_equal(x.factory[1], "tr-bursa-devinim");
    seen none = {0};
    assert_int_equal(sv_store_rfq_snapshots(s, "northline", "R2", see, &none, &e), SV_OK);
    assert_int_equal(sv_store_rfq_snapshots(s, "other", "R1", see, &none, &e), SV_OK);
    assert_int_equal(none.n, 0);
    sv_pool_free(pool);
    sv_store_close(s);
}

static void test_add_wants_the_id_first(void **state)
{
    (void)state;
    sv_store *s = registry("h.db");
    sv_ledger_event ev;
    sv_ledger_event_init(&ev);
    ev.kind = SV_EV_RFQ_SENT;
    ev.by = SV_BY_BRAND;
    assert_true(sv_ledger_time_parse("2027-01-10T09:00:00Z", &ev.at));
    ev.brand = "northline";
    ev.factory = "tr-bursa-devinim";
    ev.rfq = "R1";
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_store_begin(s, &e), SV_OK);
    assert_int_equal(sv_store_ledger_add(s, &ev, "{}", &e), SV_ERR_INTERNAL);
    ev.id = 7;
    assert_int_equal(sv_store_ledger_add(s, &ev, "{\"id\":7}", &e), SV_OK);
    int64_t total = 0, max = 0;
    assert_int_equal(sv_store_ledger_count(s, &total, &max, &e), SV_OK);
    assert_int_equal(total, 1);
    assert_int_equal(max, 7);
    ev.id = 7;
    assert_int_equal(sv_store_ledger_add(s, &ev, "{\"id\":7}", &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "id");
    ev.id = 8;
    ev.factory = "xx-nowhere";
    assert_int_equal(sv_store_ledger_add(s, &ev, "{\"id\":8}", &e), SV_ERR_NOTFOUND);
    assert_non_null(strstr(e.msg, "xx-nowhere"));
    sv_store_rollback(s);
    sv_store_close(s);
}

/* Recording admits an event against what its admission reads of the pair's history (the
 * events of the things it names, by the index), not the whole of it: the same verdict, and
 * the same words, as sv_ledger_admit over the whole history. Each example file recorded one
 * event at a time; before each, every event of the file (as written, without its correction,
 * and as a correction of the last three events so far, and at the end of each event) tried
 * against the store, recorded and undone. */
static sv_code undo(void *ud, const sv_ledger_event *ev, sv_err *e)
{
    (void)ud;
    (void)ev;
    return sv_err_set(e, SV_ERR_INTERNAL, "admitted, undone");
}

static void same_verdict(sv_store *s, sv_pool *pool, const sv_ledger_event *cand, int *tried)
{
    sv_ledger_event ev = *cand;
    sv_err e;
    sv_err_clear(&e);
    if (sv_ledger_check(&ev, &e) != SV_OK)
        return;
    const sv_ledger_event **hist;
    size_t n;
    assert_int_equal(sv_ledger_pair_load(s, ev.brand, ev.factory, pool, &hist, &n, &e), SV_OK);
    sv_err whole;
    sv_err_clear(&whole);
    sv_code want = sv_ledger_admit(hist, n, &ev, &whole);
    free(hist);
    sv_err got;
    sv_err_clear(&got);
    sv_code rc = sv_ledger_record(s, &ev, 1, undo, NULL, &got);
    char a[1024], b[1024];
    if (want == SV_OK) {
        if (rc != SV_ERR_INTERNAL || strcmp(got.msg, "admitted, undone") != 0)
            fail_msg("admitted over the whole history, refused when recorded: %s",
                     sv_err_format(&got, b, sizeof b));
    } else if (rc != want ||
               strcmp(sv_err_format(&whole, a, sizeof a), sv_err_format(&got, b, sizeof b)) != 0) {
        fail_msg("over the whole history \"%s\", when recorded \"%s\"", a,
                 rc == SV_ERR_INTERNAL ? "admitted" : b);
    }
    (*tried)++;
}

static void test_record_admits_as_the_whole_history_does(void **state)
{
    (void)state;
    static const char *const files[] = {"tests/data/ledger/good.jsonl",
                                        "tests/data/ledger/quotes.jsonl",
                                        "tests/data/ledger/scorecard.jsonl"};
    int tried = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        char name[16];
        snprintf(name, sizeof name, "d%zu.db", f);
        sv_store *s = registry(name);
        sv_pool *pool = sv_pool_create();
        size_t len;
        char *text = slurp(tu_source(files[f]), &len);
        const char *lines[128];
        size_t n = 0;
        for (char *l = strtok(text, "\n"); l && n < 128; l = strtok(NULL, "\n"))
            lines[n++] = l;
        sv_ledger_event *evs = calloc(n, sizeof *evs);
        for (size_t i = 0; i < n; i++) {
            event(pool, lines[i], &evs[i]);
            evs[i].id = 0;
        }
        for (size_t i = 0; i <= n; i++) {
            for (size_t j = 0; j < n; j++) {
                sv_ledger_event c = evs[j];
                same_verdict(s, pool, &c, &tried);
                c.supersedes = 0;
                same_verdict(s, pool, &c, &tried);
                /* as a correction of each event: of the whole history, and of the last few
                 * before each step */
                for (size_t k = i == n || i < 3 ? 1 : i - 2; k <= i; k++) {
                    c.supersedes = (int64_t)k;
                    same_verdict(s, pool, &c, &tried);
                }
            }
            if (i < n)
                import_ok(s, lines[i], 1);
        }
        free(evs);
        free(text);
        sv_pool_free(pool);
        sv_store_close(s);
    }
    assert_true(tried > 5000);
}

/* A party's events read from the typed columns (sv_store_ledger_party_typed) give the
 * scorecards the events parsed from the bodies give: every field but the free text (a
 * quote's lines, breaks and terms too), and every measure, count, score, event id and word of
 * both sides' scorecards. */
typedef struct party_events {
    sv_pool *pool;
    const sv_ledger_event *v[256];
    size_t n;
    int bodies; /* events whose body the typed read handed over to be parsed */
} party_events;

static sv_code keep_body(void *ud, int64_t id, const char *body, sv_err *e)
{
    party_events *pe = ud;
    sv_ledger_event *ev = sv_pool_alloc(pe->pool, sizeof *ev);
    sv_code rc = sv_ledger_event_parse(body, strlen(body), pe->pool, ev, e);
    ev->id = id;
    assert_true(pe->n < 256);
    pe->v[pe->n++] = ev;
    return rc;
}

static sv_code keep_typed(void *ud, const sv_ledger_event *in, const char *body, sv_err *e)
{
    party_events *pe = ud;
    sv_ledger_event *ev = sv_pool_alloc(pe->pool, sizeof *ev);
    *ev = *in;
    if (body) {
        pe->bodies++;
        sv_code rc = sv_ledger_event_parse(body, strlen(body), pe->pool, ev, e);
        if (rc)
            return rc;
        ev->id = in->id;
    }
    assert_true(pe->n < 256);
    pe->v[pe->n++] = ev;
    return SV_OK;
}

static void same_str(const char *a, const char *b)
{
    if (a || b) {
        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(a, b);
    }
}

static void same_event(const sv_ledger_event *a, const sv_ledger_event *b)
{
    assert_int_equal(a->id, b->id);
    assert_int_equal(a->supersedes, b->supersedes);
    assert_int_equal(a->at, b->at);
    assert_int_equal(a->by, b->by);
    assert_int_equal(a->kind, b->kind);
    same_str(a->brand, b->brand);
    same_str(a->factory, b->factory);
    same_str(a->rfq, b->rfq);
    same_str(a->order, b->order);
    same_str(a->style, b->style);
    same_str(a->change, b->change);
    same_str(a->milestone, b->milestone);
    assert_int_equal(a->stage, b->stage);
    assert_int_equal(a->round, b->round);
    assert_string_equal(a->currency, b->currency);
    assert_int_equal(a->amount, b->amount);
    assert_int_equal(a->due, b->due);
    assert_int_equal(a->ex_factory, b->ex_factory);
    assert_int_equal(a->planned, b->planned);
    assert_int_equal(a->valid_until, b->valid_until);
    assert_int_equal(a->days, b->days);
    assert_int_equal(a->deposit_bp, b->deposit_bp);
    assert_int_equal(a->reason, b->reason);
    assert_int_equal(a->verdict, b->verdict);
    assert_int_equal(a->lot, b->lot);
    assert_int_equal(a->passed, b->passed);
    assert_int_equal(a->level, b->level);
    for (int k = 0; k < 3; k++) {
        assert_int_equal(a->defects[k], b->defects[k]);
        assert_int_equal(a->aql[k], b->aql[k]);
    }
    assert_int_equal(a->n_lines, b->n_lines);
    for (size_t i = 0; i < a->n_lines; i++) {
        same_str(a->lines[i].style, b->lines[i].style);
        same_str(a->lines[i].color, b->lines[i].color);
        same_str(a->lines[i].size, b->lines[i].size);
        assert_int_equal(a->lines[i].qty, b->lines[i].qty);
        assert_int_equal(a->lines[i].price, b->lines[i].price);
    }
    assert_int_equal(a->n_quote, b->n_quote);
    for (size_t i = 0; i < a->n_quote; i++) {
        const sv_ledger_quote_line *x = &a->quote[i], *y = &b->quote[i];
        same_str(x->style, y->style);
        assert_int_equal(x->n_breaks, y->n_breaks);
        for (size_t k = 0; k < x->n_breaks; k++) {
            assert_int_equal(x->breaks[k].qty, y->breaks[k].qty);
            assert_int_equal(x->breaks[k].price, y->breaks[k].price);
        }
        assert_int_equal(x->moq_style, y->moq_style);
        assert_int_equal(x->moq_color, y->moq_color);
        assert_int_equal(x->sample_fee, y->sample_fee);
        assert_int_equal(x->fee_refunded, y->fee_refunded);
        assert_int_equal(x->sampling_days, y->sampling_days);
        assert_int_equal(x->production_days, y->production_days);
    }
}

static void same_card(const sv_scorecard *a, const sv_scorecard *b)
{
    assert_int_equal(a->n_m, b->n_m);
    assert_int_equal(a->has_overall, b->has_overall);
    assert_true(a->overall == b->overall);
    assert_int_equal(a->n_events, b->n_events);
    for (int k = 0; k < a->n_m; k++) {
        const sv_sc_measure *x = &a->m[k], *y = &b->m[k];
        assert_int_equal(x->code, y->code);
        assert_int_equal(x->has, y->has);
        assert_true(x->value == y->value && x->days_late == y->days_late && x->score == y->score);
        assert_int_equal(x->num, y->num);
        assert_int_equal(x->den, y->den);
        assert_int_equal(x->n_items, y->n_items);
        assert_int_equal(x->n_events, y->n_events);
        for (size_t i = 0; i < x->n_events; i++)
            assert_int_equal(x->ids[i], y->ids[i]);
        assert_string_equal(x->text, y->text);
    }
    assert_int_equal(a->n_by, b->n_by);
    for (size_t i = 0; i < a->n_by; i++) {
        assert_string_equal(a->by[i].handle, b->by[i].handle);
        assert_true(a->by[i].overall == b->by[i].overall && a->by[i].own == b->by[i].own);
        assert_int_equal(a->by[i].rank, b->by[i].rank);
        assert_int_equal(a->by[i].own_rank, b->by[i].own_rank);
    }
}

static const char *const card_files[] = {"tests/data/ledger/scorecard.jsonl",
                                         "tests/data/ledger/good.jsonl",
                                         "tests/data/ledger/quotes.jsonl"};

/* The parameters of the example's scorecards, as of 2027-06-30. */
static sv_sc_params card_params(void)
{
    sv_refdata *rd = tu_refdata();
    static sv_sc_weight w[SV_SC__COUNT];
    static char codes[SV_SC__COUNT][40];
    size_t nw = rd->n_scorecard_weights < SV_SC__COUNT ? rd->n_scorecard_weights : SV_SC__COUNT;
    for (size_t i = 0; i < nw; i++) {
        snprintf(codes[i], sizeof codes[i], "%s", rd->scorecard_weights[i].code);
        w[i] = (sv_sc_weight){codes[i], rd->scorecard_weights[i].weight,
                              rd->scorecard_weights[i].target};
    }
    sv_refdata_free(rd);
    int64_t asof;
    assert_true(sv_ledger_time_parse("2027-06-30T00:00:00Z", &asof));
    return (sv_sc_params){SV_LEDGER_NO_DAY, SV_LEDGER_NO_DAY, sv_ledger_day(asof), 4, 8, w, nw};
}

/* A store with file fi of card_files imported; for the second, a handle of the registry
 * changed since its events were recorded: they keep the handle they were recorded with. */
static sv_store *card_store(size_t fi, const char *name)
{
    sv_store *s = registry(name);
    size_t len;
    char *text = slurp(tu_source(card_files[fi]), &len);
    sv_err ie;
    sv_err_clear(&ie);
    assert_int_equal(sv_ledger_import_buf(s, text, len, card_files[fi], NULL, &ie), SV_OK);
    free(text);
    if (fi == 1)
        assert_int_equal(sqlite3_exec(sv_store_db(s),
                                      "UPDATE factory SET handle = 'tr-bursa-renamed' "
                                      "WHERE handle = 'tr-bursa-devinim'",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    return s;
}

typedef struct card_tally {
    int cards, quotes, bodies;
} card_tally;

/* For every party of the example files, both reads of its events and both scorecards of
 * them, compared; the bodies the typed read handed over counted. */
static void same_parties(sv_store *s, const sv_sc_params *p, card_tally *t)
{
    static const char *const brands[] = {"northline", "kestrel"};
    static const char *const factories[] = {"pt-barcelos-sportmalha", "pt-santotirso-tirsomalha",
                                            "tr-bagcilar-esnekspor", "tr-bursa-devinim"};
    for (int side = 0; side < 2; side++)
        for (size_t i = 0; i < (side ? 4u : 2u); i++) {
            const char *b = side ? NULL : brands[i], *f = side ? factories[i] : NULL;
            party_events x = {sv_pool_create(), {0}, 0, 0}, y = {sv_pool_create(), {0}, 0, 0};
            sv_err e;
            sv_err_clear(&e);
            assert_int_equal(sv_store_ledger_party(s, b, f, keep_body, &x, &e), SV_OK);
            assert_int_equal(sv_store_ledger_party_typed(s, b, f, y.pool, keep_typed, &y, &e),
                             SV_OK);
            assert_int_equal(x.n, y.n);
            for (size_t k = 0; k < x.n; k++) {
                same_event(x.v[k], y.v[k]);
                t->quotes += x.v[k]->kind == SV_EV_QUOTE;
            }
            t->bodies += y.bodies;
            sv_scorecard cx, cy;
            sv_sc_side sd = side ? SV_SC_FACTORY : SV_SC_BRAND;
            const char *who = side ? f : b;
            assert_int_equal(sv_scorecard_compute(x.v, x.n, sd, who, p, &cx), SV_OK);
            assert_int_equal(sv_scorecard_compute(y.v, y.n, sd, who, p, &cy), SV_OK);
            same_card(&cx, &cy);
            sv_scorecard_free(&cx);
            sv_scorecard_free(&cy);
            sv_pool_free(x.pool);
            sv_pool_free(y.pool);
            t->cards += x.n > 0;
        }
}

/* ... and no body is parsed: a quote's lines are read from its rows of ledger_quote_line,
 * the factory's handle from the event's column (also for the factory renamed since) */
static void test_typed_columns_give_the_same_scorecards(void **state)
{
    (void)state;
    sv_sc_params p = card_params();
    card_tally t = {0, 0, 0};
    for (size_t fi = 0; fi < 3; fi++) {
        char name[16];
        snprintf(name, sizeof name, "t%zu.db", fi);
        sv_store *s = card_store(fi, name);
        same_parties(s, &p, &t);
        sv_store_close(s);
    }
    assert_true(t.cards >= 6);
    assert_true(t.quotes > 0);
    assert_int_equal(t.bodies, 0);
}

/* A store written before migration 8 (no factory_handle column, no scorecard index) opens,
 * is brought up, and its events read from the typed columns give the same scorecards: the
 * factory's handle of its events from their bodies. The old store is made from a new one
 * by undoing migration 8's change to ledger_event. */
static void test_store_before_the_scorecard_index_gives_the_same_scorecards(void **state)
{
    (void)state;
    sv_sc_params p = card_params();
    card_tally t = {0, 0, 0};
    for (size_t fi = 0; fi < 3; fi++) {
        char name[16], path[4096];
        snprintf(name, sizeof name, "o%zu.db", fi);
        sv_store *s = card_store(fi, name);
        assert_int_equal(sqlite3_exec(sv_store_db(s),
                                      "DROP INDEX ledger_event_factory_card;"
                                      "ALTER TABLE ledger_event DROP COLUMN factory_handle;"
                                      /* migration 9's tables, which a store of 7 has not */
                                      "DROP TABLE program; DROP TABLE login_failure;"
                                      "DROP TABLE api_token; DROP TABLE session;"
                                      "DROP TABLE invitation; DROP TABLE member;"
                                      "DROP TABLE org; DROP TABLE account;"
                                      "PRAGMA user_version = 7;",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
        sv_store_close(s);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        sv_err e;
        sv_err_clear(&e);
        assert_int_equal(sv_store_open(path, &s, &e), SV_OK);
        assert_int_equal(sv_store_schema_version(s), 9);
        assert_int_equal(count(s, "SELECT count(*) FROM ledger_event WHERE factory_handle IS "
                                  "NOT NULL"),
                         0);
        same_parties(s, &p, &t);
        sv_store_close(s);
    }
    assert_true(t.cards >= 6);
    assert_true(t.quotes > 0);
    assert_true(t.bodies > 0); /* the renamed factory's events: their bodies read whole */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_history_imports_and_exports_byte_for_byte, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_correction_keeps_the_old_event, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_update_or_delete_in_the_ledger_store, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_typed_columns_and_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_file_keeps_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_spans_imports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_pairs_each_its_own_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_states_of_the_example_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_wants_the_id_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_numbers_admits_and_keeps_nothing_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rfq_snapshots_read_back_by_brand_and_ref, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_record_admits_as_the_whole_history_does, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_store_before_the_scorecard_index_gives_the_same_scorecards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_typed_columns_give_the_same_scorecards, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
