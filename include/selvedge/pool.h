/* sv_pool: a memory pool whose allocations are all freed at once (h2o style).
 * A loaded program owns one pool; everything it points to lives there. */
#ifndef SELVEDGE_POOL_H
#define SELVEDGE_POOL_H

#include <stddef.h>

typedef struct sv_pool sv_pool;

/* Returns a new empty pool, or NULL when out of memory. Free with sv_pool_free. */
sv_pool *sv_pool_create(void);
void sv_pool_free(sv_pool *p);

/* Zeroed memory that lives as long as the pool; NULL when out of memory. */
void *sv_pool_alloc(sv_pool *p, size_t n);
/* Copy of s (or of its first n bytes) inside the pool; NULL when out of memory. */
char *sv_pool_strdup(sv_pool *p, const char *s);
char *sv_pool_strndup(sv_pool *p, const char *s, size_t n);

/* Arrays that grow to megabytes (a bulk load's index, the keys a reader remembers). Grown
 * with realloc in the heap, each size such an array passes through can stay behind as a hole
 * (glibc's malloc serves blocks of up to 32 MB from the heap once blocks that large have been
 * freed): 50 MB more resident for a million-row import. A block of SV_BLOCK_BIG bytes or more
 * is mapped from the system instead, grown by remapping (nothing copied, where the system
 * has mremap) and given back when freed; smaller ones stay with malloc, where the sanitizers
 * watch them. */
enum { SV_BLOCK_BIG = 1 << 20 };

/* p (NULL, or a block of old bytes from here) resized to size bytes, its contents kept up to
 * the smaller size; NULL when out of memory (p is then left as it was). */
void *sv_block_resize(void *p, size_t old, size_t size);
/* A block of size bytes from sv_block_resize (or NULL) given back. */
void sv_block_free(void *p, size_t size);

#endif
