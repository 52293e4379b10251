/* Suite "crashkernel": the crashkernel= parser (kernel/crash_core.h) with
 * its messages, and x86 Linux 6.1's placement (mm/crashkernel.h) on a fresh
 * memblock laid out like a 1 GiB pc after hotmem's early allocations:
 *
 *   1000-9fbff  100000-3ffdffff RAM; reserved: low 1M, kernel image
 *   100000-3fffff, kalloc heap 3fbe0000-3ffdffff.
 *
 * Each case builds its own memblock, resources and tree. */
#include "kernel/crash_core.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/printk_capture.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/crashkernel.h"
#include "mm/memblock.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)

static struct memblock mb, saved;
static struct resource ck, ck_low;
static char log[1024];

static void pc_1g(bool high_ram)
{
	memblock_init(&mb, 4 * GiB);
	memblock_add(&mb, 0x1000, 0x9ec00);
	memblock_add(&mb, 0x100000, 0x3fee0000);
	if (high_ram)
		memblock_add(&mb, 4 * GiB, GiB);
	memblock_reserve(&mb, 0, MiB, "low 1M");
	memblock_reserve(&mb, 0x100000, 0x300000, "kernel image");
	memblock_reserve(&mb, 0x3fbe0000, 0x400000, "kalloc heap");
}

static int ck_init(struct ktest *t)
{
	pc_1g(false);
	ck = (struct resource){.name = "Crash kernel",
			       .flags = IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM,
			       .desc = IORES_DESC_CRASH_KERNEL};
	ck_low = ck;
	return 0;
}

static void capture(void)
{
	printk_capture_start(log, sizeof(log));
}

static const char *captured(void)
{
	printk_capture_stop();
	return log;
}

/* parse_crashkernel() over a list of values. */
static int parse(const char *const *vals, size_t n, struct crashkernel_spec *spec)
{
	int ret;

	capture();
	ret = parse_crashkernel(vals, n, spec);
	captured();
	return ret;
}

#define PARSE(spec, ...)                          \
	parse((const char *const[]){__VA_ARGS__}, \
	      sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *), spec)

static void simple_forms(struct ktest *t)
{
	struct crashkernel_spec s;

	KTEST_EXPECT_INT_EQ(t, PARSE(&s, "128M"), 0);
	KTEST_EXPECT_EQ(t, s.size, 128 * MiB);
	KTEST_EXPECT_EQ(t, s.base, 0);
	KTEST_EXPECT_FALSE(t, s.high);
	KTEST_EXPECT_STREQ(t, log, "");
	KTEST_EXPECT_INT_EQ(t, PARSE(&s, "64M@0x10000000"), 0);
	KTEST_EXPECT_EQ(t, s.size, 64 * MiB);
	KTEST_EXPECT_EQ(t, s.base, 0x10000000);
	KTEST_EXPECT_INT_EQ(t, PARSE(&s, "0x8000000@256M"), 0);
	KTEST_EXPECT_EQ(t, s.size, 128 * MiB);
	KTEST_EXPECT_EQ(t, s.base, 256 * MiB);
	/* The last plain value counts. */
	KTEST_EXPECT_INT_EQ(t, PARSE(&s, "64M", "96M"), 0);
	KTEST_EXPECT_EQ(t, s.size, 96 * MiB);
	/* 0 asks for nothing, silently. */
	KTEST_EXPECT_INT_EQ(t, PARSE(&s, "0"), -ENOENT);
	KTEST_EXPECT_STREQ(t, log, "");
	KTEST_EXPECT_EQ(t, s.size, 0);
}

/* Malformed values are named and ask for nothing. */
static void malformed_named(struct ktest *t)
{
	static const struct {
		const char *val, *msg;
	} bad[] = {
	    {"", "crashkernel: memory value expected\n"},
	    {"lots", "crashkernel: memory value expected\n"},
	    {"128Mx", "crashkernel: unrecognized char: x\n"},
	    {"128M,foo", "crashkernel: unrecognized char: ,\n"},
	    {"128M@", "crashkernel: memory value expected\n"},
	    {"128M@16Mz", "crashkernel: unrecognized char: z\n"},
	    {"512M-2G:64M,2G-:128M",
	     "crashkernel: the range form (START-[END]:SIZE) is not supported, ignored\n"},
	    {"256M@16M,high", "crashkernel: unrecognized char: @\n"},
	    {",high", "crashkernel: memory value expected\n"},
	    {"x,low", "crashkernel: memory value expected\n"},
	    {"64Mb,low", "crashkernel: unrecognized char: b\n"},
	};
	struct crashkernel_spec s;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		KTEST_EXPECT_INT_EQ(t, PARSE(&s, bad[i].val), -EINVAL);
		KTEST_EXPECT_STREQ(t, log, bad[i].msg);
		KTEST_EXPECT_EQ(t, s.size, 0);
	}
}

/* ",high" is read when the plain form gives nothing (absent, 0 or
 * malformed); ",low" only sets the low part. */
static void high_and_low(struct ktest *t)
{
	struct crashkernel_spec s;

	KTEST_EXPECT_INT_EQ(t, PARSE(&s, "256M,high", "64M,low"), 0);
	KTEST_EXPECT_EQ(t, s.size, 256 * MiB);
	KTEST_EXPECT_TRUE(t, s.high);
	KTEST_EXPECT_TRUE(t, s.low_given);
	KTEST_EXPECT_EQ(t, s.low_size, 64 * MiB);
	KTEST_EXPECT_INT_EQ(t, PARSE(&s, "128M", "256M,high"), 0);
	KTEST_EXPECT_EQ(t, s.size, 128 * MiB);
	KTEST_EXPECT_FALSE(t, s.high);
	KTEST_EXPECT_INT_EQ(t, PARSE(&s, "0", "256M,high"), 0);
	KTEST_EXPECT_EQ(t, s.size, 256 * MiB);
	KTEST_EXPECT_TRUE(t, s.high);
	KTEST_EXPECT_INT_EQ(t, PARSE(&s, "junk", "256M,high"), 0);
	KTEST_EXPECT_STREQ(t, log, "crashkernel: memory value expected\n");
	KTEST_EXPECT_EQ(t, s.size, 256 * MiB);
	KTEST_EXPECT_INT_EQ(t, PARSE(&s, "0,low", "128M,high"), 0);
	KTEST_EXPECT_TRUE(t, s.low_given);
	KTEST_EXPECT_EQ(t, s.low_size, 0);
	/* A low part alone asks for nothing. */
	KTEST_EXPECT_INT_EQ(t, PARSE(&s, "64M,low"), -ENOENT);
	KTEST_EXPECT_EQ(t, s.size, 0);
}

static int reserve(const struct crashkernel_spec *s)
{
	int ret;

	capture();
	ret = reserve_crashkernel_in(&mb, s, &ck, &ck_low);
	captured();
	return ret;
}

/* The reserved list as saved (slots past cnt may hold stale copies). */
static bool mb_unchanged(void)
{
	if (mb.reserved.cnt != saved.reserved.cnt)
		return false;
	for (size_t i = 0; i < mb.reserved.cnt; i++)
		if (mb.reserved.regions[i].base != saved.reserved.regions[i].base ||
		    mb.reserved.regions[i].size != saved.reserved.regions[i].size)
			return false;
	return true;
}

/* crashkernel=128M on the 1 GiB pc: top-down, 16 MiB aligned, below the
 * heap; memblock-reserved, so a later allocation goes elsewhere. */
static void place_below_4g(struct ktest *t)
{
	struct crashkernel_spec s = {.size = 128 * MiB};
	uint64_t later;

	KTEST_ASSERT_INT_EQ(t, reserve(&s), 0);
	KTEST_EXPECT_STREQ(
	    t, log, "Reserving 128MB of memory at 880MB for crashkernel (System RAM: 1023MB)\n");
	KTEST_EXPECT_EQ(t, ck.start, 0x37000000);
	KTEST_EXPECT_EQ(t, ck.end, 0x3effffff);
	KTEST_EXPECT_EQ(t, ck_low.end, 0);
	KTEST_EXPECT_FALSE(t, memblock_is_region_free(&mb, 0x37000000, 128 * MiB));
	later = memblock_phys_alloc(&mb, 16 * MiB, 4096, "later");
	KTEST_EXPECT_TRUE(t, later + 16 * MiB <= 0x37000000 || later > 0x3effffff);
	/* Nothing asked: nothing done. */
	s.size = 0;
	saved = mb;
	KTEST_EXPECT_INT_EQ(t, reserve(&s), 0);
	KTEST_EXPECT_STREQ(t, log, "");
	KTEST_EXPECT_TRUE(t, mb_unchanged());
}

/* SIZE@OFFSET: there or nowhere (taken, or not 1 MiB aligned). */
static void place_at_offset(struct ktest *t)
{
	struct crashkernel_spec s = {.size = 64 * MiB, .base = 0x10000000};

	KTEST_ASSERT_INT_EQ(t, reserve(&s), 0);
	KTEST_EXPECT_EQ(t, ck.start, 0x10000000);
	KTEST_EXPECT_EQ(t, ck.end, 0x13ffffff);
	KTEST_EXPECT_STREQ(
	    t, log, "Reserving 64MB of memory at 256MB for crashkernel (System RAM: 1023MB)\n");
	ck.start = ck.end = 0;
	saved = mb;
	s.base = 0x3e000000; /* runs into the heap */
	KTEST_EXPECT_INT_EQ(t, reserve(&s), -EBUSY);
	KTEST_EXPECT_STREQ(t, log, "crashkernel reservation failed - memory is in use.\n");
	s.base = 0x20080000; /* free, but not 1 MiB aligned */
	KTEST_EXPECT_INT_EQ(t, reserve(&s), -EBUSY);
	s.base = 0x12000000; /* overlaps the first one */
	KTEST_EXPECT_INT_EQ(t, reserve(&s), -EBUSY);
	s.base = ~0ull - MiB; /* wraps */
	KTEST_EXPECT_INT_EQ(t, reserve(&s), -EINVAL);
	KTEST_EXPECT_TRUE(t, mb_unchanged());
	KTEST_EXPECT_EQ(t, ck.end, 0);
}

static void no_room(struct ktest *t)
{
	struct crashkernel_spec s = {.size = 2 * GiB};

	saved = mb;
	KTEST_EXPECT_INT_EQ(t, reserve(&s), -ENOMEM);
	KTEST_EXPECT_STREQ(t, log, "crashkernel reservation failed - No suitable area found.\n");
	KTEST_EXPECT_TRUE(t, mb_unchanged());
	KTEST_EXPECT_EQ(t, ck.end, 0);
}

/* Above 4 GiB (",high", or a plain size that does not fit below): the main
 * part at the top, and a low part, 256 MiB by default, below 4 GiB. */
static void place_high_with_low(struct ktest *t)
{
	struct crashkernel_spec s = {.size = 256 * MiB, .high = true};

	pc_1g(true);
	KTEST_ASSERT_INT_EQ(t, reserve(&s), 0);
	KTEST_EXPECT_STREQ(t, log,
			   "Reserving 256MB of low memory at 752MB for crashkernel (low RAM limit: "
			   "2047MB)\n"
			   "Reserving 256MB of memory at 4864MB for crashkernel (System RAM: "
			   "2047MB)\n");
	KTEST_EXPECT_EQ(t, ck.start, 0x130000000);
	KTEST_EXPECT_EQ(t, ck.end, 0x13fffffff);
	KTEST_EXPECT_EQ(t, ck_low.start, 0x2f000000);
	KTEST_EXPECT_EQ(t, ck_low.end, 0x3effffff);

	/* A plain 1 GiB does not fit below 4 GiB: it goes high, low part too. */
	pc_1g(true);
	ck.start = ck.end = ck_low.start = ck_low.end = 0;
	s = (struct crashkernel_spec){.size = GiB};
	KTEST_ASSERT_INT_EQ(t, reserve(&s), 0);
	KTEST_EXPECT_EQ(t, ck.start, 4 * GiB);
	KTEST_EXPECT_EQ(t, ck_low.start, 0x2f000000);

	/* crashkernel=0,low: no low part. */
	pc_1g(true);
	ck.start = ck.end = ck_low.start = ck_low.end = 0;
	s = (struct crashkernel_spec){.size = 256 * MiB, .high = true, .low_given = true};
	KTEST_ASSERT_INT_EQ(t, reserve(&s), 0);
	KTEST_EXPECT_EQ(t, ck.start, 0x130000000);
	KTEST_EXPECT_EQ(t, ck_low.end, 0);
}

/* The low part does not fit: the main part is given back. */
static void low_part_fails(struct ktest *t)
{
	struct crashkernel_spec s = {
	    .size = 256 * MiB, .high = true, .low_given = true, .low_size = 2 * GiB};

	pc_1g(true);
	saved = mb;
	KTEST_EXPECT_INT_EQ(t, reserve(&s), -ENOMEM);
	KTEST_EXPECT_STREQ(
	    t, log, "Cannot reserve 2048MB crashkernel low memory, please try smaller size.\n");
	KTEST_EXPECT_TRUE(t, mb_unchanged());
	KTEST_EXPECT_EQ(t, ck.end, 0);
	KTEST_EXPECT_EQ(t, ck_low.end, 0);
}

/* In the tree: "Crash kernel" nests in its System RAM, next to the kernel;
 * an unreserved one (end 0) is not inserted. */
static void resources_nest(struct ktest *t)
{
	static struct resource root = IOMEM_ROOT_INIT;
	static struct resource ram = {.start = 0x100000,
				      .end = 0x3ffdffff,
				      .name = "System RAM",
				      .flags = IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM};
	static struct resource code = {.start = 0x100000,
				       .end = 0x1fffff,
				       .name = "Kernel code",
				       .flags = IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM};
	static char text[256];

	root = (struct resource)IOMEM_ROOT_INIT;
	ram.parent = ram.sibling = ram.child = NULL;
	code.parent = code.sibling = code.child = NULL;
	KTEST_ASSERT_INT_EQ(t, insert_resource(&root, &ram), 0);
	KTEST_ASSERT_INT_EQ(t, insert_resource(&root, &code), 0);
	ck.start = 0x37000000;
	ck.end = 0x3effffff;
	KTEST_ASSERT_INT_EQ(t, crashkernel_insert_resources(&root, &ck, &ck_low), 0);
	iomem_render(&root, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text,
			   "00100000-3ffdffff : System RAM\n"
			   "  00100000-001fffff : Kernel code\n"
			   "  37000000-3effffff : Crash kernel\n");
	KTEST_EXPECT_TRUE(t, ck_low.parent == NULL);
	KTEST_EXPECT_INT_EQ(t, release_resource(&ck), 0);
	KTEST_EXPECT_INT_EQ(t, release_resource(&code), 0);
	KTEST_EXPECT_INT_EQ(t, release_resource(&ram), 0);
}

static const struct ktest_case crashkernel_cases[] = {
    KTEST_CASE(simple_forms),	     KTEST_CASE(malformed_named),
    KTEST_CASE(high_and_low),	     KTEST_CASE(place_below_4g),
    KTEST_CASE(place_at_offset),     KTEST_CASE(no_room),
    KTEST_CASE(place_high_with_low), KTEST_CASE(low_part_fails),
    KTEST_CASE(resources_nest),	     {0},
};

static const struct ktest_suite crashkernel_suite = {
    .name = "crashkernel",
    .cases = crashkernel_cases,
    .init = ck_init,
};
KTEST_SUITE(crashkernel_suite);
