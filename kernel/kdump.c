/* kdump's views: which memory a crash dump contains.
 *
 * Unlike kexec placement, a dump wants driver-managed RAM: it held data of
 * the crashed kernel. The kernel's own view (kexec_file) has found it at any
 * depth since v5.13; kexec-tools' view matches any /proc/iomem name that
 * contains "System RAM" since 2.0.22 (docs/linux-model.md: kexec and kdump,
 * Known Linux bugs). */
#include "kernel/kexec.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/string.h"

static void ranges_append(struct memory_ranges *mr, resource_size_t start, resource_size_t end,
			  unsigned type)
{
	if (mr->size < mr->max_size)
		mr->ranges[mr->size] =
		    (struct memory_range){.start = start, .end = end, .type = type};
	/* Counted even when full, so the caller learns the size it needs. */
	mr->size++;
}

static int collect_ram(struct resource *res, void *arg)
{
	ranges_append(arg, res->start, res->end, RANGE_RAM);
	return 0;
}

/* The type of a /proc/iomem line for a crash dump, or -1 to skip it. */
static int iomem_crash_type(const char *name)
{
	if (!name)
		return -1;
	/* Any depth, any suffix: "System RAM (kmem)", "System RAM (virtio_mem)". */
	if (strstr(name, "System RAM"))
		return RANGE_RAM;
	if (!strcmp(name, "reserved") || !strcmp(name, "Reserved"))
		return RANGE_RESERVED;
	return iomem_common_range_type(name);
}

static bool is_name(const struct resource *p, const char *name)
{
	return p->name && !strcmp(p->name, name);
}

/* Removes [start, end] from every range it touches: trims, drops a covered
 * range, or splits one that contains it strictly. -E2BIG if a split does
 * not fit into capacity (then the ranges before it are already cut). */
static int exclude_region(struct memory_range *range, size_t *n, size_t capacity,
			  unsigned long long start, unsigned long long end)
{
	size_t i = 0;

	while (i < *n) {
		struct memory_range *r = &range[i];

		if (r->end < start || r->start > end) {
			i++;
		} else if (r->start >= start && r->end <= end) {
			/* Covered: the next range moves into slot i. */
			memmove(r, r + 1, (*n - i - 1) * sizeof(*r));
			(*n)--;
		} else if (r->start < start && r->end > end) {
			if (*n >= capacity)
				return -E2BIG;
			memmove(r + 2, r + 1, (*n - i - 1) * sizeof(*r));
			r[1] =
			    (struct memory_range){.start = end + 1, .end = r->end, .type = r->type};
			r->end = start - 1;
			(*n)++;
			i += 2; /* neither piece touches the cut any more */
		} else {
			if (r->start < start)
				r->end = start - 1;
			else
				r->start = end + 1;
			i++;
		}
	}
	return 0;
}

/* Room for the cuts of the kernel's view: like Linux's
 * fill_up_crash_elf_data(), two more ranges than the walk found. */
#define KDUMP_CUT_ROOM 2

static int cut_kernel_view(const struct kexec_view_src *src, struct memory_range *range, size_t *n,
			   size_t capacity)
{
	const struct resource *cuts[2] = {src->crashk, src->crashk_low};
	/* x86: the first MiB is always reserved, never dumped from here. */
	int ret = exclude_region(range, n, capacity, 0, (1ull << 20) - 1);

	for (int i = 0; i < 2 && !ret; i++)
		if (cuts[i] && cuts[i]->end)
			ret = exclude_region(range, n, capacity, cuts[i]->start, cuts[i]->end);
	return ret;
}

int kdump_system_ram_ranges_in(const struct kexec_view_src *src, struct memory_ranges *mr)
{
	const unsigned long want = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;
	unsigned int found;
	size_t n;

	mr->size = 0;
	if (src->sw->kdump_walk_first_level_only) {
		/* 5.3-5.12: only the root's children were looked at. */
		for (const struct resource *p = src->iomem->child; p; p = p->sibling)
			if ((p->flags & want) == want)
				ranges_append(mr, p->start, p->end, RANGE_RAM);
	} else {
		walk_system_ram_res_in(src->iomem, 0, UINT64_MAX, mr, collect_ram);
	}
	found = mr->size;
	if (found > mr->max_size || mr->max_size - found < KDUMP_CUT_ROOM) {
		/* Not all there, or no room to split: the caller needs more. */
		if (mr->size > mr->max_size)
			mr->size = mr->max_size;
		return (int)(found + KDUMP_CUT_ROOM);
	}
	n = found;
	/* Cannot fail: at most one split per cut, with room for two. */
	cut_kernel_view(src, mr->ranges, &n, mr->max_size);
	mr->size = (unsigned int)n;
	return (int)n;
}

static int too_many_crash_ranges(int ret)
{
	printk("Error: Number of crash memory ranges excedeed the max limit\n");
	return ret;
}

int get_crash_memory_ranges_in(const struct kexec_view_src *src, struct memory_range *range,
			       size_t *ranges)
{
	size_t capacity = *ranges, n = 0;
	const struct resource *gart = NULL;
	struct resource *p;
	int ret;

	for_each_resource(src->iomem, p, false)
	{
		int type;

		if (n >= capacity)
			break;
		/* kexec-tools remembers only the last GART line. */
		if (is_name(p, "GART")) {
			gart = p;
			continue;
		}
		type = iomem_crash_type(p->name);
		if (type < 0)
			continue;
		range[n++] =
		    (struct memory_range){.start = p->start, .end = p->end, .type = (unsigned)type};
	}
	/* The capture kernel runs in the crashkernel reservation: not dumped. */
	for_each_resource(src->iomem, p, false)
	{
		if (!is_name(p, "Crash kernel"))
			continue;
		ret = exclude_region(range, &n, capacity, p->start, p->end);
		if (ret)
			return too_many_crash_ranges(ret);
	}
	/* Reading the GART aperture can hang the machine. */
	if (gart) {
		ret = exclude_region(range, &n, capacity, gart->start, gart->end);
		if (ret)
			return too_many_crash_ranges(ret);
	}
	*ranges = n;
	return 0;
}

int kdump_ranges_show(const struct kexec_view_src *src, struct seq_buf *m)
{
	return memory_ranges_show_counted(src, m, kdump_system_ram_ranges_in);
}

int kdump_iomem_ranges_show(const struct kexec_view_src *src, struct seq_buf *m)
{
	size_t lines = 0, cuts = 1, capacity;
	struct resource *p;

	/* Room for every line read plus one more piece per cut and line:
	 * enough for any split, and far below CRASH_MAX_MEMORY_RANGES (whose
	 * array would not fit the kernel heap) on small machines. */
	for_each_resource(src->iomem, p, false)
	{
		lines += iomem_crash_type(p->name) >= 0;
		cuts += is_name(p, "Crash kernel");
	}
	capacity = lines * (1 + cuts) + 1;
	if (capacity > CRASH_MAX_MEMORY_RANGES)
		capacity = CRASH_MAX_MEMORY_RANGES;
	return memory_ranges_show_filled(src, m, capacity, get_crash_memory_ranges_in);
}
