/* Fuzz the ledger's JSON-lines reader, its canonical writer and the admission of events.
 *
 * Every event the reader accepts must pass sv_ledger_check, write a line that reads back to
 * the same line, and be admitted or refused by sv_ledger_admit against the events admitted
 * before it (of every brand and factory at once: the engine must not care), with a message
 * when refused. */
#include "fuzz.h"

#include <string.h>

#include "selvedge/ledger_jsonl.h"

enum { HIST_MAX = 512 };

typedef struct hist {
    sv_ledger_event ev[HIST_MAX];
    const sv_ledger_event *v[HIST_MAX];
    size_t n;
} hist;

static sv_code one(void *ud, int line, sv_ledger_event *ev, sv_err *e)
{
    hist *h = ud;
    (void)line;
    sv_err ce;
    sv_err_clear(&ce);
    if (sv_ledger_check(ev, &ce) != SV_OK)
        abort(); /* the reader hands over checked events only */
    char *a = sv_ledger_event_json(ev);
    if (!a)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    sv_pool *pool = sv_pool_create();
    sv_ledger_event back;
    if (!pool || sv_ledger_event_parse(a, strlen(a), pool, &back, &ce) != SV_OK)
        abort(); /* what the writer writes, the reader reads */
    char *b = sv_ledger_event_json(&back);
    if (!b || strcmp(a, b) != 0)
        abort();       /* and writes back the same bytes */
    if (ev->program) { /* an RFQ's snapshot: written after the line, read back the same */
        char *w = sv_ledger_event_json_snapshot(a, ev->program, ev->readiness);
        if (!w || sv_ledger_event_parse(w, strlen(w), pool, &back, &ce) != SV_OK || !back.program ||
            strcmp(back.program, ev->program) != 0 || strcmp(back.readiness, ev->readiness) != 0)
            abort();
        free(w);
    }
    free(a);
    free(b);
    sv_pool_free(pool);
    sv_code rc = sv_ledger_admit(h->v, h->n, ev, &ce);
    fuzz_check_refusal(rc, &ce, NULL);
    if (rc == SV_OK && h->n < HIST_MAX) {
        h->ev[h->n] = *ev;
        h->ev[h->n].id = (int64_t)h->n + 1;
        h->v[h->n] = &h->ev[h->n];
        h->n++;
    }
    return SV_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static hist h;
    h.n = 0;
    sv_pool *pool = sv_pool_create();
    if (!pool)
        return 0;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_ledger_jsonl_parse((const char *)data, size, "fuzz.jsonl", pool, one, &h, &e);
    fuzz_check_refusal(rc, &e, NULL);
    sv_pool_free(pool);
    return 0;
}
