/* What the memory-hotplug core (mm/memory_hotplug.c, pure C) needs from the
 * machine. Each struct mhp_state holds its own operations: the kernel's
 * (init_mhp) are the real ones (mm/hotplug_machine.c: page tables and the
 * page allocator); a state built on the host gets a fake machine. Keeping
 * this seam thin is what lets the whole add/remove bookkeeping, with its
 * rollback paths, run under ASan on the host. */
#ifndef MM_HOTPLUG_ARCH_H
#define MM_HOTPLUG_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/kernel.h"

struct mhp_arch_ops {
	/* arch_add_memory(): map [start, start + size) into the kernel's direct
	 * map. 0, or -ENOMEM/-E2BIG with nothing mapped. */
	int (*add_memory)(uint64_t start, uint64_t size);
	/* arch_remove_memory(): unmap it again. Cannot fail. */
	void (*remove_memory)(uint64_t start, uint64_t size);
	/* Onlining: hand the pages [start_pfn, start_pfn + nr_pages) to the page
	 * allocator. `meta` is where the allocator keeps its per-block
	 * metadata: NULL means "allocate it on the kernel heap"; otherwise it
	 * points at the first `meta_pages` pages of the block itself
	 * (MHP_MEMMAP_ON_MEMORY), which are then not handed out. 0 or -errno
	 * with nothing changed. */
	int (*online_pages)(uint64_t start_pfn, uint64_t nr_pages, uint64_t meta_pages);
	/* Offlining: take the pages back; -EBUSY (and nothing changed) when any
	 * of them is allocated. */
	int (*offline_pages)(uint64_t start_pfn, uint64_t nr_pages);
	/* Pages of metadata a block of nr_pages needs when it is kept on the
	 * block itself (MHP_MEMMAP_ON_MEMORY); 0 if the machine cannot do it. */
	uint64_t (*memmap_pages)(uint64_t nr_pages);
	/* Is [start, start + size) memory that may be touched? False for
	 * phantom ranges (fw.e820 claims them, the machine lacks them): they are
	 * bookkept but never mapped, onlined or written. */
	bool (*is_real_ram)(uint64_t start, uint64_t size);
	/* Highest physical address + 1 the CPU can address (MAXPHYADDR). */
	uint64_t (*max_phys_addr)(void);
	/* Device RAM the loader's map cannot know because it is plugged at run
	 * time (ACPI DIMM, virtio-mem, dax/kmem): its driver declares the range
	 * before adding it, so is_real_ram() counts it as real, and forgets it
	 * after removing it. Declare: 0, -EINVAL (empty, wraps, touches phantom
	 * RAM), -EEXIST (overlaps a declared range), -ENOSPC (no room). Forget:
	 * 0 or -ENOENT (no range with exactly these bounds). */
	int (*declare_ram)(uint64_t start, uint64_t size);
	int (*forget_ram)(uint64_t start, uint64_t size);
	/* Linux's fake-offlining (mm/fake_offline.h): take free pages of an
	 * online block out of the allocator so they are never handed out or
	 * written (-EBUSY if one is allocated, -ENOMEM; nothing changed then),
	 * and give them back. offline_pages() takes a block away with its
	 * fake-offline pages. NULL: the machine cannot, so the core refuses to
	 * online a block with unusable parts. */
	int (*fake_offline_pages)(uint64_t start_pfn, uint64_t nr_pages);
	int (*fake_online_pages)(uint64_t start_pfn, uint64_t nr_pages);
};

#endif
