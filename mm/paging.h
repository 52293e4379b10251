/* The kernel's direct map beyond the boot identity map (kernel only).
 *
 * boot/entry.asm identity-maps 0-4 GiB and never changes afterwards. Memory
 * hot-added above 4 GiB is mapped here, also at virtual == physical, with
 * 2 MiB pages (present, writable), so the kernel can reach it.
 *
 * Page-table pages (PDPTs and PDs) come from a pool of PAGING_POOL_PAGES
 * pages that paging_init() takes from memblock ("page tables", below 4 GiB,
 * so the tables are themselves reachable through the boot map). A map
 * pre-counts the table pages it needs and fails with -ENOMEM, nothing
 * changed, when the pool cannot supply them. An unmap that empties a PD (or
 * a PDPT) returns that page to the pool, so add/remove cycles never leak. */
#ifndef MM_PAGING_H
#define MM_PAGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* End of the boot identity map: it is never modified. */
#define PAGING_BOOT_MAP_END 0x100000000ull
#define PAGING_HUGE_SIZE    (2ull << 20)
/* 128 pages = 512 KiB: one PD per GiB touched and one PDPT per 512 GiB, so
 * at least 64 scattered memory blocks, or ~120 GiB in one piece. */
#define PAGING_POOL_PAGES 128
/* Linux's MAX_PHYSMEM_BITS with 4-level paging: the direct map stops at
 * 64 TiB whatever CPUID says (also keeps virtual == physical canonical). */
#define PAGING_MAX_PHYS_BITS 46

/* Takes the pool from memblock. Call once after memory_setup() (memblock
 * must know the RAM); later calls return 0 and do nothing. -ENOMEM when
 * memblock has no room (then only maps needing no new table work). */
int paging_init(void);

/* MAXPHYADDR from CPUID 0x80000008 EAX[7:0], 36 when the leaf is missing. */
unsigned int paging_cpu_phys_bits(void);
/* End of what the direct map can cover: 2^min(MAXPHYADDR, 46). */
uint64_t paging_direct_map_limit(void);

/* Maps [start, end) at virtual == physical. Both 2 MiB aligned, start below
 * end. 0; -EINVAL (unaligned, empty, or below PAGING_BOOT_MAP_END, which
 * the boot map covers already); -E2BIG (beyond the direct-map limit);
 * -EEXIST (some of it already mapped); -ENOMEM (pool too small). On error
 * nothing changed. */
int paging_map(uint64_t start, uint64_t end);
/* Unmaps [start, end) (parts not mapped are skipped) and flushes the TLB.
 * 0, or -EINVAL/-E2BIG for a range paging_map() would refuse. */
int paging_unmap(uint64_t start, uint64_t end);

/* Maps device memory [start, start + len) for good, in whole 2 MiB pages,
 * wherever it is (a framebuffer above 4 GiB); works before paging_init().
 * 0 (also when it lies in the boot map); -EINVAL (empty, wrapping, or across
 * 4 GiB); or paging_map()'s errors. */
int paging_map_mmio(uint64_t start, uint64_t len);

/* Is the virtual address addr mapped (any page size)? */
bool paging_is_mapped(uint64_t addr);
/* Copies len bytes of physical memory at phys (virtual == physical) into
 * dst. A part above the boot map that is not mapped is mapped for the copy
 * and unmapped again (firmware tables above 4 GiB, as Linux's
 * early_memremap()). 0, or -EFAULT (dst may be partly written) for a part
 * that can be neither: an unmapped page below 4 GiB (the boot stack's guard
 * page) or beyond the direct-map limit. The signature fits the readers of
 * ACPI tables and option ROMs (ctx unused). */
int paging_read_phys(void *ctx, uint64_t phys, void *dst, size_t len);
/* The leaf entry translating addr and its level (1 = 4 KiB PTE, 2 = 2 MiB
 * PDE, 3 = 1 GiB PDPTE), or 0 when not mapped. For tests. */
uint64_t paging_leaf_entry(uint64_t addr, unsigned int *level);

/* Pool pages in total and still free (tests check nothing leaks). */
unsigned int paging_pool_total(void);
unsigned int paging_pool_free(void);

#endif
