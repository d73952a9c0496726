#include "selvedge/pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Blocks are chained; big requests get a block of their own so small ones keep packing. */
enum { BLOCK = 16384 };

struct block {
    struct block *next;
    size_t used, cap;
    max_align_t data[];
};

struct sv_pool {
    struct block *head;
};

sv_pool *sv_pool_create(void)
{
    return calloc(1, sizeof(sv_pool));
}

void sv_pool_free(sv_pool *p)
{
    if (!p)
        return;
    struct block *b = p->head;
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
    free(p);
}

void *sv_pool_alloc(sv_pool *p, size_t n)
{
    const size_t align = sizeof(max_align_t);
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX - align)
        return NULL;
    n = (n + align - 1) / align * align;
    struct block *b = p->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > BLOCK ? n : BLOCK;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        b->used = 0;
        if (n > BLOCK && p->head) {
            /* keep the current block at the head: it still has room for small requests */
            b->next = p->head->next;
            p->head->next = b;
        } else {
            b->next = p->head;
            p->head = b;
        }
    }
    void *out = (char *)b->data + b->used;
    b->used += n;
    memset(out, 0, n);
    return out;
}

char *sv_pool_strndup(sv_pool *p, const char *s, size_t n)
{
    char *d = sv_pool_alloc(p, n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *sv_pool_strdup(sv_pool *p, const char *s)
{
    return s ? sv_pool_strndup(p, s, strlen(s)) : NULL;
}

void *sv_block_resize(void *p, size_t old, size_t size)
{
    if (size < SV_BLOCK_BIG && old < SV_BLOCK_BIG)
        return realloc(p, size ? size : 1);
#ifdef MREMAP_MAYMOVE
    if (size >= SV_BLOCK_BIG && old >= SV_BLOCK_BIG) {
        void *q = mremap(p, old, size, MREMAP_MAYMOVE);
        return q == MAP_FAILED ? NULL : q;
    }
#endif
    /* across the boundary (or without mremap): a new block, the contents copied */
    void *q;
    if (size >= SV_BLOCK_BIG) {
        q = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (q == MAP_FAILED)
            return NULL;
    } else if (!(q = malloc(size ? size : 1))) {
        return NULL;
    }
    if (p)
        memcpy(q, p, old < size ? old : size);
    sv_block_free(p, old);
    return q;
}

void sv_block_free(void *p, size_t size)
{
    if (p && size >= SV_BLOCK_BIG)
        munmap(p, size);
    else
        free(p);
}
