/* Modern virtio-pci transport and split virtqueue (pure C; see
 * virtio_pci.h). */
#include "drivers/virtio/virtio_pci.h"

#include "lib/errno.h"
#include "lib/string.h"

/* Polls of device_status after a reset before giving up. */
#define VIRTIO_RESET_MAX_POLLS 1000000u
/* Tries of a config read before the config counts as unstable. */
#define VIRTIO_CONFIG_MAX_TRIES 16

/* x86 keeps stores in order and loads in order: only the compiler must not
 * move ring accesses across these points. */
#define vq_barrier() __asm__ volatile("" ::: "memory")

static uint8_t rd8(struct virtio_pci_device *vd, uint64_t a)
{
	return vd->mmio->read8(vd->mmio->ctx, a);
}
static uint16_t rd16(struct virtio_pci_device *vd, uint64_t a)
{
	return vd->mmio->read16(vd->mmio->ctx, a);
}
static uint32_t rd32(struct virtio_pci_device *vd, uint64_t a)
{
	return vd->mmio->read32(vd->mmio->ctx, a);
}
static void wr8(struct virtio_pci_device *vd, uint64_t a, uint8_t v)
{
	vd->mmio->write8(vd->mmio->ctx, a, v);
}
static void wr16(struct virtio_pci_device *vd, uint64_t a, uint16_t v)
{
	vd->mmio->write16(vd->mmio->ctx, a, v);
}
static void wr32(struct virtio_pci_device *vd, uint64_t a, uint32_t v)
{
	vd->mmio->write32(vd->mmio->ctx, a, v);
}
static void wr64(struct virtio_pci_device *vd, uint64_t a, uint64_t v)
{
	/* Two halves: the common config need not take 64-bit accesses. */
	wr32(vd, a, (uint32_t)v);
	wr32(vd, a + 4, (uint32_t)(v >> 32));
}

/* Resolves one virtio_pci_cap to an address; 0 if unusable. */
static uint64_t cap_address(const struct pci_host *h, const struct pci_dev *d, uint8_t pos,
			    uint32_t min_len, uint32_t *len_out)
{
	uint8_t bar = pci_read8(h, d, (uint16_t)(pos + 4));
	uint32_t off = pci_read32(h, d, (uint16_t)(pos + 8));
	uint32_t len = pci_read32(h, d, (uint16_t)(pos + 12));
	const struct pci_bar *b;

	if (bar >= PCI_NUM_BARS)
		return 0;
	b = &d->bar[bar];
	if (!b->size || !b->base || !(b->flags & IORESOURCE_MEM) || len < min_len)
		return 0;
	if ((uint64_t)off + len > b->size)
		return 0;
	if (len_out)
		*len_out = len;
	return b->base + off;
}

int virtio_pci_probe(struct virtio_pci_device *vd, const struct pci_host *h,
		     const struct pci_dev *pdev, const struct virtio_mmio_ops *mmio)
{
	uint8_t pos = 0;

	memset(vd, 0, sizeof(*vd));
	vd->host = h;
	vd->pdev = pdev;
	vd->mmio = mmio;
	while ((pos = pci_find_next_capability(h, pdev, pos, PCI_CAP_ID_VNDR)) != 0) {
		uint8_t type = pci_read8(h, pdev, (uint16_t)(pos + 3));
		uint32_t len = 0;
		uint64_t a;

		/* The first usable capability of each type wins. */
		switch (type) {
		case VIRTIO_PCI_CAP_COMMON_CFG:
			if (!vd->common)
				vd->common = cap_address(h, pdev, pos, VIRTIO_COMMON_SIZE, NULL);
			break;
		case VIRTIO_PCI_CAP_NOTIFY_CFG:
			if (!vd->notify && (a = cap_address(h, pdev, pos, 2, NULL)) != 0) {
				vd->notify = a;
				vd->notify_off_multiplier =
				    pci_read32(h, pdev, (uint16_t)(pos + 16));
			}
			break;
		case VIRTIO_PCI_CAP_ISR_CFG:
			if (!vd->isr)
				vd->isr = cap_address(h, pdev, pos, 1, NULL);
			break;
		case VIRTIO_PCI_CAP_DEVICE_CFG:
			if (!vd->device && (a = cap_address(h, pdev, pos, 1, &len)) != 0) {
				vd->device = a;
				vd->device_len = len;
			}
			break;
		default:
			break;
		}
	}
	if (!vd->common || !vd->notify || !vd->isr || !vd->device)
		return -ENODEV;
	if (mmio->map) {
		for (int i = 0; i < PCI_NUM_BARS; i++) {
			const struct pci_bar *b = &pdev->bar[i];
			int err;

			if (!b->size || !b->base || !(b->flags & IORESOURCE_MEM))
				continue;
			err = mmio->map(mmio->ctx, b->base, b->size);
			if (err)
				return err;
		}
	}
	pci_enable_device(h, pdev);
	return 0;
}

uint8_t virtio_pci_status(struct virtio_pci_device *vd)
{
	return rd8(vd, vd->common + VIRTIO_COMMON_STATUS);
}

static void add_status(struct virtio_pci_device *vd, uint8_t bits)
{
	wr8(vd, vd->common + VIRTIO_COMMON_STATUS, (uint8_t)(virtio_pci_status(vd) | bits));
}

int virtio_pci_reset(struct virtio_pci_device *vd)
{
	wr8(vd, vd->common + VIRTIO_COMMON_STATUS, 0);
	/* The reset is done only when the device reads back 0. */
	for (uint32_t i = 0; i < VIRTIO_RESET_MAX_POLLS; i++)
		if (virtio_pci_status(vd) == 0)
			return 0;
	return -ETIMEDOUT;
}

void virtio_pci_fail(struct virtio_pci_device *vd)
{
	add_status(vd, VIRTIO_STATUS_FAILED);
}

void virtio_pci_driver_ok(struct virtio_pci_device *vd)
{
	add_status(vd, VIRTIO_STATUS_DRIVER_OK);
}

uint8_t virtio_pci_read_isr(struct virtio_pci_device *vd)
{
	return rd8(vd, vd->isr);
}

int virtio_pci_negotiate(struct virtio_pci_device *vd, uint64_t wanted)
{
	uint64_t dev_features, drv;
	int err;

	err = virtio_pci_reset(vd);
	if (err)
		return err;
	add_status(vd, VIRTIO_STATUS_ACKNOWLEDGE);
	add_status(vd, VIRTIO_STATUS_DRIVER);
	wr32(vd, vd->common + VIRTIO_COMMON_DFSELECT, 0);
	dev_features = rd32(vd, vd->common + VIRTIO_COMMON_DF);
	wr32(vd, vd->common + VIRTIO_COMMON_DFSELECT, 1);
	dev_features |= (uint64_t)rd32(vd, vd->common + VIRTIO_COMMON_DF) << 32;
	if (!(dev_features & (1ull << VIRTIO_F_VERSION_1))) {
		/* A legacy-only device: this driver speaks modern virtio only. */
		virtio_pci_fail(vd);
		return -ENODEV;
	}
	drv = dev_features & (wanted | (1ull << VIRTIO_F_VERSION_1));
	wr32(vd, vd->common + VIRTIO_COMMON_GFSELECT, 0);
	wr32(vd, vd->common + VIRTIO_COMMON_GF, (uint32_t)drv);
	wr32(vd, vd->common + VIRTIO_COMMON_GFSELECT, 1);
	wr32(vd, vd->common + VIRTIO_COMMON_GF, (uint32_t)(drv >> 32));
	add_status(vd, VIRTIO_STATUS_FEATURES_OK);
	/* The device clears FEATURES_OK when it cannot live with our subset. */
	if (!(virtio_pci_status(vd) & VIRTIO_STATUS_FEATURES_OK)) {
		virtio_pci_fail(vd);
		return -ENODEV;
	}
	vd->features = drv;
	return 0;
}

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

int virtio_pci_setup_queue(struct virtio_pci_device *vd, struct virtqueue *vq, uint16_t index,
			   const struct virtio_dma_ops *dma)
{
	uint64_t c = vd->common;
	size_t off_avail, off_used, off_bounce, total;
	uint16_t size, noff;
	uint8_t *mem;
	uint64_t mem_dma;

	memset(vq, 0, sizeof(*vq));
	if (index >= rd16(vd, c + VIRTIO_COMMON_NUMQ))
		return -ENOENT;
	wr16(vd, c + VIRTIO_COMMON_Q_SELECT, index);
	size = rd16(vd, c + VIRTIO_COMMON_Q_SIZE);
	if (!size)
		return -ENOENT;
	if (size & (size - 1))
		return -EINVAL;
	if (size > VIRTQUEUE_MAX_SIZE) {
		/* A modern driver may shrink the queue; fewer entries, less RAM. */
		size = VIRTQUEUE_MAX_SIZE;
		wr16(vd, c + VIRTIO_COMMON_Q_SIZE, size);
	}
	/* Alignments of the split ring: desc 16, avail 2, used 4. */
	off_avail = 16u * size;
	off_used = align_up(off_avail + 6 + 2u * size, 4);
	off_bounce = align_up(off_used + 6 + 8u * size, 16);
	total = off_bounce + 2 * VIRTQUEUE_BOUNCE;
	mem = dma->alloc(dma->ctx, total, &mem_dma);
	if (!mem)
		return -ENOMEM;
	vq->vdev = vd;
	vq->dma = dma;
	vq->index = index;
	vq->size = size;
	vq->mem = mem;
	vq->mem_size = total;
	vq->mem_dma = mem_dma;
	vq->desc = (volatile struct vring_desc *)mem;
	vq->avail = (volatile uint16_t *)(mem + off_avail);
	vq->used = (volatile uint16_t *)(mem + off_used);
	vq->bounce = mem + off_bounce;
	vq->max_polls = VIRTQUEUE_MAX_POLLS;
	/* The chain never changes: one readable, one writable descriptor. */
	vq->desc[0].addr = mem_dma + off_bounce;
	vq->desc[0].flags = VRING_DESC_F_NEXT;
	vq->desc[0].next = 1;
	vq->desc[1].addr = mem_dma + off_bounce + VIRTQUEUE_BOUNCE;
	vq->desc[1].flags = VRING_DESC_F_WRITE;
	/* Polling: no interrupts wanted (flags bit 0 = no interrupt). */
	vq->avail[0] = 1;
	wr16(vd, c + VIRTIO_COMMON_Q_MSIX, VIRTIO_MSI_NO_VECTOR);
	wr64(vd, c + VIRTIO_COMMON_Q_DESCLO, mem_dma);
	wr64(vd, c + VIRTIO_COMMON_Q_AVAILLO, mem_dma + off_avail);
	wr64(vd, c + VIRTIO_COMMON_Q_USEDLO, mem_dma + off_used);
	noff = rd16(vd, c + VIRTIO_COMMON_Q_NOFF);
	vq->notify_addr = vd->notify + (uint64_t)noff * vd->notify_off_multiplier;
	wr16(vd, c + VIRTIO_COMMON_Q_ENABLE, 1);
	return 0;
}

void virtio_pci_free_queue(struct virtqueue *vq)
{
	if (vq->mem)
		vq->dma->free(vq->dma->ctx, vq->mem, vq->mem_size);
	vq->mem = NULL;
}

int virtio_pci_read_config(struct virtio_pci_device *vd, uint32_t off, void *buf, size_t len)
{
	uint8_t *out = buf;

	if ((uint64_t)off + len > vd->device_len)
		return -EINVAL;
	for (int tries = 0; tries < VIRTIO_CONFIG_MAX_TRIES; tries++) {
		uint8_t gen = rd8(vd, vd->common + VIRTIO_COMMON_CFGGENERATION);
		size_t i = 0;

		while (i < len) {
			uint64_t a = vd->device + off + i;

			if (!(a & 3) && len - i >= 4) {
				uint32_t v = rd32(vd, a);

				memcpy(out + i, &v, 4);
				i += 4;
			} else {
				out[i] = rd8(vd, a);
				i++;
			}
		}
		if (rd8(vd, vd->common + VIRTIO_COMMON_CFGGENERATION) == gen)
			return 0;
	}
	return -EBUSY;
}

int virtqueue_exchange(struct virtqueue *vq, const void *out, size_t out_len, void *in,
		       size_t in_len)
{
	uint16_t slot;
	uint32_t id, len;
	size_t off;

	if (out_len > VIRTQUEUE_BOUNCE || in_len > VIRTQUEUE_BOUNCE || !out_len || !in_len)
		return -EINVAL;
	if (vq->broken)
		return -EIO;
	for (size_t i = 0; i < out_len; i++)
		vq->bounce[i] = ((const uint8_t *)out)[i];
	for (size_t i = 0; i < in_len; i++)
		vq->bounce[VIRTQUEUE_BOUNCE + i] = 0;
	vq->desc[0].len = (uint32_t)out_len;
	vq->desc[1].len = (uint32_t)in_len;
	slot = vq->avail_idx % vq->size;
	vq->avail[2 + slot] = 0; /* head of the chain: descriptor 0 */
	vq_barrier();
	vq->avail_idx++;
	vq->avail[1] = vq->avail_idx;
	vq_barrier();
	wr16(vq->vdev, vq->notify_addr, vq->index);
	/* Polled completion, bounded: a lost request breaks the queue. */
	for (uint32_t n = 0;; n++) {
		vq_barrier();
		if (vq->used[1] != vq->last_used)
			break;
		if (n >= vq->max_polls) {
			vq->broken = true;
			return -ETIMEDOUT;
		}
		__asm__ volatile("pause");
	}
	vq_barrier();
	off = 2 + (size_t)(vq->last_used % vq->size) * 4; /* in uint16_t units */
	id = (uint32_t)vq->used[off] | (uint32_t)vq->used[off + 1] << 16;
	len = (uint32_t)vq->used[off + 2] | (uint32_t)vq->used[off + 3] << 16;
	vq->last_used++;
	if (id != 0) {
		vq->broken = true;
		return -EBADMSG;
	}
	if (len > in_len)
		len = (uint32_t)in_len;
	for (size_t i = 0; i < len; i++)
		((uint8_t *)in)[i] = vq->bounce[VIRTQUEUE_BOUNCE + i];
	return (int)len;
}
