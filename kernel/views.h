/* The pseudo-file views a host can check (design.md §4): dumps of
 * /proc/iomem, /proc/ioports and /sys/firmware/memmap in the
 * "# dump-begin <path>" ... "# dump-end <path>" format. */
#ifndef KERNEL_VIEWS_H
#define KERNEL_VIEWS_H

void dump_proc_iomem(void);
void dump_proc_ioports(void);
/* A snapshot: /proc/iomem, then every /sys/firmware/memmap/N/{start,end,type}
 * in index order, between "# snapshot-begin <why>" / "# snapshot-end" lines. */
void print_snapshot(const char *why);

#endif
