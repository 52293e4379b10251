/* TEMPORARY fixture on the kernel's own hotplug state (see the header). */
#include "tests/unit/memory_test_kernel.h"
#include "tests/unit/memmap_move.h"

#include "kernel/kalloc.h"
#include "kernel/resource.h"
#include "mm/memory_hotplug.h"
#include "tests/unit/resource_test_util.h"

static struct resource_roots_snapshot saved_roots;
static struct firmware_map saved_memmap;
static struct mhp_state saved_mhp;

/* Everything of from goes to to (by list splicing); from keeps no block. */
static void mhp_move(struct mhp_state *to, struct mhp_state *from)
{
	*to = *from;
	INIT_LIST_HEAD(&to->memory_blocks);
	INIT_LIST_HEAD(&to->memory_groups);
	list_splice_tail_init(&from->memory_blocks, &to->memory_blocks);
	list_splice_tail_init(&from->memory_groups, &to->memory_groups);
}

int memtest_kernel_init(struct ktest *t)
{
	int ret;

	(void)t;
	kalloc_fail_nth(0);
	resource_test_save_roots(&saved_roots);
	memmap_move(&saved_memmap, &init_firmware_map);
	mhp_move(&saved_mhp, &init_mhp);
	fake_reset();
	ret = mhp_state_init(&init_mhp, &iomem_resource, &init_firmware_map, &fake_arch_ops);
	if (ret)
		return ret;
	memtest_settings(&init_mhp);
	return 0;
}

int memtest_kernel_init_base(struct ktest *t)
{
	int ret = memtest_kernel_init(t);

	return ret ? ret : memtest_build_base_in(&init_mhp);
}

void memtest_kernel_exit(struct ktest *t)
{
	kalloc_fail_nth(0);
	KTEST_EXPECT_EQ(t, fake.violations, 0);
	KTEST_EXPECT_NULL(t, resource_check_tree(&iomem_resource));
	mhp_state_release(&init_mhp);
	fake_reset();
	resource_test_free_all(&iomem_resource);
	KTEST_EXPECT_INT_EQ(t, resource_test_restore_roots(&saved_roots), 0);
	firmware_map_release(&init_firmware_map);
	memmap_move(&init_firmware_map, &saved_memmap);
	mhp_move(&init_mhp, &saved_mhp);
}
