/* reserve_crashkernel(): x86 Linux 6.1's placement of the crashkernel=
 * reservation (arch/x86/kernel/setup.c), on a memblock instance.
 *
 * The rule (docs/cmdline.md):
 *  - SIZE: memblock's top-down allocation with 16 MiB alignment
 *    (CRASH_ALIGN) in [16 MiB, 4 GiB) (CRASH_ADDR_LOW_MAX); if nothing fits
 *    there, in [16 MiB, 64 TiB) (CRASH_ADDR_HIGH_MAX).
 *  - SIZE,high: [16 MiB, 64 TiB) directly.
 *  - SIZE@OFFSET: exactly [OFFSET, OFFSET + SIZE), 1 MiB aligned, or nothing.
 *  - a reservation at or above 4 GiB also takes low memory for the capture
 *    kernel's DMA: SIZE,low, or 256 MiB by default (max(swiotlb's 64 MiB +
 *    8 MiB, 256 MiB)), top-down below 4 GiB; if that fails the main part is
 *    given back.
 * It runs after the kernel's own early allocations, as in Linux (so the
 * reservation lands below them), and the memory is memblock-reserved under
 * the name "crashkernel", so no later allocator uses it.
 *
 * Messages, as Linux prints them:
 *   Reserving <S>MB of memory at <B>MB for crashkernel (System RAM: <T>MB)
 *   Reserving <S>MB of low memory at <B>MB for crashkernel (low RAM limit: <L>MB)
 *   crashkernel reservation failed - No suitable area found.
 *   crashkernel reservation failed - memory is in use.
 *   Cannot reserve <S>MB crashkernel low memory, please try smaller size.
 * Pure C. */
#ifndef MM_CRASHKERNEL_H
#define MM_CRASHKERNEL_H

#include <stdint.h>

struct crashkernel_spec;
struct memblock;
struct resource;

#define CRASH_ALIGN	    (16ull << 20)
#define CRASH_ADDR_LOW_MAX  (4ull << 30)
#define CRASH_ADDR_HIGH_MAX (64ull << 40)
/* The low part's default size (swiotlb's default 64 MiB + 8 MiB, at least
 * 256 MiB). */
#define CRASH_LOW_DEFAULT (256ull << 20)

/* Reserves what spec asks for in mb and sets crashk (and crashk_low) to the
 * reserved ranges (start/end; other fields untouched). 0 (reserved, or
 * spec->size 0: nothing asked), -ENOMEM (no room: message printed, mb and
 * both resources unchanged), -EBUSY (SIZE@OFFSET not free), -EINVAL
 * (size or base makes the range wrap). */
int reserve_crashkernel_in(struct memblock *mb, const struct crashkernel_spec *spec,
			   struct resource *crashk, struct resource *crashk_low);

/* Inserts crashk and crashk_low, when reserved (end != 0), into the tree
 * below root with insert_resource() (so they nest in their System RAM).
 * 0 or insert_resource()'s error, after printing what conflicted. */
int crashkernel_insert_resources(struct resource *root, struct resource *crashk,
				 struct resource *crashk_low);

#endif
