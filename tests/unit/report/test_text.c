/* Human-readable reports: width, colour, and what they must say. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/program_yaml.h"
#include "selvedge/report.h"
#include "selvedge/term.h"

#include <utf8proc.h>

static char *capture_wrap(const char *text, int first, int indent, int width)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    sv_report_wrap(f, text, first, indent, width);
    fclose(f);
    char *out = strdup(buf);
    free(buf);
    return out;
}

/* Longest line in visible columns (UTF-8 code points, ANSI escapes skipped). */
static int max_columns(const char *s)
{
    int best = 0, cur = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '\n') {
            cur = 0;
            continue;
        }
        if (*p == '\033') {
            while (*p && *p != 'm')
                p++;
            if (!*p)
                break;
            continue;
        }
        if (((unsigned char)*p & 0xC0) != 0x80)
            cur++;
        if (cur > best)
            best = cur;
    }
    return best;
}

static void wrap_breaks_at_width(void **state)
{
    (void)state;
    char *out = capture_wrap("one two three four five six seven eight nine ten", 2, 4, 20);
    assert_string_equal(out, "  one two three four\n    five six seven\n    eight nine ten\n");
    assert_true(max_columns(out) <= 20);
    free(out);
}

static void wrap_counts_utf8_as_one_column(void **state)
{
    (void)state;
    /* 9 words of 2 code points each (4 bytes): 20 columns hold 7 of them (14 + 6 spaces) */
    char *out = capture_wrap("éé éé éé éé éé éé éé éé éé", 0, 0, 20);
    size_t first_line = strcspn(out, "\n");
    assert_int_equal(first_line, 7 * 4 + 6);
    free(out);
}

/* Terminal columns of the widest line: wide characters two, combining marks none. */
static int max_display_columns(const char *s)
{
    int best = 0, cur = 0;
    for (const char *p = s; *p;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
        assert_true(n > 0);
        if (cp == '\n')
            cur = 0;
        else
            cur += utf8proc_charwidth(cp);
        if (cur > best)
            best = cur;
        p += n;
    }
    return best;
}

/* s without its line breaks and the spaces that begin a line. */
static char *unwrap(const char *s)
{
    char *out = strdup(s), *w = out;
    assert_non_null(out);
    for (const char *p = s; *p; p++) {
        if (*p == '\n') {
            while (p[1] == ' ')
                p++;
            continue;
        }
        *w++ = *p;
    }
    *w = '\0';
    return out;
}

/* A word wider than a whole line is cut where the line ends (kept whole, it ran past the
 * width every report keeps to); the words around it move as usual. */
static void wrap_cuts_a_word_wider_than_the_line(void **state)
{
    (void)state;
    char *out = capture_wrap("a supercalifragilisticexpialidocious b", 0, 2, 10);
    assert_string_equal(out, "a\n  supercal\n  ifragili\n  sticexpi\n  alidocio\n  us b\n");
    char *flat = unwrap(out);
    assert_string_equal(flat, "asupercalifragilisticexpialidocious b");
    free(flat);
    free(out);
}

/* Wide characters (CJK, full width) take two columns and combining marks none: lines are
 * filled by what a terminal shows. A run of them without spaces is cut between two
 * characters, never inside one. */
static void wrap_counts_display_columns(void **state)
{
    (void)state;
    /* 6 words of two wide characters: 4 columns each, 20 columns hold 4 (16 + 3 spaces) */
    char *out = capture_wrap("东莞 虎门 北栅 社区 东风 大道", 0, 0, 20);
    assert_string_equal(out, "东莞 虎门 北栅 社区\n东风 大道\n");
    assert_true(max_display_columns(out) <= 20);
    free(out);
    out = capture_wrap("广东省东莞市虎门镇北栅社区东风路一百二十八号国际服装产业园", 2, 4, 20);
    assert_true(max_display_columns(out) <= 20);
    char *flat = unwrap(out);
    assert_string_equal(flat, "  广东省东莞市虎门镇北栅社区东风路一百二十八号国际服装产业园");
    free(flat);
    free(out);
    /* e + combining acute: one column */
#define E_ACUTE "e\xcc\x81"
    out = capture_wrap(E_ACUTE E_ACUTE E_ACUTE " " E_ACUTE E_ACUTE E_ACUTE " x", 0, 0, 7);
    assert_string_equal(out, E_ACUTE E_ACUTE E_ACUTE " " E_ACUTE E_ACUTE E_ACUTE "\nx\n");
#undef E_ACUTE
    free(out);
}

/* An escape is never cut across two lines: a long word of control characters is cut between
 * two escapes. */
static void wrap_never_cuts_an_escape(void **state)
{
    (void)state;
    char *out = capture_wrap("\033\033\033\033\033\033\033\033\033\033\x01\x01\x01", 0, 0, 9);
    assert_string_equal(out, "\\e\\e\\e\\e\n\\e\\e\\e\\e\n\\e\\e\\x01\n\\x01\\x01\n");
    free(out);
}

static const char *root(void)
{
    const char *r = getenv("SELVEDGE_SOURCE_ROOT");
    return r ? r : ".";
}

static void load(sv_program **p, sv_refdata **rd)
{
    char path[1024];
    sv_err e;
    snprintf(path, sizeof path, "%s/examples/northline.yaml", root());
    assert_int_equal(sv_program_load(path, p, &e), SV_OK);
    assert_int_equal(sv_refdata_load(NULL, rd, &e), SV_OK);
}

/* The readiness report of p at 80 columns, as text (free it). */
static char *render_readiness(const sv_program *p, const sv_readiness *r, bool color)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    sv_text_opts o = {.color = color, .width = 80};
    sv_report_readiness(f, p, r, &o);
    fclose(f);
    return buf;
}

static char *render_check(bool color)
{
    sv_program *p;
    sv_refdata *rd;
    sv_readiness *r;
    sv_err e;
    load(&p, &rd);
    sv_check_options opt = {.today = {2026, 11, 25}};
    assert_int_equal(sv_readiness_check(p, rd, &opt, &r, &e), SV_OK);
    char *buf = render_readiness(p, r, color);
    sv_readiness_free(r);
    sv_program_free(p);
    sv_refdata_free(rd);
    return buf;
}

static void check_report_fits_80_columns_and_says_what_next(void **state)
{
    (void)state;
    char *out = render_check(false);
    assert_true(max_columns(out) <= 80);
    assert_null(strchr(out, '\033'));
    assert_non_null(strstr(out, "Readiness "));
    assert_non_null(strstr(out, "Fix: "));
    assert_non_null(strstr(out, "Next: "));
    assert_non_null(strstr(out, "READY")); /* NOT READY, NEARLY READY or READY */
    free(out);
}

static void check_report_colours_only_when_asked(void **state)
{
    (void)state;
    char *out = render_check(true);
    assert_non_null(strchr(out, '\033'));
    assert_true(max_columns(out) <= 80);
    free(out);
}

/* A long brand and program name wrap within 80 columns, the rest of the title indented;
 * short ones stay on one line as before. */
static void long_titles_wrap(void **state)
{
    (void)state;
    sv_program *p;
    sv_refdata *rd;
    sv_readiness *r;
    sv_err e;
    load(&p, &rd);
    p->brand.name = "The Very Long Name of a Responsible Outdoor Apparel Company Limited";
    p->name = "Autumn Winter 2027 technical outerwear and knitwear capsule collection";
    sv_check_options opt = {.today = {2026, 11, 25}};
    assert_int_equal(sv_readiness_check(p, rd, &opt, &r, &e), SV_OK);
    for (int color = 0; color < 2; color++) {
        char *buf = render_readiness(p, r, color);
        assert_true(max_columns(buf) <= 80);
        const char *plain = color ? strstr(buf, "The Very") : buf;
        assert_non_null(plain);
        assert_true(strncmp(plain, "The Very Long Name", 18) == 0);
        /* the second line of the title is indented and carries on the words */
        const char *nl = strchr(plain, '\n');
        assert_non_null(nl);
        assert_true(strncmp(nl + 1, "  ", 2) == 0 && nl[3] != ' ');
        free(buf);
    }
    sv_readiness_free(r);
    sv_program_free(p);
    sv_refdata_free(rd);
}

static void cost_report_labels_estimates(void **state)
{
    (void)state;
    sv_program *p;
    sv_refdata *rd;
    sv_cost_report *r;
    sv_err e;
    load(&p, &rd);
    /* drop the brand's own sheet: the report must say the numbers are an estimate */
    p->styles[0].cost.present = false;
    sv_cost_options opt = {.mode = SV_MODE_SEA};
    assert_int_equal(sv_cost_run(p, rd, &opt, &r, &e), SV_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sv_text_opts o = {.color = false, .width = 80};
    sv_report_cost(f, p, r, &o);
    fclose(f);
    assert_non_null(strstr(buf, "ESTIMATE"));
    assert_non_null(strstr(buf, "landed cost"));
    assert_non_null(strstr(buf, "<- planned"));
    assert_true(max_columns(buf) <= 80);
    free(buf);
    sv_cost_report_free(r);
    sv_program_free(p);
    sv_refdata_free(rd);
}

/* ---- control characters: escaped on their way to the terminal ---- */

/* An OSC 8 link, a colour, a bell, a carriage return and a C1 CSI: what a name read from a
 * YAML escape or an imported CSV could carry. */
#define EVIL "\033]8;;http://evil.example\033\\click\033]8;;\033\\ \033[31mred\a\rX\xc2\x9b" "2J"

/* No byte a terminal would act on: C0 controls but newline, DEL, C1 (as UTF-8). The ESC
 * of colour is allowed when colour was asked for. */
static void assert_terminal_safe(const char *s, bool color)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\033' && color && p[1] == '[') {
            const unsigned char *q = p + 2;
            while ((*q >= '0' && *q <= '9') || *q == ';')
                q++;
            if (*q == 'm') {
                p = q;
                continue;
            }
        }
        char shown[4096];
        if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
            fail_msg("raw control byte 0x%02x at offset %td, in (escaped here):\n%s", *p,
                     (const char *)p - s, sv_term_safe(s, shown, sizeof shown));
        if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            fail_msg("raw C1 control at offset %td, in (escaped here):\n%s", (const char *)p - s,
                     sv_term_safe(s, shown, sizeof shown));
    }
}

static void wrap_escapes_control_characters(void **state)
{
    (void)state;
    char *out = capture_wrap("name " EVIL " end", 2, 2, 80);
    assert_string_equal(out, "  name \\e]8;;http://evil.example\\e\\click\\e]8;;\\e\\ "
                             "\\e[31mred\\x07\\rX\\u{009B}2J end\n");
    assert_terminal_safe(out, false);
    free(out);
}

/* The escapes take columns: a line is filled by what is shown, not by the bytes. */
static void wrap_counts_escapes_as_shown(void **state)
{
    (void)state;
    /* "\e\e\e\e\e" is 10 columns: after 10 of "aaaaaaaaaa" and a space it is 21 > 20 */
    char *out = capture_wrap("aaaaaaaaaa \033\033\033\033\033 b", 0, 0, 20);
    assert_string_equal(out, "aaaaaaaaaa\n\\e\\e\\e\\e\\e b\n");
    assert_true(max_columns(out) <= 20);
    free(out);
}

/* northline with control characters in the brand, the program, a style's code and name. */
static void load_evil(sv_program **p, sv_refdata **rd)
{
    load(p, rd);
    (*p)->brand.name = "Brand " EVIL;
    (*p)->name = "Program " EVIL;
    (*p)->styles[0].code = "ST\033[2J" "01";
    (*p)->styles[0].name = "Tee " EVIL;
}

static void reports_escape_names_from_the_program(void **state)
{
    (void)state;
    sv_program *p;
    sv_refdata *rd;
    sv_err e;
    load_evil(&p, &rd);
    for (int color = 0; color < 2; color++) {
        sv_text_opts o = {.color = color, .width = 80};
        sv_readiness *r;
        sv_check_options copt = {.today = {2026, 11, 25}};
        assert_int_equal(sv_readiness_check(p, rd, &copt, &r, &e), SV_OK);
        char *buf = render_readiness(p, r, color);
        assert_terminal_safe(buf, color);
        assert_non_null(strstr(buf, "Brand \\e]8;;http://evil.example"));
        assert_true(max_columns(buf) <= 80);
        free(buf);
        sv_readiness_free(r);

        sv_cost_report *cr;
        sv_cost_options kopt = {.mode = SV_MODE_SEA};
        assert_int_equal(sv_cost_run(p, rd, &kopt, &cr, &e), SV_OK);
        size_t len = 0;
        buf = NULL;
        FILE *f = open_memstream(&buf, &len);
        sv_report_cost(f, p, cr, &o);
        fclose(f);
        assert_terminal_safe(buf, color);
        assert_non_null(strstr(buf, "ST\\e[2J01"));
        assert_non_null(strstr(buf, "Tee \\e]8;;"));
        free(buf);
        sv_cost_report_free(cr);

        sv_plan *pl;
        sv_plan_options popt = {.today = {2026, 11, 25}, .mode = SV_MODE_SEA};
        assert_int_equal(sv_plan_build(p, rd, &popt, &pl, &e), SV_OK);
        buf = NULL;
        f = open_memstream(&buf, &len);
        sv_report_plan(f, p, pl, rd, &o);
        fclose(f);
        assert_terminal_safe(buf, color);
        assert_non_null(strstr(buf, "ST\\e[2J01"));
        assert_true(max_columns(buf) <= 80);
        free(buf);
        sv_plan_free(pl);
    }
    sv_program_free(p);
    sv_refdata_free(rd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wrap_breaks_at_width),
        cmocka_unit_test(wrap_counts_utf8_as_one_column),
        cmocka_unit_test(wrap_cuts_a_word_wider_than_the_line),
        cmocka_unit_test(wrap_counts_display_columns),
        cmocka_unit_test(wrap_never_cuts_an_escape),
        cmocka_unit_test(check_report_fits_80_columns_and_says_what_next),
        cmocka_unit_test(check_report_colours_only_when_asked),
        cmocka_unit_test(long_titles_wrap),
        cmocka_unit_test(cost_report_labels_estimates),
        cmocka_unit_test(wrap_escapes_control_characters),
        cmocka_unit_test(wrap_counts_escapes_as_shown),
        cmocka_unit_test(reports_escape_names_from_the_program),
    };
    return cmocka_run_group_tests_name("report/text", tests, NULL, NULL);
}
