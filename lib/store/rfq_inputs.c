/* The inputs of a quote comparison read from the store (selvedge/rfq_inputs.h). */
#include <stdlib.h>
#include <string.h>

#include "selvedge/party_store.h"
#include "selvedge/rfq_inputs.h"
#include "selvedge/rfq_snapshot.h"
#include "selvedge/ledger_jsonl.h"

static sv_code keep(void *ud, int64_t id, const char *body, sv_err *e)
{
    sv_rfq_inputs *in = ud;
    sv_ledger_event ev;
    sv_code rc = sv_ledger_event_parse(body, strlen(body), in->pool, &ev, e);
    if (rc != SV_OK)
        return rc;
    ev.id = id;
    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 256;
        const sv_ledger_event **v = realloc(in->ev, cap * sizeof *v);
        if (!v)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        in->ev = v;
        in->cap = cap;
    }
    sv_ledger_event *c = sv_pool_alloc(in->pool, sizeof *c);
    if (!c)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    *c = ev;
    in->ev[in->n++] = c;
    return SV_OK;
}

static sv_code first_program(void *ud, int64_t id, const char *factory, const char *body,
                             const char *program_text, const char *readiness_json, sv_err *e)
{
    (void)id, (void)factory, (void)body, (void)readiness_json;
    char **out = ud;
    if (!*out && !(*out = strdup(program_text)))
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    return SV_OK;
}

sv_code sv_store_rfq_inputs(sv_store *s, const char *brand, const char *ref, sv_rfq_inputs *in,
                            sv_err *e)
{
    memset(in, 0, sizeof *in);
    in->store = s;
    if (!(in->pool = sv_pool_create()))
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    sv_code rc = sv_store_ledger_rfq(s, brand, ref, keep, in, e);
    if (rc == SV_OK)
        rc = sv_store_rfq_snapshots(s, brand, ref, first_program, &in->program, e);
    for (size_t i = 0; rc == SV_OK && i < in->n && !in->sent; i++)
        in->sent = in->ev[i]->kind == SV_EV_RFQ_SENT && in->ev[i]->rfq &&
                   strcmp(in->ev[i]->rfq, ref) == 0;
    return rc;
}

void sv_rfq_inputs_free(sv_rfq_inputs *in)
{
    if (!in)
        return;
    free(in->ev);
    free(in->program);
    sv_pool_free(in->pool);
    memset(in, 0, sizeof *in);
}

bool sv_rfq_inputs_origin(void *ud, const char *factory, char out[3])
{
    sv_rfq_inputs *in = ud;
    int64_t id = 0;
    sv_err e;
    sv_err_clear(&e);
    sv_factory f;
    if (sv_store_find_handle(in->store, factory, &id, &e) != SV_OK || id == 0 ||
        sv_store_factory_get(in->store, id, in->pool, &f, &e) != SV_OK || !f.country[0])
        return false;
    memcpy(out, f.country, 3);
    return true;
}
