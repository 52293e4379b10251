/* Fake machine and fixture for the memory hotplug suites (see the header). */
#include "tests/unit/memory_test_util.h"
#include "tests/unit/memmap_move.h"

#include "drivers/firmware/memmap.h"
#include "kernel/kalloc.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/seq_buf.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "tests/unit/resource_test_util.h"

struct fake_arch fake;

/* Unit index of [start, start + size), or -1 (a violation) outside. */
static int unit_range(uint64_t start, uint64_t size, unsigned int *first, unsigned int *n)
{
	if (start < FAKE_BASE || size == 0 || start % FAKE_UNIT || size % FAKE_UNIT ||
	    start - FAKE_BASE + size > FAKE_UNITS * FAKE_UNIT) {
		fake.violations++;
		return -1;
	}
	*first = (unsigned int)((start - FAKE_BASE) / FAKE_UNIT);
	*n = (unsigned int)(size / FAKE_UNIT);
	return 0;
}

/* Counts a call down; true when this one is to fail. */
static bool fail_now(unsigned int *nth)
{
	return *nth && --*nth == 0;
}

static int fake_add_memory(uint64_t start, uint64_t size)
{
	unsigned int first, n, i;

	fake.calls_add++;
	if (unit_range(start, size, &first, &n))
		return -EINVAL;
	if (fail_now(&fake.fail_add_nth))
		return -ENOMEM;
	for (i = first; i < first + n; i++) {
		if (fake.unit[i].mapped)
			fake.violations++;
		fake.unit[i].mapped = true;
	}
	return 0;
}

static void fake_remove_memory(uint64_t start, uint64_t size)
{
	unsigned int first, n, i;

	fake.calls_remove++;
	if (unit_range(start, size, &first, &n))
		return;
	for (i = first; i < first + n; i++) {
		if (!fake.unit[i].mapped || fake.unit[i].online)
			fake.violations++;
		fake.unit[i].mapped = false;
	}
}

static int fake_online_pages(uint64_t start_pfn, uint64_t nr_pages, uint64_t meta_pages)
{
	unsigned int first, n, i;
	void *heap = NULL;

	fake.calls_online++;
	if (unit_range(start_pfn << PAGE_SHIFT, nr_pages << PAGE_SHIFT, &first, &n))
		return -EINVAL;
	for (i = first; i < first + n; i++) {
		if (!fake.unit[i].mapped || fake.unit[i].online) {
			fake.violations++;
			return -EINVAL;
		}
	}
	if (fail_now(&fake.fail_online_nth))
		return -ENOMEM;
	/* Like the real allocator: the bitmap goes on the heap unless it lives
	 * on the block, so allocation faults reach onlining too. */
	if (!meta_pages) {
		heap = kzalloc(64);
		if (!heap)
			return -ENOMEM;
	}
	for (i = first; i < first + n; i++)
		fake.unit[i].online = true;
	fake.unit[first].meta_pages = meta_pages;
	fake.unit[first].heap = heap;
	return 0;
}

static int fake_offline_pages(uint64_t start_pfn, uint64_t nr_pages)
{
	unsigned int first, n, i;

	fake.calls_offline++;
	if (unit_range(start_pfn << PAGE_SHIFT, nr_pages << PAGE_SHIFT, &first, &n))
		return -EINVAL;
	for (i = first; i < first + n; i++) {
		if (!fake.unit[i].online) {
			fake.violations++;
			return -EINVAL;
		}
	}
	if (fake.offline_hook)
		fake.offline_hook(start_pfn);
	if (fail_now(&fake.fail_offline_nth))
		return -EBUSY;
	for (i = first; i < first + n; i++)
		if (fake.unit[i].busy)
			return -EBUSY;
	kfree(fake.unit[first].heap);
	fake.unit[first].heap = NULL;
	fake.unit[first].meta_pages = 0;
	for (i = first; i < first + n; i++)
		fake.unit[i].online = false;
	return 0;
}

static uint64_t fake_memmap_pages(uint64_t nr_pages)
{
	return fake.memmap_capable ? FAKE_MEMMAP_PAGES(nr_pages) : 0;
}

static bool fake_is_real_ram(uint64_t start, uint64_t size)
{
	return start + size <= fake.phantom_start || start >= fake.phantom_end;
}

static uint64_t fake_max_phys_addr(void)
{
	return fake.max_phys;
}

const struct mhp_arch_ops fake_arch_ops = {
    .add_memory = fake_add_memory,
    .remove_memory = fake_remove_memory,
    .online_pages = fake_online_pages,
    .offline_pages = fake_offline_pages,
    .memmap_pages = fake_memmap_pages,
    .is_real_ram = fake_is_real_ram,
    .max_phys_addr = fake_max_phys_addr,
};

void fake_mark_busy(uint64_t phys, bool busy)
{
	unsigned int first, n;

	if (unit_range(phys & ~(FAKE_UNIT - 1), FAKE_UNIT, &first, &n) == 0)
		fake.unit[first].busy = busy;
}

int fake_arch_render(char *buf, size_t size)
{
	struct seq_buf m;

	seq_buf_init(&m, buf, size);
	for (unsigned int i = 0; i < FAKE_UNITS; i++) {
		const struct fake_unit *u = &fake.unit[i];

		if (!u->mapped && !u->online && !u->busy)
			continue;
		seq_buf_printf(&m, "unit %llx:%s%s meta=%llu%s\n",
			       (unsigned long long)(FAKE_BASE + i * FAKE_UNIT),
			       u->mapped ? " mapped" : "", u->online ? " online" : "",
			       (unsigned long long)u->meta_pages, u->busy ? " busy" : "");
	}
	return (int)seq_buf_wanted(&m);
}

static void fake_reset(void)
{
	for (unsigned int i = 0; i < FAKE_UNITS; i++)
		kfree(fake.unit[i].heap);
	memset(&fake, 0, sizeof(fake));
	fake.max_phys = 1ULL << 40;
}

/* ---- fixture ---- */

static struct resource_roots_snapshot saved_roots;
static struct firmware_map saved_memmap;
static struct memory_block_saved saved_blocks;
static struct mhp_settings saved_settings;

int memtest_init(struct ktest *t)
{
	kalloc_fail_nth(0);
	resource_test_save_roots(&saved_roots);
	memmap_move(&saved_memmap, &init_firmware_map);
	memory_block_test_save(&saved_blocks);
	mhp_test_save_settings(&saved_settings);
	fake_reset();
	mhp_set_arch_ops(&fake_arch_ops);
	mhp_set_default_online_type(MMOP_OFFLINE);
	mhp_set_semantics(MHP_SEMANTICS_UPSTREAM);
	mhp_set_max_mem_size(UINT64_MAX);
	mhp_set_system_state(SYSTEM_RUNNING);
	for (int nid = 1; nid < MAX_NUMNODES; nid++)
		mhp_set_node_possible(nid, false);
	mhp_set_node_possible(0, true);
	mhp_set_memmap_on_memory(true);
	return 0;
}

int memtest_build_base(void)
{
	if (!__request_region(&iomem_resource, FAKE_BASE, 256 * MiB, "System RAM",
			      IORESOURCE_SYSTEM_RAM))
		return -ENOMEM;
	if (!__request_region(&iomem_resource, FAKE_BASE + 3 * GiB, 128 * MiB, "Reserved", 0))
		return -ENOMEM;
	if (firmware_map_add_early(FAKE_BASE, FAKE_BASE + 256 * MiB, "System RAM") ||
	    firmware_map_add_early(FAKE_BASE + 3 * GiB, FAKE_BASE + 3 * GiB + 128 * MiB,
				   "Reserved"))
		return -ENOMEM;
	return firmware_memmap_init();
}

int memtest_init_base(struct ktest *t)
{
	int ret = memtest_init(t);

	return ret ? ret : memtest_build_base();
}

void memtest_exit(struct ktest *t)
{
	kalloc_fail_nth(0);
	KTEST_EXPECT_EQ(t, fake.violations, 0);
	KTEST_EXPECT_NULL(t, resource_check_tree(&iomem_resource));
	memory_block_test_restore(&saved_blocks);
	fake_reset();
	resource_test_free_all(&iomem_resource);
	KTEST_EXPECT_INT_EQ(t, resource_test_restore_roots(&saved_roots), 0);
	firmware_map_release(&init_firmware_map);
	memmap_move(&init_firmware_map, &saved_memmap);
	mhp_test_restore_settings(&saved_settings);
}

static int render_iomem(char *buf, size_t size)
{
	return iomem_render(&iomem_resource, buf, size);
}

/* fn's text appended to m. */
static void render_into(struct seq_buf *m, int (*fn)(char *, size_t))
{
	char *buf;
	size_t room = seq_buf_get_buf(m, &buf);

	seq_buf_commit(m, fn(buf, room));
}

void memtest_snapshot(char *buf, size_t size, unsigned int parts)
{
	struct seq_buf m;

	seq_buf_init(&m, buf, size);
	if (parts & MT_IOMEM) {
		seq_buf_puts(&m, "-- iomem\n");
		render_into(&m, render_iomem);
	}
	if (parts & MT_MEMMAP) {
		seq_buf_puts(&m, "-- memmap\n");
		render_into(&m, firmware_map_render_table);
	}
	if (parts & MT_BLOCKS) {
		seq_buf_puts(&m, "-- blocks\n");
		render_into(&m, memory_blocks_render_debug);
	}
	if (parts & MT_ARCH) {
		seq_buf_puts(&m, "-- arch\n");
		render_into(&m, fake_arch_render);
	}
	/* Make a cut-off view fail every comparison loudly. */
	if (seq_buf_has_overflowed(&m)) {
		seq_buf_clear(&m);
		seq_buf_puts(&m, "SNAPSHOT TRUNCATED");
	}
}

static char capture_buf[4096];

void memtest_capture_start(void)
{
	printk_capture_start(capture_buf, sizeof(capture_buf));
}

const char *memtest_capture_stop(void)
{
	printk_capture_stop();
	return capture_buf;
}
