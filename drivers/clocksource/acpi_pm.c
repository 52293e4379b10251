/* The ACPI PM timer as a reference clock for TSC calibration
 * (kernel/timer.h): a 3.579545 MHz counter read from an I/O port, 24 bits
 * wide unless the FADT sets TMR_VAL_EXT. */
#include "drivers/clocksource/clocksource.h"

#include "kernel/io.h"
#include "kernel/printk.h"
#include "lib/errno.h"

static uint64_t acpi_pm_read(const struct clock_ref *ref)
{
	return inl((uint16_t)ref->base) & ref->mask;
}

int acpi_pm_clock_register(const struct acpi_pm_timer *pm)
{
	struct clock_ref ref = {
	    .name = "ACPI PM timer", .hz = ACPI_PM_TIMER_HZ, .read = acpi_pm_read};
	int err;

	if (!pm->port)
		return -ENODEV;
	ref.base = pm->port;
	ref.mask = pm->ext32 ? 0xffffffffull : 0xffffffull;
	err = timer_add_reference(&ref);
	if (err)
		printk("acpi_pm: cannot register the PM timer as a reference clock (%s)\n",
		       errno_name(err));
	return err;
}
