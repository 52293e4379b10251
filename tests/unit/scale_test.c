/* Suite "scale": the shortcuts that keep large machines linear
 * (docs/performance.md) give the same answers as a walk from the start:
 * memory-block lookups that resume at the last hit, and resource walks that
 * resume after the last match. */
#include "kernel/ktest.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "tests/unit/memory_test_util.h"

static struct mhp_state *const mhp = &mt.mhp;

#define B   FAKE_BASE /* memory512 at 128 MiB blocks */
#define BLK (128 * MiB)

static unsigned long next_id(long after)
{
	const struct memory_block *mem = memory_block_next_in(mhp, after);

	return mem ? mem->id : 0;
}

static void block_lookups_survive_removal(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, create_memory_block_devices_in(mhp, B, 8 * BLK, 0, 0, NULL, false),
			    0);
	KTEST_EXPECT_EQ(t, next_id(-1), 512);
	KTEST_EXPECT_EQ(t, next_id(511), 512);
	KTEST_EXPECT_EQ(t, next_id(515), 516);
	/* The last hit (517) goes away with its neighbours. */
	KTEST_ASSERT_NOT_NULL(t, find_memory_block_by_id_in(mhp, 517));
	remove_memory_block_devices_in(mhp, B + 4 * BLK, 3 * BLK);
	KTEST_EXPECT_NULL(t, find_memory_block_by_id_in(mhp, 517));
	KTEST_EXPECT_EQ(t, next_id(515), 519);
	/* Lookups below the last hit still find the lower blocks. */
	KTEST_ASSERT_NOT_NULL(t, find_memory_block_by_id_in(mhp, 513));
	KTEST_EXPECT_EQ(t, next_id(518), 519);
	KTEST_EXPECT_EQ(t, next_id(519), 0);
	/* Refilled in the middle: the list stays sorted. */
	KTEST_ASSERT_INT_EQ(
	    t, create_memory_block_devices_in(mhp, B + 4 * BLK, 3 * BLK, 0, 0, NULL, false), 0);
	KTEST_EXPECT_EQ(t, next_id(515), 516);
	KTEST_EXPECT_EQ(t, next_id(516), 517);
	KTEST_EXPECT_EQ(t, memory_block_count_in(mhp), 8);
	remove_memory_block_devices_in(mhp, B, 8 * BLK);
	KTEST_EXPECT_EQ(t, next_id(-1), 0);
}

struct seen {
	resource_size_t start[8], end[8];
	int n;
};

static int record(struct resource *r, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8) {
		s->start[s->n] = r->start;
		s->end[s->n] = r->end;
	}
	s->n++;
	return 0;
}

/* RAM, a non-RAM window holding RAM, RAM holding RAM (the child is hidden
 * by its matching parent), RAM clipped at the end of the range. */
static void walk_resumes_after_match(struct ktest *t)
{
	const unsigned long ram = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;
	struct resource root = IOMEM_ROOT_INIT;
	struct resource r[] = {
	    {.start = 0x1000, .end = 0x1fff, .name = "System RAM", .flags = ram},
	    {.start = 0x2000, .end = 0x5fff, .name = "window", .flags = IORESOURCE_MEM},
	    {.start = 0x3000, .end = 0x3fff, .name = "System RAM", .flags = ram},
	    {.start = 0x6000, .end = 0x7fff, .name = "System RAM", .flags = ram},
	    {.start = 0x6000, .end = 0x6fff, .name = "System RAM", .flags = ram},
	    {.start = 0x8000, .end = 0x9fff, .name = "System RAM", .flags = ram},
	};
	struct seen s = {0};

	KTEST_ASSERT_INT_EQ(t, request_resource(&root, &r[0]), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&root, &r[1]), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&r[1], &r[2]), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&root, &r[3]), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&r[3], &r[4]), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&root, &r[5]), 0);
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_in(&root, 0x1800, 0x8fff, &s, record), 0);
	KTEST_ASSERT_INT_EQ(t, s.n, 4);
	KTEST_EXPECT_EQ(t, s.start[0], 0x1800);
	KTEST_EXPECT_EQ(t, s.end[0], 0x1fff);
	KTEST_EXPECT_EQ(t, s.start[1], 0x3000);
	KTEST_EXPECT_EQ(t, s.end[1], 0x3fff);
	KTEST_EXPECT_EQ(t, s.start[2], 0x6000);
	KTEST_EXPECT_EQ(t, s.end[2], 0x7fff);
	KTEST_EXPECT_EQ(t, s.start[3], 0x8000);
	KTEST_EXPECT_EQ(t, s.end[3], 0x8fff);
	KTEST_EXPECT_INT_EQ(t, walk_system_ram_res_in(&root, 0x4000, 0x5fff, &s, record), -EINVAL);
	for (int i = 5; i >= 0; i--)
		release_resource(&r[i]);
}

static const struct ktest_case scale_cases[] = {
    KTEST_CASE(block_lookups_survive_removal),
    KTEST_CASE(walk_resumes_after_match),
    {0},
};

static const struct ktest_suite scale_suite = {
    .name = "scale",
    .cases = scale_cases,
    .init = memtest_init,
    .exit = memtest_exit,
};
KTEST_SUITE(scale_suite);
