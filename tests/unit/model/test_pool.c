/* Tests for lib/model/pool.c: the pool, and the blocks for arrays that grow to megabytes
 * (sv_block_resize), whose contents must survive every resize: within the heap, across the
 * size where they move to blocks mapped from the system, remapped there, and back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "selvedge/pool.h"

static void test_pool(void **state)
{
    (void)state;
    sv_pool *p = sv_pool_create();
    assert_non_null(p);
    char *a = sv_pool_strdup(p, "porto knit");
    char *b = sv_pool_strndup(p, "braga knit", 5);
    unsigned char *z = sv_pool_alloc(p, 100000); /* a block of its own */
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(z);
    assert_string_equal(a, "porto knit");
    assert_string_equal(b, "braga");
    for (size_t i = 0; i < 100000; i++)
        assert_int_equal(z[i], 0);
    sv_pool_free(p);
}

/* every byte of a block holds its index's low bits, xor a seed */
static void fill(unsigned char *p, size_t from, size_t to, unsigned seed)
{
    for (size_t i = from; i < to; i++)
        p[i] = (unsigned char)(i ^ seed);
}

static void check(const unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(i ^ seed))
            fail_msg("byte %zu of %zu changed", i, n);
}

static void test_block_resize(void **state)
{
    (void)state;
    /* grown by half from 64 bytes to 24 MB, as the index's arrays are */
    size_t size = 0, next = 64;
    unsigned char *p = NULL;
    while (next < 24u << 20) {
        unsigned char *q = sv_block_resize(p, size, next);
        assert_non_null(q);
        check(q, size, 0x5a);
        fill(q, size, next, 0x5a);
        p = q;
        size = next;
        next += next / 2;
    }
    assert_true(size >= SV_BLOCK_BIG);
    check(p, size, 0x5a);
    /* back under the size of mapped blocks: the first bytes kept */
    unsigned char *q = sv_block_resize(p, size, 1000);
    assert_non_null(q);
    check(q, 1000, 0x5a);
    sv_block_free(q, 1000);
    /* from nothing straight to a mapped block, and freed */
    p = sv_block_resize(NULL, 0, 3u << 20);
    assert_non_null(p);
    fill(p, 0, 3u << 20, 7);
    check(p, 3u << 20, 7);
    sv_block_free(p, 3u << 20);
    sv_block_free(NULL, 0);
    sv_block_free(NULL, 5u << 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool),
        cmocka_unit_test(test_block_resize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
