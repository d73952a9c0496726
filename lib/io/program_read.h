/* Internal to lib/io: the pieces of the program file's reader, one file a part of the file
 * (program_yaml.c the whole, the brand and the program; program_style.c a style;
 * program_fabric.c the fabrics; program_amount.c amounts and their currency). */
#ifndef SELVEDGE_PROGRAM_READ_H
#define SELVEDGE_PROGRAM_READ_H

#include "selvedge/program.h"

#include "yaml_walk.h"

/* Caps that keep a hostile file (aliases repeating a big list) from exploding the walk. */
enum { MAX_STYLES = 1000, MAX_COLORS = 200, MAX_SIZES = 60, MAX_LIST = 200 };

/* The walker's context; the program being filled is its user pointer. */
typedef yw ctx;
#define PROG(c) ((sv_program *)(c)->user)

/* An amount with the currency it is written in ("4.20", "4.20 USD", "USD 4.20", "£4.20"):
 * dflt when none is written; a written one must be `only` when that is given (why_only says
 * why in the error). */
sv_code pr_amount(ctx *c, const yaml_node_t *n, const char *path, const sv_currency *dflt,
                  const sv_currency *only, const char *why_only, sv_minor *amount,
                  const sv_currency **cur);
/* An amount in the brand's currency: written without a currency, or with the brand's. */
sv_code pr_money(ctx *c, const yaml_node_t *n, const char *path, sv_minor *out);

/* The fabrics: list at the top of the file, into the program. */
sv_code pr_fabrics(ctx *c, const yaml_node_t *n);
/* A style's fabric: <id>, the program's fabric of that id (case aside), or an error naming the
 * nearest. */
sv_code pr_fabric_ref(ctx *c, const yaml_node_t *n, const char *path, const sv_fabric **out);
/* A list of distinct texts, at most max; what names one in a message ("wash"). */
sv_code pr_text_list(ctx *c, const yaml_node_t *n, const char *path, size_t max, const char *what,
                     const char ***out, size_t *count);

/* A style's sizes, washes, size ratio and colours (keys of the style mapping m). The style's
 * fabric must be read already: its washes are the style's when it lists none. */
sv_code pr_colors(ctx *c, const yaml_node_t *m, const char *path, sv_style *s);

/* A date YYYY-MM-DD that exists, in the dates selvedge plans in. */
sv_code pr_date(ctx *c, const yaml_node_t *n, const char *path, sv_date *out);
/* A deliveries: list at path: dates in order, units or shares, at most 12. */
sv_code pr_deliveries_read(ctx *c, const yaml_node_t *n, const char *path, sv_delivery **out,
                           size_t *count);
/* The deliveries read from n against the units they share (whose: "the styles", "the style"):
 * shares adding up to 100%, or units to total; fills the units of shares and the shares of
 * units. */
sv_code pr_deliveries_total(ctx *c, const yaml_node_t *n, const char *path, const char *whose,
                            int64_t total, sv_delivery *d, size_t cnt);

/* The commission, testing and development keys of mapping n (a cost sheet, or program.costs)
 * into e, amounts in cur (a written currency must be cur: why says so). */
sv_code pr_extra_costs(ctx *c, const yaml_node_t *n, const char *path, const sv_currency *cur,
                       const char *why, sv_extra_costs *e);

/* A timeline: block (the program's or a style's) at path. */
sv_code pr_timeline(ctx *c, const yaml_node_t *n, const char *path, sv_timeline *t);
/* A fabric's source, stock or custom (with the trade's other words for them suggested), at
 * path: a timeline's fabric and a program fabric's source read it alike. */
sv_code pr_fabric_source(ctx *c, const yaml_node_t *n, const char *path, sv_fabric_source *out);
/* The style m, the idx-th of program.styles. */
sv_code pr_style(ctx *c, const yaml_node_t *m, size_t idx, sv_style *s);

#endif
