/* Tests of the input layer (kernel/input.h): registration and its errors,
 * and input_poll's round robin over fake devices that hand out the keys of
 * a string. Each case builds its own struct input_state; the kernel's
 * init_input is never touched. */
#include "kernel/input.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "tests/unit/input_test_util.h"

struct fake_dev {
	struct input_dev dev;
	const char *keys; /* one event per character */
	unsigned int polls;
};

static int fake_poll(struct input_dev *dev, struct key_event *ev)
{
	struct fake_dev *f = dev->priv;

	f->polls++;
	if (!*f->keys)
		return 0;
	ev->code = (u8)*f->keys++;
	ev->mods = 0;
	return 1;
}

static void fake_init(struct fake_dev *f, const char *name, const char *keys)
{
	memset(f, 0, sizeof(*f));
	f->dev.name = name;
	f->dev.poll = fake_poll;
	f->dev.priv = f;
	f->keys = keys;
}

/* Polls until nothing comes (at most `max` events); the events as text. */
static void drain(struct input_state *in, char *out, size_t size, int max)
{
	struct key_event ev;

	out[0] = '\0';
	for (int i = 0; i < max && input_poll_in(in, &ev); i++)
		key_event_append(out, size, &ev);
}

static void registers_in_order(struct ktest *t)
{
	struct input_state in;
	struct fake_dev a, b;

	input_state_init(&in);
	fake_init(&a, "kbd", "");
	fake_init(&b, "tty", "");
	KTEST_EXPECT_EQ(t, input_device_count_in(&in), 0);
	KTEST_EXPECT_NULL(t, input_device_at_in(&in, 0));
	KTEST_ASSERT_INT_EQ(t, input_register_device_in(&in, &a.dev), 0);
	KTEST_ASSERT_INT_EQ(t, input_register_device_in(&in, &b.dev), 0);
	KTEST_EXPECT_EQ(t, input_device_count_in(&in), 2);
	KTEST_EXPECT_STREQ(t, input_device_at_in(&in, 0)->name, "kbd");
	KTEST_EXPECT_STREQ(t, input_device_at_in(&in, 1)->name, "tty");
	KTEST_EXPECT_NULL(t, input_device_at_in(&in, 2));
}

static void register_errors(struct ktest *t)
{
	struct input_state in;
	struct fake_dev f[INPUT_MAX_DEVS + 1];
	struct input_dev nopoll = {.name = "nopoll"};

	input_state_init(&in);
	for (int i = 0; i <= INPUT_MAX_DEVS; i++)
		fake_init(&f[i], "f", "");
	KTEST_EXPECT_INT_EQ(t, input_register_device_in(&in, NULL), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, input_register_device_in(&in, &nopoll), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, input_register_device_in(&in, &f[0].dev), 0);
	KTEST_EXPECT_INT_EQ(t, input_register_device_in(&in, &f[0].dev), -EEXIST);
	for (int i = 1; i < INPUT_MAX_DEVS; i++)
		KTEST_EXPECT_INT_EQ(t, input_register_device_in(&in, &f[i].dev), 0);
	KTEST_EXPECT_INT_EQ(t, input_register_device_in(&in, &f[INPUT_MAX_DEVS].dev), -ENOSPC);
	KTEST_EXPECT_EQ(t, input_device_count_in(&in), INPUT_MAX_DEVS);
}

static void poll_without_devices(struct ktest *t)
{
	struct input_state in;
	struct key_event ev = {0x1234, 0x56};

	input_state_init(&in);
	KTEST_EXPECT_INT_EQ(t, input_poll_in(&in, &ev), 0);
	KTEST_EXPECT_EQ(t, ev.code, 0x1234);
}

static void poll_asks_each_device_once(struct ktest *t)
{
	struct input_state in;
	struct fake_dev a, b, c;
	struct key_event ev;

	input_state_init(&in);
	fake_init(&a, "a", "");
	fake_init(&b, "b", "");
	fake_init(&c, "c", "");
	input_register_device_in(&in, &a.dev);
	input_register_device_in(&in, &b.dev);
	input_register_device_in(&in, &c.dev);
	KTEST_EXPECT_INT_EQ(t, input_poll_in(&in, &ev), 0);
	KTEST_EXPECT_EQ(t, a.polls, 1);
	KTEST_EXPECT_EQ(t, b.polls, 1);
	KTEST_EXPECT_EQ(t, c.polls, 1);
}

/* A device with a long queue does not starve the others: the device after
 * the one that gave the last event is asked first. */
static void round_robin(struct ktest *t)
{
	struct input_state in;
	struct fake_dev kbd, tty;
	char out[64];

	input_state_init(&in);
	fake_init(&kbd, "kbd", "abcd");
	fake_init(&tty, "tty", "xy");
	input_register_device_in(&in, &kbd.dev);
	input_register_device_in(&in, &tty.dev);
	drain(&in, out, sizeof(out), 20);
	KTEST_EXPECT_STREQ(t, out, "axbycd");
	/* 4 events from kbd + the final empty polls of both. */
	KTEST_EXPECT_EQ(t, kbd.polls, 5);
	KTEST_EXPECT_EQ(t, tty.polls, 4);
}

static void round_robin_starts_after_last_giver(struct ktest *t)
{
	struct input_state in;
	struct fake_dev a, b, c;
	struct key_event ev;
	char out[64] = "";

	input_state_init(&in);
	fake_init(&a, "a", "");
	fake_init(&b, "b", "1");
	fake_init(&c, "c", "");
	input_register_device_in(&in, &a.dev);
	input_register_device_in(&in, &b.dev);
	input_register_device_in(&in, &c.dev);
	KTEST_ASSERT_INT_EQ(t, input_poll_in(&in, &ev), 1);
	key_event_append(out, sizeof(out), &ev);
	KTEST_EXPECT_STREQ(t, out, "1");
	a.keys = "2";
	c.keys = "3";
	/* b gave the last event: c is asked before a. */
	drain(&in, out, sizeof(out), 10);
	KTEST_EXPECT_STREQ(t, out, "32");
}

static const struct ktest_case input_cases[] = {
    KTEST_CASE(registers_in_order),
    KTEST_CASE(register_errors),
    KTEST_CASE(poll_without_devices),
    KTEST_CASE(poll_asks_each_device_once),
    KTEST_CASE(round_robin),
    KTEST_CASE(round_robin_starts_after_last_giver),
    {0},
};
static const struct ktest_suite input_suite = {.name = "input", .cases = input_cases};
KTEST_SUITE(input_suite);
