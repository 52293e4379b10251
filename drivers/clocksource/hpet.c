/* The HPET's main counter as a reference clock for TSC calibration
 * (kernel/timer.h). Registers: the capabilities word at 0 (bits 63:32: the
 * counter period in femtoseconds; bit 13: a 64-bit counter), the general
 * configuration at 0x10 (bit 0: the counter runs), the main counter at 0xf0. */
#include "drivers/clocksource/clocksource.h"

#include "kernel/printk.h"
#include "lib/errno.h"
#include "mm/paging.h"

#define HPET_CAP	0x00
#define HPET_CAP_64BIT	(1ull << 13)
#define HPET_CFG	0x10
#define HPET_CFG_ENABLE 1ull
#define HPET_COUNTER	0xf0
#define HPET_MMIO_BYTES 1024

static inline uint64_t mmio_read64(uintptr_t addr)
{
	return *(volatile uint64_t *)addr;
}

static inline void mmio_write64(uintptr_t addr, uint64_t v)
{
	*(volatile uint64_t *)addr = v;
}

static uint64_t hpet_read(const struct clock_ref *ref)
{
	return mmio_read64(ref->base + HPET_COUNTER);
}

int hpet_clock_register(uint64_t base)
{
	struct clock_ref ref = {.name = "HPET", .read = hpet_read};
	uint64_t cap, cfg;
	int err;

	if (!base)
		return -ENODEV;
	/* Mapped wherever it is, as a screen is (mm/paging.h). */
	err = paging_map_mmio(base, HPET_MMIO_BYTES);
	if (err && err != -EEXIST)
		return -ENODEV;
	ref.base = (uintptr_t)base;
	cap = mmio_read64(ref.base + HPET_CAP);
	ref.hz = clock_hz_from_fs(cap >> 32);
	if (!ref.hz || cap == ~0ull) {
		printk("hpet: no usable HPET at %#llx (capabilities %#llx)\n",
		       (unsigned long long)base, (unsigned long long)cap);
		return -ENODEV;
	}
	ref.mask = (cap & HPET_CAP_64BIT) ? ~0ull : 0xffffffffull;
	/* Firmware may leave the counter stopped; Linux starts it too. */
	cfg = mmio_read64(ref.base + HPET_CFG);
	if (!(cfg & HPET_CFG_ENABLE))
		mmio_write64(ref.base + HPET_CFG, cfg | HPET_CFG_ENABLE);
	err = timer_add_reference(&ref);
	if (err)
		printk("hpet: cannot register the HPET as a reference clock (%s)\n",
		       errno_name(err));
	return err;
}
