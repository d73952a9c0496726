/* The in-memory de-duplication index of a bulk import (see memindex.h).
 *
 * Strings live in one arena and are referred to by offset (0 is no string). Each factory has
 * its country and two lists of string nodes, names and addresses, in the order added. The
 * look-ups are open-addressing tables of (64-bit hash, value); a hit is confirmed against the
 * strings before it is believed. Pointers returned into the arena are valid until the next
 * addition. */
#include "memindex.h"

#include <stdlib.h>
#include <string.h>

typedef struct node {
    uint32_t off, next;         /* the string; the next node (0: none) */
} node;

typedef struct fac {
    char country[2];
    uint32_t names, names_tail, addrs, addrs_tail; /* node lists */
    uint32_t os_id, handle;                        /* strings */
} fac;

typedef struct slot {
    uint32_t h;                 /* the key's hash (0: an empty slot) */
    uint32_t v;                 /* an id (or a token record's index) */
} slot;

typedef struct table {
    slot *s;
    size_t cap, n;
} table;

typedef struct tok {
    uint32_t str;               /* "CC" then the token, NUL-terminated */
    uint32_t head, tail;        /* its ids: a list of postings, ascending, unique */
} tok;

typedef struct posting {
    uint32_t id, next;          /* next: 0 none (posting 0 is unused) */
} posting;

struct memindex {
    char *arena;
    size_t len, cap;
    node *nodes;
    size_t n_nodes, cap_nodes;
    fac *facs;                  /* by id */
    size_t cap_facs;
    table os_ids, handles, pairs, triples, tokens;
    tok *toks;
    size_t n_toks, cap_toks;
    posting *posts;
    size_t n_posts, cap_posts;
    size_t ordered;              /* how many of a word's first ids are asked for */
};

/* ---- hashing ---- */

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3u;
    }
    return h;
}

/* 32 bits are plenty: every hit is confirmed against the strings anyway */
static uint32_t finish(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    h ^= h >> 31;
    uint32_t v = (uint32_t)(h >> 32) ^ (uint32_t)h;
    return v ? v : 1; /* 0 marks an empty slot */
}

static uint32_t hash1(const char *a)
{
    return finish(fnv(0xcbf29ce484222325u, a, strlen(a)));
}

/* country (2 bytes), then each string with a separator */
static uint32_t hash_cs(const char *country, const char *a, const char *b)
{
    uint64_t h = fnv(0xcbf29ce484222325u, country, 2);
    h = fnv(h, "\x1f", 1);
    h = fnv(h, a, strlen(a));
    if (b) {
        h = fnv(h, "\x1f", 1);
        h = fnv(h, b, strlen(b));
    }
    return finish(h);
}

/* ---- storage ---- */

/* Room for need items, growing by half: the index is the largest thing a bulk load holds.
 * New room is zeroed only when asked (touching it would make it resident at once). */
static bool grow_z(void **p, size_t *cap, size_t need, size_t size, bool zero)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c += c / 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return false;
    if (zero)
        memset((char *)q + *cap * size, 0, (c - *cap) * size);
    *p = q;
    *cap = c;
    return true;
}

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    return grow_z(p, cap, need, size, false);
}

static uint32_t str_add(memindex *m, const char *s, size_t n)
{
    if (m->len + n + 1 > UINT32_MAX)
        return 0;
    if (!grow((void **)&m->arena, &m->cap, m->len + n + 1, 1))
        return 0;
    uint32_t off = (uint32_t)m->len;
    memcpy(m->arena + off, s, n);
    m->arena[off + n] = '\0';
    m->len += n + 1;
    return off;
}

static const char *str(const memindex *m, uint32_t off)
{
    return off ? m->arena + off : NULL;
}

static fac *fac_of(const memindex *m, int64_t id)
{
    return id > 0 && (size_t)id < m->cap_facs && m->facs[id].country[0] ? &m->facs[id] : NULL;
}

/* Append a string node to a list; 0 on failure. */
static bool list_add(memindex *m, uint32_t *head, uint32_t *tail, const char *s)
{
    uint32_t off = str_add(m, s, strlen(s));
    if (!off)
        return false;
    if (m->n_nodes == 0)
        m->n_nodes = 1; /* node 0 is "none" */
    if (!grow((void **)&m->nodes, &m->cap_nodes, m->n_nodes + 1, sizeof *m->nodes))
        return false;
    uint32_t k = (uint32_t)m->n_nodes++;
    m->nodes[k] = (node){off, 0};
    if (*tail)
        m->nodes[*tail].next = k;
    else
        *head = k;
    *tail = k;
    return true;
}

static bool list_has(const memindex *m, uint32_t head, const char *s)
{
    for (uint32_t k = head; k; k = m->nodes[k].next)
        if (strcmp(m->arena + m->nodes[k].off, s) == 0)
            return true;
    return false;
}

/* ---- tables ---- */

typedef bool (*confirm_fn)(const memindex *m, uint32_t v, const void *ctx);

static slot *t_find(const memindex *m, const table *t, uint32_t h, confirm_fn ok, const void *ctx)
{
    if (!t->cap)
        return NULL;
    for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        slot *s = &t->s[i];
        if (!s->h)
            return NULL;
        if (s->h == h && ok(m, s->v, ctx))
            return s;
    }
}

static bool t_put(table *t, uint32_t h, uint32_t v)
{
    if ((t->n + 1) * 4 > t->cap * 3) { /* at most three quarters full */
        size_t cap = t->cap ? t->cap * 2 : 1024;
        slot *s = calloc(cap, sizeof *s);
        if (!s)
            return false;
        for (size_t k = 0; k < t->cap; k++) {
            if (!t->s[k].h)
                continue;
            size_t i = t->s[k].h & (cap - 1);
            while (s[i].h)
                i = (i + 1) & (cap - 1);
            s[i] = t->s[k];
        }
        free(t->s);
        t->s = s;
        t->cap = cap;
    }
    size_t i = h & (t->cap - 1);
    while (t->s[i].h)
        i = (i + 1) & (t->cap - 1);
    t->s[i] = (slot){h, v};
    t->n++;
    return true;
}

/* confirmations: what the slot's value must be for the key looked up */
typedef struct key {
    const char *country, *name, *address, *text;
} key;

static bool is_os_id(const memindex *m, uint32_t v, const void *ctx)
{
    const fac *f = fac_of(m, v);
    return f && f->os_id && strcmp(str(m, f->os_id), ((const key *)ctx)->text) == 0;
}

static bool is_handle(const memindex *m, uint32_t v, const void *ctx)
{
    const fac *f = fac_of(m, v);
    return f && f->handle && strcmp(str(m, f->handle), ((const key *)ctx)->text) == 0;
}

static bool is_pair(const memindex *m, uint32_t v, const void *ctx)
{
    const key *k = ctx;
    const fac *f = fac_of(m, v);
    return f && memcmp(f->country, k->country, 2) == 0 && list_has(m, f->names, k->name);
}

static bool is_triple(const memindex *m, uint32_t v, const void *ctx)
{
    const key *k = ctx;
    const fac *f = fac_of(m, v);
    return is_pair(m, v, ctx) && list_has(m, f->addrs, k->address);
}

static bool is_token(const memindex *m, uint32_t v, const void *ctx)
{
    const key *k = ctx;
    const char *s = str(m, m->toks[v].str);
    return memcmp(s, k->country, 2) == 0 && strcmp(s + 2, k->text) == 0;
}

/* The smallest id for a key: keep the one on file or set this one. */
static bool keep_min(memindex *m, table *t, uint32_t h, confirm_fn ok, const key *k, int64_t id)
{
    slot *s = t_find(m, t, h, ok, k);
    if (s) {
        if ((int64_t)s->v > id)
            s->v = (uint32_t)id;
        return true;
    }
    return t_put(t, h, (uint32_t)id);
}

/* ---- the interface ---- */

memindex *mi_new(size_t ordered)
{
    memindex *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->ordered = ordered;
    str_add(m, "", 0); /* offset 0: "none" */
    if (m->len != 1) {
        free(m);
        return NULL;
    }
    return m;
}

void mi_free(memindex *m)
{
    if (!m)
        return;
    free(m->toks);
    free(m->posts);
    free(m->os_ids.s);
    free(m->handles.s);
    free(m->pairs.s);
    free(m->triples.s);
    free(m->tokens.s);
    free(m->facs);
    free(m->nodes);
    free(m->arena);
    free(m);
}

bool mi_factory(memindex *m, int64_t id, const char *country)
{
    if (id <= 0 || id >= UINT32_MAX || !country || !country[0] || !country[1])
        return false;
    if (!grow_z((void **)&m->facs, &m->cap_facs, (size_t)id + 1, sizeof *m->facs, true))
        return false;
    memset(&m->facs[id], 0, sizeof m->facs[id]);
    memcpy(m->facs[id].country, country, 2);
    return true;
}

bool mi_set_os_id(memindex *m, int64_t id, const char *os_id)
{
    fac *f = fac_of(m, id);
    if (!f)
        return false;
    if (f->os_id || !os_id)
        return true;
    if (!(f->os_id = str_add(m, os_id, strlen(os_id))))
        return false;
    key k = {.text = os_id};
    return t_find(m, &m->os_ids, hash1(os_id), is_os_id, &k) ||
           t_put(&m->os_ids, hash1(os_id), (uint32_t)id);
}

bool mi_set_handle(memindex *m, int64_t id, const char *handle)
{
    fac *f = fac_of(m, id);
    if (!f)
        return false;
    if (f->handle || !handle)
        return true;
    if (!(f->handle = str_add(m, handle, strlen(handle))))
        return false;
    key k = {.text = handle};
    return t_find(m, &m->handles, hash1(handle), is_handle, &k) ||
           t_put(&m->handles, hash1(handle), (uint32_t)id);
}

bool mi_add_name(memindex *m, int64_t id, const char *name_key)
{
    fac *f = fac_of(m, id);
    if (!f)
        return false;
    char country[3] = {f->country[0], f->country[1], '\0'};
    if (!list_add(m, &f->names, &f->names_tail, name_key))
        return false;
    key k = {.country = country, .name = name_key};
    if (!keep_min(m, &m->pairs, hash_cs(country, name_key, NULL), is_pair, &k, id))
        return false;
    /* (the tables do not add strings: arena pointers hold while they are updated) */
    for (uint32_t a = f->addrs; a; a = m->nodes[a].next) {
        const char *ak = m->arena + m->nodes[a].off;
        key t = {.country = country, .name = name_key, .address = ak};
        if (!keep_min(m, &m->triples, hash_cs(country, name_key, ak), is_triple, &t, id))
            return false;
    }
    return true;
}

bool mi_add_address(memindex *m, int64_t id, const char *address_key)
{
    fac *f = fac_of(m, id);
    if (!f)
        return false;
    char country[3] = {f->country[0], f->country[1], '\0'};
    if (!list_add(m, &f->addrs, &f->addrs_tail, address_key))
        return false;
    for (uint32_t n = f->names; n; n = m->nodes[n].next) {
        const char *nk = m->arena + m->nodes[n].off;
        key t = {.country = country, .name = nk, .address = address_key};
        if (!keep_min(m, &m->triples, hash_cs(country, nk, address_key), is_triple, &t, id))
            return false;
    }
    return true;
}

bool mi_add_token(memindex *m, const char *country, const char *token, int64_t id)
{
    key k = {.country = country, .text = token};
    uint32_t h = hash_cs(country, token, NULL);
    slot *s = t_find(m, &m->tokens, h, is_token, &k);
    if (!s) {
        size_t tl = strlen(token);
        char *buf = malloc(tl + 3);
        if (!buf)
            return false;
        memcpy(buf, country, 2);
        memcpy(buf + 2, token, tl + 1);
        uint32_t off = str_add(m, buf, tl + 2);
        free(buf);
        if (!off || m->n_toks >= UINT32_MAX ||
            !grow((void **)&m->toks, &m->cap_toks, m->n_toks + 1, sizeof *m->toks) ||
            !t_put(&m->tokens, h, (uint32_t)m->n_toks))
            return false;
        m->toks[m->n_toks++] = (tok){.str = off};
        s = t_find(m, &m->tokens, h, is_token, &k);
    }
    tok *t = &m->toks[s->v];
    /* Only the first m->ordered ids of a word are ever asked for: they are kept sorted and
     * unique, the smallest of all; the rest are appended as they come (the blocking words
     * are written with INSERT OR IGNORE, in any order). New factories come with the largest
     * id yet and go to the end at once; a name added to an older factory looks at most
     * `ordered` postings. */
    uint32_t prev = t->tail, at = 0;
    if (t->tail && m->posts[t->tail].id == id)
        return true; /* the word twice in its names */
    if (t->tail && m->posts[t->tail].id > id) {
        uint32_t p = t->head, before = 0;
        size_t walked = 0;
        while (p && walked < m->ordered && m->posts[p].id < id) {
            before = p;
            p = m->posts[p].next;
            walked++;
        }
        if (p && m->posts[p].id == id)
            return true;
        if (walked < m->ordered) { /* among the first: in its place */
            prev = before;
            at = p;
        }
    }
    if (m->n_posts == 0)
        m->n_posts = 1; /* posting 0 is "none" */
    if (m->n_posts >= UINT32_MAX ||
        !grow((void **)&m->posts, &m->cap_posts, m->n_posts + 1, sizeof *m->posts))
        return false;
    uint32_t p = (uint32_t)m->n_posts++;
    m->posts[p] = (posting){(uint32_t)id, at};
    if (prev)
        m->posts[prev].next = p;
    else
        t->head = p;
    if (!at)
        t->tail = p;
    return true;
}

int64_t mi_find_os_id(const memindex *m, const char *os_id)
{
    key k = {.text = os_id};
    const slot *s = t_find(m, &m->os_ids, hash1(os_id), is_os_id, &k);
    return s ? s->v : 0;
}

int64_t mi_find_handle(const memindex *m, const char *handle)
{
    key k = {.text = handle};
    const slot *s = t_find(m, &m->handles, hash1(handle), is_handle, &k);
    return s ? s->v : 0;
}

int64_t mi_find_exact(const memindex *m, const char *country, const char *name_key,
                      const char *address_key)
{
    key k = {.country = country, .name = name_key, .address = address_key};
    const slot *s = address_key && *address_key
                        ? t_find(m, &m->triples, hash_cs(country, name_key, address_key),
                                 is_triple, &k)
                        : t_find(m, &m->pairs, hash_cs(country, name_key, NULL), is_pair, &k);
    return s ? s->v : 0;
}

bool mi_same_country(const memindex *m, int64_t id, const char *country)
{
    const fac *f = fac_of(m, id);
    return f && country && memcmp(f->country, country, 2) == 0;
}

bool mi_has_address(const memindex *m, int64_t id)
{
    const fac *f = fac_of(m, id);
    return f && f->addrs;
}

size_t mi_token_ids(const memindex *m, const char *country, const char *token, int64_t *ids,
                    size_t max)
{
    key k = {.country = country, .text = token};
    const slot *s = t_find(m, &m->tokens, hash_cs(country, token, NULL), is_token, &k);
    size_t n = 0;
    for (uint32_t p = s ? m->toks[s->v].head : 0; p && n < max; p = m->posts[p].next)
        ids[n++] = m->posts[p].id;
    return n;
}

const char *mi_name_key(const memindex *m, int64_t id, size_t k)
{
    const fac *f = fac_of(m, id);
    uint32_t n = f ? f->names : 0;
    for (; n && k > 0; k--)
        n = m->nodes[n].next;
    return n ? m->arena + m->nodes[n].off : NULL;
}

const char *mi_first_address(const memindex *m, int64_t id)
{
    const fac *f = fac_of(m, id);
    return f && f->addrs ? m->arena + m->nodes[f->addrs].off : NULL;
}

static int by_token(const void *a, const void *b, void *ctx)
{
    const memindex *m = ctx;
    const char *x = m->arena + m->toks[*(const uint32_t *)a].str;
    const char *y = m->arena + m->toks[*(const uint32_t *)b].str;
    int c = memcmp(x, y, 2);
    return c ? c : strcmp(x + 2, y + 2);
}

bool mi_each_token(const memindex *m, mi_token_fn fn, void *ud)
{
    uint32_t *order = malloc((m->n_toks ? m->n_toks : 1) * sizeof *order);
    if (!order)
        return false;
    for (size_t k = 0; k < m->n_toks; k++)
        order[k] = (uint32_t)k;
    qsort_r(order, m->n_toks, sizeof *order, by_token, (void *)m);
    bool ok = true;
    for (size_t k = 0; ok && k < m->n_toks; k++) {
        const tok *t = &m->toks[order[k]];
        const char *s = m->arena + t->str;
        char country[3] = {s[0], s[1], '\0'};
        for (uint32_t p = t->head; ok && p; p = m->posts[p].next)
            ok = fn(ud, country, s + 2, m->posts[p].id);
    }
    free(order);
    return ok;
}
