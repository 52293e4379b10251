/* Freestanding string and memory helpers.
 *
 * The kernel has no libc, so these are ours. On the host (HOTMEM_HOST) libc
 * owns the standard names and sanitizers intercept them, so our versions are
 * renamed to hm_* there (the unit tests check them against expected bytes,
 * since they also run inside the kernel). */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <stddef.h>

#ifdef HOTMEM_HOST
#define memcpy	hm_memcpy
#define memmove hm_memmove
#define memset	hm_memset
#define memcmp	hm_memcmp
#define strlen	hm_strlen
#define strnlen hm_strnlen
#define strcmp	hm_strcmp
#define strncmp hm_strncmp
#define strchr	hm_strchr
#define strrchr hm_strrchr
#define strstr	hm_strstr
#define strlcpy hm_strlcpy
#endif

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);
/* Copies at most size-1 bytes and always terminates (size > 0); returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
