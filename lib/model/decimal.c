#include "selvedge/money.h"

#include <stdio.h>
#include <string.h>

sv_dec_result sv_decimal_parse(const char *s, int scale, int64_t *out)
{
    if (!s || scale < 0 || scale > 18)
        return SV_DEC_SYNTAX;
    bool neg = false;
    if (*s == '-' || *s == '+') {
        neg = (*s == '-');
        s++;
    }
    if (!*s)
        return SV_DEC_SYNTAX;
    __int128 v = 0;
    int int_digits = 0, frac_digits = 0;
    /* one more on the negative side: INT64_MIN has no positive counterpart */
    const __int128 limit = (__int128)INT64_MAX + (neg ? 1 : 0);
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (*s - '0');
        int_digits++;
        if (v > limit)
            return SV_DEC_OVERFLOW;
    }
    if (*s == '.') {
        s++;
        for (; *s >= '0' && *s <= '9'; s++) {
            if (frac_digits < scale) {
                v = v * 10 + (*s - '0');
                frac_digits++;
            } else if (*s != '0') {
                return SV_DEC_TOO_PRECISE;
            }
            if (v > limit)
                return SV_DEC_OVERFLOW;
        }
        if (int_digits == 0 && frac_digits == 0 && s[-1] == '.')
            return SV_DEC_SYNTAX;
    } else if (int_digits == 0) {
        return SV_DEC_SYNTAX;
    }
    if (*s)
        return SV_DEC_SYNTAX;
    for (; frac_digits < scale; frac_digits++) {
        v *= 10;
        if (v > limit)
            return SV_DEC_OVERFLOW;
    }
    *out = (int64_t)(neg ? -v : v);
    return SV_DEC_OK;
}

char *sv_decimal_format(int64_t v, int scale, bool group, char *buf, size_t n)
{
    if (scale < 0)
        scale = 0;
    if (scale > 18)
        scale = 18; /* int64 has 19 digits: more would only pad zeros past the buffers */
    char digits[48];
    bool neg = v < 0;
    unsigned __int128 u = neg ? (unsigned __int128)(-(__int128)v) : (unsigned __int128)v;
    int len = 0;
    do {
        digits[len++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u && len < 40);
    while (len <= scale)
        digits[len++] = '0';
    /* digits[] is reversed; assemble into tmp */
    char tmp[80];
    size_t t = 0;
    if (neg)
        tmp[t++] = '-';
    int int_len = len - scale;
    for (int i = len - 1; i >= scale; i--) {
        tmp[t++] = digits[i];
        int pos = i - scale; /* digits left of the point still to write after this one */
        if (group && pos > 0 && pos % 3 == 0)
            tmp[t++] = ',';
    }
    (void)int_len;
    if (scale > 0) {
        tmp[t++] = '.';
        for (int i = scale - 1; i >= 0; i--)
            tmp[t++] = digits[i];
    }
    tmp[t] = '\0';
    snprintf(buf, n, "%s", tmp);
    return buf;
}

int64_t sv_muldiv(int64_t a, int64_t num, int64_t den)
{
    __int128 p = (__int128)a * num;
    if (den < 0) {
        den = -den;
        p = -p;
    }
    __int128 q = p / den, r = p % den;
    if (r < 0)
        r = -r;
    if (2 * r >= den)
        q += (p < 0) ? -1 : 1;
    if (q > INT64_MAX)
        return INT64_MAX;
    if (q < INT64_MIN)
        return INT64_MIN;
    return (int64_t)q;
}

sv_minor sv_money_convert(sv_minor v, int from_exponent, int to_exponent, int64_t rate_micro)
{
    /* v / 10^from * rate/1e6 * 10^to */
    int64_t num = rate_micro, den = 1000000;
    int d = to_exponent - from_exponent;
    for (; d > 0; d--)
        num *= 10;
    for (; d < 0; d++)
        den *= 10;
    return sv_muldiv(v, num, den);
}
