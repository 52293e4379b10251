/* AT keyboard scan codes -> key events, pure C (runs in the host tests).
 *
 * A PS/2 keyboard sends scan code set 2 after power-on, and every PC BIOS and
 * UEFI firmware we know leaves it there. The i8042 controller translates set
 * 2 into set 1 while its "translate" bit (bit 6 of the configuration byte)
 * is on; QEMU, SeaBIOS and OVMF boot with it on. The i8042 driver keeps the
 * controller as the firmware left it and picks the decoder from that bit:
 * set 1 when translating, set 2 when not (docs/input.md).
 *
 * Set 1: a make code 0x01..0x58, its break code is make | 0x80.
 * Set 2: a make code, its break code is 0xf0 then the make code.
 * In both, 0xe0 prefixes the "grey" keys (arrows, Home/End, PgUp/PgDn,
 * Insert/Delete, right Ctrl/Alt, keypad Enter and /), and 0xe1 starts the
 * Pause key's sequence (swallowed). The keyboard's "fake shift" codes around
 * grey keys (0xe0 0x2a/0xaa, 0xe0 0x36/0xb6 in set 1) are ignored, so
 * Shift+PgUp stays shifted. Replies to commands (0xfa ACK, 0xfe resend, 0xee
 * echo, 0xaa/0xfc self-test) and the overrun codes 0x00/0xff make no event.
 *
 * Layout: US. Shift (both), Ctrl (both), Alt (both) and Caps Lock are
 * tracked here; Num Lock too (off at start: the keypad moves the cursor),
 * the keyboard LEDs are not driven. Function keys, the Windows keys, Menu,
 * Print Screen, Scroll Lock and Pause make no event. */
#ifndef DRIVERS_INPUT_ATKBD_H
#define DRIVERS_INPUT_ATKBD_H

#include <stdbool.h>

#include "kernel/input.h"
#include "lib/types.h"

struct atkbd {
	u8 set;	   /* scan code set: 1 or 2 */
	u8 prefix; /* ATKBD_PFX_*: prefixes seen for the code to come */
	u8 skip;   /* codes of a Pause sequence still to swallow */
	u8 held;   /* modifier and lock keys down (HELD_* in atkbd.c) */
	bool caps; /* Caps Lock on */
	bool numlock;
};

#define ATKBD_PFX_E0 0x01
#define ATKBD_PFX_F0 0x02

/* Starts a decoder for scan code set 1 or 2 (anything else is taken as 1):
 * no key held, Caps Lock and Num Lock off. */
void atkbd_init(struct atkbd *kbd, int set);

/* Feeds one byte from the keyboard. Returns 1 with *ev filled when the byte
 * completes a key press, 0 otherwise (a prefix, a release, a modifier, a
 * key without an event, a reply to a command). */
int atkbd_feed(struct atkbd *kbd, u8 byte, struct key_event *ev);

#endif
