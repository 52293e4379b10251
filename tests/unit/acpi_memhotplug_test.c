/* Suites "dsdt_scan" and "acpi_memhp": the MDNR byte-pattern lookup on
 * hand-built AML, and the QEMU ACPI memory hotplug driver against a fake
 * register file that behaves like QEMU's hw/acpi/memory_hotplug.c
 * (selector, zero reads beyond the slot count, insert/remove events, one
 * control action per write, eject), bound to the fresh hotplug world of
 * memory_test_util.h (mt, on its fake machine) that every case gets. Runs on
 * the host and in the booted kernel. */
#include "drivers/acpi/dsdt_scan.h"
#include "drivers/acpi/memhotplug.h"
#include "drivers/firmware/memmap.h"
#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "tests/unit/memory_test_util.h"

/* ================= dsdt_scan ================= */

#define MDNR_NAME 'M', 'D', 'N', 'R'

static int scan(const uint8_t *aml, size_t len)
{
	return dsdt_find_mdnr(aml, len);
}
#define SCAN(...)                                            \
	({                                                   \
		static const uint8_t aml_[] = {__VA_ARGS__}; \
		scan(aml_, sizeof(aml_));                    \
	})

static void mdnr_each_encoding(struct ktest *t)
{
	KTEST_EXPECT_INT_EQ(t, SCAN(AML_NAME_OP, MDNR_NAME, AML_ZERO_OP), 0);
	KTEST_EXPECT_INT_EQ(t, SCAN(AML_NAME_OP, MDNR_NAME, AML_ONE_OP), 1);
	KTEST_EXPECT_INT_EQ(t, SCAN(AML_NAME_OP, MDNR_NAME, AML_BYTE_PREFIX, 0x04), 4);
	KTEST_EXPECT_INT_EQ(t, SCAN(AML_NAME_OP, MDNR_NAME, AML_WORD_PREFIX, 0x00, 0x01), 256);
	KTEST_EXPECT_INT_EQ(t, SCAN(AML_NAME_OP, MDNR_NAME, AML_DWORD_PREFIX, 0x20, 0, 0, 0), 32);
	KTEST_EXPECT_INT_EQ(
	    t, SCAN(AML_NAME_OP, MDNR_NAME, AML_QWORD_PREFIX, 0x08, 0, 0, 0, 0, 0, 0, 0), 8);
}

static void mdnr_clamped_to_256(struct ktest *t)
{
	KTEST_EXPECT_INT_EQ(t, SCAN(AML_NAME_OP, MDNR_NAME, AML_WORD_PREFIX, 0x2c, 0x01), 256);
	KTEST_EXPECT_INT_EQ(t, SCAN(AML_NAME_OP, MDNR_NAME, AML_DWORD_PREFIX, 0, 0, 0, 0x80), 256);
	KTEST_EXPECT_INT_EQ(
	    t, SCAN(AML_NAME_OP, MDNR_NAME, AML_QWORD_PREFIX, 0, 0, 0, 0, 0, 0, 0, 0x80), 256);
}

static void mdnr_prefixed_names(struct ktest *t)
{
	KTEST_EXPECT_INT_EQ(t, SCAN(AML_NAME_OP, '\\', MDNR_NAME, AML_BYTE_PREFIX, 3), 3);
	KTEST_EXPECT_INT_EQ(t, SCAN(AML_NAME_OP, '^', '^', MDNR_NAME, AML_BYTE_PREFIX, 5), 5);
}

/* The shape QEMU emits: Device (MHPD) { Name (_HID, ...) ... Name (MDNR, 4)
 * ...} with MDNR also used inside methods (no NameOp in front there). */
static void mdnr_inside_realistic_aml(struct ktest *t)
{
	KTEST_EXPECT_INT_EQ(t,
			    SCAN(0x5b, 0x82, 0x30, 'M', 'H', 'P', 'D', AML_NAME_OP, '_', 'U', 'I',
				 'D', 0x0d, 'M', 'E', 'M', 0x00,
				 /* While (LLess (Local0, MDNR)): a use, not a Name */
				 0xa2, 0x10, 0x95, 0x60, MDNR_NAME,
				 /* Name (MDNS, 9): another name */
				 AML_NAME_OP, 'M', 'D', 'N', 'S', AML_BYTE_PREFIX, 9,
				 /* Name (MDNR, Package...): not an integer */
				 AML_NAME_OP, MDNR_NAME, 0x12, 0x03, 0x01, 0x00,
				 /* the real one */
				 AML_NAME_OP, MDNR_NAME, AML_BYTE_PREFIX, 0x04, 0x14, 0x00),
			    4);
}

static void mdnr_absent_or_truncated(struct ktest *t)
{
	static const uint8_t ok[] = {AML_NAME_OP, MDNR_NAME, AML_DWORD_PREFIX, 4, 0, 0, 0};

	KTEST_EXPECT_INT_EQ(t, scan(NULL, 10), -ENOENT);
	KTEST_EXPECT_INT_EQ(t, scan(ok, 0), -ENOENT);
	/* Every cut of a valid encoding must be refused, never read past. */
	for (size_t n = 1; n < sizeof(ok); n++)
		KTEST_EXPECT_INT_EQ(t, scan(ok, n), -ENOENT);
	KTEST_EXPECT_INT_EQ(t, scan(ok, sizeof(ok)), 4);
	KTEST_EXPECT_INT_EQ(t, SCAN(AML_NAME_OP, MDNR_NAME, AML_WORD_PREFIX, 0x01), -ENOENT);
	KTEST_EXPECT_INT_EQ(t, SCAN(AML_NAME_OP, '\\'), -ENOENT);
	KTEST_EXPECT_INT_EQ(t, SCAN(AML_NAME_OP, '^', '^'), -ENOENT);
	/* OnesOp is no slot count. */
	KTEST_EXPECT_INT_EQ(t, SCAN(AML_NAME_OP, MDNR_NAME, 0xff), -ENOENT);
	KTEST_EXPECT_INT_EQ(t, SCAN(MDNR_NAME, AML_BYTE_PREFIX, 4), -ENOENT);
	KTEST_EXPECT_INT_EQ(t, SCAN(AML_NAME_OP, 'M', 'D', 'N', 'r', AML_BYTE_PREFIX, 4), -ENOENT);
}

/* dsdt_read_mdnr through a fake physical memory holding one DSDT. */
#define FAKE_DSDT_PHYS 0x7fe0000ull
static uint8_t fake_dsdt[ACPI_HDR_LEN + 16];
static int fake_read_err;

static int fake_mem_read(void *ctx, uint64_t phys, void *dst, size_t len)
{
	if (fake_read_err)
		return fake_read_err;
	if (phys < FAKE_DSDT_PHYS || phys - FAKE_DSDT_PHYS + len > sizeof(fake_dsdt))
		return -EFAULT;
	memcpy(dst, fake_dsdt + (phys - FAKE_DSDT_PHYS), len);
	return 0;
}

static const struct acpi_mem_ops fake_mem_ops = {.read = fake_mem_read};
static struct acpi_tables fake_tables;

static void mdnr_read_from_tables(struct ktest *t)
{
	static const uint8_t body[] = {AML_NAME_OP, MDNR_NAME, AML_BYTE_PREFIX, 0x04, 0, 0};

	memset(&fake_tables, 0, sizeof(fake_tables));
	memset(fake_dsdt, 0, sizeof(fake_dsdt));
	/* The header itself must not be scanned: put a decoy there. */
	memcpy(fake_dsdt + 10, (const uint8_t[]){AML_NAME_OP, MDNR_NAME, AML_BYTE_PREFIX, 9}, 7);
	memcpy(fake_dsdt + ACPI_HDR_LEN, body, sizeof(body));
	KTEST_EXPECT_INT_EQ(t, dsdt_read_mdnr(&fake_tables, &fake_mem_ops), -ENOENT);
	memcpy(fake_tables.tables[0].sig, "DSDT", 5);
	fake_tables.tables[0].phys = FAKE_DSDT_PHYS;
	fake_tables.tables[0].length = sizeof(fake_dsdt);
	fake_tables.ntables = 1;
	fake_read_err = 0;
	KTEST_EXPECT_INT_EQ(t, dsdt_read_mdnr(&fake_tables, &fake_mem_ops), 4);
	fake_read_err = -EFAULT;
	KTEST_EXPECT_INT_EQ(t, dsdt_read_mdnr(&fake_tables, &fake_mem_ops), -EFAULT);
	fake_read_err = 0;
}

static const struct ktest_case dsdt_scan_cases[] = {
    KTEST_CASE(mdnr_each_encoding),
    KTEST_CASE(mdnr_clamped_to_256),
    KTEST_CASE(mdnr_prefixed_names),
    KTEST_CASE(mdnr_inside_realistic_aml),
    KTEST_CASE(mdnr_absent_or_truncated),
    KTEST_CASE(mdnr_read_from_tables),
    {0},
};
static const struct ktest_suite dsdt_scan_suite = {
    .name = "dsdt_scan",
    .cases = dsdt_scan_cases,
};
KTEST_SUITE(dsdt_scan_suite);

/* ================= acpi_memhp ================= */

#define FAKE_SLOTS 4
#define BLK	   (128 * MiB)
/* Free windows of the fake machine (boot RAM is at FAKE_BASE, 256 MiB). */
#define DIMM0 (FAKE_BASE + 1 * GiB)
#define DIMM1 (FAKE_BASE + 2 * GiB)

struct fake_dimm {
	bool enabled, insert, remove;
	uint64_t addr, size;
	uint32_t node;
};

/* QEMU's register file. */
static struct fake_regs {
	unsigned int nr_slots;
	bool absent; /* unassigned port: reads all ones */
	uint32_t selector;
	struct fake_dimm dimm[FAKE_SLOTS];
	unsigned int ejects, bad_writes;
	uint32_t ost_event, ost_status;
} regs;

static struct fake_dimm *selected(void)
{
	/* nr_slots never exceeds FAKE_SLOTS; the second bound is for the compiler. */
	if (regs.selector >= regs.nr_slots || regs.selector >= FAKE_SLOTS)
		return NULL;
	return &regs.dimm[regs.selector];
}

static uint32_t fake_read32(void *ctx, unsigned int off)
{
	struct fake_dimm *d = selected();

	if (regs.absent)
		return 0xffffffffu;
	/* QEMU's code (not its spec text) reads 0 beyond the slot count. */
	if (!d)
		return 0;
	switch (off) {
	case ACPI_MEMHP_ADDR_LO:
		return d->enabled ? (uint32_t)d->addr : 0;
	case ACPI_MEMHP_ADDR_HI:
		return d->enabled ? (uint32_t)(d->addr >> 32) : 0;
	case ACPI_MEMHP_SIZE_LO:
		return d->enabled ? (uint32_t)d->size : 0;
	case ACPI_MEMHP_SIZE_HI:
		return d->enabled ? (uint32_t)(d->size >> 32) : 0;
	case ACPI_MEMHP_PXM:
		return d->enabled ? d->node : 0;
	case ACPI_MEMHP_STATUS:
		return (d->enabled ? ACPI_MEMHP_STS_ENABLED : 0) |
		       (d->insert ? ACPI_MEMHP_STS_INSERT : 0) |
		       (d->remove ? ACPI_MEMHP_STS_REMOVE : 0);
	default:
		return 0xffffffffu;
	}
}

static uint8_t fake_read8(void *ctx, unsigned int off)
{
	return (uint8_t)fake_read32(ctx, off);
}

static void fake_write32(void *ctx, unsigned int off, uint32_t val)
{
	struct fake_dimm *d;

	if (off == ACPI_MEMHP_SELECTOR) {
		regs.selector = val;
		return;
	}
	d = selected();
	if (!d)
		return;
	if (off == ACPI_MEMHP_OST_EVENT) {
		regs.ost_event = val;
	} else if (off == ACPI_MEMHP_OST_STATUS) {
		regs.ost_status = val;
	} else if (off == ACPI_MEMHP_CONTROL) {
		/* Reserved bits: the driver must never set them. */
		if (val & 0xf1)
			regs.bad_writes++;
		if (val & ACPI_MEMHP_CTL_CLEAR_INSERT) {
			d->insert = false;
		} else if (val & ACPI_MEMHP_CTL_CLEAR_REMOVE) {
			d->remove = false;
		} else if (val & ACPI_MEMHP_CTL_EJECT) {
			if (d->enabled) {
				memset(d, 0, sizeof(*d));
				regs.ejects++;
			}
		}
	}
}

static void fake_write8(void *ctx, unsigned int off, uint8_t val)
{
	fake_write32(ctx, off, val);
}

static const struct acpi_memhp_ops fake_ops = {
    .read8 = fake_read8,
    .read32 = fake_read32,
    .write8 = fake_write8,
    .write32 = fake_write32,
};

static struct acpi_memhp hp;
static char before[4096], after[4096], text[2048];

/* device_add with or without hotplug (cold-plugged DIMMs have no event). */
static void plug(unsigned int slot, uint64_t addr, uint64_t size, bool hot)
{
	regs.dimm[slot] =
	    (struct fake_dimm){.enabled = true, .insert = hot, .addr = addr, .size = size};
}

/* device_del */
static void unplug_request(unsigned int slot)
{
	regs.dimm[slot].remove = true;
}

static const char *iomem(void)
{
	iomem_render(&mt.iomem, text, sizeof(text));
	return text;
}

static const char *memmap(void)
{
	firmware_map_render_table_in(&mt.fwmap, text, sizeof(text));
	return text;
}

#define SNAP(buf) memtest_snapshot(buf, sizeof(buf), MT_ALL)

/* The driver on mt. */
static int memhp_init_mt(int nr_slots)
{
	return acpi_memhp_init(&hp, &mt.mhp, &fake_ops, nr_slots);
}

static int memhp_init(struct ktest *t)
{
	int ret;

	memset(&regs, 0, sizeof(regs));
	regs.nr_slots = FAKE_SLOTS;
	ret = memtest_init_base(t);
	if (ret)
		return ret;
	mhp_set_default_online_type_in(&mt.mhp, MMOP_ONLINE);
	return 0;
}

static void memhp_exit(struct ktest *t)
{
	KTEST_EXPECT_INT_EQ(t, regs.bad_writes, 0);
	memtest_exit(t);
}

/* For cases that build their own boot memmap. */
static int memhp_init_bare(struct ktest *t)
{
	int ret;

	memset(&regs, 0, sizeof(regs));
	regs.nr_slots = FAKE_SLOTS;
	ret = memtest_init(t);
	if (ret)
		return ret;
	mhp_set_default_online_type_in(&mt.mhp, MMOP_ONLINE);
	return 0;
}

static void init_without_slots_or_device(struct ktest *t)
{
	KTEST_EXPECT_INT_EQ(t, memhp_init_mt(0), -ENODEV);
	KTEST_EXPECT_INT_EQ(t, hp.nr_slots, 0);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_boot_scan(&hp), 0);
	regs.absent = true;
	KTEST_EXPECT_INT_EQ(t, memhp_init_mt(4), -ENODEV);
	KTEST_EXPECT_INT_EQ(t, memhp_init_mt(-1), -ENODEV);
	KTEST_EXPECT_INT_EQ(t, hp.nr_slots, 0);
}

static void init_clamps_and_probes(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, memhp_init_mt(4), 0);
	KTEST_EXPECT_INT_EQ(t, hp.nr_slots, 4);
	KTEST_EXPECT_FALSE(t, hp.slots_probed);
	KTEST_ASSERT_INT_EQ(t, memhp_init_mt(1000), 0);
	KTEST_EXPECT_INT_EQ(t, hp.nr_slots, ACPI_MEMHP_MAX_SLOTS);
	/* Unknown count: all 256 slots, the ones beyond QEMU's read zero. */
	plug(3, DIMM0, 2 * BLK, false);
	KTEST_ASSERT_INT_EQ(t, memhp_init_mt(-1), 0);
	KTEST_EXPECT_TRUE(t, hp.slots_probed);
	KTEST_EXPECT_INT_EQ(t, hp.nr_slots, ACPI_MEMHP_MAX_SLOTS);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_boot_scan(&hp), 1);
	KTEST_EXPECT_TRUE(t, hp.slot[3].added);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &(struct hotplug_event){0}), 0);
}

static void coldplug_found_at_boot(struct ktest *t)
{
	struct memory_block *mem;

	plug(1, DIMM0, 2 * BLK, false);
	KTEST_ASSERT_INT_EQ(t, memhp_init_mt(FAKE_SLOTS), 0);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_boot_scan(&hp), 1);
	KTEST_EXPECT_STREQ(t, iomem(),
			   BASE_IOMEM_RAM "1040000000-104fffffff : System RAM\n" BASE_IOMEM_RES);
	KTEST_EXPECT_STREQ(t, memmap(), BASE_MEMMAP "2 0x1040000000 0x104fffffff System RAM\n");
	KTEST_EXPECT_INT_EQ(t, fake.calls_declare, 1);
	KTEST_EXPECT_EQ(t, fake.ram_start, DIMM0);
	KTEST_EXPECT_EQ(t, fake.ram_size, 2 * BLK);
	mem = find_memory_block_in(&mt.mhp, DIMM0);
	KTEST_ASSERT_NOT_NULL(t, mem);
	KTEST_EXPECT_INT_EQ(t, mem->state, MEM_ONLINE);
	KTEST_EXPECT_TRUE(t, mem->group && mem->group->id == hp.slot[1].mgid);
	KTEST_EXPECT_FALSE(t, mem->group->is_dynamic);
	/* MHP_MEMMAP_ON_MEMORY took effect (the fake can host the memmap). */
	KTEST_EXPECT_TRUE(t, mem->nr_vmemmap_pages != 0 || !fake.memmap_capable);
	mem = find_memory_block_in(&mt.mhp, DIMM0 + BLK);
	KTEST_ASSERT_NOT_NULL(t, mem);
	KTEST_EXPECT_INT_EQ(t, mem->state, MEM_ONLINE);
	/* No event for a cold-plugged DIMM, and no second add. */
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &(struct hotplug_event){0}), 0);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_boot_scan(&hp), 0);
}

/* The reference capture acpi-dimm/coldplug: the DIMM is added before the
 * boot entries are published, so it is memmap entry 0; a hot-added DIMM
 * takes the next index; a removed one's index is never reused. */
static void coldplug_gets_memmap_index_0(struct ktest *t)
{
	struct hotplug_event ev;

	KTEST_ASSERT_INT_EQ(t, firmware_map_add_early_in(&mt.fwmap, 0, 0x9fc00, "System RAM"), 0);
	KTEST_ASSERT_INT_EQ(
	    t, firmware_map_add_early_in(&mt.fwmap, FAKE_BASE, FAKE_BASE + 256 * MiB, "System RAM"),
	    0);
	KTEST_ASSERT_NOT_NULL(t, __request_region(&mt.iomem, FAKE_BASE, 256 * MiB, "System RAM",
						  IORESOURCE_SYSTEM_RAM));
	plug(0, DIMM0, 2 * BLK, false);
	KTEST_ASSERT_INT_EQ(t, memhp_init_mt(FAKE_SLOTS), 0);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_boot_scan(&hp), 1);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&mt.fwmap), 0);
	KTEST_EXPECT_STREQ(t, memmap(),
			   "# N start end type\n"
			   "0 0x1040000000 0x104fffffff System RAM\n"
			   "1 0x0 0x9fbff System RAM\n"
			   "2 0x1000000000 0x100fffffff System RAM\n");
	plug(1, DIMM1, 2 * BLK, true);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 1);
	KTEST_EXPECT_STREQ(t, memmap(),
			   "# N start end type\n"
			   "0 0x1040000000 0x104fffffff System RAM\n"
			   "1 0x0 0x9fbff System RAM\n"
			   "2 0x1000000000 0x100fffffff System RAM\n"
			   "3 0x1080000000 0x108fffffff System RAM\n");
	unplug_request(1);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 1);
	KTEST_EXPECT_STREQ(t, memmap(),
			   "# N start end type\n"
			   "0 0x1040000000 0x104fffffff System RAM\n"
			   "1 0x0 0x9fbff System RAM\n"
			   "2 0x1000000000 0x100fffffff System RAM\n");
	KTEST_EXPECT_INT_EQ(t, firmware_map_next_index_in(&mt.fwmap), 4);
}

static void hot_insert_then_remove(struct ktest *t)
{
	struct hotplug_event ev;
	int mgid;

	KTEST_ASSERT_INT_EQ(t, memhp_init_mt(FAKE_SLOTS), 0);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_boot_scan(&hp), 0);
	SNAP(before);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 0);

	plug(2, DIMM1, BLK, true);
	KTEST_ASSERT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 1);
	KTEST_EXPECT_STREQ(t, ev.device, "acpi-dimm2");
	KTEST_EXPECT_INT_EQ(t, ev.action, HOTPLUG_ADD);
	KTEST_EXPECT_INT_EQ(t, ev.start, DIMM1);
	KTEST_EXPECT_INT_EQ(t, ev.end, DIMM1 + BLK - 1);
	KTEST_EXPECT_FALSE(t, regs.dimm[2].insert);
	KTEST_EXPECT_STREQ(t, iomem(),
			   BASE_IOMEM_RAM "1080000000-1087ffffff : System RAM\n" BASE_IOMEM_RES);
	KTEST_EXPECT_INT_EQ(t, find_memory_block_in(&mt.mhp, DIMM1)->state, MEM_ONLINE);
	mgid = hp.slot[2].mgid;
	KTEST_EXPECT_NOT_NULL(t, memory_group_find_by_id_in(&mt.mhp, mgid));
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 0);

	unplug_request(2);
	KTEST_ASSERT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 1);
	KTEST_EXPECT_STREQ(t, ev.device, "acpi-dimm2");
	KTEST_EXPECT_INT_EQ(t, ev.action, HOTPLUG_REMOVE);
	KTEST_EXPECT_INT_EQ(t, ev.start, DIMM1);
	KTEST_EXPECT_INT_EQ(t, ev.end, DIMM1 + BLK - 1);
	KTEST_EXPECT_INT_EQ(t, regs.ejects, 1);
	KTEST_EXPECT_FALSE(t, regs.dimm[2].enabled);
	KTEST_EXPECT_INT_EQ(t, fake.calls_forget, 1);
	KTEST_EXPECT_EQ(t, fake.ram_start, DIMM1);
	KTEST_EXPECT_EQ(t, fake.ram_size, BLK);
	KTEST_EXPECT_NULL(t, memory_group_find_by_id_in(&mt.mhp, mgid));
	KTEST_EXPECT_FALSE(t, hp.slot[2].added);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 0);
}

/* Memory pressure during a hot-add: whichever allocation of the insert
 * fails (the kernel heap nearly full), the DIMM is either added whole (the
 * fault hit onlining, which an add does not fail for) or refused by name
 * with nothing changed and no device RAM left declared. */
static void hot_insert_under_allocation_faults(struct ktest *t)
{
	struct hotplug_event ev;
	unsigned int n, allocs, refused = 0;
	int ret;

	KTEST_ASSERT_INT_EQ(t, memhp_init_mt(FAKE_SLOTS), 0);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_boot_scan(&hp), 0);
	plug(2, DIMM1, 2 * BLK, true);
	kalloc_fail_nth(0);
	KTEST_ASSERT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 1);
	allocs = kalloc_count();
	KTEST_ASSERT_GE(t, allocs, 3);
	for (n = 1; n <= allocs; n++) {
		memhp_exit(t);
		KTEST_ASSERT_INT_EQ(t, memhp_init(t), 0);
		KTEST_ASSERT_INT_EQ(t, memhp_init_mt(FAKE_SLOTS), 0);
		KTEST_EXPECT_INT_EQ(t, acpi_memhp_boot_scan(&hp), 0);
		SNAP(before);
		plug(2, DIMM1, 2 * BLK, true);
		kalloc_fail_nth(n);
		memtest_capture_start();
		ret = acpi_memhp_poll(&hp, &ev);
		memtest_capture_stop();
		kalloc_fail_nth(0);
		if (ret == 1) {
			KTEST_EXPECT_TRUE(t, hp.slot[2].added);
			KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 2);
		} else {
			KTEST_EXPECT_TRUE(t, ret < 0);
			KTEST_EXPECT_FALSE(t, hp.slot[2].added);
			SNAP(after);
			KTEST_EXPECT_STREQ(t, after, before);
			KTEST_EXPECT_INT_EQ(t, fake.calls_declare, fake.calls_forget);
			refused++;
		}
		if (t->status == KTEST_FAIL) {
			ktest_info(t, "allocation %u of %u failed: %d", n, allocs, ret);
			return;
		}
	}
	KTEST_EXPECT_GE(t, refused, allocs / 2);
}

/* Linux with memhp_default_state=online often cannot offline a DIMM: the
 * eject fails, the DIMM stays, and a later device_del may succeed. */
static void remove_busy_keeps_dimm(struct ktest *t)
{
	struct hotplug_event ev;

	plug(0, DIMM0, BLK, false);
	KTEST_ASSERT_INT_EQ(t, memhp_init_mt(FAKE_SLOTS), 0);
	KTEST_ASSERT_INT_EQ(t, acpi_memhp_boot_scan(&hp), 1);
	fake_mark_busy(DIMM0 + 64 * MiB, true);
	SNAP(before);
	unplug_request(0);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), -EBUSY);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	KTEST_EXPECT_TRUE(t, regs.dimm[0].enabled);
	KTEST_EXPECT_FALSE(t, regs.dimm[0].remove);
	KTEST_EXPECT_INT_EQ(t, regs.ejects, 0);
	KTEST_EXPECT_INT_EQ(t, fake.calls_forget, 0);
	KTEST_EXPECT_TRUE(t, hp.slot[0].added);
	KTEST_EXPECT_INT_EQ(t, hp.slot[0].err, -EBUSY);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 0);

	fake_mark_busy(DIMM0 + 64 * MiB, false);
	unplug_request(0);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 1);
	KTEST_EXPECT_INT_EQ(t, regs.ejects, 1);
	KTEST_EXPECT_STREQ(t, iomem(), BASE_IOMEM_RAM BASE_IOMEM_RES);
}

/* A refused slot at boot: named error, nothing changed, others still added. */
static void expect_refused_at_boot(struct ktest *t, uint64_t addr, uint64_t size, int err)
{
	memset(&regs.dimm, 0, sizeof(regs.dimm));
	plug(1, addr, size, false);
	KTEST_ASSERT_INT_EQ(t, memhp_init_mt(FAKE_SLOTS), 0);
	SNAP(before);
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_boot_scan(&hp), 0);
	KTEST_EXPECT_TRUE(t, strstr(memtest_capture_stop(), "acpi_memhp: slot 1") != NULL);
	KTEST_EXPECT_INT_EQ(t, hp.slot[1].err, err);
	KTEST_EXPECT_FALSE(t, hp.slot[1].added);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
	KTEST_EXPECT_INT_EQ(t, fake.calls_declare, fake.calls_forget);
}

static void zero_size_refused(struct ktest *t)
{
	expect_refused_at_boot(t, DIMM0, 0, -EINVAL);
	KTEST_EXPECT_INT_EQ(t, fake.calls_declare, 0);
}

static void overlapping_ram_refused(struct ktest *t)
{
	expect_refused_at_boot(t, FAKE_BASE, BLK, -EEXIST);
	expect_refused_at_boot(t, FAKE_BASE + 128 * MiB, 2 * BLK, -EEXIST);
	KTEST_EXPECT_INT_EQ(t, fake.calls_declare, 0);
}

static void unaligned_refused(struct ktest *t)
{
	expect_refused_at_boot(t, DIMM0 + 2 * MiB, BLK, -EINVAL);
	expect_refused_at_boot(t, DIMM0, 64 * MiB, -EINVAL);
	expect_refused_at_boot(t, DIMM0, BLK + 2 * MiB, -EINVAL);
	expect_refused_at_boot(t, 0xfffffffff8000000ull, 2 * BLK, -EINVAL);
	KTEST_EXPECT_INT_EQ(t, fake.calls_declare, 0);
}

/* A hostile DIMM size: block-aligned but past the CPU's reach, wrapping
 * past 2^64 from an ordinary base, or covering boot RAM from 0. */
static void huge_size_refused(struct ktest *t)
{
	expect_refused_at_boot(t, DIMM0, 1ull << 62, -E2BIG);
	expect_refused_at_boot(t, DIMM0, 0xfffffffff8000000ull, -EINVAL);
	expect_refused_at_boot(t, 0, 0xfffffffff8000000ull, -EEXIST);
}

static void machine_refusal_unwinds(struct ktest *t)
{
	/* The machine refuses the device RAM (it overlaps a declared range). */
	fake.fail_declare_nth = 1;
	expect_refused_at_boot(t, DIMM0, BLK, -EEXIST);
	KTEST_EXPECT_EQ(t, fake.fail_declare_nth, 0);
	KTEST_EXPECT_INT_EQ(t, fake.calls_declare, 0);
	/* The core refuses (outside the fake's MAXPHYADDR): group and device RAM
	 * are given back. */
	expect_refused_at_boot(t, 1ull << 50, BLK, -E2BIG);
	KTEST_EXPECT_INT_EQ(t, fake.calls_declare, 1);
	KTEST_EXPECT_INT_EQ(t, fake.calls_forget, 1);
	KTEST_EXPECT_NULL(t, memory_group_find_by_id_in(&mt.mhp, 0));
}

/* MDNR may claim more slots than the block has: QEMU reads 0 there and
 * ignores writes, so those slots are simply empty. */
static void selector_beyond_count(struct ktest *t)
{
	struct hotplug_event ev;

	regs.nr_slots = 2;
	plug(1, DIMM0, BLK, false);
	KTEST_ASSERT_INT_EQ(t, memhp_init_mt(8), 0);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_boot_scan(&hp), 1);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 0);
	regs.selector = 5;
	KTEST_EXPECT_INT_EQ(t, fake_read32(NULL, ACPI_MEMHP_SIZE_LO), 0);
}

static void hot_insert_refused_then_ejected(struct ktest *t)
{
	struct hotplug_event ev;

	KTEST_ASSERT_INT_EQ(t, memhp_init_mt(FAKE_SLOTS), 0);
	SNAP(before);
	plug(3, DIMM1 + 2 * MiB, BLK, true);
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), -EINVAL);
	memtest_capture_stop();
	KTEST_EXPECT_FALSE(t, regs.dimm[3].insert);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 0);
	unplug_request(3);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 1);
	KTEST_EXPECT_INT_EQ(t, ev.action, HOTPLUG_REMOVE);
	KTEST_EXPECT_INT_EQ(t, regs.ejects, 1);
	SNAP(after);
	KTEST_EXPECT_STREQ(t, after, before);
}

/* device_add before the guest looked: enabled with a pending insert. */
static void pending_insert_at_boot(struct ktest *t)
{
	plug(0, DIMM0, BLK, true);
	KTEST_ASSERT_INT_EQ(t, memhp_init_mt(FAKE_SLOTS), 0);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_boot_scan(&hp), 1);
	KTEST_EXPECT_FALSE(t, regs.dimm[0].insert);
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &(struct hotplug_event){0}), 0);
}

/* Two DIMMs plugged at once: one event per poll, in slot order. */
static void two_events_two_polls(struct ktest *t)
{
	struct hotplug_event ev;

	KTEST_ASSERT_INT_EQ(t, memhp_init_mt(FAKE_SLOTS), 0);
	plug(2, DIMM1, BLK, true);
	plug(1, DIMM0, BLK, true);
	KTEST_ASSERT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 1);
	KTEST_EXPECT_STREQ(t, ev.device, "acpi-dimm1");
	KTEST_ASSERT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 1);
	KTEST_EXPECT_STREQ(t, ev.device, "acpi-dimm2");
	KTEST_EXPECT_INT_EQ(t, acpi_memhp_poll(&hp, &ev), 0);
}

static const struct ktest_case acpi_memhp_cases[] = {
    KTEST_CASE(init_without_slots_or_device),
    KTEST_CASE(init_clamps_and_probes),
    KTEST_CASE(coldplug_found_at_boot),
    KTEST_CASE(hot_insert_then_remove),
    KTEST_CASE(hot_insert_under_allocation_faults),
    KTEST_CASE(remove_busy_keeps_dimm),
    KTEST_CASE(zero_size_refused),
    KTEST_CASE(overlapping_ram_refused),
    KTEST_CASE(unaligned_refused),
    KTEST_CASE(huge_size_refused),
    KTEST_CASE(machine_refusal_unwinds),
    KTEST_CASE(selector_beyond_count),
    KTEST_CASE(hot_insert_refused_then_ejected),
    KTEST_CASE(pending_insert_at_boot),
    KTEST_CASE(two_events_two_polls),
    {0},
};
static const struct ktest_suite acpi_memhp_suite = {
    .name = "acpi_memhp",
    .cases = acpi_memhp_cases,
    .init = memhp_init,
    .exit = memhp_exit,
};
KTEST_SUITE(acpi_memhp_suite);

static const struct ktest_case acpi_memhp_boot_cases[] = {
    KTEST_CASE(coldplug_gets_memmap_index_0),
    {0},
};
static const struct ktest_suite acpi_memhp_boot_suite = {
    .name = "acpi_memhp_boot",
    .cases = acpi_memhp_boot_cases,
    .init = memhp_init_bare,
    .exit = memhp_exit,
};
KTEST_SUITE(acpi_memhp_boot_suite);
