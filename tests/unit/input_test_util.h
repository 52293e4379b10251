/* Key events as text for the input tests: a character without Ctrl or Alt
 * is itself, everything else is <mods-NAME>, e.g. "ls<ENTER><S-PGUP><C-c>". */
#ifndef TESTS_UNIT_INPUT_TEST_UTIL_H
#define TESTS_UNIT_INPUT_TEST_UTIL_H

#include <stddef.h>

#include "kernel/input.h"

/* Appends the text of `ev` to the NUL-terminated string in out[size]. */
void key_event_append(char *out, size_t size, const struct key_event *ev);

#endif
