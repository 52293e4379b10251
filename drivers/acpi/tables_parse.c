/* The ACPI tables we look into (see tables.h): MADT, HPET, SRAT and MCFG.
 * Each parser gets a table whose header tables.c has checked, reads its
 * body through acpi_tbl_read() and records what is wrong as a problem. */
#include "drivers/acpi/tables_internal.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Fixed offsets inside the tables (ACPI 6.x). */
#define MADT_ENTRIES_OFF 44
#define HPET_LEN	 56
#define SRAT_ENTRIES_OFF 48
#define MCFG_ENTRIES_OFF 44
#define MCFG_ENTRY_LEN	 16
/* Longest entry we look into; longer ones are legal, the rest is unused. */
#define ENTRY_BUF_LEN 64

/* ---- entry walks (MADT, SRAT) ---- */

typedef void (*entry_fn)(struct acpi_tables *t, const struct acpi_table_info *info, uint32_t off,
			 const uint8_t *e, uint8_t len);

/* Calls fn for each "type, length, ..." entry from `start` to the end of the
 * table. e holds the entry's first min(length, ENTRY_BUF_LEN) bytes, zeros
 * after. Stops at an entry shorter than 2 bytes or running past the end. */
static void walk_entries(struct acpi_tables *t, const struct acpi_mem_ops *ops,
			 const struct acpi_table_info *info, uint32_t start, entry_fn fn)
{
	uint8_t e[ENTRY_BUF_LEN];

	for (uint32_t off = start; off < info->length;) {
		uint32_t left = info->length - off;
		uint8_t len;
		int err;

		if (left < 2) {
			acpi_tbl_problem(t, info->sig, info->phys, off, ACPI_PROB_BAD_ENTRY,
					 -EBADMSG);
			return;
		}
		err = acpi_tbl_read(ops, info->phys + off, e, 2);
		if (err) {
			acpi_tbl_problem(t, info->sig, info->phys, off, ACPI_PROB_READ, err);
			return;
		}
		len = e[1];
		/* Length 0 would loop forever, 1 cannot hold the header. */
		if (len < 2 || len > left) {
			acpi_tbl_problem(t, info->sig, info->phys, off, ACPI_PROB_BAD_ENTRY,
					 -EBADMSG);
			return;
		}
		memset(e, 0, sizeof(e));
		err = acpi_tbl_read(ops, info->phys + off, e, len < sizeof(e) ? len : sizeof(e));
		if (err) {
			acpi_tbl_problem(t, info->sig, info->phys, off, ACPI_PROB_READ, err);
			return;
		}
		fn(t, info, off, e, len);
		off += len;
	}
}

/* Is a known entry long enough for the fields we read? If not it is skipped. */
static bool entry_fits(struct acpi_tables *t, const struct acpi_table_info *info, uint32_t off,
		       uint8_t len, uint8_t need)
{
	if (len >= need)
		return true;
	acpi_tbl_problem(t, info->sig, info->phys, off, ACPI_PROB_SHORT_ENTRY, -EBADMSG);
	return false;
}

/* Counts an entry that found its list full; the first one is reported. */
static void list_full(struct acpi_tables *t, const struct acpi_table_info *info, uint32_t off,
		      size_t *dropped)
{
	if ((*dropped)++ == 0)
		acpi_tbl_problem(t, info->sig, info->phys, off, ACPI_PROB_LIST_FULL, -ENOSPC);
}

/* ---- MADT ---- */

static void madt_entry(struct acpi_tables *t, const struct acpi_table_info *info, uint32_t off,
		       const uint8_t *e, uint8_t len)
{
	struct acpi_madt *m = &t->madt;

	switch (e[0]) {
	case 0: /* processor local APIC */
		if (!entry_fits(t, info, off, len, 8))
			return;
		if (m->ncpus >= ACPI_MAX_CPUS) {
			list_full(t, info, off, &m->dropped);
			return;
		}
		m->cpus[m->ncpus++] = (struct acpi_cpu){
		    .uid = e[2],
		    .apic_id = e[3],
		    .enabled = get32(e + 4) & 1,
		    .online_capable = (get32(e + 4) >> 1) & 1,
		};
		break;
	case 1: /* I/O APIC */
		if (!entry_fits(t, info, off, len, 12))
			return;
		if (m->nioapics >= ACPI_MAX_IOAPICS) {
			list_full(t, info, off, &m->dropped);
			return;
		}
		m->ioapics[m->nioapics++] = (struct acpi_ioapic){
		    .id = e[2],
		    .addr = get32(e + 4),
		    .gsi_base = get32(e + 8),
		};
		break;
	case 2: /* interrupt source override */
		if (!entry_fits(t, info, off, len, 10))
			return;
		if (m->nisos >= ACPI_MAX_ISOS) {
			list_full(t, info, off, &m->dropped);
			return;
		}
		m->isos[m->nisos++] = (struct acpi_iso){
		    .bus = e[2],
		    .source = e[3],
		    .gsi = get32(e + 4),
		    .flags = get16(e + 8),
		};
		break;
	case 5: /* local APIC address override: the 64-bit address wins */
		if (!entry_fits(t, info, off, len, 12))
			return;
		m->lapic_addr = get64(e + 4);
		m->lapic_addr_override = true;
		break;
	case 9: /* processor local x2APIC (APIC ids above 254) */
		if (!entry_fits(t, info, off, len, 16))
			return;
		if (m->ncpus >= ACPI_MAX_CPUS) {
			list_full(t, info, off, &m->dropped);
			return;
		}
		m->cpus[m->ncpus++] = (struct acpi_cpu){
		    .uid = get32(e + 12),
		    .apic_id = get32(e + 4),
		    .enabled = get32(e + 8) & 1,
		    .online_capable = (get32(e + 8) >> 1) & 1,
		    .x2apic = true,
		};
		break;
	default: /* NMI sources, GIC, ...: not needed here */
		break;
	}
}

void acpi_parse_madt(struct acpi_tables *t, const struct acpi_mem_ops *ops,
		     const struct acpi_table_info *info)
{
	struct acpi_madt *m = &t->madt;
	uint8_t f[8];
	int err;

	if (m->present) {
		acpi_tbl_problem(t, info->sig, info->phys, 0, ACPI_PROB_DUPLICATE, -EEXIST);
		return;
	}
	if (info->length < MADT_ENTRIES_OFF) {
		acpi_tbl_problem(t, info->sig, info->phys, 0, ACPI_PROB_TOO_SHORT, -EBADMSG);
		return;
	}
	err = acpi_tbl_read(ops, info->phys + ACPI_HDR_LEN, f, sizeof(f));
	if (err) {
		acpi_tbl_problem(t, info->sig, info->phys, ACPI_HDR_LEN, ACPI_PROB_READ, err);
		return;
	}
	m->present = true;
	m->phys = info->phys;
	m->lapic_addr = get32(f);
	m->flags = get32(f + 4);
	walk_entries(t, ops, info, MADT_ENTRIES_OFF, madt_entry);
}

/* ---- HPET ---- */

void acpi_parse_hpet(struct acpi_tables *t, const struct acpi_mem_ops *ops,
		     const struct acpi_table_info *info)
{
	uint8_t b[HPET_LEN - ACPI_HDR_LEN];
	uint64_t base;
	int err;

	if (info->length < HPET_LEN) {
		acpi_tbl_problem(t, info->sig, info->phys, 0, ACPI_PROB_TOO_SHORT, -EBADMSG);
		return;
	}
	err = acpi_tbl_read(ops, info->phys + ACPI_HDR_LEN, b, sizeof(b));
	if (err) {
		acpi_tbl_problem(t, info->sig, info->phys, ACPI_HDR_LEN, ACPI_PROB_READ, err);
		return;
	}
	/* b[4..15] is the generic address structure of the register block:
	 * space id, bit width, bit offset, access size, 64-bit address. An
	 * HPET in I/O space is not something we can map as a resource. */
	if (b[4] != ACPI_SPACE_MEMORY) {
		acpi_tbl_problem(t, info->sig, info->phys, ACPI_HDR_LEN + 4,
				 ACPI_PROB_ADDRESS_SPACE, -EOPNOTSUPP);
		return;
	}
	base = get64(b + 8);
	if (base == 0) {
		acpi_tbl_problem(t, info->sig, info->phys, ACPI_HDR_LEN + 8, ACPI_PROB_BAD_VALUE,
				 -EINVAL);
		return;
	}
	if (t->nhpets >= ACPI_MAX_HPETS) {
		acpi_tbl_problem(t, info->sig, info->phys, 0, ACPI_PROB_LIST_FULL, -ENOSPC);
		return;
	}
	t->hpets[t->nhpets++] = (struct acpi_hpet){
	    .phys = info->phys,
	    .block_id = get32(b),
	    .base = base,
	    .number = b[16],
	    .min_tick = get16(b + 17),
	    .page_protection = b[19],
	};
}

/* ---- SRAT ---- */

static void srat_add_cpu(struct acpi_tables *t, const struct acpi_table_info *info, uint32_t off,
			 struct acpi_srat_cpu c)
{
	struct acpi_srat *s = &t->srat;

	if (s->ncpus >= ACPI_MAX_SRAT_CPUS) {
		list_full(t, info, off, &s->dropped);
		return;
	}
	s->cpus[s->ncpus++] = c;
}

static void srat_entry(struct acpi_tables *t, const struct acpi_table_info *info, uint32_t off,
		       const uint8_t *e, uint8_t len)
{
	struct acpi_srat *s = &t->srat;
	uint64_t base, size;
	uint32_t flags;

	switch (e[0]) {
	case 0: /* processor local APIC affinity */
		if (!entry_fits(t, info, off, len, 16))
			return;
		/* The domain is split: bits 7:0 at byte 2, bits 31:8 at 9-11. */
		srat_add_cpu(t, info, off,
			     (struct acpi_srat_cpu){
				 .pxm = e[2] | (uint32_t)e[9] << 8 | (uint32_t)e[10] << 16 |
					(uint32_t)e[11] << 24,
				 .apic_id = e[3],
				 .enabled = get32(e + 4) & 1,
			     });
		break;
	case 1: /* memory affinity */
		if (!entry_fits(t, info, off, len, 40))
			return;
		base = get64(e + 8);
		size = get64(e + 16);
		flags = get32(e + 28);
		/* A range wrapping past 2^64 is nonsense; 0-length (disabled
		 * placeholder) entries are kept. */
		if (size && base + (size - 1) < base) {
			acpi_tbl_problem(t, info->sig, info->phys, off, ACPI_PROB_BAD_VALUE,
					 -EINVAL);
			return;
		}
		if (s->nmem >= ACPI_MAX_SRAT_MEM) {
			list_full(t, info, off, &s->dropped);
			return;
		}
		s->mem[s->nmem++] = (struct acpi_srat_mem){
		    .pxm = get32(e + 2),
		    .base = base,
		    .length = size,
		    .flags = flags,
		    .enabled = flags & ACPI_SRAT_MEM_ENABLED,
		    .hotpluggable = flags & ACPI_SRAT_MEM_HOTPLUGGABLE,
		    .nonvolatile = flags & ACPI_SRAT_MEM_NONVOLATILE,
		};
		break;
	case 2: /* processor local x2APIC affinity */
		if (!entry_fits(t, info, off, len, 24))
			return;
		srat_add_cpu(t, info, off,
			     (struct acpi_srat_cpu){
				 .pxm = get32(e + 4),
				 .apic_id = get32(e + 8),
				 .enabled = get32(e + 12) & 1,
				 .x2apic = true,
			     });
		break;
	default: /* GIC, generic initiators, ...: not x86 memory */
		break;
	}
}

void acpi_parse_srat(struct acpi_tables *t, const struct acpi_mem_ops *ops,
		     const struct acpi_table_info *info)
{
	if (t->srat.present) {
		acpi_tbl_problem(t, info->sig, info->phys, 0, ACPI_PROB_DUPLICATE, -EEXIST);
		return;
	}
	if (info->length < SRAT_ENTRIES_OFF) {
		acpi_tbl_problem(t, info->sig, info->phys, 0, ACPI_PROB_TOO_SHORT, -EBADMSG);
		return;
	}
	t->srat.present = true;
	t->srat.phys = info->phys;
	walk_entries(t, ops, info, SRAT_ENTRIES_OFF, srat_entry);
}

/* ---- MCFG ---- */

void acpi_parse_mcfg(struct acpi_tables *t, const struct acpi_mem_ops *ops,
		     const struct acpi_table_info *info)
{
	struct acpi_mcfg *m = &t->mcfg;
	uint32_t n, body;

	if (m->present) {
		acpi_tbl_problem(t, info->sig, info->phys, 0, ACPI_PROB_DUPLICATE, -EEXIST);
		return;
	}
	if (info->length < MCFG_ENTRIES_OFF) {
		acpi_tbl_problem(t, info->sig, info->phys, 0, ACPI_PROB_TOO_SHORT, -EBADMSG);
		return;
	}
	m->present = true;
	m->phys = info->phys;
	body = info->length - MCFG_ENTRIES_OFF;
	n = body / MCFG_ENTRY_LEN;
	if (body % MCFG_ENTRY_LEN)
		acpi_tbl_problem(t, info->sig, info->phys, MCFG_ENTRIES_OFF + n * MCFG_ENTRY_LEN,
				 ACPI_PROB_PARTIAL_ENTRY, -EINVAL);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t off = MCFG_ENTRIES_OFF + i * MCFG_ENTRY_LEN;
		uint8_t e[MCFG_ENTRY_LEN];
		int err = acpi_tbl_read(ops, info->phys + off, e, sizeof(e));

		if (err) {
			acpi_tbl_problem(t, info->sig, info->phys, off, ACPI_PROB_READ, err);
			return;
		}
		if (e[11] < e[10]) {
			acpi_tbl_problem(t, info->sig, info->phys, off, ACPI_PROB_BAD_VALUE,
					 -EINVAL);
			continue;
		}
		if (m->nentries >= ACPI_MAX_MCFG) {
			list_full(t, info, off, &m->dropped);
			continue;
		}
		m->entries[m->nentries++] = (struct acpi_mcfg_entry){
		    .base = get64(e),
		    .segment = get16(e + 8),
		    .start_bus = e[10],
		    .end_bus = e[11],
		};
	}
}
