/* The squashed form of a name (squash.h). */
#include "squash.h"

#include <string.h>
#include <utf8proc.h>

char sq_char(const unsigned char **sp, const unsigned char *end, uint32_t *cp)
{
    /* U+00C0..U+00FF to a base letter, '.' for none */
    static const char latin1[] = "aaaaaa.ceeeeiiii.nooooo.ouuuuy.."
                                 "aaaaaa.ceeeeiiii.nooooo.ouuuuy.y";
    const unsigned char *s = *sp;
    unsigned c = s[0];
    if (c < 0x80) {
        *sp = s + 1;
        *cp = c;
        if (c >= 'A' && c <= 'Z')
            return (char)(c + ('a' - 'A'));
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            return (char)c;
        return 0;
    }
    utf8proc_int32_t u;
    utf8proc_ssize_t l = utf8proc_iterate(s, end - s, &u);
    if (l <= 0) {
        *sp = s + 1;
        *cp = 0xFFFD;
        return 0;
    }
    *sp = s + l;
    *cp = (uint32_t)u;
    if (u >= 0xC0 && u <= 0xFF) {
        char f = latin1[u - 0xC0];
        return f == '.' ? 0 : f;
    }
    return 0;
}

int sq_text(const char *text, char *buf, size_t cap)
{
    const unsigned char *s = (const unsigned char *)text, *end = s + strlen(text);
    size_t n = 0;
    while (s < end) {
        uint32_t cp;
        char c = sq_char(&s, end, &cp);
        if (!c)
            continue;
        if (n + 1 >= cap)
            return -1;
        buf[n++] = c;
    }
    buf[n] = '\0';
    return (int)n;
}
