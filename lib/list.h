/* Intrusive circular doubly-linked lists in the style of Linux's <linux/list.h>.
 *
 * A list is a struct list_head "head" embedded (or standing) somewhere, and
 * each element embeds its own struct list_head; an empty list's head points
 * at itself. Header-only: everything is static inline or a macro.
 *
 * list_del() poisons the removed entry's pointers with non-canonical
 * addresses, so a use after removal faults at once (#GP in the kernel,
 * SEGV under ASan) instead of silently walking a stale list. Use
 * list_del_init() when the entry must stay usable as an empty list. */
#ifndef LIB_LIST_H
#define LIB_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list_head {
	struct list_head *next, *prev;
};

/* Non-canonical on x86-64 (bits 63..47 differ), distinct so a fault address
 * tells which pointer was followed. */
#define LIST_POISON_NEXT ((struct list_head *)0xdead000000000100ULL)
#define LIST_POISON_PREV ((struct list_head *)0xdead000000000200ULL)

/*
 * The structure of type `type` whose member `member` is at ptr. The static
 * assertion catches a ptr of the wrong type (void * is let through).
 */
#define container_of(ptr, type, member)                                                          \
	({                                                                                       \
		_Static_assert(                                                                  \
		    __builtin_types_compatible_p(typeof(*(ptr)), typeof(((type *)0)->member)) || \
			__builtin_types_compatible_p(typeof(*(ptr)), void),                      \
		    "container_of: pointer does not match the member's type");                   \
		(type *)(void *)((char *)(ptr)-offsetof(type, member));                          \
	})

#define LIST_HEAD_INIT(name)     \
	{                        \
		&(name), &(name) \
	}
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

/* Links new between two adjacent entries. */
static inline void list__insert(struct list_head *new, struct list_head *prev,
				struct list_head *next)
{
	next->prev = new;
	new->next = next;
	new->prev = prev;
	prev->next = new;
}

/* Adds new right after head: a stack when popped from the front. */
static inline void list_add(struct list_head *new, struct list_head *head)
{
	list__insert(new, head, head->next);
}

/* Adds new right before head, i.e. at the end: a queue. */
static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	list__insert(new, head->prev, head);
}

/* Unlinks entry from its neighbours without touching entry itself. */
static inline void list__unlink(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
}

static inline void list_del(struct list_head *entry)
{
	list__unlink(entry);
	entry->next = LIST_POISON_NEXT;
	entry->prev = LIST_POISON_PREV;
}

static inline void list_del_init(struct list_head *entry)
{
	list__unlink(entry);
	INIT_LIST_HEAD(entry);
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

/* Removes entry from its list and adds it after head. */
static inline void list_move(struct list_head *entry, struct list_head *head)
{
	list__unlink(entry);
	list_add(entry, head);
}

/* Removes entry from its list and adds it at the end of head's list. */
static inline void list_move_tail(struct list_head *entry, struct list_head *head)
{
	list__unlink(entry);
	list_add_tail(entry, head);
}

/* Moves all entries of list to the end of head, in order; list ends empty. */
static inline void list_splice_tail_init(struct list_head *list, struct list_head *head)
{
	struct list_head *first = list->next, *last = list->prev;

	if (list_empty(list))
		return;
	first->prev = head->prev;
	head->prev->next = first;
	last->next = head;
	head->prev = last;
	INIT_LIST_HEAD(list);
}

static inline size_t list_count_nodes(const struct list_head *head)
{
	size_t n = 0;

	for (const struct list_head *p = head->next; p != head; p = p->next)
		n++;
	return n;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)

/* The first/last element; the list must not be empty. */
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_last_entry(head, type, member)  list_entry((head)->prev, type, member)

#define list__next_entry(pos, member) list_entry((pos)->member.next, typeof(*(pos)), member)

/* Iterates over the list_heads; pos must not be removed inside the loop. */
#define list_for_each(pos, head) for (pos = (head)->next; pos != (head); pos = pos->next)

/* Like list_for_each, but pos may be removed: n holds the next node. */
#define list_for_each_safe(pos, n, head) \
	for (pos = (head)->next, n = pos->next; pos != (head); pos = n, n = pos->next)

/* Iterates over the elements (pos is a pointer to the element type). When
 * the loop ends pos points at no element: only its member is the head. */
#define list_for_each_entry(pos, head, member)                                             \
	for (pos = list_first_entry(head, typeof(*(pos)), member); &pos->member != (head); \
	     pos = list__next_entry(pos, member))

/* Like list_for_each_entry, but pos may be removed: n holds the next one. */
#define list_for_each_entry_safe(pos, n, head, member)             \
	for (pos = list_first_entry(head, typeof(*(pos)), member), \
	    n = list__next_entry(pos, member);                     \
	     &pos->member != (head); pos = n, n = list__next_entry(n, member))

#endif
