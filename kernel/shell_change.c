/* The shell's last change (kernel/shell.h): snapshots of /proc/iomem and
 * /sys/firmware/memmap read through pseudofs before and after, their diff,
 * and the explanation `why` gives (texts: docs/shell.md). */
#include "kernel/kalloc.h"
#include "kernel/pseudofs.h"
#include "kernel/shell.h"
#include "kernel/shell_internal.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/kstrtox.h"
#include "lib/linediff.h"
#include "lib/printf.h"
#include "lib/seq_buf.h"
#include "lib/string.h"
#include "mm/memory_hotplug.h"

#define MEMMAP_DIR "/sys/firmware/memmap"
#define MEMORY_DIR "/sys/devices/system/memory"

/* ---- growing strings ---- */

static bool sbuf_room(struct sbuf *b, size_t more)
{
	size_t size = b->size ? b->size : 256;
	char *grown;

	if (b->oom)
		return false;
	if (b->len + more < b->size)
		return true;
	while (size <= b->len + more)
		size *= 2;
	grown = kzalloc(size);
	if (!grown) {
		b->oom = true;
		return false;
	}
	if (b->len)
		memcpy(grown, b->buf, b->len);
	kfree(b->buf);
	b->buf = grown;
	b->size = size;
	return true;
}

void sbuf_putn(struct sbuf *b, const char *s, size_t n)
{
	if (!sbuf_room(b, n))
		return;
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void sbuf_puts(struct sbuf *b, const char *s)
{
	sbuf_putn(b, s, strlen(s));
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !sbuf_room(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *sbuf_take(struct sbuf *b)
{
	char *text = b->buf;

	if (b->oom || (!text && !sbuf_room(b, 0))) {
		sbuf_free(b);
		return NULL;
	}
	text = b->buf;
	*b = (struct sbuf){0};
	return text;
}

void sbuf_free(struct sbuf *b)
{
	kfree(b->buf);
	*b = (struct sbuf){0};
}

/* ---- snapshots ---- */

/* "/proc/iomem" ("" where the namespace has none), kzalloc'd; NULL when
 * out of memory. */
static char *snapshot_iomem(struct shell *sh)
{
	char *text;
	int ret = pfs_read_alloc(sh->ns, "/proc/iomem", &text);

	if (ret == -ENOENT)
		return kzalloc(1);
	return ret ? NULL : text;
}

/* A file's text without its newline into buf ("" on error). */
static void read_line(struct shell *sh, const char *path, char *buf, size_t size)
{
	struct seq_buf m;
	size_t len;

	seq_buf_init(&m, buf, size);
	if (pfs_read(sh->ns, path, &m))
		buf[0] = '\0';
	len = strlen(buf);
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
}

struct memmap_snap {
	struct shell *sh;
	struct sbuf b;
};

static int memmap_line(void *arg, const char *name, bool is_dir)
{
	struct memmap_snap *s = arg;
	char path[64], start[32], end[32], type[64];

	snprintf(path, sizeof(path), MEMMAP_DIR "/%s/start", name);
	read_line(s->sh, path, start, sizeof(start));
	snprintf(path, sizeof(path), MEMMAP_DIR "/%s/end", name);
	read_line(s->sh, path, end, sizeof(end));
	snprintf(path, sizeof(path), MEMMAP_DIR "/%s/type", name);
	read_line(s->sh, path, type, sizeof(type));
	sbuf_printf(&s->b, "%s %s %s %s\n", name, start, end, type);
	return 0;
}

/* One line "N start end type" per /sys/firmware/memmap/N, in index order,
 * kzalloc'd; NULL when out of memory. */
static char *snapshot_memmap(struct shell *sh)
{
	struct memmap_snap s = {sh, {0}};

	pfs_list(sh->ns, MEMMAP_DIR, memmap_line, &s);
	return sbuf_take(&s.b);
}

/* ---- what changed ---- */

#define MAX_LINES 16
#define NAME_MAX  64
#define DEPTH_MAX 8

struct ram_line {
	u64 start, end;
	char name[NAME_MAX];
	char parent[NAME_MAX]; /* the line it is nested in, or "" */
};

struct memmap_entry {
	long index;
	u64 start, end;
	char type[NAME_MAX];
	bool explained; /* by a System RAM change */
};

struct analysis {
	struct ram_line added[MAX_LINES], removed[MAX_LINES];
	int nr_added, nr_removed;
	struct memmap_entry mm_added[MAX_LINES], mm_removed[MAX_LINES];
	int nr_mm_added, nr_mm_removed;
	/* The names of the lines around the current one, by depth, in the old
	 * and the new text (for the parent of a nested line). */
	char old_at[DEPTH_MAX][NAME_MAX], new_at[DEPTH_MAX][NAME_MAX];
};

/* "  start-end : name" (two spaces per depth). */
static bool parse_iomem_line(const char *s, size_t len, int *depth, u64 *start, u64 *end,
			     char *name)
{
	char line[160];
	char *p, *q;
	int spaces = 0;

	while (len && *s == ' ') {
		s++;
		len--;
		spaces++;
	}
	if (len >= sizeof(line))
		len = sizeof(line) - 1;
	memcpy(line, s, len);
	line[len] = '\0';
	*start = simple_strtoull(line, &p, 16);
	if (p == line || *p != '-')
		return false;
	*end = simple_strtoull(p + 1, &q, 16);
	if (q == p + 1 || strncmp(q, " : ", 3))
		return false;
	strlcpy(name, q + 3, NAME_MAX);
	*depth = spaces / 2;
	return true;
}

static int iomem_diff_line(void *arg, const struct linediff_line *l)
{
	struct analysis *a = arg;
	char name[NAME_MAX];
	struct ram_line *r;
	u64 start, end;
	int depth;

	if (!parse_iomem_line(l->line, l->len, &depth, &start, &end, name) || depth >= DEPTH_MAX)
		return 0;
	if (l->kind != '+')
		strlcpy(a->old_at[depth], name, NAME_MAX);
	if (l->kind != '-')
		strlcpy(a->new_at[depth], name, NAME_MAX);
	if (l->kind == '=' || strncmp(name, MHP_SYSTEM_RAM_NAME, strlen(MHP_SYSTEM_RAM_NAME)))
		return 0;
	if (l->kind == '+' ? a->nr_added == MAX_LINES : a->nr_removed == MAX_LINES)
		return 0;
	r = l->kind == '+' ? &a->added[a->nr_added++] : &a->removed[a->nr_removed++];
	r->start = start;
	r->end = end;
	strlcpy(r->name, name, NAME_MAX);
	strlcpy(r->parent, depth ? (l->kind == '+' ? a->new_at : a->old_at)[depth - 1] : "",
		NAME_MAX);
	return 0;
}

/* "N start end type" */
static int memmap_diff_line(void *arg, const struct linediff_line *l)
{
	struct analysis *a = arg;
	struct memmap_entry *e;
	char line[160];
	char *p;

	if (l->kind == '=')
		return 0;
	if (l->kind == '+' ? a->nr_mm_added == MAX_LINES : a->nr_mm_removed == MAX_LINES)
		return 0;
	memcpy(line, l->line, l->len < sizeof(line) ? l->len : sizeof(line) - 1);
	line[l->len < sizeof(line) ? l->len : sizeof(line) - 1] = '\0';
	e = l->kind == '+' ? &a->mm_added[a->nr_mm_added] : &a->mm_removed[a->nr_mm_removed];
	*e = (struct memmap_entry){0};
	e->index = (long)simple_strtoull(line, &p, 10);
	if (*p++ != ' ')
		return 0;
	e->start = simple_strtoull(p, &p, 0);
	if (*p++ != ' ')
		return 0;
	e->end = simple_strtoull(p, &p, 0);
	if (*p++ != ' ')
		return 0;
	strlcpy(e->type, p, NAME_MAX);
	if (l->kind == '+')
		a->nr_mm_added++;
	else
		a->nr_mm_removed++;
	return 0;
}

/* A range of System RAM that appeared or went. */
struct ram_change {
	bool added;
	u64 start, end;
	const struct ram_line *line;
	const struct memmap_entry *entry; /* added or removed with it, or NULL */
};

struct piece {
	u64 start, end;
};

/* Takes [start, end] out of the pieces; a piece may split in two. */
static int cut(struct piece *p, int nr, int max, u64 start, u64 end)
{
	for (int i = 0; i < nr; i++) {
		struct piece left = {p[i].start, start - 1}, right = {end + 1, p[i].end};

		if (end < p[i].start || start > p[i].end)
			continue;
		if (start > p[i].start) {
			p[i] = left;
			if (end < right.end && nr < max)
				p[nr++] = right;
		} else if (end < p[i].end) {
			p[i] = right;
		} else {
			p[i--] = p[--nr];
		}
	}
	return nr;
}

static bool is_driver_managed(const char *name)
{
	return strcmp(name, MHP_SYSTEM_RAM_NAME) != 0;
}

/* What each changed line adds or takes away: the line's range without
 * what lines of the same name on the other side cover (a merge or a split
 * of a driver's resource is no change of that part). */
static int ram_changes(struct analysis *a, struct ram_change *ch, int max)
{
	int nr = 0;

	for (int side = 0; side < 2; side++) {
		bool added = side == 0;
		const struct ram_line *lines = added ? a->added : a->removed;
		const struct ram_line *other = added ? a->removed : a->added;
		int n = added ? a->nr_added : a->nr_removed;
		int n_other = added ? a->nr_removed : a->nr_added;

		for (int i = 0; i < n; i++) {
			struct piece p[MAX_LINES] = {{lines[i].start, lines[i].end}};
			int np = 1;

			for (int j = 0; j < n_other; j++)
				if (!strcmp(other[j].name, lines[i].name))
					np = cut(p, np, MAX_LINES, other[j].start, other[j].end);
			for (int k = 0; k < np && nr < max; k++)
				ch[nr++] = (struct ram_change){added, p[k].start, p[k].end,
							       &lines[i], NULL};
		}
	}
	/* The firmware memmap entry that came or went with each range. */
	for (int i = 0; i < nr; i++) {
		struct memmap_entry *e = ch[i].added ? a->mm_added : a->mm_removed;
		int n = ch[i].added ? a->nr_mm_added : a->nr_mm_removed;

		for (int j = 0; j < n && !ch[i].entry; j++) {
			if (!e[j].explained && !strcmp(e[j].type, MHP_SYSTEM_RAM_NAME) &&
			    e[j].start <= ch[i].end && e[j].end >= ch[i].start) {
				e[j].explained = true;
				ch[i].entry = &e[j];
			}
		}
	}
	return nr;
}

/* The memory blocks of a range, now. */
struct blocks {
	unsigned long first, last;
	int online, offline; /* blocks in each state (others: gone, or going offline) */
};

static bool range_blocks(struct shell *sh, u64 start, u64 end, struct blocks *bl)
{
	unsigned long long size;
	char text[32], path[80];

	read_line(sh, MEMORY_DIR "/block_size_bytes", text, sizeof(text));
	if (kstrtoull(text, 16, &size) || !size)
		return false;
	*bl = (struct blocks){start / size, end / size, 0, 0};
	for (unsigned long id = bl->first; id <= bl->last && id - bl->first < 4096; id++) {
		snprintf(path, sizeof(path), MEMORY_DIR "/memory%lu/state", id);
		read_line(sh, path, text, sizeof(text));
		bl->online += !strcmp(text, "online");
		bl->offline += !strcmp(text, "offline");
	}
	return bl->online + bl->offline > 0;
}

static void block_names(const struct blocks *bl, char *buf, size_t size)
{
	if (bl->first == bl->last)
		snprintf(buf, size, "memory%lu", bl->first);
	else
		snprintf(buf, size, "memory%lu-memory%lu", bl->first, bl->last);
}

/* ---- the texts ---- */

static void explain_added(struct shell *sh, struct sbuf *why, struct sbuf *brief,
			  const struct ram_change *c, const char *policy)
{
	bool dm = is_driver_managed(c->line->name);
	struct blocks bl;
	char names[48];

	sbuf_printf(why, "added %08llx-%08llx : %s", c->start, c->end, c->line->name);
	if (*c->line->parent)
		sbuf_printf(why, ", inside %s", c->line->parent);
	sbuf_puts(why, "\n");
	if (dm) {
		sbuf_printf(why, "  driver managed: named \"%s\", not exactly \"%s\"\n",
			    c->line->name, MHP_SYSTEM_RAM_NAME);
		sbuf_puts(why,
			  "  driver-managed memory gets no firmware memmap entry:\n"
			  "  kexec would otherwise hand it to the next kernel as ordinary RAM\n");
		sbuf_puts(brief, "why: driver managed: no firmware memmap entry");
	} else {
		sbuf_printf(why, "  not driver managed: named exactly \"%s\"\n",
			    MHP_SYSTEM_RAM_NAME);
		if (c->entry) {
			sbuf_printf(why,
				    "  firmware memmap entry %ld created (" MEMMAP_DIR "/%ld):\n"
				    "  kexec tells the next kernel about this RAM through it\n",
				    c->entry->index, c->entry->index);
			sbuf_printf(brief, "why: plain System RAM: firmware memmap entry %ld",
				    c->entry->index);
		} else {
			sbuf_puts(why, "  no firmware memmap entry was created\n");
			sbuf_puts(brief, "why: plain System RAM: no firmware memmap entry");
		}
	}
	if (range_blocks(sh, c->start, c->end, &bl)) {
		block_names(&bl, names, sizeof(names));
		if (!bl.online && !strcmp(policy, "offline")) {
			sbuf_printf(why, "  %s: offline, as auto_online_blocks is offline\n",
				    names);
			if (bl.first == bl.last)
				sbuf_printf(why,
					    "  (to use it: echo online > " MEMORY_DIR
					    "/memory%lu/state)\n",
					    bl.first);
			else
				sbuf_printf(why,
					    "  (to use them: echo online > " MEMORY_DIR
					    "/memoryN/state for N = %lu to %lu)\n",
					    bl.first, bl.last);
		} else if (!bl.online) {
			sbuf_printf(why, "  %s: offline, although auto_online_blocks is %s\n",
				    names, policy);
		} else if (!bl.offline) {
			sbuf_printf(why, "  %s: online, as auto_online_blocks is %s\n", names,
				    policy);
		} else {
			sbuf_printf(why, "  %s: partly online (auto_online_blocks is %s)\n", names,
				    policy);
		}
		sbuf_printf(brief, "; %s %s (auto_online_blocks: %s)", names,
			    !bl.online	  ? "offline"
			    : !bl.offline ? "online"
					  : "partly online",
			    policy);
	}
	sbuf_puts(brief, "\n");
}

static void explain_removed(struct sbuf *why, struct sbuf *brief, const struct ram_change *c)
{
	bool dm = is_driver_managed(c->line->name);

	sbuf_printf(why, "removed %08llx-%08llx : %s", c->start, c->end, c->line->name);
	if (*c->line->parent)
		sbuf_printf(why, ", from %s", c->line->parent);
	sbuf_puts(why, "\n");
	if (dm) {
		sbuf_printf(why, "  driver managed: named \"%s\", not exactly \"%s\"\n",
			    c->line->name, MHP_SYSTEM_RAM_NAME);
		sbuf_puts(why, "  it had no firmware memmap entry\n");
		sbuf_puts(brief, "why: driver managed: it had no firmware memmap entry\n");
	} else {
		sbuf_printf(why, "  not driver managed: named exactly \"%s\"\n",
			    MHP_SYSTEM_RAM_NAME);
		if (c->entry) {
			sbuf_printf(why,
				    "  firmware memmap entry %ld removed (its number is not used "
				    "again)\n",
				    c->entry->index);
			sbuf_printf(brief,
				    "why: plain System RAM: firmware memmap entry %ld removed\n",
				    c->entry->index);
		} else {
			sbuf_puts(why, "  the firmware memmap did not change\n");
			sbuf_puts(brief,
				  "why: plain System RAM: the firmware memmap did not change\n");
		}
	}
}

static void explain_semantics(struct shell *sh, struct sbuf *why)
{
	if (!sh->ns->mhp)
		return;
	if (mhp_get_semantics_in(sh->ns->mhp) == MHP_SEMANTICS_V1)
		sbuf_puts(why,
			  "mhp.semantics=v1 (the 2020 seed proposal): drivers add with\n"
			  "  add_memory(..., MHP_DRIVER_MANAGED): \"" MHP_V1_DRIVER_MANAGED_NAME
			  "\"\n");
	else
		sbuf_puts(why, "mhp.semantics=upstream (Linux since 5.8): drivers add with\n"
			       "  add_memory_driver_managed(): \"System RAM (<driver>)\"\n");
}

static void unexplained_entries(struct sbuf *why, const struct memmap_entry *e, int nr,
				const char *what)
{
	for (int i = 0; i < nr; i++)
		if (!e[i].explained)
			sbuf_printf(why, "firmware memmap entry %ld %s: %#llx-%#llx %s\n",
				    e[i].index, what, e[i].start, e[i].end, e[i].type);
}

/* diff's text of the change: both files' unified diffs. */
static char *diff_text(const char *iomem_before, const char *iomem_after, const char *memmap_before,
		       const char *memmap_after, int *changed)
{
	struct seq_buf m;
	size_t size = 0;
	char *text = NULL;

	for (int pass = 0; pass < 2; pass++) {
		int a, b;

		seq_buf_init(&m, text, size);
		a = linediff_unified(&m, "/proc/iomem", "/proc/iomem", iomem_before, iomem_after,
				     1);
		b = linediff_unified(&m, MEMMAP_DIR, MEMMAP_DIR, memmap_before, memmap_after, 1);
		if (a < 0 || b < 0) {
			kfree(text);
			return NULL;
		}
		*changed = a + b;
		if (!*changed) {
			kfree(text);
			text = kzalloc(64);
			if (text)
				strlcpy(text, "no change to /proc/iomem or " MEMMAP_DIR "\n", 64);
			return text;
		}
		if (pass)
			break;
		size = seq_buf_wanted(&m) + 1;
		text = kzalloc(size);
		if (!text)
			return NULL;
	}
	return text;
}

/* Makes the texts of pending from its before snapshots and these after
 * ones. 0 or -ENOMEM. */
static int explain(struct shell *sh, const char *iomem_after, const char *memmap_after)
{
	struct shell_change *c = &sh->pending;
	struct analysis *a = kzalloc(sizeof(*a));
	struct ram_change ch[MAX_LINES];
	struct sbuf why = {0}, brief = {0};
	char policy[32];
	int nr, changed = 0, ret = -ENOMEM;

	c->diff = diff_text(c->iomem_before, iomem_after, c->memmap_before, memmap_after, &changed);
	if (!a || !c->diff)
		goto out;
	if (linediff_walk(c->iomem_before, iomem_after, iomem_diff_line, a) ||
	    linediff_walk(c->memmap_before, memmap_after, memmap_diff_line, a))
		goto out;
	read_line(sh, MEMORY_DIR "/auto_online_blocks", policy, sizeof(policy));
	nr = ram_changes(a, ch, MAX_LINES);
	for (int i = 0; i < nr; i++) {
		if (ch[i].added)
			explain_added(sh, &why, &brief, &ch[i], policy);
		else
			explain_removed(&why, &brief, &ch[i]);
	}
	unexplained_entries(&why, a->mm_added, a->nr_mm_added, "created");
	unexplained_entries(&why, a->mm_removed, a->nr_mm_removed, "removed");
	if (nr) {
		explain_semantics(sh, &why);
	} else if (!changed) {
		sbuf_puts(&why, "/proc/iomem and " MEMMAP_DIR " did not change\n");
		sbuf_puts(&brief, "why: /proc/iomem and " MEMMAP_DIR " did not change\n");
	} else {
		sbuf_puts(&why, "no System RAM was added or removed (see diff)\n");
		sbuf_puts(&brief, "why: no System RAM was added or removed\n");
	}
	c->why = sbuf_take(&why);
	c->brief = sbuf_take(&brief);
	ret = c->why && c->brief ? 0 : -ENOMEM;
out:
	sbuf_free(&why);
	sbuf_free(&brief);
	kfree(a);
	return ret;
}

/* ---- the API ---- */

void shell_change_clear(struct shell_change *c)
{
	kfree(c->iomem_before);
	kfree(c->memmap_before);
	kfree(c->diff);
	kfree(c->why);
	kfree(c->brief);
	*c = (struct shell_change){0};
}

void shell_change_abort(struct shell *sh)
{
	shell_change_clear(&sh->pending);
	sh->in_change = false;
}

void shell_note_change_begin(struct shell *sh, const char *what)
{
	shell_change_clear(&sh->pending);
	strlcpy(sh->pending.what, what, sizeof(sh->pending.what));
	sh->pending.iomem_before = snapshot_iomem(sh);
	sh->pending.memmap_before = snapshot_memmap(sh);
	sh->in_change = true;
}

/* Texts that say the change could not be shown. */
static void unexplained(struct shell_change *c, int err)
{
	static const char *const fmt = "the change could not be shown: %s\n";
	char **text[] = {&c->diff, &c->why, &c->brief};

	for (size_t i = 0; i < ARRAY_SIZE(text); i++) {
		kfree(*text[i]);
		*text[i] = kzalloc(80);
		if (*text[i])
			snprintf(*text[i], 80, fmt, shell_strerror(err));
	}
}

void shell_note_change_end(struct shell *sh)
{
	char *iomem_after, *memmap_after;
	int ret = -ENOMEM;

	if (!sh->in_change)
		return;
	sh->in_change = false;
	iomem_after = snapshot_iomem(sh);
	memmap_after = snapshot_memmap(sh);
	if (iomem_after && memmap_after && sh->pending.iomem_before && sh->pending.memmap_before)
		ret = explain(sh, iomem_after, memmap_after);
	if (ret)
		unexplained(&sh->pending, ret);
	kfree(iomem_after);
	kfree(memmap_after);
	kfree(sh->pending.iomem_before);
	kfree(sh->pending.memmap_before);
	sh->pending.iomem_before = NULL;
	sh->pending.memmap_before = NULL;
	shell_change_clear(&sh->last);
	sh->last = sh->pending;
	sh->pending = (struct shell_change){0};
	sh->have_last = true;
}

void shell_print_change(struct shell *sh)
{
	if (!sh->have_last)
		return;
	if (sh->last.diff)
		shell_puts(sh, sh->last.diff);
	if (sh->last.brief)
		shell_puts(sh, sh->last.brief);
}
