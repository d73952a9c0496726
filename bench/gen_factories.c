/* gen_factories N SEED OUT.csv: N synthetic factory profiles in selvedge's capability CSV
 * format (docs/factories.md), for the benchmark.
 *
 * gen_factories perturb N SEED OUT.csv LIST.csv...: N rows in the Open Supply Hub list format
 * with coordinates and a status (country,name,address,sector,lat,lng,is_closed, as real lists
 * and downloads carry them), each a real row of the given lists (the Open Supply Hub fixtures)
 * with small spelling changes: typos, case, legal forms, punctuation, abbreviations in the
 * address; its coordinates as listed, and a status of its own (1 real row in 25 closed). With the
 * ~1,900 real rows, a 300,000-row file lists each facility ~160 times under many spellings:
 * the near-duplicates a registry of merged uploads holds, and the shape that made the
 * de-duplication quadratic (issue 8). See "Perturbed real rows" below.
 *
 * The distributions aim at what a registry of the world's apparel factories looks like, not
 * at uniform noise, because the matcher's speed depends on how many factories pass its
 * category screen and its hard constraints, and the import's on how names collide:
 *   - countries in proportion to apparel export shares (CN, BD, VN, IN, TR, PK, ID, KH...);
 *   - 1 to 6 categories a factory, drawn mostly from one product family (knit basics,
 *     activewear, woven tops and bottoms, denim, outerwear, knitwear, intimates,
 *     accessories), with the family's constructions;
 *   - tiers by country (value in BD, mid in CN, premium in IT...);
 *   - minimums per colour / style / order lognormal-ish around the ranges of
 *     data/origins.tsv, lead times inside its ranges;
 *   - price bands per category from data/price_bands.tsv at the factory's tier;
 *   - capacity from the head count and the family's output per worker;
 *   - certifications at roughly the frequencies seen on the Open Supply Hub;
 *   - 10-20% not taking new brands; many fields missing, as in real sourcing data;
 *   - names built the way each country names its factories, so that the de-duplication's
 *     blocking words collide as they do in real data (city names, common trade words);
 *   - about 2% of rows re-list an earlier factory (another spelling of its legal form, no
 *     OS ID, no handle), as registries do.
 *
 * Deterministic: the same N and SEED give the same file, byte for byte, on any IEEE-754
 * machine (the PRNG is splitmix64 + xoshiro256**, and exp() is computed here). Row i is
 * generated from its own seed, so a duplicate can re-create the row it copies. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/factory.h"
#include "selvedge/osh_csv.h"
#include "selvedge/program.h"
#include "selvedge/refdata.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- PRNG ---------------------------------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

static void seed_rng(rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

/* [0, 1) with 53 bits */
static double unif(rng *r)
{
    return (double)(next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static int below(rng *r, int n)
{
    return (int)((next(r) >> 33) % (uint64_t)n);
}

static bool chance(rng *r, double p)
{
    return unif(r) < p;
}

static double uniform(rng *r, double lo, double hi)
{
    return lo + (hi - lo) * unif(r);
}

/* Approximately standard normal: Irwin-Hall of 12 uniforms (no libm, so portable). */
static double gauss(rng *r)
{
    double s = 0;
    for (int i = 0; i < 12; i++)
        s += unif(r);
    return s - 6.0;
}

/* exp(x) for |x| < ~20 with plain arithmetic: x = k ln2 + f, Taylor series for f. */
static double xexp(double x)
{
    const double ln2 = 0.6931471805599453;
    int k = (int)(x / ln2 + (x < 0 ? -0.5 : 0.5));
    double f = x - k * ln2, term = 1, sum = 1;
    for (int i = 1; i < 20; i++) {
        term *= f / i;
        sum += term;
    }
    while (k > 0) {
        sum *= 2;
        k--;
    }
    while (k < 0) {
        sum /= 2;
        k++;
    }
    return sum;
}

/* Lognormal-ish around the geometric mean of [lo, hi], sigma such that most draws fall in
 * the range. */
static double lognormal_in(rng *r, double lo, double hi, double sigma)
{
    /* the geometric mean would need log(): the point 42% up the range is close to it for the
     * 1:2 to 1:5 ranges of origins.tsv */
    double centre = lo + (hi - lo) * 0.42;
    return centre * xexp(sigma * gauss(r));
}

static int64_t round_to(double v, int64_t step)
{
    int64_t n = (int64_t)(v / (double)step + 0.5) * step;
    return n < step ? step : n;
}

/* ---- the world ----------------------------------------------------------------------------- */

enum { NS_CN, NS_VN, NS_BD, NS_IN, NS_PK, NS_TR, NS_ID, NS_SEA, NS_EU, NS_LATAM, NS_MENA,
       NS_ANGLO };

/* product families */
enum { F_KNIT, F_ACTIVE, F_WOVEN, F_DENIM, F_OUTER, F_KNITWEAR, F_INTIMATE, F_ACCESS,
       F__COUNT };

typedef struct family {
    const char *name;
    int cats[8];
    int n_cats;
    int constr[2];
    int n_constr;
    double per_worker;  /* units a worker-month */
    const char *processing;
} family;

static const family families[F__COUNT] = {
    [F_KNIT] = {"knit basics",
                {SV_CAT_TSHIRT, SV_CAT_POLO, SV_CAT_SWEATSHIRT, SV_CAT_HOODIE, SV_CAT_JOGGERS,
                 SV_CAT_SHORTS, SV_CAT_DRESS},
                7, {SV_CONSTR_KNIT}, 1, 160, "Cutting|Sewing|Screen printing|Packing"},
    [F_ACTIVE] = {"activewear",
                  {SV_CAT_LEGGINGS, SV_CAT_SPORTS_BRA, SV_CAT_SHORTS, SV_CAT_TSHIRT,
                   SV_CAT_SWIMWEAR, SV_CAT_JOGGERS, SV_CAT_HOODIE},
                  7, {SV_CONSTR_KNIT}, 1, 110, "Circular knitting|Cutting|Flatlock sewing|Bonding"},
    [F_WOVEN] = {"woven",
                 {SV_CAT_SHIRT_WOVEN, SV_CAT_TROUSERS, SV_CAT_DRESS, SV_CAT_SKIRT, SV_CAT_SHORTS,
                  SV_CAT_JACKET_CASUAL},
                 6, {SV_CONSTR_WOVEN}, 1, 80, "Cutting|Sewing|Washing|Ironing|Packing"},
    [F_DENIM] = {"denim",
                 {SV_CAT_JEANS, SV_CAT_JACKET_CASUAL, SV_CAT_SHORTS, SV_CAT_SKIRT,
                  SV_CAT_SHIRT_WOVEN, SV_CAT_TROUSERS},
                 6, {SV_CONSTR_DENIM, SV_CONSTR_WOVEN}, 2, 60, "Cutting|Sewing|Laundry|Finishing"},
    [F_OUTER] = {"outerwear",
                 {SV_CAT_OUTERWEAR_TECHNICAL, SV_CAT_PUFFER, SV_CAT_JACKET_CASUAL,
                  SV_CAT_TROUSERS},
                 4, {SV_CONSTR_WOVEN}, 1, 25, "Cutting|Sewing|Seam taping|Down filling"},
    [F_KNITWEAR] = {"knitwear",
                    {SV_CAT_KNITWEAR, SV_CAT_HEADWEAR, SV_CAT_DRESS, SV_CAT_SOCKS},
                    4, {SV_CONSTR_SWEATER_KNIT}, 1, 45, "Flat knitting|Linking|Washing|Finishing"},
    [F_INTIMATE] = {"intimates",
                    {SV_CAT_UNDERWEAR, SV_CAT_SPORTS_BRA, SV_CAT_SWIMWEAR, SV_CAT_LEGGINGS,
                     SV_CAT_SOCKS},
                    5, {SV_CONSTR_KNIT}, 1, 220, "Seamless knitting|Cutting|Sewing|Packing"},
    [F_ACCESS] = {"accessories",
                  {SV_CAT_BAG, SV_CAT_HEADWEAR, SV_CAT_SOCKS},
                  3, {SV_CONSTR_OTHER, SV_CONSTR_LEATHER}, 2, 200, "Cutting|Sewing|Embroidery"},
};

typedef struct country {
    const char *code;
    int weight;               /* per 10,000 factories: export shares */
    int ns;                   /* naming style */
    const char *lang;
    double lat, lng;
    double tier_w[4];         /* value, mid, premium, luxury */
    double fam_w[F__COUNT];
    double workers;           /* median head count */
    const char *cities[12];
} country;

/* Weights follow world apparel export shares (WTO 2023: CN ~31%, BD ~7%, VN ~6%, TR ~3%,
 * IN ~3%...), with the EU makers as their own countries and the small sourcing countries of
 * data/origins.tsv given a few percent between them. */
static const country countries[] = {
    {"CN", 3000, NS_CN, "zh|en", 30.0, 117.0, {.25, .50, .20, .05},
     {.22, .14, .14, .07, .14, .10, .09, .10}, 300,
     {"Guangzhou", "Dongguan", "Shenzhen", "Ningbo", "Shaoxing", "Hangzhou", "Jinjiang",
      "Xiamen", "Qingdao", "Suzhou", "Humen", "Zhongshan"}},
    {"BD", 1200, NS_BD, "bn|en", 23.8, 90.4, {.55, .38, .07, 0},
     {.45, .08, .17, .17, .05, .04, .04, 0}, 1500,
     {"Dhaka", "Gazipur", "Savar", "Ashulia", "Narayanganj", "Chittagong", "Tongi",
      "Mirpur", NULL}},
    {"VN", 1000, NS_VN, "vi|en", 16.0, 107.0, {.25, .55, .18, .02},
     {.22, .20, .16, .06, .20, .04, .08, .04}, 800,
     {"Binh Duong", "Dong Nai", "Long An", "Ho Chi Minh", "Hai Phong", "Nam Dinh",
      "Bac Ninh", "Da Nang", NULL}},
    {"IN", 800, NS_IN, "hi|en", 20.0, 77.0, {.40, .45, .13, .02},
     {.40, .06, .22, .08, .02, .06, .06, .10}, 400,
     {"Tiruppur", "Bangalore", "Noida", "Gurgaon", "Ludhiana", "Mumbai", "Jaipur",
      "Chennai", "Kolkata", NULL}},
    {"TR", 600, NS_TR, "tr|en", 40.0, 30.0, {.10, .55, .30, .05},
     {.30, .10, .18, .18, .06, .10, .05, .03}, 150,
     {"Istanbul", "Bursa", "Denizli", "Izmir", "Gaziantep", "Usak", "Tekirdag", NULL}},
    {"PK", 400, NS_PK, "ur|en", 31.0, 72.0, {.55, .38, .07, 0},
     {.35, .05, .12, .35, .02, .03, .03, .05}, 900,
     {"Karachi", "Lahore", "Faisalabad", "Sialkot", NULL}},
    {"ID", 350, NS_ID, "id|en", -6.5, 107.0, {.35, .50, .13, .02},
     {.30, .12, .20, .08, .14, .04, .06, .06}, 700,
     {"Bandung", "Semarang", "Bogor", "Tangerang", "Solo", "Bekasi", NULL}},
    {"KH", 350, NS_SEA, "km|en|zh", 11.5, 104.9, {.45, .45, .10, 0},
     {.35, .15, .15, .05, .08, .02, .10, .10}, 900,
     {"Phnom Penh", "Kandal", "Kampong Speu", NULL}},
    {"LK", 150, NS_SEA, "si|en", 7.0, 80.0, {.20, .55, .23, .02},
     {.15, .25, .10, 0, .05, .02, .43, 0}, 900,
     {"Colombo", "Katunayake", "Biyagama", "Koggala", NULL}},
    {"MM", 150, NS_SEA, "my|en|zh", 16.8, 96.2, {.60, .35, .05, 0},
     {.25, .05, .25, .05, .30, .02, .05, .03}, 800,
     {"Yangon", "Hlaing Tharyar", "Shwe Pyi Thar", NULL}},
    {"IT", 300, NS_EU, "it|en", 43.5, 11.5, {0, .15, .45, .40},
     {.12, .06, .22, .08, .10, .30, .04, .08}, 35,
     {"Prato", "Biella", "Carpi", "Treviso", "Napoli", "Como", NULL}},
    {"PT", 250, NS_EU, "pt|en", 41.4, -8.4, {.02, .35, .48, .15},
     {.38, .12, .16, .06, .04, .12, .08, .04}, 80,
     {"Barcelos", "Guimaraes", "Famalicao", "Porto", "Braga", "Santo Tirso", NULL}},
    {"ES", 80, NS_EU, "es|en", 40.0, -3.7, {.05, .40, .40, .15},
     {.20, .08, .35, .08, .05, .12, .06, .06}, 60,
     {"Barcelona", "Valencia", "Alicante", "Galicia", NULL}},
    {"RO", 80, NS_EU, "ro|en", 45.9, 24.9, {.15, .55, .28, .02},
     {.20, .05, .40, .05, .15, .10, .05, 0}, 200, {"Bucharest", "Iasi", "Timisoara", NULL}},
    {"BG", 60, NS_EU, "bg|en", 42.7, 25.3, {.15, .55, .28, .02},
     {.25, .05, .35, .10, .10, .10, .05, 0}, 200, {"Sofia", "Plovdiv", "Blagoevgrad", NULL}},
    {"PL", 60, NS_EU, "pl|en", 52.0, 19.0, {.10, .55, .32, .03},
     {.25, .10, .30, .05, .15, .10, .05, 0}, 120, {"Lodz", "Bialystok", "Poznan", NULL}},
    {"MA", 120, NS_MENA, "fr|ar|en", 33.6, -7.6, {.20, .60, .20, 0},
     {.25, .05, .35, .25, .03, .02, .05, 0}, 300, {"Tangier", "Casablanca", "Fes", NULL}},
    {"TN", 100, NS_MENA, "fr|ar|en", 35.8, 10.6, {.20, .55, .25, 0},
     {.20, .05, .35, .25, .05, .02, .08, 0}, 250, {"Monastir", "Sousse", "Tunis", NULL}},
    {"EG", 120, NS_MENA, "ar|en", 30.0, 31.2, {.40, .50, .10, 0},
     {.50, .05, .15, .20, .02, .02, .06, 0}, 600, {"Cairo", "Alexandria", "10th of Ramadan",
                                                  NULL}},
    {"ET", 40, NS_MENA, "am|en", 9.0, 38.7, {.70, .30, 0, 0},
     {.60, .05, .15, .10, 0, 0, .10, 0}, 1200, {"Hawassa", "Addis Ababa", "Mekelle", NULL}},
    {"JO", 60, NS_MENA, "ar|en", 31.9, 35.9, {.35, .55, .10, 0},
     {.40, .20, .15, .20, 0, 0, .05, 0}, 1000, {"Irbid", "Amman", "Sahab", NULL}},
    {"MX", 200, NS_LATAM, "es|en", 20.0, -99.0, {.35, .50, .15, 0},
     {.30, .08, .20, .32, .03, .02, .05, 0}, 400,
     {"Puebla", "Tehuacan", "Guadalajara", "Leon", "Aguascalientes", NULL}},
    {"GT", 80, NS_LATAM, "es|en", 14.6, -90.5, {.40, .50, .10, 0},
     {.55, .15, .15, .05, 0, 0, .10, 0}, 700, {"Guatemala City", "Villa Nueva", "Mixco", NULL}},
    {"HN", 100, NS_LATAM, "es|en", 15.5, -88.0, {.55, .40, .05, 0},
     {.55, .15, .05, .05, 0, 0, .15, .05}, 1500, {"San Pedro Sula", "Choloma", "Villanueva",
                                                  NULL}},
    {"SV", 70, NS_LATAM, "es|en", 13.7, -89.2, {.50, .45, .05, 0},
     {.55, .20, .05, 0, 0, 0, .15, .05}, 1200, {"San Salvador", "Santa Ana", "Soyapango",
                                                NULL}},
    {"PE", 50, NS_LATAM, "es|en", -12.0, -77.0, {.10, .50, .35, .05},
     {.50, .05, .05, 0, 0, .40, 0, 0}, 150, {"Lima", "Arequipa", NULL}},
    {"CO", 50, NS_LATAM, "es|en", 6.2, -75.6, {.15, .55, .28, .02},
     {.25, .15, .20, .25, 0, .05, .10, 0}, 200, {"Medellin", "Bogota", "Cali", NULL}},
    {"US", 60, NS_ANGLO, "en|es", 34.0, -118.2, {.02, .40, .45, .13},
     {.45, .15, .15, .10, .05, .02, .03, .05}, 40,
     {"Los Angeles", "New York", "Fall River", "Charlotte", NULL}},
    {"GB", 40, NS_ANGLO, "en", 52.6, -1.1, {.02, .30, .50, .18},
     {.25, .05, .20, .05, .10, .30, .05, 0}, 30, {"Leicester", "Manchester", "Hawick", NULL}},
};

/* Names: a coined trade word from the country's syllables (real registries are full of them:
 * Huameixin, Rahimtex, Phong Phu), often with a family name or place-like word from the
 * country's list, a product word or two (the family's: "Denim", "Knitwear", "Garments"), the
 * city for some (most Chinese names start with it), and the legal form. The space is large
 * enough that two different factories of a country rarely get the same cleaned name, while
 * the product words, cities and common words still make big blocks for the de-duplication,
 * as they do in real data. */
static const char *const cn_syl[] = {
    "hua", "mei", "xin", "yi", "tai", "jin", "long", "feng", "sheng", "da", "fu", "hong",
    "kang", "li", "ming", "rui", "tian", "wei", "xing", "yuan", "zhong", "bao", "chang", "de",
    "hai", "heng", "jia", "yu", "an", "bo", "cheng", "guang", "hao", "hui", "jian", "kai",
    "lian", "qi", "shun", "tong", "xiang", "ya", "ying", "yong", "zhi", "chen", "fang", "lan",
    "sen", "run", "teng", "xu", "yang", "zhan", "pin", "nuo", "mao", "lu", "ke", "jun", "ge",
    "dong", "ci", "bin"};
static const char *const vn_syl[] = {
    "Viet", "Tien", "Phong", "Phu", "Thanh", "Cong", "Hoa", "Binh", "Minh", "An", "Long",
    "Thang", "Hung", "Phat", "Nam", "Hai", "Duc", "Tan", "Thai", "Quang", "Hong", "Son", "Ha",
    "Trung", "Lam", "Dong", "Khanh", "Loc", "Phuc", "Vinh", "Huy", "Gia", "Bao", "Kim", "Tuan",
    "Dat", "Nhat", "Thinh", "Hiep", "Toan", "Tam", "Trang", "Uyen", "Xuan", "Yen", "Dung"};
static const char *const south_asia_syl[] = {
    "ra", "him", "ka", "bir", "sha", "hin", "no", "man", "ja", "mal", "ru", "pa", "li", "so",
    "nar", "a", "nan", "ta", "mi", "za", "ber", "tex", "far", "ha", "sa", "ni", "ri", "mo",
    "du", "la", "vi", "kum", "jay", "san", "de", "ga", "pra", "su", "vin", "go", "pal", "ba",
    "ji", "ro", "ya", "dha", "ksh", "tri"};
static const char *const tr_syl[] = {
    "ak", "kar", "de", "niz", "e", "ge", "ya", "yıl", "dız", "ka", "mir", "çe", "lik", "ay",
    "dın", "öz", "tür", "şa", "hin", "koç", "kı", "lıç", "ars", "lan", "do", "ğan", "er", "dem",
    "gü", "neş", "ba", "şak", "nur", "o", "zan", "te", "kin", "po", "lat", "boz", "kurt", "sa"};
static const char *const sea_syl[] = {
    "sok", "chan", "rath", "mo", "ny", "sun", "win", "aung", "myint", "thein", "hla", "pe",
    "re", "ra", "sil", "va", "ban", "da", "lan", "ka", "ja", "ya", "ma", "kar", "ta", "su",
    "sri", "wi", "jaya", "bu", "ana", "in", "do", "ri", "mul", "ta", "ha", "so", "phal", "kong"};
static const char *const latin_syl[] = {
    "ma", "ri", "no", "ros", "si", "bian", "chi", "fer", "ra", "co", "sta", "san", "tos", "li",
    "ve", "ra", "mar", "tin", "gar", "ci", "lo", "pez", "ion", "es", "cu", "to", "re", "la",
    "na", "vi", "ta", "del", "sol", "mon", "te", "al", "ba", "do", "ga", "ni", "pe", "lu", "ca",
    "fi", "lo", "sa"};
static const char *const anglo_syl[] = {
    "ash", "ford", "brook", "field", "well", "ton", "ley", "wood", "bur", "ridge", "stan",
    "more", "ham", "win", "dale", "stone", "mil", "ler", "hart", "wick", "bel", "lan", "kel",
    "son", "bar", "row", "fen", "mar", "wyn", "cot"};

static const char *const cn_words[] = {"Golden", "Great", "New", "Oriental", "Sun", "Star",
                                       "Pearl", "Dragon", "Jade", "Rainbow", NULL};
static const char *const vn_words[] = {"Saigon", "Hanoi", "Mekong", "Song Hong", "Dai Viet",
                                       NULL};
static const char *const bd_words[] = {
    "Rahman", "Karim", "Sonar", "Padma", "Meghna", "Jamuna", "Ananta", "Akij", "Aman", "Hamid",
    "Rupali", "Shanta", "Nasa", "Fakir", "Mondol", "Sterling", "Envoy", "Tanaz", "Badsha",
    "Opex", "Sinha", "Anwar", "Noman", "Zaber", "Mohammadi", "Ibrahim", "Chowdhury", "Sarker",
    "Hossain", "Islam", "Uddin", "Alam", "Siddique", "Kabir", "Mahmud", "Rahim", "Bengal",
    "Delta", "Purbani", "Shapla", NULL};
static const char *const in_words[] = {
    "Shahi", "Orient", "Richa", "Pearl", "Eastman", "Laxmi", "Ganesh", "Sri", "Balaji",
    "Murugan", "Saraswati", "Krishna", "Shree", "Mahalakshmi", "Sakthi", "Jay", "Aditya",
    "Kumar", "Sharma", "Gupta", "Agarwal", "Patel", "Mehta", "Jain", "Singh", "Reddy", "Nair",
    "Iyer", "Rao", "Bansal", "Goyal", "Kapoor", "Bharat", "Hindustan", "Deccan", NULL};
static const char *const pk_words[] = {
    "Nishat", "Kohinoor", "Gul", "Sapphire", "Crescent", "Masood", "Artistic", "Kassim",
    "Yunus", "Chenab", "Al-Karam", "Ismail", "Feroze", "Sadiq", "Bilal", "Hamza", "Zahid",
    "Tariq", "Anjum", "Iqbal", "Usman", "Indus", "Ravi", "Punjab", NULL};
static const char *const tr_words[] = {
    "Yeşil", "Ak", "Kara", "Deniz", "Ege", "Anadolu", "Marmara", "Yıldız", "Kaya", "Demir",
    "Çelik", "Aydın", "Öztürk", "Şahin", "Koç", "Kılıç", "Arslan", "Doğan", "Erdem", "Güneş",
    "Başak", "Nur", "Ozan", "Tekin", "Polat", "Bozkurt", "Esen", "Sarı", "Gök", NULL};
static const char *const id_words[] = {
    "Sri", "Rejeki", "Busana", "Djaja", "Mulia", "Jaya", "Abadi", "Makmur", "Sentosa",
    "Sejahtera", "Indah", "Karya", "Mandiri", "Utama", "Prima", "Cahaya", "Nusantara",
    "Bintang", "Mas", "Agung", "Lestari", NULL};
static const char *const sea_words[] = {"Golden", "Grand", "Royal", "Ocean", "Lanka", "Angkor",
                                        "Mekong", "Irrawaddy", "Ceylon", "Star", NULL};
static const char *const eu_words[] = {
    "Rossi", "Bianchi", "Ferrari", "Costa", "Santos", "Ferreira", "Oliveira", "Pereira",
    "Silva", "Martins", "Garcia", "Fernandez", "Lopez", "Martinez", "Popescu", "Ionescu",
    "Dimitrov", "Petrov", "Nowak", "Kowalski", "Moretti", "Conti", "Ricci", "Marino", "Greco",
    "Gomes", "Lopes", "Sousa", "Rodrigues", "Alves", "Ruiz", "Navarro", "Torres", "Stoica",
    "Georgiev", "Wisniewski", NULL};
static const char *const latam_words[] = {
    "Azteca", "Maya", "Quetzal", "Sol", "Luna", "Norte", "Sur", "Pacifico", "Caribe", "Andes",
    "Inca", "Garcia", "Hernandez", "Gonzalez", "Ramirez", "Flores", "Rivera", "Morales",
    "Castillo", "Reyes", "Vargas", NULL};
static const char *const mena_words[] = {
    "Atlas", "Nile", "Delta", "Sahara", "Medina", "Carthage", "Rif", "Amal", "Nour", "Salam",
    "Baraka", "Tazi", "Bennani", "Haddad", "Khalil", "Mansour", "Hassan", "Youssef", "Abebe",
    "Tesfaye", "Habesha", "Classic", "Century", NULL};
static const char *const anglo_words[] = {
    "Smith", "Johnson", "Baker", "Taylor", "Cooper", "Walker", "Turner", "Harris", "Clarke",
    "Wright", "Hill", "Ward", "Brooks", "Bennett", "Gray", "Hughes", "Foster", "Kelly",
    "Union", "Liberty", "Heritage", "Atlantic", "Empire", "Pioneer", NULL};

typedef struct naming {
    const char *const *syl;
    int n_syl;
    bool spaced;            /* syllables are words (Vietnamese) */
    const char *const *words;
    double p_word;          /* a list word before the coined one */
    double p_city;          /* the city first */
    const char *legal[2];   /* usual form, and another spelling that cleans the same */
    const char *local;      /* the country's own word for a garment maker, or NULL */
} naming;

#define SYL(a) a, (int)COUNT(a)

static const naming namings[] = {
    [NS_CN] = {SYL(cn_syl), false, cn_words, 0.1, 0.5, {"Co., Ltd.", "CO.,LTD"}, NULL},
    [NS_VN] = {SYL(vn_syl), true, vn_words, 0.1, 0.1, {"Company Limited", "Co., Ltd"}, NULL},
    [NS_BD] = {SYL(south_asia_syl), false, bd_words, 0.5, 0.05, {"Ltd.", "Limited"}, NULL},
    [NS_IN] = {SYL(south_asia_syl), false, in_words, 0.5, 0.1, {"Pvt. Ltd.", "Private Limited"},
               "Exports"},
    [NS_PK] = {SYL(south_asia_syl), false, pk_words, 0.5, 0.1, {"(Pvt) Ltd.", "Private Limited"},
               "Textile Mills"},
    [NS_TR] = {SYL(tr_syl), false, tr_words, 0.4, 0.05,
               {"San. ve Tic. Ltd. Şti.", "San. Tic. Ltd. Şti"}, "Tekstil"},
    [NS_ID] = {SYL(sea_syl), false, id_words, 0.6, 0.05, {"", ""}, NULL},
    [NS_SEA] = {SYL(sea_syl), false, sea_words, 0.3, 0.1, {"Co., Ltd.", "Company Limited"},
                NULL},
    [NS_EU] = {SYL(latin_syl), false, eu_words, 0.5, 0.1, {"S.r.l.", "SRL"}, NULL},
    [NS_LATAM] = {SYL(latin_syl), false, latam_words, 0.5, 0.1, {"S.A. de C.V.", "SA de CV"},
                  "Textiles"},
    [NS_MENA] = {SYL(latin_syl), false, mena_words, 0.5, 0.1, {"S.A.R.L.", "SARL"},
                 "Confection"},
    [NS_ANGLO] = {SYL(anglo_syl), false, anglo_words, 0.5, 0.05, {"Ltd", "Limited"}, NULL},
};

/* Product words by family; the first ones are the most used. */
static const char *const family_words[F__COUNT][6] = {
    [F_KNIT] = {"Garments", "Knitting", "Knit Fashions", "Apparel", "Knit Composite", "Clothing"},
    [F_ACTIVE] = {"Sportswear", "Activewear", "Garments", "Sports", "Apparel", "Athletic"},
    [F_WOVEN] = {"Garments", "Apparel", "Fashion", "Clothing", "Shirts", "Woven"},
    [F_DENIM] = {"Denim", "Jeans", "Washing", "Garments", "Denim Mills", "Apparel"},
    [F_OUTER] = {"Outerwear", "Garments", "Apparel", "Sportswear", "Down Products", "Jackets"},
    [F_KNITWEAR] = {"Knitwear", "Sweater", "Knitting", "Woollen", "Cashmere", "Garments"},
    [F_INTIMATE] = {"Intimates", "Lingerie", "Garments", "Underwear", "Apparel", "Bodywear"},
    [F_ACCESS] = {"Accessories", "Bags", "Headwear", "Caps", "Hosiery", "Leather Goods"},
};

/* ---- one factory --------------------------------------------------------------------------- */

typedef struct gen {
    const sv_refdata *rd;
    const country *c;
    double cum[COUNT(countries)];
    int total_w;
} gen;

typedef struct out {
    char *buf;
    size_t len, cap;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        o->cap = (o->len + n + 1) * 2;
        o->buf = realloc(o->buf, o->cap);
        if (!o->buf) {
            perror("gen_factories");
            exit(1);
        }
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void puts_(out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void putf(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void putf(out *o, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    put(o, tmp, n < (int)sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A CSV cell: quoted when it holds a comma, quote or newline. */
static void cell(out *o, const char *s)
{
    if (!s)
        return;
    if (strpbrk(s, ",\"\n\r")) {
        put(o, "\"", 1);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                put(o, "\"", 1);
            put(o, p, 1);
        }
        put(o, "\"", 1);
    } else {
        puts_(o, s);
    }
}

static void money(char *buf, size_t n, int64_t cents)
{
    snprintf(buf, n, "%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

static int pick_weighted(rng *r, const double *w, int n)
{
    double t = 0;
    for (int i = 0; i < n; i++)
        t += w[i];
    double x = unif(r) * t;
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

/* Upper-case the first letter: ASCII, and the Latin letters of the syllable lists (ç ö ü as
 * Latin-1 in UTF-8, ş ğ). */
static void capitalise(char *s)
{
    unsigned char *u = (unsigned char *)s;
    if (u[0] >= 'a' && u[0] <= 'z')
        u[0] = (unsigned char)(u[0] - 'a' + 'A');
    else if (u[0] == 0xC3 && u[1] >= 0xA0 && u[1] <= 0xBE && u[1] != 0xB7)
        u[1] = (unsigned char)(u[1] - 0x20);
    else if ((u[0] == 0xC5 || u[0] == 0xC4) && u[1] == 0x9F)
        u[1] = 0x9E;
}

/* A coined word of 2-4 syllables (3 most often; Vietnamese names, whose syllables are
 * words, 3-4). Short ones are rare so that different factories of a country seldom clean to
 * the same name: a million rows would otherwise merge a few percent of them as duplicates. */
static void coined(rng *r, const naming *nm, char *buf, size_t n)
{
    static const double len_w[3] = {.10, .55, .35}, spaced_w[3] = {0, .45, .55};
    int k = 2 + pick_weighted(r, nm->spaced ? spaced_w : len_w, 3);
    buf[0] = '\0';
    for (int j = 0; j < k; j++) {
        const char *sy = nm->syl[below(r, nm->n_syl)];
        size_t at = strlen(buf);
        snprintf(buf + at, n - at, "%s%s", nm->spaced && j ? " " : "", sy);
        if (nm->spaced || j == 0)
            capitalise(buf + at + (nm->spaced && j ? 1 : 0));
    }
}

static const char *list_word(rng *r, const char *const *w)
{
    int n = 0;
    while (w[n])
        n++;
    return w[below(r, n)];
}

/* The name of a factory, the way its country writes them. `variant` spells the legal form
 * differently (a duplicate listing): the cleaned key stays the same. Every draw is made
 * whatever the variant, so a duplicate's later fields come out as the original's. */
static void make_name(rng *r, const country *c, int fam, int variant, char *name, size_t n,
                      char *city_out, size_t cn)
{
    const naming *nm = &namings[c->ns];
    int n_cities = 0;
    while (n_cities < 12 && c->cities[n_cities])
        n_cities++;
    const char *city = c->cities[below(r, n_cities)];
    snprintf(city_out, cn, "%s", city);
    char trade[96];
    coined(r, nm, trade, sizeof trade);
    const char *word = list_word(r, nm->words);
    bool with_word = chance(r, nm->p_word), with_city = chance(r, nm->p_city);
    static const double pw[6] = {.35, .25, .15, .10, .10, .05};
    const char *product = family_words[fam][pick_weighted(r, pw, 6)];
    bool local = nm->local && chance(r, 0.6);
    const char *legal = nm->legal[variant ? 1 : 0];
    if (c->ns == NS_EU) {
        static const struct {
            const char *code, *legal[2], *trade;
        } eu[] = {{"IT", {"S.r.l.", "SRL"}, "Confezioni"},
                  {"PT", {"Lda", "Lda."}, "Confecções"},
                  {"ES", {"S.L.", "SL"}, "Confecciones"},
                  {"PL", {"Sp. z o.o.", "sp. z o.o."}, "Odzież"},
                  {"RO", {"S.R.L.", "SRL"}, "Confectii"},
                  {"BG", {"EOOD", "E.O.O.D."}, "Textil"}};
        size_t k = 0;
        while (k + 1 < COUNT(eu) && strcmp(eu[k].code, c->code))
            k++;
        legal = eu[k].legal[variant ? 1 : 0];
        if (chance(r, 0.5))
            product = eu[k].trade;
    } else if (local) {
        product = nm->local;
    }
    if (c->ns == NS_ID)
        snprintf(name, n, "PT. %s%s%s %s", with_word ? word : "", with_word ? " " : "", trade,
                 product);
    else
        snprintf(name, n, "%s%s%s%s%s %s %s", with_city ? city : "", with_city ? " " : "",
                 with_word ? word : "", with_word ? " " : "", trade, product, legal);
    size_t tl = strlen(name);
    while (tl && name[tl - 1] == ' ')
        name[--tl] = '\0';
}

typedef struct cert_freq {
    sv_cert cert;
    double p;
} cert_freq;

/* Rough shares of export factories holding each, OSH claims and brand supplier lists. */
static const cert_freq cert_freqs[] = {
    {SV_CERT_OEKO_TEX_100, 0.30}, {SV_CERT_AMFORI_BSCI, 0.28}, {SV_CERT_SEDEX_SMETA, 0.20},
    {SV_CERT_ISO_9001, 0.18},     {SV_CERT_WRAP, 0.14},        {SV_CERT_GOTS, 0.12},
    {SV_CERT_GRS, 0.10},          {SV_CERT_BCI, 0.09},         {SV_CERT_ISO_14001, 0.08},
    {SV_CERT_RCS, 0.05},          {SV_CERT_SA8000, 0.05},      {SV_CERT_OEKO_TEX_STEP, 0.03},
    {SV_CERT_BLUESIGN, 0.02},     {SV_CERT_FAIR_TRADE, 0.02},  {SV_CERT_OEKO_TEX_MIG, 0.01},
};

/* Row i: its own PRNG stream from (seed, i). dup_of >= 0 re-lists that row. */
static void factory_row(const gen *g, uint64_t seed, int64_t i, int64_t dup_of, out *o)
{
    rng r;
    int64_t src = dup_of >= 0 ? dup_of : i;
    uint64_t s = seed * 0x100000001B3ull ^ (uint64_t)src * 0x9E3779B97F4A7C15ull;
    seed_rng(&r, s);

    /* country */
    double x = unif(&r) * g->total_w;
    size_t ci = 0;
    while (ci + 1 < COUNT(countries) && x >= g->cum[ci])
        ci++;
    const country *c = &countries[ci];
    const sv_origin_info *oi = sv_refdata_origin(g->rd, c->code);

    /* family and categories: 1-6, mostly from the family, some from a second one */
    int fam = pick_weighted(&r, c->fam_w, F__COUNT);
    const family *fa = &families[fam];
    static const double n_cat_w[6] = {.14, .22, .25, .19, .12, .08};
    int want = 1 + pick_weighted(&r, n_cat_w, 6);
    uint32_t cats = 0, constr = 0;
    int fam2 = chance(&r, 0.2) ? pick_weighted(&r, c->fam_w, F__COUNT) : fam;
    for (int k = 0; k < 40 && __builtin_popcount(cats) < want; k++) {
        const family *f = (k % 4 == 3 && fam2 != fam) ? &families[fam2] : fa;
        cats |= 1u << f->cats[below(&r, f->n_cats)];
    }
    constr |= 1u << fa->constr[0];
    if (fa->n_constr > 1 && chance(&r, 0.5))
        constr |= 1u << fa->constr[1];
    if (fam2 != fam)
        constr |= 1u << families[fam2].constr[0];

    /* tiers: one, sometimes the next one up or down */
    int t0 = pick_weighted(&r, c->tier_w, 4);
    uint32_t tiers = 1u << t0;
    if (chance(&r, 0.35)) {
        int t1 = t0 + (chance(&r, 0.5) ? 1 : -1);
        if (t1 >= 0 && t1 < 4 && c->tier_w[t1] > 0)
            tiers |= 1u << t1;
    }

    /* size: head count lognormal around the country's median */
    double workers = c->workers * xexp(0.8 * gauss(&r));
    if (workers < 8)
        workers = 8;
    int64_t w = round_to(workers, workers < 100 ? 5 : 10);

    /* minimums: bigger factories ask more */
    double size_f = workers / c->workers;
    double pull = size_f > 2 ? 1.3 : size_f < 0.5 ? 0.8 : 1.0;
    int64_t moq_style = round_to(lognormal_in(&r, (double)oi->moq_style_low,
                                              (double)oi->moq_style_high, 0.35) * pull, 50);
    int64_t moq_color = round_to(lognormal_in(&r, (double)oi->moq_color_low,
                                              (double)oi->moq_color_high, 0.35) * pull, 50);
    if (moq_color > moq_style)
        moq_color = moq_style;
    int64_t moq_order = round_to((double)oi->moq_order_low * xexp(0.4 * gauss(&r)) * pull, 100);
    bool has_style = chance(&r, 0.72), has_color = chance(&r, 0.80),
         has_order = chance(&r, 0.45);

    int64_t sampling = oi->sampling_days_low +
                       below(&r, oi->sampling_days_high - oi->sampling_days_low + 1);
    int64_t production = oi->production_days_low +
                         below(&r, oi->production_days_high - oi->production_days_low + 1);
    bool has_lead = chance(&r, 0.82);

    int64_t capacity = round_to(workers * fa->per_worker * uniform(&r, 0.6, 1.4), 500);
    bool has_capacity = chance(&r, 0.75);

    static const int64_t fee_by_tier[4][2] = {{1500, 4000}, {3000, 8000}, {6000, 15000},
                                              {10000, 25000}};
    int64_t fee = round_to(uniform(&r, (double)fee_by_tier[t0][0], (double)fee_by_tier[t0][1]), 500);
    if (chance(&r, 0.08))
        fee = 0; /* free samples against the order */
    bool has_fee = chance(&r, 0.65);

    static const double dep_w[] = {.08, .10, .50, .10, .20, .02};
    static const int deposits[] = {0, 20, 30, 40, 50, 100};
    int deposit = deposits[pick_weighted(&r, dep_w, 6)];
    bool has_deposit = chance(&r, 0.72);

    uint32_t certs = 0;
    for (size_t k = 0; k < COUNT(cert_freqs); k++) {
        double p = cert_freqs[k].p;
        if (cert_freqs[k].cert == SV_CERT_WRAP && (c->ns == NS_LATAM || c->ns == NS_BD))
            p *= 2.5;
        if (cert_freqs[k].cert == SV_CERT_AMFORI_BSCI && (c->ns == NS_CN || c->ns == NS_BD ||
                                                           c->ns == NS_TR))
            p *= 1.6;
        if (cert_freqs[k].cert == SV_CERT_GOTS && (c->ns == NS_IN || c->ns == NS_TR ||
                                                    !strcmp(c->code, "PT")))
            p *= 2.2;
        if (w > 1000)
            p *= 1.3; /* big exporters hold more audits */
        if (chance(&r, p))
            certs |= 1u << cert_freqs[k].cert;
    }
    if ((cats & (1u << SV_CAT_PUFFER)) && chance(&r, 0.35))
        certs |= 1u << SV_CERT_RDS;
    if ((cats & (1u << SV_CAT_KNITWEAR)) && chance(&r, 0.08))
        certs |= 1u << SV_CERT_RWS;
    if ((cats & (1u << SV_CAT_BAG)) && (constr & (1u << SV_CONSTR_LEATHER)) && chance(&r, 0.3))
        certs |= 1u << SV_CERT_LWG;
    bool has_certs = chance(&r, 0.85);

    double nb = unif(&r);
    const char *new_brands = nb < 0.15 ? "no" : nb < 0.80 ? "yes" : NULL;

    char name[200], city[40];
    make_name(&r, c, fam, dup_of >= 0 ? 1 + (int)(i % 3) : 0, name, sizeof name, city,
              sizeof city);
    char address[200];
    static const char *const streets[] = {"Industrial Road", "Export Processing Zone",
                                          "Main Road", "Avenue", "Street", "Highway",
                                          "Industrial Park", "Free Zone"};
    int plot = 1 + below(&r, 2000);
    const char *street = streets[below(&r, (int)COUNT(streets))];
    snprintf(address, sizeof address, "Plot %d, %s %d, %s", plot, street, 1 + below(&r, 60), city);
    bool has_address = chance(&r, 0.88);
    double lat = c->lat + uniform(&r, -2, 2), lng = c->lng + uniform(&r, -2, 2);
    bool has_coords = chance(&r, 0.6);
    bool has_os_id = chance(&r, 0.5);
    bool has_lang = chance(&r, 0.7);
    bool has_workers = chance(&r, 0.8);
    bool has_tiers = chance(&r, 0.92), has_constr = chance(&r, 0.9);

    /* prices: a band per category at one of its tiers, for most categories */
    char prices[1024] = "";
    size_t pl = 0;
    for (int cat = 0; cat < SV_CAT__COUNT; cat++) {
        if (!(cats & (1u << cat)) || !chance(&r, 0.8))
            continue;
        int tier = t0;
        if ((tiers & ~(1u << t0)) && chance(&r, 0.5))
            tier = __builtin_ctz(tiers & ~(1u << t0));
        const sv_price_band *b = sv_refdata_band(g->rd, (sv_category)cat, (sv_tier)tier);
        if (!b)
            continue;
        int64_t lo = round_to((double)b->fob_low * uniform(&r, 0.9, 1.25), 5);
        int64_t hi = round_to((double)b->fob_high * uniform(&r, 0.85, 1.15), 5);
        if (hi <= lo)
            hi = lo + round_to((double)lo * 0.3, 5);
        char a[24], bb[24];
        money(a, sizeof a, lo);
        money(bb, sizeof bb, hi);
        pl += (size_t)snprintf(prices + pl, sizeof prices - pl, "%s%s:%s-%s", pl ? "|" : "",
                               sv_category_name((sv_category)cat), a, bb);
    }

    /* ---- the row, in the header's order ---- */
    char tmp[64];
    /* handle */
    if (dup_of < 0) {
        snprintf(tmp, sizeof tmp, "%c%c-%07lld", c->code[0] + 32, c->code[1] + 32, (long long)i);
        cell(o, tmp);
    }
    put(o, ",", 1);
    cell(o, name);
    put(o, ",", 1);
    /* other_names: a short form for some */
    if (dup_of < 0 && chance(&r, 0.15)) {
        char shortname[120];
        snprintf(shortname, sizeof shortname, "%.*s", (int)strcspn(name, " "), name);
        if (c->ns == NS_ID || strlen(shortname) < 4)
            snprintf(shortname, sizeof shortname, "%s Group", city);
        cell(o, shortname);
    }
    put(o, ",", 1);
    if (has_address)
        cell(o, address);
    put(o, ",", 1);
    puts_(o, c->code);
    put(o, ",", 1);
    if (has_coords)
        putf(o, "%.4f,%.4f", lat, lng);
    else
        put(o, ",", 1);
    put(o, ",", 1);
    /* os_id: the original's only; a capability file gives each OS ID once, so a duplicate
     * re-lists the facility under another spelling without it (src times an odd constant is
     * one to one below 2^28: two factories never share one) */
    if (has_os_id && dup_of < 0)
        putf(o, "%s%04d%07llX", c->code, 2019 + (int)(src % 6),
             (unsigned long long)((uint64_t)src * 2654435761u) & 0xFFFFFFFull);
    put(o, ",", 1);
    /* facility_types */
    if (chance(&r, 0.7))
        cell(o, chance(&r, 0.3) ? "Textile or Material Production|Final Product Assembly"
                                : "Final Product Assembly");
    put(o, ",", 1);
    if (chance(&r, 0.5))
        cell(o, fa->processing);
    put(o, ",", 1);
    /* categories */
    size_t before = o->len;
    for (int cat = 0; cat < SV_CAT__COUNT; cat++)
        if (cats & (1u << cat)) {
            if (o->len > before)
                put(o, "|", 1);
            puts_(o, sv_category_name((sv_category)cat));
        }
    put(o, ",", 1);
    before = o->len;
    if (has_constr)
        for (int k = 0; k < SV_CONSTR__COUNT; k++)
            if (constr & (1u << k)) {
                if (o->len > before)
                    put(o, "|", 1);
                puts_(o, sv_construction_name((sv_construction)k));
            }
    put(o, ",", 1);
    before = o->len;
    if (has_tiers)
        for (int k = 0; k < SV_TIER__COUNT; k++)
            if (tiers & (1u << k)) {
                if (o->len > before)
                    put(o, "|", 1);
                puts_(o, sv_tier_name((sv_tier)k));
            }
    put(o, ",", 1);
    if (has_style)
        putf(o, "%lld", (long long)moq_style);
    put(o, ",", 1);
    if (has_color)
        putf(o, "%lld", (long long)moq_color);
    put(o, ",", 1);
    if (has_order)
        putf(o, "%lld", (long long)moq_order);
    put(o, ",", 1);
    puts_(o, prices);
    put(o, ",", 1);
    if (has_lead)
        putf(o, "%lld,%lld", (long long)sampling, (long long)production);
    else
        put(o, ",", 1);
    put(o, ",", 1);
    if (has_capacity) {
        if (capacity >= 1000)
            putf(o, "\"%lld,%03lld\"", (long long)(capacity / 1000), (long long)(capacity % 1000));
        else
            putf(o, "%lld", (long long)capacity);
    }
    put(o, ",", 1);
    if (has_fee) {
        money(tmp, sizeof tmp, fee);
        puts_(o, tmp);
    }
    put(o, ",", 1);
    if (has_deposit)
        putf(o, "%d", deposit);
    put(o, ",", 1);
    before = o->len;
    if (has_certs)
        for (int k = 0; k < SV_CERT__COUNT; k++)
            if (certs & (1u << k)) {
                if (o->len > before)
                    put(o, "|", 1);
                puts_(o, sv_cert_name((sv_cert)k));
            }
    put(o, ",", 1);
    if (new_brands)
        puts_(o, new_brands);
    put(o, ",", 1);
    if (has_workers) {
        int64_t lo = round_to((double)w * 0.85, 5), hi = round_to((double)w * 1.15, 5);
        putf(o, "%lld,%lld", (long long)lo, (long long)(hi < lo ? lo : hi));
    } else {
        put(o, ",", 1);
    }
    put(o, ",", 1);
    if (has_lang)
        puts_(o, c->lang);
    put(o, "\n", 1);
}

static const char header[] =
    "handle,name,other_names,address,country,lat,lng,os_id,facility_types,processing_types,"
    "categories,constructions,tiers,moq_per_style,moq_per_color,moq_per_order,prices,"
    "sampling_days,production_days,monthly_capacity,sample_fee,deposit_pct,certifications,"
    "new_brands,workers_min,workers_max,languages\n";

/* ---- perturbed real rows -------------------------------------------------------------------- */

typedef struct real_row {
    char country[3];
    char *name, *address, *sector;
    bool has_coords;
    double lat, lng;
} real_row;

typedef struct real_rows {
    real_row *r;
    size_t n, cap;
} real_rows;

static char *dup_or_empty(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d) {
        perror("gen_factories");
        exit(1);
    }
    return d;
}

static sv_code keep_real(void *ud, const sv_factory *f, int line, sv_err *e)
{
    (void)line;
    (void)e;
    real_rows *l = ud;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 1024;
        l->r = realloc(l->r, l->cap * sizeof *l->r);
        if (!l->r) {
            perror("gen_factories");
            exit(1);
        }
    }
    real_row *r = &l->r[l->n++];
    memcpy(r->country, f->country, 3);
    r->name = dup_or_empty(f->name);
    r->address = dup_or_empty(f->address);
    r->sector = dup_or_empty(f->processing_types);
    r->has_coords = f->has_coords;
    r->lat = f->lat;
    r->lng = f->lng;
    return SV_OK;
}

static sv_code skip_real(void *ud, const sv_err *e)
{
    (void)ud;
    (void)e;
    return SV_OK;
}

/* Legal forms and address words people write in more than one way; a change swaps one
 * spelling of a group for another. */
static const char *const legal_forms[][6] = {
    {" Co., Ltd.", " Co., Ltd", " CO.,LTD", " Co Ltd", " Company Limited", " Co.,Ltd."},
    {" Ltd.", " Ltd", " LTD", " Limited", " Ltd .", NULL},
    {" Pvt. Ltd.", " Private Limited", " (Pvt) Ltd", " Pvt Ltd", NULL, NULL},
    {" S.A. de C.V.", " SA de CV", " S.A. DE C.V.", NULL, NULL, NULL},
    {" Garments", " Garment", " Gmts", " GARMENTS", NULL, NULL},
    {" Industries", " Industry", " Inds.", NULL, NULL, NULL},
};
static const char *const address_words[][4] = {
    {" Road", " Rd.", " Rd", " ROAD"},       {" Street", " St.", " St", " Str."},
    {" District", " Dist.", " Distt", NULL}, {" Industrial", " Ind.", " Indl", NULL},
    {" Avenue", " Ave.", " Av.", NULL},      {" Province", " Prov.", NULL, NULL},
};

/* Replace the first spelling of a group found in s with another of the group. */
static bool swap_form(rng *r, char *s, size_t cap, const char *const *forms, int n_forms)
{
    for (int k = 0; k < n_forms && forms[k]; k++) {
        char *at = strstr(s, forms[k]);
        if (!at)
            continue;
        int m = 0;
        while (m < n_forms && forms[m])
            m++;
        const char *to = forms[(k + 1 + below(r, m - 1)) % m];
        size_t fl = strlen(forms[k]), tl = strlen(to), sl = strlen(s);
        if (sl - fl + tl + 1 > cap)
            return false;
        memmove(at + tl, at + fl, sl - (size_t)(at - s) - fl + 1);
        memcpy(at, to, tl);
        return true;
    }
    return false;
}

/* One small change to a name or an address: a typo (a letter dropped, doubled, swapped with
 * the next or replaced by a neighbour), the case of the whole, punctuation, or another
 * spelling of a legal form or an address word. */
static void perturb(rng *r, char *s, size_t cap, bool address)
{
    size_t n = strlen(s);
    if (n < 3)
        return;
    int what = below(r, 8);
    size_t i = 1 + (size_t)below(r, (int)(n - 2));
    switch (what) {
    case 0: /* drop a letter */
        memmove(s + i, s + i + 1, n - i);
        break;
    case 1: /* double a letter */
        if (n + 2 < cap) {
            memmove(s + i + 1, s + i, n - i + 1);
        }
        break;
    case 2: { /* swap two letters */
        char c = s[i];
        s[i] = s[i + 1];
        s[i + 1] = c;
        break;
    }
    case 3: /* a neighbouring letter */
        if (s[i] >= 'a' && s[i] < 'z')
            s[i]++;
        else if (s[i] >= 'A' && s[i] < 'Z')
            s[i]++;
        break;
    case 4: /* case of the whole */
        for (char *p = s; *p; p++)
            if (chance(r, 0.5) ? (*p >= 'a' && *p <= 'z') : false)
                *p = (char)(*p - 32);
            else if (*p >= 'A' && *p <= 'Z' && below(r, 3) == 0)
                *p = (char)(*p + 32);
        break;
    case 5: /* punctuation: a comma or period dropped or added */
        for (size_t k = i; k < n; k++)
            if (s[k] == ',' || s[k] == '.') {
                memmove(s + k, s + k + 1, n - k);
                return;
            }
        if (n + 2 < cap && s[i] == ' ') {
            memmove(s + i + 1, s + i, n - i + 1);
            s[i] = ',';
        }
        break;
    default: /* another spelling of a legal form or an address word */
        if (address) {
            for (size_t k = 0; k < COUNT(address_words); k++)
                if (swap_form(r, s, cap, address_words[k], 4))
                    return;
        } else {
            for (size_t k = 0; k < COUNT(legal_forms); k++)
                if (swap_form(r, s, cap, legal_forms[k], 6))
                    return;
        }
        break;
    }
}

static int perturbed(long long n, unsigned long long seed, const char *out_path, char **lists,
                     int n_lists)
{
    real_rows l = {0};
    for (int k = 0; k < n_lists; k++) {
        sv_err e;
        if (sv_csv_factories_read(lists[k], NULL, keep_real, skip_real, &l, &e) != SV_OK) {
            fprintf(stderr, "gen_factories: %s: %s\n", lists[k], e.msg);
            return 1;
        }
    }
    if (!l.n) {
        fprintf(stderr, "gen_factories: no rows in the lists\n");
        return 1;
    }
    FILE *f = fopen(out_path, "w");
    if (!f) {
        perror(out_path);
        return 1;
    }
    static char fbuf[1 << 20];
    setvbuf(f, fbuf, _IOFBF, sizeof fbuf);
    fputs("country,name,address,sector,lat,lng,is_closed\n", f);
    rng r;
    seed_rng(&r, seed ^ 0x5851F42D4C957F2Dull);
    out o = {0};
    for (long long i = 0; i < n; i++) {
        size_t which = next(&r) % l.n;
        const real_row *b = &l.r[which];
        /* the status of a real row, the same every time it is listed: a hash of its index,
         * not a draw (the rows and their spellings stay those of the same seed before) */
        uint64_t h = (uint64_t)which ^ seed;
        bool closed = splitmix64(&h) % 25 == 0;
        char name[600], addr[1200];
        snprintf(name, sizeof name, "%s", b->name);
        snprintf(addr, sizeof addr, "%s", b->address);
        /* a third as listed, the rest with one to three changes to the name and up to two
         * to the address */
        if (below(&r, 3)) {
            for (int k = 1 + below(&r, 3); k > 0; k--)
                perturb(&r, name, sizeof name, false);
            for (int k = below(&r, 3); k > 0; k--)
                perturb(&r, addr, sizeof addr, true);
        }
        o.len = 0;
        cell(&o, b->country);
        puts_(&o, ",");
        cell(&o, name);
        puts_(&o, ",");
        cell(&o, addr);
        puts_(&o, ",");
        cell(&o, b->sector[0] ? b->sector : "Apparel");
        char tail[96];
        if (b->has_coords)
            snprintf(tail, sizeof tail, ",%.6f,%.6f,%s\n", b->lat, b->lng,
                     closed ? "True" : "False");
        else
            snprintf(tail, sizeof tail, ",,,%s\n", closed ? "True" : "False");
        puts_(&o, tail);
        fwrite(o.buf, 1, o.len, f);
    }
    free(o.buf);
    for (size_t k = 0; k < l.n; k++) {
        free(l.r[k].name);
        free(l.r[k].address);
        free(l.r[k].sector);
    }
    free(l.r);
    if (fclose(f) != 0) {
        perror(out_path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 6 && strcmp(argv[1], "perturb") == 0) {
        char *end;
        long long n = strtoll(argv[2], &end, 10);
        if (*end || n < 1) {
            fprintf(stderr, "gen_factories: N must be a positive whole number\n");
            return 2;
        }
        return perturbed(n, strtoull(argv[3], NULL, 10), argv[4], argv + 5, argc - 5);
    }
    if (argc != 4) {
        fprintf(stderr, "usage: gen_factories N SEED OUT.csv\n"
                        "       gen_factories perturb N SEED OUT.csv LIST.csv...\n");
        return 2;
    }
    char *end;
    long long n = strtoll(argv[1], &end, 10);
    unsigned long long seed = strtoull(argv[2], NULL, 10);
    if (*end || n < 1) {
        fprintf(stderr, "gen_factories: N must be a positive whole number\n");
        return 2;
    }
    sv_refdata *rd;
    sv_err e;
    if (sv_refdata_load(NULL, &rd, &e) != SV_OK) {
        fprintf(stderr, "gen_factories: reference data: %s\n", e.msg);
        return 1;
    }
    gen g = {.rd = rd};
    int acc = 0;
    for (size_t k = 0; k < COUNT(countries); k++) {
        if (!sv_refdata_origin(rd, countries[k].code)) {
            fprintf(stderr, "gen_factories: %s is not in origins.tsv\n", countries[k].code);
            return 1;
        }
        acc += countries[k].weight;
        g.cum[k] = acc;
    }
    g.total_w = acc;

    FILE *f = fopen(argv[3], "w");
    if (!f) {
        perror(argv[3]);
        return 1;
    }
    static char fbuf[1 << 20];
    setvbuf(f, fbuf, _IOFBF, sizeof fbuf);
    fputs(header, f);
    out o = {0};
    rng dr;
    seed_rng(&dr, seed ^ 0xD1B54A32D192ED03ull);
    for (long long i = 0; i < n; i++) {
        o.len = 0;
        /* about 2% re-list an earlier factory */
        int64_t dup = -1;
        if (i > 100 && chance(&dr, 0.02))
            dup = (int64_t)(next(&dr) % (uint64_t)i);
        factory_row(&g, seed, i, dup, &o);
        fwrite(o.buf, 1, o.len, f);
    }
    free(o.buf);
    sv_refdata_free(rd);
    if (fclose(f) != 0) {
        perror(argv[3]);
        return 1;
    }
    return 0;
}
