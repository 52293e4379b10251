/* Kernel command-line parser (see kernel/cmdline.h for the rules). */
#include "kernel/cmdline.h"

#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/kstrtox.h"
#include "lib/limits.h"
#include "lib/printf.h"
#include "lib/string.h"

_Static_assert(CMDLINE_TEXT_MAX <= UINT16_MAX, "text offsets are 16-bit");

static const char *const error_names[CMDLINE_ERR_COUNT] = {
    [CMDLINE_OK] = "CMDLINE_OK",
    [CMDLINE_ERR_NO_KEY] = "CMDLINE_ERR_NO_KEY",
    [CMDLINE_ERR_UNTERMINATED_QUOTE] = "CMDLINE_ERR_UNTERMINATED_QUOTE",
    [CMDLINE_ERR_TOO_LONG] = "CMDLINE_ERR_TOO_LONG",
    [CMDLINE_ERR_TOO_MANY] = "CMDLINE_ERR_TOO_MANY",
};

/* What cmdline_check() says about each parse error. */
static const char *const error_whys[CMDLINE_ERR_COUNT] = {
    [CMDLINE_OK] = "ok",
    [CMDLINE_ERR_NO_KEY] = "no option name before '=', ignored",
    [CMDLINE_ERR_UNTERMINATED_QUOTE] = "unterminated quote, ignored",
    [CMDLINE_ERR_TOO_LONG] = "command line too long, ignored",
    [CMDLINE_ERR_TOO_MANY] = "too many options, ignored",
};

const char *cmdline_error_name(enum cmdline_error e)
{
	if ((unsigned int)e >= CMDLINE_ERR_COUNT)
		return "CMDLINE_ERR_?";
	return error_names[e];
}

int cmdline_error_errno(enum cmdline_error e)
{
	switch (e) {
	case CMDLINE_OK:
		return 0;
	case CMDLINE_ERR_TOO_LONG:
		return -E2BIG;
	case CMDLINE_ERR_TOO_MANY:
		return -ENOSPC;
	default:
		return -EINVAL;
	}
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool streq_nocase(const char *a, const char *b)
{
	while (*a && ascii_lower(*a) == ascii_lower(*b)) {
		a++;
		b++;
	}
	return ascii_lower(*a) == ascii_lower(*b);
}

bool cmdline_key_eq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char ca = *a == '-' ? '_' : *a;
		char cb = *b == '-' ? '_' : *b;

		if (ca != cb)
			return false;
		if (!ca)
			return true;
	}
}

void cmdline_init(struct cmdline *cl)
{
	memset(cl, 0, sizeof(*cl));
}

/* Records an error about text[0..n) and returns its -errno. */
static int record(struct cmdline *cl, enum cmdline_error code, const char *text, size_t n)
{
	struct cmdline_error_rec *r;

	if (cl->nerrors == CMDLINE_MAX_ERRORS) {
		cl->errors_dropped++;
		return cmdline_error_errno(code);
	}
	r = &cl->errors[cl->nerrors++];
	r->code = code;
	if (n > sizeof(r->text) - 1)
		n = sizeof(r->text) - 1;
	memcpy(r->text, text, n);
	r->text[n] = '\0';
	return cmdline_error_errno(code);
}

static uint16_t store_str(struct cmdline *cl, const char *s, size_t n)
{
	uint16_t off = (uint16_t)cl->text_used;

	memcpy(cl->text + off, s, n);
	cl->text[off + n] = '\0';
	cl->text_used += n + 1;
	return off;
}

/* One word w[0..n), with no unquoted whitespace. `open` says a quote was
 * still open at its end. Follows Linux's next_arg() for the quotes. */
static int add_word(struct cmdline *cl, const char *w, size_t n, bool open)
{
	const char *key, *val = NULL;
	size_t klen, vlen = 0, need;
	bool strip_end = false;

	/* A quote around the whole word: "key=a b". */
	if (n && w[0] == '"') {
		w++;
		n--;
		strip_end = true;
	}
	key = w;
	klen = n;
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '=') {
			klen = i;
			val = w + i + 1;
			vlen = n - i - 1;
			break;
		}
	}
	/* A quote around the value: key="a b". */
	if (val && vlen && val[0] == '"') {
		val++;
		vlen--;
		strip_end = true;
	}
	if (open)
		return record(cl, CMDLINE_ERR_UNTERMINATED_QUOTE, w, klen ? klen : n);
	if (strip_end) {
		/* The closing quote ends the word, i.e. the value or the key. */
		if (val && vlen && val[vlen - 1] == '"')
			vlen--;
		else if (!val && klen && key[klen - 1] == '"')
			klen--;
	}
	if (klen == 0)
		return record(cl, CMDLINE_ERR_NO_KEY, w, n);
	if (cl->nparams == CMDLINE_MAX_PARAMS)
		return record(cl, CMDLINE_ERR_TOO_MANY, key, klen);
	need = klen + 1 + (val ? vlen + 1 : 0);
	if (need > CMDLINE_TEXT_MAX - cl->text_used)
		return record(cl, CMDLINE_ERR_TOO_LONG, key, klen);

	cl->params[cl->nparams].key = store_str(cl, key, klen);
	cl->params[cl->nparams].has_value = val != NULL;
	cl->params[cl->nparams].value = val ? store_str(cl, val, vlen) : 0;
	cl->params[cl->nparams].state = CMDLINE_ACTIVE;
	cl->nparams++;
	return 0;
}

int cmdline_parse_len(struct cmdline *cl, const char *text, size_t len)
{
	size_t i = 0;
	int ret = 0;

	if (!text)
		return 0;
	for (;;) {
		size_t start;
		bool in_quote = false;
		int err;

		while (i < len && text[i] && is_space(text[i]))
			i++;
		if (i == len || !text[i])
			break;
		start = i;
		for (; i < len && text[i]; i++) {
			if (text[i] == '"')
				in_quote = !in_quote;
			else if (!in_quote && is_space(text[i]))
				break;
		}
		err = add_word(cl, text + start, i - start, in_quote);
		if (err && !ret)
			ret = err;
	}
	return ret;
}

int cmdline_parse(struct cmdline *cl, const char *text)
{
	return cmdline_parse_len(cl, text, text ? strlen(text) : 0);
}

static const char *key_of(const struct cmdline *cl, size_t i)
{
	return cl->text + cl->params[i].key;
}

static const char *value_of(const struct cmdline *cl, size_t i)
{
	return cl->params[i].has_value ? cl->text + cl->params[i].value : NULL;
}

/* Index of the last non-ignored occurrence of key, or -1. */
static long find_last(const struct cmdline *cl, const char *key)
{
	for (size_t i = cl->nparams; i-- > 0;)
		if (cl->params[i].state != CMDLINE_IGNORED && cmdline_key_eq(key_of(cl, i), key))
			return (long)i;
	return -1;
}

const char *cmdline_get(const struct cmdline *cl, const char *key)
{
	long i = find_last(cl, key);
	const char *v;

	if (i < 0)
		return NULL;
	v = value_of(cl, (size_t)i);
	return v ? v : "";
}

bool cmdline_has(const struct cmdline *cl, const char *key)
{
	return find_last(cl, key) >= 0;
}

size_t cmdline_get_all(const struct cmdline *cl, const char *key, const char **vals, size_t max)
{
	size_t found = 0;

	for (size_t i = 0; i < cl->nparams; i++) {
		const char *v;

		if (cl->params[i].state == CMDLINE_IGNORED || !cmdline_key_eq(key_of(cl, i), key))
			continue;
		v = value_of(cl, i);
		if (found < max)
			vals[found] = v ? v : "";
		found++;
	}
	return found;
}

size_t cmdline_count(const struct cmdline *cl)
{
	return cl->nparams;
}

bool cmdline_param_at(const struct cmdline *cl, size_t i, struct cmdline_param *out)
{
	if (i >= cl->nparams)
		return false;
	out->key = key_of(cl, i);
	out->value = value_of(cl, i);
	out->state = (enum cmdline_state)cl->params[i].state;
	return true;
}

/* ---- numbers ---- */

unsigned long long memparse_ovf(const char *s, char **endp, int *overflow)
{
	static const char units[] = "kmgtpe";
	char *end;
	int ovf;
	unsigned long long v = simple_strtoull_ovf(s, &end, 0, &ovf);
	const char *u = *end ? strchr(units, ascii_lower(*end)) : NULL;

	/* Like Linux, the suffix is taken even after zero digits ("K" is 0);
	 * memparse_strict() is the one that insists on digits. */
	if (u) {
		unsigned int shift = 10 * (unsigned int)(u - units + 1);

		if (v > (ULLONG_MAX >> shift)) {
			ovf = 1;
			v = ULLONG_MAX;
		} else {
			v <<= shift;
		}
		end++;
	}
	if (endp)
		*endp = end;
	if (overflow)
		*overflow = ovf;
	return v;
}

unsigned long long memparse(const char *s, char **endp)
{
	return memparse_ovf(s, endp, NULL);
}

int memparse_strict(const char *s, unsigned long long *out)
{
	char *digits_end, *end;
	unsigned long long v;
	int ovf;

	simple_strtoull(s, &digits_end, 0);
	if (digits_end == s)
		return -EINVAL;
	v = memparse_ovf(s, &end, &ovf);
	/* Overflow first, as kstrtoull() does. */
	if (ovf)
		return -ERANGE;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = {"1", "y", "yes", "on", "true"};
	static const char *const no[] = {"0", "n", "no", "off", "false"};

	/* A bare flag means "on", as for Linux's bool module parameters. */
	if (!v) {
		*out = true;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (streq_nocase(v, yes[i])) {
			*out = true;
			return 0;
		}
		if (streq_nocase(v, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

static int enum_index(const char *v, const char *const *values, size_t *index)
{
	for (size_t i = 0; values && values[i]; i++) {
		if (strcmp(v, values[i]) == 0) {
			*index = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* The last non-ignored occurrence's value for the typed getters: 0 with
 * *v (NULL for a bare flag), or -ENOENT. */
static int last_value(const struct cmdline *cl, const char *key, const char **v)
{
	long i = find_last(cl, key);

	if (i < 0)
		return -ENOENT;
	*v = value_of(cl, (size_t)i);
	return 0;
}

int cmdline_get_size(const struct cmdline *cl, const char *key, unsigned long long *out)
{
	const char *v;
	int err = last_value(cl, key, &v);

	if (err)
		return err;
	return v ? memparse_strict(v, out) : -EINVAL;
}

int cmdline_get_u64(const struct cmdline *cl, const char *key, uint64_t *out)
{
	unsigned long long x;
	const char *v;
	int err = last_value(cl, key, &v);

	if (err)
		return err;
	if (!v)
		return -EINVAL;
	err = kstrtoull(v, 0, &x);
	if (err)
		return err;
	*out = x;
	return 0;
}

int cmdline_get_bool(const struct cmdline *cl, const char *key, bool *out)
{
	const char *v;
	int err = last_value(cl, key, &v);

	if (err)
		return err;
	return parse_bool(v, out);
}

int cmdline_get_enum(const struct cmdline *cl, const char *key, const char *const *values,
		     size_t *index)
{
	const char *v;
	int err = last_value(cl, key, &v);

	if (err)
		return err;
	return v ? enum_index(v, values, index) : -EINVAL;
}

/* ---- checking ---- */

static const struct cmdline_opt *find_opt(const struct cmdline_opt *known, size_t n,
					  const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (known[i].key && cmdline_key_eq(known[i].key, key))
			return &known[i];
	return NULL;
}

/* NULL if value v (NULL: bare) suits opt, else the reason. */
static const char *type_check(const struct cmdline_opt *opt, const char *v)
{
	unsigned long long x;
	size_t idx;
	bool b;

	if (opt->type == OPT_FLAG)
		return v ? "takes no value" : NULL;
	if (!v && opt->type != OPT_BOOL)
		return "needs a value";
	switch (opt->type) {
	case OPT_SIZE:
		switch (memparse_strict(v, &x)) {
		case 0:
			break;
		case -ERANGE:
			return "size overflows";
		default:
			return "invalid size";
		}
		break;
	case OPT_U64:
	case OPT_U32:
		switch (kstrtoull(v, 0, &x)) {
		case 0:
			break;
		case -ERANGE:
			return "number overflows";
		default:
			return "invalid number";
		}
		/* A count read into 32 bits must not wrap to a small one. */
		if (opt->type == OPT_U32 && x > UINT32_MAX)
			return "number out of range (at most 4294967295)";
		break;
	case OPT_BOOL:
		if (parse_bool(v, &b))
			return "invalid boolean";
		break;
	case OPT_ENUM:
		if (enum_index(v, opt->enum_values, &idx))
			return "invalid value";
		break;
	default:
		break;
	}
	return opt->validate ? opt->validate(v) : NULL;
}

int cmdline_check(struct cmdline *cl, const struct cmdline_opt *known, size_t n,
		  void (*report)(const char *key, const char *why, void *ctx), void *ctx)
{
	char why[160];
	int count = 0;

	for (size_t i = 0; i < cl->nerrors; i++, count++)
		if (report)
			report(cl->errors[i].text, error_whys[cl->errors[i].code], ctx);
	if (cl->errors_dropped) {
		if (report) {
			/* No option is concerned: key NULL, so the report
			 * does not name a "cmdline" option that does not exist. */
			snprintf(why, sizeof(why), "%zu more malformed words not shown",
				 cl->errors_dropped);
			report(NULL, why, ctx);
		}
		count++;
	}

	for (size_t i = 0; i < cl->nparams; i++)
		cl->params[i].state = CMDLINE_ACTIVE;
	for (size_t i = 0; i < cl->nparams; i++) {
		const struct cmdline_opt *opt = find_opt(known, n, key_of(cl, i));
		const char *v = value_of(cl, i);
		const char *bad;

		if (!opt) {
			bad = "unknown option";
			v = NULL; /* the value says nothing about why */
		} else {
			bad = type_check(opt, v);
		}
		if (!bad)
			continue;
		cl->params[i].state = CMDLINE_IGNORED;
		count++;
		if (report) {
			if (v)
				snprintf(why, sizeof(why), "%s: \"%s\"", bad, v);
			else
				snprintf(why, sizeof(why), "%s", bad);
			report(key_of(cl, i), why, ctx);
		}
	}

	/* Last wins: an active occurrence followed by another is overridden. */
	for (size_t i = 0; i < cl->nparams; i++) {
		const struct cmdline_opt *opt;

		if (cl->params[i].state != CMDLINE_ACTIVE)
			continue;
		opt = find_opt(known, n, key_of(cl, i));
		if (!opt || opt->accumulate)
			continue;
		for (size_t j = i + 1; j < cl->nparams; j++) {
			if (cl->params[j].state == CMDLINE_ACTIVE &&
			    cmdline_key_eq(key_of(cl, i), key_of(cl, j))) {
				cl->params[i].state = CMDLINE_OVERRIDDEN;
				break;
			}
		}
	}
	return count;
}
