/* crashkernel=: the memory a crash (kdump) kernel is loaded into, reserved
 * at boot (Linux kernel/crash_core.c for the syntax, x86's
 * reserve_crashkernel() for the placement: mm/crashkernel.h).
 *
 * Forms read (docs/cmdline.md), all as in Linux 6.1:
 *   crashkernel=SIZE          anywhere below 4 GiB, else above
 *   crashkernel=SIZE@OFFSET   exactly at OFFSET
 *   crashkernel=SIZE,high     above 4 GiB first, plus low memory
 *   crashkernel=SIZE,low      the size of that low part (default 256 MiB)
 * The option may be given several times: like Linux, the last one without a
 * suffix, the last ",high" and the last ",low" each count. The range form
 * (crashkernel=512M-2G:64M,2G-:128M) is refused by name.
 *
 * Pure C: parsing only, messages through printk. */
#ifndef KERNEL_CRASH_CORE_H
#define KERNEL_CRASH_CORE_H

#include <stdbool.h>
#include <stddef.h>

struct resource;

/* The kernel's reservations, as in Linux: both named "Crash kernel", busy
 * System RAM with desc IORES_DESC_CRASH_KERNEL; end 0 while not reserved. */
extern struct resource crashk_res;
extern struct resource crashk_low_res;

/* What the command line asks for. */
struct crashkernel_spec {
	unsigned long long size; /* 0: no reservation */
	unsigned long long base; /* 0: find a place */
	bool high;		 /* from SIZE,high: above 4 GiB first */
	/* SIZE,low: low_given with low_size (0 = none wanted); else Linux's
	 * default applies when the main part lands above 4 GiB. */
	bool low_given;
	unsigned long long low_size;
};

/* Linux's simple form, one value without the key: "SIZE" or "SIZE@OFFSET".
 * 0, or -EINVAL after printing "crashkernel: memory value expected" (no
 * number where one must be), "crashkernel: unrecognized char: <c>"
 * (something after the number; Linux ignores junk after OFFSET, hotmem
 * names it too) or "crashkernel: the range form (START-[END]:SIZE) is not
 * supported, ignored". */
int parse_crashkernel_simple(const char *val, unsigned long long *size, unsigned long long *base);

/* "SIZE<suffix>" with suffix ",high" or ",low": 0, or -EINVAL after
 * "crashkernel: memory value expected" / "crashkernel: unrecognized char:
 * <c>". */
int parse_crashkernel_suffix(const char *val, const char *suffix, unsigned long long *size);

/* All n values of crashkernel= in command-line order into *spec (zeroed
 * first), as x86 Linux reads them: the last plain one; if it is missing,
 * malformed or 0, the last ",high" one (spec->high); the last ",low" one
 * (low_given; a malformed one leaves the default). Returns 0 when a
 * reservation is asked for (spec->size > 0), -ENOENT when none is, -EINVAL
 * when only malformed values were given (messages printed). */
int parse_crashkernel(const char *const *vals, size_t n, struct crashkernel_spec *spec);

#endif
