/* The rules the capability formats share (capability.h). */
#include "capability.h"

#include <stdio.h>

#include "selvedge/money.h"

/* Beyond any apparel factory, so a figure past them is a typing mistake or a number that means
 * something else: a year of lead time, a hundred million pieces a month or in a minimum, ten
 * million people, a hundred million in a price or a fee (the bound of every amount a program
 * file holds). */
const cap_range cap_ranges[CAP__COUNT] = {
    [CAP_MOQ] = {1, 10000000, "units"},
    [CAP_LEAD_DAYS] = {1, 365, "days"},
    [CAP_CAPACITY] = {1, 100000000, "units a month"},
    [CAP_WORKERS] = {1, 10000000, "workers"},
    [CAP_MONEY] = {0, 100000000, ""},
    [CAP_DEPOSIT] = {0, 100, "%"},
};

bool cap_in_range(cap_figure f, int64_t v)
{
    return v >= cap_ranges[f].min && v <= cap_ranges[f].max;
}

bool cap_in_range_scaled(cap_figure f, int64_t v, int scale)
{
    int64_t lo = cap_ranges[f].min, hi = cap_ranges[f].max;
    for (int i = 0; i < scale; i++) {
        lo *= 10;
        hi *= 10;
    }
    return v >= lo && v <= hi;
}

const char *cap_range_text(cap_figure f, int scale, char *buf, size_t n)
{
    char lo[40], hi[40];
    int64_t a = cap_ranges[f].min, b = cap_ranges[f].max;
    for (int i = 0; i < scale; i++) {
        a *= 10;
        b *= 10;
    }
    const char *unit = cap_ranges[f].unit;
    snprintf(buf, n, "%s to %s%s%s", sv_decimal_format(a, scale, 1, lo, sizeof lo),
             sv_decimal_format(b, scale, 1, hi, sizeof hi), *unit && *unit != '%' ? " " : "", unit);
    return buf;
}

bool cap_handle_ok(const char *h)
{
    if (!h || !*h)
        return false;
    for (const char *p = h; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return false;
    return true;
}
