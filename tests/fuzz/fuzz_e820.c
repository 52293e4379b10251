/* e820 sanitize and range editing (mm/e820.c) against a reference model:
 * after e820__update_table() every address has the numerically largest type
 * of the input entries covering it (0: none), entries are sorted, disjoint
 * and non-empty; after an update/remove the edited range reads as the model
 * says; after e820__clamp_phys_bits() nothing is left at or above the
 * width and nothing below it changed. Input: 6-byte records (start/4K u16,
 * size/4K u16, type, flags), then the edit and the width. */
#include <string.h>

#include "lib/kernel.h"
#include "mm/e820.h"
#include "tests/fuzz/fuzz.h"

#define FZ_MAX 24

static const enum e820_type fz_types[] = {
    E820_TYPE_RAM,	E820_TYPE_RESERVED, E820_TYPE_ACPI, E820_TYPE_NVS,
    E820_TYPE_UNUSABLE, E820_TYPE_PMEM,	    E820_TYPE_PRAM, E820_TYPE_SOFT_RESERVED,
};

/* Type at addr of a sanitized table (0 when no entry covers it). */
static uint32_t type_at(const struct e820_table *t, uint64_t addr)
{
	for (uint32_t i = 0; i < t->nr_entries; i++)
		if (addr >= t->entries[i].addr && addr - t->entries[i].addr < t->entries[i].size)
			return t->entries[i].type;
	return 0;
}

static uint32_t model_at(const struct e820_entry *in, size_t n, uint64_t addr)
{
	uint32_t best = 0;

	for (size_t i = 0; i < n; i++)
		if (addr >= in[i].addr && addr - in[i].addr < in[i].size && in[i].type > best)
			best = in[i].type;
	return best;
}

static void check_sane(const struct e820_table *t)
{
	FUZZ_CHECK(t->nr_entries <= E820_MAX_ENTRIES);
	for (uint32_t i = 0; i < t->nr_entries; i++) {
		FUZZ_CHECK(t->entries[i].size > 0);
		if (i)
			FUZZ_CHECK(t->entries[i].addr >=
				   t->entries[i - 1].addr + t->entries[i - 1].size);
	}
}

int fuzz_e820(const uint8_t *data, size_t size)
{
	static struct e820_table t;
	struct e820_entry in[FZ_MAX];
	size_t n = 0;
	uint64_t probes[4 * FZ_MAX];
	size_t np = 0;

	fuzz_mute_begin();
	e820__table_reset(&t);
	while (size >= 6 && n < FZ_MAX) {
		uint64_t start = (uint64_t)(data[0] | data[1] << 8) << 12;
		uint64_t len = (uint64_t)(data[2] | data[3] << 8) << 12;
		enum e820_type type = fz_types[data[4] % ARRAY_SIZE(fz_types)];

		if (data[5] & 1)
			start <<= 20; /* far up, towards 2^64 */
		in[n++] = (struct e820_entry){start, len, type};
		e820__range_add_table(&t, start, len, type);
		probes[np++] = start;
		probes[np++] = start + len - 1;
		probes[np++] = start + len;
		probes[np++] = start + len / 2;
		data += 6;
		size -= 6;
	}
	if (e820__update_table(&t) == 0) {
		check_sane(&t);
		for (size_t i = 0; i < np; i++)
			FUZZ_CHECK(type_at(&t, probes[i]) == model_at(in, n, probes[i]));
	}
	/* One edit from the remaining bytes: retype or remove a range. */
	if (size >= 6 && t.nr_entries) {
		uint64_t start = (uint64_t)(data[0] | data[1] << 8) << 12;
		uint64_t len = (uint64_t)(data[2] | data[3] << 8) << 12;
		enum e820_type from = fz_types[data[4] % ARRAY_SIZE(fz_types)];
		enum e820_type to = fz_types[(data[4] >> 4) % ARRAY_SIZE(fz_types)];
		uint64_t before = type_at(&t, start);

		bool removed = false, retyped = false;

		if (data[5] & 1) {
			e820__range_remove_table(&t, start, len, from, !(data[5] & 2));
			removed = len && (before == from || (data[5] & 2));
		} else if (from != to) {
			e820__range_update_table(&t, start, len, from, to);
			retyped = len && before == from;
		}
		if (e820__update_table(&t) == 0)
			check_sane(&t);
		if (removed)
			FUZZ_CHECK(type_at(&t, start) == 0);
		if (retyped)
			FUZZ_CHECK(type_at(&t, start) == to);
	}
	/* The physical-address-width cut: below 2^bits nothing changes, above
	 * nothing is left. */
	if (size >= 7 && e820__update_table(&t) == 0) {
		unsigned int bits = 20 + data[6] % 45; /* 20..64 */
		uint64_t limit = bits < 64 ? 1ull << bits : 0;
		uint32_t was[4 * FZ_MAX];

		for (size_t i = 0; i < np; i++)
			was[i] = type_at(&t, probes[i]);
		e820__clamp_phys_bits(&t, bits, "fuzz");
		check_sane(&t);
		for (uint32_t i = 0; i < t.nr_entries && limit; i++)
			FUZZ_CHECK(t.entries[i].addr + t.entries[i].size <= limit);
		for (size_t i = 0; i < np; i++)
			FUZZ_CHECK(type_at(&t, probes[i]) ==
				   (!limit || probes[i] < limit ? was[i] : 0));
	}
	fuzz_mute_end();
	return 0;
}
