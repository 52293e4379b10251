/* linediff (lib/linediff.h): a longest common subsequence of lines, and the
 * unified text of it. */
#include "lib/linediff.h"

#include <stdbool.h>
#include <stdint.h>

#include "kernel/kalloc.h"
#include "lib/errno.h"
#include "lib/seq_buf.h"
#include "lib/string.h"

struct line {
	const char *s;
	size_t len;
};

static size_t count_lines(const char *t)
{
	size_t n = 0, len = strlen(t);

	for (size_t i = 0; i < len; i++)
		n += t[i] == '\n';
	return n + (len && t[len - 1] != '\n');
}

static void split_lines(const char *t, struct line *l)
{
	while (*t) {
		const char *nl = strchr(t, '\n');
		size_t len = nl ? (size_t)(nl - t) : strlen(t);

		l->s = t;
		l->len = len;
		l++;
		t += len + (nl != NULL);
	}
}

static bool same(const struct line *a, const struct line *b)
{
	return a->len == b->len && !memcmp(a->s, b->s, a->len);
}

struct script {
	struct linediff_line *op;
	size_t nr;
	size_t i, j; /* the next old and new line */
};

static void push(struct script *sc, char kind, const struct line *l)
{
	struct linediff_line *op = &sc->op[sc->nr++];

	op->kind = kind;
	op->line = l->s;
	op->len = l->len;
	op->old_nr = sc->i;
	op->new_nr = sc->j;
	if (kind != '+')
		sc->i++;
	if (kind != '-')
		sc->j++;
}

/* The middle parts a[0..n) and b[0..m), which differ in their first and
 * last lines: by a table of LCS lengths of every pair of suffixes, or as
 * wholly replaced when that table would be too big. */
static int diff_middle(struct script *sc, const struct line *a, size_t n, const struct line *b,
		       size_t m)
{
	uint32_t *lcs;
	size_t w = m + 1, i = 0, j = 0;

	if (n && m && (n > LINEDIFF_MAX_CELLS / m)) {
		for (; i < n; i++)
			push(sc, '-', &a[i]);
		for (; j < m; j++)
			push(sc, '+', &b[j]);
		return 0;
	}
	lcs = kzalloc((n + 1) * w * sizeof(*lcs));
	if (!lcs)
		return -ENOMEM;
	for (size_t x = n; x-- > 0;)
		for (size_t y = m; y-- > 0;)
			lcs[x * w + y] =
			    same(&a[x], &b[y])
				? lcs[(x + 1) * w + y + 1] + 1
				: (lcs[(x + 1) * w + y] >= lcs[x * w + y + 1] ? lcs[(x + 1) * w + y]
									      : lcs[x * w + y + 1]);
	while (i < n || j < m) {
		if (i < n && j < m && same(&a[i], &b[j]) &&
		    lcs[i * w + j] == lcs[(i + 1) * w + j + 1] + 1) {
			push(sc, '=', &a[i++]);
			j++;
		} else if (i < n && (j == m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
			push(sc, '-', &a[i++]);
		} else {
			push(sc, '+', &b[j++]);
		}
	}
	kfree(lcs);
	return 0;
}

/* The whole script into *sc (sc->op kzalloc'd; the caller kfrees it). */
static int diff_script(const char *old_text, const char *new_text, struct script *sc)
{
	size_t na = count_lines(old_text), nb = count_lines(new_text), pre = 0, suf = 0;
	struct line *a, *b;
	int ret = -ENOMEM;

	*sc = (struct script){0};
	a = kzalloc((na + nb + 1) * sizeof(*a));
	sc->op = kzalloc((na + nb + 1) * sizeof(*sc->op));
	if (!a || !sc->op)
		goto out;
	b = a + na;
	split_lines(old_text, a);
	split_lines(new_text, b);
	while (pre < na && pre < nb && same(&a[pre], &b[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre && same(&a[na - 1 - suf], &b[nb - 1 - suf]))
		suf++;
	for (size_t k = 0; k < pre; k++)
		push(sc, '=', &a[k]);
	ret = diff_middle(sc, a + pre, na - pre - suf, b + pre, nb - pre - suf);
	if (ret)
		goto out;
	for (size_t k = na - suf; k < na; k++)
		push(sc, '=', &a[k]);
out:
	kfree(a);
	if (ret) {
		kfree(sc->op);
		sc->op = NULL;
	}
	return ret;
}

int linediff_walk(const char *old_text, const char *new_text, linediff_fn fn, void *arg)
{
	struct script sc;
	int ret = diff_script(old_text, new_text, &sc);

	for (size_t k = 0; !ret && k < sc.nr; k++)
		ret = fn(arg, &sc.op[k]);
	kfree(sc.op);
	return ret;
}

/* "start,count" of one side of a hunk header, as GNU diff writes it. */
static void hunk_range(struct seq_buf *out, size_t first, size_t count)
{
	if (count == 1)
		seq_buf_printf(out, "%zu", first + 1);
	else
		seq_buf_printf(out, "%zu,%zu", count ? first + 1 : first, count);
}

static void hunk(struct seq_buf *out, const struct linediff_line *op, size_t nr)
{
	size_t old_count = 0, new_count = 0;

	for (size_t k = 0; k < nr; k++) {
		old_count += op[k].kind != '+';
		new_count += op[k].kind != '-';
	}
	seq_buf_puts(out, "@@ -");
	hunk_range(out, op[0].old_nr, old_count);
	seq_buf_puts(out, " +");
	hunk_range(out, op[0].new_nr, new_count);
	seq_buf_puts(out, " @@\n");
	for (size_t k = 0; k < nr; k++)
		seq_buf_printf(out, "%c%.*s\n", op[k].kind == '=' ? ' ' : op[k].kind,
			       (int)op[k].len, op[k].line);
}

/* The first change at or after k, or nr. */
static size_t next_change(const struct script *sc, size_t k)
{
	while (k < sc->nr && sc->op[k].kind == '=')
		k++;
	return k;
}

int linediff_unified(struct seq_buf *out, const char *old_label, const char *new_label,
		     const char *old_text, const char *new_text, unsigned int context)
{
	struct script sc;
	size_t k = 0, changed = 0;
	int ret = diff_script(old_text, new_text, &sc);

	if (ret)
		return ret;
	for (size_t x = 0; x < sc.nr; x++)
		changed += sc.op[x].kind != '=';
	if (changed)
		seq_buf_printf(out, "--- %s\n+++ %s\n", old_label, new_label);
	while ((k = next_change(&sc, k)) < sc.nr) {
		size_t first = k > context ? k - context : 0, last = k, end;

		/* Changes closer than twice the context share a hunk. */
		for (;;) {
			size_t c = next_change(&sc, last + 1);

			if (c == sc.nr || c - last - 1 > 2 * (size_t)context)
				break;
			last = c;
		}
		end = last + 1 + context < sc.nr ? last + 1 + context : sc.nr;
		hunk(out, &sc.op[first], end - first);
		k = end;
	}
	kfree(sc.op);
	return (int)changed;
}
