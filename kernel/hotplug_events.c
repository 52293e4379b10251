/* The run-time hotplug event loop (docs/events.md), pure C: time comes from
 * the ops, devices from the pollers and the state from the namespace, so the
 * host tests drive it with a fake clock, fake devices and a fresh world. */
#include "kernel/hotplug_events.h"

#include <stdbool.h>

#include "drivers/firmware/memmap.h"
#include "kernel/ktap.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/pseudofs.h"
#include "kernel/resource.h"
#include "kernel/views.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/memory_block.h"
#include "mm/memory_hotplug.h"

struct hotplug_poller_list init_hotplug_pollers;

void hotplug_poller_register(struct hotplug_poller_list *list, struct hotplug_poller *p)
{
	struct hotplug_poller **pp = &list->first;

	for (; *pp; pp = &(*pp)->next)
		if (*pp == p)
			return;
	p->next = NULL;
	p->last_err = 0;
	*pp = p;
}

void hotplug_poller_unregister(struct hotplug_poller_list *list, struct hotplug_poller *p)
{
	for (struct hotplug_poller **pp = &list->first; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			p->next = NULL;
			return;
		}
	}
}

const char *hotplug_action_name(enum hotplug_action a)
{
	switch (a) {
	case HOTPLUG_ADD:
		return "add";
	case HOTPLUG_REMOVE:
		return "remove";
	case HOTPLUG_RESIZE:
		return "resize";
	}
	return "?";
}

/* ---- checks ---- */

/* The documents go through printk's path (console_puts), so a test's printk
 * capture sees them. */
static const struct ktap ev_ktap = {console_puts};

/* One event document's bookkeeping; diagnostics go out before the result
 * line, as ktest does. */
struct ev_doc {
	size_t n, pass, fail, skip;
};

static void ev_case(struct ev_doc *d, const char *name, int status, const char *skip_reason)
{
	d->n++;
	if (status == KTEST_FAIL)
		d->fail++;
	else if (status == KTEST_SKIP)
		d->skip++;
	else
		d->pass++;
	ktap_result(&ev_ktap, 1, status != KTEST_FAIL, d->n, name,
		    status == KTEST_SKIP ? skip_reason : NULL);
}

/* Pre-order walk below root; stops at the first non-NULL return of fn. */
static const struct resource *res_find(const struct resource *root,
				       bool (*fn)(const struct resource *r, const void *arg),
				       const void *arg)
{
	for (const struct resource *r = root->child; r; r = r->sibling) {
		const struct resource *hit;

		if (fn(r, arg))
			return r;
		hit = res_find(r, fn, arg);
		if (hit)
			return hit;
	}
	return NULL;
}

struct span {
	uint64_t start, end; /* inclusive */
};

static bool is_busy_sysram(const struct resource *r)
{
	unsigned long want = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;

	return (r->flags & want) == want;
}

static bool dm_overlaps(const struct resource *r, const void *arg)
{
	const struct span *s = arg;

	return is_busy_sysram(r) && (r->flags & IORESOURCE_SYSRAM_DRIVER_MANAGED) &&
	       r->start <= s->end && s->start <= r->end;
}

struct sysram_probe {
	uint64_t addr;
	bool plain_only; /* only "System RAM" itself: what a memmap entry stands for */
};

static bool sysram_at(const struct resource *r, const void *arg)
{
	const struct sysram_probe *s = arg;

	if (!is_busy_sysram(r) || r->start > s->addr || r->end < s->addr)
		return false;
	return !s->plain_only || (r->name && !strcmp(r->name, MHP_SYSTEM_RAM_NAME));
}

/* Is [start, end] covered by busy System RAM resources of root (any depth)?
 * With plain_only, only resources named exactly "System RAM" count. */
static bool covered_by_sysram(const struct resource *root, uint64_t start, uint64_t end,
			      bool plain_only)
{
	uint64_t cur = start;

	for (;;) {
		struct sysram_probe probe = {cur, plain_only};
		const struct resource *r = res_find(root, sysram_at, &probe);

		if (!r)
			return false;
		if (r->end >= end)
			return true;
		cur = r->end + 1;
	}
}

struct memmap_ctx {
	const struct hotplug_check *check;
	const char *case_name;
	bool failed;
};

static int memmap_vs_driver_managed(const struct firmware_map_entry *e, void *arg)
{
	struct memmap_ctx *c = arg;
	struct span s = {e->start, e->end};
	const struct resource *r;

	/* Boot entries are the raw firmware map: a memmap= carve-out that kmem
	 * later adds stays "System RAM" there, in Linux too. */
	if (e->index < c->check->first_runtime_memmap)
		return 0;
	r = res_find(c->check->ns->iomem, dm_overlaps, &s);
	if (r) {
		ktap_diag(&ev_ktap, 1,
			  "%s: /sys/firmware/memmap/%d 0x%llx-0x%llx overlaps %llx-%llx %s",
			  c->case_name, e->index, e->start, e->end, (unsigned long long)r->start,
			  (unsigned long long)r->end, r->name ? r->name : "");
		c->failed = true;
	}
	return 0;
}

static int memmap_ram_in_iomem(const struct firmware_map_entry *e, void *arg)
{
	struct memmap_ctx *c = arg;

	if (e->index < c->check->first_runtime_memmap || strcmp(e->type, MHP_SYSTEM_RAM_NAME))
		return 0;
	if (!covered_by_sysram(c->check->ns->iomem, e->start, e->end, true)) {
		ktap_diag(&ev_ktap, 1,
			  "%s: /sys/firmware/memmap/%d 0x%llx-0x%llx System RAM not in /proc/iomem",
			  c->case_name, e->index, e->start, e->end);
		c->failed = true;
	}
	return 0;
}

struct blocks_ctx {
	const struct pfs_ns *ns;
	const char *case_name;
	uint64_t start, end;
	int want_state; /* MEM_* or 0 */
	bool failed;
};

/* Every hot-added block must be backed by busy System RAM in iomem. */
static int block_backed(struct memory_block *mem, void *arg)
{
	struct blocks_ctx *c = arg;
	const struct mhp_state *mhp = c->ns->mhp;
	uint64_t s = memory_block_start(mhp, mem), e = s + memory_block_size_bytes_in(mhp) - 1;

	if (!mem->boot && !covered_by_sysram(c->ns->iomem, s, e, false)) {
		ktap_diag(&ev_ktap, 1,
			  "%s: memory%lu (0x%llx-0x%llx) has no System RAM in /proc/iomem",
			  c->case_name, mem->id, (unsigned long long)s, (unsigned long long)e);
		c->failed = true;
	}
	return 0;
}

static const char *state_word(int state)
{
	return state == MEM_ONLINE ? "online" : state == MEM_OFFLINE ? "offline" : "going-offline";
}

/* The blocks wholly inside the event's range: present in the state the
 * online policy gives (add), or gone (remove). Blocks only partly inside
 * (a dax range's unaligned edges) are not the event's. */
static void check_event_blocks(struct blocks_ctx *c, enum hotplug_action action)
{
	const struct mhp_state *mhp = c->ns->mhp;
	uint64_t bs = memory_block_size_bytes_in(mhp);
	uint64_t first = (c->start + bs - 1) / bs;
	uint64_t last_excl = (c->end / bs) + ((c->end % bs) == bs - 1 ? 1 : 0);

	for (uint64_t id = first; id < last_excl; id++) {
		struct memory_block *mem = find_memory_block_by_id_in(mhp, (unsigned long)id);

		if (action == HOTPLUG_REMOVE && mem) {
			ktap_diag(&ev_ktap, 1, "%s: memory%llu still present (%s)", c->case_name,
				  (unsigned long long)id, state_word(mem->state));
			c->failed = true;
		} else if (action == HOTPLUG_ADD && !mem) {
			ktap_diag(&ev_ktap, 1, "%s: memory%llu missing", c->case_name,
				  (unsigned long long)id);
			c->failed = true;
		} else if (action == HOTPLUG_ADD && mem->state != c->want_state) {
			ktap_diag(&ev_ktap, 1, "%s: memory%llu is %s, expected %s", c->case_name,
				  (unsigned long long)id, state_word(mem->state),
				  state_word(c->want_state));
			c->failed = true;
		}
	}
}

/* memory_works: the memory an add or a resize left in place stores what is
 * written (plugged memory passes the pattern test). */
static void check_memory_works(struct ev_doc *d, const struct hotplug_check *c,
			       const struct hotplug_event *ev)
{
	int err;

	if (ev->action == HOTPLUG_REMOVE || ev->end < ev->start) {
		ev_case(d, "memory_works", KTEST_SKIP, "nothing added");
		return;
	}
	err = c->memory_test(ev->start, ev->end);
	if (err)
		ktap_diag(&ev_ktap, 1, "memory_works: [mem %#llx-%#llx]: %s",
			  (unsigned long long)ev->start, (unsigned long long)ev->end,
			  errno_name(err));
	ev_case(d, "memory_works", err ? KTEST_FAIL : KTEST_PASS, NULL);
}

int hotplug_event_check(const struct hotplug_check *c, unsigned k, const struct hotplug_event *ev)
{
	const struct pfs_ns *ns = c->ns;
	struct ev_doc d = {0};
	const struct resource *bad;
	struct memmap_ctx mc;
	struct blocks_ctx bc;
	char name[24];

	snprintf(name, sizeof(name), "event_%u", k);
	ktap_begin(&ev_ktap, 0, 1);
	ktap_subtest_begin(&ev_ktap, 1, name, c->memory_test ? 6 : 5);

	bad = resource_check_tree(ns->iomem);
	if (bad)
		ktap_diag(&ev_ktap, 1, "resource_tree: broken at %llx-%llx %s",
			  (unsigned long long)bad->start, (unsigned long long)bad->end,
			  bad->name ? bad->name : "");
	ev_case(&d, "resource_tree", bad ? KTEST_FAIL : KTEST_PASS, NULL);

	mc = (struct memmap_ctx){c, "memmap_no_driver_managed", false};
	firmware_map_for_each_published_in(ns->fwmap, memmap_vs_driver_managed, &mc);
	ev_case(&d, mc.case_name, mc.failed ? KTEST_FAIL : KTEST_PASS, NULL);

	mc = (struct memmap_ctx){c, "memmap_ram_in_iomem", false};
	firmware_map_for_each_published_in(ns->fwmap, memmap_ram_in_iomem, &mc);
	ev_case(&d, mc.case_name, mc.failed ? KTEST_FAIL : KTEST_PASS, NULL);

	bc = (struct blocks_ctx){ns, "blocks_in_iomem", 0, 0, 0, false};
	for_each_memory_block_in(ns->mhp, &bc, block_backed);
	ev_case(&d, bc.case_name, bc.failed ? KTEST_FAIL : KTEST_PASS, NULL);

	bc = (struct blocks_ctx){
	    ns,
	    "event_blocks",
	    ev->start,
	    ev->end,
	    mhp_get_default_online_type_in(ns->mhp) == MMOP_OFFLINE ? MEM_OFFLINE : MEM_ONLINE,
	    false};
	if (ev->action == HOTPLUG_RESIZE || ev->end < ev->start) {
		/* A resize plugs or unplugs part of a device: which blocks
		 * changed is the driver's to know, not the event line's. */
		ev_case(&d, bc.case_name, KTEST_SKIP, "no per-block expectation");
	} else {
		check_event_blocks(&bc, ev->action);
		ev_case(&d, bc.case_name, bc.failed ? KTEST_FAIL : KTEST_PASS, NULL);
	}

	if (c->memory_test)
		check_memory_works(&d, c, ev);

	ktap_subtest_end(&ev_ktap, 1, 1, name, d.pass, d.fail, d.skip);
	return d.fail ? 1 : 0;
}

/* ---- the loop ---- */

/* A one-case failing document, for failures that are no event's checks. */
static void fail_doc(const char *case_prefix, const char *name)
{
	char id[48], full[64];
	size_t i;

	for (i = 0; name[i] && i < sizeof(id) - 1; i++) {
		char ch = name[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			  (ch >= '0' && ch <= '9');

		id[i] = ok ? ch : '_';
	}
	id[i] = '\0';
	snprintf(full, sizeof(full), "%s%s", case_prefix, id);
	ktap_begin(&ev_ktap, 0, 1);
	ktap_result(&ev_ktap, 0, false, 1, full, NULL);
}

int hotplug_event_verdict(int boot_verdict, const struct hotplug_event_result *r)
{
	if (boot_verdict == KTEST_VERDICT_FAIL || r->failed)
		return KTEST_VERDICT_FAIL;
	if (boot_verdict == KTEST_VERDICT_SKIP && r->passed)
		return KTEST_VERDICT_PASS;
	return boot_verdict;
}

int hotplug_event_handled_line(char *buf, size_t size, unsigned k, const struct hotplug_event *ev)
{
	return snprintf(buf, size, "# hotmem: handled %u %s %s 0x%llx-0x%llx\n", k, ev->device,
			hotplug_action_name(ev->action), (unsigned long long)ev->start,
			(unsigned long long)ev->end);
}

static void handle_event(const struct hotplug_check *c, struct hotplug_event_result *res,
			 const struct hotplug_event *ev)
{
	char why[32], line[128];
	unsigned k = ++res->handled;

	snprintf(why, sizeof(why), "event %u", k);
	print_snapshot_in(c->ns, why);
	dump_memory_block_states_in(c->ns, false);
	/* What kexec and kdump would make of the new state (docs/views.md). */
	dump_kexec_views_in(c->ns);
	if (hotplug_event_check(c, k, ev))
		res->failed++;
	else
		res->passed++;
	hotplug_event_handled_line(line, sizeof(line), k, ev);
	printk("%s", line);
}

int hotplug_poll_one(struct hotplug_poller *p, struct hotplug_event *ev,
		     struct hotplug_event_result *res)
{
	int r;

	memset(ev, 0, sizeof(*ev));
	r = p->poll(p, ev);
	if (r < 0) {
		if (r != p->last_err) {
			printk("# hotmem: event error %s: %s\n", p->name, errno_name(r));
			fail_doc("poller_", p->name);
			res->failed++;
		}
		p->last_err = r;
		return 0;
	}
	p->last_err = 0;
	if (r > 0)
		ev->device[sizeof(ev->device) - 1] = '\0';
	return r > 0;
}

struct hotplug_event_result hotplug_event_loop(const struct pfs_ns *ns,
					       struct hotplug_poller_list *pollers,
					       unsigned nr_events, unsigned idle_seconds,
					       const struct hotplug_event_ops *ops)
{
	struct hotplug_event_result res = {0, 0, 0};
	uint64_t last = ops->now_ms();
	uint64_t idle_ms = (uint64_t)idle_seconds * 1000;
	const struct hotplug_check check = {ns, firmware_map_next_index_in(ns->fwmap),
					    ops->memory_test};

	for (struct hotplug_poller *p = pollers->first; p; p = p->next)
		p->last_err = 0;
	printk("# hotmem: ready\n");

	while (res.handled < nr_events) {
		struct hotplug_poller *p, *next;

		for (p = pollers->first; p && res.handled < nr_events; p = next) {
			struct hotplug_event ev;

			/* A poller may unregister itself. */
			next = p->next;
			if (hotplug_poll_one(p, &ev, &res)) {
				handle_event(&check, &res, &ev);
				last = ops->now_ms();
			}
		}
		if (res.handled >= nr_events)
			break;
		if (ops->now_ms() - last >= idle_ms) {
			printk("# hotmem: idle %u s, handled %u of %u events\n", idle_seconds,
			       res.handled, nr_events);
			fail_doc("", "events_complete");
			res.failed++;
			break;
		}
		ops->delay_ms(ops->poll_interval_ms);
	}
	return res;
}
