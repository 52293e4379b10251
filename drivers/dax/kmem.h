/* dax/kmem for legacy persistent memory (docs/linux-model.md, dax/kmem),
 * pure C.
 *
 * What Linux does in several drivers and user steps (nd_e820, dax_pmem,
 * device_dax, kmem, ndctl), modelled as two steps with the same /proc/iomem
 * shapes (tests/golden/linux/pmem-legacy-kmem, steps 3-devdax and 4-kmem):
 *
 * 1. dax_pmem_probe(): each "Persistent Memory (legacy)" resource (e820
 *    type 12, e.g. from memmap=256M!0x30000000) is region N; it becomes a
 *    devdax namespace with a 2 MiB alignment: "namespaceN.0" claims the info
 *    block and the memmap reserve at the front (busy), "daxN.0" the data
 *    range behind it up to the last 2 MiB boundary (busy: device_dax bound).
 *    A region too small for both is left alone (Linux: probe fails).
 *
 * 2. kmem (with dax.kmem=1): device_dax lets go of "daxN.0"; kmem keeps only
 *    the memory-block-aligned part of the data range: it re-requests that
 *    part as "daxN.0" and makes it a non-busy IORESOURCE_SYSTEM_RAM
 *    container, then adds one memory block at a time with
 *    add_memory_driver_managed_in(mhp, mgid, ..., "System RAM (kmem)",
 *    MHP_NID_IS_MGID) into a static memory group of node 0. No aligned
 *    memory: "rejecting DAX region without any memory after alignment",
 *    -EINVAL, and daxN.0 stays without a driver (not in iomem), as Linux.
 *    Any other failure undoes kmem's work (added blocks removed, container
 *    released, group unregistered) and leaves the same unbound state.
 *
 * One kmem bind is one hotplug event ("daxN.0 add <start>-<end>": the added
 * range, or the data range when nothing was added), reported by the poller
 * that dax_pmem_probe() registers when kmem is enabled, so the event loop
 * counts it (docs/events.md: "a dax device onlined").
 *
 * The devices, the kmem switch and the poller are one struct dax_state,
 * bound to the hotplug state (struct mhp_state) whose iomem tree holds the
 * pmem and to which kmem adds the memory. The kernel's is init_dax, on
 * init_mhp; a test builds its own on a fresh world.
 *
 * PRAM the boot loader's map does not back with RAM (ops->is_real_ram()
 * false) is named and bookkept only, like phantom RAM: never declared as
 * device RAM, so never onlined into the page allocator.
 *
 * Deviation: Linux's kmem also refuses a device whose target node is
 * NUMA_NO_NODE (no SRAT, the "literal" capture); hotmem uses node 0. */
#ifndef DRIVERS_DAX_KMEM_H
#define DRIVERS_DAX_KMEM_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/hotplug_events.h"
#include "kernel/resource.h"

struct mhp_state;

#define DAX_MAX_DEVS 8
/* The devdax alignment the reference captures set (ndctl --align 2M). */
#define DAX_ALIGN (2ull << 20)
/* nd_pfn info block at the front of the namespace. */
#define DAX_INFO_BLOCK (8ull << 10)
/* Reserve for the memmap: at most 64 bytes of struct page per 4 KiB page. */
#define DAX_STRUCT_PAGE_SIZE 64ull
#define DAX_KMEM_RES_NAME    "System RAM (kmem)"

struct dax_dev {
	int region_id;
	char ns_name[20];	       /* "namespaceN.0" */
	char dax_name[16];	       /* "daxN.0" (also the hotplug event's device) */
	uint64_t pram_start, pram_end; /* the region (inclusive) */
	uint64_t data_start, data_end; /* the dax device's range (inclusive) */
	struct resource *ns_res;
	/* device_dax's busy claim of the data range, or kmem's container */
	struct resource *dax_res;
	bool kmem_tried;
	int kmem_err;			/* the bind's result */
	int mgid;			/* -1 without a group */
	uint64_t kmem_start, kmem_size; /* what kmem added */
};

struct dax_state {
	/* Where the pmem resources are found (mhp->iomem) and kmem adds. */
	struct mhp_state *mhp;
	bool kmem_enabled; /* dax.kmem= */
	struct dax_dev devs[DAX_MAX_DEVS];
	int nr_devs;
	/* "dax_kmem": each poll binds the next device not tried yet and
	 * reports it as one event; 0 when none is left. */
	struct hotplug_poller poller;
};

/* The kernel's: on init_mhp, kmem off, no devices. */
extern struct dax_state init_dax;

/* dax on mhp: no devices, kmem off, the poller set up (not registered). */
void dax_state_init(struct dax_state *dax, struct mhp_state *mhp);

/* dax.kmem= (the boot code reads it with cmdline_get_bool()). */
void dax_kmem_set_enabled(struct dax_state *dax, bool on);
bool dax_kmem_enabled(const struct dax_state *dax);

/* Step 1 for every legacy pmem resource in dax->mhp->iomem; registers
 * dax->poller in pollers when kmem is enabled and a device was made.
 * Returns the number of dax devices, or -errno (-ENOMEM, with nothing left
 * behind). Call once, after the e820 resources and hotplug setup. */
int dax_pmem_probe(struct dax_state *dax, struct hotplug_poller_list *pollers);

/* Step 2 for one device of dax: 0, or -EINVAL (no aligned memory, or
 * already bound), -EEXIST/-ENOMEM/... from the add (everything undone).
 * Fills dev->kmem_* and kmem_err. */
int dax_kmem_bind(struct dax_state *dax, struct dax_dev *dev);
/* Step 2 for every device not yet tried (for a boot without an event
 * loop). Number of devices that got memory. */
int dax_kmem_bind_all(struct dax_state *dax);

/* The devices made by dax_pmem_probe(). */
int dax_dev_count(const struct dax_state *dax);
struct dax_dev *dax_dev_get(struct dax_state *dax, int i);

/* Pure layout: the dax data range of a namespace [start, end] (inclusive)
 * with Linux's devdax placement; false when nothing is left. */
bool dax_data_range(uint64_t start, uint64_t end, uint64_t *data_start, uint64_t *data_end);
/* The memory-block-aligned part of [start, end]; false when empty. */
bool dax_kmem_range(uint64_t start, uint64_t end, uint64_t block, uint64_t *astart,
		    uint64_t *asize);

#endif
