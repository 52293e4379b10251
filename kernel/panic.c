/* panic() and the end of a run. */
#include "kernel/panic.h"

#include "kernel/io.h"
#include "kernel/kalloc_kernel.h"
#include "kernel/printk.h"
#include "kernel/screen.h"
#include "lib/printf.h"

static enum exit_mode exit_mode = EXIT_MODE_AUTO;
static void (*exit_hook)(uint32_t value);

void machine_set_exit_mode(enum exit_mode mode)
{
	exit_mode = mode;
}

void machine_register_exit_hook(void (*hook)(uint32_t value))
{
	exit_hook = hook;
}

static __attribute__((noreturn)) void machine_reboot(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) no_idt = {0, 0};

	/* Keyboard controller reset line first; if that does nothing, an
	 * exception with an empty IDT triple-faults the CPU. */
	for (int i = 0; i < 10000 && (inb(0x64) & 2); i++)
		cpu_relax();
	outb(0x64, 0xfe);
	__asm__ volatile("lidt %0; int3" : : "m"(no_idt));
	halt_forever();
}

void machine_exit(uint32_t value)
{
	if (exit_mode == EXIT_MODE_REBOOT)
		machine_reboot();
	if (exit_mode == EXIT_MODE_AUTO && exit_hook)
		exit_hook(value);
	/* Real hardware (or halt mode): stop here so the result stays on screen. */
	printk("# hotmem: halted\n");
	halt_forever();
}

void machine_exit_crash(void)
{
	/* People see the CRASH banner and the register dump, which the caller
	 * has printed (docs/screen.md); the serial log already has it all. */
	screen_crash();
	machine_exit(EXIT_VALUE_CRASH);
}

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("# hotmem: panic: %s\n", buf);
	machine_exit_crash();
}

void kalloc_bad_free(void *p)
{
	panic("kfree(%p): not a live kzalloc() block (double free or wild pointer)", p);
}
