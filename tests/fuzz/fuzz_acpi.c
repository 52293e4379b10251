/* The ACPI table parser (drivers/acpi/tables*.c) over a fuzzed physical
 * memory image: the first ACPI_RSDP_V2_LEN bytes are the RSDP copy, the rest
 * is physical memory from address 0 (reads past it fail with -EFAULT, as
 * unreadable memory does). Invariants: the lists stay within capacity and
 * every table found lies inside the image. */
#include <string.h>

#include "drivers/acpi/bgrt.h"
#include "drivers/acpi/tables.h"
#include "lib/errno.h"
#include "tests/fuzz/fuzz.h"

struct image {
	const uint8_t *mem;
	size_t size;
};

static int image_read(void *ctx, uint64_t phys, void *dst, size_t len)
{
	const struct image *im = ctx;

	FUZZ_CHECK(len > 0);
	if (phys > im->size || len > im->size - phys)
		return -EFAULT;
	memcpy(dst, im->mem + phys, len);
	return 0;
}

int fuzz_acpi(const uint8_t *data, size_t size)
{
	static struct acpi_tables t;
	uint8_t rsdp[ACPI_RSDP_MAX_LEN];
	size_t rlen = size < ACPI_RSDP_V2_LEN ? size : ACPI_RSDP_V2_LEN;
	struct image im = {data + rlen, size - rlen};
	struct acpi_mem_ops ops = {image_read, &im};
	const struct acpi_table_info *ti;

	memcpy(rsdp, data, rlen);
	fuzz_mute_begin();
	acpi_rsdp_parse(rsdp, rlen, NULL);
	acpi_tables_init(&t, rsdp, rlen, &ops);
	for (size_t i = 0; (ti = acpi_find_table(&t, "APIC", i)); i++)
		FUZZ_CHECK(ti->phys < im.size && ti->length <= im.size - ti->phys);
	acpi_tables_print(&t);
	/* The boot logo check against a UEFI map covering the image as
	 * BootServicesData (type 4): a reservation lies inside it. */
	for (size_t i = 0; (ti = acpi_find_table(&t, "BGRT", i)); i++) {
		const struct e820_efi_desc d[2] = {{7, 0, 16, 0},
						   {4, 0x10000, im.size / 4096 + 1, 0}};
		struct acpi_bgrt b;

		if (!acpi_bgrt_check(ti, &ops, d, 2, &b)) {
			FUZZ_CHECK(b.reserve_size && !(b.reserve_start & 0xfff) &&
				   !(b.reserve_size & 0xfff));
			FUZZ_CHECK(b.reserve_start >= 0x10000);
			FUZZ_CHECK(b.reserve_start + b.reserve_size <=
				   0x10000 + (im.size / 4096 + 1) * 4096);
		}
	}
	{
		uint8_t buf[ACPI_RSDP_MAX_LEN];
		size_t len;
		uint64_t phys;

		if (acpi_rsdp_scan(&ops, buf, &len, &phys) == 0)
			FUZZ_CHECK(len <= ACPI_RSDP_MAX_LEN);
	}
	fuzz_mute_end();
	return 0;
}
