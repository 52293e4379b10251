/* e820 -> iomem resources and firmware memmap entries (after Linux's
 * e820__reserve_resources() and e820__reserve_resources_late()). */
#ifndef MM_E820_RESOURCES_H
#define MM_E820_RESOURCES_H

#include "mm/e820.h"

/* One resource per entry of the working table `work`: entries below 1 MiB and
 * RAM/ACPI/NVS/unusable ones are inserted now, BUSY; reserved, soft-reserved,
 * PMEM and PRAM wait for the late pass (so device drivers can claim them
 * first). Then every entry of the firmware view `fw` becomes an early
 * firmware memmap entry. Returns 0 or -ENOMEM (nothing inserted then). */
int e820__reserve_resources(const struct e820_table *work, const struct e820_table *fw);

/* Inserts the entries still waiting with insert_resource_expand_to_fit(),
 * not busy, then reserves the "RAM buffer" slack after every RAM entry up to
 * a 64 KiB / 1 MiB / 64 MiB boundary (printing Linux's debug line). */
void e820__reserve_resources_late(const struct e820_table *work);

/* Test support: removes and frees what the two calls inserted. */
void e820__release_resources(void);

#endif
