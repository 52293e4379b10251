/* Kernel glue for the ACPI table parser: the physical memory accessor, the
 * RSDP source (loader copy or BIOS scan) and the boot summary. */
#include "drivers/acpi/acpi.h"

#include <stdint.h>

#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/paging.h"

struct acpi_tables acpi_tables;

static int kmem_read(void *ctx, uint64_t phys, void *dst, size_t len)
{
	/* Page 0 holds no table; refusing it also keeps a NULL pointer out.
	 * Firmware tables live in the boot identity map (below 4 GiB), never in
	 * memory added later; anything unmapped there (the guard page) is
	 * -EFAULT too, so a bad table pointer can never fault. */
	if (phys == 0 || phys >= PAGING_BOOT_MAP_END || len > PAGING_BOOT_MAP_END - phys)
		return -EFAULT;
	return paging_read_phys(ctx, phys, dst, len);
}

const struct acpi_mem_ops acpi_kmem_ops = {.read = kmem_read, .ctx = NULL};

int acpi_init(const void *rsdp, size_t len)
{
	uint8_t buf[ACPI_RSDP_MAX_LEN];
	uint64_t phys;
	size_t n;
	int err;

	if (rsdp && len) {
		err = acpi_tables_init(&acpi_tables, rsdp, len, &acpi_kmem_ops);
		acpi_tables_print(&acpi_tables);
		if (err == 0)
			return 0;
		printk("ACPI: the loader's RSDP is unusable (%s), scanning the BIOS areas\n",
		       errno_name(err));
	}
	if (acpi_rsdp_scan(&acpi_kmem_ops, buf, &n, &phys) != 0) {
		memset(&acpi_tables, 0, sizeof(acpi_tables));
		printk("ACPI: no RSDP found\n");
		return -ENODEV;
	}
	err = acpi_tables_init(&acpi_tables, buf, n, &acpi_kmem_ops);
	acpi_tables.rsdp.phys = phys;
	acpi_tables_print(&acpi_tables);
	if (err)
		printk("ACPI: no usable RSDT/XSDT (%s)\n", errno_name(err));
	return err;
}
