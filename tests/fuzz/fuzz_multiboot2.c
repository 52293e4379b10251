/* The multiboot2 information parser (kernel/multiboot2.c) on any bytes:
 * every pointer it hands back lies inside the buffer, and every memory map
 * entry and UEFI descriptor it counts can be read. */
#include <stdlib.h>
#include <string.h>

#include "kernel/multiboot2.h"
#include "tests/fuzz/fuzz.h"

static bool inside(const void *p, size_t len, const uint8_t *buf, size_t size)
{
	const uint8_t *q = p;

	return !p || (q >= buf && len <= size && q <= buf + size - len);
}

int fuzz_multiboot2(const uint8_t *data, size_t size)
{
	static struct mb2_info info;
	struct mb2_mmap_entry e;
	struct mb2_efi_desc d;
	/* The loader hands over an 8-byte aligned block. */
	uint8_t *buf = aligned_alloc(8, (size + 7) & ~(size_t)7);

	if (!buf && size)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (mb2_parse(buf, size, &info) == 0) {
		FUZZ_CHECK(info.cmdline == NULL ||
			   inside(info.cmdline, strlen(info.cmdline) + 1, buf, size));
		FUZZ_CHECK(info.loader_name == NULL ||
			   inside(info.loader_name, strlen(info.loader_name) + 1, buf, size));
		FUZZ_CHECK(inside(info.rsdp_old, info.rsdp_old_len, buf, size));
		FUZZ_CHECK(inside(info.rsdp_new, info.rsdp_new_len, buf, size));
		for (size_t i = 0; i < info.mmap_count; i++)
			FUZZ_CHECK(mb2_mmap_entry(&info, i, &e) == 0);
		FUZZ_CHECK(mb2_mmap_entry(&info, info.mmap_count, &e) != 0);
		for (size_t i = 0; i < info.efi_mmap_count; i++)
			FUZZ_CHECK(mb2_efi_desc(&info, i, &d) == 0);
	}
	free(buf);
	return 0;
}
