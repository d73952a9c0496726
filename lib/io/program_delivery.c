/* Deliveries: a program (or a style) delivered in several drops, each a date with its units or
 * its share of the units. The launch date is the first delivery. */
#include <stdio.h>
#include <string.h>

#include "program_read.h"

enum { MAX_DELIVERIES = 12 };

sv_code pr_date(ctx *c, const yaml_node_t *n, const char *path, sv_date *out)
{
    const char *v;
    TRY(yw_scalar(c, n, path, "a date (YYYY-MM-DD)", &v));
    if (!sv_date_parse(v, out)) {
        bool shaped = strlen(v) == 10 && v[4] == '-' && v[7] == '-';
        for (int i = 0; shaped && i < 10; i++)
            if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
                shaped = false;
        if (shaped)
            return yw_fail(c, n, path, "%s is not a date that exists", v);
        return yw_fail(c, n, path, "expected a date as YYYY-MM-DD, found \"%s\"", v);
    }
    if (!sv_date_supported(*out))
        return yw_fail(c, n, path,
                       "%s is outside the dates selvedge plans in (" SV_DATE_RANGE_TEXT ")", v);
    return SV_OK;
}

sv_code pr_deliveries_read(ctx *c, const yaml_node_t *n, const char *path, sv_delivery **out,
                           size_t *count)
{
    static const char *const keys[] = {"date", "units", "share_pct", NULL};
    size_t cnt;
    TRY(yw_list(c, n, path, MAX_DELIVERIES, &cnt));
    sv_delivery *d;
    NEW_ARRAY(d, cnt);
    for (size_t i = 0; i < cnt; i++) {
        char p[PATH_LEN], q[PATH_LEN];
        yaml_node_t *e = yw_item(c, n, i), *v, *units, *share;
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        TRY(yw_check_keys(c, e, p, keys));
        d[i].line = (int)e->start_mark.line + 1;
        TRY(yw_required(c, e, p, "date", &v));
        snprintf(q, sizeof q, "%s.date", p);
        TRY(pr_date(c, v, q, &d[i].date));
        units = yw_get(c, e, "units");
        share = yw_get(c, e, "share_pct");
        if (units && share)
            return yw_fail(c, e, p, "give units or share_pct, not both");
        if (!units && !share)
            return yw_fail(c, e, p, "give its units or its share_pct (of the units)");
        d[i].by_share = share != NULL;
        if (i && d[i].by_share != d[0].by_share)
            return yw_fail(c, e, p,
                           "give every delivery units, or every delivery share_pct, "
                           "not a mix");
        d[i].units = d[i].share_bp = SV_UNSET;
        if (units) {
            snprintf(q, sizeof q, "%s.units", p);
            TRY(yw_whole(c, units, q, 1, INT64_C(2000000000000), &d[i].units));
        } else {
            snprintf(q, sizeof q, "%s.share_pct", p);
            TRY(yw_percent(c, share, q, 100, &d[i].share_bp));
        }
        if (i) {
            int64_t a = sv_date_to_days(d[i - 1].date), b = sv_date_to_days(d[i].date);
            char da[16], db[16];
            sv_date_format(d[i].date, db, sizeof db);
            sv_date_format(d[i - 1].date, da, sizeof da);
            if (a == b)
                return yw_fail(c, e, p, "%s is delivered twice: put its units in one delivery", db);
            if (b < a)
                return yw_fail(c, e, p,
                               "%s comes before the delivery above it (%s, line %d): list the "
                               "deliveries in date order",
                               db, da, d[i - 1].line);
        }
    }
    *out = d;
    *count = cnt;
    return SV_OK;
}

sv_code pr_deliveries_total(ctx *c, const yaml_node_t *n, const char *path, const char *whose,
                            int64_t total, sv_delivery *d, size_t cnt)
{
    if (!cnt)
        return SV_OK;
    int64_t sum = 0;
    for (size_t i = 0; i < cnt; i++)
        sum += d[0].by_share ? d[i].share_bp : d[i].units;
    if (d[0].by_share) {
        if (sum != 10000) {
            char s[48];
            sv_decimal_format(sum, 2, false, s, sizeof s);
            if (sum % 100 == 0)
                s[strlen(s) - 3] = '\0'; /* 90%, not 90.00% */
            return yw_fail(c, n, path, "the shares add up to %s%%, not 100%%", s);
        }
        /* units: each share rounded down, the units left one each to the largest remainders */
        int64_t given = 0;
        bool extra[MAX_DELIVERIES] = {false};
        for (size_t i = 0; i < cnt; i++) {
            d[i].units = (int64_t)((__int128)total * d[i].share_bp / 10000);
            given += d[i].units;
        }
        for (int64_t left = total - given; left > 0; left--) {
            size_t best = 0;
            int64_t best_rem = -1;
            for (size_t i = 0; i < cnt; i++) {
                int64_t rem = (int64_t)((__int128)total * d[i].share_bp % 10000);
                if (!extra[i] && rem > best_rem) {
                    best_rem = rem;
                    best = i;
                }
            }
            extra[best] = true;
            d[best].units++;
        }
        return SV_OK;
    }
    if (sum != total)
        return yw_fail(c, n, path,
                       "the deliveries add up to %lld units, and %s to %lld: make "
                       "them agree (or give each delivery its share_pct)",
                       (long long)sum, whose, (long long)total);
    for (size_t i = 0; i < cnt; i++)
        d[i].share_bp = total ? sv_muldiv(d[i].units, 10000, total) : 0;
    return SV_OK;
}
