/* Kernel glue for the ACPI table parser: the physical memory accessor, the
 * RSDP source (loader copy or BIOS scan) and the boot summary. */
#include "drivers/acpi/acpi.h"

#include <stdint.h>

#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

/* boot/entry.asm identity-maps the first 4 GiB, except this one page. */
#define IDENTITY_LIMIT 0x100000000ull
extern char __stack_guard[];

struct acpi_tables acpi_tables;

static int kmem_read(void *ctx, uint64_t phys, void *dst, size_t len)
{
	uint64_t guard = (uint64_t)(uintptr_t)__stack_guard;

	/* Page 0 holds no table; refusing it also keeps a NULL pointer out. */
	if (phys == 0 || phys >= IDENTITY_LIMIT || len > IDENTITY_LIMIT - phys)
		return -EFAULT;
	/* A bogus table address must not fault on the unmapped guard page. */
	if (phys < guard + 4096 && phys + len > guard)
		return -EFAULT;
	memcpy(dst, (const void *)(uintptr_t)phys, len);
	return 0;
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
