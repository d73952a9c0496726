/* Tests for lib/store/rfq_inputs.c: what a quote comparison reads of one RFQ from a real
 * store holding the hand-written history tests/data/ledger/quotes.jsonl (RFQ Q1 of northline
 * to four factories, three quotes, one a revision, a decline): every event of the RFQ parsed
 * in the order recorded, the program of the first rfq.sent with a snapshot, the factories'
 * countries from the registry; nothing (and no error) for an RFQ or a brand unknown. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "selvedge/ledger_import.h"
#include "selvedge/rfq_inputs.h"
#include "selvedge/rfq_snapshot.h"
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

static sv_store *history(void)
{
    sv_store *s = tu_store_open(dir, "r.db");
    sv_refdata *rd = tu_refdata();
    tu_import(s, rd, tu_source("examples/factories.yaml"));
    sv_refdata_free(rd);
    sv_err e;
    sv_err_clear(&e);
    int64_t n = 0;
    char buf[1024];
    if (sv_ledger_import(s, tu_source("tests/data/ledger/quotes.jsonl"), &n, &e) != SV_OK)
        fail_msg("%s", sv_err_format(&e, buf, sizeof buf));
    assert_int_equal(n, 8);
    return s;
}

static void events_program_and_origins(void **state)
{
    (void)state;
    sv_store *s = history();
    sv_err e;
    sv_err_clear(&e);
    /* no snapshot yet: the events, and no program */
    sv_rfq_inputs in;
    assert_int_equal(sv_store_rfq_inputs(s, "northline", "Q1", &in, &e), SV_OK);
    assert_true(in.sent);
    assert_null(in.program);
    assert_int_equal(in.n, 8);
    for (size_t i = 0; i < in.n; i++) {
        assert_string_equal(in.ev[i]->rfq, "Q1");
        assert_string_equal(in.ev[i]->brand, "northline");
        assert_int_equal(in.ev[i]->id, (int64_t)i + 1);
    }
    assert_int_equal(in.ev[0]->kind, SV_EV_RFQ_SENT);
    assert_int_equal(in.ev[5]->kind, SV_EV_QUOTE);
    assert_int_equal(in.ev[5]->supersedes, 5);
    assert_int_equal(in.ev[7]->kind, SV_EV_RFQ_DECLINED);
    sv_rfq_inputs_free(&in);
    /* snapshots of the third send, then of the second: the first recorded is the program */
    assert_int_equal(sv_store_rfq_snapshot_add(s, 3, "third", "{}", &e), SV_OK);
    assert_int_equal(sv_store_rfq_snapshot_add(s, 2, "second", "{}", &e), SV_OK);
    assert_int_equal(sv_store_rfq_inputs(s, "northline", "Q1", &in, &e), SV_OK);
    assert_string_equal(in.program, "second");
    char cc[3] = "";
    assert_true(sv_rfq_inputs_origin(&in, "pt-barcelos-sportmalha", cc));
    assert_string_equal(cc, "PT");
    assert_true(sv_rfq_inputs_origin(&in, "tr-bagcilar-esnekspor", cc));
    assert_string_equal(cc, "TR");
    assert_false(sv_rfq_inputs_origin(&in, "xx-nowhere", cc));
    sv_rfq_inputs_free(&in);
    assert_null(in.ev);
    sv_store_close(s);
}

static void unknown_rfq_or_brand(void **state)
{
    (void)state;
    sv_store *s = history();
    sv_err e;
    sv_err_clear(&e);
    sv_rfq_inputs in;
    assert_int_equal(sv_store_rfq_inputs(s, "northline", "Q2", &in, &e), SV_OK);
    assert_false(in.sent);
    assert_int_equal(in.n, 0);
    assert_null(in.program);
    sv_rfq_inputs_free(&in);
    assert_int_equal(sv_store_rfq_inputs(s, "southline", "Q1", &in, &e), SV_OK);
    assert_false(in.sent);
    assert_int_equal(in.n, 0);
    sv_rfq_inputs_free(&in);
    sv_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(events_program_and_origins, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_rfq_or_brand, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
