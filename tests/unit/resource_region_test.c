/* Suite "resource_region": __request_region()/__release_region() in the
 * ways their Linux wrappers (request_mem_region(), request_region(), ...)
 * call them, on an iomem and an ioport root of the suite's own, fresh for
 * each case. Trees are compared in resource_render_debug() form:
 * "start-end flags desc name", two spaces per level. */
#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "tests/unit/resource_test_util.h"

static char log[512];

static struct resource iomem, ioport;

static int region_init(struct ktest *t)
{
	iomem = (struct resource)IOMEM_ROOT_INIT;
	ioport = (struct resource)IOPORT_ROOT_INIT;
	return rtest_init(t);
}

static void region_exit(struct ktest *t)
{
	rtest_exit(t, &iomem, 0, &ioport);
}

/* [start, start + size - 1] */
static struct resource *mk(resource_size_t start, resource_size_t size, const char *name,
			   unsigned long flags, unsigned long desc)
{
	struct resource *r = rtest_mk(start, start + size - 1, name, flags);

	if (r)
		r->desc = desc;
	return r;
}

/* Requests at the top level of an empty iomem:
 *   1000 [a 1fff]  2000 [d 2fff]
 *        1800 [b 27ff]  -> NULL: a is busy
 *        [c 1100-11ff]  -> NULL: never nests in a busy region */
static void request_mem_region_top_level(struct ktest *t)
{
	static const char name_a[] = "a";
	struct resource *a, *d;

	a = __request_region(&iomem, 0x1000, 0x1000, name_a, 0);
	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_EXPECT_EQ(t, a->start, 0x1000);
	KTEST_EXPECT_EQ(t, a->end, 0x1fff);
	KTEST_EXPECT_TRUE(t, a->name == name_a);
	KTEST_EXPECT_EQ(t, a->flags, MEM | BUSY);
	KTEST_EXPECT_EQ(t, a->desc, IORES_DESC_NONE);
	KTEST_EXPECT_TRUE(t, a->parent == &iomem);
	KTEST_EXPECT_NULL(t, a->sibling);
	KTEST_EXPECT_NULL(t, a->child);
	KTEST_EXPECT_NULL(t, __request_region(&iomem, 0x1800, 0x1000, "b", 0));
	KTEST_EXPECT_NULL(t, __request_region(&iomem, 0x1100, 0x100, "c", 0));
	d = __request_region(&iomem, 0x2000, 0x1000, "d", 0);
	KTEST_ASSERT_NOT_NULL(t, d);
	KTEST_EXPECT_TRUE(t, a->sibling == d);
	d = __request_region(&iomem, 0x3000, 0x1000, "e", IORESOURCE_EXCLUSIVE);
	KTEST_ASSERT_NOT_NULL(t, d);
	EXPECT_TREE(t, &iomem,
		    "1000-1fff 0x80000200 0 a\n2000-2fff 0x80000200 0 d\n"
		    "3000-3fff 0x88000200 0 e\n");
	__release_region(&iomem, 0x3000, 0x1000);
	__release_region(&iomem, 0x2000, 0x1000);
	__release_region(&iomem, 0x1000, 0x1000);
	KTEST_EXPECT_NULL(t, iomem.child);
}

/* virtio-mem: the device claims its region as System RAM, EXCLUSIVE, then
 * clears BUSY so that the hot-added memory nests below it and takes the
 * container's type and ext type (the 0x83000200 of a real kmem/virtio-mem
 * resource) and its desc.
 *   100000000 [ virtio0 ............................. 13fffffff ]
 *             [ System RAM (virtio_mem) 100000000-107ffffff ]
 *                                        [ 2nd 108000000-10fffffff ] */
static void request_region_nests_in_container(struct ktest *t)
{
	struct resource *dev, *ram, *ram2;

	dev = __request_region(&iomem, 0x100000000ULL, 0x40000000ULL, "virtio0",
			       SYS_RAM | IORESOURCE_EXCLUSIVE);
	KTEST_ASSERT_NOT_NULL(t, dev);
	KTEST_EXPECT_EQ(t, dev->flags, 0x89000200);
	dev->flags &= ~BUSY;
	dev->desc = IORES_DESC_CXL; /* any desc: the child inherits it */

	ram = __request_region(&iomem, 0x100000000ULL, 0x8000000ULL, "System RAM (virtio_mem)",
			       SYS_RAM | BUSY | DM);
	KTEST_ASSERT_NOT_NULL(t, ram);
	KTEST_EXPECT_TRUE(t, ram->parent == dev);
	KTEST_EXPECT_EQ(t, ram->flags, 0x83000200);
	KTEST_EXPECT_EQ(t, ram->desc, IORES_DESC_CXL);
	ram2 = __request_region(&iomem, 0x108000000ULL, 0x8000000ULL, "2nd", 0);
	KTEST_ASSERT_NOT_NULL(t, ram2);
	KTEST_EXPECT_TRUE(t, ram->sibling == ram2);
	/* type | ext type of the container, BUSY, nothing of EXCLUSIVE */
	KTEST_EXPECT_EQ(t, ram2->flags, 0x81000200);
	/* overlapping a busy child inside the container */
	KTEST_EXPECT_NULL(t, __request_region(&iomem, 0x107fff000ULL, 0x2000, "x", 0));
	EXPECT_TREE(t, &iomem,
		    "100000000-13fffffff 0x9000200 9 virtio0\n"
		    "  100000000-107ffffff 0x83000200 9 System RAM (virtio_mem)\n"
		    "  108000000-10fffffff 0x81000200 9 2nd\n");

	__release_region(&iomem, 0x108000000ULL, 0x8000000ULL);
	__release_region(&iomem, 0x100000000ULL, 0x8000000ULL);
	KTEST_EXPECT_NULL(t, dev->child);
	/* The container itself is not busy: __release_region() looks inside it
	 * and finds nothing. */
	printk_capture_start(log, sizeof(log));
	__release_region(&iomem, 0x100000000ULL, 0x40000000ULL);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(
	    t, log,
	    "Trying to free nonexistent resource <0x0000000100000000-0x000000013fffffff>\n");
	KTEST_EXPECT_INT_EQ(t, release_resource(dev), 0);
	free_resource(dev);
}

/* The CXL/dax/kmem chain: the request lands at the deepest non-busy level
 * and takes that level's flags and desc, not the top's.
 *   490000000 [ CXL Window 0 (desc CXL) ............... 50fffffff ]
 *             [ region0 ......................................... ]
 *             [ dax0.0 (MEM|SYSRAM, not busy) ................... ]
 *             [ System RAM (kmem)  <- request ................... ] */
static void request_region_nests_through_levels(struct ktest *t)
{
	struct resource *win = mk(0x490000000ULL, 0x80000000ULL, "CXL Window 0", MEM, 9);
	struct resource *reg = mk(0x490000000ULL, 0x80000000ULL, "region0", MEM, 0);
	struct resource *dax = mk(0x490000000ULL, 0x80000000ULL, "dax0.0", SYS_RAM, 0);
	struct resource *kmem;

	KTEST_ASSERT_NOT_NULL(t, win);
	KTEST_ASSERT_NOT_NULL(t, reg);
	KTEST_ASSERT_NOT_NULL(t, dax);
	KTEST_ASSERT_INT_EQ(t, insert_resource(&iomem, win), 0);
	/* As CXL and dax do: each level inserted into its parent (an identical
	 * range inserted from the root would become the parent instead). */
	KTEST_ASSERT_INT_EQ(t, insert_resource(win, reg), 0);
	KTEST_ASSERT_INT_EQ(t, insert_resource(reg, dax), 0);
	kmem = __request_region(&iomem, 0x490000000ULL, 0x80000000ULL, "System RAM (kmem)",
				SYS_RAM | BUSY | DM);
	KTEST_ASSERT_NOT_NULL(t, kmem);
	KTEST_EXPECT_TRUE(t, kmem->parent == dax);
	EXPECT_TREE(t, &iomem,
		    "490000000-50fffffff 0x200 9 CXL Window 0\n"
		    "  490000000-50fffffff 0x200 0 region0\n"
		    "    490000000-50fffffff 0x1000200 0 dax0.0\n"
		    "      490000000-50fffffff 0x83000200 0 System RAM (kmem)\n");
	__release_region(&iomem, 0x490000000ULL, 0x80000000ULL);
	KTEST_EXPECT_NULL(t, dax->child);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem), 3);
}

/* Refused: a busy container, a request sticking out of a non-busy
 * container, one covering a container, one spanning two.
 *   1000 [C1 not busy 1fff] 2000 [C2 not busy 2fff] 4000 [B busy 4fff] */
static void request_region_refusals(struct ktest *t)
{
	struct resource *c1 = mk(0x1000, 0x1000, "C1", MEM, 0);
	struct resource *c2 = mk(0x2000, 0x1000, "C2", MEM, 0);
	struct resource *b = mk(0x4000, 0x1000, "B", MEM | BUSY, 0);
	const char *want = "1000-1fff 0x200 0 C1\n2000-2fff 0x200 0 C2\n4000-4fff 0x80000200 0 B\n";

	KTEST_ASSERT_NOT_NULL(t, c1);
	KTEST_ASSERT_NOT_NULL(t, c2);
	KTEST_ASSERT_NOT_NULL(t, b);
	KTEST_ASSERT_INT_EQ(t, request_resource(&iomem, c1), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&iomem, c2), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&iomem, b), 0);

	KTEST_EXPECT_NULL(t, __request_region(&iomem, 0x4800, 0x100, "in busy", 0));
	KTEST_EXPECT_NULL(t, __request_region(&iomem, 0x1800, 0x1000, "C1 end", 0));
	KTEST_EXPECT_NULL(t, __request_region(&iomem, 0x0800, 0x1000, "C1 start", 0));
	KTEST_EXPECT_NULL(t, __request_region(&iomem, 0x0000, 0x3000, "covers C1", 0));
	KTEST_EXPECT_NULL(t, __request_region(&iomem, 0x1fff, 0x2, "C1+C2", 0));
	EXPECT_TREE(t, &iomem, want);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem), 3);
}

/* No scheduler, so a MUXED region cannot be waited for: the second
 * request fails like a busy conflict.
 *   002e [superio 002f] */
static void request_muxed_region_fails_when_taken(struct ktest *t)
{
	struct resource *r = __request_region(&ioport, 0x2e, 2, "superio", IORESOURCE_MUXED);

	KTEST_ASSERT_NOT_NULL(t, r);
	KTEST_EXPECT_EQ(t, r->flags, IORESOURCE_IO | BUSY | IORESOURCE_MUXED);
	KTEST_EXPECT_TRUE(t, r->parent == &ioport);
	KTEST_EXPECT_NULL(t, __request_region(&ioport, 0x2e, 2, "superio", IORESOURCE_MUXED));
	KTEST_EXPECT_NULL(t, __request_region(&ioport, 0x2f, 1, "other", 0));
	EXPECT_TREE(t, &ioport, "2e-2f 0x80400100 0 superio\n");
	__release_region(&ioport, 0x2e, 2);
	KTEST_EXPECT_NULL(t, ioport.child);
}

/* Ports: IO flags, the 0xffff limit. */
static void request_region_ioports(struct ktest *t)
{
	struct resource *serial = __request_region(&ioport, 0x3f8, 8, "serial", 0);
	struct resource *top = __request_region(&ioport, 0xfff0, 0x10, "top", 0);

	KTEST_ASSERT_NOT_NULL(t, serial);
	KTEST_ASSERT_NOT_NULL(t, top);
	KTEST_EXPECT_NULL(t, __request_region(&ioport, 0xfff0, 0x11, "too far", 0));
	KTEST_EXPECT_NULL(t, __request_region(&ioport, 0x10000, 1, "outside", 0));
	EXPECT_TREE(t, &ioport, "3f8-3ff 0x80000100 0 serial\nfff0-ffff 0x80000100 0 top\n");
	KTEST_EXPECT_NULL(t, iomem.child);
	__release_region(&ioport, 0x3f8, 8);
	__release_region(&ioport, 0xfff0, 0x10);
	KTEST_EXPECT_NULL(t, ioport.child);
}

/* n == 0, a range that wraps past ~0, and a failed allocation: NULL and
 * nothing changed (nothing leaked either: ASan checks on the host). */
static void request_region_bad_args(struct ktest *t)
{
	KTEST_EXPECT_NULL(t, __request_region(&iomem, 0x1000, 0, "empty", 0));
	KTEST_EXPECT_NULL(t, __request_region(&iomem, 0, 0, "empty at 0", 0));
	KTEST_EXPECT_NULL(t, __request_region(&iomem, ~0ULL - 0xf, 0x20, "wraps", 0));
	kalloc_fail_nth(1);
	KTEST_EXPECT_NULL(t, __request_region(&iomem, 0x1000, 0x1000, "no memory", 0));
	KTEST_EXPECT_EQ(t, kalloc_count(), 1);
	KTEST_EXPECT_NULL(t, iomem.child);
	/* the top end itself is fine */
	KTEST_ASSERT_NOT_NULL(t, __request_region(&iomem, ~0ULL - 0xf, 0x10, "top", 0));
	EXPECT_TREE(t, &iomem, "fffffffffffffff0-ffffffffffffffff 0x80000200 0 top\n");
	__release_region(&iomem, ~0ULL - 0xf, 0x10);
	KTEST_EXPECT_NULL(t, iomem.child);
}

/* __release_region() frees exact matches only.
 *   1000 [a 1fff] */
static void release_region_exact_match_only(struct ktest *t)
{
	static const struct {
		resource_size_t start, n;
	} wrong[] = {{0x1000, 0x800}, {0x1800, 0x800}, {0x0800, 0x1800}, {0x1000, 0x1001}};

	KTEST_ASSERT_NOT_NULL(t, __request_region(&iomem, 0x1000, 0x1000, "a", 0));
	for (size_t i = 0; i < ARRAY_SIZE(wrong); i++) {
		char want[96];

		printk_capture_start(log, sizeof(log));
		__release_region(&iomem, wrong[i].start, wrong[i].n);
		printk_capture_stop();
		snprintf(want, sizeof(want),
			 "Trying to free nonexistent resource <%#018llx-%#018llx>\n",
			 (unsigned long long)wrong[i].start,
			 (unsigned long long)(wrong[i].start + wrong[i].n - 1));
		KTEST_EXPECT_STREQ(t, log, want);
		EXPECT_TREE(t, &iomem, "1000-1fff 0x80000200 0 a\n");
	}
	printk_capture_start(log, sizeof(log));
	__release_region(&iomem, 0x1000, 0x1000);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, log, "");
	KTEST_EXPECT_NULL(t, iomem.child);
	/* and only once */
	printk_capture_start(log, sizeof(log));
	__release_region(&iomem, 0x1000, 0x1000);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(
	    t, log,
	    "Trying to free nonexistent resource <0x0000000000001000-0x0000000000001fff>\n");
}

/* Busy resources are not descended into, and one with children is not
 * freed (Linux would leave the children dangling).
 *   100000 [ System RAM (busy) ........... 1fffffff ]
 *              [ Kernel code 1000000-1ffffff ]        (insert_resource) */
static void release_region_busy_nesting(struct ktest *t)
{
	struct resource *ram = __request_region(&iomem, 0x100000, 0x1ff00000, "System RAM", 0);
	struct resource *code = mk(0x1000000, 0x1000000, "Kernel code", SYS_RAM | BUSY, 0);
	const char *want = "100000-1fffffff 0x80000200 0 System RAM\n"
			   "  1000000-1ffffff 0x81000200 0 Kernel code\n";

	KTEST_ASSERT_NOT_NULL(t, ram);
	KTEST_ASSERT_NOT_NULL(t, code);
	KTEST_ASSERT_INT_EQ(t, insert_resource(&iomem, code), 0);
	KTEST_EXPECT_TRUE(t, code->parent == ram);

	printk_capture_start(log, sizeof(log));
	__release_region(&iomem, 0x1000000, 0x1000000);
	__release_region(&iomem, 0x100000, 0x1ff00000);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, log,
			   "Trying to free nonexistent resource "
			   "<0x0000000001000000-0x0000000001ffffff>\n"
			   "resource: WARNING: not freeing System RAM [0x100000-0x1fffffff]: it "
			   "has children\n");
	EXPECT_TREE(t, &iomem, want);
	KTEST_EXPECT_INT_EQ(t, remove_resource(code), 0);
	free_resource(code);
	__release_region(&iomem, 0x100000, 0x1ff00000);
	KTEST_EXPECT_NULL(t, iomem.child);
}

/* A request meeting device-private memory (hmm) at the top of an iomem tree
 * warns, then fails as busy.
 *   80000000 [ dp (busy, DEVICE_PRIVATE) 8fffffff ] */
static void request_region_device_private_warns(struct ktest *t)
{
	struct resource *dp =
	    mk(0x80000000, 0x10000000, "dp", MEM | BUSY, IORES_DESC_DEVICE_PRIVATE_MEMORY);

	KTEST_ASSERT_NOT_NULL(t, dp);
	KTEST_ASSERT_INT_EQ(t, request_resource(&iomem, dp), 0);
	printk_capture_start(log, sizeof(log));
	KTEST_EXPECT_NULL(t, __request_region(&iomem, 0x8ffff000, 0x2000, "bar", 0));
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, log,
			   "Unaddressable device dp [mem 0x80000000-0x8fffffff] conflicts with "
			   "[mem 0x8ffff000-0x90000fff]\n");
	EXPECT_TREE(t, &iomem, "80000000-8fffffff 0x80000200 6 dp\n");
	KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem), 1);
}

#ifdef HOTMEM_HOST
/* The Linux-named wrappers act on the kernel's own roots, so they are tested
 * on the host only, where iomem_resource and ioport_resource are empty (in
 * the booted kernel they would change its live tree). Each case shows that
 * the wrapper is __request_region()/__release_region() on the kernel's root
 * with Linux's flags, and leaves the root empty again. */

/* r came from a request wrapper: it is the only node below root. */
static void expect_wrapped_request(struct ktest *t, struct resource *root, struct resource *r,
				   const char *tree)
{
	KTEST_ASSERT_NOT_NULL(t, r);
	KTEST_EXPECT_TRUE(t, r->parent == root);
	EXPECT_TREE(t, root, tree);
	__release_region(root, r->start, resource_size(r));
	KTEST_EXPECT_NULL(t, root->child);
}

static void request_mem_region_wrapper(struct ktest *t)
{
	KTEST_ASSERT_NULL(t, iomem_resource.child);
	expect_wrapped_request(t, &iomem_resource, request_mem_region(0x1000, 0x1000, "a"),
			       "1000-1fff 0x80000200 0 a\n");
}

static void __request_mem_region_wrapper(struct ktest *t)
{
	KTEST_ASSERT_NULL(t, iomem_resource.child);
	expect_wrapped_request(t, &iomem_resource,
			       __request_mem_region(0x1000, 0x1000, "a", SYS_RAM),
			       "1000-1fff 0x81000200 0 a\n");
}

static void request_mem_region_exclusive_wrapper(struct ktest *t)
{
	KTEST_ASSERT_NULL(t, iomem_resource.child);
	expect_wrapped_request(t, &iomem_resource,
			       request_mem_region_exclusive(0x1000, 0x1000, "a"),
			       "1000-1fff 0x88000200 0 a\n");
}

static void request_region_wrapper(struct ktest *t)
{
	KTEST_ASSERT_NULL(t, ioport_resource.child);
	expect_wrapped_request(t, &ioport_resource, request_region(0x3f8, 8, "serial"),
			       "3f8-3ff 0x80000100 0 serial\n");
}

static void request_muxed_region_wrapper(struct ktest *t)
{
	KTEST_ASSERT_NULL(t, ioport_resource.child);
	expect_wrapped_request(t, &ioport_resource, request_muxed_region(0x2e, 2, "superio"),
			       "2e-2f 0x80400100 0 superio\n");
}

static void release_mem_region_wrapper(struct ktest *t)
{
	KTEST_ASSERT_NULL(t, iomem_resource.child);
	KTEST_ASSERT_NOT_NULL(t, __request_region(&iomem_resource, 0x1000, 0x1000, "a", 0));
	printk_capture_start(log, sizeof(log));
	release_mem_region(0x1000, 0x1000);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, log, "");
	KTEST_EXPECT_NULL(t, iomem_resource.child);
}

static void release_region_wrapper(struct ktest *t)
{
	KTEST_ASSERT_NULL(t, ioport_resource.child);
	KTEST_ASSERT_NOT_NULL(t, __request_region(&ioport_resource, 0x3f8, 8, "serial", 0));
	printk_capture_start(log, sizeof(log));
	release_region(0x3f8, 8);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, log, "");
	KTEST_EXPECT_NULL(t, ioport_resource.child);
}
#endif

static const struct ktest_case region_cases[] = {
    KTEST_CASE(request_mem_region_top_level),
    KTEST_CASE(request_region_nests_in_container),
    KTEST_CASE(request_region_nests_through_levels),
    KTEST_CASE(request_region_refusals),
    KTEST_CASE(request_muxed_region_fails_when_taken),
    KTEST_CASE(request_region_ioports),
    KTEST_CASE(request_region_bad_args),
    KTEST_CASE(release_region_exact_match_only),
    KTEST_CASE(release_region_busy_nesting),
    KTEST_CASE(request_region_device_private_warns),
#ifdef HOTMEM_HOST
    KTEST_CASE(request_mem_region_wrapper),
    KTEST_CASE(__request_mem_region_wrapper),
    KTEST_CASE(request_mem_region_exclusive_wrapper),
    KTEST_CASE(request_region_wrapper),
    KTEST_CASE(request_muxed_region_wrapper),
    KTEST_CASE(release_mem_region_wrapper),
    KTEST_CASE(release_region_wrapper),
#endif
    {0},
};

static const struct ktest_suite region_suite = {
    .name = "resource_region",
    .cases = region_cases,
    .init = region_init,
    .exit = region_exit,
};
KTEST_SUITE(region_suite);
