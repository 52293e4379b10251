/* virtio-mem sub-block mode (pure C; see virtio_mem.h): Linux's order of
 * choice for plugging and unplugging sub-blocks, over a bitmap of plugged
 * sub-blocks that is also the hotplug core's map of usable memory. */
#include "drivers/virtio/virtio_mem.h"

#include "kernel/kalloc.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"

/* ---- the bitmap ---- */

static uint64_t bit_of(const struct virtio_mem *vm, uint64_t mb, uint64_t sb)
{
	return mb * vm->sbs_per_mb + sb;
}

bool virtio_mem_sb_plugged(const struct virtio_mem *vm, uint64_t mb, uint64_t sb)
{
	uint64_t b = bit_of(vm, mb, sb);

	return (vm->sb_plugged[b / 64] >> (b % 64)) & 1;
}

static void set_sbs(struct virtio_mem *vm, uint64_t mb, uint64_t sb, uint64_t count, bool on)
{
	for (uint64_t i = 0; i < count; i++) {
		uint64_t b = bit_of(vm, mb, sb + i);

		if (on)
			vm->sb_plugged[b / 64] |= 1ull << (b % 64);
		else
			vm->sb_plugged[b / 64] &= ~(1ull << (b % 64));
	}
}

static uint64_t nr_plugged(const struct virtio_mem *vm, uint64_t mb)
{
	uint64_t n = 0;

	for (uint64_t sb = 0; sb < vm->sbs_per_mb; sb++)
		n += virtio_mem_sb_plugged(vm, mb, sb);
	return n;
}

int virtio_mem_sbm_init(struct virtio_mem *vm)
{
	uint64_t bits = vm->nunits * (vm->mb_size / vm->sb_size);

	vm->sbs_per_mb = vm->mb_size / vm->sb_size;
	vm->sb_plugged = kzalloc((bits + 63) / 64 * sizeof(uint64_t));
	if (!vm->sb_plugged)
		return -ENOMEM;
	vm->sparse = (struct mhp_sparse){.start = vm->cfg.addr,
					 .size = vm->nunits * vm->mb_size,
					 .granule = vm->sb_size,
					 .usable = vm->sb_plugged};
	mhp_sparse_register_in(vm->mhp, &vm->sparse);
	return 0;
}

void virtio_mem_sbm_free(struct virtio_mem *vm)
{
	if (!vm->sb_plugged)
		return;
	mhp_sparse_unregister_in(vm->mhp, &vm->sparse);
	kfree(vm->sb_plugged);
	vm->sb_plugged = NULL;
}

/* ---- one memory block ---- */

static uint64_t mb_start(const struct virtio_mem *vm, uint64_t mb)
{
	return vm->cfg.addr + mb * vm->mb_size;
}

static uint64_t sb_start(const struct virtio_mem *vm, uint64_t mb, uint64_t sb)
{
	return mb_start(vm, mb) + sb * vm->sb_size;
}

/* Linux's memory block states, in the orders its loops walk them. */
enum sbm_class {
	SBM_NONE = -1, /* not added */
	SBM_OFFLINE_PARTIAL,
	SBM_OFFLINE,
	SBM_MOVABLE_PARTIAL,
	SBM_KERNEL_PARTIAL,
	SBM_MOVABLE,
	SBM_KERNEL,
};

static const struct memory_block *mb_block(const struct virtio_mem *vm, uint64_t mb)
{
	return find_memory_block_in(vm->mhp, mb_start(vm, mb));
}

static enum sbm_class mb_class(const struct virtio_mem *vm, uint64_t mb)
{
	const struct memory_block *mem;
	bool partial;

	if (vm->state[mb] != VM_UNIT_ADDED)
		return SBM_NONE;
	mem = mb_block(vm, mb);
	partial = nr_plugged(vm, mb) != vm->sbs_per_mb;
	if (!mem || mem->state != MEM_ONLINE)
		return partial ? SBM_OFFLINE_PARTIAL : SBM_OFFLINE;
	if (mem->zone == ZONE_MOVABLE)
		return partial ? SBM_MOVABLE_PARTIAL : SBM_MOVABLE;
	return partial ? SBM_KERNEL_PARTIAL : SBM_KERNEL;
}

/* PLUG of count sub-blocks from sb of an added block; the pages go to the
 * allocator after the device backs them. */
static int plug_sbs(struct virtio_mem *vm, uint64_t mb, uint64_t sb, uint64_t count)
{
	uint64_t start = sb_start(vm, mb, sb), size = count * vm->sb_size;
	int err = virtio_mem_request_range(vm, VIRTIO_MEM_REQ_PLUG, start, size);

	if (err)
		return err;
	set_sbs(vm, mb, sb, count, true);
	vm->plugged += size;
	virtio_mem_note_change(vm, start, size);
	err = mhp_fake_online_in(vm->mhp, start, size);
	if (err)
		printk("virtio_mem %s: plugged [%#llx-%#llx] stays unused (%s)\n", vm->name,
		       (unsigned long long)start, (unsigned long long)(start + size - 1),
		       errno_name(err));
	return 0;
}

/* UNPLUG of count sub-blocks from sb: their pages leave the allocator
 * first (*in_use and -EBUSY when one is allocated), and come back if the
 * device says no (its BUSY is -EBUSY without *in_use). */
static int unplug_sbs(struct virtio_mem *vm, uint64_t mb, uint64_t sb, uint64_t count, bool *in_use)
{
	uint64_t start = sb_start(vm, mb, sb), size = count * vm->sb_size;
	int err;

	*in_use = false;
	if (vm->state[mb] == VM_UNIT_ADDED) {
		err = mhp_fake_offline_in(vm->mhp, start, size);
		if (err) {
			*in_use = err == -EBUSY;
			return err;
		}
	}
	err = virtio_mem_request_range(vm, VIRTIO_MEM_REQ_UNPLUG, start, size);
	if (err) {
		if (vm->state[mb] == VM_UNIT_ADDED)
			mhp_fake_online_in(vm->mhp, start, size);
		return err;
	}
	set_sbs(vm, mb, sb, count, false);
	vm->plugged -= size;
	virtio_mem_note_change(vm, start, size);
	return 0;
}

/* A block whose last sub-block went is offlined and removed. */
static int remove_if_empty(struct virtio_mem *vm, uint64_t mb)
{
	int err;

	if (vm->state[mb] != VM_UNIT_ADDED || nr_plugged(vm, mb))
		return 0;
	err = virtio_mem_remove_unit(vm, mb_start(vm, mb));
	if (err) {
		printk("virtio_mem %s: cannot remove [%#llx-%#llx] (%s)\n", vm->name,
		       (unsigned long long)mb_start(vm, mb),
		       (unsigned long long)(mb_start(vm, mb) + vm->mb_size - 1), errno_name(err));
		return err;
	}
	vm->state[mb] = VM_UNIT_UNPLUGGED;
	virtio_mem_note_change(vm, mb_start(vm, mb), vm->mb_size);
	return 0;
}

/* Plugs the lowest unplugged sub-blocks of an added block, in runs. */
static int plug_any_sb(struct virtio_mem *vm, uint64_t mb, uint64_t *nb_sb)
{
	while (*nb_sb) {
		uint64_t sb = 0, count = 1;
		int err;

		while (sb < vm->sbs_per_mb && virtio_mem_sb_plugged(vm, mb, sb))
			sb++;
		if (sb == vm->sbs_per_mb)
			break;
		while (count < *nb_sb && sb + count < vm->sbs_per_mb &&
		       !virtio_mem_sb_plugged(vm, mb, sb + count))
			count++;
		err = plug_sbs(vm, mb, sb, count);
		if (err)
			return err;
		*nb_sb -= count;
	}
	return 0;
}

/* An unused block: its first sub-blocks are plugged, then the block is
 * added whole; the unplugged rest is fake-offline from the start. */
static int plug_and_add_mb(struct virtio_mem *vm, uint64_t mb, uint64_t *nb_sb)
{
	uint64_t count = *nb_sb < vm->sbs_per_mb ? *nb_sb : vm->sbs_per_mb;
	uint64_t start = mb_start(vm, mb), size = count * vm->sb_size;
	int err = virtio_mem_request_range(vm, VIRTIO_MEM_REQ_PLUG, start, size);

	if (err)
		return err;
	set_sbs(vm, mb, 0, count, true);
	vm->plugged += size;
	err = virtio_mem_add_unit(vm, start);
	if (err) {
		printk("virtio_mem %s: cannot add [%#llx-%#llx] (%s)\n", vm->name,
		       (unsigned long long)start, (unsigned long long)(start + vm->mb_size - 1),
		       errno_name(err));
		if (virtio_mem_request_range(vm, VIRTIO_MEM_REQ_UNPLUG, start, size)) {
			/* Still plugged at the device: unplug it later. */
			vm->state[mb] = VM_UNIT_STRAY;
			virtio_mem_note_change(vm, start, size);
		} else {
			set_sbs(vm, mb, 0, count, false);
			vm->plugged -= size;
		}
		return err;
	}
	vm->state[mb] = VM_UNIT_ADDED;
	/* The whole block came (the event names what changed in iomem). */
	virtio_mem_note_change(vm, start, vm->mb_size);
	*nb_sb -= count;
	return 0;
}

/* Linux: partly plugged online blocks (kernel, then movable), partly
 * plugged offline ones, unused blocks, lowest first in each. */
static int plug_request(struct virtio_mem *vm, uint64_t nb_sb)
{
	static const enum sbm_class order[] = {SBM_KERNEL_PARTIAL, SBM_MOVABLE_PARTIAL,
					       SBM_OFFLINE_PARTIAL};
	uint64_t usable = vm->cfg.usable_region_size / vm->mb_size;
	int err;

	if (usable > vm->nunits)
		usable = vm->nunits;
	for (unsigned int i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		for (uint64_t mb = 0; mb < vm->nunits && nb_sb; mb++) {
			if (mb_class(vm, mb) != order[i])
				continue;
			err = plug_any_sb(vm, mb, &nb_sb);
			if (err)
				return err;
		}
	}
	for (uint64_t mb = 0; mb < usable && nb_sb; mb++) {
		if (vm->state[mb] != VM_UNIT_UNPLUGGED)
			continue;
		err = plug_and_add_mb(vm, mb, &nb_sb);
		if (err)
			return err;
	}
	/* Every usable block is in use: the device region is too small. */
	return nb_sb ? -ENOSPC : 0;
}

/* An online block: the whole block in one request when all of it goes,
 * else single sub-blocks from the highest, skipping those in use. */
static int unplug_any_sb_online(struct virtio_mem *vm, uint64_t mb, uint64_t *nb_sb)
{
	bool in_use;
	int err;

	if (*nb_sb >= vm->sbs_per_mb && nr_plugged(vm, mb) == vm->sbs_per_mb) {
		err = unplug_sbs(vm, mb, 0, vm->sbs_per_mb, &in_use);
		if (!err) {
			*nb_sb -= vm->sbs_per_mb;
			return remove_if_empty(vm, mb);
		}
		if (!in_use)
			return err;
	}
	for (uint64_t sb = vm->sbs_per_mb; sb-- > 0 && *nb_sb;) {
		if (!virtio_mem_sb_plugged(vm, mb, sb))
			continue;
		err = unplug_sbs(vm, mb, sb, 1, &in_use);
		if (in_use)
			continue;
		if (err)
			return err;
		*nb_sb -= 1;
	}
	return remove_if_empty(vm, mb);
}

/* An offline block: runs of plugged sub-blocks from the highest. */
static int unplug_any_sb_offline(struct virtio_mem *vm, uint64_t mb, uint64_t *nb_sb)
{
	bool in_use;

	while (*nb_sb) {
		uint64_t sb = vm->sbs_per_mb, count = 1;
		int err;

		while (sb > 0 && !virtio_mem_sb_plugged(vm, mb, sb - 1))
			sb--;
		if (sb == 0)
			break;
		sb--;
		while (count < *nb_sb && sb > 0 && virtio_mem_sb_plugged(vm, mb, sb - 1)) {
			sb--;
			count++;
		}
		err = unplug_sbs(vm, mb, sb, count, &in_use);
		if (err)
			return err;
		*nb_sb -= count;
	}
	return remove_if_empty(vm, mb);
}

/* Linux: offline blocks first (partly plugged, then full), then online
 * ones (partly plugged movable, kernel, then full movable, kernel), the
 * highest block first in each; -EBUSY if what is left is in use. */
static int unplug_request(struct virtio_mem *vm, uint64_t nb_sb)
{
	static const enum sbm_class order[] = {SBM_OFFLINE_PARTIAL, SBM_OFFLINE,
					       SBM_MOVABLE_PARTIAL, SBM_KERNEL_PARTIAL,
					       SBM_MOVABLE,	    SBM_KERNEL};
	int err;

	for (unsigned int i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		for (uint64_t mb = vm->nunits; mb-- > 0 && nb_sb;) {
			if (mb_class(vm, mb) != order[i])
				continue;
			err = order[i] <= SBM_OFFLINE ? unplug_any_sb_offline(vm, mb, &nb_sb)
						      : unplug_any_sb_online(vm, mb, &nb_sb);
			if (err)
				return err;
		}
	}
	return nb_sb ? -EBUSY : 0;
}

/* Leftovers of earlier failures first (Linux's cleanup of pending blocks):
 * stray plugged sub-blocks are unplugged, empty added blocks removed. */
static void cleanup_pending(struct virtio_mem *vm)
{
	bool in_use;

	for (uint64_t mb = 0; mb < vm->nunits; mb++) {
		if (vm->state[mb] == VM_UNIT_ADDED) {
			remove_if_empty(vm, mb);
			continue;
		}
		if (vm->state[mb] != VM_UNIT_STRAY)
			continue;
		for (uint64_t sb = 0; sb < vm->sbs_per_mb; sb++)
			if (virtio_mem_sb_plugged(vm, mb, sb) && unplug_sbs(vm, mb, sb, 1, &in_use))
				break;
		if (!nr_plugged(vm, mb))
			vm->state[mb] = VM_UNIT_UNPLUGGED;
	}
}

int virtio_mem_sbm_resize(struct virtio_mem *vm)
{
	uint64_t target = vm->cfg.requested_size;

	cleanup_pending(vm);
	if (target > vm->plugged)
		return plug_request(vm, (target - vm->plugged) / vm->sb_size);
	if (target < vm->plugged)
		return unplug_request(vm, (vm->plugged - target) / vm->sb_size);
	return 0;
}

void virtio_mem_sbm_teardown(struct virtio_mem *vm)
{
	for (uint64_t mb = vm->nunits; mb-- > 0;) {
		if (vm->state[mb] == VM_UNIT_ADDED &&
		    virtio_mem_remove_unit(vm, mb_start(vm, mb)) == 0)
			vm->state[mb] = VM_UNIT_UNPLUGGED;
		/* Plugged sub-blocks go with the UNPLUG_ALL that follows. */
		if (vm->state[mb] != VM_UNIT_ADDED) {
			set_sbs(vm, mb, 0, vm->sbs_per_mb, false);
			vm->state[mb] = VM_UNIT_UNPLUGGED;
		}
	}
}
