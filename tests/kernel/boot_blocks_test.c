/* boot_blocks: the running kernel's boot memory blocks cover every RAM entry
 * of the working e820 table, online boot blocks all of them, and nothing
 * reaches past the CPU's physical address width. memory_hotplug_init() only
 * prints a line when it cannot make them, so without this suite a boot with
 * only memory0 (fw.e820=15E@0:ram before the width cut) still said PASS. */
#include "kernel/ktest.h"
#include "mm/e820.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "mm/paging.h"

static void every_ram_entry_has_its_blocks(struct ktest *t)
{
	uint64_t bs = memory_block_size_bytes();
	unsigned long missing = 0, first_missing = 0;

	for (uint32_t i = 0; i < e820_table->nr_entries; i++) {
		const struct e820_entry *e = &e820_table->entries[i];
		unsigned long id, last;

		if (e->type != E820_TYPE_RAM || !e->size)
			continue;
		last = (unsigned long)((e->addr + e->size - 1) / bs);
		for (id = (unsigned long)(e->addr / bs); id <= last; id++) {
			struct memory_block *mem = find_memory_block_by_id_in(&init_mhp, id);

			if (mem && mem->boot && mem->state == MEM_ONLINE)
				continue;
			if (!missing++)
				first_missing = id;
		}
	}
	KTEST_EXPECT_EQ(t, missing, 0);
	if (missing)
		ktest_info(t, "%lu boot memory blocks missing, the first memory%lu", missing,
			   first_missing);
}

static void nothing_beyond_the_cpu(struct ktest *t)
{
	unsigned int bits = paging_cpu_phys_bits();
	uint64_t limit = bits < 64 ? 1ull << bits : 0;

	for (uint32_t i = 0; i < e820_table->nr_entries && limit; i++) {
		const struct e820_entry *e = &e820_table->entries[i];

		KTEST_EXPECT_LE(t, e->addr + e->size, limit);
	}
	for (uint32_t i = 0; i < e820_table_firmware->nr_entries && limit; i++) {
		const struct e820_entry *e = &e820_table_firmware->entries[i];

		KTEST_EXPECT_LE(t, e->addr + e->size, limit);
	}
}

static const struct ktest_case boot_blocks_cases[] = {
    KTEST_CASE(every_ram_entry_has_its_blocks),
    KTEST_CASE(nothing_beyond_the_cpu),
    {0},
};

static const struct ktest_suite boot_blocks_suite = {
    .name = "boot_blocks",
    .cases = boot_blocks_cases,
};
KTEST_SUITE(boot_blocks_suite);
