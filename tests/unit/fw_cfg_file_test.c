/* Tests of fw_cfg_read_text() (drivers/firmware/fw_cfg_file.c) against a
 * fake fw_cfg: a directory entry claiming 0xffffffff bytes (the size check
 * must not wrap in 32 bits), a command line longer than the buffer (cut after
 * the last whole word, named), a NUL inside the file (named), a missing file. */
#include "drivers/firmware/fw_cfg_file.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

struct fake_cfg {
	uint32_t size;	  /* as the directory claims it */
	const char *data; /* the file's bytes (read past: zeros) */
	size_t data_len;
	uint16_t key; /* selected item */
	size_t pos;   /* read position in the selected item */
	uint8_t dir[4 + 64];
	size_t total_read; /* bytes read from the file item */
};

static void fake_select(void *ctx, uint16_t key)
{
	struct fake_cfg *f = ctx;

	f->key = key;
	f->pos = 0;
}

static void fake_read(void *ctx, void *buf, size_t n)
{
	struct fake_cfg *f = ctx;
	uint8_t *p = buf;

	for (size_t i = 0; i < n; i++, f->pos++) {
		if (f->key == FW_CFG_FILE_DIR)
			p[i] = f->pos < sizeof(f->dir) ? f->dir[f->pos] : 0;
		else
			p[i] = f->pos < f->data_len ? (uint8_t)f->data[f->pos] : 'x';
	}
	if (f->key != FW_CFG_FILE_DIR)
		f->total_read += n;
}

static void fake_init(struct fake_cfg *f, uint32_t size, const char *data, size_t len)
{
	memset(f, 0, sizeof(*f));
	f->size = size;
	f->data = data;
	f->data_len = len;
	f->dir[3] = 1; /* one file */
	f->dir[4] = (uint8_t)(size >> 24);
	f->dir[5] = (uint8_t)(size >> 16);
	f->dir[6] = (uint8_t)(size >> 8);
	f->dir[7] = (uint8_t)size;
	f->dir[8] = 0x00; /* select 0x0020 */
	f->dir[9] = 0x20;
	memcpy(f->dir + 4 + 8, "opt/org.hotmem/cmdline", 23);
}

static char out[512];

static long read_text(struct fake_cfg *f, char *buf, size_t bufsize)
{
	const struct fw_cfg_ops ops = {fake_select, fake_read, f};
	long n;

	printk_capture_start(out, sizeof(out));
	n = fw_cfg_read_text(&ops, "opt/org.hotmem/cmdline", buf, bufsize);
	printk_capture_stop();
	return n;
}

static void huge_size_does_not_wrap(struct ktest *t)
{
	static struct fake_cfg f;
	char buf[32];

	fake_init(&f, 0xffffffff, "selftest=all mem=1G", 19);
	/* size + 1 wrapped to 0 in 32 bits: 4 GiB would be read into buf. */
	KTEST_EXPECT_INT_EQ(t, read_text(&f, buf, sizeof(buf)), 13);
	KTEST_EXPECT_EQ(t, f.total_read, sizeof(buf) - 1);
	/* "mem=1Gxxx..." runs past the buffer: the whole word goes. */
	KTEST_EXPECT_STREQ(t, buf, "selftest=all ");
	KTEST_EXPECT_STREQ(t, out,
			   "fw_cfg: opt/org.hotmem/cmdline: 4294967295 bytes, more than the 31 "
			   "that fit; cut after byte 13 (the words after it are dropped)\n");
}

static void long_line_cut_after_a_whole_word(struct ktest *t)
{
	static struct fake_cfg f;
	static const char line[] = "selftest=cmdline memmap=1G!0x100000000";
	char buf[30];

	fake_init(&f, sizeof(line) - 1, line, sizeof(line) - 1);
	KTEST_EXPECT_INT_EQ(t, read_text(&f, buf, sizeof(buf)), 17);
	KTEST_EXPECT_STREQ(t, buf, "selftest=cmdline ");
	KTEST_EXPECT_STREQ(t, out,
			   "fw_cfg: opt/org.hotmem/cmdline: 38 bytes, more than the 29 that fit; "
			   "cut after byte 17 (the words after it are dropped)\n");
}

static void nul_inside_is_named(struct ktest *t)
{
	static struct fake_cfg f;
	char buf[64];

	fake_init(&f, 20, "selftest=x\0mem=1G ab", 20);
	KTEST_EXPECT_INT_EQ(t, read_text(&f, buf, sizeof(buf)), 10);
	KTEST_EXPECT_STREQ(t, buf, "selftest=x");
	KTEST_EXPECT_STREQ(t, out,
			   "fw_cfg: opt/org.hotmem/cmdline: NUL byte at offset 10, the 9 bytes "
			   "after it ignored\n");
}

static void fits_and_missing(struct ktest *t)
{
	static struct fake_cfg f;
	const struct fw_cfg_ops ops = {fake_select, fake_read, &f};
	char buf[64];

	fake_init(&f, 12, "selftest=all", 12);
	KTEST_EXPECT_INT_EQ(t, read_text(&f, buf, sizeof(buf)), 12);
	KTEST_EXPECT_STREQ(t, buf, "selftest=all");
	KTEST_EXPECT_STREQ(t, out, "");
	KTEST_EXPECT_INT_EQ(t, fw_cfg_read_text(&ops, "opt/other", buf, sizeof(buf)), -ENOENT);
}

static const struct ktest_case fw_cfg_file_cases[] = {
    KTEST_CASE(huge_size_does_not_wrap),
    KTEST_CASE(long_line_cut_after_a_whole_word),
    KTEST_CASE(nul_inside_is_named),
    KTEST_CASE(fits_and_missing),
    {0},
};
static const struct ktest_suite fw_cfg_file_suite = {
    .name = "fw_cfg_file",
    .cases = fw_cfg_file_cases,
};
KTEST_SUITE(fw_cfg_file_suite);
