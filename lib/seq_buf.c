/* seq_buf (lib/seq_buf.h): bounded appends that keep counting past the end. */
#include "lib/seq_buf.h"

#include "lib/printf.h"
#include "lib/string.h"

void seq_buf_init(struct seq_buf *s, char *buf, size_t size)
{
	s->buffer = buf;
	s->size = size;
	seq_buf_clear(s);
}

void seq_buf_clear(struct seq_buf *s)
{
	s->len = 0;
	if (s->size)
		s->buffer[0] = '\0';
}

size_t seq_buf_get_buf(struct seq_buf *s, char **bufp)
{
	if (s->len >= s->size) {
		*bufp = NULL;
		return 0;
	}
	*bufp = s->buffer + s->len;
	return s->size - s->len;
}

void seq_buf_commit(struct seq_buf *s, int len)
{
	if (len > 0)
		s->len += (size_t)len;
}

void seq_buf_vprintf(struct seq_buf *s, const char *fmt, va_list ap)
{
	char *buf;
	size_t room = seq_buf_get_buf(s, &buf);

	/* vsnprintf cuts and terminates inside room, and returns the full
	 * length even when room is 0. */
	seq_buf_commit(s, vsnprintf(buf, room, fmt, ap));
}

void seq_buf_printf(struct seq_buf *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seq_buf_vprintf(s, fmt, ap);
	va_end(ap);
}

void seq_buf_puts(struct seq_buf *s, const char *str)
{
	size_t n = strlen(str);
	char *buf;
	size_t room = seq_buf_get_buf(s, &buf);

	if (room) {
		size_t copy = n < room ? n : room - 1;

		memcpy(buf, str, copy);
		buf[copy] = '\0';
	}
	s->len += n;
}

void seq_buf_putc(struct seq_buf *s, char c)
{
	char str[2] = {c, '\0'};

	seq_buf_puts(s, str);
}
