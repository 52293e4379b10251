/* The real machine behind mm/hotplug_arch.h (kernel only): the direct map
 * (mm/paging.c) and the page allocator (mm/page_alloc.c, page_allocator).
 *
 * Phantom ranges (fw.e820 RAM the machine lacks) are never touched: every
 * operation checks machine_is_real_ram() and does nothing (returning 0) for
 * them, even though the core should not ask. Memory below 4 GiB is mapped by
 * the boot identity map for good, so only the part above 4 GiB is mapped and
 * unmapped here. */
#ifndef MM_HOTPLUG_MACHINE_H
#define MM_HOTPLUG_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/hotplug_arch.h"

extern const struct mhp_arch_ops machine_hotplug_ops;

/* Makes machine_hotplug_ops the kernel's (init_mhp.ops). Call after
 * paging_init() (which needs memory_setup() done). */
void hotplug_machine_init(void);

/* Not phantom, and either RAM in the boot loader's map (the real one, from
 * fw_emul) or inside one declared device-RAM range; false for size 0, a
 * wrapping range, or before memory_setup(). */
bool machine_is_real_ram(uint64_t start, uint64_t size);

/* Device RAM the loader's map cannot know about because it is plugged at
 * run time (ACPI DIMM, virtio-mem): its driver, which learnt the range from
 * the device, declares it before add_memory() and forgets it after
 * remove_memory(), through mhp_declare_device_ram()/mhp_forget_device_ram()
 * (these are machine_hotplug_ops' declare_ram/forget_ram). Without this such
 * memory would count as not real and be bookkept only. Declare: 0, -EINVAL
 * (empty, wraps, touches phantom RAM), -EEXIST (overlaps a declared range),
 * -ENOSPC (MACHINE_MAX_DEVICE_RAM ranges already). Forget: 0 or -ENOENT (no
 * range with exactly these bounds). */
#define MACHINE_MAX_DEVICE_RAM 32
int machine_declare_device_ram(uint64_t start, uint64_t size);
int machine_forget_device_ram(uint64_t start, uint64_t size);

#endif
