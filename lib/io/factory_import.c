/* Importing factory files into the store, with de-duplication (see factory_import.h). */
#include "selvedge/factory_import.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "selvedge/factories_yaml.h"
#include "selvedge/osh_csv.h"

typedef struct importer {
    sv_store *s;
    const sv_refdata *rd;
    const sv_import_hooks *hooks;
    sv_import_stats *st;
    /* the best fuzzy candidate so far, while scanning; the row's keys taken apart once */
    sv_sim_query *name, *address;
    bool has_address;
    int64_t done, size;          /* bytes of the file read, and its size */
    int best;
    int64_t best_id;
} importer;

static sv_code consider(void *ud, int64_t id, const char *name_key, const char *address_key,
                        sv_err *e)
{
    importer *im = ud;
    int sim = sv_similarity_query(im->name, name_key);
    /* an address that agrees confirms a close name; one that disagrees pulls it down */
    if (im->has_address && address_key && *address_key) {
        int a = sv_similarity_query(im->address, address_key);
        sim = (sim * 7 + a * 3) / 10;
    }
    if (sim > im->best || (sim == im->best && id < im->best_id)) {
        im->best = sim;
        im->best_id = id;
    }
    (void)e;
    return SV_OK;
}

/* A row known by the handle or OS ID of factory `holder`, which a review decision merged into
 * another: it is the holder's (its profile takes it, replaced when known by the handle, as a
 * standing one's is) and fills in the one it is in, recorded under the decision so that an
 * undo takes it away again (sv_store_factory_into_merged). */
static sv_code into_merged(importer *im, int64_t holder, bool by_handle, sv_factory *f, sv_err *e)
{
    im->st->merged++;
    return sv_store_factory_into_merged(im->s, holder, f, by_handle, e);
}

static sv_code add_one(importer *im, sv_factory *f, sv_err *e)
{
    sv_store *s = im->s;
    int64_t id = 0;
    sv_code rc;
    im->st->rows++;
    if (f->handle) {
        if ((rc = sv_store_find_handle(s, f->handle, &id, e)))
            return rc;
        int64_t live = id;
        if (id && (rc = sv_store_factory_resolve(s, id, &live, e)))
            return rc;
        if (id && live == id) {
            f->id = id;
            im->st->updated++;
            return sv_store_factory_put(s, f, e);
        }
        /* a profile merged into another by a review decision lives on in that one: it is
         * not made again */
        if (id)
            return into_merged(im, id, true, f, e);
    }
    if (f->os_id) {
        if ((rc = sv_store_find_os_id(s, f->os_id, &id, e)))
            return rc;
        int64_t live = id;
        if (id && (rc = sv_store_factory_resolve(s, id, &live, e)))
            return rc;
        if (id && live != id)
            return into_merged(im, id, false, f, e);
        if (id) {
            im->st->merged++;
            return sv_store_factory_merge_into(im->s, id, f, e);
        }
    }
    char *nk = sv_clean_key(f->name);
    char *ak = f->address ? sv_clean_key(f->address) : NULL;
    if (!nk || (f->address && !ak)) {
        free(nk);
        free(ak);
        return sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    }
    rc = sv_store_find_exact(s, f->country, nk, ak, &id, e);
    if (rc == SV_OK && !id && ak) {
        /* the same name elsewhere: the same facility only when the one on file has no
         * address to disagree with; two sites of one company are two factories, and the
         * fuzzy pass below lists them for review */
        rc = sv_store_find_exact(s, f->country, nk, NULL, &id, e);
        if (rc == SV_OK && id) {
            bool has_address = false;
            if ((rc = sv_store_factory_has_address(s, id, &has_address, e)) == SV_OK &&
                has_address)
                id = 0;
        }
    }
    if (rc == SV_OK && id) {
        im->st->merged++;
        rc = sv_store_factory_merge_into(im->s, id, f, e);
        goto out;
    }
    if (rc)
        goto out;
    sv_sim_query_init(im->name, nk);
    im->has_address = ak && *ak;
    if (im->has_address)
        sv_sim_query_init(im->address, ak);
    im->best = -1;
    im->best_id = 0;
    if ((rc = sv_store_candidates(s, f->country, nk, consider, im, e)))
        goto out;
    /* the candidates stand (a merged-away factory has no blocking words); were one not to,
     * the decision is about the factory it is in */
    if (im->best >= SV_REVIEW_AT && (rc = sv_store_factory_resolve(s, im->best_id, &im->best_id, e)))
        goto out;
    if (im->best >= SV_MERGE_AT) {
        im->st->merged++;
        rc = sv_store_factory_merge_into(s, im->best_id, f, e);
        goto out;
    }
    f->id = 0;
    if ((rc = sv_store_factory_put_keyed(s, f, nk, ak, e)))
        goto out;
    im->st->added++;
    if (im->best >= SV_REVIEW_AT) {
        char why[300];
        snprintf(why, sizeof why, "names %s, same country", im->best >= 750 ? "very close" : "close");
        if ((rc = sv_store_review_add(s, im->best_id, f->id, im->best, why, e)))
            goto out;
        im->st->review++;
    }
out:
    free(nk);
    free(ak);
    return rc;
}

static sv_code csv_row(void *ud, const sv_factory *f, int line, sv_err *e)
{
    importer *im = ud;
    sv_factory copy = *f;
    (void)line;
    sv_code rc = add_one(im, &copy, e);
    if (rc == SV_OK && im->hooks && im->hooks->progress && im->st->rows % 1000 == 0)
        im->hooks->progress(im->hooks->ud, im->st->rows, im->done, im->size);
    return rc;
}

static void csv_progress(void *ud, int64_t done, int64_t size)
{
    importer *im = ud;
    im->done = done;
    im->size = size;
}

static sv_code csv_bad(void *ud, const sv_err *row_error)
{
    importer *im = ud;
    im->st->rows++; /* a record read, though not kept */
    im->st->bad++;
    if (im->hooks && im->hooks->bad_row)
        im->hooks->bad_row(im->hooks->ud, row_error);
    return SV_OK;
}

/* Capability files give prices and fees in their own currency; the store keeps USD cents. */
static sv_code to_usd(const sv_refdata *rd, const sv_currency *cur, sv_factory *f,
                      const char *path, sv_err *e)
{
    if (strcmp(cur->code, "USD") == 0)
        return SV_OK;
    if (!sv_refdata_fx(rd, cur->code))
        return sv_err_at(e, SV_ERR_SCHEMA, path, 0, 0, "currency",
                         "no exchange rate for %s in fx.tsv", cur->code);
    for (int c = 0; c < SV_CAT__COUNT; c++) {
        if (f->price_low[c] >= 0)
            sv_refdata_to_usd(rd, f->price_low[c], cur, &f->price_low[c]);
        if (f->price_high[c] >= 0)
            sv_refdata_to_usd(rd, f->price_high[c], cur, &f->price_high[c]);
    }
    if (f->sample_fee >= 0)
        sv_refdata_to_usd(rd, f->sample_fee, cur, &f->sample_fee);
    return SV_OK;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* A file into an empty store is a bulk load (the store's look-ups in memory), unless the
 * caller asks for the row-by-row path; the results are the same. */
static sv_code begin(sv_store *s, const sv_import_hooks *hooks, sv_err *e)
{
    bool bulk;
    if (hooks && hooks->row_by_row)
        return sv_store_begin(s, e);
    return sv_store_begin_bulk(s, &bulk, e);
}

static sv_code import_file(importer *im, const char *path, sv_err *e)
{
    sv_store *s = im->s;
    sv_import_stats *stats = im->st;
    sv_code rc;
    if (ends_with(path, ".yaml") || ends_with(path, ".yml")) {
        sv_factory_list *l = NULL;
        if ((rc = sv_factories_load(path, &l, e)))
            return rc;
        if ((rc = begin(s, im->hooks, e))) {
            sv_factory_list_free(l);
            return rc;
        }
        for (size_t i = 0; rc == SV_OK && i < l->n; i++) {
            rc = to_usd(im->rd, l->currency, &l->items[i], path, e);
            if (rc == SV_OK)
                rc = add_one(im, &l->items[i], e);
        }
        sv_factory_list_free(l);
    } else {
        if ((rc = begin(s, im->hooks, e)))
            return rc;
        sv_csv_format fmt;
        rc = sv_csv_factories_read_progress(path, &fmt, csv_row, csv_bad, csv_progress, im, e);
    }
    if (rc == SV_OK)
        rc = sv_store_commit(s, e);
    if (rc != SV_OK) {
        sv_store_rollback(s);
        sv_import_stats zero = {0};
        zero.bad = stats->bad;
        *stats = zero; /* nothing of the file was kept */
    }
    return rc;
}

sv_code sv_factories_import(sv_store *s, const sv_refdata *rd, const char *path,
                            const sv_import_hooks *hooks, sv_import_stats *stats, sv_err *e)
{
    memset(stats, 0, sizeof *stats);
    importer im = {.s = s, .rd = rd, .hooks = hooks, .st = stats};
    /* the row's keys against every candidate's: taken apart once a row */
    im.name = calloc(1, sizeof *im.name);
    im.address = calloc(1, sizeof *im.address);
    sv_code rc = im.name && im.address ? import_file(&im, path, e)
                                       : sv_err_set(e, SV_ERR_NOMEM, "out of memory");
    free(im.name);
    free(im.address);
    return rc;
}
