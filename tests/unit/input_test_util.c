/* Key events as text for the input tests (tests/unit/input_test_util.h). */
#include "tests/unit/input_test_util.h"

#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/string.h"

static const char *const key_names[] = {
    [KEY_ENTER - KEY_ENTER] = "ENTER", [KEY_BACKSPACE - KEY_ENTER] = "BS",
    [KEY_TAB - KEY_ENTER] = "TAB",     [KEY_ESC - KEY_ENTER] = "ESC",
    [KEY_UP - KEY_ENTER] = "UP",       [KEY_DOWN - KEY_ENTER] = "DOWN",
    [KEY_LEFT - KEY_ENTER] = "LEFT",   [KEY_RIGHT - KEY_ENTER] = "RIGHT",
    [KEY_HOME - KEY_ENTER] = "HOME",   [KEY_END - KEY_ENTER] = "END",
    [KEY_PAGEUP - KEY_ENTER] = "PGUP", [KEY_PAGEDOWN - KEY_ENTER] = "PGDN",
    [KEY_INSERT - KEY_ENTER] = "INS",  [KEY_DELETE - KEY_ENTER] = "DEL",
};

void key_event_append(char *out, size_t size, const struct key_event *ev)
{
	size_t used = strlen(out);
	unsigned int k = ev->code - KEY_ENTER;

	if (key_is_text(ev)) {
		snprintf(out + used, size - used, "%c", ev->code);
		return;
	}
	snprintf(out + used, size - used, "<%s%s%s", ev->mods & KEY_MOD_CTRL ? "C-" : "",
		 ev->mods & KEY_MOD_ALT ? "M-" : "", ev->mods & KEY_MOD_SHIFT ? "S-" : "");
	used = strlen(out);
	if (ev->code >= 0x20 && ev->code <= 0x7e)
		snprintf(out + used, size - used, "%c>", ev->code);
	else if (ev->code >= KEY_ENTER && k < ARRAY_SIZE(key_names))
		snprintf(out + used, size - used, "%s>", key_names[k]);
	else
		snprintf(out + used, size - used, "%#x>", ev->code);
}
