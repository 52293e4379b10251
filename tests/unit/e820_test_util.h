/* Shared by the e820, e820_cmdline and fw_emul suites: short names for the
 * e820 types, the QEMU tables they start from, loading a table, checking
 * one entry by entry, and capturing what printk prints.
 *
 * Everything is static storage: these cases also run on the 32 KiB kernel
 * stack. */
#ifndef TESTS_UNIT_E820_TEST_UTIL_H
#define TESTS_UNIT_E820_TEST_UTIL_H

#include <stddef.h>

#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/kernel.h"
#include "mm/e820.h"

#define RAM  E820_TYPE_RAM
#define RES  E820_TYPE_RESERVED
#define ACPI E820_TYPE_ACPI
#define NVS  E820_TYPE_NVS
#define UNUS E820_TYPE_UNUSABLE
#define PMEM E820_TYPE_PMEM
#define PRAM E820_TYPE_PRAM
#define KERN E820_TYPE_RESERVED_KERN
#define SOFT E820_TYPE_SOFT_RESERVED

#define E(a, s, ty)                                                    \
	{                                                              \
		.addr = (a), .size = (s), .type = (enum e820_type)(ty) \
	}

/* QEMU 7.2 -machine pc, SeaBIOS: -m 512M (refdata baseline/pc-512M) and
 * -m 1G (refdata pmem-legacy-kmem). */
extern const struct e820_entry qemu_pc[7];
extern const struct e820_entry qemu_pc_1g[7];

/* What printk printed during the last CAPTURE(). */
extern char e820t_cap[8192];

#define CAPTURE(stmt)                                               \
	do {                                                        \
		printk_capture_start(e820t_cap, sizeof(e820t_cap)); \
		stmt;                                               \
		printk_capture_stop();                              \
	} while (0)

/* Empties tb, then loads the n entries of e into it as they are. */
void e820t_load(struct e820_table *tb, const struct e820_entry *e, size_t n);

/* Fails the case, naming file:line and `what` (the table), unless tb holds
 * exactly the n entries of want, in order, every field equal. */
void e820t_expect_table_at(struct ktest *t, const char *file, int line, const char *what,
			   const struct e820_table *tb, const struct e820_entry *want, size_t n);

#endif
