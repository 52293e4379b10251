/* QEMU ACPI memory hotplug by polling (see memhotplug.h). */
#include "drivers/acpi/memhotplug.h"

#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"

/* Linux's flags for an ACPI memory device (drivers/acpi/acpi_memhotplug.c):
 * the group gives the node; the core decides whether the memmap goes on the
 * DIMM itself. */
#define ACPI_MEMHP_MHP_FLAGS (MHP_NID_IS_MGID | MHP_MEMMAP_ON_MEMORY)

static void select_slot(struct acpi_memhp *hp, unsigned int slot)
{
	hp->ops->write32(hp->ops->ctx, ACPI_MEMHP_SELECTOR, slot);
}

static uint8_t read_status(struct acpi_memhp *hp)
{
	return hp->ops->read8(hp->ops->ctx, ACPI_MEMHP_STATUS);
}

/* QEMU does one control action per write, so every bit gets its own. */
static void write_control(struct acpi_memhp *hp, uint8_t bit)
{
	hp->ops->write8(hp->ops->ctx, ACPI_MEMHP_CONTROL, bit);
}

static uint64_t read64(struct acpi_memhp *hp, unsigned int lo, unsigned int hi)
{
	uint64_t l = hp->ops->read32(hp->ops->ctx, lo);
	uint64_t h = hp->ops->read32(hp->ops->ctx, hi);

	return (h << 32) | l;
}

int acpi_memhp_init(struct acpi_memhp *hp, struct mhp_state *mhp, const struct acpi_memhp_ops *ops,
		    int nr_slots)
{
	uint8_t sts;

	memset(hp, 0, sizeof(*hp));
	hp->ops = ops;
	hp->mhp = mhp;
	if (nr_slots == 0)
		return -ENODEV;
	hp->slots_probed = nr_slots < 0;
	hp->nr_slots = (nr_slots < 0 || nr_slots > ACPI_MEMHP_MAX_SLOTS) ? ACPI_MEMHP_MAX_SLOTS
									 : (unsigned int)nr_slots;
	/* An unassigned port reads all ones; QEMU never sets reserved bits. */
	select_slot(hp, 0);
	sts = read_status(hp);
	if (sts & ACPI_MEMHP_STS_RESERVED) {
		hp->nr_slots = 0;
		return -ENODEV;
	}
	for (unsigned int i = 0; i < ACPI_MEMHP_MAX_SLOTS; i++)
		hp->slot[i].mgid = -1;
	return 0;
}

/* Checks and adds slot's DIMM [base, base + size): -EINVAL (size 0, wraps,
 * not memory-block aligned), -EEXIST (overlaps System RAM), or the error of
 * mhp_declare_device_ram, memory_group_register_static_in or
 * __add_memory_in; on error nothing is left behind. */
static int add_dimm(struct acpi_memhp *hp, unsigned int slot, uint64_t base, uint64_t size)
{
	const struct acpi_memhp_ops *ops = hp->ops;
	struct mhp_state *mhp = hp->mhp;
	struct acpi_memhp_slot *s = &hp->slot[slot];
	uint64_t bs = memory_block_size_bytes_in(mhp);
	uint32_t pxm;
	int nid, mgid, err;

	if (size == 0) {
		printk("acpi_memhp: slot %u: DIMM has size 0, ignored\n", slot);
		return -EINVAL;
	}
	if (base + size < base || base % bs || size % bs) {
		printk("acpi_memhp: slot %u: DIMM [mem %#llx-%#llx] is not memory-block aligned "
		       "(%#llx), ignored\n",
		       slot, (unsigned long long)base, (unsigned long long)(base + size - 1),
		       (unsigned long long)bs);
		return -EINVAL;
	}
	if (region_intersects_in(mhp->iomem, base, size, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) !=
	    REGION_DISJOINT) {
		printk("acpi_memhp: slot %u: DIMM [mem %#llx-%#llx] overlaps System RAM, ignored\n",
		       slot, (unsigned long long)base, (unsigned long long)(base + size - 1));
		return -EEXIST;
	}
	/* Linux maps _PXM through SRAT; here a PXM is its node if possible. */
	pxm = ops->read32(ops->ctx, ACPI_MEMHP_PXM);
	nid = (pxm < MAX_NUMNODES && node_possible_in(mhp, (int)pxm)) ? (int)pxm : 0;

	/* The machine must know the range is real before it maps or onlines it. */
	err = mhp_declare_device_ram(mhp, base, size);
	if (err)
		goto fail;
	mgid = memory_group_register_static_in(mhp, nid, size >> PAGE_SHIFT);
	if (mgid < 0) {
		err = mgid;
		goto forget;
	}
	err = __add_memory_in(mhp, mgid, base, size, ACPI_MEMHP_MHP_FLAGS);
	if (err)
		goto unregister;
	s->added = true;
	s->base = base;
	s->size = size;
	s->mgid = mgid;
	s->err = 0;
	printk("acpi_memhp: slot %u: DIMM [mem %#llx-%#llx] added (node %d, group %d)\n", slot,
	       (unsigned long long)base, (unsigned long long)(base + size - 1), nid, mgid);
	return 0;

unregister:
	memory_group_unregister_in(mhp, mgid);
forget:
	mhp_forget_device_ram(mhp, base, size);
fail:
	printk("acpi_memhp: slot %u: cannot add DIMM [mem %#llx-%#llx] (%s)\n", slot,
	       (unsigned long long)base, (unsigned long long)(base + size - 1), errno_name(err));
	return err;
}

/* Reads the selected slot's range and adds it. */
static int add_selected(struct acpi_memhp *hp, unsigned int slot, uint64_t *base, uint64_t *size)
{
	int err;

	*base = read64(hp, ACPI_MEMHP_ADDR_LO, ACPI_MEMHP_ADDR_HI);
	*size = read64(hp, ACPI_MEMHP_SIZE_LO, ACPI_MEMHP_SIZE_HI);
	err = add_dimm(hp, slot, *base, *size);
	hp->slot[slot].err = err;
	/* The add may have printed or allocated, but it touched no register:
	 * the selector still points at this slot. */
	return err;
}

int acpi_memhp_boot_scan(struct acpi_memhp *hp)
{
	uint64_t base, size;
	int added = 0;

	for (unsigned int i = 0; i < hp->nr_slots; i++) {
		uint8_t sts;

		select_slot(hp, i);
		sts = read_status(hp);
		if (!(sts & ACPI_MEMHP_STS_ENABLED) || (sts & ACPI_MEMHP_STS_RESERVED) ||
		    hp->slot[i].added)
			continue;
		if (add_selected(hp, i, &base, &size) == 0)
			added++;
		/* Plugged before we looked: handled now, not by the poller. */
		if (sts & ACPI_MEMHP_STS_INSERT)
			write_control(hp, ACPI_MEMHP_CTL_CLEAR_INSERT);
	}
	return added;
}

static void fill_event(struct hotplug_event *ev, unsigned int slot, enum hotplug_action action,
		       uint64_t base, uint64_t size)
{
	memset(ev, 0, sizeof(*ev));
	snprintf(ev->device, sizeof(ev->device), "acpi-dimm%u", slot);
	ev->action = action;
	ev->start = base;
	ev->end = base + size - 1;
}

static int handle_insert(struct acpi_memhp *hp, unsigned int slot, uint8_t sts,
			 struct hotplug_event *ev)
{
	uint64_t base, size;
	int err;

	if (!(sts & ACPI_MEMHP_STS_ENABLED) || hp->slot[slot].added) {
		/* Stale event: nothing (more) to add. */
		write_control(hp, ACPI_MEMHP_CTL_CLEAR_INSERT);
		return 0;
	}
	err = add_selected(hp, slot, &base, &size);
	/* Cleared even on failure: retrying a refused DIMM would fail again. */
	write_control(hp, ACPI_MEMHP_CTL_CLEAR_INSERT);
	if (err)
		return err;
	fill_event(ev, slot, HOTPLUG_ADD, base, size);
	return 1;
}

static int handle_remove(struct acpi_memhp *hp, unsigned int slot, struct hotplug_event *ev)
{
	struct acpi_memhp_slot *s = &hp->slot[slot];
	uint64_t base, size;
	int err;

	if (s->added) {
		base = s->base;
		size = s->size;
		err = offline_and_remove_memory_in(hp->mhp, base, size);
		if (err) {
			/* Like a failed Linux eject: the request is consumed, the DIMM
			 * stays in use; device_del again raises a new event. */
			s->err = err;
			select_slot(hp, slot);
			write_control(hp, ACPI_MEMHP_CTL_CLEAR_REMOVE);
			printk("acpi_memhp: slot %u: cannot remove DIMM [mem %#llx-%#llx] (%s)\n",
			       slot, (unsigned long long)base,
			       (unsigned long long)(base + size - 1), errno_name(err));
			return err;
		}
		mhp_forget_device_ram(hp->mhp, base, size);
		memory_group_unregister_in(hp->mhp, s->mgid);
		s->added = false;
		s->mgid = -1;
		s->err = 0;
		printk("acpi_memhp: slot %u: DIMM [mem %#llx-%#llx] removed\n", slot,
		       (unsigned long long)base, (unsigned long long)(base + size - 1));
	} else {
		/* Never added (refused): nothing to take back, just let it go. */
		base = read64(hp, ACPI_MEMHP_ADDR_LO, ACPI_MEMHP_ADDR_HI);
		size = read64(hp, ACPI_MEMHP_SIZE_LO, ACPI_MEMHP_SIZE_HI);
	}
	/* offline_and_remove_memory touched no register, but be explicit. */
	select_slot(hp, slot);
	write_control(hp, ACPI_MEMHP_CTL_CLEAR_REMOVE);
	write_control(hp, ACPI_MEMHP_CTL_EJECT);
	/* A refused size-0 DIMM still gets a one-byte range, never a wrapped one. */
	fill_event(ev, slot, HOTPLUG_REMOVE, base, size ? size : 1);
	return 1;
}

int acpi_memhp_poll(struct acpi_memhp *hp, struct hotplug_event *ev)
{
	for (unsigned int i = 0; i < hp->nr_slots; i++) {
		uint8_t sts;
		int ret;

		select_slot(hp, i);
		sts = read_status(hp);
		if (sts & ACPI_MEMHP_STS_RESERVED)
			return -EIO;
		if (sts & ACPI_MEMHP_STS_INSERT) {
			ret = handle_insert(hp, i, sts, ev);
			if (ret)
				return ret;
		}
		if (sts & ACPI_MEMHP_STS_REMOVE)
			return handle_remove(hp, i, ev);
	}
	return 0;
}
