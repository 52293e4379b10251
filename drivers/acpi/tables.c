/* Static ACPI table parsing; see tables.h for the rules on bad input.
 *
 * This file finds the tables: the RSDP, the root table (XSDT or RSDT), each
 * table's header check, the FADT's DSDT pointer, lookup and the summary.
 * The tables we look into are parsed in tables_parse.c.
 *
 * Nothing here dereferences a physical address: every byte of firmware
 * memory comes through ops->read into small local buffers, and fields are
 * assembled byte by byte (tables are little-endian and often unaligned). */
#include "drivers/acpi/tables.h"

#include "drivers/acpi/tables_internal.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Fixed offsets inside the tables (ACPI 6.x). */
#define RSDP_CHECKSUM_OFF   8
#define RSDP_OEM_OFF	    9
#define RSDP_REV_OFF	    15
#define RSDP_RSDT_OFF	    16
#define RSDP_LENGTH_OFF	    20
#define RSDP_XSDT_OFF	    24
#define FADT_DSDT_OFF	    40
#define FADT_X_DSDT_OFF	    140
#define FADT_X_DSDT_END	    148
#define FADT_PM_TMR_BLK_OFF 76
#define FADT_PM_TMR_LEN_OFF 91
#define FADT_FLAGS_OFF	    112
#define FADT_TMR_VAL_EXT    (1u << 8)
#define FADT_X_PM_TMR_OFF   208 /* a 12-byte Generic Address Structure */
#define GAS_SPACE_IO	    1

static uint8_t sum8(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + p[i]);
	return s;
}

/* Firmware strings end up in printk: NUL padding becomes a space, other
 * unprintable bytes '?', so a garbage header cannot disturb the console. */
static void copy_str(char *dst, const uint8_t *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = src[i];

		dst[i] = c == 0 ? ' ' : (c < 0x20 || c > 0x7e) ? '?' : (char)c;
	}
	dst[n] = '\0';
}

int acpi_tbl_read(const struct acpi_mem_ops *ops, uint64_t phys, void *dst, size_t len)
{
	int err;

	if (len == 0)
		return 0;
	if (phys + (len - 1) < phys)
		return -EFAULT;
	err = ops->read(ops->ctx, phys, dst, len);
	return err > 0 ? -EIO : err;
}

int acpi_tbl_problem(struct acpi_tables *t, const char *sig, uint64_t phys, uint32_t offset,
		     enum acpi_reason reason, int err)
{
	struct acpi_problem *p;

	if (t->nproblems >= ACPI_MAX_PROBLEMS) {
		t->problems_dropped++;
		return err;
	}
	p = &t->problems[t->nproblems++];
	strlcpy(p->sig, sig, sizeof(p->sig));
	p->phys = phys;
	p->offset = offset;
	p->reason = reason;
	p->err = err;
	return err;
}

static const char *const reason_names[ACPI_PROB_COUNT] = {
    [ACPI_PROB_READ] = "unreadable",
    [ACPI_PROB_LENGTH] = "bad length",
    [ACPI_PROB_CHECKSUM] = "bad checksum",
    [ACPI_PROB_SIGNATURE] = "bad signature",
    [ACPI_PROB_NULL_ENTRY] = "null address",
    [ACPI_PROB_PARTIAL_ENTRY] = "partial entry",
    [ACPI_PROB_TOO_MANY] = "too many tables",
    [ACPI_PROB_TOO_SHORT] = "table too short",
    [ACPI_PROB_BAD_ENTRY] = "bad entry length",
    [ACPI_PROB_SHORT_ENTRY] = "entry too short",
    [ACPI_PROB_ADDRESS_SPACE] = "not in system memory",
    [ACPI_PROB_BAD_VALUE] = "bad value",
    [ACPI_PROB_LIST_FULL] = "list full",
    [ACPI_PROB_DUPLICATE] = "duplicate",
};

const char *acpi_reason_name(enum acpi_reason r)
{
	if ((unsigned int)r >= ACPI_PROB_COUNT)
		return "?";
	return reason_names[r];
}

/* ---- RSDP ---- */

static int rsdp_check(const void *buf, size_t len, struct acpi_rsdp *out, enum acpi_reason *why)
{
	const uint8_t *b = buf;
	uint32_t xlen;

	*why = ACPI_PROB_LENGTH;
	if (!buf || len < ACPI_RSDP_V1_LEN)
		return -EINVAL;
	*why = ACPI_PROB_SIGNATURE;
	if (memcmp(b, "RSD PTR ", 8) != 0)
		return -EINVAL;
	*why = ACPI_PROB_CHECKSUM;
	if (sum8(b, ACPI_RSDP_V1_LEN) != 0)
		return -EBADMSG;

	memset(out, 0, sizeof(*out));
	out->revision = b[RSDP_REV_OFF];
	copy_str(out->oem_id, b + RSDP_OEM_OFF, 6);
	out->rsdt_addr = get32(b + RSDP_RSDT_OFF);
	out->length = ACPI_RSDP_V1_LEN;
	/* Revision 0 is ACPI 1.0; 1 was never used; 2 and up have the extension.
	 * A v1-sized copy of a v2 RSDP is still a valid v1 RSDP. */
	if (out->revision < 2 || len < ACPI_RSDP_V2_LEN)
		return 0;
	xlen = get32(b + RSDP_LENGTH_OFF);
	*why = ACPI_PROB_LENGTH;
	if (xlen < ACPI_RSDP_V2_LEN || xlen > len || xlen > ACPI_RSDP_MAX_LEN)
		return -EINVAL;
	*why = ACPI_PROB_CHECKSUM;
	if (sum8(b, xlen) != 0)
		return -EBADMSG;
	out->length = xlen;
	out->xsdt_addr = get64(b + RSDP_XSDT_OFF);
	return 0;
}

int acpi_rsdp_parse(const void *buf, size_t len, struct acpi_rsdp *out)
{
	struct acpi_rsdp tmp;
	enum acpi_reason why;
	int err = rsdp_check(buf, len, &tmp, &why);

	if (!err && out)
		*out = tmp;
	return err;
}

/* Scans [start, end) on 16-byte boundaries; see acpi_rsdp_scan(). */
static int scan_area(const struct acpi_mem_ops *ops, uint64_t start, uint64_t end, uint8_t *buf,
		     size_t *len, uint64_t *phys)
{
	for (uint64_t a = (start + 15) & ~(uint64_t)15; a + ACPI_RSDP_V1_LEN <= end; a += 16) {
		size_t n = ACPI_RSDP_V1_LEN;

		if (acpi_tbl_read(ops, a, buf, n) != 0 || memcmp(buf, "RSD PTR ", 8) != 0)
			continue;
		/* Take the v2 part when it is there and readable; a failure
		 * leaves a v1-sized copy, which acpi_rsdp_parse() accepts. */
		if (buf[RSDP_REV_OFF] >= 2 && a + ACPI_RSDP_V2_LEN <= end &&
		    acpi_tbl_read(ops, a, buf, ACPI_RSDP_V2_LEN) == 0) {
			uint32_t xlen = get32(buf + RSDP_LENGTH_OFF);

			n = ACPI_RSDP_V2_LEN;
			if (xlen > n && xlen <= ACPI_RSDP_MAX_LEN && a + xlen <= end &&
			    acpi_tbl_read(ops, a, buf, xlen) == 0)
				n = xlen;
		}
		if (acpi_rsdp_parse(buf, n, NULL) == 0) {
			*len = n;
			*phys = a;
			return 0;
		}
	}
	return -ENOENT;
}

int acpi_rsdp_scan(const struct acpi_mem_ops *ops, void *buf, size_t *len, uint64_t *phys)
{
	uint8_t seg[2];

	if (!ops || !ops->read || !buf || !len || !phys)
		return -EINVAL;
	if (acpi_tbl_read(ops, ACPI_BDA_EBDA_SEG, seg, sizeof(seg)) == 0) {
		uint64_t ebda = (uint64_t)get16(seg) << 4;

		/* A sane EBDA sits in conventional memory below the VGA hole;
		 * anything else is an uninitialised BDA word. */
		if (ebda > 0x400 && ebda < 0xa0000) {
			uint64_t end = ebda + ACPI_EBDA_SCAN_LEN;

			if (end > 0xa0000)
				end = 0xa0000;
			if (scan_area(ops, ebda, end, buf, len, phys) == 0)
				return 0;
		}
	}
	return scan_area(ops, ACPI_BIOS_START, ACPI_BIOS_END, buf, len, phys);
}

/* ---- table headers ---- */

/* Reads the header of the table at phys, checks signature (when expect is
 * given), length and checksum, and fills *info. Problems are recorded. */
static int check_table(struct acpi_tables *t, const struct acpi_mem_ops *ops, uint64_t phys,
		       const char *expect, struct acpi_table_info *info)
{
	uint8_t h[ACPI_HDR_LEN];
	uint8_t chunk[128];
	uint8_t sum;
	int err;

	err = acpi_tbl_read(ops, phys, h, sizeof(h));
	if (err)
		return acpi_tbl_problem(t, expect ? expect : "????", phys, 0, ACPI_PROB_READ, err);

	memset(info, 0, sizeof(*info));
	copy_str(info->sig, h, 4);
	info->phys = phys;
	info->length = get32(h + 4);
	info->revision = h[8];
	copy_str(info->oem_id, h + 10, 6);
	copy_str(info->oem_table_id, h + 16, 8);
	info->oem_revision = get32(h + 24);
	copy_str(info->creator_id, h + 28, 4);
	info->creator_revision = get32(h + 32);

	if (expect && memcmp(h, expect, 4) != 0)
		return acpi_tbl_problem(t, expect, phys, 0, ACPI_PROB_SIGNATURE, -EINVAL);
	if (info->length < ACPI_HDR_LEN || info->length > ACPI_TABLE_MAX_LEN)
		return acpi_tbl_problem(t, info->sig, phys, 0, ACPI_PROB_LENGTH, -EINVAL);

	/* The body is summed in chunks: tables may be far larger than any
	 * buffer we want on the stack. */
	sum = sum8(h, sizeof(h));
	for (uint32_t off = ACPI_HDR_LEN; off < info->length;) {
		size_t n = info->length - off;

		if (n > sizeof(chunk))
			n = sizeof(chunk);
		err = acpi_tbl_read(ops, phys + off, chunk, n);
		if (err)
			return acpi_tbl_problem(t, info->sig, phys, off, ACPI_PROB_READ, err);
		sum = (uint8_t)(sum + sum8(chunk, n));
		off += (uint32_t)n;
	}
	if (sum != 0)
		return acpi_tbl_problem(t, info->sig, phys, 0, ACPI_PROB_CHECKSUM, -EBADMSG);
	return 0;
}

/* ---- the table list ---- */

static void take_table(struct acpi_tables *t, const struct acpi_mem_ops *ops, uint64_t phys,
		       const char *expect);

/* Entries not looked at because tables[] is full; the first is reported. */
static void too_many(struct acpi_tables *t, const char *sig, uint64_t phys, uint32_t off,
		     size_t count)
{
	if (t->tables_dropped == 0)
		acpi_tbl_problem(t, sig, phys, off, ACPI_PROB_TOO_MANY, -ENOSPC);
	t->tables_dropped += count;
}

/* FADT: the PM timer, as Linux finds it (ACPICA's X_PM_TMR_BLK, filled from
 * the 32-bit PM_TMR_BLK when the extended one is empty; acpi_pm takes it only
 * in I/O space). A missing or odd timer is no problem: the field is optional. */
static void parse_fadt_pm_timer(struct acpi_tables *t, const struct acpi_mem_ops *ops,
				const struct acpi_table_info *info)
{
	uint8_t b[12];
	uint64_t port = 0;

	if (info->length >= FADT_X_PM_TMR_OFF + 12 &&
	    acpi_tbl_read(ops, info->phys + FADT_X_PM_TMR_OFF, b, 12) == 0 && get64(b + 4)) {
		if (b[0] != GAS_SPACE_IO)
			return;
		port = get64(b + 4);
	} else if (info->length >= FADT_FLAGS_OFF + 4 &&
		   acpi_tbl_read(ops, info->phys + FADT_PM_TMR_BLK_OFF, b, 4) == 0) {
		port = get32(b);
		if (acpi_tbl_read(ops, info->phys + FADT_PM_TMR_LEN_OFF, b, 1) || b[0] != 4)
			return;
	}
	if (!port || port > 0xffff || info->length < FADT_FLAGS_OFF + 4 ||
	    acpi_tbl_read(ops, info->phys + FADT_FLAGS_OFF, b, 4))
		return;
	t->pm_timer.port = (uint16_t)port;
	t->pm_timer.ext32 = (get32(b) & FADT_TMR_VAL_EXT) != 0;
}

/* FADT: its DSDT pointer and the PM timer are used. X_DSDT (ACPI 2.0+) wins over the
 * 32-bit field when set; if it is unusable the 32-bit one is tried. */
static void parse_fadt(struct acpi_tables *t, const struct acpi_mem_ops *ops,
		       const struct acpi_table_info *info)
{
	uint8_t b[8];
	uint64_t xdsdt = 0;
	uint32_t dsdt;
	size_t before;
	int err;

	if (t->has_fadt) {
		acpi_tbl_problem(t, info->sig, info->phys, 0, ACPI_PROB_DUPLICATE, -EEXIST);
		return;
	}
	t->has_fadt = true;
	parse_fadt_pm_timer(t, ops, info);
	if (info->length < FADT_DSDT_OFF + 4) {
		acpi_tbl_problem(t, info->sig, info->phys, 0, ACPI_PROB_TOO_SHORT, -EBADMSG);
		return;
	}
	err = acpi_tbl_read(ops, info->phys + FADT_DSDT_OFF, b, 4);
	if (err) {
		acpi_tbl_problem(t, info->sig, info->phys, FADT_DSDT_OFF, ACPI_PROB_READ, err);
		return;
	}
	dsdt = get32(b);
	if (info->length >= FADT_X_DSDT_END &&
	    acpi_tbl_read(ops, info->phys + FADT_X_DSDT_OFF, b, 8) == 0)
		xdsdt = get64(b);
	if (!xdsdt && !dsdt) {
		acpi_tbl_problem(t, "DSDT", info->phys, FADT_DSDT_OFF, ACPI_PROB_NULL_ENTRY,
				 -EINVAL);
		return;
	}
	before = t->ntables;
	if (xdsdt) {
		take_table(t, ops, xdsdt, "DSDT");
		/* Only an unusable X_DSDT sends us to the 32-bit field. */
		if (t->ntables != before || t->tables_dropped || !dsdt || dsdt == xdsdt)
			return;
	}
	take_table(t, ops, dsdt, "DSDT");
}

static bool sig_is(const struct acpi_table_info *info, const char *sig)
{
	return memcmp(info->sig, sig, 4) == 0;
}

/* Checks the table at phys; a valid one is recorded and, if it is one we
 * read, parsed. */
static void take_table(struct acpi_tables *t, const struct acpi_mem_ops *ops, uint64_t phys,
		       const char *expect)
{
	struct acpi_table_info info;
	const struct acpi_table_info *rec;

	if (t->ntables >= ACPI_MAX_TABLES) {
		too_many(t, expect ? expect : "????", phys, 0, 1);
		return;
	}
	if (check_table(t, ops, phys, expect, &info) != 0)
		return;
	t->tables[t->ntables++] = info;
	rec = &t->tables[t->ntables - 1];
	if (sig_is(rec, "APIC"))
		acpi_parse_madt(t, ops, rec);
	else if (sig_is(rec, "HPET"))
		acpi_parse_hpet(t, ops, rec);
	else if (sig_is(rec, "SRAT"))
		acpi_parse_srat(t, ops, rec);
	else if (sig_is(rec, "MCFG"))
		acpi_parse_mcfg(t, ops, rec);
	else if (sig_is(rec, "FACP"))
		parse_fadt(t, ops, rec);
	else if (sig_is(rec, "DSDT"))
		t->has_dsdt = true;
}

/* Checks the RSDT or XSDT at phys and, when valid, takes every table it lists. */
static int use_root(struct acpi_tables *t, const struct acpi_mem_ops *ops, uint64_t phys, bool xsdt)
{
	const char *sig = xsdt ? "XSDT" : "RSDT";
	const uint32_t esize = xsdt ? 8 : 4;
	struct acpi_table_info info;
	uint32_t body, n;
	int err;

	err = check_table(t, ops, phys, sig, &info);
	if (err)
		return err;
	t->root = info;
	t->root_is_xsdt = xsdt;
	body = info.length - ACPI_HDR_LEN;
	n = body / esize;
	if (body % esize)
		acpi_tbl_problem(t, sig, phys, ACPI_HDR_LEN + n * esize, ACPI_PROB_PARTIAL_ENTRY,
				 -EINVAL);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t off = ACPI_HDR_LEN + i * esize;
		uint8_t e[8];
		uint64_t addr;

		/* Stop here rather than check (and read) tables we cannot keep. */
		if (t->ntables >= ACPI_MAX_TABLES) {
			too_many(t, sig, phys, off, n - i);
			break;
		}
		err = acpi_tbl_read(ops, phys + off, e, esize);
		if (err) {
			acpi_tbl_problem(t, sig, phys, off, ACPI_PROB_READ, err);
			break;
		}
		addr = xsdt ? get64(e) : get32(e);
		if (addr == 0) {
			acpi_tbl_problem(t, sig, phys, off, ACPI_PROB_NULL_ENTRY, -EINVAL);
			continue;
		}
		take_table(t, ops, addr, NULL);
	}
	return 0;
}

int acpi_tables_init(struct acpi_tables *t, const void *rsdp, size_t rsdp_len,
		     const struct acpi_mem_ops *ops)
{
	enum acpi_reason why;
	int err;

	memset(t, 0, sizeof(*t));
	if (!ops || !ops->read)
		return -EINVAL;
	err = rsdp_check(rsdp, rsdp_len, &t->rsdp, &why);
	if (err) {
		memset(&t->rsdp, 0, sizeof(t->rsdp));
		return acpi_tbl_problem(t, "RSDP", 0, 0, why, err);
	}

	err = -ENOENT;
	if (t->rsdp.xsdt_addr)
		err = use_root(t, ops, t->rsdp.xsdt_addr, true);
	/* No or unusable XSDT: the RSDT lists the same tables (32-bit). */
	if (err && t->rsdp.rsdt_addr)
		err = use_root(t, ops, t->rsdp.rsdt_addr, false);
	else if (err == -ENOENT)
		err = acpi_tbl_problem(t, "RSDT", 0, 0, ACPI_PROB_NULL_ENTRY, -EINVAL);
	return err;
}

const struct acpi_table_info *acpi_find_table(const struct acpi_tables *t, const char *sig,
					      size_t index)
{
	if (!t || !sig || strlen(sig) != 4)
		return NULL;
	for (size_t i = 0; i < t->ntables; i++) {
		if (sig_is(&t->tables[i], sig) && index-- == 0)
			return &t->tables[i];
	}
	return NULL;
}

const struct acpi_problem *acpi_find_problem(const struct acpi_tables *t, const char *sig,
					     enum acpi_reason reason)
{
	for (size_t i = 0; i < t->nproblems; i++) {
		const struct acpi_problem *p = &t->problems[i];

		if (p->reason == reason && (!sig || strcmp(p->sig, sig) == 0))
			return p;
	}
	return NULL;
}

/* ---- summary ---- */

static void print_table(const struct acpi_table_info *i)
{
	printk("ACPI: %s 0x%016llX %06X (v%02u %s %s %08X %s %08X)\n", i->sig,
	       (unsigned long long)i->phys, i->length, i->revision, i->oem_id, i->oem_table_id,
	       i->oem_revision, i->creator_id, i->creator_revision);
}

void acpi_tables_print(const struct acpi_tables *t)
{
	const struct acpi_madt *m = &t->madt;

	if (t->rsdp.length) {
		if (t->rsdp.phys)
			printk("ACPI: RSDP 0x%016llX %06X (v%02u %s)\n",
			       (unsigned long long)t->rsdp.phys, t->rsdp.length, t->rsdp.revision,
			       t->rsdp.oem_id);
		else
			printk("ACPI: RSDP (loader copy) %06X (v%02u %s)\n", t->rsdp.length,
			       t->rsdp.revision, t->rsdp.oem_id);
	}
	if (t->root.length)
		print_table(&t->root);
	for (size_t i = 0; i < t->ntables; i++)
		print_table(&t->tables[i]);
	if (m->present) {
		size_t enabled = 0;

		for (size_t i = 0; i < m->ncpus; i++)
			enabled += m->cpus[i].enabled;
		printk("ACPI: MADT: local APIC 0x%llx%s, CPUs %zu (%zu enabled), overrides %zu\n",
		       (unsigned long long)m->lapic_addr,
		       m->lapic_addr_override ? " (override)" : "", m->ncpus, enabled, m->nisos);
		for (size_t i = 0; i < m->nioapics; i++)
			printk("ACPI: IOAPIC[%zu]: id %u, address 0x%08x, GSI %u\n", i,
			       m->ioapics[i].id, m->ioapics[i].addr, m->ioapics[i].gsi_base);
	}
	for (size_t i = 0; i < t->nhpets; i++)
		printk("ACPI: HPET %u: id 0x%08x base 0x%llx min tick %u\n", t->hpets[i].number,
		       t->hpets[i].block_id, (unsigned long long)t->hpets[i].base,
		       t->hpets[i].min_tick);
	for (size_t i = 0; i < t->srat.nmem; i++) {
		const struct acpi_srat_mem *s = &t->srat.mem[i];

		if (!s->enabled || !s->length)
			continue;
		printk("ACPI: SRAT: PXM %u [mem 0x%08llx-0x%08llx]%s%s\n", s->pxm,
		       (unsigned long long)s->base, (unsigned long long)(s->base + s->length - 1),
		       s->hotpluggable ? " hotplug" : "", s->nonvolatile ? " non-volatile" : "");
	}
	for (size_t i = 0; i < t->mcfg.nentries; i++) {
		const struct acpi_mcfg_entry *e = &t->mcfg.entries[i];

		printk("ACPI: MCFG: segment %04x [bus %02x-%02x] base 0x%llx\n", e->segment,
		       e->start_bus, e->end_bus, (unsigned long long)e->base);
	}
	for (size_t i = 0; i < t->nproblems; i++) {
		const struct acpi_problem *p = &t->problems[i];

		printk("ACPI: problem: %s at 0x%llx+0x%x: %s (%s)\n", p->sig,
		       (unsigned long long)p->phys, p->offset, acpi_reason_name(p->reason),
		       errno_name(p->err));
	}
	if (t->problems_dropped)
		printk("ACPI: %zu more problems not recorded\n", t->problems_dropped);
	if (t->tables_dropped)
		printk("ACPI: %zu tables past the first %d not looked at\n", t->tables_dropped,
		       ACPI_MAX_TABLES);
}
