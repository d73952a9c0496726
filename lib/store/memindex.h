/* The de-duplication look-ups of a bulk import, in memory (internal to lib/store).
 *
 * A large file imported into an empty store would otherwise ask SQLite, for every row, for
 * its OS ID, handle, exact name and the factories sharing its name words: a few million
 * small queries against indexes that are being written at the same time. During a bulk
 * import the store answers those questions from here instead, with the same answers (the
 * smallest id where SQL would say ORDER BY id LIMIT 1, names and addresses in the order they
 * were added), and writes the blocking words to SQLite once, sorted, at the end.
 *
 * Keys are hashed to 32 bits and every hit is checked against the stored strings, so a hash
 * collision costs a comparison, never a wrong answer. */
#ifndef SELVEDGE_MEMINDEX_H
#define SELVEDGE_MEMINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct memindex memindex;

/* ordered: how many of a blocking word's first (smallest) ids mi_token_ids will be asked for;
 * past those, the ids of a word are kept in no particular order. */
memindex *mi_new(size_t ordered);
void mi_free(memindex *m);

/* A factory as inserted (ids ascending, as SQLite assigns them in an empty table). Its
 * country must be known before its names are added. false: out of memory. */
bool mi_factory(memindex *m, int64_t id, const char *country);
bool mi_set_os_id(memindex *m, int64_t id, const char *os_id);   /* first one kept */
bool mi_set_handle(memindex *m, int64_t id, const char *handle); /* first one kept */
/* A name (its cleaned key) or an address key newly recorded for a factory (never one it has
 * already). */
bool mi_add_name(memindex *m, int64_t id, const char *name_key);
bool mi_add_address(memindex *m, int64_t id, const char *address_key);
/* A blocking word of a factory in a country. */
bool mi_add_token(memindex *m, const char *country, const char *token, int64_t id);

int64_t mi_find_os_id(const memindex *m, const char *os_id);
int64_t mi_find_handle(const memindex *m, const char *handle);
/* The smallest id with this name key in this country (and this address key, when given). */
int64_t mi_find_exact(const memindex *m, const char *country, const char *name_key,
                      const char *address_key);
bool mi_has_address(const memindex *m, int64_t id);
bool mi_same_country(const memindex *m, int64_t id, const char *country);
/* The first (smallest) ids sharing a word, ascending, at most max (<= ordered) of them into
 * ids; returns how many. */
size_t mi_token_ids(const memindex *m, const char *country, const char *token, int64_t *ids,
                    size_t max);
/* A factory's name keys in the order added (k-th, NULL past the last) and first address key
 * (NULL when none). */
const char *mi_name_key(const memindex *m, int64_t id, size_t k);
const char *mi_first_address(const memindex *m, int64_t id);

/* Every (country, token, id), by country and token, for writing them out (an id may come
 * twice past the ordered ones). */
typedef bool (*mi_token_fn)(void *ud, const char *country, const char *token, int64_t id);
bool mi_each_token(const memindex *m, mi_token_fn fn, void *ud);

/* A factory whose search row is to be written at the end of the load (its names and
 * addresses changed), and every one of them, ascending. false: out of memory, or fn's. */
bool mi_fts_later(memindex *m, int64_t id);
bool mi_each_fts(const memindex *m, bool (*fn)(void *ud, int64_t id), void *ud);

/* Bytes the index holds (for tests and the benchmark): linear in what was added. */
size_t mi_memory(const memindex *m);

#endif
