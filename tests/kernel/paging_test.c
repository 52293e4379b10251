/* Kernel-only self-tests of the direct map above 4 GiB (mm/paging.c) and of
 * the machine hotplug operations built on it (mm/hotplug_machine.c).
 *
 * Mapping is checked through the page-table entries, paging_is_mapped() and
 * an expected page fault after unmap, so most cases need no RAM above 4 GiB
 * (nothing is ever written to addresses without RAM). Writing through a new
 * mapping needs real RAM above 4 GiB (QEMU -m 5G); without it that case is
 * skipped. */
#include "kernel/ktest.h"
#include "kernel/traps.h"
#include "lib/errno.h"
#include "mm/hotplug_machine.h"
#include "mm/memblock.h"
#include "mm/page_alloc.h"
#include "mm/paging.h"
#include "mm/setup.h"

#define MIB (1ull << 20)
#define GIB (1ull << 30)

static int paging_suite_init(struct ktest *t)
{
	/* kernel_main calls it at boot; idempotent, so the suite also runs
	 * before that call is wired in. */
	int ret = paging_init();

	if (ret == -ENOMEM)
		ktest_mark_skip(
		    t, "no memory for the page-table pool (mem= or memmap= left too little RAM)");
	return ret;
}

/* Reads addr expecting a page fault; returns whether one came, with CR2. */
static bool read_faults(uint64_t addr, uint64_t *cr2)
{
	uint64_t val = 0;

	trap_expect.hit = 0;
	trap_expect.vector = 14;
	trap_expect.armed = 1;
	__asm__ volatile("leaq 1f(%%rip), %%rax\n\t"
			 "movq %%rax, %0\n\t"
			 "movq (%2), %1\n"
			 "1:"
			 : "=m"(trap_expect.resume_rip), "+r"(val)
			 : "r"(addr)
			 : "rax", "memory");
	trap_expect.armed = 0;
	*cr2 = trap_expect.cr2;
	return trap_expect.hit == 1;
}

/* A GiB-aligned address whose whole GiB is unmapped (no PD yet), at or
 * above `from`, below the direct-map limit; 0 when there is none. */
static uint64_t fresh_gib(uint64_t from)
{
	for (uint64_t g = from; g + GIB <= paging_direct_map_limit(); g += GIB) {
		bool used = fw_emul_overlaps_phantom(&fw_emul, g, GIB); /* never declarable */

		for (uint64_t a = g; a < g + GIB && !used; a += PAGING_HUGE_SIZE)
			used = paging_is_mapped(a);
		if (!used && !machine_is_real_ram(g, GIB))
			return g;
	}
	return 0;
}

static void boot_map_is_as_built(struct ktest *t)
{
	unsigned int level = 0;

	KTEST_EXPECT_TRUE(t, paging_is_mapped(0x100000));
	KTEST_ASSERT_NE(t, paging_leaf_entry(0x100000, &level), 0);
	KTEST_EXPECT_EQ(t, level, 1);
	KTEST_ASSERT_NE(t, paging_leaf_entry(0x40000000, &level), 0);
	KTEST_EXPECT_EQ(t, level, 2);
	KTEST_EXPECT_EQ(t, paging_leaf_entry(0x40000000, NULL) & ~0xfffull, 0x40000000);
	KTEST_EXPECT_TRUE(t, paging_is_mapped(PAGING_BOOT_MAP_END - 1));
	/* Non-canonical: never mapped. */
	KTEST_EXPECT_FALSE(t, paging_is_mapped(0x0000800000000000ull));
	KTEST_EXPECT_GE(t, paging_cpu_phys_bits(), 36);
	KTEST_EXPECT_LE(t, paging_direct_map_limit(), 1ull << PAGING_MAX_PHYS_BITS);
	ktest_info(t, "MAXPHYADDR %u, direct map limit %#llx, pool %u/%u free",
		   paging_cpu_phys_bits(), (unsigned long long)paging_direct_map_limit(),
		   paging_pool_free(), paging_pool_total());
}

static void refuses_bad_ranges(struct ktest *t)
{
	const uint64_t four = PAGING_BOOT_MAP_END;
	unsigned int free_before = paging_pool_free();

	KTEST_EXPECT_INT_EQ(t, paging_map(0x40000000, 0x40200000), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, paging_map(four - 2 * MIB, four + 2 * MIB), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, paging_map(four + 4096, four + 2 * MIB), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, paging_map(four, four + MIB), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, paging_map(four + 2 * MIB, four + 2 * MIB), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, paging_map(four + 4 * MIB, four + 2 * MIB), -EINVAL);
	KTEST_EXPECT_INT_EQ(
	    t, paging_map(paging_direct_map_limit() - 2 * MIB, paging_direct_map_limit() + 2 * MIB),
	    -E2BIG);
	KTEST_EXPECT_INT_EQ(t, paging_unmap(0x40000000, 0x40200000), -EINVAL);
	KTEST_EXPECT_EQ(t, paging_pool_free(), free_before);
	/* The boot map is untouched by the refused unmap. */
	KTEST_EXPECT_TRUE(t, paging_is_mapped(0x40000000));
}

/* No RAM needed: entries, paging_is_mapped() and a fault after unmap. */
static void map_and_unmap_entries(struct ktest *t)
{
	uint64_t g = fresh_gib(8 * GIB), cr2 = 0;
	unsigned int free_before = paging_pool_free(), level = 0;

	if (!g)
		ktest_skip(t, "no unmapped GiB below the direct-map limit");
	KTEST_ASSERT_INT_EQ(t, paging_map(g, g + 4 * MIB), 0);
	/* One new PD (and a PDPT when the 512 GiB slot was empty too). */
	KTEST_EXPECT_LE(t, free_before - paging_pool_free(), 2);
	KTEST_EXPECT_GE(t, free_before - paging_pool_free(), 1);
	KTEST_EXPECT_EQ(t, paging_leaf_entry(g, &level), g | 0x83);
	KTEST_EXPECT_EQ(t, level, 2);
	KTEST_EXPECT_EQ(t, paging_leaf_entry(g + 2 * MIB + 0x1234, NULL), (g + 2 * MIB) | 0x83);
	KTEST_EXPECT_TRUE(t, paging_is_mapped(g + 4 * MIB - 1));
	KTEST_EXPECT_FALSE(t, paging_is_mapped(g + 4 * MIB));
	KTEST_EXPECT_FALSE(t, paging_is_mapped(g - 1));

	KTEST_ASSERT_INT_EQ(t, paging_unmap(g, g + 4 * MIB), 0);
	KTEST_EXPECT_FALSE(t, paging_is_mapped(g));
	KTEST_EXPECT_FALSE(t, paging_is_mapped(g + 2 * MIB));
	/* The emptied PD went back to the pool. */
	KTEST_EXPECT_EQ(t, paging_pool_free(), free_before);
	/* And the TLB forgot the translation: reading faults. */
	KTEST_EXPECT_TRUE(t, read_faults(g + 8, &cr2));
	KTEST_EXPECT_EQ(t, cr2, g + 8);
	/* Unmapping again is harmless. */
	KTEST_EXPECT_INT_EQ(t, paging_unmap(g, g + 4 * MIB), 0);
}

static void partial_unmap_keeps_the_rest(struct ktest *t)
{
	uint64_t g = fresh_gib(8 * GIB);
	unsigned int free_before = paging_pool_free();

	if (!g)
		ktest_skip(t, "no unmapped GiB below the direct-map limit");
	KTEST_ASSERT_INT_EQ(t, paging_map(g, g + 6 * MIB), 0);
	KTEST_ASSERT_INT_EQ(t, paging_unmap(g + 2 * MIB, g + 4 * MIB), 0);
	KTEST_EXPECT_TRUE(t, paging_is_mapped(g));
	KTEST_EXPECT_FALSE(t, paging_is_mapped(g + 2 * MIB));
	KTEST_EXPECT_TRUE(t, paging_is_mapped(g + 4 * MIB));
	/* The PD still has entries: kept. */
	KTEST_EXPECT_LT(t, paging_pool_free(), free_before);
	KTEST_ASSERT_INT_EQ(t, paging_unmap(g, g + 6 * MIB), 0);
	KTEST_EXPECT_EQ(t, paging_pool_free(), free_before);
}

static void map_over_mapped_refused(struct ktest *t)
{
	uint64_t g = fresh_gib(8 * GIB);
	unsigned int free_before = paging_pool_free();

	if (!g)
		ktest_skip(t, "no unmapped GiB below the direct-map limit");
	KTEST_ASSERT_INT_EQ(t, paging_map(g + 2 * MIB, g + 4 * MIB), 0);
	KTEST_EXPECT_INT_EQ(t, paging_map(g, g + 6 * MIB), -EEXIST);
	KTEST_EXPECT_FALSE(t, paging_is_mapped(g));
	KTEST_EXPECT_FALSE(t, paging_is_mapped(g + 4 * MIB));
	KTEST_ASSERT_INT_EQ(t, paging_unmap(g + 2 * MIB, g + 4 * MIB), 0);
	KTEST_EXPECT_EQ(t, paging_pool_free(), free_before);
}

/* A map spanning two GiBs needs two PDs, counted before anything changes. */
static void map_across_gib_boundary(struct ktest *t)
{
	uint64_t g = fresh_gib(8 * GIB);
	unsigned int free_before = paging_pool_free();

	if (!g || fresh_gib(g + GIB) != g + GIB)
		ktest_skip(t, "no two adjacent unmapped GiBs");
	KTEST_ASSERT_INT_EQ(t, paging_map(g + GIB - 2 * MIB, g + GIB + 2 * MIB), 0);
	KTEST_EXPECT_GE(t, free_before - paging_pool_free(), 2);
	KTEST_EXPECT_TRUE(t, paging_is_mapped(g + GIB - 1));
	KTEST_EXPECT_TRUE(t, paging_is_mapped(g + GIB));
	KTEST_ASSERT_INT_EQ(t, paging_unmap(g + GIB - 2 * MIB, g + GIB + 2 * MIB), 0);
	KTEST_EXPECT_EQ(t, paging_pool_free(), free_before);
}

/* Maps 2 MiB in one fresh GiB after another until the pool runs dry: the
 * failing map changes nothing, and unmapping everything refills the pool. */
static void enomem_when_pool_is_empty(struct ktest *t)
{
	static uint64_t mapped[PAGING_POOL_PAGES + 1];
	unsigned int n = 0, free_before = paging_pool_free(), free_at_fail;
	uint64_t g = 8 * GIB;
	int err = 0;

	while (n <= PAGING_POOL_PAGES) {
		g = fresh_gib(g);
		if (!g)
			break;
		err = paging_map(g, g + 2 * MIB);
		if (err)
			break;
		mapped[n++] = g;
		g += GIB;
	}
	if (!g) {
		for (unsigned int i = 0; i < n; i++)
			paging_unmap(mapped[i], mapped[i] + 2 * MIB);
		ktest_skip(t, "direct-map limit reached before the pool ran dry");
	}
	KTEST_EXPECT_INT_EQ(t, err, -ENOMEM);
	free_at_fail = paging_pool_free();
	KTEST_EXPECT_LE(t, free_at_fail, 1);
	KTEST_EXPECT_FALSE(t, paging_is_mapped(g));
	ktest_info(t, "%u maps of 2 MiB in separate GiBs before -ENOMEM", n);
	for (unsigned int i = 0; i < n; i++)
		KTEST_EXPECT_INT_EQ(t, paging_unmap(mapped[i], mapped[i] + 2 * MIB), 0);
	KTEST_EXPECT_EQ(t, paging_pool_free(), free_before);
}

/* Free, real RAM above 4 GiB that nothing maps: size bytes, 2 MiB aligned,
 * or 0. Boot RAM up there is in memblock but never allocated (memblock
 * allocates below 4 GiB only). */
static uint64_t free_high_ram(uint64_t size)
{
	for (size_t i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		uint64_t a = (r->base + PAGING_HUGE_SIZE - 1) & ~(PAGING_HUGE_SIZE - 1);

		if (a < PAGING_BOOT_MAP_END)
			a = PAGING_BOOT_MAP_END;
		for (; a + size <= r->base + r->size; a += PAGING_HUGE_SIZE) {
			if (a + size > paging_direct_map_limit())
				break;
			if (memblock_is_region_free(&memblock, a, size) &&
			    machine_is_real_ram(a, size) && !paging_is_mapped(a) &&
			    !paging_is_mapped(a + size - 1))
				return a;
		}
	}
	return 0;
}

static void write_read_real_ram_above_4g(struct ktest *t)
{
	uint64_t a = free_high_ram(2 * MIB), cr2 = 0;
	volatile uint64_t *p;

	if (!a)
		ktest_skip(t, "no free RAM above 4 GiB (boot QEMU with -m 5G)");
	KTEST_ASSERT_INT_EQ(t, paging_map(a, a + 2 * MIB), 0);
	p = (volatile uint64_t *)(uintptr_t)a;
	p[0] = 0x1122334455667788ull;
	p[2 * MIB / 8 - 1] = ~a;
	KTEST_EXPECT_EQ(t, p[0], 0x1122334455667788ull);
	KTEST_EXPECT_EQ(t, p[2 * MIB / 8 - 1], ~a);
	KTEST_ASSERT_INT_EQ(t, paging_unmap(a, a + 2 * MIB), 0);
	KTEST_EXPECT_TRUE(t, read_faults(a, &cr2));
	KTEST_EXPECT_EQ(t, cr2, a);
	ktest_info(t, "wrote and read back RAM at %#llx", (unsigned long long)a);
}

/* paging_read_phys() on memory above 4 GiB that nothing maps (firmware
 * tables up there): mapped for the copy, unmapped after, across a 2 MiB
 * boundary too, and no table page kept. */
static void read_phys_maps_high_memory_for_the_copy(struct ktest *t)
{
	uint64_t a = free_high_ram(4 * MIB), buf[4] = {0};
	unsigned int free_before = paging_pool_free();
	volatile uint64_t *p;

	if (!a)
		ktest_skip(t, "no free RAM above 4 GiB (boot QEMU with -m 5G)");
	KTEST_ASSERT_INT_EQ(t, paging_map(a, a + 4 * MIB), 0);
	p = (volatile uint64_t *)(uintptr_t)(a + 2 * MIB);
	p[-2] = 0xacce55ed0000aaaaull;
	p[-1] = 0xacce55ed0000bbbbull;
	p[0] = 0xacce55ed0000ccccull;
	p[1] = 0xacce55ed0000ddddull;
	KTEST_ASSERT_INT_EQ(t, paging_unmap(a, a + 4 * MIB), 0);
	KTEST_ASSERT_FALSE(t, paging_is_mapped(a + 2 * MIB));
	KTEST_ASSERT_INT_EQ(t, paging_read_phys(NULL, a + 2 * MIB - 16, buf, sizeof(buf)), 0);
	KTEST_EXPECT_EQ(t, buf[0], 0xacce55ed0000aaaaull);
	KTEST_EXPECT_EQ(t, buf[1], 0xacce55ed0000bbbbull);
	KTEST_EXPECT_EQ(t, buf[2], 0xacce55ed0000ccccull);
	KTEST_EXPECT_EQ(t, buf[3], 0xacce55ed0000ddddull);
	KTEST_EXPECT_FALSE(t, paging_is_mapped(a));
	KTEST_EXPECT_FALSE(t, paging_is_mapped(a + 2 * MIB));
	KTEST_EXPECT_EQ(t, paging_pool_free(), free_before);
	/* Still refused: beyond the direct-map limit, and wrapping. */
	KTEST_EXPECT_INT_EQ(t, paging_read_phys(NULL, paging_direct_map_limit(), buf, 8), -EFAULT);
	KTEST_EXPECT_INT_EQ(t, paging_read_phys(NULL, ~0ull - 3, buf, 8), -EFAULT);
}

/* A screen above 4 GiB (a 64-bit BAR): paging_map_mmio() maps it, unaligned
 * and before paging_init() alike, in whole 2 MiB pages, for good; pixels
 * written through the mapping read back. RAM above 4 GiB stands in for the
 * device memory (no QEMU display puts its framebuffer there). */
static void screen_above_4g_is_mapped(struct ktest *t)
{
	uint64_t a = free_high_ram(4 * MIB);
	volatile uint32_t *px;

	if (!a)
		ktest_skip(t, "no free RAM above 4 GiB (boot QEMU with -m 5G)");
	/* 1024x768 at 32 bpp, starting 4 KiB into the 2 MiB page. */
	KTEST_ASSERT_INT_EQ(t, paging_map_mmio(a + 4096, 1024 * 768 * 4), 0);
	KTEST_EXPECT_TRUE(t, paging_is_mapped(a));
	KTEST_EXPECT_TRUE(t, paging_is_mapped(a + 4096 + 1024 * 768 * 4 - 1));
	KTEST_EXPECT_FALSE(t, paging_is_mapped(a + 4 * MIB));
	px = (volatile uint32_t *)(uintptr_t)(a + 4096);
	px[0] = 0x00ff8000;
	px[1024 * 768 - 1] = 0x000080ff;
	KTEST_EXPECT_EQ(t, px[0], 0x00ff8000u);
	KTEST_EXPECT_EQ(t, px[1024 * 768 - 1], 0x000080ffu);
	/* A second map of the same screen: already there. */
	KTEST_EXPECT_INT_EQ(t, paging_map_mmio(a + 4096, 4096), -EEXIST);
	/* In the boot map: nothing to do. Across 4 GiB, empty, wrapping: no. */
	KTEST_EXPECT_INT_EQ(t, paging_map_mmio(0xfd000000, 8 * MIB), 0);
	KTEST_EXPECT_INT_EQ(t, paging_map_mmio(PAGING_BOOT_MAP_END - MIB, 2 * MIB), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, paging_map_mmio(a, 0), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, paging_map_mmio(~0ull - 4095, 8192), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, paging_unmap(a, a + 4 * MIB), 0);
}

/* The machine ops on real RAM above 4 GiB: add maps, online with the
 * metadata on the block, offline refused while a page is used, remove
 * unmaps. */
static void machine_ops_real_ram_above_4g(struct ktest *t)
{
	const struct mhp_arch_ops *ops = &machine_hotplug_ops;
	const uint64_t size = 4 * MIB, nr = size >> 12;
	uint64_t a = free_high_ram(size), meta, p, free_before;

	if (!a)
		ktest_skip(t, "no free RAM above 4 GiB (boot QEMU with -m 5G)");
	free_before = page_alloc_nr_free(&page_allocator);
	KTEST_ASSERT_INT_EQ(t, ops->add_memory(a, size), 0);
	KTEST_EXPECT_TRUE(t, paging_is_mapped(a));
	KTEST_EXPECT_TRUE(t, paging_is_mapped(a + size - 1));
	meta = ops->memmap_pages(nr);
	KTEST_EXPECT_EQ(t, meta, 1);
	KTEST_ASSERT_INT_EQ(t, ops->online_pages(a >> 12, nr, meta), 0);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&page_allocator), free_before + nr - meta);
	p = page_alloc_page_range(&page_allocator, a >> 12, (a + size) >> 12);
	KTEST_EXPECT_EQ(t, p, a + (meta << 12));
	/* The page is usable memory. */
	*(volatile uint64_t *)(uintptr_t)p = 42;
	KTEST_EXPECT_EQ(t, *(volatile uint64_t *)(uintptr_t)p, 42);
	KTEST_EXPECT_INT_EQ(t, ops->offline_pages(a >> 12, nr), -EBUSY);
	KTEST_EXPECT_INT_EQ(t, page_free(&page_allocator, p), 0);
	KTEST_EXPECT_INT_EQ(t, ops->offline_pages(a >> 12, nr), 0);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&page_allocator), free_before);
	ops->remove_memory(a, size);
	KTEST_EXPECT_FALSE(t, paging_is_mapped(a));
}

/* Below 4 GiB the boot map stays: add/remove change no page table, and the
 * metadata-on-memory path works there too. */
static void machine_ops_below_4g(struct ktest *t)
{
	const struct mhp_arch_ops *ops = &machine_hotplug_ops;
	const uint64_t size = 2 * MIB, nr = size >> 12;
	uint64_t a = memblock_phys_alloc(&memblock, size, size, "paging test");
	uint64_t free_before = page_alloc_nr_free(&page_allocator), p;

	if (!a)
		ktest_skip(t, "memblock has no free 2 MiB");
	KTEST_EXPECT_INT_EQ(t, ops->add_memory(a, size), 0);
	KTEST_EXPECT_TRUE(t, paging_is_mapped(a));
	KTEST_EXPECT_INT_EQ(t, ops->online_pages(a >> 12, nr, 1), 0);
	/* The descriptor and bitmap now sit in the block's first page. */
	KTEST_EXPECT_TRUE(t, page_alloc_range_online(&page_allocator, a >> 12, nr));
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&page_allocator), free_before + nr - 1);
	p = page_alloc_page_range(&page_allocator, a >> 12, (a + size) >> 12);
	KTEST_EXPECT_EQ(t, p, a + 4096);
	KTEST_EXPECT_INT_EQ(t, ops->offline_pages(a >> 12, nr), -EBUSY);
	KTEST_EXPECT_INT_EQ(t, page_free(&page_allocator, p), 0);
	KTEST_EXPECT_INT_EQ(t, ops->offline_pages(a >> 12, nr), 0);
	/* Metadata pages filling the whole range are refused. */
	KTEST_EXPECT_INT_EQ(t, ops->online_pages(a >> 12, 1, 1), -EINVAL);
	KTEST_EXPECT_FALSE(t, page_alloc_range_online(&page_allocator, a >> 12, 1));
	ops->remove_memory(a, size);
	KTEST_EXPECT_TRUE(t, paging_is_mapped(a));
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&page_allocator), free_before);
	memblock_free(&memblock, a, size);
}

/* Something that is not RAM in the loader's map is never mapped or handed
 * to the allocator, and the ops still report success (the core bookkeeps
 * phantom ranges). */
static void machine_ops_leave_non_ram_alone(struct ktest *t)
{
	const struct mhp_arch_ops *ops = &machine_hotplug_ops;
	uint64_t g = fresh_gib(8 * GIB);
	uint64_t free_before = page_alloc_nr_free(&page_allocator);
	unsigned int pool_before = paging_pool_free();

	if (!g)
		ktest_skip(t, "no unmapped GiB below the direct-map limit");
	KTEST_EXPECT_FALSE(t, ops->is_real_ram(g, 128 * MIB));
	KTEST_EXPECT_INT_EQ(t, ops->add_memory(g, 128 * MIB), 0);
	KTEST_EXPECT_FALSE(t, paging_is_mapped(g));
	KTEST_EXPECT_INT_EQ(t, ops->online_pages(g >> 12, 32768, 2), 0);
	KTEST_EXPECT_FALSE(t, page_alloc_range_online(&page_allocator, g >> 12, 32768));
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&page_allocator), free_before);
	KTEST_EXPECT_INT_EQ(t, ops->offline_pages(g >> 12, 32768), 0);
	ops->remove_memory(g, 128 * MIB);
	KTEST_EXPECT_EQ(t, paging_pool_free(), pool_before);
	/* The MMIO hole below 4 GiB is mapped but is not RAM. */
	KTEST_EXPECT_FALSE(t, ops->is_real_ram(0xfee00000, 4096));
	KTEST_EXPECT_FALSE(t, ops->is_real_ram(0x100000, 0));
	KTEST_EXPECT_TRUE(t, ops->is_real_ram(0x100000, 4096));
}

/* fw.e820 phantom RAM (only with such a command line): the ops succeed but
 * map nothing and hand nothing to the allocator, even below 4 GiB where the
 * boot map would let metadata be written. */
static void machine_ops_leave_phantom_alone(struct ktest *t)
{
	const struct mhp_arch_ops *ops = &machine_hotplug_ops;
	uint64_t free_before = page_alloc_nr_free(&page_allocator);
	const struct fw_range *ph;
	size_t n = fw_emul_phantom_ranges(&fw_emul, &ph);

	if (!n)
		ktest_skip(t, "no phantom RAM (boot with fw.e820= claiming RAM the machine lacks)");
	for (size_t i = 0; i < n; i++) {
		uint64_t s = (ph[i].start + PAGING_HUGE_SIZE - 1) & ~(PAGING_HUGE_SIZE - 1);
		uint64_t e = (ph[i].start + ph[i].size) & ~(PAGING_HUGE_SIZE - 1);
		bool was_mapped;

		if (s >= e)
			continue;
		was_mapped = paging_is_mapped(s);
		KTEST_EXPECT_FALSE(t, ops->is_real_ram(s, e - s));
		KTEST_EXPECT_INT_EQ(t, ops->add_memory(s, e - s), 0);
		KTEST_EXPECT_EQ(t, paging_is_mapped(s), was_mapped);
		KTEST_EXPECT_INT_EQ(t, ops->online_pages(s >> 12, (e - s) >> 12, 1), 0);
		KTEST_EXPECT_FALSE(t, page_alloc_range_online(&page_allocator, s >> 12, 1));
		KTEST_EXPECT_EQ(t, page_alloc_nr_free(&page_allocator), free_before);
		KTEST_EXPECT_INT_EQ(t, ops->offline_pages(s >> 12, (e - s) >> 12), 0);
		ops->remove_memory(s, e - s);
		KTEST_EXPECT_EQ(t, paging_is_mapped(s), was_mapped);
	}
}

/* Device RAM (a DIMM the loader's map cannot list) becomes real once its
 * driver declares it. The range used here holds no memory, so it is only
 * mapped and unmapped, never written or onlined. */
static void declared_device_ram_is_real(struct ktest *t)
{
	const struct mhp_arch_ops *ops = &machine_hotplug_ops;
	const uint64_t bs = 128 * MIB;
	uint64_t g = fresh_gib(8 * GIB);
	const struct fw_range *ph;

	if (!g)
		ktest_skip(t, "no unmapped GiB below the direct-map limit");
	KTEST_EXPECT_FALSE(t, ops->is_real_ram(g, bs));
	KTEST_ASSERT_INT_EQ(t, machine_declare_device_ram(g, 2 * bs), 0);
	KTEST_EXPECT_TRUE(t, ops->is_real_ram(g, bs));
	KTEST_EXPECT_TRUE(t, ops->is_real_ram(g + bs, bs));
	KTEST_EXPECT_FALSE(t, ops->is_real_ram(g + bs, 2 * bs));
	KTEST_EXPECT_INT_EQ(t, machine_declare_device_ram(g + bs, 2 * bs), -EEXIST);
	KTEST_EXPECT_INT_EQ(t, machine_declare_device_ram(g, 0), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, ops->add_memory(g, bs), 0);
	KTEST_EXPECT_TRUE(t, paging_is_mapped(g));
	KTEST_EXPECT_TRUE(t, paging_is_mapped(g + bs - 1));
	ops->remove_memory(g, bs);
	KTEST_EXPECT_FALSE(t, paging_is_mapped(g));
	KTEST_EXPECT_INT_EQ(t, machine_forget_device_ram(g, bs), -ENOENT);
	KTEST_EXPECT_INT_EQ(t, machine_forget_device_ram(g, 2 * bs), 0);
	KTEST_EXPECT_INT_EQ(t, machine_forget_device_ram(g, 2 * bs), -ENOENT);
	KTEST_EXPECT_FALSE(t, ops->is_real_ram(g, bs));
	/* Phantom RAM can never be declared real. */
	if (fw_emul_phantom_ranges(&fw_emul, &ph))
		KTEST_EXPECT_INT_EQ(t, machine_declare_device_ram(ph[0].start, ph[0].size),
				    -EINVAL);
}

static void machine_ops_sizes(struct ktest *t)
{
	const struct mhp_arch_ops *ops = &machine_hotplug_ops;
	unsigned int bits = paging_cpu_phys_bits();

	/* 128 MiB block: descriptor + 4 KiB bitmap = 2 pages. */
	KTEST_EXPECT_EQ(t, ops->memmap_pages(32768), 2);
	KTEST_EXPECT_EQ(t, ops->memmap_pages(512), 1);
	/* Metadata as big as the block: not possible. */
	KTEST_EXPECT_EQ(t, ops->memmap_pages(1), 0);
	KTEST_EXPECT_EQ(t, ops->memmap_pages(0), 0);
	KTEST_EXPECT_EQ(t, ops->max_phys_addr(),
			1ull << (bits < PAGING_MAX_PHYS_BITS ? bits : PAGING_MAX_PHYS_BITS));
}

static const struct ktest_case paging_cases[] = {
    KTEST_CASE(boot_map_is_as_built),
    KTEST_CASE(refuses_bad_ranges),
    KTEST_CASE(map_and_unmap_entries),
    KTEST_CASE(partial_unmap_keeps_the_rest),
    KTEST_CASE(map_over_mapped_refused),
    KTEST_CASE(map_across_gib_boundary),
    KTEST_CASE(enomem_when_pool_is_empty),
    KTEST_CASE(write_read_real_ram_above_4g),
    KTEST_CASE(read_phys_maps_high_memory_for_the_copy),
    KTEST_CASE(screen_above_4g_is_mapped),
    KTEST_CASE(machine_ops_real_ram_above_4g),
    KTEST_CASE(machine_ops_below_4g),
    KTEST_CASE(machine_ops_leave_non_ram_alone),
    KTEST_CASE(machine_ops_leave_phantom_alone),
    KTEST_CASE(declared_device_ram_is_real),
    KTEST_CASE(machine_ops_sizes),
    {0},
};

static const struct ktest_suite paging_suite = {
    .name = "paging",
    .cases = paging_cases,
    .init = paging_suite_init,
};
KTEST_SUITE(paging_suite);
