/* The hotmem shell: one command line at a time over the pseudo-files of a
 * namespace (kernel/pseudofs.h), with Linux's paths, texts and errors, and
 * hotmem's own teaching commands (docs/shell.md lists them all).
 *
 * Pure C: the shell reads and writes only through pfs_read(), pfs_list()
 * and pfs_write() on its namespace, prints through its write callback, and
 * reaches what the pseudo-files cannot do (the hotmem_test device, the
 * self-test runner, the end of the run) through struct shell_ops. Input
 * keys, line editing and the screen are the caller's; a test drives a
 * shell over a fresh namespace and compares what it printed.
 *
 *   struct shell sh;
 *
 *   shell_init(&sh, &ns, write_fn, &ops, ctx);
 *   shell_prompt(&sh);                 // "hotmem> "
 *   shell_exec(&sh, "cat /proc/iomem");
 *   ...
 *   shell_release(&sh);
 *
 * The last change. Before a command that changes state (a write through
 * echo, add, remove) the shell takes a snapshot of /proc/iomem and
 * /sys/firmware/memmap, and after it another; `diff` prints the difference
 * and `why` explains it. Changes the shell does not make itself (a device
 * event while it waits for input) are bracketed by the caller with
 * shell_note_change_begin() and shell_note_change_end(), and reported with
 * shell_print_change(). No locking: the caller serialises. */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

#include <stdbool.h>

#include "lib/types.h"

struct pfs_ns;

/* At the start of a line, on every console. */
#define SHELL_PROMPT "hotmem> "

/* Longest command line, without its terminating NUL. */
#define SHELL_LINE_MAX 1023

/* Exit statuses, as bash's $?. */
#define SHELL_OK	0
#define SHELL_FAILED	1
#define SHELL_USAGE	2   /* bad usage or syntax; also ls' "serious trouble" */
#define SHELL_NOT_FOUND 127 /* no such command */

/* What the shell asks of the kernel. ctx is the shell's. A NULL member:
 * the command says it is not available here and fails. */
struct shell_ops {
	/* Hot-adds one memory block of the hotmem_test device as driver-managed
	 * memory: the block at addr when has_addr, else the lowest one not yet
	 * added. Under mhp.semantics=v1 the kernel adds it the seed proposal's
	 * way, add_memory(..., MHP_DRIVER_MANAGED), at the top level of
	 * /proc/iomem (the device gives its container up first: the proposal
	 * had none), else with add_memory_driver_managed(..., "System RAM
	 * (hotmem_test)", MHP_MERGE_RESOURCE) inside the container.
	 * 0 and the block's range in *start, *size, or -errno (nothing
	 * changed). */
	int (*dm_add)(void *ctx, bool has_addr, u64 addr, u64 *start, u64 *size);
	/* Offlines and removes one block the device added: the block at addr,
	 * else the highest one. 0 and the range, or -errno (nothing changed). */
	int (*dm_remove)(void *ctx, bool has_addr, u64 addr, u64 *start, u64 *size);
	/* Runs the self-tests selected by glob (the selftest= syntax: globs
	 * over "suite.case", comma-separated), printing their KTAP on the
	 * consoles. The verdict (enum ktest_verdict), or -errno. */
	int (*selftest)(void *ctx, const char *glob);
	/* Ends the run with the self-tests' verdict (docs/ktap.md exit codes).
	 * Does not return in the kernel. */
	void (*exit)(void *ctx);
	/* Halts the machine. Does not return in the kernel. */
	void (*halt)(void *ctx);
};

/* A change: a description, and once it ended its texts (kzalloc'd). */
struct shell_change {
	char what[96];
	char *iomem_before, *memmap_before; /* between begin and end */
	char *diff;			    /* `diff`'s text */
	char *why;			    /* `why`'s text */
	char *brief;			    /* one "why: ..." line per range */
};

struct shell {
	const struct pfs_ns *ns;
	void (*write)(void *ctx, const char *text);
	const struct shell_ops *ops;
	void *ctx;
	bool in_change; /* between shell_note_change_begin() and _end() */
	struct shell_change pending, last;
	bool have_last;
};

/* A shell over ns that prints through write(ctx, text) (ops may be NULL). */
void shell_init(struct shell *sh, const struct pfs_ns *ns,
		void (*write)(void *ctx, const char *text), const struct shell_ops *ops, void *ctx);
/* Frees the texts of the last change. */
void shell_release(struct shell *sh);

/* Prints SHELL_PROMPT. */
void shell_prompt(struct shell *sh);

/* Runs one command line (at most SHELL_LINE_MAX bytes, no newline needed)
 * and prints its output and errors. Returns its exit status (SHELL_*). */
int shell_exec(struct shell *sh, const char *line);

/* Around a change the shell does not make itself (a device event): begin
 * takes the "before" snapshot and names the change (what: e.g.
 * "acpi_memhotplug add 0x140000000-0x17fffffff"), end takes the "after"
 * snapshot and makes it the last change that `diff` and `why` show. A begin
 * while a change is open starts it anew. When a snapshot cannot be taken
 * (no memory) the last change says so instead. */
void shell_note_change_begin(struct shell *sh, const char *what);
void shell_note_change_end(struct shell *sh);

/* Prints the short report of the last change: its diff, then one line
 * "why: ..." for each range of System RAM added or removed (docs/shell.md).
 * What add, remove and device events print. */
void shell_print_change(struct shell *sh);

#endif
