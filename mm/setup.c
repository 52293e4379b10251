/* Boot-time memory setup: the kernel-side glue around the pure e820,
 * firmware-emulation and memblock code. */
#include "mm/setup.h"

#include "kernel/crash_core.h"
#include "kernel/kalloc_kernel.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/crashkernel.h"
#include "mm/e820.h"
#include "mm/e820_cmdline.h"
#include "mm/memblock.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "mm/paging.h"

/* The heap: half of KALLOC_HEAP_BASE for the resource tree, memmap
 * entries, tests and snapshots, plus room for the memory blocks of every RAM
 * range of the map (phantom RAM included) and as many again for hot-adds;
 * never less than KALLOC_HEAP_BASE (enough for 8192 blocks, the size every
 * machine got before it was computed). */
#define KALLOC_HEAP_BASE       (4ull << 20)
#define KALLOC_PER_BLOCK       128 /* struct memory_block plus the heap's header */
#define KALLOC_HEAP_MAX_SHARE  4   /* at most a quarter of the real RAM */
#define MAX_EFI_DESCS	       1024
#define CRASHKERNEL_MAX_VALUES 8

extern char __kernel_start[], __kernel_end[];
extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __data_end[], __bss_start[], __bss_end[];

struct fw_emul fw_emul;
uint64_t max_mem_size = UINT64_MAX;

static struct e820_table loader_table;
static struct e820_entry raw_entries[E820_MAX_ENTRIES];
static struct e820_efi_desc efi_descs[MAX_EFI_DESCS];
static size_t nr_efi_descs;

static int loader_map_from_mb2(const struct mb2_info *mbi)
{
	size_t n = 0;

	if (mbi->has_efi_mmap) {
		/* UEFI boot: the EFI map is the firmware's own; convert it the
		 * way Linux's EFI stub does. */
		for (size_t i = 0; i < mbi->efi_mmap_count && n < MAX_EFI_DESCS; i++) {
			struct mb2_efi_desc d;

			if (mb2_efi_desc(mbi, i, &d))
				break;
			efi_descs[n].type = d.type;
			efi_descs[n].phys_start = d.phys_start;
			efi_descs[n].num_pages = d.num_pages;
			efi_descs[n].attribute = d.attribute;
			n++;
		}
		nr_efi_descs = n;
		printk("e820: using the EFI memory map (%zu descriptors)\n", n);
		return e820__from_efi_mmap(&loader_table, efi_descs, n, true);
	}
	if (mbi->has_mmap) {
		for (size_t i = 0; i < mbi->mmap_count && n < E820_MAX_ENTRIES; i++) {
			struct mb2_mmap_entry e;

			if (mb2_mmap_entry(mbi, i, &e))
				break;
			raw_entries[n].addr = e.base;
			raw_entries[n].size = e.len;
			raw_entries[n].type = (enum e820_type)e.type;
			n++;
		}
		return e820__from_mb2_mmap(&loader_table, raw_entries, n);
	}
	if (mbi->has_meminfo) {
		/* Like Linux's BIOS-88 fallback: two RAM ranges from the sizes. */
		raw_entries[0] =
		    (struct e820_entry){0, (uint64_t)mbi->mem_lower << 10, E820_TYPE_RAM};
		raw_entries[1] =
		    (struct e820_entry){1ull << 20, (uint64_t)mbi->mem_upper << 10, E820_TYPE_RAM};
		printk("e820: no memory map from the loader; using basic meminfo\n");
		return e820__from_mb2_mmap(&loader_table, raw_entries, 2);
	}
	return -ENODEV;
}

static bool cpu_is_hypervisor_guest(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (c >> 31) & 1; /* CPUID.1:ECX.HYPERVISOR */
}

/* Linux's x86 rule for the memory block size, from the end of boot RAM in
 * the firmware's map (Linux reads max_pfn from its e820 table; here that is
 * the emulated view, so fw.e820= phantom RAM counts as it would on a machine
 * that had it), with memory_block_size= as the override. Decided before
 * fw.hide=auto, which hides whole blocks. */
static void setup_memory_block_size(const struct e820_table *map, const struct cmdline *cl)
{
	uint64_t end = 0;

	for (uint32_t i = 0; i < map->nr_entries; i++) {
		const struct e820_entry *e = &map->entries[i];

		if (e->type == E820_TYPE_RAM && e->addr + e->size > end)
			end = e->addr + e->size;
	}
	set_memory_block_size(probe_memory_block_size(
	    end, cpu_is_hypervisor_guest(),
	    memory_block_size_request(cmdline_get(cl, "memory_block_size"))));
}

static void apply_fw_emulation(const struct mb2_info *mbi, uint64_t info_addr, uint64_t info_size,
			       const struct cmdline *cl)
{
	struct fw_range forbidden[2 + MB2_MAX_MODULES];
	size_t nf = 0;
	const char *v;

	fw_emul_init(&fw_emul, &loader_table);
	v = cmdline_get(cl, "fw.e820");
	if (v)
		fw_emul_set_e820(&fw_emul, v);
	/* Like Linux's cap at MAX_PHYSMEM_BITS: nothing the CPU cannot address
	 * becomes memory (fw.e820=15E@0:ram would ask for 2^60 bytes of
	 * blocks). */
	fw_emul_clamp_phys(&fw_emul, paging_cpu_phys_bits());
	setup_memory_block_size(&fw_emul.view, cl);
	v = cmdline_get(cl, "fw.hide");
	if (v) {
		forbidden[nf++] = (struct fw_range){(uint64_t)(uintptr_t)__kernel_start,
						    (uint64_t)(__kernel_end - __kernel_start)};
		forbidden[nf++] = (struct fw_range){info_addr, info_size};
		for (size_t i = 0; i < mbi->nmodules; i++)
			forbidden[nf++] = (struct fw_range){
			    mbi->modules[i].start, mbi->modules[i].end - mbi->modules[i].start};
		fw_emul_hide(&fw_emul, v, memory_block_size_bytes(), forbidden, nf);
	}
	if (fw_emul.emulated || fw_emul.nr_hidden) {
		printk("hotmem: the boot loader's map (the real one):\n");
		e820__print_table(&loader_table, "loader");
		fw_emul_print(&fw_emul);
	}
}

/* Linux's trim_bios_range(): the first page is BIOS data, and the legacy
 * VGA/ROM hole is never RAM whatever the map says. */
static void trim_bios_range(void)
{
	e820__range_update(0, 0x1000, E820_TYPE_RAM, E820_TYPE_RESERVED);
	e820__range_remove(0xa0000, 0x100000 - 0xa0000, E820_TYPE_RAM, true);
	e820__update_table(e820_table);
}

static void apply_mem_options(const struct cmdline *cl)
{
	const char *vals[16];
	size_t n;
	const char *v = cmdline_get(cl, "mem");

	if (v)
		parse_memopt(e820_table, v, &max_mem_size);
	n = cmdline_get_all(cl, "memmap", vals, 16);
	if (n > 16) {
		printk("memmap: only the first 16 memmap= options are used\n");
		n = 16;
	}
	for (size_t i = 0; i < n; i++)
		parse_memmap_opt(e820_table, vals[i]);
	/* memmap=15E@0 must not reach beyond the CPU either. */
	e820__clamp_phys_bits(e820_table, paging_cpu_phys_bits(), "memmap");
	e820__finish_early_params(e820_table);
}

static uint64_t kalloc_heap_size(void)
{
	uint64_t bs = memory_block_size_bytes(), blocks = 0, size, cap;

	for (uint32_t i = 0; i < e820_table->nr_entries; i++) {
		const struct e820_entry *e = &e820_table->entries[i];

		if (e->type == E820_TYPE_RAM)
			blocks += (e->addr + e->size + bs - 1) / bs - e->addr / bs;
	}
	size = max(KALLOC_HEAP_BASE, KALLOC_HEAP_BASE / 2 + 2 * blocks * KALLOC_PER_BLOCK);
	cap = memblock_phys_mem_size(&memblock) / KALLOC_HEAP_MAX_SHARE;
	if (size > cap && cap >= KALLOC_HEAP_BASE)
		size = cap;
	return ALIGN(size, 4096);
}

/* crashkernel= (docs/cmdline.md): after the kernel's own early allocations,
 * as in Linux, so it lands below them. */
static void reserve_crashkernel(const struct cmdline *cl)
{
	const char *vals[CRASHKERNEL_MAX_VALUES];
	struct crashkernel_spec spec;
	size_t n = cmdline_get_all(cl, "crashkernel", vals, CRASHKERNEL_MAX_VALUES);

	if (n > CRASHKERNEL_MAX_VALUES) {
		printk("crashkernel: only the first %d crashkernel= options are used\n",
		       CRASHKERNEL_MAX_VALUES);
		n = CRASHKERNEL_MAX_VALUES;
	}
	if (parse_crashkernel(vals, n, &spec) == 0)
		reserve_crashkernel_in(&memblock, &spec, &crashk_res, &crashk_low_res);
}

static void setup_memblock(const struct mb2_info *mbi, uint64_t info_addr, uint64_t info_size,
			   const struct cmdline *cl)
{
	const struct fw_range *ph;
	size_t nph;
	uint64_t heap, heap_size;

	/* Early allocations must be reachable through the boot identity map. */
	memblock_init(&memblock, PAGING_BOOT_MAP_END);
	for (uint32_t i = 0; i < e820_table->nr_entries; i++) {
		const struct e820_entry *e = &e820_table->entries[i];

		if (e->type == E820_TYPE_RAM || e->type == E820_TYPE_RESERVED_KERN)
			memblock_add(&memblock, e->addr, e->size);
	}
	/* Phantom RAM (fw.e820 claims it, the machine does not have it) is
	 * bookkept in the tables but must never be handed out. */
	nph = fw_emul_phantom_ranges(&fw_emul, &ph);
	for (size_t i = 0; i < nph; i++)
		memblock_remove(&memblock, ph[i].start, ph[i].size);
	/* Like Linux since 5.13: the first 1 MiB is never allocated. */
	memblock_reserve(&memblock, 0, 1ull << 20, "low 1M");
	memblock_reserve(&memblock, (uint64_t)(uintptr_t)__kernel_start,
			 (uint64_t)(__kernel_end - __kernel_start), "kernel image");
	memblock_reserve(&memblock, info_addr, info_size, "multiboot2 info");
	for (size_t i = 0; i < mbi->nmodules; i++)
		memblock_reserve(&memblock, mbi->modules[i].start,
				 mbi->modules[i].end - mbi->modules[i].start, "module");

	heap_size = kalloc_heap_size();
	heap = memblock_phys_alloc(&memblock, heap_size, 4096, "kalloc heap");
	if (heap)
		kalloc_add_region((void *)(uintptr_t)heap, heap_size);
	else
		printk("memblock: no room for the kernel heap; using the bootstrap arena only\n");
	reserve_crashkernel(cl);
	memblock_dump(&memblock);
}

int memory_setup(const struct mb2_info *mbi, uint64_t info_addr, uint64_t info_size,
		 const struct cmdline *cl)
{
	int err = loader_map_from_mb2(mbi);

	if (err && loader_table.nr_entries == 0) {
		printk("e820: no usable memory map from the boot loader (%s)\n", errno_name(err));
		return err;
	}
	apply_fw_emulation(mbi, info_addr, info_size, cl);
	e820__memory_setup_from(&fw_emul.view, "BIOS-e820");
	apply_mem_options(cl);
	trim_bios_range();
	return 0;
}

void memory_setup_memblock(const struct mb2_info *mbi, uint64_t info_addr, uint64_t info_size,
			   const struct cmdline *cl)
{
	setup_memblock(mbi, info_addr, info_size, cl);
}

size_t efi_memmap_descs(const struct e820_efi_desc **d)
{
	*d = efi_descs;
	return nr_efi_descs;
}

static struct resource kernel_res[4] = {
    {.name = "Kernel code", .flags = IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM},
    {.name = "Kernel rodata", .flags = IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM},
    {.name = "Kernel data", .flags = IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM},
    {.name = "Kernel bss", .flags = IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM},
};

void reserve_kernel_resources(void)
{
	char *bounds[4][2] = {
	    {__text_start, __text_end},
	    {__rodata_start, __rodata_end},
	    {__data_start, __data_end},
	    {__bss_start, __bss_end},
	};

	for (int i = 0; i < 4; i++) {
		if (bounds[i][1] <= bounds[i][0])
			continue;
		kernel_res[i].start = (uint64_t)(uintptr_t)bounds[i][0];
		kernel_res[i].end = (uint64_t)(uintptr_t)bounds[i][1] - 1;
		/* A conflict means something claimed the kernel's own memory. */
		if (insert_resource(&iomem_resource, &kernel_res[i]))
			printk(KERN_ERR "setup: cannot insert %s [mem %#010llx-%#010llx] into "
					"iomem: it conflicts\n",
			       kernel_res[i].name, (unsigned long long)kernel_res[i].start,
			       (unsigned long long)kernel_res[i].end);
	}
}

int memory_hotplug_init(const struct cmdline *cl)
{
	const char *v;
	int err = 0;

	/* Boot RAM gets its memory blocks, online for good (memoryN in sysfs). */
	for (uint32_t i = 0; i < e820_table->nr_entries && !err; i++) {
		const struct e820_entry *e = &e820_table->entries[i];

		if (e->type != E820_TYPE_RAM)
			continue;
		err = memory_blocks_add_boot(e->addr, e->size, 0);
		/* All or none: the failed range added nothing, so taking the
		 * earlier ranges' blocks away leaves no partial set. */
		for (uint32_t j = 0; err && j < i; j++)
			if (e820_table->entries[j].type == E820_TYPE_RAM)
				remove_memory_block_devices_in(&init_mhp,
							       e820_table->entries[j].addr,
							       e820_table->entries[j].size);
	}
	v = cmdline_get(cl, "memhp_default_state");
	if (v)
		memhp_default_state_setup(v);
	v = cmdline_get(cl, "mhp.semantics");
	if (v)
		mhp_semantics_setup(v);
	if (max_mem_size != UINT64_MAX)
		mhp_set_max_mem_size(max_mem_size);
	return err;
}
