/* Memory blocks: Linux's drivers/base/memory.c model of the memoryN devices
 * under /sys/devices/system/memory, the memory groups, and the x86 block
 * size rule (docs/linux-model.md, Memory hotplug), pure C.
 *
 * Blocks, groups and the block size belong to a struct mhp_state
 * (mm/memory_hotplug.h): the Linux-named functions act on the kernel's
 * init_mhp, each `_in` form on the state it is given.
 *
 * A memory block covers memory_block_size_bytes() of physical memory;
 * memoryN has N = start / block size. Blocks live on one list sorted by id,
 * each kzalloc'd (so allocation fault injection reaches them). Blocks are
 * online (pages handed to the allocator through the arch ops), offline, or
 * going-offline while an offline is in progress.
 *
 * Zones (only what valid_zones shows): a block onlined "kernel" goes to the
 * kernel zone of its address (DMA below 16 MiB, DMA32 below 4 GiB, else
 * Normal), "movable" to Movable, "online" to the kernel zone. Deviations:
 * Linux picks the kernel zone by zone spans, so a hot-added block below
 * 4 GiB outside the boot DMA32 span would go to Normal there; and
 * MMOP_ONLINE would pick Movable where the range lies only in Movable's span
 * (no auto-movable policy, no movable_node here).
 *
 * Boot memory blocks (memory_blocks_add_boot()) are online from the start
 * and never offlined: -EINVAL when they span zones (valid_zones "none", as
 * Linux), else -EBUSY (their pages belong to the boot allocator, not to
 * the hotplug page allocator).
 *
 * A phantom block (its add found the range is not real RAM) is onlined and
 * offlined in the bookkeeping only: no pages are handed to the allocator and
 * the arch ops are not called, so nothing ever touches that memory.
 *
 * No device locks are taken, for the reason memory_hotplug.h gives. */
#ifndef MM_MEMORY_BLOCK_H
#define MM_MEMORY_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/list.h"
#include "mm/memory_hotplug.h"

/* x86-64: the section size (SECTION_SIZE_BITS 27). */
#define MIN_MEMORY_BLOCK_SIZE (1ull << 27)
/* Bare-metal block size for large machines. */
#define MAX_BLOCK_SIZE (2ull << 30)
/* Boot memory ending below this keeps 128 MiB blocks. */
#define MEM_SIZE_FOR_LARGE_BLOCK (64ull << 30)

/* Block states (include/linux/memory.h values). */
#define MEM_ONLINE	  (1 << 0)
#define MEM_GOING_OFFLINE (1 << 1)
#define MEM_OFFLINE	  (1 << 2)

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	MEMORY_BLOCK_NO_ZONE, /* offline, or spans several zones */
};

/* A memory group (memory_group_register_static/dynamic): blocks one device
 * added, so a driver can add with MHP_NID_IS_MGID and the node follows. */
struct memory_group {
	struct list_head list; /* sorted by id */
	int id;
	int nid;
	bool is_dynamic;
	uint64_t max_pages;  /* static: the device's size in pages */
	uint64_t unit_pages; /* dynamic: the driver's add/remove granularity */
	uint64_t present_kernel_pages;
	uint64_t present_movable_pages;
	unsigned long nr_blocks;
};

struct memory_block {
	struct list_head list; /* sorted by id */
	unsigned long id;      /* start / block size */
	int state;	       /* MEM_* */
	int online_type;       /* MMOP_* it was onlined with; MMOP_OFFLINE when offline */
	enum zone_type zone;   /* while online */
	int nid;
	struct memory_group *group; /* or NULL */
	/* MHP_MEMMAP_ON_MEMORY: pages at the block's start that hold its memmap
	 * (never handed out). */
	uint64_t nr_vmemmap_pages;
	bool phantom; /* not real RAM: bookkeeping only */
	bool boot;    /* boot memory: online for good */
};

/* ---- block size ---- */

/* Linux's x86 probe_memory_block_size(): a valid requested size
 * (memory_block_size=: a power of two from 128 MiB to 64 GiB; 0 = none)
 * wins; an invalid one is ignored with a message. Boot memory ending below 64 GiB -> 128 MiB; bare
 * metal -> 2 GiB; under a hypervisor the largest power of two <= 2 GiB dividing boot_mem_end (at
 * least 128 MiB). Prints "x86/mm: Memory block size: %lluMB". Reads and writes no state.
 */
uint64_t probe_memory_block_size(uint64_t boot_mem_end, bool hypervisor, uint64_t requested);
/* The request of memory_block_size=VAL for probe_memory_block_size(): 0
 * when VAL is NULL (no option), else the size VAL names. 0 and a VAL that
 * is not a size are named ("x86/mm: memory_block_size=0 ignored: ...") and
 * give 0, so the rule applies: never ignored silently. */
uint64_t memory_block_size_request(const char *val);
/* Sets the block size: -EINVAL unless a power of two >= 128 MiB, -EBUSY
 * while any block exists. */
int set_memory_block_size_in(struct mhp_state *mhp, uint64_t size);
static inline int set_memory_block_size(uint64_t size)
{
	return set_memory_block_size_in(&init_mhp, size);
}
/* 128 MiB until set. */
static inline uint64_t memory_block_size_bytes_in(const struct mhp_state *mhp)
{
	return mhp->block_size;
}
static inline uint64_t memory_block_size_bytes(void)
{
	return memory_block_size_bytes_in(&init_mhp);
}

static inline unsigned long phys_to_block_id(const struct mhp_state *mhp, uint64_t phys)
{
	return (unsigned long)(phys / mhp->block_size);
}

static inline uint64_t memory_block_start(const struct mhp_state *mhp,
					  const struct memory_block *mem)
{
	return (uint64_t)mem->id * mhp->block_size;
}

/* ---- blocks ---- */

/* One offline block per block-size step of [start, start + size), both
 * block-aligned. All or nothing: -EEXIST if any of them exists, -ENOMEM,
 * -EINVAL (misaligned or empty); nothing is left behind on failure. */
int create_memory_block_devices_in(struct mhp_state *mhp, uint64_t start, uint64_t size, int nid,
				   uint64_t nr_vmemmap_pages, struct memory_group *group,
				   bool phantom);
static inline int create_memory_block_devices(uint64_t start, uint64_t size, int nid,
					      uint64_t nr_vmemmap_pages, struct memory_group *group,
					      bool phantom)
{
	return create_memory_block_devices_in(&init_mhp, start, size, nid, nr_vmemmap_pages, group,
					      phantom);
}
/* Frees the blocks of the range (missing ones are skipped). The caller
 * has offlined them. */
void remove_memory_block_devices_in(struct mhp_state *mhp, uint64_t start, uint64_t size);
static inline void remove_memory_block_devices(uint64_t start, uint64_t size)
{
	remove_memory_block_devices_in(&init_mhp, start, size);
}
/* Boot memory [start, start + size) (need not be aligned): creates the
 * missing blocks that it touches, online in the kernel zone of their
 * address (or "none" when spanning zones). 0 or -ENOMEM (then the blocks
 * this call created are gone again). */
int memory_blocks_add_boot_in(struct mhp_state *mhp, uint64_t start, uint64_t size, int nid);
static inline int memory_blocks_add_boot(uint64_t start, uint64_t size, int nid)
{
	return memory_blocks_add_boot_in(&init_mhp, start, size, nid);
}

/* The block with the smallest id above `after` (-1: the first), or NULL. */
struct memory_block *memory_block_next_in(const struct mhp_state *mhp, long after);
struct memory_block *find_memory_block_by_id_in(const struct mhp_state *mhp,
						unsigned long block_id);
static inline struct memory_block *find_memory_block_by_id(unsigned long block_id)
{
	return find_memory_block_by_id_in(&init_mhp, block_id);
}
/* The block containing phys, or NULL. */
struct memory_block *find_memory_block_in(const struct mhp_state *mhp, uint64_t phys);
static inline struct memory_block *find_memory_block(uint64_t phys)
{
	return find_memory_block_in(&init_mhp, phys);
}
unsigned long memory_block_count_in(const struct mhp_state *mhp);
static inline unsigned long memory_block_count(void)
{
	return memory_block_count_in(&init_mhp);
}

typedef int (*walk_memory_blocks_func_t)(struct memory_block *mem, void *arg);
/* Calls func for each existing block of [start, start + size) in id order;
 * stops at the first non-zero return and returns it; 0 otherwise (also
 * for size 0). func must not create or remove blocks. */
int walk_memory_blocks_in(const struct mhp_state *mhp, uint64_t start, uint64_t size, void *arg,
			  walk_memory_blocks_func_t func);
static inline int walk_memory_blocks(uint64_t start, uint64_t size, void *arg,
				     walk_memory_blocks_func_t func)
{
	return walk_memory_blocks_in(&init_mhp, start, size, arg, func);
}
/* Every block. */
int for_each_memory_block_in(const struct mhp_state *mhp, void *arg,
			     walk_memory_blocks_func_t func);
static inline int for_each_memory_block(void *arg, walk_memory_blocks_func_t func)
{
	return for_each_memory_block_in(&init_mhp, arg, func);
}

/* ---- online / offline ---- */

/* Onlines an offline block of mhp as online_type (MMOP_ONLINE, _KERNEL,
 * _MOVABLE) through ops->online_pages (memmap pages at the start when
 * nr_vmemmap_pages). 0, or -EINVAL (not offline, bad type), -ENODEV (no
 * arch ops), or the op's error with the block unchanged. */
int memory_block_online_in(struct mhp_state *mhp, struct memory_block *mem, int online_type);
static inline int memory_block_online(struct memory_block *mem, int online_type)
{
	return memory_block_online_in(&init_mhp, mem, online_type);
}
/* Offlines an online block through ops->offline_pages; the state reads
 * going-offline meanwhile. 0, or -EINVAL (not online, or a boot block that
 * spans zones), -EBUSY (a page is allocated, or a boot block), with the
 * block unchanged. */
int memory_block_offline_in(struct mhp_state *mhp, struct memory_block *mem);
static inline int memory_block_offline(struct memory_block *mem)
{
	return memory_block_offline_in(&init_mhp, mem);
}
/* device_online()/device_offline() for a block: 1 if it already is in
 * that state, else 0 or -errno. online_type MMOP_OFFLINE means
 * MMOP_ONLINE (what Linux's memory_subsys_online() uses when no type was
 * configured, e.g. for the `online` file). */
int memory_block_device_online_in(struct mhp_state *mhp, struct memory_block *mem, int online_type);
int memory_block_device_offline_in(struct mhp_state *mhp, struct memory_block *mem);
static inline int memory_block_device_online(struct memory_block *mem, int online_type)
{
	return memory_block_device_online_in(&init_mhp, mem, online_type);
}
static inline int memory_block_device_offline(struct memory_block *mem)
{
	return memory_block_device_offline_in(&init_mhp, mem);
}
/* walk_memory_blocks() callback of the add path: arg is the struct
 * mhp_state the block belongs to; onlines mem with its default online type
 * and returns 0 even if that fails (as Linux). */
int online_memory_block(struct memory_block *mem, void *arg);

/* ---- memory groups ---- */

/* Lowest free id >= 0, or -EINVAL (node not possible, max_pages 0 /
 * unit_pages not a power of two of at least a block), -ENOMEM. */
int memory_group_register_static_in(struct mhp_state *mhp, int nid, uint64_t max_pages);
int memory_group_register_dynamic_in(struct mhp_state *mhp, int nid, uint64_t unit_pages);
static inline int memory_group_register_static(int nid, uint64_t max_pages)
{
	return memory_group_register_static_in(&init_mhp, nid, max_pages);
}
static inline int memory_group_register_dynamic(int nid, uint64_t unit_pages)
{
	return memory_group_register_dynamic_in(&init_mhp, nid, unit_pages);
}
/* 0, -EINVAL (no such group), -EBUSY (it still has blocks). */
int memory_group_unregister_in(struct mhp_state *mhp, int mgid);
static inline int memory_group_unregister(int mgid)
{
	return memory_group_unregister_in(&init_mhp, mgid);
}
struct memory_group *memory_group_find_by_id_in(const struct mhp_state *mhp, int mgid);
static inline struct memory_group *memory_group_find_by_id(int mgid)
{
	return memory_group_find_by_id_in(&init_mhp, mgid);
}

/* ---- /sys/devices/system/memory ---- */

/* block_size_bytes: "%llx\n" (e.g. "8000000\n"). snprintf's return. */
int block_size_bytes_show_in(const struct mhp_state *mhp, char *buf, size_t size);
static inline int block_size_bytes_show(char *buf, size_t size)
{
	return block_size_bytes_show_in(&init_mhp, buf, size);
}
/* auto_online_blocks: "offline\n", "online\n", "online_kernel\n" or
 * "online_movable\n". */
int auto_online_blocks_show_in(const struct mhp_state *mhp, char *buf, size_t size);
static inline int auto_online_blocks_show(char *buf, size_t size)
{
	return auto_online_blocks_show_in(&init_mhp, buf, size);
}
/* Sets the default online type: 0 or -EINVAL. */
int auto_online_blocks_store_in(struct mhp_state *mhp, const char *buf);
static inline int auto_online_blocks_store(const char *buf)
{
	return auto_online_blocks_store_in(&init_mhp, buf);
}
/* probe: kstrtoull(buf, 0) (-EINVAL/-ERANGE), block-aligned (-EINVAL), then
 * __add_memory(0, addr, one block, MHP_NONE): 0 or its error. */
int memory_probe_store_in(struct mhp_state *mhp, const char *buf);
static inline int memory_probe_store(const char *buf)
{
	return memory_probe_store_in(&init_mhp, buf);
}

/* memoryN/<attr> for attr state ("online\n", "offline\n",
 * "going-offline\n"), online ("1\n"/"0\n"), phys_index ("%08lx\n"),
 * phys_device ("0\n"), removable ("1\n"), valid_zones (online: the zone or
 * "none"; offline: the default zone then "Movable", e.g. "Normal Movable\n").
 * snprintf's return, or -ENOENT (no such block or file). */
int memory_block_attr_show_in(const struct mhp_state *mhp, unsigned long block_id, const char *attr,
			      char *buf, size_t size);
static inline int memory_block_attr_show(unsigned long block_id, const char *attr, char *buf,
					 size_t size)
{
	return memory_block_attr_show_in(&init_mhp, block_id, attr, buf, size);
}
/* Writes memoryN/state ("online", "online_kernel", "online_movable",
 * "offline": 0, -EINVAL for another word or when the block already is in
 * that state, else the online/offline error) or memoryN/online (a
 * kstrtobool word: 0 also when already in that state). -ENOENT (no such
 * block), -EPERM (read-only file). */
int memory_block_attr_store_in(struct mhp_state *mhp, unsigned long block_id, const char *attr,
			       const char *buf);
static inline int memory_block_attr_store(unsigned long block_id, const char *attr, const char *buf)
{
	return memory_block_attr_store_in(&init_mhp, block_id, attr, buf);
}

/* The reference captures' memory_blocks.txt: "block_size_bytes <hex>",
 * "auto_online_blocks <word>", "# name state phys_index valid_zones
 * removable phys_device node", then "memoryN <state> <phys_index>
 * <valid_zones> 1 0 node<nid>" per block. snprintf's return. */
int memory_blocks_render_table_in(const struct mhp_state *mhp, char *buf, size_t size);
static inline int memory_blocks_render_table(char *buf, size_t size)
{
	return memory_blocks_render_table_in(&init_mhp, buf, size);
}
/* Every field, one block per line: "memoryN state type zone nid group
 * vmemmap phantom boot" (group -1 for none), for debugging. */
int memory_blocks_render_debug_in(const struct mhp_state *mhp, char *buf, size_t size);
static inline int memory_blocks_render_debug(char *buf, size_t size)
{
	return memory_blocks_render_debug_in(&init_mhp, buf, size);
}

#endif
