/* hotmem_test device: driver-managed hot-add inside fw.hide windows. */
#include "drivers/hotmem_test/hotmem_test.h"

#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"

const char hotmem_test_resource_name[] = "System RAM (hotmem_test)";

static struct hotmem_test_dev devs[HOTMEM_TEST_MAX_DEVS];
static int nr_devs;

int hotmem_test_claim(struct hotmem_test_dev *dev)
{
	struct resource *r;

	if (dev->claimed)
		return 0;
	/* Claimed like virtio-mem claims its region: requested as System RAM,
	 * then made non-busy so the added blocks can nest below it. */
	r = __request_region(dev->mhp->iomem, dev->start, dev->size, dev->name,
			     IORESOURCE_SYSTEM_RAM | IORESOURCE_EXCLUSIVE);
	if (!r)
		return -EBUSY;
	r->flags &= ~IORESOURCE_BUSY;
	dev->parent = r;
	dev->claimed = true;
	return 0;
}

int hotmem_test_release(struct hotmem_test_dev *dev)
{
	if (!dev->claimed)
		return 0;
	if (dev->parent->child)
		return -EBUSY;
	release_resource(dev->parent);
	free_resource(dev->parent);
	dev->parent = NULL;
	dev->claimed = false;
	return 0;
}

int hotmem_test_init(struct mhp_state *mhp, const uint64_t *starts, const uint64_t *sizes, int n)
{
	for (int i = 0; i < n && nr_devs < HOTMEM_TEST_MAX_DEVS; i++) {
		struct hotmem_test_dev *dev = &devs[nr_devs];
		uint64_t start = starts[i], size = sizes[i];

		/* Windows that touch form one device (fw.hide=auto hides two
		 * adjacent blocks): then blocks can merge inside one parent. */
		while (i + 1 < n && start + size == starts[i + 1])
			size += sizes[++i];
		memset(dev, 0, sizeof(*dev));
		dev->id = nr_devs;
		dev->mhp = mhp;
		dev->start = start;
		dev->size = size;
		snprintf(dev->name, sizeof(dev->name), "hotmem_test.%d", dev->id);
		if (hotmem_test_claim(dev)) {
			printk("hotmem_test: cannot claim [mem %#010llx-%#010llx]; skipped\n",
			       (unsigned long long)dev->start,
			       (unsigned long long)(dev->start + dev->size - 1));
			continue;
		}
		printk("hotmem_test: %s claims [mem %#010llx-%#010llx]\n", dev->name,
		       (unsigned long long)dev->start,
		       (unsigned long long)(dev->start + dev->size - 1));
		nr_devs++;
	}
	return nr_devs;
}

struct hotmem_test_dev *hotmem_test_get(int id)
{
	return id >= 0 && id < nr_devs ? &devs[id] : NULL;
}

uint64_t hotmem_test_nr_blocks(const struct hotmem_test_dev *dev)
{
	return dev->size / memory_block_size_bytes_in(dev->mhp);
}

uint64_t hotmem_test_block_start(const struct hotmem_test_dev *dev, uint64_t block)
{
	return dev->start + block * memory_block_size_bytes_in(dev->mhp);
}

int hotmem_test_add_block(struct hotmem_test_dev *dev, uint64_t block, unsigned long flags)
{
	if (block >= hotmem_test_nr_blocks(dev))
		return -EINVAL;
	return add_memory_driver_managed_in(dev->mhp, 0, hotmem_test_block_start(dev, block),
					    memory_block_size_bytes_in(dev->mhp),
					    hotmem_test_resource_name, (mhp_t)flags);
}

int hotmem_test_remove_block(struct hotmem_test_dev *dev, uint64_t block)
{
	if (block >= hotmem_test_nr_blocks(dev))
		return -EINVAL;
	return offline_and_remove_memory_in(dev->mhp, hotmem_test_block_start(dev, block),
					    memory_block_size_bytes_in(dev->mhp));
}

/* ---- the shell's add and remove ---- */

static bool block_added(const struct hotmem_test_dev *dev, uint64_t block)
{
	return find_memory_block_in(dev->mhp, hotmem_test_block_start(dev, block)) != NULL;
}

/* The device and block the shell names (see hotmem_test_shell_add). */
static int shell_pick(bool has_addr, u64 addr, bool add, struct hotmem_test_dev **devp,
		      uint64_t *blockp)
{
	if (!nr_devs)
		return -ENODEV;
	if (has_addr) {
		for (int i = 0; i < nr_devs; i++) {
			struct hotmem_test_dev *dev = &devs[i];
			uint64_t bs = memory_block_size_bytes_in(dev->mhp);

			if (addr < dev->start || addr - dev->start >= dev->size)
				continue;
			if ((addr - dev->start) % bs)
				return -EINVAL;
			*devp = dev;
			*blockp = (addr - dev->start) / bs;
			if (add && block_added(dev, *blockp))
				return -EEXIST;
			if (!add && !block_added(dev, *blockp))
				return -ENOENT;
			return 0;
		}
		return -EINVAL;
	}
	for (int k = 0; k < nr_devs; k++) {
		struct hotmem_test_dev *dev = &devs[add ? k : nr_devs - 1 - k];
		uint64_t n = hotmem_test_nr_blocks(dev);

		for (uint64_t j = 0; j < n; j++) {
			uint64_t b = add ? j : n - 1 - j;

			if (block_added(dev, b) != add) {
				*devp = dev;
				*blockp = b;
				return 0;
			}
		}
	}
	return add ? -ENOSPC : -ENOENT;
}

int hotmem_test_shell_add(bool has_addr, u64 addr, u64 *start, u64 *size)
{
	struct hotmem_test_dev *dev;
	uint64_t block;
	bool was_claimed;
	int ret = shell_pick(has_addr, addr, true, &dev, &block);

	if (ret)
		return ret;
	was_claimed = dev->claimed;
	*start = hotmem_test_block_start(dev, block);
	*size = memory_block_size_bytes_in(dev->mhp);
	if (mhp_get_semantics_in(dev->mhp) == MHP_SEMANTICS_V1) {
		ret = hotmem_test_release(dev);
		if (!ret)
			ret = add_memory_in(dev->mhp, 0, *start, *size, MHP_DRIVER_MANAGED);
	} else {
		ret = hotmem_test_claim(dev);
		if (!ret)
			ret = hotmem_test_add_block(dev, block, MHP_MERGE_RESOURCE);
	}
	/* Nothing changed on error: the container as it was. */
	if (ret && was_claimed && !dev->claimed)
		hotmem_test_claim(dev);
	else if (ret && !was_claimed && dev->claimed)
		hotmem_test_release(dev);
	return ret;
}

int hotmem_test_shell_remove(bool has_addr, u64 addr, u64 *start, u64 *size)
{
	struct hotmem_test_dev *dev;
	uint64_t block;
	int ret = shell_pick(has_addr, addr, false, &dev, &block);

	if (ret)
		return ret;
	*start = hotmem_test_block_start(dev, block);
	*size = memory_block_size_bytes_in(dev->mhp);
	return hotmem_test_remove_block(dev, block);
}
