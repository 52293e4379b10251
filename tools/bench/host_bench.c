/* Host microbenchmarks of the resource tree and the firmware memmap
 * (docs/bench.md): built with -O2 and no sanitizers by `make bench`.
 *
 * For each size N (entries already present) it times one kind of call and
 * prints "<op> <N> <ns per call>" per line; tools/bench/bench.py runs it
 * several times and reports median/min/max. Trees of N entries are linked
 * directly (building them with N inserts would itself be quadratic, as in
 * Linux, whose sibling lists are walked from the first child); the timed
 * calls then run on a tree of that size.
 *
 * Usage: host-bench [max_exponent] (sizes 10^3 .. 10^max, default 6). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "drivers/firmware/memmap.h"
#include "kernel/resource.h"

#define STRIDE	 (4ull << 20) /* one entry per 4 MiB */
#define RAM_SIZE (2ull << 20) /* 2 MiB of RAM, then a 2 MiB gap */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(uint64_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state % n;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Calls per measurement: enough for a stable figure, few enough that a
 * linear call on 10^6 entries finishes in about a second. */
static unsigned int calls_for(size_t n)
{
	return n <= 10000 ? 1000 : n <= 100000 ? 200 : 40;
}

static volatile uint64_t sink;

static int count_cb(struct resource *r, void *arg)
{
	(*(uint64_t *)arg)++;
	return 0;
}

static void report(const char *op, size_t n, double total_ns, unsigned int calls)
{
	printf("%s %zu %.1f\n", op, n, total_ns / calls);
	fflush(stdout);
}

static void bench_resource(size_t n)
{
	struct resource root = IOMEM_ROOT_INIT;
	struct resource *ram = calloc(n, sizeof(*ram));
	struct resource *extra;
	unsigned int k = calls_for(n);
	size_t buf_size = n * 64 + 64;
	char *buf = malloc(buf_size);
	double t;
	uint64_t hits;

	if (!ram || !buf) {
		fprintf(stderr, "host-bench: out of memory\n");
		exit(1);
	}
	for (size_t i = 0; i < n; i++) {
		ram[i].start = i * STRIDE;
		ram[i].end = ram[i].start + RAM_SIZE - 1;
		ram[i].name = "System RAM";
		ram[i].flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;
		ram[i].parent = &root;
		ram[i].sibling = i + 1 < n ? &ram[i + 1] : NULL;
	}
	root.child = &ram[0];

	/* insert_resource into a random gap, then release_resource of each. */
	extra = calloc(k, sizeof(*extra));
	for (unsigned int i = 0; i < k; i++) {
		extra[i].start = rnd(n) * STRIDE + RAM_SIZE + (uint64_t)i * 4096 % RAM_SIZE;
		extra[i].end = extra[i].start + 4095;
		extra[i].name = "Reserved";
		extra[i].flags = IORESOURCE_MEM | IORESOURCE_BUSY;
	}
	t = now_ns();
	for (unsigned int i = 0; i < k; i++)
		if (insert_resource(&root, &extra[i]))
			extra[i].parent = NULL;
	report("resource/insert", n, now_ns() - t, k);
	t = now_ns();
	for (unsigned int i = 0; i < k; i++)
		if (extra[i].parent)
			release_resource(&extra[i]);
	report("resource/release", n, now_ns() - t, k);
	free(extra);

	t = now_ns();
	for (unsigned int i = 0; i < k; i++)
		sink += (uintptr_t)lookup_resource(&root, rnd(n) * STRIDE);
	report("resource/lookup", n, now_ns() - t, k);

	/* One random entry: what a hotplug path asks. */
	t = now_ns();
	for (unsigned int i = 0; i < k; i++) {
		uint64_t s = rnd(n) * STRIDE;

		hits = 0;
		walk_system_ram_res_in(&root, s, s + RAM_SIZE - 1, &hits, count_cb);
		sink += hits;
	}
	report("resource/walk_system_ram_res_one", n, now_ns() - t, k);

	t = now_ns();
	for (unsigned int i = 0; i < k; i++)
		sink += region_intersects_in(&root, rnd(n) * STRIDE, 4096, IORESOURCE_SYSTEM_RAM,
					     IORES_DESC_NONE);
	report("resource/region_intersects", n, now_ns() - t, k);

	/* Whole-tree calls: linear by nature, reported per call. */
	t = now_ns();
	hits = 0;
	walk_system_ram_res_in(&root, 0, ~0ull, &hits, count_cb);
	report("resource/walk_system_ram_res_all", n, now_ns() - t, 1);
	if (hits != n) {
		fprintf(stderr, "host-bench: walk saw %llu of %zu entries\n",
			(unsigned long long)hits, n);
		exit(1);
	}
	t = now_ns();
	sink += (uint64_t)iomem_render(&root, buf, buf_size);
	report("resource/render_iomem", n, now_ns() - t, 1);

	free(buf);
	free(ram);
}

static void bench_memmap(size_t n)
{
	struct firmware_map map;
	unsigned int k = calls_for(n);
	size_t buf_size = n * 64 + 64;
	char *buf = malloc(buf_size);
	double t;

	firmware_map_init(&map);
	for (size_t i = 0; i < n; i++)
		if (firmware_map_add_early_in(&map, i * STRIDE, i * STRIDE + RAM_SIZE,
					      "System RAM")) {
			fprintf(stderr, "host-bench: memmap add failed\n");
			exit(1);
		}
	firmware_memmap_init_in(&map);

	t = now_ns();
	for (unsigned int i = 0; i < k; i++) {
		uint64_t s = rnd(n) * STRIDE + RAM_SIZE;

		firmware_map_add_hotplug_in(&map, s, s + 4096, "System RAM");
	}
	report("memmap/add_hotplug", n, now_ns() - t, k);

	t = now_ns();
	for (unsigned int i = 0; i < k; i++)
		sink += (uintptr_t)firmware_map_find_index_in(&map, (int)rnd(n));
	report("memmap/find_index", n, now_ns() - t, k);

	t = now_ns();
	for (unsigned int i = 0; i < k; i++) {
		uint64_t s = rnd(n) * STRIDE;

		sink += (uint64_t)firmware_map_remove_in(&map, s, s + RAM_SIZE, "System RAM");
	}
	report("memmap/remove", n, now_ns() - t, k);

	t = now_ns();
	sink += (uint64_t)firmware_map_render_table_in(&map, buf, buf_size);
	report("memmap/render", n, now_ns() - t, 1);

	firmware_map_release(&map);
	free(buf);
}

int main(int argc, char **argv)
{
	int max_exp = argc > 1 ? atoi(argv[1]) : 6;
	size_t n = 1000;

	for (int e = 3; e <= max_exp; e++, n *= 10) {
		bench_resource(n);
		bench_memmap(n);
	}
	return 0;
}
