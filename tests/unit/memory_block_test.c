/* Suite "memory_block": the x86 block size rule, memory block creation,
 * lookup and walks, online/offline through the arch ops (fake machine),
 * memory groups, and the /sys/devices/system/memory texts, reads and writes.
 *
 * Reference texts: Linux 6.1 under QEMU 7.2 (tests/golden/linux/
 * acpi-dimm/hotplug/{1-boot,2-after-device_add-dimm1}/memory_blocks.txt).
 * Each case runs on a fresh world of its own (memory_test_util.h fixture);
 * buffers are static because the cases also run on the kernel stack. */
#include "drivers/firmware/memmap.h"
#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/pseudofs.h"
#include "kernel/resource.h"
#include "kernel/views.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "tests/unit/memory_test_util.h"

/* The world of the current case (memory_test_util.h). */
static struct mhp_state *const mhp = &mt.mhp;

#define B	 FAKE_BASE			 /* 0x1000000000, memory512 */
#define BLK	 (128 * MiB)			 /* the default block size */
#define ID(addr) ((unsigned long)((addr) / BLK)) /* block id at 128 MiB */

static char text[4096], before[4096];
static char val[64];

/* memoryN/<name> as text, or "ERR <errno>". */
static const char *attr(unsigned long id, const char *name)
{
	int n = memory_block_attr_show_in(mhp, id, name, val, sizeof(val));

	if (n < 0)
		snprintf(val, sizeof(val), "ERR %d", n);
	return val;
}

static const char *blocks(void)
{
	memory_blocks_render_debug_in(mhp, text, sizeof(text));
	return text;
}

static const char *arch(void)
{
	fake_arch_render(text, sizeof(text));
	return text;
}

/* Creates nr real, mapped (on the fake) offline blocks at start. */
static int make_blocks(uint64_t start, unsigned int nr)
{
	int ret = fake_arch_ops.add_memory(start, nr * BLK);

	if (ret)
		return ret;
	return create_memory_block_devices_in(mhp, start, nr * BLK, 0, 0, NULL, false);
}

/* ---- block size ---- */

struct probe_row {
	uint64_t boot_mem_end;
	bool hypervisor;
	uint64_t override;
	uint64_t want;
	const char *log;
};

static const struct probe_row probe_rows[] = {
    /* The captures: 512 MiB VM. */
    {512 * MiB, true, 0, 128 * MiB, "x86/mm: Memory block size: 128MB\n"},
    {63 * GiB, false, 0, 128 * MiB, "x86/mm: Memory block size: 128MB\n"},
    /* 64 GiB and up: bare metal takes the largest blocks. */
    {64 * GiB, false, 0, 2 * GiB, "x86/mm: Memory block size: 2048MB\n"},
    {64 * GiB + 128 * MiB, false, 0, 2 * GiB, "x86/mm: Memory block size: 2048MB\n"},
    /* VMs: the largest power of two <= 2 GiB dividing the end. */
    {64 * GiB, true, 0, 2 * GiB, "x86/mm: Memory block size: 2048MB\n"},
    {96 * GiB, true, 0, 2 * GiB, "x86/mm: Memory block size: 2048MB\n"},
    {65 * GiB, true, 0, 1 * GiB, "x86/mm: Memory block size: 1024MB\n"},
    {64 * GiB + 256 * MiB, true, 0, 256 * MiB, "x86/mm: Memory block size: 256MB\n"},
    {64 * GiB + 384 * MiB, true, 0, 128 * MiB, "x86/mm: Memory block size: 128MB\n"},
    {64 * GiB + 4096, true, 0, 128 * MiB, "x86/mm: Memory block size: 128MB\n"},
    /* A valid override wins whatever the memory. */
    {512 * MiB, true, 256 * MiB, 256 * MiB, "x86/mm: Memory block size: 256MB\n"},
    {128 * GiB, false, 64 * GiB, 64 * GiB, "x86/mm: Memory block size: 65536MB\n"},
    {128 * GiB, false, 128 * MiB, 128 * MiB, "x86/mm: Memory block size: 128MB\n"},
    /* Invalid overrides are ignored, with a message. */
    {512 * MiB, true, 384 * MiB, 128 * MiB,
     "x86/mm: memory_block_size=0x18000000 ignored: not a power of two from 128MB to 64GB\n"
     "x86/mm: Memory block size: 128MB\n"},
    {512 * MiB, false, 64 * MiB, 128 * MiB,
     "x86/mm: memory_block_size=0x4000000 ignored: not a power of two from 128MB to 64GB\n"
     "x86/mm: Memory block size: 128MB\n"},
    {64 * GiB, false, 128 * GiB, 2 * GiB,
     "x86/mm: memory_block_size=0x2000000000 ignored: not a power of two from 128MB to 64GB\n"
     "x86/mm: Memory block size: 2048MB\n"},
};

static void probe_block_size_rule(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(probe_rows); i++) {
		const struct probe_row *r = &probe_rows[i];
		uint64_t got;

		memtest_capture_start();
		got = probe_memory_block_size(r->boot_mem_end, r->hypervisor, r->override);
		KTEST_EXPECT_STREQ(t, memtest_capture_stop(), r->log);
		KTEST_EXPECT_EQ(t, got, r->want);
		if (t->status == KTEST_FAIL) {
			ktest_info(t, "row %zu: end %#llx hv %d override %#llx", i,
				   (unsigned long long)r->boot_mem_end, r->hypervisor,
				   (unsigned long long)r->override);
			return;
		}
	}
	/* Pure: no state's block size is touched. */
	KTEST_EXPECT_EQ(t, memory_block_size_bytes_in(mhp), 128 * MiB);
}

/* memory_block_size=: 0, a bare key and a word that is no size are named,
 * never ignored silently; a size passes through for the rule to judge. */
static void block_size_request_named(struct ktest *t)
{
	memtest_capture_start();
	KTEST_EXPECT_EQ(t, memory_block_size_request(NULL), 0);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(), "");
	memtest_capture_start();
	KTEST_EXPECT_EQ(t, memory_block_size_request("0"), 0);
	KTEST_EXPECT_STREQ(
	    t, memtest_capture_stop(),
	    "x86/mm: memory_block_size=0 ignored: not a power of two from 128MB to 64GB\n");
	memtest_capture_start();
	KTEST_EXPECT_EQ(t, memory_block_size_request(""), 0);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(),
			   "x86/mm: memory_block_size= ignored: not a size\n");
	memtest_capture_start();
	KTEST_EXPECT_EQ(t, memory_block_size_request("1Gx"), 0);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(),
			   "x86/mm: memory_block_size=1Gx ignored: not a size\n");
	memtest_capture_start();
	KTEST_EXPECT_EQ(t, memory_block_size_request("256M"), 256 * MiB);
	KTEST_EXPECT_EQ(t, memory_block_size_request("3M"), 3 * MiB);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(), "");
}

static void block_size_set_and_show(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, memory_block_size_bytes_in(mhp), 128 * MiB);
	KTEST_EXPECT_INT_EQ(t, block_size_bytes_show_in(mhp, val, sizeof(val)), 8);
	KTEST_EXPECT_STREQ(t, val, "8000000\n");
	KTEST_EXPECT_INT_EQ(t, set_memory_block_size_in(mhp, 2 * GiB), 0);
	block_size_bytes_show_in(mhp, val, sizeof(val));
	KTEST_EXPECT_STREQ(t, val, "80000000\n");
	KTEST_EXPECT_EQ(t, phys_to_block_id(mhp, B), 32);
	KTEST_EXPECT_INT_EQ(t, set_memory_block_size_in(mhp, 384 * MiB), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, set_memory_block_size_in(mhp, 64 * MiB), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, set_memory_block_size_in(mhp, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, memory_block_size_bytes_in(mhp), 2 * GiB);
	/* Ids of existing blocks would change meaning. */
	KTEST_ASSERT_INT_EQ(t, create_memory_block_devices_in(mhp, B, 2 * GiB, 0, 0, NULL, true),
			    0);
	KTEST_EXPECT_INT_EQ(t, set_memory_block_size_in(mhp, 128 * MiB), -EBUSY);
	remove_memory_block_devices_in(mhp, B, 2 * GiB);
	KTEST_EXPECT_INT_EQ(t, set_memory_block_size_in(mhp, 128 * MiB), 0);
}

/* ---- create, lookup, walk ---- */

static void create_lookup_and_order(struct ktest *t)
{
	const struct memory_block *mem;

	KTEST_ASSERT_INT_EQ(
	    t, create_memory_block_devices_in(mhp, B + 1 * GiB, 2 * BLK, 0, 0, NULL, false), 0);
	/* A second run below the first one keeps the list sorted. */
	KTEST_ASSERT_INT_EQ(t, create_memory_block_devices_in(mhp, B, BLK, 0, 512, NULL, true), 0);
	KTEST_EXPECT_EQ(t, memory_block_count_in(mhp), 3);
	KTEST_EXPECT_STREQ(t, blocks(),
			   "memory512 offline offline - 0 -1 512 1 0\n"
			   "memory520 offline offline - 0 -1 0 0 0\n"
			   "memory521 offline offline - 0 -1 0 0 0\n");
	mem = find_memory_block_by_id_in(mhp, ID(B + 1 * GiB + BLK));
	KTEST_ASSERT_NOT_NULL(t, mem);
	KTEST_EXPECT_EQ(t, mem->id, 521);
	KTEST_EXPECT_EQ(t, memory_block_start(mhp, mem), B + 1 * GiB + BLK);
	KTEST_EXPECT_EQ(t, mem->state, MEM_OFFLINE);
	KTEST_EXPECT_EQ(t, mem->online_type, MMOP_OFFLINE);
	KTEST_EXPECT_TRUE(t, find_memory_block_in(mhp, B + 1 * GiB + BLK + 12345) == mem);
	KTEST_EXPECT_NULL(t, find_memory_block_in(mhp, B + BLK));
	KTEST_EXPECT_NULL(t, find_memory_block_by_id_in(mhp, 0));
	remove_memory_block_devices_in(mhp, B, 2 * GiB);
	KTEST_EXPECT_EQ(t, memory_block_count_in(mhp), 0);
}

static void create_is_all_or_nothing(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(
	    t, create_memory_block_devices_in(mhp, B + 2 * BLK, BLK, 0, 0, NULL, false), 0);
	memory_blocks_render_debug_in(mhp, before, sizeof(before));
	/* One existing block in the middle of the range: nothing is created. */
	KTEST_EXPECT_INT_EQ(t, create_memory_block_devices_in(mhp, B, 4 * BLK, 0, 0, NULL, false),
			    -EEXIST);
	KTEST_EXPECT_STREQ(t, blocks(), before);
	KTEST_EXPECT_INT_EQ(
	    t, create_memory_block_devices_in(mhp, B + 4096, BLK, 0, 0, NULL, false), -EINVAL);
	KTEST_EXPECT_INT_EQ(
	    t, create_memory_block_devices_in(mhp, B, BLK + 4096, 0, 0, NULL, false), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, create_memory_block_devices_in(mhp, B, 0, 0, 0, NULL, false),
			    -EINVAL);
	KTEST_EXPECT_INT_EQ(
	    t, create_memory_block_devices_in(mhp, 0ULL - BLK, BLK, 0, 0, NULL, false), -EINVAL);
	/* Each of the three allocations failing leaves nothing behind. */
	for (unsigned int n = 1; n <= 4; n++) {
		int ret;

		kalloc_fail_nth(n);
		ret = create_memory_block_devices_in(mhp, B + 4 * BLK, 3 * BLK, 0, 0, NULL, false);
		kalloc_fail_nth(0);
		if (n <= 3) {
			KTEST_EXPECT_INT_EQ(t, ret, -ENOMEM);
			KTEST_EXPECT_STREQ(t, blocks(), before);
		} else {
			KTEST_EXPECT_INT_EQ(t, ret, 0);
			KTEST_EXPECT_EQ(t, memory_block_count_in(mhp), 4);
		}
	}
}

struct walk_log {
	char ids[128];
	int len;
	unsigned long stop_at;
};

static int walk_cb(struct memory_block *mem, void *arg)
{
	struct walk_log *w = arg;

	w->len += snprintf(w->ids + w->len, sizeof(w->ids) - (size_t)w->len, "%lu ", mem->id);
	return mem->id == w->stop_at ? 42 : 0;
}

static void walk_memory_blocks_ranges(struct ktest *t)
{
	static struct walk_log w;

	KTEST_ASSERT_INT_EQ(t, create_memory_block_devices_in(mhp, B, 2 * BLK, 0, 0, NULL, true),
			    0);
	KTEST_ASSERT_INT_EQ(
	    t, create_memory_block_devices_in(mhp, B + 3 * BLK, 2 * BLK, 0, 0, NULL, true), 0);
	/* Holes are skipped, order is by id. */
	memset(&w, 0, sizeof(w));
	KTEST_EXPECT_INT_EQ(t, walk_memory_blocks_in(mhp, B, 8 * BLK, &w, walk_cb), 0);
	KTEST_EXPECT_STREQ(t, w.ids, "512 513 515 516 ");
	/* Only blocks that intersect the range, also partially. */
	memset(&w, 0, sizeof(w));
	KTEST_EXPECT_INT_EQ(t, walk_memory_blocks_in(mhp, B + BLK + 4096, BLK + 8192, &w, walk_cb),
			    0);
	KTEST_EXPECT_STREQ(t, w.ids, "513 ");
	/* A non-zero return stops the walk and comes back. */
	memset(&w, 0, sizeof(w));
	w.stop_at = 515;
	KTEST_EXPECT_INT_EQ(t, walk_memory_blocks_in(mhp, B, 8 * BLK, &w, walk_cb), 42);
	KTEST_EXPECT_STREQ(t, w.ids, "512 513 515 ");
	memset(&w, 0, sizeof(w));
	KTEST_EXPECT_INT_EQ(t, walk_memory_blocks_in(mhp, B, 0, &w, walk_cb), 0);
	KTEST_EXPECT_STREQ(t, w.ids, "");
	memset(&w, 0, sizeof(w));
	KTEST_EXPECT_INT_EQ(t, for_each_memory_block_in(mhp, &w, walk_cb), 0);
	KTEST_EXPECT_STREQ(t, w.ids, "512 513 515 516 ");
}

/* ---- online / offline ---- */

static void online_offline_texts(struct ktest *t)
{
	const unsigned long id = ID(B + 4 * BLK);
	struct memory_block *mem;

	KTEST_ASSERT_INT_EQ(t, make_blocks(B + 4 * BLK, 1), 0);
	mem = find_memory_block_by_id_in(mhp, id);
	KTEST_ASSERT_NOT_NULL(t, mem);
	KTEST_EXPECT_STREQ(t, attr(id, "state"), "offline\n");
	KTEST_EXPECT_STREQ(t, attr(id, "online"), "0\n");
	KTEST_EXPECT_STREQ(t, attr(id, "phys_index"), "00000204\n");
	KTEST_EXPECT_STREQ(t, attr(id, "phys_device"), "0\n");
	KTEST_EXPECT_STREQ(t, attr(id, "removable"), "1\n");
	KTEST_EXPECT_STREQ(t, attr(id, "valid_zones"), "Normal Movable\n");
	KTEST_EXPECT_STREQ(t, attr(id, "node"), "ERR -2");
	KTEST_EXPECT_STREQ(t, attr(id + 1, "state"), "ERR -2");

	KTEST_ASSERT_INT_EQ(t, memory_block_online_in(mhp, mem, MMOP_ONLINE_KERNEL), 0);
	KTEST_EXPECT_STREQ(t, attr(id, "state"), "online\n");
	KTEST_EXPECT_STREQ(t, attr(id, "online"), "1\n");
	KTEST_EXPECT_STREQ(t, attr(id, "valid_zones"), "Normal\n");
	KTEST_EXPECT_STREQ(t, arch(), "unit 1020000000: mapped online meta=0\n");
	KTEST_EXPECT_INT_EQ(t, memory_block_online_in(mhp, mem, MMOP_ONLINE_KERNEL), -EINVAL);

	KTEST_ASSERT_INT_EQ(t, memory_block_offline_in(mhp, mem), 0);
	KTEST_EXPECT_STREQ(t, attr(id, "state"), "offline\n");
	KTEST_EXPECT_STREQ(t, arch(), "unit 1020000000: mapped meta=0\n");
	KTEST_EXPECT_INT_EQ(t, memory_block_offline_in(mhp, mem), -EINVAL);

	KTEST_ASSERT_INT_EQ(t, memory_block_online_in(mhp, mem, MMOP_ONLINE_MOVABLE), 0);
	KTEST_EXPECT_STREQ(t, attr(id, "valid_zones"), "Movable\n");
	KTEST_EXPECT_STREQ(t, blocks(), "memory516 online online_movable Movable 0 -1 0 0 0\n");
	KTEST_ASSERT_INT_EQ(t, memory_block_offline_in(mhp, mem), 0);
	KTEST_ASSERT_INT_EQ(t, memory_block_online_in(mhp, mem, MMOP_ONLINE), 0);
	KTEST_EXPECT_STREQ(t, attr(id, "valid_zones"), "Normal\n");
	KTEST_EXPECT_INT_EQ(t, memory_block_offline_in(mhp, mem), 0);
	KTEST_EXPECT_INT_EQ(t, memory_block_online_in(mhp, mem, MMOP_OFFLINE), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, memory_block_online_in(mhp, mem, 7), -EINVAL);
	KTEST_EXPECT_EQ(t, fake.calls_online, 3);
	KTEST_EXPECT_EQ(t, fake.calls_offline, 3);
}

static void offline_refused_while_page_in_use(struct ktest *t)
{
	struct memory_block *mem;

	KTEST_ASSERT_INT_EQ(t, make_blocks(B + 4 * BLK, 1), 0);
	mem = find_memory_block_in(mhp, B + 4 * BLK);
	KTEST_ASSERT_INT_EQ(t, memory_block_online_in(mhp, mem, MMOP_ONLINE_MOVABLE), 0);
	fake_mark_busy(B + 4 * BLK + 5 * PAGE_SIZE, true);
	memory_blocks_render_debug_in(mhp, before, sizeof(before));
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, memory_block_offline_in(mhp, mem), -EBUSY);
	KTEST_EXPECT_STREQ(
	    t, memtest_capture_stop(),
	    "memory offlining [mem 0x1020000000-0x1027ffffff] failed due to EBUSY\n");
	KTEST_EXPECT_STREQ(t, blocks(), before);
	KTEST_EXPECT_STREQ(t, arch(), "unit 1020000000: mapped online meta=0 busy\n");
	fake_mark_busy(B + 4 * BLK + 5 * PAGE_SIZE, false);
	KTEST_EXPECT_INT_EQ(t, memory_block_offline_in(mhp, mem), 0);
}

static char seen_state[32], seen_online[8];

static void look_during_offline(uint64_t start_pfn)
{
	unsigned long id = phys_to_block_id(mhp, start_pfn << PAGE_SHIFT);

	memory_block_attr_show_in(mhp, id, "state", seen_state, sizeof(seen_state));
	memory_block_attr_show_in(mhp, id, "online", seen_online, sizeof(seen_online));
}

static void going_offline_while_offlining(struct ktest *t)
{
	struct memory_block *mem;

	KTEST_ASSERT_INT_EQ(t, make_blocks(B, 1), 0);
	mem = find_memory_block_in(mhp, B);
	KTEST_ASSERT_INT_EQ(t, memory_block_online_in(mhp, mem, MMOP_ONLINE_KERNEL), 0);
	fake.offline_hook = look_during_offline;
	KTEST_EXPECT_INT_EQ(t, memory_block_offline_in(mhp, mem), 0);
	KTEST_EXPECT_STREQ(t, seen_state, "going-offline\n");
	/* The device is not offline until it is done. */
	KTEST_EXPECT_STREQ(t, seen_online, "1\n");
	KTEST_EXPECT_STREQ(t, attr(mem->id, "state"), "offline\n");
}

static void online_failure_leaves_block_offline(struct ktest *t)
{
	struct memory_block *mem;

	KTEST_ASSERT_INT_EQ(t, make_blocks(B + 4 * BLK, 1), 0);
	mem = find_memory_block_in(mhp, B + 4 * BLK);
	memory_blocks_render_debug_in(mhp, before, sizeof(before));
	fake.fail_online_nth = 1;
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, memory_block_online_in(mhp, mem, MMOP_ONLINE), -ENOMEM);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(),
			   "online_pages [mem 0x1020000000-0x1027ffffff] failed\n");
	KTEST_EXPECT_STREQ(t, blocks(), before);
	/* The allocator's heap bitmap cannot be allocated. */
	memtest_capture_start();
	kalloc_fail_nth(1);
	KTEST_EXPECT_INT_EQ(t, memory_block_online_in(mhp, mem, MMOP_ONLINE), -ENOMEM);
	kalloc_fail_nth(0);
	memtest_capture_stop();
	KTEST_EXPECT_STREQ(t, blocks(), before);
	KTEST_EXPECT_STREQ(t, arch(), "unit 1020000000: mapped meta=0\n");
	KTEST_EXPECT_INT_EQ(t, memory_block_online_in(mhp, mem, MMOP_ONLINE), 0);
}

static void phantom_block_is_bookkeeping_only(struct ktest *t)
{
	struct memory_block *mem;

	KTEST_ASSERT_INT_EQ(t, create_memory_block_devices_in(mhp, B, BLK, 0, 0, NULL, true), 0);
	mem = find_memory_block_in(mhp, B);
	KTEST_ASSERT_INT_EQ(t, memory_block_online_in(mhp, mem, MMOP_ONLINE_MOVABLE), 0);
	KTEST_EXPECT_STREQ(t, attr(mem->id, "state"), "online\n");
	KTEST_EXPECT_STREQ(t, attr(mem->id, "valid_zones"), "Movable\n");
	KTEST_EXPECT_INT_EQ(t, memory_block_offline_in(mhp, mem), 0);
	/* No page was handed to (or taken from) the allocator. */
	KTEST_EXPECT_EQ(t, fake.calls_online, 0);
	KTEST_EXPECT_EQ(t, fake.calls_offline, 0);
	KTEST_EXPECT_STREQ(t, arch(), "");
}

static void memmap_on_memory_block(struct ktest *t)
{
	const uint64_t vm = FAKE_MEMMAP_PAGES(BLK >> PAGE_SHIFT);
	struct memory_block *mem;
	unsigned int allocs;

	KTEST_EXPECT_EQ(t, vm, 512);
	KTEST_ASSERT_INT_EQ(t, fake_arch_ops.add_memory(B, BLK), 0);
	KTEST_ASSERT_INT_EQ(t, create_memory_block_devices_in(mhp, B, BLK, 0, vm, NULL, false), 0);
	mem = find_memory_block_in(mhp, B);
	kalloc_fail_nth(0);
	KTEST_ASSERT_INT_EQ(t, memory_block_online_in(mhp, mem, MMOP_ONLINE), 0);
	allocs = kalloc_count();
	/* The bitmap lives in the block's first pages: no heap needed. */
	KTEST_EXPECT_EQ(t, allocs, 0);
	KTEST_EXPECT_STREQ(t, arch(), "unit 1000000000: mapped online meta=512\n");
	KTEST_EXPECT_STREQ(t, blocks(), "memory512 online online Normal 0 -1 512 0 0\n");
	KTEST_EXPECT_INT_EQ(t, memory_block_offline_in(mhp, mem), 0);
}

/* Linux 6.1, -m 512M,slots=4,maxmem=4G, memhp_default_state=online, after
 * device_add of a 256 MiB pc-dimm at 4 GiB (acpi-dimm/hotplug/2-...). */
static const char dimm_capture[] =
    "block_size_bytes 8000000\n"
    "auto_online_blocks online\n"
    "# name state phys_index valid_zones removable phys_device node\n"
    "memory0 online 00000000 none 1 0 node0\n"
    "memory1 online 00000001 DMA32 1 0 node0\n"
    "memory2 online 00000002 DMA32 1 0 node0\n"
    "memory3 online 00000003 DMA32 1 0 node0\n"
    "memory32 online 00000020 Normal 1 0 node0\n"
    "memory33 online 00000021 Normal 1 0 node0\n";

static void boot_blocks_and_linux_capture(struct ktest *t)
{
	mhp_set_default_online_type_in(mhp, MMOP_ONLINE);
	/* The e820 RAM of the capture machine. */
	KTEST_ASSERT_INT_EQ(t, memory_blocks_add_boot_in(mhp, 0, 0x9fc00, 0), 0);
	KTEST_ASSERT_INT_EQ(t, memory_blocks_add_boot_in(mhp, 0x100000, 0x1ffe0000 - 0x100000, 0),
			    0);
	KTEST_EXPECT_EQ(t, memory_block_count_in(mhp), 4);
	/* The DIMM, bookkept only (phantom): the fake does not cover 4 GiB. */
	KTEST_ASSERT_INT_EQ(
	    t, create_memory_block_devices_in(mhp, 4 * GiB, 256 * MiB, 0, 0, NULL, true), 0);
	walk_memory_blocks_in(mhp, 4 * GiB, 256 * MiB, mhp, online_memory_block);
	KTEST_EXPECT_INT_EQ(t, memory_blocks_render_table_in(mhp, text, sizeof(text)),
			    (int)sizeof(dimm_capture) - 1);
	KTEST_EXPECT_STREQ(t, text, dimm_capture);
	/* Boot memory stays: spanning zones -> -EINVAL, else -EBUSY. */
	KTEST_EXPECT_INT_EQ(t, memory_block_offline_in(mhp, find_memory_block_by_id_in(mhp, 0)),
			    -EINVAL);
	KTEST_EXPECT_INT_EQ(t, memory_block_offline_in(mhp, find_memory_block_by_id_in(mhp, 1)),
			    -EBUSY);
	KTEST_EXPECT_INT_EQ(t, memory_block_attr_store_in(mhp, 3, "state", "offline"), -EBUSY);
	KTEST_EXPECT_INT_EQ(t, memory_block_attr_store_in(mhp, 3, "online", "0"), -EBUSY);
	KTEST_EXPECT_STREQ(t, attr(3, "state"), "online\n");
	/* A boot block above 4 GiB is Normal. */
	KTEST_ASSERT_INT_EQ(t, memory_blocks_add_boot_in(mhp, 8 * GiB, 4096, 0), 0);
	KTEST_EXPECT_STREQ(t, attr(64, "valid_zones"), "Normal\n");
	/* Allocation failure leaves no boot block behind. */
	kalloc_fail_nth(2);
	KTEST_EXPECT_INT_EQ(t, memory_blocks_add_boot_in(mhp, 16 * GiB, 3 * BLK, 0), -ENOMEM);
	kalloc_fail_nth(0);
	KTEST_EXPECT_EQ(t, memory_block_count_in(mhp), 7);
}

/* ---- sysfs writes ---- */

struct store_row {
	const char *attr, *buf;
	int ret;
	const char *state_after;
};

/* One real block, starting offline; rows run in order. */
static const struct store_row store_rows[] = {
    {"state", "online_movable", 0, "online\n"},
    {"state", "online", -EINVAL, "online\n"}, /* already online */
    {"state", "offline\n", 0, "offline\n"},
    {"state", "offline", -EINVAL, "offline\n"}, /* already offline */
    {"state", "bogus", -EINVAL, "offline\n"},
    {"state", "Online", -EINVAL, "offline\n"},
    {"state", "online\n\n", -EINVAL, "offline\n"},
    {"state", "online_kernel\n", 0, "online\n"},
    {"online", "1", 0, "online\n"}, /* already online: fine here */
    {"online", "0", 0, "offline\n"},
    {"online", "0", 0, "offline\n"},
    {"online", "x", -EINVAL, "offline\n"},
    {"online", "", -EINVAL, "offline\n"},
    {"online", "on", 0, "online\n"},
    {"online", "off", 0, "offline\n"},
    {"online", "y", 0, "online\n"},
    {"online", "N\n", 0, "offline\n"},
    {"phys_index", "1", -EPERM, "offline\n"},
    {"valid_zones", "Normal", -EPERM, "offline\n"},
    {"nosuch", "1", -ENOENT, "offline\n"},
};

static void state_and_online_stores(struct ktest *t)
{
	const unsigned long id = ID(B);
	size_t i;

	KTEST_ASSERT_INT_EQ(t, make_blocks(B, 1), 0);
	for (i = 0; i < ARRAY_SIZE(store_rows); i++) {
		const struct store_row *r = &store_rows[i];

		KTEST_EXPECT_INT_EQ(t, memory_block_attr_store_in(mhp, id, r->attr, r->buf),
				    r->ret);
		KTEST_EXPECT_STREQ(t, attr(id, "state"), r->state_after);
		if (t->status == KTEST_FAIL) {
			ktest_info(t, "row %zu: %s <- \"%s\"", i, r->attr, r->buf);
			return;
		}
	}
	/* The zone follows the word written to state. */
	KTEST_EXPECT_INT_EQ(t, memory_block_attr_store_in(mhp, id, "state", "online_movable"), 0);
	KTEST_EXPECT_STREQ(t, attr(id, "valid_zones"), "Movable\n");
	/* Offline refused: the error comes back, the block stays. */
	fake_mark_busy(B, true);
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, memory_block_attr_store_in(mhp, id, "state", "offline"), -EBUSY);
	KTEST_EXPECT_INT_EQ(t, memory_block_attr_store_in(mhp, id, "online", "0"), -EBUSY);
	memtest_capture_stop();
	KTEST_EXPECT_STREQ(t, attr(id, "state"), "online\n");
	fake_mark_busy(B, false);
	KTEST_EXPECT_INT_EQ(t, memory_block_attr_store_in(mhp, id, "online", "0"), 0);
	KTEST_EXPECT_INT_EQ(t, memory_block_attr_store_in(mhp, id + 1, "online", "1"), -ENOENT);
}

static void auto_online_blocks_file(struct ktest *t)
{
	KTEST_EXPECT_INT_EQ(t, auto_online_blocks_show_in(mhp, val, sizeof(val)), 8);
	KTEST_EXPECT_STREQ(t, val, "offline\n");
	KTEST_EXPECT_INT_EQ(t, auto_online_blocks_store_in(mhp, "online_movable"), 0);
	auto_online_blocks_show_in(mhp, val, sizeof(val));
	KTEST_EXPECT_STREQ(t, val, "online_movable\n");
	KTEST_EXPECT_INT_EQ(t, auto_online_blocks_store_in(mhp, "online_kernel\n"), 0);
	auto_online_blocks_show_in(mhp, val, sizeof(val));
	KTEST_EXPECT_STREQ(t, val, "online_kernel\n");
	KTEST_EXPECT_INT_EQ(t, auto_online_blocks_store_in(mhp, "online"), 0);
	auto_online_blocks_show_in(mhp, val, sizeof(val));
	KTEST_EXPECT_STREQ(t, val, "online\n");
	KTEST_EXPECT_INT_EQ(t, auto_online_blocks_store_in(mhp, "movable"), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, auto_online_blocks_store_in(mhp, ""), -EINVAL);
	KTEST_EXPECT_EQ(t, mhp_get_default_online_type_in(mhp), MMOP_ONLINE);
	KTEST_EXPECT_INT_EQ(t, auto_online_blocks_store_in(mhp, "offline"), 0);
	KTEST_EXPECT_EQ(t, mhp_get_default_online_type_in(mhp), MMOP_OFFLINE);
}

static void probe_file(struct ktest *t)
{
	KTEST_EXPECT_INT_EQ(t, memory_probe_store_in(mhp, "0x1020000000"), 0);
	iomem_render(&mt.iomem, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, "1020000000-1027ffffff : System RAM\n");
	firmware_map_render_table_in(&mt.fwmap, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, "# N start end type\n0 0x1020000000 0x1027ffffff System RAM\n");
	KTEST_EXPECT_STREQ(t, blocks(), "memory516 offline offline - 0 -1 0 0 0\n");
	KTEST_EXPECT_STREQ(t, arch(), "unit 1020000000: mapped meta=0\n");
	/* Not block-aligned, not a number, too big: nothing happens. */
	KTEST_EXPECT_INT_EQ(t, memory_probe_store_in(mhp, "0x1028001000"), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, memory_probe_store_in(mhp, "junk"), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, memory_probe_store_in(mhp, "0x1028000000 "), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, memory_probe_store_in(mhp, "0x1ffffffffffffffff"), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, memory_block_count_in(mhp), 1);
	/* Decimal and a trailing newline work (kstrtoull base 0). */
	KTEST_EXPECT_INT_EQ(t, memory_probe_store_in(mhp, "69390565376\n"), 0); /* 0x1028000000 */
	KTEST_EXPECT_INT_EQ(t, memory_block_count_in(mhp), 2);
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, memory_probe_store_in(mhp, "0x1020000000"), -EEXIST);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(),
			   "Unable to reserve System RAM region: "
			   "0000001020000000->0000001028000000\n");
	KTEST_EXPECT_INT_EQ(t, remove_memory_in(mhp, B + 4 * BLK, 2 * BLK), 0);
	iomem_render(&mt.iomem, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, "");
}

/* ---- memory groups ---- */

static void memory_groups_ids_and_checks(struct ktest *t)
{
	struct memory_group *g;
	const uint64_t blk_pages = BLK >> PAGE_SHIFT;

	KTEST_EXPECT_INT_EQ(t, memory_group_register_static_in(mhp, 0, 2 * blk_pages), 0);
	KTEST_EXPECT_INT_EQ(t, memory_group_register_dynamic_in(mhp, 0, blk_pages), 1);
	KTEST_EXPECT_INT_EQ(t, memory_group_register_static_in(mhp, 0, 0), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, memory_group_register_dynamic_in(mhp, 0, blk_pages / 2), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, memory_group_register_dynamic_in(mhp, 0, 3 * blk_pages), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, memory_group_register_dynamic_in(mhp, 0, 0), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, memory_group_register_static_in(mhp, 1, blk_pages), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, memory_group_register_static_in(mhp, -1, blk_pages), -EINVAL);
	mhp_set_node_possible_in(mhp, 1, true);
	KTEST_EXPECT_INT_EQ(t, memory_group_register_static_in(mhp, 1, blk_pages), 2);
	/* Freed ids are handed out again, lowest first. */
	KTEST_EXPECT_INT_EQ(t, memory_group_unregister_in(mhp, 0), 0);
	KTEST_EXPECT_INT_EQ(t, memory_group_unregister_in(mhp, 0), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, memory_group_unregister_in(mhp, -1), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, memory_group_unregister_in(mhp, 9), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, memory_group_register_dynamic_in(mhp, 1, 2 * blk_pages), 0);
	g = memory_group_find_by_id_in(mhp, 0);
	KTEST_ASSERT_NOT_NULL(t, g);
	KTEST_EXPECT_TRUE(t, g->is_dynamic);
	KTEST_EXPECT_EQ(t, g->nid, 1);
	KTEST_EXPECT_EQ(t, g->unit_pages, 2 * blk_pages);
	KTEST_EXPECT_NULL(t, memory_group_find_by_id_in(mhp, 3));

	/* Blocks in a group: it cannot go; present pages follow the zones. */
	KTEST_ASSERT_INT_EQ(t, fake_arch_ops.add_memory(B, 2 * BLK), 0);
	KTEST_ASSERT_INT_EQ(t, create_memory_block_devices_in(mhp, B, 2 * BLK, 1, 512, g, false),
			    0);
	KTEST_EXPECT_EQ(t, g->nr_blocks, 2);
	KTEST_EXPECT_INT_EQ(t, memory_group_unregister_in(mhp, 0), -EBUSY);
	KTEST_ASSERT_INT_EQ(
	    t, memory_block_online_in(mhp, find_memory_block_in(mhp, B), MMOP_ONLINE_MOVABLE), 0);
	KTEST_ASSERT_INT_EQ(
	    t, memory_block_online_in(mhp, find_memory_block_in(mhp, B + BLK), MMOP_ONLINE_KERNEL),
	    0);
	KTEST_EXPECT_EQ(t, g->present_movable_pages, blk_pages - 512);
	KTEST_EXPECT_EQ(t, g->present_kernel_pages, blk_pages + 512);
	KTEST_EXPECT_STREQ(t, blocks(),
			   "memory512 online online_movable Movable 1 0 512 0 0\n"
			   "memory513 online online_kernel Normal 1 0 512 0 0\n");
	KTEST_ASSERT_INT_EQ(t, memory_block_offline_in(mhp, find_memory_block_in(mhp, B)), 0);
	KTEST_ASSERT_INT_EQ(t, memory_block_offline_in(mhp, find_memory_block_in(mhp, B + BLK)), 0);
	KTEST_EXPECT_EQ(t, g->present_movable_pages, 0);
	KTEST_EXPECT_EQ(t, g->present_kernel_pages, 0);
	remove_memory_block_devices_in(mhp, B, 2 * BLK);
	KTEST_EXPECT_INT_EQ(t, memory_group_unregister_in(mhp, 0), 0);
}

/* ---- views ---- */

static void table_debug_and_dumps(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, make_blocks(B, 2), 0);
	KTEST_ASSERT_INT_EQ(
	    t, memory_block_online_in(mhp, find_memory_block_in(mhp, B + BLK), MMOP_ONLINE_MOVABLE),
	    0);
	memory_blocks_render_table_in(mhp, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text,
			   "block_size_bytes 8000000\n"
			   "auto_online_blocks offline\n"
			   "# name state phys_index valid_zones removable phys_device node\n"
			   "memory512 offline 00000200 Normal Movable 1 0 node0\n"
			   "memory513 online 00000201 Movable 1 0 node0\n");
	/* Truncation keeps snprintf's convention. */
	KTEST_EXPECT_INT_EQ(t, memory_blocks_render_table_in(mhp, val, 10), (int)strlen(text));
	KTEST_EXPECT_STREQ(t, val, "block_siz");
	memtest_capture_start();
	pfs_dump(&mt_ns, "/sys/devices/system/memory/block_size_bytes");
	pfs_dump(&mt_ns, "/sys/devices/system/memory/auto_online_blocks");
	dump_memory_block_states_in(&mt_ns, true);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(),
			   "# dump-begin /sys/devices/system/memory/block_size_bytes\n"
			   "8000000\n"
			   "# dump-end /sys/devices/system/memory/block_size_bytes\n"
			   "# dump-begin /sys/devices/system/memory/auto_online_blocks\n"
			   "offline\n"
			   "# dump-end /sys/devices/system/memory/auto_online_blocks\n"
			   "# dump-begin /sys/devices/system/memory/memory512/state\n"
			   "offline\n"
			   "# dump-end /sys/devices/system/memory/memory512/state\n"
			   "# dump-begin /sys/devices/system/memory/memory513/state\n"
			   "online\n"
			   "# dump-end /sys/devices/system/memory/memory513/state\n");
	KTEST_EXPECT_INT_EQ(t, memory_block_offline_in(mhp, find_memory_block_in(mhp, B + BLK)), 0);
}

/* A second state shares nothing with the case's: its blocks, groups, block
 * size and settings are its own, it starts with the kernel's settings from
 * before the command line, and release frees its blocks and groups. */
/* 1024 or more consecutive blocks in one state are one dump of
 * memory{FIRST..LAST}/state; 1023 are still dumped one by one. Phantom
 * blocks: bookkeeping only, so the fake machine's window does not limit them. */
static void state_runs_dump_as_one(struct ktest *t)
{
	const uint64_t a = 1024 * GiB, b = a + 1025 * BLK;
	const size_t size = 256 * 1024;
	char *out = kzalloc(size);
	const char *p;
	unsigned int singles = 0;

	KTEST_ASSERT_NOT_NULL(t, out);
	KTEST_ASSERT_INT_EQ(t, create_memory_block_devices_in(mhp, a, 1024 * BLK, 0, 0, NULL, true),
			    0);
	KTEST_ASSERT_INT_EQ(t, create_memory_block_devices_in(mhp, b, 1023 * BLK, 0, 0, NULL, true),
			    0);
	/* The event snapshots' form: every block on its own. */
	printk_capture_start(out, size);
	dump_memory_block_states_in(&mt_ns, false);
	printk_capture_stop();
	for (p = out; (p = strstr(p, "# dump-begin /sys/devices/system/memory/memory")); p++)
		singles++;
	KTEST_EXPECT_INT_EQ(t, singles, 1024 + 1023);
	KTEST_EXPECT_NULL(t, strstr(out, "memory{"));
	singles = 0;
	memset(out, 0, size);
	printk_capture_start(out, size);
	dump_memory_block_states_in(&mt_ns, true);
	printk_capture_stop();
	KTEST_EXPECT_TRUE(
	    t, !strncmp(out,
			"# dump-begin /sys/devices/system/memory/memory{8192..9215}/state\n"
			"offline\n"
			"# dump-end /sys/devices/system/memory/memory{8192..9215}/state\n"
			"# dump-begin /sys/devices/system/memory/memory9217/state\n"
			"offline\n"
			"# dump-end /sys/devices/system/memory/memory9217/state\n",
			strlen("# dump-begin /sys/devices/system/memory/memory{8192..9215}/state\n"
			       "offline\n"
			       "# dump-end /sys/devices/system/memory/memory{8192..9215}/state\n"
			       "# dump-begin /sys/devices/system/memory/memory9217/state\n"
			       "offline\n"
			       "# dump-end /sys/devices/system/memory/memory9217/state\n")));
	for (p = out; (p = strstr(p, "# dump-begin /sys/devices/system/memory/memory")); p++)
		singles++;
	/* The range dump, then the 1023 single ones. */
	KTEST_EXPECT_INT_EQ(t, singles, 1 + 1023);
	KTEST_EXPECT_NOT_NULL(
	    t, strstr(out, "# dump-end /sys/devices/system/memory/memory10239/state\n"));
	KTEST_EXPECT_NULL(t, strstr(out, "memory9216/"));
	remove_memory_block_devices_in(mhp, a, 1024 * BLK);
	remove_memory_block_devices_in(mhp, b, 1023 * BLK);
	kfree(out);
}

static void states_are_independent(struct ktest *t)
{
	static struct resource root;
	static struct firmware_map map;
	static struct mhp_state other;

	KTEST_ASSERT_INT_EQ(t, create_memory_block_devices_in(mhp, B, BLK, 0, 0, NULL, true), 0);
	KTEST_ASSERT_INT_EQ(t, memory_group_register_static_in(mhp, 0, 1), 0);
	root = (struct resource)IOMEM_ROOT_INIT;
	firmware_map_init(&map);
	KTEST_EXPECT_INT_EQ(t, mhp_state_init(NULL, &root, &map, NULL), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, mhp_state_init(&other, NULL, &map, NULL), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, mhp_state_init(&other, &root, NULL, NULL), -EINVAL);
	KTEST_ASSERT_INT_EQ(t, mhp_state_init(&other, &root, &map, &fake_arch_ops), 0);
	KTEST_EXPECT_TRUE(t, other.iomem == &root && other.fwmap == &map);
	KTEST_EXPECT_TRUE(t, other.ops == &fake_arch_ops);
	KTEST_EXPECT_EQ(t, memory_block_size_bytes_in(&other), BLK);
	KTEST_EXPECT_EQ(t, mhp_get_default_online_type_in(&other), MMOP_OFFLINE);
	KTEST_EXPECT_EQ(t, mhp_get_semantics_in(&other), MHP_SEMANTICS_UPSTREAM);
	KTEST_EXPECT_EQ(t, mhp_get_max_mem_size_in(&other), UINT64_MAX);
	KTEST_EXPECT_EQ(t, mhp_get_system_state_in(&other), SYSTEM_BOOTING);
	KTEST_EXPECT_TRUE(t, node_possible_in(&other, 0));
	KTEST_EXPECT_FALSE(t, node_possible_in(&other, 1));
	KTEST_EXPECT_TRUE(t, mhp_memmap_on_memory_in(&other));
	KTEST_EXPECT_EQ(t, memory_block_count_in(&other), 0);
	KTEST_EXPECT_NULL(t, memory_group_find_by_id_in(&other, 0));

	KTEST_EXPECT_INT_EQ(t, set_memory_block_size_in(&other, 2 * GiB), 0);
	KTEST_EXPECT_INT_EQ(t, create_memory_block_devices_in(&other, B, 2 * GiB, 0, 0, NULL, true),
			    0);
	KTEST_EXPECT_INT_EQ(t, memory_group_register_static_in(&other, 0, 1), 0);
	KTEST_EXPECT_INT_EQ(t, memory_group_register_static_in(&other, 0, 1), 1);
	mhp_set_default_online_type_in(&other, MMOP_ONLINE);
	memory_blocks_render_debug_in(&other, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, "memory32 offline offline - 0 -1 0 1 0\n");
	/* The case's state did not change. */
	KTEST_EXPECT_EQ(t, memory_block_size_bytes_in(mhp), BLK);
	KTEST_EXPECT_STREQ(t, blocks(), "memory512 offline offline - 0 -1 0 1 0\n");
	KTEST_EXPECT_NOT_NULL(t, memory_group_find_by_id_in(mhp, 0));
	KTEST_EXPECT_NULL(t, memory_group_find_by_id_in(mhp, 1));
	KTEST_EXPECT_EQ(t, mhp_get_default_online_type_in(mhp), MMOP_OFFLINE);

	/* Release frees every block and group (ASan finds a leak on the host)
	 * and leaves the trees it was given alone. */
	mhp_state_release(&other);
	KTEST_EXPECT_EQ(t, memory_block_count_in(&other), 0);
	KTEST_EXPECT_NULL(t, memory_group_find_by_id_in(&other, 0));
	KTEST_EXPECT_INT_EQ(t, set_memory_block_size_in(&other, BLK), 0);
	KTEST_EXPECT_NULL(t, root.child);
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&map), 0);
}

static const struct ktest_case memory_block_cases[] = {
    KTEST_CASE(probe_block_size_rule),
    KTEST_CASE(block_size_request_named),
    KTEST_CASE(block_size_set_and_show),
    KTEST_CASE(create_lookup_and_order),
    KTEST_CASE(create_is_all_or_nothing),
    KTEST_CASE(walk_memory_blocks_ranges),
    KTEST_CASE(online_offline_texts),
    KTEST_CASE(offline_refused_while_page_in_use),
    KTEST_CASE(going_offline_while_offlining),
    KTEST_CASE(online_failure_leaves_block_offline),
    KTEST_CASE(phantom_block_is_bookkeeping_only),
    KTEST_CASE(memmap_on_memory_block),
    KTEST_CASE(boot_blocks_and_linux_capture),
    KTEST_CASE(state_and_online_stores),
    KTEST_CASE(auto_online_blocks_file),
    KTEST_CASE(probe_file),
    KTEST_CASE(memory_groups_ids_and_checks),
    KTEST_CASE(table_debug_and_dumps),
    KTEST_CASE(state_runs_dump_as_one),
    KTEST_CASE(states_are_independent),
    {0},
};

static const struct ktest_suite memory_block_suite = {
    .name = "memory_block",
    .cases = memory_block_cases,
    .init = memtest_init,
    .exit = memtest_exit,
};
KTEST_SUITE(memory_block_suite);
