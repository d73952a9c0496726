/* A factory's profile: who it is, where, what it makes, for whom, at what minimums, prices
 * and lead times. Numbers are structured (registries keep them as free text; selvedge parses
 * them). Money is US dollar cents; unknown numbers are SV_UNSET. Strings and arrays live in
 * the pool of whoever loaded the factory. */
#ifndef SELVEDGE_FACTORY_H
#define SELVEDGE_FACTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "selvedge/err.h"
#include "selvedge/money.h"
#include "selvedge/program.h"

/* Certifications seen on the Open Supply Hub and asked for by brands (DOMAIN.md). */
typedef enum {
    SV_CERT_GOTS,
    SV_CERT_OEKO_TEX_100,
    SV_CERT_OEKO_TEX_STEP,
    SV_CERT_OEKO_TEX_MIG,
    SV_CERT_BLUESIGN,
    SV_CERT_BCI,
    SV_CERT_GRS,
    SV_CERT_RCS,
    SV_CERT_RWS,
    SV_CERT_RDS,
    SV_CERT_LWG,
    SV_CERT_ISO_9001,
    SV_CERT_ISO_14001,
    SV_CERT_SA8000,
    SV_CERT_WRAP,
    SV_CERT_AMFORI_BSCI,
    SV_CERT_FAIR_TRADE,
    SV_CERT_SEDEX_SMETA,
    SV_CERT__COUNT
} sv_cert;

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

const char *sv_cert_name(sv_cert c);
/* The ways people write each certification are reference data: data/certifications.tsv,
 * built in (not overridable: the registry keeps certifications as bits, so a name must read
 * the same at every import). Case, spaces, hyphens, dots, accents and marks do not matter; a
 * version ("GOTS 7.0", "ISO 9001:2015"), a product class ("class I") and words such as
 * "certified" or "standard" around the name are read too. */

/* The one certification text names and nothing else ("Oeko-Tex Standard 100", "oekotex
 * 100", "amfori BSCI", "BSCI", "Sedex/SMETA"); -1 when it names none, several, or also
 * something else. */
int sv_cert_parse(const char *text);
/* The certifications text names and nothing else ("GOTS & OEKO-TEX 100", "ISO 9001/14001"),
 * as bits of sv_cert; 0 when a word of it is not part of a certification's name, a version or
 * a word such as "certified". For one entry of a list of certifications. */
uint32_t sv_cert_parse_all(const char *text);
/* Every certification named anywhere in text, whatever else it says, as bits of sv_cert: for
 * free text ("We are GOTS certified since 2015"). Spellings that mean something else inside
 * longer text ("STeP", "Standard 100", a bare "OEKO-TEX") count only when the text is nothing
 * but certification names. */
uint32_t sv_cert_find(const char *text);
/* The same for the len bytes at text (no NUL needed). */
uint32_t sv_cert_find_n(const char *text, size_t len);
/* Checks a certifications.tsv (data, len bytes) as the built-in one is read; with data NULL,
 * says whether the built-in table loaded. SV_OK, or e names the line and column. */
sv_code sv_cert_data_check(const char *data, size_t len, sv_err *e);

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
