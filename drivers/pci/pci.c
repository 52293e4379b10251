/* PCI enumeration, BAR sizing and capability walk (pure C; see pci.h). */
#include "drivers/pci/pci.h"

#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

#define PCI_MAX_BUSES 256
#define PCI_MAX_SLOTS 32
#define PCI_MAX_FUNCS 8
/* A capability is at least 4 bytes in the 192 bytes after the header. */
#define PCI_CAP_WALK_MAX 48

static uint32_t cfg_read(const struct pci_host *h, uint8_t bus, uint8_t dev, uint8_t fn,
			 uint16_t off)
{
	return h->ops->read32(h->ops->ctx, bus, dev, fn, (uint16_t)(off & ~3u));
}

uint32_t pci_read32(const struct pci_host *h, const struct pci_dev *d, uint16_t off)
{
	return cfg_read(h, d->bus, d->dev, d->fn, off);
}

uint16_t pci_read16(const struct pci_host *h, const struct pci_dev *d, uint16_t off)
{
	return (uint16_t)(pci_read32(h, d, off) >> ((off & 2) * 8));
}

uint8_t pci_read8(const struct pci_host *h, const struct pci_dev *d, uint16_t off)
{
	return (uint8_t)(pci_read32(h, d, off) >> ((off & 3) * 8));
}

void pci_write32(const struct pci_host *h, const struct pci_dev *d, uint16_t off, uint32_t v)
{
	h->ops->write32(h->ops->ctx, d->bus, d->dev, d->fn, (uint16_t)(off & ~3u), v);
}

/* Writes the command register alone: the status half of the dword is
 * write-one-to-clear, so it gets zeros. */
static void write_command(const struct pci_host *h, const struct pci_dev *d, uint16_t cmd)
{
	pci_write32(h, d, PCI_COMMAND, cmd);
}

/* Writes all ones, reads back the writable bits, restores the original. */
static uint32_t probe_bar(const struct pci_host *h, const struct pci_dev *d, uint16_t off,
			  uint32_t *orig)
{
	uint32_t mask;

	*orig = pci_read32(h, d, off);
	pci_write32(h, d, off, 0xffffffffu);
	mask = pci_read32(h, d, off);
	pci_write32(h, d, off, *orig);
	return mask;
}

static void size_bars(struct pci_host *h, struct pci_dev *d)
{
	int nbars = d->hdr_type == PCI_HEADER_TYPE_NORMAL   ? 6
		    : d->hdr_type == PCI_HEADER_TYPE_BRIDGE ? 2
							    : 0;
	uint16_t cmd = pci_read16(h, d, PCI_COMMAND);

	/* A BAR reading all ones would decode at a bogus address meanwhile. */
	if (nbars)
		write_command(h, d, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (int i = 0; i < nbars; i++) {
		struct pci_bar *b = &d->bar[i];
		uint16_t off = (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * i);
		uint32_t orig, mask = probe_bar(h, d, off, &orig);
		uint64_t base, mask64;

		if (orig & 1) {
			/* I/O: the upper 16 bits may be hardwired to zero. */
			mask64 = mask & 0xfffffffcu;
			base = orig & 0xfffffffcu;
			b->flags = IORESOURCE_IO;
		} else {
			mask64 = mask & 0xfffffff0u;
			base = orig & 0xfffffff0u;
			b->flags = IORESOURCE_MEM;
			if (orig & 0x8)
				b->flags |= IORESOURCE_PREFETCH;
			if (((orig >> 1) & 3) == 2 && i + 1 < nbars) {
				uint32_t orig_hi, mask_hi;

				mask_hi = probe_bar(h, d, (uint16_t)(off + 4), &orig_hi);
				mask64 |= (uint64_t)mask_hi << 32;
				base |= (uint64_t)orig_hi << 32;
				b->flags |= IORESOURCE_MEM_64;
				i++; /* the upper half is not a BAR of its own */
			} else if (mask64) {
				/* A 32-bit BAR: the bits above 31 are not decoded. */
				mask64 |= 0xffffffff00000000ull;
			}
		}
		if (!mask64) {
			b->flags = 0;
			continue;
		}
		/* The size is the lowest writable address bit. */
		b->size = mask64 & (~mask64 + 1);
		if (b->flags & IORESOURCE_IO)
			b->size &= 0xffff;
		if (!b->size) {
			b->flags = 0;
			continue;
		}
		b->base = base;
	}
	if (nbars)
		write_command(h, d, cmd);
}

static struct pci_dev *add_function(struct pci_host *h, uint8_t bus, uint8_t dev, uint8_t fn,
				    uint32_t id)
{
	struct pci_dev *d;
	uint32_t cr;

	if (h->ndevs >= PCI_MAX_DEVICES) {
		h->truncated = true;
		return NULL;
	}
	d = &h->devs[h->ndevs++];
	memset(d, 0, sizeof(*d));
	d->bus = bus;
	d->dev = dev;
	d->fn = fn;
	d->vendor = (uint16_t)id;
	d->device = (uint16_t)(id >> 16);
	cr = pci_read32(h, d, PCI_CLASS_REVISION);
	d->class = cr >> 8;
	d->hdr_type = pci_read8(h, d, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK;
	snprintf(d->name, sizeof(d->name), "0000:%02x:%02x.%x", bus, dev, fn);
	size_bars(h, d);
	return d;
}

int pci_scan(struct pci_host *h, const struct pci_cfg_ops *ops)
{
	/* Buses still to scan, in discovery order; each enters once. */
	uint8_t queue[PCI_MAX_BUSES];
	bool seen[PCI_MAX_BUSES];
	int head = 0, tail = 0;

	memset(h, 0, sizeof(*h));
	h->ops = ops;
	memset(seen, 0, sizeof(seen));
	queue[tail++] = 0;
	seen[0] = true;
	while (head < tail) {
		uint8_t bus = queue[head++];

		for (uint8_t dev = 0; dev < PCI_MAX_SLOTS; dev++) {
			uint8_t nfn = 1;

			for (uint8_t fn = 0; fn < nfn; fn++) {
				uint32_t id = cfg_read(h, bus, dev, fn, PCI_VENDOR_ID);
				struct pci_dev *d;
				uint8_t ht;

				if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0)
					continue;
				ht = (uint8_t)(cfg_read(h, bus, dev, fn, PCI_HEADER_TYPE) >> 16);
				if (fn == 0 && (ht & PCI_HEADER_TYPE_MULTIFUNC))
					nfn = PCI_MAX_FUNCS;
				d = add_function(h, bus, dev, fn, id);
				if (!d)
					return h->ndevs;
				if (d->hdr_type == PCI_HEADER_TYPE_BRIDGE) {
					uint8_t sec = pci_read8(h, d, PCI_SECONDARY_BUS);

					/* Secondary bus 0 means "not configured". */
					if (sec && !seen[sec]) {
						seen[sec] = true;
						queue[tail++] = sec;
					}
				}
			}
		}
	}
	return h->ndevs;
}

int pci_insert_resources(struct pci_host *h, struct resource *mem_root, struct resource *io_root)
{
	int ret = 0;

	for (int i = 0; i < h->ndevs; i++) {
		struct pci_dev *d = &h->devs[i];

		for (int j = 0; j < PCI_NUM_BARS; j++) {
			struct pci_bar *b = &d->bar[j];
			struct resource *root = (b->flags & IORESOURCE_IO) ? io_root : mem_root;
			int err;

			if (!b->size || !b->base || b->inserted)
				continue;
			memset(&b->res, 0, sizeof(b->res));
			b->res.start = b->base;
			b->res.end = b->base + b->size - 1;
			b->res.name = d->name;
			b->res.flags = b->flags;
			err = insert_resource(root, &b->res);
			if (err) {
				printk("pci %s: BAR %d [%#llx-%#llx] conflicts; not inserted\n",
				       d->name, j, b->res.start, b->res.end);
				if (!ret)
					ret = err;
				continue;
			}
			b->inserted = true;
		}
	}
	return ret;
}

void pci_remove_resources(struct pci_host *h)
{
	for (int i = 0; i < h->ndevs; i++)
		for (int j = 0; j < PCI_NUM_BARS; j++) {
			struct pci_bar *b = &h->devs[i].bar[j];

			if (b->inserted) {
				remove_resource(&b->res);
				b->inserted = false;
			}
		}
}

struct pci_dev *pci_find_device(struct pci_host *h, uint16_t vendor, uint16_t device,
				struct pci_dev *from)
{
	int i = from ? (int)(from - h->devs) + 1 : 0;

	for (; i < h->ndevs; i++) {
		struct pci_dev *d = &h->devs[i];

		if (d->vendor == vendor && (device == 0xffff || d->device == device))
			return d;
	}
	return NULL;
}

uint8_t pci_find_next_capability(const struct pci_host *h, const struct pci_dev *d, uint8_t from,
				 uint8_t cap_id)
{
	uint8_t pos;

	if (!(pci_read16(h, d, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	pos = from ? pci_read8(h, d, (uint16_t)(from + 1)) : pci_read8(h, d, PCI_CAPABILITY_LIST);
	for (int n = 0; n < PCI_CAP_WALK_MAX; n++) {
		pos &= ~3u;
		if (pos < 0x40)
			return 0;
		if (pci_read8(h, d, pos) == cap_id)
			return pos;
		pos = pci_read8(h, d, (uint16_t)(pos + 1));
	}
	return 0;
}

void pci_enable_device(const struct pci_host *h, const struct pci_dev *d)
{
	uint16_t cmd = pci_read16(h, d, PCI_COMMAND);

	write_command(h, d, cmd | PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}
