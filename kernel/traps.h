/* CPU exceptions: GDT with a TSS (a separate stack for double faults), the
 * IDT for vectors 0-31, and a handler that prints the registers and ends the
 * run with the crash verdict. */
#ifndef KERNEL_TRAPS_H
#define KERNEL_TRAPS_H

#include <stdint.h>

/* Pushed by boot/isr.asm; the order must match its push sequence. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

void traps_init(void);

/* A self-test that raises an exception on purpose arms this first: when the
 * next exception has vector `vector`, the handler records it and resumes at
 * `resume_rip` instead of ending the run. Disarmed after one hit. */
struct trap_expect {
	int armed;
	uint64_t vector;
	uint64_t resume_rip;
	int hit;
	uint64_t error, cr2, rip;
};
extern volatile struct trap_expect trap_expect;
void trap_handler(struct trap_frame *f);

/* hotmem.crash=pf|ud|de: raise that exception on purpose (test-only), so the
 * host harness can prove crashes are detected. Returns -EINVAL for other
 * values; does not return otherwise. */
int crash_on_purpose(const char *what);

#endif
