/* Suite "acpi_bgrt": the UEFI boot-logo checks of drivers/acpi/bgrt.c on a
 * hand-made BGRT table, BMP header and UEFI memory map: what is reserved
 * (page-rounded, in the working e820 table only), and every condition under
 * which Linux 6.1 leaves the image alone, with its exact message. */
#include "drivers/acpi/bgrt.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/e820.h"
#include "tests/unit/le_put.h"

#define TBL_PHYS 0x1f775000ull
#define IMG_PHYS 0x1e9d3018ull
#define BSD_BASE 0x1e900000ull /* EfiBootServicesData, 1 MiB */
#define BSD_END	 0x1ea00000ull

static uint8_t tbl[ACPI_BGRT_LEN];
static uint8_t img[8];
static uint64_t img_phys;
static bool img_readable;

static int fake_read(void *ctx, uint64_t phys, void *dst, size_t len)
{
	(void)ctx;
	if (phys >= TBL_PHYS && phys + len <= TBL_PHYS + sizeof(tbl)) {
		memcpy(dst, tbl + (phys - TBL_PHYS), len);
		return 0;
	}
	if (img_readable && phys >= img_phys && phys + len <= img_phys + sizeof(img)) {
		memcpy(dst, img + (phys - img_phys), len);
		return 0;
	}
	return -EFAULT;
}

static const struct acpi_mem_ops ops = {.read = fake_read, .ctx = NULL};

/* Like OVMF's map around the logo: conventional memory, the logo's
 * boot-services data, runtime data, loader data. */
static const struct e820_efi_desc map[] = {
    {E820_EFI_CONVENTIONAL_MEMORY, 0x100000, (0x1e900000 - 0x100000) >> 12, 0xf},
    {E820_EFI_BOOT_SERVICES_DATA, BSD_BASE, (BSD_END - BSD_BASE) >> 12, 0xf},
    {E820_EFI_RUNTIME_SERVICES_DATA, BSD_END, 0x80, 0x800000000000000full},
    {E820_EFI_LOADER_DATA, 0x1ea80000, 0x100, 0xf},
};

/* A valid table (version 1, status 1 = displayed, type 0) pointing at a
 * valid "BM" image of `size` bytes at `addr`. */
static void build(uint64_t addr, uint32_t size)
{
	memset(tbl, 0, sizeof(tbl));
	memcpy(tbl, "BGRT", 4);
	put32(tbl + 4, ACPI_BGRT_LEN);
	put16(tbl + 36, 1);
	tbl[38] = 1;
	tbl[39] = 0;
	put64(tbl + 40, addr);
	put32(tbl + 48, 272);
	put32(tbl + 52, 118);
	memset(img, 0, sizeof(img));
	img[0] = 'B';
	img[1] = 'M';
	put32(img + 2, size);
	img_phys = addr;
	img_readable = true;
}

static char msg[128];

static const struct acpi_table_info info = {
    .sig = "BGRT", .phys = TBL_PHYS, .length = ACPI_BGRT_LEN};

static int check(struct acpi_bgrt *b)
{
	return acpi_bgrt_check(&info, &ops, map, ARRAY_SIZE(map), b);
}

static void reserves_page_rounded_image(struct ktest *t)
{
	static struct e820_table wt;
	struct acpi_bgrt b;

	build(IMG_PHYS, 0x1d4c6);
	KTEST_ASSERT_INT_EQ(t, check(&b), 0);
	KTEST_EXPECT_STREQ(t, b.why, "");
	KTEST_EXPECT_EQ(t, b.version, 1);
	KTEST_EXPECT_EQ(t, b.status, 1);
	KTEST_EXPECT_EQ(t, b.image_address, IMG_PHYS);
	KTEST_EXPECT_EQ(t, b.offset_x, 272);
	KTEST_EXPECT_EQ(t, b.offset_y, 118);
	KTEST_EXPECT_EQ(t, b.bmp_size, 0x1d4c6);
	/* 0x18 into its page, 0x1d4c6 + 0x18 bytes: 0x1e pages. */
	KTEST_EXPECT_EQ(t, b.reserve_start, 0x1e9d3000);
	KTEST_EXPECT_EQ(t, b.reserve_size, 0x1e000);

	/* What the kernel then does to the working table (the firmware
	 * table is a separate copy nobody touches). */
	KTEST_ASSERT_INT_EQ(t, e820__from_efi_mmap(&wt, map, ARRAY_SIZE(map), true), 0);
	/* Captured: the log's e820 lines are the booted machine's. */
	printk_capture_start(msg, sizeof(msg));
	KTEST_EXPECT_EQ(t,
			e820__range_update_table(&wt, b.reserve_start, b.reserve_size,
						 E820_TYPE_RAM, E820_TYPE_RESERVED),
			0x1e000);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, msg,
			   "e820: update [mem 0x1e9d3000-0x1e9f0fff] usable ==> reserved\n");
	KTEST_ASSERT_INT_EQ(t, e820__update_table(&wt), 0);
	KTEST_ASSERT_EQ(t, wt.nr_entries, 5);
	KTEST_EXPECT_EQ(t, wt.entries[0].addr, 0x100000);
	KTEST_EXPECT_EQ(t, wt.entries[0].size, 0x1e9d3000 - 0x100000);
	KTEST_EXPECT_EQ(t, wt.entries[0].type, E820_TYPE_RAM);
	KTEST_EXPECT_EQ(t, wt.entries[1].addr, 0x1e9d3000);
	KTEST_EXPECT_EQ(t, wt.entries[1].size, 0x1e000);
	KTEST_EXPECT_EQ(t, wt.entries[1].type, E820_TYPE_RESERVED);
	KTEST_EXPECT_EQ(t, wt.entries[2].addr, 0x1e9f1000);
	KTEST_EXPECT_EQ(t, wt.entries[2].size, BSD_END - 0x1e9f1000);
	KTEST_EXPECT_EQ(t, wt.entries[2].type, E820_TYPE_RAM);
	KTEST_EXPECT_EQ(t, wt.entries[3].type, E820_TYPE_RESERVED);
	KTEST_EXPECT_EQ(t, wt.entries[4].type, E820_TYPE_RAM);
}

struct accept_row {
	uint16_t version;
	uint8_t status;
	uint64_t addr;
	uint32_t size;
	uint64_t start, rsize;
};

/* Accepted too: version 0 (Linux since 2020), any status bits (the check
 * of the reserved bits went in 2019: bits 1-2 are the orientation), an
 * aligned image, one that ends exactly at its descriptor's end, one at the
 * very start of it. */
static const struct accept_row accept_rows[] = {
    {0, 1, IMG_PHYS, 0x100, 0x1e9d3000, 0x1000},    {1, 0x07, IMG_PHYS, 0x100, 0x1e9d3000, 0x1000},
    {1, 0xff, IMG_PHYS, 0x100, 0x1e9d3000, 0x1000}, {1, 1, 0x1e950000, 0x2000, 0x1e950000, 0x2000},
    {1, 1, 0x1e9ff000, 0x1000, 0x1e9ff000, 0x1000}, {1, 1, 0x1e9fff00, 0x100, 0x1e9ff000, 0x1000},
    {1, 1, BSD_BASE, 6, BSD_BASE, 0x1000},
};

static void accepted_variants(struct ktest *t)
{
	struct acpi_bgrt b;

	for (size_t i = 0; i < ARRAY_SIZE(accept_rows); i++) {
		const struct accept_row *r = &accept_rows[i];

		build(r->addr, r->size);
		put16(tbl + 36, r->version);
		tbl[38] = r->status;
		KTEST_EXPECT_INT_EQ(t, check(&b), 0);
		KTEST_EXPECT_EQ(t, b.reserve_start, r->start);
		KTEST_EXPECT_EQ(t, b.reserve_size, r->rsize);
	}
}

enum edit { E_LEN, E_VERSION, E_TYPE, E_NULL, E_LOADER, E_NODESC, E_MAGIC, E_SPAN, E_NOHDR };

struct refuse_row {
	enum edit edit;
	int err;
	const char *why;
};

static const struct refuse_row refuse_rows[] = {
    {E_LEN, -EINVAL, "Ignoring BGRT: invalid length 40 (expected 56)"},
    {E_VERSION, -EINVAL, "Ignoring BGRT: invalid version 2 (expected 1)"},
    {E_TYPE, -EINVAL, "Ignoring BGRT: invalid image type 1 (expected 0)"},
    {E_NULL, -EINVAL, "Ignoring BGRT: null image address"},
    {E_LOADER, -EINVAL, "Ignoring BGRT: invalid image address"},
    {E_NODESC, -EINVAL, "Ignoring BGRT: invalid image address"},
    {E_MAGIC, -EINVAL, "Ignoring BGRT: Incorrect BMP magic number 0x424d (expected 0x4d42)"},
    {E_SPAN, -EINVAL, "efi: Region spans EFI memory descriptors, 0x000000001e9d3018"},
    {E_NOHDR, -EFAULT, "Ignoring BGRT: failed to map image header memory"},
};

static void refusals(struct ktest *t)
{
	struct acpi_table_info short_info = info;
	struct acpi_bgrt b;

	for (size_t i = 0; i < ARRAY_SIZE(refuse_rows); i++) {
		const struct refuse_row *r = &refuse_rows[i];
		const struct acpi_table_info *ti = &info;

		build(IMG_PHYS, 0x1d4c6);
		switch (r->edit) {
		case E_LEN:
			short_info.length = 40;
			ti = &short_info;
			break;
		case E_VERSION:
			put16(tbl + 36, 2);
			break;
		case E_TYPE:
			tbl[39] = 1;
			break;
		case E_NULL:
			put64(tbl + 40, 0);
			break;
		case E_LOADER:
			build(0x1ea80000, 0x100);
			break;
		case E_NODESC:
			build(0x40000000, 0x100);
			break;
		case E_MAGIC:
			img[0] = 'M';
			img[1] = 'B';
			break;
		case E_SPAN:
			/* One byte past the descriptor's end. */
			put32(img + 2, (uint32_t)(BSD_END - IMG_PHYS + 1));
			break;
		case E_NOHDR:
			img_readable = false;
			break;
		}
		KTEST_EXPECT_INT_EQ(t, acpi_bgrt_check(ti, &ops, map, ARRAY_SIZE(map), &b), r->err);
		KTEST_EXPECT_STREQ(t, b.why, r->why);
		KTEST_EXPECT_EQ(t, b.reserve_size, 0);
	}
}

/* No UEFI memory map (a BIOS boot): Linux does not look at the table. */
static void no_efi_map_is_silent(struct ktest *t)
{
	struct acpi_bgrt b;

	build(IMG_PHYS, 0x100);
	KTEST_EXPECT_INT_EQ(t, acpi_bgrt_check(&info, &ops, map, 0, &b), -ENODEV);
	KTEST_EXPECT_STREQ(t, b.why, "");
	KTEST_EXPECT_EQ(t, b.image_address, 0);
}

static const struct ktest_case acpi_bgrt_cases[] = {
    KTEST_CASE(reserves_page_rounded_image),
    KTEST_CASE(accepted_variants),
    KTEST_CASE(refusals),
    KTEST_CASE(no_efi_map_is_silent),
    {0},
};

static const struct ktest_suite acpi_bgrt_suite = {
    .name = "acpi_bgrt",
    .cases = acpi_bgrt_cases,
};
KTEST_SUITE(acpi_bgrt_suite);
