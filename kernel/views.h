/* What the kernel prints of its pseudo-files besides single dumps: snapshots
 * and the memory block states, all read through kernel/pseudofs.h in the
 * "# dump-begin <path>" ... "# dump-end <path>" format (docs/ktap.md). */
#ifndef KERNEL_VIEWS_H
#define KERNEL_VIEWS_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/pseudofs.h"

/* A snapshot: /proc/iomem, then every /sys/firmware/memmap/N/{start,end,type}
 * in index order, between "# snapshot-begin <why>" / "# snapshot-end" lines. */
void print_snapshot_in(const struct pfs_ns *ns, const char *why);
static inline void print_snapshot(const char *why)
{
	print_snapshot_in(&init_pfs_ns, why);
}

/* Every /sys/devices/system/memory/memoryN/state, in id order. With runs
 * (the boot dump), 1024 or more consecutive blocks in one state are one
 * dump of memory{FIRST..LAST}/state (docs/ktap.md); without (the event
 * snapshots of docs/events.md), every block is dumped on its own. */
void dump_memory_block_states_in(const struct pfs_ns *ns, bool runs);
static inline void dump_memory_block_states(bool runs)
{
	dump_memory_block_states_in(&init_pfs_ns, runs);
}

/* The consumer views, the dump of the directory /sys/kernel/hotmem (every
 * view in table order; the switches and the screen are left out:
 * docs/views.md); nothing when ns has no views. */
void dump_kexec_views_in(const struct pfs_ns *ns);

/* A hotplug trace hook (mm/memory_hotplug.h, mhp_set_trace_hook) that
 * prints a snapshot before and after an add or remove (docs/ktap.md). */
void snapshot_hotplug_trace(const char *what, uint64_t start, uint64_t size, int result);

#endif
