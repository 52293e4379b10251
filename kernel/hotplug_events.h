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
	/* The loop's: the error last reported, so a device that keeps failing
	 * is reported (and counted) once per run of identical errors. */
	int last_err;
};

/* Appends p (polled in registration order); registering twice is a no-op. */
void hotplug_poller_register(struct hotplug_poller *p);
void hotplug_poller_unregister(struct hotplug_poller *p);

/* Time for the loop: ktime_ms/mdelay in the kernel, a fake clock in tests. */
struct hotplug_event_ops {
	uint64_t (*now_ms)(void);
	void (*delay_ms)(unsigned ms);
	unsigned poll_interval_ms; /* pause between polling rounds */
};

struct hotplug_event_result {
	unsigned handled; /* events seen (at most nr_events) */
	unsigned passed;  /* KTAP documents printed that passed */
	unsigned failed;  /* ... that failed: checks, poller errors, idle timeout */
};

/* Prints "# hotmem: ready", then polls every registered poller until
 * nr_events events were handled or idle_seconds passed without one.
 *
 * Per event k (from 1): print_snapshot("event <k>"), every memoryN/state
 * dump, then one KTAP document of its own ("KTAP version 1", "1..1", a
 * subtest "event_<k>" with the consistency cases), then "# hotmem: handled
 * <k> <device> <add|remove|resize> 0x<start>-0x<end>".
 *
 * Everything goes through printk (not ktest_write), so tests can capture it;
 * the kernel's printk and ktest_write reach the same consoles.
 *
 * A poller error prints "# hotmem: event error <poller>: <ERRNO>" and a
 * failing one-case KTAP document ("not ok 1 poller_<name>", name made an
 * identifier); an idle timeout before nr_events prints "# hotmem: idle <S> s,
 * handled <k> of <N> events" and a failing "not ok 1 events_complete".
 * Every failure is thus in KTAP, so the verdict and the tree agree. */
struct hotplug_event_result hotplug_event_loop(unsigned nr_events, unsigned idle_seconds,
					       const struct hotplug_event_ops *ops);

/* The run's verdict after the loop: FAIL if the boot verdict or any event
 * document failed; PASS if the boot verdict was SKIP but event documents
 * passed (the KTAP tree then holds passing cases); else the boot verdict.
 * Values are enum ktest_verdict's. */
int hotplug_event_verdict(int boot_verdict, const struct hotplug_event_result *r);

/* The consistency cases of one event, as a KTAP document (used by the loop;
 * exposed for tests). Returns 0 if every case passed, else 1. */
int hotplug_event_check(unsigned k, const struct hotplug_event *ev);

/* Memory test for the event checks: when set, add and resize events get a
 * sixth case, memory_works, which calls it on the event's range (the kernel
 * passes a pattern test of the range's free pages; the host has none).
 * Returns 0 or -errno. */
void hotplug_event_set_memory_test(int (*fn)(uint64_t start, uint64_t end));

/* "add", "remove", "resize" ("?" for anything else). */
const char *hotplug_action_name(enum hotplug_action a);

/* TEST ONLY: detach every registered poller (returned as a list head) and
 * put a saved list back. */
struct hotplug_poller *hotplug_pollers_test_take(void);
void hotplug_pollers_test_restore(struct hotplug_poller *list);

#endif
