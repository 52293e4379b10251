/* In-place array sort, Linux-style: sort(base, num, size, cmp, swap). */
#ifndef LIB_SORT_H
#define LIB_SORT_H

#include <stddef.h>

/*
 * Sorts num elements of size bytes at base into ascending order of cmp
 * (negative, zero or positive like memcmp). Heapsort: O(n log n) comparisons
 * in the worst case, no recursion, no allocation, usable anywhere in the
 * kernel. NOT stable: elements that compare equal may end up in any order.
 * swap exchanges two elements; NULL selects a generic byte-wise swap.
 */
void sort(void *base, size_t num, size_t size, int (*cmp)(const void *, const void *),
	  void (*swap)(void *, void *, size_t));

#endif
