/* The page allocator behind onlined memory blocks (pure C bookkeeping: it
 * never touches the pages it manages, only its own metadata, so it runs on
 * the host too).
 *
 * Instance-based: the kernel uses the global `page_allocator`; tests make
 * their own `struct page_alloc`, so they never disturb the kernel's.
 *
 * Each online range has one metadata chunk: its descriptor followed by a
 * bitmap of its pages (1 = allocated). The chunk lives either on the kernel
 * heap (kzalloc, so kalloc_fail_nth() reaches it) or, for
 * MHP_MEMMAP_ON_MEMORY, in storage the caller passes: the first pages of the
 * range itself, which are then counted as reserved and never handed out.
 * Keeping the descriptor in the chunk too means onlining with caller storage
 * allocates nothing at all. Single pages only: that is all the tests and the
 * hotplug checks need. Not thread-safe (the kernel is single-threaded). */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/list.h"

/* Pfns are kept below this so that pfn << 12 never wraps (52-bit physical
 * addresses, the x86-64 architectural maximum). */
#define PAGE_ALLOC_MAX_PFN (1ull << 40)

/* One online range; the first part of its metadata chunk. */
struct page_alloc_range {
	struct list_head node; /* in page_alloc.ranges, sorted by start_pfn */
	uint64_t start_pfn;
	uint64_t nr_pages;
	uint64_t reserved; /* pages at the start never handed out */
	uint64_t nr_used;  /* allocated pages (reserved ones not counted) */
	uint64_t *bitmap;  /* nr_pages bits, right after this descriptor */
	/* Fake-offline pages (page_alloc_fake_offline): set in bitmap too, so
	 * they are never handed out, and in this heap bitmap (NULL until the
	 * first one), so they count as neither free nor used. */
	uint64_t *offline;
	uint64_t nr_offline;
	bool heap_owned; /* chunk came from kzalloc: kfree it on offline */
};

struct page_alloc {
	struct list_head ranges;
	uint64_t nr_ranges;
	uint64_t nr_free; /* pages that can still be handed out, all ranges */
	uint64_t nr_used;
};

#define PAGE_ALLOC_INIT(name)                           \
	{                                               \
		.ranges = LIST_HEAD_INIT((name).ranges) \
	}

/* The kernel's allocator (mm/hotplug_machine.c onlines blocks into it). */
extern struct page_alloc page_allocator;

void page_alloc_init(struct page_alloc *pa);

/* Bytes of metadata (descriptor + bitmap) a range of nr_pages needs; the
 * storage passed to page_alloc_online() must be this big and 8-byte
 * aligned. */
size_t page_alloc_meta_bytes(uint64_t nr_pages);

/* Adds [start_pfn, start_pfn + nr_pages) to pa. meta: storage of
 * page_alloc_meta_bytes(nr_pages) bytes (it is zeroed here), or NULL to
 * kzalloc it; reserved_pages: how many pages at the start are never handed
 * out (with meta, the pages holding it). Returns 0, or with nothing changed:
 * -EINVAL (empty, pfn 0 included (0 means "no page"), beyond
 * PAGE_ALLOC_MAX_PFN, reserved_pages >= nr_pages, meta misaligned, overlaps
 * an online range), -ENOMEM (heap metadata). */
int page_alloc_online(struct page_alloc *pa, uint64_t start_pfn, uint64_t nr_pages, void *meta,
		      uint64_t reserved_pages);
/* Removes exactly that range again (frees heap metadata). -EBUSY (nothing
 * changed) when any page in it is allocated, -ENOENT when no online range
 * has exactly these bounds. */
int page_alloc_offline(struct page_alloc *pa, uint64_t start_pfn, uint64_t nr_pages);

/* Linux's fake-offlining (virtio-mem: the unplugged parts of an online
 * block). [start_pfn, start_pfn + nr_pages) must lie in one online range.
 * fake_offline takes free pages out for good: they are never handed out,
 * leave nr_free without entering nr_used (MemTotal drops, as Linux adjusts
 * the managed pages), and do not keep page_alloc_offline() from taking the
 * range away. 0, or with nothing changed: -EINVAL (not in one range, a
 * reserved or already fake-offline page), -EBUSY (a page is allocated),
 * -ENOMEM. fake_online gives them back as free pages: 0 or -EINVAL (not in
 * one range, or a page that is not fake-offline). */
int page_alloc_fake_offline(struct page_alloc *pa, uint64_t start_pfn, uint64_t nr_pages);
int page_alloc_fake_online(struct page_alloc *pa, uint64_t start_pfn, uint64_t nr_pages);
/* Fake-offline pages inside [start_pfn, start_pfn + nr_pages). */
uint64_t page_alloc_nr_fake_offline(const struct page_alloc *pa, uint64_t start_pfn,
				    uint64_t nr_pages);

/* One free page (physical address), lowest first, or 0 when none is free.
 * The _range variant only looks at pfns in [min_pfn, max_pfn). */
uint64_t page_alloc_page(struct page_alloc *pa);
uint64_t page_alloc_page_range(struct page_alloc *pa, uint64_t min_pfn, uint64_t max_pfn);
/* 0, or -EINVAL when phys is not an allocated page (unaligned, not online,
 * reserved, or already free: a double free). */
int page_free(struct page_alloc *pa, uint64_t phys);

/* Pages that can still be handed out. */
uint64_t page_alloc_nr_free(const struct page_alloc *pa);
/* Allocated pages inside [start_pfn, start_pfn + nr_pages). */
uint64_t page_alloc_nr_used(const struct page_alloc *pa, uint64_t start_pfn, uint64_t nr_pages);
/* Is every pfn of [start_pfn, start_pfn + nr_pages) in some online range? */
bool page_alloc_range_online(const struct page_alloc *pa, uint64_t start_pfn, uint64_t nr_pages);

/* Forgets every range, allocated pages or not (frees heap metadata). For
 * tests and teardown only: pages handed out are simply forgotten. */
void page_alloc_reset(struct page_alloc *pa);

#endif
