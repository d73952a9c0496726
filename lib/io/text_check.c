/* The control characters the readers refuse (text_check.h): the one rule of selvedge/utf8.h. */
#include "text_check.h"

#include "selvedge/utf8.h"

int32_t tc_control(const char *s, size_t n, bool line_ends)
{
    int32_t cp;
    sv_utf8_unsafe(s, n, SV_UTF8_TAB | SV_UTF8_NOT_UTF8 | (line_ends ? SV_UTF8_LINES : 0u), &cp);
    return cp;
}

const char *tc_describe(int32_t cp, char *buf, size_t size)
{
    return sv_utf8_describe(cp, buf, size);
}
