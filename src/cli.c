#include "cli.h"

#include <stdarg.h>
#include <string.h>

int cli_fail(const cli *c, const sv_err *e)
{
    char buf[1200];
    fprintf(stderr, "%s: %s\n", c->prog, sv_err_format(e, buf, sizeof buf));
    return e->code == SV_ERR_USAGE ? EXIT_USAGE : EXIT_INPUT;
}

int cli_usage(const cli *c, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s %s: ", c->prog, cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s %s --help'.\n", c->prog, cmd);
    return EXIT_USAGE;
}

int cli_load_refdata(const cli *c, sv_refdata **rd)
{
    sv_err e;
    sv_err_clear(&e);
    if (sv_refdata_load(c->data_dir, rd, &e) != SV_OK)
        return cli_fail(c, &e);
    return 0;
}

bool cli_is(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

const char *cli_value(const cli *c, const char *cmd, int argc, char **argv, int *i,
                      const char *name)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (arg[n] == '=')
        return arg + n + 1;
    if (*i + 1 >= argc) {
        cli_usage(c, cmd, "%s needs a value", name);
        return NULL;
    }
    return argv[++*i];
}
