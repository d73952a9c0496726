/* Tests for lib/store/style_factory.c: the registry id of the factory each style names, by
 * handle, by id (a merged-away one as the factory it is in) and not on file (-1); NULL when
 * no style names one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/factory_import.h"
#include "selvedge/program_yaml.h"
#include "selvedge/store.h"
#include "../test_util.h"

static sv_program *program_of(const char *path, const char *find, const char *repl)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *text = find ? tu_replace(buf, find, repl) : strdup(buf);
    sv_program *p = NULL;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(sv_program_parse(text, strlen(text), "x.yaml", &p, &e), SV_OK);
    free(text);
    return p;
}

static void style_factories(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    sv_store *s = tu_store_open(dir, "r.db");
    sv_refdata *rd = tu_refdata();
    sv_import_stats st;
    sv_err e;
    sv_err_clear(&e);
    assert_int_equal(
        sv_factories_import(s, rd, tu_source("examples/factories.yaml"), NULL, &st, &e), SV_OK);
    int64_t want = 0;
    assert_int_equal(sv_store_find_handle(s, "tiruppur-organics", &want, &e), SV_OK);
    assert_true(want > 0);
    const char *kids = tu_source("examples/kids-two-origins.yaml");
    /* by handle: that style only */
    sv_program *p = program_of(kids, NULL, NULL);
    int64_t *fid = NULL;
    assert_int_equal(sv_store_style_factories(s, p, &fid, &e), SV_OK);
    assert_non_null(fid);
    assert_int_equal(fid[0], want);
    for (size_t k = 1; k < p->n_styles; k++)
        assert_int_equal(fid[k], 0);
    free(fid);
    sv_program_free(p);
    /* by id */
    char idtext[64];
    snprintf(idtext, sizeof idtext, "factory: \"%lld\"", (long long)want);
    p = program_of(kids, "factory: tiruppur-organics", idtext);
    assert_int_equal(sv_store_style_factories(s, p, &fid, &e), SV_OK);
    assert_int_equal(fid[0], want);
    free(fid);
    sv_program_free(p);
    /* not on file */
    p = program_of(kids, "factory: tiruppur-organics", "factory: nowhere-mills");
    assert_int_equal(sv_store_style_factories(s, p, &fid, &e), SV_OK);
    assert_int_equal(fid[0], -1);
    free(fid);
    sv_program_free(p);
    /* none named */
    p = program_of(tu_source("examples/northline.yaml"), NULL, NULL);
    fid = (int64_t *)&want;
    assert_int_equal(sv_store_style_factories(s, p, &fid, &e), SV_OK);
    assert_null(fid);
    sv_program_free(p);
    sv_refdata_free(rd);
    sv_store_close(s);
    tu_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(style_factories)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
