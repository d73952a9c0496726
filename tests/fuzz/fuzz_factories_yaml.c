/* Fuzz the factory capability file reader (YAML). */
#include "fuzz.h"

#include "selvedge/factories_yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sv_factory_list *l = (sv_factory_list *)1;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_factories_parse((const char *)data, size, "fuzz.yaml", &l, &e);
    fuzz_check_refusal(rc, &e, l);
    if (rc == SV_OK) {
        for (size_t i = 0; i < l->n; i++)
            if (!l->items[i].name || !l->items[i].country[0])
                abort(); /* an accepted factory has a name and a country */
        sv_factory_list_free(l);
    }
    return 0;
}
