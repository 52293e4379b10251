/* Suite "resource_render": /proc/iomem and /proc/ioports text (r_show) from
 * trees built with the same calls Linux makes, compared byte for byte with
 * captures of real Linux. The trees hang below an iomem and an ioport root
 * of the suite's own, fresh for each case. */
#include "kernel/ktest.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "tests/unit/resource_test_util.h"

#define MEM	IORESOURCE_MEM
#define IO	IORESOURCE_IO
#define SYS_RAM IORESOURCE_SYSTEM_RAM
#define BUSY	IORESOURCE_BUSY
#define ROM	(MEM | BUSY | IORESOURCE_READONLY)

static struct resource iomem, ioport;
static char text[4096];

static int render_init(struct ktest *t)
{
	iomem = (struct resource)IOMEM_ROOT_INIT;
	ioport = (struct resource)IOPORT_ROOT_INIT;
	return rtest_init(t);
}

static void render_exit(struct ktest *t)
{
	rtest_exit(t, &iomem, 0, &ioport);
}

/* How a boot step claims its range. */
enum op {
	INS,	   /* insert_resource(root, r): e820, kernel image, ROMs, PCI */
	REQ,	   /* __request_region(root, ...): drivers, nests in containers */
	CONTAINER, /* __request_region(), then BUSY cleared (virtio-mem, dax) */
};

struct step {
	enum op op;
	resource_size_t start, end;
	const char *name;
	unsigned long flags;
};

static bool run_steps(struct resource *root, const struct step *s)
{
	for (; s->name; s++) {
		struct resource *r;

		if (s->op == INS) {
			r = alloc_resource();
			if (!r)
				return false;
			*r = (struct resource){
			    .start = s->start, .end = s->end, .name = s->name, .flags = s->flags};
			if (insert_resource(root, r)) {
				free_resource(r);
				return false;
			}
			continue;
		}
		r = __request_region(root, s->start, s->end - s->start + 1, s->name, s->flags);
		if (!r)
			return false;
		if (s->op == CONTAINER)
			r->flags &= ~BUSY;
	}
	return true;
}

/* Linux under QEMU pc, virtio-mem plugged to 512 MiB; capture
 * virtio-mem-pc/virtio-mem/3-requested-512M/proc_iomem.txt, verbatim. */
static const char ref_virtio_mem_pc[] = "00000000-00000fff : Reserved\n"
					"00001000-0009fbff : System RAM\n"
					"0009fc00-0009ffff : Reserved\n"
					"000a0000-000bffff : PCI Bus 0000:00\n"
					"000c0000-000c9bff : Video ROM\n"
					"000ca000-000cadff : Adapter ROM\n"
					"000cb000-000cb5ff : Adapter ROM\n"
					"000f0000-000fffff : Reserved\n"
					"  000f0000-000fffff : System ROM\n"
					"00100000-1ffdffff : System RAM\n"
					"  01000000-01e01d31 : Kernel code\n"
					"  02000000-028eafff : Kernel rodata\n"
					"  02a00000-02c4897f : Kernel data\n"
					"  03310000-043fffff : Kernel bss\n"
					"1ffe0000-1fffffff : Reserved\n"
					"20000000-febfffff : PCI Bus 0000:00\n"
					"  fd000000-fdffffff : 0000:00:02.0\n"
					"  fe000000-fe003fff : 0000:00:04.0\n"
					"    fe000000-fe003fff : virtio-pci-modern\n"
					"  feb80000-febbffff : 0000:00:03.0\n"
					"  febc0000-febdffff : 0000:00:03.0\n"
					"  febf0000-febf0fff : 0000:00:02.0\n"
					"fec00000-fec003ff : IOAPIC 0\n"
					"fed00000-fed003ff : HPET 0\n"
					"  fed00000-fed003ff : PNP0103:00\n"
					"fee00000-fee00fff : Local APIC\n"
					"fffc0000-ffffffff : Reserved\n"
					"100000000-13fffffff : virtio0\n"
					"  100000000-11fffffff : System RAM (virtio_mem)\n"
					"200000000-27fffffff : PCI Bus 0000:00\n"
					"fd00000000-ffffffffff : Reserved\n";

/* Boot order as on Linux: ROMs first (so e820 "Reserved" wraps "System
 * ROM"), then e820, the kernel image, platform devices, PCI windows and
 * BARs, drivers, and finally virtio-mem: its device container, and the
 * plugged 512 MiB requested as one range (Linux adds 128 MiB blocks and
 * merges them into this one resource). */
static const struct step virtio_mem_pc_boot[] = {
    {INS, 0xf0000, 0xfffff, "System ROM", ROM},
    {INS, 0xc0000, 0xc9bff, "Video ROM", ROM},
    {INS, 0xca000, 0xcadff, "Adapter ROM", ROM},
    {INS, 0xcb000, 0xcb5ff, "Adapter ROM", ROM},
    {INS, 0x0, 0xfff, "Reserved", MEM | BUSY},
    {INS, 0x1000, 0x9fbff, "System RAM", SYS_RAM | BUSY},
    {INS, 0x9fc00, 0x9ffff, "Reserved", MEM | BUSY},
    {INS, 0xf0000, 0xfffff, "Reserved", MEM | BUSY},
    {INS, 0x100000, 0x1ffdffff, "System RAM", SYS_RAM | BUSY},
    {INS, 0x1ffe0000, 0x1fffffff, "Reserved", MEM},
    {INS, 0xfffc0000, 0xffffffff, "Reserved", MEM},
    {INS, 0xfd00000000, 0xffffffffff, "Reserved", MEM},
    {INS, 0x1000000, 0x1e01d31, "Kernel code", SYS_RAM | BUSY},
    {INS, 0x2000000, 0x28eafff, "Kernel rodata", SYS_RAM | BUSY},
    {INS, 0x2a00000, 0x2c4897f, "Kernel data", SYS_RAM | BUSY},
    {INS, 0x3310000, 0x43fffff, "Kernel bss", SYS_RAM | BUSY},
    {INS, 0xfee00000, 0xfee00fff, "Local APIC", MEM | BUSY},
    {INS, 0xfec00000, 0xfec003ff, "IOAPIC 0", MEM | BUSY},
    {INS, 0xfed00000, 0xfed003ff, "PNP0103:00", MEM},
    {INS, 0xfed00000, 0xfed003ff, "HPET 0", MEM | BUSY},
    {INS, 0xa0000, 0xbffff, "PCI Bus 0000:00", MEM | IORESOURCE_WINDOW},
    {INS, 0x20000000, 0xfebfffff, "PCI Bus 0000:00", MEM | IORESOURCE_WINDOW},
    {INS, 0x200000000, 0x27fffffff, "PCI Bus 0000:00", MEM | IORESOURCE_WINDOW},
    {INS, 0xfd000000, 0xfdffffff, "0000:00:02.0", MEM | IORESOURCE_PREFETCH},
    {INS, 0xfe000000, 0xfe003fff, "0000:00:04.0", MEM | IORESOURCE_MEM_64},
    {INS, 0xfeb80000, 0xfebbffff, "0000:00:03.0", MEM},
    {INS, 0xfebc0000, 0xfebdffff, "0000:00:03.0", MEM},
    {INS, 0xfebf0000, 0xfebf0fff, "0000:00:02.0", MEM},
    {REQ, 0xfe000000, 0xfe003fff, "virtio-pci-modern", 0},
    {CONTAINER, 0x100000000, 0x13fffffff, "virtio0", SYS_RAM | IORESOURCE_EXCLUSIVE},
    {REQ, 0x100000000, 0x11fffffff, "System RAM (virtio_mem)",
     SYS_RAM | BUSY | IORESOURCE_SYSRAM_DRIVER_MANAGED},
    {0},
};

static void iomem_matches_linux_virtio_mem_pc(struct ktest *t)
{
	int n;

	KTEST_ASSERT_TRUE(t, run_steps(&iomem, virtio_mem_pc_boot));
	KTEST_EXPECT_NULL(t, resource_check_tree(&iomem));
	n = iomem_render(&iomem, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, ref_virtio_mem_pc);
	KTEST_EXPECT_EQ(t, n, strlen(ref_virtio_mem_pc));
	KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem), 31);
}

/* Excerpt of pmem-legacy-kmem/numa-m1G-memmap256M-at-0x20000000/4-kmem:
 * a legacy pmem range split into a namespace and a kmem-onlined dax
 * device, three levels deep. */
static const char ref_pmem_kmem[] = "00100000-1fffffff : System RAM\n"
				    "  01000000-01e01d31 : Kernel code\n"
				    "20000000-2fffffff : Persistent Memory (legacy)\n"
				    "  20000000-205fffff : namespace0.0\n"
				    "  28000000-2fffffff : dax0.0\n"
				    "    28000000-2fffffff : System RAM (kmem)\n"
				    "30000000-3ffdffff : System RAM\n";

static const struct step pmem_kmem_boot[] = {
    {INS, 0x100000, 0x1fffffff, "System RAM", SYS_RAM | BUSY},
    {INS, 0x1000000, 0x1e01d31, "Kernel code", SYS_RAM | BUSY},
    {INS, 0x20000000, 0x2fffffff, "Persistent Memory (legacy)", MEM},
    {INS, 0x30000000, 0x3ffdffff, "System RAM", SYS_RAM | BUSY},
    {REQ, 0x20000000, 0x205fffff, "namespace0.0", 0},
    {CONTAINER, 0x28000000, 0x2fffffff, "dax0.0", 0},
    {REQ, 0x28000000, 0x2fffffff, "System RAM (kmem)",
     SYS_RAM | BUSY | IORESOURCE_SYSRAM_DRIVER_MANAGED},
    {0},
};

static void iomem_matches_linux_pmem_kmem(struct ktest *t)
{
	KTEST_ASSERT_TRUE(t, run_steps(&iomem, pmem_kmem_boot));
	iomem_render(&iomem, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, ref_pmem_kmem);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem), 7);
}

/* /proc/ioports: width 4 (root ends below 0x10000). Typical QEMU pc. */
static const char ref_ioports[] = "0000-0cf7 : PCI Bus 0000:00\n"
				  "  0000-001f : dma1\n"
				  "  0020-0021 : pic1\n"
				  "  0040-0043 : timer0\n"
				  "  0060-0060 : keyboard\n"
				  "  0064-0064 : keyboard\n"
				  "  0070-0077 : rtc0\n"
				  "  03f8-03ff : serial\n"
				  "0cf8-0cff : PCI conf1\n"
				  "0d00-ffff : PCI Bus 0000:00\n";

static const struct step ioports_boot[] = {
    {INS, 0x0, 0xcf7, "PCI Bus 0000:00", IO | IORESOURCE_WINDOW},
    {INS, 0xd00, 0xffff, "PCI Bus 0000:00", IO | IORESOURCE_WINDOW},
    {REQ, 0xcf8, 0xcff, "PCI conf1", 0},
    {REQ, 0x0, 0x1f, "dma1", 0},
    {REQ, 0x20, 0x21, "pic1", 0},
    {REQ, 0x40, 0x43, "timer0", 0},
    {REQ, 0x60, 0x60, "keyboard", 0},
    {REQ, 0x64, 0x64, "keyboard", 0},
    {REQ, 0x70, 0x77, "rtc0", 0},
    {REQ, 0x3f8, 0x3ff, "serial", 0},
    {0},
};

static void ioports_width_4(struct ktest *t)
{
	KTEST_ASSERT_TRUE(t, run_steps(&ioport, ioports_boot));
	iomem_render(&ioport, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, ref_ioports);
	KTEST_EXPECT_EQ(t, ioport.child->child->flags, IO | BUSY);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&ioport), 10);
}

/* Eight nested levels: indentation stops growing at MAX_IORES_LEVEL (5),
 * i.e. 10 spaces. The widths are minimums. */
static void depth_capped_at_max_iores_level(struct ktest *t)
{
	static const char want[] = "00000000-fffffffff : L0\n"
				   "  00000000-ffffffff : L1\n"
				   "    00000000-0fffffff : L2\n"
				   "      00000000-00ffffff : L3\n"
				   "        00000000-000fffff : L4\n"
				   "          00000000-0000ffff : L5\n"
				   "          00000000-00000fff : L6\n"
				   "          00000000-000000ff : L7\n";
	static const char *const names[] = {"L0", "L1", "L2", "L3", "L4", "L5", "L6", "L7"};
	resource_size_t end = 0xfffffffff;

	for (int i = 0; i < 8; i++, end >>= 4) {
		struct resource *r = alloc_resource();

		KTEST_ASSERT_NOT_NULL(t, r);
		*r = (struct resource){.start = 0, .end = end, .name = names[i], .flags = MEM};
		/* insert from the root, smallest last: descends every level */
		KTEST_ASSERT_INT_EQ(t, insert_resource(&iomem, r), 0);
	}
	iomem_render(&iomem, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, want);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem), 8);
}

/* NULL name prints <BAD>; a root ending at 0xffff renders width 4 and one
 * ending at 0x10000 width 8 (only the root's end decides). */
static void bad_name_and_width_rule(struct ktest *t)
{
	struct resource small = {.name = "s", .start = 0, .end = 0xffff, .flags = MEM};
	struct resource big = {.name = "b", .start = 0, .end = 0x10000, .flags = MEM};
	struct resource r1 = {.start = 0x1000, .end = 0x1fff, .flags = MEM};
	struct resource r2 = {.start = 0x1000, .end = 0x1fff, .name = "x", .flags = MEM};

	KTEST_ASSERT_INT_EQ(t, request_resource(&small, &r1), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&big, &r2), 0);
	iomem_render(&small, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, "1000-1fff : <BAD>\n");
	iomem_render(&big, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, "00001000-00001fff : x\n");
	KTEST_EXPECT_INT_EQ(t, release_resource(&r1), 0);
	KTEST_EXPECT_INT_EQ(t, release_resource(&r2), 0);
	/* an empty tree renders nothing */
	text[0] = 'x';
	KTEST_EXPECT_EQ(t, iomem_render(&small, text, sizeof(text)), 0);
	KTEST_EXPECT_STREQ(t, text, "");
}

/* snprintf-like: the full length always; the buffer truncated and
 * terminated; size 0 writes nothing (NULL allowed). */
static void render_truncates_like_snprintf(struct ktest *t)
{
	static const char full[] = "00001000-00001fff : a\n00002000-00002fff : b\n";
	const int len = (int)sizeof(full) - 1;
	char small[24];

	KTEST_ASSERT_NOT_NULL(t, __request_region(&iomem, 0x1000, 0x1000, "a", 0));
	KTEST_ASSERT_NOT_NULL(t, __request_region(&iomem, 0x2000, 0x1000, "b", 0));
	KTEST_EXPECT_INT_EQ(t, iomem_render(&iomem, NULL, 0), len);
	memset(small, 'z', sizeof(small));
	KTEST_EXPECT_INT_EQ(t, iomem_render(&iomem, small, 10), len);
	KTEST_EXPECT_STREQ(t, small, "00001000-");
	KTEST_EXPECT_EQ(t, small[10], 'z');
	KTEST_EXPECT_INT_EQ(t, iomem_render(&iomem, small, 23), len);
	KTEST_EXPECT_STREQ(t, small, "00001000-00001fff : a\n");
	KTEST_EXPECT_INT_EQ(t, iomem_render(&iomem, text, len), len);
	KTEST_EXPECT_EQ(t, strlen(text), len - 1);
	KTEST_EXPECT_INT_EQ(t, iomem_render(&iomem, text, len + 1), len);
	KTEST_EXPECT_STREQ(t, text, full);
	KTEST_EXPECT_INT_EQ(t, resource_render_debug(&iomem, NULL, 0),
			    (int)strlen("1000-1fff 0x80000200 0 a\n2000-2fff 0x80000200 0 b\n"));
	__release_region(&iomem, 0x1000, 0x1000);
	__release_region(&iomem, 0x2000, 0x1000);
}

static const struct ktest_case render_cases[] = {
    KTEST_CASE(iomem_matches_linux_virtio_mem_pc),
    KTEST_CASE(iomem_matches_linux_pmem_kmem),
    KTEST_CASE(ioports_width_4),
    KTEST_CASE(depth_capped_at_max_iores_level),
    KTEST_CASE(bad_name_and_width_rule),
    KTEST_CASE(render_truncates_like_snprintf),
    {0},
};

static const struct ktest_suite render_suite = {
    .name = "resource_render",
    .cases = render_cases,
    .init = render_init,
    .exit = render_exit,
};
KTEST_SUITE(render_suite);
