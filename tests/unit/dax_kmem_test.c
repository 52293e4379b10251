/* dax/kmem (drivers/dax/kmem.c) on hand-built trees shaped like the Linux
 * captures in tests/golden/linux/pmem-legacy-kmem: each case gets a dax
 * state of its own on the fresh hotplug world of memory_test_util.h (mt)
 * and a poller list of its own. The pmem ranges lie in the fake machine's
 * phantom space, so the adds are bookkept only. */
#include "drivers/dax/kmem.h"

#include "drivers/firmware/memmap.h"
#include "kernel/hotplug_events.h"
#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "tests/unit/memory_test_util.h"

static struct dax_state dax;
static struct hotplug_poller_list pollers;
static char text[4096];

static int dax_init(struct ktest *t)
{
	int ret = memtest_init(t);

	if (ret)
		return ret;
	dax_state_init(&dax, &mt.mhp);
	pollers.first = NULL;
	/* Below the fake window: never touched, only bookkept. */
	fake.phantom_start = 0;
	fake.phantom_end = FAKE_BASE;
	mhp_set_default_online_type_in(&mt.mhp, MMOP_ONLINE);
	return 0;
}

static void dax_exit(struct ktest *t)
{
	memtest_exit(t);
}

static int add_res(uint64_t start, uint64_t end, const char *name, unsigned long flags,
		   unsigned long desc)
{
	struct resource *r = alloc_resource();

	if (!r)
		return -ENOMEM;
	r->start = start;
	r->end = end;
	r->name = name;
	r->flags = flags;
	r->desc = desc;
	if (request_resource(&mt.iomem, r)) {
		free_resource(r);
		return -EBUSY;
	}
	return 0;
}

static int add_pram(uint64_t start, uint64_t end)
{
	return add_res(start, end, "Persistent Memory (legacy)", IORESOURCE_MEM,
		       IORES_DESC_PERSISTENT_MEMORY_LEGACY);
}

/* The capture's memory around the pmem: -m 1G, memmap=256M!0x20000000. */
static int build_numa(void)
{
	return add_res(0x100000, 0x1fffffff, "System RAM", IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
		       0) ?: add_pram(0x20000000, 0x2fffffff)
		   ?: add_res(0x30000000, 0x3ffdffff, "System RAM",
			      IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, 0)
		   ?: add_res(0x3ffe0000, 0x3fffffff, "Reserved", IORESOURCE_MEM | IORESOURCE_BUSY,
			      IORES_DESC_RESERVED);
}

/* memmap=256M!0x30000000: the PRAM covers the BIOS-reserved tail too. */
static int build_literal(void)
{
	return add_res(0x100000, 0x2fffffff, "System RAM", IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
		       0) ?: add_pram(0x30000000, 0x3ffdffff)
		   ?: add_pram(0x3ffe0000, 0x3fffffff);
}

static const char *iomem(void)
{
	iomem_render(&mt.iomem, text, sizeof(text));
	return text;
}

static struct resource *child_named(struct resource *parent, const char *name)
{
	for (struct resource *r = parent->child; r; r = r->sibling)
		if (r->name && !strcmp(r->name, name))
			return r;
	return NULL;
}

static void layout(struct ktest *t)
{
	uint64_t s = 0, e = 0, as = 0, asz = 0;

	/* Both captures: 6 MiB of namespace metadata, tail cut at 2 MiB. */
	KTEST_ASSERT_TRUE(t, dax_data_range(0x30000000, 0x3ffdffff, &s, &e));
	KTEST_EXPECT_EQ(t, s, 0x30600000);
	KTEST_EXPECT_EQ(t, e, 0x3fdfffff);
	KTEST_ASSERT_TRUE(t, dax_data_range(0x20000000, 0x2fffffff, &s, &e));
	KTEST_EXPECT_EQ(t, s, 0x20600000);
	KTEST_EXPECT_EQ(t, e, 0x2fffffff);
	/* The 128 KiB region: no room for the metadata. */
	KTEST_EXPECT_FALSE(t, dax_data_range(0x3ffe0000, 0x3fffffff, &s, &e));
	KTEST_EXPECT_FALSE(t, dax_data_range(0x1000, 0x1fff, &s, &e));

	KTEST_ASSERT_TRUE(t, dax_kmem_range(0x20600000, 0x2fffffff, 128 * MiB, &as, &asz));
	KTEST_EXPECT_EQ(t, as, 0x28000000);
	KTEST_EXPECT_EQ(t, asz, 128 * MiB);
	KTEST_EXPECT_FALSE(t, dax_kmem_range(0x30600000, 0x3fdfffff, 128 * MiB, &as, &asz));
	KTEST_ASSERT_TRUE(t, dax_kmem_range(0x08000000, 0x17ffffff, 128 * MiB, &as, &asz));
	KTEST_EXPECT_EQ(t, as, 0x08000000);
	KTEST_EXPECT_EQ(t, asz, 256 * MiB);
}

#define NUMA_HEAD                                          \
	"00100000-1fffffff : System RAM\n"                 \
	"20000000-2fffffff : Persistent Memory (legacy)\n" \
	"  20000000-205fffff : namespace0.0\n"
#define NUMA_TAIL                          \
	"30000000-3ffdffff : System RAM\n" \
	"3ffe0000-3fffffff : Reserved\n"
/* golden .../numa-m1G-memmap256M-at-0x20000000/3-devdax and 4-kmem */
#define NUMA_DEVDAX NUMA_HEAD "  20600000-2fffffff : dax0.0\n" NUMA_TAIL
#define NUMA_KMEM                                  \
	NUMA_HEAD "  28000000-2fffffff : dax0.0\n" \
		  "    28000000-2fffffff : System RAM (kmem)\n" NUMA_TAIL
#define NUMA_UNBOUND NUMA_HEAD NUMA_TAIL

static void numa_golden_shapes(struct ktest *t)
{
	struct resource *pram, *ns, *res, *kmem;
	struct dax_dev *dev;
	struct memory_block *mem;

	KTEST_ASSERT_INT_EQ(t, build_numa(), 0);
	KTEST_ASSERT_INT_EQ(t, dax_pmem_probe(&dax, &pollers), 1);
	KTEST_EXPECT_STREQ(t, iomem(), NUMA_DEVDAX);
	/* kmem off: no poller. */
	KTEST_EXPECT_NULL(t, pollers.first);

	pram = mt.iomem.child->sibling;
	ns = child_named(pram, "namespace0.0");
	res = child_named(pram, "dax0.0");
	KTEST_ASSERT_NOT_NULL(t, ns);
	KTEST_ASSERT_NOT_NULL(t, res);
	KTEST_EXPECT_EQ(t, ns->flags, IORESOURCE_MEM | IORESOURCE_BUSY);
	KTEST_EXPECT_EQ(t, ns->desc, IORES_DESC_PERSISTENT_MEMORY_LEGACY);
	KTEST_EXPECT_EQ(t, res->flags, IORESOURCE_MEM | IORESOURCE_BUSY);

	dev = dax_dev_get(&dax, 0);
	KTEST_ASSERT_NOT_NULL(t, dev);
	KTEST_EXPECT_STREQ(t, dev->dax_name, "dax0.0");
	printk_capture_start(text, sizeof(text));
	KTEST_ASSERT_INT_EQ(t, dax_kmem_bind(&dax, dev), 0);
	printk_capture_stop();
	/* Not RAM the machine has (the fake's phantom space): named, booked,
	 * never declared as device RAM nor onlined into the allocator. */
	KTEST_EXPECT_STREQ(t, text,
			   "kmem dax0.0: mapping0: 0x28000000-0x2fffffff is not RAM in the boot "
			   "loader's map: bookkept only, never onlined\n");
	KTEST_EXPECT_EQ(t, fake.calls_declare, 0);
	KTEST_EXPECT_EQ(t, fake.calls_add, 0);
	KTEST_EXPECT_EQ(t, fake.calls_online, 0);
	KTEST_EXPECT_STREQ(t, iomem(), NUMA_KMEM);
	res = child_named(pram, "dax0.0");
	KTEST_ASSERT_NOT_NULL(t, res);
	/* The container: System RAM, not busy, so kmem RAM nests below. */
	KTEST_EXPECT_EQ(t, res->flags, IORESOURCE_SYSTEM_RAM);
	kmem = res->child;
	KTEST_ASSERT_NOT_NULL(t, kmem);
	/* 0x83000200, the value of Linux bug reports (docs/linux-model.md,
	 * Resource tree). */
	KTEST_EXPECT_EQ(t, kmem->flags, 0x83000200ul);
	KTEST_EXPECT_EQ(t, kmem->flags,
			IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY | IORESOURCE_SYSRAM_DRIVER_MANAGED);
	/* Driver-managed: no firmware memmap entry. */
	KTEST_EXPECT_EQ(t, firmware_map_count_in(&mt.fwmap), 0);
	mem = find_memory_block_by_id_in(&mt.mhp, 5);
	KTEST_ASSERT_NOT_NULL(t, mem);
	KTEST_EXPECT_EQ(t, mem->state, MEM_ONLINE);
	KTEST_ASSERT_NOT_NULL(t, mem->group);
	KTEST_EXPECT_EQ(t, mem->group->id, dev->mgid);
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 1);
	/* Only once. */
	KTEST_EXPECT_INT_EQ(t, dax_kmem_bind(&dax, dev), -EINVAL);

	KTEST_EXPECT_INT_EQ(t, offline_and_remove_memory_in(&mt.mhp, 0x28000000, 128 * MiB), 0);
}

#define LITERAL_HEAD                                       \
	"00100000-2fffffff : System RAM\n"                 \
	"30000000-3ffdffff : Persistent Memory (legacy)\n" \
	"  30000000-305fffff : namespace0.0\n"
#define LITERAL_TAIL "3ffe0000-3fffffff : Persistent Memory (legacy)\n"

/* No whole block after alignment: kmem rejects, and dax0.0 is gone from
 * iomem (golden .../literal-m1G-memmap256M-at-0x30000000/4-kmem). */
static void literal_golden_shapes(struct ktest *t)
{
	struct hotplug_event ev;

	KTEST_ASSERT_INT_EQ(t, build_literal(), 0);
	dax_kmem_set_enabled(&dax, true);
	KTEST_ASSERT_INT_EQ(t, dax_pmem_probe(&dax, &pollers), 1);
	KTEST_EXPECT_STREQ(t, iomem(), LITERAL_HEAD "  30600000-3fdfffff : dax0.0\n" LITERAL_TAIL);
	/* The event: the whole request, though nothing could be added. */
	memset(&ev, 0, sizeof(ev));
	KTEST_EXPECT_INT_EQ(t, dax.poller.poll(&dax.poller, &ev), 1);
	KTEST_EXPECT_STREQ(t, ev.device, "dax0.0");
	KTEST_EXPECT_EQ(t, ev.action, HOTPLUG_ADD);
	KTEST_EXPECT_EQ(t, ev.start, 0x30600000);
	KTEST_EXPECT_EQ(t, ev.end, 0x3fdfffff);
	KTEST_EXPECT_INT_EQ(t, dax_dev_get(&dax, 0)->kmem_err, -EINVAL);
	KTEST_EXPECT_STREQ(t, iomem(), LITERAL_HEAD LITERAL_TAIL);
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 0);
	KTEST_EXPECT_NULL(t, memory_group_find_by_id_in(&mt.mhp, 0));
	KTEST_EXPECT_INT_EQ(t, dax.poller.poll(&dax.poller, &ev), 0);
}

/* Unaligned edges stay out; each block is its own resource. */
static void edges_and_blocks(struct ktest *t)
{
	struct hotplug_event ev;
	struct resource *res;

	/* 512 MiB at 0x20000000: data 0x20a00000-0x3fffffff, blocks 5..7. */
	KTEST_ASSERT_INT_EQ(t, add_pram(0x20000000, 0x3fffffff), 0);
	dax_kmem_set_enabled(&dax, true);
	KTEST_ASSERT_INT_EQ(t, dax_pmem_probe(&dax, &pollers), 1);
	KTEST_ASSERT_EQ(t, pollers.first, &dax.poller);
	KTEST_EXPECT_NULL(t, dax.poller.next);
	KTEST_EXPECT_INT_EQ(t, dax.poller.poll(&dax.poller, &ev), 1);
	KTEST_EXPECT_EQ(t, ev.start, 0x28000000);
	KTEST_EXPECT_EQ(t, ev.end, 0x3fffffff);
	KTEST_EXPECT_STREQ(t, iomem(),
			   "20000000-3fffffff : Persistent Memory (legacy)\n"
			   "  20000000-209fffff : namespace0.0\n"
			   "  28000000-3fffffff : dax0.0\n"
			   "    28000000-2fffffff : System RAM (kmem)\n"
			   "    30000000-37ffffff : System RAM (kmem)\n"
			   "    38000000-3fffffff : System RAM (kmem)\n");
	KTEST_EXPECT_NULL(t, find_memory_block_by_id_in(&mt.mhp, 4));
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 3);
	res = mt.iomem.child->child->sibling;
	KTEST_EXPECT_STREQ(t, res->name, "dax0.0");
	KTEST_EXPECT_EQ(
	    t, memory_group_find_by_id_in(&mt.mhp, dax_dev_get(&dax, 0)->mgid)->nr_blocks, 3);
	KTEST_EXPECT_INT_EQ(t, offline_and_remove_memory_in(&mt.mhp, 0x28000000, 384 * MiB), 0);
}

/* A failure after the first block undoes everything kmem did. */
static void failure_rollback(struct ktest *t)
{
	struct dax_dev *dev;

	KTEST_ASSERT_INT_EQ(t, add_pram(0x20000000, 0x3fffffff), 0);
	KTEST_ASSERT_INT_EQ(t, dax_pmem_probe(&dax, &pollers), 1);
	/* Someone already has memory7: the third add fails with -EEXIST. */
	KTEST_ASSERT_INT_EQ(
	    t, create_memory_block_devices_in(&mt.mhp, 0x38000000, 128 * MiB, 0, 0, NULL, true), 0);
	dev = dax_dev_get(&dax, 0);
	printk_capture_start(text, sizeof(text));
	KTEST_EXPECT_INT_EQ(t, dax_kmem_bind(&dax, dev), -EEXIST);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, iomem(),
			   "20000000-3fffffff : Persistent Memory (legacy)\n"
			   "  20000000-209fffff : namespace0.0\n");
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 1);
	KTEST_EXPECT_NOT_NULL(t, find_memory_block_by_id_in(&mt.mhp, 7));
	KTEST_EXPECT_EQ(t, dev->mgid, -1);
	KTEST_EXPECT_NULL(t, memory_group_find_by_id_in(&mt.mhp, 0));
	/* Nothing was declared as device RAM, so nothing to forget. */
	KTEST_EXPECT_EQ(t, fake.calls_declare, 0);
	KTEST_EXPECT_EQ(t, fake.calls_forget, 0);
	KTEST_EXPECT_EQ(t, dev->kmem_size, 0);
	KTEST_EXPECT_INT_EQ(t, dev->kmem_err, -EEXIST);
	remove_memory_block_devices_in(&mt.mhp, 0x38000000, 128 * MiB);
}

/* PRAM carved out of RAM the machine has (the fake's window) is mapped and
 * onlined block by block, without a word about phantom memory. */
static void real_ram_is_onlined(struct ktest *t)
{
	struct dax_dev *dev;

	KTEST_ASSERT_INT_EQ(t, add_pram(FAKE_BASE, FAKE_BASE + GiB - 1), 0);
	KTEST_ASSERT_INT_EQ(t, dax_pmem_probe(&dax, &pollers), 1);
	dev = dax_dev_get(&dax, 0);
	printk_capture_start(text, sizeof(text));
	KTEST_ASSERT_INT_EQ(t, dax_kmem_bind(&dax, dev), 0);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, text, "");
	/* Data from 64G+18M; whole blocks 64G+128M .. 65G: seven. */
	KTEST_EXPECT_EQ(t, dev->kmem_start, FAKE_BASE + 128 * MiB);
	KTEST_EXPECT_EQ(t, dev->kmem_size, 7 * 128 * MiB);
	KTEST_EXPECT_EQ(t, fake.calls_declare, 0);
	KTEST_EXPECT_EQ(t, fake.calls_add, 7);
	KTEST_EXPECT_EQ(t, fake.calls_online, 7);
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 7);
	KTEST_EXPECT_INT_EQ(
	    t, offline_and_remove_memory_in(&mt.mhp, dev->kmem_start, dev->kmem_size), 0);
}

/* Memory pressure during the hot-add: whichever allocation of a kmem bind
 * fails (the kernel heap nearly full), the bind fails and leaves
 * the device unbound with nothing of kmem's left: no container, no block,
 * no group, no mapped or online unit. */
static void bind_under_allocation_faults(struct ktest *t)
{
	static char arch[1024];
	unsigned int n, allocs, failed = 0;
	int err;

	KTEST_ASSERT_INT_EQ(t, add_pram(FAKE_BASE, FAKE_BASE + 512 * MiB - 1), 0);
	KTEST_ASSERT_INT_EQ(t, dax_pmem_probe(&dax, &pollers), 1);
	kalloc_fail_nth(0);
	KTEST_ASSERT_INT_EQ(t, dax_kmem_bind(&dax, dax_dev_get(&dax, 0)), 0);
	allocs = kalloc_count();
	KTEST_ASSERT_GE(t, allocs, 3);
	for (n = 1; n <= allocs; n++) {
		dax_exit(t);
		KTEST_ASSERT_INT_EQ(t, dax_init(t), 0);
		KTEST_ASSERT_INT_EQ(t, add_pram(FAKE_BASE, FAKE_BASE + 512 * MiB - 1), 0);
		KTEST_ASSERT_INT_EQ(t, dax_pmem_probe(&dax, &pollers), 1);
		kalloc_fail_nth(n);
		printk_capture_start(text, sizeof(text));
		err = dax_kmem_bind(&dax, dax_dev_get(&dax, 0));
		printk_capture_stop();
		kalloc_fail_nth(0);
		if (!err) {
			/* The fault hit onlining, which add_memory does not
			 * fail for (Linux: the block stays offline). */
			KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 3);
			KTEST_EXPECT_NOT_NULL(t, strstr(iomem(), "System RAM (kmem)"));
		} else {
			/* A region request cannot tell a full heap from a taken
			 * range, so like Linux: the container's "could not
			 * reserve region" (-EBUSY), the add's "Unable to reserve
			 * System RAM region" (-EEXIST); else -ENOMEM. */
			KTEST_EXPECT_TRUE(t, err == -ENOMEM || err == -EBUSY || err == -EEXIST);
			KTEST_EXPECT_STREQ(t, iomem(),
					   "1000000000-101fffffff : Persistent Memory (legacy)\n"
					   "  1000000000-10009fffff : namespace0.0\n");
			KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 0);
			KTEST_EXPECT_TRUE(t, list_empty(&mt.mhp.memory_groups));
			fake_arch_render(arch, sizeof(arch));
			KTEST_EXPECT_STREQ(t, arch, "");
			failed++;
		}
		KTEST_EXPECT_INT_EQ(t, dax_dev_get(&dax, 0)->kmem_err, err);
		if (t->status == KTEST_FAIL) {
			ktest_info(t, "allocation %u of %u failed", n, allocs);
			return;
		}
	}
	/* Most allocations are fatal to the bind. */
	KTEST_EXPECT_GE(t, failed, allocs / 2);
}

/* An allocation failure in the probe leaves no device behind. */
static void probe_enomem(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, build_literal(), 0);
	iomem();	    /* the text before */
	kalloc_fail_nth(2); /* the dax0.0 claim */
	KTEST_EXPECT_INT_EQ(t, dax_pmem_probe(&dax, &pollers), -ENOMEM);
	kalloc_fail_nth(0);
	KTEST_EXPECT_EQ(t, dax_dev_count(&dax), 0);
	KTEST_EXPECT_STREQ(t, iomem(),
			   "00100000-2fffffff : System RAM\n"
			   "30000000-3ffdffff : Persistent Memory (legacy)\n" LITERAL_TAIL);
}

static const struct ktest_case dax_kmem_cases[] = {
    KTEST_CASE(layout),
    KTEST_CASE(numa_golden_shapes),
    KTEST_CASE(literal_golden_shapes),
    KTEST_CASE(edges_and_blocks),
    KTEST_CASE(failure_rollback),
    KTEST_CASE(real_ram_is_onlined),
    KTEST_CASE(bind_under_allocation_faults),
    KTEST_CASE(probe_enomem),
    {0},
};

static const struct ktest_suite dax_kmem_suite = {
    .name = "dax_kmem",
    .cases = dax_kmem_cases,
    .init = dax_init,
    .exit = dax_exit,
};
KTEST_SUITE(dax_kmem_suite);
