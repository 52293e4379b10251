/* /proc/meminfo's numbers (kernel/meminfo.h). */
#include "kernel/meminfo.h"

#include "lib/kernel.h"
#include "mm/memblock.h"
#include "mm/page_alloc.h"

/* Bytes of [base, base + size) that no reserved region covers. Reserved
 * regions are sorted and do not overlap (mm/memblock.h). */
static uint64_t unreserved(const struct memblock *mb, uint64_t base, uint64_t size)
{
	uint64_t end = base + size, left = size;

	for (size_t i = 0; i < mb->reserved.cnt; i++) {
		const struct memblock_region *r = &mb->reserved.regions[i];
		uint64_t s = r->base > base ? r->base : base;
		uint64_t e = r->base + r->size < end ? r->base + r->size : end;

		if (s < e)
			left -= e - s;
	}
	return left;
}

int kernel_meminfo(struct pfs_meminfo *mi)
{
	uint64_t boot = 0;

	for (size_t i = 0; i < memblock.memory.cnt; i++)
		boot += unreserved(&memblock, memblock.memory.regions[i].base,
				   memblock.memory.regions[i].size);
	mi->total = boot + (page_allocator.nr_free + page_allocator.nr_used) * PAGE_SIZE;
	mi->free = boot + page_allocator.nr_free * PAGE_SIZE;
	return 0;
}
