/* Suite "pci": enumeration, BAR sizing, BAR resources and the capability
 * walk of drivers/pci/pci.c on a fake config space: a host bridge, a
 * multi-function device with an I/O BAR, a device with 32-bit BARs, a
 * PCI-PCI bridge to bus 1 holding a device with a 64-bit BAR and a
 * capability list, and a second bridge pointing back at bus 1 (a loop). */
#include "drivers/pci/pci.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/string.h"

#define FBUSES 2

struct fake_fn {
	bool present;
	uint8_t cfg[256];
	uint32_t bar_mask[6]; /* writable bits of each BAR register */
};

static struct fake_fn fcfg[FBUSES][32][8];
static unsigned int nreads;

static uint32_t rd(const uint8_t *c, unsigned int off)
{
	return (uint32_t)c[off] | (uint32_t)c[off + 1] << 8 | (uint32_t)c[off + 2] << 16 |
	       (uint32_t)c[off + 3] << 24;
}

static void wr(uint8_t *c, unsigned int off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		c[off + i] = (uint8_t)(v >> (8 * i));
}

static uint32_t fake_read32(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	nreads++;
	if (bus >= FBUSES || !fcfg[bus][dev][fn].present)
		return 0xffffffffu;
	return rd(fcfg[bus][dev][fn].cfg, off);
}

static void fake_write32(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off, uint32_t v)
{
	struct fake_fn *f;

	if (bus >= FBUSES || !fcfg[bus][dev][fn].present)
		return;
	f = &fcfg[bus][dev][fn];
	if (off >= 0x10 && off < 0x28) {
		int i = (off - 0x10) / 4;
		uint32_t old = rd(f->cfg, off);

		/* Only the address bits are writable; the type bits stay. */
		wr(f->cfg, off, (old & ~f->bar_mask[i]) | (v & f->bar_mask[i]));
		return;
	}
	if (off == PCI_COMMAND) {
		f->cfg[4] = (uint8_t)v;
		f->cfg[5] = (uint8_t)(v >> 8);
		return;
	}
	wr(f->cfg, off, v);
}

static const struct pci_cfg_ops fake_ops = {.read32 = fake_read32, .write32 = fake_write32};

static struct fake_fn *mkfn(int bus, int dev, int fn, uint16_t ven, uint16_t did, uint32_t class,
			    uint8_t hdr)
{
	struct fake_fn *f = &fcfg[bus][dev][fn];

	f->present = true;
	wr(f->cfg, 0, (uint32_t)did << 16 | ven);
	wr(f->cfg, 8, class << 8 | 0x02);
	f->cfg[PCI_HEADER_TYPE] = hdr;
	f->cfg[PCI_COMMAND] = PCI_COMMAND_MEMORY | PCI_COMMAND_IO;
	return f;
}

static void bar32(struct fake_fn *f, int i, uint32_t base, uint32_t size, uint32_t type)
{
	wr(f->cfg, 0x10 + 4 * i, base | type);
	f->bar_mask[i] = ~(size - 1) & ~(type & 1 ? 3u : 0xfu);
}

static void build(void)
{
	struct fake_fn *f;

	memset(fcfg, 0, sizeof(fcfg));
	mkfn(0, 0, 0, 0x8086, 0x1237, 0x060000, 0);
	mkfn(0, 1, 0, 0x8086, 0x7000, 0x060100, PCI_HEADER_TYPE_MULTIFUNC);
	f = mkfn(0, 1, 1, 0x8086, 0x7010, 0x010180, 0);
	bar32(f, 4, 0xc040, 16, 1);
	f = mkfn(0, 2, 0, 0x1234, 0x1111, 0x030000, 0);
	bar32(f, 0, 0xfd000000, 16 << 20, 0x8);
	bar32(f, 2, 0xfebf0000, 4096, 0);
	f = mkfn(0, 3, 0, 0x1b36, 0x0001, 0x060400, PCI_HEADER_TYPE_BRIDGE);
	f->cfg[PCI_SECONDARY_BUS] = 1;
	/* Bus 1: a device with a 64-bit prefetchable BAR above 4 GiB. */
	f = mkfn(1, 0, 0, 0x1af4, 0x1058, 0x058000, 0);
	bar32(f, 4, 0x00000000, 16384, 0xc);
	f->bar_mask[5] = 0xffffffffu;
	wr(f->cfg, 0x24, 0x8); /* high half: 0x8_0000_0000 */
	f->cfg[PCI_STATUS] = PCI_STATUS_CAP_LIST;
	f->cfg[PCI_CAPABILITY_LIST] = 0x40;
	f->cfg[0x40] = PCI_CAP_ID_VNDR;
	f->cfg[0x41] = 0x50;
	f->cfg[0x50] = 0x11; /* MSI-X */
	f->cfg[0x51] = 0x60;
	f->cfg[0x60] = PCI_CAP_ID_VNDR;
	f->cfg[0x61] = 0;
	/* A bridge that loops back to bus 1. */
	f = mkfn(1, 5, 0, 0x1b36, 0x0001, 0x060400, PCI_HEADER_TYPE_BRIDGE);
	f->cfg[PCI_SECONDARY_BUS] = 1;
}

static struct pci_host host;

static void enumerates_buses_functions_and_bridges(struct ktest *t)
{
	build();
	KTEST_ASSERT_INT_EQ(t, pci_scan(&host, &fake_ops), 7);
	KTEST_EXPECT_STREQ(t, host.devs[0].name, "0000:00:00.0");
	KTEST_EXPECT_STREQ(t, host.devs[1].name, "0000:00:01.0");
	KTEST_EXPECT_STREQ(t, host.devs[2].name, "0000:00:01.1");
	KTEST_EXPECT_STREQ(t, host.devs[3].name, "0000:00:02.0");
	KTEST_EXPECT_STREQ(t, host.devs[4].name, "0000:00:03.0");
	KTEST_EXPECT_STREQ(t, host.devs[5].name, "0000:01:00.0");
	KTEST_EXPECT_STREQ(t, host.devs[6].name, "0000:01:05.0");
	KTEST_EXPECT_EQ(t, host.devs[2].vendor, 0x8086);
	KTEST_EXPECT_EQ(t, host.devs[2].device, 0x7010);
	KTEST_EXPECT_EQ(t, host.devs[2].class, 0x010180);
	KTEST_EXPECT_EQ(t, host.devs[4].hdr_type, PCI_HEADER_TYPE_BRIDGE);
	KTEST_EXPECT_FALSE(t, host.truncated);
	KTEST_EXPECT_TRUE(t, pci_find_device(&host, 0x1af4, 0x1058, NULL) == &host.devs[5]);
	KTEST_EXPECT_NULL(t, pci_find_device(&host, 0x1af4, 0x1058, &host.devs[5]));
	KTEST_EXPECT_TRUE(t,
			  pci_find_device(&host, 0x8086, 0xffff, &host.devs[0]) == &host.devs[1]);
}

static void single_function_device_is_scanned_once(struct ktest *t)
{
	build();
	/* Function 1 of a device without the multi-function bit is not
	 * looked at, even if it would answer. */
	mkfn(0, 2, 1, 0x1234, 0x2222, 0, 0);
	KTEST_EXPECT_INT_EQ(t, pci_scan(&host, &fake_ops), 7);
	KTEST_EXPECT_NULL(t, pci_find_device(&host, 0x1234, 0x2222, NULL));
}

static void bridge_loops_are_bounded(struct ktest *t)
{
	build();
	/* Bus 1's second bridge points at bus 0 as well: scanned once. */
	fcfg[1][5][0].cfg[PCI_SECONDARY_BUS] = 0;
	nreads = 0;
	KTEST_EXPECT_INT_EQ(t, pci_scan(&host, &fake_ops), 7);
	KTEST_EXPECT_LT(t, nreads, 2000u);
}

static void sizes_bars_and_restores_them(struct ktest *t)
{
	const struct pci_dev *d;

	build();
	pci_scan(&host, &fake_ops);
	d = &host.devs[2];
	KTEST_EXPECT_EQ(t, d->bar[4].size, 16);
	KTEST_EXPECT_EQ(t, d->bar[4].base, 0xc040);
	KTEST_EXPECT_EQ(t, d->bar[4].flags, IORESOURCE_IO);
	d = &host.devs[3];
	KTEST_EXPECT_EQ(t, d->bar[0].size, 16 << 20);
	KTEST_EXPECT_EQ(t, d->bar[0].base, 0xfd000000);
	KTEST_EXPECT_EQ(t, d->bar[0].flags, IORESOURCE_MEM | IORESOURCE_PREFETCH);
	KTEST_EXPECT_EQ(t, d->bar[1].size, 0);
	KTEST_EXPECT_EQ(t, d->bar[2].size, 4096);
	KTEST_EXPECT_EQ(t, d->bar[2].flags, IORESOURCE_MEM);
	d = &host.devs[5];
	KTEST_EXPECT_EQ(t, d->bar[4].size, 16384);
	KTEST_EXPECT_EQ(t, d->bar[4].base, 0x800000000ull);
	KTEST_EXPECT_EQ(t, d->bar[4].flags,
			IORESOURCE_MEM | IORESOURCE_PREFETCH | IORESOURCE_MEM_64);
	KTEST_EXPECT_EQ(t, d->bar[5].size, 0);
	/* Original values and the command register are back. */
	KTEST_EXPECT_EQ(t, rd(fcfg[0][2][0].cfg, 0x10), 0xfd000008u);
	KTEST_EXPECT_EQ(t, rd(fcfg[1][0][0].cfg, 0x20), 0xcu);
	KTEST_EXPECT_EQ(t, rd(fcfg[1][0][0].cfg, 0x24), 0x8u);
	KTEST_EXPECT_EQ(t, fcfg[0][2][0].cfg[PCI_COMMAND], PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
}

static void bars_become_resources(struct ktest *t)
{
	struct resource mem = {
	    .name = "test mem", .start = 0, .end = ~0ull, .flags = IORESOURCE_MEM};
	struct resource io = {.name = "test io", .start = 0, .end = 0xffff, .flags = IORESOURCE_IO};
	struct resource busy = {.name = "Reserved",
				.start = 0xfebf0800,
				.end = 0xfebf17ff,
				.flags = IORESOURCE_MEM | IORESOURCE_BUSY};
	char buf[512];

	build();
	pci_scan(&host, &fake_ops);
	/* A partial overlap keeps that BAR out; the others go in. */
	KTEST_ASSERT_INT_EQ(t, request_resource(&mem, &busy), 0);
	printk_capture_start(buf, sizeof(buf));
	KTEST_EXPECT_INT_EQ(t, pci_insert_resources(&host, &mem, &io), -EBUSY);
	printk_capture_stop();
	KTEST_EXPECT_TRUE(t, strstr(buf, "0000:00:02.0: BAR 2") != NULL);
	iomem_render(&mem, buf, sizeof(buf));
	KTEST_EXPECT_STREQ(t, buf,
			   "fd000000-fdffffff : 0000:00:02.0\n"
			   "febf0800-febf17ff : Reserved\n"
			   "800000000-800003fff : 0000:01:00.0\n");
	iomem_render(&io, buf, sizeof(buf));
	KTEST_EXPECT_STREQ(t, buf, "c040-c04f : 0000:00:01.1\n");
	KTEST_EXPECT_EQ(t, host.devs[3].bar[0].res.flags & IORESOURCE_BUSY, 0);
	pci_remove_resources(&host);
	release_resource(&busy);
	KTEST_EXPECT_NULL(t, mem.child);
	KTEST_EXPECT_NULL(t, io.child);
}

static void walks_the_capability_list(struct ktest *t)
{
	const struct pci_dev *d;

	build();
	pci_scan(&host, &fake_ops);
	d = &host.devs[5];
	KTEST_EXPECT_EQ(t, pci_find_next_capability(&host, d, 0, PCI_CAP_ID_VNDR), 0x40);
	KTEST_EXPECT_EQ(t, pci_find_next_capability(&host, d, 0x40, PCI_CAP_ID_VNDR), 0x60);
	KTEST_EXPECT_EQ(t, pci_find_next_capability(&host, d, 0x60, PCI_CAP_ID_VNDR), 0);
	KTEST_EXPECT_EQ(t, pci_find_next_capability(&host, d, 0, 0x11), 0x50);
	KTEST_EXPECT_EQ(t, pci_find_next_capability(&host, d, 0, 0x05), 0);
	/* No capability list bit: nothing, even with a pointer. */
	KTEST_EXPECT_EQ(t, pci_find_next_capability(&host, &host.devs[3], 0, PCI_CAP_ID_VNDR), 0);
	/* A list that loops ends. */
	fcfg[1][0][0].cfg[0x61] = 0x40;
	nreads = 0;
	KTEST_EXPECT_EQ(t, pci_find_next_capability(&host, d, 0, 0x05), 0);
	KTEST_EXPECT_LT(t, nreads, 200u);
}

static const struct ktest_case pci_cases[] = {
    KTEST_CASE(enumerates_buses_functions_and_bridges),
    KTEST_CASE(single_function_device_is_scanned_once),
    KTEST_CASE(bridge_loops_are_bounded),
    KTEST_CASE(sizes_bars_and_restores_them),
    KTEST_CASE(bars_become_resources),
    KTEST_CASE(walks_the_capability_list),
    {0},
};

static const struct ktest_suite pci_suite = {.name = "pci", .cases = pci_cases};
KTEST_SUITE(pci_suite);
