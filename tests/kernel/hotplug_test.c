/* Memory hotplug on the running machine, through the hotmem_test device
 * (the RAM that fw.hide= hid). A snapshot is printed before and after every
 * add and remove made here (docs/ktap.md), through the hotplug core's trace
 * hook, which this suite installs. Each case checks the exact
 * /proc/iomem and /sys/firmware/memmap text before and after, the block states, that the memory
 * really works (pattern test) and that removal restores everything. Without a window (fw.hide not
 * given, or too little RAM) the cases skip. */
#include "drivers/firmware/memmap.h"
#include "drivers/hotmem_test/hotmem_test.h"
#include "kernel/io.h"
#include "kernel/kalloc.h"
#include "kernel/kexec.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/timer.h"
#include "kernel/views.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/hotplug_machine.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "mm/page_alloc.h"
#include "mm/pattern.h"

static char iomem_before[8192], iomem_now[8192];
static char memmap_before[4096], memmap_now[4096];
static char line[160];
static char expect[4096];
static struct hotmem_test_dev *dev;
static int saved_online_type;
static enum mhp_semantics saved_semantics;

static void render_state(char *iomem, size_t isz, char *memmap, size_t msz)
{
	iomem_render(&iomem_resource, iomem, isz);
	firmware_map_render_table(memmap, msz);
}

static void take_before(void)
{
	render_state(iomem_before, sizeof(iomem_before), memmap_before, sizeof(memmap_before));
}

static void take_now(void)
{
	render_state(iomem_now, sizeof(iomem_now), memmap_now, sizeof(memmap_now));
}

static int hotplug_init(struct ktest *t)
{
	dev = hotmem_test_get(0);
	saved_online_type = mhp_get_default_online_type();
	mhp_set_default_online_type(MMOP_ONLINE);
	/* The cases expect upstream unless they switch; mhp.semantics=v1 on
	 * the command line is given back at the end for the real drivers. */
	saved_semantics = mhp_get_semantics();
	mhp_set_semantics(MHP_SEMANTICS_UPSTREAM);
	kalloc_fail_nth(0);
	mhp_set_trace_hook(snapshot_hotplug_trace);
	return 0;
}

static void hotplug_exit(struct ktest *t)
{
	kalloc_fail_nth(0);
	mhp_set_trace_hook(NULL);
	mhp_set_default_online_type(saved_online_type);
	mhp_set_semantics(saved_semantics);
	if (dev && !dev->claimed)
		hotmem_test_claim(dev);
}

#define NEED_WINDOW(t, blocks)                                                                   \
	do {                                                                                     \
		if (!dev)                                                                        \
			ktest_skip(                                                              \
			    t, "no hotmem_test window (boot with fw.hide=auto and >= 512 MiB)"); \
		if (hotmem_test_nr_blocks(dev) < (blocks))                                       \
			ktest_skip(t, "the hotmem_test window is smaller than %d blocks",        \
				   (blocks));                                                    \
		if (!machine_is_real_ram(dev->start, dev->size))                                 \
			ktest_skip(t, "the hotmem_test window is phantom RAM: only "             \
				      "phantom_window_adds_in_blocks uses it");                  \
	} while (0)

/* The highest index the memmap table text shows, or -1. */
static int last_memmap_index(const char *table)
{
	int last = -1;

	for (const char *p = table; *p; p++) {
		if ((p == table || p[-1] == '\n') && *p >= '0' && *p <= '9') {
			int v = 0;

			while (*p >= '0' && *p <= '9')
				v = v * 10 + (*p++ - '0');
			last = v;
		}
	}
	return last;
}

static bool block_online(uint64_t phys)
{
	struct memory_block *mb = find_memory_block(phys);

	return mb && mb->state == MEM_ONLINE;
}

/* Plain hot-add two ways (the sysfs probe file, and add_memory()): one new
 * memmap entry with the next index, a top-level System RAM line, an online
 * block whose memory works; removal gives back the exact texts. */
static void plain_add_then_remove(struct ktest *t, bool via_probe)
{
	uint64_t start, size = memory_block_size_bytes(), bad = 0;
	int next;

	NEED_WINDOW(t, 1);
	start = hotmem_test_block_start(dev, 0);
	/* Plain memory: the device's container would parent it otherwise. */
	KTEST_ASSERT_INT_EQ(t, hotmem_test_release(dev), 0);
	take_before();
	next = firmware_map_next_index();
	if (via_probe) {
		snprintf(line, sizeof(line), "%#llx", (unsigned long long)start);
		KTEST_ASSERT_INT_EQ(t, memory_probe_store(line), 0);
	} else {
		KTEST_ASSERT_INT_EQ(t, add_memory(0, start, size, MHP_NONE), 0);
	}
	take_now();
	snprintf(expect, sizeof(expect), "%s%d %#llx %#llx System RAM\n", memmap_before, next,
		 (unsigned long long)start, (unsigned long long)(start + size - 1));
	KTEST_EXPECT_STREQ(t, memmap_now, expect);
	snprintf(line, sizeof(line), "\n%08llx-%08llx : System RAM\n", (unsigned long long)start,
		 (unsigned long long)(start + size - 1));
	KTEST_EXPECT_NOT_NULL(t, strstr(iomem_now, line));
	KTEST_EXPECT_TRUE(t, block_online(start));
	KTEST_EXPECT_INT_EQ(t, pattern_test_range(start, size, &bad), 0);

	KTEST_ASSERT_INT_EQ(t, offline_and_remove_memory(start, size), 0);
	take_now();
	KTEST_EXPECT_STREQ(t, iomem_now, iomem_before);
	KTEST_EXPECT_STREQ(t, memmap_now, memmap_before);
	KTEST_EXPECT_NULL(t, find_memory_block(start));
}

static void probe_adds_plain_memory(struct ktest *t)
{
	plain_add_then_remove(t, true);
}

static void add_memory_adds_plain_memory(struct ktest *t)
{
	plain_add_then_remove(t, false);
}

/* A re-add after a remove takes a new memmap index: the counter never goes
 * back, so the numbers grow with every plain add. */
static void memmap_index_is_never_reused(struct ktest *t)
{
	uint64_t start, size = memory_block_size_bytes();
	int first, second;

	NEED_WINDOW(t, 1);
	start = hotmem_test_block_start(dev, 0);
	KTEST_ASSERT_INT_EQ(t, hotmem_test_release(dev), 0);
	KTEST_ASSERT_INT_EQ(t, add_memory(0, start, size, MHP_NONE), 0);
	take_now();
	first = last_memmap_index(memmap_now);
	KTEST_ASSERT_INT_EQ(t, offline_and_remove_memory(start, size), 0);
	KTEST_ASSERT_INT_EQ(t, add_memory(0, start, size, MHP_NONE), 0);
	take_now();
	second = last_memmap_index(memmap_now);
	KTEST_EXPECT_INT_EQ(t, second, first + 1);
	KTEST_EXPECT_INT_EQ(t, offline_and_remove_memory(start, size), 0);
}

/* Driver-managed: the memmap text does not change at all; the resource is
 * "System RAM (hotmem_test)" under the device's container with
 * BUSY|SYSTEM_RAM|DRIVER_MANAGED; the memory works. */
static void driver_managed_add_has_no_memmap_entry(struct ktest *t)
{
	uint64_t start, size = memory_block_size_bytes(), bad = 0;
	struct resource *r;

	NEED_WINDOW(t, 1);
	start = hotmem_test_block_start(dev, 0);
	take_before();
	KTEST_ASSERT_INT_EQ(t, hotmem_test_add_block(dev, 0, MHP_MERGE_RESOURCE), 0);
	take_now();
	KTEST_EXPECT_STREQ(t, memmap_now, memmap_before);
	snprintf(line, sizeof(line),
		 "%08llx-%08llx : %s\n  %08llx-%08llx : System RAM (hotmem_test)\n",
		 (unsigned long long)dev->start, (unsigned long long)(dev->start + dev->size - 1),
		 dev->name, (unsigned long long)start, (unsigned long long)(start + size - 1));
	KTEST_EXPECT_NOT_NULL(t, strstr(iomem_now, line));
	r = dev->parent->child;
	KTEST_ASSERT_NOT_NULL(t, r);
	/* 0x83000200, plus MERGEABLE because the device adds with
	 * MHP_MERGE_RESOURCE (merge_system_ram_resource sets it). */
	KTEST_EXPECT_EQ(t, r->flags & ~IORESOURCE_SYSRAM_MERGEABLE, 0x83000200);
	KTEST_EXPECT_EQ(t, r->flags,
			IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM | IORESOURCE_SYSRAM_DRIVER_MANAGED |
			    IORESOURCE_SYSRAM_MERGEABLE);
	KTEST_EXPECT_TRUE(t, block_online(start));
	KTEST_EXPECT_INT_EQ(t, pattern_test_range(start, size, &bad), 0);

	KTEST_ASSERT_INT_EQ(t, hotmem_test_remove_block(dev, 0), 0);
	take_now();
	KTEST_EXPECT_STREQ(t, iomem_now, iomem_before);
	KTEST_EXPECT_STREQ(t, memmap_now, memmap_before);
}

/* MHP_MERGE_RESOURCE: two adjacent blocks become one line; removing one
 * splits it back; removing the other restores the container. */
static void merged_blocks_split_on_remove(struct ktest *t)
{
	uint64_t b0, b1, size = memory_block_size_bytes();

	NEED_WINDOW(t, 2);
	b0 = hotmem_test_block_start(dev, 0);
	b1 = hotmem_test_block_start(dev, 1);
	take_before();
	KTEST_ASSERT_INT_EQ(t, hotmem_test_add_block(dev, 0, MHP_MERGE_RESOURCE), 0);
	KTEST_ASSERT_INT_EQ(t, hotmem_test_add_block(dev, 1, MHP_MERGE_RESOURCE), 0);
	take_now();
	snprintf(line, sizeof(line), "  %08llx-%08llx : System RAM (hotmem_test)\n",
		 (unsigned long long)b0, (unsigned long long)(b1 + size - 1));
	KTEST_EXPECT_NOT_NULL(t, strstr(iomem_now, line));
	KTEST_EXPECT_NULL(t, dev->parent->child->sibling);

	KTEST_ASSERT_INT_EQ(t, hotmem_test_remove_block(dev, 1), 0);
	take_now();
	snprintf(line, sizeof(line), "  %08llx-%08llx : System RAM (hotmem_test)\n",
		 (unsigned long long)b0, (unsigned long long)(b0 + size - 1));
	KTEST_EXPECT_NOT_NULL(t, strstr(iomem_now, line));
	KTEST_EXPECT_STREQ(t, memmap_now, memmap_before);

	KTEST_ASSERT_INT_EQ(t, hotmem_test_remove_block(dev, 0), 0);
	take_now();
	KTEST_EXPECT_STREQ(t, iomem_now, iomem_before);
	KTEST_EXPECT_STREQ(t, memmap_now, memmap_before);
}

/* mhp.semantics=v1 (the 2020 seed proposal): add_memory(MHP_DRIVER_MANAGED)
 * gives a top-level "System RAM (driver managed)" and no memmap entry. */
static void v1_driver_managed_flag(struct ktest *t)
{
	uint64_t start, size = memory_block_size_bytes();

	NEED_WINDOW(t, 1);
	start = hotmem_test_block_start(dev, 0);
	KTEST_ASSERT_INT_EQ(t, hotmem_test_release(dev), 0);
	take_before();
	/* Upstream never merged the flag. */
	KTEST_EXPECT_INT_EQ(t, add_memory(0, start, size, MHP_DRIVER_MANAGED), -EINVAL);
	mhp_set_semantics(MHP_SEMANTICS_V1);
	KTEST_ASSERT_INT_EQ(t, add_memory(0, start, size, MHP_DRIVER_MANAGED), 0);
	take_now();
	KTEST_EXPECT_STREQ(t, memmap_now, memmap_before);
	snprintf(line, sizeof(line), "\n%08llx-%08llx : System RAM (driver managed)\n",
		 (unsigned long long)start, (unsigned long long)(start + size - 1));
	KTEST_EXPECT_NOT_NULL(t, strstr(iomem_now, line));
	KTEST_ASSERT_INT_EQ(t, offline_and_remove_memory(start, size), 0);
	take_now();
	KTEST_EXPECT_STREQ(t, iomem_now, iomem_before);
	KTEST_EXPECT_STREQ(t, memmap_now, memmap_before);
}

/* A page in use keeps its block from going offline: the remove fails with
 * -EBUSY and changes nothing; after the page is freed it succeeds. */
static void remove_with_page_in_use_is_busy(struct ktest *t)
{
	uint64_t start, size = memory_block_size_bytes(), page;

	NEED_WINDOW(t, 1);
	start = hotmem_test_block_start(dev, 0);
	KTEST_ASSERT_INT_EQ(t, hotmem_test_add_block(dev, 0, MHP_MERGE_RESOURCE), 0);
	page = page_alloc_page_range(&page_allocator, start >> 12, (start + size) >> 12);
	KTEST_ASSERT_NE(t, page, 0);
	*(volatile uint64_t *)(uintptr_t)page = 0x686f746d656dull; /* the page is usable */
	take_before();
	KTEST_EXPECT_INT_EQ(t, hotmem_test_remove_block(dev, 0), -EBUSY);
	take_now();
	KTEST_EXPECT_STREQ(t, iomem_now, iomem_before);
	KTEST_EXPECT_STREQ(t, memmap_now, memmap_before);
	KTEST_EXPECT_TRUE(t, block_online(start));
	KTEST_EXPECT_INT_EQ(t, page_free(&page_allocator, page), 0);
	KTEST_EXPECT_INT_EQ(t, hotmem_test_remove_block(dev, 0), 0);
}

/* kexec_file never places a segment in driver-managed memory, also with the
 * reverse walker; kdump dumps it; kexec_load's map leaves it out. */
static void consumers_see_driver_managed_memory(struct ktest *t)
{
	static struct memory_range ranges[64];
	struct kexec_buf kb;
	uint64_t start, end, size = memory_block_size_bytes();
	struct memory_ranges mr = {0, 64, ranges};
	bool in_kdump = false, in_load = false;
	size_t n = 64;

	NEED_WINDOW(t, 1);
	start = hotmem_test_block_start(dev, 0);
	end = start + size - 1;
	KTEST_ASSERT_INT_EQ(t, hotmem_test_add_block(dev, 0, MHP_MERGE_RESOURCE), 0);
	for (int top = 0; top < 2; top++) {
		for (uint64_t sz = 4096; sz <= (64ull << 20); sz <<= 3) {
			memset(&kb, 0, sizeof(kb));
			kb.memsz = sz;
			kb.buf_align = 4096;
			kb.buf_min = start;
			kb.buf_max = end;
			kb.top_down = top;
			/* Only driver-managed RAM in the window: nothing fits. */
			KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole(&kb), -EADDRNOTAVAIL);
		}
	}
	KTEST_ASSERT_INT_EQ(t, kdump_system_ram_ranges(&mr) >= 0, 1);
	for (unsigned int i = 0; i < mr.size; i++)
		if (ranges[i].start <= start && ranges[i].end >= end)
			in_kdump = true;
	KTEST_EXPECT_TRUE(t, in_kdump);
	KTEST_ASSERT_INT_EQ(t, get_memory_ranges(ranges, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (ranges[i].type == RANGE_RAM && ranges[i].start <= end && ranges[i].end >= start)
			in_load = true;
	KTEST_EXPECT_FALSE(t, in_load);
	KTEST_EXPECT_INT_EQ(t, hotmem_test_remove_block(dev, 0), 0);
}

/* Bad requests on the live machine: exact errors, nothing changed. */
static void bad_requests_change_nothing(struct ktest *t)
{
	uint64_t start, size = memory_block_size_bytes();

	NEED_WINDOW(t, 1);
	start = hotmem_test_block_start(dev, 0);
	take_before();
	KTEST_EXPECT_INT_EQ(t, add_memory(0, start + 4096, size, MHP_NONE), -EINVAL);
	/* Linux: mhp_range_allowed() refuses an empty range with -E2BIG. */
	KTEST_EXPECT_INT_EQ(t, add_memory(0, start, 0, MHP_NONE), -E2BIG);
	/* Boot RAM is already there. */
	KTEST_EXPECT_INT_EQ(t, add_memory(0, 0, size, MHP_NONE), -EEXIST);
	KTEST_EXPECT_INT_EQ(t, add_memory_driver_managed(0, start, size, "System RAM", MHP_NONE),
			    -EINVAL);
	KTEST_EXPECT_INT_EQ(t, hotmem_test_remove_block(dev, 0), -EINVAL);
	take_now();
	KTEST_EXPECT_STREQ(t, iomem_now, iomem_before);
	KTEST_EXPECT_STREQ(t, memmap_now, memmap_before);
}

/* Every allocation of the add path fails in turn: each failure leaves the
 * texts exactly as before; eventually the add succeeds. */
static void injected_failures_roll_back(struct ktest *t)
{
	int err = -ENOMEM;
	unsigned int n;

	NEED_WINDOW(t, 1);
	take_before();
	for (n = 1; n < 64 && err; n++) {
		kalloc_fail_nth(n);
		err = hotmem_test_add_block(dev, 0, MHP_MERGE_RESOURCE);
		kalloc_fail_nth(0);
		if (err) {
			/* Linux reports a failed resource allocation as -EEXIST
			 * (register_memory_resource), the others as -ENOMEM. */
			KTEST_EXPECT_TRUE(t, err == -ENOMEM || err == -EEXIST);
			take_now();
			KTEST_EXPECT_STREQ(t, iomem_now, iomem_before);
			KTEST_EXPECT_STREQ(t, memmap_now, memmap_before);
			KTEST_EXPECT_NULL(t, find_memory_block(hotmem_test_block_start(dev, 0)));
		}
	}
	KTEST_ASSERT_INT_EQ(t, err, 0);
	KTEST_EXPECT_GT(t, n, 2);
	KTEST_EXPECT_INT_EQ(t, hotmem_test_remove_block(dev, 0), 0);
	take_now();
	KTEST_EXPECT_STREQ(t, iomem_now, iomem_before);
}

/* MHP_MEMMAP_ON_MEMORY: the block's allocator metadata sits in its first
 * pages (shown as nr_vmemmap_pages in the block view); those pages are never
 * handed out, the rest of the block is. */
static void memmap_on_memory_uses_the_block_itself(struct ktest *t)
{
	static char blocks[4096];
	uint64_t start, size = memory_block_size_bytes(), meta, page, lowest = ~0ull;
	struct memory_block *mb;
	unsigned int n = 0;

	NEED_WINDOW(t, 1);
	start = hotmem_test_block_start(dev, 0);
	meta = (page_alloc_meta_bytes(size >> 12) + 4095) / 4096;
	KTEST_ASSERT_INT_EQ(
	    t, hotmem_test_add_block(dev, 0, MHP_MERGE_RESOURCE | MHP_MEMMAP_ON_MEMORY), 0);
	mb = find_memory_block(start);
	KTEST_ASSERT_NOT_NULL(t, mb);
	KTEST_EXPECT_EQ(t, mb->nr_vmemmap_pages, meta);
	KTEST_EXPECT_EQ(t, mb->state, MEM_ONLINE);
	memory_blocks_render_debug(blocks, sizeof(blocks));
	printk("# memory blocks after an MHP_MEMMAP_ON_MEMORY add:\n");
	console_puts(blocks);
	/* Every page the allocator hands out in the block lies past the
	 * metadata; take them all, then give them back. */
	while ((page = page_alloc_page_range(&page_allocator, start >> 12, (start + size) >> 12))) {
		if (page < lowest)
			lowest = page;
		n++;
	}
	KTEST_EXPECT_EQ(t, lowest, start + meta * 4096);
	KTEST_EXPECT_EQ(t, n, (size >> 12) - meta);
	for (page = start + meta * 4096; page < start + size; page += 4096)
		page_free(&page_allocator, page);
	KTEST_EXPECT_INT_EQ(t, hotmem_test_remove_block(dev, 0), 0);
}

/* A phantom window (fw.hide=size@start:phantom, docs/cmdline.md): every
 * block of it is added through hotmem_test, one add per block as a driver
 * adds them, then removed again. The core keeps the books only (nothing is
 * mapped or written), so this is the scale test of the bookkeeping: at 64 TiB
 * a 1 TiB window is 512 blocks of 2 GiB among 32768. One snapshot frames the
 * whole add and one the whole remove (not one per block, docs/ktap.md); the
 * time each took is reported for make bench. */
static void phantom_window_adds_in_blocks(struct ktest *t)
{
	const uint64_t bs = memory_block_size_bytes();
	uint64_t n, i, t0, add_ms, remove_ms;
	unsigned long blocks_before;
	struct memory_block *first;
	int r = 0;

	if (!dev)
		ktest_skip(t, "no hotmem_test window");
	if (machine_is_real_ram(dev->start, dev->size))
		ktest_skip(t, "the hotmem_test window is real RAM (fw.hide=size@start:phantom "
			      "makes a phantom one)");
	n = hotmem_test_nr_blocks(dev);
	blocks_before = memory_block_count();
	take_before();
	mhp_set_trace_hook(NULL);
	snprintf(line, sizeof(line), "before hotmem_test add of %llu blocks [mem %#llx-%#llx]",
		 (unsigned long long)n, (unsigned long long)dev->start,
		 (unsigned long long)(dev->start + dev->size - 1));
	print_snapshot(line);
	t0 = rdtsc();
	for (i = 0; i < n && !r; i++)
		r = hotmem_test_add_block(dev, i, MHP_MERGE_RESOURCE);
	add_ms = tsc_ms(rdtsc() - t0);
	snprintf(line, sizeof(line), "after hotmem_test add of %llu blocks [mem %#llx-%#llx] = %d",
		 (unsigned long long)n, (unsigned long long)dev->start,
		 (unsigned long long)(dev->start + dev->size - 1), r);
	print_snapshot(line);
	KTEST_EXPECT_INT_EQ(t, r, 0);
	if (!r) {
		take_now();
		KTEST_EXPECT_EQ(t, memory_block_count() - blocks_before, n);
		first = find_memory_block(dev->start);
		KTEST_EXPECT_TRUE(t, first && first->phantom && first->state == MEM_ONLINE);
		KTEST_EXPECT_TRUE(t, block_online(dev->start + dev->size - bs));
		/* The blocks merged into one resource inside the device's. */
		snprintf(expect, sizeof(expect), "\n  %08llx-%08llx : System RAM (hotmem_test)\n",
			 (unsigned long long)dev->start,
			 (unsigned long long)(dev->start + dev->size - 1));
		KTEST_EXPECT_NOT_NULL(t, strstr(iomem_now, expect));
		/* Driver-managed: no firmware memmap entry. */
		KTEST_EXPECT_STREQ(t, memmap_now, memmap_before);
	}
	snprintf(line, sizeof(line), "before hotmem_test remove of %llu blocks [mem %#llx-%#llx]",
		 (unsigned long long)i, (unsigned long long)dev->start,
		 (unsigned long long)(dev->start + dev->size - 1));
	print_snapshot(line);
	t0 = rdtsc();
	r = 0;
	while (i && !r) {
		r = hotmem_test_remove_block(dev, i - 1);
		/* A block whose add failed is not there to remove. */
		if (r == -ENOENT)
			r = 0;
		i--;
	}
	remove_ms = tsc_ms(rdtsc() - t0);
	snprintf(
	    line, sizeof(line), "after hotmem_test remove of the blocks [mem %#llx-%#llx] = %d",
	    (unsigned long long)dev->start, (unsigned long long)(dev->start + dev->size - 1), r);
	print_snapshot(line);
	mhp_set_trace_hook(snapshot_hotplug_trace);
	KTEST_EXPECT_INT_EQ(t, r, 0);
	take_now();
	KTEST_EXPECT_STREQ(t, iomem_now, iomem_before);
	KTEST_EXPECT_STREQ(t, memmap_now, memmap_before);
	KTEST_EXPECT_EQ(t, memory_block_count(), blocks_before);
	ktest_info(t,
		   "phantom hot-add: %llu blocks of %llu MiB added in %llu ms, removed in %llu ms",
		   (unsigned long long)n, (unsigned long long)(bs >> 20),
		   (unsigned long long)add_ms, (unsigned long long)remove_ms);
}

static const struct ktest_case hotplug_cases[] = {
    KTEST_CASE(probe_adds_plain_memory),
    KTEST_CASE(add_memory_adds_plain_memory),
    KTEST_CASE(memmap_index_is_never_reused),
    KTEST_CASE(driver_managed_add_has_no_memmap_entry),
    KTEST_CASE(merged_blocks_split_on_remove),
    KTEST_CASE(v1_driver_managed_flag),
    KTEST_CASE(remove_with_page_in_use_is_busy),
    KTEST_CASE(consumers_see_driver_managed_memory),
    KTEST_CASE(memmap_on_memory_uses_the_block_itself),
    KTEST_CASE(bad_requests_change_nothing),
    KTEST_CASE(injected_failures_roll_back),
    KTEST_CASE(phantom_window_adds_in_blocks),
    {0},
};

static const struct ktest_suite hotplug_suite = {
    .name = "hotplug",
    .cases = hotplug_cases,
    .init = hotplug_init,
    .exit = hotplug_exit,
};
KTEST_SUITE(hotplug_suite);
