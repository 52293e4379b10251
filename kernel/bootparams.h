/* The kernel's command line: the loader's string plus, under QEMU, the fw_cfg
 * file opt/org.hotmem/cmdline appended after it (docs/cmdline.md), checked
 * against the table of known options and turned into typed settings. */
#ifndef KERNEL_BOOTPARAMS_H
#define KERNEL_BOOTPARAMS_H

#include <stdbool.h>

#include "kernel/cmdline.h"
#include "kernel/panic.h"

struct bootparams {
	const char *selftest; /* filter for ktest_run_all(): "all" by default */
	enum exit_mode exit_mode;
	const char *crash; /* hotmem.crash= value, or NULL */
	bool shell;	   /* hotmem.shell: the interactive shell after the run */
};

extern struct bootparams bootparams;
/* The parsed command line, for options read later by other parts. */
extern struct cmdline boot_cmdline;

/* Parses `loader_cmdline` (may be NULL), then `extra` (may be NULL; under
 * QEMU the fw_cfg string, named by `extra_from` in the log) appended after
 * it, reports unknown and malformed options by name, and fills bootparams. */
void bootparams_init(const char *loader_cmdline, const char *extra, const char *extra_from);

#endif
