/* i8042 PS/2 controller and keyboard, polled (drivers/input/i8042.h).
 *
 * The controller is left as close to how the firmware set it up as works
 * for polling: the mouse port is switched off (its bytes would mix with the
 * keyboard's), both interrupts off (nothing handles them), the keyboard
 * clock on. The translate bit is kept; the scan code decoder follows it
 * (drivers/input/atkbd.h). */
#include "drivers/input/i8042.h"

#include "drivers/input/atkbd.h"
#include "kernel/input.h"
#include "kernel/io.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

#define I8042_DATA   0x60
#define I8042_STATUS 0x64 /* read: status; write: command */

#define I8042_STR_OBF	  0x01 /* a byte waits in the data port */
#define I8042_STR_IBF	  0x02 /* the controller has not taken our last byte */
#define I8042_STR_AUXDATA 0x20 /* the waiting byte comes from the mouse */

#define I8042_CMD_CTR_READ    0x20
#define I8042_CMD_CTR_WRITE   0x60
#define I8042_CMD_AUX_DISABLE 0xa7
#define I8042_CMD_SELFTEST    0xaa

/* Status reads before a wait gives up. A read of port 0x64 takes about a
 * microsecond on real hardware (ISA timing), so this is some 100 ms: far
 * more than a controller needs, and a broken one cannot hang the boot. */
#define I8042_WAIT_LOOPS 100000
/* Bytes the controller may hold at once (Linux's I8042_BUFFER_SIZE is 16). */
#define I8042_FLUSH_MAX 32
/* Bytes one poll takes at most: a key's longest sequence with room. */
#define I8042_POLL_MAX 16

static struct i8042_info info;
static struct atkbd kbd;

static int wait_write(void)
{
	for (int i = 0; i < I8042_WAIT_LOOPS; i++) {
		if (!(inb(I8042_STATUS) & I8042_STR_IBF))
			return 0;
		cpu_relax();
	}
	return -ETIMEDOUT;
}

static int wait_read(void)
{
	for (int i = 0; i < I8042_WAIT_LOOPS; i++) {
		if (inb(I8042_STATUS) & I8042_STR_OBF)
			return 0;
		cpu_relax();
	}
	return -ETIMEDOUT;
}

/* Empties the output buffer; -ENODEV when it never gets empty. */
static int flush(void)
{
	for (int i = 0; i < I8042_FLUSH_MAX; i++) {
		if (!(inb(I8042_STATUS) & I8042_STR_OBF))
			return 0;
		(void)inb(I8042_DATA);
	}
	return -ENODEV;
}

/* A controller command, with an optional parameter byte and answer. */
static int command(u8 cmd, const u8 *param, u8 *answer)
{
	int err = wait_write();

	if (err)
		return err;
	outb(I8042_STATUS, cmd);
	if (param) {
		err = wait_write();
		if (err)
			return err;
		outb(I8042_DATA, *param);
	}
	if (answer) {
		err = wait_read();
		if (err)
			return err;
		*answer = inb(I8042_DATA);
	}
	return 0;
}

int i8042_read_ctr(u8 *ctr)
{
	int err;

	if (inb(I8042_STATUS) == 0xff)
		return -ENODEV;
	/* A key byte still waiting would be taken for the answer. */
	err = flush();
	if (err)
		return err;
	return command(I8042_CMD_CTR_READ, NULL, ctr);
}

static int probe(void)
{
	u8 ctr;
	int err;

	/* No device decodes the port: the bus floats to 0xff. */
	info.status = inb(I8042_STATUS);
	if (info.status == 0xff)
		return -ENODEV;
	err = flush();
	if (err)
		return err;
	err = command(I8042_CMD_SELFTEST, NULL, &info.selftest);
	if (err)
		return err;
	if (info.selftest != 0x55)
		return -EIO;
	/* Read the configuration byte after the self-test: on some controllers
	 * the self-test resets it. */
	err = command(I8042_CMD_CTR_READ, NULL, &info.ctr_found);
	if (err)
		return err;
	ctr = (info.ctr_found & ~(I8042_CTR_KBDINT | I8042_CTR_AUXINT | I8042_CTR_KBDDIS)) |
	      I8042_CTR_AUXDIS;
	err = command(I8042_CMD_AUX_DISABLE, NULL, NULL);
	if (!err)
		err = command(I8042_CMD_CTR_WRITE, &ctr, NULL);
	if (!err)
		err = command(I8042_CMD_CTR_READ, NULL, &info.ctr);
	if (err)
		return err;
	info.scancode_set = info.ctr & I8042_CTR_XLATE ? 1 : 2;
	return flush();
}

static int i8042_kbd_poll(struct input_dev *dev, struct key_event *ev)
{
	for (int i = 0; i < I8042_POLL_MAX; i++) {
		u8 st = inb(I8042_STATUS);
		u8 b;

		if (!(st & I8042_STR_OBF))
			return 0;
		b = inb(I8042_DATA);
		if (st & I8042_STR_AUXDATA)
			continue; /* a mouse byte despite the port being off */
		if (atkbd_feed(&kbd, b, ev))
			return 1;
	}
	return 0;
}

static struct input_dev i8042_kbd = {
    .name = "i8042",
    .poll = i8042_kbd_poll,
};

int i8042_init(void)
{
	memset(&info, 0, sizeof(info));
	info.err = probe();
	info.probed = true;
	if (info.err) {
		printk(
		    "i8042: no usable PS/2 controller (%s, status port %#x); keyboard input only "
		    "through COM1\n",
		    errno_name(info.err), info.status);
		return info.err;
	}
	atkbd_init(&kbd, info.scancode_set);
	return input_register_device(&i8042_kbd);
}

const struct i8042_info *i8042_get_info(void)
{
	return &info;
}
