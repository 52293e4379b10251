/* AT keyboard scan codes -> key events (drivers/input/atkbd.h). Set 2 codes
 * are first mapped to their set 1 equivalent (what the i8042 would have
 * translated them to), so one key table serves both sets. */
#include "drivers/input/atkbd.h"

#include "lib/kernel.h"
#include "lib/string.h"

/* Keys are numbered by their set 1 make code, | KEY_EXT for the 0xe0 ones. */
#define KEY_EXT 0x80

enum {
	SC_ESC = 0x01,
	SC_BACKSPACE = 0x0e,
	SC_TAB = 0x0f,
	SC_ENTER = 0x1c,
	SC_LCTRL = 0x1d,
	SC_LSHIFT = 0x2a,
	SC_RSHIFT = 0x36,
	SC_LALT = 0x38,
	SC_CAPSLOCK = 0x3a,
	SC_NUMLOCK = 0x45,
	SC_KP7 = 0x47, /* the keypad: 0x47..0x53 */
	SC_KPDOT = 0x53,
	SC_102ND = 0x56, /* the extra key left of Z on non-US keyboards */
};

/* held: modifier and lock keys down (locks toggle on the press, not on the
 * keyboard's auto-repeat of it). */
#define HELD_LSHIFT 0x01
#define HELD_RSHIFT 0x02
#define HELD_LCTRL  0x04
#define HELD_RCTRL  0x08
#define HELD_LALT   0x10
#define HELD_RALT   0x20
#define HELD_CAPS   0x40
#define HELD_NUM    0x80

/* Set 2 make code -> set 1 make code (0: no key we know). */
static const u8 set2_to_set1[0x84] = {
    [0x01] = 0x43, [0x03] = 0x3f, [0x04] = 0x3d, [0x05] = 0x3b, [0x06] = 0x3c, [0x07] = 0x58,
    [0x09] = 0x44, [0x0a] = 0x42, [0x0b] = 0x40, [0x0c] = 0x3e, [0x0d] = 0x0f, [0x0e] = 0x29,
    [0x11] = 0x38, [0x12] = 0x2a, [0x14] = 0x1d, [0x15] = 0x10, [0x16] = 0x02, [0x1a] = 0x2c,
    [0x1b] = 0x1f, [0x1c] = 0x1e, [0x1d] = 0x11, [0x1e] = 0x03, [0x1f] = 0x5b, [0x21] = 0x2e,
    [0x22] = 0x2d, [0x23] = 0x20, [0x24] = 0x12, [0x25] = 0x05, [0x26] = 0x04, [0x27] = 0x5c,
    [0x29] = 0x39, [0x2a] = 0x2f, [0x2b] = 0x21, [0x2c] = 0x14, [0x2d] = 0x13, [0x2e] = 0x06,
    [0x2f] = 0x5d, [0x31] = 0x31, [0x32] = 0x30, [0x33] = 0x23, [0x34] = 0x22, [0x35] = 0x15,
    [0x36] = 0x07, [0x3a] = 0x32, [0x3b] = 0x24, [0x3c] = 0x16, [0x3d] = 0x08, [0x3e] = 0x09,
    [0x41] = 0x33, [0x42] = 0x25, [0x43] = 0x17, [0x44] = 0x18, [0x45] = 0x0b, [0x46] = 0x0a,
    [0x49] = 0x34, [0x4a] = 0x35, [0x4b] = 0x26, [0x4c] = 0x27, [0x4d] = 0x19, [0x4e] = 0x0c,
    [0x52] = 0x28, [0x54] = 0x1a, [0x55] = 0x0d, [0x58] = 0x3a, [0x59] = 0x36, [0x5a] = 0x1c,
    [0x5b] = 0x1b, [0x5d] = 0x2b, [0x61] = 0x56, [0x66] = 0x0e, [0x69] = 0x4f, [0x6b] = 0x4b,
    [0x6c] = 0x47, [0x70] = 0x52, [0x71] = 0x53, [0x72] = 0x50, [0x73] = 0x4c, [0x74] = 0x4d,
    [0x75] = 0x48, [0x76] = 0x01, [0x77] = 0x45, [0x78] = 0x57, [0x79] = 0x4e, [0x7a] = 0x51,
    [0x7b] = 0x4a, [0x7c] = 0x37, [0x7d] = 0x49, [0x7e] = 0x46, [0x83] = 0x41,
};

/* US layout, indexed by set 1 make code 0x00..0x39 ('\0': not a character). */
static const char keys_plain[] = "\0\0"
				 "1234567890-="
				 "\0\0"
				 "qwertyuiop[]"
				 "\0\0"
				 "asdfghjkl;'`"
				 "\0\\"
				 "zxcvbnm,./"
				 "\0*\0 ";
static const char keys_shift[] = "\0\0"
				 "!@#$%^&*()_+"
				 "\0\0"
				 "QWERTYUIOP{}"
				 "\0\0"
				 "ASDFGHJKL:\"~"
				 "\0|"
				 "ZXCVBNM<>?"
				 "\0*\0 ";

/* The keypad 0x47..0x53 with Num Lock off, and on. */
static const u16 keypad_nav[] = {KEY_HOME,  KEY_UP, KEY_PAGEUP, '-',	  KEY_LEFT,	0,
				 KEY_RIGHT, '+',    KEY_END,	KEY_DOWN, KEY_PAGEDOWN, KEY_INSERT,
				 KEY_DELETE};
static const char keypad_num[] = "789-456+1230.";

void atkbd_init(struct atkbd *kbd, int set)
{
	memset(kbd, 0, sizeof(*kbd));
	kbd->set = set == 2 ? 2 : 1;
}

static bool is_reply(const struct atkbd *kbd, u8 b)
{
	/* ACK, resend, echo, self-test failed, overrun/error; in set 2 also the
	 * self-test pass 0xaa (in set 1 that is the left Shift release). */
	return b == 0xfa || b == 0xfe || b == 0xee || b == 0xfc || b == 0xfd || b == 0x00 ||
	       b == 0xff || (kbd->set == 2 && b == 0xaa);
}

/* A modifier or lock key: updates the state; true if `key` was one. */
static bool track_modifier(struct atkbd *kbd, unsigned int key, bool release)
{
	u8 bit;

	switch (key) {
	case SC_LSHIFT:
		bit = HELD_LSHIFT;
		break;
	case SC_RSHIFT:
		bit = HELD_RSHIFT;
		break;
	case SC_LCTRL:
		bit = HELD_LCTRL;
		break;
	case SC_LCTRL | KEY_EXT:
		bit = HELD_RCTRL;
		break;
	case SC_LALT:
		bit = HELD_LALT;
		break;
	case SC_LALT | KEY_EXT:
		bit = HELD_RALT;
		break;
	case SC_CAPSLOCK:
		bit = HELD_CAPS;
		if (!release && !(kbd->held & bit))
			kbd->caps = !kbd->caps;
		break;
	case SC_NUMLOCK:
		bit = HELD_NUM;
		if (!release && !(kbd->held & bit))
			kbd->numlock = !kbd->numlock;
		break;
	default:
		return false;
	}
	if (release)
		kbd->held &= (u8)~bit;
	else
		kbd->held |= bit;
	return true;
}

/* The event of a pressed key that is not a modifier: its code, or 0. */
static u16 key_code(const struct atkbd *kbd, unsigned int key, bool shift, bool ctrl)
{
	switch (key) {
	case SC_ESC:
		return KEY_ESC;
	case SC_BACKSPACE:
		return KEY_BACKSPACE;
	case SC_TAB:
		return KEY_TAB;
	case SC_ENTER:
	case SC_ENTER | KEY_EXT: /* keypad Enter */
		return KEY_ENTER;
	case 0x35 | KEY_EXT: /* keypad / */
		return '/';
	case SC_102ND:
		return shift ? '>' : '<';
	}
	if (key >= SC_KP7 && key <= SC_KPDOT)
		return kbd->numlock ? (u16)keypad_num[key - SC_KP7] : keypad_nav[key - SC_KP7];
	if (key & KEY_EXT) {
		unsigned int k = key & ~KEY_EXT;

		/* The grey keys share the keypad's codes; 0x4c (keypad 5) has none. */
		if (k >= SC_KP7 && k <= SC_KPDOT && k != 0x4a && k != 0x4e)
			return keypad_nav[k - SC_KP7];
		return 0;
	}
	if (key < sizeof(keys_plain) - 1 && keys_plain[key]) {
		char c = keys_plain[key];

		if (c >= 'a' && c <= 'z') {
			if (ctrl)
				return (u16)c;
			return (u16)((shift != kbd->caps) ? c - 'a' + 'A' : c);
		}
		return (u16)(shift ? keys_shift[key] : c);
	}
	return 0;
}

int atkbd_feed(struct atkbd *kbd, u8 b, struct key_event *ev)
{
	unsigned int key;
	bool release, shift, ctrl;
	u8 prefix;

	if (is_reply(kbd, b)) {
		kbd->prefix = 0;
		return 0;
	}
	if (b == 0xe0) {
		kbd->prefix |= ATKBD_PFX_E0;
		return 0;
	}
	if (b == 0xe1) {
		/* Pause: two codes follow (then a second 0xe1 with two more). */
		kbd->prefix = 0;
		kbd->skip = 2;
		return 0;
	}
	if (kbd->set == 2 && b == 0xf0) {
		kbd->prefix |= ATKBD_PFX_F0;
		return 0;
	}
	prefix = kbd->prefix;
	kbd->prefix = 0;
	if (kbd->skip) {
		kbd->skip--;
		return 0;
	}
	if (kbd->set == 2) {
		release = prefix & ATKBD_PFX_F0;
		key = b < ARRAY_SIZE(set2_to_set1) ? set2_to_set1[b] : 0;
	} else {
		release = b & 0x80;
		key = b & 0x7f;
	}
	if (!key)
		return 0;
	/* The fake shifts the keyboard wraps around grey keys become 0xe0 0x2a
	 * and 0xe0 0x36 here: no key has those numbers, so they change nothing. */
	if (prefix & ATKBD_PFX_E0)
		key |= KEY_EXT;
	if (track_modifier(kbd, key, release) || release)
		return 0;
	shift = kbd->held & (HELD_LSHIFT | HELD_RSHIFT);
	ctrl = kbd->held & (HELD_LCTRL | HELD_RCTRL);
	ev->code = key_code(kbd, key, shift, ctrl);
	if (!ev->code)
		return 0;
	ev->mods = (u8)((shift ? KEY_MOD_SHIFT : 0) | (ctrl ? KEY_MOD_CTRL : 0) |
			(kbd->held & (HELD_LALT | HELD_RALT) ? KEY_MOD_ALT : 0));
	return 1;
}
