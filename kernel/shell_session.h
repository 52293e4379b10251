/* The interactive shell's session (docs/shell.md): keys through the line
 * editor (kernel/line_edit.h) into the shell (kernel/shell.h), and, while
 * the shell waits for a key, the run-time hotplug pollers
 * (kernel/hotplug_events.h), each event reported at the prompt.
 *
 * Pure C: keys, the consoles and the screen keys come through struct
 * shell_session_ops; the caller decides when to poll keys and devices (the
 * kernel: keys all the time, devices every 10 ms), so a test feeds keys and
 * fake pollers and reads what the session wrote.
 *
 * An event at the prompt prints, from a new line:
 *
 *   <what the driver printed while it handled the request>
 *   event <k>: <device> <add|remove|resize> 0x<start>-0x<end>
 *   <the shell's short report: diff of /proc/iomem and the memmap, "why:" lines>
 *   # hotmem: handled <k> <device> <add|remove|resize> 0x<start>-0x<end>
 *   hotmem> <the line being typed, cursor where it was>
 *
 * The event's consistency checks (hotplug_event_check) run quietly: their
 * KTAP document is printed only when a case failed, and counts in
 * events.failed. */
#ifndef KERNEL_SHELL_SESSION_H
#define KERNEL_SHELL_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/hotplug_events.h"
#include "kernel/input.h"
#include "kernel/line_edit.h"
#include "kernel/shell.h"

struct shell_session_ops {
	/* Text for every console: the prompt, the echo, the shell's output,
	 * the event reports. */
	void (*write)(void *ctx, const char *s, size_t n);
	/* A key for the screen (scrollback): true when it took the key, which
	 * then does not reach the line editor. May be NULL. */
	bool (*screen_key)(void *ctx, const struct key_event *ev);
	/* Just before a command line runs (the kernel keeps the screen's text
	 * for /sys/kernel/hotmem/screen). May be NULL. */
	void (*before_command)(void *ctx);
	/* The memory_works case of add and resize events (the kernel passes a
	 * pattern test); NULL: no such case. */
	int (*memory_test)(uint64_t start, uint64_t end);
};

/* What a device poll or an event's checks print, kept for a moment. */
#define SHELL_SESSION_CAPTURE 8192

struct shell_session {
	struct shell sh;
	struct line_edit le;
	const struct shell_session_ops *ops;
	void *ctx;
	struct hotplug_poller_list *pollers;
	struct hotplug_check check;
	/* handled: events of the run so far (numbers continue from
	 * first_event); passed/failed: the event checks of this session. */
	struct hotplug_event_result events;
	char capture[SHELL_SESSION_CAPTURE];
};

/* A session over ns (the shell's namespace, also what the event checks
 * look at) with the shell ops shops (their ctx is the session: ss->ctx is
 * the caller's ctx), the pollers (may be NULL: no events), and events
 * numbered from first_event + 1 (the events the run handled before). */
void shell_session_init(struct shell_session *ss, const struct pfs_ns *ns,
			const struct shell_ops *shops, struct hotplug_poller_list *pollers,
			unsigned first_event, const struct shell_session_ops *ops, void *ctx);
/* Frees what the shell keeps. */
void shell_session_release(struct shell_session *ss);

/* Prints the first prompt. */
void shell_session_start(struct shell_session *ss);

/* One key: to the screen if it wants it, else to the line editor; Enter
 * runs the line (the prompt follows), Ctrl-C drops it, Ctrl-D is ignored
 * (the run ends with exit or halt only). */
void shell_session_key(struct shell_session *ss, const struct key_event *ev);

/* Polls every poller once; each completed device request is reported as
 * above (what a poll printed without an event, e.g. a device error, is
 * shown the same way, then the prompt again). Returns the number of
 * events. */
unsigned shell_session_poll_devices(struct shell_session *ss);

#endif
