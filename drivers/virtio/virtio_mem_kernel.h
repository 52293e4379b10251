/* virtio-mem on the real machine (kernel only). */
#ifndef DRIVERS_VIRTIO_VIRTIO_MEM_KERNEL_H
#define DRIVERS_VIRTIO_VIRTIO_MEM_KERNEL_H

#include "drivers/virtio/virtio_mem.h"

#define VIRTIO_MEM_MAX_DEVICES 4

/* Probes every virtio-mem-pci function of pci_root (call pci_init()
 * first) on mhp (the kernel passes init_mhp), plugs each up to its
 * requested_size and registers its hotplug poller in pollers. Returns the
 * number of devices brought up. */
int virtio_mem_init(struct mhp_state *mhp, struct hotplug_poller_list *pollers);

/* Device i of those virtio_mem_init() brought up, or NULL (live tests). */
struct virtio_mem *virtio_mem_get(int i);

#endif
