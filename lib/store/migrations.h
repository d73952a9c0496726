/* Internal to lib/store: the schema, one migration per entry. */
#ifndef SELVEDGE_STORE_MIGRATIONS_H
#define SELVEDGE_STORE_MIGRATIONS_H

#include <stddef.h>

size_t sv_migration_count(void);
const char *sv_migration_sql(size_t i);

#endif
