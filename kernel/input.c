/* The input layer: registered devices polled in turn (kernel/input.h). */
#include "kernel/input.h"

#include "lib/errno.h"
#include "lib/string.h"

struct input_state init_input;

void input_state_init(struct input_state *in)
{
	memset(in, 0, sizeof(*in));
}

int input_register_device_in(struct input_state *in, struct input_dev *dev)
{
	if (!dev || !dev->poll)
		return -EINVAL;
	for (unsigned int i = 0; i < in->ndevs; i++)
		if (in->devs[i] == dev)
			return -EEXIST;
	if (in->ndevs >= INPUT_MAX_DEVS)
		return -ENOSPC;
	in->devs[in->ndevs++] = dev;
	return 0;
}

int input_poll_in(struct input_state *in, struct key_event *ev)
{
	for (unsigned int k = 0; k < in->ndevs; k++) {
		unsigned int i = (in->next + k) % in->ndevs;
		struct input_dev *dev = in->devs[i];

		if (dev->poll(dev, ev) > 0) {
			in->next = (i + 1) % in->ndevs;
			return 1;
		}
	}
	return 0;
}

unsigned int input_device_count_in(const struct input_state *in)
{
	return in->ndevs;
}

const struct input_dev *input_device_at_in(const struct input_state *in, unsigned int i)
{
	return i < in->ndevs ? in->devs[i] : NULL;
}
