/* What every fuzz target shares: the target table, failing, muting printk. */
#include <stdio.h>
#include <stdlib.h>

#include "kernel/printk.h"
#include "tests/fuzz/fuzz.h"

const struct fuzz_target fuzz_targets[] = {
    {"cmdline", fuzz_cmdline}, {"multiboot2", fuzz_multiboot2}, {"acpi", fuzz_acpi},
    {"e820", fuzz_e820},       {"resource", fuzz_resource},	{NULL, NULL},
};

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what);
	abort();
}

static char mute_buf[4096];

void fuzz_mute_begin(void)
{
	printk_capture_start(mute_buf, sizeof(mute_buf));
}

void fuzz_mute_end(void)
{
	printk_capture_stop();
}

#ifdef HOTMEM_LIBFUZZER
/* One binary per target: FUZZ_TARGET names it (make fuzz). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return FUZZ_TARGET(data, size);
}
#endif
