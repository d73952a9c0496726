/* The factory registry in compact columns: what the matcher scans. A model type, filled by
 * whoever holds the registry (the store: sv_store_factory_table), read by the engines, which
 * never see the store.
 *
 * Only the fields the matcher's hard constraints and score read, nothing else. Price bands
 * are stored sparsely: the bands of factory i are price_cat/lo/hi[price_at[i] ..
 * price_at[i+1]). Unknown numbers are -1. */
#ifndef SELVEDGE_FACTORY_TABLE_H
#define SELVEDGE_FACTORY_TABLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct sv_factory_table {
    size_t n;
    int64_t *id;
    char (*country)[2];         /* not NUL-terminated */
    uint32_t *categories, *constructions, *tiers, *certifications;
    int32_t *moq_style, *moq_color, *moq_order;
    int32_t *monthly_capacity;
    int16_t *sampling_days, *production_days;
    int32_t *sample_fee;        /* USD cents */
    int16_t *deposit_bp;
    int8_t *new_brands;
    uint8_t *closed;            /* 1: the facility has closed: kept on file, never matched */
    uint32_t *price_at;         /* n + 1 offsets */
    uint8_t *price_cat;
    int32_t *price_lo, *price_hi; /* USD cents */
    size_t n_prices;
} sv_factory_table;

/* A table with room for n factories and n_prices price bands, every column zeroed, t->n set
 * to n and t->n_prices to 0; NULL when out of memory. Free with sv_factory_table_free. */
sv_factory_table *sv_factory_table_new(size_t n, size_t n_prices);
void sv_factory_table_free(sv_factory_table *t);

#endif
