/* Certifications: the ones selvedge knows (sv_cert, a bit each in a factory's profile) and
 * the many ways registries and people write them, read from names, lists and free text. */
#ifndef SELVEDGE_CERT_H
#define SELVEDGE_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "selvedge/err.h"

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

const char *sv_cert_name(sv_cert c);
/* The ways people write each certification are reference data: data/certifications.tsv,
 * built in (not overridable: the registry keeps certifications as bits, so a name must read
 * the same at every import). Case, spaces, hyphens, dots, accents, marks and width (ＧＯＴＳ,
 * a full-width comma) do not matter; a
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
/* The same for the len bytes at text (no NUL needed). */
uint32_t sv_cert_parse_all_n(const char *text, size_t len);
/* Every certification named anywhere in text, whatever else it says, as bits of sv_cert: for
 * free text ("We are GOTS certified since 2015"). Spellings that mean something else inside
 * longer text ("STeP", "Standard 100", a bare "OEKO-TEX") count only when the text is nothing
 * but certification names. */
uint32_t sv_cert_find(const char *text);
/* The same for the len bytes at text (no NUL needed). */
uint32_t sv_cert_find_n(const char *text, size_t len);
/* Whether text, an entry of free text that names a certification, says it is not held: a
 * negation ("no GOTS", "not GOTS", "non-GOTS", "GOTS: no"), an application or work under way
 * ("applying for", "applied for", "working towards", "awaiting", "planning", "pending", "in
 * progress", "in process", "under process", "to be certified"), or an end ("expired",
 * "suspended", "withdrawn", "revoked"). "Formerly" is not one ("amfori BSCI (formerly
 * BSCI)"). "No." or "No:" before a number, and "no"
 * before digits, are a number ("Certificate No. CU123456"), not a negation. len bytes at text
 * (no NUL needed). */
bool sv_cert_negated_n(const char *text, size_t len);
/* Checks a certifications.tsv (data, len bytes) as the built-in one is read; with data NULL,
 * says whether the built-in table loaded. SV_OK, or e names the line and column. */
sv_code sv_cert_data_check(const char *data, size_t len, sv_err *e);

#endif
