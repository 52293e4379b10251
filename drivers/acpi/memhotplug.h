/* QEMU's ACPI memory hotplug (pc-dimm) without AML: its register block
 * driven by polling, and Linux's ACPI memory device semantics for each DIMM
 * (docs/linux-model.md, ACPI memory hotplug): a static memory group per DIMM
 * and __add_memory(mgid, base, size, MHP_NID_IS_MGID | MHP_MEMMAP_ON_MEMORY),
 * i.e. plain "System RAM" with a firmware memmap entry.
 *
 * Pure C: registers are reached only through struct acpi_memhp_ops, and
 * memory only through the hotplug API on the struct mhp_state the driver
 * is bound to, so the host tests drive the same code with a fake register
 * file and a hotplug world of their own. Kernel glue (port I/O at 0xa00,
 * the DSDT lookup, the poller) is memhotplug_io.c.
 *
 * One CPU and no interrupts: nothing here runs concurrently, and the slot
 * selector is never left for someone else to depend on. */
#ifndef DRIVERS_ACPI_MEMHOTPLUG_H
#define DRIVERS_ACPI_MEMHOTPLUG_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/hotplug_events.h"

struct mhp_state;

#define ACPI_MEMHP_IO_BASE   0x0a00
#define ACPI_MEMHP_IO_LEN    24
#define ACPI_MEMHP_MAX_SLOTS 256

/* Read side. */
#define ACPI_MEMHP_ADDR_LO	0x00
#define ACPI_MEMHP_ADDR_HI	0x04
#define ACPI_MEMHP_SIZE_LO	0x08
#define ACPI_MEMHP_SIZE_HI	0x0c
#define ACPI_MEMHP_PXM		0x10
#define ACPI_MEMHP_STATUS	0x14
#define ACPI_MEMHP_STS_ENABLED	0x01
#define ACPI_MEMHP_STS_INSERT	0x02
#define ACPI_MEMHP_STS_REMOVE	0x04
#define ACPI_MEMHP_STS_RESERVED 0xf8
/* Write side. */
#define ACPI_MEMHP_SELECTOR	    0x00
#define ACPI_MEMHP_OST_EVENT	    0x04
#define ACPI_MEMHP_OST_STATUS	    0x08
#define ACPI_MEMHP_CONTROL	    0x14
#define ACPI_MEMHP_CTL_CLEAR_INSERT 0x02
#define ACPI_MEMHP_CTL_CLEAR_REMOVE 0x04
#define ACPI_MEMHP_CTL_EJECT	    0x08

/* Register access (offsets into the 24-byte block). */
struct acpi_memhp_ops {
	uint8_t (*read8)(void *ctx, unsigned int off);
	uint32_t (*read32)(void *ctx, unsigned int off);
	void (*write8)(void *ctx, unsigned int off, uint8_t val);
	void (*write32)(void *ctx, unsigned int off, uint32_t val);
	void *ctx;
};

struct acpi_memhp_slot {
	bool added; /* its memory is in the hotplug core */
	uint64_t base, size;
	int mgid;
	int err; /* last add/remove error of this slot (0: none) */
};

struct acpi_memhp {
	const struct acpi_memhp_ops *ops;
	/* Where the DIMMs' memory goes (the kernel's: init_mhp). */
	struct mhp_state *mhp;
	unsigned int nr_slots;
	bool slots_probed; /* the count was not known: every slot is scanned */
	struct acpi_memhp_slot slot[ACPI_MEMHP_MAX_SLOTS];
};

/* Binds hp to the register block and to the hotplug state mhp. nr_slots:
 * the DSDT's MDNR (clamped to ACPI_MEMHP_MAX_SLOTS), or negative when
 * unknown; then all 256 slots are scanned each time (an empty or
 * out-of-range slot reads all zero, so that is harmless and bounded). 0, or
 * -ENODEV: no slots (MDNR 0), or the block does not answer like QEMU's
 * (status with reserved bits set, e.g. 0xff from an unassigned port). hp is
 * zeroed first. */
int acpi_memhp_init(struct acpi_memhp *hp, struct mhp_state *mhp, const struct acpi_memhp_ops *ops,
		    int nr_slots);

/* Boot scan: adds every enabled DIMM (cold-plugged ones have no insert
 * event; a pending insert event of an enabled slot is cleared, since the
 * DIMM is handled now). Must run before firmware_memmap_init() so that a
 * cold-plugged DIMM gets memmap index 0, like Linux. A slot that cannot be
 * added is reported, skipped and left unchanged. Returns the number of
 * DIMMs added. */
int acpi_memhp_boot_scan(struct acpi_memhp *hp);

/* Handles the first slot with a pending event. Insert: add the DIMM, clear
 * the insert event. Remove: offline_and_remove_memory_in(),
 * mhp_forget_device_ram(), unregister the group, clear the remove event
 * and eject. Returns 1 and fills *ev ("acpi-dimm<slot>", add/remove,
 * inclusive range) when done; 0 when no event is pending; -errno when it
 * failed: an add error (the event is cleared, the DIMM stays unused) or a
 * remove error such as -EBUSY (the event is cleared and the DIMM stays in
 * use, as when Linux fails an eject; a new device_del raises a new
 * event). */
int acpi_memhp_poll(struct acpi_memhp *hp, struct hotplug_event *ev);

/* ---- kernel only (memhotplug_io.c): the machine's block at port 0xa00 ---- */

/* State of the real block (valid after acpi_memhp_machine_init()). */
extern struct acpi_memhp acpi_memhp_machine;

/* Polls acpi_memhp_machine; acpi_memhp_machine_init() registers it. */
extern struct hotplug_poller acpi_memhp_poller;

/* Binds acpi_memhp_machine to mhp (the kernel passes init_mhp) with the slot
 * count from the DSDT's MDNR (all 256 scanned if absent), then the boot scan
 * that adds the cold-plugged DIMMs, then registers acpi_memhp_poller in
 * pollers. Needs acpi_init(), the hotplug machine (hotplug_machine_init)
 * and the boot memory blocks (memory_hotplug_init); must run before
 * firmware_memmap_init(). 0, or -ENODEV (no slots, or no register block). */
int acpi_memhp_machine_init(struct mhp_state *mhp, struct hotplug_poller_list *pollers);

#endif
