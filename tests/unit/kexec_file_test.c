/* Suite "kexec_file": kexec_file_load's segment placement on the fixture
 * machine (kexec_fixture.h): never in driver-managed RAM in either
 * direction, the Oct 2024 reverse-walk bug reproduced with its switch,
 * existing segments, buf_min/buf_max, failures, and the kexec_file_ram
 * view. */
#include "kernel/kalloc.h"
#include "kernel/kexec.h"
#include "kernel/ktest.h"
#include "kernel/pseudofs.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "mm/e820.h"
#include "tests/unit/kexec_fixture.h"

#define ALL (~0ULL)

static struct kimage image; /* static: the kernel stack is small */
static char text[1024];

static struct kexec_buf kbuf(uint64_t memsz, uint64_t align, bool top_down)
{
	return (struct kexec_buf){.image = &image,
				  .memsz = memsz,
				  .buf_align = align,
				  .buf_max = ALL,
				  .top_down = top_down};
}

/* Places one buffer and returns its address, or 1 (never page aligned)
 * after recording a failure. */
static uint64_t place(struct ktest *t, struct kexec_buf b)
{
	int ret = kexec_locate_mem_hole_in(&kx.src, &b);

	KTEST_EXPECT_INT_EQ(t, ret, 0);
	return ret ? 1 : b.mem;
}

/* For sizes 4 KiB..1 GiB, several alignments and both directions: the
 * placement succeeds (there is always room), is aligned, lies in one
 * non-driver-managed System RAM range and touches no driver-managed RAM. */
static void never_in_driver_managed(struct ktest *t)
{
	static const uint64_t aligns[] = {0, 4 * KX_KiB, 64 * KX_KiB, 2 * KX_MiB, KX_GiB};

	KTEST_ASSERT_TRUE(t, kx_machine_build());
	image = (struct kimage){0};
	for (int dir = 0; dir < 2; dir++) {
		for (uint64_t size = 4 * KX_KiB; size <= KX_GiB; size <<= 1) {
			for (size_t a = 0; a < ARRAY_SIZE(aligns); a++) {
				struct kexec_buf b = kbuf(size, aligns[a], dir);
				uint64_t want_align = aligns[a] ? aligns[a] : 4 * KX_KiB;

				KTEST_ASSERT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), 0);
				KTEST_EXPECT_EQ(t, b.memsz, size);
				KTEST_EXPECT_EQ(t, b.mem % want_align, 0);
				KTEST_EXPECT_TRUE(t, kx_inside_usable_ram(b.mem, b.mem + size - 1));
				KTEST_ASSERT_FALSE(
				    t, kx_overlaps_driver_managed(b.mem, b.mem + size - 1));
			}
		}
	}
	/* Sizes that are not a page multiple are rounded up first. */
	for (int dir = 0; dir < 2; dir++) {
		static const uint64_t odd[] = {1, 0x1001, 0x9ec01, 0x1fee0001, KX_GiB - 1};

		for (size_t i = 0; i < ARRAY_SIZE(odd); i++) {
			struct kexec_buf b = kbuf(odd[i], 0, dir);

			KTEST_ASSERT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), 0);
			KTEST_EXPECT_EQ(t, b.memsz % (4 * KX_KiB), 0);
			KTEST_EXPECT_GE(t, b.memsz, odd[i]);
			KTEST_EXPECT_LT(t, b.memsz - odd[i], 4 * KX_KiB);
			KTEST_ASSERT_FALSE(t,
					   kx_overlaps_driver_managed(b.mem, b.mem + b.memsz - 1));
		}
	}
}

/* First fit from the bottom and from the top, to the byte. */
static void first_fit_addresses(struct ktest *t)
{
	KTEST_ASSERT_TRUE(t, kx_machine_build());
	image = (struct kimage){0};
	/* Bottom-up: the lowest RAM starts at 0x1000. */
	KTEST_EXPECT_EQ(t, place(t, kbuf(4 * KX_KiB, 0, false)), 0x1000);
	/* 2 MiB aligned: 0x100000 rounds up to 0x200000. */
	KTEST_EXPECT_EQ(t, place(t, kbuf(2 * KX_MiB, 2 * KX_MiB, false)), 0x200000);
	/* Too big for everything below 4 GiB that is not driver-managed. */
	KTEST_EXPECT_EQ(t, place(t, kbuf(768 * KX_MiB, 0, false)), KX_DIMM_START);
	/* Top-down: the highest usable RAM is the DIMM (virtio-mem is above). */
	KTEST_EXPECT_EQ(t, place(t, kbuf(4 * KX_KiB, 0, true)), KX_DIMM_END + 1 - 4 * KX_KiB);
	KTEST_EXPECT_EQ(t, place(t, kbuf(2 * KX_MiB, 2 * KX_MiB, true)),
			KX_DIMM_END + 1 - 2 * KX_MiB);
	KTEST_EXPECT_EQ(t, place(t, kbuf(KX_GiB, KX_GiB, true)), KX_DIMM_START);
	/* Bigger than the DIMM: nothing else fits either. */
	{
		struct kexec_buf b = kbuf(KX_GiB + 4 * KX_KiB, 0, true);

		KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), -EADDRNOTAVAIL);
	}
}

/* The 2024 bug (docs/linux-model.md, Known Linux bugs): the reverse walk
 * dropped flags, so a top-down placement took the highest RAM even when it
 * was driver-managed. With the switch on it lands in virtio-mem RAM for every
 * size; bottom-up is not affected; with the switch off again it never does. */
static void rev_walk_flags_bug(struct ktest *t)
{
	KTEST_ASSERT_TRUE(t, kx_machine_build());
	image = (struct kimage){0};
	kx.sw.rev_walk_drops_flags = true;
	for (uint64_t size = 4 * KX_KiB; size <= KX_GiB; size <<= 1) {
		struct kexec_buf b = kbuf(size, 0, true);

		KTEST_ASSERT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), 0);
		KTEST_EXPECT_TRUE(t, kx_overlaps_driver_managed(b.mem, b.mem + size - 1));
		KTEST_EXPECT_GE(t, b.mem, KX_VIRTIO_MEM_START);
		KTEST_EXPECT_EQ(t, b.mem + size - 1, KX_VIRTIO_MEM_END);

		b = kbuf(size, 0, false);
		KTEST_ASSERT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), 0);
		KTEST_EXPECT_FALSE(t, kx_overlaps_driver_managed(b.mem, b.mem + size - 1));
	}
	kx.sw.rev_walk_drops_flags = false;
	for (uint64_t size = 4 * KX_KiB; size <= KX_GiB; size <<= 1) {
		struct kexec_buf b = kbuf(size, 0, true);

		KTEST_ASSERT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), 0);
		KTEST_EXPECT_FALSE(t, kx_overlaps_driver_managed(b.mem, b.mem + size - 1));
		KTEST_EXPECT_EQ(t, b.mem + size - 1, KX_DIMM_END);
	}
}

static bool segments_disjoint(const struct kimage *img)
{
	for (unsigned long i = 0; i < img->nr_segments; i++)
		for (unsigned long j = i + 1; j < img->nr_segments; j++) {
			const struct kexec_segment *a = &img->segment[i], *b = &img->segment[j];

			if (a->mem <= b->mem + b->memsz - 1 && b->mem <= a->mem + a->memsz - 1)
				return false;
		}
	return true;
}

static int add(struct kexec_buf b)
{
	return kexec_add_buffer_in(&kx.src, &b);
}

/* kexec_add_buffer() records segments; later searches step around them a
 * page at a time (then align again), into the next range if need be. */
static void segments_avoided(struct ktest *t)
{
	const uint64_t top = KX_DIMM_END + 1;

	KTEST_ASSERT_TRUE(t, kx_machine_build());
	image = (struct kimage){0};
	for (int i = 1; i <= 3; i++) {
		KTEST_ASSERT_INT_EQ(t, add(kbuf(4 * KX_KiB, 0, true)), 0);
		KTEST_EXPECT_EQ(t, image.segment[i - 1].mem, top - (uint64_t)i * 4 * KX_KiB);
	}
	/* 2 MiB aligned below the three pages: 0x13fe00000 overlaps, so one
	 * page lower, aligned down again. */
	KTEST_ASSERT_INT_EQ(t, add(kbuf(2 * KX_MiB, 2 * KX_MiB, true)), 0);
	KTEST_EXPECT_EQ(t, image.segment[3].mem, top - 4 * KX_MiB);
	KTEST_ASSERT_INT_EQ(t, add(kbuf(4 * KX_KiB, 0, false)), 0);
	KTEST_EXPECT_EQ(t, image.segment[4].mem, 0x1000);
	KTEST_ASSERT_INT_EQ(t, add(kbuf(8 * KX_KiB, 0, false)), 0);
	KTEST_EXPECT_EQ(t, image.segment[5].mem, 0x2000);
	KTEST_EXPECT_EQ(t, image.nr_segments, 6);
	KTEST_EXPECT_TRUE(t, segments_disjoint(&image));
	KTEST_EXPECT_TRUE(t, kimage_is_destination_range(&image, top - 1, top - 1));
	KTEST_EXPECT_FALSE(t, kimage_is_destination_range(&image, 0x4000, 0x4fff));

	/* The DIMM full: top-down falls to the top of the next usable range
	 * (kmem in between is skipped). */
	image = (struct kimage){0};
	KTEST_ASSERT_INT_EQ(t, add(kbuf(KX_GiB, 0, true)), 0);
	KTEST_EXPECT_EQ(t, image.segment[0].mem, KX_DIMM_START);
	KTEST_ASSERT_INT_EQ(t, add(kbuf(4 * KX_KiB, 0, true)), 0);
	KTEST_EXPECT_EQ(t, image.segment[1].mem, 0x1ffdf000);
	/* A second GiB fits nowhere now. */
	KTEST_EXPECT_INT_EQ(t, add(kbuf(KX_GiB, 0, true)), -EADDRNOTAVAIL);
	KTEST_EXPECT_INT_EQ(t, add(kbuf(KX_GiB, 0, false)), -EADDRNOTAVAIL);
	KTEST_EXPECT_EQ(t, image.nr_segments, 2);

	/* Linux's limit of segments per image. */
	image = (struct kimage){0};
	for (int i = 0; i < KEXEC_SEGMENT_MAX; i++)
		KTEST_ASSERT_INT_EQ(t, add(kbuf(4 * KX_KiB, 0, i & 1)), 0);
	KTEST_EXPECT_INT_EQ(t, add(kbuf(4 * KX_KiB, 0, false)), -EINVAL);
	KTEST_EXPECT_EQ(t, image.nr_segments, KEXEC_SEGMENT_MAX);
	KTEST_EXPECT_TRUE(t, segments_disjoint(&image));
}

static uint64_t place_in(struct ktest *t, uint64_t memsz, bool top_down, uint64_t min, uint64_t max)
{
	struct kexec_buf b = kbuf(memsz, 0, top_down);

	b.buf_min = min;
	b.buf_max = max;
	return place(t, b);
}

static int try_in(uint64_t memsz, bool top_down, uint64_t min, uint64_t max)
{
	struct kexec_buf b = kbuf(memsz, 0, top_down);

	b.buf_min = min;
	b.buf_max = max;
	return kexec_locate_mem_hole_in(&kx.src, &b);
}

/* buf_min and buf_max clip every range; an unaligned limit is rounded
 * inward. */
static void buf_min_max(struct ktest *t)
{
	KTEST_ASSERT_TRUE(t, kx_machine_build());
	image = (struct kimage){0};
	KTEST_EXPECT_EQ(t, place_in(t, 4 * KX_KiB, false, 0x1000000, ALL), 0x1000000);
	/* Rounded up past the end of the low RAM: kmem is skipped, the DIMM taken. */
	KTEST_EXPECT_EQ(t, place_in(t, 4 * KX_KiB, false, 0x1ffdf001, ALL), KX_DIMM_START);
	/* The low range ends at 0x9fbff: the last whole page below it. */
	KTEST_EXPECT_EQ(t, place_in(t, 4 * KX_KiB, true, 0, 0xfffff), 0x9e000);
	KTEST_EXPECT_EQ(t, place_in(t, 4 * KX_KiB, true, 0, 0xffffffff), 0x1ffdf000);
	KTEST_EXPECT_EQ(t, place_in(t, 16 * KX_MiB, false, 0x2000000, 0x2ffffff), 0x2000000);
	KTEST_EXPECT_EQ(t, place_in(t, 16 * KX_MiB, true, 0x2000000, 0x2ffffff), 0x2000000);
	KTEST_EXPECT_INT_EQ(t, try_in(16 * KX_MiB + 1, false, 0x2000000, 0x2ffffff),
			    -EADDRNOTAVAIL);
	KTEST_EXPECT_INT_EQ(t, try_in(16 * KX_MiB + 1, true, 0x2000000, 0x2ffffff), -EADDRNOTAVAIL);
	/* A window with only driver-managed RAM. */
	KTEST_EXPECT_INT_EQ(t, try_in(4 * KX_KiB, true, KX_VIRTIO_MEM_START, ALL), -EADDRNOTAVAIL);
	KTEST_EXPECT_INT_EQ(t, try_in(4 * KX_KiB, false, KX_KMEM_START, KX_KMEM_END),
			    -EADDRNOTAVAIL);
	/* Crossed limits and a window above all RAM. */
	KTEST_EXPECT_INT_EQ(t, try_in(4 * KX_KiB, false, 0x2000000, 0x1000000), -EADDRNOTAVAIL);
	KTEST_EXPECT_INT_EQ(t, try_in(4 * KX_KiB, true, 0x200000000, ALL), -EADDRNOTAVAIL);
	/* A window smaller than the buffer inside a big range (no wrap-around
	 * at the bottom of the address space). */
	KTEST_EXPECT_INT_EQ(t, try_in(16 * KX_KiB, true, 0, 0x1fff), -EADDRNOTAVAIL);
	KTEST_EXPECT_INT_EQ(t, try_in(16 * KX_KiB, false, 0, 0x1fff), -EADDRNOTAVAIL);
}

/* Nothing to place into at all. */
static void nothing_fits(struct ktest *t)
{
	static const struct kx_node only_dm[] = {
	    {0, 0x100000000, 0x13fffffff, "virtio0", KX_MEM, 0},
	    {1, 0x100000000, 0x10fffffff, "System RAM (virtio_mem)", KX_SYS_RAM | KX_BUSY | KX_DM,
	     0},
	    {0},
	};
	struct kexec_buf b;

	image = (struct kimage){0};
	b = kbuf(4 * KX_KiB, 0, false);
	KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), -EADDRNOTAVAIL);
	b = kbuf(4 * KX_KiB, 0, true);
	KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), -EADDRNOTAVAIL);
	KTEST_ASSERT_TRUE(t, kx_build(only_dm));
	b = kbuf(4 * KX_KiB, 0, false);
	KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), -EADDRNOTAVAIL);
	b = kbuf(4 * KX_KiB, 0, true);
	KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), -EADDRNOTAVAIL);
	/* ... unless the bug is switched on. */
	kx.sw.rev_walk_drops_flags = true;
	b = kbuf(4 * KX_KiB, 0, true);
	KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), 0);
	KTEST_EXPECT_EQ(t, b.mem, 0x10ffff000);
	/* The bug is in the reverse walk only. */
	b = kbuf(4 * KX_KiB, 0, false);
	KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), -EADDRNOTAVAIL);
}

/* Argument handling: rounding is written back, a preset address is kept,
 * bad sizes and alignments are refused, and a failed allocation of the
 * reverse walk's list is reported. */
static void arguments(struct ktest *t)
{
	struct kexec_buf b;

	KTEST_ASSERT_TRUE(t, kx_machine_build());
	image = (struct kimage){0};
	b = kbuf(0x1001, 0, false);
	KTEST_ASSERT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), 0);
	KTEST_EXPECT_EQ(t, b.memsz, 0x2000);
	KTEST_EXPECT_EQ(t, b.buf_align, 0x1000);
	KTEST_EXPECT_EQ(t, b.mem, 0x1000);

	b = kbuf(0x1000, 0, true);
	b.mem = 0x5000;
	KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), 0);
	KTEST_EXPECT_EQ(t, b.mem, 0x5000);

	b = kbuf(0, 0, false);
	KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), -EINVAL);
	b = kbuf(ALL, 0, false);
	KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), -EINVAL);
	b = kbuf(0x1000, 0x3000, false);
	KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), -EINVAL);
	b = kbuf(0x1000, 0, false);
	b.image = NULL;
	KTEST_EXPECT_INT_EQ(t, kexec_add_buffer_in(&kx.src, &b), -EINVAL);
	/* Without an image there is nothing to avoid. */
	KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), 0);
	KTEST_EXPECT_EQ(t, b.mem, 0x1000);

	kalloc_fail_nth(1);
	b = kbuf(0x1000, 0, true);
	KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), -ENOMEM);
	kalloc_fail_nth(0);
	KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), 0);
}

/* The view: usable ranges only, exact text, and its dump. */
static void kexec_file_ram_view(struct ktest *t)
{
	static const char want[] = "0000000000001000-000000000009fbff RAM\n"
				   "0000000000100000-000000001ffdffff RAM\n"
				   "0000000100000000-000000013fffffff RAM\n";
	static struct memory_range r[4];
	struct memory_ranges mr = {.max_size = 4, .ranges = r};
	struct memory_ranges none = {0};
	const char *got;

	KTEST_ASSERT_TRUE(t, kx_machine_build());
	KTEST_EXPECT_INT_EQ(t, kexec_file_ram_ranges_in(&kx.src, &none), 3);
	KTEST_EXPECT_EQ(t, none.size, 0);
	KTEST_ASSERT_INT_EQ(t, kexec_file_ram_ranges_in(&kx.src, &mr), 3);
	KTEST_ASSERT_EQ(t, mr.size, 3);
	KTEST_EXPECT_INT_EQ(t, memory_ranges_render(r, mr.size, text, sizeof(text)),
			    (int)sizeof(want) - 1);
	KTEST_EXPECT_STREQ(t, text, want);
	/* Truncated like snprintf: the full length, a terminated prefix. */
	KTEST_EXPECT_INT_EQ(t, memory_ranges_render(r, mr.size, text, 10), (int)sizeof(want) - 1);
	KTEST_EXPECT_STREQ(t, text, "000000000");

	kx_capture_start();
	pfs_dump(&kx_ns, KEXEC_FILE_RAM_PATH);
	got = kx_capture_stop();
	KTEST_EXPECT_STREQ(t, got,
			   "# dump-begin /sys/kernel/hotmem/kexec_file_ram\n"
			   "0000000000001000-000000000009fbff RAM\n"
			   "0000000000100000-000000001ffdffff RAM\n"
			   "0000000100000000-000000013fffffff RAM\n"
			   "# dump-end /sys/kernel/hotmem/kexec_file_ram\n");
}

/* A low kmem range that is the lowest RAM left (normal RAM below it taken
 * by a segment, or outside buf_min): placement skips it, bottom-up too, and
 * goes on to the next usable System RAM above it. */
static void low_kmem_skipped(struct ktest *t)
{
	static const struct kx_node tree[] = {
	    {0, 0x100000, 0x7ffffff, "System RAM", KX_SYS_RAM | KX_BUSY, 0},
	    {0, 0x8000000, 0xfffffff, "Persistent Memory (legacy)", KX_MEM, 0},
	    {1, 0x8000000, 0xfffffff, "dax0.0", KX_MEM, 0},
	    {2, 0x8000000, 0xfffffff, "System RAM (kmem)", KX_SYS_RAM | KX_BUSY | KX_DM, 0},
	    {0, 0x10000000, 0x1fffffff, "System RAM", KX_SYS_RAM | KX_BUSY, 0},
	    {0},
	};
	struct kexec_buf b;

	KTEST_ASSERT_TRUE(t, kx_build(tree));
	image = (struct kimage){0};
	/* The first segment fills the RAM below the kmem range. */
	b = kbuf(0x7f00000, 0, false);
	KTEST_ASSERT_INT_EQ(t, kexec_add_buffer_in(&kx.src, &b), 0);
	KTEST_EXPECT_EQ(t, b.mem, 0x100000);
	b = kbuf(0x1000, 0, false);
	KTEST_EXPECT_EQ(t, place(t, b), 0x10000000);
	/* Only the kmem range and above allowed: still not in it. */
	b = kbuf(0x1000, 0, false);
	b.image = NULL;
	b.buf_min = 0x8000000;
	KTEST_EXPECT_EQ(t, place(t, b), 0x10000000);
	/* Only the kmem range allowed: nothing fits. */
	b = kbuf(0x1000, 0, false);
	b.buf_min = 0x8000000;
	b.buf_max = 0xfffffff;
	KTEST_EXPECT_INT_EQ(t, kexec_locate_mem_hole_in(&kx.src, &b), -EADDRNOTAVAIL);
}

/* Static: an e820 table is too big for the kernel stack. */
static struct e820_table kexec_table;

/* The e820 a kexec_file-loaded kernel gets: the table as it is (a DIMM
 * hot-added into the iomem tree and memmap is not in it), every type word,
 * and the cut at 128 entries; no file without a table. */
static void kexec_file_e820_view(struct ktest *t)
{
	static char want[8192];
	const char *got;
	int len = 0;

	KTEST_ASSERT_TRUE(t, kx_machine_build());
	kexec_table = (struct e820_table){0};
	e820__range_add_table(&kexec_table, 0, 0x9fc00, E820_TYPE_RAM);
	e820__range_add_table(&kexec_table, 0x9fc00, 0x400, E820_TYPE_RESERVED);
	e820__range_add_table(&kexec_table, 0x100000, 0x1fee0000, E820_TYPE_RAM);
	e820__range_add_table(&kexec_table, 0x1ffe0000, 0x10000, E820_TYPE_ACPI);
	e820__range_add_table(&kexec_table, 0x1fff0000, 0x10000, E820_TYPE_NVS);
	e820__range_add_table(&kexec_table, 0x20000000, 0x1000, E820_TYPE_UNUSABLE);
	e820__range_add_table(&kexec_table, 0x20001000, 0x1000, E820_TYPE_PMEM);
	e820__range_add_table(&kexec_table, 0x20002000, 0x1000, E820_TYPE_PRAM);
	e820__range_add_table(&kexec_table, 0x20003000, 0x1000, E820_TYPE_RESERVED_KERN);
	e820__range_add_table(&kexec_table, 0x20004000, 0x1000, E820_TYPE_SOFT_RESERVED);
	e820__range_add_table(&kexec_table, 0x20005000, 0x1000, (enum e820_type)6);

	kx_capture_start();
	pfs_dump(&kx_ns, KEXEC_FILE_E820_PATH);
	got = kx_capture_stop();
	KTEST_EXPECT_STREQ(t, got, "pfs: cannot dump /sys/kernel/hotmem/kexec_file_e820: ENOENT\n");

	kx.src.e820_kexec = &kexec_table;
	kx_capture_start();
	pfs_dump(&kx_ns, KEXEC_FILE_E820_PATH);
	got = kx_capture_stop();
	KTEST_EXPECT_STREQ(t, got,
			   "# dump-begin /sys/kernel/hotmem/kexec_file_e820\n"
			   "0000000000000000-000000000009fbff RAM\n"
			   "000000000009fc00-000000000009ffff RESERVED\n"
			   "0000000000100000-000000001ffdffff RAM\n"
			   "000000001ffe0000-000000001ffeffff ACPI\n"
			   "000000001fff0000-000000001fffffff ACPI_NVS\n"
			   "0000000020000000-0000000020000fff UNUSABLE\n"
			   "0000000020001000-0000000020001fff PMEM\n"
			   "0000000020002000-0000000020002fff PRAM\n"
			   "0000000020003000-0000000020003fff RESERVED_KERN\n"
			   "0000000020004000-0000000020004fff SOFT_RESERVED\n"
			   "0000000020005000-0000000020005fff UNKNOWN\n"
			   "# dump-end /sys/kernel/hotmem/kexec_file_e820\n");

	/* 130 entries: the zero page takes the first 128. */
	kexec_table = (struct e820_table){0};
	for (uint64_t i = 0; i < 130; i++)
		e820__range_add_table(&kexec_table, i * 0x2000, 0x1000, E820_TYPE_RAM);
	len += snprintf(want + len, sizeof(want) - len,
			"# dump-begin /sys/kernel/hotmem/kexec_file_e820\n");
	for (uint64_t i = 0; i < E820_MAX_ENTRIES_ZEROPAGE; i++)
		len += snprintf(want + len, sizeof(want) - len, "%016llx-%016llx RAM\n",
				(unsigned long long)(i * 0x2000),
				(unsigned long long)(i * 0x2000 + 0xfff));
	snprintf(want + len, sizeof(want) - len, "# dump-end /sys/kernel/hotmem/kexec_file_e820\n");
	kx_capture_start();
	pfs_dump(&kx_ns, KEXEC_FILE_E820_PATH);
	got = kx_capture_stop();
	KTEST_EXPECT_STREQ(t, got, want);
	kx.src.e820_kexec = NULL;
}

static const struct ktest_case kexec_file_cases[] = {
    KTEST_CASE(never_in_driver_managed),
    KTEST_CASE(first_fit_addresses),
    KTEST_CASE(rev_walk_flags_bug),
    KTEST_CASE(segments_avoided),
    KTEST_CASE(buf_min_max),
    KTEST_CASE(nothing_fits),
    KTEST_CASE(arguments),
    KTEST_CASE(kexec_file_ram_view),
    KTEST_CASE(low_kmem_skipped),
    KTEST_CASE(kexec_file_e820_view),
    {0},
};

static const struct ktest_suite kexec_file_suite = {
    .name = "kexec_file",
    .cases = kexec_file_cases,
    .init = kx_init,
    .exit = kx_exit,
};
KTEST_SUITE(kexec_file_suite);
