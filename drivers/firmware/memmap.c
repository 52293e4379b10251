/* Model of Linux's drivers/firmware/memmap.c: the /sys/firmware/memmap
 * bookkeeping (see memmap.h for the contract). */
#include "drivers/firmware/memmap.h"

#include "kernel/kalloc.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/seq_buf.h"
#include "lib/string.h"

struct firmware_map init_firmware_map = {
    .entries = LIST_HEAD_INIT(init_firmware_map.entries),
    .bootmem = LIST_HEAD_INIT(init_firmware_map.bootmem),
    .sysfs = LIST_HEAD_INIT(init_firmware_map.sysfs),
};

void firmware_map_init(struct firmware_map *map)
{
	INIT_LIST_HEAD(&map->entries);
	INIT_LIST_HEAD(&map->bootmem);
	INIT_LIST_HEAD(&map->sysfs);
	map->nr = 0;
}

static void free_list(struct list_head *head)
{
	struct firmware_map_entry *entry, *next;

	list_for_each_entry_safe (entry, next, head, list) {
		list_del(&entry->list);
		kfree(entry);
	}
}

void firmware_map_release(struct firmware_map *map)
{
	free_list(&map->entries);
	free_list(&map->bootmem);
	firmware_map_init(map);
}

static bool range_valid(u64 start, u64 end_excl, const char *type)
{
	/* Linux BUG()s on start > end and stores a wrapped end for an empty
	 * range; an error return is kinder and nothing legitimate is lost. */
	return type && start < end_excl;
}

/* Exact match on the stored form: inclusive end and type by content. */
static struct firmware_map_entry *find_in_list(struct list_head *head, u64 start, u64 end,
					       const char *type)
{
	struct firmware_map_entry *entry;

	list_for_each_entry (entry, head, list)
		if (entry->start == start && entry->end == end && !strcmp(entry->type, type))
			return entry;
	return NULL;
}

/* Fills entry (zeroed storage) and appends it to map->entries, unpublished. */
static void add_entry(struct firmware_map *map, struct firmware_map_entry *entry, u64 start,
		      u64 end_excl, const char *type, bool bootmem)
{
	entry->start = start;
	entry->end = end_excl - 1;
	entry->type = type;
	entry->index = -1;
	entry->bootmem = bootmem;
	INIT_LIST_HEAD(&entry->sysfs_list);
	list_add_tail(&entry->list, &map->entries);
}

/* Creating the sysfs directory is what consumes a number, so an entry
 * published early (a cold-plugged DIMM) takes a lower one than the boot
 * entries published later by the initcall. */
static void publish(struct firmware_map *map, struct firmware_map_entry *entry)
{
	if (entry->index >= 0)
		return;
	entry->index = map->nr++;
	list_add_tail(&entry->sysfs_list, &map->sysfs);
}

int firmware_map_add_early_in(struct firmware_map *map, u64 start, u64 end_excl, const char *type)
{
	struct firmware_map_entry *entry;

	if (!range_valid(start, end_excl, type))
		return -EINVAL;
	entry = kzalloc(sizeof(*entry));
	if (!entry)
		return -ENOMEM;
	add_entry(map, entry, start, end_excl, type, true);
	return 0;
}

int firmware_memmap_init_in(struct firmware_map *map)
{
	struct firmware_map_entry *entry;

	list_for_each_entry (entry, &map->entries, list)
		publish(map, entry);
	return 0;
}

int firmware_map_add_hotplug_in(struct firmware_map *map, u64 start, u64 end_excl, const char *type)
{
	struct firmware_map_entry *entry;
	bool bootmem = false;

	if (!range_valid(start, end_excl, type))
		return -EINVAL;
	/* Already present (e.g. reported by the firmware at boot): keep it. */
	if (find_in_list(&map->entries, start, end_excl - 1, type))
		return 0;

	entry = find_in_list(&map->bootmem, start, end_excl - 1, type);
	if (entry) {
		list_del(&entry->list);
		memset(entry, 0, sizeof(*entry));
		bootmem = true;
	} else {
		entry = kzalloc(sizeof(*entry));
		if (!entry)
			return -ENOMEM;
	}
	add_entry(map, entry, start, end_excl, type, bootmem);
	publish(map, entry);
	return 0;
}

int firmware_map_remove_in(struct firmware_map *map, u64 start, u64 end_excl, const char *type)
{
	struct firmware_map_entry *entry;

	if (!range_valid(start, end_excl, type))
		return -EINVAL;
	entry = find_in_list(&map->entries, start, end_excl - 1, type);
	if (!entry)
		return -EINVAL;

	list_del(&entry->list);
	if (entry->index >= 0)
		list_del(&entry->sysfs_list);
	/* The number stays consumed: map->nr is not touched. Linux leaks
	 * an unpublished boot entry here; parking it is harmless and tidier. */
	if (entry->bootmem) {
		entry->index = -1;
		list_add_tail(&entry->list, &map->bootmem);
	} else {
		kfree(entry);
	}
	return 0;
}

int firmware_map_count_in(const struct firmware_map *map)
{
	return (int)list_count_nodes(&map->sysfs);
}

int firmware_map_for_each_published_in(const struct firmware_map *map,
				       int (*cb)(const struct firmware_map_entry *entry, void *ctx),
				       void *ctx)
{
	struct firmware_map_entry *entry;
	int ret;

	list_for_each_entry (entry, &map->sysfs, sysfs_list) {
		ret = cb(entry, ctx);
		if (ret)
			return ret;
	}
	return 0;
}

const struct firmware_map_entry *firmware_map_find_index_in(const struct firmware_map *map,
							    int index)
{
	struct firmware_map_entry *entry;

	list_for_each_entry (entry, &map->sysfs, sysfs_list)
		if (entry->index == index)
			return entry;
	return NULL;
}

int firmware_map_start_show(const struct firmware_map_entry *entry, char *buf, size_t size)
{
	return snprintf(buf, size, "0x%llx\n", entry->start);
}

int firmware_map_end_show(const struct firmware_map_entry *entry, char *buf, size_t size)
{
	return snprintf(buf, size, "0x%llx\n", entry->end);
}

int firmware_map_type_show(const struct firmware_map_entry *entry, char *buf, size_t size)
{
	return snprintf(buf, size, "%s\n", entry->type);
}

/* The three files of each directory, in the order a snapshot lists them. */
static const struct {
	const char *name;
	int (*show)(const struct firmware_map_entry *entry, char *buf, size_t size);
} memmap_attrs[] = {
    {"start", firmware_map_start_show},
    {"end", firmware_map_end_show},
    {"type", firmware_map_type_show},
};

int firmware_map_attr_read_in(const struct firmware_map *map, int index, const char *attr,
			      char *buf, size_t size)
{
	const struct firmware_map_entry *entry = firmware_map_find_index_in(map, index);

	if (!entry || !attr)
		return -ENOENT;
	for (size_t i = 0; i < ARRAY_SIZE(memmap_attrs); i++) {
		if (!strcmp(memmap_attrs[i].name, attr))
			return memmap_attrs[i].show(entry, buf, size);
	}
	return -ENOENT;
}

static int render_cb(const struct firmware_map_entry *entry, void *m)
{
	seq_buf_printf(m, "%d 0x%llx 0x%llx %s\n", entry->index, entry->start, entry->end,
		       entry->type);
	return 0;
}

int firmware_map_render_table_in(const struct firmware_map *map, char *buf, size_t size)
{
	struct seq_buf m;

	seq_buf_init(&m, buf, size);
	seq_buf_puts(&m, "# N start end type\n");
	firmware_map_for_each_published_in(map, render_cb, &m);
	return (int)seq_buf_wanted(&m);
}

int firmware_map_next_index_in(const struct firmware_map *map)
{
	return map->nr;
}
