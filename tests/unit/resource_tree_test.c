/* Suite "resource_tree": the insert/remove primitives of kernel/resource.c
 * on a local root [0000-ffff], memblock-simulator style: each table row
 * builds its tree from scratch, runs one call and compares the whole tree
 * (start, end, flags, desc, name, nesting; parent/sibling links checked by
 * resource_check_tree()) and the exact return value. */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "tests/unit/resource_test_util.h"

static struct resource root;
static char log[512];

static int tree_init(struct ktest *t)
{
	root = (struct resource){.name = "root", .start = 0, .end = 0xffff, .flags = MEM};
	return rtest_init(t);
}

static void tree_exit(struct ktest *t)
{
	rtest_exit(t, &root, 0, NULL);
}

static struct resource *node[RTEST_MAX_NODES];

static bool build(struct resource *r, const struct node_spec *s)
{
	return rtest_build(r, s, node, NULL);
}

/* Conflict expectations: an index into node[], or one of these. */
enum { NO_CONFLICT = -1, CONFLICT_ROOT = -2 };

static struct resource *expected_conflict(int c)
{
	if (c == NO_CONFLICT)
		return NULL;
	if (c == CONFLICT_ROOT)
		return &root;
	return node[c];
}

/*
 *  0     1000  2000  3000  4000  5000  6000           ffff
 *  |     [ A  ]      [ B  ]      [ C  ]                  |
 *          [A1] 1100-11ff
 */
static const struct node_spec abc[] = {
    {0, 0x1000, 0x1fff, "A", MEM, 0},
    {1, 0x1100, 0x11ff, "A1", MEM, 0},
    {0, 0x3000, 0x3fff, "B", MEM, 0},
    {0, 0x5000, 0x5fff, "C", MEM, 0},
    {0},
};
enum { A = 0, A1, B, C };
#define T_A  "1000-1fff 0x200 0 A\n  1100-11ff 0x200 0 A1\n"
#define T_B  "3000-3fff 0x200 0 B\n"
#define T_C  "5000-5fff 0x200 0 C\n"
#define T_AB T_A T_B

struct request_row {
	const char *what;
	resource_size_t start, end;
	int conflict;
	const char *tree;
};

static const struct request_row request_rows[] = {
    {"gap between A and B", 0x2000, 0x2fff, NO_CONFLICT, T_A "2000-2fff 0x200 0 new\n" T_B T_C},
    {"below everything", 0x0000, 0x0fff, NO_CONFLICT, "0-fff 0x200 0 new\n" T_AB T_C},
    {"up to the root's end", 0x6000, 0xffff, NO_CONFLICT, T_AB T_C "6000-ffff 0x200 0 new\n"},
    {"fills the gap B..C exactly", 0x4000, 0x4fff, NO_CONFLICT, T_AB "4000-4fff 0x200 0 new\n" T_C},
    {"spans A and B: first overlap is A", 0x1800, 0x37ff, A, T_AB T_C},
    {"spans B and C: first overlap is B", 0x3800, 0x57ff, B, T_AB T_C},
    {"spans everything", 0x0000, 0xffff, A, T_AB T_C},
    {"last byte of A", 0x0800, 0x1000, A, T_AB T_C},
    {"last byte of C", 0x5fff, 0x6fff, C, T_AB T_C},
    {"identical to C", 0x5000, 0x5fff, C, T_AB T_C},
    {"inside A: never descends", 0x1100, 0x11ff, A, T_AB T_C},
    {"beyond the root", 0xf000, 0x10000, CONFLICT_ROOT, T_AB T_C},
    {"empty range", 0x2001, 0x2000, CONFLICT_ROOT, T_AB T_C},
};

/* request_resource_conflict() and request_resource(), each row twice. */
static void request_resource_table(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(request_rows); i++) {
		const struct request_row *row = &request_rows[i];
		bool failed = t->status == KTEST_FAIL;

		for (int variant = 0; variant < 2; variant++) {
			struct resource *new;

			KTEST_ASSERT_TRUE(t, build(&root, abc));
			new = rtest_mk(row->start, row->end, "new", MEM);
			KTEST_ASSERT_NOT_NULL(t, new);
			if (variant == 0)
				KTEST_EXPECT_TRUE(t, request_resource_conflict(&root, new) ==
							 expected_conflict(row->conflict));
			else
				KTEST_EXPECT_INT_EQ(t, request_resource(&root, new),
						    row->conflict == NO_CONFLICT ? 0 : -EBUSY);
			EXPECT_TREE(t, &root, row->tree);
			if (row->conflict == NO_CONFLICT) {
				KTEST_EXPECT_TRUE(t, new->parent == &root);
				KTEST_EXPECT_NULL(t, new->child);
				KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 5);
			} else {
				KTEST_EXPECT_NULL(t, new->parent);
				KTEST_EXPECT_NULL(t, new->sibling);
				free_resource(new);
				KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 4);
			}
		}
		NOTE_ROW(t, failed, row->what);
	}
}

/*
 *  0     1000                 2000  3000  4000  5000
 *  |     [ A ..................]    [ B  ]      [ C  ]
 *          [ A1 1100-17ff ]
 *            [A11 1200-12ff]
 */
static const struct node_spec deep[] = {
    {0, 0x1000, 0x1fff, "A", MEM, 0},	{1, 0x1100, 0x17ff, "A1", MEM, 0},
    {2, 0x1200, 0x12ff, "A11", MEM, 0}, {0, 0x3000, 0x3fff, "B", MEM, 0},
    {0, 0x5000, 0x5fff, "C", MEM, 0},	{0},
};
#define T_DEEP_A "1000-1fff 0x200 0 A\n  1100-17ff 0x200 0 A1\n    1200-12ff 0x200 0 A11\n"

/* release_resource() takes the whole subtree along, from any position. */
static void release_resource_takes_subtree(struct ktest *t)
{
	struct resource *a, *a1, *a11, *b, *c;
	struct resource stray = {.start = 0x1000, .end = 0x1fff, .parent = &root};

	KTEST_ASSERT_TRUE(t, build(&root, deep));
	a = node[0], a1 = node[1], a11 = node[2], b = node[3], c = node[4];

	/* middle */
	KTEST_EXPECT_INT_EQ(t, release_resource(b), 0);
	EXPECT_TREE(t, &root, T_DEEP_A "5000-5fff 0x200 0 C\n");
	KTEST_EXPECT_NULL(t, b->parent);
	KTEST_EXPECT_NULL(t, b->sibling);
	/* first, with its subtree */
	KTEST_EXPECT_INT_EQ(t, release_resource(a), 0);
	EXPECT_TREE(t, &root, "5000-5fff 0x200 0 C\n");
	KTEST_EXPECT_NULL(t, a->parent);
	KTEST_EXPECT_NULL(t, a->sibling);
	KTEST_EXPECT_TRUE(t, a->child == a1);
	KTEST_EXPECT_TRUE(t, a1->parent == a);
	KTEST_EXPECT_TRUE(t, a11->parent == a1);
	EXPECT_TREE(t, a, "1100-17ff 0x200 0 A1\n  1200-12ff 0x200 0 A11\n");
	/* last */
	KTEST_EXPECT_INT_EQ(t, release_resource(c), 0);
	KTEST_EXPECT_NULL(t, root.child);
	/* not in a tree, or a parent that does not list it */
	KTEST_EXPECT_INT_EQ(t, release_resource(c), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, release_resource(&stray), -EINVAL);
	KTEST_EXPECT_TRUE(t, stray.parent == &root);

	/* The subtree goes back in one piece. */
	KTEST_EXPECT_INT_EQ(t, request_resource(&root, a), 0);
	KTEST_EXPECT_INT_EQ(t, request_resource(&root, b), 0);
	KTEST_EXPECT_INT_EQ(t, request_resource(&root, c), 0);
	EXPECT_TREE(t, &root, T_DEEP_A T_B T_C);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 5);
}

/*
 *  0      1000                      2000   3000
 *  [ Z   ][ A .......................]     [ B  ]
 *          [A1 1000-10ff] [A2 1800-18ff]
 *                          [A21 1800-180f]
 */
static const struct node_spec zab[] = {
    {0, 0x0000, 0x0fff, "Z", MEM, 0},
    {0, 0x1000, 0x1fff, "A", MEM, 0},
    {1, 0x1000, 0x10ff, "A1", MEM, 0},
    {1, 0x1800, 0x18ff, "A2", MEM, 0},
    {2, 0x1800, 0x180f, "A21", MEM, 0},
    {0, 0x3000, 0x3fff, "B", MEM, 0},
    {0},
};
#define T_ZAB                                                                                    \
	"0-fff 0x200 0 Z\n1000-1fff 0x200 0 A\n  1000-10ff 0x200 0 A1\n  1800-18ff 0x200 0 A2\n" \
	"    1800-180f 0x200 0 A21\n3000-3fff 0x200 0 B\n"

/* remove_resource() splices the children up into the removed node's place;
 * insert_resource() puts it back over them. */
static void remove_resource_splices_children(struct ktest *t)
{
	struct resource *z, *a, *a1, *a2, *a21, *b;

	KTEST_ASSERT_TRUE(t, build(&root, zab));
	z = node[0], a = node[1], a1 = node[2], a2 = node[3], a21 = node[4], b = node[5];

	KTEST_EXPECT_INT_EQ(t, remove_resource(a), 0);
	EXPECT_TREE(t, &root,
		    "0-fff 0x200 0 Z\n1000-10ff 0x200 0 A1\n1800-18ff 0x200 0 A2\n"
		    "  1800-180f 0x200 0 A21\n3000-3fff 0x200 0 B\n");
	KTEST_EXPECT_TRUE(t, z->sibling == a1);
	KTEST_EXPECT_TRUE(t, a2->sibling == b);
	KTEST_EXPECT_TRUE(t, a1->parent == &root);
	KTEST_EXPECT_TRUE(t, a2->parent == &root);
	KTEST_EXPECT_TRUE(t, a21->parent == a2);
	KTEST_EXPECT_NULL(t, a->parent);
	KTEST_EXPECT_NULL(t, a->sibling);
	KTEST_EXPECT_NULL(t, a->child);
	KTEST_EXPECT_INT_EQ(t, remove_resource(a), -EINVAL);

	KTEST_EXPECT_INT_EQ(t, insert_resource(&root, a), 0);
	EXPECT_TREE(t, &root, T_ZAB);

	/* A leaf, and the first child (which has children). */
	KTEST_EXPECT_INT_EQ(t, remove_resource(a21), 0);
	free_resource(a21);
	KTEST_EXPECT_NULL(t, a2->child);
	KTEST_EXPECT_INT_EQ(t, remove_resource(z), 0);
	free_resource(z);
	KTEST_EXPECT_INT_EQ(t, remove_resource(a), 0);
	free_resource(a);
	EXPECT_TREE(t, &root, "1000-10ff 0x200 0 A1\n1800-18ff 0x200 0 A2\n3000-3fff 0x200 0 B\n");
	KTEST_EXPECT_TRUE(t, root.child == a1);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 3);
}

struct insert_row {
	const char *what;
	const struct node_spec *base;
	resource_size_t start, end;
	int conflict;
	const char *tree;
};

/* 1000 [ C ............ 1fff]  3000 [ D 3fff]
 *      [C1 10ff]                      */
static const struct node_spec ins_container[] = {
    {0, 0x1000, 0x1fff, "C", MEM, 0},
    {1, 0x1000, 0x10ff, "C1", MEM, 0},
    {0, 0x3000, 0x3fff, "D", MEM, 0},
    {0},
};
/* 1000 [ C ................ 1fff]
 *                [CC 1800-1fff]   */
static const struct node_spec ins_two_levels[] = {
    {0, 0x1000, 0x1fff, "C", MEM, 0},
    {1, 0x1800, 0x1fff, "CC", MEM, 0},
    {0},
};
/* [A 1000-10ff] [B 1200-12ff] [C 3000-30ff]
 *               [B1 1200-120f]              */
static const struct node_spec ins_adopt[] = {
    {0, 0x1000, 0x10ff, "A", MEM, 0},
    {0, 0x1200, 0x12ff, "B", MEM, 0},
    {1, 0x1200, 0x120f, "B1", MEM, 0},
    {0, 0x3000, 0x30ff, "C", MEM, 0},
    {0},
};
/* [A 1000-1fff] with [A1 1100-11ff] */
static const struct node_spec ins_single[] = {
    {0, 0x1000, 0x1fff, "A", MEM, 0},
    {1, 0x1100, 0x11ff, "A1", MEM, 0},
    {0},
};
/* [C 1000-1fff] with [X 1400-14ff] */
static const struct node_spec ins_deep_identical[] = {
    {0, 0x1000, 0x1fff, "C", MEM, 0},
    {1, 0x1400, 0x14ff, "X", MEM, 0},
    {0},
};
/* [A 1000-10ff]     [B 1800-28ff] */
static const struct node_spec ins_contained_then_partial[] = {
    {0, 0x1000, 0x10ff, "A", MEM, 0},
    {0, 0x1800, 0x28ff, "B", MEM, 0},
    {0},
};
/* [A 0800-10ff]     [B 1800-18ff] */
static const struct node_spec ins_partial_then_contained[] = {
    {0, 0x0800, 0x10ff, "A", MEM, 0},
    {0, 0x1800, 0x18ff, "B", MEM, 0},
    {0},
};
/* [C 1000-1fff] with [C1 1000-13ff] */
static const struct node_spec ins_partial_inside[] = {
    {0, 0x1000, 0x1fff, "C", MEM, 0},
    {1, 0x1000, 0x13ff, "C1", MEM, 0},
    {0},
};
/* [C 1000-1fff] with [C1 1100-11ff] [C2 1300-13ff] */
static const struct node_spec ins_adopt_inside[] = {
    {0, 0x1000, 0x1fff, "C", MEM, 0},
    {1, 0x1100, 0x11ff, "C1", MEM, 0},
    {1, 0x1300, 0x13ff, "C2", MEM, 0},
    {0},
};

static const struct insert_row insert_rows[] = {
    {"descends into a container", ins_container, 0x1800, 0x18ff, NO_CONFLICT,
     "1000-1fff 0x200 0 C\n  1000-10ff 0x200 0 C1\n  1800-18ff 0x200 0 new\n"
     "3000-3fff 0x200 0 D\n"},
    {"descends two levels", ins_two_levels, 0x1c00, 0x1cff, NO_CONFLICT,
     "1000-1fff 0x200 0 C\n  1800-1fff 0x200 0 CC\n    1c00-1cff 0x200 0 new\n"},
    {"adopts the siblings it contains", ins_adopt, 0x1000, 0x2fff, NO_CONFLICT,
     "1000-2fff 0x200 0 new\n  1000-10ff 0x200 0 A\n  1200-12ff 0x200 0 B\n"
     "    1200-120f 0x200 0 B1\n3000-30ff 0x200 0 C\n"},
    {"identical range becomes the parent", ins_single, 0x1000, 0x1fff, NO_CONFLICT,
     "1000-1fff 0x200 0 new\n  1000-1fff 0x200 0 A\n    1100-11ff 0x200 0 A1\n"},
    {"identical range one level down", ins_deep_identical, 0x1400, 0x14ff, NO_CONFLICT,
     "1000-1fff 0x200 0 C\n  1400-14ff 0x200 0 new\n    1400-14ff 0x200 0 X\n"},
    {"partial overlap fails", ins_single, 0x1800, 0x27ff, 0,
     "1000-1fff 0x200 0 A\n  1100-11ff 0x200 0 A1\n"},
    {"contained, then partial: the later one is returned", ins_contained_then_partial, 0x1000,
     0x1fff, 1, "1000-10ff 0x200 0 A\n1800-28ff 0x200 0 B\n"},
    {"partial, then contained", ins_partial_then_contained, 0x1000, 0x1fff, 0,
     "800-10ff 0x200 0 A\n1800-18ff 0x200 0 B\n"},
    {"partial overlap inside a container", ins_partial_inside, 0x1200, 0x17ff, 1,
     "1000-1fff 0x200 0 C\n  1000-13ff 0x200 0 C1\n"},
    {"adopts inside a container", ins_adopt_inside, 0x1100, 0x13ff, NO_CONFLICT,
     "1000-1fff 0x200 0 C\n  1100-13ff 0x200 0 new\n    1100-11ff 0x200 0 C1\n"
     "    1300-13ff 0x200 0 C2\n"},
    {"no conflict: a plain request", ins_single, 0x3000, 0x3fff, NO_CONFLICT,
     "1000-1fff 0x200 0 A\n  1100-11ff 0x200 0 A1\n3000-3fff 0x200 0 new\n"},
    {"beyond the root", ins_single, 0xf000, 0x1ffff, CONFLICT_ROOT,
     "1000-1fff 0x200 0 A\n  1100-11ff 0x200 0 A1\n"},
    {"empty range", ins_single, 0x2001, 0x2000, CONFLICT_ROOT,
     "1000-1fff 0x200 0 A\n  1100-11ff 0x200 0 A1\n"},
    {"into an empty root", NULL, 0x0, 0xffff, NO_CONFLICT, "0-ffff 0x200 0 new\n"},
};

/* insert_resource_conflict() and insert_resource(), each row twice. */
static void insert_resource_table(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(insert_rows); i++) {
		const struct insert_row *row = &insert_rows[i];
		size_t n = rtest_count_nodes(row->base);
		bool failed = t->status == KTEST_FAIL;

		for (int variant = 0; variant < 2; variant++) {
			struct resource *new;

			KTEST_ASSERT_TRUE(t, build(&root, row->base));
			new = rtest_mk(row->start, row->end, "new", MEM);
			KTEST_ASSERT_NOT_NULL(t, new);
			if (variant == 0)
				KTEST_EXPECT_TRUE(t, insert_resource_conflict(&root, new) ==
							 expected_conflict(row->conflict));
			else
				KTEST_EXPECT_INT_EQ(t, insert_resource(&root, new),
						    row->conflict == NO_CONFLICT ? 0 : -EBUSY);
			EXPECT_TREE(t, &root, row->tree);
			if (row->conflict == NO_CONFLICT) {
				KTEST_EXPECT_NOT_NULL(t, new->parent);
				KTEST_EXPECT_EQ(t, resource_test_free_all(&root), n + 1);
			} else {
				KTEST_EXPECT_NULL(t, new->parent);
				KTEST_EXPECT_NULL(t, new->child);
				free_resource(new);
				KTEST_EXPECT_EQ(t, resource_test_free_all(&root), n);
			}
		}
		NOTE_ROW(t, failed, row->what);
	}
}

/* Two identical ranges, both insertion orders: the later one is always
 * the parent.
 *   1000 [ X == Y ] 1fff */
static void insert_identical_both_orders(struct ktest *t)
{
	for (int order = 0; order < 2; order++) {
		struct resource *x = rtest_mk(0x1000, 0x1fff, "X", MEM);
		struct resource *y = rtest_mk(0x1000, 0x1fff, "Y", BUSYMEM);
		struct resource *first = order ? y : x, *second = order ? x : y;

		KTEST_ASSERT_NOT_NULL(t, x);
		KTEST_ASSERT_NOT_NULL(t, y);
		KTEST_EXPECT_INT_EQ(t, insert_resource(&root, first), 0);
		KTEST_EXPECT_INT_EQ(t, insert_resource(&root, second), 0);
		KTEST_EXPECT_TRUE(t, root.child == second);
		KTEST_EXPECT_TRUE(t, second->child == first);
		KTEST_EXPECT_TRUE(t, first->parent == second);
		EXPECT_TREE(t, &root,
			    order ? "1000-1fff 0x200 0 X\n  1000-1fff 0x80000200 0 Y\n"
				  : "1000-1fff 0x80000200 0 Y\n  1000-1fff 0x200 0 X\n");
		KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 2);
	}
}

/* Inserting a node that is already in the tree returns it, with a
 * warning, and changes nothing (top level and nested).
 *   1000 [ A 1fff]  with [A1 1100-11ff] */
static void insert_already_inserted(struct ktest *t)
{
	size_t n;

	KTEST_ASSERT_TRUE(t, build(&root, ins_single));
	printk_capture_start(log, sizeof(log));
	KTEST_EXPECT_TRUE(t, insert_resource_conflict(&root, node[0]) == node[0]);
	KTEST_EXPECT_TRUE(t, insert_resource_conflict(&root, node[1]) == node[1]);
	KTEST_EXPECT_INT_EQ(t, insert_resource(node[0], node[1]), -EBUSY);
	n = printk_capture_stop();
	KTEST_EXPECT_STREQ(t, log,
			   "resource: WARNING: A [0x1000-0x1fff] is already in a tree\n"
			   "resource: WARNING: A1 [0x1100-0x11ff] is already in a tree\n"
			   "resource: WARNING: A1 [0x1100-0x11ff] is already in a tree\n");
	KTEST_EXPECT_GT(t, n, 0);
	EXPECT_TREE(t, &root, "1000-1fff 0x200 0 A\n  1100-11ff 0x200 0 A1\n");
	KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 2);
}

/*
 * insert_resource_expand_to_fit() grows new over partial conflicts.
 *
 *  1) 1000 [A 1fff]   3000 [B 3fff]      new 1800-37ff -> 1000-3fff {A, B}
 *  2) 1000 [C ................ 4fff]     new 2800-37ff -> inside C,
 *           2000 [D 2fff]                   grows to 2000-37ff {D}
 *  3) same C/D, new 0800-27ff: partial with C at the top -> 0800-4fff {C}
 */
static void insert_expand_to_fit(struct ktest *t)
{
	static const struct node_spec ab[] = {
	    {0, 0x1000, 0x1fff, "A", MEM, 0},
	    {0, 0x3000, 0x3fff, "B", MEM, 0},
	    {0},
	};
	static const struct node_spec cd[] = {
	    {0, 0x1000, 0x4fff, "C", MEM, 0},
	    {1, 0x2000, 0x2fff, "D", MEM, 0},
	    {0},
	};
	struct resource *new;

	KTEST_ASSERT_TRUE(t, build(&root, ab));
	new = rtest_mk(0x1800, 0x37ff, "new", MEM);
	KTEST_ASSERT_NOT_NULL(t, new);
	printk_capture_start(log, sizeof(log));
	KTEST_EXPECT_INT_EQ(t, insert_resource_expand_to_fit(&root, new), 0);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, log,
			   "Expanded resource new due to conflict with A\n"
			   "Expanded resource new due to conflict with B\n");
	EXPECT_TREE(t, &root,
		    "1000-3fff 0x200 0 new\n  1000-1fff 0x200 0 A\n  3000-3fff 0x200 0 B\n");
	/* Already in a tree: nothing happens. */
	printk_capture_start(log, sizeof(log));
	KTEST_EXPECT_INT_EQ(t, insert_resource_expand_to_fit(&root, node[0]), 0);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, log, "");
	EXPECT_TREE(t, &root,
		    "1000-3fff 0x200 0 new\n  1000-1fff 0x200 0 A\n  3000-3fff 0x200 0 B\n");
	KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 3);

	KTEST_ASSERT_TRUE(t, build(&root, cd));
	new = rtest_mk(0x2800, 0x37ff, "new", MEM);
	KTEST_ASSERT_NOT_NULL(t, new);
	printk_capture_start(log, sizeof(log));
	KTEST_EXPECT_INT_EQ(t, insert_resource_expand_to_fit(&root, new), 0);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, log, "Expanded resource new due to conflict with D\n");
	EXPECT_TREE(t, &root,
		    "1000-4fff 0x200 0 C\n  2000-37ff 0x200 0 new\n    2000-2fff 0x200 0 D\n");
	KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 3);

	KTEST_ASSERT_TRUE(t, build(&root, cd));
	new = rtest_mk(0x0800, 0x27ff, "new", MEM);
	KTEST_ASSERT_NOT_NULL(t, new);
	printk_capture_start(log, sizeof(log));
	KTEST_EXPECT_INT_EQ(t, insert_resource_expand_to_fit(&root, new), 0);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, log, "Expanded resource new due to conflict with C\n");
	EXPECT_TREE(t, &root,
		    "800-4fff 0x200 0 new\n  1000-4fff 0x200 0 C\n    2000-2fff 0x200 0 D\n");
	KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 3);

	/* No conflict at all: a plain insert, silently. */
	new = rtest_mk(0x0100, 0x01ff, "new", MEM);
	KTEST_ASSERT_NOT_NULL(t, new);
	printk_capture_start(log, sizeof(log));
	KTEST_EXPECT_INT_EQ(t, insert_resource_expand_to_fit(&root, new), 0);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, log, "");
	EXPECT_TREE(t, &root, "100-1ff 0x200 0 new\n");
	KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 1);
}

/* Gives up (silently, -EBUSY) when the conflict is the root itself.
 *   root 0-ffff; new f000-1ffff sticks out */
static void insert_expand_to_fit_gives_up_at_root(struct ktest *t)
{
	struct resource *new = rtest_mk(0xf000, 0x1ffff, "new", MEM);

	KTEST_ASSERT_TRUE(t, build(&root, ins_single));
	KTEST_ASSERT_NOT_NULL(t, new);
	printk_capture_start(log, sizeof(log));
	KTEST_EXPECT_INT_EQ(t, insert_resource_expand_to_fit(&root, new), -EBUSY);
	printk_capture_stop();
	KTEST_EXPECT_STREQ(t, log, "");
	KTEST_EXPECT_NULL(t, new->parent);
	KTEST_EXPECT_EQ(t, new->start, 0xf000);
	KTEST_EXPECT_EQ(t, new->end, 0x1ffff);
	EXPECT_TREE(t, &root, "1000-1fff 0x200 0 A\n  1100-11ff 0x200 0 A1\n");
	free_resource(new);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 2);
}

/*
 *  root 0-ffff
 *  1000 [ P ................................................ 4fff]
 *       [A 1000-17ff]   [ R 2000-2fff ]   [B 3000-37ff]
 *                          [R1 2400-24ff]
 */
static const struct node_spec par[] = {
    {0, 0x1000, 0x4fff, "P", MEM, 0}, {1, 0x1000, 0x17ff, "A", MEM, 0},
    {1, 0x2000, 0x2fff, "R", MEM, 0}, {2, 0x2400, 0x24ff, "R1", MEM, 0},
    {1, 0x3000, 0x37ff, "B", MEM, 0}, {0},
};
enum { P_P, P_A, P_R, P_R1, P_B, P_ROOT = -1 };

struct adjust_row {
	const char *what;
	int which;
	resource_size_t start, size;
	int ret;
	resource_size_t new_start, new_end; /* of `which` afterwards */
};

static const struct adjust_row adjust_rows[] = {
    {"grow down to touch A", P_R, 0x1800, 0x1800, 0, 0x1800, 0x2fff},
    {"overlap A's last byte", P_R, 0x17ff, 0x1801, -EBUSY, 0x2000, 0x2fff},
    {"overlap B's first byte", P_R, 0x2000, 0x1001, -EBUSY, 0x2000, 0x2fff},
    {"shrink to start at the child", P_R, 0x2400, 0xc00, 0, 0x2400, 0x2fff},
    {"cut the child's first byte", P_R, 0x2401, 0x100, -EBUSY, 0x2000, 0x2fff},
    {"cut the child's last byte", P_R, 0x2000, 0x4ff, -EBUSY, 0x2000, 0x2fff},
    {"shrink to exactly the child", P_R, 0x2400, 0x100, 0, 0x2400, 0x24ff},
    {"first child below the parent", P_A, 0x0fff, 0x801, -EBUSY, 0x1000, 0x17ff},
    {"first child up to the next", P_A, 0x1000, 0x1000, 0, 0x1000, 0x1fff},
    {"last child beyond the parent", P_B, 0x3000, 0x2001, -EBUSY, 0x3000, 0x37ff},
    {"last child up to the parent's end", P_B, 0x3000, 0x2000, 0, 0x3000, 0x4fff},
    {"parent still covering its children", P_P, 0x1000, 0x2800, 0, 0x1000, 0x37ff},
    {"parent cutting a child", P_P, 0x1000, 0x27ff, -EBUSY, 0x1000, 0x4fff},
    {"size 0", P_R, 0x2000, 0, -EINVAL, 0x2000, 0x2fff},
    {"range wraps", P_B, ~(resource_size_t)0xffff, 0x20000, -EINVAL, 0x3000, 0x37ff},
    {"the root (no parent): children only", P_ROOT, 0x800, 0x8000, 0, 0x800, 0x87ff},
    {"the root cutting its child", P_ROOT, 0x2000, 0x8000, -EBUSY, 0x0, 0xffff},
};

/* adjust_resource(): every -EBUSY condition, and the edges that pass. */
static void adjust_resource_table(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(adjust_rows); i++) {
		const struct adjust_row *row = &adjust_rows[i];
		bool failed = t->status == KTEST_FAIL;
		struct resource *r, before[5];

		KTEST_ASSERT_TRUE(t, build(&root, par));
		for (int k = 0; k < 5; k++)
			before[k] = *node[k];
		r = row->which == P_ROOT ? &root : node[row->which];
		KTEST_EXPECT_INT_EQ(t, adjust_resource(r, row->start, row->size), row->ret);
		KTEST_EXPECT_EQ(t, r->start, row->new_start);
		KTEST_EXPECT_EQ(t, r->end, row->new_end);
		/* Nothing else moved, no link changed. */
		for (int k = 0; k < 5; k++) {
			if (node[k] == r)
				continue;
			KTEST_EXPECT_MEMEQ(t, node[k], &before[k], sizeof(before[k]));
		}
		KTEST_EXPECT_NULL(t, resource_check_tree(&root));
		KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 5);
		root.start = 0;
		root.end = 0xffff;
		NOTE_ROW(t, failed, row->what);
	}
}

/* lookup_resource(): direct children, exact start only (tree: abc). */
static void lookup_resource_direct_children(struct ktest *t)
{
	KTEST_ASSERT_TRUE(t, build(&root, abc));
	KTEST_EXPECT_TRUE(t, lookup_resource(&root, 0x1000) == node[A]);
	KTEST_EXPECT_TRUE(t, lookup_resource(&root, 0x3000) == node[B]);
	KTEST_EXPECT_TRUE(t, lookup_resource(&root, 0x5000) == node[C]);
	KTEST_EXPECT_NULL(t, lookup_resource(&root, 0x1100)); /* A1 is a grandchild */
	KTEST_EXPECT_NULL(t, lookup_resource(&root, 0x3001)); /* inside B */
	KTEST_EXPECT_NULL(t, lookup_resource(&root, 0x2000)); /* a hole */
	KTEST_EXPECT_TRUE(t, lookup_resource(node[A], 0x1100) == node[A1]);
	KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 4);
	KTEST_EXPECT_NULL(t, lookup_resource(&root, 0x1000));
}

/* Pre-order iteration, skip_children, and the subtree bound (tree: deep). */
static void for_each_resource_order(struct ktest *t)
{
	const char *all[] = {"A", "A1", "A11", "B", "C"};
	const char *top[] = {"A", "B", "C"};
	struct resource *p;
	int n;

	KTEST_ASSERT_TRUE(t, build(&root, deep));
	n = 0;
	for_each_resource(&root, p, false)
	{
		KTEST_ASSERT_LT(t, n, 5);
		KTEST_EXPECT_STREQ(t, p->name, all[n++]);
	}
	KTEST_EXPECT_EQ(t, n, 5);
	n = 0;
	for_each_resource(&root, p, true)
	{
		KTEST_ASSERT_LT(t, n, 3);
		KTEST_EXPECT_STREQ(t, p->name, top[n++]);
	}
	KTEST_EXPECT_EQ(t, n, 3);
	/* Below A only, although A has siblings. */
	n = 0;
	for_each_resource(node[0], p, false)
	{
		KTEST_ASSERT_LT(t, n, 2);
		KTEST_EXPECT_STREQ(t, p->name, all[1 + n++]);
	}
	KTEST_EXPECT_EQ(t, n, 2);
	KTEST_EXPECT_NULL(t, next_resource(node[2], false, node[1]));
	KTEST_EXPECT_TRUE(t, next_resource(node[2], false, &root) == node[3]);
	KTEST_EXPECT_TRUE(t, next_resource(node[0], true, &root) == node[3]);
	KTEST_EXPECT_NULL(t, next_resource(node[4], false, &root));
	KTEST_EXPECT_NULL(t, next_resource(node[4], false, NULL));
	KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 5);
}

/* resource_check_tree() names the first node breaking an invariant
 * (tree: deep; each corruption undone before the next). */
static void check_tree_finds_breakage(struct ktest *t)
{
	struct resource *a, *a1, *a11, *b;
	resource_size_t saved;

	KTEST_ASSERT_TRUE(t, build(&root, deep));
	a = node[0], a1 = node[1], a11 = node[2], b = node[3];
	KTEST_EXPECT_NULL(t, resource_check_tree(&root));

	a11->parent = a;
	KTEST_EXPECT_TRUE(t, resource_check_tree(&root) == a11);
	a11->parent = a1;
	saved = b->start;
	b->start = 0x1fff; /* overlaps A */
	KTEST_EXPECT_TRUE(t, resource_check_tree(&root) == b);
	b->start = 0x0; /* before A: unsorted */
	KTEST_EXPECT_TRUE(t, resource_check_tree(&root) == b);
	b->start = saved;
	a1->end = 0x2000; /* sticks out of A */
	KTEST_EXPECT_TRUE(t, resource_check_tree(&root) == a1);
	a1->end = 0x10ff; /* empty: end < start */
	KTEST_EXPECT_TRUE(t, resource_check_tree(&root) == a1);
	a1->end = 0x17ff;
	KTEST_EXPECT_NULL(t, resource_check_tree(&root));
	KTEST_EXPECT_EQ(t, resource_test_free_all(&root), 5);
}

static const struct ktest_case tree_cases[] = {
    KTEST_CASE(request_resource_table),
    KTEST_CASE(release_resource_takes_subtree),
    KTEST_CASE(remove_resource_splices_children),
    KTEST_CASE(insert_resource_table),
    KTEST_CASE(insert_identical_both_orders),
    KTEST_CASE(insert_already_inserted),
    KTEST_CASE(insert_expand_to_fit),
    KTEST_CASE(insert_expand_to_fit_gives_up_at_root),
    KTEST_CASE(adjust_resource_table),
    KTEST_CASE(lookup_resource_direct_children),
    KTEST_CASE(for_each_resource_order),
    KTEST_CASE(check_tree_finds_breakage),
    {0},
};

static const struct ktest_suite tree_suite = {
    .name = "resource_tree",
    .cases = tree_cases,
    .init = tree_init,
    .exit = tree_exit,
};
KTEST_SUITE(tree_suite);
