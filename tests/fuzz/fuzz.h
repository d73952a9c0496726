/* The fuzz harnesses' shared pieces: the entry point libFuzzer calls, and a check that a
 * refused input was refused properly (a code and a message, nothing handed back). */
#ifndef SELVEDGE_FUZZ_H
#define SELVEDGE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "selvedge/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A refusal carries a code and a message that formats; anything else is a bug: abort, so
 * the fuzzer keeps the input. */
static inline void fuzz_check_refusal(sv_code rc, const sv_err *e, const void *out)
{
    char buf[1200];
    if (rc == SV_OK)
        return;
    if (e->code != rc || !e->msg[0] || out != NULL) {
        fprintf(stderr, "refused without a message or with a result: code %d/%d msg '%s'\n",
                (int)rc, (int)e->code, e->msg);
        abort();
    }
    if (!sv_err_format(e, buf, sizeof buf)[0])
        abort();
}

#endif
