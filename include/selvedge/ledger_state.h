/* The state of an event's thing after it (lib/io/ledger_state.c): what `--json` of a ledger
 * verb and the server's answer to a step say of the thing. */
#ifndef SELVEDGE_LEDGER_STATE_H
#define SELVEDGE_LEDGER_STATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "selvedge/ledger.h"

/* The state of ev's thing among hist[0..n) (which holds ev), as of now (seconds since 1970):
 * {"thing", "key", "status", ...the thing's figures}, and "THING KEY: STATUS" into buf of bn
 * bytes. NULL when out of memory. */
json_t *sv_ledger_state_json(const sv_ledger_event *const *hist, size_t n,
                             const sv_ledger_event *ev, int64_t now, char *buf, size_t bn);

/* An order's prices against the quote (ev an order.issued or order.countered with lines; any
 * other event: nothing done, true): st's "prices", one object a line that a quote prices,
 * {"style", "color", "size", "price", "quoted", "quoted_currency", "break_qty", "quote_event",
 * "flagged"} (sv_ledger_order_prices), as `order issue --json` and the server's answer to the
 * step give it. false when out of memory. */
bool sv_ledger_state_prices(const sv_ledger_event *const *hist, size_t n, const sv_ledger_event *ev,
                            json_t *st);

#endif
