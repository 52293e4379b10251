/* Memory pattern test: address-in-address, then its inverse. */
#include "mm/pattern.h"

#include <stdbool.h>

#include "lib/errno.h"
#include "mm/hotplug_machine.h"
#include "mm/page_alloc.h"
#include "mm/paging.h"

#define PAGE_BYTES 4096ull
#define LINE_BYTES 64ull

extern char __kernel_start[], __kernel_end[];

/* Whole range mapped? Steps by the size of each leaf found, so a 2 MiB page
 * costs one walk, not 512. */
static bool range_mapped(uint64_t start, uint64_t end)
{
	uint64_t a = start;

	while (a < end) {
		unsigned int level;
		uint64_t step;

		if (!paging_leaf_entry(a, &level))
			return false;
		step = 1ull << (12 + 9 * (level - 1));
		a = (a & ~(step - 1)) + step;
		if (a == 0) /* wrapped past the top */
			break;
	}
	return true;
}

/* 64 bytes at a time: fewer loop branches, which TCG pays for dearly. */
static void write_full(uint64_t start, uint64_t end, uint64_t inv)
{
	for (uint64_t a = start; a < end; a += LINE_BYTES) {
		volatile uint64_t *w = (volatile uint64_t *)(uintptr_t)a;

		w[0] = a ^ inv;
		w[1] = (a + 8) ^ inv;
		w[2] = (a + 16) ^ inv;
		w[3] = (a + 24) ^ inv;
		w[4] = (a + 32) ^ inv;
		w[5] = (a + 40) ^ inv;
		w[6] = (a + 48) ^ inv;
		w[7] = (a + 56) ^ inv;
	}
}

/* First word in [a, a + 64) that does not hold its pattern. */
static bool find_bad_in_line(uint64_t a, uint64_t inv, uint64_t *bad)
{
	volatile const uint64_t *w = (volatile const uint64_t *)(uintptr_t)a;

	for (unsigned int i = 0; i < LINE_BYTES / 8; i++) {
		if (w[i] != ((a + 8 * i) ^ inv)) {
			*bad = a + 8 * i;
			return true;
		}
	}
	return false;
}

static bool verify_full(uint64_t start, uint64_t end, uint64_t inv, uint64_t *bad)
{
	for (uint64_t a = start; a < end; a += LINE_BYTES) {
		volatile const uint64_t *w = (volatile const uint64_t *)(uintptr_t)a;
		uint64_t diff = (w[0] ^ (a ^ inv)) | (w[1] ^ ((a + 8) ^ inv)) |
				(w[2] ^ ((a + 16) ^ inv)) | (w[3] ^ ((a + 24) ^ inv)) |
				(w[4] ^ ((a + 32) ^ inv)) | (w[5] ^ ((a + 40) ^ inv)) |
				(w[6] ^ ((a + 48) ^ inv)) | (w[7] ^ ((a + 56) ^ inv));

		/* One branch per line; only a bad line is read again. */
		if (diff && find_bad_in_line(a, inv, bad))
			return true;
	}
	return false;
}

/* Sparse: the first word of every 64-byte line, and each page's last word
 * (so both ends of every page are covered). */
static void write_sparse(uint64_t start, uint64_t end, uint64_t inv)
{
	for (uint64_t pg = start; pg < end; pg += PAGE_BYTES) {
		for (uint64_t a = pg; a < pg + PAGE_BYTES; a += LINE_BYTES)
			*(volatile uint64_t *)(uintptr_t)a = a ^ inv;
		*(volatile uint64_t *)(uintptr_t)(pg + PAGE_BYTES - 8) =
		    (pg + PAGE_BYTES - 8) ^ inv;
	}
}

static bool check_word(uint64_t a, uint64_t inv, uint64_t *bad)
{
	if (*(volatile const uint64_t *)(uintptr_t)a == (a ^ inv))
		return false;
	*bad = a;
	return true;
}

static bool verify_sparse(uint64_t start, uint64_t end, uint64_t inv, uint64_t *bad)
{
	for (uint64_t pg = start; pg < end; pg += PAGE_BYTES) {
		for (uint64_t a = pg; a < pg + PAGE_BYTES; a += LINE_BYTES)
			if (check_word(a, inv, bad))
				return true;
		if (check_word(pg + PAGE_BYTES - 8, inv, bad))
			return true;
	}
	return false;
}

int pattern_test_range_opts(uint64_t start, uint64_t size, const struct pattern_opts *opts,
			    uint64_t *bad_addr)
{
	const uint64_t kstart = (uint64_t)(uintptr_t)__kernel_start;
	const uint64_t kend = (uint64_t)(uintptr_t)__kernel_end;
	bool sparse = opts && opts->mode == PATTERN_SPARSE;
	uint64_t end = start + size, bad = 0;

	if (!size || size > UINT64_MAX - start || (start | size) & (PAGE_BYTES - 1))
		return -EINVAL;
	/* Phantom RAM must never be written, mapped or not. */
	if (!machine_is_real_ram(start, size) || !range_mapped(start, end))
		return -EINVAL;
	/* Overwriting the running kernel (code, data, stack) is never wanted. */
	if (start < kend && kstart < end)
		return -EBUSY;

	for (unsigned int pass = 0; pass < 2; pass++) {
		uint64_t inv = pass ? ~0ull : 0;
		bool failed;

		if (sparse)
			write_sparse(start, end, inv);
		else
			write_full(start, end, inv);
		if (opts && opts->after_write)
			opts->after_write(start, size, pass, opts->ctx);
		failed = sparse ? verify_sparse(start, end, inv, &bad)
				: verify_full(start, end, inv, &bad);
		if (failed) {
			if (bad_addr)
				*bad_addr = bad;
			return -EIO;
		}
	}
	return 0;
}

int pattern_test_range(uint64_t start, uint64_t size, uint64_t *bad_addr)
{
	const struct pattern_opts opts = {.mode = PATTERN_DEFAULT_MODE};

	return pattern_test_range_opts(start, size, &opts, bad_addr);
}

int pattern_test_free_pages(uint64_t start, uint64_t end, uint64_t *bad_addr, uint64_t *tested)
{
	uint64_t held = 0, n = 0, page;
	int err = 0;

	while (!err &&
	       (page = page_alloc_page_range(&page_allocator, start >> 12, (end >> 12) + 1)) != 0) {
		err = pattern_test_range(page, 4096, bad_addr);
		/* Keep it allocated (so the next call returns another page)
		 * and remember it in its own first word. */
		*(volatile uint64_t *)(uintptr_t)page = held;
		held = page;
		n++;
	}
	while (held) {
		uint64_t next = *(volatile uint64_t *)(uintptr_t)held;

		page_free(&page_allocator, held);
		held = next;
	}
	if (tested)
		*tested = n;
	return err;
}
