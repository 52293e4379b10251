/* ACPI in the kernel: finds the RSDP, parses the static tables once at boot
 * (drivers/acpi/tables.c) and keeps the result for other code. */
#ifndef DRIVERS_ACPI_ACPI_H
#define DRIVERS_ACPI_ACPI_H

#include <stddef.h>

#include "drivers/acpi/tables.h"
#include "mm/e820.h"

/* Filled by acpi_init(); all zero before it or when no RSDP was found. */
extern struct acpi_tables acpi_tables;

/* Physical memory reader for tables.c: copies from the identity map below
 * 4 GiB; anything above (and the boot stack's guard page) is -EFAULT. */
extern const struct acpi_mem_ops acpi_kmem_ops;

/* Parses the ACPI tables into acpi_tables and prints a summary. rsdp is the
 * loader's RSDP copy (multiboot2: rsdp_new if present, else rsdp_old) or
 * NULL; when it is missing or unusable the BIOS areas are scanned. Returns 0,
 * -ENODEV when no RSDP was found, or tables.c's error for an unusable one.
 * May be called again (it starts afresh). */
int acpi_init(const void *rsdp, size_t len);

/* The UEFI boot logo (drivers/acpi/bgrt.h) on the booted machine: with a
 * BGRT table and a UEFI memory map d[0..n), checks it as Linux does and, if
 * it passes, turns the image's pages from usable into reserved in the
 * working e820 table (e820__range_update(), then sanitized); the firmware
 * and kexec tables stay as they are. Prints "ACPI: BGRT: image at ADDR,
 * BMP SIZE bytes (...)" for the tests, or Linux's reason for ignoring it. */
void acpi_bgrt_init(const struct e820_efi_desc *d, size_t n);

#endif
