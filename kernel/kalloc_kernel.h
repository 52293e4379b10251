/* Kernel-only parts of the heap: feeding it memory and its statistics. */
#ifndef KERNEL_KALLOC_KERNEL_H
#define KERNEL_KALLOC_KERNEL_H

#include <stddef.h>

/* Gives the heap [base, base + size) (mapped, unused RAM). */
void kalloc_add_region(void *base, size_t size);
/* Called on kfree() of something kzalloc() did not return: panics. */
void kalloc_bad_free(void *p);

#endif
