/* Without libFuzzer (gcc builds): run every file of the corpus directories given, and every
 * single file given, through the harness once. A corpus of past findings thus stays a
 * regression test in the plain and sanitizer builds. Prints TAP, one line per directory. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (!buf)
        return -1;
    /* a copy of exactly n bytes, so a read past the input is caught by the sanitizers */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

int main(int argc, char **argv)
{
    int failed = 0;
    printf("1..%d\n", argc - 1);
    for (int i = 1; i < argc; i++) {
        struct stat st;
        int files = 0, bad = 0;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            DIR *d = opendir(argv[i]);
            struct dirent *de;
            while (d && (de = readdir(d))) {
                if (de->d_name[0] == '.')
                    continue;
                char path[4096];
                snprintf(path, sizeof path, "%s/%s", argv[i], de->d_name);
                if (run_file(path) != 0)
                    bad++;
                files++;
            }
            if (d)
                closedir(d);
            else
                bad++;
        } else {
            bad += run_file(argv[i]) != 0;
            files = 1;
        }
        printf("%s %d - %s: %d inputs\n", bad ? "not ok" : "ok", i, argv[i], files);
        failed |= bad != 0;
    }
    return failed;
}
