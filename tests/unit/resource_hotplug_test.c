/* Suite "resource_hotplug": release_mem_region_adjustable_in() and
 * merge_system_ram_resource() on an iomem root of the suite's own, fresh for
 * each case. Trees compared in resource_render_debug() form:
 * "start-end flags desc name". */
#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "tests/unit/resource_test_util.h"

#define MERGE	 IORESOURCE_SYSRAM_MERGEABLE
#define VM_FLAGS (SYS_RAM | BUSY | DM)

static char before[2048];
static char log[512];

static struct resource iomem;

static int hp_init(struct ktest *t)
{
	iomem = (struct resource)IOMEM_ROOT_INIT;
	return rtest_init(t);
}

static void hp_exit(struct ktest *t)
{
	rtest_exit(t, &iomem, 0, NULL);
}

static struct resource *node[RTEST_MAX_NODES];

static bool build(const struct node_spec *s)
{
	return rtest_build(&iomem, s, node, NULL);
}

static char ram_name[] = "System RAM";
static char vm_name[] = "System RAM (virtio_mem)";
/* Same text, another pointer: a different user's resource. */
static char vm_name_other[] = "System RAM (virtio_mem)";

/*
 *  10000000  [ A System RAM (busy, desc 3) ................ 1fffffff ]
 *  30000000  [ io-typed oddity 3fffffff ]
 *  100000000 [ virtio0 (not busy) ................................ 13fffffff ]
 *            [ V System RAM (virtio_mem) 100000000-11fffffff ]
 */
static const struct node_spec hp_base[] = {
    {0, 0x10000000, 0x1fffffff, ram_name, SYS_RAM | BUSY, 3},
    {0, 0x30000000, 0x3fffffff, "oddity", IORESOURCE_IO | BUSY, 0},
    {0, 0x100000000, 0x13fffffff, "virtio0", SYS_RAM | IORESOURCE_EXCLUSIVE, 0},
    {1, 0x100000000, 0x11fffffff, vm_name, VM_FLAGS, 0},
    {0},
};
#define T_A	 "10000000-1fffffff 0x81000200 3 System RAM\n"
#define T_ODD	 "30000000-3fffffff 0x80000100 0 oddity\n"
#define T_VIRTIO "100000000-13fffffff 0x9000200 0 virtio0\n"
#define T_V	 "  100000000-11fffffff 0x83000200 0 System RAM (virtio_mem)\n"
#define T_BASE	 T_A T_ODD T_VIRTIO T_V

/*  10000000 [ A .............................. 1fffffff ]
 *           [K 10000000-10ffffff]   [L 1c000000-1cffffff] (L in some rows) */
static const struct node_spec hp_child_front[] = {
    {0, 0x10000000, 0x1fffffff, ram_name, SYS_RAM | BUSY, 0},
    {1, 0x10000000, 0x10ffffff, "Kernel code", SYS_RAM | BUSY, 0},
    {0},
};
static const struct node_spec hp_child_back[] = {
    {0, 0x10000000, 0x1fffffff, ram_name, SYS_RAM | BUSY, 0},
    {1, 0x1c000000, 0x1cffffff, "L", SYS_RAM | BUSY, 0},
    {0},
};
#define T_A0 "10000000-1fffffff 0x81000200 0 System RAM\n"
#define T_K  "  10000000-10ffffff 0x81000200 0 Kernel code\n"
#define T_L  "  1c000000-1cffffff 0x81000200 0 L\n"

struct adj_row {
	const char *what;
	const struct node_spec *base;
	resource_size_t start, size;
	int ret;
	const char *tree;
	const char *log;
};

static const struct adj_row adj_rows[] = {
    {"exact match is freed", hp_base, 0x10000000, 0x10000000, 0, T_ODD T_VIRTIO T_V, ""},
    {"front", hp_base, 0x10000000, 0x8000000, 0,
     "18000000-1fffffff 0x81000200 3 System RAM\n" T_ODD T_VIRTIO T_V, ""},
    {"back", hp_base, 0x18000000, 0x8000000, 0,
     "10000000-17ffffff 0x81000200 3 System RAM\n" T_ODD T_VIRTIO T_V, ""},
    {"split: upper piece copies name, flags, desc", hp_base, 0x14000000, 0x4000000, 0,
     "10000000-13ffffff 0x81000200 3 System RAM\n"
     "18000000-1fffffff 0x81000200 3 System RAM\n" T_ODD T_VIRTIO T_V,
     ""},
    {"split inside the non-busy virtio0", hp_base, 0x108000000, 0x8000000, 0,
     T_A T_ODD T_VIRTIO "  100000000-107ffffff 0x83000200 0 System RAM (virtio_mem)\n"
			"  110000000-11fffffff 0x83000200 0 System RAM (virtio_mem)\n",
     ""},
    {"exact inside virtio0: the container stays", hp_base, 0x100000000, 0x20000000, 0,
     T_A T_ODD T_VIRTIO, ""},
    {"a hole: nothing", hp_base, 0x20000000, 0x1000, 0, T_BASE, ""},
    {"straddles A's end: nothing", hp_base, 0x1ffff000, 0x2000, 0, T_BASE, ""},
    {"virtio0's unplugged part: nothing", hp_base, 0x120000000, 0x1000, 0, T_BASE, ""},
    {"not IORESOURCE_MEM: stops", hp_base, 0x30000000, 0x1000, 0, T_BASE, ""},
    {"size 0", hp_base, 0x10000000, 0, -EINVAL, T_BASE,
     "resource: WARNING: release_mem_region_adjustable: bad range\n"},
    {"wraps past ~0", hp_base, ~0ULL - 0xfff, 0x2000, -EINVAL, T_BASE,
     "resource: WARNING: release_mem_region_adjustable: bad range\n"},
    {"split: children stay with the lower piece", hp_child_front, 0x14000000, 0x4000000, 0,
     "10000000-13ffffff 0x81000200 0 System RAM\n" T_K
     "18000000-1fffffff 0x81000200 0 System RAM\n",
     ""},
    {"back, child at the front", hp_child_front, 0x18000000, 0x8000000, 0,
     "10000000-17ffffff 0x81000200 0 System RAM\n" T_K, ""},
    {"front over a child", hp_child_front, 0x10000000, 0x8000000, -EBUSY, T_A0 T_K,
     "resource: WARNING: cannot release [0x10000000-0x17ffffff] from System RAM: "
     "children in the way\n"},
    {"split with a child in the upper part", hp_child_back, 0x14000000, 0x4000000, -EBUSY, T_A0 T_L,
     "resource: WARNING: cannot release [0x14000000-0x17ffffff] from System RAM: "
     "children in the way\n"},
    {"split through a child", hp_child_back, 0x1c000000, 0x1000, -EBUSY, T_A0 T_L,
     "resource: WARNING: cannot release [0x1c000000-0x1c000fff] from System RAM: "
     "children in the way\n"},
    {"exact match with children", hp_child_back, 0x10000000, 0x10000000, -EBUSY, T_A0 T_L,
     "resource: WARNING: cannot release System RAM [0x10000000-0x1fffffff]: it has "
     "children\n"},
};

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* release_mem_region_adjustable_in(): exact, front, back, split; descends
 * through non-busy containers; refuses to strand children. */
static void release_mem_region_adjustable_table(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(adj_rows); i++) {
		const struct adj_row *row = &adj_rows[i];
		bool failed = t->status == KTEST_FAIL;

		KTEST_ASSERT_TRUE(t, build(row->base));
		printk_capture_start(log, sizeof(log));
		KTEST_EXPECT_INT_EQ(
		    t, release_mem_region_adjustable_in(&iomem, row->start, row->size), row->ret);
		printk_capture_stop();
		KTEST_EXPECT_STREQ(t, log, row->log);
		EXPECT_TREE(t, &iomem, row->tree);
		KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem), count_lines(row->tree));
		NOTE_ROW(t, failed, row->what);
	}
}

/* The split's upper piece is a proper copy: same name pointer, linked
 * after the lower one, no children. */
static void release_mem_region_adjustable_split_links(struct ktest *t)
{
	struct resource *a, *upper;

	KTEST_ASSERT_TRUE(t, build(hp_child_front));
	a = node[0];
	KTEST_ASSERT_INT_EQ(t, release_mem_region_adjustable_in(&iomem, 0x14000000, 0x4000000), 0);
	upper = a->sibling;
	KTEST_ASSERT_NOT_NULL(t, upper);
	KTEST_EXPECT_TRUE(t, upper->name == a->name);
	KTEST_EXPECT_TRUE(t, upper->parent == &iomem);
	KTEST_EXPECT_NULL(t, upper->sibling);
	KTEST_EXPECT_NULL(t, upper->child);
	KTEST_EXPECT_TRUE(t, a->child == node[1]);
	KTEST_EXPECT_TRUE(t, node[1]->parent == a);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem), 3);
}

/* The split needs one allocation; when it fails nothing changes and
 * -ENOMEM comes back (Linux retries with __GFP_NOFAIL). Shrinking needs
 * none. */
static void release_mem_region_adjustable_enomem(struct ktest *t)
{
	KTEST_ASSERT_TRUE(t, build(hp_base));
	resource_render_debug(&iomem, before, sizeof(before));

	kalloc_fail_nth(1);
	KTEST_EXPECT_INT_EQ(t, release_mem_region_adjustable_in(&iomem, 0x14000000, 0x4000000),
			    -ENOMEM);
	KTEST_EXPECT_EQ(t, kalloc_count(), 1);
	EXPECT_TREE(t, &iomem, before);
	kalloc_fail_nth(1);
	KTEST_EXPECT_INT_EQ(t, release_mem_region_adjustable_in(&iomem, 0x108000000, 0x8000000),
			    -ENOMEM);
	EXPECT_TREE(t, &iomem, before);

	kalloc_fail_nth(1);
	KTEST_EXPECT_INT_EQ(t, release_mem_region_adjustable_in(&iomem, 0x10000000, 0x1000000), 0);
	KTEST_EXPECT_EQ(t, kalloc_count(), 0);
	kalloc_fail_nth(0);
	EXPECT_TREE(t, &iomem, "11000000-1fffffff 0x81000200 3 System RAM\n" T_ODD T_VIRTIO T_V);

	/* and with memory, the same split now works */
	KTEST_EXPECT_INT_EQ(t, release_mem_region_adjustable_in(&iomem, 0x14000000, 0x4000000), 0);
	EXPECT_TREE(t, &iomem,
		    "11000000-13ffffff 0x81000200 3 System RAM\n"
		    "18000000-1fffffff 0x81000200 3 System RAM\n" T_ODD T_VIRTIO T_V);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem), 5);
}

/* Hot-remove of pieces in turn down to nothing, like virtio-mem unplug of
 * 128 MiB blocks from the middle, then the ends. */
static void release_mem_region_adjustable_piecewise(struct ktest *t)
{
	KTEST_ASSERT_TRUE(t, build(hp_base));
	KTEST_EXPECT_INT_EQ(t, release_mem_region_adjustable_in(&iomem, 0x108000000, 0x8000000), 0);
	KTEST_EXPECT_INT_EQ(t, release_mem_region_adjustable_in(&iomem, 0x110000000, 0x8000000), 0);
	KTEST_EXPECT_INT_EQ(t, release_mem_region_adjustable_in(&iomem, 0x118000000, 0x8000000), 0);
	EXPECT_TREE(t, &iomem,
		    T_A T_ODD T_VIRTIO
		    "  100000000-107ffffff 0x83000200 0 System RAM (virtio_mem)\n");
	KTEST_EXPECT_INT_EQ(t, release_mem_region_adjustable_in(&iomem, 0x100000000, 0x8000000), 0);
	EXPECT_TREE(t, &iomem, T_A T_ODD T_VIRTIO);
	/* again: already gone, silently */
	KTEST_EXPECT_INT_EQ(t, release_mem_region_adjustable_in(&iomem, 0x100000000, 0x8000000), 0);
	EXPECT_TREE(t, &iomem, T_A T_ODD T_VIRTIO);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem), 3);
}

struct merge_row {
	const char *what;
	const struct node_spec *base; /* node[merge_idx] is merged */
	int merge_idx;
	const char *tree;
	const char *log;
};

/* All under virtio0 [100000000-13fffffff], pieces of 128 MiB:
 *   P1 100000000-107ffffff, N 108000000-10fffffff, P2 110000000-117ffffff */
#define VIRTIO0                                                                           \
	{                                                                                 \
		0, 0x100000000, 0x13fffffff, "virtio0", SYS_RAM | IORESOURCE_EXCLUSIVE, 0 \
	}
#define P1(name, flags, desc)                                  \
	{                                                      \
		1, 0x100000000, 0x107ffffff, name, flags, desc \
	}
#define N(name, flags)                                      \
	{                                                   \
		1, 0x108000000, 0x10fffffff, name, flags, 0 \
	}
#define P2(name, flags)                                     \
	{                                                   \
		1, 0x110000000, 0x117ffffff, name, flags, 0 \
	}

static const struct node_spec m_prev[] = {
    VIRTIO0, P1(vm_name, VM_FLAGS | MERGE, 0), N(vm_name, VM_FLAGS), {0}};
static const struct node_spec m_next[] = {
    VIRTIO0, N(vm_name, VM_FLAGS), P2(vm_name, VM_FLAGS | MERGE), {0}};
static const struct node_spec m_both[] = {VIRTIO0,
					  P1(vm_name, VM_FLAGS | MERGE, 0),
					  N(vm_name, VM_FLAGS),
					  P2(vm_name, VM_FLAGS | MERGE),
					  {0}};
static const struct node_spec m_other_name[] = {
    VIRTIO0, P1(vm_name_other, VM_FLAGS | MERGE, 0), N(vm_name, VM_FLAGS), {0}};
static const struct node_spec m_prev_unmarked[] = {
    VIRTIO0, P1(vm_name, VM_FLAGS, 0), N(vm_name, VM_FLAGS), {0}};
static const struct node_spec m_prev_desc[] = {
    VIRTIO0, P1(vm_name, VM_FLAGS | MERGE, 4), N(vm_name, VM_FLAGS), {0}};
static const struct node_spec m_prev_child[] = {
    VIRTIO0,
    P1(vm_name, VM_FLAGS | MERGE, 0),
    {2, 0x100000000, 0x100000fff, "child", SYS_RAM | BUSY, 0},
    N(vm_name, VM_FLAGS),
    {0}};
static const struct node_spec m_own_child[] = {
    VIRTIO0,
    P1(vm_name, VM_FLAGS | MERGE, 0),
    N(vm_name, VM_FLAGS),
    {2, 0x108000000, 0x108000fff, "child", SYS_RAM | BUSY, 0},
    P2(vm_name, VM_FLAGS | MERGE),
    {0}};
static const struct node_spec m_gap[] = {
    VIRTIO0, P1(vm_name, VM_FLAGS | MERGE, 0), P2(vm_name, VM_FLAGS), {0}};
static const struct node_spec m_next_only[] = {
    VIRTIO0, P1(vm_name, VM_FLAGS, 0), N(vm_name, VM_FLAGS), P2(vm_name, VM_FLAGS | MERGE), {0}};
static const struct node_spec m_not_busy[] = {
    VIRTIO0, P1(vm_name, VM_FLAGS | MERGE, 0), N(vm_name, SYS_RAM | DM), {0}};
static const struct node_spec m_top_level[] = {
    {0, 0x100000000, 0x107ffffff, ram_name, SYS_RAM | BUSY | MERGE, 0},
    {0, 0x108000000, 0x10fffffff, ram_name, SYS_RAM | BUSY, 0},
    {0}};

#define T_V0	    "100000000-13fffffff 0x9000200 0 virtio0\n"
#define VM(r, f, d) "  " r " " f " " d " System RAM (virtio_mem)\n"
#define R_P1	    "100000000-107ffffff"
#define R_N	    "108000000-10fffffff"
#define R_P2	    "110000000-117ffffff"
#define F_M	    "0x87000200"
#define F_U	    "0x83000200"

static const struct merge_row merge_rows[] = {
    {"merges into the previous", m_prev, 2, T_V0 VM("100000000-10fffffff", F_M, "0"), ""},
    {"absorbs the next", m_next, 1, T_V0 VM("108000000-117ffffff", F_M, "0"), ""},
    {"both neighbours", m_both, 2, T_V0 VM("100000000-117ffffff", F_M, "0"), ""},
    {"same text, other name pointer", m_other_name, 2, T_V0 VM(R_P1, F_M, "0") VM(R_N, F_M, "0"),
     ""},
    {"previous not marked mergeable", m_prev_unmarked, 2, T_V0 VM(R_P1, F_U, "0") VM(R_N, F_M, "0"),
     ""},
    {"previous has another desc", m_prev_desc, 2, T_V0 VM(R_P1, F_M, "4") VM(R_N, F_M, "0"), ""},
    {"previous has a child", m_prev_child, 3,
     T_V0 VM(R_P1, F_M, "0") "    100000000-100000fff 0x81000200 0 child\n" VM(R_N, F_M, "0"), ""},
    {"it has a child itself", m_own_child, 2,
     T_V0 VM(R_P1, F_M, "0")
	 VM(R_N, F_M, "0") "    108000000-108000fff 0x81000200 0 child\n" VM(R_P2, F_M, "0"),
     ""},
    {"not adjacent", m_gap, 2, T_V0 VM(R_P1, F_M, "0") VM(R_P2, F_M, "0"), ""},
    {"only the next is mergeable", m_next_only, 2,
     T_V0 VM(R_P1, F_U, "0") VM("108000000-117ffffff", F_M, "0"), ""},
    {"not busy: refused", m_not_busy, 2, T_V0 VM(R_P1, F_M, "0") VM(R_N, "0x3000200", "0"),
     "resource: WARNING: merge_system_ram_resource: System RAM (virtio_mem) is not busy "
     "System RAM in a tree\n"},
    {"top level, like hv_balloon/xen", m_top_level, 1,
     "100000000-10fffffff 0x85000200 0 System RAM\n", ""},
};

/* merge_system_ram_resource(): marks the resource mergeable and merges it
 * with identical neighbours only (flags, name pointer, desc, no children,
 * touching). */
static void merge_system_ram_resource_table(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(merge_rows); i++) {
		const struct merge_row *row = &merge_rows[i];
		bool failed = t->status == KTEST_FAIL;

		KTEST_ASSERT_TRUE(t, build(row->base));
		printk_capture_start(log, sizeof(log));
		merge_system_ram_resource(node[row->merge_idx]);
		printk_capture_stop();
		KTEST_EXPECT_STREQ(t, log, row->log);
		EXPECT_TREE(t, &iomem, row->tree);
		KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem), count_lines(row->tree));
		NOTE_ROW(t, failed, row->what);
	}
}

/* The survivor is the lower node; its name pointer is unchanged, and a
 * later hot-remove splits the merged range again. */
static void merge_then_release_splits_again(struct ktest *t)
{
	struct resource *p1;

	KTEST_ASSERT_TRUE(t, build(m_both));
	p1 = node[1];
	merge_system_ram_resource(node[2]);
	KTEST_EXPECT_TRUE(t, node[0]->child == p1);
	KTEST_EXPECT_TRUE(t, p1->name == vm_name);
	KTEST_EXPECT_NULL(t, p1->sibling);
	KTEST_EXPECT_EQ(t, p1->end, 0x117ffffff);
	KTEST_ASSERT_INT_EQ(t, release_mem_region_adjustable_in(&iomem, 0x108000000, 0x8000000), 0);
	EXPECT_TREE(t, &iomem, T_V0 VM(R_P1, F_M, "0") VM(R_P2, F_M, "0"));
	KTEST_EXPECT_TRUE(t, p1->sibling->name == vm_name);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem), 3);
}

#ifdef HOTMEM_HOST
/* release_mem_region_adjustable() works on the kernel's iomem_resource, so
 * it is tested on the host only, where that tree is empty (in the booted
 * kernel it is the live one): the split of the table, there. */
static void release_mem_region_adjustable_wrapper(struct ktest *t)
{
	KTEST_ASSERT_NULL(t, iomem_resource.child);
	KTEST_ASSERT_TRUE(t, rtest_build(&iomem_resource, hp_base, node, NULL));
	KTEST_EXPECT_INT_EQ(t, release_mem_region_adjustable(0x14000000, 0x4000000), 0);
	EXPECT_TREE(t, &iomem_resource,
		    "10000000-13ffffff 0x81000200 3 System RAM\n"
		    "18000000-1fffffff 0x81000200 3 System RAM\n" T_ODD T_VIRTIO T_V);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem_resource), 5);
}
#endif

static const struct ktest_case hp_cases[] = {
    KTEST_CASE(release_mem_region_adjustable_table),
    KTEST_CASE(release_mem_region_adjustable_split_links),
    KTEST_CASE(release_mem_region_adjustable_enomem),
    KTEST_CASE(release_mem_region_adjustable_piecewise),
    KTEST_CASE(merge_system_ram_resource_table),
    KTEST_CASE(merge_then_release_splits_again),
#ifdef HOTMEM_HOST
    KTEST_CASE(release_mem_region_adjustable_wrapper),
#endif
    {0},
};

static const struct ktest_suite hp_suite = {
    .name = "resource_hotplug",
    .cases = hp_cases,
    .init = hp_init,
    .exit = hp_exit,
};
KTEST_SUITE(hp_suite);
