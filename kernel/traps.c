/* Exception handling: GDT+TSS, IDT, register dump, crash verdict. */
#include "kernel/traps.h"

#include "kernel/io.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define TSS_SEL	  0x18
#define DF_IST	  1

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct idt_entry {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __attribute__((packed));

struct table_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern const uint64_t isr_stub_table[32];

static struct tss tss;
static uint64_t gdt[5];
static struct idt_entry idt[32];
/* A double fault usually means the stack is gone (the guard page was hit):
 * it runs on its own stack so the dump can still be printed. */
static uint8_t df_stack[16384] __attribute__((aligned(16)));

static const char *const exception_names[32] = {
    "#DE divide error",
    "#DB debug",
    "NMI",
    "#BP breakpoint",
    "#OF overflow",
    "#BR bound range",
    "#UD invalid opcode",
    "#NM device not available",
    "#DF double fault",
    "coprocessor segment overrun",
    "#TS invalid TSS",
    "#NP segment not present",
    "#SS stack fault",
    "#GP general protection",
    "#PF page fault",
    "reserved 15",
    "#MF x87 error",
    "#AC alignment check",
    "#MC machine check",
    "#XM SIMD error",
    "#VE virtualization",
    "#CP control protection",
    "reserved 22",
    "reserved 23",
    "reserved 24",
    "reserved 25",
    "reserved 26",
    "reserved 27",
    "#HV hypervisor injection",
    "#VC VMM communication",
    "#SX security",
    "reserved 31",
};

static void gdt_init(void)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof(tss) - 1;
	struct table_ptr p;

	tss.ist[DF_IST - 1] = (uint64_t)(df_stack + sizeof(df_stack));
	tss.iomap_base = sizeof(tss);

	gdt[0] = 0;
	gdt[1] = 0x00AF9A000000FFFFull; /* 64-bit code */
	gdt[2] = 0x00CF92000000FFFFull; /* data */
	/* 16-byte TSS descriptor, type 9 (available 64-bit TSS), present. */
	gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[4] = base >> 32;

	p.limit = sizeof(gdt) - 1;
	p.base = (uint64_t)gdt;
	__asm__ volatile("lgdt %0" : : "m"(p));
	/* Reload CS with a far return, then the data segments and the TSS. */
	__asm__ volatile("pushq %0\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w1, %%ax\n\t"
			 "movw %%ax, %%ds\n\t"
			 "movw %%ax, %%es\n\t"
			 "movw %%ax, %%ss\n\t"
			 :
			 : "i"(KERNEL_CS), "i"(KERNEL_DS)
			 : "rax", "memory");
	__asm__ volatile("ltr %w0" : : "r"((uint16_t)TSS_SEL));
}

static void idt_init(void)
{
	struct table_ptr p;

	for (int v = 0; v < 32; v++) {
		uint64_t off = isr_stub_table[v];

		idt[v].offset_lo = off & 0xffff;
		idt[v].selector = KERNEL_CS;
		idt[v].ist = v == 8 ? DF_IST : 0;
		idt[v].type_attr = 0x8e; /* present, ring 0, interrupt gate */
		idt[v].offset_mid = (off >> 16) & 0xffff;
		idt[v].offset_hi = off >> 32;
		idt[v].reserved = 0;
	}
	p.limit = sizeof(idt) - 1;
	p.base = (uint64_t)idt;
	__asm__ volatile("lidt %0" : : "m"(p));
}

void traps_init(void)
{
	gdt_init();
	idt_init();
}

static int in_trap;
volatile struct trap_expect trap_expect;

void trap_handler(struct trap_frame *f)
{
	const char *name = f->vector < 32 ? exception_names[f->vector] : "unknown";

	if (trap_expect.armed && trap_expect.vector == f->vector) {
		trap_expect.armed = 0;
		trap_expect.hit = 1;
		trap_expect.error = f->error;
		trap_expect.cr2 = read_cr2();
		trap_expect.rip = f->rip;
		f->rip = trap_expect.resume_rip;
		return;
	}
	if (in_trap++) {
		/* A fault while reporting a fault: say so in the simplest way. */
		console_puts("# hotmem: panic: nested exception while handling an exception\n");
		machine_exit_crash();
	}
	printk("# hotmem: panic: CPU exception %llu (%s), error code 0x%llx\n",
	       (unsigned long long)f->vector, name, (unsigned long long)f->error);
	if (ktest_current)
		printk("# hotmem: panic: during self-test %s.%s\n", ktest_current->suite->name,
		       ktest_current->tcase->name);
	printk("# RIP: %04llx:%016llx RFLAGS: %016llx\n", (unsigned long long)f->cs,
	       (unsigned long long)f->rip, (unsigned long long)f->rflags);
	printk("# RSP: %04llx:%016llx CR2: %016llx CR3: %016llx\n", (unsigned long long)f->ss,
	       (unsigned long long)f->rsp, (unsigned long long)read_cr2(),
	       (unsigned long long)read_cr3());
	printk("# RAX: %016llx RBX: %016llx RCX: %016llx\n", (unsigned long long)f->rax,
	       (unsigned long long)f->rbx, (unsigned long long)f->rcx);
	printk("# RDX: %016llx RSI: %016llx RDI: %016llx\n", (unsigned long long)f->rdx,
	       (unsigned long long)f->rsi, (unsigned long long)f->rdi);
	printk("# RBP: %016llx R08: %016llx R09: %016llx\n", (unsigned long long)f->rbp,
	       (unsigned long long)f->r8, (unsigned long long)f->r9);
	printk("# R10: %016llx R11: %016llx R12: %016llx\n", (unsigned long long)f->r10,
	       (unsigned long long)f->r11, (unsigned long long)f->r12);
	printk("# R13: %016llx R14: %016llx R15: %016llx\n", (unsigned long long)f->r13,
	       (unsigned long long)f->r14, (unsigned long long)f->r15);
	printk("# CR0: %016llx CR4: %016llx\n", (unsigned long long)read_cr0(),
	       (unsigned long long)read_cr4());
	machine_exit_crash();
}

int crash_on_purpose(const char *what)
{
	if (strcmp(what, "pf") == 0) {
		/* Far above the 4 GiB identity map: not present. */
		volatile uint64_t *p = (volatile uint64_t *)0xdead000000ull;

		printk("# hotmem: crashing on purpose (hotmem.crash=pf)\n");
		(void)*p;
	} else if (strcmp(what, "ud") == 0) {
		printk("# hotmem: crashing on purpose (hotmem.crash=ud)\n");
		__asm__ volatile("ud2");
	} else if (strcmp(what, "de") == 0) {
		volatile unsigned int zero = 0;
		unsigned int q, r;

		printk("# hotmem: crashing on purpose (hotmem.crash=de)\n");
		/* Inline asm: a C division by zero would be undefined behaviour. */
		__asm__ volatile("divl %2" : "=a"(q), "=d"(r) : "r"(zero), "a"(1), "d"(0));
		(void)q;
		(void)r;
	} else {
		return -EINVAL;
	}
	panic("hotmem.crash=%s did not raise an exception", what);
}
