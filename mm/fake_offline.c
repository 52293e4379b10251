/* Fake-offline granules of partly usable memory blocks (see fake_offline.h). */
#include "mm/fake_offline.h"

#include "lib/errno.h"
#include "mm/hotplug_arch.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"

void mhp_sparse_register_in(struct mhp_state *mhp, struct mhp_sparse *s)
{
	list_add_tail(&s->list, &mhp->sparse);
}

void mhp_sparse_unregister_in(struct mhp_state *mhp, struct mhp_sparse *s)
{
	list_del(&s->list);
}

static bool granule_usable(const struct mhp_sparse *s, uint64_t addr)
{
	uint64_t g = (addr - s->start) / s->granule;

	return (s->usable[g / 64] >> (g % 64)) & 1;
}

/* Fake-offlines the unusable granules of s inside [start, end), in runs. */
static int offline_unusable(struct mhp_state *mhp, const struct mhp_sparse *s, uint64_t start,
			    uint64_t end)
{
	const struct mhp_arch_ops *ops = mhp->ops;
	uint64_t a = start;

	while (a < end) {
		uint64_t run;
		int err;

		if (granule_usable(s, a)) {
			a += s->granule;
			continue;
		}
		run = a;
		while (a < end && !granule_usable(s, a))
			a += s->granule;
		if (!ops || !ops->fake_offline_pages)
			return -ENODEV;
		err = ops->fake_offline_pages(run >> PAGE_SHIFT, (a - run) >> PAGE_SHIFT);
		if (err)
			return err;
	}
	return 0;
}

int mhp_sparse_online_block(struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	const struct mhp_sparse *s;
	int err;

	list_for_each_entry (s, &mhp->sparse, list) {
		uint64_t lo = start > s->start ? start : s->start;
		uint64_t hi = start + size < s->start + s->size ? start + size : s->start + s->size;

		if (lo >= hi)
			continue;
		err = offline_unusable(mhp, s, lo, hi);
		if (err)
			return err;
	}
	return 0;
}

/* Is the memory of [start, start + size) in the page allocator now? */
static int range_online(struct mhp_state *mhp, uint64_t start, uint64_t size, bool *online)
{
	uint64_t bs = mhp->block_size;
	struct memory_block *mem;

	if (!size || (start | size) & (PAGE_SIZE - 1) || start / bs != (start + size - 1) / bs)
		return -EINVAL;
	mem = find_memory_block_in(mhp, start);
	*online = mem && mem->state == MEM_ONLINE && !mem->phantom;
	return 0;
}

int mhp_fake_offline_in(struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	bool online;
	int err = range_online(mhp, start, size, &online);

	if (err || !online)
		return err;
	if (!mhp->ops || !mhp->ops->fake_offline_pages)
		return -ENODEV;
	return mhp->ops->fake_offline_pages(start >> PAGE_SHIFT, size >> PAGE_SHIFT);
}

int mhp_fake_online_in(struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	bool online;
	int err = range_online(mhp, start, size, &online);

	if (err || !online)
		return err;
	if (!mhp->ops || !mhp->ops->fake_online_pages)
		return -ENODEV;
	return mhp->ops->fake_online_pages(start >> PAGE_SHIFT, size >> PAGE_SHIFT);
}
