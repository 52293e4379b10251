/* The e820 memory map, modelled on Linux's arch/x86/kernel/e820.c.
 *
 * Three tables, as in Linux; docs/linux-model.md (e820 tables):
 *   e820_table_firmware  what the firmware reported (real or emulated, see
 *                        mm/fw_emul.h); never modified after setup;
 *   e820_table_kexec     the firmware table plus kernel reservations;
 *   e820_table           the working table: mem=/memmap= edits, quirks.
 *
 * Every operation has a variant that takes the table as a parameter
 * (e820__range_add_table(t, ...)) so tests work on their own tables; the
 * Linux-named wrappers (e820__range_add(...)) operate on e820_table.
 *
 * Ranges are (start, size) with size in bytes, except e820__mapped_*() and
 * e820__get_entry_type(), which take an exclusive end, as in Linux.
 *
 * Nothing here is thread safe: the map is built during single-threaded boot,
 * and e820__update_table() uses static scratch space (a table is too big for
 * the 32 KiB kernel stack). */
#ifndef MM_E820_H
#define MM_E820_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Linux sizes the table for 128 firmware entries plus three per NUMA node
 * (E820_MAX_ENTRIES = 128 + 3 * MAX_NUMNODES). We take MAX_NUMNODES = 64
 * (x86-64 CONFIG_NODES_SHIFT=6) under our own name, so that a NUMA header
 * defining MAX_NUMNODES differently cannot change the table's size in some
 * translation units only. */
#define E820_MAX_NUMNODES 64
#define E820_MAX_ENTRIES  (128 + 3 * E820_MAX_NUMNODES) /* 320 */

/* Values as in arch/x86/include/asm/e820/types.h ; docs/linux-model.md (e820 tables). */
enum e820_type {
	E820_TYPE_RAM = 1,
	E820_TYPE_RESERVED = 2,
	E820_TYPE_ACPI = 3,
	E820_TYPE_NVS = 4,
	E820_TYPE_UNUSABLE = 5,
	E820_TYPE_PMEM = 7,
	/* Legacy persistent memory (memmap=nn!ss); firmware once used 6 too,
	 * Linux only knows 12. */
	E820_TYPE_PRAM = 12,
	/* Kernel-internal "RAM with setup_data in it"; Linux dropped it in
	 * ~v6.14 but it still sorts between PRAM and SOFT_RESERVED. */
	E820_TYPE_RESERVED_KERN = 128,
	/* EFI_MEMORY_SP ("specific purpose") memory, left to drivers. */
	E820_TYPE_SOFT_RESERVED = 0xefffffff,
};

struct e820_entry {
	uint64_t addr;
	uint64_t size;
	enum e820_type type;
};

struct e820_table {
	uint32_t nr_entries;
	struct e820_entry entries[E820_MAX_ENTRIES];
};

/* Pointers, as in Linux; they point at static tables. */
extern struct e820_table *e820_table;
extern struct e820_table *e820_table_kexec;
extern struct e820_table *e820_table_firmware;
/* The table e820_table_kexec points at, for static initialisers (the
 * kexec_file view reads it: kernel/kexec.h). */
extern struct e820_table e820_table_kexec_storage;

/* ---- building ---- */

/* Empties t. */
void e820__table_reset(struct e820_table *t);

/* A table from the boot loader's memory map (multiboot2 tag 6 uses the e820
 * numbering, so types pass through unchanged): like Linux's
 * append_e820_table() + e820__update_table() in e820__memory_setup_default().
 * t is emptied first. Returns 0; -EINVAL when n < 2 (Linux then falls back
 * to the BIOS-88/e801 sizes, which is the caller's business) or an entry
 * wraps past 2^64, leaving t empty; -E2BIG when entries did not fit (the
 * first E820_MAX_ENTRIES are kept and sanitized). */
int e820__from_mb2_mmap(struct e820_table *t, const struct e820_entry *e, size_t n);

/* UEFI memory types (EFI_MEMORY_TYPE in the UEFI spec), prefixed so that
 * they cannot clash with a future EFI header. */
#define E820_EFI_RESERVED_TYPE		     0
#define E820_EFI_LOADER_CODE		     1
#define E820_EFI_LOADER_DATA		     2
#define E820_EFI_BOOT_SERVICES_CODE	     3
#define E820_EFI_BOOT_SERVICES_DATA	     4
#define E820_EFI_RUNTIME_SERVICES_CODE	     5
#define E820_EFI_RUNTIME_SERVICES_DATA	     6
#define E820_EFI_CONVENTIONAL_MEMORY	     7
#define E820_EFI_UNUSABLE_MEMORY	     8
#define E820_EFI_ACPI_RECLAIM_MEMORY	     9
#define E820_EFI_ACPI_MEMORY_NVS	     10
#define E820_EFI_MEMORY_MAPPED_IO	     11
#define E820_EFI_MEMORY_MAPPED_IO_PORT_SPACE 12
#define E820_EFI_PAL_CODE		     13
#define E820_EFI_PERSISTENT_MEMORY	     14
#define E820_EFI_UNACCEPTED_MEMORY	     15
/* Attribute bit: "specific purpose" memory (UEFI 2.8 EFI_MEMORY_SP). */
#define E820_EFI_MEMORY_SP  (1ull << 18)
#define E820_EFI_PAGE_SHIFT 12

/* One UEFI memory descriptor, the fields we use (same as struct
 * mb2_efi_desc, so the caller converts field by field). */
struct e820_efi_desc {
	uint32_t type;
	uint64_t phys_start;
	uint64_t num_pages; /* 4 KiB pages */
	uint64_t attribute;
};

/* A table from a UEFI memory map, converted the way Linux's EFI stub does
 * (setup_e820() in drivers/firmware/efi/libstub/x86-stub.c), then treated
 * like e820__from_mb2_mmap(). soft_reserve: honour EFI_MEMORY_SP (Linux's
 * default; efi=nosoftreserve turns it off). Unknown types are skipped.
 * Returns as e820__from_mb2_mmap(); -EINVAL also for a descriptor whose size
 * overflows 64 bits. */
int e820__from_efi_mmap(struct e820_table *t, const struct e820_efi_desc *d, size_t n,
			bool soft_reserve);

/* Boot-time setup from the firmware view: copies fw into all three global
 * tables and prints "BIOS-provided physical RAM map:" and the table with
 * `who` ("BIOS-e820"), as Linux's e820__memory_setup() does. */
void e820__memory_setup_from(const struct e820_table *fw, const char *who);

/* ---- sanitize ---- */

/* Linux's sanitize, docs/linux-model.md (e820 tables): sorts, resolves overlaps (numerically
 * largest type wins), coalesces adjacent entries of the same type except
 * PRAM and SOFT_RESERVED, drops empty entries. Returns 0, or -1 (Linux's
 * value, not an errno) leaving t unchanged when t has fewer than 2 entries
 * or an entry wraps (addr + size overflows, including == 2^64). The result
 * is cut at E820_MAX_ENTRIES entries. */
int e820__update_table(struct e820_table *t);

/* ---- range editing (leave the table unsorted: sanitize afterwards) ---- */

/* Appends an entry. A full table prints
 * "e820: too many entries; ignoring [mem %#010llx-%#010llx]" and returns
 * -ENOSPC. */
int e820__range_add_table(struct e820_table *t, uint64_t start, uint64_t size, enum e820_type type);
int e820__range_add(uint64_t start, uint64_t size, enum e820_type type);

/* Retypes the parts of old_type entries inside [start, start + size) to
 * new_type, splitting entries as needed; size is clamped so the end does not
 * pass 2^64 - 1. Prints "e820: update [mem %#010llx-%#010llx] OLD ==> NEW".
 * Returns the number of bytes retyped. old_type == new_type is a BUG() in
 * Linux: here it prints an error and returns 0. */
uint64_t e820__range_update_table(struct e820_table *t, uint64_t start, uint64_t size,
				  enum e820_type old_type, enum e820_type new_type);
uint64_t e820__range_update(uint64_t start, uint64_t size, enum e820_type old_type,
			    enum e820_type new_type);

/* Removes [start, start + size) from entries of old_type (of every type when
 * !check_type). Fully covered entries are zeroed in place (size 0, type 0:
 * sanitize drops them). Prints "e820: remove [mem %#010llx-%#010llx] TYPE",
 * and without check_type the line ends in "] " (Linux prints the space and
 * no type word). Returns the number of bytes removed. */
uint64_t e820__range_remove_table(struct e820_table *t, uint64_t start, uint64_t size,
				  enum e820_type old_type, bool check_type);
uint64_t e820__range_remove(uint64_t start, uint64_t size, enum e820_type old_type,
			    bool check_type);

/* Cuts every entry of t at 2^phys_bits, the CPU's physical address width
 * (MAXPHYADDR; nothing changes for phys_bits >= 64): an entry wholly above
 * is dropped, one that crosses it ends there. Each cut is named, "WHO:
 * dropping [mem S-E] TYPE: beyond the CPU's physical address width (N bits)",
 * and the table is sanitized after. Returns the number of entries cut. */
int e820__clamp_phys_bits(struct e820_table *t, unsigned int phys_bits, const char *who);

/* ---- queries: [start, end) with end exclusive; type 0 means any ---- */

/* Does any entry of `type` overlap [start, end)? */
bool e820__mapped_any_table(const struct e820_table *t, uint64_t start, uint64_t end,
			    enum e820_type type);
bool e820__mapped_any(uint64_t start, uint64_t end, enum e820_type type);
/* Same on e820_table_firmware. */
bool e820__mapped_raw_any(uint64_t start, uint64_t end, enum e820_type type);
/* Is all of [start, end) covered by entries of `type`? Works on unsorted
 * tables too. An empty range is not mapped. */
bool e820__mapped_all_table(const struct e820_table *t, uint64_t start, uint64_t end,
			    enum e820_type type);
bool e820__mapped_all(uint64_t start, uint64_t end, enum e820_type type);
/* Type of the entry that completes the coverage of [start, end) by entries
 * of any type (Linux's rule: the last one), or -EINVAL when a hole remains.
 * Beware: SOFT_RESERVED comes back as (int)0xefffffff, a negative number;
 * test for -EINVAL, not for < 0. */
int e820__get_entry_type_table(const struct e820_table *t, uint64_t start, uint64_t end);
int e820__get_entry_type(uint64_t start, uint64_t end);

/* ---- names and printing ---- */

/* The dmesg word: "usable", "reserved", "ACPI data", "ACPI NVS", "unusable",
 * "persistent (type 7)", "persistent (type 12)", "soft reserved", else
 * "type %u". snprintf-style: returns the length the word has. */
int e820_type_print_name(enum e820_type type, char *buf, size_t size);
/* Prints that word with printk (no newline), as Linux's e820_print_type(). */
void e820_print_type(enum e820_type type);
/* /proc/iomem and /sys/firmware/memmap name: "System RAM", "Reserved",
 * "ACPI Tables", "ACPI Non-volatile Storage", "Unusable memory",
 * "Persistent Memory", "Persistent Memory (legacy)", "Soft Reserved",
 * "Unknown E820 type". */
const char *e820_type_to_string(enum e820_type type);
/* The iomem entry's flags (IORESOURCE_*) and desc (IORES_DESC_*) of
 * kernel/resource.h, as Linux's e820_type_to_iomem_type/_iores_desc. */
unsigned long e820_type_to_iomem_type(enum e820_type type);
unsigned long e820_type_to_iores_desc(enum e820_type type);

/* One line per entry: "%s: [mem %#018llx-%#018llx] %s\n" (who, first byte,
 * last byte, e820_print_type word). */
void e820__print_table(const struct e820_table *t, const char *who);

#endif
