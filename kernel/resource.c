/* The resource tree (see kernel/resource.h): Linux's kernel/resource.c
 * semantics, our own implementation. Single-threaded, so no lock. */
#include "kernel/resource.h"

#include "kernel/kalloc.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

#define RES_PAGE_SHIFT 12
#define RES_PAGE_SIZE  ((resource_size_t)1 << RES_PAGE_SHIFT)

struct resource ioport_resource = {
    .name = "PCI IO",
    .start = 0,
    .end = IO_SPACE_LIMIT,
    .flags = IORESOURCE_IO,
};

struct resource iomem_resource = {
    .name = "PCI mem",
    .start = 0,
    .end = ~(resource_size_t)0,
    .flags = IORESOURCE_MEM,
};

struct resource *alloc_resource(void)
{
	return kzalloc(sizeof(struct resource));
}

void free_resource(struct resource *res)
{
	kfree(res);
}

struct resource *next_resource(const struct resource *p, bool skip_children,
			       const struct resource *subtree_root)
{
	if (!skip_children && p->child)
		return p->child;
	/* Climb until an ancestor has a next sibling, but never leave the subtree. */
	while (!p->sibling) {
		p = p->parent;
		if (!p || p == subtree_root)
			return NULL;
	}
	return p->sibling;
}

/* ---- insert and remove ---- */

/* One level only: link new among root's children, or name the obstacle. */
static struct resource *__request_resource(struct resource *root, struct resource *new)
{
	struct resource **link;

	if (new->end < new->start || new->start < root->start || new->end > root->end)
		return root;
	for (link = &root->child; *link; link = &(*link)->sibling) {
		struct resource *tmp = *link;

		if (tmp->start > new->end)
			break;
		if (tmp->end >= new->start)
			return tmp; /* siblings are sorted: this is the first overlap */
	}
	new->sibling = *link;
	new->parent = root;
	*link = new;
	return NULL;
}

struct resource *request_resource_conflict(struct resource *root, struct resource *new)
{
	return __request_resource(root, new);
}

int request_resource(struct resource *root, struct resource *new)
{
	return __request_resource(root, new) ? -EBUSY : 0;
}

/* Unlinks old; its children go with it or take its place. */
static int __release_resource(struct resource *old, bool release_child)
{
	struct resource **link;

	if (!old->parent)
		return -EINVAL;
	for (link = &old->parent->child; *link; link = &(*link)->sibling) {
		struct resource *c, *last = NULL;

		if (*link != old)
			continue;
		if (release_child || !old->child) {
			*link = old->sibling;
		} else {
			for (c = old->child; c; c = c->sibling) {
				c->parent = old->parent;
				last = c;
			}
			last->sibling = old->sibling;
			*link = old->child;
			old->child = NULL;
		}
		old->parent = NULL;
		old->sibling = NULL;
		return 0;
	}
	return -EINVAL;
}

int release_resource(struct resource *old)
{
	return __release_resource(old, true);
}

int remove_resource(struct resource *old)
{
	return __release_resource(old, false);
}

static struct resource *__insert_resource(struct resource *parent, struct resource *new)
{
	struct resource *first, *last, *c, **link;

	for (;;) {
		first = __request_resource(parent, new);
		if (!first || first == parent)
			return first;
		if (first == new) {
			printk("resource: WARNING: %s [%#llx-%#llx] inserted twice\n", new->name,
			       (unsigned long long)new->start, (unsigned long long)new->end);
			return first;
		}
		/* Only a strict container is descended into; an identical range
		 * becomes new's child below. */
		if (first->start > new->start || first->end < new->end)
			break;
		if (first->start == new->start && first->end == new->end)
			break;
		parent = first;
	}

	/* Every sibling new overlaps must lie inside it, or nothing changes. */
	for (last = first;; last = last->sibling) {
		if (last->start < new->start || last->end > new->end)
			return last;
		if (!last->sibling || last->sibling->start > new->end)
			break;
	}

	for (link = &parent->child; *link != first; link = &(*link)->sibling)
		;
	*link = new;
	new->parent = parent;
	new->sibling = last->sibling;
	new->child = first;
	last->sibling = NULL;
	for (c = first; c; c = c->sibling)
		c->parent = new;
	return NULL;
}

struct resource *insert_resource_conflict(struct resource *parent, struct resource *new)
{
	/* Linux only notices when the search meets new itself; a parent
	 * pointer catches every case before the tree is rearranged. */
	if (new->parent) {
		printk("resource: WARNING: %s [%#llx-%#llx] is already in a tree\n", new->name,
		       (unsigned long long)new->start, (unsigned long long)new->end);
		return new;
	}
	return __insert_resource(parent, new);
}

int insert_resource(struct resource *parent, struct resource *new)
{
	return insert_resource_conflict(parent, new) ? -EBUSY : 0;
}

int insert_resource_expand_to_fit(struct resource *root, struct resource *new)
{
	if (new->parent)
		return 0;
	for (;;) {
		struct resource *conflict = __insert_resource(root, new);

		if (!conflict)
			return 0;
		if (conflict == root)
			return -EBUSY;
		/* A partial overlap: each round strictly grows new, so this ends. */
		if (conflict->start < new->start)
			new->start = conflict->start;
		if (conflict->end > new->end)
			new->end = conflict->end;
		printk("Expanded resource %s due to conflict with %s\n", new->name, conflict->name);
	}
}

static int __adjust_resource(struct resource *res, resource_size_t start, resource_size_t size)
{
	struct resource *parent = res->parent, *tmp, *prev = NULL;
	resource_size_t end = start + size - 1;

	if (size == 0 || end < start)
		return -EINVAL;
	if (parent) {
		if (start < parent->start || end > parent->end)
			return -EBUSY;
		if (res->sibling && res->sibling->start <= end)
			return -EBUSY;
		for (tmp = parent->child; tmp && tmp != res; tmp = tmp->sibling)
			prev = tmp;
		if (!tmp)
			return -EINVAL;
		if (prev && prev->end >= start)
			return -EBUSY;
	}
	for (tmp = res->child; tmp; tmp = tmp->sibling)
		if (tmp->start < start || tmp->end > end)
			return -EBUSY;
	res->start = start;
	res->end = end;
	return 0;
}

int adjust_resource(struct resource *res, resource_size_t start, resource_size_t size)
{
	return __adjust_resource(res, start, size);
}

struct resource_constraint {
	resource_size_t min, max, align;
	resource_alignf alignf;
	void *alignf_data;
};

/* Tries one free range [lo, hi]: clip to [min, max], align, let alignf
 * move the start, and check the result still fits. */
static bool fit_in_gap(const struct resource *new, resource_size_t lo, resource_size_t hi,
		       resource_size_t size, const struct resource_constraint *c,
		       struct resource *out)
{
	struct resource avail = {0}, alloc = {0};

	if (lo < c->min)
		lo = c->min;
	if (hi > c->max)
		hi = c->max;
	avail.start = (lo + c->align - 1) & ~(c->align - 1);
	if (avail.start < lo)
		return false; /* aligning wrapped past ~0 */
	avail.end = hi;
	avail.flags = new->flags & ~IORESOURCE_UNSET;
	alloc.flags = avail.flags;
	alloc.start = c->alignf ? c->alignf(c->alignf_data, &avail, size, c->align) : avail.start;
	alloc.end = alloc.start + size - 1;
	if (alloc.start > alloc.end || !resource_contains(&avail, &alloc))
		return false;
	out->start = alloc.start;
	out->end = alloc.end;
	return true;
}

/* First fit, ascending, over the gaps between root's children. old (being
 * reallocated) counts as free: the gap ending at old's end is tried, then
 * the one running on to the next sibling, as in Linux. */
static int find_resource_space(struct resource *root, struct resource *old, struct resource *new,
			       resource_size_t size, const struct resource_constraint *c)
{
	resource_size_t gap_start = root->start, gap_end = root->end;
	struct resource *this;

	for (this = root->child;; this = this->sibling) {
		bool try = true;

		if (!this) {
			gap_end = root->end;
		} else if (this == root->child && this->start == root->start) {
			try = false; /* nothing below it, and start - 1 would wrap */
		} else if (this == old) {
			gap_end = old->end;
		} else {
			try = this->start > gap_start;
			gap_end = this->start - 1;
		}
		if (try && fit_in_gap(new, gap_start, gap_end, size, c, new))
			return 0;
		if (!this || this->end >= root->end)
			return -EBUSY;
		if (this != old)
			gap_start = this->end + 1;
	}
}

static int reallocate_resource(struct resource *root, struct resource *old, resource_size_t newsize,
			       const struct resource_constraint *c)
{
	struct resource new = *old;
	int err;

	err = find_resource_space(root, old, &new, newsize, c);
	if (err)
		return err;
	if (resource_contains(&new, old)) {
		old->start = new.start; /* grows in place over free space */
		old->end = new.end;
		return 0;
	}
	if (old->child)
		return -EBUSY;
	if (resource_contains(old, &new)) {
		old->start = new.start;
		old->end = new.end;
		return 0;
	}
	__release_resource(old, true);
	old->start = new.start;
	old->end = new.end;
	return __request_resource(root, old) ? -EBUSY : 0;
}

int allocate_resource(struct resource *root, struct resource *new, resource_size_t size,
		      resource_size_t min, resource_size_t max, resource_size_t align,
		      resource_alignf alignf, void *alignf_data)
{
	struct resource_constraint c = {
	    .min = min,
	    .max = max,
	    .align = align ? align : 1,
	    .alignf = alignf,
	    .alignf_data = alignf_data,
	};
	int err;

	if (new->parent)
		return reallocate_resource(root, new, size, &c);
	err = find_resource_space(root, NULL, new, size, &c);
	if (err)
		return err;
	return __request_resource(root, new) ? -EBUSY : 0;
}

struct resource *lookup_resource(struct resource *root, resource_size_t start)
{
	struct resource *res;

	for (res = root->child; res; res = res->sibling)
		if (res->start == start)
			return res;
	return NULL;
}

static struct resource *new_reserved_piece(const struct resource *root, resource_size_t start,
					   resource_size_t end, const char *name)
{
	struct resource *res = alloc_resource();

	if (res) {
		res->name = name;
		res->start = start;
		res->end = end;
		res->flags = resource_type(root) | IORESOURCE_BUSY;
		res->desc = IORES_DESC_NONE;
	}
	return res;
}

static void __reserve_region_with_split(struct resource *root, resource_size_t start,
					resource_size_t end, const char *name)
{
	struct resource *res = new_reserved_piece(root, start, end, name), *next = NULL;

	while (res) {
		struct resource *conflict = __request_resource(root, res);
		resource_size_t piece_end;

		if (!conflict) {
			res = next; /* the part above the last conflict, if any */
			next = NULL;
			continue;
		}
		if (conflict == root ||
		    (conflict->start <= res->start && conflict->end >= res->end)) {
			free_resource(res); /* nothing of this piece is free */
			res = next;
			next = NULL;
			continue;
		}
		if (conflict->start > res->start) {
			/* Keep the part below the conflict, queue the part above. */
			piece_end = res->end;
			res->end = conflict->start - 1;
			if (conflict->end < piece_end) {
				next = new_reserved_piece(root, conflict->end + 1, piece_end, name);
				if (!next) {
					free_resource(res);
					return;
				}
			}
		} else {
			res->start = conflict->end + 1;
		}
	}
}

void reserve_region_with_split(struct resource *root, resource_size_t start, resource_size_t end,
			       const char *name)
{
	if (root->start > start || root->end < end) {
		printk("resource: requested range [%#llx-%#llx] not in root %s [%#llx-%#llx]\n",
		       (unsigned long long)start, (unsigned long long)end, root->name,
		       (unsigned long long)root->start, (unsigned long long)root->end);
		if (start > root->end || end < root->start)
			return;
		if (end > root->end)
			end = root->end;
		if (start < root->start)
			start = root->start;
		printk("resource: fixing request to [%#llx-%#llx]\n", (unsigned long long)start,
		       (unsigned long long)end);
	}
	__reserve_region_with_split(root, start, end, name);
}

/* ---- regions ---- */

struct resource *__request_region(struct resource *parent, resource_size_t start, resource_size_t n,
				  const char *name, unsigned long flags)
{
	struct resource *res, *conflict;

	if (n == 0)
		return NULL;
	res = alloc_resource();
	if (!res)
		return NULL;
	res->name = name;
	res->start = start;
	res->end = start + n - 1;
	for (;;) {
		/* Type, ext type and desc come from where it finally lands. */
		res->flags =
		    resource_type(parent) | resource_ext_type(parent) | IORESOURCE_BUSY | flags;
		res->desc = parent->desc;
		conflict = __request_resource(parent, res);
		if (!conflict)
			return res;
		if (parent == &iomem_resource && conflict->desc == IORES_DESC_DEVICE_PRIVATE_MEMORY)
			printk("Unaddressable device %s [mem %#llx-%#llx] conflicts with "
			       "[mem %#llx-%#llx]\n",
			       conflict->name, (unsigned long long)conflict->start,
			       (unsigned long long)conflict->end, (unsigned long long)res->start,
			       (unsigned long long)res->end);
		if (conflict != parent && !(conflict->flags & IORESOURCE_BUSY)) {
			parent = conflict; /* a container: nest inside it */
			continue;
		}
		/* Busy. Linux sleeps here when both sides are MUXED; without a
		 * scheduler nobody could release it meanwhile, so fail. */
		break;
	}
	free_resource(res);
	return NULL;
}

void __release_region(struct resource *parent, resource_size_t start, resource_size_t n)
{
	resource_size_t end = start + n - 1;
	struct resource **link = &parent->child;

	while (*link) {
		struct resource *res = *link;

		if (res->start <= start && res->end >= end) {
			if (!(res->flags & IORESOURCE_BUSY)) {
				link = &res->child;
				continue;
			}
			if (res->start != start || res->end != end)
				break;
			if (res->child) {
				/* Linux would free it and leave the children dangling. */
				printk("resource: WARNING: not freeing %s [%#llx-%#llx]: it has "
				       "children\n",
				       res->name, (unsigned long long)start,
				       (unsigned long long)end);
				return;
			}
			*link = res->sibling;
			free_resource(res);
			return;
		}
		link = &res->sibling;
	}
	printk("Trying to free nonexistent resource <%#018llx-%#018llx>\n",
	       (unsigned long long)start, (unsigned long long)end);
}

/* ---- walkers ---- */

static bool is_type_match(const struct resource *p, unsigned long flags, unsigned long desc)
{
	return (p->flags & flags) == flags && (desc == IORES_DESC_NONE || desc == p->desc);
}

/* The first match in pre-order that overlaps [start, end], as a clipped copy. */
static int find_next_iomem_res(resource_size_t start, resource_size_t end, unsigned long flags,
			       unsigned long desc, struct resource *res)
{
	struct resource *p = iomem_resource.child;

	if (start >= end)
		return -EINVAL;
	while (p) {
		if (p->start > end)
			return -ENODEV; /* everything later starts later still */
		if (p->end < start) {
			p = next_resource(p, true, &iomem_resource); /* nor do its children */
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
			return 0;
		}
		p = next_resource(p, false, &iomem_resource);
	}
	return -ENODEV;
}

static int __walk_iomem_res_desc(resource_size_t start, resource_size_t end, unsigned long flags,
				 unsigned long desc, void *arg,
				 int (*func)(struct resource *, void *))
{
	struct resource res;
	int ret = -EINVAL;

	while (start < end && !find_next_iomem_res(start, end, flags, desc, &res)) {
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

int walk_iomem_res_desc(unsigned long desc, unsigned long flags, resource_size_t start,
			resource_size_t end, void *arg, int (*func)(struct resource *, void *))
{
	return __walk_iomem_res_desc(start, end, flags, desc, arg, func);
}

int walk_system_ram_res(resource_size_t start, resource_size_t end, void *arg,
			int (*func)(struct resource *, void *))
{
	return __walk_iomem_res_desc(start, end, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
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

int walk_system_ram_res_rev(resource_size_t start, resource_size_t end, void *arg,
			    int (*func)(struct resource *, void *))
{
	struct ram_list l = {0};
	int ret = -EINVAL;

	/* Count, then fill: no realloc needed, and the tree cannot change in between. */
	walk_system_ram_res(start, end, &l, collect_ram);
	if (!l.n)
		return -EINVAL;
	l.cap = l.n;
	l.n = 0;
	l.items = kzalloc(l.cap * sizeof(*l.items));
	if (!l.items)
		return -ENOMEM;
	walk_system_ram_res(start, end, &l, collect_ram);
	while (l.n) {
		ret = func(&l.items[--l.n], arg);
		if (ret)
			break;
	}
	kfree(l.items);
	return ret;
}

int walk_mem_res(resource_size_t start, resource_size_t end, void *arg,
		 int (*func)(struct resource *, void *))
{
	return __walk_iomem_res_desc(start, end, IORESOURCE_MEM | IORESOURCE_BUSY, IORES_DESC_NONE,
				     arg, func);
}

int walk_system_ram_range(unsigned long start_pfn, unsigned long nr_pages, void *arg,
			  int (*func)(unsigned long pfn, unsigned long nr_pages, void *arg))
{
	resource_size_t start = (resource_size_t)start_pfn << RES_PAGE_SHIFT;
	resource_size_t end = ((resource_size_t)(start_pfn + nr_pages) << RES_PAGE_SHIFT) - 1;
	const unsigned long flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;
	struct resource res;
	int ret = -EINVAL;

	while (start < end && !find_next_iomem_res(start, end, flags, IORES_DESC_NONE, &res)) {
		unsigned long pfn = (res.start + RES_PAGE_SIZE - 1) >> RES_PAGE_SHIFT;
		unsigned long end_pfn = (res.end + 1) >> RES_PAGE_SHIFT;

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

int page_is_ram(unsigned long pfn)
{
	return walk_system_ram_range(pfn, 1, NULL, is_ram_cb) == 1;
}

static int __region_intersects(struct resource *parent, resource_size_t start, size_t size,
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

int region_intersects(resource_size_t start, size_t size, unsigned long flags, unsigned long desc)
{
	return __region_intersects(&iomem_resource, start, size, flags, desc);
}

/* ---- hotplug helpers ---- */

/* Takes [start, end] out of the busy resource res found at *link. */
static int shrink_busy_resource(struct resource *res, struct resource **link, resource_size_t start,
				resource_size_t end)
{
	resource_size_t old_end = res->end;
	struct resource *upper = NULL;
	int err;

	if (res->start == start && res->end == end) {
		if (res->child) {
			/* Linux frees it and leaves the children dangling. */
			printk("resource: WARNING: cannot release %s [%#llx-%#llx]: it has "
			       "children\n",
			       res->name, (unsigned long long)start, (unsigned long long)end);
			return -EBUSY;
		}
		*link = res->sibling;
		free_resource(res);
		return 0;
	}
	if (res->start == start) {
		err = __adjust_resource(res, end + 1, res->end - end);
	} else if (res->end == end) {
		err = __adjust_resource(res, res->start, start - res->start);
	} else {
		/* Split. Allocate before touching anything, so that a failure
		 * changes nothing (Linux retries with __GFP_NOFAIL instead). */
		upper = alloc_resource();
		if (!upper)
			return -ENOMEM;
		err = __adjust_resource(res, res->start, start - res->start);
	}
	if (err) {
		free_resource(upper);
		printk("resource: WARNING: cannot release [%#llx-%#llx] from %s: children in the "
		       "way\n",
		       (unsigned long long)start, (unsigned long long)end, res->name);
		return err;
	}
	if (upper) {
		upper->name = res->name;
		upper->start = end + 1;
		upper->end = old_end; /* children all stay with the lower piece */
		upper->flags = res->flags;
		upper->desc = res->desc;
		upper->parent = res->parent;
		upper->sibling = res->sibling;
		res->sibling = upper;
	}
	return 0;
}

int release_mem_region_adjustable(resource_size_t start, resource_size_t size)
{
	struct resource *parent = &iomem_resource;
	resource_size_t end = start + size - 1;
	struct resource **link, *res;

	if (size == 0 || end < start || start < parent->start || end > parent->end) {
		printk("resource: WARNING: release_mem_region_adjustable: bad range\n");
		return -EINVAL;
	}
	link = &parent->child;
	while ((res = *link)) {
		if (res->start > end)
			break;
		if (res->start > start || res->end < end) {
			link = &res->sibling;
			continue;
		}
		if (!(res->flags & IORESOURCE_MEM))
			break;
		if (!(res->flags & IORESOURCE_BUSY)) {
			link = &res->child; /* a container such as virtio0 or dax0.0 */
			continue;
		}
		return shrink_busy_resource(res, link, start, end);
	}
	return 0;
}

/* Pointer compare on name: only pieces of one add (one driver's name
 * string) merge, not different users that print the same text. */
static bool system_ram_resources_mergeable(const struct resource *r1, const struct resource *r2)
{
	return r1->flags == r2->flags && r1->end + 1 == r2->start && r1->name == r2->name &&
	       r1->desc == r2->desc && !r1->child && !r2->child;
}

void merge_system_ram_resource(struct resource *res)
{
	const unsigned long need = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;
	struct resource *cur;

	if ((res->flags & need) != need || !res->parent) {
		printk("resource: WARNING: merge_system_ram_resource: %s is not busy System RAM in "
		       "a tree\n",
		       res->name);
		return;
	}
	res->flags |= IORESOURCE_SYSRAM_MERGEABLE;

	cur = res->sibling;
	if (cur && system_ram_resources_mergeable(res, cur)) {
		res->end = cur->end;
		res->sibling = cur->sibling;
		free_resource(cur);
	}

	for (cur = res->parent->child; cur && cur->sibling != res; cur = cur->sibling)
		;
	if (cur && system_ram_resources_mergeable(cur, res)) {
		cur->end = res->end;
		cur->sibling = res->sibling;
		free_resource(res);
	}
}

/* ---- views ---- */

static int iomem_line(const struct resource *root, const struct resource *r, char *buf, size_t size)
{
	int width = root->end < 0x10000 ? 4 : 8;
	const struct resource *p;
	int depth;

	for (depth = 0, p = r; depth < MAX_IORES_LEVEL; depth++, p = p->parent)
		if (p->parent == root)
			break;
	return snprintf(buf, size, "%*s%0*llx-%0*llx : %s\n", depth * 2, "", width,
			(unsigned long long)r->start, width, (unsigned long long)r->end,
			r->name ? r->name : "<BAD>");
}

static int debug_line(const struct resource *root, const struct resource *r, char *buf, size_t size)
{
	const struct resource *p;
	int depth = 0;

	for (p = r->parent; p && p != root; p = p->parent)
		depth++;
	return snprintf(buf, size, "%*s%llx-%llx %#lx %lu %s\n", depth * 2, "",
			(unsigned long long)r->start, (unsigned long long)r->end, r->flags, r->desc,
			r->name ? r->name : "<BAD>");
}

static int render(const struct resource *root, char *buf, size_t size,
		  int (*line)(const struct resource *, const struct resource *, char *, size_t))
{
	const struct resource *p;
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for_each_resource(root, p, false)
	{
		size_t room = len < size ? size - len : 0;

		len += line(root, p, room ? buf + len : NULL, room);
	}
	return (int)len;
}

int iomem_render(const struct resource *root, char *buf, size_t size)
{
	return render(root, buf, size, iomem_line);
}

int resource_render_debug(const struct resource *root, char *buf, size_t size)
{
	return render(root, buf, size, debug_line);
}

void iomem_render_lines(const struct resource *root, void (*fn)(const char *line, void *arg),
			void *arg)
{
	const struct resource *p;
	char line[256];

	for_each_resource(root, p, false)
	{
		const char *name = p->name ? p->name : "<BAD>";
		int n = iomem_line(root, p, line, sizeof(line));

		if ((size_t)n < sizeof(line)) {
			fn(line, arg);
			continue;
		}
		/* A very long name: the prefix (always short), the name, the newline. */
		line[(size_t)n - strlen(name) - 1] = '\0';
		fn(line, arg);
		fn(name, arg);
		fn("\n", arg);
	}
}

static const struct resource *check_children(const struct resource *parent)
{
	const struct resource *c, *prev = NULL, *bad;

	for (c = parent->child; c; prev = c, c = c->sibling) {
		if (c->parent != parent || c->end < c->start || c->start < parent->start ||
		    c->end > parent->end || (prev && prev->end >= c->start))
			return c;
		bad = check_children(c);
		if (bad)
			return bad;
	}
	return NULL;
}

const struct resource *resource_check_tree(const struct resource *root)
{
	return check_children(root);
}

/* ---- test support ---- */

size_t resource_test_free_all(struct resource *root)
{
	size_t n = 0;

	/* Always free a leaf that is its parent's first child: no search. */
	while (root->child) {
		struct resource *p = root->child;

		while (p->child)
			p = p->child;
		p->parent->child = p->sibling;
		free_resource(p);
		n++;
	}
	return n;
}

void resource_test_save_roots(struct resource_roots_snapshot *snap)
{
	snap->iomem_child = iomem_resource.child;
	snap->ioport_child = ioport_resource.child;
	iomem_resource.child = NULL;
	ioport_resource.child = NULL;
}

int resource_test_restore_roots(const struct resource_roots_snapshot *snap)
{
	if (iomem_resource.child || ioport_resource.child)
		return -EBUSY;
	iomem_resource.child = snap->iomem_child;
	ioport_resource.child = snap->ioport_child;
	return 0;
}
