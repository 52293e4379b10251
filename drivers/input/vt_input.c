/* Terminal bytes -> key events (drivers/input/vt_input.h). */
#include "drivers/input/vt_input.h"

#include "lib/string.h"

enum { VT_GROUND, VT_ESC, VT_CSI, VT_SS3 };

/* Parameter values above this are clamped (no key needs more digits). */
#define VT_PARAM_MAX 9999

void vt_input_init(struct vt_input *vt, u64 timeout)
{
	memset(vt, 0, sizeof(*vt));
	vt->timeout = timeout;
}

bool vt_input_pending(const struct vt_input *vt)
{
	return vt->state != VT_GROUND;
}

static int key(struct key_event *ev, u16 code, u8 mods)
{
	ev->code = code;
	ev->mods = mods;
	return 1;
}

/* A byte outside any sequence; `mods` is KEY_MOD_ALT after an ESC. */
static int ground(struct vt_input *vt, u8 b, u64 now, u8 mods, struct key_event *ev)
{
	bool after_cr = vt->after_cr;

	vt->after_cr = false;
	switch (b) {
	case '\r':
		vt->after_cr = true;
		return key(ev, KEY_ENTER, mods);
	case '\n':
		return after_cr ? 0 : key(ev, KEY_ENTER, mods);
	case 0x08:
	case 0x7f:
		return key(ev, KEY_BACKSPACE, mods);
	case '\t':
		return key(ev, KEY_TAB, mods);
	case 0x1b:
		vt->state = VT_ESC;
		vt->len = 1;
		vt->last = now;
		return 0;
	}
	if (b >= 0x01 && b <= 0x1a)
		return key(ev, (u16)('a' + b - 1), mods | KEY_MOD_CTRL);
	if (b >= 0x20 && b <= 0x7e)
		return key(ev, b, mods);
	return 0; /* NUL, 0x1c..0x1f, 0x80..0xff */
}

/* xterm's modifier parameter: 1 + Shift 1 + Alt 2 + Ctrl 4 (+ Meta 8). */
static u8 csi_mods(u16 p)
{
	u8 m = 0;

	if (p < 2)
		return 0;
	p--;
	if (p & 1)
		m |= KEY_MOD_SHIFT;
	if (p & 2)
		m |= KEY_MOD_ALT;
	if (p & 4)
		m |= KEY_MOD_CTRL;
	return m;
}

/* The key of a final byte shared by CSI and SS3 (cursor keys, Home, End). */
static u16 cursor_key(u8 final)
{
	switch (final) {
	case 'A':
		return KEY_UP;
	case 'B':
		return KEY_DOWN;
	case 'C':
		return KEY_RIGHT;
	case 'D':
		return KEY_LEFT;
	case 'H':
		return KEY_HOME;
	case 'F':
		return KEY_END;
	}
	return 0;
}

static int csi_dispatch(struct vt_input *vt, u8 final, struct key_event *ev)
{
	u8 mods = csi_mods(vt->param[1]);
	u16 code = 0;

	/* xterm's modifier parameter goes up to 16 (all four held). */
	if (vt->odd || vt->param[1] > 16)
		return 0;
	if (final == '~') {
		switch (vt->param[0]) {
		case 1:
		case 7:
			code = KEY_HOME;
			break;
		case 2:
			code = KEY_INSERT;
			break;
		case 3:
			code = KEY_DELETE;
			break;
		case 4:
		case 8:
			code = KEY_END;
			break;
		case 5:
			code = KEY_PAGEUP;
			break;
		case 6:
			code = KEY_PAGEDOWN;
			break;
		}
	} else if (final == 'Z') {
		code = KEY_TAB;
		mods |= KEY_MOD_SHIFT;
	} else {
		code = cursor_key(final);
	}
	return code ? key(ev, code, mods) : 0;
}

int vt_input_feed(struct vt_input *vt, u8 b, u64 now, struct key_event *ev)
{
	u8 state = vt->state;

	if (state == VT_GROUND)
		return ground(vt, b, now, 0, ev);
	vt->last = now;
	/* A control byte (or DEL, or a high byte) ends any sequence and counts
	 * as itself; ESC ESC is Esc and a new sequence. */
	if (b < 0x20 || b >= 0x7f) {
		vt->state = VT_GROUND;
		if (state == VT_ESC && b == 0x1b) {
			vt->state = VT_ESC;
			vt->len = 1;
			return key(ev, KEY_ESC, 0);
		}
		return ground(vt, b, now, state == VT_ESC ? KEY_MOD_ALT : 0, ev);
	}
	/* Too long for any key: dropped whole (up to its final byte). */
	if (vt->len < VT_SEQ_MAX)
		vt->len++;
	else
		vt->odd = true;
	switch (state) {
	case VT_ESC:
		if (b == '[' || b == 'O') {
			vt->state = b == '[' ? VT_CSI : VT_SS3;
			vt->nparam = 0;
			vt->odd = false;
			vt->param[0] = vt->param[1] = 0;
			return 0;
		}
		vt->state = VT_GROUND;
		return ground(vt, b, now, KEY_MOD_ALT, ev);
	case VT_SS3:
		vt->state = VT_GROUND;
		return cursor_key(b) ? key(ev, cursor_key(b), 0) : 0;
	default: /* VT_CSI */
		if (b >= '0' && b <= '9') {
			if (vt->nparam < 2) {
				unsigned int v = vt->param[vt->nparam] * 10u + (b - '0');

				vt->param[vt->nparam] = (u16)(v > VT_PARAM_MAX ? VT_PARAM_MAX : v);
			}
		} else if (b == ';') {
			if (vt->nparam < 0xff)
				vt->nparam++;
		} else if (b < 0x40) {
			vt->odd = true; /* private markers, intermediates */
		} else {
			vt->state = VT_GROUND;
			return csi_dispatch(vt, b, ev);
		}
		return 0;
	}
}

int vt_input_idle(struct vt_input *vt, u64 now, struct key_event *ev)
{
	u8 state = vt->state;

	if (state == VT_GROUND || now - vt->last < vt->timeout)
		return 0;
	vt->state = VT_GROUND;
	return state == VT_ESC ? key(ev, KEY_ESC, 0) : 0;
}
