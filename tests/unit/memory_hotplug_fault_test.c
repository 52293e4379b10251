/* Suite "memory_hotplug_fault": every failed add or remove leaves iomem,
 * the firmware memmap, the memory blocks, the page allocator and the arch
 * mapping byte-identical to before.
 *
 * Allocation faults: for n = 1, 2, ... the n-th allocation of the call
 * fails (kalloc_fail_nth); a failed call must change nothing; a call that
 * succeeds although an allocation failed (only onlining may swallow one,
 * as in Linux) must be undoable back to the start; the loop ends when the
 * call succeeds with n beyond its allocation count. Machine faults: the
 * fake's add_memory (-ENOMEM), online_pages (-ENOMEM) and offline_pages
 * (-EBUSY) fail. Base machine as in memory_hotplug_test.c. */
#include "drivers/firmware/memmap.h"
#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "tests/unit/memory_test_util.h"

/* The world of the current case (memory_test_util.h). */
static struct mhp_state *const mhp = &mt.mhp;

#define B   FAKE_BASE
#define BLK (128 * MiB)
#define W   (B + 512 * MiB)
#define C   (B + 1 * GiB) /* the container */

#define MAX_ROUNDS 64

static char before[4096], after[4096], success[4096];

static const char dm_name[] = "System RAM (hotmem_test)";

#define SNAP(buf) memtest_snapshot(buf, sizeof(buf), MT_ALL)
/* A success state without the memmap, whose index grows with every add. */
#define SNAP_NO_INDEX(buf) memtest_snapshot(buf, sizeof(buf), MT_IOMEM | MT_BLOCKS | MT_ARCH)

static int make_container(void)
{
	struct resource *c =
	    __request_region(&mt.iomem, C, 1 * GiB, "hotmem_test.0", IORESOURCE_SYSTEM_RAM);

	if (!c)
		return -ENOMEM;
	c->flags &= ~IORESOURCE_BUSY;
	return 0;
}

/* Runs call() with the n-th allocation failing, for n = 1, 2, ...; undo
 * (NULL for removes) takes a success back. Returns the rounds run. */
static unsigned int fault_loop(struct ktest *t, int (*call)(void), int (*undo)(void))
{
	unsigned int n, count;
	int ret;

	SNAP(before);
	if (undo) {
		/* A clean run: what a success looks like. */
		KTEST_EXPECT_INT_EQ(t, call(), 0);
		SNAP_NO_INDEX(success);
		KTEST_EXPECT_INT_EQ(t, undo(), 0);
		SNAP(after);
		KTEST_EXPECT_STREQ(t, after, before);
	}
	for (n = 1; n < MAX_ROUNDS && t->status != KTEST_FAIL; n++) {
		memtest_capture_start();
		kalloc_fail_nth(n);
		ret = call();
		count = kalloc_count();
		kalloc_fail_nth(0);
		memtest_capture_stop();
		if (ret) {
			/* -EEXIST: __request_region's allocation failed (Linux). */
			KTEST_EXPECT_TRUE(t, ret == -ENOMEM || ret == -EEXIST);
			SNAP(after);
			KTEST_EXPECT_STREQ(t, after, before);
		} else if (!undo) {
			KTEST_EXPECT_GT(t, n, count);
			break;
		} else {
			if (n > count) {
				SNAP_NO_INDEX(after);
				KTEST_EXPECT_STREQ(t, after, success);
			}
			memtest_capture_start();
			KTEST_EXPECT_INT_EQ(t, undo(), 0);
			memtest_capture_stop();
			SNAP(after);
			KTEST_EXPECT_STREQ(t, after, before);
			if (n > count)
				break;
		}
		if (t->status == KTEST_FAIL)
			ktest_info(t, "with allocation %u of %u failing: %d", n, count, ret);
	}
	KTEST_EXPECT_LT(t, n, MAX_ROUNDS);
	return n;
}

/* ---- allocation faults ---- */

static int add_plain(void)
{
	return add_memory_in(mhp, 0, W, 2 * BLK, MHP_NONE);
}

static int undo_plain(void)
{
	return offline_and_remove_memory_in(mhp, W, 2 * BLK);
}

static void add_memory_under_allocation_faults(struct ktest *t)
{
	/* Onlining allocates too (the allocator's bitmap on the heap). */
	mhp_set_default_online_type_in(mhp, MMOP_ONLINE);
	/* resource, 2 blocks, memmap entry, 2 bitmaps: the 7th round passes. */
	KTEST_EXPECT_EQ(t, fault_loop(t, add_plain, undo_plain), 7);
	mhp_set_default_online_type_in(mhp, MMOP_OFFLINE);
	KTEST_EXPECT_EQ(t, fault_loop(t, add_plain, undo_plain), 5);
}

static int add_dm_merge(void)
{
	return add_memory_driver_managed_in(mhp, 0, C + BLK, BLK, dm_name, MHP_MERGE_RESOURCE);
}

static int undo_dm_merge(void)
{
	return offline_and_remove_memory_in(mhp, C + BLK, BLK);
}

static void add_driver_managed_merge_under_allocation_faults(struct ktest *t)
{
	mhp_set_default_online_type_in(mhp, MMOP_ONLINE_MOVABLE);
	KTEST_ASSERT_INT_EQ(t, make_container(), 0);
	/* A merged neighbour the new block merges into. */
	KTEST_ASSERT_INT_EQ(
	    t, add_memory_driver_managed_in(mhp, 0, C, BLK, dm_name, MHP_MERGE_RESOURCE), 0);
	/* resource, block, bitmap (no memmap entry). */
	KTEST_EXPECT_EQ(t, fault_loop(t, add_dm_merge, undo_dm_merge), 4);
	KTEST_EXPECT_INT_EQ(t, add_dm_merge(), 0);
	KTEST_EXPECT_STREQ(t, strstr(before, "  1040000000"),
			   "  1040000000-1047ffffff : System RAM (hotmem_test)\n" BASE_IOMEM_RES
			   "-- memmap\n" BASE_MEMMAP "-- blocks\n"
			   "memory520 online online_movable Movable 0 -1 0 0 0\n"
			   "-- arch\nunit 1040000000: mapped online meta=0\n");
	SNAP(after);
	KTEST_EXPECT_TRUE(
	    t, strstr(after, "  1040000000-104fffffff : System RAM (hotmem_test)\n") != NULL);
}

/* Three merged blocks; removing the middle one needs a split. */
static int setup_merged_three(void)
{
	int ret = make_container();

	for (unsigned int i = 0; i < 3 && !ret; i++)
		ret = add_memory_driver_managed_in(mhp, 0, C + i * BLK, BLK, dm_name,
						   MHP_MERGE_RESOURCE);
	return ret;
}

static int remove_middle(void)
{
	return remove_memory_in(mhp, C + BLK, BLK);
}

static int offline_and_remove_middle(void)
{
	return offline_and_remove_memory_in(mhp, C + BLK, BLK);
}

#define T_SPLIT                                                \
	"1040000000-107fffffff : hotmem_test.0\n"              \
	"  1040000000-1047ffffff : System RAM (hotmem_test)\n" \
	"  1050000000-1057ffffff : System RAM (hotmem_test)\n"

static void remove_memory_under_allocation_faults(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, setup_merged_three(), 0);
	/* Round 1: the split cannot allocate -> -ENOMEM, nothing changed. */
	KTEST_EXPECT_EQ(t, fault_loop(t, remove_middle, NULL), 2);
	iomem_render(&mt.iomem, after, sizeof(after));
	KTEST_EXPECT_STREQ(t, after, BASE_IOMEM_RAM T_SPLIT BASE_IOMEM_RES);
}

/* Hyper-V style: plain "System RAM" added block by block with
 * MHP_MERGE_RESOURCE; one merged resource, one memmap entry per add. A
 * failed split must keep the middle block's memmap entry. */
static int setup_plain_merged_three(void)
{
	int ret = 0;

	for (unsigned int i = 0; i < 3 && !ret; i++)
		ret = add_memory_in(mhp, 0, C + i * BLK, BLK, MHP_MERGE_RESOURCE);
	return ret;
}

static void remove_plain_merged_under_allocation_faults(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, setup_plain_merged_three(), 0);
	KTEST_EXPECT_EQ(t, fault_loop(t, remove_middle, NULL), 2);
	firmware_map_render_table_in(&mt.fwmap, after, sizeof(after));
	KTEST_EXPECT_STREQ(t, after,
			   BASE_MEMMAP "2 0x1040000000 0x1047ffffff System RAM\n"
				       "4 0x1050000000 0x1057ffffff System RAM\n");
	iomem_render(&mt.iomem, after, sizeof(after));
	KTEST_EXPECT_STREQ(t, after,
			   BASE_IOMEM_RAM "1040000000-1047ffffff : System RAM\n"
					  "1050000000-1057ffffff : System RAM\n" BASE_IOMEM_RES);
}

static void offline_and_remove_under_allocation_faults(struct ktest *t)
{
	mhp_set_default_online_type_in(mhp, MMOP_ONLINE_MOVABLE);
	KTEST_ASSERT_INT_EQ(t, setup_merged_three(), 0);
	/* Round 1: the online-type array; round 2: the split, after the block
	 * was offlined: it must come back online as Movable. */
	KTEST_EXPECT_EQ(t, fault_loop(t, offline_and_remove_middle, NULL), 3);
	iomem_render(&mt.iomem, after, sizeof(after));
	KTEST_EXPECT_STREQ(t, after, BASE_IOMEM_RAM T_SPLIT BASE_IOMEM_RES);
	KTEST_EXPECT_STREQ(t, strstr(before, "-- blocks"),
			   "-- blocks\n"
			   "memory520 online online_movable Movable 0 -1 0 0 0\n"
			   "memory521 online online_movable Movable 0 -1 0 0 0\n"
			   "memory522 online online_movable Movable 0 -1 0 0 0\n"
			   "-- arch\n"
			   "unit 1040000000: mapped online meta=0\n"
			   "unit 1048000000: mapped online meta=0\n"
			   "unit 1050000000: mapped online meta=0\n");
}

/* ---- machine faults ---- */

static void arch_add_failure(struct ktest *t)
{
	SNAP(before);
	fake.fail_add_nth = 1;
	KTEST_EXPECT_INT_EQ(t, add_memory_in(mhp, 0, W, 2 * BLK, MHP_NONE), -ENOMEM);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);

	KTEST_ASSERT_INT_EQ(t, make_container(), 0);
	KTEST_ASSERT_INT_EQ(
	    t, add_memory_driver_managed_in(mhp, 0, C, BLK, dm_name, MHP_MERGE_RESOURCE), 0);
	SNAP(before);
	fake.fail_add_nth = 1;
	KTEST_EXPECT_INT_EQ(t, add_dm_merge(), -ENOMEM);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	KTEST_EXPECT_EQ(t, fake.calls_add, 3);
}

static void arch_online_failure(struct ktest *t)
{
	mhp_set_default_online_type_in(mhp, MMOP_ONLINE_KERNEL);
	SNAP(before);
	/* The add succeeds; the block that failed stays offline. */
	fake.fail_online_nth = 2;
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, add_plain(), 0);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(),
			   "online_pages [mem 0x1028000000-0x102fffffff] failed\n");
	memory_blocks_render_debug_in(mhp, after, sizeof(after));
	KTEST_EXPECT_STREQ(t, after,
			   "memory516 online online_kernel Normal 0 -1 0 0 0\n"
			   "memory517 offline offline - 0 -1 0 0 0\n");
	KTEST_EXPECT_INT_EQ(t, undo_plain(), 0);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	/* A rollback whose re-online fails is best effort, as in Linux: the
	 * error comes back, that block stays offline and is reported. */
	KTEST_ASSERT_INT_EQ(t, add_plain(), 0);
	fake_mark_busy(W + BLK, true);
	fake.fail_online_nth = 1;
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, undo_plain(), -EBUSY);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(),
			   "memory offlining [mem 0x1028000000-0x102fffffff] failed due to EBUSY\n"
			   "online_pages [mem 0x1020000000-0x1027ffffff] failed\n"
			   "try_reonline_memory_block: Failed to re-online memory: -12\n");
	memory_blocks_render_debug_in(mhp, after, sizeof(after));
	KTEST_EXPECT_STREQ(t, after,
			   "memory516 offline offline - 0 -1 0 0 0\n"
			   "memory517 online online_kernel Normal 0 -1 0 0 0\n");
	fake_mark_busy(W + BLK, false);
	KTEST_EXPECT_INT_EQ(t, undo_plain(), 0);
}

static void arch_offline_failure(struct ktest *t)
{
	mhp_set_default_online_type_in(mhp, MMOP_ONLINE_MOVABLE);
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, W, 3 * BLK, MHP_NONE), 0);
	/* Fails on the first, then on the last block: each time the blocks
	 * offlined before are onlined again, with their old type. */
	for (unsigned int nth = 1; nth <= 3; nth++) {
		SNAP(before);
		fake.fail_offline_nth = nth;
		memtest_capture_start();
		KTEST_EXPECT_INT_EQ(t, offline_and_remove_memory_in(mhp, W, 3 * BLK), -EBUSY);
		memtest_capture_stop();
		SNAP(after);
		KTEST_EXPECT_STREQ(t, after, before);
		fake.fail_offline_nth = 0;
	}
	/* Mixed online types survive a rollback too. */
	KTEST_ASSERT_INT_EQ(t, memory_block_offline_in(mhp, find_memory_block_in(mhp, W)), 0);
	KTEST_ASSERT_INT_EQ(
	    t, memory_block_online_in(mhp, find_memory_block_in(mhp, W), MMOP_ONLINE_KERNEL), 0);
	KTEST_ASSERT_INT_EQ(t, memory_block_offline_in(mhp, find_memory_block_in(mhp, W + BLK)), 0);
	SNAP(before);
	fake.fail_offline_nth = 2;
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, offline_and_remove_memory_in(mhp, W, 3 * BLK), -EBUSY);
	memtest_capture_stop();
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	KTEST_EXPECT_INT_EQ(t, offline_and_remove_memory_in(mhp, W, 3 * BLK), 0);
}

static const struct ktest_case memory_hotplug_fault_cases[] = {
    KTEST_CASE(add_memory_under_allocation_faults),
    KTEST_CASE(add_driver_managed_merge_under_allocation_faults),
    KTEST_CASE(remove_memory_under_allocation_faults),
    KTEST_CASE(remove_plain_merged_under_allocation_faults),
    KTEST_CASE(offline_and_remove_under_allocation_faults),
    KTEST_CASE(arch_add_failure),
    KTEST_CASE(arch_online_failure),
    KTEST_CASE(arch_offline_failure),
    {0},
};

static const struct ktest_suite memory_hotplug_fault_suite = {
    .name = "memory_hotplug_fault",
    .cases = memory_hotplug_fault_cases,
    .init = memtest_init_base,
    .exit = memtest_exit,
};
KTEST_SUITE(memory_hotplug_fault_suite);
