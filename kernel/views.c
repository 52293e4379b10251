/* Dumps of the pseudo-files the outside world checks. */
#include "kernel/views.h"

#include "drivers/firmware/memmap.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/printf.h"
#include "mm/memory_hotplug.h"

static void print_line(const char *line, void *arg)
{
	(void)arg;
	console_puts(line);
}

static void dump_tree(const struct resource *root, const char *path)
{
	printk("# dump-begin %s\n", path);
	iomem_render_lines(root, print_line, NULL);
	printk("# dump-end %s\n", path);
}

void dump_proc_iomem(void)
{
	dump_tree(&iomem_resource, "/proc/iomem");
}

void dump_proc_ioports(void)
{
	dump_tree(&ioport_resource, "/proc/ioports");
}

void print_snapshot(const char *why)
{
	printk("# snapshot-begin %s\n", why);
	dump_proc_iomem();
	firmware_map_dump();
	printk("# snapshot-end %s\n", why);
}

void snapshot_hotplug_trace(const char *what, uint64_t start, uint64_t size, int result)
{
	char why[112];

	if (result == MHP_TRACE_BEFORE)
		snprintf(why, sizeof(why), "before %s [mem %#llx-%#llx]", what,
			 (unsigned long long)start, (unsigned long long)(start + size - 1));
	else
		snprintf(why, sizeof(why), "after %s [mem %#llx-%#llx] = %d", what,
			 (unsigned long long)start, (unsigned long long)(start + size - 1), result);
	print_snapshot(why);
}
