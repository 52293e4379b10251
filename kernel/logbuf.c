/* Log ring buffer (kernel/logbuf.h). */
#include "kernel/logbuf.h"

#include "lib/string.h"

/* Enough for the boot up to the kernel heap, which gives the log its full
 * size (logbuf_move). */
#define INIT_LOGBUF_SIZE (16u << 10)

static char init_logbuf_mem[INIT_LOGBUF_SIZE];
struct logbuf init_logbuf = {.buf = init_logbuf_mem, .size = INIT_LOGBUF_SIZE};

void logbuf_init(struct logbuf *lb, char *mem, size_t size)
{
	lb->buf = mem;
	lb->size = size;
	lb->head = 0;
	lb->tail = 0;
	lb->dropped_at_line = false;
}

void logbuf_move(struct logbuf *lb, char *mem, size_t size)
{
	uint64_t from = lb->tail;

	if (lb->head - from > size) {
		from = lb->head - size;
		/* What the smaller buffer cannot hold is dropped. */
		lb->dropped_at_line = lb->buf[(from - 1) % lb->size] == '\n';
	}
	for (uint64_t p = from; p < lb->head; p++)
		mem[p % size] = lb->buf[p % lb->size];
	lb->buf = mem;
	lb->size = size;
	lb->tail = from;
}

uint64_t logbuf_tail(const struct logbuf *lb)
{
	return lb->tail;
}

int logbuf_byte(const struct logbuf *lb, uint64_t pos)
{
	if (pos < logbuf_tail(lb) || pos >= lb->head)
		return -1;
	return (unsigned char)lb->buf[pos % lb->size];
}

void logbuf_write(struct logbuf *lb, const char *s, size_t n)
{
	uint64_t new_tail;

	if (!lb->size || !n)
		return;
	/* Remember whether the text we are about to drop ended a line, so the
	 * first kept byte is known to start one (or not). */
	new_tail = lb->head + n > lb->size ? lb->head + n - lb->size : 0;
	if (new_tail > lb->tail) {
		uint64_t last = new_tail - 1;

		lb->dropped_at_line = last >= lb->head ? s[last - lb->head] == '\n'
						       : lb->buf[last % lb->size] == '\n';
		lb->tail = new_tail;
	}
	/* Only the last `size` bytes of a long write survive. */
	if (n > lb->size) {
		s += n - lb->size;
		lb->head += n - lb->size;
		n = lb->size;
	}
	while (n) {
		size_t at = (size_t)(lb->head % lb->size);
		size_t chunk = lb->size - at < n ? lb->size - at : n;

		memcpy(lb->buf + at, s, chunk);
		lb->head += chunk;
		s += chunk;
		n -= chunk;
	}
}

uint64_t logbuf_first_line(const struct logbuf *lb)
{
	uint64_t pos = logbuf_tail(lb);

	if (pos == 0 || lb->dropped_at_line)
		return pos;
	while (pos < lb->head && logbuf_byte(lb, pos) != '\n')
		pos++;
	return pos < lb->head ? pos + 1 : lb->head;
}

uint64_t logbuf_line_start(const struct logbuf *lb, uint64_t pos)
{
	uint64_t first = logbuf_first_line(lb);

	if (pos > lb->head)
		pos = lb->head;
	while (pos > first && logbuf_byte(lb, pos - 1) != '\n')
		pos--;
	return pos < first ? first : pos;
}

uint64_t logbuf_line_end(const struct logbuf *lb, uint64_t pos)
{
	if (pos < logbuf_tail(lb))
		pos = logbuf_tail(lb);
	while (pos < lb->head && logbuf_byte(lb, pos) != '\n')
		pos++;
	return pos;
}

size_t logbuf_line(const struct logbuf *lb, uint64_t pos, char *buf, size_t size)
{
	uint64_t end = logbuf_line_end(lb, pos);
	size_t len = 0;

	if (pos < logbuf_tail(lb))
		pos = logbuf_tail(lb);
	for (uint64_t p = pos; p < end; p++, len++)
		if (len + 1 < size)
			buf[len] = (char)logbuf_byte(lb, p);
	if (size)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}

bool logbuf_line_has_prefix(const struct logbuf *lb, uint64_t pos, const char *prefix)
{
	for (; *prefix; prefix++, pos++)
		if (logbuf_byte(lb, pos) != (unsigned char)*prefix)
			return false;
	return true;
}

int64_t logbuf_find_last_line(const struct logbuf *lb, const char *prefix)
{
	uint64_t first = logbuf_first_line(lb), pos = lb->head;

	/* Walk the line starts backwards from the newest. */
	while (pos > first) {
		uint64_t start = logbuf_line_start(lb, pos - 1);

		if (logbuf_line_has_prefix(lb, start, prefix))
			return (int64_t)start;
		pos = start;
	}
	return -1;
}

uint64_t logbuf_count_lines(const struct logbuf *lb, uint64_t from, uint64_t to)
{
	uint64_t n = 0;

	if (from < logbuf_tail(lb))
		from = logbuf_tail(lb);
	if (to > lb->head)
		to = lb->head;
	for (uint64_t p = from; p < to; p++)
		n += logbuf_byte(lb, p) == '\n';
	return n;
}
