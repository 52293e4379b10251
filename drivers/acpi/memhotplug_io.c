/* Kernel glue for the QEMU ACPI memory hotplug driver: the register block
 * at I/O port 0xa00, the slot count from the DSDT, and the run-time
 * poller. */
#include "drivers/acpi/memhotplug.h"

#include "drivers/acpi/acpi.h"
#include "drivers/acpi/dsdt_scan.h"
#include "kernel/io.h"
#include "kernel/printk.h"
#include "lib/errno.h"

static uint8_t io_read8(void *ctx, unsigned int off)
{
	return inb((uint16_t)(ACPI_MEMHP_IO_BASE + off));
}

static uint32_t io_read32(void *ctx, unsigned int off)
{
	return inl((uint16_t)(ACPI_MEMHP_IO_BASE + off));
}

static void io_write8(void *ctx, unsigned int off, uint8_t val)
{
	outb((uint16_t)(ACPI_MEMHP_IO_BASE + off), val);
}

static void io_write32(void *ctx, unsigned int off, uint32_t val)
{
	outl((uint16_t)(ACPI_MEMHP_IO_BASE + off), val);
}

static const struct acpi_memhp_ops io_ops = {
    .read8 = io_read8,
    .read32 = io_read32,
    .write8 = io_write8,
    .write32 = io_write32,
};

struct acpi_memhp acpi_memhp_machine;

static int machine_poll(struct hotplug_poller *p, struct hotplug_event *ev)
{
	return acpi_memhp_poll(p->priv, ev);
}

struct hotplug_poller acpi_memhp_poller = {
    .name = "acpi-memhp",
    .poll = machine_poll,
    .priv = &acpi_memhp_machine,
};

int acpi_memhp_machine_init(struct mhp_state *mhp, struct hotplug_poller_list *pollers)
{
	int nr, err, added;

	nr = dsdt_read_mdnr(&acpi_tables, &acpi_kmem_ops);
	if (nr < 0 && nr != -ENOENT)
		printk("acpi_memhp: cannot read the DSDT (%s)\n", errno_name(nr));
	err = acpi_memhp_init(&acpi_memhp_machine, mhp, &io_ops, nr < 0 ? -1 : nr);
	if (err) {
		printk("acpi_memhp: no memory hotplug slots\n");
		return err;
	}
	printk("acpi_memhp: %u slots%s\n", acpi_memhp_machine.nr_slots,
	       acpi_memhp_machine.slots_probed ? " (MDNR not found, scanning all)" : "");
	added = acpi_memhp_boot_scan(&acpi_memhp_machine);
	if (added)
		printk("acpi_memhp: %d DIMM(s) present at boot\n", added);
	hotplug_poller_register(pollers, &acpi_memhp_poller);
	return 0;
}
