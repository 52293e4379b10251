/* The resource tree as text (see kernel/resource.h): /proc/iomem lines and
 * the debug form, the consistency check, and the tests' save and restore of
 * the roots. */
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/seq_buf.h"

static void iomem_line(struct seq_buf *m, const struct resource *root, const struct resource *r)
{
	int width = root->end < 0x10000 ? 4 : 8;
	const struct resource *p;
	int depth;

	for (depth = 0, p = r; depth < MAX_IORES_LEVEL; depth++, p = p->parent)
		if (p->parent == root)
			break;
	seq_buf_printf(m, "%*s%0*llx-%0*llx : %s\n", depth * 2, "", width, r->start, width, r->end,
		       r->name ? r->name : "<BAD>");
}

static void debug_line(struct seq_buf *m, const struct resource *root, const struct resource *r)
{
	const struct resource *p;
	int depth = 0;

	for (p = r->parent; p && p != root; p = p->parent)
		depth++;
	seq_buf_printf(m, "%*s%llx-%llx %#lx %lu %s\n", depth * 2, "", r->start, r->end, r->flags,
		       r->desc, r->name ? r->name : "<BAD>");
}

static int render(const struct resource *root, char *buf, size_t size,
		  void (*line)(struct seq_buf *, const struct resource *, const struct resource *))
{
	const struct resource *p;
	struct seq_buf m;

	seq_buf_init(&m, buf, size);
	for_each_resource(root, p, false)
	{
		line(&m, root, p);
	}
	return (int)seq_buf_wanted(&m);
}

int iomem_render(const struct resource *root, char *buf, size_t size)
{
	return render(root, buf, size, iomem_line);
}

int resource_render_debug(const struct resource *root, char *buf, size_t size)
{
	return render(root, buf, size, debug_line);
}

static const struct resource *check_children(const struct resource *parent)
{
	const struct resource *c, *prev = NULL, *bad;

	for (c = parent->child; c; prev = c, c = c->sibling) {
		if (c->parent != parent || c->end < c->start || c->start < parent->start ||
		    c->end > parent->end || (prev && prev->end >= c->start))
			return c;
		bad = check_children(c);
		if (bad)
			return bad;
	}
	return NULL;
}

const struct resource *resource_check_tree(const struct resource *root)
{
	return check_children(root);
}
