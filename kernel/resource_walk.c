/* Walks over an iomem tree (see kernel/resource.h): find_next_iomem_res()
 * and the walkers built on it, region_intersects() and page_is_ram(). Each
 * takes the root; the Linux-named wrappers pass &iomem_resource. */
#include "kernel/kalloc.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/kernel.h"

static bool is_type_match(const struct resource *p, unsigned long flags, unsigned long desc)
{
	return (p->flags & flags) == flags && (desc == IORES_DESC_NONE || desc == p->desc);
}

/* Where a walk resumes. Linux restarts every find at the root's first child,
 * so a walk over n resources costs O(n^2); resuming at the pre-order
 * successor of the last match (its descendants skipped) finds the same
 * resources in O(n) for the whole walk. A restart from the root would only
 * revisit the match's non-matching ancestors and ranges that end before the
 * new start, none of which can match. The walkers' callbacks get copies and
 * must not change the tree (none does; Linux's do not either). */
struct walk_pos {
	const struct resource *next;
	bool started;
};

/* The first match in pre-order that overlaps [start, end], as a clipped copy. */
static int find_next_iomem_res(const struct resource *root, resource_size_t start,
			       resource_size_t end, unsigned long flags, unsigned long desc,
			       struct resource *res, struct walk_pos *pos)
{
	const struct resource *p = pos->started ? pos->next : root->child;

	if (start >= end)
		return -EINVAL;
	while (p) {
		if (p->start > end)
			return -ENODEV; /* everything later starts later still */
		if (p->end < start) {
			p = next_resource(p, true, root); /* nor do its children */
			continue;
		}
		if (is_type_match(p, flags, desc)) {
			*res = (struct resource){
			    .start = p->start > start ? p->start : start,
			    .end = p->end < end ? p->end : end,
			    .flags = p->flags,
			    .desc = p->desc,
			    .parent = p->parent,
			};
			pos->next = next_resource(p, true, root);
			pos->started = true;
			return 0;
		}
		p = next_resource(p, false, root);
	}
	return -ENODEV;
}

static int __walk_iomem_res_desc(const struct resource *root, resource_size_t start,
				 resource_size_t end, unsigned long flags, unsigned long desc,
				 void *arg, int (*func)(struct resource *, void *))
{
	struct walk_pos pos = {0};
	struct resource res;
	int ret = -EINVAL;

	while (start < end && !find_next_iomem_res(root, start, end, flags, desc, &res, &pos)) {
		ret = func(&res, arg);
		if (ret)
			break;
		/* Resuming after the copy skips the match's descendants. */
		if (res.end >= end)
			break; /* also keeps res.end + 1 from wrapping */
		start = res.end + 1;
	}
	return ret;
}

int walk_iomem_res_desc_in(const struct resource *root, unsigned long desc, unsigned long flags,
			   resource_size_t start, resource_size_t end, void *arg,
			   int (*func)(struct resource *, void *))
{
	return __walk_iomem_res_desc(root, start, end, flags, desc, arg, func);
}

int walk_system_ram_res_in(const struct resource *root, resource_size_t start, resource_size_t end,
			   void *arg, int (*func)(struct resource *, void *))
{
	return __walk_iomem_res_desc(root, start, end, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
				     IORES_DESC_NONE, arg, func);
}

struct ram_list {
	struct resource *items;
	size_t n, cap;
};

static int collect_ram(struct resource *res, void *arg)
{
	struct ram_list *l = arg;

	if (l->items && l->n < l->cap)
		l->items[l->n] = *res; /* the whole copy: flags included */
	l->n++;
	return 0;
}

int walk_system_ram_res_rev_in(const struct resource *root, resource_size_t start,
			       resource_size_t end, void *arg,
			       int (*func)(struct resource *, void *))
{
	struct ram_list l = {0};
	int ret = -EINVAL;

	/* Count, then fill: no realloc needed, and the tree cannot change in between. */
	walk_system_ram_res_in(root, start, end, &l, collect_ram);
	if (!l.n)
		return -EINVAL;
	l.cap = l.n;
	l.n = 0;
	l.items = kzalloc(l.cap * sizeof(*l.items));
	if (!l.items)
		return -ENOMEM;
	walk_system_ram_res_in(root, start, end, &l, collect_ram);
	while (l.n) {
		ret = func(&l.items[--l.n], arg);
		if (ret)
			break;
	}
	kfree(l.items);
	return ret;
}

int walk_mem_res_in(const struct resource *root, resource_size_t start, resource_size_t end,
		    void *arg, int (*func)(struct resource *, void *))
{
	return __walk_iomem_res_desc(root, start, end, IORESOURCE_MEM | IORESOURCE_BUSY,
				     IORES_DESC_NONE, arg, func);
}

int walk_system_ram_range_in(const struct resource *root, unsigned long start_pfn,
			     unsigned long nr_pages, void *arg,
			     int (*func)(unsigned long pfn, unsigned long nr_pages, void *arg))
{
	resource_size_t start = (resource_size_t)start_pfn << PAGE_SHIFT;
	resource_size_t end = ((resource_size_t)(start_pfn + nr_pages) << PAGE_SHIFT) - 1;
	const unsigned long flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;
	struct walk_pos pos = {0};
	struct resource res;
	int ret = -EINVAL;

	while (start < end &&
	       !find_next_iomem_res(root, start, end, flags, IORES_DESC_NONE, &res, &pos)) {
		unsigned long pfn = (res.start + PAGE_SIZE - 1) >> PAGE_SHIFT;
		unsigned long end_pfn = (res.end + 1) >> PAGE_SHIFT;

		if (end_pfn > pfn)
			ret = func(pfn, end_pfn - pfn, arg);
		/* As in Linux: a sub-page first hit leaves ret at -EINVAL and ends the walk. */
		if (ret)
			break;
		if (res.end >= end)
			break;
		start = res.end + 1;
	}
	return ret;
}

static int is_ram_cb(unsigned long pfn, unsigned long nr_pages, void *arg)
{
	return 1;
}

int page_is_ram_in(const struct resource *root, unsigned long pfn)
{
	return walk_system_ram_range_in(root, pfn, 1, NULL, is_ram_cb) == 1;
}

static int __region_intersects(const struct resource *parent, resource_size_t start, size_t size,
			       unsigned long flags, unsigned long desc)
{
	struct resource range = {.start = start, .end = start + size - 1};
	struct resource *p, *dp;
	int type = 0, other = 0;

	for (p = parent->child; p; p = p->sibling) {
		struct resource o;
		bool covered = false;

		if (!resource_intersection(p, &range, &o))
			continue;
		if (is_type_match(p, flags, desc)) {
			type++;
			continue;
		}
		/* Matching descendants (kmem RAM in a CXL window) count as the
		 * type; p counts as other only if they leave part of o uncovered,
		 * scanning from o's start. */
		for_each_resource(p, dp, false)
		{
			if (!resource_overlaps(dp, &o) || !is_type_match(dp, flags, desc))
				continue;
			type++;
			if (dp->start > o.start)
				break; /* a gap before this match */
			if (dp->end >= o.end) {
				covered = true;
				break;
			}
			o.start = dp->end + 1;
		}
		if (!covered)
			other++;
	}
	if (!type)
		return REGION_DISJOINT;
	return other ? REGION_MIXED : REGION_INTERSECTS;
}

int region_intersects_in(const struct resource *root, resource_size_t start, size_t size,
			 unsigned long flags, unsigned long desc)
{
	return __region_intersects(root, start, size, flags, desc);
}
