#include "selvedge/tsv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

sv_code sv_tsv_parse(const char *file, const char *data, size_t len, const char *const *columns,
                     sv_tsv_row_fn fn, void *ud, sv_err *e)
{
    int ncols = 0;
    while (columns[ncols])
        ncols++;
    if (ncols == 0 || ncols > SV_TSV_MAX_COLS)
        return sv_err_set(e, SV_ERR_INTERNAL, "bad column list for %s", file);
    char *copy = malloc(len + 1);
    if (!copy)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    memcpy(copy, data, len);
    copy[len] = '\0';
    sv_code rc = SV_OK;
    bool header_seen = false;
    int line = 0;
    char *p = copy, *end = copy + len;
    while (p < end && rc == SV_OK) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *eol = nl ? nl : end;
        line++;
        if (memchr(p, '\0', (size_t)(eol - p))) {
            rc = sv_err_at(e, SV_ERR_SYNTAX, file, line, 0, NULL, "contains a NUL byte");
            break;
        }
        if (eol > p && eol[-1] == '\r')
            eol[-1] = '\0';
        *eol = '\0';
        char *row = p;
        p = eol + 1;
        if (row[0] == '#' || row[strspn(row, " \t")] == '\0')
            continue;
        char *fields[SV_TSV_MAX_COLS + 1];
        int n = 0;
        char *f = row;
        for (;;) {
            char *tab = strchr(f, '\t');
            if (n < SV_TSV_MAX_COLS + 1)
                fields[n] = f;
            n++;
            if (!tab)
                break;
            *tab = '\0';
            f = tab + 1;
        }
        if (!header_seen) {
            if (n != ncols) {
                rc = sv_err_at(e, SV_ERR_SCHEMA, file, line, 0, n < ncols ? columns[n] : NULL,
                               "header has %d columns, expected %d (%s ... %s)", n, ncols,
                               columns[0], columns[ncols - 1]);
                break;
            }
            for (int i = 0; i < ncols; i++) {
                if (strcmp(fields[i], columns[i]) != 0) {
                    rc = sv_err_at(e, SV_ERR_SCHEMA, file, line, 0, columns[i],
                                   "header column %d is \"%s\", expected \"%s\"", i + 1, fields[i],
                                   columns[i]);
                    break;
                }
            }
            header_seen = true;
            continue;
        }
        if (n != ncols) {
            /* name the first column that is missing, or the first one too many */
            rc = sv_err_at(e, SV_ERR_SCHEMA, file, line, 0, n < ncols ? columns[n] : NULL,
                           "row has %d fields, the header has %d", n, ncols);
            break;
        }
        for (int i = 0; i < ncols; i++) {
            if (fields[i][0] == '\0') {
                rc = sv_err_at(e, SV_ERR_SCHEMA, file, line, 0, columns[i], "is empty");
                break;
            }
        }
        if (rc == SV_OK)
            rc = fn(ud, fields, line, e);
    }
    if (rc == SV_OK && !header_seen)
        rc = sv_err_at(e, SV_ERR_SCHEMA, file, 0, 0, NULL, "has no header line");
    free(copy);
    return rc;
}
