/* The pieces the kexec and kdump views share: type names, the /proc/iomem
 * names both kexec-tools parsers map alike, and the text of a range list. */
#include "kernel/kexec.h"

#include "drivers/firmware/memmap.h"
#include "kernel/crash_core.h"
#include "kernel/kalloc.h"
#include "kernel/resource.h"
#include "lib/seq_buf.h"
#include "lib/string.h"
#include "mm/e820.h"

struct kexec_switches init_kexec_switches;

const struct kexec_view_src init_kexec_view_src = {
    .iomem = &iomem_resource,
    .fwmap = &init_firmware_map,
    .sw = &init_kexec_switches,
    .e820_kexec = &e820_table_kexec_storage,
    .crashk = &crashk_res,
    .crashk_low = &crashk_low_res,
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

void memory_ranges_show(struct seq_buf *m, const struct memory_range *range, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		seq_buf_printf(m, "%016llx-%016llx %s\n", range[i].start, range[i].end,
			       memory_range_type_name(range[i].type));
}

int memory_ranges_render(const struct memory_range *range, size_t nr, char *buf, size_t size)
{
	struct seq_buf m;

	seq_buf_init(&m, buf, size);
	memory_ranges_show(&m, range, nr);
	return (int)seq_buf_wanted(&m);
}

/* At least one element, so that an empty view still gets a valid array. */
static struct memory_range *alloc_ranges(size_t n)
{
	return kzalloc((n ? n : 1) * sizeof(struct memory_range));
}

int memory_ranges_show_filled(const struct kexec_view_src *src, struct seq_buf *m, size_t capacity,
			      int (*get)(const struct kexec_view_src *src,
					 struct memory_range *range, size_t *ranges))
{
	struct memory_range *range = alloc_ranges(capacity);
	size_t n = capacity;
	int ret;

	if (!range)
		return -ENOMEM;
	ret = get(src, range, &n);
	if (!ret)
		memory_ranges_show(m, range, n);
	kfree(range);
	return ret;
}

int memory_ranges_show_counted(const struct kexec_view_src *src, struct seq_buf *m,
			       int (*count)(const struct kexec_view_src *src,
					    struct memory_ranges *mr))
{
	struct memory_ranges mr = {0};
	int n = count(src, &mr);

	mr.ranges = alloc_ranges((size_t)n);
	if (!mr.ranges)
		return -ENOMEM;
	mr.max_size = (unsigned int)n;
	count(src, &mr);
	memory_ranges_show(m, mr.ranges, mr.size);
	kfree(mr.ranges);
	return 0;
}
