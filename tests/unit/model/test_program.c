/* Tests for lib/model/program.c: civil dates and the range of dates selvedge works in. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "selvedge/program.h"

/* A date exists or not whatever selvedge plans in: 9999-12-31 exists, 2100-02-29 does not. */
static void test_dates_that_exist(void **state)
{
    (void)state;
    sv_date d;
    assert_true(sv_date_parse("9999-12-31", &d));
    assert_int_equal(d.year, 9999);
    assert_true(sv_date_parse("0001-01-01", &d));
    assert_true(sv_date_parse("2000-02-29", &d));
    assert_false(sv_date_parse("2100-02-29", &d));
    assert_false(sv_date_parse("1900-02-29", &d));
    assert_false(sv_date_parse("0000-01-01", &d));
    assert_false(sv_date_parse("2027-02-30", &d));
    assert_false(sv_date_parse("2027-13-01", &d));
    assert_false(sv_date_parse("2027-1-01", &d));
    assert_false(sv_date_parse("+027-01-01", &d));
}

/* The supported range is 2001-01-01 to 2099-12-31, and its two ends as days are the
 * constants the planner checks against; the first day is a Monday (weekly columns). */
static void test_supported_range(void **state)
{
    (void)state;
    assert_int_equal(sv_date_to_days((sv_date){2001, 1, 1}), SV_DAY_FIRST);
    assert_int_equal(sv_date_to_days((sv_date){2099, 12, 31}), SV_DAY_LAST);
    assert_int_equal(sv_date_to_days((sv_date){SV_DATE_FIRST_YEAR, 1, 1}), SV_DAY_FIRST);
    assert_int_equal(sv_date_to_days((sv_date){SV_DATE_LAST_YEAR + 1, 1, 1}), SV_DAY_LAST + 1);
    assert_int_equal(((SV_DAY_FIRST % 7) + 7 + 3) % 7, 0); /* 1970-01-01 was a Thursday */
    char buf[16];
    assert_string_equal(sv_date_format(sv_date_from_days(SV_DAY_FIRST), buf, sizeof buf),
                        SV_DATE_FIRST_TEXT);
    assert_string_equal(sv_date_format(sv_date_from_days(SV_DAY_LAST), buf, sizeof buf),
                        SV_DATE_LAST_TEXT);
    assert_true(sv_date_supported((sv_date){2001, 1, 1}));
    assert_true(sv_date_supported((sv_date){2099, 12, 31}));
    assert_false(sv_date_supported((sv_date){2000, 12, 31}));
    assert_false(sv_date_supported((sv_date){2100, 1, 1}));
    assert_false(sv_date_supported((sv_date){9999, 12, 31}));
    assert_false(sv_date_supported((sv_date){2027, 2, 30}));
    assert_true(sv_day_supported(SV_DAY_FIRST) && sv_day_supported(SV_DAY_LAST));
    assert_false(sv_day_supported(SV_DAY_FIRST - 1) || sv_day_supported(SV_DAY_LAST + 1));
}

/* Every day of the range goes to a date and back, and the dates follow one another. */
static void test_days_round_trip(void **state)
{
    (void)state;
    sv_date prev = sv_date_from_days(SV_DAY_FIRST - 1);
    for (int64_t day = SV_DAY_FIRST; day <= SV_DAY_LAST; day++) {
        sv_date d = sv_date_from_days(day);
        assert_true(sv_date_valid(d.year, d.month, d.day));
        assert_int_equal(sv_date_to_days(d), day);
        bool next = (d.year == prev.year && d.month == prev.month && d.day == prev.day + 1) ||
                    (d.year == prev.year && d.month == prev.month + 1 && d.day == 1) ||
                    (d.year == prev.year + 1 && d.month == 1 && d.day == 1);
        assert_true(next);
        prev = d;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_that_exist),
        cmocka_unit_test(test_supported_range),
        cmocka_unit_test(test_days_round_trip),
    };
    return cmocka_run_group_tests_name("model/program", tests, NULL, NULL);
}
