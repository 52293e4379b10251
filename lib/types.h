/* Linux's fixed-width integer names (include/uapi/asm-generic/int-ll64.h on
 * x86-64): u64 is unsigned long long, so "%llx" prints it without a cast.
 * Code that models a Linux structure uses these; everything else may keep
 * <stdint.h>. */
#ifndef LIB_TYPES_H
#define LIB_TYPES_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;

#endif
