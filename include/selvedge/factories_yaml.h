/* Reading factory profiles from selvedge's capability file (examples/factories.yaml). */
#ifndef SELVEDGE_FACTORIES_YAML_H
#define SELVEDGE_FACTORIES_YAML_H

#include "selvedge/err.h"
#include "selvedge/factory.h"
#include "selvedge/money.h"
#include "selvedge/pool.h"

typedef struct sv_factory_list {
    sv_pool *pool;
    const char *path;
    const sv_currency *currency; /* of prices and fees, as the file says */
    sv_factory *items;
    size_t n;
    int *lines;                 /* where each factory starts in the file */
} sv_factory_list;

#define SV_FACTORIES_MAX_BYTES (64u << 20)

/* Read and validate the whole file; errors name file:line:column and the field. Prices
 * and fees are in minor units of list->currency (convert before storing). */
sv_code sv_factories_load(const char *path, sv_factory_list **out, sv_err *e);
sv_code sv_factories_parse(const char *text, size_t len, const char *name,
                           sv_factory_list **out, sv_err *e);
void sv_factory_list_free(sv_factory_list *l);

#endif
