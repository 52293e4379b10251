/* The small helpers Linux spreads over linux/kernel.h, minmax.h, align.h,
 * math.h, sizes.h, bits.h, log2.h, pfn.h and asm/page.h, in one place.
 *
 * Same names and results as Linux. Differences, each on purpose:
 *  - SZ_* are all unsigned long long (Linux: int up to SZ_1G), so a product
 *    such as 4 * SZ_1G cannot overflow and they mix with uint64_t sizes.
 *  - PAGE_SIZE is unsigned long long (Linux: unsigned long), token for token
 *    the definition mm/hotplug_arch.h has, so both headers can meet in one
 *    file until that copy goes.
 *  - DIV_ROUND_UP does not overflow for n near the type's maximum.
 *  - min()/max() check their operands through -Wsign-compare (part of
 *    -Wextra, an error with -Werror) instead of Linux's own checks: a signed
 *    and an unsigned variable fail to build unless the unsigned one converts
 *    to the signed type without loss (unsigned int with long); a
 *    non-negative integer constant mixes with either, as in Linux; the
 *    result has the usual arithmetic conversions' type. Use min_t() to force
 *    a type.
 * Every macro evaluates its arguments once unless its comment says
 * otherwise; ALIGN and friends work for power-of-two alignments only. */
#ifndef LIB_KERNEL_H
#define LIB_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#define __PASTE_(a, b) a##b
#define __PASTE(a, b)  __PASTE_(a, b)
/* A fresh identifier per expansion, so nested min(min(a, b), c) does not
 * shadow its own temporaries. */
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

/* Zero, or a build error when e is true; usable in constant expressions. */
#define BUILD_BUG_ON_ZERO(e) ((int)(sizeof(struct { int : (-!!(e)); })))
#define __same_type(a, b)    __builtin_types_compatible_p(__typeof__(a), __typeof__(b))
/* An array decays to a pointer to its first element; a pointer does not
 * change type, so ARRAY_SIZE(pointer) fails to build. */
#define __must_be_array(a) BUILD_BUG_ON_ZERO(__same_type((a), &(a)[0]))

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))

/* 1 if x is an integer constant expression, else 0 (x is not evaluated):
 * a null pointer constant makes the conditional's type int *, any other
 * void * makes it void *. */
#define __is_constexpr(x) (sizeof(int) == sizeof(*(8 ? ((void *)((long)(x)*0l)) : (int *)8)))
/* An integer constant stays itself so the compiler sees its value (and
 * does not warn about a non-negative constant); anything else is read
 * through its single-evaluation copy. */
#define __cmp_op(x, ux) __builtin_choose_expr(__is_constexpr(x), (x), (ux))
#define __cmp_once(op, x, y, ux, uy)                                                    \
	({                                                                              \
		__typeof__(x) ux = (x);                                                 \
		__typeof__(y) uy = (y);                                                 \
		(void)ux;                                                               \
		(void)uy;                                                               \
		__cmp_op(x, ux) op __cmp_op(y, uy) ? __cmp_op(x, ux) : __cmp_op(y, uy); \
	})

#define min(x, y) __cmp_once(<, x, y, __UNIQUE_ID(x_), __UNIQUE_ID(y_))
#define max(x, y) __cmp_once(>, x, y, __UNIQUE_ID(x_), __UNIQUE_ID(y_))
/* Both operands converted to type first. */
#define min_t(type, x, y) min((type)(x), (type)(y))
#define max_t(type, x, y) max((type)(x), (type)(y))
/* val limited to [lo, hi]; lo <= hi is the caller's promise. */
#define clamp(val, lo, hi)	   min(max(val, lo), hi)
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)

/* x rounded up / down to a multiple of a (a power of two), in x's type.
 * These evaluate their arguments more than once. */
#define __ALIGN_MASK(x, mask) (((x) + (mask)) & ~(mask))
#define ALIGN(x, a)	      __ALIGN_MASK(x, (__typeof__(x))(a)-1)
#define ALIGN_DOWN(x, a)      ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a)      (((x) & ((__typeof__(x))(a)-1)) == 0)
#define PTR_ALIGN(p, a)	      ((__typeof__(p))ALIGN((unsigned long)(p), (a)))

/* round_up()/round_down(): the same for a power-of-two y; round_up(0, y)
 * is 0. These evaluate their arguments more than once. */
#define __round_mask(x, y) ((__typeof__(x))((y)-1))
#define round_up(x, y)	   ((((x)-1) | __round_mask(x, y)) + 1)
#define round_down(x, y)   ((x) & ~__round_mask(x, y))

/* n / d rounded up, for n >= 0 and d > 0 (evaluates both twice). */
#define DIV_ROUND_UP(n, d) ((n) / (d) + ((n) % (d) != 0))

#define BIT(nr)	    (1UL << (nr))
#define BIT_ULL(nr) (1ULL << (nr))

static inline bool is_power_of_2(unsigned long n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

#define SZ_1K	0x00000400ULL
#define SZ_2K	0x00000800ULL
#define SZ_4K	0x00001000ULL
#define SZ_8K	0x00002000ULL
#define SZ_16K	0x00004000ULL
#define SZ_32K	0x00008000ULL
#define SZ_64K	0x00010000ULL
#define SZ_128K 0x00020000ULL
#define SZ_256K 0x00040000ULL
#define SZ_512K 0x00080000ULL
#define SZ_1M	0x00100000ULL
#define SZ_2M	0x00200000ULL
#define SZ_4M	0x00400000ULL
#define SZ_8M	0x00800000ULL
#define SZ_16M	0x01000000ULL
#define SZ_32M	0x02000000ULL
#define SZ_64M	0x04000000ULL
#define SZ_128M 0x08000000ULL
#define SZ_256M 0x10000000ULL
#define SZ_512M 0x20000000ULL
#define SZ_1G	0x40000000ULL
#define SZ_2G	0x80000000ULL
#define SZ_4G	0x100000000ULL
#define SZ_8G	0x200000000ULL
#define SZ_16G	0x400000000ULL
#define SZ_32G	0x800000000ULL
#define SZ_64G	0x1000000000ULL
#define SZ_128G 0x2000000000ULL
#define SZ_256G 0x4000000000ULL
#define SZ_512G 0x8000000000ULL
#define SZ_1T	0x10000000000ULL

/* x86-64 base pages. */
#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ull << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))
/* addr rounded up to a page boundary, in addr's type (ALIGN: more than
 * one evaluation). */
#define PAGE_ALIGN(addr) ALIGN(addr, PAGE_SIZE)

/* Page frame numbers (linux/pfn.h): PFN_UP rounds a byte address up,
 * PFN_DOWN down; PFN_PHYS is the first byte of a frame. */
#define PFN_UP(x)   (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)
#define PFN_PHYS(x) ((uint64_t)(x) << PAGE_SHIFT)
#define PHYS_PFN(x) ((unsigned long)((x) >> PAGE_SHIFT))

#endif
