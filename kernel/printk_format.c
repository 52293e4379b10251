/* printk's message safety (kernel/printk_format.h). */
#include "kernel/printk_format.h"

#include "kernel/printk.h"
#include "lib/printf.h"
#include "lib/string.h"

static int needs_escape(unsigned char c)
{
	return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
}

size_t printk_escape(char *out, const char *text, size_t n, size_t total)
{
	static const char hex[] = "0123456789abcdef";
	char marker[64];
	size_t len = 0, full = 0, budget = PRINTK_LINE_MAX - 1, i, mlen = 0;

	for (i = 0; i < n; i++)
		full += needs_escape((unsigned char)text[i]) ? 4 : 1;
	if (total > n || full > budget) {
		mlen =
		    (size_t)snprintf(marker, sizeof(marker), " [cut: the message had %zu bytes]\n",
				     total > n ? total : n);
		budget -= mlen;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (!needs_escape(c)) {
			if (len + 1 > budget)
				break;
			out[len++] = (char)c;
			continue;
		}
		if (len + 4 > budget)
			break;
		out[len++] = '\\';
		out[len++] = 'x';
		out[len++] = hex[c >> 4];
		out[len++] = hex[c & 15];
	}
	memcpy(out + len, marker, mlen);
	len += mlen;
	out[len] = '\0';
	return len;
}

int printk_format(char *out, size_t *len, const char *fmt, va_list ap)
{
	char buf[PRINTK_LINE_MAX];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	const char *text = buf;
	int level = printk_get_level(&text);
	size_t kept, total, skip = (size_t)(text - buf);

	if (n < 0)
		n = 0;
	kept = strlen(text);
	total = (size_t)n - skip;
	*len = printk_escape(out, text, kept, total);
	return level;
}
