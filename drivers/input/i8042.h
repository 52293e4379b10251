/* The i8042 PS/2 controller and its keyboard, polled (hotmem has no
 * interrupts). i8042_init() probes the controller with bounded waits and,
 * when one answers, registers the keyboard as the input device "i8042"
 * (kernel/input.h). No controller is a normal outcome: a PC with only USB
 * keyboards and no legacy emulation has none, and its status port reads
 * 0xff (docs/input.md). */
#ifndef DRIVERS_INPUT_I8042_H
#define DRIVERS_INPUT_I8042_H

#include <stdbool.h>

#include "lib/types.h"

/* Configuration byte ("command byte") bits. */
#define I8042_CTR_KBDINT 0x01 /* keyboard interrupt */
#define I8042_CTR_AUXINT 0x02 /* mouse interrupt */
#define I8042_CTR_KBDDIS 0x10 /* keyboard clock off */
#define I8042_CTR_AUXDIS 0x20 /* mouse clock off */
#define I8042_CTR_XLATE	 0x40 /* translate set 2 to set 1 */

struct i8042_info {
	bool probed;
	/* 0: present and set up; -ENODEV: no controller (status port reads
	 * 0xff, or its output buffer never empties); -ETIMEDOUT: a command got
	 * no answer; -EIO: the self-test answered something else than 0x55. */
	int err;
	u8 status;	  /* the status port when the probe started */
	u8 selftest;	  /* the self-test's answer (0x55: passed) */
	u8 ctr_found;	  /* the configuration byte as the firmware left it */
	u8 ctr;		  /* as hotmem set it (read back) */
	int scancode_set; /* what the keyboard bytes are decoded as: 1 or 2 */
};

/* Probes the controller and registers the keyboard; prints nothing but the
 * one line about a missing controller. Returns info.err. */
int i8042_init(void);

/* The probe's outcome (probed == false before i8042_init()). */
const struct i8042_info *i8042_get_info(void);

/* Reads the controller's configuration byte now (a key byte waiting is
 * dropped first): 0, or -ENODEV/-ETIMEDOUT. */
int i8042_read_ctr(u8 *ctr);

#endif
