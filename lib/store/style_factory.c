/* The registry ids of the factories a program's styles name (selvedge/store.h): what check
 * --factory, match and the server's /matches place each style with. */
#include <stdlib.h>
#include <string.h>

#include "selvedge/money.h"
#include "selvedge/program.h"
#include "selvedge/store.h"

/* The registry id of the factory a style names (an id, a handle or an OS ID, as `check
 * --factory` reads it, quietly): the live id, -1 when it is not on file, or an error. */
static sv_code style_factory_id(sv_store *s, const char *arg, int64_t *id, sv_err *e)
{
    *id = 0;
    int64_t n;
    sv_code rc;
    if (sv_decimal_parse(arg, 0, &n) == SV_DEC_OK) {
        int64_t live = 0;
        rc = n > 0 ? sv_store_factory_resolve(s, n, &live, e) : SV_ERR_NOTFOUND;
        if (rc != SV_OK && rc != SV_ERR_NOTFOUND)
            return rc;
        *id = rc == SV_OK ? live : 0;
    } else {
        if ((rc = sv_store_find_handle(s, arg, id, e)) ||
            (!*id && (rc = sv_store_find_os_id(s, arg, id, e))))
            return rc;
        char upper[64];
        size_t len = strlen(arg);
        if (!*id && len < sizeof upper) {
            for (size_t k = 0; k <= len; k++)
                upper[k] = arg[k] >= 'a' && arg[k] <= 'z' ? (char)(arg[k] - 'a' + 'A') : arg[k];
            if (strcmp(upper, arg) != 0 && (rc = sv_store_find_os_id(s, upper, id, e)))
                return rc;
        }
    }
    if (*id <= 0)
        *id = -1;
    return SV_OK;
}

sv_code sv_store_style_factories(sv_store *s, const sv_program *p, int64_t **out, sv_err *e)
{
    *out = NULL;
    for (size_t k = 0; k < p->n_styles; k++) {
        if (!p->styles[k].factory)
            continue;
        if (!*out && !(*out = calloc(p->n_styles, sizeof **out)))
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        sv_code rc = style_factory_id(s, p->styles[k].factory, &(*out)[k], e);
        if (rc != SV_OK) {
            free(*out);
            *out = NULL;
            return rc;
        }
    }
    return SV_OK;
}
