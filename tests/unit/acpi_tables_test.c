/* Tests of the static ACPI table parser. Every table is built here by hand in
 * a fake "physical memory" (a few static byte arrays placed at chosen
 * addresses); the accessor returns -EFAULT outside them, so each case says
 * exactly which bytes are wrong or missing. Everything is static: these cases
 * also run on the kernel stack. */
#include "drivers/acpi/tables.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "tests/unit/le_put.h"

/* ---- fake physical memory ---- */

#define TBL_BASE  0x1ffe0000ull /* where QEMU puts its tables with -m 512M */
#define BDA_BASE  0x400ull
#define EBDA_BASE 0x9fc00ull
#define BIOS_BASE 0xf5000ull

static uint8_t tblmem[16384];
static uint8_t bdamem[256];
static uint8_t ebdamem[1024];
static uint8_t biosmem[4096];
static size_t tbl_used;

struct region {
	uint64_t phys;
	uint8_t *buf;
	size_t len;
};

static struct region regions[4];
static size_t nregions;

static int fake_read(void *ctx, uint64_t phys, void *dst, size_t len)
{
	for (size_t i = 0; i < nregions; i++) {
		const struct region *r = &regions[i];

		if (phys >= r->phys && phys - r->phys <= r->len &&
		    len <= r->len - (phys - r->phys)) {
			memcpy(dst, r->buf + (phys - r->phys), len);
			return 0;
		}
	}
	return -EFAULT;
}

static const struct acpi_mem_ops fake_ops = {.read = fake_read, .ctx = NULL};

static void add_region(uint64_t phys, uint8_t *buf, size_t len)
{
	regions[nregions++] = (struct region){phys, buf, len};
}

static struct acpi_tables tabs;
static uint8_t rsdp[ACPI_RSDP_MAX_LEN];
static char out[4096];

static int acpi_test_init(struct ktest *t)
{
	memset(tblmem, 0, sizeof(tblmem));
	memset(bdamem, 0, sizeof(bdamem));
	memset(ebdamem, 0, sizeof(ebdamem));
	memset(biosmem, 0, sizeof(biosmem));
	memset(rsdp, 0, sizeof(rsdp));
	tbl_used = 0;
	nregions = 0;
	add_region(TBL_BASE, tblmem, sizeof(tblmem));
	return 0;
}

/* ---- table builder ---- */

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

/* Pointer to n bytes of table memory at phys, NULL when outside. */
static uint8_t *tb_ptr(uint64_t phys, size_t n)
{
	if (phys < TBL_BASE || phys - TBL_BASE > sizeof(tblmem) ||
	    n > sizeof(tblmem) - (phys - TBL_BASE))
		return NULL;
	return tblmem + (phys - TBL_BASE);
}

/* Tables are packed back to back, unaligned, as QEMU does. Returns 0 (an
 * address no case uses) when the test memory is full. */
static uint64_t tb_alloc(size_t n)
{
	uint64_t phys = TBL_BASE + tbl_used;

	if (n > sizeof(tblmem) - tbl_used)
		return 0;
	tbl_used += n;
	return phys;
}

/* Recomputes the checksum over the length field's bytes (as far as they are
 * in test memory). */
static void tb_fix(uint64_t phys)
{
	uint8_t *p = tb_ptr(phys, ACPI_HDR_LEN);
	size_t len, room;

	if (!p)
		return;
	len = p[4] | p[5] << 8 | p[6] << 16 | (size_t)p[7] << 24;
	room = sizeof(tblmem) - (phys - TBL_BASE);
	if (len > room)
		len = room;
	if (len < ACPI_HDR_LEN)
		len = ACPI_HDR_LEN;
	p[9] = 0;
	p[9] = (uint8_t)-sum(p, len);
}

/* A table body under construction. */
static struct {
	uint8_t d[2048];
	size_t n;
} body;

static void b_reset(void)
{
	memset(&body, 0, sizeof(body));
}

static uint8_t *b_room(size_t n)
{
	uint8_t *p = body.d + body.n;

	if (n > sizeof(body.d) - body.n)
		return body.d; /* the test is wrong; its asserts will show it */
	body.n += n;
	return p;
}

static void b8(uint8_t v)
{
	*b_room(1) = v;
}

static void b16(uint16_t v)
{
	put16(b_room(2), v);
}

static void b32(uint32_t v)
{
	put32(b_room(4), v);
}

static void b64(uint64_t v)
{
	put64(b_room(8), v);
}

/* Writes header + the current body as table `sig`, checksum fixed. */
static uint64_t tb_body(const char *sig)
{
	size_t len = ACPI_HDR_LEN + body.n;
	uint64_t phys = tb_alloc(len);
	uint8_t *p = tb_ptr(phys, len);

	if (!p)
		return 0;
	memcpy(p, sig, 4);
	put32(p + 4, (uint32_t)len);
	p[8] = 1;
	memcpy(p + 10, "HOTMEM", 6);
	memcpy(p + 16, "TESTTBL ", 8);
	put32(p + 24, 0x20240101);
	memcpy(p + 28, "HMTC", 4);
	put32(p + 32, 7);
	memcpy(p + ACPI_HDR_LEN, body.d, body.n);
	tb_fix(phys);
	return phys;
}

static uint64_t tb_empty(const char *sig)
{
	b_reset();
	return tb_body(sig);
}

static void set_len(uint64_t phys, uint32_t len)
{
	uint8_t *p = tb_ptr(phys, ACPI_HDR_LEN);

	if (p)
		put32(p + 4, len);
	tb_fix(phys);
}

/* Breaks the checksum of a finished table. */
static void spoil(uint64_t phys)
{
	uint8_t *p = tb_ptr(phys, ACPI_HDR_LEN);

	if (p)
		p[9] ^= 0x55;
}

static uint64_t make_root(const char *sig, const uint64_t *addrs, size_t n)
{
	bool x = sig[0] == 'X';

	b_reset();
	for (size_t i = 0; i < n; i++) {
		if (x)
			b64(addrs[i]);
		else
			b32((uint32_t)addrs[i]);
	}
	return tb_body(sig);
}

/* RSDP in rsdp[]: 20 bytes (revision 0) or 36 (revision >= 2). */
static size_t make_rsdp(uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	size_t len = rev >= 2 ? ACPI_RSDP_V2_LEN : ACPI_RSDP_V1_LEN;

	memset(rsdp, 0, sizeof(rsdp));
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "BOCHS ", 6);
	rsdp[15] = rev;
	put32(rsdp + 16, rsdt);
	rsdp[8] = (uint8_t)-sum(rsdp, ACPI_RSDP_V1_LEN);
	if (rev >= 2) {
		put32(rsdp + 20, ACPI_RSDP_V2_LEN);
		put64(rsdp + 24, xsdt);
		rsdp[32] = (uint8_t)-sum(rsdp, ACPI_RSDP_V2_LEN);
	}
	return len;
}

/* Parses a v1 RSDP pointing at an RSDT listing addrs. */
static int parse_rsdt(const uint64_t *addrs, size_t n)
{
	uint64_t rsdt = make_root("RSDT", addrs, n);
	size_t len = make_rsdp(0, (uint32_t)rsdt, 0);

	return acpi_tables_init(&tabs, rsdp, len, &fake_ops);
}

/* ---- MADT, HPET, SRAT, MCFG, FADT makers ---- */

static void madt_lapic(uint8_t uid, uint8_t id, uint32_t flags)
{
	b8(0), b8(8), b8(uid), b8(id), b32(flags);
}

static void madt_ioapic(uint8_t id, uint32_t addr, uint32_t gsi)
{
	b8(1), b8(12), b8(id), b8(0), b32(addr), b32(gsi);
}

static void madt_iso(uint8_t src, uint32_t gsi, uint16_t flags)
{
	b8(2), b8(10), b8(0), b8(src), b32(gsi), b16(flags);
}

/* Like QEMU's: 2 CPUs (one only online-capable), an IOAPIC, 2 overrides and
 * an NMI entry (type 4, skipped). */
static void madt_begin(void)
{
	b_reset();
	b32(0xfee00000);
	b32(ACPI_MADT_PCAT_COMPAT);
	madt_lapic(0, 0, 1);
	madt_lapic(1, 1, 2);
	madt_ioapic(0, 0xfec00000, 0);
	madt_iso(0, 2, 0);
	madt_iso(9, 9, 0xd);
	b8(4), b8(6), b8(0xff), b16(0), b8(1);
}

static uint64_t make_madt(void)
{
	madt_begin();
	return tb_body("APIC");
}

static uint64_t make_hpet(uint8_t space, uint64_t base, uint8_t number)
{
	b_reset();
	b32(0x8086a201);
	b8(space), b8(64), b8(0), b8(0), b64(base);
	b8(number);
	b16(128);
	b8(0);
	return tb_body("HPET");
}

static void srat_mem(uint32_t pxm, uint64_t base, uint64_t len, uint32_t flags)
{
	b8(1), b8(40), b32(pxm), b16(0), b64(base), b64(len), b32(0), b32(flags), b64(0);
}

/* QEMU's SRAT with maxmem: low RAM, RAM, a disabled filler, a hotplug range;
 * plus an NVDIMM-like range, a type-0 CPU with a 32-bit domain and an x2APIC. */
static uint64_t make_srat(void)
{
	b_reset();
	b32(1), b64(0);
	/* Type 0: APIC 0, enabled, domain 0x01020304 split over bytes 2 and 9-11. */
	b8(0), b8(16), b8(0x04), b8(0), b32(1), b8(0), b8(0x03), b8(0x02), b8(0x01), b32(0);
	srat_mem(0, 0, 0xa0000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(0, 0x100000, 0x1ff00000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(0, 0, 0, 0);
	srat_mem(0, 0x100000000ull, 0xe0000000ull,
		 ACPI_SRAT_MEM_ENABLED | ACPI_SRAT_MEM_HOTPLUGGABLE);
	srat_mem(1, 0x200000000ull, 0x40000000ull,
		 ACPI_SRAT_MEM_ENABLED | ACPI_SRAT_MEM_HOTPLUGGABLE | ACPI_SRAT_MEM_NONVOLATILE);
	b8(2), b8(24), b16(0), b32(7), b32(0x300), b32(1), b32(0), b32(0);
	return tb_body("SRAT");
}

static void mcfg_entry(uint64_t base, uint16_t seg, uint8_t start, uint8_t end)
{
	b64(base), b16(seg), b8(start), b8(end), b32(0);
}

static uint64_t make_mcfg(void)
{
	b_reset();
	b64(0);
	mcfg_entry(0xb0000000, 0, 0, 0xff);
	return tb_body("MCFG");
}

/* A FADT of `len` bytes (116 like ACPI 1.0, 244 like QEMU's q35). */
static uint64_t make_fadt(uint32_t len, uint32_t dsdt, uint64_t xdsdt)
{
	b_reset();
	b_room(len - ACPI_HDR_LEN);
	put32(body.d + 40 - ACPI_HDR_LEN, dsdt);
	if (len >= 148)
		put64(body.d + 140 - ACPI_HDR_LEN, xdsdt);
	return tb_body("FACP");
}

/* A FADT with PM timer fields: PM_TMR_BLK, PM_TMR_LEN, the flags and, for
 * len >= 220, X_PM_TMR_BLK (address space xspace, address xport). */
static uint64_t make_fadt_pm(uint32_t len, uint32_t port, uint8_t tmr_len, uint32_t flags,
			     uint8_t xspace, uint64_t xport)
{
	b_reset();
	b_room(len - ACPI_HDR_LEN);
	if (len >= 80)
		put32(body.d + 76 - ACPI_HDR_LEN, port);
	if (len >= 92)
		body.d[91 - ACPI_HDR_LEN] = tmr_len;
	if (len >= 116)
		put32(body.d + 112 - ACPI_HDR_LEN, flags);
	if (len >= 220) {
		body.d[208 - ACPI_HDR_LEN] = xspace;
		body.d[209 - ACPI_HDR_LEN] = 32;
		put64(body.d + 212 - ACPI_HDR_LEN, xport);
	}
	return tb_body("FACP");
}

static uint64_t make_dsdt(void)
{
	b_reset();
	b8(0x10), b8(0x0a), b8(0x5c), b8(0x2f); /* some AML-looking bytes */
	return tb_body("DSDT");
}

/* ---- cases ---- */

static void rsdp_v1_rsdt_parses_all_tables(struct ktest *t)
{
	uint64_t dsdt = make_dsdt();
	uint64_t addrs[] = {make_fadt(116, (uint32_t)dsdt, 0), make_madt(),
			    make_hpet(ACPI_SPACE_MEMORY, 0xfed00000, 0), make_srat(), make_mcfg()};
	const struct acpi_table_info *h;
	const struct acpi_madt *m = &tabs.madt;

	KTEST_ASSERT_INT_EQ(t, parse_rsdt(addrs, 5), 0);
	KTEST_EXPECT_EQ(t, tabs.nproblems, 0);
	KTEST_EXPECT_EQ(t, tabs.rsdp.revision, 0);
	KTEST_EXPECT_STREQ(t, tabs.rsdp.oem_id, "BOCHS ");
	KTEST_EXPECT_EQ(t, tabs.rsdp.length, 20);
	KTEST_EXPECT_EQ(t, tabs.rsdp.xsdt_addr, 0);
	KTEST_EXPECT_FALSE(t, tabs.root_is_xsdt);
	KTEST_EXPECT_STREQ(t, tabs.root.sig, "RSDT");
	KTEST_EXPECT_EQ(t, tabs.root.length, ACPI_HDR_LEN + 5 * 4);

	/* The DSDT comes right after the FADT that names it. */
	KTEST_ASSERT_EQ(t, tabs.ntables, 6);
	KTEST_EXPECT_STREQ(t, tabs.tables[0].sig, "FACP");
	KTEST_EXPECT_STREQ(t, tabs.tables[1].sig, "DSDT");
	KTEST_EXPECT_EQ(t, tabs.tables[1].phys, dsdt);
	KTEST_EXPECT_STREQ(t, tabs.tables[2].sig, "APIC");
	KTEST_EXPECT_STREQ(t, tabs.tables[3].sig, "HPET");
	KTEST_EXPECT_STREQ(t, tabs.tables[4].sig, "SRAT");
	KTEST_EXPECT_STREQ(t, tabs.tables[5].sig, "MCFG");
	KTEST_EXPECT_TRUE(t, tabs.has_fadt);
	KTEST_EXPECT_TRUE(t, tabs.has_dsdt);

	h = acpi_find_table(&tabs, "HPET", 0);
	KTEST_ASSERT_NOT_NULL(t, h);
	KTEST_EXPECT_EQ(t, h->phys, addrs[2]);
	KTEST_EXPECT_EQ(t, h->length, 56);
	KTEST_EXPECT_EQ(t, h->revision, 1);
	KTEST_EXPECT_STREQ(t, h->oem_id, "HOTMEM");
	KTEST_EXPECT_STREQ(t, h->oem_table_id, "TESTTBL ");
	KTEST_EXPECT_EQ(t, h->oem_revision, 0x20240101);
	KTEST_EXPECT_STREQ(t, h->creator_id, "HMTC");
	KTEST_EXPECT_EQ(t, h->creator_revision, 7);
	KTEST_EXPECT_NULL(t, acpi_find_table(&tabs, "HPET", 1));
	KTEST_EXPECT_NULL(t, acpi_find_table(&tabs, "SSDT", 0));
	KTEST_EXPECT_NULL(t, acpi_find_table(&tabs, "HPE", 0));

	KTEST_ASSERT_TRUE(t, m->present);
	KTEST_EXPECT_EQ(t, m->phys, addrs[1]);
	KTEST_EXPECT_EQ(t, m->lapic_addr, 0xfee00000);
	KTEST_EXPECT_FALSE(t, m->lapic_addr_override);
	KTEST_EXPECT_EQ(t, m->flags, ACPI_MADT_PCAT_COMPAT);
	KTEST_ASSERT_EQ(t, m->ncpus, 2);
	KTEST_EXPECT_EQ(t, m->cpus[0].uid, 0);
	KTEST_EXPECT_EQ(t, m->cpus[0].apic_id, 0);
	KTEST_EXPECT_TRUE(t, m->cpus[0].enabled);
	KTEST_EXPECT_EQ(t, m->cpus[1].apic_id, 1);
	KTEST_EXPECT_FALSE(t, m->cpus[1].enabled);
	KTEST_EXPECT_TRUE(t, m->cpus[1].online_capable);
	KTEST_ASSERT_EQ(t, m->nioapics, 1);
	KTEST_EXPECT_EQ(t, m->ioapics[0].id, 0);
	KTEST_EXPECT_EQ(t, m->ioapics[0].addr, 0xfec00000);
	KTEST_EXPECT_EQ(t, m->ioapics[0].gsi_base, 0);
	KTEST_ASSERT_EQ(t, m->nisos, 2);
	KTEST_EXPECT_EQ(t, m->isos[0].source, 0);
	KTEST_EXPECT_EQ(t, m->isos[0].gsi, 2);
	KTEST_EXPECT_EQ(t, m->isos[0].flags, 0);
	KTEST_EXPECT_EQ(t, m->isos[1].source, 9);
	KTEST_EXPECT_EQ(t, m->isos[1].gsi, 9);
	KTEST_EXPECT_EQ(t, m->isos[1].flags, 0xd);
	KTEST_EXPECT_EQ(t, m->dropped, 0);

	KTEST_ASSERT_EQ(t, tabs.nhpets, 1);
	KTEST_EXPECT_EQ(t, tabs.hpets[0].phys, addrs[2]);
	KTEST_EXPECT_EQ(t, tabs.hpets[0].block_id, 0x8086a201);
	KTEST_EXPECT_EQ(t, tabs.hpets[0].base, 0xfed00000);
	KTEST_EXPECT_EQ(t, tabs.hpets[0].number, 0);
	KTEST_EXPECT_EQ(t, tabs.hpets[0].min_tick, 128);

	KTEST_EXPECT_TRUE(t, tabs.srat.present);
	KTEST_EXPECT_EQ(t, tabs.srat.nmem, 5);
	KTEST_EXPECT_EQ(t, tabs.srat.ncpus, 2);

	KTEST_ASSERT_TRUE(t, tabs.mcfg.present);
	KTEST_ASSERT_EQ(t, tabs.mcfg.nentries, 1);
	KTEST_EXPECT_EQ(t, tabs.mcfg.entries[0].base, 0xb0000000);
	KTEST_EXPECT_EQ(t, tabs.mcfg.entries[0].segment, 0);
	KTEST_EXPECT_EQ(t, tabs.mcfg.entries[0].start_bus, 0);
	KTEST_EXPECT_EQ(t, tabs.mcfg.entries[0].end_bus, 0xff);
}

static void rsdp_v2_prefers_xsdt(struct ktest *t)
{
	uint64_t hpet_r = make_hpet(ACPI_SPACE_MEMORY, 0xfed00000, 0);
	uint64_t hpet_x = make_hpet(ACPI_SPACE_MEMORY, 0xfed80000, 1);
	uint64_t madt = make_madt();
	uint64_t xl[] = {madt, hpet_x};
	uint64_t rsdt = make_root("RSDT", &hpet_r, 1);
	uint64_t xsdt = make_root("XSDT", xl, 2);
	size_t len = make_rsdp(2, (uint32_t)rsdt, xsdt);

	KTEST_ASSERT_INT_EQ(t, acpi_tables_init(&tabs, rsdp, len, &fake_ops), 0);
	KTEST_EXPECT_EQ(t, tabs.nproblems, 0);
	KTEST_EXPECT_EQ(t, tabs.rsdp.revision, 2);
	KTEST_EXPECT_EQ(t, tabs.rsdp.length, 36);
	KTEST_EXPECT_EQ(t, tabs.rsdp.rsdt_addr, rsdt);
	KTEST_EXPECT_EQ(t, tabs.rsdp.xsdt_addr, xsdt);
	KTEST_EXPECT_TRUE(t, tabs.root_is_xsdt);
	KTEST_EXPECT_STREQ(t, tabs.root.sig, "XSDT");
	KTEST_EXPECT_EQ(t, tabs.root.phys, xsdt);
	KTEST_EXPECT_EQ(t, tabs.ntables, 2);
	KTEST_ASSERT_EQ(t, tabs.nhpets, 1);
	KTEST_EXPECT_EQ(t, tabs.hpets[0].base, 0xfed80000);
	KTEST_EXPECT_EQ(t, tabs.hpets[0].number, 1);
	KTEST_EXPECT_TRUE(t, tabs.madt.present);
}

/* A v2 RSDP with a zero or unusable XSDT falls back to the RSDT. */
static void bad_xsdt_falls_back_to_rsdt(struct ktest *t)
{
	uint64_t hpet = make_hpet(ACPI_SPACE_MEMORY, 0xfed00000, 0);
	uint64_t rsdt = make_root("RSDT", &hpet, 1);
	uint64_t xsdt = make_root("XSDT", &hpet, 1);
	const struct acpi_problem *p;
	size_t len;

	spoil(xsdt);
	len = make_rsdp(2, (uint32_t)rsdt, xsdt);
	KTEST_ASSERT_INT_EQ(t, acpi_tables_init(&tabs, rsdp, len, &fake_ops), 0);
	KTEST_EXPECT_FALSE(t, tabs.root_is_xsdt);
	KTEST_EXPECT_STREQ(t, tabs.root.sig, "RSDT");
	KTEST_EXPECT_EQ(t, tabs.nhpets, 1);
	KTEST_ASSERT_EQ(t, tabs.nproblems, 1);
	p = acpi_find_problem(&tabs, "XSDT", ACPI_PROB_CHECKSUM);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, p->phys, xsdt);
	KTEST_EXPECT_INT_EQ(t, p->err, -EBADMSG);

	/* XSDT address out of readable memory (above 4 GiB in the kernel). */
	len = make_rsdp(2, (uint32_t)rsdt, 0x100000000ull);
	KTEST_ASSERT_INT_EQ(t, acpi_tables_init(&tabs, rsdp, len, &fake_ops), 0);
	KTEST_EXPECT_STREQ(t, tabs.root.sig, "RSDT");
	p = acpi_find_problem(&tabs, "XSDT", ACPI_PROB_READ);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_INT_EQ(t, p->err, -EFAULT);

	/* The XSDT pointer leads to an RSDT: wrong signature. */
	len = make_rsdp(2, (uint32_t)rsdt, rsdt);
	KTEST_ASSERT_INT_EQ(t, acpi_tables_init(&tabs, rsdp, len, &fake_ops), 0);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "XSDT", ACPI_PROB_SIGNATURE));

	/* Zero XSDT: RSDT silently. */
	len = make_rsdp(2, (uint32_t)rsdt, 0);
	KTEST_ASSERT_INT_EQ(t, acpi_tables_init(&tabs, rsdp, len, &fake_ops), 0);
	KTEST_EXPECT_STREQ(t, tabs.root.sig, "RSDT");
	KTEST_EXPECT_EQ(t, tabs.nproblems, 0);

	/* Bad XSDT and no RSDT: the XSDT's error. */
	len = make_rsdp(2, 0, xsdt);
	KTEST_EXPECT_INT_EQ(t, acpi_tables_init(&tabs, rsdp, len, &fake_ops), -EBADMSG);
	KTEST_EXPECT_EQ(t, tabs.root.length, 0);
	KTEST_EXPECT_EQ(t, tabs.ntables, 0);
}

static void rsdp_bad_signature(struct ktest *t)
{
	size_t len = make_rsdp(0, 0x1000, 0);
	const struct acpi_problem *p;

	rsdp[3] = 'X';
	rsdp[8] = (uint8_t)(rsdp[8] - ('X' - ' ')); /* checksum still fine */
	KTEST_EXPECT_INT_EQ(t, acpi_rsdp_parse(rsdp, len, NULL), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, acpi_tables_init(&tabs, rsdp, len, &fake_ops), -EINVAL);
	p = acpi_find_problem(&tabs, "RSDP", ACPI_PROB_SIGNATURE);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_INT_EQ(t, p->err, -EINVAL);
	KTEST_EXPECT_EQ(t, tabs.rsdp.length, 0);

	/* Too short to hold a v1 RSDP, or no buffer at all. */
	len = make_rsdp(0, 0x1000, 0);
	KTEST_EXPECT_INT_EQ(t, acpi_rsdp_parse(rsdp, 19, NULL), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, acpi_rsdp_parse(NULL, len, NULL), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, acpi_tables_init(&tabs, NULL, 0, &fake_ops), -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "RSDP", ACPI_PROB_LENGTH));
	KTEST_EXPECT_INT_EQ(t, acpi_tables_init(&tabs, rsdp, len, NULL), -EINVAL);
}

static void rsdp_bad_checksum(struct ktest *t)
{
	size_t len = make_rsdp(0, 0x1000, 0);
	struct acpi_rsdp r;

	KTEST_EXPECT_INT_EQ(t, acpi_rsdp_parse(rsdp, len, &r), 0);
	KTEST_EXPECT_EQ(t, r.rsdt_addr, 0x1000);
	rsdp[16] ^= 1;
	KTEST_EXPECT_INT_EQ(t, acpi_rsdp_parse(rsdp, len, &r), -EBADMSG);
	KTEST_EXPECT_INT_EQ(t, acpi_tables_init(&tabs, rsdp, len, &fake_ops), -EBADMSG);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "RSDP", ACPI_PROB_CHECKSUM));
}

static void rsdp_bad_extended_checksum(struct ktest *t)
{
	size_t len = make_rsdp(2, 0x1000, 0x2000);
	struct acpi_rsdp r;

	/* Byte 33 is outside the v1 checksum but inside the extended one. */
	rsdp[33] = 0x42;
	KTEST_EXPECT_INT_EQ(t, acpi_rsdp_parse(rsdp, len, &r), -EBADMSG);
	KTEST_EXPECT_INT_EQ(t, acpi_tables_init(&tabs, rsdp, len, &fake_ops), -EBADMSG);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "RSDP", ACPI_PROB_CHECKSUM));

	/* A v1-sized copy of the same RSDP is a valid v1 RSDP: no XSDT. */
	KTEST_EXPECT_INT_EQ(t, acpi_rsdp_parse(rsdp, ACPI_RSDP_V1_LEN, &r), 0);
	KTEST_EXPECT_EQ(t, r.revision, 2);
	KTEST_EXPECT_EQ(t, r.length, 20);
	KTEST_EXPECT_EQ(t, r.xsdt_addr, 0);

	/* Length field below 36, or beyond what the caller has. */
	len = make_rsdp(2, 0x1000, 0x2000);
	put32(rsdp + 20, 30);
	rsdp[32] = 0;
	rsdp[32] = (uint8_t)-sum(rsdp, 36);
	KTEST_EXPECT_INT_EQ(t, acpi_rsdp_parse(rsdp, len, &r), -EINVAL);
	len = make_rsdp(2, 0x1000, 0x2000);
	put32(rsdp + 20, 40);
	rsdp[32] = 0;
	rsdp[32] = (uint8_t)-sum(rsdp, 40);
	KTEST_EXPECT_INT_EQ(t, acpi_rsdp_parse(rsdp, 36, &r), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, acpi_rsdp_parse(rsdp, 40, &r), 0);
	KTEST_EXPECT_EQ(t, r.length, 40);
	KTEST_EXPECT_EQ(t, r.xsdt_addr, 0x2000);
}

static void bad_checksum_table_ignored_others_parsed(struct ktest *t)
{
	uint64_t addrs[] = {make_madt(), make_hpet(ACPI_SPACE_MEMORY, 0xfed00000, 0), make_mcfg()};
	const struct acpi_problem *p;

	spoil(addrs[1]);
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(addrs, 3), 0);
	KTEST_EXPECT_EQ(t, tabs.ntables, 2);
	KTEST_EXPECT_NULL(t, acpi_find_table(&tabs, "HPET", 0));
	KTEST_EXPECT_EQ(t, tabs.nhpets, 0);
	KTEST_EXPECT_TRUE(t, tabs.madt.present);
	KTEST_EXPECT_EQ(t, tabs.mcfg.nentries, 1);
	KTEST_ASSERT_EQ(t, tabs.nproblems, 1);
	p = &tabs.problems[0];
	KTEST_EXPECT_STREQ(t, p->sig, "HPET");
	KTEST_EXPECT_EQ(t, p->phys, addrs[1]);
	KTEST_EXPECT_EQ(t, p->reason, ACPI_PROB_CHECKSUM);
	KTEST_EXPECT_INT_EQ(t, p->err, -EBADMSG);

	/* The summary names the table and the reason. */
	printk_capture_start(out, sizeof(out));
	acpi_tables_print(&tabs);
	printk_capture_stop();
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "ACPI: problem: HPET at 0x"));
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "bad checksum (EBADMSG)"));
}

static void table_length_below_36_or_huge(struct ktest *t)
{
	uint64_t addrs[] = {tb_empty("SSDT"), tb_empty("BOOT"), make_mcfg()};
	const struct acpi_problem *p;

	set_len(addrs[0], 20);
	set_len(addrs[1], ACPI_TABLE_MAX_LEN + 1);
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(addrs, 3), 0);
	KTEST_EXPECT_EQ(t, tabs.ntables, 1);
	KTEST_EXPECT_EQ(t, tabs.mcfg.nentries, 1);
	KTEST_ASSERT_EQ(t, tabs.nproblems, 2);
	p = acpi_find_problem(&tabs, "SSDT", ACPI_PROB_LENGTH);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, p->phys, addrs[0]);
	KTEST_EXPECT_INT_EQ(t, p->err, -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "BOOT", ACPI_PROB_LENGTH));
}

/* A length field that is sane but runs past readable memory: the checksum
 * pass gets -EFAULT from the accessor, nothing is read out of bounds. */
static void table_length_past_readable_memory(struct ktest *t)
{
	uint64_t addrs[] = {make_madt(), make_hpet(ACPI_SPACE_MEMORY, 0xfed00000, 0)};
	const struct acpi_problem *p;

	set_len(addrs[1], 0x10000);
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(addrs, 2), 0);
	KTEST_EXPECT_EQ(t, tabs.ntables, 1);
	KTEST_EXPECT_EQ(t, tabs.nhpets, 0);
	p = acpi_find_problem(&tabs, "HPET", ACPI_PROB_READ);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, p->phys, addrs[1]);
	KTEST_EXPECT_INT_EQ(t, p->err, -EFAULT);
	KTEST_EXPECT_GT(t, p->offset, 0);
}

static void rsdt_entry_unreadable_or_null(struct ktest *t)
{
	uint64_t addrs[] = {0xdead0000, 0, 0xfffffffffffffff0ull, make_madt()};
	uint64_t xsdt;
	const struct acpi_problem *p;
	size_t len;

	KTEST_ASSERT_INT_EQ(t, parse_rsdt(addrs, 2), 0);
	p = acpi_find_problem(&tabs, "????", ACPI_PROB_READ);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, p->phys, 0xdead0000);
	KTEST_EXPECT_INT_EQ(t, p->err, -EFAULT);
	p = acpi_find_problem(&tabs, "RSDT", ACPI_PROB_NULL_ENTRY);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, p->offset, 40);

	/* 64-bit entries, one wrapping past 2^64; the MADT after them parses. */
	xsdt = make_root("XSDT", addrs, 4);
	len = make_rsdp(2, 0, xsdt);
	KTEST_ASSERT_INT_EQ(t, acpi_tables_init(&tabs, rsdp, len, &fake_ops), 0);
	KTEST_EXPECT_EQ(t, tabs.nproblems, 3);
	KTEST_EXPECT_TRUE(t, tabs.madt.present);
	KTEST_EXPECT_EQ(t, tabs.ntables, 1);

	/* The root itself unreadable: nothing to parse. */
	len = make_rsdp(0, 0xdead0000, 0);
	KTEST_EXPECT_INT_EQ(t, acpi_tables_init(&tabs, rsdp, len, &fake_ops), -EFAULT);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "RSDT", ACPI_PROB_READ));
	/* No root address at all. */
	len = make_rsdp(0, 0, 0);
	KTEST_EXPECT_INT_EQ(t, acpi_tables_init(&tabs, rsdp, len, &fake_ops), -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "RSDT", ACPI_PROB_NULL_ENTRY));
}

/* A root whose body is not a whole number of entries: whole ones are used. */
static void root_partial_entry(struct ktest *t)
{
	uint64_t madt = make_madt();

	b_reset();
	b32((uint32_t)madt), b16(0);
	madt = tb_body("RSDT");
	make_rsdp(0, (uint32_t)madt, 0);
	KTEST_ASSERT_INT_EQ(t, acpi_tables_init(&tabs, rsdp, 20, &fake_ops), 0);
	KTEST_EXPECT_TRUE(t, tabs.madt.present);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "RSDT", ACPI_PROB_PARTIAL_ENTRY));
}

static void madt_entry_length_zero_stops_walk(struct ktest *t)
{
	const struct acpi_problem *p;
	uint64_t madt;

	b_reset();
	b32(0xfee00000), b32(0);
	madt_ioapic(0, 0xfec00000, 0);
	b8(0), b8(0); /* length 0: would loop forever */
	madt_ioapic(1, 0xfec01000, 24);
	madt = tb_body("APIC");
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&madt, 1), 0);
	KTEST_EXPECT_TRUE(t, tabs.madt.present);
	KTEST_EXPECT_EQ(t, tabs.madt.nioapics, 1);
	p = acpi_find_problem(&tabs, "APIC", ACPI_PROB_BAD_ENTRY);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, p->offset, 44 + 12);
	KTEST_EXPECT_INT_EQ(t, p->err, -EBADMSG);

	/* Length 1 as well. */
	acpi_test_init(t);
	b_reset();
	b32(0xfee00000), b32(0);
	b8(1), b8(1);
	madt = tb_body("APIC");
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&madt, 1), 0);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "APIC", ACPI_PROB_BAD_ENTRY));
}

static void madt_entry_past_end(struct ktest *t)
{
	const struct acpi_problem *p;
	uint64_t madt;

	/* The last entry claims 12 bytes, 6 are left in the table. */
	b_reset();
	b32(0xfee00000), b32(0);
	madt_lapic(0, 0, 1);
	b8(1), b8(12), b8(2), b8(0), b16(0);
	madt = tb_body("APIC");
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&madt, 1), 0);
	KTEST_EXPECT_EQ(t, tabs.madt.ncpus, 1);
	KTEST_EXPECT_EQ(t, tabs.madt.nioapics, 0);
	p = acpi_find_problem(&tabs, "APIC", ACPI_PROB_BAD_ENTRY);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, p->offset, 44 + 8);

	/* One byte left over: not even an entry header. */
	acpi_test_init(t);
	b_reset();
	b32(0xfee00000), b32(0);
	madt_lapic(0, 0, 1);
	b8(0);
	madt = tb_body("APIC");
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&madt, 1), 0);
	KTEST_EXPECT_EQ(t, tabs.madt.ncpus, 1);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "APIC", ACPI_PROB_BAD_ENTRY));
}

/* A known entry type too short for its fields is skipped; the walk goes on. */
static void madt_short_entry_skipped(struct ktest *t)
{
	uint64_t madt;

	b_reset();
	b32(0xfee00000), b32(0);
	b8(1), b8(8), b8(0), b8(0), b32(0xfec00000); /* IOAPIC needs 12 */
	madt_ioapic(1, 0xfec01000, 24);
	madt = tb_body("APIC");
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&madt, 1), 0);
	KTEST_ASSERT_EQ(t, tabs.madt.nioapics, 1);
	KTEST_EXPECT_EQ(t, tabs.madt.ioapics[0].id, 1);
	KTEST_EXPECT_EQ(t, tabs.madt.ioapics[0].gsi_base, 24);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "APIC", ACPI_PROB_SHORT_ENTRY));
}

static void madt_lapic_address_override(struct ktest *t)
{
	uint64_t madt;

	madt_begin();
	b8(5), b8(12), b16(0), b64(0x1fee00000ull);
	/* Local x2APIC entry: 32-bit ids and UID. */
	b8(9), b8(16), b16(0), b32(0x300), b32(1), b32(0x200);
	madt = tb_body("APIC");
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&madt, 1), 0);
	KTEST_EXPECT_EQ(t, tabs.nproblems, 0);
	KTEST_EXPECT_EQ(t, tabs.madt.lapic_addr, 0x1fee00000ull);
	KTEST_EXPECT_TRUE(t, tabs.madt.lapic_addr_override);
	KTEST_ASSERT_EQ(t, tabs.madt.ncpus, 3);
	KTEST_EXPECT_TRUE(t, tabs.madt.cpus[2].x2apic);
	KTEST_EXPECT_EQ(t, tabs.madt.cpus[2].apic_id, 0x300);
	KTEST_EXPECT_EQ(t, tabs.madt.cpus[2].uid, 0x200);
	KTEST_EXPECT_TRUE(t, tabs.madt.cpus[2].enabled);
}

static void madt_too_short_and_duplicate(struct ktest *t)
{
	uint64_t addrs[3];

	b_reset();
	b32(0xfee00000);
	addrs[0] = tb_body("APIC"); /* 40 bytes: no flags field */
	addrs[1] = make_madt();
	addrs[2] = make_madt();
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(addrs, 3), 0);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "APIC", ACPI_PROB_TOO_SHORT));
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "APIC", ACPI_PROB_DUPLICATE));
	KTEST_EXPECT_EQ(t, tabs.madt.phys, addrs[1]);
	KTEST_EXPECT_EQ(t, tabs.ntables, 3);
}

static void madt_list_full(struct ktest *t)
{
	uint64_t madt;

	b_reset();
	b32(0xfee00000), b32(0);
	for (unsigned int i = 0; i < ACPI_MAX_IOAPICS + 3; i++)
		madt_ioapic((uint8_t)i, 0xfec00000 + i * 0x1000, i * 24);
	madt = tb_body("APIC");
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&madt, 1), 0);
	KTEST_EXPECT_EQ(t, tabs.madt.nioapics, ACPI_MAX_IOAPICS);
	KTEST_EXPECT_EQ(t, tabs.madt.dropped, 3);
	KTEST_EXPECT_EQ(t, tabs.nproblems, 1);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "APIC", ACPI_PROB_LIST_FULL));
}

static void hpet_io_space_rejected(struct ktest *t)
{
	uint64_t addrs[] = {make_hpet(ACPI_SPACE_IO, 0x1000, 0),
			    make_hpet(ACPI_SPACE_MEMORY, 0, 1)};
	const struct acpi_problem *p;

	KTEST_ASSERT_INT_EQ(t, parse_rsdt(addrs, 2), 0);
	KTEST_EXPECT_EQ(t, tabs.nhpets, 0);
	/* The tables are valid, only their contents are unusable. */
	KTEST_EXPECT_NOT_NULL(t, acpi_find_table(&tabs, "HPET", 1));
	p = acpi_find_problem(&tabs, "HPET", ACPI_PROB_ADDRESS_SPACE);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, p->phys, addrs[0]);
	KTEST_EXPECT_INT_EQ(t, p->err, -EOPNOTSUPP);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "HPET", ACPI_PROB_BAD_VALUE));
}

static void hpet_too_short(struct ktest *t)
{
	uint64_t hpet;

	b_reset();
	b32(0x8086a201), b8(0), b8(64), b8(0), b8(0), b64(0xfed00000);
	hpet = tb_body("HPET"); /* 52 bytes: no number / min tick */
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&hpet, 1), 0);
	KTEST_EXPECT_EQ(t, tabs.nhpets, 0);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "HPET", ACPI_PROB_TOO_SHORT));
}

static void srat_hotplug_ranges(struct ktest *t)
{
	uint64_t srat = make_srat();
	const struct acpi_srat *s = &tabs.srat;

	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&srat, 1), 0);
	KTEST_EXPECT_EQ(t, tabs.nproblems, 0);
	KTEST_ASSERT_TRUE(t, s->present);
	KTEST_EXPECT_EQ(t, s->phys, srat);
	KTEST_ASSERT_EQ(t, s->nmem, 5);
	KTEST_EXPECT_EQ(t, s->mem[0].base, 0);
	KTEST_EXPECT_EQ(t, s->mem[0].length, 0xa0000);
	KTEST_EXPECT_TRUE(t, s->mem[0].enabled);
	KTEST_EXPECT_FALSE(t, s->mem[0].hotpluggable);
	KTEST_EXPECT_EQ(t, s->mem[1].base, 0x100000);
	KTEST_EXPECT_EQ(t, s->mem[1].length, 0x1ff00000);
	KTEST_EXPECT_FALSE(t, s->mem[2].enabled);
	KTEST_EXPECT_EQ(t, s->mem[3].pxm, 0);
	KTEST_EXPECT_EQ(t, s->mem[3].base, 0x100000000ull);
	KTEST_EXPECT_EQ(t, s->mem[3].length, 0xe0000000ull);
	KTEST_EXPECT_TRUE(t, s->mem[3].enabled);
	KTEST_EXPECT_TRUE(t, s->mem[3].hotpluggable);
	KTEST_EXPECT_FALSE(t, s->mem[3].nonvolatile);
	KTEST_EXPECT_EQ(t, s->mem[3].flags, 3);
	KTEST_EXPECT_EQ(t, s->mem[4].pxm, 1);
	KTEST_EXPECT_TRUE(t, s->mem[4].hotpluggable);
	KTEST_EXPECT_TRUE(t, s->mem[4].nonvolatile);

	KTEST_ASSERT_EQ(t, s->ncpus, 2);
	KTEST_EXPECT_EQ(t, s->cpus[0].pxm, 0x01020304);
	KTEST_EXPECT_EQ(t, s->cpus[0].apic_id, 0);
	KTEST_EXPECT_TRUE(t, s->cpus[0].enabled);
	KTEST_EXPECT_FALSE(t, s->cpus[0].x2apic);
	KTEST_EXPECT_EQ(t, s->cpus[1].pxm, 7);
	KTEST_EXPECT_EQ(t, s->cpus[1].apic_id, 0x300);
	KTEST_EXPECT_TRUE(t, s->cpus[1].x2apic);

	printk_capture_start(out, sizeof(out));
	acpi_tables_print(&tabs);
	printk_capture_stop();
	KTEST_EXPECT_NOT_NULL(
	    t, strstr(out, "ACPI: SRAT: PXM 0 [mem 0x100000000-0x1dfffffff] hotplug\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "ACPI: SRAT: PXM 0 [mem 0x00100000-0x1fffffff]\n"));
}

static void srat_bad_entries(struct ktest *t)
{
	uint64_t srat;

	b_reset();
	b32(1), b64(0);
	b8(1), b8(24), b32(0), b16(0), b64(0), b64(0); /* memory entry needs 40 */
	srat_mem(0, 0xfffffffffffff000ull, 0x2000, ACPI_SRAT_MEM_ENABLED); /* wraps */
	srat_mem(0, 0x100000, 0x100000, ACPI_SRAT_MEM_ENABLED);
	b8(1), b8(40), b16(0); /* runs past the end */
	srat = tb_body("SRAT");
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&srat, 1), 0);
	KTEST_ASSERT_EQ(t, tabs.srat.nmem, 1);
	KTEST_EXPECT_EQ(t, tabs.srat.mem[0].base, 0x100000);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "SRAT", ACPI_PROB_SHORT_ENTRY));
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "SRAT", ACPI_PROB_BAD_VALUE));
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "SRAT", ACPI_PROB_BAD_ENTRY));
}

static void mcfg_two_entries(struct ktest *t)
{
	uint64_t mcfg;

	b_reset();
	b64(0);
	mcfg_entry(0xb0000000, 0, 0, 0xff);
	mcfg_entry(0xe0000000, 1, 0x10, 0x3f);
	mcfg = tb_body("MCFG");
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&mcfg, 1), 0);
	KTEST_EXPECT_EQ(t, tabs.nproblems, 0);
	KTEST_ASSERT_EQ(t, tabs.mcfg.nentries, 2);
	KTEST_EXPECT_EQ(t, tabs.mcfg.entries[0].base, 0xb0000000);
	KTEST_EXPECT_EQ(t, tabs.mcfg.entries[0].end_bus, 0xff);
	KTEST_EXPECT_EQ(t, tabs.mcfg.entries[1].base, 0xe0000000);
	KTEST_EXPECT_EQ(t, tabs.mcfg.entries[1].segment, 1);
	KTEST_EXPECT_EQ(t, tabs.mcfg.entries[1].start_bus, 0x10);
	KTEST_EXPECT_EQ(t, tabs.mcfg.entries[1].end_bus, 0x3f);

	printk_capture_start(out, sizeof(out));
	acpi_tables_print(&tabs);
	printk_capture_stop();
	KTEST_EXPECT_NOT_NULL(t,
			      strstr(out, "ACPI: MCFG: segment 0001 [bus 10-3f] base 0xe0000000"));
}

static void mcfg_bad_entries(struct ktest *t)
{
	uint64_t mcfg;

	b_reset();
	b64(0);
	mcfg_entry(0xb0000000, 0, 0x20, 0x10); /* end bus < start bus */
	mcfg_entry(0xc0000000, 0, 0, 0x7f);
	b32(0); /* a partial entry */
	mcfg = tb_body("MCFG");
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&mcfg, 1), 0);
	KTEST_ASSERT_EQ(t, tabs.mcfg.nentries, 1);
	KTEST_EXPECT_EQ(t, tabs.mcfg.entries[0].base, 0xc0000000);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "MCFG", ACPI_PROB_BAD_VALUE));
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "MCFG", ACPI_PROB_PARTIAL_ENTRY));
}

static void too_many_tables_capped(struct ktest *t)
{
	static uint64_t addrs[ACPI_MAX_TABLES + 5];
	const struct acpi_problem *p;
	const size_t n = ARRAY_SIZE(addrs);

	for (size_t i = 0; i < n; i++)
		addrs[i] = tb_empty("SSDT");
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(addrs, n), 0);
	KTEST_EXPECT_EQ(t, tabs.ntables, ACPI_MAX_TABLES);
	KTEST_EXPECT_EQ(t, tabs.tables_dropped, 5);
	KTEST_ASSERT_NOT_NULL(t, acpi_find_table(&tabs, "SSDT", ACPI_MAX_TABLES - 1));
	KTEST_EXPECT_EQ(t, acpi_find_table(&tabs, "SSDT", ACPI_MAX_TABLES - 1)->phys,
			addrs[ACPI_MAX_TABLES - 1]);
	KTEST_EXPECT_NULL(t, acpi_find_table(&tabs, "SSDT", ACPI_MAX_TABLES));
	KTEST_ASSERT_EQ(t, tabs.nproblems, 1);
	p = acpi_find_problem(&tabs, "RSDT", ACPI_PROB_TOO_MANY);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_INT_EQ(t, p->err, -ENOSPC);
	KTEST_EXPECT_EQ(t, p->offset, ACPI_HDR_LEN + 4 * ACPI_MAX_TABLES);
}

/* More problems than the list holds: counted, not stored. */
static void problem_list_capped(struct ktest *t)
{
	static uint64_t zeros[ACPI_MAX_PROBLEMS + 4];
	uint64_t madt = make_madt();

	zeros[ACPI_MAX_PROBLEMS + 3] = madt;
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(zeros, ACPI_MAX_PROBLEMS + 4), 0);
	KTEST_EXPECT_EQ(t, tabs.nproblems, ACPI_MAX_PROBLEMS);
	KTEST_EXPECT_EQ(t, tabs.problems_dropped, 3);
	KTEST_EXPECT_TRUE(t, tabs.madt.present);
}

static void fadt_x_dsdt_preferred(struct ktest *t)
{
	uint64_t d32 = make_dsdt(), d64 = make_dsdt();
	uint64_t fadt = make_fadt(244, (uint32_t)d32, d64);
	const struct acpi_table_info *d;

	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&fadt, 1), 0);
	d = acpi_find_table(&tabs, "DSDT", 0);
	KTEST_ASSERT_NOT_NULL(t, d);
	KTEST_EXPECT_EQ(t, d->phys, d64);
	KTEST_EXPECT_NULL(t, acpi_find_table(&tabs, "DSDT", 1));

	/* A bad X_DSDT: the 32-bit pointer is tried next. */
	acpi_test_init(t);
	d32 = make_dsdt();
	d64 = tb_empty("SSDT");
	fadt = make_fadt(244, (uint32_t)d32, d64);
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&fadt, 1), 0);
	d = acpi_find_table(&tabs, "DSDT", 0);
	KTEST_ASSERT_NOT_NULL(t, d);
	KTEST_EXPECT_EQ(t, d->phys, d32);
	KTEST_EXPECT_TRUE(t, tabs.has_dsdt);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "DSDT", ACPI_PROB_SIGNATURE));

	/* No DSDT at all. */
	acpi_test_init(t);
	fadt = make_fadt(116, 0, 0);
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&fadt, 1), 0);
	KTEST_EXPECT_TRUE(t, tabs.has_fadt);
	KTEST_EXPECT_FALSE(t, tabs.has_dsdt);
	KTEST_EXPECT_NOT_NULL(t, acpi_find_problem(&tabs, "DSDT", ACPI_PROB_NULL_ENTRY));
}

static void fadt_pm_timer(struct ktest *t)
{
	uint64_t fadt;

	/* ACPI 1.0 FADT: the 32-bit port, 24-bit counter (QEMU pc: 0x608). */
	fadt = make_fadt_pm(116, 0x608, 4, 0, 0, 0);
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&fadt, 1), 0);
	KTEST_EXPECT_EQ(t, tabs.pm_timer.port, 0x608);
	KTEST_EXPECT_FALSE(t, tabs.pm_timer.ext32);

	/* TMR_VAL_EXT: 32 bits. */
	acpi_test_init(t);
	fadt = make_fadt_pm(116, 0x608, 4, 1u << 8, 0, 0);
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&fadt, 1), 0);
	KTEST_EXPECT_EQ(t, tabs.pm_timer.port, 0x608);
	KTEST_EXPECT_TRUE(t, tabs.pm_timer.ext32);

	/* X_PM_TMR_BLK in I/O space wins (QEMU q35: 0x608 both). */
	acpi_test_init(t);
	fadt = make_fadt_pm(244, 0x608, 4, 1u << 8, 1, 0xb008);
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&fadt, 1), 0);
	KTEST_EXPECT_EQ(t, tabs.pm_timer.port, 0xb008);

	/* An empty X_PM_TMR_BLK falls back to the 32-bit field. */
	acpi_test_init(t);
	fadt = make_fadt_pm(244, 0x408, 4, 0, 1, 0);
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&fadt, 1), 0);
	KTEST_EXPECT_EQ(t, tabs.pm_timer.port, 0x408);

	/* Not usable: in memory space, a wrong PM_TMR_LEN, no port, a FADT
	 * too short for the flags, a port beyond 64 KiB. */
	static const struct {
		uint32_t len, port;
		uint8_t tmr_len, xspace;
		uint64_t xport;
	} unusable[] = {
	    {244, 0x608, 4, 0 /* memory */, 0xfed00000},
	    {116, 0x608, 2, 0, 0},
	    {116, 0, 4, 0, 0},
	    {100, 0x608, 4, 0, 0},
	    {244, 0, 4, 1, 0x10000},
	};
	for (size_t i = 0; i < ARRAY_SIZE(unusable); i++) {
		acpi_test_init(t);
		fadt = make_fadt_pm(unusable[i].len, unusable[i].port, unusable[i].tmr_len, 0,
				    unusable[i].xspace, unusable[i].xport);
		KTEST_ASSERT_INT_EQ(t, parse_rsdt(&fadt, 1), 0);
		KTEST_EXPECT_TRUE(t, tabs.has_fadt);
		KTEST_EXPECT_EQ(t, tabs.pm_timer.port, 0);
	}
}

/* Fake BIOS memory for acpi_rsdp_scan(): BDA word, EBDA and 0xf5000. */
static void bios_regions(uint16_t ebda_seg)
{
	add_region(BDA_BASE, bdamem, sizeof(bdamem));
	add_region(EBDA_BASE, ebdamem, sizeof(ebdamem));
	add_region(BIOS_BASE, biosmem, sizeof(biosmem));
	put16(bdamem + (ACPI_BDA_EBDA_SEG - BDA_BASE), ebda_seg);
}

static void rsdp_scan_finds_bios_copy(struct ktest *t)
{
	uint8_t buf[ACPI_RSDP_MAX_LEN];
	uint64_t phys = 0;
	size_t len = 0;

	bios_regions(EBDA_BASE >> 4);
	KTEST_EXPECT_INT_EQ(t, acpi_rsdp_scan(&fake_ops, buf, &len, &phys), -ENOENT);

	/* A decoy with a bad checksum in the EBDA, the real one in 0xf5000. */
	make_rsdp(0, 0x1000, 0);
	memcpy(ebdamem + 0x40, rsdp, 20);
	ebdamem[0x40 + 16] ^= 1;
	/* Not on a 16-byte boundary: never looked at. */
	memcpy(biosmem + 0x108, rsdp, 20);
	make_rsdp(2, (uint32_t)TBL_BASE, TBL_BASE + 0x100);
	memcpy(biosmem + 0x9d0, rsdp, 36);
	KTEST_ASSERT_INT_EQ(t, acpi_rsdp_scan(&fake_ops, buf, &len, &phys), 0);
	KTEST_EXPECT_EQ(t, phys, BIOS_BASE + 0x9d0);
	KTEST_EXPECT_EQ(t, len, 36);
	KTEST_EXPECT_MEMEQ(t, buf, rsdp, 36);

	/* A good one in the EBDA wins. */
	make_rsdp(0, 0x2000, 0);
	memcpy(ebdamem + 0x3e0, rsdp, 20);
	KTEST_ASSERT_INT_EQ(t, acpi_rsdp_scan(&fake_ops, buf, &len, &phys), 0);
	KTEST_EXPECT_EQ(t, phys, EBDA_BASE + 0x3e0);
	KTEST_EXPECT_EQ(t, len, 20);

	/* A nonsense EBDA segment is ignored: the BIOS area still answers. */
	put16(bdamem + (ACPI_BDA_EBDA_SEG - BDA_BASE), 0xf000);
	KTEST_ASSERT_INT_EQ(t, acpi_rsdp_scan(&fake_ops, buf, &len, &phys), 0);
	KTEST_EXPECT_EQ(t, phys, BIOS_BASE + 0x9d0);
	KTEST_EXPECT_INT_EQ(t, acpi_rsdp_scan(NULL, buf, &len, &phys), -EINVAL);
}

/* The whole path as the kernel runs it: scan, parse, print. */
static void scan_parse_print(struct ktest *t)
{
	uint8_t buf[ACPI_RSDP_MAX_LEN];
	uint64_t addrs[] = {make_madt(), make_hpet(ACPI_SPACE_MEMORY, 0xfed00000, 0)};
	uint64_t rsdt = make_root("RSDT", addrs, 2);
	uint64_t phys;
	size_t len;

	bios_regions(EBDA_BASE >> 4);
	make_rsdp(0, (uint32_t)rsdt, 0);
	memcpy(biosmem + 0x9d0, rsdp, 20);
	KTEST_ASSERT_INT_EQ(t, acpi_rsdp_scan(&fake_ops, buf, &len, &phys), 0);
	KTEST_ASSERT_INT_EQ(t, acpi_tables_init(&tabs, buf, len, &fake_ops), 0);
	tabs.rsdp.phys = phys;
	printk_capture_start(out, sizeof(out));
	acpi_tables_print(&tabs);
	printk_capture_stop();
	KTEST_EXPECT_NOT_NULL(t,
			      strstr(out, "ACPI: RSDP 0x00000000000F59D0 000014 (v00 BOCHS )\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "ACPI: HPET 0x000000001FFE0062 000038 (v01 HOTMEM "
					     "TESTTBL  20240101 HMTC 00000007)\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "ACPI: IOAPIC[0]: id 0, address 0xfec00000, GSI 0\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "local APIC 0xfee00000"));
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "ACPI: HPET 0: id 0x8086a201 base 0xfed00000"));
	KTEST_EXPECT_NULL(t, strstr(out, "problem"));
}

/* Unprintable header bytes never reach the console as such. */
static void garbage_strings_sanitized(struct ktest *t)
{
	uint64_t tb = tb_empty("SSDT");
	uint8_t *p = tb_ptr(tb, ACPI_HDR_LEN);

	KTEST_ASSERT_NOT_NULL(t, p);
	p[10] = 0x1b; /* ESC */
	p[11] = 0;
	p[12] = 0xff;
	tb_fix(tb);
	KTEST_ASSERT_INT_EQ(t, parse_rsdt(&tb, 1), 0);
	KTEST_ASSERT_EQ(t, tabs.ntables, 1);
	KTEST_EXPECT_STREQ(t, tabs.tables[0].oem_id, "? ?MEM");
	KTEST_EXPECT_STREQ(t, acpi_reason_name(ACPI_PROB_CHECKSUM), "bad checksum");
	KTEST_EXPECT_STREQ(t, acpi_reason_name(ACPI_PROB_COUNT), "?");
}

static const struct ktest_case acpi_tables_cases[] = {
    KTEST_CASE(rsdp_v1_rsdt_parses_all_tables),
    KTEST_CASE(rsdp_v2_prefers_xsdt),
    KTEST_CASE(bad_xsdt_falls_back_to_rsdt),
    KTEST_CASE(rsdp_bad_signature),
    KTEST_CASE(rsdp_bad_checksum),
    KTEST_CASE(rsdp_bad_extended_checksum),
    KTEST_CASE(bad_checksum_table_ignored_others_parsed),
    KTEST_CASE(table_length_below_36_or_huge),
    KTEST_CASE(table_length_past_readable_memory),
    KTEST_CASE(rsdt_entry_unreadable_or_null),
    KTEST_CASE(root_partial_entry),
    KTEST_CASE(madt_entry_length_zero_stops_walk),
    KTEST_CASE(madt_entry_past_end),
    KTEST_CASE(madt_short_entry_skipped),
    KTEST_CASE(madt_lapic_address_override),
    KTEST_CASE(madt_too_short_and_duplicate),
    KTEST_CASE(madt_list_full),
    KTEST_CASE(hpet_io_space_rejected),
    KTEST_CASE(hpet_too_short),
    KTEST_CASE(srat_hotplug_ranges),
    KTEST_CASE(srat_bad_entries),
    KTEST_CASE(mcfg_two_entries),
    KTEST_CASE(mcfg_bad_entries),
    KTEST_CASE(too_many_tables_capped),
    KTEST_CASE(problem_list_capped),
    KTEST_CASE(fadt_x_dsdt_preferred),
    KTEST_CASE(fadt_pm_timer),
    KTEST_CASE(rsdp_scan_finds_bios_copy),
    KTEST_CASE(scan_parse_print),
    KTEST_CASE(garbage_strings_sanitized),
    {0},
};

static const struct ktest_suite acpi_tables_suite = {
    .name = "acpi_tables",
    .cases = acpi_tables_cases,
    .init = acpi_test_init,
};
KTEST_SUITE(acpi_tables_suite);
