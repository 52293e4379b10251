/* The command-line parsers: the word parser and the option checker
 * (kernel/cmdline.c), the typed getters, and the value parsers behind the
 * memory options (mem=, memmap=, fw.e820=, fw.hide=). Invariants: nothing
 * written past the fixed capacities, every key and value a NUL-terminated
 * string inside the text buffer, a rejected memmap=/mem= item changes
 * nothing, and checking twice gives the same verdicts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/cmdline.h"
#include "kernel/crash_core.h"
#include "kernel/printk_format.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "mm/e820.h"
#include "mm/e820_cmdline.h"
#include "mm/fw_emul.h"
#include "mm/memory_block.h"
#include "tests/fuzz/fuzz.h"

static const char *const fz_enum[] = {"auto", "halt", NULL};
static const struct cmdline_opt fz_opts[] = {
    {.key = "selftest", .type = OPT_STRING},
    {.key = "hotmem.exit", .type = OPT_ENUM, .enum_values = fz_enum},
    {.key = "memmap", .type = OPT_STRING, .accumulate = true},
    {.key = "memory_block_size", .type = OPT_SIZE},
    {.key = "hotmem.events", .type = OPT_U32},
    {.key = "hotmem.idle", .type = OPT_U64},
    {.key = "dax.kmem", .type = OPT_BOOL},
    {.key = "nokaslr", .type = OPT_FLAG},
};

static void count_report(const char *key, const char *why, void *ctx)
{
	FUZZ_CHECK(why != NULL);
	++*(int *)ctx;
}

static bool in_text(const struct cmdline *cl, const char *s)
{
	return s >= cl->text && s < cl->text + sizeof(cl->text) &&
	       memchr(s, 0, cl->text + sizeof(cl->text) - s);
}

static void check_table(const struct e820_table *t)
{
	FUZZ_CHECK(t->nr_entries <= E820_MAX_ENTRIES);
}

/* The command line echoed by printk: at most the line buffer, no control
 * byte but '\n' and '\t', a cut one ends in the marker and '\n', and text
 * that fits and needs no escape passes unchanged. */
static bool printk_control(unsigned char c)
{
	return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
}

static void check_printk(const char *text, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	static char out[PRINTK_LINE_MAX];
	char marker[64];
	size_t n = strlen(text), len = printk_escape(out, text, n, size), rlen = 0, mlen;
	char *ref = malloc(4 * n + 1);

	if (!ref)
		return;
	/* The reference: every byte, escaped, nothing cut. */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (!printk_control(c)) {
			ref[rlen++] = (char)c;
			continue;
		}
		ref[rlen++] = '\\';
		ref[rlen++] = 'x';
		ref[rlen++] = hex[c >> 4];
		ref[rlen++] = hex[c & 15];
	}
	FUZZ_CHECK(len < PRINTK_LINE_MAX && len == strlen(out));
	for (size_t i = 0; i < len; i++)
		FUZZ_CHECK(!printk_control((unsigned char)out[i]));
	if (n == size && rlen < PRINTK_LINE_MAX) {
		/* Fits: exactly the escaped text (printable text unchanged). */
		FUZZ_CHECK(len == rlen && !memcmp(out, ref, rlen));
	} else {
		/* Cut (too long, or text after a NUL): a prefix of whole
		 * escapes as long as fits, then the marker with its newline. */
		mlen = (size_t)snprintf(marker, sizeof(marker),
					" [cut: the message had %zu bytes]\n", size);
		FUZZ_CHECK(len >= mlen && !memcmp(out + len - mlen, marker, mlen));
		FUZZ_CHECK(!memcmp(out, ref, len - mlen));
		FUZZ_CHECK(len - mlen == rlen || len + 4 > PRINTK_LINE_MAX - 1);
	}
	free(ref);
}

int fuzz_cmdline(const uint8_t *data, size_t size)
{
	static struct cmdline cl;
	static struct e820_table t, before;
	static struct fw_emul fw;
	struct cmdline_param p;
	unsigned long long v;
	uint64_t u, maxmem;
	const char *vals[4];
	bool b;
	size_t idx;
	int n1 = 0, n2 = 0;
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	fuzz_mute_begin();
	cmdline_init(&cl);
	cmdline_parse_len(&cl, (const char *)data, size);
	cmdline_parse(&cl, s);
	FUZZ_CHECK(cl.nparams <= CMDLINE_MAX_PARAMS && cl.text_used <= CMDLINE_TEXT_MAX);
	FUZZ_CHECK(cl.nerrors <= CMDLINE_MAX_ERRORS);
	cmdline_check(&cl, fz_opts, ARRAY_SIZE(fz_opts), count_report, &n1);
	cmdline_check(&cl, fz_opts, ARRAY_SIZE(fz_opts), count_report, &n2);
	FUZZ_CHECK(n1 == n2);
	for (size_t i = 0; cmdline_param_at(&cl, i, &p); i++) {
		FUZZ_CHECK(in_text(&cl, p.key));
		FUZZ_CHECK(!p.value || in_text(&cl, p.value));
	}
	cmdline_get_size(&cl, "memory_block_size", &v);
	cmdline_get_u64(&cl, "hotmem.idle", &u);
	cmdline_get_bool(&cl, "dax.kmem", &b);
	cmdline_get_enum(&cl, "hotmem.exit", fz_enum, &idx);
	FUZZ_CHECK(cmdline_get_all(&cl, "memmap", vals, ARRAY_SIZE(vals)) <= cl.nparams);
	memparse_strict(s, &v);

	/* crashkernel=: every value of the line, and the whole input as one. */
	{
		const char *ck[8], *one = s;
		struct crashkernel_spec spec;
		size_t nck = cmdline_get_all(&cl, "crashkernel", ck, ARRAY_SIZE(ck));
		int r = parse_crashkernel(ck, nck, &spec);

		FUZZ_CHECK(r == 0 || r == -ENOENT || r == -EINVAL);
		FUZZ_CHECK((r == 0) == (spec.size > 0));
		r = parse_crashkernel(&one, 1, &spec);
		FUZZ_CHECK(r == 0 || r == -ENOENT || r == -EINVAL);
		FUZZ_CHECK((r == 0) == (spec.size > 0));
	}

	/* memmap= and mem= on a small map: a rejected value changes nothing. */
	e820__table_reset(&t);
	e820__range_add_table(&t, 0, 0x9fc00, E820_TYPE_RAM);
	e820__range_add_table(&t, 0x100000, 0x1ff00000, E820_TYPE_RAM);
	before = t;
	if (parse_memmap_one(&t, s))
		FUZZ_CHECK(!memcmp(&t, &before, sizeof(t)));
	check_table(&t);
	before = t;
	if (parse_memopt(&t, s, &maxmem))
		FUZZ_CHECK(!memcmp(&t, &before, sizeof(t)));
	check_table(&t);
	parse_memmap_opt(&t, s);
	check_table(&t);
	e820_cmdline_reset();

	fw_emul_init(&fw, &before);
	fw_emul_set_e820(&fw, s);
	check_table(&fw.view);
	fw_emul_clamp_phys(&fw, 36);
	check_table(&fw.view);
	/* An empty entry (memmap=0M@X adds one, as Linux does) covers nothing. */
	for (uint32_t i = 0; i < fw.view.nr_entries; i++)
		FUZZ_CHECK(!fw.view.entries[i].size ||
			   fw.view.entries[i].addr + fw.view.entries[i].size <= 1ull << 36);
	memory_block_size_request(s);
	fw_emul_init(&fw, &before);
	fw_emul_hide(&fw, s, 128ull << 20, NULL, 0);
	FUZZ_CHECK(fw.nr_hidden <= FW_EMUL_MAX_HIDE);
	check_table(&fw.view);
	fuzz_mute_end();
	check_printk(s, size);
	free(s);
	return 0;
}
