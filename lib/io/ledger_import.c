/* A ledger history in and out of the store (selvedge/ledger_import.h). */
#include "selvedge/ledger_import.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/ledger.h"
#include "selvedge/ledger_jsonl.h"
#include "selvedge/ledger_store.h"
#include "selvedge/rfq_snapshot.h"
#include "yaml_walk.h" /* yw_read_file */

/* The events of one brand and one factory: the store's, then the file's so far. */
typedef struct pair {
    const char *brand, *factory;
    const sv_ledger_event **v;
    size_t n, cap;
} pair;

typedef struct imp {
    sv_store *s;
    sv_pool *pool;
    pair *pairs;
    size_t n_pairs, cap_pairs;
    size_t *slots;   /* open addressing over the pairs by brand and factory: index + 1, 0 free */
    size_t n_slots;  /* a power of two, over twice the pairs */
    int64_t last_id; /* the highest id so far, the store's or the file's */
    int64_t n;       /* events recorded */
} imp;

static sv_code push(pair *p, const sv_ledger_event *ev, sv_err *e)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        const sv_ledger_event **v = realloc(p->v, cap * sizeof *v);
        if (!v)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = ev;
    return SV_OK;
}

typedef struct loading {
    imp *im;
    pair *p;
} loading;

static sv_code load_one(void *ud, int64_t id, const char *body, sv_err *e)
{
    loading *l = ud;
    sv_ledger_event tmp, *ev = sv_pool_alloc(l->im->pool, sizeof *ev);
    if (!ev)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    sv_err le;
    sv_err_clear(&le);
    if (sv_ledger_event_parse(body, strlen(body), l->im->pool, &tmp, &le) != SV_OK) {
        char buf[700];
        return sv_err_set(e, SV_ERR_INTERNAL, "ledger event %lld in the store does not read: %s",
                          (long long)id, sv_err_format(&le, buf, sizeof buf));
    }
    *ev = tmp;
    ev->id = id;
    return push(l->p, ev, e);
}

/* FNV-1a over the brand's and the factory's handles, each with its terminator. */
static uint64_t pair_hash(const char *brand, const char *factory)
{
    uint64_t h = 14695981039346656037u;
    for (const char *k = brand;; k++) {
        h = (h ^ (unsigned char)*k) * 1099511628211u;
        if (!*k)
            break;
    }
    for (const char *k = factory;; k++) {
        h = (h ^ (unsigned char)*k) * 1099511628211u;
        if (!*k)
            break;
    }
    return h;
}

/* The slot where the pair (brand, factory) is, or the free one where it goes. */
static size_t *pair_slot(const imp *im, const char *brand, const char *factory)
{
    size_t mask = im->n_slots - 1, k = (size_t)pair_hash(brand, factory) & mask;
    for (;; k = (k + 1) & mask) {
        size_t *slot = &im->slots[k];
        if (!*slot)
            return slot;
        const pair *p = &im->pairs[*slot - 1];
        if (strcmp(p->brand, brand) == 0 && strcmp(p->factory, factory) == 0)
            return slot;
    }
}

/* Room for one more pair in the index: rebuilt at twice the size when half full. */
static sv_code pair_room(imp *im, sv_err *e)
{
    if (im->n_slots && (im->n_pairs + 1) * 2 <= im->n_slots)
        return SV_OK;
    size_t n = im->n_slots ? im->n_slots * 2 : 64;
    size_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    free(im->slots);
    im->slots = slots;
    im->n_slots = n;
    for (size_t i = 0; i < im->n_pairs; i++)
        *pair_slot(im, im->pairs[i].brand, im->pairs[i].factory) = i + 1;
    return SV_OK;
}

/* The pair of ev, its history read from the store the first time it is met: found by a hash
 * of the two handles (a file of a million events meets thousands of pairs). */
static sv_code pair_of(imp *im, const sv_ledger_event *ev, pair **out, sv_err *e)
{
    sv_code rc = pair_room(im, e);
    if (rc)
        return rc;
    size_t *slot = pair_slot(im, ev->brand, ev->factory);
    if (*slot) {
        *out = &im->pairs[*slot - 1];
        return SV_OK;
    }
    if (im->n_pairs == im->cap_pairs) {
        size_t cap = im->cap_pairs ? im->cap_pairs * 2 : 8;
        pair *v = realloc(im->pairs, cap * sizeof *v);
        if (!v)
            return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        im->pairs = v;
        im->cap_pairs = cap;
    }
    pair *p = &im->pairs[im->n_pairs++];
    memset(p, 0, sizeof *p);
    p->brand = ev->brand;
    p->factory = ev->factory;
    *slot = im->n_pairs;
    loading l = {im, p};
    *out = p;
    return sv_store_ledger_pair(im->s, ev->brand, ev->factory, load_one, &l, e);
}

static void imp_free(imp *im)
{
    for (size_t i = 0; i < im->n_pairs; i++)
        free(im->pairs[i].v);
    free(im->pairs);
    free(im->slots);
    sv_pool_free(im->pool);
}

static sv_code add(imp *im, pair *p, const sv_ledger_event *in, sv_err *e);

static sv_code one(void *ud, int line, sv_ledger_event *in, sv_err *e)
{
    (void)line;
    imp *im = ud;
    if (in->id && in->id <= im->last_id)
        return sv_err_at(e, SV_ERR_SCHEMA, NULL, 0, 0, "id",
                         "%lld: the ledger already holds events up to %lld, and ids only grow "
                         "(leave id out and the event is numbered next)",
                         (long long)in->id, (long long)im->last_id);
    pair *p = NULL;
    sv_code rc = pair_of(im, in, &p, e);
    if (rc)
        return rc;
    if ((rc = sv_ledger_admit(p->v, p->n, in, e)))
        return rc;
    return add(im, p, in, e);
}

static int by_id(const void *a, const void *b)
{
    int64_t x = (*(const sv_ledger_event *const *)a)->id;
    int64_t y = (*(const sv_ledger_event *const *)b)->id;
    return (x > y) - (x < y);
}

/* What admitting ev reads of its pair's history: not all of it (thousands of events at a
 * million, each body parsed), but the events of the things its admission folds, by the
 * (brand_id, factory_id, thing, ref) index: its own thing (with its corrections), the RFQ,
 * order, change and payment it names, its sample round and the round before, and the thing of
 * the event it supersedes (whether that stands, and what it is, are checked first). Every fold and
 * check of sv_ledger_admit looks only at events of one of these things (a correction is of the same
 * kind and thing as the event it corrects, so what stands among them is the same), so admission
 * over them says what it says over the whole history. Into p, in the order recorded, each once. */
static sv_code admission_history(imp *im, const sv_ledger_event *ev, pair *p, sv_err *e)
{
    enum { MAX_KEYS = 8 };
    char keys[MAX_KEYS][256];
    const char *things[MAX_KEYS], *refs[MAX_KEYS];
    size_t n = 0;
    sv_ledger_thing own = sv_ledger_kind_thing(ev->kind);
    sv_ledger_event t = *ev;
    /* the thing of an event of kind k, as ev would key it */
#define KEY(k)                                                                                     \
    do {                                                                                           \
        t.kind = (k);                                                                              \
        things[n] = sv_ledger_thing_name(sv_ledger_kind_thing(t.kind));                            \
        refs[n] = sv_ledger_thing_key(&t, keys[n], sizeof keys[n]);                                \
        n++;                                                                                       \
    } while (0)
    KEY(ev->kind);
    if (ev->rfq && own != SV_THING_RFQ)
        KEY(SV_EV_RFQ_SENT);
    if (ev->order && own != SV_THING_ORDER)
        KEY(SV_EV_ORDER_ISSUED);
    if (ev->change && own != SV_THING_CHANGE)
        KEY(SV_EV_CHANGE_REQUESTED);
    if (ev->order && ev->milestone && own != SV_THING_PAYMENT)
        KEY(SV_EV_PAYMENT_DUE);
    if (own == SV_THING_SAMPLE || own == SV_THING_THREAD || own == SV_THING__COUNT) {
        if (own != SV_THING_SAMPLE)
            KEY(SV_EV_SAMPLE_REQUESTED);
        if (ev->round > 1) {
            t.round = ev->round - 1;
            KEY(SV_EV_SAMPLE_REQUESTED);
        }
    }
#undef KEY
    loading l = {im, p};
    sv_code rc = sv_store_ledger_things(im->s, ev->brand, ev->factory, ev->supersedes, things, refs,
                                        n, load_one, &l, e);
    if (rc || p->n < 2)
        return rc;
    qsort(p->v, p->n, sizeof *p->v, by_id);
    size_t k = 1;
    for (size_t i = 1; i < p->n; i++)
        if (p->v[i]->id != p->v[k - 1]->id)
            p->v[k++] = p->v[i];
    p->n = k;
    return SV_OK;
}

/* Recording: ev admitted against what its admission reads of the store (earlier events of the
 * same call are in it already, inside the transaction), then added. */
static sv_code one_recorded(imp *im, sv_ledger_event *in, sv_err *e)
{
    pair p = {.brand = in->brand, .factory = in->factory};
    sv_code rc = admission_history(im, in, &p, e);
    if (rc == SV_OK)
        rc = sv_ledger_admit(p.v, p.n, in, e);
    free(p.v);
    return rc ? rc : add(im, NULL, in, e);
}

static sv_code add(imp *im, pair *p, const sv_ledger_event *in, sv_err *e)
{
    sv_code rc;
    sv_ledger_event *ev = sv_pool_alloc(im->pool, sizeof *ev);
    if (!ev)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    *ev = *in;
    if (!ev->id)
        ev->id = im->last_id + 1;
    char *body = sv_ledger_event_json(ev);
    if (!body)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    rc = sv_store_ledger_add(im->s, ev, body, e);
    free(body);
    if (rc)
        return rc;
    im->last_id = ev->id;
    im->n++;
    return p ? push(p, ev, e) : SV_OK;
}

/* A line of the file: the event recorded, then its RFQ snapshot, if it carries one, frozen
 * with it (as rfq send does), the readiness indented as rfq send stores it. */
static sv_code one_line(void *ud, int line, sv_ledger_event *in, sv_err *e)
{
    imp *im = ud;
    sv_code rc = one(ud, line, in, e);
    if (rc || !in->program)
        return rc;
    json_t *o = json_loads(in->readiness, 0, NULL);
    char *r = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII) : NULL;
    json_decref(o);
    if (!r)
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    rc = sv_store_rfq_snapshot_add(im->s, im->last_id, in->program, r, e);
    free(r);
    return rc;
}

sv_code sv_ledger_import_buf(sv_store *s, const char *buf, size_t len, const char *name, int64_t *n,
                             sv_err *e)
{
    imp im = {.s = s};
    if (n)
        *n = 0;
    if (!(im.pool = sv_pool_create()))
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    sv_code rc = sv_store_begin(s, e);
    if (rc == SV_OK)
        rc = sv_store_ledger_count(s, NULL, &im.last_id, e);
    if (rc == SV_OK)
        rc = sv_ledger_jsonl_parse(buf, len, name, im.pool, one_line, &im, e);
    if (rc == SV_OK) {
        rc = sv_store_commit(s, e);
        if (rc == SV_OK && n)
            *n = im.n;
    } else {
        sv_store_rollback(s);
    }
    imp_free(&im);
    return rc;
}

sv_code sv_ledger_record(sv_store *s, sv_ledger_event *evs, size_t n, sv_ledger_recorded_fn after,
                         void *ud, sv_err *e)
{
    imp im = {.s = s};
    if (!(im.pool = sv_pool_create()))
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    sv_code rc = sv_store_begin(s, e);
    if (rc == SV_OK)
        rc = sv_store_ledger_count(s, NULL, &im.last_id, e);
    for (size_t i = 0; rc == SV_OK && i < n; i++) {
        if (evs[i].id)
            rc = sv_err_set(e, SV_ERR_INTERNAL, "an event to record is numbered already");
        else if ((rc = sv_ledger_check(&evs[i], e)) == SV_OK &&
                 (rc = one_recorded(&im, &evs[i], e)) == SV_OK) {
            evs[i].id = im.last_id;
            if (after)
                rc = after(ud, &evs[i], e);
        }
    }
    if (rc == SV_OK)
        rc = sv_store_commit(s, e);
    else
        sv_store_rollback(s);
    if (rc)
        for (size_t i = 0; i < n; i++)
            evs[i].id = 0;
    imp_free(&im);
    return rc;
}

sv_code sv_ledger_import(sv_store *s, const char *path, int64_t *n, sv_err *e)
{
    char *buf;
    size_t len;
    sv_code rc = yw_read_file(path, SV_LEDGER_FILE_MAX, &buf, &len, e);
    if (rc)
        return rc;
    rc = sv_ledger_import_buf(s, buf, len, path, n, e);
    free(buf);
    return rc;
}

sv_code sv_ledger_pair_load(sv_store *s, const char *brand, const char *factory, sv_pool *pool,
                            const sv_ledger_event ***events, size_t *n, sv_err *e)
{
    imp im = {.s = s, .pool = pool};
    pair p = {.brand = brand, .factory = factory};
    loading l = {&im, &p};
    *events = NULL;
    *n = 0;
    sv_code rc = sv_store_ledger_pair(s, brand, factory, load_one, &l, e);
    if (rc) {
        free(p.v);
        return rc;
    }
    *events = p.v;
    *n = p.n;
    return SV_OK;
}

typedef struct exporting {
    sv_store *s;
    FILE *out;
    int64_t n;
    char *line; /* an rfq.sent's line with its snapshot; NULL none */
} exporting;

static sv_code with_snapshot(void *ud, const char *program, const char *readiness, sv_err *e)
{
    exporting *x = ud;
    (void)e;
    x->line = sv_ledger_event_json_snapshot(x->line, program, readiness);
    if (!x->line)
        return sv_err_set(e, SV_ERR_INTERNAL,
                          "an RFQ snapshot cannot be written as JSON (its program not UTF-8, "
                          "or its readiness not a JSON object), or out of memory");
    return SV_OK;
}

static sv_code put_line(void *ud, int64_t id, const char *body, sv_err *e)
{
    exporting *x = ud;
    x->line = NULL;
    if (strstr(body, "\"kind\":\"rfq.sent\"")) {
        /* with_snapshot reads the body through x->line and replaces it with the whole line */
        x->line = (char *)body;
        sv_code rc = sv_store_rfq_snapshot_get(x->s, id, with_snapshot, x, e);
        if (rc)
            return rc;
        if (x->line != body)
            body = x->line;
        else
            x->line = NULL;
    }
    int bad = fputs(body, x->out) == EOF || fputc('\n', x->out) == EOF;
    free(x->line);
    x->line = NULL;
    if (bad)
        return sv_err_set(e, SV_ERR_IO, "cannot write the export");
    x->n++;
    return SV_OK;
}

sv_code sv_ledger_export(sv_store *s, FILE *out, int64_t *n, sv_err *e)
{
    exporting x = {s, out, 0, NULL};
    sv_code rc = sv_store_ledger_each(s, put_line, &x, e);
    if (n)
        *n = x.n;
    return rc;
}
