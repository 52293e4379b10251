/* The memory-hotplug core: add and remove paths (see memory_hotplug.h). */
#include "mm/memory_hotplug.h"

#include "drivers/firmware/memmap.h"
#include "kernel/kalloc.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/memory_block.h"

/* The settings before the command line: Linux's defaults, except
 * memmap_on_memory (see memory_hotplug.h); node 0 only, as without NUMA. */
#define MHP_DEFAULTS                                                              \
	.block_size = MIN_MEMORY_BLOCK_SIZE, .default_online_type = MMOP_OFFLINE, \
	.semantics = MHP_SEMANTICS_UPSTREAM, .max_mem_size = UINT64_MAX,          \
	.system_state = SYSTEM_BOOTING, .possible_nodes = 1, .memmap_on_memory = true

struct mhp_state init_mhp = {
    .iomem = &iomem_resource,
    .fwmap = &init_firmware_map,
    .memory_blocks = LIST_HEAD_INIT(init_mhp.memory_blocks),
    .memory_groups = LIST_HEAD_INIT(init_mhp.memory_groups),
    .sparse = LIST_HEAD_INIT(init_mhp.sparse),
    MHP_DEFAULTS,
};

static const char *const online_type_names[] = {
    [MMOP_OFFLINE] = "offline",
    [MMOP_ONLINE] = "online",
    [MMOP_ONLINE_KERNEL] = "online_kernel",
    [MMOP_ONLINE_MOVABLE] = "online_movable",
};

/* ---- the state ---- */

int mhp_state_init(struct mhp_state *mhp, struct resource *iomem, struct firmware_map *fwmap,
		   const struct mhp_arch_ops *ops)
{
	if (!mhp || !iomem || !fwmap)
		return -EINVAL;
	*mhp = (struct mhp_state){.iomem = iomem, .fwmap = fwmap, .ops = ops, MHP_DEFAULTS};
	INIT_LIST_HEAD(&mhp->memory_blocks);
	INIT_LIST_HEAD(&mhp->memory_groups);
	INIT_LIST_HEAD(&mhp->sparse);
	return 0;
}

void mhp_state_release(struct mhp_state *mhp)
{
	struct memory_block *mem, *next_mem;
	struct memory_group *group, *next_group;

	mhp->block_hint = NULL;
	list_for_each_entry_safe (mem, next_mem, &mhp->memory_blocks, list) {
		list_del(&mem->list);
		kfree(mem);
	}
	list_for_each_entry_safe (group, next_group, &mhp->memory_groups, list) {
		list_del(&group->list);
		kfree(group);
	}
}

int mhp_declare_device_ram(struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	if (!mhp->ops || !mhp->ops->declare_ram)
		return 0;
	return mhp->ops->declare_ram(start, size);
}

int mhp_forget_device_ram(struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	if (!mhp->ops || !mhp->ops->forget_ram)
		return 0;
	return mhp->ops->forget_ram(start, size);
}

/* ---- settings ---- */

/* Linux's sysfs_streq(): equal, except that either may end in one '\n'. */
static bool sysfs_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	if (*a == *b)
		return true;
	if (*a == '\n' && a[1] == '\0' && *b == '\0')
		return true;
	return *a == '\0' && *b == '\n' && b[1] == '\0';
}

int mhp_online_type_from_str(const char *str)
{
	int i;

	for (i = MMOP_OFFLINE; i <= MMOP_ONLINE_MOVABLE; i++)
		if (sysfs_streq(str, online_type_names[i]))
			return i;
	return -EINVAL;
}

const char *mhp_online_type_to_str(int online_type)
{
	if (online_type < MMOP_OFFLINE || online_type > MMOP_ONLINE_MOVABLE)
		return NULL;
	return online_type_names[online_type];
}

int mhp_get_default_online_type_in(const struct mhp_state *mhp)
{
	return mhp->default_online_type;
}

void mhp_set_default_online_type_in(struct mhp_state *mhp, int online_type)
{
	if (mhp_online_type_to_str(online_type))
		mhp->default_online_type = online_type;
}

int memhp_default_state_setup_in(struct mhp_state *mhp, const char *str)
{
	int online_type = mhp_online_type_from_str(str);

	if (online_type < 0) {
		printk("memhp_default_state: ignoring unknown state \"%s\"\n", str);
		return -EINVAL;
	}
	mhp->default_online_type = online_type;
	return 0;
}

int mhp_semantics_setup_in(struct mhp_state *mhp, const char *str)
{
	if (sysfs_streq(str, "upstream")) {
		mhp->semantics = MHP_SEMANTICS_UPSTREAM;
	} else if (sysfs_streq(str, "v1")) {
		mhp->semantics = MHP_SEMANTICS_V1;
	} else {
		printk("mhp.semantics: ignoring unknown value \"%s\" (upstream or v1)\n", str);
		return -EINVAL;
	}
	return 0;
}

void mhp_set_semantics_in(struct mhp_state *mhp, enum mhp_semantics s)
{
	mhp->semantics = s;
}

enum mhp_semantics mhp_get_semantics_in(const struct mhp_state *mhp)
{
	return mhp->semantics;
}

void mhp_set_max_mem_size_in(struct mhp_state *mhp, uint64_t size)
{
	mhp->max_mem_size = size;
}

uint64_t mhp_get_max_mem_size_in(const struct mhp_state *mhp)
{
	return mhp->max_mem_size;
}

void mhp_set_system_state_in(struct mhp_state *mhp, enum system_states state)
{
	mhp->system_state = state;
}

enum system_states mhp_get_system_state_in(const struct mhp_state *mhp)
{
	return mhp->system_state;
}

bool node_possible_in(const struct mhp_state *mhp, int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES && (mhp->possible_nodes >> nid & 1);
}

void mhp_set_node_possible_in(struct mhp_state *mhp, int nid, bool possible)
{
	if (nid < 0 || nid >= MAX_NUMNODES)
		return;
	if (possible)
		mhp->possible_nodes |= 1ull << nid;
	else
		mhp->possible_nodes &= ~(1ull << nid);
}

void mhp_set_memmap_on_memory_in(struct mhp_state *mhp, bool enable)
{
	mhp->memmap_on_memory = enable;
}

bool mhp_memmap_on_memory_in(const struct mhp_state *mhp)
{
	return mhp->memmap_on_memory;
}

/* ---- checks ---- */

/* MHP_DRIVER_MANAGED exists only under the seed proposal's semantics. */
static int check_mhp_flags(const struct mhp_state *mhp, mhp_t mhp_flags)
{
	mhp_t known = MHP_MERGE_RESOURCE | MHP_MEMMAP_ON_MEMORY | MHP_NID_IS_MGID;

	if (mhp->semantics == MHP_SEMANTICS_V1)
		known |= MHP_DRIVER_MANAGED;
	return mhp_flags & ~known ? -EINVAL : 0;
}

struct range mhp_get_pluggable_range_in(const struct mhp_state *mhp, bool need_mapping)
{
	const struct mhp_arch_ops *ops = mhp->ops;
	struct range r = {0, 0};
	uint64_t max_phys = ops && ops->max_phys_addr ? ops->max_phys_addr() : 0;

	(void)need_mapping; /* the direct map covers every addressable byte */
	if (max_phys)
		r.end = max_phys - 1;
	return r;
}

bool mhp_range_allowed_in(const struct mhp_state *mhp, uint64_t start, uint64_t size,
			  bool need_mapping)
{
	struct range r = mhp_get_pluggable_range_in(mhp, need_mapping);
	uint64_t end = start + size;

	if (start < end && start >= r.start && end - 1 <= r.end)
		return true;
	/* Linux prints the exclusive end of the request here. */
	printk("Hotplug memory [%#llx-%#llx] exceeds maximum addressable range [%#llx-%#llx]\n",
	       (unsigned long long)start, (unsigned long long)end, (unsigned long long)r.start,
	       (unsigned long long)r.end);
	return false;
}

int check_hotplug_memory_range_in(const struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	uint64_t bs = mhp->block_size;

	if (!size || start % bs || size % bs) {
		printk("Block size [%#llx] unaligned hotplug range: start %#llx, size %#llx\n",
		       (unsigned long long)bs, (unsigned long long)start, (unsigned long long)size);
		return -EINVAL;
	}
	return 0;
}

bool mhp_supports_memmap_on_memory_in(const struct mhp_state *mhp, uint64_t size)
{
	const struct mhp_arch_ops *ops = mhp->ops;
	uint64_t pages = size >> PAGE_SHIFT, vmemmap;

	if (!mhp->memmap_on_memory || !ops || !ops->memmap_pages)
		return false;
	vmemmap = ops->memmap_pages(pages);
	/* The block must keep some memory besides its own memmap. */
	return vmemmap && vmemmap < pages;
}

static bool range_is_real_ram(const struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	return !mhp->ops->is_real_ram || mhp->ops->is_real_ram(start, size);
}

/* ---- add ---- */

int register_memory_resource_in(struct mhp_state *mhp, uint64_t start, uint64_t size,
				const char *name, struct resource **out)
{
	unsigned long flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;
	struct resource *res;

	/* Anything but plain "System RAM" was added by a driver. */
	if (strcmp(name, MHP_SYSTEM_RAM_NAME))
		flags |= IORESOURCE_SYSRAM_DRIVER_MANAGED;
	if (!mhp_range_allowed_in(mhp, start, size, true))
		return -E2BIG;
	/* mem= restricts only what is added while booting (ACPI DIMMs). */
	if (start + size > mhp->max_mem_size && mhp->system_state < SYSTEM_RUNNING)
		return -E2BIG;
	/* Nests inside a non-busy container such as virtio0 or dax0.0. */
	res = __request_region(mhp->iomem, start, size, name, flags);
	if (!res) {
		printk("Unable to reserve System RAM region: %016llx->%016llx\n",
		       (unsigned long long)start, (unsigned long long)(start + size));
		return -EEXIST;
	}
	*out = res;
	return 0;
}

void release_memory_resource(struct resource *res)
{
	if (!res)
		return;
	release_resource(res);
	free_resource(res);
}

static int do_add_memory_resource(struct mhp_state *mhp, int nid, struct resource *res,
				  mhp_t mhp_flags)
{
	const struct mhp_arch_ops *ops = mhp->ops;
	const uint64_t start = res->start, size = resource_size(res);
	const uint64_t bs = mhp->block_size;
	struct memory_group *group = NULL;
	uint64_t nr_vmemmap_pages = 0;
	bool real;
	int ret;

	ret = check_mhp_flags(mhp, mhp_flags);
	if (ret)
		return ret;
	if (!ops || !ops->add_memory || !ops->remove_memory)
		return -ENODEV;
	ret = check_hotplug_memory_range_in(mhp, start, size);
	if (ret)
		return ret;
	if (mhp_flags & MHP_NID_IS_MGID) {
		group = memory_group_find_by_id_in(mhp, nid);
		if (!group)
			return -EINVAL;
		nid = group->nid;
	}
	if (!node_possible_in(mhp, nid)) {
		printk("WARNING: node %d was absent from the node_possible_map\n", nid);
		return -EINVAL;
	}
	/* Phantom memory is bookkept only: never mapped, never onlined. */
	real = range_is_real_ram(mhp, start, size);
	if ((mhp_flags & MHP_MEMMAP_ON_MEMORY) && real && mhp_supports_memmap_on_memory_in(mhp, bs))
		nr_vmemmap_pages = ops->memmap_pages(bs >> PAGE_SHIFT);

	if (real) {
		ret = ops->add_memory(start, size);
		if (ret)
			return ret;
	}
	ret = create_memory_block_devices_in(mhp, start, size, nid, nr_vmemmap_pages, group, !real);
	if (ret)
		goto err_arch;
	/* Only what real firmware would report after a reboot: plain RAM. */
	if (res->name && !strcmp(res->name, MHP_SYSTEM_RAM_NAME)) {
		ret = firmware_map_add_hotplug_in(mhp->fwmap, start, start + size,
						  MHP_SYSTEM_RAM_NAME);
		if (ret)
			goto err_blocks;
	}
	/* Last, so a failure above never has to split a merged resource. */
	if (mhp_flags & MHP_MERGE_RESOURCE)
		merge_system_ram_resource(res);
	if (mhp->default_online_type != MMOP_OFFLINE)
		walk_memory_blocks_in(mhp, start, size, mhp, online_memory_block);
	return 0;

err_blocks:
	remove_memory_block_devices_in(mhp, start, size);
err_arch:
	if (real)
		ops->remove_memory(start, size);
	return ret;
}

static int add_named_memory(struct mhp_state *mhp, int nid, uint64_t start, uint64_t size,
			    const char *name, mhp_t mhp_flags)
{
	struct resource *res;
	int ret;

	/* Checked before anything is registered, so no resource churns. */
	ret = check_mhp_flags(mhp, mhp_flags);
	if (ret)
		return ret;
	if (!mhp->ops)
		return -ENODEV;
	ret = register_memory_resource_in(mhp, start, size, name, &res);
	if (ret)
		return ret;
	ret = add_memory_resource_in(mhp, nid, res, mhp_flags);
	if (ret)
		release_memory_resource(res);
	return ret;
}

static int do___add_memory(struct mhp_state *mhp, int nid, uint64_t start, uint64_t size,
			   mhp_t mhp_flags)
{
	const char *name = MHP_SYSTEM_RAM_NAME;

	/* Seed proposal: the name alone makes it driver managed. */
	if ((mhp_flags & MHP_DRIVER_MANAGED) && mhp->semantics == MHP_SEMANTICS_V1)
		name = MHP_V1_DRIVER_MANAGED_NAME;
	return add_named_memory(mhp, nid, start, size, name, mhp_flags);
}

static int do_add_memory_driver_managed(struct mhp_state *mhp, int nid, uint64_t start,
					uint64_t size, const char *resource_name, mhp_t mhp_flags)
{
	static const char prefix[] = "System RAM (";
	size_t len;

	if (!resource_name)
		return -EINVAL;
	len = strlen(resource_name);
	if (strncmp(resource_name, prefix, sizeof(prefix) - 1) || resource_name[len - 1] != ')')
		return -EINVAL;
	return add_named_memory(mhp, nid, start, size, resource_name, mhp_flags);
}

/* ---- remove ---- */

static int count_block_cb(struct memory_block *mem, void *arg)
{
	(void)mem;
	(*(uint64_t *)arg)++;
	return 0;
}

/* Every block of the (aligned) range exists: it was added and not removed. */
static bool range_fully_added(const struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	uint64_t n = 0;

	walk_memory_blocks_in(mhp, start, size, &n, count_block_cb);
	return n == size / mhp->block_size;
}

/* arg: the state. */
static int check_memblock_offlined_cb(struct memory_block *mem, void *arg)
{
	const struct mhp_state *mhp = arg;
	uint64_t begin = memory_block_start(mhp, mem), end;

	if (mem->state == MEM_OFFLINE)
		return 0;
	end = begin + mhp->block_size - 1;
	printk("removing memory fails, because memory [%pa-%pa] is onlined\n", &begin, &end);
	return -EBUSY;
}

/* Unmaps runs of consecutive real blocks (phantom ones were never mapped). */
struct unmap_run {
	const struct mhp_state *mhp;
	uint64_t start, size;
};

static void unmap_flush(struct unmap_run *run)
{
	if (run->size)
		run->mhp->ops->remove_memory(run->start, run->size);
	run->size = 0;
}

static int unmap_block_cb(struct memory_block *mem, void *arg)
{
	struct unmap_run *run = arg;
	uint64_t begin = memory_block_start(run->mhp, mem);

	if (mem->phantom || (run->size && run->start + run->size != begin))
		unmap_flush(run);
	if (mem->phantom)
		return 0;
	if (!run->size)
		run->start = begin;
	run->size += run->mhp->block_size;
	return 0;
}

/* The busy MEM resource holding byte addr, found the way
 * release_mem_region_adjustable() searches (through non-busy containers). */
static struct resource *busy_resource_at(const struct mhp_state *mhp, uint64_t addr)
{
	struct resource *p = mhp->iomem->child;

	while (p) {
		if (p->start > addr)
			return NULL;
		if (p->end < addr) {
			p = p->sibling;
			continue;
		}
		if (!(p->flags & IORESOURCE_MEM))
			return NULL;
		if (p->flags & IORESOURCE_BUSY)
			return p;
		p = p->child;
	}
	return NULL;
}

/* Where the piece of [.., last] starting at cur ends: with its resource,
 * or (no resource there) with its block. */
static uint64_t piece_end(const struct mhp_state *mhp, const struct resource *res, uint64_t cur,
			  uint64_t last)
{
	uint64_t end = res ? res->end : cur | (mhp->block_size - 1);

	return end < last ? end : last;
}

/* Takes [start, start + size) out of iomem, also when it spans several
 * resources (separate adds; Linux would silently leave them behind).
 * Atomic: one piece is one release_mem_region_adjustable() call, which
 * changes nothing when it fails; of several pieces none is a split (each
 * touches its resource's start or end), so with no children in the way
 * (checked first) none can fail. */
static int release_hotplug_range(struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	const uint64_t last = start + size - 1;
	uint64_t cur, end, one_start = 0, one_end = 0;
	unsigned int pieces = 0;
	bool children = false;
	struct resource *res;

	for (cur = start;; cur = end + 1) {
		res = busy_resource_at(mhp, cur);
		end = piece_end(mhp, res, cur, last);
		if (res) {
			pieces++;
			children |= res->child != NULL;
			one_start = cur;
			one_end = end;
		}
		if (end >= last)
			break;
	}
	if (pieces <= 1)
		return pieces ? release_mem_region_adjustable_in(mhp->iomem, one_start,
								 one_end - one_start + 1)
			      : 0;
	if (children)
		return -EBUSY;
	for (cur = start;; cur = end + 1) {
		res = busy_resource_at(mhp, cur);
		end = piece_end(mhp, res, cur, last);
		if (res)
			release_mem_region_adjustable_in(mhp->iomem, cur, end - cur + 1);
		if (end >= last)
			break;
	}
	return 0;
}

struct entry_range {
	uint64_t start, end; /* the range to search; then the entry found */
};

static int find_entry_inside(const struct firmware_map_entry *e, void *arg)
{
	struct entry_range *r = arg;

	if (e->start < r->start || e->end > r->end || strcmp(e->type, MHP_SYSTEM_RAM_NAME))
		return 0;
	r->start = e->start;
	r->end = e->end;
	return 1;
}

/* Linux removes the one entry matching the range exactly (-EINVAL, ignored,
 * for driver-managed memory). We also remove every other "System RAM" entry
 * inside the range, so a remove spanning several adds leaves none behind
 * (see release_hotplug_range()). Entries only partly inside stay, as in
 * Linux. Cannot fail. */
static void remove_firmware_map_entries(struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	struct entry_range r;

	firmware_map_remove_in(mhp->fwmap, start, start + size, MHP_SYSTEM_RAM_NAME);
	for (;;) {
		r.start = start;
		r.end = start + size - 1;
		if (!firmware_map_for_each_published_in(mhp->fwmap, find_entry_inside, &r))
			break;
		firmware_map_remove_in(mhp->fwmap, r.start, r.end + 1, MHP_SYSTEM_RAM_NAME);
	}
}

static int do_try_remove_memory(struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	struct unmap_run run = {mhp, 0, 0};
	int ret;

	ret = check_hotplug_memory_range_in(mhp, start, size);
	if (ret)
		return ret;
	if (!mhp->ops || !mhp->ops->remove_memory)
		return -ENODEV;
	if (!range_fully_added(mhp, start, size))
		return -EINVAL;
	ret = walk_memory_blocks_in(mhp, start, size, mhp, check_memblock_offlined_cb);
	if (ret)
		return ret;
	/* The only step that can fail (-ENOMEM splitting a merged resource),
	 * so it goes first while everything can still be left untouched;
	 * Linux does it last but cannot fail there. */
	ret = release_hotplug_range(mhp, start, size);
	if (ret)
		return ret;
	remove_firmware_map_entries(mhp, start, size);
	walk_memory_blocks_in(mhp, start, size, &run, unmap_block_cb);
	unmap_flush(&run);
	remove_memory_block_devices_in(mhp, start, size);
	return 0;
}

int __remove_memory_in(struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	int ret = try_remove_memory_in(mhp, start, size);

	/* Linux BUG()s: its callers (ACPI eject) offlined everything first. */
	if (ret)
		printk("BUG: __remove_memory [mem %#010llx-%#010llx] failed: %d\n",
		       (unsigned long long)start, (unsigned long long)(start + size - 1), ret);
	return ret;
}

struct online_types {
	struct mhp_state *mhp;
	uint8_t *types;
	size_t idx;
};

static int try_offline_memory_block(struct memory_block *mem, void *arg)
{
	struct online_types *ot = arg;
	int online_type = mem->online_type;
	int ret = memory_block_device_offline_in(ot->mhp, mem);

	/* Remember only what this call offlined: those get onlined again. */
	if (ret == 0)
		ot->types[ot->idx] = (uint8_t)online_type;
	ot->idx++;
	return ret < 0 ? ret : 0;
}

static int try_reonline_memory_block(struct memory_block *mem, void *arg)
{
	struct online_types *ot = arg;
	int online_type = ot->types[ot->idx++];
	int ret;

	if (online_type == MMOP_OFFLINE)
		return 0;
	ret = memory_block_device_online_in(ot->mhp, mem, online_type);
	if (ret < 0)
		printk("try_reonline_memory_block: Failed to re-online memory: %d\n", ret);
	return 0; /* carry on with the other blocks */
}

static int do_offline_and_remove_memory(struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	const uint64_t bs = mhp->block_size;
	struct online_types ot = {mhp, NULL, 0};
	int ret;

	if (!size || start % bs || size % bs)
		return -EINVAL;
	/* Before any allocation, and so that types[] indices match blocks. */
	if (!range_fully_added(mhp, start, size))
		return -EINVAL;
	/* Zeroed: every entry starts as MMOP_OFFLINE (nothing to undo). */
	ot.types = kzalloc((size_t)(size / bs));
	if (!ot.types)
		return -ENOMEM;
	ret = walk_memory_blocks_in(mhp, start, size, &ot, try_offline_memory_block);
	if (!ret) {
		ret = try_remove_memory_in(mhp, start, size);
		if (ret)
			printk("offline_and_remove_memory: Failed to remove memory: %d\n", ret);
	}
	if (ret) {
		ot.idx = 0;
		walk_memory_blocks_in(mhp, start, size, &ot, try_reonline_memory_block);
	}
	kfree(ot.types);
	return ret;
}

/* ---- tracing: the kernel's hook prints a snapshot before and after every
 * add or remove (docs/ktap.md). Only the outermost call is traced
 * (add_memory calls __add_memory, ...). The range is taken before the
 * call: with MHP_MERGE_RESOURCE the call may free the resource it was
 * given. */

void mhp_set_trace_hook_in(struct mhp_state *mhp, mhp_trace_fn fn)
{
	mhp->trace_hook = fn;
}

static void trace_before(struct mhp_state *mhp, const char *what, uint64_t start, uint64_t size)
{
	if (mhp->trace_depth++ == 0 && mhp->trace_hook)
		mhp->trace_hook(what, start, size, MHP_TRACE_BEFORE);
}

static int trace_after(struct mhp_state *mhp, const char *what, uint64_t start, uint64_t size,
		       int ret)
{
	if (--mhp->trace_depth == 0 && mhp->trace_hook)
		mhp->trace_hook(what, start, size, ret);
	return ret;
}

int add_memory_resource_in(struct mhp_state *mhp, int nid, struct resource *res, mhp_t mhp_flags)
{
	const uint64_t start = res->start, size = resource_size(res);
	int ret;

	trace_before(mhp, "add_memory_resource", start, size);
	ret = do_add_memory_resource(mhp, nid, res, mhp_flags);
	return trace_after(mhp, "add_memory_resource", start, size, ret);
}

int __add_memory_in(struct mhp_state *mhp, int nid, uint64_t start, uint64_t size, mhp_t mhp_flags)
{
	int ret;

	trace_before(mhp, "__add_memory", start, size);
	ret = do___add_memory(mhp, nid, start, size, mhp_flags);
	return trace_after(mhp, "__add_memory", start, size, ret);
}

int add_memory_in(struct mhp_state *mhp, int nid, uint64_t start, uint64_t size, mhp_t mhp_flags)
{
	int ret;

	trace_before(mhp, "add_memory", start, size);
	ret = __add_memory_in(mhp, nid, start, size, mhp_flags);
	return trace_after(mhp, "add_memory", start, size, ret);
}

int add_memory_driver_managed_in(struct mhp_state *mhp, int nid, uint64_t start, uint64_t size,
				 const char *resource_name, mhp_t mhp_flags)
{
	int ret;

	trace_before(mhp, "add_memory_driver_managed", start, size);
	ret = do_add_memory_driver_managed(mhp, nid, start, size, resource_name, mhp_flags);
	return trace_after(mhp, "add_memory_driver_managed", start, size, ret);
}

int mhp_add_driver_memory_in(struct mhp_state *mhp, int nid, uint64_t start, uint64_t size,
			     const char *resource_name, mhp_t mhp_flags)
{
	if (mhp->semantics == MHP_SEMANTICS_V1)
		return add_memory_in(mhp, nid, start, size,
				     (mhp_flags & ~MHP_MERGE_RESOURCE) | MHP_DRIVER_MANAGED);
	return add_memory_driver_managed_in(mhp, nid, start, size, resource_name, mhp_flags);
}

int try_remove_memory_in(struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	int ret;

	trace_before(mhp, "try_remove_memory", start, size);
	ret = do_try_remove_memory(mhp, start, size);
	return trace_after(mhp, "try_remove_memory", start, size, ret);
}

int remove_memory_in(struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	int ret;

	trace_before(mhp, "remove_memory", start, size);
	ret = try_remove_memory_in(mhp, start, size);
	return trace_after(mhp, "remove_memory", start, size, ret);
}

int offline_and_remove_memory_in(struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	int ret;

	trace_before(mhp, "offline_and_remove_memory", start, size);
	ret = do_offline_and_remove_memory(mhp, start, size);
	return trace_after(mhp, "offline_and_remove_memory", start, size, ret);
}
