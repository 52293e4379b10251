/* Memory blocks, memory groups and their sysfs views (see memory_block.h). */
#include "mm/memory_block.h"

#include "kernel/cmdline.h"
#include "kernel/kalloc.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/kstrtox.h"
#include "lib/printf.h"
#include "lib/seq_buf.h"
#include "lib/string.h"
#include "mm/fake_offline.h"

static const char *const zone_names[] = {
    [ZONE_DMA] = "DMA",
    [ZONE_DMA32] = "DMA32",
    [ZONE_NORMAL] = "Normal",
    [ZONE_MOVABLE] = "Movable",
};

/* ---- block size ---- */

uint64_t probe_memory_block_size(uint64_t boot_mem_end, bool hypervisor, uint64_t requested)
{
	uint64_t bz;

	if (requested) {
		/* The bounds of Linux's set_memory_block_size_order(). */
		if (is_power_of_2(requested) && requested >= MIN_MEMORY_BLOCK_SIZE &&
		    requested <= MEM_SIZE_FOR_LARGE_BLOCK) {
			bz = requested;
			goto done;
		}
		printk("x86/mm: memory_block_size=%#llx ignored: not a power of two from 128MB "
		       "to 64GB\n",
		       (unsigned long long)requested);
	}
	if (boot_mem_end < MEM_SIZE_FOR_LARGE_BLOCK) {
		bz = MIN_MEMORY_BLOCK_SIZE;
	} else if (!hypervisor) {
		/* Bare metal: fewest blocks; hotplug alignment does not matter. */
		bz = MAX_BLOCK_SIZE;
	} else {
		/* A VM may hot-add right after boot memory: keep that aligned. */
		for (bz = MAX_BLOCK_SIZE; bz > MIN_MEMORY_BLOCK_SIZE; bz >>= 1)
			if (!(boot_mem_end & (bz - 1)))
				break;
	}
done:
	printk("x86/mm: Memory block size: %lluMB\n", (unsigned long long)(bz >> 20));
	return bz;
}

uint64_t memory_block_size_request(const char *val)
{
	unsigned long long size;

	if (!val)
		return 0;
	if (memparse_strict(val, &size)) {
		printk("x86/mm: memory_block_size=%s ignored: not a size\n", val);
		return 0;
	}
	if (!size)
		printk("x86/mm: memory_block_size=%s ignored: not a power of two from 128MB to "
		       "64GB\n",
		       val);
	return size;
}

int set_memory_block_size_in(struct mhp_state *mhp, uint64_t size)
{
	if (!is_power_of_2(size) || size < MIN_MEMORY_BLOCK_SIZE)
		return -EINVAL;
	/* Existing ids would change meaning. */
	if (!list_empty(&mhp->memory_blocks))
		return -EBUSY;
	mhp->block_size = size;
	return 0;
}

/* ---- zones ---- */

static enum zone_type zone_of_addr(uint64_t addr)
{
	if (addr < SZ_16M)
		return ZONE_DMA;
	return addr < SZ_4G ? ZONE_DMA32 : ZONE_NORMAL;
}

/* The zone a kernel online (MMOP_ONLINE, MMOP_ONLINE_KERNEL) uses. */
static enum zone_type kernel_zone_for(const struct mhp_state *mhp, const struct memory_block *mem)
{
	return zone_of_addr(memory_block_start(mhp, mem));
}

/* Boot blocks belong to a zone only when they lie inside one. */
static enum zone_type boot_zone_for(const struct mhp_state *mhp, const struct memory_block *mem)
{
	uint64_t start = memory_block_start(mhp, mem);
	enum zone_type z = zone_of_addr(start);

	return z == zone_of_addr(start + mhp->block_size - 1) ? z : MEMORY_BLOCK_NO_ZONE;
}

/* ---- blocks ---- */

/* The first block with an id >= block_id, or the list head. Starts at the
 * last block found when that one lies at or before block_id, so that walking
 * the blocks in id order (sysfs listings, boot dumps, adds of runs) is linear
 * in all instead of quadratic. */
static struct list_head *seek_block(const struct mhp_state *mhp, unsigned long block_id)
{
	struct mhp_state *cache = (struct mhp_state *)mhp; /* only the hint changes */
	const struct list_head *pos = &mhp->memory_blocks;
	struct memory_block *mem;

	if (mhp->block_hint && mhp->block_hint->id <= block_id)
		pos = mhp->block_hint->list.prev;
	for (pos = pos->next; pos != &mhp->memory_blocks; pos = pos->next) {
		mem = list_entry(pos, struct memory_block, list);
		if (mem->id >= block_id) {
			cache->block_hint = mem;
			return (struct list_head *)pos;
		}
	}
	return (struct list_head *)pos;
}

struct memory_block *find_memory_block_by_id_in(const struct mhp_state *mhp, unsigned long block_id)
{
	struct list_head *pos = seek_block(mhp, block_id);
	struct memory_block *mem;

	if (pos == &mhp->memory_blocks)
		return NULL;
	mem = list_entry(pos, struct memory_block, list);
	return mem->id == block_id ? mem : NULL;
}

struct memory_block *memory_block_next_in(const struct mhp_state *mhp, long after)
{
	struct list_head *pos = seek_block(mhp, after < 0 ? 0 : (unsigned long)after + 1);

	return pos == &mhp->memory_blocks ? NULL : list_entry(pos, struct memory_block, list);
}

struct memory_block *find_memory_block_in(const struct mhp_state *mhp, uint64_t phys)
{
	return find_memory_block_by_id_in(mhp, phys_to_block_id(mhp, phys));
}

unsigned long memory_block_count_in(const struct mhp_state *mhp)
{
	return list_count_nodes(&mhp->memory_blocks);
}

/* The list position before which a block with this id belongs. */
static struct list_head *insert_point(struct mhp_state *mhp, unsigned long block_id)
{
	return seek_block(mhp, block_id + 1);
}

static void free_block_list(struct list_head *head)
{
	struct memory_block *mem, *next;

	list_for_each_entry_safe (mem, next, head, list) {
		list_del(&mem->list);
		kfree(mem);
	}
}

int create_memory_block_devices_in(struct mhp_state *mhp, uint64_t start, uint64_t size, int nid,
				   uint64_t nr_vmemmap_pages, struct memory_group *group,
				   bool phantom)
{
	const uint64_t bs = mhp->block_size;
	const unsigned long first = phys_to_block_id(mhp, start);
	unsigned long n, i;
	struct memory_block *mem;
	struct list_head *pos;
	LIST_HEAD(fresh);

	if (!size || start % bs || size % bs || start + size < start)
		return -EINVAL;
	n = (unsigned long)(size / bs);
	/* Taken when the first block at or after the range lies inside it. */
	pos = seek_block(mhp, first);
	if (pos != &mhp->memory_blocks &&
	    list_entry(pos, struct memory_block, list)->id - first < n)
		return -EEXIST;
	/* Allocate everything before linking anything: failure leaves nothing. */
	for (i = 0; i < n; i++) {
		mem = kzalloc(sizeof(*mem));
		if (!mem) {
			free_block_list(&fresh);
			return -ENOMEM;
		}
		mem->id = first + i;
		mem->state = MEM_OFFLINE;
		mem->online_type = MMOP_OFFLINE;
		mem->zone = MEMORY_BLOCK_NO_ZONE;
		mem->nid = nid;
		mem->group = group;
		mem->nr_vmemmap_pages = nr_vmemmap_pages;
		mem->phantom = phantom;
		list_add_tail(&mem->list, &fresh);
	}
	/* The range is free, so the new blocks go in as one run. */
	list_splice_tail_init(&fresh, insert_point(mhp, first));
	if (group)
		group->nr_blocks += n;
	return 0;
}

void remove_memory_block_devices_in(struct mhp_state *mhp, uint64_t start, uint64_t size)
{
	struct memory_block *mem, *next;
	unsigned long first, last;

	if (!size)
		return;
	first = phys_to_block_id(mhp, start);
	last = phys_to_block_id(mhp, start + size - 1);
	list_for_each_entry_safe (mem, next, &mhp->memory_blocks, list) {
		if (mem->id < first)
			continue;
		if (mem->id > last)
			break;
		if (mem->group)
			mem->group->nr_blocks--;
		if (mhp->block_hint == mem)
			mhp->block_hint = NULL;
		list_del(&mem->list);
		kfree(mem);
	}
}

int memory_blocks_add_boot_in(struct mhp_state *mhp, uint64_t start, uint64_t size, int nid)
{
	struct memory_block *mem, *next;
	unsigned long id, last;
	LIST_HEAD(fresh);

	if (!size || start + size < start)
		return 0;
	last = phys_to_block_id(mhp, start + size - 1);
	for (id = phys_to_block_id(mhp, start); id <= last; id++) {
		if (find_memory_block_by_id_in(mhp, id))
			continue; /* boot ranges often share a block */
		mem = kzalloc(sizeof(*mem));
		if (!mem) {
			free_block_list(&fresh);
			return -ENOMEM;
		}
		mem->id = id;
		mem->state = MEM_ONLINE;
		mem->online_type = MMOP_ONLINE_KERNEL;
		mem->zone = boot_zone_for(mhp, mem);
		mem->nid = nid;
		mem->boot = true;
		list_add_tail(&mem->list, &fresh);
	}
	/* The fresh ids ascend: each block's insert point lies at or after the
	 * one before it, so seeking from it keeps the whole merge linear (from
	 * the old hint, 32768 blocks cost 13 s under TCG). */
	list_for_each_entry_safe (mem, next, &fresh, list) {
		list_del(&mem->list);
		list_add_tail(&mem->list, insert_point(mhp, mem->id));
		mhp->block_hint = mem;
	}
	return 0;
}

int walk_memory_blocks_in(const struct mhp_state *mhp, uint64_t start, uint64_t size, void *arg,
			  walk_memory_blocks_func_t func)
{
	struct memory_block *mem;
	unsigned long first, last;
	int ret;

	if (!size)
		return 0;
	first = phys_to_block_id(mhp, start);
	last = phys_to_block_id(mhp, start + size - 1);
	list_for_each_entry (mem, &mhp->memory_blocks, list) {
		if (mem->id < first)
			continue;
		if (mem->id > last)
			break;
		ret = func(mem, arg);
		if (ret)
			return ret;
	}
	return 0;
}

int for_each_memory_block_in(const struct mhp_state *mhp, void *arg, walk_memory_blocks_func_t func)
{
	struct memory_block *mem;
	int ret;

	list_for_each_entry (mem, &mhp->memory_blocks, list) {
		ret = func(mem, arg);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- online / offline ---- */

/* Group page counts follow the block's zone (memmap pages count as kernel). */
static void adjust_present_pages(const struct mhp_state *mhp, struct memory_block *mem, bool add)
{
	struct memory_group *group = mem->group;
	uint64_t pages = mhp->block_size >> PAGE_SHIFT;
	uint64_t movable = 0, kernel = pages;

	if (!group)
		return;
	if (mem->zone == ZONE_MOVABLE) {
		movable = pages - mem->nr_vmemmap_pages;
		kernel = mem->nr_vmemmap_pages;
	}
	if (add) {
		group->present_kernel_pages += kernel;
		group->present_movable_pages += movable;
	} else {
		group->present_kernel_pages -= kernel;
		group->present_movable_pages -= movable;
	}
}

int memory_block_online_in(struct mhp_state *mhp, struct memory_block *mem, int online_type)
{
	const struct mhp_arch_ops *ops = mhp->ops;
	const uint64_t bs = mhp->block_size;
	uint64_t start = memory_block_start(mhp, mem);
	enum zone_type zone;
	int ret;

	if (mem->state != MEM_OFFLINE)
		return -EINVAL;
	switch (online_type) {
	case MMOP_ONLINE:
	case MMOP_ONLINE_KERNEL:
		zone = kernel_zone_for(mhp, mem);
		break;
	case MMOP_ONLINE_MOVABLE:
		zone = ZONE_MOVABLE;
		break;
	default:
		return -EINVAL;
	}
	/* Phantom memory does not exist: bookkeeping only, no pages. */
	if (!mem->phantom) {
		if (!ops || !ops->online_pages)
			return -ENODEV;
		ret =
		    ops->online_pages(start >> PAGE_SHIFT, bs >> PAGE_SHIFT, mem->nr_vmemmap_pages);
		/* Parts a device does not back go out again before anything
		 * can allocate them (Linux's online_page_callback). */
		if (!ret) {
			ret = mhp_sparse_online_block(mhp, start, bs);
			if (ret)
				ops->offline_pages(start >> PAGE_SHIFT, bs >> PAGE_SHIFT);
		}
		if (ret) {
			printk("online_pages [mem %#010llx-%#010llx] failed\n",
			       (unsigned long long)start, (unsigned long long)(start + bs - 1));
			return ret;
		}
	}
	mem->state = MEM_ONLINE;
	mem->online_type = online_type;
	mem->zone = zone;
	adjust_present_pages(mhp, mem, true);
	return 0;
}

int memory_block_offline_in(struct mhp_state *mhp, struct memory_block *mem)
{
	const struct mhp_arch_ops *ops = mhp->ops;
	const uint64_t bs = mhp->block_size;
	uint64_t start = memory_block_start(mhp, mem);
	int ret = 0;

	if (mem->state != MEM_ONLINE)
		return -EINVAL;
	if (mem->boot) {
		/* A block in several zones cannot be offlined (Linux's rule);
		 * the others hold boot-allocator memory we can never take back. */
		return mem->zone == MEMORY_BLOCK_NO_ZONE ? -EINVAL : -EBUSY;
	}
	if (!mem->phantom && (!ops || !ops->offline_pages))
		return -ENODEV;
	mem->state = MEM_GOING_OFFLINE;
	if (!mem->phantom)
		ret = ops->offline_pages(start >> PAGE_SHIFT, bs >> PAGE_SHIFT);
	if (ret) {
		mem->state = MEM_ONLINE;
		printk("memory offlining [mem %#010llx-%#010llx] failed due to %s\n",
		       (unsigned long long)start, (unsigned long long)(start + bs - 1),
		       errno_name(ret));
		return ret;
	}
	adjust_present_pages(mhp, mem, false);
	mem->state = MEM_OFFLINE;
	mem->online_type = MMOP_OFFLINE;
	mem->zone = MEMORY_BLOCK_NO_ZONE;
	return 0;
}

int memory_block_device_online_in(struct mhp_state *mhp, struct memory_block *mem, int online_type)
{
	if (mem->state == MEM_ONLINE)
		return 1;
	return memory_block_online_in(mhp, mem,
				      online_type == MMOP_OFFLINE ? MMOP_ONLINE : online_type);
}

int memory_block_device_offline_in(struct mhp_state *mhp, struct memory_block *mem)
{
	if (mem->state == MEM_OFFLINE)
		return 1;
	return memory_block_offline_in(mhp, mem);
}

int online_memory_block(struct memory_block *mem, void *arg)
{
	struct mhp_state *mhp = arg;

	/* An online failure leaves the block offline; the add still counts. */
	memory_block_device_online_in(mhp, mem, mhp->default_online_type);
	return 0;
}

/* ---- memory groups ---- */

static int memory_group_register(struct mhp_state *mhp, const struct memory_group *tmpl)
{
	struct memory_group *group, *pos;
	struct list_head *before = &mhp->memory_groups;
	int id = 0;

	if (!node_possible_in(mhp, tmpl->nid))
		return -EINVAL;
	group = kzalloc(sizeof(*group));
	if (!group)
		return -ENOMEM;
	*group = *tmpl;
	/* Lowest free id, like Linux's xa_alloc(). */
	list_for_each_entry (pos, &mhp->memory_groups, list) {
		if (pos->id != id) {
			before = &pos->list;
			break;
		}
		id++;
	}
	group->id = id;
	list_add_tail(&group->list, before);
	return id;
}

int memory_group_register_static_in(struct mhp_state *mhp, int nid, uint64_t max_pages)
{
	struct memory_group tmpl = {.nid = nid, .max_pages = max_pages};

	if (!max_pages)
		return -EINVAL;
	return memory_group_register(mhp, &tmpl);
}

int memory_group_register_dynamic_in(struct mhp_state *mhp, int nid, uint64_t unit_pages)
{
	struct memory_group tmpl = {.nid = nid, .is_dynamic = true, .unit_pages = unit_pages};

	if (!is_power_of_2(unit_pages) || unit_pages < (mhp->block_size >> PAGE_SHIFT))
		return -EINVAL;
	return memory_group_register(mhp, &tmpl);
}

struct memory_group *memory_group_find_by_id_in(const struct mhp_state *mhp, int mgid)
{
	struct memory_group *group;

	list_for_each_entry (group, &mhp->memory_groups, list)
		if (group->id == mgid)
			return group;
	return NULL;
}

int memory_group_unregister_in(struct mhp_state *mhp, int mgid)
{
	struct memory_group *group = mgid < 0 ? NULL : memory_group_find_by_id_in(mhp, mgid);

	if (!group)
		return -EINVAL;
	if (group->nr_blocks)
		return -EBUSY;
	list_del(&group->list);
	kfree(group);
	return 0;
}

/* ---- sysfs ---- */

int block_size_bytes_show_in(const struct mhp_state *mhp, char *buf, size_t size)
{
	return snprintf(buf, size, "%llx\n", (unsigned long long)mhp->block_size);
}

int auto_online_blocks_show_in(const struct mhp_state *mhp, char *buf, size_t size)
{
	return snprintf(buf, size, "%s\n", mhp_online_type_to_str(mhp->default_online_type));
}

int auto_online_blocks_store_in(struct mhp_state *mhp, const char *buf)
{
	int online_type = mhp_online_type_from_str(buf);

	if (online_type < 0)
		return -EINVAL;
	mhp_set_default_online_type_in(mhp, online_type);
	return 0;
}

int memory_probe_store_in(struct mhp_state *mhp, const char *buf)
{
	const uint64_t bs = mhp->block_size;
	unsigned long long phys;
	int ret = kstrtoull(buf, 0, &phys);

	if (ret)
		return ret;
	if (phys & (bs - 1))
		return -EINVAL;
	/* Node 0: memory_add_physaddr_to_nid() without NUMA. */
	return __add_memory_in(mhp, 0, phys, bs, MHP_NONE);
}

static int state_show(const struct memory_block *mem, char *buf, size_t size)
{
	switch (mem->state) {
	case MEM_ONLINE:
		return snprintf(buf, size, "online\n");
	case MEM_OFFLINE:
		return snprintf(buf, size, "offline\n");
	case MEM_GOING_OFFLINE:
		return snprintf(buf, size, "going-offline\n");
	}
	return snprintf(buf, size, "ERROR-UNKNOWN-%d\n", mem->state);
}

/* Online: the block's zone. Offline: the zone MMOP_ONLINE would pick, then
 * every other zone it may go to (only Movable besides the kernel zone). */
static int valid_zones_show(const struct mhp_state *mhp, const struct memory_block *mem, char *buf,
			    size_t size)
{
	if (mem->state == MEM_ONLINE) {
		if (mem->zone == MEMORY_BLOCK_NO_ZONE)
			return snprintf(buf, size, "none\n");
		return snprintf(buf, size, "%s\n", zone_names[mem->zone]);
	}
	return snprintf(buf, size, "%s %s\n", zone_names[kernel_zone_for(mhp, mem)],
			zone_names[ZONE_MOVABLE]);
}

static const char *const block_attrs[] = {"state",	 "online",    "phys_index",
					  "phys_device", "removable", "valid_zones"};

int memory_block_attr_show_in(const struct mhp_state *mhp, unsigned long block_id, const char *attr,
			      char *buf, size_t size)
{
	const struct memory_block *mem = find_memory_block_by_id_in(mhp, block_id);

	if (!mem)
		return -ENOENT;
	if (!strcmp(attr, "state"))
		return state_show(mem, buf, size);
	if (!strcmp(attr, "online"))
		return snprintf(buf, size, "%u\n", mem->state != MEM_OFFLINE);
	if (!strcmp(attr, "phys_index"))
		return snprintf(buf, size, "%08lx\n", mem->id);
	if (!strcmp(attr, "phys_device"))
		return snprintf(buf, size, "0\n"); /* x86 has no phys_device */
	if (!strcmp(attr, "removable"))
		return snprintf(buf, size, "1\n"); /* always 1 since Linux 5.9 */
	if (!strcmp(attr, "valid_zones"))
		return valid_zones_show(mhp, mem, buf, size);
	return -ENOENT;
}

static int state_store(struct mhp_state *mhp, struct memory_block *mem, const char *buf)
{
	int online_type = mhp_online_type_from_str(buf);
	int ret;

	if (online_type < 0)
		return -EINVAL;
	if (online_type == MMOP_OFFLINE)
		ret = memory_block_device_offline_in(mhp, mem);
	else
		ret = memory_block_device_online_in(mhp, mem, online_type);
	/* "Already in that state" is an error for this file (Linux). */
	return ret > 0 ? -EINVAL : ret;
}

static int online_store(struct mhp_state *mhp, struct memory_block *mem, const char *buf)
{
	bool val;
	int ret = kstrtobool(buf, &val);

	if (ret)
		return ret;
	ret = val ? memory_block_device_online_in(mhp, mem, MMOP_OFFLINE)
		  : memory_block_device_offline_in(mhp, mem);
	return ret < 0 ? ret : 0;
}

int memory_block_attr_store_in(struct mhp_state *mhp, unsigned long block_id, const char *attr,
			       const char *buf)
{
	struct memory_block *mem = find_memory_block_by_id_in(mhp, block_id);
	size_t i;

	if (!mem)
		return -ENOENT;
	if (!strcmp(attr, "state"))
		return state_store(mhp, mem, buf);
	if (!strcmp(attr, "online"))
		return online_store(mhp, mem, buf);
	for (i = 0; i < ARRAY_SIZE(block_attrs); i++)
		if (!strcmp(attr, block_attrs[i]))
			return -EPERM;
	return -ENOENT;
}

/* A one-line attribute text without its newline. */
static const char *chomp(char *text)
{
	size_t n = strlen(text);

	if (n && text[n - 1] == '\n')
		text[n - 1] = '\0';
	return text;
}

int memory_blocks_render_table_in(const struct mhp_state *mhp, char *buf, size_t size)
{
	const struct memory_block *mem;
	char state[32], zones[32];
	struct seq_buf m;

	seq_buf_init(&m, buf, size);
	seq_buf_printf(&m, "block_size_bytes %llx\n", (unsigned long long)mhp->block_size);
	seq_buf_printf(&m, "auto_online_blocks %s\n",
		       mhp_online_type_to_str(mhp->default_online_type));
	seq_buf_puts(&m, "# name state phys_index valid_zones removable phys_device node\n");
	list_for_each_entry (mem, &mhp->memory_blocks, list) {
		state_show(mem, state, sizeof(state));
		valid_zones_show(mhp, mem, zones, sizeof(zones));
		seq_buf_printf(&m, "memory%lu %s %08lx %s 1 0 node%d\n", mem->id, chomp(state),
			       mem->id, chomp(zones), mem->nid);
	}
	return (int)seq_buf_wanted(&m);
}

int memory_blocks_render_debug_in(const struct mhp_state *mhp, char *buf, size_t size)
{
	const struct memory_block *mem;
	char state[32];
	struct seq_buf m;

	seq_buf_init(&m, buf, size);
	list_for_each_entry (mem, &mhp->memory_blocks, list) {
		state_show(mem, state, sizeof(state));
		seq_buf_printf(&m, "memory%lu %s %s %s %d %d %llu %d %d\n", mem->id, chomp(state),
			       mhp_online_type_to_str(mem->online_type),
			       mem->zone == MEMORY_BLOCK_NO_ZONE ? "-" : zone_names[mem->zone],
			       mem->nid, mem->group ? mem->group->id : -1,
			       (unsigned long long)mem->nr_vmemmap_pages, mem->phantom, mem->boot);
	}
	return (int)seq_buf_wanted(&m);
}
