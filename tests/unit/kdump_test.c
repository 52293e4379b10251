/* Suite "kdump": what a crash dump contains, as the kernel's kexec_file
 * crash header sees it (all busy System RAM at any depth, driver-managed
 * included; the pre-5.13 first-level bug with its switch) and as
 * kexec-tools' get_crash_memory_ranges() sees it (/proc/iomem names,
 * "Crash kernel" and GART cut out), plus the dumps. */
#include "kernel/kexec.h"
#include "kernel/ktest.h"
#include "kernel/pseudofs.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "tests/unit/kexec_fixture.h"

/* Static: the kernel stack is small. */
static struct memory_range range[64];
static char text[2048];

static const char *render(size_t n)
{
	memory_ranges_render(range, n, text, sizeof(text));
	return text;
}

/* The first MiB is cut out (x86 Linux: always reserved), so the RAM at
 * 1000-9fbff is not there. */
static const char kernel_view[] = "0000000000100000-000000001ffdffff RAM\n"
				  "0000000030000000-000000003fffffff RAM\n"
				  "0000000100000000-000000013fffffff RAM\n"
				  "0000000140000000-000000017fffffff RAM\n";

static const char iomem_view[] = "0000000000000000-0000000000000fff RESERVED\n"
				 "0000000000001000-000000000009fbff RAM\n"
				 "000000000009fc00-000000000009ffff RESERVED\n"
				 "00000000000f0000-00000000000fffff RESERVED\n"
				 "0000000000100000-000000001ffdffff RAM\n"
				 "000000001ffe0000-000000001ffeffff ACPI\n"
				 "000000001fff0000-000000001fffffff ACPI_NVS\n"
				 "0000000030000000-000000003fffffff PRAM\n"
				 "0000000030000000-000000003fffffff RAM\n"
				 "00000000fffc0000-00000000ffffffff RESERVED\n"
				 "0000000100000000-000000013fffffff RAM\n"
				 "0000000140000000-000000017fffffff RAM\n";

/* Top-level and nested RAM, driver-managed or not; no Reserved, ACPI,
 * containers, and no Kernel code (hidden below its System RAM); the first
 * MiB cut out. */
static void kernel_view_all_ram(struct ktest *t)
{
	struct memory_ranges mr = {.max_size = 64, .ranges = range};
	struct memory_ranges none = {0};
	struct memory_ranges two = {.max_size = 2, .ranges = range};
	struct memory_ranges tight = {.max_size = 6, .ranges = range};

	KTEST_ASSERT_TRUE(t, kx_machine_build());
	KTEST_ASSERT_INT_EQ(t, kdump_system_ram_ranges_in(&kx.src, &mr), 4);
	KTEST_ASSERT_EQ(t, mr.size, 4);
	KTEST_EXPECT_STREQ(t, render(mr.size), kernel_view);
	/* Count, then fill: without room for the walk's 5 ranges and two
	 * splits, the room needed comes back and the walk's first ranges. */
	KTEST_EXPECT_INT_EQ(t, kdump_system_ram_ranges_in(&kx.src, &none), 7);
	KTEST_EXPECT_EQ(t, none.size, 0);
	KTEST_EXPECT_INT_EQ(t, kdump_system_ram_ranges_in(&kx.src, &two), 7);
	KTEST_EXPECT_EQ(t, two.size, 2);
	KTEST_EXPECT_EQ(t, range[0].start, 0x1000);
	KTEST_EXPECT_EQ(t, range[1].start, 0x100000);
	KTEST_EXPECT_INT_EQ(t, kdump_system_ram_ranges_in(&kx.src, &tight), 7);
	KTEST_EXPECT_EQ(t, tight.size, 5);
	/* With that room, the exact count. */
	tight.max_size = 7;
	KTEST_EXPECT_INT_EQ(t, kdump_system_ram_ranges_in(&kx.src, &tight), 4);
	KTEST_EXPECT_STREQ(t, render(tight.size), kernel_view);
}

/* crashk_res and crashk_low_res are cut out as crash_exclude_mem_range()
 * does: one splits the RAM it lies in, one trims the virtio-mem RAM; a
 * resource with end 0 (not reserved) cuts nothing. */
static void kernel_view_crashkernel_cut(struct ktest *t)
{
	static struct resource crashk = {.start = 0x10000000, .end = 0x17ffffff};
	static struct resource crashk_low = {.start = 0x140000000, .end = 0x14fffffff};
	static const struct resource unset = {0};
	struct memory_ranges mr = {.max_size = 64, .ranges = range};

	KTEST_ASSERT_TRUE(t, kx_machine_build());
	kx.src.crashk = &crashk;
	kx.src.crashk_low = &crashk_low;
	KTEST_ASSERT_INT_EQ(t, kdump_system_ram_ranges_in(&kx.src, &mr), 5);
	KTEST_EXPECT_STREQ(t, render(mr.size),
			   "0000000000100000-000000000fffffff RAM\n"
			   "0000000018000000-000000001ffdffff RAM\n"
			   "0000000030000000-000000003fffffff RAM\n"
			   "0000000100000000-000000013fffffff RAM\n"
			   "0000000150000000-000000017fffffff RAM\n");
	kx.src.crashk = &unset;
	kx.src.crashk_low = NULL;
	KTEST_ASSERT_INT_EQ(t, kdump_system_ram_ranges_in(&kx.src, &mr), 4);
	KTEST_EXPECT_STREQ(t, render(mr.size), kernel_view);
}

/* 5.3-5.12 (docs/linux-model.md, Known Linux bugs): only top-level
 * resources were walked, so the nested kmem and virtio-mem RAM were missing
 * from the dump. */
static void kernel_view_first_level_bug(struct ktest *t)
{
	struct memory_ranges mr = {.max_size = 64, .ranges = range};

	KTEST_ASSERT_TRUE(t, kx_machine_build());
	kx.sw.kdump_walk_first_level_only = true;
	KTEST_ASSERT_INT_EQ(t, kdump_system_ram_ranges_in(&kx.src, &mr), 2);
	KTEST_EXPECT_STREQ(t, render(mr.size),
			   "0000000000100000-000000001ffdffff RAM\n"
			   "0000000100000000-000000013fffffff RAM\n");
	kx.sw.kdump_walk_first_level_only = false;
	KTEST_ASSERT_INT_EQ(t, kdump_system_ram_ranges_in(&kx.src, &mr), 4);
	KTEST_EXPECT_STREQ(t, render(mr.size), kernel_view);
}

/* kexec-tools: /proc/iomem line order; any name containing "System RAM"
 * (kmem, virtio_mem); Reserved, ACPI and persistent memory too (the
 * legacy pmem and the kmem RAM inside it both appear); no containers, no
 * "System ROM", no "Kernel code". */
static void iomem_view_lines(struct ktest *t)
{
	size_t n = 64;

	KTEST_ASSERT_TRUE(t, kx_machine_build());
	KTEST_ASSERT_INT_EQ(t, get_crash_memory_ranges_in(&kx.src, range, &n), 0);
	KTEST_EXPECT_STREQ(t, render(n), iomem_view);
	/* Reading stops silently at the capacity. */
	n = 2;
	KTEST_ASSERT_INT_EQ(t, get_crash_memory_ranges_in(&kx.src, range, &n), 0);
	KTEST_EXPECT_STREQ(t, render(n),
			   "0000000000000000-0000000000000fff RESERVED\n"
			   "0000000000001000-000000000009fbff RAM\n");
}

/* "Crash kernel" (the capture kernel's own memory) is cut out of the RAM
 * around it; only the LAST "GART" line is cut (kexec-tools keeps one);
 * lowercase "reserved" counts, "RESERVED" does not (exact here, unlike the
 * memory map parser); a "Crash kernel" covering a whole range drops it. */
static void iomem_view_cuts(struct ktest *t)
{
	static const struct kx_node tree[] = {
	    {0, 0x100000, 0x3fffffff, "System RAM", KX_SYS_RAM | KX_BUSY, 0},
	    {1, 0x10000000, 0x17ffffff, "Crash kernel", KX_SYS_RAM | KX_BUSY, 0},
	    {0, 0x40000000, 0x40ffffff, "System RAM", KX_SYS_RAM | KX_BUSY, 0},
	    {1, 0x40000000, 0x40ffffff, "Crash kernel", KX_SYS_RAM | KX_BUSY, 0},
	    {0, 0x80000000, 0x8fffffff, "reserved", KX_MEM | KX_BUSY, 0},
	    {1, 0x80000000, 0x80ffffff, "GART", KX_MEM | KX_BUSY, 0},
	    {0, 0x90000000, 0x9fffffff, "Reserved", KX_MEM | KX_BUSY, 0},
	    {1, 0x94000000, 0x97ffffff, "GART", KX_MEM | KX_BUSY, 0},
	    {0, 0xa0000000, 0xafffffff, "RESERVED", KX_MEM | KX_BUSY, 0},
	    {0, 0x100000000, 0x13fffffff, "dax0.0", KX_MEM, 0},
	    {1, 0x100000000, 0x13fffffff, "System RAM (kmem)", KX_SYS_RAM | KX_BUSY | KX_DM, 0},
	    {0},
	};
	size_t n = 64;

	KTEST_ASSERT_TRUE(t, kx_build(tree));
	KTEST_ASSERT_INT_EQ(t, get_crash_memory_ranges_in(&kx.src, range, &n), 0);
	KTEST_EXPECT_STREQ(t, render(n),
			   "0000000000100000-000000000fffffff RAM\n"
			   "0000000018000000-000000003fffffff RAM\n"
			   "0000000080000000-000000008fffffff RESERVED\n"
			   "0000000090000000-0000000093ffffff RESERVED\n"
			   "0000000098000000-000000009fffffff RESERVED\n"
			   "0000000100000000-000000013fffffff RAM\n");
}

/* A split that does not fit into the capacity fails with kexec-tools'
 * message. */
static void iomem_view_split_needs_room(struct ktest *t)
{
	static const struct kx_node tree[] = {
	    {0, 0x100000, 0x3fffffff, "System RAM", KX_SYS_RAM | KX_BUSY, 0},
	    {1, 0x10000000, 0x17ffffff, "Crash kernel", KX_SYS_RAM | KX_BUSY, 0},
	    {0},
	};
	const char *log;
	size_t n = 1;
	int ret;

	KTEST_ASSERT_TRUE(t, kx_build(tree));
	kx_capture_start();
	ret = get_crash_memory_ranges_in(&kx.src, range, &n);
	log = kx_capture_stop();
	KTEST_EXPECT_INT_EQ(t, ret, -E2BIG);
	KTEST_EXPECT_STREQ(t, log, "Error: Number of crash memory ranges excedeed the max limit\n");
	n = 2;
	KTEST_ASSERT_INT_EQ(t, get_crash_memory_ranges_in(&kx.src, range, &n), 0);
	KTEST_EXPECT_EQ(t, n, 2);
}

/* The two dumps, exact, and all four views in their fixed order. */
static void dumps(struct ktest *t)
{
	static char want[4096];
	const char *got;

	KTEST_ASSERT_TRUE(t, kx_machine_build());
	kx_capture_start();
	pfs_dump(&kx_ns, KDUMP_RANGES_PATH);
	pfs_dump(&kx_ns, KDUMP_IOMEM_RANGES_PATH);
	got = kx_capture_stop();
	snprintf(want, sizeof(want),
		 "# dump-begin %s\n%s# dump-end %s\n# dump-begin %s\n%s# dump-end %s\n",
		 KDUMP_RANGES_PATH, kernel_view, KDUMP_RANGES_PATH, KDUMP_IOMEM_RANGES_PATH,
		 iomem_view, KDUMP_IOMEM_RANGES_PATH);
	KTEST_EXPECT_STREQ(t, got, want);

	kx_capture_start();
	pfs_dump(&kx_ns, "/sys/kernel/hotmem");
	got = kx_capture_stop();
	snprintf(want, sizeof(want),
		 "# dump-begin /sys/kernel/hotmem/kexec_file_ram\n"
		 "0000000000001000-000000000009fbff RAM\n"
		 "0000000000100000-000000001ffdffff RAM\n"
		 "0000000100000000-000000013fffffff RAM\n"
		 "# dump-end /sys/kernel/hotmem/kexec_file_ram\n"
		 "# dump-begin /sys/kernel/hotmem/kexec_load_memmap\n"
		 "0000000000000400-000000000009fbff RAM\n"
		 "000000000009fc00-000000000009ffff RESERVED\n"
		 "00000000000f0000-00000000000fffff RESERVED\n"
		 "0000000000100000-000000001ffdffff RAM\n"
		 "000000001ffe0000-000000001ffeffff ACPI\n"
		 "000000001fff0000-000000001fffffff ACPI_NVS\n"
		 "0000000030000000-000000003fffffff PRAM\n"
		 "00000000fffc0000-00000000ffffffff RESERVED\n"
		 "0000000100000000-000000013fffffff RAM\n"
		 "# dump-end /sys/kernel/hotmem/kexec_load_memmap\n"
		 "# dump-begin /sys/kernel/hotmem/kdump_ranges\n"
		 "%s"
		 "# dump-end /sys/kernel/hotmem/kdump_ranges\n"
		 "# dump-begin /sys/kernel/hotmem/kdump_iomem_ranges\n"
		 "%s"
		 "# dump-end /sys/kernel/hotmem/kdump_iomem_ranges\n",
		 kernel_view, iomem_view);
	KTEST_EXPECT_STREQ(t, got, want);
}

static const struct ktest_case kdump_cases[] = {
    KTEST_CASE(kernel_view_all_ram),
    KTEST_CASE(kernel_view_first_level_bug),
    KTEST_CASE(kernel_view_crashkernel_cut),
    KTEST_CASE(iomem_view_lines),
    KTEST_CASE(iomem_view_cuts),
    KTEST_CASE(iomem_view_split_needs_room),
    KTEST_CASE(dumps),
    {0},
};

static const struct ktest_suite kdump_suite = {
    .name = "kdump",
    .cases = kdump_cases,
    .init = kx_init,
    .exit = kx_exit,
};
KTEST_SUITE(kdump_suite);
