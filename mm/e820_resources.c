/* e820 -> iomem and firmware memmap. */
#include "mm/e820_resources.h"

#include "drivers/firmware/memmap.h"
#include "kernel/kalloc.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"

/* Linux's do_mark_busy(): the legacy area below 1 MiB is always claimed;
 * ranges a driver may want to own later are left unclaimed for now. */
static bool do_mark_busy(enum e820_type type, const struct resource *res)
{
	if (res->start < (1ull << 20))
		return true;
	switch (type) {
	case E820_TYPE_RESERVED:
	case E820_TYPE_SOFT_RESERVED:
	case E820_TYPE_PRAM:
	case E820_TYPE_PMEM:
		return false;
	default:
		return true;
	}
}

int e820__reserve_resources(struct e820_res_set *set, struct resource *root,
			    struct firmware_map *map, const struct e820_table *work,
			    const struct e820_table *fw)
{
	struct resource *res;

	if (work->nr_entries) {
		res = kzalloc(sizeof(*res) * work->nr_entries);
		if (!res)
			return -ENOMEM;
		set->res = res;
		set->nr = work->nr_entries;
		for (uint32_t i = 0; i < work->nr_entries; i++, res++) {
			const struct e820_entry *e = &work->entries[i];

			/* An entry reaching past 2^64 has no resource end. */
			if (e->size == 0 || e->addr + e->size - 1 < e->addr)
				continue;
			res->start = e->addr;
			res->end = e->addr + e->size - 1;
			res->name = e820_type_to_string(e->type);
			res->flags = e820_type_to_iomem_type(e->type);
			res->desc = e820_type_to_iores_desc(e->type);
			if (do_mark_busy(e->type, res)) {
				res->flags |= IORESOURCE_BUSY;
				insert_resource(root, res);
			}
		}
	}
	for (uint32_t i = 0; i < fw->nr_entries; i++) {
		const struct e820_entry *e = &fw->entries[i];

		firmware_map_add_early_in(map, e->addr, e->addr + e->size,
					  e820_type_to_string(e->type));
	}
	return 0;
}

/* Linux's ram_alignment(): how far past a RAM entry the "RAM buffer" goes. */
static uint64_t ram_alignment(uint64_t pos)
{
	uint64_t mb = pos >> 20;

	if (!mb)
		return 64 * 1024;
	if (mb < 16)
		return 1024 * 1024;
	return 64 * 1024 * 1024;
}

void e820__reserve_resources_late(struct e820_res_set *set, struct resource *root,
				  const struct e820_table *work)
{
	for (uint32_t i = 0; i < set->nr; i++) {
		struct resource *res = &set->res[i];

		if (!res->parent && res->end)
			insert_resource_expand_to_fit(root, res);
	}
	for (uint32_t i = 0; i < work->nr_entries; i++) {
		const struct e820_entry *e = &work->entries[i];
		uint64_t start, end, align;

		if (e->type != E820_TYPE_RAM)
			continue;
		start = e->addr + e->size;
		align = ram_alignment(start);
		end = ((start + align - 1) & ~(align - 1)) - 1;
		if (start >= end)
			continue;
		printk("e820: reserve RAM buffer [mem %#010llx-%#010llx]\n",
		       (unsigned long long)start, (unsigned long long)end);
		reserve_region_with_split(root, start, end, "RAM buffer");
	}
}

void e820__release_resources(struct e820_res_set *set)
{
	for (uint32_t i = 0; i < set->nr; i++)
		if (set->res[i].parent)
			remove_resource(&set->res[i]);
	kfree(set->res);
	set->res = NULL;
	set->nr = 0;
}
