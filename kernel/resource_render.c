/* The resource tree as text (see kernel/resource.h): /proc/iomem lines and
 * the debug form, the consistency check, and the tests' save and restore of
 * the roots. */
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

static int iomem_line(const struct resource *root, const struct resource *r, char *buf, size_t size)
{
	int width = root->end < 0x10000 ? 4 : 8;
	const struct resource *p;
	int depth;

	for (depth = 0, p = r; depth < MAX_IORES_LEVEL; depth++, p = p->parent)
		if (p->parent == root)
			break;
	return snprintf(buf, size, "%*s%0*llx-%0*llx : %s\n", depth * 2, "", width,
			(unsigned long long)r->start, width, (unsigned long long)r->end,
			r->name ? r->name : "<BAD>");
}

static int debug_line(const struct resource *root, const struct resource *r, char *buf, size_t size)
{
	const struct resource *p;
	int depth = 0;

	for (p = r->parent; p && p != root; p = p->parent)
		depth++;
	return snprintf(buf, size, "%*s%llx-%llx %#lx %lu %s\n", depth * 2, "",
			(unsigned long long)r->start, (unsigned long long)r->end, r->flags, r->desc,
			r->name ? r->name : "<BAD>");
}

static int render(const struct resource *root, char *buf, size_t size,
		  int (*line)(const struct resource *, const struct resource *, char *, size_t))
{
	const struct resource *p;
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for_each_resource(root, p, false)
	{
		size_t room = len < size ? size - len : 0;

		len += line(root, p, room ? buf + len : NULL, room);
	}
	return (int)len;
}

int iomem_render(const struct resource *root, char *buf, size_t size)
{
	return render(root, buf, size, iomem_line);
}

int resource_render_debug(const struct resource *root, char *buf, size_t size)
{
	return render(root, buf, size, debug_line);
}

void iomem_render_lines(const struct resource *root, void (*fn)(const char *line, void *arg),
			void *arg)
{
	const struct resource *p;
	char line[256];

	for_each_resource(root, p, false)
	{
		const char *name = p->name ? p->name : "<BAD>";
		int n = iomem_line(root, p, line, sizeof(line));

		if ((size_t)n < sizeof(line)) {
			fn(line, arg);
			continue;
		}
		/* A very long name: the prefix (always short), the name, the newline. */
		line[(size_t)n - strlen(name) - 1] = '\0';
		fn(line, arg);
		fn(name, arg);
		fn("\n", arg);
	}
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
