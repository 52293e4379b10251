/* Tests of the command-line parser: syntax, repeats and appending, typed
 * getters (sizes with Linux's memparse rules), bounds, and the table-driven
 * checker. The struct cmdline is static: these cases also run on the kernel
 * stack, and it is several KiB. */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/string.h"

/* Guard bytes after the struct catch a write past its end, which ASan
 * cannot see inside one object. */
static struct {
	struct cmdline cl;
	unsigned char guard[64];
} g;

static char line[8192];

static struct cmdline *fresh(void)
{
	cmdline_init(&g.cl);
	memset(g.guard, 0x5a, sizeof(g.guard));
	return &g.cl;
}

static bool guard_intact(void)
{
	for (size_t i = 0; i < sizeof(g.guard); i++)
		if (g.guard[i] != 0x5a)
			return false;
	return true;
}

static void empty_line(struct ktest *t)
{
	struct cmdline *cl = fresh();
	struct cmdline_param p;
	unsigned long long sz;

	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, ""), 0);
	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, NULL), 0);
	KTEST_EXPECT_EQ(t, cmdline_count(cl), 0);
	KTEST_EXPECT_EQ(t, cl->nerrors, 0);
	KTEST_EXPECT_NULL(t, cmdline_get(cl, "mem"));
	KTEST_EXPECT_FALSE(t, cmdline_has(cl, "mem"));
	KTEST_EXPECT_INT_EQ(t, cmdline_get_size(cl, "mem", &sz), -ENOENT);
	KTEST_EXPECT_FALSE(t, cmdline_param_at(cl, 0, &p));
}

static void only_spaces(struct ktest *t)
{
	struct cmdline *cl = fresh();

	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "   \t \n\r\v\f  "), 0);
	KTEST_EXPECT_EQ(t, cmdline_count(cl), 0);
	KTEST_EXPECT_EQ(t, cl->nerrors, 0);
}

static void bare_flags(struct ktest *t)
{
	struct cmdline *cl = fresh();
	struct cmdline_param p;

	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, " quiet\tnokaslr  debug "), 0);
	KTEST_ASSERT_EQ(t, cmdline_count(cl), 3);
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "quiet"), "");
	KTEST_EXPECT_TRUE(t, cmdline_has(cl, "nokaslr"));
	KTEST_EXPECT_TRUE(t, cmdline_has(cl, "debug"));
	KTEST_EXPECT_FALSE(t, cmdline_has(cl, "debu"));
	KTEST_EXPECT_FALSE(t, cmdline_has(cl, "debugx"));
	KTEST_ASSERT_TRUE(t, cmdline_param_at(cl, 1, &p));
	KTEST_EXPECT_STREQ(t, p.key, "nokaslr");
	KTEST_EXPECT_NULL(t, p.value);
	KTEST_EXPECT_EQ(t, p.state, CMDLINE_ACTIVE);
}

static void key_value(struct ktest *t)
{
	struct cmdline *cl = fresh();

	KTEST_EXPECT_INT_EQ(t,
			    cmdline_parse(cl, "console=ttyS0,115200 hotmem.exit=halt a=b=c "
					      "memhp-default-state=online"),
			    0);
	KTEST_EXPECT_EQ(t, cmdline_count(cl), 4);
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "console"), "ttyS0,115200");
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "hotmem.exit"), "halt");
	KTEST_EXPECT_NULL(t, cmdline_get(cl, "hotmem"));
	/* Split at the first '='. */
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "a"), "b=c");
	/* '-' and '_' are the same in keys, as in Linux. */
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "memhp_default_state"), "online");
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "memhp-default_state"), "online");
	KTEST_EXPECT_TRUE(t, cmdline_key_eq("a-b_c", "a_b-c"));
	KTEST_EXPECT_FALSE(t, cmdline_key_eq("a.b", "a_b"));
	KTEST_EXPECT_FALSE(t, cmdline_key_eq("ab", "abc"));
}

static void empty_value(struct ktest *t)
{
	struct cmdline *cl = fresh();
	struct cmdline_param p;
	unsigned long long sz;
	bool b;

	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "mem= flag"), 0);
	KTEST_ASSERT_TRUE(t, cmdline_param_at(cl, 0, &p));
	KTEST_EXPECT_STREQ(t, p.key, "mem");
	KTEST_EXPECT_STREQ(t, p.value, ""); /* "" not NULL: it had a '=' */
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "mem"), "");
	KTEST_EXPECT_INT_EQ(t, cmdline_get_size(cl, "mem", &sz), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_bool(cl, "mem", &b), -EINVAL);
	/* A bare flag is no size either, but it is a true boolean. */
	KTEST_EXPECT_INT_EQ(t, cmdline_get_size(cl, "flag", &sz), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_bool(cl, "flag", &b), 0);
	KTEST_EXPECT_TRUE(t, b);
}

static void value_without_key(struct ktest *t)
{
	struct cmdline *cl = fresh();

	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "=value good=1 = \"\""), -EINVAL);
	KTEST_EXPECT_EQ(t, cmdline_count(cl), 1);
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "good"), "1");
	KTEST_EXPECT_NULL(t, cmdline_get(cl, ""));
	KTEST_ASSERT_EQ(t, cl->nerrors, 3);
	KTEST_EXPECT_STREQ(t, cmdline_error_name(cl->errors[0].code), "CMDLINE_ERR_NO_KEY");
	KTEST_EXPECT_STREQ(t, cl->errors[0].text, "=value");
	KTEST_EXPECT_STREQ(t, cmdline_error_name(cl->errors[1].code), "CMDLINE_ERR_NO_KEY");
	KTEST_EXPECT_STREQ(t, cl->errors[1].text, "=");
	KTEST_EXPECT_STREQ(t, cmdline_error_name(cl->errors[2].code), "CMDLINE_ERR_NO_KEY");
}

static void quotes(struct ktest *t)
{
	struct cmdline *cl = fresh();
	struct cmdline_param p;

	KTEST_EXPECT_INT_EQ(t,
			    cmdline_parse(cl, "key=\"a b\" \"whole=x\ty\" empty=\"\" "
					      "mid=a\"b c\"d \"flag\" last=\"q\""),
			    0);
	KTEST_EXPECT_EQ(t, cmdline_count(cl), 6);
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "key"), "a b");
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "whole"), "x\ty");
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "empty"), "");
	/* Quotes inside a value group words but stay, as in Linux. */
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "mid"), "a\"b c\"d");
	KTEST_ASSERT_TRUE(t, cmdline_param_at(cl, 4, &p));
	KTEST_EXPECT_STREQ(t, p.key, "flag");
	KTEST_EXPECT_NULL(t, p.value);
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "last"), "q");
}

static void unterminated_quote(struct ktest *t)
{
	struct cmdline *cl = fresh();

	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "a=1 b=\"x y c=3"), -EINVAL);
	KTEST_EXPECT_EQ(t, cmdline_count(cl), 1);
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "a"), "1");
	/* The quote swallowed the rest of the line, and the word is dropped. */
	KTEST_EXPECT_FALSE(t, cmdline_has(cl, "b"));
	KTEST_EXPECT_FALSE(t, cmdline_has(cl, "c"));
	KTEST_ASSERT_EQ(t, cl->nerrors, 1);
	KTEST_EXPECT_STREQ(t, cmdline_error_name(cl->errors[0].code),
			   "CMDLINE_ERR_UNTERMINATED_QUOTE");
	KTEST_EXPECT_STREQ(t, cl->errors[0].text, "b");

	fresh();
	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "ok \"bare"), -EINVAL);
	KTEST_EXPECT_EQ(t, cmdline_count(cl), 1);
	KTEST_ASSERT_EQ(t, cl->nerrors, 1);
	KTEST_EXPECT_STREQ(t, cl->errors[0].text, "bare");
}

static void repeats_last_wins(struct ktest *t)
{
	struct cmdline *cl = fresh();
	const char *vals[4];
	unsigned long long sz = 0;

	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "mem=1G selftest=all mem=2G selftest=none"), 0);
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "mem"), "2G");
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "selftest"), "none");
	KTEST_EXPECT_INT_EQ(t, cmdline_get_size(cl, "mem", &sz), 0);
	KTEST_EXPECT_EQ(t, sz, 2ull << 30);
	/* Every occurrence is still there, in order. */
	KTEST_ASSERT_EQ(t, cmdline_get_all(cl, "mem", vals, 4), 2);
	KTEST_EXPECT_STREQ(t, vals[0], "1G");
	KTEST_EXPECT_STREQ(t, vals[1], "2G");
}

static void memmap_accumulates_across_appends(struct ktest *t)
{
	struct cmdline *cl = fresh();
	const char *vals[4];

	/* The loader's line, then the fw_cfg string. */
	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "memmap=exactmap memmap=1G@4G quiet"), 0);
	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "memmap=64M$0x1000000"), 0);
	KTEST_ASSERT_EQ(t, cmdline_get_all(cl, "memmap", vals, 4), 3);
	KTEST_EXPECT_STREQ(t, vals[0], "exactmap");
	KTEST_EXPECT_STREQ(t, vals[1], "1G@4G");
	KTEST_EXPECT_STREQ(t, vals[2], "64M$0x1000000");
	/* A short array gets the first ones; the count says how many exist. */
	vals[1] = NULL;
	KTEST_EXPECT_EQ(t, cmdline_get_all(cl, "memmap", vals, 1), 3);
	KTEST_EXPECT_STREQ(t, vals[0], "exactmap");
	KTEST_EXPECT_NULL(t, vals[1]);
	KTEST_EXPECT_EQ(t, cmdline_get_all(cl, "quiet", vals, 4), 1);
	KTEST_EXPECT_STREQ(t, vals[0], "");
	KTEST_EXPECT_EQ(t, cmdline_get_all(cl, "absent", vals, 4), 0);
}

static void append_order(struct ktest *t)
{
	struct cmdline *cl = fresh();
	struct cmdline_param p;

	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "selftest=all hotmem.exit=halt"), 0);
	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "selftest=e820 hotmem.events=2"), 0);
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "selftest"), "e820");
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "hotmem.exit"), "halt");
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "hotmem.events"), "2");
	KTEST_ASSERT_EQ(t, cmdline_count(cl), 4);
	KTEST_ASSERT_TRUE(t, cmdline_param_at(cl, 2, &p));
	KTEST_EXPECT_STREQ(t, p.key, "selftest");
	KTEST_EXPECT_STREQ(t, p.value, "e820");
}

struct size_case {
	const char *s;
	unsigned long long v;
};

static void sizes(struct ktest *t)
{
	static const struct size_case ok[] = {
	    {"0", 0},
	    {"1K", 1ull << 10},
	    {"4M", 4ull << 20},
	    {"2G", 2ull << 30},
	    {"1T", 1ull << 40},
	    {"1P", 1ull << 50},
	    {"1E", 1ull << 60},
	    {"1k", 1ull << 10},
	    {"4m", 4ull << 20},
	    {"2g", 2ull << 30},
	    {"1t", 1ull << 40},
	    {"3p", 3ull << 50},
	    {"15e", 15ull << 60},
	    {"0x1000", 0x1000},
	    {"0X1000", 0x1000},
	    {"0x1000M", 0x1000ull << 20},
	    {"0x10g", 0x10ull << 30},
	    {"010", 8},
	    {"010K", 8 << 10},
	    {"4096", 4096},
	    {"18446744073709551615", 0xffffffffffffffffull},
	    {"16777215T", 16777215ull << 40},
	    {"0x3ffK", 0x3ffull << 10},
	};
	struct cmdline *cl = fresh();
	unsigned long long v;
	char *end;

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		v = 12345;
		KTEST_EXPECT_INT_EQ(t, memparse_strict(ok[i].s, &v), 0);
		if (v != ok[i].v)
			ktest_fail_at(t, __FILE__, __LINE__,
				      "memparse_strict(\"%s\") = %llu, want %llu", ok[i].s, v,
				      ok[i].v);
	}

	/* memparse() itself stops where the size ends, like Linux's. */
	KTEST_EXPECT_EQ(t, memparse("4Kx", &end), 4096);
	KTEST_EXPECT_STREQ(t, end, "x");
	KTEST_EXPECT_EQ(t, memparse("128M@0x1000000", &end), 128ull << 20);
	KTEST_EXPECT_STREQ(t, end, "@0x1000000");
	/* 'E' after hex digits is a digit, not exa. */
	KTEST_EXPECT_EQ(t, memparse("0x10E", &end), 0x10e);
	KTEST_EXPECT_STREQ(t, end, "");
	/* A lone suffix is zero with the suffix consumed (Linux does that). */
	KTEST_EXPECT_EQ(t, memparse("K", &end), 0);
	KTEST_EXPECT_STREQ(t, end, "");
	KTEST_EXPECT_EQ(t, memparse("9", NULL), 9);

	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "mem=4M crashkernel=0x1000M"), 0);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_size(cl, "mem", &v), 0);
	KTEST_EXPECT_EQ(t, v, 4ull << 20);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_size(cl, "crashkernel", &v), 0);
	KTEST_EXPECT_EQ(t, v, 0x1000ull << 20);
}

static void size_overflow(struct ktest *t)
{
	static const char *const bad[] = {
	    "18446744073709551616", /* 2^64 */
	    "16777216T",	    /* 2^24 << 40 = 2^64 */
	    "0xffffffffffffffffK",
	    "16E",
	    "0x4000000000000000000",
	    "99999999999999999999999999M",
	};
	struct cmdline *cl = fresh();
	unsigned long long v = 7;
	int ovf = 0;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (memparse_strict(bad[i], &v) != -ERANGE)
			ktest_fail_at(t, __FILE__, __LINE__,
				      "memparse_strict(\"%s\") = %d, want -ERANGE", bad[i],
				      memparse_strict(bad[i], &v));
	}
	KTEST_EXPECT_EQ(t, v, 7); /* untouched on error */
	KTEST_EXPECT_EQ(t, memparse_ovf("16777216T", NULL, &ovf), 0xffffffffffffffffull);
	KTEST_EXPECT_INT_EQ(t, ovf, 1);
	KTEST_EXPECT_EQ(t, memparse_ovf("16777215T", NULL, &ovf), 16777215ull << 40);
	KTEST_EXPECT_INT_EQ(t, ovf, 0);

	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "mem=16777216T"), 0);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_size(cl, "mem", &v), -ERANGE);
	KTEST_EXPECT_EQ(t, v, 7);
}

static void size_trailing_junk(struct ktest *t)
{
	static const char *const bad[] = {
	    "12Q", "", "K", "1KB", "0x", "-1", "+1", " 1", "1 ", "1K ", "0x1g0", "08", "M1",
	};
	struct cmdline *cl = fresh();
	unsigned long long v = 7;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (memparse_strict(bad[i], &v) != -EINVAL)
			ktest_fail_at(t, __FILE__, __LINE__,
				      "memparse_strict(\"%s\") = %d, want -EINVAL", bad[i],
				      memparse_strict(bad[i], &v));
	}
	KTEST_EXPECT_EQ(t, v, 7);
	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "mem=12Q"), 0);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_size(cl, "mem", &v), -EINVAL);
	KTEST_EXPECT_EQ(t, v, 7);
}

static void typed_getters(struct ktest *t)
{
	static const char *const states[] = {"online", "offline", NULL};
	struct cmdline *cl = fresh();
	uint64_t u = 5;
	size_t idx = 9;
	bool b = false;

	KTEST_EXPECT_INT_EQ(t,
			    cmdline_parse(cl, "n=0x10 oct=010 big=18446744073709551616 junk=12x "
					      "b1 b2=off b3=Yes b4=maybe b5=TRUE b6=0 "
					      "st=offline bad=Online"),
			    0);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_u64(cl, "n", &u), 0);
	KTEST_EXPECT_EQ(t, u, 16);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_u64(cl, "oct", &u), 0);
	KTEST_EXPECT_EQ(t, u, 8);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_u64(cl, "big", &u), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_u64(cl, "junk", &u), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_u64(cl, "b1", &u), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_u64(cl, "none", &u), -ENOENT);
	KTEST_EXPECT_EQ(t, u, 8);

	KTEST_EXPECT_INT_EQ(t, cmdline_get_bool(cl, "b1", &b), 0);
	KTEST_EXPECT_TRUE(t, b);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_bool(cl, "b2", &b), 0);
	KTEST_EXPECT_FALSE(t, b);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_bool(cl, "b3", &b), 0);
	KTEST_EXPECT_TRUE(t, b);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_bool(cl, "b4", &b), -EINVAL);
	KTEST_EXPECT_TRUE(t, b);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_bool(cl, "b5", &b), 0);
	KTEST_EXPECT_TRUE(t, b);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_bool(cl, "b6", &b), 0);
	KTEST_EXPECT_FALSE(t, b);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_bool(cl, "none", &b), -ENOENT);

	KTEST_EXPECT_INT_EQ(t, cmdline_get_enum(cl, "st", states, &idx), 0);
	KTEST_EXPECT_EQ(t, idx, 1);
	/* Enum values are case-sensitive, as Linux's sysfs_streq(). */
	KTEST_EXPECT_INT_EQ(t, cmdline_get_enum(cl, "bad", states, &idx), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_enum(cl, "b1", states, &idx), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_enum(cl, "none", states, &idx), -ENOENT);
	KTEST_EXPECT_EQ(t, idx, 1);
}

static void too_many_params(struct ktest *t)
{
	struct cmdline *cl = fresh();
	size_t len = 0;
	char key[16];

	for (int i = 0; i < CMDLINE_MAX_PARAMS + 6; i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, "p%d=%d ", i, i);
	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, line), -ENOSPC);
	KTEST_EXPECT_EQ(t, cmdline_count(cl), CMDLINE_MAX_PARAMS);
	KTEST_ASSERT_EQ(t, cl->nerrors, 6);
	KTEST_EXPECT_STREQ(t, cmdline_error_name(cl->errors[0].code), "CMDLINE_ERR_TOO_MANY");
	KTEST_EXPECT_STREQ(t, cl->errors[0].text, "p64");
	KTEST_EXPECT_STREQ(t, cl->errors[5].text, "p69");
	snprintf(key, sizeof(key), "p%d", CMDLINE_MAX_PARAMS - 1);
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, key), "63");
	KTEST_EXPECT_FALSE(t, cmdline_has(cl, "p64"));

	/* Appending more: still full, more errors, and the error list itself
	 * is bounded too. */
	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "x1 x2 x3 x4"), -ENOSPC);
	KTEST_EXPECT_EQ(t, cl->nerrors, CMDLINE_MAX_ERRORS);
	KTEST_EXPECT_EQ(t, cl->errors_dropped, 2);
	KTEST_EXPECT_TRUE(t, guard_intact());
}

static void very_long_line(struct ktest *t)
{
	struct cmdline *cl = fresh();
	size_t n;

	/* One word larger than the whole text buffer. */
	memcpy(line, "huge=", 5);
	memset(line + 5, 'v', CMDLINE_TEXT_MAX + 100);
	memcpy(line + 5 + CMDLINE_TEXT_MAX + 100, " small=1", 9);
	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, line), -E2BIG);
	KTEST_EXPECT_FALSE(t, cmdline_has(cl, "huge"));
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "small"), "1");
	KTEST_ASSERT_EQ(t, cl->nerrors, 1);
	KTEST_EXPECT_STREQ(t, cmdline_error_name(cl->errors[0].code), "CMDLINE_ERR_TOO_LONG");
	KTEST_EXPECT_STREQ(t, cl->errors[0].text, "huge");

	/* Fill the buffer to its last byte: "a=<v>" stores "a\0<v>\0". */
	fresh();
	n = CMDLINE_TEXT_MAX - 3;
	line[0] = 'a';
	line[1] = '=';
	memset(line + 2, 'w', n);
	line[2 + n] = '\0';
	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, line), 0);
	KTEST_EXPECT_EQ(t, cl->text_used, CMDLINE_TEXT_MAX);
	KTEST_EXPECT_EQ(t, strlen(cmdline_get(cl, "a")), n);
	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "b"), -E2BIG);
	KTEST_EXPECT_FALSE(t, cmdline_has(cl, "b"));

	/* A long key: the error keeps a truncated, terminated copy. */
	fresh();
	memset(line, 'k', CMDLINE_TEXT_MAX + 1);
	line[CMDLINE_TEXT_MAX + 1] = '\0';
	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, line), -E2BIG);
	KTEST_ASSERT_EQ(t, cl->nerrors, 1);
	KTEST_EXPECT_EQ(t, strlen(cl->errors[0].text), CMDLINE_ERR_TEXT - 1);
	KTEST_EXPECT_EQ(t, cmdline_count(cl), 0);
	KTEST_EXPECT_TRUE(t, guard_intact());
}

static void bounded_input(struct ktest *t)
{
	/* Not terminated: the parser must stop at len (ASan would see it). */
	static const char raw[3] = {'x', '=', '1'};
	struct cmdline *cl = fresh();

	KTEST_EXPECT_INT_EQ(t, cmdline_parse_len(cl, raw, sizeof(raw)), 0);
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "x"), "1");
	KTEST_EXPECT_INT_EQ(t, cmdline_parse_len(cl, "a=1 b=2", 5), 0);
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "a"), "1");
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "b"), ""); /* cut to a bare flag */
	/* An embedded NUL ends the text too. */
	KTEST_EXPECT_INT_EQ(t, cmdline_parse_len(cl, "c=3\0d=4", 7), 0);
	KTEST_EXPECT_FALSE(t, cmdline_has(cl, "d"));
	KTEST_EXPECT_EQ(t, cmdline_count(cl), 4);
}

static void iteration(struct ktest *t)
{
	static const char *const keys[] = {"a", "b", "c.d", "a"};
	static const char *const vals[] = {"1", NULL, "x y", ""};
	struct cmdline *cl = fresh();
	struct cmdline_param p;
	size_t i;

	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "a=1 b c.d=\"x y\" a="), 0);
	for (i = 0; cmdline_param_at(cl, i, &p); i++) {
		KTEST_ASSERT_LT(t, i, 4);
		KTEST_EXPECT_STREQ(t, p.key, keys[i]);
		if (vals[i])
			KTEST_EXPECT_STREQ(t, p.value, vals[i]);
		else
			KTEST_EXPECT_NULL(t, p.value);
	}
	KTEST_EXPECT_EQ(t, i, 4);
}

/* ---- cmdline_check ---- */

struct reports {
	int n;
	char lines[16][96];
};

static void collect(const char *key, const char *why, void *ctx)
{
	struct reports *r = ctx;

	if (r->n < 16 && key)
		snprintf(r->lines[r->n], sizeof(r->lines[0]), "%s: %s", key, why);
	else if (r->n < 16)
		snprintf(r->lines[r->n], sizeof(r->lines[0]), "(no option) %s", why);
	r->n++;
}

/* fw.hide: "auto", "none" or something with size@start items. */
static const char *check_hide(const char *v)
{
	if (strcmp(v, "auto") == 0 || strcmp(v, "none") == 0 || strchr(v, '@'))
		return NULL;
	return "expected auto, none or size@start[,...]";
}

static const char *const exit_modes[] = {"auto", "halt", "reboot", NULL};
static const char *const hp_states[] = {"online", "offline", NULL};

static const struct cmdline_opt known[] = {
    {.key = "selftest", .type = OPT_STRING},
    {.key = "hotmem.exit", .type = OPT_ENUM, .enum_values = exit_modes},
    {.key = "hotmem.events", .type = OPT_U64},
    {.key = "mem", .type = OPT_SIZE},
    {.key = "memmap", .type = OPT_STRING, .accumulate = true},
    {.key = "memhp_default_state", .type = OPT_ENUM, .enum_values = hp_states},
    {.key = "fw.hide", .type = OPT_STRING, .validate = check_hide},
    {.key = "dax.kmem", .type = OPT_BOOL},
    {.key = "nokaslr", .type = OPT_FLAG},
};

static void check_reports_unknown_and_malformed(struct ktest *t)
{
	struct cmdline *cl = fresh();
	struct reports r = {0};
	struct cmdline_param p;
	unsigned long long sz = 0;
	const char *vals[4];
	int n;

	KTEST_EXPECT_INT_EQ(t,
			    cmdline_parse(cl, "selftest=all mem=1G hotmem.exit=bogus memmap=1G@4G "
					      "unknown.opt=1 nokaslr=1 =x mem=12Q fw.hide=junk "
					      "hotmem.events=abc dax.kmem=maybe selftest"),
			    -EINVAL);
	KTEST_EXPECT_INT_EQ(t,
			    cmdline_parse(cl, "memmap=2G@8G memhp-default-state=online "
					      "selftest=e820 mem=99999999999999999999"),
			    0);
	n = cmdline_check(cl, known, ARRAY_SIZE(known), collect, &r);
	KTEST_EXPECT_INT_EQ(t, n, 10);
	KTEST_ASSERT_INT_EQ(t, r.n, 10);
	KTEST_EXPECT_STREQ(t, r.lines[0], "=x: no option name before '=', ignored");
	KTEST_EXPECT_STREQ(t, r.lines[1], "hotmem.exit: invalid value: \"bogus\"");
	KTEST_EXPECT_STREQ(t, r.lines[2], "unknown.opt: unknown option");
	KTEST_EXPECT_STREQ(t, r.lines[3], "nokaslr: takes no value: \"1\"");
	KTEST_EXPECT_STREQ(t, r.lines[4], "mem: invalid size: \"12Q\"");
	KTEST_EXPECT_STREQ(t, r.lines[5],
			   "fw.hide: expected auto, none or size@start[,...]: \"junk\"");
	KTEST_EXPECT_STREQ(t, r.lines[6], "hotmem.events: invalid number: \"abc\"");
	KTEST_EXPECT_STREQ(t, r.lines[7], "dax.kmem: invalid boolean: \"maybe\"");
	KTEST_EXPECT_STREQ(t, r.lines[8], "selftest: needs a value");
	KTEST_EXPECT_STREQ(t, r.lines[9], "mem: size overflows: \"99999999999999999999\"");

	/* Ignored words are as if never typed: the earlier valid one counts. */
	KTEST_EXPECT_INT_EQ(t, cmdline_get_size(cl, "mem", &sz), 0);
	KTEST_EXPECT_EQ(t, sz, 1ull << 30);
	KTEST_EXPECT_NULL(t, cmdline_get(cl, "hotmem.exit"));
	KTEST_EXPECT_FALSE(t, cmdline_has(cl, "unknown.opt"));
	KTEST_EXPECT_FALSE(t, cmdline_has(cl, "nokaslr"));
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "selftest"), "e820");
	KTEST_EXPECT_STREQ(t, cmdline_get(cl, "memhp_default_state"), "online");
	KTEST_EXPECT_EQ(t, cmdline_get_all(cl, "memmap", vals, 4), 2);

	/* States: memmap accumulates, the first selftest= is overridden. */
	KTEST_ASSERT_TRUE(t, cmdline_param_at(cl, 0, &p));
	KTEST_EXPECT_STREQ(t, p.key, "selftest");
	KTEST_EXPECT_EQ(t, p.state, CMDLINE_OVERRIDDEN);
	KTEST_ASSERT_TRUE(t, cmdline_param_at(cl, 1, &p));
	KTEST_EXPECT_STREQ(t, p.key, "mem");
	KTEST_EXPECT_EQ(t, p.state, CMDLINE_ACTIVE); /* the later mem= are bad */
	KTEST_ASSERT_TRUE(t, cmdline_param_at(cl, 2, &p));
	KTEST_EXPECT_EQ(t, p.state, CMDLINE_IGNORED);
	KTEST_ASSERT_TRUE(t, cmdline_param_at(cl, 3, &p));
	KTEST_EXPECT_STREQ(t, p.key, "memmap");
	KTEST_EXPECT_EQ(t, p.state, CMDLINE_ACTIVE);
	KTEST_ASSERT_TRUE(t, cmdline_param_at(cl, 11, &p));
	KTEST_EXPECT_STREQ(t, p.key, "memmap");
	KTEST_EXPECT_EQ(t, p.state, CMDLINE_ACTIVE);

	/* Checking again reports the same, and a NULL report just counts. */
	KTEST_EXPECT_INT_EQ(t, cmdline_check(cl, known, ARRAY_SIZE(known), NULL, NULL), 10);
}

static void check_accepts_valid_line(struct ktest *t)
{
	struct cmdline *cl = fresh();
	struct reports r = {0};

	KTEST_EXPECT_INT_EQ(t,
			    cmdline_parse(cl, "selftest= hotmem.exit=reboot hotmem.events=0x3 "
					      "mem=0x1000M memmap=exactmap memmap=1G@0 "
					      "memhp_default_state=offline fw.hide=auto "
					      "dax.kmem dax.kmem=off nokaslr"),
			    0);
	KTEST_EXPECT_INT_EQ(t, cmdline_check(cl, known, ARRAY_SIZE(known), collect, &r), 0);
	KTEST_EXPECT_INT_EQ(t, r.n, 0);
	KTEST_EXPECT_TRUE(t, cmdline_has(cl, "nokaslr"));

	/* An empty table: everything is unknown. */
	KTEST_EXPECT_INT_EQ(t, cmdline_check(cl, NULL, 0, collect, &r), 11);
	KTEST_EXPECT_STREQ(t, r.lines[0], "selftest: unknown option");
	KTEST_EXPECT_NULL(t, cmdline_get(cl, "selftest"));
}

static void check_reports_dropped_errors(struct ktest *t)
{
	struct cmdline *cl = fresh();
	struct reports r = {0};

	KTEST_EXPECT_INT_EQ(t, cmdline_parse(cl, "=1 =2 =3 =4 =5 =6 =7 =8 =9 =10"), -EINVAL);
	KTEST_EXPECT_EQ(t, cl->nerrors, CMDLINE_MAX_ERRORS);
	KTEST_EXPECT_EQ(t, cl->errors_dropped, 2);
	KTEST_EXPECT_INT_EQ(t, cmdline_check(cl, known, ARRAY_SIZE(known), collect, &r),
			    CMDLINE_MAX_ERRORS + 1);
	KTEST_EXPECT_STREQ(t, r.lines[CMDLINE_MAX_ERRORS],
			   "(no option) 2 more malformed words not shown");
}

/* A count read into 32 bits (hotmem.events, hotmem.idle) must not wrap:
 * 2^32 used to become 0 events and a PASS with nothing served. */
static void check_u32_refuses_out_of_range(struct ktest *t)
{
	static const struct cmdline_opt u32_opts[] = {
	    {.key = "hotmem.events", .type = OPT_U32},
	    {.key = "hotmem.idle", .type = OPT_U32},
	};
	struct cmdline *cl = fresh();
	struct reports r = {0};
	uint64_t v = 0;

	KTEST_EXPECT_INT_EQ(t,
			    cmdline_parse(cl,
					  "hotmem.events=2 hotmem.events=4294967296 "
					  "hotmem.idle=0xffffffff hotmem.idle=0xffffffffffffffff "
					  "hotmem.events=4294967297"),
			    0);
	KTEST_EXPECT_INT_EQ(t, cmdline_check(cl, u32_opts, ARRAY_SIZE(u32_opts), collect, &r), 3);
	KTEST_EXPECT_STREQ(
	    t, r.lines[0],
	    "hotmem.events: number out of range (at most 4294967295): \"4294967296\"");
	KTEST_EXPECT_STREQ(t, r.lines[1],
			   "hotmem.idle: number out of range (at most 4294967295): "
			   "\"0xffffffffffffffff\"");
	KTEST_EXPECT_STREQ(
	    t, r.lines[2],
	    "hotmem.events: number out of range (at most 4294967295): \"4294967297\"");
	/* The refused words are as if never typed. */
	KTEST_EXPECT_INT_EQ(t, cmdline_get_u64(cl, "hotmem.events", &v), 0);
	KTEST_EXPECT_EQ(t, v, 2);
	KTEST_EXPECT_INT_EQ(t, cmdline_get_u64(cl, "hotmem.idle", &v), 0);
	KTEST_EXPECT_EQ(t, v, 0xffffffffull);
}

static void error_names(struct ktest *t)
{
	KTEST_EXPECT_STREQ(t, cmdline_error_name(CMDLINE_ERR_TOO_LONG), "CMDLINE_ERR_TOO_LONG");
	KTEST_EXPECT_STREQ(t, cmdline_error_name(CMDLINE_ERR_COUNT), "CMDLINE_ERR_?");
	KTEST_EXPECT_INT_EQ(t, cmdline_error_errno(CMDLINE_ERR_NO_KEY), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, cmdline_error_errno(CMDLINE_ERR_TOO_MANY), -ENOSPC);
	KTEST_EXPECT_INT_EQ(t, cmdline_error_errno(CMDLINE_OK), 0);
}

static const struct ktest_case cmdline_cases[] = {
    KTEST_CASE(empty_line),
    KTEST_CASE(only_spaces),
    KTEST_CASE(bare_flags),
    KTEST_CASE(key_value),
    KTEST_CASE(empty_value),
    KTEST_CASE(value_without_key),
    KTEST_CASE(quotes),
    KTEST_CASE(unterminated_quote),
    KTEST_CASE(repeats_last_wins),
    KTEST_CASE(memmap_accumulates_across_appends),
    KTEST_CASE(append_order),
    KTEST_CASE(sizes),
    KTEST_CASE(size_overflow),
    KTEST_CASE(size_trailing_junk),
    KTEST_CASE(typed_getters),
    KTEST_CASE(too_many_params),
    KTEST_CASE(very_long_line),
    KTEST_CASE(bounded_input),
    KTEST_CASE(iteration),
    KTEST_CASE(check_reports_unknown_and_malformed),
    KTEST_CASE(check_accepts_valid_line),
    KTEST_CASE(check_reports_dropped_errors),
    KTEST_CASE(check_u32_refuses_out_of_range),
    KTEST_CASE(error_names),
    {0},
};

static const struct ktest_suite cmdline_suite = {
    .name = "cmdline",
    .cases = cmdline_cases,
};
KTEST_SUITE(cmdline_suite);
