/* Consumers' views of memory: how kexec and kdump see RAM.
 *
 * Five views, each modelled on the code that really computes it
 * (docs/views.md; the Linux behaviour: docs/linux-model.md, kexec and kdump):
 *  - kexec_file_load (Linux kernel/kexec_file.c, kernel/kexec_file.c here):
 *    segments go into busy System RAM found by walk_system_ram_res() or
 *    walk_system_ram_res_rev(), never into driver-managed RAM.
 *  - kexec_load (kexec-tools, user space; kernel/kexec_load.c): the next
 *    kernel's memory map from /sys/firmware/memmap, or from /proc/iomem when
 *    there is no firmware memmap.
 *  - kdump as the kernel sees it (kernel/kdump.c): the RAM that kexec_file's
 *    crash ELF header describes, every busy System RAM resource at any depth
 *    (since v5.13).
 *  - kdump as kexec-tools sees it (kernel/kdump.c): get_crash_memory_ranges()
 *    over the /proc/iomem lines.
 *  - the e820 a kexec_file-loaded kernel receives (kernel/kexec_file.c):
 *    e820_table_kexec, which hotplug never updates.
 *
 * Everything here is pure C over an iomem tree (kernel/resource.h) and the
 * published entries of a firmware memmap (drivers/firmware/memmap.h), named
 * by a struct kexec_view_src. Each view function takes it first (`_in`); the
 * Linux- and kexec-tools-named forms read the kernel's own, init_kexec_view_src.
 * The views are dumped as pseudo-files under /sys/kernel/hotmem/
 * (docs/views.md).
 *
 * No locking: like the rest of hotmem's core, callers serialise. */
#ifndef KERNEL_KEXEC_H
#define KERNEL_KEXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/errno.h"

struct e820_table;
struct firmware_map;
struct resource;
struct seq_buf;

/* ---- what the views read ---- */

/* Teaching switches: each brings back a Linux bug, so its effect on the
 * views can be shown (docs/linux-model.md, Known Linux bugs). All off in the
 * kernel's instance. */
struct kexec_switches {
	/* The bug fixed in Oct 2024: the reverse walk handed placement copies
	 * whose flags are 0, so the driver-managed check never fired and a
	 * top-down search could land in driver-managed RAM. hotmem's
	 * walk_system_ram_res_rev_in() is fixed; the bug is applied to its
	 * copies before the placement callback sees them. */
	bool rev_walk_drops_flags;
	/* 5.3 to 5.12: kdump_system_ram_ranges() looks only at top-level iomem
	 * resources, as walk_system_ram_res() did then, so nested
	 * "System RAM (kmem)"/"(virtio_mem)" is missing from the dump. */
	bool kdump_walk_first_level_only;
};

/* The kernel's switches. */
extern struct kexec_switches init_kexec_switches;

/* The machine a view looks at: its iomem tree (/proc/iomem), its firmware
 * memmap (/sys/firmware/memmap), the teaching switches, and optionally its
 * kexec e820 table and crashkernel reservations. */
struct kexec_view_src {
	const struct resource *iomem;
	const struct firmware_map *fwmap;
	const struct kexec_switches *sw;
	/* Linux's e820_table_kexec: what kexec_file_load hands the next
	 * kernel. NULL: the machine has none (no KEXEC_FILE_E820_PATH). */
	const struct e820_table *e820_kexec;
	/* Linux's crashk_res and crashk_low_res (kernel/crash_core.h): cut out
	 * of the kernel's crash ELF header. NULL or end 0: none. */
	const struct resource *crashk, *crashk_low;
};

/* The kernel's own: iomem_resource, init_firmware_map, init_kexec_switches,
 * e820_table_kexec, crashk_res and crashk_low_res. */
extern const struct kexec_view_src init_kexec_view_src;

/* ---- ranges, as kexec-tools keeps them (kexec/kexec.h) ---- */

/* One range, end inclusive. type is a RANGE_* value. */
struct memory_range {
	unsigned long long start, end;
	unsigned type;
};

/* kexec-tools' values: the gaps (5, 7..10) are unused there too. */
#define RANGE_RAM      0
#define RANGE_RESERVED 1
#define RANGE_ACPI     2
#define RANGE_ACPI_NVS 3
#define RANGE_UNCACHED 4
#define RANGE_PMEM     6
#define RANGE_PRAM     11

/* A caller-owned array of max_size entries, size of them in use. */
struct memory_ranges {
	unsigned int size;
	unsigned int max_size;
	struct memory_range *ranges;
};

/* "RAM", "RESERVED", "ACPI", "ACPI_NVS", "UNCACHED", "PMEM", "PRAM" (the
 * RANGE_* name without its prefix), or "UNKNOWN". */
const char *memory_range_type_name(unsigned type);

/* The text of a view: one line per range, in array order,
 *   "%016llx-%016llx %s\n"   (start, inclusive end, memory_range_type_name)
 * e.g. "0000000000000400-000000000009fbff RAM". */
void memory_ranges_show(struct seq_buf *m, const struct memory_range *range, size_t nr);
/* The same into buf; returns the full length like snprintf; buf is always
 * terminated when size > 0. */
int memory_ranges_render(const struct memory_range *range, size_t nr, char *buf, size_t size);

/* The RANGE_* type of the /proc/iomem names that kexec-tools' two parsers
 * (get_memory_ranges_proc_iomem(), get_crash_memory_ranges()) map alike:
 * "ACPI Tables" -> RANGE_ACPI, "ACPI Non-volatile Storage" ->
 * RANGE_ACPI_NVS, "Persistent Memory (legacy)" -> RANGE_PRAM, "Persistent
 * Memory" -> RANGE_PMEM, all exact; -1 for any other name, NULL included.
 * "System RAM" and "reserved" are matched differently, by each parser. */
int iomem_common_range_type(const char *name);

/* Shows a view of src: allocates capacity ranges, fills them with
 * get(src, range, &n) (n: capacity in, count out) and shows them. 0,
 * -ENOMEM, or get()'s error (then nothing is shown). */
int memory_ranges_show_filled(const struct kexec_view_src *src, struct seq_buf *m, size_t capacity,
			      int (*get)(const struct kexec_view_src *src,
					 struct memory_range *range, size_t *ranges));

/* Shows a view of src that count() sizes itself (as
 * kexec_file_ram_ranges_in() does): counts with max_size 0, allocates,
 * fills and shows. 0 or -ENOMEM. */
int memory_ranges_show_counted(const struct kexec_view_src *src, struct seq_buf *m,
			       int (*count)(const struct kexec_view_src *src,
					    struct memory_ranges *mr));

/* The views' files (kernel/pseudofs.c, docs/views.md). */
#define KEXEC_FILE_RAM_PATH	"/sys/kernel/hotmem/kexec_file_ram"
#define KEXEC_LOAD_MEMMAP_PATH	"/sys/kernel/hotmem/kexec_load_memmap"
#define KDUMP_RANGES_PATH	"/sys/kernel/hotmem/kdump_ranges"
#define KDUMP_IOMEM_RANGES_PATH "/sys/kernel/hotmem/kdump_iomem_ranges"
#define KEXEC_FILE_E820_PATH	"/sys/kernel/hotmem/kexec_file_e820"

/* ---- kexec_file_load: where segments may go (kernel/kexec_file.c) ---- */

/* Linux's limit on segments per image. */
#define KEXEC_SEGMENT_MAX 16
/* kbuf->mem before placement: 0, as in Linux (so address 0 cannot be
 * requested explicitly, there either). */
#define KEXEC_BUF_MEM_UNKNOWN 0

/* A placed segment's destination; Linux's also points at its contents. */
struct kexec_segment {
	uint64_t mem;
	uint64_t memsz;
};

/* The part of Linux's struct kimage that placement looks at. */
struct kimage {
	unsigned long nr_segments;
	struct kexec_segment segment[KEXEC_SEGMENT_MAX];
};

struct kexec_buf {
	struct kimage *image; /* segments to avoid; NULL = none */
	uint64_t memsz;	      /* bytes needed; rounded up to a page */
	uint64_t buf_align;   /* power of two or 0; raised to a page */
	uint64_t buf_min;     /* lowest usable address */
	uint64_t buf_max;     /* highest usable address (inclusive) */
	bool top_down;	      /* highest fit first, else lowest */
	uint64_t mem;	      /* result; KEXEC_BUF_MEM_UNKNOWN to search */
};

/* True if [start, end] (inclusive) overlaps a segment of image. */
bool kimage_is_destination_range(const struct kimage *image, uint64_t start, uint64_t end);

/* Finds kbuf->mem as Linux's kexec_locate_mem_hole() does on x86 (no
 * memblock walk): first rounds kbuf->memsz up to a page and raises
 * kbuf->buf_align to a page (written back, as kexec_add_buffer() does before
 * calling it); returns 0 at once if kbuf->mem is already set. Otherwise walks
 * busy System RAM of src->iomem bottom-up (walk_system_ram_res) or top-down
 * (walk_system_ram_res_rev, with src->sw->rev_walk_drops_flags applied to
 * its copies); a range is skipped if it is driver-managed,
 * smaller than memsz or outside [buf_min, buf_max]; in the first other range
 * the lowest (highest) aligned start that fits inside it and inside
 * [buf_min, buf_max] wins, stepping a page up (down) past every start whose
 * memsz bytes overlap a segment of kbuf->image.
 * Returns 0 with kbuf->mem set, -EADDRNOTAVAIL when nothing fits, -EINVAL
 * for memsz 0, a memsz that cannot be rounded up, or a buf_align that is not
 * a power of two (Linux trusts its callers there), and -ENOMEM when the
 * reverse walk cannot allocate its list (Linux turns that into
 * -EADDRNOTAVAIL too). */
int kexec_locate_mem_hole_in(const struct kexec_view_src *src, struct kexec_buf *kbuf);
static inline int kexec_locate_mem_hole(struct kexec_buf *kbuf)
{
	return kexec_locate_mem_hole_in(&init_kexec_view_src, kbuf);
}

/* kexec_add_buffer(): places kbuf (kexec_locate_mem_hole) and records the
 * result as the next segment of kbuf->image. -EINVAL without an image or
 * when it already has KEXEC_SEGMENT_MAX segments; else as above. */
int kexec_add_buffer_in(const struct kexec_view_src *src, struct kexec_buf *kbuf);
static inline int kexec_add_buffer(struct kexec_buf *kbuf)
{
	return kexec_add_buffer_in(&init_kexec_view_src, kbuf);
}

/* The ranges kexec_file may place segments in: every busy System RAM range
 * of walk_system_ram_res() that is not driver-managed, lowest first, as
 * RANGE_RAM. Fills mr from its start while there is room and returns how
 * many there are (so a caller can size mr: count with max_size 0, then
 * fill). */
int kexec_file_ram_ranges_in(const struct kexec_view_src *src, struct memory_ranges *mr);
static inline int kexec_file_ram_ranges(struct memory_ranges *mr)
{
	return kexec_file_ram_ranges_in(&init_kexec_view_src, mr);
}

/* The text of KEXEC_FILE_RAM_PATH: kexec_file_ram_ranges_in(). 0 or -ENOMEM. */
int kexec_file_ram_show(const struct kexec_view_src *src, struct seq_buf *m);

/* The e820 table of a kexec_file-loaded x86 kernel: Linux's
 * setup_e820_entries() copies e820_table_kexec into its boot_params,
 * truncated to the zero page's 128 entries. That table is the firmware's
 * (plus setup_data, which a multiboot2 boot has none of) and memory hotplug
 * never updates it: a hot-added DIMM is missing (the next kernel finds it
 * again through ACPI), and so is driver-managed RAM. */
#define E820_MAX_ENTRIES_ZEROPAGE 128

/* The type word of the view: RAM, RESERVED, ACPI, ACPI_NVS, UNUSABLE, PMEM,
 * PRAM, RESERVED_KERN, SOFT_RESERVED (the E820_TYPE_* name without its
 * prefix, NVS spelt as the other views do), else "UNKNOWN". */
const char *e820_kexec_type_name(unsigned type);

/* The text of KEXEC_FILE_E820_PATH: the first E820_MAX_ENTRIES_ZEROPAGE
 * entries of src->e820_kexec, one per line, "%016llx-%016llx %s" (start,
 * inclusive end, e820_kexec_type_name), in table order. Nothing for a NULL table. Always 0. */
int kexec_file_e820_show(const struct kexec_view_src *src, struct seq_buf *m);

/* ---- kexec_load: kexec-tools' memory map (kernel/kexec_load.c) ---- */

/* x86 kexec-tools' static array size for the memory map. */
#define MAX_MEMORY_RANGES 2048

/* kexec-tools trims the first RAM range starting below this address to
 * start here ("Don't report the interrupt table as ram"): REALMODE_IVT_END,
 * the end of the real-mode interrupt table (older releases used 0x100). */
#define KEXEC_RAM_LOW_LIMIT 0x400

/* True if /sys/firmware/memmap exists. Model: it does when at least one
 * entry of src->fwmap is published (Linux creates the directory when the
 * first entry is published, so an empty but existing directory is not
 * modelled). */
bool have_sys_firmware_memmap_in(const struct kexec_view_src *src);
static inline bool have_sys_firmware_memmap(void)
{
	return have_sys_firmware_memmap_in(&init_kexec_view_src);
}

/* get_firmware_memmap_ranges() (kexec/firmware_memmap.c): one range per
 * published /sys/firmware/memmap entry, type mapped from its type string:
 *   "System RAM" -> RANGE_RAM, "ACPI Tables" -> RANGE_ACPI,
 *   "ACPI Non-volatile Storage" -> RANGE_ACPI_NVS,
 *   "Unusable memory", "reserved", "Reserved", "Unknown E820 type" ->
 *   RANGE_RESERVED, "Uncached RAM" -> RANGE_UNCACHED,
 *   "Persistent Memory (legacy)" -> RANGE_PRAM,
 *   "Persistent Memory" -> RANGE_PMEM,
 *   anything else (e.g. "Soft Reserved") -> RANGE_RESERVED after printing
 *   "Unknown type (<type>) while parsing /sys/firmware/memmap/<N>/type.
 *    Please report this as bug. Using RANGE_RESERVED now." (one line).
 * then sorted by start (ties: by end, then type, so the result does not
 * depend on the sort). *ranges is the capacity on entry and the count on
 * return. More entries than the capacity: prints "The firmware provides
 * more entries allowed (<capacity>). Please report that as bug." and
 * returns -E2BIG (kexec-tools: -1). -EINVAL for NULL arguments. */
int get_firmware_memmap_ranges_in(const struct kexec_view_src *src, struct memory_range *range,
				  size_t *ranges);
static inline int get_firmware_memmap_ranges(struct memory_range *range, size_t *ranges)
{
	return get_firmware_memmap_ranges_in(&init_kexec_view_src, range, ranges);
}

/* kexec-tools' /proc/iomem parser for the memory map, over the tree: every
 * iomem resource in /proc/iomem line order (pre-order; depth is ignored,
 * as sscanf skips the indentation) whose name is exactly "System RAM" ->
 * RANGE_RAM (so "System RAM (kmem)" and "System RAM (virtio_mem)" are not
 * RAM here), "reserved" in any case -> RANGE_RESERVED, "ACPI Tables" ->
 * RANGE_ACPI, "ACPI Non-volatile Storage" -> RANGE_ACPI_NVS,
 * "Persistent Memory (legacy)" -> RANGE_PRAM, "Persistent Memory" ->
 * RANGE_PMEM; other lines are skipped. Not sorted. Stops silently when the
 * capacity *ranges is reached (kexec-tools does). Always 0. */
int get_memory_ranges_proc_iomem_in(const struct kexec_view_src *src, struct memory_range *range,
				    size_t *ranges);
static inline int get_memory_ranges_proc_iomem(struct memory_range *range, size_t *ranges)
{
	return get_memory_ranges_proc_iomem_in(&init_kexec_view_src, range, ranges);
}

/* kexec-tools' fixup for sorted ranges: neighbours of the same type that
 * start together or overlap are merged by dropping the contained one; a
 * partial overlap moves the later start to the earlier range's END (not
 * end + 1: kexec-tools leaves that one byte shared). Repeats until nothing
 * changes. Unsorted input: prints "memory out of order!!" and returns
 * -EINVAL. */
int fixup_memory_ranges(struct memory_range *range, size_t *ranges);

/* get_memory_ranges() for x86 (kexec/arch/i386/kexec-x86-common.c), the
 * map that kexec_load hands to the next kernel: the firmware memmap when
 * there is one (on failure prints "Parsing the /sys/firmware memory map
 * failed. Falling back to /proc/iomem." and uses /proc/iomem), then
 * fixup_memory_ranges(); without a firmware memmap /proc/iomem, unfixed.
 * Then the first RAM range that starts below KEXEC_RAM_LOW_LIMIT starts
 * there. *ranges: capacity in (MAX_MEMORY_RANGES in kexec-tools), count
 * out. 0 or a negative errno. Not modelled: Xen, add_efi_memmap, the crash
 * kernel's mem_min/mem_max clamp. */
int get_memory_ranges_in(const struct kexec_view_src *src, struct memory_range *range,
			 size_t *ranges);
static inline int get_memory_ranges(struct memory_range *range, size_t *ranges)
{
	return get_memory_ranges_in(&init_kexec_view_src, range, ranges);
}

/* The text of KEXEC_LOAD_MEMMAP_PATH: get_memory_ranges_in() with capacity
 * MAX_MEMORY_RANGES (kexec-tools' messages are printed meanwhile). 0 or
 * -errno. */
int kexec_load_memmap_show(const struct kexec_view_src *src, struct seq_buf *m);

/* ---- kdump: what a crash dump contains (kernel/kdump.c) ---- */

/* kexec-tools' limit for crash ranges (raised from 2048 for virtio-mem). */
#define CRASH_MAX_MEMORY_RANGES 32768

/* The kernel's view (kexec_file crash ELF header, x86 Linux 6.1's
 * prepare_elf_headers()): walk_system_ram_res(0, ~0), i.e. every busy
 * System RAM resource at any depth, driver-managed included, lowest first,
 * as RANGE_RAM (top-level ones only when
 * src->sw->kdump_walk_first_level_only is set); then, as
 * crash_exclude_mem_range() does, the first MiB (always reserved on x86),
 * src->crashk and src->crashk_low are cut out (trimmed, dropped or split).
 * Fills mr from its start while there is room and returns how many ranges
 * there are when they all fit (mr->size equals the return value), else a
 * count that is enough room for them (the walk's count plus two splits), so
 * a caller can size mr: count with max_size 0, then fill.
 * Deviation: the cuts are exact interval arithmetic (Linux 6.1's stops at
 * the first range a cut trims). */
int kdump_system_ram_ranges_in(const struct kexec_view_src *src, struct memory_ranges *mr);
static inline int kdump_system_ram_ranges(struct memory_ranges *mr)
{
	return kdump_system_ram_ranges_in(&init_kexec_view_src, mr);
}

/* kexec-tools' view, get_crash_memory_ranges() for x86: every iomem
 * resource in /proc/iomem line order (pre-order, any depth) whose name
 * CONTAINS "System RAM" -> RANGE_RAM (so kmem and virtio_mem RAM are
 * dumped), is exactly "ACPI Tables" -> RANGE_ACPI, "ACPI Non-volatile
 * Storage" -> RANGE_ACPI_NVS, "Persistent Memory (legacy)" -> RANGE_PRAM,
 * "Persistent Memory" -> RANGE_PMEM, "reserved" or "Reserved" ->
 * RANGE_RESERVED; reading stops silently at the capacity. Then every
 * "Crash kernel" resource and the last "GART" resource are cut out of the
 * ranges. *ranges: capacity in (CRASH_MAX_MEMORY_RANGES in kexec-tools),
 * count out. A cut that needs more room prints "Error: Number of crash
 * memory ranges excedeed the max limit" (sic) and returns -E2BIG.
 * Deviation: cuts are exact interval arithmetic on every range they touch
 * (kexec-tools splits only one range per cut, misses cuts that merely touch
 * a range's first or last byte, and leaves an empty range behind when a cut
 * covers one); pieces keep their type (kexec-tools makes the upper piece of
 * a split RAM). Not modelled: i386's lowmem split, KEXEC_PRESERVE_CONTEXT. */
int get_crash_memory_ranges_in(const struct kexec_view_src *src, struct memory_range *range,
			       size_t *ranges);
static inline int get_crash_memory_ranges(struct memory_range *range, size_t *ranges)
{
	return get_crash_memory_ranges_in(&init_kexec_view_src, range, ranges);
}

/* The texts of KDUMP_RANGES_PATH (kdump_system_ram_ranges_in()) and
 * KDUMP_IOMEM_RANGES_PATH (get_crash_memory_ranges_in()). 0 or -errno. */
int kdump_ranges_show(const struct kexec_view_src *src, struct seq_buf *m);
int kdump_iomem_ranges_show(const struct kexec_view_src *src, struct seq_buf *m);

#endif
