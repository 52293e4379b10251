/* Fuzz targets (tests/fuzz/README.md). Each takes one input and returns 0;
 * a broken invariant calls fuzz_fail(), which aborts, so libFuzzer (make
 * fuzz) and the host replay suite (tests/host/fuzz_replay_test.c) both see
 * it. The same functions run in both, without libFuzzer in the replay. */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int fuzz_cmdline(const uint8_t *data, size_t size);
int fuzz_multiboot2(const uint8_t *data, size_t size);
int fuzz_acpi(const uint8_t *data, size_t size);
int fuzz_e820(const uint8_t *data, size_t size);
int fuzz_resource(const uint8_t *data, size_t size);

struct fuzz_target {
	const char *name;
	int (*run)(const uint8_t *data, size_t size);
};
extern const struct fuzz_target fuzz_targets[];

/* Prints what broke and aborts. */
void fuzz_fail(const char *file, int line, const char *what) __attribute__((noreturn));
#define FUZZ_CHECK(cond)                                      \
	do {                                                  \
		if (!(cond))                                  \
			fuzz_fail(__FILE__, __LINE__, #cond); \
	} while (0)

/* printk is muted while a target runs (the parsers report every problem). */
void fuzz_mute_begin(void);
void fuzz_mute_end(void);

#endif
