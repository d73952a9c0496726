/* Factory profiles: the empty profile, the names of facility types with the many ways
 * registries write them (the whole text, squashed (squash.h), against the alias table below),
 * and a profile's sets as names. Certifications are cert.c's. */
#include "selvedge/factory.h"

#include <stdio.h>
#include <string.h>

#include "squash.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Longest text compared; facility type names are far shorter, and a longer text is not one
 * of them. */
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
    if (!text || sq_text(text, buf, sizeof buf) <= 0)
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
