/* PCI configuration mechanism #1 (ports 0xCF8/0xCFC) and the machine's PCI
 * bus (kernel only). */
#include "drivers/pci/pci_conf1.h"

#include "kernel/io.h"
#include "kernel/printk.h"
#include "lib/errno.h"

#define PCI_CONF1_ADDRESS 0xcf8
#define PCI_CONF1_DATA	  0xcfc

struct pci_host pci_root;

static uint32_t conf1_addr(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	return 0x80000000u | (uint32_t)bus << 16 | (uint32_t)(dev & 31) << 11 |
	       (uint32_t)(fn & 7) << 8 | (off & 0xfc);
}

static uint32_t conf1_read32(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	(void)ctx;
	/* Mechanism #1 reaches only the first 256 bytes. */
	if (off >= 256)
		return 0xffffffffu;
	outl(PCI_CONF1_ADDRESS, conf1_addr(bus, dev, fn, off));
	return inl(PCI_CONF1_DATA);
}

static void conf1_write32(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off, uint32_t v)
{
	(void)ctx;
	if (off >= 256)
		return;
	outl(PCI_CONF1_ADDRESS, conf1_addr(bus, dev, fn, off));
	outl(PCI_CONF1_DATA, v);
}

static const struct pci_cfg_ops conf1_ops = {
    .read32 = conf1_read32,
    .write32 = conf1_write32,
};

int pci_init(void)
{
	int n, err;

	n = pci_scan(&pci_root, &conf1_ops);
	for (int i = 0; i < n; i++) {
		const struct pci_dev *d = &pci_root.devs[i];

		printk("pci %s: [%04x:%04x] class %06x\n", d->name, d->vendor, d->device, d->class);
		for (int j = 0; j < PCI_NUM_BARS; j++) {
			const struct pci_bar *b = &d->bar[j];

			if (b->size)
				printk("pci %s: BAR %d %s [%#llx-%#llx]%s%s\n", d->name, j,
				       (b->flags & IORESOURCE_IO) ? "io" : "mem",
				       (unsigned long long)b->base,
				       (unsigned long long)(b->base + b->size - 1),
				       (b->flags & IORESOURCE_MEM_64) ? " 64bit" : "",
				       (b->flags & IORESOURCE_PREFETCH) ? " pref" : "");
		}
	}
	if (pci_root.truncated)
		printk("pci: more than %d functions; the rest are ignored\n", PCI_MAX_DEVICES);
	err = pci_insert_resources(&pci_root, &iomem_resource, &ioport_resource);
	if (err)
		printk("pci: some BARs are not in the resource tree (%s)\n", errno_name(err));
	return n;
}
