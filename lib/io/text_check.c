/* The control characters the readers refuse (text_check.h). */
#include "text_check.h"

#include <stdio.h>

int32_t tc_control(const char *s, size_t n, bool line_ends)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        unsigned c = p[i];
        if (c < 0x20 || c == 0x7F) {
            if (c == '\t' || (line_ends && (c == '\n' || c == '\r')))
                continue;
            return (int32_t)c;
        }
        if (c == 0xC2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)
            return (int32_t)p[i + 1]; /* U+0080..U+009F */
        if (c == 0xE2 && i + 2 < n && p[i + 1] == 0x80 && p[i + 2] >= 0xAA && p[i + 2] <= 0xAE)
            return (int32_t)(0x2000 + (p[i + 2] - 0x80));
        if (c == 0xE2 && i + 2 < n && p[i + 1] == 0x81 && p[i + 2] >= 0xA6 && p[i + 2] <= 0xA9)
            return (int32_t)(0x2040 + (p[i + 2] - 0x80));
    }
    return -1;
}

const char *tc_describe(int32_t cp, char *buf, size_t size)
{
    static const char *const c0[32] = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
                                       "BS",  "TAB", "LF",  "VT",  "FF",  "CR",  "SO",  "SI",
                                       "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
                                       "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
    const char *what = cp < 0x20      ? c0[cp]
                       : cp == 0x7F   ? "DEL"
                       : cp == 0x9B   ? "CSI"
                       : cp == 0x9D   ? "OSC"
                       : cp <= 0x9F   ? "a C1 control"
                       : cp <= 0x202E ? "a bidirectional override"
                                      : "a bidirectional isolate";
    snprintf(buf, size, "U+%04X (%s)", (unsigned)cp, what);
    return buf;
}
