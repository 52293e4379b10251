/* ktest runner: walks the suites registered in the "ktest_suites" section,
 * runs the cases the selftest= filter selects and prints KTAP version 1.
 * Pure C: the kernel and the host test binary share it. */
#include "kernel/ktest.h"

#include "kernel/ktap.h"
#include "kernel/screen.h"
#include "lib/printf.h"
#include "lib/string.h"

/* The linker provides these for the section named by KTEST_SUITE(). */
extern const struct ktest_suite *const __start_ktest_suites[];
extern const struct ktest_suite *const __stop_ktest_suites[];

void (*ktest_write)(const char *s);
struct ktest *ktest_current;

/* ktest_write is set at run time, so the writer reads it at each line. */
static void kt_write(const char *s)
{
	ktest_write(s);
}

static const struct ktap kt = {kt_write};

bool ktest_glob_match(const char *p, const char *s)
{
	/* Iterative glob with one backtrack point: enough for '*' and '?'. */
	const char *star_p = NULL, *star_s = NULL;

	while (*s) {
		if (*p == '*') {
			star_p = ++p;
			star_s = s;
		} else if (*p == '?' || *p == *s) {
			p++;
			s++;
		} else if (star_p) {
			p = star_p;
			s = ++star_s;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

bool ktest_filter_match(const char *filter, const char *suite, const char *tcase)
{
	char full[160], glob[160];
	const char *p = filter;

	if (!filter || !*filter || strcmp(filter, "all") == 0)
		return true;
	if (strcmp(filter, "none") == 0)
		return false;
	snprintf(full, sizeof(full), "%s.%s", suite, tcase);
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len > 0 && len < sizeof(glob)) {
			memcpy(glob, p, len);
			glob[len] = '\0';
			if (strchr(glob, '.') ? ktest_glob_match(glob, full)
					      : ktest_glob_match(glob, suite))
				return true;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	return false;
}

bool ktest_filter_names_suite(const char *filter, const char *suite)
{
	size_t n = strlen(suite);

	for (const char *p = filter; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len >= n && !strncmp(p, suite, n) && (len == n || p[n] == '.'))
			return true;
		p = comma ? comma + 1 : NULL;
	}
	return false;
}

static bool selected(const char *filter, const struct ktest_suite *s, const char *tcase)
{
	if (s->on_request && (!filter || !ktest_filter_names_suite(filter, s->name)))
		return false;
	return ktest_filter_match(filter, s->name, tcase);
}

void ktest_info(struct ktest *t, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	(void)t;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ktap_diag(&kt, 1, "%s", buf);
}

void ktest_mark_skip(struct ktest *t, const char *fmt, ...)
{
	va_list ap;

	/* A failure recorded before the skip still counts: never hide it. */
	if (t->status == KTEST_FAIL)
		return;
	t->status = KTEST_SKIP;
	va_start(ap, fmt);
	vsnprintf(t->skip_reason, sizeof(t->skip_reason), fmt, ap);
	va_end(ap);
	/* KTAP descriptions and directives may not contain '#'. */
	for (char *c = t->skip_reason; *c; c++)
		if (*c == '#' || *c == '\n')
			*c = ' ';
}

/* The first diagnostic of the current case, for the screen's summary. */
static char first_diag[160];

void ktest_fail_at(struct ktest *t, const char *file, int line, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	char *p, *nl;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (t->status != KTEST_FAIL) {
		nl = strchr(buf, '\n');
		snprintf(first_diag, sizeof(first_diag), "%s:%d: %.*s", file, line,
			 nl ? (int)(nl - buf) : (int)strlen(buf), buf);
	}
	t->status = KTEST_FAIL;
	ktap_diag(&kt, 1, "%s: EXPECTATION FAILED at %s:%d", t->tcase->name, file, line);
	/* Values may span lines (rendered files): keep every line a KTAP
	 * diagnostic so a parser never mistakes one for a result. */
	for (p = buf;; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		ktap_diag(&kt, 1, "%s", p);
		if (!nl || !nl[1])
			break;
	}
}

bool ktest__streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool ktest__memeq(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n) == 0;
}

void ktest__fail_str(struct ktest *t, const char *file, int line, const char *ea, const char *eb,
		     const char *a, const char *b, bool want_equal)
{
	ktest_fail_at(t, file, line, "Expected %s %s %s, but %s == \"%s\", %s == \"%s\"", ea,
		      want_equal ? "==" : "!=", eb, ea, a ? a : "(null)", eb, b ? b : "(null)");
}

void ktest__fail_mem(struct ktest *t, const char *file, int line, const char *ea, const char *eb,
		     const void *a, const void *b, size_t n)
{
	const unsigned char *pa = a, *pb = b;
	size_t i = 0;

	while (i < n && pa[i] == pb[i])
		i++;
	ktest_fail_at(
	    t, file, line,
	    "Expected %s == %s (%zu bytes), first difference at byte %zu: 0x%02x != 0x%02x", ea, eb,
	    n, i, pa[i], pb[i]);
}

static size_t count_selected(const struct ktest_suite *s, const char *filter)
{
	size_t n = 0;

	for (const struct ktest_case *c = s->cases; c && c->name; c++)
		if (selected(filter, s, c->name))
			n++;
	return n;
}

size_t ktest_count_selected(const char *filter)
{
	const struct ktest_suite *const *sp;
	size_t n = 0;

	for (sp = __start_ktest_suites; sp < __stop_ktest_suites; sp++)
		n += count_selected(*sp, filter);
	return n;
}

enum ktest_verdict ktest_run_all(const char *filter)
{
	const struct ktest_suite *const *sp;
	size_t nsuites = 0, suite_no = 0, total_run = 0, total_skip = 0;
	bool any_fail = false;

	for (sp = __start_ktest_suites; sp < __stop_ktest_suites; sp++)
		if (count_selected(*sp, filter))
			nsuites++;
	ktap_begin(&kt, 0, nsuites);
	/* A typo in selftest= must not look like a deliberate "none". */
	if (!nsuites && strcmp(filter, "none") != 0) {
		char line[160];

		snprintf(line, sizeof(line), "# selftest: '%.100s' matches no suite\n", filter);
		ktest_write(line);
	}

	for (sp = __start_ktest_suites; sp < __stop_ktest_suites; sp++) {
		const struct ktest_suite *s = *sp;
		size_t ncases = count_selected(s, filter), no = 0;
		size_t pass = 0, fail = 0, skip = 0;

		if (!ncases)
			continue;
		suite_no++;
		ktap_subtest_begin(&kt, 1, s->name, ncases);
		screen_suite_begin(s->name, ncases);
		for (const struct ktest_case *c = s->cases; c->name; c++) {
			struct ktest t;

			if (!selected(filter, s, c->name))
				continue;
			no++;
			memset(&t, 0, sizeof(t));
			t.suite = s;
			t.tcase = c;
			t.status = KTEST_PASS;
			first_diag[0] = '\0';
			ktest_current = &t;
			if (s->init && s->init(&t) != 0) {
				/* An init that cannot run on this machine says why
				 * (ktest_mark_skip) and the case is skipped. */
				if (t.status != KTEST_SKIP)
					ktest_fail_at(&t, __FILE__, __LINE__, "suite init failed");
			} else {
				c->run(&t);
				if (s->exit)
					s->exit(&t);
			}
			ktest_current = NULL;
			if (t.status == KTEST_PASS)
				pass++;
			else if (t.status == KTEST_FAIL)
				fail++;
			else
				skip++;
			ktap_result(&kt, 1, t.status != KTEST_FAIL, no, c->name,
				    t.status == KTEST_SKIP ? t.skip_reason : NULL);
			if (t.status == KTEST_FAIL)
				screen_case_failed(s->name, c->name, first_diag);
		}
		ktap_subtest_end(&kt, 1, suite_no, s->name, pass, fail, skip);
		screen_suite_end(s->name, pass, fail, skip);
		total_run += ncases;
		total_skip += skip;
		any_fail |= fail != 0;
	}
	if (any_fail)
		return KTEST_VERDICT_FAIL;
	if (total_run == total_skip)
		return KTEST_VERDICT_SKIP;
	return KTEST_VERDICT_PASS;
}
