/* Shared by the memory_block and memory_hotplug suites: a fake machine
 * behind mm/hotplug_arch.h, and a fixture that builds a fresh hotplug world
 * for every case (its own iomem root, firmware memmap and struct mhp_state
 * on the fake machine) and frees it afterwards. The suites drive that world
 * through the `_in` functions, so the same cases run on the host and inside
 * the booted kernel without touching the kernel's own state.
 *
 * The fake covers a window of FAKE_UNITS 128 MiB units from FAKE_BASE
 * (64 GiB): memory no test machine has, so nothing real is ever touched.
 * It checks the core's protocol (no double map, no online of unmapped
 * memory, no unmap of online memory, nothing outside the window) and counts
 * violations; the fixture's exit fails the case if there were any. */
#ifndef TESTS_UNIT_MEMORY_TEST_UTIL_H
#define TESTS_UNIT_MEMORY_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/firmware/memmap.h"
#include "kernel/ktest.h"
#include "kernel/pseudofs.h"
#include "kernel/resource.h"
#include "mm/hotplug_arch.h"
#include "mm/memory_hotplug.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

#define FAKE_BASE  (64 * GiB)
#define FAKE_UNIT  (128 * MiB)
#define FAKE_UNITS 32

struct fake_unit {
	bool mapped;
	bool online;
	bool busy; /* a page in it is allocated */
	/* Per 2 MiB granule (bit g: [unit + g * 2 MiB, +2 MiB)): a page in it
	 * is allocated (busy_map), or it is fake-offline (off_map). */
	uint64_t busy_map, off_map;
	uint64_t meta_pages;
	void *heap; /* the allocator's bitmap when it lives on the heap */
};

struct fake_arch {
	struct fake_unit unit[FAKE_UNITS];
	uint64_t max_phys;
	/* is_real_ram() is false for ranges touching [phantom_start, phantom_end). */
	uint64_t phantom_start, phantom_end;
	bool memmap_capable;
	/* n-th next call fails (1 = the next one); 0 = never. add: -ENOMEM,
	 * online: -ENOMEM, offline: -EBUSY, declare_ram: -EEXIST (the range
	 * overlaps one declared before, as the machine says). */
	unsigned int fail_add_nth, fail_online_nth, fail_offline_nth, fail_declare_nth;
	/* fake_offline_pages: -ENOMEM. */
	unsigned int fail_fake_offline_nth;
	unsigned int calls_fake_offline, calls_fake_online;
	unsigned int calls_add, calls_remove, calls_online, calls_offline;
	/* declare_ram/forget_ram that succeeded: counted, the last range kept,
	 * 0 returned. */
	unsigned int calls_declare, calls_forget;
	uint64_t ram_start, ram_size;
	unsigned int violations;
	/* Called inside offline_pages (to look at the block meanwhile). */
	void (*offline_hook)(uint64_t start_pfn);
};

extern struct fake_arch fake;
extern const struct mhp_arch_ops fake_arch_ops;

/* Pages of memmap the fake keeps on a block of nr_pages (64 bytes a page). */
#define FAKE_MEMMAP_PAGES(nr_pages) ((nr_pages)*64 / PAGE_SIZE)

/* Marks the page at phys allocated (offline then fails with -EBUSY, and
 * so does fake-offlining its 2 MiB granule). */
void fake_mark_busy(uint64_t phys, bool busy);
#define FAKE_GRANULE (2 * MiB)
/* Could the allocator hand out the page at phys (online, not fake-offline)? */
bool fake_page_usable(uint64_t phys);
/* "unit <addr>: mapped online meta=N busy" for every unit not idle. */
int fake_arch_render(char *buf, size_t size);
/* Every unit idle, no faults armed, counters 0, 1 TiB MAXPHYADDR. */
void fake_reset(void);

/* The world of the current case. */
struct memtest_world {
	struct resource iomem; /* an empty IOMEM_ROOT_INIT root */
	struct firmware_map fwmap;
	struct mhp_state mhp; /* on iomem and fwmap, with fake_arch_ops */
};
extern struct memtest_world mt;
/* The pseudo-files of mt (no ioports, no kexec views). */
extern const struct pfs_ns mt_ns;

/* Settings a case starts from: mhp_state_init()'s (no blocks, 128 MiB
 * blocks, policy offline, upstream semantics, no mem= limit, node 0 only,
 * memmap_on_memory on) but SYSTEM_RUNNING. */
void memtest_settings(struct mhp_state *mhp);

/* Fixture: a fresh world (and a reset fake machine) in mt. Exit fails the
 * case on fake machine protocol violations or a broken iomem tree, frees
 * everything the case left in the world, and fails the case if the kernel's
 * own blocks, firmware memmap or iomem tree changed meanwhile. */
int memtest_init(struct ktest *t);
void memtest_exit(struct ktest *t);

/* The hotplug suites' machine: "boot RAM" at FAKE_BASE (256 MiB) and a
 * reserved range at FAKE_BASE + 3 GiB, in mhp's iomem and in its firmware
 * memmap (published as entries 0 and 1). 0 or -errno. */
int memtest_build_base_in(struct mhp_state *mhp);
static inline int memtest_build_base(void)
{
	return memtest_build_base_in(&mt.mhp);
}
/* memtest_init() plus memtest_build_base(), as a suite init. */
int memtest_init_base(struct ktest *t);
#define BASE_IOMEM_RAM "1000000000-100fffffff : System RAM\n"
#define BASE_IOMEM_RES "10c0000000-10c7ffffff : Reserved\n"
#define BASE_MEMMAP                                \
	"# N start end type\n"                     \
	"0 0x1000000000 0x100fffffff System RAM\n" \
	"1 0x10c0000000 0x10c7ffffff Reserved\n"

/* One text with every view of mhp: its iomem, memmap table, memory blocks
 * (debug form) and the fake machine. parts: bitmask of MT_* */
#define MT_IOMEM  1u
#define MT_MEMMAP 2u
#define MT_BLOCKS 4u
#define MT_ARCH	  8u
#define MT_ALL	  15u
void memtest_snapshot_of(const struct mhp_state *mhp, char *buf, size_t size, unsigned int parts);
/* Of the case's world. */
static inline void memtest_snapshot(char *buf, size_t size, unsigned int parts)
{
	memtest_snapshot_of(&mt.mhp, buf, size, parts);
}

/* printk capture into a static buffer; stop returns it. */
void memtest_capture_start(void);
const char *memtest_capture_stop(void);

#endif
