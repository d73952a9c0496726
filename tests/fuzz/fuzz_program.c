/* Fuzz the program loader, and the engines on whatever it accepts: a program file is the
 * input users write by hand and share, so anything the parser lets through must be safe for
 * check, cost and plan too (no crash, no hang, no overflow). */
#include "fuzz.h"

#include "selvedge/costing.h"
#include "selvedge/plan.h"
#include "selvedge/program_yaml.h"
#include "selvedge/readiness.h"
#include "selvedge/refdata.h"

static sv_refdata *refdata(void)
{
    static sv_refdata *rd;
    if (!rd) {
        sv_err e;
        sv_err_clear(&e);
        if (sv_refdata_load(NULL, &rd, &e) != SV_OK) {
            fprintf(stderr, "built-in reference data: %s\n", e.msg);
            abort();
        }
    }
    return rd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sv_program *p = (sv_program *)1;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_program_parse((const char *)data, size, "fuzz.yaml", &p, &e);
    fuzz_check_refusal(rc, &e, p);
    if (rc != SV_OK)
        return 0;
    const sv_refdata *rd = refdata();
    const sv_date today = {2026, 11, 25};
    /* amounts in another currency, into the brand's, as the command line does */
    sv_err_clear(&e);
    rc = sv_program_fx(p, rd, &e);
    fuzz_check_refusal(rc, &e, NULL);
    if (rc != SV_OK) {
        sv_program_free(p);
        return 0;
    }

    sv_readiness *r = NULL;
    sv_check_options co = {.today = today};
    sv_err_clear(&e);
    rc = sv_readiness_check(p, rd, &co, &r, &e);
    fuzz_check_refusal(rc, &e, r);
    sv_readiness_free(r);

    sv_cost_report *cr = NULL;
    sv_cost_options cost = {.mode = SV_MODE_SEA};
    sv_err_clear(&e);
    rc = sv_cost_run(p, rd, &cost, &cr, &e);
    fuzz_check_refusal(rc, &e, cr);
    sv_cost_report_free(cr);

    sv_plan *pl = NULL;
    sv_plan_options po = {.today = today, .mode = SV_MODE_SEA};
    sv_err_clear(&e);
    rc = sv_plan_build(p, rd, &po, &pl, &e);
    fuzz_check_refusal(rc, &e, pl);
    sv_plan_free(pl);

    sv_program_free(p);
    return 0;
}
