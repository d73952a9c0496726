#include "cli.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "selvedge/country.h"

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

sv_date cli_today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    sv_date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return d;
}

int cli_opt_date(cli *c, const char *cmd, int argc, char **argv, int *i, sv_date *out)
{
    const char *v = cli_value(c, cmd, argc, argv, i, "--today");
    if (!v)
        return EXIT_USAGE;
    if (!sv_date_parse(v, out))
        return cli_usage(c, cmd, "--today wants a real date as YYYY-MM-DD, not '%s'", v);
    return 0;
}

int cli_opt_country(cli *c, const char *cmd, int argc, char **argv, int *i, char out[3])
{
    const char *v = cli_value(c, cmd, argc, argv, i, "--origin");
    if (!v)
        return EXIT_USAGE;
    const sv_country *k = sv_country_find(v);
    if (!k)
        return cli_usage(c, cmd, "--origin: unknown country '%s'", v);
    memcpy(out, k->alpha2, 3);
    return 0;
}

int cli_opt_mode(cli *c, const char *cmd, int argc, char **argv, int *i, sv_mode *out)
{
    const char *v = cli_value(c, cmd, argc, argv, i, "--mode");
    if (!v)
        return EXIT_USAGE;
    if (strcmp(v, "sea") == 0)
        *out = SV_MODE_SEA;
    else if (strcmp(v, "air") == 0)
        *out = SV_MODE_AIR;
    else
        return cli_usage(c, cmd, "--mode is sea or air, not '%s'", v);
    return 0;
}
