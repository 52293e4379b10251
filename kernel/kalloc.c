/* Kernel heap behind kzalloc/kfree: first-fit over a free list with
 * coalescing. Small and simple on purpose: core bookkeeping allocates a few
 * thousand small objects at most. Starts on a static arena; mm/ can add more
 * memory with kalloc_add_region(). */
#include "kernel/kalloc.h"

#include <stdint.h>

#include "kernel/kalloc_kernel.h"
#include "lib/string.h"

#define KALLOC_ALIGN 16
#define MAGIC_USED   0x6b616c6cu /* "kall" */
#define MAGIC_FREE   0x66726565u /* "free" */

struct chunk {
	size_t size; /* bytes including this header */
	uint32_t magic;
	uint32_t pad;
	struct chunk *next; /* free list only */
	uint64_t pad2;
};

_Static_assert(sizeof(struct chunk) % KALLOC_ALIGN == 0, "chunk header keeps alignment");

static uint8_t bootstrap_arena[512 * 1024] __attribute__((aligned(KALLOC_ALIGN)));
static struct chunk *free_list;
static int initialised;

static void insert_free(struct chunk *c)
{
	struct chunk **pp = &free_list;

	c->magic = MAGIC_FREE;
	/* Address order, so neighbours can be merged. */
	while (*pp && *pp < c)
		pp = &(*pp)->next;
	c->next = *pp;
	*pp = c;
	if (c->next && (uint8_t *)c + c->size == (uint8_t *)c->next) {
		c->size += c->next->size;
		c->next = c->next->next;
	}
	if (pp != &free_list) {
		struct chunk *prev = (struct chunk *)((uint8_t *)pp - offsetof(struct chunk, next));

		if ((uint8_t *)prev + prev->size == (uint8_t *)c) {
			prev->size += c->size;
			prev->next = c->next;
		}
	}
}

void kalloc_add_region(void *base, size_t size)
{
	uintptr_t start = ((uintptr_t)base + KALLOC_ALIGN - 1) & ~(uintptr_t)(KALLOC_ALIGN - 1);
	uintptr_t end = ((uintptr_t)base + size) & ~(uintptr_t)(KALLOC_ALIGN - 1);
	struct chunk *c;

	if (end <= start || end - start < 2 * sizeof(struct chunk))
		return;
	c = (struct chunk *)start;
	c->size = end - start;
	insert_free(c);
}

static void ensure_init(void)
{
	if (!initialised) {
		initialised = 1;
		kalloc_add_region(bootstrap_arena, sizeof(bootstrap_arena));
	}
}

void *kzalloc(size_t size)
{
	size_t need;
	struct chunk **pp;

	if (kalloc_should_fail())
		return NULL;
	ensure_init();
	if (size > ((size_t)1 << 40))
		return NULL;
	need = (size + sizeof(struct chunk) + KALLOC_ALIGN - 1) & ~(size_t)(KALLOC_ALIGN - 1);
	for (pp = &free_list; *pp; pp = &(*pp)->next) {
		struct chunk *c = *pp;

		if (c->size < need)
			continue;
		if (c->size - need >= 2 * sizeof(struct chunk)) {
			struct chunk *rest = (struct chunk *)((uint8_t *)c + need);

			rest->size = c->size - need;
			rest->magic = MAGIC_FREE;
			rest->next = c->next;
			*pp = rest;
			c->size = need;
		} else {
			*pp = c->next;
		}
		c->magic = MAGIC_USED;
		c->next = NULL;
		memset(c + 1, 0, c->size - sizeof(*c));
		return c + 1;
	}
	return NULL;
}

void kfree(void *p)
{
	struct chunk *c;

	if (!p)
		return;
	c = (struct chunk *)p - 1;
	/* A double free or a wild pointer is a kernel bug: refuse it loudly. */
	if (c->magic != MAGIC_USED) {
		kalloc_bad_free(p);
		return;
	}
	insert_free(c);
}
