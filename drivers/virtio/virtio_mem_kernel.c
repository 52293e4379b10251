/* virtio-mem on the real machine (kernel only): identity-mapped MMIO with a
 * port-I/O delay, and queue memory from the kernel heap. */
#include "drivers/virtio/virtio_mem_kernel.h"

#include "drivers/pci/pci_conf1.h"
#include "kernel/io.h"
#include "kernel/kalloc.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "mm/memory_hotplug.h"
#include "mm/paging.h"

static uint8_t k_rd8(void *c, uint64_t a)
{
	return *(volatile uint8_t *)(uintptr_t)a;
}
static uint16_t k_rd16(void *c, uint64_t a)
{
	return *(volatile uint16_t *)(uintptr_t)a;
}
static uint32_t k_rd32(void *c, uint64_t a)
{
	return *(volatile uint32_t *)(uintptr_t)a;
}
static void k_wr8(void *c, uint64_t a, uint8_t v)
{
	*(volatile uint8_t *)(uintptr_t)a = v;
}
static void k_wr16(void *c, uint64_t a, uint16_t v)
{
	*(volatile uint16_t *)(uintptr_t)a = v;
}
static void k_wr32(void *c, uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)a = v;
}

/* BARs below 4 GiB are in the boot identity map; above it, map 2 MiB
 * pages around the BAR (already mapped is fine). */
static int k_map(void *c, uint64_t start, uint64_t size)
{
	uint64_t s = start & ~(PAGING_HUGE_SIZE - 1);
	uint64_t e = (start + size + PAGING_HUGE_SIZE - 1) & ~(PAGING_HUGE_SIZE - 1);
	int err;

	if (start + size <= PAGING_BOOT_MAP_END)
		return 0;
	if (s < PAGING_BOOT_MAP_END)
		s = PAGING_BOOT_MAP_END;
	if (paging_is_mapped(s))
		return 0;
	err = paging_map(s, e);
	return err == -EEXIST ? 0 : err;
}

/* About a millisecond of port I/O (each 0x80 write takes ~1 us). */
static void k_delay(void *c)
{
	for (int i = 0; i < 1000; i++)
		outb(0x80, 0);
}

static const struct virtio_mmio_ops kernel_mmio = {
    .read8 = k_rd8,
    .read16 = k_rd16,
    .read32 = k_rd32,
    .write8 = k_wr8,
    .write16 = k_wr16,
    .write32 = k_wr32,
    .map = k_map,
    .delay = k_delay,
};

/* The heap is identity mapped below 4 GiB: its addresses are bus addresses. */
static void *k_dma_alloc(void *c, size_t size, uint64_t *dma)
{
	void *p = kzalloc(size);

	if (p && (uintptr_t)p + size > PAGING_BOOT_MAP_END) {
		kfree(p);
		return NULL;
	}
	*dma = (uint64_t)(uintptr_t)p;
	return p;
}
static void k_dma_free(void *c, void *p, size_t size)
{
	kfree(p);
}
static const struct virtio_dma_ops kernel_dma = {.alloc = k_dma_alloc, .free = k_dma_free};

static struct virtio_mem devices[VIRTIO_MEM_MAX_DEVICES];
static int ndevices;

/* The driver owns its BARs, as Linux's virtio-pci-modern requests them:
 * a busy "virtio-pci-modern" inside each memory BAR resource. */
static void claim_bars(struct resource *iomem, const struct pci_dev *d)
{
	for (int b = 0; b < PCI_NUM_BARS; b++) {
		const struct pci_bar *bar = &d->bar[b];

		if (!bar->inserted || !bar->size || !(bar->flags & IORESOURCE_MEM))
			continue;
		if (!__request_region(iomem, bar->base, bar->size, "virtio-pci-modern", 0))
			printk("virtio_mem %s: cannot claim BAR %d\n", d->name, b);
	}
}

int virtio_mem_init(struct mhp_state *mhp, struct hotplug_poller_list *pollers)
{
	int vindex = 0;

	/* virtioN counts every virtio function in bus order, as Linux's
	 * virtio bus numbers its devices. */
	for (int i = 0; i < pci_root.ndevs; i++) {
		const struct pci_dev *d = &pci_root.devs[i];
		struct virtio_mem *vm;
		int err;

		if (d->vendor != VIRTIO_PCI_VENDOR || d->device < 0x1000 || d->device > 0x107f)
			continue;
		if (d->device != VIRTIO_MEM_PCI_DEVICE_ID || ndevices >= VIRTIO_MEM_MAX_DEVICES) {
			vindex++;
			continue;
		}
		vm = &devices[ndevices];
		err = virtio_mem_probe(vm, mhp, vindex, ndevices, &pci_root, d, &kernel_mmio,
				       &kernel_dma);
		vindex++;
		if (err) {
			printk("virtio_mem %s: not used (%s)\n", d->name, errno_name(err));
			continue;
		}
		printk("virtio_mem %s: %s [%#llx-%#llx] block size %#llx, plugged %llu MiB of %llu "
		       "MiB requested\n",
		       d->name, vm->name, (unsigned long long)vm->cfg.addr,
		       (unsigned long long)(vm->cfg.addr + vm->cfg.region_size - 1),
		       (unsigned long long)vm->cfg.block_size,
		       (unsigned long long)(vm->plugged >> 20),
		       (unsigned long long)(vm->cfg.requested_size >> 20));
		claim_bars(mhp->iomem, d);
		hotplug_poller_register(pollers, &vm->poller);
		ndevices++;
	}
	return ndevices;
}

struct virtio_mem *virtio_mem_get(int i)
{
	return i >= 0 && i < ndevices ? &devices[i] : NULL;
}
