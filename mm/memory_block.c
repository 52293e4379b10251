/* Memory blocks, memory groups and their sysfs views (see memory_block.h). */
#include "mm/memory_block.h"

#include "kernel/kalloc.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/kstrtox.h"
#include "lib/printf.h"
#include "lib/seq_buf.h"
#include "lib/string.h"

#define SZ_16M (16ull << 20)
#define SZ_4G  (4ull << 30)

static LIST_HEAD(memory_blocks);
static LIST_HEAD(memory_groups);
static uint64_t block_size = MIN_MEMORY_BLOCK_SIZE;

static const char *const zone_names[] = {
    [ZONE_DMA] = "DMA",
    [ZONE_DMA32] = "DMA32",
    [ZONE_NORMAL] = "Normal",
    [ZONE_MOVABLE] = "Movable",
};

static bool is_power_of_2(uint64_t x)
{
	return x && !(x & (x - 1));
}

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

int set_memory_block_size(uint64_t size)
{
	if (!is_power_of_2(size) || size < MIN_MEMORY_BLOCK_SIZE)
		return -EINVAL;
	/* Existing ids would change meaning. */
	if (!list_empty(&memory_blocks))
		return -EBUSY;
	block_size = size;
	return 0;
}

uint64_t memory_block_size_bytes(void)
{
	return block_size;
}

/* ---- zones ---- */

static enum zone_type zone_of_addr(uint64_t addr)
{
	if (addr < SZ_16M)
		return ZONE_DMA;
	return addr < SZ_4G ? ZONE_DMA32 : ZONE_NORMAL;
}

/* The zone a kernel online (MMOP_ONLINE, MMOP_ONLINE_KERNEL) uses. */
static enum zone_type kernel_zone_for(const struct memory_block *mem)
{
	return zone_of_addr(memory_block_start(mem));
}

/* Boot blocks belong to a zone only when they lie inside one. */
static enum zone_type boot_zone_for(const struct memory_block *mem)
{
	uint64_t start = memory_block_start(mem);
	enum zone_type z = zone_of_addr(start);

	return z == zone_of_addr(start + block_size - 1) ? z : MEMORY_BLOCK_NO_ZONE;
}

/* ---- blocks ---- */

struct memory_block *find_memory_block_by_id(unsigned long block_id)
{
	struct memory_block *mem;

	list_for_each_entry (mem, &memory_blocks, list) {
		if (mem->id == block_id)
			return mem;
		if (mem->id > block_id)
			break;
	}
	return NULL;
}

struct memory_block *find_memory_block(uint64_t phys)
{
	return find_memory_block_by_id(phys_to_block_id(phys));
}

unsigned long memory_block_count(void)
{
	return list_count_nodes(&memory_blocks);
}

/* The list position before which a block with this id belongs. */
static struct list_head *insert_point(unsigned long block_id)
{
	struct memory_block *mem;

	list_for_each_entry (mem, &memory_blocks, list)
		if (mem->id > block_id)
			return &mem->list;
	return &memory_blocks;
}

static void free_block_list(struct list_head *head)
{
	struct memory_block *mem, *next;

	list_for_each_entry_safe (mem, next, head, list) {
		list_del(&mem->list);
		kfree(mem);
	}
}

int create_memory_block_devices(uint64_t start, uint64_t size, int nid, uint64_t nr_vmemmap_pages,
				struct memory_group *group, bool phantom)
{
	const unsigned long first = phys_to_block_id(start);
	unsigned long n, i;
	struct memory_block *mem;
	LIST_HEAD(fresh);

	if (!size || start % block_size || size % block_size || start + size < start)
		return -EINVAL;
	n = (unsigned long)(size / block_size);
	list_for_each_entry (mem, &memory_blocks, list)
		if (mem->id >= first && mem->id - first < n)
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
	list_splice_tail_init(&fresh, insert_point(first));
	if (group)
		group->nr_blocks += n;
	return 0;
}

void remove_memory_block_devices(uint64_t start, uint64_t size)
{
	struct memory_block *mem, *next;
	unsigned long first, last;

	if (!size)
		return;
	first = phys_to_block_id(start);
	last = phys_to_block_id(start + size - 1);
	list_for_each_entry_safe (mem, next, &memory_blocks, list) {
		if (mem->id < first)
			continue;
		if (mem->id > last)
			break;
		if (mem->group)
			mem->group->nr_blocks--;
		list_del(&mem->list);
		kfree(mem);
	}
}

int memory_blocks_add_boot(uint64_t start, uint64_t size, int nid)
{
	struct memory_block *mem, *next;
	unsigned long id, last;
	LIST_HEAD(fresh);

	if (!size || start + size < start)
		return 0;
	last = phys_to_block_id(start + size - 1);
	for (id = phys_to_block_id(start); id <= last; id++) {
		if (find_memory_block_by_id(id))
			continue; /* boot ranges often share a block */
		mem = kzalloc(sizeof(*mem));
		if (!mem) {
			free_block_list(&fresh);
			return -ENOMEM;
		}
		mem->id = id;
		mem->state = MEM_ONLINE;
		mem->online_type = MMOP_ONLINE_KERNEL;
		mem->zone = boot_zone_for(mem);
		mem->nid = nid;
		mem->boot = true;
		list_add_tail(&mem->list, &fresh);
	}
	list_for_each_entry_safe (mem, next, &fresh, list) {
		list_del(&mem->list);
		list_add_tail(&mem->list, insert_point(mem->id));
	}
	return 0;
}

int walk_memory_blocks(uint64_t start, uint64_t size, void *arg, walk_memory_blocks_func_t func)
{
	struct memory_block *mem;
	unsigned long first, last;
	int ret;

	if (!size)
		return 0;
	first = phys_to_block_id(start);
	last = phys_to_block_id(start + size - 1);
	list_for_each_entry (mem, &memory_blocks, list) {
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

int for_each_memory_block(void *arg, walk_memory_blocks_func_t func)
{
	struct memory_block *mem;
	int ret;

	list_for_each_entry (mem, &memory_blocks, list) {
		ret = func(mem, arg);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- online / offline ---- */

/* Group page counts follow the block's zone (memmap pages count as kernel). */
static void adjust_present_pages(struct memory_block *mem, bool add)
{
	struct memory_group *group = mem->group;
	uint64_t pages = block_size >> PAGE_SHIFT;
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

int memory_block_online(struct memory_block *mem, int online_type)
{
	const struct mhp_arch_ops *ops = mhp_get_arch_ops();
	uint64_t start = memory_block_start(mem);
	enum zone_type zone;
	int ret;

	if (mem->state != MEM_OFFLINE)
		return -EINVAL;
	switch (online_type) {
	case MMOP_ONLINE:
	case MMOP_ONLINE_KERNEL:
		zone = kernel_zone_for(mem);
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
		ret = ops->online_pages(start >> PAGE_SHIFT, block_size >> PAGE_SHIFT,
					mem->nr_vmemmap_pages);
		if (ret) {
			printk("online_pages [mem %#010llx-%#010llx] failed\n",
			       (unsigned long long)start,
			       (unsigned long long)(start + block_size - 1));
			return ret;
		}
	}
	mem->state = MEM_ONLINE;
	mem->online_type = online_type;
	mem->zone = zone;
	adjust_present_pages(mem, true);
	return 0;
}

int memory_block_offline(struct memory_block *mem)
{
	const struct mhp_arch_ops *ops = mhp_get_arch_ops();
	uint64_t start = memory_block_start(mem);
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
		ret = ops->offline_pages(start >> PAGE_SHIFT, block_size >> PAGE_SHIFT);
	if (ret) {
		mem->state = MEM_ONLINE;
		printk("memory offlining [mem %#010llx-%#010llx] failed due to %s\n",
		       (unsigned long long)start, (unsigned long long)(start + block_size - 1),
		       errno_name(ret));
		return ret;
	}
	adjust_present_pages(mem, false);
	mem->state = MEM_OFFLINE;
	mem->online_type = MMOP_OFFLINE;
	mem->zone = MEMORY_BLOCK_NO_ZONE;
	return 0;
}

int memory_block_device_online(struct memory_block *mem, int online_type)
{
	if (mem->state == MEM_ONLINE)
		return 1;
	return memory_block_online(mem, online_type == MMOP_OFFLINE ? MMOP_ONLINE : online_type);
}

int memory_block_device_offline(struct memory_block *mem)
{
	if (mem->state == MEM_OFFLINE)
		return 1;
	return memory_block_offline(mem);
}

int online_memory_block(struct memory_block *mem, void *arg)
{
	(void)arg;
	/* An online failure leaves the block offline; the add still counts. */
	memory_block_device_online(mem, mhp_get_default_online_type());
	return 0;
}

/* ---- memory groups ---- */

static int memory_group_register(const struct memory_group *tmpl)
{
	struct memory_group *group, *pos;
	struct list_head *before = &memory_groups;
	int id = 0;

	if (!node_possible(tmpl->nid))
		return -EINVAL;
	group = kzalloc(sizeof(*group));
	if (!group)
		return -ENOMEM;
	*group = *tmpl;
	/* Lowest free id, like Linux's xa_alloc(). */
	list_for_each_entry (pos, &memory_groups, list) {
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

int memory_group_register_static(int nid, uint64_t max_pages)
{
	struct memory_group tmpl = {.nid = nid, .max_pages = max_pages};

	if (!max_pages)
		return -EINVAL;
	return memory_group_register(&tmpl);
}

int memory_group_register_dynamic(int nid, uint64_t unit_pages)
{
	struct memory_group tmpl = {.nid = nid, .is_dynamic = true, .unit_pages = unit_pages};

	if (!is_power_of_2(unit_pages) || unit_pages < (block_size >> PAGE_SHIFT))
		return -EINVAL;
	return memory_group_register(&tmpl);
}

struct memory_group *memory_group_find_by_id(int mgid)
{
	struct memory_group *group;

	list_for_each_entry (group, &memory_groups, list)
		if (group->id == mgid)
			return group;
	return NULL;
}

int memory_group_unregister(int mgid)
{
	struct memory_group *group = mgid < 0 ? NULL : memory_group_find_by_id(mgid);

	if (!group)
		return -EINVAL;
	if (group->nr_blocks)
		return -EBUSY;
	list_del(&group->list);
	kfree(group);
	return 0;
}

/* ---- sysfs ---- */

/* Linux's kstrtobool(): only the first characters count. */
static int kstrtobool(const char *s, bool *res)
{
	switch (s[0]) {
	case 'y':
	case 'Y':
	case 't':
	case 'T':
	case '1':
		*res = true;
		return 0;
	case 'n':
	case 'N':
	case 'f':
	case 'F':
	case '0':
		*res = false;
		return 0;
	case 'o':
	case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

int block_size_bytes_show(char *buf, size_t size)
{
	return snprintf(buf, size, "%llx\n", (unsigned long long)block_size);
}

int auto_online_blocks_show(char *buf, size_t size)
{
	return snprintf(buf, size, "%s\n", mhp_online_type_to_str(mhp_get_default_online_type()));
}

int auto_online_blocks_store(const char *buf)
{
	int online_type = mhp_online_type_from_str(buf);

	if (online_type < 0)
		return -EINVAL;
	mhp_set_default_online_type(online_type);
	return 0;
}

int memory_probe_store(const char *buf)
{
	unsigned long long phys;
	int ret = kstrtoull(buf, 0, &phys);

	if (ret)
		return ret;
	if (phys & (block_size - 1))
		return -EINVAL;
	/* Node 0: memory_add_physaddr_to_nid() without NUMA. */
	return __add_memory(0, phys, block_size, MHP_NONE);
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
static int valid_zones_show(const struct memory_block *mem, char *buf, size_t size)
{
	if (mem->state == MEM_ONLINE) {
		if (mem->zone == MEMORY_BLOCK_NO_ZONE)
			return snprintf(buf, size, "none\n");
		return snprintf(buf, size, "%s\n", zone_names[mem->zone]);
	}
	return snprintf(buf, size, "%s %s\n", zone_names[kernel_zone_for(mem)],
			zone_names[ZONE_MOVABLE]);
}

static const char *const block_attrs[] = {"state",	 "online",    "phys_index",
					  "phys_device", "removable", "valid_zones"};

int memory_block_attr_show(unsigned long block_id, const char *attr, char *buf, size_t size)
{
	const struct memory_block *mem = find_memory_block_by_id(block_id);

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
		return valid_zones_show(mem, buf, size);
	return -ENOENT;
}

static int state_store(struct memory_block *mem, const char *buf)
{
	int online_type = mhp_online_type_from_str(buf);
	int ret;

	if (online_type < 0)
		return -EINVAL;
	if (online_type == MMOP_OFFLINE)
		ret = memory_block_device_offline(mem);
	else
		ret = memory_block_device_online(mem, online_type);
	/* "Already in that state" is an error for this file (Linux). */
	return ret > 0 ? -EINVAL : ret;
}

static int online_store(struct memory_block *mem, const char *buf)
{
	bool val;
	int ret = kstrtobool(buf, &val);

	if (ret)
		return ret;
	ret =
	    val ? memory_block_device_online(mem, MMOP_OFFLINE) : memory_block_device_offline(mem);
	return ret < 0 ? ret : 0;
}

int memory_block_attr_store(unsigned long block_id, const char *attr, const char *buf)
{
	struct memory_block *mem = find_memory_block_by_id(block_id);
	size_t i;

	if (!mem)
		return -ENOENT;
	if (!strcmp(attr, "state"))
		return state_store(mem, buf);
	if (!strcmp(attr, "online"))
		return online_store(mem, buf);
	for (i = 0; i < sizeof(block_attrs) / sizeof(block_attrs[0]); i++)
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

int memory_blocks_render_table(char *buf, size_t size)
{
	const struct memory_block *mem;
	char state[32], zones[32];
	struct seq_buf m;

	seq_buf_init(&m, buf, size);
	seq_buf_printf(&m, "block_size_bytes %llx\n", (unsigned long long)block_size);
	seq_buf_printf(&m, "auto_online_blocks %s\n",
		       mhp_online_type_to_str(mhp_get_default_online_type()));
	seq_buf_puts(&m, "# name state phys_index valid_zones removable phys_device node\n");
	list_for_each_entry (mem, &memory_blocks, list) {
		state_show(mem, state, sizeof(state));
		valid_zones_show(mem, zones, sizeof(zones));
		seq_buf_printf(&m, "memory%lu %s %08lx %s 1 0 node%d\n", mem->id, chomp(state),
			       mem->id, chomp(zones), mem->nid);
	}
	return (int)seq_buf_wanted(&m);
}

int memory_blocks_render_debug(char *buf, size_t size)
{
	const struct memory_block *mem;
	char state[32];
	struct seq_buf m;

	seq_buf_init(&m, buf, size);
	list_for_each_entry (mem, &memory_blocks, list) {
		state_show(mem, state, sizeof(state));
		seq_buf_printf(&m, "memory%lu %s %s %s %d %d %llu %d %d\n", mem->id, chomp(state),
			       mhp_online_type_to_str(mem->online_type),
			       mem->zone == MEMORY_BLOCK_NO_ZONE ? "-" : zone_names[mem->zone],
			       mem->nid, mem->group ? mem->group->id : -1,
			       (unsigned long long)mem->nr_vmemmap_pages, mem->phantom, mem->boot);
	}
	return (int)seq_buf_wanted(&m);
}

/* ---- test support ---- */

static void free_groups(struct list_head *head)
{
	struct memory_group *group, *next;

	list_for_each_entry_safe (group, next, head, list) {
		list_del(&group->list);
		kfree(group);
	}
}

void memory_block_test_save(struct memory_block_saved *s)
{
	INIT_LIST_HEAD(&s->blocks);
	INIT_LIST_HEAD(&s->groups);
	list_splice_tail_init(&memory_blocks, &s->blocks);
	list_splice_tail_init(&memory_groups, &s->groups);
	s->block_size = block_size;
	block_size = MIN_MEMORY_BLOCK_SIZE;
	s->saved = true;
}

void memory_block_test_restore(struct memory_block_saved *s)
{
	free_block_list(&memory_blocks);
	free_groups(&memory_groups);
	if (!s->saved)
		return;
	list_splice_tail_init(&s->blocks, &memory_blocks);
	list_splice_tail_init(&s->groups, &memory_groups);
	block_size = s->block_size;
	s->saved = false;
}
