/* Suite "kexec_load": kexec-tools' memory map for the next kernel, from the
 * firmware memmap (plain hot-added RAM in, driver-managed RAM out, sorted
 * although directory numbers are not in address order, the low trim, every
 * type string, the 2048 limit and its fallback) and from /proc/iomem (exact
 * names at any depth), plus fixup_memory_ranges() and the dump. */
#include "drivers/firmware/memmap.h"
#include "kernel/kexec.h"
#include "kernel/ktest.h"
#include "kernel/pseudofs.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "tests/unit/kexec_fixture.h"

/* Static: the kernel stack is small. */
static struct memory_range range[MAX_MEMORY_RANGES + 1];
static char text[2048];
static char want[1024];

static const char machine_map[] = "0000000000000400-000000000009fbff RAM\n"
				  "000000000009fc00-000000000009ffff RESERVED\n"
				  "00000000000f0000-00000000000fffff RESERVED\n"
				  "0000000000100000-000000001ffdffff RAM\n"
				  "000000001ffe0000-000000001ffeffff ACPI\n"
				  "000000001fff0000-000000001fffffff ACPI_NVS\n"
				  "0000000030000000-000000003fffffff PRAM\n"
				  "00000000fffc0000-00000000ffffffff RESERVED\n"
				  "0000000100000000-000000013fffffff RAM\n";

static const char *render(size_t n)
{
	memory_ranges_render(range, n, text, sizeof(text));
	return text;
}

/* The machine: boot e820 entries, then the DIMM hot-added (index 8). The
 * map has the DIMM as RAM and neither kmem nor virtio-mem RAM (they have
 * no memmap entry); the first RAM range starts at 0x400, not 0. */
static void memmap_hot_added_in_driver_managed_out(struct ktest *t)
{
	size_t n = MAX_MEMORY_RANGES;

	KTEST_ASSERT_TRUE(t, kx_machine_build());
	KTEST_ASSERT_TRUE(t, have_sys_firmware_memmap_in(&kx.src));
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&kx.fwmap), 9);
	KTEST_ASSERT_INT_EQ(t, get_memory_ranges_in(&kx.src, range, &n), 0);
	KTEST_EXPECT_STREQ(t, render(n), machine_map);
	for (size_t i = 0; i < n; i++) {
		KTEST_EXPECT_FALSE(t, range[i].start <= KX_VIRTIO_MEM_END &&
					  KX_VIRTIO_MEM_START <= range[i].end);
		if (range[i].type == RANGE_RAM)
			KTEST_EXPECT_FALSE(t, range[i].start <= KX_KMEM_END &&
						  KX_KMEM_START <= range[i].end);
	}
	/* The raw view keeps 0 and the index order: the DIMM is last. */
	n = MAX_MEMORY_RANGES;
	KTEST_ASSERT_INT_EQ(t, get_firmware_memmap_ranges_in(&kx.src, range, &n), 0);
	KTEST_ASSERT_EQ(t, n, 9);
	KTEST_EXPECT_EQ(t, range[0].start, 0);
	KTEST_EXPECT_EQ(t, range[8].start, KX_DIMM_START);
}

/* A DIMM present at boot is published before the e820 entries (index 0);
 * removing and adding memory leaves gaps and puts later numbers on lower
 * addresses. kexec-tools sorts by start, so the map is the same. */
static void sorted_by_start(struct ktest *t)
{
	static const char with_dimm2[] = "0000000000000400-000000000009fbff RAM\n"
					 "000000000009fc00-000000000009ffff RESERVED\n"
					 "00000000000f0000-00000000000fffff RESERVED\n"
					 "0000000000100000-000000001ffdffff RAM\n"
					 "000000001ffe0000-000000001ffeffff ACPI\n"
					 "000000001fff0000-000000001fffffff ACPI_NVS\n"
					 "0000000030000000-000000003fffffff PRAM\n"
					 "00000000fffc0000-00000000ffffffff RESERVED\n"
					 "0000000100000000-000000013fffffff RAM\n"
					 "0000000200000000-000000023fffffff RAM\n";
	const struct firmware_map_entry *e;
	size_t n = MAX_MEMORY_RANGES;

	KTEST_ASSERT_TRUE(t, kx_build(kx_machine));
	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&kx.fwmap, kx_dimm.start, kx_dimm.end_excl, kx_dimm.type),
	    0);
	KTEST_ASSERT_TRUE(t, kx_memmap_boot(kx_machine_e820));
	e = firmware_map_find_index_in(&kx.fwmap, 0);
	KTEST_ASSERT_NOT_NULL(t, e);
	KTEST_EXPECT_EQ(t, e->start, KX_DIMM_START);
	KTEST_ASSERT_INT_EQ(t, get_memory_ranges_in(&kx.src, range, &n), 0);
	KTEST_EXPECT_STREQ(t, render(n), machine_map);

	/* A second DIMM (index 9), the first removed and added back (index 10). */
	KTEST_ASSERT_INT_EQ(
	    t, firmware_map_add_hotplug_in(&kx.fwmap, 0x200000000, 0x240000000, "System RAM"), 0);
	KTEST_ASSERT_INT_EQ(
	    t, firmware_map_remove_in(&kx.fwmap, kx_dimm.start, kx_dimm.end_excl, kx_dimm.type), 0);
	KTEST_ASSERT_INT_EQ(
	    t,
	    firmware_map_add_hotplug_in(&kx.fwmap, kx_dimm.start, kx_dimm.end_excl, kx_dimm.type),
	    0);
	KTEST_EXPECT_NULL(t, firmware_map_find_index_in(&kx.fwmap, 0));
	e = firmware_map_find_index_in(&kx.fwmap, 10);
	KTEST_ASSERT_NOT_NULL(t, e);
	KTEST_EXPECT_EQ(t, e->start, KX_DIMM_START);
	n = MAX_MEMORY_RANGES;
	KTEST_ASSERT_INT_EQ(t, get_memory_ranges_in(&kx.src, range, &n), 0);
	KTEST_EXPECT_STREQ(t, render(n), with_dimm2);
}

/* Only the first RAM range that starts below 0x400 is moved, whatever
 * comes before it; RAM starting at or above 0x400 is left alone. */
static void low_trim(struct ktest *t)
{
	static const struct kx_memmap map[] = {
	    {0x0, 0x80, "Reserved"},
	    {0x80, 0x9fc00, "System RAM"},
	    {0x100000, 0x200000, "System RAM"},
	    {0},
	};
	static const struct kx_memmap high[] = {
	    {0x400, 0x9fc00, "System RAM"},
	    {0},
	};
	size_t n = MAX_MEMORY_RANGES;

	KTEST_ASSERT_TRUE(t, kx_memmap_boot(map));
	KTEST_ASSERT_INT_EQ(t, get_memory_ranges_in(&kx.src, range, &n), 0);
	KTEST_EXPECT_STREQ(t, render(n),
			   "0000000000000000-000000000000007f RESERVED\n"
			   "0000000000000400-000000000009fbff RAM\n"
			   "0000000000100000-00000000001fffff RAM\n");
	firmware_map_release(&kx.fwmap);
	KTEST_ASSERT_TRUE(t, kx_memmap_boot(high));
	n = MAX_MEMORY_RANGES;
	KTEST_ASSERT_INT_EQ(t, get_memory_ranges_in(&kx.src, range, &n), 0);
	KTEST_EXPECT_STREQ(t, render(n), "0000000000000400-000000000009fbff RAM\n");
}

/* Every type string kexec-tools knows, and one it does not. */
static void every_type_string(struct ktest *t)
{
	static const struct {
		const char *type;
		unsigned range;
	} types[] = {
	    {"System RAM", RANGE_RAM},
	    {"ACPI Tables", RANGE_ACPI},
	    {"ACPI Non-volatile Storage", RANGE_ACPI_NVS},
	    {"Unusable memory", RANGE_RESERVED},
	    {"reserved", RANGE_RESERVED},
	    {"Reserved", RANGE_RESERVED},
	    {"Unknown E820 type", RANGE_RESERVED},
	    {"Uncached RAM", RANGE_UNCACHED},
	    {"Persistent Memory (legacy)", RANGE_PRAM},
	    {"Persistent Memory", RANGE_PMEM},
	    {"Soft Reserved", RANGE_RESERVED},
	};
	const size_t nr = ARRAY_SIZE(types);
	size_t n = MAX_MEMORY_RANGES;
	const char *log;
	int ret;

	/* Added from the top down, so sorting reverses the index order. */
	for (size_t i = 0; i < nr; i++) {
		u64 start = (u64)(nr - i) * KX_GiB;

		KTEST_ASSERT_INT_EQ(
		    t, firmware_map_add_hotplug_in(&kx.fwmap, start, start + KX_MiB, types[i].type),
		    0);
	}
	kx_capture_start();
	ret = get_firmware_memmap_ranges_in(&kx.src, range, &n);
	log = kx_capture_stop();
	KTEST_ASSERT_INT_EQ(t, ret, 0);
	KTEST_ASSERT_EQ(t, n, nr);
	for (size_t i = 0; i < nr; i++) {
		KTEST_EXPECT_EQ(t, range[nr - 1 - i].start, (u64)(nr - i) * KX_GiB);
		KTEST_EXPECT_EQ(t, range[nr - 1 - i].end, (u64)(nr - i) * KX_GiB + KX_MiB - 1);
		KTEST_EXPECT_EQ(t, range[nr - 1 - i].type, types[i].range);
	}
	KTEST_EXPECT_STREQ(
	    t, log,
	    "Unknown type (Soft Reserved) while parsing /sys/firmware/memmap/10/type. "
	    "Please report this as bug. Using RANGE_RESERVED now.\n");
	KTEST_EXPECT_INT_EQ(t, get_firmware_memmap_ranges_in(&kx.src, NULL, &n), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, get_firmware_memmap_ranges_in(&kx.src, range, NULL), -EINVAL);
}

static bool add_boot_pages(int count)
{
	for (int i = 0; i < count; i++) {
		u64 start = 0x100000000ULL + (u64)i * 0x2000;

		if (firmware_map_add_early_in(&kx.fwmap, start, start + 0x1000, "System RAM"))
			return false;
	}
	return firmware_memmap_init_in(&kx.fwmap) == 0;
}

/* 2048 entries are fine; one more makes kexec-tools give up on the
 * firmware memmap with its message and fall back to /proc/iomem. */
static void limit_2048(struct ktest *t)
{
	size_t n = MAX_MEMORY_RANGES;
	const char *log;
	int ret;

	KTEST_ASSERT_TRUE(t, kx_build(kx_machine));
	KTEST_ASSERT_TRUE(t, add_boot_pages(MAX_MEMORY_RANGES));
	kx_capture_start();
	ret = get_firmware_memmap_ranges_in(&kx.src, range, &n);
	log = kx_capture_stop();
	KTEST_ASSERT_INT_EQ(t, ret, 0);
	KTEST_EXPECT_EQ(t, n, MAX_MEMORY_RANGES);
	KTEST_EXPECT_STREQ(t, log, "");
	KTEST_EXPECT_EQ(t, range[MAX_MEMORY_RANGES - 1].start,
			0x100000000ULL + (MAX_MEMORY_RANGES - 1) * 0x2000ULL);

	KTEST_ASSERT_INT_EQ(
	    t, firmware_map_add_hotplug_in(&kx.fwmap, 0x80000000, 0x80001000, "System RAM"), 0);
	n = MAX_MEMORY_RANGES;
	kx_capture_start();
	ret = get_firmware_memmap_ranges_in(&kx.src, range, &n);
	log = kx_capture_stop();
	KTEST_EXPECT_INT_EQ(t, ret, -E2BIG);
	KTEST_EXPECT_STREQ(
	    t, log,
	    "The firmware provides more entries allowed (2048). Please report that as "
	    "bug.\n");

	n = MAX_MEMORY_RANGES;
	kx_capture_start();
	ret = get_memory_ranges_in(&kx.src, range, &n);
	log = kx_capture_stop();
	KTEST_ASSERT_INT_EQ(t, ret, 0);
	snprintf(want, sizeof(want), "%s%s",
		 "The firmware provides more entries allowed (2048). Please report that as bug.\n",
		 "Parsing the /sys/firmware memory map failed. Falling back to /proc/iomem.\n");
	KTEST_EXPECT_STREQ(t, log, want);
	/* The /proc/iomem view of the machine (see the fallback case). */
	KTEST_EXPECT_EQ(t, n, 10);
	KTEST_EXPECT_EQ(t, range[1].start, 0x1000);
}

/* Without a firmware memmap: /proc/iomem lines named exactly "System RAM"
 * are RAM (not kmem, not virtio_mem), "reserved" in any case, ACPI and
 * persistent memory by their names; no trim is needed as RAM starts at
 * 0x1000; the kernel code below System RAM and the containers are not
 * listed. */
static void proc_iomem_fallback(struct ktest *t)
{
	static const char iomem_map[] = "0000000000000000-0000000000000fff RESERVED\n"
					"0000000000001000-000000000009fbff RAM\n"
					"000000000009fc00-000000000009ffff RESERVED\n"
					"00000000000f0000-00000000000fffff RESERVED\n"
					"0000000000100000-000000001ffdffff RAM\n"
					"000000001ffe0000-000000001ffeffff ACPI\n"
					"000000001fff0000-000000001fffffff ACPI_NVS\n"
					"0000000030000000-000000003fffffff PRAM\n"
					"00000000fffc0000-00000000ffffffff RESERVED\n"
					"0000000100000000-000000013fffffff RAM\n";
	size_t n = MAX_MEMORY_RANGES;

	KTEST_ASSERT_TRUE(t, kx_build(kx_machine));
	KTEST_EXPECT_FALSE(t, have_sys_firmware_memmap_in(&kx.src));
	KTEST_ASSERT_INT_EQ(t, get_memory_ranges_in(&kx.src, range, &n), 0);
	KTEST_EXPECT_STREQ(t, render(n), iomem_map);
	/* Reading stops silently at the capacity. */
	n = 3;
	KTEST_ASSERT_INT_EQ(t, get_memory_ranges_proc_iomem_in(&kx.src, range, &n), 0);
	KTEST_EXPECT_EQ(t, n, 3);
	KTEST_EXPECT_STREQ(t, render(n),
			   "0000000000000000-0000000000000fff RESERVED\n"
			   "0000000000001000-000000000009fbff RAM\n"
			   "000000000009fc00-000000000009ffff RESERVED\n");
}

/* Depth is ignored and names are compared exactly: a plain "System RAM"
 * nested two levels down counts, "System RAM (kmem)" does not; "reserved"
 * matches in any case, "Reserved area" does not; RAM at 0 is trimmed. */
static void proc_iomem_names(struct ktest *t)
{
	static const struct kx_node tree[] = {
	    {0, 0x0, 0x9ffff, "System RAM", KX_SYS_RAM | KX_BUSY, 0},
	    {0, 0xa0000, 0xaffff, "RESERVED", KX_MEM | KX_BUSY, 0},
	    {0, 0xb0000, 0xbffff, "Reserved area", KX_MEM | KX_BUSY, 0},
	    {0, 0x100000000, 0x1ffffffff, "Persistent Memory", KX_MEM, 0},
	    {1, 0x100000000, 0x17fffffff, "region0", KX_MEM, 0},
	    {2, 0x100000000, 0x13fffffff, "System RAM", KX_SYS_RAM | KX_BUSY, 0},
	    {2, 0x140000000, 0x17fffffff, "System RAM (kmem)", KX_SYS_RAM | KX_BUSY | KX_DM, 0},
	    {0},
	};
	size_t n = MAX_MEMORY_RANGES;

	KTEST_ASSERT_TRUE(t, kx_build(tree));
	KTEST_ASSERT_INT_EQ(t, get_memory_ranges_in(&kx.src, range, &n), 0);
	KTEST_EXPECT_STREQ(t, render(n),
			   "0000000000000400-000000000009ffff RAM\n"
			   "00000000000a0000-00000000000affff RESERVED\n"
			   "0000000100000000-00000001ffffffff PMEM\n"
			   "0000000100000000-000000013fffffff RAM\n");
}

static void set(struct memory_range *r, unsigned long long start, unsigned long long end,
		unsigned type)
{
	*r = (struct memory_range){.start = start, .end = end, .type = type};
}

/* kexec-tools' overlap fixup, including its one shared byte. */
static void fixup(struct ktest *t)
{
	const char *log;
	size_t n;
	int ret;

	set(&range[0], 0x0, 0x9ffff, RANGE_RAM);
	set(&range[1], 0x0, 0x7ffff, RANGE_RAM);	  /* same start, shorter: dropped */
	set(&range[2], 0x80000, 0xfffff, RANGE_RESERVED); /* other type: kept */
	set(&range[3], 0x100000, 0x2fffff, RANGE_RAM);
	set(&range[4], 0x200000, 0x3fffff, RANGE_RAM); /* overlaps: starts at 0x2fffff */
	set(&range[5], 0x300000, 0x37ffff, RANGE_RAM); /* inside the previous: dropped */
	set(&range[6], 0x400000, 0x4fffff, RANGE_RAM);
	set(&range[7], 0x400000, 0x5fffff, RANGE_RAM); /* same start, longer: kept */
	n = 8;
	KTEST_ASSERT_INT_EQ(t, fixup_memory_ranges(range, &n), 0);
	KTEST_EXPECT_STREQ(t, render(n),
			   "0000000000000000-000000000009ffff RAM\n"
			   "0000000000080000-00000000000fffff RESERVED\n"
			   "0000000000100000-00000000002fffff RAM\n"
			   "00000000002fffff-00000000003fffff RAM\n"
			   "0000000000400000-00000000005fffff RAM\n");

	set(&range[0], 0x1000, 0x1fff, RANGE_RAM);
	set(&range[1], 0x0, 0xfff, RANGE_RAM);
	n = 2;
	kx_capture_start();
	ret = fixup_memory_ranges(range, &n);
	log = kx_capture_stop();
	KTEST_EXPECT_INT_EQ(t, ret, -EINVAL);
	KTEST_EXPECT_STREQ(t, log, "memory out of order!!\n");
	KTEST_EXPECT_EQ(t, n, 2);

	/* Overlapping firmware entries go through the same fixup. */
	{
		static const struct kx_memmap map[] = {
		    {0x0, 0xa0000, "System RAM"},
		    {0x0, 0x80000, "System RAM"},
		    {0x100000, 0x300000, "System RAM"},
		    {0x200000, 0x400000, "System RAM"},
		    {0},
		};

		KTEST_ASSERT_TRUE(t, kx_memmap_boot(map));
		n = MAX_MEMORY_RANGES;
		KTEST_ASSERT_INT_EQ(t, get_memory_ranges_in(&kx.src, range, &n), 0);
		KTEST_EXPECT_STREQ(t, render(n),
				   "0000000000000400-000000000009ffff RAM\n"
				   "0000000000100000-00000000002fffff RAM\n"
				   "00000000002fffff-00000000003fffff RAM\n");
	}
}

/* The dump: kexec-tools' messages first, then the block. */
static void dump_text(struct ktest *t)
{
	static const char dump[] = "# dump-begin /sys/kernel/hotmem/kexec_load_memmap\n"
				   "0000000000000400-000000000009fbff RAM\n"
				   "000000000009fc00-000000000009ffff RESERVED\n"
				   "00000000000f0000-00000000000fffff RESERVED\n"
				   "0000000000100000-000000001ffdffff RAM\n"
				   "000000001ffe0000-000000001ffeffff ACPI\n"
				   "000000001fff0000-000000001fffffff ACPI_NVS\n"
				   "0000000030000000-000000003fffffff PRAM\n"
				   "00000000fffc0000-00000000ffffffff RESERVED\n"
				   "0000000100000000-000000013fffffff RAM\n"
				   "0000000180000000-00000001bfffffff RESERVED\n"
				   "# dump-end /sys/kernel/hotmem/kexec_load_memmap\n";
	const char *log;

	KTEST_ASSERT_TRUE(t, kx_machine_build());
	/* A "Soft Reserved" entry above everything (index 9). */
	KTEST_ASSERT_INT_EQ(
	    t, firmware_map_add_hotplug_in(&kx.fwmap, 0x180000000, 0x1c0000000, "Soft Reserved"),
	    0);
	kx_capture_start();
	pfs_dump(&kx_ns, KEXEC_LOAD_MEMMAP_PATH);
	log = kx_capture_stop();
	snprintf(want, sizeof(want), "%s%s",
		 "Unknown type (Soft Reserved) while parsing /sys/firmware/memmap/9/type. Please "
		 "report this as bug. Using RANGE_RESERVED now.\n",
		 dump);
	KTEST_EXPECT_STREQ(t, log, want);
}

static const struct ktest_case kexec_load_cases[] = {
    KTEST_CASE(memmap_hot_added_in_driver_managed_out),
    KTEST_CASE(sorted_by_start),
    KTEST_CASE(low_trim),
    KTEST_CASE(every_type_string),
    KTEST_CASE(limit_2048),
    KTEST_CASE(proc_iomem_fallback),
    KTEST_CASE(proc_iomem_names),
    KTEST_CASE(fixup),
    KTEST_CASE(dump_text),
    {0},
};

static const struct ktest_suite kexec_load_suite = {
    .name = "kexec_load",
    .cases = kexec_load_cases,
    .init = kx_init,
    .exit = kx_exit,
};
KTEST_SUITE(kexec_load_suite);
