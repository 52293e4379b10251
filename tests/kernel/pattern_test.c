/* Kernel-only self-tests of the memory pattern test (mm/pattern.c) on a
 * 2 MiB chunk of free RAM borrowed from memblock for each case. Corruption
 * is simulated with the after_write hook, which flips a bit between a pass's
 * writes and its verify. */
#include "kernel/io.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "mm/memblock.h"
#include "mm/pattern.h"
#include "mm/setup.h"

#define CHUNK (2ull << 20)

static uint64_t chunk;

static int pattern_suite_init(struct ktest *t)
{
	chunk = memblock_phys_alloc(&memblock, CHUNK, CHUNK, "pattern test");
	if (!chunk) {
		ktest_mark_skip(
		    t, "memblock cannot spare 2 MiB (mem= or memmap= left too little RAM)");
		return -1;
	}
	return 0;
}

static void pattern_suite_exit(struct ktest *t)
{
	(void)t;
	if (chunk)
		memblock_free(&memblock, chunk, CHUNK);
	chunk = 0;
}

struct flip {
	uint64_t addr;
	unsigned int pass;
	uint64_t mask;
};

static void flip_bit(uint64_t start, uint64_t size, unsigned int pass, void *ctx)
{
	const struct flip *f = ctx;

	(void)start;
	(void)size;
	if (pass == f->pass)
		*(volatile uint64_t *)(uintptr_t)f->addr ^= f->mask;
}

static void full_pass_leaves_inverted_pattern(struct ktest *t)
{
	uint64_t bad = 0x5a5a, t0, cycles;
	volatile const uint64_t *w = (volatile const uint64_t *)(uintptr_t)chunk;

	t0 = rdtsc();
	KTEST_ASSERT_INT_EQ(t, pattern_test_range(chunk, CHUNK, &bad), 0);
	cycles = rdtsc() - t0;
	/* Untouched on success. */
	KTEST_EXPECT_EQ(t, bad, 0x5a5a);
	/* The inverted pass ran last, over every word. */
	KTEST_EXPECT_EQ(t, w[0], ~chunk);
	KTEST_EXPECT_EQ(t, w[1], ~(chunk + 8));
	KTEST_EXPECT_EQ(t, w[CHUNK / 8 - 1], ~(chunk + CHUNK - 8));
	ktest_info(t, "full mode, 2 MiB at %#llx: %llu TSC ticks", (unsigned long long)chunk,
		   (unsigned long long)cycles);
}

static void sparse_pass_touches_lines_and_page_ends(struct ktest *t)
{
	const struct pattern_opts opts = {.mode = PATTERN_SPARSE};
	volatile uint64_t *w = (volatile uint64_t *)(uintptr_t)chunk;
	uint64_t bad = 0, t0, cycles;

	w[1] = 0x1234; /* not a tested word: must survive */
	t0 = rdtsc();
	KTEST_ASSERT_INT_EQ(t, pattern_test_range_opts(chunk, CHUNK, &opts, &bad), 0);
	cycles = rdtsc() - t0;
	KTEST_EXPECT_EQ(t, w[0], ~chunk);
	KTEST_EXPECT_EQ(t, w[1], 0x1234);
	KTEST_EXPECT_EQ(t, w[8], ~(chunk + 64));
	KTEST_EXPECT_EQ(t, w[511], ~(chunk + 4088));
	ktest_info(t, "sparse mode, 2 MiB: %llu TSC ticks", (unsigned long long)cycles);
}

static void detects_flip_in_address_pass(struct ktest *t)
{
	struct flip f = {.addr = chunk + 0x12348, .pass = 0, .mask = 1ull << 17};
	const struct pattern_opts opts = {.mode = PATTERN_FULL, .after_write = flip_bit, .ctx = &f};
	uint64_t bad = 0;

	KTEST_EXPECT_INT_EQ(t, pattern_test_range_opts(chunk, CHUNK, &opts, &bad), -EIO);
	KTEST_EXPECT_EQ(t, bad, f.addr);
}

static void detects_flip_in_inverted_pass(struct ktest *t)
{
	struct flip f = {.addr = chunk + CHUNK - 8, .pass = 1, .mask = 1ull << 63};
	const struct pattern_opts opts = {.mode = PATTERN_FULL, .after_write = flip_bit, .ctx = &f};
	uint64_t bad = 0;

	KTEST_EXPECT_INT_EQ(t, pattern_test_range_opts(chunk, CHUNK, &opts, &bad), -EIO);
	KTEST_EXPECT_EQ(t, bad, f.addr);
}

static void flip_two(uint64_t start, uint64_t size, unsigned int pass, void *ctx)
{
	const struct flip *f = ctx;

	flip_bit(start, size, pass, (void *)&f[0]);
	flip_bit(start, size, pass, (void *)&f[1]);
}

/* Two bad words: the lower address is the one reported. */
static void reports_first_bad_word(struct ktest *t)
{
	struct flip f[2] = {
	    {.addr = chunk + 0x100000, .pass = 0, .mask = 1},
	    {.addr = chunk + 0x38, .pass = 0, .mask = 1ull << 5},
	};
	const struct pattern_opts opts = {.mode = PATTERN_FULL, .after_write = flip_two, .ctx = f};
	uint64_t bad = 0;

	KTEST_EXPECT_INT_EQ(t, pattern_test_range_opts(chunk, CHUNK, &opts, &bad), -EIO);
	KTEST_EXPECT_EQ(t, bad, chunk + 0x38);
}

static void sparse_detects_flips_it_covers(struct ktest *t)
{
	struct flip f = {.addr = chunk + 0x5040, .pass = 0, .mask = 1ull << 40};
	const struct pattern_opts opts = {
	    .mode = PATTERN_SPARSE, .after_write = flip_bit, .ctx = &f};
	uint64_t bad = 0;

	KTEST_EXPECT_INT_EQ(t, pattern_test_range_opts(chunk, CHUNK, &opts, &bad), -EIO);
	KTEST_EXPECT_EQ(t, bad, f.addr);
	/* A page's last word, inverted pass. */
	f.addr = chunk + 0x7ff8;
	f.pass = 1;
	KTEST_EXPECT_INT_EQ(t, pattern_test_range_opts(chunk, CHUNK, &opts, &bad), -EIO);
	KTEST_EXPECT_EQ(t, bad, f.addr);
	/* A word sparse mode does not test goes unnoticed, by design. */
	f.addr = chunk + 0x5048;
	KTEST_EXPECT_INT_EQ(t, pattern_test_range_opts(chunk, CHUNK, &opts, &bad), 0);
}

static void refuses_bad_ranges(struct ktest *t)
{
	extern char __kernel_start[], __stack_guard[];
	uint64_t bad = 0x77;

	KTEST_EXPECT_INT_EQ(t, pattern_test_range(chunk, 0, &bad), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, pattern_test_range(chunk + 8, 4096, &bad), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, pattern_test_range(chunk, 4095, &bad), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, pattern_test_range(~0ull - 4095, 8192, &bad), -EINVAL);
	/* Mapped by the boot map, but not RAM (the local APIC page). */
	KTEST_EXPECT_INT_EQ(t, pattern_test_range(0xfee00000, 4096, &bad), -EINVAL);
	/* RAM but unmapped: the boot stack's guard page. */
	KTEST_EXPECT_INT_EQ(t, pattern_test_range((uint64_t)(uintptr_t)__stack_guard, 4096, &bad),
			    -EINVAL);
	/* The running kernel. */
	KTEST_EXPECT_INT_EQ(t, pattern_test_range((uint64_t)(uintptr_t)__kernel_start, 4096, &bad),
			    -EBUSY);
	KTEST_EXPECT_EQ(t, bad, 0x77);
}

/* fw.e820 phantom RAM (only with such a command line): never touched. */
static void refuses_phantom_ranges(struct ktest *t)
{
	const struct fw_range *ph;
	size_t n = fw_emul_phantom_ranges(&fw_emul, &ph);
	uint64_t bad = 0;

	if (!n)
		ktest_skip(t, "no phantom RAM (boot with fw.e820= claiming RAM the machine lacks)");
	for (size_t i = 0; i < n; i++) {
		uint64_t start = (ph[i].start + 4095) & ~4095ull;

		if (start >= ph[i].start + ph[i].size)
			continue;
		KTEST_EXPECT_INT_EQ(t, pattern_test_range(start, 4096, &bad), -EINVAL);
	}
}

/* 16 MiB in both modes, when memblock can spare it: the TSC ticks are
 * printed so the cost under TCG stays visible. (Measured once with a whole
 * 128 MiB memory block under QEMU 7.2 TCG: full 0.58 s, sparse 0.07 s.) */
static void timing_16m(struct ktest *t)
{
	const uint64_t size = 16ull << 20;
	const struct pattern_opts sparse = {.mode = PATTERN_SPARSE};
	uint64_t a = memblock_phys_alloc(&memblock, size, 4096, "pattern timing");
	uint64_t t0, t1, t2, bad = 0;

	if (!a)
		ktest_skip(t, "memblock cannot spare 16 MiB");
	t0 = rdtsc();
	KTEST_EXPECT_INT_EQ(t, pattern_test_range(a, size, &bad), 0);
	t1 = rdtsc();
	KTEST_EXPECT_INT_EQ(t, pattern_test_range_opts(a, size, &sparse, &bad), 0);
	t2 = rdtsc();
	memblock_free(&memblock, a, size);
	ktest_info(t, "16 MiB: full %llu, sparse %llu TSC ticks", (unsigned long long)(t1 - t0),
		   (unsigned long long)(t2 - t1));
}

static const struct ktest_case pattern_cases[] = {
    KTEST_CASE(full_pass_leaves_inverted_pattern),
    KTEST_CASE(sparse_pass_touches_lines_and_page_ends),
    KTEST_CASE(detects_flip_in_address_pass),
    KTEST_CASE(detects_flip_in_inverted_pass),
    KTEST_CASE(reports_first_bad_word),
    KTEST_CASE(sparse_detects_flips_it_covers),
    KTEST_CASE(refuses_bad_ranges),
    KTEST_CASE(refuses_phantom_ranges),
    KTEST_CASE(timing_16m),
    {0},
};

static const struct ktest_suite pattern_suite = {
    .name = "pattern",
    .cases = pattern_cases,
    .init = pattern_suite_init,
    .exit = pattern_suite_exit,
};
KTEST_SUITE(pattern_suite);
