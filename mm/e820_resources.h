/* e820 -> iomem resources and firmware memmap entries (after Linux's
 * e820__reserve_resources() and e820__reserve_resources_late()). */
#ifndef MM_E820_RESOURCES_H
#define MM_E820_RESOURCES_H

#include "drivers/firmware/memmap.h"
#include "kernel/resource.h"
#include "mm/e820.h"

/* The resources made from one working table (Linux keeps them in a static
 * array; here the caller owns the set, so tests can build a second tree
 * without touching the machine's). */
struct e820_res_set {
	struct resource *res;
	uint32_t nr;
};

/* One resource per entry of the working table `work`, in the tree below root
 * (the kernel: iomem_resource): entries below 1 MiB and
 * RAM/ACPI/NVS/unusable ones are inserted now, BUSY; reserved, soft-reserved,
 * PMEM and PRAM wait for the late pass (so device drivers can claim them
 * first). Then every entry of the firmware view `fw` becomes an early
 * firmware memmap entry in map. Returns 0 or -ENOMEM (nothing inserted then). */
int e820__reserve_resources(struct e820_res_set *set, struct resource *root,
			    struct firmware_map *map, const struct e820_table *work,
			    const struct e820_table *fw);

/* Inserts the entries still waiting with insert_resource_expand_to_fit(),
 * not busy, then reserves the "RAM buffer" slack after every RAM entry up to
 * a 64 KiB / 1 MiB / 64 MiB boundary (printing Linux's debug line). */
void e820__reserve_resources_late(struct e820_res_set *set, struct resource *root,
				  const struct e820_table *work);

/* Removes and frees what the two calls inserted for `set` (the "RAM buffer"
 * pieces stay: they are not part of the set). */
void e820__release_resources(struct e820_res_set *set);

#endif
