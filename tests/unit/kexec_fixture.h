/* Shared fixture of the kexec_file, kexec_load and kdump suites: a small
 * machine built by hand, for each case afresh, in an iomem tree, a firmware
 * memmap and teaching switches of its own (kx), which the cases hand to the
 * views' _in functions as kx.src. The kernel's own state is never touched
 * (the suites also run inside the booted kernel).
 *
 *  0           1000      9fc00  f0000   100000              1ffe0000 1fff0000
 *  [Reserved  ][System RAM][Res ] [Res  ][System RAM ........][ACPI   ][ACPI NVS]
 *                                 [ROM  ] [Kernel code]
 *
 *  30000000                         fffc0000  100000000        140000000
 *  [Persistent Memory (legacy) ...] [Res    ] [System RAM     ][virtio0 ..........]
 *   [dax0.0 .......................]           hot-added DIMM   [System RAM         ]
 *    [System RAM (kmem), DM .......]           (memmap entry)   [(virtio_mem), DM   ]
 *
 * The driver-managed virtio-mem RAM (140000000-17fffffff) is the highest RAM,
 * so the 2024 reverse-walk bug shows in a top-down placement. */
#ifndef TESTS_UNIT_KEXEC_FIXTURE_H
#define TESTS_UNIT_KEXEC_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "drivers/firmware/memmap.h"
#include "kernel/kexec.h"
#include "kernel/ktest.h"
#include "kernel/pseudofs.h"
#include "kernel/resource.h"

#define KX_MEM	   IORESOURCE_MEM
#define KX_SYS_RAM IORESOURCE_SYSTEM_RAM
#define KX_BUSY	   IORESOURCE_BUSY
#define KX_DM	   IORESOURCE_SYSRAM_DRIVER_MANAGED

#define KX_KiB (1ULL << 10)
#define KX_MiB (1ULL << 20)
#define KX_GiB (1ULL << 30)

/* A node of a hand-built tree: depth 0 is a child of kx.iomem, depth d + 1
 * a child of the last node of depth d before it. */
struct kx_node {
	int depth;
	resource_size_t start, end;
	const char *name;
	unsigned long flags, desc;
};

/* A firmware memmap entry, exclusive end as the memmap API takes it. */
struct kx_memmap {
	u64 start, end_excl;
	const char *type;
};

/* The machine drawn above; both end with an entry whose name/type is NULL. */
extern const struct kx_node kx_machine[];
/* Its firmware e820 (boot entries), without the hot-added DIMM. */
extern const struct kx_memmap kx_machine_e820[];
/* The hot-added DIMM's entry. */
extern const struct kx_memmap kx_dimm;

#define KX_VIRTIO_MEM_START 0x140000000ULL
#define KX_VIRTIO_MEM_END   0x17fffffffULL
#define KX_KMEM_START	    0x30000000ULL
#define KX_KMEM_END	    0x3fffffffULL
#define KX_DIMM_START	    0x100000000ULL
#define KX_DIMM_END	    0x13fffffffULL

/* The machine of the running case. */
struct kx_state {
	struct resource iomem;	   /* an empty IOMEM_ROOT_INIT root */
	struct firmware_map fwmap; /* an empty map */
	struct kexec_switches sw;  /* all off */
	struct kexec_view_src src; /* the three above, for the views */
};
extern struct kx_state kx;
/* The pseudo-files of kx (its tree, memmap and views). */
extern const struct pfs_ns kx_ns;

/* Suite init/exit: init sets kx up as described above and turns fault
 * injection off; exit turns it off too and frees what the case built in kx. */
int kx_init(struct ktest *t);
void kx_exit(struct ktest *t);

/* Builds spec into kx.iomem; false (nothing half-explained) on error. */
bool kx_build(const struct kx_node *spec);
/* Adds boot entries to kx.fwmap (firmware_map_add_early_in()) and publishes
 * them. */
bool kx_memmap_boot(const struct kx_memmap *m);
/* The machine: tree, boot memmap and (hot-added after boot) the DIMM. */
bool kx_machine_build(void);

/* True if [start, end] overlaps a driver-managed resource of kx.iomem. */
bool kx_overlaps_driver_managed(resource_size_t start, resource_size_t end);
/* True if [start, end] lies inside one busy System RAM resource that is
 * not driver-managed. */
bool kx_inside_usable_ram(resource_size_t start, resource_size_t end);

/* printk capture for the cases (static storage: the kernel stack is small). */
void kx_capture_start(void);
const char *kx_capture_stop(void);

#endif
