/* Factory profiles: the empty profile, and the names of certifications and facility types with
 * the many ways registries and people write them.
 *
 * Both parsers compare a "squashed" form of the text: ASCII letters and digits only, in lower
 * case, everything else (spaces, hyphens, "®", dots, slashes, accents' base letters kept)
 * removed. "OEKO-TEX® STANDARD 100", "Oeko-Tex Standard 100" and "oekotex 100" all become
 * "oekotexstandard100" or "oekotex100", which the alias tables below list. Squashing loses word
 * boundaries, which is harmless for a whole-text comparison against a closed list. */
#include "selvedge/factory.h"

#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Longest text compared; certification and facility names are far shorter, and a longer
 * text is not one of them. */
enum { SQUASH_MAX = 96 };

void sv_factory_init(sv_factory *f)
{
    memset(f, 0, sizeof *f);
    f->moq_style = f->moq_color = f->moq_order = SV_UNSET;
    for (int i = 0; i < SV_CAT__COUNT; i++)
        f->price_low[i] = f->price_high[i] = SV_UNSET;
    f->sampling_days = f->production_days = SV_UNSET;
    f->monthly_capacity = SV_UNSET;
    f->sample_fee = SV_UNSET;
    f->deposit_bp = SV_UNSET;
    f->new_brands = -1;
    f->closed = -1;
    f->workers_min = f->workers_max = SV_UNSET;
}

/* Lower-case ASCII letters and digits of text into buf; other bytes are dropped, except the
 * two-byte UTF-8 Latin-1 letters with a plain base letter (é -> e), so "Öko" squashes like
 * "Oko". Returns the length, or -1 when the result does not fit. */
static int squash(const char *text, char *buf, size_t cap)
{
    /* U+00C0..U+00FF to a base letter, '.' for none */
    static const char latin1[] = "aaaaaa.ceeeeiiii.nooooo.ouuuuy.."
                                 "aaaaaa.ceeeeiiii.nooooo.ouuuuy.y";
    size_t n = 0;
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        unsigned c = *s;
        char out = 0;
        if (c >= 'A' && c <= 'Z')
            out = (char)(c + ('a' - 'A'));
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out = (char)c;
        else if (c == 0xC3 && s[1] >= 0x80 && s[1] <= 0xBF) {
            char f = latin1[(s[1] - 0x80) & 0x3F];
            s++;
            if (f != '.')
                out = f;
        }
        s++;
        if (!out)
            continue;
        if (n + 1 >= cap)
            return -1;
        buf[n++] = out;
    }
    buf[n] = '\0';
    return (int)n;
}

/* ---- certifications ---------------------------------------------------------------------- */

static const char *const cert_names[SV_CERT__COUNT] = {
    [SV_CERT_GOTS] = "GOTS",
    [SV_CERT_OEKO_TEX_100] = "OEKO-TEX 100",
    [SV_CERT_OEKO_TEX_STEP] = "OEKO-TEX STeP",
    [SV_CERT_OEKO_TEX_MIG] = "OEKO-TEX Made in Green",
    [SV_CERT_BLUESIGN] = "bluesign",
    [SV_CERT_BCI] = "BCI",
    [SV_CERT_GRS] = "GRS",
    [SV_CERT_RCS] = "RCS",
    [SV_CERT_RWS] = "RWS",
    [SV_CERT_RDS] = "RDS",
    [SV_CERT_LWG] = "LWG",
    [SV_CERT_ISO_9001] = "ISO 9001",
    [SV_CERT_ISO_14001] = "ISO 14001",
    [SV_CERT_SA8000] = "SA8000",
    [SV_CERT_WRAP] = "WRAP",
    [SV_CERT_AMFORI_BSCI] = "amfori BSCI",
    [SV_CERT_FAIR_TRADE] = "Fair Trade",
    [SV_CERT_SEDEX_SMETA] = "Sedex/SMETA",
};

/* Squashed spellings. The canonical names squash to entries here too, so every name parses
 * back to itself. A bare "OEKO-TEX" is read as STANDARD 100, the label almost everyone means. */
static const struct {
    const char *squashed;
    sv_cert cert;
} cert_aliases[] = {
    {"gots", SV_CERT_GOTS},
    {"globalorganictextilestandard", SV_CERT_GOTS},
    {"globalorganictextilestandardgots", SV_CERT_GOTS},
    {"oekotex100", SV_CERT_OEKO_TEX_100},
    {"oekotexstandard100", SV_CERT_OEKO_TEX_100},
    {"oekotexstd100", SV_CERT_OEKO_TEX_100},
    {"standard100", SV_CERT_OEKO_TEX_100},
    {"standard100byoekotex", SV_CERT_OEKO_TEX_100},
    {"oekotex", SV_CERT_OEKO_TEX_100},
    {"oeko100", SV_CERT_OEKO_TEX_100},
    {"okotex100", SV_CERT_OEKO_TEX_100},
    {"okotexstandard100", SV_CERT_OEKO_TEX_100},
    {"oekotexstep", SV_CERT_OEKO_TEX_STEP},
    {"step", SV_CERT_OEKO_TEX_STEP},
    {"stepbyoekotex", SV_CERT_OEKO_TEX_STEP},
    {"sustainabletextileproduction", SV_CERT_OEKO_TEX_STEP},
    {"oekotexsustainabletextileproduction", SV_CERT_OEKO_TEX_STEP},
    {"oekotexmadeingreen", SV_CERT_OEKO_TEX_MIG},
    {"madeingreen", SV_CERT_OEKO_TEX_MIG},
    {"madeingreenbyoekotex", SV_CERT_OEKO_TEX_MIG},
    {"bluesign", SV_CERT_BLUESIGN},
    {"bluesignsystempartner", SV_CERT_BLUESIGN},
    {"bluesignapproved", SV_CERT_BLUESIGN},
    {"bci", SV_CERT_BCI},
    {"bettercotton", SV_CERT_BCI},
    {"bettercottoninitiative", SV_CERT_BCI},
    {"bettercottoninitiativebci", SV_CERT_BCI},
    {"grs", SV_CERT_GRS},
    {"globalrecycledstandard", SV_CERT_GRS},
    {"globalrecyclestandard", SV_CERT_GRS},
    {"globalrecycledstandardgrs", SV_CERT_GRS},
    {"rcs", SV_CERT_RCS},
    {"recycledclaimstandard", SV_CERT_RCS},
    {"recycledclaimstandardrcs", SV_CERT_RCS},
    {"rcs100", SV_CERT_RCS},
    {"rcsblended", SV_CERT_RCS},
    {"rws", SV_CERT_RWS},
    {"responsiblewoolstandard", SV_CERT_RWS},
    {"responsiblewoolstandardrws", SV_CERT_RWS},
    {"rds", SV_CERT_RDS},
    {"responsibledownstandard", SV_CERT_RDS},
    {"responsibledownstandardrds", SV_CERT_RDS},
    {"lwg", SV_CERT_LWG},
    {"leatherworkinggroup", SV_CERT_LWG},
    {"leatherworkinggrouplwg", SV_CERT_LWG},
    {"iso9001", SV_CERT_ISO_9001},
    {"iso90012015", SV_CERT_ISO_9001},
    {"iso90012008", SV_CERT_ISO_9001},
    {"iso14001", SV_CERT_ISO_14001},
    {"iso140012015", SV_CERT_ISO_14001},
    {"iso140012004", SV_CERT_ISO_14001},
    {"sa8000", SV_CERT_SA8000},
    {"sa80002014", SV_CERT_SA8000},
    {"socialaccountability8000", SV_CERT_SA8000},
    {"wrap", SV_CERT_WRAP},
    {"worldwideresponsibleaccreditedproduction", SV_CERT_WRAP},
    {"worldwideresponsibleapparelproduction", SV_CERT_WRAP},
    {"bsci", SV_CERT_AMFORI_BSCI},
    {"amforibsci", SV_CERT_AMFORI_BSCI},
    {"amfori", SV_CERT_AMFORI_BSCI},
    {"businesssocialcomplianceinitiative", SV_CERT_AMFORI_BSCI},
    {"fairtrade", SV_CERT_FAIR_TRADE},
    {"fairtradecertified", SV_CERT_FAIR_TRADE},
    {"fairtradeusa", SV_CERT_FAIR_TRADE},
    {"fairtradeinternational", SV_CERT_FAIR_TRADE},
    {"sedex", SV_CERT_SEDEX_SMETA},
    {"smeta", SV_CERT_SEDEX_SMETA},
    {"sedexsmeta", SV_CERT_SEDEX_SMETA},
    {"smetasedex", SV_CERT_SEDEX_SMETA},
    {"smeta2pillar", SV_CERT_SEDEX_SMETA},
    {"smeta4pillar", SV_CERT_SEDEX_SMETA},
    {"sedexmembersethicaltradeaudit", SV_CERT_SEDEX_SMETA},
};

/* Words people put after a certification's name that do not change which one it is. */
static const char *const cert_noise[] = {"certified",  "certification", "certificate",
                                         "certificates", "audit",       "audited",
                                         "compliant",  "member",        "approved"};

const char *sv_cert_name(sv_cert c)
{
    return (c >= 0 && c < SV_CERT__COUNT) ? cert_names[c] : "unknown";
}

static int cert_lookup(const char *squashed)
{
    for (size_t i = 0; i < COUNT(cert_aliases); i++)
        if (strcmp(cert_aliases[i].squashed, squashed) == 0)
            return (int)cert_aliases[i].cert;
    return -1;
}

int sv_cert_parse(const char *text)
{
    char buf[SQUASH_MAX];
    if (!text)
        return -1;
    int n = squash(text, buf, sizeof buf);
    if (n <= 0)
        return -1;
    int c = cert_lookup(buf);
    if (c >= 0)
        return c;
    /* "GOTS certified", "SMETA audit": drop one trailing noise word and try again */
    for (size_t i = 0; i < COUNT(cert_noise); i++) {
        size_t l = strlen(cert_noise[i]);
        if ((size_t)n > l && strcmp(buf + n - l, cert_noise[i]) == 0) {
            buf[n - l] = '\0';
            return cert_lookup(buf);
        }
    }
    return -1;
}

/* ---- facility types ---------------------------------------------------------------------- */

/* The Open Supply Hub's names, bit order. */
static const char *const facility_names[SV_FACILITY__COUNT] = {
    "Raw Material Processing or Production",
    "Textile or Material Production",
    "Printing, Product Dyeing and Laundering",
    "Final Product Assembly",
    "Warehousing / Distribution",
    "Office / HQ",
};

static const struct {
    const char *squashed;
    uint32_t bit;
} facility_aliases[] = {
    {"rawmaterialprocessingorproduction", SV_FACILITY_RAW_MATERIAL},
    {"rawmaterialprocessingandproduction", SV_FACILITY_RAW_MATERIAL},
    {"rawmaterialprocessing", SV_FACILITY_RAW_MATERIAL},
    {"rawmaterialproduction", SV_FACILITY_RAW_MATERIAL},
    {"rawmaterial", SV_FACILITY_RAW_MATERIAL},
    {"rawmaterials", SV_FACILITY_RAW_MATERIAL},
    {"textileormaterialproduction", SV_FACILITY_TEXTILE},
    {"textileandmaterialproduction", SV_FACILITY_TEXTILE},
    {"textileproduction", SV_FACILITY_TEXTILE},
    {"materialproduction", SV_FACILITY_TEXTILE},
    {"textile", SV_FACILITY_TEXTILE},
    {"textilemill", SV_FACILITY_TEXTILE},
    {"fabricmill", SV_FACILITY_TEXTILE},
    {"mill", SV_FACILITY_TEXTILE},
    {"printingproductdyeingandlaundering", SV_FACILITY_DYEING},
    {"printingproductdyeinglaundering", SV_FACILITY_DYEING},
    {"printingdyeingandlaundering", SV_FACILITY_DYEING},
    {"printingdyeinglaundering", SV_FACILITY_DYEING},
    {"printingdyeingandwashing", SV_FACILITY_DYEING},
    {"printinganddyeing", SV_FACILITY_DYEING},
    {"dyeingandprinting", SV_FACILITY_DYEING},
    {"wetprocessing", SV_FACILITY_DYEING},
    {"finalproductassembly", SV_FACILITY_ASSEMBLY},
    {"productassembly", SV_FACILITY_ASSEMBLY},
    {"finalassembly", SV_FACILITY_ASSEMBLY},
    {"assembly", SV_FACILITY_ASSEMBLY},
    {"cutandsew", SV_FACILITY_ASSEMBLY},
    {"cutmaketrim", SV_FACILITY_ASSEMBLY},
    {"cmt", SV_FACILITY_ASSEMBLY},
    {"warehousingdistribution", SV_FACILITY_WAREHOUSE},
    {"warehousinganddistribution", SV_FACILITY_WAREHOUSE},
    {"warehousing", SV_FACILITY_WAREHOUSE},
    {"warehouse", SV_FACILITY_WAREHOUSE},
    {"distribution", SV_FACILITY_WAREHOUSE},
    {"distributioncenter", SV_FACILITY_WAREHOUSE},
    {"distributioncentre", SV_FACILITY_WAREHOUSE},
    {"officehq", SV_FACILITY_OFFICE},
    {"office", SV_FACILITY_OFFICE},
    {"hq", SV_FACILITY_OFFICE},
    {"headquarters", SV_FACILITY_OFFICE},
    {"headoffice", SV_FACILITY_OFFICE},
    {"officeheadquarters", SV_FACILITY_OFFICE},
};

const char *sv_facility_name(sv_facility_type t)
{
    for (int i = 0; i < SV_FACILITY__COUNT; i++)
        if ((uint32_t)t == (1u << i))
            return facility_names[i];
    return "unknown";
}

uint32_t sv_facility_parse(const char *text)
{
    char buf[SQUASH_MAX];
    if (!text || squash(text, buf, sizeof buf) <= 0)
        return 0;
    for (size_t i = 0; i < COUNT(facility_aliases); i++)
        if (strcmp(facility_aliases[i].squashed, buf) == 0)
            return facility_aliases[i].bit;
    return 0;
}

/* ---- a profile's sets as names ----------------------------------------------------------- */

const char *sv_factory_category_name(int k)
{
    return sv_category_name((sv_category)k);
}

const char *sv_factory_construction_name(int k)
{
    return sv_construction_name((sv_construction)k);
}

const char *sv_factory_tier_name(int k)
{
    return sv_tier_name((sv_tier)k);
}

const char *sv_factory_cert_name(int k)
{
    return sv_cert_name((sv_cert)k);
}

const char *sv_factory_facility_name(int k)
{
    /* a bit index outside the 32 bits of the field names no facility type */
    return sv_facility_name((sv_facility_type)(k >= 0 && k < 32 ? 1u << k : 0u));
}

char *sv_factory_bits_text(uint32_t bits, int count, const char *(*name)(int k), char *buf,
                           size_t n)
{
    if (n == 0)
        return buf;
    buf[0] = '\0';
    for (int k = 0; k < count && k < 32; k++)
        if (bits & (1u << k)) {
            size_t len = strlen(buf);
            snprintf(buf + len, n - len, "%s%s", len ? ", " : "", name(k));
        }
    return buf;
}
