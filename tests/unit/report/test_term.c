/* Terminal-safe text: what is escaped, what is kept, and buffers that are too short. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/term.h"

static char *puts_out(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(sv_term_puts(s, f), 0);
    fclose(f);
    return buf;
}

/* Each case: input, what both functions make of it, whether it is unsafe. */
static const struct {
    const char *in, *out;
    bool unsafe;
} cases[] = {
    {"Fábrica Têxtil Ltda", "Fábrica Têxtil Ltda", false},
    {"越南服装厂 Công ty May", "越南服装厂 Công ty May", false},
    {"", "", false},
    {"red\033[31mtext", "red\\e[31mtext", true},
    {"\033]8;;http://evil\033\\click\033]8;;\033\\", "\\e]8;;http://evil\\e\\click\\e]8;;\\e\\", true},
    {"bell\a", "bell\\x07", true},
    {"over\rwrite", "over\\rwrite", true},
    {"del\x7f", "del\\x7F", true},
    {"c1 \xc2\x9b" "31m", "c1 \\u{009B}31m", true},
    {"bidi \xe2\x80\xae" "txt.exe", "bidi \\u{202E}txt.exe", true},
    {"isolate \xe2\x81\xa6x", "isolate \\u{2066}x", true},
    {"stray \xff byte", "stray \\xFF byte", true},
    {"overlong \xc0\xaf", "overlong \\xC0\\xAF", true},
    {"surrogate \xed\xa0\x80", "surrogate \\xED\\xA0\\x80", true},
    /* TAB and newline are not unsafe in a message, but a name is one line: both shown */
    {"a\tb", "a\\tb", false},
    {"a\nb", "a\\nb", false},
};

static void escapes_what_steers_a_terminal(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[128];
        assert_string_equal(sv_term_safe(cases[i].in, buf, sizeof buf), cases[i].out);
        char *p = puts_out(cases[i].in);
        assert_string_equal(p, cases[i].out);
        free(p);
        assert_int_equal(sv_term_unsafe(cases[i].in), cases[i].unsafe);
    }
    char buf[8];
    assert_string_equal(sv_term_safe(NULL, buf, sizeof buf), "");
    assert_false(sv_term_unsafe(NULL));
}

static void short_buffer_cuts_at_a_whole_piece(void **state)
{
    (void)state;
    char buf[6];
    /* "ab\e" is 4 bytes + NUL; the next "é" (2 bytes) would not fit */
    assert_string_equal(sv_term_safe("ab\033éz", buf, sizeof buf), "ab\\e");
    char one[1] = {'x'};
    assert_string_equal(sv_term_safe("abc", one, 1), "");
    char three[3], four[4];
    /* an escape is never cut in half, nor a character */
    assert_string_equal(sv_term_safe("a\033", three, sizeof three), "a");
    assert_string_equal(sv_term_safe("a\033", four, sizeof four), "a\\e");
    assert_string_equal(sv_term_safe("ééé", four, sizeof four), "é");
}

static void write_error_is_reported(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    setvbuf(f, NULL, _IONBF, 0);
    assert_int_equal(sv_term_puts("anything", f), EOF);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes_what_steers_a_terminal),
        cmocka_unit_test(short_buffer_cuts_at_a_whole_piece),
        cmocka_unit_test(write_error_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
