/* The e820 memory map (see mm/e820.h). */
#include "mm/e820.h"

#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/limits.h"
#include "lib/printf.h"
#include "lib/sort.h"
#include "lib/string.h"

static struct e820_table table_work, table_firmware;
struct e820_table e820_table_kexec_storage;

struct e820_table *e820_table = &table_work;
struct e820_table *e820_table_kexec = &e820_table_kexec_storage;
struct e820_table *e820_table_firmware = &table_firmware;

void e820__table_reset(struct e820_table *t)
{
	t->nr_entries = 0;
	memset(t->entries, 0, sizeof(t->entries));
}

/* ---- names ---- */

int e820_type_print_name(enum e820_type type, char *buf, size_t size)
{
	switch (type) {
	case E820_TYPE_RAM:
	case E820_TYPE_RESERVED_KERN:
		return snprintf(buf, size, "usable");
	case E820_TYPE_RESERVED:
		return snprintf(buf, size, "reserved");
	case E820_TYPE_SOFT_RESERVED:
		return snprintf(buf, size, "soft reserved");
	case E820_TYPE_ACPI:
		return snprintf(buf, size, "ACPI data");
	case E820_TYPE_NVS:
		return snprintf(buf, size, "ACPI NVS");
	case E820_TYPE_UNUSABLE:
		return snprintf(buf, size, "unusable");
	case E820_TYPE_PMEM:
	case E820_TYPE_PRAM:
		return snprintf(buf, size, "persistent (type %u)", (unsigned int)type);
	}
	return snprintf(buf, size, "type %u", (unsigned int)type);
}

/* "type 4294967295" is the longest word. */
#define TYPE_WORD_MAX 24

void e820_print_type(enum e820_type type)
{
	char w[TYPE_WORD_MAX];

	e820_type_print_name(type, w, sizeof(w));
	printk("%s", w);
}

const char *e820_type_to_string(enum e820_type type)
{
	switch (type) {
	case E820_TYPE_RAM:
	case E820_TYPE_RESERVED_KERN:
		return "System RAM";
	case E820_TYPE_RESERVED:
		return "Reserved";
	case E820_TYPE_ACPI:
		return "ACPI Tables";
	case E820_TYPE_NVS:
		return "ACPI Non-volatile Storage";
	case E820_TYPE_UNUSABLE:
		return "Unusable memory";
	case E820_TYPE_PMEM:
		return "Persistent Memory";
	case E820_TYPE_PRAM:
		return "Persistent Memory (legacy)";
	case E820_TYPE_SOFT_RESERVED:
		return "Soft Reserved";
	}
	return "Unknown E820 type";
}

unsigned long e820_type_to_iomem_type(enum e820_type type)
{
	if (type == E820_TYPE_RAM || type == E820_TYPE_RESERVED_KERN)
		return IORESOURCE_SYSTEM_RAM;
	return IORESOURCE_MEM;
}

unsigned long e820_type_to_iores_desc(enum e820_type type)
{
	switch (type) {
	case E820_TYPE_ACPI:
		return IORES_DESC_ACPI_TABLES;
	case E820_TYPE_NVS:
		return IORES_DESC_ACPI_NV_STORAGE;
	case E820_TYPE_PMEM:
		return IORES_DESC_PERSISTENT_MEMORY;
	case E820_TYPE_PRAM:
		return IORES_DESC_PERSISTENT_MEMORY_LEGACY;
	case E820_TYPE_RESERVED:
		return IORES_DESC_RESERVED;
	case E820_TYPE_SOFT_RESERVED:
		return IORES_DESC_SOFT_RESERVED;
	default:
		return IORES_DESC_NONE;
	}
}

void e820__print_table(const struct e820_table *t, const char *who)
{
	char w[TYPE_WORD_MAX];

	for (uint32_t i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];
		uint64_t last = e->addr + e->size - 1;

		e820_type_print_name(e->type, w, sizeof(w));
		printk("%s: [mem %pa-%pa] %s\n", who, &e->addr, &last, w);
	}
}

/* ---- sanitize ---- */

/* One end of a non-empty entry: where its type starts or stops counting. */
struct change_point {
	uint64_t addr;
	uint32_t idx;	 /* entry index in the input table */
	uint32_t is_end; /* 0: start, 1: end */
};

/* Scratch space: static because the kernel stack is 32 KiB. */
static struct change_point cp_buf[2 * E820_MAX_ENTRIES];
static uint32_t open_buf[E820_MAX_ENTRIES];
static struct e820_entry out_buf[E820_MAX_ENTRIES];

static int cp_cmp(const void *a, const void *b)
{
	const struct change_point *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* Starts before ends at the same address: that is what coalesces
	 * two touching entries of one type into one. */
	if (x->is_end != y->is_end)
		return x->is_end ? 1 : -1;
	/* Only to make the unstable heapsort deterministic. */
	if (x->idx != y->idx)
		return x->idx < y->idx ? -1 : 1;
	return 0;
}

/* Types whose entries stay separate even when they touch (Linux's
 * e820_nomerge()): each such range becomes its own device (a pmem
 * namespace, a dax region). */
static bool e820_nomerge(uint32_t type)
{
	return type == E820_TYPE_PRAM || type == E820_TYPE_SOFT_RESERVED;
}

int e820__update_table(struct e820_table *t)
{
	uint32_t n = t->nr_entries, ncp = 0, nopen = 0, nout = 0;
	uint32_t last_type = 0;
	uint64_t last_addr = 0;

	if (n < 2 || n > E820_MAX_ENTRIES)
		return -1;
	for (uint32_t i = 0; i < n; i++)
		if (t->entries[i].addr + t->entries[i].size < t->entries[i].addr)
			return -1;

	for (uint32_t i = 0; i < n; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (!e->size)
			continue;
		cp_buf[ncp++] = (struct change_point){e->addr, i, 0};
		cp_buf[ncp++] = (struct change_point){e->addr + e->size, i, 1};
	}
	sort(cp_buf, ncp, sizeof(cp_buf[0]), cp_cmp, NULL);

	for (uint32_t k = 0; k < ncp; k++) {
		const struct change_point *cp = &cp_buf[k];
		uint32_t cur = 0;

		if (!cp->is_end) {
			open_buf[nopen++] = cp->idx;
		} else {
			for (uint32_t j = 0; j < nopen; j++) {
				if (open_buf[j] == cp->idx) {
					open_buf[j] = open_buf[--nopen];
					break;
				}
			}
		}
		/* The effective type here: the largest among the open entries. */
		for (uint32_t j = 0; j < nopen; j++)
			if ((uint32_t)t->entries[open_buf[j]].type > cur)
				cur = t->entries[open_buf[j]].type;

		if (cur == last_type && !e820_nomerge(cur))
			continue;
		/* Close the running output entry; an empty one (several change
		 * points at one address) is simply overwritten. */
		if (last_type && cp->addr != last_addr) {
			out_buf[nout].addr = last_addr;
			out_buf[nout].size = cp->addr - last_addr;
			out_buf[nout].type = (enum e820_type)last_type;
			if (++nout == E820_MAX_ENTRIES)
				break;
		}
		last_addr = cp->addr;
		last_type = cur;
	}

	memcpy(t->entries, out_buf, nout * sizeof(out_buf[0]));
	t->nr_entries = nout;
	return 0;
}

/* ---- range editing ---- */

int e820__range_add_table(struct e820_table *t, uint64_t start, uint64_t size, enum e820_type type)
{
	if (t->nr_entries >= E820_MAX_ENTRIES) {
		printk("e820: too many entries; ignoring [mem %#010llx-%#010llx]\n",
		       (unsigned long long)start, (unsigned long long)(start + size - 1));
		return -ENOSPC;
	}
	t->entries[t->nr_entries].addr = start;
	t->entries[t->nr_entries].size = size;
	t->entries[t->nr_entries].type = type;
	t->nr_entries++;
	return 0;
}

int e820__range_add(uint64_t start, uint64_t size, enum e820_type type)
{
	return e820__range_add_table(e820_table, start, size, type);
}

/* Linux clamps rather than rejects a range running past the top. */
static uint64_t clamp_size(uint64_t start, uint64_t size)
{
	return size > ULLONG_MAX - start ? ULLONG_MAX - start : size;
}

uint64_t e820__range_update_table(struct e820_table *t, uint64_t start, uint64_t size,
				  enum e820_type old_type, enum e820_type new_type)
{
	char ow[TYPE_WORD_MAX], nw[TYPE_WORD_MAX];
	uint64_t end, changed = 0;
	uint32_t n = t->nr_entries;

	e820_type_print_name(old_type, ow, sizeof(ow));
	e820_type_print_name(new_type, nw, sizeof(nw));
	if (old_type == new_type) {
		printk(
		    "e820: error: update [mem %#010llx-%#010llx] with old type == new type (%s), "
		    "ignored\n",
		    (unsigned long long)start,
		    (unsigned long long)(start + clamp_size(start, size) - 1), ow);
		return 0;
	}
	size = clamp_size(start, size);
	end = start + size;
	printk("e820: update [mem %#010llx-%#010llx] %s ==> %s\n", (unsigned long long)start,
	       (unsigned long long)(end - 1), ow, nw);

	/* Only the entries present on entry: the ones appended below are
	 * either new_type or lie outside the range, so they never match. */
	for (uint32_t i = 0; i < n; i++) {
		struct e820_entry *e = &t->entries[i];
		uint64_t e_end = e->addr + e->size, lo, hi;

		if (e->type != old_type)
			continue;
		if (e->addr >= start && e_end <= end) {
			e->type = new_type;
			changed += e->size;
			continue;
		}
		if (e->addr < start && e_end > end) {
			/* The range sits inside: head stays, range and tail
			 * are appended. */
			e820__range_add_table(t, start, size, new_type);
			e820__range_add_table(t, end, e_end - end, old_type);
			e->size = start - e->addr;
			changed += size;
			continue;
		}
		lo = max(start, e->addr);
		hi = min(end, e_end);
		if (lo >= hi)
			continue;
		e820__range_add_table(t, lo, hi - lo, new_type);
		changed += hi - lo;
		e->size -= hi - lo;
		/* The covered part was the head: the entry now starts after it. */
		if (e->addr >= lo)
			e->addr = hi;
	}
	return changed;
}

uint64_t e820__range_update(uint64_t start, uint64_t size, enum e820_type old_type,
			    enum e820_type new_type)
{
	return e820__range_update_table(e820_table, start, size, old_type, new_type);
}

int e820__clamp_phys_bits(struct e820_table *t, unsigned int phys_bits, const char *who)
{
	uint64_t limit;
	uint32_t kept = 0;
	int cut = 0;

	if (phys_bits >= 64)
		return 0;
	limit = 1ull << phys_bits;
	for (uint32_t i = 0; i < t->nr_entries; i++) {
		struct e820_entry *e = &t->entries[i];
		uint64_t first, last;
		char w[TYPE_WORD_MAX];

		if (!e->size)
			continue;
		/* An entry that wraps past 2^64 ends there. */
		last = e->size - 1 > UINT64_MAX - e->addr ? UINT64_MAX : e->addr + e->size - 1;
		if (last < limit)
			continue;
		first = max(e->addr, limit);
		e820_type_print_name(e->type, w, sizeof(w));
		printk("%s: dropping [mem %#018llx-%#018llx] %s: beyond the CPU's physical "
		       "address width (%u bits)\n",
		       who, (unsigned long long)first, (unsigned long long)last, w, phys_bits);
		if (e->addr >= limit)
			memset(e, 0, sizeof(*e));
		else
			e->size = limit - e->addr;
		cut++;
	}
	if (!cut)
		return 0;
	/* Sanitize keeps a table of one entry as it is: drop the empty ones
	 * here first. */
	for (uint32_t i = 0; i < t->nr_entries; i++)
		if (t->entries[i].size)
			t->entries[kept++] = t->entries[i];
	t->nr_entries = kept;
	e820__update_table(t);
	return cut;
}

uint64_t e820__range_remove_table(struct e820_table *t, uint64_t start, uint64_t size,
				  enum e820_type old_type, bool check_type)
{
	char ow[TYPE_WORD_MAX] = "";
	uint64_t end, removed = 0;
	uint32_t n = t->nr_entries;

	size = clamp_size(start, size);
	end = start + size;
	if (check_type)
		e820_type_print_name(old_type, ow, sizeof(ow));
	printk("e820: remove [mem %#010llx-%#010llx] %s\n", (unsigned long long)start,
	       (unsigned long long)(end - 1), ow);

	/* Appended tails lie after the range, so the original count is enough. */
	for (uint32_t i = 0; i < n; i++) {
		struct e820_entry *e = &t->entries[i];
		uint64_t e_end = e->addr + e->size, lo, hi;

		if (check_type && e->type != old_type)
			continue;
		if (e->addr >= start && e_end <= end) {
			removed += e->size;
			memset(e, 0, sizeof(*e));
			continue;
		}
		if (e->addr < start && e_end > end) {
			e820__range_add_table(t, end, e_end - end, e->type);
			e->size = start - e->addr;
			removed += size;
			continue;
		}
		lo = max(start, e->addr);
		hi = min(end, e_end);
		if (lo >= hi)
			continue;
		removed += hi - lo;
		e->size -= hi - lo;
		if (e->addr >= lo)
			e->addr = hi;
	}
	return removed;
}

uint64_t e820__range_remove(uint64_t start, uint64_t size, enum e820_type old_type, bool check_type)
{
	return e820__range_remove_table(e820_table, start, size, old_type, check_type);
}

/* ---- queries ---- */

bool e820__mapped_any_table(const struct e820_table *t, uint64_t start, uint64_t end,
			    enum e820_type type)
{
	for (uint32_t i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (type && e->type != type)
			continue;
		if (e->addr >= end || e->addr + e->size <= start)
			continue;
		return true;
	}
	return false;
}

bool e820__mapped_any(uint64_t start, uint64_t end, enum e820_type type)
{
	return e820__mapped_any_table(e820_table, start, end, type);
}

bool e820__mapped_raw_any(uint64_t start, uint64_t end, enum e820_type type)
{
	return e820__mapped_any_table(e820_table_firmware, start, end, type);
}

/* Walks a cursor from start to end through entries that contain it, so the
 * table need not be sorted (Linux's walk assumes a sanitized table). Returns
 * the entry that reached end, or NULL. */
static const struct e820_entry *mapped_all(const struct e820_table *t, uint64_t start, uint64_t end,
					   enum e820_type type)
{
	const struct e820_entry *last = NULL;
	uint64_t cur = start;

	while (cur < end) {
		const struct e820_entry *found = NULL;

		for (uint32_t i = 0; i < t->nr_entries && !found; i++) {
			const struct e820_entry *e = &t->entries[i];

			if (type && e->type != type)
				continue;
			if (e->size && e->addr <= cur && cur - e->addr < e->size)
				found = e;
		}
		if (!found)
			return NULL;
		last = found;
		/* An entry reaching 2^64 covers everything left. */
		if (found->addr + found->size <= found->addr)
			break;
		cur = found->addr + found->size;
	}
	return last;
}

bool e820__mapped_all_table(const struct e820_table *t, uint64_t start, uint64_t end,
			    enum e820_type type)
{
	return mapped_all(t, start, end, type) != NULL;
}

bool e820__mapped_all(uint64_t start, uint64_t end, enum e820_type type)
{
	return e820__mapped_all_table(e820_table, start, end, type);
}

int e820__get_entry_type_table(const struct e820_table *t, uint64_t start, uint64_t end)
{
	const struct e820_entry *e = mapped_all(t, start, end, 0);

	return e ? (int)e->type : -EINVAL;
}

int e820__get_entry_type(uint64_t start, uint64_t end)
{
	return e820__get_entry_type_table(e820_table, start, end);
}

/* ---- building from boot data ---- */

/* Linux's append_e820_table() then sanitize, for a table already filled:
 * fewer than 2 entries is "no usable map". */
static int finish_boot_table(struct e820_table *t, int err)
{
	if (t->nr_entries < 2) {
		e820__table_reset(t);
		return -EINVAL;
	}
	e820__update_table(t);
	return err;
}

int e820__from_mb2_mmap(struct e820_table *t, const struct e820_entry *e, size_t n)
{
	int err = 0;

	e820__table_reset(t);
	/* Validate first, so that a bad map leaves nothing behind. */
	for (size_t i = 0; i < n; i++)
		if (e[i].addr + e[i].size < e[i].addr)
			return -EINVAL;
	if (n < 2)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (e820__range_add_table(t, e[i].addr, e[i].size, e[i].type))
			err = -E2BIG;
	return finish_boot_table(t, err);
}

/* The EFI stub's mapping of UEFI types (x86-stub.c, setup_e820()); 0 means
 * "skip this descriptor". */
static uint32_t efi_to_e820_type(const struct e820_efi_desc *d, bool soft_reserve)
{
	switch (d->type) {
	case E820_EFI_RESERVED_TYPE:
	case E820_EFI_RUNTIME_SERVICES_CODE:
	case E820_EFI_RUNTIME_SERVICES_DATA:
	case E820_EFI_MEMORY_MAPPED_IO:
	case E820_EFI_MEMORY_MAPPED_IO_PORT_SPACE:
	case E820_EFI_PAL_CODE:
		return E820_TYPE_RESERVED;
	case E820_EFI_UNACCEPTED_MEMORY:
		/* RAM that must be accepted before use: with
		 * CONFIG_UNACCEPTED_MEMORY the stub reports it as RAM. */
		return E820_TYPE_RAM;
	case E820_EFI_UNUSABLE_MEMORY:
		return E820_TYPE_UNUSABLE;
	case E820_EFI_ACPI_RECLAIM_MEMORY:
		return E820_TYPE_ACPI;
	case E820_EFI_LOADER_CODE:
	case E820_EFI_LOADER_DATA:
	case E820_EFI_BOOT_SERVICES_CODE:
	case E820_EFI_BOOT_SERVICES_DATA:
	case E820_EFI_CONVENTIONAL_MEMORY:
		/* The stub checks EFI_MEMORY_SP for this whole group, not
		 * only for conventional memory. */
		if (soft_reserve && (d->attribute & E820_EFI_MEMORY_SP))
			return E820_TYPE_SOFT_RESERVED;
		return E820_TYPE_RAM;
	case E820_EFI_ACPI_MEMORY_NVS:
		return E820_TYPE_NVS;
	case E820_EFI_PERSISTENT_MEMORY:
		return E820_TYPE_PMEM;
	}
	return 0;
}

int e820__from_efi_mmap(struct e820_table *t, const struct e820_efi_desc *d, size_t n,
			bool soft_reserve)
{
	struct e820_entry *prev = NULL;
	int err = 0;

	e820__table_reset(t);
	for (size_t i = 0; i < n; i++) {
		uint64_t bytes;

		if (d[i].num_pages > (ULLONG_MAX >> E820_EFI_PAGE_SHIFT))
			return -EINVAL;
		bytes = d[i].num_pages << E820_EFI_PAGE_SHIFT;
		if (d[i].phys_start + bytes < d[i].phys_start)
			return -EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t type = efi_to_e820_type(&d[i], soft_reserve);
		uint64_t bytes = d[i].num_pages << E820_EFI_PAGE_SHIFT;

		if (!type)
			continue;
		/* Like the stub: merge only with the entry just written, if
		 * it has the same type and ends where this one starts. */
		if (prev && prev->type == type && prev->addr + prev->size == d[i].phys_start) {
			prev->size += bytes;
			continue;
		}
		if (e820__range_add_table(t, d[i].phys_start, bytes, (enum e820_type)type)) {
			err = -E2BIG;
			prev = NULL;
			continue;
		}
		prev = &t->entries[t->nr_entries - 1];
	}
	return finish_boot_table(t, err);
}

void e820__memory_setup_from(const struct e820_table *fw, const char *who)
{
	memcpy(e820_table, fw, sizeof(*fw));
	memcpy(e820_table_kexec, fw, sizeof(*fw));
	memcpy(e820_table_firmware, fw, sizeof(*fw));
	printk("BIOS-provided physical RAM map:\n");
	e820__print_table(e820_table, who);
}
