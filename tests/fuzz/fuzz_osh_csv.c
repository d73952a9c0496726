/* Fuzz the factory CSV reader (Open Supply Hub list and download formats, the capability
 * CSV). The reader takes a path, as the import does: the input is written to an anonymous
 * memory file and read through /proc/self/fd. */
#include "fuzz.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "selvedge/osh_csv.h"

static sv_code row(void *ud, const sv_factory *f, int line, sv_err *e)
{
    (void)ud;
    (void)e;
    /* a good row has a name, a country and a line in the file */
    if (!f->name || !f->name[0] || !f->country[0] || line < 2)
        abort();
    /* every string it hands over is readable to its end */
    volatile size_t n = strlen(f->name) + (f->address ? strlen(f->address) : 0);
    (void)n;
    return SV_OK;
}

static sv_code bad(void *ud, const sv_err *e)
{
    (void)ud;
    if (!e->msg[0] || e->line < 1)
        abort(); /* a skipped row says where and why */
    return SV_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fd = -1;
    if (fd < 0 && (fd = memfd_create("fuzz.csv", 0)) < 0)
        abort();
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    sv_csv_format fmt;
    sv_err e;
    sv_err_clear(&e);
    sv_code rc = sv_csv_factories_read(path, &fmt, row, bad, NULL, &e);
    fuzz_check_refusal(rc, &e, NULL);
    return 0;
}
