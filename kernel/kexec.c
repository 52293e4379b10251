/* The pieces the kexec and kdump views share: type names, the text format
 * of a range list, and dumping it. */
#include "kernel/kexec.h"

#include "kernel/printk.h"
#include "lib/printf.h"

/* "%016llx-%016llx " + the longest name + "\n" + NUL, with room to spare. */
#define LINE_MAX_LEN 64

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

void kexec_views_dump(void)
{
	kexec_file_ram_dump();
	kexec_load_memmap_dump();
	kdump_ranges_dump();
	kdump_iomem_ranges_dump();
}
