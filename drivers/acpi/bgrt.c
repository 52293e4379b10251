/* BGRT checks (drivers/acpi/bgrt.h): Linux's efi_bgrt_init() conditions and
 * efi_arch_mem_reserve()'s descriptor checks and page rounding. */
#include "drivers/acpi/bgrt.h"

#include "drivers/acpi/tables_internal.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

/* The first descriptor holding addr (efi_mem_type()'s walk), or NULL. */
static const struct e820_efi_desc *desc_at(const struct e820_efi_desc *d, size_t n, uint64_t addr)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t pages = d[i].num_pages;

		if (pages > (UINT64_MAX >> E820_EFI_PAGE_SHIFT))
			continue;
		if (addr >= d[i].phys_start && addr - d[i].phys_start < pages
									    << E820_EFI_PAGE_SHIFT)
			return &d[i];
	}
	return NULL;
}

static int refuse(struct acpi_bgrt *out, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int refuse(struct acpi_bgrt *out, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out->why, sizeof(out->why), fmt, ap);
	va_end(ap);
	return err;
}

int acpi_bgrt_check(const struct acpi_table_info *tbl, const struct acpi_mem_ops *ops,
		    const struct e820_efi_desc *d, size_t n, struct acpi_bgrt *out)
{
	uint8_t b[ACPI_BGRT_LEN], bmp[6];
	const struct e820_efi_desc *md;
	uint64_t addr, size, md_end;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return -ENODEV;
	if (tbl->length < ACPI_BGRT_LEN)
		return refuse(out, -EINVAL, "Ignoring BGRT: invalid length %u (expected %u)",
			      tbl->length, ACPI_BGRT_LEN);
	if (acpi_tbl_read(ops, tbl->phys, b, sizeof(b)))
		return refuse(out, -EFAULT, "Ignoring BGRT: cannot read the table");
	out->version = get16(b + 36);
	out->status = b[38];
	out->image_type = b[39];
	out->image_address = get64(b + 40);
	out->offset_x = get32(b + 48);
	out->offset_y = get32(b + 52);
	if (out->version > 1)
		return refuse(out, -EINVAL, "Ignoring BGRT: invalid version %u (expected 1)",
			      out->version);
	if (out->image_type != 0)
		return refuse(out, -EINVAL, "Ignoring BGRT: invalid image type %u (expected 0)",
			      out->image_type);
	addr = out->image_address;
	if (!addr)
		return refuse(out, -EINVAL, "Ignoring BGRT: null image address");
	md = desc_at(d, n, addr);
	if (!md || md->type != E820_EFI_BOOT_SERVICES_DATA)
		return refuse(out, -EINVAL, "Ignoring BGRT: invalid image address");
	if (acpi_tbl_read(ops, addr, bmp, sizeof(bmp)))
		return refuse(out, -EFAULT, "Ignoring BGRT: failed to map image header memory");
	if (get16(bmp) != ACPI_BGRT_BMP_MAGIC)
		return refuse(out, -EINVAL,
			      "Ignoring BGRT: Incorrect BMP magic number %#x (expected 0x4d42)",
			      get16(bmp));
	out->bmp_size = get32(bmp + 2);
	/* efi_arch_mem_reserve(): the image must end in the same descriptor. */
	size = out->bmp_size;
	md_end = md->phys_start + (md->num_pages << E820_EFI_PAGE_SHIFT);
	if (size > md_end - addr)
		return refuse(out, -EINVAL, "efi: Region spans EFI memory descriptors, 0x%016llx",
			      (unsigned long long)addr);
	size += addr % ACPI_BGRT_PAGE_SIZE;
	out->reserve_size = (size + ACPI_BGRT_PAGE_SIZE - 1) & ~(ACPI_BGRT_PAGE_SIZE - 1);
	out->reserve_start = addr & ~(ACPI_BGRT_PAGE_SIZE - 1);
	return 0;
}
