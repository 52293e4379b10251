/* Static ACPI tables: RSDP, RSDT/XSDT, MADT, HPET, SRAT, MCFG (no AML).
 *
 * Pure C: physical memory is read only through the caller's accessor
 * (struct acpi_mem_ops), so the same code parses QEMU's tables in the kernel
 * and hand-made ones in the host tests. Firmware tables are untrusted input:
 *
 *   - every header is read first; its length must be in
 *     [ACPI_HDR_LEN, ACPI_TABLE_MAX_LEN] and fit in readable memory, and the
 *     checksum over `length` bytes must be 0, else the table is ignored and a
 *     problem is recorded (signature, address, reason, -errno);
 *   - one bad table never stops the others from being parsed;
 *   - entry walks (MADT, SRAT) stop at an entry shorter than 2 bytes or
 *     running past the table, keeping the entries before it;
 *   - every list has a fixed capacity; what does not fit is counted and
 *     recorded once as ACPI_PROB_LIST_FULL.
 *
 * Which tables are parsed: the first valid MADT, SRAT and MCFG (later ones are
 * recorded as tables but their contents ignored, ACPI_PROB_DUPLICATE); every
 * valid HPET (up to ACPI_MAX_HPETS); the DSDT named by the first FADT. */
#ifndef DRIVERS_ACPI_TABLES_H
#define DRIVERS_ACPI_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads len bytes of physical memory at phys into dst: 0, or a negative errno
 * (-EFAULT for memory that cannot be read). Never asked for len == 0. */
struct acpi_mem_ops {
	int (*read)(void *ctx, uint64_t phys, void *dst, size_t len);
	void *ctx;
};

#define ACPI_RSDP_V1_LEN 20
#define ACPI_RSDP_V2_LEN 36
/* Largest RSDP we copy; v2 defines 36 bytes, the margin is for later ones. */
#define ACPI_RSDP_MAX_LEN 64
#define ACPI_HDR_LEN	  36
/* Sanity limit on a table's length field: QEMU's DSDT is ~8 KiB, real PCs'
 * largest tables a few hundred KiB. */
#define ACPI_TABLE_MAX_LEN (1u << 20)

#define ACPI_MAX_TABLES	   64
#define ACPI_MAX_PROBLEMS  16
#define ACPI_MAX_IOAPICS   16
#define ACPI_MAX_CPUS	   256
#define ACPI_MAX_ISOS	   32
#define ACPI_MAX_HPETS	   8
#define ACPI_MAX_SRAT_MEM  64
#define ACPI_MAX_SRAT_CPUS 256
#define ACPI_MAX_MCFG	   16

/* Where acpi_rsdp_scan() looks: the BDA word holding the EBDA segment, the
 * first KiB of the EBDA, and the BIOS read-only area. */
#define ACPI_BDA_EBDA_SEG  0x40e
#define ACPI_EBDA_SCAN_LEN 1024
#define ACPI_BIOS_START	   0xe0000
#define ACPI_BIOS_END	   0x100000 /* exclusive */

/* MADT flags. */
#define ACPI_MADT_PCAT_COMPAT 1u /* dual 8259 PICs present */
/* HPET generic address space ids (only system memory is accepted). */
#define ACPI_SPACE_MEMORY 0
#define ACPI_SPACE_IO	  1
/* SRAT memory affinity flags. */
#define ACPI_SRAT_MEM_ENABLED	   1u
#define ACPI_SRAT_MEM_HOTPLUGGABLE 2u
#define ACPI_SRAT_MEM_NONVOLATILE  4u

enum acpi_reason {
	ACPI_PROB_READ,		 /* memory could not be read (the accessor's errno) */
	ACPI_PROB_LENGTH,	 /* header length < 36 or > ACPI_TABLE_MAX_LEN (-EINVAL) */
	ACPI_PROB_CHECKSUM,	 /* bytes do not sum to 0: table ignored (-EBADMSG) */
	ACPI_PROB_SIGNATURE,	 /* a pointer leads to the wrong signature (-EINVAL) */
	ACPI_PROB_NULL_ENTRY,	 /* address 0 in RSDT/XSDT/FADT (-EINVAL) */
	ACPI_PROB_PARTIAL_ENTRY, /* root/MCFG body not a whole number of entries (-EINVAL) */
	ACPI_PROB_TOO_MANY,	 /* more than ACPI_MAX_TABLES tables: the rest ignored (-ENOSPC) */
	ACPI_PROB_TOO_SHORT, /* table too short for its fixed fields: contents ignored (-EBADMSG) */
	ACPI_PROB_BAD_ENTRY, /* entry length < 2 or past the table end: walk stopped (-EBADMSG) */
	ACPI_PROB_SHORT_ENTRY, /* known entry type shorter than its fields: entry skipped (-EBADMSG)
				*/
	ACPI_PROB_ADDRESS_SPACE, /* HPET block not in system memory: ignored (-EOPNOTSUPP) */
	ACPI_PROB_BAD_VALUE, /* a field out of range (e.g. MCFG end bus < start bus) (-EINVAL) */
	ACPI_PROB_LIST_FULL, /* more entries than a list keeps: the rest counted (-ENOSPC) */
	ACPI_PROB_DUPLICATE, /* second MADT/SRAT/MCFG: contents ignored (-EEXIST) */
	ACPI_PROB_COUNT,
};

struct acpi_problem {
	char sig[5];	 /* "????" when the header could not be read */
	uint64_t phys;	 /* table address (for entries: of the table holding them) */
	uint32_t offset; /* of the bad entry inside the table, 0 otherwise */
	enum acpi_reason reason;
	int err; /* negative errno */
};

/* RSDP contents. Printable copies of the strings (NUL-terminated). */
struct acpi_rsdp {
	uint64_t phys; /* where it was found; 0 for a loader's copy (set by the caller) */
	uint8_t revision;
	char oem_id[7];
	uint32_t rsdt_addr;
	uint32_t length;    /* bytes validated: 20, or the v2 length field */
	uint64_t xsdt_addr; /* 0 unless revision >= 2 and the extended part was checked */
};

/* One valid table (header checked, checksum 0). */
struct acpi_table_info {
	char sig[5];
	uint64_t phys;
	uint32_t length;
	uint8_t revision;
	char oem_id[7];
	char oem_table_id[9];
	uint32_t oem_revision;
	char creator_id[5];
	uint32_t creator_revision;
};

struct acpi_ioapic {
	uint8_t id;
	uint32_t addr;
	uint32_t gsi_base;
};

/* A processor local APIC (MADT type 0) or local x2APIC (type 9). */
struct acpi_cpu {
	uint32_t uid; /* ACPI processor UID */
	uint32_t apic_id;
	bool enabled;
	bool online_capable; /* disabled now, may be enabled later */
	bool x2apic;
};

/* Interrupt source override (MADT type 2): ISA IRQ `source` is GSI `gsi`. */
struct acpi_iso {
	uint8_t bus;
	uint8_t source;
	uint32_t gsi;
	uint16_t flags; /* polarity bits 0-1, trigger mode bits 2-3 */
};

struct acpi_madt {
	bool present;
	uint64_t phys;
	uint64_t lapic_addr;	  /* the 32-bit field, or the type-5 override */
	bool lapic_addr_override; /* a type-5 entry was applied */
	uint32_t flags;		  /* ACPI_MADT_PCAT_COMPAT */
	size_t nioapics, ncpus, nisos;
	size_t dropped; /* entries that did not fit their list */
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	struct acpi_iso isos[ACPI_MAX_ISOS];
};

/* The ACPI power-management timer (FADT): a free-running 3.579545 MHz
 * counter in an I/O port, 24 bits wide, or 32 with the TMR_VAL_EXT flag. */
#define ACPI_PM_TIMER_HZ 3579545u
struct acpi_pm_timer {
	uint16_t port; /* 0: none (or not in I/O space) */
	bool ext32;    /* FADT flag TMR_VAL_EXT: a 32-bit counter */
};

struct acpi_hpet {
	uint64_t phys;	   /* of the HPET table */
	uint32_t block_id; /* event timer block id: vendor << 16, comparators, ... */
	uint64_t base;	   /* register block (system memory) */
	uint8_t number;	   /* HPET sequence number: "HPET <number>" */
	uint16_t min_tick;
	uint8_t page_protection;
};

struct acpi_srat_mem {
	uint32_t pxm; /* proximity domain */
	uint64_t base;
	uint64_t length;
	uint32_t flags; /* ACPI_SRAT_MEM_* */
	bool enabled, hotpluggable, nonvolatile;
};

struct acpi_srat_cpu {
	uint32_t pxm;
	uint32_t apic_id;
	bool enabled;
	bool x2apic; /* from a type-2 entry */
};

struct acpi_srat {
	bool present;
	uint64_t phys;
	size_t nmem, ncpus;
	size_t dropped;
	struct acpi_srat_mem mem[ACPI_MAX_SRAT_MEM]; /* all entries, disabled ones too */
	struct acpi_srat_cpu cpus[ACPI_MAX_SRAT_CPUS];
};

/* One PCI Express ECAM window. As in the PCI firmware spec, base is where bus
 * 0 would be: bus b is at base + (b << 20), so the window in use is
 * [base + (start_bus << 20), base + ((end_bus + 1) << 20)). */
struct acpi_mcfg_entry {
	uint64_t base;
	uint16_t segment;
	uint8_t start_bus, end_bus;
};

struct acpi_mcfg {
	bool present;
	uint64_t phys;
	size_t nentries;
	size_t dropped;
	struct acpi_mcfg_entry entries[ACPI_MAX_MCFG];
};

struct acpi_tables {
	struct acpi_rsdp rsdp;
	bool root_is_xsdt;
	struct acpi_table_info root; /* the RSDT or XSDT used */

	/* Tables the root points to, in its order, plus the DSDT right after the
	 * FADT that names it; only valid ones. */
	size_t ntables;
	size_t tables_dropped; /* valid or not, not looked at past the cap */
	struct acpi_table_info tables[ACPI_MAX_TABLES];

	bool has_fadt, has_dsdt;
	struct acpi_pm_timer pm_timer; /* from the FADT */
	struct acpi_madt madt;
	size_t nhpets;
	struct acpi_hpet hpets[ACPI_MAX_HPETS];
	struct acpi_srat srat;
	struct acpi_mcfg mcfg;

	size_t nproblems;
	size_t problems_dropped;
	struct acpi_problem problems[ACPI_MAX_PROBLEMS];
};

/* Checks an RSDP held in buf (len readable bytes): signature "RSD PTR ",
 * checksum over 20 bytes, and for revision >= 2 the length field (36 ..
 * min(len, ACPI_RSDP_MAX_LEN)) and the extended checksum over it. If
 * revision >= 2 but len < 36 (a v1-sized copy), only the v1 part is checked
 * and used (xsdt_addr = 0). Returns 0, -EINVAL (too short, bad signature, bad
 * length) or -EBADMSG (checksum). out may be NULL; it is filled only on 0. */
int acpi_rsdp_parse(const void *buf, size_t len, struct acpi_rsdp *out);

/* Looks for a valid RSDP the BIOS way: on 16-byte boundaries in the first KiB
 * of the EBDA (segment read at physical 0x40e), then in 0xe0000-0xfffff.
 * Copies it into buf (at least ACPI_RSDP_MAX_LEN bytes), sets *len and *phys.
 * Returns 0 or -ENOENT. */
int acpi_rsdp_scan(const struct acpi_mem_ops *ops, void *buf, size_t *len, uint64_t *phys);

/* Parses everything reachable from the RSDP copy in rsdp[0..rsdp_len). Fills
 * *t (always cleared first). Returns 0 when the RSDP and a root table were
 * usable, problems with single tables being in t->problems; else the -errno
 * of the RSDP check or of the root table (the problems say why). The XSDT is
 * used when revision >= 2 and it is non-zero and valid, else the RSDT (an
 * unusable XSDT is recorded as a problem). */
int acpi_tables_init(struct acpi_tables *t, const void *rsdp, size_t rsdp_len,
		     const struct acpi_mem_ops *ops);

/* The index-th (0-based) valid table with this 4-character signature, or NULL. */
const struct acpi_table_info *acpi_find_table(const struct acpi_tables *t, const char *sig,
					      size_t index);

/* First recorded problem with this reason and signature (sig NULL: any), or NULL. */
const struct acpi_problem *acpi_find_problem(const struct acpi_tables *t, const char *sig,
					     enum acpi_reason reason);

/* "checksum", "length", ...; "?" for values out of range. */
const char *acpi_reason_name(enum acpi_reason r);

/* printk()s the summary: RSDP, one line per table (Linux's layout), MADT, HPET,
 * SRAT, MCFG and the problems. */
void acpi_tables_print(const struct acpi_tables *t);

#endif
