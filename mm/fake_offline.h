/* Memory blocks that are only partly usable (Linux: virtio-mem in sub-block
 * mode adds a memory block whole although the device backs only some of its
 * sub-blocks, and "fake-offlines" the rest). Pure C, part of the core.
 *
 * A driver registers a struct mhp_sparse for its device region: one bit per
 * granule (its sub-block) saying whether that memory may be used. The core
 * reads the map and never calls the driver: whenever a block of the region
 * goes online, its unusable granules are fake-offlined right after the
 * machine onlined the block and before anything can allocate from it, so they
 * are never handed out or written (the memory_works pattern test only sees
 * free pages, so it skips them too). While a block is online, the driver
 * calls mhp_fake_online_in() after the device backs a granule and
 * mhp_fake_offline_in() before it gives one back. Offlining a block takes
 * its fake-offline pages away with it (Linux: the driver's memory notifier
 * lets offline_pages() skip them). */
#ifndef MM_FAKE_OFFLINE_H
#define MM_FAKE_OFFLINE_H

#include <stdint.h>

#include "lib/list.h"

struct mhp_state;

struct mhp_sparse {
	struct list_head list;	/* in mhp->sparse */
	uint64_t start, size;	/* memory block aligned */
	uint64_t granule;	/* a power of two dividing the block size */
	const uint64_t *usable; /* size / granule bits, bit set: usable */
};

/* The map stays the driver's; unregister before freeing it. */
void mhp_sparse_register_in(struct mhp_state *mhp, struct mhp_sparse *s);
void mhp_sparse_unregister_in(struct mhp_state *mhp, struct mhp_sparse *s);

/* The online path (memory_block_online_in, after the machine onlined the
 * block [start, start + size)): fake-offlines its unusable granules. 0, or
 * the machine's error (-ENODEV when it cannot fake-offline); the caller then
 * offlines the block again, which drops what was done here. */
int mhp_sparse_online_block(struct mhp_state *mhp, uint64_t start, uint64_t size);

/* [start, start + size), inside one memory block: when that block is online
 * (and not phantom), take its pages out of the allocator (-EBUSY when one is
 * in use; nothing changed) or give them back; otherwise nothing to do (the
 * map decides when the block goes online). 0, -EINVAL (not inside one
 * block, not page aligned), -ENODEV (the machine cannot), or the machine's
 * error. */
int mhp_fake_offline_in(struct mhp_state *mhp, uint64_t start, uint64_t size);
int mhp_fake_online_in(struct mhp_state *mhp, uint64_t start, uint64_t size);

#endif
