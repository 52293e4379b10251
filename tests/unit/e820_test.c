/* Tests of the e820 model (mm/e820.c), in the style of Linux's memblock
 * simulator: each case is data (input table, expected table, expected log)
 * with a picture of the ranges, every field of every entry is checked, and
 * every case starts from a freshly loaded table.
 *
 * Pictures: one column per 0x1000 unless said otherwise; '|' marks a
 * boundary, the letters name the type of the range beneath.
 *
 * Tables are static (about 7.5 KiB each): these cases also run on the
 * 32 KiB kernel stack. Cases that need the global tables save and restore
 * them, since at boot they hold the live map. */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/limits.h"
#include "lib/string.h"
#include "mm/e820.h"
#include "tests/unit/e820_test_util.h"

static struct e820_table tbl;
static struct e820_table saved[3];

/* The dmesg lines of qemu_pc, timestamps stripped (refdata dmesg_e820.txt). */
#define QEMU_PC_DMESG                                                       \
	"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"   \
	"BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n" \
	"BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n" \
	"BIOS-e820: [mem 0x0000000000100000-0x000000001ffdffff] usable\n"   \
	"BIOS-e820: [mem 0x000000001ffe0000-0x000000001fffffff] reserved\n" \
	"BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved\n" \
	"BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved\n"

#define EXPECT_TABLE_N(t, tb, w, n) e820t_expect_table_at(t, __FILE__, __LINE__, "table", tb, w, n)
#define EXPECT_TABLE(t, tb, want)   EXPECT_TABLE_N(t, tb, want, ARRAY_SIZE(want))

static void save_globals(void)
{
	memcpy(&saved[0], e820_table, sizeof(saved[0]));
	memcpy(&saved[1], e820_table_kexec, sizeof(saved[1]));
	memcpy(&saved[2], e820_table_firmware, sizeof(saved[2]));
}

static void restore_globals(void)
{
	memcpy(e820_table, &saved[0], sizeof(saved[0]));
	memcpy(e820_table_kexec, &saved[1], sizeof(saved[1]));
	memcpy(e820_table_firmware, &saved[2], sizeof(saved[2]));
}

/* ------------------------------------------------------------------ */
/* sanitize                                                            */
/* ------------------------------------------------------------------ */

/* Loads `in`, sanitizes, checks the return value, the table and that
 * nothing was printed. */
static void check_sanitize_at(struct ktest *t, int line, const struct e820_entry *in, size_t nin,
			      int ret, const struct e820_entry *out, size_t nout)
{
	int r;

	e820t_load(&tbl, in, nin);
	CAPTURE(r = e820__update_table(&tbl));
	if (r != ret)
		ktest_fail_at(t, __FILE__, line, "e820__update_table returned %d, want %d", r, ret);
	e820t_expect_table_at(t, __FILE__, line, "table", &tbl, out, nout);
	if (e820t_cap[0])
		ktest_fail_at(t, __FILE__, line, "unexpected output: %s", e820t_cap);
}

#define CHECK_SANITIZE(t, in, ret, out) \
	check_sanitize_at(t, __LINE__, in, ARRAY_SIZE(in), ret, out, ARRAY_SIZE(out))

/*
 *  in:        |RAM RAM RAM RAM|        0x1000-0x5000
 *         |RES RES|                    0x0000-0x2000
 *  out:   |RES RES|RAM RAM RAM|
 */
static void sanitize_overlap_at_start(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x1000, 0x4000, RAM), E(0x0, 0x2000, RES)};
	static const struct e820_entry out[] = {E(0x0, 0x2000, RES), E(0x2000, 0x3000, RAM)};

	CHECK_SANITIZE(t, in, 0, out);
}

/*
 *  in:    |RAM RAM RAM RAM|            0x0000-0x4000
 *                     |RES RES RES|    0x3000-0x6000
 *  out:   |RAM RAM RAM|RES RES RES|
 */
static void sanitize_overlap_at_end(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x0, 0x4000, RAM), E(0x3000, 0x3000, RES)};
	static const struct e820_entry out[] = {E(0x0, 0x3000, RAM), E(0x3000, 0x3000, RES)};

	CHECK_SANITIZE(t, in, 0, out);
}

/*
 *  in:    |RAM ........................ RAM|   0x0000-0x10000
 *                  |RES|                      0x4000-0x5000
 *  out:   |RAM ... RAM|RES|RAM ........ RAM|
 */
static void sanitize_contained(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x0, 0x10000, RAM), E(0x4000, 0x1000, RES)};
	static const struct e820_entry out[] = {E(0x0, 0x4000, RAM), E(0x4000, 0x1000, RES),
						E(0x5000, 0xb000, RAM)};

	CHECK_SANITIZE(t, in, 0, out);
}

/*
 *  in:    |RES ........................ RES|   0x0000-0x10000
 *                  |RAM|                      0x4000-0x5000
 *  out:   |RES ........................ RES|   (RAM never beats RES)
 */
static void sanitize_container_wins(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x0, 0x10000, RES), E(0x4000, 0x1000, RAM)};
	static const struct e820_entry out[] = {E(0x0, 0x10000, RES)};

	CHECK_SANITIZE(t, in, 0, out);
}

/*
 *  in:    |RAM|  twice, 0x1000-0x2000;  |ACPI| and |NVS| on 0x8000-0x9000
 *  out:   |RAM|                         |NVS|
 */
static void sanitize_identical(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x1000, 0x1000, RAM), E(0x1000, 0x1000, RAM),
					       E(0x8000, 0x1000, ACPI), E(0x8000, 0x1000, NVS)};
	static const struct e820_entry out[] = {E(0x1000, 0x1000, RAM), E(0x8000, 0x1000, NVS)};

	CHECK_SANITIZE(t, in, 0, out);
}

/*
 *  in:    |RAM|RAM|RAM RAM|     0x0000, 0x1000, 0x2000-0x4000 (touching)
 *  out:   |RAM RAM RAM RAM|
 */
static void sanitize_adjacent_merge(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x0, 0x1000, RAM), E(0x1000, 0x1000, RAM),
					       E(0x2000, 0x2000, RAM)};
	static const struct e820_entry out[] = {E(0x0, 0x4000, RAM)};

	CHECK_SANITIZE(t, in, 0, out);
}

/*
 *  in:    |RAM|RES|RAM|     touching, different types
 *  out:   |RAM|RES|RAM|     (no merge across types)
 */
static void sanitize_adjacent_different_types(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x0, 0x1000, RAM), E(0x1000, 0x1000, RES),
					       E(0x2000, 0x1000, RAM)};

	CHECK_SANITIZE(t, in, 0, in);
}

/*
 *  in:    |RAM RAM RAM|             0x0000-0x3000
 *                 |RAM RAM RAM|     0x2000-0x5000
 *  out:   |RAM RAM RAM RAM RAM|
 */
static void sanitize_overlap_same_type(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x0, 0x3000, RAM), E(0x2000, 0x3000, RAM)};
	static const struct e820_entry out[] = {E(0x0, 0x5000, RAM)};

	CHECK_SANITIZE(t, in, 0, out);
}

/*
 *  in:            |RAM|     0x2000-0x3000
 *         |RAM|             0x0000-0x1000
 *  out:   |RAM|   |RAM|     (the hole stays a hole)
 */
static void sanitize_hole_kept(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x2000, 0x1000, RAM), E(0x0, 0x1000, RAM)};
	static const struct e820_entry out[] = {E(0x0, 0x1000, RAM), E(0x2000, 0x1000, RAM)};

	CHECK_SANITIZE(t, in, 0, out);
}

/*
 *  in:    |RAM RAM RAM|             0x0000-0x3000
 *                 |RES RES|         0x1000-0x3000  (end) ...
 *             |ACPI|                0x2000-0x3000  three deep
 *  precise: RAM 0x0-0x6000, RES 0x1000-0x5000, ACPI 0x2000-0x3000
 *  out:   |RAM|RES|ACPI|RES RES|RAM|
 */
static void sanitize_three_deep(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x0, 0x6000, RAM), E(0x1000, 0x4000, RES),
					       E(0x2000, 0x1000, ACPI)};
	static const struct e820_entry out[] = {E(0x0, 0x1000, RAM), E(0x1000, 0x1000, RES),
						E(0x2000, 0x1000, ACPI), E(0x3000, 0x2000, RES),
						E(0x5000, 0x1000, RAM)};

	CHECK_SANITIZE(t, in, 0, out);
}

/*
 *  in:    |PRAM|PRAM|           touching legacy-pmem ranges
 *  out:   |PRAM|PRAM|           each stays its own entry (e820_nomerge)
 */
static void sanitize_pram_no_merge(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x0, 0x1000, PRAM), E(0x1000, 0x1000, PRAM)};

	CHECK_SANITIZE(t, in, 0, in);
}

/*
 *  in:    |RAM RAM RAM|RES|          RAM 0x0-0x3000, RES 0x3000-0x4000
 *                 |PRAM PRAM|        PRAM 0x2000-0x4000
 *  out:   |RAM RAM|PRAM|PRAM|        PRAM is cut where the types beneath
 *                                    change, as with memmap=256M!0x30000000
 *                                    on a 1 GiB QEMU (refdata)
 */
static void sanitize_pram_split_at_change_point(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x0, 0x3000, RAM), E(0x3000, 0x1000, RES),
					       E(0x2000, 0x2000, PRAM)};
	static const struct e820_entry out[] = {E(0x0, 0x2000, RAM), E(0x2000, 0x1000, PRAM),
						E(0x3000, 0x1000, PRAM)};

	CHECK_SANITIZE(t, in, 0, out);
}

/*
 *  in:    |SOFT|SOFT|      0x100000-0x200000, 0x200000-0x300000 (touching)
 *         |SOFT|  twice    0x800000-0x801000
 *  out:   |SOFT|SOFT|      separate; the duplicate collapses to one entry
 *         |SOFT|
 */
static void sanitize_soft_reserved_no_merge(struct ktest *t)
{
	static const struct e820_entry in[] = {
	    E(0x100000, 0x100000, SOFT), E(0x200000, 0x100000, SOFT), E(0x800000, 0x1000, SOFT),
	    E(0x800000, 0x1000, SOFT)};
	static const struct e820_entry out[] = {
	    E(0x100000, 0x100000, SOFT), E(0x200000, 0x100000, SOFT), E(0x800000, 0x1000, SOFT)};

	CHECK_SANITIZE(t, in, 0, out);
}

/*
 *  in:    |RAM|  .  |RES|   .      two empty entries (at 0x800 and 0x5000)
 *  out:   |RAM|     |RES|          empty entries vanish
 */
static void sanitize_zero_size(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x0, 0x1000, RAM), E(0x5000, 0x0, RAM),
					       E(0x2000, 0x1000, RES), E(0x800, 0x0, RES)};
	static const struct e820_entry out[] = {E(0x0, 0x1000, RAM), E(0x2000, 0x1000, RES)};
	static const struct e820_entry all_empty[] = {E(0x0, 0x0, RAM), E(0x1000, 0x0, RES)};

	CHECK_SANITIZE(t, in, 0, out);
	/* Only empty entries: success, and nothing left. */
	check_sanitize_at(t, __LINE__, all_empty, ARRAY_SIZE(all_empty), 0, NULL, 0);
}

/*
 *  in:    |RAM|  ...  |RAM -> past 2^64      0xfffffffffffff000 + 0x2000 wraps
 *  out:   -1, table untouched
 *  Also an entry ending exactly at 2^64 (addr + size == 0) counts as a wrap,
 *  and one ending at 2^64 - 1 does not.
 */
static void sanitize_wrap(struct ktest *t)
{
	static const struct e820_entry wraps[] = {E(0x0, 0x1000, RAM),
						  E(0xfffffffffffff000, 0x2000, RAM)};
	static const struct e820_entry at_top[] = {E(0x0, 0x1000, RAM),
						   E(0xfffffffffffff000, 0x1000, RES)};
	static const struct e820_entry below_top[] = {E(0xfffffffffffff000, 0xfff, RES),
						      E(0x0, 0x1000, RAM)};
	static const struct e820_entry below_top_out[] = {E(0x0, 0x1000, RAM),
							  E(0xfffffffffffff000, 0xfff, RES)};

	CHECK_SANITIZE(t, wraps, -1, wraps);
	CHECK_SANITIZE(t, at_top, -1, at_top);
	CHECK_SANITIZE(t, below_top, 0, below_top_out);
}

/*
 *  in:    one entry (even an empty or unsorted one), or none
 *  out:   -1 and untouched: Linux only sanitizes 2 entries or more
 */
static void sanitize_fewer_than_two(struct ktest *t)
{
	static const struct e820_entry one[] = {E(0x1000, 0x1000, RAM)};
	static const struct e820_entry one_empty[] = {E(0x1000, 0x0, RAM)};

	CHECK_SANITIZE(t, one, -1, one);
	CHECK_SANITIZE(t, one_empty, -1, one_empty);
	check_sanitize_at(t, __LINE__, NULL, 0, -1, NULL, 0);
}

/*
 *  in:    |RAM ..................................................... RAM|
 *             |R|      |R|      |R|   ...  319 reserved pages, one per
 *                                          0x10000 from 0x10000
 *  out:   would be 639 entries: RAM R RAM R ...; cut at E820_MAX_ENTRIES
 *         (320), the last kept one being the 160th reserved page.
 */
static void sanitize_capacity(struct ktest *t)
{
	static struct e820_entry want[E820_MAX_ENTRIES];
	int r;

	e820__table_reset(&tbl);
	tbl.entries[0] = (struct e820_entry)E(0x0, 1ull << 40, RAM);
	for (uint32_t k = 1; k < E820_MAX_ENTRIES; k++)
		tbl.entries[k] = (struct e820_entry)E(0x10000ull * k, 0x1000, RES);
	tbl.nr_entries = E820_MAX_ENTRIES;
	for (uint32_t j = 0; j < E820_MAX_ENTRIES / 2; j++) {
		uint64_t ram_start = j ? 0x10000ull * j + 0x1000 : 0;

		want[2 * j] =
		    (struct e820_entry)E(ram_start, 0x10000ull * (j + 1) - ram_start, RAM);
		want[2 * j + 1] = (struct e820_entry)E(0x10000ull * (j + 1), 0x1000, RES);
	}
	CAPTURE(r = e820__update_table(&tbl));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	EXPECT_TABLE_N(t, &tbl, want, E820_MAX_ENTRIES);
	KTEST_EXPECT_EQ(t, tbl.entries[E820_MAX_ENTRIES - 1].addr, 0x10000ull * 160);
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
}

/* The chain of precedence, lowest first; 6 and 20 are unknown types and
 * rank by number like any other. */
static const uint32_t chain[] = {RAM, RES, ACPI, NVS, UNUS, 6, PMEM, PRAM, 20, KERN, SOFT};

/*
 *  For every pair lo < hi of the chain:
 *    in:  |lo|  and  |hi|  on the same range, in both orders   ->  |hi|
 *    in:  |lo lo|          0x0-0x2000
 *            |hi hi|       0x1000-0x3000                       ->  |lo|hi hi|
 *  except that a PRAM or SOFT_RESERVED winner is cut where lo ends (no
 *  merge for those types even with themselves)                 ->  |lo|hi|hi|
 */
static void sanitize_type_precedence(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(chain); i++) {
		for (size_t j = i + 1; j < ARRAY_SIZE(chain); j++) {
			const struct e820_entry same[] = {E(0x1000, 0x1000, chain[i]),
							  E(0x1000, 0x1000, chain[j])};
			const struct e820_entry swapped[] = {same[1], same[0]};
			const struct e820_entry won[] = {E(0x1000, 0x1000, chain[j])};
			const struct e820_entry partial[] = {E(0x0, 0x2000, chain[i]),
							     E(0x1000, 0x2000, chain[j])};
			const struct e820_entry cut[] = {E(0x0, 0x1000, chain[i]),
							 E(0x1000, 0x2000, chain[j])};
			const struct e820_entry cut_nomerge[] = {E(0x0, 0x1000, chain[i]),
								 E(0x1000, 0x1000, chain[j]),
								 E(0x2000, 0x1000, chain[j])};

			CHECK_SANITIZE(t, same, 0, won);
			CHECK_SANITIZE(t, swapped, 0, won);
			if (chain[j] == PRAM || chain[j] == SOFT)
				CHECK_SANITIZE(t, partial, 0, cut_nomerge);
			else
				CHECK_SANITIZE(t, partial, 0, cut);
		}
	}
}

/*
 *  in:    |E|   |D|   |C|   |B|   |A|    given in descending order
 *  out:   |A|   |B|   |C|   |D|   |E|    sorted
 */
static void sanitize_unsorted(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x8000, 0x1000, RAM), E(0x6000, 0x1000, ACPI),
					       E(0x4000, 0x1000, RES), E(0x2000, 0x1000, NVS),
					       E(0x0, 0x1000, RAM)};
	static const struct e820_entry out[] = {E(0x0, 0x1000, RAM), E(0x2000, 0x1000, NVS),
						E(0x4000, 0x1000, RES), E(0x6000, 0x1000, ACPI),
						E(0x8000, 0x1000, RAM)};

	CHECK_SANITIZE(t, in, 0, out);
}

/*
 *  The QEMU pc table given shuffled, with one entry repeated and the high RAM
 *  given in two overlapping halves; sanitize restores the 7 SeaBIOS entries.
 *    |RAM|R| |R||RAM .............. RAM|R|  ...  |R|  ...  |R|
 */
static void sanitize_realistic_qemu_pc(struct ktest *t)
{
	static const struct e820_entry in[] = {
	    E(0xfd00000000, 0x300000000, RES),
	    E(0x100000, 0x10000000, RAM),
	    E(0x9fc00, 0x400, RES),
	    E(0x0, 0x9fc00, RAM),
	    E(0xfffc0000, 0x40000, RES),
	    E(0x8000000, 0x17fe0000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0xf0000, 0x10000, RES),
	    E(0x9fc00, 0x400, RES),
	};

	CHECK_SANITIZE(t, in, 0, qemu_pc);
	/* And a sane table stays as it is. */
	CHECK_SANITIZE(t, qemu_pc, 0, qemu_pc);
}

/* ------------------------------------------------------------------ */
/* range_add                                                           */
/* ------------------------------------------------------------------ */

/*
 *  table: |RAM|        |RES|
 *  add:        |RAM|             appended at the end, no merge, no sort
 */
static void range_add_appends(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x0, 0x1000, RAM), E(0x8000, 0x1000, RES)};
	static const struct e820_entry out[] = {E(0x0, 0x1000, RAM), E(0x8000, 0x1000, RES),
						E(0x1000, 0x1000, RAM)};
	int r;

	e820t_load(&tbl, in, ARRAY_SIZE(in));
	CAPTURE(r = e820__range_add_table(&tbl, 0x1000, 0x1000, RAM));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	EXPECT_TABLE(t, &tbl, out);
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
}

/* A full table: the entry is dropped with Linux's message. */
static void range_add_full_table(struct ktest *t)
{
	int r;

	e820__table_reset(&tbl);
	for (uint32_t i = 0; i < E820_MAX_ENTRIES; i++)
		tbl.entries[i] = (struct e820_entry)E(0x2000ull * i, 0x1000, RAM);
	tbl.nr_entries = E820_MAX_ENTRIES;
	CAPTURE(r = e820__range_add_table(&tbl, 0x12345000, 0x1000, RES));
	KTEST_EXPECT_INT_EQ(t, r, -ENOSPC);
	KTEST_EXPECT_EQ(t, tbl.nr_entries, E820_MAX_ENTRIES);
	KTEST_EXPECT_EQ(t, tbl.entries[E820_MAX_ENTRIES - 1].addr,
			0x2000ull * (E820_MAX_ENTRIES - 1));
	KTEST_EXPECT_EQ(t, tbl.entries[E820_MAX_ENTRIES - 1].size, 0x1000);
	KTEST_EXPECT_EQ(t, tbl.entries[E820_MAX_ENTRIES - 1].type, RAM);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "e820: too many entries; ignoring [mem 0x12345000-0x12345fff]\n");
}

/* ------------------------------------------------------------------ */
/* range_update                                                        */
/* ------------------------------------------------------------------ */

struct edit_case {
	const struct e820_entry *in;
	size_t nin;
	uint64_t start, size;
	uint32_t old_type, new_type; /* new_type unused for remove */
	bool check_type;	     /* remove only */
	uint64_t ret;
	const struct e820_entry *out; /* unsorted, as the edit leaves it */
	size_t nout;
	const char *log;
};

/* Checks what an edit of c->in returned (r), left in tbl and printed. */
static void check_edit_at(struct ktest *t, int line, const struct edit_case *c, uint64_t r)
{
	if (r != c->ret)
		ktest_fail_at(t, __FILE__, line, "returned %#llx, want %#llx",
			      (unsigned long long)r, (unsigned long long)c->ret);
	e820t_expect_table_at(t, __FILE__, line, "table", &tbl, c->out, c->nout);
	if (strcmp(e820t_cap, c->log) != 0)
		ktest_fail_at(t, __FILE__, line, "log \"%s\", want \"%s\"", e820t_cap, c->log);
}

static void check_update_at(struct ktest *t, int line, const struct edit_case *c)
{
	uint64_t r;

	e820t_load(&tbl, c->in, c->nin);
	CAPTURE(r = e820__range_update_table(&tbl, c->start, c->size, (enum e820_type)c->old_type,
					     (enum e820_type)c->new_type));
	check_edit_at(t, line, c, r);
}

static void check_remove_at(struct ktest *t, int line, const struct edit_case *c)
{
	uint64_t r;

	e820t_load(&tbl, c->in, c->nin);
	CAPTURE(r = e820__range_remove_table(&tbl, c->start, c->size, (enum e820_type)c->old_type,
					     c->check_type));
	check_edit_at(t, line, c, r);
}

#define IN(a)  .in = a, .nin = ARRAY_SIZE(a)
#define OUT(a) .out = a, .nout = ARRAY_SIZE(a)

static const struct e820_entry one_ram[] = {E(0x1000, 0x4000, RAM)};

/*
 *  table:     |RAM RAM|           0x1000-0x3000
 *  update:    |=======|           exactly   -> |RES RES|, 0x2000 bytes
 *  update: |=============|        wider     -> |RES RES|, 0x2000 bytes
 */
static void range_update_full(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x1000, 0x2000, RAM)};
	static const struct e820_entry out[] = {E(0x1000, 0x2000, RES)};
	static const struct edit_case exact = {
	    IN(in),
	    .start = 0x1000,
	    .size = 0x2000,
	    .old_type = RAM,
	    .new_type = RES,
	    .ret = 0x2000,
	    OUT(out),
	    .log = "e820: update [mem 0x00001000-0x00002fff] usable ==> reserved\n"};
	static const struct edit_case wider = {
	    IN(in),
	    .start = 0x0,
	    .size = 0x10000,
	    .old_type = RAM,
	    .new_type = RES,
	    .ret = 0x2000,
	    OUT(out),
	    .log = "e820: update [mem 0x00000000-0x0000ffff] usable ==> reserved\n"};

	check_update_at(t, __LINE__, &exact);
	check_update_at(t, __LINE__, &wider);
}

/*
 *  table:     |RAM RAM RAM RAM|        0x1000-0x5000
 *  update: |=======|                   0x0000-0x2000
 *  result:        |RAM RAM RAM|  + appended |RES|  0x1000-0x2000
 */
static void range_update_head(struct ktest *t)
{
	static const struct e820_entry out[] = {E(0x2000, 0x3000, RAM), E(0x1000, 0x1000, RES)};
	static const struct edit_case c = {
	    IN(one_ram),
	    .start = 0x0,
	    .size = 0x2000,
	    .old_type = RAM,
	    .new_type = RES,
	    .ret = 0x1000,
	    OUT(out),
	    .log = "e820: update [mem 0x00000000-0x00001fff] usable ==> reserved\n"};

	check_update_at(t, __LINE__, &c);
}

/*
 *  table:  |RAM RAM RAM RAM|           0x1000-0x5000
 *  update:             |=======|       0x4000-0x8000
 *  result: |RAM RAM RAM|  + appended |UNUS| 0x4000-0x5000
 */
static void range_update_tail(struct ktest *t)
{
	static const struct e820_entry out[] = {E(0x1000, 0x3000, RAM), E(0x4000, 0x1000, UNUS)};
	static const struct edit_case c = {
	    IN(one_ram),
	    .start = 0x4000,
	    .size = 0x4000,
	    .old_type = RAM,
	    .new_type = UNUS,
	    .ret = 0x1000,
	    OUT(out),
	    .log = "e820: update [mem 0x00004000-0x00007fff] usable ==> unusable\n"};

	check_update_at(t, __LINE__, &c);
}

/*
 *  table:  |RAM RAM RAM RAM|           0x1000-0x5000
 *  update:     |===|                   0x2000-0x3000
 *  result: |RAM|  + appended |ACPI| 0x2000-0x3000 and |RAM RAM| 0x3000-0x5000
 */
static void range_update_middle_split(struct ktest *t)
{
	static const struct e820_entry out[] = {E(0x1000, 0x1000, RAM), E(0x2000, 0x1000, ACPI),
						E(0x3000, 0x2000, RAM)};
	static const struct edit_case c = {
	    IN(one_ram),
	    .start = 0x2000,
	    .size = 0x1000,
	    .old_type = RAM,
	    .new_type = ACPI,
	    .ret = 0x1000,
	    OUT(out),
	    .log = "e820: update [mem 0x00002000-0x00002fff] usable ==> ACPI data\n"};

	check_update_at(t, __LINE__, &c);
}

/*
 *  table:  |RAM RAM RAM RAM|       |RES|       0x1000-0x5000, 0x8000-0x9000
 *  update:                 |=======|           0x5000-0x8000: touches only
 *  update (RAM):                   |===|       the reserved entry: other type
 *  result: unchanged, 0 bytes, the log line still printed
 */
static void range_update_no_overlap(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x1000, 0x4000, RAM), E(0x8000, 0x1000, RES)};
	static const struct edit_case gap = {
	    IN(in),
	    .start = 0x5000,
	    .size = 0x3000,
	    .old_type = RAM,
	    .new_type = RES,
	    .ret = 0,
	    OUT(in),
	    .log = "e820: update [mem 0x00005000-0x00007fff] usable ==> reserved\n"};
	static const struct edit_case other_type = {
	    IN(in),
	    .start = 0x8000,
	    .size = 0x1000,
	    .old_type = RAM,
	    .new_type = NVS,
	    .ret = 0,
	    OUT(in),
	    .log = "e820: update [mem 0x00008000-0x00008fff] usable ==> ACPI NVS\n"};

	check_update_at(t, __LINE__, &gap);
	check_update_at(t, __LINE__, &other_type);
}

/*
 *  table:  |RAM|RES|RAM|          0x0000-0x1000, 0x1000-0x2000, 0x2000-0x3000
 *  update:   |=======|            0x0800-0x2800, RAM -> UNUS
 *  result: tail of the first RAM and head of the last retyped, the reserved
 *          entry untouched: 0x800 + 0x800 bytes
 */
static void range_update_spanning(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x0, 0x1000, RAM), E(0x1000, 0x1000, RES),
					       E(0x2000, 0x1000, RAM)};
	static const struct e820_entry out[] = {E(0x0, 0x800, RAM), E(0x1000, 0x1000, RES),
						E(0x2800, 0x800, RAM), E(0x800, 0x800, UNUS),
						E(0x2000, 0x800, UNUS)};
	static const struct e820_entry sane[] = {E(0x0, 0x800, RAM), E(0x800, 0x800, UNUS),
						 E(0x1000, 0x1000, RES), E(0x2000, 0x800, UNUS),
						 E(0x2800, 0x800, RAM)};
	static const struct edit_case c = {
	    IN(in),
	    .start = 0x800,
	    .size = 0x2000,
	    .old_type = RAM,
	    .new_type = UNUS,
	    .ret = 0x1000,
	    OUT(out),
	    .log = "e820: update [mem 0x00000800-0x000027ff] usable ==> unusable\n"};

	check_update_at(t, __LINE__, &c);
	KTEST_EXPECT_INT_EQ(t, e820__update_table(&tbl), 0);
	EXPECT_TABLE(t, &tbl, sane);
}

/*
 *  table:  |RAM RAM|              0xffffffffffffe000, 0x1fff bytes (to 2^64-1)
 *  update:     |=====...          0xfffffffffffff000, size ULLONG_MAX: the
 *                                 size is clamped to end at 2^64 - 1
 */
static void range_update_size_clamped(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0xffffffffffffe000, 0x1fff, RAM)};
	static const struct e820_entry out[] = {E(0xffffffffffffe000, 0x1000, RAM),
						E(0xfffffffffffff000, 0xfff, RES)};
	static const struct edit_case c = {
	    IN(in),
	    .start = 0xfffffffffffff000,
	    .size = ULLONG_MAX,
	    .old_type = RAM,
	    .new_type = RES,
	    .ret = 0xfff,
	    OUT(out),
	    .log =
		"e820: update [mem 0xfffffffffffff000-0xfffffffffffffffe] usable ==> reserved\n"};

	check_update_at(t, __LINE__, &c);
}

/* old == new: Linux BUG()s; we log an error and change nothing. */
static void range_update_same_type(struct ktest *t)
{
	static const struct edit_case c = {
	    IN(one_ram),
	    .start = 0x1000,
	    .size = 0x1000,
	    .old_type = RAM,
	    .new_type = RAM,
	    .ret = 0,
	    OUT(one_ram),
	    .log = "e820: error: update [mem 0x00001000-0x00001fff] with old type == new type "
		   "(usable), ignored\n"};

	check_update_at(t, __LINE__, &c);
}

/*
 *  A full table and a split in the middle: both appends fail (Linux's
 *  behaviour: the entry keeps only its head, the rest is lost).
 */
static void range_update_split_in_full_table(struct ktest *t)
{
	uint64_t r;

	e820__table_reset(&tbl);
	for (uint32_t i = 0; i < E820_MAX_ENTRIES; i++)
		tbl.entries[i] = (struct e820_entry)E(0x10000ull * i, 0x4000, RAM);
	tbl.nr_entries = E820_MAX_ENTRIES;
	CAPTURE(r = e820__range_update_table(&tbl, 0x1000, 0x1000, RAM, RES));
	KTEST_EXPECT_EQ(t, r, 0x1000);
	KTEST_EXPECT_EQ(t, tbl.nr_entries, E820_MAX_ENTRIES);
	KTEST_EXPECT_EQ(t, tbl.entries[0].addr, 0x0);
	KTEST_EXPECT_EQ(t, tbl.entries[0].size, 0x1000);
	KTEST_EXPECT_EQ(t, tbl.entries[0].type, RAM);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "e820: update [mem 0x00001000-0x00001fff] usable ==> reserved\n"
			   "e820: too many entries; ignoring [mem 0x00001000-0x00001fff]\n"
			   "e820: too many entries; ignoring [mem 0x00002000-0x00003fff]\n");
}

/* ------------------------------------------------------------------ */
/* range_remove                                                        */
/* ------------------------------------------------------------------ */

/*
 *  table:  |RAM RAM|             0x1000-0x3000
 *  remove: |=======|             -> the entry is zeroed in place (size 0,
 *                                   type 0) until sanitize drops it
 */
static void range_remove_full(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x1000, 0x2000, RAM), E(0x8000, 0x1000, RES)};
	static const struct e820_entry out[] = {E(0x0, 0x0, 0), E(0x8000, 0x1000, RES)};
	static const struct e820_entry sane[] = {E(0x8000, 0x1000, RES)};
	static const struct edit_case c = {IN(in),
					   .start = 0x1000,
					   .size = 0x2000,
					   .old_type = RAM,
					   .check_type = true,
					   .ret = 0x2000,
					   OUT(out),
					   .log =
					       "e820: remove [mem 0x00001000-0x00002fff] usable\n"};

	check_remove_at(t, __LINE__, &c);
	KTEST_EXPECT_INT_EQ(t, e820__update_table(&tbl), 0);
	EXPECT_TABLE(t, &tbl, sane);
}

/*
 *  table:     |RAM RAM RAM RAM|    0x1000-0x5000
 *  remove: |=======|               0x0000-0x2000   -> |RAM RAM RAM| from 0x2000
 */
static void range_remove_head(struct ktest *t)
{
	static const struct e820_entry out[] = {E(0x2000, 0x3000, RAM)};
	static const struct edit_case c = {
	    IN(one_ram),	.start = 0x0,
	    .size = 0x2000,	.old_type = RAM,
	    .check_type = true, .ret = 0x1000,
	    OUT(out),		.log = "e820: remove [mem 0x00000000-0x00001fff] usable\n"};

	check_remove_at(t, __LINE__, &c);
}

/*
 *  table:  |RAM RAM RAM RAM|       0x1000-0x5000
 *  remove:             |=======|   0x4000-0x8000   -> |RAM RAM RAM| to 0x4000
 */
static void range_remove_tail(struct ktest *t)
{
	static const struct e820_entry out[] = {E(0x1000, 0x3000, RAM)};
	static const struct edit_case c = {
	    IN(one_ram),	.start = 0x4000,
	    .size = 0x4000,	.old_type = RAM,
	    .check_type = true, .ret = 0x1000,
	    OUT(out),		.log = "e820: remove [mem 0x00004000-0x00007fff] usable\n"};

	check_remove_at(t, __LINE__, &c);
}

/*
 *  table:  |RAM RAM RAM RAM|       0x1000-0x5000
 *  remove:     |===|               0x2000-0x3000
 *  result: |RAM|   + appended |RAM RAM| 0x3000-0x5000
 */
static void range_remove_middle_split(struct ktest *t)
{
	static const struct e820_entry out[] = {E(0x1000, 0x1000, RAM), E(0x3000, 0x2000, RAM)};
	static const struct edit_case c = {
	    IN(one_ram),	.start = 0x2000,
	    .size = 0x1000,	.old_type = RAM,
	    .check_type = true, .ret = 0x1000,
	    OUT(out),		.log = "e820: remove [mem 0x00002000-0x00002fff] usable\n"};

	check_remove_at(t, __LINE__, &c);
}

/*
 *  table:  |RAM RAM RAM RAM|   |RES|   0x1000-0x5000, 0x8000-0x9000
 *  remove:                 |=| ...     0x5000-0x8000 (touching only)
 *  remove (RAM only):          |===|   the reserved entry: other type
 *  result: unchanged, 0 bytes
 */
static void range_remove_no_overlap(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x1000, 0x4000, RAM), E(0x8000, 0x1000, RES)};
	static const struct edit_case gap = {
	    IN(in),
	    .start = 0x5000,
	    .size = 0x3000,
	    .old_type = RAM,
	    .check_type = true,
	    .ret = 0,
	    OUT(in),
	    .log = "e820: remove [mem 0x00005000-0x00007fff] usable\n"};
	static const struct edit_case other_type = {
	    IN(in),
	    .start = 0x8000,
	    .size = 0x1000,
	    .old_type = RAM,
	    .check_type = true,
	    .ret = 0,
	    OUT(in),
	    .log = "e820: remove [mem 0x00008000-0x00008fff] usable\n"};

	check_remove_at(t, __LINE__, &gap);
	check_remove_at(t, __LINE__, &other_type);
}

/*
 *  check_type = false removes every type. Linux then prints no type word but
 *  keeps the space after "]".
 *  table:  |RAM RAM|RES|ACPI|       0x0-0x2000, 0x2000-0x3000, 0x3000-0x4000
 *  remove:     |==========|         0x1000-0x3800
 *  result: |RAM|  zeroed  |AC|      0x0-0x1000, (0), 0x3800-0x4000
 */
static void range_remove_any_type(struct ktest *t)
{
	static const struct e820_entry in[] = {E(0x0, 0x2000, RAM), E(0x2000, 0x1000, RES),
					       E(0x3000, 0x1000, ACPI)};
	static const struct e820_entry out[] = {E(0x0, 0x1000, RAM), E(0x0, 0x0, 0),
						E(0x3800, 0x800, ACPI)};
	static const struct edit_case c = {IN(in),
					   .start = 0x1000,
					   .size = 0x2800,
					   .old_type = 0,
					   .check_type = false,
					   .ret = 0x2800,
					   OUT(out),
					   .log = "e820: remove [mem 0x00001000-0x000037ff] \n"};
	/* With check_type false the old_type argument is not even printed. */
	static const struct e820_entry ignored_out[] = {E(0x0, 0x2000, RAM), E(0x0, 0x0, 0),
							E(0x3000, 0x1000, ACPI)};
	static const struct edit_case ignored_type = {
	    IN(in),
	    .start = 0x2000,
	    .size = 0x1000,
	    .old_type = RAM,
	    .check_type = false,
	    .ret = 0x1000,
	    OUT(ignored_out),
	    .log = "e820: remove [mem 0x00002000-0x00002fff] \n"};

	check_remove_at(t, __LINE__, &c);
	check_remove_at(t, __LINE__, &ignored_type);
}

/*
 *  mem=256M's removal on the QEMU table: everything from 0x10000000 to the
 *  top (size ULLONG_MAX - start), RAM only.
 */
static void range_remove_cutoff(struct ktest *t)
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
	static const struct edit_case c = {
	    IN(qemu_pc),
	    .start = 0x10000000,
	    .size = ULLONG_MAX - 0x10000000,
	    .old_type = RAM,
	    .check_type = true,
	    .ret = 0xffe0000,
	    OUT(out),
	    .log = "e820: remove [mem 0x10000000-0xfffffffffffffffe] usable\n"};

	check_remove_at(t, __LINE__, &c);
}

/*
 *  Linux's first two edits of the BIOS table on every QEMU boot (refdata
 *  dmesg): page 0 becomes reserved, the legacy hole loses its (absent) RAM.
 *  After sanitize the table matches the top of /proc/iomem:
 *    00000000-00000fff : Reserved / 00001000-0009fbff : System RAM / ...
 */
static void range_edits_like_linux_boot(struct ktest *t)
{
	static const struct e820_entry sane[] = {
	    E(0x0, 0x1000, RES),	  E(0x1000, 0x9ec00, RAM),
	    E(0x9fc00, 0x400, RES),	  E(0xf0000, 0x10000, RES),
	    E(0x100000, 0x1fee0000, RAM), E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),  E(0xfd00000000, 0x300000000, RES),
	};
	uint64_t upd, rem;

	e820t_load(&tbl, qemu_pc, ARRAY_SIZE(qemu_pc));
	CAPTURE({
		upd = e820__range_update_table(&tbl, 0x0, 0x1000, RAM, RES);
		rem = e820__range_remove_table(&tbl, 0xa0000, 0x60000, RAM, true);
	});
	KTEST_EXPECT_EQ(t, upd, 0x1000);
	KTEST_EXPECT_EQ(t, rem, 0);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n"
			   "e820: remove [mem 0x000a0000-0x000fffff] usable\n");
	KTEST_EXPECT_INT_EQ(t, e820__update_table(&tbl), 0);
	EXPECT_TABLE(t, &tbl, sane);
}

/* ------------------------------------------------------------------ */
/* queries                                                             */
/* ------------------------------------------------------------------ */

static void mapped_any(struct ktest *t)
{
	e820t_load(&tbl, qemu_pc, ARRAY_SIZE(qemu_pc));
	KTEST_EXPECT_TRUE(t, e820__mapped_any_table(&tbl, 0x9f000, 0xa0000, RAM));
	KTEST_EXPECT_TRUE(t, e820__mapped_any_table(&tbl, 0x9fbff, 0x9fc00, RAM));
	KTEST_EXPECT_FALSE(t, e820__mapped_any_table(&tbl, 0x9fc00, 0xa0000, RAM));
	KTEST_EXPECT_TRUE(t, e820__mapped_any_table(&tbl, 0x9fc00, 0xa0000, RES));
	/* end is exclusive: a range ending where an entry starts misses it */
	KTEST_EXPECT_FALSE(t, e820__mapped_any_table(&tbl, 0xe0000, 0xf0000, RES));
	KTEST_EXPECT_FALSE(t, e820__mapped_any_table(&tbl, 0xa0000, 0xf0000, 0));
	KTEST_EXPECT_TRUE(t, e820__mapped_any_table(&tbl, 0xa0000, 0xf0001, 0));
	KTEST_EXPECT_FALSE(t, e820__mapped_any_table(&tbl, 0x0, 0x100000000, ACPI));
}

static void mapped_all(struct ktest *t)
{
	static const struct e820_entry reversed[] = {E(0x3000, 0x1000, RAM), E(0x2000, 0x1000, RAM),
						     E(0x1000, 0x1000, RAM)};

	e820t_load(&tbl, qemu_pc, ARRAY_SIZE(qemu_pc));
	KTEST_EXPECT_TRUE(t, e820__mapped_all_table(&tbl, 0x100000, 0x1ffe0000, RAM));
	KTEST_EXPECT_FALSE(t, e820__mapped_all_table(&tbl, 0x100000, 0x1ffe0001, RAM));
	KTEST_EXPECT_FALSE(t, e820__mapped_all_table(&tbl, 0xfffff, 0x100001, RAM));
	/* Any type: RAM then reserved, touching, covers; the legacy hole not. */
	KTEST_EXPECT_TRUE(t, e820__mapped_all_table(&tbl, 0x0, 0xa0000, 0));
	KTEST_EXPECT_FALSE(t, e820__mapped_all_table(&tbl, 0x9fc00, 0x100000, 0));
	KTEST_EXPECT_TRUE(t, e820__mapped_all_table(&tbl, 0xf0000, 0x1ffe0000, 0));
	KTEST_EXPECT_FALSE(t, e820__mapped_all_table(&tbl, 0x1000, 0x1000, RAM)); /* empty */
	/* Unsorted tables work too. */
	e820t_load(&tbl, reversed, ARRAY_SIZE(reversed));
	KTEST_EXPECT_TRUE(t, e820__mapped_all_table(&tbl, 0x1000, 0x4000, RAM));
	KTEST_EXPECT_FALSE(t, e820__mapped_all_table(&tbl, 0x1000, 0x4001, RAM));
}

static void get_entry_type(struct ktest *t)
{
	static const struct e820_entry soft[] = {E(0x100000, 0x100000, SOFT), E(0x0, 0x1000, RAM)};

	e820t_load(&tbl, qemu_pc, ARRAY_SIZE(qemu_pc));
	KTEST_EXPECT_INT_EQ(t, e820__get_entry_type_table(&tbl, 0x100000, 0x200000), RAM);
	KTEST_EXPECT_INT_EQ(t, e820__get_entry_type_table(&tbl, 0xf0000, 0xf1000), RES);
	/* Linux's rule: the type of the entry that completes the range. */
	KTEST_EXPECT_INT_EQ(t, e820__get_entry_type_table(&tbl, 0x9f000, 0xa0000), RES);
	KTEST_EXPECT_INT_EQ(t, e820__get_entry_type_table(&tbl, 0xa0000, 0xb0000), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, e820__get_entry_type_table(&tbl, 0x9f000, 0xa1000), -EINVAL);
	e820t_load(&tbl, soft, ARRAY_SIZE(soft));
	KTEST_EXPECT_INT_EQ(t, e820__get_entry_type_table(&tbl, 0x100000, 0x101000),
			    (int)0xefffffff);
}

/* The wrappers act on e820_table (and mapped_raw_any on the firmware one). */
static void wrappers_use_global_tables(struct ktest *t)
{
	static const struct e820_entry after[] = {
	    E(0x0, 0x9fc00, RAM),
	    E(0x9fc00, 0x400, RES),
	    E(0xf0000, 0x10000, RES),
	    E(0x101000, 0x1fedf000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),
	    E(0xfd00000000, 0x300000000, RES),
	    E(0x100000, 0x1000, NVS),
	    E(0x40000000, 0x1000, PRAM),
	};
	static const struct e820_entry fw[] = {E(0xa0000, 0x20000, RES), E(0x0, 0x1000, RAM)};
	uint64_t upd, rem;
	int add;

	save_globals();
	e820t_load(e820_table, qemu_pc, ARRAY_SIZE(qemu_pc));
	e820t_load(e820_table_firmware, fw, ARRAY_SIZE(fw));
	CAPTURE({
		upd = e820__range_update(0x100000, 0x1000, RAM, NVS);
		rem = e820__range_remove(0xfd00000000, 0x1000, RES, false);
		add = e820__range_add(0x40000000, 0x1000, PRAM);
	});
	KTEST_EXPECT_EQ(t, upd, 0x1000);
	KTEST_EXPECT_EQ(t, rem, 0x1000);
	KTEST_EXPECT_INT_EQ(t, add, 0);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "e820: update [mem 0x00100000-0x00100fff] usable ==> ACPI NVS\n"
			   "e820: remove [mem 0xfd00000000-0xfd00000fff] \n");
	/* The last remove cut the head of the 1 TiB reserved entry. */
	KTEST_EXPECT_EQ(t, e820_table->entries[6].addr, 0xfd00001000);
	KTEST_EXPECT_EQ(t, e820_table->entries[6].size, 0x2fffff000);
	e820_table->entries[6] = (struct e820_entry)E(0xfd00000000, 0x300000000, RES);
	EXPECT_TABLE(t, e820_table, after);
	KTEST_EXPECT_TRUE(t, e820__mapped_any(0x100000, 0x101000, NVS));
	KTEST_EXPECT_TRUE(t, e820__mapped_all(0x101000, 0x1ffe0000, RAM));
	KTEST_EXPECT_INT_EQ(t, e820__get_entry_type(0x40000000, 0x40001000), PRAM);
	KTEST_EXPECT_TRUE(t, e820__mapped_raw_any(0xb0000, 0xb1000, RES));
	KTEST_EXPECT_FALSE(t, e820__mapped_any(0xb0000, 0xb1000, RES));
	KTEST_EXPECT_FALSE(t, e820__mapped_raw_any(0x100000, 0x101000, NVS));
	/* The other two tables are not touched. */
	KTEST_EXPECT_MEMEQ(t, e820_table_kexec, &saved[1], sizeof(saved[1]));
	restore_globals();
}

/* ------------------------------------------------------------------ */
/* names and printing                                                  */
/* ------------------------------------------------------------------ */

static void print_reference_table(struct ktest *t)
{
	e820t_load(&tbl, qemu_pc, ARRAY_SIZE(qemu_pc));
	CAPTURE(e820__print_table(&tbl, "BIOS-e820"));
	KTEST_EXPECT_STREQ(t, e820t_cap, QEMU_PC_DMESG);
}

static void print_every_type(struct ktest *t)
{
	static const struct e820_entry all[] = {
	    E(0x0, 0x1000, RAM),	 E(0x1000, 0x1000, RES),  E(0x2000, 0x1000, ACPI),
	    E(0x3000, 0x1000, NVS),	 E(0x4000, 0x1000, UNUS), E(0x5000, 0x1000, 6),
	    E(0x6000, 0x1000, PMEM),	 E(0x7000, 0x1000, PRAM), E(0x8000, 0x1000, KERN),
	    E(0x9000, 0x1000, SOFT),	 E(0xa000, 0x1000, 0),	  E(0xb000, 0x1000, 0xffffffff),
	    E(0x123456789000, 0x1, RAM),
	};

	e820t_load(&tbl, all, ARRAY_SIZE(all));
	CAPTURE(e820__print_table(&tbl, "user"));
	KTEST_EXPECT_STREQ(
	    t, e820t_cap,
	    "user: [mem 0x0000000000000000-0x0000000000000fff] usable\n"
	    "user: [mem 0x0000000000001000-0x0000000000001fff] reserved\n"
	    "user: [mem 0x0000000000002000-0x0000000000002fff] ACPI data\n"
	    "user: [mem 0x0000000000003000-0x0000000000003fff] ACPI NVS\n"
	    "user: [mem 0x0000000000004000-0x0000000000004fff] unusable\n"
	    "user: [mem 0x0000000000005000-0x0000000000005fff] type 6\n"
	    "user: [mem 0x0000000000006000-0x0000000000006fff] persistent (type 7)\n"
	    "user: [mem 0x0000000000007000-0x0000000000007fff] persistent (type 12)\n"
	    "user: [mem 0x0000000000008000-0x0000000000008fff] usable\n"
	    "user: [mem 0x0000000000009000-0x0000000000009fff] soft reserved\n"
	    "user: [mem 0x000000000000a000-0x000000000000afff] type 0\n"
	    "user: [mem 0x000000000000b000-0x000000000000bfff] type 4294967295\n"
	    "user: [mem 0x0000123456789000-0x0000123456789000] usable\n");
	/* An empty table prints nothing. */
	e820__table_reset(&tbl);
	CAPTURE(e820__print_table(&tbl, "user"));
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
}

static void print_type_word(struct ktest *t)
{
	char buf[32];

	KTEST_EXPECT_INT_EQ(t, e820_type_print_name(RAM, buf, sizeof(buf)), 6);
	KTEST_EXPECT_STREQ(t, buf, "usable");
	KTEST_EXPECT_INT_EQ(t, e820_type_print_name(PRAM, buf, sizeof(buf)), 20);
	KTEST_EXPECT_STREQ(t, buf, "persistent (type 12)");
	KTEST_EXPECT_INT_EQ(t, e820_type_print_name((enum e820_type)99, buf, sizeof(buf)), 7);
	KTEST_EXPECT_STREQ(t, buf, "type 99");
	/* snprintf rules: truncated but terminated, full length returned */
	KTEST_EXPECT_INT_EQ(t, e820_type_print_name(SOFT, buf, 5), 13);
	KTEST_EXPECT_STREQ(t, buf, "soft");
	CAPTURE({
		e820_print_type(PMEM);
		e820_print_type(NVS);
		e820_print_type((enum e820_type)6);
	});
	KTEST_EXPECT_STREQ(t, e820t_cap, "persistent (type 7)ACPI NVStype 6");
}

static void type_to_string(struct ktest *t)
{
	KTEST_EXPECT_STREQ(t, e820_type_to_string(RAM), "System RAM");
	KTEST_EXPECT_STREQ(t, e820_type_to_string(KERN), "System RAM");
	KTEST_EXPECT_STREQ(t, e820_type_to_string(RES), "Reserved");
	KTEST_EXPECT_STREQ(t, e820_type_to_string(ACPI), "ACPI Tables");
	KTEST_EXPECT_STREQ(t, e820_type_to_string(NVS), "ACPI Non-volatile Storage");
	KTEST_EXPECT_STREQ(t, e820_type_to_string(UNUS), "Unusable memory");
	KTEST_EXPECT_STREQ(t, e820_type_to_string(PMEM), "Persistent Memory");
	KTEST_EXPECT_STREQ(t, e820_type_to_string(PRAM), "Persistent Memory (legacy)");
	KTEST_EXPECT_STREQ(t, e820_type_to_string(SOFT), "Soft Reserved");
	KTEST_EXPECT_STREQ(t, e820_type_to_string((enum e820_type)6), "Unknown E820 type");
	KTEST_EXPECT_STREQ(t, e820_type_to_string((enum e820_type)0), "Unknown E820 type");
}

/* Flags and desc, docs/linux-model.md (numeric IORESOURCE_ / IORES_DESC_ values). */
static void type_to_iomem(struct ktest *t)
{
	static const struct {
		uint32_t type;
		unsigned long flags, desc;
	} want[] = {
	    {RAM, 0x01000200, 0}, {KERN, 0x01000200, 0}, {RES, 0x200, 7},  {ACPI, 0x200, 2},
	    {NVS, 0x200, 3},	  {UNUS, 0x200, 0},	 {PMEM, 0x200, 4}, {PRAM, 0x200, 5},
	    {SOFT, 0x200, 8},	  {6, 0x200, 0},	 {0, 0x200, 0},
	};

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		enum e820_type ty = (enum e820_type)want[i].type;

		if (e820_type_to_iomem_type(ty) != want[i].flags ||
		    e820_type_to_iores_desc(ty) != want[i].desc)
			ktest_fail_at(t, __FILE__, __LINE__,
				      "type %u: flags %#lx desc %lu, want %#lx %lu", want[i].type,
				      e820_type_to_iomem_type(ty), e820_type_to_iores_desc(ty),
				      want[i].flags, want[i].desc);
	}
}

/* ------------------------------------------------------------------ */
/* building from boot data                                             */
/* ------------------------------------------------------------------ */

/* GRUB's multiboot2 map under SeaBIOS: the e820 entries as the BIOS gave
 * them; and the same shuffled with an overlap. */
static void from_mb2_mmap(struct ktest *t)
{
	static const struct e820_entry messy[] = {
	    E(0x100000, 0x1fee0000, RAM),      E(0x0, 0x9fc00, RAM),
	    E(0x9f000, 0x1000, RES),	       E(0xf0000, 0x10000, RES),
	    E(0x1ffe0000, 0x20000, RES),       E(0xfffc0000, 0x40000, RES),
	    E(0xfd00000000, 0x300000000, RES),
	};
	static const struct e820_entry messy_out[] = {
	    E(0x0, 0x9f000, RAM),
	    E(0x9f000, 0x1000, RES),
	    E(0xf0000, 0x10000, RES),
	    E(0x100000, 0x1fee0000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0xfffc0000, 0x40000, RES),
	    E(0xfd00000000, 0x300000000, RES),
	};
	int r;

	CAPTURE(r = e820__from_mb2_mmap(&tbl, qemu_pc, ARRAY_SIZE(qemu_pc)));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	EXPECT_TABLE(t, &tbl, qemu_pc);
	KTEST_EXPECT_INT_EQ(t, e820__from_mb2_mmap(&tbl, messy, ARRAY_SIZE(messy)), 0);
	EXPECT_TABLE(t, &tbl, messy_out);
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
}

/* Linux's append_e820_table() refuses maps of fewer than 2 entries and
 * wrapping entries; nothing is left behind. */
static void from_mb2_mmap_refused(struct ktest *t)
{
	static const struct e820_entry wraps[] = {E(0x0, 0x9fc00, RAM),
						  E(0xfffffffffff00000, 0x100000, RES)};

	e820t_load(&tbl, qemu_pc, ARRAY_SIZE(qemu_pc));
	KTEST_EXPECT_INT_EQ(t, e820__from_mb2_mmap(&tbl, qemu_pc, 1), -EINVAL);
	KTEST_EXPECT_EQ(t, tbl.nr_entries, 0);
	e820t_load(&tbl, qemu_pc, ARRAY_SIZE(qemu_pc));
	KTEST_EXPECT_INT_EQ(t, e820__from_mb2_mmap(&tbl, qemu_pc, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, tbl.nr_entries, 0);
	e820t_load(&tbl, qemu_pc, ARRAY_SIZE(qemu_pc));
	KTEST_EXPECT_INT_EQ(t, e820__from_mb2_mmap(&tbl, wraps, ARRAY_SIZE(wraps)), -EINVAL);
	KTEST_EXPECT_EQ(t, tbl.nr_entries, 0);
}

/* 322 entries: the last two do not fit (reported), the rest is kept. */
static void from_mb2_mmap_too_many(struct ktest *t)
{
	static struct e820_entry in[E820_MAX_ENTRIES + 2];
	int r;

	for (uint32_t i = 0; i < ARRAY_SIZE(in); i++)
		in[i] = (struct e820_entry)E(0x1000ull * i, 0x1000, i % 2 ? RES : RAM);
	CAPTURE(r = e820__from_mb2_mmap(&tbl, in, ARRAY_SIZE(in)));
	KTEST_EXPECT_INT_EQ(t, r, -E2BIG);
	EXPECT_TABLE_N(t, &tbl, in, E820_MAX_ENTRIES);
	KTEST_EXPECT_STREQ(t, e820t_cap,
			   "e820: too many entries; ignoring [mem 0x00140000-0x00140fff]\n"
			   "e820: too many entries; ignoring [mem 0x00141000-0x00141fff]\n");
}

#define EFI_DESC(ty, start, pages, attr)                                                       \
	{                                                                                      \
		.type = (ty), .phys_start = (start), .num_pages = (pages), .attribute = (attr) \
	}
#define EFI_WB 0xfull	    /* UC | WC | WT | WB */
#define EFI_RT (1ull << 63) /* EFI_MEMORY_RUNTIME */
#define EFI_SP E820_EFI_MEMORY_SP

/*
 *  An OVMF-like map of a 512 MiB QEMU, plus one of every other type above
 *  4 GiB. Loader, boot-services and conventional memory become RAM and merge
 *  when adjacent; runtime services, MMIO and PAL code become reserved;
 *  conventional memory with EFI_MEMORY_SP becomes soft reserved; an unknown
 *  (OEM) type is dropped.
 */
static const struct e820_efi_desc ovmf[] = {
    EFI_DESC(E820_EFI_BOOT_SERVICES_DATA, 0x0, 0x1, EFI_WB),
    EFI_DESC(E820_EFI_CONVENTIONAL_MEMORY, 0x1000, 0x9f, EFI_WB),
    EFI_DESC(E820_EFI_CONVENTIONAL_MEMORY, 0x100000, 0x700, EFI_WB),
    EFI_DESC(E820_EFI_ACPI_MEMORY_NVS, 0x800000, 0x8, EFI_WB),
    EFI_DESC(E820_EFI_CONVENTIONAL_MEMORY, 0x808000, 0x3, EFI_WB),
    EFI_DESC(E820_EFI_ACPI_MEMORY_NVS, 0x80b000, 0x1, EFI_WB),
    EFI_DESC(E820_EFI_BOOT_SERVICES_DATA, 0x80c000, 0x4, EFI_WB),
    EFI_DESC(E820_EFI_ACPI_MEMORY_NVS, 0x810000, 0xf0, EFI_WB),
    EFI_DESC(E820_EFI_BOOT_SERVICES_DATA, 0x900000, 0x700, EFI_WB),
    EFI_DESC(E820_EFI_LOADER_CODE, 0x1000000, 0x100, EFI_WB),
    EFI_DESC(E820_EFI_LOADER_DATA, 0x1100000, 0x100, EFI_WB),
    EFI_DESC(E820_EFI_CONVENTIONAL_MEMORY, 0x1200000, 0x1dc00, EFI_WB),
    EFI_DESC(E820_EFI_BOOT_SERVICES_CODE, 0x1ee00000, 0x100, EFI_WB),
    EFI_DESC(E820_EFI_RUNTIME_SERVICES_CODE, 0x1ef00000, 0x80, EFI_WB | EFI_RT),
    EFI_DESC(E820_EFI_RUNTIME_SERVICES_DATA, 0x1ef80000, 0x80, EFI_WB | EFI_RT),
    EFI_DESC(E820_EFI_ACPI_RECLAIM_MEMORY, 0x1f000000, 0x10, EFI_WB),
    EFI_DESC(E820_EFI_ACPI_MEMORY_NVS, 0x1f010000, 0x10, EFI_WB),
    EFI_DESC(E820_EFI_CONVENTIONAL_MEMORY, 0x1f020000, 0x100, EFI_WB | EFI_SP),
    EFI_DESC(E820_EFI_CONVENTIONAL_MEMORY, 0x1f120000, 0xec0, EFI_WB),
    EFI_DESC(E820_EFI_RESERVED_TYPE, 0x1ffe0000, 0x20, EFI_WB),
    EFI_DESC(E820_EFI_MEMORY_MAPPED_IO, 0xffc00000, 0x400, EFI_RT),
    EFI_DESC(E820_EFI_PAL_CODE, 0xfed00000, 0x1, EFI_WB),
    EFI_DESC(E820_EFI_MEMORY_MAPPED_IO_PORT_SPACE, 0xfee00000, 0x1, EFI_RT),
    EFI_DESC(E820_EFI_PERSISTENT_MEMORY, 0x100000000, 0x40000, EFI_WB),
    EFI_DESC(E820_EFI_UNACCEPTED_MEMORY, 0x140000000, 0x10000, EFI_WB),
    EFI_DESC(E820_EFI_UNUSABLE_MEMORY, 0x180000000, 0x100, EFI_WB),
    EFI_DESC(0x70000000, 0x190000000, 0x100, EFI_WB),
};

static void from_efi_mmap_ovmf(struct ktest *t)
{
	static const struct e820_entry out[] = {
	    E(0x0, 0xa0000, RAM),
	    E(0x100000, 0x700000, RAM),
	    E(0x800000, 0x8000, NVS),
	    E(0x808000, 0x3000, RAM),
	    E(0x80b000, 0x1000, NVS),
	    E(0x80c000, 0x4000, RAM),
	    E(0x810000, 0xf0000, NVS),
	    E(0x900000, 0x1e600000, RAM),
	    E(0x1ef00000, 0x100000, RES),
	    E(0x1f000000, 0x10000, ACPI),
	    E(0x1f010000, 0x10000, NVS),
	    E(0x1f020000, 0x100000, SOFT),
	    E(0x1f120000, 0xec0000, RAM),
	    E(0x1ffe0000, 0x20000, RES),
	    E(0xfed00000, 0x1000, RES),
	    E(0xfee00000, 0x1000, RES),
	    E(0xffc00000, 0x400000, RES),
	    E(0x100000000, 0x40000000, PMEM),
	    E(0x140000000, 0x10000000, RAM),
	    E(0x180000000, 0x100000, UNUS),
	};
	int r;

	CAPTURE(r = e820__from_efi_mmap(&tbl, ovmf, ARRAY_SIZE(ovmf), true));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	EXPECT_TABLE(t, &tbl, out);
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
}

/* efi=nosoftreserve: the EFI_MEMORY_SP range is plain RAM and merges. */
static void from_efi_mmap_no_soft_reserve(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, e820__from_efi_mmap(&tbl, ovmf, ARRAY_SIZE(ovmf), false), 0);
	KTEST_ASSERT_EQ(t, tbl.nr_entries, 19);
	KTEST_EXPECT_EQ(t, tbl.entries[10].addr, 0x1f010000);
	KTEST_EXPECT_EQ(t, tbl.entries[10].size, 0x10000);
	KTEST_EXPECT_EQ(t, tbl.entries[10].type, NVS);
	KTEST_EXPECT_EQ(t, tbl.entries[11].addr, 0x1f020000);
	KTEST_EXPECT_EQ(t, tbl.entries[11].size, 0xfc0000);
	KTEST_EXPECT_EQ(t, tbl.entries[11].type, RAM);
	KTEST_EXPECT_EQ(t, tbl.entries[12].addr, 0x1ffe0000);
	KTEST_EXPECT_EQ(t, tbl.entries[12].type, RES);
}

/* The stub tests EFI_MEMORY_SP on loader and boot-services memory too, and
 * ignores it on other types. Its merge of touching same-type descriptors
 * happens before sanitize, so even soft-reserved neighbours become one entry
 * (sanitize alone would keep them apart). */
static void from_efi_mmap_sp_attribute(struct ktest *t)
{
	static const struct e820_efi_desc in[] = {
	    EFI_DESC(E820_EFI_LOADER_DATA, 0x0, 0x10, EFI_SP),
	    EFI_DESC(E820_EFI_BOOT_SERVICES_CODE, 0x10000, 0x10, EFI_SP),
	    EFI_DESC(E820_EFI_RUNTIME_SERVICES_DATA, 0x20000, 0x10, EFI_SP),
	    EFI_DESC(E820_EFI_ACPI_RECLAIM_MEMORY, 0x30000, 0x10, EFI_SP),
	};
	static const struct e820_entry out[] = {E(0x0, 0x20000, SOFT), E(0x20000, 0x10000, RES),
						E(0x30000, 0x10000, ACPI)};

	KTEST_EXPECT_INT_EQ(t, e820__from_efi_mmap(&tbl, in, ARRAY_SIZE(in), true), 0);
	EXPECT_TABLE(t, &tbl, out);
}

/* 400 one-page conventional descriptors merge into one entry before the
 * table's capacity matters. */
static void from_efi_mmap_merges_before_capacity(struct ktest *t)
{
	static struct e820_efi_desc in[401];
	static const struct e820_entry out[] = {E(0x0, 400 * 0x1000, RAM),
						E(400 * 0x1000, 0x1000, RES)};
	int r;

	for (uint32_t i = 0; i < 400; i++)
		in[i] = (struct e820_efi_desc)EFI_DESC(E820_EFI_CONVENTIONAL_MEMORY, 0x1000ull * i,
						       1, EFI_WB);
	in[400] = (struct e820_efi_desc)EFI_DESC(E820_EFI_RESERVED_TYPE, 400 * 0x1000, 1, 0);
	CAPTURE(r = e820__from_efi_mmap(&tbl, in, ARRAY_SIZE(in), true));
	KTEST_EXPECT_INT_EQ(t, r, 0);
	EXPECT_TABLE(t, &tbl, out);
	KTEST_EXPECT_STREQ(t, e820t_cap, "");
}

static void from_efi_mmap_refused(struct ktest *t)
{
	static const struct e820_efi_desc huge[] = {
	    EFI_DESC(E820_EFI_CONVENTIONAL_MEMORY, 0x0, 0x10, EFI_WB),
	    EFI_DESC(E820_EFI_CONVENTIONAL_MEMORY, 0x100000, 1ull << 52, EFI_WB),
	};
	static const struct e820_efi_desc wraps[] = {
	    EFI_DESC(E820_EFI_CONVENTIONAL_MEMORY, 0x0, 0x10, EFI_WB),
	    EFI_DESC(E820_EFI_RESERVED_TYPE, 0xfffffffffff00000, 0x100, 0),
	};
	static const struct e820_efi_desc one_left[] = {
	    EFI_DESC(E820_EFI_CONVENTIONAL_MEMORY, 0x0, 0x10, EFI_WB),
	    EFI_DESC(E820_EFI_CONVENTIONAL_MEMORY, 0x10000, 0x10, EFI_WB),
	    EFI_DESC(0x80000000, 0x100000, 0x10, 0),
	};

	KTEST_EXPECT_INT_EQ(t, e820__from_efi_mmap(&tbl, huge, ARRAY_SIZE(huge), true), -EINVAL);
	KTEST_EXPECT_EQ(t, tbl.nr_entries, 0);
	KTEST_EXPECT_INT_EQ(t, e820__from_efi_mmap(&tbl, wraps, ARRAY_SIZE(wraps), true), -EINVAL);
	KTEST_EXPECT_EQ(t, tbl.nr_entries, 0);
	/* Merged into one entry and the rest dropped: fewer than 2 entries. */
	KTEST_EXPECT_INT_EQ(t, e820__from_efi_mmap(&tbl, one_left, ARRAY_SIZE(one_left), true),
			    -EINVAL);
	KTEST_EXPECT_EQ(t, tbl.nr_entries, 0);
}

/* Boot-time setup: the firmware view lands in all three tables and is
 * printed under Linux's header. */
static void memory_setup_from(struct ktest *t)
{
	save_globals();
	e820t_load(&tbl, qemu_pc, ARRAY_SIZE(qemu_pc));
	CAPTURE(e820__memory_setup_from(&tbl, "BIOS-e820"));
	KTEST_EXPECT_STREQ(t, e820t_cap, "BIOS-provided physical RAM map:\n" QEMU_PC_DMESG);
	EXPECT_TABLE(t, e820_table, qemu_pc);
	EXPECT_TABLE(t, e820_table_kexec, qemu_pc);
	EXPECT_TABLE(t, e820_table_firmware, qemu_pc);
	restore_globals();
}

static const struct ktest_case e820_cases[] = {
    KTEST_CASE(sanitize_overlap_at_start),
    KTEST_CASE(sanitize_overlap_at_end),
    KTEST_CASE(sanitize_contained),
    KTEST_CASE(sanitize_container_wins),
    KTEST_CASE(sanitize_identical),
    KTEST_CASE(sanitize_adjacent_merge),
    KTEST_CASE(sanitize_adjacent_different_types),
    KTEST_CASE(sanitize_overlap_same_type),
    KTEST_CASE(sanitize_hole_kept),
    KTEST_CASE(sanitize_three_deep),
    KTEST_CASE(sanitize_pram_no_merge),
    KTEST_CASE(sanitize_pram_split_at_change_point),
    KTEST_CASE(sanitize_soft_reserved_no_merge),
    KTEST_CASE(sanitize_zero_size),
    KTEST_CASE(sanitize_wrap),
    KTEST_CASE(sanitize_fewer_than_two),
    KTEST_CASE(sanitize_capacity),
    KTEST_CASE(sanitize_type_precedence),
    KTEST_CASE(sanitize_unsorted),
    KTEST_CASE(sanitize_realistic_qemu_pc),
    KTEST_CASE(range_add_appends),
    KTEST_CASE(range_add_full_table),
    KTEST_CASE(range_update_full),
    KTEST_CASE(range_update_head),
    KTEST_CASE(range_update_tail),
    KTEST_CASE(range_update_middle_split),
    KTEST_CASE(range_update_no_overlap),
    KTEST_CASE(range_update_spanning),
    KTEST_CASE(range_update_size_clamped),
    KTEST_CASE(range_update_same_type),
    KTEST_CASE(range_update_split_in_full_table),
    KTEST_CASE(range_remove_full),
    KTEST_CASE(range_remove_head),
    KTEST_CASE(range_remove_tail),
    KTEST_CASE(range_remove_middle_split),
    KTEST_CASE(range_remove_no_overlap),
    KTEST_CASE(range_remove_any_type),
    KTEST_CASE(range_remove_cutoff),
    KTEST_CASE(range_edits_like_linux_boot),
    KTEST_CASE(mapped_any),
    KTEST_CASE(mapped_all),
    KTEST_CASE(get_entry_type),
    KTEST_CASE(wrappers_use_global_tables),
    KTEST_CASE(print_reference_table),
    KTEST_CASE(print_every_type),
    KTEST_CASE(print_type_word),
    KTEST_CASE(type_to_string),
    KTEST_CASE(type_to_iomem),
    KTEST_CASE(from_mb2_mmap),
    KTEST_CASE(from_mb2_mmap_refused),
    KTEST_CASE(from_mb2_mmap_too_many),
    KTEST_CASE(from_efi_mmap_ovmf),
    KTEST_CASE(from_efi_mmap_no_soft_reserve),
    KTEST_CASE(from_efi_mmap_sp_attribute),
    KTEST_CASE(from_efi_mmap_merges_before_capacity),
    KTEST_CASE(from_efi_mmap_refused),
    KTEST_CASE(memory_setup_from),
    {0},
};

static const struct ktest_suite e820_suite = {.name = "e820", .cases = e820_cases};
KTEST_SUITE(e820_suite);
