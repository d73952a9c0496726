/* One text line of a small CSV file at a time (csv_line.h). */
#include "csv_line.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

bool csv_line_next(const char *buf, size_t len, size_t *i, const char **s, size_t *l, int *line)
{
    if (*i >= len)
        return false;
    size_t j = *i;
    while (j < len && buf[j] != '\n')
        j++;
    *l = j - *i;
    if (*l && buf[*i + *l - 1] == '\r')
        (*l)--;
    (*line)++;
    *s = buf + *i;
    *i = j + 1;
    return true;
}

static void on_field(void *s, size_t len, void *ud)
{
    csv_line *r = ud;
    if (r->n < CSV_LINE_FIELDS_MAX && !r->nomem) {
        char *v = malloc(len + 1);
        if (!v) {
            r->nomem = true;
        } else {
            memcpy(v, s, len);
            v[len] = 0;
            r->f[r->n] = v;
        }
    }
    r->n++;
}

static void on_row(int c, void *ud)
{
    (void)c;
    (void)ud;
}

void csv_line_free(csv_line *r)
{
    for (size_t i = 0; i < CSV_LINE_FIELDS_MAX; i++)
        free(r->f[i]);
    memset(r, 0, sizeof *r);
}

sv_code csv_line_split(const char *s, size_t len, csv_line *r, const char *name, int line,
                       sv_err *e)
{
    struct csv_parser p;
    memset(r, 0, sizeof *r);
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    size_t done = csv_parse(&p, s, len, on_field, on_row, r);
    int bad = done != len || csv_fini(&p, on_field, on_row, r) != 0;
    csv_free(&p);
    if (r->nomem) {
        csv_line_free(r);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    if (bad) {
        csv_line_free(r);
        return sv_err_at(e, SV_ERR_SYNTAX, name, line, 0, "", "not a CSV row (a quote left open?)");
    }
    return SV_OK;
}
