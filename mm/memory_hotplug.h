/* The memory-hotplug core: Linux's mm/memory_hotplug.c add and remove paths
 * (docs/linux-model.md, Memory hotplug), pure C. It edits an iomem resource
 * tree, a firmware memmap and the memory blocks (mm/memory_block.h), and
 * reaches the machine only through mm/hotplug_arch.h.
 *
 * All of that is one instance, struct mhp_state: the kernel's own is init_mhp,
 * which the Linux-named functions use; each has an `_in` form taking the
 * instance first, so a state built elsewhere (its own iomem root, firmware
 * map and machine) is driven the same way.
 *
 * Add (add_memory, __add_memory, add_memory_driver_managed,
 * add_memory_resource), in Linux's order: register the System RAM resource
 * (range allowed, mem= at boot, __request_region) -> block alignment ->
 * memory group -> node -> arch add (skipped for phantom ranges) -> memory
 * blocks -> firmware memmap entry only for a resource named exactly
 * "System RAM" -> MHP_MERGE_RESOURCE merge -> online per the default policy
 * (an online failure leaves the block offline and the add still succeeds).
 *
 * Remove (remove_memory, __remove_memory, try_remove_memory,
 * offline_and_remove_memory): every block offline, the firmware memmap entry
 * (result ignored), the memory blocks, the arch mapping and the iomem range
 * (release_mem_region_adjustable, which may split a merged resource).
 *
 * Every failed add or remove leaves iomem, the firmware memmap, the memory
 * blocks, the page allocator and the arch mapping exactly as before.
 *
 * Deviations from Linux, and why:
 *  - Linux serialises adds and removes with lock_device_hotplug() and
 *    mem_hotplug_begin(). Here each call runs to completion on the one CPU
 *    and nothing can start another meanwhile, so no lock is taken and
 *    add_memory() is __add_memory().
 *  - No pgdat/node onlining or node sysfs links: nodes are only a
 *    "possible" mask (node 0 by default; SRAT users may add more).
 *  - A failed firmware_map_add_hotplug() (-ENOMEM) fails the add and is
 *    unwound; Linux ignores it and would silently hide the DIMM from the next
 *    (kexec'd) kernel.
 *  - try_remove_memory() releases the iomem range FIRST: our
 *    release_mem_region_adjustable() may fail (-ENOMEM when splitting a merged
 *    resource), while the firmware memmap removal cannot be undone without a
 *    new index; Linux releases it last, but cannot fail there (__GFP_NOFAIL).
 *    With one CPU the end state is the same.
 *  - A remove spanning several System RAM resources (e.g. two separate
 *    adds) releases each of them; Linux's release_mem_region_adjustable()
 *    finds no single resource containing the range and leaves them all in
 *    iomem. If one of several such resources has children, -EBUSY.
 *    Likewise every "System RAM" firmware memmap entry inside the removed
 *    range goes, not only one that matches the range exactly (entries only
 *    partly inside stay, as in Linux).
 *  - Removing a range that has no memory block for each of its blocks (never
 *    added, or removed already) fails with -EINVAL and changes nothing;
 *    Linux BUG()s or corrupts state. Misaligned removes are -EINVAL too
 *    (Linux: BUG_ON in try_remove_memory). __remove_memory() returns the
 *    error instead of BUG().
 *  - offline_and_remove_memory() remembers the exact online type of each
 *    block (Linux senses only kernel vs movable from the zone), so a rollback
 *    restores the very same state.
 *  - Unknown mhp_t bits are rejected (-EINVAL); Linux does not check.
 *  - MHP_MEMMAP_ON_MEMORY is honoured when the arch can place the memmap
 *    (ops->memmap_pages() != 0, fewer pages than the block) and the range is
 *    real RAM; memory_hotplug.memmap_on_memory defaults to on here (Linux:
 *    off) so the flag of the ACPI driver has a visible effect.
 *  - Phantom ranges (ops->is_real_ram() false for the whole range; a mixed
 *    range counts as phantom, which is the safe side) are bookkept but never
 *    mapped, onlined into the allocator or written.
 *
 * The seed proposal (docs/hotplug.md, "mhp.semantics=v1|upstream"): with
 * mhp.semantics=v1, add_memory(nid, start, size, MHP_DRIVER_MANAGED) names
 * the resource "System RAM (driver managed)" (so it is flagged
 * IORESOURCE_SYSRAM_DRIVER_MANAGED and gets no firmware memmap entry, both
 * derived from the name as upstream does). With the default
 * mhp.semantics=upstream the flag never reached Linux and is rejected with
 * -EINVAL, like any unknown flag. add_memory_driver_managed() works in both
 * modes. */
#ifndef MM_MEMORY_HOTPLUG_H
#define MM_MEMORY_HOTPLUG_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/resource.h"
#include "lib/list.h"
#include "lib/range.h"
#include "mm/hotplug_arch.h"

struct firmware_map;

/* mhp_t flags (include/linux/memory_hotplug.h). */
typedef int mhp_t;
#define MHP_NONE 0
/* After a successful add, merge the resource with identical neighbours;
 * the caller must not use its struct resource afterwards. */
#define MHP_MERGE_RESOURCE (1 << 0)
/* Hint: put each block's memmap on the block itself. */
#define MHP_MEMMAP_ON_MEMORY (1 << 1)
/* The nid argument is a memory group id; the group gives the node. */
#define MHP_NID_IS_MGID (1 << 2)
/* Seed proposal (mhp.semantics=v1 only). Bit 7: clear of every bit Linux
 * has used for mhp_t (0..3), so it never aliases a real flag. */
#define MHP_DRIVER_MANAGED (1 << 7)

/* Online types (enum mmop). */
enum mmop {
	MMOP_OFFLINE = 0,
	MMOP_ONLINE,	     /* the default zone for the range */
	MMOP_ONLINE_KERNEL,  /* a kernel zone (DMA, DMA32, Normal) */
	MMOP_ONLINE_MOVABLE, /* ZONE_MOVABLE */
};

enum mhp_semantics {
	MHP_SEMANTICS_UPSTREAM = 0,
	MHP_SEMANTICS_V1,
};

/* Only the two states the mem= rule looks at (Linux has more). */
enum system_states {
	SYSTEM_BOOTING = 0,
	SYSTEM_RUNNING,
};

#define MAX_NUMNODES 64
#define NUMA_NO_NODE (-1)

/* The name every plain hot-add uses; the firmware memmap entry is made only
 * for a resource with exactly this name. */
#define MHP_SYSTEM_RAM_NAME "System RAM"
/* Resource name of the seed proposal's driver-managed memory. */
#define MHP_V1_DRIVER_MANAGED_NAME "System RAM (driver managed)"

/* Called before (result == MHP_TRACE_BEFORE) and after (result = the return
 * value) every outermost add or remove call below. */
#define MHP_TRACE_BEFORE 1
typedef void (*mhp_trace_fn)(const char *what, uint64_t start, uint64_t size, int result);

/* One memory-hotplug world: what Linux keeps in globals (named below). */
struct mhp_state {
	/* The tree System RAM is registered in (iomem_resource). */
	struct resource *iomem;
	/* Where plain hot-added RAM is recorded (/sys/firmware/memmap). */
	struct firmware_map *fwmap;
	/* The machine; NULL: every add and remove fails with -ENODEV. */
	const struct mhp_arch_ops *ops;
	/* The memoryN devices (struct memory_block, sorted by id), the memory
	 * groups (struct memory_group, sorted by id) and the block size. */
	struct list_head memory_blocks;
	struct list_head memory_groups;
	/* Partly usable device ranges (struct mhp_sparse, mm/fake_offline.h). */
	struct list_head sparse;
	uint64_t block_size;
	/* The last block a lookup found (a cache, so lookups in id order cost
	 * O(1) each; Linux indexes blocks in an xarray); NULL when unknown. */
	struct memory_block *block_hint;
	/* Settings. */
	int default_online_type;	 /* MMOP_*: memhp_default_state= */
	enum mhp_semantics semantics;	 /* mhp.semantics= */
	uint64_t max_mem_size;		 /* mem=; UINT64_MAX: no limit */
	enum system_states system_state; /* mem= applies while booting */
	uint64_t possible_nodes;	 /* bit n: node n is possible */
	bool memmap_on_memory;		 /* memory_hotplug.memmap_on_memory= */
	/* NULL: off. The kernel prints a snapshot there (docs/ktap.md). */
	mhp_trace_fn trace_hook;
	int trace_depth; /* only the outermost call is traced */
};

/* The kernel's own: iomem_resource, init_firmware_map, the machine's ops
 * once hotplug_machine_init() ran. */
extern struct mhp_state init_mhp;

/* A state on iomem and fwmap (both the caller's, and not changed here) with
 * the machine ops, no blocks or groups, and the settings the kernel has
 * before its command line: 128 MiB blocks, policy offline, upstream
 * semantics, no mem= limit, SYSTEM_BOOTING, node 0 only, memmap_on_memory
 * on. 0, or -EINVAL when mhp, iomem or fwmap is NULL. */
int mhp_state_init(struct mhp_state *mhp, struct resource *iomem, struct firmware_map *fwmap,
		   const struct mhp_arch_ops *ops);
/* Frees every memory block and group of a state the caller built (nothing
 * else: iomem and the firmware map stay the caller's). Never for init_mhp. */
void mhp_state_release(struct mhp_state *mhp);

/* ---- add ---- */

/* Plain hot-add of [start, start + size) as "System RAM". 0 or -errno:
 * -E2BIG (empty, wraps, outside mhp_get_pluggable_range(), or above mem=
 * while booting), -EEXIST (busy overlap; also allocation failure of the
 * resource, as in Linux), -EINVAL (not block-aligned, unknown group, node
 * not possible, bad flags), -ENOMEM, -ENODEV (no arch ops), or the arch's
 * error. */
int add_memory_in(struct mhp_state *mhp, int nid, uint64_t start, uint64_t size, mhp_t mhp_flags);
static inline int add_memory(int nid, uint64_t start, uint64_t size, mhp_t mhp_flags)
{
	return add_memory_in(&init_mhp, nid, start, size, mhp_flags);
}
/* The same (Linux: the caller holds the device hotplug lock). */
int __add_memory_in(struct mhp_state *mhp, int nid, uint64_t start, uint64_t size, mhp_t mhp_flags);
static inline int __add_memory(int nid, uint64_t start, uint64_t size, mhp_t mhp_flags)
{
	return __add_memory_in(&init_mhp, nid, start, size, mhp_flags);
}
/* Driver-managed RAM: resource_name must start with "System RAM (" and end
 * with ")" (else -EINVAL); no firmware memmap entry. The name is stored, not
 * copied: it must outlive the memory. */
int add_memory_driver_managed_in(struct mhp_state *mhp, int nid, uint64_t start, uint64_t size,
				 const char *resource_name, mhp_t mhp_flags);
static inline int add_memory_driver_managed(int nid, uint64_t start, uint64_t size,
					    const char *resource_name, mhp_t mhp_flags)
{
	return add_memory_driver_managed_in(&init_mhp, nid, start, size, resource_name, mhp_flags);
}
/* The one add call of the drivers that add driver-managed RAM (virtio-mem,
 * dax/kmem), so that mhp.semantics picks the API of its time:
 *  - upstream: add_memory_driver_managed_in(mhp, nid, start, size,
 *    resource_name, mhp_flags), exactly;
 *  - v1 (the 2020 seed proposal, before memory groups and resource merging
 *    existed): add_memory_in(mhp, nid, start, size, MHP_DRIVER_MANAGED | the
 *    other flags without MHP_MERGE_RESOURCE), so the resource is
 *    "System RAM (driver managed)" whatever resource_name says (the
 *    proposal's add_memory() took no name), one resource per call, and still
 *    no firmware memmap entry. MHP_NID_IS_MGID is kept: nid stays the
 *    driver's memory group, hotmem's bookkeeping of which block is whose.
 * Returns what the called function returns. */
int mhp_add_driver_memory_in(struct mhp_state *mhp, int nid, uint64_t start, uint64_t size,
			     const char *resource_name, mhp_t mhp_flags);
/* Adds the memory behind res, a busy System RAM resource the caller
 * registered in mhp->iomem (register_memory_resource() or its own). On
 * failure res is left in place for the caller to release. */
int add_memory_resource_in(struct mhp_state *mhp, int nid, struct resource *res, mhp_t mhp_flags);
static inline int add_memory_resource(int nid, struct resource *res, mhp_t mhp_flags)
{
	return add_memory_resource_in(&init_mhp, nid, res, mhp_flags);
}

/* Registers [start, start + size) in mhp->iomem as name with
 * SYSTEM_RAM|BUSY (+ DRIVER_MANAGED unless name is exactly "System RAM"),
 * nesting into non-busy containers. 0 and *res, or -E2BIG / -EEXIST (see
 * add_memory). */
int register_memory_resource_in(struct mhp_state *mhp, uint64_t start, uint64_t size,
				const char *name, struct resource **res);
static inline int register_memory_resource(uint64_t start, uint64_t size, const char *name,
					   struct resource **res)
{
	return register_memory_resource_in(&init_mhp, start, size, name, res);
}
/* Unlinks (from whichever tree holds it) and frees a resource from
 * register_memory_resource(). */
void release_memory_resource(struct resource *res);

/* 0, or -EINVAL with "Block size [...] unaligned hotplug range: ..." when
 * size is 0 or start or size is not a multiple of the block size. */
int check_hotplug_memory_range_in(const struct mhp_state *mhp, uint64_t start, uint64_t size);
static inline int check_hotplug_memory_range(uint64_t start, uint64_t size)
{
	return check_hotplug_memory_range_in(&init_mhp, start, size);
}
/* [0, ops->max_phys_addr() - 1] (the direct map covers all of it). */
struct range mhp_get_pluggable_range_in(const struct mhp_state *mhp, bool need_mapping);
static inline struct range mhp_get_pluggable_range(bool need_mapping)
{
	return mhp_get_pluggable_range_in(&init_mhp, need_mapping);
}
/* Non-empty, no wrap, inside the pluggable range; else a warning and false. */
bool mhp_range_allowed_in(const struct mhp_state *mhp, uint64_t start, uint64_t size,
			  bool need_mapping);
static inline bool mhp_range_allowed(uint64_t start, uint64_t size, bool need_mapping)
{
	return mhp_range_allowed_in(&init_mhp, start, size, need_mapping);
}
/* MHP_MEMMAP_ON_MEMORY usable for blocks of `size` bytes (all real RAM)? */
bool mhp_supports_memmap_on_memory_in(const struct mhp_state *mhp, uint64_t size);
static inline bool mhp_supports_memmap_on_memory(uint64_t size)
{
	return mhp_supports_memmap_on_memory_in(&init_mhp, size);
}

/* ---- remove ---- */

/* Removes memory whose blocks are all offline. 0, -EINVAL (misaligned,
 * empty, or some block of the range does not exist), -EBUSY (a block is
 * online; warning), -ENOMEM (the iomem split failed). Nothing changes on
 * failure. Removing part of an add is allowed (the resource is shrunk or
 * split; the firmware memmap entry then stays, as in Linux). */
int remove_memory_in(struct mhp_state *mhp, uint64_t start, uint64_t size);
static inline int remove_memory(uint64_t start, uint64_t size)
{
	return remove_memory_in(&init_mhp, start, size);
}
/* The same, with a "BUG: ..." line on failure (Linux BUG()s). */
int __remove_memory_in(struct mhp_state *mhp, uint64_t start, uint64_t size);
static inline int __remove_memory(uint64_t start, uint64_t size)
{
	return __remove_memory_in(&init_mhp, start, size);
}
int try_remove_memory_in(struct mhp_state *mhp, uint64_t start, uint64_t size);
static inline int try_remove_memory(uint64_t start, uint64_t size)
{
	return try_remove_memory_in(&init_mhp, start, size);
}
/* Offlines every block (already offline is fine) and removes the range; on
 * any failure the blocks it offlined are onlined again with their previous
 * type (best effort: a failing re-online is reported, as in Linux) and the
 * error is returned. */
int offline_and_remove_memory_in(struct mhp_state *mhp, uint64_t start, uint64_t size);
static inline int offline_and_remove_memory(uint64_t start, uint64_t size)
{
	return offline_and_remove_memory_in(&init_mhp, start, size);
}

/* Installs the trace hook (NULL: off). */
void mhp_set_trace_hook_in(struct mhp_state *mhp, mhp_trace_fn fn);
static inline void mhp_set_trace_hook(mhp_trace_fn fn)
{
	mhp_set_trace_hook_in(&init_mhp, fn);
}

/* ---- device RAM ---- */

/* ops->declare_ram() / ops->forget_ram() (mm/hotplug_arch.h): what a driver
 * calls around adding and removing RAM the loader's map cannot know. 0 when
 * the machine has no such operation. */
int mhp_declare_device_ram(struct mhp_state *mhp, uint64_t start, uint64_t size);
int mhp_forget_device_ram(struct mhp_state *mhp, uint64_t start, uint64_t size);

/* ---- policy and settings ---- */

/* "offline", "online", "online_kernel", "online_movable" (one trailing
 * newline allowed) -> MMOP_*, else -EINVAL. */
int mhp_online_type_from_str(const char *str);
/* The same words back; NULL for an invalid type. */
const char *mhp_online_type_to_str(int online_type);

/* memhp_default_state= / auto_online_blocks (default MMOP_OFFLINE, as Linux
 * without CONFIG_MHP_DEFAULT_ONLINE_TYPE_*). Setting an invalid type is
 * ignored. */
int mhp_get_default_online_type_in(const struct mhp_state *mhp);
void mhp_set_default_online_type_in(struct mhp_state *mhp, int online_type);
static inline int mhp_get_default_online_type(void)
{
	return mhp_get_default_online_type_in(&init_mhp);
}
static inline void mhp_set_default_online_type(int online_type)
{
	mhp_set_default_online_type_in(&init_mhp, online_type);
}
/* memhp_default_state=: 0, or -EINVAL (ignored, with a message). */
int memhp_default_state_setup_in(struct mhp_state *mhp, const char *str);
static inline int memhp_default_state_setup(const char *str)
{
	return memhp_default_state_setup_in(&init_mhp, str);
}

/* mhp.semantics=: "upstream" or "v1"; 0, or -EINVAL (ignored, message). */
int mhp_semantics_setup_in(struct mhp_state *mhp, const char *str);
void mhp_set_semantics_in(struct mhp_state *mhp, enum mhp_semantics s);
enum mhp_semantics mhp_get_semantics_in(const struct mhp_state *mhp);
static inline int mhp_semantics_setup(const char *str)
{
	return mhp_semantics_setup_in(&init_mhp, str);
}
static inline void mhp_set_semantics(enum mhp_semantics s)
{
	mhp_set_semantics_in(&init_mhp, s);
}
static inline enum mhp_semantics mhp_get_semantics(void)
{
	return mhp_get_semantics_in(&init_mhp);
}

/* mem= limit (Linux's max_mem_size); the kernel copies mm/setup.c's value
 * here. Applies only while the system state is SYSTEM_BOOTING. */
void mhp_set_max_mem_size_in(struct mhp_state *mhp, uint64_t size);
uint64_t mhp_get_max_mem_size_in(const struct mhp_state *mhp);
void mhp_set_system_state_in(struct mhp_state *mhp, enum system_states state);
enum system_states mhp_get_system_state_in(const struct mhp_state *mhp);
static inline void mhp_set_max_mem_size(uint64_t size)
{
	mhp_set_max_mem_size_in(&init_mhp, size);
}
static inline uint64_t mhp_get_max_mem_size(void)
{
	return mhp_get_max_mem_size_in(&init_mhp);
}
static inline void mhp_set_system_state(enum system_states state)
{
	mhp_set_system_state_in(&init_mhp, state);
}
static inline enum system_states mhp_get_system_state(void)
{
	return mhp_get_system_state_in(&init_mhp);
}

/* Nodes outside 0..MAX_NUMNODES - 1 are never possible (setting one is
 * ignored). */
bool node_possible_in(const struct mhp_state *mhp, int nid);
void mhp_set_node_possible_in(struct mhp_state *mhp, int nid, bool possible);
static inline bool node_possible(int nid)
{
	return node_possible_in(&init_mhp, nid);
}
static inline void mhp_set_node_possible(int nid, bool possible)
{
	mhp_set_node_possible_in(&init_mhp, nid, possible);
}

/* memory_hotplug.memmap_on_memory= */
void mhp_set_memmap_on_memory_in(struct mhp_state *mhp, bool enable);
bool mhp_memmap_on_memory_in(const struct mhp_state *mhp);
static inline void mhp_set_memmap_on_memory(bool enable)
{
	mhp_set_memmap_on_memory_in(&init_mhp, enable);
}
static inline bool mhp_memmap_on_memory(void)
{
	return mhp_memmap_on_memory_in(&init_mhp);
}

#endif
