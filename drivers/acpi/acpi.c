/* Kernel glue for the ACPI table parser: the physical memory accessor, the
 * RSDP source (loader copy or BIOS scan) and the boot summary. */
#include "drivers/acpi/acpi.h"

#include "drivers/acpi/bgrt.h"

#include <stdint.h>

#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/e820.h"
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

void acpi_bgrt_init(const struct e820_efi_desc *d, size_t n)
{
	const struct acpi_table_info *tbl = acpi_find_table(&acpi_tables, "BGRT", 0);
	struct acpi_bgrt b;
	int err;

	if (!tbl)
		return;
	err = acpi_bgrt_check(tbl, &acpi_kmem_ops, d, n, &b);
	if (err == -ENODEV)
		return;
	if (b.bmp_size || !err)
		printk("ACPI: BGRT: image at %#llx, BMP %u bytes (version %u, status %#x, type %u, "
		       "offset %u,%u)\n",
		       (unsigned long long)b.image_address, b.bmp_size, b.version, b.status,
		       b.image_type, b.offset_x, b.offset_y);
	if (err) {
		printk(KERN_NOTICE "%s\n", b.why);
		return;
	}
	/* Linux's efi_arch_mem_reserve(): the working table only, so the
	 * firmware memmap keeps the firmware's view and kexec's table too. */
	e820__range_update(b.reserve_start, b.reserve_size, E820_TYPE_RAM, E820_TYPE_RESERVED);
	e820__update_table(e820_table);
}
