/* The characters refused in text: each edge of the set, what the flags let through, bytes
 * that are not UTF-8, and where the first refused character is. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "selvedge/utf8.h"

/* The first refused character of s (NUL-terminated) under allow: its offset and code point. */
static size_t first(const char *s, unsigned allow, int32_t *cp)
{
    return sv_utf8_unsafe(s, strlen(s), allow, cp);
}

/* Each edge of the set: the character on either side of it is text. */
static void edges_of_the_set(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int32_t refused; /* -1: none */
    } cases[] = {
        {"\x01", 0x01},
        {"\x1f", 0x1F},
        {" ", -1},
        {"~", -1},
        {"\x7f", 0x7F},
        {"\xc2\x80", 0x80},
        {"\xc2\x9b", 0x9B},
        {"\xc2\x9f", 0x9F},
        {"\xc2\xa0", -1}, /* NBSP */
        {"\xe2\x80\xa9", -1},
        {"\xe2\x80\xaa", 0x202A},
        {"\xe2\x80\xae", 0x202E},
        {"\xe2\x80\xaf", -1},
        {"\xe2\x81\xa5", -1},
        {"\xe2\x81\xa6", 0x2066},
        {"\xe2\x81\xa9", 0x2069},
        {"\xe2\x81\xaa", -1},
        {"\xef\xbf\xbd", -1},     /* U+FFFD */
        {"\xf4\x8f\xbf\xbf", -1}, /* U+10FFFF, the last */
        {"Fábrica Têxtil 越南服装厂", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int32_t cp = 0;
        size_t at = first(cases[i].s, 0, &cp);
        if (cases[i].refused < 0) {
            assert_int_equal(at, strlen(cases[i].s));
            assert_int_equal(cp, -1);
        } else {
            assert_int_equal(at, 0);
            assert_int_equal(cp, cases[i].refused);
        }
        assert_int_equal(sv_utf8_is_control((uint32_t)cases[i].refused), cases[i].refused >= 0);
    }
}

/* TAB, LF and CR are refused unless allowed, each on its own. */
static void flags_allow_tab_and_line_ends(void **state)
{
    (void)state;
    int32_t cp;
    assert_int_equal(first("a\tb", 0, &cp), 1);
    assert_int_equal(cp, '\t');
    assert_int_equal(first("a\tb", SV_UTF8_TAB, &cp), 3);
    assert_int_equal(first("a\nb\r\n", SV_UTF8_TAB, &cp), 1);
    assert_int_equal(cp, '\n');
    assert_int_equal(first("a\nb\r\n", SV_UTF8_LF, &cp), 3);
    assert_int_equal(cp, '\r');
    assert_int_equal(first("a\nb\r\n", SV_UTF8_LINES, &cp), 5);
    /* allowing line ends allows nothing else */
    assert_int_equal(first("a\n\033[2J", SV_UTF8_LINES | SV_UTF8_TAB, &cp), 2);
    assert_int_equal(cp, 0x1B);
}

/* The offset is the first refused character's, after text of every width. */
static void offset_of_the_first(void **state)
{
    (void)state;
    int32_t cp;
    assert_int_equal(first("é越\xf0\x9f\x91\x95 \xc2\x9d\x1b", 0, &cp), 10);
    assert_int_equal(cp, 0x9D);
    /* a NUL inside the n bytes is U+0000, refused */
    assert_int_equal(sv_utf8_unsafe("ab\0c", 4, SV_UTF8_LINES | SV_UTF8_TAB, &cp), 2);
    assert_int_equal(cp, 0);
    /* only n bytes are read: what comes after is not judged */
    assert_int_equal(sv_utf8_unsafe("ab\033", 2, 0, &cp), 2);
    assert_int_equal(cp, -1);
    assert_int_equal(sv_utf8_unsafe("", 0, 0, &cp), 0);
}

/* Overlong forms, surrogates, code points past U+10FFFF, stray continuation bytes and
 * sequences cut short (by the end of the n bytes too) are not UTF-8: refused with cp -1, or
 * passed over byte by byte when SV_UTF8_NOT_UTF8 says so. */
static void bytes_that_are_not_utf8(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "\xc0\xaf",         /* overlong '/' */
        "\xe0\x80\xaf",     /* overlong '/' in three bytes */
        "\xf0\x8f\xbf\xbf", /* overlong U+FFFF */
        "\xed\xa0\x80",     /* a surrogate */
        "\xf4\x90\x80\x80", /* U+110000 */
        "\xf5\x80\x80\x80", "\xff", "\x80", "\xe2\x80",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[16];
        snprintf(text, sizeof text, "ok%s", bad[i]);
        int32_t cp = 0;
        assert_int_equal(first(text, 0, &cp), 2);
        assert_int_equal(cp, -1);
        assert_int_equal(first(text, SV_UTF8_NOT_UTF8, &cp), strlen(text));
    }
    /* a sequence whose last byte lies past n */
    int32_t cp = 0;
    assert_int_equal(sv_utf8_unsafe("x\xe2\x80\xae", 3, 0, &cp), 1);
    assert_int_equal(cp, -1);
    /* passed over, a stray byte does not hide the control after it */
    assert_int_equal(first("\xff\xc2\x9b", SV_UTF8_NOT_UTF8, &cp), 1);
    assert_int_equal(cp, 0x9B);
}

static void describe_names_the_character(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(sv_utf8_describe(0x1B, buf, sizeof buf), "U+001B (ESC)");
    assert_string_equal(sv_utf8_describe(0x7F, buf, sizeof buf), "U+007F (DEL)");
    assert_string_equal(sv_utf8_describe(0x9B, buf, sizeof buf), "U+009B (CSI)");
    assert_string_equal(sv_utf8_describe(0x85, buf, sizeof buf), "U+0085 (a C1 control)");
    assert_string_equal(sv_utf8_describe(0x202E, buf, sizeof buf),
                        "U+202E (a bidirectional override)");
    assert_string_equal(sv_utf8_describe(0x2068, buf, sizeof buf),
                        "U+2068 (a bidirectional isolate)");
    assert_string_equal(sv_utf8_describe(-1, buf, sizeof buf), "a byte that is not UTF-8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(edges_of_the_set),
        cmocka_unit_test(flags_allow_tab_and_line_ends),
        cmocka_unit_test(offset_of_the_first),
        cmocka_unit_test(bytes_that_are_not_utf8),
        cmocka_unit_test(describe_names_the_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
