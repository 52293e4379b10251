/* The log ring buffer: every byte printk writes, kept for the screen's
 * scrollback (docs/screen.md). Bounded: when it is full the oldest text is
 * dropped first, and readers see a marker line in its place. Positions are
 * byte offsets since the first byte ever written, so a position stays valid
 * (or is known to be dropped) however much text comes later. Pure C. */
#ifndef KERNEL_LOGBUF_H
#define KERNEL_LOGBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct logbuf {
	char *buf;
	size_t size;
	uint64_t head;	      /* bytes ever written: the position after the last one */
	uint64_t tail;	      /* the oldest position held */
	bool dropped_at_line; /* the byte before the tail (dropped) was '\n' */
};

/* The kernel's log, written by printk: a small static buffer at first,
 * moved to a larger one once the kernel heap exists. */
extern struct logbuf init_logbuf;

void logbuf_init(struct logbuf *lb, char *mem, size_t size);
void logbuf_write(struct logbuf *lb, const char *s, size_t n);
/* Moves the text to mem[0..size) (the newest size bytes if it holds more);
 * positions stay valid. The old buffer is no longer used. */
void logbuf_move(struct logbuf *lb, char *mem, size_t size);

/* Oldest position still held (0 until the ring has wrapped). */
uint64_t logbuf_tail(const struct logbuf *lb);
/* Byte at pos, or -1 when pos is dropped or not written yet. */
int logbuf_byte(const struct logbuf *lb, uint64_t pos);

/* Start of the oldest complete line held: the tail, or just past the first
 * '\n' after it when the tail cut a line in two. Equals head when no
 * complete line start is held. */
uint64_t logbuf_first_line(const struct logbuf *lb);
/* Start of the line holding pos (never before logbuf_first_line()). */
uint64_t logbuf_line_start(const struct logbuf *lb, uint64_t pos);
/* Position of the '\n' ending the line that holds pos, or head when the
 * line is not finished. */
uint64_t logbuf_line_end(const struct logbuf *lb, uint64_t pos);
/* Copies the line that starts at pos (without its '\n') into buf, NUL
 * terminated, cut to size - 1; returns the line's full length. */
size_t logbuf_line(const struct logbuf *lb, uint64_t pos, char *buf, size_t size);
/* Do the bytes at pos begin with prefix? */
bool logbuf_line_has_prefix(const struct logbuf *lb, uint64_t pos, const char *prefix);
/* Start of the last line that begins with prefix, or -1 if none is held. */
int64_t logbuf_find_last_line(const struct logbuf *lb, const char *prefix);
/* Number of '\n' in [from, to) (both clamped to what is held). */
uint64_t logbuf_count_lines(const struct logbuf *lb, uint64_t from, uint64_t to);

#endif
