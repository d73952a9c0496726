/* gen_program STYLES COLOURS SEED OUT.yaml: a big sourcing program for the `check` benchmark,
 * inside every limit of the program loader (docs/program.md).
 *
 * What it aims at is the most work `check` can be given, not a credible brand: every style
 * in COLOURS colours of a few units each (a minimum finding for every colour), styles of all
 * 22 categories, tiers, genders and constructions, target FOBs under the floors, half of the
 * styles with their own cost sheet and a third with part of a tech pack, a size run on each,
 * no origin preference (so the minimums and the timeline are judged against every origin on
 * file) and a launch date the plan cannot make (so the ways out are planned too). The file
 * must stay under the loader's 4 MiB: the generator says so and fails when it would not.
 *
 * Deterministic: the same arguments give the same file, byte for byte (splitmix64 +
 * xoshiro256**, integers only). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selvedge/program.h"
#include "selvedge/program_yaml.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

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

/* [0, n) */
static unsigned below(rng *r, unsigned n)
{
    return (unsigned)(next(r) % n);
}

static const char *const colour_words[] = {"Black", "White", "Navy", "Moss", "Sand", "Rust",
                                           "Stone", "Ink", "Clay", "Fog", "Ochre", "Plum"};
static const char *const sizes[] = {"[XS, S, M, L, XL]", "[S, M, L]", "[28, 30, 32, 34, 36]",
                                    "[One size]", "[2Y, 4Y, 6Y, 8Y, 10Y, 12Y]"};

static void style(FILE *f, rng *r, int i, int colours)
{
    sv_category cat = (sv_category)(i % SV_CAT__COUNT);
    fprintf(f, "    - code: BX-%05d\n", i);
    fprintf(f, "      name: Style %d\n", i);
    fprintf(f, "      category: %s\n", sv_category_name(cat));
    fprintf(f, "      tier: %s\n", sv_tier_name((sv_tier)below(r, SV_TIER__COUNT)));
    fprintf(f, "      gender: %s\n", sv_gender_name((sv_gender)below(r, SV_GENDER__COUNT)));
    if (below(r, 4))
        fprintf(f, "      construction: %s\n",
                sv_construction_name((sv_construction)below(r, SV_CONSTR__COUNT)));
    unsigned cotton = 40 + below(r, 61);
    fprintf(f, "      fabric: { composition: \"%u%% cotton, %u%% polyester\", weight_gsm: %u }\n",
            cotton, 100 - cotton, 120 + below(r, 300));
    fprintf(f, "      retail_price: %u.%02u\n", 5 + below(r, 400), below(r, 100));
    fprintf(f, "      target_fob: %u.%02u\n", below(r, 8), 1 + below(r, 99));
    fprintf(f, "      sizes: %s\n", sizes[below(r, COUNT(sizes))]);
    fprintf(f, "      colors:\n");
    for (int k = 0; k < colours; k++)
        fprintf(f, "        - { name: %s %d, units: %u }\n", colour_words[k % COUNT(colour_words)],
                k, 1 + below(r, 60));
    if (i % 3 == 0)
        fprintf(f, "      tech_pack: { sketch: true, bom: %s, measurements: true }\n",
                below(r, 2) ? "true" : "false");
    if (i % 2 == 0)
        fprintf(f,
                "      cost:\n"
                "        fabric: { consumption_m: 1.%03u, price_per_m: %u.%02u }\n"
                "        trims: 0.%02u\n"
                "        cmt: %u.%02u\n",
                below(r, 1000), 2 + below(r, 10), below(r, 100), 10 + below(r, 90),
                1 + below(r, 9), below(r, 100));
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: gen_program STYLES COLOURS SEED OUT.yaml\n");
        return 2;
    }
    char *end1, *end2;
    long styles = strtol(argv[1], &end1, 10), colours = strtol(argv[2], &end2, 10);
    uint64_t seed = strtoull(argv[3], NULL, 10);
    if (*end1 || *end2 || styles < 1 || styles > 1000 || colours < 1 || colours > 200) {
        fprintf(stderr, "gen_program: STYLES is 1-1000 and COLOURS 1-200 (the loader's limits)\n");
        return 2;
    }
    FILE *f = fopen(argv[4], "w");
    if (!f) {
        perror(argv[4]);
        return 1;
    }
    rng r;
    for (int i = 0; i < 4; i++)
        r.s[i] = splitmix64(&seed);
    fputs("brand:\n"
          "  name: Benchmark Wide Range\n"
          "  currency: USD\n"
          "  channels: [dtc, wholesale]\n"
          "  sampling_budget: 100.00\n"
          "  payment_terms: { deposit_pct: 10, balance: net-60 }\n"
          "  growth_plan:\n"
          "    - { season: FW27, units: 9000000 }\n"
          "    - { season: SS28, units: 100 }\n"
          "program:\n"
          "  name: Everything at once\n"
          "  destination: US\n"
          "  launch_date: 2027-01-15\n"
          "  certifications_required: [GOTS, OEKO-TEX 100]\n"
          "  styles:\n",
          f);
    for (long i = 0; i < styles; i++)
        style(f, &r, (int)i, (int)colours);
    long size = ftell(f);
    if (fclose(f) != 0 || size < 0) {
        perror(argv[4]);
        return 1;
    }
    if (size > (long)SV_PROGRAM_MAX_BYTES) {
        fprintf(stderr, "gen_program: %ld bytes, over the loader's %u: fewer colours\n", size,
                SV_PROGRAM_MAX_BYTES);
        return 1;
    }
    printf("%ld\n", size);
    return 0;
}
