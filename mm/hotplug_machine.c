/* mm/hotplug_arch.h on the real machine: paging for the direct map, the page
 * allocator for onlining. */
#include "mm/hotplug_machine.h"

#include "lib/errno.h"
#include "mm/memory_hotplug.h"
#include "mm/page_alloc.h"
#include "mm/paging.h"
#include "mm/setup.h"

/* Declared device RAM, unsorted (a handful of devices at most). */
static struct fw_range device_ram[MACHINE_MAX_DEVICE_RAM];
static unsigned int nr_device_ram;

static bool in_device_ram(uint64_t start, uint64_t size)
{
	for (unsigned int i = 0; i < nr_device_ram; i++)
		if (start >= device_ram[i].start &&
		    start + size <= device_ram[i].start + device_ram[i].size)
			return true;
	return false;
}

int machine_declare_device_ram(uint64_t start, uint64_t size)
{
	if (!size || size > UINT64_MAX - start || fw_emul_overlaps_phantom(&fw_emul, start, size))
		return -EINVAL;
	for (unsigned int i = 0; i < nr_device_ram; i++)
		if (start < device_ram[i].start + device_ram[i].size &&
		    device_ram[i].start < start + size)
			return -EEXIST;
	if (nr_device_ram == MACHINE_MAX_DEVICE_RAM)
		return -ENOSPC;
	device_ram[nr_device_ram++] = (struct fw_range){start, size};
	return 0;
}

int machine_forget_device_ram(uint64_t start, uint64_t size)
{
	for (unsigned int i = 0; i < nr_device_ram; i++) {
		if (device_ram[i].start == start && device_ram[i].size == size) {
			device_ram[i] = device_ram[--nr_device_ram];
			return 0;
		}
	}
	return -ENOENT;
}

bool machine_is_real_ram(uint64_t start, uint64_t size)
{
	/* fw_emul.loader is set by memory_setup(); before that nothing is
	 * known to be RAM. */
	if (!fw_emul.loader || !size || size > UINT64_MAX - start)
		return false;
	if (fw_emul_overlaps_phantom(&fw_emul, start, size))
		return false;
	/* An address nobody described is never assumed to hold memory:
	 * writing metadata there could read back as garbage. */
	return fw_emul_is_real_ram(&fw_emul, start, size) || in_device_ram(start, size);
}

/* The part of [start, end) above the boot identity map, or an empty range. */
static void high_part(uint64_t start, uint64_t end, uint64_t *hs, uint64_t *he)
{
	*hs = start < PAGING_BOOT_MAP_END ? PAGING_BOOT_MAP_END : start;
	*he = end > *hs ? end : *hs;
}

static int machine_add_memory(uint64_t start, uint64_t size)
{
	uint64_t hs, he;

	if (!size || size > UINT64_MAX - start)
		return -EINVAL;
	/* Phantom: bookkept by the core, never mapped. */
	if (!machine_is_real_ram(start, size))
		return 0;
	high_part(start, start + size, &hs, &he);
	if (hs == he)
		return 0;
	return paging_map(hs, he);
}

static void machine_remove_memory(uint64_t start, uint64_t size)
{
	uint64_t hs, he;

	if (!machine_is_real_ram(start, size))
		return;
	high_part(start, start + size, &hs, &he);
	if (hs != he)
		paging_unmap(hs, he);
}

/* Every 2 MiB of the range is mapped (hot-plug ranges are block aligned, so
 * a 2 MiB step sees every page-table leaf above the first 8 MiB). */
static bool range_mapped(uint64_t start, uint64_t size)
{
	for (uint64_t a = start; a - start < size; a += PAGING_HUGE_SIZE)
		if (!paging_is_mapped(a))
			return false;
	return paging_is_mapped(start + size - 1);
}

static int machine_online_pages(uint64_t start_pfn, uint64_t nr_pages, uint64_t meta_pages)
{
	uint64_t start = start_pfn << PAGE_SHIFT, size = nr_pages << PAGE_SHIFT;
	void *meta = NULL;

	if (!nr_pages || start_pfn >= PAGE_ALLOC_MAX_PFN ||
	    nr_pages > PAGE_ALLOC_MAX_PFN - start_pfn)
		return -EINVAL;
	/* Phantom pages must never be handed out (nor their metadata written). */
	if (!machine_is_real_ram(start, size))
		return 0;
	/* Handing out pages the kernel cannot reach would only move the fault. */
	if (!range_mapped(start, size))
		return -EINVAL;
	if (meta_pages) {
		if (meta_pages >= nr_pages ||
		    meta_pages < (page_alloc_meta_bytes(nr_pages) + PAGE_SIZE - 1) / PAGE_SIZE)
			return -EINVAL;
		/* Memmap on memory: the block's own first pages, reachable through
		 * the direct map at virtual == physical. */
		meta = (void *)(uintptr_t)start;
	}
	return page_alloc_online(&page_allocator, start_pfn, nr_pages, meta, meta_pages);
}

static int machine_offline_pages(uint64_t start_pfn, uint64_t nr_pages)
{
	if (!nr_pages || start_pfn >= PAGE_ALLOC_MAX_PFN ||
	    nr_pages > PAGE_ALLOC_MAX_PFN - start_pfn)
		return -EINVAL;
	/* Mirrors online: a phantom range was never handed to the allocator. */
	if (!machine_is_real_ram(start_pfn << PAGE_SHIFT, nr_pages << PAGE_SHIFT))
		return 0;
	return page_alloc_offline(&page_allocator, start_pfn, nr_pages);
}

/* The op gets no address, so it cannot tell phantom from real: it answers
 * for real RAM, and online_pages() never writes a phantom block's metadata. */
static uint64_t machine_memmap_pages(uint64_t nr_pages)
{
	uint64_t pages = (page_alloc_meta_bytes(nr_pages) + PAGE_SIZE - 1) / PAGE_SIZE;

	/* Metadata filling the whole block leaves nothing to online. */
	if (!nr_pages || nr_pages > PAGE_ALLOC_MAX_PFN || pages >= nr_pages)
		return 0;
	return pages;
}

static int machine_fake_offline_pages(uint64_t start_pfn, uint64_t nr_pages)
{
	if (!machine_is_real_ram(start_pfn << PAGE_SHIFT, nr_pages << PAGE_SHIFT))
		return 0;
	return page_alloc_fake_offline(&page_allocator, start_pfn, nr_pages);
}

static int machine_fake_online_pages(uint64_t start_pfn, uint64_t nr_pages)
{
	if (!machine_is_real_ram(start_pfn << PAGE_SHIFT, nr_pages << PAGE_SHIFT))
		return 0;
	return page_alloc_fake_online(&page_allocator, start_pfn, nr_pages);
}

static uint64_t machine_max_phys_addr(void)
{
	return paging_direct_map_limit();
}

const struct mhp_arch_ops machine_hotplug_ops = {
    .add_memory = machine_add_memory,
    .remove_memory = machine_remove_memory,
    .online_pages = machine_online_pages,
    .offline_pages = machine_offline_pages,
    .memmap_pages = machine_memmap_pages,
    .is_real_ram = machine_is_real_ram,
    .max_phys_addr = machine_max_phys_addr,
    .declare_ram = machine_declare_device_ram,
    .forget_ram = machine_forget_device_ram,
    .fake_offline_pages = machine_fake_offline_pages,
    .fake_online_pages = machine_fake_online_pages,
};

void hotplug_machine_init(void)
{
	init_mhp.ops = &machine_hotplug_ops;
}
