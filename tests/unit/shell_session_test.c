/* Tests of the shell's session (kernel/shell_session.c): keys in, the
 * transcript out, with device events at the prompt from fake pollers on the
 * fresh hotplug world of memory_test_util.h (mt, read through mt_ns). */
#include "kernel/shell_session.h"

#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/pseudofs.h"
#include "lib/errno.h"
#include "lib/seq_buf.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "tests/unit/memory_test_util.h"

#define DIMM (FAKE_BASE + 2 * GiB)

/* On the heap: the kernel image has little room for test buffers. */
static struct shell_session *sess;
#define ss (*sess)
static struct hotplug_poller_list pollers;
#define OUT_SIZE 8192
static char *out;
static struct seq_buf outm;
static int screen_keys, before_commands;

static void out_write(void *ctx, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		seq_buf_putc(&outm, s[i]);
}

/* PgUp and PgDn are the screen's; every other key is the shell's. */
static bool screen_key(void *ctx, const struct key_event *ev)
{
	if (ev->code != KEY_PAGEUP && ev->code != KEY_PAGEDOWN)
		return false;
	screen_keys++;
	return true;
}

static void before_command(void *ctx)
{
	before_commands++;
	/* What the screen showed is captured before the command prints. */
	seq_buf_puts(&outm, "[before]");
}

static const struct shell_session_ops session_ops = {
    .write = out_write,
    .screen_key = screen_key,
    .before_command = before_command,
};

/* A DIMM slot: the n-th poll (from 1) in `when` adds (or removes) its
 * memory, as the ACPI driver would, and reports the event. */
struct fake_slot {
	unsigned polls, when;
	bool remove;
	bool lie; /* report a range the driver did not add */
	int err;  /* returned instead, when set */
};

static int slot_poll(struct hotplug_poller *p, struct hotplug_event *ev)
{
	struct fake_slot *s = p->priv;
	int ret;

	if (s->err)
		return s->err;
	if (++s->polls != s->when)
		return 0;
	ret = s->remove ? offline_and_remove_memory_in(&mt.mhp, DIMM, FAKE_UNIT)
			: add_memory_in(&mt.mhp, 0, DIMM, FAKE_UNIT, MHP_NONE);
	if (ret)
		return ret;
	strlcpy(ev->device, "acpi-dimm0", sizeof(ev->device));
	ev->action = s->remove ? HOTPLUG_REMOVE : HOTPLUG_ADD;
	ev->start = s->lie ? DIMM + FAKE_UNIT : DIMM;
	ev->end = ev->start + FAKE_UNIT - 1;
	return 1;
}

static int session_init(struct ktest *t)
{
	int ret = memtest_init_base(t);

	pollers.first = NULL;
	screen_keys = before_commands = 0;
	sess = kzalloc(sizeof(*sess));
	out = kzalloc(OUT_SIZE);
	if (!sess || !out)
		return -ENOMEM;
	seq_buf_init(&outm, out, OUT_SIZE);
	return ret;
}

static void session_exit(struct ktest *t)
{
	if (sess)
		shell_session_release(sess);
	kfree(sess);
	kfree(out);
	sess = NULL;
	out = NULL;
	memtest_exit(t);
}

static void keys(const char *text)
{
	for (; *text; text++) {
		struct key_event ev = {(u16)(*text == '\n' ? KEY_ENTER : *text), 0};

		shell_session_key(&ss, &ev);
	}
}

static void key(u16 code, u8 mods)
{
	struct key_event ev = {code, mods};

	shell_session_key(&ss, &ev);
}

/* Commands: typed, echoed, run, the prompt again. Ctrl-C drops a line,
 * Ctrl-D does nothing, the screen's keys never reach the line. */
static void commands_and_keys(struct ktest *t)
{
	shell_session_init(&ss, &mt_ns, NULL, &pollers, 0, &session_ops, NULL);
	shell_session_start(&ss);
	keys("cat /sys/firmware/memmap/1/type\n");
	keys("ls /nope");
	key('c', KEY_MOD_CTRL);
	key('d', KEY_MOD_CTRL);
	key(KEY_PAGEUP, 0);
	key(KEY_PAGEDOWN, KEY_MOD_SHIFT);
	keys("add\n");
	KTEST_EXPECT_STREQ(t, out,
			   "hotmem> cat /sys/firmware/memmap/1/type\n"
			   "[before]Reserved\n"
			   "hotmem> ls /nope^C\n"
			   "hotmem> add\n"
			   "[before]add: not available on this machine\n"
			   "hotmem> ");
	KTEST_EXPECT_EQ(t, screen_keys, 2);
	KTEST_EXPECT_EQ(t, before_commands, 2);
}

/* An event while a line is half typed: the report from a new line, the
 * handled line, the prompt with the half line; the line goes on. */
static void event_at_the_prompt(struct ktest *t)
{
	struct fake_slot slot = {.when = 2};
	struct hotplug_poller p = {.name = "acpi-memhp", .poll = slot_poll, .priv = &slot};

	hotplug_poller_register(&pollers, &p);
	shell_session_init(&ss, &mt_ns, NULL, &pollers, 3, &session_ops, NULL);
	shell_session_start(&ss);
	KTEST_EXPECT_EQ(t, shell_session_poll_devices(&ss), 0);
	keys("cat /sys/firmware/memmap/2/tpe");
	key(KEY_LEFT, 0);
	key(KEY_LEFT, 0);
	KTEST_EXPECT_EQ(t, shell_session_poll_devices(&ss), 1);
	keys("y");
	key(KEY_END, 0);
	keys("\ndiff\n");
	KTEST_EXPECT_STREQ(t, out,
			   "hotmem> cat /sys/firmware/memmap/2/tpe\b\b\n"
			   "event 4: acpi-dimm0 add 0x1080000000-0x1087ffffff\n"
			   "--- /proc/iomem\n"
			   "+++ /proc/iomem\n"
			   "@@ -1,2 +1,3 @@\n"
			   " 1000000000-100fffffff : System RAM\n"
			   "+1080000000-1087ffffff : System RAM\n"
			   " 10c0000000-10c7ffffff : Reserved\n"
			   "--- /sys/firmware/memmap\n"
			   "+++ /sys/firmware/memmap\n"
			   "@@ -2 +2,2 @@\n"
			   " 1 0x10c0000000 0x10c7ffffff Reserved\n"
			   "+2 0x1080000000 0x1087ffffff System RAM\n"
			   "why: plain System RAM: firmware memmap entry 2; memory528 offline "
			   "(auto_online_blocks: offline)\n"
			   "# hotmem: handled 4 acpi-dimm0 add 0x1080000000-0x1087ffffff\n"
			   /* The half line again, the cursor two back; 'y', End. */
			   "hotmem> cat /sys/firmware/memmap/2/tpe\b\bype\b\bpe\n"
			   "[before]System RAM\n"
			   "hotmem> diff\n"
			   "[before]last change: acpi-dimm0 add 0x1080000000-0x1087ffffff\n"
			   "--- /proc/iomem\n"
			   "+++ /proc/iomem\n"
			   "@@ -1,2 +1,3 @@\n"
			   " 1000000000-100fffffff : System RAM\n"
			   "+1080000000-1087ffffff : System RAM\n"
			   " 10c0000000-10c7ffffff : Reserved\n"
			   "--- /sys/firmware/memmap\n"
			   "+++ /sys/firmware/memmap\n"
			   "@@ -2 +2,2 @@\n"
			   " 1 0x10c0000000 0x10c7ffffff Reserved\n"
			   "+2 0x1080000000 0x1087ffffff System RAM\n"
			   "hotmem> ");
	KTEST_EXPECT_EQ(t, ss.events.handled, 4);
	KTEST_EXPECT_EQ(t, ss.events.passed, 1);
	KTEST_EXPECT_EQ(t, ss.events.failed, 0);
}

/* A check that fails prints its KTAP document (quiet otherwise) and counts;
 * the next event (a remove) is reported as usual. */
static void failed_check_prints_its_document(struct ktest *t)
{
	struct fake_slot add = {.when = 1, .lie = true}, rm = {.when = 2, .remove = true};
	struct hotplug_poller pa = {.name = "a", .poll = slot_poll, .priv = &add};
	struct hotplug_poller pr = {.name = "r", .poll = slot_poll, .priv = &rm};
	const char *doc;

	hotplug_poller_register(&pollers, &pa);
	hotplug_poller_register(&pollers, &pr);
	shell_session_init(&ss, &mt_ns, NULL, &pollers, 0, &session_ops, NULL);
	shell_session_start(&ss);
	KTEST_EXPECT_EQ(t, shell_session_poll_devices(&ss), 1);
	doc = "  KTAP version 1\n"
	      "  # Subtest: event_1\n"
	      "  1..5\n"
	      "  ok 1 resource_tree\n"
	      "  ok 2 memmap_no_driver_managed\n"
	      "  ok 3 memmap_ram_in_iomem\n"
	      "  ok 4 blocks_in_iomem\n"
	      "  # event_blocks: memory529 missing\n"
	      "  not ok 5 event_blocks\n"
	      "  # event_1: pass:4 fail:1 skip:0 total:5\n"
	      "not ok 1 event_1\n"
	      "# hotmem: handled 1 acpi-dimm0 add 0x1088000000-0x108fffffff\n"
	      "hotmem> ";
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "KTAP version 1\n1..1\n"));
	KTEST_EXPECT_STREQ(t, out + strlen(out) - strlen(doc), doc);
	KTEST_EXPECT_EQ(t, ss.events.failed, 1);
	/* The remove: its own report, no document. */
	seq_buf_init(&outm, out, OUT_SIZE);
	KTEST_EXPECT_EQ(t, shell_session_poll_devices(&ss), 1);
	KTEST_EXPECT_STREQ(t, out,
			   "\n"
			   "event 2: acpi-dimm0 remove 0x1080000000-0x1087ffffff\n"
			   "--- /proc/iomem\n"
			   "+++ /proc/iomem\n"
			   "@@ -1,3 +1,2 @@\n"
			   " 1000000000-100fffffff : System RAM\n"
			   "-1080000000-1087ffffff : System RAM\n"
			   " 10c0000000-10c7ffffff : Reserved\n"
			   "--- /sys/firmware/memmap\n"
			   "+++ /sys/firmware/memmap\n"
			   "@@ -2,2 +2 @@\n"
			   " 1 0x10c0000000 0x10c7ffffff Reserved\n"
			   "-2 0x1080000000 0x1087ffffff System RAM\n"
			   "why: plain System RAM: firmware memmap entry 2 removed\n"
			   "# hotmem: handled 2 acpi-dimm0 remove 0x1080000000-0x1087ffffff\n"
			   "hotmem> ");
	KTEST_EXPECT_EQ(t, ss.events.passed, 1);
	KTEST_EXPECT_EQ(t, ss.events.failed, 1);
}

/* A device error is reported once, below the prompt, and counts as a
 * failure; the prompt comes again. */
static void poller_error_counts_once(struct ktest *t)
{
	struct fake_slot bad = {.err = -EIO};
	struct hotplug_poller p = {.name = "bad", .poll = slot_poll, .priv = &bad};

	hotplug_poller_register(&pollers, &p);
	shell_session_init(&ss, &mt_ns, NULL, &pollers, 0, &session_ops, NULL);
	shell_session_start(&ss);
	keys("ls");
	KTEST_EXPECT_EQ(t, shell_session_poll_devices(&ss), 0);
	KTEST_EXPECT_EQ(t, shell_session_poll_devices(&ss), 0);
	KTEST_EXPECT_STREQ(t, out,
			   "hotmem> ls\n"
			   "# hotmem: event error bad: EIO\n"
			   "KTAP version 1\n1..1\nnot ok 1 poller_bad\n"
			   "hotmem> ls");
	KTEST_EXPECT_EQ(t, ss.events.failed, 1);
	KTEST_EXPECT_EQ(t, ss.events.handled, 0);
}

static const struct ktest_case shell_session_cases[] = {
    KTEST_CASE(commands_and_keys),
    KTEST_CASE(event_at_the_prompt),
    KTEST_CASE(failed_check_prints_its_document),
    KTEST_CASE(poller_error_counts_once),
    {0},
};

static const struct ktest_suite shell_session_suite = {
    .name = "shell_session",
    .cases = shell_session_cases,
    .init = session_init,
    .exit = session_exit,
};
KTEST_SUITE(shell_session_suite);
