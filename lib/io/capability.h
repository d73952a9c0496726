/* Internal to lib/io: what the two capability formats (docs/factories.md: the YAML file and
 * the capability CSV) share, so a factory reads the same from either: the range of each
 * figure, which the free-text claims of other registries keep to as well, and the rule for a
 * handle. */
#ifndef SELVEDGE_IO_CAPABILITY_H
#define SELVEDGE_IO_CAPABILITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    CAP_MOQ,       /* a minimum per style, per colour or per order, in units */
    CAP_LEAD_DAYS, /* sampling or production, in days */
    CAP_CAPACITY,  /* units a month */
    CAP_WORKERS,   /* people */
    CAP_MONEY,     /* a price or the sample fee, in major units of the file's currency */
    CAP_DEPOSIT,   /* percent */
    CAP__COUNT
} cap_figure;

/* Both ends are included, in whole units (money in major units: dollars, not cents). */
typedef struct cap_range {
    int64_t min, max;
    const char *unit; /* for messages: "units", "days"; "" for money and percentages */
} cap_range;

extern const cap_range cap_ranges[CAP__COUNT];

/* Whether v, a whole number of the figure, is in its range. */
bool cap_in_range(cap_figure f, int64_t v);
/* Whether v, at scale decimals (minor units, basis points), is in the figure's range. */
bool cap_in_range_scaled(cap_figure f, int64_t v, int scale);
/* The range as text for messages, "1 to 365 days", "0 to 100,000,000.00" at scale decimals. */
const char *cap_range_text(cap_figure f, int scale, char *buf, size_t n);

/* A handle (the CSV's handle, the YAML's id), a slug a user types: lower-case ASCII letters,
 * digits, '-' and '_', at least one. CAP_HANDLE_RULE says so in messages. */
#define CAP_HANDLE_RULE "lower-case letters, digits, '-' and '_'"
bool cap_handle_ok(const char *h);

#endif
