/* Reading one named fw_cfg file as text (pure C: the port accesses are the
 * caller's, so the host tests can play a hostile fw_cfg). The directory is
 * firmware input: sizes are compared in 64 bits (a size of 0xffffffff must
 * not wrap to 0), a file longer than the buffer is cut after its last whole
 * word that fits, and a NUL inside ends the text; each case is printed by
 * name (docs/cmdline.md: the size limit). */
#ifndef DRIVERS_FIRMWARE_FW_CFG_FILE_H
#define DRIVERS_FIRMWARE_FW_CFG_FILE_H

#include <stddef.h>
#include <stdint.h>

#define FW_CFG_FILE_DIR 0x0019

struct fw_cfg_ops {
	void (*select)(void *ctx, uint16_t key);
	void (*read)(void *ctx, void *buf, size_t n);
	void *ctx;
};

/* Finds `name` in the directory, reads it into buf (bufsize >= 2) and
 * NUL-terminates it. Returns the text length, -ENOENT when there is no such
 * file. A cut or a NUL is reported with printk and the text before it kept. */
long fw_cfg_read_text(const struct fw_cfg_ops *ops, const char *name, char *buf, size_t bufsize);

#endif
