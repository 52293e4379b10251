/* The boot-time iomem build of a QEMU pc machine, on the host: the baseline
 * e820 table (as Linux sees it after trim_bios_range), option ROMs in a fake
 * legacy area, MADT/HPET facts, then e820__reserve_resources(), the ACPI
 * resources, the late pass and the memmap publication. The expected texts
 * are the Linux 6.1 capture (tests/golden/linux/baseline/pc-512M/1-boot)
 * without the lines hotmem does not model (PCI, kernel image, the -kernel
 * boot ROM at 0xcb000). Each case builds its own tree and memmap. */
#include "drivers/acpi/resources.h"
#include "drivers/firmware/memmap.h"
#include "drivers/firmware/probe_roms.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/e820_resources.h"
#include "tests/unit/resource_test_util.h"

#define ROM_BASE 0xc0000ull
#define ROM_SIZE 0x40000ull

static uint8_t rom_area[ROM_SIZE];
static struct e820_table work, fw;
static struct acpi_tables acpi;
static struct resource root;
static struct firmware_map map;
static char text[4096];
static char log[2048];
static struct probe_roms_state roms;
static struct e820_res_set e820_res;
static struct acpi_res_state acpi_res;

static int fake_read(void *ctx, uint64_t phys, void *dst, size_t len)
{
	(void)ctx;
	if (phys < ROM_BASE || phys + len > ROM_BASE + ROM_SIZE)
		return -EFAULT;
	memcpy(dst, rom_area + (phys - ROM_BASE), len);
	return 0;
}

/* A ROM image: signature, length byte, filler, and a last byte that makes
 * the sum zero unless `bad_sum`. */
static void put_rom(uint64_t addr, unsigned int blocks, int bad_sum)
{
	uint8_t *p = rom_area + (addr - ROM_BASE);
	size_t len = (size_t)blocks * 512;
	uint8_t sum = 0;

	p[0] = 0x55;
	p[1] = 0xaa;
	p[2] = (uint8_t)blocks;
	for (size_t i = 3; i < len - 1; i++)
		p[i] = (uint8_t)(i * 7);
	for (size_t i = 0; i < len - 1; i++)
		sum += p[i];
	p[len - 1] = (uint8_t)(0 - sum + (bad_sum ? 1 : 0));
}

static void add(struct e820_table *t, uint64_t start, uint64_t size, enum e820_type type)
{
	t->entries[t->nr_entries].addr = start;
	t->entries[t->nr_entries].size = size;
	t->entries[t->nr_entries].type = type;
	t->nr_entries++;
}

/* QEMU pc, 512 MiB, SeaBIOS (the BIOS-e820 lines of the capture). */
static void pc_512m_firmware(struct e820_table *t)
{
	t->nr_entries = 0;
	add(t, 0x0, 0x9fc00, E820_TYPE_RAM);
	add(t, 0x9fc00, 0x400, E820_TYPE_RESERVED);
	add(t, 0xf0000, 0x10000, E820_TYPE_RESERVED);
	add(t, 0x100000, 0x1fee0000, E820_TYPE_RAM);
	add(t, 0x1ffe0000, 0x20000, E820_TYPE_RESERVED);
	add(t, 0xfffc0000, 0x40000, E820_TYPE_RESERVED);
	add(t, 0xfd00000000ull, 0x300000000ull, E820_TYPE_RESERVED);
}

/* The same after Linux's trim_bios_range(): first page reserved. */
static void pc_512m_working(struct e820_table *t)
{
	t->nr_entries = 0;
	add(t, 0x0, 0x1000, E820_TYPE_RESERVED);
	add(t, 0x1000, 0x9ec00, E820_TYPE_RAM);
	add(t, 0x9fc00, 0x400, E820_TYPE_RESERVED);
	add(t, 0xf0000, 0x10000, E820_TYPE_RESERVED);
	add(t, 0x100000, 0x1fee0000, E820_TYPE_RAM);
	add(t, 0x1ffe0000, 0x20000, E820_TYPE_RESERVED);
	add(t, 0xfffc0000, 0x40000, E820_TYPE_RESERVED);
	add(t, 0xfd00000000ull, 0x300000000ull, E820_TYPE_RESERVED);
}

static void qemu_acpi(struct acpi_tables *a)
{
	memset(a, 0, sizeof(*a));
	a->madt.present = true;
	a->madt.lapic_addr = 0xfee00000;
	a->madt.nioapics = 1;
	a->madt.ioapics[0].addr = 0xfec00000;
	a->nhpets = 1;
	a->hpets[0].base = 0xfed00000;
	a->hpets[0].number = 0;
}

static int boot_init(struct ktest *t)
{
	(void)t;
	memset(rom_area, 0, sizeof(rom_area));
	memset(&roms, 0, sizeof(roms));
	memset(&acpi_res, 0, sizeof(acpi_res));
	root = (struct resource)IOMEM_ROOT_INIT;
	firmware_map_init(&map);
	printk_capture_start(log, sizeof(log));
	return 0;
}

static void boot_exit(struct ktest *t)
{
	printk_capture_stop();
	acpi_release_resources(&acpi_res);
	probe_roms_release(&roms);
	e820__release_resources(&e820_res);
	/* What is left was allocated by the late pass ("RAM buffer"). */
	resource_test_free_all(&root);
	firmware_map_release(&map);
}

static void build_pc_512m(struct ktest *t)
{
	put_rom(0xc0000, 78, 0); /* VGA BIOS: 000c0000-000c9bff */
	put_rom(0xca000, 7, 0);	 /* NIC boot ROM: 000ca000-000cadff */
	put_rom(0xcb000, 3, 1);	 /* checksum fails: not listed */
	pc_512m_firmware(&fw);
	pc_512m_working(&work);
	qemu_acpi(&acpi);

	/* Linux's order: ROMs first, so "Reserved" becomes System ROM's parent. */
	KTEST_EXPECT_INT_EQ(t, probe_roms(&roms, &root, fake_read, NULL), 3);
	KTEST_ASSERT_INT_EQ(t, e820__reserve_resources(&e820_res, &root, &map, &work, &fw), 0);
	KTEST_EXPECT_INT_EQ(t, acpi_insert_resources(&acpi_res, &root, &acpi), 3);
	e820__reserve_resources_late(&e820_res, &root, &work);
	KTEST_EXPECT_INT_EQ(t, firmware_memmap_init_in(&map), 0);
}

static void pc_512m_iomem_matches_linux(struct ktest *t)
{
	static const char want[] = "00000000-00000fff : Reserved\n"
				   "00001000-0009fbff : System RAM\n"
				   "0009fc00-0009ffff : Reserved\n"
				   "000c0000-000c9bff : Video ROM\n"
				   "000ca000-000cadff : Adapter ROM\n"
				   "000f0000-000fffff : Reserved\n"
				   "  000f0000-000fffff : System ROM\n"
				   "00100000-1ffdffff : System RAM\n"
				   "1ffe0000-1fffffff : Reserved\n"
				   "fec00000-fec003ff : IOAPIC 0\n"
				   "fed00000-fed003ff : HPET 0\n"
				   "fee00000-fee00fff : Local APIC\n"
				   "fffc0000-ffffffff : Reserved\n"
				   "fd00000000-ffffffffff : Reserved\n";

	build_pc_512m(t);
	iomem_render(&root, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, want);
}

static void pc_512m_memmap_matches_linux(struct ktest *t)
{
	static const char want[] = "# N start end type\n"
				   "0 0x0 0x9fbff System RAM\n"
				   "1 0x9fc00 0x9ffff Reserved\n"
				   "2 0xf0000 0xfffff Reserved\n"
				   "3 0x100000 0x1ffdffff System RAM\n"
				   "4 0x1ffe0000 0x1fffffff Reserved\n"
				   "5 0xfffc0000 0xffffffff Reserved\n"
				   "6 0xfd00000000 0xffffffffff Reserved\n";

	build_pc_512m(t);
	firmware_map_render_table_in(&map, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, want);
}

/* Busy rules: below 1 MiB and RAM/ACPI/NVS are inserted at once and busy;
 * reserved/PMEM/PRAM above 1 MiB wait for the late pass and stay non-busy. */
static void busy_rules_and_late_pass(struct ktest *t)
{
	const struct resource *r;

	work.nr_entries = 0;
	add(&work, 0x0, 0x9fc00, E820_TYPE_RAM);
	add(&work, 0x100000, 0xff00000, E820_TYPE_RAM);
	add(&work, 0x10000000, 0x100000, E820_TYPE_ACPI);
	add(&work, 0x10100000, 0x100000, E820_TYPE_NVS);
	add(&work, 0x20000000, 0x10000000, E820_TYPE_PRAM);
	add(&work, 0x30000000, 0x100000, E820_TYPE_RESERVED);
	fw.nr_entries = 0;
	KTEST_ASSERT_INT_EQ(t, e820__reserve_resources(&e820_res, &root, &map, &work, &fw), 0);

	r = lookup_resource(&root, 0x10000000);
	KTEST_ASSERT_NOT_NULL(t, r);
	KTEST_EXPECT_STREQ(t, r->name, "ACPI Tables");
	KTEST_EXPECT_EQ(t, r->flags, IORESOURCE_MEM | IORESOURCE_BUSY);
	KTEST_EXPECT_EQ(t, r->desc, IORES_DESC_ACPI_TABLES);
	r = lookup_resource(&root, 0x10100000);
	KTEST_ASSERT_NOT_NULL(t, r);
	KTEST_EXPECT_EQ(t, r->desc, IORES_DESC_ACPI_NV_STORAGE);
	r = lookup_resource(&root, 0x100000);
	KTEST_ASSERT_NOT_NULL(t, r);
	KTEST_EXPECT_EQ(t, r->flags, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY);
	/* Not inserted yet. */
	KTEST_EXPECT_NULL(t, lookup_resource(&root, 0x20000000));
	KTEST_EXPECT_NULL(t, lookup_resource(&root, 0x30000000));

	e820__reserve_resources_late(&e820_res, &root, &work);
	r = lookup_resource(&root, 0x20000000);
	KTEST_ASSERT_NOT_NULL(t, r);
	KTEST_EXPECT_STREQ(t, r->name, "Persistent Memory (legacy)");
	KTEST_EXPECT_EQ(t, r->flags, IORESOURCE_MEM);
	KTEST_EXPECT_EQ(t, r->desc, IORES_DESC_PERSISTENT_MEMORY_LEGACY);
	r = lookup_resource(&root, 0x30000000);
	KTEST_ASSERT_NOT_NULL(t, r);
	KTEST_EXPECT_EQ(t, r->flags, IORESOURCE_MEM);
	KTEST_EXPECT_EQ(t, r->desc, IORES_DESC_RESERVED);
}

/* RAM that ends off a boundary gets a busy "RAM buffer" up to it:
 *   RAM |0x9fc00   -> 0x9ffff (64 KiB rule below 1 MiB)
 *   RAM |0x1f000000 -> 0x1fffffff (64 MiB rule), split around a reserved
 *   range that already sits in the gap. */
static void ram_buffer_fills_the_slack(struct ktest *t)
{
	static const char want[] = "00000000-0009fbff : System RAM\n"
				   "0009fc00-0009ffff : RAM buffer\n"
				   "00100000-1effffff : System RAM\n"
				   "1f000000-1f7fffff : RAM buffer\n"
				   "1f800000-1f8fffff : Reserved\n"
				   "1f900000-1fffffff : RAM buffer\n";

	work.nr_entries = 0;
	add(&work, 0x0, 0x9fc00, E820_TYPE_RAM);
	add(&work, 0x100000, 0x1ef00000, E820_TYPE_RAM);
	add(&work, 0x1f800000, 0x100000, E820_TYPE_RESERVED);
	fw.nr_entries = 0;
	KTEST_ASSERT_INT_EQ(t, e820__reserve_resources(&e820_res, &root, &map, &work, &fw), 0);
	e820__reserve_resources_late(&e820_res, &root, &work);
	iomem_render(&root, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, want);
}

/* ROM rules: a video ROM whose checksum fails keeps the default 32 KiB; an
 * adapter ROM must pass its checksum and end below the limit; an extension
 * ROM at 0xe0000 (64 KiB, checksummed) is claimed and lowers that limit. */
static void rom_probe_rules(struct ktest *t)
{
	static const char want[] = "000c0000-000c7fff : Video ROM\n"
				   "000c8000-000c85ff : Adapter ROM\n"
				   "000e0000-000effff : Extension ROM\n"
				   "000f0000-000fffff : System ROM\n";

	put_rom(0xc0000, 16, 1);  /* bad checksum: length byte not trusted */
	put_rom(0xc8000, 3, 0);	  /* good */
	put_rom(0xd0000, 2, 1);	  /* bad checksum */
	put_rom(0xdf800, 8, 0);	  /* 4 KiB from 0xdf800 runs past 0xe0000 */
	put_rom(0xe0000, 128, 0); /* extension ROM, 64 KiB */
	KTEST_EXPECT_INT_EQ(t, probe_roms(&roms, &root, fake_read, NULL), 4);
	iomem_render(&root, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, want);
}

static void no_roms_still_claims_system_rom(struct ktest *t)
{
	KTEST_EXPECT_INT_EQ(t, probe_roms(&roms, &root, fake_read, NULL), 1);
	iomem_render(&root, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, "000f0000-000fffff : System ROM\n");
}

static const struct ktest_case iomem_boot_cases[] = {
    KTEST_CASE(pc_512m_iomem_matches_linux),
    KTEST_CASE(pc_512m_memmap_matches_linux),
    KTEST_CASE(busy_rules_and_late_pass),
    KTEST_CASE(ram_buffer_fills_the_slack),
    KTEST_CASE(rom_probe_rules),
    KTEST_CASE(no_roms_still_claims_system_rom),
    {0},
};

static const struct ktest_suite iomem_boot_suite = {
    .name = "iomem_boot",
    .cases = iomem_boot_cases,
    .init = boot_init,
    .exit = boot_exit,
};
KTEST_SUITE(iomem_boot_suite);
