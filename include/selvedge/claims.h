/* The free text of factory claims: what registries such as the Open Supply Hub keep as text
 * and selvedge reads into numbers and sets where it can (docs/factories.md, "Free text").
 *
 * Each reader is best effort: text it cannot read gives nothing (false, 0), never an error.
 * None keeps memory (the certification readers may allocate a copy during the call); all take
 * NUL-terminated UTF-8 and may be called from any thread. */
#ifndef SELVEDGE_CLAIMS_H
#define SELVEDGE_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The numbers in free-text claims: "MOQ 500 pcs per style / 300 per color" -> style 500,
 * colour 300; "1,000 pieces" -> order 1000; "45-60 days" -> 53 (midpoint); "6 weeks" -> 42.
 * Each returns false when no number can be read; the outputs are then SV_UNSET. NULL
 * outputs are allowed. A number outside the range the capability formats give the figure
 * (a minimum 1 to 10,000,000, lead days 1 to 365) is not read: "9,999,999,999 pcs" is
 * nothing. */
bool sv_parse_moq_claim(const char *text, int64_t *per_style, int64_t *per_color,
                        int64_t *per_order);
bool sv_parse_days_claim(const char *text, int64_t *days);

/* A number of workers: "350" -> 350-350, "100-500", "less than 1000" -> max only, "1000+"
 * -> min only; one outside 1 to 10,000,000 is not read. Several contributors' answers joined
 * by '|': the first that reads wins. False when none reads (min and max are then left as they
 * were). */
bool sv_parse_workers_claim(const char *text, int64_t *min, int64_t *max);

/* Categories (bits of sv_category) and constructions (bits of sv_construction) named in
 * product words ("T-shirts, Hoodies, denim jeans"), added to *cats and *constrs. */
void sv_parse_products_claim(const char *text, uint32_t *cats, uint32_t *constrs);

/* The facility types (sv_facility_type bits) a processing type implies: "Sewing" ->
 * final product assembly, "Garment dyeing" -> printing, dyeing and laundering; 0 for none. */
uint32_t sv_parse_processing_claim(const char *item);

/* Certifications named in free text ("BSCI, Oeko-Tex Standard 100 and WRAP; GOTS
 * certified"), as bits of sv_cert. Full-width and half-width forms are read as the characters
 * they are forms of (ＧＯＴＳ is GOTS). The text is cut into entries at , ; | / & + line ends
 * (full-width ones too) and the word "and"; an entry that names no certification selvedge
 * knows, or names one and says it is not held ("GOTS pending", sv_cert_negated_n), and does
 * not say "none" or "N/A", is handed to other (when not NULL) as written (in its usual width):
 * the n bytes at s, trimmed, not NUL-terminated, valid during the call. An entry in any script
 * is kept ("有机认证"); one with no letter or digit in any ("-", "—") says nothing. This one
 * allocates a copy of text when it holds full-width forms. */
typedef void (*sv_claim_other_fn)(void *ud, const char *s, size_t n);
uint32_t sv_parse_certs_claim(const char *text, sv_claim_other_fn other, void *ud);
/* The same for a list of certifications (a cell or an item of the capability formats): cut
 * into entries the same way, an entry counts only when it is nothing but certification names,
 * versions and words such as "certified" (sv_cert_parse_all), so "GOTS (valid until 2027)" is
 * kept as text, not read as held; "GOTS, Higg FEM" holds GOTS and keeps "Higg FEM". */
uint32_t sv_parse_certs_list(const char *text, sv_claim_other_fn other, void *ud);

#endif
