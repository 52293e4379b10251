/* Model of Linux's drivers/firmware/memmap.c: the /sys/firmware/memmap
 * bookkeeping (see memmap.h for the contract). */
#include "drivers/firmware/memmap.h"

#include "kernel/kalloc.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/seq_buf.h"
#include "lib/string.h"

/* Every live entry, in the order it was added (boot entries first, in e820
 * order; hot-adds appended). */
static LIST_HEAD(map_entries);
/* Removed boot entries: their storage cannot go back to an allocator. */
static LIST_HEAD(map_entries_bootmem);
/* Published entries in creation order (the memmap kset's children). */
static LIST_HEAD(map_sysfs);
/* Next directory number; only ever increments (Linux: map_entries_nr). */
static int map_entries_nr;

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

/* Fills entry (zeroed storage) and appends it to map_entries, unpublished. */
static void add_entry(struct firmware_map_entry *entry, u64 start, u64 end_excl, const char *type,
		      bool bootmem)
{
	entry->start = start;
	entry->end = end_excl - 1;
	entry->type = type;
	entry->index = -1;
	entry->bootmem = bootmem;
	INIT_LIST_HEAD(&entry->sysfs_list);
	list_add_tail(&entry->list, &map_entries);
}

/* Creating the sysfs directory is what consumes a number, so an entry
 * published early (a cold-plugged DIMM) takes a lower one than the boot
 * entries published later by the initcall. */
static void publish(struct firmware_map_entry *entry)
{
	if (entry->index >= 0)
		return;
	entry->index = map_entries_nr++;
	list_add_tail(&entry->sysfs_list, &map_sysfs);
}

int firmware_map_add_early(u64 start, u64 end_excl, const char *type)
{
	struct firmware_map_entry *entry;

	if (!range_valid(start, end_excl, type))
		return -EINVAL;
	entry = kzalloc(sizeof(*entry));
	if (!entry)
		return -ENOMEM;
	add_entry(entry, start, end_excl, type, true);
	return 0;
}

int firmware_memmap_init(void)
{
	struct firmware_map_entry *entry;

	list_for_each_entry (entry, &map_entries, list)
		publish(entry);
	return 0;
}

int firmware_map_add_hotplug(u64 start, u64 end_excl, const char *type)
{
	struct firmware_map_entry *entry;
	bool bootmem = false;

	if (!range_valid(start, end_excl, type))
		return -EINVAL;
	/* Already present (e.g. reported by the firmware at boot): keep it. */
	if (find_in_list(&map_entries, start, end_excl - 1, type))
		return 0;

	entry = find_in_list(&map_entries_bootmem, start, end_excl - 1, type);
	if (entry) {
		list_del(&entry->list);
		memset(entry, 0, sizeof(*entry));
		bootmem = true;
	} else {
		entry = kzalloc(sizeof(*entry));
		if (!entry)
			return -ENOMEM;
	}
	add_entry(entry, start, end_excl, type, bootmem);
	publish(entry);
	return 0;
}

int firmware_map_remove(u64 start, u64 end_excl, const char *type)
{
	struct firmware_map_entry *entry;

	if (!range_valid(start, end_excl, type))
		return -EINVAL;
	entry = find_in_list(&map_entries, start, end_excl - 1, type);
	if (!entry)
		return -EINVAL;

	list_del(&entry->list);
	if (entry->index >= 0)
		list_del(&entry->sysfs_list);
	/* The number stays consumed: map_entries_nr is not touched. Linux leaks
	 * an unpublished boot entry here; parking it is harmless and tidier. */
	if (entry->bootmem) {
		entry->index = -1;
		list_add_tail(&entry->list, &map_entries_bootmem);
	} else {
		kfree(entry);
	}
	return 0;
}

int firmware_map_count(void)
{
	return (int)list_count_nodes(&map_sysfs);
}

int firmware_map_for_each_published(int (*cb)(const struct firmware_map_entry *entry, void *ctx),
				    void *ctx)
{
	struct firmware_map_entry *entry;
	int ret;

	list_for_each_entry (entry, &map_sysfs, sysfs_list) {
		ret = cb(entry, ctx);
		if (ret)
			return ret;
	}
	return 0;
}

const struct firmware_map_entry *firmware_map_find_index(int index)
{
	struct firmware_map_entry *entry;

	list_for_each_entry (entry, &map_sysfs, sysfs_list)
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

int firmware_map_attr_read(int index, const char *attr, char *buf, size_t size)
{
	const struct firmware_map_entry *entry = firmware_map_find_index(index);

	if (!entry || !attr)
		return -ENOENT;
	for (size_t i = 0; i < sizeof(memmap_attrs) / sizeof(memmap_attrs[0]); i++) {
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

int firmware_map_render_table(char *buf, size_t size)
{
	struct seq_buf m;

	seq_buf_init(&m, buf, size);
	seq_buf_puts(&m, "# N start end type\n");
	firmware_map_for_each_published(render_cb, &m);
	return (int)seq_buf_wanted(&m);
}

void firmware_map_test_reset(void)
{
	struct firmware_map_entry *entry, *next;

	list_for_each_entry_safe (entry, next, &map_entries, list) {
		list_del(&entry->list);
		kfree(entry);
	}
	list_for_each_entry_safe (entry, next, &map_entries_bootmem, list) {
		list_del(&entry->list);
		kfree(entry);
	}
	INIT_LIST_HEAD(&map_sysfs);
	map_entries_nr = 0;
}

void firmware_map_test_save(struct firmware_map_saved *s)
{
	INIT_LIST_HEAD(&s->entries);
	INIT_LIST_HEAD(&s->bootmem);
	INIT_LIST_HEAD(&s->sysfs);
	list_splice_tail_init(&map_entries, &s->entries);
	list_splice_tail_init(&map_entries_bootmem, &s->bootmem);
	list_splice_tail_init(&map_sysfs, &s->sysfs);
	s->nr = map_entries_nr;
	s->saved = true;
	map_entries_nr = 0;
}

void firmware_map_test_restore(struct firmware_map_saved *s)
{
	if (!s->saved)
		return;
	firmware_map_test_reset();
	list_splice_tail_init(&s->entries, &map_entries);
	list_splice_tail_init(&s->bootmem, &map_entries_bootmem);
	list_splice_tail_init(&s->sysfs, &map_sysfs);
	map_entries_nr = s->nr;
	s->saved = false;
}

int firmware_map_next_index(void)
{
	return map_entries_nr;
}
