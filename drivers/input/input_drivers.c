/* The input devices of a PC (drivers/input/input_drivers.h). */
#include "drivers/input/input_drivers.h"

#include "drivers/input/i8042.h"
#include "drivers/input/serial_input.h"

void input_drivers_init(void)
{
	i8042_init();
	serial_input_init();
}
