/* COM1 as an input device (drivers/input/serial_input.h). */
#include "drivers/input/serial_input.h"

#include "drivers/input/vt_input.h"
#include "drivers/serial/uart16550.h"
#include "kernel/input.h"
#include "kernel/io.h"
#include "lib/errno.h"

/* Time for the escape-sequence timeout: the TSC in units of 2^20 cycles
 * (0.3 to 1 ms on any CPU hotmem runs on). Uncalibrated on purpose: the
 * timeout is a bound, not a measurement, and ktime_ms() would calibrate
 * and print on first use. 100 units: 35 to 100 ms, much longer than the
 * gap between the bytes of one sequence (87 us at 115200 baud), shorter
 * than a person's gap between two keys. */
#define VT_TICK_SHIFT 20
#define VT_TIMEOUT    100
/* Bytes one poll takes at most: a whole escape sequence with room. */
#define SERIAL_POLL_MAX (VT_SEQ_MAX + 4)

static struct vt_input vt;

static u64 vt_now(void)
{
	return rdtsc() >> VT_TICK_SHIFT;
}

static int serial_input_poll(struct input_dev *dev, struct key_event *ev)
{
	for (int i = 0; i < SERIAL_POLL_MAX; i++) {
		int c = serial_getc();

		if (c < 0)
			return vt_input_idle(&vt, vt_now(), ev);
		if (vt_input_feed(&vt, (u8)c, vt_now(), ev))
			return 1;
	}
	return 0;
}

static struct input_dev serial_input = {
    .name = "ttyS0",
    .poll = serial_input_poll,
};

int serial_input_init(void)
{
	if (!serial_present())
		return -ENODEV;
	vt_input_init(&vt, VT_TIMEOUT);
	return input_register_device(&serial_input);
}
