/* The ACPI Boot Graphics Resource Table (BGRT): the boot logo UEFI firmware
 * leaves in memory. Linux 6.1 keeps the image (efi_bgrt_init() and, on x86,
 * efi_arch_mem_reserve()): its page-rounded range turns from usable into
 * reserved in the working e820 table only (docs/linux-model.md, "UEFI: the
 * BGRT boot logo").
 *
 * Pure C: the table and the image header are read through the caller's
 * struct acpi_mem_ops, the UEFI memory map is the caller's array. This file
 * decides; the caller edits the e820 table. */
#ifndef DRIVERS_ACPI_BGRT_H
#define DRIVERS_ACPI_BGRT_H

#include <stddef.h>
#include <stdint.h>

#include "drivers/acpi/tables.h"
#include "mm/e820.h"

/* The ACPI 5.0 table: header, version, status, image type, address, X, Y. */
#define ACPI_BGRT_LEN 56
/* "BM" read as a little-endian 16-bit number. */
#define ACPI_BGRT_BMP_MAGIC 0x4d42
#define ACPI_BGRT_PAGE_SIZE 4096ull

struct acpi_bgrt {
	/* The table's fields (valid once the length check passed). */
	uint16_t version;
	uint8_t status;
	uint8_t image_type;
	uint64_t image_address;
	uint32_t offset_x, offset_y;
	/* The BMP header's file size (valid once the magic check passed). */
	uint32_t bmp_size;
	/* What to reserve: [image_address, + bmp_size) widened to whole pages. */
	uint64_t reserve_start, reserve_size;
	/* Why it was refused, in Linux's words ("" when it was not). */
	char why[96];
};

/* Linux's checks in Linux's order, on the BGRT table `tbl` (checksum already
 * verified by acpi_tables_init()) and the UEFI memory map d[0..n):
 *   - length at least ACPI_BGRT_LEN;
 *   - version 0 or 1 (only 1 is defined; Linux has accepted 0 since 2020
 *     because some laptops say 0); the status byte is not checked (Linux
 *     dropped its reserved-bits check in 2019: bits 1-2 are the orientation);
 *   - image type 0 (bitmap), image address not 0;
 *   - the descriptor holding the address is EfiBootServicesData;
 *   - the image starts with "BM" (the header must be readable);
 *   - the image (address + the BMP size) ends inside that descriptor.
 * Returns 0 with out->reserve_* set; -EINVAL for a refusal, -EFAULT when the
 * table or the image header cannot be read (out->why says which, as Linux
 * would print it); -ENODEV when n == 0 (no UEFI memory map: Linux does not
 * look at the BGRT then). out is cleared first. */
int acpi_bgrt_check(const struct acpi_table_info *tbl, const struct acpi_mem_ops *ops,
		    const struct e820_efi_desc *d, size_t n, struct acpi_bgrt *out);

#endif
