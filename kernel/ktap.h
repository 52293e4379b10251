/* KTAP version 1 writer (docs/ktap.md): the one place that knows the line
 * formats, shared by the self-test runner (kernel/ktest.c) and the event
 * documents (kernel/hotplug_events.c).
 *
 * depth is the nesting level of a line: 0 for the top-level document, 1 for
 * a subtest's lines; each level indents two spaces. A subtest at depth d is
 * opened by ktap_subtest_begin(d, ...) and closed by ktap_subtest_end(d, ...),
 * which prints its statistics at d and its result line at d - 1.
 *
 *   KTAP version 1                    ktap_begin(k, 0, 1)
 *   1..1
 *     KTAP version 1                  ktap_subtest_begin(k, 1, "printf", 2)
 *     # Subtest: printf
 *     1..2
 *     ok 1 formats_decimal            ktap_result(k, 1, true, 1, "formats_decimal", NULL)
 *     ok 2 hex # SKIP no FPU          ktap_result(k, 1, true, 2, "hex", "no FPU")
 *     # printf: pass:1 fail:0 skip:1 total:2
 *   ok 1 printf                       ktap_subtest_end(k, 1, 1, "printf", 1, 0, 1)
 */
#ifndef KERNEL_KTAP_H
#define KERNEL_KTAP_H

#include <stdbool.h>
#include <stddef.h>

/* Where the lines go: whole lines (or several), NUL-terminated. */
struct ktap {
	void (*write)(const char *s);
};

/* "KTAP version 1" and the plan "1..n". */
void ktap_begin(const struct ktap *k, int depth, size_t n);
/* "KTAP version 1", "# Subtest: <name>", "1..n". */
void ktap_subtest_begin(const struct ktap *k, int depth, const char *name, size_t n);
/* "ok <n> <name>" or "not ok <n> <name>"; with skip (the reason, may be "")
 * "ok <n> <name> # SKIP <reason>" ("... # SKIP" for an empty reason). */
void ktap_result(const struct ktap *k, int depth, bool ok, size_t n, const char *name,
		 const char *skip);
/* A diagnostic line "# <text>" (the text is cut at a line's length). */
void ktap_diag(const struct ktap *k, int depth, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "# <name>: pass:P fail:F skip:S total:T" at depth, then the subtest's
 * result at depth - 1: "not ok" with any failure, "ok ... # SKIP" when every
 * case skipped, else "ok". */
void ktap_subtest_end(const struct ktap *k, int depth, size_t n, const char *name, size_t pass,
		      size_t fail, size_t skip);

#endif
