/* Fake machine and fixture for the memory hotplug suites (see the header). */
#include "tests/unit/memory_test_util.h"

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
struct memtest_world mt;
const struct pfs_ns mt_ns = {.iomem = &mt.iomem, .fwmap = &mt.fwmap, .mhp = &mt.mhp};

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
	for (i = first; i < first + n; i++) {
		fake.unit[i].online = false;
		fake.unit[i].off_map = 0; /* fake-offline pages go with the block */
	}
	return 0;
}

/* The granule mask of [start_pfn, +nr_pages) inside one online unit, or 0
 * (a violation) when it is not granule aligned, spans units or is offline. */
static uint64_t granule_mask(uint64_t start_pfn, uint64_t nr_pages, unsigned int *u)
{
	uint64_t start = start_pfn << PAGE_SHIFT, size = nr_pages << PAGE_SHIFT, g, n;

	if (start < FAKE_BASE || !size || start % FAKE_GRANULE || size % FAKE_GRANULE ||
	    (start - FAKE_BASE) / FAKE_UNIT != (start + size - 1 - FAKE_BASE) / FAKE_UNIT ||
	    start - FAKE_BASE + size > FAKE_UNITS * FAKE_UNIT) {
		fake.violations++;
		return 0;
	}
	*u = (unsigned int)((start - FAKE_BASE) / FAKE_UNIT);
	if (!fake.unit[*u].online) {
		fake.violations++;
		return 0;
	}
	g = (start - FAKE_BASE) % FAKE_UNIT / FAKE_GRANULE;
	n = size / FAKE_GRANULE;
	return n == 64 ? ~0ull : ((1ull << n) - 1) << g;
}

static int fake_fake_offline_pages(uint64_t start_pfn, uint64_t nr_pages)
{
	unsigned int u;
	uint64_t m;

	fake.calls_fake_offline++;
	m = granule_mask(start_pfn, nr_pages, &u);
	if (!m)
		return -EINVAL;
	if (fake.unit[u].off_map & m) {
		fake.violations++;
		return -EINVAL;
	}
	if (fake.unit[u].busy_map & m)
		return -EBUSY;
	if (fail_now(&fake.fail_fake_offline_nth))
		return -ENOMEM;
	fake.unit[u].off_map |= m;
	return 0;
}

static int fake_fake_online_pages(uint64_t start_pfn, uint64_t nr_pages)
{
	unsigned int u;
	uint64_t m;

	fake.calls_fake_online++;
	m = granule_mask(start_pfn, nr_pages, &u);
	if (!m)
		return -EINVAL;
	if ((fake.unit[u].off_map & m) != m) {
		fake.violations++;
		return -EINVAL;
	}
	fake.unit[u].off_map &= ~m;
	return 0;
}

bool fake_page_usable(uint64_t phys)
{
	unsigned int u;

	if (phys < FAKE_BASE || phys - FAKE_BASE >= FAKE_UNITS * FAKE_UNIT)
		return false;
	u = (unsigned int)((phys - FAKE_BASE) / FAKE_UNIT);
	return fake.unit[u].online &&
	       !((fake.unit[u].off_map >> ((phys - FAKE_BASE) % FAKE_UNIT / FAKE_GRANULE)) & 1);
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

static int fake_declare_ram(uint64_t start, uint64_t size)
{
	if (fail_now(&fake.fail_declare_nth))
		return -EEXIST;
	fake.calls_declare++;
	fake.ram_start = start;
	fake.ram_size = size;
	return 0;
}

static int fake_forget_ram(uint64_t start, uint64_t size)
{
	fake.calls_forget++;
	fake.ram_start = start;
	fake.ram_size = size;
	return 0;
}

const struct mhp_arch_ops fake_arch_ops = {
    .add_memory = fake_add_memory,
    .remove_memory = fake_remove_memory,
    .online_pages = fake_online_pages,
    .offline_pages = fake_offline_pages,
    .memmap_pages = fake_memmap_pages,
    .is_real_ram = fake_is_real_ram,
    .max_phys_addr = fake_max_phys_addr,
    .declare_ram = fake_declare_ram,
    .forget_ram = fake_forget_ram,
    .fake_offline_pages = fake_fake_offline_pages,
    .fake_online_pages = fake_fake_online_pages,
};

void fake_mark_busy(uint64_t phys, bool busy)
{
	unsigned int first, n;

	if (unit_range(phys & ~(FAKE_UNIT - 1), FAKE_UNIT, &first, &n) == 0) {
		uint64_t bit = 1ull << ((phys - FAKE_BASE) % FAKE_UNIT / FAKE_GRANULE);

		if (busy)
			fake.unit[first].busy_map |= bit;
		else
			fake.unit[first].busy_map &= ~bit;
		fake.unit[first].busy = fake.unit[first].busy_map != 0;
	}
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

void fake_reset(void)
{
	for (unsigned int i = 0; i < FAKE_UNITS; i++)
		kfree(fake.unit[i].heap);
	memset(&fake, 0, sizeof(fake));
	fake.max_phys = 1ULL << 40;
}

/* ---- fixture ---- */

void memtest_settings(struct mhp_state *mhp)
{
	mhp_set_system_state_in(mhp, SYSTEM_RUNNING);
}

/* The kernel's own state as a case found it: the case must leave it alone. */
static struct {
	unsigned long blocks;
	int memmap_entries;
	const struct resource *iomem_first;
} kernel_seen;

int memtest_init(struct ktest *t)
{
	int ret;

	(void)t;
	kernel_seen.blocks = memory_block_count();
	kernel_seen.memmap_entries = firmware_map_count();
	kernel_seen.iomem_first = iomem_resource.child;
	kalloc_fail_nth(0);
	fake_reset();
	mt.iomem = (struct resource)IOMEM_ROOT_INIT;
	firmware_map_init(&mt.fwmap);
	ret = mhp_state_init(&mt.mhp, &mt.iomem, &mt.fwmap, &fake_arch_ops);
	if (ret)
		return ret;
	memtest_settings(&mt.mhp);
	return 0;
}

int memtest_build_base_in(struct mhp_state *mhp)
{
	if (!__request_region(mhp->iomem, FAKE_BASE, 256 * MiB, "System RAM",
			      IORESOURCE_SYSTEM_RAM))
		return -ENOMEM;
	if (!__request_region(mhp->iomem, FAKE_BASE + 3 * GiB, 128 * MiB, "Reserved", 0))
		return -ENOMEM;
	if (firmware_map_add_early_in(mhp->fwmap, FAKE_BASE, FAKE_BASE + 256 * MiB, "System RAM") ||
	    firmware_map_add_early_in(mhp->fwmap, FAKE_BASE + 3 * GiB,
				      FAKE_BASE + 3 * GiB + 128 * MiB, "Reserved"))
		return -ENOMEM;
	return firmware_memmap_init_in(mhp->fwmap);
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
	KTEST_EXPECT_NULL(t, resource_check_tree(&mt.iomem));
	mhp_state_release(&mt.mhp);
	fake_reset();
	resource_test_free_all(&mt.iomem);
	firmware_map_release(&mt.fwmap);
	KTEST_EXPECT_EQ(t, memory_block_count(), kernel_seen.blocks);
	KTEST_EXPECT_INT_EQ(t, firmware_map_count(), kernel_seen.memmap_entries);
	KTEST_EXPECT_TRUE(t, iomem_resource.child == kernel_seen.iomem_first);
}

/* What one part of a snapshot renders: a view of mhp into buf. */
typedef int (*render_fn)(const struct mhp_state *mhp, char *buf, size_t size);

static int render_iomem(const struct mhp_state *mhp, char *buf, size_t size)
{
	return iomem_render(mhp->iomem, buf, size);
}

static int render_memmap(const struct mhp_state *mhp, char *buf, size_t size)
{
	return firmware_map_render_table_in(mhp->fwmap, buf, size);
}

static int render_arch(const struct mhp_state *mhp, char *buf, size_t size)
{
	(void)mhp;
	return fake_arch_render(buf, size);
}

/* fn's text appended to m. */
static void render_into(struct seq_buf *m, const struct mhp_state *mhp, render_fn fn)
{
	char *buf;
	size_t room = seq_buf_get_buf(m, &buf);

	seq_buf_commit(m, fn(mhp, buf, room));
}

void memtest_snapshot_of(const struct mhp_state *mhp, char *buf, size_t size, unsigned int parts)
{
	struct seq_buf m;

	seq_buf_init(&m, buf, size);
	if (parts & MT_IOMEM) {
		seq_buf_puts(&m, "-- iomem\n");
		render_into(&m, mhp, render_iomem);
	}
	if (parts & MT_MEMMAP) {
		seq_buf_puts(&m, "-- memmap\n");
		render_into(&m, mhp, render_memmap);
	}
	if (parts & MT_BLOCKS) {
		seq_buf_puts(&m, "-- blocks\n");
		render_into(&m, mhp, memory_blocks_render_debug_in);
	}
	if (parts & MT_ARCH) {
		seq_buf_puts(&m, "-- arch\n");
		render_into(&m, mhp, render_arch);
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
