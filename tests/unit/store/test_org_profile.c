/* Tests for lib/store/org_profile.c: a factory organization reads and writes the capability
 * of the factory it claimed, and no other; the registry's identity of the factory is kept; a
 * viewer writes nothing; an organization with no claim has no profile. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "selvedge/org_profile.h"
#include "accounts_fixture.h"

static int64_t a_factory(const char *handle)
{
    char q[256];
    snprintf(q, sizeof q,
             "INSERT INTO factory (handle, name, name_key, country, moq_style) "
             "VALUES ('%s', 'F %s', 'f %s', 'PT', 900)",
             handle, handle, handle);
    assert_int_equal(sqlite3_exec(sv_store_db(st), q, NULL, NULL, NULL), SQLITE_OK);
    return sqlite3_last_insert_rowid(sv_store_db(st));
}

static void read_and_write_the_claimed_one_only(void **state)
{
    (void)state;
    sv_err e;
    sv_err_clear(&e);
    int64_t f1 = a_factory("porto-knit"), f2 = a_factory("braga-knit");
    sv_principal a = signup("a@example.com", "Porto Knit", SV_ORG_FACTORY);
    sv_principal b = signup("b@example.com", "Braga Knit", SV_ORG_FACTORY);
    sv_principal brand = signup("c@example.com", "Northline", SV_ORG_BRAND);
    sv_pool *pool = sv_pool_create();
    sv_factory f;
    /* nothing claimed yet: no profile, none written */
    assert_int_equal(sv_store_org_profile_get(st, a.org_id, pool, &f, &e), SV_ERR_NOTFOUND);
    assert_string_equal(e.field, "factory");
    sv_factory caps;
    sv_factory_init(&caps);
    caps.moq_style = 300;
    caps.moq_color = 150;
    caps.sampling_days = 12;
    caps.production_days = 45;
    caps.certifications = 1u << SV_CERT_GOTS;
    caps.price_low[0] = 450, caps.price_high[0] = 700;
    assert_int_equal(sv_store_org_profile_put(st, &a, &caps, &e), SV_ERR_NOTFOUND);
    assert_int_equal(sv_store_org_profile_put(st, &brand, &caps, &e), SV_ERR_NOTFOUND);
    must(sv_store_org_claim(st, &a, f1, &e), &e);
    must(sv_store_org_claim(st, &b, f2, &e), &e);
    must(sv_store_org_profile_put(st, &a, &caps, &e), &e);
    must(sv_store_org_profile_get(st, a.org_id, pool, &f, &e), &e);
    assert_int_equal(f.id, f1);
    assert_int_equal(f.moq_style, 300);
    assert_int_equal(f.moq_color, 150);
    assert_int_equal(f.production_days, 45);
    assert_int_equal(f.certifications, 1u << SV_CERT_GOTS);
    assert_int_equal(f.price_low[0], 450);
    assert_int_equal(f.price_high[0], 700);
    /* the registry's identity stays */
    assert_string_equal(f.name, "F porto-knit");
    assert_string_equal(f.handle, "porto-knit");
    assert_string_equal(f.country, "PT");
    /* the other organization's factory is untouched */
    must(sv_store_org_profile_get(st, b.org_id, pool, &f, &e), &e);
    assert_int_equal(f.id, f2);
    assert_int_equal(f.moq_style, 900);
    /* a viewer of a writes nothing */
    sv_principal v = a;
    must(sv_store_org_member_add(st, a.org_id, brand.account_id, SV_ROLE_VIEWER, T0, &e), &e);
    v.account_id = brand.account_id, v.role = SV_ROLE_VIEWER;
    caps.moq_style = 1;
    assert_int_equal(sv_store_org_profile_put(st, &v, &caps, &e), SV_ERR_DENIED);
    must(sv_store_org_profile_get(st, a.org_id, pool, &f, &e), &e);
    assert_int_equal(f.moq_style, 300);
    sv_pool_free(pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(read_and_write_the_claimed_one_only, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
