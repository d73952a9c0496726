/* Tests for lib/store/program_store.c: a brand organization's programs created, read, listed
 * and replaced; another organization's program not found, exactly as a missing one; a viewer
 * and a factory organization do not write. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <string.h>

#include "selvedge/program_store.h"
#include "accounts_fixture.h"

static sv_code count_row(void *ud, const sv_program_row *p, sv_err *e)
{
    (void)e;
    assert_null(p->yaml);
    ++*(int *)ud;
    return SV_OK;
}

static void programs(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_principal a = signup("a@example.com", "Linen", SV_ORG_BRAND);
    sv_principal b = signup("b@example.com", "Other", SV_ORG_BRAND);
    sv_program_in in = {
        .name = "FW27", .yaml = "brand:\n  name: Linen\n", .verdict = "ready", .score = 82};
    int64_t id;
    must(sv_store_program_create(st, &a, &in, T0, &id, &e), &e);
    sv_pool *pool = sv_pool_create();
    sv_program_row r;
    must(sv_store_program_get(st, a.org_id, id, pool, &r, &e), &e);
    assert_string_equal(r.name, "FW27");
    assert_string_equal(r.yaml, in.yaml);
    assert_string_equal(r.verdict, "ready");
    assert_int_equal(r.score, 82);
    assert_int_equal(r.created, T0);
    /* another organization's program and a missing one: the same answer */
    char m1[512];
    assert_int_equal(sv_store_program_get(st, b.org_id, id, pool, &r, &e), SV_ERR_NOTFOUND);
    strcpy(m1, e.msg);
    assert_int_equal(sv_store_program_get(st, a.org_id, id + 100, pool, &r, &e), SV_ERR_NOTFOUND);
    assert_string_equal(e.msg, m1);
    sv_program_in in2 = {
        .name = "FW27 v2", .yaml = "brand:\n  name: Linen 2\n", .verdict = NULL, .score = -1};
    assert_int_equal(sv_store_program_replace(st, &b, id, &in2, T0 + 10, &e), SV_ERR_NOTFOUND);
    assert_string_equal(e.msg, m1);
    must(sv_store_program_get(st, a.org_id, id, pool, &r, &e), &e);
    assert_string_equal(r.name, "FW27"); /* untouched */
    must(sv_store_program_replace(st, &a, id, &in2, T0 + 10, &e), &e);
    must(sv_store_program_get(st, a.org_id, id, pool, &r, &e), &e);
    assert_string_equal(r.name, "FW27 v2");
    assert_null(r.verdict);
    assert_int_equal(r.score, -1);
    assert_int_equal(r.updated, T0 + 10);
    assert_int_equal(r.created, T0);
    int n = 0;
    must(sv_store_program_list(st, a.org_id, count_row, &n, &e), &e);
    assert_int_equal(n, 1);
    n = 0;
    must(sv_store_program_list(st, b.org_id, count_row, &n, &e), &e);
    assert_int_equal(n, 0);
    sv_pool_free(pool);
}

static void who_may_write(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    sv_principal a = signup("a@example.com", "Linen", SV_ORG_BRAND);
    sv_principal f = signup("f@example.com", "Porto Knit", SV_ORG_FACTORY);
    sv_principal v = signup("v@example.com", "Viewer's own", SV_ORG_BRAND);
    must(sv_store_org_member_add(st, a.org_id, v.account_id, SV_ROLE_VIEWER, T0, &e), &e);
    sv_principal viewer = {.account_id = v.account_id,
                           .org_id = a.org_id,
                           .role = SV_ROLE_OWNER}; /* the role claimed is not trusted */
    sv_program_in in = {.name = "FW27", .yaml = "x: 1\n", .score = -1};
    int64_t id;
    assert_int_equal(sv_store_program_create(st, &viewer, &in, T0, &id, &e), SV_ERR_DENIED);
    assert_int_equal(sv_store_program_create(st, &f, &in, T0, &id, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "org_kind");
    /* an account acting in an organization it is no member of */
    sv_principal outsider = {.account_id = f.account_id, .org_id = a.org_id, .role = SV_ROLE_OWNER};
    assert_int_equal(sv_store_program_create(st, &outsider, &in, T0, &id, &e), SV_ERR_DENIED);
    in.name = "";
    assert_int_equal(sv_store_program_create(st, &a, &in, T0, &id, &e), SV_ERR_SCHEMA);
    assert_string_equal(e.field, "name");
    assert_int_equal(rows("SELECT count(*) FROM program"), 0);
    in.name = "FW27";
    must(sv_store_program_create(st, &a, &in, T0, &id, &e), &e);
    assert_int_equal(sv_store_program_replace(st, &viewer, id, &in, T0, &e), SV_ERR_DENIED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(programs, setup, teardown),
        cmocka_unit_test_setup_teardown(who_may_write, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
