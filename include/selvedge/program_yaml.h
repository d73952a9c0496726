/* Reading a sourcing program from its YAML file. */
#ifndef SELVEDGE_PROGRAM_YAML_H
#define SELVEDGE_PROGRAM_YAML_H

#include <stddef.h>

#include "selvedge/err.h"
#include "selvedge/program.h"

/* Largest program file accepted, in bytes. */
#define SV_PROGRAM_MAX_BYTES (4u << 20)

/* Read and validate the program in the file at path. On success *out owns a new program
 * (free with sv_program_free); on failure *out is NULL and e says where and why, as
 * file:line:column and the dotted field. */
sv_code sv_program_load(const char *path, sv_program **out, sv_err *e);

/* Same, from text in memory; name is used in messages as the file name. */
sv_code sv_program_parse(const char *text, size_t len, const char *name, sv_program **out,
                         sv_err *e);

#endif
