/* virtio-mem (pure C): the plug/unplug state machine over the virtio-pci
 * transport (drivers/virtio/virtio_pci.h). Memory is reached only through
 * the hotplug API on the struct mhp_state the device is bound to, so host
 * tests run it against a fake device and a hotplug world of their own.
 *
 * Linux's shape (docs/linux-model.md, virtio-mem): the whole device region
 * is claimed as "virtioN" (SYSTEM_RAM | EXCLUSIVE, then made non-busy) and
 * each memory block is added below it with
 * add_memory_driver_managed_in(mhp, mgid, ..., "System RAM (virtio_mem)",
 * MHP_MERGE_RESOURCE | MHP_NID_IS_MGID) in a dynamic memory group.
 *
 * Two modes, as Linux picks them (the sub-block size is the device block
 * size, at least VIRTIO_MEM_MIN_SB_SIZE, Linux's pageblock on x86):
 *  - Sub-block mode (virtio_mem_sbm.c), sub-block smaller than a memory
 *    block: a memory block is added whole as soon as one of its sub-blocks
 *    is plugged; its unplugged sub-blocks are fake-offline (mm/fake_offline.h)
 *    so they are never handed out or read. Growing fills partly plugged
 *    blocks first (lowest first), then the lowest unused blocks, each from
 *    its lowest sub-block; shrinking takes from partly plugged blocks first,
 *    then full ones, highest block and highest sub-block first, and removes
 *    a memory block when its last sub-block goes.
 *  - Big-block mode (here), device block at least a memory block: the unit
 *    is the device block; all its device blocks are plugged (PLUG requests
 *    of at most 65535 blocks), the unit is declared device RAM
 *    (mhp_declare_device_ram), then added block by block.
 * Deviations from Linux, for simplicity:
 *  - Node: ACPI_PXM is not negotiated, so memory goes to node 0.
 *  - Leftover plugged memory at start is always dropped with UNPLUG_ALL
 *    (no STATE requests to rebuild it).
 *  - A refused request (NACK, BUSY after the retries) is not retried on a
 *    timer: the next requested_size change starts over.
 * UNPLUGGED_INACCESSIBLE is accepted: the driver itself never touches the
 * device memory, and only plugged memory is ever handed to the allocator. */
#ifndef DRIVERS_VIRTIO_VIRTIO_MEM_H
#define DRIVERS_VIRTIO_VIRTIO_MEM_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/virtio/virtio_pci.h"
#include "kernel/hotplug_events.h"
#include "kernel/resource.h"
#include "mm/fake_offline.h"

struct mhp_state;

#define VIRTIO_ID_MEM		 24
#define VIRTIO_MEM_PCI_DEVICE_ID (VIRTIO_PCI_MODERN_DEVICE_BASE + VIRTIO_ID_MEM) /* 0x1058 */

#define VIRTIO_MEM_F_ACPI_PXM		    0
#define VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE 1

/* Config space offsets. */
#define VIRTIO_MEM_CFG_BLOCK_SIZE	  0
#define VIRTIO_MEM_CFG_NODE_ID		  8
#define VIRTIO_MEM_CFG_ADDR		  16
#define VIRTIO_MEM_CFG_REGION_SIZE	  24
#define VIRTIO_MEM_CFG_USABLE_REGION_SIZE 32
#define VIRTIO_MEM_CFG_PLUGGED_SIZE	  40
#define VIRTIO_MEM_CFG_REQUESTED_SIZE	  48
#define VIRTIO_MEM_CFG_SIZE		  56

#define VIRTIO_MEM_REQ_PLUG	  0
#define VIRTIO_MEM_REQ_UNPLUG	  1
#define VIRTIO_MEM_REQ_UNPLUG_ALL 2
#define VIRTIO_MEM_REQ_STATE	  3

#define VIRTIO_MEM_RESP_ACK   0
#define VIRTIO_MEM_RESP_NACK  1
#define VIRTIO_MEM_RESP_BUSY  2
#define VIRTIO_MEM_RESP_ERROR 3

#define VIRTIO_MEM_REQ_SIZE  24
#define VIRTIO_MEM_RESP_SIZE 10
/* nb_blocks is 16 bits wide. */
#define VIRTIO_MEM_MAX_NB_BLOCKS 65535u
/* A BUSY answer is retried this many times (after the transport's delay)
 * before the request fails with -EBUSY. */
#define VIRTIO_MEM_BUSY_RETRIES 20

#define VIRTIO_MEM_RESOURCE_NAME "System RAM (virtio_mem)"

/* Smallest sub-block: Linux's pageblock on x86 (2 MiB). */
#define VIRTIO_MEM_MIN_SB_SIZE (2ull << 20)

struct virtio_mem_config {
	uint64_t block_size;
	uint16_t node_id;
	uint64_t addr;
	uint64_t region_size;
	uint64_t usable_region_size;
	uint64_t plugged_size;
	uint64_t requested_size;
};

/* Per unit: a big block, or in sub-block mode a memory block. */
enum virtio_mem_unit_state {
	VM_UNIT_UNPLUGGED = 0,
	VM_UNIT_ADDED, /* added as memory (sub-block mode: some or no sub-block plugged) */
	VM_UNIT_STRAY, /* plugged at the device, not added (a failed unplug) */
};

struct virtio_mem {
	struct virtio_pci_device vd;
	struct virtqueue vq;
	/* Where plugged memory goes (the kernel's: init_mhp). */
	struct mhp_state *mhp;
	int index;		      /* N of "virtioN" */
	char name[16];		      /* "virtioN": the container resource's name */
	char dev_name[32];	      /* "virtio-memM": the hotplug event's device */
	struct virtio_mem_config cfg; /* as last read */
	uint64_t mb_size;	      /* memory block size at probe */
	uint64_t unit;		      /* max(mb_size, block_size) */
	uint64_t nunits;
	uint8_t *state;	  /* enum virtio_mem_unit_state per unit */
	uint64_t plugged; /* bytes plugged at the device, as the driver knows */
	/* Sub-block mode: sb_size < mb_size, unit == mb_size. sb_plugged has a
	 * bit per sub-block (unit u's are bits u * sbs_per_mb ...); it is also
	 * the usable map of `sparse`, registered with the hotplug core. */
	bool sbm;
	uint64_t sb_size, sbs_per_mb;
	uint64_t *sb_plugged;
	struct mhp_sparse sparse;
	struct resource *parent;
	int mgid;
	uint64_t handled_requested;	 /* requested_size last processed */
	uint64_t changed_lo, changed_hi; /* units touched by the last resize */
	bool changed;
	bool ready;
	struct hotplug_poller poller;
};

/* Binds vm to mhp and brings the device up: transport, features
 * (VERSION_1 required, UNPLUGGED_INACCESSIBLE accepted), queue 0,
 * DRIVER_OK, config checks, "virtioN" container in mhp->iomem, a dynamic
 * memory group of mhp, UNPLUG_ALL when something is plugged, then plugs up
 * to requested_size. index: the N of virtioN; mem_index: the
 * M of the event device name "virtio-memM". Returns 0 (also when the
 * initial plug fell short: see the log), or -errno with everything undone:
 * -ENODEV (transport or features), -EINVAL ("bad device setup": region not
 * aligned to the memory block size, block size not a power of two; the
 * device gets no request), -EBUSY (the region is already claimed), -ENOMEM,
 * or a request error of UNPLUG_ALL. The poller is set up but not
 * registered (vm->poller). */
int virtio_mem_probe(struct virtio_mem *vm, struct mhp_state *mhp, int index, int mem_index,
		     const struct pci_host *h, const struct pci_dev *pdev,
		     const struct virtio_mmio_ops *mmio, const struct virtio_dma_ops *dma);

/* Re-reads the config and plugs or unplugs until the driver's plugged size
 * is requested_size, or as close as whole sub-blocks (units in big-block
 * mode) allow, never above it when plugging. 0, or the first error that
 * stopped it (-ENOSPC: NACK, or no usable block left; -EBUSY: the device
 * stayed busy, or the memory to unplug is in use; ...): the state stays
 * consistent, each request either fully done or undone. */
int virtio_mem_resize(struct virtio_mem *vm);

/* The hotplug poller: a requested_size different from the last processed
 * one is processed fully and reported as one HOTPLUG_RESIZE event from the
 * lowest to the highest byte that changed (sub-blocks plugged or unplugged,
 * memory blocks added or removed whole; the whole device region when
 * nothing could change). A shortfall is printed as
 * "virtio_mem virtioN: requested R MiB, plugged P MiB (reason)". */
int virtio_mem_poll(struct hotplug_poller *p, struct hotplug_event *ev);

/* Unplugs and removes everything, releases the container and the group,
 * resets the device: the driver's remove (no device is removed at run time;
 * the host tests end each case with it). */
void virtio_mem_teardown(struct virtio_mem *vm);

/* Sends one request; 0 on ACK, -ENOSPC (NACK), -EBUSY (BUSY after
 * VIRTIO_MEM_BUSY_RETRIES retries), -EIO (ERROR), -EBADMSG (bad response),
 * or the queue's error. */
int virtio_mem_request(struct virtio_mem *vm, uint16_t type, uint64_t addr, uint16_t nb_blocks);

int virtio_mem_read_config(struct virtio_mem *vm, struct virtio_mem_config *cfg);

/* Shared by both modes (virtio_mem.c): PLUG/UNPLUG of a range in requests
 * of at most 65535 device blocks (a failed PLUG unplugs its earlier
 * chunks); the add of one unit (declared device RAM, then its memory blocks;
 * all or nothing); its removal; the event range. */
int virtio_mem_request_range(struct virtio_mem *vm, uint16_t type, uint64_t start, uint64_t size);
int virtio_mem_add_unit(struct virtio_mem *vm, uint64_t start);
int virtio_mem_remove_unit(struct virtio_mem *vm, uint64_t start);
void virtio_mem_note_change(struct virtio_mem *vm, uint64_t start, uint64_t size);

/* Sub-block mode (virtio_mem_sbm.c): bookkeeping set up at probe (the
 * bitmap, the sparse map registered with vm->mhp), the resize step, and
 * the teardown of every block it added. */
int virtio_mem_sbm_init(struct virtio_mem *vm);
void virtio_mem_sbm_free(struct virtio_mem *vm);
int virtio_mem_sbm_resize(struct virtio_mem *vm);
void virtio_mem_sbm_teardown(struct virtio_mem *vm);
/* Is sub-block sb of unit mb plugged? */
bool virtio_mem_sb_plugged(const struct virtio_mem *vm, uint64_t mb, uint64_t sb);

#endif
