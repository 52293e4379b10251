/* Legacy option-ROM probing (after Linux's arch/x86/kernel/probe_roms.c):
 * "Video ROM", "Adapter ROM" and "System ROM" resources in the ISA hole. */
#ifndef DRIVERS_FIRMWARE_PROBE_ROMS_H
#define DRIVERS_FIRMWARE_PROBE_ROMS_H

#include <stddef.h>
#include <stdint.h>

/* Reads len bytes of physical memory at phys into dst; 0 or -EFAULT. The
 * kernel reads the identity map; tests pass a fake ROM area. */
typedef int (*rom_read_fn)(void *ctx, uint64_t phys, void *dst, size_t len);

#include "kernel/resource.h"

#define NR_ADAPTER_ROMS 6

/* The resources one probe owns (the kernel keeps one for the machine; tests
 * use their own, so they never touch the machine's). */
struct probe_roms_state {
	struct resource video_rom, system_rom, extension_rom;
	struct resource adapter_roms[NR_ADAPTER_ROMS];
};

/* Probes 0xc0000-0xfffff and requests the ROM resources below root (the
 * kernel: iomem_resource).
 * Must run before the e820 entries are inserted (so that "Reserved" becomes
 * the parent of "System ROM", as on Linux). Returns how many ROMs it found. */
int probe_roms(struct probe_roms_state *st, struct resource *root, rom_read_fn read, void *ctx);

/* Releases what probe_roms() requested. */
void probe_roms_release(struct probe_roms_state *st);

#endif
