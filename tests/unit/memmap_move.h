/* TEMPORARY (until the hotplug state and the kexec views take instances):
 * moves a whole firmware map to another by list splicing, so fixtures that
 * still work on the kernel's own map can set it aside. */
#ifndef TESTS_UNIT_MEMMAP_MOVE_H
#define TESTS_UNIT_MEMMAP_MOVE_H

#include "drivers/firmware/memmap.h"

static inline void memmap_move(struct firmware_map *to, struct firmware_map *from)
{
	firmware_map_init(to);
	list_splice_tail_init(&from->entries, &to->entries);
	list_splice_tail_init(&from->bootmem, &to->bootmem);
	list_splice_tail_init(&from->sysfs, &to->sysfs);
	to->nr = from->nr;
	from->nr = 0;
}

#endif
