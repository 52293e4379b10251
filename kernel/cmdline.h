/* Kernel command-line parser.
 *
 * Syntax (Linux's, kernel/params.c):
 *   - words are separated by ASCII whitespace; a word is `key=value` (split
 *     at the first '=') or a bare flag `key`;
 *   - double quotes group whitespace into one word: key="a b" gives "a b";
 *     a quote opening the value or the whole word ("key=a b") is removed
 *     together with a quote ending the word; other quotes stay literally;
 *   - keys are compared with '-' and '_' equal, as Linux does
 *     (memhp-default-state == memhp_default_state); dots are ordinary
 *     characters (hotmem.exit=halt).
 * Deviations, all reported as named errors and the word dropped: a word with
 * an empty key (=value, ""), a word with an unterminated quote (Linux would
 * swallow the rest of the line into it), a word that does not fit.
 *
 * Repeats: every occurrence is stored in order. Getters return the last one
 * (last wins); cmdline_get_all() returns all of them, which is what
 * accumulating options such as memmap= use. cmdline_parse() APPENDS, so the
 * QEMU fw_cfg string parsed after the loader's line overrides it.
 *
 * Checking: cmdline_check() compares the options with the kernel's table,
 * reports each unknown or malformed one by name, and marks it ignored so
 * that the getters skip it: an earlier valid occurrence, if any, takes
 * effect, as if the bad word had never been typed. It also marks earlier
 * occurrences of non-accumulating options as overridden, so iterating over
 * the active parameters lists exactly the effective command line.
 *
 * Everything has fixed capacity (no allocator at boot): CMDLINE_MAX_PARAMS
 * words and CMDLINE_TEXT_MAX bytes of keys and values. What does not fit is
 * dropped with a named error, never written out of bounds. The struct holds
 * offsets, not pointers, so it may be copied. */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CMDLINE_MAX_PARAMS 64
/* Keys and values with their NULs: Linux's x86 COMMAND_LINE_SIZE is 2048,
 * and we hold the loader's line plus the fw_cfg one. */
#define CMDLINE_TEXT_MAX   4096
#define CMDLINE_MAX_ERRORS 8
#define CMDLINE_ERR_TEXT   32 /* bytes of the offending word kept per error */

enum cmdline_error {
	CMDLINE_OK = 0,
	CMDLINE_ERR_NO_KEY,		/* "=value" or "": -EINVAL */
	CMDLINE_ERR_UNTERMINATED_QUOTE, /* odd number of '"' in a word: -EINVAL */
	CMDLINE_ERR_TOO_LONG,		/* word does not fit in the text buffer: -E2BIG */
	CMDLINE_ERR_TOO_MANY,		/* more than CMDLINE_MAX_PARAMS words: -ENOSPC */
	CMDLINE_ERR_COUNT,
};

enum cmdline_state {
	CMDLINE_ACTIVE = 0,
	CMDLINE_OVERRIDDEN, /* a later occurrence of a non-accumulating option */
	CMDLINE_IGNORED,    /* unknown or malformed (cmdline_check): getters skip it */
};

struct cmdline_error_rec {
	enum cmdline_error code;
	char text[CMDLINE_ERR_TEXT]; /* the key (or word) concerned, truncated */
};

struct cmdline {
	size_t nparams;
	size_t text_used;
	struct {
		uint16_t key;	/* offset in text[] */
		uint16_t value; /* offset in text[], valid if has_value */
		uint8_t has_value;
		uint8_t state; /* enum cmdline_state */
	} params[CMDLINE_MAX_PARAMS];
	size_t nerrors;	       /* kept in errors[] */
	size_t errors_dropped; /* recorded after errors[] was full */
	struct cmdline_error_rec errors[CMDLINE_MAX_ERRORS];
	char text[CMDLINE_TEXT_MAX];
};

/* One parameter as seen by iteration. */
struct cmdline_param {
	const char *key;
	const char *value; /* NULL for a bare flag, "" for "key=" */
	enum cmdline_state state;
};

/* Empties cl. A zero-filled struct cmdline is empty too. */
void cmdline_init(struct cmdline *cl);

/* Appends the words of `text` (NUL-terminated). Returns 0, or the -errno of
 * the first error in this text; the words that parsed are kept either way. */
int cmdline_parse(struct cmdline *cl, const char *text);
/* Same for a buffer that need not be terminated: stops at len or a NUL. */
int cmdline_parse_len(struct cmdline *cl, const char *text, size_t len);

/* Value of the last non-ignored occurrence of key: "" for a bare flag,
 * NULL when absent. */
const char *cmdline_get(const struct cmdline *cl, const char *key);
bool cmdline_has(const struct cmdline *cl, const char *key);
/* Stores up to max values of key (every non-ignored occurrence, in order; ""
 * for a bare flag) and returns how many occurrences there are, which may be
 * more than max. */
size_t cmdline_get_all(const struct cmdline *cl, const char *key, const char **vals, size_t max);

/* Iteration: for (i = 0; cmdline_param_at(cl, i, &p); i++). */
size_t cmdline_count(const struct cmdline *cl);
bool cmdline_param_at(const struct cmdline *cl, size_t i, struct cmdline_param *out);

/* Typed getters on the last non-ignored occurrence. All return 0, -ENOENT
 * (absent) or -EINVAL (malformed, including a bare flag or an empty value
 * where a value is needed); the number ones also -ERANGE (overflow). *out is
 * only written on success. */
int cmdline_get_size(const struct cmdline *cl, const char *key, unsigned long long *out);
int cmdline_get_u64(const struct cmdline *cl, const char *key, uint64_t *out);
/* 1/0, y/n, yes/no, on/off, true/false in any case; a bare flag is true.
 * (Stricter than Linux's kstrtobool, which only looks at the first
 * letters, so that a typo is reported rather than read as a choice.) */
int cmdline_get_bool(const struct cmdline *cl, const char *key, bool *out);
/* Index of the value in the NULL-terminated list `values` (exact match). */
int cmdline_get_enum(const struct cmdline *cl, const char *key, const char *const *values,
		     size_t *index);

/* Linux's memparse(): a number in base 0 (0x hex, leading 0 octal, else
 * decimal) optionally followed by one of K M G T P E (either case), each a
 * factor of 1024. *endp (if endp) points after what was parsed. Unlike
 * Linux, overflow saturates at ULLONG_MAX instead of wrapping; use
 * memparse_ovf() to detect it. */
unsigned long long memparse(const char *s, char **endp);
unsigned long long memparse_ovf(const char *s, char **endp, int *overflow);
/* The whole string must be a size: 0, -EINVAL (no digits, trailing junk) or
 * -ERANGE (the number or the suffix shift overflows 64 bits). */
int memparse_strict(const char *s, unsigned long long *out);

/* Key comparison used everywhere: exact, except '-' equals '_'. */
bool cmdline_key_eq(const char *a, const char *b);

/* "CMDLINE_ERR_TOO_MANY", ...; "CMDLINE_ERR_?" for values out of range. */
const char *cmdline_error_name(enum cmdline_error e);
int cmdline_error_errno(enum cmdline_error e);

/* ---- checking against the kernel's table of known options ---- */

enum cmdline_opt_type {
	OPT_FLAG,   /* bare only: "nokaslr" */
	OPT_STRING, /* needs "=", any value (empty too) */
	OPT_SIZE,   /* memparse_strict() */
	OPT_U64,    /* kstrtoull() base 0 */
	OPT_U32,    /* the same, at most UINT32_MAX (counts, seconds) */
	OPT_BOOL,   /* as cmdline_get_bool(); bare means true */
	OPT_ENUM,   /* one of enum_values */
};

struct cmdline_opt {
	const char *key;
	enum cmdline_opt_type type;
	const char *const *enum_values; /* OPT_ENUM: NULL-terminated */
	bool accumulate;		/* every occurrence counts (memmap=) */
	/* Optional check after the type check, for option-specific syntax
	 * (fw.e820 lists, ...): NULL if the value is fine, else the reason.
	 * value is NULL for a bare OPT_FLAG or OPT_BOOL. */
	const char *(*validate)(const char *value);
};

/* Reports (if report is non-NULL) every parse error kept in cl, then every
 * unknown option and every value failing its type or validate check, with
 * the key and a reason such as `invalid size: "12Q"` (key NULL for the one
 * summary of parse errors that did not fit in errors[]). Marks the unknown and
 * malformed parameters CMDLINE_IGNORED and the earlier occurrences of
 * non-accumulating options CMDLINE_OVERRIDDEN (states are recomputed on every
 * call, so calling it twice reports the same). Returns the number of reports. */
int cmdline_check(struct cmdline *cl, const struct cmdline_opt *known, size_t n,
		  void (*report)(const char *key, const char *why, void *ctx), void *ctx);

#endif
