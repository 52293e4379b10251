/* Kernel memory allocation for core bookkeeping (resources, memmap entries,
 * memory blocks). In the kernel it is a small heap on memory from the early
 * physical allocator; in host tests it is calloc/free (so ASan checks it).
 *
 * Fault injection: kalloc_fail_nth(n) makes the n-th following allocation
 * (1 = the next one) return NULL, once; kalloc_fail_nth(0) disarms. Tests use
 * it to prove that every failed add or remove rolls back completely. */
#ifndef KERNEL_KALLOC_H
#define KERNEL_KALLOC_H

#include <stddef.h>

/* Zeroed memory, 16-byte aligned, or NULL. */
void *kzalloc(size_t size);
void kfree(void *p);

void kalloc_fail_nth(unsigned int n);
/* Allocations made since the last kalloc_fail_nth() call (also counts the
 * failed one): lets a test find how many allocations a call makes. */
unsigned int kalloc_count(void);
/* Called by each backend at the start of an allocation: true = fail it. */
int kalloc_should_fail(void);

#endif
