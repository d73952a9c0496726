#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "selvedge/json_out.h"
#include "selvedge/match.h"

/* Every builder runs inside a guard: jansson's allocations go through the functions installed
 * when the first guard of the process began (the system's malloc, or a test's), and one that
 * fails marks the document of its thread, which that thread's guard then drops: a report
 * missing a field is no report, whichever of the hundreds of sets and appends lost it.
 * jansson's allocator is the process's and the server builds on several workers at once: the
 * guards of all threads are counted under a lock (the wrapper installed by the first, the
 * allocator put back by the last), the depth and the failure are each thread's own. */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static json_malloc_t g_inner_malloc;
static json_free_t g_inner_free;
static int g_active;               /* guards begun and not ended, all threads; under g_mu */
static _Thread_local int t_depth;  /* this thread's */
static _Thread_local bool t_failed;

static void *guarded_malloc(size_t n)
{
    void *p = g_inner_malloc(n);
    if (!p && t_depth)
        t_failed = true;
    return p;
}

void sv_json_guard_begin(void)
{
    if (t_depth++ == 0)
        t_failed = false;
    pthread_mutex_lock(&g_mu);
    if (g_active++ == 0) {
        json_get_alloc_funcs(&g_inner_malloc, &g_inner_free);
        json_set_alloc_funcs(guarded_malloc, g_inner_free);
    }
    pthread_mutex_unlock(&g_mu);
}

json_t *sv_json_guard_end(json_t *j)
{
    if (t_depth == 0)
        return j;
    pthread_mutex_lock(&g_mu);
    if (--g_active == 0)
        json_set_alloc_funcs(g_inner_malloc, g_inner_free);
    pthread_mutex_unlock(&g_mu);
    if (--t_depth == 0 && (t_failed || !j)) {
        json_decref(j);
        return NULL;
    }
    return j;
}

/* value / 10^scale as a JSON number. Doubles print exactly enough at 15 significant digits
 * for every amount this program handles; the integer fields stay exact regardless. */
static json_t *decimal(int64_t v, int scale)
{
    if (scale == 0)
        return json_integer(v);
    double d = (double)v;
    for (int i = 0; i < scale; i++)
        d /= 10;
    return json_real(d);
}

static json_t *money_str(int64_t v, int exp)
{
    char b[48];
    return json_string(sv_decimal_format(v, exp, false, b, sizeof b));
}

static json_t *numbers(const sv_fact *facts, int n_facts)
{
    json_t *nums = json_object();
    for (int k = 0; k < n_facts; k++) {
        json_t *n = json_object();
        json_object_set_new(n, "value", decimal(facts[k].value, facts[k].scale));
        json_object_set_new(n, "unit", json_string(facts[k].unit));
        json_object_set_new(nums, facts[k].name, n);
    }
    return nums;
}

static json_t *build_readiness(const sv_program *p, const sv_readiness *r)
{
    json_t *o = json_object();
    json_t *areas = json_object(), *findings = json_array();
    json_object_set_new(o, "program", json_string(p->name));
    json_object_set_new(o, "brand", json_string(p->brand.name));
    json_object_set_new(o, "score", json_integer(r->score));
    json_object_set_new(o, "verdict", json_string(sv_verdict_name(r->verdict)));
    for (int a = 0; a < SV_AREA__COUNT; a++)
        json_object_set_new(areas, sv_area_name((sv_area)a), json_integer(r->areas[a]));
    json_object_set_new(o, "areas", areas);
    json_t *counts = json_object();
    for (int s = 0; s < SV_SEV__COUNT; s++)
        json_object_set_new(counts, sv_severity_name((sv_severity)s), json_integer(r->counts[s]));
    json_object_set_new(o, "counts", counts);
    for (size_t i = 0; i < r->n_findings; i++) {
        const sv_finding *f = &r->findings[i];
        json_t *j = json_object();
        json_object_set_new(j, "code", json_string(f->code));
        json_object_set_new(j, "severity", json_string(sv_severity_name(f->severity)));
        json_object_set_new(j, "area", json_string(sv_area_name(f->area)));
        json_object_set_new(j, "style", f->style ? json_string(f->style) : json_null());
        json_object_set_new(j, "message", json_string(f->message));
        json_object_set_new(j, "fix", json_string(f->fix));
        json_object_set_new(j, "numbers", numbers(f->facts, f->n_facts));
        if (f->n_parts) {
            /* a finding grouped over styles: each style with its own numbers */
            json_t *styles = json_array();
            for (size_t k = 0; k < f->n_parts; k++) {
                json_t *s = json_object();
                json_object_set_new(s, "style", json_string(f->parts[k].style));
                json_object_set_new(s, "numbers", numbers(f->parts[k].facts, f->parts[k].n_facts));
                json_array_append_new(styles, s);
            }
            json_object_set_new(j, "styles", styles);
        }
        json_array_append_new(findings, j);
    }
    json_object_set_new(o, "findings", findings);
    return o;
}

static json_t *sheet_json(const sv_cost_sheet *c, int exp)
{
    json_t *o = json_object();
    json_object_set_new(o, "fabric", json_integer(c->fabric));
    json_object_set_new(o, "trims", json_integer(c->trims));
    json_object_set_new(o, "cmt", json_integer(c->cmt));
    json_object_set_new(o, "wash_print", json_integer(c->wash_print));
    json_object_set_new(o, "packaging", json_integer(c->packaging));
    json_object_set_new(o, "overhead", json_integer(c->overhead));
    json_object_set_new(o, "factory_margin", json_integer(c->margin));
    json_object_set_new(o, "incoterm", json_string(sv_incoterm_name(c->basis)));
    json_object_set_new(o, "price", json_integer(c->quoted));
    json_object_set_new(o, "origin_charges", json_integer(c->origin_charges));
    json_object_set_new(o, "in_price", json_integer(c->in_price));
    json_object_set_new(o, "fob", json_integer(c->fob));
    json_object_set_new(o, "fob_text", money_str(c->fob, exp));
    json_object_set_new(o, "fabric_unit", json_string(c->by_kg ? "kg" : "m"));
    json_object_set_new(o, "bought", json_string(c->yarn ? "yarn" : "fabric"));
    json_object_set_new(o, "consumption", decimal(c->consumption_mm, 3));
    json_object_set_new(o, "price_per_unit", json_integer(c->price_per_m));
    json_object_set_new(o, "wastage_pct", decimal(c->wastage_bp, 2));
    json_object_set_new(o, "overhead_pct", decimal(c->overhead_bp, 2));
    json_object_set_new(o, "factory_margin_pct", decimal(c->margin_bp, 2));
    return o;
}

static json_t *opt_int(int64_t v)
{
    return v < 0 ? json_null() : json_integer(v);
}

static json_t *day_json(int64_t d)
{
    char b[16];
    return json_string(sv_day_format(d, b, sizeof b));
}

static json_t *build_cost(const sv_program *p, const sv_cost_report *r)
{
    int exp = r->currency->exponent;
    json_t *o = json_object(), *styles = json_array();
    json_object_set_new(o, "program", json_string(p->name));
    json_object_set_new(o, "currency", json_string(r->currency->code));
    json_object_set_new(o, "minor_unit_exponent", json_integer(exp));
    json_object_set_new(o, "origin", json_string(r->origin));
    json_object_set_new(o, "origin_assumed", json_boolean(r->origin_assumed));
    json_object_set_new(o, "destination", json_string(r->destination));
    json_object_set_new(o, "mode", json_string(sv_mode_name(r->mode)));
    json_object_set_new(o, "mode_requested", json_string(sv_mode_name(r->mode_requested)));
    json_t *fm = json_object();
    json_object_set_new(fm, "shipment_kg", decimal(r->shipment_g, 3));
    json_object_set_new(fm, "minimum_kg", decimal(r->freight_min_g, 3));
    json_object_set_new(fm, "chargeable_kg", decimal(r->chargeable_g, 3));
    json_object_set_new(fm, "minimum_applies", json_boolean(r->freight_minimum));
    json_object_set_new(o, "freight_shipment", fm);
    if (r->entry_day) {
        json_object_set_new(o, "entry_date", day_json(r->entry_day));
        json_object_set_new(o, "entry_date_basis", json_string(r->entry_basis));
    } else {
        json_object_set_new(o, "entry_date", json_null());
        json_object_set_new(o, "entry_date_basis", json_null());
    }
    if (r->pending) {
        json_t *pa = json_object();
        json_object_set_new(pa, "scheme", json_string(r->pending->scheme));
        json_object_set_new(pa, "rate_pct", decimal(r->pending->rate_bp, 2));
        json_object_set_new(pa, "applied", json_boolean(r->pending_applied));
        json_object_set_new(pa, "caveat",
                            r->pending->caveat ? json_string(r->pending->caveat) : json_null());
        json_object_set_new(pa, "source", json_string(r->pending->source));
        json_object_set_new(o, "pending_agreement", pa);
    } else {
        json_object_set_new(o, "pending_agreement", json_null());
    }
    static const char *const why[] = {"applied",    "ended",  "not_yet", "switched_off",
                                      "preference", "exempt", "no_rate", "undated"};
    json_t *xs = json_array();
    for (int k = 0; k < r->n_extra; k++) {
        const sv_extra_duty *x = r->extra[k].row;
        json_t *j = json_object();
        json_object_set_new(j, "name", json_string(x->name));
        json_object_set_new(j, "kind", json_string(sv_extra_kind_name(x->kind)));
        json_object_set_new(j, "rate_pct",
                            x->kind == SV_EXTRA_WATCH ? json_null() : decimal(x->rate_bp, 2));
        json_object_set_new(j, "basis", json_string(x->topup ? "topup" : "add"));
        json_object_set_new(j, "from", x->from ? day_json(x->from) : json_null());
        json_object_set_new(j, "until", x->until ? day_json(x->until) : json_null());
        json_object_set_new(j, "legal_status", json_string(x->status));
        json_object_set_new(j, "applied", json_boolean(r->extra[k].status == SV_EXTRA_APPLIED));
        json_object_set_new(j, "why", json_string(why[r->extra[k].status]));
        json_object_set_new(j, "source", json_string(x->source));
        json_array_append_new(xs, j);
    }
    json_object_set_new(o, "additional_duties", xs);
    json_object_set_new(o, "us_surcharges", json_string(r->surcharges_off ? "off" : "on"));
    if (r->fx) {
        json_t *fx = json_object();
        json_object_set_new(fx, "currency", json_string(r->fx->currency));
        json_object_set_new(fx, "usd_per_unit", decimal(r->fx->usd_per_unit_micro, 6));
        json_object_set_new(fx, "as_of", json_string(r->fx->as_of));
        json_object_set_new(fx, "source", json_string(r->fx->source));
        json_object_set_new(o, "fx", fx);
    }
    json_t *fs = json_array();
    for (int k = 0; k < r->n_fees; k++) {
        const sv_fee_line *l = &r->fees[k];
        json_t *j = json_object();
        json_object_set_new(j, "name", json_string(l->row->name));
        json_object_set_new(j, "rate_pct", decimal(l->row->rate_ppm, 4));
        json_object_set_new(j, "applied", json_boolean(l->applied));
        json_object_set_new(j, "waived", json_boolean(l->waived));
        json_object_set_new(j, "per_entry", l->applied ? json_integer(l->entry) : json_null());
        json_object_set_new(j, "at_minimum", json_boolean(l->at_min));
        json_object_set_new(j, "at_maximum", json_boolean(l->at_max));
        json_object_set_new(j, "source", json_string(l->row->source));
        json_array_append_new(fs, j);
    }
    json_object_set_new(o, "customs_fees", fs);
    json_object_set_new(o, "entries", json_integer(r->entries));
    json_t *cv = json_object();
    json_object_set_new(cv, "basis", json_string(sv_basis_name(r->valuation)));
    json_object_set_new(cv, "assumed", json_boolean(r->valuation_assumed));
    json_object_set_new(cv, "source",
                        r->valuation_source ? json_string(r->valuation_source) : json_null());
    json_object_set_new(o, "customs_valuation", cv);
    json_object_set_new(o, "program_units", json_integer(r->program_units));
    json_object_set_new(o, "total_fob", json_integer(r->total_fob));
    json_object_set_new(o, "total_landed", json_integer(r->total_landed));
    for (size_t i = 0; i < r->n_styles; i++) {
        const sv_style_cost *s = &r->styles[i];
        json_t *j = json_object();
        json_object_set_new(j, "code", json_string(s->style->code));
        json_object_set_new(j, "units", json_integer(sv_style_units(s->style)));
        json_object_set_new(j, "origin", json_string(s->origin));
        json_object_set_new(j, "mode", json_string(sv_mode_name(s->mode)));
        json_object_set_new(j, "costed", json_boolean(s->ok));
        if (!s->ok) {
            json_array_append_new(styles, j);
            continue;
        }
        json_object_set_new(j, "estimate", json_boolean(s->estimated));
        json_t *sheet = sheet_json(&s->sheet, exp);
        /* the quantity the sheet is priced at: "order" (the brand's sheet as written, the
         * price at the units planned), "bulk" (its sheet says basis: bulk), "estimate" (a
         * bulk figure from price_bands.tsv) */
        json_object_set_new(sheet, "quantity_basis",
                            json_string(s->estimated          ? "estimate"
                                        : s->style->cost.bulk ? "bulk"
                                                              : "order"));
        json_object_set_new(j, "cost_sheet", sheet);
        /* the FOB a unit at the units planned: what landed, margins, checks and totals use */
        json_object_set_new(j, "fob_planned", json_integer(s->fob));
        json_object_set_new(j, "fob_planned_units", json_integer(s->fob_units));
        json_object_set_new(j, "fob_planned_from_model", json_boolean(s->fob_from_model));
        json_object_set_new(j, "fob_planned_stock_fabric", json_boolean(s->fob_stock_fabric));
        json_object_set_new(j, "target_fob", opt_int(s->style->target_fob));
        json_t *l = json_object();
        json_object_set_new(l, "fob", json_integer(s->fob));
        json_object_set_new(l, "freight", json_integer(s->freight));
        json_object_set_new(l, "insurance", json_integer(s->insurance));
        json_object_set_new(l, "customs_value", json_integer(s->customs_value));
        json_object_set_new(l, "duty", json_integer(s->duty));
        json_object_set_new(l, "duty_pct", decimal(s->duty_bp, 2));
        json_object_set_new(l, "fiber", json_string(sv_fiber_name(s->fiber)));
        json_object_set_new(l, "fiber_unknown", json_boolean(s->fiber_unknown));
        json_object_set_new(l, "fiber_assumed", json_boolean(s->fiber_assumed));
        json_object_set_new(l, "fiber_rate_of",
                            s->fiber_assumed && s->fiber_rate_of >= 0
                                ? json_string(sv_fiber_name((sv_fiber)s->fiber_rate_of))
                                : json_null());
        json_object_set_new(l, "fiber_max_pct", decimal(s->fiber_max_bp, 2));
        json_object_set_new(l, "tariff_gender",
                            s->duty_gender ? json_string(s->duty_gender) : json_null());
        json_object_set_new(l, "gender_note",
                            s->gender_note ? json_string(s->gender_note) : json_null());
        json_object_set_new(l, "duty_scheme",
                            s->duty_scheme ? json_string(s->duty_scheme) : json_null());
        json_object_set_new(l, "duty_caveat",
                            s->duty_caveat ? json_string(s->duty_caveat) : json_null());
        json_object_set_new(l, "preference_withdrawn",
                            s->withdrawn ? json_string(s->withdrawn) : json_null());
        json_t *ad = json_array();
        for (int k = 0; k < r->n_extra; k++) {
            if (r->extra[k].status != SV_EXTRA_APPLIED)
                continue;
            json_t *a = json_object();
            json_object_set_new(a, "name", json_string(r->extra[k].row->name));
            json_object_set_new(a, "rate_pct", decimal(s->extra_bp[k], 2));
            json_object_set_new(a, "amount", json_integer(s->extra[k]));
            json_array_append_new(ad, a);
        }
        json_object_set_new(l, "additional_duties", ad);
        json_object_set_new(l, "additional_duty", json_integer(s->extra_total));
        int64_t all_bp = s->duty_bp;
        for (int k = 0; k < r->n_extra; k++)
            all_bp += s->extra_bp[k];
        json_object_set_new(l, "duty_rate_total_pct", decimal(all_bp, 2));
        json_object_set_new(l, "customs_fees", json_integer(s->fees_total));
        json_object_set_new(l, "brokerage", json_integer(s->brokerage));
        json_object_set_new(l, "agent_commission_pct", decimal(s->commission_bp, 2));
        json_object_set_new(l, "agent_commission", json_integer(s->commission));
        json_object_set_new(l, "testing", json_integer(s->testing));
        json_object_set_new(l, "development", json_integer(s->development));
        json_object_set_new(l, "landed", json_integer(s->landed));
        json_object_set_new(l, "landed_text", money_str(s->landed, exp));
        json_object_set_new(j, "landed", l);
        json_t *m = json_object();
        json_object_set_new(m, "retail_price", opt_int(s->retail));
        json_object_set_new(m, "retail_price_net",
                            s->retail > 0 ? json_integer(s->retail_net) : json_null());
        json_object_set_new(m, "sales_tax_pct", s->vat ? decimal(s->vat->rate_bp, 2) : json_null());
        json_object_set_new(m, "sales_tax_in_shelf_price",
                            s->vat ? json_boolean(s->vat->in_shelf_price) : json_null());
        json_object_set_new(m, "margin_basis",
                            json_string(!s->vat ? "as given (no rule on file)"
                                        : s->vat->in_shelf_price
                                            ? "net of sales tax"
                                            : "as given (tax added at the till)"));
        json_object_set_new(m, "wholesale_price", opt_int(s->wholesale));
        json_object_set_new(m, "wholesale_from_keystone", json_boolean(s->wholesale_derived));
        json_object_set_new(m, "retail_margin_pct",
                            s->retail_margin_bp == SV_UNSET ? json_null()
                                                            : decimal(s->retail_margin_bp, 2));
        json_object_set_new(m, "wholesale_margin_pct",
                            s->wholesale_margin_bp == SV_UNSET
                                ? json_null()
                                : decimal(s->wholesale_margin_bp, 2));
        json_object_set_new(m, "retail_multiple",
                            s->retail_multiple_x100 == SV_UNSET
                                ? json_null()
                                : decimal(s->retail_multiple_x100, 2));
        json_object_set_new(j, "margins", m);
        json_t *runs = json_array();
        for (int k = 0; k < s->n_runs; k++) {
            const sv_run_cost *rc = &s->runs[k];
            json_t *x = json_object();
            json_object_set_new(x, "units", json_integer(rc->units));
            json_object_set_new(x, "unit_fob", json_integer(rc->unit_fob));
            json_object_set_new(x, "setup_per_unit", json_integer(rc->setup_per_unit));
            json_object_set_new(x, "unused_fabric_per_unit",
                                json_integer(rc->fabric_minimum_per_unit));
            json_object_set_new(x, "vs_bulk", decimal(rc->vs_bulk_bp, 4));
            json_object_set_new(x, "planned", json_boolean(rc->planned));
            json_object_set_new(x, "stock_fabric", json_boolean(rc->stock_fabric));
            json_array_append_new(runs, x);
        }
        json_object_set_new(j, "small_runs", runs);
        json_array_append_new(styles, j);
    }
    json_object_set_new(o, "styles", styles);
    return o;
}

static json_t *day(int64_t d)
{
    char b[16];
    return json_string(sv_day_format(d, b, sizeof b));
}

/* the last day of work: end is exclusive, and a 0-day milestone ends the day it starts */
static int64_t last_day(int64_t start, int64_t end)
{
    return end > start ? end - 1 : start;
}

static json_t *build_plan(const sv_program *p, const sv_plan *pl, const sv_refdata *rd)
{
    int exp = p->brand.currency->exponent;
    json_t *o = json_object();
    json_object_set_new(o, "program", json_string(p->name));
    json_object_set_new(o, "brand", json_string(p->brand.name));
    json_object_set_new(o, "origin", json_string(pl->origin));
    json_object_set_new(o, "origin_assumed", json_boolean(pl->origin_assumed));
    json_object_set_new(o, "destination", json_string(p->destination));
    /* the lane's mode: a trucked lane asked for "sea" is road */
    json_object_set_new(o, "mode", json_string(sv_mode_name(pl->lane_mode)));
    json_object_set_new(o, "today", day(pl->today));
    json_object_set_new(o, "launch", pl->has_launch ? day(pl->launch) : json_null());
    json_object_set_new(o, "ready", day(pl->ready));
    json_object_set_new(o, "latest_start", day(pl->latest_start));
    json_object_set_new(o, "slack_days", pl->has_launch ? json_integer(pl->slack) : json_null());
    json_object_set_new(o, "verdict", json_string(sv_plan_verdict_name(pl->verdict)));
    json_t *ship = json_object();
    json_object_set_new(ship, "door_to_door_days", json_integer(pl->transit_door_to_door));
    json_object_set_new(ship, "customs_cleared", json_boolean(pl->customs_cleared));
    json_object_set_new(ship, "customs_union",
                        pl->customs_union ? json_string(pl->customs_union) : json_null());
    json_object_set_new(o, "shipping", ship);
    json_t *smp = json_object();
    json_object_set_new(smp, "brand_location", json_string(pl->brand_location));
    json_object_set_new(smp, "brand_location_assumed", json_boolean(pl->brand_location_assumed));
    json_object_set_new(smp, "courier_days", json_integer(pl->courier_days));
    json_object_set_new(o, "samples", smp);
    /* every origin the plan makes goods in, the plan's own first: its styles, lane and date */
    json_t *origins = json_array();
    for (size_t k = 0; k < pl->n_origins; k++) {
        const sv_plan_origin *po = &pl->origins[k];
        json_t *j = json_object(), *styles = json_array();
        json_object_set_new(j, "origin", json_string(po->country));
        for (size_t i = 0; i < pl->n; i++)
            if (pl->ms[i].style && strcmp(pl->ms[i].origin, po->country) == 0 &&
                (i == 0 || pl->ms[i - 1].style != pl->ms[i].style))
                json_array_append_new(styles, json_string(pl->ms[i].style));
        json_object_set_new(j, "styles", styles);
        json_object_set_new(j, "mode", json_string(sv_mode_name(po->lane_mode)));
        json_object_set_new(j, "door_to_door_days", json_integer(po->transit_door_to_door));
        json_object_set_new(j, "customs_cleared", json_boolean(po->customs_cleared));
        json_object_set_new(j, "customs_union",
                            po->customs_union ? json_string(po->customs_union) : json_null());
        json_object_set_new(j, "courier_days", json_integer(po->courier_days));
        json_object_set_new(j, "ready", day(po->ready));
        json_array_append_new(origins, j);
    }
    json_object_set_new(o, "origins", origins);
    /* every delivery date, each planned back from its own; the binding one decides the
     * verdict */
    json_t *dels = json_array();
    for (size_t d = 0; d < pl->n_deliveries; d++) {
        const sv_plan_delivery *dl = &pl->deliveries[d];
        json_t *j = json_object();
        json_object_set_new(j, "date", day(dl->date));
        json_object_set_new(j, "units", json_integer(dl->units));
        json_object_set_new(j, "ready", day(dl->ready));
        json_object_set_new(j, "slack_days", json_integer(dl->slack));
        json_object_set_new(j, "milestone", json_integer(dl->milestone));
        json_object_set_new(j, "binding", json_boolean(d == pl->binding));
        json_array_append_new(dels, j);
    }
    json_object_set_new(o, "deliveries", dels);
    json_t *cp = json_object();
    json_object_set_new(cp, "brand_days", json_integer(pl->brand_days_critical));
    json_object_set_new(cp, "factory_days", json_integer(pl->factory_days_critical));
    json_object_set_new(cp, "shipping_days", json_integer(pl->other_days_critical));
    json_object_set_new(cp, "brand_reviews", json_integer(pl->brand_reviews_critical));
    int64_t slow = sv_refdata_param(rd, "review_days_slow_example", 0);
    json_object_set_new(cp, "delay_if_each_review_takes_days_longer", json_integer(slow));
    json_object_set_new(cp, "launch_delay_days", json_integer(slow * pl->brand_reviews_critical));
    json_object_set_new(o, "critical_path", cp);
    json_t *hits = json_array();
    for (size_t i = 0; i < pl->n_hits; i++) {
        const sv_closure_hit *h = &pl->hits[i];
        const sv_milestone *m = &pl->ms[h->milestone];
        json_t *j = json_object();
        json_object_set_new(j, "milestone", json_integer(h->milestone));
        json_object_set_new(j, "style", m->style ? json_string(m->style) : json_null());
        json_object_set_new(j, "name", json_string(m->name));
        json_object_set_new(j, "holiday", json_string(h->holiday ? h->holiday : ""));
        json_object_set_new(j, "closure_first", day(h->first));
        json_object_set_new(j, "closure_last", day(h->last));
        json_object_set_new(j, "days_added", json_integer(h->days));
        json_object_set_new(j, "critical", json_boolean(m->critical));
        json_object_set_new(j, "country", json_string(h->country[0] ? h->country : pl->origin));
        json_object_set_new(j, "closed_days", json_integer(h->closed_days));
        json_object_set_new(j, "slow_days", json_integer(h->slow_days));
        json_object_set_new(j, "capacity_pct",
                            h->capacity_pct ? json_integer(h->capacity_pct) : json_null());
        json_object_set_new(j, "slow_first", h->slow_days ? day(h->slow_first) : json_null());
        json_object_set_new(j, "slow_last", h->slow_days ? day(h->slow_last) : json_null());
        json_object_set_new(j, "slack_days", json_integer(h->slack));
        json_object_set_new(j, "delay_days", json_integer(h->delay));
        json_object_set_new(j, "delivery", h->delivery ? json_integer(h->delivery) : json_null());
        json_array_append_new(hits, j);
    }
    json_object_set_new(o, "closures", hits);
    json_t *ms = json_array();
    for (size_t i = 0; i < pl->n; i++) {
        const sv_milestone *m = &pl->ms[i];
        json_t *j = json_object(), *deps = json_array();
        json_object_set_new(j, "id", json_integer(m->id));
        json_object_set_new(j, "style", m->style ? json_string(m->style) : json_null());
        json_object_set_new(j, "origin", m->origin[0] ? json_string(m->origin) : json_null());
        json_object_set_new(j, "delivery", m->delivery ? json_integer(m->delivery) : json_null());
        json_object_set_new(j, "name", json_string(m->name));
        json_object_set_new(j, "kind", json_string(m->kind));
        json_object_set_new(j, "owner", json_string(sv_owner_name(m->owner)));
        json_object_set_new(j, "start", day(m->start));
        json_object_set_new(j, "end", day(last_day(m->start, m->end)));
        json_object_set_new(j, "days", json_integer(m->duration));
        json_object_set_new(j, "work_days", json_integer(m->duration));
        json_object_set_new(j, "calendar_days", json_integer(m->end - m->start));
        for (int k = 0; k < m->n_deps; k++)
            json_array_append_new(deps, json_integer(m->deps[k]));
        json_object_set_new(j, "waits_for", deps);
        json_object_set_new(j, "latest_start", day(m->latest_start));
        json_object_set_new(j, "latest_end", day(last_day(m->latest_start, m->latest_end)));
        json_object_set_new(j, "slack_days", json_integer(m->slack));
        json_object_set_new(j, "critical", json_boolean(m->critical));
        json_object_set_new(j, "pushed_days", json_integer(m->pushed));
        json_object_set_new(j, "pushed_by", m->pushed_by ? json_string(m->pushed_by) : json_null());
        json_array_append_new(ms, j);
    }
    json_object_set_new(o, "milestones", ms);
    json_t *ways = json_array();
    for (int i = 0; i < pl->n_ways; i++) {
        const sv_way_out *w = &pl->ways[i];
        json_t *j = json_object();
        json_object_set_new(j, "code", json_string(w->code));
        json_object_set_new(j, "fits", json_boolean(w->fits));
        json_object_set_new(j, "days_saved", json_integer(w->days_saved));
        json_object_set_new(j, "ready", day(w->new_ready));
        json_object_set_new(j, "extra_per_unit",
                            w->extra_per_unit == SV_UNSET ? json_null()
                                                          : json_integer(w->extra_per_unit));
        json_object_set_new(j, "extra_per_unit_text",
                            w->extra_per_unit == SV_UNSET ? json_null()
                                                          : money_str(w->extra_per_unit, exp));
        json_object_set_new(j, "origin", w->origin[0] ? json_string(w->origin) : json_null());
        json_object_set_new(j, "text", json_string(w->text));
        json_array_append_new(ways, j);
    }
    json_object_set_new(o, "ways_out", ways);
    return o;
}

static json_t *bits_json(uint32_t bits, int count, const char *(*name)(int))
{
    json_t *a = json_array();
    for (int k = 0; k < count; k++)
        if (bits & (1u << k))
            json_array_append_new(a, json_string(name(k)));
    return a;
}

static json_t *num_or_null(int64_t v)
{
    return v < 0 ? json_null() : json_integer(v);
}

static json_t *build_factory(const sv_factory *f, bool full)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(f->id));
    json_object_set_new(o, "handle", f->handle ? json_string(f->handle) : json_null());
    json_object_set_new(o, "name", json_string(f->name));
    json_object_set_new(o, "country", json_string(f->country));
    json_object_set_new(o, "address", f->address ? json_string(f->address) : json_null());
    json_object_set_new(o, "os_id", f->os_id ? json_string(f->os_id) : json_null());
    json_object_set_new(o, "categories",
                        bits_json(f->categories, SV_CAT__COUNT, sv_factory_category_name));
    json_object_set_new(o, "constructions", bits_json(f->constructions, SV_CONSTR__COUNT,
                                                      sv_factory_construction_name));
    json_object_set_new(o, "tiers", bits_json(f->tiers, SV_TIER__COUNT, sv_factory_tier_name));
    json_t *moq = json_object();
    json_object_set_new(moq, "per_style", num_or_null(f->moq_style));
    json_object_set_new(moq, "per_color", num_or_null(f->moq_color));
    json_object_set_new(moq, "per_order", num_or_null(f->moq_order));
    json_object_set_new(o, "moq", moq);
    json_object_set_new(o, "certifications",
                        bits_json(f->certifications, SV_CERT__COUNT, sv_factory_cert_name));
    json_object_set_new(o, "new_brands", f->new_brands < 0 ? json_null()
                                                           : json_boolean(f->new_brands));
    json_object_set_new(o, "closed", json_boolean(f->closed > 0));
    if (!full)
        return o;
    json_t *names = json_array(), *addrs = json_array(), *prices = json_object();
    for (size_t i = 0; i < f->n_other_names; i++)
        json_array_append_new(names, json_string(f->other_names[i]));
    for (size_t i = 0; i < f->n_other_addresses; i++)
        json_array_append_new(addrs, json_string(f->other_addresses[i]));
    json_object_set_new(o, "other_names", names);
    json_object_set_new(o, "other_addresses", addrs);
    if (f->has_coords) {
        json_t *c = json_array();
        json_array_append_new(c, json_real(f->lat));
        json_array_append_new(c, json_real(f->lng));
        json_object_set_new(o, "coordinates", c);
    }
    json_object_set_new(o, "facility_types",
                        bits_json(f->facility_types, SV_FACILITY__COUNT, sv_factory_facility_name));
    for (int k = 0; k < SV_CAT__COUNT; k++)
        if (f->price_low[k] >= 0) {
            json_t *b = json_array();
            json_array_append_new(b, json_integer(f->price_low[k]));
            json_array_append_new(b, json_integer(f->price_high[k]));
            json_object_set_new(prices, sv_category_name((sv_category)k), b);
        }
    json_object_set_new(o, "prices_usd_cents", prices);
    json_object_set_new(o, "sampling_days", num_or_null(f->sampling_days));
    json_object_set_new(o, "production_days", num_or_null(f->production_days));
    json_object_set_new(o, "monthly_capacity", num_or_null(f->monthly_capacity));
    json_object_set_new(o, "sample_fee_usd_cents", num_or_null(f->sample_fee));
    json_object_set_new(o, "deposit_pct", f->deposit_bp < 0 ? json_null()
                                                            : decimal(f->deposit_bp, 2));
    json_object_set_new(o, "workers_min", num_or_null(f->workers_min));
    json_object_set_new(o, "workers_max", num_or_null(f->workers_max));
    /* certifications claimed that selvedge does not recognise, as written */
    json_t *oc = json_array();
    for (const char *p = f->other_certifications; p && *p;) {
        size_t n = strcspn(p, "|");
        if (n)
            json_array_append_new(oc, json_stringn(p, n));
        p += n + (p[n] == '|');
    }
    json_object_set_new(o, "other_certifications", oc);
    json_object_set_new(o, "source", f->source ? json_string(f->source) : json_null());
    return o;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *build_review_decision(const sv_review_decision *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(d->id));
    json_object_set_new(o, "kind", json_string(sv_review_kind_name(d->kind)));
    if (d->kind == SV_REVIEW_MERGE) {
        json_object_set_new(o, "kept", json_integer(d->a));
        json_object_set_new(o, "kept_name", str_or_null(d->a_name));
        json_object_set_new(o, "merged", json_integer(d->b));
        json_object_set_new(o, "merged_name", str_or_null(d->b_name));
    } else {
        json_t *f = json_array(), *n = json_array();
        json_array_append_new(f, json_integer(d->a));
        json_array_append_new(f, json_integer(d->b));
        json_array_append_new(n, str_or_null(d->a_name));
        json_array_append_new(n, str_or_null(d->b_name));
        json_object_set_new(o, "factories", f);
        json_object_set_new(o, "names", n);
    }
    json_object_set_new(o, "decided_at", str_or_null(d->decided_at));
    json_object_set_new(o, "decided_by", str_or_null(d->decided_by));
    json_object_set_new(o, "undone_at", str_or_null(d->undone_at));
    json_object_set_new(o, "undone_by", str_or_null(d->undone_by));
    return o;
}

/* json_object_set_new, its failure remembered in *ok: out of memory making the value (NULL)
 * or setting it. The value is taken over either way; o may be NULL (then it fails). */
static void set_ok(json_t *o, const char *key, json_t *value, bool *ok)
{
    if (json_object_set_new(o, key, value) != 0)
        *ok = false;
}

static json_t *build_aql(int64_t lot, sv_aql_level level, int aql_milli, const sv_aql_plan *plan)
{
    json_t *o = json_object();
    bool ok = o != NULL;
    set_ok(o, "lot_size", json_integer(lot), &ok);
    set_ok(o, "level", json_string(sv_aql_level_name(level)), &ok);
    set_ok(o, "aql", decimal(aql_milli, 3), &ok);
    set_ok(o, "table_letter", json_sprintf("%c", plan->table_letter), &ok);
    set_ok(o, "code_letter", json_sprintf("%c", plan->code_letter), &ok);
    set_ok(o, "sample_size", json_integer(plan->sample_size), &ok);
    set_ok(o, "accept", json_integer(plan->accept), &ok);
    set_ok(o, "reject", json_integer(plan->reject), &ok);
    set_ok(o, "arrow_followed", json_boolean(plan->arrow_followed), &ok);
    set_ok(o, "full_inspection", json_boolean(plan->full_inspection), &ok);
    if (!ok) { /* a report missing a field is no report */
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ---- the builders, each whole or NULL ---- */

json_t *sv_json_readiness(const sv_program *p, const sv_readiness *r)
{
    sv_json_guard_begin();
    return sv_json_guard_end(build_readiness(p, r));
}

json_t *sv_json_cost(const sv_program *p, const sv_cost_report *r)
{
    sv_json_guard_begin();
    return sv_json_guard_end(build_cost(p, r));
}

json_t *sv_json_plan(const sv_program *p, const sv_plan *plan, const sv_refdata *rd)
{
    sv_json_guard_begin();
    return sv_json_guard_end(build_plan(p, plan, rd));
}

json_t *sv_json_factory(const sv_factory *f, bool full)
{
    sv_json_guard_begin();
    return sv_json_guard_end(build_factory(f, full));
}

json_t *sv_json_review_decision(const sv_review_decision *d)
{
    sv_json_guard_begin();
    return sv_json_guard_end(build_review_decision(d));
}

json_t *sv_json_aql(int64_t lot, sv_aql_level level, int aql_milli, const sv_aql_plan *plan)
{
    sv_json_guard_begin();
    return sv_json_guard_end(build_aql(lot, level, aql_milli, plan));
}

int sv_json_print(json_t *j, FILE *out)
{
    if (!j)
        return -1;
    int rc = json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    if (rc == 0)
        rc = fputc('\n', out) == EOF ? -1 : 0;
    return rc;
}

/* ---- match: the factories that fit a program (selvedge match --json) ---- */

static json_t *match_json(sv_json_profile_fn profile, void *nm, const sv_program *p,
                          const sv_match *m)
{
    json_t *o = json_object(), *rs = json_array(), *st = json_array();
    sv_factory f;
    const sv_factory *fp = profile(nm, m->factory_id, &f);
    json_object_set_new(o, "factory_id", json_integer(m->factory_id));
    json_object_set_new(o, "name", fp ? json_string(fp->name) : json_null());
    json_object_set_new(o, "country", fp ? json_string(fp->country) : json_null());
    json_object_set_new(o, "handle", fp && fp->handle ? json_string(fp->handle) : json_null());
    json_object_set_new(o, "score", json_integer(m->score));
    json_object_set_new(o, "preferred_origin", json_boolean(m->preferred_origin));
    for (size_t s = 0; s < p->n_styles; s++)
        if (m->styles[s])
            json_array_append_new(st, json_string(p->styles[s].code));
    json_object_set_new(o, "styles", st);
    for (int k = 0; k < SV_MATCH_REASONS; k++) {
        json_t *r = json_object();
        json_object_set_new(r, "code", json_string(m->reasons[k].code));
        json_object_set_new(r, "points", json_integer(m->reasons[k].points));
        json_object_set_new(r, "max", json_integer(m->reasons[k].max));
        json_object_set_new(r, "text", json_string(m->reasons[k].text));
        json_array_append_new(rs, r);
    }
    json_object_set_new(o, "reasons", rs);
    json_object_set_new(o, "certification_note",
                        m->cert_note[0] ? json_string(m->cert_note) : json_null());
    if (m->miss >= 0) {
        json_object_set_new(o, "fails", json_string(sv_miss_code((sv_miss)m->miss)));
        json_object_set_new(o, "style", m->miss_style ? json_string(m->miss_style) : json_null());
        json_object_set_new(o, "change", json_string(m->change));
    }
    return o;
}

json_t *sv_json_match(const sv_program *p, const sv_match_result *r, const int64_t *fid,
                      sv_json_profile_fn profile, void *nm)
{
    sv_json_guard_begin(); /* whole or nothing: any allocation failing drops the document */
    json_t *o = json_object(), *top = json_array(), *near = json_array(), *groups = json_array(),
           *unc = json_array();
    json_object_set_new(o, "program", json_string(p->name));
    json_object_set_new(o, "factories", json_integer((json_int_t)r->scanned));
    json_object_set_new(o, "candidates", json_integer((json_int_t)r->candidates));
    json_t *unchecked = json_array();
    for (size_t k = 0; k < p->n_cert_groups; k++)
        if (p->cert_groups[k].unknown)
            json_array_append_new(unchecked, json_string(p->cert_groups[k].text));
    json_object_set_new(o, "unchecked_certifications", unchecked);
    json_object_set_new(o, "closed", json_integer((json_int_t)r->closed));
    json_t *pref = json_array();
    for (size_t k = 0; k < p->n_origins; k++)
        json_array_append_new(pref, json_string(p->origins[k]));
    json_object_set_new(o, "preferred_origins", pref);
    json_t *pins = json_array();
    for (size_t s = 0; s < p->n_styles; s++) {
        int64_t id = fid ? fid[s] : 0;
        if (!id && !p->styles[s].origin[0])
            continue;
        json_t *x = json_object();
        json_object_set_new(x, "style", json_string(p->styles[s].code));
        json_object_set_new(
            x, "origin", p->styles[s].origin[0] ? json_string(p->styles[s].origin) : json_null());
        json_object_set_new(x, "factory", id ? json_string(p->styles[s].factory) : json_null());
        json_object_set_new(x, "factory_id", id > 0 ? json_integer(id) : json_null());
        json_object_set_new(x, "factory_on_file", json_boolean(id > 0));
        json_array_append_new(pins, x);
    }
    json_object_set_new(o, "pinned_styles", pins);
    for (size_t k = 0; k < r->n_top; k++)
        json_array_append_new(top, match_json(profile, nm, p, &r->top[k]));
    for (size_t k = 0; k < r->n_partial; k++)
        json_array_append_new(top, match_json(profile, nm, p, &r->partial[k]));
    for (size_t k = 0; k < r->n_near; k++)
        json_array_append_new(near, match_json(profile, nm, p, &r->near[k]));
    for (size_t k = 0; k < r->n_groups; k++) {
        json_t *g = json_object(), *st = json_array();
        sv_factory f;
        const sv_factory *fp = profile(nm, r->groups[k].factory_id, &f);
        json_object_set_new(g, "factory_id", json_integer(r->groups[k].factory_id));
        json_object_set_new(g, "name", fp ? json_string(fp->name) : json_null());
        json_object_set_new(g, "score", json_integer(r->groups[k].score));
        for (size_t i = 0; i < p->n_styles; i++)
            if (r->groups[k].styles[i])
                json_array_append_new(st, json_string(p->styles[i].code));
        json_object_set_new(g, "styles", st);
        json_array_append_new(groups, g);
    }
    for (size_t i = 0; i < p->n_styles; i++)
        if (r->uncovered[i])
            json_array_append_new(unc, json_string(p->styles[i].code));
    json_t *closest = json_array();
    for (size_t k = 0; k < r->n_closest; k++) {
        const sv_match *m = &r->closest[k];
        json_t *x = json_object(), *st = json_array(), *gaps = json_array();
        sv_factory f;
        const sv_factory *fp = profile(nm, m->factory_id, &f);
        json_object_set_new(x, "factory_id", json_integer(m->factory_id));
        json_object_set_new(x, "name", fp ? json_string(fp->name) : json_null());
        json_object_set_new(x, "country", fp ? json_string(fp->country) : json_null());
        json_object_set_new(x, "handle", fp && fp->handle ? json_string(fp->handle) : json_null());
        json_object_set_new(x, "preferred_origin", json_boolean(m->preferred_origin));
        for (size_t s = 0; s < p->n_styles; s++)
            if (m->styles[s])
                json_array_append_new(st, json_string(p->styles[s].code));
        json_object_set_new(x, "styles", st);
        for (int g = 0; g < SV_MISS__COUNT; g++)
            if (m->gaps & (1u << g))
                json_array_append_new(gaps, json_string(sv_miss_code((sv_miss)g)));
        json_object_set_new(x, "fails", gaps);
        json_object_set_new(x, "gaps", json_string(m->change));
        json_array_append_new(closest, x);
    }
    json_object_set_new(o, "closest", closest);
    json_object_set_new(o, "matches", top);
    json_object_set_new(o, "complete", json_boolean(r->n_top > 0));
    json_object_set_new(o, "near_misses", near);
    json_object_set_new(o, "groups", groups);
    json_object_set_new(o, "uncovered", unc);
    return sv_json_guard_end(o);
}
