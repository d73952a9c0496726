/* Fuzz the files a verb reads beside its options: the quote a factory fills in (YAML,
 * lib/io/ledger_quote.c, or a spreadsheet's CSV, lib/io/ledger_quote_csv.c) and an order's
 * lines (CSV, lib/io/ledger_lines.c). The first byte chooses the reader (odd: lines; even:
 * a quote, in CSV when its bit 1 is set, else YAML), the rest is the file. */
#include "fuzz.h"

#include <stdbool.h>

#include "selvedge/ledger.h"
#include "selvedge/ledger_lines.h"
#include "selvedge/ledger_quote.h"
#include "selvedge/pool.h"

static void quote(const char *text, size_t size, sv_pool *pool, bool csv)
{
    sv_ledger_event ev;
    sv_ledger_event_init(&ev);
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = csv ? sv_ledger_quote_csv_parse(text, size, "fuzz.csv", pool, &ev, &e)
                     : sv_ledger_quote_parse(text, size, "fuzz.yaml", pool, &ev, &e);
    fuzz_check_refusal(rc, &e, NULL);
    if (rc != SV_OK)
        return;
    /* an accepted quote has its currency and styles, each with rising breaks */
    if (!ev.currency[0] || ev.n_quote < 1 || ev.n_quote > SV_LEDGER_QUOTE_MAX)
        abort();
    for (size_t i = 0; i < ev.n_quote; i++) {
        const sv_ledger_quote_line *q = &ev.quote[i];
        if (!q->style || q->n_breaks < 1 || q->n_breaks > SV_LEDGER_BREAKS_MAX)
            abort();
        for (size_t k = 0; k < q->n_breaks; k++)
            if (q->breaks[k].price < 0 || (k && q->breaks[k].qty <= q->breaks[k - 1].qty))
                abort();
    }
}

static void lines(const char *text, size_t size, sv_pool *pool)
{
    sv_ledger_line *out = (sv_ledger_line *)1;
    int *at;
    size_t n;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_ledger_lines_parse(text, size, "fuzz.csv", "EUR", pool, &out, &at, &n, &e);
    fuzz_check_refusal(rc, &e, out);
    if (rc != SV_OK)
        return;
    /* accepted lines are whole, at rising file lines */
    if (n < 1 || n > SV_LEDGER_LINES_MAX)
        abort();
    for (size_t i = 0; i < n; i++)
        if (!out[i].style || !out[i].color || !out[i].size || out[i].qty < 1 ||
            out[i].qty > SV_LEDGER_QTY_MAX || out[i].price < 0 || (i && at[i] <= at[i - 1]))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    sv_pool *pool = sv_pool_create();
    if (!pool)
        return 0;
    if (data[0] % 2 == 0)
        quote((const char *)data + 1, size - 1, pool, (data[0] & 2) != 0);
    else
        lines((const char *)data + 1, size - 1, pool);
    sv_pool_free(pool);
    return 0;
}
