/* A millisecond clock for polling loops (kernel only): the TSC, calibrated
 * once against PIT channel 2, which every PC and QEMU machine has (the HPET
 * is optional). Good to a few percent: enough for timeouts, not for
 * benchmarks. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

/* Calibrates (once; later calls return the first result). 0, or -ETIMEDOUT
 * when the PIT never counted down (an assumed 1 GHz TSC is used then). */
int timer_init(void);
/* Milliseconds since timer_init() (which it calls if needed). */
uint64_t ktime_ms(void);
/* TSC ticks (a difference of rdtsc() values) in milliseconds; calibrates
 * without printing anything if that has not happened yet. */
uint64_t tsc_ms(uint64_t ticks);
/* Busy-waits at least ms milliseconds. */
void mdelay(unsigned ms);

#endif
