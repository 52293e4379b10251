/* Ending the run: the verdict exit values of docs/ktap.md, panic, and how the
 * machine stops (QEMU debug-exit, halt or reboot). */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <stdint.h>

/* Values written to isa-debug-exit; QEMU exits with (v << 1) | 1. */
#define EXIT_VALUE_PASS	 0
#define EXIT_VALUE_FAIL	 1
#define EXIT_VALUE_SKIP	 38
#define EXIT_VALUE_CRASH 63

enum exit_mode {
	EXIT_MODE_AUTO,	  /* debug-exit when a driver registered one, else halt */
	EXIT_MODE_HALT,	  /* always halt (the screen stays readable) */
	EXIT_MODE_REBOOT, /* reset the machine */
};

void machine_set_exit_mode(enum exit_mode mode);
/* Called by a driver that can end the run (QEMU's isa-debug-exit). */
void machine_register_exit_hook(void (*hook)(uint32_t value));
/* Ends the run with `value`; never returns. */
__attribute__((noreturn)) void machine_exit(uint32_t value);
__attribute__((noreturn)) void machine_exit_crash(void);
/* Prints "# hotmem: panic: <msg>" and ends with the crash verdict. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

#endif
