/* Suite "virtio_mem_unit": the virtio-pci transport and the virtio-mem
 * driver against a fake virtio-mem-pci device (config space with vendor
 * capabilities, a BAR with common/ISR/device/notify structures, a device
 * that answers requests on queue 0 by the spec's rules or as scripted),
 * bound to the fresh hotplug world of memory_test_util.h (mt) that every
 * case gets.
 *
 * The device region lies in the fake machine's window (FAKE_BASE + 1 GiB),
 * so the memory the driver adds is mapped and onlined by the fake machine
 * only: nothing real is touched, and the kernel's own state never sees the
 * device. */
#include "drivers/virtio/virtio_mem.h"
#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/list.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "tests/unit/memory_test_util.h"

#define REGION	    (FAKE_BASE + 1 * GiB)
#define BAR_BASE    0xfe000000ull
#define OFF_COMMON  0x0000
#define OFF_ISR	    0x1000
#define OFF_DEVICE  0x2000
#define OFF_NOTIFY  0x3000
#define MAX_DBLOCKS 1024
#define MAX_SCRIPT  64
/* A script entry that lets the device's rules answer. */
#define BY_RULES 100

/* ---- the fake device ---- */

struct fake_vmem {
	uint8_t cfg[256];
	uint8_t status;
	uint32_t dfselect, gfselect;
	uint64_t dev_features, drv_features;
	bool refuse_features_ok;
	uint16_t q_size, q_select, q_enable, q_msix;
	uint64_t q_desc, q_avail, q_used;
	uint16_t used_idx, last_avail;
	uint8_t generation;
	int gen_flips; /* config reads that see a generation change */
	uint8_t isr;
	bool mute; /* never answers */
	struct virtio_mem_config c;
	bool plugged[MAX_DBLOCKS];
	/* Scripted answers, used before the rules: -1 = end. */
	int script[MAX_SCRIPT];
	int nscript, pos;
	int always; /* -1, or a response type for every request */
	unsigned int nreq, nreq_type[4];
	uint16_t last_nb;
	unsigned int delays; /* the transport's delay before a BUSY retry */
};

static struct fake_vmem fv;

static uint64_t dblk(uint64_t addr)
{
	return (addr - fv.c.addr) / fv.c.block_size;
}

static uint16_t answer(uint16_t type, uint64_t addr, uint16_t nb)
{
	uint64_t size = (uint64_t)nb * fv.c.block_size;

	fv.nreq++;
	if (type < 4)
		fv.nreq_type[type]++;
	fv.last_nb = nb;
	if (fv.pos < fv.nscript && fv.script[fv.pos] != BY_RULES)
		return (uint16_t)fv.script[fv.pos++];
	if (fv.pos < fv.nscript)
		fv.pos++;
	if (fv.always >= 0)
		return (uint16_t)fv.always;
	if (type == VIRTIO_MEM_REQ_UNPLUG_ALL) {
		memset(fv.plugged, 0, sizeof(fv.plugged));
		fv.c.plugged_size = 0;
		return VIRTIO_MEM_RESP_ACK;
	}
	if (type != VIRTIO_MEM_REQ_PLUG && type != VIRTIO_MEM_REQ_UNPLUG)
		return VIRTIO_MEM_RESP_ERROR;
	if (!nb || addr % fv.c.block_size || addr < fv.c.addr ||
	    addr + size > fv.c.addr + fv.c.usable_region_size)
		return VIRTIO_MEM_RESP_ERROR;
	for (uint64_t b = dblk(addr); b < dblk(addr) + nb; b++)
		if (fv.plugged[b] != (type == VIRTIO_MEM_REQ_UNPLUG))
			return VIRTIO_MEM_RESP_ERROR;
	if (type == VIRTIO_MEM_REQ_PLUG && fv.c.plugged_size + size > fv.c.requested_size)
		return VIRTIO_MEM_RESP_NACK;
	for (uint64_t b = dblk(addr); b < dblk(addr) + nb; b++)
		fv.plugged[b] = type == VIRTIO_MEM_REQ_PLUG;
	if (type == VIRTIO_MEM_REQ_PLUG)
		fv.c.plugged_size += size;
	else
		fv.c.plugged_size -= size;
	return VIRTIO_MEM_RESP_ACK;
}

/* Processes every new avail entry (bus addresses are host pointers). */
static void fake_notify(void)
{
	volatile uint16_t *avail = (volatile uint16_t *)(uintptr_t)fv.q_avail;
	volatile uint16_t *used = (volatile uint16_t *)(uintptr_t)fv.q_used;
	volatile struct vring_desc *desc = (volatile struct vring_desc *)(uintptr_t)fv.q_desc;

	if (fv.mute || !fv.q_enable)
		return;
	while (fv.last_avail != avail[1]) {
		uint16_t head = avail[2 + fv.last_avail % fv.q_size];
		const uint8_t *req = (const uint8_t *)(uintptr_t)desc[head].addr;
		uint16_t in = desc[head].next;
		uint8_t *resp = (uint8_t *)(uintptr_t)desc[in].addr;
		uint16_t type = (uint16_t)(req[0] | req[1] << 8), nb, r;
		uint64_t addr = 0;
		volatile uint32_t *elem;

		for (int i = 7; i >= 0; i--)
			addr = addr << 8 | req[8 + i];
		nb = (uint16_t)(req[16] | req[17] << 8);
		r = answer(type, addr, nb);
		memset(resp, 0, VIRTIO_MEM_RESP_SIZE);
		resp[0] = (uint8_t)r;
		elem = (volatile uint32_t *)(used + 2) + 2 * (fv.used_idx % fv.q_size);
		elem[0] = head;
		elem[1] = VIRTIO_MEM_RESP_SIZE;
		fv.used_idx++;
		used[1] = fv.used_idx;
		fv.last_avail++;
	}
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void sync_cfg(void)
{
	memset(fv.cfg, 0, sizeof(fv.cfg));
	put64(fv.cfg + 0, fv.c.block_size);
	put64(fv.cfg + 16, fv.c.addr);
	put64(fv.cfg + 24, fv.c.region_size);
	put64(fv.cfg + 32, fv.c.usable_region_size);
	put64(fv.cfg + 40, fv.c.plugged_size);
	put64(fv.cfg + 48, fv.c.requested_size);
}

static uint32_t common_read(uint64_t off, int width)
{
	switch (off) {
	case VIRTIO_COMMON_DF:
		return (uint32_t)(fv.dev_features >> (fv.dfselect ? 32 : 0));
	case VIRTIO_COMMON_NUMQ:
		return 1;
	case VIRTIO_COMMON_STATUS:
		return fv.status;
	case VIRTIO_COMMON_CFGGENERATION:
		if (fv.gen_flips) {
			fv.gen_flips--;
			fv.generation++;
		}
		return fv.generation;
	case VIRTIO_COMMON_Q_SIZE:
		return fv.q_select == 0 ? fv.q_size : 0;
	case VIRTIO_COMMON_Q_NOFF:
		return 0;
	case VIRTIO_COMMON_Q_ENABLE:
		return fv.q_enable;
	default:
		return 0;
	}
}

static void common_write(uint64_t off, uint32_t v)
{
	switch (off) {
	case VIRTIO_COMMON_DFSELECT:
		fv.dfselect = v;
		break;
	case VIRTIO_COMMON_GFSELECT:
		fv.gfselect = v;
		break;
	case VIRTIO_COMMON_GF:
		if (fv.gfselect)
			fv.drv_features = (fv.drv_features & 0xffffffffull) | (uint64_t)v << 32;
		else
			fv.drv_features = (fv.drv_features & ~0xffffffffull) | v;
		break;
	case VIRTIO_COMMON_STATUS:
		if (v == 0) {
			fv.q_enable = 0;
			fv.used_idx = fv.last_avail = 0;
		}
		if ((v & VIRTIO_STATUS_FEATURES_OK) && fv.refuse_features_ok)
			v &= ~VIRTIO_STATUS_FEATURES_OK;
		fv.status = (uint8_t)v;
		break;
	case VIRTIO_COMMON_Q_SELECT:
		fv.q_select = (uint16_t)v;
		break;
	case VIRTIO_COMMON_Q_SIZE:
		fv.q_size = (uint16_t)v;
		break;
	case VIRTIO_COMMON_Q_MSIX:
		fv.q_msix = (uint16_t)v;
		break;
	case VIRTIO_COMMON_Q_ENABLE:
		fv.q_enable = (uint16_t)v;
		break;
	case VIRTIO_COMMON_Q_DESCLO:
		fv.q_desc = (fv.q_desc & ~0xffffffffull) | v;
		break;
	case VIRTIO_COMMON_Q_DESCHI:
		fv.q_desc = (fv.q_desc & 0xffffffffull) | (uint64_t)v << 32;
		break;
	case VIRTIO_COMMON_Q_AVAILLO:
		fv.q_avail = (fv.q_avail & ~0xffffffffull) | v;
		break;
	case VIRTIO_COMMON_Q_AVAILHI:
		fv.q_avail = (fv.q_avail & 0xffffffffull) | (uint64_t)v << 32;
		break;
	case VIRTIO_COMMON_Q_USEDLO:
		fv.q_used = (fv.q_used & ~0xffffffffull) | v;
		break;
	case VIRTIO_COMMON_Q_USEDHI:
		fv.q_used = (fv.q_used & 0xffffffffull) | (uint64_t)v << 32;
		break;
	default:
		break;
	}
}

static uint32_t bar_read(uint64_t a, int width)
{
	uint64_t off = a - BAR_BASE;

	if (off < OFF_ISR)
		return common_read(off, width);
	if (off == OFF_ISR) {
		uint8_t v = fv.isr;

		fv.isr = 0;
		return v;
	}
	if (off >= OFF_DEVICE && off < OFF_DEVICE + 0x100) {
		uint32_t v = 0;

		sync_cfg();
		for (int i = 0; i < width; i++)
			v |= (uint32_t)fv.cfg[off - OFF_DEVICE + i] << (8 * i);
		return v;
	}
	return 0;
}

static void bar_write(uint64_t a, uint32_t v)
{
	uint64_t off = a - BAR_BASE;

	if (off < OFF_ISR)
		common_write(off, v);
	else if (off == OFF_NOTIFY && v == 0)
		fake_notify();
}

static uint8_t m_rd8(void *c, uint64_t a)
{
	return (uint8_t)bar_read(a, 1);
}
static uint16_t m_rd16(void *c, uint64_t a)
{
	return (uint16_t)bar_read(a, 2);
}
static uint32_t m_rd32(void *c, uint64_t a)
{
	return bar_read(a, 4);
}
static void m_wr8(void *c, uint64_t a, uint8_t v)
{
	bar_write(a, v);
}
static void m_wr16(void *c, uint64_t a, uint16_t v)
{
	bar_write(a, v);
}
static void m_wr32(void *c, uint64_t a, uint32_t v)
{
	bar_write(a, v);
}
static void m_delay(void *c)
{
	fv.delays++;
}

static const struct virtio_mmio_ops fake_mmio = {
    .read8 = m_rd8,
    .read16 = m_rd16,
    .read32 = m_rd32,
    .write8 = m_wr8,
    .write16 = m_wr16,
    .write32 = m_wr32,
    .delay = m_delay,
};

static void *d_alloc(void *c, size_t size, uint64_t *dma)
{
	void *p = kzalloc(size);

	*dma = (uint64_t)(uintptr_t)p;
	return p;
}
static void d_free(void *c, void *p, size_t size)
{
	kfree(p);
}
static const struct virtio_dma_ops fake_dma = {.alloc = d_alloc, .free = d_free};

/* ---- config space of 00:04.0 ---- */

static uint8_t pcfg[256];

static void pw32(unsigned int off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		pcfg[off + i] = (uint8_t)(v >> (8 * i));
}

static uint32_t p_read32(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	if (bus || dev != 4 || fn)
		return 0xffffffffu;
	return (uint32_t)pcfg[off] | (uint32_t)pcfg[off + 1] << 8 | (uint32_t)pcfg[off + 2] << 16 |
	       (uint32_t)pcfg[off + 3] << 24;
}

static void p_write32(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off, uint32_t v)
{
	if (bus || dev != 4 || fn)
		return;
	if (off == 0x20) /* BAR4: 16 KiB, 64-bit prefetchable */
		v = (v & ~0x3fffu) | 0xc;
	if (off == PCI_COMMAND) { /* status is write-one-to-clear: zeros keep it */
		pcfg[4] = (uint8_t)v;
		pcfg[5] = (uint8_t)(v >> 8);
		return;
	}
	pw32(off, v);
}

static const struct pci_cfg_ops p_ops = {.read32 = p_read32, .write32 = p_write32};

static void vcap(unsigned int pos, unsigned int next, uint8_t type, uint32_t off, uint32_t len)
{
	pcfg[pos] = PCI_CAP_ID_VNDR;
	pcfg[pos + 1] = (uint8_t)next;
	pcfg[pos + 2] = type == VIRTIO_PCI_CAP_NOTIFY_CFG ? 20 : 16;
	pcfg[pos + 3] = type;
	pcfg[pos + 4] = 4; /* BAR4 */
	pw32(pos + 8, off);
	pw32(pos + 12, len);
}

static void build_pci(void)
{
	memset(pcfg, 0, sizeof(pcfg));
	pw32(0, (uint32_t)VIRTIO_MEM_PCI_DEVICE_ID << 16 | VIRTIO_PCI_VENDOR);
	pw32(8, 0x00ff0001);
	pw32(0x20, (uint32_t)BAR_BASE | 0xc);
	pw32(0x24, 0);
	pcfg[PCI_STATUS] = PCI_STATUS_CAP_LIST;
	pcfg[PCI_CAPABILITY_LIST] = 0x40;
	vcap(0x40, 0x54, VIRTIO_PCI_CAP_COMMON_CFG, OFF_COMMON, 0x1000);
	vcap(0x54, 0x68, VIRTIO_PCI_CAP_ISR_CFG, OFF_ISR, 0x1000);
	vcap(0x68, 0x7c, VIRTIO_PCI_CAP_DEVICE_CFG, OFF_DEVICE, 0x1000);
	vcap(0x7c, 0, VIRTIO_PCI_CAP_NOTIFY_CFG, OFF_NOTIFY, 0x1000);
	pw32(0x7c + 16, 4); /* notify_off_multiplier */
}

/* ---- the hotplug world ---- */

/* Device RAM declared and not forgotten. */
static unsigned int declared(void)
{
	return fake.calls_declare - fake.calls_forget;
}

static char text[1024];

static const char *iomem(void)
{
	iomem_render(&mt.iomem, text, sizeof(text));
	return text;
}

static struct pci_host host;
static struct virtio_mem vm;
static char logbuf[2048];

static void setup(uint64_t requested)
{
	memset(&fv, 0, sizeof(fv));
	fv.always = -1;
	fv.q_size = 128;
	fv.dev_features = 1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE |
			  1ull << VIRTIO_MEM_F_ACPI_PXM;
	fv.c.block_size = 2 * MiB;
	fv.c.addr = REGION;
	fv.c.region_size = GiB;
	fv.c.usable_region_size = GiB;
	fv.c.requested_size = requested;
	build_pci();
	pci_scan(&host, &p_ops);
}

static int probe(void)
{
	int err;

	printk_capture_start(logbuf, sizeof(logbuf));
	err = virtio_mem_probe(&vm, &mt.mhp, 0, 0, &host, &host.devs[0], &fake_mmio, &fake_dma);
	printk_capture_stop();
	return err;
}

static int poll_once(struct hotplug_event *ev)
{
	int r;

	printk_capture_start(logbuf, sizeof(logbuf));
	r = virtio_mem_poll(&vm.poller, ev);
	printk_capture_stop();
	return r;
}

static int vm_init(struct ktest *t)
{
	int ret = memtest_init(t);

	if (ret)
		return ret;
	/* Plugged memory goes online, so a page in use can keep a block. */
	mhp_set_default_online_type_in(&mt.mhp, MMOP_ONLINE);
	return 0;
}

static void vm_exit(struct ktest *t)
{
	virtio_mem_teardown(&vm);
	KTEST_EXPECT_NULL(t, lookup_resource(&mt.iomem, REGION));
	KTEST_EXPECT_TRUE(t, list_empty(&mt.mhp.memory_groups));
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 0);
	KTEST_EXPECT_EQ(t, declared(), 0);
	memtest_exit(t);
}

static void plugs_to_requested_size_at_probe(struct ktest *t)
{
	struct memory_block *mem;
	struct memory_group *group;
	struct resource *r;

	setup(256 * MiB);
	KTEST_ASSERT_INT_EQ(t, probe(), 0);
	KTEST_EXPECT_EQ(t, fv.status,
			VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			    VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	/* VERSION_1 and UNPLUGGED_INACCESSIBLE, not ACPI_PXM. */
	KTEST_EXPECT_EQ(t, fv.drv_features,
			1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE);
	KTEST_EXPECT_EQ(t, fv.q_msix, VIRTIO_MSI_NO_VECTOR);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 256 * MiB);
	KTEST_EXPECT_EQ(t, vm.plugged, 256 * MiB);
	KTEST_EXPECT_EQ(t, fv.nreq_type[VIRTIO_MEM_REQ_PLUG], 2);
	KTEST_EXPECT_EQ(t, fv.nreq_type[VIRTIO_MEM_REQ_UNPLUG_ALL], 0);
	KTEST_EXPECT_EQ(t, fv.last_nb, 64); /* 128 MiB of 2 MiB blocks */
	/* Two blocks, merged into one resource below the container. */
	KTEST_EXPECT_STREQ(t, iomem(),
			   "1040000000-107fffffff : virtio0\n"
			   "  1040000000-104fffffff : System RAM (virtio_mem)\n");
	KTEST_ASSERT_EQ(t, memory_block_count_in(&mt.mhp), 2);
	/* Both in the device's dynamic group, whose unit is a block. */
	group = memory_group_find_by_id_in(&mt.mhp, vm.mgid);
	KTEST_ASSERT_NOT_NULL(t, group);
	KTEST_EXPECT_TRUE(t, group->is_dynamic);
	KTEST_EXPECT_EQ(t, group->unit_pages, 128 * MiB / PAGE_SIZE);
	KTEST_EXPECT_EQ(t, group->nr_blocks, 2);
	mem = find_memory_block_in(&mt.mhp, REGION);
	KTEST_ASSERT_NOT_NULL(t, mem);
	KTEST_EXPECT_TRUE(t, mem->group == group);
	KTEST_EXPECT_EQ(t, mem->state, MEM_ONLINE);
	mem = find_memory_block_in(&mt.mhp, REGION + 128 * MiB);
	KTEST_ASSERT_NOT_NULL(t, mem);
	KTEST_EXPECT_TRUE(t, mem->group == group);
	/* Each unit declared as device RAM before it was added. */
	KTEST_EXPECT_INT_EQ(t, fake.calls_declare, 2);
	KTEST_EXPECT_INT_EQ(t, declared(), 2);
	KTEST_EXPECT_EQ(t, fake.ram_start, REGION + 128 * MiB);
	KTEST_EXPECT_EQ(t, fake.ram_size, 128 * MiB);
	r = lookup_resource(&mt.iomem, REGION);
	KTEST_ASSERT_NOT_NULL(t, r);
	KTEST_EXPECT_STREQ(t, r->name, "virtio0");
	KTEST_EXPECT_EQ(t, r->end, REGION + GiB - 1);
	KTEST_EXPECT_EQ(t, r->flags, IORESOURCE_SYSTEM_RAM | IORESOURCE_EXCLUSIVE);
	KTEST_EXPECT_STREQ(t, vm.dev_name, "virtio-mem0");
}

static void shrinks_and_grows_on_poll(struct ktest *t)
{
	struct hotplug_event ev;

	setup(256 * MiB);
	KTEST_ASSERT_INT_EQ(t, probe(), 0);
	KTEST_EXPECT_INT_EQ(t, poll_once(&ev), 0);
	fv.c.requested_size = 128 * MiB;
	fv.isr = VIRTIO_ISR_CONFIG;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_STREQ(t, ev.device, "virtio-mem0");
	KTEST_EXPECT_EQ(t, ev.action, HOTPLUG_RESIZE);
	KTEST_EXPECT_EQ(t, ev.start, REGION + 128 * MiB);
	KTEST_EXPECT_EQ(t, ev.end, REGION + 256 * MiB - 1);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 128 * MiB);
	KTEST_EXPECT_STREQ(t, iomem(),
			   "1040000000-107fffffff : virtio0\n"
			   "  1040000000-1047ffffff : System RAM (virtio_mem)\n");
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 1);
	KTEST_EXPECT_INT_EQ(t, declared(), 1);
	KTEST_EXPECT_EQ(t, fv.isr, 0);
	KTEST_EXPECT_INT_EQ(t, poll_once(&ev), 0);
	fv.c.requested_size = 512 * MiB;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_EQ(t, ev.start, REGION + 128 * MiB);
	KTEST_EXPECT_EQ(t, ev.end, REGION + 512 * MiB - 1);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 512 * MiB);
	KTEST_EXPECT_STREQ(t, iomem(),
			   "1040000000-107fffffff : virtio0\n"
			   "  1040000000-105fffffff : System RAM (virtio_mem)\n");
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 4);
	KTEST_EXPECT_INT_EQ(t, declared(), 4);
}

static void shrink_skips_blocks_in_use(struct ktest *t)
{
	struct hotplug_event ev;

	setup(256 * MiB);
	KTEST_ASSERT_INT_EQ(t, probe(), 0);
	fake_mark_busy(REGION + 128 * MiB + 4096, true);
	fv.c.requested_size = 128 * MiB;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	/* Linux's order: the highest block cannot go whole (sub-block 0 is in
	 * use), so its other 63 sub-blocks go one by one, then the highest
	 * sub-block of the block below. */
	KTEST_EXPECT_EQ(t, ev.start, REGION + 126 * MiB);
	KTEST_EXPECT_EQ(t, ev.end, REGION + 256 * MiB - 1);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 128 * MiB);
	KTEST_EXPECT_EQ(t, vm.plugged, 128 * MiB);
	KTEST_EXPECT_STREQ(t, iomem(),
			   "1040000000-107fffffff : virtio0\n"
			   "  1040000000-104fffffff : System RAM (virtio_mem)\n");
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 2);
	KTEST_EXPECT_TRUE(t, fv.plugged[64] && !fv.plugged[65] && !fv.plugged[127]);
	KTEST_EXPECT_TRUE(t, fv.plugged[62] && !fv.plugged[63]);
	KTEST_EXPECT_TRUE(t, fake_page_usable(REGION + 128 * MiB));
	KTEST_EXPECT_FALSE(t, fake_page_usable(REGION + 130 * MiB));
	KTEST_EXPECT_FALSE(t, fake_page_usable(REGION + 126 * MiB));
	KTEST_EXPECT_INT_EQ(t, declared(), 2);
	fake_mark_busy(REGION + 128 * MiB + 4096, false);
}

static void error_leaves_state_unchanged(struct ktest *t)
{
	struct hotplug_event ev;

	setup(128 * MiB);
	KTEST_ASSERT_INT_EQ(t, probe(), 0);
	fv.c.requested_size = 256 * MiB;
	fv.script[0] = VIRTIO_MEM_RESP_ERROR;
	fv.nscript = 1;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_TRUE(t, strstr(logbuf, "device ERROR") != NULL);
	/* Given up: the whole region is reported, nothing moved. */
	KTEST_EXPECT_EQ(t, ev.start, REGION);
	KTEST_EXPECT_EQ(t, ev.end, REGION + GiB - 1);
	KTEST_EXPECT_EQ(t, vm.plugged, 128 * MiB);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 128 * MiB);
	KTEST_EXPECT_STREQ(t, iomem(),
			   "1040000000-107fffffff : virtio0\n"
			   "  1040000000-1047ffffff : System RAM (virtio_mem)\n");
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 1);
	KTEST_EXPECT_INT_EQ(t, declared(), 1);
	/* An ERROR on unplug: the memory is given back, still plugged. */
	fv.c.requested_size = 0;
	fv.script[1] = VIRTIO_MEM_RESP_ERROR;
	fv.nscript = 2;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_EQ(t, vm.plugged, 128 * MiB);
	KTEST_EXPECT_STREQ(t, iomem(),
			   "1040000000-107fffffff : virtio0\n"
			   "  1040000000-1047ffffff : System RAM (virtio_mem)\n");
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 1);
	KTEST_EXPECT_EQ(t, find_memory_block_in(&mt.mhp, REGION)->state, MEM_ONLINE);
	KTEST_EXPECT_INT_EQ(t, declared(), 1);
	KTEST_EXPECT_EQ(t, vm.state[0], VM_UNIT_ADDED);
}

static void add_failure_unplugs_again(struct ktest *t)
{
	setup(0);
	KTEST_ASSERT_INT_EQ(t, probe(), 0);
	fv.c.requested_size = 128 * MiB;
	/* The machine cannot map the block. */
	fake.fail_add_nth = 1;
	printk_capture_start(logbuf, sizeof(logbuf));
	KTEST_EXPECT_INT_EQ(t, virtio_mem_resize(&vm), -ENOMEM);
	printk_capture_stop();
	KTEST_EXPECT_NOT_NULL(t, strstr(logbuf, "virtio_mem virtio0: cannot add "
						"[0x1040000000-0x1047ffffff] (ENOMEM)\n"));
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 0);
	KTEST_EXPECT_EQ(t, vm.plugged, 0);
	KTEST_EXPECT_EQ(t, vm.state[0], VM_UNIT_UNPLUGGED);
	KTEST_EXPECT_STREQ(t, iomem(), "1040000000-107fffffff : virtio0\n");
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 0);
	KTEST_EXPECT_INT_EQ(t, fake.calls_declare, 1);
	KTEST_EXPECT_INT_EQ(t, declared(), 0);
}

static void busy_is_retried_boundedly(struct ktest *t)
{
	setup(0);
	KTEST_ASSERT_INT_EQ(t, probe(), 0);
	fv.c.requested_size = 128 * MiB;
	for (int i = 0; i < 3; i++)
		fv.script[i] = VIRTIO_MEM_RESP_BUSY;
	fv.nscript = 3;
	KTEST_EXPECT_INT_EQ(t, virtio_mem_resize(&vm), 0);
	KTEST_EXPECT_EQ(t, fv.nreq_type[VIRTIO_MEM_REQ_PLUG], 4);
	KTEST_EXPECT_EQ(t, fv.delays, 3);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 128 * MiB);
	/* A device that stays busy: -EBUSY after the bounded retries. */
	fv.always = VIRTIO_MEM_RESP_BUSY;
	fv.nreq = 0;
	fv.delays = 0;
	KTEST_EXPECT_INT_EQ(t, virtio_mem_request(&vm, VIRTIO_MEM_REQ_PLUG, REGION + GiB / 2, 1),
			    -EBUSY);
	KTEST_EXPECT_EQ(t, fv.nreq, VIRTIO_MEM_BUSY_RETRIES + 1);
	KTEST_EXPECT_EQ(t, fv.delays, VIRTIO_MEM_BUSY_RETRIES);
	fv.always = -1;
}

static void nack_stops_short(struct ktest *t)
{
	setup(0);
	KTEST_ASSERT_INT_EQ(t, probe(), 0);
	fv.c.requested_size = 256 * MiB;
	fv.script[0] = VIRTIO_MEM_RESP_ACK;
	fv.script[1] = VIRTIO_MEM_RESP_NACK;
	fv.nscript = 2;
	printk_capture_start(logbuf, sizeof(logbuf));
	KTEST_EXPECT_INT_EQ(t, virtio_mem_resize(&vm), -ENOSPC);
	printk_capture_stop();
	KTEST_EXPECT_EQ(t, vm.plugged, 128 * MiB);
	KTEST_EXPECT_STREQ(t, iomem(),
			   "1040000000-107fffffff : virtio0\n"
			   "  1040000000-1047ffffff : System RAM (virtio_mem)\n");
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 1);
	/* The scripted ACK did not plug in the fake: fix the books for teardown. */
	fv.plugged[0] = true;
	fv.c.plugged_size = 128 * MiB;
	for (int i = 1; i < 64; i++)
		fv.plugged[i] = true;
}

static void unaligned_region_is_refused(struct ktest *t)
{
	setup(256 * MiB);
	fv.c.addr = REGION + 64 * MiB;
	KTEST_EXPECT_INT_EQ(t, probe(), -EINVAL);
	KTEST_EXPECT_TRUE(t, strstr(logbuf, "bad device setup") != NULL);
	KTEST_EXPECT_EQ(t, fv.nreq, 0);
	KTEST_EXPECT_EQ(t, fv.q_enable, 0);
	KTEST_EXPECT_TRUE(t, fv.status & VIRTIO_STATUS_FAILED);
	KTEST_EXPECT_NULL(t, lookup_resource(&mt.iomem, REGION + 64 * MiB));
	KTEST_EXPECT_STREQ(t, iomem(), "");
	KTEST_EXPECT_TRUE(t, list_empty(&mt.mhp.memory_groups));
}

/* Hostile configurations are refused at probe, by name, before anything is
 * allocated, requested or claimed. */
static void hostile_config_is_refused_at_probe(struct ktest *t)
{
	static const struct {
		uint64_t region, block, usable;
		int err;
		const char *why;
	} bad[] = {
	    {1ull << 60, 2 * MiB, 1ull << 60, -ERANGE, "not addressable/pluggable"},
	    {GiB, 2 * GiB, GiB, -EINVAL, "larger than the region"},
	    {GiB, 2 * MiB, 2 * GiB, -EINVAL, "larger than the region"},
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		setup(256 * MiB);
		fv.c.region_size = bad[i].region;
		fv.c.block_size = bad[i].block;
		fv.c.usable_region_size = bad[i].usable;
		KTEST_EXPECT_INT_EQ(t, probe(), bad[i].err);
		KTEST_EXPECT_TRUE(t, strstr(logbuf, bad[i].why) != NULL);
		KTEST_EXPECT_EQ(t, fv.nreq, 0);
		KTEST_EXPECT_EQ(t, fv.q_enable, 0);
		KTEST_EXPECT_TRUE(t, fv.status & VIRTIO_STATUS_FAILED);
		KTEST_EXPECT_STREQ(t, iomem(), "");
		KTEST_EXPECT_TRUE(t, list_empty(&mt.mhp.memory_groups));
		KTEST_EXPECT_NULL(t, vm.state);
	}
}

static void unplug_all_at_start(struct ktest *t)
{
	setup(128 * MiB);
	for (int i = 0; i < 8; i++)
		fv.plugged[100 + i] = true;
	fv.c.plugged_size = 16 * MiB;
	KTEST_ASSERT_INT_EQ(t, probe(), 0);
	KTEST_EXPECT_EQ(t, fv.nreq_type[VIRTIO_MEM_REQ_UNPLUG_ALL], 1);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 128 * MiB);
	KTEST_EXPECT_FALSE(t, fv.plugged[100]);
}

static void transport_requires_version_1(struct ktest *t)
{
	setup(0);
	fv.dev_features = 1ull << VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE;
	KTEST_EXPECT_INT_EQ(t, probe(), -ENODEV);
	KTEST_EXPECT_TRUE(t, fv.status & VIRTIO_STATUS_FAILED);
	setup(0);
	fv.refuse_features_ok = true;
	KTEST_EXPECT_INT_EQ(t, probe(), -ENODEV);
	KTEST_EXPECT_TRUE(t, fv.status & VIRTIO_STATUS_FAILED);
	KTEST_EXPECT_EQ(t, fv.nreq, 0);
}

static void config_read_retries_generation(struct ktest *t)
{
	struct virtio_mem_config c;

	setup(256 * MiB);
	KTEST_ASSERT_INT_EQ(t, probe(), 0);
	fv.gen_flips = 3;
	KTEST_EXPECT_INT_EQ(t, virtio_mem_read_config(&vm, &c), 0);
	KTEST_EXPECT_EQ(t, c.requested_size, 256 * MiB);
	KTEST_EXPECT_EQ(t, c.addr, REGION);
	fv.gen_flips = 1000;
	KTEST_EXPECT_INT_EQ(t, virtio_mem_read_config(&vm, &c), -EBUSY);
	fv.gen_flips = 0;
}

static void lost_request_times_out(struct ktest *t)
{
	setup(0);
	KTEST_ASSERT_INT_EQ(t, probe(), 0);
	fv.mute = true;
	vm.vq.max_polls = 1000;
	printk_capture_start(logbuf, sizeof(logbuf));
	KTEST_EXPECT_INT_EQ(t, virtio_mem_request(&vm, VIRTIO_MEM_REQ_PLUG, REGION, 1), -ETIMEDOUT);
	KTEST_EXPECT_INT_EQ(t, virtio_mem_request(&vm, VIRTIO_MEM_REQ_PLUG, REGION, 1), -EIO);
	printk_capture_stop();
	fv.mute = false;
	vm.ready = false; /* teardown must not talk to a broken queue */
}

/* Every 2 MiB of the device region the allocator could hand out is a
 * plugged sub-block, and every plugged sub-block of an online block is
 * usable: unplugged memory never reaches the allocator. */
static void expect_usable_is_plugged(struct ktest *t)
{
	unsigned int bad = 0;

	for (uint64_t b = 0; b < GiB / (2 * MiB); b++) {
		uint64_t a = REGION + b * 2 * MiB;
		const struct memory_block *mem = find_memory_block_in(&mt.mhp, a);
		bool online = mem && mem->state == MEM_ONLINE;

		if (fake_page_usable(a) != (online && fv.plugged[b]))
			bad++;
	}
	KTEST_EXPECT_INT_EQ(t, bad, 0);
}

/* 130M, 258M, 66M, 1022M: sub-blocks in Linux's order, exact sizes. */
static void sbm_plugs_and_unplugs_sub_blocks(struct ktest *t)
{
	struct hotplug_event ev;

	setup(130 * MiB);
	KTEST_ASSERT_INT_EQ(t, probe(), 0);
	KTEST_EXPECT_TRUE(t, vm.sbm);
	KTEST_EXPECT_EQ(t, vm.sb_size, 2 * MiB);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 130 * MiB);
	KTEST_EXPECT_EQ(t, vm.plugged, 130 * MiB);
	/* Block 1 is added whole for its first sub-block: one PLUG of 64
	 * device blocks, then one of 1. */
	KTEST_EXPECT_EQ(t, fv.nreq_type[VIRTIO_MEM_REQ_PLUG], 2);
	KTEST_EXPECT_EQ(t, fv.last_nb, 1);
	KTEST_EXPECT_STREQ(t, iomem(),
			   "1040000000-107fffffff : virtio0\n"
			   "  1040000000-104fffffff : System RAM (virtio_mem)\n");
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 2);
	KTEST_EXPECT_TRUE(t, fake_page_usable(REGION + 128 * MiB));
	KTEST_EXPECT_FALSE(t, fake_page_usable(REGION + 130 * MiB));
	expect_usable_is_plugged(t);

	/* Grow: the partly plugged block first, then the next unused one. */
	fv.c.requested_size = 258 * MiB;
	fv.nreq_type[VIRTIO_MEM_REQ_PLUG] = 0;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 258 * MiB);
	KTEST_EXPECT_EQ(t, fv.nreq_type[VIRTIO_MEM_REQ_PLUG], 2);
	KTEST_EXPECT_EQ(t, ev.start, REGION + 130 * MiB);
	KTEST_EXPECT_EQ(t, ev.end, REGION + 384 * MiB - 1); /* block 2 added whole */
	KTEST_EXPECT_STREQ(t, iomem(),
			   "1040000000-107fffffff : virtio0\n"
			   "  1040000000-1057ffffff : System RAM (virtio_mem)\n");
	KTEST_EXPECT_STREQ(t, logbuf, "");
	expect_usable_is_plugged(t);

	/* Shrink: the partly plugged block 2 goes, then block 1 whole, then
	 * single sub-blocks of block 0 from its highest. */
	fv.c.requested_size = 66 * MiB;
	fv.nreq_type[VIRTIO_MEM_REQ_UNPLUG] = 0;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 66 * MiB);
	KTEST_EXPECT_EQ(t, vm.plugged, 66 * MiB);
	KTEST_EXPECT_EQ(t, fv.nreq_type[VIRTIO_MEM_REQ_UNPLUG], 1 + 1 + 31);
	KTEST_EXPECT_EQ(t, ev.start, REGION + 66 * MiB);
	KTEST_EXPECT_EQ(t, ev.end, REGION + 384 * MiB - 1);
	KTEST_EXPECT_STREQ(t, iomem(),
			   "1040000000-107fffffff : virtio0\n"
			   "  1040000000-1047ffffff : System RAM (virtio_mem)\n");
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 1);
	KTEST_EXPECT_INT_EQ(t, declared(), 1);
	KTEST_EXPECT_TRUE(t, fv.plugged[32] && !fv.plugged[33]);
	expect_usable_is_plugged(t);

	/* 1022M of a 1 GiB region: every block, the last one short of one. */
	fv.c.requested_size = 1022 * MiB;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 1022 * MiB);
	KTEST_EXPECT_STREQ(t, iomem(),
			   "1040000000-107fffffff : virtio0\n"
			   "  1040000000-107fffffff : System RAM (virtio_mem)\n");
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 8);
	KTEST_EXPECT_FALSE(t, fv.plugged[511]);
	KTEST_EXPECT_FALSE(t, fake_page_usable(REGION + GiB - 2 * MiB));
	KTEST_EXPECT_STREQ(t, logbuf, "");
	expect_usable_is_plugged(t);
}

/* A block taken offline and onlined again (sysfs) keeps its unplugged
 * sub-blocks out of the allocator. */
static void sbm_online_keeps_unplugged_out(struct ktest *t)
{
	struct memory_block *mem;

	setup(4 * MiB);
	KTEST_ASSERT_INT_EQ(t, probe(), 0);
	mem = find_memory_block_in(&mt.mhp, REGION);
	KTEST_ASSERT_NOT_NULL(t, mem);
	KTEST_EXPECT_INT_EQ(t, memory_block_device_offline_in(&mt.mhp, mem), 0);
	KTEST_EXPECT_FALSE(t, fake_page_usable(REGION));
	KTEST_EXPECT_INT_EQ(t, memory_block_device_online_in(&mt.mhp, mem, MMOP_ONLINE), 0);
	KTEST_EXPECT_TRUE(t, fake_page_usable(REGION + 2 * MiB));
	KTEST_EXPECT_FALSE(t, fake_page_usable(REGION + 4 * MiB));
	expect_usable_is_plugged(t);
	/* The machine cannot fake-offline: onlining fails and rolls back. */
	KTEST_EXPECT_INT_EQ(t, memory_block_device_offline_in(&mt.mhp, mem), 0);
	fake.fail_fake_offline_nth = 1;
	printk_capture_start(logbuf, sizeof(logbuf));
	KTEST_EXPECT_INT_EQ(t, memory_block_device_online_in(&mt.mhp, mem, MMOP_ONLINE), -ENOMEM);
	printk_capture_stop();
	KTEST_EXPECT_EQ(t, mem->state, MEM_OFFLINE);
	KTEST_EXPECT_FALSE(t, fake.unit[8].online);
	KTEST_EXPECT_FALSE(t, fake_page_usable(REGION));
	/* Offline, the block is unplugged from the top in one run. */
	fv.c.requested_size = 2 * MiB;
	KTEST_EXPECT_INT_EQ(t, virtio_mem_resize(&vm), 0);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 2 * MiB);
	KTEST_EXPECT_TRUE(t, fv.plugged[0] && !fv.plugged[1]);
}

/* NACK and BUSY part-way: what was done stays, consistently, and the
 * shortfall is named. */
static void sbm_nack_and_busy_midway(struct ktest *t)
{
	struct hotplug_event ev;

	setup(0);
	KTEST_ASSERT_INT_EQ(t, probe(), 0);
	fv.c.requested_size = 258 * MiB;
	fv.script[0] = BY_RULES;
	fv.script[1] = BY_RULES;
	fv.script[2] = VIRTIO_MEM_RESP_NACK;
	fv.nscript = 3;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_EQ(t, vm.plugged, 256 * MiB);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 256 * MiB);
	KTEST_EXPECT_NOT_NULL(t, strstr(logbuf, "virtio_mem virtio0: requested 258 MiB, plugged "
						"256 MiB (ENOSPC)\n"));
	KTEST_EXPECT_STREQ(t, iomem(),
			   "1040000000-107fffffff : virtio0\n"
			   "  1040000000-104fffffff : System RAM (virtio_mem)\n");
	KTEST_EXPECT_INT_EQ(t, declared(), 2);
	expect_usable_is_plugged(t);

	/* Shrink to 130M: sub-block 63 of block 1 goes, then the device stays
	 * busy for sub-block 62, which stays plugged and usable. */
	fv.c.requested_size = 130 * MiB;
	fv.pos = fv.nscript = 0;
	fv.script[0] = BY_RULES;
	for (int i = 1; i <= VIRTIO_MEM_BUSY_RETRIES + 1; i++)
		fv.script[i] = VIRTIO_MEM_RESP_BUSY;
	fv.nscript = VIRTIO_MEM_BUSY_RETRIES + 2;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_EQ(t, vm.plugged, 254 * MiB);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 254 * MiB);
	KTEST_EXPECT_NOT_NULL(t, strstr(logbuf, "virtio_mem virtio0: requested 130 MiB, plugged "
						"254 MiB (EBUSY)\n"));
	KTEST_EXPECT_TRUE(t, fv.plugged[126] && !fv.plugged[127]);
	expect_usable_is_plugged(t);

	/* The next request finishes the job. */
	fv.c.requested_size = 128 * MiB;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 128 * MiB);
	KTEST_EXPECT_STREQ(t, iomem(),
			   "1040000000-107fffffff : virtio0\n"
			   "  1040000000-1047ffffff : System RAM (virtio_mem)\n");
	KTEST_EXPECT_STREQ(t, logbuf, "");
	expect_usable_is_plugged(t);
}

/* Failures of the add, of the unplug after it, of onlining: every one
 * rolls back or is picked up by the next resize. */
static void sbm_rollback_on_failures(struct ktest *t)
{
	struct hotplug_event ev;

	setup(128 * MiB);
	KTEST_ASSERT_INT_EQ(t, probe(), 0);
	/* The new block cannot be added: its sub-block is unplugged again. */
	fv.c.requested_size = 130 * MiB;
	fake.fail_add_nth = 1;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(logbuf, "cannot add [0x1048000000-0x104fffffff] (ENOMEM)"));
	KTEST_EXPECT_NOT_NULL(t, strstr(logbuf, "requested 130 MiB, plugged 128 MiB (ENOMEM)"));
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 128 * MiB);
	KTEST_EXPECT_EQ(t, vm.state[1], VM_UNIT_UNPLUGGED);
	KTEST_EXPECT_INT_EQ(t, declared(), 1);
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 1);
	/* Add fails and so does the unplug: a stray block, unplugged at the
	 * next resize before anything else. */
	fv.c.requested_size = 132 * MiB;
	fake.fail_add_nth = 1;
	fv.script[0] = BY_RULES;
	fv.script[1] = VIRTIO_MEM_RESP_ERROR;
	fv.pos = 0;
	fv.nscript = 2;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_EQ(t, vm.state[1], VM_UNIT_STRAY);
	KTEST_EXPECT_EQ(t, vm.plugged, 132 * MiB);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 132 * MiB);
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 1);
	KTEST_EXPECT_FALSE(t, fake_page_usable(REGION + 128 * MiB));
	fv.c.requested_size = 128 * MiB;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_EQ(t, vm.state[1], VM_UNIT_UNPLUGGED);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 128 * MiB);
	KTEST_EXPECT_STREQ(t, logbuf, "");
	/* An UNPLUG refused: the pages go back to the allocator. */
	fv.c.requested_size = 126 * MiB;
	fv.script[0] = VIRTIO_MEM_RESP_ERROR;
	fv.pos = 0;
	fv.nscript = 1;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 128 * MiB);
	KTEST_EXPECT_TRUE(t, fake_page_usable(REGION + 126 * MiB));
	/* The last sub-block goes but the block cannot be removed: it stays,
	 * empty and all fake-offline, and goes at the next resize. */
	fv.c.requested_size = 0;
	fake.fail_offline_nth = 1;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 0);
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 1);
	KTEST_EXPECT_FALSE(t, fake_page_usable(REGION));
	KTEST_EXPECT_NOT_NULL(t, strstr(logbuf, "cannot remove [0x1040000000-0x1047ffffff]"));
	fv.c.requested_size = 2 * MiB;
	KTEST_ASSERT_INT_EQ(t, poll_once(&ev), 1);
	/* Cleanup first removes the empty block, then block 0 comes back. */
	KTEST_EXPECT_EQ(t, fv.c.plugged_size, 2 * MiB);
	KTEST_EXPECT_EQ(t, memory_block_count_in(&mt.mhp), 1);
	expect_usable_is_plugged(t);
}

static const struct ktest_case virtio_mem_cases[] = {
    KTEST_CASE(plugs_to_requested_size_at_probe),
    KTEST_CASE(shrinks_and_grows_on_poll),
    KTEST_CASE(shrink_skips_blocks_in_use),
    KTEST_CASE(error_leaves_state_unchanged),
    KTEST_CASE(add_failure_unplugs_again),
    KTEST_CASE(busy_is_retried_boundedly),
    KTEST_CASE(nack_stops_short),
    KTEST_CASE(unaligned_region_is_refused),
    KTEST_CASE(hostile_config_is_refused_at_probe),
    KTEST_CASE(unplug_all_at_start),
    KTEST_CASE(transport_requires_version_1),
    KTEST_CASE(config_read_retries_generation),
    KTEST_CASE(lost_request_times_out),
    KTEST_CASE(sbm_plugs_and_unplugs_sub_blocks),
    KTEST_CASE(sbm_online_keeps_unplugged_out),
    KTEST_CASE(sbm_nack_and_busy_midway),
    KTEST_CASE(sbm_rollback_on_failures),
    {0},
};

static const struct ktest_suite virtio_mem_suite = {
    .name = "virtio_mem_unit",
    .cases = virtio_mem_cases,
    .init = vm_init,
    .exit = vm_exit,
};
KTEST_SUITE(virtio_mem_suite);
