/* What a terminal sends on a serial line -> key events, pure C (runs in the
 * host tests). The terminal is whatever the person at the other end of COM1
 * uses (xterm, screen, minicom, PuTTY, QEMU's -serial stdio); it sends
 * characters, control codes and VT100/xterm escape sequences:
 *
 *   printable ASCII 0x20..0x7e      the character
 *   CR, LF, CR LF                   Enter (the LF of CR LF is dropped)
 *   DEL 0x7f, BS 0x08               Backspace
 *   HT 0x09                         Tab;  ESC [ Z  Shift+Tab
 *   0x01..0x1a otherwise            Ctrl+letter (0x03 Ctrl-C, 0x04 Ctrl-D)
 *   ESC [ A / B / C / D             Up / Down / Right / Left (also ESC O A..D)
 *   ESC [ H, ESC [ 1~, ESC [ 7~     Home (also ESC O H)
 *   ESC [ F, ESC [ 4~, ESC [ 8~     End (also ESC O F)
 *   ESC [ 2~ / 3~ / 5~ / 6~         Insert / Delete / PgUp / PgDn
 *   ESC [ 5;2~, ESC [ 1;5C, ...     the same keys with modifiers (xterm: the
 *                                   second parameter is 1 + Shift 1, Alt 2,
 *                                   Ctrl 4), e.g. Shift+PgUp, Ctrl+Right
 *   ESC x                           Alt+x
 *   ESC alone                       Esc, once no byte followed it for the
 *                                   timeout
 *
 * Other complete sequences (function keys, mouse reports, replies) and
 * bytes 0x80..0xff (no UTF-8) make no event. A sequence never blocks: the
 * decoder keeps at most two parameters and a count, a sequence longer than
 * VT_SEQ_MAX bytes is dropped whole (up to its final byte), and
 * vt_input_idle() ends a pending one once no byte came for the timeout (a
 * lone ESC becomes Esc, the rest is dropped). A control byte inside a
 * sequence ends it and counts as itself, so a CR typed after a stray ESC [
 * still means Enter. */
#ifndef DRIVERS_INPUT_VT_INPUT_H
#define DRIVERS_INPUT_VT_INPUT_H

#include <stdbool.h>

#include "kernel/input.h"
#include "lib/types.h"

#define VT_SEQ_MAX 16

struct vt_input {
	u8 state;      /* ground, after ESC, in ESC [ (CSI), in ESC O (SS3) */
	u8 len;	       /* bytes of the pending sequence, ESC included */
	u8 nparam;     /* parameters of a CSI sequence seen so far - 1 */
	bool odd;      /* drop this CSI sequence (private marker, too long) */
	bool after_cr; /* the last byte was CR: a LF now is the same Enter */
	u16 param[2];  /* the first two CSI parameters (0: absent) */
	u64 last;      /* when the pending sequence's last byte came */
	u64 timeout;   /* how long a pending sequence may wait for its next byte */
};

/* Starts a decoder; times are in any unit the caller likes (ticks),
 * `timeout` in the same unit. */
void vt_input_init(struct vt_input *vt, u64 timeout);

/* Feeds one byte received at time `now`. Returns 1 with *ev filled when
 * the byte completes a key, 0 otherwise. */
int vt_input_feed(struct vt_input *vt, u8 byte, u64 now, struct key_event *ev);

/* Called when no byte is waiting: once a pending sequence has waited
 * `timeout` since its last byte it ends. Returns 1 with KEY_ESC in *ev when
 * it was a lone ESC, 0 otherwise. */
int vt_input_idle(struct vt_input *vt, u64 now, struct key_event *ev);

/* Is an escape sequence waiting for more bytes? */
bool vt_input_pending(const struct vt_input *vt);

#endif
