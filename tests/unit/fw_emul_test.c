/* Tests of the firmware emulation (mm/fw_emul.c): fw.e820= lists (types by
 * name and number, phantom RAM, bad items) and fw.hide= (explicit windows,
 * auto with enough and with too little memory, items that are not RAM or
 * overlap, none). Every case checks the view entry by entry, the windows and
 * phantom lists, the exact messages, and that the loader's map is untouched.
 *
 * Pictures use the 512 MiB QEMU pc map unless said otherwise:
 *   RAM 0-0x9fc00 | R 0x9fc00 | R 0xf0000 | RAM 0x100000-0x1ffe0000 | R ...
 * The tables and the struct fw_emul are static: these cases also run on the
 * 32 KiB kernel stack. */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/e820.h"
#include "mm/fw_emul.h"
#include "tests/unit/e820_test_util.h"

#define R(a, s)                           \
	{                                 \
		.start = (a), .size = (s) \
	}

#define M128 0x8000000ull

static struct e820_table loader, loader_copy;
static struct fw_emul fw;

static const struct e820_entry qemu_pc_256m[] = {
    E(0x0, 0x9fc00, RAM),
    E(0x9fc00, 0x400, RES),
    E(0xf0000, 0x10000, RES),
    E(0x100000, 0xfee0000, RAM),
    E(0xffe0000, 0x20000, RES),
    E(0xfffc0000, 0x40000, RES),
    E(0xfd00000000, 0x300000000, RES),
};

/* Kernel image at 1 MiB, boot information and a module low: what the kernel
 * passes as forbidden ranges. */
static const struct fw_range boot_data[] = {R(0x100000, 0x200000), R(0x10000, 0x1000),
					    R(0x400000, 0x0), R(0x800000, 0x3000)};

/* Loads the loader's map, keeps a copy to prove it is never written, and
 * starts the emulation from it. */
static void start(const struct e820_entry *e, size_t n)
{
	e820t_load(&loader, e, n);
	memcpy(&loader_copy, &loader, sizeof(loader));
	fw_emul_init(&fw, &loader);
}

#define START(a) start(a, ARRAY_SIZE(a))

static void expect_view_at(struct ktest *t, int line, const struct e820_entry *want, size_t n)
{
	e820t_expect_table_at(t, __FILE__, line, "view", &fw.view, want, n);
	if (memcmp(&loader, &loader_copy, sizeof(loader)) != 0)
		ktest_fail_at(t, __FILE__, line, "the loader's map was modified");
}

static void expect_ranges_at(struct ktest *t, int line, const char *what,
			     const struct fw_range *got, size_t ngot, const struct fw_range *want,
			     size_t n)
{
	if (ngot != n)
		ktest_fail_at(t, __FILE__, line, "%s: %zu ranges, want %zu", what, ngot, n);
	for (size_t i = 0; i < n && i < ngot; i++)
		if (got[i].start != want[i].start || got[i].size != want[i].size)
			ktest_fail_at(
			    t, __FILE__, line, "%s %zu is {%#llx, %#llx}, want {%#llx, %#llx}",
			    what, i, (unsigned long long)got[i].start,
			    (unsigned long long)got[i].size, (unsigned long long)want[i].start,
			    (unsigned long long)want[i].size);
}

static void expect_hidden_at(struct ktest *t, int line, const struct fw_range *want, size_t n)
{
	const struct fw_range *got;
	size_t ngot = fw_emul_hidden_windows(&fw, &got);

	expect_ranges_at(t, line, "window", got, ngot, want, n);
}

static void expect_phantom_at(struct ktest *t, int line, const struct fw_range *want, size_t n)
{
	const struct fw_range *got;
	size_t ngot = fw_emul_phantom_ranges(&fw, &got);

	expect_ranges_at(t, line, "phantom", got, ngot, want, n);
}

#define EXPECT_VIEW(t, want)	expect_view_at(t, __LINE__, want, ARRAY_SIZE(want))
#define EXPECT_HIDDEN(t, want)	expect_hidden_at(t, __LINE__, want, ARRAY_SIZE(want))
#define EXPECT_NO_HIDDEN(t)	expect_hidden_at(t, __LINE__, NULL, 0)
#define EXPECT_PHANTOM(t, want) expect_phantom_at(t, __LINE__, want, ARRAY_SIZE(want))
#define EXPECT_NO_PHANTOM(t)	expect_phantom_at(t, __LINE__, NULL, 0)

/* ------------------------------------------------------------------ */
/* basics                                                              */
/* ------------------------------------------------------------------ */

static void init_copies_loader(struct ktest *t)
{
	START(qemu_pc);
	EXPECT_VIEW(t, qemu_pc);
	EXPECT_NO_HIDDEN(t);
	EXPECT_NO_PHANTOM(t);
	KTEST_EXPECT_FALSE(t, fw.emulated);
	KTEST_EXPECT_FALSE(t, fw.hide_done);
	KTEST_EXPECT_EQ(t, fw.nr_bad, 0);
	KTEST_EXPECT_TRUE(t, fw.loader == &loader);
	CAPTURE(fw_emul_print(&fw));
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
}

static void parse_type(struct ktest *t)
{
	static const struct {
		const char *s;
		uint32_t type;
	} good[] = {
	    {"ram", RAM},	{"reserved", RES},    {"acpi", ACPI}, {"nvs", NVS},
	    {"unusable", UNUS}, {"pmem", PMEM},	      {"pram", PRAM}, {"soft", SOFT},
	    {"1", RAM},		{"0x2", RES},	      {"12", PRAM},   {"6", 6},
	    {"014", PRAM},	{"0xefffffff", SOFT},
	};
	static const char *const bad[] = {"",	"RAM",	       "Ram", "0",    "-1",
					  "+1", "0x100000000", "12x", "ram ", "soft_reserved"};
	enum e820_type ty;

	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		ty = (enum e820_type)0;
		if (fw_emul_parse_type(good[i].s, &ty) != 0 || ty != good[i].type)
			ktest_fail_at(t, __FILE__, __LINE__, "'%s' gave type %u, want %u",
				      good[i].s, (unsigned int)ty, good[i].type);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (fw_emul_parse_type(bad[i], &ty) != -EINVAL)
			ktest_fail_at(t, __FILE__, __LINE__, "'%s' accepted", bad[i]);
}

/* ------------------------------------------------------------------ */
/* fw.e820                                                             */
/* ------------------------------------------------------------------ */

/*
 *  Every type by name and by number. The RAM of the list is exactly the
 *  loader's RAM, so nothing is phantom.
 *    |RAM|R| |R|RAM ........ RAM|ACPI|NVS|UNUS|PMEM|PRAM|SOFT|6|
 *                               0x20000000, 1 MiB each
 */
static void e820_types_by_name_and_number(struct ktest *t)
{
	static const struct e820_entry want[] = {
	    E(0x0, 0x9fc00, RAM),	   E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),	   E(0x100000, 0x1fee0000, RAM),
	    E(0x20000000, 0x100000, ACPI), E(0x20100000, 0x100000, NVS),
	    E(0x20200000, 0x100000, UNUS), E(0x20300000, 0x100000, PMEM),
	    E(0x20400000, 0x100000, PRAM), E(0x20500000, 0x100000, SOFT),
	    E(0x20600000, 0x100000, 6),
	};
	int r;

	START(qemu_pc);
	CAPTURE(r = fw_emul_set_e820(&fw, "1M@0x20600000:0x6,0x9fc00@0:ram,0x400@0x9fc00:reserved,"
					  "64K@0xf0000:2,0x1fee0000@1M:1,1M@0x20000000:acpi,"
					  "1M@0x20100000:nvs,1M@0x20200000:unusable,"
					  "1M@0x20300000:pmem,1M@0x20400000:pram,"
					  "1M@0x20500000:soft"));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
	KTEST_EXPECT_TRUE(t, fw.emulated);
	KTEST_EXPECT_EQ(t, fw.nr_bad, 0);
	EXPECT_VIEW(t, want);
	EXPECT_NO_PHANTOM(t);
	EXPECT_NO_HIDDEN(t);
}

/*
 *  RAM that the loader does not have is phantom:
 *    list:   |RAM ...  RAM|   |RAM ................................ RAM|  |R|
 *            0      0xa0000   0x100000                     0x40100000
 *    loader: |RAM ..RAM|R|    |RAM ............. RAM|R|
 *                  0x9fc00                   0x1ffe0000
 *    phantom:          |p|                          |p p p p p p p p p|
 */
static void e820_phantom(struct ktest *t)
{
	static const struct e820_entry want[] = {E(0x0, 0xa0000, RAM), E(0x100000, 0x40000000, RAM),
						 E(0xffc00000, 0x400000, RES)};
	static const struct fw_range phantom[] = {R(0x9fc00, 0x400), R(0x1ffe0000, 0x20120000)};
	int r;

	START(qemu_pc);
	CAPTURE(r = fw_emul_set_e820(&fw, "640K@0:ram,1G@1M:ram,4M@0xffc00000:reserved"));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	EXPECT_VIEW(t, want);
	EXPECT_PHANTOM(t, phantom);
	KTEST_EXPECT_TRUE(t, fw_emul_is_real_ram(&fw, 0x100000, 0x1000));
	KTEST_EXPECT_TRUE(t, fw_emul_is_real_ram(&fw, 0x100000, 0x1fee0000));
	KTEST_EXPECT_FALSE(t, fw_emul_is_real_ram(&fw, 0x100000, 0x1fee0001));
	KTEST_EXPECT_FALSE(t, fw_emul_is_real_ram(&fw, 0x1ffd0000, 0x20000));
	KTEST_EXPECT_FALSE(t, fw_emul_is_real_ram(&fw, 0x100000, 0));
	KTEST_EXPECT_FALSE(t, fw_emul_is_real_ram(&fw, 0xfffffffffffff000, 0x2000));
	KTEST_EXPECT_FALSE(t, fw_emul_overlaps_phantom(&fw, 0x1ffdf000, 0x1000));
	KTEST_EXPECT_TRUE(t, fw_emul_overlaps_phantom(&fw, 0x1ffdf000, 0x2000));
	KTEST_EXPECT_TRUE(t, fw_emul_overlaps_phantom(&fw, 0x9f000, 0x1000));
	KTEST_EXPECT_FALSE(t, fw_emul_overlaps_phantom(&fw, 0x40100000, 0x1000));
	KTEST_EXPECT_FALSE(t, fw_emul_overlaps_phantom(&fw, 0xa0000, 0x60000));
	CAPTURE(fw_emul_print(&fw));
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "fw.e820: firmware map replaced by the command line (3 entries)\n"
			   "fw.e820: phantom RAM [mem 0x0009fc00-0x0009ffff] (not RAM in the "
			   "loader's map: never touched)\n"
			   "fw.e820: phantom RAM [mem 0x1ffe0000-0x400fffff] (not RAM in the "
			   "loader's map: never touched)\n");
}

/*
 *  Overlapping list items are resolved by sanitize precedence:
 *    512M@0:ram         |RAM ............................. RAM|
 *    64K@0xf0000:res              |R|
 *    view:              |RAM .....|R|RAM .................. RAM|
 *    phantom:              |p p p|                     |p|
 *                       0x9fc00-0xf0000          0x1ffe0000-0x20000000
 */
static void e820_overlapping_items(struct ktest *t)
{
	static const struct e820_entry want[] = {E(0x0, 0xf0000, RAM), E(0xf0000, 0x10000, RES),
						 E(0x100000, 0x1ff00000, RAM)};
	static const struct fw_range phantom[] = {R(0x9fc00, 0x50400), R(0x1ffe0000, 0x20000)};

	START(qemu_pc);
	KTEST_EXPECT_INT_EQ(t, fw_emul_set_e820(&fw, "512M@0:ram,64K@0xf0000:reserved"), 0);
	EXPECT_VIEW(t, want);
	EXPECT_PHANTOM(t, phantom);
}

/* One entry: sanitize does not run (it wants 2), the entry stands as given. */
static void e820_single_entry(struct ktest *t)
{
	static const struct e820_entry want[] = {E(0x0, 0x20000000, RAM)};
	static const struct fw_range phantom[] = {R(0x9fc00, 0x60400), R(0x1ffe0000, 0x20000)};

	START(qemu_pc);
	KTEST_EXPECT_INT_EQ(t, fw_emul_set_e820(&fw, "512M@0:ram"), 0);
	EXPECT_VIEW(t, want);
	EXPECT_PHANTOM(t, phantom);
}

/* Each bad item is named and skipped; the two good ones make the view. */
static void e820_bad_items(struct ktest *t)
{
	static const struct e820_entry want[] = {E(0x0, 0xa0000, RAM), E(0x100000, 0x100000, RAM)};
	static const struct fw_range phantom[] = {R(0x9fc00, 0x400)};
	int r;

	START(qemu_pc);
	CAPTURE(r = fw_emul_set_e820(&fw, "64M@0x1000:bogus,64M:ram,@0x1000:ram,0@0:ram,"
					  "64K@0xffffffffffff0000:ram,64M@0x1000:0,"
					  "64M@0x1000:0x100000000,64M@0x1000,x,640K@0:ram,"
					  "99999999999999999999@0:ram,1M@1M:ram,"
					  "1M@99999999999999999999:ram,"));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    "fw.e820: ignoring bad item '64M@0x1000:bogus': unknown type (a non-zero number, or "
	    "ram reserved acpi nvs unusable pmem pram soft)\n"
	    "fw.e820: ignoring bad item '64M:ram': expected size@start\n"
	    "fw.e820: ignoring bad item '@0x1000:ram': expected size@start\n"
	    "fw.e820: ignoring bad item '0@0:ram': size is 0\n"
	    "fw.e820: ignoring bad item '64K@0xffffffffffff0000:ram': range wraps past 2^64\n"
	    "fw.e820: ignoring bad item '64M@0x1000:0': unknown type (a non-zero number, or ram "
	    "reserved acpi nvs unusable pmem pram soft)\n"
	    "fw.e820: ignoring bad item '64M@0x1000:0x100000000': unknown type (a non-zero "
	    "number, or ram reserved acpi nvs unusable pmem pram soft)\n"
	    "fw.e820: ignoring bad item '64M@0x1000': expected size@start:type\n"
	    "fw.e820: ignoring bad item 'x': expected size@start\n"
	    "fw.e820: ignoring bad item '99999999999999999999@0:ram': size overflows 64 bits\n"
	    "fw.e820: ignoring bad item '1M@99999999999999999999:ram': start overflows 64 bits\n"
	    "fw.e820: ignoring bad item '': expected size@start\n");
	KTEST_EXPECT_EQ(t, fw.nr_bad, 12);
	KTEST_EXPECT_TRUE(t, fw.emulated);
	EXPECT_VIEW(t, want);
	EXPECT_PHANTOM(t, phantom);
}

/* Nothing valid: the loader's map stays the view. */
static void e820_all_bad(struct ktest *t)
{
	int r;

	START(qemu_pc);
	CAPTURE(r = fw_emul_set_e820(&fw, "junk"));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "fw.e820: ignoring bad item 'junk': expected size@start\n"
			   "fw.e820: no valid entries; keeping the loader's map\n");
	KTEST_EXPECT_FALSE(t, fw.emulated);
	EXPECT_VIEW(t, qemu_pc);
	EXPECT_NO_PHANTOM(t);
	CAPTURE(r = fw_emul_set_e820(&fw, NULL));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "fw.e820: ignoring bad item '': expected size@start\n"
			   "fw.e820: no valid entries; keeping the loader's map\n");
}

/* fw.e820 after fw.hide would undo the hiding: refused. */
static void e820_after_hide(struct ktest *t)
{
	START(qemu_pc);
	KTEST_EXPECT_INT_EQ(t, fw_emul_hide(&fw, "none", M128, NULL, 0), 0);
	KTEST_EXPECT_INT_EQ(t, fw_emul_set_e820(&fw, "512M@0:ram"), -EBUSY);
	EXPECT_VIEW(t, qemu_pc);
}

/* ------------------------------------------------------------------ */
/* fw.hide explicit                                                    */
/* ------------------------------------------------------------------ */

/*
 *  fw.hide=128M@0x8000000
 *    loader: |RAM ................................ RAM|R|
 *            0x100000                         0x1ffe0000
 *    view:   |RAM ....... |  window  |RAM ........ RAM|R|
 *                   0x8000000   0x10000000
 */
static void hide_explicit(struct ktest *t)
{
	static const struct e820_entry want[] = {
	    E(0x0, 0x9fc00, RAM),	   E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),	   E(0x100000, 0x7f00000, RAM),
	    E(0x10000000, 0xffe0000, RAM), E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),   E(0xfd00000000, 0x300000000, RES),
	};
	static const struct fw_range win[] = {R(0x8000000, M128)};
	int r;

	START(qemu_pc);
	CAPTURE(r = fw_emul_hide(&fw, "128M@0x8000000", M128, NULL, 0));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
	KTEST_EXPECT_TRUE(t, fw.hide_done);
	KTEST_EXPECT_FALSE(t, fw.hide_auto);
	EXPECT_VIEW(t, want);
	EXPECT_HIDDEN(t, win);
	EXPECT_NO_PHANTOM(t);
	/* A hidden window is still real RAM: it is meant to be hot-added. */
	KTEST_EXPECT_TRUE(t, fw_emul_is_real_ram(&fw, 0x8000000, M128));
	CAPTURE(fw_emul_print(&fw));
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "fw.hide: window [mem 0x08000000-0x0fffffff] hidden from the firmware "
			   "map\n");
}

/* A listed window over the kernel image (or boot data) is refused by name,
 * as auto avoids them: it used to hide the kernel's bss from iomem and let
 * hotmem_test claim live kernel data. The other item still applies. */
static void hide_refuses_kernel_image(struct ktest *t)
{
	static const struct fw_range forbidden[] = {R(0x100000, 0x400000), R(0x9000, 0x1000)};
	static const struct fw_range win[] = {R(0x10000000, M128)};
	int r;

	START(qemu_pc);
	CAPTURE(r = fw_emul_hide(&fw, "126M@0x200000,128M@0x10000000", M128, forbidden, 2));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "fw.hide: ignoring bad item '126M@0x200000': overlaps the kernel image "
			   "or boot data\n");
	EXPECT_HIDDEN(t, win);
	KTEST_EXPECT_EQ(t, fw.nr_bad, 1);
}

/*
 *  Two windows given high first, and two touching ones:
 *    64M@0x10000000,64M@0x4000000  -> windows sorted by address
 *    16M@0x2000000,16M@0x3000000   -> touching is not overlapping: both kept
 *  Also a window cut from the low RAM (0x0-0x9fc00).
 */
static void hide_several_windows(struct ktest *t)
{
	static const struct e820_entry want[] = {
	    E(0x0, 0x9fc00, RAM),
	    E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),
	    E(0x100000, 0x3f00000, RAM),
	    E(0x8000000, 0x8000000, RAM),
	    E(0x14000000, 0xbfe0000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),
	    E(0xfd00000000, 0x300000000, RES),
	};
	static const struct fw_range win[] = {R(0x4000000, 0x4000000), R(0x10000000, 0x4000000)};
	static const struct e820_entry want2[] = {
	    E(0x0, 0x10000, RAM),
	    E(0x20000, 0x7fc00, RAM),
	    E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),
	    E(0x100000, 0x1f00000, RAM),
	    E(0x4000000, 0x1bfe0000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),
	    E(0xfd00000000, 0x300000000, RES),
	};
	static const struct fw_range win2[] = {R(0x10000, 0x10000), R(0x2000000, 0x1000000),
					       R(0x3000000, 0x1000000)};

	START(qemu_pc);
	KTEST_EXPECT_INT_EQ(t, fw_emul_hide(&fw, "64M@0x10000000,64M@0x4000000", M128, NULL, 0), 0);
	EXPECT_VIEW(t, want);
	EXPECT_HIDDEN(t, win);

	START(qemu_pc);
	KTEST_EXPECT_INT_EQ(
	    t, fw_emul_hide(&fw, "16M@0x2000000,16M@0x3000000,64K@0x10000", M128, NULL, 0), 0);
	EXPECT_VIEW(t, want2);
	EXPECT_HIDDEN(t, win2);
}

/* Items that are not (entirely) RAM in the loader's map are refused by name;
 * the good one is applied. */
static void hide_not_ram(struct ktest *t)
{
	static const struct e820_entry want[] = {
	    E(0x0, 0x9fc00, RAM),	   E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),	   E(0x100000, 0x3f00000, RAM),
	    E(0x8000000, 0x17fe0000, RAM), E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),   E(0xfd00000000, 0x300000000, RES),
	};
	static const struct fw_range win[] = {R(0x4000000, 0x4000000)};
	int r;

	START(qemu_pc);
	CAPTURE(r = fw_emul_hide(&fw,
				 "64K@0xf0000,1M@0x1ff00000,1M@0x40000000,64M@0x4000000,"
				 "4K@0x9f000",
				 M128, NULL, 0));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    "fw.hide: ignoring bad item '64K@0xf0000': not RAM in the loader's map\n"
	    "fw.hide: ignoring bad item '1M@0x1ff00000': not RAM in the loader's "
	    "map\n"
	    "fw.hide: ignoring bad item '1M@0x40000000': not RAM in the loader's "
	    "map\n"
	    "fw.hide: ignoring bad item '4K@0x9f000': not RAM in the loader's map\n");
	KTEST_EXPECT_EQ(t, fw.nr_bad, 4);
	EXPECT_VIEW(t, want);
	EXPECT_HIDDEN(t, win);
}

/*
 *  Overlapping items are all refused (which one was meant is unknown):
 *    128M@0x8000000   |=========|
 *    64M@0xc000000         |=========|
 *    16M@0x2000000  |==|                     <- alone: kept
 *    and an item given twice is refused twice.
 */
static void hide_overlap(struct ktest *t)
{
	static const struct e820_entry want[] = {
	    E(0x0, 0x9fc00, RAM),	   E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),	   E(0x100000, 0x1f00000, RAM),
	    E(0x3000000, 0x1cfe0000, RAM), E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),   E(0xfd00000000, 0x300000000, RES),
	};
	static const struct fw_range win[] = {R(0x2000000, 0x1000000)};
	int r;

	START(qemu_pc);
	CAPTURE(r = fw_emul_hide(&fw,
				 "128M@0x8000000,64M@0xc000000,16M@0x2000000,4M@0x1800000,"
				 "4M@0x1800000",
				 M128, NULL, 0));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "fw.hide: ignoring bad item '128M@0x8000000': overlaps another item\n"
			   "fw.hide: ignoring bad item '64M@0xc000000': overlaps another item\n"
			   "fw.hide: ignoring bad item '4M@0x1800000': overlaps another item\n"
			   "fw.hide: ignoring bad item '4M@0x1800000': overlaps another item\n");
	EXPECT_VIEW(t, want);
	EXPECT_HIDDEN(t, win);
}

/* Syntax errors: each named; nothing hidden. */
static void hide_bad_syntax(struct ktest *t)
{
	const struct fw_range *w;
	int r;

	START(qemu_pc);
	CAPTURE(r = fw_emul_hide(&fw,
				 "auto,64M,64M@0x1000000x,0x1001@0x2000000,64M@0x1000001,"
				 "0@0x1000000,none,64K@0xffffffffffff8000,,16E@0",
				 M128, NULL, 0));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    "fw.hide: ignoring bad item 'auto': auto and none must stand alone\n"
	    "fw.hide: ignoring bad item '64M': expected size@start\n"
	    "fw.hide: ignoring bad item '64M@0x1000000x': trailing characters after the start "
	    "address\n"
	    "fw.hide: ignoring bad item '0x1001@0x2000000': not 4 KiB aligned\n"
	    "fw.hide: ignoring bad item '64M@0x1000001': not 4 KiB aligned\n"
	    "fw.hide: ignoring bad item '0@0x1000000': size is 0\n"
	    "fw.hide: ignoring bad item 'none': auto and none must stand alone\n"
	    "fw.hide: ignoring bad item '64K@0xffffffffffff8000': range wraps past 2^64\n"
	    "fw.hide: ignoring bad item '': expected size@start\n"
	    "fw.hide: ignoring bad item '16E@0': size overflows 64 bits\n");
	KTEST_EXPECT_EQ(t, fw.nr_bad, 10);
	KTEST_EXPECT_TRUE(t, fw.hide_done);
	EXPECT_VIEW(t, qemu_pc);
	EXPECT_NO_HIDDEN(t);
	KTEST_EXPECT_EQ(t, fw_emul_hidden_windows(&fw, &w), 0);
}

/* At most FW_EMUL_MAX_HIDE windows and twice as many items. */
static void hide_too_many(struct ktest *t)
{
	static char list[512];
	size_t len = 0;
	int r;

	/* 17 items of 4 KiB, 1 MiB apart from 16 MiB up. */
	for (int i = 0; i < 17; i++) {
		static const char hex[] = "0123456789abcdef";
		const char *prefix = i ? ",4K@0x1" : "4K@0x1";

		memcpy(list + len, prefix, strlen(prefix));
		len += strlen(prefix);
		list[len++] = hex[i % 16];
		memcpy(list + len, i == 16 ? "00001" : "00000", 5);
		len += 5;
		/* the 17th at 0x1000001 is also misaligned, but never looked at */
	}
	list[len] = '\0';
	START(qemu_pc);
	CAPTURE(r = fw_emul_hide(&fw, list, M128, NULL, 0));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "fw.hide: ignoring bad item '4K@0x1800000': too many windows\n"
			   "fw.hide: ignoring bad item '4K@0x1900000': too many windows\n"
			   "fw.hide: ignoring bad item '4K@0x1a00000': too many windows\n"
			   "fw.hide: ignoring bad item '4K@0x1b00000': too many windows\n"
			   "fw.hide: ignoring bad item '4K@0x1c00000': too many windows\n"
			   "fw.hide: ignoring bad item '4K@0x1d00000': too many windows\n"
			   "fw.hide: ignoring bad item '4K@0x1e00000': too many windows\n"
			   "fw.hide: ignoring bad item '4K@0x1f00000': too many windows\n"
			   "fw.hide: ignoring bad item '4K@0x1000001': too many items\n");
	KTEST_EXPECT_EQ(t, fw.nr_hidden, FW_EMUL_MAX_HIDE);
	KTEST_EXPECT_EQ(t, fw.hidden[7].start, 0x1700000);
	KTEST_EXPECT_EQ(t, fw.view.nr_entries, 7 + FW_EMUL_MAX_HIDE);
}

/* fw.hide=none: the view stays the loader's map. Empty values and a second
 * fw.hide are refused. */
static void hide_none_and_refusals(struct ktest *t)
{
	int r;

	START(qemu_pc);
	CAPTURE(r = fw_emul_hide(&fw, "", M128, NULL, 0));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    "fw.hide: ignoring empty value (expected auto, none or size@start[,...])\n");
	KTEST_EXPECT_FALSE(t, fw.hide_done);
	CAPTURE(r = fw_emul_hide(&fw, NULL, M128, NULL, 0));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    "fw.hide: ignoring empty value (expected auto, none or size@start[,...])\n");
	CAPTURE(r = fw_emul_hide(&fw, "none", M128, NULL, 0));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
	KTEST_EXPECT_TRUE(t, fw.hide_done);
	EXPECT_VIEW(t, qemu_pc);
	EXPECT_NO_HIDDEN(t);
	KTEST_EXPECT_INT_EQ(t, fw_emul_hide(&fw, "64M@0x4000000", M128, NULL, 0), -EBUSY);
	EXPECT_VIEW(t, qemu_pc);
	CAPTURE(fw_emul_print(&fw));
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
}

/* ------------------------------------------------------------------ */
/* fw.hide=auto                                                        */
/* ------------------------------------------------------------------ */

/*
 *  512 MiB, 128 MiB blocks: the RAM above 16 MiB ends at 0x1ffe0000, so the
 *  highest two whole blocks are 0x08000000 and 0x10000000.
 *    RAM:   |...|blk 1 ...|blk 2|blk 3|blk|R|
 *           0x100000      0x8000000   0x18000000
 *    view:  |RAM|  window | window |RAM  |R|
 */
static void hide_auto_enough(struct ktest *t)
{
	static const struct e820_entry want[] = {
	    E(0x0, 0x9fc00, RAM),	   E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),	   E(0x100000, 0x7f00000, RAM),
	    E(0x18000000, 0x7fe0000, RAM), E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),   E(0xfd00000000, 0x300000000, RES),
	};
	static const struct fw_range win[] = {R(0x8000000, M128), R(0x10000000, M128)};
	int r;

	START(qemu_pc);
	CAPTURE(r = fw_emul_hide(&fw, "auto", M128, boot_data, ARRAY_SIZE(boot_data)));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
	KTEST_EXPECT_TRUE(t, fw.hide_auto);
	EXPECT_VIEW(t, want);
	EXPECT_HIDDEN(t, win);
	CAPTURE(fw_emul_print(&fw));
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "fw.hide: window [mem 0x08000000-0x0fffffff] hidden from the firmware "
			   "map\n"
			   "fw.hide: window [mem 0x10000000-0x17ffffff] hidden from the firmware "
			   "map\n");
}

/*
 *  1 GiB with a forbidden page at 0x2c000000 (a module, say): the pairs
 *  0x28-0x38 and 0x20-0x30 (in units of 0x1000000) contain it, so the pick
 *  moves down one block at a time to 0x18000000-0x28000000.
 *    RAM:  ... |blk|blk|blk|blk|blk|blk|blk|   0x8000000 .. 0x38000000
 *                          ^x (forbidden)
 */
static void hide_auto_avoids_forbidden(struct ktest *t)
{
	static const struct fw_range forbidden[] = {R(0x100000, 0x200000), R(0x2c000000, 0x1000)};
	static const struct fw_range win[] = {R(0x18000000, M128), R(0x20000000, M128)};

	START(qemu_pc_1g);
	KTEST_EXPECT_INT_EQ(t, fw_emul_hide(&fw, "auto", M128, forbidden, ARRAY_SIZE(forbidden)),
			    0);
	EXPECT_HIDDEN(t, win);
	KTEST_EXPECT_EQ(t, fw.view.entries[3].addr, 0x100000);
	KTEST_EXPECT_EQ(t, fw.view.entries[3].size, 0x17f00000);
	KTEST_EXPECT_EQ(t, fw.view.entries[4].addr, 0x28000000);
	KTEST_EXPECT_EQ(t, fw.view.entries[4].size, 0x17fe0000);
	KTEST_EXPECT_EQ(t, fw.view.entries[4].type, RAM);
}

/*
 *  The highest RAM entry is too small for two blocks: the next one down is
 *  used.
 *    |RAM ........................ RAM|RES|RAM 64M|
 *    0x100000                 0x30000000    0x38000000-0x3c000000
 *    windows: 0x20000000, 0x28000000
 */
static void hide_auto_lower_entry(struct ktest *t)
{
	static const struct e820_entry map[] = {E(0x0, 0x9fc00, RAM), E(0x100000, 0x2ff00000, RAM),
						E(0x30000000, 0x8000000, RES),
						E(0x38000000, 0x4000000, RAM)};
	static const struct e820_entry want[] = {E(0x0, 0x9fc00, RAM), E(0x100000, 0x1ff00000, RAM),
						 E(0x30000000, 0x8000000, RES),
						 E(0x38000000, 0x4000000, RAM)};
	static const struct fw_range win[] = {R(0x20000000, M128), R(0x28000000, M128)};

	START(map);
	KTEST_EXPECT_INT_EQ(t, fw_emul_hide(&fw, "auto", M128, NULL, 0), 0);
	EXPECT_VIEW(t, want);
	EXPECT_HIDDEN(t, win);
}

/*
 *  256 MiB: RAM ends at 0x0ffe0000, so above 16 MiB there is one whole
 *  128 MiB block (0x08000000) and no pair: -ENOSPC, reason printed, nothing
 *  hidden. With 32 MiB blocks the same machine has room: 0x0a000000 and
 *  0x0c000000.
 */
static void hide_auto_too_little(struct ktest *t)
{
	static const struct fw_range win32[] = {R(0xa000000, 0x2000000), R(0xc000000, 0x2000000)};
	int r;

	START(qemu_pc_256m);
	CAPTURE(r = fw_emul_hide(&fw, "auto", M128, boot_data, ARRAY_SIZE(boot_data)));
	KTEST_EXPECT_INT_EQ(t, r, -ENOSPC);
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    "fw.hide=auto: no room for 2 consecutive memory blocks of 0x8000000 bytes "
	    "in real RAM at or above 0x1000000, clear of the kernel and boot data; "
	    "nothing hidden\n");
	EXPECT_VIEW(t, qemu_pc_256m);
	EXPECT_NO_HIDDEN(t);
	KTEST_EXPECT_FALSE(t, fw.hide_auto);

	START(qemu_pc_256m);
	KTEST_EXPECT_INT_EQ(
	    t, fw_emul_hide(&fw, "auto", 0x2000000, boot_data, ARRAY_SIZE(boot_data)), 0);
	EXPECT_HIDDEN(t, win32);
}

/* Everything forbidden: no room either. */
static void hide_auto_all_forbidden(struct ktest *t)
{
	static const struct fw_range all[] = {R(0x0, 1ull << 40)};

	START(qemu_pc_1g);
	CAPTURE(KTEST_EXPECT_INT_EQ(t, fw_emul_hide(&fw, "auto", M128, all, 1), -ENOSPC));
	EXPECT_VIEW(t, qemu_pc_1g);
	EXPECT_NO_HIDDEN(t);
}

/* A block size that is not a power of two >= 4 KiB is refused, and the
 * caller may try again. */
static void hide_auto_bad_block_size(struct ktest *t)
{
	START(qemu_pc);
	CAPTURE({
		KTEST_EXPECT_INT_EQ(t, fw_emul_hide(&fw, "auto", 0x300000, NULL, 0), -EINVAL);
		KTEST_EXPECT_INT_EQ(t, fw_emul_hide(&fw, "auto", 0, NULL, 0), -EINVAL);
		KTEST_EXPECT_INT_EQ(t, fw_emul_hide(&fw, "auto", 2048, NULL, 0), -EINVAL);
	});
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "fw.hide=auto: block size 0x300000 is not a power of two >= 4 KiB\n"
			   "fw.hide=auto: block size 0x0 is not a power of two >= 4 KiB\n"
			   "fw.hide=auto: block size 0x800 is not a power of two >= 4 KiB\n");
	KTEST_EXPECT_FALSE(t, fw.hide_done);
	EXPECT_VIEW(t, qemu_pc);
	KTEST_EXPECT_INT_EQ(t, fw_emul_hide(&fw, "auto", M128, NULL, 0), 0);
	KTEST_EXPECT_EQ(t, fw.nr_hidden, 2);
}

/* ------------------------------------------------------------------ */
/* fw.e820 and fw.hide together                                        */
/* ------------------------------------------------------------------ */

/*
 *  With fw.e820=0x9fc00@0:ram,1G@1M:ram the RAM above 0x1ffe0000 is phantom:
 *  hiding it is refused (not real RAM), hiding real RAM works. And RAM that
 *  the list reports as reserved cannot be hidden either.
 */
static void hide_with_emulated_view(struct ktest *t)
{
	static const struct e820_entry want[] = {E(0x0, 0x9fc00, RAM), E(0x100000, 0x7f00000, RAM),
						 E(0xc000000, 0x34100000, RAM)};
	static const struct fw_range phantom[] = {R(0x1ffe0000, 0x20120000)};
	static const struct fw_range win[] = {R(0x8000000, 0x4000000)};
	int r;

	START(qemu_pc);
	KTEST_ASSERT_INT_EQ(t, fw_emul_set_e820(&fw, "0x9fc00@0:ram,1G@1M:ram"), 0);
	CAPTURE(r = fw_emul_hide(&fw, "64M@0x20000000,64M@0x8000000", M128, NULL, 0));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "fw.hide: ignoring bad item '64M@0x20000000': not RAM in the loader's "
			   "map\n");
	EXPECT_VIEW(t, want);
	EXPECT_HIDDEN(t, win);
	EXPECT_PHANTOM(t, phantom);

	START(qemu_pc);
	KTEST_ASSERT_INT_EQ(
	    t, fw_emul_set_e820(&fw, "0x9fc00@0:ram,0x1fee0000@1M:ram,64M@0x18000000:reserved"), 0);
	CAPTURE(r = fw_emul_hide(&fw, "64M@0x18000000", M128, NULL, 0));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "fw.hide: ignoring bad item '64M@0x18000000': not RAM in the firmware "
			   "view\n");
	EXPECT_NO_HIDDEN(t);
}

/* size@start:phantom hides fw.e820= RAM the machine lacks, for a hot-add that
 * is bookkeeping only; it must be phantom all through, and in the view. */
static void hide_phantom_window(struct ktest *t)
{
	static const struct e820_entry want[] = {E(0x0, 0x9fc00, RAM), E(0x100000, 0x7f00000, RAM),
						 E(0xc000000, 0x14000000, RAM),
						 E(0x30000000, 0x10100000, RAM)};
	static const struct fw_range win[] = {R(0x8000000, 0x4000000), R(0x20000000, 0x10000000)};
	static const struct fw_range phantom[] = {R(0x1ffe0000, 0x20120000)};
	int r;

	START(qemu_pc);
	KTEST_ASSERT_INT_EQ(t, fw_emul_set_e820(&fw, "0x9fc00@0:ram,1G@1M:ram"), 0);
	CAPTURE(r = fw_emul_hide(
		    &fw,
		    "64M@0x8000000,256M@0x20000000:phantom,64M@0xc000000:phantom,"
		    "64M@0x1ff00000:phantom,64M@0x50000000:phantom,64M@0x44000000:phantomx",
		    M128, NULL, 0));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    "fw.hide: ignoring bad item '64M@0xc000000:phantom': not phantom RAM "
	    "(RAM in the loader's map)\n"
	    "fw.hide: ignoring bad item '64M@0x1ff00000:phantom': not phantom RAM "
	    "(RAM in the loader's map)\n"
	    "fw.hide: ignoring bad item '64M@0x50000000:phantom': not RAM in the "
	    "firmware view\n"
	    "fw.hide: ignoring bad item '64M@0x44000000:phantomx': trailing characters "
	    "after the start address\n");
	EXPECT_VIEW(t, want);
	EXPECT_HIDDEN(t, win);
	EXPECT_PHANTOM(t, phantom);
	CAPTURE(fw_emul_print(&fw));
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "fw.e820: firmware map replaced by the command line (4 entries)\n"
			   "fw.e820: phantom RAM [mem 0x1ffe0000-0x400fffff] (not RAM in the "
			   "loader's map: never touched)\n"
			   "fw.hide: window [mem 0x08000000-0x0bffffff] hidden from the firmware "
			   "map\n"
			   "fw.hide: window [mem 0x20000000-0x2fffffff] hidden from the firmware "
			   "map (phantom)\n");
}

/* auto never picks phantom RAM: with 2 GiB of list RAM on a 512 MiB
 * machine it still takes the two real blocks. */
static void hide_auto_skips_phantom(struct ktest *t)
{
	static const struct e820_entry want[] = {E(0x0, 0x9fc00, RAM), E(0x100000, 0x7f00000, RAM),
						 E(0x18000000, 0x68100000, RAM)};
	static const struct fw_range win[] = {R(0x8000000, M128), R(0x10000000, M128)};
	static const struct fw_range phantom[] = {R(0x1ffe0000, 0x60120000)};

	START(qemu_pc);
	KTEST_ASSERT_INT_EQ(t, fw_emul_set_e820(&fw, "0x9fc00@0:ram,2G@1M:ram"), 0);
	KTEST_EXPECT_INT_EQ(t, fw_emul_hide(&fw, "auto", M128, boot_data, ARRAY_SIZE(boot_data)),
			    0);
	EXPECT_VIEW(t, want);
	EXPECT_HIDDEN(t, win);
	EXPECT_PHANTOM(t, phantom);
}

/* fw.e820=15E@0:ram on a CPU with 40 address bits: the view ends at 1 TiB,
 * the cut is named, and the phantom set is the RAM up to there only. A
 * second entry wholly above is dropped; at 64 bits nothing changes. */
static void clamp_phys_bits(struct ktest *t)
{
	static const struct e820_entry want[] = {E(0, 0x10000000000ull, RAM)};
	static const struct fw_range phantom[] = {R(0x9fc00, 0x60400),
						  R(0x1ffe0000, 0x10000000000ull - 0x1ffe0000)};

	START(qemu_pc);
	KTEST_ASSERT_INT_EQ(t, fw_emul_set_e820(&fw, "15E@0:ram,1T@0xf000000000000000:reserved"),
			    0);
	KTEST_EXPECT_INT_EQ(t, fw_emul_clamp_phys(&fw, 64), 0);
	KTEST_EXPECT_INT_EQ(t, fw.view.nr_entries, 2);
	CAPTURE(KTEST_EXPECT_INT_EQ(t, fw_emul_clamp_phys(&fw, 40), 2));
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    "fw.e820: dropping [mem 0x0000010000000000-0xefffffffffffffff] usable: "
	    "beyond the CPU's physical address width (40 bits)\n"
	    "fw.e820: dropping [mem 0xf000000000000000-0xf00000ffffffffff] reserved: "
	    "beyond the CPU's physical address width (40 bits)\n");
	EXPECT_VIEW(t, want);
	EXPECT_PHANTOM(t, phantom);
	/* Again: nothing left to cut, nothing said. */
	CAPTURE(KTEST_EXPECT_INT_EQ(t, fw_emul_clamp_phys(&fw, 40), 0));
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
}

/* Without fw.e820 the view is the loader's map, named as e820; a table of
 * one entry wholly above the width ends empty. */
static void clamp_phys_bits_loader(struct ktest *t)
{
	static const struct e820_entry high[] = {E(0x100000000000ull, 0x1000, RAM)};

	START(high);
	CAPTURE(KTEST_EXPECT_INT_EQ(t, fw_emul_clamp_phys(&fw, 36), 1));
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "e820: dropping [mem 0x0000100000000000-0x0000100000000fff] usable: "
			   "beyond the CPU's physical address width (36 bits)\n");
	KTEST_EXPECT_INT_EQ(t, fw.view.nr_entries, 0);
	EXPECT_NO_PHANTOM(t);
}

static const struct ktest_case fw_emul_cases[] = {
    KTEST_CASE(init_copies_loader),
    KTEST_CASE(parse_type),
    KTEST_CASE(e820_types_by_name_and_number),
    KTEST_CASE(e820_phantom),
    KTEST_CASE(e820_overlapping_items),
    KTEST_CASE(e820_single_entry),
    KTEST_CASE(e820_bad_items),
    KTEST_CASE(e820_all_bad),
    KTEST_CASE(e820_after_hide),
    KTEST_CASE(hide_explicit),
    KTEST_CASE(hide_refuses_kernel_image),
    KTEST_CASE(hide_several_windows),
    KTEST_CASE(hide_not_ram),
    KTEST_CASE(hide_overlap),
    KTEST_CASE(hide_bad_syntax),
    KTEST_CASE(hide_too_many),
    KTEST_CASE(hide_none_and_refusals),
    KTEST_CASE(hide_auto_enough),
    KTEST_CASE(hide_auto_avoids_forbidden),
    KTEST_CASE(hide_auto_lower_entry),
    KTEST_CASE(hide_auto_too_little),
    KTEST_CASE(hide_auto_all_forbidden),
    KTEST_CASE(hide_auto_bad_block_size),
    KTEST_CASE(hide_with_emulated_view),
    KTEST_CASE(hide_phantom_window),
    KTEST_CASE(hide_auto_skips_phantom),
    KTEST_CASE(clamp_phys_bits),
    KTEST_CASE(clamp_phys_bits_loader),
    {0},
};

static const struct ktest_suite fw_emul_suite = {.name = "fw_emul", .cases = fw_emul_cases};
KTEST_SUITE(fw_emul_suite);
