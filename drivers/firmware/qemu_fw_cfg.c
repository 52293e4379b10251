/* QEMU fw_cfg over the legacy I/O interface, and isa-debug-exit. */
#include "drivers/firmware/qemu_fw_cfg.h"

#include <stdint.h>

#include "drivers/firmware/fw_cfg_file.h"
#include "kernel/io.h"
#include "kernel/panic.h"
#include "lib/errno.h"
#include "lib/string.h"

#define FW_CFG_PORT_SEL	 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_SIGNATURE 0x0000
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

static void port_select(void *ctx, uint16_t key)
{
	fw_cfg_select(key);
}

static void port_read(void *ctx, void *buf, size_t n)
{
	fw_cfg_read(buf, n);
}

long qemu_fw_cfg_read_file(const char *name, char *buf, size_t bufsize)
{
	static const struct fw_cfg_ops ops = {port_select, port_read, NULL};

	if (!present)
		return -ENODEV;
	return fw_cfg_read_text(&ops, name, buf, bufsize);
}
