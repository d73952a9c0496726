#include "selvedge/csv_write.h"

#include <stdbool.h>
#include <string.h>

void sv_csv_writer_init(sv_csv_writer *w, FILE *out)
{
    w->out = out;
    w->cells = 0;
}

/* What a spreadsheet opening the file could run as a formula: OWASP's list. */
static bool formula_like(const char *s)
{
    return s[0] && strchr("=+-@\t\r", s[0]) != NULL;
}

static void separator(sv_csv_writer *w)
{
    if (w->cells++)
        fputc(',', w->out);
}

void sv_csv_text(sv_csv_writer *w, const char *s)
{
    separator(w);
    s = s ? s : "";
    bool neutral = formula_like(s);
    if (!neutral && !s[strcspn(s, ",\"\r\n")]) {
        fputs(s, w->out);
        return;
    }
    fputc('"', w->out);
    if (neutral)
        fputc('\'', w->out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', w->out);
        fputc(*s, w->out);
    }
    fputc('"', w->out);
}

void sv_csv_int(sv_csv_writer *w, int64_t v)
{
    separator(w);
    fprintf(w->out, "%lld", (long long)v);
}

void sv_csv_end_row(sv_csv_writer *w)
{
    fputs("\r\n", w->out);
    w->cells = 0;
}
