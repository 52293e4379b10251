/* dax/kmem for legacy persistent memory: see drivers/dax/kmem.h. */
#include "drivers/dax/kmem.h"

#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/hotplug_arch.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"

static int kmem_poll(struct hotplug_poller *p, struct hotplug_event *ev);

struct dax_state init_dax = {
    .mhp = &init_mhp,
    .poller = {.name = "dax_kmem", .poll = kmem_poll, .priv = &init_dax},
};

void dax_state_init(struct dax_state *dax, struct mhp_state *mhp)
{
	memset(dax, 0, sizeof(*dax));
	dax->mhp = mhp;
	dax->poller.name = "dax_kmem";
	dax->poller.poll = kmem_poll;
	dax->poller.priv = dax;
}

void dax_kmem_set_enabled(struct dax_state *dax, bool on)
{
	dax->kmem_enabled = on;
}

bool dax_kmem_enabled(const struct dax_state *dax)
{
	return dax->kmem_enabled;
}

int dax_dev_count(const struct dax_state *dax)
{
	return dax->nr_devs;
}

struct dax_dev *dax_dev_get(struct dax_state *dax, int i)
{
	return i >= 0 && i < dax->nr_devs ? &dax->devs[i] : NULL;
}

/* ---- layout ---- */

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

bool dax_data_range(uint64_t start, uint64_t end, uint64_t *data_start, uint64_t *data_end)
{
	uint64_t size = end - start + 1, npfns, meta_end, limit;

	if (end < start || size <= DAX_INFO_BLOCK)
		return false;
	/* The info block, then room for a struct page per data page. */
	npfns = (size - DAX_INFO_BLOCK) / PAGE_SIZE;
	meta_end = start + DAX_INFO_BLOCK + DAX_STRUCT_PAGE_SIZE * npfns;
	*data_start = align_up(meta_end, DAX_ALIGN);
	/* The tail past the last alignment boundary is not mapped. */
	limit = (end + 1) / DAX_ALIGN * DAX_ALIGN;
	if (end + 1 == 0)
		limit = ~0ull / DAX_ALIGN * DAX_ALIGN;
	if (*data_start >= limit || *data_start < start)
		return false;
	*data_end = limit - 1;
	return true;
}

bool dax_kmem_range(uint64_t start, uint64_t end, uint64_t block, uint64_t *astart, uint64_t *asize)
{
	uint64_t s = align_up(start, block), e = (end / block) * block;

	/* e: the first byte past the last whole block (end inclusive). */
	if (end % block == block - 1)
		e += block;
	if (end < start || s < start || e <= s)
		return false;
	*astart = s;
	*asize = e - s;
	return true;
}

/* ---- step 1: namespace and device_dax ---- */

struct pram_walk {
	struct dax_state *dax;
	int region;
	int err;
};

static int pram_found(struct resource *r, void *arg)
{
	struct pram_walk *w = arg;
	struct dax_state *dax = w->dax;
	struct resource *iomem = dax->mhp->iomem;
	int region = w->region++;
	struct dax_dev *dev;
	uint64_t ds, de;

	if (!dax_data_range(r->start, r->end, &ds, &de)) {
		printk("dax: region%d [mem %#llx-%#llx] too small for a dax device\n", region,
		       r->start, r->end);
		return 0;
	}
	if (dax->nr_devs == DAX_MAX_DEVS) {
		printk("dax: region%d: more than %d dax devices, ignored\n", region, DAX_MAX_DEVS);
		return 0;
	}
	dev = &dax->devs[dax->nr_devs];
	memset(dev, 0, sizeof(*dev));
	dev->region_id = region;
	dev->mgid = -1;
	snprintf(dev->ns_name, sizeof(dev->ns_name), "namespace%d.0", region);
	snprintf(dev->dax_name, sizeof(dev->dax_name), "dax%d.0", region);
	dev->pram_start = r->start;
	dev->pram_end = r->end;
	dev->data_start = ds;
	dev->data_end = de;
	dev->ns_res = __request_region(iomem, r->start, ds - r->start, dev->ns_name, 0);
	if (!dev->ns_res) {
		w->err = -ENOMEM;
		return 1;
	}
	dev->dax_res = __request_region(iomem, ds, de - ds + 1, dev->dax_name, 0);
	if (!dev->dax_res) {
		__release_region(iomem, r->start, ds - r->start);
		w->err = -ENOMEM;
		return 1;
	}
	dax->nr_devs++;
	printk("dax: %s [mem %#llx-%#llx] (%s [mem %#llx-%#llx])\n", dev->dax_name,
	       (unsigned long long)ds, (unsigned long long)de, dev->ns_name,
	       (unsigned long long)r->start, (unsigned long long)(ds - 1));
	return 0;
}

static void release_dev(struct resource *iomem, struct dax_dev *dev)
{
	if (dev->dax_res) {
		__release_region(iomem, dev->dax_res->start, resource_size(dev->dax_res));
		dev->dax_res = NULL;
	}
	if (dev->ns_res) {
		__release_region(iomem, dev->ns_res->start, resource_size(dev->ns_res));
		dev->ns_res = NULL;
	}
}

int dax_pmem_probe(struct dax_state *dax, struct hotplug_poller_list *pollers)
{
	struct pram_walk w = {dax, 0, 0};

	walk_iomem_res_desc_in(dax->mhp->iomem, IORES_DESC_PERSISTENT_MEMORY_LEGACY, IORESOURCE_MEM,
			       0, ~0ull, &w, pram_found);
	if (w.err) {
		/* All or nothing: a half-made set of devices helps nobody. */
		while (dax->nr_devs)
			release_dev(dax->mhp->iomem, &dax->devs[--dax->nr_devs]);
		return w.err;
	}
	if (dax->nr_devs && dax->kmem_enabled)
		hotplug_poller_register(pollers, &dax->poller);
	return dax->nr_devs;
}

/* ---- step 2: kmem ---- */

/* Undoes kmem's work on dev; the blocks [start, start + added) are removed. */
static void kmem_unwind(struct mhp_state *mhp, struct dax_dev *dev, uint64_t start, uint64_t added)
{
	uint64_t bs = memory_block_size_bytes_in(mhp);

	for (uint64_t off = added; off; off -= bs) {
		int err = offline_and_remove_memory_in(mhp, start + off - bs, bs);

		if (err)
			printk("dax: %s: cannot remove [mem %#llx-%#llx] again (%s)\n",
			       dev->dax_name, (unsigned long long)(start + off - bs),
			       (unsigned long long)(start + off - 1), errno_name(err));
	}
	if (dev->dax_res) {
		release_resource(dev->dax_res);
		free_resource(dev->dax_res);
		dev->dax_res = NULL;
	}
	if (dev->mgid >= 0) {
		memory_group_unregister_in(mhp, dev->mgid);
		dev->mgid = -1;
	}
}

/* Does mhp's machine already know [start, start + size) as RAM? */
static bool range_is_real(const struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	const struct mhp_arch_ops *ops = mhp->ops;

	return !ops || !ops->is_real_ram || ops->is_real_ram(start, size);
}

int dax_kmem_bind(struct dax_state *dax, struct dax_dev *dev)
{
	struct mhp_state *mhp = dax->mhp;
	uint64_t bs = memory_block_size_bytes_in(mhp), start, size, off;
	int err;

	if (dev->kmem_tried)
		return -EINVAL;
	dev->kmem_tried = true;
	/* device_dax lets go of the device first (an unbind). */
	if (dev->dax_res) {
		__release_region(mhp->iomem, dev->data_start, dev->data_end - dev->data_start + 1);
		dev->dax_res = NULL;
	}
	if (!dax_kmem_range(dev->data_start, dev->data_end, bs, &start, &size)) {
		printk("kmem %s: mapping0: %#llx-%#llx too small after alignment\n", dev->dax_name,
		       (unsigned long long)dev->data_start, (unsigned long long)dev->data_end);
		printk("kmem %s: rejecting DAX region without any memory after alignment\n",
		       dev->dax_name);
		dev->kmem_err = -EINVAL;
		return -EINVAL;
	}
	dev->kmem_start = start;
	dev->kmem_size = size;

	err = memory_group_register_static_in(mhp, 0, size / PAGE_SIZE);
	if (err < 0)
		goto fail;
	dev->mgid = err;

	dev->dax_res = __request_region(mhp->iomem, start, size, dev->dax_name, 0);
	if (!dev->dax_res) {
		printk("kmem %s: mapping0: %#llx-%#llx could not reserve region\n", dev->dax_name,
		       (unsigned long long)start, (unsigned long long)(start + size - 1));
		err = -EBUSY;
		goto fail;
	}
	/* Not busy, so the System RAM (kmem) resources nest below it. */
	dev->dax_res->flags = IORESOURCE_SYSTEM_RAM;

	/* memmap= carves PRAM out of real RAM. PRAM where the loader's map has
	 * no RAM (memmap=1G!4G on a 512M machine) is memory nobody has: the
	 * core books it like phantom RAM and never onlines it into the page
	 * allocator. Never declared as device RAM: nothing backs it. */
	if (!range_is_real(mhp, start, size))
		printk("kmem %s: mapping0: %#llx-%#llx is not RAM in the boot loader's map: "
		       "bookkept only, never onlined\n",
		       dev->dax_name, (unsigned long long)start,
		       (unsigned long long)(start + size - 1));

	for (off = 0; off < size; off += bs) {
		err = mhp_add_driver_memory_in(mhp, dev->mgid, start + off, bs, DAX_KMEM_RES_NAME,
					       MHP_NID_IS_MGID);
		if (err) {
			printk("kmem %s: mapping0: %#llx-%#llx memory add failed (%s)\n",
			       dev->dax_name, (unsigned long long)(start + off),
			       (unsigned long long)(start + off + bs - 1), errno_name(err));
			kmem_unwind(mhp, dev, start, off);
			goto out;
		}
	}
	dev->kmem_err = 0;
	return 0;

fail:
	kmem_unwind(mhp, dev, start, 0);
out:
	dev->kmem_start = 0;
	dev->kmem_size = 0;
	dev->kmem_err = err;
	return err;
}

int dax_kmem_bind_all(struct dax_state *dax)
{
	int n = 0;

	for (int i = 0; i < dax->nr_devs; i++)
		if (!dax->devs[i].kmem_tried && !dax_kmem_bind(dax, &dax->devs[i]))
			n++;
	return n;
}

static int kmem_poll(struct hotplug_poller *p, struct hotplug_event *ev)
{
	struct dax_state *dax = p->priv;

	for (int i = 0; i < dax->nr_devs; i++) {
		struct dax_dev *dev = &dax->devs[i];

		if (dev->kmem_tried)
			continue;
		dax_kmem_bind(dax, dev);
		snprintf(ev->device, sizeof(ev->device), "%s", dev->dax_name);
		ev->action = HOTPLUG_ADD;
		/* The request is complete either way; a rejected device
		 * reports its data range, in which no block is wholly. */
		if (dev->kmem_size) {
			ev->start = dev->kmem_start;
			ev->end = dev->kmem_start + dev->kmem_size - 1;
		} else {
			ev->start = dev->data_start;
			ev->end = dev->data_end;
		}
		return 1;
	}
	return 0;
}
