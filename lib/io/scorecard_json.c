/* A scorecard as JSON (lib/io/scorecard_json.c): `scorecard --json`'s document, and the
 * server's. */
#include <math.h>
#include <stdio.h>

#include "selvedge/program.h"
#include "selvedge/scorecard_json.h"

static double r3(double v)
{
    return round(v * 1000.0) / 1000.0;
}

static json_t *jday(int64_t d)
{
    char b[16];
    return d == SV_LEDGER_NO_DAY ? json_null()
                                 : json_string(sv_date_format(sv_date_from_days(d), b, sizeof b));
}

static json_t *jnum(bool has, double v)
{
    return has ? json_real(r3(v)) : json_null();
}

json_t *sv_json_scorecard(const sv_scorecard *sc, const sv_sc_params *p)
{
    json_t *o = json_object(), *ms = json_array(), *st = json_array();
    if (!o || !ms || !st) {
        json_decref(o);
        json_decref(ms);
        json_decref(st);
        return NULL;
    }
    json_object_set_new(o, "side", json_string(sc->side == SV_SC_BRAND ? "brand" : "factory"));
    json_object_set_new(o, "who", json_string(sc->who));
    json_object_set_new(o, "from", jday(p->from));
    json_object_set_new(o, "to", jday(p->to));
    json_object_set_new(o, "as_of", jday(p->asof));
    json_object_set_new(o, "events", json_integer((json_int_t)sc->n_events));
    json_object_set_new(o, "overall", jnum(sc->has_overall, sc->overall));
    for (int k = 0; k < sc->n_m; k++) {
        const sv_sc_measure *m = &sc->m[k];
        json_t *j = json_object(), *ids = json_array();
        if (!j || !ids) {
            json_decref(j);
            json_decref(ids);
            json_decref(o);
            json_decref(ms);
            json_decref(st);
            return NULL;
        }
        json_object_set_new(j, "code", json_string(sv_sc_code_name(m->code)));
        int cat = sv_sc_code_ppi(m->code);
        if (cat >= 0)
            json_object_set_new(j, "category", json_string(sv_ppi_name((sv_ppi_category)cat)));
        json_object_set_new(j, "scored", json_boolean(m->has));
        json_object_set_new(j, "value", jnum(m->has, m->value));
        json_object_set_new(j, "unit", json_string(m->unit));
        if (m->days_late >= 0)
            json_object_set_new(j, "mean_days_late", json_real(r3(m->days_late)));
        if (m->den) {
            json_object_set_new(j, "count", json_integer(m->num));
            json_object_set_new(j, "of", json_integer(m->den));
        }
        json_object_set_new(j, "items", json_integer((json_int_t)m->n_items));
        if (m->code == SV_SC_BRAND_RESPONSE_TIME || m->code == SV_SC_FACTORY_RESPONSE_TIME) {
            /* messages not answered as of the as-of, in items as answered then */
            json_object_set_new(j, "unanswered", json_integer((json_int_t)m->n_unanswered));
            json_object_set_new(j, "oldest_unanswered_hours",
                                m->n_unanswered ? json_real(r3(m->oldest_unanswered))
                                                : json_null());
        }
        json_object_set_new(j, "score", jnum(m->has, m->score));
        json_object_set_new(j, "weight", json_integer(m->weight));
        json_object_set_new(j, "n_events", json_integer((json_int_t)m->n_events));
        for (size_t i = 0; i < m->n_events; i++)
            json_array_append_new(ids, json_integer(m->ids[i]));
        json_object_set_new(j, "event_ids", ids);
        json_object_set_new(j, "text", json_string(m->text));
        json_object_set_new(j, "fix", json_string(m->fix));
        json_array_append_new(ms, j);
    }
    json_object_set_new(o, "measures", ms);
    for (size_t i = 0; i < sc->n_by; i++) {
        json_t *j = json_object();
        if (!j)
            continue;
        json_object_set_new(j, sc->side == SV_SC_BRAND ? "factory" : "brand",
                            json_string(sc->by[i].handle));
        json_object_set_new(j, "overall", jnum(sc->by[i].has, sc->by[i].overall));
        json_object_set_new(j, "rank", sc->by[i].rank ? json_integer(sc->by[i].rank) : json_null());
        json_object_set_new(j, "its_overall", jnum(sc->by[i].own_has, sc->by[i].own));
        json_object_set_new(j, "its_rank",
                            sc->by[i].own_rank ? json_integer(sc->by[i].own_rank) : json_null());
        json_array_append_new(st, j);
    }
    json_object_set_new(o, "standing", st);
    json_object_set_new(o, "ranked", json_integer((json_int_t)sc->n_ranked));
    json_object_set_new(o, "its_ranked", json_integer((json_int_t)sc->n_own_ranked));
    return o;
}
