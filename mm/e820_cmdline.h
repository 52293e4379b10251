/* mem= and memmap=: Linux's early parameters that edit the working e820
 * table (arch/x86/kernel/e820.c; docs/linux-model.md,
 * Command line: mem= and memmap=). They never touch the firmware
 * view (e820_table_firmware).
 *
 * Deviations from Linux, all in the direction "a typo is reported, never
 * half applied": a malformed value or item is reported by name with printk
 * and has no effect at all (Linux applies what it parsed before the junk and
 * ignores the rest: memmap=64M@1Gjunk adds the range, mem=512Mxyz cuts at
 * 512M); a memmap= range that would wrap past 2^64 is rejected instead of
 * making sanitize fail later; memmap=nn%ss-T+T (old == new) is rejected
 * instead of hitting BUG(); mem=0 does not set userdef. */
#ifndef MM_E820_CMDLINE_H
#define MM_E820_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/e820.h"

/* Set by a mem= or memmap= that took effect: the user edited the map, so
 * e820__finish_early_params() sanitizes and prints it. */
extern bool e820_userdef;

/* Clears e820_userdef (tests; a fresh boot starts cleared). */
void e820_cmdline_reset(void);

/* mem=nn[KMGTPE]: removes the RAM above the physical address nn (a cutoff,
 * not an amount) from t, sets e820_userdef and *max_mem_size = nn (if
 * max_mem_size is not NULL). "nopentium" warns
 * "mem=nopentium ignored! (only supported on x86_32)" and returns -EINVAL, as
 * on 64-bit Linux. 0, junk or overflow: reported as
 * "mem: ignoring bad value '...': reason", -EINVAL or -ERANGE, no effect. */
int parse_memopt(struct e820_table *t, const char *arg, uint64_t *max_mem_size);

/* One memmap= item (no commas):
 *   exactmap      empty the table (later items rebuild it)
 *   nn@ss         add RAM            nn#ss   add ACPI data
 *   nn$ss         add reserved       nn!ss   add PRAM (legacy pmem)
 *   nn%ss-OLD+NEW retype OLD to NEW; nn%ss+NEW add as NEW;
 *   nn%ss-OLD     remove type OLD;   nn%ss   remove every type
 *   nn            remove the RAM above nn (like mem=, without max_mem_size)
 * Type numbers take 0x/0 prefixes and must be non-zero 32-bit values.
 * Returns 0, or -EINVAL / -ERANGE after printing
 * "memmap: ignoring bad item '...': reason"; a bad item changes nothing. */
int parse_memmap_one(struct e820_table *t, const char *item);

/* memmap=ITEM[,ITEM...]: every item through parse_memmap_one(); bad items
 * are reported and skipped, the others applied in order. Returns 0, or
 * -EINVAL if any item was bad. */
int parse_memmap_opt(struct e820_table *t, const char *arg);

/* A memparse() size (0x/0 prefixes, K M G T P E suffixes) that must start
 * with a digit (memparse() alone reads "K" as 0). *end is set after the
 * suffix; what follows is the caller's business. 0, -EINVAL (no digits) or
 * -ERANGE (overflow). Shared with mm/fw_emul.c. */
int e820_parse_size(const char *s, const char **end, uint64_t *out);

/* After all early parameters: if e820_userdef, sanitizes t and prints
 * "user-defined physical RAM map:" and the table with who = "user".
 * Returns 0 (also when there is nothing to do), or -EINVAL when sanitize
 * refuses the table (fewer than 2 entries: memmap=exactmap followed by a
 * single range), after printing "e820: Invalid user supplied memory map";
 * Linux panics there, the caller decides. */
int e820__finish_early_params(struct e820_table *t);

#endif
