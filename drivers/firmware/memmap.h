/* /sys/firmware/memmap: the raw firmware memory map as Linux exports it
 * (drivers/firmware/memmap.c), for kexec-style consumers.
 *
 * A flat list of entries (no hierarchy). Boot entries are added with
 * firmware_map_add_early() for every entry of the firmware e820 (any type)
 * and become visible only when firmware_memmap_init() (Linux's
 * late_initcall) publishes them. Hot-added plain "System RAM" is added with
 * firmware_map_add_hotplug() and published at once, even before
 * firmware_memmap_init() ran; driver-managed memory must never be passed in
 * (the hotplug core only calls this for a resource named exactly
 * "System RAM").
 *
 * Publishing hands out the sysfs directory number N from a counter that only
 * ever increments: removed numbers leave gaps and are never reused, and a DIMM
 * hot-added before the late_initcall gets 0 while the boot entries get 1..N.
 *
 * End arguments of the API are EXCLUSIVE; the stored and shown end is
 * inclusive (end - 1). `type` is stored as a pointer, not copied: pass a
 * string that lives forever (a literal or e820_type_to_string()).
 *
 * No locking: callers serialise (the hotplug core holds its lock around
 * every add and remove). */
#ifndef DRIVERS_FIRMWARE_MEMMAP_H
#define DRIVERS_FIRMWARE_MEMMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/list.h"

/* Linux's u64 on x86-64 (int-ll64); a matching typedef elsewhere is legal C11. */
typedef unsigned long long u64;

struct firmware_map_entry {
	u64 start;
	u64 end; /* inclusive */
	const char *type;
	struct list_head list; /* in map_entries, or parked in map_entries_bootmem */
	/* Stands in for the kobject's place in the memmap kset: published entries
	 * are linked here in creation order, which is index order. */
	struct list_head sysfs_list;
	int index; /* /sys/firmware/memmap/<index>; -1 until published */
	/* Storage from the boot allocator (memblock in Linux): never freed, parked
	 * on removal and reused by an identical later hot-add. */
	bool bootmem;
};

/* Boot-time entry for [start, end_excl). Not visible until
 * firmware_memmap_init(). 0, -EINVAL (empty range or NULL type), -ENOMEM. */
int firmware_map_add_early(u64 start, u64 end_excl, const char *type);

/* The late_initcall: publishes every not yet published entry in list order,
 * each taking the next index. Calling it again publishes only newcomers. */
int firmware_memmap_init(void);

/* Hot-added memory [start, end_excl). An identical entry (start, end, strcmp
 * type) already in the map, published or not, makes it a no-op returning 0
 * that consumes no index. Otherwise a parked identical boot entry is reused,
 * else a new one is allocated; it is published at once. 0, -EINVAL (empty
 * range or NULL type), -ENOMEM (nothing changed). */
int firmware_map_add_hotplug(u64 start, u64 end_excl, const char *type);

/* Removes the entry that matches [start, end_excl) and type exactly, else
 * -EINVAL (the normal result for driver-managed memory). Boot storage is
 * parked for reuse, other storage freed; the index is never reused. */
int firmware_map_remove(u64 start, u64 end_excl, const char *type);

/* ---- views of /sys/firmware/memmap (published entries only) ---- */

/* Number of directories under /sys/firmware/memmap. */
int firmware_map_count(void);
/* The index the next published entry will get (the counter never goes back,
 * so after removals it is above every index shown). */
int firmware_map_next_index(void);

/* Calls cb for each published entry in index order; stops at the first
 * non-zero return and returns it, else 0. cb must not add or remove. */
int firmware_map_for_each_published(int (*cb)(const struct firmware_map_entry *entry, void *ctx),
				    void *ctx);

/* The entry behind /sys/firmware/memmap/<index>, or NULL. */
const struct firmware_map_entry *firmware_map_find_index(int index);

/* sysfs file texts, with snprintf's return convention (the full length; the
 * text is truncated when that is >= size): start = "0x%llx\n",
 * end = "0x%llx\n" (inclusive), type = "%s\n". */
int firmware_map_start_show(const struct firmware_map_entry *entry, char *buf, size_t size);
int firmware_map_end_show(const struct firmware_map_entry *entry, char *buf, size_t size);
int firmware_map_type_show(const struct firmware_map_entry *entry, char *buf, size_t size);

/* Reads /sys/firmware/memmap/<index>/<attr> (attr "start", "end" or "type")
 * into buf. Length as above, or -ENOENT when no such file exists. */
int firmware_map_attr_read(int index, const char *attr, char *buf, size_t size);

/* Table like the Linux reference captures' firmware_memmap.txt: the header
 * "# N start end type" then "N 0x<start> 0x<end> <type>" per published entry
 * in index order, each line ending in '\n'. snprintf's return convention. */
int firmware_map_render_table(char *buf, size_t size);

/* TEST ONLY: frees every entry (boot storage included, which Linux could
 * never do), empties both lists and restarts the index counter at 0. Self-tests
 * in the booted kernel wrap it in firmware_map_test_save/restore. */
void firmware_map_test_reset(void);

/* TEST ONLY: moves the whole memmap state (all lists and the counter) aside
 * and leaves an empty map, so self-tests can run in the booted kernel
 * without touching its real memmap; restore throws away whatever the test
 * left (firmware_map_test_reset) and puts the saved state back. */
struct firmware_map_saved {
	struct list_head entries, bootmem, sysfs;
	int nr;
	bool saved;
};
void firmware_map_test_save(struct firmware_map_saved *s);
void firmware_map_test_restore(struct firmware_map_saved *s);

#endif
