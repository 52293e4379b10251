/* seq_buf: a bounded text buffer that is appended to, in the spirit of Linux's
 * include/linux/seq_buf.h. Every pseudo-file text and every snprintf-style
 * render function of hotmem is built with it.
 *
 * Never writes past size; the text is always NUL-terminated when size > 0.
 * What does not fit is cut off (like snprintf) and the buffer remembers the
 * overflow; it also keeps counting the full length the text wanted, so a
 * caller can size a new buffer from it (seq_buf_wanted() + 1).
 *
 *   char text[64];
 *   struct seq_buf s;
 *
 *   seq_buf_init(&s, text, sizeof(text));
 *   seq_buf_printf(&s, "%llx\n", start);
 *   if (seq_buf_has_overflowed(&s)) ... */
#ifndef LIB_SEQ_BUF_H
#define LIB_SEQ_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct seq_buf {
	char *buffer;
	size_t size;
	/* Full length of everything appended; above size - 1 once overflowed
	 * (the stored text then stops at size - 1). */
	size_t len;
};

/* Starts an empty text in buf (buf[0] = '\0' when size > 0). buf may be
 * NULL when size is 0: then only the length is counted. */
void seq_buf_init(struct seq_buf *s, char *buf, size_t size);
/* Empties the text again. */
void seq_buf_clear(struct seq_buf *s);

void seq_buf_printf(struct seq_buf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void seq_buf_vprintf(struct seq_buf *s, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
void seq_buf_puts(struct seq_buf *s, const char *str);
void seq_buf_putc(struct seq_buf *s, char c);

/* For a function with snprintf's convention (text into buf/size, returns the
 * full length): seq_buf_get_buf() gives the free room (NULL and 0 when there
 * is none), seq_buf_commit() adds the length that function returned
 * (negative values are ignored). */
size_t seq_buf_get_buf(struct seq_buf *s, char **bufp);
void seq_buf_commit(struct seq_buf *s, int len);

/* True once something did not fit. */
static inline bool seq_buf_has_overflowed(const struct seq_buf *s)
{
	return s->size ? s->len >= s->size : s->len > 0;
}

/* Bytes of text stored (at most size - 1). */
static inline size_t seq_buf_used(const struct seq_buf *s)
{
	if (!seq_buf_has_overflowed(s))
		return s->len;
	return s->size ? s->size - 1 : 0;
}

/* The full length wanted, stored or not (snprintf's return value). */
static inline size_t seq_buf_wanted(const struct seq_buf *s)
{
	return s->len;
}

/* The text ("" for a zero-size buffer). */
static inline const char *seq_buf_str(const struct seq_buf *s)
{
	return s->size ? s->buffer : "";
}

#endif
