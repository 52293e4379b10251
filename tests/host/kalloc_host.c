/* Host backend of kernel/kalloc.h: calloc/free, so ASan sees every misuse. */
#include <stdlib.h>

#include "kernel/kalloc.h"

void *kzalloc(size_t size)
{
	if (kalloc_should_fail())
		return NULL;
	return calloc(1, size ? size : 1);
}

void kfree(void *p)
{
	free(p);
}
