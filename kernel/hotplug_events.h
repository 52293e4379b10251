/* Run-time hotplug events (docs/events.md): devices that can change memory
 * at run time register a poller; after the boot self-tests the kernel prints
 * "# hotmem: ready" and polls them. Each completed device request is one
 * event: the kernel dumps the views, runs consistency checks as KTAP cases
 * and prints "# hotmem: handled <k> <device> <add|remove|resize>
 * <start>-<end>". The core never calls a driver by name: drivers register.
 *
 * The pollers are a list the caller owns (the kernel's is
 * init_hotplug_pollers), and the loop checks and dumps the state of the
 * namespace it is given (the kernel's is init_pfs_ns), so a test runs the
 * loop on a list and a hotplug world of its own. */
#ifndef KERNEL_HOTPLUG_EVENTS_H
#define KERNEL_HOTPLUG_EVENTS_H

#include <stddef.h>
#include <stdint.h>

struct pfs_ns;

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
	/* The loop's: the error last reported, so a device that keeps failing
	 * is reported (and counted) once per run of identical errors. */
	int last_err;
};

/* The pollers one event loop polls, in registration order. */
struct hotplug_poller_list {
	struct hotplug_poller *first;
};

/* The kernel's: the devices its drivers found at boot. */
extern struct hotplug_poller_list init_hotplug_pollers;

/* Appends p; registering twice is a no-op. */
void hotplug_poller_register(struct hotplug_poller_list *list, struct hotplug_poller *p);
void hotplug_poller_unregister(struct hotplug_poller_list *list, struct hotplug_poller *p);

/* Time for the loop (ktime_ms/mdelay in the kernel, a fake clock in tests)
 * and the memory test of the checks. */
struct hotplug_event_ops {
	uint64_t (*now_ms)(void);
	void (*delay_ms)(unsigned ms);
	unsigned poll_interval_ms; /* pause between polling rounds */
	/* Optional: add and resize events get a sixth case, memory_works,
	 * which calls it on the event's range (the kernel passes a pattern
	 * test of the range's free pages). Returns 0 or -errno. */
	int (*memory_test)(uint64_t start, uint64_t end);
};

struct hotplug_event_result {
	unsigned handled; /* events seen (at most nr_events) */
	unsigned passed;  /* KTAP documents printed that passed */
	unsigned failed;  /* ... that failed: checks, poller errors, idle timeout */
};

/* Prints "# hotmem: ready", then polls every poller of pollers until
 * nr_events events were handled or idle_seconds passed without one.
 *
 * Per event k (from 1): print_snapshot_in(ns, "event <k>"), every
 * memoryN/state dump of ns, then one KTAP document of its own ("KTAP
 * version 1", "1..1", a subtest "event_<k>" with the consistency cases),
 * then "# hotmem: handled <k> <device> <add|remove|resize>
 * 0x<start>-0x<end>".
 *
 * Everything goes through printk (not ktest_write), so tests can capture it;
 * the kernel's printk and ktest_write reach the same consoles.
 *
 * A poller error prints "# hotmem: event error <poller>: <ERRNO>" and a
 * failing one-case KTAP document ("not ok 1 poller_<name>", name made an
 * identifier); an idle timeout before nr_events prints "# hotmem: idle <S> s,
 * handled <k> of <N> events" and a failing "not ok 1 events_complete".
 * Every failure is thus in KTAP, so the verdict and the tree agree. */
struct hotplug_event_result hotplug_event_loop(const struct pfs_ns *ns,
					       struct hotplug_poller_list *pollers,
					       unsigned nr_events, unsigned idle_seconds,
					       const struct hotplug_event_ops *ops);

/* One poll of p, for a caller that serves events itself (the shell, which
 * polls while it waits for a key): 1 with *ev filled (device name
 * terminated) when p completed a device request, else 0. A poller error is
 * handled as the loop handles it: "# hotmem: event error <poller>:
 * <ERRNO>" and a failing one-case KTAP document, counted in res->failed,
 * once per run of identical errors; then 0. */
int hotplug_poll_one(struct hotplug_poller *p, struct hotplug_event *ev,
		     struct hotplug_event_result *res);

/* "# hotmem: handled <k> <device> <action> 0x<start>-0x<end>\n", the
 * line harnesses wait for (docs/events.md), into buf (snprintf's
 * convention). */
int hotplug_event_handled_line(char *buf, size_t size, unsigned k, const struct hotplug_event *ev);

/* The run's verdict after the loop: FAIL if the boot verdict or any event
 * document failed; PASS if the boot verdict was SKIP but event documents
 * passed (the KTAP tree then holds passing cases); else the boot verdict.
 * Values are enum ktest_verdict's. */
int hotplug_event_verdict(int boot_verdict, const struct hotplug_event_result *r);

/* What the consistency cases of an event look at. */
struct hotplug_check {
	/* The iomem tree, the firmware memmap and the memory blocks (with their
	 * online policy) checked: ns->iomem, ns->fwmap, ns->mhp. */
	const struct pfs_ns *ns;
	/* Firmware memmap entries from this index on were published at run
	 * time: only those are checked against iomem (boot entries are the raw
	 * firmware map, which iomem legitimately trims and edits). */
	int first_runtime_memmap;
	/* NULL: no memory_works case (see struct hotplug_event_ops). */
	int (*memory_test)(uint64_t start, uint64_t end);
};

/* The consistency cases of one event, as a KTAP document (used by the loop,
 * which checks entries published after it started). Returns 0 if every case
 * passed, else 1. */
int hotplug_event_check(const struct hotplug_check *c, unsigned k, const struct hotplug_event *ev);

/* "add", "remove", "resize" ("?" for anything else). */
const char *hotplug_action_name(enum hotplug_action a);

#endif
