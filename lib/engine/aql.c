/* AQL: ISO 2859-1 single sampling plans, normal inspection.
 *
 * Two tables of the standard do all the work:
 *   Table I     lot size x inspection level -> sample size code letter
 *   Table II-A  code letter x AQL           -> sample size and Ac/Re, or an arrow
 * The same tables are printed in ANSI/ASQ Z1.4 and MIL-STD-105E (where they are "Table I"
 * and "Table II-A"; ISO 2859-1:1999 calls them Table 1 and Table 2-A).
 *
 * The cells are typed in exactly as the standard prints them, arrows included, and the
 * arrows are resolved at lookup time. We deliberately do not store a "resolved" table
 * (sample size already substituted): that is where most public copies go wrong, and an
 * arrow kept as an arrow can be checked against the printed standard cell by cell.
 * docs/internals/aql.md names the sources, how they were cross-checked and the one edge
 * cell where public copies disagree. */
#include "selvedge/aql.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define N_LEVELS 7   /* S-1..S-4, I, II, III: the order of sv_aql_level */
#define N_LETTERS 16 /* A..R without I and O */
#define N_AQLS 12    /* 0.065 .. 10, the AQL columns this engine supports */

/* Sample size code letters, in table order. The standard skips I and O so that they are
 * never confused with 1 and 0. */
static const char code_letters[N_LETTERS + 1] = "ABCDEFGHJKLMNPQR";

/* Sample size of each code letter (Table II-A, second column). */
static const int64_t sample_sizes[N_LETTERS] = {
    2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000,
};

/* ISO 2859-1 Table I (= ANSI/ASQ Z1.4 and MIL-STD-105E Table I): sample size code letters.
 * Each row holds the largest lot size of its range; the range starts one above the row
 * before. The first range (2 to 8) also takes a lot of 1: the standard starts at 2 only
 * because nobody samples a single unit, and the 100% rule then inspects it. */
/* clang-format off */
static const struct {
    int64_t max_lot;
    char special[5]; /* S-1 S-2 S-3 S-4 */
    char general[4]; /* I   II  III     */
} table_i[] = {
    /* lot size             largest    S-1..S-4  I II III */
    /* 2 to 8           */ {8,         "AAAA",   "AAB"},
    /* 9 to 15          */ {15,        "AAAA",   "ABC"},
    /* 16 to 25         */ {25,        "AABB",   "BCD"},
    /* 26 to 50         */ {50,        "ABBC",   "CDE"},
    /* 51 to 90         */ {90,        "BBCC",   "CEF"},
    /* 91 to 150        */ {150,       "BBCD",   "DFG"},
    /* 151 to 280       */ {280,       "BCDE",   "EGH"},
    /* 281 to 500       */ {500,       "BCDE",   "FHJ"},
    /* 501 to 1200      */ {1200,      "CCEF",   "GJK"},
    /* 1201 to 3200     */ {3200,      "CDEG",   "HKL"},
    /* 3201 to 10000    */ {10000,     "CDFG",   "JLM"},
    /* 10001 to 35000   */ {35000,     "CDFH",   "KMN"},
    /* 35001 to 150000  */ {150000,    "DEGJ",   "LNP"},
    /* 150001 to 500000 */ {500000,    "DEGJ",   "MPQ"},
    /* 500001 and over  */ {INT64_MAX, "DEHK",   "NQR"},
};
/* clang-format on */

/* The AQL columns of Table II-A that the engine supports, in percent x 1000, with the
 * spelling the standard prints (used in messages). The standard's table runs from 0.010 to
 * 1000. Left out: the four columns below 0.065, whose first plans already take 315 to 1250
 * units, and those above 10, which apply only to nonconformities per 100 items. Cells the
 * API cannot reach would be data nobody tests. */
static const int aql_milli_values[N_AQLS] = {
    65, 100, 150, 250, 400, 650, 1000, 1500, 2500, 4000, 6500, 10000,
};
static const char *const aql_names[N_AQLS] = {
    "0.065", "0.10", "0.15", "0.25", "0.40", "0.65", "1.0", "1.5", "2.5", "4.0", "6.5", "10",
};

/* One cell of Table II-A: a plan (Ac, Re) or an arrow. */
enum cell_kind { CELL_PLAN, CELL_DOWN, CELL_UP };
struct cell {
    unsigned char kind;
    unsigned char ac;
    unsigned char re;
};

/* ISO 2859-1 Table II-A (= ANSI/ASQ Z1.4 and MIL-STD-105E Table II-A; ISO 2859-1:1999
 * Table 2-A), single sampling plans for normal inspection, columns 0.065 to 10.
 * One row per code letter, split over two lines: 0.065..0.65, then 1.0..10.
 *
 * The pattern to check it by: a plan moves one letter up for each step right (n x AQL stays
 * about constant), so every diagonal carries the same Ac/Re; above each 0/1 the column
 * points down, right of it sits an up arrow and then a down arrow before 1/2; past the last
 * plan of a column, 21/22, every cell points up. One cell breaks the pattern because its
 * arrow would leave the table: row A at AQL 10 would point up, but nothing is above A, so
 * it points down, to C (5 units, 1/2). */
/* clang-format off */
#define DN       {CELL_DOWN, 0, 0}      /* "use the first sampling plan below the arrow" */
#define UP       {CELL_UP, 0, 0}        /* "use the first sampling plan above the arrow" */
#define AR(a, r) {CELL_PLAN, (a), (r)}  /* a plan: Ac, Re */

static const struct cell table_ii_a[N_LETTERS][N_AQLS] = {
    /*               0.065       0.10        0.15        0.25        0.40        0.65
     *               1.0         1.5         2.5         4.0         6.5         10 */
    /* A    2 */ { DN,         DN,         DN,         DN,         DN,         DN,
                   DN,         DN,         DN,         DN,         AR(0, 1),   DN },
    /* B    3 */ { DN,         DN,         DN,         DN,         DN,         DN,
                   DN,         DN,         DN,         AR(0, 1),   UP,         DN },
    /* C    5 */ { DN,         DN,         DN,         DN,         DN,         DN,
                   DN,         DN,         AR(0, 1),   UP,         DN,         AR(1, 2) },
    /* D    8 */ { DN,         DN,         DN,         DN,         DN,         DN,
                   DN,         AR(0, 1),   UP,         DN,         AR(1, 2),   AR(2, 3) },
    /* E   13 */ { DN,         DN,         DN,         DN,         DN,         DN,
                   AR(0, 1),   UP,         DN,         AR(1, 2),   AR(2, 3),   AR(3, 4) },
    /* F   20 */ { DN,         DN,         DN,         DN,         DN,         AR(0, 1),
                   UP,         DN,         AR(1, 2),   AR(2, 3),   AR(3, 4),   AR(5, 6) },
    /* G   32 */ { DN,         DN,         DN,         DN,         AR(0, 1),   UP,
                   DN,         AR(1, 2),   AR(2, 3),   AR(3, 4),   AR(5, 6),   AR(7, 8) },
    /* H   50 */ { DN,         DN,         DN,         AR(0, 1),   UP,         DN,
                   AR(1, 2),   AR(2, 3),   AR(3, 4),   AR(5, 6),   AR(7, 8),   AR(10, 11) },
    /* J   80 */ { DN,         DN,         AR(0, 1),   UP,         DN,         AR(1, 2),
                   AR(2, 3),   AR(3, 4),   AR(5, 6),   AR(7, 8),   AR(10, 11), AR(14, 15) },
    /* K  125 */ { DN,         AR(0, 1),   UP,         DN,         AR(1, 2),   AR(2, 3),
                   AR(3, 4),   AR(5, 6),   AR(7, 8),   AR(10, 11), AR(14, 15), AR(21, 22) },
    /* L  200 */ { AR(0, 1),   UP,         DN,         AR(1, 2),   AR(2, 3),   AR(3, 4),
                   AR(5, 6),   AR(7, 8),   AR(10, 11), AR(14, 15), AR(21, 22), UP },
    /* M  315 */ { UP,         DN,         AR(1, 2),   AR(2, 3),   AR(3, 4),   AR(5, 6),
                   AR(7, 8),   AR(10, 11), AR(14, 15), AR(21, 22), UP,         UP },
    /* N  500 */ { DN,         AR(1, 2),   AR(2, 3),   AR(3, 4),   AR(5, 6),   AR(7, 8),
                   AR(10, 11), AR(14, 15), AR(21, 22), UP,         UP,         UP },
    /* P  800 */ { AR(1, 2),   AR(2, 3),   AR(3, 4),   AR(5, 6),   AR(7, 8),   AR(10, 11),
                   AR(14, 15), AR(21, 22), UP,         UP,         UP,         UP },
    /* Q 1250 */ { AR(2, 3),   AR(3, 4),   AR(5, 6),   AR(7, 8),   AR(10, 11), AR(14, 15),
                   AR(21, 22), UP,         UP,         UP,         UP,         UP },
    /* R 2000 */ { AR(3, 4),   AR(5, 6),   AR(7, 8),   AR(10, 11), AR(14, 15), AR(21, 22),
                   UP,         UP,         UP,         UP,         UP,         UP },
};
/* clang-format on */

#undef DN
#undef UP
#undef AR

static const char *const level_names[N_LEVELS] = {"S-1", "S-2", "S-3", "S-4", "I", "II", "III"};

const char *sv_aql_level_name(sv_aql_level level)
{
    if ((int)level < 0 || (int)level >= N_LEVELS)
        return "?";
    return level_names[level];
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static bool ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lower((unsigned char)*a) != lower((unsigned char)*b))
            return false;
    return *a == *b;
}

sv_code sv_aql_level_parse(const char *text, sv_aql_level *out, sv_err *e)
{
    /* Both spellings of the special levels are in use: the standard prints "S-1", factory
     * inspection reports often write "S1". */
    static const struct {
        const char *name;
        sv_aql_level level;
    } names[] = {
        {"S-1", SV_AQL_S1}, {"S1", SV_AQL_S1}, {"S-2", SV_AQL_S2},  {"S2", SV_AQL_S2},
        {"S-3", SV_AQL_S3}, {"S3", SV_AQL_S3}, {"S-4", SV_AQL_S4},  {"S4", SV_AQL_S4},
        {"I", SV_AQL_I},    {"II", SV_AQL_II}, {"III", SV_AQL_III},
    };

    if (!out)
        return sv_err_set(e, SV_ERR_INTERNAL, "sv_aql_level_parse: no output given");
    if (!text || !*text)
        return sv_err_set(e, SV_ERR_USAGE,
                          "no inspection level given: use S-1, S-2, S-3, S-4, I, II or III");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (ieq(text, names[i].name)) {
            *out = names[i].level;
            return SV_OK;
        }
    }
    return sv_err_set(e, SV_ERR_USAGE,
                      "unknown inspection level \"%.32s\": use S-1, S-2, S-3, S-4, I, II or III",
                      text);
}

/* Column of an AQL value, or -1 when the engine has no such column. */
static int aql_column(int aql_milli)
{
    for (int i = 0; i < N_AQLS; i++)
        if (aql_milli_values[i] == aql_milli)
            return i;
    return -1;
}

#define AQL_CHOICES "0.065, 0.10, 0.15, 0.25, 0.40, 0.65, 1.0, 1.5, 2.5, 4.0, 6.5 or 10"

sv_code sv_aql_value_parse(const char *text, int *aql_milli, sv_err *e)
{
    /* A plain decimal "digits[.digits]" read exactly into thousandths of a percent, then
     * looked up among the columns. Reading the number (rather than comparing strings) lets
     * "0.1", "0.10" and "0.100" all name the 0.10 column, while "3.0" or "0.01" are refused
     * because no column carries them. No sign, exponent or spaces: an AQL is typed by hand
     * and anything unusual is more likely a mistake than a format we should guess at. */
    const char *p = text;
    int64_t milli = 0;
    int int_digits = 0, frac_digits = 0;
    bool extra_precision = false; /* a nonzero digit past the thousandths */

    if (!aql_milli)
        return sv_err_set(e, SV_ERR_INTERNAL, "sv_aql_value_parse: no output given");
    if (!text || !*text)
        return sv_err_set(e, SV_ERR_USAGE, "no AQL given: use " AQL_CHOICES);
    for (; *p >= '0' && *p <= '9'; p++, int_digits++) {
        /* Past six digits the value is far beyond any column; stop growing to stay
         * clear of overflow but keep scanning so the syntax check still runs. */
        if (int_digits < 6)
            milli = milli * 10 + (*p - '0');
    }
    if (int_digits == 0)
        goto syntax;
    milli *= 1000;
    if (*p == '.') {
        p++;
        int scale = 100;
        for (; *p >= '0' && *p <= '9'; p++, frac_digits++) {
            if (frac_digits < 3) {
                milli += (*p - '0') * scale;
                scale /= 10;
            } else if (*p != '0') {
                extra_precision = true;
            }
        }
        if (frac_digits == 0)
            goto syntax;
    }
    if (*p)
        goto syntax;
    if (int_digits > 6 || extra_precision || aql_column((int)milli) < 0)
        return sv_err_set(
            e, SV_ERR_USAGE,
            "AQL %.32s is not a supported ISO 2859-1 Table II-A column: use " AQL_CHOICES, text);
    *aql_milli = (int)milli;
    return SV_OK;

syntax:
    return sv_err_set(e, SV_ERR_USAGE, "AQL \"%.32s\" is not a number: use " AQL_CHOICES, text);
}

/* An AQL in thousandths of a percent written as the percent a user would type: 2500 ->
 * "2.5", 10 -> "0.01", 3000 -> "3". Returns buf. */
static const char *format_milli(int milli, char *buf, size_t n)
{
    int64_t v = milli; /* widened so that -INT_MIN cannot overflow */
    const char *sign = v < 0 ? "-" : "";
    int whole = (int)((v < 0 ? -v : v) / 1000);
    int frac = (int)((v < 0 ? -v : v) % 1000);

    if (frac == 0)
        snprintf(buf, n, "%s%d", sign, whole);
    else if (frac % 100 == 0)
        snprintf(buf, n, "%s%d.%d", sign, whole, frac / 100);
    else if (frac % 10 == 0)
        snprintf(buf, n, "%s%d.%02d", sign, whole, frac / 10);
    else
        snprintf(buf, n, "%s%d.%03d", sign, whole, frac);
    return buf;
}

/* Row of Table I for a lot of at least one unit. Lots of 1 go to the first row. */
static size_t table_i_row(int64_t lot_size)
{
    size_t n = sizeof table_i / sizeof table_i[0];
    size_t i = 0;
    while (i + 1 < n && lot_size > table_i[i].max_lot)
        i++;
    return i;
}

static char table_i_letter(int64_t lot_size, sv_aql_level level)
{
    size_t row = table_i_row(lot_size);
    if (level <= SV_AQL_S4)
        return table_i[row].special[level - SV_AQL_S1];
    return table_i[row].general[level - SV_AQL_I];
}

static int letter_index(char letter)
{
    const char *p = strchr(code_letters, letter);
    return (p && letter) ? (int)(p - code_letters) : -1;
}

sv_code sv_aql_plan_for(int64_t lot_size, sv_aql_level level, int aql_milli, sv_aql_plan *out,
                        sv_err *e)
{
    int col, row, start;
    char table;

    if (!out)
        return sv_err_set(e, SV_ERR_INTERNAL, "sv_aql_plan_for: no output given");
    memset(out, 0, sizeof *out);
    if (lot_size < 1)
        return sv_err_set(e, SV_ERR_USAGE, "lot size must be at least 1 unit, got %" PRId64,
                          lot_size);
    if ((int)level < 0 || (int)level >= N_LEVELS)
        return sv_err_set(e, SV_ERR_USAGE, "unknown inspection level %d", (int)level);
    col = aql_column(aql_milli);
    if (col < 0) {
        char shown[32];
        return sv_err_set(
            e, SV_ERR_USAGE,
            "AQL %s is not a supported ISO 2859-1 Table II-A column: use " AQL_CHOICES,
            format_milli(aql_milli, shown, sizeof shown));
    }

    table = table_i_letter(lot_size, level);
    start = letter_index(table);
    if (start < 0)
        return sv_err_set(e, SV_ERR_INTERNAL, "Table I gave no code letter for lot %" PRId64,
                          lot_size);

    /* Follow the arrow, one row at a time, to the first cell that holds a plan. The plan
     * found is a different sampling plan with its own sample size: the standard means the
     * whole plan (n, Ac, Re) of that row, not the Ac/Re grafted onto the original n. The
     * table is built so that every arrow lands on a plan; the bounds check is a guard
     * against a typing mistake in it, not a case the standard has. */
    row = start;
    while (table_ii_a[row][col].kind != CELL_PLAN) {
        row += table_ii_a[row][col].kind == CELL_DOWN ? 1 : -1;
        if (row < 0 || row >= N_LETTERS)
            return sv_err_set(e, SV_ERR_INTERNAL,
                              "Table II-A arrow at %c / AQL %s leaves the table",
                              code_letters[start], aql_names[col]);
    }

    /* Only now is *out written: on every error above it stays all zero. */
    out->table_letter = table;
    out->code_letter = code_letters[row];
    out->arrow_followed = row != start;
    out->sample_size = sample_sizes[row];
    out->accept = table_ii_a[row][col].ac;
    out->reject = table_ii_a[row][col].re;

    /* "If sample size equals or exceeds lot size, carry out 100% inspection." The
     * acceptance number stays that of the plan: with every unit inspected it is the number
     * of nonconforming units the lot may still hold and be accepted at this AQL. */
    if (out->sample_size >= lot_size) {
        out->full_inspection = true;
        out->sample_size = lot_size;
    }
    return SV_OK;
}
