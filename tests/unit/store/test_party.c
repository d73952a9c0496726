/* Tests for lib/store/party.c: one brand's or one factory's events read back from a real
 * store holding the hand-written history (tests/data/ledger/scorecard.jsonl): every one of
 * the party's, none of the others', in the order recorded; nothing for a party unknown. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "selvedge/ledger_import.h"
#include "selvedge/party_store.h"
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
    tu_rmtree(dir);
    dir = NULL;
    return 0;
}

static sv_store *season(void)
{
    sv_store *s = tu_store_open(dir, "r.db");
    sv_refdata *rd = tu_refdata();
    tu_import(s, rd, tu_source("examples/factories.yaml"));
    sv_refdata_free(rd);
    sv_err e;
    sv_err_clear(&e);
    int64_t n = 0;
    char buf[1024];
    if (sv_ledger_import(s, tu_source("tests/data/ledger/scorecard.jsonl"), &n, &e) != SV_OK)
        fail_msg("%s", sv_err_format(&e, buf, sizeof buf));
    assert_int_equal(n, 55);
    return s;
}

typedef struct seen {
    int64_t ids[64];
    size_t n;
    const char *want; /* a handle each body must name */
} seen;

static sv_code note(void *ud, int64_t id, const char *body, sv_err *e)
{
    (void)e;
    seen *s = ud;
    assert_true(s->n < 64);
    if (s->n)
        assert_true(id > s->ids[s->n - 1]);
    char q[128];
    snprintf(q, sizeof q, "\"%s\"", s->want);
    assert_non_null(strstr(body, q));
    s->ids[s->n++] = id;
    return SV_OK;
}

static void brand_and_factory(void **state)
{
    (void)state;
    sv_store *s = season();
    sv_err e;
    sv_err_clear(&e);
    /* northline: 1-39 and 55 with sportmalha, 53-54 with devinim */
    seen b = {.want = "northline"};
    assert_int_equal(sv_store_ledger_party(s, "northline", NULL, note, &b, &e), SV_OK);
    assert_int_equal(b.n, 42);
    assert_int_equal(b.ids[0], 1);
    assert_int_equal(b.ids[38], 39);
    assert_int_equal(b.ids[39], 53);
    assert_int_equal(b.ids[40], 54);
    assert_int_equal(b.ids[41], 55);
    /* sportmalha: 1-52 and 55, northline's and kestrel's */
    seen f = {.want = "pt-barcelos-sportmalha"};
    assert_int_equal(sv_store_ledger_party(s, NULL, "pt-barcelos-sportmalha", note, &f, &e), SV_OK);
    assert_int_equal(f.n, 53);
    assert_int_equal(f.ids[51], 52);
    assert_int_equal(f.ids[52], 55);
    /* unknown: nothing */
    seen none = {.want = "x"};
    assert_int_equal(sv_store_ledger_party(s, "nobody", NULL, note, &none, &e), SV_OK);
    assert_int_equal(sv_store_ledger_party(s, NULL, "xx-nowhere", note, &none, &e), SV_OK);
    assert_int_equal(none.n, 0);
    /* one party, not both, not none */
    assert_int_equal(
        sv_store_ledger_party(s, "northline", "pt-barcelos-sportmalha", note, &none, &e),
        SV_ERR_INTERNAL);
    assert_int_equal(sv_store_ledger_party(s, NULL, NULL, note, &none, &e), SV_ERR_INTERNAL);
    sv_store_close(s);
}

/* the brand's events of one RFQ (what quotes compare reads): its sends, answers and
 * messages, and the orders placed on it, of every factory; not another RFQ's or brand's */
static void one_rfq(void **state)
{
    (void)state;
    sv_store *s = season();
    sv_err e;
    sv_err_clear(&e);
    seen r = {.want = "R1"};
    assert_int_equal(sv_store_ledger_rfq(s, "northline", "R1", note, &r, &e), SV_OK);
    static const int64_t want[] = {1, 2, 3, 4, 23, 25, 53, 54};
    assert_int_equal(r.n, 8);
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(r.ids[i], want[i]);
    seen none = {.want = "x"};
    assert_int_equal(sv_store_ledger_rfq(s, "kestrel", "R1", note, &none, &e), SV_OK);
    assert_int_equal(sv_store_ledger_rfq(s, "northline", "R7", note, &none, &e), SV_OK);
    assert_int_equal(sv_store_ledger_rfq(s, "nobody", "R1", note, &none, &e), SV_OK);
    assert_int_equal(none.n, 0);
    seen k = {.want = "kestrel"};
    assert_int_equal(sv_store_ledger_rfq(s, "kestrel", "R7", note, &k, &e), SV_OK);
    assert_int_equal(k.n, 3);
    sv_store_close(s);
}

static sv_code stop(void *ud, int64_t id, const char *body, sv_err *e)
{
    (void)body;
    int *calls = ud;
    ++*calls;
    return id == 3 ? sv_err_set(e, SV_ERR_SCHEMA, "stop here") : SV_OK;
}

/* fn's error stops the walk and is returned */
static void error_stops(void **state)
{
    (void)state;
    sv_store *s = season();
    sv_err e;
    sv_err_clear(&e);
    int calls = 0;
    assert_int_equal(sv_store_ledger_party(s, "northline", NULL, stop, &calls, &e), SV_ERR_SCHEMA);
    assert_int_equal(calls, 3);
    sv_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(brand_and_factory, setup, teardown),
        cmocka_unit_test_setup_teardown(one_rfq, setup, teardown),
        cmocka_unit_test_setup_teardown(error_stops, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
