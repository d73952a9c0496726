/* Internal to lib/io: the words of the trade the program file's reader suggests options from
 * (program_words.c). */
#ifndef SELVEDGE_PROGRAM_WORDS_H
#define SELVEDGE_PROGRAM_WORDS_H

#include "yaml_walk.h"

extern const yw_synonym pw_category[], pw_gender[], pw_construction[], pw_tier[], pw_channel[],
    pw_funding[], pw_staffing[], pw_balance[], pw_fabric_source[], pw_incoterm[], pw_payment[],
    pw_fabric_unit[];

#endif
