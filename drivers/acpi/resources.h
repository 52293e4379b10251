/* iomem resources described by the static ACPI tables, as Linux x86 inserts
 * them: "IOAPIC N" (MADT, 1 KiB each, busy), "Local APIC" (one page, busy),
 * "HPET N" (HPET table, 1 KiB, not busy so its PNP device can nest below). */
#ifndef DRIVERS_ACPI_RESOURCES_H
#define DRIVERS_ACPI_RESOURCES_H

#include "drivers/acpi/tables.h"

#include "kernel/resource.h"

/* The resources one pass owns (the kernel keeps one; tests use their own). */
struct acpi_res_state {
	struct resource ioapic[ACPI_MAX_IOAPICS];
	char ioapic_names[ACPI_MAX_IOAPICS][16];
	struct resource hpet[ACPI_MAX_HPETS];
	char hpet_names[ACPI_MAX_HPETS][16];
	struct resource lapic;
};

/* Inserts the resources for `t` below root (the kernel: iomem_resource). Returns how many were
 * inserted; ones that conflict are reported with printk and skipped. */
int acpi_insert_resources(struct acpi_res_state *st, struct resource *root,
			  const struct acpi_tables *t);
/* Removes them again. */
void acpi_release_resources(struct acpi_res_state *st);

#endif
