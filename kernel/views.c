/* Snapshots and block states: several pseudo-files printed together. */
#include "kernel/views.h"

#include "kernel/printk.h"
#include "kernel/pseudofs.h"
#include "lib/printf.h"
#include "mm/memory_hotplug.h"

#define MEMORY_DIR "/sys/devices/system/memory"

void print_snapshot_in(const struct pfs_ns *ns, const char *why)
{
	printk("# snapshot-begin %s\n", why);
	pfs_dump(ns, "/proc/iomem");
	pfs_dump(ns, "/sys/firmware/memmap");
	printk("# snapshot-end %s\n", why);
}

static int dump_state(void *arg, const char *name, bool is_dir)
{
	char path[80];

	if (is_dir) {
		snprintf(path, sizeof(path), MEMORY_DIR "/%s/state", name);
		pfs_dump(arg, path);
	}
	return 0;
}

void dump_memory_block_states_in(const struct pfs_ns *ns)
{
	pfs_list(ns, MEMORY_DIR, dump_state, (void *)ns);
}

void dump_kexec_views_in(const struct pfs_ns *ns)
{
	/* A namespace without the views has no such directory. */
	if (ns->kexec)
		pfs_dump(ns, "/sys/kernel/hotmem");
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
