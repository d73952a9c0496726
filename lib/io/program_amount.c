/* Amounts of the program file with their currency: "4.20", "4.20 USD", "USD 4.20", "£4.20".
 * The brand's currency is the file's; a target price, a cost sheet and a fabric's price may be
 * in another (a quote in US dollars in a sterling program), every other amount is in the
 * brand's. */
#include <stdio.h>
#include <string.h>

#include "program_read.h"

/* Currency signs: the code of each, NULL for a sign of several currencies ($, ¥). */
static const struct {
    const char *sign, *code;
} signs[] = {{"\xc2\xa3", "GBP"},     {"\xe2\x82\xac", "EUR"}, {"$", NULL},
             {"\xc2\xa5", NULL},      {"\xe2\x82\xb9", "INR"}, {"\xe0\xa7\xb3", "BDT"},
             {"\xe2\x82\xab", "VND"}, {"\xe2\x82\xba", "TRY"}};

/* The sign at the start or the end of v[*from, *to), taken off; -1 when there is none. */
static int take_sign(const char *v, size_t *from, size_t *to)
{
    for (int i = 0; i < (int)(sizeof signs / sizeof signs[0]); i++) {
        size_t l = strlen(signs[i].sign);
        if (*to - *from > l && strncmp(v + *from, signs[i].sign, l) == 0) {
            *from += l;
            return i;
        }
        if (*to - *from > l && strncmp(v + *to - l, signs[i].sign, l) == 0) {
            *to -= l;
            return i;
        }
    }
    return -1;
}

static bool letter(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

sv_code pr_amount(ctx *c, const yaml_node_t *n, const char *path, const sv_currency *dflt,
                  const sv_currency *only, const char *why_only, sv_minor *amount,
                  const sv_currency **cur)
{
    const char *v;
    TRY(yw_scalar(c, n, path, "an amount", &v));
    char num[128], code[4] = "";
    size_t len = strlen(v), from = 0, to = len;
    while (from < to && v[from] == ' ')
        from++;
    while (to > from && v[to - 1] == ' ')
        to--;
    int sg = take_sign(v, &from, &to);
    if (sg >= 0 && !signs[sg].code)
        return yw_fail(c, n, path,
                       "\"%s\": write the currency's code after the amount (4.20 USD, 4.20 CAD, "
                       "500 JPY): this sign is the sign of several currencies",
                       v);
    const char *sign = sg >= 0 ? signs[sg].code : NULL;
    if (sign) {
        snprintf(code, sizeof code, "%s", sign);
    } else if (to - from > 4 && letter(v[to - 1]) && letter(v[to - 2]) && letter(v[to - 3]) &&
               !letter(v[to - 4])) {
        /* "4.20 USD", "4.20USD" */
        memcpy(code, v + to - 3, 3);
        to -= 3;
    } else if (to - from > 4 && letter(v[from]) && letter(v[from + 1]) && letter(v[from + 2]) &&
               v[from + 3] == ' ') {
        /* "USD 4.20" */
        memcpy(code, v + from, 3);
        from += 4;
    }
    while (from < to && v[from] == ' ')
        from++;
    while (to > from && v[to - 1] == ' ')
        to--;
    const sv_currency *k = dflt;
    if (code[0]) {
        for (char *q = code; *q; q++)
            if (*q >= 'a' && *q <= 'z')
                *q = (char)(*q - 'a' + 'A');
        if (!(k = sv_currency_find(code)))
            return yw_fail(c, n, path,
                           "unknown currency \"%s\" in \"%s\" (write an ISO 4217 code such as "
                           "USD, EUR, GBP)",
                           code, v);
        if (only && k != only)
            return yw_fail(c, n, path, "\"%s\" is in %s, but %s", v, k->code, why_only);
    }
    if (to - from >= sizeof num)
        to = from + sizeof num - 1;
    memcpy(num, v + from, to - from);
    num[to - from] = '\0';
    if (!num[0])
        return yw_fail(c, n, path, "expected an amount, found \"%s\"", v);
    TRY(yw_money_text(c, n, path, num, k, amount));
    *cur = k;
    return SV_OK;
}

sv_code pr_money(ctx *c, const yaml_node_t *n, const char *path, sv_minor *out)
{
    const sv_currency *brand = PROG(c)->brand.currency, *k;
    char why[160];
    snprintf(why, sizeof why,
             "this amount is in the brand's currency (%s); only a target price, a cost sheet and "
             "a fabric's price may be in another",
             brand->code);
    return pr_amount(c, n, path, brand, brand, why, out, &k);
}

sv_code pr_extra_costs(ctx *c, const yaml_node_t *n, const char *path, const sv_currency *cur,
                       const char *why, sv_extra_costs *e)
{
    char q[PATH_LEN];
    yaml_node_t *v;
    const sv_currency *got;
    *e = (sv_extra_costs){SV_UNSET, SV_UNSET, SV_UNSET, SV_UNSET};
    if ((v = yw_get(c, n, "agent_commission_pct"))) {
        snprintf(q, sizeof q, "%s.agent_commission_pct", path);
        TRY(yw_percent(c, v, q, 50, &e->agent_commission_bp));
    }
    struct {
        const char *key;
        sv_minor *dst;
    } amounts[] = {{"testing_per_unit", &e->testing_per_unit},
                   {"testing_per_style", &e->testing_per_style},
                   {"development_per_style", &e->development_per_style}};
    for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++)
        if ((v = yw_get(c, n, amounts[i].key))) {
            snprintf(q, sizeof q, "%s.%s", path, amounts[i].key);
            TRY(pr_amount(c, v, q, cur, cur, why, amounts[i].dst, &got));
        }
    return SV_OK;
}
