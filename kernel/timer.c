/* TSC calibrated against PIT channel 2 or a reference clock (see
 * kernel/timer.h). */
#include "kernel/timer.h"

#include <stdbool.h>

#include "kernel/io.h"
#include "kernel/printk.h"
#include "lib/errno.h"

#define PIT_HZ	     1193182u
#define PIT_CH2	     0x42
#define PIT_CMD	     0x43
#define PIT_GATE     0x61 /* bit 0: channel 2 gate, bit 1: speaker, bit 5: OUT2 */
#define CALIBRATE_MS 50u
/* Far more port reads than 50 ms can take even under TCG: the PIT is dead. */
#define CALIBRATE_SPIN_LIMIT 50000000u

static uint64_t tsc_per_ms;
static uint64_t tsc_zero;
static int init_result;
static bool initialised, calibrated;
static const char *source;
static uint64_t pit_deviation; /* the PIT's rate when a reference overruled it */
static struct clock_ref refs[TIMER_MAX_REFS];
static unsigned int nrefs;

int timer_add_reference(const struct clock_ref *ref)
{
	if (!ref || !ref->read || !ref->hz || !ref->mask)
		return -EINVAL;
	if (calibrated)
		return -EBUSY;
	if (nrefs == TIMER_MAX_REFS)
		return -ENOSPC;
	refs[nrefs++] = *ref;
	return 0;
}

unsigned int timer_references(const struct clock_ref **out)
{
	*out = refs;
	return nrefs;
}

static uint64_t tsc_cycles(void *ctx)
{
	(void)ctx;
	return rdtsc();
}

/* Counts PIT channel 2 down over ms milliseconds. With ref, the reference
 * is read at both ends of the same window (Linux's pit_hpet_ptimer
 * calibration): *ref_per_ms is its measurement, 0 if it did not advance. */
static int pit_calibrate(unsigned int ms, uint64_t *per_ms, const struct clock_ref *ref,
			 uint64_t *ref_per_ms)
{
	uint16_t count = (uint16_t)(PIT_HZ / 1000 * ms);
	uint8_t gate = inb(PIT_GATE);
	uint64_t t0, t1, r0 = 0, r1 = 0;
	unsigned spins = 0;

	/* Gate on, speaker off, so channel 2 counts without a beep. */
	outb(PIT_GATE, (uint8_t)((gate & ~0x02) | 0x01));
	/* Channel 2, lobyte/hibyte, mode 0 (OUT rises when the count hits 0). */
	outb(PIT_CMD, 0xb0);
	outb(PIT_CH2, (uint8_t)(count & 0xff));
	outb(PIT_CH2, (uint8_t)(count >> 8));
	/* Loading the count drops OUT2 in mode 0: if it is still high, nothing
	 * counts there (no PIT: port 0x61 of an absent device reads 0xff). */
	if (inb(PIT_GATE) & 0x20) {
		outb(PIT_GATE, gate);
		return -ENODEV;
	}
	if (ref)
		r0 = ref->read(ref);
	t0 = rdtsc();
	while (!(inb(PIT_GATE) & 0x20)) {
		if (++spins > CALIBRATE_SPIN_LIMIT) {
			outb(PIT_GATE, gate);
			return -ETIMEDOUT;
		}
	}
	t1 = rdtsc();
	if (ref) {
		r1 = ref->read(ref);
		*ref_per_ms = clock_rate_per_ms(t1 - t0, (r1 - r0) & ref->mask, ref->hz);
	}
	outb(PIT_GATE, gate);
	*per_ms = (t1 - t0) / ms;
	return *per_ms ? 0 : -ETIMEDOUT;
}

int timer_measure(const struct clock_ref *ref, unsigned int ms, uint64_t *per_ms)
{
	if (!ref)
		return ms && ms <= CALIBRATE_MS ? pit_calibrate(ms, per_ms, NULL, NULL) : -EINVAL;
	return clock_ref_calibrate(ref, tsc_cycles, NULL, ms, CALIBRATE_SPIN_LIMIT, per_ms);
}

/* Linux's rule (native_calibrate_tsc's PIT path): the PIT, checked against
 * the first reference read over the same window; if they differ by more
 * than 10%, the reference wins (the PIT is the less precise, and under
 * emulation often the slower to answer). Without a PIT, the references in
 * the order the drivers registered them. */
static int calibrate(uint64_t *per_ms)
{
	uint64_t pit, ref = 0;
	int err = pit_calibrate(CALIBRATE_MS, &pit, nrefs ? &refs[0] : NULL, &ref);

	if (!err) {
		if (!ref || clock_rates_agree(pit, ref, 10)) {
			source = "PIT";
			*per_ms = pit;
		} else {
			pit_deviation = pit;
			source = refs[0].name;
			*per_ms = ref;
		}
		return 0;
	}
	for (unsigned int i = 0; i < nrefs; i++) {
		if (!clock_ref_calibrate(&refs[i], tsc_cycles, NULL, CALIBRATE_MS,
					 CALIBRATE_SPIN_LIMIT, per_ms)) {
			source = refs[i].name;
			return 0;
		}
	}
	return err;
}

/* Calibrates once, silently: tsc_ms() must not print (its caller may be
 * past the end of the machine log). */
static int calibrate_once(void)
{
	if (calibrated)
		return init_result;
	calibrated = true;
	init_result = calibrate(&tsc_per_ms);
	if (init_result)
		tsc_per_ms = 1000000; /* 1 GHz: a guess, but timeouts still end */
	return init_result;
}

int timer_init(void)
{
	if (initialised)
		return init_result;
	initialised = true;
	calibrate_once();
	if (init_result) {
		printk("timer: no PIT, HPET or ACPI PM timer counts (%s); assuming a 1 GHz TSC\n",
		       errno_name(init_result));
	} else {
		if (pit_deviation)
			printk(
			    "timer: PIT calibration deviates from the %s: %llu kHz, not %llu kHz\n",
			    source, (unsigned long long)pit_deviation,
			    (unsigned long long)tsc_per_ms);
		printk("timer: TSC %llu kHz (calibrated against the %s)\n",
		       (unsigned long long)tsc_per_ms, source);
	}
	tsc_zero = rdtsc();
	return init_result;
}

const char *timer_source(void)
{
	calibrate_once();
	return source;
}

uint64_t timer_tsc_per_ms(void)
{
	calibrate_once();
	return tsc_per_ms;
}

uint64_t ktime_ms(void)
{
	timer_init();
	return (rdtsc() - tsc_zero) / tsc_per_ms;
}

uint64_t tsc_ms(uint64_t ticks)
{
	calibrate_once();
	return ticks / tsc_per_ms;
}

void mdelay(unsigned ms)
{
	uint64_t end;

	timer_init();
	end = rdtsc() + (uint64_t)ms * tsc_per_ms;
	while ((int64_t)(rdtsc() - end) < 0)
		cpu_relax();
}
