/* Shared by the resource suites: the fixture (fresh roots per case, and a
 * check that no case touched the kernel's own trees), building a tree from a
 * table, and comparing a whole tree in resource_render_debug() form
 * ("start-end flags desc name", two spaces per level). */
#ifndef TESTS_UNIT_RESOURCE_TEST_UTIL_H
#define TESTS_UNIT_RESOURCE_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel/ktest.h"
#include "kernel/resource.h"

#define MEM	 IORESOURCE_MEM
#define SYS_RAM	 IORESOURCE_SYSTEM_RAM
#define BUSY	 IORESOURCE_BUSY
#define BUSYMEM	 (IORESOURCE_MEM | IORESOURCE_BUSY)
#define DM	 IORESOURCE_SYSRAM_DRIVER_MANAGED
#define ALL_ONES (~(resource_size_t)0)

/* A tree in pre-order, ending at name NULL: depth 0 is a child of the root,
 * depth d + 1 a child of the last node of depth d before it. */
struct node_spec {
	int depth;
	resource_size_t start, end;
	const char *name;
	unsigned long flags, desc;
};

/* Frees every resource below root and leaves root empty; returns how many.
 * Only for trees built entirely from alloc_resource() memory. */
size_t resource_test_free_all(struct resource *root);

/* Suite init: notes the shape of the kernel's trees (iomem_resource,
 * ioport_resource), which no case may change. The suite's init resets its
 * own roots (IOMEM_ROOT_INIT, IOPORT_ROOT_INIT) itself. */
int rtest_init(struct ktest *t);
/* Suite exit: turns fault injection off, frees what the case left below
 * root (expecting `left` nodes) and, when ioport is not NULL, below ioport
 * (expecting nothing), and checks that the kernel's trees are as rtest_init
 * found them (same first child, same number of nodes). */
void rtest_exit(struct ktest *t, struct resource *root, size_t left, struct resource *ioport);

/* A resource from alloc_resource() (so resource_test_free_all() can free
 * it), [start, end], desc 0, not in a tree; NULL when out of memory. */
struct resource *rtest_mk(resource_size_t start, resource_size_t end, const char *name,
			  unsigned long flags);
/* Requests the nodes of spec (NULL: none) below root; node[i] is then the
 * i-th node of spec. False if spec has more than RTEST_MAX_NODES nodes or a
 * request fails; the nodes requested so far stay in the tree. If built is
 * not NULL, *built grows by the number of nodes requested. */
#define RTEST_MAX_NODES 12
bool rtest_build(struct resource *root, const struct node_spec *spec,
		 struct resource *node[RTEST_MAX_NODES], size_t *built);
/* The number of nodes of spec (0 for NULL). */
size_t rtest_count_nodes(const struct node_spec *spec);

/* The tree below r in resource_render_debug() form, in a static buffer
 * (valid until the next call). */
const char *rtest_tree_text(const struct resource *r);

/* Every field of every node, and the links. */
#define EXPECT_TREE(t, r, want)                                  \
	do {                                                     \
		KTEST_EXPECT_STREQ(t, rtest_tree_text(r), want); \
		KTEST_EXPECT_NULL(t, resource_check_tree(r));    \
	} while (0)

/* Names the table row when something in it failed. */
#define NOTE_ROW(t, failed_before, what)                             \
	do {                                                         \
		if ((t)->status == KTEST_FAIL && !(failed_before)) { \
			ktest_info(t, "in row: %s", what);           \
			failed_before = true;                        \
		}                                                    \
	} while (0)

#endif
