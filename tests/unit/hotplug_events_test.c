/* The run-time event loop (kernel/hotplug_events.c) with a fake clock, fake
 * devices on a poller list of the case's own, and the fresh hotplug world of
 * memory_test_util.h (mt, read through mt_ns) on its fake machine. */
#include "kernel/hotplug_events.h"

#include "drivers/firmware/memmap.h"
#include "kernel/kexec.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/e820.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "tests/unit/memory_test_util.h"

static uint64_t fake_now;
static unsigned delays;

static uint64_t clock_now(void)
{
	return fake_now;
}

static void clock_delay(unsigned ms)
{
	fake_now += ms;
	delays++;
}

static const struct hotplug_event_ops clock_ops = {clock_now, clock_delay, 10, NULL};

/* A scripted device: the n-th poll (from 1) returns script[n-1]; past the
 * script, 0. 1 means "the event in ev", after running action if set. */
struct fake_dev {
	int script[8];
	unsigned nscript, polls;
	struct hotplug_event ev;
	int (*action)(struct fake_dev *d);
	int action_err;
};

static int fake_poll(struct hotplug_poller *p, struct hotplug_event *ev)
{
	struct fake_dev *d = p->priv;
	int r = d->polls < d->nscript ? d->script[d->polls] : 0;

	d->polls++;
	if (r == 1) {
		if (d->action)
			d->action_err = d->action(d);
		*ev = d->ev;
	}
	return r;
}

static struct hotplug_poller_list pollers;
static char out[16384];

static int ev_init(struct ktest *t)
{
	pollers.first = NULL;
	fake_now = 1000;
	delays = 0;
	return memtest_init_base(t);
}

static void ev_exit(struct ktest *t)
{
	memtest_exit(t);
}

/* The checks as the loop would run them on mt: entries published from now
 * on are run-time entries. */
static struct hotplug_check check_mt(int (*memory_test)(uint64_t start, uint64_t end))
{
	return (struct hotplug_check){&mt_ns, firmware_map_next_index_in(&mt.fwmap), memory_test};
}

static struct hotplug_event_result run_loop(unsigned nr_events, unsigned idle_seconds)
{
	return hotplug_event_loop(&mt_ns, &pollers, nr_events, idle_seconds, &clock_ops);
}

#define BLOCK1 (FAKE_BASE + 1 * GiB) /* memory520 with 128 MiB blocks */

static int add_block1(struct fake_dev *d)
{
	return add_memory_in(&mt.mhp, 0, BLOCK1, 128 * MiB, MHP_NONE);
}

static int remove_block1(struct fake_dev *d)
{
	return remove_memory_in(&mt.mhp, BLOCK1, 128 * MiB);
}

/* The event d reports: acpi-dimm0 added block 1. */
static void dimm_adds_block1(struct fake_dev *d)
{
	strlcpy(d->ev.device, "acpi-dimm0", sizeof(d->ev.device));
	d->ev.action = HOTPLUG_ADD;
	d->ev.start = BLOCK1;
	d->ev.end = BLOCK1 + 128 * MiB - 1;
}

/* One add: the exact text from "ready" to "handled". */
static void one_event_exact_output(struct ktest *t)
{
	struct fake_dev d = {.script = {0, 1}, .nscript = 2, .action = add_block1};
	struct hotplug_poller p = {.name = "fake0", .poll = fake_poll, .priv = &d};
	struct hotplug_event_result r;
	static const char want[] =
	    "# hotmem: ready\n"
	    "# snapshot-begin event 1\n"
	    "# dump-begin /proc/iomem\n" BASE_IOMEM_RAM
	    "1040000000-1047ffffff : System RAM\n" BASE_IOMEM_RES "# dump-end /proc/iomem\n"
	    "# dump-begin /sys/firmware/memmap/0/start\n0x1000000000\n"
	    "# dump-end /sys/firmware/memmap/0/start\n"
	    "# dump-begin /sys/firmware/memmap/0/end\n0x100fffffff\n"
	    "# dump-end /sys/firmware/memmap/0/end\n"
	    "# dump-begin /sys/firmware/memmap/0/type\nSystem RAM\n"
	    "# dump-end /sys/firmware/memmap/0/type\n"
	    "# dump-begin /sys/firmware/memmap/1/start\n0x10c0000000\n"
	    "# dump-end /sys/firmware/memmap/1/start\n"
	    "# dump-begin /sys/firmware/memmap/1/end\n0x10c7ffffff\n"
	    "# dump-end /sys/firmware/memmap/1/end\n"
	    "# dump-begin /sys/firmware/memmap/1/type\nReserved\n"
	    "# dump-end /sys/firmware/memmap/1/type\n"
	    "# dump-begin /sys/firmware/memmap/2/start\n0x1040000000\n"
	    "# dump-end /sys/firmware/memmap/2/start\n"
	    "# dump-begin /sys/firmware/memmap/2/end\n0x1047ffffff\n"
	    "# dump-end /sys/firmware/memmap/2/end\n"
	    "# dump-begin /sys/firmware/memmap/2/type\nSystem RAM\n"
	    "# dump-end /sys/firmware/memmap/2/type\n"
	    "# snapshot-end event 1\n"
	    "# dump-begin /sys/devices/system/memory/memory520/state\noffline\n"
	    "# dump-end /sys/devices/system/memory/memory520/state\n"
	    "KTAP version 1\n"
	    "1..1\n"
	    "  KTAP version 1\n"
	    "  # Subtest: event_1\n"
	    "  1..5\n"
	    "  ok 1 resource_tree\n"
	    "  ok 2 memmap_no_driver_managed\n"
	    "  ok 3 memmap_ram_in_iomem\n"
	    "  ok 4 blocks_in_iomem\n"
	    "  ok 5 event_blocks\n"
	    "  # event_1: pass:5 fail:0 skip:0 total:5\n"
	    "ok 1 event_1\n"
	    "# hotmem: handled 1 acpi-dimm0 add 0x1040000000-0x1047ffffff\n";

	dimm_adds_block1(&d);
	hotplug_poller_register(&pollers, &p);
	printk_capture_start(out, sizeof(out));
	r = run_loop(1, 30);
	printk_capture_stop();
	KTEST_EXPECT_INT_EQ(t, d.action_err, 0);
	KTEST_EXPECT_STREQ(t, out, want);
	KTEST_EXPECT_EQ(t, r.handled, 1);
	KTEST_EXPECT_EQ(t, r.passed, 1);
	KTEST_EXPECT_EQ(t, r.failed, 0);
	/* Polled twice, with one pause between the rounds; none after. */
	KTEST_EXPECT_EQ(t, d.polls, 2);
	KTEST_EXPECT_EQ(t, delays, 1);
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(&mt.mhp, BLOCK1, 128 * MiB), 0);
}

/* In a namespace with the consumer views, every view is dumped after the
 * block states and before the KTAP document, recomputed for the new state:
 * the plain hot-added RAM is in the kexec_load map (it has a memmap entry)
 * but not in the kexec_file e820, which hotplug never updates. */
static void views_after_the_blocks(struct ktest *t)
{
	static struct e820_table boot_e820;
	static struct kexec_switches sw;
	static struct kexec_view_src src;
	static struct pfs_ns ns;
	struct fake_dev d = {.script = {1}, .nscript = 1, .action = add_block1};
	struct hotplug_poller p = {.name = "fake0", .poll = fake_poll, .priv = &d};
	struct hotplug_event_result r;
	const char *views;
	static const char want[] = "# dump-end /sys/devices/system/memory/memory520/state\n"
				   "# dump-begin /sys/kernel/hotmem/kexec_file_ram\n"
				   "0000001000000000-000000100fffffff RAM\n"
				   "0000001040000000-0000001047ffffff RAM\n"
				   "# dump-end /sys/kernel/hotmem/kexec_file_ram\n"
				   "# dump-begin /sys/kernel/hotmem/kexec_load_memmap\n"
				   "0000001000000000-000000100fffffff RAM\n"
				   "0000001040000000-0000001047ffffff RAM\n"
				   "00000010c0000000-00000010c7ffffff RESERVED\n"
				   "# dump-end /sys/kernel/hotmem/kexec_load_memmap\n"
				   "# dump-begin /sys/kernel/hotmem/kdump_ranges\n"
				   "0000001000000000-000000100fffffff RAM\n"
				   "0000001040000000-0000001047ffffff RAM\n"
				   "# dump-end /sys/kernel/hotmem/kdump_ranges\n"
				   "# dump-begin /sys/kernel/hotmem/kdump_iomem_ranges\n"
				   "0000001000000000-000000100fffffff RAM\n"
				   "0000001040000000-0000001047ffffff RAM\n"
				   "00000010c0000000-00000010c7ffffff RESERVED\n"
				   "# dump-end /sys/kernel/hotmem/kdump_iomem_ranges\n"
				   "# dump-begin /sys/kernel/hotmem/kexec_file_e820\n"
				   "0000001000000000-000000100fffffff RAM\n"
				   "00000010c0000000-00000010c7ffffff RESERVED\n"
				   "# dump-end /sys/kernel/hotmem/kexec_file_e820\n"
				   "KTAP version 1\n";
	static char head[sizeof(want)];

	boot_e820 = (struct e820_table){0};
	e820__range_add_table(&boot_e820, FAKE_BASE, 256 * MiB, E820_TYPE_RAM);
	e820__range_add_table(&boot_e820, FAKE_BASE + 3 * GiB, 128 * MiB, E820_TYPE_RESERVED);
	sw = (struct kexec_switches){0};
	src = (struct kexec_view_src){
	    .iomem = &mt.iomem, .fwmap = &mt.fwmap, .sw = &sw, .e820_kexec = &boot_e820};
	ns = mt_ns;
	ns.kexec = &src;
	dimm_adds_block1(&d);
	hotplug_poller_register(&pollers, &p);
	printk_capture_start(out, sizeof(out));
	r = hotplug_event_loop(&ns, &pollers, 1, 30, &clock_ops);
	printk_capture_stop();
	KTEST_EXPECT_EQ(t, r.passed, 1);
	views = strstr(out, "# dump-end /sys/devices/system/memory/memory520/state\n");
	KTEST_ASSERT_TRUE(t, views != NULL);
	/* The text from the last block state up to the KTAP document. */
	strlcpy(head, views, sizeof(head));
	KTEST_EXPECT_STREQ(t, head, want);
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(&mt.mhp, BLOCK1, 128 * MiB), 0);
}

/* Add then remove: the second event's blocks must be gone. */
static void add_then_remove(struct ktest *t)
{
	struct fake_dev a = {.script = {1}, .nscript = 1, .action = add_block1};
	struct fake_dev rm = {.script = {0, 1}, .nscript = 2, .action = remove_block1};
	struct hotplug_poller pa = {.name = "a", .poll = fake_poll, .priv = &a};
	struct hotplug_poller pr = {.name = "r", .poll = fake_poll, .priv = &rm};
	struct hotplug_event_result r;

	strlcpy(a.ev.device, "acpi-dimm0", sizeof(a.ev.device));
	a.ev.action = HOTPLUG_ADD;
	a.ev.start = BLOCK1;
	a.ev.end = BLOCK1 + 128 * MiB - 1;
	rm.ev = a.ev;
	rm.ev.action = HOTPLUG_REMOVE;
	hotplug_poller_register(&pollers, &pa);
	hotplug_poller_register(&pollers, &pr);
	printk_capture_start(out, sizeof(out));
	r = run_loop(2, 30);
	printk_capture_stop();
	KTEST_EXPECT_INT_EQ(t, a.action_err, 0);
	KTEST_EXPECT_INT_EQ(t, rm.action_err, 0);
	KTEST_EXPECT_EQ(t, r.handled, 2);
	KTEST_EXPECT_EQ(t, r.failed, 0);
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "ok 1 event_2\n# hotmem: handled 2 acpi-dimm0 "
					     "remove 0x1040000000-0x1047ffffff\n"));
	KTEST_EXPECT_NULL(t, strstr(out, "not ok"));
}

/* No event: the idle timeout ends the loop and fails it in KTAP. */
static void idle_timeout(struct ktest *t)
{
	struct fake_dev d = {.nscript = 0};
	struct hotplug_poller p = {.name = "quiet", .poll = fake_poll, .priv = &d};
	struct hotplug_event_result r;

	hotplug_poller_register(&pollers, &p);
	printk_capture_start(out, sizeof(out));
	r = run_loop(2, 3);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, out,
			   "# hotmem: ready\n"
			   "# hotmem: idle 3 s, handled 0 of 2 events\n"
			   "KTAP version 1\n1..1\nnot ok 1 events_complete\n");
	KTEST_EXPECT_EQ(t, r.handled, 0);
	KTEST_EXPECT_EQ(t, r.failed, 1);
	/* 3 s in 10 ms steps: 300 pauses, 301 polls (one more after the last). */
	KTEST_EXPECT_EQ(t, delays, 300);
	KTEST_EXPECT_EQ(t, d.polls, 301);
	KTEST_EXPECT_EQ(t, fake_now, 4000);
}

/* The idle clock restarts at every event. */
static void idle_restarts_per_event(struct ktest *t)
{
	struct fake_dev d = {.nscript = 8};
	struct hotplug_poller p = {.name = "late", .poll = fake_poll, .priv = &d};
	struct hotplug_event_result r;

	/* Event at poll 8 (70 ms later), then nothing: idle counts from there. */
	d.script[7] = 1;
	strlcpy(d.ev.device, "virtio-mem0", sizeof(d.ev.device));
	d.ev.action = HOTPLUG_RESIZE;
	d.ev.start = BLOCK1;
	d.ev.end = BLOCK1 + 128 * MiB - 1;
	hotplug_poller_register(&pollers, &p);
	printk_capture_start(out, sizeof(out));
	r = run_loop(2, 1);
	printk_capture_stop();
	KTEST_EXPECT_EQ(t, r.handled, 1);
	KTEST_EXPECT_EQ(t, r.passed, 1);
	KTEST_EXPECT_EQ(t, r.failed, 1);
	KTEST_EXPECT_EQ(t, fake_now, 1000 + 70 + 1000);
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "  ok 5 event_blocks # SKIP no per-block expectation\n"
					     "  # event_1: pass:4 fail:0 skip:1 total:5\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "# hotmem: handled 1 virtio-mem0 resize "));
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "# hotmem: idle 1 s, handled 1 of 2 events\n"));
}

/* A poller error is reported once per run of identical errors. */
static void poller_error_once(struct ktest *t)
{
	struct fake_dev d = {.script = {-EIO, -EIO, -EIO, 0, -EIO, 1}, .nscript = 6};
	struct hotplug_poller p = {.name = "bad dev.0", .poll = fake_poll, .priv = &d};
	struct hotplug_event_result r;
	const char *first, *second;

	strlcpy(d.ev.device, "bad", sizeof(d.ev.device));
	d.ev.action = HOTPLUG_REMOVE;
	d.ev.start = BLOCK1;
	d.ev.end = BLOCK1 + 128 * MiB - 1;
	hotplug_poller_register(&pollers, &p);
	printk_capture_start(out, sizeof(out));
	r = run_loop(1, 30);
	printk_capture_stop();
	KTEST_EXPECT_EQ(t, r.handled, 1);
	KTEST_EXPECT_EQ(t, r.failed, 2);
	KTEST_EXPECT_EQ(t, r.passed, 1);
	first = strstr(out, "# hotmem: event error bad dev.0: EIO\n"
			    "KTAP version 1\n1..1\nnot ok 1 poller_bad_dev_0\n");
	KTEST_ASSERT_NOT_NULL(t, first);
	second = strstr(first + 1, "# hotmem: event error bad dev.0: EIO\n");
	KTEST_ASSERT_NOT_NULL(t, second);
	KTEST_EXPECT_NULL(t, strstr(second + strlen("# hotmem: event error"), "event error"));
}

/* The checks catch a block the event says was added but is missing, and a
 * firmware memmap entry over driver-managed RAM. */
static void checks_fail(struct ktest *t)
{
	struct hotplug_event ev = {"x", HOTPLUG_ADD, BLOCK1, BLOCK1 + 256 * MiB - 1};
	const struct hotplug_check c = check_mt(NULL);
	int ret;

	KTEST_ASSERT_INT_EQ(
	    t,
	    add_memory_driver_managed_in(&mt.mhp, 0, BLOCK1, 128 * MiB, "System RAM (x)", MHP_NONE),
	    0);
	/* What a buggy core would do: publish driver-managed RAM. */
	KTEST_ASSERT_INT_EQ(
	    t, firmware_map_add_hotplug_in(&mt.fwmap, BLOCK1, BLOCK1 + 128 * MiB, "System RAM"), 0);
	/* And a run-time entry with no RAM behind it. */
	KTEST_ASSERT_INT_EQ(t,
			    firmware_map_add_hotplug_in(&mt.fwmap, FAKE_BASE + 2 * GiB,
							FAKE_BASE + 2 * GiB + 128 * MiB,
							"System RAM"),
			    0);
	printk_capture_start(out, sizeof(out));
	ret = hotplug_event_check(&c, 7, &ev);
	printk_capture_stop();
	KTEST_EXPECT_INT_EQ(t, ret, 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "  # memmap_no_driver_managed: /sys/firmware/memmap/2 "
					     "0x1040000000-0x1047ffffff overlaps "
					     "1040000000-1047ffffff System RAM (x)\n"
					     "  not ok 2 memmap_no_driver_managed\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "  # memmap_ram_in_iomem: /sys/firmware/memmap/3 "
					     "0x1080000000-0x1087ffffff System RAM not in "
					     "/proc/iomem\n"));
	/* Block 520 is there (offline, the policy), 521 is not. */
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "  # event_blocks: memory521 missing\n"
					     "  not ok 5 event_blocks\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "  # event_7: pass:2 fail:3 skip:0 total:5\n"
					     "not ok 1 event_7\n"));
	firmware_map_remove_in(&mt.fwmap, BLOCK1, BLOCK1 + 128 * MiB, "System RAM");
	firmware_map_remove_in(&mt.fwmap, FAKE_BASE + 2 * GiB, FAKE_BASE + 2 * GiB + 128 * MiB,
			       "System RAM");
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(&mt.mhp, BLOCK1, 128 * MiB), 0);
}

/* A block online against an offline policy fails the add check. */
static void checks_block_state(struct ktest *t)
{
	struct hotplug_event ev = {"x", HOTPLUG_ADD, BLOCK1, BLOCK1 + 128 * MiB - 1};
	const struct hotplug_check c = check_mt(NULL);

	KTEST_ASSERT_INT_EQ(t, add_memory_in(&mt.mhp, 0, BLOCK1, 128 * MiB, MHP_NONE), 0);
	mhp_set_default_online_type_in(&mt.mhp, MMOP_ONLINE);
	printk_capture_start(out, sizeof(out));
	KTEST_EXPECT_INT_EQ(t, hotplug_event_check(&c, 1, &ev), 1);
	printk_capture_stop();
	KTEST_EXPECT_NOT_NULL(
	    t, strstr(out, "  # event_blocks: memory520 is offline, expected online\n"));
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(&mt.mhp, BLOCK1, 128 * MiB), 0);
}

/* With a memory test installed, add and resize events get a sixth case
 * that runs it on the event's range; removes skip it. */
static uint64_t tested_start, tested_end;
static int memory_test_result;

static int fake_memory_test(uint64_t start, uint64_t end)
{
	tested_start = start;
	tested_end = end;
	return memory_test_result;
}

static void memory_works_case(struct ktest *t)
{
	struct hotplug_event ev = {"x", HOTPLUG_ADD, BLOCK1, BLOCK1 + 128 * MiB - 1};
	const struct hotplug_check c = check_mt(fake_memory_test);

	KTEST_ASSERT_INT_EQ(t, add_memory_in(&mt.mhp, 0, BLOCK1, 128 * MiB, MHP_NONE), 0);
	memory_test_result = 0;
	printk_capture_start(out, sizeof(out));
	KTEST_EXPECT_INT_EQ(t, hotplug_event_check(&c, 1, &ev), 0);
	printk_capture_stop();
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "  1..6\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "  ok 6 memory_works\n"
					     "  # event_1: pass:6 fail:0 skip:0 total:6\n"));
	KTEST_EXPECT_EQ(t, tested_start, BLOCK1);
	KTEST_EXPECT_EQ(t, tested_end, BLOCK1 + 128 * MiB - 1);

	memory_test_result = -EIO;
	printk_capture_start(out, sizeof(out));
	KTEST_EXPECT_INT_EQ(t, hotplug_event_check(&c, 2, &ev), 1);
	printk_capture_stop();
	KTEST_EXPECT_NOT_NULL(t,
			      strstr(out, "  # memory_works: [mem 0x1040000000-0x1047ffffff]: EIO\n"
					  "  not ok 6 memory_works\n"));

	ev.action = HOTPLUG_REMOVE;
	printk_capture_start(out, sizeof(out));
	hotplug_event_check(&c, 3, &ev);
	printk_capture_stop();
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "  ok 6 memory_works # SKIP nothing added\n"));
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(&mt.mhp, BLOCK1, 128 * MiB), 0);
}

static void stops_at_n(struct ktest *t)
{
	struct fake_dev d = {.script = {1, 1, 1, 1}, .nscript = 4};
	struct hotplug_poller p = {.name = "busy", .poll = fake_poll, .priv = &d};
	struct hotplug_event_result r;

	strlcpy(d.ev.device, "dax0.0", sizeof(d.ev.device));
	d.ev.action = HOTPLUG_RESIZE;
	d.ev.start = 1;
	d.ev.end = 0;
	hotplug_poller_register(&pollers, &p);
	hotplug_poller_register(&pollers, &p); /* twice: still polled once a round */
	printk_capture_start(out, sizeof(out));
	r = run_loop(2, 30);
	printk_capture_stop();
	KTEST_EXPECT_EQ(t, r.handled, 2);
	KTEST_EXPECT_EQ(t, d.polls, 2);
	KTEST_EXPECT_EQ(t, delays, 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "# hotmem: handled 2 dax0.0 resize 0x1-0x0\n"));
	hotplug_poller_unregister(&pollers, &p);
	KTEST_EXPECT_NULL(t, pollers.first);
}

static void verdicts(struct ktest *t)
{
	struct hotplug_event_result none = {0, 0, 0}, ok = {1, 1, 0}, bad = {1, 0, 1};

	KTEST_EXPECT_EQ(t, hotplug_event_verdict(KTEST_VERDICT_PASS, &ok), KTEST_VERDICT_PASS);
	KTEST_EXPECT_EQ(t, hotplug_event_verdict(KTEST_VERDICT_PASS, &bad), KTEST_VERDICT_FAIL);
	KTEST_EXPECT_EQ(t, hotplug_event_verdict(KTEST_VERDICT_FAIL, &ok), KTEST_VERDICT_FAIL);
	KTEST_EXPECT_EQ(t, hotplug_event_verdict(KTEST_VERDICT_SKIP, &ok), KTEST_VERDICT_PASS);
	KTEST_EXPECT_EQ(t, hotplug_event_verdict(KTEST_VERDICT_SKIP, &none), KTEST_VERDICT_SKIP);
	KTEST_EXPECT_EQ(t, hotplug_event_verdict(KTEST_VERDICT_SKIP, &bad), KTEST_VERDICT_FAIL);
	KTEST_EXPECT_STREQ(t, hotplug_action_name(HOTPLUG_REMOVE), "remove");
}

static const struct ktest_case hotplug_events_cases[] = {
    KTEST_CASE(one_event_exact_output),
    KTEST_CASE(views_after_the_blocks),
    KTEST_CASE(add_then_remove),
    KTEST_CASE(idle_timeout),
    KTEST_CASE(idle_restarts_per_event),
    KTEST_CASE(poller_error_once),
    KTEST_CASE(checks_fail),
    KTEST_CASE(checks_block_state),
    KTEST_CASE(memory_works_case),
    KTEST_CASE(stops_at_n),
    KTEST_CASE(verdicts),
    {0},
};

static const struct ktest_suite hotplug_events_suite = {
    .name = "hotplug_events",
    .cases = hotplug_events_cases,
    .init = ev_init,
    .exit = ev_exit,
};
KTEST_SUITE(hotplug_events_suite);
