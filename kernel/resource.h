/* The resource tree: Linux's kernel/resource.c model of who owns which
 * physical address (iomem) and I/O port (ioport) ranges, rendered as
 * /proc/iomem and /proc/ioports.
 *
 * Each node's children form a singly linked sibling list sorted by start,
 * non-overlapping, every child inside its parent; `end` is inclusive.
 * Functions, flags and semantics follow Linux (v6.12, with the Oct 2024 fix
 * to walk_system_ram_res_rev()); see docs/linux-model.md (Resource tree).
 *
 * Deviations from Linux, all because hotmem has one CPU and no scheduler,
 * no GFP_NOFAIL and no /dev/mem:
 *  - No resource_lock: nothing touches the tree concurrently or from IRQs.
 *  - __request_region(): a conflict with an IORESOURCE_MUXED region fails
 *    like a busy one (Linux sleeps until the holder releases it).
 *  - release_mem_region_adjustable() returns int: -ENOMEM when the split
 *    needs a resource and the allocation fails (Linux retries forever with
 *    __GFP_NOFAIL); nothing is changed in that case.
 *  - Misuse that Linux answers with a WARN and a corrupt or dangling tree is
 *    refused with a warning instead (details at each function).
 *  - __request_region() takes `unsigned long flags` (Linux: int), so
 *    IORESOURCE_BUSY-sized bits are not sign-extended.
 *  - No revoke_iomem(): there is no /dev/mem to revoke mappings from. */
#ifndef KERNEL_RESOURCE_H
#define KERNEL_RESOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/types.h"

typedef u64 resource_size_t;

struct resource {
	resource_size_t start;
	resource_size_t end; /* inclusive */
	const char *name;
	unsigned long flags;
	unsigned long desc;
	struct resource *parent, *sibling, *child;
};

/* Flags (include/linux/ioport.h). */
#define IORESOURCE_BITS		 0x000000ffUL /* bus-specific bits */
#define IORESOURCE_TYPE_BITS	 0x00001f00UL
#define IORESOURCE_IO		 0x00000100UL
#define IORESOURCE_MEM		 0x00000200UL
#define IORESOURCE_REG		 0x00000300UL
#define IORESOURCE_IRQ		 0x00000400UL
#define IORESOURCE_DMA		 0x00000800UL
#define IORESOURCE_BUS		 0x00001000UL
#define IORESOURCE_PREFETCH	 0x00002000UL
#define IORESOURCE_READONLY	 0x00004000UL
#define IORESOURCE_CACHEABLE	 0x00008000UL
#define IORESOURCE_RANGELENGTH	 0x00010000UL
#define IORESOURCE_SHADOWABLE	 0x00020000UL
#define IORESOURCE_SIZEALIGN	 0x00040000UL
#define IORESOURCE_STARTALIGN	 0x00080000UL
#define IORESOURCE_MEM_64	 0x00100000UL
#define IORESOURCE_WINDOW	 0x00200000UL
#define IORESOURCE_MUXED	 0x00400000UL
#define IORESOURCE_EXT_TYPE_BITS 0x01000000UL
#define IORESOURCE_SYSRAM	 0x01000000UL
#define IORESOURCE_EXCLUSIVE	 0x08000000UL
#define IORESOURCE_DISABLED	 0x10000000UL
#define IORESOURCE_UNSET	 0x20000000UL
#define IORESOURCE_AUTO		 0x40000000UL
#define IORESOURCE_BUSY		 0x80000000UL

#define IORESOURCE_SYSTEM_RAM (IORESOURCE_MEM | IORESOURCE_SYSRAM)
/* Added by a driver (virtio-mem, dax/kmem) on every boot, also after kexec. */
#define IORESOURCE_SYSRAM_DRIVER_MANAGED 0x02000000UL
/* May be merged with identical neighbours (merge_system_ram_resource()). */
#define IORESOURCE_SYSRAM_MERGEABLE 0x04000000UL

/* resource->desc: finer type, searched by walk_iomem_res_desc(). */
enum {
	IORES_DESC_NONE = 0,
	IORES_DESC_CRASH_KERNEL = 1,
	IORES_DESC_ACPI_TABLES = 2,
	IORES_DESC_ACPI_NV_STORAGE = 3,
	IORES_DESC_PERSISTENT_MEMORY = 4,
	IORES_DESC_PERSISTENT_MEMORY_LEGACY = 5,
	IORES_DESC_DEVICE_PRIVATE_MEMORY = 6,
	IORES_DESC_RESERVED = 7,
	IORES_DESC_SOFT_RESERVED = 8,
	IORES_DESC_CXL = 9,
};

/* region_intersects() results. */
enum {
	REGION_INTERSECTS,
	REGION_DISJOINT,
	REGION_MIXED,
};

#define IO_SPACE_LIMIT 0xffffUL
/* /proc/iomem indents at most this many levels. */
#define MAX_IORES_LEVEL 5

/* The two roots: "PCI IO" 0..IO_SPACE_LIMIT and "PCI mem" 0..~0. A test
 * builds a tree of its own on `struct resource root = IOMEM_ROOT_INIT;`. */
#define IOPORT_ROOT_INIT                                                                    \
	{                                                                                   \
		.start = 0, .end = IO_SPACE_LIMIT, .name = "PCI IO", .flags = IORESOURCE_IO \
	}
#define IOMEM_ROOT_INIT                                                                            \
	{                                                                                          \
		.start = 0, .end = ~(resource_size_t)0, .name = "PCI mem", .flags = IORESOURCE_MEM \
	}

/* The kernel's own trees. */
extern struct resource ioport_resource;
extern struct resource iomem_resource;

static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}

static inline unsigned long resource_type(const struct resource *res)
{
	return res->flags & IORESOURCE_TYPE_BITS;
}

static inline unsigned long resource_ext_type(const struct resource *res)
{
	return res->flags & IORESOURCE_EXT_TYPE_BITS;
}

/* True if r2 lies inside r1; both must have the same type and be set. */
static inline bool resource_contains(const struct resource *r1, const struct resource *r2)
{
	if (resource_type(r1) != resource_type(r2))
		return false;
	if ((r1->flags & IORESOURCE_UNSET) || (r2->flags & IORESOURCE_UNSET))
		return false;
	return r1->start <= r2->start && r1->end >= r2->end;
}

/* Ranges only: the type is not looked at. */
static inline bool resource_overlaps(const struct resource *r1, const struct resource *r2)
{
	return r1->start <= r2->end && r1->end >= r2->start;
}

/* On overlap, sets r's range to the common part; otherwise r is untouched. */
static inline bool resource_intersection(const struct resource *r1, const struct resource *r2,
					 struct resource *r)
{
	if (!resource_overlaps(r1, r2))
		return false;
	r->start = r1->start > r2->start ? r1->start : r2->start;
	r->end = r1->end < r2->end ? r1->end : r2->end;
	return true;
}

/* On overlap, sets r's range to cover both; otherwise r is untouched. */
static inline bool resource_union(const struct resource *r1, const struct resource *r2,
				  struct resource *r)
{
	if (!resource_overlaps(r1, r2))
		return false;
	r->start = r1->start < r2->start ? r1->start : r2->start;
	r->end = r1->end > r2->end ? r1->end : r2->end;
	return true;
}

/* Zeroed resource from kzalloc, or NULL. */
struct resource *alloc_resource(void);
/* kfree; NULL is fine. The caller unlinks it first. */
void free_resource(struct resource *res);

/* Pre-order successor of p below subtree_root (NULL when done). */
struct resource *next_resource(const struct resource *p, bool skip_children,
			       const struct resource *subtree_root);
#define for_each_resource(_root, _p, _skip_children) \
	for ((_p) = (_root)->child; (_p); (_p) = next_resource((_p), (_skip_children), (_root)))

/* ---- insert and remove ---- */

/* Inserts new as a direct child of root, never descending. Returns NULL, or
 * root when new is empty or outside root, or the first overlapping child. */
struct resource *request_resource_conflict(struct resource *root, struct resource *new);
/* 0, or -EBUSY on any conflict. */
int request_resource(struct resource *root, struct resource *new);
/* Unlinks old with its whole subtree (children stay attached to old).
 * -EINVAL if old is not in a tree. Deviation: old->sibling is cleared. */
int release_resource(struct resource *old);
/* Unlinks old and puts its children in its place (reverse of insert).
 * -EINVAL if old is not in a tree. Deviation: old->child and ->sibling are
 * cleared (Linux leaves them pointing into the tree). */
int remove_resource(struct resource *old);
/* Like request, but descends into a conflict that fully contains new, and
 * adopts siblings new fully contains (an identical range becomes new's
 * child). Returns NULL, or the partially overlapping resource, or parent if
 * new does not fit. Deviation: a new that is already in a tree (parent set)
 * is refused with a warning and returned (Linux catches only the case where
 * the search meets new itself). */
struct resource *insert_resource_conflict(struct resource *parent, struct resource *new);
/* 0, or -EBUSY. */
int insert_resource(struct resource *parent, struct resource *new);
/* Inserts new, first growing it over every partial conflict (logs
 * "Expanded resource ..."). Does nothing if new is already in a tree.
 * Deviation: returns int (Linux: void): 0, or -EBUSY when new does not fit
 * into root (Linux gives up silently then). */
int insert_resource_expand_to_fit(struct resource *root, struct resource *new);
/* Moves res to [start, start+size-1] in place. -EBUSY unless the range
 * stays inside the parent, clear of both neighbours and covers all
 * children. Deviation: -EINVAL for size 0 or a range that wraps. */
int adjust_resource(struct resource *res, resource_size_t start, resource_size_t size);

typedef resource_size_t (*resource_alignf)(void *data, const struct resource *res,
					   resource_size_t size, resource_size_t align);
/* Finds the lowest gap among root's children that fits size bytes inside
 * [min, max] at an `align` boundary (power of two; 0 counts as 1), lets
 * alignf (optional) move the start, and inserts new there. If new is
 * already in a tree it is resized in place when the first fit contains it
 * (or, without children, lies inside it), else moved (-EBUSY with
 * children). 0 or -EBUSY. */
int allocate_resource(struct resource *root, struct resource *new, resource_size_t size,
		      resource_size_t min, resource_size_t max, resource_size_t align,
		      resource_alignf alignf, void *alignf_data);
/* The direct child of root starting exactly at start, or NULL. */
struct resource *lookup_resource(struct resource *root, resource_size_t start);
/* Fills every part of [start, end] not covered by a direct child of root
 * with BUSY resources named name (clipped to root, with a message). On
 * allocation failure the pieces inserted so far stay (as in Linux). */
void reserve_region_with_split(struct resource *root, resource_size_t start, resource_size_t end,
			       const char *name);

/* ---- regions: drivers claiming ranges ---- */

/* Allocates and inserts a BUSY resource [start, start+n-1] with the type,
 * ext type and desc of the resource it lands in plus flags; descends into
 * non-busy conflicts. NULL on a busy (or MUXED, see above) conflict, a
 * range outside parent, n == 0 or allocation failure. */
struct resource *__request_region(struct resource *parent, resource_size_t start, resource_size_t n,
				  const char *name, unsigned long flags);
/* Frees the BUSY resource that exactly matches, descending through
 * non-busy containers; otherwise logs "Trying to free nonexistent
 * resource". Deviation: a match that has children is not freed (warning). */
void __release_region(struct resource *parent, resource_size_t start, resource_size_t n);

static inline struct resource *request_region(resource_size_t start, resource_size_t n,
					      const char *name)
{
	return __request_region(&ioport_resource, start, n, name, 0);
}

static inline struct resource *request_muxed_region(resource_size_t start, resource_size_t n,
						    const char *name)
{
	return __request_region(&ioport_resource, start, n, name, IORESOURCE_MUXED);
}

static inline struct resource *request_mem_region(resource_size_t start, resource_size_t n,
						  const char *name)
{
	return __request_region(&iomem_resource, start, n, name, 0);
}

static inline struct resource *__request_mem_region(resource_size_t start, resource_size_t n,
						    const char *name, unsigned long excl)
{
	return __request_region(&iomem_resource, start, n, name, excl);
}

static inline struct resource *request_mem_region_exclusive(resource_size_t start,
							    resource_size_t n, const char *name)
{
	return __request_region(&iomem_resource, start, n, name, IORESOURCE_EXCLUSIVE);
}

static inline void release_region(resource_size_t start, resource_size_t n)
{
	__release_region(&ioport_resource, start, n);
}

static inline void release_mem_region(resource_size_t start, resource_size_t n)
{
	__release_region(&iomem_resource, start, n);
}

/* ---- walkers over an iomem tree ----
 *
 * Each walker takes the root of the tree it reads (`_in`); the Linux-named
 * form reads the kernel's own tree, iomem_resource. */

/* Each walker calls func with a copy of every matching resource below root
 * that overlaps [start, end], clipped to it; the copy carries flags, desc and
 * parent, not the name. A match hides its descendants. A non-zero return of
 * func stops the walk and is returned; -EINVAL if nothing matched (also
 * when start >= end). Matching: (flags & want) == want and, unless desc is
 * IORES_DESC_NONE, the same desc. */
int walk_iomem_res_desc_in(const struct resource *root, unsigned long desc, unsigned long flags,
			   resource_size_t start, resource_size_t end, void *arg,
			   int (*func)(struct resource *, void *));
/* IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, any desc. */
int walk_system_ram_res_in(const struct resource *root, resource_size_t start, resource_size_t end,
			   void *arg, int (*func)(struct resource *, void *));
/* Same set, highest range first. The copies keep their flags (Linux before
 * the Oct 2024 fix passed flags == 0). -ENOMEM if the list cannot be
 * allocated; -EINVAL if nothing matched (Linux returns -1 for both). */
int walk_system_ram_res_rev_in(const struct resource *root, resource_size_t start,
			       resource_size_t end, void *arg,
			       int (*func)(struct resource *, void *));
/* IORESOURCE_MEM | IORESOURCE_BUSY, any desc. */
int walk_mem_res_in(const struct resource *root, resource_size_t start, resource_size_t end,
		    void *arg, int (*func)(struct resource *, void *));
/* System RAM in page frames: each hit rounded inward to whole pages; an
 * empty hit is skipped, except that (as in Linux) an empty FIRST hit ends
 * the walk with -EINVAL. */
int walk_system_ram_range_in(const struct resource *root, unsigned long start_pfn,
			     unsigned long nr_pages, void *arg,
			     int (*func)(unsigned long pfn, unsigned long nr_pages, void *arg));
/* 1 if the whole page is busy System RAM, else 0. */
int page_is_ram_in(const struct resource *root, unsigned long pfn);

/* How [start, start+size-1] relates to the resources of flags/desc below
 * root: REGION_DISJOINT (none), REGION_INTERSECTS (only those, holes are
 * neutral) or REGION_MIXED. A non-matching top-level resource counts as
 * "other" only where matching descendants do not cover it (v6.12). */
int region_intersects_in(const struct resource *root, resource_size_t start, size_t size,
			 unsigned long flags, unsigned long desc);

static inline int walk_iomem_res_desc(unsigned long desc, unsigned long flags,
				      resource_size_t start, resource_size_t end, void *arg,
				      int (*func)(struct resource *, void *))
{
	return walk_iomem_res_desc_in(&iomem_resource, desc, flags, start, end, arg, func);
}

static inline int walk_system_ram_res(resource_size_t start, resource_size_t end, void *arg,
				      int (*func)(struct resource *, void *))
{
	return walk_system_ram_res_in(&iomem_resource, start, end, arg, func);
}

static inline int walk_system_ram_res_rev(resource_size_t start, resource_size_t end, void *arg,
					  int (*func)(struct resource *, void *))
{
	return walk_system_ram_res_rev_in(&iomem_resource, start, end, arg, func);
}

static inline int walk_mem_res(resource_size_t start, resource_size_t end, void *arg,
			       int (*func)(struct resource *, void *))
{
	return walk_mem_res_in(&iomem_resource, start, end, arg, func);
}

static inline int walk_system_ram_range(unsigned long start_pfn, unsigned long nr_pages, void *arg,
					int (*func)(unsigned long pfn, unsigned long nr_pages,
						    void *arg))
{
	return walk_system_ram_range_in(&iomem_resource, start_pfn, nr_pages, arg, func);
}

static inline int page_is_ram(unsigned long pfn)
{
	return page_is_ram_in(&iomem_resource, pfn);
}

static inline int region_intersects(resource_size_t start, size_t size, unsigned long flags,
				    unsigned long desc)
{
	return region_intersects_in(&iomem_resource, start, size, flags, desc);
}

/* ---- memory hotplug helpers ---- */

/* Removes [start, start+size-1] from the busy resource below root that contains
 * it (descending through non-busy containers): frees an exact match,
 * shrinks at the front or back, or splits in two (the upper piece copies
 * name, flags and desc; children stay with the lower piece). Returns 0 also
 * when no resource contains the range (Linux does nothing then). Deviations
 * (Linux returns void): -ENOMEM if the split cannot allocate, with nothing
 * changed; -EBUSY, with a warning and nothing changed, where Linux WARNs
 * (children outside the remaining part, or an exact match with children,
 * which Linux frees along with dangling children); -EINVAL for size 0 or a
 * range outside root. */
int release_mem_region_adjustable_in(struct resource *root, resource_size_t start,
				     resource_size_t size);
static inline int release_mem_region_adjustable(resource_size_t start, resource_size_t size)
{
	return release_mem_region_adjustable_in(&iomem_resource, start, size);
}
/* Marks res (busy System RAM) IORESOURCE_SYSRAM_MERGEABLE and merges it with
 * its next, then its previous sibling when both have identical flags, the
 * same name pointer, the same desc, touch, and have no children. res may be
 * freed: the caller must not use it afterwards. */
void merge_system_ram_resource(struct resource *res);

/* ---- views ---- */

/* Writes /proc/iomem (or /proc/ioports for a root ending below 0x10000) as
 * r_show prints it for a privileged reader: "%*s%0*llx-%0*llx : %s\n" per
 * node, pre-order, root not printed. Returns the full length, like
 * snprintf; buf is always terminated when size > 0. */
int iomem_render(const struct resource *root, char *buf, size_t size);
/* Debug view with every field: "%*s%llx-%llx %#lx %lu %s\n" (indent 2 per
 * depth, uncapped; start, end, flags, desc, name). Returns the length like
 * snprintf. */
int resource_render_debug(const struct resource *root, char *buf, size_t size);
/* Checks the invariants below root (parent pointers, non-empty ranges,
 * children inside their parent, siblings sorted and disjoint). Returns NULL,
 * or the first resource that breaks one. */
const struct resource *resource_check_tree(const struct resource *root);

#endif
