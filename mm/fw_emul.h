/* Firmware emulation: fw.e820= and fw.hide= (docs/cmdline.md).
 *
 * The loader's memory map (the real one) is never modified. The emulated
 * firmware view starts as a copy of it and becomes e820_table_firmware:
 *
 *   fw.e820=LIST  the view becomes exactly LIST (sanitized). LIST is
 *                 size@start:type[,...]; type is a number (0x ok) or one of
 *                 ram reserved acpi nvs unusable pmem pram soft. RAM of LIST
 *                 that is not RAM in the loader's map is *phantom*: the
 *                 allocator must never touch it (fw_emul_overlaps_phantom(),
 *                 fw_emul_is_real_ram()).
 *   fw.hide=size@start[,...]
 *                 real RAM left out of the view: a window for later hot-add.
 *                 Each item must be page aligned, RAM in the loader's map and
 *                 RAM in the view; items that overlap each other are all
 *                 rejected (which one was meant is unknown).
 *   fw.hide=auto  two memory blocks of real RAM, chosen by the rule of
 *                 fw_emul_hide() below.
 *   fw.hide=none  no hiding: the view equals the loader's map (or LIST).
 *
 * Every bad item is reported by name ("fw.e820: ignoring bad item '...':
 * reason", "fw.hide: ..."), skipped, and changes nothing; the good items are
 * applied. Apply fw.e820 before fw.hide. */
#ifndef MM_FW_EMUL_H
#define MM_FW_EMUL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/e820.h"

struct fw_range {
	uint64_t start;
	uint64_t size;
};

/* Hidden windows kept (fw.hide=auto uses 2). */
#define FW_EMUL_MAX_HIDE 8
/* fw.hide=auto: how many consecutive memory blocks, and the lowest address
 * it may take (keeps the first 16 MiB, ISA DMA and the kernel image, out). */
#define FW_HIDE_AUTO_BLOCKS   2
#define FW_HIDE_AUTO_MIN_ADDR (16ull << 20)
/* Linux's x86-64 memory block size below 64 GiB of RAM. */
#define FW_HIDE_DEFAULT_BLOCK_SIZE (128ull << 20)

struct fw_emul {
	const struct e820_table *loader; /* the loader's map: read only, not owned */
	struct e820_table view;		 /* the emulated firmware's map */
	bool emulated;			 /* fw.e820 replaced the loader's map */
	bool hide_done;			 /* fw.hide was applied (even =none) */
	bool hide_auto;			 /* ... and it was =auto */
	uint32_t nr_bad;		 /* items rejected so far */
	uint32_t nr_hidden;		 /* windows, sorted by address */
	struct fw_range hidden[FW_EMUL_MAX_HIDE];
	uint32_t nr_phantom; /* RAM of the view that is not real, sorted */
	struct fw_range phantom[E820_MAX_ENTRIES];
};

/* view = copy of *loader, nothing hidden, nothing phantom. loader must stay
 * alive and unchanged while fw is used. */
void fw_emul_init(struct fw_emul *fw, const struct e820_table *loader);

/* "ram", ..., "soft", or a number (non-zero, 32-bit). 0 or -EINVAL. */
int fw_emul_parse_type(const char *s, enum e820_type *out);

/* fw.e820=LIST. Returns 0; -EINVAL if an item was bad (the good ones are
 * applied) or none was good (then the view stays the loader's map); -E2BIG
 * if the phantom set does not fit; -EBUSY after fw_emul_hide(). */
int fw_emul_set_e820(struct fw_emul *fw, const char *list);

/* Cuts the view at 2^phys_bits (the CPU's MAXPHYADDR): RAM or any other
 * entry beyond what the CPU can address is dropped by name
 * (e820__clamp_phys_bits(), "fw.e820: dropping ..."), and the phantom set
 * follows. Call after fw_emul_set_e820(), before fw_emul_hide(). Returns
 * the number of entries cut; -E2BIG as fw_emul_set_e820(). */
int fw_emul_clamp_phys(struct fw_emul *fw, unsigned int phys_bits);

/* fw.hide=SPEC. block_size (a power of two >= 4 KiB; the kernel passes
 * FW_HIDE_DEFAULT_BLOCK_SIZE unless told otherwise) and the forbidden ranges
 * (kernel image, boot information, modules; size 0 entries are ignored):
 * a listed window touching one is refused ("overlaps the kernel image or
 * boot data"), and "auto" avoids them by its rule:
 *   candidates = the ranges that are RAM both in the loader's map and in the
 *   view; from the highest candidate down, and inside it from the top down,
 *   take the first FW_HIDE_AUTO_BLOCKS consecutive block_size-aligned blocks
 *   that lie inside that one candidate, at or above FW_HIDE_AUTO_MIN_ADDR,
 *   and overlap no forbidden range. Each block becomes one window.
 * Returns 0; -EINVAL if an item was bad (the good ones are applied);
 * -ENOSPC when auto finds no room (reason printed, nothing hidden); -EBUSY
 * when fw.hide was applied already. An empty spec, or auto with a bad block
 * size, is refused whole (-EINVAL) and may be retried. */
int fw_emul_hide(struct fw_emul *fw, const char *spec, uint64_t block_size,
		 const struct fw_range *forbidden, size_t nr_forbidden);

/* Is [start, start + size) RAM in the loader's map? false for size 0. */
bool fw_emul_is_real_ram(const struct fw_emul *fw, uint64_t start, uint64_t size);
/* Does [start, start + size) touch a phantom range? */
bool fw_emul_overlaps_phantom(const struct fw_emul *fw, uint64_t start, uint64_t size);

/* The lists, sorted by address: *out points into fw; returns the count. */
size_t fw_emul_phantom_ranges(const struct fw_emul *fw, const struct fw_range **out);
size_t fw_emul_hidden_windows(const struct fw_emul *fw, const struct fw_range **out);

/* Prints what the emulation did: one line per phantom range and per hidden
 * window, e.g. "fw.hide: window [mem 0x08000000-0x0fffffff] hidden from the
 * firmware map". Nothing when nothing was emulated. */
void fw_emul_print(const struct fw_emul *fw);

#endif
