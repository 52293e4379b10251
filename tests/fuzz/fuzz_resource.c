/* The resource tree (kernel/resource.c) against a simple reference model:
 * random request/insert/release/adjust sequences on a fresh root. After each
 * step: every child lies inside its parent and points back at it, siblings
 * are sorted and disjoint, and the nodes reachable from the root are exactly
 * the ones the model counts in. request_resource() must succeed exactly when
 * the model sees room (inside the parent, clear of its children).
 * Input: 4-byte steps (op, pool index, start/16, size/16). */
#include <string.h>

#include "kernel/resource.h"
#include "tests/fuzz/fuzz.h"

#define FZ_POOL 16

static struct resource pool[FZ_POOL];
static bool in_tree[FZ_POOL];

static size_t check_subtree(const struct resource *p)
{
	size_t n = 0;
	const struct resource *prev = NULL;

	for (const struct resource *c = p->child; c; c = c->sibling) {
		FUZZ_CHECK(c->parent == p);
		FUZZ_CHECK(c->start <= c->end && c->start >= p->start && c->end <= p->end);
		FUZZ_CHECK(!prev || prev->end < c->start);
		FUZZ_CHECK(c >= pool && c < pool + FZ_POOL && in_tree[c - pool]);
		prev = c;
		n += 1 + check_subtree(c);
	}
	return n;
}

static size_t count_subtree(const struct resource *p)
{
	size_t n = 0;

	for (const struct resource *c = p->child; c; c = c->sibling)
		n += 1 + count_subtree(c);
	return n;
}

/* A released node keeps its children (Linux's release_resource()); the
 * harness frees the whole detached subtree, as a driver would. */
static void forget_subtree(struct resource *r)
{
	struct resource *c = r->child, *next;

	for (; c; c = next) {
		next = c->sibling;
		forget_subtree(c);
	}
	in_tree[r - pool] = false;
	r->parent = r->child = r->sibling = NULL;
}

static bool model_room(const struct resource *parent, uint64_t s, uint64_t e)
{
	if (s < parent->start || e > parent->end)
		return false;
	for (const struct resource *c = parent->child; c; c = c->sibling)
		if (c->start <= e && s <= c->end)
			return false;
	return true;
}

int fuzz_resource(const uint8_t *data, size_t size)
{
	struct resource root = IOMEM_ROOT_INIT;
	size_t count = 0;

	root.end = 0xfff;
	memset(pool, 0, sizeof(pool));
	memset(in_tree, 0, sizeof(in_tree));
	fuzz_mute_begin();
	for (; size >= 4; data += 4, size -= 4) {
		unsigned int op = data[0] % 5, i = data[1] % FZ_POOL;
		struct resource *r = &pool[i];
		struct resource *parent = &root;
		uint64_t s = (uint64_t)data[2] * 16, e = s + data[3] * 16 + 15;

		/* The parent for request: another node in the tree, or the root. */
		if ((data[0] >> 4) < FZ_POOL && in_tree[data[0] >> 4] && (data[0] >> 4) != i)
			parent = &pool[data[0] >> 4];
		switch (op) {
		case 0: /* request */
		case 1: /* insert */
			if (in_tree[i])
				break;
			*r = (struct resource){
			    .start = s, .end = e, .name = "fz", .flags = IORESOURCE_MEM};
			if (op == 0) {
				bool room = model_room(parent, s, e);
				int ret = request_resource(parent, r);

				FUZZ_CHECK((ret == 0) == room);
				if (!ret)
					in_tree[i] = true, count++;
			} else if (insert_resource(&root, r) == 0) {
				in_tree[i] = true;
				count++;
			}
			break;
		case 2: /* release */
			if (!in_tree[i])
				break;
			count -= 1 + count_subtree(r);
			FUZZ_CHECK(release_resource(r) == 0);
			forget_subtree(r);
			break;
		case 3: /* adjust */
			if (in_tree[i] && adjust_resource(r, s, e - s + 1) == 0)
				FUZZ_CHECK(r->start == s && r->end == e);
			break;
		case 4: /* remove: children move up to the parent */
			if (!in_tree[i])
				break;
			FUZZ_CHECK(remove_resource(r) == 0);
			in_tree[i] = false;
			r->parent = r->child = r->sibling = NULL;
			count--;
			break;
		}
		FUZZ_CHECK(check_subtree(&root) == count);
	}
	fuzz_mute_end();
	return 0;
}
