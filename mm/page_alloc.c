/* Page allocator over online ranges: a sorted list of ranges, each with a
 * bitmap. First fit from the lowest pfn, so allocation order is predictable
 * for tests and the lowest block fills first. */
#include "mm/page_alloc.h"

#include "kernel/kalloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"

#define BITS_PER_WORD 64

/* The bitmap follows the descriptor directly and is read as uint64_t. */
_Static_assert(sizeof(struct page_alloc_range) % sizeof(uint64_t) == 0,
	       "bitmap after the descriptor stays 8-byte aligned");

struct page_alloc page_allocator = PAGE_ALLOC_INIT(page_allocator);

void page_alloc_init(struct page_alloc *pa)
{
	INIT_LIST_HEAD(&pa->ranges);
	pa->nr_ranges = 0;
	pa->nr_free = 0;
	pa->nr_used = 0;
}

static uint64_t words_for(uint64_t nr_pages)
{
	return (nr_pages + BITS_PER_WORD - 1) / BITS_PER_WORD;
}

size_t page_alloc_meta_bytes(uint64_t nr_pages)
{
	return sizeof(struct page_alloc_range) + words_for(nr_pages) * sizeof(uint64_t);
}

static uint64_t range_end(const struct page_alloc_range *r)
{
	return r->start_pfn + r->nr_pages;
}

static bool test_bit(const uint64_t *map, uint64_t i)
{
	return (map[i / BITS_PER_WORD] >> (i % BITS_PER_WORD)) & 1;
}

/* Bits set in map[lo, hi). Shift-and-clear loop: __builtin_popcountll would
 * become a libgcc call in the kernel, which links without libgcc. */
static uint64_t count_bits(const uint64_t *map, uint64_t lo, uint64_t hi)
{
	uint64_t n = 0;

	while (lo < hi) {
		uint64_t w = map[lo / BITS_PER_WORD] >> (lo % BITS_PER_WORD);
		uint64_t span = BITS_PER_WORD - lo % BITS_PER_WORD;

		if (span > hi - lo) {
			span = hi - lo;
			w &= (1ull << span) - 1;
		}
		while (w) {
			w &= w - 1;
			n++;
		}
		lo += span;
	}
	return n;
}

int page_alloc_online(struct page_alloc *pa, uint64_t start_pfn, uint64_t nr_pages, void *meta,
		      uint64_t reserved_pages)
{
	struct page_alloc_range *r, *pos;
	uint64_t end = start_pfn + nr_pages;
	size_t bytes;

	/* pfn 0 cannot be online: a physical address of 0 means "no page". */
	if (!nr_pages || !start_pfn || start_pfn >= PAGE_ALLOC_MAX_PFN ||
	    nr_pages > PAGE_ALLOC_MAX_PFN - start_pfn || reserved_pages >= nr_pages)
		return -EINVAL;
	if ((uintptr_t)meta % sizeof(uint64_t))
		return -EINVAL;
	/* Find the first range at or after end, refusing any overlap. */
	list_for_each_entry (pos, &pa->ranges, node) {
		if (pos->start_pfn >= end)
			break;
		if (range_end(pos) > start_pfn)
			return -EINVAL;
	}

	bytes = page_alloc_meta_bytes(nr_pages);
	if (meta) {
		memset(meta, 0, bytes);
		r = meta;
	} else {
		r = kzalloc(bytes);
		if (!r)
			return -ENOMEM;
		r->heap_owned = true;
	}
	r->start_pfn = start_pfn;
	r->nr_pages = nr_pages;
	r->reserved = reserved_pages;
	r->nr_used = 0;
	r->bitmap = (uint64_t *)(r + 1);
	r->offline = NULL;
	r->nr_offline = 0;
	/* Before pos keeps the list sorted (pos is the head at the end). */
	list_add_tail(&r->node, &pos->node);
	pa->nr_ranges++;
	pa->nr_free += nr_pages - reserved_pages;
	return 0;
}

static struct page_alloc_range *find_range(const struct page_alloc *pa, uint64_t pfn)
{
	struct page_alloc_range *r;

	list_for_each_entry (r, &pa->ranges, node) {
		if (r->start_pfn > pfn)
			break;
		if (pfn < range_end(r))
			return r;
	}
	return NULL;
}

static void drop_range(struct page_alloc *pa, struct page_alloc_range *r)
{
	list_del(&r->node);
	pa->nr_ranges--;
	pa->nr_free -= r->nr_pages - r->reserved - r->nr_used - r->nr_offline;
	pa->nr_used -= r->nr_used;
	kfree(r->offline);
	if (r->heap_owned)
		kfree(r);
}

int page_alloc_offline(struct page_alloc *pa, uint64_t start_pfn, uint64_t nr_pages)
{
	struct page_alloc_range *r = find_range(pa, start_pfn);

	if (!r || r->start_pfn != start_pfn || r->nr_pages != nr_pages)
		return -ENOENT;
	if (r->nr_used)
		return -EBUSY;
	drop_range(pa, r);
	return 0;
}

/* The one range holding all of [start_pfn, start_pfn + nr_pages), or NULL. */
static struct page_alloc_range *range_holding(const struct page_alloc *pa, uint64_t start_pfn,
					      uint64_t nr_pages)
{
	struct page_alloc_range *r;

	if (!nr_pages || nr_pages > PAGE_ALLOC_MAX_PFN)
		return NULL;
	r = find_range(pa, start_pfn);
	if (!r || start_pfn + nr_pages > range_end(r))
		return NULL;
	return r;
}

static void set_bits(uint64_t *map, uint64_t lo, uint64_t hi, bool on)
{
	for (uint64_t i = lo; i < hi; i++) {
		if (on)
			map[i / BITS_PER_WORD] |= 1ull << (i % BITS_PER_WORD);
		else
			map[i / BITS_PER_WORD] &= ~(1ull << (i % BITS_PER_WORD));
	}
}

int page_alloc_fake_offline(struct page_alloc *pa, uint64_t start_pfn, uint64_t nr_pages)
{
	struct page_alloc_range *r = range_holding(pa, start_pfn, nr_pages);
	uint64_t lo, hi;

	if (!r || start_pfn < r->start_pfn + r->reserved)
		return -EINVAL;
	lo = start_pfn - r->start_pfn;
	hi = lo + nr_pages;
	if (r->offline && count_bits(r->offline, lo, hi))
		return -EINVAL;
	if (count_bits(r->bitmap, lo, hi))
		return -EBUSY;
	if (!r->offline) {
		r->offline = kzalloc(words_for(r->nr_pages) * sizeof(uint64_t));
		if (!r->offline)
			return -ENOMEM;
	}
	set_bits(r->bitmap, lo, hi, true);
	set_bits(r->offline, lo, hi, true);
	r->nr_offline += nr_pages;
	pa->nr_free -= nr_pages;
	return 0;
}

int page_alloc_fake_online(struct page_alloc *pa, uint64_t start_pfn, uint64_t nr_pages)
{
	struct page_alloc_range *r = range_holding(pa, start_pfn, nr_pages);
	uint64_t lo, hi;

	if (!r || !r->offline)
		return -EINVAL;
	lo = start_pfn - r->start_pfn;
	hi = lo + nr_pages;
	if (count_bits(r->offline, lo, hi) != nr_pages)
		return -EINVAL;
	set_bits(r->bitmap, lo, hi, false);
	set_bits(r->offline, lo, hi, false);
	r->nr_offline -= nr_pages;
	pa->nr_free += nr_pages;
	return 0;
}

/* The sum of fn over every range's part inside [start_pfn, start_pfn +
 * nr_pages); fn gets page indexes into the range, lo < hi. */
static uint64_t sum_clipped(const struct page_alloc *pa, uint64_t start_pfn, uint64_t nr_pages,
			    uint64_t (*fn)(const struct page_alloc_range *r, uint64_t lo,
					   uint64_t hi))
{
	uint64_t end = nr_pages > UINT64_MAX - start_pfn ? UINT64_MAX : start_pfn + nr_pages;
	const struct page_alloc_range *r;
	uint64_t n = 0;

	list_for_each_entry (r, &pa->ranges, node) {
		uint64_t lo = r->start_pfn, hi = range_end(r);

		if (lo >= end)
			break;
		if (lo < start_pfn)
			lo = start_pfn;
		if (hi > end)
			hi = end;
		if (lo < hi)
			n += fn(r, lo - r->start_pfn, hi - r->start_pfn);
	}
	return n;
}

static uint64_t fake_offline_in(const struct page_alloc_range *r, uint64_t lo, uint64_t hi)
{
	return r->offline ? count_bits(r->offline, lo, hi) : 0;
}

uint64_t page_alloc_nr_fake_offline(const struct page_alloc *pa, uint64_t start_pfn,
				    uint64_t nr_pages)
{
	return sum_clipped(pa, start_pfn, nr_pages, fake_offline_in);
}

/* Lowest clear bit of r's bitmap in [lo, hi) (page indexes), or hi. */
static uint64_t find_clear(const struct page_alloc_range *r, uint64_t lo, uint64_t hi)
{
	while (lo < hi) {
		uint64_t free_bits = ~r->bitmap[lo / BITS_PER_WORD] >> (lo % BITS_PER_WORD);

		if (free_bits) {
			uint64_t i = lo + (uint64_t)__builtin_ctzll(free_bits);

			return i < hi ? i : hi;
		}
		lo = (lo / BITS_PER_WORD + 1) * BITS_PER_WORD;
	}
	return hi;
}

uint64_t page_alloc_page_range(struct page_alloc *pa, uint64_t min_pfn, uint64_t max_pfn)
{
	struct page_alloc_range *r;

	list_for_each_entry (r, &pa->ranges, node) {
		uint64_t lo = r->start_pfn + r->reserved, hi = range_end(r), i;

		if (r->start_pfn >= max_pfn)
			break;
		if (r->nr_used + r->nr_offline == r->nr_pages - r->reserved)
			continue;
		if (lo < min_pfn)
			lo = min_pfn;
		if (hi > max_pfn)
			hi = max_pfn;
		if (lo >= hi)
			continue;
		i = find_clear(r, lo - r->start_pfn, hi - r->start_pfn);
		if (i == hi - r->start_pfn)
			continue;
		r->bitmap[i / BITS_PER_WORD] |= 1ull << (i % BITS_PER_WORD);
		r->nr_used++;
		pa->nr_used++;
		pa->nr_free--;
		return (r->start_pfn + i) << PAGE_SHIFT;
	}
	return 0;
}

uint64_t page_alloc_page(struct page_alloc *pa)
{
	return page_alloc_page_range(pa, 0, UINT64_MAX);
}

int page_free(struct page_alloc *pa, uint64_t phys)
{
	uint64_t pfn = phys >> PAGE_SHIFT, i;
	struct page_alloc_range *r;

	if (phys & ((1ull << PAGE_SHIFT) - 1))
		return -EINVAL;
	r = find_range(pa, pfn);
	if (!r)
		return -EINVAL;
	i = pfn - r->start_pfn;
	if (i < r->reserved || !test_bit(r->bitmap, i) || (r->offline && test_bit(r->offline, i)))
		return -EINVAL;
	r->bitmap[i / BITS_PER_WORD] &= ~(1ull << (i % BITS_PER_WORD));
	r->nr_used--;
	pa->nr_used--;
	pa->nr_free++;
	return 0;
}

uint64_t page_alloc_nr_free(const struct page_alloc *pa)
{
	return pa->nr_free;
}

/* Reserved bits are never set, so they need no masking; fake-offline ones
 * are set in both bitmaps. */
static uint64_t used_in(const struct page_alloc_range *r, uint64_t lo, uint64_t hi)
{
	if (lo == 0 && hi == r->nr_pages)
		return r->nr_used;
	if (r->offline)
		return count_bits(r->bitmap, lo, hi) - count_bits(r->offline, lo, hi);
	return count_bits(r->bitmap, lo, hi);
}

uint64_t page_alloc_nr_used(const struct page_alloc *pa, uint64_t start_pfn, uint64_t nr_pages)
{
	return sum_clipped(pa, start_pfn, nr_pages, used_in);
}

bool page_alloc_range_online(const struct page_alloc *pa, uint64_t start_pfn, uint64_t nr_pages)
{
	uint64_t end = nr_pages > UINT64_MAX - start_pfn ? UINT64_MAX : start_pfn + nr_pages;
	const struct page_alloc_range *r;
	uint64_t cur = start_pfn;

	if (!nr_pages)
		return false;
	/* Ranges are sorted: walk them while they cover cur without a gap. */
	list_for_each_entry (r, &pa->ranges, node) {
		if (r->start_pfn > cur)
			break;
		if (range_end(r) > cur)
			cur = range_end(r);
		if (cur >= end)
			return true;
	}
	return false;
}

void page_alloc_reset(struct page_alloc *pa)
{
	struct page_alloc_range *r, *n;

	list_for_each_entry_safe (r, n, &pa->ranges, node) {
		list_del(&r->node);
		kfree(r->offline);
		if (r->heap_owned)
			kfree(r);
	}
	page_alloc_init(pa);
}
