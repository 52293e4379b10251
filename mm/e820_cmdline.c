/* mem= and memmap= (see mm/e820_cmdline.h). */
#include "mm/e820_cmdline.h"

#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/kstrtox.h"
#include "lib/limits.h"
#include "lib/string.h"

bool e820_userdef;

void e820_cmdline_reset(void)
{
	e820_userdef = false;
}

int e820_parse_size(const char *s, const char **end, uint64_t *out)
{
	char *digits_end, *e;
	unsigned long long v;
	int ovf;

	simple_strtoull(s, &digits_end, 0);
	if (digits_end == s)
		return -EINVAL;
	v = memparse_ovf(s, &e, &ovf);
	if (ovf)
		return -ERANGE;
	*end = e;
	*out = v;
	return 0;
}

/* ---- mem= ---- */

static int bad_mem(const char *arg, const char *why, int err)
{
	printk("mem: ignoring bad value '%s': %s\n", arg, why);
	return err;
}

int parse_memopt(struct e820_table *t, const char *arg, uint64_t *max_mem_size)
{
	const char *end;
	uint64_t nn;
	int err;

	if (!arg || !*arg)
		return bad_mem("", "missing size", -EINVAL);
	if (strcmp(arg, "nopentium") == 0) {
		/* Turns off 4 MiB pages on 32-bit x86 only. */
		printk("mem=nopentium ignored! (only supported on x86_32)\n");
		return -EINVAL;
	}
	err = e820_parse_size(arg, &end, &nn);
	if (err == -ERANGE)
		return bad_mem(arg, "size overflows 64 bits", err);
	if (err)
		return bad_mem(arg, "not a size", err);
	if (*end)
		return bad_mem(arg, "trailing characters after the size", -EINVAL);
	/* Linux refuses 0 so that a typo does not remove all memory. */
	if (nn == 0)
		return bad_mem(arg, "size is 0", -EINVAL);

	e820__range_remove_table(t, nn, ULLONG_MAX - nn, E820_TYPE_RAM, true);
	e820_userdef = true;
	if (max_mem_size)
		*max_mem_size = nn;
	return 0;
}

/* ---- memmap= ---- */

enum memmap_op {
	MM_EXACTMAP,
	MM_ADD,	   /* type */
	MM_UPDATE, /* from -> to */
	MM_REMOVE, /* from, or every type when from == 0 */
	MM_CUTOFF, /* RAM above size */
};

struct memmap_item {
	enum memmap_op op;
	uint64_t size, start;
	uint32_t from, to;
};

/* "-OLD" / "+NEW": a non-zero type number that fits 32 bits. */
static const char *parse_type_num(const char *s, const char **end, uint32_t *out)
{
	char *e;
	int ovf;
	unsigned long long v = simple_strtoull_ovf(s, &e, 0, &ovf);

	if (e == s)
		return "missing type number";
	if (ovf || v > UINT_MAX)
		return "type number too large";
	if (v == 0)
		return "type 0 is not a type";
	*end = e;
	*out = (uint32_t)v;
	return NULL;
}

/* Parses a NUL-terminated item into *it. Returns 0, or -EINVAL / -ERANGE
 * with the reason in *why. */
static int memmap_parse(const char *s, struct memmap_item *it, const char **why)
{
	const char *p;
	char sep;
	int err;

	memset(it, 0, sizeof(*it));
	if (!*s) {
		*why = "empty item";
		return -EINVAL;
	}
	if (strcmp(s, "exactmap") == 0) {
		it->op = MM_EXACTMAP;
		return 0;
	}
	err = e820_parse_size(s, &p, &it->size);
	if (err) {
		*why = err == -ERANGE ? "size overflows 64 bits" : "expected a size or exactmap";
		return err;
	}
	if (*p == '\0') {
		it->op = MM_CUTOFF;
		return 0;
	}
	if (!strchr("@#$!%", *p)) {
		*why = "unknown separator after the size (expected @ # $ ! or %)";
		return -EINVAL;
	}
	sep = *p;
	err = e820_parse_size(p + 1, &p, &it->start);
	if (err) {
		*why = err == -ERANGE ? "start overflows 64 bits" : "missing or bad start address";
		return err;
	}

	if (sep == '%') {
		if (*p == '-' && (*why = parse_type_num(p + 1, &p, &it->from)))
			return -EINVAL;
		if (*p == '+' && (*why = parse_type_num(p + 1, &p, &it->to)))
			return -EINVAL;
		if (*p) {
			*why = "trailing characters (expected -OLD and/or +NEW)";
			return -EINVAL;
		}
		if (it->from && it->to) {
			if (it->from == it->to) {
				*why = "old type equals new type";
				return -EINVAL;
			}
			it->op = MM_UPDATE;
		} else if (it->to) {
			it->op = MM_ADD;
		} else {
			it->op = MM_REMOVE;
		}
	} else {
		if (*p) {
			*why = "trailing characters after the start address";
			return -EINVAL;
		}
		it->op = MM_ADD;
		it->to = sep == '@'   ? E820_TYPE_RAM
			 : sep == '#' ? E820_TYPE_ACPI
			 : sep == '$' ? E820_TYPE_RESERVED
				      : E820_TYPE_PRAM;
	}
	/* An added entry must not reach 2^64: sanitize would refuse the whole
	 * table (Linux then panics). Edits are clamped instead, as Linux does. */
	if (it->op == MM_ADD && it->size > ULLONG_MAX - it->start) {
		*why = "range wraps past 2^64";
		return -EINVAL;
	}
	return 0;
}

static void memmap_apply(struct e820_table *t, const struct memmap_item *it)
{
	switch (it->op) {
	case MM_EXACTMAP:
		t->nr_entries = 0;
		break;
	case MM_ADD:
		e820__range_add_table(t, it->start, it->size, (enum e820_type)it->to);
		break;
	case MM_UPDATE:
		e820__range_update_table(t, it->start, it->size, (enum e820_type)it->from,
					 (enum e820_type)it->to);
		break;
	case MM_REMOVE:
		e820__range_remove_table(t, it->start, it->size, (enum e820_type)it->from,
					 it->from != 0);
		break;
	case MM_CUTOFF:
		e820__range_remove_table(t, it->size, ULLONG_MAX - it->size, E820_TYPE_RAM, true);
		break;
	}
	e820_userdef = true;
}

/* Longest item we take; real ones are about 30 characters. */
#define MEMMAP_ITEM_MAX 80

/* An item as a (pointer, length) slice of the option value. */
static int memmap_slice(struct e820_table *t, const char *item, size_t len)
{
	char buf[MEMMAP_ITEM_MAX];
	struct memmap_item it;
	const char *why = "item too long";
	int err = -EINVAL;

	if (len < sizeof(buf)) {
		memcpy(buf, item, len);
		buf[len] = '\0';
		err = memmap_parse(buf, &it, &why);
	}
	if (err) {
		printk("memmap: ignoring bad item '%.*s': %s\n", (int)len, item, why);
		return err;
	}
	memmap_apply(t, &it);
	return 0;
}

int parse_memmap_one(struct e820_table *t, const char *item)
{
	return memmap_slice(t, item ? item : "", item ? strlen(item) : 0);
}

int parse_memmap_opt(struct e820_table *t, const char *arg)
{
	const char *s = arg ? arg : "";
	int ret = 0;

	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		if (memmap_slice(t, s, len))
			ret = -EINVAL;
		if (!comma)
			break;
		s = comma + 1;
	}
	return ret;
}

int e820__finish_early_params(struct e820_table *t)
{
	if (!e820_userdef)
		return 0;
	if (e820__update_table(t) < 0) {
		printk("e820: Invalid user supplied memory map\n");
		return -EINVAL;
	}
	printk("user-defined physical RAM map:\n");
	e820__print_table(t, "user");
	return 0;
}
