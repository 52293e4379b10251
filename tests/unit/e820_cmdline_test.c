/* Tests of mem= and memmap= (mm/e820_cmdline.c): every form, the errors,
 * the order of edits and the precedence that sanitize applies, and the
 * "user-defined physical RAM map:" print, checked against the Linux captures
 * in refdata where they exist.
 *
 * Pictures: addresses of the 512 MiB QEMU pc table unless said otherwise;
 *   RAM 0-0x9fc00 | R | .. | R 0xf0000 | RAM 0x100000-0x1ffe0000 | R | .. R R
 * Every case starts from a freshly loaded table and e820_userdef cleared
 * (suite init). Tables are static: these cases also run on the kernel stack. */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/limits.h"
#include "lib/string.h"
#include "mm/e820.h"
#include "mm/e820_cmdline.h"
#include "tests/unit/e820_test_util.h"

static struct e820_table tbl;

#define USER_HEAD "user-defined physical RAM map:\n"
#define USER_LOW                                                       \
	"user: [mem 0x0000000000000000-0x000000000009fbff] usable\n"   \
	"user: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n" \
	"user: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
#define USER_HIGH                                                      \
	"user: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved\n" \
	"user: [mem 0x000000fd00000000-0x000000ffffffffff] reserved\n"

static int init(struct ktest *t)
{
	e820_cmdline_reset();
	e820__table_reset(&tbl);
	return 0;
}

#define LOAD(a) e820t_load(&tbl, a, ARRAY_SIZE(a))
#define EXPECT_TABLE(t, want) \
	e820t_expect_table_at(t, __FILE__, __LINE__, "table", &tbl, want, ARRAY_SIZE(want))

/* ------------------------------------------------------------------ */
/* mem=                                                                */
/* ------------------------------------------------------------------ */

/*
 *  mem=256M:  RAM above 0x10000000 goes; the rest is left as it is.
 *    before: |RAM|R| |R|RAM ........................ RAM|R|
 *    after:  |RAM|R| |R|RAM ..... RAM|                   |R|
 *                                    0x10000000
 */
static void mem_cutoff(struct ktest *t)
{
	static const struct e820_entry out[] = {
	    E(0x0, 0x9fc00, RAM),
	    E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),
	    E(0x100000, 0xff00000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),
	    E(0xfd00000000, 0x300000000, RES),
	};
	uint64_t max = 0;
	int r;

	LOAD(qemu_pc);
	CAPTURE(r = parse_memopt(&tbl, "256M", &max));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "e820: remove [mem 0x10000000-0xfffffffffffffffe] usable\n");
	KTEST_EXPECT_EQ(t, max, 0x10000000);
	KTEST_EXPECT_TRUE(t, e820_userdef);
	EXPECT_TABLE(t, out);
	CAPTURE(r = e820__finish_early_params(&tbl));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    USER_HEAD USER_LOW
	    "user: [mem 0x0000000000100000-0x000000000fffffff] usable\n"
	    "user: [mem 0x000000001ffe0000-0x000000001fffffff] reserved\n" USER_HIGH);
	EXPECT_TABLE(t, out);
}

/* Hex, K and G forms; a cutoff above all RAM removes nothing but still
 * counts as a user map. */
static void mem_forms(struct ktest *t)
{
	uint64_t max = 0;

	LOAD(qemu_pc);
	CAPTURE(KTEST_EXPECT_INT_EQ(t, parse_memopt(&tbl, "0x8000000", &max), 0));
	KTEST_EXPECT_EQ(t, max, 0x8000000);
	KTEST_EXPECT_EQ(t, tbl.entries[3].size, 0x7f00000);
	LOAD(qemu_pc);
	CAPTURE(KTEST_EXPECT_INT_EQ(t, parse_memopt(&tbl, "131072k", &max), 0));
	KTEST_EXPECT_EQ(t, max, 0x8000000);
	KTEST_EXPECT_EQ(t, tbl.entries[3].size, 0x7f00000);
	LOAD(qemu_pc);
	e820_cmdline_reset();
	CAPTURE(KTEST_EXPECT_INT_EQ(t, parse_memopt(&tbl, "1G", &max), 0));
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "e820: remove [mem 0x40000000-0xfffffffffffffffe] usable\n");
	KTEST_EXPECT_EQ(t, max, 0x40000000);
	KTEST_EXPECT_TRUE(t, e820_userdef);
	EXPECT_TABLE(t, qemu_pc);
	/* max_mem_size is optional */
	CAPTURE(KTEST_EXPECT_INT_EQ(t, parse_memopt(&tbl, "2G", NULL), 0));
}

/*
 *  mem=512K cuts inside the low RAM; the high RAM entry is zeroed in place
 *  and disappears at sanitize.
 *    after: |RAM|  |R| |R|                  |R|  |R| |R|
 *           0-0x80000
 */
static void mem_cut_in_low_ram(struct ktest *t)
{
	static const struct e820_entry out[] = {
	    E(0x0, 0x80000, RAM),	 E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),	 E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES), E(0xfd00000000, 0x300000000, RES),
	};

	LOAD(qemu_pc);
	CAPTURE({
		KTEST_EXPECT_INT_EQ(t, parse_memopt(&tbl, "512K", NULL), 0);
		KTEST_EXPECT_INT_EQ(t, e820__finish_early_params(&tbl), 0);
	});
	EXPECT_TABLE(t, out);
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    "e820: remove [mem 0x00080000-0xfffffffffffffffe] usable\n" USER_HEAD
	    "user: [mem 0x0000000000000000-0x000000000007ffff] usable\n"
	    "user: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
	    "user: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
	    "user: [mem 0x000000001ffe0000-0x000000001fffffff] reserved\n" USER_HIGH);
}

/* mem=nopentium is 32-bit only: the 64-bit warning, -EINVAL, no effect. */
static void mem_nopentium(struct ktest *t)
{
	uint64_t max = 42;
	int r;

	LOAD(qemu_pc);
	CAPTURE(r = parse_memopt(&tbl, "nopentium", &max));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(t, e820t_cap, "mem=nopentium ignored! (only supported on x86_32)\n");
	KTEST_EXPECT_EQ(t, max, 42);
	KTEST_EXPECT_FALSE(t, e820_userdef);
	EXPECT_TABLE(t, qemu_pc);
}

/* Bad values: each reported by name, no effect, userdef untouched. */
static void mem_bad_values(struct ktest *t)
{
	static const struct {
		const char *arg;
		int err;
		const char *log;
	} cases[] = {
	    {"0", -EINVAL, "mem: ignoring bad value '0': size is 0\n"},
	    {"0M", -EINVAL, "mem: ignoring bad value '0M': size is 0\n"},
	    {"", -EINVAL, "mem: ignoring bad value '': missing size\n"},
	    {"12Q", -EINVAL, "mem: ignoring bad value '12Q': trailing characters after the size\n"},
	    {"512Mxyz", -EINVAL,
	     "mem: ignoring bad value '512Mxyz': trailing characters after the size\n"},
	    {"M", -EINVAL, "mem: ignoring bad value 'M': not a size\n"},
	    {"-1", -EINVAL, "mem: ignoring bad value '-1': not a size\n"},
	    {"99999999999999999999", -ERANGE,
	     "mem: ignoring bad value '99999999999999999999': size overflows 64 bits\n"},
	    {"16E", -ERANGE, "mem: ignoring bad value '16E': size overflows 64 bits\n"},
	};
	uint64_t max = 42;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int r;

		LOAD(qemu_pc);
		CAPTURE(r = parse_memopt(&tbl, cases[i].arg, &max));
		if (r != cases[i].err || strcmp(e820t_cap, cases[i].log) != 0)
			ktest_fail_at(t, __FILE__, __LINE__, "mem=%s: %d \"%s\"", cases[i].arg, r,
				      e820t_cap);
		EXPECT_TABLE(t, qemu_pc);
	}
	CAPTURE(KTEST_EXPECT_INT_EQ(t, parse_memopt(&tbl, NULL, &max), -EINVAL));
	KTEST_EXPECT_STREQ(t, e820t_cap, "mem: ignoring bad value '': missing size\n");
	KTEST_EXPECT_EQ(t, max, 42);
	KTEST_EXPECT_FALSE(t, e820_userdef);
}

/* ------------------------------------------------------------------ */
/* memmap=                                                             */
/* ------------------------------------------------------------------ */

/*
 *  memmap=exactmap,... empties the table and rebuilds it from the items:
 *    |RAM|R|  |R|RAM .............. RAM|      (4 items, as typed)
 */
static void memmap_exactmap_then_adds(struct ktest *t)
{
	static const struct e820_entry appended[] = {
	    E(0x0, 0x9fc00, RAM),
	    E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),
	    E(0x100000, 0x1ff00000, RAM),
	};
	int r;

	LOAD(qemu_pc);
	CAPTURE(r = parse_memmap_opt(&tbl, "exactmap,0x9fc00@0,1K$0x9fc00,64K$0xf0000,511M@1M"));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
	KTEST_EXPECT_TRUE(t, e820_userdef);
	EXPECT_TABLE(t, appended);
	CAPTURE(r = e820__finish_early_params(&tbl));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	EXPECT_TABLE(t, appended);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   USER_HEAD USER_LOW
			   "user: [mem 0x0000000000100000-0x000000001fffffff] usable\n");
}

/* exactmap and a single range: sanitize refuses a 1-entry table, and Linux
 * would panic ("Invalid user supplied memory map"); we report and return. */
static void memmap_exactmap_single_range(struct ktest *t)
{
	static const struct e820_entry one[] = {E(0x0, 0x20000000, RAM)};
	int r;

	LOAD(qemu_pc);
	CAPTURE({
		KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "exactmap,512M@0"), 0);
		r = e820__finish_early_params(&tbl);
	});
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(t, e820t_cap, "e820: Invalid user supplied memory map\n");
	EXPECT_TABLE(t, one);
	/* exactmap alone leaves nothing */
	LOAD(qemu_pc);
	CAPTURE(KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "exactmap"), 0));
	KTEST_EXPECT_EQ(t, tbl.nr_entries, 0);
}

/*
 *  memmap=64M$0x8000000 over RAM: reserved wins.
 *    after: ... |RAM|RES RES|RAM ........ RAM| ...
 *              0x100000  0x8000000  0xc000000  0x1ffe0000
 */
static void memmap_reserved_over_ram(struct ktest *t)
{
	static const struct e820_entry out[] = {
	    E(0x0, 0x9fc00, RAM),
	    E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),
	    E(0x100000, 0x7f00000, RAM),
	    E(0x8000000, 0x4000000, RES),
	    E(0xc000000, 0x13fe0000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),
	    E(0xfd00000000, 0x300000000, RES),
	};

	LOAD(qemu_pc);
	CAPTURE({
		KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "64M$0x8000000"), 0);
		KTEST_EXPECT_INT_EQ(t, e820__finish_early_params(&tbl), 0);
	});
	EXPECT_TABLE(t, out);
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    USER_HEAD USER_LOW
	    "user: [mem 0x0000000000100000-0x0000000007ffffff] usable\n"
	    "user: [mem 0x0000000008000000-0x000000000bffffff] reserved\n"
	    "user: [mem 0x000000000c000000-0x000000001ffdffff] usable\n"
	    "user: [mem 0x000000001ffe0000-0x000000001fffffff] reserved\n" USER_HIGH);
}

/*
 *  memmap=nn@ss over reserved: the reserved part stays reserved (there is no
 *  way to turn reserved into RAM by adding); RAM over RAM changes nothing.
 *    64K@0xf0000           |R| stays
 *    1M@0x1ff00000         |RAM ..RAM|R|  -> unchanged
 *    1M@0x40000000         new RAM in a hole: kept
 */
static void memmap_ram_over_reserved(struct ktest *t)
{
	static const struct e820_entry out[] = {
	    E(0x0, 0x9fc00, RAM),	 E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),	 E(0x100000, 0x1fee0000, RAM),
	    E(0x1ffe0000, 0x20000, RES), E(0x40000000, 0x100000, RAM),
	    E(0xfffc0000, 0x40000, RES), E(0xfd00000000, 0x300000000, RES),
	};

	LOAD(qemu_pc);
	CAPTURE({
		KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "64K@0xf0000,1M@0x1ff00000"), 0);
		KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "1M@0x40000000"), 0);
		KTEST_EXPECT_INT_EQ(t, e820__finish_early_params(&tbl), 0);
	});
	EXPECT_TABLE(t, out);
}

/*
 *  memmap=4K#0x9f000: ACPI data (3) beats RAM and the reserved (2) tail of
 *  the low RAM it overlaps:
 *    before: |RAM ........ RAM|R|        0-0x9fc00, 0x9fc00-0xa0000
 *    after:  |RAM ...|ACPI ACPI |        0-0x9f000, 0x9f000-0xa0000
 */
static void memmap_acpi(struct ktest *t)
{
	static const struct e820_entry out[] = {
	    E(0x0, 0x9f000, RAM),
	    E(0x9f000, 0x1000, ACPI),
	    E(0xf0000, 0x10000, RES),
	    E(0x100000, 0x1fee0000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),
	    E(0xfd00000000, 0x300000000, RES),
	};

	LOAD(qemu_pc);
	CAPTURE({
		KTEST_EXPECT_INT_EQ(t, parse_memmap_one(&tbl, "4K#0x9f000"), 0);
		KTEST_EXPECT_INT_EQ(t, e820__finish_early_params(&tbl), 0);
	});
	EXPECT_TABLE(t, out);
}

/*
 *  memmap=256M!0x30000000 on a 1 GiB QEMU: the exact Linux output (refdata
 *  pmem-legacy-kmem/literal-...). PRAM covers RAM and the reserved tail, and
 *  is cut where they meet (PRAM entries never merge).
 *    |RAM ...... RAM|PRAM ......... PRAM|PRAM|
 *    0x100000       0x30000000          0x3ffe0000-0x40000000
 */
static void memmap_pram_reference_top(struct ktest *t)
{
	LOAD(qemu_pc_1g);
	CAPTURE({
		KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "256M!0x30000000"), 0);
		KTEST_EXPECT_INT_EQ(t, e820__finish_early_params(&tbl), 0);
	});
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    "user-defined physical RAM map:\n"
	    "user: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
	    "user: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
	    "user: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
	    "user: [mem 0x0000000000100000-0x000000002fffffff] usable\n"
	    "user: [mem 0x0000000030000000-0x000000003ffdffff] persistent (type 12)\n"
	    "user: [mem 0x000000003ffe0000-0x000000003fffffff] persistent (type 12)\n"
	    "user: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved\n"
	    "user: [mem 0x000000fd00000000-0x000000ffffffffff] reserved\n");
}

/* memmap=256M!0x20000000 on 1 GiB (refdata pmem-legacy-kmem/numa-...). */
static void memmap_pram_reference_middle(struct ktest *t)
{
	LOAD(qemu_pc_1g);
	CAPTURE({
		KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "256M!0x20000000"), 0);
		KTEST_EXPECT_INT_EQ(t, e820__finish_early_params(&tbl), 0);
	});
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    "user-defined physical RAM map:\n"
	    "user: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
	    "user: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
	    "user: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
	    "user: [mem 0x0000000000100000-0x000000001fffffff] usable\n"
	    "user: [mem 0x0000000020000000-0x000000002fffffff] persistent (type 12)\n"
	    "user: [mem 0x0000000030000000-0x000000003ffdffff] usable\n"
	    "user: [mem 0x000000003ffe0000-0x000000003fffffff] reserved\n"
	    "user: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved\n"
	    "user: [mem 0x000000fd00000000-0x000000ffffffffff] reserved\n");
}

/*
 *  nn%ss-OLD+NEW retypes: 1M%0x100000-1+2
 *    |R|RAM ......|  ->  |R|RES|RAM .....|    0x100000-0x200000 reserved,
 *    and sanitize merges it with the BIOS reserved entry it touches:
 *                        |R   R|RAM .....|    0xf0000-0x200000
 */
static void memmap_percent_update(struct ktest *t)
{
	static const struct e820_entry out[] = {
	    E(0x0, 0x9fc00, RAM),
	    E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x110000, RES),
	    E(0x200000, 0x1fde0000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),
	    E(0xfd00000000, 0x300000000, RES),
	};

	LOAD(qemu_pc);
	CAPTURE(KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "1M%0x100000-1+2"), 0));
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "e820: update [mem 0x00100000-0x001fffff] usable ==> reserved\n");
	CAPTURE(KTEST_EXPECT_INT_EQ(t, e820__finish_early_params(&tbl), 0));
	EXPECT_TABLE(t, out);
}

/*
 *  nn%ss+NEW adds an entry of any type (here soft reserved, in hex), and
 *  nn%ss-OLD removes only OLD:
 *    1M%0x40000000+0xefffffff      new SOFT entry in the hole
 *    1M%0xf0000-2                  the BIOS reserved entry goes, the RAM
 *                                  above it (0x100000-0x1f0000) stays
 */
static void memmap_percent_add_and_remove_type(struct ktest *t)
{
	static const struct e820_entry out[] = {
	    E(0x0, 0x9fc00, RAM),
	    E(0x9fc00, 0x400, RES),
	    E(0x100000, 0x1fee0000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0x40000000, 0x100000, SOFT),
	    E(0xfffc0000, 0x40000, RES),
	    E(0xfd00000000, 0x300000000, RES),
	};

	LOAD(qemu_pc);
	CAPTURE(KTEST_EXPECT_INT_EQ(
	    t, parse_memmap_opt(&tbl, "1M%0x40000000+0xefffffff,1M%0xf0000-2"), 0));
	KTEST_EXPECT_STREQ(t, e820t_cap, "e820: remove [mem 0x000f0000-0x001effff] reserved\n");
	KTEST_EXPECT_EQ(t, tbl.nr_entries, 8);
	KTEST_EXPECT_EQ(t, tbl.entries[7].addr, 0x40000000);
	KTEST_EXPECT_EQ(t, tbl.entries[7].size, 0x100000);
	KTEST_EXPECT_EQ(t, tbl.entries[7].type, SOFT);
	CAPTURE(KTEST_EXPECT_INT_EQ(t, e820__finish_early_params(&tbl), 0));
	EXPECT_TABLE(t, out);
}

/*
 *  nn%ss alone removes every type:  1M%0x9f000
 *    before: |RAM ...|R| |R|RAM ...        0x9f000-0x19f000 cleared
 *    after:  |RAM|                |RAM ...
 *            0-0x9f000            0x19f000-
 *  The log has no type word (the space after "]" stays, as in Linux).
 */
static void memmap_percent_remove_all(struct ktest *t)
{
	static const struct e820_entry out[] = {
	    E(0x0, 0x9f000, RAM),
	    E(0x19f000, 0x1fe41000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),
	    E(0xfd00000000, 0x300000000, RES),
	};

	LOAD(qemu_pc);
	CAPTURE(KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "1M%0x9f000"), 0));
	KTEST_EXPECT_STREQ(t, e820t_cap, "e820: remove [mem 0x0009f000-0x0019efff] \n");
	CAPTURE(KTEST_EXPECT_INT_EQ(t, e820__finish_early_params(&tbl), 0));
	EXPECT_TABLE(t, out);
}

/* Bare nn: the same cutoff as mem=, but max_mem_size is not part of it. */
static void memmap_bare_cutoff(struct ktest *t)
{
	static const struct e820_entry out[] = {
	    E(0x0, 0x9fc00, RAM),
	    E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),
	    E(0x100000, 0xff00000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),
	    E(0xfd00000000, 0x300000000, RES),
	};

	LOAD(qemu_pc);
	CAPTURE(KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "256M"), 0));
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "e820: remove [mem 0x10000000-0xfffffffffffffffe] usable\n");
	KTEST_EXPECT_TRUE(t, e820_userdef);
	EXPECT_TABLE(t, out);
}

/* 85 characters: longer than any item we take. */
#define ZEROS16	  "0000000000000000"
#define LONG_ITEM "1@0x" ZEROS16 ZEROS16 ZEROS16 ZEROS16 ZEROS16 "1"

/*
 *  Every kind of bad item in one list: each is named with its reason and
 *  skipped; the one good item (4K$0x2000, inside the low RAM) is applied.
 */
static void memmap_bad_items(struct ktest *t)
{
	static const struct e820_entry out[] = {
	    E(0x0, 0x9fc00, RAM),
	    E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),
	    E(0x100000, 0x1fee0000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),
	    E(0xfd00000000, 0x300000000, RES),
	    E(0x2000, 0x1000, RES),
	};
	int r;

	LOAD(qemu_pc);
	CAPTURE(r = parse_memmap_opt(&tbl, "64M@0x1000junk,foo,,64M@,1M%0x1000-1+1,1M%0x1000-x,"
					   "1M%0x1000+0,1M%0x1000+0x100000000,1M%0x1000-1+2z,"
					   "16@0xfffffffffffffff8,exactmapx,1M*0x1000,"
					   "99999999999999999999@0,4K$0x2000," LONG_ITEM));
	KTEST_EXPECT_INT_EQ(t, r, -EINVAL);
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    "memmap: ignoring bad item '64M@0x1000junk': trailing characters after the start "
	    "address\n"
	    "memmap: ignoring bad item 'foo': expected a size or exactmap\n"
	    "memmap: ignoring bad item '': empty item\n"
	    "memmap: ignoring bad item '64M@': missing or bad start address\n"
	    "memmap: ignoring bad item '1M%0x1000-1+1': old type equals new type\n"
	    "memmap: ignoring bad item '1M%0x1000-x': missing type number\n"
	    "memmap: ignoring bad item '1M%0x1000+0': type 0 is not a type\n"
	    "memmap: ignoring bad item '1M%0x1000+0x100000000': type number too large\n"
	    "memmap: ignoring bad item '1M%0x1000-1+2z': trailing characters (expected -OLD "
	    "and/or +NEW)\n"
	    "memmap: ignoring bad item '16@0xfffffffffffffff8': range wraps past 2^64\n"
	    "memmap: ignoring bad item 'exactmapx': expected a size or exactmap\n"
	    "memmap: ignoring bad item '1M*0x1000': unknown separator after the size (expected "
	    "@ # $ ! or %)\n"
	    "memmap: ignoring bad item '99999999999999999999@0': size overflows 64 bits\n"
	    "memmap: ignoring bad item '" LONG_ITEM "': item too long\n");
	KTEST_EXPECT_TRUE(t, e820_userdef);
	EXPECT_TABLE(t, out);
}

/* A list with only bad items does not make a user map. */
static void memmap_only_bad_items(struct ktest *t)
{
	int r;

	LOAD(qemu_pc);
	CAPTURE({
		KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "foo"), -EINVAL);
		KTEST_EXPECT_INT_EQ(t, parse_memmap_one(&tbl, "1M@0x1000000:ram"), -EINVAL);
		KTEST_EXPECT_INT_EQ(t, parse_memmap_one(&tbl, "1P@16E"), -ERANGE);
		r = e820__finish_early_params(&tbl);
	});
	KTEST_EXPECT_INT_EQ(t, r, 0);
	KTEST_EXPECT_FALSE(t, e820_userdef);
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    "memmap: ignoring bad item 'foo': expected a size or exactmap\n"
	    "memmap: ignoring bad item '1M@0x1000000:ram': trailing characters after "
	    "the start address\n"
	    "memmap: ignoring bad item '1P@16E': start overflows 64 bits\n");
	EXPECT_TABLE(t, qemu_pc);
}

/*
 *  Items are applied in order and the result is settled by precedence:
 *    64M$0x8000000   reserved over RAM          -> reserved
 *    64M@0x8000000   RAM over that reserved     -> still reserved
 *    16M!0x9000000   PRAM (12) over reserved    -> PRAM
 *    exactmap later in the list would wipe all of it; here it comes first
 *    in a second memmap= and the map is rebuilt from scratch.
 */
static void memmap_precedence_and_order(struct ktest *t)
{
	static const struct e820_entry out[] = {
	    E(0x0, 0x9fc00, RAM),
	    E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),
	    E(0x100000, 0x7f00000, RAM),
	    E(0x8000000, 0x1000000, RES),
	    E(0x9000000, 0x1000000, PRAM),
	    E(0xa000000, 0x2000000, RES),
	    E(0xc000000, 0x13fe0000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),
	    E(0xfd00000000, 0x300000000, RES),
	};
	static const struct e820_entry rebuilt[] = {E(0x0, 0x10000000, RAM),
						    E(0x10000000, 0x1000, NVS)};

	LOAD(qemu_pc);
	CAPTURE({
		KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "64M$0x8000000,64M@0x8000000"), 0);
		KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "16M!0x9000000"), 0);
		KTEST_EXPECT_INT_EQ(t, e820__finish_early_params(&tbl), 0);
	});
	EXPECT_TABLE(t, out);

	e820_cmdline_reset();
	LOAD(qemu_pc);
	CAPTURE({
		KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "64M$0x8000000"), 0);
		KTEST_EXPECT_INT_EQ(t, parse_memmap_opt(&tbl, "exactmap,256M@0,4K%0x10000000+4"),
				    0);
		KTEST_EXPECT_INT_EQ(t, e820__finish_early_params(&tbl), 0);
	});
	EXPECT_TABLE(t, rebuilt);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   USER_HEAD
			   "user: [mem 0x0000000000000000-0x000000000fffffff] usable\n"
			   "user: [mem 0x0000000010000000-0x0000000010000fff] ACPI NVS\n");
}

/* Without mem= or memmap= there is nothing to sanitize or print. */
static void finish_without_userdef(struct ktest *t)
{
	static const struct e820_entry unsorted[] = {E(0x100000, 0x1000, RAM), E(0x0, 0x1000, RAM)};
	int r;

	LOAD(unsorted);
	CAPTURE(r = e820__finish_early_params(&tbl));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
	EXPECT_TABLE(t, unsorted);
}

/* e820_parse_size: digits required, suffix taken, the rest left. */
static void parse_size_helper(struct ktest *t)
{
	const char *end;
	uint64_t v;

	KTEST_EXPECT_INT_EQ(t, e820_parse_size("64M@1", &end, &v), 0);
	KTEST_EXPECT_EQ(t, v, 64ull << 20);
	KTEST_EXPECT_STREQ(t, end, "@1");
	KTEST_EXPECT_INT_EQ(t, e820_parse_size("0x10", &end, &v), 0);
	KTEST_EXPECT_EQ(t, v, 16);
	KTEST_EXPECT_INT_EQ(t, e820_parse_size("010", &end, &v), 0);
	KTEST_EXPECT_EQ(t, v, 8);
	KTEST_EXPECT_INT_EQ(t, e820_parse_size("K", &end, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, e820_parse_size("", &end, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, e820_parse_size("16E", &end, &v), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, e820_parse_size("15E", &end, &v), 0);
	KTEST_EXPECT_EQ(t, v, 15ull << 60);
}

static const struct ktest_case e820_cmdline_cases[] = {
    KTEST_CASE(mem_cutoff),
    KTEST_CASE(mem_forms),
    KTEST_CASE(mem_cut_in_low_ram),
    KTEST_CASE(mem_nopentium),
    KTEST_CASE(mem_bad_values),
    KTEST_CASE(memmap_exactmap_then_adds),
    KTEST_CASE(memmap_exactmap_single_range),
    KTEST_CASE(memmap_reserved_over_ram),
    KTEST_CASE(memmap_ram_over_reserved),
    KTEST_CASE(memmap_acpi),
    KTEST_CASE(memmap_pram_reference_top),
    KTEST_CASE(memmap_pram_reference_middle),
    KTEST_CASE(memmap_percent_update),
    KTEST_CASE(memmap_percent_add_and_remove_type),
    KTEST_CASE(memmap_percent_remove_all),
    KTEST_CASE(memmap_bare_cutoff),
    KTEST_CASE(memmap_bad_items),
    KTEST_CASE(memmap_only_bad_items),
    KTEST_CASE(memmap_precedence_and_order),
    KTEST_CASE(finish_without_userdef),
    KTEST_CASE(parse_size_helper),
    {0},
};

static const struct ktest_suite e820_cmdline_suite = {
    .name = "e820_cmdline", .cases = e820_cmdline_cases, .init = init};
KTEST_SUITE(e820_cmdline_suite);
