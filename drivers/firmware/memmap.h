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
 * The state is an instance, struct firmware_map: the kernel's own is
 * init_firmware_map, which the Linux-named functions use; every function has
 * an `_in` form taking the instance first, so a test builds a map of its own.
 *
 * No locking: one CPU, and the hotplug core serialises adds and removes. */
#ifndef DRIVERS_FIRMWARE_MEMMAP_H
#define DRIVERS_FIRMWARE_MEMMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/list.h"
#include "lib/types.h"

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

/* One map: what /sys/firmware/memmap shows, plus the parked boot entries. */
struct firmware_map {
	/* Every live entry, in the order it was added (boot entries first, in
	 * e820 order; hot-adds appended). */
	struct list_head entries;
	/* Removed boot entries: their storage cannot go back to an allocator. */
	struct list_head bootmem;
	/* Published entries in creation order (the memmap kset's children). */
	struct list_head sysfs;
	/* Next directory number; only ever increments (Linux: map_entries_nr). */
	int nr;
};

/* The kernel's own map. */
extern struct firmware_map init_firmware_map;

/* An empty map whose next index is 0. */
void firmware_map_init(struct firmware_map *map);
/* Frees every entry of a map the caller built (boot storage included, which
 * Linux never could) and leaves it empty with the counter at 0. Never for
 * init_firmware_map while the kernel runs. */
void firmware_map_release(struct firmware_map *map);

/* Boot-time entry for [start, end_excl). Not visible until
 * firmware_memmap_init(). 0, -EINVAL (empty range or NULL type), -ENOMEM. */
int firmware_map_add_early_in(struct firmware_map *map, u64 start, u64 end_excl, const char *type);
static inline int firmware_map_add_early(u64 start, u64 end_excl, const char *type)
{
	return firmware_map_add_early_in(&init_firmware_map, start, end_excl, type);
}

/* The late_initcall: publishes every not yet published entry in list order,
 * each taking the next index. Calling it again publishes only newcomers. */
int firmware_memmap_init_in(struct firmware_map *map);
static inline int firmware_memmap_init(void)
{
	return firmware_memmap_init_in(&init_firmware_map);
}

/* Hot-added memory [start, end_excl). An identical entry (start, end, strcmp
 * type) already in the map, published or not, makes it a no-op returning 0
 * that consumes no index. Otherwise a parked identical boot entry is reused,
 * else a new one is allocated; it is published at once. 0, -EINVAL (empty
 * range or NULL type), -ENOMEM (nothing changed). */
int firmware_map_add_hotplug_in(struct firmware_map *map, u64 start, u64 end_excl,
				const char *type);
static inline int firmware_map_add_hotplug(u64 start, u64 end_excl, const char *type)
{
	return firmware_map_add_hotplug_in(&init_firmware_map, start, end_excl, type);
}

/* Removes the entry that matches [start, end_excl) and type exactly, else
 * -EINVAL (the normal result for driver-managed memory). Boot storage is
 * parked for reuse, other storage freed; the index is never reused. */
int firmware_map_remove_in(struct firmware_map *map, u64 start, u64 end_excl, const char *type);
static inline int firmware_map_remove(u64 start, u64 end_excl, const char *type)
{
	return firmware_map_remove_in(&init_firmware_map, start, end_excl, type);
}

/* ---- views of /sys/firmware/memmap (published entries only) ---- */

/* Number of directories under /sys/firmware/memmap. */
int firmware_map_count_in(const struct firmware_map *map);
static inline int firmware_map_count(void)
{
	return firmware_map_count_in(&init_firmware_map);
}
/* The index the next published entry will get (the counter never goes back,
 * so after removals it is above every index shown). */
int firmware_map_next_index_in(const struct firmware_map *map);
static inline int firmware_map_next_index(void)
{
	return firmware_map_next_index_in(&init_firmware_map);
}

/* Calls cb for each published entry in index order; stops at the first
 * non-zero return and returns it, else 0. cb must not add or remove. */
int firmware_map_for_each_published_in(const struct firmware_map *map,
				       int (*cb)(const struct firmware_map_entry *entry, void *ctx),
				       void *ctx);
static inline int firmware_map_for_each_published(int (*cb)(const struct firmware_map_entry *entry,
							    void *ctx),
						  void *ctx)
{
	return firmware_map_for_each_published_in(&init_firmware_map, cb, ctx);
}

/* The entry behind /sys/firmware/memmap/<index>, or NULL. */
const struct firmware_map_entry *firmware_map_find_index_in(const struct firmware_map *map,
							    int index);
static inline const struct firmware_map_entry *firmware_map_find_index(int index)
{
	return firmware_map_find_index_in(&init_firmware_map, index);
}

/* sysfs file texts, with snprintf's return convention (the full length; the
 * text is truncated when that is >= size): start = "0x%llx\n",
 * end = "0x%llx\n" (inclusive), type = "%s\n". */
int firmware_map_start_show(const struct firmware_map_entry *entry, char *buf, size_t size);
int firmware_map_end_show(const struct firmware_map_entry *entry, char *buf, size_t size);
int firmware_map_type_show(const struct firmware_map_entry *entry, char *buf, size_t size);

/* Reads /sys/firmware/memmap/<index>/<attr> (attr "start", "end" or "type")
 * into buf. Length as above, or -ENOENT when no such file exists. */
int firmware_map_attr_read_in(const struct firmware_map *map, int index, const char *attr,
			      char *buf, size_t size);
static inline int firmware_map_attr_read(int index, const char *attr, char *buf, size_t size)
{
	return firmware_map_attr_read_in(&init_firmware_map, index, attr, buf, size);
}

/* Table like the Linux reference captures' firmware_memmap.txt: the header
 * "# N start end type" then "N 0x<start> 0x<end> <type>" per published entry
 * in index order, each line ending in '\n'. snprintf's return convention. */
int firmware_map_render_table_in(const struct firmware_map *map, char *buf, size_t size);
static inline int firmware_map_render_table(char *buf, size_t size)
{
	return firmware_map_render_table_in(&init_firmware_map, buf, size);
}

#endif
