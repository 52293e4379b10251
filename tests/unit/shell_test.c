/* Tests of the shell (kernel/shell.c, kernel/shell_change.c): whole
 * sessions with exact transcripts over a fresh namespace.
 *
 * Each case gets a fresh hotplug world (memtest_init_base: boot RAM at
 * FAKE_BASE, a reserved range, firmware memmap entries 0 and 1) with a
 * hotmem_test-like container "hotmem_test.0" of four blocks at
 * FAKE_BASE + 1 GiB, its own /proc/ioports, kexec views, switches and
 * meminfo, and a shell over them whose ops add and remove driver-managed
 * blocks in the container the way the kernel's hotmem_test device does. */
#include "kernel/kalloc.h"
#include "kernel/kexec.h"
#include "kernel/ktest.h"
#include "kernel/pseudofs.h"
#include "kernel/resource.h"
#include "kernel/shell.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/seq_buf.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"
#include "tests/unit/memory_test_util.h"

#define MEMORY_DIR "/sys/devices/system/memory"
#define WINDOW	   (FAKE_BASE + GiB)
#define WINDOW_NR  4

static struct resource io_root = IOPORT_ROOT_INIT;
static struct resource dma1 = {.name = "dma1", .start = 0x0, .end = 0x1f};
static struct kexec_switches switches;
static const struct kexec_view_src kexec_src = {
    .iomem = &mt.iomem, .fwmap = &mt.fwmap, .sw = &switches};

static int meminfo(const struct pfs_ns *ns, struct pfs_meminfo *mi)
{
	mi->total = 262144 * 1024ULL;
	mi->free = 200000 * 1024ULL;
	return 0;
}

static const struct pfs_ns ns = {.iomem = &mt.iomem,
				 .ioport = &io_root,
				 .fwmap = &mt.fwmap,
				 .mhp = &mt.mhp,
				 .kexec = &kexec_src,
				 .kexec_sw = &switches,
				 .meminfo = meminfo};

/* ---- the kernel's side, as the tests play it ---- */

static const char hotmem_test_name[] = "System RAM (hotmem_test)";

static struct {
	int adds, removes, selftests, exits, halts;
	char glob[64];
	int verdict;
} calls;

static bool block_present(u64 addr)
{
	return find_memory_block_in(&mt.mhp, addr) != NULL;
}

static struct resource *container;

/* As the kernel's hotmem_test: the lowest free block of the window, added
 * the way the semantics in force adds driver-managed memory. The seed
 * proposal had no container, so under v1 the device gives its window up
 * first (when nothing is added in it). */
static int dm_add(void *ctx, bool has_addr, u64 addr, u64 *start, u64 *size)
{
	int ret;

	calls.adds++;
	if (!has_addr) {
		int i = 0;

		while (i < WINDOW_NR && block_present(WINDOW + i * FAKE_UNIT))
			i++;
		if (i == WINDOW_NR)
			return -ENOSPC;
		addr = WINDOW + i * FAKE_UNIT;
	}
	if (mhp_get_semantics_in(&mt.mhp) == MHP_SEMANTICS_V1) {
		if (container && !container->child) {
			release_resource(container);
			free_resource(container);
			container = NULL;
		}
		ret = add_memory_in(&mt.mhp, 0, addr, FAKE_UNIT, MHP_DRIVER_MANAGED);
	} else
		ret = add_memory_driver_managed_in(&mt.mhp, 0, addr, FAKE_UNIT, hotmem_test_name,
						   MHP_MERGE_RESOURCE);
	*start = addr;
	*size = FAKE_UNIT;
	return ret;
}

static int dm_remove(void *ctx, bool has_addr, u64 addr, u64 *start, u64 *size)
{
	calls.removes++;
	if (!has_addr) {
		int i = WINDOW_NR - 1;

		while (i >= 0 && !block_present(WINDOW + i * FAKE_UNIT))
			i--;
		if (i < 0)
			return -ENOENT;
		addr = WINDOW + i * FAKE_UNIT;
	}
	*start = addr;
	*size = FAKE_UNIT;
	return offline_and_remove_memory_in(&mt.mhp, addr, FAKE_UNIT);
}

static int selftest(void *ctx, const char *glob)
{
	calls.selftests++;
	strlcpy(calls.glob, glob, sizeof(calls.glob));
	return calls.verdict;
}

static void do_exit(void *ctx)
{
	calls.exits++;
}

static void do_halt(void *ctx)
{
	calls.halts++;
}

static const struct shell_ops ops = {
    .dm_add = dm_add,
    .dm_remove = dm_remove,
    .selftest = selftest,
    .exit = do_exit,
    .halt = do_halt,
};

/* ---- sessions ---- */

static struct shell sh;
static char out[32768];
static struct seq_buf outm;

static void capture(void *ctx, const char *text)
{
	seq_buf_puts(&outm, text);
}

static int status; /* of the last command */

/* Runs each line as typed at the prompt; the transcript as a console
 * shows it. */
static const char *session(const char *const *lines)
{
	seq_buf_init(&outm, out, sizeof(out));
	for (; *lines; lines++) {
		shell_prompt(&sh);
		seq_buf_printf(&outm, "%s\n", *lines);
		status = shell_exec(&sh, *lines);
	}
	return seq_buf_has_overflowed(&outm) ? "TRANSCRIPT TOO LONG" : out;
}

/* On a mismatch: the first different line, and the whole transcript. */
static void expect_text(struct ktest *t, int line, const char *got, const char *want)
{
	size_t i = 0, nr = 1, start = 0;

	if (!strcmp(got, want))
		return;
	while (got[i] && got[i] == want[i]) {
		if (got[i] == '\n') {
			nr++;
			start = i + 1;
		}
		i++;
	}
	ktest_fail_at(t, __FILE__, line, "transcript differs in its line %zu", nr);
	ktest_info(t, "want: %.*s",
		   (int)(strchr(want + start, '\n') ? strchr(want + start, '\n') - (want + start)
						    : (long)strlen(want + start)),
		   want + start);
	ktest_info(t, "got:  %.*s",
		   (int)(strchr(got + start, '\n') ? strchr(got + start, '\n') - (got + start)
						   : (long)strlen(got + start)),
		   got + start);
	for (const char *p = got; *p;) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);

		ktest_info(t, "| %.*s", len, p);
		p += len + (nl != NULL);
	}
}

#define SESSION(...)		     session((const char *const[]){__VA_ARGS__, NULL})
#define EXPECT_SESSION(t, want, ...) expect_text(t, __LINE__, SESSION(__VA_ARGS__), want)

/* Every readable file of the namespace, "path\ntext" in listing order. */
struct whole {
	struct seq_buf m;
	char path[128];
};

static int whole_cb(void *arg, const char *name, bool is_dir)
{
	struct whole *w = arg;
	size_t len = strlen(w->path);
	char *text;

	snprintf(w->path + len, sizeof(w->path) - len, "%s%s", len > 1 ? "/" : "", name);
	if (is_dir) {
		pfs_list(&ns, w->path, whole_cb, w);
	} else if (!pfs_read_alloc(&ns, w->path, &text)) {
		seq_buf_printf(&w->m, "%s\n%s", w->path, text);
		kfree(text);
	}
	w->path[len] = '\0';
	return 0;
}

static void read_everything(char *buf, size_t size)
{
	static struct whole w;

	seq_buf_init(&w.m, buf, size);
	strlcpy(w.path, "/", sizeof(w.path));
	pfs_list(&ns, "/", whole_cb, &w);
}

static int shell_test_init(struct ktest *t)
{
	int ret = memtest_init_base(t);

	if (ret)
		return ret;
	io_root = (struct resource)IOPORT_ROOT_INIT;
	if (request_resource(&io_root, &dma1))
		return -EBUSY;
	switches = (struct kexec_switches){0};
	calls = (typeof(calls)){0};
	/* Claimed as the hotmem_test device claims its window. */
	container = __request_region(&mt.iomem, WINDOW, WINDOW_NR * FAKE_UNIT, "hotmem_test.0",
				     IORESOURCE_SYSTEM_RAM | IORESOURCE_EXCLUSIVE);
	if (!container)
		return -EBUSY;
	container->flags &= ~IORESOURCE_BUSY;
	shell_init(&sh, &ns, capture, &ops, NULL);
	return 0;
}

static void shell_test_exit(struct ktest *t)
{
	shell_release(&sh);
	io_root.child = NULL;
	dma1.parent = dma1.sibling = NULL;
	memtest_exit(t);
}

/* ---- cases ---- */

static void prompt_and_help(struct ktest *t)
{
	seq_buf_init(&outm, out, sizeof(out));
	shell_prompt(&sh);
	KTEST_EXPECT_STREQ(t, out, "hotmem> ");
	EXPECT_SESSION(t,
		       "hotmem> help\n"
		       "Linux commands, on Linux's files and texts:\n"
		       "  ls [PATH...]             list directories, one name a line\n"
		       "  cat PATH...              print files\n"
		       "  echo [-n] VALUE [> PATH] print VALUE, or write it to a file\n"
		       "hotmem commands:\n"
		       "  add [ADDR]               hot-add a hotmem_test block (driver managed)\n"
		       "  remove [ADDR]            offline and remove a block that add added\n"
		       "  semantics [v1|upstream]  show or switch mhp.semantics\n"
		       "  selftest GLOB            run the self-tests matching GLOB\n"
		       "  diff                     the last change to /proc/iomem and the memmap\n"
		       "  why                      explain the last change\n"
		       "  help                     this list\n"
		       "  exit                     end the run with the self-tests' verdict\n"
		       "  halt                     stop the machine\n"
		       "More: docs/shell.md\n",
		       "help");
	KTEST_EXPECT_INT_EQ(t, status, SHELL_OK);
}

#define IOMEM_BEFORE                              \
	"1000000000-100fffffff : System RAM\n"    \
	"1040000000-105fffffff : hotmem_test.0\n" \
	"10c0000000-10c7ffffff : Reserved\n"

/* ls, cat and echo over the fresh namespace: Linux's texts. */
static void ls_cat_echo(struct ktest *t)
{
	EXPECT_SESSION(
	    t,
	    "hotmem> ls\n"
	    "proc/\n"
	    "sys/\n"
	    "hotmem> ls /proc\n"
	    "iomem\n"
	    "ioports\n"
	    "meminfo\n"
	    "hotmem> cat /proc/iomem\n" IOMEM_BEFORE "hotmem> cat /proc/meminfo /proc/ioports\n"
	    "MemTotal:         262144 kB\n"
	    "MemFree:          200000 kB\n"
	    "0000-001f : dma1\n"
	    "hotmem> ls /sys/firmware/memmap/\n"
	    "0/\n"
	    "1/\n"
	    "hotmem> cat /sys/firmware/memmap/1/start /sys/firmware/memmap/1/type\n"
	    "0x10c0000000\n"
	    "Reserved\n"
	    "hotmem> ls /sys/kernel/hotmem\n"
	    "kdump_iomem_ranges\n"
	    "kdump_ranges\n"
	    "kdump_walk_first_level_only\n"
	    "kexec_file_ram\n"
	    "kexec_load_memmap\n"
	    "kexec_rev_walk_drops_flags\n"
	    "hotmem> cat /sys/kernel/hotmem/kdump_ranges\n"
	    "0000001000000000-000000100fffffff RAM\n"
	    "hotmem> echo hello,   world\n"
	    "hello, world\n"
	    "hotmem> echo 'a  b' \"c\\\"d\" e\\ f '' # a comment\n"
	    "a  b c\"d e f \n"
	    "hotmem> echo -n no newline\n"
	    "no newlinehotmem> echo\n"
	    "\n"
	    "hotmem> \n"
	    "hotmem> cat sys/../proc/./ioports\n"
	    "0000-001f : dma1\n"
	    "hotmem> ls //sys///kernel/..\n"
	    "devices/\n"
	    "firmware/\n"
	    "kernel/\n",
	    "ls", "ls /proc", "cat /proc/iomem", "cat /proc/meminfo /proc/ioports",
	    "ls /sys/firmware/memmap/",
	    "cat /sys/firmware/memmap/1/start /sys/firmware/memmap/1/type", "ls /sys/kernel/hotmem",
	    "cat /sys/kernel/hotmem/kdump_ranges", "echo hello,   world",
	    "echo 'a  b' \"c\\\"d\" e\\ f '' # a comment", "echo -n no newline", "echo", "",
	    "cat sys/../proc/./ioports", "ls //sys///kernel/..");
	KTEST_EXPECT_INT_EQ(t, status, SHELL_OK);
}

/* Several operands: files first, then each directory under a header;
 * memory blocks in number order; each block lists its node. */
static void ls_operands(struct ktest *t)
{
	KTEST_ASSERT_INT_EQ(t, add_memory_in(&mt.mhp, 0, FAKE_BASE + 2 * GiB, 2 * FAKE_UNIT, 0), 0);
	KTEST_ASSERT_INT_EQ(t, add_memory_in(&mt.mhp, 0, FAKE_BASE + 9 * FAKE_UNIT, FAKE_UNIT, 0),
			    0);
	EXPECT_SESSION(
	    t,
	    "hotmem> ls /sys/devices/system/memory\n"
	    "auto_online_blocks\n"
	    "block_size_bytes\n"
	    "memory521/\n"
	    "memory528/\n"
	    "memory529/\n"
	    "probe\n"
	    "hotmem> ls -1 /sys/firmware/memmap/2 /proc/ioports /nope /proc/iomem /proc\n"
	    "ls: cannot access '/nope': No such file or directory\n"
	    "/proc/iomem\n"
	    "/proc/ioports\n"
	    "\n"
	    "/proc:\n"
	    "iomem\n"
	    "ioports\n"
	    "meminfo\n"
	    "\n"
	    "/sys/firmware/memmap/2:\n"
	    "end\n"
	    "start\n"
	    "type\n"
	    "hotmem> ls /sys/devices/system/memory/memory528\n"
	    "node0/\n"
	    "online\n"
	    "phys_device\n"
	    "phys_index\n"
	    "removable\n"
	    "state\n"
	    "valid_zones\n"
	    "hotmem> ls /sys/devices/system/memory/memory528/node0\n",
	    "ls /sys/devices/system/memory",
	    "ls -1 /sys/firmware/memmap/2 /proc/ioports /nope /proc/iomem /proc",
	    "ls /sys/devices/system/memory/memory528",
	    "ls /sys/devices/system/memory/memory528/node0");
	KTEST_EXPECT_INT_EQ(t, status, SHELL_OK);
	SESSION("ls /proc /nope");
	KTEST_EXPECT_INT_EQ(t, status, SHELL_USAGE);
}

/* Every error as bash and coreutils print it on Linux (bash's messages
 * without bash's own name in front), and the exit statuses. */
static void errors(struct ktest *t)
{
	static const struct {
		const char *line, *out;
		int status;
	} e[] = {
	    {"cat /proc/nope", "cat: /proc/nope: No such file or directory\n", SHELL_FAILED},
	    {"cat /sys/devices/system/memory", "cat: /sys/devices/system/memory: Is a directory\n",
	     SHELL_FAILED},
	    {"cat /proc/iomem/", "cat: /proc/iomem/: Not a directory\n", SHELL_FAILED},
	    {"cat /proc/iomem/../iomem", "cat: /proc/iomem/../iomem: Not a directory\n",
	     SHELL_FAILED},
	    {"cat /sys/devices/system/memory/probe",
	     "cat: /sys/devices/system/memory/probe: Permission denied\n", SHELL_FAILED},
	    {"cat 'a b'", "cat: 'a b': No such file or directory\n", SHELL_FAILED},
	    {"cat ''", "cat: '': No such file or directory\n", SHELL_FAILED},
	    {"cat", "cat: missing operand (there is no standard input here)\n", SHELL_FAILED},
	    {"ls /x", "ls: cannot access '/x': No such file or directory\n", SHELL_USAGE},
	    {"ls /proc/iomem/", "ls: cannot access '/proc/iomem/': Not a directory\n", SHELL_USAGE},
	    {"ls -l /proc", "ls: invalid option -- 'l'\nTry 'ls --help' for more information.\n",
	     SHELL_USAGE},
	    {"echo 1 > /sys/devices/system/memory/block_size_bytes",
	     "/sys/devices/system/memory/block_size_bytes: Permission denied\n", SHELL_FAILED},
	    {"echo 1 > /proc/iomem", "echo: write error: Input/output error\n", SHELL_FAILED},
	    {"echo 1 > /proc/nope", "/proc/nope: Permission denied\n", SHELL_FAILED},
	    {"echo 1 > /nope/x", "/nope/x: No such file or directory\n", SHELL_FAILED},
	    {"echo 1 > /proc/iomem/x", "/proc/iomem/x: Not a directory\n", SHELL_FAILED},
	    {"echo 1 > /proc", "/proc: Is a directory\n", SHELL_FAILED},
	    {"echo online >/sys/devices/system/memory/auto_online_blocks/",
	     "/sys/devices/system/memory/auto_online_blocks/: Is a directory\n", SHELL_FAILED},
	    {"echo sideways > /sys/devices/system/memory/auto_online_blocks",
	     "echo: write error: Invalid argument\n", SHELL_FAILED},
	    {"echo 0x1001 > /sys/devices/system/memory/probe",
	     "echo: write error: Invalid argument\n", SHELL_FAILED},
	    {"echo 0x1000000000 > /sys/devices/system/memory/probe",
	     "echo: write error: File exists\n", SHELL_FAILED},
	    {"echo > ''", ": No such file or directory\n", SHELL_FAILED},
	    {"echo 1 2> /proc/iomem", "2: only echo's standard output can be redirected\n",
	     SHELL_FAILED},
	    {"echo >", "syntax error near unexpected token `newline'\n", SHELL_USAGE},
	    {"echo > > /x", "syntax error near unexpected token `>'\n", SHELL_USAGE},
	    {"echo 1 > /a > /b", "syntax error: only one redirection a line\n", SHELL_USAGE},
	    {"> /proc/iomem", "syntax error: a redirection needs echo\n", SHELL_USAGE},
	    {"echo 'x", "unexpected EOF while looking for matching `''\n", SHELL_USAGE},
	    {"echo \"x", "unexpected EOF while looking for matching `\"'\n", SHELL_USAGE},
	    {"cat /proc/iomem | cat", "syntax error: '|' is not supported (one command a line)\n",
	     SHELL_USAGE},
	    {"cat /proc/iomem > /x", "cat: only echo can write to a file here\n", SHELL_USAGE},
	    {"nope arg", "nope: command not found\n", SHELL_NOT_FOUND},
	    {"semantics v2", "usage: semantics [v1|upstream]\n", SHELL_USAGE},
	    {"selftest", "usage: selftest GLOB\n", SHELL_USAGE},
	    {"add xyz", "usage: add [ADDR]\n", SHELL_USAGE},
	    {"add 0x1 0x2", "usage: add [ADDR]\n", SHELL_USAGE},
	    {"add 0x1040000001", "add: Invalid argument\n", SHELL_FAILED},
	    {"remove", "remove: No such file or directory\n", SHELL_FAILED},
	    {"diff", "diff: nothing has changed yet\n", SHELL_FAILED},
	    {"why", "why: nothing has changed yet\n", SHELL_FAILED},
	};
	char want[256];

	for (size_t i = 0; i < ARRAY_SIZE(e); i++) {
		snprintf(want, sizeof(want), "hotmem> %s\n%s", e[i].line, e[i].out);
		/* The kernel's own messages (printk) are not the shell's. */
		memtest_capture_start();
		SESSION(e[i].line);
		memtest_capture_stop();
		expect_text(t, __LINE__, out, want);
		if (status != e[i].status)
			ktest_fail_at(t, __FILE__, __LINE__, "\"%s\": status %d, not %d", e[i].line,
				      status, e[i].status);
	}
}

/* Refused writes, through every kind of file, leave every file of the
 * namespace byte-identical, and are no change for diff. */
static void refused_writes_change_nothing(struct ktest *t)
{
	static char before[16384], after[16384];
	static const char *const refused[] = {
	    "echo 0x1001 > /sys/devices/system/memory/probe",
	    "echo 0x1000000000 > /sys/devices/system/memory/probe",
	    "echo 0x10000000000000000 > /sys/devices/system/memory/probe",
	    "echo offline > /sys/devices/system/memory/memory528/state",
	    "echo online_kernel_please > /sys/devices/system/memory/memory528/state",
	    "echo online > /sys/devices/system/memory/memory999/state",
	    "echo sideways > /sys/devices/system/memory/auto_online_blocks",
	    "echo maybe > /sys/kernel/hotmem/kdump_walk_first_level_only",
	    "echo 1 > /sys/kernel/hotmem/kdump_ranges",
	    "echo 1 > /sys/devices/system/memory/memory528/phys_index",
	    "echo 1 > /sys/devices/system/memory/memory528/node0",
	    "echo 1 > /proc/meminfo",
	    "echo 1 > /sys/firmware/memmap/0/type",
	    "echo 1 > /sys/firmware/memmap/9/type",
	    "add 0x1040000001",
	};

	KTEST_ASSERT_INT_EQ(t, add_memory_in(&mt.mhp, 0, FAKE_BASE + 2 * GiB, FAKE_UNIT, 0), 0);
	read_everything(before, sizeof(before));
	KTEST_EXPECT_NOT_NULL(t, strstr(before, "/sys/firmware/memmap/2/type\nSystem RAM\n"));
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		memtest_capture_start();
		SESSION(refused[i]);
		memtest_capture_stop();
		if (status == SHELL_OK)
			ktest_fail_at(t, __FILE__, __LINE__, "\"%s\" was not refused", refused[i]);
		read_everything(after, sizeof(after));
		expect_text(t, __LINE__, after, before);
	}
	EXPECT_SESSION(t, "hotmem> diff\ndiff: nothing has changed yet\n", "diff");
}

#define PROBE_DIFF                                 \
	"--- /proc/iomem\n"                        \
	"+++ /proc/iomem\n"                        \
	"@@ -2,2 +2,3 @@\n"                        \
	" 1040000000-105fffffff : hotmem_test.0\n" \
	"+1080000000-1087ffffff : System RAM\n"    \
	" 10c0000000-10c7ffffff : Reserved\n"      \
	"--- /sys/firmware/memmap\n"               \
	"+++ /sys/firmware/memmap\n"               \
	"@@ -2 +2,2 @@\n"                          \
	" 1 0x10c0000000 0x10c7ffffff Reserved\n"  \
	"+2 0x1080000000 0x1087ffffff System RAM\n"

#define UPSTREAM_WHY                                                   \
	"mhp.semantics=upstream (Linux since 5.8): drivers add with\n" \
	"  add_memory_driver_managed(): \"System RAM (<driver>)\"\n"

/* (a) A probe through echo: exactly one new firmware memmap entry, the
 * next index; diff and why of it. */
static void probe_adds_one_memmap_entry(struct ktest *t)
{
	EXPECT_SESSION(
	    t,
	    "hotmem> echo 0x1080000000 > /sys/devices/system/memory/probe\n"
	    "hotmem> ls /sys/firmware/memmap\n"
	    "0/\n"
	    "1/\n"
	    "2/\n"
	    "hotmem> cat /sys/firmware/memmap/2/start /sys/firmware/memmap/2/end "
	    "/sys/firmware/memmap/2/type\n"
	    "0x1080000000\n"
	    "0x1087ffffff\n"
	    "System RAM\n"
	    "hotmem> diff\n"
	    "last change: echo 0x1080000000 > /sys/devices/system/memory/probe\n" PROBE_DIFF
	    "hotmem> why\n"
	    "last change: echo 0x1080000000 > /sys/devices/system/memory/probe\n"
	    "added 1080000000-1087ffffff : System RAM\n"
	    "  not driver managed: named exactly \"System RAM\"\n"
	    "  firmware memmap entry 2 created (/sys/firmware/memmap/2):\n"
	    "  kexec tells the next kernel about this RAM through it\n"
	    "  memory528: offline, as auto_online_blocks is offline\n"
	    "  (to use it: echo online > /sys/devices/system/memory/memory528/state)\n" UPSTREAM_WHY
	    "hotmem> cat /sys/devices/system/memory/memory528/state\n"
	    "offline\n",
	    "echo 0x1080000000 > /sys/devices/system/memory/probe", "ls /sys/firmware/memmap",
	    "cat /sys/firmware/memmap/2/start /sys/firmware/memmap/2/end "
	    "/sys/firmware/memmap/2/type",
	    "diff", "why", "cat /sys/devices/system/memory/memory528/state");
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&mt.fwmap), 3);
	/* Onlining changes neither file; a refused write leaves the last
	 * change as it was. */
	EXPECT_SESSION(t,
		       "hotmem> echo online_movable > /sys/devices/system/memory/memory528/state\n"
		       "hotmem> cat /sys/devices/system/memory/memory528/valid_zones\n"
		       "Movable\n"
		       "hotmem> echo online > /sys/devices/system/memory/memory528/state\n"
		       "echo: write error: Invalid argument\n"
		       "hotmem> diff\n"
		       "last change: echo online_movable > "
		       "/sys/devices/system/memory/memory528/state\n"
		       "no change to /proc/iomem or /sys/firmware/memmap\n"
		       "hotmem> why\n"
		       "last change: echo online_movable > "
		       "/sys/devices/system/memory/memory528/state\n"
		       "/proc/iomem and /sys/firmware/memmap did not change\n",
		       "echo online_movable > /sys/devices/system/memory/memory528/state",
		       "cat /sys/devices/system/memory/memory528/valid_zones",
		       "echo online > /sys/devices/system/memory/memory528/state", "diff", "why");
}

/* With auto_online_blocks online, the new block is online, and why says
 * so; a probe's removal through the hotplug core is explained too. */
static void probe_online_and_removal(struct ktest *t)
{
	EXPECT_SESSION(t,
		       "hotmem> echo online > /sys/devices/system/memory/auto_online_blocks\n"
		       "hotmem> echo 0x1080000000 > /sys/devices/system/memory/probe\n"
		       "hotmem> why\n"
		       "last change: echo 0x1080000000 > /sys/devices/system/memory/probe\n"
		       "added 1080000000-1087ffffff : System RAM\n"
		       "  not driver managed: named exactly \"System RAM\"\n"
		       "  firmware memmap entry 2 created (/sys/firmware/memmap/2):\n"
		       "  kexec tells the next kernel about this RAM through it\n"
		       "  memory528: online, as auto_online_blocks is online\n" UPSTREAM_WHY,
		       "echo online > /sys/devices/system/memory/auto_online_blocks",
		       "echo 0x1080000000 > /sys/devices/system/memory/probe", "why");
	shell_note_change_begin(&sh, "offline_and_remove_memory [mem 0x1080000000-0x1087ffffff]");
	KTEST_ASSERT_INT_EQ(
	    t, offline_and_remove_memory_in(&mt.mhp, FAKE_BASE + 2 * GiB, FAKE_UNIT), 0);
	shell_note_change_end(&sh);
	seq_buf_init(&outm, out, sizeof(out));
	shell_print_change(&sh);
	expect_text(t, __LINE__, out,
		    "--- /proc/iomem\n"
		    "+++ /proc/iomem\n"
		    "@@ -2,3 +2,2 @@\n"
		    " 1040000000-105fffffff : hotmem_test.0\n"
		    "-1080000000-1087ffffff : System RAM\n"
		    " 10c0000000-10c7ffffff : Reserved\n"
		    "--- /sys/firmware/memmap\n"
		    "+++ /sys/firmware/memmap\n"
		    "@@ -2,2 +2 @@\n"
		    " 1 0x10c0000000 0x10c7ffffff Reserved\n"
		    "-2 0x1080000000 0x1087ffffff System RAM\n"
		    "why: plain System RAM: firmware memmap entry 2 removed\n");
	EXPECT_SESSION(
	    t,
	    "hotmem> why\n"
	    "last change: offline_and_remove_memory [mem 0x1080000000-0x1087ffffff]\n"
	    "removed 1080000000-1087ffffff : System RAM\n"
	    "  not driver managed: named exactly \"System RAM\"\n"
	    "  firmware memmap entry 2 removed (its number is not used again)\n" UPSTREAM_WHY,
	    "why");
}

#define DM_WHY(range, block)                                                                 \
	"added " range " : System RAM (hotmem_test), inside hotmem_test.0\n"                 \
	"  driver managed: named \"System RAM (hotmem_test)\", not exactly \"System RAM\"\n" \
	"  driver-managed memory gets no firmware memmap entry:\n"                           \
	"  kexec would otherwise hand it to the next kernel as ordinary RAM\n"               \
	"  memory" block ": offline, as auto_online_blocks is offline\n"                     \
	"  (to use it: echo online > /sys/devices/system/memory/memory" block "/state)\n"

/* (b) A driver-managed add through the device: no firmware memmap entry,
 * nested in the device's container; a second block merges into the same
 * line, and why explains only the new part; removal splits it back. */
static void driver_managed_add(struct ktest *t)
{
	EXPECT_SESSION(
	    t,
	    "hotmem> add\n"
	    "--- /proc/iomem\n"
	    "+++ /proc/iomem\n"
	    "@@ -2,2 +2,3 @@\n"
	    " 1040000000-105fffffff : hotmem_test.0\n"
	    "+  1040000000-1047ffffff : System RAM (hotmem_test)\n"
	    " 10c0000000-10c7ffffff : Reserved\n"
	    "why: driver managed: no firmware memmap entry; memory520 offline "
	    "(auto_online_blocks: offline)\n"
	    "hotmem> why\n"
	    "last change: add [mem 0x0000001040000000-0x0000001047ffffff]\n" DM_WHY(
		"1040000000-1047ffffff", "520") UPSTREAM_WHY
	    "hotmem> ls /sys/firmware/memmap\n"
	    "0/\n"
	    "1/\n"
	    "hotmem> add 0x1048000000\n"
	    "--- /proc/iomem\n"
	    "+++ /proc/iomem\n"
	    "@@ -2,3 +2,3 @@\n"
	    " 1040000000-105fffffff : hotmem_test.0\n"
	    "-  1040000000-1047ffffff : System RAM (hotmem_test)\n"
	    "+  1040000000-104fffffff : System RAM (hotmem_test)\n"
	    " 10c0000000-10c7ffffff : Reserved\n"
	    "why: driver managed: no firmware memmap entry; memory521 offline "
	    "(auto_online_blocks: offline)\n"
	    "hotmem> why\n"
	    "last change: add 0x1048000000 [mem 0x0000001048000000-0x000000104fffffff]\n" DM_WHY(
		"1048000000-104fffffff", "521") UPSTREAM_WHY
	    "hotmem> remove\n"
	    "--- /proc/iomem\n"
	    "+++ /proc/iomem\n"
	    "@@ -2,3 +2,3 @@\n"
	    " 1040000000-105fffffff : hotmem_test.0\n"
	    "-  1040000000-104fffffff : System RAM (hotmem_test)\n"
	    "+  1040000000-1047ffffff : System RAM (hotmem_test)\n"
	    " 10c0000000-10c7ffffff : Reserved\n"
	    "why: driver managed: it had no firmware memmap entry\n"
	    "hotmem> why\n"
	    "last change: remove [mem 0x0000001048000000-0x000000104fffffff]\n"
	    "removed 1048000000-104fffffff : System RAM (hotmem_test), from "
	    "hotmem_test.0\n"
	    "  driver managed: named \"System RAM (hotmem_test)\", not exactly \"System "
	    "RAM\"\n"
	    "  it had no firmware memmap entry\n" UPSTREAM_WHY,
	    "add", "why", "ls /sys/firmware/memmap", "add 0x1048000000", "why", "remove", "why");
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&mt.fwmap), 2);
	KTEST_EXPECT_EQ(t, calls.adds, 2);
	KTEST_EXPECT_EQ(t, calls.removes, 1);
}

/* (c) mhp.semantics=v1: the seed proposal's name, at the top level, no
 * firmware memmap entry; switched at run time. */
static void v1_semantics(struct ktest *t)
{
	EXPECT_SESSION(t,
		       "hotmem> semantics\n"
		       "upstream\n"
		       "hotmem> semantics v1\n"
		       "hotmem> semantics\n"
		       "v1\n"
		       "hotmem> add\n"
		       "--- /proc/iomem\n"
		       "+++ /proc/iomem\n"
		       "@@ -1,3 +1,3 @@\n"
		       " 1000000000-100fffffff : System RAM\n"
		       "-1040000000-105fffffff : hotmem_test.0\n"
		       "+1040000000-1047ffffff : System RAM (driver managed)\n"
		       " 10c0000000-10c7ffffff : Reserved\n"
		       "why: driver managed: no firmware memmap entry; memory520 offline "
		       "(auto_online_blocks: offline)\n"
		       "hotmem> why\n"
		       "last change: add [mem 0x0000001040000000-0x0000001047ffffff]\n"
		       "added 1040000000-1047ffffff : System RAM (driver managed)\n"
		       "  driver managed: named \"System RAM (driver managed)\", not exactly "
		       "\"System RAM\"\n"
		       "  driver-managed memory gets no firmware memmap entry:\n"
		       "  kexec would otherwise hand it to the next kernel as ordinary RAM\n"
		       "  memory520: offline, as auto_online_blocks is offline\n"
		       "  (to use it: echo online > /sys/devices/system/memory/memory520/state)\n"
		       "mhp.semantics=v1 (the 2020 seed proposal): drivers add with\n"
		       "  add_memory(..., MHP_DRIVER_MANAGED): \"System RAM (driver managed)\"\n"
		       "hotmem> semantics upstream\n",
		       "semantics", "semantics v1", "semantics", "add", "why",
		       "semantics upstream");
	KTEST_EXPECT_EQ(t, mhp_get_semantics_in(&mt.mhp), MHP_SEMANTICS_UPSTREAM);
	KTEST_EXPECT_INT_EQ(t, firmware_map_count_in(&mt.fwmap), 2);
}

/* A change the shell did not make (a device event): the caller brackets
 * it; several blocks at once; online blocks. */
static void event_noted_by_the_caller(struct ktest *t)
{
	mhp_set_default_online_type_in(&mt.mhp, MMOP_ONLINE_MOVABLE);
	shell_note_change_begin(&sh, "virtio_mem resize 0x1040000000-0x104fffffff");
	KTEST_ASSERT_INT_EQ(t,
			    add_memory_driver_managed_in(&mt.mhp, 0, WINDOW, 2 * FAKE_UNIT,
							 hotmem_test_name, MHP_MERGE_RESOURCE),
			    0);
	shell_note_change_end(&sh);
	seq_buf_init(&outm, out, sizeof(out));
	shell_print_change(&sh);
	expect_text(t, __LINE__, out,
		    "--- /proc/iomem\n"
		    "+++ /proc/iomem\n"
		    "@@ -2,2 +2,3 @@\n"
		    " 1040000000-105fffffff : hotmem_test.0\n"
		    "+  1040000000-104fffffff : System RAM (hotmem_test)\n"
		    " 10c0000000-10c7ffffff : Reserved\n"
		    "why: driver managed: no firmware memmap entry; memory520-memory521 online "
		    "(auto_online_blocks: online_movable)\n");
	EXPECT_SESSION(
	    t,
	    "hotmem> why\n"
	    "last change: virtio_mem resize 0x1040000000-0x104fffffff\n"
	    "added 1040000000-104fffffff : System RAM (hotmem_test), inside "
	    "hotmem_test.0\n"
	    "  driver managed: named \"System RAM (hotmem_test)\", not exactly \"System "
	    "RAM\"\n"
	    "  driver-managed memory gets no firmware memmap entry:\n"
	    "  kexec would otherwise hand it to the next kernel as ordinary RAM\n"
	    "  memory520-memory521: online, as auto_online_blocks is online_movable\n" UPSTREAM_WHY,
	    "why");
	/* An end without a begin does nothing. */
	shell_note_change_end(&sh);
	EXPECT_SESSION(t,
		       "hotmem> diff\nlast change: virtio_mem resize 0x1040000000-0x104fffffff\n"
		       "--- /proc/iomem\n"
		       "+++ /proc/iomem\n"
		       "@@ -2,2 +2,3 @@\n"
		       " 1040000000-105fffffff : hotmem_test.0\n"
		       "+  1040000000-104fffffff : System RAM (hotmem_test)\n"
		       " 10c0000000-10c7ffffff : Reserved\n",
		       "diff");
	KTEST_EXPECT_INT_EQ(t, offline_and_remove_memory_in(&mt.mhp, WINDOW, 2 * FAKE_UNIT), 0);
}

/* The teaching switches through echo, kstrtobool words. */
static void switches_through_echo(struct ktest *t)
{
	EXPECT_SESSION(t,
		       "hotmem> echo 1 > /sys/kernel/hotmem/kdump_walk_first_level_only\n"
		       "hotmem> cat /sys/kernel/hotmem/kdump_walk_first_level_only\n"
		       "1\n"
		       "hotmem> echo yes > /sys/kernel/hotmem/kexec_rev_walk_drops_flags\n"
		       "hotmem> echo off > /sys/kernel/hotmem/kdump_walk_first_level_only\n"
		       "hotmem> cat /sys/kernel/hotmem/kexec_rev_walk_drops_flags "
		       "/sys/kernel/hotmem/kdump_walk_first_level_only\n"
		       "1\n"
		       "0\n",
		       "echo 1 > /sys/kernel/hotmem/kdump_walk_first_level_only",
		       "cat /sys/kernel/hotmem/kdump_walk_first_level_only",
		       "echo yes > /sys/kernel/hotmem/kexec_rev_walk_drops_flags",
		       "echo off > /sys/kernel/hotmem/kdump_walk_first_level_only",
		       "cat /sys/kernel/hotmem/kexec_rev_walk_drops_flags "
		       "/sys/kernel/hotmem/kdump_walk_first_level_only");
	KTEST_EXPECT_TRUE(t, switches.rev_walk_drops_flags);
	KTEST_EXPECT_FALSE(t, switches.kdump_walk_first_level_only);
}

/* selftest, exit and halt go to the ops; without ops, nothing is
 * available. */
static void ops_commands(struct ktest *t)
{
	calls.verdict = KTEST_VERDICT_FAIL;
	EXPECT_SESSION(t,
		       "hotmem> selftest 'memory_block.*'\n"
		       "selftest memory_block.*: FAIL\n",
		       "selftest 'memory_block.*'");
	KTEST_EXPECT_INT_EQ(t, status, SHELL_FAILED);
	KTEST_EXPECT_STREQ(t, calls.glob, "memory_block.*");
	calls.verdict = -ENOMEM;
	EXPECT_SESSION(t, "hotmem> selftest x\nselftest: Cannot allocate memory\n", "selftest x");
	calls.verdict = KTEST_VERDICT_PASS;
	EXPECT_SESSION(t,
		       "hotmem> selftest e820\nselftest e820: PASS\nhotmem> exit\nhotmem> halt\n",
		       "selftest e820", "exit", "halt");
	KTEST_EXPECT_EQ(t, calls.selftests, 3);
	KTEST_EXPECT_EQ(t, calls.exits, 1);
	KTEST_EXPECT_EQ(t, calls.halts, 1);

	shell_release(&sh);
	shell_init(&sh, &ns, capture, NULL, NULL);
	EXPECT_SESSION(t,
		       "hotmem> add\nadd: not available on this machine\n"
		       "hotmem> remove 0x1040000000\nremove: not available on this machine\n"
		       "hotmem> selftest all\nselftest: not available on this machine\n"
		       "hotmem> exit\nexit: not available on this machine\n"
		       "hotmem> halt\nhalt: not available on this machine\n",
		       "add", "remove 0x1040000000", "selftest all", "exit", "halt");
	KTEST_EXPECT_INT_EQ(t, status, SHELL_FAILED);
}

/* Out of memory while taking a snapshot: the change is still the last
 * one, and says it cannot be shown. */
static void snapshot_without_memory(struct ktest *t)
{
	kalloc_fail_nth(1);
	shell_note_change_begin(&sh, "event");
	kalloc_fail_nth(0);
	shell_note_change_end(&sh);
	EXPECT_SESSION(t,
		       "hotmem> diff\nlast change: event\n"
		       "the change could not be shown: Cannot allocate memory\n"
		       "hotmem> why\nlast change: event\n"
		       "the change could not be shown: Cannot allocate memory\n",
		       "diff", "why");
}

static void long_lines(struct ktest *t)
{
	static char line[SHELL_LINE_MAX + 2];

	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	seq_buf_init(&outm, out, sizeof(out));
	KTEST_EXPECT_INT_EQ(t, shell_exec(&sh, line), SHELL_USAGE);
	KTEST_EXPECT_STREQ(t, out, "line too long (more than 1023 characters)\n");
	line[SHELL_LINE_MAX] = '\0';
	seq_buf_init(&outm, out, sizeof(out));
	KTEST_EXPECT_INT_EQ(t, shell_exec(&sh, line), SHELL_NOT_FOUND);
}

static const struct ktest_case shell_cases[] = {
    KTEST_CASE(prompt_and_help),
    KTEST_CASE(ls_cat_echo),
    KTEST_CASE(ls_operands),
    KTEST_CASE(errors),
    KTEST_CASE(refused_writes_change_nothing),
    KTEST_CASE(probe_adds_one_memmap_entry),
    KTEST_CASE(probe_online_and_removal),
    KTEST_CASE(driver_managed_add),
    KTEST_CASE(v1_semantics),
    KTEST_CASE(event_noted_by_the_caller),
    KTEST_CASE(switches_through_echo),
    KTEST_CASE(ops_commands),
    KTEST_CASE(snapshot_without_memory),
    KTEST_CASE(long_lines),
    {0},
};

static const struct ktest_suite shell_suite = {
    .name = "shell",
    .cases = shell_cases,
    .init = shell_test_init,
    .exit = shell_test_exit,
};
KTEST_SUITE(shell_suite);
