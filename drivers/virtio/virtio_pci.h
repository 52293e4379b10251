/* The modern virtio-pci transport and a split virtqueue (pure C).
 *
 * Device registers are reached through struct virtio_mmio_ops (physical
 * addresses: the kernel dereferences them through the identity map, host
 * tests dispatch them to a fake device). Queue memory comes from struct
 * virtio_dma_ops: the device DMAs to it, so it must be RAM the device can
 * address; the kernel's heap qualifies (identity mapped, below 4 GiB).
 *
 * No interrupts: the driver polls the used ring after each notify, with a
 * bounded number of polls, and re-reads the config (or the ISR) to notice
 * configuration changes. One request is in flight at a time, which is all
 * virtio-mem needs, so descriptors 0 and 1 are reused for every request and
 * requests are copied through a small bounce area in the queue memory. */
#ifndef DRIVERS_VIRTIO_VIRTIO_PCI_H
#define DRIVERS_VIRTIO_VIRTIO_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/pci/pci.h"

#define VIRTIO_PCI_VENDOR 0x1af4
/* Modern device ids are 0x1040 + the virtio device id. */
#define VIRTIO_PCI_MODERN_DEVICE_BASE 0x1040

/* device_status bits */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER	  2
#define VIRTIO_STATUS_DRIVER_OK	  4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED	  0x80

#define VIRTIO_F_VERSION_1 32

/* virtio_pci_cap cfg_type */
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG	  3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4

/* Common configuration structure offsets. */
#define VIRTIO_COMMON_DFSELECT	    0x00
#define VIRTIO_COMMON_DF	    0x04
#define VIRTIO_COMMON_GFSELECT	    0x08
#define VIRTIO_COMMON_GF	    0x0c
#define VIRTIO_COMMON_MSIX	    0x10
#define VIRTIO_COMMON_NUMQ	    0x12
#define VIRTIO_COMMON_STATUS	    0x14
#define VIRTIO_COMMON_CFGGENERATION 0x15
#define VIRTIO_COMMON_Q_SELECT	    0x16
#define VIRTIO_COMMON_Q_SIZE	    0x18
#define VIRTIO_COMMON_Q_MSIX	    0x1a
#define VIRTIO_COMMON_Q_ENABLE	    0x1c
#define VIRTIO_COMMON_Q_NOFF	    0x1e
#define VIRTIO_COMMON_Q_DESCLO	    0x20
#define VIRTIO_COMMON_Q_DESCHI	    0x24
#define VIRTIO_COMMON_Q_AVAILLO	    0x28
#define VIRTIO_COMMON_Q_AVAILHI	    0x2c
#define VIRTIO_COMMON_Q_USEDLO	    0x30
#define VIRTIO_COMMON_Q_USEDHI	    0x34
#define VIRTIO_COMMON_SIZE	    0x38

#define VIRTIO_MSI_NO_VECTOR 0xffff

/* ISR bits (reading the ISR clears them). */
#define VIRTIO_ISR_QUEUE  1
#define VIRTIO_ISR_CONFIG 2

struct virtio_mmio_ops {
	uint8_t (*read8)(void *ctx, uint64_t addr);
	uint16_t (*read16)(void *ctx, uint64_t addr);
	uint32_t (*read32)(void *ctx, uint64_t addr);
	void (*write8)(void *ctx, uint64_t addr, uint8_t v);
	void (*write16)(void *ctx, uint64_t addr, uint16_t v);
	void (*write32)(void *ctx, uint64_t addr, uint32_t v);
	/* Optional: make [start, start + size) reachable (BARs above 4 GiB).
	 * 0 or -errno. */
	int (*map)(void *ctx, uint64_t start, uint64_t size);
	/* Optional: waits about a millisecond before a device that answered
	 * "busy" is asked again. */
	void (*delay)(void *ctx);
	void *ctx;
};

struct virtio_dma_ops {
	/* Zeroed memory the device can DMA to; *dma is its bus address.
	 * NULL when out of memory. */
	void *(*alloc)(void *ctx, size_t size, uint64_t *dma);
	void (*free)(void *ctx, void *p, size_t size);
	void *ctx;
};

struct virtio_pci_device {
	const struct pci_host *host;
	const struct pci_dev *pdev;
	const struct virtio_mmio_ops *mmio;
	uint64_t common, notify, isr, device; /* physical addresses */
	uint32_t device_len;
	uint32_t notify_off_multiplier;
	uint64_t features; /* negotiated */
};

/* Split ring layout (virtio 1.x, little-endian = x86's order). */
struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
#define VRING_DESC_F_NEXT  1
#define VRING_DESC_F_WRITE 2

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

/* Largest request and response the bounce area takes. */
#define VIRTQUEUE_BOUNCE 64
/* Polls of the used ring before a request counts as lost. */
#define VIRTQUEUE_MAX_POLLS 50000000u
/* The ring size used at most (the device's may be larger). */
#define VIRTQUEUE_MAX_SIZE 256

struct virtqueue {
	struct virtio_pci_device *vdev;
	const struct virtio_dma_ops *dma;
	uint16_t index, size;
	volatile struct vring_desc *desc;
	volatile uint16_t *avail; /* flags, idx, ring[size] */
	volatile uint16_t *used;  /* flags, idx, then the elements */
	volatile uint8_t *bounce; /* out at 0, in at VIRTQUEUE_BOUNCE */
	uint64_t mem_dma;
	void *mem;
	size_t mem_size;
	uint64_t notify_addr;
	uint16_t avail_idx, last_used;
	uint32_t max_polls;
	bool broken; /* a request was lost: the ring state is unknown */
};

/* Finds the COMMON, NOTIFY, ISR and DEVICE vendor capabilities and turns
 * them into addresses inside assigned memory BARs. 0, -ENODEV (a capability
 * is missing, or points at an I/O, unassigned or too small BAR), or the
 * map op's error. Enables the PCI function (memory decode, bus master). */
int virtio_pci_probe(struct virtio_pci_device *vd, const struct pci_host *h,
		     const struct pci_dev *pdev, const struct virtio_mmio_ops *mmio);

/* Reset, ACKNOWLEDGE, DRIVER, then negotiates: offers the device's
 * features & wanted (VERSION_1 is always wanted and required), sets
 * FEATURES_OK and checks the device kept it. 0 with vd->features, or
 * -ENODEV (no VERSION_1, FEATURES_OK refused: status FAILED is set),
 * -ETIMEDOUT (reset never completed). */
int virtio_pci_negotiate(struct virtio_pci_device *vd, uint64_t wanted);

/* Sets up queue `index` with memory from dma. 0, -ENOENT (no such queue or
 * size 0), -ENOMEM, -EINVAL (size not a power of two). */
int virtio_pci_setup_queue(struct virtio_pci_device *vd, struct virtqueue *vq, uint16_t index,
			   const struct virtio_dma_ops *dma);
/* Disables nothing (the device is reset by the caller); frees the memory. */
void virtio_pci_free_queue(struct virtqueue *vq);

void virtio_pci_driver_ok(struct virtio_pci_device *vd);
/* Status FAILED: the driver gives up on the device. */
void virtio_pci_fail(struct virtio_pci_device *vd);
/* Writes status 0 and waits (bounded) until the device reads back 0. */
int virtio_pci_reset(struct virtio_pci_device *vd);
uint8_t virtio_pci_status(struct virtio_pci_device *vd);
/* Reads (and so clears) the ISR. */
uint8_t virtio_pci_read_isr(struct virtio_pci_device *vd);

/* Copies len bytes of device config at off into buf, retrying (bounded)
 * until config_generation is the same before and after. Aligned dwords are
 * read as 32-bit accesses, the rest bytewise. 0, -EINVAL (outside the
 * device config), -EBUSY (the config kept changing). */
int virtio_pci_read_config(struct virtio_pci_device *vd, uint32_t off, void *buf, size_t len);

/* Sends out (device-readable) and waits for the device to fill in
 * (device-writable). Returns the number of bytes the device wrote, or
 * -EINVAL (buffers too big), -EIO (the queue is broken), -ETIMEDOUT (no
 * answer after max_polls: the queue is marked broken), -EBADMSG (the device
 * returned a descriptor it was not given). */
int virtqueue_exchange(struct virtqueue *vq, const void *out, size_t out_len, void *in,
		       size_t in_len);

#endif
