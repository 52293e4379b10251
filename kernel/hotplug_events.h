/* Run-time hotplug events (design.md §5): devices that can change memory at
 * run time register a poller; after the boot self-tests the kernel prints
 * "# hotmem: ready" and polls them. Each completed device request is one
 * event: the kernel dumps the views, runs consistency checks as KTAP cases
 * and prints "# hotmem: handled <k> <device> <add|remove|resize>
 * <start>-<end>". The core never calls a driver by name: drivers register. */
#ifndef KERNEL_HOTPLUG_EVENTS_H
#define KERNEL_HOTPLUG_EVENTS_H

#include <stdint.h>

enum hotplug_action { HOTPLUG_ADD, HOTPLUG_REMOVE, HOTPLUG_RESIZE };

struct hotplug_event {
	char device[32]; /* e.g. "acpi-dimm0", "virtio-mem0", "dax0.0" */
	enum hotplug_action action;
	uint64_t start, end; /* physical range concerned, end inclusive */
};

struct hotplug_poller {
	const char *name;
	/* Polls the device once. Returns 1 and fills *ev when a device request
	 * has been processed completely (a DIMM added or removed, a virtio-mem
	 * requested_size reached or given up on, a dax device onlined), 0 when
	 * nothing happened, -errno when the device misbehaved (the loop reports
	 * it and goes on). Must not block for long. */
	int (*poll)(struct hotplug_poller *p, struct hotplug_event *ev);
	void *priv;
	struct hotplug_poller *next;
};

void hotplug_poller_register(struct hotplug_poller *p);
void hotplug_poller_unregister(struct hotplug_poller *p);

#endif
