/* Tests of lib/printf.c: every conversion, flag, width, precision and length
 * modifier, the Linux-specific rules, Linux's %pR/%pr/%pra/%pa extensions,
 * and truncation at every buffer size. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/ktest.h"
#include "kernel/resource.h"
#include "lib/kernel.h"
#include "lib/limits.h"
#include "lib/printf.h"
#include "lib/range.h"
#include "lib/string.h"

#define GUARD	0xa5
#define OUT_MAX 200
#define FRONT	8 /* guard bytes before the buffer, to catch writes at buf[-1] */

/*
 * Formats at every buffer size from 0 to one past the expected length, and
 * at a large size, into a guard-filled buffer. Each time the return value
 * must be the full length, the buffer must hold the longest prefix that fits
 * plus a terminator, and no byte before the buffer or after the terminator
 * may change.
 */
static void check_output(struct ktest *t, int line, const char *want, size_t wlen, const char *fmt,
			 va_list ap)
{
	unsigned char area[FRONT + OUT_MAX + 16], *buf = area + FRONT;

	if (wlen + 1 > OUT_MAX) {
		ktest_fail_at(t, __FILE__, line, "expected output too long for the test buffer");
		return;
	}
	/* Sizes 0 .. wlen + 1, then OUT_MAX. */
	for (size_t i = 0; i <= wlen + 2; i++) {
		size_t size = i <= wlen + 1 ? i : OUT_MAX, keep = 0, j;
		va_list aq;
		int n;

		memset(area, GUARD, sizeof(area));
		va_copy(aq, ap);
		n = vsnprintf((char *)buf, size, fmt, aq);
		va_end(aq);

		if (n < 0 || (size_t)n != wlen) {
			ktest_fail_at(t, __FILE__, line, "\"%s\" size %zu: returned %d, want %zu",
				      fmt, size, n, wlen);
			return;
		}
		if (size) {
			keep = wlen < size - 1 ? wlen : size - 1;
			if (memcmp(buf, want, keep) != 0 || buf[keep] != '\0') {
				ktest_fail_at(t, __FILE__, line,
					      "\"%s\" size %zu: wrote \"%.*s\", want \"%.*s\"", fmt,
					      size, (int)strnlen((char *)buf, size), (char *)buf,
					      (int)keep, want);
				return;
			}
			keep++;
		}
		for (j = 0; j < sizeof(area); j++) {
			if ((j < FRONT || j >= FRONT + keep) && area[j] != GUARD) {
				ktest_fail_at(t, __FILE__, line,
					      "\"%s\" size %zu: byte %d overwritten (0x%02x)", fmt,
					      size, (int)j - FRONT, area[j]);
				return;
			}
		}
	}
}

/* For formats the compiler can check. */
static void expect_fmt(struct ktest *t, int line, const char *want, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void expect_fmt(struct ktest *t, int line, const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_output(t, line, want, strlen(want), fmt, ap);
	va_end(ap);
}

/* For formats GCC would reject: unknown conversions, odd flags, "%Lx". */
static void expect_raw(struct ktest *t, int line, const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_output(t, line, want, strlen(want), fmt, ap);
	va_end(ap);
}

#define EXPECT_FMT(t, want, fmt, ...) expect_fmt(t, __LINE__, want, fmt, ##__VA_ARGS__)
#define EXPECT_RAW(t, want, fmt, ...) expect_raw(t, __LINE__, want, fmt, ##__VA_ARGS__)

/* ---- table-driven cases, one argument each ---- */

struct int_case {
	int line;
	const char *fmt;
	int arg;
	const char *want;
};
#define IC(fmt, arg, want)               \
	{                                \
		__LINE__, fmt, arg, want \
	}

static const struct int_case int_cases[] = {
    /* %d and %i */
    IC("%d", 0, "0"),
    IC("%d", 42, "42"),
    IC("%d", -42, "-42"),
    IC("%i", -7, "-7"),
    IC("%d", INT_MAX, "2147483647"),
    IC("%d", INT_MIN, "-2147483648"),
    IC("%5d", 42, "   42"),
    IC("%5d", -42, "  -42"),
    IC("%-5d|", 42, "42   |"),
    IC("%-5d|", -42, "-42  |"),
    IC("%05d", 42, "00042"),
    IC("%05d", -42, "-0042"),
    IC("%-05d|", 42, "42   |"),
    IC("%2d", 12345, "12345"),
    IC("%+d", 42, "+42"),
    IC("%+d", -42, "-42"),
    IC("%+d", 0, "+0"),
    IC("% d", 42, " 42"),
    IC("% d", -42, "-42"),
    IC("%+ d", 42, "+42"),
    IC("% +d", 42, "+42"),
    IC("% 5d", 42, "   42"),
    IC("%+05d", 42, "+0042"),
    IC("% 05d", 42, " 0042"),
    IC("%#d", 42, "42"),
    /* precision: minimum digits; it turns the '0' flag off */
    IC("%.3d", 7, "007"),
    IC("%.3d", -7, "-007"),
    IC("%.3d", 12345, "12345"),
    IC("%6.3d", 7, "   007"),
    IC("%06.3d", 7, "   007"),
    IC("%-6.3d|", -7, "-007  |"),
    IC("%+.3d", 7, "+007"),
    IC("%.0d", 0, ""),
    IC("%.d", 0, ""),
    IC("%3.0d|", 0, "   |"),
    IC("%.0d", 1, "1"),
    IC("%+.0d", 0, "+"),
    /* %u: '+' and ' ' only apply to signed conversions */
    IC("%u", 0, "0"),
    IC("%u", 42, "42"),
    IC("%u", -1, "4294967295"),
    IC("%u", INT_MIN, "2147483648"),
    IC("%+u", 5, "5"),
    IC("% u", 5, "5"),
    IC("%#u", 5, "5"),
    IC("%05u", 5, "00005"),
    IC("%.4u", 5, "0005"),
    /* %x and %X */
    IC("%x", 0, "0"),
    IC("%x", 255, "ff"),
    IC("%X", 255, "FF"),
    IC("%x", 0x1234abcd, "1234abcd"),
    IC("%X", 0x1234abcd, "1234ABCD"),
    IC("%x", -1, "ffffffff"),
    IC("%+x", 5, "5"),
    IC("% x", 5, "5"),
    IC("%4x", 255, "  ff"),
    IC("%-4x|", 255, "ff  |"),
    IC("%04x", 255, "00ff"),
    IC("%.4x", 255, "00ff"),
    IC("%.0x", 0, ""),
    IC("%#x", 255, "0xff"),
    IC("%#X", 255, "0XFF"),
    IC("%#10x", 255, "      0xff"),
    IC("%#-10x|", 255, "0xff      |"),
    IC("%-#10x|", 255, "0xff      |"),
    IC("%#010x", 255, "0x000000ff"),
    IC("%#010X", 255, "0X000000FF"),
    IC("%#.4x", 255, "0x00ff"),
    IC("%#8.4x", 255, "  0x00ff"),
    IC("%#08.4x", 255, "  0x00ff"),
    IC("%#3x", 255, "0xff"),
    /* Linux, not ISO C: the prefix is printed for zero too */
    IC("%#x", 0, "0x0"),
    IC("%#X", 0, "0X0"),
    IC("%#5x", 0, "  0x0"),
    IC("%#05x", 0, "0x000"),
    IC("%#.0x", 0, "0x"),
    /* hh and h truncate to char and short */
    IC("%hhd", 200, "-56"),
    IC("%hhd", -128, "-128"),
    IC("%hhu", -1, "255"),
    IC("%hhx", 0x1ff, "ff"),
    IC("%hhX", 0xab, "AB"),
    IC("%hd", 40000, "-25536"),
    IC("%hi", -32768, "-32768"),
    IC("%hu", -1, "65535"),
    IC("%hx", 0x12345, "2345"),
    /* %c: padding is always spaces */
    IC("%c", 'A', "A"),
    IC("%c", 0x100 + 'A', "A"),
    IC("%5c", 'x', "    x"),
    IC("%-5c|", 'x', "x    |"),
    IC("%05c", 'x', "    x"),
    IC("%1c", 'x', "x"),
    IC("[%c]", ' ', "[ ]"),
};

static void int_conversions(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(int_cases); i++) {
		const struct int_case *c = &int_cases[i];

		expect_fmt(t, c->line, c->want, c->fmt, c->arg);
	}
}

struct ll_case {
	int line;
	const char *fmt;
	long long arg;
	const char *want;
};
#define LC(fmt, arg, want)               \
	{                                \
		__LINE__, fmt, arg, want \
	}

static const struct ll_case ll_cases[] = {
    LC("%lld", 0, "0"),
    LC("%lld", -1, "-1"),
    LC("%lld", LLONG_MAX, "9223372036854775807"),
    LC("%lld", LLONG_MIN, "-9223372036854775808"),
    LC("%lli", LLONG_MIN, "-9223372036854775808"),
    LC("%+lld", LLONG_MAX, "+9223372036854775807"),
    LC("%25lld", LLONG_MIN, "     -9223372036854775808"),
    LC("%-25lld|", LLONG_MIN, "-9223372036854775808     |"),
    LC("%025lld", LLONG_MIN, "-000009223372036854775808"),
    LC("%.22lld", LLONG_MIN, "-0009223372036854775808"),
    LC("%lld", 1000000000000LL, "1000000000000"),
    LC("%lld", -1000000000000LL, "-1000000000000"),
    LC("%lld", 4294967296LL, "4294967296"),
    /* Linux's 'L' means long long for integer conversions */
    LC("%Ld", -5, "-5"),
};

static void ll_conversions(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(ll_cases); i++) {
		const struct ll_case *c = &ll_cases[i];

		expect_raw(t, c->line, c->want, c->fmt, c->arg);
	}
}

struct ull_case {
	int line;
	const char *fmt;
	unsigned long long arg;
	const char *want;
};
#define UC(fmt, arg, want)               \
	{                                \
		__LINE__, fmt, arg, want \
	}

static const struct ull_case ull_cases[] = {
    UC("%llu", 0, "0"),
    UC("%llu", ULLONG_MAX, "18446744073709551615"),
    UC("%llu", 10000000000000000000ULL, "10000000000000000000"),
    UC("%llx", ULLONG_MAX, "ffffffffffffffff"),
    UC("%llX", ULLONG_MAX, "FFFFFFFFFFFFFFFF"),
    UC("%#llx", ULLONG_MAX, "0xffffffffffffffff"),
    UC("%llx", 0x8000000000000000ULL, "8000000000000000"),
    UC("%llx", 0x100000000ULL, "100000000"),
    UC("%.20llu", 1, "00000000000000000001"),
    UC("%22llu", ULLONG_MAX, "  18446744073709551615"),
    UC("%016llx", 0x9fbff, "000000000009fbff"),
    UC("%016llx", 0, "0000000000000000"),
    /* The e820 column format: 0x plus 16 digits, for 0 too */
    UC("%#018llx", 0, "0x0000000000000000"),
    UC("%#018llx", 1, "0x0000000000000001"),
    UC("%#018llx", 0x9fbff, "0x000000000009fbff"),
    UC("%#018llx", 0x100000000ULL, "0x0000000100000000"),
    UC("%#018llx", ULLONG_MAX, "0xffffffffffffffff"),
    UC("%#018llX", 0xabcdef, "0X0000000000ABCDEF"),
    UC("%#18llx", 0x9fbff, "           0x9fbff"),
    UC("%#-18llx|", 0x9fbff, "0x9fbff           |"),
    UC("%#20llx", ULLONG_MAX, "  0xffffffffffffffff"),
    UC("%#Lx", 16, "0x10"),
    UC("%#018Lx", 0x9fbff, "0x000000000009fbff"),
    UC("%Lu", ULLONG_MAX, "18446744073709551615"),
    UC("%qx", 0xabc, "abc"),
};

static void ull_conversions(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(ull_cases); i++) {
		const struct ull_case *c = &ull_cases[i];

		expect_raw(t, c->line, c->want, c->fmt, c->arg);
	}
}

struct str_case {
	int line;
	const char *fmt;
	const char *arg;
	const char *want;
};
#define SC(fmt, arg, want)               \
	{                                \
		__LINE__, fmt, arg, want \
	}

static const struct str_case str_cases[] = {
    SC("%s", "abc", "abc"),
    SC("%s", "", ""),
    SC("[%s]", "", "[]"),
    SC("%s", NULL, "(null)"),
    SC("%10s", NULL, "    (null)"),
    SC("%-8s|", NULL, "(null)  |"),
    SC("%.3s", NULL, "(nu"),
    SC("%.3s", "abcdef", "abc"),
    SC("%.0s", "abc", ""),
    SC("%.10s", "abc", "abc"),
    SC("%-10s|", "abc", "abc       |"),
    SC("%10s|", "abc", "       abc|"),
    SC("%3s", "abc", "abc"),
    SC("%2s", "abcdef", "abcdef"),
    SC("%5.2s|", "abc", "   ab|"),
    SC("%-5.2s|", "abc", "ab   |"),
    SC("%05s", "ab", "   ab"),
    SC("%+s", "ab", "ab"),
    SC("%#s", "ab", "ab"),
    SC("x%sy", "%d", "x%dy"),
};

static void string_conversions(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(str_cases); i++) {
		const struct str_case *c = &str_cases[i];

		expect_raw(t, c->line, c->want, c->fmt, c->arg);
	}
}

/* ---- cases with their own argument lists ---- */

static void string_precision_reads_no_further(struct ktest *t)
{
	/* Not terminated: ASan reports a read of abc[3] on the host. */
	static const char abc[3] = {'a', 'b', 'c'};

	EXPECT_FMT(t, "abc", "%.3s", abc);
	EXPECT_FMT(t, "ab", "%.2s", abc);
	EXPECT_FMT(t, "ab", "%.*s", 2, abc);
}

static void star_width_and_precision(struct ktest *t)
{
	EXPECT_FMT(t, "   42", "%*d", 5, 42);
	EXPECT_FMT(t, "42", "%*d", 0, 42);
	/* A negative '*' width left-justifies. */
	EXPECT_FMT(t, "42   |", "%*d|", -5, 42);
	EXPECT_FMT(t, "42   |", "%-*d|", 5, 42);
	EXPECT_FMT(t, "00042", "%0*d", 5, 42);
	EXPECT_FMT(t, "007", "%.*d", 3, 7);
	/* A negative '*' precision counts as none, so '0' applies again. */
	EXPECT_FMT(t, "7", "%.*d", -1, 7);
	EXPECT_RAW(t, "00007", "%05.*d", -1, 7);
	EXPECT_FMT(t, "ab", "%.*s", 2, "abc");
	EXPECT_FMT(t, "", "%.*s", 0, "abc");
	EXPECT_FMT(t, "abc", "%.*s", -1, "abc");
	EXPECT_FMT(t, "    ab|", "%*.*s|", 6, 2, "abcdef");
	EXPECT_FMT(t, "ab    |", "%*.*s|", -6, 2, "abcdef");
	EXPECT_FMT(t, "  x", "%*c", 3, 'x');
	EXPECT_FMT(t, "  0x00ff", "%#*.*x", 8, 4, 255);
	EXPECT_FMT(t, "[   1][2  ]", "[%*d][%-*d]", 4, 1, 3, 2);
}

static void length_modifiers(struct ktest *t)
{
	EXPECT_FMT(t, "-9223372036854775808", "%ld", (long)LLONG_MIN);
	EXPECT_FMT(t, "9223372036854775807", "%li", (long)LLONG_MAX);
	EXPECT_FMT(t, "18446744073709551615", "%lu", (unsigned long)ULLONG_MAX);
	EXPECT_FMT(t, "deadbeefcafe", "%lx", 0xdeadbeefcafeUL);
	EXPECT_FMT(t, "DEADBEEFCAFE", "%lX", 0xdeadbeefcafeUL);
	EXPECT_FMT(t, "18446744073709551615", "%zu", (size_t)SIZE_MAX);
	EXPECT_FMT(t, "ffffffffffffffff", "%zx", (size_t)SIZE_MAX);
	EXPECT_FMT(t, "4096", "%zu", sizeof(char[4096]));
	EXPECT_FMT(t, "-5", "%zd", (long)-5);
	EXPECT_FMT(t, "-5000000000", "%zd", (long)-5000000000L);
	EXPECT_FMT(t, "-3", "%td", (ptrdiff_t)-3);
	EXPECT_FMT(t, "-5000000000", "%td", (ptrdiff_t)-5000000000L);
	EXPECT_FMT(t, "9223372036854775807", "%ti", (ptrdiff_t)PTRDIFF_MAX);
	EXPECT_FMT(t, "ffffffffffffffff", "%tx", (ptrdiff_t)-1);
	EXPECT_FMT(t, "-9223372036854775808", "%jd", (intmax_t)INTMAX_MIN);
	EXPECT_FMT(t, "18446744073709551615", "%ju", (uintmax_t)UINTMAX_MAX);
	EXPECT_FMT(t, "ffffffffffffffff", "%jx", (uintmax_t)UINTMAX_MAX);
	/* Mixed sizes in one call: each conversion must take the right width. */
	EXPECT_FMT(t, "1 2 3 4 5 6", "%hhd %hd %d %ld %lld %zu", (signed char)1, (short)2, 3, 4L,
		   5LL, (size_t)6);
	EXPECT_FMT(t, "ffffffff 4294967296 -1", "%x %llu %d", 0xffffffffu, 4294967296ULL, -1);
}

static void pointer(struct ktest *t)
{
	/* Linux %px: 16 zero-padded lower-case digits, no prefix. */
	EXPECT_FMT(t, "0000000000000000", "%p", (void *)0);
	EXPECT_FMT(t, "0000000000001234", "%p", (void *)0x1234);
	EXPECT_FMT(t, "ffff800000001000", "%p", (void *)0xffff800000001000ULL);
	EXPECT_FMT(t, "00000000deadbeef", "%p", (void *)0xdeadbeefULL);
	EXPECT_FMT(t, "[0000000000000010 0000000000000020]", "[%p %p]", (void *)0x10, (void *)0x20);
	/* An explicit width replaces the fixed 16 digits. */
	EXPECT_FMT(t, "                1234|", "%20p|", (void *)0x1234);
	EXPECT_FMT(t, "1234                |", "%-20p|", (void *)0x1234);
	EXPECT_RAW(t, "00000000000000001234", "%020p", (void *)0x1234);
	/* %px is the same; a plain %p is not hashed. */
	EXPECT_FMT(t, "0000000000000abc|", "%px|", (void *)0xabc);
	EXPECT_FMT(t, "0000000000000000", "%px", (void *)0);
	EXPECT_FMT(t, "       abc|", "%10px|", (void *)0xabc);
}

/* ---- Linux's pointer extensions ---- */

#define RES(s, e, f) ((struct resource){.start = (s), .end = (e), .flags = (f)})

struct res_case {
	int line;
	const char *fmt;
	struct resource res;
	const char *want;
};
#define RC(fmt, res, want)               \
	{                                \
		__LINE__, fmt, res, want \
	}

static const struct res_case res_cases[] = {
    /* Memory: "0x" and at least 8 digits, more when needed. */
    RC("%pR", RES(0xa0000, 0xbffff, IORESOURCE_MEM), "[mem 0x000a0000-0x000bffff]"),
    RC("%pR", RES(0, 0xfff, IORESOURCE_MEM), "[mem 0x00000000-0x00000fff]"),
    RC("%pR", RES(0x100000000ULL, 0x13fffffffULL, IORESOURCE_MEM), "[mem 0x100000000-0x13fffffff]"),
    RC("%pR", RES(0, ~0ULL, IORESOURCE_MEM), "[mem 0x00000000-0xffffffffffffffff]"),
    /* start == end: the start only. */
    RC("%pR", RES(0xfee00000, 0xfee00000, IORESOURCE_MEM), "[mem 0xfee00000]"),
    RC("%pR", RES(0, 0, IORESOURCE_MEM), "[mem 0x00000000]"),
    /* Linux's own System RAM and BUSY bits are not decoded by %pR. */
    RC("%pR", RES(0x100000, 0x1ffdffff, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY),
       "[mem 0x00100000-0x1ffdffff]"),
    /* The decoded flags, each alone and all together, in Linux's order. */
    RC("%pR", RES(0xc0000000, 0xc00fffff, IORESOURCE_MEM | IORESOURCE_MEM_64),
       "[mem 0xc0000000-0xc00fffff 64bit]"),
    RC("%pR", RES(0xc0000000, 0xc00fffff, IORESOURCE_MEM | IORESOURCE_PREFETCH),
       "[mem 0xc0000000-0xc00fffff pref]"),
    RC("%pR", RES(0xc0000000, 0xc00fffff, IORESOURCE_MEM | IORESOURCE_WINDOW),
       "[mem 0xc0000000-0xc00fffff window]"),
    RC("%pR", RES(0xc0000000, 0xc00fffff, IORESOURCE_MEM | IORESOURCE_DISABLED),
       "[mem 0xc0000000-0xc00fffff disabled]"),
    RC("%pR",
       RES(0x800000000ULL, 0x8ffffffffULL,
	   IORESOURCE_MEM | IORESOURCE_DISABLED | IORESOURCE_WINDOW | IORESOURCE_PREFETCH |
	       IORESOURCE_MEM_64),
       "[mem 0x800000000-0x8ffffffff 64bit pref window disabled]"),
    /* Unset: the size alone, in the type's number format. */
    RC("%pR", RES(0x1000, 0x100fff, IORESOURCE_MEM | IORESOURCE_UNSET), "[mem size 0x00100000]"),
    RC("%pR", RES(0xba11, 0xca10, IORESOURCE_IO | IORESOURCE_DISABLED | IORESOURCE_UNSET),
       "[io  size 0x1000 disabled]"),
    RC("%pR", RES(0, 0xfffff, IORESOURCE_MEM | IORESOURCE_UNSET | IORESOURCE_MEM_64),
       "[mem size 0x00100000 64bit]"),
    /* I/O ports: two spaces after "io", "0x" and at least 4 digits. */
    RC("%pR", RES(0xcf8, 0xcff, IORESOURCE_IO), "[io  0x0cf8-0x0cff]"),
    RC("%pR", RES(0, 0xffff, IORESOURCE_IO), "[io  0x0000-0xffff]"),
    RC("%pR", RES(0x80, 0x80, IORESOURCE_IO), "[io  0x0080]"),
    RC("%pR", RES(0x10000, 0x1ffff, IORESOURCE_IO), "[io  0x10000-0x1ffff]"),
    RC("%pR", RES(0, 0xcf7, IORESOURCE_IO | IORESOURCE_WINDOW), "[io  0x0000-0x0cf7 window]"),
    /* IORESOURCE_REG has both the io and the mem bit: io is looked at first. */
    RC("%pR", RES(0x10, 0x1f, IORESOURCE_REG), "[io  0x0010-0x001f]"),
    /* IRQ and DMA numbers in decimal, bus numbers as 2 hex digits. */
    RC("%pR", RES(9, 9, IORESOURCE_IRQ), "[irq 9]"),
    RC("%pR", RES(5, 17, IORESOURCE_IRQ), "[irq 5-17]"),
    RC("%pR", RES(3, 3, IORESOURCE_DMA), "[dma 3]"),
    RC("%pR", RES(0, 0xff, IORESOURCE_BUS), "[bus 00-ff]"),
    RC("%pR", RES(1, 1, IORESOURCE_BUS), "[bus 01]"),
    RC("%pR", RES(0, 0x1ff, IORESOURCE_BUS), "[bus 00-1ff]"),
    /* No known type: "???", memory numbers, and the raw flags even for %pR. */
    RC("%pR", RES(0x1000, 0x1fff, 0), "[??? 0x00001000-0x00001fff flags 0x0]"),
    RC("%pR", RES(0x1000, 0x1fff, IORESOURCE_PREFETCH | IORESOURCE_UNSET),
       "[??? 0x00001000-0x00001fff flags 0x20002000]"),
    /* %pr: the raw flags in hex instead of words; unset changes nothing. */
    RC("%pr", RES(0xc0ffee00, 0xc0ffee00, IORESOURCE_MEM), "[mem 0xc0ffee00 flags 0x200]"),
    RC("%pr", RES(0xc0ffee, 0xba5eba11, IORESOURCE_MEM), "[mem 0x00c0ffee-0xba5eba11 flags 0x200]"),
    RC("%pr", RES(0xba5eba11, 0xc0ffee, IORESOURCE_MEM), "[mem 0xba5eba11-0x00c0ffee flags 0x200]"),
    RC("%pr", RES(0x100000, 0x1ffdffff, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY),
       "[mem 0x00100000-0x1ffdffff flags 0x81000200]"),
    RC("%pr", RES(0x60000000, 0x6fffffff, IORESOURCE_MEM | IORESOURCE_PREFETCH),
       "[mem 0x60000000-0x6fffffff flags 0x2200]"),
    RC("%pr", RES(0xba11, 0xca10, IORESOURCE_IO | IORESOURCE_DISABLED | IORESOURCE_UNSET),
       "[io  0xba11-0xca10 flags 0x30000100]"),
    RC("%pr", RES(9, 9, IORESOURCE_IRQ), "[irq 9 flags 0x400]"),
    RC("%pr", RES(0, 0xff, IORESOURCE_BUS), "[bus 00-ff flags 0x1000]"),
    /* Width and precision apply to the whole text, like %s; '0' pads with
     * spaces. */
    RC("%30pR|", RES(0xcf8, 0xcff, IORESOURCE_IO), "           [io  0x0cf8-0x0cff]|"),
    RC("%-30pR|", RES(0xcf8, 0xcff, IORESOURCE_IO), "[io  0x0cf8-0x0cff]           |"),
    RC("%030pR|", RES(0xcf8, 0xcff, IORESOURCE_IO), "           [io  0x0cf8-0x0cff]|"),
    RC("%10pR|", RES(0xcf8, 0xcff, IORESOURCE_IO), "[io  0x0cf8-0x0cff]|"),
    RC("%.9pR|", RES(0xcf8, 0xcff, IORESOURCE_IO), "[io  0x0c|"),
    RC("%12.9pr|", RES(0xcf8, 0xcff, IORESOURCE_IO), "   [io  0x0c|"),
    RC("%.0pR|", RES(0xcf8, 0xcff, IORESOURCE_IO), "|"),
    /* Letters and digits after the extension belong to it; others do not. */
    RC("%pRfoo1|", RES(0xcf8, 0xcff, IORESOURCE_IO), "[io  0x0cf8-0x0cff]|"),
    RC("%pR-x", RES(0xcf8, 0xcff, IORESOURCE_IO), "[io  0x0cf8-0x0cff]-x"),
    RC("%pR_", RES(0xcf8, 0xcff, IORESOURCE_IO), "[io  0x0cf8-0x0cff]_"),
    RC("%pRa", RES(0xcf8, 0xcff, IORESOURCE_IO), "[io  0x0cf8-0x0cff]"),
    RC("%prb", RES(0xcf8, 0xcff, IORESOURCE_IO), "[io  0x0cf8-0x0cff flags 0x100]"),
};

static void resource_specifiers(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(res_cases); i++) {
		const struct res_case *c = &res_cases[i];

		expect_raw(t, c->line, c->want, c->fmt, &c->res);
	}
	/* Through the compiler's format check, const and not. */
	{
		const struct resource ioapic = RES(0xfec00000, 0xfec003ff, IORESOURCE_MEM);
		struct resource ram = RES(0x100000, 0x7fffffff, IORESOURCE_SYSTEM_RAM);

		EXPECT_FMT(t, "ioapic [mem 0xfec00000-0xfec003ff]: busy", "ioapic %pR: %s", &ioapic,
			   "busy");
		EXPECT_FMT(t, "[mem 0x00100000-0x7fffffff flags 0x1000200] System RAM 7",
			   "%pr %s %d", &ram, "System RAM", 7);
	}
}

static void range_specifier(struct ktest *t)
{
	struct range r = {0x60000000, 0x6fffffff};
	const struct range same = {0xc0ffee00ba5eba11ULL, 0xc0ffee00ba5eba11ULL};
	struct range all = {0, ~0ULL};

	/* Always "0x" and 16 digits; start == end prints the start only. */
	EXPECT_FMT(t, "[range 0x0000000060000000-0x000000006fffffff]", "%pra", &r);
	EXPECT_FMT(t, "[range 0xc0ffee00ba5eba11]", "%pra", &same);
	EXPECT_FMT(t, "[range 0x0000000000000000-0xffffffffffffffff]", "%pra", &all);
	r = (struct range){0xc0ffee, 0xba5eba11};
	EXPECT_FMT(t, "[range 0x0000000000c0ffee-0x00000000ba5eba11]", "%pra", &r);
	r = (struct range){0xba5eba11, 0xc0ffee};
	EXPECT_FMT(t, "[range 0x00000000ba5eba11-0x0000000000c0ffee]", "%pra", &r);
	r = (struct range){0, 0};
	EXPECT_FMT(t, "[range 0x0000000000000000]", "%pra", &r);
	/* Width and precision as for %s (GCC rejects a precision with %p, hence
	 * EXPECT_RAW); trailing letters belong to it. */
	EXPECT_FMT(t, "      [range 0x0000000000000000]|", "%32pra|", &r);
	EXPECT_FMT(t, "[range 0x0000000000000000]      |", "%-32pra|", &r);
	EXPECT_RAW(t, "[range|", "%.6pra|", &r);
	EXPECT_RAW(t, "[range 0x0000000000000000] ok", "%praxyz %s", &r, "ok");
}

static void phys_addr_specifier(struct ktest *t)
{
	uint64_t addr = 0xfed00000;
	resource_size_t size = 0x8000000;
	const uint64_t zero = 0, top = ~0ULL;

	/* "0x" and 16 digits, for %pa, %pap and %pad alike. */
	EXPECT_FMT(t, "0x00000000fed00000", "%pa", &addr);
	EXPECT_FMT(t, "0x00000000fed00000", "%pap", &addr);
	EXPECT_FMT(t, "0x00000000fed00000", "%pad", &addr);
	EXPECT_FMT(t, "0x0000000008000000", "%pa", &size);
	EXPECT_FMT(t, "0x0000000000000000", "%pa", &zero);
	EXPECT_FMT(t, "0xffffffffffffffff", "%pa", &top);
	/* Width, precision and flags are ignored, as in Linux. */
	EXPECT_FMT(t, "0x00000000fed00000|", "%30pa|", &addr);
	EXPECT_FMT(t, "0x00000000fed00000|", "%-30pa|", &addr);
	EXPECT_RAW(t, "0x00000000fed00000|", "%.4pa|", &addr);
	EXPECT_RAW(t, "0x00000000fed00000|", "%#+030pa|", &addr);
	/* Trailing letters and digits belong to the conversion. */
	EXPECT_FMT(t, "0x00000000fed00000.", "%pap2.", &addr);
	EXPECT_FMT(t, "base 0x00000000fed00000 size 0x0000000008000000 end",
		   "base %pa size %pa end", &addr, &size);
}

static void pointer_checks(struct ktest *t)
{
	struct resource res = RES(0xcf8, 0xcff, IORESOURCE_IO);
	uint64_t addr = 0x1000;

	/* NULL prints "(null)" and the width applies. */
	EXPECT_FMT(t, "(null)", "%pR", (struct resource *)NULL);
	EXPECT_FMT(t, "(null)", "%pr", (struct resource *)NULL);
	EXPECT_FMT(t, "(null)", "%pra", (struct range *)NULL);
	EXPECT_FMT(t, "(null)", "%pa", (uint64_t *)NULL);
	EXPECT_FMT(t, "(null)", "%pad", (uint64_t *)NULL);
	EXPECT_FMT(t, "    (null)|", "%10pR|", (struct resource *)NULL);
	EXPECT_FMT(t, "(null)    |", "%-10pa|", (uint64_t *)NULL);
	EXPECT_RAW(t, "(nu|", "%.3pr|", (struct resource *)NULL);
	/* The first page and error pointers are never read: "(efault)". */
	EXPECT_FMT(t, "(efault)", "%pR", (struct resource *)0x10);
	EXPECT_FMT(t, "(efault)", "%pa", (uint64_t *)0xfff);
	EXPECT_FMT(t, "(efault)", "%pra", (struct range *)(uintptr_t)-22); /* ERR_PTR(-EINVAL) */
	EXPECT_FMT(t, "(efault)", "%pr", (struct resource *)(uintptr_t)-4095);
	EXPECT_FMT(t, "  (efault)", "%10pR", (void *)(uintptr_t)-1);
	/* Plain %p and %px print such pointers as numbers. */
	EXPECT_FMT(t, "0000000000000010", "%p", (void *)0x10);
	EXPECT_FMT(t, "ffffffffffffffea", "%px", (void *)(uintptr_t)-22);
	/* Extensions hotmem lacks print the address, letters consumed. */
	EXPECT_RAW(t, "0000000000001000 x", "%pS %s", (void *)0x1000, "x");
	EXPECT_RAW(t, "0000000000001000|", "%pK|", (void *)0x1000);
	/* Arguments after an extension are still taken in order. */
	EXPECT_FMT(t, "1 [io  0x0cf8-0x0cff] 2 0x0000000000001000 3", "%d %pR %d %pa %d", 1, &res,
		   2, &addr, 3);
}

static void percent(struct ktest *t)
{
	EXPECT_FMT(t, "%", "%%");
	EXPECT_FMT(t, "100%", "100%%");
	EXPECT_FMT(t, "%d", "%%d");
	EXPECT_FMT(t, "%%", "%%%%");
	EXPECT_FMT(t, "5%x", "%d%%x", 5);
	EXPECT_RAW(t, "%", "%5%");
	EXPECT_FMT(t, "no conversions", "no conversions");
}

static void unknown_conversion(struct ktest *t)
{
	/* Printed verbatim, and no argument is consumed: the %d still gets 5. */
	EXPECT_RAW(t, "%y 5", "%y %d", 5);
	EXPECT_RAW(t, "a%yb", "a%yb");
	EXPECT_RAW(t, "%-5y", "%-5y");
	EXPECT_RAW(t, "%#08.3ly|7", "%#08.3ly|%d", 7);
	EXPECT_RAW(t, "%o 8", "%o %d", 8);
	EXPECT_RAW(t, "%n", "%n");
	/* A format ending inside a conversion. */
	EXPECT_RAW(t, "abc%", "abc%");
	EXPECT_RAW(t, "abc%-5", "abc%-5");
	EXPECT_RAW(t, "abc%ll", "abc%ll");
}

static void char_nul(struct ktest *t)
{
	char buf[8];
	int n;

	/* A NUL from %c is part of the output and of the count. */
	memset(buf, GUARD, sizeof(buf));
	n = snprintf(buf, sizeof(buf), "a%cb", '\0');
	KTEST_EXPECT_INT_EQ(t, n, 3);
	KTEST_EXPECT_MEMEQ(t, buf, "a\0b", 4);
	KTEST_EXPECT_EQ(t, (unsigned char)buf[4], GUARD);
}

static void several_conversions(struct ktest *t)
{
	EXPECT_FMT(t, "[mem 0x0000000000000000-0x000000000009fbff]", "[mem %#018llx-%#018llx]",
		   0ULL, 0x9fbffULL);
	EXPECT_FMT(t, "[mem 0x0000000000100000-0x00000000bffdffff] usable",
		   "[mem %#018llx-%#018llx] %s", 0x100000ULL, 0xbffdffffULL, "usable");
	EXPECT_FMT(t, "name=cpu0 id=-3 flags=0x1f c=Z", "name=%s id=%d flags=%#x c=%c", "cpu0", -3,
		   0x1f, 'Z');
	EXPECT_FMT(t, "  ok 12 printf # SKIP x", "  ok %zu %s # SKIP %s", (size_t)12, "printf",
		   "x");
	EXPECT_RAW(t, "(null) (null)", "%s %s", (char *)NULL, (char *)NULL);
}

static void truncation(struct ktest *t)
{
	char buf[16];
	int n;

	memset(buf, GUARD, sizeof(buf));
	n = snprintf(buf, 5, "%s", "hello world");
	KTEST_EXPECT_INT_EQ(t, n, 11);
	KTEST_EXPECT_MEMEQ(t, buf, "hell", 5);
	for (size_t i = 5; i < sizeof(buf); i++)
		KTEST_EXPECT_EQ(t, (unsigned char)buf[i], GUARD);

	/* Cut inside the 0x prefix of a padded number. */
	memset(buf, GUARD, sizeof(buf));
	n = snprintf(buf, 2, "%#018llx", 0ULL);
	KTEST_EXPECT_INT_EQ(t, n, 18);
	KTEST_EXPECT_MEMEQ(t, buf, "0", 2);
	KTEST_EXPECT_EQ(t, (unsigned char)buf[2], GUARD);

	/* Size 1 holds only the terminator. */
	memset(buf, GUARD, sizeof(buf));
	n = snprintf(buf, 1, "%d", 12345);
	KTEST_EXPECT_INT_EQ(t, n, 5);
	KTEST_EXPECT_EQ(t, buf[0], '\0');
	KTEST_EXPECT_EQ(t, (unsigned char)buf[1], GUARD);

	/* The count keeps going far past the buffer. */
	memset(buf, GUARD, sizeof(buf));
	n = snprintf(buf, 8, "%300d", 1);
	KTEST_EXPECT_INT_EQ(t, n, 300);
	KTEST_EXPECT_MEMEQ(t, buf, "       ", 8);
	KTEST_EXPECT_EQ(t, (unsigned char)buf[8], GUARD);
}

static void size_zero(struct ktest *t)
{
	char buf[4];
	int n;

	memset(buf, GUARD, sizeof(buf));
	n = snprintf(buf, 0, "%s-%d", "abc", 12);
	KTEST_EXPECT_INT_EQ(t, n, 6);
	for (size_t i = 0; i < sizeof(buf); i++)
		KTEST_EXPECT_EQ(t, (unsigned char)buf[i], GUARD);

	/* The C99 way to measure: no buffer at all. */
	n = snprintf(NULL, 0, "%#018llx", 0ULL);
	KTEST_EXPECT_INT_EQ(t, n, 18);
	n = snprintf(NULL, 0, "%s", "");
	KTEST_EXPECT_INT_EQ(t, n, 0);
}

static void long_output(struct ktest *t)
{
	char buf[OUT_MAX];
	int n;

	n = snprintf(buf, sizeof(buf), "%100s", "x");
	KTEST_ASSERT_INT_EQ(t, n, 100);
	for (int i = 0; i < 99; i++)
		KTEST_EXPECT_EQ(t, buf[i], ' ');
	KTEST_EXPECT_EQ(t, buf[99], 'x');
	KTEST_EXPECT_EQ(t, buf[100], '\0');

	n = snprintf(buf, sizeof(buf), "%.150d", 1);
	KTEST_ASSERT_INT_EQ(t, n, 150);
	KTEST_EXPECT_EQ(t, buf[0], '0');
	KTEST_EXPECT_EQ(t, buf[148], '0');
	KTEST_EXPECT_EQ(t, buf[149], '1');
	KTEST_EXPECT_EQ(t, buf[150], '\0');
}

/* vsnprintf through a caller's va_list, which it must not consume. */
static int call_twice(char *a, char *b, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int call_twice(char *a, char *b, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n1, n2;

	va_start(ap, fmt);
	n1 = vsnprintf(a, size, fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	n2 = vsnprintf(b, size, fmt, ap);
	va_end(ap);
	return n1 == n2 ? n1 : -1;
}

static void vsnprintf_va_list(struct ktest *t)
{
	char a[32], b[32];
	/* Not inside the KTEST macro: it pastes the expression into a format. */
	int n = call_twice(a, b, sizeof(a), "%s:%d:%llx", "f", 7, 0xabcULL);

	KTEST_EXPECT_INT_EQ(t, n, 7);
	KTEST_EXPECT_STREQ(t, a, "f:7:abc");
	KTEST_EXPECT_STREQ(t, b, "f:7:abc");
}

static const struct ktest_case printf_cases[] = {
    KTEST_CASE(int_conversions),
    KTEST_CASE(ll_conversions),
    KTEST_CASE(ull_conversions),
    KTEST_CASE(string_conversions),
    KTEST_CASE(string_precision_reads_no_further),
    KTEST_CASE(star_width_and_precision),
    KTEST_CASE(length_modifiers),
    KTEST_CASE(pointer),
    KTEST_CASE(percent),
    KTEST_CASE(unknown_conversion),
    KTEST_CASE(char_nul),
    KTEST_CASE(several_conversions),
    KTEST_CASE(truncation),
    KTEST_CASE(size_zero),
    KTEST_CASE(long_output),
    KTEST_CASE(vsnprintf_va_list),
    /* Last, so the cases above keep their KTAP numbers. */
    KTEST_CASE(resource_specifiers),
    KTEST_CASE(range_specifier),
    KTEST_CASE(phys_addr_specifier),
    KTEST_CASE(pointer_checks),
    {0},
};

static const struct ktest_suite printf_suite = {
    .name = "printf",
    .cases = printf_cases,
};
KTEST_SUITE(printf_suite);
