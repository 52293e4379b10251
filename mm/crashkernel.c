/* crashkernel= placement, after x86 Linux 6.1's reserve_crashkernel()
 * (mm/crashkernel.h). */
#include "mm/crashkernel.h"

#include "kernel/crash_core.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "mm/memblock.h"

#define MiB_SHIFT 20
#define NAME	  "crashkernel"

/* Linux clamps an allocation to memblock's current limit only when the
 * caller asks for "anywhere accessible"; these calls name their end, and
 * the kernel never touches the memory, so the limit does not apply. */
static uint64_t alloc_range(struct memblock *mb, uint64_t size, uint64_t align, uint64_t start,
			    uint64_t end)
{
	uint64_t limit = mb->current_limit, got;

	mb->current_limit = UINT64_MAX;
	got = memblock_phys_alloc_range(mb, size, align, start, end, NAME);
	mb->current_limit = limit;
	return got;
}

static int reserve_low(struct memblock *mb, const struct crashkernel_spec *spec,
		       struct resource *crashk_low)
{
	uint64_t total = memblock_phys_mem_size(mb);
	uint64_t limit = total < CRASH_ADDR_LOW_MAX ? total : CRASH_ADDR_LOW_MAX;
	uint64_t size = spec->low_given ? spec->low_size : CRASH_LOW_DEFAULT;
	uint64_t base;

	/* crashkernel=0,low: no low part wanted. */
	if (!size)
		return 0;
	base = alloc_range(mb, size, CRASH_ALIGN, CRASH_ALIGN, CRASH_ADDR_LOW_MAX);
	if (!base) {
		printk(KERN_ERR "Cannot reserve %lluMB crashkernel low memory, please try "
				"smaller size.\n",
		       (unsigned long long)(size >> MiB_SHIFT));
		return -ENOMEM;
	}
	printk("Reserving %lluMB of low memory at %lluMB for crashkernel (low RAM limit: "
	       "%lluMB)\n",
	       (unsigned long long)(size >> MiB_SHIFT), (unsigned long long)(base >> MiB_SHIFT),
	       (unsigned long long)(limit >> MiB_SHIFT));
	crashk_low->start = base;
	crashk_low->end = base + size - 1;
	return 0;
}

int reserve_crashkernel_in(struct memblock *mb, const struct crashkernel_spec *spec,
			   struct resource *crashk, struct resource *crashk_low)
{
	uint64_t size = spec->size, base = spec->base;
	uint64_t total = memblock_phys_mem_size(mb);

	if (!size)
		return 0;
	if (base + size < base)
		return -EINVAL;
	if (!base) {
		/* Below 4 GiB first, unless ",high" asked for high memory. */
		if (!spec->high)
			base = alloc_range(mb, size, CRASH_ALIGN, CRASH_ALIGN, CRASH_ADDR_LOW_MAX);
		if (!base)
			base = alloc_range(mb, size, CRASH_ALIGN, CRASH_ALIGN, CRASH_ADDR_HIGH_MAX);
		if (!base) {
			printk("crashkernel reservation failed - No suitable area found.\n");
			return -ENOMEM;
		}
	} else {
		uint64_t got = alloc_range(mb, size, 1ull << MiB_SHIFT, base, base + size);

		if (got != base) {
			if (got)
				memblock_free(mb, got, size);
			printk("crashkernel reservation failed - memory is in use.\n");
			return -EBUSY;
		}
	}
	if (base >= CRASH_ADDR_LOW_MAX && reserve_low(mb, spec, crashk_low)) {
		memblock_free(mb, base, size);
		return -ENOMEM;
	}
	printk("Reserving %lluMB of memory at %lluMB for crashkernel (System RAM: %lluMB)\n",
	       (unsigned long long)(size >> MiB_SHIFT), (unsigned long long)(base >> MiB_SHIFT),
	       (unsigned long long)(total >> MiB_SHIFT));
	crashk->start = base;
	crashk->end = base + size - 1;
	return 0;
}

static int insert_one(struct resource *root, struct resource *r)
{
	int err;

	if (!r->end)
		return 0;
	err = insert_resource(root, r);
	if (err)
		printk(KERN_ERR "crashkernel: cannot insert %s [mem %#010llx-%#010llx] into iomem: "
				"it conflicts\n",
		       r->name, (unsigned long long)r->start, (unsigned long long)r->end);
	return err;
}

int crashkernel_insert_resources(struct resource *root, struct resource *crashk,
				 struct resource *crashk_low)
{
	int err = insert_one(root, crashk);

	return err ? err : insert_one(root, crashk_low);
}
