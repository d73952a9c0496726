/* Schema migrations, applied in order inside one transaction, with foreign keys off (a table
 * rebuilt must not cascade); the database's user_version is the number of migrations applied.
 * Never edit a shipped migration: add the next one.
 *
 * The SQL sticks to what PostgreSQL also has (INTEGER, TEXT, REAL, plain indexes); the
 * SQLite-only parts are marked: STRICT tables, the FTS5 search index, and INTEGER PRIMARY KEY
 * as SQLite's numbering of new rows (PostgreSQL: an identity column). */
#include "migrations.h"

#include <stddef.h>

static const char *const migrations[] = {
    /* 1: factories, their other names and addresses, price bands, search, review pairs */
    "CREATE TABLE factory ("
    "  id INTEGER PRIMARY KEY,"
    "  handle TEXT UNIQUE,"
    "  os_id TEXT UNIQUE,"
    "  name TEXT NOT NULL,"
    "  name_key TEXT NOT NULL,"
    "  address TEXT,"
    "  address_key TEXT,"
    "  country TEXT NOT NULL,"
    "  lat REAL, lng REAL,"
    "  facility_types INTEGER NOT NULL DEFAULT 0,"
    "  processing_types TEXT,"
    "  categories INTEGER NOT NULL DEFAULT 0,"
    "  constructions INTEGER NOT NULL DEFAULT 0,"
    "  tiers INTEGER NOT NULL DEFAULT 0,"
    "  moq_style INTEGER, moq_color INTEGER, moq_order INTEGER,"
    "  sampling_days INTEGER, production_days INTEGER,"
    "  monthly_capacity INTEGER,"
    "  sample_fee INTEGER,"           /* USD cents */
    "  deposit_bp INTEGER,"
    "  certifications INTEGER NOT NULL DEFAULT 0,"
    "  new_brands INTEGER,"           /* 1, 0, or NULL unknown */
    "  workers_min INTEGER, workers_max INTEGER,"
    "  languages TEXT,"
    "  source TEXT"
    ") STRICT;"
    "CREATE INDEX factory_exact ON factory(country, name_key);"
    "CREATE TABLE factory_name ("
    "  factory_id INTEGER NOT NULL REFERENCES factory(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL,"
    "  name_key TEXT NOT NULL,"
    "  PRIMARY KEY (factory_id, name)"
    ") STRICT;"
    "CREATE INDEX factory_name_key ON factory_name(name_key);"
    "CREATE TABLE factory_address ("
    "  factory_id INTEGER NOT NULL REFERENCES factory(id) ON DELETE CASCADE,"
    "  address TEXT NOT NULL,"
    "  address_key TEXT NOT NULL,"
    "  PRIMARY KEY (factory_id, address)"
    ") STRICT;"
    "CREATE TABLE factory_price ("
    "  factory_id INTEGER NOT NULL REFERENCES factory(id) ON DELETE CASCADE,"
    "  category INTEGER NOT NULL,"
    "  fob_low INTEGER NOT NULL,"      /* USD cents */
    "  fob_high INTEGER NOT NULL,"
    "  PRIMARY KEY (factory_id, category)"
    ") STRICT;"
    /* blocking keys for de-duplication: significant words of every known name */
    "CREATE TABLE factory_token ("
    "  country TEXT NOT NULL,"
    "  token TEXT NOT NULL,"
    "  factory_id INTEGER NOT NULL REFERENCES factory(id) ON DELETE CASCADE,"
    "  PRIMARY KEY (country, token, factory_id)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE TABLE review_pair ("
    "  a INTEGER NOT NULL REFERENCES factory(id) ON DELETE CASCADE,"
    "  b INTEGER NOT NULL REFERENCES factory(id) ON DELETE CASCADE,"
    "  similarity INTEGER NOT NULL,"   /* 0..1000 */
    "  why TEXT,"
    "  status TEXT NOT NULL DEFAULT 'open',"
    "  PRIMARY KEY (a, b)"
    ") STRICT;"
    /* SQLite only: full-text search over every name and address a factory is known by */
    "CREATE VIRTUAL TABLE factory_fts USING fts5("
    "  names, addresses, tokenize = 'unicode61 remove_diacritics 2');",

    /* 2: handle and OS ID unique through named indexes instead of column constraints, so
     * that a bulk load can build them once after the rows (the same rule: one factory per
     * handle, one per OS ID, NULLs apart). SQLite cannot drop a column constraint: the table
     * is rebuilt the documented way (runs with foreign keys off; see migrate()). */
    "CREATE TABLE factory_v2 ("
    "  id INTEGER PRIMARY KEY,"
    "  handle TEXT,"
    "  os_id TEXT,"
    "  name TEXT NOT NULL,"
    "  name_key TEXT NOT NULL,"
    "  address TEXT,"
    "  address_key TEXT,"
    "  country TEXT NOT NULL,"
    "  lat REAL, lng REAL,"
    "  facility_types INTEGER NOT NULL DEFAULT 0,"
    "  processing_types TEXT,"
    "  categories INTEGER NOT NULL DEFAULT 0,"
    "  constructions INTEGER NOT NULL DEFAULT 0,"
    "  tiers INTEGER NOT NULL DEFAULT 0,"
    "  moq_style INTEGER, moq_color INTEGER, moq_order INTEGER,"
    "  sampling_days INTEGER, production_days INTEGER,"
    "  monthly_capacity INTEGER,"
    "  sample_fee INTEGER,"
    "  deposit_bp INTEGER,"
    "  certifications INTEGER NOT NULL DEFAULT 0,"
    "  new_brands INTEGER,"
    "  workers_min INTEGER, workers_max INTEGER,"
    "  languages TEXT,"
    "  source TEXT"
    ") STRICT;"
    "INSERT INTO factory_v2 SELECT * FROM factory;"
    "DROP TABLE factory;"
    "ALTER TABLE factory_v2 RENAME TO factory;"
    "CREATE UNIQUE INDEX factory_handle ON factory(handle);"
    "CREATE UNIQUE INDEX factory_os_id ON factory(os_id);"
    "CREATE INDEX factory_exact ON factory(country, name_key);",

    /* 3: closed facilities (Open Supply Hub's is_closed; 0 open, 1 closed: kept for their
     * history, never matched), and the certifications a source names that selvedge does not
     * recognise, kept as written ('|'-joined) */
    "ALTER TABLE factory ADD COLUMN closed INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE factory ADD COLUMN other_certifications TEXT;",

    /* 4: review decisions (lib/store/review.c), as Open Supply Hub's moderation records
     * them: what was decided about two factories, when (UTC, ISO 8601) and by whom, and
     * when and by whom it was undone. A merge keeps the merged-away factory as it was, with
     * merged_into pointing at the one kept (its id, OS ID and handle keep resolving), and
     * records in merge_change what it added to the kept profile, so an undo takes exactly
     * that away. */
    "ALTER TABLE factory ADD COLUMN merged_into INTEGER REFERENCES factory(id);"
    "CREATE INDEX factory_merged_into ON factory(merged_into);"
    "CREATE TABLE review_decision ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL,"              /* 'merge' (b into a) or 'distinct' */
    "  a INTEGER NOT NULL REFERENCES factory(id) ON DELETE CASCADE,"
    "  b INTEGER NOT NULL REFERENCES factory(id) ON DELETE CASCADE,"
    "  decided_at TEXT NOT NULL,"
    "  decided_by TEXT NOT NULL,"
    "  undone_at TEXT,"
    "  undone_by TEXT"
    ") STRICT;"
    "CREATE INDEX review_decision_a ON review_decision(a);"
    "CREATE INDEX review_decision_b ON review_decision(b);"
    "CREATE TABLE merge_change ("
    "  decision INTEGER NOT NULL REFERENCES review_decision(id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"              /* 'field', 'name', 'address', 'price' */
    "  item TEXT NOT NULL,"              /* the column; the name or address; the category */
    "  old_value TEXT,"                  /* a column's value before and after, as text; */
    "  new_value TEXT,"                  /* a price band's 'low-high' */
    "  PRIMARY KEY (decision, seq)"
    ") STRICT;",

    /* 5: the order in which a factory's names and addresses were added (the first spelling
     * seen first, where `show` lists them and a merge moves them) is a column, id, instead of
     * SQLite's rowid, which PostgreSQL does not have. In SQLite an INTEGER PRIMARY KEY is the
     * rowid itself: each row keeps the number it had, the order is unchanged. (PostgreSQL's
     * backend makes it an identity column.) One row per factory and spelling, as before.
     * The exact look-ups of an import (a cleaned name, in a factory that has a cleaned
     * address) go through (name_key, factory_id) and (factory_id, address_key): one seek per
     * factory, not a walk of every spelling of it; and a factory's first names and address
     * (what a fuzzy candidate is compared by) through (factory_id), in id order, not by
     * sorting all of them (a facility listed thousands of times made a re-import cubic). */
    "CREATE TABLE factory_name_v5 ("
    "  id INTEGER PRIMARY KEY,"
    "  factory_id INTEGER NOT NULL REFERENCES factory(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL,"
    "  name_key TEXT NOT NULL,"
    "  UNIQUE (factory_id, name)"
    ") STRICT;"
    "INSERT INTO factory_name_v5 (id, factory_id, name, name_key) "
    "  SELECT rowid, factory_id, name, name_key FROM factory_name;"
    "DROP TABLE factory_name;"
    "ALTER TABLE factory_name_v5 RENAME TO factory_name;"
    "CREATE INDEX factory_name_key ON factory_name(name_key, factory_id);"
    "CREATE INDEX factory_name_factory ON factory_name(factory_id);"
    "CREATE TABLE factory_address_v5 ("
    "  id INTEGER PRIMARY KEY,"
    "  factory_id INTEGER NOT NULL REFERENCES factory(id) ON DELETE CASCADE,"
    "  address TEXT NOT NULL,"
    "  address_key TEXT NOT NULL,"
    "  UNIQUE (factory_id, address)"
    ") STRICT;"
    "INSERT INTO factory_address_v5 (id, factory_id, address, address_key) "
    "  SELECT rowid, factory_id, address, address_key FROM factory_address;"
    "DROP TABLE factory_address;"
    "ALTER TABLE factory_address_v5 RENAME TO factory_address;"
    "CREATE INDEX factory_address_key ON factory_address(factory_id, address_key);"
    "CREATE INDEX factory_address_factory ON factory_address(factory_id);",

    /* 6: the relationship ledger (lib/store/ledger.c; docs/internals/ledger.md). Brands are
     * parties known by a handle; factories are the registry's rows. An event is never updated
     * or deleted: a correction is a new row naming the one it corrects (supersedes, at most
     * one correction an event: the unique index, NULLs apart in both SQLite and PostgreSQL).
     * `body` is the event as the export writes it (its canonical JSON line); the typed columns
     * and the line tables hold what the states, scorecards and comparisons select on. Times
     * are seconds since 1970-01-01 UTC, days days since 1970-01-01, amounts minor units of
     * `currency`. `by` is a keyword in SQL: the column is actor. */
    "CREATE TABLE brand ("
    "  id INTEGER PRIMARY KEY,"
    "  handle TEXT NOT NULL UNIQUE"
    ") STRICT;"
    "CREATE TABLE ledger_event ("
    "  id INTEGER PRIMARY KEY,"
    "  brand_id INTEGER NOT NULL REFERENCES brand(id),"
    "  factory_id INTEGER NOT NULL REFERENCES factory(id),"
    "  at INTEGER NOT NULL,"
    "  actor TEXT NOT NULL CHECK (actor IN ('brand', 'factory')),"
    "  kind TEXT NOT NULL,"
    "  thing TEXT NOT NULL,"          /* rfq, sample, change, order, payment, thread */
    "  ref TEXT NOT NULL,"            /* the thing's key: 'R1', 'TS01/fit/2', 'PO-9/deposit' */
    "  supersedes INTEGER REFERENCES ledger_event(id),"
    "  rfq TEXT, order_ref TEXT, style TEXT, stage TEXT, round INTEGER, change_ref TEXT,"
    "  milestone TEXT,"
    "  currency TEXT, amount INTEGER,"
    "  due_day INTEGER, ex_factory_day INTEGER, planned_day INTEGER, valid_until_day INTEGER,"
    "  days INTEGER, deposit_bp INTEGER,"
    "  reason TEXT, verdict TEXT,"
    "  lot INTEGER, critical INTEGER, major INTEGER, minor INTEGER, passed INTEGER,"
    "  aql_level TEXT, aql_critical INTEGER, aql_major INTEGER, aql_minor INTEGER,"
    "  body TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX ledger_event_pair ON ledger_event(brand_id, factory_id, id);"
    "CREATE INDEX ledger_event_thing ON ledger_event(brand_id, factory_id, thing, ref);"
    "CREATE INDEX ledger_event_factory ON ledger_event(factory_id, at);"
    "CREATE INDEX ledger_event_brand ON ledger_event(brand_id, at);"
    "CREATE UNIQUE INDEX ledger_event_supersedes ON ledger_event(supersedes);"
    /* an RFQ's announced units per style; an order's units per style x colour x size */
    "CREATE TABLE ledger_line ("
    "  event_id INTEGER NOT NULL REFERENCES ledger_event(id),"
    "  seq INTEGER NOT NULL,"
    "  style TEXT NOT NULL, color TEXT, size TEXT,"
    "  qty INTEGER NOT NULL,"
    "  price INTEGER,"
    "  PRIMARY KEY (event_id, seq)"
    ") STRICT;"
    "CREATE INDEX ledger_line_style ON ledger_line(style);"
    /* a quote: one row per style and quantity break, the style's terms on each */
    "CREATE TABLE ledger_quote_line ("
    "  event_id INTEGER NOT NULL REFERENCES ledger_event(id),"
    "  seq INTEGER NOT NULL,"
    "  style TEXT NOT NULL,"
    "  qty INTEGER NOT NULL,"
    "  price INTEGER NOT NULL,"
    "  moq_style INTEGER, moq_color INTEGER, sample_fee INTEGER, fee_refunded INTEGER,"
    "  sampling_days INTEGER, production_days INTEGER,"
    "  PRIMARY KEY (event_id, seq)"
    ") STRICT;",
    /* 7: an RFQ as it was sent (lib/store/rfq_snapshot.c): the program's text and its
     * readiness report (check --json) frozen with each rfq.sent event the verb records,
     * written in the event's transaction, never updated */
    "CREATE TABLE rfq_snapshot ("
    "  event_id INTEGER PRIMARY KEY REFERENCES ledger_event(id),"
    "  program_text TEXT NOT NULL,"
    "  readiness_json TEXT NOT NULL"
    ") STRICT;",
    /* 8: a factory's scorecard read from one index (lib/store/party.c;
     * docs/internals/scorecard.md): the factory's handle as the event gave it (a handle of
     * the registry can change since; NULL in the rows recorded before this, whose body has
     * it), and the factory's events in the order recorded with the typed columns the
     * scorecard reads, so its read is a range of this index: no sort, and no row of the table
     * sought but a change's answer's (days) and an RFQ's decline's (reason), the two columns
     * left out, each of one rare kind: PostgreSQL indexes 32 columns at most. */
    "ALTER TABLE ledger_event ADD COLUMN factory_handle TEXT;"
    "CREATE INDEX ledger_event_factory_card ON ledger_event(factory_id, id, brand_id,"
    "  factory_handle, at, actor, kind, supersedes, rfq, order_ref, style, stage, round,"
    "  change_ref, milestone, currency, amount, due_day, ex_factory_day, planned_day,"
    "  valid_until_day, deposit_bp, verdict, lot, critical, major, minor, passed, aql_level,"
    "  aql_critical, aql_major, aql_minor);",
    /* 9: the server's accounts, organizations, sessions, tokens and programs
     * (lib/store/accounts.c, org.c, session.c, program_store.c; docs/internals/accounts.md).
     * Times are seconds since 1970-01-01 UTC. A token is kept only as its hash. A brand
     * organization holds the ledger's brand (brand_id), a factory organization the registry's
     * factory it claimed (factory_id): one organization each at most. */
    "CREATE TABLE account ("
    "  id INTEGER PRIMARY KEY,"
    "  email TEXT NOT NULL UNIQUE,"   /* normalized: trimmed, ASCII lower case */
    "  password_hash TEXT NOT NULL,"
    "  created INTEGER NOT NULL"
    ") STRICT;"
    "CREATE TABLE org ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('brand', 'factory')),"
    "  handle TEXT NOT NULL UNIQUE,"
    "  brand_id INTEGER UNIQUE REFERENCES brand(id),"
    "  factory_id INTEGER UNIQUE REFERENCES factory(id),"
    "  created INTEGER NOT NULL"
    ") STRICT;"
    "CREATE TABLE member ("
    "  org_id INTEGER NOT NULL REFERENCES org(id),"
    "  account_id INTEGER NOT NULL REFERENCES account(id),"
    "  role TEXT NOT NULL CHECK (role IN ('owner', 'member', 'viewer')),"
    "  created INTEGER NOT NULL,"
    "  PRIMARY KEY (org_id, account_id)"
    ") STRICT;"
    "CREATE INDEX member_account ON member(account_id, org_id);"
    "CREATE TABLE invitation ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES org(id),"
    "  token_hash TEXT NOT NULL UNIQUE,"
    "  role TEXT NOT NULL CHECK (role IN ('owner', 'member', 'viewer')),"
    "  created_by INTEGER NOT NULL REFERENCES account(id),"
    "  created INTEGER NOT NULL,"
    "  expires INTEGER NOT NULL,"
    "  accepted_by INTEGER REFERENCES account(id),"
    "  accepted INTEGER"
    ") STRICT;"
    "CREATE TABLE session ("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash TEXT NOT NULL UNIQUE,"
    "  account_id INTEGER NOT NULL REFERENCES account(id),"
    "  org_id INTEGER NOT NULL REFERENCES org(id),"
    "  csrf TEXT NOT NULL,"           /* sent to the browser as a cookie: not a secret kept */
    "  created INTEGER NOT NULL,"
    "  expires INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL"
    ") STRICT;"
    "CREATE INDEX session_account ON session(account_id);"
    "CREATE TABLE api_token ("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash TEXT NOT NULL UNIQUE,"
    "  org_id INTEGER NOT NULL REFERENCES org(id),"
    "  account_id INTEGER NOT NULL REFERENCES account(id),"
    "  name TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  last_used INTEGER,"
    "  revoked INTEGER"
    ") STRICT;"
    "CREATE INDEX api_token_org ON api_token(org_id, id);"
    /* failed logins, by key ('account:' the email, 'address:' the client's address), kept
     * for the sliding window of lib/store/accounts.c */
    "CREATE TABLE login_failure ("
    "  key TEXT NOT NULL,"
    "  at INTEGER NOT NULL"
    ") STRICT;"
    "CREATE INDEX login_failure_key ON login_failure(key, at);"
    "CREATE TABLE program ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES org(id),"
    "  name TEXT NOT NULL,"
    "  yaml TEXT NOT NULL,"
    "  verdict TEXT,"                 /* the readiness verdict and score as of the upload */
    "  score INTEGER,"
    "  created INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL"
    ") STRICT;"
    "CREATE INDEX program_org ON program(org_id, id);",
};

size_t sv_migration_count(void)
{
    return sizeof migrations / sizeof migrations[0];
}

const char *sv_migration_sql(size_t i)
{
    return i < sv_migration_count() ? migrations[i] : NULL;
}
