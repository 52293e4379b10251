/* Finds the memory-hotplug slot count QEMU publishes in its DSDT as
 * `Name (MDNR, <integer>)`, by byte pattern: no AML interpreter.
 *
 * Pure C. The AML is untrusted: every read is bounds-checked, and a match
 * that is not NameOp + "MDNR" + an integer constant is skipped, not taken. */
#ifndef DRIVERS_ACPI_DSDT_SCAN_H
#define DRIVERS_ACPI_DSDT_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "drivers/acpi/tables.h"

/* QEMU's ACPI_MAX_RAM_SLOTS: larger values are clamped to it. */
#define DSDT_MDNR_MAX 256

/* AML opcodes the scan understands. */
#define AML_ZERO_OP	  0x00
#define AML_ONE_OP	  0x01
#define AML_NAME_OP	  0x08
#define AML_BYTE_PREFIX	  0x0a
#define AML_WORD_PREFIX	  0x0b
#define AML_DWORD_PREFIX  0x0c
#define AML_QWORD_PREFIX  0x0e
#define AML_ROOT_CHAR	  '\\'
#define AML_PARENT_PREFIX '^'

/* The first `NameOp [\ or ^...] "MDNR" <ZeroOp|OneOp|Byte|Word|DWord|QWord
 * const>` in aml[0, len): its value clamped to DSDT_MDNR_MAX, or -ENOENT
 * (none, or every candidate truncated or followed by something else). */
int dsdt_find_mdnr(const uint8_t *aml, size_t len);

/* Reads the DSDT of t through ops (the whole table, header included, into
 * a temporary buffer) and scans it. The slot count, -ENOENT (no DSDT or no
 * MDNR), -ENOMEM, or the reader's error. */
int dsdt_read_mdnr(const struct acpi_tables *t, const struct acpi_mem_ops *ops);

#endif
