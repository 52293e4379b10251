/* Reference clocks for calibrating the TSC: a counter of known frequency
 * (the HPET main counter, the ACPI PM timer) read through a callback, so the
 * arithmetic and the bounds are pure C and tested on the host with fake
 * counters (tests/unit/clock_ref_test.c). The PIT, which counts down to an
 * output bit rather than being read, stays in kernel/timer.c. */
#ifndef KERNEL_CLOCK_REF_H
#define KERNEL_CLOCK_REF_H

#include <stdbool.h>
#include <stdint.h>

struct clock_ref {
	const char *name; /* as printed: "HPET", "ACPI PM timer" */
	uint64_t hz;	  /* counts per second, > 0 */
	uint64_t mask;	  /* the counter's width: 2^bits - 1 */
	uint64_t (*read)(const struct clock_ref *ref);
	uintptr_t base; /* the counter's MMIO address or I/O port */
};

/* The cycle counter being calibrated (rdtsc() in the kernel). */
typedef uint64_t (*clock_cycles_fn)(void *ctx);

/* Hz of a period given in femtoseconds (the HPET's unit): 0 if the period
 * is 0 or longer than the HPET specification's 100 ns maximum. */
uint64_t clock_hz_from_fs(uint64_t period_fs);

/* Measures cycles per millisecond: waits until `ref` has advanced by ms
 * milliseconds (counter wrap handled by its mask), reading it at most
 * max_reads times. 0 and *per_ms; -EINVAL (bad ref, ms 0), -ETIMEDOUT
 * (the counter did not advance far enough: stopped or absent), -ERANGE (no
 * cycles counted). */
int clock_ref_calibrate(const struct clock_ref *ref, clock_cycles_fn cycles, void *ctx,
			unsigned int ms, uint64_t max_reads, uint64_t *per_ms);

/* Cycles per millisecond when `cycles` passed while a counter of hz
 * advanced `counts`; 0 if counts is 0. */
uint64_t clock_rate_per_ms(uint64_t cycles, uint64_t counts, uint64_t hz);

/* Do two rates agree within pct percent of the larger? */
bool clock_rates_agree(uint64_t a, uint64_t b, unsigned int pct);

#endif
