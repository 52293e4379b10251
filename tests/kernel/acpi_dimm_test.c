/* Suite "acpi_dimm" (kernel only): the DIMMs the QEMU ACPI memory hotplug
 * driver found at boot, on the live machine. Skips without the register
 * block (no `-m ...,slots=N`) or without a cold-plugged DIMM.
 *
 * Reference setup (tests/golden/linux/acpi-dimm/coldplug): -m
 * 512M,slots=4,maxmem=4G and a 256 MiB pc-dimm -> System RAM at
 * 0x100000000, firmware memmap entry 0, blocks online. */
#include "drivers/acpi/memhotplug.h"
#include "drivers/firmware/memmap.h"
#include "kernel/ktest.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "mm/page_alloc.h"
#include "mm/pattern.h"

/* Linux puts the first DIMM here when there is no RAM above 4 GiB. */
#define REF_DIMM_BASE 0x100000000ull

/* The first slot whose DIMM was added at boot, or NULL (case skipped). */
static const struct acpi_memhp_slot *first_dimm(struct ktest *t)
{
	if (acpi_memhp_machine.nr_slots == 0) {
		ktest_mark_skip(t, "no ACPI memory hotplug block (-m ...,slots=N)");
		return NULL;
	}
	for (unsigned int i = 0; i < acpi_memhp_machine.nr_slots; i++)
		if (acpi_memhp_machine.slot[i].added)
			return &acpi_memhp_machine.slot[i];
	ktest_mark_skip(t, "no cold-plugged DIMM");
	return NULL;
}

static void dimm_is_system_ram(struct ktest *t)
{
	const struct acpi_memhp_slot *s = first_dimm(t);
	struct resource *res;

	if (!s)
		return;
	ktest_info(t, "DIMM %#llx-%#llx", (unsigned long long)s->base,
		   (unsigned long long)(s->base + s->size - 1));
	res = lookup_resource(&iomem_resource, s->base);
	KTEST_ASSERT_NOT_NULL(t, res);
	KTEST_EXPECT_STREQ(t, res->name, "System RAM");
	KTEST_EXPECT_INT_EQ(t, res->end, s->base + s->size - 1);
	KTEST_EXPECT_INT_EQ(t, res->flags & IORESOURCE_SYSRAM_DRIVER_MANAGED, 0);
	KTEST_EXPECT_TRUE(t, (res->flags & IORESOURCE_BUSY) != 0);
}

/* Added before the boot entries were published: index 0, like Linux. */
static void dimm_has_memmap_index_0(struct ktest *t)
{
	const struct acpi_memhp_slot *s = first_dimm(t);
	const struct firmware_map_entry *e;

	if (!s)
		return;
	if (s->base != REF_DIMM_BASE)
		ktest_info(t, "DIMM not at %#llx: not the reference setup",
			   (unsigned long long)REF_DIMM_BASE);
	e = firmware_map_find_index(0);
	KTEST_ASSERT_NOT_NULL(t, e);
	KTEST_EXPECT_INT_EQ(t, e->start, s->base);
	KTEST_EXPECT_INT_EQ(t, e->end, s->base + s->size - 1);
	KTEST_EXPECT_STREQ(t, e->type, "System RAM");
}

static int check_online(struct memory_block *mem, void *arg)
{
	unsigned long *n = arg;

	if (mem->state != MEM_ONLINE || mem->phantom || mem->boot)
		return -EINVAL;
	(*n)++;
	return 0;
}

static void dimm_blocks_online(struct ktest *t)
{
	const struct acpi_memhp_slot *s = first_dimm(t);
	unsigned long n = 0;
	struct memory_block *mem;

	if (!s)
		return;
	if (mhp_get_default_online_type() == MMOP_OFFLINE) {
		ktest_mark_skip(t, "memhp_default_state=offline");
		return;
	}
	KTEST_EXPECT_INT_EQ(t, walk_memory_blocks(s->base, s->size, &n, check_online), 0);
	KTEST_EXPECT_INT_EQ(t, n, s->size / memory_block_size_bytes());
	mem = find_memory_block(s->base);
	KTEST_ASSERT_NOT_NULL(t, mem);
	KTEST_ASSERT_NOT_NULL(t, mem->group);
	KTEST_EXPECT_INT_EQ(t, mem->group->id, s->mgid);
	KTEST_EXPECT_FALSE(t, mem->group->is_dynamic);
	ktest_info(t, "%lu blocks online, %llu memmap pages each", n,
		   (unsigned long long)mem->nr_vmemmap_pages);
}

/* Pages of the DIMM taken from the allocator hold what is written. */
#define PATTERN_PAGES 64

static void dimm_pattern_test(struct ktest *t)
{
	const struct acpi_memhp_slot *s = first_dimm(t);
	uint64_t pages[PATTERN_PAGES], bad = 0;
	unsigned int n = 0;

	if (!s)
		return;
	if (mhp_get_default_online_type() == MMOP_OFFLINE) {
		ktest_mark_skip(t, "memhp_default_state=offline");
		return;
	}
	for (; n < PATTERN_PAGES; n++) {
		pages[n] = page_alloc_page_range(&page_allocator, s->base >> PAGE_SHIFT,
						 (s->base + s->size) >> PAGE_SHIFT);
		if (!pages[n])
			break;
	}
	KTEST_EXPECT_INT_EQ(t, n, PATTERN_PAGES);
	for (unsigned int i = 0; i < n; i++) {
		KTEST_EXPECT_TRUE(t, pages[i] >= s->base && pages[i] < s->base + s->size);
		KTEST_EXPECT_INT_EQ(t, pattern_test_range(pages[i], PAGE_SIZE, &bad), 0);
	}
	for (unsigned int i = 0; i < n; i++)
		KTEST_EXPECT_INT_EQ(t, page_free(&page_allocator, pages[i]), 0);
}

static const struct ktest_case acpi_dimm_cases[] = {
    KTEST_CASE(dimm_is_system_ram),
    KTEST_CASE(dimm_has_memmap_index_0),
    KTEST_CASE(dimm_blocks_online),
    KTEST_CASE(dimm_pattern_test),
    {0},
};
static const struct ktest_suite acpi_dimm_suite = {
    .name = "acpi_dimm",
    .cases = acpi_dimm_cases,
};
KTEST_SUITE(acpi_dimm_suite);
