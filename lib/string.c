/* Freestanding memory and string helpers (see lib/string.h). */
#include "lib/string.h"

#include <stdint.h>

/* Word accesses through this type may alias any object, like char accesses. */
typedef uint64_t __attribute__((may_alias)) word_t;

#define WORD_SIZE sizeof(word_t)
#define WORD_MASK (WORD_SIZE - 1)

/*
 * GCC recognises byte loops as memcpy/memset idioms and may replace them with
 * a call to memcpy/memset: inside memcpy itself that is endless recursion.
 * Loop-pattern distribution is what does it, so switch it off for these.
 */
#define NO_IDIOM __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_IDIOM void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Word copies only pay off when both sides can be aligned together. */
	if (((uintptr_t)d & WORD_MASK) == ((uintptr_t)s & WORD_MASK)) {
		while (n && ((uintptr_t)d & WORD_MASK)) {
			*d++ = *s++;
			n--;
		}
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			*(word_t *)d = *(const word_t *)s;
			d += WORD_SIZE;
			s += WORD_SIZE;
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

NO_IDIOM void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* A forward copy is safe whenever dst does not start inside src's tail. */
	if ((uintptr_t)d <= (uintptr_t)s || (uintptr_t)d - (uintptr_t)s >= n)
		return memcpy(dst, src, n);

	/* dst overlaps the end of src: copy from the end backwards. */
	d += n;
	s += n;
	if (((uintptr_t)d & WORD_MASK) == ((uintptr_t)s & WORD_MASK)) {
		while (n && ((uintptr_t)d & WORD_MASK)) {
			*--d = *--s;
			n--;
		}
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			d -= WORD_SIZE;
			s -= WORD_SIZE;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	while (n--)
		*--d = *--s;
	return dst;
}

NO_IDIOM void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char byte = (unsigned char)c;
	word_t pattern = (word_t)byte * 0x0101010101010101ULL;

	while (n && ((uintptr_t)d & WORD_MASK)) {
		*d++ = byte;
		n--;
	}
	for (; n >= WORD_SIZE; n -= WORD_SIZE) {
		*(word_t *)d = pattern;
		d += WORD_SIZE;
	}
	while (n--)
		*d++ = byte;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *pa = a, *pb = b;

	for (; n; n--, pa++, pb++)
		if (*pa != *pb)
			return *pa < *pb ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	/* Never look at s[max]: the caller may own only max bytes. */
	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *pa = (const unsigned char *)a;
	const unsigned char *pb = (const unsigned char *)b;

	while (*pa && *pa == *pb) {
		pa++;
		pb++;
	}
	/* ISO C orders by unsigned char, so "\xff" sorts after "a". */
	return (*pa > *pb) - (*pa < *pb);
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *pa = (const unsigned char *)a;
	const unsigned char *pb = (const unsigned char *)b;

	for (; n; n--, pa++, pb++) {
		if (*pa != *pb)
			return *pa < *pb ? -1 : 1;
		if (!*pa)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	char ch = (char)c;

	/* The terminator is part of the string: strchr(s, 0) finds it. */
	for (;; s++) {
		if (*s == ch)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	char ch = (char)c;
	const char *last = NULL;

	for (;; s++) {
		if (*s == ch)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *hay, const char *needle)
{
	size_t nlen = strlen(needle);

	if (!nlen)
		return (char *)hay;
	/* Naive search: our strings are short (command lines, names). */
	for (; *hay; hay++)
		if (*hay == *needle && strncmp(hay, needle, nlen) == 0)
			return (char *)hay;
	return NULL;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
