/* The pieces the kexec and kdump views share: type names, the /proc/iomem
 * names both kexec-tools parsers map alike, the text format of a range
 * list, and dumping it. */
#include "kernel/kexec.h"

#include "drivers/firmware/memmap.h"
#include "kernel/kalloc.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/printf.h"
#include "lib/string.h"

/* "%016llx-%016llx " + the longest name + "\n" + NUL, with room to spare. */
#define LINE_MAX_LEN 64

struct kexec_switches init_kexec_switches;

const struct kexec_view_src init_kexec_view_src = {
    .iomem = &iomem_resource,
    .fwmap = &init_firmware_map,
    .sw = &init_kexec_switches,
};

const char *memory_range_type_name(unsigned type)
{
	switch (type) {
	case RANGE_RAM:
		return "RAM";
	case RANGE_RESERVED:
		return "RESERVED";
	case RANGE_ACPI:
		return "ACPI";
	case RANGE_ACPI_NVS:
		return "ACPI_NVS";
	case RANGE_UNCACHED:
		return "UNCACHED";
	case RANGE_PMEM:
		return "PMEM";
	case RANGE_PRAM:
		return "PRAM";
	default:
		return "UNKNOWN";
	}
}

int iomem_common_range_type(const char *name)
{
	if (!name)
		return -1;
	if (!strcmp(name, "ACPI Tables"))
		return RANGE_ACPI;
	if (!strcmp(name, "ACPI Non-volatile Storage"))
		return RANGE_ACPI_NVS;
	if (!strcmp(name, "Persistent Memory (legacy)"))
		return RANGE_PRAM;
	if (!strcmp(name, "Persistent Memory"))
		return RANGE_PMEM;
	return -1;
}

static int render_line(const struct memory_range *r, char *buf, size_t size)
{
	return snprintf(buf, size, "%016llx-%016llx %s\n", r->start, r->end,
			memory_range_type_name(r->type));
}

int memory_ranges_render(const struct memory_range *range, size_t nr, char *buf, size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < nr; i++) {
		/* Past the end only the length is counted, as snprintf does. */
		char *at = len < size ? buf + len : NULL;

		len += (size_t)render_line(&range[i], at, at ? size - len : 0);
	}
	return (int)len;
}

void memory_ranges_dump(const char *path, const struct memory_range *range, size_t nr)
{
	char line[LINE_MAX_LEN];

	printk("# dump-begin %s\n", path);
	for (size_t i = 0; i < nr; i++) {
		render_line(&range[i], line, sizeof(line));
		console_puts(line);
	}
	printk("# dump-end %s\n", path);
}

/* At least one element, so that an empty view still gets a valid array. */
static struct memory_range *alloc_ranges(const char *path, size_t n)
{
	struct memory_range *range = kzalloc((n ? n : 1) * sizeof(*range));

	if (!range)
		printk("kexec: cannot dump %s: out of memory\n", path);
	return range;
}

void memory_ranges_dump_filled(const struct kexec_view_src *src, const char *path, size_t capacity,
			       int (*get)(const struct kexec_view_src *src,
					  struct memory_range *range, size_t *ranges))
{
	struct memory_range *range = alloc_ranges(path, capacity);
	size_t n = capacity;
	int ret;

	if (!range)
		return;
	ret = get(src, range, &n);
	if (ret)
		printk("kexec: cannot dump %s: error %d\n", path, ret);
	else
		memory_ranges_dump(path, range, n);
	kfree(range);
}

void memory_ranges_dump_counted(const struct kexec_view_src *src, const char *path,
				int (*count)(const struct kexec_view_src *src,
					     struct memory_ranges *mr))
{
	struct memory_ranges mr = {0};
	int n = count(src, &mr);

	mr.ranges = alloc_ranges(path, (size_t)n);
	if (!mr.ranges)
		return;
	mr.max_size = (unsigned int)n;
	count(src, &mr);
	memory_ranges_dump(path, mr.ranges, mr.size);
	kfree(mr.ranges);
}

void kexec_views_dump_in(const struct kexec_view_src *src)
{
	kexec_file_ram_dump_in(src);
	kexec_load_memmap_dump_in(src);
	kdump_ranges_dump_in(src);
	kdump_iomem_ranges_dump_in(src);
}
