/* Private to drivers/acpi/tables.c and tables_parse.c: the byte readers,
 * the checked memory accessor, problem recording, and the parsers of the
 * tables we look into. The public interface is drivers/acpi/tables.h. */
#ifndef DRIVERS_ACPI_TABLES_INTERNAL_H
#define DRIVERS_ACPI_TABLES_INTERNAL_H

#include "drivers/acpi/tables.h"

/* Little-endian fields, read byte by byte (tables are often unaligned). */
static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* ops->read with the checks every read needs: no wrap-around past 2^64,
 * and a contract breach (positive return) counted as an I/O error. */
int acpi_tbl_read(const struct acpi_mem_ops *ops, uint64_t phys, void *dst, size_t len);

/* Records a problem (dropped, but counted, when the list is full); returns err
 * so that callers can `return acpi_tbl_problem(...)`. */
int acpi_tbl_problem(struct acpi_tables *t, const char *sig, uint64_t phys, uint32_t offset,
		     enum acpi_reason reason, int err);

/* The parsers of a checked table (tables_parse.c), called once per table
 * found; a second MADT, SRAT or MCFG is a duplicate problem. */
void acpi_parse_madt(struct acpi_tables *t, const struct acpi_mem_ops *ops,
		     const struct acpi_table_info *info);
void acpi_parse_hpet(struct acpi_tables *t, const struct acpi_mem_ops *ops,
		     const struct acpi_table_info *info);
void acpi_parse_srat(struct acpi_tables *t, const struct acpi_mem_ops *ops,
		     const struct acpi_table_info *info);
void acpi_parse_mcfg(struct acpi_tables *t, const struct acpi_mem_ops *ops,
		     const struct acpi_table_info *info);

#endif
