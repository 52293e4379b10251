/* Tests of lib/list.h: every operation is checked by walking the list both
 * ways and comparing the element ids with the expected order. */
#include <stdbool.h>
#include <stddef.h>

#include "kernel/ktest.h"
#include "lib/list.h"

struct item {
	int id;
	struct list_head node; /* not the first member: container_of must subtract */
	int pad;
};

/*
 * Checks that head holds exactly the items with ids want[0..n-1] in order,
 * and that every prev pointer mirrors a next pointer.
 */
static bool list_is(struct ktest *t, int line, struct list_head *head, const int *want, size_t n)
{
	struct list_head *p;
	size_t i = 0;

	if (head->prev->next != head) {
		ktest_fail_at(t, __FILE__, line, "head->prev->next is not head");
		return false;
	}
	/* Forwards; i >= n also stops a cycle that misses the head. */
	for (p = head->next; p != head; p = p->next, i++) {
		if (p->prev->next != p) {
			ktest_fail_at(t, __FILE__, line, "node %zu: prev->next does not point back",
				      i);
			return false;
		}
		if (i >= n) {
			ktest_fail_at(t, __FILE__, line, "more than %zu nodes", n);
			return false;
		}
		if (list_entry(p, struct item, node)->id != want[i]) {
			ktest_fail_at(t, __FILE__, line, "node %zu has id %d, want %d", i,
				      list_entry(p, struct item, node)->id, want[i]);
			return false;
		}
	}
	if (i != n) {
		ktest_fail_at(t, __FILE__, line, "%zu nodes, want %zu", i, n);
		return false;
	}
	/* Backwards must give the same ids in reverse. */
	for (p = head->prev; p != head; p = p->prev) {
		if (i == 0 || list_entry(p, struct item, node)->id != want[--i]) {
			ktest_fail_at(t, __FILE__, line, "backward walk differs at node %zu", i);
			return false;
		}
	}
	return true;
}

#define EXPECT_LIST(t, head, ...)                                                          \
	do {                                                                               \
		static const int el_want[] = {__VA_ARGS__};                                \
		list_is(t, __LINE__, head, el_want, sizeof(el_want) / sizeof(el_want[0])); \
	} while (0)

static void init_items(struct item *items, int n)
{
	for (int i = 0; i < n; i++) {
		items[i].id = i;
		items[i].pad = -i;
		INIT_LIST_HEAD(&items[i].node);
	}
}

static void empty_list(struct ktest *t)
{
	LIST_HEAD(head);
	struct list_head other = {NULL, NULL};

	KTEST_EXPECT_TRUE(t, head.next == &head && head.prev == &head);
	KTEST_EXPECT_TRUE(t, list_empty(&head));
	KTEST_EXPECT_FALSE(t, list_is_singular(&head));
	KTEST_EXPECT_EQ(t, list_count_nodes(&head), 0);
	INIT_LIST_HEAD(&other);
	KTEST_EXPECT_TRUE(t, list_empty(&other));
	KTEST_EXPECT_TRUE(t, other.prev == &other);
}

static void add_is_stack_add_tail_is_queue(struct ktest *t)
{
	struct item it[4];
	LIST_HEAD(stack);
	LIST_HEAD(queue);

	init_items(it, 4);
	for (int i = 0; i < 4; i++)
		list_add(&it[i].node, &stack);
	EXPECT_LIST(t, &stack, 3, 2, 1, 0);
	KTEST_EXPECT_EQ(t, list_count_nodes(&stack), 4);

	init_items(it, 4);
	for (int i = 0; i < 4; i++)
		list_add_tail(&it[i].node, &queue);
	EXPECT_LIST(t, &queue, 0, 1, 2, 3);
	KTEST_EXPECT_FALSE(t, list_empty(&queue));
}

static void singular(struct ktest *t)
{
	struct item it[2];
	LIST_HEAD(head);

	init_items(it, 2);
	list_add_tail(&it[0].node, &head);
	KTEST_EXPECT_TRUE(t, list_is_singular(&head));
	list_add_tail(&it[1].node, &head);
	KTEST_EXPECT_FALSE(t, list_is_singular(&head));
}

static void del_poisons(struct ktest *t)
{
	struct item it[3];
	LIST_HEAD(head);

	init_items(it, 3);
	for (int i = 0; i < 3; i++)
		list_add_tail(&it[i].node, &head);
	list_del(&it[1].node);
	EXPECT_LIST(t, &head, 0, 2);
	KTEST_EXPECT_TRUE(t, it[1].node.next == LIST_POISON_NEXT);
	KTEST_EXPECT_TRUE(t, it[1].node.prev == LIST_POISON_PREV);
	list_del(&it[0].node);
	list_del(&it[2].node);
	KTEST_EXPECT_TRUE(t, list_empty(&head));
	KTEST_EXPECT_TRUE(t, head.next == &head && head.prev == &head);
}

static void del_init_leaves_empty_entry(struct ktest *t)
{
	struct item it[3];
	LIST_HEAD(head);

	init_items(it, 3);
	for (int i = 0; i < 3; i++)
		list_add_tail(&it[i].node, &head);
	list_del_init(&it[2].node);
	EXPECT_LIST(t, &head, 0, 1);
	KTEST_EXPECT_TRUE(t, list_empty(&it[2].node));
	/* Deleting it again is harmless: it is its own (empty) list. */
	list_del_init(&it[2].node);
	EXPECT_LIST(t, &head, 0, 1);
	/* And it can be added again. */
	list_add(&it[2].node, &head);
	EXPECT_LIST(t, &head, 2, 0, 1);
}

static void move_between_lists(struct ktest *t)
{
	struct item it[4];
	LIST_HEAD(a);
	LIST_HEAD(b);

	init_items(it, 4);
	for (int i = 0; i < 4; i++)
		list_add_tail(&it[i].node, &a);
	list_move(&it[2].node, &b);
	list_move(&it[0].node, &b);
	EXPECT_LIST(t, &a, 1, 3);
	EXPECT_LIST(t, &b, 0, 2);
	list_move_tail(&it[3].node, &b);
	EXPECT_LIST(t, &a, 1);
	EXPECT_LIST(t, &b, 0, 2, 3);
	/* Within one list: rotate the first entry to the end. */
	list_move_tail(&it[0].node, &b);
	EXPECT_LIST(t, &b, 2, 3, 0);
	list_move(&it[0].node, &b);
	EXPECT_LIST(t, &b, 0, 2, 3);
}

static void splice_tail_init(struct ktest *t)
{
	struct item it[5];
	LIST_HEAD(a);
	LIST_HEAD(b);

	init_items(it, 5);
	list_add_tail(&it[0].node, &a);
	list_add_tail(&it[1].node, &a);
	list_add_tail(&it[2].node, &b);
	list_add_tail(&it[3].node, &b);
	list_add_tail(&it[4].node, &b);
	list_splice_tail_init(&b, &a);
	EXPECT_LIST(t, &a, 0, 1, 2, 3, 4);
	KTEST_EXPECT_TRUE(t, list_empty(&b));

	/* Splicing an empty list changes nothing. */
	list_splice_tail_init(&b, &a);
	EXPECT_LIST(t, &a, 0, 1, 2, 3, 4);
	KTEST_EXPECT_TRUE(t, list_empty(&b));

	/* Into an empty list. */
	list_splice_tail_init(&a, &b);
	EXPECT_LIST(t, &b, 0, 1, 2, 3, 4);
	KTEST_EXPECT_TRUE(t, list_empty(&a));
}

static void entries_and_container_of(struct ktest *t)
{
	struct item it[3];
	LIST_HEAD(head);
	struct list_head *p = &it[1].node;
	const struct list_head *cp = &it[2].node;

	init_items(it, 3);
	for (int i = 0; i < 3; i++)
		list_add_tail(&it[i].node, &head);
	KTEST_EXPECT_TRUE(t, container_of(p, struct item, node) == &it[1]);
	KTEST_EXPECT_TRUE(t, container_of(cp, struct item, node) == &it[2]);
	KTEST_EXPECT_TRUE(t, container_of(&it[0].pad, struct item, pad) == &it[0]);
	KTEST_EXPECT_TRUE(t, list_entry(p, struct item, node)->pad == -1);
	KTEST_EXPECT_TRUE(t, list_first_entry(&head, struct item, node) == &it[0]);
	KTEST_EXPECT_TRUE(t, list_last_entry(&head, struct item, node) == &it[2]);
}

static void iteration(struct ktest *t)
{
	struct item it[5], *pos;
	struct list_head *p;
	LIST_HEAD(head);
	int sum = 0, n = 0;

	init_items(it, 5);
	for (int i = 0; i < 5; i++)
		list_add_tail(&it[i].node, &head);
	list_for_each (p, &head) {
		KTEST_EXPECT_EQ(t, list_entry(p, struct item, node)->id, n);
		n++;
	}
	KTEST_EXPECT_EQ(t, n, 5);
	KTEST_EXPECT_TRUE(t, p == &head);

	n = 0;
	list_for_each_entry (pos, &head, node) {
		KTEST_EXPECT_EQ(t, pos->id, n);
		sum += pos->id;
		n++;
	}
	KTEST_EXPECT_EQ(t, n, 5);
	KTEST_EXPECT_EQ(t, sum, 0 + 1 + 2 + 3 + 4);
	KTEST_EXPECT_TRUE(t, &pos->node == &head);

	/* Nothing to visit in an empty list. */
	n = 0;
	INIT_LIST_HEAD(&head);
	list_for_each (p, &head) {
		n++;
	}
	list_for_each_entry (pos, &head, node) {
		n++;
	}
	KTEST_EXPECT_EQ(t, n, 0);
}

static void safe_iteration_deletes(struct ktest *t)
{
	struct item it[6], *pos, *next;
	struct list_head *p, *tmp;
	LIST_HEAD(head);
	LIST_HEAD(odd);
	int n = 0;

	init_items(it, 6);
	for (int i = 0; i < 6; i++)
		list_add_tail(&it[i].node, &head);
	/* Move the odd ids away while walking. */
	list_for_each_entry_safe (pos, next, &head, node) {
		if (pos->id & 1)
			list_move_tail(&pos->node, &odd);
		n++;
	}
	KTEST_EXPECT_EQ(t, n, 6);
	EXPECT_LIST(t, &head, 0, 2, 4);
	EXPECT_LIST(t, &odd, 1, 3, 5);

	/* Delete everything while walking. */
	n = 0;
	list_for_each_safe (p, tmp, &head) {
		list_del(p);
		n++;
	}
	KTEST_EXPECT_EQ(t, n, 3);
	KTEST_EXPECT_TRUE(t, list_empty(&head));
	KTEST_EXPECT_TRUE(t, it[4].node.next == LIST_POISON_NEXT);
	EXPECT_LIST(t, &odd, 1, 3, 5);
}

static void count_nodes(struct ktest *t)
{
	static struct item it[100];
	LIST_HEAD(head);

	init_items(it, 100);
	for (int i = 0; i < 100; i++) {
		KTEST_EXPECT_EQ(t, list_count_nodes(&head), i);
		list_add(&it[i].node, &head);
	}
	KTEST_EXPECT_EQ(t, list_count_nodes(&head), 100);
	list_del(&it[50].node);
	KTEST_EXPECT_EQ(t, list_count_nodes(&head), 99);
}

static const struct ktest_case list_cases[] = {
    KTEST_CASE(empty_list),
    KTEST_CASE(add_is_stack_add_tail_is_queue),
    KTEST_CASE(singular),
    KTEST_CASE(del_poisons),
    KTEST_CASE(del_init_leaves_empty_entry),
    KTEST_CASE(move_between_lists),
    KTEST_CASE(splice_tail_init),
    KTEST_CASE(entries_and_container_of),
    KTEST_CASE(iteration),
    KTEST_CASE(safe_iteration_deletes),
    KTEST_CASE(count_nodes),
    {0},
};

static const struct ktest_suite list_suite = {
    .name = "list",
    .cases = list_cases,
};
KTEST_SUITE(list_suite);
