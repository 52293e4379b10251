/* Fixture and tree helpers of the resource suites (see the header). */
#include "tests/unit/resource_test_util.h"

#include "kernel/kalloc.h"

/* What a case could change in the kernel's trees without a deep compare:
 * the first child and the number of nodes. */
struct tree_shape {
	const struct resource *first;
	size_t nodes;
};

static struct tree_shape kernel_iomem, kernel_ioport;
static char tree_text[2048];

static struct tree_shape shape_of(const struct resource *root)
{
	struct tree_shape s = {.first = root->child};

	for (const struct resource *p = root->child; p; p = next_resource(p, false, root))
		s.nodes++;
	return s;
}

int rtest_init(struct ktest *t)
{
	kernel_iomem = shape_of(&iomem_resource);
	kernel_ioport = shape_of(&ioport_resource);
	return 0;
}

void rtest_exit(struct ktest *t, struct resource *root, size_t left, struct resource *ioport)
{
	struct tree_shape iomem_now = shape_of(&iomem_resource);
	struct tree_shape ioport_now = shape_of(&ioport_resource);

	kalloc_fail_nth(0);
	KTEST_EXPECT_EQ(t, resource_test_free_all(root), left);
	if (ioport)
		KTEST_EXPECT_EQ(t, resource_test_free_all(ioport), 0);
	KTEST_EXPECT_TRUE(t, iomem_now.first == kernel_iomem.first);
	KTEST_EXPECT_EQ(t, iomem_now.nodes, kernel_iomem.nodes);
	KTEST_EXPECT_TRUE(t, ioport_now.first == kernel_ioport.first);
	KTEST_EXPECT_EQ(t, ioport_now.nodes, kernel_ioport.nodes);
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
