#include "selvedge/term.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "selvedge/utf8.h"

bool sv_term_unsafe(const char *s)
{
    int32_t cp;
    size_t n = s ? strlen(s) : 0;
    return sv_utf8_unsafe(s, n, SV_UTF8_TAB | SV_UTF8_LF, &cp) < n;
}

/* The next piece of output for the character at p: either the character itself (*raw set,
 * its length returned) or an escape written into esc. Advances *adv by the input consumed. */
static size_t piece(const unsigned char *p, char esc[16], bool *raw, size_t *adv)
{
    utf8proc_int32_t cp;
    /* p is NUL-terminated: utf8proc reads no further than a byte that ends the sequence */
    utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
    *raw = false;
    if (n <= 0) {
        *adv = 1;
        return (size_t)snprintf(esc, 16, "\\x%02X", p[0]);
    }
    *adv = (size_t)n;
    if (!sv_utf8_is_control((uint32_t)cp)) {
        *raw = true;
        return (size_t)n;
    }
    switch (cp) {
    case '\t':
        return (size_t)snprintf(esc, 16, "\\t");
    case '\n':
        return (size_t)snprintf(esc, 16, "\\n");
    case '\r':
        return (size_t)snprintf(esc, 16, "\\r");
    case 0x1B:
        return (size_t)snprintf(esc, 16, "\\e");
    default:
        if (cp < 0x80)
            return (size_t)snprintf(esc, 16, "\\x%02X", (unsigned)cp);
        return (size_t)snprintf(esc, 16, "\\u{%04X}", (unsigned)cp);
    }
}

char *sv_term_safe(const char *s, char *buf, size_t n)
{
    if (!n)
        return buf;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t len = 0;
    while (*p) {
        char esc[16];
        bool raw;
        size_t adv, k = piece(p, esc, &raw, &adv);
        if (len + k >= n)
            break;
        memcpy(buf + len, raw ? (const char *)p : esc, k);
        len += k;
        p += adv;
    }
    buf[len] = '\0';
    return buf;
}

int sv_term_puts(const char *s, FILE *out)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        /* the longest run that needs no escape goes out in one write */
        const unsigned char *run = p;
        char esc[16];
        bool raw = true;
        size_t adv = 0, k = 0;
        while (*p && ((k = piece(p, esc, &raw, &adv)), raw))
            p += adv;
        if (p > run && fwrite(run, 1, (size_t)(p - run), out) != (size_t)(p - run))
            return EOF;
        if (!*p)
            break;
        if (fwrite(esc, 1, k, out) != k)
            return EOF;
        p += adv;
    }
    return ferror(out) ? EOF : 0;
}
