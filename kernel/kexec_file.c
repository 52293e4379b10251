/* kexec_file_load's segment placement (Linux kernel/kexec_file.c, x86: the
 * resource walk, not the memblock walk).
 *
 * Why driver-managed RAM is skipped (docs/linux-model.md, Driver-managed
 * memory): virtio-mem and dax/kmem add it again on every boot, also after
 * kexec. The next kernel has not added it yet when it starts, and for
 * virtio-mem parts of it may be unplugged and inaccessible, so nothing may be
 * loaded there. */
#include "kernel/kexec.h"

#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/seq_buf.h"
#include "mm/e820.h"

/* What the walk callbacks get: the buffer and the switches of the view. */
struct locate_arg {
	struct kexec_buf *kbuf;
	const struct kexec_switches *sw;
};

/* false if rounding up would wrap past 2^64. */
static bool align_up(uint64_t x, uint64_t align, uint64_t *out)
{
	uint64_t down = ALIGN_DOWN(x, align);

	if (down == x) {
		*out = x;
		return true;
	}
	if (down > UINT64_MAX - align)
		return false;
	*out = down + align;
	return true;
}

bool kimage_is_destination_range(const struct kimage *image, uint64_t start, uint64_t end)
{
	if (!image)
		return false;
	for (unsigned long i = 0; i < image->nr_segments && i < KEXEC_SEGMENT_MAX; i++) {
		const struct kexec_segment *seg = &image->segment[i];

		if (!seg->memsz)
			continue;
		if (seg->mem <= end && start <= seg->mem + (seg->memsz - 1))
			return true;
	}
	return false;
}

/* Highest aligned start in [start, end] (already clipped to buf_min/max)
 * whose memsz bytes fit and miss every segment. 1 when found (the walk
 * stops), 0 to try the next range. */
static int locate_mem_hole_top_down(uint64_t start, uint64_t end, struct kexec_buf *kbuf)
{
	uint64_t last = kbuf->memsz - 1;
	uint64_t cand;

	/* Checked here, because end - last would wrap in a range too small
	 * after clipping. */
	if (end < start || end - start < last)
		return 0;
	cand = ALIGN_DOWN(end - last, kbuf->buf_align);
	for (;;) {
		if (cand < start)
			return 0;
		if (!kimage_is_destination_range(kbuf->image, cand, cand + last))
			break;
		/* First fit from the top: one page lower, aligned again. */
		if (cand < PAGE_SIZE)
			return 0;
		cand = ALIGN_DOWN(cand - PAGE_SIZE, kbuf->buf_align);
	}
	kbuf->mem = cand;
	return 1;
}

/* Lowest aligned start, as above. */
static int locate_mem_hole_bottom_up(uint64_t start, uint64_t end, struct kexec_buf *kbuf)
{
	uint64_t last = kbuf->memsz - 1;
	uint64_t cand = start;

	for (;;) {
		if (!align_up(cand, kbuf->buf_align, &cand))
			return 0;
		if (cand > end || end - cand < last)
			return 0;
		if (!kimage_is_destination_range(kbuf->image, cand, cand + last))
			break;
		/* Written so that nothing wraps when end is 2^64 - 1. */
		if (end - (cand + last) < PAGE_SIZE)
			return 0;
		cand += PAGE_SIZE;
	}
	kbuf->mem = cand;
	return 1;
}

static int locate_mem_hole_callback(struct resource *res, void *arg)
{
	const struct locate_arg *la = arg;
	struct kexec_buf *kbuf = la->kbuf;

	if (res->flags & IORESOURCE_SYSRAM_DRIVER_MANAGED)
		return 0;
	/* Whole range too small (end - start avoids resource_size() wrapping). */
	if (res->end - res->start < kbuf->memsz - 1)
		return 0;
	if (res->end < kbuf->buf_min || res->start > kbuf->buf_max)
		return 0;
	if (kbuf->top_down)
		return locate_mem_hole_top_down(max(res->start, kbuf->buf_min),
						min(res->end, kbuf->buf_max), kbuf);
	return locate_mem_hole_bottom_up(max(res->start, kbuf->buf_min),
					 min(res->end, kbuf->buf_max), kbuf);
}

/* The reverse walk's callback: with the teaching switch on, it sees what
 * Linux's pre-fix walk_system_ram_res_rev() passed: a copy without flags. */
static int locate_mem_hole_rev_callback(struct resource *res, void *arg)
{
	const struct locate_arg *la = arg;
	struct resource flagless;

	if (la->sw->rev_walk_drops_flags) {
		flagless = *res;
		flagless.flags = 0;
		res = &flagless;
	}
	return locate_mem_hole_callback(res, arg);
}

int kexec_locate_mem_hole_in(const struct kexec_view_src *src, struct kexec_buf *kbuf)
{
	struct locate_arg la = {.kbuf = kbuf, .sw = src->sw};
	int ret;

	if (!kbuf->memsz || kbuf->memsz > UINT64_MAX - (PAGE_SIZE - 1))
		return -EINVAL;
	if (kbuf->buf_align & (kbuf->buf_align - 1))
		return -EINVAL;
	kbuf->memsz = ALIGN_DOWN(kbuf->memsz + PAGE_SIZE - 1, PAGE_SIZE);
	kbuf->buf_align = max(kbuf->buf_align, PAGE_SIZE);

	/* The caller chose the address itself. */
	if (kbuf->mem != KEXEC_BUF_MEM_UNKNOWN)
		return 0;

	if (kbuf->top_down)
		ret = walk_system_ram_res_rev_in(src->iomem, 0, UINT64_MAX, &la,
						 locate_mem_hole_rev_callback);
	else
		ret = walk_system_ram_res_in(src->iomem, 0, UINT64_MAX, &la,
					     locate_mem_hole_callback);
	if (ret == 1)
		return 0;
	return ret == -ENOMEM ? -ENOMEM : -EADDRNOTAVAIL;
}

int kexec_add_buffer_in(const struct kexec_view_src *src, struct kexec_buf *kbuf)
{
	struct kimage *image = kbuf->image;
	int ret;

	if (!image || image->nr_segments >= KEXEC_SEGMENT_MAX)
		return -EINVAL;
	ret = kexec_locate_mem_hole_in(src, kbuf);
	if (ret)
		return ret;
	image->segment[image->nr_segments].mem = kbuf->mem;
	image->segment[image->nr_segments].memsz = kbuf->memsz;
	image->nr_segments++;
	return 0;
}

static int collect_usable_ram(struct resource *res, void *arg)
{
	struct memory_ranges *mr = arg;

	if (res->flags & IORESOURCE_SYSRAM_DRIVER_MANAGED)
		return 0;
	if (mr->size < mr->max_size)
		mr->ranges[mr->size] =
		    (struct memory_range){.start = res->start, .end = res->end, .type = RANGE_RAM};
	/* Counted even when full, so the caller learns the size it needs. */
	mr->size++;
	return 0;
}

int kexec_file_ram_ranges_in(const struct kexec_view_src *src, struct memory_ranges *mr)
{
	unsigned int found;

	mr->size = 0;
	walk_system_ram_res_in(src->iomem, 0, UINT64_MAX, mr, collect_usable_ram);
	found = mr->size;
	if (mr->size > mr->max_size)
		mr->size = mr->max_size;
	return (int)found;
}

int kexec_file_ram_show(const struct kexec_view_src *src, struct seq_buf *m)
{
	return memory_ranges_show_counted(src, m, kexec_file_ram_ranges_in);
}

const char *e820_kexec_type_name(unsigned type)
{
	switch (type) {
	case E820_TYPE_RAM:
		return "RAM";
	case E820_TYPE_RESERVED:
		return "RESERVED";
	case E820_TYPE_ACPI:
		return "ACPI";
	case E820_TYPE_NVS:
		return "ACPI_NVS";
	case E820_TYPE_UNUSABLE:
		return "UNUSABLE";
	case E820_TYPE_PMEM:
		return "PMEM";
	case E820_TYPE_PRAM:
		return "PRAM";
	case E820_TYPE_RESERVED_KERN:
		return "RESERVED_KERN";
	case E820_TYPE_SOFT_RESERVED:
		return "SOFT_RESERVED";
	default:
		return "UNKNOWN";
	}
}

int kexec_file_e820_show(const struct kexec_view_src *src, struct seq_buf *m)
{
	const struct e820_table *t = src->e820_kexec;
	uint32_t n;

	if (!t)
		return 0;
	/* setup_e820_entries(): the zero page holds 128 entries; the rest is
	 * dropped without a word. */
	n = t->nr_entries < E820_MAX_ENTRIES_ZEROPAGE ? t->nr_entries : E820_MAX_ENTRIES_ZEROPAGE;
	for (uint32_t i = 0; i < n; i++) {
		const struct e820_entry *e = &t->entries[i];

		seq_buf_printf(m, "%016llx-%016llx %s\n", (unsigned long long)e->addr,
			       (unsigned long long)(e->addr + e->size - 1),
			       e820_kexec_type_name((unsigned)e->type));
	}
	return 0;
}
