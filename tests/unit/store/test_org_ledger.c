/* Tests for lib/store/org_ledger.c: an organization's side of the ledger found by its id (a
 * brand organization's handle, a factory organization's claimed factory; none claimed is a
 * conflict), and its events: a brand's own only, a factory's own pairs only, one pair when
 * the counterpart is named. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <string.h>

#include "selvedge/ledger_import.h"
#include "selvedge/org_ledger.h"
#include "accounts_fixture.h"

static int64_t a_factory(const char *handle)
{
    char q[256];
    snprintf(q, sizeof q,
             "INSERT INTO factory (handle, name, name_key, country) VALUES ('%s', 'F', 'f', 'PT')",
             handle);
    assert_int_equal(sqlite3_exec(sv_store_db(st), q, NULL, NULL, NULL), SQLITE_OK);
    return sqlite3_last_insert_rowid(sv_store_db(st));
}

/* Two brands (linen, wool), three factories (porto, braga claimed; lisbon not), and an RFQ of
 * each brand to some of them. */
static const char history[] =
    "{\"at\":\"2026-09-07T09:00:00Z\",\"by\":\"brand\",\"kind\":\"rfq.sent\",\"brand\":\"linen\","
    "\"factory\":\"porto\",\"rfq\":\"R1\"}\n"
    "{\"at\":\"2026-09-07T09:00:00Z\",\"by\":\"brand\",\"kind\":\"rfq.sent\",\"brand\":\"linen\","
    "\"factory\":\"braga\",\"rfq\":\"R1\"}\n"
    "{\"at\":\"2026-09-08T09:00:00Z\",\"by\":\"factory\",\"kind\":\"rfq.acknowledged\","
    "\"brand\":\"linen\",\"factory\":\"porto\",\"rfq\":\"R1\"}\n"
    "{\"at\":\"2026-09-09T09:00:00Z\",\"by\":\"brand\",\"kind\":\"rfq.sent\",\"brand\":\"wool\","
    "\"factory\":\"braga\",\"rfq\":\"W1\"}\n"
    "{\"at\":\"2026-09-09T09:00:00Z\",\"by\":\"brand\",\"kind\":\"rfq.sent\",\"brand\":\"wool\","
    "\"factory\":\"lisbon\",\"rfq\":\"W1\"}\n";

typedef struct seen {
    int64_t ids[16];
    int n;
} seen;

static sv_code collect(void *ud, int64_t id, const char *body, sv_err *e)
{
    (void)body, (void)e;
    seen *k = ud;
    k->ids[k->n++] = id;
    return SV_OK;
}

static seen events(int64_t org, const char *counterpart)
{
    seen k = {0};
    sv_err e;
    sv_err_clear(&e);
    must(sv_store_org_events(st, org, counterpart, collect, &k, &e), &e);
    return k;
}

static void sides_and_events(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_principal linen = signup("a@example.com", "Linen", SV_ORG_BRAND);
    sv_principal wool = signup("b@example.com", "Wool", SV_ORG_BRAND);
    sv_principal porto = signup("c@example.com", "Porto", SV_ORG_FACTORY);
    sv_principal braga = signup("d@example.com", "Braga", SV_ORG_FACTORY);
    sv_principal lisbon = signup("e@example.com", "Lisbon", SV_ORG_FACTORY);
    int64_t fp = a_factory("porto"), fb = a_factory("braga");
    a_factory("lisbon");
    must(sv_store_org_claim(st, &porto, fp, &e), &e);
    must(sv_store_org_claim(st, &braga, fb, &e), &e);
    int64_t n;
    must(sv_ledger_import_buf(st, history, sizeof history - 1, "history", &n, &e), &e);
    assert_int_equal(n, 5);

    sv_pool *pool = sv_pool_create();
    sv_org_party p;
    must(sv_store_org_party(st, linen.org_id, pool, &p, &e), &e);
    assert_int_equal(p.kind, SV_ORG_BRAND);
    assert_int_equal(p.by, SV_BY_BRAND);
    assert_string_equal(p.handle, "linen");
    must(sv_store_org_party(st, braga.org_id, pool, &p, &e), &e);
    assert_int_equal(p.by, SV_BY_FACTORY);
    assert_string_equal(p.handle, "braga");
    assert_int_equal(p.factory_id, fb);
    /* a factory organization that claimed none has no side yet */
    assert_int_equal(sv_store_org_party(st, lisbon.org_id, pool, &p, &e), SV_ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "claim your factory first"));
    assert_int_equal(sv_store_org_party(st, 999, pool, &p, &e), SV_ERR_NOTFOUND);
    sv_pool_free(pool);

    /* a brand: its own events only */
    seen k = events(linen.org_id, NULL);
    assert_int_equal(k.n, 3);
    assert_int_equal(k.ids[0], 1), assert_int_equal(k.ids[1], 2), assert_int_equal(k.ids[2], 3);
    k = events(wool.org_id, NULL);
    assert_int_equal(k.n, 2);
    assert_int_equal(k.ids[0], 4);
    /* a factory: its own pairs only, with every brand */
    k = events(braga.org_id, NULL);
    assert_int_equal(k.n, 2);
    assert_int_equal(k.ids[0], 2), assert_int_equal(k.ids[1], 4);
    k = events(porto.org_id, NULL);
    assert_int_equal(k.n, 2);
    /* one pair */
    k = events(linen.org_id, "porto");
    assert_int_equal(k.n, 2);
    k = events(braga.org_id, "wool");
    assert_int_equal(k.n, 1);
    assert_int_equal(k.ids[0], 4);
    /* another's pair, named: nothing, as a pair that does not exist */
    assert_int_equal(events(porto.org_id, "wool").n, 0);
    assert_int_equal(events(wool.org_id, "porto").n, 0);
    assert_int_equal(events(wool.org_id, "nowhere").n, 0);
    seen none = {0};
    assert_int_equal(sv_store_org_events(st, lisbon.org_id, "wool", collect, &none, &e),
                     SV_ERR_CONFLICT);
    assert_int_equal(none.n, 0);
}

static const char more[] =
    "{\"at\":\"2026-09-10T09:00:00Z\",\"by\":\"brand\",\"kind\":\"rfq.sent\",\"brand\":\"linen\","
    "\"factory\":\"lisbon\",\"rfq\":\"R2\"}\n"
    "{\"at\":\"2026-09-10T09:00:00Z\",\"by\":\"brand\",\"kind\":\"rfq.sent\",\"brand\":\"linen\","
    "\"factory\":\"faro\",\"rfq\":\"R2\"}\n";

static sv_code typed(void *ud, const sv_ledger_event *ev, const char *body, sv_err *e)
{
    (void)body, (void)e;
    seen *k = ud;
    k->ids[k->n++] = ev->id;
    return SV_OK;
}

/* A counterpart's record with the others: only a counterpart of the caller's, only when it
 * rests on min_others parties or more, and never the caller's own pair. */
static void elsewhere(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_principal linen = signup("a@example.com", "Linen", SV_ORG_BRAND);
    sv_principal porto = signup("c@example.com", "Porto", SV_ORG_FACTORY);
    sv_principal braga = signup("d@example.com", "Braga", SV_ORG_FACTORY);
    signup("b@example.com", "Wool", SV_ORG_BRAND);
    int64_t fp = a_factory("porto"), fb = a_factory("braga");
    a_factory("lisbon"), a_factory("faro");
    must(sv_store_org_claim(st, &porto, fp, &e), &e);
    must(sv_store_org_claim(st, &braga, fb, &e), &e);
    int64_t n;
    must(sv_ledger_import_buf(st, history, sizeof history - 1, "history", &n, &e), &e);
    must(sv_ledger_import_buf(st, more, sizeof more - 1, "more", &n, &e), &e);
    sv_pool *pool = sv_pool_create();
    size_t others;
    /* porto on linen: linen's record with braga, lisbon and faro (events 2, 6, 7) */
    seen k = {0};
    must(sv_store_org_elsewhere(st, porto.org_id, "linen", 3, pool, typed, &k, &others, &e), &e);
    assert_int_equal(others, 3);
    assert_int_equal(k.n, 3);
    assert_int_equal(k.ids[0], 2), assert_int_equal(k.ids[1], 6), assert_int_equal(k.ids[2], 7);
    /* under the threshold: how many, and nothing else */
    k = (seen){0};
    must(sv_store_org_elsewhere(st, porto.org_id, "linen", 4, pool, typed, &k, &others, &e), &e);
    assert_int_equal(others, 3);
    assert_int_equal(k.n, 0);
    /* a party porto never dealt with: nothing */
    must(sv_store_org_elsewhere(st, porto.org_id, "wool", 0, pool, typed, &k, &others, &e), &e);
    assert_int_equal(others, 0);
    assert_int_equal(k.n, 0);
    /* linen on braga: braga's record with wool only (1) */
    must(sv_store_org_elsewhere(st, linen.org_id, "braga", 1, pool, typed, &k, &others, &e), &e);
    assert_int_equal(others, 1);
    assert_int_equal(k.n, 1);
    assert_int_equal(k.ids[0], 4);
    sv_pool_free(pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sides_and_events, setup, teardown),
        cmocka_unit_test_setup_teardown(elsewhere, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
