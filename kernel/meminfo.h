/* /proc/meminfo of the running kernel (docs/shell.md): the numbers
 * pfs_kernel_meminfo gives. Kernel only. */
#ifndef KERNEL_MEMINFO_H
#define KERNEL_MEMINFO_H

#include "kernel/pseudofs.h"

/* MemTotal: boot RAM that memblock did not reserve, plus the pages the page
 * allocator manages (online hot-added blocks, without the pages that hold
 * their own memmap). MemFree: the same boot RAM (nothing allocates from it
 * after boot: the kernel heap and page tables are memblock reservations),
 * plus the page allocator's free pages. Always 0. */
int kernel_meminfo(struct pfs_meminfo *mi);

#endif
