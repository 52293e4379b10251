/* PCI (pure C): bus enumeration, BAR sizing, BAR resources and the
 * capability list, over a config-space access ops struct, so host tests can
 * drive it with a fake config space and the kernel with ports 0xCF8/0xCFC
 * (drivers/pci/pci_conf1.c).
 *
 * Enumeration starts at bus 0 and follows PCI-PCI bridges by their
 * secondary bus number; each bus is scanned at most once and at most
 * PCI_MAX_DEVICES functions are kept, so a broken topology (a bridge looping
 * back to bus 0) cannot make it loop forever.
 *
 * Each assigned BAR becomes a resource named after the function
 * ("0000:00:03.0"), inserted with insert_resource() into iomem_resource or
 * ioport_resource. As in Linux, BAR resources are not busy: a driver
 * requests regions inside them. Deviation: there is no "PCI Bus 0000:00"
 * host-bridge window above them, because Linux takes those windows from the
 * ACPI _CRS of the host bridge (an AML method) and hotmem has no AML
 * interpreter; the BARs therefore sit at the top level of /proc/iomem (or
 * inside whatever e820/ACPI resource already covers them). Bridge windows
 * (memory/I/O base-limit registers) are not sized or inserted either. */
#ifndef DRIVERS_PCI_PCI_H
#define DRIVERS_PCI_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/resource.h"

/* 32-bit config accesses only: every other width is derived from them (off
 * is dword aligned for read32/write32). */
struct pci_cfg_ops {
	uint32_t (*read32)(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off);
	void (*write32)(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off, uint32_t v);
	void *ctx;
};

/* Config-space registers used here. */
#define PCI_VENDOR_ID	    0x00
#define PCI_DEVICE_ID	    0x02
#define PCI_COMMAND	    0x04
#define PCI_STATUS	    0x06
#define PCI_CLASS_REVISION  0x08
#define PCI_HEADER_TYPE	    0x0e
#define PCI_BASE_ADDRESS_0  0x10
#define PCI_SECONDARY_BUS   0x19
#define PCI_CAPABILITY_LIST 0x34

#define PCI_COMMAND_IO	    0x1
#define PCI_COMMAND_MEMORY  0x2
#define PCI_COMMAND_MASTER  0x4
#define PCI_STATUS_CAP_LIST 0x10

#define PCI_HEADER_TYPE_MASK	  0x7f
#define PCI_HEADER_TYPE_NORMAL	  0
#define PCI_HEADER_TYPE_BRIDGE	  1
#define PCI_HEADER_TYPE_MULTIFUNC 0x80

#define PCI_CAP_ID_VNDR 0x09

#define PCI_MAX_DEVICES 64
#define PCI_NUM_BARS	6

struct pci_bar {
	uint64_t base;	     /* 0: unassigned (not inserted) */
	uint64_t size;	     /* 0: no BAR here */
	unsigned long flags; /* IORESOURCE_MEM or _IO, + PREFETCH, MEM_64 */
	struct resource res;
	bool inserted;
};

struct pci_dev {
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint32_t class;	  /* class << 16 | subclass << 8 | prog-if */
	uint8_t hdr_type; /* without the multi-function bit */
	struct pci_bar bar[PCI_NUM_BARS];
	char name[16]; /* "0000:BB:DD.F": the resource name, must live on */
};

struct pci_host {
	const struct pci_cfg_ops *ops;
	struct pci_dev devs[PCI_MAX_DEVICES];
	int ndevs;
	bool truncated; /* more functions than PCI_MAX_DEVICES */
};

uint32_t pci_read32(const struct pci_host *h, const struct pci_dev *d, uint16_t off);
uint16_t pci_read16(const struct pci_host *h, const struct pci_dev *d, uint16_t off);
uint8_t pci_read8(const struct pci_host *h, const struct pci_dev *d, uint16_t off);
void pci_write32(const struct pci_host *h, const struct pci_dev *d, uint16_t off, uint32_t v);

/* Enumerates every reachable function and sizes its BARs (decoding is
 * switched off while a BAR reads all ones, then the command register is
 * restored). Resets h's device list first. Returns the number of functions
 * found. */
int pci_scan(struct pci_host *h, const struct pci_cfg_ops *ops);

/* Inserts every assigned BAR of every function into mem_root or io_root
 * (the kernel passes iomem_resource and ioport_resource). Returns 0, or the first insert error
 * (-EBUSY: the BAR overlaps a resource partly; that BAR stays out, the others go in). */
int pci_insert_resources(struct pci_host *h, struct resource *mem_root, struct resource *io_root);
/* Removes the resources pci_insert_resources() inserted (tests). */
void pci_remove_resources(struct pci_host *h);

/* The next function after `from` (NULL: the first) with that vendor and
 * device id (0xffff matches any device), or NULL. */
struct pci_dev *pci_find_device(struct pci_host *h, uint16_t vendor, uint16_t device,
				struct pci_dev *from);

/* Offset of the next capability with id cap_id after the one at `from`
 * (0: from the list head), or 0 when there is none. Bounded: a looping list
 * ends after 48 entries. */
uint8_t pci_find_next_capability(const struct pci_host *h, const struct pci_dev *d, uint8_t from,
				 uint8_t cap_id);

/* Turns on memory/I/O decoding and bus mastering (the device DMAs). */
void pci_enable_device(const struct pci_host *h, const struct pci_dev *d);

#endif
