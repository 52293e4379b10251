/* Tests of lib/kernel.h: every macro's value at the edges, the result types
 * that callers' format strings rely on, and single evaluation. The compile
 * errors the header promises (ARRAY_SIZE of a pointer, min() of a signed and
 * an unsigned variable) cannot be tests here; see the header. */
#include <stddef.h>
#include <stdint.h>

#include "kernel/ktest.h"
#include "lib/kernel.h"

#define SAME_TYPE(a, b) __builtin_types_compatible_p(__typeof__(a), __typeof__(b))

/* Usable in constant expressions. */
static const int five_ints[5];
static const char two_by_three[2][3];
_Static_assert(ARRAY_SIZE(five_ints) == 5, "ARRAY_SIZE at file scope");
_Static_assert(ARRAY_SIZE(two_by_three) == 2, "ARRAY_SIZE counts the outer dimension");
_Static_assert(ARRAY_SIZE(two_by_three[0]) == 3, "ARRAY_SIZE of a row");
_Static_assert(SZ_4K == PAGE_SIZE, "a page is 4 KiB");
_Static_assert(SAME_TYPE(PAGE_SIZE, 1ull) && SAME_TYPE(SZ_1K, 1ull) && SAME_TYPE(SZ_4G, 1ull),
	       "sizes are unsigned long long");
_Static_assert(SAME_TYPE(BIT(0), 1ul) && SAME_TYPE(BIT_ULL(0), 1ull), "BIT is unsigned long");

static void array_size(struct ktest *t)
{
	struct {
		uint64_t a, b;
	} pairs[7];
	char text[] = "abc";

	KTEST_EXPECT_EQ(t, ARRAY_SIZE(pairs), 7);
	KTEST_EXPECT_EQ(t, ARRAY_SIZE(text), 4);
	KTEST_EXPECT_EQ(t, ARRAY_SIZE(five_ints), 5);
	KTEST_EXPECT_TRUE(t, SAME_TYPE(ARRAY_SIZE(pairs), size_t));
}

static void min_max(struct ktest *t)
{
	unsigned int u = 7;
	uint64_t big = 0x100000000ULL;
	size_t len = 40;
	int neg = -3, i = 1, j = 5, m;
	long l = 5;

	KTEST_EXPECT_EQ(t, min(3u, 9u), 3);
	KTEST_EXPECT_EQ(t, max(3u, 9u), 9);
	KTEST_EXPECT_INT_EQ(t, min(neg, 2), -3);
	KTEST_EXPECT_INT_EQ(t, max(neg, -7), -3);
	/* Same signedness, different widths: the wider type wins. */
	KTEST_EXPECT_EQ(t, min(u, big), 7);
	KTEST_EXPECT_EQ(t, max(u, big), 0x100000000ULL);
	KTEST_EXPECT_TRUE(t, SAME_TYPE(max(u, big), uint64_t));
	KTEST_EXPECT_INT_EQ(t, max(neg, l), 5);
	KTEST_EXPECT_TRUE(t, SAME_TYPE(max(neg, l), long));
	/* A non-negative constant mixes with an unsigned variable. */
	KTEST_EXPECT_EQ(t, min(len, 16), 16);
	KTEST_EXPECT_EQ(t, max(len, 16), 40);
	KTEST_EXPECT_EQ(t, min(16, len), 16);
	KTEST_EXPECT_TRUE(t, SAME_TYPE(min(len, 16), size_t));
	/* Each argument is evaluated once. */
	m = min(i++, j++);
	KTEST_EXPECT_INT_EQ(t, m, 1);
	KTEST_EXPECT_INT_EQ(t, i, 2);
	KTEST_EXPECT_INT_EQ(t, j, 6);
	m = max(i++, j++);
	KTEST_EXPECT_INT_EQ(t, m, 6);
	KTEST_EXPECT_INT_EQ(t, i, 3);
	KTEST_EXPECT_INT_EQ(t, j, 7);
	/* Nesting builds (no shadowed temporaries under -Wshadow). */
	KTEST_EXPECT_INT_EQ(t, min(min(i, j), max(neg, 0)), 0);
	KTEST_EXPECT_INT_EQ(t, max(max(i, j), max(neg, 0)), 7);
	/* min_t/max_t convert first: -1 as unsigned is the largest. */
	KTEST_EXPECT_EQ(t, min_t(unsigned int, neg, 5), 5);
	KTEST_EXPECT_EQ(t, max_t(unsigned int, neg, 5), 0xfffffffdu);
	KTEST_EXPECT_INT_EQ(t, min_t(int, u, neg), -3);
	KTEST_EXPECT_TRUE(t, SAME_TYPE(min_t(uint64_t, u, 1), uint64_t));
	KTEST_EXPECT_EQ(t, max_t(uint64_t, u, big), 0x100000000ULL);
}

static void clamp_values(struct ktest *t)
{
	int v = 15, calls = 0;
	uint64_t a = 0x5000;

	KTEST_EXPECT_INT_EQ(t, clamp(v, 0, 10), 10);
	KTEST_EXPECT_INT_EQ(t, clamp(v, 20, 30), 20);
	KTEST_EXPECT_INT_EQ(t, clamp(v, 10, 20), 15);
	KTEST_EXPECT_INT_EQ(t, clamp(-v, -10, 10), -10);
	KTEST_EXPECT_INT_EQ(t, clamp(v, 15, 15), 15);
	KTEST_EXPECT_EQ(t, clamp(a, SZ_4K, SZ_16K), 0x4000);
	KTEST_EXPECT_EQ(t, clamp(a, SZ_32K, SZ_64K), 0x8000);
	/* val evaluated once. */
	KTEST_EXPECT_INT_EQ(t, clamp(calls++, 3, 9), 3);
	KTEST_EXPECT_INT_EQ(t, calls, 1);
	KTEST_EXPECT_EQ(t, clamp_t(unsigned int, -1, 0, 100), 100);
	KTEST_EXPECT_INT_EQ(t, clamp_t(int, 0xffffffffu, -5, 5), -1);
}

static void align(struct ktest *t)
{
	uint32_t small = 0x1001;
	uint64_t addr = 0x100000001ULL;
	char buf[64];
	char *p = &buf[1];

	KTEST_EXPECT_EQ(t, ALIGN(0x1001, 0x1000), 0x2000);
	KTEST_EXPECT_EQ(t, ALIGN(0x1000, 0x1000), 0x1000);
	KTEST_EXPECT_EQ(t, ALIGN(0, 0x1000), 0);
	KTEST_EXPECT_EQ(t, ALIGN(addr, SZ_2M), 0x100200000ULL);
	KTEST_EXPECT_EQ(t, ALIGN(small, 16), 0x1010);
	/* The result keeps x's type. */
	KTEST_EXPECT_TRUE(t, SAME_TYPE(ALIGN(small, SZ_4K), uint32_t));
	KTEST_EXPECT_EQ(t, ALIGN_DOWN(0x1fff, 0x1000), 0x1000);
	KTEST_EXPECT_EQ(t, ALIGN_DOWN(0x2000, 0x1000), 0x2000);
	KTEST_EXPECT_EQ(t, ALIGN_DOWN(addr, SZ_4K), 0x100000000ULL);
	KTEST_EXPECT_EQ(t, ALIGN_DOWN(0xfff, 0x1000), 0);
	KTEST_EXPECT_TRUE(t, IS_ALIGNED(0x2000, 0x1000));
	KTEST_EXPECT_TRUE(t, IS_ALIGNED(0, SZ_1G));
	KTEST_EXPECT_FALSE(t, IS_ALIGNED(0x2001, 0x1000));
	KTEST_EXPECT_FALSE(t, IS_ALIGNED(addr, 2));
	KTEST_EXPECT_TRUE(t, IS_ALIGNED(addr - 1, SZ_4G));
	KTEST_EXPECT_TRUE(t, IS_ALIGNED(small, 1));
	p = PTR_ALIGN(p, 16);
	KTEST_EXPECT_TRUE(t, IS_ALIGNED((uintptr_t)p, 16));
	KTEST_EXPECT_TRUE(t, p > &buf[0] && p <= &buf[16]);
	KTEST_EXPECT_TRUE(t, SAME_TYPE(PTR_ALIGN(p, 16), char *));
}

static void round_up_down(struct ktest *t)
{
	uint64_t top = 0xfffffffffffff000ULL;

	KTEST_EXPECT_EQ(t, round_up(0x1001, 0x1000), 0x2000);
	KTEST_EXPECT_EQ(t, round_up(0x1000, 0x1000), 0x1000);
	KTEST_EXPECT_EQ(t, round_up(0, 0x1000), 0);
	KTEST_EXPECT_EQ(t, round_up(1, 1), 1);
	KTEST_EXPECT_EQ(t, round_up(top, SZ_4K), top);
	KTEST_EXPECT_EQ(t, round_down(0x1fff, 0x1000), 0x1000);
	KTEST_EXPECT_EQ(t, round_down(top + 0xfff, SZ_4K), top);
	KTEST_EXPECT_EQ(t, round_down(7, 8), 0);
}

static void div_round_up(struct ktest *t)
{
	uint64_t max = ~0ULL;

	KTEST_EXPECT_EQ(t, DIV_ROUND_UP(0, 4), 0);
	KTEST_EXPECT_EQ(t, DIV_ROUND_UP(1, 4), 1);
	KTEST_EXPECT_EQ(t, DIV_ROUND_UP(4, 4), 1);
	KTEST_EXPECT_EQ(t, DIV_ROUND_UP(5, 4), 2);
	KTEST_EXPECT_EQ(t, DIV_ROUND_UP(10, 3), 4);
	KTEST_EXPECT_EQ(t, DIV_ROUND_UP(SZ_1G + 1, PAGE_SIZE), 262145);
	/* No overflow near the top of the type. */
	KTEST_EXPECT_EQ(t, DIV_ROUND_UP(max, 2), 0x8000000000000000ULL);
	KTEST_EXPECT_EQ(t, DIV_ROUND_UP(max, 1), max);
}

static void bits(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, BIT(0), 1);
	KTEST_EXPECT_EQ(t, BIT(12), 0x1000);
	KTEST_EXPECT_EQ(t, BIT(63), 0x8000000000000000ULL);
	KTEST_EXPECT_EQ(t, BIT_ULL(40), 0x10000000000ULL);
	KTEST_EXPECT_EQ(t, BIT_ULL(63), 0x8000000000000000ULL);
}

static void power_of_2(struct ktest *t)
{
	KTEST_EXPECT_FALSE(t, is_power_of_2(0));
	KTEST_EXPECT_TRUE(t, is_power_of_2(1));
	KTEST_EXPECT_TRUE(t, is_power_of_2(2));
	KTEST_EXPECT_FALSE(t, is_power_of_2(3));
	KTEST_EXPECT_TRUE(t, is_power_of_2(SZ_128M));
	KTEST_EXPECT_FALSE(t, is_power_of_2(SZ_128M + SZ_4K));
	KTEST_EXPECT_TRUE(t, is_power_of_2(BIT(63)));
	KTEST_EXPECT_FALSE(t, is_power_of_2(~0UL));
}

static void sizes(struct ktest *t)
{
	static const unsigned long long want[] = {
	    SZ_1K,   SZ_2K,   SZ_4K,   SZ_8K,	SZ_16K,	 SZ_32K,  SZ_64K, SZ_128K,
	    SZ_256K, SZ_512K, SZ_1M,   SZ_2M,	SZ_4M,	 SZ_8M,	  SZ_16M, SZ_32M,
	    SZ_64M,  SZ_128M, SZ_256M, SZ_512M, SZ_1G,	 SZ_2G,	  SZ_4G,  SZ_8G,
	    SZ_16G,  SZ_32G,  SZ_64G,  SZ_128G, SZ_256G, SZ_512G, SZ_1T,
	};

	/* Every size is twice the one before, from 1 KiB to 1 TiB. */
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		KTEST_EXPECT_EQ(t, want[i], 1024ULL << i);
	KTEST_EXPECT_EQ(t, SZ_1M, 1024 * 1024);
	KTEST_EXPECT_EQ(t, SZ_1G, 1ULL << 30);
	/* Unsigned long long: products do not overflow. */
	KTEST_EXPECT_EQ(t, 4 * SZ_1G, SZ_4G);
	KTEST_EXPECT_EQ(t, SZ_2G * 2, 0x100000000ULL);
}

static void pages(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, PAGE_SHIFT, 12);
	KTEST_EXPECT_EQ(t, PAGE_SIZE, 4096);
	KTEST_EXPECT_EQ(t, PAGE_MASK, 0xfffffffffffff000ULL);
	KTEST_EXPECT_EQ(t, 0x12345678ULL & PAGE_MASK, 0x12345000);
	KTEST_EXPECT_EQ(t, PAGE_ALIGN(0x1001ULL), 0x2000);
	KTEST_EXPECT_EQ(t, PAGE_ALIGN(0x1000ULL), 0x1000);
	KTEST_EXPECT_EQ(t, PAGE_ALIGN(0ULL), 0);
	KTEST_EXPECT_EQ(t, PFN_UP(0x1001), 2);
	KTEST_EXPECT_EQ(t, PFN_UP(0x1000), 1);
	KTEST_EXPECT_EQ(t, PFN_UP(0), 0);
	KTEST_EXPECT_EQ(t, PFN_DOWN(0x1fff), 1);
	KTEST_EXPECT_EQ(t, PFN_DOWN(0x100000000ULL), 0x100000);
	KTEST_EXPECT_EQ(t, PFN_PHYS(0x100000), 0x100000000ULL);
	/* PFN_PHYS widens before shifting: no 32-bit overflow. */
	KTEST_EXPECT_EQ(t, PFN_PHYS(0xfffffu + 1u), 0x100000000ULL);
	KTEST_EXPECT_TRUE(t, SAME_TYPE(PFN_PHYS(1u), uint64_t));
	KTEST_EXPECT_EQ(t, PHYS_PFN(0x100000fffULL), 0x100000);
	KTEST_EXPECT_TRUE(t, SAME_TYPE(PHYS_PFN(0ULL), unsigned long));
}

static const struct ktest_case kernel_h_cases[] = {
    KTEST_CASE(array_size),
    KTEST_CASE(min_max),
    KTEST_CASE(clamp_values),
    KTEST_CASE(align),
    KTEST_CASE(round_up_down),
    KTEST_CASE(div_round_up),
    KTEST_CASE(bits),
    KTEST_CASE(power_of_2),
    KTEST_CASE(sizes),
    KTEST_CASE(pages),
    {0},
};

static const struct ktest_suite kernel_h_suite = {
    .name = "kernel_h",
    .cases = kernel_h_cases,
};
KTEST_SUITE(kernel_h_suite);
