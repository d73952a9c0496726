/* The in-memory de-duplication index of a bulk import (see memindex.h).
 *
 * Strings live in one arena and are referred to by offset (0 is no string). The look-ups are
 * open-addressing tables of 32-bit values with a byte of each key's hash beside them (up to
 * seven eighths full: five bytes a slot, the hashes computed again from the keys when a
 * table grows); a hit is confirmed against the strings before it is believed. Pointers
 * returned into the arena are valid until the next addition.
 *
 * A name or an address of a factory is one node, on two lists at once: the factory's names
 * (or addresses), in the order added, and the factories having that key in the country, the
 * smallest id first. Each key is stored once, in the first node's string, and a key table
 * leads from (country, key) to its first node; the nodes of one key share its string, so
 * within a country two nodes have the same key exactly when they have the same offset.
 * Whether a factory has a key is then a walk of its few names (or addresses), and for a
 * factory with more than FEW of them a look-up of (factory, string offset) in one more
 * table that holds only such factories' nodes.
 *
 * Everything is linear in what is added: a factory known under hundreds of spellings (a
 * registry that merged many uploads) costs in proportion to its names plus its addresses,
 * not their product, and the exact look-up with an address walks the shorter of the two
 * lists of factories having the name key and having the address key, each step one
 * membership test of at most FEW nodes or one table look-up. The common factory (one name,
 * one address, each its own) costs its two strings, two nodes and two key table slots. */
#include "memindex.h"

#include <stdlib.h>
#include <string.h>

#include "selvedge/pool.h"

/* A factory with more names (or addresses) than this has them in the membership table. */
enum { FEW = 8 };

typedef struct node {
    uint32_t str;    /* its key (shared by every node of the key in the country) */
    uint32_t id;     /* the factory it is a name or address of */
    uint32_t next_f; /* the factory's next one, in the order added; the last leads back to the
                        first */
    uint32_t next_k; /* the next factory with this key (0: none); the first has the smallest id */
} node;

typedef struct fac {
    char country[2];
    uint8_t n_names, n_addrs; /* how many, counted up to FEW + 1 */
    uint32_t names, addrs;    /* the last node of each list (0: none) */
    uint32_t os_id, handle;   /* strings */
} fac;

typedef struct table {
    uint32_t *v;  /* cap values: an id, a node or a token record's index */
    uint8_t *tag; /* beside each (after the values, in one allocation): 0 empty, else 0x80 and
                     seven bits of the key's hash */
    size_t cap, n;
    uint32_t (*hash_of)(const memindex *m, uint32_t v); /* the hash of a value's key */
} table;

typedef struct tok {
    uint32_t str;        /* "CC" then the token, NUL-terminated */
    uint32_t head, tail; /* its ids: a list of postings, the first ones ascending,
                            unique */
} tok;

typedef struct posting {
    uint32_t id, next; /* next: 0 none (posting 0 is unused) */
} posting;

struct memindex {
    char *arena;
    size_t len, cap;
    node *nodes; /* node 0 is "none" */
    size_t n_nodes, cap_nodes;
    fac *facs; /* by id, below n_facs (the room past it untouched) */
    size_t n_facs, cap_facs;
    table os_ids, handles, tokens;
    table names, addrs; /* (country, key) -> its first node */
    table many;         /* (factory, key's string) -> its node, for factories with
                           more than FEW names or addresses */
    tok *toks;          /* the blocking words */
    size_t n_toks, cap_toks;
    posting *posts;
    size_t n_posts, cap_posts;
    size_t ordered; /* how many of a word's first ids are asked for */
    uint8_t *fts;   /* factories whose search row is to be written, a bit each */
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

/* 32 bits are plenty: every hit is confirmed against the keys anyway */
static uint32_t finish(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    h ^= h >> 31;
    return (uint32_t)(h >> 32) ^ (uint32_t)h;
}

static uint32_t hash1(const char *a)
{
    return finish(fnv(0xcbf29ce484222325u, a, strlen(a)));
}

/* a factory and a string's offset */
static uint32_t hash_member(uint32_t id, uint32_t str)
{
    return finish((uint64_t)id << 32 | str);
}

/* country (2 bytes), a separator, then the string */
static uint32_t hash_cs(const char *country, const char *a)
{
    uint64_t h = fnv(0xcbf29ce484222325u, country, 2);
    h = fnv(h, "\x1f", 1);
    return finish(fnv(h, a, strlen(a)));
}

/* ---- storage ---- */

/* Room for need items, growing by half: the index is the largest thing a bulk load holds, in
 * blocks that do not leave holes in the heap as they grow (sv_block_resize). New room is
 * zeroed only when asked (touching it would make it resident at once). */
static bool grow_z(void **p, size_t *cap, size_t need, size_t size, bool zero)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c += c / 2;
    void *q = sv_block_resize(*p, *cap * size, c * size);
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
    return id > 0 && (size_t)id < m->n_facs && m->facs[id].country[0] ? &m->facs[id] : NULL;
}

/* ---- tables ---- */

typedef bool (*confirm_fn)(const memindex *m, uint32_t v, const void *ctx);

/* the slot a hash starts from, and the tag it leaves there (from other bits of it) */
static size_t home(const table *t, uint32_t h)
{
    return h & (t->cap - 1);
}

static uint8_t tag_of(uint32_t h)
{
    return (uint8_t)(0x80 | h >> 25);
}

/* The value of a key, confirmed by ok; NULL when none. */
static uint32_t *t_find(const memindex *m, const table *t, uint32_t h, confirm_fn ok,
                        const void *ctx)
{
    if (!t->cap)
        return NULL;
    uint8_t tag = tag_of(h);
    for (size_t i = home(t, h); t->tag[i]; i = (i + 1) & (t->cap - 1))
        if (t->tag[i] == tag && ok(m, t->v[i], ctx))
            return &t->v[i];
    return NULL;
}

static void t_place(table *t, uint32_t h, uint32_t v)
{
    size_t i = home(t, h);
    while (t->tag[i])
        i = (i + 1) & (t->cap - 1);
    t->tag[i] = tag_of(h);
    t->v[i] = v;
}

/* A new key's value; false: out of memory. */
static bool t_put(const memindex *m, table *t, uint32_t h, uint32_t v)
{
    if ((t->n + 1) * 8 > t->cap * 7) { /* at most seven eighths full */
        table g = *t;
        g.cap = t->cap ? t->cap * 2 : 1024;
        if (!(g.v = sv_block_resize(NULL, 0, g.cap * (sizeof *g.v + 1))))
            return false;
        g.tag = (uint8_t *)(g.v + g.cap);
        memset(g.tag, 0, g.cap);
        for (size_t k = 0; k < t->cap; k++)
            if (t->tag[k])
                t_place(&g, t->hash_of(m, t->v[k]), t->v[k]);
        sv_block_free(t->v, t->cap * (sizeof *t->v + 1));
        *t = g;
    }
    t_place(t, h, v);
    t->n++;
    return true;
}

/* confirmations: what the slot's value must be for the key looked up */
typedef struct key {
    const char *country, *text;
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

/* the first node of a key in a country: its factory is in the country, its string the key */
static bool is_key(const memindex *m, uint32_t v, const void *ctx)
{
    const key *k = ctx;
    const node *n = &m->nodes[v];
    return memcmp(m->facs[n->id].country, k->country, 2) == 0 &&
           strcmp(m->arena + n->str, k->text) == 0;
}

/* a node of a factory with many names or addresses: (factory, string offset) */
typedef struct member {
    uint32_t id, str;
} member;

static bool is_member(const memindex *m, uint32_t v, const void *ctx)
{
    const member *k = ctx;
    return m->nodes[v].id == k->id && m->nodes[v].str == k->str;
}

static bool is_token(const memindex *m, uint32_t v, const void *ctx)
{
    const key *k = ctx;
    const char *s = m->arena + m->toks[v].str;
    return memcmp(s, k->country, 2) == 0 && strcmp(s + 2, k->text) == 0;
}

/* the hashes of the values' keys, for a table that grows */
static uint32_t os_id_hash(const memindex *m, uint32_t v)
{
    return hash1(m->arena + m->facs[v].os_id);
}

static uint32_t handle_hash(const memindex *m, uint32_t v)
{
    return hash1(m->arena + m->facs[v].handle);
}

static uint32_t key_hash(const memindex *m, uint32_t v)
{
    return hash_cs(m->facs[m->nodes[v].id].country, m->arena + m->nodes[v].str);
}

static uint32_t member_hash(const memindex *m, uint32_t v)
{
    return hash_member(m->nodes[v].id, m->nodes[v].str);
}

static uint32_t token_hash(const memindex *m, uint32_t v)
{
    const char *s = m->arena + m->toks[v].str;
    return hash_cs(s, s + 2);
}

/* ---- names and addresses ---- */

/* The first node of (country, text) in a key table, 0 when none. */
static uint32_t first_node(const memindex *m, const table *t, const char *country, const char *text)
{
    key k = {country, text};
    const uint32_t *v = t_find(m, t, hash_cs(country, text), is_key, &k);
    return v ? *v : 0;
}

/* Whether the factory whose list ends at last (n nodes, counted up to FEW + 1) has the key
 * whose string is at str. */
static bool has_str(const memindex *m, uint32_t id, uint32_t last, unsigned n, uint32_t str)
{
    if (!last)
        return false;
    if (n > FEW) {
        member k = {id, str};
        return t_find(m, &m->many, hash_member(id, str), is_member, &k) != NULL;
    }
    uint32_t p = last;
    do {
        p = m->nodes[p].next_f;
        if (m->nodes[p].str == str)
            return true;
    } while (p != last);
    return false;
}

static bool many_put(memindex *m, uint32_t k)
{
    return t_put(m, &m->many, member_hash(m, k), k);
}

/* A new key of factory id: a node on the key's list in keys (its string made when the key is
 * new) and at the end of the factory's list (*last, *n). false: out of memory. */
static bool add_node(memindex *m, table *keys, uint32_t id, const char *country, const char *text,
                     uint32_t *last, uint8_t *n)
{
    if (m->n_nodes == 0)
        m->n_nodes = 1; /* node 0 is "none" */
    if (m->n_nodes >= UINT32_MAX ||
        !grow((void **)&m->nodes, &m->cap_nodes, m->n_nodes + 1, sizeof *m->nodes))
        return false;
    uint32_t k = (uint32_t)m->n_nodes;
    node *nd = &m->nodes[k];
    *nd = (node){.id = id};
    key kk = {country, text};
    uint32_t h = hash_cs(country, text);
    uint32_t *v = t_find(m, keys, h, is_key, &kk);
    if (v) {
        /* the key's string is shared; its smallest id stays first */
        node *first = &m->nodes[*v];
        nd->str = first->str;
        if (id < first->id) {
            nd->next_k = *v;
            *v = k;
        } else {
            nd->next_k = first->next_k;
            first->next_k = k;
        }
    } else if (!(nd->str = str_add(m, text, strlen(text))) || !t_put(m, keys, h, k)) {
        return false;
    }
    m->n_nodes++;
    /* the factory's list is a ring: its last node leads back to the first */
    if (*last) {
        nd->next_f = m->nodes[*last].next_f;
        m->nodes[*last].next_f = k;
    } else {
        nd->next_f = k;
    }
    *last = k;
    /* past FEW, the factory's keys are found through the membership table: all of them
     * when it gets there, each new one after */
    if (*n < FEW + 1 && ++*n == FEW + 1) {
        uint32_t p = k;
        do {
            p = m->nodes[p].next_f;
            if (!many_put(m, p))
                return false;
        } while (p != k);
        return true;
    }
    return *n <= FEW || many_put(m, k);
}

/* ---- the interface ---- */

memindex *mi_new(size_t ordered)
{
    memindex *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->ordered = ordered;
    m->os_ids.hash_of = os_id_hash;
    m->handles.hash_of = handle_hash;
    m->tokens.hash_of = token_hash;
    m->names.hash_of = m->addrs.hash_of = key_hash;
    m->many.hash_of = member_hash;
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
    sv_block_free(m->toks, m->cap_toks * sizeof *m->toks);
    sv_block_free(m->posts, m->cap_posts * sizeof *m->posts);
    table *t[] = {&m->os_ids, &m->handles, &m->tokens, &m->names, &m->addrs, &m->many};
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
        sv_block_free(t[k]->v, t[k]->cap * (sizeof *t[k]->v + 1));
    sv_block_free(m->fts, m->cap_fts);
    sv_block_free(m->facs, m->cap_facs * sizeof *m->facs);
    sv_block_free(m->nodes, m->cap_nodes * sizeof *m->nodes);
    sv_block_free(m->arena, m->cap);
    free(m);
}

bool mi_factory(memindex *m, int64_t id, const char *country)
{
    if (id <= 0 || id >= UINT32_MAX || !country || !country[0] || !country[1])
        return false;
    if (!grow((void **)&m->facs, &m->cap_facs, (size_t)id + 1, sizeof *m->facs))
        return false;
    /* no factory in the ids skipped, if any */
    if ((size_t)id >= m->n_facs) {
        memset(&m->facs[m->n_facs], 0, ((size_t)id + 1 - m->n_facs) * sizeof *m->facs);
        m->n_facs = (size_t)id + 1;
    }
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
           t_put(m, &m->os_ids, hash1(os_id), (uint32_t)id);
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
           t_put(m, &m->handles, hash1(handle), (uint32_t)id);
}

bool mi_add_name(memindex *m, int64_t id, const char *name_key)
{
    fac *f = fac_of(m, id);
    if (!f)
        return false;
    char country[2] = {f->country[0], f->country[1]};
    return add_node(m, &m->names, (uint32_t)id, country, name_key, &f->names, &f->n_names);
}

bool mi_add_address(memindex *m, int64_t id, const char *address_key)
{
    fac *f = fac_of(m, id);
    if (!f)
        return false;
    char country[2] = {f->country[0], f->country[1]};
    return add_node(m, &m->addrs, (uint32_t)id, country, address_key, &f->addrs, &f->n_addrs);
}

/* The record of a blocking word, made when new; NULL when out of memory. */
static tok *token_of(memindex *m, const char *country, const char *text)
{
    key k = {.country = country, .text = text};
    uint32_t h = hash_cs(country, text);
    uint32_t *v = t_find(m, &m->tokens, h, is_token, &k);
    if (v)
        return &m->toks[*v];
    size_t tl = strlen(text);
    if (m->len + tl + 3 > UINT32_MAX || !grow((void **)&m->arena, &m->cap, m->len + tl + 3, 1))
        return NULL;
    /* "CC" then the token */
    uint32_t off = (uint32_t)m->len;
    memcpy(m->arena + off, country, 2);
    memcpy(m->arena + off + 2, text, tl + 1);
    m->len += tl + 3;
    if (m->n_toks >= UINT32_MAX ||
        !grow((void **)&m->toks, &m->cap_toks, m->n_toks + 1, sizeof *m->toks) ||
        !t_put(m, &m->tokens, h, (uint32_t)m->n_toks))
        return NULL;
    m->toks[m->n_toks] = (tok){.str = off};
    return &m->toks[m->n_toks++];
}

bool mi_add_token(memindex *m, const char *country, const char *token, int64_t id)
{
    tok *t = token_of(m, country, token);
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
    return true;
}

int64_t mi_find_os_id(const memindex *m, const char *os_id)
{
    key k = {.text = os_id};
    const uint32_t *v = t_find(m, &m->os_ids, hash1(os_id), is_os_id, &k);
    return v ? *v : 0;
}

int64_t mi_find_handle(const memindex *m, const char *handle)
{
    key k = {.text = handle};
    const uint32_t *v = t_find(m, &m->handles, hash1(handle), is_handle, &k);
    return v ? *v : 0;
}

int64_t mi_find_exact(const memindex *m, const char *country, const char *name_key,
                      const char *address_key)
{
    uint32_t name = first_node(m, &m->names, country, name_key);
    if (!name)
        return 0;
    if (!address_key || !*address_key)
        return m->nodes[name].id; /* the smallest id having the name */
    uint32_t addr = first_node(m, &m->addrs, country, address_key);
    if (!addr)
        return 0;
    /* the shorter of the two lists of factories, found by walking both together */
    uint32_t a = name, b = addr;
    while (a && b) {
        a = m->nodes[a].next_k;
        b = m->nodes[b].next_k;
    }
    bool by_name = !a;
    uint32_t other = m->nodes[by_name ? addr : name].str;
    /* the smallest id of it that has the other key */
    uint32_t best = 0;
    for (uint32_t p = by_name ? name : addr; p; p = m->nodes[p].next_k) {
        uint32_t id = m->nodes[p].id;
        if (best && id > best)
            continue;
        const fac *f = &m->facs[id];
        if (by_name ? has_str(m, id, f->addrs, f->n_addrs, other)
                    : has_str(m, id, f->names, f->n_names, other))
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
    const uint32_t *v = t_find(m, &m->tokens, hash_cs(country, token), is_token, &k);
    size_t n = 0;
    for (uint32_t p = v ? m->toks[*v].head : 0; p && n < max; p = m->posts[p].next)
        ids[n++] = m->posts[p].id;
    return n;
}

const char *mi_name_key(const memindex *m, int64_t id, size_t k)
{
    const fac *f = fac_of(m, id);
    if (!f || !f->names)
        return NULL;
    uint32_t p = m->nodes[f->names].next_f; /* the first */
    for (; k > 0; k--) {
        if (p == f->names)
            return NULL; /* past the last */
        p = m->nodes[p].next_f;
    }
    return m->arena + m->nodes[p].str;
}

const char *mi_first_address(const memindex *m, int64_t id)
{
    const fac *f = fac_of(m, id);
    return f && f->addrs ? m->arena + m->nodes[m->nodes[f->addrs].next_f].str : NULL;
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
    const table *t[] = {&m->os_ids, &m->handles, &m->tokens, &m->names, &m->addrs, &m->many};
    size_t n = sizeof *m + m->cap + m->cap_nodes * sizeof *m->nodes +
               m->cap_facs * sizeof *m->facs + m->cap_toks * sizeof *m->toks +
               m->cap_posts * sizeof *m->posts + m->cap_fts;
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
        n += t[k]->cap * (sizeof *t[k]->v + 1);
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
