/* One named fw_cfg file as text (drivers/firmware/fw_cfg_file.h). */
#include "drivers/firmware/fw_cfg_file.h"

#include <stdbool.h>

#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Directory entries examined at most: QEMU has a few dozen. */
#define FW_CFG_MAX_FILES 4096

static uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

long fw_cfg_read_text(const struct fw_cfg_ops *ops, const char *name, char *buf, size_t bufsize)
{
	uint8_t hdr[4];
	uint32_t count;

	ops->select(ops->ctx, FW_CFG_FILE_DIR);
	ops->read(ops->ctx, hdr, sizeof(hdr));
	count = be32(hdr);
	for (uint32_t i = 0; i < count && i < FW_CFG_MAX_FILES; i++) {
		/* struct FWCfgFile: be32 size, be16 select, u16 reserved, char name[56] */
		uint8_t ent[64];
		uint64_t size;
		size_t n, len;

		ops->read(ops->ctx, ent, sizeof(ent));
		ent[63] = '\0';
		if (strcmp((const char *)ent + 8, name) != 0)
			continue;
		size = be32(ent);
		n = size + 1 > bufsize ? bufsize - 1 : (size_t)size;
		ops->select(ops->ctx, (uint16_t)((ent[4] << 8) | ent[5]));
		ops->read(ops->ctx, buf, n);
		buf[n] = '\0';
		len = strlen(buf);
		if (len < n) {
			printk(KERN_WARNING
			       "fw_cfg: %s: NUL byte at offset %zu, the %llu bytes after "
			       "it ignored\n",
			       name, len, (unsigned long long)(size - len - 1));
			return (long)len;
		}
		if (n < size) {
			/* Keep whole words only: half a word could be a
			 * different, valid option (memmap=1G!0x1000...). */
			while (n && !is_space(buf[n - 1]))
				n--;
			buf[n] = '\0';
			printk(KERN_WARNING
			       "fw_cfg: %s: %llu bytes, more than the %zu that fit; cut "
			       "after byte %zu (the words after it are dropped)\n",
			       name, (unsigned long long)size, bufsize - 1, n);
		}
		return (long)n;
	}
	return -ENOENT;
}
