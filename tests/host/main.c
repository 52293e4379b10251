/* Host test binary: runs the pure-C suites (lib, parsers, core) under ASan and
 * UBSan and prints the same KTAP as the kernel.
 * Usage: host-tests [FILTER]   (FILTER as the kernel's selftest= option) */
#include <stdio.h>

#include "kernel/ktest.h"

static void host_write(const char *s)
{
	fputs(s, stdout);
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : "all";
	enum ktest_verdict v;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ktest_write = host_write;
	v = ktest_run_all(filter);
	printf("# hotmem: verdict %s\n", v == KTEST_VERDICT_PASS   ? "PASS"
					 : v == KTEST_VERDICT_FAIL ? "FAIL"
								   : "SKIP");
	return v == KTEST_VERDICT_FAIL ? 1 : 0;
}
