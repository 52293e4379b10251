/* Suite "memory_hotplug": the add and remove paths of mm/memory_hotplug.c
 * on a fake machine (memory_test_util.h), checked through the exact texts
 * of /proc/iomem, /sys/firmware/memmap, the memory blocks and the fake's
 * mappings: plain adds (ACPI/probe style), driver-managed adds nested in a
 * container (virtio-mem style) with and without MHP_MERGE_RESOURCE, the seed
 * proposal's mhp.semantics=v1 shape, memory groups, memmap on memory,
 * phantom ranges, and every error path with its exact errno and message.
 *
 * Every case starts from the base machine (memtest_build_base()): boot RAM
 * at 64 GiB and a reserved range at 67 GiB, memmap entries 0 and 1. */
#include "drivers/firmware/memmap.h"
#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "tests/unit/memory_test_util.h"

/* The world of the current case (memory_test_util.h). */
static struct mhp_state *const mhp = &mt.mhp;

#define B   FAKE_BASE
#define BLK (128 * MiB)
/* The free window tests add to: B + 512 MiB (memory516). */
#define W (B + 512 * MiB)

static char before[4096], after[4096], text[2048];

static const char dm_name[] = "System RAM (hotmem_test)";

static const char *iomem(void)
{
	iomem_render(&mt.iomem, text, sizeof(text));
	return text;
}

static const char *memmap(void)
{
	firmware_map_render_table_in(&mt.fwmap, text, sizeof(text));
	return text;
}

static const char *blocks(void)
{
	memory_blocks_render_debug_in(mhp, text, sizeof(text));
	return text;
}

static const char *arch(void)
{
	fake_arch_render(text, sizeof(text));
	return text;
}

#define SNAP(buf) memtest_snapshot(buf, sizeof(buf), MT_ALL)

/* A virtio-mem style container: System RAM, not busy, so adds nest in it. */
static struct resource *make_container(void)
{
	struct resource *c = __request_region(&mt.iomem, B + 1 * GiB, 1 * GiB, "hotmem_test.0",
					      IORESOURCE_SYSTEM_RAM);

	if (c)
		c->flags &= ~IORESOURCE_BUSY;
	return c;
}

/* ---- plain adds ---- */

static void add_memory_plain_and_remove(struct ktest *t)
{
	struct resource *res;

	SNAP(before);
	memtest_capture_start();
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, W, 2 * BLK, MHP_NONE), 0);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(), "");
	KTEST_EXPECT_STREQ(t, iomem(),
			   BASE_IOMEM_RAM "1020000000-102fffffff : System RAM\n" BASE_IOMEM_RES);
	res = lookup_resource(&mt.iomem, W);
	KTEST_ASSERT_NOT_NULL(t, res);
	KTEST_EXPECT_EQ(t, res->flags, 0x81000200);
	/* Exactly one new entry, the next index, inclusive end. */
	KTEST_EXPECT_STREQ(t, memmap(), BASE_MEMMAP "2 0x1020000000 0x102fffffff System RAM\n");
	/* memhp_default_state=offline (the default): blocks stay offline. */
	KTEST_EXPECT_STREQ(t, blocks(),
			   "memory516 offline offline - 0 -1 0 0 0\n"
			   "memory517 offline offline - 0 -1 0 0 0\n");
	KTEST_EXPECT_STREQ(t, arch(),
			   "unit 1020000000: mapped meta=0\nunit 1028000000: mapped meta=0\n");

	KTEST_ASSERT_INT_EQ(t, remove_memory_in(mhp, W, 2 * BLK), 0);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	/* The memmap index counter never goes back. */
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, W, 2 * BLK, MHP_NONE), 0);
	KTEST_EXPECT_STREQ(t, memmap(), BASE_MEMMAP "3 0x1020000000 0x102fffffff System RAM\n");
	KTEST_ASSERT_INT_EQ(t, __remove_memory_in(mhp, W, 2 * BLK), 0);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
}

struct policy_row {
	int policy;
	const char *blocks;
	const char *arch;
};

static const struct policy_row policy_rows[] = {
    {MMOP_OFFLINE, "memory516 offline offline - 0 -1 0 0 0\n", "unit 1020000000: mapped meta=0\n"},
    {MMOP_ONLINE, "memory516 online online Normal 0 -1 0 0 0\n",
     "unit 1020000000: mapped online meta=0\n"},
    {MMOP_ONLINE_KERNEL, "memory516 online online_kernel Normal 0 -1 0 0 0\n",
     "unit 1020000000: mapped online meta=0\n"},
    {MMOP_ONLINE_MOVABLE, "memory516 online online_movable Movable 0 -1 0 0 0\n",
     "unit 1020000000: mapped online meta=0\n"},
};

static void add_onlines_per_policy(struct ktest *t)
{
	SNAP(before);
	for (size_t i = 0; i < ARRAY_SIZE(policy_rows); i++) {
		const struct policy_row *r = &policy_rows[i];

		mhp_set_default_online_type_in(mhp, r->policy);
		KTEST_EXPECT_INT_EQ(t, add_memory_in(mhp, 0, W, BLK, MHP_NONE), 0);
		KTEST_EXPECT_STREQ(t, blocks(), r->blocks);
		KTEST_EXPECT_STREQ(t, arch(), r->arch);
		KTEST_EXPECT_INT_EQ(t, offline_and_remove_memory_in(mhp, W, BLK), 0);
		SNAP(after);
		KTEST_EXPECT_STREQ(t, after, before);
		if (t->status == KTEST_FAIL) {
			ktest_info(t, "policy %s", mhp_online_type_to_str(r->policy));
			return;
		}
	}
}

/* An online failure leaves that block offline; the add still succeeds. */
static void add_survives_online_failure(struct ktest *t)
{
	mhp_set_default_online_type_in(mhp, MMOP_ONLINE);
	fake.fail_online_nth = 1;
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, add_memory_in(mhp, 0, W, 2 * BLK, MHP_NONE), 0);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(),
			   "online_pages [mem 0x1020000000-0x1027ffffff] failed\n");
	KTEST_EXPECT_STREQ(t, blocks(),
			   "memory516 offline offline - 0 -1 0 0 0\n"
			   "memory517 online online Normal 0 -1 0 0 0\n");
	KTEST_EXPECT_INT_EQ(t, offline_and_remove_memory_in(mhp, W, 2 * BLK), 0);
	KTEST_EXPECT_STREQ(t, iomem(), BASE_IOMEM_RAM BASE_IOMEM_RES);
}

/* Hyper-V style: one add per block, "System RAM" with MHP_MERGE_RESOURCE:
 * iomem merges, the firmware memmap keeps one entry per add. */
static void add_memory_merge_plain(struct ktest *t)
{
	SNAP(before);
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, W, BLK, MHP_MERGE_RESOURCE), 0);
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, W + BLK, BLK, MHP_MERGE_RESOURCE), 0);
	KTEST_EXPECT_STREQ(t, iomem(),
			   BASE_IOMEM_RAM "1020000000-102fffffff : System RAM\n" BASE_IOMEM_RES);
	KTEST_EXPECT_EQ(t, lookup_resource(&mt.iomem, W)->flags, 0x85000200);
	KTEST_EXPECT_STREQ(t, memmap(),
			   BASE_MEMMAP "2 0x1020000000 0x1027ffffff System RAM\n"
				       "3 0x1028000000 0x102fffffff System RAM\n");
	KTEST_ASSERT_INT_EQ(t, remove_memory_in(mhp, W, BLK), 0);
	KTEST_EXPECT_STREQ(t, iomem(),
			   BASE_IOMEM_RAM "1028000000-102fffffff : System RAM\n" BASE_IOMEM_RES);
	KTEST_EXPECT_STREQ(t, memmap(), BASE_MEMMAP "3 0x1028000000 0x102fffffff System RAM\n");
	KTEST_ASSERT_INT_EQ(t, remove_memory_in(mhp, W + BLK, BLK), 0);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
}

/* Xen style: the caller owns the resource. */
static void add_memory_resource_direct(struct ktest *t)
{
	struct resource *res = NULL;

	SNAP(before);
	KTEST_ASSERT_INT_EQ(t, register_memory_resource_in(mhp, W, BLK, MHP_SYSTEM_RAM_NAME, &res),
			    0);
	KTEST_EXPECT_EQ(t, res->flags, 0x81000200);
	KTEST_ASSERT_INT_EQ(t, add_memory_resource_in(mhp, 0, res, MHP_NONE), 0);
	KTEST_EXPECT_STREQ(t, memmap(), BASE_MEMMAP "2 0x1020000000 0x1027ffffff System RAM\n");
	KTEST_ASSERT_INT_EQ(t, remove_memory_in(mhp, W, BLK), 0);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	/* Misaligned: the resource stays for the caller to release. */
	KTEST_ASSERT_INT_EQ(t, register_memory_resource_in(mhp, W, BLK / 2, "System RAM", &res), 0);
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, add_memory_resource_in(mhp, 0, res, MHP_NONE), -EINVAL);
	memtest_capture_stop();
	KTEST_EXPECT_STREQ(t, iomem(),
			   BASE_IOMEM_RAM "1020000000-1023ffffff : System RAM\n" BASE_IOMEM_RES);
	release_memory_resource(res);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
}

/* ---- driver-managed adds ---- */

static void driver_managed_nested_in_container(struct ktest *t)
{
	struct resource *c = make_container();

	KTEST_ASSERT_NOT_NULL(t, c);
	SNAP(before);
	KTEST_ASSERT_INT_EQ(
	    t, add_memory_driver_managed_in(mhp, 0, B + 1 * GiB, BLK, dm_name, MHP_NONE), 0);
	KTEST_EXPECT_STREQ(t, iomem(),
			   BASE_IOMEM_RAM
			   "1040000000-107fffffff : hotmem_test.0\n"
			   "  1040000000-1047ffffff : System RAM (hotmem_test)\n" BASE_IOMEM_RES);
	KTEST_ASSERT_NOT_NULL(t, c->child);
	KTEST_EXPECT_EQ(t, c->child->flags, 0x83000200);
	/* Never in the firmware memmap. */
	KTEST_EXPECT_STREQ(t, memmap(), BASE_MEMMAP);
	KTEST_EXPECT_STREQ(t, blocks(), "memory520 offline offline - 0 -1 0 0 0\n");
	KTEST_ASSERT_INT_EQ(t, remove_memory_in(mhp, B + 1 * GiB, BLK), 0);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	/* Nothing validates the driver part. */
	KTEST_EXPECT_INT_EQ(
	    t, add_memory_driver_managed_in(mhp, 0, B + 1 * GiB, BLK, "System RAM ()", 0), 0);
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(mhp, B + 1 * GiB, BLK), 0);
}

#define T_CONT "1040000000-107fffffff : hotmem_test.0\n"

static void driver_managed_merge_and_split(struct ktest *t)
{
	const mhp_t f = MHP_MERGE_RESOURCE;
	struct resource *c = make_container();

	KTEST_ASSERT_NOT_NULL(t, c);
	SNAP(before);
	KTEST_ASSERT_INT_EQ(t, add_memory_driver_managed_in(mhp, 0, B + 1 * GiB, BLK, dm_name, f),
			    0);
	KTEST_ASSERT_INT_EQ(
	    t, add_memory_driver_managed_in(mhp, 0, B + 1 * GiB + BLK, BLK, dm_name, f), 0);
	KTEST_ASSERT_INT_EQ(
	    t, add_memory_driver_managed_in(mhp, 0, B + 1 * GiB + 2 * BLK, BLK, dm_name, f), 0);
	/* Not adjacent: its own line. */
	KTEST_ASSERT_INT_EQ(
	    t, add_memory_driver_managed_in(mhp, 0, B + 1 * GiB + 4 * BLK, BLK, dm_name, f), 0);
	KTEST_EXPECT_STREQ(t, iomem(),
			   BASE_IOMEM_RAM T_CONT
			   "  1040000000-1057ffffff : System RAM (hotmem_test)\n"
			   "  1060000000-1067ffffff : System RAM (hotmem_test)\n" BASE_IOMEM_RES);
	KTEST_EXPECT_EQ(t, c->child->flags, 0x87000200); /* + IORESOURCE_SYSRAM_MERGEABLE */
	KTEST_EXPECT_STREQ(t, memmap(), BASE_MEMMAP);
	/* Removing the middle block splits the merged resource. */
	KTEST_ASSERT_INT_EQ(t, remove_memory_in(mhp, B + 1 * GiB + BLK, BLK), 0);
	KTEST_EXPECT_STREQ(t, iomem(),
			   BASE_IOMEM_RAM T_CONT
			   "  1040000000-1047ffffff : System RAM (hotmem_test)\n"
			   "  1050000000-1057ffffff : System RAM (hotmem_test)\n"
			   "  1060000000-1067ffffff : System RAM (hotmem_test)\n" BASE_IOMEM_RES);
	KTEST_ASSERT_INT_EQ(t, remove_memory_in(mhp, B + 1 * GiB, BLK), 0);
	KTEST_ASSERT_INT_EQ(t, offline_and_remove_memory_in(mhp, B + 1 * GiB + 2 * BLK, BLK), 0);
	KTEST_ASSERT_INT_EQ(t, remove_memory_in(mhp, B + 1 * GiB + 4 * BLK, BLK), 0);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
}

/* The seed proposal: mhp.semantics=v1 and MHP_DRIVER_MANAGED. */
static void seed_proposal_v1_shape(struct ktest *t)
{
	struct resource *res;

	SNAP(before);
	/* Upstream never merged the flag: rejected, nothing happens. */
	KTEST_EXPECT_EQ(t, mhp_get_semantics_in(mhp), MHP_SEMANTICS_UPSTREAM);
	KTEST_EXPECT_INT_EQ(t, add_memory_in(mhp, 0, W, BLK, MHP_DRIVER_MANAGED), -EINVAL);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);

	KTEST_ASSERT_INT_EQ(t, mhp_semantics_setup_in(mhp, "v1"), 0);
	KTEST_EXPECT_EQ(t, mhp_get_semantics_in(mhp), MHP_SEMANTICS_V1);
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, W, BLK, MHP_DRIVER_MANAGED), 0);
	/* Top level, its own name, flagged, and no memmap entry. */
	KTEST_EXPECT_STREQ(t, iomem(),
			   BASE_IOMEM_RAM
			   "1020000000-1027ffffff : System RAM (driver managed)\n" BASE_IOMEM_RES);
	res = lookup_resource(&mt.iomem, W);
	KTEST_ASSERT_NOT_NULL(t, res);
	KTEST_EXPECT_EQ(t, res->flags, 0x83000200);
	KTEST_EXPECT_STREQ(t, memmap(), BASE_MEMMAP);
	/* Without the flag, v1 adds plain System RAM as before. */
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, W + BLK, BLK, MHP_NONE), 0);
	KTEST_EXPECT_STREQ(t, memmap(), BASE_MEMMAP "2 0x1028000000 0x102fffffff System RAM\n");
	KTEST_ASSERT_INT_EQ(t, remove_memory_in(mhp, W, 2 * BLK), 0);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);

	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, mhp_semantics_setup_in(mhp, "v2"), -EINVAL);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(),
			   "mhp.semantics: ignoring unknown value \"v2\" (upstream or v1)\n");
	KTEST_EXPECT_EQ(t, mhp_get_semantics_in(mhp), MHP_SEMANTICS_V1);
	KTEST_EXPECT_INT_EQ(t, mhp_semantics_setup_in(mhp, "upstream\n"), 0);
	KTEST_EXPECT_EQ(t, mhp_get_semantics_in(mhp), MHP_SEMANTICS_UPSTREAM);
}

/* mhp_add_driver_memory_in(), the drivers' one add call: the same calls
 * as virtio-mem makes give the upstream shape (named, merged, in the
 * container) or the seed proposal's (one "System RAM (driver managed)" per
 * call, not merged, its group kept); neither gets a memmap entry, and
 * removal by range works on both. */
static void driver_add_helper_follows_semantics(struct ktest *t)
{
	const uint64_t blk_pages = BLK >> PAGE_SHIFT;
	const mhp_t vm_flags = MHP_MERGE_RESOURCE | MHP_NID_IS_MGID;
	struct resource *c = make_container();
	int vm;

	KTEST_ASSERT_NOT_NULL(t, c);
	vm = memory_group_register_dynamic_in(mhp, 0, blk_pages);
	KTEST_ASSERT_INT_EQ(t, vm, 0);
	SNAP(before);
	KTEST_ASSERT_INT_EQ(
	    t, mhp_add_driver_memory_in(mhp, vm, B + 1 * GiB, BLK, dm_name, vm_flags), 0);
	KTEST_ASSERT_INT_EQ(
	    t, mhp_add_driver_memory_in(mhp, vm, B + 1 * GiB + BLK, BLK, dm_name, vm_flags), 0);
	KTEST_EXPECT_STREQ(t, iomem(),
			   BASE_IOMEM_RAM T_CONT
			   "  1040000000-104fffffff : System RAM (hotmem_test)\n" BASE_IOMEM_RES);
	KTEST_EXPECT_EQ(t, c->child->flags, 0x87000200);
	KTEST_EXPECT_STREQ(t, memmap(), BASE_MEMMAP);
	KTEST_EXPECT_EQ(t, memory_group_find_by_id_in(mhp, vm)->nr_blocks, 2);
	/* Upstream checks the name: the helper passes it on unchanged. */
	KTEST_EXPECT_INT_EQ(
	    t, mhp_add_driver_memory_in(mhp, vm, B + 1 * GiB + 2 * BLK, BLK, "hotmem_test", 0),
	    -EINVAL);
	KTEST_ASSERT_INT_EQ(t, offline_and_remove_memory_in(mhp, B + 1 * GiB, 2 * BLK), 0);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);

	mhp_set_semantics_in(mhp, MHP_SEMANTICS_V1);
	KTEST_ASSERT_INT_EQ(
	    t, mhp_add_driver_memory_in(mhp, vm, B + 1 * GiB, BLK, dm_name, vm_flags), 0);
	KTEST_ASSERT_INT_EQ(
	    t, mhp_add_driver_memory_in(mhp, vm, B + 1 * GiB + BLK, BLK, dm_name, vm_flags), 0);
	/* The proposal's add_memory() took no name and nothing merged. */
	KTEST_EXPECT_STREQ(
	    t, iomem(),
	    BASE_IOMEM_RAM T_CONT
	    "  1040000000-1047ffffff : System RAM (driver managed)\n"
	    "  1048000000-104fffffff : System RAM (driver managed)\n" BASE_IOMEM_RES);
	KTEST_EXPECT_EQ(t, c->child->flags, 0x83000200);
	KTEST_EXPECT_EQ(t, c->child->sibling->flags, 0x83000200);
	KTEST_EXPECT_STREQ(t, memmap(), BASE_MEMMAP);
	KTEST_EXPECT_STREQ(t, blocks(),
			   "memory520 offline offline - 0 0 0 0 0\n"
			   "memory521 offline offline - 0 0 0 0 0\n");
	/* A name upstream would refuse does not matter under v1. */
	KTEST_ASSERT_INT_EQ(
	    t, mhp_add_driver_memory_in(mhp, vm, B + 1 * GiB + 2 * BLK, BLK, "hotmem_test", 0), 0);
	/* Removal goes by range, whatever the name: one block, then two
	 * resources in one call. */
	KTEST_ASSERT_INT_EQ(t, offline_and_remove_memory_in(mhp, B + 1 * GiB + 2 * BLK, BLK), 0);
	KTEST_ASSERT_INT_EQ(t, offline_and_remove_memory_in(mhp, B + 1 * GiB, 2 * BLK), 0);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	/* A failed add leaves nothing behind (the range is taken). */
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, W, BLK, MHP_NONE), 0);
	SNAP(before);
	KTEST_EXPECT_INT_EQ(t, mhp_add_driver_memory_in(mhp, vm, W, BLK, dm_name, vm_flags),
			    -EEXIST);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	KTEST_ASSERT_INT_EQ(t, remove_memory_in(mhp, W, BLK), 0);
	KTEST_EXPECT_INT_EQ(t, memory_group_unregister_in(mhp, vm), 0);
}

/* ---- groups, memmap on memory, phantom ---- */

static void memory_group_adds(struct ktest *t)
{
	const uint64_t blk_pages = BLK >> PAGE_SHIFT;
	const mhp_t vm_flags = MHP_MERGE_RESOURCE | MHP_NID_IS_MGID;
	int acpi, vm;

	mhp_set_node_possible_in(mhp, 1, true);
	SNAP(before);
	/* ACPI style: a static group per DIMM on node 1. */
	acpi = memory_group_register_static_in(mhp, 1, 2 * blk_pages);
	KTEST_ASSERT_INT_EQ(t, acpi, 0);
	KTEST_ASSERT_INT_EQ(t, __add_memory_in(mhp, acpi, W, 2 * BLK, MHP_NID_IS_MGID), 0);
	KTEST_EXPECT_STREQ(t, blocks(),
			   "memory516 offline offline - 1 0 0 0 0\n"
			   "memory517 offline offline - 1 0 0 0 0\n");
	KTEST_EXPECT_STREQ(t, memmap(), BASE_MEMMAP "2 0x1020000000 0x102fffffff System RAM\n");
	KTEST_EXPECT_INT_EQ(t, memory_group_unregister_in(mhp, acpi), -EBUSY);
	/* virtio-mem style: a dynamic group, driver managed, merged. */
	KTEST_ASSERT_NOT_NULL(t, make_container());
	vm = memory_group_register_dynamic_in(mhp, 0, blk_pages);
	KTEST_ASSERT_INT_EQ(t, vm, 1);
	KTEST_ASSERT_INT_EQ(
	    t, add_memory_driver_managed_in(mhp, vm, B + 1 * GiB, BLK, dm_name, vm_flags), 0);
	KTEST_ASSERT_INT_EQ(
	    t, add_memory_driver_managed_in(mhp, vm, B + 1 * GiB + BLK, BLK, dm_name, vm_flags), 0);
	KTEST_EXPECT_STREQ(t, blocks(),
			   "memory516 offline offline - 1 0 0 0 0\n"
			   "memory517 offline offline - 1 0 0 0 0\n"
			   "memory520 offline offline - 0 1 0 0 0\n"
			   "memory521 offline offline - 0 1 0 0 0\n");
	KTEST_EXPECT_EQ(t, memory_group_find_by_id_in(mhp, vm)->nr_blocks, 2);
	KTEST_ASSERT_INT_EQ(t, offline_and_remove_memory_in(mhp, B + 1 * GiB, 2 * BLK), 0);
	KTEST_EXPECT_INT_EQ(t, memory_group_unregister_in(mhp, vm), 0);
	KTEST_ASSERT_INT_EQ(t, remove_memory_in(mhp, W, 2 * BLK), 0);
	KTEST_EXPECT_INT_EQ(t, memory_group_unregister_in(mhp, acpi), 0);
	release_memory_resource(lookup_resource(&mt.iomem, B + 1 * GiB));
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
}

struct vmemmap_row {
	bool capable, param;
	mhp_t flags;
	uint64_t start;
	const char *blocks;
	const char *arch;
};

/* Phantom window: [B + 2 GiB, B + 3 GiB). Policy online. */
static const struct vmemmap_row vmemmap_rows[] = {
    {true, true, MHP_MEMMAP_ON_MEMORY, W, "memory516 online online Normal 0 -1 512 0 0\n",
     "unit 1020000000: mapped online meta=512\n"},
    {true, true, MHP_NONE, W, "memory516 online online Normal 0 -1 0 0 0\n",
     "unit 1020000000: mapped online meta=0\n"},
    {false, true, MHP_MEMMAP_ON_MEMORY, W, "memory516 online online Normal 0 -1 0 0 0\n",
     "unit 1020000000: mapped online meta=0\n"},
    {true, false, MHP_MEMMAP_ON_MEMORY, W, "memory516 online online Normal 0 -1 0 0 0\n",
     "unit 1020000000: mapped online meta=0\n"},
    {true, true, MHP_MEMMAP_ON_MEMORY, B + 2 * GiB, "memory528 online online Normal 0 -1 0 1 0\n",
     ""},
};

static void memmap_on_memory_adds(struct ktest *t)
{
	mhp_set_default_online_type_in(mhp, MMOP_ONLINE);
	fake.phantom_start = B + 2 * GiB;
	fake.phantom_end = B + 3 * GiB;
	SNAP(before);
	for (size_t i = 0; i < ARRAY_SIZE(vmemmap_rows); i++) {
		const struct vmemmap_row *r = &vmemmap_rows[i];

		fake.memmap_capable = r->capable;
		mhp_set_memmap_on_memory_in(mhp, r->param);
		KTEST_EXPECT_INT_EQ(t, add_memory_in(mhp, 0, r->start, BLK, r->flags), 0);
		KTEST_EXPECT_STREQ(t, blocks(), r->blocks);
		KTEST_EXPECT_STREQ(t, arch(), r->arch);
		KTEST_EXPECT_INT_EQ(t, offline_and_remove_memory_in(mhp, r->start, BLK), 0);
		SNAP(after);
		KTEST_EXPECT_STREQ(t, after, before);
		if (t->status == KTEST_FAIL) {
			ktest_info(t, "row %zu", i);
			return;
		}
	}
	mhp_set_memmap_on_memory_in(mhp, false);
	KTEST_EXPECT_FALSE(t, mhp_supports_memmap_on_memory_in(mhp, BLK));
	mhp_set_memmap_on_memory_in(mhp, true);
	KTEST_EXPECT_TRUE(t, mhp_supports_memmap_on_memory_in(mhp, BLK));
	KTEST_EXPECT_TRUE(t, mhp_memmap_on_memory_in(mhp));
	fake.memmap_capable = false;
	KTEST_EXPECT_FALSE(t, mhp_supports_memmap_on_memory_in(mhp, BLK));
}

static void phantom_range_is_never_touched(struct ktest *t)
{
	mhp_set_default_online_type_in(mhp, MMOP_ONLINE_MOVABLE);
	fake.phantom_start = B + 2 * GiB;
	fake.phantom_end = B + 3 * GiB;
	SNAP(before);
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, B + 2 * GiB, 2 * BLK, MHP_NONE), 0);
	KTEST_EXPECT_STREQ(t, iomem(),
			   BASE_IOMEM_RAM "1080000000-108fffffff : System RAM\n" BASE_IOMEM_RES);
	KTEST_EXPECT_STREQ(t, memmap(), BASE_MEMMAP "2 0x1080000000 0x108fffffff System RAM\n");
	KTEST_EXPECT_STREQ(t, blocks(),
			   "memory528 online online_movable Movable 0 -1 0 1 0\n"
			   "memory529 online online_movable Movable 0 -1 0 1 0\n");
	KTEST_EXPECT_STREQ(t, arch(), "");
	KTEST_ASSERT_INT_EQ(t, offline_and_remove_memory_in(mhp, B + 2 * GiB, 2 * BLK), 0);
	KTEST_EXPECT_EQ(t, fake.calls_add + fake.calls_remove, 0);
	KTEST_EXPECT_EQ(t, fake.calls_online + fake.calls_offline, 0);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	/* A range only partly phantom counts as phantom (the safe side). */
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, B + 2 * GiB - BLK, 2 * BLK, MHP_NONE), 0);
	KTEST_EXPECT_STREQ(t, blocks(),
			   "memory527 online online_movable Movable 0 -1 0 1 0\n"
			   "memory528 online online_movable Movable 0 -1 0 1 0\n");
	KTEST_EXPECT_STREQ(t, arch(), "");
	KTEST_ASSERT_INT_EQ(t, offline_and_remove_memory_in(mhp, B + 2 * GiB - BLK, 2 * BLK), 0);
	KTEST_EXPECT_EQ(t, fake.calls_add + fake.calls_online, 0);
}

static const struct ktest_case memory_hotplug_cases[] = {
    KTEST_CASE(add_memory_plain_and_remove),
    KTEST_CASE(add_onlines_per_policy),
    KTEST_CASE(add_survives_online_failure),
    KTEST_CASE(add_memory_merge_plain),
    KTEST_CASE(add_memory_resource_direct),
    KTEST_CASE(driver_managed_nested_in_container),
    KTEST_CASE(driver_managed_merge_and_split),
    KTEST_CASE(seed_proposal_v1_shape),
    KTEST_CASE(driver_add_helper_follows_semantics),
    KTEST_CASE(memory_group_adds),
    KTEST_CASE(memmap_on_memory_adds),
    KTEST_CASE(phantom_range_is_never_touched),
    {0},
};

static const struct ktest_suite memory_hotplug_suite = {
    .name = "memory_hotplug",
    .cases = memory_hotplug_cases,
    .init = memtest_init_base,
    .exit = memtest_exit,
};
KTEST_SUITE(memory_hotplug_suite);
