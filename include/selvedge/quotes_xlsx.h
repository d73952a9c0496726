/* The quote comparison (selvedge/quotes.h) as an Excel workbook, the spreadsheet buyers
 * compare quotes in (lib/report/quotes_xlsx.c): one sheet, a row a factory and style. */
#ifndef SELVEDGE_QUOTES_XLSX_H
#define SELVEDGE_QUOTES_XLSX_H

#include "selvedge/err.h"
#include "selvedge/quotes.h"

/* An .xlsx workbook at path, written with libxlsxwriter. A failed write removes what it began
 * at path; the caller writes to a temporary name (sv_outfile_path) so that what the user had
 * is kept, as sv_plan_write_xlsx's callers do. Messages name no path. */
sv_code sv_quotes_write_xlsx(const char *path, const sv_quotes *q, sv_err *e);

#endif
