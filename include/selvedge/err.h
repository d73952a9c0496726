/* sv_err: the one result type of libselvedge.
 *
 * Every fallible function returns an sv_code and, when given a non-NULL sv_err, fills it
 * with a message. Input errors also carry where they happened (file:line:column) and the
 * field concerned, so the command line can print "prog.yaml:12:7: styles[0].colors[1].units:
 * must be a positive whole number" and the user goes straight to the spot. */
#ifndef SELVEDGE_ERR_H
#define SELVEDGE_ERR_H

#include <stddef.h>

typedef enum {
    SV_OK = 0,
    SV_ERR_NOMEM,   /* out of memory */
    SV_ERR_IO,      /* a file could not be read or written */
    SV_ERR_SYNTAX,  /* the file is not well-formed (YAML, TSV...) */
    SV_ERR_SCHEMA,  /* well-formed, but a key, type or value is wrong */
    SV_ERR_USAGE,   /* a command-line argument is wrong */
    SV_ERR_NOTFOUND,/* a looked-up thing does not exist */
    SV_ERR_INTERNAL,/* a bug: should never happen */
    /* the server's accounts (selvedge/account_store.h and its siblings) */
    SV_ERR_CONFLICT,/* taken: an email, a factory claimed, the last owner */
    SV_ERR_DENIED,  /* a wrong password, an expired session, a revoked token, a role short */
    SV_ERR_LIMITED  /* too many failed logins: locked for a while */
} sv_code;

typedef struct sv_err {
    sv_code code;
    char file[256];  /* empty when the error is not about a file */
    int line;        /* 1-based; 0 when unknown */
    int column;      /* 1-based; 0 when unknown */
    char field[128]; /* dotted path of the field, e.g. "program.styles[0].colors[1].units" */
    char msg[512];
} sv_err;

/* Reset to SV_OK with empty strings. */
void sv_err_clear(sv_err *e);

/* Set code and a printf-style message; returns code so callers can `return sv_err_set(...)`.
 * A NULL e is allowed: the code is still returned. */
sv_code sv_err_set(sv_err *e, sv_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Same, with a position in a file and the field concerned (either may be NULL/0). */
sv_code sv_err_at(sv_err *e, sv_code code, const char *file, int line, int column,
                  const char *field, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* "file:line:column: field: message" with the parts that are known. Writes at most n bytes,
 * always NUL-terminated; returns buf. */
char *sv_err_format(const sv_err *e, char *buf, size_t n);

/* A short stable name for a code ("syntax", "schema"...). */
const char *sv_code_name(sv_code code);

#endif
