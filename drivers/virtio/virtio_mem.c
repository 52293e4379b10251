/* virtio-mem driver state machine (pure C; see virtio_mem.h). */
#include "drivers/virtio/virtio_mem.h"

#include "kernel/kalloc.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/hotplug_arch.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int virtio_mem_read_config(struct virtio_mem *vm, struct virtio_mem_config *cfg)
{
	uint8_t raw[VIRTIO_MEM_CFG_SIZE];
	int err = virtio_pci_read_config(&vm->vd, 0, raw, sizeof(raw));

	if (err)
		return err;
	cfg->block_size = get_le64(raw + VIRTIO_MEM_CFG_BLOCK_SIZE);
	cfg->node_id =
	    (uint16_t)(raw[VIRTIO_MEM_CFG_NODE_ID] | raw[VIRTIO_MEM_CFG_NODE_ID + 1] << 8);
	cfg->addr = get_le64(raw + VIRTIO_MEM_CFG_ADDR);
	cfg->region_size = get_le64(raw + VIRTIO_MEM_CFG_REGION_SIZE);
	cfg->usable_region_size = get_le64(raw + VIRTIO_MEM_CFG_USABLE_REGION_SIZE);
	cfg->plugged_size = get_le64(raw + VIRTIO_MEM_CFG_PLUGGED_SIZE);
	cfg->requested_size = get_le64(raw + VIRTIO_MEM_CFG_REQUESTED_SIZE);
	return 0;
}

static const char *req_name(uint16_t type)
{
	switch (type) {
	case VIRTIO_MEM_REQ_PLUG:
		return "PLUG";
	case VIRTIO_MEM_REQ_UNPLUG:
		return "UNPLUG";
	case VIRTIO_MEM_REQ_UNPLUG_ALL:
		return "UNPLUG_ALL";
	default:
		return "STATE";
	}
}

int virtio_mem_request(struct virtio_mem *vm, uint16_t type, uint64_t addr, uint16_t nb_blocks)
{
	uint8_t req[VIRTIO_MEM_REQ_SIZE], resp[VIRTIO_MEM_RESP_SIZE];

	memset(req, 0, sizeof(req));
	put_le16(req, type);
	if (type == VIRTIO_MEM_REQ_PLUG || type == VIRTIO_MEM_REQ_UNPLUG) {
		put_le64(req + 8, addr);
		put_le16(req + 16, nb_blocks);
	}
	for (int tries = 0;; tries++) {
		int n = virtqueue_exchange(&vm->vq, req, sizeof(req), resp, sizeof(resp));
		uint16_t rtype;

		if (n < 0) {
			printk("virtio_mem %s: %s request lost (%s)\n", vm->name, req_name(type),
			       errno_name(n));
			return n;
		}
		if (n < 2)
			return -EBADMSG;
		rtype = (uint16_t)(resp[0] | resp[1] << 8);
		switch (rtype) {
		case VIRTIO_MEM_RESP_ACK:
			return 0;
		case VIRTIO_MEM_RESP_NACK:
			return -ENOSPC;
		case VIRTIO_MEM_RESP_ERROR:
			printk("virtio_mem %s: %s %#llx+%u blocks: device ERROR\n", vm->name,
			       req_name(type), (unsigned long long)addr, nb_blocks);
			return -EIO;
		case VIRTIO_MEM_RESP_BUSY:
			if (tries >= VIRTIO_MEM_BUSY_RETRIES)
				return -EBUSY;
			if (vm->vd.mmio->delay)
				vm->vd.mmio->delay(vm->vd.mmio->ctx);
			continue;
		default:
			return -EBADMSG;
		}
	}
}

/* Sends PLUG or UNPLUG for [start, start + size) in chunks of at most
 * 65535 device blocks. On a failure of PLUG, the chunks already plugged are
 * unplugged again so the device is as before (best effort). */
int virtio_mem_request_range(struct virtio_mem *vm, uint16_t type, uint64_t start, uint64_t size)
{
	uint64_t bs = vm->cfg.block_size, done = 0;

	while (done < size) {
		uint64_t nb = (size - done) / bs;
		int err;

		if (nb > VIRTIO_MEM_MAX_NB_BLOCKS)
			nb = VIRTIO_MEM_MAX_NB_BLOCKS;
		err = virtio_mem_request(vm, type, start + done, (uint16_t)nb);
		if (err) {
			if (type == VIRTIO_MEM_REQ_PLUG && done)
				virtio_mem_request_range(vm, VIRTIO_MEM_REQ_UNPLUG, start, done);
			return err;
		}
		done += nb * bs;
	}
	return 0;
}

static uint64_t unit_start(const struct virtio_mem *vm, uint64_t u)
{
	return vm->cfg.addr + u * vm->unit;
}

void virtio_mem_note_change(struct virtio_mem *vm, uint64_t s, uint64_t size)
{
	uint64_t e = s + size - 1;

	if (!vm->changed || s < vm->changed_lo)
		vm->changed_lo = s;
	if (!vm->changed || e > vm->changed_hi)
		vm->changed_hi = e;
	vm->changed = true;
}

/* Removes the first n memory blocks of the unit at start (add unwinding). */
static void remove_blocks(struct virtio_mem *vm, uint64_t start, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		offline_and_remove_memory_in(vm->mhp, start + i * vm->mb_size, vm->mb_size);
}

static void note_change(struct virtio_mem *vm, uint64_t u)
{
	virtio_mem_note_change(vm, unit_start(vm, u), vm->unit);
}

/* Declares the unit device RAM and adds its memory blocks; all or nothing.
 * The driver's only add call. */
int virtio_mem_add_unit(struct virtio_mem *vm, uint64_t start)
{
	uint64_t nmb = vm->unit / vm->mb_size;
	int err;

	err = mhp_declare_device_ram(vm->mhp, start, vm->unit);
	if (err)
		return err;
	for (uint64_t i = 0; i < nmb; i++) {
		err = mhp_add_driver_memory_in(vm->mhp, vm->mgid, start + i * vm->mb_size,
					       vm->mb_size, VIRTIO_MEM_RESOURCE_NAME,
					       MHP_MERGE_RESOURCE | MHP_NID_IS_MGID);
		if (err) {
			remove_blocks(vm, start, i);
			mhp_forget_device_ram(vm->mhp, start, vm->unit);
			return err;
		}
	}
	return 0;
}

static int plug_unit(struct virtio_mem *vm, uint64_t u)
{
	uint64_t start = unit_start(vm, u);
	int err;

	err = virtio_mem_request_range(vm, VIRTIO_MEM_REQ_PLUG, start, vm->unit);
	if (err)
		return err;
	err = virtio_mem_add_unit(vm, start);
	if (err) {
		printk("virtio_mem %s: cannot add [%#llx-%#llx] (%s)\n", vm->name,
		       (unsigned long long)start, (unsigned long long)(start + vm->unit - 1),
		       errno_name(err));
		if (virtio_mem_request_range(vm, VIRTIO_MEM_REQ_UNPLUG, start, vm->unit)) {
			/* Still plugged at the device: remember, unplug later. */
			vm->state[u] = VM_UNIT_STRAY;
			vm->plugged += vm->unit;
			note_change(vm, u);
		}
		return err;
	}
	vm->state[u] = VM_UNIT_ADDED;
	vm->plugged += vm->unit;
	note_change(vm, u);
	return 0;
}

/* Offlines and removes the unit's memory and forgets it as device RAM. */
int virtio_mem_remove_unit(struct virtio_mem *vm, uint64_t start)
{
	int err = offline_and_remove_memory_in(vm->mhp, start, vm->unit);

	if (err)
		return err;
	mhp_forget_device_ram(vm->mhp, start, vm->unit);
	return 0;
}

static int unplug_unit(struct virtio_mem *vm, uint64_t u)
{
	uint64_t start = unit_start(vm, u);
	int err;

	if (vm->state[u] == VM_UNIT_ADDED) {
		err = virtio_mem_remove_unit(vm, start);
		if (err)
			return err;
	}
	err = virtio_mem_request_range(vm, VIRTIO_MEM_REQ_UNPLUG, start, vm->unit);
	if (err) {
		/* The device keeps it plugged: give the memory back to the system
		 * so that nothing changed; if that fails, it is a stray unit. */
		if (vm->state[u] == VM_UNIT_ADDED && virtio_mem_add_unit(vm, start)) {
			vm->state[u] = VM_UNIT_STRAY;
			note_change(vm, u);
		}
		return err;
	}
	vm->state[u] = VM_UNIT_UNPLUGGED;
	vm->plugged -= vm->unit;
	note_change(vm, u);
	return 0;
}

int virtio_mem_resize(struct virtio_mem *vm)
{
	uint64_t target, usable_units;
	int err, ret = 0;

	err = virtio_mem_read_config(vm, &vm->cfg);
	if (err)
		return err;
	if (vm->sbm)
		return virtio_mem_sbm_resize(vm);
	target = vm->cfg.requested_size;
	usable_units = vm->cfg.usable_region_size / vm->unit;
	if (usable_units > vm->nunits)
		usable_units = vm->nunits;
	/* Stray units first: they hold device memory nobody uses. */
	for (uint64_t u = 0; u < vm->nunits; u++)
		if (vm->state[u] == VM_UNIT_STRAY)
			unplug_unit(vm, u);
	/* Grow from the lowest free unit up. */
	for (uint64_t u = 0; u < usable_units && vm->plugged + vm->unit <= target; u++) {
		if (vm->state[u] != VM_UNIT_UNPLUGGED)
			continue;
		err = plug_unit(vm, u);
		if (err) {
			/* NACK, ERROR, BUSY or an add failure: stop short. */
			ret = err;
			break;
		}
	}
	/* Shrink from the highest unit down, skipping units that are in use. */
	for (uint64_t u = vm->nunits; u-- > 0 && vm->plugged > target;) {
		if (vm->state[u] == VM_UNIT_UNPLUGGED)
			continue;
		err = unplug_unit(vm, u);
		if (err && !ret)
			ret = err;
	}
	return ret;
}

/* Why a resize without an error still ended short of requested_size. */
static const char *short_reason(const struct virtio_mem *vm)
{
	return vm->sbm ? "not a multiple of the sub-block size"
		       : "not a multiple of the big-block size";
}

static void unplug_all(struct virtio_mem *vm, bool report)
{
	int err = virtio_mem_request(vm, VIRTIO_MEM_REQ_UNPLUG_ALL, 0, 0);

	if (err && report)
		printk("virtio_mem %s: UNPLUG_ALL failed (%s)\n", vm->name, errno_name(err));
}

static int check_setup(struct virtio_mem *vm)
{
	const struct virtio_mem_config *c = &vm->cfg;
	struct range pluggable;

	if (!c->block_size || (c->block_size & (c->block_size - 1)) || c->block_size < PAGE_SIZE ||
	    (c->addr % vm->mb_size) || (c->region_size % vm->mb_size) || !c->region_size ||
	    c->addr + c->region_size < c->addr) {
		printk("virtio_mem %s: bad device setup: region [%#llx, +%#llx) block size %#llx, "
		       "memory block size %#llx\n",
		       vm->name, (unsigned long long)c->addr, (unsigned long long)c->region_size,
		       (unsigned long long)c->block_size, (unsigned long long)vm->mb_size);
		return -EINVAL;
	}
	/* Refused at once rather than at the first plug: Linux warns that such
	 * memory is unusable; here a region past what the CPU can address
	 * would also size the bookkeeping after an impossible range. */
	pluggable = mhp_get_pluggable_range_in(vm->mhp, true);
	if (c->addr < pluggable.start || c->addr + c->region_size - 1 > pluggable.end) {
		printk("virtio_mem %s: region [%#llx-%#llx] is not addressable/pluggable (the CPU "
		       "reaches %#llx): device not used\n",
		       vm->name, (unsigned long long)c->addr,
		       (unsigned long long)(c->addr + c->region_size - 1),
		       (unsigned long long)pluggable.end);
		return -ERANGE;
	}
	if (c->block_size > c->region_size || c->usable_region_size > c->region_size) {
		printk(
		    "virtio_mem %s: block size %#llx or usable size %#llx larger than the region "
		    "%#llx: device not used\n",
		    vm->name, (unsigned long long)c->block_size,
		    (unsigned long long)c->usable_region_size, (unsigned long long)c->region_size);
		return -EINVAL;
	}
	return 0;
}

int virtio_mem_probe(struct virtio_mem *vm, struct mhp_state *mhp, int index, int mem_index,
		     const struct pci_host *h, const struct pci_dev *pdev,
		     const struct virtio_mmio_ops *mmio, const struct virtio_dma_ops *dma)
{
	int err;

	memset(vm, 0, sizeof(*vm));
	vm->mhp = mhp;
	vm->index = index;
	vm->mgid = -1;
	snprintf(vm->name, sizeof(vm->name), "virtio%d", index);
	snprintf(vm->dev_name, sizeof(vm->dev_name), "virtio-mem%d", mem_index);
	vm->poller.name = vm->dev_name;
	vm->poller.poll = virtio_mem_poll;
	vm->poller.priv = vm;
	vm->mb_size = memory_block_size_bytes_in(mhp);

	err = virtio_pci_probe(&vm->vd, h, pdev, mmio);
	if (err)
		return err;
	if (vm->vd.device_len < VIRTIO_MEM_CFG_SIZE)
		return -ENODEV;
	err = virtio_pci_negotiate(&vm->vd, 1ull << VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE);
	if (err)
		return err;
	err = virtio_mem_read_config(vm, &vm->cfg);
	if (!err)
		err = check_setup(vm);
	if (err) {
		/* Leave the device alone: no queue, no request. */
		virtio_pci_fail(&vm->vd);
		return err;
	}
	/* Linux's choice: sub-blocks of at least a pageblock; sub-block mode
	 * when a memory block holds two or more of them. */
	vm->sb_size = vm->cfg.block_size > VIRTIO_MEM_MIN_SB_SIZE ? vm->cfg.block_size
								  : VIRTIO_MEM_MIN_SB_SIZE;
	vm->sbm = vm->sb_size < vm->mb_size;
	vm->unit = vm->cfg.block_size > vm->mb_size ? vm->cfg.block_size : vm->mb_size;
	vm->nunits = vm->cfg.region_size / vm->unit;
	vm->state = kzalloc(vm->nunits);
	err = vm->state ? 0 : -ENOMEM;
	if (!err && vm->sbm)
		err = virtio_mem_sbm_init(vm);
	if (err) {
		kfree(vm->state);
		vm->state = NULL;
		virtio_pci_fail(&vm->vd);
		return err;
	}
	err = virtio_pci_setup_queue(&vm->vd, &vm->vq, 0, dma);
	if (err)
		goto fail_state;
	virtio_pci_driver_ok(&vm->vd);

	vm->parent = __request_region(mhp->iomem, vm->cfg.addr, vm->cfg.region_size, vm->name,
				      IORESOURCE_SYSTEM_RAM | IORESOURCE_EXCLUSIVE);
	if (!vm->parent) {
		printk("virtio_mem %s: region [%#llx-%#llx] is already in use\n", vm->name,
		       (unsigned long long)vm->cfg.addr,
		       (unsigned long long)(vm->cfg.addr + vm->cfg.region_size - 1));
		err = -EBUSY;
		goto fail_queue;
	}
	/* Not busy, so the added "System RAM (virtio_mem)" can nest in it. */
	vm->parent->flags &= ~IORESOURCE_BUSY;

	err = memory_group_register_dynamic_in(mhp, 0, vm->unit / PAGE_SIZE);
	if (err < 0)
		goto fail_region;
	vm->mgid = err;

	if (vm->cfg.plugged_size) {
		/* Leftovers of an earlier kernel: their content is unknown. */
		err = virtio_mem_request(vm, VIRTIO_MEM_REQ_UNPLUG_ALL, 0, 0);
		if (err) {
			printk("virtio_mem %s: UNPLUG_ALL at start failed (%s)\n", vm->name,
			       errno_name(err));
			goto fail_group;
		}
	}
	vm->ready = true;
	err = virtio_mem_resize(vm);
	if (err || vm->plugged != vm->cfg.requested_size)
		printk("virtio_mem %s: plugged %llu MiB of %llu MiB requested (%s)\n", vm->name,
		       (unsigned long long)(vm->plugged >> 20),
		       (unsigned long long)(vm->cfg.requested_size >> 20),
		       err ? errno_name(err) : short_reason(vm));
	vm->handled_requested = vm->cfg.requested_size;
	return 0;

fail_group:
	memory_group_unregister_in(mhp, vm->mgid);
	vm->mgid = -1;
fail_region:
	release_resource(vm->parent);
	free_resource(vm->parent);
	vm->parent = NULL;
fail_queue:
	virtio_pci_fail(&vm->vd);
	virtio_pci_reset(&vm->vd);
	virtio_pci_free_queue(&vm->vq);
fail_state:
	if (vm->sbm)
		virtio_mem_sbm_free(vm);
	kfree(vm->state);
	vm->state = NULL;
	return err;
}

int virtio_mem_poll(struct hotplug_poller *p, struct hotplug_event *ev)
{
	struct virtio_mem *vm = p->priv;
	struct virtio_mem_config cfg;
	int err;

	if (!vm->ready)
		return 0;
	/* The ISR config bit is only a hint (and reading clears it): the
	 * requested_size comparison decides. */
	virtio_pci_read_isr(&vm->vd);
	err = virtio_mem_read_config(vm, &cfg);
	if (err)
		return err;
	if (cfg.requested_size == vm->handled_requested)
		return 0;
	vm->changed = false;
	err = virtio_mem_resize(vm);
	/* A shortfall is always named (the event still completes). */
	if (err || vm->plugged != vm->cfg.requested_size)
		printk("virtio_mem %s: requested %llu MiB, plugged %llu MiB (%s)\n", vm->name,
		       (unsigned long long)(vm->cfg.requested_size >> 20),
		       (unsigned long long)(vm->plugged >> 20),
		       err ? errno_name(err) : short_reason(vm));
	vm->handled_requested = vm->cfg.requested_size;
	memset(ev, 0, sizeof(*ev));
	strlcpy(ev->device, vm->dev_name, sizeof(ev->device));
	ev->action = HOTPLUG_RESIZE;
	if (vm->changed) {
		ev->start = vm->changed_lo;
		ev->end = vm->changed_hi;
	} else {
		ev->start = vm->cfg.addr;
		ev->end = vm->cfg.addr + vm->cfg.region_size - 1;
	}
	return 1;
}

void virtio_mem_teardown(struct virtio_mem *vm)
{
	if (vm->state && vm->sbm) {
		virtio_mem_sbm_teardown(vm);
	} else if (vm->state) {
		for (uint64_t u = vm->nunits; u-- > 0;)
			if (vm->state[u] != VM_UNIT_UNPLUGGED)
				unplug_unit(vm, u);
	}
	if (vm->ready)
		unplug_all(vm, false);
	vm->ready = false;
	if (vm->mgid >= 0)
		memory_group_unregister_in(vm->mhp, vm->mgid);
	vm->mgid = -1;
	if (vm->parent) {
		release_resource(vm->parent);
		free_resource(vm->parent);
		vm->parent = NULL;
	}
	if (vm->vq.mem) {
		virtio_pci_reset(&vm->vd);
		virtio_pci_free_queue(&vm->vq);
	}
	if (vm->sbm)
		virtio_mem_sbm_free(vm);
	kfree(vm->state);
	vm->state = NULL;
}
