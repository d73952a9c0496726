/* The CSV cell writer: RFC 4180 quoting, and cells a spreadsheet would run as formulas
 * written as text (OWASP); numbers selvedge computes stay numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/csv_write.h"

/* One row of text cells, then the numbers given, as the writer writes it (free it). */
static char *row(const char *const *cells, size_t n, const int64_t *nums, size_t k)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    sv_csv_writer w;
    sv_csv_writer_init(&w, f);
    for (size_t i = 0; i < n; i++)
        sv_csv_text(&w, cells[i]);
    for (size_t i = 0; i < k; i++)
        sv_csv_int(&w, nums[i]);
    sv_csv_end_row(&w);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void one(const char *in, const char *want)
{
    char *got = row(&in, 1, NULL, 0);
    char *line = NULL;
    assert_true(asprintf(&line, "%s\r\n", want) > 0);
    assert_string_equal(got, line);
    free(line);
    free(got);
}

static void plain_cells_as_they_are(void **state)
{
    (void)state;
    one("ST-01", "ST-01");
    one("Größenmuster", "Größenmuster");
    one("2027-01-15", "2027-01-15");
    one("", "");
    one(NULL, "");
    one("a=b", "a=b"); /* only a first character is a formula */
    one(" =1+1", " =1+1");
    one("'quoted", "'quoted");
}

static void rfc4180_quoting(void **state)
{
    (void)state;
    one("a,b", "\"a,b\"");
    one("say \"hi\"", "\"say \"\"hi\"\"\"");
    one("two\nlines", "\"two\nlines\"");
    one("cr\rin", "\"cr\rin\"");
}

static void formula_cells_are_neutralised(void **state)
{
    (void)state;
    one("=HYPERLINK(\"http://example.com\";\"click\")",
        "\"'=HYPERLINK(\"\"http://example.com\"\";\"\"click\"\")\"");
    one("=1+1", "\"'=1+1\"");
    one("+1+1", "\"'+1+1\"");
    one("-2+3", "\"'-2+3\"");
    one("-5", "\"'-5\""); /* text that looks like a number is still the user's text */
    one("@SUM(A1)", "\"'@SUM(A1)\"");
    one("\t=1", "\"'\t=1\"");
    one("\r=1", "\"'\r=1\"");
    one("=a,b", "\"'=a,b\"");
}

static void numbers_stay_numbers(void **state)
{
    (void)state;
    const char *cells[] = {"x", "-y"};
    const int64_t nums[] = {-12, 0, 45, INT64_MIN};
    char *got = row(cells, 2, nums, 4);
    assert_string_equal(got, "x,\"'-y\",-12,0,45,-9223372036854775808\r\n");
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_cells_as_they_are),
        cmocka_unit_test(rfc4180_quoting),
        cmocka_unit_test(formula_cells_are_neutralised),
        cmocka_unit_test(numbers_stay_numbers),
    };
    return cmocka_run_group_tests_name("io/csv_write", tests, NULL, NULL);
}
