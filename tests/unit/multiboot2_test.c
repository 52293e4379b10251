/* Tests of the multiboot2 boot-information parser. Every blob is built here
 * by hand, tag by tag, so each case says exactly which bytes are wrong. The
 * blob lives in static storage: these cases also run on the kernel stack. */
#include <stdarg.h>

#include "kernel/ktest.h"
#include "kernel/multiboot2.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"

/* ---- blob builder ---- */

struct blob {
	uint64_t words[512]; /* 4 KiB, 8-byte aligned like a loader's buffer */
	size_t len;
	bool full; /* a tag did not fit: the test itself is wrong */
};

/* A tag body under construction. */
struct body {
	uint8_t d[512];
	size_t n;
};

static struct blob blob;
static uint8_t shifted[sizeof(blob.words) + 8] __attribute__((aligned(8)));

static uint8_t *b_bytes(struct blob *b)
{
	return (uint8_t *)b->words;
}

static void b_init(struct blob *b)
{
	memset(b, 0, sizeof(*b));
	b->len = 8; /* total_size and reserved, filled by b_finish() */
}

static void b_set_total(struct blob *b, uint32_t total)
{
	memcpy(b_bytes(b), &total, sizeof(total));
}

/* Appends a tag declaring `size` with n body bytes (size need not be n + 8,
 * to forge bad tags), padded to 8 with zeros. Returns the tag's offset. */
static size_t b_tag_raw(struct blob *b, uint32_t type, uint32_t size, const void *body, size_t n)
{
	size_t off = b->len;
	uint8_t *p = b_bytes(b) + off;

	if (off + 8 + n + 8 > sizeof(b->words)) {
		b->full = true;
		return off;
	}
	memcpy(p, &type, 4);
	memcpy(p + 4, &size, 4);
	if (n)
		memcpy(p + 8, body, n);
	b->len = off + ((8 + n + 7) & ~(size_t)7);
	return off;
}

static size_t b_tag(struct blob *b, uint32_t type, const struct body *body)
{
	size_t n = body ? body->n : 0;

	return b_tag_raw(b, type, (uint32_t)(8 + n), body ? body->d : NULL, n);
}

/* Appends the end tag and sets total_size to the length. */
static void b_finish(struct blob *b)
{
	b_tag(b, MB2_TAG_END, NULL);
	b_set_total(b, (uint32_t)b->len);
}

static void put(struct body *y, const void *p, size_t n)
{
	if (y->n + n <= sizeof(y->d)) {
		memcpy(y->d + y->n, p, n);
		y->n += n;
	}
}

static void put8(struct body *y, uint8_t v)
{
	put(y, &v, 1);
}

static void put16(struct body *y, uint16_t v)
{
	put(y, &v, 2);
}

static void put32(struct body *y, uint32_t v)
{
	put(y, &v, 4);
}

static void put64(struct body *y, uint64_t v)
{
	put(y, &v, 8);
}

/* With the terminating NUL. */
static void putstr(struct body *y, const char *s)
{
	put(y, s, strlen(s) + 1);
}

static void body_init(struct body *y)
{
	memset(y, 0, sizeof(*y));
}

static size_t add_string_tag(struct blob *b, uint32_t type, const char *s)
{
	struct body y;

	body_init(&y);
	putstr(&y, s);
	return b_tag(b, type, &y);
}

static size_t add_meminfo(struct blob *b, uint32_t lower, uint32_t upper)
{
	struct body y;

	body_init(&y);
	put32(&y, lower);
	put32(&y, upper);
	return b_tag(b, MB2_TAG_BASIC_MEMINFO, &y);
}

static void put_mmap_entry(struct body *y, uint64_t base, uint64_t len, uint32_t type)
{
	put64(y, base);
	put64(y, len);
	put32(y, type);
	put32(y, 0);
}

/* A memory map of `n` standard 24-byte entries, declared as entry_size. */
static size_t add_mmap(struct blob *b, uint32_t entry_size, size_t n)
{
	struct body y;

	body_init(&y);
	put32(&y, entry_size);
	put32(&y, 0);
	for (size_t i = 0; i < n; i++)
		put_mmap_entry(&y, 0x100000ull * (i + 1), 0x1000ull * (i + 1), 1);
	return b_tag(b, MB2_TAG_MMAP, &y);
}

/* Checks the kept problems, in order, by name (NULL-terminated list). */
static void expect_problems(struct ktest *t, const struct mb2_info *info, ...)
{
	const char *want;
	va_list ap;
	size_t i = 0;

	va_start(ap, info);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (i >= info->nproblems) {
			ktest_fail_at(t, __FILE__, __LINE__,
				      "missing problem %s (only %zu recorded)", want,
				      info->nproblems);
			break;
		}
		KTEST_EXPECT_STREQ(t, mb2_error_name(info->problems[i].code), want);
		i++;
	}
	va_end(ap);
	KTEST_EXPECT_EQ(t, info->nproblems, i);
	KTEST_EXPECT_EQ(t, info->problems_dropped, 0);
}

static void expect_problem_at(struct ktest *t, const struct mb2_info *info, size_t i, size_t off,
			      uint32_t type)
{
	KTEST_ASSERT_LT(t, i, info->nproblems);
	KTEST_EXPECT_EQ(t, info->problems[i].offset, off);
	KTEST_EXPECT_EQ(t, info->problems[i].type, type);
}

/* ---- cases ---- */

static void full_info(struct ktest *t)
{
	struct mb2_info info;
	struct mb2_mmap_entry e;
	struct mb2_efi_desc d;
	struct body y;
	size_t off_old, off_new, off_mmap, off_efi;
	uint8_t rsdp[36];

	b_init(&blob);
	add_string_tag(&blob, MB2_TAG_CMDLINE, "console=ttyS0 mem=1G");
	add_string_tag(&blob, MB2_TAG_BOOT_LOADER_NAME, "GRUB 2.06");

	body_init(&y);
	put32(&y, 0x100000);
	put32(&y, 0x101000);
	putstr(&y, "initrd arg");
	b_tag(&blob, MB2_TAG_MODULE, &y);
	body_init(&y);
	put32(&y, 0x200000);
	put32(&y, 0x200000);
	putstr(&y, "");
	b_tag(&blob, MB2_TAG_MODULE, &y);

	add_meminfo(&blob, 639, 523136);

	body_init(&y);
	put32(&y, 24);
	put32(&y, 0);
	put_mmap_entry(&y, 0, 0x9fc00, MB2_MMAP_AVAILABLE);
	put_mmap_entry(&y, 0x9fc00, 0x400, MB2_MMAP_RESERVED);
	put_mmap_entry(&y, 0x100000, 0x1fee0000, MB2_MMAP_AVAILABLE);
	off_mmap = b_tag(&blob, MB2_TAG_MMAP, &y);

	/* An RGB framebuffer, 38 bytes as GRUB writes it. */
	body_init(&y);
	put64(&y, 0xfd000000ull);
	put32(&y, 4096);
	put32(&y, 1024);
	put32(&y, 768);
	put8(&y, 32);
	put8(&y, MB2_FB_TYPE_RGB);
	put16(&y, 0);
	put8(&y, 16);
	put8(&y, 8);
	put8(&y, 8);
	put8(&y, 8);
	put8(&y, 0);
	put8(&y, 8);
	b_tag(&blob, MB2_TAG_FRAMEBUFFER, &y);

	body_init(&y);
	put64(&y, 0x7fe1e018ull);
	b_tag(&blob, MB2_TAG_EFI64, &y);

	for (size_t i = 0; i < sizeof(rsdp); i++)
		rsdp[i] = (uint8_t)(0x40 + i);
	body_init(&y);
	put(&y, rsdp, 20);
	off_old = b_tag(&blob, MB2_TAG_ACPI_OLD, &y);
	body_init(&y);
	put(&y, rsdp, 36);
	off_new = b_tag(&blob, MB2_TAG_ACPI_NEW, &y);

	/* UEFI map with OVMF's 48-byte descriptors. */
	body_init(&y);
	put32(&y, 48);
	put32(&y, 1);
	for (uint32_t i = 0; i < 2; i++) {
		put32(&y, 7 - i);		  /* type */
		put32(&y, 0xdead);		  /* padding */
		put64(&y, 0x100000ull * (i + 1)); /* physical start */
		put64(&y, 0xffff0000ull);	  /* virtual start */
		put64(&y, 0x10ull + i);		  /* pages */
		put64(&y, 0x800000000000000full); /* attribute */
		put64(&y, 0x5555555555555555ull); /* what a newer descriptor adds */
	}
	off_efi = b_tag(&blob, MB2_TAG_EFI_MMAP, &y);

	b_tag(&blob, MB2_TAG_EFI_BS, NULL);
	body_init(&y);
	put32(&y, 0x200000);
	b_tag(&blob, MB2_TAG_LOAD_BASE_ADDR, &y);

	/* Two tags the parser does not use: skipped, not errors. */
	body_init(&y);
	put32(&y, 0x80);
	put32(&y, 1);
	put32(&y, 0xffffffff);
	b_tag(&blob, MB2_TAG_BOOTDEV, &y);
	body_init(&y);
	put64(&y, 42);
	b_tag(&blob, 99, &y);
	b_finish(&blob);
	KTEST_ASSERT_FALSE(t, blob.full);

	KTEST_ASSERT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), 0);
	expect_problems(t, &info, NULL);
	KTEST_EXPECT_EQ(t, info.total_size, blob.len);
	KTEST_EXPECT_STREQ(t, info.cmdline, "console=ttyS0 mem=1G");
	KTEST_EXPECT_STREQ(t, info.loader_name, "GRUB 2.06");

	KTEST_EXPECT_EQ(t, info.nmodules, 2);
	KTEST_EXPECT_EQ(t, info.modules_found, 2);
	KTEST_EXPECT_EQ(t, info.modules[0].start, 0x100000);
	KTEST_EXPECT_EQ(t, info.modules[0].end, 0x101000);
	KTEST_EXPECT_STREQ(t, info.modules[0].cmdline, "initrd arg");
	KTEST_EXPECT_EQ(t, info.modules[1].start, 0x200000);
	KTEST_EXPECT_EQ(t, info.modules[1].end, 0x200000);
	KTEST_EXPECT_STREQ(t, info.modules[1].cmdline, "");

	KTEST_EXPECT_TRUE(t, info.has_meminfo);
	KTEST_EXPECT_EQ(t, info.mem_lower, 639);
	KTEST_EXPECT_EQ(t, info.mem_upper, 523136);

	KTEST_EXPECT_TRUE(t, info.has_mmap);
	KTEST_EXPECT_EQ(t, info.mmap_entry_size, 24);
	KTEST_EXPECT_EQ(t, info.mmap_entry_version, 0);
	KTEST_EXPECT_TRUE(t, info.mmap == b_bytes(&blob) + off_mmap + 16);
	KTEST_ASSERT_EQ(t, info.mmap_count, 3);
	KTEST_ASSERT_INT_EQ(t, mb2_mmap_entry(&info, 0, &e), 0);
	KTEST_EXPECT_EQ(t, e.base, 0);
	KTEST_EXPECT_EQ(t, e.len, 0x9fc00);
	KTEST_EXPECT_EQ(t, e.type, MB2_MMAP_AVAILABLE);
	KTEST_ASSERT_INT_EQ(t, mb2_mmap_entry(&info, 1, &e), 0);
	KTEST_EXPECT_EQ(t, e.base, 0x9fc00);
	KTEST_EXPECT_EQ(t, e.len, 0x400);
	KTEST_EXPECT_EQ(t, e.type, MB2_MMAP_RESERVED);
	KTEST_ASSERT_INT_EQ(t, mb2_mmap_entry(&info, 2, &e), 0);
	KTEST_EXPECT_EQ(t, e.base, 0x100000);
	KTEST_EXPECT_EQ(t, e.len, 0x1fee0000);
	KTEST_EXPECT_EQ(t, e.type, MB2_MMAP_AVAILABLE);
	KTEST_EXPECT_INT_EQ(t, mb2_mmap_entry(&info, 3, &e), -ENOENT);

	KTEST_EXPECT_TRUE(t, info.fb.present);
	KTEST_EXPECT_EQ(t, info.fb.addr, 0xfd000000ull);
	KTEST_EXPECT_EQ(t, info.fb.pitch, 4096);
	KTEST_EXPECT_EQ(t, info.fb.width, 1024);
	KTEST_EXPECT_EQ(t, info.fb.height, 768);
	KTEST_EXPECT_EQ(t, info.fb.bpp, 32);
	KTEST_EXPECT_EQ(t, info.fb.type, MB2_FB_TYPE_RGB);
	KTEST_EXPECT_EQ(t, info.fb.red_pos, 16);
	KTEST_EXPECT_EQ(t, info.fb.red_size, 8);
	KTEST_EXPECT_EQ(t, info.fb.green_pos, 8);
	KTEST_EXPECT_EQ(t, info.fb.green_size, 8);
	KTEST_EXPECT_EQ(t, info.fb.blue_pos, 0);
	KTEST_EXPECT_EQ(t, info.fb.blue_size, 8);

	KTEST_EXPECT_TRUE(t, info.has_efi64);
	KTEST_EXPECT_EQ(t, info.efi64_system_table, 0x7fe1e018ull);

	KTEST_EXPECT_TRUE(t, info.rsdp_old == b_bytes(&blob) + off_old + 8);
	KTEST_EXPECT_EQ(t, info.rsdp_old_len, 20);
	KTEST_EXPECT_MEMEQ(t, info.rsdp_old, rsdp, 20);
	KTEST_EXPECT_TRUE(t, info.rsdp_new == b_bytes(&blob) + off_new + 8);
	KTEST_EXPECT_EQ(t, info.rsdp_new_len, 36);
	KTEST_EXPECT_MEMEQ(t, info.rsdp_new, rsdp, 36);

	KTEST_EXPECT_TRUE(t, info.has_efi_mmap);
	KTEST_EXPECT_EQ(t, info.efi_desc_size, 48);
	KTEST_EXPECT_EQ(t, info.efi_desc_version, 1);
	KTEST_EXPECT_TRUE(t, info.efi_mmap == b_bytes(&blob) + off_efi + 16);
	KTEST_ASSERT_EQ(t, info.efi_mmap_count, 2);
	for (uint32_t i = 0; i < 2; i++) {
		KTEST_ASSERT_INT_EQ(t, mb2_efi_desc(&info, i, &d), 0);
		KTEST_EXPECT_EQ(t, d.type, 7 - i);
		KTEST_EXPECT_EQ(t, d.phys_start, 0x100000ull * (i + 1));
		KTEST_EXPECT_EQ(t, d.num_pages, 0x10ull + i);
		KTEST_EXPECT_EQ(t, d.attribute, 0x800000000000000full);
	}
	KTEST_EXPECT_INT_EQ(t, mb2_efi_desc(&info, 2, &d), -ENOENT);

	KTEST_EXPECT_TRUE(t, info.efi_bs_not_terminated);
	KTEST_EXPECT_TRUE(t, info.has_load_base);
	KTEST_EXPECT_EQ(t, info.load_base_addr, 0x200000);
	KTEST_EXPECT_EQ(t, info.skipped_tags, 2);
}

static void empty_info(struct ktest *t)
{
	struct mb2_info info;
	struct mb2_mmap_entry e;
	struct mb2_efi_desc d;

	b_init(&blob);
	b_finish(&blob);
	KTEST_ASSERT_EQ(t, blob.len, 16);
	KTEST_ASSERT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), 0);
	expect_problems(t, &info, NULL);
	KTEST_EXPECT_EQ(t, info.total_size, 16);
	KTEST_EXPECT_NULL(t, info.cmdline);
	KTEST_EXPECT_NULL(t, info.loader_name);
	KTEST_EXPECT_FALSE(t, info.has_meminfo);
	KTEST_EXPECT_FALSE(t, info.has_mmap);
	KTEST_EXPECT_FALSE(t, info.has_efi_mmap);
	KTEST_EXPECT_FALSE(t, info.fb.present);
	KTEST_EXPECT_NULL(t, info.rsdp_old);
	KTEST_EXPECT_NULL(t, info.rsdp_new);
	KTEST_EXPECT_FALSE(t, info.efi_bs_not_terminated);
	KTEST_EXPECT_FALSE(t, info.has_efi64);
	KTEST_EXPECT_FALSE(t, info.has_load_base);
	KTEST_EXPECT_EQ(t, info.nmodules, 0);
	KTEST_EXPECT_EQ(t, info.skipped_tags, 0);
	KTEST_EXPECT_INT_EQ(t, mb2_mmap_entry(&info, 0, &e), -ENOENT);
	KTEST_EXPECT_INT_EQ(t, mb2_efi_desc(&info, 0, &d), -ENOENT);
}

static void truncated_total_size(struct ktest *t)
{
	struct mb2_info info;
	size_t off_end;

	b_init(&blob);
	add_string_tag(&blob, MB2_TAG_CMDLINE, "quiet");
	add_mmap(&blob, 24, 2);
	off_end = blob.len;
	b_finish(&blob);

	/* The caller can read up to the end tag only: no end tag seen. */
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, off_end, &info), -EINVAL);
	expect_problems(t, &info, "MB2_ERR_TRUNCATED", "MB2_ERR_NO_END", NULL);
	expect_problem_at(t, &info, 1, off_end, 0);
	KTEST_EXPECT_EQ(t, info.total_size, blob.len);
	KTEST_EXPECT_STREQ(t, info.cmdline, "quiet");
	KTEST_EXPECT_EQ(t, info.mmap_count, 2);

	/* Half of the end tag's header is readable: it straddles the end. */
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, off_end + 4, &info), -EINVAL);
	expect_problems(t, &info, "MB2_ERR_TRUNCATED", "MB2_ERR_TAG_OVERRUN", NULL);
	expect_problem_at(t, &info, 1, off_end, 0);
	KTEST_EXPECT_STREQ(t, info.cmdline, "quiet");
	KTEST_EXPECT_EQ(t, info.mmap_count, 2);

	/* Cut inside the mmap tag: the walk stops before it. */
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, off_end - 8, &info), -EINVAL);
	expect_problems(t, &info, "MB2_ERR_TRUNCATED", "MB2_ERR_TAG_OVERRUN", NULL);
	expect_problem_at(t, &info, 1, 24, MB2_TAG_MMAP);
	KTEST_EXPECT_STREQ(t, info.cmdline, "quiet");
	KTEST_EXPECT_FALSE(t, info.has_mmap);
}

static void total_size_too_small(struct ktest *t)
{
	struct mb2_info info;

	b_init(&blob);
	b_finish(&blob);
	for (uint32_t total = 0; total < 16; total += 4) {
		b_set_total(&blob, total);
		KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EINVAL);
		expect_problems(t, &info, "MB2_ERR_TOO_SMALL", NULL);
		KTEST_EXPECT_EQ(t, info.total_size, total);
	}
	/* Not even total_size is readable. */
	b_set_total(&blob, 16);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, 7, &info), -EINVAL);
	expect_problems(t, &info, "MB2_ERR_TOO_SMALL", NULL);
	KTEST_EXPECT_EQ(t, info.total_size, 0);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(NULL, 64, &info), -EINVAL);
	expect_problems(t, &info, "MB2_ERR_TOO_SMALL", NULL);
}

static void tag_past_end(struct ktest *t)
{
	struct mb2_info info;
	struct body y;
	size_t off;

	b_init(&blob);
	add_string_tag(&blob, MB2_TAG_CMDLINE, "a=b");
	/* A meminfo tag claiming 4 KiB in a 48-byte blob. */
	body_init(&y);
	put32(&y, 1);
	put32(&y, 2);
	off = b_tag_raw(&blob, MB2_TAG_BASIC_MEMINFO, 4096, y.d, y.n);
	add_string_tag(&blob, MB2_TAG_BOOT_LOADER_NAME, "never read");
	b_finish(&blob);

	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EBADMSG);
	expect_problems(t, &info, "MB2_ERR_TAG_OVERRUN", NULL);
	expect_problem_at(t, &info, 0, off, MB2_TAG_BASIC_MEMINFO);
	KTEST_EXPECT_STREQ(t, info.cmdline, "a=b");
	KTEST_EXPECT_FALSE(t, info.has_meminfo);
	KTEST_EXPECT_NULL(t, info.loader_name);
}

static void zero_and_short_tag_size(struct ktest *t)
{
	struct mb2_info info;
	uint32_t sizes[] = {0, 4, 7};

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t off;

		b_init(&blob);
		add_string_tag(&blob, MB2_TAG_CMDLINE, "x");
		off = b_tag_raw(&blob, MB2_TAG_MMAP, sizes[i], NULL, 0);
		add_meminfo(&blob, 1, 2);
		b_finish(&blob);
		KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EBADMSG);
		expect_problems(t, &info, "MB2_ERR_TAG_TOO_SMALL", NULL);
		expect_problem_at(t, &info, 0, off, MB2_TAG_MMAP);
		KTEST_EXPECT_STREQ(t, info.cmdline, "x");
		/* The walk cannot go on without a size: later tags are lost. */
		KTEST_EXPECT_FALSE(t, info.has_meminfo);
	}
}

static void misaligned_start(struct ktest *t)
{
	struct mb2_info info;
	struct mb2_mmap_entry e;

	b_init(&blob);
	add_string_tag(&blob, MB2_TAG_CMDLINE, "shifted");
	add_mmap(&blob, 24, 2);
	b_finish(&blob);
	memcpy(shifted + 3, blob.words, blob.len);

	/* Reported, but parsed anyway: every read is a memcpy. */
	KTEST_EXPECT_INT_EQ(t, mb2_parse(shifted + 3, blob.len, &info), -EINVAL);
	expect_problems(t, &info, "MB2_ERR_BUF_UNALIGNED", NULL);
	KTEST_EXPECT_STREQ(t, info.cmdline, "shifted");
	KTEST_ASSERT_EQ(t, info.mmap_count, 2);
	KTEST_ASSERT_INT_EQ(t, mb2_mmap_entry(&info, 1, &e), 0);
	KTEST_EXPECT_EQ(t, e.base, 0x200000);
	KTEST_EXPECT_EQ(t, e.len, 0x2000);
	KTEST_EXPECT_EQ(t, e.type, 1);
}

static void next_tag_straddles_end(struct ktest *t)
{
	struct mb2_info info;

	/* "ab" makes a size-11 tag at 8; the next tag would start at 24, but
	 * total_size 28 leaves only 4 bytes of its header. */
	b_init(&blob);
	add_string_tag(&blob, MB2_TAG_CMDLINE, "ab");
	b_finish(&blob);
	b_set_total(&blob, 28);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EINVAL);
	expect_problems(t, &info, "MB2_ERR_TOTAL_UNALIGNED", "MB2_ERR_TAG_OVERRUN", NULL);
	expect_problem_at(t, &info, 1, 24, 0);
	KTEST_EXPECT_STREQ(t, info.cmdline, "ab");

	/* Declared size 17: padded, the next tag is at 32 = total: no end. */
	b_init(&blob);
	b_tag_raw(&blob, MB2_TAG_CMDLINE, 17, "12345678", 9);
	b_set_total(&blob, (uint32_t)blob.len);
	KTEST_ASSERT_EQ(t, blob.len, 32);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EBADMSG);
	expect_problems(t, &info, "MB2_ERR_NO_END", NULL);
	expect_problem_at(t, &info, 0, 32, 0);
	KTEST_EXPECT_STREQ(t, info.cmdline, "12345678");
}

static void missing_end_tag(struct ktest *t)
{
	struct mb2_info info;

	b_init(&blob);
	add_string_tag(&blob, MB2_TAG_CMDLINE, "noend");
	add_meminfo(&blob, 636, 1000);
	b_set_total(&blob, (uint32_t)blob.len);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EBADMSG);
	expect_problems(t, &info, "MB2_ERR_NO_END", NULL);
	KTEST_EXPECT_STREQ(t, info.cmdline, "noend");
	KTEST_EXPECT_TRUE(t, info.has_meminfo);
	KTEST_EXPECT_EQ(t, info.mem_lower, 636);
}

static void end_tag_size_and_trailing_bytes(struct ktest *t)
{
	struct mb2_info info;

	/* An end tag of size 16 still ends the list, but is an error. */
	b_init(&blob);
	add_meminfo(&blob, 1, 2);
	b_tag_raw(&blob, MB2_TAG_END, 16, "\0\0\0\0\0\0\0", 8);
	b_set_total(&blob, (uint32_t)blob.len);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EBADMSG);
	expect_problems(t, &info, "MB2_ERR_END_SIZE", NULL);
	KTEST_EXPECT_TRUE(t, info.has_meminfo);

	/* Size 0 too; the bytes after its 8-byte header are then extra. */
	b_init(&blob);
	b_tag_raw(&blob, MB2_TAG_END, 0, "\0\0\0\0\0\0\0", 8);
	b_set_total(&blob, (uint32_t)blob.len);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EBADMSG);
	expect_problems(t, &info, "MB2_ERR_END_SIZE", "MB2_WARN_AFTER_END", NULL);

	/* Bytes after a proper end tag: only a warning. */
	b_init(&blob);
	add_meminfo(&blob, 1, 2);
	b_finish(&blob);
	add_meminfo(&blob, 3, 4);
	b_set_total(&blob, (uint32_t)blob.len);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), 0);
	expect_problems(t, &info, "MB2_WARN_AFTER_END", NULL);
	KTEST_EXPECT_EQ(t, info.mem_lower, 1);
}

static void bad_mmap_entry_size(struct ktest *t)
{
	struct mb2_info info;
	/* Two 24-byte entries follow each: 0 and 20 are below 24, 28 is not
	 * a multiple of 8, 56 is larger than the 48-byte body. */
	const uint32_t bad[] = {0, 20, 28, 56};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		size_t off;

		b_init(&blob);
		off = add_mmap(&blob, bad[i], 2);
		add_string_tag(&blob, MB2_TAG_CMDLINE, "after");
		b_finish(&blob);
		KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EBADMSG);
		expect_problems(t, &info, "MB2_ERR_ENTRY_SIZE", NULL);
		expect_problem_at(t, &info, 0, off, MB2_TAG_MMAP);
		KTEST_EXPECT_FALSE(t, info.has_mmap);
		KTEST_EXPECT_EQ(t, info.mmap_count, 0);
		KTEST_EXPECT_NULL(t, info.mmap);
		/* The map is ignored, the walk is not. */
		KTEST_EXPECT_STREQ(t, info.cmdline, "after");
	}
}

static void mmap_partial_and_empty(struct ktest *t)
{
	struct mb2_info info;
	struct body y;

	/* Two entries and 8 stray bytes: the two whole ones are kept. */
	b_init(&blob);
	body_init(&y);
	put32(&y, 24);
	put32(&y, 0);
	put_mmap_entry(&y, 0x1000, 0x2000, 1);
	put_mmap_entry(&y, 0x3000, 0x4000, 2);
	put64(&y, 0);
	b_tag(&blob, MB2_TAG_MMAP, &y);
	b_finish(&blob);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EBADMSG);
	expect_problems(t, &info, "MB2_ERR_PARTIAL_ENTRY", NULL);
	KTEST_EXPECT_TRUE(t, info.has_mmap);
	KTEST_EXPECT_EQ(t, info.mmap_count, 2);

	/* No entries at all is a valid (if useless) map. */
	b_init(&blob);
	add_mmap(&blob, 24, 0);
	b_finish(&blob);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), 0);
	expect_problems(t, &info, NULL);
	KTEST_EXPECT_TRUE(t, info.has_mmap);
	KTEST_EXPECT_EQ(t, info.mmap_count, 0);
}

static void mmap_entry_size_32(struct ktest *t)
{
	struct mb2_info info;
	struct mb2_mmap_entry e;
	struct body y;

	/* A future 32-byte entry: 8 unknown bytes after each standard one. */
	b_init(&blob);
	body_init(&y);
	put32(&y, 32);
	put32(&y, 1);
	for (uint64_t i = 0; i < 3; i++) {
		put_mmap_entry(&y, 0x1000000 * (i + 1), 0x10000 * (i + 1), (uint32_t)i + 1);
		put64(&y, 0xaaaaaaaaaaaaaaaaull);
	}
	b_tag(&blob, MB2_TAG_MMAP, &y);
	b_finish(&blob);
	KTEST_ASSERT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), 0);
	KTEST_EXPECT_EQ(t, info.mmap_entry_size, 32);
	KTEST_EXPECT_EQ(t, info.mmap_entry_version, 1);
	KTEST_ASSERT_EQ(t, info.mmap_count, 3);
	for (uint64_t i = 0; i < 3; i++) {
		KTEST_ASSERT_INT_EQ(t, mb2_mmap_entry(&info, i, &e), 0);
		KTEST_EXPECT_EQ(t, e.base, 0x1000000 * (i + 1));
		KTEST_EXPECT_EQ(t, e.len, 0x10000 * (i + 1));
		KTEST_EXPECT_EQ(t, e.type, i + 1);
	}
}

static void bad_efi_desc_size(struct ktest *t)
{
	struct mb2_info info;
	struct body y;
	size_t off;

	b_init(&blob);
	body_init(&y);
	put32(&y, 32); /* smaller than an EFI_MEMORY_DESCRIPTOR */
	put32(&y, 1);
	for (int i = 0; i < 8; i++)
		put64(&y, 0);
	off = b_tag(&blob, MB2_TAG_EFI_MMAP, &y);
	b_finish(&blob);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EBADMSG);
	expect_problems(t, &info, "MB2_ERR_ENTRY_SIZE", NULL);
	expect_problem_at(t, &info, 0, off, MB2_TAG_EFI_MMAP);
	KTEST_EXPECT_FALSE(t, info.has_efi_mmap);
	KTEST_EXPECT_EQ(t, info.efi_mmap_count, 0);
}

static void cmdline_without_nul(struct ktest *t)
{
	struct mb2_info info;
	size_t off;

	/* The padding after the tag is zero: a parser that looked past the
	 * tag's size would find a NUL there. */
	b_init(&blob);
	off = b_tag_raw(&blob, MB2_TAG_CMDLINE, 8 + 3, "abc", 3);
	add_string_tag(&blob, MB2_TAG_BOOT_LOADER_NAME, "GRUB");
	b_tag_raw(&blob, MB2_TAG_BOOT_LOADER_NAME, 8, NULL, 0); /* empty body */
	b_finish(&blob);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EBADMSG);
	expect_problems(t, &info, "MB2_ERR_NO_NUL", "MB2_ERR_NO_NUL", NULL);
	expect_problem_at(t, &info, 0, off, MB2_TAG_CMDLINE);
	KTEST_EXPECT_NULL(t, info.cmdline);
	KTEST_EXPECT_STREQ(t, info.loader_name, "GRUB");
}

static void duplicate_tags_first_wins(struct ktest *t)
{
	struct mb2_info info;
	size_t off2;

	b_init(&blob);
	add_string_tag(&blob, MB2_TAG_CMDLINE, "first");
	add_meminfo(&blob, 1, 2);
	off2 = add_string_tag(&blob, MB2_TAG_CMDLINE, "second");
	add_meminfo(&blob, 3, 4);
	b_finish(&blob);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), 0);
	expect_problems(t, &info, "MB2_WARN_DUPLICATE", "MB2_WARN_DUPLICATE", NULL);
	expect_problem_at(t, &info, 0, off2, MB2_TAG_CMDLINE);
	KTEST_EXPECT_STREQ(t, info.cmdline, "first");
	KTEST_EXPECT_EQ(t, info.mem_lower, 1);
	KTEST_EXPECT_EQ(t, info.mem_upper, 2);

	/* An invalid first tag does not count: the first valid one wins. */
	b_init(&blob);
	b_tag_raw(&blob, MB2_TAG_CMDLINE, 8 + 3, "bad", 3);
	add_string_tag(&blob, MB2_TAG_CMDLINE, "good");
	b_finish(&blob);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EBADMSG);
	expect_problems(t, &info, "MB2_ERR_NO_NUL", NULL);
	KTEST_EXPECT_STREQ(t, info.cmdline, "good");
}

static void tag_too_small_for_type(struct ktest *t)
{
	struct mb2_info info;
	struct body y;
	size_t off_fb;

	b_init(&blob);
	b_tag_raw(&blob, MB2_TAG_BASIC_MEMINFO, 12, "\1\0\0\0", 4);
	body_init(&y);
	put64(&y, 0xfd000000ull);
	put32(&y, 4096);
	put32(&y, 1024);
	put32(&y, 768);
	put8(&y, 32);
	put8(&y, MB2_FB_TYPE_RGB);
	put16(&y, 0);
	put8(&y, 16); /* only 2 of the 6 color bytes */
	put8(&y, 8);
	off_fb = b_tag(&blob, MB2_TAG_FRAMEBUFFER, &y);
	b_tag_raw(&blob, MB2_TAG_ACPI_NEW, 8 + 20, "RSD PTR 01234567890", 20);
	b_tag_raw(&blob, MB2_TAG_EFI64, 12, "\1\2\3\4", 4);
	b_tag_raw(&blob, MB2_TAG_MODULE, 12, "\1\2\3\4", 4);
	add_string_tag(&blob, MB2_TAG_CMDLINE, "still parsed");
	b_finish(&blob);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EBADMSG);
	expect_problems(t, &info, "MB2_ERR_TAG_SIZE", "MB2_ERR_TAG_SIZE", "MB2_ERR_TAG_SIZE",
			"MB2_ERR_TAG_SIZE", "MB2_ERR_TAG_SIZE", NULL);
	expect_problem_at(t, &info, 1, off_fb, MB2_TAG_FRAMEBUFFER);
	KTEST_EXPECT_EQ(t, info.problems[0].type, MB2_TAG_BASIC_MEMINFO);
	KTEST_EXPECT_EQ(t, info.problems[2].type, MB2_TAG_ACPI_NEW);
	KTEST_EXPECT_EQ(t, info.problems[3].type, MB2_TAG_EFI64);
	KTEST_EXPECT_EQ(t, info.problems[4].type, MB2_TAG_MODULE);
	KTEST_EXPECT_FALSE(t, info.has_meminfo);
	KTEST_EXPECT_FALSE(t, info.fb.present);
	KTEST_EXPECT_NULL(t, info.rsdp_new);
	KTEST_EXPECT_FALSE(t, info.has_efi64);
	KTEST_EXPECT_EQ(t, info.nmodules, 0);
	KTEST_EXPECT_STREQ(t, info.cmdline, "still parsed");
}

static void ega_text_framebuffer(struct ktest *t)
{
	struct mb2_info info;
	struct body y;

	/* Type 2 has no color info: the 32-byte common part is enough. */
	b_init(&blob);
	body_init(&y);
	put64(&y, 0xb8000);
	put32(&y, 160);
	put32(&y, 80);
	put32(&y, 25);
	put8(&y, 16);
	put8(&y, MB2_FB_TYPE_EGA_TEXT);
	put16(&y, 0);
	b_tag(&blob, MB2_TAG_FRAMEBUFFER, &y);
	b_finish(&blob);
	KTEST_ASSERT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), 0);
	KTEST_EXPECT_TRUE(t, info.fb.present);
	KTEST_EXPECT_EQ(t, info.fb.addr, 0xb8000);
	KTEST_EXPECT_EQ(t, info.fb.type, MB2_FB_TYPE_EGA_TEXT);
	KTEST_EXPECT_EQ(t, info.fb.width, 80);
	KTEST_EXPECT_EQ(t, info.fb.height, 25);
	KTEST_EXPECT_EQ(t, info.fb.red_size, 0);
}

static void modules_limit_and_range(struct ktest *t)
{
	struct mb2_info info;
	struct body y;

	b_init(&blob);
	for (uint32_t i = 0; i < MB2_MAX_MODULES + 2; i++) {
		body_init(&y);
		put32(&y, 0x1000 * i);
		put32(&y, 0x1000 * i + 0x800);
		putstr(&y, i % 2 ? "odd" : "even");
		b_tag(&blob, MB2_TAG_MODULE, &y);
	}
	body_init(&y);
	put32(&y, 0x2000);
	put32(&y, 0x1000); /* ends before it starts */
	putstr(&y, "backwards");
	b_tag(&blob, MB2_TAG_MODULE, &y);
	b_finish(&blob);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EBADMSG);
	expect_problems(t, &info, "MB2_WARN_TOO_MANY_MODULES", "MB2_ERR_MODULE_RANGE", NULL);
	KTEST_EXPECT_EQ(t, info.nmodules, MB2_MAX_MODULES);
	KTEST_EXPECT_EQ(t, info.modules_found, MB2_MAX_MODULES + 2);
	KTEST_EXPECT_EQ(t, info.modules[7].start, 0x7000);
	KTEST_EXPECT_EQ(t, info.modules[7].end, 0x7800);
	KTEST_EXPECT_STREQ(t, info.modules[7].cmdline, "odd");
}

static void problem_list_overflow(struct ktest *t)
{
	struct mb2_info info;

	b_init(&blob);
	for (int i = 0; i < MB2_MAX_PROBLEMS + 3; i++)
		b_tag_raw(&blob, MB2_TAG_BASIC_MEMINFO, 12, "\1\0\0\0", 4);
	b_finish(&blob);
	KTEST_EXPECT_INT_EQ(t, mb2_parse(blob.words, blob.len, &info), -EBADMSG);
	KTEST_EXPECT_EQ(t, info.nproblems, MB2_MAX_PROBLEMS);
	KTEST_EXPECT_EQ(t, info.problems_dropped, 3);
	KTEST_EXPECT_TRUE(t, mb2_has_problem(&info, MB2_ERR_TAG_SIZE));
	KTEST_EXPECT_FALSE(t, mb2_has_problem(&info, MB2_ERR_NO_END));
}

static void names_and_magic(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, mb2_magic_ok(0x36d76289));
	KTEST_EXPECT_FALSE(t, mb2_magic_ok(0x2badb002)); /* multiboot1 */
	KTEST_EXPECT_STREQ(t, mb2_error_name(MB2_ERR_TAG_OVERRUN), "MB2_ERR_TAG_OVERRUN");
	KTEST_EXPECT_STREQ(t, mb2_error_name(MB2_WARN_AFTER_END), "MB2_WARN_AFTER_END");
	KTEST_EXPECT_STREQ(t, mb2_error_name(MB2_ERR_COUNT), "MB2_ERR_?");
	KTEST_EXPECT_STREQ(t, mb2_error_name((enum mb2_error) - 1), "MB2_ERR_?");
	for (int e = 0; e < MB2_ERR_COUNT; e++)
		KTEST_EXPECT_EQ(t, strncmp(mb2_error_name((enum mb2_error)e), "MB2_", 4), 0);
	KTEST_EXPECT_INT_EQ(t, mb2_error_errno(MB2_ERR_TRUNCATED), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, mb2_error_errno(MB2_ERR_NO_END), -EBADMSG);
	KTEST_EXPECT_INT_EQ(t, mb2_error_errno(MB2_WARN_DUPLICATE), 0);
	KTEST_EXPECT_STREQ(t, mb2_tag_name(MB2_TAG_MMAP), "mmap");
	KTEST_EXPECT_STREQ(t, mb2_tag_name(MB2_TAG_EFI_MMAP), "efi_mmap");
	KTEST_EXPECT_STREQ(t, mb2_tag_name(22), "unknown");
	KTEST_EXPECT_STREQ(t, mb2_tag_name(0xffffffff), "unknown");
}

static const struct ktest_case multiboot2_cases[] = {
    KTEST_CASE(full_info),
    KTEST_CASE(empty_info),
    KTEST_CASE(truncated_total_size),
    KTEST_CASE(total_size_too_small),
    KTEST_CASE(tag_past_end),
    KTEST_CASE(zero_and_short_tag_size),
    KTEST_CASE(misaligned_start),
    KTEST_CASE(next_tag_straddles_end),
    KTEST_CASE(missing_end_tag),
    KTEST_CASE(end_tag_size_and_trailing_bytes),
    KTEST_CASE(bad_mmap_entry_size),
    KTEST_CASE(mmap_partial_and_empty),
    KTEST_CASE(mmap_entry_size_32),
    KTEST_CASE(bad_efi_desc_size),
    KTEST_CASE(cmdline_without_nul),
    KTEST_CASE(duplicate_tags_first_wins),
    KTEST_CASE(tag_too_small_for_type),
    KTEST_CASE(ega_text_framebuffer),
    KTEST_CASE(modules_limit_and_range),
    KTEST_CASE(problem_list_overflow),
    KTEST_CASE(names_and_magic),
    {0},
};

static const struct ktest_suite multiboot2_suite = {
    .name = "multiboot2",
    .cases = multiboot2_cases,
};
KTEST_SUITE(multiboot2_suite);
