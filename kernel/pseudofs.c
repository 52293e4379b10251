/* pseudofs (kernel/pseudofs.h): the table of pseudo-files and the lookup,
 * read, write, list and dump over it. */
#include "kernel/pseudofs.h"

#include "drivers/firmware/memmap.h"
#include "kernel/kalloc.h"
#include "kernel/kexec.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/kstrtox.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/memory_block.h"

int (*pfs_kernel_meminfo)(struct pfs_meminfo *mi);

static int init_meminfo(const struct pfs_ns *ns, struct pfs_meminfo *mi)
{
	return pfs_kernel_meminfo ? pfs_kernel_meminfo(mi) : -ENODATA;
}

int (*pfs_kernel_screen)(struct seq_buf *m);

static int init_screen_text(const struct pfs_ns *ns, struct seq_buf *m)
{
	return pfs_kernel_screen ? pfs_kernel_screen(m) : -ENODATA;
}

const struct pfs_ns init_pfs_ns = {
    .iomem = &iomem_resource,
    .ioport = &ioport_resource,
    .fwmap = &init_firmware_map,
    .mhp = &init_mhp,
    .kexec = &init_kexec_view_src,
    .kexec_sw = &init_kexec_switches,
    .meminfo = init_meminfo,
    .screen = init_screen_text,
};

/* A file's text into m; id is the number of its numbered directory, else
 * -1. 0 or -errno; overflowing m is no error (the dump retries). */
typedef int (*pfs_show_t)(struct seq_buf *m, const struct pfs_ns *ns, long id);
/* buf holds count bytes and a NUL. 0 or -errno, nothing changed on error. */
typedef int (*pfs_store_t)(const struct pfs_ns *ns, long id, const char *buf, size_t count);

/* One row. A file: its path, show (NULL: write-only, like Linux's probe),
 * store (NULL: read-only). A numbered directory: path is the directory that
 * holds them, name_fmt their name with one "%ld", next() the id of the first
 * one after id in index order (after -1: the first; -1: none left), files
 * the rows of the files each holds (path = the file's name), ended by an
 * empty row, and link() (optional) the name of the one link each holds
 * (memoryN/nodeN), which is listed and looked up as an empty directory.
 * present(): does the namespace have the state the row shows (a top-level
 * row only; NULL: always). setting: a switch, left out of directory dumps
 * (they show state, and the boot's dump of /sys/kernel/hotmem predates the
 * switches' files). live: what a person sees now (the screen), not state:
 * left out of directory dumps too. */
struct pfs_entry {
	const char *path;
	pfs_show_t show;
	pfs_store_t store;
	bool (*present)(const struct pfs_ns *ns);
	bool setting;
	bool live;
	const char *name_fmt;
	long (*next)(const struct pfs_ns *ns, long id);
	const struct pfs_entry *files;
	/* The link's name into name (PFS_NAME_MAX bytes): 0, or -ENOENT. */
	int (*link)(const struct pfs_ns *ns, long id, char *name);
};

#define PFS_RO(p, sh, has)                                  \
	{                                                   \
		.path = (p), .show = (sh), .present = (has) \
	}
#define PFS_RW(p, sh, st, has)                                             \
	{                                                                  \
		.path = (p), .show = (sh), .store = (st), .present = (has) \
	}
#define PFS_WO(p, st, has)                                   \
	{                                                    \
		.path = (p), .store = (st), .present = (has) \
	}
#define PFS_SETTING(p, sh, st, has)                                                         \
	{                                                                                   \
		.path = (p), .show = (sh), .store = (st), .present = (has), .setting = true \
	}
#define PFS_LIVE(p, sh, has)                                              \
	{                                                                 \
		.path = (p), .show = (sh), .present = (has), .live = true \
	}
#define PFS_NUMBERED(p, fmt, nx, f, lnk, has)                                              \
	{                                                                                  \
		.path = (p), .name_fmt = (fmt), .next = (nx), .files = (f), .link = (lnk), \
		.present = (has)                                                           \
	}
/* Files inside a numbered directory (present with their directory). */
#define PFS_FILE_RO(p, sh)     PFS_RO(p, sh, NULL)
#define PFS_FILE_RW(p, sh, st) PFS_RW(p, sh, st, NULL)

/* Longest file path and directory name the table can produce, with room. */
#define PFS_PATH_MAX 128
#define PFS_NAME_MAX 48

/* ---- which state a namespace has ---- */

static bool has_iomem(const struct pfs_ns *ns)
{
	return ns->iomem;
}

static bool has_ioport(const struct pfs_ns *ns)
{
	return ns->ioport;
}

static bool has_fwmap(const struct pfs_ns *ns)
{
	return ns->fwmap;
}

static bool has_mhp(const struct pfs_ns *ns)
{
	return ns->mhp;
}

static bool has_kexec(const struct pfs_ns *ns)
{
	return ns->kexec;
}

static bool has_kexec_e820(const struct pfs_ns *ns)
{
	return ns->kexec && ns->kexec->e820_kexec;
}

static bool has_kexec_sw(const struct pfs_ns *ns)
{
	return ns->kexec_sw;
}

static bool has_meminfo(const struct pfs_ns *ns)
{
	return ns->meminfo;
}

static bool has_screen(const struct pfs_ns *ns)
{
	return ns->screen;
}

/* ---- rows: /proc ---- */

static int show_resources(struct seq_buf *m, const struct resource *root)
{
	char *buf;
	size_t room = seq_buf_get_buf(m, &buf);

	seq_buf_commit(m, iomem_render(root, buf, room));
	return 0;
}

static int iomem_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return show_resources(m, ns->iomem);
}

static int ioports_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return show_resources(m, ns->ioport);
}

/* Linux's meminfo_proc_show() lines: the name padded to 16 columns, the
 * number of kB right-aligned in 8, " kB". */
static void show_val_kb(struct seq_buf *m, const char *name, u64 bytes)
{
	seq_buf_printf(m, "%-16s%8llu kB\n", name, bytes >> 10);
}

static int meminfo_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	struct pfs_meminfo mi;
	int ret = ns->meminfo(ns, &mi);

	if (ret)
		return ret;
	show_val_kb(m, "MemTotal:", mi.total);
	show_val_kb(m, "MemFree:", mi.free);
	return 0;
}

/* ---- rows: /sys/firmware/memmap/N (the kernel's memmap) ---- */

struct next_ctx {
	long after, found;
};

static int memmap_next_cb(const struct firmware_map_entry *entry, void *arg)
{
	struct next_ctx *c = arg;

	if (entry->index <= c->after)
		return 0;
	c->found = entry->index;
	return 1;
}

/* Published entries are listed in index order. */
static long memmap_next(const struct pfs_ns *ns, long id)
{
	struct next_ctx c = {id, -1};

	firmware_map_for_each_published_in(ns->fwmap, memmap_next_cb, &c);
	return c.found;
}

static int memmap_show(struct seq_buf *m, const struct pfs_ns *ns, long id,
		       int (*show)(const struct firmware_map_entry *, char *, size_t))
{
	const struct firmware_map_entry *entry = firmware_map_find_index_in(ns->fwmap, (int)id);
	char *buf;
	size_t room;

	if (!entry)
		return -ENOENT;
	room = seq_buf_get_buf(m, &buf);
	seq_buf_commit(m, show(entry, buf, room));
	return 0;
}

static int memmap_start_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return memmap_show(m, ns, id, firmware_map_start_show);
}

static int memmap_end_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return memmap_show(m, ns, id, firmware_map_end_show);
}

static int memmap_type_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return memmap_show(m, ns, id, firmware_map_type_show);
}

/* The order of a snapshot's memmap part. */
static const struct pfs_entry memmap_files[] = {
    PFS_FILE_RO("start", memmap_start_show),
    PFS_FILE_RO("end", memmap_end_show),
    PFS_FILE_RO("type", memmap_type_show),
    {0},
};

/* ---- rows: /sys/devices/system/memory ---- */

static int block_size_bytes_file_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	char *buf;
	size_t room = seq_buf_get_buf(m, &buf);

	seq_buf_commit(m, block_size_bytes_show_in(ns->mhp, buf, room));
	return 0;
}

static int auto_online_blocks_file_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	char *buf;
	size_t room = seq_buf_get_buf(m, &buf);

	seq_buf_commit(m, auto_online_blocks_show_in(ns->mhp, buf, room));
	return 0;
}

static int auto_online_blocks_file_store(const struct pfs_ns *ns, long id, const char *buf,
					 size_t count)
{
	return auto_online_blocks_store_in(ns->mhp, buf);
}

static int probe_file_store(const struct pfs_ns *ns, long id, const char *buf, size_t count)
{
	return memory_probe_store_in(ns->mhp, buf);
}

/* Blocks are listed in id order. */
static long memory_next(const struct pfs_ns *ns, long id)
{
	const struct memory_block *mem = memory_block_next_in(ns->mhp, id);

	return mem ? (long)mem->id : -1;
}

static int block_show(struct seq_buf *m, const struct pfs_ns *ns, long id, const char *attr)
{
	char *buf;
	size_t room = seq_buf_get_buf(m, &buf);
	int n = memory_block_attr_show_in(ns->mhp, (unsigned long)id, attr, buf, room);

	if (n < 0)
		return n;
	seq_buf_commit(m, n);
	return 0;
}

static int block_state_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return block_show(m, ns, id, "state");
}

static int block_state_store(const struct pfs_ns *ns, long id, const char *buf, size_t count)
{
	return memory_block_attr_store_in(ns->mhp, (unsigned long)id, "state", buf);
}

static int block_online_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return block_show(m, ns, id, "online");
}

static int block_online_store(const struct pfs_ns *ns, long id, const char *buf, size_t count)
{
	return memory_block_attr_store_in(ns->mhp, (unsigned long)id, "online", buf);
}

static int block_phys_index_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return block_show(m, ns, id, "phys_index");
}

static int block_phys_device_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return block_show(m, ns, id, "phys_device");
}

static int block_removable_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return block_show(m, ns, id, "removable");
}

static int block_valid_zones_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return block_show(m, ns, id, "valid_zones");
}

static const struct pfs_entry memory_block_files[] = {
    PFS_FILE_RW("state", block_state_show, block_state_store),
    PFS_FILE_RW("online", block_online_show, block_online_store),
    PFS_FILE_RO("phys_index", block_phys_index_show),
    PFS_FILE_RO("phys_device", block_phys_device_show),
    PFS_FILE_RO("removable", block_removable_show),
    PFS_FILE_RO("valid_zones", block_valid_zones_show),
    {0},
};

/* memoryN/nodeN: Linux links each block to its node's directory (with
 * CONFIG_NUMA, which x86-64 distributions set); lsmem finds the node by
 * this name. */
static int memory_node_link(const struct pfs_ns *ns, long id, char *name)
{
	const struct memory_block *mem = find_memory_block_by_id_in(ns->mhp, (unsigned long)id);

	if (!mem)
		return -ENOENT;
	snprintf(name, PFS_NAME_MAX, "node%d", mem->nid);
	return 0;
}

/* ---- rows: /sys/kernel/hotmem (hotmem's own views, docs/views.md) ---- */

static int kexec_file_e820_file_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return kexec_file_e820_show(ns->kexec, m);
}

static int kexec_file_ram_file_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return kexec_file_ram_show(ns->kexec, m);
}

static int kexec_load_memmap_file_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return kexec_load_memmap_show(ns->kexec, m);
}

static int kdump_ranges_file_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return kdump_ranges_show(ns->kexec, m);
}

static int kdump_iomem_ranges_file_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return kdump_iomem_ranges_show(ns->kexec, m);
}

/* A switch file: "0\n" or "1\n", written with a kstrtobool word (as a
 * bool sysfs attribute or module parameter). */
static int show_switch(struct seq_buf *m, bool on)
{
	seq_buf_printf(m, "%d\n", on);
	return 0;
}

static int store_switch(bool *sw, const char *buf)
{
	bool val;
	int ret = kstrtobool(buf, &val);

	if (ret)
		return ret;
	*sw = val;
	return 0;
}

static int rev_walk_switch_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return show_switch(m, ns->kexec_sw->rev_walk_drops_flags);
}

static int rev_walk_switch_store(const struct pfs_ns *ns, long id, const char *buf, size_t count)
{
	return store_switch(&ns->kexec_sw->rev_walk_drops_flags, buf);
}

static int first_level_switch_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return show_switch(m, ns->kexec_sw->kdump_walk_first_level_only);
}

static int first_level_switch_store(const struct pfs_ns *ns, long id, const char *buf, size_t count)
{
	return store_switch(&ns->kexec_sw->kdump_walk_first_level_only, buf);
}

static int screen_file_show(struct seq_buf *m, const struct pfs_ns *ns, long id)
{
	return ns->screen(ns, m);
}

/* ---- the table ---- */

/* Table order is listing and directory-dump order. */
static const struct pfs_entry pfs_table[] = {
    PFS_RO("/proc/iomem", iomem_show, has_iomem),
    PFS_RO("/proc/ioports", ioports_show, has_ioport),
    PFS_RO("/proc/meminfo", meminfo_show, has_meminfo),
    PFS_NUMBERED("/sys/firmware/memmap", "%ld", memmap_next, memmap_files, NULL, has_fwmap),
    PFS_RO("/sys/devices/system/memory/block_size_bytes", block_size_bytes_file_show, has_mhp),
    PFS_RW("/sys/devices/system/memory/auto_online_blocks", auto_online_blocks_file_show,
	   auto_online_blocks_file_store, has_mhp),
    PFS_WO("/sys/devices/system/memory/probe", probe_file_store, has_mhp),
    PFS_NUMBERED("/sys/devices/system/memory", "memory%ld", memory_next, memory_block_files,
		 memory_node_link, has_mhp),
    PFS_RO(KEXEC_FILE_RAM_PATH, kexec_file_ram_file_show, has_kexec),
    PFS_RO(KEXEC_LOAD_MEMMAP_PATH, kexec_load_memmap_file_show, has_kexec),
    PFS_RO(KDUMP_RANGES_PATH, kdump_ranges_file_show, has_kexec),
    PFS_RO(KDUMP_IOMEM_RANGES_PATH, kdump_iomem_ranges_file_show, has_kexec),
    PFS_RO(KEXEC_FILE_E820_PATH, kexec_file_e820_file_show, has_kexec_e820),
    PFS_SETTING(KEXEC_REV_WALK_SWITCH_PATH, rev_walk_switch_show, rev_walk_switch_store,
		has_kexec_sw),
    PFS_SETTING(KDUMP_FIRST_LEVEL_SWITCH_PATH, first_level_switch_show, first_level_switch_store,
		has_kexec_sw),
    PFS_LIVE("/sys/kernel/hotmem/screen", screen_file_show, has_screen),
};

#define PFS_ROWS ARRAY_SIZE(pfs_table)

static bool row_present(const struct pfs_ns *ns, const struct pfs_entry *row)
{
	return !row->present || row->present(ns);
}

/* ---- lookup ---- */

enum pfs_kind { PFS_NONE, PFS_FILE, PFS_DIR };

struct pfs_node {
	enum pfs_kind kind;
	const struct pfs_entry *file; /* PFS_FILE */
	const struct pfs_entry *dir;  /* the numbered directory row, if inside one */
	long id;		      /* its number, else -1 */
	bool link;		      /* PFS_DIR: the numbered directory's link */
};

#define NO_NODE ((struct pfs_node){PFS_NONE, NULL, NULL, -1, false})

/* The rest of path below dir ("a/b" for dir "/x" and path "/x/a/b"), or
 * NULL when path is not strictly below dir. */
static const char *below(const char *dir, const char *path)
{
	size_t n = strcmp(dir, "/") ? strlen(dir) : 0;

	if (strncmp(path, dir, n) || path[n] != '/' || !path[n + 1])
		return NULL;
	return path + n + 1;
}

/* Length of the first component of rest. */
static size_t component_len(const char *rest)
{
	const char *slash = strchr(rest, '/');

	return slash ? (size_t)(slash - rest) : strlen(rest);
}

static void dir_name(const struct pfs_entry *row, long id, char *name)
{
	snprintf(name, PFS_NAME_MAX, row->name_fmt, id);
}

/* The id of the numbered directory row's entry named by the first len bytes
 * of comp, or -1. Only the canonical spelling matches ("memory05" does not
 * name memory5), and only a directory that exists. */
static long numbered_id(const struct pfs_ns *ns, const struct pfs_entry *row, const char *comp,
			size_t len)
{
	const char *digits = strstr(row->name_fmt, "%ld");
	size_t prefix = (size_t)(digits - row->name_fmt);
	char name[PFS_NAME_MAX];
	long id = 0;
	size_t i;

	if (len <= prefix || len >= sizeof(name))
		return -1;
	for (i = prefix; i < len && comp[i] >= '0' && comp[i] <= '9' && i - prefix < 18; i++)
		id = id * 10 + (comp[i] - '0');
	if (i == prefix)
		return -1;
	dir_name(row, id, name);
	if (strlen(name) != len || strncmp(name, comp, len))
		return -1;
	return row->next(ns, id - 1) == id ? id : -1;
}

/* Is dirpath a plain directory: the root, or a prefix of some present
 * row's path? */
static bool is_plain_dir(const struct pfs_ns *ns, const char *dirpath)
{
	if (!strcmp(dirpath, "/"))
		return true;
	for (size_t i = 0; i < PFS_ROWS; i++)
		if (row_present(ns, &pfs_table[i]) &&
		    (below(dirpath, pfs_table[i].path) ||
		     (pfs_table[i].name_fmt && !strcmp(pfs_table[i].path, dirpath))))
			return true;
	return false;
}

/* rest: what follows numbered directory id of row in the path ("" for the
 * directory itself, else "/file" or "/link"). */
static struct pfs_node lookup_numbered(const struct pfs_ns *ns, const struct pfs_entry *row,
				       long id, const char *rest)
{
	struct pfs_node node = {PFS_DIR, NULL, row, id, false};
	char name[PFS_NAME_MAX];

	if (!*rest)
		return node;
	rest++;
	for (const struct pfs_entry *f = row->files; f->path; f++) {
		if (!strcmp(f->path, rest)) {
			node.kind = PFS_FILE;
			node.file = f;
			return node;
		}
	}
	if (row->link && !row->link(ns, id, name) && !strcmp(name, rest)) {
		node.link = true;
		return node;
	}
	return NO_NODE;
}

static struct pfs_node lookup(const struct pfs_ns *ns, const char *path)
{
	if (path[0] != '/')
		return NO_NODE;
	for (size_t i = 0; i < PFS_ROWS; i++) {
		const struct pfs_entry *row = &pfs_table[i];
		const char *rest;
		size_t len;
		long id;

		if (!row_present(ns, row))
			continue;
		if (!row->name_fmt) {
			if (!strcmp(row->path, path))
				return (struct pfs_node){PFS_FILE, row, NULL, -1, false};
			continue;
		}
		rest = below(row->path, path);
		if (!rest)
			continue;
		len = component_len(rest);
		id = numbered_id(ns, row, rest, len);
		if (id >= 0)
			return lookup_numbered(ns, row, id, rest + len);
	}
	if (is_plain_dir(ns, path))
		return (struct pfs_node){PFS_DIR, NULL, NULL, -1, false};
	return NO_NODE;
}

/* ---- read, write ---- */

int pfs_read(const struct pfs_ns *ns, const char *path, struct seq_buf *m)
{
	struct pfs_node node = lookup(ns, path);

	if (node.kind == PFS_NONE)
		return -ENOENT;
	if (node.kind == PFS_DIR)
		return -EISDIR;
	if (!node.file->show)
		return -EACCES;
	return node.file->show(m, ns, node.id);
}

#define PFS_READ_FIRST_SIZE 4096

int pfs_read_alloc(const struct pfs_ns *ns, const char *path, char **text)
{
	size_t size = PFS_READ_FIRST_SIZE;
	struct seq_buf m;
	int ret;

	for (;;) {
		char *buf = kzalloc(size);

		*text = NULL;
		if (!buf)
			return -ENOMEM;
		seq_buf_init(&m, buf, size);
		ret = pfs_read(ns, path, &m);
		if (!ret && !seq_buf_has_overflowed(&m)) {
			*text = buf;
			return 0;
		}
		kfree(buf);
		if (ret)
			return ret;
		while (size <= seq_buf_wanted(&m))
			size *= 2;
	}
}

/* sysfs takes at most a page per write (kernfs' atomic_write_len). */
#define PFS_WRITE_MAX 4096

long pfs_write(const struct pfs_ns *ns, const char *path, const char *buf, size_t count)
{
	struct pfs_node node = lookup(ns, path);
	char *copy;
	int ret;

	if (node.kind == PFS_NONE)
		return -ENOENT;
	if (node.kind == PFS_DIR)
		return -EISDIR;
	if (!node.file->store) {
		/* procfs opens the file and fails the write; kernfs already
		 * refuses to open a file without store for writing. */
		return strncmp(path, "/proc/", 6) ? -EACCES : -EIO;
	}
	if (count > PFS_WRITE_MAX)
		return -E2BIG;
	if (!count)
		return 0;
	copy = kzalloc(count + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, count);
	ret = node.file->store(ns, node.id, copy, count);
	kfree(copy);
	return ret < 0 ? ret : (long)count;
}

/* ---- list ---- */

/* Does an earlier present row than row_nr give dirpath the entry comp (len
 * bytes)? */
static bool listed_before(const struct pfs_ns *ns, const char *dirpath, size_t row_nr,
			  const char *comp, size_t len)
{
	for (size_t j = 0; j < row_nr; j++) {
		const char *rest = below(dirpath, pfs_table[j].path);

		if (rest && row_present(ns, &pfs_table[j]) && component_len(rest) == len &&
		    !strncmp(rest, comp, len))
			return true;
	}
	return false;
}

static int list_numbered(const struct pfs_ns *ns, const struct pfs_entry *row, pfs_filldir_t fn,
			 void *arg)
{
	char name[PFS_NAME_MAX];

	for (long id = row->next(ns, -1); id >= 0; id = row->next(ns, id)) {
		int ret;

		dir_name(row, id, name);
		ret = fn(arg, name, true);
		if (ret)
			return ret;
	}
	return 0;
}

/* The files of numbered directory id, then its link. */
static int list_numbered_dir(const struct pfs_ns *ns, const struct pfs_node *node, pfs_filldir_t fn,
			     void *arg)
{
	char name[PFS_NAME_MAX];

	for (const struct pfs_entry *f = node->dir->files; f->path; f++) {
		int ret = fn(arg, f->path, false);

		if (ret)
			return ret;
	}
	if (node->dir->link && !node->dir->link(ns, node->id, name))
		return fn(arg, name, true);
	return 0;
}

int pfs_list(const struct pfs_ns *ns, const char *dirpath, pfs_filldir_t fn, void *arg)
{
	struct pfs_node node = lookup(ns, dirpath);
	char name[PFS_NAME_MAX];

	if (node.kind == PFS_NONE)
		return -ENOENT;
	if (node.kind == PFS_FILE)
		return -ENOTDIR;
	if (node.link)
		return 0;
	if (node.dir)
		return list_numbered_dir(ns, &node, fn, arg);
	for (size_t i = 0; i < PFS_ROWS; i++) {
		const struct pfs_entry *row = &pfs_table[i];
		const char *rest = below(dirpath, row->path);
		size_t len;
		int ret;

		if (!row_present(ns, row))
			continue;
		if (row->name_fmt && !strcmp(row->path, dirpath)) {
			ret = list_numbered(ns, row, fn, arg);
			if (ret)
				return ret;
			continue;
		}
		if (!rest)
			continue;
		len = component_len(rest);
		if (len >= sizeof(name) || listed_before(ns, dirpath, i, rest, len))
			continue;
		memcpy(name, rest, len);
		name[len] = '\0';
		ret = fn(arg, name, rest[len] || row->name_fmt);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- dump ---- */

/* The first buffer is a page, as seq_file's, but static: dumps run inside
 * traced hotplug operations (views.c's trace hook), whose allocation
 * failure tests must not see them. A longer text is rendered again into a
 * heap buffer, the first doubling that holds it. Dumps do not nest (show
 * functions never dump), so one static page serves them all. */
#define PFS_DUMP_FIRST_SIZE 4096
static char dump_page[PFS_DUMP_FIRST_SIZE];

static int dump_file(const struct pfs_ns *ns, const char *path, const struct pfs_node *node)
{
	size_t size = sizeof(dump_page);
	char *buf = dump_page;
	struct seq_buf m;
	int ret;

	if (!node->file->show)
		return -EACCES;
	for (;;) {
		seq_buf_init(&m, buf, size);
		ret = node->file->show(&m, ns, node->id);
		if (ret || !seq_buf_has_overflowed(&m))
			break;
		while (size <= seq_buf_wanted(&m))
			size *= 2;
		if (buf != dump_page)
			kfree(buf);
		buf = kzalloc(size);
		if (!buf)
			return -ENOMEM;
	}
	if (!ret) {
		printk("# dump-begin %s\n", path);
		console_puts(buf);
		printk("# dump-end %s\n", path);
	}
	if (buf != dump_page)
		kfree(buf);
	return ret;
}

static int dump_node(const struct pfs_ns *ns, const char *path, bool in_dir);

struct dump_dir_ctx {
	const struct pfs_ns *ns;
	const char *dirpath;
	int ret; /* the first error */
};

static int dump_dir_cb(void *arg, const char *name, bool is_dir)
{
	struct dump_dir_ctx *c = arg;
	char path[PFS_PATH_MAX];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", strcmp(c->dirpath, "/") ? c->dirpath : "", name);
	ret = dump_node(c->ns, path, true);
	if (ret && !c->ret)
		c->ret = ret;
	return 0;
}

/* in_dir: part of a directory dump, where write-only files, settings and
 * live views are skipped. */
static int dump_node(const struct pfs_ns *ns, const char *path, bool in_dir)
{
	struct pfs_node node = lookup(ns, path);
	struct dump_dir_ctx c = {ns, path, 0};
	int ret;

	if (node.kind == PFS_DIR) {
		pfs_list(ns, path, dump_dir_cb, &c);
		return c.ret;
	}
	if (node.kind == PFS_NONE)
		ret = -ENOENT;
	else if (in_dir && (!node.file->show || node.file->setting || node.file->live))
		return 0;
	else
		ret = dump_file(ns, path, &node);
	if (ret)
		printk("pfs: cannot dump %s: %s\n", path, errno_name(ret));
	return ret;
}

int pfs_dump(const struct pfs_ns *ns, const char *path)
{
	return dump_node(ns, path, false);
}
