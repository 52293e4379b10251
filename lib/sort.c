/* Heapsort for sort() (see lib/sort.h). */
#include "lib/sort.h"

#include <stdint.h>

/* Elements have any type: word accesses must be allowed to alias them. */
typedef uint64_t __attribute__((may_alias)) word_t;

static void swap_bytes(void *a, void *b, size_t size)
{
	unsigned char *pa = a, *pb = b;

	/* Eight bytes at a time when both elements allow it: the common
	 * case of arrays of u64s and structs of them. */
	if ((((uintptr_t)pa | (uintptr_t)pb | size) % sizeof(word_t)) == 0) {
		for (; size; size -= sizeof(word_t), pa += sizeof(word_t), pb += sizeof(word_t)) {
			word_t t = *(word_t *)pa;

			*(word_t *)pa = *(word_t *)pb;
			*(word_t *)pb = t;
		}
		return;
	}
	for (; size; size--, pa++, pb++) {
		unsigned char t = *pa;

		*pa = *pb;
		*pb = t;
	}
}

/*
 * Moves the element at index root down the max-heap held in the first n
 * elements until both children are no greater than it.
 */
static void sift_down(char *base, size_t root, size_t n, size_t size,
		      int (*cmp)(const void *, const void *), void (*swap)(void *, void *, size_t))
{
	/* root <= (n - 2) / 2 keeps 2 * root + 2 from overflowing. */
	while (n >= 2 && root <= (n - 2) / 2) {
		size_t child = 2 * root + 1;

		if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		swap(base + root * size, base + child * size, size);
		root = child;
	}
}

void sort(void *base, size_t num, size_t size, int (*cmp)(const void *, const void *),
	  void (*swap)(void *, void *, size_t))
{
	char *b = base;

	if (num < 2 || size == 0)
		return;
	if (!swap)
		swap = swap_bytes;

	/* Heapify: every index from the last parent down to 0. */
	for (size_t i = num / 2; i > 0; i--)
		sift_down(b, i - 1, num, size, cmp, swap);
	/* Repeatedly move the maximum behind the shrinking heap. */
	for (size_t end = num - 1; end > 0; end--) {
		swap(b, b + end * size, size);
		sift_down(b, 0, end, size, cmp, swap);
	}
}
