/* The cost report as an Excel workbook (lib/report/cost_xlsx.c): the sheet a merchandiser
 * keeps, a row a style from FOB to landed with the margins, and the small-run costs. */
#ifndef SELVEDGE_COST_XLSX_H
#define SELVEDGE_COST_XLSX_H

#include "selvedge/costing.h"
#include "selvedge/err.h"
#include "selvedge/program.h"

/* An .xlsx workbook at path, written with libxlsxwriter: the sheet "Cost", a row a style
 * (origin, units, FOB, freight, insurance, duty rate and duty, additional duties, fees,
 * brokerage, commission, testing, development, landed, retail and wholesale with their
 * margins), the program's totals below; the sheet "Small runs", a row a style and run length
 * (unit FOB, set-up and fabric minimum a unit, against bulk). Money as numbers in the report's
 * currency with its decimals; every text cell a string, never a formula. A failed write
 * removes what it began at path (as sv_plan_write_xlsx); messages name no path. */
sv_code sv_cost_write_xlsx(const char *path, const sv_program *p, const sv_cost_report *r,
                           sv_err *e);

#endif
