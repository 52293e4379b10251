/* Suite "memory_hotplug_errors": every way an add or a remove is refused,
 * with its exact errno and message, and proof that nothing changed (iomem,
 * firmware memmap, memory blocks and the fake machine byte-identical).
 * Also the limits that still succeed (end exactly at MAXPHYADDR or at mem=)
 * and the settings parsers. Base machine as in memory_hotplug_test.c. */
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
#define W   (B + 512 * MiB)

static char before[4096], after[4096], mid[4096], text[2048];

static const char dm_name[] = "System RAM (hotmem_test)";

#define SNAP(buf) memtest_snapshot(buf, sizeof(buf), MT_ALL)

/* ---- refused adds ---- */

enum add_kind { ADD, DRIVER_MANAGED };
enum add_setup {
	NO_SETUP,
	SMALL_MAXPHYS,	/* MAXPHYADDR = B + 1 GiB */
	MEM_LIMIT_BOOT, /* mem= at W, SYSTEM_BOOTING */
	PRIOR_ADD,	/* 256 MiB plain add at W */
	NO_ARCH,	/* no arch ops installed */
};

struct add_err_row {
	const char *what;
	enum add_setup setup;
	enum add_kind kind;
	int nid;
	uint64_t start, size;
	mhp_t flags;
	const char *name;
	int ret;
	const char *log;
};

#define MAXPHYS_MSG "exceeds maximum addressable range [0x0-0xffffffffff]\n"

static const struct add_err_row add_err_rows[] = {
    {"misaligned start", NO_SETUP, ADD, 0, W + 4096, BLK, MHP_NONE, NULL, -EINVAL,
     "Block size [0x8000000] unaligned hotplug range: start 0x1020001000, size 0x8000000\n"},
    {"misaligned size", NO_SETUP, ADD, 0, W, BLK + 4096, MHP_NONE, NULL, -EINVAL,
     "Block size [0x8000000] unaligned hotplug range: start 0x1020000000, size 0x8001000\n"},
    {"half a block", NO_SETUP, DRIVER_MANAGED, 0, W, BLK / 2, MHP_NONE, dm_name, -EINVAL,
     "Block size [0x8000000] unaligned hotplug range: start 0x1020000000, size 0x4000000\n"},
    {"zero size", NO_SETUP, ADD, 0, W, 0, MHP_NONE, NULL, -E2BIG,
     "Hotplug memory [0x1020000000-0x1020000000] " MAXPHYS_MSG},
    {"wraps", NO_SETUP, ADD, 0, 0xfffffffff8000000ULL, 2 * BLK, MHP_NONE, NULL, -E2BIG,
     "Hotplug memory [0xfffffffff8000000-0x8000000] " MAXPHYS_MSG},
    {"above MAXPHYADDR", SMALL_MAXPHYS, ADD, 0, B + 1 * GiB, BLK, MHP_NONE, NULL, -E2BIG,
     "Hotplug memory [0x1040000000-0x1048000000] exceeds maximum addressable range "
     "[0x0-0x103fffffff]\n"},
    {"across MAXPHYADDR", SMALL_MAXPHYS, DRIVER_MANAGED, 0, B + 1 * GiB - BLK, 2 * BLK, MHP_NONE,
     dm_name, -E2BIG,
     "Hotplug memory [0x1038000000-0x1048000000] exceeds maximum addressable range "
     "[0x0-0x103fffffff]\n"},
    {"mem= while booting", MEM_LIMIT_BOOT, ADD, 0, W, BLK, MHP_NONE, NULL, -E2BIG, ""},
    {"over boot RAM", NO_SETUP, ADD, 0, B, BLK, MHP_NONE, NULL, -EEXIST,
     "Unable to reserve System RAM region: 0000001000000000->0000001008000000\n"},
    {"over Reserved", NO_SETUP, DRIVER_MANAGED, 0, B + 3 * GiB, BLK, MHP_NONE, dm_name, -EEXIST,
     "Unable to reserve System RAM region: 00000010c0000000->00000010c8000000\n"},
    {"over another add", PRIOR_ADD, ADD, 0, W + BLK, 2 * BLK, MHP_NONE, NULL, -EEXIST,
     "Unable to reserve System RAM region: 0000001028000000->0000001038000000\n"},
    {"name NULL", NO_SETUP, DRIVER_MANAGED, 0, W, BLK, MHP_NONE, NULL, -EINVAL, ""},
    {"name empty", NO_SETUP, DRIVER_MANAGED, 0, W, BLK, MHP_NONE, "", -EINVAL, ""},
    {"name plain", NO_SETUP, DRIVER_MANAGED, 0, W, BLK, MHP_NONE, "System RAM", -EINVAL, ""},
    {"name unclosed", NO_SETUP, DRIVER_MANAGED, 0, W, BLK, MHP_NONE, "System RAM (x", -EINVAL, ""},
    {"name open only", NO_SETUP, DRIVER_MANAGED, 0, W, BLK, MHP_NONE, "System RAM (", -EINVAL, ""},
    {"name lower case", NO_SETUP, DRIVER_MANAGED, 0, W, BLK, MHP_NONE, "system ram (x)", -EINVAL,
     ""},
    {"name no space", NO_SETUP, DRIVER_MANAGED, 0, W, BLK, MHP_NONE, "System RAM(x)", -EINVAL, ""},
    {"name trailing", NO_SETUP, DRIVER_MANAGED, 0, W, BLK, MHP_NONE, "System RAM (x) ", -EINVAL,
     ""},
    {"unknown group", NO_SETUP, ADD, 5, W, BLK, MHP_NID_IS_MGID, NULL, -EINVAL, ""},
    {"unknown group, driver", NO_SETUP, DRIVER_MANAGED, 0, W, BLK,
     MHP_NID_IS_MGID | MHP_MERGE_RESOURCE, dm_name, -EINVAL, ""},
    {"node 1 not possible", NO_SETUP, ADD, 1, W, BLK, MHP_NONE, NULL, -EINVAL,
     "WARNING: node 1 was absent from the node_possible_map\n"},
    {"NUMA_NO_NODE", NO_SETUP, DRIVER_MANAGED, NUMA_NO_NODE, W, BLK, MHP_NONE, dm_name, -EINVAL,
     "WARNING: node -1 was absent from the node_possible_map\n"},
    {"unknown flag", NO_SETUP, ADD, 0, W, BLK, 1 << 5, NULL, -EINVAL, ""},
    {"MHP_DRIVER_MANAGED upstream", NO_SETUP, ADD, 0, W, BLK, MHP_DRIVER_MANAGED, NULL, -EINVAL,
     ""},
    {"no arch ops", NO_ARCH, ADD, 0, W, BLK, MHP_NONE, NULL, -ENODEV, ""},
};

static int setup(enum add_setup s)
{
	switch (s) {
	case SMALL_MAXPHYS:
		fake.max_phys = B + 1 * GiB;
		break;
	case MEM_LIMIT_BOOT:
		mhp_set_max_mem_size_in(mhp, W);
		mhp_set_system_state_in(mhp, SYSTEM_BOOTING);
		break;
	case PRIOR_ADD:
		return add_memory_in(mhp, 0, W, 2 * BLK, MHP_NONE);
	case NO_ARCH:
		mhp->ops = NULL;
		break;
	case NO_SETUP:
		break;
	}
	return 0;
}

static int teardown(enum add_setup s)
{
	fake.max_phys = 1ULL << 40;
	mhp_set_max_mem_size_in(mhp, UINT64_MAX);
	mhp_set_system_state_in(mhp, SYSTEM_RUNNING);
	mhp->ops = &fake_arch_ops;
	return s == PRIOR_ADD ? remove_memory_in(mhp, W, 2 * BLK) : 0;
}

static void refused_adds_change_nothing(struct ktest *t)
{
	static char base[4096];

	SNAP(base);
	for (size_t i = 0; i < ARRAY_SIZE(add_err_rows); i++) {
		const struct add_err_row *r = &add_err_rows[i];
		int ret;

		KTEST_ASSERT_INT_EQ(t, setup(r->setup), 0);
		SNAP(before);
		memtest_capture_start();
		if (r->kind == ADD)
			ret = add_memory_in(mhp, r->nid, r->start, r->size, r->flags);
		else
			ret = add_memory_driver_managed_in(mhp, r->nid, r->start, r->size, r->name,
							   r->flags);
		KTEST_EXPECT_STREQ(t, memtest_capture_stop(), r->log);
		KTEST_EXPECT_INT_EQ(t, ret, r->ret);
		SNAP(after);
		KTEST_EXPECT_STREQ(t, after, before);
		KTEST_EXPECT_INT_EQ(t, teardown(r->setup), 0);
		SNAP(after);
		KTEST_EXPECT_STREQ(t, after, base);
		if (t->status == KTEST_FAIL) {
			ktest_info(t, "in row: %s", r->what);
			return;
		}
	}
}

/* The limits themselves are allowed; mem= stops mattering once running. */
static void limits_that_still_succeed(struct ktest *t)
{
	SNAP(before);
	fake.max_phys = B + 1 * GiB;
	KTEST_EXPECT_INT_EQ(t, add_memory_in(mhp, 0, B + 1 * GiB - BLK, BLK, MHP_NONE), 0);
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(mhp, B + 1 * GiB - BLK, BLK), 0);
	fake.max_phys = 1ULL << 40;

	mhp_set_max_mem_size_in(mhp, W);
	mhp_set_system_state_in(mhp, SYSTEM_BOOTING);
	KTEST_EXPECT_INT_EQ(t, add_memory_in(mhp, 0, W - 2 * BLK, 2 * BLK, MHP_NONE), 0);
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(mhp, W - 2 * BLK, 2 * BLK), 0);
	mhp_set_system_state_in(mhp, SYSTEM_RUNNING);
	KTEST_EXPECT_INT_EQ(t, add_memory_in(mhp, 0, W, BLK, MHP_NONE), 0);
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(mhp, W, BLK), 0);
	/* mem= never limits a driver after boot either. */
	KTEST_EXPECT_INT_EQ(t, add_memory_driver_managed_in(mhp, 0, W, BLK, dm_name, MHP_NONE), 0);
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(mhp, W, BLK), 0);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	KTEST_EXPECT_TRUE(t, mhp_range_allowed_in(mhp, 0, 1ULL << 40, true));
	memtest_capture_start();
	KTEST_EXPECT_FALSE(t, mhp_range_allowed_in(mhp, 0, (1ULL << 40) + 1, true));
	memtest_capture_stop();
	KTEST_EXPECT_EQ(t, mhp_get_pluggable_range_in(mhp, true).end, (1ULL << 40) - 1);
	KTEST_EXPECT_EQ(t, mhp_get_pluggable_range_in(mhp, false).start, 0);
}

/* ---- refused removes ---- */

struct rm_err_row {
	const char *what;
	bool offline_first; /* offline_and_remove_memory instead of remove_memory */
	uint64_t start, size;
	int ret;
	const char *log;
};

/* State: 128 MiB plain add at W (offline), boot blocks for the boot RAM. */
static const struct rm_err_row rm_err_rows[] = {
    {"never added", false, B + 2 * GiB, BLK, -EINVAL, ""},
    {"never added (offline_and)", true, B + 2 * GiB, BLK, -EINVAL, ""},
    {"partly added", false, W, 2 * BLK, -EINVAL, ""},
    {"partly added (offline_and)", true, W - BLK, 2 * BLK, -EINVAL, ""},
    {"misaligned", false, W + 4096, BLK, -EINVAL,
     "Block size [0x8000000] unaligned hotplug range: start 0x1020001000, size 0x8000000\n"},
    {"misaligned (offline_and)", true, W, BLK - 4096, -EINVAL, ""},
    {"zero size", false, W, 0, -EINVAL,
     "Block size [0x8000000] unaligned hotplug range: start 0x1020000000, size 0x0\n"},
    {"zero size (offline_and)", true, W, 0, -EINVAL, ""},
    {"boot memory", false, B, BLK, -EBUSY,
     "removing memory fails, because memory [0x0000001000000000-0x0000001007ffffff] is "
     "onlined\n"},
    {"boot memory (offline_and)", true, B + BLK, BLK, -EBUSY, ""},
};

static void refused_removes_change_nothing(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, memory_blocks_add_boot_in(mhp, B, 256 * MiB, 0), 0);
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, W, BLK, MHP_NONE), 0);
	SNAP(before);
	for (size_t i = 0; i < ARRAY_SIZE(rm_err_rows); i++) {
		const struct rm_err_row *r = &rm_err_rows[i];
		int ret;

		memtest_capture_start();
		ret = r->offline_first ? offline_and_remove_memory_in(mhp, r->start, r->size)
				       : remove_memory_in(mhp, r->start, r->size);
		KTEST_EXPECT_STREQ(t, memtest_capture_stop(), r->log);
		KTEST_EXPECT_INT_EQ(t, ret, r->ret);
		SNAP(after);
		KTEST_EXPECT_STREQ(t, after, before);
		if (t->status == KTEST_FAIL) {
			ktest_info(t, "in row: %s", r->what);
			return;
		}
	}
	/* Double remove: the second one finds nothing. */
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(mhp, W, BLK), 0);
	SNAP(before);
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(mhp, W, BLK), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, offline_and_remove_memory_in(mhp, W, BLK), -EINVAL);
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, __remove_memory_in(mhp, W, BLK), -EINVAL);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(),
			   "BUG: __remove_memory [mem 0x1020000000-0x1027ffffff] failed: -22\n");
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
}

static void remove_of_online_memory_is_busy(struct ktest *t)
{
	static char base[4096];

	SNAP(base);
	mhp_set_default_online_type_in(mhp, MMOP_ONLINE);
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, W, 2 * BLK, MHP_NONE), 0);
	/* A page of the second block is allocated. */
	fake_mark_busy(W + BLK + 4096, true);
	SNAP(before);
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(mhp, W, 2 * BLK), -EBUSY);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(),
			   "removing memory fails, because memory "
			   "[0x0000001020000000-0x0000001027ffffff] is onlined\n");
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	/* The first block is offlined, the second refuses, the first comes
	 * back online with its old type: nothing changed. */
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, offline_and_remove_memory_in(mhp, W, 2 * BLK), -EBUSY);
	KTEST_EXPECT_STREQ(
	    t, memtest_capture_stop(),
	    "memory offlining [mem 0x1028000000-0x102fffffff] failed due to EBUSY\n");
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	KTEST_EXPECT_EQ(t, fake.calls_offline, 2);
	KTEST_EXPECT_EQ(t, fake.calls_online, 3);
	fake_mark_busy(W + BLK + 4096, false);
	KTEST_EXPECT_INT_EQ(t, offline_and_remove_memory_in(mhp, W, 2 * BLK), 0);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, base);
}

/* A remove over two adds releases both (Linux would leave both in iomem),
 * but not when one of them has a child resource: -EBUSY, nothing changed. */
static void remove_across_two_adds(struct ktest *t)
{
	struct resource *child = alloc_resource();

	KTEST_ASSERT_NOT_NULL(t, child);
	SNAP(before);
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, W, BLK, MHP_NONE), 0);
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, W + BLK, BLK, MHP_NONE), 0);
	*child = (struct resource){.start = W + BLK + 4096,
				   .end = W + BLK + 8191,
				   .name = "child",
				   .flags = IORESOURCE_MEM | IORESOURCE_BUSY};
	KTEST_ASSERT_INT_EQ(t, request_resource(lookup_resource(&mt.iomem, W + BLK), child), 0);
	SNAP(after);
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(mhp, W, 2 * BLK), -EBUSY);
	SNAP(mid);
	KTEST_EXPECT_STREQ(t, mid, after);
	release_resource(child);
	free_resource(child);
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(mhp, W, 2 * BLK), 0);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
}

/* Removing part of an add (Linux allows it): iomem shrinks, and the
 * firmware memmap entry, which no longer matches, stays as in Linux. */
static void remove_part_of_an_add(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, add_memory_in(mhp, 0, W, 2 * BLK, MHP_NONE), 0);
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(mhp, W + BLK, BLK), 0);
	iomem_render(&mt.iomem, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text,
			   BASE_IOMEM_RAM "1020000000-1027ffffff : System RAM\n" BASE_IOMEM_RES);
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(mhp, W, BLK), 0);
	iomem_render(&mt.iomem, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, BASE_IOMEM_RAM BASE_IOMEM_RES);
	firmware_map_render_table_in(&mt.fwmap, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, BASE_MEMMAP "2 0x1020000000 0x102fffffff System RAM\n");
}

/* ---- settings ---- */

static void policy_and_settings(struct ktest *t)
{
	static const char *const words[] = {"offline", "online", "online_kernel", "online_movable"};

	for (int i = MMOP_OFFLINE; i <= MMOP_ONLINE_MOVABLE; i++) {
		KTEST_EXPECT_INT_EQ(t, mhp_online_type_from_str(words[i]), i);
		KTEST_EXPECT_STREQ(t, mhp_online_type_to_str(i), words[i]);
	}
	KTEST_EXPECT_INT_EQ(t, mhp_online_type_from_str("online_movable\n"), MMOP_ONLINE_MOVABLE);
	KTEST_EXPECT_INT_EQ(t, mhp_online_type_from_str("online_movable\n\n"), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, mhp_online_type_from_str("onlin"), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, mhp_online_type_from_str(""), -EINVAL);
	KTEST_EXPECT_NULL(t, mhp_online_type_to_str(4));
	KTEST_EXPECT_NULL(t, mhp_online_type_to_str(-1));

	KTEST_EXPECT_INT_EQ(t, memhp_default_state_setup_in(mhp, "online_kernel"), 0);
	KTEST_EXPECT_EQ(t, mhp_get_default_online_type_in(mhp), MMOP_ONLINE_KERNEL);
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, memhp_default_state_setup_in(mhp, "on"), -EINVAL);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(),
			   "memhp_default_state: ignoring unknown state \"on\"\n");
	KTEST_EXPECT_EQ(t, mhp_get_default_online_type_in(mhp), MMOP_ONLINE_KERNEL);
	mhp_set_default_online_type_in(mhp, 9); /* ignored */
	KTEST_EXPECT_EQ(t, mhp_get_default_online_type_in(mhp), MMOP_ONLINE_KERNEL);

	mhp_set_max_mem_size_in(mhp, 4 * GiB);
	KTEST_EXPECT_EQ(t, mhp_get_max_mem_size_in(mhp), 4 * GiB);
	mhp_set_system_state_in(mhp, SYSTEM_BOOTING);
	KTEST_EXPECT_EQ(t, mhp_get_system_state_in(mhp), SYSTEM_BOOTING);
	KTEST_EXPECT_TRUE(t, node_possible_in(mhp, 0));
	KTEST_EXPECT_FALSE(t, node_possible_in(mhp, 1));
	KTEST_EXPECT_FALSE(t, node_possible_in(mhp, -1));
	KTEST_EXPECT_FALSE(t, node_possible_in(mhp, MAX_NUMNODES));
	mhp_set_node_possible_in(mhp, 63, true);
	KTEST_EXPECT_TRUE(t, node_possible_in(mhp, 63));
	mhp_set_node_possible_in(mhp, MAX_NUMNODES, true); /* ignored */

	/* Device RAM goes to the state's machine, and is nothing without one. */
	KTEST_EXPECT_TRUE(t, mhp->ops == &fake_arch_ops);
	KTEST_EXPECT_INT_EQ(t, mhp_declare_device_ram(mhp, W, 2 * BLK), 0);
	KTEST_EXPECT_EQ(t, fake.calls_declare, 1);
	KTEST_EXPECT_INT_EQ(t, mhp_forget_device_ram(mhp, W + BLK, BLK), 0);
	KTEST_EXPECT_EQ(t, fake.calls_forget, 1);
	KTEST_EXPECT_EQ(t, fake.ram_start, W + BLK);
	KTEST_EXPECT_EQ(t, fake.ram_size, BLK);
	mhp->ops = NULL;
	KTEST_EXPECT_INT_EQ(t, mhp_declare_device_ram(mhp, W, BLK), 0);
	KTEST_EXPECT_INT_EQ(t, mhp_forget_device_ram(mhp, W, BLK), 0);
	mhp->ops = &fake_arch_ops;
	KTEST_EXPECT_EQ(t, fake.calls_declare + fake.calls_forget, 2);
}

static const struct ktest_case memory_hotplug_errors_cases[] = {
    KTEST_CASE(refused_adds_change_nothing),
    KTEST_CASE(limits_that_still_succeed),
    KTEST_CASE(refused_removes_change_nothing),
    KTEST_CASE(remove_of_online_memory_is_busy),
    KTEST_CASE(remove_across_two_adds),
    KTEST_CASE(remove_part_of_an_add),
    KTEST_CASE(policy_and_settings),
    {0},
};

static const struct ktest_suite memory_hotplug_errors_suite = {
    .name = "memory_hotplug_errors",
    .cases = memory_hotplug_errors_cases,
    .init = memtest_init_base,
    .exit = memtest_exit,
};
KTEST_SUITE(memory_hotplug_errors_suite);
