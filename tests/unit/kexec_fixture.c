/* The machine and helpers shared by the kexec_file, kexec_load and kdump
 * suites (see kexec_fixture.h). */
#include "tests/unit/kexec_fixture.h"
#include "tests/unit/resource_test_util.h"

#include "kernel/kalloc.h"
#include "kernel/printk.h"

const struct kx_node kx_machine[] = {
    {0, 0x0, 0xfff, "Reserved", KX_MEM | KX_BUSY, IORES_DESC_RESERVED},
    {0, 0x1000, 0x9fbff, "System RAM", KX_SYS_RAM | KX_BUSY, 0},
    {0, 0x9fc00, 0x9ffff, "Reserved", KX_MEM | KX_BUSY, IORES_DESC_RESERVED},
    {0, 0xf0000, 0xfffff, "Reserved", KX_MEM | KX_BUSY, IORES_DESC_RESERVED},
    {1, 0xf0000, 0xfffff, "System ROM", KX_MEM | KX_BUSY | IORESOURCE_READONLY, 0},
    {0, 0x100000, 0x1ffdffff, "System RAM", KX_SYS_RAM | KX_BUSY, 0},
    {1, 0x1000000, 0x1ffffff, "Kernel code", KX_SYS_RAM | KX_BUSY, 0},
    {0, 0x1ffe0000, 0x1ffeffff, "ACPI Tables", KX_MEM | KX_BUSY, IORES_DESC_ACPI_TABLES},
    {0, 0x1fff0000, 0x1fffffff, "ACPI Non-volatile Storage", KX_MEM | KX_BUSY,
     IORES_DESC_ACPI_NV_STORAGE},
    {0, 0x30000000, 0x3fffffff, "Persistent Memory (legacy)", KX_MEM,
     IORES_DESC_PERSISTENT_MEMORY_LEGACY},
    {1, 0x30000000, 0x3fffffff, "dax0.0", KX_MEM, 0},
    {2, KX_KMEM_START, KX_KMEM_END, "System RAM (kmem)", KX_SYS_RAM | KX_BUSY | KX_DM, 0},
    {0, 0xfffc0000, 0xffffffff, "Reserved", KX_MEM | KX_BUSY, IORES_DESC_RESERVED},
    {0, KX_DIMM_START, KX_DIMM_END, "System RAM", KX_SYS_RAM | KX_BUSY, 0},
    {0, 0x140000000, 0x1bfffffff, "virtio0", KX_MEM, 0},
    {1, KX_VIRTIO_MEM_START, KX_VIRTIO_MEM_END, "System RAM (virtio_mem)",
     KX_SYS_RAM | KX_BUSY | KX_DM, 0},
    {0},
};

const struct kx_memmap kx_machine_e820[] = {
    {0x0, 0x9fc00, "System RAM"},
    {0x9fc00, 0xa0000, "Reserved"},
    {0xf0000, 0x100000, "Reserved"},
    {0x100000, 0x1ffe0000, "System RAM"},
    {0x1ffe0000, 0x1fff0000, "ACPI Tables"},
    {0x1fff0000, 0x20000000, "ACPI Non-volatile Storage"},
    {0x30000000, 0x40000000, "Persistent Memory (legacy)"},
    {0xfffc0000, 0x100000000, "Reserved"},
    {0},
};

const struct kx_memmap kx_dimm = {KX_DIMM_START, KX_DIMM_END + 1, "System RAM"};

struct kx_state kx;
const struct pfs_ns kx_ns = {.iomem = &kx.iomem, .fwmap = &kx.fwmap, .kexec = &kx.src};
static char capture[8192];

int kx_init(struct ktest *t)
{
	kx.iomem = (struct resource)IOMEM_ROOT_INIT;
	firmware_map_init(&kx.fwmap);
	kx.sw = (struct kexec_switches){0};
	kx.src = (struct kexec_view_src){.iomem = &kx.iomem, .fwmap = &kx.fwmap, .sw = &kx.sw};
	kalloc_fail_nth(0);
	return 0;
}

void kx_exit(struct ktest *t)
{
	kalloc_fail_nth(0);
	/* A case that failed mid-capture must not swallow later output. */
	printk_capture_stop();
	resource_test_free_all(&kx.iomem);
	firmware_map_release(&kx.fwmap);
}

bool kx_build(const struct kx_node *spec)
{
	struct resource *level[8] = {&kx.iomem};

	for (int i = 0; spec[i].name; i++) {
		struct resource *n;

		if (spec[i].depth < 0 || spec[i].depth >= 7)
			return false;
		n = alloc_resource();
		if (!n)
			return false;
		*n = (struct resource){.start = spec[i].start,
				       .end = spec[i].end,
				       .name = spec[i].name,
				       .flags = spec[i].flags,
				       .desc = spec[i].desc};
		if (request_resource(level[spec[i].depth], n)) {
			free_resource(n);
			return false;
		}
		level[spec[i].depth + 1] = n;
	}
	return true;
}

bool kx_memmap_boot(const struct kx_memmap *m)
{
	for (int i = 0; m[i].type; i++)
		if (firmware_map_add_early_in(&kx.fwmap, m[i].start, m[i].end_excl, m[i].type))
			return false;
	return firmware_memmap_init_in(&kx.fwmap) == 0;
}

bool kx_machine_build(void)
{
	return kx_build(kx_machine) && kx_memmap_boot(kx_machine_e820) &&
	       firmware_map_add_hotplug_in(&kx.fwmap, kx_dimm.start, kx_dimm.end_excl,
					   kx_dimm.type) == 0;
}

bool kx_overlaps_driver_managed(resource_size_t start, resource_size_t end)
{
	struct resource *p;

	for_each_resource(&kx.iomem, p, false) if ((p->flags & KX_DM) && p->start <= end &&
						   start <= p->end) return true;
	return false;
}

bool kx_inside_usable_ram(resource_size_t start, resource_size_t end)
{
	const unsigned long ram = KX_SYS_RAM | KX_BUSY;
	struct resource *p;

	for_each_resource(&kx.iomem, p, false) if ((p->flags & ram) == ram && !(p->flags & KX_DM) &&
						   p->start <= start && end <= p->end) return true;
	return false;
}

void kx_capture_start(void)
{
	printk_capture_start(capture, sizeof(capture));
}

const char *kx_capture_stop(void)
{
	printk_capture_stop();
	return capture;
}
