/* Legacy option-ROM probing. The rules are Linux's: a ROM starts with the
 * bytes 0x55 0xAA on a 2 KiB boundary, its third byte is its length in 512-byte
 * units, and its bytes sum to zero (mod 256). The video ROM keeps a default
 * length of 32 KiB when the checksum fails; adapter ROMs must pass it; the
 * System ROM (0xf0000-0xfffff) is always claimed; an extension ROM at 0xe0000
 * (whole 64 KiB, checksummed) lowers the adapter scan limit. */
#include "drivers/firmware/probe_roms.h"

#include "kernel/resource.h"
#include "lib/string.h"

#ifndef IORESOURCE_READONLY
#define IORESOURCE_READONLY 0x00004000
#endif

#define ROM_FLAGS	    (IORESOURCE_BUSY | IORESOURCE_READONLY | IORESOURCE_MEM)
#define VIDEO_ROM_START	    0xc0000
#define VIDEO_ROM_END	    0xc7fff
#define ADAPTER_ROM_START   0xc8000
#define EXTENSION_ROM_START 0xe0000
#define EXTENSION_ROM_END   0xeffff
#define SYSTEM_ROM_START    0xf0000
#define SYSTEM_ROM_END	    0xfffff

static void init_res(struct resource *r, const char *name, uint64_t start, uint64_t end)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->start = start;
	r->end = end;
	r->flags = ROM_FLAGS;
}

static int has_signature(rom_read_fn read, void *ctx, uint64_t addr)
{
	uint8_t sig[2];

	return read(ctx, addr, sig, 2) == 0 && sig[0] == 0x55 && sig[1] == 0xaa;
}

/* Length byte in 512-byte units; 0 when unreadable. */
static uint64_t length_byte(rom_read_fn read, void *ctx, uint64_t addr)
{
	uint8_t c;

	if (read(ctx, addr + 2, &c, 1))
		return 0;
	return (uint64_t)c * 512;
}

static int checksum_ok(rom_read_fn read, void *ctx, uint64_t addr, uint64_t len)
{
	uint8_t buf[256];
	uint8_t sum = 0;

	for (uint64_t off = 0; off < len; off += sizeof(buf)) {
		size_t n = len - off < sizeof(buf) ? (size_t)(len - off) : sizeof(buf);

		if (read(ctx, addr + off, buf, n))
			return 0;
		for (size_t i = 0; i < n; i++)
			sum += buf[i];
	}
	return sum == 0;
}

int probe_roms(struct probe_roms_state *st, struct resource *root, rom_read_fn read, void *ctx)
{
	struct resource *adapter_roms = st->adapter_roms;
	uint64_t start, upper, len;
	int found = 0, i;

	init_res(&st->video_rom, "Video ROM", VIDEO_ROM_START, VIDEO_ROM_END);
	init_res(&st->system_rom, "System ROM", SYSTEM_ROM_START, SYSTEM_ROM_END);
	init_res(&st->extension_rom, "Extension ROM", EXTENSION_ROM_START, EXTENSION_ROM_END);
	for (i = 0; i < NR_ADAPTER_ROMS; i++)
		init_res(&adapter_roms[i], "Adapter ROM", ADAPTER_ROM_START, 0);

	upper = ADAPTER_ROM_START;
	for (start = VIDEO_ROM_START; start < upper; start += 2048) {
		if (!has_signature(read, ctx, start))
			continue;
		st->video_rom.start = start;
		len = length_byte(read, ctx, start);
		/* Trust the length byte only when the checksum agrees. */
		if (len && checksum_ok(read, ctx, start, len))
			st->video_rom.end = start + len - 1;
		if (request_resource(root, &st->video_rom) == 0)
			found++;
		break;
	}

	start = (st->video_rom.end + 1 + 2047) & ~2047ull;
	if (start < upper)
		start = upper;

	if (request_resource(root, &st->system_rom) == 0)
		found++;
	upper = st->system_rom.start;

	/* The extension ROM's length byte is ignored: it is 64 KiB if present. */
	if (has_signature(read, ctx, EXTENSION_ROM_START) &&
	    checksum_ok(read, ctx, EXTENSION_ROM_START,
			EXTENSION_ROM_END - EXTENSION_ROM_START + 1)) {
		if (request_resource(root, &st->extension_rom) == 0)
			found++;
		upper = st->extension_rom.start;
	}

	for (i = 0; i < NR_ADAPTER_ROMS && start < upper; start += 2048) {
		if (!has_signature(read, ctx, start))
			continue;
		len = length_byte(read, ctx, start);
		if (!len || start + len > upper || !checksum_ok(read, ctx, start, len))
			continue;
		adapter_roms[i].start = start;
		adapter_roms[i].end = start + len - 1;
		if (request_resource(root, &adapter_roms[i]) == 0)
			found++;
		/* Continue on the 2 KiB boundary holding this ROM's last byte. */
		start = adapter_roms[i++].end & ~2047ull;
	}
	return found;
}

static void release_if_linked(struct resource *r)
{
	if (r->parent)
		release_resource(r);
}

void probe_roms_release(struct probe_roms_state *st)
{
	release_if_linked(&st->video_rom);
	release_if_linked(&st->system_rom);
	release_if_linked(&st->extension_rom);
	for (int i = 0; i < NR_ADAPTER_ROMS; i++)
		release_if_linked(&st->adapter_roms[i]);
}
