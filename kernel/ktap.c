/* KTAP version 1 lines (kernel/ktap.h). */
#include "kernel/ktap.h"

#include <stdarg.h>

#include "lib/seq_buf.h"

/* Longer lines are cut (without their newline): ktest's diagnostics quote
 * whole values, and a line must stay one write. */
#define KTAP_LINE_MAX 640

static void ktap_vline(const struct ktap *k, int depth, const char *fmt, va_list ap)
{
	char line[KTAP_LINE_MAX];
	struct seq_buf s;

	seq_buf_init(&s, line, sizeof(line));
	seq_buf_printf(&s, "%*s", depth * 2, "");
	seq_buf_vprintf(&s, fmt, ap);
	seq_buf_putc(&s, '\n');
	k->write(line);
}

static void ktap_line(const struct ktap *k, int depth, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void ktap_line(const struct ktap *k, int depth, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktap_vline(k, depth, fmt, ap);
	va_end(ap);
}

void ktap_begin(const struct ktap *k, int depth, size_t n)
{
	ktap_line(k, depth, "KTAP version 1");
	ktap_line(k, depth, "1..%zu", n);
}

void ktap_subtest_begin(const struct ktap *k, int depth, const char *name, size_t n)
{
	ktap_line(k, depth, "KTAP version 1");
	ktap_line(k, depth, "# Subtest: %s", name);
	ktap_line(k, depth, "1..%zu", n);
}

void ktap_result(const struct ktap *k, int depth, bool ok, size_t n, const char *name,
		 const char *skip)
{
	if (!skip)
		ktap_line(k, depth, "%s %zu %s", ok ? "ok" : "not ok", n, name);
	else
		ktap_line(k, depth, "%s %zu %s # SKIP%s%s", ok ? "ok" : "not ok", n, name,
			  *skip ? " " : "", skip);
}

void ktap_diag(const struct ktap *k, int depth, const char *fmt, ...)
{
	char text[KTAP_LINE_MAX];
	va_list ap;
	struct seq_buf s;

	seq_buf_init(&s, text, sizeof(text));
	va_start(ap, fmt);
	seq_buf_vprintf(&s, fmt, ap);
	va_end(ap);
	ktap_line(k, depth, "# %s", text);
}

void ktap_subtest_end(const struct ktap *k, int depth, size_t n, const char *name, size_t pass,
		      size_t fail, size_t skip)
{
	size_t total = pass + fail + skip;

	ktap_line(k, depth, "# %s: pass:%zu fail:%zu skip:%zu total:%zu", name, pass, fail, skip,
		  total);
	ktap_result(k, depth - 1, !fail, n, name, !fail && skip == total ? "" : NULL);
}
