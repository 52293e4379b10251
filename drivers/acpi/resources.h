/* iomem resources described by the static ACPI tables, as Linux x86 inserts
 * them: "IOAPIC N" (MADT, 1 KiB each, busy), "Local APIC" (one page, busy),
 * "HPET N" (HPET table, 1 KiB, not busy so its PNP device can nest below). */
#ifndef DRIVERS_ACPI_RESOURCES_H
#define DRIVERS_ACPI_RESOURCES_H

#include "drivers/acpi/tables.h"

/* Inserts the resources for `t` into iomem_resource. Returns how many were
 * inserted; ones that conflict are reported with printk and skipped. */
int acpi_insert_resources(const struct acpi_tables *t);
/* Removes them again (tests). */
void acpi_release_resources(void);

#endif
