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

#endif
