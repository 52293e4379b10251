/* kernel_main: the boot sequence. Consoles first (so every later problem can
 * be reported), then traps, boot info, command line, self-tests, verdict. */
#include <stdint.h>

#include "drivers/acpi/acpi.h"
#include "drivers/acpi/memhotplug.h"
#include "drivers/acpi/resources.h"
#include "drivers/clocksource/clocksource.h"
#include "drivers/dax/kmem.h"
#include "drivers/firmware/memmap.h"
#include "drivers/firmware/probe_roms.h"
#include "drivers/firmware/qemu_fw_cfg.h"
#include "drivers/hotmem_test/hotmem_test.h"
#include "drivers/input/input_drivers.h"
#include "drivers/pci/pci_conf1.h"
#include "drivers/serial/uart16550.h"
#include "drivers/video/fb.h"
#include "drivers/virtio/virtio_mem_kernel.h"
#include "kernel/bootparams.h"
#include "kernel/console.h"
#include "kernel/crash_core.h"
#include "kernel/hotplug_events.h"
#include "kernel/io.h"
#include "kernel/kexec.h"
#include "kernel/ktest.h"
#include "kernel/meminfo.h"
#include "kernel/multiboot2.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/pseudofs.h"
#include "kernel/screen.h"
#include "kernel/shell_main.h"
#include "kernel/timer.h"
#include "kernel/traps.h"
#include "kernel/version.h"
#include "kernel/views.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/crashkernel.h"
#include "mm/e820.h"
#include "mm/e820_resources.h"
#include "mm/hotplug_machine.h"
#include "mm/memory_hotplug.h"
#include "mm/paging.h"
#include "mm/pattern.h"
#include "mm/setup.h"

void kernel_main(uint32_t magic, uint32_t info_addr);

static struct mb2_info mbi;

static void fb_from_mb2(const struct mb2_info *m, struct fb_info *fb)
{
	memset(fb, 0, sizeof(*fb));
	if (!m->fb.present) {
		fb->kind = FB_KIND_NONE;
		return;
	}
	fb->kind = m->fb.type == MB2_FB_TYPE_RGB	? FB_KIND_RGB
		   : m->fb.type == MB2_FB_TYPE_EGA_TEXT ? FB_KIND_EGA_TEXT
							: FB_KIND_INDEXED;
	fb->addr = m->fb.addr;
	fb->pitch = m->fb.pitch;
	fb->width = m->fb.width;
	fb->height = m->fb.height;
	fb->bpp = m->fb.bpp;
	fb->red_pos = m->fb.red_pos;
	fb->red_size = m->fb.red_size;
	fb->green_pos = m->fb.green_pos;
	fb->green_size = m->fb.green_size;
	fb->blue_pos = m->fb.blue_pos;
	fb->blue_size = m->fb.blue_size;
}

static void report_boot_info(int err)
{
	printk("boot: loader \"%s\", info at %d bytes\n", mbi.loader_name ? mbi.loader_name : "?",
	       (int)mbi.total_size);
	for (size_t i = 0; i < mbi.nproblems; i++) {
		const struct mb2_problem *p = &mbi.problems[i];

		printk(KERN_WARNING "boot: multiboot2 %s: %s at offset %u (tag %u, %s)\n",
		       mb2_error_is_warning(p->code) ? "warning" : "error", mb2_error_name(p->code),
		       p->offset, p->type, mb2_tag_name(p->type));
	}
	if (err)
		printk(KERN_ERR "boot: multiboot2 info is malformed (%s); using the valid parts\n",
		       errno_name(err));
	if (mbi.has_mmap)
		printk("boot: memory map: %zu entries (entry size %u)\n", mbi.mmap_count,
		       mbi.mmap_entry_size);
	if (mbi.has_efi_mmap)
		printk("boot: EFI memory map: %zu descriptors\n", mbi.efi_mmap_count);
	if (mbi.fb.present)
		printk("boot: framebuffer %ux%u, %u bpp, type %u at %#llx\n", mbi.fb.width,
		       mbi.fb.height, mbi.fb.bpp, mbi.fb.type, (unsigned long long)mbi.fb.addr);
	if (!mbi.has_mmap && !mbi.has_efi_mmap)
		printk(KERN_ERR "boot: error: the boot loader gave no memory map\n");
}

/* docs/cmdline.md: under QEMU, the fw_cfg file opt/org.hotmem/cmdline is
 * appended to the loader's command line (one ISO, many configurations). */
#define FW_CFG_CMDLINE "opt/org.hotmem/cmdline"

static const char *fw_cfg_cmdline(void)
{
	static char buf[2048];
	long n = qemu_fw_cfg_read_file(FW_CFG_CMDLINE, buf, sizeof(buf));

	if (n >= 0)
		return buf;
	if (n != -ENOENT)
		printk(KERN_WARNING "cmdline: cannot read fw_cfg %s: %s\n", FW_CFG_CMDLINE,
		       errno_name((int)n));
	return NULL;
}

/* Memory map and resource tree, in Linux's setup_arch() order: e820 tables,
 * ROMs, the kernel image, e820 resources and firmware memmap entries, ACPI
 * devices, the late e820 pass, then the memmap is published (late_initcall). */
static struct probe_roms_state machine_roms;
static struct e820_res_set machine_e820_res;
static struct acpi_res_state machine_acpi_res;

/* The TSC is calibrated against the PIT; on machines without one, against
 * the HPET or the ACPI PM timer, Linux's references in its order. */
static void register_reference_clocks(void)
{
	if (acpi_tables.nhpets)
		hpet_clock_register(acpi_tables.hpets[0].base);
	acpi_pm_clock_register(&acpi_tables.pm_timer);
}

static void setup_memory_map(uint64_t info_addr)
{
	const void *rsdp = mbi.rsdp_new ? mbi.rsdp_new : mbi.rsdp_old;
	size_t rsdp_len = mbi.rsdp_new ? mbi.rsdp_new_len : mbi.rsdp_old_len;
	const struct e820_efi_desc *efi;
	size_t nefi;
	int err;

	err = memory_setup(&mbi, info_addr, mbi.total_size, &boot_cmdline);
	if (err)
		panic("no usable memory map (%s)", errno_name(err));
	acpi_init(rsdp, rsdp_len);
	/* Before memblock: the boot logo stays out of every allocator. */
	nefi = efi_memmap_descs(&efi);
	acpi_bgrt_init(efi, nefi);
	memory_setup_memblock(&mbi, info_addr, mbi.total_size, &boot_cmdline);
	register_reference_clocks();
	timer_init(); /* says which clock it used */
	probe_roms(&machine_roms, &iomem_resource, paging_read_phys, NULL);
	err = e820__reserve_resources(&machine_e820_res, &iomem_resource, &init_firmware_map,
				      e820_table, e820_table_firmware);
	if (err)
		panic("cannot build the e820 resources (%s)", errno_name(err));
	reserve_kernel_resources();
	crashkernel_insert_resources(&iomem_resource, &crashk_res, &crashk_low_res);
	acpi_insert_resources(&machine_acpi_res, &iomem_resource, &acpi_tables);
	e820__reserve_resources_late(&machine_e820_res, &iomem_resource, e820_table);
}

/* Hotplug: the machine's page tables and page allocator behind the core,
 * memory blocks for boot RAM, then the devices that add memory. */
static void setup_hotplug(void)
{
	const struct fw_range *win;
	uint64_t starts[FW_EMUL_MAX_HIDE], sizes[FW_EMUL_MAX_HIDE];
	size_t n;
	bool kmem;

	if (paging_init())
		printk(KERN_ERR "paging: no page-table pool; hot-added memory above 4 GiB cannot "
				"be mapped\n");
	hotplug_machine_init();
	if (memory_hotplug_init(&boot_cmdline))
		printk(KERN_ERR "memory: cannot create the boot memory blocks (out of memory); "
				"none were made\n");
	/* Cold-plugged DIMMs are added before the firmware memmap is published
	 * (Linux's late_initcall), so like Linux they get the first indexes. */
	acpi_memhp_machine_init(&init_mhp, &init_hotplug_pollers);
	firmware_memmap_init();
	n = fw_emul_hidden_windows(&fw_emul, &win);
	for (size_t i = 0; i < n; i++) {
		starts[i] = win[i].start;
		sizes[i] = win[i].size;
	}
	hotmem_test_init(&init_mhp, starts, sizes, (int)n);
	/* Legacy persistent memory (memmap=nn!ss): namespace/dax devices, and
	 * with dax.kmem=1 its memory as driver-managed System RAM (kmem). */
	kmem = false;
	cmdline_get_bool(&boot_cmdline, "dax.kmem", &kmem);
	dax_kmem_set_enabled(&init_dax, kmem);
	dax_pmem_probe(&init_dax, &init_hotplug_pollers);
	/* Without the event protocol, kmem binds at boot; with it, binding is
	 * the event the host waits for. */
	if (!cmdline_has(&boot_cmdline, "hotmem.events"))
		dax_kmem_bind_all(&init_dax);
	/* Boot-time adds are done: the mem= limit no longer applies. */
	mhp_set_system_state(SYSTEM_RUNNING);
}

/* The event checks' memory test: every free page of the range is
 * pattern-tested (pages in use are left alone). */
static int event_memory_test(uint64_t start, uint64_t end)
{
	uint64_t bad = 0, n = 0;
	int err = pattern_test_free_pages(start, end, &bad, &n);

	if (err == -EIO)
		printk("pattern: bad memory at %#llx\n", (unsigned long long)bad);
	return err;
}

/* Events served so far: the shell's numbers go on from there. */
static unsigned events_handled;

/* docs/events.md: with hotmem.events=N, after the self-tests the kernel
 * serves N run-time hotplug events (or stops after hotmem.idle=S seconds
 * without one) before it prints the verdict. */
static enum ktest_verdict run_hotplug_events(enum ktest_verdict verdict)
{
	static const struct hotplug_event_ops ops = {ktime_ms, mdelay, 10, event_memory_test};
	uint64_t nev = 0, idle = 30;
	struct hotplug_event_result r;

	cmdline_get_u64(&boot_cmdline, "hotmem.events", &nev);
	cmdline_get_u64(&boot_cmdline, "hotmem.idle", &idle);
	if (!nev)
		return verdict;
	screen_stage("Serving run-time hotplug events (hotmem.events)");
	r = hotplug_event_loop(&init_pfs_ns, &init_hotplug_pollers, (unsigned int)nev,
			       (unsigned int)idle, &ops);
	events_handled = r.handled;
	return (enum ktest_verdict)hotplug_event_verdict(verdict, &r);
}

/* KTAP goes straight to the consoles, even while a test captures printk. */
static void ktap_write(const char *s)
{
	console_write(s, strlen(s));
}

static const char *verdict_name(enum ktest_verdict v)
{
	return v == KTEST_VERDICT_PASS ? "PASS" : v == KTEST_VERDICT_FAIL ? "FAIL" : "SKIP";
}

static uint32_t verdict_exit_value(enum ktest_verdict v)
{
	return v == KTEST_VERDICT_PASS	 ? EXIT_VALUE_PASS
	       : v == KTEST_VERDICT_FAIL ? EXIT_VALUE_FAIL
					 : EXIT_VALUE_SKIP;
}

/* Milliseconds from kernel entry to the end of the self-tests and events:
 * the time the summary shows. */
static uint64_t run_ms;

static __attribute__((noreturn)) void end_run(enum ktest_verdict verdict)
{
	printk("# hotmem: verdict %s\n", verdict_name(verdict));
	screen_summary(verdict_name(verdict), run_ms);
	machine_exit(verdict_exit_value(verdict));
}

/* The screen's header (docs/screen.md): what the loader and the consoles
 * tell about this machine. */
static void start_screen(const char *extra_cmdline)
{
	static char consoles[96], cmdline[160];
	struct screen_facts f = {0};
	struct mb2_mmap_entry e;

	f.firmware = mbi.has_efi64 || mbi.has_efi_mmap ? "UEFI" : "BIOS";
	f.loader = mbi.loader_name;
	for (size_t i = 0; i < mbi.mmap_count; i++)
		if (mb2_mmap_entry(&mbi, i, &e) == 0 && e.type == MB2_MMAP_AVAILABLE)
			f.ram_bytes += e.len;
	f.screen = console_people_desc();
	console_describe(consoles, sizeof(consoles));
	f.consoles = consoles;
	snprintf(cmdline, sizeof(cmdline), "%s%s%s", mbi.cmdline ? mbi.cmdline : "",
		 mbi.cmdline && extra_cmdline ? " " : "", extra_cmdline ? extra_cmdline : "");
	f.cmdline = cmdline;
	screen_start(&f);
}

void kernel_main(uint32_t magic, uint32_t info_addr)
{
	const void *info = (const void *)(uintptr_t)info_addr;
	uint64_t boot_tsc = rdtsc();
	struct fb_info fb;
	enum ktest_verdict verdict;
	const char *extra;
	int err, vid;
	bool qemu;

	serial_console_init();
	traps_init();
	qemu = qemu_fw_cfg_init();

	/* boot/entry.asm already refused a bad magic; this guards the C entry. */
	if (!mb2_magic_ok(magic))
		panic("bad multiboot2 magic %#x", magic);
	/* The first 8 bytes are readable by contract; total_size bounds the rest. */
	err = mb2_parse(info, *(const uint32_t *)info, &mbi);
	fb_from_mb2(&mbi, &fb);
	vid = video_console_init(&fb);

	printk("hotmem %s: memory-map test kernel (x86-64, multiboot2)\n", HOTMEM_VERSION);
	if (vid)
		printk("video: no screen console (%s)\n", errno_name(vid));
	report_boot_info(err);

	extra = qemu ? fw_cfg_cmdline() : NULL;
	bootparams_init(mbi.cmdline, extra, "fw_cfg " FW_CFG_CMDLINE);
	/* From here on the screen shows its layout, not the log. */
	start_screen(extra);
	screen_stage("Setting up the memory map, memory hotplug and devices");
	if (bootparams.crash)
		crash_on_purpose(bootparams.crash);

	setup_memory_map(info_addr);
	console_log_grow();
	setup_hotplug();
	/* /proc/meminfo from here on: memblock and the page allocator are up. */
	pfs_kernel_meminfo = kernel_meminfo;
	/* Devices after the core: PCI BARs into the tree, then virtio-mem
	 * plugs its requested size and registers its poller. */
	pci_init();
	virtio_mem_init(&init_mhp, &init_hotplug_pollers);
	input_drivers_init();
	print_snapshot("boot");
	pfs_dump(&init_pfs_ns, "/proc/ioports");
	pfs_dump(&init_pfs_ns, "/sys/devices/system/memory/block_size_bytes");
	pfs_dump(&init_pfs_ns, "/sys/devices/system/memory/auto_online_blocks");
	dump_memory_block_states(true);
	dump_kexec_views_in(&init_pfs_ns);

	ktest_write = ktap_write;
	verdict = ktest_run_all(bootparams.selftest);
	verdict = run_hotplug_events(verdict);
	run_ms = tsc_ms(rdtsc() - boot_tsc);
	if (bootparams.shell) {
		/* docs/shell.md: the summary stays on the screen, the verdict
		 * line comes with `exit`. */
		screen_summary(verdict_name(verdict), run_ms);
		shell_main(verdict, events_handled, event_memory_test, end_run);
	}
	end_run(verdict);
}
