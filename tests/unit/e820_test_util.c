/* Tables and checks of the e820 suites (see the header). */
#include "tests/unit/e820_test_util.h"

#include <stdint.h>

const struct e820_entry qemu_pc[7] = {
    E(0x0, 0x9fc00, RAM),
    E(0x9fc00, 0x400, RES),
    E(0xf0000, 0x10000, RES),
    E(0x100000, 0x1fee0000, RAM),
    E(0x1ffe0000, 0x20000, RES),
    E(0xfffc0000, 0x40000, RES),
    E(0xfd00000000, 0x300000000, RES),
};

const struct e820_entry qemu_pc_1g[7] = {
    E(0x0, 0x9fc00, RAM),
    E(0x9fc00, 0x400, RES),
    E(0xf0000, 0x10000, RES),
    E(0x100000, 0x3fee0000, RAM),
    E(0x3ffe0000, 0x20000, RES),
    E(0xfffc0000, 0x40000, RES),
    E(0xfd00000000, 0x300000000, RES),
};

char e820t_cap[8192];

void e820t_load(struct e820_table *tb, const struct e820_entry *e, size_t n)
{
	e820__table_reset(tb);
	for (size_t i = 0; i < n; i++)
		tb->entries[i] = e[i];
	tb->nr_entries = (uint32_t)n;
}

void e820t_expect_table_at(struct ktest *t, const char *file, int line, const char *what,
			   const struct e820_table *tb, const struct e820_entry *want, size_t n)
{
	if (tb->nr_entries != n)
		ktest_fail_at(t, file, line, "%s has %u entries, want %zu", what,
			      (unsigned int)tb->nr_entries, n);
	for (size_t i = 0; i < n && i < tb->nr_entries; i++) {
		const struct e820_entry *g = &tb->entries[i], *w = &want[i];

		if (g->addr != w->addr || g->size != w->size || g->type != w->type)
			ktest_fail_at(t, file, line,
				      "%s entry %zu is {%#llx, %#llx, %u}, want {%#llx, %#llx, %u}",
				      what, i, (unsigned long long)g->addr,
				      (unsigned long long)g->size, (unsigned int)g->type,
				      (unsigned long long)w->addr, (unsigned long long)w->size,
				      (unsigned int)w->type);
	}
}
