/* Tests for lib/store/review.c: the review decisions (merge, distinct, undo, history) and
 * what the rest of the store does with them (look-ups, lists, search, the matcher's table,
 * the pairs to review, and imports again).
 *
 * The registry of each test is an Open Supply Hub download written here: two pairs the import
 * lists for review (similar names in one country), a third factory in another country. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <regex.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/factory_import.h"
#include "selvedge/json_out.h"
#include "selvedge/review.h"
#include "selvedge/store.h"
#include "../test_util.h"
#include "faults.h"

static char *dir;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

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

static void fail_err(const char *what, const sv_err *e)
{
    char buf[1024];
    fail_msg("%s: %s", what, sv_err_format(e, buf, sizeof buf));
}

#define OK(call)                                                                                   \
    do {                                                                                           \
        sv_err e_;                                                                                 \
        sv_err_clear(&e_);                                                                         \
        if ((call) != SV_OK)                                                                       \
            fail_err(#call, &e_);                                                                  \
    } while (0)
#define E (&e_)

/* An OSH download: 1 and 2 a pair to review (CN), 3 and 4 another (VN), 5 alone in BD. Rows
 * in this order get ids 1 to 5. */
static const char DOWNLOAD[] =
    "os_id,name,address,country_code,sector,product_type,claim_minimum_order_quantity,"
    "claim_average_lead_time,claim_certifications_standards_regulations\n"
    "CN2020000000101,Jiangyin Chenguang Garment Co Ltd,\"No. 18 Binjiang Road, Jiangyin\",CN,"
    "Apparel,T-shirts,500 pcs per color,,GOTS\n"
    "CN2020000000102,Chenguang Knitting Jiangyin,\"18 Binjiang Rd, Jiangyin City\",CN,Apparel,"
    "Hoodies,\"MOQ 300 per style, 1000 per order\",45 days,BSCI\n"
    "VN2020000000201,Saigon Hoa Binh Knit,\"12 Nguyen Trai, HCMC\",VN,Apparel,,,,\n"
    "VN2020000000202,Saigon Hoa Binh Knitting Co,\"12 Nguyen Trai Street, Ho Chi Minh City\",VN,"
    "Apparel,,,,\n"
    "BD2020000000301,Dhaka Knit Composite,\"Plot 7, Gazipur\",BD,Apparel,T-shirts,,,\n";

typedef struct reg {
    sv_store *s;
    sv_refdata *rd;
    char path[4096];
} reg;

static void free_reg(void *p)
{
    reg *r = p;
    sv_store_close(r->s);
    sv_refdata_free(r->rd);
    free(r);
}

static reg *reg_new(void)
{
    reg *r = tu_own(calloc(1, sizeof *r), free_reg);
    assert_non_null(r);
    r->rd = tu_refdata();
    r->s = tu_store_open(dir, "r.db");
    tu_write_file(dir, "download.csv", DOWNLOAD);
    snprintf(r->path, sizeof r->path, "%s/download.csv", dir);
    sv_import_stats st = tu_import(r->s, r->rd, r->path);
    assert_int_equal(st.added, 5);
    assert_int_equal(st.review, 2);
    return r;
}

/* A factory's full profile as `factories show --json` gives it, as text. */
static char *profile_json(sv_store *s, int64_t id)
{
    sv_pool *pool = sv_pool_create();
    assert_non_null(pool);
    sv_factory f;
    OK(sv_store_factory_get(s, id, pool, &f, E));
    json_t *j = sv_json_factory(&f, true);
    char *text = json_dumps(j, JSON_SORT_KEYS);
    json_decref(j);
    sv_pool_free(pool);
    assert_non_null(text);
    return text;
}

static int64_t sql_int(sv_store *s, const char *q)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(sv_store_db(s), q, -1, &st, NULL), SQLITE_OK);
    int64_t v = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The rows of a query joined as text, for comparing a table before and after. */
static char *sql_rows(sv_store *s, const char *q)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(sv_store_db(s), q, -1, &st, NULL), SQLITE_OK);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(st); i++)
            fprintf(f, "%s|",
                    sqlite3_column_text(st, i) ? (const char *)sqlite3_column_text(st, i) : "NULL");
        fputc('\n', f);
    }
    sqlite3_finalize(st);
    fclose(f);
    return out;
}

typedef struct ids {
    int64_t id[64];
    size_t n;
} ids;

static sv_code on_factory(void *ud, const sv_factory *f, sv_err *e)
{
    ids *g = ud;
    (void)e;
    if (g->n < 64)
        g->id[g->n++] = f->id;
    return SV_OK;
}

static ids search(sv_store *s, const char *text)
{
    ids g = {0};
    sv_factory_filter flt;
    sv_factory_filter_init(&flt);
    flt.text = text;
    OK(sv_store_factory_list(s, &flt, on_factory, &g, E));
    return g;
}

static bool has(const ids *g, int64_t id)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->id[i] == id)
            return true;
    return false;
}

typedef struct pairs {
    int64_t a[32], b[32];
    size_t n;
} pairs;

static sv_code on_pair(void *ud, const sv_review_pair *p, sv_err *e)
{
    pairs *g = ud;
    (void)e;
    if (g->n < 32) {
        g->a[g->n] = p->a;
        g->b[g->n++] = p->b;
    }
    return SV_OK;
}

static pairs review_list(sv_store *s)
{
    pairs g = {0};
    OK(sv_store_review_list(s, on_pair, &g, E));
    return g;
}

static bool has_pair(const pairs *g, int64_t a, int64_t b)
{
    for (size_t i = 0; i < g->n; i++)
        if ((g->a[i] == a && g->b[i] == b) || (g->a[i] == b && g->b[i] == a))
            return true;
    return false;
}

static int64_t os_id_of(sv_store *s, const char *os_id)
{
    int64_t id = 0;
    OK(sv_store_find_os_id(s, os_id, &id, E));
    return id;
}

static int64_t merge(sv_store *s, int64_t keep, int64_t other)
{
    int64_t d = 0;
    OK(sv_review_merge(s, keep, other, "ana", false, &d, E));
    assert_true(d > 0);
    return d;
}

/* A refused decision: its code, and the message holding every one of the parts given. */
static void expect_refused(sv_code got, sv_code want, const sv_err *e, ...)
{
    if (got != want)
        fail_msg("returned %s, expected %s: %s", sv_code_name(got), sv_code_name(want), e->msg);
    va_list ap;
    va_start(ap, e);
    for (const char *part; (part = va_arg(ap, const char *));)
        if (!strstr(e->msg, part))
            fail_msg("the message \"%s\" does not say \"%s\"", e->msg, part);
    va_end(ap);
}

static bool utc_stamp(const char *s)
{
    regex_t re;
    assert_int_equal(regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
                             REG_EXTENDED | REG_NOSUB),
                     0);
    bool ok = s && regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

/* ---- merge ---------------------------------------------------------------------------------- */

/* The two become one: the kept profile has every name, address and price band of both, its
 * empty figures filled and its sets unioned; the other stays on file, found through the kept
 * one by its id, OS ID, names and addresses, and is in no list, search or table. */
static void test_merge(void **state)
{
    (void)state;
    reg *r = reg_new();
    sv_store *s = r->s;
    int64_t before = tu_store_count(s);
    int64_t d = merge(s, 1, 2);
    sv_pool *pool = tu_own(sv_pool_create(), tu_free_pool);
    sv_factory f;
    OK(sv_store_factory_get(s, 1, pool, &f, E));
    assert_int_equal(f.id, 1);
    assert_string_equal(f.name, "Jiangyin Chenguang Garment Co Ltd");
    assert_int_equal(f.n_other_names, 1);
    assert_string_equal(f.other_names[0], "Chenguang Knitting Jiangyin");
    assert_string_equal(f.address, "No. 18 Binjiang Road, Jiangyin");
    assert_int_equal(f.n_other_addresses, 1);
    assert_string_equal(f.other_addresses[0], "18 Binjiang Rd, Jiangyin City");
    assert_string_equal(f.os_id, "CN2020000000101"); /* its own */
    /* figures: the kept one's stay, its unknowns filled; sets unioned */
    assert_int_equal(f.moq_color, 500);
    assert_int_equal(f.moq_style, 300);
    assert_int_equal(f.moq_order, 1000);
    assert_int_equal(f.production_days, 45);
    assert_int_equal(f.categories, (1u << SV_CAT_TSHIRT) | (1u << SV_CAT_HOODIE));
    assert_int_equal(f.certifications, (1u << SV_CERT_GOTS) | (1u << SV_CERT_AMFORI_BSCI));
    /* the other: its id leads to the kept one, its own row unchanged */
    OK(sv_store_factory_get(s, 2, pool, &f, E));
    assert_int_equal(f.id, 1);
    int64_t live = 0;
    OK(sv_store_factory_resolve(s, 2, &live, E));
    assert_int_equal(live, 1);
    OK(sv_store_factory_resolve(s, 1, &live, E));
    assert_int_equal(live, 1);
    assert_int_equal(os_id_of(s, "CN2020000000102"), 2);
    /* out of counts, lists and the table; found by its names and address through the kept */
    assert_int_equal(tu_store_count(s), before - 1);
    ids g = search(s, "chenguang knitting");
    assert_int_equal(g.n, 1);
    assert_int_equal(g.id[0], 1);
    g = search(s, "Jiangyin City");
    assert_true(has(&g, 1) && !has(&g, 2));
    /* and by its OS ID, in any case */
    g = search(s, "CN2020000000102");
    assert_int_equal(g.n, 1);
    assert_int_equal(g.id[0], 1);
    g = search(s, "cn2020000000101");
    assert_int_equal(g.n, 1);
    assert_int_equal(g.id[0], 1);
    sv_factory_table *t = NULL;
    OK(sv_store_factory_table(s, &t, E));
    assert_int_equal(t->n, (size_t)(before - 1));
    for (size_t i = 0; i < t->n; i++)
        assert_int_not_equal(t->id[i], 2);
    sv_factory_table_free(t);
    /* the pair is decided: off the list */
    pairs p = review_list(s);
    assert_false(has_pair(&p, 1, 2));
    assert_true(has_pair(&p, 3, 4));
    /* the decision: what, when, by whom */
    sv_review_decision rd;
    OK(sv_review_get(s, d, pool, &rd, E));
    assert_int_equal(rd.kind, SV_REVIEW_MERGE);
    assert_int_equal(rd.a, 1);
    assert_int_equal(rd.b, 2);
    assert_string_equal(rd.decided_by, "ana");
    assert_true(utc_stamp(rd.decided_at));
    assert_null(rd.undone_at);
    bool found = false;
    OK(sv_review_merge_of(s, 2, pool, &rd, &found, E));
    assert_true(found);
    assert_int_equal(rd.id, d);
    OK(sv_review_merge_of(s, 1, pool, &rd, &found, E));
    assert_false(found);
    /* the other's blocking words are gone: no import proposes it */
    assert_int_equal(sql_int(s, "SELECT count(*) FROM factory_token WHERE factory_id = 2"), 0);
    tu_release(pool);
}

/* Undo gives both profiles back exactly: the full profile of each, their blocking words,
 * their search rows and the pair to review. */
static void test_undo_merge_exact(void **state)
{
    (void)state;
    reg *r = reg_new();
    sv_store *s = r->s;
    char *a = profile_json(s, 1), *b = profile_json(s, 2);
    char *tokens = sql_rows(s, "SELECT country, token, factory_id FROM factory_token "
                               "ORDER BY 1, 2, 3");
    char *names = sql_rows(s, "SELECT factory_id, name, name_key FROM factory_name ORDER BY id");
    char *prices = sql_rows(s, "SELECT * FROM factory_price ORDER BY 1, 2");
    char *fts = sql_rows(s, "SELECT rowid, names, addresses FROM factory_fts ORDER BY rowid");
    char *rows = sql_rows(s, "SELECT * FROM factory ORDER BY id");
    pairs p0 = review_list(s);
    int64_t d = merge(s, 1, 2);
    char *merged = profile_json(s, 1);
    assert_string_not_equal(merged, a);
    free(merged);
    sv_err e;
    sv_err_clear(&e);
    OK(sv_review_undo(s, d, "bob", E));
    char *a2 = profile_json(s, 1), *b2 = profile_json(s, 2);
    assert_string_equal(a2, a);
    assert_string_equal(b2, b);
    char *x;
    assert_string_equal((x = sql_rows(s, "SELECT * FROM factory ORDER BY id")), rows);
    free(x);
    assert_string_equal((x = sql_rows(s, "SELECT country, token, factory_id FROM factory_token "
                                         "ORDER BY 1, 2, 3")),
                        tokens);
    free(x);
    assert_string_equal(
        (x = sql_rows(s, "SELECT factory_id, name, name_key FROM factory_name ORDER BY id")),
        names);
    free(x);
    assert_string_equal((x = sql_rows(s, "SELECT * FROM factory_price ORDER BY 1, 2")), prices);
    free(x);
    /* the search row: rebuilt from the same names (the same words, perhaps in another order) */
    ids g = search(s, "chenguang knitting");
    assert_true(has(&g, 2));
    g = search(s, "Jiangyin City");
    assert_true(has(&g, 2));
    char *fts2 = sql_rows(s, "SELECT rowid, names, addresses FROM factory_fts ORDER BY rowid");
    assert_string_equal(fts2, fts);
    free(fts2);
    /* the pair is back on the list */
    pairs p1 = review_list(s);
    assert_int_equal(p1.n, p0.n);
    assert_true(has_pair(&p1, 1, 2));
    /* the decision says it was undone, and by whom */
    sv_pool *pool = tu_own(sv_pool_create(), tu_free_pool);
    sv_review_decision rd;
    OK(sv_review_get(s, d, pool, &rd, E));
    assert_string_equal(rd.undone_by, "bob");
    assert_true(utc_stamp(rd.undone_at));
    /* undone twice: refused, saying when */
    sv_err_clear(&e);
    expect_refused(sv_review_undo(s, d, "bob", &e), SV_ERR_SCHEMA, &e, "undone already", NULL);
    free(a);
    free(b);
    free(a2);
    free(b2);
    free(tokens);
    free(names);
    free(prices);
    free(fts);
    free(rows);
    tu_release(pool);
}

/* The certifications selvedge does not know, of both: the union, each once (any case, the
 * kept one's spelling first), whether the kept one had some or none; an undo gives back
 * exactly what the kept one had. */
static void test_merge_other_certifications(void **state)
{
    (void)state;
    reg *r = reg_new();
    sv_store *s = r->s;
    assert_int_equal(sqlite3_exec(sv_store_db(s),
                                  "UPDATE factory SET other_certifications = 'Higg FEM' "
                                  "WHERE id = 1;"
                                  "UPDATE factory SET other_certifications = "
                                  "'higg fem|Zero Discharge Pledge' WHERE id = 2;"
                                  "UPDATE factory SET other_certifications = NULL WHERE id = 3;"
                                  "UPDATE factory SET other_certifications = 'WRAP Gold|ZDHC' "
                                  "WHERE id = 4;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    char *rows = sql_rows(s, "SELECT * FROM factory ORDER BY id");
    char *a = profile_json(s, 1), *c = profile_json(s, 3);
    int64_t d1 = merge(s, 1, 2), d2 = merge(s, 3, 4);
    sv_pool *pool = tu_own(sv_pool_create(), tu_free_pool);
    sv_factory f;
    OK(sv_store_factory_get(s, 1, pool, &f, E));
    assert_non_null(f.other_certifications);
    assert_string_equal(f.other_certifications, "Higg FEM|Zero Discharge Pledge");
    OK(sv_store_factory_get(s, 3, pool, &f, E));
    assert_non_null(f.other_certifications);
    assert_string_equal(f.other_certifications, "WRAP Gold|ZDHC");
    OK(sv_review_undo(s, d2, "bob", E));
    OK(sv_review_undo(s, d1, "bob", E));
    char *x = sql_rows(s, "SELECT * FROM factory ORDER BY id");
    assert_string_equal(x, rows);
    free(x);
    x = profile_json(s, 1);
    assert_string_equal(x, a);
    free(x);
    x = profile_json(s, 3);
    assert_string_equal(x, c);
    free(x);
    free(rows);
    free(a);
    free(c);
    tu_release(pool);
}

/* What an import changed in the kept profile after the merge stays after the undo. */
static void test_undo_keeps_later_changes(void **state)
{
    (void)state;
    reg *r = reg_new();
    sv_store *s = r->s;
    int64_t d = merge(s, 1, 2); /* fills moq_style 300 from 2 */
    OK(sv_store_begin(s, E));
    sqlite3_exec(sv_store_db(s),
                 "UPDATE factory SET moq_style = 250, sampling_days = 12 "
                 "WHERE id = 1",
                 NULL, NULL, NULL);
    OK(sv_store_commit(s, E));
    OK(sv_review_undo(s, d, "bob", E));
    sv_pool *pool = tu_own(sv_pool_create(), tu_free_pool);
    sv_factory f;
    OK(sv_store_factory_get(s, 1, pool, &f, E));
    assert_int_equal(f.moq_style, 250);
    assert_int_equal(f.sampling_days, 12);
    assert_int_equal(f.moq_order, SV_UNSET); /* the merge's, untouched since: gone */
    assert_int_equal(f.n_other_names, 0);
    tu_release(pool);
}

/* Refusals, each with a message that says why. */
static void test_refusals(void **state)
{
    (void)state;
    reg *r = reg_new();
    sv_store *s = r->s;
    sv_err e;
    int64_t d = 0;
#define TRY(call) (sv_err_clear(&e), (call))
    expect_refused(TRY(sv_review_merge(s, 1, 1, "ana", false, &d, &e)), SV_ERR_USAGE, &e,
                   "same factory", NULL);
    expect_refused(TRY(sv_review_distinct(s, 3, 3, "ana", &d, &e)), SV_ERR_USAGE, &e,
                   "same factory", NULL);
    expect_refused(TRY(sv_review_merge(s, 1, 999, "ana", false, &d, &e)), SV_ERR_NOTFOUND, &e,
                   "999", NULL);
    expect_refused(TRY(sv_review_undo(s, 999, "ana", &e)), SV_ERR_NOTFOUND, &e, "999", NULL);
    /* another country: only with force, and the kept one's country stays */
    expect_refused(TRY(sv_review_merge(s, 1, 5, "ana", false, &d, &e)), SV_ERR_SCHEMA, &e, "CN",
                   "BD", "--force", NULL);
    assert_int_equal(tu_store_count(s), 5);
    /* who decides: a name is needed, without control characters */
    expect_refused(TRY(sv_review_merge(s, 1, 2, "", false, &d, &e)), SV_ERR_USAGE, &e, "who", NULL);
    expect_refused(TRY(sv_review_merge(s, 1, 2, "ana\033[2J", false, &d, &e)), SV_ERR_USAGE, &e,
                   "control", NULL);
    /* a merged-away factory: decide on the one it is in */
    int64_t m = merge(s, 1, 2);
    expect_refused(TRY(sv_review_merge(s, 2, 1, "ana", false, &d, &e)), SV_ERR_SCHEMA, &e,
                   "merged into 1", tu_fmt("decision %lld", (long long)m), NULL);
    expect_refused(TRY(sv_review_distinct(s, 2, 5, "ana", &d, &e)), SV_ERR_SCHEMA, &e,
                   "merged into 1", NULL);
    /* distinct, then merge: refused until undone; distinct twice: refused */
    int64_t dd = 0;
    OK(sv_review_distinct(s, 3, 4, "ana", &dd, E));
    expect_refused(TRY(sv_review_merge(s, 4, 3, "bob", false, &d, &e)), SV_ERR_SCHEMA, &e,
                   tu_fmt("decision %lld", (long long)dd), "two facilities", "undo", NULL);
    expect_refused(TRY(sv_review_distinct(s, 4, 3, "bob", &d, &e)), SV_ERR_SCHEMA, &e,
                   tu_fmt("decision %lld", (long long)dd), NULL);
    /* nothing of the refused ones was recorded */
    assert_int_equal(sql_int(s, "SELECT count(*) FROM review_decision"), 2);
#undef TRY
    /* with force, across countries */
    OK(sv_review_merge(s, 1, 5, "ana", true, &d, E));
    sv_pool *pool = tu_own(sv_pool_create(), tu_free_pool);
    sv_factory f;
    OK(sv_store_factory_get(s, 5, pool, &f, E));
    assert_int_equal(f.id, 1);
    assert_string_equal(f.country, "CN");
    tu_release(pool);
}

/* Decisions are undone newest first where they build on each other. */
static void test_undo_order(void **state)
{
    (void)state;
    reg *r = reg_new();
    sv_store *s = r->s;
    char *a = profile_json(s, 1);
    int64_t d1 = merge(s, 1, 2);
    int64_t d2 = 0;
    OK(sv_review_merge(s, 1, 5, "ana", true, &d2, E));
    sv_err e;
    sv_err_clear(&e);
    expect_refused(sv_review_undo(s, d1, "bob", &e), SV_ERR_SCHEMA, &e,
                   tu_fmt("undo %lld first", (long long)d2), NULL);
    OK(sv_review_undo(s, d2, "bob", E));
    OK(sv_review_undo(s, d1, "bob", E));
    char *a2 = profile_json(s, 1);
    assert_string_equal(a2, a);
    assert_int_equal(tu_store_count(s), 5);
    free(a);
    free(a2);
}

/* ---- distinct -------------------------------------------------------------------------------- */

/* Two facilities: off the list, and not proposed again by importing the same file again;
 * undone, back on the list. */
static void test_distinct(void **state)
{
    (void)state;
    reg *r = reg_new();
    sv_store *s = r->s;
    int64_t d = 0;
    OK(sv_review_distinct(s, 4, 3, "ana", &d, E));
    pairs p = review_list(s);
    assert_false(has_pair(&p, 3, 4));
    assert_true(has_pair(&p, 1, 2));
    sv_import_stats st = tu_import(r->s, r->rd, r->path);
    assert_int_equal(st.added, 0);
    assert_int_equal(st.review, 0);
    p = review_list(s);
    assert_false(has_pair(&p, 3, 4));
    /* undone: the pair comes back, as it was on the list */
    OK(sv_review_undo(s, d, "bob", E));
    p = review_list(s);
    assert_true(has_pair(&p, 3, 4));
    /* a pair proposed afresh (by an import of other rows) is not added for two decided to
     * be distinct */
    OK(sv_review_distinct(s, 1, 2, "ana", &d, E));
    OK(sv_store_begin(s, E));
    assert_int_equal(sqlite3_exec(sv_store_db(s), "DELETE FROM review_pair", NULL, NULL, NULL),
                     SQLITE_OK);
    OK(sv_store_review_add(s, 2, 1, 700, "close", E));
    OK(sv_store_review_add(s, 3, 4, 700, "close", E));
    OK(sv_store_commit(s, E));
    assert_int_equal(sql_int(s, "SELECT count(*) FROM review_pair"), 1);
    p = review_list(s);
    assert_int_equal(p.n, 1);
    assert_true(has_pair(&p, 3, 4));
}

/* ---- imports after decisions ----------------------------------------------------------------- */

/* A re-import after a merge neither makes the merged-away factory again nor proposes it:
 * its row is known (by OS ID, by name, by handle) and goes into the kept one. */
static void test_reimport_after_merge(void **state)
{
    (void)state;
    reg *r = reg_new();
    sv_store *s = r->s;
    /* a capability profile with a handle, to be merged away too */
    tu_import_text(s, r->rd, dir, "cap.yaml",
                   "currency: USD\nfactories:\n"
                   "  - id: vn-mekong\n    name: Mekong Thread House\n    country: VN\n"
                   "    moq: { per_color: 150 }\n");
    int64_t cap = tu_handle_id(s, "vn-mekong");
    assert_int_equal(cap, 6);
    merge(s, 1, 2);
    merge(s, 3, 4);
    merge(s, 3, cap);
    int64_t n = tu_store_count(s);
    sv_import_stats st = tu_import(s, r->rd, r->path);
    assert_int_equal(st.added, 0);
    assert_int_equal(st.review, 0);
    assert_int_equal(st.merged, 5);
    /* a list naming the merged-away factories by name, without OS IDs */
    st = tu_import_text(s, r->rd, dir, "list.csv",
                        "country,name,address\n"
                        "CN,Chenguang Knitting Jiangyin,\"18 Binjiang Rd, Jiangyin City\"\n"
                        "VN,Saigon Hoa Binh Knitting Co,\"12 Nguyen Trai Street, Ho Chi Minh "
                        "City\"\n");
    assert_int_equal(st.added, 0);
    assert_int_equal(st.review, 0);
    st = tu_import_text(s, r->rd, dir, "cap.yaml",
                        "currency: USD\nfactories:\n"
                        "  - id: vn-mekong\n    name: Mekong Thread House\n"
                        "    country: VN\n    moq: { per_color: 150 }\n");
    assert_int_equal(st.added, 0);
    assert_int_equal(st.updated, 0);
    assert_int_equal(st.merged, 1);
    assert_int_equal(tu_store_count(s), n);
    assert_int_equal(sql_int(s, "SELECT count(*) FROM factory WHERE merged_into IS NOT NULL"), 3);
    pairs p = review_list(s);
    assert_int_equal(p.n, 0);
    /* the kept one took what the merged-away profile had */
    sv_pool *pool = tu_own(sv_pool_create(), tu_free_pool);
    sv_factory f;
    OK(sv_store_factory_get(s, cap, pool, &f, E));
    assert_int_equal(f.id, 3);
    assert_int_equal(f.moq_color, 150);
    /* its handle, searched, leads there too */
    ids g = search(s, "vn-mekong");
    assert_int_equal(g.n, 1);
    assert_int_equal(g.id[0], 3);
    tu_release(pool);
}

/* ---- undo after imports --------------------------------------------------------------------- */

/* Files of one facility each: an Open Supply Hub download saying it has closed, the same
 * download later (another spelling, address and certification, a minimum; still closed), and
 * again saying it is open; a capability file of another facility saying it is open, with and
 * without a handle (known again by its name), and a third facility for chains. */
#define DL_HEAD                                                                                    \
    "os_id,name,address,country_code,is_closed,claim_certifications_standards_regulations,claim_"  \
    "minimum_order_quantity\n"
static const char CLOSED_DL[] = DL_HEAD
    "CN2020000000701,Ningbo Harbour Knitwear Co Ltd,\"88 Harbour Road, Ningbo\",CN,True,GOTS,\n";
static const char CLOSED_DL_LATER[] =
    DL_HEAD "CN2020000000701,Ningbo Harbour Knitwear Company,\"88 Harbour Rd, Beilun, Ningbo\",CN,"
            "True,\"GOTS, OEKO-TEX 100, Higg FEM\",500 pcs per color\n";
static const char REOPENED_DL[] = DL_HEAD
    "CN2020000000701,Ningbo Harbour Knitwear Co Ltd,\"88 Harbour Road, Ningbo\",CN,False,GOTS,\n";
static const char OPEN_CAP[] = "handle,name,country,address,categories,certifications,closed\n"
                               "cn-sunrise,Sunrise Apparel Works,CN,\"12 Dongfeng Road, Dongguan\","
                               "t-shirt,BSCI,no\n";
static const char OPEN_CAP_NAMED[] = "name,country,address,categories,certifications,closed\n"
                                     "Sunrise Apparel Works,CN,\"12 Dongfeng Road, Dongguan\","
                                     "t-shirt,BSCI,no\n";
static const char THIRD_CAP[] = "handle,name,country,address,categories,moq_per_color,closed\n"
                                "cn-third,Third Thread Mill,CN,\"5 Canal Street, Shaoxing\",hoodie,"
                                "300,no\n";

typedef struct step {
    char what; /* 'i' import file, 'm' merge a into b... (keep a, other b), 'u' undo decision a */
    const char *name, *text;
    int64_t a, b;
} step;

#define IMPORT(n, t)                                                                               \
    {                                                                                              \
        'i', n, t, 0, 0                                                                            \
    }
#define MERGE(k, o)                                                                                \
    {                                                                                              \
        'm', NULL, NULL, k, o                                                                      \
    }
#define UNDO(d)                                                                                    \
    {                                                                                              \
        'u', NULL, NULL, d, 0                                                                      \
    }

/* Everything a factory's own sources give it, and how it is found: its profile as `show
 * --json` gives it, its blocking words and its search row. */
static char *own_state(sv_store *s, int64_t id)
{
    char *profile = profile_json(s, id);
    char *tokens = sql_rows(s, tu_fmt("SELECT country, token FROM factory_token WHERE "
                                      "factory_id = %lld ORDER BY 1, 2",
                                      (long long)id));
    char *fts = sql_rows(
        s, tu_fmt("SELECT names, addresses FROM factory_fts WHERE rowid = %lld", (long long)id));
    char *all = strdup(tu_fmt("%s\n%s\n%s", profile, tokens, fts));
    free(profile);
    free(tokens);
    free(fts);
    assert_non_null(all);
    return all;
}

/* The steps, then the same without the decisions: every factory's state the same (what its own
 * sources give it), n factories. */
static void same_as_without_decisions(const char *label, const step *steps, size_t n_steps, int n)
{
    sv_refdata *rd = tu_own(tu_refdata(), tu_free_refdata);
    sv_store *with = tu_own(tu_store_open(dir, tu_fmt("with-%s.db", label)), tu_free_store);
    sv_store *without = tu_own(tu_store_open(dir, tu_fmt("without-%s.db", label)), tu_free_store);
    int64_t decisions[8] = {0};
    int n_decisions = 0;
    for (size_t i = 0; i < n_steps; i++) {
        const step *st = &steps[i];
        if (st->what == 'i') {
            tu_import_text(with, rd, dir, st->name, st->text);
            tu_import_text(without, rd, dir, st->name, st->text);
        } else if (st->what == 'm') {
            int64_t d = 0;
            OK(sv_review_merge(with, st->a, st->b, "ana", true, &d, E));
            decisions[n_decisions++] = d;
        } else {
            OK(sv_review_undo(with, decisions[st->a - 1], "bob", E));
        }
    }
    assert_int_equal(tu_store_count(with), n);
    for (int64_t id = 1; id <= n; id++) {
        char *a = own_state(with, id), *b = own_state(without, id);
        if (strcmp(a, b) != 0)
            fail_msg("%s: factory %lld is not what its own sources give it\n"
                     "after the decisions:\n%s\nwithout them:\n%s",
                     label, (long long)id, a, b);
        free(a);
        free(b);
    }
    tu_release(with);
    tu_release(without);
    tu_release(rd);
}

/* A merge undone after imports gives each factory what its own sources give it: the kept one
 * is not left closed (or open) by the other's source imported again while they were one, and
 * the merged-away one has what its source said meanwhile (its status, spellings,
 * certifications), in either direction of the merge, by OS ID, handle or name, along a chain
 * of merges. */
static void test_undo_after_reimport(void **state)
{
    (void)state;
    /* the closed one merged into the open one, its download imported again */
    const step a[] = {IMPORT("dl.csv", CLOSED_DL), IMPORT("cap.csv", OPEN_CAP), MERGE(2, 1),
                      IMPORT("dl.csv", CLOSED_DL), UNDO(1)};
    same_as_without_decisions("closed-into-open", a, COUNT(a), 2);
    /* the open one merged into the closed one, both files imported again */
    const step b[] = {IMPORT("dl.csv", CLOSED_DL), IMPORT("cap.csv", OPEN_CAP), MERGE(1, 2),
                      IMPORT("dl.csv", CLOSED_DL), IMPORT("cap.csv", OPEN_CAP), UNDO(1)};
    same_as_without_decisions("open-into-closed", b, COUNT(b), 2);
    /* the download changed while merged: a new spelling, address, certifications, a minimum */
    const step c[] = {IMPORT("dl.csv", CLOSED_DL), IMPORT("cap.csv", OPEN_CAP), MERGE(2, 1),
                      IMPORT("dl2.csv", CLOSED_DL_LATER), UNDO(1)};
    same_as_without_decisions("changed-while-merged", c, COUNT(c), 2);
    /* re-opened while merged: the merged-away one is open after the undo */
    const step d[] = {IMPORT("dl.csv", CLOSED_DL), IMPORT("cap.csv", OPEN_CAP), MERGE(2, 1),
                      IMPORT("dl3.csv", REOPENED_DL), UNDO(1)};
    same_as_without_decisions("reopened-while-merged", d, COUNT(d), 2);
    /* known again by its name only (no handle): the open one's file into the closed one */
    const step e[] = {IMPORT("dl.csv", CLOSED_DL), IMPORT("named.csv", OPEN_CAP_NAMED), MERGE(1, 2),
                      IMPORT("named.csv", OPEN_CAP_NAMED), UNDO(1)};
    same_as_without_decisions("by-name", e, COUNT(e), 2);
    /* a chain: 1 into 2, 2 into 3; the first one's download again; undone newest first */
    const step f[] = {IMPORT("dl.csv", CLOSED_DL),
                      IMPORT("cap.csv", OPEN_CAP),
                      IMPORT("third.csv", THIRD_CAP),
                      MERGE(2, 1),
                      MERGE(3, 2),
                      IMPORT("dl2.csv", CLOSED_DL_LATER),
                      IMPORT("cap.csv", OPEN_CAP),
                      UNDO(2),
                      UNDO(1)};
    same_as_without_decisions("chain", f, COUNT(f), 3);
    /* the kept one's own download adds a certification while merged: the undo takes away the
     * one the merge added and keeps that one */
    const step g[] = {IMPORT("dl.csv", CLOSED_DL), IMPORT("cap.csv", OPEN_CAP), MERGE(1, 2),
                      IMPORT("dl2.csv", CLOSED_DL_LATER), UNDO(1)};
    same_as_without_decisions("own-import-while-merged", g, COUNT(g), 2);
}

/* A pair one of whose factories was merged into another since is asked about that one, once. */
static void test_pair_follows_merge(void **state)
{
    (void)state;
    reg *r = reg_new();
    sv_store *s = r->s;
    /* 1-2 and 3-4 proposed; add 2-5 and 3-5 by hand (as an import would) */
    OK(sv_store_begin(s, E));
    OK(sv_store_review_add(s, 2, 5, 650, "close", E));
    OK(sv_store_review_add(s, 4, 1, 640, "close", E));
    OK(sv_store_review_add(s, 3, 1, 630, "close", E));
    OK(sv_store_commit(s, E));
    merge(s, 1, 2);
    merge(s, 3, 4);
    pairs p = review_list(s);
    /* 2-5 is now 1-5; 4-1 and 3-1 both 3-1: once */
    assert_int_equal(p.n, 2);
    assert_true(has_pair(&p, 1, 5));
    assert_true(has_pair(&p, 1, 3));
    /* decided distinct, the re-pointed pair goes */
    int64_t d = 0;
    OK(sv_review_distinct(s, 5, 1, "ana", &d, E));
    p = review_list(s);
    assert_int_equal(p.n, 1);
    assert_true(has_pair(&p, 1, 3));
    /* merged, nothing left to ask */
    OK(sv_review_merge(s, 3, 1, "ana", true, &d, E));
    p = review_list(s);
    assert_int_equal(p.n, 0);
}

/* The history: newest first, with both names; and what was merged into a factory. */
typedef struct hist {
    int64_t id[16];
    char kinds[16][16];
    size_t n;
} hist;

static sv_code on_decision(void *ud, const sv_review_decision *d, sv_err *e)
{
    hist *h = ud;
    (void)e;
    assert_non_null(d->a_name);
    assert_non_null(d->b_name);
    assert_true(utc_stamp(d->decided_at));
    if (h->n < 16) {
        snprintf(h->kinds[h->n], sizeof h->kinds[0], "%s%s", sv_review_kind_name(d->kind),
                 d->undone_at ? "-undone" : "");
        h->id[h->n++] = d->id;
    }
    return SV_OK;
}

static sv_code on_merged(void *ud, const sv_review_decision *d, const sv_factory *f, sv_err *e)
{
    hist *h = ud;
    (void)e;
    assert_int_equal(d->b, f->id);
    if (h->n < 16) {
        snprintf(h->kinds[h->n], sizeof h->kinds[0], "%s", f->os_id);
        h->id[h->n++] = f->id;
    }
    return SV_OK;
}

static void test_history(void **state)
{
    (void)state;
    reg *r = reg_new();
    sv_store *s = r->s;
    int64_t d1 = merge(s, 1, 2), d2 = 0, d3 = 0;
    OK(sv_review_distinct(s, 3, 4, "ana", &d2, E));
    OK(sv_review_merge(s, 1, 5, "ana", true, &d3, E));
    OK(sv_review_undo(s, d2, "bob", E));
    hist h = {0};
    OK(sv_review_history(s, on_decision, &h, E));
    assert_int_equal(h.n, 3);
    assert_int_equal(h.id[0], d3);
    assert_int_equal(h.id[1], d2);
    assert_int_equal(h.id[2], d1);
    assert_string_equal(h.kinds[0], "merge");
    assert_string_equal(h.kinds[1], "distinct-undone");
    hist m = {0};
    OK(sv_review_merged_into(s, 1, on_merged, &m, E));
    assert_int_equal(m.n, 2);
    assert_int_equal(m.id[0], 2);
    assert_string_equal(m.kinds[0], "CN2020000000102");
    assert_int_equal(m.id[1], 5);
    assert_string_equal(m.kinds[1], "BD2020000000301");
}

/* Decisions are kept with the store: closed and opened again, all there. */
static void test_decisions_persist(void **state)
{
    (void)state;
    reg *r = reg_new();
    merge(r->s, 1, 2);
    sv_store_close(r->s);
    r->s = tu_store_open(dir, "r.db");
    int64_t live = 0;
    OK(sv_store_factory_resolve(r->s, 2, &live, E));
    assert_int_equal(live, 1);
    assert_int_equal(tu_store_count(r->s), 4);
}

static int count_stmt(unsigned type, void *ud, void *p, void *x)
{
    (void)p;
    (void)x;
    if (type == SQLITE_TRACE_STMT)
        (*(int64_t *)ud)++;
    return 0;
}

/* Factories n of them, each merged into the one before it, the first into `into` (or a star:
 * each into `into`); their first id. Written as SQL: a registry of long standing. */
static int64_t merged_chain(sv_store *s, int64_t into, int n, bool star)
{
    int64_t first = sql_int(s, "SELECT max(id) + 1 FROM factory");
    char *q = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&q, &len);
    assert_non_null(f);
    fputs("BEGIN;", f);
    for (int i = 0; i < n; i++)
        fprintf(f,
                "INSERT INTO factory (id, name, name_key, country, merged_into) VALUES "
                "(%lld, 'Chain Knit %d', 'chain knit %d', 'CN', %lld);",
                (long long)(first + i), i, i, (long long)(i == 0 || star ? into : first + i - 1));
    fputs("COMMIT;", f);
    fclose(f);
    assert_int_equal(sqlite3_exec(sv_store_db(s), q, NULL, NULL, NULL), SQLITE_OK);
    free(q);
    return first;
}

static void decided_distinct(sv_store *s, int64_t a, int64_t b)
{
    char q[300];
    snprintf(q, sizeof q,
             "INSERT INTO review_decision (kind, a, b, decided_at, decided_by) VALUES "
             "('distinct', %lld, %lld, '2026-01-01T00:00:00Z', 'ana')",
             (long long)a, (long long)b);
    assert_int_equal(sqlite3_exec(sv_store_db(s), q, NULL, NULL, NULL), SQLITE_OK);
}

/* A decision that two factories are distinct holds for the factories they were merged into,
 * however many merges deep (no cap: a factory 5,000 merges down is found) and in a bounded
 * number of statements however many factories were merged into the two. */
static void test_distinct_through_merges(void **state)
{
    (void)state;
    reg *r = reg_new();
    sv_store *s = r->s;
    /* 1 holds a chain of 5,000 merges; the last of them is decided distinct from 2 */
    int64_t first = merged_chain(s, 1, 5000, false);
    decided_distinct(s, first + 4999, 2);
    int64_t d = 0;
    sv_err e;
    sv_err_clear(&e);
    expect_refused(sv_review_merge(s, 1, 2, "ana", false, &d, &e), SV_ERR_SCHEMA, &e,
                   "two facilities", NULL);
    /* 3 and 4 each hold 300 merged factories; two of those are decided distinct */
    int64_t under3 = merged_chain(s, 3, 300, true), under4 = merged_chain(s, 4, 300, true);
    decided_distinct(s, under3 + 150, under4 + 299);
    int64_t statements = 0;
    sqlite3_trace_v2(sv_store_db(s), SQLITE_TRACE_STMT, count_stmt, &statements);
    sv_err_clear(&e);
    sv_code rc = sv_review_merge(s, 3, 4, "ana", false, &d, &e);
    sqlite3_trace_v2(sv_store_db(s), 0, NULL, NULL);
    expect_refused(rc, SV_ERR_SCHEMA, &e, "two facilities", NULL);
    if (statements > 50)
        fail_msg("refusing a merge of two factories holding 300 each ran %lld statements",
                 (long long)statements);
}

/* A chain of merges of any length is followed to its end: the factory 100 merges down is found
 * in the one at the top, by id, by a look-up and by a row an import merges into it (a cap of 64
 * hops gave the factory 36 merges down, merged away itself). Merges cannot make a circle (a
 * decision takes two factories that stand); one written into the registry by hand is an error
 * that says so, not a hang or a wrong factory. */
static void test_long_merge_chain(void **state)
{
    (void)state;
    reg *r = reg_new();
    sv_store *s = r->s;
    int64_t first = merged_chain(s, 1, 100, false), deepest = first + 99;
    int64_t live = 0;
    OK(sv_store_factory_resolve(s, deepest, &live, E));
    assert_int_equal(live, 1);
    sv_pool *pool = tu_own(sv_pool_create(), tu_free_pool);
    sv_factory f;
    OK(sv_store_factory_get(s, deepest, pool, &f, E));
    assert_int_equal(f.id, 1);
    assert_string_equal(f.name, "Jiangyin Chenguang Garment Co Ltd");
    /* a row known as the deepest one goes into the top */
    sv_factory row;
    sv_factory_init(&row);
    row.name = "Chain Knit Deep Spelling";
    snprintf(row.country, sizeof row.country, "CN");
    OK(sv_store_begin(s, E));
    OK(sv_store_factory_merge_into(s, deepest, &row, E));
    OK(sv_store_commit(s, E));
    assert_int_equal(sql_int(s, "SELECT factory_id FROM factory_name "
                                "WHERE name = 'Chain Knit Deep Spelling'"),
                     1);
    /* the decisions take the one at the top */
    int64_t d = 0;
    sv_err e;
    sv_err_clear(&e);
    expect_refused(sv_review_merge(s, deepest, 5, "ana", true, &d, &e), SV_ERR_SCHEMA, &e,
                   "merged into", NULL);
    /* a circle written by hand: an error naming it, from every way in */
    assert_int_equal(sqlite3_exec(sv_store_db(s),
                                  tu_fmt("UPDATE factory SET merged_into = %lld WHERE id = %lld",
                                         (long long)(first + 50), (long long)(first + 10)),
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sv_err_clear(&e);
    assert_int_equal(sv_store_factory_resolve(s, deepest, &live, &e), SV_ERR_IO);
    assert_non_null(strstr(e.msg, "circle"));
    sv_err_clear(&e);
    assert_int_equal(sv_store_factory_get(s, first + 30, pool, &f, &e), SV_ERR_IO);
    assert_non_null(strstr(e.msg, "circle"));
    OK(sv_store_begin(s, E));
    sv_err_clear(&e);
    assert_int_equal(sv_store_factory_merge_into(s, first + 20, &row, &e), SV_ERR_IO);
    assert_non_null(strstr(e.msg, "circle"));
    sv_store_rollback(s);
    /* one factory merged into itself, too */
    assert_int_equal(sqlite3_exec(sv_store_db(s), "UPDATE factory SET merged_into = 3 WHERE id = 3",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sv_err_clear(&e);
    assert_int_equal(sv_store_factory_resolve(s, 3, &live, &e), SV_ERR_IO);
    assert_non_null(strstr(e.msg, "circle"));
    tu_release(pool);
}

/* ---- a statement that fails ----------------------------------------------------------------- */

/* A decision, or reading the list, as an operation the sweep runs again and again: what it
 * returns to its caller as text in *out (malloc'ed, or NULL). */
typedef struct op {
    const char *label;
    int kind; /* 'm' merge, 'd' distinct, 'u' undo, 'l' list, 'h' history */
    int64_t a, b;
    bool force;
} op;

static sv_code on_pair_text(void *ud, const sv_review_pair *p, sv_err *e)
{
    (void)e;
    fprintf(ud, "%lld %lld %d %s | %s | %s\n", (long long)p->a, (long long)p->b, p->similarity,
            p->a_name, p->b_name, p->why ? p->why : "");
    return SV_OK;
}

static sv_code on_decision_text(void *ud, const sv_review_decision *d, sv_err *e)
{
    (void)e;
    fprintf(ud, "%lld %s %lld %lld %s %s %s\n", (long long)d->id, sv_review_kind_name(d->kind),
            (long long)d->a, (long long)d->b, d->a_name, d->b_name, d->decided_by);
    return SV_OK;
}

static sv_code on_merged_text(void *ud, const sv_review_decision *d, const sv_factory *f, sv_err *e)
{
    (void)e;
    fprintf(ud, "%lld into %lld: %s %s %zu names\n", (long long)d->b, (long long)d->a, f->name,
            f->os_id ? f->os_id : "", f->n_other_names);
    return SV_OK;
}

static sv_code run_op(sv_store *s, const op *o, char **out, sv_err *e)
{
    size_t len = 0;
    FILE *f = open_memstream(out, &len);
    assert_non_null(f);
    int64_t d = 0;
    sv_code rc;
    switch (o->kind) {
    case 'm':
        rc = sv_review_merge(s, o->a, o->b, "ana", o->force, &d, e);
        break;
    case 'd':
        rc = sv_review_distinct(s, o->a, o->b, "ana", &d, e);
        break;
    case 'u':
        rc = sv_review_undo(s, o->a, "bob", e);
        break;
    case 'l':
        rc = sv_store_review_list(s, on_pair_text, f, e);
        break;
    default:
        rc = sv_review_history(s, on_decision_text, f, e);
        if (rc == SV_OK)
            rc = sv_review_merged_into(s, o->a, on_merged_text, f, e);
        break;
    }
    fprintf(f, "decision %lld\n", (long long)d);
    fclose(f);
    return rc;
}

/* Operation o on a copy of the registry at template, once without a fault and then once with
 * each statement it runs failing in turn: every run with a fault fails (an I/O error, or the
 * refusal the operation gives without the fault), leaving no transaction open and the registry
 * as it was, or succeeds with the registry and the answer of the run without it. */
static void sweep(const char *template, const op *o)
{
    char work[4096];
    snprintf(work, sizeof work, "%s", tu_path(dir, "work.db"));
    fault_copy(template, work);
    sv_store *s = tu_store_open(dir, "work.db");
    char *before = fault_registry(s), *out0 = NULL;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc0 = run_op(s, o, &out0, &e);
    sv_store_close(s);
    s = tu_store_open(dir, "work.db");
    char *after0 = fault_registry(s);
    sv_store_close(s);
    int64_t target = 1;
    for (;; target++) {
        fault_copy(template, work);
        s = tu_store_open(dir, "work.db");
        fault f;
        char *out = NULL;
        sv_err_clear(&e);
        fault_arm(s, &f, target);
        sv_code rc = run_op(s, o, &out, &e);
        fault_off(s);
        bool left_open = !sqlite3_get_autocommit(sv_store_db(s));
        sv_store_close(s);
        s = tu_store_open(dir, "work.db");
        char *after = fault_registry(s);
        sv_store_close(s);
        const char *wrong = NULL;
        if (left_open)
            wrong = "left a transaction open";
        else if (!f.fired && (rc != rc0 || strcmp(after, after0) != 0 || strcmp(out, out0) != 0))
            wrong = "differs from the run without a fault";
        else if (f.fired && rc == SV_OK && rc0 == SV_OK &&
                 (strcmp(after, after0) != 0 || strcmp(out, out0) != 0))
            wrong = "succeeded with another result";
        else if (f.fired && rc == SV_OK && rc0 != SV_OK)
            wrong = "succeeded where it is refused";
        else if (f.fired && rc != SV_OK && rc != SV_ERR_IO && rc != rc0)
            wrong = "failed with another code than an I/O error";
        else if (f.fired && rc != SV_OK && strcmp(after, before) != 0)
            wrong = "failed, and changed the registry";
        if (wrong)
            fail_msg("%s, statement %lld failing (%s): %s: returned %s (%s), without the fault "
                     "%s\n  answer: %s\n  without the fault: %s",
                     o->label, (long long)target, f.sql, wrong, sv_code_name(rc), e.msg,
                     sv_code_name(rc0), out, out0);
        free(out);
        free(after);
        if (!f.fired)
            break;
    }
    if (target < 2)
        fail_msg("%s ran no statement", o->label);
    print_message("# %s: each of %lld statements failed in turn\n", o->label,
                  (long long)target - 1);
    free(before);
    free(after0);
    free(out0);
}

/* Every decision and every read of them, each statement failing in turn, on a registry where
 * 4 and 5 are decided distinct and 4 was merged into 3 since (so a decision about 3 must find
 * the one about 4), and, for the list, a pair that follows a merge (1 and 2 when 2 is in 5). */
static void test_statement_failures(void **state)
{
    (void)state;
    reg *r = reg_new();
    sv_store *s = r->s;
    int64_t distinct = 0, d = 0;
    OK(sv_review_distinct(s, 4, 5, "ana", &distinct, E));
    int64_t merged = merge(s, 3, 4);
    sv_store_close(s);
    r->s = NULL;
    char template[4096], moved[4096];
    snprintf(template, sizeof template, "%s", tu_path(dir, "r.db"));
    snprintf(moved, sizeof moved, "%s", tu_path(dir, "moved.db"));
    fault_copy(template, moved);
    s = tu_store_open(dir, "moved.db");
    OK(sv_review_merge(s, 5, 2, "ana", true, &d, E));
    sv_store_close(s);
    const op ops[] = {
        {"merge 2 into 1", 'm', 1, 2, false},
        {"merge 5 into 3 (refused: 5 and 4, now in 3, are distinct)", 'm', 3, 5, true},
        {"distinct 1 2", 'd', 1, 2, false},
        {"undo the merge of 4 into 3", 'u', merged, 0, false},
        {"undo the distinct of 4 and 5", 'u', distinct, 0, false},
        {"the pairs to review", 'l', 0, 0, false},
        {"the history and what 3 holds", 'h', 3, 0, false},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        sweep(template, &ops[i]);
    op list = {"the pairs to review, one following a merge", 'l', 0, 0, false};
    sweep(moved, &list);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_merge),
        T(test_undo_merge_exact),
        T(test_merge_other_certifications),
        T(test_undo_keeps_later_changes),
        T(test_refusals),
        T(test_undo_order),
        T(test_distinct),
        T(test_reimport_after_merge),
        T(test_undo_after_reimport),
        T(test_pair_follows_merge),
        T(test_history),
        T(test_decisions_persist),
        T(test_distinct_through_merges),
        T(test_long_merge_chain),
        T(test_statement_failures),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
