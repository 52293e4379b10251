/* Reference clocks for the TSC calibration of kernel/timer.c, found in the
 * ACPI tables (kernel only). Each registers with timer_add_reference() and
 * returns 0, -ENODEV (not there or not usable) or that call's error. */
#ifndef DRIVERS_CLOCKSOURCE_CLOCKSOURCE_H
#define DRIVERS_CLOCKSOURCE_CLOCKSOURCE_H

#include <stdint.h>

#include "drivers/acpi/tables.h"
#include "kernel/timer.h"

/* The HPET whose register block is at base (ACPI HPET table). */
int hpet_clock_register(uint64_t base);
/* The PM timer of the FADT. */
int acpi_pm_clock_register(const struct acpi_pm_timer *pm);

#endif
