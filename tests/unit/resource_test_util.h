/* Shared by the resource_alloc, resource_tree, resource_hotplug,
 * resource_walk and resource_region suites: moving the global roots aside
 * for a case and giving them back, building a tree from a table, and
 * comparing a whole tree in resource_render_debug() form
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

/* Whole-tree helpers for tests (never for the kernel's own trees). */
struct resource_roots_snapshot {
	struct resource *iomem_child;
	struct resource *ioport_child;
};
/* Frees every resource below root and leaves root empty; returns how many.
 * Only for trees built entirely from alloc_resource() memory. */
size_t resource_test_free_all(struct resource *root);
void resource_test_save_roots(struct resource_roots_snapshot *snap);
int resource_test_restore_roots(const struct resource_roots_snapshot *snap);

/* Suite init: moves the children of iomem_resource and ioport_resource
 * aside, so that the case starts with both roots empty. */
int rtest_init(struct ktest *t);
/* Suite exit: turns fault injection off, frees what the case left below
 * local (when not NULL; expecting nothing), below iomem_resource (expecting
 * iomem_left nodes) and, when ioport is set, below ioport_resource
 * (expecting nothing), and gives the saved children back. */
void rtest_exit(struct ktest *t, struct resource *local, size_t iomem_left, bool ioport);

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
