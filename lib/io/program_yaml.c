/* The program file: YAML read with libyaml's document loader, then walked against the
 * schema by hand so that every error names file:line:column and the field's dotted path.
 *
 * Structural requirements (a brand with a name and a currency, a program with a
 * destination, each style's code, each colour's name and units) are errors here. What a
 * factory would judge (no positioning, no tech pack, no sampling budget, no styles) loads
 * fine and becomes a finding of `selvedge check`: a founder should see all of those at once,
 * not one parse error at a time. */
#include "selvedge/program_yaml.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "program_read.h"
#include "program_words.h"
#include "yaml_walk.h"

#include "selvedge/country.h"
#include "selvedge/suggest.h"

/* payment_terms: a deposit and a balance (the form without a method), or a method of the
 * market with the days it runs for, and a deposit with any. */
static sv_code parse_payment(ctx *c, const yaml_node_t *n, sv_brand *b)
{
    static const char *const keys[] = {"method", "days", "deposit_pct", "balance", NULL};
    TRY(yw_check_keys(c, n, "brand.payment_terms", keys));
    yaml_node_t *v, *days = yw_get(c, n, "days"), *bal = yw_get(c, n, "balance");
    if ((v = yw_get(c, n, "deposit_pct")))
        TRY(yw_percent(c, v, "brand.payment_terms.deposit_pct", 100, &b->deposit_bp));
    if ((v = yw_get(c, n, "method"))) {
        ENUM_NAMES(names, SV_PAY__COUNT, sv_payment_method_name);
        int x;
        TRY(yw_choice_syn(c, v, "brand.payment_terms.method", names, SV_PAY__COUNT, pw_payment,
                          &x));
        b->payment_method = (sv_payment_method)x;
    } else if (b->deposit_bp >= 0 || bal || days) {
        b->payment_method = SV_PAY_DEPOSIT_BALANCE;
    }
    sv_payment_method m = b->payment_method;
    const char *name = sv_payment_method_name(m);
    if (bal && m != SV_PAY_DEPOSIT_BALANCE)
        return yw_fail(c, bal, "brand.payment_terms.balance",
                       "balance goes with a deposit (method: deposit-balance); with %s the rest "
                       "is paid as %s says: leave balance out",
                       name, name);
    if (bal) {
        ENUM_NAMES(names, SV_BALANCE__COUNT, sv_balance_name);
        int x;
        TRY(yw_choice_syn(c, bal, "brand.payment_terms.balance", names, SV_BALANCE__COUNT,
                          pw_balance, &x));
        b->balance = (sv_balance)x;
    }
    bool wants_days = m == SV_PAY_LC_USANCE || m == SV_PAY_DA || m == SV_PAY_OPEN_ACCOUNT;
    if (wants_days && !days)
        return yw_fail(c, n, "brand.payment_terms.days",
                       "%s needs days: how long after shipment (or sight of the documents) the "
                       "factory is paid, e.g. days: %d",
                       name,
                       m == SV_PAY_OPEN_ACCOUNT ? 30
                       : m == SV_PAY_DA         ? 60
                                                : 90);
    if (days && !wants_days) {
        const char *v0;
        TRY(yw_scalar(c, days, "brand.payment_terms.days", "a whole number", &v0));
        if (m == SV_PAY_DEPOSIT_BALANCE)
            return yw_fail(c, days, "brand.payment_terms.days",
                           "days go with lc-usance, d/a or open-account; with a deposit say when "
                           "the balance is paid: balance: net-%s (or before-shipment)",
                           v0);
        return yw_fail(c, days, "brand.payment_terms.days",
                       "%s is paid at sight of the documents, without days; for a credit paid "
                       "later write method: %s, days: %s",
                       name, m == SV_PAY_LC_SIGHT ? "lc-usance" : "d/a", v0);
    }
    if (days)
        TRY(yw_whole(c, days, "brand.payment_terms.days", 1, 365, &b->payment_days));
    return SV_OK;
}

static sv_code parse_brand(ctx *c, const yaml_node_t *m)
{
    static const char *const keys[] = {
        "name", "positioning",     "channels",      "currency",    "funding",
        "team", "sampling_budget", "payment_terms", "growth_plan", "location",
        "contact", NULL};
    sv_brand *b = &PROG(c)->brand;
    yaml_node_t *n;
    TRY(yw_check_keys(c, m, "brand", keys));
    TRY(yw_required(c, m, "brand", "name", &n));
    TRY(yw_text(c, n, "brand.name", &b->name));

    TRY(yw_required(c, m, "brand", "currency", &n));
    const char *cur;
    TRY(yw_scalar(c, n, "brand.currency", "a currency code", &cur));
    b->currency = sv_currency_find(cur);
    if (!b->currency)
        return yw_fail(c, n, "brand.currency",
                    "unknown currency \"%s\" (use an ISO 4217 code such as USD, EUR, GBP)", cur);
    c->exponent = b->currency->exponent;
    c->currency = b->currency->code;

    if ((n = yw_get(c, m, "location")))
        TRY(yw_parse_country(c, n, "brand.location", false, b->location));
    b->positioning = SV_TIER_UNSET;
    if ((n = yw_get(c, m, "positioning"))) {
        ENUM_NAMES(names, SV_TIER__COUNT, sv_tier_name);
        int v;
        TRY(yw_choice_syn(c, n, "brand.positioning", names, SV_TIER__COUNT, pw_tier, &v));
        b->positioning = (sv_tier)v;
    }
    if ((n = yw_get(c, m, "channels"))) {
        size_t cnt;
        TRY(yw_list(c, n, "brand.channels", MAX_LIST, &cnt));
        ENUM_NAMES(names, SV_CHANNEL__COUNT, sv_channel_name);
        for (size_t i = 0; i < cnt; i++) {
            char p[PATH_LEN];
            snprintf(p, sizeof p, "brand.channels[%zu]", i);
            int v;
            TRY(yw_choice_syn(c, yw_item(c, n, i), p, names, SV_CHANNEL__COUNT, pw_channel, &v));
            if (!b->channels[v])
                b->n_channels++;
            b->channels[v] = true;
        }
    }
    b->funding = SV_FUNDING_UNSET;
    if ((n = yw_get(c, m, "funding"))) {
        ENUM_NAMES(names, SV_FUNDING__COUNT, sv_funding_name);
        int v;
        TRY(yw_choice_syn(c, n, "brand.funding", names, SV_FUNDING__COUNT, pw_funding, &v));
        b->funding = (sv_funding)v;
    }
    b->tech_design = SV_STAFF_UNSET;
    b->production_experience_years = SV_UNSET;
    if ((n = yw_get(c, m, "team"))) {
        static const char *const tkeys[] = {"tech_design", "production_experience_years", NULL};
        TRY(yw_check_keys(c, n, "brand.team", tkeys));
        yaml_node_t *v;
        if ((v = yw_get(c, n, "tech_design"))) {
            ENUM_NAMES(names, SV_STAFF__COUNT, sv_staffing_name);
            int x;
            TRY(yw_choice_syn(c, v, "brand.team.tech_design", names, SV_STAFF__COUNT, pw_staffing,
                              &x));
            b->tech_design = (sv_staffing)x;
        }
        if ((v = yw_get(c, n, "production_experience_years")))
            TRY(yw_whole(c, v, "brand.team.production_experience_years", 0, 80,
                      &b->production_experience_years));
    }
    if ((n = yw_get(c, m, "contact"))) {
        static const char *const ckeys[] = {"name", "email", "phone", NULL};
        TRY(yw_check_keys(c, n, "brand.contact", ckeys));
        yaml_node_t *v;
        if ((v = yw_get(c, n, "name")))
            TRY(yw_text(c, v, "brand.contact.name", &b->contact.name));
        if ((v = yw_get(c, n, "email")))
            TRY(yw_text(c, v, "brand.contact.email", &b->contact.email));
        if ((v = yw_get(c, n, "phone")))
            TRY(yw_text(c, v, "brand.contact.phone", &b->contact.phone));
    }
    b->sampling_budget = SV_UNSET;
    if ((n = yw_get(c, m, "sampling_budget")))
        TRY(pr_money(c, n, "brand.sampling_budget", &b->sampling_budget));
    b->deposit_bp = SV_UNSET;
    b->balance = SV_BALANCE_UNSET;
    b->payment_method = SV_PAY_UNSET;
    b->payment_days = SV_UNSET;
    if ((n = yw_get(c, m, "payment_terms"))) {
        b->has_payment_terms = true;
        TRY(parse_payment(c, n, b));
    }
    if ((n = yw_get(c, m, "growth_plan"))) {
        size_t cnt;
        TRY(yw_list(c, n, "brand.growth_plan", 40, &cnt));
        NEW_ARRAY(b->growth, cnt);
        static const char *const gkeys[] = {"season", "units", NULL};
        for (size_t i = 0; i < cnt; i++) {
            char p[PATH_LEN], q[PATH_LEN];
            yaml_node_t *e = yw_item(c, n, i), *v;
            snprintf(p, sizeof p, "brand.growth_plan[%zu]", i);
            TRY(yw_check_keys(c, e, p, gkeys));
            TRY(yw_required(c, e, p, "season", &v));
            snprintf(q, sizeof q, "%s.season", p);
            TRY(yw_text(c, v, q, &b->growth[i].season));
            TRY(yw_required(c, e, p, "units", &v));
            snprintf(q, sizeof q, "%s.units", p);
            TRY(yw_whole(c, v, q, 1, 100000000, &b->growth[i].units));
            for (size_t j = 0; j < i; j++)
                if (strcasecmp(b->growth[j].season, b->growth[i].season) == 0)
                    return yw_fail(c, e, p, "season \"%s\" is planned twice", b->growth[i].season);
        }
        b->n_growth = cnt;
    }
    return SV_OK;
}

/* Whether two groups require the same: one is left out. */
static bool same_group(const sv_cert_group *a, const sv_cert_group *b)
{
    return a->any == b->any &&
           (a->unknown ? b->unknown && !strcasecmp(a->unknown, b->unknown) : !b->unknown);
}

/* certifications_required: each entry as written, and the groups they make (program.h). */
static sv_code parse_cert_groups(ctx *c, const yaml_node_t *n, sv_program *pr)
{
    size_t cnt;
    TRY(yw_list(c, n, "program.certifications_required", MAX_LIST, &cnt));
    NEW_ARRAY(pr->certifications, cnt);
    size_t cap = cnt * 4 + 1, k = 0;
    sv_cert_group *all = malloc(cap * sizeof *all);
    if (!all)
        return sv_err_set(c->err, SV_ERR_NOMEM, "out of memory");
    sv_code rc = SV_OK;
    for (size_t i = 0; i < cnt && !rc; i++) {
        char p[PATH_LEN], why[300];
        sv_cert_group g[SV_CERT_GROUPS_MAX];
        snprintf(p, sizeof p, "program.certifications_required[%zu]", i);
        if ((rc = yw_text(c, yw_item(c, n, i), p, &pr->certifications[i])))
            break;
        int got = sv_cert_groups_parse(pr->certifications[i], c->pool, g, SV_CERT_GROUPS_MAX, why,
                                       sizeof why);
        if (got < 0) {
            rc = yw_fail(c, yw_item(c, n, i), p, "%s", why);
            break;
        }
        for (int j = 0; j < got; j++) {
            bool seen = false;
            for (size_t q = 0; q < k && !seen; q++)
                seen = same_group(&all[q], &g[j]);
            if (seen)
                continue;
            if (k == cap) {
                sv_cert_group *more = realloc(all, 2 * cap * sizeof *all);
                if (!more) {
                    rc = sv_err_set(c->err, SV_ERR_NOMEM, "out of memory");
                    break;
                }
                all = more;
                cap *= 2;
            }
            all[k++] = g[j];
        }
    }
    if (!rc) {
        pr->cert_groups = sv_pool_alloc(c->pool, (k ? k : 1) * sizeof *all);
        if (!pr->cert_groups)
            rc = sv_err_set(c->err, SV_ERR_NOMEM, "out of memory");
        else if (k)
            memcpy(pr->cert_groups, all, k * sizeof *all);
        pr->n_cert_groups = k;
        pr->n_certifications = cnt;
    }
    free(all);
    return rc;
}

static sv_code parse_program(ctx *c, const yaml_node_t *m)
{
    static const char *const keys[] = {"name",
                                       "destination",
                                       "launch_date",
                                       "origin_preference",
                                       "certifications_required",
                                       "styles",
                                       "timeline",
                                       "deliveries",
                                       "costs",
                                       NULL};
    sv_program *pr = PROG(c);
    yaml_node_t *n;
    TRY(yw_check_keys(c, m, "program", keys));
    pr->costs = (sv_extra_costs){SV_UNSET, SV_UNSET, SV_UNSET, SV_UNSET};
    if ((n = yw_get(c, m, "costs"))) {
        static const char *const ckeys[] = {"agent_commission_pct", "testing_per_unit",
                                            "testing_per_style", "development_per_style", NULL};
        char why[160];
        TRY(yw_check_keys(c, n, "program.costs", ckeys));
        snprintf(why, sizeof why,
                 "this amount is in the brand's currency (%s); only a target "
                 "price, a cost sheet and a fabric's price may be in another",
                 pr->brand.currency->code);
        TRY(pr_extra_costs(c, n, "program.costs", pr->brand.currency, why, &pr->costs));
    }
    sv_timeline_init(&pr->timeline);
    if ((n = yw_get(c, m, "timeline")))
        TRY(pr_timeline(c, n, "program.timeline", &pr->timeline));
    TRY(yw_required(c, m, "program", "name", &n));
    TRY(yw_text(c, n, "program.name", &pr->name));
    TRY(yw_required(c, m, "program", "destination", &n));
    TRY(yw_parse_country(c, n, "program.destination", true, pr->destination));
    yaml_node_t *launch = yw_get(c, m, "launch_date"), *dl = yw_get(c, m, "deliveries");
    if (launch) {
        TRY(pr_date(c, launch, "program.launch_date", &pr->launch_date));
        pr->has_launch_date = true;
        pr->launch_date_line = (int)launch->start_mark.line + 1;
    }
    if (dl) {
        /* the launch is the first delivery: the dates now, the units once the styles are read */
        TRY(pr_deliveries_read(c, dl, "program.deliveries", &pr->deliveries, &pr->n_deliveries));
        sv_delivery *first = &pr->deliveries[0];
        if (pr->n_deliveries && launch &&
            sv_date_to_days(first->date) != sv_date_to_days(pr->launch_date)) {
            char a[16], b[16];
            return yw_fail(c, launch, "program.launch_date",
                           "launch_date %s is not the first delivery (%s, line %d): the launch "
                           "is the first delivery; make them the same, or leave launch_date out",
                           sv_date_format(pr->launch_date, a, sizeof a),
                           sv_date_format(first->date, b, sizeof b), first->line);
        }
        if (pr->n_deliveries && !launch) {
            pr->launch_date = first->date;
            pr->has_launch_date = true;
            pr->launch_date_line = first->line;
        }
    }
    if ((n = yw_get(c, m, "origin_preference"))) {
        size_t cnt;
        TRY(yw_list(c, n, "program.origin_preference", 60, &cnt));
        NEW_ARRAY(pr->origins, cnt);
        for (size_t i = 0; i < cnt; i++) {
            char p[PATH_LEN];
            snprintf(p, sizeof p, "program.origin_preference[%zu]", i);
            TRY(yw_parse_country(c, yw_item(c, n, i), p, false, pr->origins[i]));
            for (size_t j = 0; j < i; j++)
                if (strcmp(pr->origins[j], pr->origins[i]) == 0)
                    return yw_fail(c, yw_item(c, n, i), p, "%s is listed twice", pr->origins[i]);
        }
        pr->n_origins = cnt;
    }
    if ((n = yw_get(c, m, "certifications_required")))
        TRY(parse_cert_groups(c, n, pr));
    if ((n = yw_get(c, m, "styles"))) {
        size_t cnt;
        TRY(yw_list(c, n, "program.styles", MAX_STYLES, &cnt));
        NEW_ARRAY(pr->styles, cnt);
        for (size_t i = 0; i < cnt; i++) {
            TRY(pr_style(c, yw_item(c, n, i), i, &pr->styles[i]));
            for (size_t j = 0; j < i; j++)
                if (strcasecmp(pr->styles[j].code, pr->styles[i].code) == 0) {
                    char p[PATH_LEN];
                    snprintf(p, sizeof p, "program.styles[%zu].code", i);
                    return yw_fail(c, yw_item(c, n, i), p,
                                "style code \"%s\" is used twice (first on line %d)",
                                pr->styles[i].code, pr->styles[j].line);
                }
        }
        pr->n_styles = cnt;
    }
    /* no launch date and no program deliveries: the first delivery of any style */
    for (size_t i = 0; i < pr->n_styles && !launch && !pr->n_deliveries; i++) {
        const sv_style *s = &pr->styles[i];
        if (s->n_deliveries && (!pr->has_launch_date || sv_date_to_days(s->deliveries[0].date) <
                                                            sv_date_to_days(pr->launch_date))) {
            pr->launch_date = s->deliveries[0].date;
            pr->launch_date_line = s->deliveries[0].line;
            pr->has_launch_date = true;
        }
    }
    if (dl)
        TRY(pr_deliveries_total(c, dl, "program.deliveries", "the styles", sv_program_units(pr),
                                pr->deliveries, pr->n_deliveries));
    return SV_OK;
}

sv_code sv_program_parse(const char *textbuf, size_t len, const char *name, sv_program **out,
                         sv_err *e)
{
    yaml_document_t doc;
    sv_program *prog = NULL;
    *out = NULL;
    if (!name)
        name = "<input>";
    if (len > SV_PROGRAM_MAX_BYTES)
        return sv_err_at(e, SV_ERR_IO, name, 0, 0, NULL, "file is too large (%zu bytes, at most %u)",
                         len, SV_PROGRAM_MAX_BYTES);
    sv_code rc = yw_load(textbuf, len, name, &doc, e,
                         "the file is empty: a program needs a brand: and a program: section");
    if (rc)
        return rc;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    prog = calloc(1, sizeof *prog);
    if (!prog || !(prog->pool = sv_pool_create())) {
        rc = sv_err_set(e, SV_ERR_NOMEM, "out of memory");
        goto out;
    }
    prog->path = sv_pool_strdup(prog->pool, name);
    ctx c = {.file = name, .doc = &doc, .pool = prog->pool, .err = e, .user = prog};
    static const char *const keys[] = {"brand", "fabrics", "program", NULL};
    yaml_node_t *n;
    if ((rc = yw_check_keys(&c, root, "", keys)))
        goto out;
    if ((rc = yw_required(&c, root, "", "brand", &n)) || (rc = parse_brand(&c, n)))
        goto out;
    /* before the styles, which name them */
    if ((n = yw_get(&c, root, "fabrics")) && (rc = pr_fabrics(&c, n)))
        goto out;
    if ((rc = yw_required(&c, root, "", "program", &n)) || (rc = parse_program(&c, n)))
        goto out;
    *out = prog;
    prog = NULL;
out:
    sv_program_free(prog);
    yaml_document_delete(&doc);
    return rc;
}

sv_code sv_program_load(const char *path, sv_program **out, sv_err *e)
{
    *out = NULL;
    char *buf;
    size_t len;
    sv_code rc = yw_read_file(path, SV_PROGRAM_MAX_BYTES, &buf, &len, e);
    if (rc)
        return rc;
    rc = sv_program_parse(buf, len, path, out, e);
    free(buf);
    return rc;
}
