/* pseudofs: every pseudo-file hotmem shows, in one table (kernel/pseudofs.c)
 * of Linux paths, in the spirit of Linux's seq_file and sysfs attributes.
 *
 * A file is one row: its path, a show function that writes the file's text
 * into a seq_buf, and a store function where Linux's file is writable.
 * Numbered directories (/sys/firmware/memmap/N, memoryN) are one row each:
 * the parent path, a name format, an enumerator and the files every such
 * directory holds. Dumps, snapshots, event documents (and a shell) read
 * only through this API, so every text has one source.
 *
 * Show and store functions receive a namespace: the state they render. The
 * kernel's own is init_pfs_ns; a test builds a struct pfs_ns around a fresh
 * state and reads that. Paths are absolute and exact: no "//", "." or
 * trailing '/' (docs/ktap.md lists the files and the dump format). */
#ifndef KERNEL_PSEUDOFS_H
#define KERNEL_PSEUDOFS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/seq_buf.h"

#include "lib/types.h"

struct firmware_map;
struct kexec_switches;
struct kexec_view_src;
struct mhp_state;
struct pfs_ns;
struct resource;

/* The teaching switches' files (struct kexec_switches, docs/views.md). */
#define KEXEC_REV_WALK_SWITCH_PATH    "/sys/kernel/hotmem/kexec_rev_walk_drops_flags"
#define KDUMP_FIRST_LEVEL_SWITCH_PATH "/sys/kernel/hotmem/kdump_walk_first_level_only"

/* The numbers /proc/meminfo shows, in bytes. */
struct pfs_meminfo {
	u64 total; /* MemTotal: RAM the page allocators manage */
	u64 free;  /* MemFree: of that, not allocated */
};

/* Fills mi for the namespace; 0 or -errno (then the read fails with it). */
typedef int (*pfs_meminfo_fn)(const struct pfs_ns *ns, struct pfs_meminfo *mi);

/* The text on the screen (/sys/kernel/hotmem/screen) into m; 0 or -errno. */
typedef int (*pfs_screen_fn)(const struct pfs_ns *ns, struct seq_buf *m);

/* The state the pseudo-files show. A file exists only in a namespace that
 * has the state it shows (a NULL member hides its files), so a test
 * namespace built around part of a machine lists only that part. */
struct pfs_ns {
	struct resource *iomem;		    /* /proc/iomem */
	struct resource *ioport;	    /* /proc/ioports */
	const struct firmware_map *fwmap;   /* /sys/firmware/memmap */
	struct mhp_state *mhp;		    /* /sys/devices/system/memory */
	const struct kexec_view_src *kexec; /* /sys/kernel/hotmem/kexec_*, kdump_* views */
	/* The teaching switches, writable (/sys/kernel/hotmem/
	 * kexec_rev_walk_drops_flags, kdump_walk_first_level_only): the same
	 * object kexec->sw reads. */
	struct kexec_switches *kexec_sw;
	pfs_meminfo_fn meminfo; /* /proc/meminfo */
	pfs_screen_fn screen;	/* /sys/kernel/hotmem/screen */
};

/* The kernel's state: iomem_resource, ioport_resource, init_firmware_map,
 * init_mhp, init_kexec_view_src, init_kexec_switches, /proc/meminfo from
 * pfs_kernel_meminfo and /sys/kernel/hotmem/screen from pfs_kernel_screen. */
extern const struct pfs_ns init_pfs_ns;

/* The kernel's /proc/meminfo numbers (its page allocators): the kernel sets
 * this once they are up. While NULL, reading init_pfs_ns's /proc/meminfo
 * fails with -ENODATA. */
extern int (*pfs_kernel_meminfo)(struct pfs_meminfo *mi);

/* The kernel's screen as /sys/kernel/hotmem/screen shows it: the shell
 * sets this (docs/shell.md). While NULL, reading the file fails with
 * -ENODATA. */
extern int (*pfs_kernel_screen)(struct seq_buf *m);

/* Reads the file at path into m (overflow shows in m). 0, -ENOENT (no such
 * file), -EISDIR (a directory), -EACCES (write-only), or the show's error. */
int pfs_read(const struct pfs_ns *ns, const char *path, struct seq_buf *m);

/* The whole file as a kzalloc'd string in *text (the caller kfrees it): read
 * into a page, and when it does not fit once more into the first doubling
 * that holds it. 0 (*text set), pfs_read()'s errors or -ENOMEM (*text
 * NULL). */
int pfs_read_alloc(const struct pfs_ns *ns, const char *path, char **text);

/* Writes count bytes of buf to the file, as write(2) on sysfs or procfs
 * does. count (also for count 0), or -ENOENT, -EISDIR, -EACCES (a read-only
 * sysfs file: kernfs refuses to open it for writing), -EIO (a read-only
 * /proc file), -E2BIG (more than a page), -ENOMEM, or the store's error;
 * nothing is changed on error. */
long pfs_write(const struct pfs_ns *ns, const char *path, const char *buf, size_t count);

/* Calls fn for each entry of the directory: files in table order, then
 * numbered directories in index order (in a memoryN directory, its files,
 * then its nodeN entry: Linux's link to the block's node, listed here as an
 * empty directory). A non-zero return of fn stops the
 * walk and is returned; else 0, or -ENOENT (no such directory), -ENOTDIR
 * (a file). "/" is the root. */
typedef int (*pfs_filldir_t)(void *arg, const char *name, bool is_dir);
int pfs_list(const struct pfs_ns *ns, const char *dirpath, pfs_filldir_t fn, void *arg);

/* Prints the file through printk (so a printk capture sees it) as
 *   # dump-begin <path>
 *   <text, which ends in its own newline>
 *   # dump-end <path>
 * A directory dumps every readable file below it, in pfs_list() order,
 * except settings (the teaching switches) and the screen: a directory dump
 * shows state. The
 * text is rendered first, so messages a show prints come before the dump:
 * into a static page, and when it does not fit, once more into a heap
 * buffer, the first doubling of a page that holds it (seq_file's rule). 0,
 * or -errno after printing "pfs: cannot dump <path>: <ERRNO>". */
int pfs_dump(const struct pfs_ns *ns, const char *path);

#endif
