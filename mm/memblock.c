/* Early physical allocator: sorted region arrays, top-down allocation. */
#include "mm/memblock.h"

#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

struct memblock memblock;

void memblock_init(struct memblock *mb, uint64_t limit)
{
	memset(mb, 0, sizeof(*mb));
	mb->current_limit = limit;
}

static uint64_t rend(const struct memblock_region *r)
{
	return r->base + r->size;
}

static bool range_ok(uint64_t base, uint64_t size)
{
	return size != 0 && base + size > base;
}

static void remove_at(struct memblock_type *t, size_t i)
{
	memmove(&t->regions[i], &t->regions[i + 1], (t->cnt - i - 1) * sizeof(t->regions[0]));
	t->cnt--;
}

static int insert_at(struct memblock_type *t, size_t i, uint64_t base, uint64_t size,
		     const char *name)
{
	if (t->cnt >= MEMBLOCK_MAX_REGIONS)
		return -ENOSPC;
	memmove(&t->regions[i + 1], &t->regions[i], (t->cnt - i) * sizeof(t->regions[0]));
	t->regions[i].base = base;
	t->regions[i].size = size;
	t->regions[i].name = name;
	t->cnt++;
	return 0;
}

static bool same_name(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Merges neighbours that touch or overlap and carry the same name. */
static void coalesce(struct memblock_type *t)
{
	size_t i = 0;

	while (i + 1 < t->cnt) {
		struct memblock_region *a = &t->regions[i], *b = &t->regions[i + 1];

		if (rend(a) >= b->base && same_name(a->name, b->name)) {
			if (rend(b) > rend(a))
				a->size = rend(b) - a->base;
			remove_at(t, i + 1);
		} else {
			i++;
		}
	}
}

/* Counts how many new slots cutting [base, end) out of t would need (at most
 * one: a region strictly containing the range splits in two). */
static int cut_needs_slot(const struct memblock_type *t, uint64_t base, uint64_t end)
{
	for (size_t i = 0; i < t->cnt; i++)
		if (t->regions[i].base < base && rend(&t->regions[i]) > end)
			return 1;
	return 0;
}

static void cut(struct memblock_type *t, uint64_t base, uint64_t end)
{
	size_t i = 0;

	while (i < t->cnt) {
		struct memblock_region *r = &t->regions[i];
		uint64_t rb = r->base, re = rend(r);

		if (re <= base || rb >= end) {
			i++;
			continue;
		}
		if (rb < base && re > end) {
			/* Split: the caller checked there is a free slot. */
			r->size = base - rb;
			insert_at(t, i + 1, end, re - end, r->name);
			return;
		}
		if (rb < base) {
			r->size = base - rb;
			i++;
		} else if (re > end) {
			r->base = end;
			r->size = re - end;
			i++;
		} else {
			remove_at(t, i);
		}
	}
}

static size_t insert_pos(const struct memblock_type *t, uint64_t base)
{
	size_t i = 0;

	while (i < t->cnt && t->regions[i].base < base)
		i++;
	return i;
}

int memblock_add(struct memblock *mb, uint64_t base, uint64_t size)
{
	struct memblock_type *t = &mb->memory;
	int err;

	if (!range_ok(base, size))
		return -EINVAL;
	/* Worst case the insert needs one slot before coalescing. */
	err = insert_at(t, insert_pos(t, base), base, size, NULL);
	if (err)
		return err;
	coalesce(t);
	return 0;
}

static int remove_range(struct memblock_type *t, uint64_t base, uint64_t size)
{
	if (!range_ok(base, size))
		return -EINVAL;
	if (cut_needs_slot(t, base, base + size) && t->cnt >= MEMBLOCK_MAX_REGIONS)
		return -ENOSPC;
	cut(t, base, base + size);
	return 0;
}

int memblock_remove(struct memblock *mb, uint64_t base, uint64_t size)
{
	return remove_range(&mb->memory, base, size);
}

int memblock_free(struct memblock *mb, uint64_t base, uint64_t size)
{
	return remove_range(&mb->reserved, base, size);
}

int memblock_reserve(struct memblock *mb, uint64_t base, uint64_t size, const char *name)
{
	struct memblock_type *t = &mb->reserved;
	uint64_t end = base + size;
	struct memblock_type saved;
	uint64_t pos = base;

	if (!range_ok(base, size))
		return -EINVAL;
	/* The new range is stored as the pieces not already reserved by someone
	 * else; work on a copy so a full table leaves nothing half-done. */
	memcpy(&saved, t, sizeof(saved));
	while (pos < end) {
		uint64_t piece_end = end;
		size_t i;

		/* Skip over an existing reservation that covers pos. */
		for (i = 0; i < t->cnt; i++) {
			const struct memblock_region *r = &t->regions[i];

			if (r->base <= pos && rend(r) > pos)
				break;
		}
		if (i < t->cnt) {
			pos = rend(&t->regions[i]);
			continue;
		}
		/* Up to the next existing reservation. */
		for (i = 0; i < t->cnt; i++)
			if (t->regions[i].base > pos && t->regions[i].base < piece_end)
				piece_end = t->regions[i].base;
		if (insert_at(t, insert_pos(t, pos), pos, piece_end - pos, name)) {
			memcpy(t, &saved, sizeof(saved));
			return -ENOSPC;
		}
		pos = piece_end;
	}
	coalesce(t);
	return 0;
}

static bool type_contains(const struct memblock_type *t, uint64_t addr)
{
	for (size_t i = 0; i < t->cnt; i++)
		if (t->regions[i].base <= addr && addr < rend(&t->regions[i]))
			return true;
	return false;
}

bool memblock_is_reserved(const struct memblock *mb, uint64_t addr)
{
	return type_contains(&mb->reserved, addr);
}

bool memblock_is_region_free(const struct memblock *mb, uint64_t base, uint64_t size)
{
	bool in_memory = false;

	if (!range_ok(base, size))
		return false;
	for (size_t i = 0; i < mb->memory.cnt; i++)
		if (mb->memory.regions[i].base <= base &&
		    base + size <= rend(&mb->memory.regions[i]))
			in_memory = true;
	if (!in_memory)
		return false;
	for (size_t i = 0; i < mb->reserved.cnt; i++) {
		const struct memblock_region *r = &mb->reserved.regions[i];

		if (r->base < base + size && rend(r) > base)
			return false;
	}
	return true;
}

static uint64_t total(const struct memblock_type *t)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < t->cnt; i++)
		sum += t->regions[i].size;
	return sum;
}

uint64_t memblock_phys_mem_size(const struct memblock *mb)
{
	return total(&mb->memory);
}

uint64_t memblock_reserved_size(const struct memblock *mb)
{
	return total(&mb->reserved);
}

uint64_t memblock_phys_alloc_range(struct memblock *mb, uint64_t size, uint64_t align,
				   uint64_t start, uint64_t end, const char *name)
{
	if (!size || !align || (align & (align - 1)))
		return 0;
	if (end > mb->current_limit)
		end = mb->current_limit;
	/* Walk memory regions from the top; in each, try candidates just below
	 * every reserved range (the free gaps), highest first. */
	for (size_t i = mb->memory.cnt; i-- > 0;) {
		const struct memblock_region *m = &mb->memory.regions[i];
		uint64_t lo = m->base > start ? m->base : start;
		uint64_t hi = rend(m) < end ? rend(m) : end;

		while (hi > lo && hi - lo >= size) {
			uint64_t cand = (hi - size) & ~(align - 1);
			uint64_t blocker_base = 0;
			bool blocked = false;

			if (cand < lo || cand == 0)
				break;
			for (size_t j = 0; j < mb->reserved.cnt; j++) {
				const struct memblock_region *r = &mb->reserved.regions[j];

				if (r->base < cand + size && rend(r) > cand) {
					if (!blocked || r->base < blocker_base)
						blocker_base = r->base;
					blocked = true;
				}
			}
			if (!blocked) {
				if (memblock_reserve(mb, cand, size, name))
					return 0;
				return cand;
			}
			hi = blocker_base;
		}
	}
	return 0;
}

uint64_t memblock_phys_alloc(struct memblock *mb, uint64_t size, uint64_t align, const char *name)
{
	return memblock_phys_alloc_range(mb, size, align, 0, UINT64_MAX, name);
}

void memblock_dump(const struct memblock *mb)
{
	printk("memblock: memory: %zu regions, %#llx bytes; reserved: %zu regions, %#llx bytes\n",
	       mb->memory.cnt, (unsigned long long)memblock_phys_mem_size(mb), mb->reserved.cnt,
	       (unsigned long long)memblock_reserved_size(mb));
	for (size_t i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];
		uint64_t last = rend(r) - 1;

		printk("memblock: memory   [mem %pa-%pa]\n", &r->base, &last);
	}
	for (size_t i = 0; i < mb->reserved.cnt; i++) {
		const struct memblock_region *r = &mb->reserved.regions[i];
		uint64_t last = rend(r) - 1;

		printk("memblock: reserved [mem %pa-%pa] %s\n", &r->base, &last,
		       r->name ? r->name : "?");
	}
}
