/* The input layer: key events from every input device, polled (hotmem has no
 * interrupts). Drivers register a struct input_dev whose poll function hands
 * out one key event at a time; input_poll() returns the next event from any
 * device, taking the devices in turn so a busy one cannot starve the others.
 * The core only knows this interface, never a driver (docs/input.md).
 *
 * Explicit state like the rest of hotmem: struct input_state is one set of
 * devices; the kernel's own is init_input, the Linux-style names act on it
 * and the _in variants take the instance (tests build their own). Pure C. */
#ifndef KERNEL_INPUT_H
#define KERNEL_INPUT_H

#include "lib/types.h"

/* Key codes. A printable ASCII character (0x20..0x7e) is its own code, as
 * the current Shift and Caps Lock state make it ('a', 'A', '!'); every other
 * key is a KEY_* value above 0xff. The names are Linux's
 * (include/uapi/linux/input-event-codes.h); the values are hotmem's. */
enum {
	KEY_ENTER = 0x100,
	KEY_BACKSPACE,
	KEY_TAB,
	KEY_ESC,
	KEY_UP,
	KEY_DOWN,
	KEY_LEFT,
	KEY_RIGHT,
	KEY_HOME,
	KEY_END,
	KEY_PAGEUP,
	KEY_PAGEDOWN,
	KEY_INSERT,
	KEY_DELETE,
};

/* Modifiers held when the key went down. With Ctrl, a letter's code is
 * always the lower-case letter (Ctrl-C is {'c', KEY_MOD_CTRL}, whatever
 * Shift or Caps Lock say), so a reader tests one value. */
#define KEY_MOD_SHIFT 0x01
#define KEY_MOD_CTRL  0x02
#define KEY_MOD_ALT   0x04

/* One key press (or one auto-repeat of it). Releases are not events. */
struct key_event {
	u16 code; /* a printable character or KEY_* */
	u8 mods;  /* KEY_MOD_* */
};

/* Is the event a character to insert (printable, neither Ctrl nor Alt)? */
static inline int key_is_text(const struct key_event *ev)
{
	return ev->code >= 0x20 && ev->code <= 0x7e && !(ev->mods & (KEY_MOD_CTRL | KEY_MOD_ALT));
}

/* Is the event Ctrl+<letter>, the letter given in lower case? */
static inline int key_is_ctrl(const struct key_event *ev, char letter)
{
	return ev->code == (u16)letter && (ev->mods & KEY_MOD_CTRL);
}

struct input_dev {
	const char *name; /* "i8042", "ttyS0": what the screen header lists */
	/* Returns 1 with *ev filled when a key was pressed, 0 when nothing is
	 * waiting. Must not block: at most a bounded amount of device I/O. */
	int (*poll)(struct input_dev *dev, struct key_event *ev);
	void *priv;
};

#define INPUT_MAX_DEVS 4

struct input_state {
	struct input_dev *devs[INPUT_MAX_DEVS];
	unsigned int ndevs;
	unsigned int next; /* the device asked first by the next poll */
};

/* The kernel's own devices. */
extern struct input_state init_input;

void input_state_init(struct input_state *in);

/* Adds a device; 0, -EINVAL (no poll function), -EEXIST (already there) or
 * -ENOSPC (INPUT_MAX_DEVS reached). */
int input_register_device_in(struct input_state *in, struct input_dev *dev);

/* The next key event from any device: 1 with *ev filled, 0 when no device
 * has one. Every device is asked at most once per call, starting with the
 * one after the device that gave the last event. */
int input_poll_in(struct input_state *in, struct key_event *ev);

unsigned int input_device_count_in(const struct input_state *in);
/* The i-th registered device (registration order), or NULL. */
const struct input_dev *input_device_at_in(const struct input_state *in, unsigned int i);

static inline int input_register_device(struct input_dev *dev)
{
	return input_register_device_in(&init_input, dev);
}

static inline int input_poll(struct key_event *ev)
{
	return input_poll_in(&init_input, ev);
}

static inline unsigned int input_device_count(void)
{
	return input_device_count_in(&init_input);
}

static inline const struct input_dev *input_device_at(unsigned int i)
{
	return input_device_at_in(&init_input, i);
}

#endif
