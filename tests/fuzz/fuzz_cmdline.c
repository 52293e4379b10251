/* The command-line parsers: the word parser and the option checker
 * (kernel/cmdline.c), the typed getters, and the value parsers behind the
 * memory options (mem=, memmap=, fw.e820=, fw.hide=). Invariants: nothing
 * written past the fixed capacities, every key and value a NUL-terminated
 * string inside the text buffer, a rejected memmap=/mem= item changes
 * nothing, and checking twice gives the same verdicts. */
#include <stdlib.h>
#include <string.h>

#include "kernel/cmdline.h"
#include "lib/kernel.h"
#include "mm/e820.h"
#include "mm/e820_cmdline.h"
#include "mm/fw_emul.h"
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
	fw_emul_init(&fw, &before);
	fw_emul_hide(&fw, s, 128ull << 20, NULL, 0);
	FUZZ_CHECK(fw.nr_hidden <= FW_EMUL_MAX_HIDE);
	check_table(&fw.view);
	fuzz_mute_end();
	free(s);
	return 0;
}
