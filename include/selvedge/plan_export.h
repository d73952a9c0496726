/* The T&A calendar in the formats people use: CSV, iCalendar (one event per milestone, for
 * any calendar app), and an Excel workbook (one row per milestone, one column per week,
 * shaded bars, the critical path marked). */
#ifndef SELVEDGE_PLAN_EXPORT_H
#define SELVEDGE_PLAN_EXPORT_H

#include <stdio.h>

#include "selvedge/err.h"
#include "selvedge/plan.h"

/* RFC 4180 CSV, header row first, one row per milestone, through the CSV writer of
 * selvedge/csv_write.h: a cell a spreadsheet would run as a formula is written as text. */
sv_code sv_plan_write_csv(FILE *out, const sv_program *p, const sv_plan *plan, sv_err *e);

/* RFC 5545 iCalendar built with libical: a VCALENDAR with one all-day VEVENT per milestone
 * (DTSTART;VALUE=DATE, DTEND exclusive, a stable UID). */
sv_code sv_plan_write_ics(FILE *out, const sv_program *p, const sv_plan *plan, sv_err *e);

/* An .xlsx workbook at path, written with libxlsxwriter. A failed export removes what it
 * began at path; the caller writes to a temporary name (sv_outfile_path) so that what the
 * user had is kept. Messages name no path (path may be that temporary name): the caller
 * names the user's file. libxlsxwriter also prints its own lines on stderr when it fails;
 * the library leaves the process's stderr alone, so a caller that owns it may silence them
 * (the command line does: docs/internals/plan_exports.md). */
sv_code sv_plan_write_xlsx(const char *path, const sv_program *p, const sv_plan *plan,
                           sv_err *e);

#endif
