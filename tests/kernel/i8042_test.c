/* Kernel-only checks of the i8042 probe (drivers/input/i8042.h), without
 * key presses: the controller answered its self-test, holds the
 * configuration hotmem wrote, the decoder follows its translate bit, and the
 * keyboard is an input device. On a machine without an i8042 (USB keyboards
 * only, no legacy emulation) every case skips and says why. */
#include "drivers/input/i8042.h"
#include "kernel/input.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"

/* The probe's outcome; skips the case when there is no controller. */
static const struct i8042_info *present(struct ktest *t)
{
	const struct i8042_info *info = i8042_get_info();

	if (info->probed && info->err == -ENODEV)
		ktest_mark_skip(t, "no i8042 controller (status port 0x64 reads %#x)",
				info->status);
	return info;
}

static void probe_found_controller(struct ktest *t)
{
	const struct i8042_info *info = present(t);

	if (t->status == KTEST_SKIP)
		return;
	KTEST_ASSERT_TRUE(t, info->probed);
	KTEST_EXPECT_INT_EQ(t, info->err, 0);
	KTEST_EXPECT_EQ(t, info->selftest, 0x55);
	KTEST_EXPECT_NE(t, info->status, 0xff);
}

static void config_byte_as_set(struct ktest *t)
{
	const struct i8042_info *info = present(t);
	u8 ctr = 0;

	if (t->status == KTEST_SKIP)
		return;
	KTEST_ASSERT_INT_EQ(t, info->err, 0);
	/* Read live: the controller still holds what the probe wrote. */
	KTEST_ASSERT_INT_EQ(t, i8042_read_ctr(&ctr), 0);
	KTEST_EXPECT_EQ(t, ctr, info->ctr);
	KTEST_EXPECT_EQ(t, ctr & (I8042_CTR_KBDINT | I8042_CTR_AUXINT), 0);
	KTEST_EXPECT_EQ(t, ctr & I8042_CTR_KBDDIS, 0);
	KTEST_EXPECT_EQ(t, ctr & I8042_CTR_AUXDIS, I8042_CTR_AUXDIS);
	/* The translate bit is the firmware's. */
	KTEST_EXPECT_EQ(t, ctr & I8042_CTR_XLATE, info->ctr_found & I8042_CTR_XLATE);
}

static void decoder_follows_translation(struct ktest *t)
{
	const struct i8042_info *info = present(t);

	if (t->status == KTEST_SKIP)
		return;
	KTEST_ASSERT_INT_EQ(t, info->err, 0);
	KTEST_EXPECT_INT_EQ(t, info->scancode_set, info->ctr & I8042_CTR_XLATE ? 1 : 2);
	ktest_info(t, "configuration byte %#04x as found, %#04x as set: scan code set %d",
		   info->ctr_found, info->ctr, info->scancode_set);
}

static void keyboard_is_input_device(struct ktest *t)
{
	const struct i8042_info *info = present(t);
	int found = 0;

	if (t->status == KTEST_SKIP)
		return;
	KTEST_ASSERT_INT_EQ(t, info->err, 0);
	for (unsigned int i = 0; i < input_device_count(); i++)
		if (!strcmp(input_device_at(i)->name, "i8042"))
			found++;
	KTEST_EXPECT_EQ(t, found, 1);
}

static const struct ktest_case i8042_cases[] = {
    KTEST_CASE(probe_found_controller),
    KTEST_CASE(config_byte_as_set),
    KTEST_CASE(decoder_follows_translation),
    KTEST_CASE(keyboard_is_input_device),
    {0},
};
static const struct ktest_suite i8042_suite = {.name = "i8042", .cases = i8042_cases};
KTEST_SUITE(i8042_suite);
