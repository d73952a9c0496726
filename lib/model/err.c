#include "selvedge/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void sv_err_clear(sv_err *e)
{
    if (e)
        memset(e, 0, sizeof *e);
}

static void copy(char *dst, size_t n, const char *src)
{
    if (!src) {
        dst[0] = '\0';
        return;
    }
    snprintf(dst, n, "%s", src);
}

sv_code sv_err_set(sv_err *e, sv_code code, const char *fmt, ...)
{
    if (!e)
        return code;
    sv_err_clear(e);
    e->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

sv_code sv_err_at(sv_err *e, sv_code code, const char *file, int line, int column,
                  const char *field, const char *fmt, ...)
{
    if (!e)
        return code;
    sv_err_clear(e);
    e->code = code;
    copy(e->file, sizeof e->file, file);
    copy(e->field, sizeof e->field, field);
    e->line = line;
    e->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

char *sv_err_format(const sv_err *e, char *buf, size_t n)
{
    size_t used = 0;
    int w;
    if (n == 0)
        return buf;
    buf[0] = '\0';
#define PUT(...)                                                                                   \
    do {                                                                                           \
        w = snprintf(buf + used, n - used, __VA_ARGS__);                                           \
        if (w < 0)                                                                                 \
            return buf;                                                                            \
        used += (size_t)w;                                                                         \
        if (used >= n)                                                                             \
            return buf;                                                                            \
    } while (0)
    if (e->file[0]) {
        PUT("%s", e->file);
        if (e->line > 0) {
            PUT(":%d", e->line);
            if (e->column > 0)
                PUT(":%d", e->column);
        }
        PUT(": ");
    }
    if (e->field[0])
        PUT("%s: ", e->field);
    PUT("%s", e->msg[0] ? e->msg : sv_code_name(e->code));
#undef PUT
    return buf;
}

const char *sv_code_name(sv_code code)
{
    switch (code) {
    case SV_OK:
        return "ok";
    case SV_ERR_NOMEM:
        return "out of memory";
    case SV_ERR_IO:
        return "i/o error";
    case SV_ERR_SYNTAX:
        return "syntax error";
    case SV_ERR_SCHEMA:
        return "invalid value";
    case SV_ERR_USAGE:
        return "usage error";
    case SV_ERR_NOTFOUND:
        return "not found";
    case SV_ERR_INTERNAL:
        return "internal error";
    case SV_ERR_CONFLICT:
        return "conflict";
    case SV_ERR_DENIED:
        return "denied";
    case SV_ERR_LIMITED:
        return "too many attempts";
    }
    return "unknown error";
}
