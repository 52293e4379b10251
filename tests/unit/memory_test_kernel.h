/* TEMPORARY, until the hotplug drivers take a struct mhp_state: the fixture
 * of the driver suites (acpi_memhp, dax_kmem, hotplug_events), whose drivers
 * still act on the kernel's own hotplug state. It sets the kernel's iomem
 * tree, firmware memmap and init_mhp aside, gives init_mhp the fake machine
 * and the settings of memory_test_util.h, and puts everything back in exit.
 * New suites use memory_test_util.h's fresh world instead. */
#ifndef TESTS_UNIT_MEMORY_TEST_KERNEL_H
#define TESTS_UNIT_MEMORY_TEST_KERNEL_H

#include "kernel/ktest.h"
#include "tests/unit/memory_test_util.h"

int memtest_kernel_init(struct ktest *t);
/* memtest_kernel_init() plus the base machine (memtest_build_base_in()). */
int memtest_kernel_init_base(struct ktest *t);
void memtest_kernel_exit(struct ktest *t);

static inline void memtest_kernel_snapshot(char *buf, size_t size, unsigned int parts)
{
	memtest_snapshot_of(&init_mhp, buf, size, parts);
}

#endif
