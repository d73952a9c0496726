/* The characters refused in text (selvedge/utf8.h). */
#include "selvedge/utf8.h"

#include <stdio.h>
#include <utf8proc.h>

bool sv_utf8_is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static bool allowed(uint32_t cp, unsigned allow)
{
    return (cp == '\t' && (allow & SV_UTF8_TAB)) || (cp == '\n' && (allow & SV_UTF8_LF)) ||
           (cp == '\r' && (allow & SV_UTF8_CR));
}

size_t sv_utf8_unsafe(const char *s, size_t n, unsigned allow, int32_t *cp)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    *cp = -1;
    for (size_t i = 0; i < n;) {
        if (p[i] >= 0x20 && p[i] < 0x7F) { /* printable ASCII, the common case */
            i++;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t l = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &c);
        if (l <= 0) {
            if (!(allow & SV_UTF8_NOT_UTF8))
                return i; /* *cp stays -1 */
            i++;
            continue;
        }
        if (sv_utf8_is_control((uint32_t)c) && !allowed((uint32_t)c, allow)) {
            *cp = c;
            return i;
        }
        i += (size_t)l;
    }
    return n;
}

const char *sv_utf8_describe(int32_t cp, char *buf, size_t size)
{
    static const char *const c0[32] = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
                                       "BS",  "TAB", "LF",  "VT",  "FF",  "CR",  "SO",  "SI",
                                       "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
                                       "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
    if (cp < 0) {
        snprintf(buf, size, "a byte that is not UTF-8");
        return buf;
    }
    const char *what = cp < 0x20                      ? c0[cp]
                       : cp == 0x7F                   ? "DEL"
                       : cp == 0x9B                   ? "CSI"
                       : cp == 0x9D                   ? "OSC"
                       : cp <= 0x9F                   ? "a C1 control"
                       : cp >= 0x202A && cp <= 0x202E ? "a bidirectional override"
                       : cp >= 0x2066 && cp <= 0x2069 ? "a bidirectional isolate"
                                                      : "a character";
    snprintf(buf, size, "U+%04X (%s)", (unsigned)cp, what);
    return buf;
}
