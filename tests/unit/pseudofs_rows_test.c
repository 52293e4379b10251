/* Tests of the pseudofs rows the shell and util-linux's lsmem need:
 * /proc/meminfo, the writable teaching switches under /sys/kernel/hotmem,
 * the nodeN entry of each memoryN directory, and files that exist only in a
 * namespace that has their state. Each case builds a fresh world
 * (memtest_init) and its own namespace around it. */
#include "kernel/kalloc.h"
#include "kernel/kexec.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/pseudofs.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/seq_buf.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "tests/unit/memory_test_util.h"

#define MEMORY_DIR "/sys/devices/system/memory"

static struct kexec_switches switches;
static const struct kexec_view_src kexec_src = {
    .iomem = &mt.iomem, .fwmap = &mt.fwmap, .sw = &switches};

static int meminfo_calls;

static int fixed_meminfo(const struct pfs_ns *ns, struct pfs_meminfo *mi)
{
	meminfo_calls++;
	mi->total = 16384 * 1024ULL;
	mi->free = 12345 * 1024ULL + 1023; /* bytes below a kB are cut */
	return 0;
}

static int failing_meminfo(const struct pfs_ns *ns, struct pfs_meminfo *mi)
{
	return -ENODATA;
}

static int fixed_screen(const struct pfs_ns *ns, struct seq_buf *m)
{
	seq_buf_puts(m, " hotmem 0.1.0\n\nhotmem> cat /sys/kernel/hotmem/screen\n");
	return 0;
}

static const struct pfs_ns full_ns = {.iomem = &mt.iomem,
				      .fwmap = &mt.fwmap,
				      .mhp = &mt.mhp,
				      .kexec = &kexec_src,
				      .kexec_sw = &switches,
				      .meminfo = fixed_meminfo};

static char text[2048];

static const char *read_in(const struct pfs_ns *ns, const char *path, int *ret)
{
	struct seq_buf m;

	seq_buf_init(&m, text, sizeof(text));
	*ret = pfs_read(ns, path, &m);
	return text;
}

#define EXPECT_READ(t, ns, path, want)                                  \
	do {                                                            \
		int __ret;                                              \
		KTEST_EXPECT_STREQ(t, read_in(ns, path, &__ret), want); \
		KTEST_EXPECT_INT_EQ(t, __ret, 0);                       \
	} while (0)

#define EXPECT_READ_ERR(t, ns, path, err)           \
	do {                                        \
		int __ret;                          \
		read_in(ns, path, &__ret);          \
		KTEST_EXPECT_INT_EQ(t, __ret, err); \
	} while (0)

static int collect(void *arg, const char *name, bool is_dir)
{
	seq_buf_printf(arg, "%s%s ", name, is_dir ? "/" : "");
	return 0;
}

static const char *list_in(const struct pfs_ns *ns, const char *dir, int *ret)
{
	struct seq_buf m;

	seq_buf_init(&m, text, sizeof(text));
	*ret = pfs_list(ns, dir, collect, &m);
	return text;
}

#define EXPECT_LIST(t, ns, dir, want)                                  \
	do {                                                           \
		int __ret;                                             \
		KTEST_EXPECT_STREQ(t, list_in(ns, dir, &__ret), want); \
		KTEST_EXPECT_INT_EQ(t, __ret, 0);                      \
	} while (0)

static int rows_init(struct ktest *t)
{
	switches = (struct kexec_switches){0};
	meminfo_calls = 0;
	return memtest_init(t);
}

/* Linux's format: name padded to 16, kB right-aligned in 8. */
static void meminfo_format(struct ktest *t)
{
	static const struct pfs_ns failing = {.meminfo = failing_meminfo};

	EXPECT_READ(t, &full_ns, "/proc/meminfo",
		    "MemTotal:          16384 kB\n"
		    "MemFree:           12345 kB\n");
	KTEST_EXPECT_EQ(t, meminfo_calls, 1);
	EXPECT_READ_ERR(t, &failing, "/proc/meminfo", -ENODATA);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&full_ns, "/proc/meminfo", "1", 1), -EIO);
	EXPECT_LIST(t, &full_ns, "/proc", "iomem meminfo ");
}

/* The kernel's namespace has /proc/meminfo; until the kernel sets its
 * numbers (pfs_kernel_meminfo) the read fails with -ENODATA. */
static void kernel_meminfo_hook(struct ktest *t)
{
	int ret;

	EXPECT_LIST(t, &init_pfs_ns, "/proc", "iomem ioports meminfo ");
	read_in(&init_pfs_ns, "/proc/meminfo", &ret);
	KTEST_EXPECT_INT_EQ(t, ret, pfs_kernel_meminfo ? 0 : -ENODATA);
	if (!ret)
		KTEST_EXPECT_MEMEQ(t, text, "MemTotal:       ", 16);
}

/* Both switches: "0\n"/"1\n", kstrtobool words, refused words change
 * nothing, and the views read the very same switches. */
static void switches_read_write(struct ktest *t)
{
	EXPECT_READ(t, &full_ns, KEXEC_REV_WALK_SWITCH_PATH, "0\n");
	EXPECT_READ(t, &full_ns, KDUMP_FIRST_LEVEL_SWITCH_PATH, "0\n");
	KTEST_EXPECT_INT_EQ(t, pfs_write(&full_ns, KEXEC_REV_WALK_SWITCH_PATH, "1\n", 2), 2);
	EXPECT_READ(t, &full_ns, KEXEC_REV_WALK_SWITCH_PATH, "1\n");
	KTEST_EXPECT_TRUE(t, kexec_src.sw->rev_walk_drops_flags);
	KTEST_EXPECT_FALSE(t, switches.kdump_walk_first_level_only);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&full_ns, KDUMP_FIRST_LEVEL_SWITCH_PATH, "on", 2), 2);
	EXPECT_READ(t, &full_ns, KDUMP_FIRST_LEVEL_SWITCH_PATH, "1\n");
	KTEST_EXPECT_INT_EQ(t, pfs_write(&full_ns, KDUMP_FIRST_LEVEL_SWITCH_PATH, "sideways\n", 9),
			    -EINVAL);
	EXPECT_READ(t, &full_ns, KDUMP_FIRST_LEVEL_SWITCH_PATH, "1\n");
	KTEST_EXPECT_INT_EQ(t, pfs_write(&full_ns, KDUMP_FIRST_LEVEL_SWITCH_PATH, "\n", 1),
			    -EINVAL);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&full_ns, KDUMP_FIRST_LEVEL_SWITCH_PATH, "off\n", 4), 4);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&full_ns, KEXEC_REV_WALK_SWITCH_PATH, "N", 1), 1);
	EXPECT_READ(t, &full_ns, KDUMP_FIRST_LEVEL_SWITCH_PATH, "0\n");
	EXPECT_READ(t, &full_ns, KEXEC_REV_WALK_SWITCH_PATH, "0\n");
	EXPECT_LIST(t, &full_ns, "/sys/kernel/hotmem",
		    "kexec_file_ram kexec_load_memmap kdump_ranges kdump_iomem_ranges "
		    "kexec_rev_walk_drops_flags kdump_walk_first_level_only ");
}

/* A directory dump shows the views, not the switches. */
static void dump_leaves_switches_out(struct ktest *t)
{
	static char capture[4096];

	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, pfs_dump(&full_ns, "/sys/kernel/hotmem"), 0);
	strlcpy(capture, memtest_capture_stop(), sizeof(capture));
	KTEST_EXPECT_STREQ(t, capture,
			   "# dump-begin /sys/kernel/hotmem/kexec_file_ram\n"
			   "# dump-end /sys/kernel/hotmem/kexec_file_ram\n"
			   "# dump-begin /sys/kernel/hotmem/kexec_load_memmap\n"
			   "# dump-end /sys/kernel/hotmem/kexec_load_memmap\n"
			   "# dump-begin /sys/kernel/hotmem/kdump_ranges\n"
			   "# dump-end /sys/kernel/hotmem/kdump_ranges\n"
			   "# dump-begin /sys/kernel/hotmem/kdump_iomem_ranges\n"
			   "# dump-end /sys/kernel/hotmem/kdump_iomem_ranges\n");
	/* Asked for by name, a switch dumps like any file. */
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, pfs_dump(&full_ns, KEXEC_REV_WALK_SWITCH_PATH), 0);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(),
			   "# dump-begin " KEXEC_REV_WALK_SWITCH_PATH "\n"
			   "0\n"
			   "# dump-end " KEXEC_REV_WALK_SWITCH_PATH "\n");
}

/* memoryN/nodeN: listed after the files, an empty directory; lsmem reads
 * the node from its name. */
static void memory_block_node_entry(struct ktest *t)
{
	int ret;

	mhp_set_node_possible_in(&mt.mhp, 1, true);
	KTEST_ASSERT_INT_EQ(
	    t, create_memory_block_devices_in(&mt.mhp, FAKE_BASE, FAKE_UNIT, 0, 0, NULL, true), 0);
	KTEST_ASSERT_INT_EQ(t,
			    create_memory_block_devices_in(&mt.mhp, FAKE_BASE + FAKE_UNIT,
							   FAKE_UNIT, 1, 0, NULL, true),
			    0);
	EXPECT_LIST(t, &full_ns, MEMORY_DIR "/memory512",
		    "state online phys_index phys_device removable valid_zones node0/ ");
	EXPECT_LIST(t, &full_ns, MEMORY_DIR "/memory513",
		    "state online phys_index phys_device removable valid_zones node1/ ");
	EXPECT_LIST(t, &full_ns, MEMORY_DIR "/memory513/node1", "");
	EXPECT_READ_ERR(t, &full_ns, MEMORY_DIR "/memory513/node1", -EISDIR);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&full_ns, MEMORY_DIR "/memory513/node1", "1", 1), -EISDIR);
	EXPECT_READ_ERR(t, &full_ns, MEMORY_DIR "/memory513/node0", -ENOENT);
	EXPECT_READ_ERR(t, &full_ns, MEMORY_DIR "/memory513/node1/memory513", -ENOENT);
	list_in(&full_ns, MEMORY_DIR "/memory513/node0", &ret);
	KTEST_EXPECT_INT_EQ(t, ret, -ENOENT);
	/* A dump of the block's directory has nothing to say about the link. */
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, pfs_dump(&full_ns, MEMORY_DIR "/memory513/node1"), 0);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(), "");
	remove_memory_block_devices_in(&mt.mhp, FAKE_BASE, 2 * FAKE_UNIT);
}

/* /sys/kernel/hotmem/screen: the namespace's screen text, read-only,
 * listed last, never part of a directory dump (it is not state); the
 * kernel's fails with -ENODATA until the shell gives it a screen. */
static void screen_file(struct ktest *t)
{
	static const struct pfs_ns with_screen = {
	    .kexec = &kexec_src, .kexec_sw = &switches, .screen = fixed_screen};
	static char capture[4096];
	int ret;

	EXPECT_READ(t, &with_screen, "/sys/kernel/hotmem/screen",
		    " hotmem 0.1.0\n\nhotmem> cat /sys/kernel/hotmem/screen\n");
	KTEST_EXPECT_INT_EQ(t, pfs_write(&with_screen, "/sys/kernel/hotmem/screen", "x\n", 2),
			    -EACCES);
	EXPECT_LIST(t, &with_screen, "/sys/kernel/hotmem",
		    "kexec_file_ram kexec_load_memmap kdump_ranges kdump_iomem_ranges "
		    "kexec_rev_walk_drops_flags kdump_walk_first_level_only screen ");
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, pfs_dump(&with_screen, "/sys/kernel/hotmem"), 0);
	strlcpy(capture, memtest_capture_stop(), sizeof(capture));
	KTEST_EXPECT_NULL(t, strstr(capture, "screen"));
	KTEST_EXPECT_NOT_NULL(t, strstr(capture, "kdump_iomem_ranges"));
	/* Asked for by name, it dumps like any file. */
	memtest_capture_start();
	KTEST_EXPECT_INT_EQ(t, pfs_dump(&with_screen, "/sys/kernel/hotmem/screen"), 0);
	KTEST_EXPECT_STREQ(t, memtest_capture_stop(),
			   "# dump-begin /sys/kernel/hotmem/screen\n"
			   " hotmem 0.1.0\n\nhotmem> cat /sys/kernel/hotmem/screen\n"
			   "# dump-end /sys/kernel/hotmem/screen\n");
	read_in(&init_pfs_ns, "/sys/kernel/hotmem/screen", &ret);
	KTEST_EXPECT_INT_EQ(t, ret, pfs_kernel_screen ? 0 : -ENODATA);
}

/* Files show only where the namespace has their state. */
static void files_need_their_state(struct ktest *t)
{
	static const struct pfs_ns only_iomem = {.iomem = &mt.iomem};
	static const struct pfs_ns empty;
	int ret;

	EXPECT_LIST(t, &only_iomem, "/", "proc/ ");
	EXPECT_LIST(t, &only_iomem, "/proc", "iomem ");
	EXPECT_READ_ERR(t, &only_iomem, "/proc/meminfo", -ENOENT);
	EXPECT_READ_ERR(t, &only_iomem, "/sys", -ENOENT);
	EXPECT_READ_ERR(t, &only_iomem, KDUMP_RANGES_PATH, -ENOENT);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&only_iomem, KEXEC_REV_WALK_SWITCH_PATH, "1", 1), -ENOENT);
	KTEST_EXPECT_INT_EQ(t, pfs_write(&only_iomem, MEMORY_DIR "/probe", "0x0", 3), -ENOENT);
	EXPECT_LIST(t, &empty, "/", "");
	list_in(&empty, "/proc", &ret);
	KTEST_EXPECT_INT_EQ(t, ret, -ENOENT);
	EXPECT_LIST(t, &full_ns, "/", "proc/ sys/ ");
	EXPECT_LIST(t, &full_ns, "/sys", "firmware/ devices/ kernel/ ");
}

/* pfs_read_alloc: the whole text, however long. */
static void read_alloc_whole_text(struct ktest *t)
{
	char *got;
	size_t len;

	KTEST_ASSERT_INT_EQ(t, memtest_build_base(), 0);
	for (int i = 0; i < 200; i++) {
		KTEST_ASSERT_NOT_NULL(t, __request_region(&mt.iomem, FAKE_BASE + GiB + i * 0x1000,
							  0x1000, "a resource of some name", 0));
	}
	KTEST_ASSERT_INT_EQ(t, pfs_read_alloc(&full_ns, "/proc/iomem", &got), 0);
	len = strlen(got);
	KTEST_EXPECT_GT(t, len, 4096);
	KTEST_EXPECT_MEMEQ(t, got, BASE_IOMEM_RAM, strlen(BASE_IOMEM_RAM));
	KTEST_EXPECT_STREQ(t, got + len - strlen(BASE_IOMEM_RES), BASE_IOMEM_RES);
	kfree(got);
	KTEST_EXPECT_INT_EQ(t, pfs_read_alloc(&full_ns, "/proc", &got), -EISDIR);
	KTEST_EXPECT_NULL(t, got);
	kalloc_fail_nth(1);
	KTEST_EXPECT_INT_EQ(t, pfs_read_alloc(&full_ns, "/proc/iomem", &got), -ENOMEM);
	KTEST_EXPECT_NULL(t, got);
}

static const struct ktest_case pseudofs_rows_cases[] = {
    KTEST_CASE(meminfo_format),
    KTEST_CASE(kernel_meminfo_hook),
    KTEST_CASE(switches_read_write),
    KTEST_CASE(dump_leaves_switches_out),
    KTEST_CASE(memory_block_node_entry),
    KTEST_CASE(files_need_their_state),
    KTEST_CASE(read_alloc_whole_text),
    KTEST_CASE(screen_file),
    {0},
};

static const struct ktest_suite pseudofs_rows_suite = {
    .name = "pseudofs_rows",
    .cases = pseudofs_rows_cases,
    .init = rows_init,
    .exit = memtest_exit,
};
KTEST_SUITE(pseudofs_rows_suite);
