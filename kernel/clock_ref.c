/* TSC calibration against a readable reference counter (kernel/clock_ref.h). */
#include "kernel/clock_ref.h"

#include "lib/errno.h"

#define FS_PER_S	   1000000000000000ull
#define HPET_MAX_PERIOD_FS 100000000ull /* 100 ns: the HPET specification's limit */

uint64_t clock_hz_from_fs(uint64_t period_fs)
{
	if (period_fs == 0 || period_fs > HPET_MAX_PERIOD_FS)
		return 0;
	return FS_PER_S / period_fs;
}

int clock_ref_calibrate(const struct clock_ref *ref, clock_cycles_fn cycles, void *ctx,
			unsigned int ms, uint64_t max_reads, uint64_t *per_ms)
{
	uint64_t want, r0, r, elapsed = 0, c0, c1, reads = 0;

	if (!ref || !ref->read || !ref->hz || !ref->mask || !cycles || !ms)
		return -EINVAL;
	want = ref->hz * ms / 1000;
	if (!want || want > ref->mask / 2) /* half the width: one wrap at most */
		return -EINVAL;
	r0 = ref->read(ref) & ref->mask;
	c0 = cycles(ctx);
	while (elapsed < want) {
		if (++reads > max_reads)
			return -ETIMEDOUT;
		r = ref->read(ref) & ref->mask;
		elapsed = (r - r0) & ref->mask;
	}
	c1 = cycles(ctx);
	if (c1 <= c0)
		return -ERANGE;
	*per_ms = clock_rate_per_ms(c1 - c0, elapsed, ref->hz);
	return *per_ms ? 0 : -ERANGE;
}

uint64_t clock_rate_per_ms(uint64_t cycles, uint64_t counts, uint64_t hz)
{
	/* cycles * hz / (counts * 1000), split so that cycles * hz (up to
	 * 2^40 * 2^34 here) never overflows. */
	if (!counts)
		return 0;
	return cycles / counts * hz / 1000 + cycles % counts * hz / counts / 1000;
}

bool clock_rates_agree(uint64_t a, uint64_t b, unsigned int pct)
{
	uint64_t hi = a > b ? a : b, lo = a > b ? b : a;

	return (hi - lo) * 100 <= hi * pct;
}
