/* linediff: the line diff of two texts, and its text in the unified format
 * of GNU diff -u (with a chosen number of context lines).
 *
 * A text is a sequence of lines, each ended by '\n'; a last line without
 * one counts as a line too (the unified text then ends it with '\n'
 * anyway: no "\ No newline at end of file" marker). The diff is a longest
 * common subsequence of lines: lines both texts start or end with are
 * common, and the part between them is compared line by line when it is at
 * most LINEDIFF_MAX_CELLS pairs of lines; a longer middle part is reported
 * as wholly removed and added (still a correct diff, not a minimal one).
 *
 *   --- /proc/iomem
 *   +++ /proc/iomem
 *   @@ -3,2 +3,3 @@
 *    100000000-13fffffff : System RAM
 *   +140000000-147ffffff : System RAM
 *    fd000000-fdffffff : PCI Bus 0000:00
 *
 * Hunk headers follow GNU diff: "@@ -start,count +start,count @@" with
 * 1-based starts, ",count" left out when the count is 1, and for an empty
 * side the number of the line before it. */
#ifndef LIB_LINEDIFF_H
#define LIB_LINEDIFF_H

#include <stddef.h>

struct seq_buf;

#define LINEDIFF_MAX_CELLS (256u * 1024u)

/* One line of the diff: '=' in both texts, '-' only in the old one, '+'
 * only in the new one. line and len: the line without its '\n' (in old for
 * '=' and '-', in new for '+'); old_nr/new_nr: its 0-based number in each
 * text (the number it would have, for the text that lacks it). */
struct linediff_line {
	char kind;
	const char *line;
	size_t len;
	size_t old_nr, new_nr;
};

/* Calls fn for every line of the diff, in order: removed lines before the
 * lines added in their place. A non-zero return of fn stops the walk and is
 * returned; else 0, or -ENOMEM. */
typedef int (*linediff_fn)(void *arg, const struct linediff_line *l);
int linediff_walk(const char *old_text, const char *new_text, linediff_fn fn, void *arg);

/* Appends the unified diff (headers "--- old_label", "+++ new_label", then
 * hunks with `context` lines of context) to out; nothing when the texts
 * have the same lines. Returns the number of lines removed plus added, or
 * -ENOMEM. */
int linediff_unified(struct seq_buf *out, const char *old_label, const char *new_label,
		     const char *old_text, const char *new_text, unsigned int context);

#endif
