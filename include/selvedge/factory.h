/* A factory's profile: who it is, where, what it makes, for whom, at what minimums, prices
 * and lead times. Numbers are structured (registries keep them as free text; selvedge parses
 * them). Money is US dollar cents; unknown numbers are SV_UNSET. Strings and arrays live in
 * the pool of whoever loaded the factory. */
#ifndef SELVEDGE_FACTORY_H
#define SELVEDGE_FACTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "selvedge/cert.h"
#include "selvedge/err.h"
#include "selvedge/money.h"
#include "selvedge/program.h"

/* Facility types of the Open Supply Hub taxonomy, as bits. */
typedef enum {
    SV_FACILITY_RAW_MATERIAL = 1u << 0,   /* raw material processing */
    SV_FACILITY_TEXTILE = 1u << 1,        /* textile or material production */
    SV_FACILITY_DYEING = 1u << 2,         /* printing, dyeing, laundering */
    SV_FACILITY_ASSEMBLY = 1u << 3,       /* final product assembly */
    SV_FACILITY_WAREHOUSE = 1u << 4,      /* warehousing */
    SV_FACILITY_OFFICE = 1u << 5          /* office */
} sv_facility_type;

enum { SV_FACILITY__COUNT = 6 };

typedef struct sv_factory {
    int64_t id;                 /* in the store; 0 before it is stored */
    const char *handle;         /* stable slug from a capability file, or NULL */
    const char *name;
    const char **other_names;
    size_t n_other_names;
    const char *address;        /* NULL when unknown */
    const char **other_addresses;
    size_t n_other_addresses;
    char country[3];            /* ISO 3166 alpha-2 */
    bool has_coords;
    double lat, lng;            /* degrees; coordinates are not money, a double is right */
    const char *os_id;          /* Open Supply Hub id, or NULL */
    uint32_t facility_types;    /* sv_facility_type bits */
    const char *processing_types; /* free words joined by '|', or NULL */
    uint32_t categories;        /* bit per sv_category */
    uint32_t constructions;     /* bit per sv_construction */
    uint32_t tiers;             /* bit per sv_tier */
    int64_t moq_style, moq_color, moq_order; /* units, SV_UNSET when unknown */
    sv_minor price_low[SV_CAT__COUNT], price_high[SV_CAT__COUNT]; /* USD cents, SV_UNSET */
    int64_t sampling_days, production_days;  /* SV_UNSET when unknown */
    int64_t monthly_capacity;   /* units a month */
    sv_minor sample_fee;        /* USD cents per development sample */
    int64_t deposit_bp;         /* deposit asked, basis points */
    uint32_t certifications;    /* bit per sv_cert */
    const char *other_certifications; /* names claimed but not recognised as an sv_cert,
                                         joined by '|', as written; NULL when none */
    int closed;                 /* 1 the facility has closed (Open Supply Hub's is_closed),
                                   0 open, -1 the source does not say (a new factory is open;
                                   a known one keeps its status). A closed factory is kept
                                   for its history, never matched */
    int new_brands;             /* 1 takes new brands, 0 does not, -1 unknown */
    int64_t workers_min, workers_max;
    const char *languages;      /* ISO 639-1 codes joined by '|', or NULL */
    const char *source;         /* where the profile came from (file name) */
} sv_factory;

/* A factory with every number unknown and every set empty. */
void sv_factory_init(sv_factory *f);

const char *sv_facility_name(sv_facility_type t);
/* "final product assembly", "Printing, Dyeing, and Laundering"... -> bit, 0 if unknown. */
uint32_t sv_facility_parse(const char *text);

/* The sets of a profile as names. Each takes a bit index k of the matching field (bit k set
 * means that member) and returns the member's static name: sv_factory_category_name for
 * `categories` (k is an sv_category), _construction_name for `constructions`, _tier_name for
 * `tiers`, _cert_name for `certifications`, _facility_name for `facility_types` (k is the bit
 * position of an sv_facility_type, 0..SV_FACILITY__COUNT-1). An out-of-range k names no member
 * (the wrapped *_name's fallback, "unset" or "unknown"). */
const char *sv_factory_category_name(int k);
const char *sv_factory_construction_name(int k);
const char *sv_factory_tier_name(int k);
const char *sv_factory_cert_name(int k);
const char *sv_factory_facility_name(int k);

/* The names of the set bits among the low `count` of `bits`, lowest first, joined by ", ",
 * into buf of n bytes: "t-shirt, hoodie", or "" when none is set. A text longer than buf is
 * cut short, always NUL-terminated (nothing is written when n is 0). Returns buf. */
char *sv_factory_bits_text(uint32_t bits, int count, const char *(*name)(int k), char *buf,
                           size_t n);

/* The name or address cleaned for matching, as the Open Supply Hub does: transliterated to
 * ASCII where possible, punctuation dropped, spaces collapsed, lower case. Returns a new
 * malloc'd string (free it), or NULL when out of memory. */
char *sv_clean_key(const char *text);

/* Similarity of two cleaned keys in [0, 1000] (token-set overlap weighted with a character
 * bigram score), for de-duplication. */
int sv_similarity(const char *a_clean, const char *b_clean);

/* A cleaned key taken apart once (its distinct words and sorted character bigrams), for
 * comparing one key with many: sv_similarity_keys(a, b) == sv_similarity(a->s, b->s). The
 * key keeps pointing into the string it was made from. */
enum { SV_SIM_MAX = 256, SV_SIM_WORDS = 64 };
typedef struct sv_sim_key {
    const char *s;
    size_t n;
    size_t n_words;
    struct {
        const char *s;
        size_t len;
    } words[SV_SIM_WORDS];
    size_t n_grams;
    uint16_t grams[SV_SIM_MAX + 1];
} sv_sim_key;
void sv_sim_key_init(sv_sim_key *k, const char *clean);
int sv_similarity_keys(const sv_sim_key *a, const sv_sim_key *b);

/* One key against many, faster still: the key's bigrams counted in a table, so the other
 * side needs no sorting. Zero the struct once (calloc), then init for each new key;
 * sv_similarity_query(q, b) == sv_similarity(q->k.s, b). */
typedef struct sv_sim_query {
    sv_sim_key k;
    uint16_t count[1 << 16];
} sv_sim_query;
void sv_sim_query_init(sv_sim_query *q, const char *clean);
int sv_similarity_query(sv_sim_query *q, const char *b_clean);

#endif
