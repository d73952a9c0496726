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
    /* a full-width or half-width form is read as the character it is a form of (NFKC's
     * <wide> and <narrow> mappings): ＧＯＴＳ is GOTS, the full-width comma a comma. Only
     * those: NFKC's other mappings would turn a mark into letters (™ into "TM", glued to the
     * name before it). */
    const utf8proc_property_t *pr = utf8proc_get_property(u);
    if (pr->decomp_type == UTF8PROC_DECOMP_TYPE_WIDE ||
        pr->decomp_type == UTF8PROC_DECOMP_TYPE_NARROW) {
        utf8proc_int32_t d[4];
        int bound = 0;
        if (utf8proc_decompose_char(u, d, 4, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &bound) == 1)
            u = d[0];
    }
    *cp = (uint32_t)u;
    if (u < 0x80) {
        if (u >= 'A' && u <= 'Z')
            return (char)(u + ('a' - 'A'));
        if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9'))
            return (char)u;
        return 0;
    }
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
