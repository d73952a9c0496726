/* Countries: ISO 3166-1 alpha-2 codes, with alpha-3 codes and names for normalising
 * what people and registries write ("Viet Nam", "VNM", "vietnam", "Türkiye"). */
#ifndef SELVEDGE_COUNTRY_H
#define SELVEDGE_COUNTRY_H

typedef struct sv_country {
    char alpha2[3];         /* "VN" */
    char alpha3[4];         /* "VNM" */
    const char *name;       /* "Viet Nam" (ISO short name) */
    const char *common;     /* common name where it differs ("Vietnam"), else NULL */
} sv_country;

/* The country with this exact alpha-2 code (case-insensitive), or NULL.
 * Returns a pointer into a static table: never free it. */
const sv_country *sv_country_by_alpha2(const char *code);

/* Normalise anything a person or a registry writes for a country: alpha-2, alpha-3, the ISO
 * name, the official or common name, in any case, with or without accents and punctuation,
 * and well-known variants ("USA", "UK", "Turkey", "Türkiye", "South Korea", "Hong Kong SAR").
 * Returns NULL when nothing matches. */
const sv_country *sv_country_find(const char *text);

/* Number of countries in the table and access by index, for listings and tests. */
int sv_country_count(void);
const sv_country *sv_country_at(int i);

/* True for the destination code "EU" (the European Union customs territory), which the
 * program file accepts beside alpha-2 codes. */
int sv_destination_is_eu(const char *code);

#endif
