/* kexec_load's view: the memory map kexec-tools (user space) builds for the
 * next kernel on x86, from /sys/firmware/memmap or, without it, from
 * /proc/iomem.
 *
 * Why driver-managed RAM never shows up here: the hotplug core creates a
 * firmware memmap entry only for a resource named exactly "System RAM", and
 * the /proc/iomem fallback matches that exact name too (docs/views.md,
 * docs/linux-model.md: kexec and kdump). Plain hot-added "System RAM" (ACPI
 * DIMMs) is in the memmap and so becomes RAM in the next kernel's e820. */
#include "drivers/firmware/memmap.h"
#include "kernel/kexec.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/kernel.h"
#include "lib/sort.h"
#include "lib/string.h"

static const struct {
	const char *type;
	unsigned range;
} memmap_types[] = {
    {"System RAM", RANGE_RAM},
    {"ACPI Tables", RANGE_ACPI},
    {"Unusable memory", RANGE_RESERVED},
    {"reserved", RANGE_RESERVED},
    {"Reserved", RANGE_RESERVED},
    {"Unknown E820 type", RANGE_RESERVED},
    {"ACPI Non-volatile Storage", RANGE_ACPI_NVS},
    {"Uncached RAM", RANGE_UNCACHED},
    {"Persistent Memory (legacy)", RANGE_PRAM},
    {"Persistent Memory", RANGE_PMEM},
};

static unsigned memmap_type_to_range(const struct firmware_map_entry *entry)
{
	for (size_t i = 0; i < ARRAY_SIZE(memmap_types); i++)
		if (!strcmp(entry->type, memmap_types[i].type))
			return memmap_types[i].range;
	/* kexec-tools names the file it read the type from. */
	printk("Unknown type (%s) while parsing /sys/firmware/memmap/%d/type. Please report this "
	       "as bug. Using RANGE_RESERVED now.\n",
	       entry->type, entry->index);
	return RANGE_RESERVED;
}

bool have_sys_firmware_memmap_in(const struct kexec_view_src *src)
{
	return firmware_map_count_in(src->fwmap) > 0;
}

struct memmap_reader {
	struct memory_range *range;
	size_t capacity, n;
};

static int read_memmap_entry(const struct firmware_map_entry *entry, void *ctx)
{
	struct memmap_reader *rd = ctx;

	if (rd->n >= rd->capacity) {
		printk("The firmware provides more entries allowed (%zu). Please report that as "
		       "bug.\n",
		       rd->capacity);
		return -E2BIG;
	}
	rd->range[rd->n].start = entry->start;
	rd->range[rd->n].end = entry->end;
	rd->range[rd->n].type = memmap_type_to_range(entry);
	rd->n++;
	return 0;
}

static int compare_ranges(const void *a, const void *b)
{
	const struct memory_range *x = a, *y = b;

	/* Compared, not subtracted: the difference of two u64 does not fit int. */
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return 0;
}

int get_firmware_memmap_ranges_in(const struct kexec_view_src *src, struct memory_range *range,
				  size_t *ranges)
{
	struct memmap_reader rd;
	int ret;

	if (!range || !ranges)
		return -EINVAL;
	rd = (struct memmap_reader){.range = range, .capacity = *ranges};
	/* Directory order is index order, not address order: hence the sort. */
	ret = firmware_map_for_each_published_in(src->fwmap, read_memmap_entry, &rd);
	if (ret)
		return ret;
	sort(range, rd.n, sizeof(*range), compare_ranges, NULL);
	*ranges = rd.n;
	return 0;
}

/* strncasecmp(name, "reserved\n", 9) on a /proc/iomem line. */
static bool is_reserved_any_case(const char *name)
{
	static const char want[] = "reserved";

	for (size_t i = 0; i < sizeof(want); i++) {
		char c = name[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != want[i])
			return false;
	}
	return true;
}

/* The type of a /proc/iomem line for the memory map, or -1 to skip it. */
static int iomem_memmap_type(const char *name)
{
	if (!name)
		return -1;
	if (!strcmp(name, "System RAM"))
		return RANGE_RAM;
	if (is_reserved_any_case(name))
		return RANGE_RESERVED;
	return iomem_common_range_type(name);
}

int get_memory_ranges_proc_iomem_in(const struct kexec_view_src *src, struct memory_range *range,
				    size_t *ranges)
{
	size_t capacity = *ranges, n = 0;
	struct resource *p;

	/* Pre-order is /proc/iomem's line order; the depth is not looked at. */
	for_each_resource(src->iomem, p, false)
	{
		int type;

		if (n >= capacity)
			break;
		type = iomem_memmap_type(p->name);
		if (type < 0)
			continue;
		range[n++] =
		    (struct memory_range){.start = p->start, .end = p->end, .type = (unsigned)type};
	}
	*ranges = n;
	return 0;
}

static void remove_range(struct memory_range *range, size_t *n, size_t index)
{
	memmove(&range[index], &range[index + 1], (*n - index - 1) * sizeof(*range));
	(*n)--;
}

int fixup_memory_ranges(struct memory_range *range, size_t *ranges)
{
	size_t n = *ranges;
	bool changed;

	do {
		changed = false;
		for (size_t i = 0; i + 1 < n; i++) {
			struct memory_range *a = &range[i], *b = &range[i + 1];

			if (a->start > b->start) {
				printk("memory out of order!!\n");
				return -EINVAL;
			}
			if (a->type != b->type)
				continue;
			if (a->start == b->start) {
				/* Keep the longer one. */
				remove_range(range, &n, a->end >= b->end ? i + 1 : i);
				changed = true;
			} else if (a->end > b->start) {
				if (a->end < b->end)
					b->start = a->end; /* kexec-tools' choice, see kexec.h */
				else
					remove_range(range, &n, i + 1);
				changed = true;
			}
		}
	} while (changed);
	*ranges = n;
	return 0;
}

int get_memory_ranges_in(const struct kexec_view_src *src, struct memory_range *range,
			 size_t *ranges)
{
	size_t capacity = *ranges;
	int ret;

	if (have_sys_firmware_memmap_in(src)) {
		ret = get_firmware_memmap_ranges_in(src, range, ranges);
		if (ret) {
			printk("Parsing the /sys/firmware memory map failed. Falling back to "
			       "/proc/iomem.\n");
			*ranges = capacity;
			ret = get_memory_ranges_proc_iomem_in(src, range, ranges);
		}
		/* As in kexec-tools, the fallback's result is fixed up too. */
		if (!ret)
			ret = fixup_memory_ranges(range, ranges);
	} else {
		ret = get_memory_ranges_proc_iomem_in(src, range, ranges);
	}
	if (ret)
		return ret;

	/* Keep the next kernel off the real-mode interrupt table. */
	for (size_t i = 0; i < *ranges; i++) {
		if (range[i].type == RANGE_RAM && range[i].start < KEXEC_RAM_LOW_LIMIT) {
			range[i].start = KEXEC_RAM_LOW_LIMIT;
			break;
		}
	}
	return 0;
}

int kexec_load_memmap_show(const struct kexec_view_src *src, struct seq_buf *m)
{
	return memory_ranges_show_filled(src, m, MAX_MEMORY_RANGES, get_memory_ranges_in);
}
