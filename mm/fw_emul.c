/* Firmware emulation: fw.e820= and fw.hide= (see mm/fw_emul.h). */
#include "mm/fw_emul.h"

#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/kstrtox.h"
#include "lib/limits.h"
#include "lib/sort.h"
#include "lib/string.h"
#include "mm/e820_cmdline.h"

/* Longest item we take; real ones are about 30 characters. */
#define ITEM_MAX 80
/* fw.hide items examined; more are rejected as too many. */
#define HIDE_ITEMS_MAX (2 * FW_EMUL_MAX_HIDE)

/* Half-open [start, end) internally: easier to intersect. The tables we
 * read never reach 2^64 (sanitize and the parsers refuse that). */
struct span {
	uint64_t start;
	uint64_t end;
};

/* Scratch: static, the kernel stack is 32 KiB. */
static struct span sp_loader[E820_MAX_ENTRIES];
static struct span sp_view[E820_MAX_ENTRIES];
static struct span sp_tmp[2 * E820_MAX_ENTRIES];
static struct e820_table tbl_scratch;

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return 0;
}

/* The ranges of t with `type`, sorted and merged (works on unsanitized
 * tables). At most t->nr_entries spans. */
static uint32_t spans_of_type(const struct e820_table *t, uint32_t type, struct span *out)
{
	uint32_t n = 0, m = 0;

	for (uint32_t i = 0; i < t->nr_entries && i < E820_MAX_ENTRIES; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (e->type != type || !e->size)
			continue;
		out[n].start = e->addr;
		out[n].end = e->size > ULLONG_MAX - e->addr ? ULLONG_MAX : e->addr + e->size;
		n++;
	}
	sort(out, n, sizeof(out[0]), span_cmp, NULL);
	for (uint32_t i = 0; i < n; i++) {
		if (m && out[i].start <= out[m - 1].end) {
			if (out[i].end > out[m - 1].end)
				out[m - 1].end = out[i].end;
		} else {
			out[m++] = out[i];
		}
	}
	return m;
}

/* a minus b (both sorted and disjoint) into out; returns the count, or
 * UINT_MAX when more than max pieces would result. */
static uint32_t spans_subtract(const struct span *a, uint32_t na, const struct span *b, uint32_t nb,
			       struct span *out, uint32_t max)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < na; i++) {
		uint64_t cur = a[i].start;

		for (uint32_t j = 0; j < nb && cur < a[i].end; j++) {
			if (b[j].end <= cur || b[j].start >= a[i].end)
				continue;
			if (b[j].start > cur) {
				if (n == max)
					return UINT_MAX;
				out[n++] = (struct span){cur, b[j].start};
			}
			cur = b[j].end;
		}
		if (cur < a[i].end) {
			if (n == max)
				return UINT_MAX;
			out[n++] = (struct span){cur, a[i].end};
		}
	}
	return n;
}

/* a intersected with b (both sorted and disjoint). */
static uint32_t spans_intersect(const struct span *a, uint32_t na, const struct span *b,
				uint32_t nb, struct span *out, uint32_t max)
{
	uint32_t n = 0, i = 0, j = 0;

	while (i < na && j < nb) {
		uint64_t lo = a[i].start > b[j].start ? a[i].start : b[j].start;
		uint64_t hi = a[i].end < b[j].end ? a[i].end : b[j].end;

		if (lo < hi && n < max)
			out[n++] = (struct span){lo, hi};
		if (a[i].end < b[j].end)
			i++;
		else
			j++;
	}
	return n;
}

/* Is [start, end) inside one span of a merged list? */
static bool spans_cover(const struct span *s, uint32_t n, uint64_t start, uint64_t end)
{
	for (uint32_t i = 0; i < n; i++)
		if (s[i].start <= start && end <= s[i].end)
			return true;
	return false;
}

static bool overlaps(uint64_t a_start, uint64_t a_end, uint64_t b_start, uint64_t b_end)
{
	return a_start < b_end && b_start < a_end;
}

void fw_emul_init(struct fw_emul *fw, const struct e820_table *loader)
{
	memset(fw, 0, sizeof(*fw));
	fw->loader = loader;
	memcpy(&fw->view, loader, sizeof(*loader));
}

int fw_emul_parse_type(const char *s, enum e820_type *out)
{
	static const struct {
		const char *name;
		enum e820_type type;
	} names[] = {
	    {"ram", E820_TYPE_RAM},   {"reserved", E820_TYPE_RESERVED},	 {"acpi", E820_TYPE_ACPI},
	    {"nvs", E820_TYPE_NVS},   {"unusable", E820_TYPE_UNUSABLE},	 {"pmem", E820_TYPE_PMEM},
	    {"pram", E820_TYPE_PRAM}, {"soft", E820_TYPE_SOFT_RESERVED},
	};
	unsigned long long v;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].type;
			return 0;
		}
	}
	/* Type 0 marks a deleted entry inside e820; it is no type. */
	if (*s < '0' || *s > '9' || kstrtoull(s, 0, &v) || v == 0 || v > UINT_MAX)
		return -EINVAL;
	*out = (enum e820_type)v;
	return 0;
}

/* Copies item slice [s, s + len) into buf; false if it does not fit. */
static bool item_copy(char *buf, const char *s, size_t len)
{
	if (len >= ITEM_MAX)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return true;
}

/* "size@start", leaving *p after start. NULL or the reason. */
static const char *parse_size_at(const char *s, const char **p, uint64_t *size, uint64_t *start)
{
	int err = e820_parse_size(s, p, size);

	if (err)
		return err == -ERANGE ? "size overflows 64 bits" : "expected size@start";
	if (**p != '@')
		return "expected size@start";
	err = e820_parse_size(*p + 1, p, start);
	if (err)
		return err == -ERANGE ? "start overflows 64 bits" : "missing or bad start address";
	if (*size == 0)
		return "size is 0";
	/* An end at 2^64 is refused too: e820 cannot hold it. */
	if (*size > ULLONG_MAX - *start)
		return "range wraps past 2^64";
	return NULL;
}

/* One fw.e820 item into tbl_scratch. NULL or the reason. */
static const char *e820_item(const char *buf)
{
	enum e820_type type;
	const char *p, *why;
	uint64_t size, start;

	why = parse_size_at(buf, &p, &size, &start);
	if (why)
		return why;
	if (*p != ':')
		return "expected size@start:type";
	if (fw_emul_parse_type(p + 1, &type))
		return "unknown type (a non-zero number, or ram reserved acpi nvs unusable pmem "
		       "pram soft)";
	if (tbl_scratch.nr_entries >= E820_MAX_ENTRIES)
		return "too many entries";
	e820__range_add_table(&tbl_scratch, start, size, type);
	return NULL;
}

/* phantom = RAM of the view that is not RAM in the loader's map. */
static int compute_phantom(struct fw_emul *fw)
{
	uint32_t nl = spans_of_type(fw->loader, E820_TYPE_RAM, sp_loader);
	uint32_t nv = spans_of_type(&fw->view, E820_TYPE_RAM, sp_view);
	uint32_t n = spans_subtract(sp_view, nv, sp_loader, nl, sp_tmp, E820_MAX_ENTRIES);

	fw->nr_phantom = 0;
	if (n == UINT_MAX)
		return -E2BIG;
	for (uint32_t i = 0; i < n; i++)
		fw->phantom[i] =
		    (struct fw_range){sp_tmp[i].start, sp_tmp[i].end - sp_tmp[i].start};
	fw->nr_phantom = n;
	return 0;
}

int fw_emul_set_e820(struct fw_emul *fw, const char *list)
{
	const char *s = list ? list : "";
	uint32_t bad = 0;

	if (fw->hide_done)
		return -EBUSY;
	e820__table_reset(&tbl_scratch);
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		char buf[ITEM_MAX];
		const char *why = item_copy(buf, s, len) ? e820_item(buf) : "item too long";

		if (why) {
			printk("fw.e820: ignoring bad item '%.*s': %s\n", (int)len, s, why);
			bad++;
		}
		if (!comma)
			break;
		s = comma + 1;
	}
	fw->nr_bad += bad;
	if (!tbl_scratch.nr_entries) {
		printk("fw.e820: no valid entries; keeping the loader's map\n");
		return -EINVAL;
	}
	/* A single entry is already sane; sanitize refuses it (fewer than 2). */
	e820__update_table(&tbl_scratch);
	memcpy(&fw->view, &tbl_scratch, sizeof(tbl_scratch));
	fw->emulated = true;
	if (compute_phantom(fw))
		return -E2BIG;
	return bad ? -EINVAL : 0;
}

int fw_emul_clamp_phys(struct fw_emul *fw, unsigned int phys_bits)
{
	int cut = e820__clamp_phys_bits(&fw->view, phys_bits, fw->emulated ? "fw.e820" : "e820");

	if (cut && compute_phantom(fw))
		return -E2BIG;
	return cut;
}

/* ---- fw.hide ---- */

struct hide_item {
	const char *text; /* slice of the option value, for the report */
	size_t len;
	uint64_t start, end;
	bool phantom;	 /* size@start:phantom */
	const char *why; /* NULL: accepted */
};

#define PHANTOM_SUFFIX ":phantom"

static const char *hide_item_parse(const char *buf, uint64_t *start, uint64_t *end, bool *phantom)
{
	const char *p, *why;
	uint64_t size;

	if (strcmp(buf, "auto") == 0 || strcmp(buf, "none") == 0)
		return "auto and none must stand alone";
	why = parse_size_at(buf, &p, &size, start);
	if (why)
		return why;
	*phantom = strcmp(p, PHANTOM_SUFFIX) == 0;
	if (*phantom)
		p += strlen(PHANTOM_SUFFIX);
	if (*p)
		return "trailing characters after the start address";
	if ((*start | size) & (PAGE_SIZE - 1))
		return "not 4 KiB aligned";
	*end = *start + size;
	return NULL;
}

/* Rebuilds the view without the windows (sorted, disjoint spans of real
 * RAM): RAM entries are cut around them, other entries copied. */
static int view_cut(struct fw_emul *fw, const struct span *win, uint32_t nwin)
{
	e820__table_reset(&tbl_scratch);
	for (uint32_t i = 0; i < fw->view.nr_entries; i++) {
		const struct e820_entry *e = &fw->view.entries[i];
		struct span whole = {e->addr, e->addr + e->size};
		struct span pieces[FW_EMUL_MAX_HIDE + 1];
		uint32_t n = 1;

		pieces[0] = whole;
		/* nwin windows cut one entry into at most nwin + 1 pieces. */
		if (e->type == E820_TYPE_RAM)
			n = spans_subtract(&whole, 1, win, nwin, pieces, FW_EMUL_MAX_HIDE + 1);
		if (n == UINT_MAX)
			return -E2BIG;
		for (uint32_t k = 0; k < n; k++) {
			if (tbl_scratch.nr_entries >= E820_MAX_ENTRIES)
				return -E2BIG;
			e820__range_add_table(&tbl_scratch, pieces[k].start,
					      pieces[k].end - pieces[k].start, e->type);
		}
	}
	e820__update_table(&tbl_scratch);
	memcpy(&fw->view, &tbl_scratch, sizeof(tbl_scratch));
	return 0;
}

static int hide_apply(struct fw_emul *fw, struct span *win, uint32_t nwin)
{
	int err;

	sort(win, nwin, sizeof(win[0]), span_cmp, NULL);
	err = view_cut(fw, win, nwin);
	if (err)
		return err;
	for (uint32_t i = 0; i < nwin; i++)
		fw->hidden[i] = (struct fw_range){win[i].start, win[i].end - win[i].start};
	fw->nr_hidden = nwin;
	return 0;
}

static bool hits_forbidden(uint64_t start, uint64_t end, const struct fw_range *f, size_t nf)
{
	for (size_t i = 0; i < nf; i++) {
		uint64_t f_end;

		if (!f[i].size)
			continue;
		f_end = f[i].size > ULLONG_MAX - f[i].start ? ULLONG_MAX : f[i].start + f[i].size;
		if (overlaps(start, end, f[i].start, f_end))
			return true;
	}
	return false;
}

static int hide_list(struct fw_emul *fw, const char *spec, const struct fw_range *forbidden,
		     size_t nr_forbidden)
{
	struct hide_item items[HIDE_ITEMS_MAX];
	bool overlap[HIDE_ITEMS_MAX];
	struct span win[FW_EMUL_MAX_HIDE];
	uint32_t nitems = 0, nwin = 0, bad = 0;
	uint32_t nl = spans_of_type(fw->loader, E820_TYPE_RAM, sp_loader);
	uint32_t nv = spans_of_type(&fw->view, E820_TYPE_RAM, sp_view);
	const char *s = spec, *extra = NULL;

	/* Pass 1: parse and check each item on its own. */
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		if (nitems < HIDE_ITEMS_MAX) {
			struct hide_item *it = &items[nitems];
			char buf[ITEM_MAX];

			*it = (struct hide_item){.text = s, .len = len};
			it->why = item_copy(buf, s, len)
				      ? hide_item_parse(buf, &it->start, &it->end, &it->phantom)
				      : "item too long";
			/* A phantom window (fw.e820= RAM the machine lacks) is
			 * bookkeeping only: none of it may be real RAM. */
			if (!it->why && it->phantom &&
			    e820__mapped_any_table(fw->loader, it->start, it->end, E820_TYPE_RAM))
				it->why = "not phantom RAM (RAM in the loader's map)";
			else if (!it->why && !it->phantom &&
				 !spans_cover(sp_loader, nl, it->start, it->end))
				it->why = "not RAM in the loader's map";
			else if (!it->why && !spans_cover(sp_view, nv, it->start, it->end))
				it->why = "not RAM in the firmware view";
			/* Hiding the kernel would let a hot-add claim live data. */
			else if (!it->why &&
				 hits_forbidden(it->start, it->end, forbidden, nr_forbidden))
				it->why = "overlaps the kernel image or boot data";
			nitems++;
		} else if (!extra) {
			extra = s; /* reported last, to keep the item order */
		}
		if (!comma)
			break;
		s = comma + 1;
	}
	/* Pass 2: items that overlap each other are all refused. */
	for (uint32_t i = 0; i < nitems; i++) {
		overlap[i] = false;
		for (uint32_t j = 0; j < nitems && !items[i].why; j++)
			if (j != i && !items[j].why &&
			    overlaps(items[i].start, items[i].end, items[j].start, items[j].end))
				overlap[i] = true;
	}
	for (uint32_t i = 0; i < nitems; i++)
		if (overlap[i])
			items[i].why = "overlaps another item";
	/* Pass 3: report in item order; keep the good ones. */
	for (uint32_t i = 0; i < nitems; i++) {
		if (!items[i].why && nwin == FW_EMUL_MAX_HIDE)
			items[i].why = "too many windows";
		if (items[i].why) {
			printk("fw.hide: ignoring bad item '%.*s': %s\n", (int)items[i].len,
			       items[i].text, items[i].why);
			bad++;
			continue;
		}
		win[nwin++] = (struct span){items[i].start, items[i].end};
	}
	for (s = extra; s;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		printk("fw.hide: ignoring bad item '%.*s': too many items\n", (int)len, s);
		bad++;
		s = comma ? comma + 1 : NULL;
	}
	fw->nr_bad += bad;
	if (nwin) {
		int err = hide_apply(fw, win, nwin);

		if (err)
			return err;
	}
	return bad ? -EINVAL : 0;
}

static int hide_auto(struct fw_emul *fw, uint64_t bs, const struct fw_range *forbidden,
		     size_t nr_forbidden)
{
	const uint64_t need = FW_HIDE_AUTO_BLOCKS * bs;
	uint32_t nl = spans_of_type(fw->loader, E820_TYPE_RAM, sp_loader);
	uint32_t nv = spans_of_type(&fw->view, E820_TYPE_RAM, sp_view);
	uint32_t n = spans_intersect(sp_loader, nl, sp_view, nv, sp_tmp, 2 * E820_MAX_ENTRIES);

	for (uint32_t i = n; i-- > 0;) {
		uint64_t lo = sp_tmp[i].start > FW_HIDE_AUTO_MIN_ADDR ? sp_tmp[i].start
								      : FW_HIDE_AUTO_MIN_ADDR;
		uint64_t hi = sp_tmp[i].end & ~(bs - 1);

		if (lo > ULLONG_MAX - (bs - 1))
			continue;
		lo = (lo + bs - 1) & ~(bs - 1);
		if (hi < lo || hi - lo < need)
			continue;
		/* From the top down, one block at a time. */
		for (uint64_t s = hi - need;; s -= bs) {
			if (!hits_forbidden(s, s + need, forbidden, nr_forbidden)) {
				struct span win[FW_HIDE_AUTO_BLOCKS];

				for (uint32_t k = 0; k < FW_HIDE_AUTO_BLOCKS; k++)
					win[k] = (struct span){s + k * bs, s + (k + 1) * bs};
				fw->hide_auto = true;
				return hide_apply(fw, win, FW_HIDE_AUTO_BLOCKS);
			}
			if (s - lo < bs)
				break;
		}
	}
	printk("fw.hide=auto: no room for %u consecutive memory blocks of %#llx bytes in real RAM "
	       "at or above %#llx, clear of the kernel and boot data; nothing hidden\n",
	       (unsigned int)FW_HIDE_AUTO_BLOCKS, (unsigned long long)bs,
	       (unsigned long long)FW_HIDE_AUTO_MIN_ADDR);
	return -ENOSPC;
}

int fw_emul_hide(struct fw_emul *fw, const char *spec, uint64_t block_size,
		 const struct fw_range *forbidden, size_t nr_forbidden)
{
	bool is_auto = spec && strcmp(spec, "auto") == 0;

	if (fw->hide_done)
		return -EBUSY;
	/* Refusals of the whole value leave the caller free to try again. */
	if (!spec || !*spec) {
		printk("fw.hide: ignoring empty value (expected auto, none or size@start[,...])\n");
		fw->nr_bad++;
		return -EINVAL;
	}
	if (is_auto && (block_size < PAGE_SIZE || (block_size & (block_size - 1)))) {
		printk("fw.hide=auto: block size %#llx is not a power of two >= 4 KiB\n",
		       (unsigned long long)block_size);
		return -EINVAL;
	}
	fw->hide_done = true;
	if (strcmp(spec, "none") == 0)
		return 0;
	if (is_auto)
		return hide_auto(fw, block_size, forbidden, nr_forbidden);
	return hide_list(fw, spec, forbidden, nr_forbidden);
}

/* ---- queries and printing ---- */

bool fw_emul_is_real_ram(const struct fw_emul *fw, uint64_t start, uint64_t size)
{
	if (!size || size > ULLONG_MAX - start)
		return false;
	return e820__mapped_all_table(fw->loader, start, start + size, E820_TYPE_RAM);
}

bool fw_emul_overlaps_phantom(const struct fw_emul *fw, uint64_t start, uint64_t size)
{
	uint64_t end = size > ULLONG_MAX - start ? ULLONG_MAX : start + size;

	for (uint32_t i = 0; i < fw->nr_phantom; i++)
		if (overlaps(start, end, fw->phantom[i].start,
			     fw->phantom[i].start + fw->phantom[i].size))
			return true;
	return false;
}

size_t fw_emul_phantom_ranges(const struct fw_emul *fw, const struct fw_range **out)
{
	*out = fw->phantom;
	return fw->nr_phantom;
}

size_t fw_emul_hidden_windows(const struct fw_emul *fw, const struct fw_range **out)
{
	*out = fw->hidden;
	return fw->nr_hidden;
}

void fw_emul_print(const struct fw_emul *fw)
{
	if (fw->emulated)
		printk("fw.e820: firmware map replaced by the command line (%u entries)\n",
		       (unsigned int)fw->view.nr_entries);
	for (uint32_t i = 0; i < fw->nr_phantom; i++)
		printk("fw.e820: phantom RAM [mem %#010llx-%#010llx] (not RAM in the loader's "
		       "map: never touched)\n",
		       (unsigned long long)fw->phantom[i].start,
		       (unsigned long long)(fw->phantom[i].start + fw->phantom[i].size - 1));
	for (uint32_t i = 0; i < fw->nr_hidden; i++)
		printk("fw.hide: window [mem %#010llx-%#010llx] hidden from the firmware map%s\n",
		       (unsigned long long)fw->hidden[i].start,
		       (unsigned long long)(fw->hidden[i].start + fw->hidden[i].size - 1),
		       fw_emul_is_real_ram(fw, fw->hidden[i].start, fw->hidden[i].size)
			   ? ""
			   : " (phantom)");
}
