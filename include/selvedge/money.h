/* Money and fixed-point numbers.
 *
 * Money is an integer count of minor units (cents, pence, yen) of one ISO 4217 currency;
 * never a float. Percentages are basis points (1% = 100 bp). Other decimals that come from
 * users (metres of fabric) are fixed point with a documented scale. */
#ifndef SELVEDGE_MONEY_H
#define SELVEDGE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t sv_minor;

typedef struct sv_currency {
    char code[4];     /* "USD" */
    int exponent;     /* digits after the decimal point: 2 for USD, 0 for JPY, 3 for KWD */
    const char *name; /* "US Dollar" */
} sv_currency;

/* The active ISO 4217 currency with this alphabetic code (case-insensitive), or NULL.
 * Returns a pointer into a static table: never free it. */
const sv_currency *sv_currency_find(const char *code);

/* Result of sv_decimal_parse. */
typedef enum {
    SV_DEC_OK = 0,
    SV_DEC_SYNTAX,       /* not a plain decimal number */
    SV_DEC_TOO_PRECISE,  /* more digits after the point than the scale allows */
    SV_DEC_OVERFLOW      /* does not fit in 64 bits at this scale */
} sv_dec_result;

/* Parse a plain decimal ("18.50", "-3", "0.9", "1e3" is refused) into an integer scaled by
 * 10^scale: "18.5" at scale 2 is 1850. Trailing zeros beyond the scale are accepted ("18.500"
 * at scale 2); other extra digits are refused rather than silently rounded. */
sv_dec_result sv_decimal_parse(const char *text, int scale, int64_t *out);

/* Write v / 10^scale with exactly `scale` decimals ("1850", 2 -> "18.50"); with `group`,
 * thousands are separated by commas ("1,234.50"). Returns buf. */
char *sv_decimal_format(int64_t v, int scale, bool group, char *buf, size_t n);

/* a * num / den rounded half away from zero, without intermediate overflow for the sizes
 * this program sees (uses 128-bit arithmetic). den must not be 0. */
int64_t sv_muldiv(int64_t a, int64_t num, int64_t den);

/* v * bp / 10000, rounded half away from zero. */
static inline sv_minor sv_money_mul_bp(sv_minor v, int64_t bp)
{
    return sv_muldiv(v, bp, 10000);
}

/* Checked arithmetic, for every sum and product of money or units whose size the input sets
 * (a program total is units x price summed over a thousand styles, which no input limit can
 * keep inside 64 bits in every currency). Each returns false, and leaves *out unspecified,
 * when the exact result does not fit in an int64_t. */
static inline bool sv_add_ok(int64_t a, int64_t b, int64_t *out)
{
    return !__builtin_add_overflow(a, b, out);
}

static inline bool sv_mul_ok(int64_t a, int64_t b, int64_t *out)
{
    return !__builtin_mul_overflow(a, b, out);
}

/* A running total that remembers whether it ever left 64 bits: add to it freely, look at
 * `overflow` once at the end. Start it at {0}. */
typedef struct sv_sum {
    int64_t v;
    bool overflow;
} sv_sum;

static inline void sv_sum_add(sv_sum *s, int64_t x)
{
    if (!s->overflow && __builtin_add_overflow(s->v, x, &s->v))
        s->overflow = true;
}

/* s += a * b */
static inline void sv_sum_add_product(sv_sum *s, int64_t a, int64_t b)
{
    int64_t p;
    if (__builtin_mul_overflow(a, b, &p))
        s->overflow = true;
    else
        sv_sum_add(s, p);
}

/* Convert an amount between currencies given the exponent of each and a rate expressed as
 * micro-units of `to` per one unit of `from` (rate 920000 = 0.92). */
sv_minor sv_money_convert(sv_minor v, int from_exponent, int to_exponent, int64_t rate_micro);

#endif
