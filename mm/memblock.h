/* memblock: the early physical memory allocator (after Linux's mm/memblock.c).
 *
 * Two sorted, non-overlapping region lists: `memory` (usable RAM of the
 * working e820 table) and `reserved` (what is in use: kernel image, boot
 * info, modules, phantom ranges, and every allocation made here, each with a
 * name so the allocator can tell what it used). Allocation is top-down below
 * `current_limit` (the end of the kernel's direct map), like Linux's default.
 * Pure C: it only does arithmetic on addresses; the caller maps them. */
#ifndef MM_MEMBLOCK_H
#define MM_MEMBLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEMBLOCK_MAX_REGIONS 128

struct memblock_region {
	uint64_t base;
	uint64_t size;
	const char *name; /* reserved regions: who reserved it; memory: NULL */
};

struct memblock_type {
	size_t cnt;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
};

struct memblock {
	struct memblock_type memory;
	struct memblock_type reserved;
	uint64_t current_limit; /* allocations end at or below this address */
};

extern struct memblock memblock;

/* Empties `mb` and sets its limit (tests use their own instance). */
void memblock_init(struct memblock *mb, uint64_t limit);

/* Adds RAM; overlapping or adjacent ranges merge. 0, -EINVAL (wrap or zero
 * size), -ENOSPC (too many regions; nothing changed). */
int memblock_add(struct memblock *mb, uint64_t base, uint64_t size);
/* Removes RAM (splitting regions as needed). 0, -EINVAL or -ENOSPC. */
int memblock_remove(struct memblock *mb, uint64_t base, uint64_t size);
/* Marks a range used. Adjacent or overlapping ranges with the same name
 * merge; with different names they stay apart (overlap is cut from the new
 * one), so the dump shows who owns what. 0, -EINVAL or -ENOSPC. */
int memblock_reserve(struct memblock *mb, uint64_t base, uint64_t size, const char *name);
/* Releases a reserved range. 0, -EINVAL or -ENOSPC. */
int memblock_free(struct memblock *mb, uint64_t base, uint64_t size);

/* Top-down search for `size` bytes aligned to `align` (a power of two) inside
 * [start, end) and below current_limit, in memory and not reserved; reserves
 * it under `name`. Returns the address, or 0 when nothing fits (address 0 is
 * never handed out: the first page is never usable RAM here). */
uint64_t memblock_phys_alloc_range(struct memblock *mb, uint64_t size, uint64_t align,
				   uint64_t start, uint64_t end, const char *name);
uint64_t memblock_phys_alloc(struct memblock *mb, uint64_t size, uint64_t align, const char *name);

bool memblock_is_reserved(const struct memblock *mb, uint64_t addr);
/* Whole range inside memory, and none of it reserved. */
bool memblock_is_region_free(const struct memblock *mb, uint64_t base, uint64_t size);
uint64_t memblock_phys_mem_size(const struct memblock *mb);
uint64_t memblock_reserved_size(const struct memblock *mb);

/* Prints both lists ("memblock: memory [mem ...]" / "memblock: reserved
 * [mem ...] name"). */
void memblock_dump(const struct memblock *mb);

#endif
