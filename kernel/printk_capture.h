/* The printk capture of kernel/printk.h, for the printk backends (the
 * kernel's consoles, the host's stdout): pure, so that both share it. */
#ifndef KERNEL_PRINTK_CAPTURE_H
#define KERNEL_PRINTK_CAPTURE_H

#include <stdbool.h>

/* While a capture runs (printk_capture_start()), appends s to its buffer,
 * truncated to what fits, and returns true; otherwise returns false and the
 * backend prints s itself. */
bool printk_capture_puts(const char *s);

#endif
