/* Allocation fault injection shared by the kernel and host kalloc backends. */
#include "kernel/kalloc.h"

static unsigned int fail_countdown;
static unsigned int alloc_count;

void kalloc_fail_nth(unsigned int n)
{
	fail_countdown = n;
	alloc_count = 0;
}

unsigned int kalloc_count(void)
{
	return alloc_count;
}

int kalloc_should_fail(void)
{
	alloc_count++;
	if (fail_countdown && --fail_countdown == 0)
		return 1;
	return 0;
}
