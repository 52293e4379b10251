/* Direct map above 4 GiB: 2 MiB identity mappings on the boot page tables,
 * with PDPT/PD pages from a fixed pool. */
#include "mm/paging.h"

#include "kernel/io.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/memblock.h"

#define PTE_P	    0x1ull
#define PTE_W	    0x2ull
#define PTE_PS	    0x80ull
#define PTE_ADDR    0x000ffffffffff000ull
#define ENTRIES	    512
#define TABLE_BYTES 4096ull

/* Before paging_init() (a screen or ACPI tables above 4 GiB, found while the
 * consoles start and the tables are parsed), table pages come from a few
 * static ones; they stay in use for good. */
#define PAGING_EARLY_PAGES 4
static uint64_t early_pool[PAGING_EARLY_PAGES][512] __attribute__((aligned(4096)));
static unsigned int early_used;

static uint64_t pool_base; /* physical == virtual, below 4 GiB */
static unsigned int pool_pages;
static uint64_t pool_used[(PAGING_POOL_PAGES + 63) / 64]; /* 1 = handed out */
static bool initialised;

static inline void invlpg(uint64_t addr)
{
	__asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory");
}

static inline void write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

unsigned int paging_cpu_phys_bits(void)
{
	uint32_t a, b, c, d;

	cpuid(0x80000000u, &a, &b, &c, &d);
	if (a < 0x80000008u)
		return 36; /* the SDM's value for CPUs without the leaf */
	cpuid(0x80000008u, &a, &b, &c, &d);
	return (a & 0xff) ? (a & 0xff) : 36;
}

uint64_t paging_direct_map_limit(void)
{
	unsigned int bits = paging_cpu_phys_bits();

	return 1ull << (bits < PAGING_MAX_PHYS_BITS ? bits : PAGING_MAX_PHYS_BITS);
}

int paging_init(void)
{
	uint64_t base;

	if (initialised)
		return 0;
	base = memblock_phys_alloc(&memblock, PAGING_POOL_PAGES * TABLE_BYTES, TABLE_BYTES,
				   "page tables");
	if (!base) {
		printk("paging: no room for %u page-table pages; hot-added memory above "
		       "4 GiB cannot be mapped\n",
		       PAGING_POOL_PAGES);
		return -ENOMEM;
	}
	pool_base = base;
	pool_pages = PAGING_POOL_PAGES;
	initialised = true;
	printk("paging: direct map up to %#llx (MAXPHYADDR %u), page-table pool [mem "
	       "%#010llx-%#010llx]\n",
	       (unsigned long long)paging_direct_map_limit(), paging_cpu_phys_bits(),
	       (unsigned long long)base,
	       (unsigned long long)(base + PAGING_POOL_PAGES * TABLE_BYTES - 1));
	return 0;
}

unsigned int paging_pool_total(void)
{
	return pool_pages;
}

unsigned int paging_pool_free(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < pool_pages; i++)
		if (!((pool_used[i / 64] >> (i % 64)) & 1))
			n++;
	return n;
}

/* A zeroed table page; the caller made sure one is free. */
static uint64_t *pool_get(void)
{
	for (unsigned int i = 0; i < pool_pages; i++) {
		uint64_t *p = (uint64_t *)(uintptr_t)(pool_base + i * TABLE_BYTES);

		if ((pool_used[i / 64] >> (i % 64)) & 1)
			continue;
		pool_used[i / 64] |= 1ull << (i % 64);
		memset(p, 0, TABLE_BYTES);
		return p;
	}
	return NULL;
}

/* Table pages that can still be handed out: the early ones before
 * paging_init(), the pool's after. */
static unsigned int tables_available(void)
{
	return initialised ? paging_pool_free() : PAGING_EARLY_PAGES - early_used;
}

static uint64_t *table_get(void)
{
	uint64_t *p = initialised ? pool_get() : NULL;

	if (!initialised && early_used < PAGING_EARLY_PAGES) {
		p = early_pool[early_used++];
		memset(p, 0, TABLE_BYTES);
	}
	return p;
}

static bool in_pool(const uint64_t *table)
{
	uint64_t a = (uint64_t)(uintptr_t)table;

	return pool_pages && a >= pool_base && a < pool_base + pool_pages * TABLE_BYTES;
}

static void pool_put(uint64_t *table)
{
	unsigned int i = (unsigned int)(((uint64_t)(uintptr_t)table - pool_base) / TABLE_BYTES);

	pool_used[i / 64] &= ~(1ull << (i % 64));
}

static uint64_t *pml4(void)
{
	return (uint64_t *)(uintptr_t)(read_cr3() & PTE_ADDR);
}

static uint64_t *next_table(uint64_t entry)
{
	return (uint64_t *)(uintptr_t)(entry & PTE_ADDR);
}

static unsigned int idx(uint64_t addr, unsigned int shift)
{
	return (unsigned int)((addr >> shift) & (ENTRIES - 1));
}

static bool table_empty(const uint64_t *t)
{
	for (unsigned int i = 0; i < ENTRIES; i++)
		if (t[i])
			return false;
	return true;
}

static int check_range(uint64_t start, uint64_t end)
{
	if (start >= end || (start | end) & (PAGING_HUGE_SIZE - 1) || start < PAGING_BOOT_MAP_END)
		return -EINVAL;
	if (end > paging_direct_map_limit())
		return -E2BIG;
	return 0;
}

/* First pass of a map: is any of [start, end) mapped, and how many table
 * pages are missing? Walks one GiB (one PD) at a time. */
static int count_missing(uint64_t start, uint64_t end, unsigned int *need)
{
	const uint64_t *l4 = pml4();
	uint64_t last_l4 = UINT64_MAX;

	*need = 0;
	for (uint64_t g = start & ~(SZ_1G - 1); g < end; g += SZ_1G) {
		uint64_t e4 = l4[idx(g, 39)], e3;
		const uint64_t *pd;

		if (!(e4 & PTE_P)) {
			/* A new PDPT, counted once per 512 GiB, and a new PD. */
			if (idx(g, 39) != last_l4)
				(*need)++;
			last_l4 = idx(g, 39);
			(*need)++;
			continue;
		}
		e3 = next_table(e4)[idx(g, 30)];
		if (!(e3 & PTE_P)) {
			(*need)++;
			continue;
		}
		if (e3 & PTE_PS)
			return -EEXIST; /* a 1 GiB page: not ours to touch */
		pd = next_table(e3);
		for (uint64_t a = g < start ? start : g; a < end && a < g + SZ_1G;
		     a += PAGING_HUGE_SIZE)
			if (pd[idx(a, 21)] & PTE_P)
				return -EEXIST;
	}
	return 0;
}

int paging_map(uint64_t start, uint64_t end)
{
	uint64_t *l4 = pml4();
	unsigned int need;
	int err = check_range(start, end);

	if (err)
		return err;
	err = count_missing(start, end, &need);
	if (err)
		return err;
	if (need > tables_available())
		return -ENOMEM;
	/* From here nothing can fail: the pool holds every page needed. */
	for (uint64_t a = start; a < end; a += PAGING_HUGE_SIZE) {
		uint64_t *l3, *pd;

		if (!(l4[idx(a, 39)] & PTE_P))
			l4[idx(a, 39)] = (uint64_t)(uintptr_t)table_get() | PTE_P | PTE_W;
		l3 = next_table(l4[idx(a, 39)]);
		if (!(l3[idx(a, 30)] & PTE_P))
			l3[idx(a, 30)] = (uint64_t)(uintptr_t)table_get() | PTE_P | PTE_W;
		pd = next_table(l3[idx(a, 30)]);
		pd[idx(a, 21)] = a | PTE_P | PTE_W | PTE_PS;
		/* Not-present entries are not cached by the TLB, but a stale
		 * entry from an earlier mapping of this address might be. */
		invlpg(a);
	}
	return 0;
}

int paging_unmap(uint64_t start, uint64_t end)
{
	uint64_t *l4 = pml4();
	bool freed = false;
	int err = check_range(start, end);

	if (err)
		return err;
	for (uint64_t a = start; a < end; a += PAGING_HUGE_SIZE) {
		uint64_t e4 = l4[idx(a, 39)], e3;

		if (!(e4 & PTE_P))
			continue;
		e3 = next_table(e4)[idx(a, 30)];
		if (!(e3 & PTE_P) || (e3 & PTE_PS))
			continue;
		if (next_table(e3)[idx(a, 21)] & PTE_P) {
			next_table(e3)[idx(a, 21)] = 0;
			invlpg(a);
		}
	}
	/* Give emptied pool tables back, PDs first, then their PDPTs. The
	 * boot tables are never freed: they are not in the pool. */
	for (uint64_t g = start & ~(SZ_1G - 1); g < end; g += SZ_1G) {
		uint64_t *e4 = &l4[idx(g, 39)], *e3, *l3;

		if (!(*e4 & PTE_P))
			continue;
		l3 = next_table(*e4);
		e3 = &l3[idx(g, 30)];
		if ((*e3 & PTE_P) && !(*e3 & PTE_PS) && in_pool(next_table(*e3)) &&
		    table_empty(next_table(*e3))) {
			pool_put(next_table(*e3));
			*e3 = 0;
			freed = true;
		}
		if (in_pool(l3) && table_empty(l3)) {
			pool_put(l3);
			*e4 = 0;
			freed = true;
		}
	}
	/* The paging-structure caches may still hold the freed tables: a CR3
	 * reload drops them all (the boot map uses no global pages). */
	if (freed)
		write_cr3(read_cr3());
	return 0;
}

uint64_t paging_leaf_entry(uint64_t addr, unsigned int *level)
{
	const uint64_t *t = pml4();
	uint64_t e;

	/* Non-canonical addresses are never mapped. */
	if ((uint64_t)((int64_t)(addr << 16) >> 16) != addr)
		return 0;
	e = t[idx(addr, 39)];
	if (!(e & PTE_P))
		return 0;
	for (unsigned int lvl = 3; lvl >= 1; lvl--) {
		e = next_table(e)[idx(addr, 12 + 9 * (lvl - 1))];
		if (!(e & PTE_P))
			return 0;
		if (lvl == 1 || (e & PTE_PS)) {
			if (level)
				*level = lvl;
			return e;
		}
	}
	return 0;
}

bool paging_is_mapped(uint64_t addr)
{
	return paging_leaf_entry(addr, NULL) != 0;
}

/* Copies from one 2 MiB page that is not mapped: mapped for the copy and
 * unmapped again, as Linux's early_memremap() does for firmware tables, so a
 * later map of that memory (its memory block) finds it free. */
static int read_unmapped(uint64_t phys, void *dst, size_t len)
{
	uint64_t page = phys & ~(PAGING_HUGE_SIZE - 1);
	int err = paging_map(page, page + PAGING_HUGE_SIZE);

	if (err)
		return -EFAULT;
	memcpy(dst, (const void *)(uintptr_t)phys, len);
	paging_unmap(page, page + PAGING_HUGE_SIZE);
	return 0;
}

int paging_read_phys(void *ctx, uint64_t phys, void *dst, size_t len)
{
	uint8_t *out = dst;

	(void)ctx;
	if (len && phys + len - 1 < phys)
		return -EFAULT;
	/* Piece by piece: each piece is mapped already or within one 2 MiB
	 * page above the boot map that can be mapped for the copy. */
	while (len) {
		uint64_t page_end = (phys & ~(PAGING_HUGE_SIZE - 1)) + PAGING_HUGE_SIZE;
		size_t n = page_end - phys < len ? (size_t)(page_end - phys) : len;
		bool all_mapped = true;

		for (uint64_t p = phys & ~0xfffull; p < phys + n; p += 0x1000)
			all_mapped &= paging_is_mapped(p);
		if (all_mapped)
			memcpy(out, (const void *)(uintptr_t)phys, n);
		else if (phys < PAGING_BOOT_MAP_END || read_unmapped(phys, out, n))
			return -EFAULT;
		phys += n;
		out += n;
		len -= n;
	}
	return 0;
}

int paging_map_mmio(uint64_t start, uint64_t len)
{
	uint64_t s = start & ~(PAGING_HUGE_SIZE - 1), e;

	if (!len || start + len - 1 < start)
		return -EINVAL;
	if (start + len <= PAGING_BOOT_MAP_END)
		return 0;
	e = (start + len + PAGING_HUGE_SIZE - 1) & ~(PAGING_HUGE_SIZE - 1);
	if (s < PAGING_BOOT_MAP_END)
		return -EINVAL; /* straddles 4 GiB: no firmware puts a screen there */
	return paging_map(s, e);
}
