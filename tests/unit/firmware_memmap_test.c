/* Tests of the /sys/firmware/memmap model: publication and numbering
 * (including the cold-plugged DIMM that takes index 0), de-duplication,
 * never-reused indices, parking and reuse of boot storage, allocation
 * failure, and the exact file, table and dump texts.
 *
 * The reference tables are Linux 6.1 captures under QEMU 7.2
 * (tests/golden/linux/acpi-dimm/{coldplug,hotplug}/N/firmware_memmap.txt).
 * Every case builds a map of its own (the kernel's is never touched). Text
 * buffers are static because the cases also run on the kernel stack. */
#include "drivers/firmware/memmap.h"
#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/pseudofs.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)

static char table[2048];
static char text[4096];

/* The firmware e820 of `-machine pc -m 512M,slots=4,maxmem=4G` (SeaBIOS),
 * exclusive ends, as x86 hands it to firmware_map_add_early_in(&map). */
static const struct {
	u64 start, end;
	const char *type;
} pc_e820[] = {
    {0x0, 0x9fc00, "System RAM"},
    {0x9fc00, 0xa0000, "Reserved"},
    {0xf0000, 0x100000, "Reserved"},
    {0x100000, 0x1ffe0000, "System RAM"},
    {0x1ffe0000, 0x20000000, "Reserved"},
    {0xfffc0000, 0x100000000, "Reserved"},
    {0xfd00000000, 0x10000000000, "Reserved"},
};

#define PC_E820_NR (int)ARRAY_SIZE(pc_e820)

/* The two 256 MiB pc-dimms of the captures. */
#define DIMM0_START 0x100000000ULL
#define DIMM1_START 0x110000000ULL
#define DIMM_SIZE   (256 * MiB)

/* acpi-dimm/hotplug/1-boot/firmware_memmap.txt */
static const char hotplug_boot_txt[] = "# N start end type\n"
				       "0 0x0 0x9fbff System RAM\n"
				       "1 0x9fc00 0x9ffff Reserved\n"
				       "2 0xf0000 0xfffff Reserved\n"
				       "3 0x100000 0x1ffdffff System RAM\n"
				       "4 0x1ffe0000 0x1fffffff Reserved\n"
				       "5 0xfffc0000 0xffffffff Reserved\n"
				       "6 0xfd00000000 0xffffffffff Reserved\n";

/* acpi-dimm/hotplug/2-after-device_add-dimm1/firmware_memmap.txt */
static const char hotplug_add_txt[] = "# N start end type\n"
				      "0 0x0 0x9fbff System RAM\n"
				      "1 0x9fc00 0x9ffff Reserved\n"
				      "2 0xf0000 0xfffff Reserved\n"
				      "3 0x100000 0x1ffdffff System RAM\n"
				      "4 0x1ffe0000 0x1fffffff Reserved\n"
				      "5 0xfffc0000 0xffffffff Reserved\n"
				      "6 0xfd00000000 0xffffffffff Reserved\n"
				      "7 0x100000000 0x10fffffff System RAM\n";

/* acpi-dimm/coldplug/1-boot/firmware_memmap.txt (also 3-after-device_del-dimm1) */
static const char coldplug_boot_txt[] = "# N start end type\n"
					"0 0x100000000 0x10fffffff System RAM\n"
					"1 0x0 0x9fbff System RAM\n"
					"2 0x9fc00 0x9ffff Reserved\n"
					"3 0xf0000 0xfffff Reserved\n"
					"4 0x100000 0x1ffdffff System RAM\n"
					"5 0x1ffe0000 0x1fffffff Reserved\n"
					"6 0xfffc0000 0xffffffff Reserved\n"
					"7 0xfd00000000 0xffffffffff Reserved\n";

/* acpi-dimm/coldplug/2-after-device_add-dimm1/firmware_memmap.txt */
static const char coldplug_add_txt[] = "# N start end type\n"
				       "0 0x100000000 0x10fffffff System RAM\n"
				       "1 0x0 0x9fbff System RAM\n"
				       "2 0x9fc00 0x9ffff Reserved\n"
				       "3 0xf0000 0xfffff Reserved\n"
				       "4 0x100000 0x1ffdffff System RAM\n"
				       "5 0x1ffe0000 0x1fffffff Reserved\n"
				       "6 0xfffc0000 0xffffffff Reserved\n"
				       "7 0xfd00000000 0xffffffffff Reserved\n"
				       "8 0x110000000 0x11fffffff System RAM\n";

/* The map each case works on: fresh for every case, freed afterwards. */
static struct firmware_map map;
/* The pseudo-files of that map. */
static const struct pfs_ns map_ns = {.fwmap = &map};

static int memmap_test_init(struct ktest *t)
{
	kalloc_fail_nth(0);
	firmware_map_init(&map);
	return 0;
}

static void memmap_test_exit(struct ktest *t)
{
	kalloc_fail_nth(0);
	firmware_map_release(&map);
}

static int add_pc_e820(void)
{
	for (int i = 0; i < PC_E820_NR; i++) {
		int ret = firmware_map_add_early_in(&map, pc_e820[i].start, pc_e820[i].end,
						    pc_e820[i].type);

		if (ret)
			return ret;
	}
	return 0;
}

static const char *render(void)
{
	firmware_map_render_table_in(&map, table, sizeof(table));
	return table;
}

static void early_entries_invisible_until_init(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, add_pc_e820(), 0);
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&map), 0);
	KTEST_EXPECT_NULL(t, firmware_map_find_index_in(&map, 0));
	KTEST_EXPECT_INT_EQ(t, firmware_map_attr_read_in(&map, 0, "start", text, sizeof(text)),
			    -ENOENT);
	KTEST_EXPECT_STREQ(t, render(), "# N start end type\n");

	KTEST_EXPECT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&map), PC_E820_NR);
}

static void init_numbers_in_list_order(struct ktest *t)
{
	const struct firmware_map_entry *e;

	KTEST_ASSERT_INT_EQ(t, add_pc_e820(), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	KTEST_EXPECT_STREQ(t, render(), hotplug_boot_txt);
	for (int i = 0; i < PC_E820_NR; i++) {
		e = firmware_map_find_index_in(&map, i);
		KTEST_ASSERT_NOT_NULL(t, e);
		KTEST_EXPECT_EQ(t, e->index, i);
		KTEST_EXPECT_EQ(t, e->start, pc_e820[i].start);
		KTEST_EXPECT_EQ(t, e->end, pc_e820[i].end - 1);
		KTEST_EXPECT_STREQ(t, e->type, pc_e820[i].type);
		KTEST_EXPECT_TRUE(t, e->bootmem);
	}
	KTEST_EXPECT_NULL(t, firmware_map_find_index_in(&map, PC_E820_NR));

	/* A second run finds nothing new to publish. */
	KTEST_EXPECT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	KTEST_EXPECT_STREQ(t, render(), hotplug_boot_txt);
}

static void init_numbers_unsorted_list(struct ktest *t)
{
	/* List order decides, not address order. */
	KTEST_ASSERT_INT_EQ(t, firmware_map_add_early_in(&map, 0x200000, 0x300000, "System RAM"),
			    0);
	KTEST_ASSERT_INT_EQ(t, firmware_map_add_early_in(&map, 0x1000, 0x2000, "Reserved"), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	KTEST_EXPECT_STREQ(t, render(),
			   "# N start end type\n"
			   "0 0x200000 0x2fffff System RAM\n"
			   "1 0x1000 0x1fff Reserved\n");
}

static void hotplug_after_init_takes_next_index(struct ktest *t)
{
	const struct firmware_map_entry *e;

	KTEST_ASSERT_INT_EQ(t, add_pc_e820(), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "System RAM"),
	    0);
	KTEST_EXPECT_STREQ(t, render(), hotplug_add_txt);
	e = firmware_map_find_index_in(&map, 7);
	KTEST_ASSERT_NOT_NULL(t, e);
	KTEST_EXPECT_FALSE(t, e->bootmem);
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&map), 8);
}

/* The cold-plugged DIMM is found through ACPI and hot-added before the
 * late_initcall numbers the e820 entries: it is 0, they are 1..7. */
static void hotplug_before_init_matches_coldplug_capture(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, add_pc_e820(), 0);
	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "System RAM"),
	    0);
	KTEST_EXPECT_STREQ(t, render(),
			   "# N start end type\n"
			   "0 0x100000000 0x10fffffff System RAM\n");
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&map), 1);

	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	KTEST_EXPECT_STREQ(t, render(), coldplug_boot_txt);

	/* 2-after-device_add-dimm1, then 3-after-device_del-dimm1. */
	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM1_START, DIMM1_START + DIMM_SIZE, "System RAM"),
	    0);
	KTEST_EXPECT_STREQ(t, render(), coldplug_add_txt);
	KTEST_ASSERT_INT_EQ(
	    t, firmware_map_remove_in(&map, DIMM1_START, DIMM1_START + DIMM_SIZE, "System RAM"), 0);
	KTEST_EXPECT_STREQ(t, render(), coldplug_boot_txt);
}

static void dedup_identical_hotplug(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, add_pc_e820(), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "System RAM"),
	    0);

	kalloc_fail_nth(0);
	KTEST_EXPECT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "System RAM"),
	    0);
	/* Identical to a boot entry: also nothing to add. */
	KTEST_EXPECT_INT_EQ(
	    t, firmware_map_add_hotplug_in(&map, 0x100000, 0x1ffe0000, "System RAM"), 0);
	KTEST_EXPECT_EQ(t, kalloc_count(), 0);
	KTEST_EXPECT_STREQ(t, render(), hotplug_add_txt);

	/* No number was consumed: the next real add is 8. */
	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM1_START, DIMM1_START + DIMM_SIZE, "System RAM"),
	    0);
	KTEST_EXPECT_NOT_NULL(t, firmware_map_find_index_in(&map, 8));
	KTEST_EXPECT_NULL(t, firmware_map_find_index_in(&map, 9));
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&map), 9);
}

static void dedup_needs_same_type_and_range(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, firmware_map_add_hotplug_in(&map, 4 * GiB, 5 * GiB, "System RAM"),
			    0);
	/* Same range, other type; and a range that differs only in its end. */
	KTEST_EXPECT_INT_EQ(t, firmware_map_add_hotplug_in(&map, 4 * GiB, 5 * GiB, "Reserved"), 0);
	KTEST_EXPECT_INT_EQ(
	    t, firmware_map_add_hotplug_in(&map, 4 * GiB, 5 * GiB + 1, "System RAM"), 0);
	KTEST_EXPECT_STREQ(t, render(),
			   "# N start end type\n"
			   "0 0x100000000 0x13fffffff System RAM\n"
			   "1 0x100000000 0x13fffffff Reserved\n"
			   "2 0x100000000 0x140000000 System RAM\n");
}

/* Before the initcall the match is the not yet published boot entry: the
 * hot-add is dropped and the initcall numbers the boot entry as usual. */
static void dedup_against_unpublished_boot_entry(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, add_pc_e820(), 0);
	kalloc_fail_nth(0);
	KTEST_EXPECT_INT_EQ(
	    t, firmware_map_add_hotplug_in(&map, 0x100000, 0x1ffe0000, "System RAM"), 0);
	KTEST_EXPECT_EQ(t, kalloc_count(), 0);
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&map), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	KTEST_EXPECT_STREQ(t, render(), hotplug_boot_txt);
}

static void remove_then_readd_gets_new_index(struct ktest *t)
{
	const struct firmware_map_entry *e;

	KTEST_ASSERT_INT_EQ(t, add_pc_e820(), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "System RAM"),
	    0);
	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM1_START, DIMM1_START + DIMM_SIZE, "System RAM"),
	    0);

	KTEST_ASSERT_INT_EQ(
	    t, firmware_map_remove_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "System RAM"), 0);
	KTEST_EXPECT_NULL(t, firmware_map_find_index_in(&map, 7));
	KTEST_EXPECT_INT_EQ(t, firmware_map_attr_read_in(&map, 7, "start", text, sizeof(text)),
			    -ENOENT);
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&map), 8);

	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "System RAM"),
	    0);
	e = firmware_map_find_index_in(&map, 9);
	KTEST_ASSERT_NOT_NULL(t, e);
	KTEST_EXPECT_EQ(t, e->start, DIMM0_START);
	KTEST_EXPECT_NULL(t, firmware_map_find_index_in(&map, 7));
	KTEST_EXPECT_STREQ(t, render(),
			   "# N start end type\n"
			   "0 0x0 0x9fbff System RAM\n"
			   "1 0x9fc00 0x9ffff Reserved\n"
			   "2 0xf0000 0xfffff Reserved\n"
			   "3 0x100000 0x1ffdffff System RAM\n"
			   "4 0x1ffe0000 0x1fffffff Reserved\n"
			   "5 0xfffc0000 0xffffffff Reserved\n"
			   "6 0xfd00000000 0xffffffffff Reserved\n"
			   "8 0x110000000 0x11fffffff System RAM\n"
			   "9 0x100000000 0x10fffffff System RAM\n");
}

static void remove_absent_range_is_einval(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, add_pc_e820(), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "System RAM"),
	    0);

	kalloc_fail_nth(0);
	KTEST_EXPECT_INT_EQ(
	    t, firmware_map_remove_in(&map, DIMM1_START, DIMM1_START + DIMM_SIZE, "System RAM"),
	    -EINVAL);
	/* Part of an entry, more than it, and the inclusive end by mistake. */
	KTEST_EXPECT_INT_EQ(
	    t, firmware_map_remove_in(&map, DIMM0_START, DIMM0_START + 128 * MiB, "System RAM"),
	    -EINVAL);
	KTEST_EXPECT_INT_EQ(
	    t, firmware_map_remove_in(&map, DIMM0_START, DIMM1_START + DIMM_SIZE, "System RAM"),
	    -EINVAL);
	KTEST_EXPECT_INT_EQ(
	    t, firmware_map_remove_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE - 1, "System RAM"),
	    -EINVAL);
	KTEST_EXPECT_INT_EQ(t, firmware_map_remove_in(&map, DIMM0_START, DIMM0_START, "System RAM"),
			    -EINVAL);
	KTEST_EXPECT_EQ(t, kalloc_count(), 0);
	KTEST_EXPECT_STREQ(t, render(), hotplug_add_txt);
}

static void remove_with_other_type_is_einval(struct ktest *t)
{
	/* Same content at another address: types compare by strcmp. */
	static char same_type[] = "System RAM";

	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "System RAM"),
	    0);
	KTEST_EXPECT_INT_EQ(
	    t, firmware_map_remove_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "Reserved"),
	    -EINVAL);
	KTEST_EXPECT_INT_EQ(
	    t, firmware_map_remove_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "system ram"),
	    -EINVAL);
	KTEST_EXPECT_INT_EQ(
	    t,
	    firmware_map_remove_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "System RAM (kmem)"),
	    -EINVAL);
	KTEST_EXPECT_STREQ(t, render(),
			   "# N start end type\n"
			   "0 0x100000000 0x10fffffff System RAM\n");

	KTEST_EXPECT_INT_EQ(
	    t, firmware_map_remove_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, same_type), 0);
	KTEST_EXPECT_STREQ(t, render(), "# N start end type\n");
}

static void removed_boot_entry_is_parked_and_reused(struct ktest *t)
{
	const struct firmware_map_entry *boot, *e;

	KTEST_ASSERT_INT_EQ(t, add_pc_e820(), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	boot = firmware_map_find_index_in(&map, 3);
	KTEST_ASSERT_NOT_NULL(t, boot);
	KTEST_EXPECT_EQ(t, boot->start, 0x100000);

	KTEST_ASSERT_INT_EQ(t, firmware_map_remove_in(&map, 0x100000, 0x1ffe0000, "System RAM"), 0);
	KTEST_EXPECT_NULL(t, firmware_map_find_index_in(&map, 3));
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&map), PC_E820_NR - 1);

	/* Another type for the same range must not take the parked storage. */
	kalloc_fail_nth(0);
	KTEST_ASSERT_INT_EQ(t, firmware_map_add_hotplug_in(&map, 0x100000, 0x1ffe0000, "Reserved"),
			    0);
	KTEST_EXPECT_EQ(t, kalloc_count(), 1);
	KTEST_EXPECT_TRUE(t, firmware_map_find_index_in(&map, 7) != boot);
	KTEST_ASSERT_INT_EQ(t, firmware_map_remove_in(&map, 0x100000, 0x1ffe0000, "Reserved"), 0);

	/* The identical range comes back in the parked storage: no allocation,
	 * a new number, and still boot storage. */
	kalloc_fail_nth(0);
	KTEST_ASSERT_INT_EQ(
	    t, firmware_map_add_hotplug_in(&map, 0x100000, 0x1ffe0000, "System RAM"), 0);
	KTEST_EXPECT_EQ(t, kalloc_count(), 0);
	e = firmware_map_find_index_in(&map, 8);
	KTEST_EXPECT_TRUE(t, e == boot);
	KTEST_ASSERT_NOT_NULL(t, e);
	KTEST_EXPECT_EQ(t, e->start, 0x100000);
	KTEST_EXPECT_EQ(t, e->end, 0x1ffdffff);
	KTEST_EXPECT_TRUE(t, e->bootmem);

	/* Parked and reused again on the next round trip. */
	KTEST_ASSERT_INT_EQ(t, firmware_map_remove_in(&map, 0x100000, 0x1ffe0000, "System RAM"), 0);
	kalloc_fail_nth(0);
	KTEST_ASSERT_INT_EQ(
	    t, firmware_map_add_hotplug_in(&map, 0x100000, 0x1ffe0000, "System RAM"), 0);
	KTEST_EXPECT_EQ(t, kalloc_count(), 0);
	KTEST_EXPECT_TRUE(t, firmware_map_find_index_in(&map, 9) == boot);
	KTEST_EXPECT_STREQ(t, render(),
			   "# N start end type\n"
			   "0 0x0 0x9fbff System RAM\n"
			   "1 0x9fc00 0x9ffff Reserved\n"
			   "2 0xf0000 0xfffff Reserved\n"
			   "4 0x1ffe0000 0x1fffffff Reserved\n"
			   "5 0xfffc0000 0xffffffff Reserved\n"
			   "6 0xfd00000000 0xffffffffff Reserved\n"
			   "9 0x100000 0x1ffdffff System RAM\n");
}

static void hotplug_enomem_changes_nothing(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, add_pc_e820(), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);

	kalloc_fail_nth(1);
	KTEST_EXPECT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "System RAM"),
	    -ENOMEM);
	KTEST_EXPECT_EQ(t, kalloc_count(), 1);
	KTEST_EXPECT_STREQ(t, render(), hotplug_boot_txt);

	/* The failure consumed no number, so the retry is 7 as in the capture. */
	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "System RAM"),
	    0);
	KTEST_EXPECT_STREQ(t, render(), hotplug_add_txt);
}

static void early_enomem_adds_nothing(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, firmware_map_add_early_in(&map, 0x0, 0x9fc00, "System RAM"), 0);
	kalloc_fail_nth(1);
	KTEST_EXPECT_INT_EQ(t, firmware_map_add_early_in(&map, 0x9fc00, 0xa0000, "Reserved"),
			    -ENOMEM);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	KTEST_EXPECT_STREQ(t, render(),
			   "# N start end type\n"
			   "0 0x0 0x9fbff System RAM\n");
}

static void invalid_arguments(struct ktest *t)
{
	kalloc_fail_nth(0);
	KTEST_EXPECT_INT_EQ(t, firmware_map_add_early_in(&map, 0x1000, 0x1000, "Reserved"),
			    -EINVAL);
	KTEST_EXPECT_INT_EQ(t, firmware_map_add_early_in(&map, 0x2000, 0x1000, "Reserved"),
			    -EINVAL);
	KTEST_EXPECT_INT_EQ(t, firmware_map_add_early_in(&map, 0x1000, 0x2000, NULL), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, firmware_map_add_hotplug_in(&map, 4 * GiB, 4 * GiB, "System RAM"),
			    -EINVAL);
	KTEST_EXPECT_INT_EQ(t, firmware_map_add_hotplug_in(&map, 4 * GiB, 5 * GiB, NULL), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, firmware_map_remove_in(&map, 4 * GiB, 5 * GiB, NULL), -EINVAL);
	KTEST_EXPECT_EQ(t, kalloc_count(), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&map), 0);
}

static void end_argument_is_exclusive(struct ktest *t)
{
	const struct firmware_map_entry *e;

	KTEST_ASSERT_INT_EQ(
	    t, firmware_map_add_hotplug_in(&map, 0x100000000, 0x140000000, "System RAM"), 0);
	e = firmware_map_find_index_in(&map, 0);
	KTEST_ASSERT_NOT_NULL(t, e);
	KTEST_EXPECT_EQ(t, e->end, 0x13fffffff);
	KTEST_EXPECT_INT_EQ(t, firmware_map_attr_read_in(&map, 0, "start", text, sizeof(text)), 12);
	KTEST_EXPECT_STREQ(t, text, "0x100000000\n");
	KTEST_EXPECT_INT_EQ(t, firmware_map_attr_read_in(&map, 0, "end", text, sizeof(text)), 12);
	KTEST_EXPECT_STREQ(t, text, "0x13fffffff\n");
	KTEST_EXPECT_INT_EQ(t, firmware_map_remove_in(&map, 0x100000000, 0x140000000, "System RAM"),
			    0);
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&map), 0);
}

static void sysfs_file_texts(struct ktest *t)
{
	const struct firmware_map_entry *e;

	KTEST_ASSERT_INT_EQ(t, add_pc_e820(), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);

	/* Lowercase hex, no padding, 0 as "0x0", inclusive end. */
	KTEST_EXPECT_INT_EQ(t, firmware_map_attr_read_in(&map, 0, "start", text, sizeof(text)), 4);
	KTEST_EXPECT_STREQ(t, text, "0x0\n");
	KTEST_EXPECT_INT_EQ(t, firmware_map_attr_read_in(&map, 0, "end", text, sizeof(text)), 8);
	KTEST_EXPECT_STREQ(t, text, "0x9fbff\n");
	KTEST_EXPECT_INT_EQ(t, firmware_map_attr_read_in(&map, 0, "type", text, sizeof(text)), 11);
	KTEST_EXPECT_STREQ(t, text, "System RAM\n");
	KTEST_EXPECT_INT_EQ(t, firmware_map_attr_read_in(&map, 6, "start", text, sizeof(text)), 13);
	KTEST_EXPECT_STREQ(t, text, "0xfd00000000\n");
	KTEST_EXPECT_INT_EQ(t, firmware_map_attr_read_in(&map, 6, "end", text, sizeof(text)), 13);
	KTEST_EXPECT_STREQ(t, text, "0xffffffffff\n");
	KTEST_EXPECT_INT_EQ(t, firmware_map_attr_read_in(&map, 6, "type", text, sizeof(text)), 9);
	KTEST_EXPECT_STREQ(t, text, "Reserved\n");

	/* Files that do not exist. */
	KTEST_EXPECT_INT_EQ(t, firmware_map_attr_read_in(&map, 6, "size", text, sizeof(text)),
			    -ENOENT);
	KTEST_EXPECT_INT_EQ(t, firmware_map_attr_read_in(&map, 7, "type", text, sizeof(text)),
			    -ENOENT);
	KTEST_EXPECT_INT_EQ(t, firmware_map_attr_read_in(&map, -1, "type", text, sizeof(text)),
			    -ENOENT);

	/* The show functions keep snprintf's contract on a short buffer. */
	e = firmware_map_find_index_in(&map, 4);
	KTEST_ASSERT_NOT_NULL(t, e);
	KTEST_EXPECT_INT_EQ(t, firmware_map_start_show(e, text, 5), 11);
	KTEST_EXPECT_STREQ(t, text, "0x1f");
	KTEST_EXPECT_INT_EQ(t, firmware_map_end_show(e, text, sizeof(text)), 11);
	KTEST_EXPECT_STREQ(t, text, "0x1fffffff\n");
	KTEST_EXPECT_INT_EQ(t, firmware_map_type_show(e, text, sizeof(text)), 9);
	KTEST_EXPECT_STREQ(t, text, "Reserved\n");
}

static void table_render_reports_full_length(struct ktest *t)
{
	static char small[32];
	int len;

	KTEST_ASSERT_INT_EQ(t, add_pc_e820(), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	len = (int)strlen(hotplug_boot_txt);
	KTEST_EXPECT_INT_EQ(t, firmware_map_render_table_in(&map, NULL, 0), len);
	KTEST_EXPECT_INT_EQ(t, firmware_map_render_table_in(&map, small, sizeof(small)), len);
	KTEST_EXPECT_STREQ(t, small, "# N start end type\n0 0x0 0x9fbf");
	KTEST_EXPECT_INT_EQ(t, firmware_map_render_table_in(&map, table, sizeof(table)), len);
	KTEST_EXPECT_STREQ(t, table, hotplug_boot_txt);
}

struct walk_ctx {
	int seen[8];
	int n;
	int stop_at;
};

static int walk_cb(const struct firmware_map_entry *entry, void *ctx)
{
	struct walk_ctx *w = ctx;

	if (w->n < (int)ARRAY_SIZE(w->seen))
		w->seen[w->n] = entry->index;
	w->n++;
	return entry->index == w->stop_at ? 42 : 0;
}

static void walk_in_index_order(struct ktest *t)
{
	struct walk_ctx w = {.stop_at = -1};

	KTEST_ASSERT_INT_EQ(t, firmware_map_add_early_in(&map, 0x0, 0x9fc00, "System RAM"), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_map_add_early_in(&map, 0x100000, 0x1ffe0000, "System RAM"),
			    0);
	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "System RAM"),
	    0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM1_START, DIMM1_START + DIMM_SIZE, "System RAM"),
	    0);
	KTEST_ASSERT_INT_EQ(t, firmware_map_remove_in(&map, 0x0, 0x9fc00, "System RAM"), 0);

	/* The DIMM sits last in the list but first in index order. */
	KTEST_EXPECT_INT_EQ(t, firmware_map_for_each_published_in(&map, walk_cb, &w), 0);
	KTEST_ASSERT_INT_EQ(t, w.n, 3);
	KTEST_EXPECT_INT_EQ(t, w.seen[0], 0);
	KTEST_EXPECT_INT_EQ(t, w.seen[1], 2);
	KTEST_EXPECT_INT_EQ(t, w.seen[2], 3);

	w.n = 0;
	w.stop_at = 2;
	KTEST_EXPECT_INT_EQ(t, firmware_map_for_each_published_in(&map, walk_cb, &w), 42);
	KTEST_EXPECT_INT_EQ(t, w.n, 2);
}

static void dump_format(struct ktest *t)
{
	size_t len;

	KTEST_ASSERT_INT_EQ(t, firmware_map_add_early_in(&map, 0x0, 0x9fc00, "System RAM"), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_map_add_early_in(&map, 0x9fc00, 0xa0000, "Reserved"), 0);
	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&map, DIMM0_START, DIMM0_START + DIMM_SIZE, "System RAM"),
	    0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_map_remove_in(&map, 0x9fc00, 0xa0000, "Reserved"), 0);

	printk_capture_start(text, sizeof(text));
	pfs_dump(&map_ns, "/sys/firmware/memmap");
	len = printk_capture_stop();
	KTEST_EXPECT_STREQ(t, text,
			   "# dump-begin /sys/firmware/memmap/0/start\n"
			   "0x100000000\n"
			   "# dump-end /sys/firmware/memmap/0/start\n"
			   "# dump-begin /sys/firmware/memmap/0/end\n"
			   "0x10fffffff\n"
			   "# dump-end /sys/firmware/memmap/0/end\n"
			   "# dump-begin /sys/firmware/memmap/0/type\n"
			   "System RAM\n"
			   "# dump-end /sys/firmware/memmap/0/type\n"
			   "# dump-begin /sys/firmware/memmap/1/start\n"
			   "0x0\n"
			   "# dump-end /sys/firmware/memmap/1/start\n"
			   "# dump-begin /sys/firmware/memmap/1/end\n"
			   "0x9fbff\n"
			   "# dump-end /sys/firmware/memmap/1/end\n"
			   "# dump-begin /sys/firmware/memmap/1/type\n"
			   "System RAM\n"
			   "# dump-end /sys/firmware/memmap/1/type\n");
	KTEST_EXPECT_EQ(t, len, strlen(text));
}

static void dump_of_empty_map_is_empty(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, firmware_map_add_early_in(&map, 0x0, 0x9fc00, "System RAM"), 0);
	printk_capture_start(text, sizeof(text));
	pfs_dump(&map_ns, "/sys/firmware/memmap");
	KTEST_EXPECT_EQ(t, printk_capture_stop(), 0);
	KTEST_EXPECT_STREQ(t, text, "");
}

static const struct ktest_case firmware_memmap_cases[] = {
    KTEST_CASE(early_entries_invisible_until_init),
    KTEST_CASE(init_numbers_in_list_order),
    KTEST_CASE(init_numbers_unsorted_list),
    KTEST_CASE(hotplug_after_init_takes_next_index),
    KTEST_CASE(hotplug_before_init_matches_coldplug_capture),
    KTEST_CASE(dedup_identical_hotplug),
    KTEST_CASE(dedup_needs_same_type_and_range),
    KTEST_CASE(dedup_against_unpublished_boot_entry),
    KTEST_CASE(remove_then_readd_gets_new_index),
    KTEST_CASE(remove_absent_range_is_einval),
    KTEST_CASE(remove_with_other_type_is_einval),
    KTEST_CASE(removed_boot_entry_is_parked_and_reused),
    KTEST_CASE(hotplug_enomem_changes_nothing),
    KTEST_CASE(early_enomem_adds_nothing),
    KTEST_CASE(invalid_arguments),
    KTEST_CASE(end_argument_is_exclusive),
    KTEST_CASE(sysfs_file_texts),
    KTEST_CASE(table_render_reports_full_length),
    KTEST_CASE(walk_in_index_order),
    KTEST_CASE(dump_format),
    KTEST_CASE(dump_of_empty_map_is_empty),
    {0},
};

static const struct ktest_suite firmware_memmap_suite = {
    .name = "firmware_memmap",
    .cases = firmware_memmap_cases,
    .init = memmap_test_init,
    .exit = memmap_test_exit,
};
KTEST_SUITE(firmware_memmap_suite);
