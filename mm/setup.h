/* Boot-time memory setup (kernel only): boot loader map -> emulated firmware
 * view -> working table (with mem=/memmap=) -> memblock -> kernel heap, and
 * the kernel image resources. Follows docs/architecture.md in one direction. */
#ifndef MM_SETUP_H
#define MM_SETUP_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/cmdline.h"
#include "kernel/multiboot2.h"
#include "mm/e820.h"
#include "mm/fw_emul.h"

/* The emulated firmware (hidden windows and phantom ranges for later users). */
extern struct fw_emul fw_emul;
/* mem= limit for boot-time hot-add (UINT64_MAX when not given). */
extern uint64_t max_mem_size;

/* Builds the three e820 tables from the boot information and the command
 * line and prints them as Linux does. Returns 0, or -errno when no usable
 * memory map exists (the kernel then panics). */
int memory_setup(const struct mb2_info *mbi, uint64_t info_addr, uint64_t info_size,
		 const struct cmdline *cl);

/* Then, once early edits of the working table are done (the UEFI boot logo,
 * drivers/acpi/bgrt.h): memblock from the working table, and the kernel
 * heap its memory. Later than in Linux, so that no early allocation can land
 * on memory firmware data still occupies. info_addr/info_size: the
 * multiboot2 buffer, kept reserved. */
void memory_setup_memblock(const struct mb2_info *mbi, uint64_t info_addr, uint64_t info_size,
			   const struct cmdline *cl);

/* The UEFI memory map the loader gave (0 descriptors on a BIOS boot). */
size_t efi_memmap_descs(const struct e820_efi_desc **d);

/* After memory_setup() and the machine's hotplug ops: memory blocks for
 * boot RAM and the hotplug settings from the command line
 * (memhp_default_state=, mhp.semantics=, the mem= limit). 0 or -ENOMEM. */
int memory_hotplug_init(const struct cmdline *cl);

/* "Kernel code", "Kernel rodata", "Kernel data", "Kernel bss" in iomem. */
void reserve_kernel_resources(void);

#endif
