/* Snapshots and block states: several pseudo-files printed together. */
#include "kernel/views.h"

#include "kernel/printk.h"
#include "kernel/pseudofs.h"
#include "lib/kstrtox.h"
#include "lib/printf.h"
#include "lib/seq_buf.h"
#include "lib/string.h"
#include "mm/memory_hotplug.h"

#define MEMORY_DIR "/sys/devices/system/memory"

void print_snapshot_in(const struct pfs_ns *ns, const char *why)
{
	printk("# snapshot-begin %s\n", why);
	pfs_dump(ns, "/proc/iomem");
	pfs_dump(ns, "/sys/firmware/memmap");
	printk("# snapshot-end %s\n", why);
}

/* In the boot dump, a run of at least STATE_RUN_MIN blocks with consecutive
 * ids and the same state is printed as one dump of memory{FIRST..LAST}/state
 * (docs/ktap.md): at 64 TiB the 32768 single dumps were 4 MB of log, and
 * every byte on COM1 costs QEMU a system call (docs/performance.md). Below
 * that, on every machine with fewer blocks, and always in the event
 * snapshots (whose contract names every memoryN/state), each block is dumped
 * on its own. */
#define STATE_RUN_MIN 1024

struct state_run {
	const struct pfs_ns *ns;
	bool runs; /* print runs as one dump */
	bool open;
	unsigned long first, last;
	char state[32];
};

static void dump_block_state(const struct pfs_ns *ns, unsigned long id)
{
	char path[80];

	snprintf(path, sizeof(path), MEMORY_DIR "/memory%lu/state", id);
	pfs_dump(ns, path);
}

static void flush_run(struct state_run *r)
{
	if (!r->open)
		return;
	r->open = false;
	if (r->runs && r->last - r->first + 1 >= STATE_RUN_MIN) {
		printk("# dump-begin " MEMORY_DIR "/memory{%lu..%lu}/state\n", r->first, r->last);
		console_puts(r->state);
		printk("# dump-end " MEMORY_DIR "/memory{%lu..%lu}/state\n", r->first, r->last);
		return;
	}
	for (unsigned long id = r->first; id <= r->last; id++)
		dump_block_state(r->ns, id);
}

/* memoryN -> N; false for any other name. */
static bool block_id_of(const char *name, unsigned long *id)
{
	unsigned long long v;

	if (strncmp(name, "memory", 6) || !name[6] || (name[6] == '0' && name[7]) ||
	    kstrtoull(name + 6, 10, &v))
		return false;
	*id = (unsigned long)v;
	return true;
}

static int dump_state(void *arg, const char *name, bool is_dir)
{
	struct state_run *r = arg;
	char path[80], text[sizeof(r->state)];
	struct seq_buf m;
	unsigned long id;

	if (!is_dir)
		return 0;
	snprintf(path, sizeof(path), MEMORY_DIR "/%s/state", name);
	seq_buf_init(&m, text, sizeof(text));
	if (!block_id_of(name, &id) || pfs_read(r->ns, path, &m) || seq_buf_has_overflowed(&m)) {
		/* Not a plain block state: dumped (or its error printed) as is. */
		flush_run(r);
		pfs_dump(r->ns, path);
		return 0;
	}
	if (r->open && id == r->last + 1 && !strcmp(text, r->state)) {
		r->last = id;
		return 0;
	}
	flush_run(r);
	r->open = true;
	r->first = r->last = id;
	memcpy(r->state, text, sizeof(text));
	return 0;
}

void dump_memory_block_states_in(const struct pfs_ns *ns, bool runs)
{
	struct state_run r = {.ns = ns, .runs = runs};

	pfs_list(ns, MEMORY_DIR, dump_state, &r);
	flush_run(&r);
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
