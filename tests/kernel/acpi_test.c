/* Kernel-only self-tests of ACPI on the machine we boot on. Under QEMU (pc
 * and q35) the firmware tables are known: an IOAPIC at 0xfec00000, the local
 * APIC at 0xfee00000, HPET 0 at 0xfed00000, and on q35 an MCFG window at
 * 0xb0000000. Without an RSDP (not a BIOS machine) the cases skip. */
#include "drivers/acpi/acpi.h"
#include "kernel/ktest.h"
#include "kernel/multiboot2.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

/* boot/entry.asm keeps the loader's EBX here. */
extern uint32_t boot_mb2_info;

static char acpi_log[4096];
static struct mb2_info mbi;

/* Runs acpi_init() with its summary captured, then shows the summary as
 * KTAP diagnostics so that it stays readable in the log. */
static int init_captured(struct ktest *t, const void *rsdp, size_t len)
{
	char *line = acpi_log;
	int err;

	printk_capture_start(acpi_log, sizeof(acpi_log));
	err = acpi_init(rsdp, len);
	printk_capture_stop();
	while (*line) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		ktest_info(t, "%s", line);
		if (!nl)
			break;
		line = nl + 1;
	}
	return err;
}

/* What QEMU's firmware tables say (pc and q35, SeaBIOS or OVMF). */
static void check_qemu_facts(struct ktest *t)
{
	const struct acpi_tables *a = &acpi_tables;
	const struct acpi_madt *m = &a->madt;
	bool ioapic = false;

	KTEST_EXPECT_EQ(t, a->nproblems, 0);
	KTEST_EXPECT_TRUE(t, a->has_fadt);
	KTEST_EXPECT_TRUE(t, a->has_dsdt);
	KTEST_ASSERT_TRUE(t, m->present);
	KTEST_EXPECT_EQ(t, m->lapic_addr, 0xfee00000);
	KTEST_EXPECT_GE(t, m->ncpus, 1);
	for (size_t i = 0; i < m->nioapics; i++)
		ioapic |= m->ioapics[i].addr == 0xfec00000 && m->ioapics[i].gsi_base == 0;
	KTEST_EXPECT_TRUE(t, ioapic);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_table(a, "APIC", 0));
	/* The PM timer: PM base + 8 of PIIX4 (pc) or ICH9 (q35), where the
	 * firmware put the base: 0x600 under SeaBIOS, 0xb000 under OVMF. */
	KTEST_EXPECT_TRUE(t, a->pm_timer.port == 0x608 || a->pm_timer.port == 0xb008);
	/* The HPET unless QEMU runs with hpet=off. */
	if (a->nhpets) {
		KTEST_EXPECT_EQ(t, a->hpets[0].base, 0xfed00000);
		KTEST_EXPECT_EQ(t, a->hpets[0].number, 0);
		KTEST_EXPECT_NOT_NULL(t, acpi_find_table(a, "HPET", 0));
	} else {
		KTEST_EXPECT_NULL(t, acpi_find_table(a, "HPET", 0));
		ktest_info(t, "no HPET (QEMU hpet=off)");
	}

	/* q35 has PCIe, so an MCFG; pc has none. */
	if (a->mcfg.present) {
		KTEST_ASSERT_EQ(t, a->mcfg.nentries, 1);
		KTEST_EXPECT_EQ(t, a->mcfg.entries[0].base, 0xb0000000);
		KTEST_EXPECT_EQ(t, a->mcfg.entries[0].segment, 0);
		KTEST_EXPECT_EQ(t, a->mcfg.entries[0].start_bus, 0);
		KTEST_EXPECT_EQ(t, a->mcfg.entries[0].end_bus, 0xff);
	} else {
		ktest_info(t, "no MCFG (i440fx machine)");
	}
}

static void bios_scan_finds_qemu_tables(struct ktest *t)
{
	int err = init_captured(t, NULL, 0);

	if (err == -ENODEV)
		ktest_skip(t, "no RSDP in the BIOS areas (UEFI or not a PC)");
	KTEST_ASSERT_INT_EQ(t, err, 0);
	KTEST_EXPECT_NE(t, acpi_tables.rsdp.phys, 0);
	KTEST_EXPECT_LT(t, acpi_tables.rsdp.phys, ACPI_BIOS_END);
	if (strcmp(acpi_tables.rsdp.oem_id, "BOCHS ") != 0)
		ktest_skip(t, "not QEMU's tables (OEM \"%s\")", acpi_tables.rsdp.oem_id);
	check_qemu_facts(t);
}

/* GRUB's copy of the RSDP (the only source under UEFI) leads to the same
 * tables as the BIOS scan, when there is one. */
static void loader_rsdp_copy(struct ktest *t)
{
	uint8_t buf[ACPI_RSDP_MAX_LEN];
	struct acpi_rsdp scanned;
	uint64_t phys;
	const void *rsdp;
	size_t len;

	/* The boot information is still where GRUB left it; mb2_parse checks it
	 * again, so a clobbered buffer only means a skip. */
	if (mb2_parse((const void *)(uintptr_t)boot_mb2_info,
		      *(const uint32_t *)(uintptr_t)boot_mb2_info, &mbi) != 0)
		ktest_skip(t, "boot information unreadable now");
	rsdp = mbi.rsdp_new ? mbi.rsdp_new : mbi.rsdp_old;
	len = mbi.rsdp_new ? mbi.rsdp_new_len : mbi.rsdp_old_len;
	if (!rsdp)
		ktest_skip(t, "the loader gave no RSDP");
	KTEST_ASSERT_INT_EQ(t, init_captured(t, rsdp, len), 0);
	KTEST_EXPECT_EQ(t, acpi_tables.rsdp.phys, 0);
	if (strcmp(acpi_tables.rsdp.oem_id, "BOCHS ") != 0)
		ktest_skip(t, "not QEMU's tables (OEM \"%s\")", acpi_tables.rsdp.oem_id);
	check_qemu_facts(t);
	if (acpi_rsdp_scan(&acpi_kmem_ops, buf, &len, &phys) == 0 &&
	    acpi_rsdp_parse(buf, len, &scanned) == 0) {
		KTEST_EXPECT_EQ(t, scanned.rsdt_addr, acpi_tables.rsdp.rsdt_addr);
		KTEST_EXPECT_EQ(t, scanned.xsdt_addr, acpi_tables.rsdp.xsdt_addr);
	}
}

static void kmem_accessor_limits(struct ktest *t)
{
	extern char __stack_guard[];
	uint8_t buf[8];

	KTEST_EXPECT_INT_EQ(t, acpi_kmem_ops.read(NULL, ACPI_BDA_EBDA_SEG, buf, 2), 0);
	KTEST_EXPECT_INT_EQ(t, acpi_kmem_ops.read(NULL, 0x100000000ull, buf, 4), -EFAULT);
	KTEST_EXPECT_INT_EQ(t, acpi_kmem_ops.read(NULL, 0xfffffffeull, buf, 4), -EFAULT);
	KTEST_EXPECT_INT_EQ(t, acpi_kmem_ops.read(NULL, 0xffffffffffffff00ull, buf, 8), -EFAULT);
	KTEST_EXPECT_INT_EQ(t, acpi_kmem_ops.read(NULL, 0, buf, 4), -EFAULT);
	KTEST_EXPECT_INT_EQ(t, acpi_kmem_ops.read(NULL, (uintptr_t)__stack_guard - 4, buf, 8),
			    -EFAULT);
	KTEST_EXPECT_INT_EQ(t, acpi_kmem_ops.read(NULL, (uintptr_t)__stack_guard + 4092, buf, 4),
			    -EFAULT);
	KTEST_EXPECT_INT_EQ(t, acpi_kmem_ops.read(NULL, (uintptr_t)__stack_guard + 4096, buf, 4),
			    0);
}

static const struct ktest_case acpi_cases[] = {
    KTEST_CASE(bios_scan_finds_qemu_tables),
    KTEST_CASE(loader_rsdp_copy),
    KTEST_CASE(kmem_accessor_limits),
    {0},
};

static const struct ktest_suite acpi_suite = {
    .name = "acpi",
    .cases = acpi_cases,
};
KTEST_SUITE(acpi_suite);
