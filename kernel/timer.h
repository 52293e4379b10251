/* A millisecond clock for polling loops (kernel only): the TSC, calibrated
 * once against PIT channel 2, or, where the PIT does not count (PCs without
 * one, QEMU's pit=off), against a reference clock a driver registered: the
 * HPET, then the ACPI PM timer (Linux's references, in its order of
 * preference). A 1 GHz TSC is assumed only when none of them counts. Good
 * to a few percent: enough for timeouts, not for benchmarks. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

#include "kernel/clock_ref.h"

#define TIMER_MAX_REFS 2

/* Registers a reference clock (copied) for calibration; drivers call it
 * before the timer is first used. 0, -EINVAL, -ENOSPC, or -EBUSY (already
 * calibrated). */
int timer_add_reference(const struct clock_ref *ref);
/* Calibrates (once; later calls return the first result) against the PIT,
 * else the references in order. 0, or -ETIMEDOUT when nothing counted (an
 * assumed 1 GHz TSC is used then). */
int timer_init(void);
/* What the TSC was calibrated against: "PIT", a reference's name, or NULL
 * (guessed). Calibrates if needed. */
const char *timer_source(void);
/* TSC ticks per millisecond in use. */
uint64_t timer_tsc_per_ms(void);
/* For the self-tests: the references registered, and a fresh measurement
 * of the TSC rate against PIT channel 2 (ref NULL) or one reference. */
unsigned int timer_references(const struct clock_ref **refs);
int timer_measure(const struct clock_ref *ref, unsigned int ms, uint64_t *per_ms);
/* Milliseconds since timer_init() (which it calls if needed). */
uint64_t ktime_ms(void);
/* TSC ticks (a difference of rdtsc() values) in milliseconds; calibrates
 * without printing anything if that has not happened yet. */
uint64_t tsc_ms(uint64_t ticks);
/* Busy-waits at least ms milliseconds. */
void mdelay(unsigned ms);

#endif
