/* The in-memory de-duplication index of a bulk import (see memindex.h).
 *
 * Strings live in one arena and are referred to by offset (0 is no string). Each factory has
 * its country and two lists of string nodes, names and addresses, in the order added. The
 * look-ups are open-addressing tables of (32-bit hash, value); a hit is confirmed against the
 * strings before it is believed. Pointers returned into the arena are valid until the next
 * addition.
 *
 * Everything is linear in what is added: a factory known under hundreds of spellings (a
 * registry that merged many uploads) costs in proportion to its names plus its addresses,
 * not their product. Whether a factory has a name (or an address) is one table look-up, and
 * the exact look-up with an address walks the shorter of the two lists of factories having
 * the name key and having the address key, instead of a table of every (name, address)
 * pair of every factory. */
#include "memindex.h"

#include <stdlib.h>
#include <string.h>

typedef struct node {
    uint32_t off, next;         /* the string; the next node (0: none) */
    uint32_t id;                /* the factory it is a name or address of */
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
    uint32_t head, tail;        /* its ids: a list of postings (for a blocking word:
                                   the first ones ascending, unique) */
    uint32_t count;             /* postings in the list */
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
    table os_ids, handles, pairs, tokens;
    table id_names, id_addrs;     /* (id, key) -> its node: has this factory this key? */
    table name_lists, addr_lists; /* (country, key) -> a tok: the factories having it */
    tok *toks;                    /* the blocking words */
    size_t n_toks, cap_toks;
    tok *lists; /* the name and address keys' lists of factories */
    size_t n_lists, cap_lists;
    posting *posts;
    size_t n_posts, cap_posts;
    size_t ordered;              /* how many of a word's first ids are asked for */
    uint8_t *fts;                /* factories whose search row is to be written, a bit each */
    size_t cap_fts;
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

/* a factory's id (4 bytes), then a string */
static uint32_t hash_id(int64_t id, const char *a)
{
    uint32_t v = (uint32_t)id;
    uint64_t h = fnv(0xcbf29ce484222325u, (const char *)&v, sizeof v);
    return finish(fnv(h, a, strlen(a)));
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

/* Append a string node of factory id to a list; its index, 0 on failure. */
static uint32_t list_add(memindex *m, uint32_t *head, uint32_t *tail, int64_t id, const char *s)
{
    uint32_t off = str_add(m, s, strlen(s));
    if (!off)
        return 0;
    if (m->n_nodes == 0)
        m->n_nodes = 1; /* node 0 is "none" */
    if (m->n_nodes >= UINT32_MAX ||
        !grow((void **)&m->nodes, &m->cap_nodes, m->n_nodes + 1, sizeof *m->nodes))
        return 0;
    uint32_t k = (uint32_t)m->n_nodes++;
    m->nodes[k] = (node){off, 0, (uint32_t)id};
    if (*tail)
        m->nodes[*tail].next = k;
    else
        *head = k;
    *tail = k;
    return k;
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

/* a node of (id, text): the key's id is in .name as a pointer-sized integer's place */
typedef struct id_key {
    int64_t id;
    const char *text;
} id_key;

static bool is_node(const memindex *m, uint32_t v, const void *ctx)
{
    const id_key *k = ctx;
    return m->nodes[v].id == (uint32_t)k->id && strcmp(m->arena + m->nodes[v].off, k->text) == 0;
}

static bool has_key(const memindex *m, const table *t, int64_t id, const char *text)
{
    id_key k = {id, text};
    return t_find(m, t, hash_id(id, text), is_node, &k) != NULL;
}

static bool is_pair(const memindex *m, uint32_t v, const void *ctx)
{
    const key *k = ctx;
    const fac *f = fac_of(m, v);
    return f && memcmp(f->country, k->country, 2) == 0 && has_key(m, &m->id_names, v, k->name);
}

static bool key_is(const memindex *m, uint32_t off, const key *k)
{
    const char *s = str(m, off);
    return memcmp(s, k->country, 2) == 0 && strcmp(s + 2, k->text) == 0;
}

static bool is_token(const memindex *m, uint32_t v, const void *ctx)
{
    return key_is(m, m->toks[v].str, ctx);
}

static bool is_list(const memindex *m, uint32_t v, const void *ctx)
{
    return key_is(m, m->lists[v].str, ctx);
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
    free(m->lists);
    free(m->posts);
    free(m->os_ids.s);
    free(m->handles.s);
    free(m->pairs.s);
    free(m->tokens.s);
    free(m->id_names.s);
    free(m->id_addrs.s);
    free(m->name_lists.s);
    free(m->addr_lists.s);
    free(m->fts);
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

/* The list record of (country, text) in table t, made when new (in the blocking words'
 * records for the tokens table, else in the lists'); NULL when out of memory. */
static tok *keyed_list(memindex *m, table *t, const char *country, const char *text)
{
    bool words = t == &m->tokens;
    tok **recs = words ? &m->toks : &m->lists;
    size_t *n = words ? &m->n_toks : &m->n_lists, *cap = words ? &m->cap_toks : &m->cap_lists;
    key k = {.country = country, .text = text};
    uint32_t h = hash_cs(country, text, NULL);
    slot *s = t_find(m, t, h, words ? is_token : is_list, &k);
    if (!s) {
        size_t tl = strlen(text);
        char *buf = malloc(tl + 3);
        if (!buf)
            return NULL;
        memcpy(buf, country, 2);
        memcpy(buf + 2, text, tl + 1);
        uint32_t off = str_add(m, buf, tl + 2);
        free(buf);
        if (!off || *n >= UINT32_MAX || !grow((void **)recs, cap, *n + 1, sizeof **recs) ||
            !t_put(t, h, (uint32_t)*n))
            return NULL;
        (*recs)[*n] = (tok){.str = off};
        return &(*recs)[(*n)++];
    }
    return &(*recs)[s->v];
}

/* A posting of id appended to a list. */
static bool post(memindex *m, tok *t, int64_t id)
{
    if (m->n_posts == 0)
        m->n_posts = 1; /* posting 0 is "none" */
    if (m->n_posts >= UINT32_MAX ||
        !grow((void **)&m->posts, &m->cap_posts, m->n_posts + 1, sizeof *m->posts))
        return false;
    uint32_t p = (uint32_t)m->n_posts++;
    m->posts[p] = (posting){(uint32_t)id, 0};
    if (t->tail)
        m->posts[t->tail].next = p;
    else
        t->head = p;
    t->tail = p;
    t->count++;
    return true;
}

bool mi_add_name(memindex *m, int64_t id, const char *name_key)
{
    fac *f = fac_of(m, id);
    if (!f)
        return false;
    char country[3] = {f->country[0], f->country[1], '\0'};
    uint32_t n = list_add(m, &f->names, &f->names_tail, id, name_key);
    if (!n || !t_put(&m->id_names, hash_id(id, name_key), n))
        return false;
    key k = {.country = country, .name = name_key};
    if (!keep_min(m, &m->pairs, hash_cs(country, name_key, NULL), is_pair, &k, id))
        return false;
    /* (the tables do not add strings: arena pointers hold while they are updated) */
    tok *t = keyed_list(m, &m->name_lists, country, name_key);
    return t && post(m, t, id);
}

bool mi_add_address(memindex *m, int64_t id, const char *address_key)
{
    fac *f = fac_of(m, id);
    if (!f)
        return false;
    char country[3] = {f->country[0], f->country[1], '\0'};
    uint32_t n = list_add(m, &f->addrs, &f->addrs_tail, id, address_key);
    if (!n || !t_put(&m->id_addrs, hash_id(id, address_key), n))
        return false;
    tok *t = keyed_list(m, &m->addr_lists, country, address_key);
    return t && post(m, t, id);
}

bool mi_add_token(memindex *m, const char *country, const char *token, int64_t id)
{
    tok *t = keyed_list(m, &m->tokens, country, token);
    if (!t)
        return false;
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
    t->count++;
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

static const tok *find_list(const memindex *m, const table *t, const char *country,
                            const char *text)
{
    key k = {.country = country, .text = text};
    const slot *s = t_find(m, t, hash_cs(country, text, NULL), is_list, &k);
    return s ? &m->lists[s->v] : NULL;
}

int64_t mi_find_exact(const memindex *m, const char *country, const char *name_key,
                      const char *address_key)
{
    if (!address_key || !*address_key) {
        key k = {.country = country, .name = name_key};
        const slot *s = t_find(m, &m->pairs, hash_cs(country, name_key, NULL), is_pair, &k);
        return s ? s->v : 0;
    }
    /* the smallest id having both: walk the shorter list, ask the other side's table */
    const tok *names = find_list(m, &m->name_lists, country, name_key);
    const tok *addrs = find_list(m, &m->addr_lists, country, address_key);
    if (!names || !addrs)
        return 0;
    bool by_name = names->count <= addrs->count;
    const table *other = by_name ? &m->id_addrs : &m->id_names;
    const char *other_key = by_name ? address_key : name_key;
    uint32_t best = 0;
    for (uint32_t p = (by_name ? names : addrs)->head; p; p = m->posts[p].next) {
        uint32_t id = m->posts[p].id;
        if ((!best || id < best) && has_key(m, other, id, other_key))
            best = id;
    }
    return best;
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

bool mi_fts_later(memindex *m, int64_t id)
{
    if (id <= 0)
        return false;
    if (!grow_z((void **)&m->fts, &m->cap_fts, (size_t)id / 8 + 1, 1, true))
        return false;
    m->fts[id / 8] |= (uint8_t)(1u << (id % 8));
    return true;
}

bool mi_each_fts(const memindex *m, bool (*fn)(void *ud, int64_t id), void *ud)
{
    for (size_t k = 0; k < m->cap_fts; k++)
        for (int b = 0; m->fts[k] && b < 8; b++)
            if (m->fts[k] >> b & 1)
                if (!fn(ud, (int64_t)(k * 8 + (size_t)b)))
                    return false;
    return true;
}

size_t mi_memory(const memindex *m)
{
    const table *t[] = {&m->os_ids,   &m->handles,  &m->pairs,      &m->tokens,
                        &m->id_names, &m->id_addrs, &m->name_lists, &m->addr_lists};
    size_t n = sizeof *m + m->cap + m->cap_nodes * sizeof *m->nodes +
               m->cap_facs * sizeof *m->facs + m->cap_toks * sizeof *m->toks +
               m->cap_lists * sizeof *m->lists + m->cap_posts * sizeof *m->posts + m->cap_fts;
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
        n += t[k]->cap * sizeof *t[k]->s;
    return n;
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
