/* QEMU fw_cfg (I/O ports 0x510/0x511): detection and file reads. Used for the
 * per-run command line (opt/org.hotmem/cmdline, docs/cmdline.md). */
#ifndef DRIVERS_FIRMWARE_QEMU_FW_CFG_H
#define DRIVERS_FIRMWARE_QEMU_FW_CFG_H

#include <stdbool.h>
#include <stddef.h>

/* True when the fw_cfg signature reads "QEMU". On QEMU this also registers
 * the isa-debug-exit hook (port 0xf4) for machine_exit(). */
bool qemu_fw_cfg_init(void);

/* Reads fw_cfg file `name` as text into buf (NUL-terminated), as
 * fw_cfg_read_text() does: a file too long for buf is cut after its last
 * whole word, a NUL ends it, each reported by name. Returns the text length,
 * -ENOENT if absent, -ENODEV without fw_cfg. */
long qemu_fw_cfg_read_file(const char *name, char *buf, size_t bufsize);

#endif
