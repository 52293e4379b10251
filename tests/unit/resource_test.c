/* Suite "resource": the three cases of Linux's kernel/resource_kunit.c
 * (same fixture values and expectations, our own code), plus the range
 * helpers of include/linux/ioport.h. */
#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "kernel/resource.h"
#include "lib/kernel.h"
#include "tests/unit/resource_test_util.h"

static struct resource iomem, ioport;

static int res_init(struct ktest *t)
{
	iomem = (struct resource)IOMEM_ROOT_INIT;
	ioport = (struct resource)IOPORT_ROOT_INIT;
	return rtest_init(t);
}

static void res_exit(struct ktest *t)
{
	rtest_exit(t, &iomem, 0, &ioport);
}

/* Fixture of resource_kunit.c:
 *
 *   0     1234  2000 2345     4567 5678 6789  7000 789a       ffff
 *   [r0 ..........................................................]
 *         [r1......]
 *               [r4..................................]
 *                             [r2.....]  [r3..........]
 */
static const struct resource r0 = {.start = 0x0000, .end = 0xffff};
static const struct resource r1 = {.start = 0x1234, .end = 0x2345};
static const struct resource r2 = {.start = 0x4567, .end = 0x5678};
static const struct resource r3 = {.start = 0x6789, .end = 0x789a};
static const struct resource r4 = {.start = 0x2000, .end = 0x7000};

struct pair_result {
	const struct resource *a, *b;
	bool ret;
	resource_size_t start, end; /* 0, 0 when ret is false: output untouched */
};

static const struct pair_result union_results[] = {
    {&r1, &r0, true, 0x0000, 0xffff}, {&r2, &r0, true, 0x0000, 0xffff},
    {&r3, &r0, true, 0x0000, 0xffff}, {&r4, &r0, true, 0x0000, 0xffff},
    {&r2, &r1, false, 0, 0},	      {&r3, &r1, false, 0, 0},
    {&r4, &r1, true, 0x1234, 0x7000}, {&r2, &r3, false, 0, 0},
    {&r2, &r4, true, 0x2000, 0x7000}, {&r3, &r4, true, 0x2000, 0x789a},
};

static const struct pair_result intersection_results[] = {
    {&r1, &r0, true, 0x1234, 0x2345}, {&r2, &r0, true, 0x4567, 0x5678},
    {&r3, &r0, true, 0x6789, 0x789a}, {&r4, &r0, true, 0x2000, 0x7000},
    {&r2, &r1, false, 0, 0},	      {&r3, &r1, false, 0, 0},
    {&r4, &r1, true, 0x2000, 0x2345}, {&r2, &r3, false, 0, 0},
    {&r2, &r4, true, 0x4567, 0x5678}, {&r3, &r4, true, 0x6789, 0x7000},
};

/* Each pair in both argument orders, into a zeroed result. */
static void check_pairs(struct ktest *t, const struct pair_result *res, size_t n,
			bool (*op)(const struct resource *, const struct resource *,
				   struct resource *))
{
	for (size_t i = 0; i < n; i++) {
		for (int order = 0; order < 2; order++) {
			const struct resource *a = order ? res[i].b : res[i].a;
			const struct resource *b = order ? res[i].a : res[i].b;
			struct resource out = {0};

			KTEST_EXPECT_EQ(t, op(a, b, &out), res[i].ret);
			KTEST_EXPECT_EQ(t, out.start, res[i].start);
			KTEST_EXPECT_EQ(t, out.end, res[i].end);
			KTEST_EXPECT_EQ(t, out.flags, 0);
			KTEST_EXPECT_NULL(t, out.name);
		}
	}
}

static bool do_union(const struct resource *a, const struct resource *b, struct resource *r)
{
	return resource_union(a, b, r);
}

static bool do_intersection(const struct resource *a, const struct resource *b, struct resource *r)
{
	return resource_intersection(a, b, r);
}

static void resource_test_union(struct ktest *t)
{
	check_pairs(t, union_results, ARRAY_SIZE(union_results), do_union);
}

static void resource_test_intersection(struct ktest *t)
{
	check_pairs(t, intersection_results, ARRAY_SIZE(intersection_results), do_intersection);
}

static struct resource *mk(resource_size_t start, resource_size_t size, const char *name,
			   unsigned long flags)
{
	struct resource *r = alloc_resource();

	if (r) {
		r->start = start;
		r->end = start + size - 1;
		r->name = name;
		r->flags = flags;
	}
	return r;
}

/* resource_test_region_intersects: a 7 MiB test parent found in a hole of
 * the case's iomem tree, filled, then removed so its children become top
 * level:
 *
 *   BASE+ 0M      1M      2M      3M      4M      5M      6M      7M
 *         [RAM 0 ][ hole ][WIN 0 ][RAM 1 ][------- CXL Window 1 -------]
 *                                         [RAM 2 ][RAM 3 ]
 *                                           [Code] (RAM2+128K, 128K)
 *
 * The tree starts with a few boot-like entries, so the hole search has to
 * skip them (alloc_free_mem_region() in Linux; allocate_resource() here). */
static void resource_test_region_intersects(struct ktest *t)
{
	const unsigned long flags = IORESOURCE_SYSTEM_RAM;
	struct resource *boot_ram_low, *boot_rom, *boot_ram, *parent, *win0, *win1, *code;
	struct resource *ram0, *ram1, *ram2, *ram3;
	resource_size_t start;

	boot_ram_low = mk(0x1000, 0x9ec00, "System RAM", IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY);
	boot_rom = mk(0xf0000, 0x10000, "Reserved", IORESOURCE_MEM | IORESOURCE_BUSY);
	boot_ram = mk(0x100000, 0x1fee0000, "System RAM", IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY);
	parent = mk(0, 1, "test resources", IORESOURCE_MEM);
	KTEST_ASSERT_NOT_NULL(t, boot_ram_low);
	KTEST_ASSERT_NOT_NULL(t, boot_rom);
	KTEST_ASSERT_NOT_NULL(t, boot_ram);
	KTEST_ASSERT_NOT_NULL(t, parent);
	KTEST_ASSERT_INT_EQ(t, request_resource(&iomem, boot_ram_low), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&iomem, boot_rom), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&iomem, boot_ram), 0);
	KTEST_ASSERT_INT_EQ(
	    t,
	    allocate_resource(&iomem, parent, 7 * SZ_1M, 0, ~(resource_size_t)0, SZ_1M, NULL, NULL),
	    0);
	start = parent->start;
	/* The first 1 MiB-aligned 7 MiB hole is right after boot RAM. */
	KTEST_EXPECT_EQ(t, start, 0x20000000);
	KTEST_EXPECT_EQ(t, parent->end, 0x206fffff);

	ram0 = __request_region(parent, start, SZ_1M, "Test System RAM 0", flags);
	KTEST_ASSERT_NOT_NULL(t, ram0);
	win0 = mk(start + 2 * SZ_1M, SZ_1M, "Test CXL Window 0", IORESOURCE_MEM);
	KTEST_ASSERT_NOT_NULL(t, win0);
	KTEST_ASSERT_INT_EQ(t, insert_resource(parent, win0), 0);
	ram1 = __request_region(parent, start + 3 * SZ_1M, SZ_1M, "Test System RAM 1", flags);
	KTEST_ASSERT_NOT_NULL(t, ram1);
	win1 = mk(start + 4 * SZ_1M, 3 * SZ_1M, "Test CXL Window 1", IORESOURCE_MEM);
	KTEST_ASSERT_NOT_NULL(t, win1);
	KTEST_ASSERT_INT_EQ(t, insert_resource(parent, win1), 0);
	ram2 = __request_region(parent, start + 4 * SZ_1M, SZ_1M, "Test System RAM 2", flags);
	KTEST_ASSERT_NOT_NULL(t, ram2);
	code = mk(start + 4 * SZ_1M + SZ_128K, SZ_128K, "Test Code", flags);
	KTEST_ASSERT_NOT_NULL(t, code);
	KTEST_ASSERT_INT_EQ(t, insert_resource(parent, code), 0);
	ram3 = __request_region(parent, start + 5 * SZ_1M, SZ_1M, "Test System RAM 3", flags);
	KTEST_ASSERT_NOT_NULL(t, ram3);

	/* The requests nested where the KUnit test expects them. */
	KTEST_EXPECT_TRUE(t, ram2->parent == win1);
	KTEST_EXPECT_TRUE(t, ram3->parent == win1);
	KTEST_EXPECT_TRUE(t, code->parent == ram2);
	KTEST_EXPECT_EQ(t, ram2->flags, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY);

	/* Release the parent: its children move up to the top level. */
	KTEST_ASSERT_INT_EQ(t, remove_resource(parent), 0);
	free_resource(parent);
	KTEST_EXPECT_TRUE(t, ram0->parent == &iomem);
	KTEST_EXPECT_TRUE(t, win1->parent == &iomem);
	KTEST_EXPECT_NULL(t, resource_check_tree(&iomem));

	KTEST_EXPECT_INT_EQ(t, region_intersects_in(&iomem, start, SZ_4K, flags, IORES_DESC_NONE),
			    REGION_INTERSECTS);
	KTEST_EXPECT_INT_EQ(
	    t,
	    region_intersects_in(&iomem, start + SZ_1M - SZ_4K, 2 * SZ_4K, flags, IORES_DESC_NONE),
	    REGION_INTERSECTS);
	KTEST_EXPECT_INT_EQ(
	    t, region_intersects_in(&iomem, start + SZ_1M, SZ_4K, flags, IORES_DESC_NONE),
	    REGION_DISJOINT);
	KTEST_EXPECT_INT_EQ(t,
			    region_intersects_in(&iomem, start + 2 * SZ_1M - SZ_4K, 2 * SZ_4K,
						 flags, IORES_DESC_NONE),
			    REGION_DISJOINT);
	KTEST_EXPECT_INT_EQ(t,
			    region_intersects_in(&iomem, start + 3 * SZ_1M - SZ_4K, 2 * SZ_4K,
						 flags, IORES_DESC_NONE),
			    REGION_MIXED);
	KTEST_EXPECT_INT_EQ(t,
			    region_intersects_in(&iomem, start + 4 * SZ_1M - SZ_4K, 2 * SZ_4K,
						 flags, IORES_DESC_NONE),
			    REGION_INTERSECTS);
	KTEST_EXPECT_INT_EQ(t,
			    region_intersects_in(&iomem, start + 5 * SZ_1M - SZ_4K, 2 * SZ_4K,
						 flags, IORES_DESC_NONE),
			    REGION_INTERSECTS);
	KTEST_EXPECT_INT_EQ(t,
			    region_intersects_in(&iomem, start + 4 * SZ_1M + SZ_128K, SZ_4K, flags,
						 IORES_DESC_NONE),
			    REGION_INTERSECTS);
	KTEST_EXPECT_INT_EQ(
	    t,
	    region_intersects_in(&iomem, start + 4 * SZ_1M, SZ_1M + SZ_4K, flags, IORES_DESC_NONE),
	    REGION_INTERSECTS);
	KTEST_EXPECT_INT_EQ(
	    t,
	    region_intersects_in(&iomem, start + 5 * SZ_1M, SZ_1M + SZ_4K, flags, IORES_DESC_NONE),
	    REGION_MIXED);

	/* Cleanup, children before parents. */
	KTEST_EXPECT_INT_EQ(t, remove_resource(code), 0);
	free_resource(code);
	__release_region(&iomem, start + 5 * SZ_1M, SZ_1M);
	__release_region(&iomem, start + 4 * SZ_1M, SZ_1M);
	KTEST_EXPECT_INT_EQ(t, release_resource(win1), 0);
	free_resource(win1);
	KTEST_EXPECT_INT_EQ(t, release_resource(win0), 0);
	free_resource(win0);
	__release_region(&iomem, start + 3 * SZ_1M, SZ_1M);
	__release_region(&iomem, start, SZ_1M);
	__release_region(&iomem, 0x100000, 0x1fee0000);
	__release_region(&iomem, 0xf0000, 0x10000);
	__release_region(&iomem, 0x1000, 0x9ec00);
	KTEST_EXPECT_NULL(t, iomem.child);
}

/* resource_size/type/ext_type/contains/overlaps, both orders where it is
 * symmetric:
 *
 *   1000      1fff 2000      2fff
 *   [ m            ][ n            ]      touching, not overlapping
 *   [ big ................... 2fff]
 */
static void ioport_h_helpers(struct ktest *t)
{
	struct resource m = {.start = 0x1000, .end = 0x1fff, .flags = IORESOURCE_MEM};
	struct resource n = {.start = 0x2000, .end = 0x2fff, .flags = IORESOURCE_MEM};
	struct resource big = {.start = 0x1000, .end = 0x2fff, .flags = IORESOURCE_MEM};
	struct resource io = {.start = 0x1000, .end = 0x1fff, .flags = IORESOURCE_IO};
	struct resource all = {.start = 0, .end = ~(resource_size_t)0};
	struct resource sys = {.flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY};

	KTEST_EXPECT_EQ(t, resource_size(&m), 0x1000);
	KTEST_EXPECT_EQ(t, resource_size(&all), 0); /* wraps, as in Linux */
	KTEST_EXPECT_EQ(t, resource_type(&sys), IORESOURCE_MEM);
	KTEST_EXPECT_EQ(t, resource_ext_type(&sys), IORESOURCE_SYSRAM);
	KTEST_EXPECT_EQ(t, IORESOURCE_SYSTEM_RAM, 0x01000200);

	KTEST_EXPECT_FALSE(t, resource_overlaps(&m, &n));
	KTEST_EXPECT_FALSE(t, resource_overlaps(&n, &m));
	KTEST_EXPECT_TRUE(t, resource_overlaps(&m, &big));
	KTEST_EXPECT_TRUE(t, resource_overlaps(&big, &m));
	KTEST_EXPECT_TRUE(t, resource_overlaps(&m, &io)); /* ranges only */

	KTEST_EXPECT_TRUE(t, resource_contains(&big, &m));
	KTEST_EXPECT_FALSE(t, resource_contains(&m, &big));
	KTEST_EXPECT_TRUE(t, resource_contains(&m, &m));
	KTEST_EXPECT_FALSE(t, resource_contains(&m, &io)); /* different type */
	KTEST_EXPECT_FALSE(t, resource_contains(&io, &m));
	big.flags |= IORESOURCE_UNSET;
	KTEST_EXPECT_FALSE(t, resource_contains(&big, &m));
	KTEST_EXPECT_FALSE(t, resource_contains(&m, &big));
}

/* Every field of a root but its children. */
static void expect_same_root(struct ktest *t, const struct resource *r, const struct resource *want)
{
	KTEST_EXPECT_STREQ(t, r->name, want->name);
	KTEST_EXPECT_EQ(t, r->start, want->start);
	KTEST_EXPECT_EQ(t, r->end, want->end);
	KTEST_EXPECT_EQ(t, r->flags, want->flags);
	KTEST_EXPECT_EQ(t, r->desc, want->desc);
	KTEST_EXPECT_TRUE(t, r->parent == want->parent);
	KTEST_EXPECT_TRUE(t, r->sibling == want->sibling);
}

/* The kernel's roots as Linux defines them; a case's fresh roots
 * (IOMEM_ROOT_INIT, IOPORT_ROOT_INIT) are the same, and empty. */
static void global_roots(struct ktest *t)
{
	KTEST_EXPECT_STREQ(t, iomem_resource.name, "PCI mem");
	KTEST_EXPECT_EQ(t, iomem_resource.start, 0);
	KTEST_EXPECT_EQ(t, iomem_resource.end, ~0ULL);
	KTEST_EXPECT_EQ(t, iomem_resource.flags, IORESOURCE_MEM);
	KTEST_EXPECT_EQ(t, iomem_resource.desc, IORES_DESC_NONE);
	KTEST_EXPECT_NULL(t, iomem_resource.parent);
	KTEST_EXPECT_NULL(t, iomem_resource.sibling);
	KTEST_EXPECT_STREQ(t, ioport_resource.name, "PCI IO");
	KTEST_EXPECT_EQ(t, ioport_resource.start, 0);
	KTEST_EXPECT_EQ(t, ioport_resource.end, 0xffff);
	KTEST_EXPECT_EQ(t, ioport_resource.flags, IORESOURCE_IO);
	KTEST_EXPECT_NULL(t, ioport_resource.parent);
	KTEST_EXPECT_NULL(t, ioport_resource.sibling);
	expect_same_root(t, &iomem, &iomem_resource);
	expect_same_root(t, &ioport, &ioport_resource);
	KTEST_EXPECT_NULL(t, iomem.child);
	KTEST_EXPECT_NULL(t, ioport.child);
}

/* A case's own roots are independent of the kernel's (the name dates from
 * when cases moved the kernel's children aside instead): a range the boot
 * tree holds (0x1000 is System RAM there) can be requested, nothing shows
 * in the kernel's trees, and freeing the case's tree empties its root. */
static void save_restore_roots(struct ktest *t)
{
	struct resource *const kernel_iomem = iomem_resource.child;
	struct resource *const kernel_ioport = ioport_resource.child;
	struct resource *a = mk(0x1000, 0x1000, "boot", IORESOURCE_MEM | IORESOURCE_BUSY);
	struct resource *b = mk(0x2000, 0x1000, "test", IORESOURCE_MEM | IORESOURCE_BUSY);
	struct resource *p = mk(0x60, 1, "keyboard", IORESOURCE_IO | IORESOURCE_BUSY);

	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_ASSERT_NOT_NULL(t, b);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_ASSERT_INT_EQ(t, request_resource(&iomem, a), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&iomem, b), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&ioport, p), 0);
	KTEST_EXPECT_TRUE(t, iomem.child == a);
	KTEST_EXPECT_TRUE(t, a->sibling == b);
	KTEST_EXPECT_TRUE(t, b->parent == &iomem);
	KTEST_EXPECT_TRUE(t, ioport.child == p);
	KTEST_EXPECT_TRUE(t, p->parent == &ioport);
	KTEST_EXPECT_TRUE(t, iomem_resource.child == kernel_iomem);
	KTEST_EXPECT_TRUE(t, ioport_resource.child == kernel_ioport);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem), 2);
	KTEST_EXPECT_NULL(t, iomem.child);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&ioport), 1);
	KTEST_EXPECT_NULL(t, ioport.child);
	KTEST_EXPECT_TRUE(t, iomem_resource.child == kernel_iomem);
}

/* alloc_resource() is kzalloc: zeroed, and NULL under fault injection. */
static void alloc_and_free(struct ktest *t)
{
	struct resource *r = alloc_resource();

	KTEST_ASSERT_NOT_NULL(t, r);
	KTEST_EXPECT_EQ(t, r->start, 0);
	KTEST_EXPECT_EQ(t, r->end, 0);
	KTEST_EXPECT_NULL(t, r->name);
	KTEST_EXPECT_EQ(t, r->flags, 0);
	KTEST_EXPECT_EQ(t, r->desc, 0);
	KTEST_EXPECT_NULL(t, r->parent);
	KTEST_EXPECT_NULL(t, r->sibling);
	KTEST_EXPECT_NULL(t, r->child);
	free_resource(r);
	free_resource(NULL);
	kalloc_fail_nth(1);
	KTEST_EXPECT_NULL(t, alloc_resource());
	KTEST_EXPECT_EQ(t, kalloc_count(), 1);
}

static const struct ktest_case resource_cases[] = {
    KTEST_CASE(resource_test_union),
    KTEST_CASE(resource_test_intersection),
    KTEST_CASE(resource_test_region_intersects),
    KTEST_CASE(ioport_h_helpers),
    KTEST_CASE(global_roots),
    KTEST_CASE(save_restore_roots),
    KTEST_CASE(alloc_and_free),
    {0},
};

static const struct ktest_suite resource_suite = {
    .name = "resource",
    .cases = resource_cases,
    .init = res_init,
    .exit = res_exit,
};
KTEST_SUITE(resource_suite);
