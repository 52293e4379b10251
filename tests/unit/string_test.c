/* Tests of lib/string.c against expectations computed byte by byte here,
 * over every alignment the word-at-a-time paths care about. */
#include <stddef.h>
#include <stdint.h>

#include "kernel/ktest.h"
#include "lib/string.h"

#define AREA 96

/* A recognisable, position-dependent byte pattern (never 0). */
static unsigned char pat(size_t i, unsigned int seed)
{
	return (unsigned char)((i * 7 + seed * 31) % 251 + 1);
}

static void fill(unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = pat(i, seed);
}

static void memcpy_alignments(struct ktest *t)
{
	/* 8-aligned so the offsets below cover every relative alignment. */
	static unsigned char src[AREA] __attribute__((aligned(8)));
	static unsigned char dst[AREA] __attribute__((aligned(8)));

	for (size_t so = 0; so < 9; so++) {
		for (size_t doff = 0; doff < 9; doff++) {
			for (size_t n = 0; n <= 40; n++) {
				void *ret;

				fill(src, AREA, 1);
				fill(dst, AREA, 2);
				ret = memcpy(dst + doff, src + so, n);
				KTEST_ASSERT_TRUE(t, ret == dst + doff);
				for (size_t i = 0; i < AREA; i++) {
					unsigned char want = (i >= doff && i < doff + n)
								 ? pat(i - doff + so, 1)
								 : pat(i, 2);

					if (dst[i] != want) {
						ktest_fail_at(t, __FILE__, __LINE__,
							      "memcpy dst+%zu src+%zu n=%zu: byte "
							      "%zu is 0x%02x, want 0x%02x",
							      doff, so, n, i, dst[i], want);
						return;
					}
				}
			}
		}
	}
}

static void memmove_overlap(struct ktest *t)
{
	static unsigned char buf[AREA] __attribute__((aligned(8)));
	unsigned char want[AREA];

	/* Both directions: dst before src and dst after src, overlapping. */
	for (size_t so = 0; so < 20; so++) {
		for (size_t doff = 0; doff < 20; doff++) {
			for (size_t n = 0; n <= 40; n++) {
				void *ret;

				fill(buf, AREA, 3);
				for (size_t i = 0; i < AREA; i++)
					want[i] = (i >= doff && i < doff + n)
						      ? pat(i - doff + so, 3)
						      : pat(i, 3);
				ret = memmove(buf + doff, buf + so, n);
				KTEST_ASSERT_TRUE(t, ret == buf + doff);
				if (memcmp(buf, want, AREA) != 0) {
					ktest_fail_at(t, __FILE__, __LINE__,
						      "memmove dst+%zu src+%zu n=%zu differs", doff,
						      so, n);
					return;
				}
			}
		}
	}
}

static void memset_alignments(struct ktest *t)
{
	static unsigned char buf[AREA] __attribute__((aligned(8)));

	for (size_t off = 0; off < 9; off++) {
		for (size_t n = 0; n <= 40; n++) {
			void *ret;

			fill(buf, AREA, 4);
			/* Only the low byte of the int counts. */
			ret = memset(buf + off, 0x1ab, n);
			KTEST_ASSERT_TRUE(t, ret == buf + off);
			for (size_t i = 0; i < AREA; i++) {
				unsigned char want = (i >= off && i < off + n) ? 0xab : pat(i, 4);

				if (buf[i] != want) {
					ktest_fail_at(t, __FILE__, __LINE__,
						      "memset off=%zu n=%zu: byte %zu is 0x%02x",
						      off, n, i, buf[i]);
					return;
				}
			}
		}
	}
	memset(buf, 0, AREA);
	for (size_t i = 0; i < AREA; i++)
		KTEST_ASSERT_EQ(t, buf[i], 0);
}

static void memcmp_order(struct ktest *t)
{
	unsigned char a[16], b[16];

	fill(a, sizeof(a), 5);
	fill(b, sizeof(b), 5);
	KTEST_EXPECT_INT_EQ(t, memcmp(a, b, sizeof(a)), 0);
	KTEST_EXPECT_INT_EQ(t, memcmp(a, b, 0), 0);
	b[15]++;
	KTEST_EXPECT_INT_LT(t, memcmp(a, b, 16), 0);
	KTEST_EXPECT_INT_LT(t, 0, memcmp(b, a, 16));
	KTEST_EXPECT_INT_EQ(t, memcmp(a, b, 15), 0);
	/* Bytes compare as unsigned: 0x80 is greater than 0x7f. */
	a[0] = 0x80;
	b[0] = 0x7f;
	KTEST_EXPECT_INT_LT(t, 0, memcmp(a, b, 1));
	KTEST_EXPECT_INT_LT(t, memcmp(b, a, 1), 0);
	/* The first difference decides, not a later one. */
	KTEST_EXPECT_INT_LT(t, 0, memcmp("b\x01", "a\xff", 2));
	KTEST_EXPECT_INT_EQ(t, memcmp("ab\0x", "ab\0y", 3), 0);
}

static void strlen_and_strnlen(struct ktest *t)
{
	/* Not terminated: strnlen must stop at max (ASan checks on the host). */
	static const char raw[4] = {'a', 'b', 'c', 'd'};
	char lng[300];

	KTEST_EXPECT_EQ(t, strlen(""), 0);
	KTEST_EXPECT_EQ(t, strlen("a"), 1);
	KTEST_EXPECT_EQ(t, strlen("hello\0world"), 5);
	memset(lng, 'x', sizeof(lng) - 1);
	lng[sizeof(lng) - 1] = '\0';
	KTEST_EXPECT_EQ(t, strlen(lng), 299);

	KTEST_EXPECT_EQ(t, strnlen("hello", 10), 5);
	KTEST_EXPECT_EQ(t, strnlen("hello", 5), 5);
	KTEST_EXPECT_EQ(t, strnlen("hello", 3), 3);
	KTEST_EXPECT_EQ(t, strnlen("hello", 0), 0);
	KTEST_EXPECT_EQ(t, strnlen("", 4), 0);
	KTEST_EXPECT_EQ(t, strnlen(raw, sizeof(raw)), 4);
}

static void strcmp_order(struct ktest *t)
{
	KTEST_EXPECT_INT_EQ(t, strcmp("", ""), 0);
	KTEST_EXPECT_INT_EQ(t, strcmp("abc", "abc"), 0);
	KTEST_EXPECT_INT_LT(t, strcmp("abc", "abd"), 0);
	KTEST_EXPECT_INT_LT(t, 0, strcmp("abd", "abc"));
	/* A proper prefix sorts first. */
	KTEST_EXPECT_INT_LT(t, strcmp("ab", "abc"), 0);
	KTEST_EXPECT_INT_LT(t, 0, strcmp("abc", "ab"));
	KTEST_EXPECT_INT_LT(t, strcmp("", "a"), 0);
	/* Characters compare as unsigned char. */
	KTEST_EXPECT_INT_LT(t, 0, strcmp("\xff", "a"));
	KTEST_EXPECT_INT_LT(t, strcmp("a", "\x80"), 0);
}

static void strncmp_order(struct ktest *t)
{
	KTEST_EXPECT_INT_EQ(t, strncmp("abc", "abd", 0), 0);
	KTEST_EXPECT_INT_EQ(t, strncmp("abc", "abd", 2), 0);
	KTEST_EXPECT_INT_LT(t, strncmp("abc", "abd", 3), 0);
	KTEST_EXPECT_INT_LT(t, 0, strncmp("abd", "abc", 100));
	KTEST_EXPECT_INT_LT(t, strncmp("ab", "abc", 3), 0);
	KTEST_EXPECT_INT_EQ(t, strncmp("ab", "abc", 2), 0);
	/* Nothing after the terminator counts. */
	KTEST_EXPECT_INT_EQ(t, strncmp("ab\0x", "ab\0y", 4), 0);
	KTEST_EXPECT_INT_LT(t, 0, strncmp("\x90", "\x10", 1));
}

static void strchr_and_strrchr(struct ktest *t)
{
	static const char s[] = "a/b/c\xe9";

	KTEST_EXPECT_TRUE(t, strchr(s, '/') == s + 1);
	KTEST_EXPECT_TRUE(t, strrchr(s, '/') == s + 3);
	KTEST_EXPECT_TRUE(t, strchr(s, 'a') == s);
	KTEST_EXPECT_TRUE(t, strrchr(s, 'a') == s);
	KTEST_EXPECT_NULL(t, strchr(s, 'z'));
	KTEST_EXPECT_NULL(t, strrchr(s, 'z'));
	/* The terminator counts as part of the string. */
	KTEST_EXPECT_TRUE(t, strchr(s, '\0') == s + 6);
	KTEST_EXPECT_TRUE(t, strrchr(s, '\0') == s + 6);
	/* c is converted to char, so 0xe9 and (int)(char)0xe9 both match. */
	KTEST_EXPECT_TRUE(t, strchr(s, 0xe9) == s + 5);
	KTEST_EXPECT_TRUE(t, strrchr(s, (char)0xe9) == s + 5);
	KTEST_EXPECT_NULL(t, strchr("", 'a'));
	KTEST_EXPECT_NULL(t, strrchr("", 'a'));
}

static void strstr_search(struct ktest *t)
{
	static const char hay[] = "console=ttyS0 console=tty0";

	KTEST_EXPECT_TRUE(t, strstr(hay, "") == hay);
	KTEST_EXPECT_TRUE(t, strstr("", "") != NULL);
	KTEST_EXPECT_TRUE(t, strstr(hay, "console") == hay);
	KTEST_EXPECT_TRUE(t, strstr(hay, "ttyS0") == hay + 8);
	KTEST_EXPECT_TRUE(t, strstr(hay, "tty0") == hay + 22);
	KTEST_EXPECT_TRUE(t, strstr(hay, "0") == hay + 12);
	KTEST_EXPECT_NULL(t, strstr(hay, "ttyS1"));
	KTEST_EXPECT_NULL(t, strstr(hay, "tty0 "));
	KTEST_EXPECT_NULL(t, strstr("", "a"));
	KTEST_EXPECT_NULL(t, strstr("ab", "abc"));
	/* A partial match must not hide a real one that overlaps it. */
	KTEST_EXPECT_TRUE(t, strstr("aaab", "aab") != NULL);
	KTEST_EXPECT_STREQ(t, strstr("aaab", "aab"), "aab");
	KTEST_EXPECT_STREQ(t, strstr("abababc", "ababc"), "ababc");
}

static void strlcpy_truncates(struct ktest *t)
{
	char buf[8];

	memset(buf, 'Z', sizeof(buf));
	KTEST_EXPECT_EQ(t, strlcpy(buf, "abc", 6), 3);
	KTEST_EXPECT_MEMEQ(t, buf, "abc\0ZZZZ", 8);

	/* Exactly fits: 5 chars + terminator in 6. */
	memset(buf, 'Z', sizeof(buf));
	KTEST_EXPECT_EQ(t, strlcpy(buf, "abcde", 6), 5);
	KTEST_EXPECT_MEMEQ(t, buf, "abcde\0ZZ", 8);

	/* Truncated, still terminated; the return value is strlen(src). */
	memset(buf, 'Z', sizeof(buf));
	KTEST_EXPECT_EQ(t, strlcpy(buf, "abcdefghij", 6), 10);
	KTEST_EXPECT_MEMEQ(t, buf, "abcde\0ZZ", 8);

	memset(buf, 'Z', sizeof(buf));
	KTEST_EXPECT_EQ(t, strlcpy(buf, "abc", 1), 3);
	KTEST_EXPECT_MEMEQ(t, buf, "\0ZZZZZZZ", 8);

	/* Size 0 writes nothing. */
	memset(buf, 'Z', sizeof(buf));
	KTEST_EXPECT_EQ(t, strlcpy(buf, "abc", 0), 3);
	KTEST_EXPECT_MEMEQ(t, buf, "ZZZZZZZZ", 8);

	memset(buf, 'Z', sizeof(buf));
	KTEST_EXPECT_EQ(t, strlcpy(buf, "", sizeof(buf)), 0);
	KTEST_EXPECT_MEMEQ(t, buf, "\0ZZZZZZZ", 8);
}

static const struct ktest_case string_cases[] = {
    KTEST_CASE(memcpy_alignments),
    KTEST_CASE(memmove_overlap),
    KTEST_CASE(memset_alignments),
    KTEST_CASE(memcmp_order),
    KTEST_CASE(strlen_and_strnlen),
    KTEST_CASE(strcmp_order),
    KTEST_CASE(strncmp_order),
    KTEST_CASE(strchr_and_strrchr),
    KTEST_CASE(strstr_search),
    KTEST_CASE(strlcpy_truncates),
    {0},
};

static const struct ktest_suite string_suite = {
    .name = "string",
    .cases = string_cases,
};
KTEST_SUITE(string_suite);
