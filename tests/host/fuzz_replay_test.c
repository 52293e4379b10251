/* Replays the fuzz corpus (tests/fuzz/corpus/<target>/) and every past
 * finding (tests/fuzz/crashes/<target>/) through the fuzz targets, without
 * libFuzzer: one case per target, so `make test` counts them. A broken
 * invariant aborts the host binary (ASan/UBSan report, FAIL). Host only;
 * run from the repository root (make does). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/ktest.h"
#include "tests/fuzz/fuzz.h"

static int replay_dir(struct ktest *t, const struct fuzz_target *ft, const char *kind)
{
	char path[512];
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "tests/fuzz/%s/%s", kind, ft->name);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char file[1024];
		uint8_t *buf;
		long len;
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s", path, de->d_name);
		f = fopen(file, "rb");
		KTEST_EXPECT_TRUE(t, f != NULL);
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		fseek(f, 0, SEEK_SET);
		buf = malloc(len > 0 ? len : 1);
		if (!buf || fread(buf, 1, len, f) != (size_t)len) {
			KTEST_EXPECT_TRUE(t, !"unreadable corpus file");
			fclose(f);
			free(buf);
			continue;
		}
		fclose(f);
		ft->run(buf, len);
		free(buf);
		n++;
	}
	closedir(d);
	return n;
}

static void replay(struct ktest *t, const char *name)
{
	const struct fuzz_target *ft = fuzz_targets;
	int corpus, crashes;

	while (ft->name && strcmp(ft->name, name))
		ft++;
	KTEST_ASSERT_TRUE(t, ft->name != NULL);
	corpus = replay_dir(t, ft, "corpus");
	crashes = replay_dir(t, ft, "crashes");
	if (corpus < 0) {
		ktest_skip(t, "no tests/fuzz/corpus/%s here (run from the repository root)", name);
		return;
	}
	ktest_info(t, "%s: %d corpus inputs, %d past findings replayed", name, corpus,
		   crashes < 0 ? 0 : crashes);
	KTEST_EXPECT_TRUE(t, corpus > 0);
}

static void cmdline(struct ktest *t)
{
	replay(t, "cmdline");
}

static void multiboot2(struct ktest *t)
{
	replay(t, "multiboot2");
}

static void acpi(struct ktest *t)
{
	replay(t, "acpi");
}

static void e820(struct ktest *t)
{
	replay(t, "e820");
}

static void resource(struct ktest *t)
{
	replay(t, "resource");
}

static const struct ktest_case fuzz_replay_cases[] = {
    KTEST_CASE(cmdline), KTEST_CASE(multiboot2), KTEST_CASE(acpi),
    KTEST_CASE(e820),	 KTEST_CASE(resource),	 {0},
};
static const struct ktest_suite fuzz_replay_suite = {
    .name = "fuzz_replay",
    .cases = fuzz_replay_cases,
};
KTEST_SUITE(fuzz_replay_suite);
