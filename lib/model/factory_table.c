/* The matcher's columnar factory table: allocation (see factory_table.h). */
#include "selvedge/factory_table.h"

#include <stdlib.h>

void sv_factory_table_free(sv_factory_table *t)
{
    if (!t)
        return;
    free(t->id);
    free(t->country);
    free(t->categories);
    free(t->constructions);
    free(t->tiers);
    free(t->certifications);
    free(t->moq_style);
    free(t->moq_color);
    free(t->moq_order);
    free(t->monthly_capacity);
    free(t->sampling_days);
    free(t->production_days);
    free(t->sample_fee);
    free(t->deposit_bp);
    free(t->new_brands);
    free(t->closed);
    free(t->price_at);
    free(t->price_cat);
    free(t->price_lo);
    free(t->price_hi);
    free(t);
}

sv_factory_table *sv_factory_table_new(size_t n, size_t n_prices)
{
    sv_factory_table *t = calloc(1, sizeof *t);
    size_t cap = n ? n : 1, pcap = n_prices ? n_prices : 1;
    if (!t)
        return NULL;
#define ALLOC(field, count) (t->field = calloc((count), sizeof *t->field)) == NULL
    if (ALLOC(id, cap) || ALLOC(country, cap) || ALLOC(categories, cap) ||
        ALLOC(constructions, cap) || ALLOC(tiers, cap) || ALLOC(certifications, cap) ||
        ALLOC(moq_style, cap) || ALLOC(moq_color, cap) || ALLOC(moq_order, cap) ||
        ALLOC(monthly_capacity, cap) || ALLOC(sampling_days, cap) || ALLOC(production_days, cap) ||
        ALLOC(sample_fee, cap) || ALLOC(deposit_bp, cap) || ALLOC(new_brands, cap) ||
        ALLOC(closed, cap) || ALLOC(price_at, cap + 1) || ALLOC(price_cat, pcap) ||
        ALLOC(price_lo, pcap) || ALLOC(price_hi, pcap)) {
        sv_factory_table_free(t);
        return NULL;
    }
#undef ALLOC
    t->n = n;
    return t;
}
