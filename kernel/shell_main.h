/* The interactive shell of the running kernel (hotmem.shell, docs/shell.md):
 * after the self-tests (and any hotmem.events), the screen shows the summary
 * and the session below it, keys come from the PS/2 keyboard and COM1, and
 * run-time hotplug events are served at the prompt. Kernel only. */
#ifndef KERNEL_SHELL_MAIN_H
#define KERNEL_SHELL_MAIN_H

#include <stdint.h>

#include "kernel/ktest.h"

/* Runs the shell until `exit` (which calls end_run with the verdict of the
 * whole run: the self-tests and events so far, the self-tests and the
 * event checks of the session) or `halt`. events_handled: the events the
 * run served before, so numbers go on; memory_test: the memory_works check
 * of events (struct hotplug_event_ops); end_run must not return. Never
 * returns. */
__attribute__((noreturn)) void shell_main(enum ktest_verdict verdict, unsigned events_handled,
					  int (*memory_test)(uint64_t start, uint64_t end),
					  void (*end_run)(enum ktest_verdict verdict));

#endif
