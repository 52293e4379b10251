/* hotmem_test: a test device that hot-adds memory on any machine.
 *
 * Its memory is the RAM the emulated firmware hid (fw.hide=): each window is
 * claimed as a non-busy parent resource "hotmem_test.N" (like virtio-mem's
 * "virtioN" container), and memory blocks inside it are added the way a
 * driver-managed device does: add_memory_driver_managed_in(mhp, ..., "System
 * RAM (hotmem_test)", MHP_MERGE_RESOURCE) on the struct mhp_state the device
 * is bound to. A window can instead be given up (hotmem_test_release) so the
 * same range can be probed as plain memory. */
#ifndef DRIVERS_HOTMEM_TEST_HOTMEM_TEST_H
#define DRIVERS_HOTMEM_TEST_HOTMEM_TEST_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/resource.h"
#include "lib/types.h"

struct mhp_state;

#define HOTMEM_TEST_MAX_DEVS 8

/* The resource name every block of every device is added with. One pointer,
 * so merge_system_ram_resource() (which compares name pointers) merges. */
extern const char hotmem_test_resource_name[];

struct hotmem_test_dev {
	int id;
	struct mhp_state *mhp; /* where its blocks go; its window is in mhp->iomem */
	uint64_t start, size;  /* the window */
	bool claimed;	       /* the parent resource is in the tree */
	struct resource *parent;
	char name[24]; /* "hotmem_test.N" */
};

/* Creates a device per window on mhp (the kernel passes init_mhp; windows
 * that touch, sorted by address, form one device) and claims it. Returns how
 * many devices exist; windows that cannot be claimed are reported and
 * skipped. */
int hotmem_test_init(struct mhp_state *mhp, const uint64_t *starts, const uint64_t *sizes, int n);
struct hotmem_test_dev *hotmem_test_get(int id);

/* Adds / removes memory block `block` (index inside the window). The add
 * follows the driver-managed rules; `flags` are MHP_* (the device passes
 * MHP_MERGE_RESOURCE by default). Remove offlines first (as virtio-mem
 * does with offline_and_remove_memory()). 0 or -errno, nothing changed on
 * error. */
int hotmem_test_add_block(struct hotmem_test_dev *dev, uint64_t block, unsigned long flags);
int hotmem_test_remove_block(struct hotmem_test_dev *dev, uint64_t block);
/* Physical start of block `block` of the device. */
uint64_t hotmem_test_block_start(const struct hotmem_test_dev *dev, uint64_t block);
uint64_t hotmem_test_nr_blocks(const struct hotmem_test_dev *dev);

/* Gives the window's parent resource up (so the range can be probed as
 * plain memory) and claims it again. -EBUSY while memory is added inside. */
int hotmem_test_release(struct hotmem_test_dev *dev);
int hotmem_test_claim(struct hotmem_test_dev *dev);

/* The shell's `add` and `remove` (docs/shell.md), over every device: one
 * memory block, added as driver-managed memory the way mhp.semantics says:
 * upstream, add_memory_driver_managed(..., "System RAM (hotmem_test)",
 * MHP_MERGE_RESOURCE) inside the device's container (claimed again first
 * if v1 gave it up); v1, the seed proposal's add_memory(...,
 * MHP_DRIVER_MANAGED) at the top level of /proc/iomem, the container given
 * up first (the proposal had none; it stays given up until an upstream add
 * needs it). Remove offlines and removes the block either way.
 *
 * has_addr: the block at addr, else add takes the lowest block not added,
 * remove the highest one added. 0 with the block's range in *start, *size,
 * or -errno with nothing changed: -ENODEV (no device), -EINVAL (addr in no
 * window, or not block aligned), -EEXIST (already added),
 * -ENOENT (not added; remove with nothing added), -ENOSPC (add with every
 * block added), -EBUSY (the container cannot be given up or taken back
 * while blocks of the other semantics are added), or the hotplug core's
 * error. */
int hotmem_test_shell_add(bool has_addr, u64 addr, u64 *start, u64 *size);
int hotmem_test_shell_remove(bool has_addr, u64 addr, u64 *start, u64 *size);

#endif
