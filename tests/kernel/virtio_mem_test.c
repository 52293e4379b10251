/* Suite "virtio_mem" (kernel only, live): with a virtio-mem-pci device
 * (QEMU -m 512M,maxmem=4G -object memory-backend-ram,id=vmem0,size=1G
 * -device virtio-mem-pci,id=vm0,memdev=vmem0,node=0,requested-size=256M)
 * the boot plug reached requested_size, iomem has Linux's shape ("virtioN"
 * container, one merged "System RAM (virtio_mem)" child), no firmware
 * memmap entry was made, and the plugged memory holds a pattern. Skipped
 * without such a device. */
#include "drivers/firmware/memmap.h"
#include "drivers/virtio/virtio_mem_kernel.h"
#include "kernel/ktest.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "mm/page_alloc.h"
#include "mm/pattern.h"

static struct virtio_mem *vm;

static int vm_init(struct ktest *t)
{
	vm = virtio_mem_get(0);
	return 0;
}

#define NEED_DEVICE(t)                                                        \
	do {                                                                  \
		if (!vm)                                                      \
			ktest_skip(t, "no virtio-mem device was brought up"); \
	} while (0)

static void boot_plug_reached_requested_size(struct ktest *t)
{
	struct virtio_mem_config c;

	NEED_DEVICE(t);
	KTEST_ASSERT_INT_EQ(t, virtio_mem_read_config(vm, &c), 0);
	ktest_info(t, "%s: requested %llu MiB, plugged %llu MiB", vm->name,
		   (unsigned long long)(c.requested_size >> 20),
		   (unsigned long long)(c.plugged_size >> 20));
	/* Whole sub-blocks (units in big-block mode) only: less than one
	 * short, never above. */
	KTEST_EXPECT_EQ(t, c.plugged_size, vm->plugged);
	KTEST_EXPECT_LE(t, vm->plugged, c.requested_size);
	KTEST_EXPECT_LT(t, c.requested_size - vm->plugged, vm->sbm ? vm->sb_size : vm->unit);
}

static void iomem_has_container_and_merged_child(struct ktest *t)
{
	struct resource *p, *ch;

	NEED_DEVICE(t);
	p = lookup_resource(&iomem_resource, vm->cfg.addr);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_STREQ(t, p->name, vm->name);
	KTEST_EXPECT_EQ(t, p->end, vm->cfg.addr + vm->cfg.region_size - 1);
	KTEST_EXPECT_EQ(t, p->flags & IORESOURCE_BUSY, 0);
	KTEST_EXPECT_EQ(t, p->flags & (IORESOURCE_SYSTEM_RAM | IORESOURCE_EXCLUSIVE),
			IORESOURCE_SYSTEM_RAM | IORESOURCE_EXCLUSIVE);
	if (!vm->plugged) {
		KTEST_EXPECT_NULL(t, p->child);
		return;
	}
	ch = p->child;
	KTEST_ASSERT_NOT_NULL(t, ch);
	if (mhp_get_semantics_in(vm->mhp) == MHP_SEMANTICS_V1) {
		/* The seed proposal: one unmerged resource per memory block. */
		for (uint64_t a = vm->cfg.addr; a < vm->cfg.addr + vm->plugged; a += vm->mb_size) {
			KTEST_ASSERT_NOT_NULL(t, ch);
			KTEST_EXPECT_STREQ(t, ch->name, "System RAM (driver managed)");
			KTEST_EXPECT_EQ(t, ch->start, a);
			KTEST_EXPECT_EQ(t, ch->end, a + vm->mb_size - 1);
			KTEST_EXPECT_TRUE(t, ch->flags & IORESOURCE_SYSRAM_DRIVER_MANAGED);
			ch = ch->sibling;
		}
		KTEST_EXPECT_NULL(t, ch);
		return;
	}
	KTEST_EXPECT_STREQ(t, ch->name, "System RAM (virtio_mem)");
	KTEST_EXPECT_EQ(t, ch->start, vm->cfg.addr);
	/* MHP_MERGE_RESOURCE: one resource over all blocks with plugged
	 * memory (the boot plug fills them from the lowest). */
	KTEST_EXPECT_EQ(t, ch->end,
			vm->cfg.addr + (vm->plugged + vm->unit - 1) / vm->unit * vm->unit - 1);
	KTEST_EXPECT_NULL(t, ch->sibling);
	KTEST_EXPECT_TRUE(t, ch->flags & IORESOURCE_BUSY);
	KTEST_EXPECT_TRUE(t, ch->flags & IORESOURCE_SYSRAM_DRIVER_MANAGED);
}

static int memmap_overlaps(const struct firmware_map_entry *e, void *ctx)
{
	const struct virtio_mem *v = ctx;

	return e->start <= v->cfg.addr + v->cfg.region_size - 1 && e->end >= v->cfg.addr;
}

static void no_firmware_memmap_entry(struct ktest *t)
{
	NEED_DEVICE(t);
	KTEST_EXPECT_INT_EQ(t, firmware_map_for_each_published(memmap_overlaps, vm), 0);
}

/* Sub-block mode: the unplugged sub-blocks of an added block are
 * fake-offline (never handed out), the plugged ones are not. */
static void unplugged_sub_blocks_are_fake_offline(struct ktest *t)
{
	NEED_DEVICE(t);
	if (!vm->sbm)
		ktest_skip(t, "big-block mode");
	for (uint64_t mb = 0; mb < vm->nunits; mb++) {
		const struct memory_block *mem;

		if (vm->state[mb] != VM_UNIT_ADDED)
			continue;
		mem = find_memory_block(vm->cfg.addr + mb * vm->unit);
		KTEST_ASSERT_NOT_NULL(t, mem);
		if (mem->state != MEM_ONLINE)
			continue;
		for (uint64_t sb = 0; sb < vm->sbs_per_mb; sb++) {
			uint64_t a = vm->cfg.addr + mb * vm->unit + sb * vm->sb_size;
			uint64_t n = vm->sb_size >> PAGE_SHIFT;

			KTEST_EXPECT_EQ(
			    t, page_alloc_nr_fake_offline(&page_allocator, a >> PAGE_SHIFT, n),
			    virtio_mem_sb_plugged(vm, mb, sb) ? 0 : n);
		}
	}
}

static void plugged_memory_holds_a_pattern(struct ktest *t)
{
	uint64_t mb = memory_block_size_bytes(), bad = 0;
	int tested = 0;

	NEED_DEVICE(t);
	if (!vm->plugged)
		ktest_skip(t, "nothing plugged");
	for (uint64_t s = vm->cfg.addr; s < vm->cfg.addr + vm->plugged && tested < 2; s += mb) {
		struct memory_block *mem = find_memory_block(s);

		KTEST_ASSERT_NOT_NULL(t, mem);
		if (mem->state == MEM_OFFLINE) {
			/* Only memory the device backs is ever written. */
			uint64_t step = vm->sbm ? vm->sb_size : mb;

			for (uint64_t a = s; a < s + mb; a += step)
				if (!vm->sbm || virtio_mem_sb_plugged(vm, (s - vm->cfg.addr) / mb,
								      (a - s) / step))
					KTEST_EXPECT_INT_EQ(t, pattern_test_range(a, step, &bad),
							    0);
		} else {
			/* Online: test pages borrowed from the allocator (which
			 * never hands out fake-offline ones). */
			for (int i = 0; i < 16; i++) {
				uint64_t pg = page_alloc_page_range(
				    &page_allocator, s >> PAGE_SHIFT, (s + mb) >> PAGE_SHIFT);

				KTEST_ASSERT_NE(t, pg, 0);
				KTEST_EXPECT_INT_EQ(t, pattern_test_range(pg, PAGE_SIZE, &bad), 0);
				page_free(&page_allocator, pg);
			}
		}
		if (bad)
			ktest_info(t, "bad word at %#llx", (unsigned long long)bad);
		tested++;
	}
}

static const struct ktest_case virtio_mem_live_cases[] = {
    KTEST_CASE(boot_plug_reached_requested_size), KTEST_CASE(iomem_has_container_and_merged_child),
    KTEST_CASE(no_firmware_memmap_entry),	  KTEST_CASE(unplugged_sub_blocks_are_fake_offline),
    KTEST_CASE(plugged_memory_holds_a_pattern),	  {0},
};

static const struct ktest_suite virtio_mem_live_suite = {
    .name = "virtio_mem",
    .cases = virtio_mem_live_cases,
    .init = vm_init,
};
KTEST_SUITE(virtio_mem_live_suite);
