/* Tests of lib/sort.c: edge sizes, orders, duplicates, element sizes that
 * take the word and the byte swap paths, a custom swap, and a large random
 * array checked to be sorted, a permutation, and O(n log n). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/ktest.h"
#include "lib/sort.h"
#include "lib/string.h"

static unsigned long cmp_calls;

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	cmp_calls++;
	return (x > y) - (x < y);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x, y;

	/* memcpy: word_sized_elements also sorts misaligned elements. */
	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	cmp_calls++;
	return (x > y) - (x < y);
}

static bool ints_sorted(const int *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (v[i - 1] > v[i])
			return false;
	return true;
}

static void empty_and_one(struct ktest *t)
{
	int one = 42;

	cmp_calls = 0;
	sort(NULL, 0, sizeof(int), cmp_int, NULL);
	KTEST_EXPECT_EQ(t, cmp_calls, 0);
	sort(&one, 1, sizeof(int), cmp_int, NULL);
	KTEST_EXPECT_EQ(t, cmp_calls, 0);
	KTEST_EXPECT_EQ(t, one, 42);
}

static void two_elements(struct ktest *t)
{
	int v[2] = {2, 1};

	sort(v, 2, sizeof(int), cmp_int, NULL);
	KTEST_EXPECT_EQ(t, v[0], 1);
	KTEST_EXPECT_EQ(t, v[1], 2);
	sort(v, 2, sizeof(int), cmp_int, NULL);
	KTEST_EXPECT_EQ(t, v[0], 1);
	KTEST_EXPECT_EQ(t, v[1], 2);
}

static void already_sorted(struct ktest *t)
{
	int v[33];

	for (int i = 0; i < 33; i++)
		v[i] = i * 3 - 40;
	sort(v, 33, sizeof(int), cmp_int, NULL);
	for (int i = 0; i < 33; i++)
		KTEST_EXPECT_EQ(t, v[i], i * 3 - 40);
}

static void reverse_order(struct ktest *t)
{
	int v[64];

	for (int i = 0; i < 64; i++)
		v[i] = 63 - i;
	sort(v, 64, sizeof(int), cmp_int, NULL);
	for (int i = 0; i < 64; i++)
		KTEST_EXPECT_EQ(t, v[i], i);
}

static void duplicates(struct ktest *t)
{
	int v[50], count[5] = {0}, seen[5] = {0};

	for (int i = 0; i < 50; i++) {
		v[i] = (i * 7) % 5;
		count[v[i]]++;
	}
	sort(v, 50, sizeof(int), cmp_int, NULL);
	KTEST_EXPECT_TRUE(t, ints_sorted(v, 50));
	for (int i = 0; i < 50; i++) {
		KTEST_ASSERT_TRUE(t, v[i] >= 0 && v[i] < 5);
		seen[v[i]]++;
	}
	for (int k = 0; k < 5; k++)
		KTEST_EXPECT_EQ(t, seen[k], count[k]);

	/* All equal: nothing to do, nothing may be lost. */
	for (int i = 0; i < 50; i++)
		v[i] = 7;
	sort(v, 50, sizeof(int), cmp_int, NULL);
	for (int i = 0; i < 50; i++)
		KTEST_EXPECT_EQ(t, v[i], 7);
}

static void negative_values(struct ktest *t)
{
	int v[6] = {0, -1, 2147483647, -2147483647 - 1, 5, -5};
	static const int want[6] = {-2147483647 - 1, -5, -1, 0, 5, 2147483647};

	sort(v, 6, sizeof(int), cmp_int, NULL);
	KTEST_EXPECT_MEMEQ(t, v, want, sizeof(want));
}

/* 100 bytes: not a multiple of 8, so the generic swap goes byte by byte. */
struct big {
	uint32_t key;
	unsigned char payload[96];
};

static int cmp_big(const void *a, const void *b)
{
	const struct big *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

static void fill_big(struct big *e, uint32_t key)
{
	e->key = key;
	for (size_t i = 0; i < sizeof(e->payload); i++)
		e->payload[i] = (unsigned char)(key * 13 + i);
}

static void large_elements(struct ktest *t)
{
	static struct big v[40];

	KTEST_ASSERT_EQ(t, sizeof(struct big), 100);
	for (uint32_t i = 0; i < 40; i++)
		fill_big(&v[i], (i * 17) % 40);
	sort(v, 40, sizeof(v[0]), cmp_big, NULL);
	for (uint32_t i = 0; i < 40; i++) {
		struct big want;

		fill_big(&want, i);
		/* The payload must have travelled with its key. */
		KTEST_EXPECT_MEMEQ(t, &v[i], &want, sizeof(want));
	}
}

static void word_sized_elements(struct ktest *t)
{
	/* Aligned 8-byte elements take the word swap path... */
	uint64_t v[20];
	/* ...and the same elements at an odd address the byte path. */
	unsigned char raw[20 * 8 + 1];
	unsigned char *odd = raw + 1;

	for (int i = 0; i < 20; i++)
		v[i] = (uint64_t)(19 - i) << 40 | (uint64_t)i;
	memcpy(odd, v, sizeof(v));
	sort(v, 20, sizeof(v[0]), cmp_u64, NULL);
	for (int i = 1; i < 20; i++)
		KTEST_EXPECT_LT(t, v[i - 1], v[i]);
	KTEST_EXPECT_EQ(t, v[0], (uint64_t)19);
	KTEST_EXPECT_EQ(t, v[19], (uint64_t)19 << 40);

	sort(odd, 20, 8, cmp_u64, NULL);
	KTEST_EXPECT_MEMEQ(t, odd, v, sizeof(v));
}

/* 24 bytes, 8-aligned: the generic swap moves it as three words. */
struct triple {
	uint64_t key, check, pad;
};

static int cmp_triple(const void *a, const void *b)
{
	const struct triple *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

static void multi_word_elements(struct ktest *t)
{
	struct triple v[30];

	for (uint64_t i = 0; i < 30; i++) {
		v[i].key = (i * 11) % 30;
		v[i].check = ~v[i].key;
		v[i].pad = v[i].key * 3;
	}
	sort(v, 30, sizeof(v[0]), cmp_triple, NULL);
	for (uint64_t i = 0; i < 30; i++) {
		KTEST_EXPECT_EQ(t, v[i].key, i);
		/* Every word of the element moved, not just the first. */
		KTEST_EXPECT_EQ(t, v[i].check, ~i);
		KTEST_EXPECT_EQ(t, v[i].pad, i * 3);
	}
}

static unsigned long swap_calls;

static void swap_int(void *a, void *b, size_t size)
{
	int tmp = *(int *)a;

	(void)size;
	*(int *)a = *(int *)b;
	*(int *)b = tmp;
	swap_calls++;
}

static void custom_swap(struct ktest *t)
{
	int v[16];

	for (int i = 0; i < 16; i++)
		v[i] = (i * 5) % 16;
	swap_calls = 0;
	sort(v, 16, sizeof(int), cmp_int, swap_int);
	KTEST_EXPECT_GT(t, swap_calls, 0);
	for (int i = 0; i < 16; i++)
		KTEST_EXPECT_EQ(t, v[i], i);
}

/* xorshift32: deterministic, so a failure reproduces. */
static uint32_t rng_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

#define NRAND 1000

static void random_1000(struct ktest *t)
{
	static int orig[NRAND], v[NRAND];
	static bool used[NRAND];
	uint32_t seed = 0x2545f491;

	/* A small range guarantees many duplicates. */
	for (int i = 0; i < NRAND; i++)
		orig[i] = (int)(rng_next(&seed) % 600) - 300;
	memcpy(v, orig, sizeof(v));
	memset(used, 0, sizeof(used));

	cmp_calls = 0;
	sort(v, NRAND, sizeof(int), cmp_int, NULL);
	KTEST_EXPECT_TRUE(t, ints_sorted(v, NRAND));
	/* Heapsort needs about 2 n log2 n comparisons (~20000 here); a
	 * quadratic sort would need ~500000. */
	KTEST_EXPECT_LT(t, cmp_calls, 25000);

	/* Permutation: every original value claims a distinct equal slot. */
	for (int i = 0; i < NRAND; i++) {
		size_t lo = 0, hi = NRAND;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (v[mid] < orig[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		while (lo < NRAND && v[lo] == orig[i] && used[lo])
			lo++;
		if (lo == NRAND || v[lo] != orig[i]) {
			ktest_fail_at(t, __FILE__, __LINE__,
				      "value %d (original index %d) missing after sort", orig[i],
				      i);
			return;
		}
		used[lo] = true;
	}
}

static const struct ktest_case sort_cases[] = {
    KTEST_CASE(empty_and_one),	KTEST_CASE(two_elements),	 KTEST_CASE(already_sorted),
    KTEST_CASE(reverse_order),	KTEST_CASE(duplicates),		 KTEST_CASE(negative_values),
    KTEST_CASE(large_elements), KTEST_CASE(word_sized_elements), KTEST_CASE(multi_word_elements),
    KTEST_CASE(custom_swap),	KTEST_CASE(random_1000),	 {0},
};

static const struct ktest_suite sort_suite = {
    .name = "sort",
    .cases = sort_cases,
};
KTEST_SUITE(sort_suite);
