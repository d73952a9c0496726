/* The sourcing program: a brand and the styles it wants made, as read from one YAML file.
 *
 * Plain structs. Every string and array lives in the program's pool and dies with
 * sv_program_free. Money is in minor units of brand.currency; percentages in basis points;
 * metres in millimetres (fixed point, scale 3). Optional numbers use -1 for "not given". */
#ifndef SELVEDGE_PROGRAM_H
#define SELVEDGE_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "selvedge/err.h"
#include "selvedge/money.h"
#include "selvedge/pool.h"

#define SV_UNSET (-1)

typedef enum { SV_TIER_UNSET = -1, SV_TIER_VALUE, SV_TIER_MID, SV_TIER_PREMIUM, SV_TIER_LUXURY,
               SV_TIER__COUNT } sv_tier;

typedef enum { SV_CHANNEL_DTC, SV_CHANNEL_WHOLESALE, SV_CHANNEL_MARKETPLACE,
               SV_CHANNEL__COUNT } sv_channel;

typedef enum { SV_FUNDING_UNSET = -1, SV_FUNDING_SELF, SV_FUNDING_FRIENDS_FAMILY, SV_FUNDING_ANGEL,
               SV_FUNDING_SEED, SV_FUNDING_VENTURE, SV_FUNDING_PROFITABLE,
               SV_FUNDING__COUNT } sv_funding;

typedef enum { SV_STAFF_UNSET = -1, SV_STAFF_IN_HOUSE, SV_STAFF_FREELANCER, SV_STAFF_NONE,
               SV_STAFF__COUNT } sv_staffing;

typedef enum { SV_BALANCE_UNSET = -1, SV_BALANCE_BEFORE_SHIPMENT, SV_BALANCE_ON_DELIVERY,
               SV_BALANCE_NET30, SV_BALANCE_NET60, SV_BALANCE_NET90,
               SV_BALANCE__COUNT } sv_balance;

/* kids: children's wear, girls' or boys' not said; girls, boys, baby (babies' garments, to
 * about 24 months) are children's wear too (sv_gender_is_child). New values go at the end. */
/* How the brand pays (brand.payment_terms.method): a deposit and the balance as `balance` says
 * (the form without a method); a letter of credit at sight or at `days` (usance); documents
 * against payment (D/P, cash against documents) or against acceptance of a draft at `days`
 * (D/A); open account, paid `days` after the goods are shipped or delivered. */
typedef enum { SV_PAY_UNSET = -1, SV_PAY_DEPOSIT_BALANCE, SV_PAY_LC_SIGHT, SV_PAY_LC_USANCE,
               SV_PAY_DP, SV_PAY_DA, SV_PAY_OPEN_ACCOUNT, SV_PAY__COUNT } sv_payment_method;

typedef enum { SV_GENDER_UNSET = -1, SV_GENDER_MEN, SV_GENDER_WOMEN, SV_GENDER_KIDS,
               SV_GENDER_UNISEX, SV_GENDER_GIRLS, SV_GENDER_BOYS, SV_GENDER_BABY,
               SV_GENDER__COUNT } sv_gender;

typedef enum { SV_CONSTR_UNSET = -1, SV_CONSTR_KNIT, SV_CONSTR_WOVEN, SV_CONSTR_SWEATER_KNIT,
               SV_CONSTR_DENIM, SV_CONSTR_LEATHER, SV_CONSTR_OTHER,
               SV_CONSTR__COUNT } sv_construction;

/* Categories, numbered for good: a factory's categories are stored as bits of these numbers,
 * so new ones go at the end. */
typedef enum {
    SV_CAT_UNSET = -1,
    SV_CAT_TSHIRT, SV_CAT_POLO, SV_CAT_SHIRT_WOVEN, SV_CAT_SWEATSHIRT, SV_CAT_HOODIE,
    SV_CAT_JOGGERS, SV_CAT_LEGGINGS, SV_CAT_SPORTS_BRA, SV_CAT_SHORTS, SV_CAT_DRESS,
    SV_CAT_SKIRT, SV_CAT_TROUSERS, SV_CAT_JEANS, SV_CAT_JACKET_CASUAL, SV_CAT_OUTERWEAR_TECHNICAL,
    SV_CAT_PUFFER, SV_CAT_KNITWEAR, SV_CAT_SWIMWEAR, SV_CAT_UNDERWEAR, SV_CAT_SOCKS,
    SV_CAT_HEADWEAR, SV_CAT_BAG, SV_CAT_SLEEPWEAR, SV_CAT_BABYWEAR, SV_CAT_JACKET_TAILORED,
    SV_CAT_DRESS_KNIT,
    SV_CAT__COUNT
} sv_category;

/* The dominant fibre of a composition, which sets duty rates in some markets. */
typedef enum { SV_FIBER_OTHER, SV_FIBER_COTTON, SV_FIBER_SYNTHETIC, SV_FIBER_WOOL,
               SV_FIBER__COUNT } sv_fiber;

/* Incoterms 2020: where the seller's costs and risks end. A price is FOB unless said. */
typedef enum { SV_INCOTERM_UNSET = -1, SV_INCOTERM_EXW, SV_INCOTERM_FCA, SV_INCOTERM_FAS,
               SV_INCOTERM_FOB, SV_INCOTERM_CFR, SV_INCOTERM_CIF, SV_INCOTERM_CPT,
               SV_INCOTERM_CIP, SV_INCOTERM_DAP, SV_INCOTERM_DPU, SV_INCOTERM_DDP,
               SV_INCOTERM__COUNT } sv_incoterm;

/* A price as the file gives it: an amount in its own currency, on an incoterm. */
typedef struct sv_price {
    sv_minor amount;             /* minor units of currency; SV_UNSET when not given */
    const sv_currency *currency; /* NULL when not given */
    sv_incoterm incoterm;        /* SV_INCOTERM_UNSET where it does not apply */
    int line;                    /* where it is in the file; 0 when not from a file */
} sv_price;

typedef struct sv_date {
    int year, month, day;
} sv_date;

/* Stages of the time-and-action calendar whose durations come from lead_times.tsv and can
 * be overridden in the program's timeline: block. All are calendar days, except
 * SV_STAGE_OUTPUT_PER_DAY (units one line sews a day). */
typedef enum {
    SV_STAGE_TECH_PACK_FINAL,
    SV_STAGE_QUOTATION,
    SV_STAGE_LAB_DIP,
    SV_STAGE_LAB_DIP_REVIEW,
    SV_STAGE_PROTO,
    SV_STAGE_SAMPLE_REVIEW,
    SV_STAGE_FIT_SAMPLE,
    SV_STAGE_SIZE_SET,
    SV_STAGE_PP_SAMPLE,
    SV_STAGE_FABRIC_BOOKING,
    SV_STAGE_FABRIC_STOCK,
    SV_STAGE_FABRIC_CUSTOM,
    SV_STAGE_PRODUCTION_SETUP,
    SV_STAGE_OUTPUT_PER_DAY,
    SV_STAGE_FINAL_QC,
    SV_STAGE_CUSTOMS,
    SV_STAGE_WAREHOUSE,
    SV_STAGE__COUNT
} sv_stage;

typedef enum { SV_FABRIC_UNSET = -1, SV_FABRIC_CUSTOM, SV_FABRIC_STOCK,
               SV_FABRIC__COUNT } sv_fabric_source;

/* How a fabric is bought: by the metre (woven, most knits from a converter) or by the
 * kilogram (knit fabric from a knitter, yarn). */
typedef enum { SV_UNIT_UNSET = -1, SV_UNIT_M, SV_UNIT_KG, SV_UNIT__COUNT } sv_fabric_unit;

/* A fabric named once in the file (fabrics:) and used by several styles (fabric: <id>). The
 * washes of one denim are washes of one fabric. */
typedef struct sv_fabric {
    const char *id;               /* as written, unique without case */
    const char *name, *description; /* NULL when not given */
    sv_construction construction; /* knit, woven, denim...; SV_CONSTR_UNSET */
    const char *composition;      /* NULL when not given */
    int64_t weight_gsm;           /* SV_UNSET when not given */
    int64_t width_cm;             /* cuttable width; SV_UNSET when not given */
    sv_fabric_unit unit;          /* how it is bought; SV_UNIT_UNSET when not said */
    sv_price price;               /* per metre or per kilogram (unit), in its own currency;
                                   * amount SV_UNSET when not given */
    char mill_origin[3];          /* where the mill is, alpha-2; "" when not said */
    bool knitted_to_shape;        /* socks, seamless: no fabric is cut, no fabric minimum */
    bool no_minimum;              /* no fabric minimum to meet (stock, or knitted to shape) */
    sv_fabric_source source;      /* dyed to order or a stock shade; SV_FABRIC_UNSET */
    const char **washes;          /* the washes it is finished in (denim), as written */
    size_t n_washes;
    uint32_t certifications;      /* product labels its mill holds for it (bits of sv_cert:
                                   * OEKO-TEX 100 met by the material); 0 when not said */
    int line;
} sv_fabric;

/* What a brand knows of its own timeline: the program's timeline: block, or a style's. */
typedef struct sv_timeline {
    bool present;
    sv_fabric_source fabric;    /* bulk fabric custom dyed or from stock */
    int64_t fit_rounds;         /* SV_UNSET: the category's */
    int64_t lab_dip_rounds;     /* SV_UNSET: params.tsv */
    int64_t days[SV_STAGE__COUNT]; /* SV_UNSET where not given; [OUTPUT_PER_DAY] in units */
} sv_timeline;

/* Units of one size of a colour: given, or worked out from a size ratio. */
typedef struct sv_size_qty {
    const char *size;           /* as the style's sizes spell it */
    int64_t units;
    int64_t ratio;              /* its share of the ratio; SV_UNSET when units were given */
} sv_size_qty;

/* A colourway: a colour, in a wash and with a print when the style has them. */
typedef struct sv_color {
    const char *name;
    const char *wash, *print;   /* NULL when not said */
    int64_t units;              /* given, or the sum of its sizes */
    sv_size_qty *sizes;         /* the breakdown by size, in the order written; NULL, 0 when
                                 * not given */
    size_t n_sizes;
    bool by_ratio;              /* the breakdown is a size ratio of units */
    int line;
} sv_color;

typedef struct sv_techpack {
    bool present; /* the style has a tech_pack block at all */
    bool sketch, bom, measurements, grading, construction, labels, packaging;
} sv_techpack;

/* What a brand pays beside the factory's price: a sourcing agent's commission on FOB, lab
 * testing, development. SV_UNSET where not given. */
typedef struct sv_extra_costs {
    int64_t agent_commission_bp;    /* of the FOB price */
    sv_minor testing_per_unit;
    sv_minor testing_per_style;
    sv_minor development_per_style; /* patterns, development samples, fit work on a style */
} sv_extra_costs;

/* The brand's own cost sheet for one unit. A style holds it twice: as given (cost_given, its
 * amounts in `currency`), and in the brand's currency for the engines (cost). */
typedef struct sv_costsheet {
    bool present;
    const sv_currency *currency; /* of the amounts below */
    sv_incoterm incoterm;        /* the basis the sheet prices to: FOB unless said */
    bool bulk;                   /* basis: bulk, the prices are a bulk figure; else (basis:
                                  * order, the default) the price at the planned quantity */
    bool price_from_fabric;      /* price_per_m is the style's fabric's (SV_UNSET in cost_given
                                  * when that is in another currency than the sheet) */
    int line;                    /* where the sheet starts in the file */
    bool by_kg;              /* yarn bought by weight (knitwear): the two fields are kg */
    int64_t consumption_mm;  /* fabric metres (or yarn kg) x 1000 per unit */
    sv_minor price_per_m;    /* per metre (or per kg) */
    int64_t wastage_bp;
    sv_minor trims, cmt, wash_print, packaging;
    int64_t overhead_bp, margin_bp;
    sv_extra_costs extra;        /* the sheet's commission, testing and development */
} sv_costsheet;

/* One delivery of several: a date, and the units delivered then (given, or the share of the
 * units rounded whole: the units of a list add up to the units delivered). */
typedef struct sv_delivery {
    sv_date date;
    int64_t units;
    int64_t share_bp;           /* given, or the units' share, rounded */
    bool by_share;              /* the file gave the share */
    int line;
} sv_delivery;

typedef struct sv_style {
    const char *code, *name;
    sv_category category;
    sv_tier tier;               /* SV_TIER_UNSET: the brand's positioning applies */
    sv_gender gender;
    sv_construction construction;
    const char *composition;    /* NULL when not given; the fabric's when it names one */
    int64_t weight_gsm;         /* SV_UNSET when not given; the fabric's when it names one */
    const sv_fabric *fabric;    /* the program's fabric it is cut from (fabric: <id>); NULL */
    sv_minor retail_price;      /* SV_UNSET when not given */
    sv_minor wholesale_price;   /* SV_UNSET when not given */
    sv_minor target_fob;        /* the FOB target in the brand's currency: SV_UNSET when not
                                 * given, or given on another incoterm (target holds it) */
    sv_price target;            /* the target as given: target_fob, or target_price with its
                                 * incoterm, in its own currency */
    const char **sizes;         /* given, or the sizes its colours name, first named first */
    size_t n_sizes;
    sv_size_qty *size_ratio;    /* the style's size ratio for colours without their own */
    size_t n_size_ratio;
    const char **washes;        /* the washes it is offered in (its fabric's when it names
                                 * none and the fabric does) */
    size_t n_washes;
    sv_color *colors;
    size_t n_colors;
    sv_techpack tech_pack;
    sv_costsheet cost;          /* in the brand's currency (sv_program_fx fills it when the
                                 * sheet is in another: until then not present) */
    sv_costsheet cost_given;    /* as the file gives it, in its own currency */
    sv_timeline timeline;       /* the style's own overrides */
    sv_delivery *deliveries;    /* the style's own deliveries; NULL, 0 when it has none */
    size_t n_deliveries;
    char origin[3];             /* where this style is made, alpha-2; "" when not said */
    const char *factory;        /* the factory making it (registry id, handle or OS ID, as
                                 * written); NULL when not said */
    int line;                   /* where the style starts in the file */
} sv_style;

typedef struct sv_season_plan {
    const char *season;
    int64_t units;
} sv_season_plan;

typedef struct sv_brand {
    const char *name;
    sv_tier positioning;        /* SV_TIER_UNSET when not given */
    bool channels[SV_CHANNEL__COUNT];
    size_t n_channels;
    const sv_currency *currency;
    sv_funding funding;
    sv_staffing tech_design;
    int64_t production_experience_years; /* SV_UNSET when not given */
    sv_minor sampling_budget;   /* SV_UNSET when not given */
    bool has_payment_terms;
    int64_t deposit_bp;         /* SV_UNSET when not given */
    sv_balance balance;
    sv_payment_method payment_method; /* SV_PAY_DEPOSIT_BALANCE when only deposit_pct or
                                       * balance are given; SV_PAY_UNSET when nothing is */
    int64_t payment_days;       /* usance, acceptance or open-account days; SV_UNSET */
    sv_season_plan *growth;
    size_t n_growth;
    char location[3];           /* where the brand is, alpha-2; "" when not said */
    struct {
        const char *name, *email, *phone; /* who a factory answers (brand.contact); NULL */
    } contact;
} sv_brand;

/* A certification the program requires, as a group: a factory meets it when it holds any one
 * certification of `any` ("GOTS or OEKO-TEX 100" is one group of two). Every group of a
 * program applies: an entry of certifications_required makes one group, or several when it
 * joins names with "and", "&", "+" or commas ("GOTS and BSCI" is two), and a name that is
 * several certifications ("ISO 9001/14001") one each. A group naming a certification selvedge
 * does not know ("Higg FEM", "GOTS or Higg FEM") cannot be ruled out on: `unknown` holds those
 * names, and only a factory holding one of `any` is known to meet it. */
typedef struct sv_cert_group {
    const char *text;    /* as it reads, names canonical: "GOTS or OEKO-TEX 100", "Higg FEM" */
    uint32_t any;        /* bits of sv_cert: the alternatives selvedge knows */
    const char *unknown; /* the alternatives it does not know, as written, '|'-joined; or NULL */
} sv_cert_group;

/* The groups one entry of a program's certifications_required makes: "or" between names (or
 * "and/or", and commas in a list with "or") makes a choice, one group; without "or", "and",
 * "&", "+" and commas make a group each, and so does each certification of a name that is
 * several; a '/' is part of a name ("Sedex/SMETA" one, "ISO 9001/14001" both). At most cap
 * groups into out, their text in pool; SV_CERT_GROUPS_MAX is always enough. Returns how many,
 * or -1 with why (why_len bytes) saying what does not read: "or" and "and" mixed in one entry
 * (write two entries), a choice of a name that is several certifications, a side of "or"
 * naming nothing, or no memory. */
enum { SV_CERT_GROUPS_MAX = 64 };
int sv_cert_groups_parse(const char *entry, sv_pool *pool, sv_cert_group *out, size_t cap,
                         char *why, size_t why_len);
/* Whether a factory with these certifications (bits of sv_cert) holds one of the group's. */
bool sv_cert_group_met(const sv_cert_group *g, uint32_t certifications);

typedef struct sv_program {
    sv_pool *pool;
    const char *path;           /* the file it came from */
    sv_brand brand;
    const char *name;
    char destination[3];        /* alpha-2 or "EU" */
    sv_date launch_date;        /* the first delivery */
    bool has_launch_date;
    int launch_date_line;       /* where launch_date is in the file; 0 when not from a file */
    char (*origins)[3];         /* preferred origins, alpha-2 */
    size_t n_origins;
    const char **certifications; /* certifications_required, each entry as written */
    size_t n_certifications;
    sv_cert_group *cert_groups; /* what they require (sv_cert_groups_parse), repeats once */
    size_t n_cert_groups;
    sv_style *styles;
    size_t n_styles;
    sv_extra_costs costs;       /* program.costs: for every style, in the brand's currency */
    sv_delivery *deliveries;    /* the program's deliveries, the first on launch_date; NULL,
                                 * 0 when it has none */
    size_t n_deliveries;
    sv_fabric *fabrics;         /* fabrics: the fabrics styles name by id */
    size_t n_fabrics;
    sv_timeline timeline;       /* the program's overrides, for every style */
    bool fx_pending;            /* some amount is in another currency than the brand's: call
                                 * sv_program_fx before the engines */
} sv_program;

void sv_program_free(sv_program *p);

struct sv_refdata;
/* An amount in minor units of `from` in minor units of `to`, with the rates of fx.tsv (US
 * dollars a unit of each), rounded once, half away from zero. The same currency is the same
 * amount. False when fx.tsv has no rate for either currency or the result does not fit. */
bool sv_price_convert(const struct sv_refdata *rd, sv_minor amount, const sv_currency *from,
                      const sv_currency *to, sv_minor *out);
/* Brings into the brand's currency every amount the file gives in another (a style's FOB
 * target, its cost sheet), with sv_price_convert, for the engines that read the brand's
 * currency; the amounts as given stay. A program with none (fx_pending false) is left as it
 * is. SV_ERR_SCHEMA naming the file, line and field when fx.tsv has no rate for a currency. */
sv_code sv_program_fx(sv_program *p, const struct sv_refdata *rd, sv_err *e);

/* Units of one style (all colours) and of the whole program. */
int64_t sv_style_units(const sv_style *s);
int64_t sv_program_units(const sv_program *p);
/* The commission, testing and development of a style, in the brand's currency: its cost
 * sheet's, and the program's for those the sheet leaves out (SV_UNSET where neither says). */
sv_extra_costs sv_style_extra_costs(const sv_program *p, const sv_style *s);
/* The tier that applies to a style: its own, else the brand's, else SV_TIER_UNSET. */
sv_tier sv_style_tier(const sv_program *p, const sv_style *s);
/* Dominant fibre of a composition text ("78% recycled nylon, 22% elastane" -> synthetic). */
sv_fiber sv_fiber_of(const char *composition);

/* Names <-> enums. Each *_name returns a static string; each *_parse returns -1 (the UNSET
 * value) when the text is not a known name. */
const char *sv_tier_name(sv_tier t);
sv_tier sv_tier_parse(const char *s);
const char *sv_channel_name(sv_channel c);
int sv_channel_parse(const char *s);
const char *sv_funding_name(sv_funding f);
sv_funding sv_funding_parse(const char *s);
const char *sv_staffing_name(sv_staffing s);
sv_staffing sv_staffing_parse(const char *s);
const char *sv_balance_name(sv_balance b);
sv_balance sv_balance_parse(const char *s);
const char *sv_payment_method_name(sv_payment_method m);
sv_payment_method sv_payment_method_parse(const char *s);
const char *sv_gender_name(sv_gender g);
sv_gender sv_gender_parse(const char *s);
/* Children's wear: kids, girls, boys or baby. */
bool sv_gender_is_child(sv_gender g);
const char *sv_construction_name(sv_construction c);
sv_construction sv_construction_parse(const char *s);
const char *sv_category_name(sv_category c);
sv_category sv_category_parse(const char *s);
const char *sv_fiber_name(sv_fiber f);
const char *sv_stage_name(sv_stage s);
sv_stage sv_stage_parse(const char *s);
const char *sv_incoterm_name(sv_incoterm t);
sv_incoterm sv_incoterm_parse(const char *s); /* upper case, as named: "FOB" */
const char *sv_fabric_unit_name(sv_fabric_unit u);
const char *sv_fabric_source_name(sv_fabric_source f);
sv_fabric_source sv_fabric_source_parse(const char *s);
/* An empty timeline: nothing overridden. */
void sv_timeline_init(sv_timeline *t);

/* Civil dates, proleptic Gregorian. sv_date_valid says whether a date exists (years 1 to
 * 9999); sv_date_parse reads a strict YYYY-MM-DD of a date that exists. */
bool sv_date_valid(int y, int m, int d);
bool sv_date_parse(const char *s, sv_date *out); /* strict YYYY-MM-DD */

/* The dates selvedge works in: 2001-01-01 to 2099-12-31, both included. A launch date, the
 * day a plan starts from and every day a plan holds must fall inside: wider than any sourcing
 * calendar, every date in it has four digits in every format written (ICS, CSV, the
 * workbook), and it starts on a Monday, so the workbook's weekly columns start inside it too.
 * SV_DAY_FIRST and SV_DAY_LAST are the same two days as days since 1970-01-01. */
#define SV_DATE_FIRST_TEXT "2001-01-01"
#define SV_DATE_LAST_TEXT "2099-12-31"
#define SV_DATE_RANGE_TEXT SV_DATE_FIRST_TEXT " to " SV_DATE_LAST_TEXT
enum { SV_DATE_FIRST_YEAR = 2001, SV_DATE_LAST_YEAR = 2099 };
enum { SV_DAY_FIRST = 11323, SV_DAY_LAST = 47481 };
bool sv_date_supported(sv_date d);
static inline bool sv_day_supported(int64_t day)
{
    return day >= SV_DAY_FIRST && day <= SV_DAY_LAST;
}

int64_t sv_date_to_days(sv_date d);              /* days since 1970-01-01 */
sv_date sv_date_from_days(int64_t days);
char *sv_date_format(sv_date d, char *buf, size_t n);

#endif
