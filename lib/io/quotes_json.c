/* An RFQ's quotes compared, as JSON (lib/io/quotes_json.c): `quotes compare --json`'s
 * document, and the server's GET /api/rfqs/{id}/compare. */
#include "selvedge/program.h"
#include "selvedge/quotes_json.h"

static json_t *jmoney(sv_minor v)
{
    return v == SV_LEDGER_UNSET ? json_null() : json_integer((json_int_t)v);
}

json_t *sv_json_quotes(const sv_quotes *q)
{
    json_t *o = json_object(), *rows = json_array();
    if (!o || !rows) {
        json_decref(o);
        json_decref(rows);
        return NULL;
    }
    json_object_set_new(o, "rfq", json_string(q->rfq));
    json_object_set_new(o, "brand", q->brand ? json_string(q->brand) : json_null());
    json_object_set_new(o, "currency", json_string(q->currency->code));
    json_object_set_new(o, "destination", json_string(q->destination));
    json_object_set_new(o, "sampling_budget", jmoney(q->sampling_budget));
    json_object_set_new(o, "brand_deposit_bp", jmoney(q->brand_deposit_bp));
    for (size_t r = 0; r < q->n_rows; r++) {
        const sv_quote_row *row = &q->rows[r];
        json_t *j = json_object(), *st = json_array();
        if (!j || !st) {
            json_decref(j);
            json_decref(st);
            break;
        }
        json_object_set_new(j, "factory", json_string(row->factory));
        json_object_set_new(j, "origin", row->origin[0] ? json_string(row->origin) : json_null());
        json_object_set_new(j, "answer", json_string(sv_quote_answer_name(row->answer)));
        json_object_set_new(j, "rank", row->rank ? json_integer(row->rank) : json_null());
        if (row->declined) {
            json_object_set_new(j, "declined_event", json_integer(row->declined->id));
            json_object_set_new(j, "reason",
                                row->declined->reason != SV_DECLINE_NONE
                                    ? json_string(sv_decline_reason_name(row->declined->reason))
                                    : json_null());
        }
        if (row->quote)
            json_object_set_new(j, "quote_event", json_integer(row->quote->id));
        if (row->note[0])
            json_object_set_new(j, "note", json_string(row->note));
        if (row->answer == SV_QA_QUOTED && !row->note[0]) {
            json_object_set_new(j, "complete", json_boolean(row->complete));
            json_object_set_new(j, "total_fob", json_integer(row->total_fob));
            json_object_set_new(j, "total_landed", json_integer(row->total_landed));
            json_object_set_new(j, "minimums_extra_cost", json_integer(row->extra_cost));
            json_object_set_new(j, "sample_fees", json_integer(row->sample_fees));
            json_object_set_new(j, "sample_fees_refunded", json_integer(row->sample_fees_refunded));
            json_object_set_new(j, "sample_fees_kept", json_integer(row->sample_fees_kept));
            json_object_set_new(j, "over_sampling_budget", json_boolean(row->over_budget));
            json_object_set_new(j, "sampling_days", jmoney(row->sampling_days));
            json_object_set_new(j, "production_days", jmoney(row->production_days));
            json_object_set_new(j, "lead_days", jmoney(row->lead_days));
            if (row->ready_day != SV_LEDGER_UNSET) {
                char day[16];
                sv_date_format(sv_date_from_days(row->ready_day), day, sizeof day);
                json_object_set_new(j, "in_warehouse", json_string(day));
            } else {
                json_object_set_new(j, "in_warehouse", json_null());
            }
            json_object_set_new(j, "slack_days", jmoney(row->slack_days));
            json_object_set_new(j, "late_style",
                                row->late_style ? json_string(row->late_style) : json_null());
            json_object_set_new(j, "lapsed", json_boolean(row->lapsed));
            json_object_set_new(j, "terms_harder", json_boolean(row->terms_harder));
            json_object_set_new(j, "terms", row->terms[0] ? json_string(row->terms) : json_null());
            json_object_set_new(j, "deposit_bp", jmoney(row->deposit_bp));
            json_object_set_new(j, "balance",
                                row->quote && row->quote->balance ? json_string(row->quote->balance)
                                                                  : json_null());
            for (size_t i = 0; i < row->n_styles; i++) {
                const sv_quote_style *s = &row->styles[i];
                json_t *k = json_object();
                if (!k)
                    break;
                json_object_set_new(k, "style", json_string(s->style));
                json_object_set_new(k, "qty", json_integer(s->qty));
                json_object_set_new(k, "quoted", json_boolean(s->quoted));
                if (s->quoted) {
                    json_object_set_new(k, "break_qty", json_integer(s->break_qty));
                    json_object_set_new(k, "below_breaks", json_boolean(s->below_breaks));
                    json_object_set_new(k, "price_quoted", json_integer(s->price_quoted));
                    json_object_set_new(k, "fob", json_integer(s->fob));
                    json_object_set_new(k, "freight", json_integer(s->freight));
                    json_object_set_new(k, "insurance", json_integer(s->insurance));
                    json_object_set_new(k, "duty", json_integer(s->duty));
                    json_object_set_new(k, "duty_bp", json_integer(s->duty_bp));
                    json_object_set_new(k, "duty_scheme",
                                        s->duty_scheme ? json_string(s->duty_scheme) : json_null());
                    json_object_set_new(k, "fees", json_integer(s->fees));
                    json_object_set_new(k, "brokerage", json_integer(s->brokerage));
                    json_object_set_new(k, "landed", json_integer(s->landed));
                    json_object_set_new(k, "slack_days", jmoney(s->slack_days));
                    json_object_set_new(k, "retail_margin_bp", jmoney(s->retail_margin_bp));
                    json_object_set_new(k, "wholesale_margin_bp", jmoney(s->wholesale_margin_bp));
                    json_object_set_new(k, "moq_style", jmoney(s->moq_style));
                    json_object_set_new(k, "moq_color", jmoney(s->moq_color));
                    json_object_set_new(k, "extra_units", json_integer(s->extra_units));
                    json_object_set_new(k, "extra_cost", json_integer(s->extra_cost));
                    json_object_set_new(k, "sample_fee", jmoney(s->sample_fee));
                    json_object_set_new(k, "fee_refunded", json_boolean(s->fee_refunded));
                    json_object_set_new(k, "sampling_days", jmoney(s->sampling_days));
                    json_object_set_new(k, "production_days", jmoney(s->production_days));
                }
                json_array_append_new(st, k);
            }
        }
        json_object_set_new(j, "styles", st);
        json_array_append_new(rows, j);
    }
    json_object_set_new(o, "factories", rows);
    json_object_set_new(o, "best",
                        q->best >= 0 ? json_string(q->rows[q->best].factory) : json_null());
    json_object_set_new(o, "why", q->best >= 0 ? json_string(q->why) : json_null());
    return o;
}
