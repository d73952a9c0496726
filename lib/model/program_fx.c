/* Amounts a program file gives in another currency than the brand's: a quote in US dollars in
 * a sterling program. The model keeps each as given, with its currency; this brings them into
 * the brand's currency for the engines, which work in one currency, with the rates of fx.tsv.
 *
 * One rounding per amount: a dollar quote in pounds is amount x (USD a dollar) / (USD a pound)
 * at once, not through US cents, so going from one currency to another and back drifts at most
 * a minor unit of each. */
#include "selvedge/program.h"

#include <stdio.h>
#include <string.h>

#include "selvedge/refdata.h"

bool sv_price_convert(const sv_refdata *rd, sv_minor amount, const sv_currency *from,
                      const sv_currency *to, sv_minor *out)
{
    if (!from || !to)
        return false;
    if (from == to || (from->code[0] && !strcmp(from->code, to->code))) {
        *out = amount;
        return true;
    }
    const sv_fx_rate *a = sv_refdata_fx(rd, from->code), *b = sv_refdata_fx(rd, to->code);
    if (!a || !b || a->usd_per_unit_micro <= 0 || b->usd_per_unit_micro <= 0)
        return false;
    /* amount / 10^from_exp units of `from` = that x a / b units of `to` = x 10^to_exp minor */
    __int128 num = a->usd_per_unit_micro, den = b->usd_per_unit_micro;
    for (int d = to->exponent - from->exponent; d > 0; d--)
        num *= 10;
    for (int d = to->exponent - from->exponent; d < 0; d++)
        den *= 10;
    __int128 p = (__int128)amount * num;
    __int128 q = p / den, r = p % den;
    if (r < 0)
        r = -r;
    if (2 * r >= den)
        q += p < 0 ? -1 : 1;
    if (q > INT64_MAX || q < INT64_MIN)
        return false;
    *out = (sv_minor)q;
    return true;
}

/* Why an amount cannot be converted, as an error naming where it is. */
static sv_code no_rate(const sv_program *p, int line, const char *field, const sv_currency *from,
                       const sv_refdata *rd, sv_err *e)
{
    const sv_currency *to = p->brand.currency;
    const char *missing = !sv_refdata_fx(rd, from->code) ? from->code : to->code;
    if (sv_refdata_fx(rd, from->code) && sv_refdata_fx(rd, to->code))
        return sv_err_at(e, SV_ERR_SCHEMA, p->path, line, 0, field,
                         "%s in %s is too large to convert into %s", field, from->code, to->code);
    return sv_err_at(e, SV_ERR_SCHEMA, p->path, line, 0, field,
                     "no exchange rate for %s in fx.tsv to bring this %s amount into %s, the "
                     "brand's currency: give it in %s, or add a rate for %s to an fx.tsv of your "
                     "own (--data, docs/data.md)",
                     missing, from->code, to->code, to->code, missing);
}

/* One amount of a sheet: SV_UNSET and the like stay as they are. */
static bool conv(const sv_refdata *rd, sv_minor v, const sv_currency *from, const sv_currency *to,
                 sv_minor *out)
{
    if (v < 0) {
        *out = v;
        return true;
    }
    return sv_price_convert(rd, v, from, to, out);
}

sv_code sv_program_fx(sv_program *p, const sv_refdata *rd, sv_err *e)
{
    if (!p->fx_pending)
        return SV_OK;
    const sv_currency *to = p->brand.currency;
    for (size_t i = 0; i < p->n_styles; i++) {
        sv_style *s = &p->styles[i];
        char field[160];
        const sv_price *t = &s->target;
        if (t->amount >= 0 && t->currency && t->currency != to && t->incoterm == SV_INCOTERM_FOB) {
            snprintf(field, sizeof field, "program.styles[%s].target_fob", s->code);
            if (!sv_price_convert(rd, t->amount, t->currency, to, &s->target_fob))
                return no_rate(p, t->line, field, t->currency, rd, e);
        }
        const sv_costsheet *g = &s->cost_given;
        /* the sheet, and the fabric's price it takes when that is in another currency */
        bool fab = g->price_from_fabric && g->price_per_m < 0 && s->fabric;
        if (g->present && g->currency && (g->currency != to || fab)) {
            sv_costsheet k = *g;
            k.currency = to;
            snprintf(field, sizeof field, "program.styles[%s].cost", s->code);
            if (fab) {
                const sv_price *fp = &s->fabric->price;
                char ff[160];
                snprintf(ff, sizeof ff, "fabrics[%s].price_per_%s", s->fabric->id,
                         s->fabric->unit == SV_UNIT_KG ? "kg" : "m");
                if (!sv_price_convert(rd, fp->amount, fp->currency, to, &k.price_per_m))
                    return no_rate(p, fp->line, ff, fp->currency, rd, e);
            } else if (!conv(rd, g->price_per_m, g->currency, to, &k.price_per_m)) {
                return no_rate(p, g->line, field, g->currency, rd, e);
            }
            if (!conv(rd, g->trims, g->currency, to, &k.trims) ||
                !conv(rd, g->cmt, g->currency, to, &k.cmt) ||
                !conv(rd, g->wash_print, g->currency, to, &k.wash_print) ||
                !conv(rd, g->packaging, g->currency, to, &k.packaging) ||
                !conv(rd, g->extra.testing_per_unit, g->currency, to, &k.extra.testing_per_unit) ||
                !conv(rd, g->extra.testing_per_style, g->currency, to,
                      &k.extra.testing_per_style) ||
                !conv(rd, g->extra.development_per_style, g->currency, to,
                      &k.extra.development_per_style))
                return no_rate(p, g->line, field, g->currency, rd, e);
            s->cost = k;
        }
    }
    p->fx_pending = false;
    return SV_OK;
}
