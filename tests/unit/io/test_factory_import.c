/* Tests for lib/io/factory_import.c: merging a duplicate into the factory it repeats. A row
 * that brings only another spelling of the name or address is added as aliases, without
 * rewriting the profile; these tests show the profile comes out as the whole merge would make
 * it: every spelling kept and found by search, a missing address filled, what a row knows
 * filled in where the factory does not, after a capability file replaced a profile by its
 * handle too; in a bulk load and row by row alike (real SQLite, files on disk). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/factory_import.h"
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
    return 0;
}

/* The profile of the one factory called name in the store (any spelling). */
typedef struct found {
    int n;
    int64_t id;
} found;

static sv_code keep_id(void *ud, const sv_factory *f, sv_err *e)
{
    (void)e;
    found *x = ud;
    x->n++;
    x->id = f->id;
    return SV_OK;
}

static int search_count(sv_store *s, const char *text, int64_t *id)
{
    sv_factory_filter flt;
    sv_factory_filter_init(&flt);
    flt.text = text;
    found x = {0, 0};
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_store_factory_list(s, &flt, keep_id, &x, &e), SV_OK);
    if (id)
        *id = x.id;
    return x.n;
}

static void import_both_ways(const char *name, const char *text, sv_store **bulk, sv_store **rows)
{
    sv_refdata *rd = tu_own(tu_refdata(), tu_free_refdata);
    tu_write_file(dir, name, text);
    char dbname[128];
    snprintf(dbname, sizeof dbname, "%s-bulk.db", name);
    *bulk = tu_own(tu_store_open(dir, dbname), tu_free_store);
    snprintf(dbname, sizeof dbname, "%s-rows.db", name);
    *rows = tu_own(tu_store_open(dir, dbname), tu_free_store);
    sv_import_stats st;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_factories_import(*bulk, rd, tu_path(dir, name), NULL, &st, &e), SV_OK);
    sv_import_hooks h = {.row_by_row = true};
    assert_int_equal(sv_factories_import(*rows, rd, tu_path(dir, name), &h, &st, &e), SV_OK);
}

/* Spellings of one facility: one factory, every spelling a name or address of it, each found
 * by search (the search rows of a bulk load are written at its end). */
static void test_spellings_kept(void **state)
{
    (void)state;
    sv_store *b, *r;
    import_both_ways("spell.csv",
                     "country,name,address\n"
                     "CN,Ningbo Knit Garments Co. Ltd,No. 8 Ningbo Road\n"
                     "CN,NINGBO KNIT GARMENTS CO LTD,No. 8 Ningbo Rd\n"
                     "CN,Ningbo Knit Garment Company Limited,No. 8 Ningbo Road\n"
                     "CN,Ningbo Knitt Garments Co. Ltd,No 8 Ningbo Road\n"
                     "CN,Ningbo Knit Garments Co. Ltd,No. 8 Ningbo Road Zhejiang\n",
                     &b, &r);
    sv_store *stores[] = {b, r};
    for (int k = 0; k < 2; k++) {
        sv_store *s = stores[k];
        assert_int_equal(tu_store_count(s), 1);
        int64_t id;
        assert_int_equal(search_count(s, "Knitt", &id), 1);
        assert_int_equal(search_count(s, "Zhejiang", NULL), 1);
        assert_int_equal(search_count(s, "Company Limited", NULL), 1);
        sv_pool *pool = tu_own(sv_pool_create(), tu_free_pool);
        sv_factory f;
        sv_err e;
        assert_int_equal(sv_store_factory_get(s, id, pool, &f, &e), SV_OK);
        assert_string_equal(f.name, "Ningbo Knit Garments Co. Ltd");
        assert_string_equal(f.address, "No. 8 Ningbo Road");
        assert_int_equal(f.n_other_names, 3);
        assert_int_equal(f.n_other_addresses, 3);
    }
}

/* A factory first listed without an address gets the address of a later spelling; one with
 * an address keeps its own. */
static void test_missing_address_filled(void **state)
{
    (void)state;
    sv_store *b, *r;
    import_both_ways("addr.csv",
                     "country,name,address\n"
                     "BD,Rahman Knit Composite Ltd,\n"
                     "BD,Rahman Knit Composite Limited,Plot 12 Gazipur\n"
                     "BD,RAHMAN KNIT COMPOSITE LTD,Plot 12 Gazipur Dhaka\n",
                     &b, &r);
    sv_store *stores[] = {b, r};
    for (int k = 0; k < 2; k++) {
        int64_t id;
        assert_int_equal(search_count(stores[k], "Rahman", &id), 1);
        sv_pool *pool = tu_own(sv_pool_create(), tu_free_pool);
        sv_factory f;
        sv_err e;
        assert_int_equal(sv_store_factory_get(stores[k], id, pool, &f, &e), SV_OK);
        assert_non_null(f.address);
        assert_string_equal(f.address, "Plot 12 Gazipur");
    }
}

/* A duplicate that knows more than a spelling fills what the factory does not know; a
 * capability row replacing a profile by its handle drops its address, and the next spelling
 * with an address fills it again. */
static void test_fields_filled(void **state)
{
    (void)state;
    sv_store *b, *r;
    import_both_ways("fill.csv",
                     "handle,name,address,country,moq_per_color,categories\n"
                     "pt-norte,Malhas do Norte,Rua 1 Barcelos,PT,,\n"
                     ",Malhas do Norte Lda,Rua 1 Barcelos,PT,,\n"
                     ",Malhas do Norte,Rua 1 Barcelos,PT,200,t-shirt\n"
                     ",Malhas do Norte,Rua 1 Barcelos,PT,150,hoodie\n",
                     &b, &r);
    sv_store *stores[] = {b, r};
    for (int k = 0; k < 2; k++) {
        int64_t id = tu_handle_id(stores[k], "pt-norte");
        sv_pool *pool = tu_own(sv_pool_create(), tu_free_pool);
        sv_factory f;
        sv_err e;
        assert_int_equal(sv_store_factory_get(stores[k], id, pool, &f, &e), SV_OK);
        assert_int_equal(f.moq_color, 200); /* the first known wins */
        assert_int_equal(f.categories, (1u << SV_CAT_TSHIRT) | (1u << SV_CAT_HOODIE));
        assert_int_equal(tu_store_count(stores[k]), 1);
    }
    /* in one file: a spelling merged (the factory has an address), then the profile replaced
     * by its handle without one, then a spelling with an address fills it in */
    sv_refdata *rd = tu_own(tu_refdata(), tu_free_refdata);
    for (int k = 0; k < 2; k++) {
        tu_import_text(stores[k], rd, dir, "fill2.csv",
                       "handle,name,address,country,categories\n"
                       ",Malhas do Norte,Rua 1 Barcelos,PT,\n"
                       "pt-norte,Malhas do Norte,,PT,t-shirt\n"
                       ",Malhas do Norte,Rua 3 Barcelos,PT,\n");
        int64_t id = tu_handle_id(stores[k], "pt-norte");
        sv_pool *pool = tu_own(sv_pool_create(), tu_free_pool);
        sv_factory f;
        sv_err e;
        assert_int_equal(sv_store_factory_get(stores[k], id, pool, &f, &e), SV_OK);
        assert_non_null(f.address);
        assert_string_equal(f.address, "Rua 3 Barcelos");
        assert_int_equal(tu_store_count(stores[k]), 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spellings_kept),
        cmocka_unit_test(test_missing_address_filled),
        cmocka_unit_test(test_fields_filled),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
