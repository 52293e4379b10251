/* page_alloc: online/offline bookkeeping, first-fit order, reserved
 * (memmap-on-memory) pages, and rollback on allocation failure. Each case
 * uses its own instance, never the kernel's page_allocator; static buffers
 * stand in for metadata kept on the block itself. */
#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "mm/page_alloc.h"

#define PFN(x)	  ((uint64_t)(x))
#define PHYS(pfn) ((uint64_t)(pfn) << 12)

static struct page_alloc pa;
/* Big enough for ranges of up to 32768 pages; 8-byte aligned by type. */
static uint64_t meta_a[640], meta_b[640];

static int pa_init(struct ktest *t)
{
	(void)t;
	page_alloc_init(&pa);
	kalloc_fail_nth(0);
	return 0;
}

static void pa_exit(struct ktest *t)
{
	(void)t;
	kalloc_fail_nth(0);
	page_alloc_reset(&pa);
}

static void online_alloc_free_offline(struct ktest *t)
{
	uint64_t p;

	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x100, 16, NULL, 0), 0);
	KTEST_EXPECT_TRUE(t, page_alloc_range_online(&pa, 0x100, 16));
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 16);
	p = page_alloc_page(&pa);
	KTEST_EXPECT_EQ(t, p, PHYS(0x100));
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 15);
	KTEST_EXPECT_EQ(t, page_alloc_nr_used(&pa, 0x100, 16), 1);
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, p), 0);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 16);
	KTEST_EXPECT_EQ(t, page_alloc_nr_used(&pa, 0x100, 16), 0);
	KTEST_EXPECT_INT_EQ(t, page_alloc_offline(&pa, 0x100, 16), 0);
	KTEST_EXPECT_FALSE(t, page_alloc_range_online(&pa, 0x100, 16));
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 0);
	KTEST_EXPECT_EQ(t, pa.nr_ranges, 0);
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), 0);
}

/* As in Linux (docs/linux-model.md, Memory hotplug): offlining fails while
 * a page is in use. */
static void offline_busy_while_page_in_use(struct ktest *t)
{
	uint64_t p;

	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x200, 8, NULL, 0), 0);
	page_alloc_page(&pa);
	p = page_alloc_page(&pa);
	KTEST_ASSERT_EQ(t, p, PHYS(0x201));
	KTEST_ASSERT_INT_EQ(t, page_free(&pa, PHYS(0x200)), 0);
	/* One page still allocated: refused, nothing changed. */
	KTEST_EXPECT_INT_EQ(t, page_alloc_offline(&pa, 0x200, 8), -EBUSY);
	KTEST_EXPECT_TRUE(t, page_alloc_range_online(&pa, 0x200, 8));
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 7);
	KTEST_EXPECT_EQ(t, page_alloc_nr_used(&pa, 0x200, 8), 1);
	KTEST_EXPECT_EQ(t, pa.nr_ranges, 1);
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, p), 0);
	KTEST_EXPECT_INT_EQ(t, page_alloc_offline(&pa, 0x200, 8), 0);
	KTEST_EXPECT_EQ(t, pa.nr_ranges, 0);
}

/* Memmap on memory: the caller's storage (the block's first pages) holds the
 * metadata; those pages are never handed out and cannot be freed. */
static void reserved_pages_never_handed_out(struct ktest *t)
{
	uint64_t got[6];

	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x400, 8, meta_a, 2), 0);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 6);
	KTEST_EXPECT_TRUE(t, page_alloc_range_online(&pa, 0x400, 8));
	for (int i = 0; i < 6; i++) {
		got[i] = page_alloc_page(&pa);
		KTEST_EXPECT_EQ(t, got[i], PHYS(0x402 + i));
	}
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), 0);
	KTEST_EXPECT_EQ(t, page_alloc_page_range(&pa, 0x400, 0x402), 0);
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, PHYS(0x400)), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, PHYS(0x401)), -EINVAL);
	KTEST_EXPECT_EQ(t, page_alloc_nr_used(&pa, 0x400, 8), 6);
	for (int i = 0; i < 6; i++)
		KTEST_EXPECT_INT_EQ(t, page_free(&pa, got[i]), 0);
	KTEST_EXPECT_EQ(t, page_alloc_nr_used(&pa, 0x400, 8), 0);
	KTEST_EXPECT_INT_EQ(t, page_alloc_offline(&pa, 0x400, 8), 0);
}

static void caller_storage_is_zeroed_and_allocates_nothing(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(meta_b); i++)
		meta_b[i] = ~0ull;
	/* Any heap allocation would fail: there must be none. */
	kalloc_fail_nth(1);
	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x1000, 200, meta_b, 1), 0);
	KTEST_EXPECT_EQ(t, kalloc_count(), 0);
	kalloc_fail_nth(0);
	/* Leftover bytes in the storage must not read as allocated pages. */
	KTEST_EXPECT_EQ(t, page_alloc_nr_used(&pa, 0x1000, 200), 0);
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), PHYS(0x1001));
	/* Only meta_bytes(200) were used: the rest of the buffer is untouched. */
	KTEST_EXPECT_EQ(t, meta_b[page_alloc_meta_bytes(200) / 8], ~0ull);
}

/*  |--A--|           existing
 *     |--B--|        overlaps the end    -> refused
 *  |-C-|             overlaps the start  -> refused
 *        |--D--|     adjacent above      -> fine
 * |E|                adjacent below      -> fine */
static void overlapping_online_refused(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x100, 0x10, NULL, 0), 0);
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, 0x108, 0x10, NULL, 0), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, 0xf8, 0x9, NULL, 0), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, 0x100, 0x10, NULL, 0), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, 0x104, 0x2, meta_a, 1), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, 0x80, 0x200, NULL, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, pa.nr_ranges, 1);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 0x10);
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, 0x110, 0x10, NULL, 0), 0);
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, 0xf0, 0x10, NULL, 0), 0);
	KTEST_EXPECT_EQ(t, pa.nr_ranges, 3);
	KTEST_EXPECT_TRUE(t, page_alloc_range_online(&pa, 0xf0, 0x30));
	KTEST_EXPECT_FALSE(t, page_alloc_range_online(&pa, 0xf0, 0x31));
	KTEST_EXPECT_FALSE(t, page_alloc_range_online(&pa, 0xef, 0x2));
}

static void invalid_online_arguments(struct ktest *t)
{
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, 0x100, 0, NULL, 0), -EINVAL);
	/* pfn 0: address 0 is the "no page" answer. */
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, 0, 8, NULL, 0), -EINVAL);
	/* Reserving the whole range leaves nothing to hand out. */
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, 0x100, 8, meta_a, 8), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, 0x100, 8, (char *)meta_a + 4, 1), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, PAGE_ALLOC_MAX_PFN - 4, 8, NULL, 0), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, ~0ull - 2, 8, NULL, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, pa.nr_ranges, 0);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 0);
}

/* Lowest pfn first, whatever order the ranges came online in; a freed page
 * is the next one handed out; a pfn window restricts the search. */
static void allocation_order(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x800, 4, NULL, 0), 0);
	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x300, 4, NULL, 0), 0);
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), PHYS(0x300));
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), PHYS(0x301));
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), PHYS(0x302));
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, PHYS(0x301)), 0);
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), PHYS(0x301));
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), PHYS(0x303));
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), PHYS(0x800));
	/* Window: only [0x802, 0x804). */
	KTEST_EXPECT_EQ(t, page_alloc_page_range(&pa, 0x802, 0x804), PHYS(0x802));
	KTEST_EXPECT_EQ(t, page_alloc_page_range(&pa, 0x802, 0x804), PHYS(0x803));
	KTEST_EXPECT_EQ(t, page_alloc_page_range(&pa, 0x802, 0x804), 0);
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), PHYS(0x801));
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 0);
}

static void exhaustion_returns_zero(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), 0);
	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x10, 3, NULL, 0), 0);
	for (int i = 0; i < 3; i++)
		KTEST_EXPECT_NE(t, page_alloc_page(&pa), 0);
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), 0);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 0);
	KTEST_EXPECT_EQ(t, pa.nr_used, 3);
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, PHYS(0x11)), 0);
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), PHYS(0x11));
}

/* 130 pages: the bitmap spans three words; every page is handed out once. */
static void bitmap_word_boundaries(struct ktest *t)
{
	uint64_t last = 0;

	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x1000, 130, meta_a, 0), 0);
	for (int i = 0; i < 130; i++) {
		uint64_t p = page_alloc_page(&pa);

		KTEST_ASSERT_EQ(t, p, PHYS(0x1000 + i));
		last = p;
	}
	KTEST_EXPECT_EQ(t, last, PHYS(0x1000 + 129));
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), 0);
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, PHYS(0x1000 + 64)), 0);
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, PHYS(0x1000 + 129)), 0);
	KTEST_EXPECT_EQ(t, page_alloc_nr_used(&pa, 0x1000 + 60, 10), 9);
	KTEST_EXPECT_EQ(t, page_alloc_nr_used(&pa, 0x1000 + 120, 100), 9);
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), PHYS(0x1000 + 64));
	KTEST_EXPECT_EQ(t, page_alloc_page(&pa), PHYS(0x1000 + 129));
}

static void double_free_and_bad_frees(struct ktest *t)
{
	uint64_t p;

	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x100, 4, NULL, 0), 0);
	p = page_alloc_page(&pa);
	KTEST_ASSERT_INT_EQ(t, page_free(&pa, p), 0);
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, p), -EINVAL);
	/* Never allocated, unaligned, not online at all. */
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, PHYS(0x102)), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, PHYS(0x100) + 8), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, PHYS(0x200)), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 4);
	KTEST_EXPECT_EQ(t, pa.nr_used, 0);
}

static void offline_needs_exact_bounds(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x100, 0x10, NULL, 0), 0);
	KTEST_EXPECT_INT_EQ(t, page_alloc_offline(&pa, 0x100, 0x8), -ENOENT);
	KTEST_EXPECT_INT_EQ(t, page_alloc_offline(&pa, 0x108, 0x8), -ENOENT);
	KTEST_EXPECT_INT_EQ(t, page_alloc_offline(&pa, 0x200, 0x10), -ENOENT);
	KTEST_EXPECT_EQ(t, pa.nr_ranges, 1);
	KTEST_EXPECT_INT_EQ(t, page_alloc_offline(&pa, 0x100, 0x10), 0);
	KTEST_EXPECT_INT_EQ(t, page_alloc_offline(&pa, 0x100, 0x10), -ENOENT);
}

/* A failed heap allocation leaves the allocator exactly as it was. */
static void enomem_rolls_back(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x100, 8, NULL, 0), 0);
	kalloc_fail_nth(1);
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, 0x200, 8, NULL, 0), -ENOMEM);
	KTEST_EXPECT_EQ(t, kalloc_count(), 1);
	KTEST_EXPECT_EQ(t, pa.nr_ranges, 1);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 8);
	KTEST_EXPECT_FALSE(t, page_alloc_range_online(&pa, 0x200, 8));
	KTEST_EXPECT_EQ(t, page_alloc_page_range(&pa, 0x200, 0x208), 0);
	/* Disarmed after one failure: the retry works. */
	KTEST_EXPECT_INT_EQ(t, page_alloc_online(&pa, 0x200, 8, NULL, 0), 0);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 16);
}

static void meta_bytes_arithmetic(struct ktest *t)
{
	const size_t hdr = sizeof(struct page_alloc_range);

	KTEST_EXPECT_EQ(t, hdr % 8, 0);
	KTEST_EXPECT_EQ(t, page_alloc_meta_bytes(0), hdr);
	KTEST_EXPECT_EQ(t, page_alloc_meta_bytes(1), hdr + 8);
	KTEST_EXPECT_EQ(t, page_alloc_meta_bytes(64), hdr + 8);
	KTEST_EXPECT_EQ(t, page_alloc_meta_bytes(65), hdr + 16);
	/* A 128 MiB memory block: 32768 pages, 4 KiB of bitmap. */
	KTEST_EXPECT_EQ(t, page_alloc_meta_bytes(32768), hdr + 4096);
	KTEST_EXPECT_LE(t, page_alloc_meta_bytes(32768), sizeof(meta_a));
}

/* A whole 128 MiB block with its metadata on the block (as the kernel
 * does): every page but the reserved ones can be taken. */
static void full_block_with_meta_on_block(struct ktest *t)
{
	const uint64_t nr = 32768, start = 0x40000;
	const uint64_t reserved = (page_alloc_meta_bytes(nr) + 4095) / 4096;
	uint64_t n = 0;

	KTEST_EXPECT_EQ(t, reserved, 2);
	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, start, nr, meta_a, reserved), 0);
	while (page_alloc_page(&pa))
		n++;
	KTEST_EXPECT_EQ(t, n, nr - reserved);
	KTEST_EXPECT_EQ(t, page_alloc_nr_used(&pa, start, nr), nr - reserved);
	KTEST_EXPECT_INT_EQ(t, page_alloc_offline(&pa, start, nr), -EBUSY);
}

/* Test instances are independent of the kernel's allocator. */
static void instances_are_independent(struct ktest *t)
{
	uint64_t free_before = page_alloc_nr_free(&page_allocator);
	uint64_t ranges_before = page_allocator.nr_ranges;

	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x100, 8, NULL, 0), 0);
	KTEST_EXPECT_NE(t, page_alloc_page(&pa), 0);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&page_allocator), free_before);
	KTEST_EXPECT_EQ(t, page_allocator.nr_ranges, ranges_before);
}

/* Linux's fake-offlining (virtio-mem sub-blocks): the pages are never
 * handed out, count as neither free nor used, do not keep the range from
 * going offline, and refuse a page in use or a double call. */
static void fake_offline_pages_never_handed_out(struct ktest *t)
{
	uint64_t p;

	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x300, 16, NULL, 0), 0);
	p = page_alloc_page(&pa);
	KTEST_EXPECT_EQ(t, p, PHYS(0x300));
	/* A page in use: -EBUSY, nothing changed. */
	KTEST_EXPECT_INT_EQ(t, page_alloc_fake_offline(&pa, 0x300, 4), -EBUSY);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 15);
	KTEST_EXPECT_INT_EQ(t, page_alloc_fake_offline(&pa, 0x301, 4), 0);
	KTEST_EXPECT_INT_EQ(t, page_alloc_fake_offline(&pa, 0x304, 1), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, page_alloc_fake_offline(&pa, 0x30e, 4), -EINVAL); /* past the end */
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 11);
	KTEST_EXPECT_EQ(t, page_alloc_nr_used(&pa, 0x300, 16), 1);
	KTEST_EXPECT_EQ(t, page_alloc_nr_fake_offline(&pa, 0x300, 16), 4);
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, PHYS(0x302)), -EINVAL);
	/* The lowest free page skips them. */
	KTEST_EXPECT_EQ(t, page_alloc_page_range(&pa, 0x300, 0x306), PHYS(0x305));
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, PHYS(0x305)), 0);
	KTEST_EXPECT_INT_EQ(t, page_free(&pa, p), 0);
	/* Back, then out again without allocating (the bitmap exists now). */
	KTEST_EXPECT_INT_EQ(t, page_alloc_fake_online(&pa, 0x301, 2), 0);
	KTEST_EXPECT_INT_EQ(t, page_alloc_fake_online(&pa, 0x301, 2), -EINVAL);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 14);
	kalloc_fail_nth(1);
	KTEST_EXPECT_INT_EQ(t, page_alloc_fake_offline(&pa, 0x301, 2), 0);
	kalloc_fail_nth(0);
	/* Offline takes the range with its fake-offline pages. */
	KTEST_EXPECT_INT_EQ(t, page_alloc_offline(&pa, 0x300, 16), 0);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 0);
	KTEST_EXPECT_EQ(t, pa.nr_used, 0);
	/* The offline bitmap is the only allocation: its failure changes nothing. */
	KTEST_ASSERT_INT_EQ(t, page_alloc_online(&pa, 0x300, 16, NULL, 0), 0);
	kalloc_fail_nth(1);
	KTEST_EXPECT_INT_EQ(t, page_alloc_fake_offline(&pa, 0x300, 2), -ENOMEM);
	kalloc_fail_nth(0);
	KTEST_EXPECT_EQ(t, page_alloc_nr_free(&pa), 16);
	KTEST_EXPECT_EQ(t, page_alloc_nr_fake_offline(&pa, 0x300, 16), 0);
}

static const struct ktest_case page_alloc_cases[] = {
    KTEST_CASE(online_alloc_free_offline),
    KTEST_CASE(fake_offline_pages_never_handed_out),
    KTEST_CASE(offline_busy_while_page_in_use),
    KTEST_CASE(reserved_pages_never_handed_out),
    KTEST_CASE(caller_storage_is_zeroed_and_allocates_nothing),
    KTEST_CASE(overlapping_online_refused),
    KTEST_CASE(invalid_online_arguments),
    KTEST_CASE(allocation_order),
    KTEST_CASE(exhaustion_returns_zero),
    KTEST_CASE(bitmap_word_boundaries),
    KTEST_CASE(double_free_and_bad_frees),
    KTEST_CASE(offline_needs_exact_bounds),
    KTEST_CASE(enomem_rolls_back),
    KTEST_CASE(meta_bytes_arithmetic),
    KTEST_CASE(full_block_with_meta_on_block),
    KTEST_CASE(instances_are_independent),
    {0},
};

static const struct ktest_suite page_alloc_suite = {
    .name = "page_alloc",
    .cases = page_alloc_cases,
    .init = pa_init,
    .exit = pa_exit,
};
KTEST_SUITE(page_alloc_suite);
