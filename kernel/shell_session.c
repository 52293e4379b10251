/* The shell's session (kernel/shell_session.h): keys, commands and device
 * events at the prompt. */
#include "kernel/shell_session.h"

#include "drivers/firmware/memmap.h"
#include "kernel/printk.h"
#include "kernel/pseudofs.h"
#include "lib/printf.h"
#include "lib/string.h"

static void write_str(struct shell_session *ss, const char *s)
{
	ss->ops->write(ss->ctx, s, strlen(s));
}

static void shell_write(void *ctx, const char *text)
{
	write_str(ctx, text);
}

static void echo(void *ctx, const char *s, size_t n)
{
	struct shell_session *ss = ctx;

	ss->ops->write(ss->ctx, s, n);
}

/* Device events change the machine behind the shell's back: the state
 * before the next one is kept from the moment the shell goes idle (the
 * pollers change nothing else), so that each poll need not take it. */
static void open_change(struct shell_session *ss)
{
	shell_note_change_begin(&ss->sh, "device event");
}

void shell_session_init(struct shell_session *ss, const struct pfs_ns *ns,
			const struct shell_ops *shops, struct hotplug_poller_list *pollers,
			unsigned first_event, const struct shell_session_ops *ops, void *ctx)
{
	memset(ss, 0, sizeof(*ss));
	shell_init(&ss->sh, ns, shell_write, shops, ss);
	line_edit_init(&ss->le, echo, ss);
	ss->ops = ops;
	ss->ctx = ctx;
	ss->pollers = pollers;
	ss->events.handled = first_event;
	ss->check.ns = ns;
	ss->check.first_runtime_memmap = ns->fwmap ? firmware_map_next_index_in(ns->fwmap) : 0;
	ss->check.memory_test = ops->memory_test;
}

void shell_session_release(struct shell_session *ss)
{
	shell_release(&ss->sh);
}

void shell_session_start(struct shell_session *ss)
{
	shell_prompt(&ss->sh);
	open_change(ss);
}

/* The prompt again, with the line being typed and the cursor where it was. */
static void prompt_again(struct shell_session *ss)
{
	shell_prompt(&ss->sh);
	if (ss->le.len) {
		ss->ops->write(ss->ctx, ss->le.buf, ss->le.len);
		for (unsigned int i = ss->le.cur; i < ss->le.len; i++)
			write_str(ss, "\b");
	}
}

void shell_session_key(struct shell_session *ss, const struct key_event *ev)
{
	if (ss->ops->screen_key && ss->ops->screen_key(ss->ctx, ev))
		return;
	switch (line_edit_feed(&ss->le, ev)) {
	case LINE_EDIT_DONE:
		if (ss->ops->before_command)
			ss->ops->before_command(ss->ctx);
		shell_exec(&ss->sh, line_edit_line(&ss->le));
		open_change(ss);
		shell_prompt(&ss->sh);
		break;
	case LINE_EDIT_CANCEL:
		shell_prompt(&ss->sh);
		break;
	case LINE_EDIT_EOF:
	case LINE_EDIT_BUSY:
		break;
	}
}

/* The event's report; the line the prompt was on has been left already. */
static void report_event(struct shell_session *ss, const struct hotplug_event *ev)
{
	unsigned k = ++ss->events.handled;
	char line[160];
	int failed;

	/* The change opened while idle is this event's. */
	snprintf(ss->sh.pending.what, sizeof(ss->sh.pending.what), "%s %s 0x%llx-0x%llx",
		 ev->device, hotplug_action_name(ev->action), (unsigned long long)ev->start,
		 (unsigned long long)ev->end);
	shell_note_change_end(&ss->sh);
	snprintf(line, sizeof(line), "event %u: %s\n", k, ss->sh.last.what);
	write_str(ss, line);
	shell_print_change(&ss->sh);
	printk_capture_start(ss->capture, sizeof(ss->capture));
	failed = hotplug_event_check(&ss->check, k, ev);
	printk_capture_stop();
	if (failed) {
		write_str(ss, ss->capture);
		ss->events.failed++;
	} else {
		ss->events.passed++;
	}
	hotplug_event_handled_line(line, sizeof(line), k, ev);
	write_str(ss, line);
	open_change(ss);
}

unsigned shell_session_poll_devices(struct shell_session *ss)
{
	bool left_prompt = false;
	unsigned n = 0;

	for (struct hotplug_poller *p = ss->pollers ? ss->pollers->first : NULL, *next; p;
	     p = next) {
		struct hotplug_event ev;
		size_t said;
		int r;

		/* A poller may unregister itself. */
		next = p->next;
		if (!ss->sh.in_change)
			open_change(ss);
		/* What the driver prints (a DIMM found, a device error) goes
		 * below the prompt, not after it. */
		printk_capture_start(ss->capture, sizeof(ss->capture));
		r = hotplug_poll_one(p, &ev, &ss->events);
		said = printk_capture_stop();
		if ((said || r) && !left_prompt) {
			write_str(ss, "\n");
			left_prompt = true;
		}
		if (said)
			write_str(ss, ss->capture);
		if (r) {
			report_event(ss, &ev);
			n++;
		}
	}
	if (left_prompt)
		prompt_again(ss);
	return n;
}
