/* The pseudo-file views a host can check (design.md §4): dumps of
 * /proc/iomem, /proc/ioports and /sys/firmware/memmap in the
 * "# dump-begin <path>" ... "# dump-end <path>" format. */
#ifndef KERNEL_VIEWS_H
#define KERNEL_VIEWS_H

#include <stdint.h>

void dump_proc_iomem(void);
void dump_proc_ioports(void);
/* A snapshot: /proc/iomem, then every /sys/firmware/memmap/N/{start,end,type}
 * in index order, between "# snapshot-begin <why>" / "# snapshot-end" lines. */
void print_snapshot(const char *why);

/* A hotplug trace hook (mm/memory_hotplug.h, mhp_set_trace_hook) that
 * prints a snapshot before and after an add or remove (design.md §4). */
void snapshot_hotplug_trace(const char *what, uint64_t start, uint64_t size, int result);

#endif
