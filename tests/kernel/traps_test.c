/* Kernel-only self-tests of exception handling: expected exceptions are
 * caught with trap_expect, and the reported vector, error code and CR2 are
 * checked. (The fatal path is proven by the crash-pf runner configuration.) */
#include "kernel/ktest.h"
#include "kernel/traps.h"

static void arm(uint64_t vector)
{
	trap_expect.hit = 0;
	trap_expect.vector = vector;
	trap_expect.armed = 1;
}

static void catches_invalid_opcode(struct ktest *t)
{
	arm(6);
	__asm__ volatile("leaq 1f(%%rip), %%rax\n\t"
			 "movq %%rax, %0\n\t"
			 "ud2\n"
			 "1:"
			 : "=m"(trap_expect.resume_rip)
			 :
			 : "rax", "memory");
	KTEST_EXPECT_EQ(t, trap_expect.hit, 1);
	KTEST_EXPECT_EQ(t, trap_expect.armed, 0);
}

static void catches_page_fault_with_cr2(struct ktest *t)
{
	/* Above the boot identity map (4 GiB): not present. */
	const uint64_t addr = 0x7fff00001000ull;
	uint64_t val = 0;

	arm(14);
	__asm__ volatile("leaq 1f(%%rip), %%rax\n\t"
			 "movq %%rax, %0\n\t"
			 "movq (%2), %1\n"
			 "1:"
			 : "=m"(trap_expect.resume_rip), "+r"(val)
			 : "r"(addr)
			 : "rax", "memory");
	KTEST_EXPECT_EQ(t, trap_expect.hit, 1);
	KTEST_EXPECT_EQ(t, trap_expect.cr2, addr);
	/* Error code: not-present (P=0), read (W=0), supervisor (U=0). */
	KTEST_EXPECT_EQ(t, trap_expect.error & 7, 0);
}

static void catches_divide_error(struct ktest *t)
{
	unsigned int zero = 0;

	arm(0);
	__asm__ volatile("leaq 1f(%%rip), %%rax\n\t"
			 "movq %%rax, %0\n\t"
			 "movl $1, %%eax\n\t"
			 "xorl %%edx, %%edx\n\t"
			 "divl %1\n"
			 "1:"
			 : "=m"(trap_expect.resume_rip)
			 : "r"(zero)
			 : "rax", "rdx", "memory");
	KTEST_EXPECT_EQ(t, trap_expect.hit, 1);
}

static void stack_guard_page_is_unmapped(struct ktest *t)
{
	extern char __stack_guard[];
	volatile char *g = __stack_guard;
	char c = 0;

	arm(14);
	__asm__ volatile("leaq 1f(%%rip), %%rax\n\t"
			 "movq %%rax, %0\n\t"
			 "movb (%2), %1\n"
			 "1:"
			 : "=m"(trap_expect.resume_rip), "+r"(c)
			 : "r"(g)
			 : "rax", "memory");
	KTEST_EXPECT_EQ(t, trap_expect.hit, 1);
	KTEST_EXPECT_EQ(t, trap_expect.cr2, (uint64_t)__stack_guard);
}

static const struct ktest_case traps_cases[] = {
    KTEST_CASE(catches_invalid_opcode),
    KTEST_CASE(catches_page_fault_with_cr2),
    KTEST_CASE(catches_divide_error),
    KTEST_CASE(stack_guard_page_is_unmapped),
    {0},
};

static const struct ktest_suite traps_suite = {
    .name = "traps",
    .cases = traps_cases,
};
KTEST_SUITE(traps_suite);
