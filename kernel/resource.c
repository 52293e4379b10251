/* The resource tree (see kernel/resource.h): Linux's kernel/resource.c
 * semantics, our own implementation. Single-threaded, so no lock.
 *
 * This file owns the tree itself: the roots, insert and remove, adjust and
 * allocate, and regions. Walks are in resource_walk.c, the hotplug helpers
 * in resource_hotplug.c, /proc/iomem text and checks in resource_render.c. */
#include "kernel/resource.h"

#include "kernel/kalloc.h"
#include "kernel/printk.h"
#include "lib/errno.h"

struct resource ioport_resource = IOPORT_ROOT_INIT;
struct resource iomem_resource = IOMEM_ROOT_INIT;

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
			       new->start, new->end);
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
		       new->start, new->end);
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

int adjust_resource(struct resource *res, resource_size_t start, resource_size_t size)
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
		       start, end, root->name, root->start, root->end);
		if (start > root->end || end < root->start)
			return;
		if (end > root->end)
			end = root->end;
		if (start < root->start)
			start = root->start;
		printk("resource: fixing request to [%#llx-%#llx]\n", start, end);
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
		/* Linux: parent == &iomem_resource; here the top of any iomem tree. */
		if (!parent->parent && resource_type(parent) == IORESOURCE_MEM &&
		    conflict->desc == IORES_DESC_DEVICE_PRIVATE_MEMORY)
			printk("Unaddressable device %s [mem %#llx-%#llx] conflicts with "
			       "[mem %#llx-%#llx]\n",
			       conflict->name, conflict->start, conflict->end, res->start,
			       res->end);
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
				       res->name, start, end);
				return;
			}
			*link = res->sibling;
			free_resource(res);
			return;
		}
		link = &res->sibling;
	}
	printk("Trying to free nonexistent resource <%#018llx-%#018llx>\n", start, end);
}
