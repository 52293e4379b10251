/* memblock: region bookkeeping and top-down allocation. Each case starts
 * from an empty instance; pictures show memory (M) and reserved (R). */
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "mm/memblock.h"

static struct memblock mb;

static int mb_init(struct ktest *t)
{
	(void)t;
	memblock_init(&mb, 0x100000000ull);
	return 0;
}

#define EXPECT_REGION(t, type, i, b, s)                         \
	do {                                                    \
		KTEST_EXPECT_EQ(t, mb.type.regions[i].base, b); \
		KTEST_EXPECT_EQ(t, mb.type.regions[i].size, s); \
	} while (0)

/*  |--M1--|      |--M2--|   added out of order: stored sorted, apart  */
static void add_disjoint_sorted(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, memblock_add(&mb, 0x300000, 0x100000), 0);
	KTEST_ASSERT_INT_EQ(t, memblock_add(&mb, 0x100000, 0x100000), 0);
	KTEST_ASSERT_EQ(t, mb.memory.cnt, 2);
	EXPECT_REGION(t, memory, 0, 0x100000, 0x100000);
	EXPECT_REGION(t, memory, 1, 0x300000, 0x100000);
	KTEST_EXPECT_EQ(t, memblock_phys_mem_size(&mb), 0x200000);
}

/*  |--M1--|--M2--|  adjacent, and  |--M1--|  overlapped by  |---M3---|  merge */
static void add_adjacent_and_overlap_merge(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, memblock_add(&mb, 0x100000, 0x100000), 0);
	KTEST_ASSERT_INT_EQ(t, memblock_add(&mb, 0x200000, 0x100000), 0);
	KTEST_ASSERT_EQ(t, mb.memory.cnt, 1);
	EXPECT_REGION(t, memory, 0, 0x100000, 0x200000);
	KTEST_ASSERT_INT_EQ(t, memblock_add(&mb, 0x280000, 0x100000), 0);
	KTEST_ASSERT_EQ(t, mb.memory.cnt, 1);
	EXPECT_REGION(t, memory, 0, 0x100000, 0x280000);
}

static void add_rejects_zero_and_wrap(struct ktest *t)
{
	KTEST_EXPECT_INT_EQ(t, memblock_add(&mb, 0x1000, 0), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, memblock_add(&mb, ~0ull - 0xfff, 0x2000), -EINVAL);
	KTEST_EXPECT_EQ(t, mb.memory.cnt, 0);
}

/*  |------M------|  remove the middle  ->  |-M-|   |-M-|  */
static void remove_splits(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, memblock_add(&mb, 0x100000, 0x300000), 0);
	KTEST_ASSERT_INT_EQ(t, memblock_remove(&mb, 0x200000, 0x100000), 0);
	KTEST_ASSERT_EQ(t, mb.memory.cnt, 2);
	EXPECT_REGION(t, memory, 0, 0x100000, 0x100000);
	EXPECT_REGION(t, memory, 1, 0x300000, 0x100000);
	/* Remove a head and a tail. */
	KTEST_ASSERT_INT_EQ(t, memblock_remove(&mb, 0x0, 0x180000), 0);
	KTEST_ASSERT_INT_EQ(t, memblock_remove(&mb, 0x380000, 0x100000), 0);
	EXPECT_REGION(t, memory, 0, 0x180000, 0x80000);
	EXPECT_REGION(t, memory, 1, 0x300000, 0x80000);
}

static void full_table_changes_nothing(struct ktest *t)
{
	for (int i = 0; i < MEMBLOCK_MAX_REGIONS; i++)
		KTEST_ASSERT_INT_EQ(t, memblock_add(&mb, 0x100000ull * (2 * i + 1), 0x1000), 0);
	KTEST_EXPECT_INT_EQ(t, memblock_add(&mb, 0x100000000ull, 0x1000), -ENOSPC);
	KTEST_EXPECT_EQ(t, mb.memory.cnt, MEMBLOCK_MAX_REGIONS);
	/* A split would need one more slot: refused, table unchanged. */
	KTEST_EXPECT_INT_EQ(t, memblock_remove(&mb, 0x100400, 0x100), -ENOSPC);
	EXPECT_REGION(t, memory, 0, 0x100000, 0x1000);
}

/*  R"a" |--a--|  then R"b" over it |----b----|: b keeps only what a did not */
static void reserve_keeps_owners_apart(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, memblock_reserve(&mb, 0x200000, 0x100000, "a"), 0);
	KTEST_ASSERT_INT_EQ(t, memblock_reserve(&mb, 0x100000, 0x300000, "b"), 0);
	KTEST_ASSERT_EQ(t, mb.reserved.cnt, 3);
	EXPECT_REGION(t, reserved, 0, 0x100000, 0x100000);
	KTEST_EXPECT_STREQ(t, mb.reserved.regions[0].name, "b");
	EXPECT_REGION(t, reserved, 1, 0x200000, 0x100000);
	KTEST_EXPECT_STREQ(t, mb.reserved.regions[1].name, "a");
	EXPECT_REGION(t, reserved, 2, 0x300000, 0x100000);
	KTEST_EXPECT_EQ(t, memblock_reserved_size(&mb), 0x300000);
	/* Same name, adjacent: merged. */
	KTEST_ASSERT_INT_EQ(t, memblock_reserve(&mb, 0x400000, 0x1000, "b"), 0);
	EXPECT_REGION(t, reserved, 2, 0x300000, 0x101000);
}

/*  M |----------------|   R |--k--|      alloc comes from the top, aligned */
static void alloc_is_top_down_and_aligned(struct ktest *t)
{
	uint64_t a, b;

	KTEST_ASSERT_INT_EQ(t, memblock_add(&mb, 0x100000, 0x1000000), 0); /* to 0x1100000 */
	KTEST_ASSERT_INT_EQ(t, memblock_reserve(&mb, 0x100000, 0x200000, "kernel"), 0);
	a = memblock_phys_alloc(&mb, 0x1000, 0x1000, "pt");
	KTEST_EXPECT_EQ(t, a, 0x10ff000);
	b = memblock_phys_alloc(&mb, 0x10, 0x200000, "big-align");
	KTEST_EXPECT_EQ(t, b, 0x1000000);
	KTEST_EXPECT_TRUE(t, memblock_is_reserved(&mb, a));
	KTEST_EXPECT_TRUE(t, memblock_is_reserved(&mb, b));
	KTEST_EXPECT_FALSE(t, memblock_is_region_free(&mb, a, 0x1000));
	KTEST_EXPECT_TRUE(t, memblock_is_region_free(&mb, 0x400000, 0x1000));
}

/* The topmost free gap is too small: the search steps below the blocker. */
static void alloc_skips_reserved_and_respects_limits(struct ktest *t)
{
	uint64_t a;

	KTEST_ASSERT_INT_EQ(t, memblock_add(&mb, 0x100000, 0x400000), 0); /* to 0x500000 */
	KTEST_ASSERT_INT_EQ(t, memblock_reserve(&mb, 0x480000, 0x70000, "x"),
			    0); /* free 0x4f0000.. */
	a = memblock_phys_alloc(&mb, 0x20000, 0x1000, "y");
	KTEST_EXPECT_EQ(t, a, 0x460000);
	/* Range limit. */
	a = memblock_phys_alloc_range(&mb, 0x1000, 0x1000, 0x100000, 0x200000, "z");
	KTEST_EXPECT_EQ(t, a, 0x1ff000);
	/* current_limit caps everything. */
	mb.current_limit = 0x180000;
	a = memblock_phys_alloc(&mb, 0x1000, 0x1000, "w");
	KTEST_EXPECT_EQ(t, a, 0x17f000);
	/* Too big, bad alignment: 0. */
	KTEST_EXPECT_EQ(t, memblock_phys_alloc(&mb, 0x1000000, 0x1000, "v"), 0);
	KTEST_EXPECT_EQ(t, memblock_phys_alloc(&mb, 0x1000, 0x3000, "v"), 0);
}

static void free_releases(struct ktest *t)
{
	uint64_t a;

	KTEST_ASSERT_INT_EQ(t, memblock_add(&mb, 0x100000, 0x100000), 0);
	a = memblock_phys_alloc(&mb, 0x100000, 0x1000, "all");
	KTEST_ASSERT_EQ(t, a, 0x100000);
	KTEST_EXPECT_EQ(t, memblock_phys_alloc(&mb, 0x1000, 0x1000, "more"), 0);
	KTEST_ASSERT_INT_EQ(t, memblock_free(&mb, 0x180000, 0x1000), 0);
	KTEST_EXPECT_EQ(t, memblock_phys_alloc(&mb, 0x1000, 0x1000, "more"), 0x180000);
	KTEST_EXPECT_EQ(t, mb.reserved.cnt, 3);
}

static const struct ktest_case memblock_cases[] = {
    KTEST_CASE(add_disjoint_sorted),
    KTEST_CASE(add_adjacent_and_overlap_merge),
    KTEST_CASE(add_rejects_zero_and_wrap),
    KTEST_CASE(remove_splits),
    KTEST_CASE(full_table_changes_nothing),
    KTEST_CASE(reserve_keeps_owners_apart),
    KTEST_CASE(alloc_is_top_down_and_aligned),
    KTEST_CASE(alloc_skips_reserved_and_respects_limits),
    KTEST_CASE(free_releases),
    {0},
};

static const struct ktest_suite memblock_suite = {
    .name = "memblock",
    .cases = memblock_cases,
    .init = mb_init,
};
KTEST_SUITE(memblock_suite);
