/* Reading the Open Supply Hub's CSV formats (and the project's own CSV capability format)
 * into factory profiles, one row at a time.
 *
 * Formats recognised by their header:
 *   - the list upload format: country, name, address required; optional sector,
 *     product_type, facility_type, processing_type, number_of_workers, parent_company, lat,
 *     lng; several values in one cell separated by '|';
 *   - the public download: os_id, contribution_date, name, address, country_code,
 *     country_name, lat, lng, sector, contributor, number_of_workers, parent_company,
 *     processing_type_facility_type_raw, facility_type, processing_type, product_type, then
 *     claim_* columns, among them claim_minimum_order_quantity and claim_average_lead_time
 *     (free text, parsed into numbers where possible) and
 *     claim_certifications_standards_regulations;
 *   - selvedge's capability CSV: the keys of examples/factories.yaml as columns (see
 *     docs/factories.md).
 * Column names are matched case-insensitively, in any order; unknown columns are ignored. */
#ifndef SELVEDGE_OSH_CSV_H
#define SELVEDGE_OSH_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "selvedge/claims.h" /* sv_parse_moq_claim and sv_parse_days_claim lived here */
#include "selvedge/err.h"
#include "selvedge/factory.h"
#include "selvedge/pool.h"

typedef enum { SV_CSV_OSH_LIST, SV_CSV_OSH_DOWNLOAD, SV_CSV_CAPABILITY } sv_csv_format;

/* Called for each good row with its factory (strings in `pool`, valid until the pool is
 * freed) and its 1-based line number in the file (the line the record starts on). */
typedef sv_code (*sv_csv_row_fn)(void *ud, const sv_factory *f, int line, sv_err *e);
/* Called for each bad row instead; the import reports it and goes on. e names
 * file:line and the column. Return SV_OK to continue, anything else to stop. */
typedef sv_code (*sv_csv_bad_fn)(void *ud, const sv_err *row_error);

/* Parse a whole CSV file. A file whose header is none of the formats, or that is not CSV,
 * fails with e naming the file; a bad row is handed to bad() and skipped. *format is set.
 * Rows are handed over in file order. Strings handed to row() live in a pool that the
 * parser frees after the call returns: copy what you keep. */
sv_code sv_csv_factories_read(const char *path, sv_csv_format *format, sv_csv_row_fn row,
                              sv_csv_bad_fn bad, void *ud, sv_err *e);

/* The same, telling progress(ud, done, total) the bytes read so far and the file's size
 * (0 when unknown) as each block of the file is read: for a progress bar. */
typedef void (*sv_csv_progress_fn)(void *ud, int64_t done, int64_t total);
sv_code sv_csv_factories_read_progress(const char *path, sv_csv_format *format,
                                       sv_csv_row_fn row, sv_csv_bad_fn bad,
                                       sv_csv_progress_fn progress, void *ud, sv_err *e);

#endif
