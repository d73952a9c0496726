/* Internal to lib/io: schema walking over a libyaml document, with errors that name
 * file:line:column and the dotted field. */
#ifndef SELVEDGE_YAML_WALK_H
#define SELVEDGE_YAML_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

#include "selvedge/err.h"
#include "selvedge/money.h"
#include "selvedge/pool.h"

enum { PATH_LEN = 128, MAX_FLOW_DEPTH = 64 };

typedef struct yw {
    const char *file;
    yaml_document_t *doc;
    sv_pool *pool;              /* strings and arrays read are kept here */
    sv_err *err;
    int exponent;               /* of the currency amounts are in */
    const char *currency;       /* its code, for messages */
    void *user;                 /* the reader's own state */
} yw;

#define TRY(expr)                                                                                  \
    do {                                                                                           \
        sv_code rc_ = (expr);                                                                      \
        if (rc_)                                                                                   \
            return rc_;                                                                            \
    } while (0)

#define NEW_ARRAY(ptr, n)                                                                          \
    do {                                                                                           \
        (ptr) = sv_pool_alloc(c->pool, sizeof *(ptr) * ((n) ? (n) : 1));                           \
        if (!(ptr))                                                                                \
            return sv_err_set(c->err, SV_ERR_NOMEM, "out of memory");                              \
    } while (0)

/* names[] of an enum from its name function, for yw_choice */
#define ENUM_NAMES(var, count, namefn)                                                             \
    const char *var[count];                                                                        \
    for (int i_ = 0; i_ < (count); i_++)                                                           \
        var[i_] = namefn(i_);

yaml_node_t *yw_node_at(yw *c, int id);
sv_code yw_fail(yw *c, const yaml_node_t *n, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
const char *yw_kind_name(const yaml_node_t *n);
bool yw_is_null_scalar(const yaml_node_t *n);
sv_code yw_scalar(yw *c, const yaml_node_t *n, const char *path, const char *want,
                  const char **out);
/* Trimmed, non-empty text of at most 200 characters, copied into the pool. */
sv_code yw_text(yw *c, const yaml_node_t *n, const char *path, const char **out);
/* Numbers (yw_whole, yw_fixed, yw_money) read thousands grouped with commas, spaces or
 * underscores ("5,000", "5 000", "1,00,000") and refuse, saying what to write, a comma as a
 * decimal point ("1,5"), points grouping thousands ("1.250.000", "1.250,50"), and in a whole
 * number a point before three digits ("5.000": five, or five thousand?). */
sv_code yw_whole(yw *c, const yaml_node_t *n, const char *path, int64_t min, int64_t max,
                 int64_t *out);
sv_code yw_fixed(yw *c, const yaml_node_t *n, const char *path, int scale, int64_t min,
                 int64_t max, const char *unit, int64_t *out);
/* A non-negative amount in minor units of c->currency. */
sv_code yw_money(yw *c, const yaml_node_t *n, const char *path, sv_minor *out);
/* The same from the text v of node n, in minor units of cur. */
sv_code yw_money_text(yw *c, const yaml_node_t *n, const char *path, const char *v,
                      const sv_currency *cur, sv_minor *out);
sv_code yw_percent(yw *c, const yaml_node_t *n, const char *path, int64_t max_pct, int64_t *bp);
sv_code yw_boolean(yw *c, const yaml_node_t *n, const char *path, bool *out);
sv_code yw_choice(yw *c, const yaml_node_t *n, const char *path, const char *const *names,
                  int count, int *out);

/* A word of the trade for one of a choice's names ("tee" for "t-shirt"): never accepted in its
 * place, only suggested. Tables end with {NULL, NULL}. */
typedef struct yw_synonym {
    const char *word, *name;
} yw_synonym;
/* yw_choice, with "did you mean" from: the name in another spelling ("self funded", "tshirt",
 * "legging"), a word of syn in any spelling ("Tee", "pyjamas"), a typo of a name, a typo of a
 * word of syn. */
sv_code yw_choice_syn(yw *c, const yaml_node_t *n, const char *path, const char *const *names,
                      int count, const yw_synonym *syn, int *out);
/* The name yw_choice_syn suggests for v, or NULL. */
const char *yw_nearest(const char *v, const char *const *names, int count, const yw_synonym *syn);
/* The mapping's keys are all in known (NULL-terminated), none twice; "did you mean". */
sv_code yw_check_keys(yw *c, const yaml_node_t *map, const char *path, const char *const *known);
/* The value of key, or NULL when absent or null. */
yaml_node_t *yw_get(yw *c, const yaml_node_t *map, const char *key);
sv_code yw_required(yw *c, const yaml_node_t *map, const char *path, const char *key,
                    yaml_node_t **out);
sv_code yw_list(yw *c, const yaml_node_t *n, const char *path, size_t max, size_t *count);
yaml_node_t *yw_item(yw *c, const yaml_node_t *seq, size_t i);
sv_code yw_parse_country(yw *c, const yaml_node_t *n, const char *path, bool allow_eu,
                         char out[3]);

void yw_position_of(const char *text, size_t len, size_t offset, int *line, int *col);
void yw_problem_position(const yaml_parser_t *ps, const char *text, size_t len, int *line,
                         int *col);
bool yw_too_deep(const char *text, size_t len, int *line, int *col);

/* Load the one YAML document of text into doc (yaml_document_delete it after): nesting
 * capped, syntax errors placed, an empty file or a second document refused. */
sv_code yw_load(const char *text, size_t len, const char *name, yaml_document_t *doc, sv_err *e,
                const char *empty_msg);
/* Read a whole file of at most max bytes; *buf is malloc'd (free it). */
sv_code yw_read_file(const char *path, size_t max, char **buf, size_t *len, sv_err *e);

#endif
