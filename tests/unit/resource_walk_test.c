/* Suite "resource_walk": the iomem walkers, page_is_ram() and
 * region_intersects() (their _in forms) on a small machine-like iomem tree
 * below a root of the suite's own, fresh for each case. */
#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "tests/unit/resource_test_util.h"

#define ALL ALL_ONES

static struct resource iomem;
static size_t built; /* the fixture's nodes, freed by the exit hook */

static int walk_init(struct ktest *t)
{
	iomem = (struct resource)IOMEM_ROOT_INIT;
	built = 0;
	return rtest_init(t);
}

static void walk_exit(struct ktest *t)
{
	/* Exactly the fixture is left: the walks changed nothing. */
	rtest_exit(t, &iomem, built, NULL);
}

static struct resource *node[RTEST_MAX_NODES];

static bool build(const struct node_spec *s)
{
	return rtest_build(&iomem, s, node, &built);
}

/*
 *  0    1000     9fc00   100000                 40000000              80000000  90000000
 *  [Res][System RAM]     [System RAM ...........][CXL Window 0 .......][PMEM   ][R3][R4][R5]
 *                          [Kernel code]          [dax0.0 ......]
 *                          1000000-1ffffff        [System RAM (kmem)] 40000000-5fffffff
 *
 *  R3 90000800-90003fff (starts mid-page), R4 90004100-900041ff (less than
 *  a page), R5 90005000-90005fff.
 */
static const struct node_spec machine[] = {
    {0, 0x0, 0xfff, "Reserved", MEM | BUSY, IORES_DESC_RESERVED},
    {0, 0x1000, 0x9fbff, "System RAM", SYS_RAM | BUSY, 0},
    {0, 0x100000, 0x3fffffff, "System RAM", SYS_RAM | BUSY, 0},
    {1, 0x1000000, 0x1ffffff, "Kernel code", SYS_RAM | BUSY, 0},
    {0, 0x40000000, 0x7fffffff, "CXL Window 0", MEM, IORES_DESC_CXL},
    {1, 0x40000000, 0x5fffffff, "dax0.0", MEM, 0},
    {2, 0x40000000, 0x5fffffff, "System RAM (kmem)", SYS_RAM | BUSY | DM, 0},
    {0, 0x80000000, 0x8fffffff, "Persistent Memory", MEM, IORES_DESC_PERSISTENT_MEMORY},
    {0, 0x90000800, 0x90003fff, "System RAM", SYS_RAM | BUSY, 0},
    {0, 0x90004100, 0x900041ff, "System RAM", SYS_RAM | BUSY, 0},
    {0, 0x90005000, 0x90005fff, "System RAM", SYS_RAM | BUSY, 0},
    {0},
};
enum { N_RES, N_RAM1, N_RAM2, N_CODE, N_WIN, N_DAX, N_KMEM, N_PMEM, N_R3, N_R4, N_R5, N_ROOT };

struct hit {
	resource_size_t start, end;
	unsigned long flags, desc;
	int parent; /* node index, or N_ROOT for the root */
};

struct recorder {
	int n, stop_at, stop_ret;
	struct resource got[16];
};

static int record(struct resource *r, void *arg)
{
	struct recorder *rec = arg;

	if (rec->n < 16)
		rec->got[rec->n] = *r;
	rec->n++;
	return rec->n == rec->stop_at ? rec->stop_ret : 0;
}

/* N_ROOT in want stands for root. */
static void expect_hits_below(struct ktest *t, const struct resource *root,
			      const struct recorder *rec, const struct hit *want, int n)
{
	KTEST_ASSERT_EQ(t, rec->n, n);
	for (int i = 0; i < n; i++) {
		const struct resource *g = &rec->got[i];
		const struct resource *parent =
		    want[i].parent == N_ROOT ? root : node[want[i].parent];

		KTEST_EXPECT_EQ(t, g->start, want[i].start);
		KTEST_EXPECT_EQ(t, g->end, want[i].end);
		KTEST_EXPECT_EQ(t, g->flags, want[i].flags);
		KTEST_EXPECT_EQ(t, g->desc, want[i].desc);
		KTEST_EXPECT_TRUE(t, g->parent == parent);
		/* a copy: no name, no links */
		KTEST_EXPECT_NULL(t, g->name);
		KTEST_EXPECT_NULL(t, g->sibling);
		KTEST_EXPECT_NULL(t, g->child);
	}
}

static void expect_hits(struct ktest *t, const struct recorder *rec, const struct hit *want, int n)
{
	expect_hits_below(t, &iomem, rec, want, n);
}

#define NHITS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct hit all_ram[] = {
    {0x1000, 0x9fbff, SYS_RAM | BUSY, 0, N_ROOT},
    {0x100000, 0x3fffffff, SYS_RAM | BUSY, 0, N_ROOT},
    {0x40000000, 0x5fffffff, SYS_RAM | BUSY | DM, 0, N_DAX},
    {0x90000800, 0x90003fff, SYS_RAM | BUSY, 0, N_ROOT},
    {0x90004100, 0x900041ff, SYS_RAM | BUSY, 0, N_ROOT},
    {0x90005000, 0x90005fff, SYS_RAM | BUSY, 0, N_ROOT},
};

/* Busy System RAM at any depth (kmem under dax0.0 under the window); a
 * match hides its descendants (Kernel code). */
static void walk_system_ram_res_finds_nested(struct ktest *t)
{
	struct recorder rec = {0};

	KTEST_ASSERT_TRUE(t, build(machine));
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_in(&iomem, 0, ALL, &rec, record), 0);
	expect_hits(t, &rec, all_ram, NHITS(all_ram));
}

/* Copies are clipped to [start, end]; a range inside Kernel code reports
 * the enclosing System RAM, once. */
static void walk_system_ram_res_clips(struct ktest *t)
{
	static const struct hit clipped[] = {
	    {0x2000, 0x9fbff, SYS_RAM | BUSY, 0, N_ROOT},
	    {0x100000, 0x1fffff, SYS_RAM | BUSY, 0, N_ROOT},
	};
	static const struct hit in_code[] = {
	    {0x1000000, 0x1000fff, SYS_RAM | BUSY, 0, N_ROOT},
	};
	struct recorder rec = {0};

	KTEST_ASSERT_TRUE(t, build(machine));
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_in(&iomem, 0x2000, 0x1fffff, &rec, record), 0);
	expect_hits(t, &rec, clipped, NHITS(clipped));
	rec = (struct recorder){0};
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_in(&iomem, 0x1000000, 0x1000fff, &rec, record),
			    0);
	expect_hits(t, &rec, in_code, NHITS(in_code));
}

/* The callback's non-zero return stops the walk and is returned; nothing
 * matched, or start >= end, gives -EINVAL. */
static void walk_system_ram_res_stop_and_empty(struct ktest *t)
{
	struct recorder rec = {.stop_at = 2, .stop_ret = 7};

	KTEST_ASSERT_TRUE(t, build(machine));
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_in(&iomem, 0, ALL, &rec, record), 7);
	expect_hits(t, &rec, all_ram, 2);
	rec = (struct recorder){0};
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_in(&iomem, 0x9fc00, 0xfffff, &rec, record),
			    -EINVAL);
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_in(&iomem, 0x5000, 0x5000, &rec, record),
			    -EINVAL);
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_in(&iomem, 0x5000, 0x4000, &rec, record),
			    -EINVAL);
	KTEST_EXPECT_EQ(t, rec.n, 0);
	/* Negative callback values come back unchanged too. */
	rec = (struct recorder){.stop_at = 1, .stop_ret = -EIO};
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_in(&iomem, 0, ALL, &rec, record), -EIO);
	KTEST_EXPECT_EQ(t, rec.n, 1);
}

/* Reverse order, flags kept in the copies (the Oct 2024 fix), early stop,
 * nothing found, and a failed list allocation. */
static void walk_system_ram_res_rev_keeps_flags(struct ktest *t)
{
	struct hit rev[NHITS(all_ram)];
	struct recorder rec = {0};

	for (int i = 0; i < NHITS(all_ram); i++)
		rev[i] = all_ram[NHITS(all_ram) - 1 - i];
	KTEST_ASSERT_TRUE(t, build(machine));
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_rev_in(&iomem, 0, ALL, &rec, record), 0);
	expect_hits(t, &rec, rev, NHITS(rev));

	rec = (struct recorder){.stop_at = 2, .stop_ret = 5};
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_rev_in(&iomem, 0, ALL, &rec, record), 5);
	expect_hits(t, &rec, rev, 2);

	rec = (struct recorder){0};
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_rev_in(&iomem, 0x2000, 0x1fffff, &rec, record),
			    0);
	KTEST_ASSERT_EQ(t, rec.n, 2);
	KTEST_EXPECT_EQ(t, rec.got[0].start, 0x100000);
	KTEST_EXPECT_EQ(t, rec.got[0].end, 0x1fffff);
	KTEST_EXPECT_EQ(t, rec.got[1].start, 0x2000);

	rec = (struct recorder){0};
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_rev_in(&iomem, 0x9fc00, 0xfffff, &rec, record),
			    -EINVAL);
	kalloc_fail_nth(1);
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_rev_in(&iomem, 0, ALL, &rec, record), -ENOMEM);
	KTEST_EXPECT_EQ(t, kalloc_count(), 1);
	KTEST_EXPECT_EQ(t, rec.n, 0);
}

/* walk_mem_res(): MEM|BUSY, so neither the window, dax0.0 nor the pmem
 * (none busy) but everything busy below them. */
static void walk_mem_res_busy_memory(struct ktest *t)
{
	static const struct hit want[] = {
	    {0x0, 0xfff, MEM | BUSY, IORES_DESC_RESERVED, N_ROOT},
	    {0x1000, 0x9fbff, SYS_RAM | BUSY, 0, N_ROOT},
	    {0x100000, 0x3fffffff, SYS_RAM | BUSY, 0, N_ROOT},
	    {0x40000000, 0x5fffffff, SYS_RAM | BUSY | DM, 0, N_DAX},
	    {0x90000800, 0x90003fff, SYS_RAM | BUSY, 0, N_ROOT},
	    {0x90004100, 0x900041ff, SYS_RAM | BUSY, 0, N_ROOT},
	    {0x90005000, 0x90005fff, SYS_RAM | BUSY, 0, N_ROOT},
	};
	struct recorder rec = {0};

	KTEST_ASSERT_TRUE(t, build(machine));
	KTEST_EXPECT_INT_EQ(t, walk_mem_res_in(&iomem, 0, ALL, &rec, record), 0);
	expect_hits(t, &rec, want, NHITS(want));
}

/* walk_iomem_res_desc(): desc filters, flags must all be present. */
static void walk_iomem_res_desc_filters(struct ktest *t)
{
	static const struct hit reserved[] = {
	    {0x0, 0xfff, MEM | BUSY, IORES_DESC_RESERVED, N_ROOT}};
	static const struct hit cxl[] = {{0x40000000, 0x7fffffff, MEM, IORES_DESC_CXL, N_ROOT}};
	static const struct hit pmem[] = {
	    {0x80000000, 0x8fffffff, MEM, IORES_DESC_PERSISTENT_MEMORY, N_ROOT}};
	struct recorder rec = {0};

	KTEST_ASSERT_TRUE(t, build(machine));
	KTEST_EXPECT_INT_EQ(
	    t, walk_iomem_res_desc_in(&iomem, IORES_DESC_RESERVED, MEM, 0, ALL, &rec, record), 0);
	expect_hits(t, &rec, reserved, 1);
	rec = (struct recorder){0};
	KTEST_EXPECT_INT_EQ(
	    t, walk_iomem_res_desc_in(&iomem, IORES_DESC_CXL, MEM, 0, ALL, &rec, record), 0);
	expect_hits(t, &rec, cxl, 1);
	rec = (struct recorder){0};
	KTEST_EXPECT_INT_EQ(
	    t,
	    walk_iomem_res_desc_in(&iomem, IORES_DESC_PERSISTENT_MEMORY, MEM, 0, ALL, &rec, record),
	    0);
	expect_hits(t, &rec, pmem, 1);
	rec = (struct recorder){0};
	KTEST_EXPECT_INT_EQ(
	    t, walk_iomem_res_desc_in(&iomem, IORES_DESC_NONE, SYS_RAM, 0, ALL, &rec, record), 0);
	/* SYSRAM without BUSY: the same set as walk_system_ram_res() here */
	expect_hits(t, &rec, all_ram, NHITS(all_ram));
	rec = (struct recorder){0};
	KTEST_EXPECT_INT_EQ(t,
			    walk_iomem_res_desc_in(&iomem, IORES_DESC_PERSISTENT_MEMORY, MEM | BUSY,
						   0, ALL, &rec, record),
			    -EINVAL);
	KTEST_EXPECT_INT_EQ(
	    t, walk_iomem_res_desc_in(&iomem, IORES_DESC_SOFT_RESERVED, 0, 0, ALL, &rec, record),
	    -EINVAL);
	KTEST_EXPECT_EQ(t, rec.n, 0);
}

struct pfn_hit {
	unsigned long pfn, nr;
};

struct pfn_recorder {
	int n, ret;
	struct pfn_hit got[8];
};

static int record_pfn(unsigned long pfn, unsigned long nr, void *arg)
{
	struct pfn_recorder *rec = arg;

	if (rec->n < 8)
		rec->got[rec->n] = (struct pfn_hit){pfn, nr};
	rec->n++;
	return rec->ret;
}

/* walk_system_ram_range(): whole pages only (start rounded up, end down);
 * a sub-page piece is skipped, except that an empty FIRST hit ends the walk
 * with -EINVAL, as in Linux. */
static void walk_system_ram_range_rounds_inward(struct ktest *t)
{
	static const struct pfn_hit all[] = {
	    {0x1, 0x9e}, {0x100, 0x3ff00}, {0x40000, 0x20000}, {0x90001, 3}, {0x90005, 1},
	};
	struct pfn_recorder rec = {0};

	KTEST_ASSERT_TRUE(t, build(machine));
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_range_in(&iomem, 0, 0x100000, &rec, record_pfn), 0);
	KTEST_ASSERT_EQ(t, rec.n, 5);
	for (int i = 0; i < 5; i++) {
		KTEST_EXPECT_EQ(t, rec.got[i].pfn, all[i].pfn);
		KTEST_EXPECT_EQ(t, rec.got[i].nr, all[i].nr);
	}
	/* clipped to the asked pages: 9e000-9fbff is one whole page */
	rec = (struct pfn_recorder){0};
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_range_in(&iomem, 0x9e, 0x10, &rec, record_pfn), 0);
	KTEST_ASSERT_EQ(t, rec.n, 1);
	KTEST_EXPECT_EQ(t, rec.got[0].pfn, 0x9e);
	KTEST_EXPECT_EQ(t, rec.got[0].nr, 1);
	/* first hit is R4, less than a page: the walk ends before R5 */
	rec = (struct pfn_recorder){0};
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_range_in(&iomem, 0x90004, 2, &rec, record_pfn),
			    -EINVAL);
	KTEST_EXPECT_EQ(t, rec.n, 0);
	/* R3 first: then R4 is skipped and R5 reached */
	rec = (struct pfn_recorder){0};
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_range_in(&iomem, 0x90000, 6, &rec, record_pfn), 0);
	KTEST_ASSERT_EQ(t, rec.n, 2);
	KTEST_EXPECT_EQ(t, rec.got[0].pfn, 0x90001);
	KTEST_EXPECT_EQ(t, rec.got[0].nr, 3);
	KTEST_EXPECT_EQ(t, rec.got[1].pfn, 0x90005);
	KTEST_EXPECT_EQ(t, rec.got[1].nr, 1);
	/* stop value */
	rec = (struct pfn_recorder){.ret = 3};
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_range_in(&iomem, 0, 0x100000, &rec, record_pfn), 3);
	KTEST_EXPECT_EQ(t, rec.n, 1);
	/* nothing there */
	rec = (struct pfn_recorder){0};
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_range_in(&iomem, 0xa0, 0x60, &rec, record_pfn),
			    -EINVAL);
	KTEST_EXPECT_EQ(t, rec.n, 0);
}

/* page_is_ram(): the whole page must be busy System RAM. */
static void page_is_ram_table(struct ktest *t)
{
	static const struct {
		unsigned long pfn;
		int ram;
	} rows[] = {
	    {0x0, 0},				   /* Reserved */
	    {0x1, 1},	  {0x9e, 1},	{0x9f, 0}, /* RAM ends at 9fbff, mid-page */
	    {0xa0, 0},				   /* hole */
	    {0x1000, 1},			   /* inside Kernel code, inside RAM */
	    {0x40000, 1},			   /* kmem, two levels down */
	    {0x60000, 0},			   /* rest of the CXL window */
	    {0x80000, 0},			   /* pmem */
	    {0x90000, 0},			   /* R3 starts at 0x800 in it */
	    {0x90001, 1}, {0x90004, 0},		   /* R4: part of a page */
	    {0x90005, 1}, {0x90006, 0},
	};

	KTEST_ASSERT_TRUE(t, build(machine));
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		if (page_is_ram_in(&iomem, rows[i].pfn) != rows[i].ram)
			ktest_fail_at(t, __FILE__, __LINE__, "page_is_ram_in(&iomem, %#lx) != %d",
				      rows[i].pfn, rows[i].ram);
	}
}

/* region_intersects() on the machine tree, incl. the CXL window holding
 * kmem RAM two levels down (v6.12: it behaves like [System RAM][rest]). */
static void region_intersects_machine(struct ktest *t)
{
	static const struct {
		resource_size_t start, size;
		unsigned long flags, desc;
		int want;
	} rows[] = {
	    {0x1000, 0x1000, SYS_RAM, 0, REGION_INTERSECTS},
	    {0x0, 0x2000, SYS_RAM, 0, REGION_MIXED},		     /* Reserved + RAM */
	    {0xa0000, 0x10000, SYS_RAM, 0, REGION_DISJOINT},	     /* a hole */
	    {0x9f000, 0x2000, SYS_RAM, 0, REGION_INTERSECTS},	     /* RAM + hole */
	    {0x40000000, 0x20000000, SYS_RAM, 0, REGION_INTERSECTS}, /* all kmem */
	    {0x5ffff000, 0x2000, SYS_RAM, 0, REGION_MIXED},	     /* kmem + window */
	    {0x60000000, 0x1000, SYS_RAM, 0, REGION_DISJOINT},	     /* window only */
	    {0x3ffff000, 0x2000, SYS_RAM, 0, REGION_INTERSECTS},     /* RAM + kmem */
	    {0x3ffff000, 0x40002000, SYS_RAM, 0, REGION_MIXED},	     /* ... + pmem */
	    {0x0, 0x1000, MEM, IORES_DESC_RESERVED, REGION_INTERSECTS},
	    {0x0, 0x2000, MEM, IORES_DESC_RESERVED, REGION_MIXED},
	    {0x0, 0x2000, MEM, IORES_DESC_NONE, REGION_INTERSECTS},
	    {0x80000000, 0x1000, MEM, IORES_DESC_PERSISTENT_MEMORY, REGION_INTERSECTS},
	    {0x80000000, 0x1000, SYS_RAM, 0, REGION_DISJOINT},
	    {0x40000000, 0x1000, MEM, IORES_DESC_CXL, REGION_INTERSECTS},
	};

	KTEST_ASSERT_TRUE(t, build(machine));
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		int got = region_intersects_in(&iomem, rows[i].start, rows[i].size, rows[i].flags,
					       rows[i].desc);

		if (got != rows[i].want)
			ktest_fail_at(
			    t, __FILE__, __LINE__,
			    "region_intersects_in(&iomem, %#llx, %#llx, %#lx, %lu) == %d, want %d",
			    (unsigned long long)rows[i].start, (unsigned long long)rows[i].size,
			    rows[i].flags, rows[i].desc, got, rows[i].want);
	}
}

/* Descendants cover a non-matching parent only contiguously from the
 * start of the overlap.
 *   W1 0-2fff:    [a 0-fff][b 1000-1fff][ uncovered 2000-2fff ]
 *   W2 10000-12fff: [c 10000-10fff][ gap ][d 12000-12fff]        */
static void region_intersects_descendant_cover(struct ktest *t)
{
	static const struct node_spec windows[] = {
	    {0, 0x0, 0x2fff, "W1", MEM, 0},
	    {1, 0x0, 0xfff, "a", SYS_RAM | BUSY, 0},
	    {1, 0x1000, 0x1fff, "b", SYS_RAM | BUSY, 0},
	    {0, 0x10000, 0x12fff, "W2", MEM, 0},
	    {1, 0x10000, 0x10fff, "c", SYS_RAM | BUSY, 0},
	    {1, 0x12000, 0x12fff, "d", SYS_RAM | BUSY, 0},
	    {0},
	};

	KTEST_ASSERT_TRUE(t, build(windows));
	KTEST_EXPECT_INT_EQ(t, region_intersects_in(&iomem, 0x0, 0x2000, SYS_RAM, 0),
			    REGION_INTERSECTS);
	KTEST_EXPECT_INT_EQ(t, region_intersects_in(&iomem, 0x800, 0x1000, SYS_RAM, 0),
			    REGION_INTERSECTS);
	KTEST_EXPECT_INT_EQ(t, region_intersects_in(&iomem, 0x0, 0x3000, SYS_RAM, 0), REGION_MIXED);
	KTEST_EXPECT_INT_EQ(t, region_intersects_in(&iomem, 0x2000, 0x1000, SYS_RAM, 0),
			    REGION_DISJOINT);
	KTEST_EXPECT_INT_EQ(t, region_intersects_in(&iomem, 0x10000, 0x3000, SYS_RAM, 0),
			    REGION_MIXED);
	KTEST_EXPECT_INT_EQ(t, region_intersects_in(&iomem, 0x11000, 0x2000, SYS_RAM, 0),
			    REGION_MIXED);
	KTEST_EXPECT_INT_EQ(t, region_intersects_in(&iomem, 0x12000, 0x1000, SYS_RAM, 0),
			    REGION_INTERSECTS);
	/* both windows: W1 fully covered up to 1fff, W2's gap makes it mixed */
	KTEST_EXPECT_INT_EQ(t, region_intersects_in(&iomem, 0x1000, 0x10000, SYS_RAM, 0),
			    REGION_MIXED);
	/* nothing overlapped at all */
	KTEST_EXPECT_INT_EQ(t, region_intersects_in(&iomem, 0x5000, 0x1000, SYS_RAM, 0),
			    REGION_DISJOINT);
}

#ifdef HOTMEM_HOST
/* The Linux-named wrappers read the kernel's iomem_resource, so they are
 * tested on the host only, where it is empty (in the booted kernel that
 * tree is the live one). Each case builds the machine tree there, expects
 * the answers the _in form gives on it (see the cases above), and frees the
 * tree again. */

static bool build_on_iomem_resource(struct ktest *t)
{
	if (iomem_resource.child) {
		ktest_fail_at(t, __FILE__, __LINE__, "iomem_resource is not empty");
		return false;
	}
	return rtest_build(&iomem_resource, machine, node, NULL);
}

static void free_iomem_resource(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem_resource), rtest_count_nodes(machine));
}

static void walk_iomem_res_desc_wrapper(struct ktest *t)
{
	static const struct hit cxl[] = {{0x40000000, 0x7fffffff, MEM, IORES_DESC_CXL, N_ROOT}};
	struct recorder rec = {0};

	KTEST_ASSERT_TRUE(t, build_on_iomem_resource(t));
	KTEST_EXPECT_INT_EQ(t, walk_iomem_res_desc(IORES_DESC_CXL, MEM, 0, ALL, &rec, record), 0);
	expect_hits_below(t, &iomem_resource, &rec, cxl, 1);
	free_iomem_resource(t);
}

static void walk_system_ram_res_wrapper(struct ktest *t)
{
	struct recorder rec = {0};

	KTEST_ASSERT_TRUE(t, build_on_iomem_resource(t));
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res(0, ALL, &rec, record), 0);
	expect_hits_below(t, &iomem_resource, &rec, all_ram, NHITS(all_ram));
	free_iomem_resource(t);
}

static void walk_system_ram_res_rev_wrapper(struct ktest *t)
{
	struct hit rev[NHITS(all_ram)];
	struct recorder rec = {0};

	for (int i = 0; i < NHITS(all_ram); i++)
		rev[i] = all_ram[NHITS(all_ram) - 1 - i];
	KTEST_ASSERT_TRUE(t, build_on_iomem_resource(t));
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_rev(0, ALL, &rec, record), 0);
	expect_hits_below(t, &iomem_resource, &rec, rev, NHITS(rev));
	free_iomem_resource(t);
}

static void walk_mem_res_wrapper(struct ktest *t)
{
	static const struct hit reserved[] = {
	    {0x0, 0xfff, MEM | BUSY, IORES_DESC_RESERVED, N_ROOT}};
	struct recorder rec = {0};

	KTEST_ASSERT_TRUE(t, build_on_iomem_resource(t));
	KTEST_EXPECT_INT_EQ(t, walk_mem_res(0, 0xfff, &rec, record), 0);
	expect_hits_below(t, &iomem_resource, &rec, reserved, 1);
	free_iomem_resource(t);
}

static void walk_system_ram_range_wrapper(struct ktest *t)
{
	struct pfn_recorder rec = {0};

	KTEST_ASSERT_TRUE(t, build_on_iomem_resource(t));
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_range(0x9e, 0x10, &rec, record_pfn), 0);
	KTEST_EXPECT_EQ(t, rec.n, 1);
	KTEST_EXPECT_EQ(t, rec.got[0].pfn, 0x9e);
	KTEST_EXPECT_EQ(t, rec.got[0].nr, 1);
	free_iomem_resource(t);
}

static void page_is_ram_wrapper(struct ktest *t)
{
	KTEST_ASSERT_TRUE(t, build_on_iomem_resource(t));
	KTEST_EXPECT_INT_EQ(t, page_is_ram(0x0), 0);
	KTEST_EXPECT_INT_EQ(t, page_is_ram(0x1), 1);
	KTEST_EXPECT_INT_EQ(t, page_is_ram(0x40000), 1);
	KTEST_EXPECT_INT_EQ(t, page_is_ram(0x60000), 0);
	free_iomem_resource(t);
}

static void region_intersects_wrapper(struct ktest *t)
{
	KTEST_ASSERT_TRUE(t, build_on_iomem_resource(t));
	KTEST_EXPECT_INT_EQ(t, region_intersects(0x1000, 0x1000, SYS_RAM, 0), REGION_INTERSECTS);
	KTEST_EXPECT_INT_EQ(t, region_intersects(0x0, 0x2000, SYS_RAM, 0), REGION_MIXED);
	KTEST_EXPECT_INT_EQ(t, region_intersects(0xa0000, 0x10000, SYS_RAM, 0), REGION_DISJOINT);
	free_iomem_resource(t);
}
#endif

static const struct ktest_case walk_cases[] = {
    KTEST_CASE(walk_system_ram_res_finds_nested),
    KTEST_CASE(walk_system_ram_res_clips),
    KTEST_CASE(walk_system_ram_res_stop_and_empty),
    KTEST_CASE(walk_system_ram_res_rev_keeps_flags),
    KTEST_CASE(walk_mem_res_busy_memory),
    KTEST_CASE(walk_iomem_res_desc_filters),
    KTEST_CASE(walk_system_ram_range_rounds_inward),
    KTEST_CASE(page_is_ram_table),
    KTEST_CASE(region_intersects_machine),
    KTEST_CASE(region_intersects_descendant_cover),
#ifdef HOTMEM_HOST
    KTEST_CASE(walk_iomem_res_desc_wrapper),
    KTEST_CASE(walk_system_ram_res_wrapper),
    KTEST_CASE(walk_system_ram_res_rev_wrapper),
    KTEST_CASE(walk_mem_res_wrapper),
    KTEST_CASE(walk_system_ram_range_wrapper),
    KTEST_CASE(page_is_ram_wrapper),
    KTEST_CASE(region_intersects_wrapper),
#endif
    {0},
};

static const struct ktest_suite walk_suite = {
    .name = "resource_walk",
    .cases = walk_cases,
    .init = walk_init,
    .exit = walk_exit,
};
KTEST_SUITE(walk_suite);
