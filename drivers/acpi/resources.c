/* ACPI-described iomem resources (MADT IO APICs and local APIC, HPET). */
#include "drivers/acpi/resources.h"

#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/printf.h"
#include "lib/string.h"

#define IOAPIC_SLOT_SIZE 1024
#define HPET_MMIO_SIZE	 1024
#define LAPIC_MMIO_SIZE	 4096

static int insert_one(struct resource *root, struct resource *r, const char *name, uint64_t start,
		      uint64_t size, unsigned long flags)
{
	struct resource *conflict;

	memset(r, 0, sizeof(*r));
	r->name = name;
	r->start = start;
	r->end = start + size - 1;
	r->flags = flags;
	conflict = insert_resource_conflict(root, r);
	if (conflict) {
		printk("acpi: cannot insert %s [mem %#010llx-%#010llx]: conflicts with %s\n", name,
		       r->start, r->end, conflict->name ? conflict->name : "?");
		return 0;
	}
	return 1;
}

int acpi_insert_resources(struct acpi_res_state *st, struct resource *root,
			  const struct acpi_tables *t)
{
	int n = 0;

	if (t->madt.present) {
		for (size_t i = 0; i < t->madt.nioapics && i < ACPI_MAX_IOAPICS; i++) {
			/* Linux names IO APICs by their index, not their APIC id. */
			snprintf(st->ioapic_names[i], sizeof(st->ioapic_names[i]), "IOAPIC %zu", i);
			n += insert_one(root, &st->ioapic[i], st->ioapic_names[i],
					t->madt.ioapics[i].addr, IOAPIC_SLOT_SIZE,
					IORESOURCE_MEM | IORESOURCE_BUSY);
		}
	}
	for (size_t i = 0; i < t->nhpets && i < ACPI_MAX_HPETS; i++) {
		snprintf(st->hpet_names[i], sizeof(st->hpet_names[i]), "HPET %u",
			 t->hpets[i].number);
		n += insert_one(root, &st->hpet[i], st->hpet_names[i], t->hpets[i].base,
				HPET_MMIO_SIZE, IORESOURCE_MEM);
	}
	if (t->madt.present && t->madt.lapic_addr)
		n += insert_one(root, &st->lapic, "Local APIC", t->madt.lapic_addr, LAPIC_MMIO_SIZE,
				IORESOURCE_MEM | IORESOURCE_BUSY);
	return n;
}

static void release_if_linked(struct resource *r)
{
	if (r->parent)
		remove_resource(r);
}

void acpi_release_resources(struct acpi_res_state *st)
{
	for (size_t i = 0; i < ACPI_MAX_IOAPICS; i++)
		release_if_linked(&st->ioapic[i]);
	for (size_t i = 0; i < ACPI_MAX_HPETS; i++)
		release_if_linked(&st->hpet[i]);
	release_if_linked(&st->lapic);
}
