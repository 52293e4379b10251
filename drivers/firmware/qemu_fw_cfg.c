/* QEMU fw_cfg over the legacy I/O interface, and isa-debug-exit. */
#include "drivers/firmware/qemu_fw_cfg.h"

#include <stdint.h>

#include "kernel/io.h"
#include "kernel/panic.h"
#include "lib/errno.h"
#include "lib/string.h"

#define FW_CFG_PORT_SEL	 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_SIGNATURE 0x0000
#define FW_CFG_FILE_DIR	 0x0019
#define DEBUG_EXIT_PORT	 0xf4

static bool present;

static void fw_cfg_select(uint16_t key)
{
	outw(FW_CFG_PORT_SEL, key);
}

static void fw_cfg_read(void *buf, size_t n)
{
	uint8_t *p = buf;

	for (size_t i = 0; i < n; i++)
		p[i] = inb(FW_CFG_PORT_DATA);
}

static uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static void debug_exit(uint32_t value)
{
	/* Without the device the write goes nowhere and machine_exit() halts. */
	outl(DEBUG_EXIT_PORT, value);
}

bool qemu_fw_cfg_init(void)
{
	char sig[4];

	fw_cfg_select(FW_CFG_SIGNATURE);
	fw_cfg_read(sig, sizeof(sig));
	present = memcmp(sig, "QEMU", 4) == 0;
	if (present)
		machine_register_exit_hook(debug_exit);
	return present;
}

long qemu_fw_cfg_read_file(const char *name, char *buf, size_t bufsize)
{
	uint8_t hdr[4];
	uint32_t count;

	if (!present)
		return -ENODEV;
	fw_cfg_select(FW_CFG_FILE_DIR);
	fw_cfg_read(hdr, sizeof(hdr));
	count = be32(hdr);
	for (uint32_t i = 0; i < count && i < 4096; i++) {
		/* struct FWCfgFile: be32 size, be16 select, u16 reserved, char name[56] */
		uint8_t ent[64];
		uint32_t size;
		uint16_t sel;

		fw_cfg_read(ent, sizeof(ent));
		ent[63] = '\0';
		if (strcmp((const char *)ent + 8, name) != 0)
			continue;
		size = be32(ent);
		sel = (uint16_t)((ent[4] << 8) | ent[5]);
		if (size + 1 > bufsize)
			return -E2BIG;
		fw_cfg_select(sel);
		fw_cfg_read(buf, size);
		buf[size] = '\0';
		return size;
	}
	return -ENOENT;
}
