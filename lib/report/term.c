#include "selvedge/term.h"

#include <stdint.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at s (1..4), or 0 when s does not start one.
 * Overlong forms, surrogates and code points above U+10FFFF are not well-formed. */
static size_t seq_len(const unsigned char *s, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) {
        n = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

static bool cp_unsafe(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool sv_term_unsafe(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        uint32_t cp;
        size_t n = seq_len(p, &cp);
        if (!n || (cp_unsafe(cp) && cp != '\t' && cp != '\n'))
            return true;
        p += n;
    }
    return false;
}

/* The next piece of output for the character at p: either the character itself (*raw set,
 * its length returned) or an escape written into esc. Advances *adv by the input consumed. */
static size_t piece(const unsigned char *p, char esc[16], bool *raw, size_t *adv)
{
    uint32_t cp;
    size_t n = seq_len(p, &cp);
    *raw = false;
    if (!n) {
        *adv = 1;
        return (size_t)snprintf(esc, 16, "\\x%02X", p[0]);
    }
    *adv = n;
    if (!cp_unsafe(cp)) {
        *raw = true;
        return n;
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
