/* printk capture (kernel/printk.h): one buffer, shared by the kernel and the
 * host backend of console_puts(). */
#include "kernel/printk_capture.h"

#include "kernel/printk.h"
#include "lib/string.h"

static char *cap_buf;
static size_t cap_size, cap_len;

void printk_capture_start(char *buf, size_t size)
{
	cap_buf = buf;
	cap_size = size;
	cap_len = 0;
	if (size)
		buf[0] = '\0';
}

size_t printk_capture_stop(void)
{
	size_t n = cap_len;

	cap_buf = NULL;
	return n;
}

bool printk_capture_puts(const char *s)
{
	size_t n;

	if (!cap_buf)
		return false;
	/* A zero-size buffer swallows output: nothing fits, not even the NUL. */
	if (!cap_size)
		return true;
	n = strlen(s);
	if (cap_len + n >= cap_size)
		n = cap_size - 1 - cap_len;
	memcpy(cap_buf + cap_len, s, n);
	cap_len += n;
	cap_buf[cap_len] = '\0';
	return true;
}
