/* The resource tree's memory hotplug helpers (see kernel/resource.h):
 * taking a range out of busy System RAM on remove, merging pieces of it on
 * add. */
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"

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
			       res->name, start, end);
			return -EBUSY;
		}
		*link = res->sibling;
		free_resource(res);
		return 0;
	}
	if (res->start == start) {
		err = adjust_resource(res, end + 1, res->end - end);
	} else if (res->end == end) {
		err = adjust_resource(res, res->start, start - res->start);
	} else {
		/* Split. Allocate before touching anything, so that a failure
		 * changes nothing (Linux retries with __GFP_NOFAIL instead). */
		upper = alloc_resource();
		if (!upper)
			return -ENOMEM;
		err = adjust_resource(res, res->start, start - res->start);
	}
	if (err) {
		free_resource(upper);
		printk("resource: WARNING: cannot release [%#llx-%#llx] from %s: children in the "
		       "way\n",
		       start, end, res->name);
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

int release_mem_region_adjustable_in(struct resource *parent, resource_size_t start,
				     resource_size_t size)
{
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
