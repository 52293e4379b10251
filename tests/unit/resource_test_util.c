/* Fixture and tree helpers of the resource suites (see the header). */
#include "tests/unit/resource_test_util.h"

#include "kernel/kalloc.h"
#include "lib/errno.h"

static struct resource_roots_snapshot saved_roots;
static char tree_text[2048];

int rtest_init(struct ktest *t)
{
	resource_test_save_roots(&saved_roots);
	return 0;
}

void rtest_exit(struct ktest *t, struct resource *local, size_t iomem_left, bool ioport)
{
	kalloc_fail_nth(0);
	if (local)
		KTEST_EXPECT_EQ(t, resource_test_free_all(local), 0);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&iomem_resource), iomem_left);
	if (ioport)
		KTEST_EXPECT_EQ(t, resource_test_free_all(&ioport_resource), 0);
	KTEST_EXPECT_INT_EQ(t, resource_test_restore_roots(&saved_roots), 0);
}

struct resource *rtest_mk(resource_size_t start, resource_size_t end, const char *name,
			  unsigned long flags)
{
	struct resource *r = alloc_resource();

	if (r) {
		r->start = start;
		r->end = end;
		r->name = name;
		r->flags = flags;
	}
	return r;
}

bool rtest_build(struct resource *root, const struct node_spec *spec,
		 struct resource *node[RTEST_MAX_NODES], size_t *built)
{
	struct resource *level[RTEST_MAX_NODES + 1] = {root};

	for (size_t i = 0; spec && spec[i].name; i++) {
		const struct node_spec *s = &spec[i];
		struct resource *n;

		if (i >= RTEST_MAX_NODES)
			return false;
		n = rtest_mk(s->start, s->end, s->name, s->flags);
		if (!n)
			return false;
		n->desc = s->desc;
		if (request_resource(level[s->depth], n)) {
			free_resource(n);
			return false;
		}
		node[i] = n;
		level[s->depth + 1] = n;
		if (built)
			(*built)++;
	}
	return true;
}

size_t rtest_count_nodes(const struct node_spec *spec)
{
	size_t n = 0;

	while (spec && spec[n].name)
		n++;
	return n;
}

const char *rtest_tree_text(const struct resource *r)
{
	resource_render_debug(r, tree_text, sizeof(tree_text));
	return tree_text;
}

/* ---- whole trees ---- */

size_t resource_test_free_all(struct resource *root)
{
	size_t n = 0;

	/* Always free a leaf that is its parent's first child: no search. */
	while (root->child) {
		struct resource *p = root->child;

		while (p->child)
			p = p->child;
		p->parent->child = p->sibling;
		free_resource(p);
		n++;
	}
	return n;
}

void resource_test_save_roots(struct resource_roots_snapshot *snap)
{
	snap->iomem_child = iomem_resource.child;
	snap->ioport_child = ioport_resource.child;
	iomem_resource.child = NULL;
	ioport_resource.child = NULL;
}

int resource_test_restore_roots(const struct resource_roots_snapshot *snap)
{
	if (iomem_resource.child || ioport_resource.child)
		return -EBUSY;
	iomem_resource.child = snap->iomem_child;
	ioport_resource.child = snap->ioport_child;
	return 0;
}
