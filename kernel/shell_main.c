/* The kernel's shell (kernel/shell_main.h): the session of
 * kernel/shell_session.h on the kernel's namespace, consoles, keys and
 * hotplug pollers. */
#include "kernel/shell_main.h"

#include "drivers/hotmem_test/hotmem_test.h"
#include "kernel/console.h"
#include "kernel/hotplug_events.h"
#include "kernel/input.h"
#include "kernel/io.h"
#include "kernel/kalloc.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/pseudofs.h"
#include "kernel/screen.h"
#include "kernel/shell_session.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "lib/string.h"

/* How often the hotplug devices are polled while the shell waits (the
 * event loop's period, docs/events.md). */
#define POLL_MS 10

static struct shell_session *session;
static enum ktest_verdict run_verdict;
static void (*end_run_fn)(enum ktest_verdict verdict);

/* The screen as it was just before the running command: up to 3 bytes of
 * UTF-8 a cell and a newline a row (from the heap: the kernel image must
 * stay small). */
static char *screen_before;
static size_t screen_before_size;

static void con_write(void *ctx, const char *s, size_t n)
{
	console_write(s, n);
}

/* PgUp/PgDn page through the log, with Shift line by line; while the log
 * is shown, End goes back to the layout and any other key does so too on
 * its way to the line editor. */
static bool screen_key(void *ctx, const struct key_event *ev)
{
	int dir = ev->code == KEY_PAGEUP ? -1 : ev->code == KEY_PAGEDOWN ? 1 : 0;

	if (dir) {
		if (ev->mods & KEY_MOD_SHIFT)
			screen_scroll(dir);
		else
			screen_scroll_page(dir);
		return true;
	}
	if (!screen_scrolled())
		return false;
	screen_scroll_reset();
	return ev->code == KEY_END;
}

static void before_command(void *ctx)
{
	screen_session_flush();
	if (screen_before)
		screen_text(screen_before, screen_before_size);
}

static int screen_show(struct seq_buf *m)
{
	if (!screen_before)
		return -ENOMEM;
	seq_buf_puts(m, screen_before);
	return 0;
}

/* ---- the shell's ops ---- */

static int dm_add(void *ctx, bool has_addr, u64 addr, u64 *start, u64 *size)
{
	return hotmem_test_shell_add(has_addr, addr, start, size);
}

static int dm_remove(void *ctx, bool has_addr, u64 addr, u64 *start, u64 *size)
{
	return hotmem_test_shell_remove(has_addr, addr, start, size);
}

/* Every KTAP document of the run counts in the verdict: FAIL if any
 * failed, else PASS if any passed, else SKIP. */
static enum ktest_verdict merge(enum ktest_verdict a, enum ktest_verdict b)
{
	if (a == KTEST_VERDICT_FAIL || b == KTEST_VERDICT_FAIL)
		return KTEST_VERDICT_FAIL;
	if (a == KTEST_VERDICT_PASS || b == KTEST_VERDICT_PASS)
		return KTEST_VERDICT_PASS;
	return KTEST_VERDICT_SKIP;
}

static int selftest(void *ctx, const char *glob)
{
	enum ktest_verdict v = ktest_run_all(glob);

	run_verdict = merge(run_verdict, v);
	return v;
}

static void do_exit(void *ctx)
{
	end_run_fn((enum ktest_verdict)hotplug_event_verdict(run_verdict, &session->events));
}

static void do_halt(void *ctx)
{
	machine_set_exit_mode(EXIT_MODE_HALT);
	machine_exit(0);
}

static const struct shell_ops ops = {
    .dm_add = dm_add,
    .dm_remove = dm_remove,
    .selftest = selftest,
    .exit = do_exit,
    .halt = do_halt,
};

/* Without a hotmem_test device `add` and `remove` say so. */
static const struct shell_ops ops_no_device = {
    .selftest = selftest,
    .exit = do_exit,
    .halt = do_halt,
};

static struct shell_session_ops session_ops = {
    .write = con_write,
    .screen_key = screen_key,
    .before_command = before_command,
};

void shell_main(enum ktest_verdict verdict, unsigned events_handled,
		int (*memory_test)(uint64_t start, uint64_t end),
		void (*end_run)(enum ktest_verdict verdict))
{
	uint64_t last = rdtsc();

	run_verdict = verdict;
	end_run_fn = end_run;
	session_ops.memory_test = memory_test;
	screen_before_size = screen_text_max();
	screen_before = kzalloc(screen_before_size);
	pfs_kernel_screen = screen_show;
	/* Without the memory for it the screen keeps the summary; the shell
	 * still works on every console. */
	screen_shell_start();
	session = kzalloc(sizeof(*session));
	if (!session)
		panic("shell: out of memory");
	shell_session_init(session, &init_pfs_ns, hotmem_test_get(0) ? &ops : &ops_no_device,
			   &init_hotplug_pollers, events_handled, &session_ops, NULL);
	shell_session_start(session);
	for (;;) {
		struct key_event ev;

		if (input_poll(&ev)) {
			shell_session_key(session, &ev);
			continue;
		}
		/* Idle: the screen catches up with the output (see
		 * screen_session_write_in). */
		screen_session_flush();
		if (tsc_ms(rdtsc() - last) >= POLL_MS) {
			shell_session_poll_devices(session);
			last = rdtsc();
		}
		cpu_relax();
	}
}
