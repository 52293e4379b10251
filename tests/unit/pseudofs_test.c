/* Tests of kernel/pseudofs.c: reading each kind of row, unknown paths,
 * refused writes that change nothing, stores, listing (numbered directories
 * in index order), the dump format and the dump's retry with a doubled
 * buffer.
 *
 * The namespace is the test's own: fresh resource roots for the /proc
 * rows, and the hotplug suites' fresh world (memtest_init) for the memmap,
 * memory block and kexec rows. */
#include "drivers/firmware/memmap.h"
#include "kernel/kalloc.h"
#include "kernel/kexec.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/pseudofs.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "tests/unit/memory_test_util.h"

#define MEMORY_DIR "/sys/devices/system/memory"

static struct resource mem_root = IOMEM_ROOT_INIT;
static struct resource io_root = IOPORT_ROOT_INIT;
static const struct kexec_switches switches;
static const struct kexec_view_src kexec_src = {
    .iomem = &mt.iomem, .fwmap = &mt.fwmap, .sw = &switches};
static const struct pfs_ns ns = {.iomem = &mem_root,
				 .ioport = &io_root,
				 .fwmap = &mt.fwmap,
				 .mhp = &mt.mhp,
				 .kexec = &kexec_src};

static struct resource ram, kcode, rsvd, dma1;

static char text[4096];
static struct seq_buf m;

static void build_roots(struct ktest *t)
{
	ram = (struct resource){.name = "System RAM", .start = 0x1000, .end = 0x9fbff};
	kcode = (struct resource){.name = "Kernel code", .start = 0x2000, .end = 0x2fff};
	rsvd = (struct resource){.name = "Reserved", .start = 0x9fc00, .end = 0x9ffff};
	dma1 = (struct resource){.name = "dma1", .start = 0x0, .end = 0x1f};
	KTEST_ASSERT_INT_EQ(t, request_resource(&mem_root, &ram), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&ram, &kcode), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&mem_root, &rsvd), 0);
	KTEST_ASSERT_INT_EQ(t, request_resource(&io_root, &dma1), 0);
}

/* The roots' children are the test's static resources: unlinking is enough. */
static void drop_roots(void)
{
	mem_root.child = NULL;
	io_root.child = NULL;
}

static const char *read_path(const char *path, int *ret)
{
	seq_buf_init(&m, text, sizeof(text));
	*ret = pfs_read(&ns, path, &m);
	return text;
}

#define EXPECT_READ(t, path, want)                                    \
	do {                                                          \
		int __ret;                                            \
		KTEST_EXPECT_STREQ(t, read_path(path, &__ret), want); \
		KTEST_EXPECT_INT_EQ(t, __ret, 0);                     \
	} while (0)

#define EXPECT_READ_ERR(t, path, err)               \
	do {                                        \
		int __ret;                          \
		read_path(path, &__ret);            \
		KTEST_EXPECT_INT_EQ(t, __ret, err); \
	} while (0)

static void proc_files_of_fresh_roots(struct ktest *t)
{
	build_roots(t);
	EXPECT_READ(t, "/proc/iomem",
		    "00001000-0009fbff : System RAM\n"
		    "  00002000-00002fff : Kernel code\n"
		    "0009fc00-0009ffff : Reserved\n");
	EXPECT_READ(t, "/proc/ioports", "0000-001f : dma1\n");
	/* A too small buffer shows the overflow, cut like snprintf. */
	seq_buf_init(&m, text, 10);
	KTEST_EXPECT_INT_EQ(t, pfs_read(&ns, "/proc/ioports", &m), 0);
	KTEST_EXPECT_TRUE(t, seq_buf_has_overflowed(&m));
	KTEST_EXPECT_STREQ(t, text, "0000-001f");
	KTEST_EXPECT_EQ(t, seq_buf_wanted(&m), 17);
	drop_roots();
	EXPECT_READ(t, "/proc/iomem", "");
}

/* Every kind of sysfs row: a memmap entry, the memory directory's files and
 * a memoryN file; a hotmem view. */
static void sysfs_files(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, firmware_map_add_early_in(&mt.fwmap, 0x0, 0x9fc00, "System RAM"), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&mt.fwmap), 0);
	EXPECT_READ(t, "/sys/firmware/memmap/0/start", "0x0\n");
	EXPECT_READ(t, "/sys/firmware/memmap/0/end", "0x9fbff\n");
	EXPECT_READ(t, "/sys/firmware/memmap/0/type", "System RAM\n");

	KTEST_ASSERT_INT_EQ(
	    t, create_memory_block_devices_in(&mt.mhp, FAKE_BASE, FAKE_UNIT, 0, 0, NULL, true), 0);
	EXPECT_READ(t, MEMORY_DIR "/block_size_bytes", "8000000\n");
	EXPECT_READ(t, MEMORY_DIR "/auto_online_blocks", "offline\n");
	EXPECT_READ(t, MEMORY_DIR "/memory512/state", "offline\n");
	EXPECT_READ(t, MEMORY_DIR "/memory512/online", "0\n");
	EXPECT_READ(t, MEMORY_DIR "/memory512/phys_index", "00000200\n");
	EXPECT_READ(t, MEMORY_DIR "/memory512/phys_device", "0\n");
	EXPECT_READ(t, MEMORY_DIR "/memory512/removable", "1\n");
	EXPECT_READ(t, MEMORY_DIR "/memory512/valid_zones", "Normal Movable\n");

	/* The fixture's iomem has no System RAM: kexec_file may use nothing. */
	EXPECT_READ(t, KEXEC_FILE_RAM_PATH, "");
	remove_memory_block_devices_in(&mt.mhp, FAKE_BASE, FAKE_UNIT);
}

static void unknown_paths(struct ktest *t)
{
	EXPECT_READ_ERR(t, "/proc/nope", -ENOENT);
	EXPECT_READ_ERR(t, "/proc/iomem/x", -ENOENT);
	EXPECT_READ_ERR(t, "/proc/iomem/", -ENOENT);
	EXPECT_READ_ERR(t, "proc/iomem", -ENOENT);
	EXPECT_READ_ERR(t, "", -ENOENT);
	EXPECT_READ_ERR(t, "/proc", -EISDIR);
	EXPECT_READ_ERR(t, "/", -EISDIR);
	EXPECT_READ_ERR(t, "/sys/firmware/memmap/0/start", -ENOENT);
	EXPECT_READ_ERR(t, "/sys/firmware/memmap/x/start", -ENOENT);
	EXPECT_READ_ERR(t, MEMORY_DIR "/memory512/state", -ENOENT);
	/* Linux's probe file is write-only. */
	EXPECT_READ_ERR(t, MEMORY_DIR "/probe", -EACCES);

	KTEST_ASSERT_INT_EQ(
	    t, create_memory_block_devices_in(&mt.mhp, FAKE_BASE, FAKE_UNIT, 0, 0, NULL, true), 0);
	/* Only the canonical name, only existing files of the directory. */
	EXPECT_READ_ERR(t, MEMORY_DIR "/memory0512/state", -ENOENT);
	EXPECT_READ_ERR(t, MEMORY_DIR "/memory512x/state", -ENOENT);
	EXPECT_READ_ERR(t, MEMORY_DIR "/memory512/size", -ENOENT);
	EXPECT_READ_ERR(t, MEMORY_DIR "/memory512", -EISDIR);
	EXPECT_READ_ERR(t, MEMORY_DIR "/memory513/state", -ENOENT);
	EXPECT_READ_ERR(t, MEMORY_DIR "/memory99999999999999999999/state", -ENOENT);
	remove_memory_block_devices_in(&mt.mhp, FAKE_BASE, FAKE_UNIT);
}

/* Read-only files refuse as Linux does (procfs -EIO, kernfs -EACCES) and
 * nothing changes; so do directories and unknown paths. */
static void write_refused_changes_nothing(struct ktest *t)
{
	static char before[512];

	build_roots(t);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, "/proc/iomem", "0-1 : x\n", 8), -EIO);
	EXPECT_READ(t, "/proc/iomem",
		    "00001000-0009fbff : System RAM\n"
		    "  00002000-00002fff : Kernel code\n"
		    "0009fc00-0009ffff : Reserved\n");
	drop_roots();

	KTEST_ASSERT_INT_EQ(
	    t, create_memory_block_devices_in(&mt.mhp, FAKE_BASE, FAKE_UNIT, 0, 0, NULL, true), 0);
	memory_blocks_render_debug_in(&mt.mhp, before, sizeof(before));
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, MEMORY_DIR "/block_size_bytes", "10000000", 8),
			    -EACCES);
	KTEST_EXPECT_EQ(t, memory_block_size_bytes_in(&mt.mhp), 128 * MiB);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, MEMORY_DIR "/memory512/phys_index", "1", 1), -EACCES);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, MEMORY_DIR "/memory512", "1", 1), -EISDIR);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, MEMORY_DIR "/memory513/state", "online", 6), -ENOENT);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, "/proc", "1", 1), -EISDIR);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, "/proc/nope", "1", 1), -ENOENT);
	/* A store's refusal changes nothing either. */
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, MEMORY_DIR "/memory512/state", "offline", 7),
			    -EINVAL);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, MEMORY_DIR "/auto_online_blocks", "sideways", 8),
			    -EINVAL);
	memory_blocks_render_debug_in(&mt.mhp, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, before);
	EXPECT_READ(t, MEMORY_DIR "/auto_online_blocks", "offline\n");
	remove_memory_block_devices_in(&mt.mhp, FAKE_BASE, FAKE_UNIT);
}

/* Stores get a terminated copy of exactly count bytes; the result is count. */
static void stores(struct ktest *t)
{
	static char big[4097];

	KTEST_ASSERT_INT_EQ(
	    t, create_memory_block_devices_in(&mt.mhp, FAKE_BASE, FAKE_UNIT, 0, 0, NULL, true), 0);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, MEMORY_DIR "/auto_online_blocks", "online\nXYZ", 7),
			    7);
	EXPECT_READ(t, MEMORY_DIR "/auto_online_blocks", "online\n");
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, MEMORY_DIR "/memory512/state", "online_movable", 14),
			    14);
	EXPECT_READ(t, MEMORY_DIR "/memory512/state", "online\n");
	EXPECT_READ(t, MEMORY_DIR "/memory512/valid_zones", "Movable\n");
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, MEMORY_DIR "/memory512/online", "0", 1), 1);
	EXPECT_READ(t, MEMORY_DIR "/memory512/online", "0\n");
	/* Empty writes do nothing; more than a page is refused. */
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, MEMORY_DIR "/memory512/online", "1", 0), 0);
	EXPECT_READ(t, MEMORY_DIR "/memory512/online", "0\n");
	memset(big, '1', sizeof(big) - 1);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, MEMORY_DIR "/memory512/online", big, 4097), -E2BIG);
	EXPECT_READ(t, MEMORY_DIR "/memory512/online", "0\n");
	/* probe: one block at a block-aligned address, a store's error as is */
	KTEST_EXPECT_INT_EQ(t, pfs_write(&ns, MEMORY_DIR "/probe", "0x1001", 6), -EINVAL);
	remove_memory_block_devices_in(&mt.mhp, FAKE_BASE, FAKE_UNIT);
}

struct listing {
	char text[512];
	struct seq_buf s;
	int stop_after; /* 0: never */
	int calls;
};

static int collect(void *arg, const char *name, bool is_dir)
{
	struct listing *l = arg;

	seq_buf_printf(&l->s, "%s%s ", name, is_dir ? "/" : "");
	return ++l->calls == l->stop_after ? 42 : 0;
}

static const char *list(const char *dir, int *ret, int stop_after)
{
	static struct listing l;

	seq_buf_init(&l.s, l.text, sizeof(l.text));
	l.calls = 0;
	l.stop_after = stop_after;
	*ret = pfs_list(&ns, dir, collect, &l);
	return l.text;
}

#define EXPECT_LIST(t, dir, want)                                  \
	do {                                                       \
		int __ret;                                         \
		KTEST_EXPECT_STREQ(t, list(dir, &__ret, 0), want); \
		KTEST_EXPECT_INT_EQ(t, __ret, 0);                  \
	} while (0)

/* Files in table order, then numbered directories in index order (gaps
 * where entries went); intermediate directories appear once. */
static void list_directories(struct ktest *t)
{
	int ret;

	KTEST_ASSERT_INT_EQ(t, firmware_map_add_early_in(&mt.fwmap, 0x0, 0x9fc00, "System RAM"), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_map_add_early_in(&mt.fwmap, 0x9fc00, 0xa0000, "Reserved"),
			    0);
	KTEST_ASSERT_INT_EQ(
	    t, firmware_map_add_early_in(&mt.fwmap, 0x100000, 0x1000000, "System RAM"), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_memmap_init_in(&mt.fwmap), 0);
	KTEST_ASSERT_INT_EQ(t, firmware_map_remove_in(&mt.fwmap, 0x9fc00, 0xa0000, "Reserved"), 0);
	KTEST_ASSERT_INT_EQ(
	    t, firmware_map_add_hotplug_in(&mt.fwmap, FAKE_BASE, FAKE_BASE + GiB, "System RAM"), 0);
	EXPECT_LIST(t, "/sys/firmware/memmap", "0/ 2/ 3/ ");
	EXPECT_LIST(t, "/sys/firmware/memmap/3", "start end type ");
	EXPECT_READ(t, "/sys/firmware/memmap/3/start", "0x1000000000\n");
	EXPECT_READ_ERR(t, "/sys/firmware/memmap/1/start", -ENOENT);
	KTEST_EXPECT_STREQ(t, list("/sys/firmware/memmap/1", &ret, 0), "");
	KTEST_EXPECT_INT_EQ(t, ret, -ENOENT);

	KTEST_ASSERT_INT_EQ(t,
			    create_memory_block_devices_in(&mt.mhp, FAKE_BASE + 2 * FAKE_UNIT,
							   FAKE_UNIT, 0, 0, NULL, true),
			    0);
	KTEST_ASSERT_INT_EQ(
	    t, create_memory_block_devices_in(&mt.mhp, FAKE_BASE, FAKE_UNIT, 0, 0, NULL, true), 0);
	EXPECT_LIST(t, MEMORY_DIR,
		    "block_size_bytes auto_online_blocks probe memory512/ memory514/ ");
	EXPECT_LIST(t, MEMORY_DIR "/memory514",
		    "state online phys_index phys_device removable valid_zones node0/ ");
	EXPECT_LIST(t, "/", "proc/ sys/ ");
	EXPECT_LIST(t, "/proc", "iomem ioports ");
	EXPECT_LIST(t, "/sys", "firmware/ devices/ kernel/ ");
	EXPECT_LIST(t, "/sys/kernel/hotmem",
		    "kexec_file_ram kexec_load_memmap kdump_ranges kdump_iomem_ranges ");
	/* The callback's non-zero return stops the walk and is returned. */
	KTEST_EXPECT_STREQ(t, list(MEMORY_DIR, &ret, 4),
			   "block_size_bytes auto_online_blocks "
			   "probe memory512/ ");
	KTEST_EXPECT_INT_EQ(t, ret, 42);
	KTEST_EXPECT_STREQ(t, list("/proc/iomem", &ret, 0), "");
	KTEST_EXPECT_INT_EQ(t, ret, -ENOTDIR);
	KTEST_EXPECT_STREQ(t, list("/nope", &ret, 0), "");
	KTEST_EXPECT_INT_EQ(t, ret, -ENOENT);
	remove_memory_block_devices_in(&mt.mhp, FAKE_BASE, 3 * FAKE_UNIT);
}

static char capture[16384];

/* "# dump-begin <path>", the text, "# dump-end <path>"; a directory dumps
 * its files in listing order; errors are reported. */
static void dump_format(struct ktest *t)
{
	build_roots(t);
	printk_capture_start(capture, sizeof(capture));
	KTEST_EXPECT_INT_EQ(t, pfs_dump(&ns, "/proc/ioports"), 0);
	KTEST_EXPECT_INT_EQ(t, pfs_dump(&ns, "/proc"), 0);
	KTEST_EXPECT_INT_EQ(t, pfs_dump(&ns, "/proc/nope"), -ENOENT);
	KTEST_EXPECT_INT_EQ(t, pfs_dump(&ns, MEMORY_DIR "/probe"), -EACCES);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, capture,
			   "# dump-begin /proc/ioports\n"
			   "0000-001f : dma1\n"
			   "# dump-end /proc/ioports\n"
			   "# dump-begin /proc/iomem\n"
			   "00001000-0009fbff : System RAM\n"
			   "  00002000-00002fff : Kernel code\n"
			   "0009fc00-0009ffff : Reserved\n"
			   "# dump-end /proc/iomem\n"
			   "# dump-begin /proc/ioports\n"
			   "0000-001f : dma1\n"
			   "# dump-end /proc/ioports\n"
			   "pfs: cannot dump /proc/nope: ENOENT\n"
			   "pfs: cannot dump " MEMORY_DIR "/probe: EACCES\n");
	drop_roots();

	/* An empty file is just the markers; a directory dump skips probe. */
	KTEST_ASSERT_INT_EQ(
	    t, create_memory_block_devices_in(&mt.mhp, FAKE_BASE, FAKE_UNIT, 0, 0, NULL, true), 0);
	printk_capture_start(capture, sizeof(capture));
	KTEST_EXPECT_INT_EQ(t, pfs_dump(&ns, "/proc/iomem"), 0);
	KTEST_EXPECT_INT_EQ(t, pfs_dump(&ns, MEMORY_DIR), 0);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, capture,
			   "# dump-begin /proc/iomem\n"
			   "# dump-end /proc/iomem\n"
			   "# dump-begin " MEMORY_DIR "/block_size_bytes\n"
			   "8000000\n"
			   "# dump-end " MEMORY_DIR "/block_size_bytes\n"
			   "# dump-begin " MEMORY_DIR "/auto_online_blocks\n"
			   "offline\n"
			   "# dump-end " MEMORY_DIR "/auto_online_blocks\n"
			   "# dump-begin " MEMORY_DIR "/memory512/state\n"
			   "offline\n"
			   "# dump-end " MEMORY_DIR "/memory512/state\n"
			   "# dump-begin " MEMORY_DIR "/memory512/online\n"
			   "0\n"
			   "# dump-end " MEMORY_DIR "/memory512/online\n"
			   "# dump-begin " MEMORY_DIR "/memory512/phys_index\n"
			   "00000200\n"
			   "# dump-end " MEMORY_DIR "/memory512/phys_index\n"
			   "# dump-begin " MEMORY_DIR "/memory512/phys_device\n"
			   "0\n"
			   "# dump-end " MEMORY_DIR "/memory512/phys_device\n"
			   "# dump-begin " MEMORY_DIR "/memory512/removable\n"
			   "1\n"
			   "# dump-end " MEMORY_DIR "/memory512/removable\n"
			   "# dump-begin " MEMORY_DIR "/memory512/valid_zones\n"
			   "Normal Movable\n"
			   "# dump-end " MEMORY_DIR "/memory512/valid_zones\n");
	remove_memory_block_devices_in(&mt.mhp, FAKE_BASE, FAKE_UNIT);
}

#define NR_BIG 100

static struct resource big_res[NR_BIG + 1];
static char big_names[NR_BIG][8];
static char long_name[8192];
static char want[16384];

/* A /proc/iomem of exactly len bytes: NR_BIG short lines and one whose
 * name fills the rest. */
static int build_big_iomem(struct ktest *t, size_t len)
{
	size_t base;

	for (int i = 0; i < NR_BIG; i++) {
		snprintf(big_names[i], sizeof(big_names[i]), "res%03d", i);
		big_res[i] = (struct resource){.name = big_names[i],
					       .start = 0x100000 + (resource_size_t)i * 0x1000,
					       .end = 0x100fff + (resource_size_t)i * 0x1000};
		if (request_resource(&mem_root, &big_res[i]))
			return -EBUSY;
	}
	base = (size_t)iomem_render(&mem_root, NULL, 0);
	/* "xxxxxxxx-xxxxxxxx : " + name + "\n" */
	memset(long_name, 'n', len - base - 21);
	long_name[len - base - 21] = '\0';
	big_res[NR_BIG] =
	    (struct resource){.name = long_name, .start = 0x1000000, .end = 0x1ffffff};
	if (request_resource(&mem_root, &big_res[NR_BIG]))
		return -EBUSY;
	return iomem_render(&mem_root, NULL, 0) == (int)len ? 0 : -EINVAL;
}

static void dump_big(struct ktest *t, size_t len, unsigned allocs)
{
	int n;

	KTEST_ASSERT_INT_EQ(t, build_big_iomem(t, len), 0);
	n = snprintf(want, sizeof(want), "# dump-begin /proc/iomem\n");
	n += iomem_render(&mem_root, want + n, sizeof(want) - (size_t)n);
	snprintf(want + n, sizeof(want) - (size_t)n, "# dump-end /proc/iomem\n");
	printk_capture_start(capture, sizeof(capture));
	kalloc_fail_nth(0);
	KTEST_EXPECT_INT_EQ(t, pfs_dump(&ns, "/proc/iomem"), 0);
	KTEST_EXPECT_EQ(t, kalloc_count(), allocs);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, capture, want);
	drop_roots();
}

/* A page first (static: no allocation); a text that does not fit (with its
 * NUL) is rendered once more, into the first doubling that holds it. */
static void dump_retries_with_doubled_buffer(struct ktest *t)
{
	dump_big(t, 4095, 0);
	dump_big(t, 4096, 1);
	dump_big(t, 8192, 1);

	/* The retry's allocation failing: nothing dumped, the error told. */
	KTEST_ASSERT_INT_EQ(t, build_big_iomem(t, 5000), 0);
	printk_capture_start(capture, sizeof(capture));
	kalloc_fail_nth(1);
	KTEST_EXPECT_INT_EQ(t, pfs_dump(&ns, "/proc/iomem"), -ENOMEM);
	kalloc_fail_nth(0);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, capture, "pfs: cannot dump /proc/iomem: ENOMEM\n");
	drop_roots();
}

static void pseudofs_exit(struct ktest *t)
{
	drop_roots();
	memtest_exit(t);
}

static const struct ktest_case pseudofs_cases[] = {
    KTEST_CASE(proc_files_of_fresh_roots),
    KTEST_CASE(sysfs_files),
    KTEST_CASE(unknown_paths),
    KTEST_CASE(write_refused_changes_nothing),
    KTEST_CASE(stores),
    KTEST_CASE(list_directories),
    KTEST_CASE(dump_format),
    KTEST_CASE(dump_retries_with_doubled_buffer),
    {0},
};

static const struct ktest_suite pseudofs_suite = {
    .name = "pseudofs",
    .cases = pseudofs_cases,
    .init = memtest_init,
    .exit = pseudofs_exit,
};
KTEST_SUITE(pseudofs_suite);
