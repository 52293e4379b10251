/* Command-line assembly, checking and the typed boot settings. */
#include "kernel/bootparams.h"

#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/kernel.h"

struct bootparams bootparams = {
    .selftest = "all",
    .exit_mode = EXIT_MODE_AUTO,
};
struct cmdline boot_cmdline;

static const char *const exit_modes[] = {"auto", "halt", "reboot", NULL};
static const char *const crash_kinds[] = {"pf", "ud", "de", NULL};
static const char *const mhp_semantics[] = {"v1", "upstream", NULL};
static const char *const memhp_states[] = {"online", "online_kernel", "online_movable", "offline",
					   NULL};

/* Options this kernel understands so far; anything else is reported. */
static const struct cmdline_opt known_opts[] = {
    {.key = "selftest", .type = OPT_STRING},
    {.key = "hotmem.exit", .type = OPT_ENUM, .enum_values = exit_modes},
    {.key = "hotmem.crash", .type = OPT_ENUM, .enum_values = crash_kinds},
    /* Memory map (mm/setup.c): Linux's meaning, and the firmware emulation. */
    {.key = "mem", .type = OPT_STRING},
    {.key = "memmap", .type = OPT_STRING, .accumulate = true},
    {.key = "fw.e820", .type = OPT_STRING},
    {.key = "fw.hide", .type = OPT_STRING},
    {.key = "memory_block_size", .type = OPT_SIZE},
    /* kdump's reservation (kernel/crash_core.h): SIZE, SIZE@OFFSET, SIZE,high, SIZE,low. */
    {.key = "crashkernel", .type = OPT_STRING, .accumulate = true},
    /* Accepted for Linux command-line compatibility; hotplug uses it. */
    {.key = "memhp_default_state", .type = OPT_ENUM, .enum_values = memhp_states},
    /* docs/hotplug.md: the seed proposal's MHP_DRIVER_MANAGED, or upstream. */
    {.key = "mhp.semantics", .type = OPT_ENUM, .enum_values = mhp_semantics},
    /* docs/events.md: the run-time hotplug event protocol. */
    {.key = "hotmem.events", .type = OPT_U32},
    {.key = "hotmem.idle", .type = OPT_U32},
    /* docs/shell.md: the interactive shell after the self-tests. */
    {.key = "hotmem.shell", .type = OPT_FLAG},
    /* dax/kmem: online legacy persistent memory as System RAM (kmem). */
    {.key = "dax.kmem", .type = OPT_BOOL},
};

static void report_option(const char *key, const char *why, void *ctx)
{
	(void)ctx;
	if (!key)
		printk(KERN_WARNING "cmdline: %s\n", why);
	else
		printk(KERN_WARNING "cmdline: ignoring option '%s': %s\n", key, why);
}

void bootparams_init(const char *loader_cmdline, const char *extra, const char *extra_from)
{
	size_t idx;

	cmdline_init(&boot_cmdline);
	if (loader_cmdline)
		cmdline_parse(&boot_cmdline, loader_cmdline);
	printk("cmdline: loader: \"%s\"\n", loader_cmdline ? loader_cmdline : "");
	if (extra) {
		printk("cmdline: %s: \"%s\"\n", extra_from, extra);
		cmdline_parse(&boot_cmdline, extra);
	}
	cmdline_check(&boot_cmdline, known_opts, ARRAY_SIZE(known_opts), report_option, NULL);

	if (cmdline_has(&boot_cmdline, "selftest"))
		bootparams.selftest = cmdline_get(&boot_cmdline, "selftest");
	if (cmdline_get_enum(&boot_cmdline, "hotmem.exit", exit_modes, &idx) == 0)
		bootparams.exit_mode = idx == 1	  ? EXIT_MODE_HALT
				       : idx == 2 ? EXIT_MODE_REBOOT
						  : EXIT_MODE_AUTO;
	machine_set_exit_mode(bootparams.exit_mode);
	if (cmdline_has(&boot_cmdline, "hotmem.crash"))
		bootparams.crash = cmdline_get(&boot_cmdline, "hotmem.crash");
	bootparams.shell = cmdline_has(&boot_cmdline, "hotmem.shell");
}
