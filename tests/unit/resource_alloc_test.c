/* Suite "resource_alloc": allocate_resource() (first fit, constraints,
 * alignf, reallocation in place or by moving) and
 * reserve_region_with_split() on a local root [0000-ffff]. Each row builds
 * its tree from scratch and compares the whole tree afterwards in
 * resource_render_debug() form ("start-end flags desc name"). */
#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "tests/unit/resource_test_util.h"

static struct resource root;
static char log[512];

static int alloc_init(struct ktest *t)
{
	root = (struct resource){.name = "root", .start = 0, .end = 0xffff, .flags = MEM};
	return rtest_init(t);
}

static void alloc_exit(struct ktest *t)
{
	rtest_exit(t, &root, 0, NULL);
}

static struct resource *node[RTEST_MAX_NODES];

static bool build(struct resource *r, const struct node_spec *s)
{
	return rtest_build(r, s, node, NULL);
}

/*
 *  0     1000  2000  3000               8000  9000            ffff
 *  [ A  ]      [ B  ]                   [ C  ]
 *        gap 1       gap 2 (3000-7fff)        gap 3 (9000-ffff)
 */
static const struct node_spec alloc_base[] = {
    {0, 0x0000, 0x0fff, "A", MEM, 0},
    {0, 0x2000, 0x2fff, "B", MEM, 0},
    {0, 0x8000, 0x8fff, "C", MEM, 0},
    {0},
};

struct alloc_row {
	const char *what;
	resource_size_t size, min, max, align;
	int ret;
	resource_size_t start; /* when ret == 0 */
};

static const struct alloc_row alloc_rows[] = {
    {"first gap", 0x1000, 0, ALL_ONES, 0x1000, 0, 0x1000},
    {"one byte too big for gap 1", 0x1001, 0, ALL_ONES, 1, 0, 0x3000},
    {"alignment skips ahead", 0x1000, 0, ALL_ONES, 0x4000, 0, 0x4000},
    {"min", 0x1000, 0x9000, ALL_ONES, 1, 0, 0x9000},
    {"min clips gap 1 too small", 0x800, 0x1900, ALL_ONES, 1, 0, 0x3000},
    {"max fits exactly", 0x5000, 0, 0x7fff, 1, 0, 0x3000},
    {"max one short", 0x5000, 0, 0x7ffe, 1, -EBUSY, 0},
    {"last gap exactly", 0x7000, 0, ALL_ONES, 1, 0, 0x9000},
    {"full", 0x7001, 0, ALL_ONES, 1, -EBUSY, 0},
    {"size 0", 0, 0, ALL_ONES, 1, -EBUSY, 0},
    {"align 0 counts as 1", 0x10, 0, ALL_ONES, 0, 0, 0x1000},
    {"min above max", 0x10, 0x9000, 0x8000, 1, -EBUSY, 0},
    {"no aligned start anywhere", 0x1000, 0, ALL_ONES, 0x10000, -EBUSY, 0},
};

/* allocate_resource(): first fit, ascending, clipped and aligned. */
static void allocate_resource_table(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(alloc_rows); i++) {
		const struct alloc_row *row = &alloc_rows[i];
		bool failed = t->status == KTEST_FAIL;
		struct resource *new;

		KTEST_ASSERT_TRUE(t, build(&root, alloc_base));
		new = rtest_mk(0x1234, 0x1234, "new", MEM);
		KTEST_ASSERT_NOT_NULL(t, new);
		KTEST_EXPECT_INT_EQ(t,
				    allocate_resource(&root, new, row->size, row->min, row->max,
						      row->align, NULL, NULL),
				    row->ret);
		if (row->ret == 0) {
			KTEST_EXPECT_EQ(t, new->start, row->start);
			KTEST_EXPECT_EQ(t, new->end, row->start + row->size - 1);
			KTEST_EXPECT_TRUE(t, new->parent == &root);
			KTEST_EXPECT_EQ(t, new->flags, MEM);
			KTEST_EXPECT_NULL(t, resource_check_tree(&root));
			KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 4);
		} else {
			/* A failed search leaves new as it was. */
			KTEST_EXPECT_EQ(t, new->start, 0x1234);
			KTEST_EXPECT_EQ(t, new->end, 0x1234);
			KTEST_EXPECT_NULL(t, new->parent);
			EXPECT_TREE(t, &root,
				    "0-fff 0x200 0 A\n2000-2fff 0x200 0 B\n8000-8fff 0x200 0 C\n");
			free_resource(new);
			KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 3);
		}
		NOTE_ROW(t, failed, row->what);
	}
}

struct alignf_call {
	resource_size_t start, end, size, align;
	unsigned long flags;
	void *data;
};

static struct alignf_call alignf_calls[8];
static int alignf_ncalls;

/* Top-down inside the offered range, but refuses anything below 0x3000 by
 * answering a start outside the range. */
static resource_size_t top_down_alignf(void *data, const struct resource *avail,
				       resource_size_t size, resource_size_t align)
{
	if (alignf_ncalls < 8)
		alignf_calls[alignf_ncalls] =
		    (struct alignf_call){avail->start, avail->end, size, align, avail->flags, data};
	alignf_ncalls++;
	if (avail->start < 0x3000)
		return avail->start - 1;
	return (avail->end + 1 - size) & ~(align - 1);
}

/* The alignf callback sees each clipped, aligned gap in turn (flags of new
 * minus IORESOURCE_UNSET); its answer must stay inside the gap.
 *   gaps offered: 1200-1fff (min 0x1200), then 3000-7fff -> 7800-7fff */
static void allocate_resource_alignf(struct ktest *t)
{
	int cookie;
	struct resource *new;

	KTEST_ASSERT_TRUE(t, build(&root, alloc_base));
	new = rtest_mk(0, 0, "new", MEM | IORESOURCE_UNSET);
	KTEST_ASSERT_NOT_NULL(t, new);
	alignf_ncalls = 0;
	KTEST_EXPECT_INT_EQ(
	    t,
	    allocate_resource(&root, new, 0x800, 0x1200, 0x8fff, 0x100, top_down_alignf, &cookie),
	    0);
	KTEST_ASSERT_EQ(t, alignf_ncalls, 2);
	KTEST_EXPECT_EQ(t, alignf_calls[0].start, 0x1200);
	KTEST_EXPECT_EQ(t, alignf_calls[0].end, 0x1fff);
	KTEST_EXPECT_EQ(t, alignf_calls[1].start, 0x3000);
	KTEST_EXPECT_EQ(t, alignf_calls[1].end, 0x7fff);
	for (int i = 0; i < 2; i++) {
		KTEST_EXPECT_EQ(t, alignf_calls[i].size, 0x800);
		KTEST_EXPECT_EQ(t, alignf_calls[i].align, 0x100);
		KTEST_EXPECT_EQ(t, alignf_calls[i].flags, MEM);
		KTEST_EXPECT_TRUE(t, alignf_calls[i].data == &cookie);
	}
	EXPECT_TREE(t, &root,
		    "0-fff 0x200 0 A\n2000-2fff 0x200 0 B\n7800-7fff 0x20000200 0 new\n"
		    "8000-8fff 0x200 0 C\n");
	KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 4);
}

/* No wrap-around at the ends: a root fully covered by one child, and an
 * iomem-sized root whose last child ends at ~0.
 *   [ X 0-ffff ]                    -> -EBUSY
 *   [ L 0-fff ] ... [ H f000..~0 ]  -> 1000 */
static void allocate_resource_full_roots(struct ktest *t)
{
	struct resource big = {.name = "big", .start = 0, .end = ALL_ONES, .flags = MEM};
	struct resource *x = rtest_mk(0, 0xffff, "X", MEM), *new = rtest_mk(0, 0, "new", MEM);
	struct resource *l = rtest_mk(0, 0xfff, "L", MEM),
			*h = rtest_mk(0xf000, ALL_ONES, "H", MEM);

	KTEST_ASSERT_NOT_NULL(t, x);
	KTEST_ASSERT_NOT_NULL(t, new);
	KTEST_ASSERT_NOT_NULL(t, l);
	KTEST_ASSERT_NOT_NULL(t, h);
	KTEST_ASSERT_INT_EQ(t, request_resource(&root, x), 0);
	KTEST_EXPECT_INT_EQ(t, allocate_resource(&root, new, 1, 0, ALL_ONES, 1, NULL, NULL),
			    -EBUSY);
	KTEST_EXPECT_NULL(t, new->parent);

	KTEST_ASSERT_INT_EQ(t, request_resource(&big, h), 0);
	KTEST_EXPECT_INT_EQ(t, allocate_resource(&big, new, 0x20000, 0, ALL_ONES, 1, NULL, NULL),
			    -EBUSY);
	KTEST_ASSERT_INT_EQ(t, request_resource(&big, l), 0);
	KTEST_EXPECT_INT_EQ(t, allocate_resource(&big, new, 0xe000, 0, ALL_ONES, 1, NULL, NULL), 0);
	EXPECT_TREE(t, &big,
		    "0-fff 0x200 0 L\n1000-efff 0x200 0 new\nf000-ffffffffffffffff 0x200 0 H\n");
	KTEST_EXPECT_EQ(t, resource_test_free_all(&big), 3);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 1);
}

/*
 *  0     1000  2000  3000  4000         8000  9000        ffff
 *  [ A  ]      [ B  ][ R  ]             [ C  ]
 *                    [R1] 3000-30ff (rows with a child)
 */
static const struct node_spec realloc_base[] = {
    {0, 0x0000, 0x0fff, "A", MEM, 0},
    {0, 0x2000, 0x2fff, "B", MEM, 0},
    {0, 0x3000, 0x3fff, "R", MEM, 0},
    {0, 0x8000, 0x8fff, "C", MEM, 0},
    {0},
};
static const struct node_spec realloc_child[] = {
    {0, 0x0000, 0x0fff, "A", MEM, 0}, {0, 0x2000, 0x2fff, "B", MEM, 0},
    {0, 0x3000, 0x3fff, "R", MEM, 0}, {1, 0x3000, 0x30ff, "R1", MEM, 0},
    {0, 0x8000, 0x8fff, "C", MEM, 0}, {0},
};

struct realloc_row {
	const char *what;
	const struct node_spec *base;
	resource_size_t size, min, max;
	int ret;
	const char *tree;
};

#define T_AB0 "0-fff 0x200 0 A\n2000-2fff 0x200 0 B\n"
#define T_C8  "8000-8fff 0x200 0 C\n"
static const struct realloc_row realloc_rows[] = {
    {"grows in place", realloc_base, 0x2000, 0, ALL_ONES, 0, T_AB0 "3000-4fff 0x200 0 R\n" T_C8},
    {"grows in place with a child", realloc_child, 0x2000, 0, ALL_ONES, 0,
     T_AB0 "3000-4fff 0x200 0 R\n  3000-30ff 0x200 0 R1\n" T_C8},
    {"shrinks in place", realloc_base, 0x800, 0x3000, ALL_ONES, 0,
     T_AB0 "3000-37ff 0x200 0 R\n" T_C8},
    {"shrinking moves it to a lower first fit", realloc_base, 0x800, 0, ALL_ONES, 0,
     "0-fff 0x200 0 A\n1000-17ff 0x200 0 R\n2000-2fff 0x200 0 B\n" T_C8},
    {"moves up past C", realloc_base, 0x1000, 0x9000, ALL_ONES, 0,
     T_AB0 T_C8 "9000-9fff 0x200 0 R\n"},
    {"cannot move with a child", realloc_child, 0x1000, 0x9000, ALL_ONES, -EBUSY,
     T_AB0 "3000-3fff 0x200 0 R\n  3000-30ff 0x200 0 R1\n" T_C8},
    {"cannot shrink away with a child", realloc_child, 0x800, 0, ALL_ONES, -EBUSY,
     T_AB0 "3000-3fff 0x200 0 R\n  3000-30ff 0x200 0 R1\n" T_C8},
    {"no room", realloc_base, 0x8000, 0, ALL_ONES, -EBUSY, T_AB0 "3000-3fff 0x200 0 R\n" T_C8},
    {"would need C's space", realloc_base, 0x5001, 0x3000, 0x8fff, -EBUSY,
     T_AB0 "3000-3fff 0x200 0 R\n" T_C8},
};

/* allocate_resource() on a resource already in the tree reallocates it. */
static void allocate_resource_reallocates(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(realloc_rows); i++) {
		const struct realloc_row *row = &realloc_rows[i];
		bool failed = t->status == KTEST_FAIL;

		KTEST_ASSERT_TRUE(t, build(&root, row->base));
		KTEST_EXPECT_INT_EQ(
		    t,
		    allocate_resource(&root, node[2], row->size, row->min, row->max, 1, NULL, NULL),
		    row->ret);
		EXPECT_TREE(t, &root, row->tree);
		KTEST_EXPECT_EQ(t, resource_test_free_all(&root), rtest_count_nodes(row->base));
		NOTE_ROW(t, failed, row->what);
	}
}

struct split_row {
	const char *what;
	resource_size_t start, end;
	unsigned int fail_nth;
	const char *tree;
	const char *log;
};

/* Base: A 1000-1fff {A1 1100-11ff}, B 3000-3fff. Pieces are "RAM buffer",
 * MEM|BUSY. */
#define T_SA	 "1000-1fff 0x200 0 A\n  1100-11ff 0x200 0 A1\n"
#define T_SB	 "3000-3fff 0x200 0 B\n"
#define RB(s, e) s "-" e " 0x80000200 0 RAM buffer\n"
static const struct split_row split_rows[] = {
    {"around A, up into B", 0x0800, 0x37ff, 0, RB("800", "fff") T_SA RB("2000", "2fff") T_SB, ""},
    {"the whole root", 0x0, 0xffff, 0,
     RB("0", "fff") T_SA RB("2000", "2fff") T_SB RB("4000", "ffff"), ""},
    {"inside A: no descent", 0x1100, 0x11ff, 0, T_SA T_SB, ""},
    {"exactly the gap", 0x2000, 0x2fff, 0, T_SA RB("2000", "2fff") T_SB, ""},
    {"sticks out of the root", 0xf000, 0x1ffff, 0, T_SA T_SB RB("f000", "ffff"),
     "resource: requested range [0xf000-0x1ffff] not in root root [0x0-0xffff]\n"
     "resource: fixing request to [0xf000-0xffff]\n"},
    {"outside the root", 0x10000, 0x1ffff, 0, T_SA T_SB,
     "resource: requested range [0x10000-0x1ffff] not in root root [0x0-0xffff]\n"},
    {"first allocation fails", 0x0, 0xffff, 1, T_SA T_SB, ""},
    {"second allocation fails", 0x0, 0xffff, 2, T_SA T_SB, ""},
    {"third allocation fails: first piece stays", 0x0, 0xffff, 3, RB("0", "fff") T_SA T_SB, ""},
};

static const struct node_spec split_base[] = {
    {0, 0x1000, 0x1fff, "A", MEM, 0},
    {1, 0x1100, 0x11ff, "A1", MEM, 0},
    {0, 0x3000, 0x3fff, "B", MEM, 0},
    {0},
};

/* reserve_region_with_split(): BUSY pieces in every uncovered part. */
static void reserve_region_with_split_table(struct ktest *t)
{
	static const char ram_buffer[] = "RAM buffer";

	for (size_t i = 0; i < ARRAY_SIZE(split_rows); i++) {
		const struct split_row *row = &split_rows[i];
		bool failed = t->status == KTEST_FAIL;
		const struct resource *p;

		KTEST_ASSERT_TRUE(t, build(&root, split_base));
		printk_capture_start(log, sizeof(log));
		kalloc_fail_nth(row->fail_nth);
		reserve_region_with_split(&root, row->start, row->end, ram_buffer);
		kalloc_fail_nth(0);
		printk_capture_stop();
		KTEST_EXPECT_STREQ(t, log, row->log);
		EXPECT_TREE(t, &root, row->tree);
		for_each_resource(&root, p, false) if (p->flags & IORESOURCE_BUSY)
		    KTEST_EXPECT_TRUE(t, p->name == ram_buffer);
		resource_test_free_all(&root);
		NOTE_ROW(t, failed, row->what);
	}
}

/* On an I/O root the pieces are IO|BUSY.
 *   0000 [serial 03f8-03ff] ... ffff */
static void reserve_region_with_split_ioport(struct ktest *t)
{
	struct resource io = {.name = "io", .start = 0, .end = 0xffff, .flags = IORESOURCE_IO};
	struct resource *serial = rtest_mk(0x3f8, 0x3ff, "serial", IORESOURCE_IO);

	KTEST_ASSERT_NOT_NULL(t, serial);
	KTEST_ASSERT_INT_EQ(t, request_resource(&io, serial), 0);
	reserve_region_with_split(&io, 0x0, 0x4ff, "reserved");
	EXPECT_TREE(t, &io,
		    "0-3f7 0x80000100 0 reserved\n3f8-3ff 0x100 0 serial\n"
		    "400-4ff 0x80000100 0 reserved\n");
	KTEST_EXPECT_EQ(t, resource_test_free_all(&io), 3);
}

static const struct ktest_case alloc_cases[] = {
    KTEST_CASE(allocate_resource_table),
    KTEST_CASE(allocate_resource_alignf),
    KTEST_CASE(allocate_resource_full_roots),
    KTEST_CASE(allocate_resource_reallocates),
    KTEST_CASE(reserve_region_with_split_table),
    KTEST_CASE(reserve_region_with_split_ioport),
    {0},
};

static const struct ktest_suite alloc_suite = {
    .name = "resource_alloc",
    .cases = alloc_cases,
    .init = alloc_init,
    .exit = alloc_exit,
};
KTEST_SUITE(alloc_suite);
